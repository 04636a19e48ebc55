/* SPDX-License-Identifier: GPL-2.0 */
/* L2TPv2 data over the daemon's UDP socket (l2tp.c). */
#ifndef _SLUICE_L2TP_H
#define _SLUICE_L2TP_H

#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct net;
struct sk_buff;
struct sluice_encap_ops;
struct sock;
struct socket;

struct sluice_l2tp_key {
	u16 tunnel_id, session_id;	/* ours: the ones the peer puts in its data messages */
	u32 zero;
};

/*
 * The daemon's UDP socket while it carries sessions (l2tp.c): its sk_user_data, and the
 * sessions' way to send. Counted: the attachment, each session, and a pending close.
 */
struct sluice_l2tp_sock {
	struct sock *sk;		/* held */
	refcount_t ref;
	unsigned int sessions;		/* RTNL: detached from the socket at 0 */
	bool attached;			/* RTNL */
	struct work_struct close_work;	/* the socket was closed: delete its sessions */
	struct rcu_head rcu;
};

struct sluice_l2tp_peer {
	struct sluice_l2tp_sock *us;
	__be32 peer_addr;
	__be16 peer_port;
	u16 peer_tunnel_id, peer_session_id;
	u32 flags;			/* SLUICE_L2TP_F_* */
	u32 mark;			/* the IPsec SA's (SLUICE_L2TP_A_MARK); 0: none */
	u16 tx_ns;			/* under the tx lock */
};

/* l2tp.c APIs: */
extern const struct sluice_encap_ops sluice_l2tp_ops;
/* under RTNL: the socket made ours, with a reference for the caller (NEW_SESSION, KUnit) */
struct sluice_l2tp_sock *sluice_l2tp_sock_attach_sock(struct net *net, struct socket *sock,
						      const char **why, int *err);
void sluice_l2tp_sock_release(struct sluice_l2tp_sock *us);
int sluice_l2tp_encap_rcv(struct sock *sk, struct sk_buff *skb);

#endif /* _SLUICE_L2TP_H */
