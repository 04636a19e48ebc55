// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: hostile packets through the real receive function (sluice_pptp_rcv) in init_net,
 * where no session exists: each is dropped and counted under its own reason (GRE that is
 * not addressed to this host before anything else), whether the GRE header is in the
 * linear part or in a page fragment.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include "../sluice.h"
#include "fixture.h"

struct rx_case {
	const char *name;
	u8 gre[20];
	unsigned int len;
	enum sluice_drop counter;
	u8 pkt_type;		/* PACKET_HOST (0) unless said */
};

static const struct rx_case rx_cases[] = {
	{ "empty", { 0 }, 0, SLUICE_DROP_GRE_TRUNCATED },
	{ "truncated base header", { 0x30, 0x81, 0x88 }, 3, SLUICE_DROP_GRE_TRUNCATED },
	{ "truncated sequence", { 0x30, 0x81, 0x88, 0x0b, 0, 1, 0, 1, 0, 0 }, 10,
	  SLUICE_DROP_GRE_TRUNCATED },
	{ "version 0", { 0x20, 0x00, 0x88, 0x0b, 0, 0, 0, 1 }, 8, SLUICE_DROP_GRE_VERSION },
	{ "checksum flag", { 0xb0, 0x01, 0x88, 0x0b, 0, 1, 0, 1, 0, 0, 0, 1, 0x21 }, 13,
	  SLUICE_DROP_GRE_FLAGS },
	{ "not PPP", { 0x30, 0x01, 0x08, 0x00, 0, 1, 0, 1, 0, 0, 0, 1, 0x45 }, 13,
	  SLUICE_DROP_GRE_PROTO },
	{ "payload length past the end", { 0x30, 0x01, 0x88, 0x0b, 0, 9, 0, 1, 0, 0, 0, 1, 0x21 },
	  13, SLUICE_DROP_GRE_LENGTH },
	{ "unknown call id", { 0x30, 0x01, 0x88, 0x0b, 0, 1, 0xbe, 0xef, 0, 0, 0, 1, 0x21 }, 13,
	  SLUICE_DROP_NO_SESSION },
	{ "broadcast", { 0x30, 0x01, 0x88, 0x0b, 0, 1, 0xbe, 0xef, 0, 0, 0, 1, 0x21 }, 13,
	  SLUICE_DROP_GRE_NOT_HOST, PACKET_BROADCAST },
	{ "multicast", { 0x30, 0x01, 0x88, 0x0b, 0, 1, 0xbe, 0xef, 0, 0, 0, 1, 0x21 }, 13,
	  SLUICE_DROP_GRE_NOT_HOST, PACKET_MULTICAST },
};

static void rx_case_desc(const struct rx_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pptp_rx, rx_cases, rx_case_desc);

/* An skb as the GRE demultiplexer hands it over: IP header behind, GRE at data. */
static struct sk_buff *gre_skb(struct kunit *test, const u8 *gre, unsigned int len,
			       u8 pkt_type)
{
	struct sk_buff *skb = sluice_test_ip_skb(test, IPPROTO_GRE, 0xc0000201, gre, len);

	skb->pkt_type = pkt_type;
	return skb;
}

static void pptp_rx_run(struct kunit *test, unsigned int linear)
{
	const struct rx_case *c = test->param_value;
	struct sluice_net *sn;
	struct sk_buff *skb;
	s64 before;
	int ret;

	/* the module's init ran at boot (built in); without it there is nothing to test */
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sluice_sha1);
	sn = sluice_net(&init_net);
	before = atomic64_read(&sn->drops.n[c->counter]);
	skb = gre_skb(test, c->gre, c->len, c->pkt_type);	/* allocations sleep: */
	if (linear < c->len)					/* before the RCU lock */
		skb = sluice_test_paged(test, skb, linear);
	rcu_read_lock();	/* as the GRE demultiplexer calls it */
	ret = sluice_pptp_rcv(skb);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ret, NET_RX_DROP);
	KUNIT_EXPECT_EQ(test, atomic64_read(&sn->drops.n[c->counter]), before + 1);
}

static void pptp_rx_test(struct kunit *test)
{
	pptp_rx_run(test, UINT_MAX);
}

/* The same packets with the whole GRE header in a page fragment: the same verdicts. */
static void pptp_rx_paged_test(struct kunit *test)
{
	pptp_rx_run(test, 0);
}

static struct kunit_case pptp_rx_test_cases[] = {
	KUNIT_CASE_PARAM(pptp_rx_test, pptp_rx_gen_params),
	KUNIT_CASE_PARAM(pptp_rx_paged_test, pptp_rx_gen_params),
	{}
};

static struct kunit_suite pptp_rx_test_suite = {
	.name = "sluice_pptp_rx",
	.test_cases = pptp_rx_test_cases,
};

kunit_test_suite(pptp_rx_test_suite);
