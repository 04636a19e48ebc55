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
#include "encap.h"
#include "l2tp.h"
#include "mppe.h"
#include "pptp.h"
#include "seqwin.h"
#include "stats.h"
#include "uapi/sluice.h"

/* Per network namespace: sessions belong to the namespace that created them. */
struct sluice_net {
	/* each encapsulation's sessions by key, for its receive path: only its ops use its
	 * own (sluice_session_*_key); RCU readers, RTNL writers */
	struct rhashtable by_key[SLUICE_ENCAP_COUNT];
	struct list_head list;		/* every session, in creation order; RTNL */
	unsigned int count;		/* RTNL */
	unsigned int generation;	/* bumped on every change, for dump consistency; RTNL */
	struct sluice_drops drops;	/* before a session is known */
};

/* A session is in its encapsulation's hash by its key; every key is 8 bytes. */
union sluice_session_key {
	struct sluice_pptp_key pptp;
	struct sluice_l2tp_key l2tp;
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
	const struct sluice_encap_ops *ops;	/* its encapsulation, the only user of: */
	union sluice_session_key key;
	__be32 local_addr;
	union {
		u16 peer_call_id;		/* PPTP */
		struct sluice_l2tp_peer l2tp;	/* L2TP */
	};
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

/* What the shared receive path decided about one packet (rx.c). */
enum sluice_rx_action { SLUICE_RX_DROP, SLUICE_RX_DROP_RESYNC, SLUICE_RX_DELIVER,
			SLUICE_RX_CONTROL, SLUICE_RX_CONSUMED };

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
	union sluice_session_key key;	/* and the rest of this block: the encapsulation's */
	__be32 local_addr;
	union {
		u16 peer_call_id;		/* PPTP */
		struct {			/* L2TP */
			struct sluice_l2tp_peer l2tp;	/* us: the caller's, not taken over */
			int l2tp_fd;		/* from netlink, until l2tp.us is attached */
		};
	};
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
/* the lookup by key that an encapsulation's ops may use (sn->by_key[its id]) */
struct sluice_session *sluice_session_lookup_key_rcu(struct sluice_net *sn,
						     enum sluice_encap encap,
						     const union sluice_session_key *key);
int sluice_session_hash_key(struct sluice_session *s);
void sluice_session_unhash_key(struct sluice_session *s);
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

#endif /* _SLUICE_H */
