// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TP dial-out client (l2tp/client.c, the LAC) against a fake LNS that answers from a
 * port other than 1701, as RFC 2661 section 8.1 allows: the SCCRQ goes to 127.0.0.1:1701,
 * the SCCRP comes from 127.0.0.1:1702, and from then on everything must go to 1702 and the
 * kernel session must be pushed with it; a datagram from 1701 or from another address must
 * not reach the tunnel (dropped by the kernel once the socket is connected to 1702, or by
 * the client, counted and logged, when it was queued before the switch).
 *
 * As the fuzz_l2tp_client harness does: the test runs in a network namespace of its own with
 * lo up (tests/unit/lib/fuzz_netns.c), the client's real socket and the event loop run, the
 * timers run on a fake clock, and the kernel session and the PPP link are made against the
 * kernel stand-in (kernel_stub.c), which records the session's parameters.
 */
/* unit-test-sources: daemon/l2tp/client.c tests/unit/lib/ipsec_stub.c daemon/l2tp/tunnel.c daemon/l2tp/reliable.c daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c daemon/ppp/dialout.c daemon/core/loop.c daemon/ppp/link.c daemon/ppp/teardown.c daemon/ppp/policy.c daemon/ppp/bringup.c daemon/ppp/server.c daemon/core/keyed_hash.c daemon/aaa/backoff.c daemon/ppp/client.c daemon/ppp/auth_peer.c daemon/ppp/lcp.c daemon/ppp/ccp.c daemon/ppp/ipcp.c daemon/ppp/ipv6cp.c daemon/ppp/ra.c daemon/ppp/dhcpv6_server.c daemon/ppp/dhcpv6.c daemon/aaa/ipam6.c daemon/core/u32map.c daemon/ppp/auth.c daemon/ppp/fsm.c daemon/aaa/local.c daemon/aaa/mschap.c @config daemon/core/timer.c daemon/aaa/ipam.c tests/unit/lib/kernel_stub.c tests/unit/lib/fake_clock.c tests/unit/lib/fuzz_netns.c tests/unit/lib/fuzz_dialout.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include "admin/config.h"
#include "aaa/ipam.h"
#include "core/log.h"
#include "core/loop.h"
#include "ipsec/identity_menu.h"
#include "ipsec/peer_menu.h"
#include "ipsec/policy_menu.h"
#include "l2tp/client.h"
#include "l2tp/client_menu.h"
#include "l2tp/msg.h"
#include "ppp/link.h"
#include "strbuf.h"
#include "fake_clock.h"
#include "fuzz_dialout.h"
#include "fuzz_netns.h"
#include "kernel_stub.h"

#define SERVER_TID 0x5151		/* the tunnel and session ids the LNS assigns */
#define SERVER_SID 0x6161
#define OTHER_PORT (L2TP_PORT + 1)

/* --- the log: every line kept, so a test can look for one */

static char log_lines[8192];

static void keep_line(const char *fmt, va_list ap)
{
	size_t used = strlen(log_lines);
	char line[512];

	vsnprintf(line, sizeof(line), fmt, ap);
	if (getenv("TEST_VERBOSE"))
		fprintf(stderr, "log: %s\n", line);
	if (used + strlen(line) + 2 < sizeof(log_lines))
		snprintf(log_lines + used, sizeof(log_lines) - used, "%s\n", line);
}

void log_msg(uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	(void)topics;
	(void)prio;
	va_start(ap, fmt);
	keep_line(fmt, ap);
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
	keep_line(fmt, ap);
	va_end(ap);
}

void log_msg_from(uint32_t peer, uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	(void)peer;
	(void)topics;
	(void)prio;
	va_start(ap, fmt);
	keep_line(fmt, ap);
	va_end(ap);
}

void log_escape(char *out, size_t cap, const char *s)
{
	snprintf(out, cap, "%s", s);
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

/* --- the fake LNS: three sockets, the messages the client sent counted by where they went */

enum lns_sock { AT_1701, AT_OTHER_PORT, AT_OTHER_ADDR, NSOCKS };

struct lns {
	int sock[NSOCKS];		/* 127.0.0.1:1701, 127.0.0.1:1702, 127.0.0.2:1701 */
	struct sockaddr_in client;	/* where the client's datagrams come from */
	uint16_t tid, sid;		/* the client's Assigned Tunnel and Session IDs */
	uint16_t ns, nr;		/* ours next, and the client's next expected */
	unsigned int got[NSOCKS][L2TP_MSG_TYPE_MAX + 1];	/* [socket][type]; ZLBs: type 0 */
};

static struct lns lns;

static void learn(enum lns_sock at, const struct l2tp_msg *m)
{
	if (m->zlb) {
		lns.got[at][0]++;
		return;
	}
	if (m->type <= L2TP_MSG_TYPE_MAX)
		lns.got[at][m->type]++;
	if (m->hdr.ns == lns.nr)
		lns.nr++;
	if (m->type == L2TP_SCCRQ)
		assert_int_equal(l2tp_get_assigned_tunnel_id(m, &lns.tid), 0);
	if (m->type == L2TP_ICRQ)
		assert_int_equal(l2tp_get_assigned_session_id(m, &lns.sid), 0);
}

static void read_client(void)
{
	uint8_t buf[2048];
	struct sockaddr_in from;
	socklen_t len = sizeof(from);
	struct l2tp_msg m;
	ssize_t n;
	int i;

	for (i = 0; i < NSOCKS; i++) {
		while ((n = recvfrom(lns.sock[i], buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &len)) >= 0) {
			lns.client = from;
			assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
			learn((enum lns_sock)i, &m);
			len = sizeof(from);
		}
	}
}

static void pump(void)
{
	int i;

	for (i = 0; i < 6; i++) {
		loop_run_once();
		read_client();
	}
}

static unsigned int sent_to(enum lns_sock at)
{
	unsigned int i, n = 0;

	for (i = 0; i <= L2TP_MSG_TYPE_MAX; i++)
		n += lns.got[at][i];
	return n;
}

static void put_avps(struct l2tp_build *b, unsigned int type)
{
	struct l2tp_result r = { .result = 1 };

	switch (type) {
	case L2TP_SCCRP:
		l2tp_put_protocol_version(b, L2TP_AVP_M);
		l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_CAPS, 3);
		l2tp_put_string(b, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "lns-elsewhere");
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, SERVER_TID);
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_RECEIVE_WINDOW_SIZE, 4);
		break;
	case L2TP_ICRP:
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, SERVER_SID);
		break;
	case L2TP_STOPCCN:
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, SERVER_TID);
		l2tp_put_result(b, L2TP_AVP_M, &r);
		break;
	}
}

/* One message of type from socket at, with the next Ns; counted only if the client
 * may take it (a stray one must not move the sequence the real server keeps). */
static void send_msg(enum lns_sock at, unsigned int type, bool stray)
{
	uint8_t buf[512];
	struct l2tp_build b;
	int n;

	l2tp_build_start(&b, buf, sizeof(buf), lns.tid, type == L2TP_ICRP ? lns.sid : 0, lns.ns,
			 lns.nr, type);
	put_avps(&b, type);
	n = l2tp_build_finish(&b);
	assert_true(n > 0);
	assert_int_equal(sendto(lns.sock[at], buf, (size_t)n, 0,
				(struct sockaddr *)&lns.client, sizeof(lns.client)), n);
	if (!stray)
		lns.ns++;
}

static int open_socket(const char *addr, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(inet_pton(AF_INET, addr, &sa.sin_addr), 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* --- the client's item */

static struct fuzz_dialout item = {
	.menu = &l2tp_client_menu, .name = "l2tp-out1", .apply = l2tp_client_apply,
	.keys = { "name", "connect-to", "user", "password", "disabled" },
	.vals = { "l2tp-out1", "127.0.0.1", "user", "secret", "no" },
	.n = 5,
};

/* What /interface l2tp-client monitor shows of the item now. */
static void monitor(char *out, size_t cap)
{
	struct cfg_item *it = cfg_find(item.menu, item.name);
	struct strbuf sb;

	assert_non_null(it);
	sb_init(&sb);
	item.menu->monitor(item.menu, it, &sb, 0);
	snprintf(out, cap, "%.*s", (int)sb.len, sb.p ? sb.p : "");
	sb_free(&sb);
}

static int group_setup(void **state)
{
	(void)state;
	fuzz_netns_enter();
	assert_int_equal(loop_init(), 0);
	assert_int_equal(config_init(), 0);
	lns.sock[AT_1701] = open_socket("127.0.0.1", L2TP_PORT);
	lns.sock[AT_OTHER_PORT] = open_socket("127.0.0.1", OTHER_PORT);
	lns.sock[AT_OTHER_ADDR] = open_socket("127.0.0.2", L2TP_PORT);
	return 0;
}

/* The item added: its SCCRQ reaches port 1701. */
static int setup(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < NSOCKS; i++)
		memset(lns.got[i], 0, sizeof(lns.got[i]));
	lns.tid = lns.sid = lns.ns = lns.nr = 0;
	log_lines[0] = '\0';
	stub.sessions = 0;
	memset(&stub.created, 0, sizeof(stub.created));
	fuzz_dialout_add(&item);
	pump();
	assert_int_equal(lns.got[AT_1701][L2TP_SCCRQ], 1);
	assert_int_not_equal(lns.tid, 0);
	return 0;
}

/* Removed, and the LNS silent: within two minutes nothing is left, no timer either. */
static int teardown(void **state)
{
	(void)state;
	fuzz_dialout_remove(&item);
	fake_advance_each(120000, pump);
	assert_int_equal(stub.sessions, 0);
	assert_int_equal(ppp_active_count(), 0);
	l2tp_client_stop();
	ipam_done();
	assert_int_equal(loop_run_timers(), -1);
	return 0;
}

/* SCCRP and ICRP from port at: the call is made, its kernel session pushed. */
static void bring_up(enum lns_sock at)
{
	send_msg(at, L2TP_SCCRP, false);
	pump();
	assert_int_equal(lns.got[at][L2TP_SCCCN], 1);
	assert_int_equal(lns.got[at][L2TP_ICRQ], 1);
	send_msg(at, L2TP_ICRP, false);
	pump();
	assert_int_equal(lns.got[at][L2TP_ICCN], 1);
	assert_int_equal(stub.sessions, 1);
}

/* The LNS answers from 1702: the tunnel comes up there, data included. */
static void test_follows_the_sccrp_port(void **state)
{
	unsigned int zlbs;
	char mon[1024];

	(void)state;
	bring_up(AT_OTHER_PORT);
	/* after the SCCRQ nothing more went to 1701, nor anywhere but 1702 */
	assert_int_equal(sent_to(AT_1701), 1);
	assert_int_equal(sent_to(AT_OTHER_ADDR), 0);
	assert_int_equal(stub.created.peer_port, OTHER_PORT);
	assert_int_equal(stub.created.peer_addr, htonl(INADDR_LOOPBACK));
	assert_true(stub.created.l2tp_fd >= 0);
	assert_non_null(strstr(log_lines, "the server answers from port 1702"));
	/* a HELLO from 1702 is acknowledged there (a ZLB, after the acknowledgement delay) */
	zlbs = lns.got[AT_OTHER_PORT][0];
	send_msg(AT_OTHER_PORT, L2TP_HELLO, false);
	pump();
	fake_advance_each(1000, pump);
	assert_int_equal(lns.got[AT_OTHER_PORT][0], zlbs + 1);
	monitor(mon, sizeof(mon));
	assert_non_null(strstr(mon, "to 127.0.0.1:1702"));
	assert_non_null(strstr(mon, "0 from elsewhere"));
	assert_int_equal(sent_to(AT_1701), 1);
}

extern unsigned long ipsec_stub_applies;

/* The dynamic policy's source port: the client's socket's. */
static void policy_port_is_ours(void)
{
	const struct ipsec_policy_cfg *pol = ipsec_policy_at(ipsec_policy_menu.n - 1);

	assert_non_null(pol);
	assert_string_equal(pol->peer, "l2tp-out1");
	assert_int_equal(pol->protocol, 17);
	assert_int_equal(pol->dst_port, 0);	/* any: the server may answer from another */
	assert_int_not_equal(pol->src_port, 0);
	assert_int_equal(pol->src_address.len, 32);
}

/*
 * use-ipsec=yes: RouterOS's dynamic peer (the client's name, main mode, the server's
 * address), identity (the secret) and transport policy (UDP from the socket's port to the
 * server) are made at the dial and handed to IPsec; use-ipsec=no takes them away again.
 */
static void test_use_ipsec_items(void **state)
{
	const struct ipsec_peer_cfg *peer;
	unsigned long applies = ipsec_stub_applies;
	size_t policies = ipsec_policy_menu.n;

	(void)state;
	fuzz_dialout_set(&item, "ipsec-secret", "mySecret");
	fuzz_dialout_set(&item, "use-ipsec", "yes");
	fake_advance_each(5000, pump);	/* the redial with the new settings */
	peer = ipsec_peer_find("l2tp-out1");
	assert_non_null(peer);
	assert_int_equal(peer->exchange_mode, CFG_XM_MAIN);
	assert_false(peer->passive);
	assert_non_null(cfg_find(&ipsec_peer_menu, "l2tp-out1")->dynamic);
	assert_int_equal(ipsec_identity_menu.n, 1);
	assert_string_equal(ipsec_identity_at(0)->secret, "mySecret");
	assert_int_equal(ipsec_policy_menu.n, policies + 1);
	policy_port_is_ours();
	assert_true(ipsec_stub_applies > applies);
	fuzz_dialout_set(&item, "use-ipsec", "no");
	fake_advance_each(5000, pump);
	assert_null(ipsec_peer_find("l2tp-out1"));
	assert_int_equal(ipsec_identity_menu.n, 0);
	assert_int_equal(ipsec_policy_menu.n, policies);
}

/*
 * A StopCCN from 1701 queued behind the SCCRP from 1702 (it reached the socket before the
 * switch) is dropped by the client, counted and logged; one from another address never
 * reaches it. After the switch the kernel drops 1701's and the other address's. The tunnel
 * survives all of them, and a StopCCN from 1702 still ends it.
 */
static void test_other_ports_dropped(void **state)
{
	char mon[1024];

	(void)state;
	send_msg(AT_OTHER_PORT, L2TP_SCCRP, false);
	send_msg(AT_1701, L2TP_STOPCCN, true);
	send_msg(AT_OTHER_ADDR, L2TP_STOPCCN, true);
	pump();
	assert_int_equal(lns.got[AT_OTHER_PORT][L2TP_SCCCN], 1);
	assert_int_equal(lns.got[AT_OTHER_PORT][L2TP_ICRQ], 1);
	assert_non_null(strstr(log_lines, "datagram from 127.0.0.1:1701 dropped: the server is "
				      "127.0.0.1 port 1702"));
	send_msg(AT_OTHER_PORT, L2TP_ICRP, false);
	pump();
	assert_int_equal(stub.sessions, 1);
	/* after the switch: never delivered (no acknowledgement, the call stays) */
	send_msg(AT_1701, L2TP_STOPCCN, true);
	send_msg(AT_OTHER_ADDR, L2TP_STOPCCN, true);
	fake_advance_each(2000, pump);
	assert_int_equal(stub.sessions, 1);
	assert_int_equal(sent_to(AT_1701), 1);
	assert_int_equal(sent_to(AT_OTHER_ADDR), 0);
	monitor(mon, sizeof(mon));
	assert_non_null(strstr(mon, "1 from elsewhere"));
	assert_null(strstr(log_lines, "127.0.0.2"));
	/* the server's own port still counts */
	send_msg(AT_OTHER_PORT, L2TP_STOPCCN, false);
	pump();
	fake_advance_each(1000, pump);
	assert_true(lns.got[AT_OTHER_PORT][0] >= 1);	/* its acknowledgement */
	assert_non_null(strstr(log_lines, "tunnel cleared by the peer"));
}

/* The usual LNS, answering from 1701: it stays 1701, and 1702 is not heard. */
static void test_stays_on_1701(void **state)
{
	(void)state;
	bring_up(AT_1701);
	assert_int_equal(sent_to(AT_OTHER_PORT), 0);
	assert_int_equal(stub.created.peer_port, L2TP_PORT);
	assert_null(strstr(log_lines, "the server answers from port"));
	send_msg(AT_OTHER_PORT, L2TP_STOPCCN, true);
	fake_advance_each(2000, pump);
	assert_int_equal(stub.sessions, 1);
	assert_null(strstr(log_lines, "tunnel cleared by the peer"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_follows_the_sccrp_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_ports_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stays_on_1701, setup, teardown),
		cmocka_unit_test_setup_teardown(test_use_ipsec_items, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
