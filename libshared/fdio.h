/* SPDX-License-Identifier: GPL-2.0 */
/* Whole writes to a file descriptor. */
#ifndef SLUICE_FDIO_H
#define SLUICE_FDIO_H

#include <stddef.h>

/* All len bytes, whatever write() takes at a time and through EINTR; 0, or -1 (errno). */
int fd_write_all(int fd, const void *p, size_t len);

#endif /* SLUICE_FDIO_H */
