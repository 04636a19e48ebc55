// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: a PPP link (LCP, authentication, CCP, IPCP on the real automaton) fed any
 * sequence of control frames, as a hostile peer would send them through the kernel's
 * control-frame channel: on the server side, or, when the first byte is odd, in the dial-out
 * role (a hostile server: its challenges, Success with or without a good authenticator
 * response, Naks of our address). The kernel and route netlink are stand-ins; the input is
 * [role byte] then [length byte][frame] repeated. Ends every link with a teardown, so leaks
 * and double frees show too.
 */
/* unit-test-sources: daemon/ppp/link.c daemon/ppp/teardown.c daemon/ppp/policy.c daemon/ppp/bringup.c daemon/ppp/server.c daemon/ppp/client.c daemon/ppp/auth_peer.c daemon/ppp/lcp.c daemon/ppp/ccp.c daemon/ppp/ipcp.c daemon/ppp/auth.c daemon/ppp/fsm.c daemon/aaa/local.c daemon/aaa/mschap.c daemon/admin/config.c daemon/core/timer.c daemon/aaa/ipam.c */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config.h"
#include "aaa/ipam.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/rtnl.h"
#include "ppp/client.h"
#include "ppp/link.h"

/* --- stand-ins for what the link asks of the kernel and of logging */

static kernel_frame_cb frame_cb;
static void *frame_owner;

int kernel_ctrl_bind(uint32_t ifindex, kernel_frame_cb cb, void *owner)
{
	(void)ifindex;
	frame_cb = cb;
	frame_owner = owner;
	return 0;
}

void kernel_ctrl_unbind(uint32_t ifindex)
{
	(void)ifindex;
	frame_cb = NULL;
}

int kernel_ctrl_send(uint32_t ifindex, const uint8_t *frame, size_t len)
{
	(void)ifindex;
	(void)frame;
	return len ? 0 : -1;
}

int kernel_session_get(uint32_t ifindex, struct sluice_session_info *out)
{
	memset(out, 0, sizeof(*out));
	out->p.ifindex = ifindex;
	return 0;
}

int kernel_session_set(const struct sluice_session_params *p)
{
	return p->mtu ? 0 : -1;
}

int rtnl_link_set(int ifindex, bool up, uint32_t mtu, const char *new_name)
{
	(void)ifindex; (void)up; (void)mtu; (void)new_name;
	return 0;
}

int rtnl_addr_p2p(int ifindex, uint32_t local, uint32_t peer)
{
	(void)ifindex; (void)local; (void)peer;
	return 0;
}

int rtnl_route(int ifindex, uint32_t dst, unsigned int prefix, uint32_t gw, uint32_t metric,
	       bool add)
{
	(void)ifindex; (void)dst; (void)prefix; (void)gw; (void)metric; (void)add;
	return 0;
}

int rtnl_route_get(uint32_t dst, uint32_t *gw, int *ifindex)
{
	*gw = dst ^ 1;		/* through a gateway: the host route is pinned */
	*ifindex = 2;
	return 0;
}

/* FUZZ_LOG=1 shows the link's log: what a seed reaches */
void log_msg(uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	(void)topics;
	(void)prio;
	if (!getenv("FUZZ_LOG"))
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

uint32_t log_topic_bit(const char *name)
{
	return *name ? 1 : 0;
}

void log_set_rules(const struct log_rule *rules, size_t n)
{
	(void)rules;
	(void)n;
}

void log_escape(char *out, size_t cap, const char *s)
{
	if (cap)
		snprintf(out, cap, "%s", s);
}

/* the same "random" bytes every run: magic numbers and challenges a seed can answer */
ssize_t getrandom(void *buf, size_t n, unsigned int flags)
{
	(void)flags;
	memset(buf, 1, n);
	return (ssize_t)n;
}

/* --- the harness */

static int finished;

static void link_finished(struct ppp_link *l, const char *cause)
{
	(void)l;
	(void)cause;
	finished++;
}

static const struct ppp_link_ops ops = { .finished = link_finished };

static void configure(void)
{
	static const char *const lines[][3][2] = {
		{ { "name", "p" }, { "ranges", "10.200.0.10-10.200.0.12" }, { NULL, NULL } },
	};
	const char *pk[] = { "name", "local-address", "remote-address", "use-encryption" };
	const char *pv[] = { "enc", "10.200.0.1", "p", "yes" };
	const char *sk[] = { "name", "password", "profile" };
	const char *sv[] = { "User", "clientPass", "enc" };
	const char *vk[] = { "authentication" };
	const char *vv[] = { "pap,chap,mschap1,mschap2" };
	const char *ok[] = { lines[0][0][0], lines[0][1][0] };
	const char *ov[] = { lines[0][0][1], lines[0][1][1] };
	struct strbuf err;

	sb_init(&err);
	config_init();
	cfg_add(config_menu(CFG_POOL), ok, ov, 2, &err);
	cfg_add(config_menu(CFG_PROFILE), pk, pv, 4, &err);
	cfg_add(config_menu(CFG_SECRET), sk, sv, 3, &err);
	cfg_set(config_menu(CFG_PPTP_SERVER), cfg_find(config_menu(CFG_PPTP_SERVER), NULL), vk,
		vv, 1, &err);
	sb_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int configured;
	static const struct ppp_client_conf conf = {
		.ifname = "pptp-out1", .user = "User", .password = "clientPass",
		.allow = "pap,chap,mschap1,mschap2", .profile = "enc", .keepalive_s = 10,
		.max_mtu = 1450, .max_mru = 1450, .add_default_route = true,
		.default_route_distance = 1,
	};
	struct ppp_link_params p = { .service = "pptp", .ifindex = 7, .caller = 0x0100000a };
	struct ppp_link *l;
	size_t off = 1;

	if (!configured) {
		configure();
		configured = 1;
	}
	if (!size)
		return 0;
	if (data[0] & 1)
		p.client = &conf;
	finished = 0;
	l = ppp_link_new(&p, &ops, NULL);
	if (!l)
		return 0;
	while (off < size && frame_cb && !finished) {
		size_t n = data[off++];
		uint8_t *frame;

		if (n > size - off)
			n = size - off;
		frame = malloc(n ? n : 1);	/* exact size: ASan sees any over-read */
		memcpy(frame, data + off, n);
		frame_cb(frame_owner, frame, n);
		free(frame);
		off += n;
	}
	ppp_link_lower_down(l, "fuzz");
	ppp_link_free(l);
	ipam_done();
	return 0;
}
