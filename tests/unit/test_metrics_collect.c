// SPDX-License-Identifier: GPL-2.0
/*
 * What a scrape says (daemon/metrics/collect.c) about state laid out by hand: /ppp active's
 * rows (the real view over stand-in links and an IKE row) counted by service and state; the
 * links' ends counted by the real teardown (ppp/teardown.c) and the set-ups derived from
 * them; RADIUS servers each once; the module's drop names; charon's SAs while IPsec is
 * configured; per-session series only when asked (PPP links and an IKE road warrior), with
 * a hostile user name escaped; and the whole text through Prometheus's own
 * parser when promtool is installed (tests/netns/test_metrics.sh always uses it).
 */
/* unit-test-sources: daemon/metrics/collect.c daemon/metrics/expo.c daemon/metrics/server.c daemon/metrics/http.c daemon/ppp/teardown.c daemon/ppp/views.c daemon/ppp/counters.c daemon/aaa/ipam.c daemon/ppp/ra.c daemon/ppp/dhcpv6_server.c daemon/ppp/dhcpv6.c daemon/aaa/ipam6.c daemon/core/preauth.c daemon/core/u32map.c daemon/core/rtnl.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "admin/config.h"
#include "core/kernel.h"
#include "core/preauth.h"
#include "pppoe/server.h"
#include "ipsec/charon.h"
#include "ipsec/sas.h"
#include "ipsec/session.h"
#include "aaa/pool_menu.h"
#include "aaa/ipv6_pool_menu.h"
#include "metrics/metrics.h"
#include "ppp/link_int.h"
#include "ppp/stats.h"
#include "ppp/views.h"
#include "radius/client.h"
#include "radius/radius_menu.h"
#include "radius/spool.h"

/* --- the links: three PPTP (two up, one authenticating) and one L2TP, all stand-ins */

#define NLINKS 4
static struct ppp_link links[NLINKS];
static size_t nlinks;

struct ppp_link *ppp_link_next(struct ppp_link *l)
{
	size_t i = l ? (size_t)(l - links) + 1 : 0;

	return i < nlinks ? &links[i] : NULL;
}

unsigned int ppp_active_count(void) { return (unsigned int)nlinks; }
const char *ppp_link_encoding(const struct ppp_link *l) { (void)l; return ""; }
bool ppp_link_outgoing(const struct ppp_link *l) { (void)l; return false; }
void link_acct_stop(struct ppp_link *l) { (void)l; }
void ppp_fsm_close(struct ppp_fsm *f, const char *why) { (void)f; (void)why; }
void ppp_fsm_down(struct ppp_fsm *f) { (void)f; }
void ppp_auth_stop(struct ppp_auth *a) { (void)a; }
static void role_down(struct ppp_link *l) { (void)l; }
static void finished(struct ppp_link *l, const char *cause) { (void)l; (void)cause; }
static const struct ppp_role_ops role = { .down = role_down };
static const struct ppp_link_ops link_ops = { .finished = finished };

static void add_link(const char *service, const char *user, enum ppp_link_phase phase,
		     bool up, uint32_t session)
{
	struct ppp_link *l = &links[nlinks++];

	memset(l, 0, sizeof(*l));
	l->p.service = service;
	l->p.session = session;
	l->role = &role;
	l->ops = &link_ops;
	l->id = 0x100 + (unsigned int)nlinks;
	l->phase = phase;
	l->up_since = up ? 1700000000 : 0;
	snprintf(l->user, sizeof(l->user), "%s", user);
}

/* one IKE road warrior in /ppp active, as ipsec/session.c adds it */
static void ike_rows(struct cfg_menu *v)
{
	struct cfg_item *it = cfg_view_add(v);

	cfg_view_set(v, it, "name", "carol");
	cfg_view_set(v, it, "service", "ipsec");
	cfg_view_set(v, it, "state", "up");
}

static const struct ppp_other_sessions ike = { .active_rows = ike_rows };
const struct ppp_other_sessions *ppp_other_sessions = &ike;

/* --- the rest of sluiced, stood in */

static ppp_auth_verdicts_t verdicts;
const ppp_auth_verdicts_t *ppp_auth_verdicts(void) { return &verdicts; }
const char *ppp_auth_by_name(enum ppp_auth_by by)
{
	return by == PPP_AUTH_BY_LOCAL ? "local" : by == PPP_AUTH_BY_RADIUS ? "radius" : "none";
}
const char *ppp_auth_name(enum ppp_auth_method m)
{
	static const char *const names[] = { "none", "pap", "chap", "mschap1", "mschap2" };

	return names[m];
}

void rad_client_stats(const char *address, unsigned int auth_port, unsigned int acct_port,
		      struct rad_server_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->requests = strcmp(address, "10.8.0.2") ? 1 : 7;
	out->accepts = 5;
	out->rtt_ms_sum = 1500;
	(void)auth_port;
	(void)acct_port;
}
size_t rad_spool_count(void) { return 3; }
unsigned long rad_spool_dropped(void) { return 0; }

int kernel_module_info(struct sluice_module_info *info)
{
	memset(info, 0, sizeof(*info));
	info->sessions = 4;
	info->pending = 1;
	info->drops[SLUICE_DROP_GRE_TRUNCATED] = 9;
	return 0;
}
void kernel_module_events(struct kernel_module_events *out) { memset(out, 0, sizeof(*out)); }

int kernel_session_get(uint32_t id, struct sluice_session_info *out)
{
	memset(out, 0, sizeof(*out));
	out->st.rx_bytes = id * 1000;
	out->st.tx_bytes = id * 2000;
	out->st.rx_packets = id;
	out->st.tx_packets = id * 2;
	return 0;
}

/* with ipsec_on: charon up, an IKEv2 SA established with two CHILD_SAs and a road warrior
 * on it, an IKEv1 SA still connecting */
static bool ipsec_on;
static struct ipsec_ike_sa sas[2] = {
	{ .uniqueid = 7, .version = 2, .established = 1700000000, .nchild = 2,
	  .gone = { .bytes_in = 500, .bytes_out = 600, .packets_in = 5, .packets_out = 6 } },
	{ .uniqueid = 8, .version = 1 },
};
static const struct ipsec_session rw = { .ike_id = 7, .id = 0x99, .user = "carol" };

void charon_get_status(struct charon_status *st)
{
	memset(st, 0, sizeof(*st));
	st->wanted = st->running = st->vici_up = ipsec_on;
	st->restarts = ipsec_on;
}
const struct ipsec_ike_sa *ipsec_sas_at(size_t i) { return ipsec_on && i < 2 ? &sas[i] : NULL; }
/* the links here never carry IPv6 (ppp/bringup.c's, which this test leaves out) */
void link_assign_pd6(struct ppp_link *l)
{
	(void)l;
}

const struct ipsec_ike_sa *ipsec_sas_find(uint32_t id)
{
	return ipsec_on && id == 7 ? &sas[0] : NULL;
}
void ipsec_sas_counters(const struct ipsec_ike_sa *s, struct ipsec_counters *out)
{
	*out = s->gone;
}
size_t ipsec_sessions_count(void) { return ipsec_on; }

/* PPPoE Discovery's counters, each its own value */
void pppoe_server_counters(struct pppoe_server_counters *out)
{
	*out = (struct pppoe_server_counters){
		.rx = 1, .malformed = 2, .padi = 3, .pado = 4, .padi_limited = 5, .padr = 6,
		.pads = 7, .padr_bad_cookie = 8, .pads_refused = 9, .padr_repeated = 10,
		.padt_rx = 11, .padt_tx = 12, .padt_unknown = 13, .not_for_us = 14,
	};
}
const struct ipsec_session *ipsec_session_at(size_t i) { return ipsec_on && !i ? &rw : NULL; }

/* --- reading the text */

static struct strbuf text;

static void render(bool per_session)
{
	sb_reset(&text);
	metrics_render(&text, per_session);
	assert_false(text.oom);
}

/* the value of one series as written, or -1 if absent */
static long long value(const char *series)
{
	size_t n = strlen(series);
	const char *p = text.p;

	for (; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, series, n) && p[n] == ' ')
			return atoll(p + n + 1);
	return -1;
}

static void add_item(struct cfg_menu *m, const char *k0, const char *v0, const char *k1,
		     const char *v1)
{
	const char *k[] = { k0, k1 }, *v[] = { v0, v1 };
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_add(m, k, v, 2, &err), 0);
	sb_free(&err);
}

static void add_radius(const char *addr, const char *auth_port)
{
	add_item(&radius_menu, "address", addr, "authentication-port", auth_port);
}

static int setup(void **state)
{
	(void)state;
	sb_init(&text);
	nlinks = 0;
	add_link("pptp", "alice", PHASE_UP, true, 11);
	add_link("pptp", "bob", PHASE_UP, true, 12);
	add_link("pptp", "eve\"}\n", PHASE_AUTH, false, 13);
	add_link("l2tp", "dave", PHASE_UP, true, 14);
	return config_init();
}

static int teardown(void **state)
{
	(void)state;
	sb_free(&text);
	config_done();
	return 0;
}

static void test_sessions_as_active_shows(void **state)
{
	const char *k6[] = { "name", "prefix", "prefix-length" };
	const char *v6[] = { "six", "2001:db8:100::/56", "64" };
	struct strbuf err;

	(void)state;
	sb_init(&err);
	assert_int_equal(cfg_add(&ipv6_pool_menu, k6, v6, 3, &err), 0);
	sb_free(&err);
	add_item(&ip_pool_menu, "name", "p1", "ranges", "10.0.0.1-10.0.0.10");
	render(false);
	assert_int_equal(value("sluice_ipv6_pool_size{pool=\"six\"}"), 256);
	assert_int_equal(value("sluice_ipv6_pool_used{pool=\"six\"}"), 0);
	assert_int_equal(value("sluice_dhcpv6_answered_total"), 0);
	assert_int_equal(value("sluice_dhcpv6_dropped_total{reason=\"not-ours\"}"), 0);
	assert_int_equal(value("sluice_dhcpv6_dropped_total{reason=\"stranger\"}"), 0);
	assert_int_equal(value("sluice_pool_size{pool=\"p1\"}"), 10);
	assert_int_equal(value("sluice_pool_used{pool=\"p1\"}"), 0);
	assert_int_equal(value("sluice_sessions{service=\"pptp\",state=\"up\"}"), 2);
	assert_int_equal(value("sluice_sessions{service=\"pptp\",state=\"authenticating\"}"), 1);
	assert_int_equal(value("sluice_sessions{service=\"pptp\",state=\"lcp\"}"), 0);
	assert_int_equal(value("sluice_sessions{service=\"l2tp\",state=\"up\"}"), 1);
	assert_int_equal(value("sluice_sessions{service=\"ipsec\",state=\"up\"}"), 1);
	assert_int_equal(value("sluice_sessions{service=\"ipsec\",state=\"lcp\"}"), -1);
	assert_int_equal(value("sluice_session_attempts_total{service=\"pptp\"}"), 3);
	assert_int_equal(value("sluice_session_setups_total{service=\"pptp\"}"), 2);
	assert_int_equal(value("sluice_radius_accounting_queue"), 3);
	assert_int_equal(value("sluice_kernel_sessions{state=\"attached\"}"), 3);
	assert_int_equal(value("sluice_kernel_sessions{state=\"pending\"}"), 1);
	assert_int_equal(value("sluice_kernel_drops_total{reason=\"gre-truncated\"}"), 9);
	assert_null(strstr(text.p, "sluice_session_rx_bytes_total"));
	assert_null(strstr(text.p, "sluice_ipsec_"));	/* no IPsec configured */
	assert_int_equal(value("sluice_pppoe_discovery_total{kind=\"padi\"}"), 3);
	assert_int_equal(value("sluice_pppoe_discovery_total{kind=\"pado\"}"), 4);
	assert_int_equal(value("sluice_pppoe_discovery_total{kind=\"padr\"}"), 6);
	assert_int_equal(value("sluice_pppoe_discovery_total{kind=\"pads\"}"), 7);
	assert_int_equal(value("sluice_pppoe_discovery_total{kind=\"padt_in\"}"), 11);
	assert_int_equal(value("sluice_pppoe_discovery_total{kind=\"padt_out\"}"), 12);
	assert_int_equal(value("sluice_pppoe_discovery_dropped_total{reason=\"malformed\"}"), 2);
	assert_int_equal(value("sluice_pppoe_discovery_dropped_total{reason=\"padi_rate\"}"), 5);
	assert_int_equal(value("sluice_pppoe_discovery_dropped_total{reason=\"bad_cookie\"}"), 8);
	assert_int_equal(value("sluice_pppoe_discovery_dropped_total{reason=\"refused\"}"), 9);
	assert_int_equal(value("sluice_pppoe_discovery_dropped_total{reason=\"repeated_padr\"}"), 10);
	assert_int_equal(value("sluice_pppoe_discovery_dropped_total{reason=\"unknown_padt\"}"), 13);
	assert_int_equal(value("sluice_pppoe_discovery_dropped_total{reason=\"not_for_us\"}"), 14);
}

/* ends counted by teardown.c; a link that ended stays counted among the set-ups */
static void test_ends_and_setups(void **state)
{
	long long attempts, setups;

	(void)state;
	render(false);
	attempts = value("sluice_session_attempts_total{service=\"pptp\"}");
	setups = value("sluice_session_setups_total{service=\"pptp\"}");
	ppp_link_lower_down(&links[0], "lost-carrier");		/* was up */
	ppp_link_close(&links[2], "authentication-failure");	/* was not */
	ppp_link_lower_down(&links[2], "ignored: the first cause stays");
	render(false);
	assert_int_equal(value("sluice_session_attempts_total{service=\"pptp\"}"), attempts);
	assert_int_equal(value("sluice_session_setups_total{service=\"pptp\"}"), setups);
	assert_int_equal(value("sluice_session_ends_total{service=\"pptp\",cause=\"lost-carrier\"}"),
			 1);
	assert_int_equal(value("sluice_session_setup_failures_total{service=\"pptp\","
			       "cause=\"authentication-failure\"}"), 1);
	assert_int_equal(value("sluice_session_ends_total{service=\"pptp\","
			       "cause=\"authentication-failure\"}"), -1);
	/* the ended links are freed: still counted */
	links[0] = links[3];
	nlinks = 2;
	links[1].done = false;
	render(false);
	assert_int_equal(value("sluice_session_attempts_total{service=\"pptp\"}"), attempts);
	assert_int_equal(value("sluice_session_setups_total{service=\"pptp\"}"), setups);
}

static void test_radius_servers_once(void **state)
{
	(void)state;
	add_radius("10.8.0.2", "1812");
	add_radius("10.8.0.3", "1812");
	add_radius("10.8.0.2", "1812");	/* the same server twice */
	render(false);
	assert_int_equal(value("sluice_radius_requests_total{server=\"10.8.0.2:1812\"}"), 7);
	assert_int_equal(value("sluice_radius_requests_total{server=\"10.8.0.3:1812\"}"), 1);
	assert_non_null(strstr(text.p, "sluice_radius_response_seconds_sum"
				       "{server=\"10.8.0.2:1812\"} 1.5\n"));
	assert_int_equal(value("sluice_radius_response_seconds_count{server=\"10.8.0.2:1812\"}"), 5);
	assert_int_equal(value("sluice_radius_responses_total{server=\"10.8.0.2:1812\","
			       "code=\"access-accept\"}"), 5);
	{	/* once: the second occurrence is absent */
		const char *first = strstr(text.p, "sluice_radius_requests_total{server=\"10.8.0.2:1812\"}");

		assert_null(strstr(first + 1, "sluice_radius_requests_total{server=\"10.8.0.2:1812\"}"));
	}
}

static void test_per_session(void **state)
{
	(void)state;
	render(true);
	assert_int_equal(value("sluice_session_rx_bytes_total{session_id=\"00000101\","
			       "user=\"alice\",service=\"pptp\"}"), 11000);
	assert_int_equal(value("sluice_session_tx_packets_total{session_id=\"00000104\","
			       "user=\"dave\",service=\"l2tp\"}"), 28);
	/* eve is not up: no counters yet; her name would be escaped */
	assert_null(strstr(text.p, "user=\"eve"));
	links[2].up_since = 1700000000;
	render(true);
	assert_int_equal(value("sluice_session_rx_bytes_total{session_id=\"00000103\","
			       "user=\"eve\\\"}\\n\",service=\"pptp\"}"), 13000);
}

static void test_ipsec(void **state)
{
	(void)state;
	ipsec_on = true;
	render(true);
	ipsec_on = false;
	assert_int_equal(value("sluice_ipsec_charon_up"), 1);
	assert_int_equal(value("sluice_ipsec_charon_restarts_total"), 1);
	assert_int_equal(value("sluice_ipsec_ike_sas{version=\"2\",state=\"established\"}"), 1);
	assert_int_equal(value("sluice_ipsec_ike_sas{version=\"1\",state=\"connecting\"}"), 1);
	assert_int_equal(value("sluice_ipsec_ike_sas{version=\"1\",state=\"established\"}"), 0);
	assert_int_equal(value("sluice_ipsec_child_sas"), 2);
	assert_int_equal(value("sluice_session_rx_bytes_total{session_id=\"00000099\","
			       "user=\"carol\",service=\"ipsec\"}"), 500);
	assert_int_equal(value("sluice_session_tx_packets_total{session_id=\"00000099\","
			       "user=\"carol\",service=\"ipsec\"}"), 6);
}

/* the half-open guards: two of one name (two L2TP servers) are one series */
static void test_preauth_guards(void **state)
{
	static const struct preauth_limits lim = { .global = 2, .per_source = 2, .rate = 1,
						   .burst = 3 };
	struct preauth a, b, c;
	uint32_t src = htonl(0x0a090003);

	(void)state;
	preauth_init(&a, "l2tp tunnel", 0, &lim);
	preauth_init(&b, "l2tp tunnel", 0, &lim);
	preauth_init(&c, "pptp connection", 0, &lim);
	assert_int_equal(preauth_admit(&a, src), PREAUTH_OK);
	assert_int_equal(preauth_admit(&a, src), PREAUTH_OK);
	assert_int_equal(preauth_admit(&a, src), PREAUTH_SOURCE_FULL);
	preauth_evicted(&a);
	assert_int_equal(preauth_admit(&b, src), PREAUTH_OK);
	assert_int_equal(preauth_admit(&c, src), PREAUTH_OK);
	preauth_done(&c, src);
	render(false);
	preauth_free(&a);
	preauth_free(&b);
	preauth_free(&c);
	assert_int_equal(value("sluice_preauth_half_open{guard=\"l2tp tunnel\"}"), 3);
	assert_int_equal(value("sluice_preauth_admitted_total{guard=\"l2tp tunnel\"}"), 3);
	assert_int_equal(value("sluice_preauth_over_limit_total{guard=\"l2tp tunnel\","
			       "limit=\"source\"}"), 1);
	assert_int_equal(value("sluice_preauth_evicted_total{guard=\"l2tp tunnel\"}"), 1);
	assert_int_equal(value("sluice_preauth_half_open{guard=\"pptp connection\"}"), 0);
	assert_int_equal(value("sluice_preauth_admitted_total{guard=\"pptp connection\"}"), 1);
	{	/* once: the second guard of a name adds to the first's series */
		const char *first = strstr(text.p, "sluice_preauth_half_open{guard=\"l2tp tunnel\"}");

		assert_null(strstr(first + 1, "sluice_preauth_half_open{guard=\"l2tp tunnel\"}"));
	}
	render(false);
	assert_int_equal(value("sluice_preauth_half_open{guard=\"l2tp tunnel\"}"), -1);
}

/* Prometheus's own parser, when installed (the VM test runs it in any case) */
static void test_promtool(void **state)
{
	struct preauth guard;
	char path[] = "/tmp/sluice-metrics-XXXXXX";
	char cmd[128];
	FILE *f;
	int fd;

	(void)state;
	add_radius("10.8.0.2", "1812");
	links[2].up_since = 1700000000;
	ipsec_on = true;
	preauth_init(&guard, "pptp call", 0, &(struct preauth_limits){ 1, 1, 1, 1 });
	render(true);
	preauth_free(&guard);
	ipsec_on = false;
	if (system("command -v promtool >/dev/null 2>&1")) {
		print_message("promtool missing (Debian's prometheus, tools/install-deps.sh)\n");
		skip();
		return;
	}
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text.p, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "promtool check metrics < %s", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sessions_as_active_shows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ends_and_setups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_radius_servers_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_per_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipsec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preauth_guards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_promtool, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
