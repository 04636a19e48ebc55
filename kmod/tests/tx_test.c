// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a session's output entering another session's transmit (sluice_xmit), as when a
 * tunnel is carried inside another session or two sessions' outer packets are routed
 * through each other. Two real sessions in init_net whose ops send "into" a chosen session
 * instead of onto the wire, as the route through its device would. The case that matters:
 * with the inner session's lock held (by another CPU sending on it, which UML's one CPU
 * stands in for by holding it here), the nested transmit must give up, not spin: that was
 * an ABBA deadlock of two CPUs with BH disabled.
 */
#include <kunit/test.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include "../ppp.h"
#include "../sluice.h"

struct tx_fixture {
	struct sluice_session *a, *b;
	struct sluice_session *a_into;	/* where a's output goes; NULL: the wire */
	unsigned int wire[2];		/* packets a and b sent onto the "wire" */
	const struct sluice_encap_ops *real_ops;
};

static struct tx_fixture *tx_f;	/* the ops have no context pointer */
static struct sluice_encap_ops tx_into_ops;

static struct rtable *tx_fake_route(struct sluice_session *s, __be32 *saddr)
{
	*saddr = 0;
	return (struct rtable *)&tx_into_ops;	/* never dereferenced: tx_send_into */
}

/* As if the outer packet were routed out of the next session's device. */
static void tx_send_into(struct sluice_session *s, struct sk_buff *skb, struct rtable *rt,
			 __be32 saddr)
{
	if (s == tx_f->a && tx_f->a_into) {
		sluice_xmit(tx_f->a_into, skb, SLUICE_PPP_IP);
		return;
	}
	tx_f->wire[s == tx_f->b]++;
	consume_skb(skb);
}

static struct sluice_session *tx_session(struct kunit *test, const char *name, u16 call_id)
{
	struct sluice_session_config cfg = {
		.ifname = name,
		.encap = SLUICE_ENCAP_PPTP,
		.key.pptp = { .peer_addr = htonl(0xc0000263), .call_id = call_id },
		.local_addr = htonl(0xc0000201),
		.peer_call_id = 99,
	};
	struct sluice_session *s;

	rtnl_lock();
	s = sluice_session_create(&init_net, &cfg);
	rtnl_unlock();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	return s;
}

static int tx_init(struct kunit *test)
{
	struct tx_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sluice_sha1);	/* the module is initialised */
	test->priv = f;
	tx_f = f;
	f->a = tx_session(test, "txkunita", 101);
	f->b = tx_session(test, "txkunitb", 102);
	f->real_ops = f->a->ops;
	tx_into_ops = *f->real_ops;
	tx_into_ops.route = tx_fake_route;
	tx_into_ops.send = tx_send_into;
	f->a->ops = &tx_into_ops;
	f->b->ops = &tx_into_ops;
	return 0;
}

static void tx_exit(struct kunit *test)
{
	struct tx_fixture *f = test->priv;
	struct sluice_session *s[2] = { f->a, f->b };
	int i;

	rtnl_lock();
	for (i = 0; i < 2; i++) {
		if (IS_ERR_OR_NULL(s[i]))
			continue;
		s[i]->ops = f->real_ops;
		unregister_netdevice(s[i]->dev);
	}
	rtnl_unlock();
	tx_f = NULL;
}

static struct sk_buff *tx_packet(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, 20);
	return skb;
}

static s64 drops(struct sluice_session *s, enum sluice_drop why)
{
	return atomic64_read(&s->drops.n[why]);
}

/*
 * Tunnel in tunnel works: a's output goes out through b. From process context, as the
 * netlink family sends control frames (no smp_processor_id() while preemptible).
 */
static void tx_nested_test(struct kunit *test)
{
	static const u8 echo[] = { 0xc0, 0x21, 9, 1, 0, 8, 1, 2, 3, 4 };
	struct tx_fixture *f = test->priv;

	f->a_into = f->b;
	KUNIT_EXPECT_EQ(test, sluice_xmit(f->a, tx_packet(test), SLUICE_PPP_IP), 0);
	KUNIT_EXPECT_EQ(test, sluice_xmit_ctrl(f->a, echo, sizeof(echo), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, f->wire[1], 2U);
	KUNIT_EXPECT_EQ(test, f->wire[0], 0U);
	KUNIT_EXPECT_EQ(test, drops(f->b, SLUICE_DROP_TX_NESTED), 0);
}

/* A route back into the session itself: dropped as a loop, not spun on. */
static void tx_loop_test(struct kunit *test)
{
	struct tx_fixture *f = test->priv;
	s64 before = drops(f->a, SLUICE_DROP_TX_NO_ROUTE);

	f->a_into = f->a;
	KUNIT_EXPECT_EQ(test, sluice_xmit(f->a, tx_packet(test), SLUICE_PPP_IP), 0);
	KUNIT_EXPECT_EQ(test, drops(f->a, SLUICE_DROP_TX_NO_ROUTE), before + 1);
	KUNIT_EXPECT_EQ(test, f->wire[0], 0U);
}

/*
 * The other half of the ABBA: b's lock is held (another CPU sends on b and its outer
 * packet is on its way into a). a's output into b must give up rather than wait, or the
 * two CPUs would wait for each other for ever.
 */
static void tx_nested_busy_test(struct kunit *test)
{
	struct tx_fixture *f = test->priv;

	/* UML has one CPU: its spinlocks are real only with spinlock debugging */
	if (!IS_ENABLED(CONFIG_SMP) && !IS_ENABLED(CONFIG_DEBUG_SPINLOCK))
		kunit_skip(test, "spinlocks are no-ops here; SLUICE_KUNIT_DEBUG=1 runs this");
	f->a_into = f->b;
	/* held by "another CPU": a subclass of its own, or lockdep sees this task nest */
	local_bh_disable();
	spin_lock_nested(&f->b->tx_lock, SINGLE_DEPTH_NESTING);
	sluice_xmit(f->a, tx_packet(test), SLUICE_PPP_IP);
	spin_unlock(&f->b->tx_lock);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, drops(f->b, SLUICE_DROP_TX_NESTED), 1);
	KUNIT_EXPECT_EQ(test, f->wire[1], 0U);
	/* and the outermost transmit still waits its turn and sends */
	KUNIT_EXPECT_EQ(test, sluice_xmit(f->b, tx_packet(test), SLUICE_PPP_IP), 0);
	KUNIT_EXPECT_EQ(test, f->wire[1], 1U);
}

static struct kunit_case tx_test_cases[] = {
	KUNIT_CASE(tx_nested_test),
	KUNIT_CASE(tx_loop_test),
	KUNIT_CASE(tx_nested_busy_test),
	{}
};

static struct kunit_suite tx_test_suite = {
	.name = "sluice_tx",
	.init = tx_init,
	.exit = tx_exit,
	.test_cases = tx_test_cases,
};

kunit_test_suite(tx_test_suite);
