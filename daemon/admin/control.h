/* SPDX-License-Identifier: GPL-2.0 */
/* The control socket server (protocol in libshared/ctl.h). */
#ifndef SLUICED_CONTROL_H
#define SLUICED_CONTROL_H

/* Listens on path; 0 or a negative errno (-EADDRINUSE: another sluiced answers there). */
int ctl_listen(const char *path);
void ctl_close(void);

#endif /* SLUICED_CONTROL_H */
