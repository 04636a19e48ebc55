// SPDX-License-Identifier: GPL-2.0
/*
 * Monitoring in the CLI against the stand-in kernel (tests/unit/lib/kernel_stub.c):
 * /ppp active print stats and /interface print stats show the kernel session's counters
 * with the drops split into RouterOS's columns, rows numbered as print numbers them, IKE
 * sessions' rows after the links'; /interface monitor-traffic takes a sample, answers a
 * second later (cli_later) with the rates between the two, and refuses where it cannot wait.
 */
/* unit-test-sources: daemon/admin/cli.c @config daemon/admin/config_text.c daemon/admin/config_file.c daemon/admin/traffic.c daemon/ppp/views.c daemon/ppp/active_view.c daemon/ppp/interface_view.c daemon/ppp/counters.c daemon/core/log.c daemon/core/timer.c tests/unit/lib/fake_clock.c tests/unit/lib/kernel_stub.c tests/unit/lib/cli_driver.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "ppp/link.h"
#include "ppp/views.h"
#include "admin/cli.h"
#include "admin/config.h"
#include "admin/system.h"
#include "admin/traffic.h"
#include "cli_driver.h"
#include "fake_clock.h"
#include "kernel_stub.h"

/* --- stand-ins: the links a server would have, and what views.c asks of them */

#define NLINKS 2
static struct ppp_link links[NLINKS];
const struct ppp_other_sessions *ppp_other_sessions;

struct ppp_link *ppp_link_next(struct ppp_link *l)
{
	if (!l)
		return &links[0];
	return l + 1 < links + NLINKS ? l + 1 : NULL;
}

bool ppp_link_outgoing(const struct ppp_link *l)
{
	return l->client != NULL;
}

const char *ppp_link_encoding(const struct ppp_link *l)
{
	(void)l;
	return "MPPE128 stateless";
}

void ppp_link_close(struct ppp_link *l, const char *cause)
{
	(void)cause;
	l->done = true;
}

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

/* an IKE road warrior's row, as ipsec/session.c adds it */
static void ike_stats_rows(struct cfg_menu *v)
{
	struct cfg_item *it = cfg_view_add(v);

	cfg_view_set(v, it, "name", "CN=rw");
	cfg_view_set(v, it, "service", "ipsec");
	cfg_view_set(v, it, "rx-byte", "777");
}

static void ike_active_rows(struct cfg_menu *v)
{
	cfg_view_set(v, cfg_view_add(v), "name", "CN=rw");
}

static const struct ppp_other_sessions ike = { .active_rows = ike_active_rows,
					       .stats_rows = ike_stats_rows };

/* alice: a PPTP caller with her interface (kernel session 3); bob: L2TP, still pending (4) */
static int setup(void **state)
{
	memset(links, 0, sizeof(links));
	memset(stub.stats, 0, sizeof(stub.stats));
	memset(stub.gone, 0, sizeof(stub.gone));
	links[0] = (struct ppp_link){ .p = { .service = "pptp", .session = 3, .ifindex = 1003 },
				      .id = 0x2a, .user = "alice", .ifname = "<pptp-alice>",
				      .phase = PHASE_UP };
	links[1] = (struct ppp_link){ .p = { .service = "l2tp", .session = 4 }, .id = 0x2b,
				      .user = "bob", .phase = PHASE_AUTH };
	stub.stats[3] = (struct sluice_session_stats){ .rx_bytes = 1000, .tx_bytes = 2000,
						       .rx_packets = 10, .tx_packets = 20 };
	stub.stats[3].drops[SLUICE_DROP_SEQ_DUPLICATE] = 2;
	stub.stats[3].drops[SLUICE_DROP_PPP_MALFORMED] = 1;
	stub.stats[3].drops[SLUICE_DROP_TX_NO_ROUTE] = 3;
	stub.stats[3].drops[SLUICE_DROP_RATE_TX] = 4;
	stub.stats[4].rx_packets = 5;
	ppp_other_sessions = NULL;
	return cli_driver_setup(state);
}

/*
 * /ppp active print stats: every session's counters, as-value too; the drops split as the
 * interface splits them; an IKE session's row after the links'; where works on counters.
 */
static void test_active_stats(void **state)
{
	(void)state;
	ok("/ppp active print stats as-value");
	assert_non_null(strstr(out.p, "\"name\":\"alice\",\"service\":\"pptp\",\"rx-byte\":\"1000\","
				      "\"tx-byte\":\"2000\",\"rx-packet\":\"10\",\"tx-packet\":\"20\","
				      "\"rx-drop\":\"2\",\"tx-drop\":\"3\",\"tx-queue-drop\":\"4\","
				      "\"rx-error\":\"1\",\"tx-error\":\"0\",\"session-id\":\"0000002a\","
				      "\"interface\":\"<pptp-alice>\""));
	assert_non_null(strstr(out.p, "\"name\":\"bob\",\"service\":\"l2tp\",\"rx-byte\":\"0\","
				      "\"tx-byte\":\"0\",\"rx-packet\":\"5\""));
	ok("/ppp active print stats");
	assert_non_null(strstr(out.p, " #  NAME  SERVICE RX-BYTE TX-BYTE RX-PACKET TX-PACKET "
				      "RX-DROP TX-DROP\n"));
	assert_non_null(strstr(out.p, "\n 0  alice pptp    1000    2000    10        20        "
				      "2       3\n"));
	assert_non_null(strstr(out.p, "\n 1  bob   l2tp    0       0       5         0"));
	ok("/ppp active print stats count-only where rx-packet=5");
	assert_string_equal(out.p, "1\n");
	ppp_other_sessions = &ike;
	ok("/ppp active print stats count-only");
	assert_string_equal(out.p, "3\n");
	ok("/ppp active print stats as-value where service=ipsec");
	assert_non_null(strstr(out.p, "\"name\":\"CN=rw\",\"service\":\"ipsec\",\"rx-byte\":\"777\""));
	stub.gone[3] = true;	/* the module went away: no numbers rather than zeros */
	ok("/ppp active print stats as-value where name=alice");
	assert_non_null(strstr(out.p, "\"rx-byte\":\"\",\"tx-byte\":\"\""));
	refused("/ppp secret print stats", "this menu has no counters: stats");
}

/* /interface: only sessions with an interface, RouterOS's type words and stats columns */
static void test_interface_stats(void **state)
{
	(void)state;
	ok("/interface print");
	assert_non_null(strstr(out.p, "Flags: D - dynamic; R - running\n"));
	assert_non_null(strstr(out.p, " 0 DR <pptp-alice> pptp-in\n"));
	assert_null(strstr(out.p, "bob"));
	ok("/interface print stats");
	assert_non_null(strstr(out.p, "NAME         RX-BYTE TX-BYTE RX-PACKET TX-PACKET RX-DROP "
				      "TX-DROP TX-QUEUE-DROP RX-ERROR TX-ERROR\n"));
	assert_non_null(strstr(out.p, " 0 DR <pptp-alice> 1000    2000    10        20        2       "
				      "3       4             1        0\n"));
	ok("/interface print detail");
	assert_non_null(strstr(out.p, "user=alice session-id=0000002a"));
}

/* the rates between two samples, as pppctl -j shows them; text as RouterOS writes rates */
static void test_monitor_traffic_once(void **state)
{
	(void)state;
	cs.may_wait = true;
	ok("/interface monitor-traffic <pptp-alice> once as-value");
	assert_int_equal(out.len, 0);			/* nothing yet: the answer is a second away */
	assert_non_null(cs.later.finish);
	assert_int_equal(cs.later.ms, 1000);
	stub.stats[3].rx_bytes += 250000;		/* 2 Mbit over the 2 s below */
	stub.stats[3].rx_packets += 200;
	stub.stats[3].tx_bytes += 25000;
	stub.stats[3].tx_packets += 50;
	fake_now += 2000;
	assert_int_equal(cs.later.finish(cs.later.state, &out, &err), 0);
	assert_string_equal(out.p, "{\"name\":\"<pptp-alice>\",\"rx-packets-per-second\":100,"
			    "\"rx-bits-per-second\":1000000,\"tx-packets-per-second\":25,"
			    "\"tx-bits-per-second\":100000}\n");
	sb_reset(&out);
	ok("/interface monitor-traffic 0");		/* by number, as RouterOS takes it */
	stub.stats[3].tx_bytes += 1500;
	fake_now += 1000;
	assert_int_equal(cs.later.finish(cs.later.state, &out, &err), 0);
	assert_non_null(strstr(out.p, "                   name: <pptp-alice>\n"
				      "  rx-packets-per-second: 0\n"
				      "     rx-bits-per-second: 0bps\n"
				      "  tx-packets-per-second: 0\n"
				      "     tx-bits-per-second: 12.0kbps\n"));
}

/* what monitor-traffic refuses, and an interface gone between the two samples */
static void test_monitor_traffic_refusals(void **state)
{
	char text[16];

	(void)state;
	refused("/interface monitor-traffic <pptp-alice> once", "answers after a second");
	cs.may_wait = true;
	refused("/interface monitor-traffic <pptp-bob> once", "no such item: <pptp-bob>");
	refused("/interface monitor-traffic <pptp-alice> interval=1", "expected once or as-value");
	refused("/ppp secret monitor-traffic x", "bad command name monitor-traffic");
	ok("/interface monitor-traffic <pptp-alice>");
	links[0].done = true;				/* it ended meanwhile */
	fake_now += 1000;
	assert_int_equal(cs.later.finish(cs.later.state, &out, &err), -1);
	assert_string_equal(err.p, "<pptp-alice> is gone");
	links[0].done = false;
	ok("/interface monitor-traffic <pptp-alice> once");
	cs.later.cancel(cs.later.state);		/* the caller went away: freed (ASan) */
	traffic_bits_text(999, text, sizeof(text));
	assert_string_equal(text, "999bps");
	traffic_bits_text(2500000000ull, text, sizeof(text));
	assert_string_equal(text, "2.5Gbps");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_active_stats, setup, cli_driver_teardown),
		cmocka_unit_test_setup_teardown(test_interface_stats, setup, cli_driver_teardown),
		cmocka_unit_test_setup_teardown(test_monitor_traffic_once, setup,
						cli_driver_teardown),
		cmocka_unit_test_setup_teardown(test_monitor_traffic_refusals, setup,
						cli_driver_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
