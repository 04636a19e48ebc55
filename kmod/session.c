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

int sluice_net_init_sessions(struct sluice_net *sn)
{
	unsigned int i;
	int err;

	INIT_LIST_HEAD(&sn->list);
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
	u64_stats_init(&s->rx_stats.sync);
	u64_stats_init(&s->tx_stats.sync);
}

/* Under RTNL. The device's ndo_init allocates the rest; its destructor frees it all. */
struct sluice_session *sluice_session_create(struct net *net,
					     const struct sluice_session_config *cfg)
{
	struct sluice_net *sn = sluice_net(net);
	struct sluice_session *s;
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	rcu_read_lock();
	s = sluice_encaps[cfg->encap]->lookup_rcu(sn, &cfg->key);
	rcu_read_unlock();
	if (s)
		return ERR_PTR(-EEXIST);

	dev = sluice_device_alloc(cfg->ifname, cfg->mtu);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	dev_net_set(dev, net);
	s = netdev_priv(dev);
	s->dev = dev;
	session_init(s, net, cfg);
	err = sluice_session_set_mppe(s, cfg);
	if (err) {
		sluice_session_free_state(s);
		free_netdev(dev);
		return ERR_PTR(err);
	}
	err = register_netdevice(dev);	/* from here on, failures unregister */
	if (err) {
		/* idempotent: the destructor may have run it already */
		sluice_session_free_state(s);
		free_netdev(dev);
		return ERR_PTR(err);
	}
	err = s->ops->hash(s);
	if (err) {
		unregister_netdevice(dev);
		return ERR_PTR(err);
	}
	if (s->ops->attach)
		s->ops->attach(s);
	list_add_tail(&s->list, &sn->list);
	sn->count++;
	sn->generation++;
	return s;
}

/* ndo_uninit, under RTNL: the receive path stops finding the session. */
void sluice_session_unhash(struct sluice_session *s)
{
	struct sluice_net *sn = sluice_net(s->net);

	ASSERT_RTNL();
	if (list_empty(&s->list))
		return;		/* registration failed before it was hashed */
	s->ops->unhash(s);
	list_del_init(&s->list);
	sn->count--;
	sn->generation++;
	if (s->ops->release)
		s->ops->release(s);
}

/* The device's destructor: after an RCU grace period, nobody can reach the session. */
void sluice_session_free_state(struct sluice_session *s)
{
	mppe_dir_free(s->rx_mppe);
	mppe_dir_free(s->tx_mppe);
	s->rx_mppe = NULL;
	s->tx_mppe = NULL;
	if (s->ops->free_session)
		s->ops->free_session(s);
}
