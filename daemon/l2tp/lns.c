// SPDX-License-Identifier: GPL-2.0
/*
 * The LNS's tunnels and sessions; see lns.h. Anything malformed or out of place ends
 * the session or the tunnel it concerns, with the reason logged and counted, and touches
 * nothing else. Objects are freed from a 0 ms timer, never inside their own callbacks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "l2tp/lns.h"
#define LOG_TOPIC LOG_T_L2TP
#include "core/log.h"

#define DEF_TUNNELS 8192
#define DEF_TUNNELS_PER_ADDR 1024
#define DEF_SESSIONS_PER_TUNNEL 1024
#define DEF_SESSIONS 65535
#define MSG_BUF 1024			/* everything we send fits */

/*
 * A tunnel is half-open from the SCCRQ, whose source may be forged, to the SCCCN, which
 * shows the peer got our SCCRP. Half-open tunnels are counted (core/preauth.h), wait 10 s
 * rather than 30 for the SCCCN and send the SCCRP 3 times rather than 6, so a forged SCCRQ
 * makes us send at most 3 datagrams to its victim; when they time out or are evicted they
 * go quietly, without a StopCCN.
 */
#define HALF_OPEN_SETUP_MS 10000
#define HALF_OPEN_RETRANSMITS 2
static const struct preauth_limits half_open_limits = {
	.global = 512, .per_source = 64, .rate = 10, .burst = 64 };
/*
 * A session holds a kernel session and a netdev from its ICRQ on, before PPP has
 * authenticated anyone: in a tunnel without a secret (the default, one client per tunnel)
 * those are counted as PPTP's calls are. A tunnel that proved the shared secret is a LAC
 * we trust to carry many users' sessions at once, and is not held to a source's caps.
 */
static const struct preauth_limits half_open_session_limits = {
	.global = 256, .per_source = 64, .rate = 10, .burst = 64 };

static void tunnel_stop(struct l2tp_tunnel *t, uint16_t result, uint16_t error,
			const char *why);
static void tunnel_dead(struct l2tp_tunnel *t);

/* The tunnel is no longer half-open: its SCCCN came, or it is going. */
static void tunnel_settle(struct l2tp_tunnel *t)
{
	if (!list_linked(&t->half_open))
		return;
	list_del(&t->half_open);
	preauth_done(&t->lns->tunnel_guard, t->path.peer_addr);
}

/* --- small helpers */

static const char *addr_str(uint32_t addr, char *buf)
{
	return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

static struct l2tp_tunnel *tunnel_of(struct loop_timer *t, size_t off)
{
	return (struct l2tp_tunnel *)((char *)t - off);
}

/*
 * A u16 AVP read from the raw bytes of a message the codec refused (its getters will not):
 * where to send the StopCCN or CDN saying so. 0 if absent, hidden or malformed.
 */
static uint16_t raw_u16(const uint8_t *buf, const struct l2tp_hdr *h, uint16_t type)
{
	struct l2tp_avp_iter it;
	struct l2tp_avp a;

	l2tp_avp_iter_init(&it, buf + h->body, h->body_len);
	while (l2tp_avp_iter_next(&it, &a) == 1) {
		if (a.vendor == L2TP_VENDOR_IETF && a.type == type && !(a.flags & L2TP_AVP_H) &&
		    a.len == 2)
			return (uint16_t)(a.value[0] << 8 | a.value[1]);
	}
	return 0;
}

/* --- sending */

/* A StopCCN for a tunnel we never made: Ns 0, acknowledging the peer's SCCRQ (its Ns 0). */
static void send_stateless_stopccn(struct l2tp_lns *lns, const struct l2tp_path *path,
				   uint16_t peer_tid, uint16_t ns, uint16_t result,
				   uint16_t error, const char *why)
{
	uint8_t buf[MSG_BUF];
	struct l2tp_build b;
	int n;

	l2tp_build_start(&b, buf, sizeof(buf), peer_tid, 0, 0, (uint16_t)(ns + 1), L2TP_STOPCCN);
	l2tp_put_u16(&b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, l2tp_random_id());
	l2tp_put_result_code(&b, result, error, why);
	n = l2tp_build_finish(&b);
	if (n > 0)
		lns->ops->send(lns->ctx, path, buf, (size_t)n);
}

/* --- sessions */

static bool session_id_used(struct l2tp_tunnel *t, uint16_t id)
{
	struct l2tp_session *s;

	for (s = t->sessions; s; s = s->next)
		if (s->local_id == id)
			return true;
	return false;
}

/* The session is no longer half-open: its link is up, or it is going. */
static void session_settle(struct l2tp_session *s)
{
	if (!list_linked(&s->half_open))
		return;
	list_del(&s->half_open);
	preauth_done(&s->tunnel->lns->session_guard, s->tunnel->path.peer_addr);
}

/*
 * Ends s: a CDN with result (0: none, the peer knows), the link told (its finished callback
 * comes back here and finds s ended), the release from the reap timer.
 */
static void session_end(struct l2tp_session *s, const char *cause, uint16_t result,
			uint16_t error, const char *why)
{
	struct l2tp_tunnel *t = s->tunnel;

	if (s->ended)
		return;
	s->ended = true;
	s->state = L2TP_S_ENDED;
	session_settle(s);
	loop_timer_cancel(&s->timer);
	if (result && (t->state == L2TP_T_ESTABLISHED))
		l2tp_tunnel_send_cdn(t, s->peer_id, s->local_id, result, error, why);
	if (s->connected)
		t->lns->ops->session_lower_down(t->lns->ctx, s, cause);
	loop_timer_arm(&t->reap, 0);
}

void l2tp_lns_session_up(struct l2tp_session *s)
{
	session_settle(s);
}

void l2tp_lns_session_finished(struct l2tp_session *s, const char *cause)
{
	if (s->ended)
		return;		/* the end came from here */
	log_info("%s: ended (%s)", s->tag, cause);
	s->connected = false;	/* the link knows */
	session_end(s, cause, strcmp(cause, "admin-reset") ? L2TP_CDN_LOST_CARRIER : L2TP_CDN_ADMIN,
		    0, NULL);
}

static void session_timeout(struct loop_timer *timer)
{
	struct l2tp_session *s = (struct l2tp_session *)((char *)timer -
							 offsetof(struct l2tp_session, timer));

	log_info_from(s->tunnel->path.peer_addr, "%s: no Incoming-Call-Connected in time", s->tag);
	session_end(s, "nas-error", L2TP_CDN_TIMEOUT, 0, NULL);
}

static void session_release(struct l2tp_tunnel *t, struct l2tp_session *s)
{
	session_settle(s);
	loop_timer_cancel(&s->timer);
	t->lns->ops->session_release(t->lns->ctx, s);
	t->nsessions--;
	t->lns->nsessions--;
	free(s);
}

static void end_sessions(struct l2tp_tunnel *t, const char *cause)
{
	struct l2tp_session *s;

	for (s = t->sessions; s; s = s->next)
		session_end(s, cause, 0, 0, NULL);
}

/* May addr have one more session before authentication? Full: the oldest one goes. */
static bool admit_session(struct l2tp_lns *lns, uint32_t addr)
{
	enum preauth_verdict v = preauth_admit(&lns->session_guard, addr);
	struct list_node *n;

	if (v != PREAUTH_FULL && v != PREAUTH_SOURCE_FULL)
		return v == PREAUTH_OK;
	list_for_each(n, &lns->half_open_sessions) {
		struct l2tp_session *s = list_entry(n, struct l2tp_session, half_open);

		if (v == PREAUTH_FULL || s->tunnel->path.peer_addr == addr) {
			preauth_evicted(&lns->session_guard);
			session_end(s, "nas-request", L2TP_CDN_ADMIN, 0, NULL);
			return preauth_admit(&lns->session_guard, addr) == PREAUTH_OK;
		}
	}
	return false;
}

/* Why an ICRQ for peer_sid is refused (a CDN is sent), or NULL: it may have a session. */
static const char *icrq_refusal(struct l2tp_tunnel *t, uint16_t peer_sid)
{
	struct l2tp_lns *lns = t->lns;
	const char *why = NULL;

	if (t->nsessions >= lns->lim.sessions_per_tunnel)
		why = "sessions per tunnel limit";
	else if (lns->nsessions >= lns->lim.sessions)
		why = "session limit";
	else if (!t->secret_len && !admit_session(lns, t->path.peer_addr))
		why = "";	/* over a source's caps: logged by preauth */
	if (why) {
		lns->stats.sessions_refused++;
		l2tp_tunnel_send_cdn(t, peer_sid, 0, L2TP_CDN_NO_FACILITIES_TEMP, 0, NULL);
	}
	return why;
}

/* A session with its kernel session, or NULL (a CDN sent); admitted by icrq_refusal(). */
static struct l2tp_session *session_new(struct l2tp_tunnel *t, uint16_t peer_sid,
					uint32_t serial)
{
	struct l2tp_lns *lns = t->lns;
	struct l2tp_session *s = calloc(1, sizeof(*s));
	int ret = -ENOMEM, tries;

	if (s) {
		s->tunnel = t;
		s->peer_id = peer_sid;
		s->serial = serial;
		if (!t->secret_len)
			list_append(&lns->half_open_sessions, &s->half_open);
		for (tries = 0; tries < 64 && (!s->local_id || session_id_used(t, s->local_id));
		     tries++)
			s->local_id = l2tp_random_id();
		snprintf(s->tag, sizeof(s->tag), "%s session %u", t->tag, s->local_id);
		loop_timer_init(&s->timer, session_timeout);
		ret = session_id_used(t, s->local_id) ? -EEXIST : lns->ops->session_open(lns->ctx, s);
	}
	if (!ret)
		return s;
	lns->stats.sessions_refused++;
	log_err("%s: call refused: no kernel session (%s)", t->tag, strerror(-ret));
	if (s) {
		session_settle(s);
		lns->ops->session_release(lns->ctx, s);
		free(s);
	} else if (!t->secret_len) {
		preauth_done(&lns->session_guard, t->path.peer_addr);
	}
	l2tp_tunnel_send_cdn(t, peer_sid, 0, L2TP_CDN_GENERAL_ERROR, L2TP_ERR_NO_RESOURCE, NULL);
	return NULL;
}

static void on_icrq(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	struct l2tp_lns *lns = t->lns;
	uint8_t buf[MSG_BUF];
	struct l2tp_build b;
	struct l2tp_session *s;
	uint16_t peer_sid;
	uint32_t serial = 0;
	const char *why;

	l2tp_get_assigned_session_id(m, &peer_sid);	/* mandatory: the codec checked */
	l2tp_get_call_serial_number(m, &serial);
	if (l2tp_tunnel_find_session_by_peer(t, peer_sid)) {
		lns->stats.fsm_errors++;
		log_warn_from(t->path.peer_addr,
			      "%s: ICRQ for the peer's session %u, which exists: ignored", t->tag,
			      peer_sid);
		return;
	}
	why = icrq_refusal(t, peer_sid);
	if (why && *why)
		log_warn_from(t->path.peer_addr, "%s: call refused: %s", t->tag, why);
	if (why || !(s = session_new(t, peer_sid, serial)))
		return;
	s->next = t->sessions;
	t->sessions = s;
	t->nsessions++;
	lns->nsessions++;
	lns->stats.sessions_created++;
	loop_timer_arm(&s->timer, L2TP_LNS_SETUP_MS);
	l2tp_rel_build_start(&t->rel, &b, buf, sizeof(buf), peer_sid, L2TP_ICRP);
	l2tp_put_u16(&b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, s->local_id);
	l2tp_tunnel_send_built(t, &b, "ICRP");
	log_info("%s: incoming call (peer's session %u, serial %u)", s->tag, peer_sid, serial);
}

static void on_iccn(struct l2tp_tunnel *t, struct l2tp_session *s, const struct l2tp_msg *m)
{
	uint32_t speed = 0;
	int ret;

	if (s->state != L2TP_S_WAIT_ICCN) {
		t->lns->stats.fsm_errors++;
		log_warn_from(t->path.peer_addr, "%s: ICCN for an established session", s->tag);
		session_end(s, "nas-error", L2TP_CDN_GENERAL_ERROR, L2TP_ERR_NONE, "unexpected ICCN");
		return;
	}
	loop_timer_cancel(&s->timer);
	l2tp_get_tx_connect_speed(m, &speed);
	s->seq_required = l2tp_sequencing_required(m);
	s->state = L2TP_S_ESTABLISHED;
	ret = t->lns->ops->session_connect(t->lns->ctx, s);
	if (ret) {
		log_err("%s: no PPP link (%s)", s->tag, strerror(-ret));
		session_end(s, "nas-error", L2TP_CDN_GENERAL_ERROR, L2TP_ERR_NO_RESOURCE, NULL);
		return;
	}
	s->connected = true;
	log_info("%s: connected (%u bps%s)", s->tag, speed,
		 s->seq_required ? ", sequencing required" : "");
}

/* A session message the codec refused: that session goes, or the call is refused. */
static void refuse_session_msg(struct l2tp_tunnel *t, const struct l2tp_msg *m, int err,
			       const uint8_t *buf)
{
	struct l2tp_session *s = m->hdr.session_id ? l2tp_tunnel_find_session(t, m->hdr.session_id) : NULL;
	uint16_t peer_sid;

	if (s) {
		session_end(s, "nas-error", L2TP_CDN_GENERAL_ERROR, l2tp_msg_error_code(err),
			    l2tp_error_name(err));
		return;
	}
	peer_sid = raw_u16(buf, &m->hdr, L2TP_AVP_ASSIGNED_SESSION_ID);
	if (m->type == L2TP_ICRQ && peer_sid && !l2tp_tunnel_find_session_by_peer(t, peer_sid))
		l2tp_tunnel_send_cdn(t, peer_sid, 0, L2TP_CDN_GENERAL_ERROR, l2tp_msg_error_code(err),
			 l2tp_error_name(err));
}

/* --- the tunnel */

static void on_sccrq(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	uint8_t buf[MSG_BUF], response[L2TP_CHALLENGE_RESPONSE_LEN];
	const uint8_t *challenge = NULL;
	size_t challenge_len = 0;
	struct l2tp_build b;

	l2tp_tunnel_take_peer(t, m);
	l2tp_get_challenge(m, &challenge, &challenge_len);
	l2tp_rel_build_start(&t->rel, &b, buf, sizeof(buf), 0, L2TP_SCCRP);
	l2tp_tunnel_put_identity(t, &b, t->lns->host_name);
	if (challenge) {
		if (l2tp_challenge_response(L2TP_SCCRP, t->secret, t->secret_len, challenge,
					    challenge_len, response)) {
			tunnel_stop(t, L2TP_STOPCCN_GENERAL_ERROR, L2TP_ERR_NO_RESOURCE, NULL);
			return;
		}
		l2tp_put_bytes(&b, L2TP_AVP_M, L2TP_AVP_CHALLENGE_RESPONSE, response,
			       sizeof(response));
	}
	t->state = L2TP_T_WAIT_SCCCN;
	loop_timer_arm(&t->timer, HALF_OPEN_SETUP_MS);
	l2tp_tunnel_send_built(t, &b, "SCCRP");
	log_info("%s: tunnel from \"%s\" (peer's tunnel %u%s)", t->tag, t->host, t->peer_id,
		 challenge ? ", authenticated" : "");
}

static void on_scccn(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	const uint8_t *resp;
	size_t resp_len;

	if (t->secret_len &&
	    (l2tp_get_challenge_response(m, &resp, &resp_len) ||
	     l2tp_challenge_verify(L2TP_SCCCN, t->secret, t->secret_len, t->challenge,
				   sizeof(t->challenge), resp, resp_len))) {
		t->lns->stats.auth_failures++;
		log_warn_from(t->path.peer_addr, "%s: tunnel authentication failed: %s", t->tag,
			      l2tp_msg_has(m, L2TP_AVP_CHALLENGE_RESPONSE) ?
			      "wrong Challenge Response" : "no Challenge Response");
		tunnel_stop(t, L2TP_STOPCCN_NOT_AUTHORIZED, 0, "tunnel authentication failed");
		return;
	}
	t->state = L2TP_T_ESTABLISHED;
	tunnel_settle(t);
	t->rel.max_retransmits = 0;	/* the peer is real: the full retransmission cycle */
	t->rel.quiet = false;
	loop_timer_arm(&t->timer, t->lns->hello_ms);
	log_info("%s: tunnel established", t->tag);
}

/* The peer's StopCCN: its sessions end, and repeats of it are acknowledged a while. */
static void tunnel_stopped(struct l2tp_tunnel *t)
{
	end_sessions(t, "lost-carrier");
	t->state = L2TP_T_LINGER;
	loop_timer_arm(&t->timer, L2TP_REL_LINGER_MS);
}

static void fsm_error(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	char why[64];

	t->lns->stats.fsm_errors++;
	snprintf(why, sizeof(why), "unexpected %s", l2tp_msg_name(m->type));
	log_warn_from(t->path.peer_addr, "%s: %s", t->tag, why);
	tunnel_stop(t, L2TP_STOPCCN_FSM_ERROR, 0, why);
}

/* A call's message but CDN, WEN and SLI, in an established tunnel. */
static void on_call_msg(struct l2tp_tunnel *t, struct l2tp_session *s, const struct l2tp_msg *m)
{
	switch (m->type) {
	case L2TP_ICRQ:
		on_icrq(t, m);
		break;
	case L2TP_ICCN:
		if (s)
			on_iccn(t, s, m);
		else
			log_info("%s: ICCN for no session we know (%u)", t->tag, m->hdr.session_id);
		break;
	case L2TP_OCRQ: {
		uint16_t peer_sid = 0;

		l2tp_get_assigned_session_id(m, &peer_sid);
		log_info("%s: outgoing call refused: not supported", t->tag);
		l2tp_tunnel_send_cdn(t, peer_sid, 0, L2TP_CDN_NO_FACILITIES_PERM, 0,
				     "outgoing calls are not supported");
		break;
	}
	default:	/* ICRP, OCRP, OCCN: answers to requests an LNS never makes */
		t->lns->stats.fsm_errors++;
		log_warn_from(t->path.peer_addr, "%s: unexpected %s", t->tag,
			      l2tp_msg_name(m->type));
		if (s)
			session_end(s, "nas-error", L2TP_CDN_GENERAL_ERROR, 0, "unexpected message");
	}
}

/* A message the codec refused: the call it belongs to, or else the tunnel, ends. */
static void on_refused(struct l2tp_tunnel *t, const struct l2tp_msg *m, const uint8_t *buf)
{
	if (l2tp_msg_is_session(m->type) && t->state == L2TP_T_ESTABLISHED)
		refuse_session_msg(t, m, m->status, buf);
	else
		tunnel_stop(t, L2TP_STOPCCN_GENERAL_ERROR, l2tp_msg_error_code(m->status),
			    l2tp_error_name(m->status));
}

/* The tunnel's setup: SCCRQ in NEW, SCCCN in WAIT_SCCCN; anything else is out of place. */
static void on_control(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	if (m->type == L2TP_SCCRQ && t->state == L2TP_T_NEW)
		on_sccrq(t, m);
	else if (m->type == L2TP_SCCCN && t->state == L2TP_T_WAIT_SCCCN)
		on_scccn(t, m);
	else
		fsm_error(t, m);
}

static void on_call_cleared(struct l2tp_tunnel *t, struct l2tp_session *s)
{
	(void)t;
	session_end(s, "user-request", 0, 0, NULL);
}

static void send_datagram(struct l2tp_tunnel *t, const uint8_t *buf, size_t len)
{
	t->lns->ops->send(t->lns->ctx, &t->path, buf, len);
}

static void on_dead(struct l2tp_tunnel *t, const char *reason)
{
	if (list_linked(&t->half_open)) {	/* our SCCRP unanswered: quietly, maybe forged */
		t->lns->stats.half_open_expired++;
		log_debug("%s: no answer to our SCCRP", t->tag);
	} else if (t->state != L2TP_T_STOPPING) {
		t->lns->stats.tunnels_lost++;
		log_warn_from(t->path.peer_addr, "%s: peer lost (%s); ending its %u session(s)",
			      t->tag, reason, t->nsessions);
	}
	end_sessions(t, "lost-carrier");
	tunnel_dead(t);
}

static const struct l2tp_tunnel_ops lns_tunnel_ops = {
	.send = send_datagram, .control = on_control, .call = on_call_msg,
	.call_cleared = on_call_cleared, .refused = on_refused, .stopped = tunnel_stopped,
	.dead = on_dead,
};

/* Clears the tunnel: StopCCN, then wait for its acknowledgement. */
static void tunnel_stop(struct l2tp_tunnel *t, uint16_t result, uint16_t error, const char *why)
{
	if (t->state == L2TP_T_STOPPING || t->state == L2TP_T_LINGER || t->state == L2TP_T_DEAD)
		return;
	end_sessions(t, result == L2TP_STOPCCN_SHUTDOWN ? "admin-reboot" : "nas-error");
	t->state = L2TP_T_STOPPING;
	l2tp_tunnel_send_stopccn(t, result, error, why);
	loop_timer_arm(&t->timer, L2TP_REL_LINGER_MS);
}

/* Nothing more is sent or received; freed once its sessions are released. */
static void tunnel_dead(struct l2tp_tunnel *t)
{
	if (t->state == L2TP_T_DEAD)
		return;
	t->state = L2TP_T_DEAD;
	tunnel_settle(t);
	l2tp_tunnel_stop_delivery(t);
	loop_timer_cancel(&t->timer);
	u32map_del(&t->lns->by_id, t->local_id);
	loop_timer_arm(&t->reap, 0);
}

static void tunnel_timer(struct loop_timer *timer)
{
	struct l2tp_tunnel *t = tunnel_of(timer, offsetof(struct l2tp_tunnel, timer));

	switch (t->state) {
	case L2TP_T_NEW:
	case L2TP_T_WAIT_SCCCN:		/* quietly: the SCCRQ may have been forged */
		log_debug("%s: no Start-Control-Connection-Connected in time", t->tag);
		t->lns->stats.half_open_expired++;
		tunnel_dead(t);
		break;
	case L2TP_T_ESTABLISHED:	/* idle: a HELLO, which the peer must acknowledge */
		l2tp_tunnel_send_hello(t);
		loop_timer_arm(&t->timer, t->lns->hello_ms);
		break;
	default:		/* StopCCN never acknowledged, or the linger is over */
		tunnel_dead(t);
	}
}

static void tunnel_free(struct l2tp_tunnel *t)
{
	struct l2tp_lns *lns = t->lns;

	tunnel_settle(t);
	l2tp_tunnel_stop_delivery(t);
	loop_timer_cancel(&t->timer);
	loop_timer_cancel(&t->reap);
	if (u32map_get(&lns->by_id, t->local_id) == t)
		u32map_del(&lns->by_id, t->local_id);
	if (t->prev)
		t->prev->next = t->next;
	else
		lns->tunnels = t->next;
	if (t->next)
		t->next->prev = t->prev;
	lns->ntunnels--;
	log_debug("%s: freed", t->tag);
	free(t);
}

/* Releases ended sessions; a dead tunnel without sessions is freed. */
static void tunnel_reap(struct loop_timer *timer)
{
	struct l2tp_tunnel *t = tunnel_of(timer, offsetof(struct l2tp_tunnel, reap));
	struct l2tp_session **pp = &t->sessions, *s;

	while ((s = *pp)) {
		if (s->ended) {
			*pp = s->next;
			session_release(t, s);
		} else {
			pp = &s->next;
		}
	}
	if (t->state == L2TP_T_DEAD && !t->sessions)
		tunnel_free(t);
}

static unsigned int tunnels_from(struct l2tp_lns *lns, uint32_t addr)
{
	struct l2tp_tunnel *t;
	unsigned int n = 0;

	for (t = lns->tunnels; t; t = t->next)
		n += t->path.peer_addr == addr;
	return n;
}

/* The oldest half-open tunnel of addr, or of anyone (addr 0). */
static struct l2tp_tunnel *oldest_half_open(struct l2tp_lns *lns, uint32_t addr)
{
	struct list_node *n;

	list_for_each(n, &lns->half_open) {
		struct l2tp_tunnel *t = list_entry(n, struct l2tp_tunnel, half_open);

		if (!addr || t->path.peer_addr == addr)
			return t;
	}
	return NULL;
}

/* May addr have one more half-open tunnel? Full: the oldest one goes, quietly. */
static bool admit_tunnel(struct l2tp_lns *lns, uint32_t addr)
{
	enum preauth_verdict v = preauth_admit(&lns->tunnel_guard, addr);
	struct l2tp_tunnel *victim;

	if (v != PREAUTH_FULL && v != PREAUTH_SOURCE_FULL)
		return v == PREAUTH_OK;
	victim = oldest_half_open(lns, v == PREAUTH_SOURCE_FULL ? addr : 0);
	if (!victim)
		return false;
	preauth_evicted(&lns->tunnel_guard);
	tunnel_dead(victim);
	return preauth_admit(&lns->tunnel_guard, addr) == PREAUTH_OK;
}

/* The secret a tunnel from addr is held to: its address's own, else the configured one. */
static void peer_secret(const struct l2tp_lns *lns, uint32_t addr, const uint8_t **secret,
			size_t *len)
{
	const char *s;

	if (lns->ops->secret_for && lns->ops->secret_for(lns->ctx, addr, &s)) {
		*secret = (const uint8_t *)s;
		*len = strnlen(s, L2TP_LNS_SECRET_MAX);
		return;
	}
	*secret = lns->secret;
	*len = lns->secret_len;
}

static struct l2tp_tunnel *tunnel_new(struct l2tp_lns *lns, const struct l2tp_path *path)
{
	const uint8_t *secret;
	size_t secret_len;
	struct l2tp_tunnel *t = calloc(1, sizeof(*t));
	char addr[INET_ADDRSTRLEN];
	int tries;

	if (!t)
		return NULL;
	for (tries = 0; tries < 64 && (!t->local_id || u32map_get(&lns->by_id, t->local_id));
	     tries++)
		t->local_id = l2tp_random_id();
	if (u32map_get(&lns->by_id, t->local_id) || u32map_put(&lns->by_id, t->local_id, t)) {
		free(t);
		return NULL;
	}
	t->lns = lns;
	t->path = *path;
	peer_secret(lns, path->peer_addr, &secret, &secret_len);
	secret_len = secret_len < sizeof(t->secret) ? secret_len : sizeof(t->secret);
	memcpy(t->secret, secret, secret_len);
	t->secret_len = secret_len;
	snprintf(t->tag, sizeof(t->tag), "l2tp %s:%u tunnel %u", addr_str(path->peer_addr, addr),
		 path->peer_port, t->local_id);
	l2tp_tunnel_start(t, &lns_tunnel_ops, NULL, &lns->stats);
	t->rel.max_retransmits = HALF_OPEN_RETRANSMITS;
	t->rel.quiet = true;
	list_append(&lns->half_open, &t->half_open);
	loop_timer_init(&t->timer, tunnel_timer);
	loop_timer_init(&t->reap, tunnel_reap);
	loop_timer_arm(&t->timer, HALF_OPEN_SETUP_MS);
	t->next = lns->tunnels;
	if (lns->tunnels)
		lns->tunnels->prev = t;
	lns->tunnels = t;
	lns->ntunnels++;
	lns->stats.tunnels_created++;
	return t;
}

/* A message the codec accepted the header of, into the tunnel's sequence. */
static void tunnel_input(struct l2tp_tunnel *t, const uint8_t *buf, size_t len,
			 const struct l2tp_msg *m)
{
	if (!l2tp_tunnel_input(t, buf, len, m))
		return;
	if (t->state == L2TP_T_ESTABLISHED)
		loop_timer_arm(&t->timer, t->lns->hello_ms);	/* the peer is alive */
	if (t->state == L2TP_T_STOPPING && !l2tp_rel_pending(&t->rel))
		tunnel_dead(t);
}

/* Clients behind one NAT share address and port: their IPsec SA (its mark) tells them apart */
static bool same_path(const struct l2tp_path *a, const struct l2tp_path *b)
{
	return a->peer_addr == b->peer_addr && a->peer_port == b->peer_port &&
	       a->sock == b->sock && a->mark == b->mark;
}

static struct l2tp_tunnel *find_by_peer(struct l2tp_lns *lns, const struct l2tp_path *path,
					uint16_t peer_tid)
{
	struct l2tp_tunnel *t;

	for (t = lns->tunnels; t; t = t->next)
		if (same_path(&t->path, path) && t->peer_id == peer_tid &&
		    t->state != L2TP_T_DEAD)
			return t;
	return NULL;
}

/* Why a tunnel for this SCCRQ is refused, answering the peer; NULL if it may be made. */
static const char *sccrq_refusal(struct l2tp_lns *lns, const struct l2tp_path *path,
				 const struct l2tp_msg *m, uint16_t peer_tid)
{
	uint8_t ver = 0, rev = 0;
	const uint8_t *secret;
	size_t secret_len;

	peer_secret(lns, path->peer_addr, &secret, &secret_len);
	if (lns->ipsec_required && !path->mark) {
		lns->stats.ipsec_required++;
		send_stateless_stopccn(lns, path, peer_tid, m->hdr.ns, L2TP_STOPCCN_NOT_AUTHORIZED,
				       0, "IPsec required");
		return "not through IPsec, and use-ipsec=required";
	}
	if (lns->ntunnels >= lns->lim.tunnels ||
	    tunnels_from(lns, path->peer_addr) >= lns->lim.tunnels_per_addr) {
		lns->stats.tunnels_refused++;
		send_stateless_stopccn(lns, path, peer_tid, m->hdr.ns, L2TP_STOPCCN_GENERAL_ERROR,
				       L2TP_ERR_NO_RESOURCE, NULL);
		return lns->ntunnels >= lns->lim.tunnels ? "tunnel limit"
							 : "tunnels per address limit";
	}
	if (l2tp_msg_has(m, L2TP_AVP_CHALLENGE) && !secret_len) {
		lns->stats.auth_failures++;
		send_stateless_stopccn(lns, path, peer_tid, m->hdr.ns, L2TP_STOPCCN_NOT_AUTHORIZED,
				       0, "no tunnel secret for this address");
		return "the peer wants tunnel authentication and no tunnel-secret is set";
	}
	l2tp_get_protocol_version(m, &ver, &rev);
	if (ver != L2TP_PROTOCOL_VER || rev != L2TP_PROTOCOL_REV) {
		lns->stats.refused++;
		send_stateless_stopccn(lns, path, peer_tid, m->hdr.ns, L2TP_STOPCCN_BAD_VERSION,
				       L2TP_PROTOCOL_VER << 8 | L2TP_PROTOCOL_REV, NULL);
		return "unsupported protocol version";
	}
	return NULL;
}

/* Tunnel ID 0: an SCCRQ, new or repeated. */
static void sccrq_input(struct l2tp_lns *lns, const struct l2tp_path *path, uint8_t *buf,
			size_t len, const struct l2tp_msg *m, int err)
{
	uint16_t peer_tid = raw_u16(buf, &m->hdr, L2TP_AVP_ASSIGNED_TUNNEL_ID);
	struct l2tp_tunnel *t = peer_tid ? find_by_peer(lns, path, peer_tid) : NULL;
	char addr[INET_ADDRSTRLEN], why[200];
	const char *refusal;

	if (t) {
		lns->stats.sccrq_repeats++;
		tunnel_input(t, buf, len, m);	/* a duplicate: acknowledged again */
		return;
	}
	if (!lns->accept) {
		lns->stats.not_accepting++;
		return;
	}
	addr_str(path->peer_addr, addr);
	if (err != L2TP_OK) {
		lns->stats.refused++;
		l2tp_msg_describe(m, (enum l2tp_error)err, why, sizeof(why));
		log_warn_from(path->peer_addr, "l2tp %s:%u: tunnel refused: %s", addr, path->peer_port,
			      why);
		send_stateless_stopccn(lns, path, peer_tid, m->hdr.ns, L2TP_STOPCCN_GENERAL_ERROR,
				       l2tp_msg_error_code(err), l2tp_error_name(err));
		return;
	}
	refusal = sccrq_refusal(lns, path, m, peer_tid);
	if (refusal) {
		log_warn_from(path->peer_addr, "l2tp %s:%u: tunnel refused: %s", addr,
			      path->peer_port, refusal);
		return;
	}
	if (!admit_tunnel(lns, path->peer_addr)) {	/* silently: no reflection */
		lns->stats.tunnels_refused++;
		return;
	}
	/* Assigned Tunnel ID is mandatory in an accepted SCCRQ; the tunnel is keyed by it */
	t = tunnel_new(lns, path);
	if (!t) {
		preauth_done(&lns->tunnel_guard, path->peer_addr);
		lns->stats.tunnels_refused++;
		log_err("l2tp %s:%u: tunnel refused: out of memory", addr, path->peer_port);
		return;
	}
	t->peer_id = peer_tid;
	tunnel_input(t, buf, len, m);
}

void l2tp_lns_input(struct l2tp_lns *lns, const struct l2tp_path *path, uint8_t *buf,
		    size_t len)
{
	struct l2tp_hdr h;
	struct l2tp_msg m;
	struct l2tp_tunnel *t = NULL;
	const uint8_t *secret;
	size_t secret_len;
	int err = l2tp_hdr_parse(buf, len, &h);

	if (err) {
		lns->stats.bad_header++;
		log_debug("l2tp: datagram dropped: %s", l2tp_msg_strerror(err));
		return;
	}
	if (!(h.flags & L2TP_HDR_T)) {
		lns->stats.data_unknown++;
		log_debug("l2tp: data for tunnel %u session %u, which the kernel does not know",
			  h.tunnel_id, h.session_id);
		return;
	}
	if (h.tunnel_id) {
		t = u32map_get(&lns->by_id, h.tunnel_id);
		if (!t) {
			lns->stats.unknown_tunnel++;
			log_debug("l2tp: message for unknown tunnel %u dropped", h.tunnel_id);
			return;
		}
		if (!same_path(&t->path, path)) {
			lns->stats.wrong_peer++;
			log_debug("%s: message from another address, port or IPsec SA dropped",
				  t->tag);
			return;
		}
	}
	if (t) {
		secret = t->secret;
		secret_len = t->secret_len;
	} else {
		peer_secret(lns, path->peer_addr, &secret, &secret_len);
	}
	err = l2tp_msg_parse(buf, len, secret, secret_len, &m);
	if (l2tp_header_refused(err)) {
		lns->stats.bad_header++;
		log_debug("l2tp: control message dropped: %s", l2tp_msg_strerror(err));
		return;
	}
	if (t) {
		tunnel_input(t, buf, len, &m);
	} else if (m.zlb || m.type != L2TP_SCCRQ) {
		lns->stats.no_tunnel++;
		log_debug("l2tp: %s for tunnel 0 dropped", m.zlb ? "ZLB" : l2tp_msg_name(m.type));
	} else {
		sccrq_input(lns, path, buf, len, &m, err);
	}
}

/* --- the whole */

struct l2tp_lns *l2tp_lns_new(const struct l2tp_lns_ops *ops, void *ctx)
{
	struct l2tp_lns *lns = calloc(1, sizeof(*lns));
	struct l2tp_lns_config c = { 0 };

	if (!lns)
		return NULL;
	lns->ops = ops;
	lns->ctx = ctx;
	preauth_init(&lns->tunnel_guard, "l2tp tunnel", LOG_TOPIC, &half_open_limits);
	list_init(&lns->half_open);
	preauth_init(&lns->session_guard, "l2tp session", LOG_TOPIC, &half_open_session_limits);
	list_init(&lns->half_open_sessions);
	l2tp_lns_configure(lns, &c);
	return lns;
}

static unsigned int or_default(unsigned int v, unsigned int def)
{
	return v ? v : def;
}

void l2tp_lns_configure(struct l2tp_lns *lns, const struct l2tp_lns_config *c)
{
	lns->accept = c->accept;
	lns->ipsec_required = c->ipsec_required;
	snprintf(lns->host_name, sizeof(lns->host_name), "%s",
		 c->host_name && *c->host_name ? c->host_name : "sluice");
	lns->secret_len = c->secret_len > sizeof(lns->secret) ? sizeof(lns->secret)
							       : c->secret_len;
	if (lns->secret_len)
		memcpy(lns->secret, c->secret, lns->secret_len);
	lns->hello_ms = or_default(c->hello_ms, L2TP_LNS_HELLO_MS);
	lns->lim.tunnels = or_default(c->lim.tunnels, DEF_TUNNELS);
	lns->lim.tunnels_per_addr = or_default(c->lim.tunnels_per_addr, DEF_TUNNELS_PER_ADDR);
	lns->lim.sessions_per_tunnel = or_default(c->lim.sessions_per_tunnel,
						  DEF_SESSIONS_PER_TUNNEL);
	lns->lim.sessions = c->lim.sessions == L2TP_LNS_NO_SESSIONS ? 0
				: or_default(c->lim.sessions, DEF_SESSIONS);
}

void l2tp_lns_free(struct l2tp_lns *lns)
{
	struct l2tp_tunnel *t;

	if (!lns)
		return;
	for (t = lns->tunnels; t; t = t->next) {
		if (t->state == L2TP_T_WAIT_SCCCN || t->state == L2TP_T_ESTABLISHED)
			tunnel_stop(t, L2TP_STOPCCN_SHUTDOWN, 0, NULL);	/* sent once */
		end_sessions(t, "admin-reboot");
		tunnel_dead(t);
	}
	while (lns->tunnels)
		tunnel_reap(&lns->tunnels->reap);
	u32map_free(&lns->by_id);
	preauth_free(&lns->tunnel_guard);
	preauth_free(&lns->session_guard);
	free(lns);
}

void l2tp_lns_sa_gone(struct l2tp_lns *lns, uint32_t mark)
{
	struct l2tp_tunnel *t;

	for (t = lns ? lns->tunnels : NULL; mark && t; t = t->next) {
		if (t->path.mark != mark || t->state == L2TP_T_DEAD)
			continue;
		lns->stats.tunnels_lost++;
		log_info_from(t->path.peer_addr, "%s: its IPsec SA is gone; ending its %u "
			      "session(s)", t->tag, t->nsessions);
		end_sessions(t, "lost-carrier");
		tunnel_dead(t);		/* no StopCCN: it would leave in clear */
	}
}

unsigned int l2tp_lns_tunnel_count(const struct l2tp_lns *lns)
{
	return lns->ntunnels;
}

unsigned int l2tp_lns_session_count(const struct l2tp_lns *lns)
{
	return lns->nsessions;
}
