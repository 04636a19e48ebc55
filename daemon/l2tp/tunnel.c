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

uint16_t l2tp_random_id(void)
{
	uint16_t v = 0;

	while (!v) {
		if (getrandom(&v, sizeof(v), 0) != sizeof(v))
			v = (uint16_t)rand();
	}
	return v;
}

void l2tp_random_bytes(uint8_t *p, size_t n)
{
	if (getrandom(p, n, 0) != (ssize_t)n) {
		while (n--)
			*p++ = (uint8_t)rand();
	}
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
	if (l2tp_rel_send(&t->rel, b->buf, (size_t)n))
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
