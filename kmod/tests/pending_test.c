// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: pending sessions (API 5), what a caller who has not authenticated costs. A pending
 * session has no registered interface; its control frames go to sluiced, its data is
 * dropped (pending); attaching registers the interface and data flows; a name that is taken
 * leaves it pending; killing it unhashes it at once and frees it after a grace period.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <net/net_namespace.h>
#include "../sluice.h"
#include "fixture.h"

#define PEER_ADDR 0xc0000202	/* 192.0.2.2 */
#define PEER_PORT 1701
#define OUR_PORT 1704
#define OUR_TUNNEL 0x3234
#define OUR_SESSION 0x0077

static int pend_init(struct kunit *test)
{
	struct sluice_session_config cfg = {
		.ifname = "pendkunit%d",
		.encap = SLUICE_ENCAP_L2TP,
		.key.l2tp = { .tunnel_id = OUR_TUNNEL, .session_id = OUR_SESSION },
		.l2tp = { .peer_addr = htonl(PEER_ADDR), .peer_port = htons(PEER_PORT),
			  .peer_tunnel_id = 7, .peer_session_id = 8 },
		.ppp_protocols = SLUICE_PPP_PROTO_IPV4,
		.pending = true,
	};
	struct sluice_test_l2tp *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	sluice_test_l2tp_up(test, f, &cfg, OUR_PORT);
	return 0;
}

static void pend_exit(struct kunit *test)
{
	if (test->priv)
		sluice_test_l2tp_down(test->priv);
}

static void pend_send(struct kunit *test, const u8 *ppp, unsigned int len)
{
	static const u8 l2tp[] = { 0x00, 0x02, OUR_TUNNEL >> 8, OUR_TUNNEL & 0xff,
				   OUR_SESSION >> 8, OUR_SESSION & 0xff };
	struct sluice_test_l2tp *f = test->priv;
	u8 *msg = kunit_kzalloc(test, sizeof(l2tp) + len, GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, msg);
	memcpy(msg, l2tp, sizeof(l2tp));
	memcpy(msg + sizeof(l2tp), ppp, len);
	rcu_read_lock();	/* as UDP calls it */
	ret = sluice_l2tp_encap_rcv(f->sock->sk, sluice_test_udp_skb(test, PEER_ADDR, PEER_PORT,
				OUR_PORT, msg, sizeof(l2tp) + len));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ret, 0);
}

static s64 pend_drops(struct kunit *test, enum sluice_drop why)
{
	struct sluice_test_l2tp *f = test->priv;

	return atomic64_read(&f->s->drops.n[why]);
}

static const u8 lcp_echo[] = { 0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8, 1, 2, 3, 4 };
static const u8 ipv4[2 + sizeof(struct iphdr)] = { 0x00, 0x21, 0x45, 0x00, 0x00, 20 };

static int pend_attach(struct sluice_session *s, const char *name, bool *gone)
{
	int err;

	rtnl_lock();
	err = sluice_session_attach(s, name, gone);
	rtnl_unlock();
	return err;
}

/* No interface: not registered, no ifindex, found by its id, counted as pending. */
static void pend_no_interface_test(struct kunit *test)
{
	struct sluice_test_l2tp *f = test->priv;
	struct sluice_session *s = f->s;

	KUNIT_EXPECT_FALSE(test, s->attached);
	KUNIT_EXPECT_EQ(test, s->dev->reg_state, NETREG_UNINITIALIZED);
	KUNIT_EXPECT_EQ(test, s->dev->ifindex, 0);
	KUNIT_EXPECT_NE(test, s->id, 0);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, sluice_session_by_id_rcu(&init_net, s->id), s);
	rcu_read_unlock();
	KUNIT_EXPECT_GE(test, sluice_net(&init_net)->pending, 1);
}

/* Control frames go up (counted), data is dropped as pending and never reaches a device. */
static void pend_ctrl_not_data_test(struct kunit *test)
{
	struct sluice_test_l2tp *f = test->priv;

	pend_send(test, lcp_echo, sizeof(lcp_echo));
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.ctrl), 1);
	pend_send(test, ipv4, sizeof(ipv4));
	pend_send(test, ipv4, sizeof(ipv4));
	KUNIT_EXPECT_EQ(test, pend_drops(test, SLUICE_DROP_PENDING), 2);
}

/* Attached: a registered interface with the name asked for, and data flows. */
static void pend_attach_test(struct kunit *test)
{
	struct sluice_test_l2tp *f = test->priv;
	unsigned int pending = sluice_net(&init_net)->pending;
	bool gone;

	KUNIT_ASSERT_EQ(test, pend_attach(f->s, "pendattach0", &gone), 0);
	KUNIT_EXPECT_TRUE(test, f->s->attached);
	KUNIT_EXPECT_EQ(test, f->s->dev->reg_state, NETREG_REGISTERED);
	KUNIT_EXPECT_GT(test, f->s->dev->ifindex, 0);
	KUNIT_EXPECT_STREQ(test, f->s->dev->name, "pendattach0");
	KUNIT_EXPECT_EQ(test, sluice_net(&init_net)->pending, pending - 1);
	pend_send(test, ipv4, sizeof(ipv4));
	KUNIT_EXPECT_EQ(test, pend_drops(test, SLUICE_DROP_PENDING), 0);
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.packets), 1);
	KUNIT_EXPECT_EQ(test, pend_attach(f->s, NULL, &gone), -EALREADY);
}

/* A name that is taken: refused, and the session is still pending and whole. */
static void pend_name_taken_test(struct kunit *test)
{
	struct sluice_test_l2tp *f = test->priv;
	bool gone = true;

	KUNIT_EXPECT_EQ(test, pend_attach(f->s, "lo", &gone), -EEXIST);
	KUNIT_EXPECT_FALSE(test, gone);
	KUNIT_EXPECT_FALSE(test, f->s->attached);
	pend_send(test, lcp_echo, sizeof(lcp_echo));
	KUNIT_EXPECT_EQ(test, u64_stats_read(&f->s->rx_stats.ctrl), 1);
	KUNIT_EXPECT_EQ(test, pend_attach(f->s, NULL, &gone), 0);	/* sluice%d-like */
	KUNIT_EXPECT_TRUE(test, f->s->attached);
}

/* Killed while pending: gone from the ids and the hash at once; freed after (KASAN). */
static void pend_kill_test(struct kunit *test)
{
	struct sluice_test_l2tp *f = test->priv;
	struct sluice_session *s = f->s;
	unsigned int pending = sluice_net(&init_net)->pending;
	struct sluice_kill kill;
	u32 id = s->id;

	sluice_kill_init(&kill);
	rtnl_lock();
	sluice_kill_queue(&kill, s);
	sluice_kill_queue(&kill, s);	/* named twice: goes once */
	sluice_kill_many(&kill);
	rtnl_unlock();
	f->s = NULL;
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, sluice_session_by_id_rcu(&init_net, id));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, sluice_net(&init_net)->pending, pending - 1);
	rcu_barrier();
	flush_workqueue(sluice_wq);
}

static struct kunit_case pend_test_cases[] = {
	KUNIT_CASE(pend_no_interface_test),
	KUNIT_CASE(pend_ctrl_not_data_test),
	KUNIT_CASE(pend_attach_test),
	KUNIT_CASE(pend_name_taken_test),
	KUNIT_CASE(pend_kill_test),
	{}
};

static struct kunit_suite pend_test_suite = {
	.name = "sluice_session_pending",
	.init = pend_init,
	.exit = pend_exit,
	.test_cases = pend_test_cases,
};

kunit_test_suite(pend_test_suite);
