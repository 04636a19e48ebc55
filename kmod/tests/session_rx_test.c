// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: what a session does with the PPP frames that reach it (rx.c), through the real
 * L2TP receive function of a real socket in init_net: control frames to sluiced are metered
 * per session and capped in size; only frames that passed every check count as a sign of
 * life (last_rx); only the network protocols the daemon opened are carried, either way;
 * datagrams whose headers sit in a page fragment, and clones, are read correctly and the
 * clone's shared data is left as it was.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/net.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include "../sluice.h"
#include "fixture.h"

#define PEER_ADDR 0xc0000201	/* 192.0.2.1 */
#define PEER_PORT 1701
#define OUR_PORT 1703
#define OUR_TUNNEL 0x2234
#define OUR_SESSION 0x0066

static int srx_init(struct kunit *test)
{
	struct sluice_session_config cfg = {
		.ifname = "srxkunit%d",
		.encap = SLUICE_ENCAP_L2TP,
		.key.l2tp = { .tunnel_id = OUR_TUNNEL, .session_id = OUR_SESSION },
		.l2tp = { .peer_addr = htonl(PEER_ADDR), .peer_port = htons(PEER_PORT),
			  .peer_tunnel_id = 7, .peer_session_id = 8 },
		.ppp_protocols = SLUICE_PPP_PROTO_IPV4,	/* IPCP open, IPv6CP refused */
	};
	struct sluice_test_l2tp *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	sluice_test_l2tp_up(test, f, &cfg, OUR_PORT);
	return 0;
}

static void srx_exit(struct kunit *test)
{
	if (test->priv)
		sluice_test_l2tp_down(test->priv);
}

/* A data message from the peer carrying the PPP frame ppp (len bytes), as UDP hands it. */
static struct sk_buff *srx_skb(struct kunit *test, const u8 *ppp, unsigned int len)
{
	static const u8 l2tp[] = { 0x00, 0x02, OUR_TUNNEL >> 8, OUR_TUNNEL & 0xff,
				   OUR_SESSION >> 8, OUR_SESSION & 0xff };
	u8 *msg = kunit_kzalloc(test, sizeof(l2tp) + len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, msg);
	memcpy(msg, l2tp, sizeof(l2tp));
	memcpy(msg + sizeof(l2tp), ppp, len);
	return sluice_test_udp_skb(test, PEER_ADDR, PEER_PORT, OUR_PORT, msg,
				   sizeof(l2tp) + len);
}

static void srx_send(struct kunit *test, const u8 *ppp, unsigned int len)
{
	struct sluice_test_l2tp *f = test->priv;
	int ret;

	rcu_read_lock();	/* as UDP calls it */
	ret = sluice_l2tp_encap_rcv(f->sock->sk, srx_skb(test, ppp, len));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ret, 0);
}

static s64 srx_drops(struct kunit *test, enum sluice_drop why)
{
	struct sluice_test_l2tp *f = test->priv;

	return atomic64_read(&f->s->drops.n[why]);
}

static const u8 lcp_echo[] = { 0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8, 1, 2, 3, 4 };

/*
 * A peer flooding control frames: the first burst goes on to sluiced (here nobody listens,
 * so each one sent is counted as ctrl-queue), the rest are dropped as ctrl-rate.
 */
static void srx_ctrl_flood_test(struct kunit *test)
{
	struct sluice_test_l2tp *f = test->priv;
	int i;

	for (i = 0; i < 200; i++)
		srx_send(test, lcp_echo, sizeof(lcp_echo));
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.ctrl), 200);
	/* a burst of 32, and what 20 a second refill while this runs (well under a second) */
	KUNIT_EXPECT_GE(test, srx_drops(test, SLUICE_DROP_CTRL_QUEUE), 32);
	KUNIT_EXPECT_LE(test, srx_drops(test, SLUICE_DROP_CTRL_QUEUE), 32 + 20);
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_CTRL_RATE) +
			      srx_drops(test, SLUICE_DROP_CTRL_QUEUE), 200);
}

/* A control frame larger than any PPP peer may send before an MRU is agreed. */
static void srx_ctrl_too_big_test(struct kunit *test)
{
	/* FF 03 and the protocol, then one byte more information than passes */
	unsigned int len = 2 + SLUICE_CTRL_FRAME_MAX + 1;
	u8 *big = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, big);
	memcpy(big, lcp_echo, sizeof(lcp_echo));
	srx_send(test, big, len);
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_CTRL_TOO_BIG), 1);
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_CTRL_QUEUE), 0);
	/* one byte less is a frame like any other: protocol and information just fit */
	srx_send(test, big, len - 1);
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_CTRL_TOO_BIG), 1);
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_CTRL_QUEUE), 1);
}

/* Garbage from a forger must not keep a dead session alive: last_rx stays put. */
static void srx_last_rx_test(struct kunit *test)
{
	static const u8 mppe_unexpected[] = { 0x00, 0xfd, 0x90, 0x00, 0x11 };
	static const u8 malformed[] = { 0x00 };	/* half a protocol field */
	struct sluice_test_l2tp *f = test->priv;
	unsigned long old = jiffies - 100 * HZ;

	WRITE_ONCE(f->s->last_rx, old);
	srx_send(test, mppe_unexpected, sizeof(mppe_unexpected));
	srx_send(test, malformed, sizeof(malformed));
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_PPP_UNEXPECTED), 1);
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_PPP_MALFORMED), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->s->last_rx), old);
	srx_send(test, lcp_echo, sizeof(lcp_echo));
	KUNIT_EXPECT_NE(test, READ_ONCE(f->s->last_rx), old);
}

/* IPv6 on a session whose IPv6CP was refused: dropped, either way; IPv4 goes through. */
static void srx_ipv6_closed_test(struct kunit *test)
{
	u8 v6[2 + sizeof(struct ipv6hdr)] = { 0x00, 0x57, 0x60 };
	u8 v4[2 + sizeof(struct iphdr)] = { 0x00, 0x21, 0x45, 0x00, 0x00, 20 };
	struct sluice_test_l2tp *f = test->priv;
	struct net_device *dev = f->s->dev;
	struct sk_buff *skb;

	srx_send(test, v6, sizeof(v6));
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_PPP_PROTO_CLOSED), 1);
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.packets), 0);
	srx_send(test, v4, sizeof(v4));
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.packets), 1);

	skb = alloc_skb(LL_MAX_HEADER + sizeof(struct ipv6hdr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_put_data(skb, v6 + 2, sizeof(struct ipv6hdr));
	skb->protocol = htons(ETH_P_IPV6);
	skb->dev = dev;
	local_bh_disable();	/* as the stack calls a device's transmit */
	dev->netdev_ops->ndo_start_xmit(skb, dev);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_TX_PROTO), 1);
}

static void srx_deliver(struct kunit *test, struct sk_buff *skb)
{
	struct sluice_test_l2tp *f = test->priv;
	int ret;

	rcu_read_lock();
	ret = sluice_l2tp_encap_rcv(f->sock->sk, skb);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ret, 0);
}

/* The L2TP header itself, and the PPP frame, in the fragment: pulled, not misread. */
static void srx_paged_test(struct kunit *test)
{
	u8 v4[2 + sizeof(struct iphdr)] = { 0x00, 0x21, 0x45, 0x00, 0x00, 20 };
	struct sluice_test_l2tp *f = test->priv;

	srx_deliver(test, sluice_test_paged(test, srx_skb(test, v4, sizeof(v4)),
					      sizeof(struct udphdr)));
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.packets), 1);
	srx_deliver(test, sluice_test_paged(test, srx_skb(test, lcp_echo, sizeof(lcp_echo)),
					      sizeof(struct udphdr) + 7));
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.ctrl), 1);
	KUNIT_EXPECT_EQ(test, srx_drops(test, SLUICE_DROP_PPP_MALFORMED), 0);
}

/* A clone (a packet socket also has the datagram): delivered, the original's bytes intact. */
static void srx_cloned_test(struct kunit *test)
{
	u8 v4[2 + sizeof(struct iphdr)] = { 0x00, 0x21, 0x45, 0x00, 0x00, 20 };
	struct sluice_test_l2tp *f = test->priv;
	struct sk_buff *skb = srx_skb(test, v4, sizeof(v4)), *clone;
	u8 *before = kunit_kzalloc(test, skb->len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, before);
	memcpy(before, skb->data, skb->len);
	clone = skb_clone(skb, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clone);
	srx_deliver(test, clone);
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.packets), 1);
	KUNIT_EXPECT_EQ(test, memcmp(before, skb->data, skb->len), 0);
	kfree_skb(skb);
}

static struct kunit_case srx_test_cases[] = {
	KUNIT_CASE(srx_paged_test),
	KUNIT_CASE(srx_cloned_test),
	KUNIT_CASE(srx_ctrl_flood_test),
	KUNIT_CASE(srx_ctrl_too_big_test),
	KUNIT_CASE(srx_last_rx_test),
	KUNIT_CASE(srx_ipv6_closed_test),
	{}
};

static struct kunit_suite srx_test_suite = {
	.name = "sluice_session_rx",
	.init = srx_init,
	.exit = srx_exit,
	.test_cases = srx_test_cases,
};

kunit_test_suite(srx_test_suite);
