/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sluice: the generic netlink family between sluiced (control plane) and the sluice kernel
 * module (data plane). This header is the only contract between the two.
 *
 * Rules of evolution: commands, attributes and enum values are only ever appended; an
 * attribute once given a meaning keeps it. Every operation needs CAP_NET_ADMIN in the network
 * namespace it acts on (GENL_UNS_ADMIN_PERM) and sees only that namespace's objects.
 * Flag words carry a mask of known bits; a request with an unknown bit set is refused
 * (-EOPNOTSUPP) so that old modules never half-apply a newer daemon's request.
 *
 * SLUICE_CMD_GET_MODULE
 *   Request: no attributes. Reply (doit):
 *
 *     SLUICE_A_MODULE: NLA_NESTED
 *       SLUICE_MODULE_A_VERSION: NLA_NUL_STRING, the module's release, e.g. "0.1.0"
 *       SLUICE_MODULE_A_API: NLA_U32, SLUICE_GENL_VERSION of the module's uapi
 *       SLUICE_MODULE_A_SESSIONS: NLA_U32, sessions in the caller's network namespace
 *
 * The session commands (create, change, delete, get, dump, statistics, PPP control frames)
 * are appended by the data-plane work; docs/design.md describes the plan.
 */
#ifndef _UAPI_LINUX_SLUICE_H
#define _UAPI_LINUX_SLUICE_H

#define SLUICE_GENL_NAME "sluice"
#define SLUICE_GENL_VERSION 1

enum sluice_cmd {
	SLUICE_CMD_UNSPEC,
	SLUICE_CMD_GET_MODULE,
	__SLUICE_CMD_MAX
};
#define SLUICE_CMD_MAX (__SLUICE_CMD_MAX - 1)

enum sluice_attr {
	SLUICE_A_UNSPEC,
	SLUICE_A_MODULE,
	__SLUICE_A_MAX
};
#define SLUICE_A_MAX (__SLUICE_A_MAX - 1)

enum sluice_module_attr {
	SLUICE_MODULE_A_UNSPEC,
	SLUICE_MODULE_A_VERSION,
	SLUICE_MODULE_A_API,
	SLUICE_MODULE_A_SESSIONS,
	__SLUICE_MODULE_A_MAX
};
#define SLUICE_MODULE_A_MAX (__SLUICE_MODULE_A_MAX - 1)

#endif /* _UAPI_LINUX_SLUICE_H */
