// SPDX-License-Identifier: GPL-2.0
/*
 * /system metrics (daemon/metrics/): the exposition text (HELP/TYPE, label escaping of
 * hostile values, numbers), the request parser on good, split, malformed and oversized
 * heads, and the listener on the real event loop over loopback with a fake clock: a scrape,
 * a request split across reads, too big, too slow, another method and path, more
 * connections than allowed, and enable/disable/moving the port; a pool's size and use as
 * sluice_pool_* read them (ipam_pool_usage). The body is this file's
 * metrics_render (collect.c's collectors are exercised by tests/netns/test_metrics.sh).
 */
/* unit-test-sources: daemon/metrics/server.c daemon/metrics/http.c daemon/metrics/expo.c daemon/aaa/ipam.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>
#include "fake_clock.h"
#include "aaa/ipam.h"
#include "aaa/pool_menu.h"
#include "admin/config.h"
#include "core/loop.h"
#include "metrics/expo.h"
#include "metrics/http.h"
#include "metrics/metrics.h"
#include "metrics/metrics_menu.h"

#define BODY "# HELP t_x A test.\n# TYPE t_x gauge\nt_x 1\n"

static unsigned int renders;
static bool rendered_per_session;
static size_t render_extra;	/* bytes of padding: an answer larger than the socket takes */

void metrics_render(struct strbuf *out, bool per_session)
{
	size_t i;

	renders++;
	rendered_per_session = per_session;
	sb_puts(out, BODY);
	for (i = 0; i < render_extra; i += 64)
		sb_puts(out, "# padding padding padding padding padding padding padding pad\n");
}

/* --- the exposition text */

static char *text_of(struct strbuf *sb)
{
	return sb->p ? sb->p : "";
}

static void test_expo_family_and_values(void **state)
{
	struct strbuf sb;
	struct expo_label l[] = { { "service", "pptp" }, { "state", "up" } };

	(void)state;
	sb_init(&sb);
	expo_family(&sb, "sluice_sessions", "gauge", "Sessions.");
	expo_u64(&sb, "sluice_sessions", l, 2, 3);
	expo_u64(&sb, "sluice_x_total", NULL, 0, 18446744073709551615ull);
	expo_double(&sb, "sluice_s", NULL, 0, 0.25);
	expo_double(&sb, "sluice_s", NULL, 0, 1.0 / 0.0);
	expo_double(&sb, "sluice_s", NULL, 0, 0.0 / 0.0);
	assert_string_equal(text_of(&sb),
			    "# HELP sluice_sessions Sessions.\n# TYPE sluice_sessions gauge\n"
			    "sluice_sessions{service=\"pptp\",state=\"up\"} 3\n"
			    "sluice_x_total 18446744073709551615\n"
			    "sluice_s 0.25\nsluice_s +Inf\nsluice_s NaN\n");
	sb_free(&sb);
}

static void escaped(const char *in, const char *want)
{
	struct strbuf sb;

	sb_init(&sb);
	expo_label_value(&sb, in);
	assert_string_equal(text_of(&sb), want);
	sb_free(&sb);
}

/* a user name is the peer's: quotes, backslashes, newlines, control bytes, bad UTF-8 */
static void test_expo_label_escaping(void **state)
{
	(void)state;
	escaped("alice", "alice");
	escaped("a\"b\\c\nd", "a\\\"b\\\\c\\nd");
	escaped("tab\there\x01\x7f", "tab?here??");
	escaped("caf\xc3\xa9", "caf\xc3\xa9");			/* é stays */
	escaped("\xe2\x82\xac", "\xe2\x82\xac");		/* € */
	escaped("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");	/* an emoji */
	escaped("\xc3", "?");					/* cut short */
	escaped("\xc0\xaf", "??");				/* overlong '/' */
	escaped("\xed\xa0\x80", "???");				/* a surrogate */
	escaped("\xf4\x90\x80\x80", "????");			/* past U+10FFFF */
	escaped("\xff\xfe", "??");
	escaped("}\"} 1\nfake_metric 2", "}\\\"} 1\\nfake_metric 2");
}

/* --- the request parser */

static int parse(const char *s)
{
	return metrics_http_parse(s, strlen(s));
}

static void test_http_parse(void **state)
{
	(void)state;
	assert_int_equal(parse("GET /metrics HTTP/1.1\r\nHost: r1:9661\r\nAccept: text/plain;"
			       "version=0.0.4;q=1,*/*;q=0.1\r\nX-Prometheus-Scrape-Timeout-Seconds:"
			       " 10\r\n\r\n"), 200);
	assert_int_equal(parse("GET / HTTP/1.0\r\n\r\n"), 200);
	assert_int_equal(parse("GET /metrics?name[]=x HTTP/1.1\r\n\r\n"), 200);
	assert_int_equal(parse("GET http://r1:9661/metrics HTTP/1.1\r\n\r\n"), 200);
	assert_int_equal(parse("GET /metrics HTTP/1.1\n\n"), 200);	/* bare LF */
	assert_int_equal(parse("GET /metrics HTTP/1.1\r\n\r\nbody"), 200);
	assert_int_equal(parse("POST /metrics HTTP/1.1\r\n\r\n"), 405);
	assert_int_equal(parse("HEAD /metrics HTTP/1.1\r\n\r\n"), 405);
	assert_int_equal(parse("GET /metrics/ HTTP/1.1\r\n\r\n"), 404);
	assert_int_equal(parse("GET /admin HTTP/1.1\r\n\r\n"), 404);
	assert_int_equal(parse("GET /metrics HTTP/2.0\r\n\r\n"), 505);
	assert_int_equal(parse("GET /metrics\r\n\r\n"), 400);	/* HTTP/0.9 */
	assert_int_equal(parse("GET  /metrics HTTP/1.1\r\n\r\n"), 400);
	assert_int_equal(parse("GET metrics HTTP/1.1\r\n\r\n"), 400);
	assert_int_equal(parse("G(T /metrics HTTP/1.1\r\n\r\n"), 400);
	assert_int_equal(parse("GET /metrics HTTP/1.1\r\nno colon\r\n\r\n"), 400);
	assert_int_equal(parse("GET /metrics HTTP/1.1\r\n: empty name\r\n\r\n"), 400);
	assert_int_equal(parse("GET /metrics HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"), 400);
	assert_int_equal(parse("GET /metrics HTTP/1.1\r\nA: b\rc\r\n\r\n"), 400);
	assert_int_equal(metrics_http_parse("GET /\0 HTTP/1.1\r\n\r\n", 19), 400);
	assert_int_equal(parse("GET /met\x01rics"), 400);		/* refused before the end */
	assert_int_equal(parse("GET /metrics HTTP/3\r\n"), 505);	/* at the request line */
	assert_int_equal(parse("\r\n"), 400);
}

/* every prefix of a good request wants more, and the whole answers */
static void test_http_parse_prefixes(void **state)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: x\r\n"
				  "User-Agent: Prometheus/2.42\r\n\r\n";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(req) - 1; i++)
		assert_int_equal(metrics_http_parse(req, i), 0);
	assert_int_equal(metrics_http_parse(req, sizeof(req) - 1), 200);
}

static void test_http_parse_too_big(void **state)
{
	char *big = malloc(METRICS_REQUEST_MAX);
	size_t n;

	(void)state;
	assert_non_null(big);
	n = (size_t)snprintf(big, METRICS_REQUEST_MAX, "GET /metrics HTTP/1.1\r\n");
	while (n + 16 < METRICS_REQUEST_MAX)
		n += (size_t)snprintf(big + n, METRICS_REQUEST_MAX - n, "X-Pad: 12345678\r\n");
	memset(big + n, 'a', METRICS_REQUEST_MAX - n);
	assert_int_equal(metrics_http_parse(big, METRICS_REQUEST_MAX - 1), 0);
	assert_int_equal(metrics_http_parse(big, METRICS_REQUEST_MAX), 431);
	free(big);
}

/* --- the listener on the loop */

static unsigned int port;

static void set(const char *key, const char *val)
{
	const char *k[] = { key }, *v[] = { val };
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_set(&system_metrics_menu, cfg_find(&system_metrics_menu, NULL), k, v,
				 1, &err), 0);
	sb_free(&err);
	metrics_apply();
}

/* a port nothing listens on now */
static unsigned int free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static int dial(unsigned int p)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)p),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static void say(int fd, const char *s, size_t n)
{
	assert_int_equal(send(fd, s, n, MSG_NOSIGNAL), (ssize_t)n);
}

/* The loop runs until the server closes: what it sent (NUL-terminated), or NULL if it did
 * not close within the rounds. */
static char *hear(int fd, struct strbuf *got)
{
	int round;

	sb_reset(got);
	for (round = 0; round < 2000; round++) {
		char buf[65536];
		ssize_t n;

		loop_run_once();
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > 0) {
			sb_add(got, buf, (size_t)n);
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return got->p ? got->p : (sb_add(got, "", 0), got->p);
		usleep(200);
	}
	return NULL;
}

static void run_loop(int rounds)
{
	while (rounds--) {
		loop_run_once();
		usleep(200);
	}
}

static int setup(void **state)
{
	(void)state;
	renders = 0;
	render_extra = 0;
	if (config_init() || loop_init())
		return -1;
	port = free_port();
	{
		char p[8];

		snprintf(p, sizeof(p), "%u", port);
		set("port", p);
	}
	set("enabled", "yes");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	metrics_stop();
	loop_done();
	config_done();
	return 0;
}

static unsigned long refused(enum metrics_refusal r)
{
	return metrics_http_stats()->refused[r];
}

static void test_scrape(void **state)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
	unsigned long before = metrics_http_stats()->scrapes;
	struct strbuf got;
	char *r, want[128];
	int fd = dial(port);

	(void)state;
	sb_init(&got);
	say(fd, req, sizeof(req) - 1);
	r = hear(fd, &got);
	assert_non_null(r);
	assert_true(!strncmp(r, "HTTP/1.1 200 OK\r\n", 17));
	assert_non_null(strstr(r, "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
	assert_non_null(strstr(r, "\r\nConnection: close\r\n"));
	snprintf(want, sizeof(want), "\r\nContent-Length: %zu\r\n", strlen(BODY));
	assert_non_null(strstr(r, want));
	assert_string_equal(strstr(r, "\r\n\r\n") + 4, BODY);
	assert_int_equal(renders, 1);
	assert_false(rendered_per_session);
	assert_int_equal(metrics_http_stats()->scrapes, before + 1);
	close(fd);
	set("per-session", "yes");
	fd = dial(port);
	say(fd, "GET / HTTP/1.0\r\n\r\n", 18);
	assert_non_null(hear(fd, &got));
	assert_true(rendered_per_session);
	close(fd);
	sb_free(&got);
}

/* the head in three reads, the answer once it is whole; a large answer sent in parts */
static void test_split_request_and_large_answer(void **state)
{
	struct strbuf got;
	int fd = dial(port);

	(void)state;
	sb_init(&got);
	render_extra = 4u << 20;	/* more than a loopback socket's buffers */
	say(fd, "GET /met", 8);
	run_loop(20);
	assert_int_equal(renders, 0);
	say(fd, "rics HTTP/1.1\r\nHo", 17);
	run_loop(20);
	assert_int_equal(renders, 0);
	say(fd, "st: x\r\n\r\n", 9);
	assert_non_null(hear(fd, &got));
	assert_int_equal(renders, 1);
	assert_true(!strncmp(got.p, "HTTP/1.1 200 OK\r\n", 17));
	assert_true(got.len > render_extra / 64 * 62);	/* 62 bytes per padding line */
	assert_int_equal(strlen(strstr(got.p, "\r\n\r\n") + 4),
			 strtoul(strstr(got.p, "Content-Length: ") + 16, NULL, 10));
	close(fd);
	sb_free(&got);
}

static void expect_status(const char *req, size_t len, const char *status,
			  enum metrics_refusal r)
{
	unsigned long before = refused(r);
	struct strbuf got;
	int fd = dial(port);
	char *a;

	sb_init(&got);
	say(fd, req, len);
	a = hear(fd, &got);
	assert_non_null(a);
	assert_true(!strncmp(a, status, strlen(status)));
	assert_int_equal(refused(r), before + 1);
	close(fd);
	sb_free(&got);
}

static void test_refusals(void **state)
{
	char *big = malloc(8192);

	(void)state;
	expect_status("POST /metrics HTTP/1.1\r\n\r\n", 26, "HTTP/1.1 405 ", MR_METHOD);
	expect_status("GET /secrets HTTP/1.1\r\n\r\n", 25, "HTTP/1.1 404 ", MR_NOT_FOUND);
	expect_status("GET / HTTP/2.0\r\n\r\n", 18, "HTTP/1.1 505 ", MR_VERSION);
	expect_status("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11, "HTTP/1.1 400 ",
		      MR_BAD_REQUEST);	/* TLS spoken to plain HTTP */
	assert_non_null(big);
	memset(big, 'a', 8192);
	expect_status(big, 8192, "HTTP/1.1 431 ", MR_TOO_BIG);
	free(big);
	assert_int_equal(renders, 0);
	run_loop(20);	/* our closes seen */
	assert_int_equal(metrics_http_stats()->conns, 0);
}

/* a scraper that never finishes its request is told 408 and closed at the deadline */
static void test_slow_request(void **state)
{
	unsigned long before = refused(MR_TIMEOUT);
	struct strbuf got;
	int fd = dial(port);
	char *a;

	(void)state;
	sb_init(&got);
	say(fd, "GET /metrics HTTP/1.1\r\n", 23);
	run_loop(20);
	assert_int_equal(metrics_http_stats()->conns, 1);
	fake_advance(METRICS_REQUEST_MS - 1);
	run_loop(5);
	assert_int_equal(metrics_http_stats()->conns, 1);
	fake_advance(2);
	a = hear(fd, &got);
	assert_non_null(a);
	assert_true(!strncmp(a, "HTTP/1.1 408 ", 13));
	assert_int_equal(refused(MR_TIMEOUT), before + 1);
	assert_int_equal(metrics_http_stats()->conns, 0);
	assert_int_equal(renders, 0);
	close(fd);
	sb_free(&got);
}

/* METRICS_CONNS_MAX idle connections: the next is told 503; once they go, scrapes work */
static void test_many_connections(void **state)
{
	int fds[METRICS_CONNS_MAX], fd, i;
	unsigned long before = refused(MR_BUSY);
	struct strbuf got;
	char *a;

	(void)state;
	sb_init(&got);
	for (i = 0; i < METRICS_CONNS_MAX; i++) {
		fds[i] = dial(port);
		run_loop(3);
	}
	run_loop(20);
	assert_int_equal(metrics_http_stats()->conns, METRICS_CONNS_MAX);
	fd = dial(port);
	a = hear(fd, &got);
	assert_non_null(a);
	assert_true(!strncmp(a, "HTTP/1.1 503 ", 13));
	assert_int_equal(refused(MR_BUSY), before + 1);
	close(fd);
	for (i = 0; i < METRICS_CONNS_MAX; i++)
		close(fds[i]);
	run_loop(40);
	assert_int_equal(metrics_http_stats()->conns, 0);
	fd = dial(port);
	say(fd, "GET /metrics HTTP/1.1\r\n\r\n", 25);
	a = hear(fd, &got);
	assert_non_null(a);
	assert_true(!strncmp(a, "HTTP/1.1 200 ", 13));
	close(fd);
	sb_free(&got);
}

static bool listening(unsigned int p)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)p),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok = !connect(fd, (struct sockaddr *)&sa, sizeof(sa));

	close(fd);
	run_loop(5);	/* the server's side of it */
	return ok;
}

static void test_enable_disable_move(void **state)
{
	unsigned int other = free_port();
	char p[8];

	(void)state;
	assert_true(listening(port));
	set("enabled", "no");
	assert_false(listening(port));
	set("enabled", "yes");
	assert_true(listening(port));
	snprintf(p, sizeof(p), "%u", other);
	set("port", p);
	assert_false(listening(port));
	assert_true(listening(other));
	set("address", "::1");
	assert_false(listening(other));
	metrics_stop();
	assert_int_equal(metrics_http_stats()->conns, 0);
}

/* sluice_pool_size and _used: the pool's own ranges, whoever holds the addresses */
static void test_pool_usage(void **state)
{
	const char *k[] = { "name", "ranges", "next-pool" };
	const char *v1[] = { "p1", "10.0.0.1-10.0.0.10,10.0.1.0/30", "p2" };
	const char *v2[] = { "p2", "10.0.2.1-10.0.2.2" };
	uint64_t size, used;
	uint32_t a[4], first, got;
	struct strbuf err;
	int i;

	(void)state;
	assert_int_equal(config_init(), 0);
	sb_init(&err);
	assert_int_equal(cfg_add(&ip_pool_menu, k, v2, 2, &err), 0);
	assert_int_equal(cfg_add(&ip_pool_menu, k, v1, 3, &err), 0);
	sb_free(&err);
	assert_int_equal(ipam_pool_usage("p1", &size, &used), 0);
	assert_int_equal(size, 12);	/* ten, and a /30's two hosts */
	assert_int_equal(used, 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(ipam_alloc("p1", &a[i]), 0);
	assert_int_equal(ipam_reserve(inet_addr("10.0.1.2")), 0);	/* a secret's fixed one */
	assert_int_equal(ipam_reserve(inet_addr("192.0.2.1")), 0);	/* in no pool */
	assert_int_equal(ipam_alloc_run("p2", 2, &first, &got), 0);	/* lent to IPsec */
	assert_int_equal(ipam_pool_usage("p1", &size, &used), 0);
	assert_int_equal(used, 4);
	assert_int_equal(ipam_pool_usage("p2", &size, &used), 0);
	assert_int_equal(size, 2);
	assert_int_equal(used, 2);
	assert_int_equal(ipam_alloc("p1", &a[3]), 0);	/* p1 has room: not from p2 */
	ipam_release(a[0]);
	ipam_release(a[1]);
	assert_int_equal(ipam_pool_usage("p1", &size, &used), 0);
	assert_int_equal(used, 3);
	assert_int_equal(ipam_pool_usage("none", &size, &used), -ENOENT);
	ipam_done();
	config_done();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expo_family_and_values),
		cmocka_unit_test(test_expo_label_escaping),
		cmocka_unit_test(test_http_parse),
		cmocka_unit_test(test_http_parse_prefixes),
		cmocka_unit_test(test_http_parse_too_big),
		cmocka_unit_test(test_pool_usage),
		cmocka_unit_test_setup_teardown(test_scrape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_request_and_large_answer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enable_disable_move, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
