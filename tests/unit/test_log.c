// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/core/log.c under a flood: lines are limited per source topic and per peer, the
 * number dropped is written when lines pass again, accounting lines are never dropped, and
 * what a peer sent is escaped before it reaches a line.
 */
/* unit-test-sources: daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "core/log.h"
#include "fake_clock.h"

static char *captured;	/* what the lines since setup wrote to stderr */
static FILE *sink;
static int real_stderr = -1;

/* stderr into the sink until output() (cmocka reports failures on stderr too) */
static void capture(void)
{
	fflush(stderr);
	if (real_stderr < 0)
		real_stderr = dup(STDERR_FILENO);
	assert_true(dup2(fileno(sink), STDERR_FILENO) >= 0);
}

static int setup(void **state)
{
	(void)state;
	if (sink)
		fclose(sink);
	sink = tmpfile();
	if (!sink)
		return -1;
	capture();
	log_open("test", 1, 0);
	log_limits_reset();
	fake_advance(60 * 1000);
	return 0;
}

static const char *output(void)
{
	struct stat st;

	fflush(stderr);
	dup2(real_stderr, STDERR_FILENO);
	assert_int_equal(fstat(fileno(sink), &st), 0);
	free(captured);
	captured = calloc(1, (size_t)st.st_size + 1);
	assert_non_null(captured);
	assert_int_equal(pread(fileno(sink), captured, (size_t)st.st_size, 0), st.st_size);
	return captured;
}

static int teardown(void **state)
{
	(void)state;
	fflush(stderr);
	dup2(real_stderr, STDERR_FILENO);
	return 0;
}

static int count(const char *text, const char *what)
{
	int n = 0;

	for (; (text = strstr(text, what)); text++)
		n++;
	return n;
}

/* 600 lines at once in one topic: 500 go out, 100 are counted; other topics and
 * accounting are untouched; a second later the count is written, then the line. */
static void test_topic_limit(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 600; i++)
		log_msg(LOG_T_L2TP, LOG_WARNING, "bad packet %d", i);
	for (i = 0; i < 1000; i++)
		log_msg(LOG_T_PPP | LOG_T_ACCOUNT, LOG_INFO, "acct: interim session=%d", i);
	log_msg(LOG_T_RADIUS, LOG_WARNING, "radius still heard");
	assert_int_equal(log_limit_stats()->suppressed, 100);
	assert_int_equal(count(output(), "l2tp,warning: bad packet"), 500);
	assert_int_equal(count(captured, "acct: interim session="), 1000);
	assert_non_null(strstr(captured, "radius,warning: radius still heard"));
	capture();
	log_msg(LOG_T_L2TP, LOG_WARNING, "bad packet again");
	assert_null(strstr(output(), "bad packet again"));
	fake_advance(1000);	/* 50 lines' worth */
	capture();
	log_msg(LOG_T_L2TP, LOG_WARNING, "bad packet later");
	output();
	assert_non_null(strstr(captured, "l2tp,warning: log: 101 lines of topic l2tp suppressed "
				"by the rate limit\n"));
	assert_true(strstr(captured, "suppressed by") < strstr(captured, "bad packet later"));
	assert_int_equal(count(captured, "suppressed by"), 1);
}

/* One peer's lines use up its own bucket, not its topic's: another peer is still heard. */
static void test_peer_limit(void **state)
{
	uint32_t a = inet_addr("192.0.2.1"), b = inet_addr("192.0.2.2");
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		log_msg_from(a, LOG_T_RADIUS, LOG_WARNING, "forged from a %d", i);
	log_msg_from(b, LOG_T_RADIUS, LOG_WARNING, "from b");
	assert_int_equal(count(output(), "forged from a"), 20);
	assert_non_null(strstr(captured, "from b"));
	assert_int_equal(log_limit_stats()->suppressed, 80);
	fake_advance(500);	/* one line's worth at 2 a second */
	capture();
	log_msg_from(a, LOG_T_RADIUS, LOG_WARNING, "a again");
	assert_non_null(strstr(output(), "log: 80 lines of topic radius about 192.0.2.1 "
				  "suppressed by the rate limit"));
	assert_non_null(strstr(captured, "a again"));
	/* many spoofed peers: the table recycles the oldest, the topic's bucket still holds */
	capture();
	for (i = 0; i < 2000; i++)
		log_msg_from(htonl(0x0a000000u + (uint32_t)i), LOG_T_L2TP, LOG_WARNING, "spoof");
	assert_int_equal(count(output(), "l2tp,warning: spoof"), 500);
}

/* log_escape: what a peer chose is shown, never a line break or escape sequence; and any
 * line is written with its control bytes escaped, whatever the caller forgot */
static void test_escape(void **state)
{
	char out[64];

	(void)state;
	log_msg(LOG_T_PPP | LOG_T_ACCOUNT, LOG_INFO, "acct: start user=%s service=pptp",
		"eve\n12:00:00.000 ppp,account,info: acct: stop user=alice\x1b[2J\x7f");
	assert_int_equal(count(output(), "\n"), 1);
	assert_non_null(strstr(captured, "acct: start user=eve\\x0a12:00:00.000 ppp,account,info: "
				"acct: stop user=alice\\x1b[2J\\x7f service=pptp\n"));
	log_escape(out, sizeof(out), "al\nice\x1b[2J\\");
	assert_string_equal(out, "al\\x0aice\\x1b[2J\\x5c");
	log_escape(out, 8, "abcdefghij");
	assert_string_equal(out, "abc");
	log_escape(out, 8, "\x7f\x80");
	assert_string_equal(out, "\\x7f");
}

/* The fields of one entry, each "KEY=value\n": how many lines start with key= */
static int fields(const char *entry, const char *key)
{
	size_t k = strlen(key);
	const char *l;
	int n = 0;

	for (l = entry; *l; l = strchr(l, '\n') + 1) {
		assert_non_null(strchr(l, '\n'));	/* every field ends its line */
		n += !strncmp(l, key, k) && l[k] == '=';
	}
	return n;
}

/*
 * A journal entry with a user name chosen to forge fields: the newline that would start
 * MESSAGE= or PRIORITY= of its own is \x0a inside SLUICE_USER=, so every field is there
 * once; a value too long for the entry is left out whole, the rest still framed.
 */
static void test_journal_hostile_user(void **state)
{
	struct log_session s = {
		.session = "0000002a", .service = "pptp", .peer = inet_addr("192.0.2.7"),
		.user = "eve\nMESSAGE=forged\nPRIORITY=0\x01=\x7f",
	};
	char entry[4096], big[3000];

	(void)state;
	log_journal_entry(entry, sizeof(entry), LOG_INFO, "ppp,info", "pptp call 1: closing", &s);
	assert_int_equal(fields(entry, "MESSAGE"), 1);
	assert_int_equal(fields(entry, "PRIORITY"), 1);
	assert_non_null(strstr(entry, "MESSAGE=ppp,info: pptp call 1: closing\n"));
	assert_non_null(strstr(entry, "\nPRIORITY=6\n"));
	assert_non_null(strstr(entry, "\nSLUICE_USER=eve\\x0aMESSAGE=forged\\x0aPRIORITY=0"
				  "\\x01=\\x7f\n"));
	assert_non_null(strstr(entry, "\nSLUICE_SESSION=0000002a\n"));
	assert_non_null(strstr(entry, "\nSLUICE_PEER=192.0.2.7\n"));
	assert_non_null(strstr(entry, "\nSLUICE_SERVICE=pptp\n"));
	memset(big, '\n', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s.user = big;	/* 4 bytes each escaped: too long */
	assert_true(log_journal_entry(entry, sizeof(entry), LOG_INFO, "ppp", "x", &s) <
		    sizeof(entry));
	assert_int_equal(fields(entry, "SLUICE_USER"), 0);
	assert_int_equal(fields(entry, "SLUICE_SERVICE"), 1);
	assert_int_equal(fields(entry, "MESSAGE"), 1);
}

/*
 * The native protocol as journald receives it, on a datagram socket of ours: a session's
 * line carries its fields, another line none; once closed the lines go to stderr again.
 */
static void test_journal_socket(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const struct log_session s = { .session = "00000007", .user = "alice",
				       .service = "l2tp", .peer = inet_addr("10.9.0.2") };
	char got[4096];
	ssize_t n;
	int fd;

	(void)state;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/tmp/sluice-journal-%d", getpid());
	unlink(sa.sun_path);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(log_journal_open(sa.sun_path), 0);
	log_msg_session(&s, false, LOG_T_PPP, LOG_WARNING, "l2tp call 3: closing (%s)", "lost");
	n = recv(fd, got, sizeof(got) - 1, MSG_DONTWAIT);
	assert_true(n > 0);
	got[n] = '\0';
	assert_non_null(strstr(got, "MESSAGE=ppp,warning: l2tp call 3: closing (lost)\n"));
	assert_non_null(strstr(got, "\nSLUICE_USER=alice\n"));
	assert_non_null(strstr(got, "\nSLUICE_PEER=10.9.0.2\n"));
	assert_non_null(strstr(got, "\nPRIORITY=4\n"));
	log_msg(LOG_T_SYSTEM, LOG_ERR, "no session here");
	n = recv(fd, got, sizeof(got) - 1, MSG_DONTWAIT);
	assert_true(n > 0);
	got[n] = '\0';
	assert_int_equal(fields(got, "SLUICE_USER"), 0);
	assert_int_equal(fields(got, "SLUICE_TOPICS"), 1);
	log_journal_close();
	log_msg_session(&s, false, LOG_T_PPP, LOG_INFO, "after close");
	assert_int_equal(recv(fd, got, sizeof(got), MSG_DONTWAIT), -1);
	assert_non_null(strstr(output(), "ppp,info: after close\n"));
	assert_null(strstr(captured, "SLUICE_"));
	close(fd);
	unlink(sa.sun_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_topic_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_hostile_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_socket, setup, teardown),
	};
	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	free(captured);
	return ret;
}
