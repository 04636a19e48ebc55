// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: rate limits (shaper.c). The token bucket and RouterOS's burst driven by a made-up
 * clock (steady rate, idle refill, burst from idle until the average reaches the threshold,
 * the long-run average with burst, a new limit mid-stream); then a real session's transmit
 * through its device with a limit: what passes at once, what waits and leaves by the timer
 * in order, what overflows the queue, a lifted limit letting the rest go, and a session
 * that ends with packets waiting (KASAN and kmemleak watch).
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include "../ppp.h"
#include "../sluice.h"

#define KBIT(n) ((u64)(n) * 1000 / 8)	/* bytes per second */

/* Sends pkt-sized packets as fast as tb allows from *t for dur ns; the bytes sent. */
static u64 send_for(struct sluice_tb *tb, u64 *t, u64 dur, unsigned int pkt)
{
	u64 end = *t + dur, bytes = 0;

	while (*t < end) {
		if (sluice_tb_may_send(tb, *t)) {
			sluice_tb_charge(tb, pkt);
			bytes += pkt;
		} else {
			*t += sluice_tb_wait_ns(tb, *t);
		}
	}
	return bytes;
}

/* bytes over dur ns as bits per second */
static u64 bps(u64 bytes, u64 dur)
{
	return div64_u64(bytes * 8 * NSEC_PER_SEC, dur);
}

static void tb_steady_rate_test(struct kunit *test)
{
	struct sluice_limit lim = { .rate = KBIT(2000) };
	struct sluice_tb tb;
	u64 t = 1000, got;

	sluice_tb_init(&tb, &lim, t);
	got = bps(send_for(&tb, &t, 10 * NSEC_PER_SEC, 1500), 10 * NSEC_PER_SEC);
	/* 2 Mbit/s, plus the first bucket (25 ms) over 10 s */
	KUNIT_EXPECT_GE(test, got, 1990000ULL);
	KUNIT_EXPECT_LE(test, got, 2010000ULL);
}

/* After a long silence the bucket holds 25 ms of the rate (at least two packets), no more. */
static void tb_idle_refill_test(struct kunit *test)
{
	struct sluice_limit lim = { .rate = KBIT(8000) };	/* 1 MB/s: 25 KB bucket */
	struct sluice_tb tb;
	u64 t = 0, bytes = 0;

	sluice_tb_init(&tb, &lim, t);
	send_for(&tb, &t, NSEC_PER_SEC, 1000);
	t += 60 * NSEC_PER_SEC;
	while (sluice_tb_may_send(&tb, t)) {
		sluice_tb_charge(&tb, 1000);
		bytes += 1000;
	}
	KUNIT_EXPECT_EQ(test, bytes, sluice_tb_depth(lim.rate));
	KUNIT_EXPECT_EQ(test, sluice_tb_depth(KBIT(64)), 3000ULL);	/* two packets */
	/* one packet more puts the bucket 1000 bytes short: 1001 bytes to a token, 1.001 ms */
	sluice_tb_charge(&tb, 1000);
	KUNIT_EXPECT_EQ(test, sluice_tb_wait_ns(&tb, t), 1001ULL * NSEC_PER_USEC);
}

/*
 * RouterOS's example shape: rate 1M, burst 2M, threshold 1.5M, burst-time 8 s. From idle the
 * burst rate holds until the average over 8 s reaches 1.5M: 6 s at 2M. Then the rate.
 */
static void tb_burst_from_idle_test(struct kunit *test)
{
	struct sluice_limit lim = {
		.rate = KBIT(1000), .burst_rate = KBIT(2000), .burst_threshold = KBIT(1500),
		.burst_time_ns = 8 * NSEC_PER_SEC,
	};
	struct sluice_tb tb;
	u64 t = 0, got;

	sluice_tb_init(&tb, &lim, t);
	got = bps(send_for(&tb, &t, 5 * NSEC_PER_SEC, 1000), 5 * NSEC_PER_SEC);
	KUNIT_EXPECT_GE(test, got, 1950000ULL);
	KUNIT_EXPECT_LE(test, got, 2050000ULL);
	KUNIT_EXPECT_EQ(test, sluice_tb_rate_now(&tb, t), lim.burst_rate);
	send_for(&tb, &t, 1500 * NSEC_PER_MSEC, 1000);
	KUNIT_EXPECT_EQ(test, sluice_tb_rate_now(&tb, t), lim.rate);
	/* a busy second just after: the rate, the average still above the threshold */
	got = bps(send_for(&tb, &t, NSEC_PER_SEC, 1000), NSEC_PER_SEC);
	KUNIT_EXPECT_LE(test, got, 1100000ULL);
}

/* Under constant demand burst comes back whenever the average falls below the threshold. */
static void tb_burst_long_run_test(struct kunit *test)
{
	struct sluice_limit lim = {
		.rate = KBIT(1000), .burst_rate = KBIT(2000), .burst_threshold = KBIT(1500),
		.burst_time_ns = 8 * NSEC_PER_SEC,
	};
	struct sluice_tb tb;
	u64 t = 0, got;

	sluice_tb_init(&tb, &lim, t);
	send_for(&tb, &t, 20 * NSEC_PER_SEC, 1000);
	got = bps(send_for(&tb, &t, 120 * NSEC_PER_SEC, 1000), 120 * NSEC_PER_SEC);
	KUNIT_EXPECT_GE(test, got, 1300000ULL);
	KUNIT_EXPECT_LE(test, got, 1600000ULL);
}

/* A CoA's new rate takes hold at once, without a credit from the old one. */
static void tb_new_limit_test(struct kunit *test)
{
	struct sluice_limit fast = { .rate = KBIT(4000) }, slow = { .rate = KBIT(500) };
	struct sluice_tb tb;
	u64 t = 0, got;

	sluice_tb_init(&tb, &fast, t);
	send_for(&tb, &t, NSEC_PER_SEC, 1500);
	sluice_tb_set_limit(&tb, &slow, t);
	got = bps(send_for(&tb, &t, 4 * NSEC_PER_SEC, 1500), 4 * NSEC_PER_SEC);
	KUNIT_EXPECT_GE(test, got, 490000ULL);
	KUNIT_EXPECT_LE(test, got, 515000ULL);
	KUNIT_EXPECT_EQ(test, sluice_shaper_queue_limit(&slow), 32U * 1024);
	/* 100 ms of 1 Gbit/s would be 12.5 MB: capped */
	KUNIT_EXPECT_EQ(test, sluice_shaper_queue_limit(&(struct sluice_limit){
					.rate = KBIT(1000000) }), 4U * 1024 * 1024);
}

/* --- a real session's transmit with a limit */

struct sh_fixture {
	struct sluice_session *s;
	atomic_t wire;			/* packets that reached the "wire" */
	atomic_t order_errors;		/* a packet out of order */
	atomic_t next;			/* the tag the next packet should carry */
	u8 tag;				/* the tag sh_xmit gives the next one */
};

static struct sh_fixture *sh_f;		/* the ops have no context pointer */
static struct sluice_encap_ops sh_ops;

static struct rtable *sh_fake_route(struct sluice_session *s, __be32 *saddr)
{
	*saddr = 0;
	return (struct rtable *)&sh_ops;	/* never dereferenced: sh_send */
}

/* The wire: counts, and checks the tag each packet carries in its last byte. */
static void sh_send(struct sluice_session *s, struct sk_buff *skb, struct rtable *rt,
		    __be32 saddr)
{
	u8 tag = skb->data[skb->len - 1];

	if (tag != (u8)atomic_inc_return(&sh_f->next) - 1)
		atomic_inc(&sh_f->order_errors);
	atomic_inc(&sh_f->wire);
	consume_skb(skb);
}

static int sh_init(struct kunit *test)
{
	struct sluice_session_config cfg = {
		.ifname = "shkunit",
		.encap = SLUICE_ENCAP_PPTP,
		.key.pptp = { .peer_addr = htonl(0xc0000264), .call_id = 111 },
		.local_addr = htonl(0xc0000201),
		.peer_call_id = 98,
		.ppp_protocols = SLUICE_PPP_PROTO_IPV4,
	};
	struct sh_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sluice_sha1);	/* the module is initialised */
	rtnl_lock();
	f->s = sluice_session_create(&init_net, &cfg);
	rtnl_unlock();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f->s);
	test->priv = f;
	sh_f = f;
	sh_ops = *f->s->ops;
	sh_ops.route = sh_fake_route;
	sh_ops.send = sh_send;
	f->s->ops = &sh_ops;
	return 0;
}

static void sh_exit(struct kunit *test)
{
	struct sh_fixture *f = test->priv;

	/*
	 * sh_ops stays: it copies the real ops but for the wire, so a timer that fires before
	 * the destructor cancels it still sends to sh_send, and the end is the real one
	 */
	rtnl_lock();
	unregister_netdevice(f->s->dev);
	rtnl_unlock();		/* the destructor ran: the shapers are gone */
	sh_f = NULL;
}

static int sh_limit(struct sluice_session *s, u64 tx_bytes_per_s)
{
	struct sluice_limit lim[SLUICE_DIRS] = { [SLUICE_DIR_TX] = { .rate = tx_bytes_per_s } };
	int err;

	rtnl_lock();
	err = sluice_session_set_limits(s, lim);
	rtnl_unlock();
	return err;
}

/* n IPv4 packets of 1000 bytes into the device's transmit, tagged in order. */
static void sh_xmit(struct kunit *test, struct sluice_session *s, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct sk_buff *skb = alloc_skb(1200, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, skb);
		skb_reserve(skb, 100);
		((u8 *)skb_put_zero(skb, 1000))[999] = sh_f->tag++;
		skb->protocol = htons(ETH_P_IP);
		skb->dev = s->dev;
		local_bh_disable();
		s->dev->netdev_ops->ndo_start_xmit(skb, s->dev);
		local_bh_enable();
	}
}

static s64 sh_drops(struct sluice_session *s, enum sluice_drop why)
{
	return atomic64_read(&s->drops.n[why]);
}

/* Waits up to ms for the wire to reach n packets; what it reached. */
static int sh_wait_wire(int n, unsigned int ms)
{
	while (atomic_read(&sh_f->wire) < n && ms) {
		msleep(20);
		ms = ms > 20 ? ms - 20 : 0;
	}
	return atomic_read(&sh_f->wire);
}

/* 80 kbit/s (10 KB/s, a 3000-byte bucket): 3 pass, 17 wait, all leave in order in ~1.7 s. */
static void sh_queue_drains_test(struct kunit *test)
{
	struct sh_fixture *f = test->priv;

	KUNIT_ASSERT_EQ(test, sh_limit(f->s, 10000), 0);
	sh_xmit(test, f->s, 20);
	/* three on the bucket, perhaps one more if the timer ran (a byte's wait) meanwhile */
	KUNIT_EXPECT_GE(test, atomic_read(&f->wire), 3);
	KUNIT_EXPECT_LE(test, atomic_read(&f->wire), 4);
	msleep(500);
	KUNIT_EXPECT_LT(test, atomic_read(&f->wire), 12);	/* 5 more in 0.5 s, not all */
	KUNIT_EXPECT_EQ(test, sh_wait_wire(20, 5000), 20);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->order_errors), 0);
	KUNIT_EXPECT_EQ(test, sh_drops(f->s, SLUICE_DROP_RATE_TX), 0);
}

/* Beyond the queue (32 KB here) packets are dropped and counted; lifting the limit sends the rest. */
static void sh_overflow_and_lift_test(struct kunit *test)
{
	struct sh_fixture *f = test->priv;

	s64 dropped;

	KUNIT_ASSERT_EQ(test, sh_limit(f->s, 10000), 0);
	sh_xmit(test, f->s, 60);
	/* 3 passed (or 4, as above), 32 queued (32 KB), the rest dropped */
	dropped = sh_drops(f->s, SLUICE_DROP_RATE_TX);
	KUNIT_EXPECT_GE(test, dropped, 60 - 4 - 32);
	KUNIT_EXPECT_LE(test, dropped, 60 - 3 - 32);
	KUNIT_ASSERT_EQ(test, sh_limit(f->s, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->wire), 60 - dropped);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(f->s->shaper[SLUICE_DIR_TX]));
	sh_xmit(test, f->s, 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->wire), 65 - dropped);
}

/* A new rate on a shaper with packets waiting: they stay queued and leave at the new rate. */
static void sh_new_rate_keeps_queue_test(struct kunit *test)
{
	struct sh_fixture *f = test->priv;

	KUNIT_ASSERT_EQ(test, sh_limit(f->s, 1000), 0);		/* 1 KB/s: a packet a second */
	sh_xmit(test, f->s, 10);
	KUNIT_EXPECT_LE(test, atomic_read(&f->wire), 4);
	KUNIT_ASSERT_EQ(test, sh_limit(f->s, 100000), 0);	/* 100 KB/s */
	KUNIT_EXPECT_EQ(test, sh_wait_wire(10, 2000), 10);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->order_errors), 0);
}

/* The session ends with packets waiting and the timer armed: freed, nothing sent after. */
static void sh_end_with_queue_test(struct kunit *test)
{
	struct sh_fixture *f = test->priv;

	KUNIT_ASSERT_EQ(test, sh_limit(f->s, 1000), 0);
	sh_xmit(test, f->s, 10);
	KUNIT_EXPECT_LE(test, atomic_read(&f->wire), 4);
	/* sh_exit unregisters it; the destructor cancels the timer and drops the queue */
}

static struct kunit_case shaper_test_cases[] = {
	KUNIT_CASE(tb_steady_rate_test),
	KUNIT_CASE(tb_idle_refill_test),
	KUNIT_CASE(tb_burst_from_idle_test),
	KUNIT_CASE(tb_burst_long_run_test),
	KUNIT_CASE(tb_new_limit_test),
	{}
};

static struct kunit_suite shaper_test_suite = {
	.name = "sluice_shaper",
	.test_cases = shaper_test_cases,
};

static struct kunit_case shaper_session_test_cases[] = {
	KUNIT_CASE(sh_queue_drains_test),
	KUNIT_CASE(sh_overflow_and_lift_test),
	KUNIT_CASE(sh_new_rate_keeps_queue_test),
	KUNIT_CASE(sh_end_with_queue_test),
	{}
};

static struct kunit_suite shaper_session_test_suite = {
	.name = "sluice_shaper_session",
	.init = sh_init,
	.exit = sh_exit,
	.test_cases = shaper_session_test_cases,
};

kunit_test_suites(&shaper_test_suite, &shaper_session_test_suite);
