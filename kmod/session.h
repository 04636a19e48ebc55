/* SPDX-License-Identifier: GPL-2.0 */
/* Sessions (session.c): the object every file works on, its creation and its lookup. */
#ifndef _SLUICE_SESSION_H
#define _SLUICE_SESSION_H

#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/spinlock.h>
#include <net/dst_cache.h>
#include "encap.h"
#include "l2tp.h"
#include "mppe.h"
#include "pppoe.h"
#include "pptp.h"
#include "seqwin.h"
#include "shaper.h"
#include "stats.h"

struct net;
struct sluice_net;

/* A session is in its encapsulation's hash by its key; every key is 8 bytes. */
union sluice_session_key {
	struct sluice_pptp_key pptp;
	struct sluice_l2tp_key l2tp;
	struct sluice_pppoe_key pppoe;
};

/*
 * A session lives in its net_device's private area: it is created with the device and freed
 * with it. The receive path finds it through the namespace's hash under RCU; the device's
 * unregistration removes it from the hash (ndo_uninit) before an RCU grace period ends its
 * life. Receive state and transmit state each have their own lock, so a session's two
 * directions, and all sessions, run in parallel.
 *
 * A pending session (API 5) has its net_device allocated but not registered: no sysfs, no
 * notifiers, no inet/inet6 state, no ifindex, a few KB. It is hashed and passes control
 * frames; its data is dropped until it is attached (registered). It goes without the
 * device's unregistration: unhashed under RTNL, freed after a grace period from a work item.
 */
struct sluice_session {
	struct rhash_head node;
	struct list_head list;
	struct net_device *dev;
	struct net *net;
	u32 id;				/* the namespace's name for it (sn->ids), never 0 */
	u64 serial;			/* creation order, for dump cursors */
	bool attached;			/* its device is registered: data flows */
	struct list_head kill_node;	/* on a sluice_kill's pending list (RTNL) */
	struct rcu_work free_work;	/* a pending session's end */
	const struct sluice_encap_ops *ops;	/* its encapsulation, the only user of: */
	union sluice_session_key key;
	__be32 local_addr;
	union {
		u16 peer_call_id;		/* PPTP */
		struct sluice_l2tp_peer l2tp;	/* L2TP */
		int pppoe_ifindex;		/* PPPoE: the device, looked up at each send */
	};
	u32 ppp_flags;			/* SLUICE_PPP_F_* */
	u32 ppp_protocols;		/* SLUICE_PPP_PROTO_*: what is carried either way */
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
	u64 ctrl_tokens;		/* control frames sluiced may still get, in 1/HZ (rx.c) */
	unsigned long ctrl_stamp;	/* jiffies of their last refill */

	spinlock_t tx_lock;
	int tx_owner;			/* CPU + 1 holding tx_lock, 0: none (loop detection) */
	u32 tx_seq;
	struct sluice_mppe_dir *tx_mppe;
	struct sluice_dir_stats tx_stats;
	struct dst_cache dst_cache;

	atomic_t ccp_reset_id;
	struct sluice_drops drops;
	/* rate limits (shaper.c), NULL: none that way; RCU readers, RTNL writers */
	struct sluice_shaper __rcu *shaper[SLUICE_DIRS];
	struct sluice_session_gro gro;	/* GRO once busy (gro.c) */
};

/* session.c APIs: */
struct sluice_session_config {
	const char *ifname;
	u32 mtu;
	enum sluice_encap encap;
	union sluice_session_key key;	/* and the rest of this block: the encapsulation's */
	__be32 local_addr;
	union {
		u16 peer_call_id;		/* PPTP */
		int pppoe_ifindex;		/* PPPoE */
		struct {			/* L2TP */
			struct sluice_l2tp_peer l2tp;	/* us: the caller's, not taken over */
			int l2tp_fd;		/* from netlink, until l2tp.us is attached */
		};
	};
	u32 ppp_flags;
	u32 ppp_protocols;
	u16 mru;
	bool has_mppe;
	bool pending;			/* no device until sluice_session_attach() */
	bool has_limits;		/* SET_SESSION: limits[] replaces both directions' */
	struct sluice_limit limits[SLUICE_DIRS];
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
struct sluice_session *sluice_session_by_id_rcu(struct net *net, u32 id);
int sluice_session_attach(struct sluice_session *s, const char *ifname, bool *gone);
void sluice_session_unhash(struct sluice_session *s);
void sluice_session_free_state(struct sluice_session *s);
void sluice_session_destroy(struct sluice_session *s);

/*
 * Ending sessions in a batch, under RTNL: queue each, then end them all with one grace
 * period (attached ones through unregister_netdevice_many, pending ones unhashed and freed
 * after it without blocking).
 */
struct sluice_kill {
	struct list_head devs;		/* registered devices, for unregister_netdevice_many */
	struct list_head pending;	/* pending sessions, by kill_node */
};
void sluice_kill_init(struct sluice_kill *k);
void sluice_kill_queue(struct sluice_kill *k, struct sluice_session *s);
void sluice_kill_many(struct sluice_kill *k);
void sluice_kill_net(struct sluice_kill *k, struct net *net);

#endif /* _SLUICE_SESSION_H */
