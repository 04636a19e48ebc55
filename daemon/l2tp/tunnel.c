// SPDX-License-Identifier: GPL-2.0
/* One L2TP tunnel's control connection, for the LNS and the LAC alike; see tunnel.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "l2tp/tunnel.h"
#define LOG_TOPIC LOG_T_L2TP
#include "core/log.h"

#define MSG_BUF 1024			/* everything we send fits */
#define FIRMWARE_REVISION 0x0100

uint16_t l2tp_random_id(void)
{
	uint16_t v = 0;

	while (!v) {
		if (getrandom(&v, sizeof(v), 0) != sizeof(v))
			v = (uint16_t)rand();
	}
	return v;
}

static void random_bytes(uint8_t *p, size_t n)
{
	if (getrandom(p, n, 0) != (ssize_t)n) {
		while (n--)
			*p++ = (uint8_t)rand();
	}
}

static void new_challenge(struct l2tp_tunnel *t)
{
	random_bytes(t->challenge, sizeof(t->challenge));
}

bool l2tp_header_refused(int err)
{
	return err <= L2TP_E_SHORT && err >= L2TP_E_CONTROL;
}

void l2tp_result_text(const struct l2tp_msg *m, char *out, size_t cap)
{
	struct l2tp_result r;
	char text[128] = "", esc[4 * sizeof(text)];

	if (l2tp_get_result(m, &r)) {
		snprintf(out, cap, "no result code");
		return;
	}
	if (r.msg_len)
		snprintf(text, sizeof(text), "%.*s", (int)r.msg_len, (const char *)r.msg);
	log_escape(esc, sizeof(esc), text);
	snprintf(out, cap, "result %u error %u%s%.100s%s", r.result, r.error, esc[0] ? " \"" : "",
		 esc, esc[0] ? "\"" : "");
}

void l2tp_tunnel_send_built(struct l2tp_tunnel *t, struct l2tp_build *b, const char *what)
{
	int n = l2tp_build_finish(b);

	if (n < 0) {
		log_err("%s: cannot build %s: %s", t->tag, what, l2tp_msg_strerror(n));
		return;
	}
	if (!t->rel_live || l2tp_rel_send(&t->rel, b->buf, (size_t)n))
		log_warn("%s: %s not queued", t->tag, what);
	else
		log_debug("%s: sent %s", t->tag, what);
}

void l2tp_put_result_code(struct l2tp_build *b, uint16_t result, uint16_t error, const char *why)
{
	struct l2tp_result r = { .result = result, .error = error,
				 .has_error = error || why, .msg = (const uint8_t *)why,
				 .msg_len = why ? strlen(why) : 0 };

	l2tp_put_result(b, L2TP_AVP_M, &r);
}

struct l2tp_session *l2tp_tunnel_find_session(struct l2tp_tunnel *t, uint16_t local_id)
{
	struct l2tp_session *s;

	for (s = t->sessions; s; s = s->next)
		if (s->local_id == local_id && !s->ended)
			return s;
	return NULL;
}

struct l2tp_session *l2tp_tunnel_find_session_by_peer(struct l2tp_tunnel *t, uint16_t peer_id)
{
	struct l2tp_session *s;

	for (s = t->sessions; s; s = s->next)
		if (s->peer_id == peer_id && !s->ended)
			return s;
	return NULL;
}

void l2tp_tunnel_send_cdn(struct l2tp_tunnel *t, uint16_t peer_sid, uint16_t local_sid,
			  uint16_t result, uint16_t error, const char *why)
{
	uint8_t buf[MSG_BUF];
	struct l2tp_build b;

	l2tp_rel_build_start(&t->rel, &b, buf, sizeof(buf), peer_sid, L2TP_CDN);
	l2tp_put_u16(&b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, local_sid ? local_sid
									     : l2tp_random_id());
	l2tp_put_result_code(&b, result, error, why);
	l2tp_tunnel_send_built(t, &b, "CDN");
}

void l2tp_tunnel_send_stopccn(struct l2tp_tunnel *t, uint16_t result, uint16_t error,
			      const char *why)
{
	uint8_t buf[MSG_BUF];
	struct l2tp_build b;

	l2tp_rel_build_start(&t->rel, &b, buf, sizeof(buf), 0, L2TP_STOPCCN);
	l2tp_put_u16(&b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, t->local_id);
	l2tp_put_result_code(&b, result, error, why);
	l2tp_tunnel_send_built(t, &b, "StopCCN");
}

void l2tp_tunnel_send_hello(struct l2tp_tunnel *t)
{
	uint8_t buf[MSG_BUF];
	struct l2tp_build b;

	l2tp_rel_build_start(&t->rel, &b, buf, sizeof(buf), 0, L2TP_HELLO);
	l2tp_tunnel_send_built(t, &b, "HELLO");
}

void l2tp_tunnel_take_peer(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	const uint8_t *host;
	size_t host_len;
	uint16_t window = 0;
	char raw[64];

	l2tp_get_assigned_tunnel_id(m, &t->peer_id);
	l2tp_get_receive_window_size(m, &window);
	l2tp_rel_set_peer(&t->rel, t->peer_id, window);
	if (!l2tp_get_host_name(m, &host, &host_len)) {
		snprintf(raw, sizeof(raw), "%.*s", (int)host_len, (const char *)host);
		log_escape(t->host, sizeof(t->host), raw);
	}
}

void l2tp_tunnel_put_identity(struct l2tp_tunnel *t, struct l2tp_build *b, const char *host_name)
{
	l2tp_put_protocol_version(b, L2TP_AVP_M);
	l2tp_put_u32(b, L2TP_AVP_M, L2TP_AVP_FRAMING_CAPS, L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	l2tp_put_u32(b, 0, L2TP_AVP_BEARER_CAPS, 0);
	l2tp_put_u16(b, 0, L2TP_AVP_FIRMWARE_REVISION, FIRMWARE_REVISION);
	l2tp_put_string(b, L2TP_AVP_M, L2TP_AVP_HOST_NAME, host_name);
	l2tp_put_string(b, 0, L2TP_AVP_VENDOR_NAME, "sluice");
	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, t->local_id);
	l2tp_put_u16(b, L2TP_AVP_M, L2TP_AVP_RECEIVE_WINDOW_SIZE, L2TP_REL_RECV_WINDOW);
	if (t->secret_len) {
		new_challenge(t);
		l2tp_put_bytes(b, L2TP_AVP_M, L2TP_AVP_CHALLENGE, t->challenge,
			       sizeof(t->challenge));
	}
}

/* --- the dispatch of delivered messages (see tunnel.h) */

static void on_cdn(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	struct l2tp_session *s = m->hdr.session_id ? l2tp_tunnel_find_session(t, m->hdr.session_id)
						   : NULL;
	uint16_t peer_sid = 0;
	char why[200];

	if (!s && !l2tp_get_assigned_session_id(m, &peer_sid))
		s = l2tp_tunnel_find_session_by_peer(t, peer_sid);
	l2tp_result_text(m, why, sizeof(why));
	if (!s) {
		log_info("%s: CDN for no session we know (%s)", t->tag, why);
		return;
	}
	log_info("%s: cleared by the peer (%s)", s->tag, why);
	l2tp_rel_ack_session(&t->rel, s->peer_id);
	t->ops->call_cleared(t, s);
}

static void on_call_msg(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	struct l2tp_session *s = m->hdr.session_id ? l2tp_tunnel_find_session(t, m->hdr.session_id)
						   : NULL;

	switch (m->type) {
	case L2TP_CDN:
		on_cdn(t, m);
		break;
	case L2TP_WEN:
	case L2TP_SLI:
		t->stats->ignored++;	/* async link details: nothing to do over UDP */
		break;
	default:
		t->ops->call(t, s, m);
	}
}

static void on_stopccn(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	char why[200];

	l2tp_result_text(m, why, sizeof(why));
	log_info("%s: tunnel cleared by the peer (%s)", t->tag, why);
	t->ops->stopped(t);
}

static void on_refused(struct l2tp_tunnel *t, const struct l2tp_msg *m, const uint8_t *buf)
{
	char why[200];

	t->stats->refused++;
	l2tp_msg_describe(m, (enum l2tp_error)m->status, why, sizeof(why));
	log_warn("%s: refused: %s", t->tag, why);
	t->ops->refused(t, m, buf);
}

static void deliver(void *ctx, const struct l2tp_msg *m, const uint8_t *buf, size_t len)
{
	struct l2tp_tunnel *t = ctx;

	(void)len;
	if (t->state == L2TP_T_STOPPING || t->state == L2TP_T_LINGER || t->state == L2TP_T_DEAD)
		return;		/* acknowledged, nothing more */
	if (m->status == L2TP_E_MSG_TYPE_UNKNOWN) {
		t->stats->ignored++;
		log_debug("%s: ignored message type %u", t->tag, m->type);
		return;
	}
	log_debug("%s: got %s", t->tag, l2tp_msg_name(m->type));
	if (m->status != L2TP_OK)
		on_refused(t, m, buf);
	else if (m->type == L2TP_STOPCCN)
		on_stopccn(t, m);
	else if (t->state == L2TP_T_NEW)
		t->ops->control(t, m);
	else if (l2tp_msg_is_session(m->type) && t->state == L2TP_T_ESTABLISHED)
		on_call_msg(t, m);
	else if (m->type != L2TP_HELLO)	/* its acknowledgement is all a HELLO asks */
		t->ops->control(t, m);
}

static void rel_send(void *ctx, const uint8_t *buf, size_t len)
{
	struct l2tp_tunnel *t = ctx;

	t->ops->send(t, buf, len);
}

static void rel_dead(void *ctx, const char *reason)
{
	struct l2tp_tunnel *t = ctx;

	t->ops->dead(t, reason);
}

static const struct l2tp_rel_ops rel_ops = { .send = rel_send, .deliver = deliver,
					     .dead = rel_dead };

void l2tp_tunnel_start(struct l2tp_tunnel *t, const struct l2tp_tunnel_ops *ops, void *ctx,
		       struct l2tp_stats *stats)
{
	struct l2tp_rel_config rc = { .ops = &rel_ops, .ctx = t, .tag = t->tag };

	t->ops = ops;
	t->ctx = ctx;
	t->stats = stats;
	l2tp_rel_init(&t->rel, &rc);
	t->rel_live = true;
}

void l2tp_tunnel_stop_delivery(struct l2tp_tunnel *t)
{
	l2tp_rel_stop(&t->rel);
	t->rel_live = false;
}

bool l2tp_tunnel_input(struct l2tp_tunnel *t, const uint8_t *buf, size_t len,
		       const struct l2tp_msg *m)
{
	enum l2tp_rel_verdict v = l2tp_rel_input(&t->rel, buf, len, m);

	if (v == L2TP_REL_REFUSED || v == L2TP_REL_OUT_OF_WINDOW || v == L2TP_REL_HOLD_FULL) {
		log_debug("%s: message dropped: %s", t->tag, l2tp_rel_verdict_name(v));
		return false;
	}
	return true;
}
