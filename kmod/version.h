/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SLUICE_VERSION_H
#define _SLUICE_VERSION_H

/* Kept equal to PACKAGE_VERSION in dkms.conf; `make check-version` verifies it. */
#define SLUICE_VERSION "0.2.0"

#endif /* _SLUICE_VERSION_H */
