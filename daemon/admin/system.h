/* SPDX-License-Identifier: GPL-2.0 */
/* /system: the daemon's own state (version, uptime, kernel module). */
#ifndef SLUICED_SYSTEM_H
#define SLUICED_SYSTEM_H

#include "strbuf.h"

void system_init(void);
void system_resource_print(struct strbuf *out, int json);

#endif /* SLUICED_SYSTEM_H */
