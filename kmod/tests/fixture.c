// SPDX-License-Identifier: GPL-2.0
/* What the receive-path KUnit suites share: see fixture.h. */
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

void sluice_test_l2tp_up(struct kunit *test, struct sluice_test_l2tp *t,
			 struct sluice_session_config *cfg, u16 port)
{
	/* any address: UML's loopback may not be up when the tests run */
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY),
				   .sin_port = htons(port) };
	const char *why = NULL;
	int err;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sluice_sha1);	/* the module is initialised */
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
					       &t->sock), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(t->sock, (struct sockaddr *)&sin, sizeof(sin)), 0);
	rtnl_lock();
	cfg->l2tp.us = sluice_l2tp_sock_attach_sock(&init_net, t->sock, &why, &err);
	if (cfg->l2tp.us) {
		t->s = sluice_session_create(&init_net, cfg);
		sluice_l2tp_sock_release(cfg->l2tp.us);
	}
	rtnl_unlock();
	KUNIT_ASSERT_NOT_NULL(test, cfg->l2tp.us);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->s);
}

void sluice_test_l2tp_down(struct sluice_test_l2tp *t)
{
	struct sluice_kill kill;

	if (!IS_ERR_OR_NULL(t->s)) {
		sluice_kill_init(&kill);
		rtnl_lock();
		sluice_kill_queue(&kill, t->s);
		sluice_kill_many(&kill);
		rtnl_unlock();
		rcu_barrier();			/* a pending session's free is queued after RCU */
		flush_workqueue(sluice_wq);
	}
	t->s = NULL;
	if (t->sock)
		sock_release(t->sock);
	t->sock = NULL;
}

struct sk_buff *sluice_test_ip_skb(struct kunit *test, u8 proto, u32 saddr, const void *l4,
				   unsigned int len)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + sizeof(struct iphdr) + len, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = proto;
	iph->saddr = htonl(saddr);
	iph->daddr = htonl(INADDR_LOOPBACK);
	iph->tot_len = htons(sizeof(*iph) + len);
	skb_pull(skb, sizeof(*iph));
	skb_reset_transport_header(skb);
	skb_put_data(skb, l4, len);
	skb->dev = init_net.loopback_dev;
	skb->pkt_type = PACKET_HOST;
	return skb;
}

struct sk_buff *sluice_test_udp_skb(struct kunit *test, u32 saddr, u16 sport, u16 dport,
				    const void *payload, unsigned int len)
{
	unsigned int ulen = sizeof(struct udphdr) + len;
	struct udphdr *uh = kunit_kzalloc(test, ulen, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, uh);
	uh->source = htons(sport);
	uh->dest = htons(dport);
	uh->len = htons(ulen);
	memcpy(uh + 1, payload, len);
	return sluice_test_ip_skb(test, IPPROTO_UDP, saddr, uh, ulen);
}

struct sk_buff *sluice_test_paged(struct kunit *test, struct sk_buff *skb, unsigned int head)
{
	unsigned int rest = skb->len - head;
	struct page *page;

	if (!rest)
		return skb;
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	memcpy(page_address(page), skb->data + head, rest);
	skb_trim(skb, head);
	skb_fill_page_desc(skb, 0, page, 0, rest);
	skb->len += rest;
	skb->data_len += rest;
	skb->truesize += PAGE_SIZE;
	return skb;
}
