// SPDX-License-Identifier: GPL-2.0
/*
 * What a killed charon of sluiced's left in the kernel (daemon/ipsec/leftovers.c): SA and
 * policy dumps built here as the kernel lays them out are parsed (xfrm.c) and picked. An
 * inbound SA in sluiced's SPI range goes with its outbound partner and the policies that
 * name its reqid between the same hosts (transport selectors, tunnel templates); an
 * administrator's SAs and policies stay, even with the same reqid, even an outbound SA
 * whose peer chose an SPI in our range. Removal sends each with its mark.
 */
/* unit-test-sources: daemon/ipsec/leftovers.c daemon/ipsec/xfrm.c daemon/core/log.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <cmocka.h>
#include "ipsec/leftovers.h"
#include "ipsec/xfrm.h"

#define DUMP_CAP 8192

struct dump {
	char buf[DUMP_CAP] __attribute__((aligned(8)));
	size_t len;
};

static void put_mark(struct nlmsghdr *nlh, uint32_t mark)
{
	struct xfrm_mark m = { mark, mark ? 0xffffffff : 0 };

	mnl_attr_put(nlh, XFRMA_MARK, sizeof(m), &m);
}

static void add_sa(struct dump *d, const char *src, const char *dst, uint32_t spi,
		   uint32_t reqid, uint32_t mark)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->buf + d->len);
	struct xfrm_usersa_info info = { 0 };

	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	info.family = AF_INET;
	inet_pton(AF_INET, src, &info.saddr);
	inet_pton(AF_INET, dst, &info.id.daddr);
	info.id.spi = htonl(spi);
	info.id.proto = IPPROTO_ESP;
	info.reqid = reqid;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(info)), &info, sizeof(info));
	put_mark(nlh, mark);
	d->len += nlh->nlmsg_len;
}

/* sel: the selector's hosts (/32); tun: the template's tunnel ends, NULL for transport */
static void add_pol(struct dump *d, uint8_t dir, const char *sel_src, const char *sel_dst,
		    const char *tun_src, const char *tun_dst, uint32_t reqid, uint32_t mark)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->buf + d->len);
	struct xfrm_userpolicy_info info = { 0 };
	struct xfrm_user_tmpl tmpl = { 0 };

	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	info.sel.family = AF_INET;
	inet_pton(AF_INET, sel_src, &info.sel.saddr);
	inet_pton(AF_INET, sel_dst, &info.sel.daddr);
	info.dir = dir;
	info.index = (uint32_t)(d->len + 8) << 3 | dir;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(info)), &info, sizeof(info));
	tmpl.family = AF_INET;
	tmpl.reqid = reqid;
	tmpl.id.proto = IPPROTO_ESP;
	if (tun_src) {
		inet_pton(AF_INET, tun_src, &tmpl.saddr);
		inet_pton(AF_INET, tun_dst, &tmpl.id.daddr);
	}
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(tmpl), &tmpl);
	put_mark(nlh, mark);
	d->len += nlh->nlmsg_len;
}

static void add_done(struct dump *d)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->buf + d->len);

	nlh->nlmsg_type = NLMSG_DONE;
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	d->len += nlh->nlmsg_len;
}

/* this router: 10.9.0.1 (L2TP/IPsec server) and 192.0.2.1 (site to site) */
static bool local(uint16_t family, const xfrm_address_t *a)
{
	struct in_addr x, y;

	inet_pton(AF_INET, "10.9.0.1", &x);
	inet_pton(AF_INET, "192.0.2.1", &y);
	return family == AF_INET && (!memcmp(a, &x, 4) || !memcmp(a, &y, 4));
}

static struct dump sas, pols;

/*
 * SAs: 0-1 an L2TP client's CHILD_SA of ours (mark 3), 2-3 a site-to-site one of ours
 * (tunnel), 4-5 an administrator's with the same reqid as 0-1, 6 an administrator's
 * outbound SA whose SPI its peer took from our range.
 * Policies: 0-2 the L2TP client's (in, fwd, out: transport selectors, marked), 3-4 the
 * site-to-site's (tunnel templates, subnet selectors), 5-6 the administrator's.
 */
static void build(void)
{
	memset(&sas, 0, sizeof(sas));
	memset(&pols, 0, sizeof(pols));
	add_sa(&sas, "10.9.0.2", "10.9.0.1", IPSEC_SPI_MIN + 1, 1, 0);
	add_sa(&sas, "10.9.0.1", "10.9.0.2", 0xc1000001, 1, 3);
	add_sa(&sas, "198.51.100.9", "192.0.2.1", IPSEC_SPI_MAX, 2, 0);
	add_sa(&sas, "192.0.2.1", "198.51.100.9", IPSEC_SPI_MIN + 7, 2, 0);
	add_sa(&sas, "203.0.113.5", "192.0.2.1", 0xc2000000, 1, 0);
	add_sa(&sas, "192.0.2.1", "203.0.113.5", 0xc3000000, 1, 0);
	add_sa(&sas, "192.0.2.1", "203.0.113.6", IPSEC_SPI_MIN + 9, 5, 0);
	add_done(&sas);
	add_pol(&pols, XFRM_POLICY_IN, "10.9.0.2", "10.9.0.1", NULL, NULL, 1, 3);
	add_pol(&pols, XFRM_POLICY_FWD, "10.9.0.2", "10.9.0.1", NULL, NULL, 1, 3);
	add_pol(&pols, XFRM_POLICY_OUT, "10.9.0.1", "10.9.0.2", NULL, NULL, 1, 3);
	add_pol(&pols, XFRM_POLICY_IN, "10.2.0.0", "10.1.0.0", "198.51.100.9", "192.0.2.1", 2, 0);
	add_pol(&pols, XFRM_POLICY_OUT, "10.1.0.0", "10.2.0.0", "192.0.2.1", "198.51.100.9", 2, 0);
	add_pol(&pols, XFRM_POLICY_IN, "203.0.113.5", "192.0.2.1", NULL, NULL, 1, 0);
	add_pol(&pols, XFRM_POLICY_OUT, "10.1.0.0", "10.3.0.0", "192.0.2.1", "203.0.113.5", 1, 0);
	add_done(&pols);
}

static void load(struct xfrm_sa_table *t)
{
	assert_int_equal(xfrm_dump_feed(t, sas.buf, sas.len, 0, 0), 0);
	assert_int_equal(xfrm_dump_feed(t, pols.buf, pols.len, 0, 0), 0);
	assert_int_equal(t->refused, 0);
	assert_int_equal(t->n, 7);
	assert_int_equal(t->npol, 7);
}

static void test_pick(void **state)
{
	struct xfrm_sa_table t = { 0 };
	bool sa_gone[7], pol_gone[7];
	static const bool sa_want[7] = { 1, 1, 1, 1, 0, 0, 0 };
	static const bool pol_want[7] = { 1, 1, 1, 1, 1, 0, 0 };
	size_t nsa, npol, i;

	(void)state;
	build();
	load(&t);
	assert_int_equal(t.sa[1].mark.v, 3);
	assert_int_equal(t.pol[2].mark.v, 3);
	assert_int_equal(t.pol[2].dir, XFRM_POLICY_OUT);
	assert_int_equal(t.pol[3].ntmpl, 1);
	assert_int_equal(t.pol[3].tmpl[0].reqid, 2);
	ipsec_leftovers_pick(&t, local, sa_gone, pol_gone, &nsa, &npol);
	for (i = 0; i < 7; i++) {
		assert_int_equal(sa_gone[i], sa_want[i]);
		assert_int_equal(pol_gone[i], pol_want[i]);
	}
	assert_int_equal(nsa, 4);
	assert_int_equal(npol, 5);
	xfrm_sa_table_free(&t);
}

/* --- removal through a canned backend */

static uint32_t removed_spi[8], removed_mark[8], removed_pol_mark[8];
static size_t nremoved, npol_removed;

static int canned_dump(struct xfrm_sa_table *t)
{
	return xfrm_dump_feed(t, sas.buf, sas.len, 0, 0);
}

static int canned_dump_policies(struct xfrm_sa_table *t)
{
	return xfrm_dump_feed(t, pols.buf, pols.len, 0, 0);
}

static int canned_remove_sa(const struct xfrm_sa *sa)
{
	removed_mark[nremoved] = sa->mark.v;
	removed_spi[nremoved++] = sa->spi;
	return 0;
}

static int canned_remove_policy(const struct xfrm_pol *pol)
{
	removed_pol_mark[npol_removed++] = pol->mark.v;
	return 0;
}

static const struct xfrm_backend canned = {
	.dump = canned_dump, .dump_policies = canned_dump_policies,
	.remove_sa = canned_remove_sa, .remove_policy = canned_remove_policy,
};

/* only the SPI range is checked here: the kernel's own interfaces say what is local, and
 * none of the dump's addresses is this machine's (nothing is removed) */
static void test_remove_not_local(void **state)
{
	(void)state;
	build();
	nremoved = npol_removed = 0;
	xfrm_backend = &canned;
	assert_int_equal(ipsec_leftovers_remove(), 0);
	xfrm_backend = &xfrm_kernel;
	assert_int_equal(nremoved, 0);
	assert_int_equal(npol_removed, 0);
}

/* the picked ones go, policies first, each with its mark (the kernel finds a marked SA
 * or policy only so) */
static void test_remove_with_marks(void **state)
{
	(void)state;
	build();
	nremoved = npol_removed = 0;
	xfrm_backend = &canned;
	assert_int_equal(ipsec_leftovers_remove_with(local), 0);
	xfrm_backend = &xfrm_kernel;
	assert_int_equal(nremoved, 4);
	assert_int_equal(removed_spi[0], IPSEC_SPI_MIN + 1);
	assert_int_equal(removed_spi[1], 0xc1000001);
	assert_int_equal(removed_mark[1], 3);
	assert_int_equal(removed_spi[3], IPSEC_SPI_MIN + 7);
	assert_int_equal(npol_removed, 5);
	assert_int_equal(removed_pol_mark[0], 3);
	assert_int_equal(removed_pol_mark[2], 3);
	assert_int_equal(removed_pol_mark[4], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_remove_not_local),
		cmocka_unit_test(test_remove_with_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
