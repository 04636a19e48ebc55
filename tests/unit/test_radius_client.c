// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/radius/client.c against fake servers on 127.0.0.1 in the same event loop: what a
 * request carries (hidden password, Message-Authenticator), RFC 5080 retransmission (same
 * Identifier and authenticator), failover to the next server with a new Identifier, a forged
 * reply ignored, nobody answering, cancel, the per-server counters, accounting requests, and
 * the accounting queue: Accounting-On sent and acknowledged, or kept in the spool (with the
 * Accounting-Off) while the server is silent and sent after a "restart"; at stop, the
 * records queued or in flight are acknowledged before it returns.
 */
/* unit-test-sources: daemon/radius/client.c daemon/radius/acct.c daemon/radius/spool.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include "admin/config.h"
#include "radius/radius_menu.h"
#include "core/loop.h"
#include "ppp/link.h"
#include "radius/acct.h"
#include "radius/client.h"
#include "radius/spool.h"
#include "strbuf.h"
#include "radius/crypto.h"
#include "radius/packet.h"

#define SECRET "s3cret"

const struct ppp_link_acct_ops *ppp_link_acct;	/* ppp/link.c's */

enum behaviour { ANSWER, SILENT, DROP_TWO, FORGE_FIRST, DELAYED, NO_MA };

struct fake {
	struct loop_fd w;
	uint16_t port;
	enum behaviour how;
	unsigned int got;
	uint8_t ids[8], auths[8][16];
	struct rad_packet last;
	struct sockaddr_in from;
};

static struct fake fakes[2];

/* DELAYED: every request answered held_ms after it came, as a slow server would */
#define HELD_MAX 32
static struct held {
	uint8_t pkt[RAD_MAX_LEN];
	size_t len;
	struct sockaddr_in from;
	uint64_t due;
} held[HELD_MAX];
static size_t nheld, held_at_second;
static unsigned int held_ms;
static struct loop_timer held_timer;
static struct loop_timer guard;
static int done_calls;
static bool answered_ok;
static uint8_t answered_code;

static void hmac_md5(const uint8_t *d, size_t n, uint8_t out[16])
{
	size_t olen;

	assert_non_null(EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, SECRET, strlen(SECRET), d, n,
				  out, 16, &olen));
}

/* the Access-Request's Message-Authenticator, checked as a server would */
static void check_msg_auth(const uint8_t *pkt, size_t len)
{
	struct rad_attr a;
	uint8_t copy[RAD_MAX_LEN], want[16];

	assert_true(rad_find(pkt, len, RAD_MESSAGE_AUTHENTICATOR, &a));
	memcpy(copy, pkt, len);
	memset(copy + (a.val - pkt), 0, 16);
	hmac_md5(copy, len, want);
	assert_memory_equal(want, a.val, 16);
}

static void reply(struct fake *f, const uint8_t *req, const struct sockaddr_in *to,
		  const char *secret)
{
	struct rad_packet p;

	rad_init(&p, req[0] == RAD_ACCESS_REQUEST ? RAD_ACCESS_ACCEPT : RAD_ACCT_RESPONSE, req[1]);
	rad_put_u32(&p, RAD_SESSION_TIMEOUT, 77);
	if (f->how != NO_MA)	/* a server without its Blast-RADIUS update */
		rad_put_msg_auth(&p);
	assert_int_equal(rad_sign_response(&p, req + 4, secret), 0);
	assert_int_equal(sendto(f->w.fd, p.data, p.len, 0, (const struct sockaddr *)to,
				sizeof(*to)), (ssize_t)p.len);
}

static void fake_in(struct loop_fd *w, uint32_t events)
{
	struct fake *f = (struct fake *)w;
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	uint8_t buf[RAD_MAX_LEN];
	const char *why;
	ssize_t n = recvfrom(w->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

	(void)events;
	assert_true(n > 0);
	assert_int_equal(rad_check(buf, (size_t)n, &why), n);
	if (f->got < 8) {
		f->ids[f->got] = buf[1];
		memcpy(f->auths[f->got], buf + 4, 16);
	}
	f->got++;
	f->from = from;
	memcpy(f->last.data, buf, (size_t)n);
	f->last.len = (size_t)n;
	if (buf[0] == RAD_ACCESS_REQUEST)
		check_msg_auth(buf, (size_t)n);
	else
		assert_int_equal(rad_verify_request(buf, (size_t)n, SECRET, &why), 0);
	switch (f->how) {
	case SILENT:
		return;
	case DROP_TWO:
		if (f->got <= 2)
			return;
		break;
	case FORGE_FIRST:
		if (f->got == 1)
			reply(f, buf, &from, "not-the-secret");
		break;
	case DELAYED:
		assert_true(nheld < HELD_MAX);
		if (f->got == 2)
			held_at_second = nheld;
		memcpy(held[nheld].pkt, buf, (size_t)n);
		held[nheld].len = (size_t)n;
		held[nheld].from = from;
		held[nheld++].due = loop_now_ms() + held_ms;
		if (!loop_timer_armed(&held_timer))
			loop_timer_arm(&held_timer, held_ms);
		return;
	case ANSWER:
	case NO_MA:
		break;
	}
	reply(f, buf, &from, SECRET);
}

static void held_fire(struct loop_timer *t)
{
	while (nheld && held[0].due <= loop_now_ms()) {
		reply(&fakes[0], held[0].pkt, &held[0].from, SECRET);
		memmove(held, held + 1, --nheld * sizeof(held[0]));
	}
	if (nheld)
		loop_timer_arm(t, (unsigned int)(held[0].due - loop_now_ms()));
}

static void fake_open(struct fake *f, enum behaviour how)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	socklen_t sl = sizeof(sa);

	memset(f, 0, sizeof(*f));
	f->how = how;
	f->w.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	assert_true(f->w.fd >= 0);
	assert_int_equal(bind(f->w.fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(f->w.fd, (struct sockaddr *)&sa, &sl), 0);
	f->port = ntohs(sa.sin_port);
	f->w.events = EPOLLIN;
	f->w.cb = fake_in;
	assert_int_equal(loop_add(&f->w), 0);
}

static void add_server_from(const struct fake *f, const char *timeout, const char *src)
{
	char port[8];
	const char *keys[] = { "address", "secret", "authentication-port", "accounting-port",
			       "timeout", "src-address" };
	const char *vals[] = { "127.0.0.1", SECRET, port, port, timeout, src };
	struct strbuf err;

	snprintf(port, sizeof(port), "%u", f->port);
	sb_init(&err);
	assert_int_equal(cfg_add((&radius_menu), keys, vals, src ? 6 : 5, &err), 0);
	sb_free(&err);
}

static void add_server(const struct fake *f, const char *timeout)
{
	add_server_from(f, timeout, NULL);
}

static void guard_fired(struct loop_timer *t)
{
	(void)t;
	loop_stop();
	fail_msg("the request never ended");
}

static void done(void *ctx, const struct rad_reply *r)
{
	uint32_t v = 0;

	assert_ptr_equal(ctx, &fakes);
	done_calls++;
	answered_ok = r != NULL;
	if (r) {
		answered_code = r->pkt[0];
		assert_true(rad_get_u32(r->pkt, r->len, RAD_SESSION_TIMEOUT, &v));
		assert_int_equal(v, 77);
	}
	loop_stop();
}

static int setup(void **state)
{
	(void)state;
	done_calls = 0;
	answered_ok = false;
	nheld = held_at_second = 0;
	loop_timer_init(&guard, guard_fired);
	loop_timer_init(&held_timer, held_fire);
	if (loop_init() || config_init())
		return -1;
	return 0;
}

static int teardown(void **state)
{
	size_t i;

	(void)state;
	rad_client_done();
	for (i = 0; i < 2; i++)
		if (fakes[i].w.fd > 0) {
			loop_del(&fakes[i].w);
			close(fakes[i].w.fd);
			fakes[i].w.fd = 0;
		}
	loop_timer_cancel(&guard);
	loop_timer_cancel(&held_timer);
	config_done();
	loop_done();
	loop_timers_done();
	return 0;
}

static void run(void)
{
	loop_timer_arm(&guard, 10000);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(&guard);
}

static struct rad_request *start_auth(const char *password)
{
	struct rad_packet p;

	rad_init(&p, RAD_ACCESS_REQUEST, 0);
	rad_put_str(&p, RAD_USER_NAME, "alice");
	return rad_request_start(RAD_KIND_AUTH, RAD_ACCESS_REQUEST, p.data + RAD_HDR_LEN,
				 p.len - RAD_HDR_LEN, password, 0, done, &fakes);
}

static void test_accept(void **state)
{
	struct rad_server_stats st;
	struct rad_attr a;
	uint8_t plain[64];
	char port[8];

	(void)state;
	fake_open(&fakes[0], ANSWER);
	add_server(&fakes[0], "200ms");
	assert_true(rad_client_has_servers());
	assert_non_null(start_auth("a password of more than sixteen bytes"));
	run();
	assert_int_equal(done_calls, 1);
	assert_true(answered_ok);
	assert_int_equal(answered_code, RAD_ACCESS_ACCEPT);
	/* the password, hidden with the request's authenticator, is the one given */
	assert_true(rad_find(fakes[0].last.data, fakes[0].last.len, RAD_USER_PASSWORD, &a));
	assert_int_equal(a.len, 48);
	assert_int_equal(rad_unhide_password(SECRET, fakes[0].last.data + 4, a.val, a.len, plain), 0);
	assert_memory_equal(plain, "a password of more than sixteen bytes\0", 38);
	snprintf(port, sizeof(port), "%u", fakes[0].port);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.accepts, 1);
	assert_int_equal(st.pending, 0);
	assert_int_equal(st.resends, 0);
	/* /radius monitor 0 */
	{
		struct strbuf out;

		sb_init(&out);
		rad_client_monitor((&radius_menu), &(&radius_menu)->items[0],
				   &out, 0);
		assert_non_null(strstr(out.p, "            requests: 1\n"));
		assert_non_null(strstr(out.p, "             accepts: 1\n"));
		assert_non_null(strstr(out.p, "         bad-replies: 0\n"));
		sb_reset(&out);
		rad_client_monitor((&radius_menu), &(&radius_menu)->items[0],
				   &out, 1);
		assert_non_null(strstr(out.p, "\"accepts\":1,"));
		sb_free(&out);
	}
}

/* src-address: requests leave from it, and it is the NAS-IP-Address */
static void test_src_address(void **state)
{
	(void)state;
	fake_open(&fakes[0], ANSWER);
	add_server_from(&fakes[0], "200ms", "127.0.0.2");
	assert_non_null(start_auth("pw"));
	run();
	assert_true(answered_ok);
	assert_int_equal(fakes[0].from.sin_addr.s_addr, inet_addr("127.0.0.2"));
	assert_int_equal(rad_client_nas_ip(), inet_addr("127.0.0.2"));
}

/* RFC 5080 2.2.1: a retransmission is the same packet: same id, same authenticator */
static void test_retransmit(void **state)
{
	struct rad_server_stats st;

	(void)state;
	fake_open(&fakes[0], DROP_TWO);
	add_server(&fakes[0], "30ms");
	assert_non_null(start_auth("pw"));
	run();
	assert_true(answered_ok);
	assert_int_equal(fakes[0].got, 3);
	assert_int_equal(fakes[0].ids[0], fakes[0].ids[1]);
	assert_int_equal(fakes[0].ids[1], fakes[0].ids[2]);
	assert_memory_equal(fakes[0].auths[0], fakes[0].auths[2], 16);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_int_equal(st.resends, 2);
	assert_int_equal(st.timeouts, 0);
}

/* the first server never answers: after its tries, the second gets a new packet */
static void test_failover(void **state)
{
	struct rad_server_stats st0, st1;

	(void)state;
	fake_open(&fakes[0], SILENT);
	fake_open(&fakes[1], ANSWER);
	add_server(&fakes[0], "20ms");
	add_server(&fakes[1], "20ms");
	assert_non_null(start_auth("pw"));
	run();
	assert_true(answered_ok);
	assert_int_equal(fakes[0].got, RAD_TRIES);
	assert_int_equal(fakes[1].got, 1);
	assert_int_not_equal(fakes[0].ids[0], fakes[1].ids[0]);
	assert_memory_not_equal(fakes[0].auths[0], fakes[1].auths[0], 16);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st0);
	rad_client_stats("127.0.0.1", fakes[1].port, fakes[1].port, &st1);
	assert_int_equal(st0.timeouts, 1);
	assert_int_equal(st0.pending, 0);
	assert_int_equal(st1.accepts, 1);
	/* the dead server is passed over by the next request */
	done_calls = 0;
	assert_non_null(start_auth("pw"));
	run();
	assert_true(answered_ok);
	assert_int_equal(fakes[0].got, RAD_TRIES);
	assert_int_equal(fakes[1].got, 2);
}

static void test_nobody_answers(void **state)
{
	struct rad_server_stats st;

	(void)state;
	fake_open(&fakes[0], SILENT);
	add_server(&fakes[0], "10ms");
	assert_non_null(start_auth("pw"));
	run();
	assert_int_equal(done_calls, 1);
	assert_false(answered_ok);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_int_equal(st.timeouts, 1);
	assert_int_equal(st.resends, RAD_TRIES - 1);
}

/* a reply signed with another secret is counted and ignored; the real one is taken */
static void test_forged_reply(void **state)
{
	struct rad_server_stats st;

	(void)state;
	fake_open(&fakes[0], FORGE_FIRST);
	add_server(&fakes[0], "30ms");
	assert_non_null(start_auth("pw"));
	run();
	assert_true(answered_ok);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_int_equal(st.bad_replies, 1);
	assert_int_equal(st.accepts, 1);
}

/*
 * Blast-RADIUS: by default an Access-Accept without Message-Authenticator is refused (a bad
 * reply, and the request goes unanswered); require-message-auth=no takes it.
 */
static void test_message_authenticator_required(void **state)
{
	const char *k[] = { "require-message-auth" }, *v[] = { "no" };
	struct rad_server_stats st;
	struct strbuf err;

	(void)state;
	fake_open(&fakes[0], NO_MA);
	add_server(&fakes[0], "30ms");
	assert_string_equal(cfg_get(&radius_menu, &radius_menu.items[0], "require-message-auth"),
			    "yes-for-request-resp");
	assert_non_null(start_auth("pw"));
	run();
	assert_int_equal(done_calls, 1);
	assert_false(answered_ok);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_int_equal(st.bad_replies, RAD_TRIES);
	assert_int_equal(st.accepts, 0);
	sb_init(&err);
	assert_int_equal(cfg_set(&radius_menu, &radius_menu.items[0], k, v, 1, &err), 0);
	sb_free(&err);
	assert_non_null(start_auth("pw"));
	run();
	assert_int_equal(done_calls, 2);
	assert_true(answered_ok);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_int_equal(st.accepts, 1);
}

static void test_cancel_and_no_server(void **state)
{
	struct rad_request *r;
	struct rad_server_stats st;

	(void)state;
	assert_null(start_auth("pw"));		/* no server: no request, no callback */
	assert_false(rad_client_has_servers());
	fake_open(&fakes[0], SILENT);
	add_server(&fakes[0], "10ms");
	r = start_auth("pw");
	assert_non_null(r);
	rad_request_cancel(r);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_int_equal(st.pending, 0);
	assert_int_equal(done_calls, 0);
	/* disabled or for another service: not used */
	{
		const char *k[] = { "service" }, *v[] = { "login" };
		struct strbuf err;

		sb_init(&err);
		assert_int_equal(cfg_set((&radius_menu),
					 &(&radius_menu)->items[0], k, v, 1, &err), 0);
		sb_free(&err);
	}
	assert_false(rad_client_has_servers());
}

/* accounting: the server checks the authenticator; Acct-Delay-Time counts from creation */
static void test_accounting(void **state)
{
	struct rad_packet p;
	uint32_t delay = 99;

	(void)state;
	fake_open(&fakes[0], ANSWER);
	add_server(&fakes[0], "200ms");
	rad_init(&p, RAD_ACCT_REQUEST, 0);
	rad_put_u32(&p, RAD_ACCT_STATUS_TYPE, 1);
	assert_non_null(rad_request_start(RAD_KIND_ACCT, RAD_ACCT_REQUEST, p.data + RAD_HDR_LEN,
					  p.len - RAD_HDR_LEN, NULL, time(NULL) - 42, done,
					  &fakes));
	run();
	assert_true(answered_ok);
	assert_int_equal(answered_code, RAD_ACCT_RESPONSE);
	assert_true(rad_get_u32(fakes[0].last.data, fakes[0].last.len, RAD_ACCT_DELAY_TIME, &delay));
	assert_in_range(delay, 42, 44);
}

static struct loop_timer poll_timer;
static size_t want_count;

static void poll_spool(struct loop_timer *t)
{
	if (rad_spool_count() == want_count) {
		loop_stop();
		return;
	}
	loop_timer_arm(t, 10);
}

static void stop_loop(struct loop_timer *t)
{
	(void)t;
	loop_stop();
}

static void run_until_spool(size_t n)
{
	want_count = n;
	loop_timer_init(&poll_timer, poll_spool);
	loop_timer_arm(&poll_timer, 10);
	run();
	loop_timer_cancel(&poll_timer);
}

static void test_acct_queue(void **state)
{
	char path[64];
	uint64_t t0;
	uint32_t v;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test-acct-spool.%d", (int)getpid());
	unlink(path);
	/* a silent server: Accounting-On stays in the spool, Accounting-Off joins it */
	fake_open(&fakes[0], SILENT);
	add_server(&fakes[0], "10ms");
	assert_int_equal(rad_acct_init(path), 0);
	assert_int_equal(rad_spool_count(), 1);
	/* the first round: three sends (10, 20, 40 ms apart), no answer, the queue pauses */
	loop_timer_init(&poll_timer, stop_loop);
	loop_timer_arm(&poll_timer, 500);
	assert_int_equal(loop_run(), 0);
	assert_int_equal(fakes[0].got, RAD_TRIES);
	assert_int_equal(rad_spool_count(), 1);
	t0 = loop_now_ms();
	rad_acct_done();	/* the queue is paused: the stop does not wait for it */
	assert_true(loop_now_ms() - t0 < 100);
	assert_int_equal(fakes[0].got, RAD_TRIES);
	assert_int_equal(rad_spool_open(path), 0);
	assert_int_equal(rad_spool_count(), 2);
	rad_spool_close();
	/* "after a restart", with a server that answers: both sent, oldest first, the new
	 * Accounting-On after them; the spool empties */
	loop_del(&fakes[0].w);
	close(fakes[0].w.fd);
	fake_open(&fakes[0], ANSWER);
	{
		char port[8];
		const char *k[] = { "accounting-port" }, *val[] = { port };
		struct strbuf err;

		snprintf(port, sizeof(port), "%u", fakes[0].port);
		sb_init(&err);
		assert_int_equal(cfg_set((&radius_menu), &(&radius_menu)->items[0],
					 k, val, 1, &err), 0);
		sb_free(&err);
	}
	assert_int_equal(rad_acct_init(path), 0);
	assert_int_equal(rad_spool_count(), 3);
	run_until_spool(0);
	assert_int_equal(fakes[0].got, 3);
	assert_true(rad_get_u32(fakes[0].last.data, fakes[0].last.len, RAD_ACCT_STATUS_TYPE, &v));
	assert_int_equal(v, 7);	/* the last one sent: this start's Accounting-On */
	rad_acct_done();	/* this stop's Accounting-Off goes out before it returns */
	assert_int_equal(fakes[0].got, 4);
	assert_true(rad_get_u32(fakes[0].last.data, fakes[0].last.len, RAD_ACCT_STATUS_TYPE, &v));
	assert_int_equal(v, 8);
	assert_int_equal(rad_spool_open(path), 0);
	assert_int_equal(rad_spool_count(), 0);
	rad_spool_close();
	unlink(path);
}

/*
 * A record in flight when sluiced stops: the stop waits for its answer (the server gets
 * its retransmissions, same Identifier and authenticator, which it can tell for what they
 * are) instead of leaving it in the spool, to be sent after the next start as a new request
 * that the server would account a second time.
 */
static void test_acct_in_flight_at_stop(void **state)
{
	char path[64];
	uint32_t v;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test-acct-spool.%d", (int)getpid());
	unlink(path);
	fake_open(&fakes[0], DROP_TWO);		/* the first two sends get no answer */
	add_server(&fakes[0], "30ms");
	assert_int_equal(rad_acct_init(path), 0);
	loop_timer_init(&poll_timer, stop_loop);
	loop_timer_arm(&poll_timer, 5);		/* Accounting-On sent, not yet answered */
	assert_int_equal(loop_run(), 0);
	assert_int_equal(fakes[0].got, 1);
	assert_int_equal(rad_spool_count(), 1);
	rad_acct_done();
	/* On twice unanswered, its third send answered (the same packet each time), then Off */
	assert_int_equal(fakes[0].got, 4);
	assert_true(rad_get_u32(fakes[0].last.data, fakes[0].last.len, RAD_ACCT_STATUS_TYPE, &v));
	assert_int_equal(v, 8);
	assert_int_equal(fakes[0].ids[1], fakes[0].ids[0]);
	assert_int_equal(fakes[0].ids[2], fakes[0].ids[0]);
	assert_memory_equal(fakes[0].auths[1], fakes[0].auths[0], 16);
	assert_memory_equal(fakes[0].auths[2], fakes[0].auths[0], 16);
	assert_int_not_equal(fakes[0].ids[3], fakes[0].ids[0]);
	assert_int_equal(rad_spool_open(path), 0);
	assert_int_equal(rad_spool_count(), 0);	/* nothing left to send a second time */
	rad_spool_close();
	unlink(path);
}

static void start_acct(void)
{
	struct rad_packet p;

	rad_init(&p, RAD_ACCT_REQUEST, 0);
	rad_put_u32(&p, RAD_ACCT_STATUS_TYPE, 3);
	assert_non_null(rad_request_start(RAD_KIND_ACCT, RAD_ACCT_REQUEST, p.data + RAD_HDR_LEN,
					  p.len - RAD_HDR_LEN, NULL, 0, done, &fakes));
}

/*
 * A server slower than the timeout: the first Accounting-Request is retransmitted (the
 * same packet), the next ones wait twice the time it took, and go once; an Access-Request
 * keeps the configured timeout.
 */
static void test_acct_slow_server(void **state)
{
	struct rad_server_stats st;
	unsigned long resends;

	(void)state;
	held_ms = 150;	/* sends at 0, 100 and 300 ms: the answer comes between */
	fake_open(&fakes[0], DELAYED);
	add_server(&fakes[0], "100ms");
	start_acct();
	run();
	assert_true(answered_ok);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_true(st.resends >= 1);
	resends = st.resends;
	nheld = 0;	/* the retransmissions' answers are not wanted */
	loop_timer_cancel(&held_timer);
	start_acct();
	run();
	start_acct();
	run();
	assert_int_equal(done_calls, 3);
	assert_true(answered_ok);
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_int_equal(st.resends, resends);	/* each of them sent once */
	assert_int_equal(st.timeouts, 0);
	/* authentication: the timeout as configured */
	assert_non_null(start_auth("pw"));
	run();
	rad_client_stats("127.0.0.1", fakes[0].port, fakes[0].port, &st);
	assert_true(st.resends > resends);
}

/*
 * Records waiting at start (a restart after an outage) go one at a time at first, the
 * window growing with each acknowledgement: a burst would meet a slow server, whose late
 * answers would bring retransmissions.
 */
static void test_acct_window(void **state)
{
	char path[64];
	struct rad_packet p;
	int i;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test-acct-spool.%d", (int)getpid());
	unlink(path);
	assert_int_equal(rad_spool_open(path), 0);
	rad_init(&p, RAD_ACCT_REQUEST, 0);
	rad_put_u32(&p, RAD_ACCT_STATUS_TYPE, 3);
	for (i = 0; i < 5; i++)
		assert_non_null(rad_spool_push(p.data + RAD_HDR_LEN, p.len - RAD_HDR_LEN, time(NULL)));
	assert_int_equal(rad_spool_sync(), 0);
	rad_spool_close();
	held_ms = 20;
	fake_open(&fakes[0], DELAYED);
	add_server(&fakes[0], "500ms");
	assert_int_equal(rad_acct_init(path), 0);
	assert_int_equal(rad_spool_count(), 6);
	run_until_spool(0);
	assert_int_equal(fakes[0].got, 6);	/* no retransmission */
	assert_int_equal(held_at_second, 0);	/* the first was answered before the second went */
	rad_acct_done();
	rad_spool_open(path);
	assert_int_equal(rad_spool_count(), 0);
	rad_spool_close();
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_src_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nobody_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_message_authenticator_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_and_no_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acct_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acct_in_flight_at_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acct_slow_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acct_window, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
