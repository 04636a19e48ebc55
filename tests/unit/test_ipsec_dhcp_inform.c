// SPDX-License-Identifier: GPL-2.0
/*
 * The DHCPINFORM responder for Windows road warriors (daemon/ipsec/dhcp_inform.c,
 * dhcp_answer.c): DHCPINFORMs built as Windows' IKEv2 client sends them, the DHCPACK's
 * bytes (RFC 2131 4.3.5; options 249 and 121 in RFC 3442's encoding for /0, /8, /24, /25
 * and /32 networks), what is asked for and what fits, and the refusals, each counted:
 * other message types, a source that is not a live session's virtual IP, a ciaddr that
 * is not the source, a relayed request, every truncation, a bad cookie, options that run
 * over; the socket open exactly while sessions exist; the counters in /ip ipsec statistics.
 */
/* unit-test-sources: daemon/ipsec/dhcp_inform.c daemon/ipsec/dhcp_answer.c daemon/ipsec/statistics_view.c daemon/ipsec/xfrm.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "admin/config.h"
#include "core/log.h"
#include "core/loop.h"
#include "ipsec/conn.h"
#include "ipsec/dhcp_inform.h"
#include "ipsec/identity_menu.h"
#include "ipsec/mode_config_menu.h"
#include "ipsec/sas.h"
#include "ipsec/session.h"
#include "ipsec/statistics_view.h"

#define VIP 0x0a090007u		/* 10.9.0.7, the client's virtual IP */
#define OTHER_VIP 0x0a090008u	/* a session whose mode-config has no split-include */
#define LOCAL 0xc0000201u	/* 192.0.2.1: the router, where the kernel answers from */
#define IKE_ID 7
#define OTHER_IKE_ID 8

/* --- the session table, the SA table and the conns, stood in */

static struct ipsec_session sessions[2];
static struct ipsec_ike_sa sas[2];
static struct ipsec_identity_cfg identities[2];

const struct ipsec_session *ipsec_session_by_addr(uint32_t addr)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (sessions[i].addr == addr)
			return &sessions[i];
	return NULL;
}

const struct ipsec_ike_sa *ipsec_sas_find(uint32_t uniqueid)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (sas[i].uniqueid == uniqueid)
			return &sas[i];
	return NULL;
}

const struct ipsec_identity_cfg *ipsec_conn_identity(const char *conn)
{
	if (!strcmp(conn, "rw/0"))
		return &identities[0];
	return !strcmp(conn, "rw/1") ? &identities[1] : NULL;
}

static void add_mode_config(const char *name, const char *split, const char *dns)
{
	const char *k[] = { "name", "split-include", "static-dns", "system-dns" };
	const char *v[] = { name, split, dns, "no" };
	struct strbuf err;

	sb_init(&err);
	if (cfg_add(&ipsec_mode_config_menu, k, v, 4, &err))
		fail_msg("mode-config: %s", err.p);
	sb_free(&err);
}

static void set_split(const char *split)
{
	const char *k[] = { "split-include" }, *v[] = { split };
	struct strbuf err;
	int ret;

	sb_init(&err);
	ret = cfg_set(&ipsec_mode_config_menu, cfg_find(&ipsec_mode_config_menu, "rw-conf"), k,
		      v, 1, &err);
	sb_free(&err);
	assert_int_equal(ret, 0);
}

static int setup(void **state)
{
	(void)state;
	log_open("test", 1, 0);
	log_limits_reset();
	assert_int_equal(loop_init(), 0);
	assert_int_equal(config_init(), 0);
	add_mode_config("rw-conf", "0.0.0.0/0,10.0.0.0/8,10.5.8.0/24,192.168.77.128/25,"
			"198.51.100.7/32,2001:db8::/32", "192.0.2.53,192.0.2.54");
	add_mode_config("bare", "", "");
	memset(sessions, 0, sizeof(sessions));
	memset(sas, 0, sizeof(sas));
	sessions[0] = (struct ipsec_session){ .ike_id = IKE_ID, .addr = htonl(VIP) };
	sessions[1] = (struct ipsec_session){ .ike_id = OTHER_IKE_ID, .addr = htonl(OTHER_VIP) };
	sas[0].uniqueid = IKE_ID;
	snprintf(sas[0].conn, sizeof(sas[0].conn), "rw/0");
	sas[1].uniqueid = OTHER_IKE_ID;
	snprintf(sas[1].conn, sizeof(sas[1].conn), "rw/1");
	identities[0].mode_config = "rw-conf";
	identities[1].mode_config = "bare";
	ipsec_dhcp_inform_set_lookup(ipsec_dhcp_answer_for);
	ipsec_dhcp_inform_set_port(0);	/* the tests run without the right to bind 67 */
	ipsec_dhcp_inform_reset_stats();
	ipsec_dhcp_inform_client(htonl(VIP), true);
	ipsec_dhcp_inform_client(htonl(OTHER_VIP), true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ipsec_dhcp_inform_done();
	config_done();
	loop_done();
	return 0;
}

/* --- DHCPINFORMs as Windows sends them */

#define XID 0x5a17c0deu
#define HTYPE 1
#define HLEN 6
static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
/* Windows 10's list: 1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43 */
static const uint8_t windows_list[] = { 1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43 };

struct pkt {
	uint8_t b[1600];
	size_t len;
};

static void put(struct pkt *p, const void *v, size_t n)
{
	memcpy(p->b + p->len, v, n);
	p->len += n;
}

static void opt(struct pkt *p, uint8_t code, const void *v, uint8_t n)
{
	p->b[p->len++] = code;
	p->b[p->len++] = n;
	put(p, v, n);
}

/* The fixed header, the cookie, option 53; the caller adds the rest and the END. */
static void header(struct pkt *p, uint8_t type, uint32_t ciaddr)
{
	uint32_t xid = htonl(XID), ci = htonl(ciaddr);
	const uint8_t cookie[4] = { 0x63, 0x82, 0x53, 0x63 };

	memset(p, 0, sizeof(*p));
	p->b[0] = 1;
	p->b[1] = HTYPE;
	p->b[2] = HLEN;
	memcpy(p->b + 4, &xid, 4);
	p->b[10] = 0x80;	/* the broadcast flag: copied, and the answer is unicast anyway */
	memcpy(p->b + 12, &ci, 4);
	memcpy(p->b + 28, mac, sizeof(mac));
	p->len = 236;
	put(p, cookie, 4);
	opt(p, 53, &type, 1);
}

static void windows_inform(struct pkt *p, uint32_t ciaddr)
{
	const uint8_t client_id[] = { 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };

	header(p, 8, ciaddr);
	opt(p, 61, client_id, sizeof(client_id));
	opt(p, 12, "laptop-1", 8);
	opt(p, 60, "MSFT 5.0", 8);
	opt(p, 55, windows_list, sizeof(windows_list));
	p->b[p->len++] = 255;
}

static uint8_t out[IPSEC_DHCP_MSG_MAX];

static size_t answer(const struct pkt *p, uint32_t src)
{
	memset(out, 0xee, sizeof(out));
	return ipsec_dhcp_inform_process(p->b, p->len, htonl(src), htonl(LOCAL), out,
					 sizeof(out));
}

/* The option with code in the reply's options, or NULL; its length in *len. */
static const uint8_t *find_opt(size_t n, uint8_t code, size_t *len)
{
	size_t i = 240;

	while (i < n && out[i] != 255) {
		if (out[i] == 0) {
			i++;
			continue;
		}
		if (out[i] == code) {
			*len = out[i + 1];
			return out + i + 2;
		}
		i += 2 + out[i + 1];
	}
	return NULL;
}

/* --- the answer */

/* RFC 3442 4: width, significant octets, router (the client's own address) */
static const uint8_t routes[] = {
	0,			10, 9, 0, 7,	/* 0.0.0.0/0 */
	8, 10,			10, 9, 0, 7,	/* 10.0.0.0/8 */
	24, 10, 5, 8,		10, 9, 0, 7,	/* 10.5.8.0/24 */
	25, 192, 168, 77, 128,	10, 9, 0, 7,	/* 192.168.77.128/25 */
	32, 198, 51, 100, 7,	10, 9, 0, 7,	/* 198.51.100.7/32 */
};

static void test_ack_bytes(void **state)
{
	static const uint8_t fixed[] = {
		2, HTYPE, HLEN, 0,		/* op BOOTREPLY, htype, hlen, hops */
		0x5a, 0x17, 0xc0, 0xde,		/* xid */
		0, 0, 0x80, 0,			/* secs, flags copied */
		10, 9, 0, 7,			/* ciaddr: the client's */
		0, 0, 0, 0,			/* yiaddr: none (RFC 2131 4.3.5) */
		0, 0, 0, 0, 0, 0, 0, 0,		/* siaddr, giaddr */
		0x02, 0x00, 0x5e, 0x10, 0x20, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const uint8_t head[] = {
		0x63, 0x82, 0x53, 0x63,
		53, 1, 5,			/* DHCPACK */
		54, 4, 192, 0, 2, 1,		/* server identifier: where it came to */
		6, 8, 192, 0, 2, 53, 192, 0, 2, 54,
		249, sizeof(routes),
	};
	struct pkt p;
	size_t n, i, at;

	(void)state;
	windows_inform(&p, VIP);
	n = answer(&p, VIP);
	assert_memory_equal(out, fixed, sizeof(fixed));
	for (i = 44; i < 236; i++)	/* sname, file */
		assert_int_equal(out[i], 0);
	at = 236;
	assert_memory_equal(out + at, head, sizeof(head));
	at += sizeof(head);
	assert_memory_equal(out + at, routes, sizeof(routes));
	at += sizeof(routes);
	assert_int_equal(out[at++], 121);
	assert_int_equal(out[at++], sizeof(routes));
	assert_memory_equal(out + at, routes, sizeof(routes));
	at += sizeof(routes);
	assert_int_equal(out[at++], 255);
	assert_int_equal(n, at);	/* over BOOTP's 300: no padding */
	assert_int_equal(ipsec_dhcp_inform_stats()->answered, 1);
	assert_int_equal(ipsec_dhcp_inform_stats()->routes_left_out, 0);
}

/* What is answered is what is asked: no list means 249 alone, no 6 means no DNS. */
static void test_what_is_asked(void **state)
{
	const uint8_t only_249[] = { 1, 249 }, nothing_of_ours[] = { 1, 3, 15 };
	struct pkt p;
	size_t n, len;

	(void)state;
	header(&p, 8, VIP);
	p.b[p.len++] = 255;
	n = answer(&p, VIP);
	assert_non_null(find_opt(n, 249, &len));
	assert_int_equal(len, sizeof(routes));
	assert_null(find_opt(n, 121, &len));
	assert_null(find_opt(n, 6, &len));
	assert_null(find_opt(n, 51, &len));	/* never a lease time */

	header(&p, 8, VIP);
	opt(&p, 55, only_249, sizeof(only_249));
	p.b[p.len++] = 255;
	n = answer(&p, VIP);
	assert_non_null(find_opt(n, 249, &len));
	assert_null(find_opt(n, 121, &len));
	assert_null(find_opt(n, 6, &len));

	header(&p, 8, VIP);
	opt(&p, 55, nothing_of_ours, sizeof(nothing_of_ours));
	p.b[p.len++] = 255;
	n = answer(&p, VIP);
	assert_int_equal(n, 300);
	assert_null(find_opt(n, 249, &len));
	assert_null(find_opt(n, 121, &len));
	assert_non_null(find_opt(n, 54, &len));
	assert_int_equal(ipsec_dhcp_inform_stats()->answered, 3);
}

/* A session whose mode-config has no split-include: an ACK with nothing to route, so that
 * Windows stops asking; its retries would get the same. */
static void test_no_split_include(void **state)
{
	struct pkt p;
	size_t n, len;

	(void)state;
	windows_inform(&p, OTHER_VIP);
	n = answer(&p, OTHER_VIP);
	assert_int_equal(n, 300);
	assert_int_equal(out[242], 5);
	assert_null(find_opt(n, 249, &len));
	assert_null(find_opt(n, 121, &len));
	assert_null(find_opt(n, 6, &len));
	set_split("");
	windows_inform(&p, VIP);
	n = answer(&p, VIP);
	assert_null(find_opt(n, 249, &len));
	assert_non_null(find_opt(n, 6, &len));	/* its DNS still */
	assert_int_equal(ipsec_dhcp_inform_stats()->answered, 2);
}

/* 40 /32 networks (a value holds 512 characters): what fits in 576 bytes, or in one option of 255 with a larger max. */
static void test_what_fits(void **state)
{
	const uint8_t list[] = { 121, 249 }, max1500[] = { 0x05, 0xdc };
	char split[512] = "";
	struct pkt p;
	size_t n, len, i;

	(void)state;
	for (i = 0; i < 40; i++)
		snprintf(split + strlen(split), sizeof(split) - strlen(split), "%s10.7.%zu.1/32",
			 i ? "," : "", i);
	set_split(split);
	header(&p, 8, VIP);
	opt(&p, 55, list, sizeof(list));
	p.b[p.len++] = 255;
	n = answer(&p, VIP);
	assert_true(n <= 576 - 28);
	assert_non_null(find_opt(n, 249, &len));
	assert_int_equal(len, 16 * 9);
	assert_non_null(find_opt(n, 121, &len));
	assert_int_equal(len, 16 * 9);
	assert_int_equal(ipsec_dhcp_inform_stats()->routes_left_out, 24);

	header(&p, 8, VIP);
	opt(&p, 55, list, sizeof(list));
	opt(&p, 57, max1500, sizeof(max1500));
	p.b[p.len++] = 255;
	n = answer(&p, VIP);
	assert_true(n <= 1500 - 28);
	assert_non_null(find_opt(n, 249, &len));
	assert_int_equal(len, 28 * 9);		/* one option holds 255 bytes */
	assert_int_equal(ipsec_dhcp_inform_stats()->routes_left_out, 24 + 12);
}

/* --- refusals */

static void refused(const struct pkt *p, uint32_t src)
{
	assert_int_equal(answer(p, src), 0);
}

static void test_not_ours(void **state)
{
	const struct ipsec_dhcp_stats *st = ipsec_dhcp_inform_stats();
	struct pkt p;
	uint32_t relay = htonl(0xc0000202);

	(void)state;
	header(&p, 1, 0);			/* DHCPDISCOVER: a DHCP server's */
	p.b[p.len++] = 255;
	refused(&p, 0);
	header(&p, 3, VIP);			/* DHCPREQUEST */
	p.b[p.len++] = 255;
	refused(&p, VIP);
	assert_int_equal(st->not_inform, 2);

	windows_inform(&p, VIP);
	refused(&p, 0x0a090009);		/* ciaddr not the source */
	windows_inform(&p, 0x0a090009);
	refused(&p, 0x0a090009);		/* no session has it */
	windows_inform(&p, 0xc0a80105);
	refused(&p, 0xc0a80105);		/* a LAN's Windows asking for WPAD */
	windows_inform(&p, VIP);
	refused(&p, 0x0a090008);		/* another session's address as ciaddr */
	windows_inform(&p, 0);
	refused(&p, 0);
	windows_inform(&p, VIP);
	memcpy(p.b + 24, &relay, 4);		/* relayed: giaddr */
	refused(&p, VIP);
	sessions[0].cause = "admin-reset";	/* the session is ending */
	windows_inform(&p, VIP);
	refused(&p, VIP);
	sessions[0].cause = NULL;
	sas[0].uniqueid = 99;			/* charon no longer has its IKE SA */
	refused(&p, VIP);
	sas[0].uniqueid = IKE_ID;
	ipsec_dhcp_inform_client(htonl(VIP), false);	/* the session went */
	refused(&p, VIP);
	assert_int_equal(st->strangers, 9);
	assert_int_equal(st->malformed, 0);
	assert_int_equal(st->answered, 0);
	ipsec_dhcp_inform_client(htonl(VIP), true);
	assert_int_not_equal(answer(&p, VIP), 0);
}

/* Every length short of the END, and the END's byte itself, is refused; pads after it
 * change nothing. */
static void test_truncated(void **state)
{
	struct pkt p;
	size_t len, full;

	(void)state;
	windows_inform(&p, VIP);
	full = p.len;
	for (len = 0; len < full; len++) {
		p.len = len;
		refused(&p, VIP);
	}
	assert_int_equal(ipsec_dhcp_inform_stats()->malformed, full);
	p.len = full + 20;			/* pads after the END */
	assert_int_not_equal(answer(&p, VIP), 0);
	p.len = IPSEC_DHCP_MSG_MAX + 1;		/* more than we take */
	refused(&p, VIP);
	assert_int_equal(ipsec_dhcp_inform_stats()->malformed, full + 1);
}

static void malformed(struct pkt *p)
{
	unsigned long before = ipsec_dhcp_inform_stats()->malformed;

	refused(p, VIP);
	assert_int_equal(ipsec_dhcp_inform_stats()->malformed, before + 1);
}

static void test_malformed(void **state)
{
	const uint8_t two[] = { 8, 8 }, three[] = { 5, 0xdc, 0 };
	struct pkt p;

	(void)state;
	windows_inform(&p, VIP);
	p.b[236] = 0x64;			/* the cookie */
	malformed(&p);
	windows_inform(&p, VIP);
	p.b[0] = 2;				/* a BOOTREPLY */
	malformed(&p);
	windows_inform(&p, VIP);
	p.b[2] = 17;				/* hlen over chaddr */
	malformed(&p);
	header(&p, 8, VIP);
	opt(&p, 55, windows_list, sizeof(windows_list));
	p.b[p.len - sizeof(windows_list) - 1] = sizeof(windows_list) + 1;	/* runs over */
	malformed(&p);
	header(&p, 8, VIP);
	p.b[p.len++] = 61;
	p.b[p.len++] = 255;			/* 255 bytes announced, 0 there */
	p.b[p.len++] = 255;
	malformed(&p);
	header(&p, 8, VIP);
	p.b[p.len++] = 12;			/* a code without its length */
	malformed(&p);
	header(&p, 8, VIP);
	opt(&p, 53, two, 1);			/* a second message type */
	p.b[p.len++] = 255;
	malformed(&p);
	header(&p, 8, VIP);
	p.b[p.len - 2] = 2;			/* 53 of two bytes */
	p.b[p.len++] = 8;
	p.b[p.len++] = 255;
	malformed(&p);
	header(&p, 8, VIP);
	opt(&p, 57, three, sizeof(three));	/* a max size of three bytes */
	p.b[p.len++] = 255;
	malformed(&p);
	header(&p, 8, VIP);
	p.len -= 3;				/* no message type at all */
	p.b[p.len++] = 255;
	malformed(&p);
	assert_int_equal(ipsec_dhcp_inform_stats()->answered, 0);
}

/* Overload (52) is ignored: sname and file are never read, nothing in them counts. */
static void test_overload_ignored(void **state)
{
	const uint8_t both = 3;
	struct pkt p;
	size_t n, len;

	(void)state;
	header(&p, 8, VIP);
	opt(&p, 52, &both, 1);
	p.b[p.len++] = 255;
	p.b[108] = 53;				/* "file": a DHCPDISCOVER there */
	p.b[109] = 1;
	p.b[110] = 1;
	n = answer(&p, VIP);
	assert_int_equal(out[242], 5);
	assert_non_null(find_opt(n, 249, &len));
}

static void test_networks(void **state)
{
	struct ipsec_dhcp_route r[8];
	size_t n;

	(void)state;
	n = ipsec_dhcp_parse_networks("10.0.0.0/8,2001:db8::/32,bogus,10.1.2.3/24,1.2.3.4,"
				      "10.0.0.0/33,10.0.0.0/,0.0.0.0/0", r, 8);
	assert_int_equal(n, 4);
	assert_int_equal(r[0].net, htonl(0x0a000000));
	assert_int_equal(r[0].len, 8);
	assert_int_equal(r[1].net, htonl(0x0a010200));	/* host bits cleared */
	assert_int_equal(r[1].len, 24);
	assert_int_equal(r[2].net, htonl(0x01020304));
	assert_int_equal(r[2].len, 32);
	assert_int_equal(r[3].net, 0);
	assert_int_equal(r[3].len, 0);
	assert_int_equal(ipsec_dhcp_parse_networks("10.0.0.0/8,10.1.0.0/16", r, 1), 1);
	assert_int_equal(ipsec_dhcp_parse_networks(NULL, r, 8), 0);
}

/* The socket is open while sessions exist, whatever their number; closed after. */
static void test_socket_follows_sessions(void **state)
{
	(void)state;
	assert_true(ipsec_dhcp_inform_open());
	ipsec_dhcp_inform_client(htonl(VIP), true);	/* the same address twice */
	ipsec_dhcp_inform_client(htonl(VIP), false);
	ipsec_dhcp_inform_client(htonl(OTHER_VIP), false);
	assert_true(ipsec_dhcp_inform_open());
	ipsec_dhcp_inform_client(htonl(VIP), false);
	assert_false(ipsec_dhcp_inform_open());
	ipsec_dhcp_inform_client(0, true);		/* no address: nothing */
	assert_false(ipsec_dhcp_inform_open());
	ipsec_dhcp_inform_client(htonl(OTHER_VIP), true);
	assert_true(ipsec_dhcp_inform_open());
	assert_int_equal(ipsec_dhcp_inform_stats()->open_errors, 0);
}

/* The operator sees answered, refused and malformed in /ip ipsec statistics. */
static void test_statistics_view(void **state)
{
	struct cfg_menu *v = &ipsec_statistics_menu;
	struct pkt p;

	(void)state;
	windows_inform(&p, VIP);
	assert_int_not_equal(answer(&p, VIP), 0);
	refused(&p, OTHER_VIP);
	refused(&p, 0xc0a80105);
	p.b[236] = 0;
	refused(&p, VIP);
	ipsec_statistics_dhcp = ipsec_dhcp_inform_stats;
	v->view(v);
	assert_int_equal(v->n, 1);
	assert_string_equal(cfg_get(v, &v->items[0], "dhcp-inform-answered"), "1");
	assert_string_equal(cfg_get(v, &v->items[0], "dhcp-inform-refused"), "2");
	assert_string_equal(cfg_get(v, &v->items[0], "dhcp-inform-malformed"), "1");
	cfg_view_free(v);
	ipsec_statistics_dhcp = NULL;
	v->view(v);		/* without the hook (the view's own tests): empty */
	assert_string_equal(cfg_get(v, &v->items[0], "dhcp-inform-answered"), "");
	cfg_view_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ack_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_what_is_asked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_split_include, setup, teardown),
		cmocka_unit_test_setup_teardown(test_what_fits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overload_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_networks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_socket_follows_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statistics_view, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
