// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket (daemon/admin/control.c) with a command that answers later
 * (monitor-traffic, cli_later): its request is parked without holding the loop, the
 * answer comes when the timer fires, the lines after it and the connection's next request
 * run after that, in order; a client that goes away meanwhile leaves nothing behind.
 */
/* unit-test-sources: daemon/admin/control.c daemon/admin/cli.c daemon/admin/traffic.c @config daemon/admin/config_text.c daemon/admin/config_file.c daemon/core/loop.c daemon/core/timer.c daemon/core/log.c tests/unit/lib/fake_clock.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>
#include "admin/config.h"
#include "admin/control.h"
#include "admin/system.h"
#include "core/log.h"
#include "core/loop.h"
#include "ctl.h"
#include "fake_clock.h"

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

/* a menu of one interface whose counters the test moves */
static struct cfg_traffic counters;

static const struct cfg_prop if_props[] = { CFG_VIEW_PROP("name", CFG_P_COLUMN) };

static void if_view(struct cfg_menu *v)
{
	v->props = if_props;
	v->nprops = 1;
	cfg_view_set(v, cfg_view_add(v), "name", "if0");
}

static int if_traffic(const char *name, struct cfg_traffic *out)
{
	if (strcmp(name, "if0"))
		return -1;
	*out = counters;
	return 0;
}

CFG_VIEW_DEFINE(test_if, .path = "/test-if", .order = 99, .verbs = CFG_V_PRINT | CFG_V_TRAFFIC,
		.view = if_view, .traffic = if_traffic);

static char path[64];

static int setup(void **state)
{
	(void)state;
	log_open("test", 1, 0);
	assert_int_equal(loop_init(), 0);
	assert_int_equal(config_init(), 0);
	snprintf(path, sizeof(path), "/tmp/sluice-ctl-test-%d", getpid());
	assert_int_equal(ctl_listen(path), 0);
	memset(&counters, 0, sizeof(counters));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ctl_close();
	config_done();
	loop_timers_done();
	loop_done();
	return 0;
}

static int client(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	strcpy(sa.sun_path, path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	loop_run_once();	/* accepted */
	return fd;
}

static void send_command(int fd, const char *text)
{
	char buf[1024];
	int n = ctl_encode(buf, sizeof(buf), CTL_REQ_COMMAND, CTL_F_JSON, text, strlen(text));

	assert_true(n > 0);
	assert_int_equal(send(fd, buf, (size_t)n, 0), n);
}

/* The answers waiting on fd, output appended to out, "DONE <status>\n" for each end. */
static void answers(int fd, char *out, size_t cap)
{
	static char buf[CTL_MSG_MAX];
	struct ctl_msg m;
	const char *t;
	size_t tl;
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		assert_int_equal(ctl_decode(buf, (size_t)n, &m), CTL_OK);
		if (m.type == CTL_REP_OUTPUT)
			strncat(out, m.payload, m.len < cap - strlen(out) - 1 ? m.len :
				cap - strlen(out) - 1);
		else if (m.type == CTL_REP_DONE)
			snprintf(out + strlen(out), cap - strlen(out), "DONE %d\n",
				 ctl_done_status(&m, &t, &tl));
	}
}

static void run_loop(int times)
{
	while (times--)
		loop_run_once();
}

/*
 * monitor-traffic then print in one request, another request behind it: nothing is
 * answered until the second sample; then the rates, the print, and the next request.
 */
static void test_parked_request(void **state)
{
	char got[1024] = "";
	int fd = client();

	(void)state;
	send_command(fd, "/test-if monitor-traffic if0 once\n/test-if print count-only");
	send_command(fd, "/test-if print count-only");
	run_loop(3);
	answers(fd, got, sizeof(got));
	assert_string_equal(got, "");		/* the loop went on; the answer waits */
	counters.rx_bytes = 125000;
	counters.tx_packets = 7;
	fake_advance(999);
	run_loop(3);
	answers(fd, got, sizeof(got));
	assert_string_equal(got, "");
	fake_advance(1);
	run_loop(3);
	answers(fd, got, sizeof(got));
	assert_string_equal(got, "{\"name\":\"if0\",\"rx-packets-per-second\":0,"
			    "\"rx-bits-per-second\":1000000,\"tx-packets-per-second\":7,"
			    "\"tx-bits-per-second\":0}\n1\nDONE 0\n1\nDONE 0\n");
	close(fd);
	run_loop(2);
}

/* the client goes while its answer is pending: dropped, the timer with it (ASan: no leak) */
static void test_client_gone(void **state)
{
	char got[256] = "";
	int fd = client(), fd2;

	(void)state;
	send_command(fd, "/test-if monitor-traffic if0");
	run_loop(2);
	close(fd);
	run_loop(2);
	fake_advance(2000);
	fd2 = client();
	send_command(fd2, "/test-if monitor-traffic if9 once");
	run_loop(3);
	answers(fd2, got, sizeof(got));
	assert_string_equal(got, "DONE 1\n");	/* refused at once: no such item */
	close(fd2);
	run_loop(2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parked_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_gone, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
