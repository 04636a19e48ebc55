/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between encapsulations: one ops table each (pptp.c, l2tp.c, pppoe.c), listed in
 * encap.c's sluice_encaps[]. The session, PPP, MPPE, the counters, the device and the
 * netlink family are shared and call these; only an encapsulation's own file knows which
 * encapsulation a session uses.
 */
#ifndef _SLUICE_ENCAP_H
#define _SLUICE_ENCAP_H

#include <linux/types.h>

struct net;
struct netlink_ext_ack;
struct nla_policy;
struct nlattr;
struct rtable;
struct sk_buff;
struct sluice_net;
struct sluice_session;
struct sluice_session_config;
union sluice_session_key;

/* An encapsulation's place in sluice_encaps[] and in each namespace's lookups. */
enum sluice_encap { SLUICE_ENCAP_PPTP, SLUICE_ENCAP_L2TP, SLUICE_ENCAP_PPPOE, SLUICE_ENCAP_COUNT };

struct sluice_encap_ops {
	enum sluice_encap id;

	/* Optional, at module load and unload (main.c): what hands it its packets. */
	int (*init)(void);
	void (*uninit)(void);

	/* netlink.c, in process context: its nest in SLUICE_A_SESSION. */
	u16 nl_attr;				/* SLUICE_SESSION_A_PPTP, ... */
	const struct nla_policy *nl_policy;	/* the nest's attributes, 0..nl_maxtype */
	unsigned int nl_maxtype;
	/* NEW_SESSION: the nest into cfg (key and peer); extack says what is wrong. */
	int (*nl_parse)(const struct nlattr *nest, struct sluice_session_config *cfg,
			struct netlink_ext_ack *extack);
	/* GET_SESSION replies: the nest, from the session's configuration. */
	int (*nl_fill)(struct sk_buff *skb, const struct sluice_session *s);
	const char *exists_msg;			/* NEW_SESSION's -EEXIST: which key is taken */

	/*
	 * Optional, under RTNL: takes what cfg names outside the module (L2TP: the daemon's
	 * socket) before the session is created; put_config drops that hold after.
	 */
	int (*get_config)(struct net *net, struct sluice_session_config *cfg,
			  struct netlink_ext_ack *extack);
	void (*put_config)(struct sluice_session_config *cfg);

	/* session.c, under RTNL. The encapsulation's part of cfg into a new session. */
	void (*init_session)(struct sluice_session *s, const struct sluice_session_config *cfg);
	/* The lookup its receive path searches under RCU: find by key, add, remove. */
	struct sluice_session *(*lookup_rcu)(struct sluice_net *sn,
					     const union sluice_session_key *key);
	int (*hash)(struct sluice_session *s);
	void (*unhash)(struct sluice_session *s);
	/* Optional: the session starts (hashed) and stops (unhashed) using what it holds. */
	void (*attach)(struct sluice_session *s);
	void (*release)(struct sluice_session *s);
	/* Optional: the device's destructor; drops init_session's references, idempotent. */
	void (*free_session)(struct sluice_session *s);

	/* tx.c, under the session's tx lock. */
	/* A route to the peer (held), its source in *saddr; NULL: none. Optional: without it
	 * (PPPoE, below IP) send() gets no route and finds its way itself. */
	struct rtable *(*route)(struct sluice_session *s, __be32 *saddr);
	/* Adds the encapsulation in front of the PPP frame at skb->data and sends it. */
	void (*send)(struct sluice_session *s, struct sk_buff *skb, struct rtable *rt,
		     __be32 saddr);
	unsigned int headroom;		/* bytes send() adds below IP */
	/* PPP frames go without the address and control field, LCP too (PPPoE) */
	bool no_addr_ctrl;
};

/* The most any encapsulation adds below IP: UDP + the L2TP header (GRE's max is 16). */
#define SLUICE_ENCAP_HDR_MAX 22

/* encap.c APIs: */
extern const struct sluice_encap_ops *const sluice_encaps[SLUICE_ENCAP_COUNT];
int sluice_encaps_init(void);
void sluice_encaps_uninit(void);

#endif /* _SLUICE_ENCAP_H */
