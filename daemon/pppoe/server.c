// SPDX-License-Identifier: GPL-2.0
/*
 * The PPPoE access concentrator (server.h): interfaces, Discovery's frames, sessions.
 * Sessions are freed from a 0 ms timer, never inside the link's callbacks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include "admin/config.h"
#include "core/kernel.h"
#include "core/keyed_hash.h"
#define LOG_TOPIC LOG_T_PPPOE
#include "core/list.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/preauth.h"
#include "ppp/link.h"
#include "ppp/server_menu.h"
#include "pppoe/ac.h"
#include "pppoe/disc_socket.h"
#include "pppoe/server.h"
#include "pppoe/server_menu.h"

#define TICK_MS 2000			/* interfaces looked up again: VLANs come and go */
#define FRAME_MAX 1600
#define HOST_UNIQ_MAX 64		/* longer ones are echoed, not kept for repeats */
#define REPEAT_WINDOW_S 10		/* a PADR again within this: its PADS again */
#define PADO_QUEUE_MAX 256		/* PADOs waiting out pado-delay */
#define SERVERS_PER_IFACE_MAX 32
#define NAS_PORT_TYPE_ETHERNET 15	/* RFC 2865 5.41 */

/* PADIs: per interface, and per client MAC (a table of buckets, a slot per keyed hash) */
#define IFACE_PADI_RATE 1000
#define IFACE_PADI_BURST 2000
#define MAC_PADI_RATE 5
#define MAC_PADI_BURST 10
#define MAC_BUCKETS 1024

struct bucket {
	uint64_t at_ms;
	unsigned int tokens;
};

struct pppoe_iface {
	struct pppoe_iface *next;
	char name[IFNAMSIZ];
	int ifindex;
	unsigned int mtu;
	struct loop_fd w;
	struct bucket padi;
	bool wanted;			/* an enabled item, or a session, is on it */
};

struct pppoe_session {
	struct list_node node;		/* every session */
	struct list_node half_open;	/* until its link is up */
	int ifindex;
	char ifname[IFNAMSIZ];
	char service_name[CFG_VALUE_MAX + 1];
	uint8_t peer_mac[PPPOE_MAC_LEN];
	uint32_t mac_key;		/* keyed hash of peer_mac: preauth and logs */
	uint16_t sid;
	uint32_t kernel_id;
	uint8_t host_uniq[HOST_UNIQ_MAX];
	uint16_t host_uniq_len;
	uint8_t pads[FRAME_MAX];	/* sent again for a repeated PADR */
	int pads_len;
	uint64_t started_s;
	struct ppp_server_cfg cfg;	/* the item's, auto resolved */
	struct ppp_link *link;
	bool ended, peer_ended;
	struct loop_timer reap;
};

struct pending_pado {
	uint64_t due_ms;
	int ifindex;
	uint8_t dst[PPPOE_MAC_LEN];
	uint8_t frame[FRAME_MAX];
	int len;
};

static struct pppoe_iface *ifaces;
static struct list_node sessions = LIST_INIT(sessions);
static struct list_node half_open = LIST_INIT(half_open);
static struct u32map by_sid;
static unsigned int nsessions;
static struct bucket mac_buckets[MAC_BUCKETS];
static struct pending_pado padoq[PADO_QUEUE_MAX];
static unsigned int npado;
static struct loop_timer tick, pado_timer;
static struct pppoe_server_counters cnt;
static char ac_name[65] = "sluice";

/*
 * An L2 peer picks its MAC at will, so per-MAC caps only rein in one honest but broken
 * host; the global cap with eviction of the oldest is what keeps a flood from displacing
 * sessions that are up.
 */
static const struct preauth_limits session_limits = {
	.global = 4096, .per_source = 16, .rate = 5, .burst = 16 };
static struct preauth guard;

static uint64_t now_s(void)
{
	return loop_now_ms() / 1000;
}

static bool bucket_take(struct bucket *b, unsigned int rate, unsigned int burst)
{
	uint64_t now = loop_now_ms(), add = (now - b->at_ms) * rate / 1000;

	if (add) {
		b->tokens = add + b->tokens > burst ? burst : b->tokens + (unsigned int)add;
		b->at_ms = now;
	}
	if (!b->tokens)
		return false;
	b->tokens--;
	return true;
}

static void mac_text(const uint8_t *mac, char out[18])
{
	snprintf(out, 18, "%02X:%02X:%02X:%02X:%02X:%02X", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
}

/* --- interfaces */

static struct pppoe_iface *iface_by_index(int ifindex)
{
	struct pppoe_iface *i;

	for (i = ifaces; i; i = i->next)
		if (i->ifindex == ifindex)
			return i;
	return NULL;
}

static void send_frame(int ifindex, const uint8_t *dst, const uint8_t *frame, int len)
{
	struct pppoe_iface *i = iface_by_index(ifindex);

	if (i && !pppoe_disc_send(&i->w, ifindex, dst, frame, len) && len > 0)
		log_debug("pppoe: %s: send: %s", i->name, strerror(errno));
}

static void on_frame(struct loop_fd *w, uint32_t events);

static int iface_open(struct pppoe_iface *i)
{
	int ifindex, ret = pppoe_disc_socket_open(&i->w, i->name, on_frame, &ifindex, &i->mtu);

	if (!ret && ifindex != i->ifindex) {	/* made again between the two lookups */
		pppoe_disc_socket_close(&i->w);
		ret = -EAGAIN;
	}
	return ret;
}

static void iface_close(struct pppoe_iface *i)
{
	pppoe_disc_socket_close(&i->w);
}

/* --- sessions */

static void session_settle(struct pppoe_session *s)
{
	if (!list_linked(&s->half_open))
		return;
	list_del(&s->half_open);
	preauth_done(&guard, s->mac_key);
}

static void session_reap(struct loop_timer *t)
{
	struct pppoe_session *s = (struct pppoe_session *)((char *)t -
							    offsetof(struct pppoe_session, reap));

	loop_timer_cancel(&s->reap);
	session_settle(s);
	if (s->link)
		ppp_link_free(s->link);
	if (s->kernel_id)
		kernel_session_del(s->kernel_id);
	u32map_del(&by_sid, s->sid);
	list_del(&s->node);
	nsessions--;
	free(s);
}

static void send_padt(const struct pppoe_session *s, const char *why)
{
	uint8_t frame[FRAME_MAX];

	send_frame(s->ifindex, s->peer_mac, frame,
		   pppoe_ac_padt(frame, sizeof(frame), s->sid, why));
	cnt.padt_tx++;
}

/* The session ends: PADT unless the peer sent one, the link down, freed from a timer. */
static void session_end(struct pppoe_session *s, const char *cause)
{
	if (s->ended)
		return;
	s->ended = true;
	session_settle(s);
	if (!s->peer_ended)
		send_padt(s, NULL);
	if (s->link)
		ppp_link_lower_down(s->link, cause);
	loop_timer_arm(&s->reap, 0);
}

static void link_finished(struct ppp_link *l, const char *cause)
{
	struct pppoe_session *s = l->ctx;

	if (s->ended)
		return;
	s->ended = true;
	session_settle(s);
	if (!s->peer_ended)
		send_padt(s, strcmp(cause, "admin-reset") ? NULL : "Administratively reset");
	loop_timer_arm(&s->reap, 0);
}

static void link_up(struct ppp_link *l)
{
	session_settle(l->ctx);
}

static const struct ppp_link_ops link_ops = { .finished = link_finished, .up = link_up };

static struct pppoe_session *session_of(int ifindex, const uint8_t *mac, uint16_t sid)
{
	struct pppoe_session *s = u32map_get(&by_sid, sid);

	return s && s->ifindex == ifindex && !memcmp(s->peer_mac, mac, PPPOE_MAC_LEN) ? s : NULL;
}

/* Random, so that a session frame cannot be forged into a session by guessing its id. */
static uint16_t free_session_id(void)
{
	uint16_t id = 0;
	int tries;

	for (tries = 0; tries < 64; tries++) {
		if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != sizeof(id))
			id = (uint16_t)random();
		if (id && id != 0xffff && !u32map_get(&by_sid, id))
			return id;
	}
	for (id = 1; id < 0xffff; id++)
		if (!u32map_get(&by_sid, id))
			return id;
	return 0;
}

/* --- the items */

static bool item_on(const struct pppoe_server_cfg *c, const struct pppoe_iface *i)
{
	return !strcmp(c->interface, i->name);
}

static unsigned int item_sessions(const struct pppoe_server_cfg *c)
{
	unsigned int n = 0;
	struct list_node *e;

	list_for_each(e, &sessions) {
		const struct pppoe_session *s = list_entry(e, struct pppoe_session, node);

		n += !s->ended && !strcmp(s->service_name, c->service_name) &&
		     !strcmp(s->ifname, c->interface);
	}
	return n;
}

/* The items on interface i as ac.h sees them; items[k] is the menu's. */
static size_t servers_on(const struct pppoe_iface *i, struct pppoe_ac_server *out,
			 const struct pppoe_server_cfg **items)
{
	size_t k, n = 0;

	for (k = 0; k < pppoe_server_menu.n && n < SERVERS_PER_IFACE_MAX; k++) {
		const struct pppoe_server_cfg *c = pppoe_server_at(k);
		unsigned int mtu = c ? c->max_mtu : 0, mru = c ? c->max_mru : 0;

		if (!c || !item_on(c, i))
			continue;
		items[n] = c;
		out[n] = (struct pppoe_ac_server){
			.service_name = c->service_name, .enabled = c->enabled,
			.max_sessions = c->max_sessions == CFG_UNLIMITED ? 0 : c->max_sessions,
			.sessions = item_sessions(c),
			.max_payload = !mtu ? mru : !mru ? mtu : mtu < mru ? mtu : mru,
		};
		n++;
	}
	return n;
}

/* --- Discovery */

static void pado_flush(struct loop_timer *t)
{
	uint64_t now = loop_now_ms(), next = 0;
	unsigned int k = 0;

	(void)t;
	while (k < npado) {
		struct pending_pado *p = &padoq[k];

		if (p->due_ms > now) {
			next = !next || p->due_ms < next ? p->due_ms : next;
			k++;
			continue;
		}
		send_frame(p->ifindex, p->dst, p->frame, p->len);
		cnt.pado++;
		padoq[k] = padoq[--npado];
	}
	if (next)
		loop_timer_arm(&pado_timer, (unsigned int)(next - now));
}

/* A PADO now, or after the item's pado-delay (dropped when too many wait). */
static void send_pado(const struct pppoe_ac_ctx *ctx, unsigned int delay_ms,
		      const uint8_t *frame, int len)
{
	struct pending_pado *p;

	if (!delay_ms) {
		send_frame(ctx->ifindex, ctx->peer_mac, frame, len);
		cnt.pado++;
		return;
	}
	if (npado >= PADO_QUEUE_MAX || len <= 0) {
		cnt.padi_limited++;
		return;
	}
	p = &padoq[npado++];
	p->due_ms = loop_now_ms() + delay_ms;
	p->ifindex = ctx->ifindex;
	memcpy(p->dst, ctx->peer_mac, PPPOE_MAC_LEN);
	memcpy(p->frame, frame, (size_t)len);
	p->len = len;
	if (!loop_timer_armed(&pado_timer) || pado_timer.when_ms > p->due_ms)
		loop_timer_arm(&pado_timer, delay_ms);
}

static bool padi_admitted(struct pppoe_iface *i, const uint8_t *mac)
{
	struct bucket *b = &mac_buckets[keyed_hash32(mac, PPPOE_MAC_LEN) % MAC_BUCKETS];

	if (bucket_take(&i->padi, IFACE_PADI_RATE, IFACE_PADI_BURST) &&
	    bucket_take(b, MAC_PADI_RATE, MAC_PADI_BURST))
		return true;
	cnt.padi_limited++;
	log_info_from(keyed_hash32(mac, PPPOE_MAC_LEN), "pppoe: %s: PADIs too fast, dropped",
		      i->name);
	return false;
}

static void on_padi(struct pppoe_iface *i, const struct pppoe_ac_ctx *ctx,
		    const struct pppoe_disc *m)
{
	struct pppoe_ac_server srv[SERVERS_PER_IFACE_MAX];
	const struct pppoe_server_cfg *items[SERVERS_PER_IFACE_MAX];
	uint8_t frame[FRAME_MAX];
	size_t k, n;

	cnt.padi++;
	if (!padi_admitted(i, ctx->peer_mac))
		return;
	n = servers_on(i, srv, items);
	for (k = 0; k < n; k++)
		if (pppoe_ac_serves(&srv[k], &m->service_name))
			send_pado(ctx, items[k]->pado_delay,
				  frame, pppoe_ac_pado(frame, sizeof(frame), &srv[k], ctx, m));
}

/* max-mtu or max-mru as the session gets it: the item's, within what the link carries */
static unsigned int resolve_mtu(unsigned int item, unsigned int payload, unsigned int if_mtu)
{
	unsigned int link = payload ? payload :
			    if_mtu - 8 < PPPOE_MTU_CLASSIC ? if_mtu - 8 : PPPOE_MTU_CLASSIC;

	return item && item < link ? item : link;
}

/* A repeated PADR (its PADS was lost): the same session's PADS again. */
static struct pppoe_session *repeated_padr(const struct pppoe_ac_ctx *ctx,
					   const struct pppoe_disc *m)
{
	struct list_node *e;

	list_for_each(e, &half_open) {
		struct pppoe_session *s = list_entry(e, struct pppoe_session, half_open);

		if (s->ifindex == ctx->ifindex && !s->ended &&
		    !memcmp(s->peer_mac, ctx->peer_mac, PPPOE_MAC_LEN) &&
		    s->host_uniq_len == m->host_uniq.len && m->host_uniq.len <= HOST_UNIQ_MAX &&
		    !memcmp(s->host_uniq, m->host_uniq.val, m->host_uniq.len) &&
		    ctx->now_s - s->started_s < REPEAT_WINDOW_S)
			return s;
	}
	return NULL;
}

/* The oldest half-open session of this MAC (key), or of anyone (0). */
static struct pppoe_session *oldest_half_open(uint32_t key)
{
	struct list_node *e;

	list_for_each(e, &half_open) {
		struct pppoe_session *s = list_entry(e, struct pppoe_session, half_open);

		if (!key || s->mac_key == key)
			return s;
	}
	return NULL;
}

static bool admit_session(uint32_t key)
{
	enum preauth_verdict v = preauth_admit(&guard, key);
	struct pppoe_session *victim;

	if (v != PREAUTH_FULL && v != PREAUTH_SOURCE_FULL)
		return v == PREAUTH_OK;
	victim = oldest_half_open(v == PREAUTH_SOURCE_FULL ? key : 0);
	if (!victim)
		return false;
	preauth_evicted(&guard);
	session_end(victim, "nas-request");
	return preauth_admit(&guard, key) == PREAUTH_OK;
}

/* one-session-per-host: the host's older sessions on this item end */
static void end_host_sessions(const struct pppoe_server_cfg *c, const struct pppoe_ac_ctx *ctx)
{
	struct list_node *e;

	list_for_each(e, &sessions) {
		struct pppoe_session *s = list_entry(e, struct pppoe_session, node);

		if (!s->ended && s->ifindex == ctx->ifindex &&
		    !memcmp(s->peer_mac, ctx->peer_mac, PPPOE_MAC_LEN) &&
		    !strcmp(s->service_name, c->service_name)) {
			log_info_from(s->mac_key, "pppoe: %s: session %u ends: the host opens "
				      "another and one-session-per-host=yes", s->ifname, s->sid);
			session_end(s, "user-request");
		}
	}
}

/* The session's settings: the item's, auto and RFC 4638 resolved for this interface. */
static void session_settings(struct pppoe_session *s, const struct pppoe_server_cfg *c,
			     unsigned int payload, unsigned int if_mtu)
{
	s->cfg = (struct ppp_server_cfg){
		.enabled = c->enabled, .authentication = c->authentication,
		.default_profile = c->default_profile,
		.keepalive_timeout = c->keepalive_timeout,
		.max_mtu = resolve_mtu(c->max_mtu, payload, if_mtu),
		.max_mru = resolve_mtu(c->max_mru, payload, if_mtu),
	};
	snprintf(s->service_name, sizeof(s->service_name), "%s", c->service_name);
}

static struct pppoe_session *session_new(struct pppoe_iface *i, const struct pppoe_ac_ctx *ctx,
					 const struct pppoe_disc *m)
{
	struct pppoe_session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ifindex = i->ifindex;
	snprintf(s->ifname, sizeof(s->ifname), "%s", i->name);
	memcpy(s->peer_mac, ctx->peer_mac, PPPOE_MAC_LEN);
	s->mac_key = keyed_hash32(ctx->peer_mac, PPPOE_MAC_LEN);
	s->started_s = ctx->now_s;
	if (m->host_uniq.len <= HOST_UNIQ_MAX) {
		s->host_uniq_len = m->host_uniq.len;
		memcpy(s->host_uniq, m->host_uniq.val, m->host_uniq.len);
	} else {
		s->host_uniq_len = 0xffff;	/* never matches: not kept */
	}
	loop_timer_init(&s->reap, session_reap);
	s->sid = free_session_id();
	if (!s->sid || u32map_put(&by_sid, s->sid, s)) {
		free(s);
		return NULL;
	}
	list_append(&sessions, &s->node);
	list_append(&half_open, &s->half_open);
	nsessions++;
	return s;
}

static int session_kernel(struct pppoe_session *s)
{
	struct sluice_session_params p = {
		.encap = SLUICE_NL_ENCAP_PPPOE, .pppoe_ifindex = (uint32_t)s->ifindex,
		.pppoe_session_id = s->sid, .mtu = s->cfg.max_mtu,
		.pending = true,	/* no interface before PPP authentication */
	};
	int ret;

	memcpy(p.pppoe_peer_mac, s->peer_mac, PPPOE_MAC_LEN);
	ret = kernel_session_new(&p);
	if (!ret)
		s->kernel_id = p.id;
	return ret;
}

static int session_link(struct pppoe_session *s)
{
	struct ppp_link_params lp = { .service = "pppoe", .session = s->kernel_id,
				      .nas_port_type = NAS_PORT_TYPE_ETHERNET, .server = &s->cfg };

	mac_text(s->peer_mac, lp.caller_id);
	snprintf(lp.tag, sizeof(lp.tag), "pppoe %s %s session %u", s->ifname, lp.caller_id,
		 s->sid);
	s->link = ppp_link_new(&lp, &link_ops, s);
	return s->link ? 0 : -ENOMEM;
}

/* A session for an accepted PADR, and its PADS; NULL if none could be made. */
static struct pppoe_session *accept_padr(struct pppoe_iface *i, const struct pppoe_ac_ctx *ctx,
					 const struct pppoe_disc *m,
					 const struct pppoe_ac_server *srv,
					 const struct pppoe_server_cfg *c)
{
	struct pppoe_session *s;
	int ret = -ENOMEM;

	if (c->one_session_per_host)
		end_host_sessions(c, ctx);
	if (!admit_session(keyed_hash32(ctx->peer_mac, PPPOE_MAC_LEN))) {
		char mac[18];

		mac_text(ctx->peer_mac, mac);
		log_info_from(keyed_hash32(ctx->peer_mac, PPPOE_MAC_LEN), "pppoe: %s: PADR from %s "
			      "refused: too many sessions setting up", i->name, mac);
		return NULL;
	}
	s = session_new(i, ctx, m);
	if (!s) {
		preauth_done(&guard, keyed_hash32(ctx->peer_mac, PPPOE_MAC_LEN));
		log_err("pppoe: %s: no session: out of memory or session ids", i->name);
		return NULL;
	}
	session_settings(s, c, pppoe_ac_max_payload(srv, ctx, m), i->mtu);
	s->pads_len = pppoe_ac_pads(s->pads, sizeof(s->pads), s->sid, srv, ctx, m);
	if (s->pads_len <= 0 || (ret = session_kernel(s)) || (ret = session_link(s))) {
		log_err("pppoe: %s: no session: %s", i->name, s->pads_len <= 0 ?
			"cannot build the PADS" : strerror(-ret));
		s->peer_ended = true;	/* it has not begun: no PADT */
		session_end(s, "nas-error");
		return NULL;
	}
	send_frame(i->ifindex, s->peer_mac, s->pads, s->pads_len);
	cnt.pads++;
	return s;
}

static void on_padr(struct pppoe_iface *i, const struct pppoe_ac_ctx *ctx,
		    const struct pppoe_disc *m)
{
	struct pppoe_ac_server srv[SERVERS_PER_IFACE_MAX];
	const struct pppoe_server_cfg *items[SERVERS_PER_IFACE_MAX];
	uint8_t frame[FRAME_MAX];
	struct pppoe_session *s;
	enum pppoe_ac_refusal why;
	size_t n, which = 0;

	cnt.padr++;
	n = servers_on(i, srv, items);
	why = pppoe_ac_padr(srv, n, ctx, m, &which);
	if (why == PPPOE_AC_BAD_COOKIE) {
		cnt.padr_bad_cookie++;
		log_info_from(keyed_hash32(ctx->peer_mac, PPPOE_MAC_LEN),
			      "pppoe: %s: PADR without a valid AC-Cookie, dropped", i->name);
		return;
	}
	if ((s = repeated_padr(ctx, m))) {
		cnt.padr_repeated++;
		send_frame(i->ifindex, s->peer_mac, s->pads, s->pads_len);
		return;
	}
	if (why != PPPOE_AC_OK) {
		cnt.pads_refused++;
		send_frame(i->ifindex, ctx->peer_mac, frame,
			   pppoe_ac_pads_refusal(frame, sizeof(frame), why, m));
		return;
	}
	s = accept_padr(i, ctx, m, &srv[which], items[which]);
	if (s)
		log_info_from(s->mac_key, "pppoe: %s: %s opens session %u (service %s)", i->name,
			      s->link->p.caller_id, s->sid, s->service_name);
}

static void on_padt(struct pppoe_iface *i, const struct pppoe_ac_ctx *ctx,
		    const struct pppoe_disc *m)
{
	struct pppoe_session *s = session_of(i->ifindex, ctx->peer_mac, m->session);

	cnt.padt_rx++;
	if (!s || s->ended) {
		cnt.padt_unknown++;
		return;
	}
	s->peer_ended = true;
	session_end(s, "user-request");
}

static void dispatch(struct pppoe_iface *i, const uint8_t *mac, const uint8_t *buf, size_t len)
{
	struct pppoe_ac_ctx ctx = { .ifindex = i->ifindex, .if_mtu = i->mtu, .peer_mac = mac,
				    .now_s = now_s(), .ac_name = ac_name };
	struct pppoe_disc m;
	int ret = pppoe_disc_parse(buf, len, &m);

	if (ret < 0) {
		cnt.malformed++;
		log_info_from(keyed_hash32(mac, PPPOE_MAC_LEN), "pppoe: %s: bad Discovery frame "
			      "dropped: %s", i->name, pppoe_disc_strerror(ret));
		return;
	}
	switch (m.code) {
	case PPPOE_PADI:
		on_padi(i, &ctx, &m);
		break;
	case PPPOE_PADR:
		on_padr(i, &ctx, &m);
		break;
	case PPPOE_PADT:
		on_padt(i, &ctx, &m);
		break;
	default:	/* PADO, PADS: for a client, not for us */
		cnt.not_for_us++;
	}
}

static void on_frame(struct loop_fd *w, uint32_t events)
{
	struct pppoe_iface *i = (struct pppoe_iface *)((char *)w - offsetof(struct pppoe_iface, w));
	uint8_t buf[FRAME_MAX];
	int budget;

	(void)events;
	for (budget = 0; budget < 64; budget++) {
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(w->fd, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &flen);

		if (n < 0)
			return;
		cnt.rx++;
		/* ours, another host's, from a group address, or a VLAN's on its parent
		 * (the kernel hands a parent's packet sockets its VLANs' frames too) */
		if (from.sll_pkttype == PACKET_OUTGOING || from.sll_pkttype == PACKET_OTHERHOST ||
		    from.sll_halen != PPPOE_MAC_LEN || (from.sll_addr[0] & 1) ||
		    from.sll_ifindex != i->ifindex) {
			cnt.not_for_us++;
			continue;
		}
		dispatch(i, from.sll_addr, buf, (size_t)n);
	}
}

/* --- the interfaces the items name */

static struct pppoe_iface *iface_want(const char *name)
{
	struct pppoe_iface *i;

	for (i = ifaces; i; i = i->next)
		if (!strcmp(i->name, name))
			break;
	if (!i && (i = calloc(1, sizeof(*i)))) {
		snprintf(i->name, sizeof(i->name), "%s", name);
		i->w.fd = -1;
		i->padi.tokens = IFACE_PADI_BURST;
		i->padi.at_ms = loop_now_ms();
		i->next = ifaces;
		ifaces = i;
	}
	if (i)
		i->wanted = true;
	return i;
}

/* The socket follows the interface: opened when it appears, again when it is made anew. */
static void iface_follow(struct pppoe_iface *i)
{
	int ifindex = (int)if_nametoindex(i->name), ret;

	if (ifindex == i->ifindex && (i->w.fd >= 0 || !ifindex))
		return;
	iface_close(i);
	if (i->ifindex && ifindex != i->ifindex)
		log_info("pppoe: %s %s", i->name, ifindex ? "was made again" : "is gone");
	i->ifindex = ifindex;
	if (!ifindex)
		return;
	ret = iface_open(i);
	if (ret) {
		iface_close(i);
		i->ifindex = 0;		/* tried again at the next tick */
		log_err("pppoe: %s: cannot serve Discovery: %s", i->name, strerror(-ret));
	} else {
		log_info("pppoe: serving Discovery on %s (MTU %u)", i->name, i->mtu);
	}
}

/* Sessions whose interface is gone or was made anew end: the module has dropped them. */
static void end_orphans(void)
{
	struct list_node *e;

	list_for_each(e, &sessions) {
		struct pppoe_session *s = list_entry(e, struct pppoe_session, node);
		struct pppoe_iface *i = iface_by_index(s->ifindex);

		if (!s->ended && (!i || strcmp(i->name, s->ifname)))
			session_end(s, "lost-carrier");
	}
}

static void sync_ifaces(void)
{
	struct pppoe_iface **pp, *i;
	struct list_node *e;
	size_t k;

	for (i = ifaces; i; i = i->next)
		i->wanted = false;
	for (k = 0; k < pppoe_server_menu.n; k++) {
		const struct pppoe_server_cfg *c = pppoe_server_at(k);

		if (c && c->enabled)
			iface_want(c->interface);
	}
	list_for_each(e, &sessions)
		iface_want(list_entry(e, struct pppoe_session, node)->ifname);
	for (pp = &ifaces; (i = *pp);) {
		if (i->wanted) {
			iface_follow(i);
			pp = &i->next;
			continue;
		}
		iface_close(i);
		*pp = i->next;
		free(i);
	}
	end_orphans();
	if (ifaces)
		loop_timer_arm(&tick, TICK_MS);
}

static void on_tick(struct loop_timer *t)
{
	(void)t;
	sync_ifaces();
}

void pppoe_server_apply(void)
{
	static bool started;

	if (!started) {
		if (pppoe_cookie_init())
			log_err("pppoe: no AC-Cookie key: PADRs will not be accepted");
		preauth_init(&guard, "pppoe session", LOG_TOPIC, &session_limits);
		guard.keyed = true;	/* by the client's MAC, hashed */
		loop_timer_init(&tick, on_tick);
		loop_timer_init(&pado_timer, pado_flush);
		started = true;
	}
	if (gethostname(ac_name, sizeof(ac_name) - 1) || !ac_name[0])
		snprintf(ac_name, sizeof(ac_name), "sluice");
	sync_ifaces();
}

void pppoe_server_stop(void)
{
	struct pppoe_iface *i;
	struct list_node *e;

	loop_timer_cancel(&tick);
	loop_timer_cancel(&pado_timer);
	npado = 0;
	list_for_each(e, &sessions)
		session_end(list_entry(e, struct pppoe_session, node), "nas-reboot");
	while (!list_empty(&sessions))
		session_reap(&list_entry(sessions.next, struct pppoe_session, node)->reap);
	while ((i = ifaces)) {
		ifaces = i->next;
		iface_close(i);
		free(i);
	}
	u32map_free(&by_sid);
}

void pppoe_server_counters(struct pppoe_server_counters *out)
{
	*out = cnt;
}

void pppoe_server_monitor(const struct cfg_menu *m, const struct cfg_item *it,
			  struct strbuf *out, int json)
{
	const struct pppoe_server_cfg *c = cfg_typed(m, it);
	struct pppoe_iface *i;

	for (i = ifaces; c && i && strcmp(i->name, c->interface); i = i->next)
		;
	if (json) {
		sb_printf(out, "{\"interface-state\":\"%s\",\"sessions\":%u,\"padi\":%llu,"
			  "\"pado\":%llu,\"padr\":%llu,\"pads\":%llu,\"padr-bad-cookie\":%llu,"
			  "\"padi-limited\":%llu,\"malformed\":%llu,\"padt-rx\":%llu,"
			  "\"padt-tx\":%llu}\n", i && i->w.fd >= 0 ? "serving" : "absent",
			  c ? item_sessions(c) : 0, (unsigned long long)cnt.padi,
			  (unsigned long long)cnt.pado, (unsigned long long)cnt.padr,
			  (unsigned long long)cnt.pads, (unsigned long long)cnt.padr_bad_cookie,
			  (unsigned long long)cnt.padi_limited, (unsigned long long)cnt.malformed,
			  (unsigned long long)cnt.padt_rx, (unsigned long long)cnt.padt_tx);
		return;
	}
	sb_printf(out, "%17s: %s\n", "interface-state", i && i->w.fd >= 0 ? "serving" : "absent");
	sb_printf(out, "%17s: %u\n", "sessions", c ? item_sessions(c) : 0);
	sb_printf(out, "%17s: %llu PADI, %llu PADO, %llu PADR, %llu PADS\n", "discovery",
		  (unsigned long long)cnt.padi, (unsigned long long)cnt.pado,
		  (unsigned long long)cnt.padr, (unsigned long long)cnt.pads);
	sb_printf(out, "%17s: %llu PADI rate-limited, %llu PADR bad cookie, %llu malformed\n",
		  "refused", (unsigned long long)cnt.padi_limited,
		  (unsigned long long)cnt.padr_bad_cookie, (unsigned long long)cnt.malformed);
	sb_printf(out, "%17s: %llu received, %llu sent\n", "padt",
		  (unsigned long long)cnt.padt_rx, (unsigned long long)cnt.padt_tx);
}
