// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions: creation (under RTNL, from netlink), the per-namespace hashes by key that the
 * encapsulations' receive paths search under RCU, and the state that is freed with the
 * device. What differs between encapsulations is left to the session's ops.
 */
#include <linux/slab.h>
#include <linux/rtnetlink.h>
#include "sluice.h"

/* Every hash: a session's key is 8 bytes whatever its encapsulation (padding zeroed). */
static const struct rhashtable_params session_params = {
	.key_len = sizeof(union sluice_session_key),
	.key_offset = offsetof(struct sluice_session, key),
	.head_offset = offsetof(struct sluice_session, node),
	.automatic_shrinking = true,
};

static_assert(sizeof(struct sluice_pptp_key) == sizeof(union sluice_session_key));
static_assert(sizeof(struct sluice_l2tp_key) == sizeof(union sluice_session_key));
static_assert(sizeof(struct sluice_pppoe_key) == sizeof(union sluice_session_key));

int sluice_net_init_sessions(struct sluice_net *sn)
{
	unsigned int i;
	int err;

	INIT_LIST_HEAD(&sn->list);
	xa_init_flags(&sn->ids, XA_FLAGS_ALLOC1);
	for (i = 0; i < SLUICE_ENCAP_COUNT; i++) {
		err = rhashtable_init(&sn->by_key[i], &session_params);
		if (err) {
			while (i--)
				rhashtable_destroy(&sn->by_key[i]);
			return err;
		}
	}
	return 0;
}

void sluice_net_destroy_sessions(struct sluice_net *sn)
{
	unsigned int i;

	WARN_ON(!list_empty(&sn->list));
	for (i = 0; i < SLUICE_ENCAP_COUNT; i++)
		rhashtable_destroy(&sn->by_key[i]);
	xa_destroy(&sn->ids);
}

/* Under RCU: encap's session with this key (its padding zeroed), or NULL. */
struct sluice_session *sluice_session_lookup_key_rcu(struct sluice_net *sn,
						     enum sluice_encap encap,
						     const union sluice_session_key *key)
{
	return rhashtable_lookup(&sn->by_key[encap], key, session_params);
}

/* Under RTNL: the session becomes visible to its encapsulation's receive path. */
int sluice_session_hash_key(struct sluice_session *s)
{
	struct sluice_net *sn = sluice_net(s->net);

	return rhashtable_insert_fast(&sn->by_key[s->ops->id], &s->node, session_params);
}

void sluice_session_unhash_key(struct sluice_session *s)
{
	struct sluice_net *sn = sluice_net(s->net);

	rhashtable_remove_fast(&sn->by_key[s->ops->id], &s->node, session_params);
}

struct sluice_session *sluice_session_by_dev(struct net_device *dev)
{
	if (!dev || dev->rtnl_link_ops != &sluice_link_ops)
		return NULL;
	return netdev_priv(dev);
}

/* Under RCU or RTNL: the namespace's session with this id, attached or pending. */
struct sluice_session *sluice_session_by_id_rcu(struct net *net, u32 id)
{
	return xa_load(&sluice_net(net)->ids, id);
}

static struct sluice_mppe_dir *mppe_dir_new(const u8 *key, u32 bits, u32 flags, int *err)
{
	struct sluice_mppe_dir *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = sluice_mppe_init(d, sluice_sha1, key, bits, flags & SLUICE_MPPE_F_STATELESS);
	if (*err) {
		kfree_sensitive(d);
		return NULL;
	}
	return d;
}

static void mppe_dir_free(struct sluice_mppe_dir *d)
{
	if (d)
		sluice_mppe_wipe(d);
	kfree_sensitive(d);
}

/* Installs new MPPE state (or none) for both directions; the old state is wiped. */
int sluice_session_set_mppe(struct sluice_session *s, const struct sluice_session_config *cfg)
{
	struct sluice_mppe_dir *rx = NULL, *tx = NULL;
	int err = 0;

	if (cfg->has_mppe) {
		rx = mppe_dir_new(cfg->recv_key, cfg->mppe_bits, cfg->mppe_flags, &err);
		if (rx)
			tx = mppe_dir_new(cfg->send_key, cfg->mppe_bits, cfg->mppe_flags, &err);
		if (!tx) {
			mppe_dir_free(rx);
			return err;
		}
	}
	spin_lock_bh(&s->rx_lock);
	swap(s->rx_mppe, rx);
	spin_unlock_bh(&s->rx_lock);
	spin_lock_bh(&s->tx_lock);
	swap(s->tx_mppe, tx);
	s->mppe_bits = cfg->has_mppe ? cfg->mppe_bits : 0;
	s->mppe_flags = cfg->has_mppe ? cfg->mppe_flags : 0;
	spin_unlock_bh(&s->tx_lock);
	mppe_dir_free(rx);
	mppe_dir_free(tx);
	return 0;
}

static void session_init(struct sluice_session *s, struct net *net,
			 const struct sluice_session_config *cfg)
{
	s->net = net;
	INIT_LIST_HEAD(&s->list);
	INIT_LIST_HEAD(&s->kill_node);
	s->ops = sluice_encaps[cfg->encap];
	s->key = cfg->key;
	s->local_addr = cfg->local_addr;
	s->ops->init_session(s, cfg);
	s->ppp_flags = cfg->ppp_flags;
	s->ppp_protocols = cfg->ppp_protocols;
	s->mru = cfg->mru;
	s->last_rx = jiffies;
	sluice_rx_ctrl_init(s);
	spin_lock_init(&s->rx_lock);
	spin_lock_init(&s->tx_lock);
	sluice_gro_init(s);
	u64_stats_init(&s->rx_stats.sync);
	u64_stats_init(&s->tx_stats.sync);
}

/* Frees what the session holds: the device's destructor, or a pending session's end. */
void sluice_session_destroy(struct sluice_session *s)
{
	dst_cache_destroy(&s->dst_cache);
	s->dst_cache.cache = NULL;	/* idempotent, like the rest */
	sluice_session_free_state(s);
}

static void pending_free_work(struct work_struct *work)
{
	struct sluice_session *s = container_of(to_rcu_work(work), struct sluice_session,
						free_work);

	sluice_session_destroy(s);
	free_netdev(s->dev);
}

/* A session that never had, or failed to get, a registered device: nobody can reach it. */
static void session_free_unregistered(struct sluice_session *s)
{
	sluice_session_destroy(s);
	free_netdev(s->dev);
}

/* Under RTNL: the session in the namespace's hash, list and ids: packets find it from here. */
static int session_publish(struct sluice_net *sn, struct sluice_session *s)
{
	int err;

	err = xa_alloc_cyclic(&sn->ids, &s->id, s, xa_limit_32b, &sn->next_id, GFP_KERNEL);
	if (err < 0)
		return err;
	err = s->ops->hash(s);
	if (err) {
		xa_erase(&sn->ids, s->id);
		synchronize_net();	/* a control frame's sender may have found the id */
		return err;
	}
	if (s->ops->attach)
		s->ops->attach(s);
	s->serial = ++sn->next_serial;
	list_add_tail(&s->list, &sn->list);
	sn->count++;
	sn->pending++;
	sn->generation++;
	return 0;
}

static struct sluice_session *session_alloc(struct net *net,
					    const struct sluice_session_config *cfg)
{
	struct sluice_session *s;
	struct net_device *dev;
	int err;

	dev = sluice_device_alloc(cfg->ifname, cfg->mtu);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	dev_net_set(dev, net);
	s = netdev_priv(dev);
	s->dev = dev;
	session_init(s, net, cfg);
	INIT_RCU_WORK(&s->free_work, pending_free_work);
	err = dst_cache_init(&s->dst_cache, GFP_KERNEL);
	if (!err)
		err = sluice_session_set_mppe(s, cfg);
	if (err) {
		session_free_unregistered(s);
		return ERR_PTR(err);
	}
	return s;
}

/* Under RTNL: a pending session is a new one the receive path already finds. */
struct sluice_session *sluice_session_create(struct net *net,
					     const struct sluice_session_config *cfg)
{
	struct sluice_net *sn = sluice_net(net);
	struct sluice_session *s;
	bool gone;
	int err;

	ASSERT_RTNL();
	rcu_read_lock();
	s = sluice_encaps[cfg->encap]->lookup_rcu(sn, &cfg->key);
	rcu_read_unlock();
	if (s)
		return ERR_PTR(-EEXIST);

	s = session_alloc(net, cfg);
	if (IS_ERR(s))
		return s;
	err = session_publish(sn, s);
	if (err) {
		session_free_unregistered(s);
		return ERR_PTR(err);
	}
	if (cfg->pending)
		return s;
	err = sluice_session_attach(s, NULL, &gone);
	if (err && !gone) {
		struct sluice_kill k;

		sluice_kill_init(&k);
		sluice_kill_queue(&k, s);
		sluice_kill_many(&k);
	}
	return err ? ERR_PTR(err) : s;
}

/*
 * Under RTNL: a pending session gets its device (named ifname, or its "sluice%d"), and its
 * data flows from here on. On failure it is either still pending, as it was (a name taken
 * or invalid), or, when the registration failed after the device's own init had run (which
 * unhashes and frees the session's state on its way out), gone: *gone says which.
 */
int sluice_session_attach(struct sluice_session *s, const char *ifname, bool *gone)
{
	struct net_device *dev = s->dev;
	char old[IFNAMSIZ];
	int err;

	ASSERT_RTNL();
	*gone = false;
	if (s->attached)
		return -EALREADY;
	if (ifname && __dev_get_by_name(s->net, ifname))
		return -EEXIST;
	memcpy(old, dev->name, IFNAMSIZ);
	if (ifname)
		strscpy(dev->name, ifname, IFNAMSIZ);
	err = register_netdevice(dev);
	if (!err) {
		sluice_net(s->net)->pending--;
		sluice_net(s->net)->generation++;
		WRITE_ONCE(s->attached, true);
		return 0;
	}
	if (!list_empty(&s->list)) {	/* refused before the device's init: still pending */
		memcpy(dev->name, old, IFNAMSIZ);
		return err;
	}
	*gone = true;
	synchronize_net();	/* it was hashed until a moment ago; rare, so wait here */
	free_netdev(dev);	/* after an unregistration, deferred to its end by the core */
	return err;
}

/* ndo_uninit, under RTNL: the receive path stops finding the session. */
void sluice_session_unhash(struct sluice_session *s)
{
	struct sluice_net *sn = sluice_net(s->net);

	ASSERT_RTNL();
	if (list_empty(&s->list))
		return;		/* already */
	s->ops->unhash(s);
	xa_erase(&sn->ids, s->id);
	list_del_init(&s->list);
	sn->count--;
	if (!s->attached)
		sn->pending--;
	sn->generation++;
	if (s->ops->release)
		s->ops->release(s);
}

/* The device's destructor: after an RCU grace period, nobody can reach the session. */
void sluice_session_free_state(struct sluice_session *s)
{
	sluice_session_free_shapers(s);
	mppe_dir_free(s->rx_mppe);
	mppe_dir_free(s->tx_mppe);
	s->rx_mppe = NULL;
	s->tx_mppe = NULL;
	if (s->ops->free_session)
		s->ops->free_session(s);
}

void sluice_kill_init(struct sluice_kill *k)
{
	INIT_LIST_HEAD(&k->devs);
	INIT_LIST_HEAD(&k->pending);
}

/* Under RTNL; a session queued twice goes once. */
void sluice_kill_queue(struct sluice_kill *k, struct sluice_session *s)
{
	ASSERT_RTNL();
	if (s->attached)
		unregister_netdevice_queue(s->dev, &k->devs);
	else
		list_move_tail(&s->kill_node, &k->pending);
}

/* Every session of the namespace. */
void sluice_kill_net(struct sluice_kill *k, struct net *net)
{
	struct sluice_session *s;

	list_for_each_entry(s, &sluice_net(net)->list, list)
		sluice_kill_queue(k, s);
}

/*
 * Pending sessions leave the hash now and are freed after a grace period by a work item
 * (the caller does not wait for it); attached ones go through the device's unregistration.
 */
void sluice_kill_many(struct sluice_kill *k)
{
	struct sluice_session *s, *next;

	ASSERT_RTNL();
	list_for_each_entry_safe(s, next, &k->pending, kill_node) {
		list_del_init(&s->kill_node);
		sluice_session_unhash(s);
		queue_rcu_work(sluice_wq, &s->free_work);
	}
	unregister_netdevice_many(&k->devs);
}
