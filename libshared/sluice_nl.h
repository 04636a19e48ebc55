/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed calls on the sluice generic netlink family (kmod/uapi/sluice.h), for sluiced and the
 * tools. Addresses are IPv4 in network byte order; every call returns 0 or a negative errno.
 */
#ifndef SLUICE_SLUICE_NL_H
#define SLUICE_SLUICE_NL_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include "genl.h"
#include "uapi/sluice.h"

struct sluice_module_info {
	char version[32];
	uint32_t api;
	uint32_t sessions;
	uint32_t pending;		/* of sessions, without an interface yet (API 5) */
	uint64_t drops[__SLUICE_DROP_MAX];
};

enum sluice_nl_encap { SLUICE_NL_ENCAP_PPTP, SLUICE_NL_ENCAP_L2TP, SLUICE_NL_ENCAP_PPPOE };

/* A direction's rate limit (API 7), bits per second; rate 0: none. */
struct sluice_nl_limit {
	uint64_t rate, burst_rate, burst_threshold;	/* burst_rate 0: no burst */
	uint32_t burst_time_ms;
};

struct sluice_nl_limits {
	struct sluice_nl_limit rx;	/* from the peer (its upload) */
	struct sluice_nl_limit tx;	/* to the peer (its download) */
};

/* What a session is: given to NEW_SESSION, reported by GET_SESSION (keys never come back). */
struct sluice_session_params {
	char ifname[IFNAMSIZ];		/* empty: the module picks "sluice%d" */
	uint32_t id;			/* reported; names the session in requests if set (API 5;
					 * an older module's sessions: their ifindex) */
	uint32_t ifindex;		/* reported, 0 while pending; names it if id is 0 */
	bool pending;			/* NEW: no interface until attached (API 5); reported */
	uint32_t mtu;			/* 0: the module's default */
	enum sluice_nl_encap encap;
	uint32_t local_addr, peer_addr;	/* both encapsulations (L2TP: local may be 0) */
	uint16_t local_call_id, peer_call_id;	/* PPTP */
	int l2tp_fd;			/* L2TP: the UDP socket (NEW_SESSION only) */
	uint16_t peer_port, local_port;	/* L2TP, host order; local_port is reported only */
	uint16_t local_tunnel_id, local_session_id, peer_tunnel_id, peer_session_id;
	uint32_t l2tp_flags;		/* SLUICE_L2TP_F_* */
	uint32_t l2tp_mark;		/* the IPsec SA's mark (API 6); 0: none, not sent */
	uint32_t pppoe_ifindex;		/* PPPoE (API 8): the Ethernet device */
	uint8_t pppoe_peer_mac[6];	/* PPPoE: the peer's MAC */
	uint16_t pppoe_session_id;	/* PPPoE, host order: 1 to 0xfffe */
	uint32_t ppp_flags;		/* SLUICE_PPP_F_* */
	uint16_t mru;			/* 0: unset */
	uint32_t ppp_protocols;		/* SLUICE_PPP_PROTO_*: the NCPs open (API 4); 0: not sent,
					 * the session keeps what it carries (new: IPv4) */
	uint32_t mppe_bits;		/* 0: no MPPE; 40, 56, 128 */
	uint32_t mppe_flags;		/* SLUICE_MPPE_F_* */
	uint8_t send_key[SLUICE_MPPE_KEY_LEN], recv_key[SLUICE_MPPE_KEY_LEN];
	struct sluice_nl_limits limits;	/* reported only: sluice_nl_session_limit() sets them */
};

struct sluice_session_stats {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes, rx_ctrl, tx_ctrl, last_rx_ms;
	uint64_t drops[__SLUICE_DROP_MAX];
	bool gro;			/* busy enough to receive through GRO (API 9) */
};

struct sluice_session_info {
	struct sluice_session_params p;
	struct sluice_session_stats st;
};

typedef void (*sluice_session_cb)(const struct sluice_session_info *s, void *data);
/* ifindex: 0 while the session is pending */
typedef void (*sluice_frame_cb)(uint32_t id, uint32_t ifindex, const uint8_t *frame, size_t len,
				void *data);

/* Opens g and resolves the sluice family; -ENOENT: the module is not loaded. */
int sluice_nl_open(struct genl_sock *g);
int sluice_nl_get_module(struct genl_sock *g, struct sluice_module_info *info);
/* Creates a session; fills in p->id, p->ifindex, p->ifname and p->pending from the reply. */
int sluice_nl_session_new(struct genl_sock *g, struct sluice_session_params *p);
/* Changes MTU, PPP options and, if mppe_bits is set, MPPE keys of the session p names. */
int sluice_nl_session_set(struct genl_sock *g, const struct sluice_session_params *p);
/*
 * As set, and the pending session p->id gets its interface, named p->ifname or the
 * module's "sluice%d"; fills in p->ifindex and p->ifname. -EEXIST: the name is taken (the
 * session stays pending). A module before API 5 made it with its interface: a plain set.
 */
int sluice_nl_session_attach(struct genl_sock *g, struct sluice_session_params *p);
/*
 * The session's rate limits, both directions at once (a rate of 0: none that way), without
 * dropping it. -EOPNOTSUPP: the module predates API 7.
 */
int sluice_nl_session_limit(struct genl_sock *g, uint32_t id, const struct sluice_nl_limits *l);
/* Sessions are named by id (0: by ifname instead). */
int sluice_nl_session_del(struct genl_sock *g, uint32_t id, const char *ifname);
/* Most sessions one DEL_SESSION names (24 bytes each by name: the request fits g->buf). */
#define SLUICE_NL_DEL_BATCH 1024
/*
 * Removes n sessions in one request, each named by id[i], or ifname[i] where id is
 * NULL: all, in one grace period, or none (-ENODEV). n > 1 needs an API 3 module
 * (-EOPNOTSUPP otherwise); -EINVAL for 0 or more than SLUICE_NL_DEL_BATCH, -ENAMETOOLONG
 * for a name of IFNAMSIZ or more.
 */
int sluice_nl_session_del_batch(struct genl_sock *g, size_t n, const uint32_t *id,
				const char *const *ifname);
struct sluice_nl_del_stats {
	size_t removed;		/* sessions these requests removed */
	size_t gone;		/* sessions already gone when asked (another path removed them) */
	size_t requests;	/* DEL_SESSION requests sent */
};
/*
 * Removes these sessions in as few batches as fit. If a batch finds one gone, those gone
 * are dropped (once; the array is compacted) and it goes on; a batch that fails otherwise
 * (an API 2 module) goes one session per request.
 */
void sluice_nl_session_del_many(struct genl_sock *g, uint32_t *id, size_t n,
				struct sluice_nl_del_stats *st);
/* A growing list of session ids (zeroed to start; free v when done). */
struct sluice_ids {
	uint32_t *v;
	size_t n, cap;
};
int sluice_ids_add(struct sluice_ids *x, uint32_t id);
/* Every session's id (GET_SESSION dump) in *v, which the caller frees, and *n. */
int sluice_nl_session_ids(struct genl_sock *g, uint32_t **v, size_t *n);
int sluice_nl_session_get(struct genl_sock *g, uint32_t id, const char *ifname,
			  struct sluice_session_info *out);
int sluice_nl_session_dump(struct genl_sock *g, sluice_session_cb cb, void *data);
/* Sends a PPP control frame (protocol, then information) out through a session. */
int sluice_nl_ctrl_send(struct genl_sock *g, uint32_t id, const uint8_t *frame, size_t len);
/* Subscribes g to received control frames; then sluice_nl_ctrl_recv delivers them. */
int sluice_nl_ctrl_subscribe(struct genl_sock *g);
int sluice_nl_ctrl_recv(struct genl_sock *g, sluice_frame_cb cb, void *data);

/* "gre-truncated", "seq-duplicate", ...: stable names for the drop reasons. */
const char *sluice_drop_name(unsigned int reason);

#endif /* SLUICE_SLUICE_NL_H */
