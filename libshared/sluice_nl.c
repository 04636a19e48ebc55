// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include "sluice_nl.h"

int sluice_nl_open(struct genl_sock *g)
{
	int ret = genl_open(g);

	if (ret)
		return ret;
	ret = genl_resolve(g, SLUICE_GENL_NAME);
	if (ret)
		genl_close(g);
	return ret;
}

const char *sluice_drop_name(unsigned int reason)
{
	static const char *const names[__SLUICE_DROP_MAX] = {
		[SLUICE_DROP_GRE_TRUNCATED] = "gre-truncated",
		[SLUICE_DROP_GRE_VERSION] = "gre-version",
		[SLUICE_DROP_GRE_FLAGS] = "gre-flags",
		[SLUICE_DROP_GRE_PROTO] = "gre-protocol",
		[SLUICE_DROP_GRE_LENGTH] = "gre-length",
		[SLUICE_DROP_NO_SESSION] = "no-session",
		[SLUICE_DROP_SEQ_DUPLICATE] = "seq-duplicate",
		[SLUICE_DROP_SEQ_OLD] = "seq-old",
		[SLUICE_DROP_PPP_MALFORMED] = "ppp-malformed",
		[SLUICE_DROP_PPP_UNEXPECTED] = "ppp-unexpected",
		[SLUICE_DROP_MPPE_MALFORMED] = "mppe-malformed",
		[SLUICE_DROP_MPPE_COHERENCY] = "mppe-coherency",
		[SLUICE_DROP_MPPE_LATE] = "mppe-late",
		[SLUICE_DROP_CTRL_QUEUE] = "ctrl-queue",
		[SLUICE_DROP_TX_NO_ROUTE] = "tx-no-route",
		[SLUICE_DROP_TX_TOO_BIG] = "tx-too-big",
		[SLUICE_DROP_TX_NOMEM] = "tx-nomem",
		[SLUICE_DROP_TX_PROTO] = "tx-protocol",
		[SLUICE_DROP_L2TP_TRUNCATED] = "l2tp-truncated",
		[SLUICE_DROP_L2TP_VERSION] = "l2tp-version",
		[SLUICE_DROP_L2TP_LENGTH] = "l2tp-length",
		[SLUICE_DROP_L2TP_OFFSET] = "l2tp-offset",
		[SLUICE_DROP_L2TP_PEER] = "l2tp-peer",
		[SLUICE_DROP_L2TP_POLICY] = "l2tp-policy",
		[SLUICE_DROP_TX_NESTED] = "tx-nested",
		[SLUICE_DROP_GRE_NOT_HOST] = "gre-not-host",
		[SLUICE_DROP_L2TP_GSO] = "l2tp-gso",
		[SLUICE_DROP_CTRL_RATE] = "ctrl-rate",
		[SLUICE_DROP_CTRL_TOO_BIG] = "ctrl-too-big",
		[SLUICE_DROP_MPPE_REKEY_LIMIT] = "mppe-rekey-limit",
		[SLUICE_DROP_PPP_PROTO_CLOSED] = "ppp-proto-closed",
		[SLUICE_DROP_PENDING] = "pending",
		[SLUICE_DROP_RATE_RX] = "rate-limit-rx",
		[SLUICE_DROP_RATE_TX] = "rate-limit-tx",
		[SLUICE_DROP_PPPOE_TRUNCATED] = "pppoe-truncated",
		[SLUICE_DROP_PPPOE_HEADER] = "pppoe-header",
		[SLUICE_DROP_PPPOE_NOT_HOST] = "pppoe-not-host",
		[SLUICE_DROP_PPPOE_DEVICE] = "pppoe-device",
	};

	return reason < __SLUICE_DROP_MAX && names[reason] ? names[reason] : "unknown";
}

/* --- parsing replies: unknown attributes (from newer modules) are skipped */

static int drops_cb(const struct nlattr *attr, void *data)
{
	uint64_t *drops = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type < __SLUICE_DROP_MAX && type != SLUICE_DROP_PAD &&
	    mnl_attr_validate(attr, MNL_TYPE_U64) >= 0)
		drops[type] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int module_attr_cb(const struct nlattr *attr, void *data)
{
	struct sluice_module_info *info = data;

	switch (mnl_attr_get_type(attr)) {
	case SLUICE_MODULE_A_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		snprintf(info->version, sizeof(info->version), "%s", mnl_attr_get_str(attr));
		break;
	case SLUICE_MODULE_A_API:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		info->api = mnl_attr_get_u32(attr);
		break;
	case SLUICE_MODULE_A_SESSIONS:
	case SLUICE_MODULE_A_PENDING:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		*(mnl_attr_get_type(attr) == SLUICE_MODULE_A_PENDING ? &info->pending :
		  &info->sessions) = mnl_attr_get_u32(attr);
		break;
	case SLUICE_MODULE_A_DROPS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		return mnl_attr_parse_nested(attr, drops_cb, info->drops);
	}
	return MNL_CB_OK;
}

static int pppoe_cb(const struct nlattr *attr, void *data)
{
	struct sluice_session_params *p = data;

	switch (mnl_attr_get_type(attr)) {
	case SLUICE_PPPOE_A_IFINDEX:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		p->pppoe_ifindex = mnl_attr_get_u32(attr);
		break;
	case SLUICE_PPPOE_A_PEER_MAC:
		if (mnl_attr_get_payload_len(attr) != sizeof(p->pppoe_peer_mac))
			return MNL_CB_ERROR;
		memcpy(p->pppoe_peer_mac, mnl_attr_get_payload(attr), sizeof(p->pppoe_peer_mac));
		break;
	case SLUICE_PPPOE_A_SESSION_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		p->pppoe_session_id = mnl_attr_get_u16(attr);
		break;
	}
	return MNL_CB_OK;
}

static int pptp_cb(const struct nlattr *attr, void *data)
{
	struct sluice_session_params *p = data;

	switch (mnl_attr_get_type(attr)) {
	case SLUICE_PPTP_A_LOCAL_ADDR:
	case SLUICE_PPTP_A_PEER_ADDR:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		if (mnl_attr_get_type(attr) == SLUICE_PPTP_A_LOCAL_ADDR)
			p->local_addr = mnl_attr_get_u32(attr);
		else
			p->peer_addr = mnl_attr_get_u32(attr);
		break;
	case SLUICE_PPTP_A_LOCAL_CALL_ID:
	case SLUICE_PPTP_A_PEER_CALL_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		if (mnl_attr_get_type(attr) == SLUICE_PPTP_A_LOCAL_CALL_ID)
			p->local_call_id = mnl_attr_get_u16(attr);
		else
			p->peer_call_id = mnl_attr_get_u16(attr);
		break;
	}
	return MNL_CB_OK;
}

static int l2tp_cb(const struct nlattr *attr, void *data)
{
	struct sluice_session_params *p = data;
	unsigned int type = mnl_attr_get_type(attr);
	uint16_t *u16_field[] = {
		[SLUICE_L2TP_A_PEER_PORT] = &p->peer_port,
		[SLUICE_L2TP_A_LOCAL_TUNNEL_ID] = &p->local_tunnel_id,
		[SLUICE_L2TP_A_LOCAL_SESSION_ID] = &p->local_session_id,
		[SLUICE_L2TP_A_PEER_TUNNEL_ID] = &p->peer_tunnel_id,
		[SLUICE_L2TP_A_PEER_SESSION_ID] = &p->peer_session_id,
		[SLUICE_L2TP_A_LOCAL_PORT] = &p->local_port,
	};

	p->encap = SLUICE_NL_ENCAP_L2TP;
	if (type == SLUICE_L2TP_A_LOCAL_ADDR || type == SLUICE_L2TP_A_PEER_ADDR ||
	    type == SLUICE_L2TP_A_FLAGS || type == SLUICE_L2TP_A_MARK) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		*(type == SLUICE_L2TP_A_LOCAL_ADDR ? &p->local_addr :
		  type == SLUICE_L2TP_A_PEER_ADDR ? &p->peer_addr :
		  type == SLUICE_L2TP_A_MARK ? &p->l2tp_mark : &p->l2tp_flags) =
			mnl_attr_get_u32(attr);
	} else if (type < sizeof(u16_field) / sizeof(u16_field[0]) && u16_field[type]) {
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		*u16_field[type] = mnl_attr_get_u16(attr);
	}
	return MNL_CB_OK;
}

static int ppp_cb(const struct nlattr *attr, void *data)
{
	struct sluice_session_params *p = data;

	if (mnl_attr_get_type(attr) == SLUICE_PPP_A_FLAGS &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		p->ppp_flags = mnl_attr_get_u32(attr);
	if (mnl_attr_get_type(attr) == SLUICE_PPP_A_MRU &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
		p->mru = mnl_attr_get_u16(attr);
	if (mnl_attr_get_type(attr) == SLUICE_PPP_A_PROTOCOLS &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		p->ppp_protocols = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int mppe_cb(const struct nlattr *attr, void *data)
{
	struct sluice_session_params *p = data;

	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	if (mnl_attr_get_type(attr) == SLUICE_MPPE_A_KEY_BITS)
		p->mppe_bits = mnl_attr_get_u32(attr);
	if (mnl_attr_get_type(attr) == SLUICE_MPPE_A_FLAGS)
		p->mppe_flags = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int stats_cb(const struct nlattr *attr, void *data)
{
	struct sluice_session_stats *st = data;
	uint64_t *field[] = {
		[SLUICE_STATS_A_RX_PACKETS] = &st->rx_packets,
		[SLUICE_STATS_A_RX_BYTES] = &st->rx_bytes,
		[SLUICE_STATS_A_TX_PACKETS] = &st->tx_packets,
		[SLUICE_STATS_A_TX_BYTES] = &st->tx_bytes,
		[SLUICE_STATS_A_RX_CTRL] = &st->rx_ctrl,
		[SLUICE_STATS_A_TX_CTRL] = &st->tx_ctrl,
		[SLUICE_STATS_A_LAST_RX_MS] = &st->last_rx_ms,
	};
	unsigned int type = mnl_attr_get_type(attr);

	if (type == SLUICE_STATS_A_DROPS && mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0)
		return mnl_attr_parse_nested(attr, drops_cb, st->drops);
	if (type == SLUICE_STATS_A_GRO)
		st->gro = true;
	if (type < sizeof(field) / sizeof(field[0]) && field[type] &&
	    mnl_attr_validate(attr, MNL_TYPE_U64) >= 0)
		*field[type] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int limit_cb(const struct nlattr *attr, void *data)
{
	struct sluice_nl_limit *l = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type == SLUICE_LIMIT_A_BURST_TIME_MS) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		l->burst_time_ms = mnl_attr_get_u32(attr);
	} else if (type >= SLUICE_LIMIT_A_RATE && type <= SLUICE_LIMIT_A_BURST_THRESHOLD) {
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			return MNL_CB_ERROR;
		*(type == SLUICE_LIMIT_A_RATE ? &l->rate :
		  type == SLUICE_LIMIT_A_BURST_RATE ? &l->burst_rate : &l->burst_threshold) =
			mnl_attr_get_u64(attr);
	}
	return MNL_CB_OK;
}

static int rate_cb(const struct nlattr *attr, void *data)
{
	struct sluice_nl_limits *l = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type != SLUICE_RATE_A_RX && type != SLUICE_RATE_A_TX)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
		return MNL_CB_ERROR;
	return mnl_attr_parse_nested(attr, limit_cb, type == SLUICE_RATE_A_RX ? &l->rx : &l->tx);
}

static int session_attr_cb(const struct nlattr *attr, void *data)
{
	struct sluice_session_info *s = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type == SLUICE_SESSION_A_IFINDEX || type == SLUICE_SESSION_A_MTU ||
	    type == SLUICE_SESSION_A_ID) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		*(type == SLUICE_SESSION_A_MTU ? &s->p.mtu :
		  type == SLUICE_SESSION_A_ID ? &s->p.id : &s->p.ifindex) = mnl_attr_get_u32(attr);
	} else if (type == SLUICE_SESSION_A_PENDING) {
		s->p.pending = true;
	} else if (type == SLUICE_SESSION_A_PPPOE) {
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		s->p.encap = SLUICE_NL_ENCAP_PPPOE;
		return mnl_attr_parse_nested(attr, pppoe_cb, &s->p);
	} else if (type == SLUICE_SESSION_A_RATE) {
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		return mnl_attr_parse_nested(attr, rate_cb, &s->p.limits);
	} else if (type == SLUICE_SESSION_A_IFNAME) {
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		snprintf(s->p.ifname, sizeof(s->p.ifname), "%s", mnl_attr_get_str(attr));
	} else if (type >= SLUICE_SESSION_A_PPTP && type <= SLUICE_SESSION_A_L2TP) {
		static const mnl_attr_cb_t nested[] = {
			[SLUICE_SESSION_A_PPTP] = pptp_cb,
			[SLUICE_SESSION_A_L2TP] = l2tp_cb,
			[SLUICE_SESSION_A_PPP] = ppp_cb,
			[SLUICE_SESSION_A_MPPE] = mppe_cb,
			[SLUICE_SESSION_A_STATS] = stats_cb,
		};
		void *target = type == SLUICE_SESSION_A_STATS ? (void *)&s->st : (void *)&s->p;

		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		return mnl_attr_parse_nested(attr, nested[type], target);
	}
	return MNL_CB_OK;
}

struct walk {
	int top;			/* the top-level attribute wanted */
	mnl_attr_cb_t cb;		/* its nested parser */
	void *data;
	sluice_session_cb each;		/* dumps: called per session */
	void *each_data;
	sluice_frame_cb frame;		/* control frames */
};

static int top_attr_cb(const struct nlattr *attr, void *data)
{
	const struct walk *w = data;

	if (mnl_attr_get_type(attr) != w->top)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
		return MNL_CB_ERROR;
	return mnl_attr_parse_nested(attr, w->cb, w->data);
}

/* A module before API 5 names sessions by ifindex only: that is their id then. */
static void id_from_ifindex(struct sluice_session_info *s)
{
	if (!s->p.id)
		s->p.id = s->p.ifindex;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct walk *w = data;
	struct sluice_session_info one;
	int ret;

	if (!w->each) {
		ret = mnl_attr_parse(nlh, sizeof(struct genlmsghdr), top_attr_cb, w);
		if (w->top == SLUICE_A_SESSION)
			id_from_ifindex(w->data);
		return ret;
	}
	memset(&one, 0, sizeof(one));
	w->data = &one;
	ret = mnl_attr_parse(nlh, sizeof(struct genlmsghdr), top_attr_cb, w);
	id_from_ifindex(&one);
	if (ret >= MNL_CB_OK)
		w->each(&one, w->each_data);
	return ret;
}

int sluice_nl_get_module(struct genl_sock *g, struct sluice_module_info *info)
{
	struct walk w = { .top = SLUICE_A_MODULE, .cb = module_attr_cb, .data = info };
	struct nlmsghdr *nlh;

	memset(info, 0, sizeof(*info));
	nlh = genl_request(g, g->family, SLUICE_CMD_GET_MODULE, SLUICE_GENL_VERSION, 0);
	return genl_talk(g, nlh, msg_cb, &w);
}

/* --- requests */

/* A session's name as a request may carry it: the module's limit, and g->buf's. */
static int name_ok(uint32_t id, const char *ifname)
{
	return id || !ifname || strnlen(ifname, IFNAMSIZ) < IFNAMSIZ ? 0 : -ENAMETOOLONG;
}

/* By id (an API 4 module's ids are ifindexes), else by name. */
static void put_name(const struct genl_sock *g, struct nlmsghdr *nlh, uint32_t id,
		     const char *ifname)
{
	if (id)
		mnl_attr_put_u32(nlh, g->version >= 5 ? SLUICE_SESSION_A_ID :
			SLUICE_SESSION_A_IFINDEX, id);
	else if (ifname && *ifname)
		mnl_attr_put_strz(nlh, SLUICE_SESSION_A_IFNAME, ifname);
}

static void put_ppp_mppe(struct nlmsghdr *nlh, const struct sluice_session_params *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, SLUICE_SESSION_A_PPP);

	mnl_attr_put_u32(nlh, SLUICE_PPP_A_FLAGS, p->ppp_flags);
	if (p->mru)
		mnl_attr_put_u16(nlh, SLUICE_PPP_A_MRU, p->mru);
	if (p->ppp_protocols)
		mnl_attr_put_u32(nlh, SLUICE_PPP_A_PROTOCOLS, p->ppp_protocols);
	mnl_attr_nest_end(nlh, nest);
	if (!p->mppe_bits)
		return;
	nest = mnl_attr_nest_start(nlh, SLUICE_SESSION_A_MPPE);
	mnl_attr_put_u32(nlh, SLUICE_MPPE_A_KEY_BITS, p->mppe_bits);
	mnl_attr_put_u32(nlh, SLUICE_MPPE_A_FLAGS, p->mppe_flags);
	mnl_attr_put(nlh, SLUICE_MPPE_A_SEND_KEY, SLUICE_MPPE_KEY_LEN, p->send_key);
	mnl_attr_put(nlh, SLUICE_MPPE_A_RECV_KEY, SLUICE_MPPE_KEY_LEN, p->recv_key);
	mnl_attr_nest_end(nlh, nest);
}

static void put_pptp(struct nlmsghdr *nlh, const struct sluice_session_params *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, SLUICE_SESSION_A_PPTP);

	mnl_attr_put_u32(nlh, SLUICE_PPTP_A_LOCAL_ADDR, p->local_addr);
	mnl_attr_put_u32(nlh, SLUICE_PPTP_A_PEER_ADDR, p->peer_addr);
	mnl_attr_put_u16(nlh, SLUICE_PPTP_A_LOCAL_CALL_ID, p->local_call_id);
	mnl_attr_put_u16(nlh, SLUICE_PPTP_A_PEER_CALL_ID, p->peer_call_id);
	mnl_attr_nest_end(nlh, nest);
}

static void put_pppoe(struct nlmsghdr *nlh, const struct sluice_session_params *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, SLUICE_SESSION_A_PPPOE);

	mnl_attr_put_u32(nlh, SLUICE_PPPOE_A_IFINDEX, p->pppoe_ifindex);
	mnl_attr_put(nlh, SLUICE_PPPOE_A_PEER_MAC, sizeof(p->pppoe_peer_mac), p->pppoe_peer_mac);
	mnl_attr_put_u16(nlh, SLUICE_PPPOE_A_SESSION_ID, p->pppoe_session_id);
	mnl_attr_nest_end(nlh, nest);
}

static void put_l2tp(struct nlmsghdr *nlh, const struct sluice_session_params *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, SLUICE_SESSION_A_L2TP);

	mnl_attr_put_u32(nlh, SLUICE_L2TP_A_FD, (uint32_t)p->l2tp_fd);
	if (p->local_addr)
		mnl_attr_put_u32(nlh, SLUICE_L2TP_A_LOCAL_ADDR, p->local_addr);
	mnl_attr_put_u32(nlh, SLUICE_L2TP_A_PEER_ADDR, p->peer_addr);
	mnl_attr_put_u16(nlh, SLUICE_L2TP_A_PEER_PORT, p->peer_port);
	mnl_attr_put_u16(nlh, SLUICE_L2TP_A_LOCAL_TUNNEL_ID, p->local_tunnel_id);
	mnl_attr_put_u16(nlh, SLUICE_L2TP_A_LOCAL_SESSION_ID, p->local_session_id);
	mnl_attr_put_u16(nlh, SLUICE_L2TP_A_PEER_TUNNEL_ID, p->peer_tunnel_id);
	mnl_attr_put_u16(nlh, SLUICE_L2TP_A_PEER_SESSION_ID, p->peer_session_id);
	if (p->l2tp_flags)
		mnl_attr_put_u32(nlh, SLUICE_L2TP_A_FLAGS, p->l2tp_flags);
	if (p->l2tp_mark)
		mnl_attr_put_u32(nlh, SLUICE_L2TP_A_MARK, p->l2tp_mark);
	mnl_attr_nest_end(nlh, nest);
}

/* Requests carry keys: the buffer is wiped once the request is sent. */
static int talk_wiped(struct genl_sock *g, struct nlmsghdr *nlh, struct walk *w)
{
	int ret;

	ret = w ? genl_talk(g, nlh, msg_cb, w) : genl_talk(g, nlh, NULL, NULL);
	memset(g->buf, 0, sizeof(g->buf));
	return ret;
}

int sluice_nl_session_new(struct genl_sock *g, struct sluice_session_params *p)
{
	struct sluice_session_info reply;
	struct walk w = { .top = SLUICE_A_SESSION, .cb = session_attr_cb, .data = &reply };
	struct nlmsghdr *nlh;
	struct nlattr *s;
	int ret;

	if (p->encap == SLUICE_NL_ENCAP_PPPOE && g->version < 8)
		return -EOPNOTSUPP;	/* a module older than PPPoE sessions */
	nlh = genl_request(g, g->family, SLUICE_CMD_NEW_SESSION, SLUICE_GENL_VERSION, 0);
	s = mnl_attr_nest_start(nlh, SLUICE_A_SESSION);
	if (p->ifname[0])
		mnl_attr_put_strz(nlh, SLUICE_SESSION_A_IFNAME, p->ifname);
	if (p->mtu)
		mnl_attr_put_u32(nlh, SLUICE_SESSION_A_MTU, p->mtu);
	if (p->pending && g->version >= 5)
		mnl_attr_put(nlh, SLUICE_SESSION_A_PENDING, 0, NULL);
	if (p->encap == SLUICE_NL_ENCAP_L2TP)
		put_l2tp(nlh, p);
	else if (p->encap == SLUICE_NL_ENCAP_PPPOE)
		put_pppoe(nlh, p);
	else
		put_pptp(nlh, p);
	put_ppp_mppe(nlh, p);
	mnl_attr_nest_end(nlh, s);
	memset(&reply, 0, sizeof(reply));
	ret = talk_wiped(g, nlh, &w);
	if (!ret) {
		p->id = reply.p.id;
		p->ifindex = reply.p.ifindex;
		p->pending = reply.p.pending;
		memcpy(p->ifname, reply.p.ifname, sizeof(p->ifname));
	}
	return ret;
}

/* By id if set, else by ifindex, else by name. */
static void put_params_name(const struct genl_sock *g, struct nlmsghdr *nlh,
			    const struct sluice_session_params *p)
{
	if (p->id || !p->ifindex)
		put_name(g, nlh, p->id, p->ifname);
	else
		mnl_attr_put_u32(nlh, SLUICE_SESSION_A_IFINDEX, p->ifindex);
}

int sluice_nl_session_set(struct genl_sock *g, const struct sluice_session_params *p)
{
	struct nlmsghdr *nlh;
	struct nlattr *s;

	nlh = genl_request(g, g->family, SLUICE_CMD_SET_SESSION, SLUICE_GENL_VERSION, 0);
	s = mnl_attr_nest_start(nlh, SLUICE_A_SESSION);
	put_params_name(g, nlh, p);
	if (p->mtu)
		mnl_attr_put_u32(nlh, SLUICE_SESSION_A_MTU, p->mtu);
	put_ppp_mppe(nlh, p);
	mnl_attr_nest_end(nlh, s);
	return talk_wiped(g, nlh, NULL);
}

int sluice_nl_session_attach(struct genl_sock *g, struct sluice_session_params *p)
{
	struct sluice_session_info reply;
	struct walk w = { .top = SLUICE_A_SESSION, .cb = session_attr_cb, .data = &reply };
	struct nlmsghdr *nlh;
	struct nlattr *s;
	int ret;

	if (!p->id || strnlen(p->ifname, IFNAMSIZ) >= IFNAMSIZ)
		return -EINVAL;
	if (g->version < 5) {	/* no pending sessions: it has its interface, its id */
		p->ifindex = p->id;
		p->ifname[0] = '\0';
		return sluice_nl_session_set(g, p);
	}
	nlh = genl_request(g, g->family, SLUICE_CMD_SET_SESSION, SLUICE_GENL_VERSION, 0);
	s = mnl_attr_nest_start(nlh, SLUICE_A_SESSION);
	mnl_attr_put_u32(nlh, SLUICE_SESSION_A_ID, p->id);
	if (p->ifname[0])
		mnl_attr_put_strz(nlh, SLUICE_SESSION_A_IFNAME, p->ifname);
	if (p->mtu)
		mnl_attr_put_u32(nlh, SLUICE_SESSION_A_MTU, p->mtu);
	put_ppp_mppe(nlh, p);
	mnl_attr_put(nlh, SLUICE_SESSION_A_ATTACH, 0, NULL);
	mnl_attr_nest_end(nlh, s);
	memset(&reply, 0, sizeof(reply));
	ret = talk_wiped(g, nlh, &w);
	if (!ret) {
		p->ifindex = reply.p.ifindex;
		p->pending = false;
		memcpy(p->ifname, reply.p.ifname, sizeof(p->ifname));
	}
	return ret;
}

static void put_limit(struct nlmsghdr *nlh, int type, const struct sluice_nl_limit *l)
{
	struct nlattr *nest;

	if (!l->rate)
		return;
	nest = mnl_attr_nest_start(nlh, type);
	mnl_attr_put_u64(nlh, SLUICE_LIMIT_A_RATE, l->rate);
	if (l->burst_rate > l->rate) {
		mnl_attr_put_u64(nlh, SLUICE_LIMIT_A_BURST_RATE, l->burst_rate);
		mnl_attr_put_u64(nlh, SLUICE_LIMIT_A_BURST_THRESHOLD, l->burst_threshold);
		mnl_attr_put_u32(nlh, SLUICE_LIMIT_A_BURST_TIME_MS, l->burst_time_ms);
	}
	mnl_attr_nest_end(nlh, nest);
}

int sluice_nl_session_limit(struct genl_sock *g, uint32_t id, const struct sluice_nl_limits *l)
{
	struct nlmsghdr *nlh;
	struct nlattr *s, *r;

	if (g->version < 7)
		return -EOPNOTSUPP;
	nlh = genl_request(g, g->family, SLUICE_CMD_SET_SESSION, SLUICE_GENL_VERSION, 0);
	s = mnl_attr_nest_start(nlh, SLUICE_A_SESSION);
	mnl_attr_put_u32(nlh, SLUICE_SESSION_A_ID, id);
	r = mnl_attr_nest_start(nlh, SLUICE_SESSION_A_RATE);
	put_limit(nlh, SLUICE_RATE_A_RX, &l->rx);
	put_limit(nlh, SLUICE_RATE_A_TX, &l->tx);
	mnl_attr_nest_end(nlh, r);
	mnl_attr_nest_end(nlh, s);
	return talk_wiped(g, nlh, NULL);
}

int sluice_nl_session_del(struct genl_sock *g, uint32_t id, const char *ifname)
{
	struct nlmsghdr *nlh;
	struct nlattr *s;

	if (name_ok(id, ifname))
		return -ENAMETOOLONG;
	nlh = genl_request(g, g->family, SLUICE_CMD_DEL_SESSION, SLUICE_GENL_VERSION, 0);
	s = mnl_attr_nest_start(nlh, SLUICE_A_SESSION);
	put_name(g, nlh, id, ifname);
	mnl_attr_nest_end(nlh, s);
	return genl_talk(g, nlh, NULL, NULL);
}

int sluice_nl_session_del_batch(struct genl_sock *g, size_t n, const uint32_t *id,
				const char *const *ifname)
{
	struct nlmsghdr *nlh;
	struct nlattr *s;
	size_t i;

	if (!n || n > SLUICE_NL_DEL_BATCH)
		return -EINVAL;
	if (n > 1 && g->version < 3)
		return -EOPNOTSUPP;	/* API 2 would remove only the last one named */
	for (i = 0; i < n; i++)
		if (name_ok(id ? id[i] : 0, ifname ? ifname[i] : NULL))
			return -ENAMETOOLONG;
	nlh = genl_request(g, g->family, SLUICE_CMD_DEL_SESSION, SLUICE_GENL_VERSION, 0);
	for (i = 0; i < n; i++) {
		s = mnl_attr_nest_start(nlh, SLUICE_A_SESSION);
		put_name(g, nlh, id ? id[i] : 0, ifname ? ifname[i] : NULL);
		mnl_attr_nest_end(nlh, s);
	}
	return genl_talk(g, nlh, NULL, NULL);
}

int sluice_ids_add(struct sluice_ids *x, uint32_t id)
{
	uint32_t *grown;

	if (x->n == x->cap) {
		grown = realloc(x->v, (x->cap ? x->cap * 2 : 64) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		x->v = grown;
		x->cap = x->cap ? x->cap * 2 : 64;
	}
	x->v[x->n++] = id;
	return 0;
}

struct collect {
	struct sluice_ids all;
	int err;
};

static void add_id(const struct sluice_session_info *s, void *data)
{
	struct collect *c = data;

	if (!c->err)
		c->err = sluice_ids_add(&c->all, s->p.id);
}

int sluice_nl_session_ids(struct genl_sock *g, uint32_t **v, size_t *n)
{
	struct collect c = { 0 };
	int ret = sluice_nl_session_dump(g, add_id, &c);

	if (!ret)
		ret = c.err;
	if (ret) {
		free(c.all.v);
		c.all.v = NULL;
		c.all.n = 0;
	}
	*v = c.all.v;
	*n = c.all.n;
	return ret;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Keeps those of v[0..n) that still exist, in order; returns how many. */
static size_t keep_present(struct genl_sock *g, uint32_t *v, size_t n)
{
	uint32_t *now;
	size_t m, i, kept = 0;

	if (sluice_nl_session_ids(g, &now, &m))
		return n;
	qsort(now, m, sizeof(*now), cmp_u32);
	for (i = 0; i < n; i++)
		if (bsearch(&v[i], now, m, sizeof(*now), cmp_u32))
			v[kept++] = v[i];
	free(now);
	return kept;
}

/* One request per session: an API 2 module, or a batch that failed twice. */
static void del_one_by_one(struct genl_sock *g, const uint32_t *v, size_t n,
			   struct sluice_nl_del_stats *st)
{
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		st->requests++;
		err = sluice_nl_session_del(g, v[i], NULL);
		if (!err)
			st->removed++;
		else if (err == -ENODEV)
			st->gone++;
	}
}

void sluice_nl_session_del_many(struct genl_sock *g, uint32_t *id, size_t n,
				struct sluice_nl_del_stats *st)
{
	size_t done = 0, k, kept;
	bool rechecked = false;
	int err;

	memset(st, 0, sizeof(*st));
	while (done < n) {
		k = n - done < SLUICE_NL_DEL_BATCH ? n - done : SLUICE_NL_DEL_BATCH;
		st->requests++;
		err = sluice_nl_session_del_batch(g, k, id + done, NULL);
		if (!err) {
			st->removed += k;
			done += k;
		} else if (err == -ENODEV && !rechecked) {
			/* some went meanwhile (an L2TP socket closed takes its sessions along):
			 * once, drop those and go on in batches */
			rechecked = true;
			kept = keep_present(g, id + done, n - done);
			st->gone += n - done - kept;
			n = done + kept;
		} else {
			del_one_by_one(g, id + done, k, st);
			done += k;
		}
	}
}

int sluice_nl_session_get(struct genl_sock *g, uint32_t id, const char *ifname,
			  struct sluice_session_info *out)
{
	struct walk w = { .top = SLUICE_A_SESSION, .cb = session_attr_cb, .data = out };
	struct nlmsghdr *nlh;
	struct nlattr *s;

	memset(out, 0, sizeof(*out));
	if (name_ok(id, ifname))
		return -ENAMETOOLONG;
	nlh = genl_request(g, g->family, SLUICE_CMD_GET_SESSION, SLUICE_GENL_VERSION, 0);
	s = mnl_attr_nest_start(nlh, SLUICE_A_SESSION);
	put_name(g, nlh, id, ifname);
	mnl_attr_nest_end(nlh, s);
	return genl_talk(g, nlh, msg_cb, &w);
}

int sluice_nl_session_dump(struct genl_sock *g, sluice_session_cb cb, void *data)
{
	struct walk w = { .top = SLUICE_A_SESSION, .cb = session_attr_cb, .each = cb,
			  .each_data = data };
	struct nlmsghdr *nlh;

	nlh = genl_request(g, g->family, SLUICE_CMD_GET_SESSION, SLUICE_GENL_VERSION, NLM_F_DUMP);
	return genl_talk(g, nlh, msg_cb, &w);
}

int sluice_nl_ctrl_send(struct genl_sock *g, uint32_t id, const uint8_t *frame, size_t len)
{
	struct nlmsghdr *nlh;
	struct nlattr *s;

	if (len > 16384)
		return -EMSGSIZE;
	nlh = genl_request(g, g->family, SLUICE_CMD_CTRL_FRAME, SLUICE_GENL_VERSION, 0);
	s = mnl_attr_nest_start(nlh, SLUICE_A_SESSION);
	put_name(g, nlh, id, NULL);
	mnl_attr_nest_end(nlh, s);
	mnl_attr_put(nlh, SLUICE_A_PPP_FRAME, len, frame);
	return genl_talk(g, nlh, NULL, NULL);
}

int sluice_nl_ctrl_subscribe(struct genl_sock *g)
{
	return genl_join(g, SLUICE_MCGRP_CTRL);
}

struct frame_walk {
	uint32_t id, ifindex;
	const struct nlattr *frame;
};

static int frame_session_cb(const struct nlattr *attr, void *data)
{
	struct frame_walk *f = data;

	if (mnl_attr_get_type(attr) == SLUICE_SESSION_A_IFINDEX &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		f->ifindex = mnl_attr_get_u32(attr);
	if (mnl_attr_get_type(attr) == SLUICE_SESSION_A_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		f->id = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int frame_attr_cb(const struct nlattr *attr, void *data)
{
	struct frame_walk *f = data;

	if (mnl_attr_get_type(attr) == SLUICE_A_PPP_FRAME)
		f->frame = attr;
	if (mnl_attr_get_type(attr) == SLUICE_A_SESSION &&
	    mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0)
		return mnl_attr_parse_nested(attr, frame_session_cb, f);
	return MNL_CB_OK;
}

struct frame_ctx {
	sluice_frame_cb cb;
	void *data;
};

static int frame_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *gh = mnl_nlmsg_get_payload(nlh);
	struct frame_ctx *ctx = data;
	struct frame_walk f = { 0 };

	if (gh->cmd != SLUICE_CMD_CTRL_FRAME)
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*gh), frame_attr_cb, &f) < 0 || !f.frame)
		return MNL_CB_OK;	/* a malformed notification is skipped, not fatal */
	if (!f.id)
		f.id = f.ifindex;	/* an API 4 module */
	if (!f.id)
		return MNL_CB_OK;
	ctx->cb(f.id, f.ifindex, mnl_attr_get_payload(f.frame), mnl_attr_get_payload_len(f.frame),
		ctx->data);
	return MNL_CB_OK;
}

/* Reads one datagram of notifications (blocking unless the socket is non-blocking). */
int sluice_nl_ctrl_recv(struct genl_sock *g, sluice_frame_cb cb, void *data)
{
	struct frame_ctx ctx = { cb, data };
	ssize_t n = mnl_socket_recvfrom(g->nl, g->buf, sizeof(g->buf));

	if (n < 0)
		return -errno;
	return mnl_cb_run(g->buf, (size_t)n, 0, 0, frame_msg_cb, &ctx) < 0 ? -errno : 0;
}
