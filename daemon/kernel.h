/* SPDX-License-Identifier: GPL-2.0 */
/* The daemon's link to the sluice kernel module (generic netlink). */
#ifndef SLUICED_KERNEL_H
#define SLUICED_KERNEL_H

#include "sluice_nl.h"

/* Connects if the module is there; the daemon runs (and reports) without it. */
void kernel_init(void);
void kernel_done(void);
/*
 * Asks the module for its version and counters; 0 or a negative errno (-ENOENT: not
 * loaded). Reconnects first if the module was reloaded since (a new family id).
 */
int kernel_module_info(struct sluice_module_info *info);

#endif /* SLUICED_KERNEL_H */
