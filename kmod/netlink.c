// SPDX-License-Identifier: GPL-2.0
/* The generic netlink family of kmod/uapi/sluice.h. */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include "compat.h"
#include "sluice.h"
#include "version.h"

/*
 * Who may use the family. By default CAP_NET_ADMIN in the initial user namespace
 * (GENL_ADMIN_PERM). Set at load, CAP_NET_ADMIN over the network namespace's own user
 * namespace is enough (GENL_UNS_ADMIN_PERM), so a container can run its own sluiced; but so
 * can any user who may create a user namespace, which puts every parser of the family and
 * the sessions' transmit path within an unprivileged user's reach.
 */
static bool allow_user_ns;
module_param(allow_user_ns, bool, 0444);
MODULE_PARM_DESC(allow_user_ns,
		 "let CAP_NET_ADMIN in a user namespace (containers) use the family (default: no, initial namespace only)");

static const struct nla_policy ppp_policy[SLUICE_PPP_A_MAX + 1] = {
	[SLUICE_PPP_A_FLAGS] = { .type = NLA_U32 },
	[SLUICE_PPP_A_MRU] = NLA_POLICY_RANGE(NLA_U16, 64, 16384),
	[SLUICE_PPP_A_PROTOCOLS] = { .type = NLA_U32 },
};

static const struct nla_policy mppe_policy[SLUICE_MPPE_A_MAX + 1] = {
	[SLUICE_MPPE_A_KEY_BITS] = { .type = NLA_U32 },
	[SLUICE_MPPE_A_FLAGS] = { .type = NLA_U32 },
	[SLUICE_MPPE_A_SEND_KEY] = NLA_POLICY_EXACT_LEN(SLUICE_MPPE_KEY_LEN),
	[SLUICE_MPPE_A_RECV_KEY] = NLA_POLICY_EXACT_LEN(SLUICE_MPPE_KEY_LEN),
};

/* a policy's own min/max are s16 in 6.1: a wider range needs a range object */
static struct netlink_range_validation mtu_range = { .min = 68, .max = 65000 };

/* bits per second: 8 kbit/s .. 400 Gbit/s; burst-time 16 ms (a slice each ms) .. an hour */
static struct netlink_range_validation rate_range = { .min = 8000, .max = 400000000000ULL };
static struct netlink_range_validation burst_time_range = { .min = 16, .max = 3600000 };

static const struct nla_policy limit_policy[SLUICE_LIMIT_A_MAX + 1] = {
	[SLUICE_LIMIT_A_RATE] = NLA_POLICY_FULL_RANGE(NLA_U64, &rate_range),
	[SLUICE_LIMIT_A_BURST_RATE] = NLA_POLICY_FULL_RANGE(NLA_U64, &rate_range),
	[SLUICE_LIMIT_A_BURST_THRESHOLD] = NLA_POLICY_FULL_RANGE(NLA_U64, &rate_range),
	[SLUICE_LIMIT_A_BURST_TIME_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &burst_time_range),
};

static const struct nla_policy rate_policy[SLUICE_RATE_A_MAX + 1] = {
	[SLUICE_RATE_A_RX] = NLA_POLICY_NESTED(limit_policy),
	[SLUICE_RATE_A_TX] = NLA_POLICY_NESTED(limit_policy),
};

/* the encapsulations' nests are added from sluice_encaps[] before the family is registered */
static struct nla_policy session_policy[SLUICE_SESSION_A_MAX + 1] __ro_after_init = {
	[SLUICE_SESSION_A_IFINDEX] = { .type = NLA_U32 },
	[SLUICE_SESSION_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[SLUICE_SESSION_A_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &mtu_range),
	[SLUICE_SESSION_A_PPP] = NLA_POLICY_NESTED(ppp_policy),
	[SLUICE_SESSION_A_MPPE] = NLA_POLICY_NESTED(mppe_policy),
	[SLUICE_SESSION_A_STATS] = { .type = NLA_REJECT },
	[SLUICE_SESSION_A_ID] = { .type = NLA_U32 },
	[SLUICE_SESSION_A_PENDING] = { .type = NLA_FLAG },
	[SLUICE_SESSION_A_ATTACH] = { .type = NLA_FLAG },
	[SLUICE_SESSION_A_RATE] = NLA_POLICY_NESTED(rate_policy),
};

static const struct nla_policy sluice_policy[SLUICE_A_MAX + 1] = {
	[SLUICE_A_MODULE] = { .type = NLA_REJECT },
	[SLUICE_A_SESSION] = NLA_POLICY_NESTED(session_policy),
	[SLUICE_A_PPP_FRAME] = { .type = NLA_BINARY, .len = 16384 },
};

static struct genl_family sluice_genl_family;

enum { MCGRP_CTRL };
static const struct genl_multicast_group sluice_mcgrps[] = {
	[MCGRP_CTRL] = { .name = SLUICE_MCGRP_CTRL, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static int put_drops(struct sk_buff *skb, int type, const struct sluice_drops *d)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = SLUICE_DROP_UNSPEC + 1; i < __SLUICE_DROP_MAX; i++) {
		u64 n = atomic64_read(&d->n[i]);

		/* PAD is the padding attribute, not a reason; reasons go on after it */
		if (i != SLUICE_DROP_PAD && n && nla_put_u64_64bit(skb, i, n, SLUICE_DROP_PAD))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int put_module(struct sk_buff *skb, struct net *net)
{
	struct sluice_net *sn = sluice_net(net);
	struct nlattr *nest = nla_nest_start(skb, SLUICE_A_MODULE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, SLUICE_MODULE_A_VERSION, SLUICE_VERSION) ||
	    nla_put_u32(skb, SLUICE_MODULE_A_API, SLUICE_GENL_VERSION) ||
	    nla_put_u32(skb, SLUICE_MODULE_A_SESSIONS, READ_ONCE(sn->count)) ||
	    nla_put_u32(skb, SLUICE_MODULE_A_PENDING, READ_ONCE(sn->pending)) ||
	    put_drops(skb, SLUICE_MODULE_A_DROPS, &sn->drops))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_stats(struct sk_buff *skb, struct sluice_session *s)
{
	struct nlattr *nest = nla_nest_start(skb, SLUICE_SESSION_A_STATS);
	u64 rp, rb, rc, tp, tb, tc, idle;

	if (!nest)
		return -EMSGSIZE;
	sluice_stats_read(&s->rx_stats, &rp, &rb, &rc);
	sluice_stats_read(&s->tx_stats, &tp, &tb, &tc);
	idle = jiffies_to_msecs(jiffies - READ_ONCE(s->last_rx));
	if (nla_put_u64_64bit(skb, SLUICE_STATS_A_RX_PACKETS, rp, SLUICE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SLUICE_STATS_A_RX_BYTES, rb, SLUICE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SLUICE_STATS_A_TX_PACKETS, tp, SLUICE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SLUICE_STATS_A_TX_BYTES, tb, SLUICE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SLUICE_STATS_A_RX_CTRL, rc, SLUICE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SLUICE_STATS_A_TX_CTRL, tc, SLUICE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SLUICE_STATS_A_LAST_RX_MS, idle, SLUICE_STATS_A_PAD) ||
	    put_drops(skb, SLUICE_STATS_A_DROPS, &s->drops) ||
	    (sluice_gro_on(s) && nla_put_flag(skb, SLUICE_STATS_A_GRO)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Under RTNL: one direction's limit as the request gave it (bits, rounded to bytes). */
static int put_limit(struct sk_buff *skb, int type, struct sluice_shaper *sh)
{
	struct nlattr *nest;
	struct sluice_limit lim;

	if (!sh)
		return 0;
	spin_lock_bh(&sh->lock);
	lim = sh->tb.lim;
	spin_unlock_bh(&sh->lock);
	nest = nla_nest_start(skb, type);
	if (!nest || nla_put_u64_64bit(skb, SLUICE_LIMIT_A_RATE, lim.rate * 8, SLUICE_LIMIT_A_PAD))
		return -EMSGSIZE;
	if (lim.burst_rate &&
	    (nla_put_u64_64bit(skb, SLUICE_LIMIT_A_BURST_RATE, lim.burst_rate * 8,
			       SLUICE_LIMIT_A_PAD) ||
	     nla_put_u64_64bit(skb, SLUICE_LIMIT_A_BURST_THRESHOLD, lim.burst_threshold * 8,
			       SLUICE_LIMIT_A_PAD) ||
	     nla_put_u32(skb, SLUICE_LIMIT_A_BURST_TIME_MS,
			 div_u64(lim.burst_time_ns, NSEC_PER_MSEC))))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_limits(struct sk_buff *skb, struct sluice_session *s)
{
	struct sluice_shaper *rx = rtnl_dereference(s->shaper[SLUICE_DIR_RX]);
	struct sluice_shaper *tx = rtnl_dereference(s->shaper[SLUICE_DIR_TX]);
	struct nlattr *nest;

	if (!rx && !tx)
		return 0;
	nest = nla_nest_start(skb, SLUICE_SESSION_A_RATE);
	if (!nest || put_limit(skb, SLUICE_RATE_A_RX, rx) || put_limit(skb, SLUICE_RATE_A_TX, tx))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_config(struct sk_buff *skb, struct sluice_session *s)
{
	struct nlattr *ppp, *mppe;

	if (s->ops->nl_fill(skb, s))
		return -EMSGSIZE;
	ppp = nla_nest_start(skb, SLUICE_SESSION_A_PPP);
	if (!ppp || nla_put_u32(skb, SLUICE_PPP_A_FLAGS, READ_ONCE(s->ppp_flags)) ||
	    (s->mru && nla_put_u16(skb, SLUICE_PPP_A_MRU, s->mru)) ||
	    nla_put_u32(skb, SLUICE_PPP_A_PROTOCOLS, READ_ONCE(s->ppp_protocols)))
		return -EMSGSIZE;
	nla_nest_end(skb, ppp);
	if (put_limits(skb, s))
		return -EMSGSIZE;
	if (!s->mppe_bits)
		return 0;
	/* never the keys */
	mppe = nla_nest_start(skb, SLUICE_SESSION_A_MPPE);
	if (!mppe || nla_put_u32(skb, SLUICE_MPPE_A_KEY_BITS, s->mppe_bits) ||
	    nla_put_u32(skb, SLUICE_MPPE_A_FLAGS, s->mppe_flags))
		return -EMSGSIZE;
	nla_nest_end(skb, mppe);
	return 0;
}

static int put_session(struct sk_buff *skb, struct sluice_session *s, bool full)
{
	struct nlattr *nest = nla_nest_start(skb, SLUICE_A_SESSION);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, SLUICE_SESSION_A_ID, s->id))
		goto cancel;
	if (s->attached && (nla_put_u32(skb, SLUICE_SESSION_A_IFINDEX, s->dev->ifindex) ||
			    nla_put_string(skb, SLUICE_SESSION_A_IFNAME, s->dev->name)))
		goto cancel;
	if (!s->attached && nla_put_flag(skb, SLUICE_SESSION_A_PENDING))
		goto cancel;
	if (full && (nla_put_u32(skb, SLUICE_SESSION_A_MTU, READ_ONCE(s->dev->mtu)) ||
		     put_config(skb, s) || put_stats(skb, s)))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int reply_session(struct genl_info *info, struct sluice_session *s, u8 cmd, bool full)
{
	struct sk_buff *msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sluice_genl_family, 0, cmd);
	if (!hdr || put_session(msg, s, full)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int get_module_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sluice_genl_family, 0, SLUICE_CMD_GET_MODULE);
	if (!hdr || put_module(msg, genl_info_net(info))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* Parses SLUICE_A_SESSION into its nested attributes. */
static int parse_session(struct genl_info *info, struct nlattr **sa)
{
	if (!info->attrs[SLUICE_A_SESSION]) {
		NL_SET_ERR_MSG(info->extack, "missing SLUICE_A_SESSION");
		return -EINVAL;
	}
	return nla_parse_nested(sa, SLUICE_SESSION_A_MAX, info->attrs[SLUICE_A_SESSION],
				session_policy, info->extack);
}

/* Finds the session a request names by id, ifindex or ifname, in the caller's namespace. */
static struct sluice_session *find_session(struct genl_info *info, struct nlattr **sa)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev = NULL;
	struct sluice_session *s;

	ASSERT_RTNL();
	if (sa[SLUICE_SESSION_A_ID]) {
		s = sluice_session_by_id_rcu(net, nla_get_u32(sa[SLUICE_SESSION_A_ID]));
	} else {
		if (sa[SLUICE_SESSION_A_IFINDEX])
			dev = __dev_get_by_index(net, nla_get_u32(sa[SLUICE_SESSION_A_IFINDEX]));
		else if (sa[SLUICE_SESSION_A_IFNAME])
			dev = __dev_get_by_name(net, nla_data(sa[SLUICE_SESSION_A_IFNAME]));
		s = sluice_session_by_dev(dev);
	}
	if (!s)
		NL_SET_ERR_MSG(info->extack, "no such sluice session");
	return s;
}

static int parse_ppp(struct genl_info *info, struct nlattr *attr,
		     struct sluice_session_config *cfg)
{
	struct nlattr *a[SLUICE_PPP_A_MAX + 1];
	int err = nla_parse_nested(a, SLUICE_PPP_A_MAX, attr, ppp_policy, info->extack);

	if (err)
		return err;
	if (a[SLUICE_PPP_A_FLAGS])
		cfg->ppp_flags = nla_get_u32(a[SLUICE_PPP_A_FLAGS]);
	if (cfg->ppp_flags & ~SLUICE_PPP_F_ALL) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[SLUICE_PPP_A_FLAGS], "unknown PPP flags");
		return -EOPNOTSUPP;
	}
	if (a[SLUICE_PPP_A_MRU])
		cfg->mru = nla_get_u16(a[SLUICE_PPP_A_MRU]);
	if (a[SLUICE_PPP_A_PROTOCOLS])
		cfg->ppp_protocols = nla_get_u32(a[SLUICE_PPP_A_PROTOCOLS]);
	if (cfg->ppp_protocols & ~SLUICE_PPP_PROTO_ALL) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[SLUICE_PPP_A_PROTOCOLS],
				    "unknown network protocols");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int parse_mppe(struct genl_info *info, struct nlattr *attr,
		      struct sluice_session_config *cfg)
{
	struct nlattr *a[SLUICE_MPPE_A_MAX + 1];
	int err = nla_parse_nested(a, SLUICE_MPPE_A_MAX, attr, mppe_policy, info->extack);

	if (err)
		return err;
	if (!a[SLUICE_MPPE_A_KEY_BITS] || !a[SLUICE_MPPE_A_SEND_KEY] || !a[SLUICE_MPPE_A_RECV_KEY]) {
		NL_SET_ERR_MSG(info->extack, "MPPE needs key bits and both keys");
		return -EINVAL;
	}
	cfg->has_mppe = true;
	cfg->mppe_bits = nla_get_u32(a[SLUICE_MPPE_A_KEY_BITS]);
	if (cfg->mppe_bits != 40 && cfg->mppe_bits != 56 && cfg->mppe_bits != 128) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[SLUICE_MPPE_A_KEY_BITS], "MPPE bits: 40, 56 or 128");
		return -EINVAL;
	}
	cfg->mppe_flags = a[SLUICE_MPPE_A_FLAGS] ? nla_get_u32(a[SLUICE_MPPE_A_FLAGS]) : 0;
	if (cfg->mppe_flags & ~SLUICE_MPPE_F_ALL) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[SLUICE_MPPE_A_FLAGS], "unknown MPPE flags");
		return -EOPNOTSUPP;
	}
	nla_memcpy(cfg->send_key, a[SLUICE_MPPE_A_SEND_KEY], SLUICE_MPPE_KEY_LEN);
	nla_memcpy(cfg->recv_key, a[SLUICE_MPPE_A_RECV_KEY], SLUICE_MPPE_KEY_LEN);
	return 0;
}

/* One direction's limit: bits per second in the message, bytes per second here. */
static int parse_limit(struct genl_info *info, struct nlattr *attr, struct sluice_limit *lim)
{
	struct nlattr *a[SLUICE_LIMIT_A_MAX + 1];
	int err = nla_parse_nested(a, SLUICE_LIMIT_A_MAX, attr, limit_policy, info->extack);

	if (err)
		return err;
	if (!a[SLUICE_LIMIT_A_RATE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "a limit needs its rate");
		return -EINVAL;
	}
	lim->rate = nla_get_u64(a[SLUICE_LIMIT_A_RATE]) / 8;
	if (!a[SLUICE_LIMIT_A_BURST_RATE])
		return 0;
	lim->burst_rate = nla_get_u64(a[SLUICE_LIMIT_A_BURST_RATE]) / 8;
	if (lim->burst_rate <= lim->rate || !a[SLUICE_LIMIT_A_BURST_THRESHOLD] ||
	    !a[SLUICE_LIMIT_A_BURST_TIME_MS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[SLUICE_LIMIT_A_BURST_RATE],
				    "a burst rate above the rate needs a threshold and a time");
		return -EINVAL;
	}
	lim->burst_threshold = nla_get_u64(a[SLUICE_LIMIT_A_BURST_THRESHOLD]) / 8;
	lim->burst_time_ns = (u64)nla_get_u32(a[SLUICE_LIMIT_A_BURST_TIME_MS]) * NSEC_PER_MSEC;
	return 0;
}

static int parse_rate(struct genl_info *info, struct nlattr *attr,
		      struct sluice_session_config *cfg)
{
	static const int dir_attr[SLUICE_DIRS] = {
		[SLUICE_DIR_RX] = SLUICE_RATE_A_RX, [SLUICE_DIR_TX] = SLUICE_RATE_A_TX,
	};
	struct nlattr *a[SLUICE_RATE_A_MAX + 1];
	int err = nla_parse_nested(a, SLUICE_RATE_A_MAX, attr, rate_policy, info->extack);
	int d;

	for (d = 0; !err && d < SLUICE_DIRS; d++) {
		if (a[dir_attr[d]])
			err = parse_limit(info, a[dir_attr[d]], &cfg->limits[d]);
	}
	cfg->has_limits = !err;
	return err;
}

/* The encapsulation whose nest the request carries; NULL unless there is exactly one. */
static const struct sluice_encap_ops *session_encap(struct nlattr **sa)
{
	const struct sluice_encap_ops *found = NULL;
	unsigned int i;

	for (i = 0; i < SLUICE_ENCAP_COUNT; i++) {
		if (!sa[sluice_encaps[i]->nl_attr])
			continue;
		if (found)
			return NULL;
		found = sluice_encaps[i];
	}
	return found;
}

/* Under RTNL: the session, with what its encapsulation needs from outside taken first. */
static struct sluice_session *create_session(struct genl_info *info,
					     struct sluice_session_config *cfg)
{
	const struct sluice_encap_ops *ops = sluice_encaps[cfg->encap];
	struct net *net = genl_info_net(info);
	struct sluice_session *s;
	int err;

	if (!ops->get_config)
		return sluice_session_create(net, cfg);
	err = ops->get_config(net, cfg, info->extack);
	if (err)
		return ERR_PTR(err);
	s = sluice_session_create(net, cfg);
	ops->put_config(cfg);
	return s;
}

static void kill_one(struct sluice_session *s)
{
	struct sluice_kill k;

	sluice_kill_init(&k);
	sluice_kill_queue(&k, s);
	sluice_kill_many(&k);
}

static int new_session_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct sluice_encap_ops *ops;
	struct nlattr *sa[SLUICE_SESSION_A_MAX + 1];
	struct sluice_session_config *cfg;
	struct sluice_session *s;
	int err;

	err = parse_session(info, sa);
	if (err)
		return err;
	ops = session_encap(sa);
	if (!ops) {
		NL_SET_ERR_MSG(info->extack,
			       "a session needs one encapsulation (SLUICE_SESSION_A_PPTP, _L2TP or _PPPOE)");
		return -EINVAL;
	}
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	if (sa[SLUICE_SESSION_A_IFNAME])
		cfg->ifname = nla_data(sa[SLUICE_SESSION_A_IFNAME]);
	if (sa[SLUICE_SESSION_A_MTU])
		cfg->mtu = nla_get_u32(sa[SLUICE_SESSION_A_MTU]);
	cfg->encap = ops->id;
	cfg->pending = nla_get_flag(sa[SLUICE_SESSION_A_PENDING]);
	cfg->ppp_protocols = SLUICE_PPP_PROTO_IPV4;	/* without the attribute, as before API 4 */
	err = ops->nl_parse(sa[ops->nl_attr], cfg, info->extack);
	if (!err && sa[SLUICE_SESSION_A_PPP])
		err = parse_ppp(info, sa[SLUICE_SESSION_A_PPP], cfg);
	if (!err && sa[SLUICE_SESSION_A_MPPE])
		err = parse_mppe(info, sa[SLUICE_SESSION_A_MPPE], cfg);
	if (err)
		goto out;
	rtnl_lock();
	s = create_session(info, cfg);
	err = IS_ERR(s) ? PTR_ERR(s) : reply_session(info, s, SLUICE_CMD_NEW_SESSION, false);
	if (err && !IS_ERR(s))
		kill_one(s);	/* the caller hears of a failure: leave none */
	rtnl_unlock();
	/* a string constant, as NL_SET_ERR_MSG's message must be */
	if (err == -EEXIST && info->extack)
		info->extack->_msg = ops->exists_msg;
out:
	kfree_sensitive(cfg);	/* it held keys */
	return err;
}

/* SET_SESSION's checks, before anything changes: cfg from the session and the request. */
static int set_session_parse(struct genl_info *info, struct nlattr **sa,
			     struct sluice_session *s, struct sluice_session_config *cfg)
{
	int err = 0;

	cfg->ppp_flags = s->ppp_flags;
	cfg->mru = s->mru;
	cfg->ppp_protocols = s->ppp_protocols;
	if (sa[SLUICE_SESSION_A_PPP])
		err = parse_ppp(info, sa[SLUICE_SESSION_A_PPP], cfg);
	if (!err && sa[SLUICE_SESSION_A_MPPE])
		err = parse_mppe(info, sa[SLUICE_SESSION_A_MPPE], cfg);
	if (!err && sa[SLUICE_SESSION_A_RATE])
		err = parse_rate(info, sa[SLUICE_SESSION_A_RATE], cfg);
	if (!err && sa[SLUICE_SESSION_A_MTU]) {
		cfg->mtu = nla_get_u32(sa[SLUICE_SESSION_A_MTU]);
		if (cfg->mtu < s->dev->min_mtu || cfg->mtu > s->dev->max_mtu) {
			NL_SET_ERR_MSG(info->extack, "MTU out of the device's range");
			err = -EINVAL;
		}
	}
	if (!err && nla_get_flag(sa[SLUICE_SESSION_A_ATTACH])) {
		if (s->attached) {
			NL_SET_ERR_MSG(info->extack, "the session has its interface already");
			return -EALREADY;
		}
		if (sa[SLUICE_SESSION_A_IFNAME] && !sa[SLUICE_SESSION_A_ID]) {
			NL_SET_ERR_MSG(info->extack, "attaching with a name: name the session by id");
			return -EINVAL;
		}
		if (sa[SLUICE_SESSION_A_IFNAME])
			cfg->ifname = nla_data(sa[SLUICE_SESSION_A_IFNAME]);
	}
	return err;
}

/* Applies what set_session_parse() accepted; then the interface, if asked, and its reply. */
static int set_session_apply(struct genl_info *info, struct nlattr **sa,
			     struct sluice_session *s, struct sluice_session_config *cfg)
{
	bool gone;
	int err = 0;

	if (cfg->has_mppe)
		err = sluice_session_set_mppe(s, cfg);
	if (!err && cfg->has_limits)
		err = sluice_session_set_limits(s, cfg->limits);
	if (!err && cfg->mtu) {
		if (s->attached)
			err = dev_set_mtu(s->dev, cfg->mtu);
		else
			WRITE_ONCE(s->dev->mtu, cfg->mtu);	/* no device to notify yet */
	}
	if (err)
		return err;
	WRITE_ONCE(s->ppp_flags, cfg->ppp_flags);
	WRITE_ONCE(s->mru, cfg->mru);
	WRITE_ONCE(s->ppp_protocols, cfg->ppp_protocols);
	if (!nla_get_flag(sa[SLUICE_SESSION_A_ATTACH]))
		return 0;
	err = sluice_session_attach(s, cfg->ifname, &gone);
	if (err == -EEXIST)
		NL_SET_ERR_MSG(info->extack, "an interface with this name exists");
	if (err)
		return err;
	err = reply_session(info, s, SLUICE_CMD_SET_SESSION, false);
	if (err)
		kill_one(s);	/* the caller hears of a failure: leave none */
	return err;
}

static int set_session_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *sa[SLUICE_SESSION_A_MAX + 1];
	struct sluice_session_config *cfg;
	struct sluice_session *s;
	int err;

	err = parse_session(info, sa);
	if (err)
		return err;
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	rtnl_lock();
	s = find_session(info, sa);
	err = s ? set_session_parse(info, sa, s, cfg) : -ENODEV;
	if (!err)	/* a refused request has changed nothing */
		err = set_session_apply(info, sa, s, cfg);
	rtnl_unlock();
	kfree_sensitive(cfg);
	return err;
}

/*
 * Finds every session the request names (each SLUICE_A_SESSION) and, given @kill, queues
 * it there. 0, or the error of the first that is missing.
 */
static int for_each_named_session(struct genl_info *info, struct sluice_kill *kill)
{
	struct nlattr *sa[SLUICE_SESSION_A_MAX + 1];
	struct sluice_session *s;
	struct nlattr *a;
	int rem, n = 0, err;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != SLUICE_A_SESSION)
			continue;
		err = nla_parse_nested(sa, SLUICE_SESSION_A_MAX, a, session_policy, info->extack);
		if (err)
			return err;
		s = find_session(info, sa);
		if (!s) {
			NL_SET_BAD_ATTR(info->extack, a);
			return -ENODEV;
		}
		if (kill)
			sluice_kill_queue(kill, s);	/* twice named: moved, once */
		n++;
	}
	if (!n) {
		NL_SET_ERR_MSG(info->extack, "missing SLUICE_A_SESSION");
		return -EINVAL;
	}
	return 0;
}

/*
 * All the named sessions in one batch: unregister_netdevice_many() waits for one grace
 * period for the lot, where unregister_netdevice() waits for one each (about 45 ms under
 * emulation: thousands of sessions one by one take minutes); pending sessions wait for none
 * (sluice_kill_many). Every name is checked before any session goes (under RTNL nothing
 * comes or goes between the passes), so a request naming a missing session removes none.
 */
static int del_session_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sluice_kill kill;
	int err;

	sluice_kill_init(&kill);
	rtnl_lock();
	err = for_each_named_session(info, NULL);
	/* cannot fail (the same walk under the same lock) once the first pass passed */
	if (!err && !WARN_ON_ONCE(for_each_named_session(info, &kill)))
		sluice_kill_many(&kill);
	rtnl_unlock();
	return err;
}

static int get_session_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *sa[SLUICE_SESSION_A_MAX + 1];
	struct sluice_session *s;
	int err = parse_session(info, sa);

	if (err)
		return err;
	rtnl_lock();
	s = find_session(info, sa);
	err = s ? reply_session(info, s, SLUICE_CMD_GET_SESSION, true) : -ENODEV;
	rtnl_unlock();
	return err;
}

/*
 * Dump cursor: cb->args[0] is the serial of the last session sent, args[1] that session and
 * args[2] the list's generation then. Sessions are listed in creation order and serials
 * only grow, so the dump resumes after that serial. If the list has not changed since the
 * last part, the session is still on it and the walk continues from it directly (a 100k
 * dump stays linear); otherwise it searches from the start, and the change marks the dump
 * inconsistent (NLM_F_DUMP_INTR).
 */
static struct sluice_session *dump_resume(struct sluice_net *sn, struct netlink_callback *cb)
{
	struct sluice_session *s = (struct sluice_session *)cb->args[1];

	if (s && cb->args[2] == sn->generation)
		return list_next_entry(s, list);
	list_for_each_entry(s, &sn->list, list)
		if (s->serial > (u64)cb->args[0])
			break;
	return s;
}

static int get_session_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sluice_net *sn = sluice_net(sock_net(skb->sk));
	struct sluice_session *s, *last = NULL;
	int err = 0;
	void *hdr;

	rtnl_lock();
	cb->seq = sn->generation;
	for (s = dump_resume(sn, cb); !list_entry_is_head(s, &sn->list, list);
	     s = list_next_entry(s, list)) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &sluice_genl_family, NLM_F_MULTI, SLUICE_CMD_GET_SESSION);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (put_session(skb, s, true)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		last = s;
	}
	if (last) {
		cb->args[0] = last->serial;
		cb->args[1] = (long)last;
		cb->args[2] = sn->generation;
	}
	rtnl_unlock();
	/* a full buffer ends this part; the next call resumes after `last` */
	return err == -EMSGSIZE && skb->len ? skb->len : (err ?: skb->len);
}

/* Under RCU: the session a control frame names, by id or (with a device) by ifindex. */
static struct sluice_session *ctrl_frame_session(struct genl_info *info, struct nlattr **sa)
{
	struct net *net = genl_info_net(info);

	if (sa[SLUICE_SESSION_A_ID])
		return sluice_session_by_id_rcu(net, nla_get_u32(sa[SLUICE_SESSION_A_ID]));
	if (sa[SLUICE_SESSION_A_IFINDEX])
		return sluice_session_by_dev(dev_get_by_index_rcu(net,
					nla_get_u32(sa[SLUICE_SESSION_A_IFINDEX])));
	return NULL;
}

/*
 * No RTNL: control frames are frequent (LCP echo for every session). The session is used
 * under RCU: it is freed only a grace period after it left the ids and the device list.
 */
static int ctrl_frame_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *sa[SLUICE_SESSION_A_MAX + 1];
	struct nlattr *frame = info->attrs[SLUICE_A_PPP_FRAME];
	struct sluice_session *s;
	int err = parse_session(info, sa);

	if (err)
		return err;
	if (!frame || nla_len(frame) < 2) {
		NL_SET_ERR_MSG(info->extack, "missing SLUICE_A_PPP_FRAME (protocol and information)");
		return -EINVAL;
	}
	if (!sa[SLUICE_SESSION_A_ID] && !sa[SLUICE_SESSION_A_IFINDEX]) {
		NL_SET_ERR_MSG(info->extack, "control frames name the session by id or ifindex");
		return -EINVAL;
	}
	rcu_read_lock();
	s = ctrl_frame_session(info, sa);
	if (s)
		err = sluice_xmit_ctrl(s, nla_data(frame), nla_len(frame), GFP_ATOMIC);
	rcu_read_unlock();
	if (!s) {
		NL_SET_ERR_MSG(info->extack, "no such sluice session");
		return -ENODEV;
	}
	return err;
}

/* A PPP control frame received on a session, to whoever listens on the "ctrl" group. */
void sluice_genl_ctrl_frame(struct sluice_session *s, struct sk_buff *skb, u16 proto)
{
	struct nlattr *nest, *frame;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(skb->len + 2) + 64, GFP_ATOMIC);
	if (!msg)
		goto drop;
	hdr = genlmsg_put(msg, 0, 0, &sluice_genl_family, 0, SLUICE_CMD_CTRL_FRAME);
	if (!hdr)
		goto free;
	nest = nla_nest_start(msg, SLUICE_A_SESSION);
	if (!nest || nla_put_u32(msg, SLUICE_SESSION_A_ID, s->id) ||
	    (READ_ONCE(s->attached) && nla_put_u32(msg, SLUICE_SESSION_A_IFINDEX, s->dev->ifindex)))
		goto free;
	nla_nest_end(msg, nest);
	/* the protocol field in front of the information, written here, not into the skb */
	frame = nla_reserve(msg, SLUICE_A_PPP_FRAME, skb->len + 2);
	if (!frame || skb_copy_bits(skb, 0, (u8 *)nla_data(frame) + 2, skb->len))
		goto free;
	put_unaligned_be16(proto, nla_data(frame));
	genlmsg_end(msg, hdr);
	consume_skb(skb);
	if (genlmsg_multicast_netns(&sluice_genl_family, s->net, msg, 0, MCGRP_CTRL, GFP_ATOMIC))
		sluice_drop(&s->drops, SLUICE_DROP_CTRL_QUEUE);
	return;
free:
	nlmsg_free(msg);
drop:
	sluice_drop(&s->drops, SLUICE_DROP_CTRL_QUEUE);
	kfree_skb(skb);
}

/* .flags: GENL_ADMIN_PERM, or GENL_UNS_ADMIN_PERM with allow_user_ns (sluice_genl_init) */
static struct genl_small_ops sluice_genl_ops[] __ro_after_init = {
	{ .cmd = SLUICE_CMD_GET_MODULE, .doit = get_module_doit },
	{ .cmd = SLUICE_CMD_NEW_SESSION, .doit = new_session_doit },
	{ .cmd = SLUICE_CMD_SET_SESSION, .doit = set_session_doit },
	{ .cmd = SLUICE_CMD_DEL_SESSION, .doit = del_session_doit },
	{ .cmd = SLUICE_CMD_GET_SESSION, .doit = get_session_doit, .dumpit = get_session_dumpit },
	{ .cmd = SLUICE_CMD_CTRL_FRAME, .doit = ctrl_frame_doit },
};

static struct genl_family sluice_genl_family __ro_after_init = {
	.small_ops = sluice_genl_ops,
	.n_small_ops = ARRAY_SIZE(sluice_genl_ops),
	/* strict checking of the reserved header fields for every command we define */
	.resv_start_op = SLUICE_CMD_GET_MODULE,
	.name = SLUICE_GENL_NAME,
	.version = SLUICE_GENL_VERSION,
	.maxattr = SLUICE_A_MAX,
	.policy = sluice_policy,
	.mcgrps = sluice_mcgrps,
	.n_mcgrps = ARRAY_SIZE(sluice_mcgrps),
	.module = THIS_MODULE,
	.netnsok = true,
	.parallel_ops = true,
};

int __init sluice_genl_init(void)
{
	const struct sluice_encap_ops *ops;
	struct nla_policy *p;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sluice_genl_ops); i++)
		sluice_genl_ops[i].flags = allow_user_ns ? GENL_UNS_ADMIN_PERM : GENL_ADMIN_PERM;
	/* what NLA_POLICY_NESTED() would have written (its const union forbids a copy) */
	for (i = 0; i < SLUICE_ENCAP_COUNT; i++) {
		ops = sluice_encaps[i];
		p = &session_policy[ops->nl_attr];
		p->type = NLA_NESTED;
		p->len = ops->nl_maxtype;
		p->nested_policy = ops->nl_policy;
	}
	return genl_register_family(&sluice_genl_family);
}

void sluice_genl_uninit(void)
{
	genl_unregister_family(&sluice_genl_family);
}
