// SPDX-License-Identifier: GPL-2.0
/*
 * The command language (daemon/admin/cli.c with the real configuration store and its printers):
 * RouterOS snippets as an administrator types them, print where/detail/count-only, [find]
 * selectors, errors that name the bad word and change nothing, menus remembered across
 * lines, export round trips, completion, and libshared/script.c's continuation and comments.
 */
/* unit-test-sources: daemon/admin/cli.c daemon/admin/traffic.c @config daemon/admin/config_text.c daemon/admin/config_file.c daemon/ppp/active_view.c daemon/ppp/pool_used_view.c daemon/core/log.c tests/unit/lib/cli_driver.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "admin/cli.h"
#include "cli_driver.h"
#include "admin/config.h"
#include "aaa/pool_menu.h"
#include "aaa/secret_menu.h"
#include "ppp/profile_menu.h"
#include "l2tp/client_menu.h"
#include "l2tp/server_menu.h"
#include "pptp/client_menu.h"
#include "pptp/server_menu.h"
#include "radius/incoming_menu.h"
#include "radius/radius_menu.h"
#include "admin/config_file.h"
#include "admin/config_text.h"
#include "ctl.h"
#include "words.h"
#include "script.h"
#include "admin/system.h"
#include "ppp/views.h"
#include "radius/client.h"
#include "radius/dae.h"

/* live-state stand-ins: two active sessions */
void system_resource_print(struct strbuf *o, int json)
{
	sb_puts(o, json ? "{}" : "uptime: 0s\n");
}

static const struct cfg_prop active_props[] = {
	CFG_VIEW_PROP("name", CFG_P_COLUMN), CFG_VIEW_PROP("session-id", 0),
};
static char removed[64];
static const char *first_name = "alice";	/* what the first session's peer called itself */

void ppp_active_view(struct cfg_menu *v)
{
	struct cfg_item *it;

	*v = (struct cfg_menu){ .path = "/ppp active", .props = active_props, .nprops = 2 };
	it = cfg_view_add(v);
	cfg_view_set(v, it, "name", first_name);
	cfg_view_set(v, it, "session-id", "0000000a");
	it = cfg_view_add(v);
	cfg_view_set(v, it, "name", "bob");
	cfg_view_set(v, it, "session-id", "0000000b");
}

/* print stats: the same two rows */
void ppp_active_stats_view(struct cfg_menu *v)
{
	ppp_active_view(v);
}

void ppp_pool_used_view(struct cfg_menu *v)
{
	*v = (struct cfg_menu){ .path = "/ip pool used", .props = active_props, .nprops = 1,
				.unnumbered = true };
}

void ppp_active_remove_id(const char *id)
{
	strncat(removed, id, sizeof(removed) - strlen(removed) - 1);
}

/* /radius incoming monitor */
void rad_dae_monitor(struct strbuf *o, int json)
{
	sb_puts(o, json ? "{\"requests\":0}\n" : "requests: 0\n");
}

/* /radius monitor: the address of the server it was asked about */
void rad_client_monitor(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *o,
			int json)
{
	sb_printf(o, json ? "{\"server\":\"%s\"}\n" : "server: %s\n", cfg_get(m, it, "address"));
}


static void dae_monitor(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *o,
			int json)
{
	(void)m;
	(void)it;
	rad_dae_monitor(o, json);
}

static int setup(void **state)
{
	(&radius_menu)->monitor = rad_client_monitor;
	(&radius_incoming_menu)->monitor = dae_monitor;
	removed[0] = '\0';
	first_name = "alice";
	return cli_driver_setup(state);
}

#define teardown cli_driver_teardown

/* Runs text as a script file would be read: one script, references checked at its end. */
static void script(const char *text)
{
	struct script *s = malloc(sizeof(*s));
	const char *p = text;

	assert_non_null(s);
	script_init(s);
	config_script_begin();
	while (*p) {
		size_t n = strcspn(p, "\n");
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		if (script_feed(s, line) == SCRIPT_CMD)
			ok(s->cmd);
		p += n + (p[n] == '\n');
	}
	if (script_end(s) == SCRIPT_CMD)
		ok(s->cmd);
	free(s);
	if (config_script_end(false, &err))
		fail_msg("script: %s", err.p);
}

static const char *get(const struct cfg_menu *m, const char *name, const char *prop)
{
	return cfg_get(m, cfg_find(m, name), prop);
}

/* The PPP AAA page's block and the PPTP server page's steps 1-4, as typed. */
static const char *const routeros =
	"# --- 2. Create a PPP Profile for AAA ---\n"
	"/ppp profile\n"
	"add name=pppoe-profile local-address=192.168.88.1 remote-address=ppp-pool "
	"use-encryption=required only-one=yes # Basic profile settings\n"
	"#   - name: Profile name for easy reference\n"
	"/ip pool\n"
	"add name=ppp-pool ranges=192.168.88.100-192.168.88.199 # Define a range\n"
	"/ppp secret\n"
	"add name=user1 password=password1 service=pppoe profile=pppoe-profile # user 'user1'\n"
	"/ip pool add name=pptp-pool ranges=192.168.89.10-192.168.89.100\n"
	"/ppp profile add \\\n"
	"    name=pptp-profile \\\n"
	"    local-address=192.168.89.1 \\\n"
	"    remote-address=pptp-pool \\\n"
	"    use-encryption=required \\\n"
	"    dns-server=8.8.8.8,8.8.4.4\n"
	"/interface pptp-server server set \\\n"
	"    enabled=yes \\\n"
	"    default-profile=pptp-profile \\\n"
	"    authentication=mschap2\n"
	"/ppp secret add \\\n"
	"    name=vpnuser \\\n"
	"    password=StrongUserPass \\\n"
	"    service=pptp \\\n"
	"    profile=pptp-profile\n";

static void test_routeros_snippets(void **state)
{
	(void)state;
	script(routeros);
	assert_string_equal(get(&ppp_profile_menu, "pppoe-profile", "only-one"), "yes");
	assert_string_equal(get(&ip_pool_menu, "ppp-pool", "ranges"), "192.168.88.100-192.168.88.199");
	assert_string_equal(get(&ppp_secret_menu, "user1", "service"), "pppoe");
	assert_string_equal(get(&ppp_profile_menu, "pptp-profile", "dns-server"), "8.8.8.8,8.8.4.4");
	assert_string_equal(get(&pptp_server_menu, NULL, "authentication"), "mschap2");
	assert_string_equal(get(&ppp_secret_menu, "vpnuser", "password"), "StrongUserPass");
	assert_string_equal(cs.path, "/ppp secret");	/* the script's last menu */
}

static void test_print_forms(void **state)
{
	(void)state;
	script(routeros);
	ok("/ppp secret print");
	assert_non_null(strstr(out.p, " NAME "));
	assert_non_null(strstr(out.p, "vpnuser"));
	assert_null(strstr(out.p, "StrongUserPass"));	/* passwords never print */
	ok("/ppp secret print count-only where service=pptp");
	assert_string_equal(out.p, "1\n");
	ok("/ppp secret print count-only where service!=pptp");
	assert_string_equal(out.p, "1\n");
	ok("/ppp secret print count-only where name~\"^(user|vpn)\"");
	assert_string_equal(out.p, "2\n");
	ok("/ppp secret print count-only where service=pptp or name=user1");
	assert_string_equal(out.p, "2\n");
	ok("/ppp secret print count-only where service=pptp and name=user1");
	assert_string_equal(out.p, "0\n");
	ok("/ppp secret print detail where name=vpnuser");
	assert_non_null(strstr(out.p, "profile=pptp-profile"));
	assert_null(strstr(out.p, "password"));
	ok("/ppp secret print as-value");
	assert_true(out.p[0] == '[' && strstr(out.p, "\"name\":\"user1\""));
	assert_null(strstr(out.p, "password"));
	assert_int_equal(cli_exec(&cs, "/ppp secret print", CTL_F_JSON, &out, &err), 0);
	/* a condition on the password would be an oracle */
	assert_int_equal(run("/ppp secret print where password=StrongUserPass"), -1);
	ok("/interface pptp-server server print");
	assert_non_null(strstr(out.p, "  enabled: yes\n"));
}

static void test_find_and_lists(void **state)
{
	(void)state;
	script(routeros);
	ok("/ppp secret disable [find service=pppoe]");
	assert_string_equal(get(&ppp_secret_menu, "user1", "disabled"), "yes");
	assert_string_equal(get(&ppp_secret_menu, "vpnuser", "disabled"), "no");
	ok("/ppp secret print count-only where disabled");
	assert_string_equal(out.p, "1\n");
	ok("/ppp secret print count-only where !disabled");
	assert_string_equal(out.p, "1\n");
	ok("/ppp secret enable 0");
	assert_string_equal(get(&ppp_secret_menu, "user1", "disabled"), "no");
	ok("/ppp secret set user1,vpnuser comment=both");
	assert_string_equal(get(&ppp_secret_menu, "vpnuser", "comment"), "both");
	ok("/ppp secret set [ find ] profile=default");	/* every item */
	assert_string_equal(get(&ppp_secret_menu, "user1", "profile"), "default");
	ok("/ppp secret set [ find name=nobody ] comment=x");	/* none: nothing, as RouterOS */
	ok("/ppp secret remove [find where comment=both]");
	assert_int_equal((&ppp_secret_menu)->n, 0);
}

/* Each bad command fails, says why, and leaves the export exactly as it was. */
static void test_errors_change_nothing(void **state)
{
	static const struct { const char *line, *says; } bad[] = {
		{ "/ppp secrt print", "bad command name secrt" },
		{ "/ppp secret adx name=x", "expected one of: " },
		{ "/ip ipsec p print", "bad command name p" },	/* peer, policy, profile, ... */
		{ "/ppp secret add name=x pasword=y", "unknown property pasword" },
		{ "/ppp secret add password=y", "needs name=" },
		{ "/ppp secret add name=user1", "already exists" },
		{ "/ppp secret set user1 service=ftp", "bad value for service" },
		{ "/ppp secret set user1 routes=10.1.0.5/24", "no host bits" },
		{ "/ppp secret set nobody disabled=yes", "no such item: nobody" },
		{ "/ppp secret set user1,vpnuser name=z", "several items" },
		{ "/ppp secret set user1 comment=ok service=bad", "bad value for service" },
		{ "/ppp secret set [find] comment=ok name=vpnuser", "several items" },
		{ "/ppp profile remove default", "built in" },
		{ "/ppp profile set default name=other", "cannot be renamed" },
		{ "/ppp profile set [find] rate-limit=fast", "bad value for rate-limit" },
		{ "/ip pool add name=p ranges=10.0.0.9-10.0.0.1", "bad value for ranges" },
		{ "/radius add address=10.0.0.300 secret=x", "bad value for address" },
		{ "/radius add address=10.0.0.3 timeout=70s", "bad value for timeout" },
		{ "/radius add secret=x", "needs address=" },
		{ "/radius add address=10.0.0.3 service=ppp,tea", "bad value for service" },
		{ "/radius incoming set port=0", "bad value for port" },
		{ "/ppp aaa set radius-fallback=maybe", "bad value for radius-fallback" },
		{ "/radius monitor 5", "no such item" },
		{ "/system logging add topics=pptp,bogus", "expected topics" },
		{ "/ppp secret print where name~\"(\"", "bad regular expression" },
		{ "/ppp secret print where name~\"((a{1,255}){1,255})\"", "{m,n}" },
		{ "/ppp secret print where name~\"(a)\\\\1\"", "back-reference" },
		{ "/ip pool add name=p2 ranges=10.0.0.1 next-pool=\"a\\nb\"", "no control characters" },
		{ "/ppp profile add name=t session-timeout=4294967296s", "too long a duration" },
		{ "/ppp secret print where or name=user1", "a condition must come before and after" },
		{ "/ppp secret remove [find name=user1", "missing ]" },
		{ "/ppp secret print name=x", "expected detail, count-only" },
		{ "/ppp secret add name=\"unterminated", "unterminated" },
		{ "/import file=/etc/shadow", "pppctl -f" },
	};
	struct strbuf before, after;
	size_t i;

	(void)state;
	script(routeros);
	sb_init(&before);
	sb_init(&after);
	config_export(false, &before);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!run(bad[i].line))
			fail_msg("accepted: %s", bad[i].line);
		if (!strstr(err.p, bad[i].says))
			fail_msg("%s: said \"%s\", expected \"%s\"", bad[i].line, err.p, bad[i].says);
	}
	config_export(false, &after);
	assert_string_equal(before.p, after.p);
	sb_free(&before);
	sb_free(&after);
}

static void test_navigation(void **state)
{
	(void)state;
	ok("/ppp");
	assert_string_equal(cs.path, "/ppp");
	assert_true(cs.moved);
	ok("secret");
	assert_string_equal(cs.path, "/ppp secret");
	ok("add name=n1 password=p");
	assert_false(cs.moved);
	ok("..");
	assert_string_equal(cs.path, "/ppp");
	ok("profile add name=pr");
	ok("/ip pool print");	/* absolute from anywhere; the menu stays */
	assert_string_equal(cs.path, "/ppp");
	ok("/ppp/secret/print");
	assert_non_null(strstr(out.p, "n1"));
	ok("/");
	assert_string_equal(cs.path, "/");
	assert_int_equal(run("secret print"), -1);	/* not a child of the root */
	assert_non_null(strstr(err.p, "expected one of: system, ip, ipv6, ppp, interface"));
}

/* export, reset, run the export: the same export, passwords and odd values included */
static void test_export_round_trip(void **state)
{
	struct strbuf a, b;

	(void)state;
	script(routeros);
	ok("/ppp secret add name=odd password=\"a b\\\"c\\\\d\\$e?#f\" comment=\"x\\ny\" "
	   "routes=\"10.1.0.0/24 10.0.0.1 3,10.2.0.0/16\"");
	ok("/ppp profile set default only-one=replace");
	ok("/system logging set 0 disabled=yes");
	ok("/system logging add topics=pptp,!debug");
	ok("/ppp aaa set interim-update=5m");
	/* the PPTP page's RADIUS steps, as typed */
	script("/radius add \\\n    service=ppp \\\n    address=10.0.0.3 \\\n"
	       "    secret=RadiusSharedSecret \\\n    authentication-port=1812 \\\n"
	       "    accounting-port=1813\n"
	       "/ppp aaa set \\\n    use-radius=yes \\\n    accounting=yes \\\n"
	       "    interim-update=5m\n");
	ok("/radius add address=10.0.0.4 secret=\"s p\\\"x\" timeout=1s disabled=yes "
	   "require-message-auth=yes-for-request-resp comment=backup");
	ok("/radius incoming set accept=yes port=3799");
	ok("/ppp aaa set radius-fallback=never");
	sb_init(&a);
	sb_init(&b);
	config_export(false, &a);
	assert_non_null(strstr(a.p, "set [ find name=default ] only-one=replace"));
	assert_non_null(strstr(a.p, "/system logging\nset 0 disabled=yes\n"));
	assert_non_null(strstr(a.p, "add address=10.0.0.3 secret=RadiusSharedSecret\n"));
	assert_non_null(strstr(a.p, "/radius incoming\nset accept=yes\n"));
	config_reset();
	cli_session_init(&cs);
	script(a.p);
	config_export(false, &b);
	assert_string_equal(a.p, b.p);
	assert_string_equal(get(&ppp_secret_menu, "odd", "password"), "a b\"c\\d$e?#f");
	sb_reset(&b);
	config_export(true, &b);
	assert_null(strstr(b.p, "StrongUserPass"));
	assert_null(strstr(b.p, "RadiusSharedSecret"));
	assert_null(strstr(b.p, "password="));
	sb_free(&a);
	sb_free(&b);
}

/* /radius: servers numbered like /system logging, secrets never printed, monitor per item */
static void test_radius_menu(void **state)
{
	(void)state;
	ok("/radius add address=10.0.0.3 secret=topsecret comment=main");
	ok("/radius add address=10.0.0.4 secret=other timeout=1s");
	ok("/radius print");
	assert_non_null(strstr(out.p, "10.0.0.3"));
	assert_non_null(strstr(out.p, "300ms"));
	assert_null(strstr(out.p, "topsecret"));
	ok("/radius print detail");
	assert_null(strstr(out.p, "topsecret"));
	ok("/radius monitor 1");
	assert_string_equal(out.p, "server: 10.0.0.4\n");
	ok("/radius monitor [find comment=main] once");
	assert_string_equal(out.p, "server: 10.0.0.3\n");
	ok("/radius set 0 disabled=yes");
	assert_string_equal(cfg_get((&radius_menu), &(&radius_menu)->items[0],
				    "disabled"), "yes");
	ok("/ppp aaa set use-radius=yes");
	ok("/ppp aaa print");
	assert_non_null(strstr(out.p, "radius-fallback: if-unreachable"));
	ok("/radius incoming monitor");
	assert_string_equal(out.p, "requests: 0\n");
	ok("/radius incoming monitor once");
	assert_int_equal(run("/radius incoming monitor twice"), -1);
	ok("/radius remove 0");
	assert_int_equal((&radius_menu)->n, 1);
}

/* /interface pptp-client: RouterOS's page's example, its defaults, export and monitor */
static const char *live_r(const struct cfg_menu *m, const struct cfg_item *it)
{
	return strcmp(cfg_get(m, it, "name"), "pptp-out1") ? "" : "R";
}

static void test_pptp_client(void **state)
{
	struct strbuf a, b;

	(void)state;
	script("/interface pptp-client add \\\n name=pptp-out1 \\\n connect-to=10.9.0.1 \\\n"
	       " user=vpnuser \\\n password=StrongUserPass \\\n profile=default-encryption \\\n"
	       " add-default-route=no \\\n disabled=no\n");
	ok("/interface pptp-client add name=pptp-out2 connect-to=10.9.0.2 user=\"DOM\\\\u\"");
	assert_string_equal(get(&pptp_client_menu, "pptp-out1", "password"), "StrongUserPass");
	assert_string_equal(get(&pptp_client_menu, "pptp-out2", "disabled"), "yes");	/* RouterOS adds disabled */
	assert_string_equal(get(&pptp_client_menu, "pptp-out2", "user"), "DOM\\u");
	assert_string_equal(get(&pptp_client_menu, "pptp-out2", "allow"), "pap,chap,mschap1,mschap2");
	assert_string_equal(get(&pptp_client_menu, "pptp-out2", "keepalive-timeout"), "60");
	assert_string_equal(get(&pptp_client_menu, "pptp-out2", "profile"), "default-encryption");
	assert_int_equal(run("/interface pptp-client add name=x connect-to=vpn.example.com"), -1);
	assert_non_null(strstr(err.p, "IPv4"));
	assert_int_equal(run("/interface pptp-client add name=much-too-long-name connect-to=1.2.3.4"), -1);
	assert_int_equal(run("/interface pptp-client add name=x connect-to=1.2.3.4 allow=eap"), -1);
	assert_int_equal(run("/interface pptp-client add name=x connect-to=1.2.3.4 default-route-distance=256"), -1);
	assert_int_equal(run("/interface pptp-client add name=x"), -1);	/* connect-to is needed */
	ok("/interface pptp-client print");
	assert_null(strstr(out.p, "StrongUserPass"));
	assert_non_null(strstr(out.p, "Flags: X - disabled\n"));
	assert_non_null(strstr(out.p, " 1 X "));
	/* the running flag comes from whoever runs the items */
	(&pptp_client_menu)->live_flags = live_r;
	ok("/interface pptp-client print");
	assert_non_null(strstr(out.p, "Flags: X - disabled, R - running\n"));
	assert_non_null(strstr(out.p, " 0 R pptp-out1 10.9.0.1   vpnuser default-encryption\n"));
	ok("/interface pptp-client monitor pptp-out2 once");
	assert_string_equal(out.p, "  status: disabled\n");
	assert_int_equal(run("/interface pptp-client monitor pptp-out2 twice"), -1);
	ok("/interface pptp-client disable pptp-out1");
	assert_string_equal(get(&pptp_client_menu, "pptp-out1", "disabled"), "yes");
	ok("/interface pptp-client enable [find connect-to=10.9.0.2]");
	assert_string_equal(get(&pptp_client_menu, "pptp-out2", "disabled"), "no");
	/* export, reset, import: the same, the password kept (and hidden on request) */
	sb_init(&a);
	sb_init(&b);
	config_export(false, &a);
	assert_non_null(strstr(a.p, "/interface pptp-client\nadd name=pptp-out1 connect-to=10.9.0.1 "
				    "user=vpnuser password=StrongUserPass\n"));
	config_reset();
	cli_session_init(&cs);
	script(a.p);
	config_export(false, &b);
	assert_string_equal(a.p, b.p);
	sb_reset(&b);
	config_export(true, &b);
	assert_null(strstr(b.p, "StrongUserPass"));
	sb_free(&a);
	sb_free(&b);
	(&pptp_client_menu)->live_flags = NULL;
}

/* A property by any prefix that names it alone, as RouterOS takes it (the IPsec page's
 * `/ip pool add range=`); an ambiguous one is refused, an action's keys are its own. */
static void test_abbreviated_properties(void **state)
{
	(void)state;
	ok("/ip pool add name=vpn-pool range=192.168.99.2-192.168.99.100");
	ok("/ip pool print where range=192.168.99.2-192.168.99.100");
	assert_non_null(strstr(out.p, "vpn-pool"));
	ok("/ppp profile set default local-addr=192.168.99.1 remote-addr=vpn-pool");
	assert_int_equal(run("/ppp profile set default r=1"), -1);	/* remote-address? rate-limit? */
	assert_non_null(strstr(err.p, "unknown property r;"));
	/* menus and commands too, by a prefix that names one (the page's /ip ipsec mode-conf) */
	ok("/ip ipsec mode-conf add name=rw-conf split-include=10.5.8.0/24");
	ok("/ip ipsec mode-config print");
	assert_non_null(strstr(out.p, "rw-conf"));
	ok("/ip pool pr where name=vpn-pool");
	assert_non_null(strstr(out.p, "vpn-pool"));
	ok("/ip ipsec mode-conf");
	assert_string_equal(cs.path, "/ip ipsec mode-config");
	assert_int_equal(run("/ip ipsec pro print"), -1);	/* profile or proposal */
}

/* /interface l2tp-server server: RouterOS's properties, use-ipsec's words, the secrets
 * never printed, the menu through export and back */
static void test_l2tp_server_menu(void **state)
{
	struct strbuf a, b;

	(void)state;
	ok("/interface l2tp-server server set enabled=yes authentication=mschap2,pap "
	   "keepalive-timeout=10 max-mtu=1400 mrru=1600 ipsec-secret=psk1 tunnel-secret=\"t s\"");
	ok("/interface l2tp-server server set use-ipsec=required");
	ok("/interface l2tp-server server set use-ipsec=yes");
	assert_int_equal(run("/interface l2tp-server server set use-ipsec=maybe"), -1);
	assert_int_equal(run("/interface l2tp-server server set mrru=100"), -1);
	ok("/interface l2tp-server server set use-ipsec=no");
	ok("/interface l2tp-server server print");
	assert_non_null(strstr(out.p, "authentication: mschap2,pap"));
	assert_null(strstr(out.p, "psk1"));
	assert_null(strstr(out.p, "t s"));
	sb_init(&a);
	sb_init(&b);
	config_export(false, &a);
	assert_non_null(strstr(a.p, "/interface l2tp-server server\nset "));
	assert_non_null(strstr(a.p, "tunnel-secret=\"t s\""));
	config_reset();
	cli_session_init(&cs);
	assert_string_equal(get(&l2tp_server_menu, NULL, "enabled"), "no");
	script(a.p);
	config_export(false, &b);
	assert_string_equal(a.p, b.p);
	assert_string_equal(get(&l2tp_server_menu, NULL, "mrru"), "1600");
	sb_reset(&b);
	config_export(true, &b);
	assert_null(strstr(b.p, "psk1"));
	assert_null(strstr(b.p, "t s"));
	sb_free(&a);
	sb_free(&b);
}

static void test_active_view(void **state)
{
	(void)state;
	ok("/ppp active print count-only where name=bob");
	assert_string_equal(out.p, "1\n");
	ok("/ppp active remove [find name=bob]");
	assert_string_equal(removed, "0000000b");
	ok("/ppp active remove 0");
	assert_string_equal(removed, "0000000b0000000a");
	assert_int_equal(run("/ppp active remove carol"), -1);
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, line, n) && p[n] == '\n')
			return true;
	return false;
}

static void test_completion(void **state)
{
	(void)state;
	script(routeros);
	cli_session_init(&cs);
	sb_reset(&out);
	cli_complete(&cs, "/pp", &out);
	assert_string_equal(out.p, "/ppp\n");
	sb_reset(&out);
	cli_complete(&cs, "/ppp secret ", &out);
	assert_true(has_line(out.p, "add") && has_line(out.p, "disable"));
	sb_reset(&out);
	cli_complete(&cs, "/ppp secret set ", &out);
	assert_true(has_line(out.p, "vpnuser") && has_line(out.p, "["));
	sb_reset(&out);
	cli_complete(&cs, "/ppp secret add prof", &out);
	assert_string_equal(out.p, "profile=\n");
	sb_reset(&out);
	cli_complete(&cs, "/ppp secret add profile=pp", &out);
	assert_true(has_line(out.p, "profile=pppoe-profile") && has_line(out.p, "profile=pptp-profile"));
	sb_reset(&out);
	cli_complete(&cs, "/ppp secret print where pass", &out);
	assert_int_equal(out.len, 0);	/* the password is no condition */
	ok("/ppp profile");
	sb_reset(&out);
	cli_complete(&cs, "set default only-one=r", &out);
	assert_string_equal(out.p, "only-one=replace\n");
}

static void test_script_reader(void **state)
{
	struct script s;

	(void)state;
	script_init(&s);
	assert_int_equal(script_feed(&s, "add a=\"x # not a comment\" # a comment\n"), SCRIPT_CMD);
	assert_string_equal(s.cmd, "add a=\"x # not a comment\"");
	assert_int_equal(script_feed(&s, "add a=b#c\n"), SCRIPT_CMD);	/* no blank before # */
	assert_string_equal(s.cmd, "add a=b#c");
	assert_int_equal(script_feed(&s, "add \\\n"), SCRIPT_MORE);
	assert_int_equal(script_feed(&s, "  b=c \\   \n"), SCRIPT_MORE);
	assert_int_equal(script_feed(&s, "  d=e\r\n"), SCRIPT_CMD);
	assert_string_equal(s.cmd, "add    b=c    d=e");
	assert_int_equal(s.first, 3);
	assert_int_equal(script_feed(&s, "set x=\"ends in a backslash\\\\\"\n"), SCRIPT_CMD);
	assert_int_equal(script_feed(&s, "   # only a comment\n"), SCRIPT_CMD);
	assert_string_equal(s.cmd, "");
	assert_int_equal(script_feed(&s, "dangling \\"), SCRIPT_MORE);
	assert_int_equal(script_end(&s), SCRIPT_CMD);
	assert_string_equal(s.cmd, "dangling  ");
}

/* a control byte other than the line ends */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			return true;
	return false;
}

/* Every byte quoted as export writes it reads back as itself, and no control byte is left
 * in the text (RouterOS's \XX for those without a letter escape). */
static void test_quote_round_trip(void **state)
{
	struct words ws;
	struct strbuf q;
	int c;

	(void)state;
	for (c = 1; c < 256; c++) {
		char v[4] = { 'a', (char)c, 'b', '\0' };

		sb_init(&q);
		cfg_quote(&q, v);
		assert_false(has_control(q.p) || strchr(q.p, '\n'));
		assert_int_equal(words_split(&ws, q.p), 0);
		assert_int_equal(ws.n, 1);
		assert_string_equal(ws.w[0].text, v);
		sb_free(&q);
	}
	assert_int_equal(words_split(&ws, "\"\\1b\\7F\\41\""), 0);
	assert_string_equal(ws.w[0].text, "\x1b\x7f" "A");
	assert_int_not_equal(words_split(&ws, "\"\\00\""), 0);
}

/* A user name with control bytes (as a peer can send it) prints escaped in every form; a
 * comment with them (names refuse them) is exported so that it comes back exactly. */
static void test_control_bytes_printed_escaped(void **state)
{
	struct strbuf a, b;

	(void)state;
	first_name = "ev\x1b" "e[2J\rx";
	ok("/ppp active print");
	assert_false(has_control(out.p));
	assert_non_null(strstr(out.p, "ev\\1Be[2J\\0Dx"));
	ok("/ppp active print detail");
	assert_false(has_control(out.p));
	assert_non_null(strstr(out.p, "name=\"ev\\1Be[2J\\rx\""));
	ok("/ppp active print as-value");
	assert_non_null(strstr(out.p, "ev\\u001be[2J\\u000dx"));
	ok("/ppp secret add name=eve password=p comment=\"a\\1Bb\\07\"");
	assert_string_equal(cfg_get(&ppp_secret_menu, &ppp_secret_menu.items[0], "comment"),
			    "a\x1b" "b\a");
	sb_init(&a);
	sb_init(&b);
	config_export(false, &a);
	assert_false(has_control(a.p));
	assert_non_null(strstr(a.p, "comment=\"a\\1Bb\\07\""));
	config_reset();
	script(a.p);
	config_export(false, &b);
	assert_string_equal(a.p, b.p);
	sb_free(&a);
	sb_free(&b);
}

/* RouterOS 7: export leaves the secrets out unless show-sensitive; the file keeps them. */
static void test_export_hides_secrets(void **state)
{
	struct strbuf file;

	(void)state;
	ok("/ppp secret add name=vpn password=Sekrit1");
	ok("/radius add address=10.0.0.3 secret=RadSekrit");
	ok("/interface l2tp-server server set tunnel-secret=TunSekrit");
	ok("/export");
	assert_non_null(strstr(out.p, "add name=vpn\n"));
	assert_non_null(strstr(out.p, "add address=10.0.0.3\n"));
	assert_null(strstr(out.p, "Sekrit"));
	ok("/export hide-sensitive");
	assert_null(strstr(out.p, "Sekrit"));
	ok("/ppp secret export");
	assert_null(strstr(out.p, "Sekrit"));
	ok("/export show-sensitive");
	assert_non_null(strstr(out.p, "password=Sekrit1"));
	assert_non_null(strstr(out.p, "secret=RadSekrit"));
	assert_non_null(strstr(out.p, "tunnel-secret=TunSekrit"));
	ok("/ppp secret export show-sensitive");
	assert_non_null(strstr(out.p, "add name=vpn password=Sekrit1\n"));
	refused("/export show-secrets", "expected show-sensitive or hide-sensitive, not");
	sb_init(&file);
	config_export(false, &file);	/* what config_file.c saves */
	assert_non_null(strstr(file.p, "password=Sekrit1"));
	assert_non_null(strstr(file.p, "tunnel-secret=TunSekrit"));
	sb_free(&file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_routeros_snippets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quote_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_hides_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_bytes_printed_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_and_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_navigation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_radius_menu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pptp_client, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abbreviated_properties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_l2tp_server_menu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_active_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_completion, setup, teardown),
		cmocka_unit_test(test_script_reader),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
