// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the L2TP dial-out, the LAC (l2tp/client.c over tunnel.c and reliable.c, with
 * ppp/dialout.c), against a hostile LNS. The fuzzer runs in a network namespace of its own
 * with lo up: the "server" is UDP 127.0.0.1:1701, and an /interface l2tp-client item connects
 * there with its own socket, so the client's real socket, the event loop (loop_run_once) and
 * the timers (daemon/core/timer.c on a fake clock) all run; the call's kernel session and
 * PPP link are made against the kernel stand-in. The server learns what the client sent
 * (its tunnel and session ids, its Challenge, Ns and Nr), so that the messages the input
 * asks for can be the right ones, or not. The input:
 *
 *   [config byte] then steps [op byte][arg byte][...]:
 *     op & 7 = 0..2  a control message: arg picks its type; then [flags byte]
 *                    [count byte] and count extra AVPs [attr byte][length byte][value]
 *                    (attr & 0x80: M, & 0x40: hidden, & 0x3f: the type); flags say the
 *                    Tunnel ID (the client's, 0, another), the Session ID, Ns (right,
 *                    behind, ahead), whether the AVPs its type needs are put, hidden or
 *                    not, and whether a Challenge Response is right
 *            = 3     arg raw bytes as a datagram (op & 8: with the client's Tunnel ID, Ns and
 *                    Nr written into a control header's place; op & 16: its Session ID)
 *            = 4     the clock moves on arg * 20 ms (op & 8: arg s), every timer due firing
 *            = 5     a PPP frame of arg bytes from the server to the call's link (op & 8:
 *                    the server's PPP answers what the link sent, fuzz_ppp_server.h)
 *            = 6     the operator: arg % 5 = disable, enable, change the password, remove the
 *                    item and add it again (the old client still stopping), monitor it
 *            = 7     the server's port 1701 closes (ICMP port unreachable), or opens again
 *     op >> 6: where a datagram comes from: 127.0.0.1:1701, :1702, 127.0.0.2:1701. Until
 *     its SCCRP the client takes either port of 127.0.0.1 (RFC 2661 section 8.1: the LNS
 *     may answer from another port than 1701); the port the SCCRP came from is then the
 *     tunnel's, the other one dropped (by the kernel, or by the client if it was queued
 *     already). 127.0.0.2 is never the server.
 *   config byte: bits 0-1 the tunnel secret (none, "s3cret", a 64-byte one, none at the
 *   client but the server challenging); bits 2-3 the authentication allowed; bit 4 the
 *   profile (default or default-encryption); bit 5 how it ends (below).
 *
 * After the input either the daemon shuts down at once (bit 5: l2tp_client_stop()), or the
 * item is removed and the server goes silent: within two minutes the client must be gone
 * (no kernel session, no link). Either way no timer may be left. Checked all along: once a
 * client socket sent to 1702 it never sends to 1701 again, and nothing goes to 127.0.0.2
 * (RFC 2661 section 8.1: the ports stay as the SCCRP set them). The seeds in
 * tests/fuzz/corpus/l2tp_client/ are a well-behaved LNS (tests/fuzz/make_client_seeds.py).
 */
/* unit-test-sources: daemon/l2tp/client.c tests/unit/lib/ipsec_stub.c daemon/l2tp/tunnel.c daemon/l2tp/reliable.c daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c daemon/ppp/dialout.c daemon/core/loop.c daemon/ppp/link.c daemon/ppp/teardown.c daemon/ppp/policy.c daemon/ppp/bringup.c daemon/ppp/server.c daemon/core/keyed_hash.c daemon/aaa/backoff.c daemon/ppp/client.c daemon/ppp/auth_peer.c daemon/ppp/lcp.c daemon/ppp/ccp.c daemon/ppp/ipcp.c daemon/ppp/ipv6cp.c daemon/ppp/ra.c daemon/ppp/dhcpv6_server.c daemon/ppp/dhcpv6.c daemon/aaa/ipam6.c daemon/core/u32map.c daemon/ppp/auth.c daemon/ppp/fsm.c daemon/aaa/local.c daemon/aaa/mschap.c @config daemon/core/timer.c daemon/aaa/ipam.c tests/unit/lib/kernel_stub.c tests/unit/lib/fuzz_quiet.c tests/unit/lib/fake_clock.c tests/unit/lib/fuzz_netns.c tests/unit/lib/fuzz_ppp_server.c tests/unit/lib/fuzz_dialout.c */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "admin/config.h"
#include "aaa/ipam.h"
#include "core/log.h"
#include "core/loop.h"
#include "l2tp/client.h"
#include "l2tp/client_menu.h"
#include "l2tp/msg.h"
#include "ppp/link.h"
#include "fake_clock.h"
#include "fuzz_dialout.h"
#include "fuzz_netns.h"
#include "fuzz_ppp_server.h"
#include "fuzz_quiet.h"
#include "kernel_stub.h"

#define SERVER_TID 0x5151		/* the tunnel and session ids the server assigns */
#define SERVER_SID 0x6161
#define NSOCKS 3

/* --- what the configuration code wants of the log, beyond fuzz_quiet.c */

uint32_t log_topic_bit(const char *name)
{
	return *name ? 1 : 0;
}

void log_set_rules(const struct log_rule *rules, size_t n)
{
	(void)rules;
	(void)n;
}

/* --- the server's side */

static const char *const secrets[] = { "", "s3cret",
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "" };

struct server {
	int sock[NSOCKS];		/* 127.0.0.1:1701, 127.0.0.1:1702, 127.0.0.2:1701 */
	struct sockaddr_in client;	/* where the client's datagrams come from */
	bool have_client;
	uint16_t moved_port;		/* a client port that sent to 1702 (network order) */
	const char *secret;		/* the server's (the client's, but for config 3) */
	uint16_t tid, sid;		/* the client's Assigned Tunnel and Session IDs */
	uint8_t challenge[64];		/* the client's, from its SCCRQ */
	size_t challenge_len;
	uint16_t ns, nr;		/* ours next, and the client's next expected */
	unsigned int got[L2TP_MSG_TYPE_MAX + 1], zlbs;
};

static struct server srv;
static uint8_t config_byte;

static void learn(const struct l2tp_msg *m)
{
	const uint8_t *p;
	size_t len;

	srv.ns = m->hdr.nr;		/* what the client expects of us next */
	if (m->zlb)
		return;
	if (m->hdr.ns == srv.nr)
		srv.nr++;
	if (m->type <= L2TP_MSG_TYPE_MAX)
		srv.got[m->type]++;
	if (m->type == L2TP_SCCRQ) {
		l2tp_get_assigned_tunnel_id(m, &srv.tid);
		srv.nr = (uint16_t)(m->hdr.ns + 1);	/* a new tunnel: its sequence starts */
		srv.ns = 0;
		srv.challenge_len = 0;
		if (!l2tp_get_challenge(m, &p, &len) && len <= sizeof(srv.challenge)) {
			memcpy(srv.challenge, p, len);
			srv.challenge_len = len;
		}
	}
	if (m->type == L2TP_ICRQ)
		l2tp_get_assigned_session_id(m, &srv.sid);
}

/*
 * What the client sent to socket i: to 1701 (the SCCRQ, and the rest if the SCCRP came from
 * there) or 1702 (if the SCCRP came from there), never 127.0.0.2; once a client port moved
 * to 1702 it stays there.
 */
static void read_socket(int i)
{
	uint8_t buf[2048];
	struct sockaddr_in from;
	socklen_t len = sizeof(from);
	struct l2tp_msg m;
	ssize_t n;

	while (srv.sock[i] >= 0 &&
	       (n = recvfrom(srv.sock[i], buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &len)) >= 0) {
		check(l2tp_msg_parse(buf, (size_t)n, srv.secret, strlen(srv.secret), &m) ==
		      L2TP_OK);	/* ours, so always sound */
		check(i != 2);
		if (i == 0 && !m.zlb && m.type == L2TP_SCCRQ)
			srv.moved_port = 0;	/* a new socket, which may reuse a port */
		check(i == 1 || from.sin_port != srv.moved_port);
		if (i == 1)
			srv.moved_port = from.sin_port;
		srv.client = from;
		srv.have_client = true;
		if (m.zlb)
			srv.zlbs++;
		learn(&m);
		len = sizeof(from);
	}
}

static void read_client(void)
{
	int i;

	for (i = 0; i < NSOCKS; i++)
		read_socket(i);
}

static void pump(void)
{
	int i;

	for (i = 0; i < 6; i++) {
		loop_run_once();
		read_client();
	}
}

static void advance(unsigned int ms)
{
	fake_advance_each(ms, pump);
}

static void send_datagram(unsigned int from, const uint8_t *buf, size_t len)
{
	int fd = srv.sock[from % NSOCKS];

	if (fd >= 0 && srv.have_client)
		sendto(fd, buf, len, MSG_DONTWAIT, (const struct sockaddr *)&srv.client,
		       sizeof(srv.client));
	pump();
}

static int open_socket(const char *addr, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	check(fd >= 0);
	inet_pton(AF_INET, addr, &sa.sin_addr);
	check(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	return fd;
}

/* Closed, the port answers the client's datagrams with ICMP port unreachable. */
static void toggle_port(void)
{
	if (srv.sock[0] >= 0) {
		close(srv.sock[0]);
		srv.sock[0] = -1;
	} else {
		srv.sock[0] = open_socket("127.0.0.1", L2TP_PORT);
	}
	pump();
}

/* --- the server's messages */

static void put_challenge_response(struct l2tp_build *b, bool wrong)
{
	uint8_t r[L2TP_CHALLENGE_RESPONSE_LEN];

	if (!srv.challenge_len || l2tp_challenge_response(L2TP_SCCRP, srv.secret,
							  strlen(srv.secret), srv.challenge,
							  srv.challenge_len, r))
		return;
	r[0] ^= wrong;
	l2tp_put_bytes(b, L2TP_AVP_M, L2TP_AVP_CHALLENGE_RESPONSE, r, sizeof(r));
}

/* What type needs; hidden (H) where the type allows it, if the server has a secret. */
static void put_required(struct l2tp_build *b, unsigned int type, unsigned int h,
			 uint8_t flags)
{
	static const uint8_t challenge[16] = "server-challenge";
	struct l2tp_result r = { .result = 1 };

	switch (type) {
	case L2TP_SCCRP:
		l2tp_put_protocol_version(b, L2TP_AVP_M);
		l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_CAPS, 3);
		l2tp_put_string(b, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "hostile-lns");
		l2tp_put_u16(b, L2TP_AVP_M | h, L2TP_AVP_ASSIGNED_TUNNEL_ID, SERVER_TID);
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_RECEIVE_WINDOW_SIZE, 4);
		if (!(flags & 0x40))
			put_challenge_response(b, flags & 0x20);
		if (flags & 0x10)
			l2tp_put_bytes(b, L2TP_AVP_M, L2TP_AVP_CHALLENGE, challenge,
				       sizeof(challenge));
		break;
	case L2TP_ICRP:
		l2tp_put_u16(b, L2TP_AVP_M | h, L2TP_AVP_ASSIGNED_SESSION_ID, SERVER_SID);
		break;
	case L2TP_STOPCCN:
		l2tp_put_u16(b, L2TP_AVP_M | h, L2TP_AVP_ASSIGNED_TUNNEL_ID, SERVER_TID);
		l2tp_put_result(b, L2TP_AVP_M, &r);
		break;
	case L2TP_CDN:
		l2tp_put_result(b, L2TP_AVP_M, &r);
		l2tp_put_u16(b, L2TP_AVP_M | h, L2TP_AVP_ASSIGNED_SESSION_ID, SERVER_SID);
		break;
	case L2TP_SCCRQ:
		l2tp_put_protocol_version(b, L2TP_AVP_M);
		l2tp_put_string(b, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "hostile-lns");
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, SERVER_TID);
		break;
	}
}

/* The extra AVPs: [count][attr][len][value]... as the top of this file says. */
static size_t put_extra(struct l2tp_build *b, const uint8_t *in, size_t n)
{
	static const uint8_t rv[16] = "random-vector-16";
	size_t used = 1, i;

	if (!n)
		return 0;
	for (i = 0; i < (in[0] & 7u) && used + 2 <= n; i++) {
		size_t alen = in[used + 1] % 32;
		unsigned int h = (in[used] & 0x40) && *srv.secret ? L2TP_AVP_H : 0;

		if (used + 2 + alen > n)
			break;
		if (h)
			l2tp_put_bytes(b, 0, L2TP_AVP_RANDOM_VECTOR, rv, sizeof(rv));
		l2tp_put(b, ((in[used] & 0x80) ? L2TP_AVP_M : 0) | h, 0, in[used] & 0x3f,
			 in + used + 2, alen);
		used += 2 + alen;
	}
	return used;
}

static uint16_t pick_session(unsigned int type, uint8_t flags)
{
	switch ((flags >> 2) & 3) {
	case 0:
		return type == L2TP_ICRP || type == L2TP_CDN || type == L2TP_WEN ||
		       type == L2TP_SLI ? srv.sid : 0;
	case 1:
		return srv.sid;
	case 2:
		return 0;
	default:
		return (uint16_t)(srv.sid + 1);
	}
}

/*
 * One message: [type][flags][extra AVPs...]. flags: bits 0-1 the Tunnel ID (the client's,
 * 0, another, the client's), 2-3 the Session ID (what the type wants, the client's, 0,
 * another), 4-5 Ns (right, right, ahead, behind; for SCCRP: 0x10 adds a Challenge, 0x20
 * spoils the response), 6 no required AVPs (SCCRP: no response), 7 required AVPs hidden.
 */
static size_t step_message(unsigned int from, uint8_t sel, const uint8_t *in, size_t n)
{
	static const uint8_t types[] = { L2TP_SCCRP, L2TP_ICRP, L2TP_HELLO, 0, L2TP_CDN,
					 L2TP_STOPCCN, L2TP_WEN, L2TP_SLI, L2TP_SCCRQ, L2TP_ICRQ,
					 L2TP_ICCN, L2TP_OCRQ, L2TP_SCCCN, 99 };
	unsigned int type = types[sel % sizeof(types)], h;
	uint8_t buf[2048], flags;
	struct l2tp_build b;
	uint16_t tid, ns;
	size_t used;
	int len;

	if (n < 1)
		return n;
	flags = in[0];
	tid = (flags & 3) == 1 ? 0 : (flags & 3) == 2 ? (uint16_t)(srv.tid ^ 0x8000) : srv.tid;
	ns = (flags & 0x30) == 0x20 && type != L2TP_SCCRP ? (uint16_t)(srv.ns + 1)
	     : (flags & 0x30) == 0x30 && type != L2TP_SCCRP ? (uint16_t)(srv.ns - 1) : srv.ns;
	h = (flags & 0x80) && *srv.secret ? L2TP_AVP_H : 0;
	l2tp_build_start(&b, buf, sizeof(buf), tid, pick_session(type, flags), ns, srv.nr, type);
	l2tp_build_secret(&b, srv.secret, strlen(srv.secret));
	if (h)
		l2tp_put_bytes(&b, 0, L2TP_AVP_RANDOM_VECTOR, "0123456789abcdef", 16);
	if (!(flags & 0x40) || type == L2TP_SCCRP)
		put_required(&b, type, h, flags);
	used = 1 + (type ? put_extra(&b, in + 1, n - 1) : 0);	/* a ZLB has no AVPs */
	len = l2tp_build_finish(&b);
	if (len > 0) {
		if (type && ns == srv.ns)
			srv.ns++;
		send_datagram(from, buf, (size_t)len);
	}
	return used;
}

/* Raw bytes; patched: the client's ids, our Ns and Nr where a control header has them. */
static void step_raw(unsigned int from, uint8_t op, const uint8_t *in, size_t n)
{
	uint8_t buf[256];

	memcpy(buf, in, n);
	if ((op & 16) && n >= L2TP_CTRL_HDR_LEN) {
		buf[6] = (uint8_t)(srv.sid >> 8);
		buf[7] = (uint8_t)srv.sid;
	}
	if ((op & 8) && n >= L2TP_CTRL_HDR_LEN) {
		buf[4] = (uint8_t)(srv.tid >> 8);
		buf[5] = (uint8_t)srv.tid;
		buf[8] = (uint8_t)(srv.ns >> 8);
		buf[9] = (uint8_t)srv.ns;
		buf[10] = (uint8_t)(srv.nr >> 8);
		buf[11] = (uint8_t)srv.nr;
		if (n > L2TP_CTRL_HDR_LEN)
			srv.ns++;
	}
	send_datagram(from, buf, n);
}

/* --- the client's item */


static struct fuzz_dialout item = {
	.menu = &l2tp_client_menu, .name = "l2tp-out1", .apply = l2tp_client_apply,
	.keys = { "name", "connect-to", "user", "password", "allow", "profile",
		  "tunnel-secret", "disabled" },
	.n = 8,
};

static void add_item(void)
{
	const char *v[] = { "l2tp-out1", "127.0.0.1", "fuzz", "secret",
			    fuzz_dialout_allows[(config_byte >> 2) & 3],
			    (config_byte & 16) ? "default-encryption" : "default",
			    (config_byte & 3) == 3 ? "" : srv.secret, "no" };

	memcpy(item.vals, v, sizeof(v));
	fuzz_dialout_add(&item);
}

/* --- the harness */

static void ppp_frame(const uint8_t *p, size_t n)
{
	fuzz_dialout_ppp_frame(p, n);
	pump();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_netns_enter();
	check(loop_init() == 0);
	config_init();
	srv.sock[0] = open_socket("127.0.0.1", L2TP_PORT);
	srv.sock[1] = open_socket("127.0.0.1", L2TP_PORT + 1);
	srv.sock[2] = open_socket("127.0.0.2", L2TP_PORT);
	return 0;
}

static size_t step(const uint8_t *data, size_t size)
{
	uint8_t op = data[0], arg = data[1];
	size_t n = size - 2 < arg ? size - 2 : arg;
	unsigned int from = op >> 6;

	switch (op & 7) {
	case 0:
	case 1:
	case 2:
		return 2 + step_message(from, arg, data + 2, size - 2);
	case 3:
		step_raw(from, op, data + 2, n);
		return 2 + n;
	case 4:
		advance((op & 8) ? arg * 1000u : arg * 20u);
		break;
	case 5:
		if (op & 8) {		/* the server's PPP plays along this time */
			fuzz_ppp_server_answer(fuzz_dialout_auth(config_byte >> 2));
			pump();
			break;
		}
		ppp_frame(data + 2, n);
		return 2 + n;
	case 6:
		fuzz_dialout_operator(&item, arg);
		pump();
		break;
	default:
		toggle_port();
	}
	return 2;
}

static void report(void)
{
	if (!getenv("FUZZ_LOG"))	/* what a seed reached */
		return;
	fprintf(stderr, "SCCRQ %u, SCCCN %u, ICRQ %u, ICCN %u, CDN %u, StopCCN %u, HELLO %u, "
		"ZLB %u, kernel sessions made %u\n", srv.got[L2TP_SCCRQ], srv.got[L2TP_SCCCN],
		srv.got[L2TP_ICRQ], srv.got[L2TP_ICCN], srv.got[L2TP_CDN], srv.got[L2TP_STOPCCN],
		srv.got[L2TP_HELLO], srv.zlbs, stub.next_ifindex);
}

static void reset_server(void)
{
	memset(srv.got, 0, sizeof(srv.got));
	srv.zlbs = 0;
	srv.have_client = false;
	srv.moved_port = 0;
	srv.tid = srv.sid = srv.ns = srv.nr = 0;
	srv.challenge_len = 0;
	srv.secret = secrets[config_byte & 3];
	if ((config_byte & 3) == 3)
		srv.secret = "s3cret";	/* the server's, the client has none */
	if (srv.sock[0] < 0)
		srv.sock[0] = open_socket("127.0.0.1", L2TP_PORT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 1;

	if (!size)
		return 0;
	config_byte = data[0];
	reset_server();
	stub.next_ifindex = 0;
	stub.nsent = 0;
	fuzz_dialout_removed = 0;
	add_item();
	pump();
	while (off + 2 <= size) {
		off += step(data + off, size - off);
		/* one call per client: the item's, and those of removed ones still stopping */
		check(stub.sessions <= 1 + fuzz_dialout_removed);
	}
	report();
	if (config_byte & 32) {	/* the daemon shuts down with everything as it is */
		l2tp_client_stop();
		fuzz_dialout_remove(&item);
		pump();
	} else {		/* a clean stop, the server silent from here */
		fuzz_dialout_remove(&item);
		advance(120000);
	}
	check(stub.sessions == 0);
	check(ppp_active_count() == 0);
	l2tp_client_stop();
	ipam_done();
	check(loop_run_timers() == -1);
	return 0;
}
