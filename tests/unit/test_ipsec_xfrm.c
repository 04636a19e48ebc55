// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's IPsec state as sluiced reads it (daemon/ipsec/xfrm.c) and shows it
 * (/ip ipsec installed-sa and statistics): GETSA dump messages built here as the kernel
 * lays them out (xfrm_user.c's copy_to_user_state_extra) are parsed into SAs; malformed
 * ones (truncated or overlong attributes, bad structure lengths, short or overlong
 * messages, duplicates) are counted and refused while the good ones around them are kept;
 * every prefix of a dump is parsed without a fault. The views run through the command
 * language on a canned backend: columns, flags, detail, where, JSON, flush's sa-type and
 * remove [find]; /proc's statistics under RouterOS's names.
 */
/* unit-test-sources: @config daemon/ipsec/installed_sa_view.c daemon/ipsec/statistics_view.c daemon/ipsec/xfrm.c daemon/admin/cli.c daemon/admin/traffic.c daemon/admin/config_text.c daemon/admin/config_file.c daemon/core/log.c tests/unit/lib/cli_driver.c */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/ipsec.h>
#include <linux/udp.h>
#include <libmnl/libmnl.h>
#include <cmocka.h>
#include "admin/config.h"
#include "admin/system.h"
#include "cli_driver.h"
#include "ipsec/installed_sa_view.h"
#include "ipsec/statistics_view.h"
#include "ipsec/xfrm.h"

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

#define DUMP_CAP 16384

/* a dump being built: messages back to back, as one datagram */
struct dump {
	char buf[DUMP_CAP] __attribute__((aligned(8)));
	size_t len;
};

static time_t added = 1700000000;	/* the SAs' add time */

struct sa_spec {
	uint16_t family;
	const char *src, *dst;
	uint8_t proto, mode;
	uint32_t spi;
	const char *auth, *enc;		/* kernel names; NULL: none */
	uint32_t enc_bits;
	bool aead;
	uint16_t sport, dport;		/* NAT-T: UDP_ENCAP_ESPINUDP when set */
	uint64_t bytes, packets;
};

static struct nlmsghdr *new_msg(struct dump *d, uint16_t type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->buf + d->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_MULTI;
	return nlh;
}

static void put_alg(struct nlmsghdr *nlh, uint16_t type, size_t head, const char *name,
		    uint32_t bits)
{
	char buf[256] = { 0 };
	struct xfrm_algo *a = (struct xfrm_algo *)buf;

	snprintf(a->alg_name, sizeof(a->alg_name), "%s", name);
	a->alg_key_len = bits;
	memset(buf + head, 0xAB, bits / 8);	/* the key: never shown */
	mnl_attr_put(nlh, type, head + bits / 8, buf);
}

static void fill_info(struct xfrm_usersa_info *p, const struct sa_spec *s)
{
	memset(p, 0, sizeof(*p));
	p->family = s->family;
	inet_pton(s->family, s->src, &p->saddr);
	inet_pton(s->family, s->dst, &p->id.daddr);
	p->id.spi = htonl(s->spi);
	p->id.proto = s->proto;
	p->mode = s->mode;
	p->reqid = 7;
	p->replay_window = 32;
	p->lft.soft_add_expires_seconds = 1440;
	p->lft.hard_add_expires_seconds = 1800;
	p->lft.soft_byte_limit = p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = p->lft.hard_packet_limit = XFRM_INF;
	p->curlft.bytes = s->bytes;
	p->curlft.packets = s->packets;
	p->curlft.add_time = (uint64_t)added;
}

static void put_algs(struct nlmsghdr *nlh, const struct sa_spec *s)
{
	if (s->aead) {
		put_alg(nlh, XFRMA_ALG_AEAD, sizeof(struct xfrm_algo_aead), s->enc, s->enc_bits);
		return;
	}
	if (s->auth) {
		put_alg(nlh, XFRMA_ALG_AUTH, sizeof(struct xfrm_algo), s->auth, 160);
		put_alg(nlh, XFRMA_ALG_AUTH_TRUNC, sizeof(struct xfrm_algo_auth), s->auth, 160);
	}
	if (s->enc)
		put_alg(nlh, XFRMA_ALG_CRYPT, sizeof(struct xfrm_algo), s->enc, s->enc_bits);
}

/* One XFRM_MSG_NEWSA as the kernel sends it; returned so a test can break it. */
static struct nlmsghdr *add_sa(struct dump *d, const struct sa_spec *s)
{
	struct nlmsghdr *nlh = new_msg(d, XFRM_MSG_NEWSA);
	struct xfrm_usersa_info info;
	struct xfrm_replay_state rs = { 0 };
	struct xfrm_mark mark = { 0, 0 };

	/* messages are 4-byte aligned, the struct wants 8: written as bytes */
	fill_info(&info, s);
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(info)), &info, sizeof(info));
	mnl_attr_put_u64(nlh, XFRMA_LASTUSED, 0);
	put_algs(nlh, s);
	if (s->sport) {
		struct xfrm_encap_tmpl e = { .encap_type = UDP_ENCAP_ESPINUDP,
					     .encap_sport = htons(s->sport),
					     .encap_dport = htons(s->dport) };

		mnl_attr_put(nlh, XFRMA_ENCAP, sizeof(e), &e);
	}
	mnl_attr_put(nlh, XFRMA_MARK, sizeof(mark), &mark);
	mnl_attr_put(nlh, XFRMA_REPLAY_VAL, sizeof(rs), &rs);
	d->len += nlh->nlmsg_len;
	return nlh;
}

static void add_done(struct dump *d)
{
	struct nlmsghdr *nlh = new_msg(d, NLMSG_DONE);

	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	d->len += nlh->nlmsg_len;
}

static const struct sa_spec transport = {
	AF_INET, "10.0.0.1", "10.0.0.2", IPPROTO_ESP, XFRM_MODE_TRANSPORT, 0xC0FFEE,
	"hmac(sha256)", "cbc(aes)", 128, false, 0, 0, 1234, 10,
};
static const struct sa_spec natt = {
	AF_INET, "192.0.2.1", "198.51.100.7", IPPROTO_ESP, XFRM_MODE_TRANSPORT, 0x1000,
	NULL, "rfc4106(gcm(aes))", 288, true, 4500, 4501, 0, 0,
};
static const struct sa_spec v6ah = {
	AF_INET6, "fd00::1", "fd00::2", IPPROTO_AH, XFRM_MODE_TUNNEL, 0x2000,
	"hmac(sha1)", NULL, 0, false, 0, 0, 0, 0,
};

static int feed(struct xfrm_sa_table *t, const struct dump *d)
{
	return xfrm_dump_feed(t, d->buf, d->len, 0, 0);
}

/* --- the parser */

static void test_parse_good(void **state)
{
	struct xfrm_sa_table t = { 0 };
	struct dump d = { 0 };
	char ip[INET6_ADDRSTRLEN];

	(void)state;
	add_sa(&d, &transport);
	add_sa(&d, &natt);
	add_sa(&d, &v6ah);
	add_done(&d);
	assert_int_equal(feed(&t, &d), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.refused, 0);
	assert_int_equal(t.messages, 4);
	assert_int_equal(t.sa[0].spi, 0xC0FFEE);
	assert_string_equal(t.sa[0].auth, "hmac(sha256)");
	assert_string_equal(t.sa[0].enc, "cbc(aes)");
	assert_int_equal(t.sa[0].enc_key_bits, 128);
	assert_int_equal(t.sa[0].cur.bytes, 1234);
	assert_int_equal(t.sa[0].cur.packets, 10);
	assert_int_equal(t.sa[0].replay_window, 32);
	assert_int_equal(t.sa[0].encap_type, 0);
	assert_int_equal(t.sa[1].encap_type, UDP_ENCAP_ESPINUDP);
	assert_int_equal(t.sa[1].encap_sport, 4500);
	assert_int_equal(t.sa[1].encap_dport, 4501);
	assert_true(t.sa[1].aead);
	assert_int_equal(xfrm_enc_key_size(&t.sa[1]), 256);	/* less the 32-bit salt */
	assert_int_equal(t.sa[2].family, AF_INET6);
	assert_int_equal(t.sa[2].proto, IPPROTO_AH);
	inet_ntop(AF_INET6, &t.sa[2].dst, ip, sizeof(ip));
	assert_string_equal(ip, "fd00::2");
	xfrm_sa_table_free(&t);
}

/* A dump in several datagrams: 1 until NLMSG_DONE. */
static void test_parse_parts(void **state)
{
	struct xfrm_sa_table t = { 0 };
	struct dump a = { 0 }, b = { 0 };

	(void)state;
	add_sa(&a, &transport);
	add_sa(&b, &natt);
	add_done(&b);
	assert_int_equal(feed(&t, &a), 1);
	assert_int_equal(feed(&t, &b), 0);
	assert_int_equal(t.n, 2);
	xfrm_sa_table_free(&t);
}

typedef void (*breaker)(struct nlmsghdr *nlh, struct dump *d);

/* The attribute of this type in the message (the first). */
static struct nlattr *attr_of(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct xfrm_usersa_info))
		if (mnl_attr_get_type(a) == type)
			return a;
	fail_msg("no attribute %u", type);
	return NULL;
}

static void overlong_attr(struct nlmsghdr *nlh, struct dump *d)
{
	(void)d;
	attr_of(nlh, XFRMA_REPLAY_VAL)->nla_len = 400;	/* past the message */
}

static void tiny_attr(struct nlmsghdr *nlh, struct dump *d)
{
	(void)d;
	attr_of(nlh, XFRMA_MARK)->nla_len = 2;	/* less than its own header */
}

static void cut_attr(struct nlmsghdr *nlh, struct dump *d)
{
	/* the message ends 6 bytes into its last attribute (its header and 2 bytes) */
	uint32_t cut = nlh->nlmsg_len - (uint32_t)sizeof(struct xfrm_replay_state) -
		       MNL_ATTR_HDRLEN + 6;

	nlh->nlmsg_len = cut;
	d->len = (size_t)((char *)nlh - d->buf) + MNL_ALIGN(cut);	/* the next one aligned */
}

static void short_key(struct nlmsghdr *nlh, struct dump *d)
{
	struct xfrm_algo *a = mnl_attr_get_payload(attr_of(nlh, XFRMA_ALG_CRYPT));

	(void)d;
	a->alg_key_len = 4096;	/* 512 bytes of key in an attribute of 16 */
}

static void huge_key(struct nlmsghdr *nlh, struct dump *d)
{
	struct xfrm_algo *a = mnl_attr_get_payload(attr_of(nlh, XFRMA_ALG_CRYPT));

	(void)d;
	a->alg_key_len = 0xFFFFFFFF;	/* (bits + 7) / 8 must not wrap */
}

static void unterminated_name(struct nlmsghdr *nlh, struct dump *d)
{
	struct xfrm_algo *a = mnl_attr_get_payload(attr_of(nlh, XFRMA_ALG_CRYPT));

	(void)d;
	memset(a->alg_name, 'x', sizeof(a->alg_name));
}

static void unprintable_name(struct nlmsghdr *nlh, struct dump *d)
{
	struct xfrm_algo *a = mnl_attr_get_payload(attr_of(nlh, XFRMA_ALG_AUTH_TRUNC));

	(void)d;
	a->alg_name[2] = '\n';
}

static void short_mark(struct nlmsghdr *nlh, struct dump *d)
{
	(void)d;
	attr_of(nlh, XFRMA_MARK)->nla_len = MNL_ATTR_HDRLEN + 4;	/* half a struct */
}

static void twice(struct nlmsghdr *nlh, struct dump *d)
{
	(void)d;
	/* the mark (8 bytes) becomes a second LASTUSED (a u64) */
	attr_of(nlh, XFRMA_MARK)->nla_type = XFRMA_LASTUSED;
}

static void short_info(struct nlmsghdr *nlh, struct dump *d)
{
	d->len -= nlh->nlmsg_len - (MNL_NLMSG_HDRLEN + 100);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 100;
}

static void bad_family(struct nlmsghdr *nlh, struct dump *d)
{
	uint16_t family = 99;

	(void)d;
	memcpy((char *)mnl_nlmsg_get_payload(nlh) + offsetof(struct xfrm_usersa_info, family),
	       &family, sizeof(family));
}

/* a malformed SA between two good ones: refused and counted, the others kept */
static void one_bad(breaker brk, const char *why)
{
	struct xfrm_sa_table t = { 0 };
	struct dump d = { 0 };
	struct nlmsghdr *bad;

	add_sa(&d, &natt);
	bad = add_sa(&d, &transport);
	brk(bad, &d);
	add_sa(&d, &v6ah);
	add_done(&d);
	assert_int_equal(feed(&t, &d), 0);
	assert_int_equal(t.refused, 1);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.sa[0].spi, natt.spi);
	assert_int_equal(t.sa[1].spi, v6ah.spi);
	if (!strstr(t.why, why))
		fail_msg("refused for \"%s\", expected \"%s\"", t.why, why);
	xfrm_sa_table_free(&t);
}

static void esn_overrun(struct nlmsghdr *nlh, struct dump *d);

static void test_parse_malformed(void **state)
{
	(void)state;
	one_bad(overlong_attr, "truncated attribute");
	one_bad(tiny_attr, "truncated attribute");
	one_bad(cut_attr, "truncated attribute");
	one_bad(short_key, "bad length");
	one_bad(huge_key, "bad length");
	one_bad(unterminated_name, "bad length");
	one_bad(unprintable_name, "bad length");
	one_bad(short_mark, "bad length");
	one_bad(twice, "twice");
	one_bad(short_info, "short message");
	one_bad(bad_family, "address family");
	one_bad(esn_overrun, "bad length");
}

/* ESN's bitmap longer than its attribute: the MARK and REPLAY_VAL at the message's end
 * (12 + 16 bytes) become one REPLAY_ESN_VAL of 28 whose bmp_len claims 3 more words */
static void esn_overrun(struct nlmsghdr *nlh, struct dump *d)
{
	struct xfrm_replay_state_esn esn = { .bmp_len = 3, .replay_window = 64 };
	struct nlattr *a = attr_of(nlh, XFRMA_MARK);

	(void)d;
	assert_true((char *)a + MNL_ATTR_HDRLEN + sizeof(esn) == (char *)nlh + nlh->nlmsg_len);
	a->nla_type = XFRMA_REPLAY_ESN_VAL;
	a->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + sizeof(esn));
	memcpy(mnl_attr_get_payload(a), &esn, sizeof(esn));
}

/* Framing errors: the rest of the datagram cannot be read, the dump fails. */
static void test_parse_framing(void **state)
{
	struct xfrm_sa_table t = { 0 };
	struct dump d = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	add_sa(&d, &transport);
	nlh = add_sa(&d, &natt);
	nlh->nlmsg_len += 64;	/* says more than the datagram holds */
	assert_int_equal(feed(&t, &d), -EBADMSG);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.refused, 1);
	nlh->nlmsg_len = 8;	/* less than a header */
	xfrm_sa_table_free(&t);
	assert_int_equal(feed(&t, &d), -EBADMSG);
	assert_int_equal(t.n, 1);
	xfrm_sa_table_free(&t);
}

static void test_parse_errors_and_others(void **state)
{
	struct xfrm_sa_table t = { 0 };
	struct dump d = { 0 };
	struct nlmsghdr *nlh = new_msg(&d, NLMSG_ERROR);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	(void)state;
	e->error = -EPERM;
	d.len += nlh->nlmsg_len;
	assert_int_equal(feed(&t, &d), -EPERM);
	/* an error too short to hold its code */
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	d.len = nlh->nlmsg_len;
	xfrm_sa_table_free(&t);
	assert_int_equal(feed(&t, &d), -EBADMSG);
	/* another message type and an answer to another request are skipped */
	d.len = 0;
	nlh = new_msg(&d, XFRM_MSG_NEWSPDINFO);
	d.len += nlh->nlmsg_len;
	add_sa(&d, &transport)->nlmsg_seq = 99;
	add_sa(&d, &natt)->nlmsg_seq = 5;
	add_done(&d);
	xfrm_sa_table_free(&t);
	assert_int_equal(xfrm_dump_feed(&t, d.buf, d.len, 5, 0), 0);	/* seq 0: not checked */
	assert_int_equal(t.n, 1);
	assert_int_equal(t.sa[0].spi, natt.spi);
	assert_int_equal(t.skipped, 2);
	xfrm_sa_table_free(&t);
}

/* An unknown (newer) attribute is skipped; a last attribute without its padding is read. */
static void test_parse_lenient(void **state)
{
	struct xfrm_sa_table t = { 0 };
	struct dump d = { 0 };
	struct nlmsghdr *nlh;
	uint8_t odd[3] = { 1, 2, 3 };

	(void)state;
	nlh = add_sa(&d, &transport);
	d.len -= nlh->nlmsg_len;
	mnl_attr_put_u32(nlh, 200, 1);
	mnl_attr_put(nlh, 201, sizeof(odd), odd);
	nlh->nlmsg_len -= 1;	/* the 3-byte attribute's padding left off */
	d.len += nlh->nlmsg_len;
	assert_int_equal(feed(&t, &d), 1);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.refused, 0);
	xfrm_sa_table_free(&t);
}

/* Every prefix of a dump, and every byte flipped: no fault, never more SAs than sent. */
static void test_parse_every_prefix(void **state)
{
	struct dump d = { 0 };
	size_t len, i;

	(void)state;
	add_sa(&d, &transport);
	add_sa(&d, &natt);
	add_sa(&d, &v6ah);
	add_done(&d);
	for (len = 0; len <= d.len; len++) {
		struct xfrm_sa_table t = { 0 };
		char *copy = malloc(len ? len : 1);

		memcpy(copy, d.buf, len);	/* on the heap: ASan sees any overread */
		xfrm_dump_feed(&t, copy, len, 0, 0);
		assert_true(t.n <= 3);
		xfrm_sa_table_free(&t);
		free(copy);
	}
	for (i = 0; i < d.len; i++) {
		struct xfrm_sa_table t = { 0 };
		char *copy = malloc(d.len);

		memcpy(copy, d.buf, d.len);
		copy[i] ^= 0xFF;
		xfrm_dump_feed(&t, copy, d.len, 0, 0);
		assert_true(t.n <= 3);
		xfrm_sa_table_free(&t);
		free(copy);
	}
}

static void test_names(void **state)
{
	struct xfrm_sa sa = { .enc = "rfc3686(ctr(aes))", .enc_key_bits = 160 };

	(void)state;
	assert_string_equal(xfrm_auth_name("hmac(sha1)"), "sha1");
	assert_string_equal(xfrm_auth_name("hmac(md5)"), "md5");
	assert_string_equal(xfrm_auth_name("hmac(sha512)"), "sha512");
	assert_string_equal(xfrm_auth_name("weird(x)"), "weird(x)");
	assert_string_equal(xfrm_enc_name("cbc(aes)"), "aes-cbc");
	assert_string_equal(xfrm_enc_name("cbc(des3_ede)"), "3des");
	assert_string_equal(xfrm_enc_name("rfc4106(gcm(aes))"), "aes-gcm");
	assert_int_equal(xfrm_enc_key_size(&sa), 128);
	snprintf(sa.enc, sizeof(sa.enc), "cbc(des3_ede)");
	sa.enc_key_bits = 192;
	assert_int_equal(xfrm_enc_key_size(&sa), 192);
}

/* --- the views, on a canned backend */

static struct dump canned;
static int canned_ret;
static uint8_t flushed = 0xEE;
static uint32_t removed_spi;
static uint8_t removed_proto;
static char removed_dst[INET6_ADDRSTRLEN];
static char stat_file[64];

static int canned_dump(struct xfrm_sa_table *t)
{
	return canned_ret ?: xfrm_dump_feed(t, canned.buf, canned.len, 0, 0);
}

static int canned_flush(uint8_t proto)
{
	flushed = proto;
	return 0;
}

static int canned_remove(uint16_t family, const xfrm_address_t *dst, uint32_t spi,
			 uint8_t proto)
{
	inet_ntop(family, dst, removed_dst, sizeof(removed_dst));
	removed_spi = spi;
	removed_proto = proto;
	return 0;
}

static struct xfrm_backend canned_backend = {
	.dump = canned_dump, .flush = canned_flush, .remove = canned_remove,
};

static void build_canned(time_t when)
{
	added = when;
	memset(&canned, 0, sizeof(canned));
	add_sa(&canned, &transport);
	add_sa(&canned, &natt);
	add_sa(&canned, &v6ah);
	add_done(&canned);
}

static int view_setup(void **state)
{
	int fd;

	build_canned(time(NULL) - 60);
	canned_ret = 0;
	snprintf(stat_file, sizeof(stat_file), "/tmp/sluice-xfrm-stat.XXXXXX");
	fd = mkstemp(stat_file);
	assert_true(fd >= 0);
	close(fd);
	canned_backend.stat_path = stat_file;
	xfrm_backend = &canned_backend;
	setenv("TZ", "UTC", 1);
	tzset();
	return cli_driver_setup(state);
}

static int view_teardown(void **state)
{
	unlink(stat_file);
	xfrm_backend = &xfrm_kernel;
	return cli_driver_teardown(state);
}

static void says(const char *line, const char *text)
{
	ok(line);
	if (!strstr(out.p ? out.p : "", text))
		fail_msg("%s: printed\n%s\nwithout \"%s\"", line, out.p ? out.p : "", text);
}

/* the rows as of an hour after the SAs were added */
static void rows_at(struct cfg_menu *v, time_t now)
{
	struct xfrm_sa_table t = { 0 };

	*v = ipsec_installed_sa_menu;
	v->items = NULL;
	v->n = 0;
	assert_int_equal(feed(&t, &canned), 0);
	installed_sa_rows(v, &t, now);
	xfrm_sa_table_free(&t);
}

static void test_view_rows(void **state)
{
	struct cfg_menu v;

	(void)state;
	build_canned(1700000000);
	rows_at(&v, added + 60);
	assert_int_equal(v.n, 3);
	assert_string_equal(cfg_get(&v, &v.items[0], "spi"), "0xC0FFEE");
	assert_string_equal(cfg_get(&v, &v.items[0], "src-address"), "10.0.0.1");
	assert_string_equal(cfg_get(&v, &v.items[0], "state"), "mature");
	assert_string_equal(cfg_get(&v, &v.items[0], "auth-algorithm"), "sha256");
	assert_string_equal(cfg_get(&v, &v.items[0], "enc-algorithm"), "aes-cbc");
	assert_string_equal(cfg_get(&v, &v.items[0], "enc-key-size"), "128");
	assert_string_equal(cfg_get(&v, &v.items[0], "current-bytes"), "1234");
	assert_string_equal(cfg_get(&v, &v.items[0], "current-packets"), "10");
	assert_string_equal(cfg_get(&v, &v.items[0], "add-lifetime"), "24m/30m");
	assert_string_equal(cfg_get(&v, &v.items[0], "expires-in"), "23m");
	assert_string_equal(cfg_get(&v, &v.items[0], "addtime"), "2023-11-14 22:13:20");
	assert_string_equal(cfg_get(&v, &v.items[0], "replay"), "32");
	assert_string_equal(cfg_get(&v, &v.items[0], "mode"), "transport");
	assert_string_equal(cfg_get(&v, &v.items[1], "src-address"), "192.0.2.1:4500");
	assert_string_equal(cfg_get(&v, &v.items[1], "dst-address"), "198.51.100.7:4501");
	assert_string_equal(cfg_get(&v, &v.items[1], "enc-algorithm"), "aes-gcm");
	assert_string_equal(cfg_get(&v, &v.items[1], "enc-key-size"), "256");
	assert_string_equal(cfg_get(&v, &v.items[1], "auth-algorithm"), "");
	assert_string_equal(cfg_get(&v, &v.items[2], "AH"), "yes");
	assert_string_equal(cfg_get(&v, &v.items[2], "ESP"), "no");
	assert_string_equal(cfg_get(&v, &v.items[2], "mode"), "tunnel");
	assert_string_equal(cfg_get(&v, &v.items[2], "dst-address"), "fd00::2");
	cfg_view_free(&v);
	/* past the soft limit the kernel has asked for a rekey */
	rows_at(&v, added + 1500);
	assert_string_equal(cfg_get(&v, &v.items[0], "state"), "dying");
	assert_string_equal(cfg_get(&v, &v.items[0], "expires-in"), "0s");
	cfg_view_free(&v);
}

static void test_view_print(void **state)
{
	(void)state;
	says("/ip ipsec installed-sa print",
	     "Flags: S - seen-traffic; H - hw-aead; A - AH; E - ESP\n");
	says("/ip ipsec installed-sa print", " #    SPI      SRC-ADDRESS");
	says("/ip ipsec installed-sa print", " 0 SE 0xC0FFEE 10.0.0.1       10.0.0.2          mature sha256 ");
	says("/ip ipsec installed-sa print", " 2 A  0x2000   fd00::1        fd00::2           mature sha1 ");
	says("/ip ipsec installed-sa print detail",
	     " 1 E  spi=0x1000 src-address=192.0.2.1:4500 dst-address=198.51.100.7:4501 "
	     "state=mature auth-algorithm=\"\" enc-algorithm=aes-gcm enc-key-size=256 "
	     "current-bytes=0 current-packets=0 add-lifetime=24m/30m");
	says("/ip ipsec installed-sa print count-only where ESP=yes", "2\n");
	says("/ip ipsec installed-sa print count-only where src-address=192.0.2.1:4500", "1\n");
	says("/ip ipsec installed-sa print as-value",
	     "{\"spi\":\"0xC0FFEE\",\"src-address\":\"10.0.0.1\"");
	says("/ip ipsec installed-sa print as-value", "\"current-bytes\":\"1234\"");
	/* the keys travel in the dump (0xAB bytes here): nothing of them is shown */
	ok("/ip ipsec installed-sa print detail");
	assert_null(strstr(out.p, "-key="));
	assert_null(strstr(out.p, "abab"));
	assert_null(strstr(out.p, "ABAB"));
	refused("/ip ipsec installed-sa add spi=1", "bad command name add");
	refused("/ip ipsec installed-sa set 0 spi=1", "bad command name set");
}

static void test_view_kernel_error(void **state)
{
	(void)state;
	canned_ret = -EPERM;
	says("/ip ipsec installed-sa print count-only", "0\n");
}

static void test_flush(void **state)
{
	(void)state;
	ok("/ip ipsec installed-sa flush");
	assert_int_equal(flushed, IPSEC_PROTO_ANY);
	ok("/ip ipsec installed-sa flush sa-type=esp");
	assert_int_equal(flushed, IPPROTO_ESP);
	ok("/ip ipsec installed-sa flush sa-type=ah");
	assert_int_equal(flushed, IPPROTO_AH);
	ok("/ip ipsec installed-sa flush sa-type=all");
	assert_int_equal(flushed, IPSEC_PROTO_ANY);
	flushed = 0xEE;
	refused("/ip ipsec installed-sa flush sa-type=gre", "expected all, ah or esp");
	refused("/ip ipsec installed-sa flush spi=1", "flush takes: sa-type");
	assert_int_equal(flushed, 0xEE);
}

static void test_remove_find(void **state)
{
	(void)state;
	ok("/ip ipsec installed-sa remove [find src-address=192.0.2.1:4500]");
	assert_int_equal(removed_spi, 0x1000);
	assert_int_equal(removed_proto, IPPROTO_ESP);
	assert_string_equal(removed_dst, "198.51.100.7");
	ok("/ip ipsec installed-sa remove [find AH=yes]");
	assert_int_equal(removed_spi, 0x2000);
	assert_int_equal(removed_proto, IPPROTO_AH);
	assert_string_equal(removed_dst, "fd00::2");
	ok("/ip ipsec installed-sa remove 0");
	assert_int_equal(removed_spi, 0xC0FFEE);
	assert_string_equal(removed_dst, "10.0.0.2");
}

static void write_stats(const char *text)
{
	FILE *f = fopen(stat_file, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_statistics(void **state)
{
	(void)state;
	write_stats("XfrmInError             \t0\nXfrmInNoStates          \t17\n"
		    "XfrmOutPolBlock         \t3\nXfrmAcquireError\t2\n"
		    "XfrmInIptfsError        \t9\n"	/* a counter RouterOS has no name for */
		    "garbage line\n\tXfrmOutError 1\nXfrmOutNoStates -1\n"
		    "XfrmOutStateExpired 99999999999999999999999\n");
	says("/ip ipsec statistics print", "               in-no-states: 17\n");
	says("/ip ipsec statistics print", "                  in-errors: 0\n");
	says("/ip ipsec statistics print", "         out-policy-blocked: 3\n");
	says("/ip ipsec statistics print", "             acquire-errors: 2\n");
	says("/ip ipsec statistics print", "                 out-errors: \n");
	says("/ip ipsec statistics print", "          out-state-expired: \n");
	says("/ip ipsec statistics print as-value", "[{\"in-errors\":\"0\",");
	says("/ip ipsec statistics print as-value", "\"in-no-states\":\"17\"");
	ok("/ip ipsec statistics print");
	assert_null(strstr(out.p, "iptfs"));
	/* no file (no CONFIG_XFRM_STATISTICS): the names, no numbers */
	unlink(stat_file);
	says("/ip ipsec statistics print", "               in-no-states: \n");
}

static void count(const char *name, uint64_t value, void *arg)
{
	(void)name;
	(void)value;
	(*(int *)arg)++;
}

static void test_stat_parse(void **state)
{
	const char text[] = "A 1\nB\t2\n\nC x\n 4\nD 5";
	int n = 0;

	(void)state;
	assert_int_equal(xfrm_stat_parse(text, sizeof(text) - 1, count, &n), 2);
	assert_int_equal(n, 3);
	n = 0;
	assert_int_equal(xfrm_stat_parse("E 7", 2, count, &n), 1);	/* "E " without a number */
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_parts),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_framing),
		cmocka_unit_test(test_parse_errors_and_others),
		cmocka_unit_test(test_parse_lenient),
		cmocka_unit_test(test_parse_every_prefix),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_stat_parse),
		cmocka_unit_test_setup_teardown(test_view_rows, view_setup, view_teardown),
		cmocka_unit_test_setup_teardown(test_view_print, view_setup, view_teardown),
		cmocka_unit_test_setup_teardown(test_view_kernel_error, view_setup, view_teardown),
		cmocka_unit_test_setup_teardown(test_flush, view_setup, view_teardown),
		cmocka_unit_test_setup_teardown(test_remove_find, view_setup, view_teardown),
		cmocka_unit_test_setup_teardown(test_statistics, view_setup, view_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
