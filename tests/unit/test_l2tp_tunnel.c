// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/l2tp/lns.c: the LNS against scripted LACs, on a fake clock and a fake socket.
 * Each LAC builds its messages with msg.c's builder and keeps its own Ns/Nr; what the LNS
 * sends is recorded per destination and parsed back. The transport ops are recorders that
 * behave as server.c's do (lower_down finishes the session at once, as a PPP link does).
 * Every test ends with l2tp_lns_free() and checks that no timer is left armed; ASan checks
 * that nothing leaks.
 */
/* unit-test-sources: daemon/l2tp/lns.c daemon/core/preauth.c daemon/l2tp/tunnel.c daemon/l2tp/reliable.c daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c daemon/core/timer.c daemon/core/u32map.c tests/unit/lib/fake_clock.c tests/unit/lib/l2tp_log.c */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "l2tp/lns.h"
#include "fake_clock.h"
#include "core/log.h"
#include "l2tp_log.h"

#define MAXOUT 256
#define SECRET "tunnel-secret"

/* ---- the fake clock and the log */

/* ---- the fake transport */

struct sent {
	struct l2tp_path path;
	uint8_t data[1024];
	size_t len;
};

static struct sent out[MAXOUT];
static size_t nout;
static bool count_only;			/* floods: count what is sent, keep nothing */
static unsigned long nsent;
static unsigned int nopen, nconnect, nlower, nrelease, fail_open;
static char last_cause[32];
static struct l2tp_session *sessions[64];	/* connected ones, in order */
static size_t nsessions;

static void fake_send(void *ctx, const struct l2tp_path *path, const uint8_t *buf, size_t len)
{
	(void)ctx;
	nsent++;
	if (count_only)
		return;
	assert_true(nout < MAXOUT);
	assert_true(len <= sizeof(out[0].data));
	out[nout].path = *path;
	memcpy(out[nout].data, buf, len);
	out[nout].len = len;
	nout++;
}

static int fake_open(void *ctx, struct l2tp_session *s)
{
	(void)ctx;
	nopen++;
	if (fail_open)
		return -ENOMEM;
	s->session = 100 + nopen;
	return 0;
}

static int fake_connect(void *ctx, struct l2tp_session *s)
{
	(void)ctx;
	nconnect++;
	s->link = s;
	if (nsessions < 64)
		sessions[nsessions++] = s;
	return 0;
}

static void fake_lower_down(void *ctx, struct l2tp_session *s, const char *cause)
{
	(void)ctx;
	nlower++;
	snprintf(last_cause, sizeof(last_cause), "%s", cause);
	l2tp_lns_session_finished(s, cause);	/* as ppp_link_lower_down's finished does */
}

static void fake_release(void *ctx, struct l2tp_session *s)
{
	size_t i;

	(void)ctx;
	nrelease++;
	for (i = 0; i < nsessions; i++)
		if (sessions[i] == s)
			sessions[i] = NULL;
}

/* /ppp l2tp-secret as l2tp/server.c asks it: one address has a secret of its own */
static const char *addr_secret;
static uint32_t addr_secret_for;

static bool fake_secret_for(void *ctx, uint32_t peer_addr, const char **secret)
{
	(void)ctx;
	*secret = addr_secret;
	return addr_secret && peer_addr == addr_secret_for;
}

static const struct l2tp_lns_ops ops = {
	.send = fake_send, .session_open = fake_open, .session_connect = fake_connect,
	.session_lower_down = fake_lower_down, .session_release = fake_release,
	.secret_for = fake_secret_for,
};

static struct l2tp_lns *lns;

static void configure(const char *secret, unsigned int hello_ms, struct l2tp_lns_limits lim)
{
	struct l2tp_lns_config c = { .accept = true, .host_name = "lns", .hello_ms = hello_ms,
				     .lim = lim };

	if (secret) {
		c.secret = (const uint8_t *)secret;
		c.secret_len = strlen(secret);
	}
	l2tp_lns_configure(lns, &c);
}

static int setup(void **state)
{
	(void)state;
	nout = nopen = nconnect = nlower = nrelease = fail_open = 0;
	count_only = false;
	nsent = 0;
	nsessions = 0;
	memset(sessions, 0, sizeof(sessions));
	last_cause[0] = last_warning[0] = '\0';
	lns = l2tp_lns_new(&ops, NULL);
	assert_non_null(lns);
	configure(NULL, 0, (struct l2tp_lns_limits){ 0 });
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	l2tp_lns_free(lns);
	lns = NULL;
	assert_int_equal(loop_run_timers(), -1);	/* nothing left armed */
	return 0;
}

/* ---- a scripted LAC */

struct lac {
	struct l2tp_path path;
	uint16_t tid;			/* its own */
	uint16_t lns_tid;		/* the LNS's, from SCCRP */
	uint16_t ns, nr;
	size_t seen;			/* out[] entries already read */
	struct l2tp_build b;
	uint8_t buf[1024];
	uint8_t challenge[16];
	uint8_t lns_challenge[64];
	size_t lns_challenge_len;
};

static void lac_init(struct lac *l, const char *addr, uint16_t port, uint16_t tid)
{
	memset(l, 0, sizeof(*l));
	inet_pton(AF_INET, addr, &l->path.peer_addr);
	inet_pton(AF_INET, "192.0.2.1", &l->path.local_addr);
	l->path.peer_port = port;
	l->tid = tid;
	l->seen = nout;
}

static struct l2tp_build *lac_start(struct lac *l, unsigned int type, uint16_t sid)
{
	l2tp_build_start(&l->b, l->buf, sizeof(l->buf), type == L2TP_SCCRQ ? 0 : l->lns_tid, sid,
			 l->ns, l->nr, type);
	return &l->b;
}

/* Sends what lac_start began; returns its length (to send the same bytes again). */
static size_t lac_send(struct lac *l)
{
	uint8_t copy[1024];
	int n = l2tp_build_finish(&l->b);

	assert_true(n > 0);
	l->ns++;
	memcpy(copy, l->buf, (size_t)n);
	l2tp_lns_input(lns, &l->path, copy, (size_t)n);
	return (size_t)n;
}

static void lac_resend(struct lac *l, size_t n)
{
	uint8_t copy[1024];

	memcpy(copy, l->buf, n);
	l2tp_lns_input(lns, &l->path, copy, n);
}

/*
 * The next message the LNS sent this LAC, ZLBs skipped unless want_zlb; parsed into m (its
 * bytes kept in out[]). Returns its type, 0 for a ZLB, -1 if none.
 */
static int lac_recv(struct lac *l, struct l2tp_msg *m, bool want_zlb)
{
	while (l->seen < nout) {
		struct sent *s = &out[l->seen++];

		if (s->path.peer_addr != l->path.peer_addr || s->path.peer_port != l->path.peer_port ||
		    s->path.mark != l->path.mark)	/* the reply leaves on the LAC's own SA */
			continue;
		assert_int_equal(s->path.local_addr, l->path.local_addr);
		assert_int_equal(l2tp_msg_parse(s->data, s->len, SECRET, strlen(SECRET), m),
				 L2TP_OK);
		assert_int_equal(m->hdr.tunnel_id, l->tid);
		if (m->zlb) {
			if (want_zlb)
				return 0;
			continue;
		}
		if (m->hdr.ns == l->nr)
			l->nr++;
		return (int)m->type;
	}
	return -1;
}

static void expect(struct lac *l, unsigned int type, struct l2tp_msg *m)
{
	int got = lac_recv(l, m, false);

	if (got != (int)type)
		fail_msg("expected %s, got %d (%s)", l2tp_msg_name(type), got, last_warning);
}

static void put_sccrq(struct lac *l, bool challenge)
{
	struct l2tp_build *b = lac_start(l, L2TP_SCCRQ, 0);

	l2tp_put_protocol_version(b, L2TP_AVP_M);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_CAPS, L2TP_FRAMING_SYNC);
	l2tp_put_string(b, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "lac");
	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, l->tid);
	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_RECEIVE_WINDOW_SIZE, 4);
	if (challenge) {
		memset(l->challenge, 0x5a, sizeof(l->challenge));
		l2tp_put_bytes(b, L2TP_AVP_M, L2TP_AVP_CHALLENGE, l->challenge,
			       sizeof(l->challenge));
	}
}

/* SCCRQ -> SCCRP; learns the LNS's tunnel id. */
static size_t lac_sccrq(struct lac *l, bool challenge)
{
	struct l2tp_msg m;
	const uint8_t *p;
	size_t n;

	put_sccrq(l, challenge);
	n = lac_send(l);
	expect(l, L2TP_SCCRP, &m);
	assert_int_equal(l2tp_get_assigned_tunnel_id(&m, &l->lns_tid), L2TP_OK);
	assert_int_not_equal(l->lns_tid, 0);
	if (!l2tp_get_challenge(&m, &p, &l->lns_challenge_len)) {
		assert_true(l->lns_challenge_len <= sizeof(l->lns_challenge));
		memcpy(l->lns_challenge, p, l->lns_challenge_len);
	}
	if (challenge) {
		assert_int_equal(l2tp_get_challenge_response(&m, &p, &n), L2TP_OK);
		assert_int_equal(l2tp_challenge_verify(L2TP_SCCRP, SECRET, strlen(SECRET),
						       l->challenge, sizeof(l->challenge), p, n),
				 L2TP_OK);
	}
	return n;
}

static void lac_scccn(struct lac *l, const char *secret)
{
	struct l2tp_build *b = lac_start(l, L2TP_SCCCN, 0);
	uint8_t resp[L2TP_CHALLENGE_RESPONSE_LEN];

	if (secret && l->lns_challenge_len) {
		l2tp_challenge_response(L2TP_SCCCN, secret, strlen(secret), l->lns_challenge,
					l->lns_challenge_len, resp);
		l2tp_put_bytes(b, L2TP_AVP_M, L2TP_AVP_CHALLENGE_RESPONSE, resp, sizeof(resp));
	}
	lac_send(l);
}

static void lac_tunnel(struct lac *l)
{
	lac_sccrq(l, false);
	lac_scccn(l, NULL);
	assert_int_equal(lns->tunnels->state, L2TP_T_ESTABLISHED);
}

/* ICRQ -> ICRP; returns the LNS's session id. */
static uint16_t lac_icrq(struct lac *l, uint16_t sid, int expect_type)
{
	struct l2tp_build *b = lac_start(l, L2TP_ICRQ, 0);
	struct l2tp_msg m;
	uint16_t lns_sid = 0;

	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, sid);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL_NUMBER, sid);
	lac_send(l);
	expect(l, (unsigned int)expect_type, &m);
	assert_int_equal(m.hdr.session_id, sid);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &lns_sid), L2TP_OK);
	return lns_sid;
}

static void lac_iccn(struct lac *l, uint16_t lns_sid, bool seq)
{
	struct l2tp_build *b = lac_start(l, L2TP_ICCN, lns_sid);

	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_TX_CONNECT_SPEED, 1000000);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE, L2TP_FRAMING_SYNC);
	if (seq)
		l2tp_put(b, L2TP_AVP_M, 0, L2TP_AVP_SEQUENCING_REQUIRED, NULL, 0);
	lac_send(l);
}

static void lac_zlb(struct lac *l)
{
	uint8_t buf[L2TP_CTRL_HDR_LEN];

	assert_int_equal(l2tp_build_zlb(buf, sizeof(buf), l->lns_tid, 0, l->ns, l->nr),
			 L2TP_CTRL_HDR_LEN);
	l2tp_lns_input(lns, &l->path, buf, sizeof(buf));
}

static uint16_t result_of(const struct l2tp_msg *m, uint16_t *error)
{
	struct l2tp_result r;

	assert_int_equal(l2tp_get_result(m, &r), L2TP_OK);
	if (error)
		*error = r.error;
	return r.result;
}

/* ---- the tests */

static void test_tunnel_and_session(void **state)
{
	struct lac l;
	struct l2tp_msg m;
	uint16_t sid;

	(void)state;
	lac_init(&l, "198.51.100.7", 1701, 11);
	lac_tunnel(&l);
	fake_advance(300);
	assert_int_equal(lac_recv(&l, &m, true), 0);	/* SCCCN acknowledged with a ZLB */
	sid = lac_icrq(&l, 21, L2TP_ICRP);
	assert_int_not_equal(sid, 0);
	assert_int_equal(nopen, 1);			/* the kernel session at ICRP */
	assert_int_equal(nconnect, 0);
	lac_iccn(&l, sid, true);
	assert_int_equal(nconnect, 1);			/* the PPP link at ICCN */
	assert_non_null(sessions[0]);
	assert_true(sessions[0]->seq_required);
	assert_int_equal(sessions[0]->peer_id, 21);
	assert_int_equal(sessions[0]->tunnel->peer_id, 11);
	assert_int_equal(l2tp_lns_session_count(lns), 1);

	/* the link ends by itself (PPP terminate): a CDN, the session released */
	l2tp_lns_session_finished(sessions[0], "user-request");
	expect(&l, L2TP_CDN, &m);
	assert_int_equal(m.hdr.session_id, 21);
	assert_int_equal(result_of(&m, NULL), L2TP_CDN_LOST_CARRIER);
	fake_advance(0);
	assert_int_equal(nrelease, 1);
	assert_int_equal(l2tp_lns_session_count(lns), 0);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 1);	/* the tunnel stays */

	/* the peer clears a second session with CDN: no CDN back */
	sid = lac_icrq(&l, 22, L2TP_ICRP);
	lac_iccn(&l, sid, false);
	assert_false(sessions[1]->seq_required);
	{
		struct l2tp_build *b = lac_start(&l, L2TP_CDN, sid);
		struct l2tp_result r = { .result = L2TP_CDN_ADMIN };

		l2tp_put_result(b, L2TP_AVP_M, &r);
		l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, 22);
		lac_send(&l);
	}
	assert_int_equal(nlower, 1);
	assert_string_equal(last_cause, "user-request");
	assert_int_equal(lac_recv(&l, &m, false), -1);
	fake_advance(0);
	assert_int_equal(nrelease, 2);
	/* the ZLB acknowledging that CDN is addressed to the call (xl2tpd needs it so) */
	fake_advance(L2TP_REL_ACK_DELAY_MS + 50);
	assert_int_equal(lac_recv(&l, &m, true), 0);
	assert_int_equal(m.hdr.session_id, 22);
}

static void test_sccrq_retransmit(void **state)
{
	struct lac l;
	struct l2tp_msg m;
	size_t n;

	(void)state;
	lac_init(&l, "198.51.100.7", 1701, 11);
	n = lac_sccrq(&l, false);
	(void)n;
	l.ns = 0;
	put_sccrq(&l, false);			/* the same SCCRQ again, Ns 0 */
	n = lac_send(&l);
	lac_resend(&l, n);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 1);
	assert_int_equal(lns->stats.sccrq_repeats, 2);
	assert_int_equal(lns->stats.tunnels_created, 1);
	fake_advance(300);
	assert_int_equal(lac_recv(&l, &m, true), 0);	/* acknowledged again */
	assert_int_equal(m.hdr.nr, 1);
	lac_scccn(&l, NULL);
	assert_int_equal(lns->tunnels->state, L2TP_T_ESTABLISHED);
}

static void test_same_address_other_port(void **state)
{
	struct lac a, b;

	(void)state;
	lac_init(&a, "198.51.100.7", 1701, 11);
	lac_init(&b, "198.51.100.7", 40000, 11);	/* same address and tunnel id */
	lac_sccrq(&a, false);
	lac_sccrq(&b, false);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 2);
	assert_int_not_equal(a.lns_tid, b.lns_tid);
	lac_scccn(&a, NULL);
	lac_scccn(&b, NULL);
	assert_int_not_equal(lac_icrq(&a, 1, L2TP_ICRP), 0);
	assert_int_not_equal(lac_icrq(&b, 1, L2TP_ICRP), 0);

	/* a's tunnel id from b's port is dropped and counted */
	b.lns_tid = a.lns_tid;
	lac_start(&b, L2TP_HELLO, 0);
	lac_send(&b);
	assert_int_equal(lns->stats.wrong_peer, 1);
	assert_int_equal(l2tp_lns_session_count(lns), 2);
}

/*
 * L2TP/IPsec behind one NAT: two LACs from the same address, port and tunnel id, told apart
 * by their IPsec SA's mark; one SA going down ends its tunnel at once (no StopCCN, which
 * would leave in clear), the other stays. required refuses an SCCRQ without a mark.
 */
static void test_ipsec_marks(void **state)
{
	struct l2tp_lns_config c = { .accept = true, .ipsec_required = true };
	struct lac a, b, plain;
	size_t sent;

	(void)state;
	lac_init(&a, "198.51.100.7", 1701, 11);
	lac_init(&b, "198.51.100.7", 1701, 11);
	lac_init(&plain, "198.51.100.8", 1701, 11);
	a.path.mark = 1;
	b.path.mark = 2;
	l2tp_lns_configure(lns, &c);
	lac_sccrq(&a, false);
	lac_sccrq(&b, false);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 2);
	lac_scccn(&a, NULL);
	lac_scccn(&b, NULL);
	assert_int_not_equal(lac_icrq(&a, 1, L2TP_ICRP), 0);
	assert_int_not_equal(lac_icrq(&b, 1, L2TP_ICRP), 0);
	/* b's tunnel from a's SA (a's mark): another client, dropped */
	b.path.mark = 1;
	lac_start(&b, L2TP_HELLO, 0);
	lac_send(&b);
	b.path.mark = 2;
	assert_int_equal(lns->stats.wrong_peer, 1);
	/* a's SA gone: its tunnel ends quietly, b's stays */
	sent = nout;
	l2tp_lns_sa_gone(lns, 1);
	fake_advance(1);		/* the reap */
	assert_int_equal(nout, sent);
	assert_int_equal(nrelease, 1);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 1);
	assert_int_equal(lns->stats.tunnels_lost, 1);
	/* not through IPsec: refused, counted */
	put_sccrq(&plain, false);
	lac_send(&plain);
	assert_int_equal(lns->stats.ipsec_required, 1);
}

static void test_stopccn_from_peer(void **state)
{
	struct lac l;
	struct l2tp_msg m;
	struct l2tp_build *b;
	struct l2tp_result r = { .result = L2TP_STOPCCN_CLEAR };
	size_t n;

	(void)state;
	lac_init(&l, "198.51.100.7", 1701, 11);
	lac_tunnel(&l);
	lac_iccn(&l, lac_icrq(&l, 5, L2TP_ICRP), false);
	lac_iccn(&l, lac_icrq(&l, 6, L2TP_ICRP), false);
	b = lac_start(&l, L2TP_STOPCCN, 0);
	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, 11);
	l2tp_put_result(b, L2TP_AVP_M, &r);
	n = lac_send(&l);
	assert_int_equal(nlower, 2);			/* each link told: stop records */
	assert_string_equal(last_cause, "lost-carrier");
	assert_int_equal(lac_recv(&l, &m, false), -1);	/* no CDN: the StopCCN said it all */
	fake_advance(300);
	assert_int_equal(lac_recv(&l, &m, true), 0);	/* StopCCN acknowledged */
	assert_int_equal(nrelease, 2);
	lac_resend(&l, n);				/* a repeat during the linger */
	fake_advance(300);
	assert_int_equal(lac_recv(&l, &m, true), 0);	/* acknowledged again */
	assert_int_equal(l2tp_lns_tunnel_count(lns), 1);
	fake_advance(L2TP_REL_LINGER_MS);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 0);
}

static void test_hello_and_peer_lost(void **state)
{
	struct lac l;
	struct l2tp_msg m;
	unsigned int hellos = 0;

	(void)state;
	configure(NULL, 10000, (struct l2tp_lns_limits){ 0 });
	lac_init(&l, "198.51.100.7", 1701, 11);
	lac_tunnel(&l);
	lac_iccn(&l, lac_icrq(&l, 5, L2TP_ICRP), false);
	/* an idle peer that acknowledges keeps the tunnel */
	fake_advance(10000);
	expect(&l, L2TP_HELLO, &m);
	lac_zlb(&l);
	fake_advance(10000);
	expect(&l, L2TP_HELLO, &m);
	lac_zlb(&l);
	assert_int_equal(nlower, 0);
	/* then it goes silent: HELLO retransmitted, the peer declared lost */
	fake_advance(10000);
	while (lac_recv(&l, &m, false) == L2TP_HELLO)
		hellos++;
	fake_advance(40000);
	while (lac_recv(&l, &m, false) == L2TP_HELLO)
		hellos++;
	assert_true(hellos >= 1);
	assert_int_equal(lns->stats.tunnels_lost, 1);
	assert_int_equal(nlower, 1);
	assert_string_equal(last_cause, "lost-carrier");
	assert_int_equal(nrelease, 1);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 0);
}

static void test_session_limits(void **state)
{
	struct lac l;
	struct l2tp_msg m;
	uint16_t error;

	(void)state;
	configure(NULL, 0, (struct l2tp_lns_limits){ .sessions_per_tunnel = 2 });
	lac_init(&l, "198.51.100.7", 1701, 11);
	lac_tunnel(&l);
	lac_icrq(&l, 1, L2TP_ICRP);
	lac_icrq(&l, 2, L2TP_ICRP);
	lac_icrq(&l, 3, L2TP_CDN);			/* over the limit */
	assert_int_equal(lns->stats.sessions_refused, 1);
	assert_int_equal(l2tp_lns_session_count(lns), 2);
	/* max-sessions=0: none at all (not "the default") */
	configure(NULL, 0, (struct l2tp_lns_limits){ .sessions = L2TP_LNS_NO_SESSIONS });
	lac_icrq(&l, 9, L2TP_CDN);
	assert_int_equal(lns->stats.sessions_refused, 2);
	assert_int_equal(l2tp_lns_session_count(lns), 2);
	configure(NULL, 0, (struct l2tp_lns_limits){ .sessions_per_tunnel = 2 });
	/* no kernel session: CDN with "no resources" */
	configure(NULL, 0, (struct l2tp_lns_limits){ 0 });
	fail_open = 1;
	lac_icrq(&l, 4, L2TP_CDN);
	l.seen--;
	lac_recv(&l, &m, false);
	assert_int_equal(result_of(&m, &error), L2TP_CDN_GENERAL_ERROR);
	assert_int_equal(error, L2TP_ERR_NO_RESOURCE);
	/* ICCN never comes: the session times out with a CDN */
	fail_open = 0;
	lac_zlb(&l);
	fake_advance(L2TP_LNS_SETUP_MS);
	expect(&l, L2TP_CDN, &m);
	assert_int_equal(result_of(&m, NULL), L2TP_CDN_TIMEOUT);
	expect(&l, L2TP_CDN, &m);
	assert_int_equal(result_of(&m, NULL), L2TP_CDN_TIMEOUT);
	fake_advance(0);
	assert_int_equal(l2tp_lns_session_count(lns), 0);
}

static void test_tunnel_limits(void **state)
{
	struct lac a, b, c;
	struct l2tp_msg m;
	uint16_t error;

	(void)state;
	configure(NULL, 0, (struct l2tp_lns_limits){ .tunnels_per_addr = 1, .tunnels = 2 });
	lac_init(&a, "198.51.100.7", 1701, 11);
	lac_init(&b, "198.51.100.7", 1702, 12);
	lac_init(&c, "198.51.100.8", 1701, 13);
	lac_sccrq(&a, false);
	put_sccrq(&b, false);
	lac_send(&b);
	expect(&b, L2TP_STOPCCN, &m);			/* per address */
	assert_int_equal(result_of(&m, &error), L2TP_STOPCCN_GENERAL_ERROR);
	assert_int_equal(error, L2TP_ERR_NO_RESOURCE);
	lac_sccrq(&c, false);
	assert_int_equal(lns->stats.tunnels_refused, 1);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 2);
}

/* SCCRQs refused before any tunnel is made: test_malformed's first part */
static void malformed_sccrqs(void)
{
	struct lac k;
	struct l2tp_msg m;
	struct l2tp_build *b;
	uint16_t error;

	/* an SCCRQ with an unknown mandatory AVP: StopCCN, nothing made */
	lac_init(&k, "198.51.100.9", 1701, 9);
	put_sccrq(&k, false);
	l2tp_put(&k.b, L2TP_AVP_M, 0, 77, "x", 1);
	lac_send(&k);
	expect(&k, L2TP_STOPCCN, &m);
	assert_int_equal(result_of(&m, &error), L2TP_STOPCCN_GENERAL_ERROR);
	assert_int_equal(error, L2TP_ERR_UNKNOWN_M);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 0);

	/* a protocol version other than 1.0: StopCCN naming the one we speak */
	lac_init(&k, "198.51.100.9", 1702, 9);
	b = lac_start(&k, L2TP_SCCRQ, 0);
	l2tp_put(b, L2TP_AVP_M, 0, L2TP_AVP_PROTOCOL_VERSION, "\x02\x00", 2);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_CAPS, L2TP_FRAMING_SYNC);
	l2tp_put_string(b, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "lac");
	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, 9);
	lac_send(&k);
	expect(&k, L2TP_STOPCCN, &m);
	assert_int_equal(result_of(&m, &error), L2TP_STOPCCN_BAD_VERSION);
	assert_int_equal(error, 0x0100);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 0);
}

static void test_malformed(void **state)
{
	struct lac l;
	struct l2tp_msg m;
	struct l2tp_build *b;
	uint16_t error, sid;

	(void)state;
	malformed_sccrqs();

	/* an unknown AVP without M is skipped */
	lac_init(&l, "198.51.100.7", 1701, 11);
	put_sccrq(&l, false);
	l2tp_put(&l.b, 0, 0, 77, "x", 1);
	lac_send(&l);
	expect(&l, L2TP_SCCRP, &m);
	l2tp_get_assigned_tunnel_id(&m, &l.lns_tid);
	lac_scccn(&l, NULL);
	sid = lac_icrq(&l, 1, L2TP_ICRP);
	lac_iccn(&l, sid, false);

	/* an ICRQ with an unknown mandatory AVP: CDN for that call only */
	b = lac_start(&l, L2TP_ICRQ, 0);
	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, 2);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL_NUMBER, 2);
	l2tp_put(b, L2TP_AVP_M, 0, 77, "x", 1);
	lac_send(&l);
	expect(&l, L2TP_CDN, &m);
	assert_int_equal(m.hdr.session_id, 2);
	assert_int_equal(result_of(&m, &error), L2TP_CDN_GENERAL_ERROR);
	assert_int_equal(error, L2TP_ERR_UNKNOWN_M);
	assert_int_equal(l2tp_lns_session_count(lns), 1);
	assert_int_equal(lns->tunnels->state, L2TP_T_ESTABLISHED);

	/* an unknown message type with M=0 is acknowledged and ignored */
	lac_start(&l, 200, 0);
	l2tp_put(&l.b, 0, 0, 77, "x", 1);
	l.buf[12] &= 0x7f;				/* Message Type's M bit */
	lac_send(&l);
	assert_int_equal(lns->stats.ignored, 1);

	/* garbage and data for unknown sessions: counted, nothing else */
	{
		uint8_t junk[3] = { 1, 2, 3 };
		uint8_t data[8] = { 0x00, 0x02, 0x12, 0x34, 0x00, 0x01, 0xff, 0x03 };

		l2tp_lns_input(lns, &l.path, junk, sizeof(junk));
		l2tp_lns_input(lns, &l.path, data, sizeof(data));
		assert_int_equal(lns->stats.bad_header, 1);
		assert_int_equal(lns->stats.data_unknown, 1);
	}

	/* an SCCCN-time mistake ends the tunnel: a second SCCRQ inside it */
	put_sccrq(&l, false);
	l.b.buf[4] = (uint8_t)(l.lns_tid >> 8);	/* addressed to the tunnel */
	l.b.buf[5] = (uint8_t)l.lns_tid;
	lac_send(&l);
	expect(&l, L2TP_STOPCCN, &m);
	assert_int_equal(result_of(&m, NULL), L2TP_STOPCCN_FSM_ERROR);
	assert_int_equal(nlower, 1);
	lac_zlb(&l);					/* our StopCCN acknowledged */
	fake_advance(0);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 0);
}

static void test_challenge(void **state)
{
	struct lac a, b, c;
	struct l2tp_msg m;

	(void)state;
	/* no secret: a peer that challenges us is refused */
	lac_init(&a, "198.51.100.7", 1701, 11);
	put_sccrq(&a, true);
	lac_send(&a);
	expect(&a, L2TP_STOPCCN, &m);
	assert_int_equal(result_of(&m, NULL), L2TP_STOPCCN_NOT_AUTHORIZED);
	assert_int_equal(lns->stats.auth_failures, 1);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 0);

	/* with one: both directions authenticated */
	configure(SECRET, 0, (struct l2tp_lns_limits){ 0 });
	lac_init(&b, "198.51.100.7", 1702, 12);
	lac_sccrq(&b, true);
	assert_int_equal(b.lns_challenge_len, L2TP_LNS_CHALLENGE_LEN);
	lac_scccn(&b, SECRET);
	assert_int_equal(lns->tunnels->state, L2TP_T_ESTABLISHED);

	/* a peer that does not know the secret */
	lac_init(&c, "198.51.100.7", 1703, 13);
	lac_sccrq(&c, false);
	lac_scccn(&c, "wrong");
	expect(&c, L2TP_STOPCCN, &m);
	assert_int_equal(result_of(&m, NULL), L2TP_STOPCCN_NOT_AUTHORIZED);
	assert_int_equal(lns->stats.auth_failures, 2);
}

/* The StopCCN's Result Code message, checked against want. */
static void expect_result_msg(const struct l2tp_msg *m, const char *want)
{
	struct l2tp_result r;

	assert_int_equal(l2tp_get_result(m, &r), L2TP_OK);
	assert_non_null(r.msg);
	assert_int_equal(r.msg_len, strlen(want));
	assert_memory_equal(r.msg, want, r.msg_len);
}

/*
 * /ppp l2tp-secret: an address with a secret of its own is held to it (and a wrong response
 * is told why in the StopCCN), while another address, with no secret anywhere, may not
 * authenticate at all: its StopCCN says there is no secret for it.
 */
static void test_secret_per_address(void **state)
{
	struct lac a, b, c;
	struct l2tp_msg m;

	(void)state;
	addr_secret = SECRET;	/* lac_sccrq checks our response with it */
	addr_secret_for = inet_addr("198.51.100.9");
	lac_init(&a, "198.51.100.9", 1701, 21);
	lac_sccrq(&a, true);
	assert_int_equal(a.lns_challenge_len, L2TP_LNS_CHALLENGE_LEN);
	lac_scccn(&a, SECRET);
	assert_int_equal(lns->tunnels->state, L2TP_T_ESTABLISHED);

	lac_init(&b, "198.51.100.9", 1702, 22);
	lac_sccrq(&b, false);
	lac_scccn(&b, "wrong");
	expect(&b, L2TP_STOPCCN, &m);
	assert_int_equal(result_of(&m, NULL), L2TP_STOPCCN_NOT_AUTHORIZED);
	expect_result_msg(&m, "tunnel authentication failed");

	lac_init(&c, "198.51.100.7", 1701, 23);
	put_sccrq(&c, true);
	lac_send(&c);
	expect(&c, L2TP_STOPCCN, &m);
	assert_int_equal(result_of(&m, NULL), L2TP_STOPCCN_NOT_AUTHORIZED);
	expect_result_msg(&m, "no tunnel secret for this address");
	addr_secret = NULL;
}

static void test_hidden_avp(void **state)
{
	struct lac l;
	struct l2tp_build *b;
	uint8_t rv[16] = { 1, 2, 3 };
	uint16_t sid;

	(void)state;
	configure(SECRET, 0, (struct l2tp_lns_limits){ 0 });
	lac_init(&l, "198.51.100.7", 1701, 11);
	lac_sccrq(&l, false);
	lac_scccn(&l, SECRET);
	b = lac_start(&l, L2TP_ICRQ, 0);
	l2tp_build_secret(b, SECRET, strlen(SECRET));
	l2tp_put_bytes(b, 0, L2TP_AVP_RANDOM_VECTOR, rv, sizeof(rv));
	l2tp_put_u16(b, L2TP_AVP_M | L2TP_AVP_H, L2TP_AVP_ASSIGNED_SESSION_ID, 77);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL_NUMBER, 1);
	lac_send(&l);
	{
		struct l2tp_msg m;

		expect(&l, L2TP_ICRP, &m);
		assert_int_equal(m.hdr.session_id, 77);		/* the hidden id, decrypted */
		assert_int_equal(l2tp_get_assigned_session_id(&m, &sid), L2TP_OK);
	}
	lac_iccn(&l, sid, false);
	assert_int_equal(sessions[0]->peer_id, 77);
}

static void test_ocrq_and_not_accepting(void **state)
{
	struct lac l, k;
	struct l2tp_msg m;
	struct l2tp_build *b;
	struct l2tp_lns_config c = { .accept = false };

	(void)state;
	lac_init(&l, "198.51.100.7", 1701, 11);
	lac_tunnel(&l);
	b = lac_start(&l, L2TP_OCRQ, 0);
	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, 3);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL_NUMBER, 3);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_MINIMUM_BPS, 1);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_MAXIMUM_BPS, 2);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_BEARER_TYPE, 1);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE, 1);
	l2tp_put_string(b, L2TP_AVP_M, L2TP_AVP_CALLED_NUMBER, "1");
	lac_send(&l);
	expect(&l, L2TP_CDN, &m);
	assert_int_equal(result_of(&m, NULL), L2TP_CDN_NO_FACILITIES_PERM);

	/* disabled: no new tunnel, the old one stays */
	l2tp_lns_configure(lns, &c);
	lac_init(&k, "198.51.100.8", 1701, 11);
	put_sccrq(&k, false);
	lac_send(&k);
	assert_int_equal(lac_recv(&k, &m, true), -1);
	assert_int_equal(lns->stats.not_accepting, 1);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 1);
	lac_icrq(&l, 4, L2TP_ICRP);
}

/* A tunnel whose SCCRP is never answered: sent 3 times in all, then gone without a StopCCN. */
static void test_half_open_tunnel_goes_quietly(void **state)
{
	struct lac l;
	struct l2tp_msg m;
	int type, sccrps = 0, others = 0;

	(void)state;
	lac_init(&l, "203.0.113.9", 1701, 21);
	put_sccrq(&l, false);
	lac_send(&l);
	fake_advance(60000);
	while ((type = lac_recv(&l, &m, false)) >= 0) {
		if (type == L2TP_SCCRP)
			sccrps++;
		else
			others++;
	}
	assert_int_equal(sccrps, 3);
	assert_int_equal(others, 0);
	assert_int_equal(lns->stats.half_open_expired, 1);
	assert_int_equal(lns->stats.tunnels_lost, 0);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 0);
	assert_int_equal(lns->tunnel_guard.half_open, 0);
}

/* One address opening tunnels as fast as it can: its burst, then silence until it slows. */
static void test_sccrq_rate_per_source(void **state)
{
	struct lac l;
	unsigned int i;

	(void)state;
	count_only = true;
	for (i = 0; i < 100; i++) {
		lac_init(&l, "203.0.113.10", 1701, (uint16_t)(100 + i));
		put_sccrq(&l, false);
		lac_send(&l);
		fake_advance(0);
	}
	assert_int_equal(lns->stats.tunnels_created, 64);
	assert_int_equal(lns->tunnel_guard.n.source_full + lns->tunnel_guard.n.too_fast, 36);
	assert_int_equal(nsent, 64);		/* the refused got no answer at all */
	fake_advance(1000);
	lac_init(&l, "203.0.113.10", 1701, 999);
	put_sccrq(&l, false);
	lac_send(&l);
	assert_int_equal(lns->stats.tunnels_created, 65);	/* its rate allows one now */
}

/*
 * Forged SCCRQs from 20,000 addresses while a real tunnel is up: the half-open tunnels stay
 * within their cap (the oldest evicted), each forged SCCRQ costs at most 3 datagrams to its
 * victim, and the real tunnel still takes a call.
 */
static void test_spoofed_sccrq_flood(void **state)
{
	struct lac real, l;
	unsigned int i;
	char addr[32];

	(void)state;
	configure(NULL, 3600 * 1000, (struct l2tp_lns_limits){ 0 });	/* no HELLO meanwhile */
	lac_init(&real, "198.51.100.7", 1701, 11);
	lac_tunnel(&real);
	count_only = true;
	nsent = 0;
	for (i = 0; i < 20000; i++) {
		snprintf(addr, sizeof(addr), "10.%u.%u.%u", i >> 16 & 255, i >> 8 & 255,
			 (i & 255) | 1);
		lac_init(&l, addr, 1701, 7);
		put_sccrq(&l, false);
		lac_send(&l);
		fake_advance(i % 10 ? 0 : 50);		/* 200 SCCRQs a second */
		assert_true(lns->tunnel_guard.half_open <= 512);
		assert_true(l2tp_lns_tunnel_count(lns) <= 513 + 1);
	}
	fake_advance(30000);
	assert_true(lns->tunnel_guard.n.evicted > 0);
	assert_true(nsent <= 3 * 20000UL);
	assert_int_equal(l2tp_lns_tunnel_count(lns), 1);
	count_only = false;
	real.seen = nout;
	lac_icrq(&real, 1, L2TP_ICRP);
}

/*
 * Sessions before authentication, in a tunnel without a secret: one source gets 64 (each a
 * netdev), then a CDN "try later"; one coming up makes room once its rate allows. A tunnel
 * that proved the shared secret is a LAC carrying many users: not held to those caps.
 */
static void test_half_open_sessions_per_source(void **state)
{
	struct lac l, lac;
	unsigned int i;

	(void)state;
	lac_init(&l, "198.51.100.7", 1701, 11);
	lac_tunnel(&l);
	for (i = 1; i <= 64; i++)
		lac_icrq(&l, (uint16_t)i, L2TP_ICRP);
	lac_icrq(&l, 65, L2TP_CDN);
	assert_int_equal(lns->session_guard.half_open, 64);
	l2tp_lns_session_up(lns->tunnels->sessions);	/* authenticated */
	assert_int_equal(lns->session_guard.half_open, 63);
	lac_icrq(&l, 66, L2TP_CDN);			/* room, but over its rate */
	fake_advance(100);
	lac_icrq(&l, 67, L2TP_ICRP);

	configure(SECRET, 0, (struct l2tp_lns_limits){ 0 });
	lac_init(&lac, "198.51.100.8", 1701, 12);
	lac_sccrq(&lac, false);
	lac_scccn(&lac, SECRET);
	for (i = 1; i <= 80; i++)
		lac_icrq(&lac, (uint16_t)i, L2TP_ICRP);
	assert_int_equal(lns->session_guard.half_open, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tunnel_and_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sccrq_retransmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_address_other_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipsec_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stopccn_from_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hello_and_peer_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tunnel_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_half_open_tunnel_goes_quietly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sccrq_rate_per_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spoofed_sccrq_flood, setup, teardown),
		cmocka_unit_test_setup_teardown(test_half_open_sessions_per_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_challenge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret_per_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hidden_avp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ocrq_and_not_accepting, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
