// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the LNS (daemon/l2tp/lns.c) fed sequences of datagrams from three hostile
 * peers (two ports of one address, and another address) while a well-behaved LAC keeps a
 * tunnel with one connected session. Each step is one of: a control message of a chosen type
 * with the AVPs its type needs (or not) plus fuzzed ones, addressed to tunnel 0, the tunnel
 * the peer learnt, the good LAC's tunnel or any id, with Ns/Nr right or fuzzed; raw bytes; the
 * clock moving on; a PPP link finishing. Invariants:
 * - the good LAC's tunnel stays established and its session connected whatever the others
 *   send (it acknowledges everything, so HELLOs never go unanswered);
 * - every session made is released once, every lower_down is answered with finished, no
 *   more sessions than the limits allow;
 * - after l2tp_lns_free() nothing is left: no timer armed, no session unreleased (ASan sees
 *   leaks).
 */
/* unit-test-sources: daemon/l2tp/lns.c daemon/core/preauth.c daemon/l2tp/tunnel.c daemon/l2tp/reliable.c daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c daemon/core/timer.c daemon/core/u32map.c tests/unit/lib/fake_clock.c tests/unit/lib/fuzz_quiet.c */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "l2tp/lns.h"
#include "fake_clock.h"
#include "core/log.h"
#include "fuzz_quiet.h"

#define NPEERS 4			/* [0] is the good LAC */
#define SECRET "s3cret"

struct peer {
	struct l2tp_path path;
	uint16_t tid, lns_tid, lns_sid, ns, nr;
	bool ack;			/* acknowledges what it gets (the good one) */
	bool got;			/* something to acknowledge */
};

static struct peer peers[NPEERS];
static struct l2tp_lns *lns;
static unsigned int opened, released, lowered;
static struct l2tp_session *good_session;
static struct l2tp_session *live[64];
static bool freeing;			/* l2tp_lns_free() runs: the good session goes too */

static void fake_send(void *ctx, const struct l2tp_path *path, const uint8_t *buf, size_t len)
{
	struct l2tp_msg m;
	uint8_t copy[2048];
	int i;

	(void)ctx;
	check(len <= sizeof(copy));
	memcpy(copy, buf, len);
	check(l2tp_msg_parse(copy, len, SECRET, strlen(SECRET), &m) == L2TP_OK);
	for (i = 0; i < NPEERS; i++) {
		struct peer *p = &peers[i];

		if (p->path.peer_addr != path->peer_addr || p->path.peer_port != path->peer_port)
			continue;
		if (m.zlb)
			return;
		if (m.hdr.ns == p->nr)
			p->nr++;
		p->got = true;
		if (m.type == L2TP_SCCRP)
			l2tp_get_assigned_tunnel_id(&m, &p->lns_tid);
		if (m.type == L2TP_ICRP)
			l2tp_get_assigned_session_id(&m, &p->lns_sid);
	}
}

static int fake_open(void *ctx, struct l2tp_session *s)
{
	(void)ctx;
	opened++;
	s->session = opened;
	return 0;
}

static int fake_connect(void *ctx, struct l2tp_session *s)
{
	size_t i;

	(void)ctx;
	s->link = s;
	for (i = 0; i < 64; i++) {
		if (!live[i]) {
			live[i] = s;
			break;
		}
	}
	return 0;
}

static void fake_lower_down(void *ctx, struct l2tp_session *s, const char *cause)
{
	(void)ctx;
	check(s != good_session || freeing);
	lowered++;
	l2tp_lns_session_finished(s, cause);
}

static void fake_release(void *ctx, struct l2tp_session *s)
{
	size_t i;

	(void)ctx;
	check(s != good_session || freeing);
	check(s->ended);
	released++;
	for (i = 0; i < 64; i++)
		if (live[i] == s)
			live[i] = NULL;
}

static const struct l2tp_lns_ops ops = {
	.send = fake_send, .session_open = fake_open, .session_connect = fake_connect,
	.session_lower_down = fake_lower_down, .session_release = fake_release,
};

static void deliver(struct peer *p, uint8_t *buf, size_t len)
{
	l2tp_lns_input(lns, &p->path, buf, len);
}

static void put_required(struct l2tp_build *b, struct peer *p, unsigned int type)
{
	struct l2tp_result r = { .result = 1 };

	switch (type) {
	case L2TP_SCCRQ:
		l2tp_put_protocol_version(b, L2TP_AVP_M);
		l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_CAPS, 3);
		l2tp_put_string(b, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "fuzz");
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, p->tid);
		break;
	case L2TP_STOPCCN:
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, p->tid);
		l2tp_put_result(b, L2TP_AVP_M, &r);
		break;
	case L2TP_ICRQ:
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, (uint16_t)(p->ns + 1));
		l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL_NUMBER, p->ns);
		break;
	case L2TP_ICCN:
		l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_TX_CONNECT_SPEED, 1);
		l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE, 1);
		break;
	case L2TP_CDN:
		l2tp_put_result(b, L2TP_AVP_M, &r);
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, 1);
		break;
	}
}

/* A message from p: [type, addressing, extra AVP count, (attr, len, bytes)...]. */
static size_t step_message(struct peer *p, const uint8_t *in, size_t n)
{
	static const uint8_t types[] = { L2TP_SCCRQ, L2TP_SCCCN, L2TP_ICRQ, L2TP_ICCN, L2TP_CDN,
					 L2TP_HELLO, L2TP_STOPCCN, L2TP_WEN, L2TP_SLI, L2TP_OCRQ,
					 L2TP_SCCRP, L2TP_ICRP, 99 };
	uint8_t buf[1024];
	struct l2tp_build b;
	unsigned int type;
	uint16_t tid, sid, ns;
	size_t used = 3, i;
	int len;

	if (n < 3)
		return n;
	type = types[in[0] % sizeof(types)];
	tid = (in[1] & 3) == 0 ? 0 : (in[1] & 3) == 1 ? p->lns_tid
		: (in[1] & 3) == 2 ? peers[0].lns_tid : (uint16_t)(in[1] * 257);
	sid = (in[1] & 4) ? p->lns_sid : (in[1] & 8) ? peers[0].lns_sid : 0;
	ns = (in[1] & 0x30) == 0x30 ? (uint16_t)(p->ns - 1) : (in[1] & 0x30) == 0x20
		? (uint16_t)(p->ns + 2) : p->ns;
	if (type == L2TP_SCCRQ && !(in[1] & 3))
		ns = 0, p->ns = 0, p->nr = 0;
	l2tp_build_start(&b, buf, sizeof(buf), tid, sid, ns, p->nr, type);
	if (!(in[1] & 0x40))
		put_required(&b, p, type);
	for (i = 0; i < (in[2] & 7u) && used + 2 <= n; i++) {
		size_t alen = in[used + 1] % 24;

		if (used + 2 + alen > n)
			break;
		l2tp_put(&b, (in[used] & 0x80) ? L2TP_AVP_M : 0, 0, in[used] & 0x3f,
			 in + used + 2, alen);
		used += 2 + alen;
	}
	len = l2tp_build_finish(&b);
	if (len > 0) {
		if (ns == p->ns)
			p->ns++;
		if (in[1] & 0x80)
			buf[12] &= 0x7f;	/* Message Type without M */
		deliver(p, buf, (size_t)len);
	}
	return used;
}

static void good_acks(void)
{
	struct peer *g = &peers[0];
	uint8_t zlb[L2TP_CTRL_HDR_LEN];

	while (g->got) {
		g->got = false;
		l2tp_build_zlb(zlb, sizeof(zlb), g->lns_tid, 0, g->ns, g->nr);
		deliver(g, zlb, sizeof(zlb));
	}
}

static void advance(unsigned int ms)
{
	uint64_t end = fake_now + ms;
	int left;

	while ((left = loop_run_timers()) >= 0 && fake_now + (uint64_t)left <= end) {
		fake_now += (uint64_t)left;
		loop_run_timers();
		good_acks();
	}
	fake_now = end;
	loop_run_timers();
	good_acks();
}

static void good_lac(void)
{
	struct peer *g = &peers[0];
	uint8_t buf[512];
	struct l2tp_build b;
	unsigned int types[] = { L2TP_SCCRQ, L2TP_SCCCN, L2TP_ICRQ, L2TP_ICCN };
	size_t i;

	for (i = 0; i < 4; i++) {
		l2tp_build_start(&b, buf, sizeof(buf), i ? g->lns_tid : 0, i == 3 ? g->lns_sid : 0,
				 g->ns, g->nr, types[i]);
		put_required(&b, g, types[i]);
		g->ns++;
		deliver(g, buf, (size_t)l2tp_build_finish(&b));
	}
	good_acks();
	check(lns->tunnels && lns->tunnels->state == L2TP_T_ESTABLISHED);
	good_session = lns->tunnels->sessions;
	check(good_session && good_session->connected);
}

static void setup(void)
{
	struct l2tp_lns_config c = { .accept = true, .hello_ms = 5000,
				     .lim = { .tunnels = 6, .tunnels_per_addr = 3,
					      .sessions_per_tunnel = 4, .sessions = 10 } };
	const char *addrs[NPEERS] = { "192.0.2.10", "198.51.100.1", "198.51.100.1",
				      "203.0.113.5" };
	int i;

	memset(peers, 0, sizeof(peers));
	memset(live, 0, sizeof(live));
	opened = released = lowered = 0;
	for (i = 0; i < NPEERS; i++) {
		inet_pton(AF_INET, addrs[i], &peers[i].path.peer_addr);
		peers[i].path.peer_port = (uint16_t)(1701 + i);
		peers[i].tid = (uint16_t)(10 + i);
	}
	lns = l2tp_lns_new(&ops, NULL);
	check(lns != NULL);
	l2tp_lns_configure(lns, &c);
	good_lac();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0;

	setup();
	while (off + 2 <= size) {
		uint8_t op = data[off], arg = data[off + 1];
		struct peer *p = &peers[1 + (op >> 6) % (NPEERS - 1)];

		off += 2;
		switch (op & 7) {
		case 0:
		case 1:
		case 2:
			off += step_message(p, data + off, size - off);
			break;
		case 3: {			/* raw bytes */
			uint8_t raw[256];
			size_t len = arg < size - off ? arg : size - off;

			memcpy(raw, data + off, len);
			deliver(p, raw, len);
			off += len;
			break;
		}
		case 4:
			advance((unsigned int)arg * 250);
			break;
		case 5: {			/* a hostile peer's link ends */
			struct l2tp_session *s = live[arg % 64];

			if (s && s != good_session && !s->ended)
				l2tp_lns_session_finished(s, "user-request");
			break;
		}
		default:
			advance(arg);
		}
		good_acks();
		check(lns->nsessions <= 10);
		check(lns->ntunnels <= 6);
		check(good_session->connected && !good_session->ended);
		check(good_session->tunnel->state == L2TP_T_ESTABLISHED);
	}
	advance(100000);		/* everything settles: only the good tunnel is left */
	check(lns->nsessions >= 1);
	freeing = true;
	l2tp_lns_free(lns);
	freeing = false;
	lns = NULL;
	check(loop_run_timers() == -1);
	check(opened == released);
	good_session = NULL;
	return 0;
}
