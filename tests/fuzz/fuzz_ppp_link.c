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
/* unit-test-sources: daemon/ppp/link.c daemon/ppp/teardown.c daemon/ppp/policy.c daemon/ppp/bringup.c daemon/ppp/server.c daemon/core/keyed_hash.c daemon/aaa/backoff.c daemon/ppp/client.c daemon/ppp/auth_peer.c daemon/ppp/lcp.c daemon/ppp/ccp.c daemon/ppp/ipcp.c daemon/ppp/ipv6cp.c daemon/ppp/ra.c daemon/ppp/dhcpv6_server.c daemon/ppp/dhcpv6.c daemon/core/loop.c daemon/aaa/ipam6.c daemon/core/u32map.c daemon/ppp/auth.c daemon/ppp/fsm.c daemon/aaa/local.c daemon/aaa/mschap.c @config daemon/core/timer.c daemon/aaa/ipam.c tests/unit/lib/kernel_stub.c */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config.h"
#include "aaa/pool_menu.h"
#include "aaa/secret_menu.h"
#include "ppp/profile_menu.h"
#include "pptp/server_menu.h"
#include "aaa/ipam.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/rtnl.h"
#include "ppp/client.h"
#include "ppp/link.h"
#include "kernel_stub.h"

/* --- stand-ins: the kernel and route netlink in tests/unit/lib/kernel_stub.c, logging here */

/* FUZZ_LOG=1 shows the link's log: what a seed reaches */
static void vlog(const char *fmt, va_list ap)
{
	if (!getenv("FUZZ_LOG"))
		return;
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void log_msg(uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	(void)topics;
	(void)prio;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void log_msg_session(const struct log_session *s, bool per_peer, uint32_t topics, int prio,
		     const char *fmt, ...)
{
	va_list ap;

	(void)s;
	(void)per_peer;
	(void)topics;
	(void)prio;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void log_msg_from(uint32_t peer, uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	(void)peer;
	(void)topics;
	(void)prio;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
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
	cfg_add((&ip_pool_menu), ok, ov, 2, &err);
	cfg_add((&ppp_profile_menu), pk, pv, 4, &err);
	cfg_add((&ppp_secret_menu), sk, sv, 3, &err);
	cfg_set((&pptp_server_menu), cfg_find((&pptp_server_menu), NULL), vk,
		vv, 1, &err);
	sb_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int configured;
	static const struct ppp_client_conf conf = {
		.ifname = "pptp-out1", .user = "User", .password = "clientPass",
		.allow = CFG_AUTH_PAP | CFG_AUTH_CHAP | CFG_AUTH_MSCHAP1 | CFG_AUTH_MSCHAP2, .profile = "enc", .keepalive_s = 10,
		.max_mtu = 1450, .max_mru = 1450, .add_default_route = true,
		.default_route_distance = 1,
	};
	struct ppp_link_params p = { .service = "pptp", .ifindex = 7, .caller = 0x0100000a };
	struct ppp_link *l;
	size_t off = 1;

	if (!configured) {
		stub.via_gateway = true;	/* the host route toward the server is pinned */
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
	while (off < size && stub.frame_cb && !finished) {
		size_t n = data[off++];
		uint8_t *frame;

		if (n > size - off)
			n = size - off;
		frame = malloc(n ? n : 1);	/* exact size: ASan sees any over-read */
		memcpy(frame, data + off, n);
		stub.frame_cb(stub.frame_owner, frame, n);
		free(frame);
		off += n;
	}
	ppp_link_lower_down(l, "fuzz");
	ppp_link_free(l);
	ipam_done();
	return 0;
}
