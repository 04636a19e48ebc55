// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 data over UDP (RFC 2661). sluiced owns the UDP socket (1701, or any bound address)
 * and names it by fd when it pushes a session; while the socket carries sessions it is an
 * encapsulation socket whose encap_rcv takes the data messages (T=0) of known sessions and
 * returns everything else, control messages above all, to the socket as plain UDP. With its
 * last session gone it is a plain socket again; closed, it takes its sessions with it.
 *
 * Receive finds the session by (our tunnel id, our session id) in the namespace's L2TP hash
 * and also requires the socket, the peer's address and its port to match, so a forged data
 * message from elsewhere cannot reach a session. Transmit builds the header under the
 * session's own tx lock and sends with udp_tunnel_xmit_skb from the socket's port: sessions
 * of one tunnel share no lock. Routing goes through the socket (ip_route_output_flow with
 * it), and receive checks the socket's IPsec policy, so an ESP transport-mode SA (L2TP/IPsec,
 * NAT-T included) applies to the sessions' packets without this file knowing about it.
 */
#include <linux/file.h>
#include <linux/ip.h>
#include <linux/net.h>
#include <linux/udp.h>
#include <net/genetlink.h>
#include <net/inet_sock.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/xfrm.h>
#include "l2tp.h"
#include "l2tp_hdr.h"
#include "ppp.h"
#include "sluice.h"

static const struct nla_policy l2tp_nl_policy[SLUICE_L2TP_A_MAX + 1] = {
	[SLUICE_L2TP_A_FD] = { .type = NLA_S32 },
	[SLUICE_L2TP_A_LOCAL_ADDR] = { .type = NLA_BE32 },
	[SLUICE_L2TP_A_PEER_ADDR] = { .type = NLA_BE32 },
	[SLUICE_L2TP_A_PEER_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[SLUICE_L2TP_A_LOCAL_TUNNEL_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[SLUICE_L2TP_A_LOCAL_SESSION_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[SLUICE_L2TP_A_PEER_TUNNEL_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[SLUICE_L2TP_A_PEER_SESSION_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[SLUICE_L2TP_A_FLAGS] = { .type = NLA_U32 },
	[SLUICE_L2TP_A_LOCAL_PORT] = { .type = NLA_REJECT },
	[SLUICE_L2TP_A_MARK] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const u8 l2tp_drop_reason[] = {
	[SLUICE_L2TP_TRUNCATED] = SLUICE_DROP_L2TP_TRUNCATED,
	[SLUICE_L2TP_BAD_VERSION] = SLUICE_DROP_L2TP_VERSION,
	[SLUICE_L2TP_BAD_LENGTH] = SLUICE_DROP_L2TP_LENGTH,
	[SLUICE_L2TP_BAD_OFFSET] = SLUICE_DROP_L2TP_OFFSET,
};

static void sluice_l2tp_sock_put(struct sluice_l2tp_sock *us)
{
	if (refcount_dec_and_test(&us->ref)) {
		sock_put(us->sk);
		kfree_rcu(us, rcu);	/* encap_rcv may still be reading it */
	}
}

/* --- receive */

/* Under RCU: the session with our ids key.l2tp (tunnel, session), from any peer. */
static struct sluice_session *l2tp_lookup_rcu(struct sluice_net *sn,
					      const union sluice_session_key *key)
{
	return sluice_session_lookup_key_rcu(sn, SLUICE_ENCAP_L2TP, key);
}

static bool from_peer(const struct sluice_session *s, const struct sluice_l2tp_sock *us,
		      const struct sk_buff *skb)
{
	/* behind one NAT, only the IPsec SA's mark tells two clients apart */
	return s->l2tp.us == us && ip_hdr(skb)->saddr == s->l2tp.peer_addr &&
	       udp_hdr(skb)->source == s->l2tp.peer_port &&
	       (!s->l2tp.mark || skb->mark == s->l2tp.mark);
}

/*
 * skb->data at the UDP header, checksum verified, under RCU. Returns 1 to hand the datagram
 * to the socket (control messages, and anything once the socket is detached), 0 when it was
 * taken (delivered or dropped).
 */
int sluice_l2tp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct sluice_l2tp_sock *us = rcu_dereference_sk_user_data(sk);
	enum sluice_drop why = SLUICE_DROP_UNSPEC;
	union sluice_session_key key = {};
	enum sluice_l2tp_verdict v;
	enum sluice_rx_action action;
	struct sluice_l2tp_hdr h;
	struct sluice_session *s;
	struct sluice_net *sn;
	unsigned int len;
	u16 proto = 0;

	if (!us)
		return 1;
	sn = sluice_net(sock_net(sk));
	/*
	 * Aggregated datagrams (GRO, or a GSO packet handed over whole, e.g. through a veth)
	 * would be parsed as one message with the others inside it. UDP segments what the
	 * socket does not accept before calling us on current kernels, a tunnel's GSO types
	 * excepted; what still comes is dropped, not misread (or handed to sluiced whole).
	 */
	if (unlikely(skb_is_gso(skb))) {
		sluice_drop(&sn->drops, SLUICE_DROP_L2TP_GSO);
		net_dbg_ratelimited("L2TP: GSO datagram from %pI4 dropped\n", &ip_hdr(skb)->saddr);
		goto free;
	}
	len = skb->len - sizeof(struct udphdr);
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + min_t(unsigned int, len,
							       SLUICE_L2TP_HDR_MAX)))
		goto drop_truncated;
	v = sluice_l2tp_parse(skb->data + sizeof(struct udphdr), len, &h);
	if (v == SLUICE_L2TP_CONTROL)
		return 1;
	if (v != SLUICE_L2TP_DATA) {
		sluice_drop(&sn->drops, l2tp_drop_reason[v]);
		net_dbg_ratelimited("L2TP from %pI4:%u refused (reason %d)\n",
				    &ip_hdr(skb)->saddr, ntohs(udp_hdr(skb)->source), v);
		goto free;
	}
	key.l2tp.tunnel_id = h.tunnel_id;
	key.l2tp.session_id = h.session_id;
	s = l2tp_lookup_rcu(sn, &key);
	if (!s) {
		sluice_drop(&sn->drops, SLUICE_DROP_NO_SESSION);
		goto free;
	}
	if (!from_peer(s, us, skb)) {
		sluice_drop(&sn->drops, SLUICE_DROP_L2TP_PEER);
		net_dbg_ratelimited("L2TP for %s from %pI4:%u: not its peer\n", s->dev->name,
				    &ip_hdr(skb)->saddr, ntohs(udp_hdr(skb)->source));
		goto free;
	}
	/* UDP checks the socket's policy only after us: L2TP/IPsec must not take plain text */
	if (!xfrm4_policy_check(sk, XFRM_POLICY_IN, skb)) {
		sluice_drop(&sn->drops, SLUICE_DROP_L2TP_POLICY);
		goto free;
	}
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + h.hdr_len) ||
	    pskb_trim(skb, sizeof(struct udphdr) + h.msg_len))
		goto drop_truncated;
	__skb_pull(skb, sizeof(struct udphdr) + h.hdr_len);
	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, SLUICE_PPP_HDR_MAX))) {
		sluice_drop(&s->drops, SLUICE_DROP_PPP_MALFORMED);
		goto free;
	}

	/* data Ns only orders delivery, which we do not hold packets for: not checked */
	spin_lock(&s->rx_lock);
	action = sluice_rx_ppp_locked(s, skb, &proto, &why);
	spin_unlock(&s->rx_lock);
	sluice_rx_finish(s, skb, action, proto, why);
	return 0;

drop_truncated:
	sluice_drop(&sn->drops, SLUICE_DROP_L2TP_TRUNCATED);
free:
	kfree_skb(skb);
	return 0;
}

/* The daemon closed the socket (or died): its sessions go, from process context with RTNL. */
static void close_work(struct work_struct *work)
{
	struct sluice_l2tp_sock *us = container_of(work, struct sluice_l2tp_sock, close_work);
	struct sluice_net *sn = sluice_net(sock_net(us->sk));
	struct sluice_session *s;
	struct sluice_kill kill;

	sluice_kill_init(&kill);
	rtnl_lock();
	list_for_each_entry(s, &sn->list, list)
		if (s->ops == &sluice_l2tp_ops && s->l2tp.us == us)
			sluice_kill_queue(&kill, s);
	sluice_kill_many(&kill);
	rtnl_unlock();
	sluice_l2tp_sock_put(us);
}

static void encap_destroy(struct sock *sk)
{
	struct sluice_l2tp_sock *us;

	rcu_read_lock();
	us = rcu_dereference_sk_user_data(sk);
	if (us && refcount_inc_not_zero(&us->ref) && !queue_work(sluice_wq, &us->close_work))
		sluice_l2tp_sock_put(us);
	rcu_read_unlock();
}

/* --- the socket: attach when the first session comes, detach after the last one */

static int check_socket(struct net *net, struct sock *sk, const char **why)
{
	if (sk->sk_family != AF_INET || sk->sk_type != SOCK_DGRAM ||
	    sk->sk_protocol != IPPROTO_UDP) {
		*why = "the L2TP socket must be an IPv4 UDP socket";
		return -EPROTONOSUPPORT;
	}
	if (!net_eq(sock_net(sk), net)) {
		*why = "the L2TP socket belongs to another network namespace";
		return -EINVAL;
	}
	if (!inet_sk(sk)->inet_num) {
		*why = "the L2TP socket must be bound";
		return -EINVAL;
	}
	return 0;
}

/* UDP_GRO asks for aggregated datagrams, which are not L2TP messages (encap_rcv). */
static bool udp_gro_enabled(struct sock *sk)
{
#ifdef udp_test_bit
	return udp_test_bit(GRO_ENABLED, sk);
#else
	return udp_sk(sk)->gro_enabled;
#endif
}

/*
 * Under lock_sock and sk_callback_lock, as l2tp_core and sockmap serialise claims on
 * sk_user_data: the socket's existing attachment, NULL if it is free, or an error.
 */
static struct sluice_l2tp_sock *claim(struct sock *sk, struct sluice_l2tp_sock *fresh,
				      const char **why, int *err)
{
	struct sluice_l2tp_sock *us = __locked_read_sk_user_data_with_flags(sk, 0);

	if (us && READ_ONCE(udp_sk(sk)->encap_rcv) == sluice_l2tp_encap_rcv) {
		refcount_inc(&us->ref);
		return us;
	}
	if (us || READ_ONCE(udp_sk(sk)->encap_type)) {
		*why = "the socket is already another tunnel's (l2tp_core, ESP in UDP, ...)";
		*err = -EBUSY;
		return ERR_PTR(-EBUSY);
	}
	if (udp_gro_enabled(sk)) {
		*why = "the L2TP socket has UDP_GRO on: aggregated datagrams are not messages";
		*err = -EINVAL;
		return ERR_PTR(-EINVAL);
	}
	rcu_assign_sk_user_data(sk, fresh);
	return NULL;
}

/* Under lock_sock: the socket's attachment, made now if there is none. */
static struct sluice_l2tp_sock *attach(struct net *net, struct socket *sock, const char **why,
				       int *err)
{
	struct udp_tunnel_sock_cfg cfg = {
		.encap_type = UDP_ENCAP_L2TPINUDP,
		.encap_rcv = sluice_l2tp_encap_rcv,
		.encap_destroy = encap_destroy,
	};
	struct sock *sk = sock->sk;
	struct sluice_l2tp_sock *us, *fresh;

	/* made whole before it is published, and not under the rwlock */
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh) {
		*err = -ENOMEM;
		return NULL;
	}
	fresh->sk = sk;
	refcount_set(&fresh->ref, 2);	/* the attachment, and the caller */
	fresh->attached = true;
	INIT_WORK(&fresh->close_work, close_work);
	write_lock_bh(&sk->sk_callback_lock);
	us = claim(sk, fresh, why, err);
	write_unlock_bh(&sk->sk_callback_lock);
	if (us) {
		kfree(fresh);
		return IS_ERR(us) ? NULL : us;
	}
	sock_hold(sk);
	us = fresh;
	cfg.sk_user_data = us;
	setup_udp_tunnel_sock(net, sock, &cfg);	/* may sleep: after the rwlock */
	return us;
}

/* Under RTNL: sock made ours if it is not yet, with a reference for the caller. */
struct sluice_l2tp_sock *sluice_l2tp_sock_attach_sock(struct net *net, struct socket *sock,
						      const char **why, int *err)
{
	struct sluice_l2tp_sock *us = NULL;

	ASSERT_RTNL();
	*err = check_socket(net, sock->sk, why);
	if (!*err) {
		lock_sock(sock->sk);
		us = attach(net, sock, why, err);
		release_sock(sock->sk);
	}
	return us;
}

/*
 * Under RTNL: the socket behind fd, made ours if it is not yet, with a reference for the
 * caller (sluice_l2tp_sock_release when done). NULL with *err and *why when refused.
 */
static struct sluice_l2tp_sock *sluice_l2tp_sock_attach(struct net *net, int fd,
							const char **why, int *err)
{
	struct sluice_l2tp_sock *us;
	struct socket *sock;

	sock = sockfd_lookup(fd, err);
	if (!sock) {
		*why = "SLUICE_L2TP_A_FD is not a socket";
		return NULL;
	}
	us = sluice_l2tp_sock_attach_sock(net, sock, why, err);
	sockfd_put(sock);
	return us;
}

/* Under RTNL, with no session left on the socket: give it back to plain UDP. */
static void detach(struct sluice_l2tp_sock *us)
{
	struct sock *sk = us->sk;

	lock_sock(sk);
	WRITE_ONCE(udp_sk(sk)->encap_rcv, NULL);
	WRITE_ONCE(udp_sk(sk)->encap_destroy, NULL);
	WRITE_ONCE(udp_sk(sk)->encap_type, 0);
	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
	release_sock(sk);
	us->attached = false;
	sluice_l2tp_sock_put(us);	/* the attachment's reference */
}

static void sluice_l2tp_sock_release_if_idle(struct sluice_l2tp_sock *us)
{
	ASSERT_RTNL();
	if (us->attached && !us->sessions)
		detach(us);
}

/* Under RTNL: the caller's reference from sluice_l2tp_sock_attach. */
void sluice_l2tp_sock_release(struct sluice_l2tp_sock *us)
{
	sluice_l2tp_sock_release_if_idle(us);
	sluice_l2tp_sock_put(us);
}

/* --- transmit */

static struct rtable *l2tp_route(struct sluice_session *s, __be32 *saddr)
{
	struct sock *sk = s->l2tp.us->sk;
	struct rtable *rt = dst_cache_get_ip4(&s->dst_cache, saddr);
	struct flowi4 fl4 = {
		.daddr = s->l2tp.peer_addr,
		.saddr = s->local_addr ?: inet_sk(sk)->inet_saddr,
		.flowi4_proto = IPPROTO_UDP,
		.flowi4_oif = READ_ONCE(sk->sk_bound_dev_if),
		.flowi4_mark = s->l2tp.mark ?: READ_ONCE(sk->sk_mark),
		.fl4_sport = inet_sk(sk)->inet_sport,
		.fl4_dport = s->l2tp.peer_port,
	};

	if (rt)
		return rt;
	if (sock_flag(sk, SOCK_DEAD))
		return NULL;	/* closed: its sessions are on their way out */
	/* with the socket: its IPsec policy (L2TP/IPsec) chooses the SA */
	rt = ip_route_output_flow(s->net, &fl4, sk);
	if (IS_ERR(rt))
		return NULL;
	if (rt->dst.dev == s->dev) {	/* the tunnel would carry itself */
		ip_rt_put(rt);
		return NULL;
	}
	dst_cache_set_ip4(&s->dst_cache, &rt->dst, fl4.saddr);
	*saddr = fl4.saddr;
	return rt;
}

static void l2tp_send(struct sluice_session *s, struct sk_buff *skb, struct rtable *rt,
		      __be32 saddr)
{
	struct sluice_l2tp_peer *p = &s->l2tp;
	struct sluice_l2tp_hdr h = {
		.tunnel_id = p->peer_tunnel_id,
		.session_id = p->peer_session_id,
		.has_seq = p->flags & SLUICE_L2TP_F_TX_SEQ,
		.has_len = p->flags & SLUICE_L2TP_F_TX_LEN,
	};
	struct sock *sk = p->us->sk;
	unsigned int hlen;

	if (h.has_seq)
		h.ns = p->tx_ns++;	/* Nr is reserved on data messages: 0 */
	hlen = sluice_l2tp_hdr_len(&h);
	h.length = skb->len + hlen;
	sluice_l2tp_build(skb_push(skb, hlen), &h);
	/* udp_set_csum looks at the route's device: give the packet its real route first */
	skb_dst_drop(skb);
	skb_dst_set(skb, dst_clone(&rt->dst));
	/* no skb->dev: iptunnel_xmit would count into per-CPU stats we do not keep */
	skb->dev = NULL;
	if (p->mark)		/* netfilter and the SA's policy see the tunnel's mark */
		skb->mark = p->mark;
	udp_tunnel_xmit_skb(rt, sk, skb, saddr, p->peer_addr, 0, ip4_dst_hoplimit(&rt->dst), 0,
			    inet_sk(sk)->inet_sport, p->peer_port, false, false);
}

/* --- netlink: the SLUICE_SESSION_A_L2TP nest */

/* Everything but the socket, which l2tp_get_config attaches once the request is known good. */
static int l2tp_nl_parse(const struct nlattr *attr, struct sluice_session_config *cfg,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *a[SLUICE_L2TP_A_MAX + 1];
	int err = nla_parse_nested(a, SLUICE_L2TP_A_MAX, attr, l2tp_nl_policy, extack);

	if (err)
		return err;
	if (!a[SLUICE_L2TP_A_FD] || !a[SLUICE_L2TP_A_PEER_ADDR] || !a[SLUICE_L2TP_A_PEER_PORT] ||
	    !a[SLUICE_L2TP_A_LOCAL_TUNNEL_ID] || !a[SLUICE_L2TP_A_LOCAL_SESSION_ID] ||
	    !a[SLUICE_L2TP_A_PEER_TUNNEL_ID] || !a[SLUICE_L2TP_A_PEER_SESSION_ID]) {
		NL_SET_ERR_MSG(extack,
			       "L2TP needs the socket, the peer's address and port, and both pairs of tunnel and session ids");
		return -EINVAL;
	}
	cfg->l2tp_fd = nla_get_s32(a[SLUICE_L2TP_A_FD]);
	if (a[SLUICE_L2TP_A_LOCAL_ADDR])
		cfg->local_addr = nla_get_be32(a[SLUICE_L2TP_A_LOCAL_ADDR]);
	cfg->l2tp.peer_addr = nla_get_be32(a[SLUICE_L2TP_A_PEER_ADDR]);
	cfg->l2tp.peer_port = htons(nla_get_u16(a[SLUICE_L2TP_A_PEER_PORT]));
	cfg->key.l2tp.tunnel_id = nla_get_u16(a[SLUICE_L2TP_A_LOCAL_TUNNEL_ID]);
	cfg->key.l2tp.session_id = nla_get_u16(a[SLUICE_L2TP_A_LOCAL_SESSION_ID]);
	cfg->l2tp.peer_tunnel_id = nla_get_u16(a[SLUICE_L2TP_A_PEER_TUNNEL_ID]);
	cfg->l2tp.peer_session_id = nla_get_u16(a[SLUICE_L2TP_A_PEER_SESSION_ID]);
	if (a[SLUICE_L2TP_A_FLAGS])
		cfg->l2tp.flags = nla_get_u32(a[SLUICE_L2TP_A_FLAGS]);
	if (a[SLUICE_L2TP_A_MARK])
		cfg->l2tp.mark = nla_get_u32(a[SLUICE_L2TP_A_MARK]);
	if (cfg->l2tp.flags & ~SLUICE_L2TP_F_ALL) {
		NL_SET_ERR_MSG_ATTR(extack, a[SLUICE_L2TP_A_FLAGS], "unknown L2TP flags");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int l2tp_nl_fill(struct sk_buff *skb, const struct sluice_session *s)
{
	struct nlattr *nest = nla_nest_start(skb, SLUICE_SESSION_A_L2TP);
	const struct sluice_l2tp_peer *p = &s->l2tp;

	if (!nest ||
	    nla_put_be32(skb, SLUICE_L2TP_A_LOCAL_ADDR, s->local_addr) ||
	    nla_put_be32(skb, SLUICE_L2TP_A_PEER_ADDR, p->peer_addr) ||
	    nla_put_u16(skb, SLUICE_L2TP_A_PEER_PORT, ntohs(p->peer_port)) ||
	    nla_put_u16(skb, SLUICE_L2TP_A_LOCAL_PORT, ntohs(inet_sk(p->us->sk)->inet_sport)) ||
	    nla_put_u16(skb, SLUICE_L2TP_A_LOCAL_TUNNEL_ID, s->key.l2tp.tunnel_id) ||
	    nla_put_u16(skb, SLUICE_L2TP_A_LOCAL_SESSION_ID, s->key.l2tp.session_id) ||
	    nla_put_u16(skb, SLUICE_L2TP_A_PEER_TUNNEL_ID, p->peer_tunnel_id) ||
	    nla_put_u16(skb, SLUICE_L2TP_A_PEER_SESSION_ID, p->peer_session_id) ||
	    nla_put_u32(skb, SLUICE_L2TP_A_FLAGS, p->flags) ||
	    (p->mark && nla_put_u32(skb, SLUICE_L2TP_A_MARK, p->mark)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* --- the session: a reference on its socket, and a count the socket is detached at 0 */

/* Under RTNL: the request's socket, held by cfg until l2tp_put_config. */
static int l2tp_get_config(struct net *net, struct sluice_session_config *cfg,
			   struct netlink_ext_ack *extack)
{
	const char *why = NULL;
	int err;

	cfg->l2tp.us = sluice_l2tp_sock_attach(net, cfg->l2tp_fd, &why, &err);
	if (cfg->l2tp.us)
		return 0;
	/* why is a string constant, as NL_SET_ERR_MSG's message must be */
	if (extack && why)
		extack->_msg = why;
	return err;
}

static void l2tp_put_config(struct sluice_session_config *cfg)
{
	sluice_l2tp_sock_release(cfg->l2tp.us);	/* the session holds its own */
}

static void l2tp_init_session(struct sluice_session *s, const struct sluice_session_config *cfg)
{
	s->key.l2tp.zero = 0;
	s->l2tp = cfg->l2tp;
	refcount_inc(&s->l2tp.us->ref);	/* dropped with the session's state */
}

static void l2tp_attach(struct sluice_session *s)
{
	s->l2tp.us->sessions++;
}

/* the socket's last session: it is a plain UDP socket again */
static void l2tp_release(struct sluice_session *s)
{
	s->l2tp.us->sessions--;
	sluice_l2tp_sock_release_if_idle(s->l2tp.us);
}

static void l2tp_free_session(struct sluice_session *s)
{
	if (s->l2tp.us) {
		sluice_l2tp_sock_put(s->l2tp.us);
		s->l2tp.us = NULL;
	}
}

const struct sluice_encap_ops sluice_l2tp_ops = {
	.id = SLUICE_ENCAP_L2TP,
	.nl_attr = SLUICE_SESSION_A_L2TP,
	.nl_policy = l2tp_nl_policy,
	.nl_maxtype = SLUICE_L2TP_A_MAX,
	.nl_parse = l2tp_nl_parse,
	.nl_fill = l2tp_nl_fill,
	.exists_msg = "a session with these tunnel and session ids exists",
	.get_config = l2tp_get_config,
	.put_config = l2tp_put_config,
	.init_session = l2tp_init_session,
	.lookup_rcu = l2tp_lookup_rcu,
	.hash = sluice_session_hash_key,
	.unhash = sluice_session_unhash_key,
	.attach = l2tp_attach,
	.release = l2tp_release,
	.free_session = l2tp_free_session,
	.route = l2tp_route,
	.send = l2tp_send,
	.headroom = sizeof(struct udphdr) + SLUICE_L2TP_HDR_MAX,
};
