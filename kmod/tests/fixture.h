/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the receive-path KUnit suites share (fixture.c): a real L2TP session on a real UDP
 * socket in init_net, and packets built as the IP layer hands them to a protocol handler.
 */
#ifndef _SLUICE_TEST_FIXTURE_H
#define _SLUICE_TEST_FIXTURE_H

#include <kunit/test.h>
#include <linux/types.h>

struct socket;
struct sk_buff;
struct sluice_session;
struct sluice_session_config;

struct sluice_test_l2tp {
	struct socket *sock;
	struct sluice_session *s;
};

/* A UDP socket bound to port (any address) carrying one session made from cfg. */
void sluice_test_l2tp_up(struct kunit *test, struct sluice_test_l2tp *t,
			 struct sluice_session_config *cfg, u16 port);
/* Its session (if still there) and its socket gone. */
void sluice_test_l2tp_down(struct sluice_test_l2tp *t);
/*
 * len bytes of l4 behind an IPv4 header (protocol proto, from saddr, host order), data at
 * the transport header, on the loopback device, addressed to this host.
 */
struct sk_buff *sluice_test_ip_skb(struct kunit *test, u8 proto, u32 saddr, const void *l4,
				   unsigned int len);
/* A UDP datagram with len bytes of payload, as UDP hands it to encap_rcv. */
struct sk_buff *sluice_test_udp_skb(struct kunit *test, u32 saddr, u16 sport, u16 dport,
				    const void *payload, unsigned int len);

/*
 * skb with all but its first head bytes (from data on) moved into a page fragment, as a NIC
 * that splits headers from payload hands a packet up.
 */
struct sk_buff *sluice_test_paged(struct kunit *test, struct sk_buff *skb, unsigned int head);

#endif /* _SLUICE_TEST_FIXTURE_H */
