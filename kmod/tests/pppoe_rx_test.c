// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: hostile PPPoE session frames through the real receive function (sluice_pppoe_rcv)
 * in init_net, where no session exists: each is dropped and counted under its own reason
 * (frames not for this host before anything else, then the header, then the lookup),
 * whether the PPPoE header is in the linear part or in a page fragment; and a frame shared
 * with another handler (the kernel's pppoe) is left intact for it.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include "../sluice.h"
#include "fixture.h"

struct rx_case {
	const char *name;
	u8 frame[12];		/* after the Ethernet header */
	unsigned int len;
	enum sluice_drop counter;
	u8 pkt_type;		/* PACKET_HOST (0) unless said */
	bool no_mac;		/* as a tun or a GRE tunnel would hand it over */
};

static const struct rx_case rx_cases[] = {
	{ "empty", { 0 }, 0, SLUICE_DROP_PPPOE_TRUNCATED },
	{ "cut in the header", { 0x11, 0x00, 0x00, 0x2a, 0x00 }, 5, SLUICE_DROP_PPPOE_TRUNCATED },
	{ "version 2", { 0x21, 0x00, 0x00, 0x2a, 0x00, 0x02, 0xc0, 0x21 }, 8,
	  SLUICE_DROP_PPPOE_HEADER },
	{ "type 2", { 0x12, 0x00, 0x00, 0x2a, 0x00, 0x02, 0xc0, 0x21 }, 8,
	  SLUICE_DROP_PPPOE_HEADER },
	{ "a Discovery code", { 0x11, 0x09, 0x00, 0x2a, 0x00, 0x02, 0xc0, 0x21 }, 8,
	  SLUICE_DROP_PPPOE_HEADER },
	{ "length past the end", { 0x11, 0x00, 0x00, 0x2a, 0x00, 0x09, 0xc0, 0x21 }, 8,
	  SLUICE_DROP_PPPOE_HEADER },
	{ "unknown session", { 0x11, 0x00, 0xbe, 0xef, 0x00, 0x02, 0xc0, 0x21 }, 8,
	  SLUICE_DROP_NO_SESSION },
	{ "broadcast", { 0x11, 0x00, 0xbe, 0xef, 0x00, 0x02, 0xc0, 0x21 }, 8,
	  SLUICE_DROP_PPPOE_NOT_HOST, PACKET_BROADCAST },
	{ "another host's", { 0x11, 0x00, 0xbe, 0xef, 0x00, 0x02, 0xc0, 0x21 }, 8,
	  SLUICE_DROP_PPPOE_NOT_HOST, PACKET_OTHERHOST },
	{ "no MAC header", { 0x11, 0x00, 0xbe, 0xef, 0x00, 0x02, 0xc0, 0x21 }, 8,
	  SLUICE_DROP_PPPOE_TRUNCATED, PACKET_HOST, true },
};

static void rx_case_desc(const struct rx_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pppoe_rx, rx_cases, rx_case_desc);

/* A frame as the packet handler gets it: the Ethernet header behind, PPPoE at data. */
static struct sk_buff *pppoe_skb(struct kunit *test, const u8 *frame, unsigned int len,
				 u8 pkt_type, bool no_mac)
{
	static const u8 src[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0b, 0x01 };
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + len, GFP_KERNEL);
	struct ethhdr *eth;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_mac_header(skb);
	eth = skb_put_zero(skb, ETH_HLEN);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(ETH_P_PPP_SES);
	skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	if (no_mac)
		skb_reset_mac_header(skb);	/* mac_len 0 */
	skb_put_data(skb, frame, len);
	skb->dev = init_net.loopback_dev;
	skb->protocol = htons(ETH_P_PPP_SES);
	skb->pkt_type = pkt_type;
	return skb;
}

static void pppoe_rx_run(struct kunit *test, unsigned int linear)
{
	const struct rx_case *c = test->param_value;
	struct sluice_net *sn;
	struct sk_buff *skb;
	s64 before;
	int ret;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sluice_sha1);	/* the module's init ran */
	sn = sluice_net(&init_net);
	before = atomic64_read(&sn->drops.n[c->counter]);
	skb = pppoe_skb(test, c->frame, c->len, c->pkt_type, c->no_mac);	/* they sleep: */
	if (linear < c->len)					/* before the RCU lock */
		skb = sluice_test_paged(test, skb, linear);
	rcu_read_lock();	/* as the receive path calls packet handlers */
	ret = sluice_pppoe_rcv(skb, skb->dev, NULL, skb->dev);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ret, NET_RX_DROP);
	KUNIT_EXPECT_EQ(test, atomic64_read(&sn->drops.n[c->counter]), before + 1);
}

static void pppoe_rx_test(struct kunit *test)
{
	pppoe_rx_run(test, UINT_MAX);
}

/* The same frames with the whole PPPoE header in a page fragment: the same verdicts. */
static void pppoe_rx_paged_test(struct kunit *test)
{
	pppoe_rx_run(test, 0);
}

/* Every 0x8864 handler gets the same skb: ours drops its own reference, not the frame. */
static void pppoe_rx_shared_test(struct kunit *test)
{
	static const u8 frame[] = { 0x11, 0x00, 0xbe, 0xef, 0x00, 0x02, 0xc0, 0x21 };
	struct sk_buff *skb = pppoe_skb(test, frame, sizeof(frame), PACKET_HOST, false);

	skb_get(skb);		/* the other handler's reference */
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, sluice_pppoe_rcv(skb, skb->dev, NULL, skb->dev), NET_RX_DROP);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, refcount_read(&skb->users), 1);
	KUNIT_EXPECT_EQ(test, skb->len, sizeof(frame));
	KUNIT_EXPECT_EQ(test, skb->data[0], 0x11);
	kfree_skb(skb);
}

static struct kunit_case pppoe_rx_test_cases[] = {
	KUNIT_CASE_PARAM(pppoe_rx_test, pppoe_rx_gen_params),
	KUNIT_CASE_PARAM(pppoe_rx_paged_test, pppoe_rx_gen_params),
	KUNIT_CASE(pppoe_rx_shared_test),
	{}
};

static struct kunit_suite pppoe_rx_test_suite = {
	.name = "sluice_pppoe_rx",
	.test_cases = pppoe_rx_test_cases,
};

kunit_test_suite(pppoe_rx_test_suite);
