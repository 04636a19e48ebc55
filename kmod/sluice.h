/* SPDX-License-Identifier: GPL-2.0 */
/* Module-wide state, the session object, and the APIs each file offers the others. */
#ifndef _SLUICE_H
#define _SLUICE_H

#include <linux/atomic.h>
#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <linux/rhashtable.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "mppe.h"
#include "seqwin.h"
#include "stats.h"
#include "uapi/sluice.h"

struct rtable;
struct sluice_encap_ops;

/* Per network namespace: sessions belong to the namespace that created them. */
struct sluice_net {
	struct rhashtable sessions;	/* PPTP, by (peer address, local call id); RCU readers */
	struct rhashtable l2tp_sessions;	/* L2TP, by (our tunnel id, our session id) */
	struct list_head list;		/* every session, in creation order; RTNL */
	unsigned int count;		/* RTNL */
	unsigned int generation;	/* bumped on every change, for dump consistency; RTNL */
	struct sluice_drops drops;	/* before a session is known */
};

struct sluice_pptp_key {
	__be32 peer_addr;
	u16 call_id;			/* ours: the one the peer puts in its GRE key */
	u16 zero;			/* keys are compared as bytes */
};

struct sluice_l2tp_key {
	u16 tunnel_id, session_id;	/* ours: the ones the peer puts in its data messages */
	u32 zero;
};

/* A session is in one hash, by its encapsulation's key; both keys are 8 bytes. */
union sluice_session_key {
	struct sluice_pptp_key pptp;
	struct sluice_l2tp_key l2tp;
};

enum sluice_encap { SLUICE_ENCAP_PPTP, SLUICE_ENCAP_L2TP };

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
	u16 tx_ns;			/* under the tx lock */
};

/*
 * A session lives in its net_device's private area: it is created with the device and freed
 * with it. The receive path finds it through the namespace's hash under RCU; the device's
 * unregistration removes it from the hash (ndo_uninit) before an RCU grace period ends its
 * life. Receive state and transmit state each have their own lock, so a session's two
 * directions, and all sessions, run in parallel.
 */
struct sluice_session {
	struct rhash_head node;
	struct list_head list;
	struct net_device *dev;
	struct net *net;
	enum sluice_encap encap;
	const struct sluice_encap_ops *ops;
	union sluice_session_key key;
	__be32 local_addr;
	u16 peer_call_id;		/* PPTP */
	struct sluice_l2tp_peer l2tp;	/* L2TP */
	u32 ppp_flags;			/* SLUICE_PPP_F_* */
	u16 mru;
	u32 mppe_flags;			/* as configured, for reporting */
	u8 mppe_bits;			/* 0: no MPPE */

	spinlock_t rx_lock;
	struct sluice_seqwin rx_win;
	struct sluice_mppe_dir *rx_mppe;
	struct sluice_dir_stats rx_stats;
	unsigned long last_rx;		/* jiffies, for keepalive and idle timeout */
	unsigned long reset_sent;	/* jiffies of our last CCP Reset-Request */
	u32 ack_pending;		/* received sequence number to acknowledge */
	bool ack_due;

	spinlock_t tx_lock;
	int tx_owner;			/* CPU + 1 holding tx_lock, 0: none (loop detection) */
	u32 tx_seq;
	struct sluice_mppe_dir *tx_mppe;
	struct sluice_dir_stats tx_stats;
	struct dst_cache dst_cache;

	atomic_t ccp_reset_id;
	struct sluice_drops drops;
};

/* What differs between encapsulations on transmit; both run under the session's tx lock. */
struct sluice_encap_ops {
	/* A route to the peer (held), its source in *saddr; NULL: none. */
	struct rtable *(*route)(struct sluice_session *s, __be32 *saddr);
	/* Adds the encapsulation in front of the PPP frame at skb->data and sends it. */
	void (*send)(struct sluice_session *s, struct sk_buff *skb, struct rtable *rt,
		     __be32 saddr);
	unsigned int headroom;		/* bytes send() adds below IP */
};

/* What the shared receive path decided about one packet (rx.c). */
enum sluice_rx_action { SLUICE_RX_DROP, SLUICE_RX_DROP_RESYNC, SLUICE_RX_DELIVER,
			SLUICE_RX_CONTROL, SLUICE_RX_CONSUMED };

/* The most any encapsulation adds below IP: UDP + the L2TP header (GRE's max is 16). */
#define SLUICE_ENCAP_HDR_MAX 22

extern unsigned int sluice_net_id;
extern struct workqueue_struct *sluice_wq;
extern struct crypto_shash *sluice_sha1;

static inline struct sluice_net *sluice_net(const struct net *net)
{
	return net_generic(net, sluice_net_id);
}

/* netlink.c APIs: */
int sluice_genl_init(void);
void sluice_genl_uninit(void);
void sluice_genl_ctrl_frame(struct sluice_session *s, struct sk_buff *skb, u16 proto);

/* session.c APIs: */
struct sluice_session_config {
	const char *ifname;
	u32 mtu;
	enum sluice_encap encap;
	union sluice_session_key key;
	__be32 local_addr;
	u16 peer_call_id;
	struct sluice_l2tp_peer l2tp;	/* us: the caller's reference, not taken over */
	u32 ppp_flags;
	u16 mru;
	bool has_mppe;
	u32 mppe_bits, mppe_flags;
	u8 send_key[SLUICE_MPPE_KEY_LEN], recv_key[SLUICE_MPPE_KEY_LEN];
};
int sluice_net_init_sessions(struct sluice_net *sn);
void sluice_net_destroy_sessions(struct sluice_net *sn);
struct sluice_session *sluice_session_create(struct net *net,
					     const struct sluice_session_config *cfg);
int sluice_session_set_mppe(struct sluice_session *s, const struct sluice_session_config *cfg);
struct sluice_session *sluice_session_lookup_rcu(struct sluice_net *sn,
						 const struct sluice_pptp_key *key);
struct sluice_session *sluice_l2tp_session_lookup_rcu(struct sluice_net *sn,
						      const struct sluice_l2tp_key *key);
struct sluice_session *sluice_session_by_dev(struct net_device *dev);
void sluice_session_unhash(struct sluice_session *s);
void sluice_session_free_state(struct sluice_session *s);

/* device.c APIs: */
extern struct rtnl_link_ops sluice_link_ops;
struct net_device *sluice_device_alloc(const char *ifname, u32 mtu);
void sluice_device_rx(struct sluice_session *s, struct sk_buff *skb, __be16 proto);

/* rx.c and tx.c APIs: what every encapsulation shares (PPP framing, MPPE, counting). */
enum sluice_rx_action sluice_rx_ppp_locked(struct sluice_session *s, struct sk_buff *skb,
					   u16 *proto, enum sluice_drop *why);
int sluice_rx_finish(struct sluice_session *s, struct sk_buff *skb,
		     enum sluice_rx_action action, u16 proto, enum sluice_drop why);
int sluice_xmit(struct sluice_session *s, struct sk_buff *skb, u16 ppp_proto);
int sluice_xmit_ctrl(struct sluice_session *s, const u8 *frame, unsigned int len, gfp_t gfp);

/* pptp.c APIs: */
extern const struct sluice_encap_ops sluice_pptp_ops;
int sluice_pptp_init(void);
void sluice_pptp_uninit(void);
int sluice_pptp_rcv(struct sk_buff *skb);

/* l2tp.c APIs: */
extern const struct sluice_encap_ops sluice_l2tp_ops;
struct sluice_l2tp_sock *sluice_l2tp_sock_attach(struct net *net, int fd, const char **why,
						 int *err);
struct sluice_l2tp_sock *sluice_l2tp_sock_attach_sock(struct net *net, struct socket *sock,
						      const char **why, int *err);
void sluice_l2tp_sock_release(struct sluice_l2tp_sock *us);
void sluice_l2tp_sock_release_if_idle(struct sluice_l2tp_sock *us);
void sluice_l2tp_sock_put(struct sluice_l2tp_sock *us);
int sluice_l2tp_encap_rcv(struct sock *sk, struct sk_buff *skb);

#endif /* _SLUICE_H */
