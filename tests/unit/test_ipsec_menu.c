// SPDX-License-Identifier: GPL-2.0
/*
 * The /ip ipsec menus (the menus in daemon/ipsec/) against RouterOS's IPsec page
 * (shared/seeds/004): the built-in items and defaults as the page prints them, the page's
 * own example commands taken verbatim, bad values and combinations refused with a reason,
 * references between the menus (and to /ip pool and /certificate) kept whole, secrets
 * kept out of print and export.
 */
/* unit-test-sources: @config daemon/admin/cli.c daemon/admin/traffic.c daemon/admin/config_text.c daemon/admin/config_file.c daemon/core/log.c tests/unit/lib/cli_driver.c tests/unit/lib/cert_fixture.c daemon/cert/store.c daemon/cert/disk.c daemon/cert/api.c daemon/cert/io.c daemon/cert/sign.c daemon/cert/parse.c daemon/cert/import.c daemon/cert/export.c daemon/cert/show.c daemon/cert/view.c */
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
#include "admin/config.h"
#include "admin/config_file.h"
#include "admin/config_text.h"
#include "admin/system.h"
#include "cert/cert.h"
#include "cert_fixture.h"
#include "cli_driver.h"
#include "ipsec/identity_menu.h"
#include "ipsec/mode_config_menu.h"
#include "ipsec/peer_menu.h"
#include "ipsec/policy_group_menu.h"
#include "ipsec/policy_menu.h"
#include "ipsec/profile_menu.h"
#include "ipsec/proposal_menu.h"
#include "ipsec/settings_menu.h"

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

#define setup cert_fixture_setup
#define teardown cert_fixture_teardown

/* the command's output holds `text` */
static void says(const char *line, const char *text)
{
	ok(line);
	if (!strstr(out.p ? out.p : "", text))
		fail_msg("%s: printed\n%s\nwithout \"%s\"", line, out.p ? out.p : "", text);
}

/* Each example line, as the page writes it, run in its menu. */
static void run_lines(const char *const *lines)
{
	for (; *lines; lines++)
		ok(*lines);
}

/*
 * The built-ins and their defaults, every value from the page's property tables: profile
 * and proposal `default`, policy group `default`, mode-config `request-only`
 * (responder=no), the default policy template (T *, ::/0 to ::/0), the settings.
 */
static void test_builtins(void **state)
{
	(void)state;
	says("/ip ipsec profile print detail",
	     "0 *  name=default hash-algorithm=sha1 enc-algorithm=aes-128 "
	     "dh-group=modp1024,modp2048 lifetime=1d lifebytes=0 proposal-check=obey "
	     "nat-traversal=yes dpd-interval=2m dpd-maximum-failures=5\n");
	says("/ip ipsec proposal print detail",
	     "0 *  name=default auth-algorithms=sha1 enc-algorithms=aes-256-cbc,aes-192-cbc,"
	     "aes-128-cbc lifetime=30m pfs-group=modp1024 disabled=no\n");
	says("/ip ipsec policy group print detail", "0 *  name=default\n");
	says("/ip ipsec mode-config print detail", "0 *  name=request-only responder=no ");
	says("/ip ipsec policy print detail",
	     "0 T* src-address=::/0 src-port=any dst-address=::/0 dst-port=any protocol=all "
	     "action=encrypt level=require ipsec-protocols=esp tunnel=no sa-src-address=:: "
	     "sa-dst-address=:: peer=\"\" proposal=default group=default template=yes");
	assert_non_null(strstr(out.p, "Flags: X - disabled, T - template, * - default"));
	says("/ip ipsec settings print", "accounting: yes");
	assert_non_null(strstr(out.p, "xauth-use-radius: no"));
	/* nothing is said to run: no R or A flag anywhere */
	says("/ip ipsec peer print", "Flags: X - disabled\n");
	assert_null(strstr(out.p, "running"));
	/* the built-ins are what a fresh configuration has: export adds nothing for them */
	ok("/export");
	assert_null(strstr(out.p, "/ip ipsec"));
	refused("/ip ipsec profile remove default", "built in");
	refused("/ip ipsec policy remove 0", "built in");
	refused("/ip ipsec mode-config set request-only name=other", "cannot be renamed");
}

/* What the protocol code will read: parsed once, in the menus' structs. */
static void test_typed(void **state)
{
	const struct ipsec_profile_cfg *pr;
	const struct ipsec_proposal_cfg *pp;
	const struct ipsec_policy_cfg *po;
	const struct ipsec_peer_cfg *pe;

	(void)state;
	pr = ipsec_profile_find("default");
	assert_int_equal(pr->lifetime, 86400);
	assert_int_equal(pr->dpd_interval, 120);
	assert_int_equal(pr->dh_group.n, 2);
	assert_int_equal(pr->dh_group.w[0], 1);	/* modp1024 first, as given */
	pp = ipsec_proposal_find("default");
	assert_int_equal(pp->enc_algorithms.n, 3);
	assert_int_equal(pp->lifetime, 1800);
	po = ipsec_policy_at(0);
	assert_true(po->template);
	assert_int_equal(po->src_address.a.family, AF_INET6);
	assert_int_equal(po->src_address.len, 0);
	ok("/ip ipsec profile add name=p dpd-interval=disable-dpd dh-group=ecp256,modp2048");
	assert_int_equal(ipsec_profile_find("p")->dpd_interval, 0);
	assert_int_equal(ipsec_profile_find("p")->dh_group.w[0], 8);	/* ecp256 */
	ok("/ip ipsec peer add name=a address=192.0.2.0/24 port=4500");
	pe = ipsec_peer_find("a");
	assert_int_equal(pe->address.prefix.len, 24);
	assert_null(pe->address.host);
	assert_int_equal(pe->port, 4500);
	ok("/ip ipsec peer add name=b address=vpn.example.com exchange-mode=ike2");
	assert_string_equal(ipsec_peer_find("b")->address.host, "vpn.example.com");
	assert_int_equal(ipsec_peer_find("b")->exchange_mode, CFG_XM_IKE2);
	ok("/ip ipsec policy add src-address=1.1.1.1 dst-address=0.0.0.0/0 protocol=udp "
	   "src-port=1701 action=discard");
	po = ipsec_policy_at(1);
	assert_int_equal(po->protocol, 17);
	assert_int_equal(po->src_port, 1701);
	assert_int_equal(po->dst_port, 0);
	assert_int_equal(po->action, CFG_PA_DISCARD);
	assert_int_equal(po->src_address.len, 32);
	ok("/ip ipsec identity add peer=b auth-method=eap-radius remote-id=user-fqdn:a@b.c");
	assert_int_equal(ipsec_identity_at(0)->remote_id.kind, CFG_ID_USER_FQDN);
	assert_string_equal(ipsec_identity_at(0)->remote_id.value, "a@b.c");
	assert_null(ipsec_identity_at(0)->mode_config);
	assert_string_equal(ipsec_identity_at(0)->policy_template_group, "default");
	ok("/ip ipsec settings set interim-update=1m");
	assert_int_equal(ipsec_settings_cfg()->interim_update, 60);
}

/*
 * "Site to Site IPsec (IKEv1) tunnel", Site 2, verbatim (the policy's line break in the
 * page is only the page's). Site 1 names its proposal and peer ike1-site2 but its policy
 * says ikel-site2 (a letter l): RouterOS refuses that line, and so does sluice.
 */
static void test_site_to_site_example(void **state)
{
	static const char *const site2[] = {
		"/ip ipsec profile",
		"add dh-group=modp2048 enc-algorithm=aes-128 name=ikel-site1",
		"/ip ipsec proposal",
		"add enc-algorithms=aes-128-cbc name=ikel-site1 pfs-group=modp2048",
		"/ip ipsec peer",
		"add address=192.168.90.1/32 name=ikel-site1 profile=ikel-site1",
		"/ip ipsec identity",
		"add peer=ikel-site1 secret=thisisnotasecurepsk",
		"/ip ipsec policy",
		"add src-address=10.1.101.0/24 src-port=any dst-address=10.1.202.0/24 dst-port=any "
		"tunnel=yes action=encrypt proposal=ikel-site1 peer=ikel-site1",
		NULL,
	};
	static const char *const site1[] = {
		"/ip ipsec profile",
		"add dh-group=modp2048 enc-algorithm=aes-128 name=ike1-site2",
		"/ip ipsec proposal",
		"add enc-algorithms=aes-128-cbc name=ike1-site2 pfs-group=modp2048",
		"/ip ipsec peer",
		"add address=192.168.80.1/32 name=ike1-site2 profile=ike1-site2",
		"/ip ipsec identity",
		"add peer=ike1-site2 secret=thisisnotasecurepsk",
		"/ip ipsec policy",
		NULL,
	};

	(void)state;
	run_lines(site2);
	assert_int_equal(ipsec_policy_menu.n, 2);
	assert_true(ipsec_policy_at(1)->tunnel);
	assert_string_equal(ipsec_policy_at(1)->peer, "ikel-site1");
	says("/ip ipsec identity print", "ikel-site1");
	assert_null(strstr(out.p, "thisisnotasecurepsk"));
	run_lines(site1);
	refused("add src-address=10.1.202.0/24 src-port=any dst-address=10.1.101.0/24 "
		"dst-port=any tunnel=yes action=encrypt proposal=ikel-site2 peer=ikel-site2",
		"input does not match any value of proposal: no /ip ipsec proposal named ikel-site2");
	ok("add src-address=10.1.202.0/24 src-port=any dst-address=10.1.101.0/24 dst-port=any "
	   "tunnel=yes action=encrypt proposal=ike1-site2 peer=ike1-site2");
	/* export rebuilds it: secrets only with show-sensitive */
	ok("/export");
	assert_non_null(strstr(out.p, "/ip ipsec identity\nadd peer=ikel-site1\n"));
	ok("/export show-sensitive");
	assert_non_null(strstr(out.p, "add peer=ikel-site1 secret=thisisnotasecurepsk\n"));
	assert_non_null(strstr(out.p, "/ip ipsec profile\nadd name=ikel-site1 dh-group=modp2048\n"));
}

/*
 * The IKEv2 examples' /ip ipsec lines: GRE over IPsec (both sites), road warrior (RSA
 * certificates from /certificate). They run in one configuration here, so a line that
 * would add a name a former example already added is left out or renamed (-c, -rsa).
 */
static const char *const ike2_gre_server[] = {
	"/ip ipsec profile",
	"add dh-group=ecp256,modp2048,modp1024 enc-algorithm=aes-256,aes-192,aes-128 name=ike2",
	"/ip ipsec proposal",
	"add auth-algorithms=null enc-algorithms=aes-128-gcm name=ike2-gre pfs-group=none",
	"/ip ipsec mode-config",
	"add address=192.168.99.2 address-prefix-length=32 name=ike2-gre "
	"split-include=192.168.99.1/32 system-dns=no",
	"/ip ipsec policy group",
	"add name=ike2-gre",
	"/ip ipsec policy",
	"add dst-address=192.168.99.2/32 group=ike2-gre proposal=ike2-gre "
	"src-address=192.168.99.1/32 template=yes",
	"/ip ipsec peer",
	"add exchange-mode=ike2 name=ike2 passive=yes profile=ike2",
	"/ip ipsec identity",
	"add generate-policy=port-strict mode-config=ike2-gre peer=ike2 "
	"policy-template-group=ike2-gre secret=test",
	NULL,
};
static const char *const ike2_gre_client[] = {
	"/ip ipsec profile",
	"add dh-group=ecp256 enc-algorithm=aes-256 name=ike2-gre",
	"/ip ipsec mode-config",
	"add name=ike2-gre-c responder=no",
	"/ip ipsec peer",
	"add address=n.mynetname.net exchange-mode=ike2 name=p1.ez profile=ike2-gre",
	"/ip ipsec identity",
	"add generate-policy=port-strict mode-config=ike2-gre-c peer=p1.ez "
	"policy-template-group=ike2-gre secret=test",
	NULL,
};
static const char *const ike2_road_warrior[] = {
	"/certificate",
	"add common-name=ca name=ca key-size=prime256v1",
	"sign ca ca-crl-host=2.2.2.2",
	"add common-name=2.2.2.2 subject-alt-name=IP:2.2.2.2 key-usage=tls-server "
	"name=server1 key-size=prime256v1",
	"sign server1 ca=ca",
	"add common-name=rw-client1 name=rw-client1 key-usage=tls-client key-size=prime256v1",
	"sign rw-client1 ca=ca",
	"/ip ipsec profile",
	"add name=ike2-rsa",
	"/ip ipsec proposal",
	"add name=ike2 pfs-group=none",
	"/ip pool",
	"add name=ike2-pool ranges=192.168.77.2-192.168.77.254",
	"/ip ipsec mode-config",
	"add address-pool=ike2-pool address-prefix-length=32 name=ike2-conf",
	"/ip ipsec policy group",
	"add name=ike2-policies",
	"/ip ipsec policy",
	"add dst-address=192.168.77.0/24 group=ike2-policies proposal=ike2 "
	"src-address=0.0.0.0/0 template=yes",
	"/ip ipsec identity",
	"add auth-method=digital-signature certificate=server1 generate-policy=port-strict "
	"mode-config=ike2-conf peer=ike2 policy-template-group=ike2-policies",
	"/ip ipsec mode-config",
	"add address=192.168.66.2 address-prefix-length=32 name=usr_A "
	"split-include=192.168.55.0/24 system-dns=no",
	"/ip ipsec identity",
	"add auth-method=digital-signature certificate=server1 generate-policy=port-strict "
	"match-by=certificate mode-config=usr_A peer=ike2 policy-template-group=ike2-policies "
	"remote-certificate=rw-client1",
	"/ip ipsec settings",
	"set interim-update=1m",
	NULL,
};


/* ... run in turn: accepted, and what they name held against removal */
static void test_ike2_examples(void **state)
{
	(void)state;
	run_lines(ike2_gre_server);
	run_lines(ike2_gre_client);
	run_lines(ike2_road_warrior);
	assert_int_equal(ipsec_identity_menu.n, 4);
	assert_string_equal(ipsec_mode_config_find("ike2-conf")->address_pool, "ike2-pool");
	assert_int_equal(ipsec_mode_config_find("ike2-conf")->address_prefix_length, 32);
	assert_string_equal(ipsec_identity_at(3)->remote_certificate, "rw-client1");
	/* what they name stays */
	refused("/certificate remove server1", "used by /ip ipsec identity");
	refused("/ip pool remove ike2-pool", "used by /ip ipsec mode-config ike2-conf");
	refused("/ip ipsec peer remove ike2", "used by /ip ipsec identity");
	/*
	 * The split tunnel lines as the page writes them (it names a mode-config rw-conf it
	 * never adds), with the menu abbreviated (mode-conf), as RouterOS allows.
	 */
	ok("/ip ipsec mode-config add name=rw-conf address-pool=ike2-pool");
	ok("/ip ipsec mode-conf set [find name=\"rw-conf\"] split-include=10.5.8.0/24");
	ok("/ip ipsec mode-conf set [find name=\"rw-conf\"] system-dns=no static-dns=10.5.8.1");
	assert_int_equal(ipsec_mode_config_find("rw-conf")->static_dns.n, 1);
}

/*
 * "Basic L2TP/IPsec setup" has no /ip ipsec command of its own, only the dynamic peer the
 * L2TP server makes; its values, given by hand, are accepted. With the page's other
 * short examples: the discard policy for plain L2TP, the road warrior client's
 * src-address-list on request-only.
 */
static void test_l2tp_and_other_examples(void **state)
{
	(void)state;
	ok("/ip ipsec profile add name=l2tp hash-algorithm=sha1 "
	   "enc-algorithm=3des,aes-128,aes-192,aes-256 dh-group=modp1024 lifetime=1d "
	   "dpd-interval=2m dpd-maximum-failures=5 nat-traversal=yes");
	ok("/ip ipsec peer add name=l2tp address=0.0.0.0/0 local-address=0.0.0.0 passive=yes "
	   "port=500 exchange-mode=main-l2tp send-initial-contact=yes profile=l2tp");
	ok("/ip ipsec identity add peer=l2tp auth-method=pre-shared-key secret=\"123\" "
	   "generate-policy=port-strict");
	assert_int_equal(ipsec_identity_at(0)->generate_policy, CFG_GP_PORT_STRICT);
	ok("/ip ipsec policy");
	ok("add src-address=1.1.1.1 dst-address=0.0.0.0/0 sa-src-address=1.1.1.1 protocol=udp "
	   "src-port=1701 tunnel=yes action=discard");
	ok("/ip ipsec mode-config set [ find name=\"request-only\" ] src-address-list=local-RW");
	ok("/ip ipsec mode-config add name=ike2-rw responder=no");
	ok("/ip ipsec mode-config set [ find name=ike2-rw ] src-address-list=local");
	ok("/ip ipsec policy group add name=ike2-rw");
	ok("/ip ipsec proposal add name=ike2-rw pfs-group=none");
	ok("/ip ipsec policy add group=ike2-rw proposal=ike2-rw template=yes");
	ok("/ip ipsec peer add address=2.2.2.2/32 exchange-mode=ike2 name=ike2-rw-client");
}

/* Bad values, each refused with what is expected. */
static void test_bad_values(void **state)
{
	(void)state;
	refused("/ip ipsec profile add name=x enc-algorithm=aes-512", "expected a list of 3des");
	refused("/ip ipsec profile add name=x dh-group=modp1024,modp1024", "appears twice");
	refused("/ip ipsec profile add name=x dh-group=", "expected a list of modp768");
	refused("/ip ipsec profile add name=x hash-algorithm=sha384", "expected md5, sha1");
	refused("/ip ipsec profile add name=x lifetime=1y", "expected a duration");
	refused("/ip ipsec profile add name=x dpd-maximum-failures=0", "from 1 to 100");
	refused("/ip ipsec profile add name=x proposal-check=loose", "claim, exact, obey");
	refused("/ip ipsec proposal add name=x enc-algorithms=aes-128", "expected a list of null");
	refused("/ip ipsec proposal add name=x auth-algorithms=sha384", "md5, null, sha1");
	refused("/ip ipsec proposal add name=x pfs-group=modp999", "expected none or one of");
	refused("/ip ipsec peer add name=x exchange-mode=base", "no base mode");
	refused("/ip ipsec peer add name=x exchange-mode=quick", "main, aggressive, ike2");
	refused("/ip ipsec peer add name=x address=10.1.0.5/24", "no host bits");
	refused("/ip ipsec peer add name=x address=300.1.1.1", "a DNS name");
	refused("/ip ipsec peer add name=x port=0", "port from 1");
	refused("/ip ipsec peer add name=x address=2001:db8::/32 local-address=10.0.0.1",
		"one family");
	refused("/ip ipsec peer add name=x profile=nosuch", "no /ip ipsec profile named nosuch");
	refused("/ip ipsec peer add address=10.0.0.1", "needs name=");
	ok("/ip ipsec peer add name=v1 address=10.0.0.1");
	ok("/ip ipsec peer add name=v2 address=10.0.0.2 exchange-mode=ike2");
	refused("/ip ipsec identity add secret=x", "needs peer=");
	refused("/ip ipsec identity add peer=v1 auth-method=rsa-key", "needs key= (ours) and remote-key=");
	refused("/ip ipsec identity add peer=v2 auth-method=rsa-key key=a remote-key=b", "no /ip ipsec key named");
	refused("/ip ipsec identity add peer=v1 auth-method=psk", "expected pre-shared-key");
	refused("/ip ipsec identity add peer=v1 secret=0xZZ", "hexadecimal");
	ok("/ip ipsec identity add peer=v1 secret=0x0123abcd");
	refused("/ip ipsec identity add peer=v2 auth-method=pre-shared-key-xauth",
		"IKEv1 only");
	refused("/ip ipsec identity add peer=v1 auth-method=eap", "IKEv2 only");
	refused("/ip ipsec identity add peer=v1 my-id=fqdn:", "expected auto");
	refused("/ip ipsec identity add peer=v1 my-id=ignore", "expected auto");
	refused("/ip ipsec identity add peer=v1 my-id=address:10.0.0", "an IPv4 or IPv6");
	refused("/ip ipsec identity add peer=v1 remote-id=key-id:CN=*.domain.com", "wildcard");
	refused("/ip ipsec identity add peer=v1 match-by=certificate", "needs remote-certificate");
	refused("/ip ipsec identity add peer=v1 generate-policy=yes", "port-override");
	refused("/ip ipsec identity add peer=v1 certificate=nosuch", "no /certificate named");
	refused("/ip ipsec identity add peer=v1 mode-config=nosuch", "mode-config");
	ok("/ip ipsec identity add peer=v1 remote-id=ignore my-id=fqdn:vpn.example.com");
	/* the other way round: a peer cannot leave its identities' IKE version behind */
	ok("/ip ipsec identity add peer=v2 auth-method=eap-radius");
	refused("/ip ipsec peer set v2 exchange-mode=main", "eap-radius is IKEv2 only");
	ok("/ip ipsec identity add peer=v1 auth-method=pre-shared-key-xauth");
	refused("/ip ipsec peer set v1 exchange-mode=ike2 name=v3", "(/ip ipsec identity 3)");
	ok("/ip ipsec identity set 2 auth-method=pre-shared-key");
	ok("/ip ipsec peer set v2 exchange-mode=main");
	refused("/ip ipsec identity set 2 auth-method=eap", "IKEv2 only");
	refused("/ip ipsec policy add src-address=10.0.0.0/8 dst-address=2001:db8::/32",
		"one family");
	refused("/ip ipsec policy add sa-src-address=10.0.0.1 sa-dst-address=2001:db8::1",
		"one family");
	refused("/ip ipsec policy add protocol=foo", "a protocol name");
	refused("/ip ipsec policy add protocol=256", "a protocol name");
	refused("/ip ipsec policy add src-port=70000", "any or a port");
	refused("/ip ipsec policy add action=drop", "encrypt, none or discard");
	refused("/ip ipsec policy add level=maybe", "require, unique or use");
	refused("/ip ipsec policy add ipsec-protocols=esp,ah", "esp or ah");
	refused("/ip ipsec policy add group=nosuch", "no /ip ipsec policy group named");
	refused("/ip ipsec mode-config add name=m static-dns=10.0.0.1", "needs system-dns=no");
	refused("/ip ipsec mode-config add name=m src-address-list=l", "needs responder=no");
	refused("/ip ipsec mode-config add name=m address=10.0.0.9 address-pool=nosuch",
		"no /ip pool named");
	ok("/ip pool add name=pl ranges=10.9.0.0/24");
	refused("/ip ipsec mode-config add name=m address=10.0.0.9 address-pool=pl", "one of");
	refused("/ip ipsec mode-config add name=m address-prefix-length=33", "1 to 32");
	refused("/ip ipsec mode-config add name=m split-include=10.5.8.1/24", "networks like");
	refused("/ip ipsec mode-config add name=m split-dns=bad_name", "DNS names");
	refused("/ip ipsec mode-config set request-only responder=yes src-address-list=x",
		"needs responder=no");
	refused("/ip ipsec settings set interim-update=2d", "at most 1d");
	/* nothing refused changed anything */
	assert_int_equal(ipsec_mode_config_menu.n, 1);
	assert_int_equal(ipsec_policy_menu.n, 1);
	assert_int_equal(ipsec_identity_menu.n, 4);
}

/* References: checked where made, removal refused while in use, renames followed. */
static void test_references(void **state)
{
	(void)state;
	ok("/ip ipsec profile add name=pf");
	ok("/ip ipsec proposal add name=pp");
	ok("/ip ipsec policy group add name=g");
	ok("/ip ipsec mode-config add name=mc");
	ok("/ip ipsec peer add name=p address=192.0.2.1 profile=pf");
	ok("/ip ipsec identity add peer=p mode-config=mc policy-template-group=g secret=s");
	ok("/ip ipsec policy add peer=p proposal=pp group=g src-address=10.1.0.0/16 "
	   "dst-address=10.2.0.0/16 tunnel=yes");
	refused("/ip ipsec profile remove pf", "used by /ip ipsec peer p (profile)");
	refused("/ip ipsec proposal remove pp", "used by /ip ipsec policy (proposal)");
	refused("/ip ipsec policy group remove g", "used by /ip ipsec identity");
	refused("/ip ipsec mode-config remove mc", "used by /ip ipsec identity");
	refused("/ip ipsec peer remove p", "used by /ip ipsec identity");
	ok("/ip ipsec peer set p name=branch");
	assert_string_equal(ipsec_identity_at(0)->peer, "branch");
	assert_string_equal(ipsec_policy_at(1)->peer, "branch");
	ok("/ip ipsec profile set pf name=strong");
	assert_string_equal(ipsec_peer_find("branch")->profile, "strong");
	ok("/ip ipsec identity remove 0");
	ok("/ip ipsec policy remove 1");
	ok("/ip ipsec peer remove branch");
	ok("/ip ipsec profile remove strong");
	ok("/ip ipsec mode-config remove mc");
	ok("/ip ipsec policy group remove g");
	ok("/ip ipsec proposal remove pp");
	/* disable and enable work on the menus that have `disabled` */
	ok("/ip ipsec policy disable 0");
	says("/ip ipsec policy print", "XT*");
	ok("/ip ipsec policy enable 0");
}

/* Secrets and passwords: never printed; exported only with show-sensitive. */
static void test_secrets(void **state)
{
	(void)state;
	ok("/ip ipsec peer add name=p exchange-mode=main");
	ok("/ip ipsec identity add peer=p auth-method=pre-shared-key-xauth secret=psk-secret "
	   "username=alice password=xauth-pass");
	ok("/ip ipsec identity print detail");
	assert_null(strstr(out.p, "psk-secret"));
	assert_null(strstr(out.p, "xauth-pass"));
	assert_non_null(strstr(out.p, "username=alice"));
	ok("/ip ipsec identity print as-value");
	assert_null(strstr(out.p, "psk-secret"));
	ok("/ip ipsec identity export");
	assert_null(strstr(out.p, "psk-secret"));
	ok("/ip ipsec identity export show-sensitive");
	assert_non_null(strstr(out.p, "secret=psk-secret"));
	assert_non_null(strstr(out.p, "password=xauth-pass"));
}

/* An export imported into a fresh configuration exports identically. */
static void test_export_round_trip(void **state)
{
	char *first;

	(void)state;
	ok("/ip ipsec profile add name=pf dh-group=ecp256 enc-algorithm=aes-256");
	ok("/ip ipsec proposal add name=pp pfs-group=none enc-algorithms=aes-128-gcm "
	   "auth-algorithms=null");
	ok("/ip ipsec peer add name=p address=2001:db8::1/128 profile=pf exchange-mode=ike2");
	ok("/ip ipsec identity add peer=p secret=s remote-id=fqdn:peer.example.com");
	ok("/ip ipsec policy add src-address=2001:db8:1::/48 dst-address=2001:db8:2::/48 "
	   "tunnel=yes peer=p proposal=pp level=unique");
	ok("/ip ipsec policy set 0 disabled=yes");
	ok("/ip ipsec settings set accounting=no");
	ok("/export show-sensitive");
	first = strdup(out.p);
	assert_non_null(strstr(first, "/ip ipsec policy\nset 0 disabled=yes\nadd "));
	assert_non_null(strstr(first, "/ip ipsec settings\nset accounting=no\n"));
	config_reset();
	assert_int_equal(ipsec_peer_menu.n, 0);
	{
		struct strbuf e;
		char path[] = "/tmp/sluice-ipsec-export.XXXXXX";
		int fd = mkstemp(path);

		assert_true(fd >= 0);
		assert_int_equal(write(fd, first, strlen(first)), (int)strlen(first));
		close(fd);
		sb_init(&e);
		assert_int_equal(config_load(path, &e), 0);
		unlink(path);
		sb_free(&e);
	}
	ok("/export show-sensitive");
	assert_string_equal(out.p, first);
	free(first);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_builtins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_site_to_site_example, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike2_examples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_l2tp_and_other_examples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_round_trip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
