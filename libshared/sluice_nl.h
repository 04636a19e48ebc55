/* SPDX-License-Identifier: GPL-2.0 */
/* Typed calls on the sluice generic netlink family (kmod/uapi/sluice.h). */
#ifndef SLUICE_SLUICE_NL_H
#define SLUICE_SLUICE_NL_H

#include <stdint.h>
#include "genl.h"

struct sluice_module_info {
	char version[32];
	uint32_t api;
	uint32_t sessions;
};

/* Opens g and resolves the sluice family; 0 or a negative errno (-ENOENT: not loaded). */
int sluice_nl_open(struct genl_sock *g);
int sluice_nl_get_module(struct genl_sock *g, struct sluice_module_info *info);

#endif /* SLUICE_SLUICE_NL_H */
