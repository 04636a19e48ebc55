// SPDX-License-Identifier: GPL-2.0
/*
 * What an EAP road warrior is granted (daemon/ipsec/eap_grant.c), through the hooks it
 * gives the EAP server: local or relayed by the /radius menu, an address from the
 * mode-config's pool (the one allocator), the secret's fixed address, the upstream's, one
 * in use refused; the profile's Session-Timeout kept for the session (not given to charon);
 * only-one; the address claimed by the session, or given back when charon gives another or
 * no session claims it in time.
 */
/* unit-test-sources: daemon/ipsec/eap_grant.c daemon/aaa/ipam.c daemon/aaa/local.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "admin/config.h"
#include "aaa/ipam.h"
#include "fake_clock.h"
#include "ipsec/conn.h"
#include "aaa/local.h"
#include "ipsec/eap_grant.h"
#include "ipsec/eap_server.h"
#include "ipsec/identity_menu.h"
#include "ppp/link.h"

/* --- what eap_grant.c calls, stood in */

static ipsec_eap_accept_fn accept_hook;
static ipsec_eap_route_fn route_hook;
static bool radius_servers;
static size_t ike_sessions;	/* the user's IKE sessions ipsec_sessions_of_user counts */
static const char *ended_for;

void ipsec_eap_server_set_on_accept(ipsec_eap_accept_fn fn)
{
	accept_hook = fn;
}

void ipsec_eap_server_set_route(ipsec_eap_route_fn fn)
{
	route_hook = fn;
}

bool rad_client_has_servers_for(unsigned int service)
{
	(void)service;
	return radius_servers;
}

size_t ipsec_sessions_of_user(const char *user, const char *end_cause)
{
	(void)user;
	ended_for = end_cause;
	return ike_sessions;
}

struct ppp_link *ppp_link_next(struct ppp_link *l)
{
	(void)l;
	return NULL;
}

void ppp_link_close(struct ppp_link *l, const char *cause)
{
	(void)l;
	(void)cause;
}

bool ppp_link_outgoing(const struct ppp_link *l)
{
	(void)l;
	return false;
}

/* every conn is the first identity's */
const struct ipsec_identity_cfg *ipsec_conn_identity(const char *conn)
{
	(void)conn;
	return ipsec_identity_at(0);
}

/* --- the test */

static void run(const char *line)
{
	struct strbuf err;
	char buf[512];
	const char *words[16];
	const char *vals[16];
	char *p, *save = NULL, *menu_end;
	const struct cfg_menu *m;
	size_t n = 0;

	/* "menu|k=v k=v": the menu's path, then its values */
	snprintf(buf, sizeof(buf), "%s", line);
	menu_end = strchr(buf, '|');
	*menu_end = '\0';
	m = config_menu_by_path(buf);
	assert_non_null(m);
	for (p = strtok_r(menu_end + 1, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(p, '=');

		*eq = '\0';
		words[n] = p;
		vals[n++] = eq + 1;
	}
	sb_init(&err);
	if (cfg_add((struct cfg_menu *)m, words, vals, n, &err))
		fail_msg("%s: %s", line, err.p);
	sb_free(&err);
}

static int setup(void **state)
{
	(void)state;
	assert_int_equal(config_init(), 0);
	run("/ip pool|name=rw ranges=192.168.77.10-192.168.77.12");
	run("/ip ipsec mode-config|name=rw address-pool=rw");
	run("/ip ipsec peer|name=ike2 exchange-mode=ike2 passive=yes");
	run("/ip ipsec identity|peer=ike2 auth-method=eap-radius mode-config=rw");
	run("/ppp profile|name=short session-timeout=1h only-one=yes");
	run("/ppp secret|name=alice password=a service=ipsec profile=short");
	run("/ppp secret|name=fixed password=f service=ipsec remote-address=192.168.77.50");
	radius_servers = false;
	ike_sessions = 0;
	ipsec_eap_grant_init();
	assert_non_null(accept_hook);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ipsec_eap_grant_done();
	ipam_done();
	config_done();
	return 0;
}

static int ask(const char *user, uint32_t ike_id, bool relayed, struct ipsec_eap_grant *g)
{
	const struct ipsec_eap_accept a = { .user = user, .relayed = relayed, .nas_port = ike_id,
					    .nas_port_id = "ike2/0",
					    .calling_station_id = "2.2.2.10[4500]" };

	return accept_hook(&a, g);
}

static void test_local_user(void **state)
{
	struct ipsec_eap_grant g = { 0 };
	const struct ipsec_eap_accept a = { .user = "alice" };
	struct ipsec_eap_claim c = { .from_radius = true };

	(void)state;
	assert_int_equal(route_hook(&a), IPSEC_EAP_LOCAL);
	radius_servers = true;
	assert_int_equal(route_hook(&a), IPSEC_EAP_RELAY);
	assert_int_equal(ask("alice", 7, false, &g), 0);
	assert_int_equal(g.framed_ip, inet_addr("192.168.77.10"));
	assert_int_equal(g.session_timeout, 0);		/* ours to enforce, not charon's */
	assert_int_equal(ipam_in_use(), 1);
	assert_true(ipsec_eap_grant_claim(7, g.framed_ip, &c));
	assert_int_equal(c.timeout, 3600);
	assert_false(c.from_radius);
	assert_int_equal(ipam_in_use(), 1);		/* the session holds it now */
	assert_false(ipsec_eap_grant_claim(7, g.framed_ip, &c));
	/* only-one=yes: a second login refused while an IKE session of alice lives */
	ike_sessions = 1;
	memset(&g, 0, sizeof(g));
	assert_int_not_equal(ask("alice", 8, false, &g), 0);
	assert_null(ended_for);
}

static void test_addresses(void **state)
{
	struct ipsec_eap_grant g = { .framed_ip = inet_addr("192.168.77.11") };
	struct ipsec_eap_claim c;

	(void)state;
	/* the upstream's address, then the same again: in use, refused */
	assert_int_equal(ask("bob", 1, true, &g), 0);
	assert_int_equal(g.framed_ip, inet_addr("192.168.77.11"));
	g = (struct ipsec_eap_grant){ .framed_ip = inet_addr("192.168.77.11") };
	assert_int_not_equal(ask("carol", 2, true, &g), 0);
	/* the secret's remote-address */
	memset(&g, 0, sizeof(g));
	assert_int_equal(ask("fixed", 3, false, &g), 0);
	assert_int_equal(g.framed_ip, inet_addr("192.168.77.50"));
	/* charon gave another address: ours goes back */
	assert_false(ipsec_eap_grant_claim(3, inet_addr("192.168.77.99"), &c));
	assert_int_equal(ipam_reserve(inet_addr("192.168.77.50")), 0);
	/* no session within the minute: the pool's address goes back */
	memset(&g, 0, sizeof(g));
	assert_int_equal(ask("alice", 4, false, &g), 0);
	assert_int_equal(g.framed_ip, inet_addr("192.168.77.10"));
	fake_advance(IPSEC_EAP_GRANT_MS + 1);
	memset(&g, 0, sizeof(g));
	ike_sessions = 0;
	assert_int_equal(ask("nobody-yet", 5, true, &g), 0);	/* expiry runs first */
	assert_false(ipsec_eap_grant_claim(4, inet_addr("192.168.77.10"), &c));
	/* charon asks again for the same IKE SA: the first grant goes back */
	memset(&g, 0, sizeof(g));
	assert_int_equal(ask("dave", 6, true, &g), 0);
	memset(&g, 0, sizeof(g));
	assert_int_equal(ask("dave", 6, true, &g), 0);
	assert_true(ipsec_eap_grant_claim(6, g.framed_ip, &c));
	assert_true(c.from_radius);
	/* the upstream's Class goes to the session, for its accounting */
	{
		static const uint8_t class_[] = "ai:0123";
		const struct ipsec_eap_accept a = { .user = "erin", .relayed = true,
						    .nas_port = 11, .nas_port_id = "ike2/0",
						    .class_ = class_, .class_len = 7 };

		memset(&g, 0, sizeof(g));
		assert_int_equal(accept_hook(&a, &g), 0);
		assert_true(ipsec_eap_grant_claim(11, g.framed_ip, &c));
		assert_int_equal(c.class_len, 7);
		assert_memory_equal(c.class_, "ai:0123", 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_local_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addresses, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
