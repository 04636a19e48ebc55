/* SPDX-License-Identifier: GPL-2.0 */
/* A generic netlink socket on libmnl: open, resolve a family, request and walk replies. */
#ifndef SLUICE_GENL_H
#define SLUICE_GENL_H

#include <stdint.h>
#include <libmnl/libmnl.h>

/* Large enough for any message the kernel sends in one datagram (dumps use up to 32 KiB). */
#define GENL_BUF_SIZE 32768

struct genl_sock {
	struct mnl_socket *nl;
	unsigned int portid;
	uint32_t seq;
	uint16_t family;	/* resolved id, 0 until genl_resolve succeeds */
	uint32_t version;	/* the family's version as the kernel registered it */
	struct {
		char name[16];
		uint32_t id;
	} groups[4];		/* the family's multicast groups */
	char buf[GENL_BUF_SIZE];
};

/* Each returns 0 or a negative errno. */
int genl_open(struct genl_sock *g);
void genl_close(struct genl_sock *g);
/* -ENOENT: no such family (module not loaded, and autoloading did not bring it). */
int genl_resolve(struct genl_sock *g, const char *name);
/* The id of the family's multicast group name, or 0. */
uint32_t genl_group(const struct genl_sock *g, const char *name);
/* Subscribes to the family's multicast group name; 0 or a negative errno. */
int genl_join(struct genl_sock *g, const char *name);
/* Starts a request for cmd in g->buf; add attributes with mnl_attr_put_*. */
struct nlmsghdr *genl_request(struct genl_sock *g, uint16_t family, uint8_t cmd,
			      uint8_t version, uint16_t flags);
/* Sends nlh and runs cb over every reply until the kernel's acknowledgement. */
int genl_talk(struct genl_sock *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

#endif /* SLUICE_GENL_H */
