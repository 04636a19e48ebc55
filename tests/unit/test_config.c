// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration store (daemon/admin/config.c and its menus): every registered menu is
 * whole at start, values arrive typed in each menu's struct, references between items are
 * checked where they are made (at a script's end for scripts, which are all or nothing),
 * an item in use cannot be removed, and a rename carries over to what refers to it.
 */
/* unit-test-sources: @config daemon/admin/cli.c daemon/admin/traffic.c daemon/admin/config_text.c daemon/admin/config_file.c daemon/core/log.c tests/unit/lib/cli_driver.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "admin/cli.h"
#include "cli_driver.h"
#include "admin/config.h"
#include "admin/config_file.h"
#include "admin/config_text.h"
#include "admin/logging_menu.h"
#include "admin/system.h"
#include "aaa/aaa_menu.h"
#include "aaa/pool_menu.h"
#include "aaa/secret_menu.h"
#include "l2tp/secret_menu.h"
#include "l2tp/server_menu.h"
#include "ppp/profile_menu.h"
#include "pptp/client_menu.h"
#include "pptp/server_menu.h"
#include "pppoe/server_menu.h"
#include "radius/radius_menu.h"

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

#define setup cli_driver_setup
#define teardown cli_driver_teardown

/* text as a configuration file: 0 or -1 with the reason in err */
static int load(const char *text)
{
	char path[] = "/tmp/sluice-test-config.XXXXXX";
	int fd = mkstemp(path), ret;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	sb_reset(&err);
	ret = config_load(path, &err);
	unlink(path);
	return ret;
}

static char *export_all(void)
{
	struct strbuf sb;

	sb_init(&sb);
	config_export(false, &sb);
	return sb.p;
}

/* Every menu is registered once, in export order, with its built-in items. */
static void test_registry(void **state)
{
	static const char *const order[] = {
		"/system logging", "/system metrics", "/ip pool", "/ipv6 pool", "/ppp profile",
		"/ppp secret",
		"/ppp l2tp-secret",
		"/ppp aaa",
		"/interface pptp-server server", "/interface pppoe-server server", "/radius",
		"/radius incoming",
		"/interface pptp-client", "/interface l2tp-server server", "/interface l2tp-client",
		"/interface pppoe-client",
		"/certificate", "/ip ipsec mode-config", "/ip ipsec policy group",
		"/ip ipsec profile", "/ip ipsec peer", "/ip ipsec proposal", "/ip ipsec identity",
		"/ip ipsec policy", "/ip ipsec settings", "/ip ipsec key",
	};
	const struct cfg_menu *m;
	size_t i, k = 0;

	(void)state;
	for (i = 0; (m = config_menu_at(i)); i++) {
		assert_null(m->view);	/* views register with the code that fills them */
		assert_true(k < sizeof(order) / sizeof(order[0]));
		assert_string_equal(m->path, order[k++]);
	}
	assert_int_equal(k, sizeof(order) / sizeof(order[0]));
	assert_int_equal(ppp_profile_menu.n, 2);
	assert_non_null(ppp_profile_find("default-encryption"));
	assert_non_null(pptp_server_cfg());
	assert_int_equal(system_logging_menu.n, 4);
}

/*
 * /ppp l2tp-secret as RouterOS scripts write it: networks without host bits, the most
 * specific enabled entry wins, secrets hidden from print and export.
 */
static void test_l2tp_secret(void **state)
{
	(void)state;
	refused("/ppp l2tp-secret add address=10.1.0.5/24 secret=x", "no host bits");
	refused("/ppp l2tp-secret add address=10.1.0.0/33 secret=x", "expected an address");
	ok("/ppp l2tp-secret add address=0.0.0.0/0 secret=everyone");
	ok("/ppp l2tp-secret add address=10.1.0.0/16 secret=branch");
	ok("/ppp l2tp-secret add address=10.1.2.3 secret=host disabled=yes");
	assert_string_equal(l2tp_secret_for(inet_addr("192.0.2.1")), "everyone");
	assert_string_equal(l2tp_secret_for(inet_addr("10.1.2.3")), "branch");
	ok("/ppp l2tp-secret enable 2");
	assert_string_equal(l2tp_secret_for(inet_addr("10.1.2.3")), "host");
	assert_string_equal(l2tp_secret_for(inet_addr("10.1.2.4")), "branch");
	ok("/ppp l2tp-secret remove 0");
	assert_null(l2tp_secret_for(inet_addr("192.0.2.1")));
	ok("/ppp l2tp-secret print");
	assert_null(strstr(out.p, "branch"));
	assert_non_null(strstr(out.p, "10.1.0.0/16"));
}

/*
 * /interface pppoe-server server: items named by service-name (several may share one, on
 * other interfaces), the PPP AAA page's commands, RouterOS's defaults, max-mtu=auto.
 */
static void test_pppoe_server(void **state)
{
	const struct pppoe_server_cfg *c;
	char *text;

	(void)state;
	refused("/interface pppoe-server server add service-name=x", "interface");
	ok("/interface pppoe-server server add service-name=pppoe-soho interface=ether1 enabled=yes");
	refused("/interface pppoe-server server set pppoe-soho profile=pppoe-profile",
		"default-profile=");
	refused("/interface pppoe-server server add service-name=pppoe-soho interface=ether1",
		"already has service-name=pppoe-soho on interface=ether1");
	ok("/interface pppoe-server server add service-name=pppoe-soho interface=vlan10");
	ok("/interface pppoe-server server set pppoe-soho default-profile=default-encryption "
	   "keepalive-timeout=20");
	refused("/interface pppoe-server server set 1 max-mtu=100", "auto or a number");
	ok("/interface pppoe-server server set 1 max-mtu=1480 pado-delay=200");
	refused("/interface pppoe-server server set 1 interface=ether1", "already has");
	c = pppoe_server_at(0);
	assert_true(c->enabled);
	assert_string_equal(c->default_profile, "default-encryption");
	assert_int_equal(c->keepalive_timeout, 20);
	assert_int_equal(c->authentication, CFG_AUTH_PAP | CFG_AUTH_CHAP | CFG_AUTH_MSCHAP1 |
			 CFG_AUTH_MSCHAP2);
	assert_int_equal(c->max_mtu, 0);	/* auto */
	assert_int_equal(c->max_sessions, CFG_UNLIMITED);
	c = pppoe_server_at(1);
	assert_false(c->enabled);
	assert_int_equal(c->keepalive_timeout, 20);	/* the name stood for both */
	assert_int_equal(c->max_mtu, 1480);
	assert_int_equal(c->pado_delay, 200);
	text = export_all();
	assert_non_null(strstr(text, "add enabled=yes default-profile=default-encryption "
				     "keepalive-timeout=20 service-name=pppoe-soho interface=ether1"));
	free(text);
	ok("/interface pppoe-server server remove pppoe-soho");
	assert_int_equal(pppoe_server_menu.n, 0);
}

/* What the protocol code reads: the typed struct, parsed once per change. */
static void test_typed_values(void **state)
{
	const struct ppp_profile_cfg *p;
	const struct pptp_server_cfg *s;
	struct ppp_profile_cfg r;

	(void)state;
	ok("/ip pool add name=pool1 ranges=10.0.0.10-10.0.0.20");
	ok("/ppp profile add name=p1 local-address=10.0.0.1 remote-address=pool1 "
	   "session-timeout=1h dns-server=1.1.1.1,8.8.8.8 use-encryption=required");
	p = ppp_profile_find("p1");
	assert_non_null(p);
	assert_int_equal(p->local_address, inet_addr("10.0.0.1"));
	assert_string_equal(p->remote_address.pool, "pool1");
	assert_int_equal(p->session_timeout, 3600);
	assert_int_equal(p->dns_server.n, 2);
	assert_int_equal(p->dns_server.addr[1], inet_addr("8.8.8.8"));
	assert_int_equal(p->dns_server.n6, 0);
	/* both families in one list, each kept in order; the fourth IPv6 one is not used */
	ok("/ppp profile set p1 dns-server=2001:db8::53,1.1.1.1,2001:db8::54,2001:db8::55,2001:db8::56");
	assert_int_equal(p->dns_server.n, 1);
	assert_int_equal(p->dns_server.n6, 3);
	assert_int_equal(p->dns_server.addr6[0][15], 0x53);
	assert_int_equal(p->dns_server.addr6[2][15], 0x55);
	refused("/ppp profile set p1 dns-server=fe80::1", "global IPv6");
	refused("/ppp profile set p1 dns-server=ff02::1", "global IPv6");
	refused("/ppp profile set p1 dns-server=::", "global IPv6");
	ok("/ppp profile set p1 dns-server=1.1.1.1,8.8.8.8");
	assert_int_equal(p->use_encryption, CFG_ENC_REQUIRED);
	ok("/ppp profile set p1 remote-address=10.0.0.99 idle-timeout=5m");
	assert_null(p->remote_address.pool);
	assert_int_equal(p->remote_address.addr, inet_addr("10.0.0.99"));
	assert_int_equal(p->idle_timeout, 300);
	/* RouterOS's "default": what p1 leaves unset comes from the default profile */
	ok("/ppp profile set default only-one=yes session-timeout=2h");
	assert_true(ppp_profile_resolve("p1", &r));
	assert_int_equal(r.only_one, CFG_ONLY_ONE_YES);
	assert_int_equal(r.session_timeout, 3600);
	ok("/interface pptp-server server set enabled=yes authentication=pap,mschap2 "
	   "max-sessions=10 mppe-mode=stateful");
	s = pptp_server_cfg();
	assert_true(s->enabled);
	assert_int_equal(s->authentication, CFG_AUTH_PAP | CFG_AUTH_MSCHAP2);
	assert_int_equal(s->max_sessions, 10);
	assert_int_equal(s->mppe_mode, CFG_MPPE_STATEFUL);
	assert_int_equal(l2tp_server_cfg()->max_sessions, CFG_UNLIMITED);
	assert_int_equal(l2tp_server_cfg()->keepalive_timeout, 30);
	/* both server menus start with what ppp/server.c reads of either */
	ok("/interface l2tp-server server set keepalive-timeout=40 authentication=chap");
	assert_int_equal(((const struct ppp_server_cfg *)l2tp_server_cfg())->keepalive_timeout, 40);
	assert_int_equal(((const struct ppp_server_cfg *)l2tp_server_cfg())->authentication,
			 CFG_AUTH_CHAP);
	assert_int_equal(((const struct ppp_server_cfg *)pptp_server_cfg())->authentication,
			 CFG_AUTH_PAP | CFG_AUTH_MSCHAP2);
	ok("/radius add address=10.0.0.3 secret=s timeout=1s");
	assert_int_equal(radius_at(0)->timeout, 1000);
	assert_int_equal(radius_at(0)->authentication_port, 1812);
	assert_int_equal(ppp_aaa()->interim_update, 0);
}

/* RouterOS refuses a reference to nothing; so do we, for every kind of reference. */
static void test_references_checked(void **state)
{
	(void)state;
	refused("/ppp secret add name=a password=x profile=nosuch",
		"input does not match any value of profile");
	refused("/ppp profile set default remote-address=nosuchpool",
		"input does not match any value of remote-address");
	refused("/ip pool add name=p ranges=10.1.0.0/24 next-pool=nosuch",
		"input does not match any value of next-pool");
	refused("/interface pptp-server server set default-profile=nosuch", "no /ppp profile");
	refused("/interface pptp-client add name=c connect-to=1.2.3.4 profile=nosuch",
		"no /ppp profile named nosuch");
	assert_int_equal(ppp_secret_menu.n, 0);
	assert_int_equal(ip_pool_menu.n, 0);
	/* an address, "none" and the empty value name nothing */
	ok("/ppp profile set default remote-address=10.0.0.5");
	ok("/ppp profile set default remote-address=\"\"");
	ok("/ip pool add name=p ranges=10.1.0.0/24 next-pool=none");
	ok("/ppp secret add name=a password=x profile=default-encryption");
}

/* An item in use stays; a rename carries over to what refers to it. */
static void test_remove_and_rename(void **state)
{
	(void)state;
	ok("/ip pool add name=p1 ranges=10.1.0.0/24");
	ok("/ip pool add name=p2 ranges=10.2.0.0/24 next-pool=p1");
	ok("/ppp profile add name=prof remote-address=p1");
	ok("/ppp secret add name=alice profile=prof");
	refused("/ppp profile remove prof", "used by /ppp secret alice (profile)");
	refused("/ip pool remove p1", "used by /ip pool p2 (next-pool)");
	ok("/ip pool set p1 name=renamed");
	assert_string_equal(ip_pool_find("p2")->next_pool, "renamed");
	assert_string_equal(ppp_profile_find("prof")->remote_address.pool, "renamed");
	ok("/ppp profile set prof name=staff");
	assert_string_equal(ppp_secret_find("alice")->profile, "staff");
	ok("/ppp secret remove alice");
	ok("/ppp profile remove staff");
	ok("/ip pool remove p2");
	ok("/ip pool remove renamed");
}

/* A script may name what it defines further down (the PPP AAA page adds its profile
 * before its pool); a name still missing at the end refuses the whole script. */
static void test_scripts(void **state)
{
	char *before, *after;

	(void)state;
	assert_int_equal(load("/ppp profile add name=p1 remote-address=pool1\n"
			      "/ip pool add name=pool1 ranges=10.0.0.10-10.0.0.20\n"), 0);
	assert_string_equal(ppp_profile_find("p1")->remote_address.pool, "pool1");
	before = export_all();
	assert_int_equal(load("/ip pool add name=pool2 ranges=10.9.0.0/24\n"
			      "/ppp secret add name=bob profile=p9\n"
			      "/ppp profile add name=p8\n"), -1);
	assert_non_null(strstr(err.p, "/ppp secret bob: input does not match any value of profile"));
	assert_non_null(strstr(err.p, "nothing of the script was applied"));
	after = export_all();
	assert_string_equal(before, after);	/* pool2 and p8 went too */
	free(after);
	/* a line that fails takes the lines before it back with it */
	assert_int_equal(load("/ip pool add name=pool3 ranges=10.8.0.0/24\n"
			      "/ppp secret add name=carol bad=1\n"), -1);
	assert_non_null(strstr(err.p, ":2: unknown property bad"));
	after = export_all();
	assert_string_equal(before, after);
	free(after);
	free(before);
	/* outside a script, the check is at once again */
	refused("/ppp secret add name=dave profile=p9", "input does not match");
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_l2tp_secret, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pppoe_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_and_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scripts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
