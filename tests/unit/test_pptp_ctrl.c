// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/pptp/ctrl.c: the control connection both PPTP roles share, over a real loopback TCP
 * connection and the real event loop, on a fake clock. The test plays the peer on the other
 * end: messages split across reads, echoes (passed to the role before it is established,
 * answered after), the keepalive and its verdict, malformed input, the peer closing, a
 * peer that reads nothing, and a role that closes the connection from inside a callback.
 * The log is fuzz_quiet.c's, silent.
 */
/* unit-test-sources: daemon/pptp/ctrl.c daemon/pptp/msg.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c tests/unit/lib/fuzz_quiet.c */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/log.h"
#include "core/loop.h"
#include "pptp/ctrl.h"
#include "fake_clock.h"

/* ---- the role: records what it is told */

static struct pptp_ctrl ctrl;
static int peer = -1;			/* the test's end of the TCP connection */
static unsigned int nmessages, nlost;
static struct pptp_msg last;
static enum pptp_ctrl_end last_end;
static bool close_on_message;

static void on_message(struct pptp_ctrl *c, const struct pptp_msg *m)
{
	nmessages++;
	last = *m;
	if (close_on_message)
		pptp_ctrl_close(c);
}

static void on_lost(struct pptp_ctrl *c, enum pptp_ctrl_end end, const char *why)
{
	assert_non_null(why);
	nlost++;
	last_end = end;
	pptp_ctrl_close(c);
}

static const struct pptp_ctrl_ops ops = { .message = on_message, .lost = on_lost };

/* ---- the connection */

static int tcp_pair(int *accepted)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	socklen_t len = sizeof(sa);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), cfd;

	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(cfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	*accepted = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	assert_true(*accepted >= 0);
	close(lfd);
	return cfd;
}

static int setup(void **state)
{
	int fd;

	(void)state;
	assert_int_equal(loop_init(), 0);
	nmessages = nlost = 0;
	close_on_message = false;
	peer = tcp_pair(&fd);
	pptp_ctrl_init(&ctrl, &ops, "test", 64 * 1024);
	assert_int_equal(pptp_ctrl_attach(&ctrl, fd, htonl(0x7f000001)), 0);
	assert_int_equal(ctrl.local_addr, htonl(0x7f000001));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pptp_ctrl_close(&ctrl);
	assert_false(loop_timer_armed(&ctrl.echo));
	close(peer);
	loop_timers_done();
	loop_done();
	return 0;
}

/* What the loop would do once the peer's bytes have arrived. */
static void deliver(void)
{
	ctrl.w.cb(&ctrl.w, EPOLLIN);
}

static void peer_sends(const void *buf, size_t len)
{
	assert_int_equal(send(peer, buf, len, 0), (ssize_t)len);
}

static size_t build(const struct pptp_msg *m, uint8_t *buf)
{
	int n = pptp_msg_build(m, buf, PPTP_MSG_MAX);

	assert_true(n > 0);
	return (size_t)n;
}

/* The next message the peer receives. */
static struct pptp_msg peer_receives(void)
{
	uint8_t buf[PPTP_MSG_MAX];
	struct pptp_msg m;
	ssize_t n = recv(peer, buf, 8, MSG_PEEK | MSG_DONTWAIT);
	int len;

	assert_int_equal(n, 8);
	len = buf[0] << 8 | buf[1];		/* the Length field */
	assert_true(len > 0 && len <= PPTP_MSG_MAX);
	assert_int_equal(recv(peer, buf, (size_t)len, MSG_DONTWAIT), len);
	assert_int_equal(pptp_msg_parse(buf, (size_t)len, &m), PPTP_OK);
	return m;
}

static bool peer_has_nothing(void)
{
	uint8_t b;

	return recv(peer, &b, 1, MSG_PEEK | MSG_DONTWAIT) < 0 && errno == EAGAIN;
}

static const struct pptp_msg sccrq = { .type = PPTP_SCCRQ, .sccrq = {
	.version = PPTP_VERSION, .host_name = "peer", .vendor = "test" } };

/* ---- tests */

static void a_message_split_across_reads_arrives_once(void **state)
{
	uint8_t buf[PPTP_MSG_MAX];
	size_t n = build(&sccrq, buf);

	(void)state;
	peer_sends(buf, 5);
	deliver();
	assert_int_equal(nmessages, 0);
	peer_sends(buf + 5, n - 5);
	deliver();
	assert_int_equal(nmessages, 1);
	assert_int_equal(last.type, PPTP_SCCRQ);
	assert_string_equal(last.sccrq.host_name, "peer");
	assert_int_equal(ctrl.in_len, 0);
}

static void two_messages_in_one_read_both_arrive(void **state)
{
	uint8_t buf[2 * PPTP_MSG_MAX];
	size_t n = build(&sccrq, buf);

	(void)state;
	n += build(&(struct pptp_msg){ .type = PPTP_CCRQ, .ccrq = { .call_id = 7 } }, buf + n);
	peer_sends(buf, n);
	deliver();
	assert_int_equal(nmessages, 2);
	assert_int_equal(last.type, PPTP_CCRQ);
	assert_int_equal(last.ccrq.call_id, 7);
}

static void echo_goes_to_the_role_until_established(void **state)
{
	uint8_t buf[PPTP_MSG_MAX];
	struct pptp_msg m;

	(void)state;
	peer_sends(buf, build(&(struct pptp_msg){ .type = PPTP_ECHORQ, .echorq = { .id = 5 } },
			      buf));
	deliver();
	assert_int_equal(nmessages, 1);
	assert_int_equal(last.type, PPTP_ECHORQ);
	assert_true(peer_has_nothing());

	pptp_ctrl_established(&ctrl);
	peer_sends(buf, build(&(struct pptp_msg){ .type = PPTP_ECHORQ, .echorq = { .id = 6 } },
			      buf));
	deliver();
	assert_int_equal(nmessages, 1);		/* answered here, not passed on */
	m = peer_receives();
	assert_int_equal(m.type, PPTP_ECHORP);
	assert_int_equal(m.echorp.id, 6);
	assert_int_equal(m.echorp.result, PPTP_ECHORP_OK);
}

static void a_silent_peer_is_asked_then_lost(void **state)
{
	struct pptp_msg m;

	(void)state;
	pptp_ctrl_established(&ctrl);
	fake_advance(PPTP_ECHO_IDLE_MS - 1);
	assert_true(peer_has_nothing());
	fake_advance(1);
	m = peer_receives();
	assert_int_equal(m.type, PPTP_ECHORQ);
	assert_int_equal(nlost, 0);
	fake_advance(PPTP_ECHO_IDLE_MS);
	assert_int_equal(nlost, 1);
	assert_int_equal(last_end, PPTP_CTRL_SILENT);
	assert_false(pptp_ctrl_is_open(&ctrl));
}

static void an_echo_reply_keeps_the_connection(void **state)
{
	uint8_t buf[PPTP_MSG_MAX];
	struct pptp_msg m;

	(void)state;
	pptp_ctrl_established(&ctrl);
	fake_advance(PPTP_ECHO_IDLE_MS);
	m = peer_receives();
	peer_sends(buf, build(&(struct pptp_msg){ .type = PPTP_ECHORP,
						  .echorp = { .id = m.echorq.id, .result = 1 } },
			      buf));
	deliver();
	assert_int_equal(nmessages, 0);
	fake_advance(PPTP_ECHO_IDLE_MS);
	assert_int_equal(nlost, 0);
	m = peer_receives();			/* the next round's request */
	assert_int_equal(m.type, PPTP_ECHORQ);
}

static void a_quiet_connection_sends_no_echo(void **state)
{
	(void)state;
	pptp_ctrl_established(&ctrl);
	pptp_ctrl_quiet(&ctrl);
	fake_advance(3 * PPTP_ECHO_IDLE_MS);
	assert_true(peer_has_nothing());
	assert_int_equal(nlost, 0);
}

static void malformed_input_loses_the_connection(void **state)
{
	uint8_t junk[16] = { 0, 16, 0, 1, 0xde, 0xad, 0xbe, 0xef };	/* wrong magic cookie */

	(void)state;
	peer_sends(junk, sizeof(junk));
	deliver();
	assert_int_equal(nmessages, 0);
	assert_int_equal(nlost, 1);
	assert_int_equal(last_end, PPTP_CTRL_MALFORMED);
}

static void the_peer_closing_loses_the_connection(void **state)
{
	(void)state;
	shutdown(peer, SHUT_WR);
	deliver();
	assert_int_equal(nlost, 1);
	assert_int_equal(last_end, PPTP_CTRL_CLOSED);
}

static void a_close_inside_a_callback_stops_reading(void **state)
{
	uint8_t buf[2 * PPTP_MSG_MAX];
	size_t n = build(&sccrq, buf);

	(void)state;
	n += build(&sccrq, buf + n);
	close_on_message = true;
	peer_sends(buf, n);
	deliver();
	assert_int_equal(nmessages, 1);
	assert_int_equal(ctrl.in_len, 0);
	assert_int_equal(pptp_ctrl_send(&ctrl, &sccrq), -ENOTCONN);
}

/* A peer that reads nothing fills our queue up to out_max, then sending says so. */
static void the_send_queue_is_bounded(void **state)
{
	const struct pptp_msg echo = { .type = PPTP_ECHORQ, .echorq = { .id = 1 } };
	int small = 1, i, ret = 0;

	(void)state;
	ctrl.out_max = 4096;
	setsockopt(ctrl.w.fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	setsockopt(peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	for (i = 0; i < 1000000 && !ret; i++)
		ret = pptp_ctrl_send(&ctrl, &echo);
	assert_int_equal(ret, -ENOBUFS);
	assert_true(ctrl.out_len <= ctrl.out_max);
	assert_true(ctrl.out_len + 16 > ctrl.out_max);
	assert_true(pptp_ctrl_is_open(&ctrl));	/* what that means is the role's to decide */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(a_message_split_across_reads_arrives_once),
		T(two_messages_in_one_read_both_arrive),
		T(echo_goes_to_the_role_until_established),
		T(a_silent_peer_is_asked_then_lost),
		T(an_echo_reply_keeps_the_connection),
		T(a_quiet_connection_sends_no_echo),
		T(malformed_input_loses_the_connection),
		T(the_peer_closing_loses_the_connection),
		T(a_close_inside_a_callback_stops_reading),
		T(the_send_queue_is_bounded),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
