// SPDX-License-Identifier: GPL-2.0
/*
 * From the /ip ipsec menus to what charon is given (daemon/ipsec/conn.c): the page's
 * examples built into load-conn and load-shared messages, read back with our own vici
 * parser; and the dynamic items (flag D) the L2TP server makes, which print shows and
 * export, set and remove leave alone.
 */
/* unit-test-sources: @config daemon/admin/cli.c daemon/admin/traffic.c daemon/admin/config_text.c daemon/admin/config_file.c daemon/core/log.c tests/unit/lib/cli_driver.c tests/unit/lib/cert_fixture.c daemon/cert/store.c daemon/cert/disk.c daemon/cert/api.c daemon/cert/io.c daemon/cert/sign.c daemon/cert/parse.c daemon/cert/import.c daemon/cert/export.c daemon/cert/show.c daemon/cert/view.c daemon/ipsec/conn.c daemon/ipsec/pools.c daemon/aaa/ipam.c daemon/ipsec/keys.c daemon/ipsec/keys_parse.c daemon/ipsec/key_view.c daemon/ipsec/vici_msg.c */
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
#include "admin/config_text.h"
#include "cert_fixture.h"
#include "cli_driver.h"
#include "ipsec/conn.h"
#include "ipsec/identity_menu.h"
#include "ipsec/peer_menu.h"
#include "ipsec/pools.h"

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

#define setup cert_fixture_setup
#define teardown cert_fixture_teardown

static struct ipsec_set set;
static struct vici_msg *msg;

static void run_lines(const char *const *lines)
{
	for (; *lines; lines++)
		ok(*lines);
}

static void build(void)
{
	ipsec_set_free(&set);
	assert_int_equal(ipsec_set_build(&set), 0);
}

/* the item's message, parsed as charon would */
static const struct vici_node *item(enum ipsec_item_kind kind, const char *name)
{
	const struct ipsec_item *it = ipsec_set_find(&set, kind, name);

	if (!it)
		fail_msg("no %s %s", kind == IPSEC_CONN ? "conn" : "secret", name);
	vici_msg_free(msg);
	msg = NULL;
	assert_int_equal(vici_parse(it->msg.buf, it->msg.len, NULL, &msg), 0);
	return vici_root(msg);
}

static const char *first_item(const struct vici_node *n, const char *path)
{
	const struct vici_node *l = vici_list(n, path);

	return l && l->child ? vici_node_str(l->child) : NULL;
}

static void done(void)
{
	ipsec_set_free(&set);
	vici_msg_free(msg);
	msg = NULL;
}

/* "Site to Site IPsec (IKEv1) tunnel", Site 2: one conn, its key owned by the peer */
static void test_site_to_site(void **state)
{
	static const char *const site2[] = {
		"/ip ipsec profile add dh-group=modp2048 enc-algorithm=aes-128 name=ikel-site1",
		"/ip ipsec proposal add enc-algorithms=aes-128-cbc name=ikel-site1 "
		"pfs-group=modp2048",
		"/ip ipsec peer add address=192.168.90.1/32 name=ikel-site1 profile=ikel-site1",
		"/ip ipsec identity add peer=ikel-site1 secret=thisisnotasecurepsk",
		"/ip ipsec policy add src-address=10.1.101.0/24 src-port=any "
		"dst-address=10.1.202.0/24 dst-port=any tunnel=yes action=encrypt "
		"proposal=ikel-site1 peer=ikel-site1",
		NULL,
	};
	const struct vici_node *c, *ch;

	(void)state;
	run_lines(site2);
	build();
	assert_int_equal(set.n, 2);
	c = item(IPSEC_CONN, "ikel-site1/0")->child;	/* a name with a '/': walked to */
	assert_string_equal(c->name, "ikel-site1/0");
	assert_string_equal(vici_get_str(c, "version"), "1");
	assert_string_equal(first_item(c, "remote_addrs"), "192.168.90.1");	/* a host, bare */
	assert_string_equal(first_item(c, "proposals"), "aes128-sha1-modp2048");
	assert_string_equal(vici_get_str(c, "local/auth"), "psk");
	assert_string_equal(vici_get_str(c, "remote/auth"), "psk");
	ch = vici_section(c, "children/policy1");
	assert_non_null(ch);
	assert_string_equal(vici_get_str(ch, "mode"), "tunnel");
	assert_string_equal(first_item(ch, "local_ts"), "10.1.101.0/24");
	assert_string_equal(first_item(ch, "remote_ts"), "10.1.202.0/24");
	assert_string_equal(first_item(ch, "esp_proposals"), "aes128-sha1-modp2048");
	assert_string_equal(vici_get_str(ch, "start_action"), "trap");
	assert_null(vici_section(c, "children/policy0"));	/* the built-in template */
	c = item(IPSEC_SHARED, "psk/ikel-site1/0");
	assert_string_equal(vici_get_str(c, "type"), "IKE");
	assert_string_equal(vici_get_str(c, "data"), "thisisnotasecurepsk");
	assert_string_equal(first_item(c, "owners"), "192.168.90.1");
	/* a disabled peer, or one without an identity, gives charon nothing */
	ok("/ip ipsec peer set ikel-site1 disabled=yes");
	build();
	assert_int_equal(set.n, 0);
	ok("/ip ipsec peer add address=10.0.0.9/32 name=lonely");
	build();
	assert_int_equal(set.n, 0);
	done();
}

/* What the L2TP server's use-ipsec makes: main-l2tp takes IKEv1 and IKEv2, one transport
 * child for udp/1701 whose SAs mark what they decrypt, the key for everybody */
static void test_l2tp_dynamic_peer(void **state)
{
	static const char *const pk[] = { "name", "address", "exchange-mode", "passive" };
	static const char *const pv[] = { "l2tp-in-server", "0.0.0.0/0", "main-l2tp", "yes" };
	static const char *const ik[] = { "peer", "secret", "generate-policy" };
	static const char *const iv[] = { "l2tp-in-server", "mySecret", "port-strict" };
	const struct vici_node *c, *ch;
	struct strbuf e;

	(void)state;
	sb_init(&e);
	assert_int_equal(cfg_dynamic_put(&ipsec_peer_menu, "l2tp", pk, pv, 4, &e), 0);
	assert_int_equal(cfg_dynamic_put(&ipsec_identity_menu, "l2tp", ik, iv, 3, &e), 0);
	build();
	c = item(IPSEC_CONN, "l2tp-in-server/0")->child;
	assert_string_equal(vici_get_str(c, "version"), "0");
	assert_string_equal(first_item(c, "remote_addrs"), "%any");
	ch = vici_section(c, "children/" IPSEC_L2TP_CHILD);
	assert_string_equal(vici_get_str(ch, "mode"), "transport");
	assert_string_equal(first_item(ch, "local_ts"), "dynamic[17/1701]");
	assert_string_equal(first_item(ch, "remote_ts"), "dynamic[17]");
	assert_string_equal(vici_get_str(ch, "mark_in"), "%unique");
	assert_string_equal(vici_get_str(ch, "mark_out"), "%unique");
	assert_string_equal(vici_get_str(ch, "set_mark_in"), "%same");
	/* the default proposal with its PFS group, and without: Windows asks for none */
	assert_string_equal(first_item(ch, "esp_proposals"),
			    "aes256-aes192-aes128-sha1-modp1024");
	assert_non_null(vici_list(ch, "esp_proposals")->child->next);
	assert_string_equal(vici_node_str(vici_list(ch, "esp_proposals")->child->next),
			    "aes256-aes192-aes128-sha1");
	c = item(IPSEC_SHARED, "psk/l2tp-in-server/0");
	assert_null(vici_list(c, "owners")->child);
	ipsec_set_free(&set);
	sb_free(&e);
	done();
}

/* "IPsec (IKEv2) server configuration" and "Road Warrior setup using IKEv2 with RSA
 * authentication", verbatim: a tunnel from the template to the client's virtual IP, the
 * address from a block of the /ip pool lent to charon, then a second block as it fills */
static const char *const ike2_server[] = {
	"/certificate add common-name=ca name=ca",
	"/certificate sign ca ca-crl-host=2.2.2.2",
	"/certificate add common-name=2.2.2.2 subject-alt-name=IP:2.2.2.2 key-usage=tls-server "
	"name=server1",
	"/certificate sign server1 ca=ca",
	"/ip ipsec profile add name=ike2",
	"/ip ipsec proposal add name=ike2 pfs-group=none",
	"/ip pool add name=ike2-pool ranges=192.168.77.2-192.168.77.254",
	"/ip ipsec mode-config add address-pool=ike2-pool address-prefix-length=32 "
	"name=ike2-conf",
	"/ip ipsec policy group add name=ike2-policies",
	"/ip ipsec policy add dst-address=192.168.77.0/24 group=ike2-policies proposal=ike2 "
	"src-address=0.0.0.0/0 template=yes",
	"/ip ipsec peer add exchange-mode=ike2 name=ike2 passive=yes profile=ike2",
	"/ip ipsec identity add auth-method=digital-signature certificate=server1 "
	"generate-policy=port-strict mode-config=ike2-conf peer=ike2 "
	"policy-template-group=ike2-policies",
	"/ip ipsec mode-conf set [find name=\"ike2-conf\"] split-include=10.5.8.0/24",
	"/ip ipsec mode-conf set [find name=\"ike2-conf\"] system-dns=no static-dns=10.5.8.1,2001:db8:58::1",
	NULL,
};

static void test_ike2_road_warriors(void **state)
{
	const struct vici_node *c, *ch;
	uint32_t a;
	int i;

	(void)state;
	run_lines(ike2_server);
	build();
	c = item(IPSEC_CONN, "ike2/0")->child;
	assert_string_equal(vici_get_str(c, "version"), "2");
	assert_string_equal(first_item(c, "pools"), "mc/ike2-conf/0");
	assert_string_equal(vici_get_str(c, "local/auth"), "pubkey");
	assert_string_equal(vici_get_str(c, "local/id"), "2.2.2.2");	/* what clients send as IDr */
	ch = vici_section(c, "children/template1");
	assert_non_null(ch);
	assert_string_equal(vici_get_str(ch, "mode"), "tunnel");
	assert_string_equal(first_item(ch, "local_ts"), "0.0.0.0/0");
	assert_string_equal(first_item(ch, "remote_ts"), "dynamic");
	assert_null(vici_get_str(ch, "start_action"));
	c = item(IPSEC_POOL, "mc/ike2-conf/0")->child;
	assert_string_equal(vici_get_str(c, "addrs"), "192.168.77.2-192.168.77.33");
	assert_string_equal(first_item(c, "dns"), "10.5.8.1");	/* INTERNAL_IP4_DNS, then ... */
	assert_string_equal(vici_node_str(vici_list(c, "dns")->child->next), "2001:db8:58::1");
	assert_string_equal(first_item(c, "subnet"), "10.5.8.0/24");
	/* three quarters held: a second block, named by the conn at the next pass */
	for (i = 0; i < 23; i++) {
		a = htonl(0xc0a84d02u + (uint32_t)i);
		assert_false(ipsec_pools_lease(a, true));
	}
	a = htonl(0xc0a84d02u + 23);
	assert_true(ipsec_pools_lease(a, true));
	build();
	c = item(IPSEC_CONN, "ike2/0")->child;
	assert_string_equal(vici_node_str(vici_list(c, "pools")->child->next), "mc/ike2-conf/1");
	c = item(IPSEC_POOL, "mc/ike2-conf/1")->child;
	assert_string_equal(vici_get_str(c, "addrs"), "192.168.77.34-192.168.77.65");
	/* EAP through sluiced's RADIUS server: its address first, then the blocks */
	ok("/ip ipsec identity set 0 auth-method=eap-radius");
	build();
	c = item(IPSEC_CONN, "ike2/0")->child;
	assert_string_equal(first_item(c, "pools"), "radius");
	assert_string_equal(vici_get_str(c, "remote/auth"), "eap-radius");
	assert_string_equal(vici_get_str(c, "remote/eap_id"), "%any");
	assert_non_null(vici_list(c, "local/certs")->child);
	/* the mode-config gone: the blocks no session holds go back, the others stay */
	ok("/ip ipsec identity set 0 mode-config=none");
	for (i = 0; i < 24; i++)
		ipsec_pools_lease(htonl(0xc0a84d02u + (uint32_t)i), false);
	ipsec_pools_lease(htonl(0xc0a84d22u), true);	/* one in the second block */
	build();
	assert_null(ipsec_set_find(&set, IPSEC_POOL, "mc/ike2-conf/0"));
	assert_non_null(ipsec_set_find(&set, IPSEC_POOL, "mc/ike2-conf/1"));
	ipsec_pools_done();
	done();
}

/* "RouterOS client configuration": ask for an address, policies from it, start at once */
static void test_ike2_client(void **state)
{
	static const char *const client[] = {
		"/ip ipsec profile add name=ike2-rw",
		"/ip ipsec proposal add name=ike2-rw pfs-group=none",
		"/ip ipsec policy group add name=ike2-rw",
		"/ip ipsec policy add group=ike2-rw proposal=ike2-rw template=yes",
		"/ip ipsec mode-config add name=ike2-rw responder=no",
		"/ip ipsec peer add address=2.2.2.2/32 exchange-mode=ike2 name=ike2-rw-client",
		"/ip ipsec identity add auth-method=pre-shared-key secret=x generate-policy=port-strict "
		"mode-config=ike2-rw peer=ike2-rw-client policy-template-group=ike2-rw",
		NULL,
	};
	const struct vici_node *c, *ch;

	(void)state;
	run_lines(client);
	build();
	c = item(IPSEC_CONN, "ike2-rw-client/0")->child;
	assert_string_equal(first_item(c, "vips"), "0.0.0.0");
	assert_null(vici_list(c, "pools"));
	ch = vici_section(c, "children/template1");
	assert_non_null(ch);
	assert_string_equal(first_item(ch, "local_ts"), "dynamic");
	assert_string_equal(first_item(ch, "remote_ts"), "0.0.0.0/0");	/* the default /32 */
	assert_string_equal(vici_get_str(ch, "start_action"), "start");
	/* its key before it knows the server's ID: for the server's address and for %any */
	c = item(IPSEC_SHARED, "psk/ike2-rw-client/0");
	assert_string_equal(first_item(c, "owners"), "2.2.2.2");
	assert_string_equal(vici_node_str(vici_list(c, "owners")->child->next), "%any");
	done();
}

/* flag D: printed, never exported, refused to set and remove, replaced only on a change */
static void test_dynamic_items(void **state)
{
	static const char *const k[] = { "name", "passive" };
	static const char *const v[] = { "dyn", "yes" };
	static const char *const v2[] = { "dyn", "no" };
	unsigned long gen;
	struct strbuf e;

	(void)state;
	sb_init(&e);
	assert_int_equal(cfg_dynamic_put(&ipsec_peer_menu, "owner", k, v, 2, &e), 0);
	ok("/ip ipsec peer print");
	assert_non_null(strstr(out.p, "D - dynamic"));
	assert_non_null(strstr(out.p, " D dyn"));
	ok("/ip ipsec peer print as-value");
	assert_non_null(strstr(out.p, "\"dynamic\":\"yes\""));
	ok("/ip ipsec peer print where passive=yes");
	assert_non_null(strstr(out.p, "dyn"));
	ok("/export");
	assert_null(strstr(out.p, "dyn"));
	refused("/ip ipsec peer set dyn passive=no", "can not change dynamic");
	refused("/ip ipsec peer remove dyn", "can not change dynamic");
	refused("/ip ipsec peer disable dyn", "can not change dynamic");
	gen = config_generation();
	assert_int_equal(cfg_dynamic_put(&ipsec_peer_menu, "owner", k, v, 2, &e), 0);
	assert_int_equal(ipsec_peer_menu.n, 1);
	assert_int_equal(cfg_dynamic_put(&ipsec_peer_menu, "owner", k, v2, 2, &e), 0);
	assert_int_equal(ipsec_peer_menu.n, 1);
	assert_false(ipsec_peer_at(0)->passive);
	assert_int_equal(config_generation(), gen);	/* no apply pass of its own */
	/* checked as an add: a bad value changes nothing */
	assert_int_equal(cfg_dynamic_put(&ipsec_peer_menu, "other", k, v, 2, &e), -1);
	cfg_dynamic_drop(&ipsec_peer_menu, "owner");
	assert_int_equal(ipsec_peer_menu.n, 0);
	sb_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_site_to_site, setup, teardown),
		cmocka_unit_test_setup_teardown(test_l2tp_dynamic_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dynamic_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike2_road_warriors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike2_client, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
