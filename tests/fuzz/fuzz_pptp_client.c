// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the PPTP dial-out (pptp/client.c over pptp/ctrl.c and ppp/dialout.c) against a
 * hostile server. The fuzzer runs in a network namespace of its own with lo up, listens on
 * 127.0.0.1:1723 and adds an enabled /interface pptp-client item connecting there, so the
 * client's real connect, the event loop (loop_run_once) and the timers (daemon/core/timer.c
 * on a fake clock) all run; each call's kernel session and PPP link are made against the
 * kernel stand-in. The input is what the server does:
 *
 *   [config byte] then steps [op byte][arg byte][...]:
 *     op & 7 = 0..2  arg bytes written on the control connection (so a message may come in
 *                    pieces, or several at once)
 *            = 3     the clock moves on arg * 20 ms (op & 8: arg s), every timer due firing
 *            = 4     a PPP frame of arg bytes from the server to the call's link (op & 8:
 *                    the server's PPP answers what the link sent, fuzz_ppp_server.h)
 *            = 5     the server closes its end (op & 8: shuts down its writing half only)
 *            = 6     the operator: arg % 5 = disable, enable, change the password, remove the
 *                    item and add it again (the old client still stopping), monitor it
 *            = 7     the clock moves on arg ms
 *   config byte: bit 0 patches the Peer's Call ID of every Outgoing-Call-Reply to the call
 *   the client asked for (it is random); bits 1-2 the authentication allowed; bit 3 the
 *   profile (default or default-encryption); bit 4 keepalive-timeout 10 s instead of 60 s.
 *
 * After the input the item is removed and the server goes silent: within two minutes the
 * client must be gone (connection closed, no kernel session, no link), and after
 * pptp_client_stop() no timer may be left. The seeds in tests/fuzz/corpus/pptp_client/ are a
 * well-behaved server (tests/fuzz/make_client_seeds.py).
 */
/* unit-test-sources: daemon/pptp/client.c daemon/pptp/ctrl.c daemon/pptp/msg.c daemon/ppp/dialout.c daemon/core/loop.c daemon/ppp/link.c daemon/ppp/teardown.c daemon/ppp/policy.c daemon/ppp/bringup.c daemon/ppp/server.c daemon/core/keyed_hash.c daemon/aaa/backoff.c daemon/ppp/client.c daemon/ppp/auth_peer.c daemon/ppp/lcp.c daemon/ppp/ccp.c daemon/ppp/ipcp.c daemon/ppp/ipv6cp.c daemon/ppp/ra.c daemon/ppp/dhcpv6_server.c daemon/ppp/dhcpv6.c daemon/aaa/ipam6.c daemon/core/u32map.c daemon/ppp/auth.c daemon/ppp/fsm.c daemon/aaa/local.c daemon/aaa/mschap.c @config daemon/core/timer.c daemon/aaa/ipam.c tests/unit/lib/kernel_stub.c tests/unit/lib/fuzz_quiet.c tests/unit/lib/fake_clock.c tests/unit/lib/fuzz_netns.c tests/unit/lib/fuzz_ppp_server.c tests/unit/lib/fuzz_dialout.c */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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
#include "ppp/link.h"
#include "pptp/client.h"
#include "pptp/client_menu.h"
#include "pptp/msg.h"
#include "fake_clock.h"
#include "fuzz_dialout.h"
#include "fuzz_netns.h"
#include "fuzz_ppp_server.h"
#include "fuzz_quiet.h"
#include "kernel_stub.h"

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

struct server {
	int listener;
	int conn;			/* the client's control connection; -1 if none */
	uint8_t in[4 * PPTP_MSG_MAX];	/* what the client sent, not yet framed */
	size_t in_len;
	uint16_t call_id;		/* the Call ID of the client's last Outgoing-Call-Request */
	bool patch;			/* config bit 0 */
	size_t msg_off, msg_len;	/* where our stream is in the message we are writing */
	uint16_t msg_type;
	uint8_t hi;			/* the first byte of Length or of the type */
	unsigned int accepted, got[PPTP_CTRL_TYPE_MAX + 1];
};

static struct server srv = { .listener = -1, .conn = -1 };

static void hang_up(void)
{
	if (srv.conn >= 0)
		close(srv.conn);
	srv.conn = -1;
	srv.in_len = 0;
	srv.msg_off = srv.msg_len = 0;
}

static void framed(const uint8_t *p, size_t n)
{
	struct pptp_msg m;

	if (pptp_msg_parse(p, n, &m) != PPTP_OK)
		return;
	srv.got[m.type]++;
	if (m.type == PPTP_OCRQ)
		srv.call_id = m.ocrq.call_id;
}

/* What the client sent: read and framed (it is ours, so it always frames). */
static void read_client(void)
{
	ssize_t n;
	int len, one = 1;

	while (srv.conn >= 0) {
		n = recv(srv.conn, srv.in + srv.in_len, sizeof(srv.in) - srv.in_len, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN)) {
			hang_up();	/* the client closed: so does the server */
			return;
		}
		if (n < 0)
			return;
		srv.in_len += (size_t)n;
		setsockopt(srv.conn, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
		while ((len = pptp_msg_frame(srv.in, srv.in_len)) > 0) {
			framed(srv.in, (size_t)len);
			memmove(srv.in, srv.in + len, srv.in_len - (size_t)len);
			srv.in_len -= (size_t)len;
		}
		check(len == 0);
	}
}

/* A new connection from the client (a redial) replaces the old one. */
static void accept_client(void)
{
	int fd = accept4(srv.listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC), one = 1;

	if (fd < 0)
		return;
	hang_up();
	srv.conn = fd;
	srv.accepted++;
	/* Nagle and delayed acknowledgements would hold bytes back for 40 ms of real time */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* The loop runs until nothing more happens at this instant. */
static void pump(void)
{
	int i;

	for (i = 0; i < 6; i++) {
		loop_run_once();
		accept_client();
		read_client();
	}
}

static void advance(unsigned int ms)
{
	fake_advance_each(ms, pump);
}

static void write_server(const uint8_t *p, size_t n)
{
	if (srv.conn >= 0 && n)
		send(srv.conn, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	pump();
}

/*
 * Our bytes as they go, followed message by message: an Outgoing-Call-Reply's Peer's Call
 * ID (offset 14) is the call the client asked for, if patching; what comes before it goes
 * out first, so that the client has asked by then.
 */
static void write_stream(const uint8_t *p, size_t n)
{
	uint8_t out[256];
	size_t k = 0, i;

	for (i = 0; i < n && k < sizeof(out); i++) {
		uint8_t b = p[i];

		if (srv.msg_off == 0)
			srv.msg_len = 0, srv.msg_type = 0, srv.hi = b;
		else if (srv.msg_off == 1)
			srv.msg_len = (size_t)(srv.hi << 8 | b);
		else if (srv.msg_off == 8)
			srv.hi = b;
		else if (srv.msg_off == 9)
			srv.msg_type = (uint16_t)(srv.hi << 8 | b);
		if (srv.patch && srv.msg_type == PPTP_OCRP && srv.msg_off == 14) {
			write_server(out, k);
			k = 0;
		}
		if (srv.patch && srv.msg_type == PPTP_OCRP && (srv.msg_off == 14 || srv.msg_off == 15))
			b = srv.msg_off == 14 ? (uint8_t)(srv.call_id >> 8) : (uint8_t)srv.call_id;
		out[k++] = b;
		if (++srv.msg_off >= (srv.msg_len > PPTP_HDR_LEN ? srv.msg_len : PPTP_HDR_LEN))
			srv.msg_off = 0;
	}
	write_server(out, k);
}

/* --- the client's item */

static uint8_t config_byte;

static struct fuzz_dialout item = {
	.menu = &pptp_client_menu, .name = "pptp-out1", .apply = pptp_client_apply,
	.keys = { "name", "connect-to", "user", "password", "allow", "profile",
		  "keepalive-timeout", "disabled" },
	.n = 8,
};

static void add_item(void)
{
	const char *v[] = { "pptp-out1", "127.0.0.1", "fuzz", "secret",
			    fuzz_dialout_allows[(config_byte >> 1) & 3],
			    (config_byte & 8) ? "default-encryption" : "default",
			    (config_byte & 16) ? "10" : "60", "no" };

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
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(PPTP_PORT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1;

	(void)argc;
	(void)argv;
	fuzz_netns_enter();
	check(loop_init() == 0);
	config_init();
	srv.listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	check(srv.listener >= 0);
	setsockopt(srv.listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	check(bind(srv.listener, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	check(listen(srv.listener, 16) == 0);
	return 0;
}

static size_t step(const uint8_t *data, size_t size)
{
	uint8_t op = data[0], arg = data[1];
	size_t n = size - 2 < arg ? size - 2 : arg;

	switch (op & 7) {
	case 0:
	case 1:
	case 2:
		write_stream(data + 2, n);
		return 2 + n;
	case 3:
		advance((op & 8) ? arg * 1000u : arg * 20u);
		break;
	case 4:
		if (op & 8) {		/* the server's PPP plays along this time */
			fuzz_ppp_server_answer(fuzz_dialout_auth(config_byte >> 1));
			pump();
			break;
		}
		ppp_frame(data + 2, n);
		return 2 + n;
	case 5:
		if ((op & 8) && srv.conn >= 0)
			shutdown(srv.conn, SHUT_WR);
		else
			hang_up();
		pump();
		break;
	case 6:
		fuzz_dialout_operator(&item, arg);
		pump();
		break;
	default:
		advance(arg);
	}
	return 2;
}

static void report(void)
{
	if (!getenv("FUZZ_LOG"))	/* what a seed reached */
		return;
	fprintf(stderr, "connections %u, SCCRQ %u, OCRQ %u, SLI %u, CCRQ %u, StopCCRQ %u, "
		"kernel sessions made %u\n", srv.accepted, srv.got[PPTP_SCCRQ], srv.got[PPTP_OCRQ],
		srv.got[PPTP_SLI], srv.got[PPTP_CCRQ], srv.got[PPTP_STOPCCRQ], stub.next_ifindex);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 1;

	if (!size)
		return 0;
	memset(srv.got, 0, sizeof(srv.got));
	srv.accepted = 0;
	stub.next_ifindex = 0;
	stub.nsent = 0;
	fuzz_dialout_removed = 0;
	config_byte = data[0];
	srv.patch = config_byte & 1;
	add_item();
	pump();
	while (off + 2 <= size) {
		off += step(data + off, size - off);
		/* one call per client: the item's, and those of removed ones still stopping */
		check(stub.sessions <= 1 + fuzz_dialout_removed);
	}
	report();
	if (config_byte & 32) {	/* the daemon shuts down with everything as it is */
		pptp_client_stop();
		fuzz_dialout_remove(&item);
		pump();
	} else {		/* a clean stop, the server silent from here */
		fuzz_dialout_remove(&item);
		advance(120000);
		check(srv.conn < 0);	/* the client closed its connection */
	}
	check(stub.sessions == 0);
	check(ppp_active_count() == 0);
	pptp_client_stop();
	hang_up();
	ipam_done();
	check(loop_run_timers() == -1);
	return 0;
}
