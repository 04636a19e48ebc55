// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: L2TP datagrams through the real receive function (sluice_l2tp_encap_rcv) of a real
 * UDP socket in init_net carrying one real session: control messages are left to the socket,
 * each malformed or misdirected data message is dropped under its own reason, a good one
 * reaches the session, aggregated (GSO) ones are dropped, a session with an IPsec SA's mark
 * takes only what carries it; a socket with UDP_GRO on is refused;
 * and the socket goes back to plain UDP with its last session.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/ip.h>
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
#define OUR_TUNNEL 0x1234
#define OUR_SESSION 0x0056

enum want { LEFT_TO_SOCKET, DROPPED_MODULE, DROPPED_SESSION, TO_SESSION };

struct rx_case {
	const char *name;
	u8 l2tp[24];
	unsigned int len;
	u32 saddr;
	u16 sport;
	enum want want;
	enum sluice_drop counter;	/* DROPPED_*: which one */
	unsigned int gso_type;		/* non-zero: handed over as an aggregated (GSO) skb */
};

#define IDS 0x12, 0x34, 0x00, 0x56	/* OUR_TUNNEL, OUR_SESSION */

static const struct rx_case rx_cases[] = {
	{ "control message (T=1)", { 0xc8, 0x02, 0x00, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0 }, 12,
	  PEER_ADDR, PEER_PORT, LEFT_TO_SOCKET },
	{ "control header alone, truncated", { 0xc8, 0x02 }, 2, PEER_ADDR, PEER_PORT,
	  LEFT_TO_SOCKET },
	{ "empty datagram", { 0 }, 0, PEER_ADDR, PEER_PORT, DROPPED_MODULE,
	  SLUICE_DROP_L2TP_TRUNCATED },
	{ "version 3", { 0x00, 0x03, IDS, 0xc0, 0x21 }, 8, PEER_ADDR, PEER_PORT, DROPPED_MODULE,
	  SLUICE_DROP_L2TP_VERSION },
	{ "length flag, no room for it", { 0x40, 0x02, 0x12 }, 3, PEER_ADDR, PEER_PORT,
	  DROPPED_MODULE, SLUICE_DROP_L2TP_TRUNCATED },
	{ "length past the datagram", { 0x40, 0x02, 0x00, 0x40, IDS, 0xc0, 0x21 }, 10, PEER_ADDR,
	  PEER_PORT, DROPPED_MODULE, SLUICE_DROP_L2TP_LENGTH },
	{ "offset padding past the end", { 0x02, 0x02, IDS, 0x00, 0x30, 0xc0, 0x21 }, 10,
	  PEER_ADDR, PEER_PORT, DROPPED_MODULE, SLUICE_DROP_L2TP_OFFSET },
	{ "unknown session", { 0x00, 0x02, 0x12, 0x34, 0x00, 0x57, 0xc0, 0x21, 1, 1, 0, 4 }, 12,
	  PEER_ADDR, PEER_PORT, DROPPED_MODULE, SLUICE_DROP_NO_SESSION },
	{ "our ids from another port", { 0x00, 0x02, IDS, 0xc0, 0x21, 1, 1, 0, 4 }, 12,
	  PEER_ADDR, 1702, DROPPED_MODULE, SLUICE_DROP_L2TP_PEER },
	{ "our ids from another address", { 0x00, 0x02, IDS, 0xc0, 0x21, 1, 1, 0, 4 }, 12,
	  PEER_ADDR + 1, PEER_PORT, DROPPED_MODULE, SLUICE_DROP_L2TP_PEER },
	{ "no PPP after the header", { 0x00, 0x02, IDS }, 6, PEER_ADDR, PEER_PORT,
	  DROPPED_SESSION, SLUICE_DROP_PPP_MALFORMED },
	{ "MPPE on a session without it", { 0x00, 0x02, IDS, 0x00, 0xfd, 0x90, 0x00, 0x11 }, 11,
	  PEER_ADDR, PEER_PORT, DROPPED_SESSION, SLUICE_DROP_PPP_UNEXPECTED },
	{ "LCP Echo-Request: to the session", { 0x00, 0x02, IDS, 0xff, 0x03, 0xc0, 0x21, 9, 1,
	  0, 8, 1, 2, 3, 4 }, 16, PEER_ADDR, PEER_PORT, TO_SESSION },
	{ "with length, sequence and offset: to the session",
	  { 0x4a, 0x02, 0x00, 0x16, IDS, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0xee, 0xee,
	    0xc0, 0x21, 9, 1, 0, 4 }, 22, PEER_ADDR, PEER_PORT, TO_SESSION },
	/* two messages in one, as GRO or a GSO packet through a veth would hand them over */
	{ "GSO (UDP tunnel) datagram", { 0x00, 0x02, IDS, 0xc0, 0x21, 9, 1, 0, 4,
	  0x00, 0x02, IDS, 0xc0, 0x21, 9, 2, 0, 4 }, 24, PEER_ADDR, PEER_PORT, DROPPED_MODULE,
	  SLUICE_DROP_L2TP_GSO, SKB_GSO_UDP_TUNNEL },
	{ "GSO (UDP L4) datagram", { 0x00, 0x02, IDS, 0xc0, 0x21, 9, 1, 0, 4,
	  0x00, 0x02, IDS, 0xc0, 0x21, 9, 2, 0, 4 }, 24, PEER_ADDR, PEER_PORT, DROPPED_MODULE,
	  SLUICE_DROP_L2TP_GSO, SKB_GSO_UDP_L4 },
};

static void rx_case_desc(const struct rx_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(l2tp_rx, rx_cases, rx_case_desc);

static int rx_init(struct kunit *test)
{
	struct sluice_session_config cfg = {
		.ifname = "l2tpkunit%d",
		.encap = SLUICE_ENCAP_L2TP,
		.key.l2tp = { .tunnel_id = OUR_TUNNEL, .session_id = OUR_SESSION },
		.l2tp = { .peer_addr = htonl(PEER_ADDR), .peer_port = htons(PEER_PORT),
			  .peer_tunnel_id = 7, .peer_session_id = 8 },
	};
	struct sluice_test_l2tp *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	sluice_test_l2tp_up(test, f, &cfg, 1701);
	return 0;
}

static void rx_exit(struct kunit *test)
{
	if (test->priv)
		sluice_test_l2tp_down(test->priv);
}

/* A datagram as UDP hands it to encap_rcv: IP and UDP headers behind, data at UDP. */
static struct sk_buff *udp_skb(struct kunit *test, const struct rx_case *c)
{
	struct sk_buff *skb = sluice_test_udp_skb(test, c->saddr, c->sport, 1701, c->l2tp,
						  c->len);

	if (c->gso_type) {
		skb_shinfo(skb)->gso_type = c->gso_type;
		skb_shinfo(skb)->gso_size = c->len / 2;
		skb_shinfo(skb)->gso_segs = 2;
	}
	return skb;
}

static u64 ctrl_frames(struct sluice_session *s)
{
	return u64_stats_read(&s->rx_stats.ctrl);
}

static void l2tp_rx_test(struct kunit *test)
{
	const struct rx_case *c = test->param_value;
	struct sluice_test_l2tp *f = test->priv;
	struct sluice_net *sn = sluice_net(&init_net);
	s64 module_before = 0, session_before = 0;
	struct sk_buff *skb = udp_skb(test, c);
	u64 ctrl_before = ctrl_frames(f->s);
	int ret;

	if (c->want == DROPPED_MODULE)
		module_before = atomic64_read(&sn->drops.n[c->counter]);
	if (c->want == DROPPED_SESSION)
		session_before = atomic64_read(&f->s->drops.n[c->counter]);
	rcu_read_lock();	/* as UDP calls it */
	ret = sluice_l2tp_encap_rcv(f->sock->sk, skb);
	rcu_read_unlock();
	if (c->want == LEFT_TO_SOCKET) {
		KUNIT_EXPECT_GT(test, ret, 0);
		kfree_skb(skb);		/* UDP's to deliver, so ours to free here */
		return;
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	if (c->want == DROPPED_MODULE)
		KUNIT_EXPECT_EQ(test, atomic64_read(&sn->drops.n[c->counter]), module_before + 1);
	if (c->want == DROPPED_SESSION)
		KUNIT_EXPECT_EQ(test, atomic64_read(&f->s->drops.n[c->counter]), session_before + 1);
	if (c->want == TO_SESSION)
		KUNIT_EXPECT_EQ(test, ctrl_frames(f->s), ctrl_before + 1);
	else
		KUNIT_EXPECT_EQ(test, ctrl_frames(f->s), ctrl_before);
}

/* L2TP/IPsec behind one NAT: a session with its SA's mark takes only what that SA marked. */
static void l2tp_mark_test(struct kunit *test)
{
	static const u8 echo[] = { 0x00, 0x02, IDS, 0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8,
				   1, 2, 3, 4 };
	struct sluice_test_l2tp *f = test->priv;
	struct sluice_net *sn = sluice_net(&init_net);
	s64 peer_drops = atomic64_read(&sn->drops.n[SLUICE_DROP_L2TP_PEER]);
	u64 ctrl_before = ctrl_frames(f->s);
	u32 marks[] = { 0, 8, 7 };	/* plain, another SA's, its own */
	unsigned int i;

	f->s->l2tp.mark = 7;	/* as SLUICE_L2TP_A_MARK sets it at creation */
	for (i = 0; i < ARRAY_SIZE(marks); i++) {
		struct sk_buff *skb = sluice_test_udp_skb(test, PEER_ADDR, PEER_PORT, 1701, echo,
							  sizeof(echo));

		skb->mark = marks[i];
		rcu_read_lock();
		KUNIT_EXPECT_EQ(test, sluice_l2tp_encap_rcv(f->sock->sk, skb), 0);
		rcu_read_unlock();
	}
	KUNIT_EXPECT_EQ(test, atomic64_read(&sn->drops.n[SLUICE_DROP_L2TP_PEER]), peer_drops + 2);
	KUNIT_EXPECT_EQ(test, ctrl_frames(f->s), ctrl_before + 1);
}

/* The socket is ours while it carries a session and plain UDP again after the last one. */
static void l2tp_detach_test(struct kunit *test)
{
	struct sluice_test_l2tp *f = test->priv;
	struct sock *sk = f->sock->sk;

	KUNIT_EXPECT_TRUE(test, READ_ONCE(udp_sk(sk)->encap_rcv) == sluice_l2tp_encap_rcv);
	KUNIT_EXPECT_NOT_NULL(test, rcu_access_pointer(sk->sk_user_data));
	rtnl_lock();
	unregister_netdevice(f->s->dev);
	rtnl_unlock();
	f->s = NULL;
	KUNIT_EXPECT_NULL(test, READ_ONCE(udp_sk(sk)->encap_rcv));
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(sk->sk_user_data));
	KUNIT_EXPECT_EQ(test, READ_ONCE(udp_sk(sk)->encap_type), 0);
}

/* A socket that asked for aggregated datagrams (UDP_GRO) is refused, not misread. */
static void l2tp_gro_refused_test(struct kunit *test)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
	struct sluice_l2tp_sock *us;
	const char *why = NULL;
	struct socket *sock;
	int one = 1, err = 0;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
					       &sock), 0);
	KUNIT_EXPECT_EQ(test, kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin)), 0);
	KUNIT_EXPECT_EQ(test, sock->ops->setsockopt(sock, SOL_UDP, UDP_GRO, KERNEL_SOCKPTR(&one),
						    sizeof(one)), 0);
	rtnl_lock();
	us = sluice_l2tp_sock_attach_sock(&init_net, sock, &why, &err);
	if (us)
		sluice_l2tp_sock_release(us);
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, us);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_NULL(test, READ_ONCE(udp_sk(sock->sk)->encap_rcv));
	sock_release(sock);
}

static struct kunit_case l2tp_rx_test_cases[] = {
	KUNIT_CASE_PARAM(l2tp_rx_test, l2tp_rx_gen_params),
	KUNIT_CASE(l2tp_mark_test),
	KUNIT_CASE(l2tp_gro_refused_test),
	KUNIT_CASE(l2tp_detach_test),
	{}
};

static struct kunit_suite l2tp_rx_test_suite = {
	.name = "sluice_l2tp_rx",
	.init = rx_init,
	.exit = rx_exit,
	.test_cases = l2tp_rx_test_cases,
};

kunit_test_suite(l2tp_rx_test_suite);
