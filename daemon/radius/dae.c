// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include "admin/config.h"
#include "radius/incoming_menu.h"
#include "radius/radius_menu.h"
#define LOG_TOPIC LOG_T_RADIUS
#include "core/log.h"
#include "core/loop.h"
#include "ppp/link.h"
#include "ppp/views.h"
#include "aaa/rate_attrs.h"
#include "radius/crypto.h"
#include "radius/dae.h"
#include "strbuf.h"

/*
 * RFC 5176 2.3 and 6.3: an Event-Timestamp further than this from our clock is stale, and
 * the duplicate cache remembers requests as long, so a replay is either stale or known.
 */
#define WINDOW_S 300
/* Requests that verified within one window; only a real server's requests take a slot. */
#define CACHE 1024
#define MAX_MATCH 64

struct cached {
	uint64_t expires_ms;	/* monotonic; 0: empty */
	uint32_t src;
	uint16_t port;		/* who asked: a copy from another port is a replay */
	uint8_t id;
	uint8_t auth[RAD_AUTH_LEN];
	size_t len;
	uint8_t reply[256];	/* our answers are small: code, Error-Cause, MA, Proxy-State */
};

static struct loop_fd sock = { .fd = -1 };
static unsigned int bound_port;
static struct rad_dae_stats st;
static struct cached cache[CACHE];
static size_t cache_next;

const struct rad_dae_stats *rad_dae_stats(void)
{
	return &st;
}

void rad_dae_monitor(struct strbuf *out, int json)
{
	const struct {
		const char *name;
		unsigned long v;
	} rows[] = {
		{ "requests", st.requests }, { "acks", st.acks }, { "naks", st.naks },
		{ "bad-authenticators", st.bad_authenticators },
		{ "unknown-clients", st.unknown_clients }, { "malformed", st.malformed },
		{ "duplicates", st.duplicates }, { "replays", st.replays },
		{ "stale", st.stale }, { "no-timestamp", st.no_timestamp },
		{ "evictions", st.evictions },	/* remembered requests forgotten early */
	};
	size_t i;

	if (json)
		sb_puts(out, "{");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (json)
			sb_printf(out, "%s\"%s\":%lu", i ? "," : "", rows[i].name, rows[i].v);
		else
			sb_printf(out, "%20s: %lu\n", rows[i].name, rows[i].v);
	}
	sb_puts(out, json ? "}\n" : "\n");
}

/* The secret of the /radius server at src, or NULL: not a client of ours. */
static const char *client_secret(uint32_t src)
{
	const struct radius_cfg *c;
	size_t i;

	for (i = 0; (c = radius_at(i)); i++)
		if (!c->disabled && c->address == src)
			return c->secret;
	return NULL;
}

/* what names the sessions: every given attribute must match */
struct selector {
	bool have_sid, have_user, have_ip;
	char sid[RAD_ATTR_MAX + 1], user[RAD_ATTR_MAX + 1];
	uint32_t ip;
};

/* a text attribute as a string; false if it hides a NUL ("alice\0x" is not alice) */
static bool text(const struct rad_attr *a, char *out)
{
	memcpy(out, a->val, a->len);
	out[a->len] = '\0';
	return !memchr(a->val, 0, a->len);
}

/* Reads the request's attributes; returns 0 or the Error-Cause to NAK with. */
static uint32_t read_attrs(const uint8_t *pkt, size_t len, bool coa, struct selector *s,
			   struct ppp_overrides *c)
{
	struct rad_iter it;
	struct rad_attr a;

	memset(s, 0, sizeof(*s));
	memset(c, 0, sizeof(*c));
	rad_iter_init(&it, pkt, len);
	while (rad_next(&it, &a)) {
		switch (a.type) {
		case RAD_ACCT_SESSION_ID:
			s->have_sid = true;
			if (!text(&a, s->sid))
				return 407;
			break;
		case RAD_USER_NAME:
			s->have_user = true;
			if (!text(&a, s->user))
				return 407;
			break;
		case RAD_FRAMED_IP_ADDRESS:
			if (a.len != 4)
				return 407;	/* Invalid Attribute Value */
			s->have_ip = true;
			memcpy(&s->ip, a.val, 4);
			break;
		case RAD_SESSION_TIMEOUT:
			if (a.len != 4)
				return 407;
			c->set |= PPP_OVR_SESSION_TIMEOUT;
			c->session_timeout = (uint32_t)a.val[0] << 24 | (uint32_t)a.val[1] << 16 |
					     (uint32_t)a.val[2] << 8 | a.val[3];
			break;
		case RAD_VENDOR_SPECIFIC:
		case RAD_FILTER_ID:	/* a rate (rate-limit-attributes), else refused below */
		case RAD_NAS_IP_ADDRESS: case RAD_NAS_IDENTIFIER: case RAD_EVENT_TIMESTAMP:
		case RAD_MESSAGE_AUTHENTICATOR: case RAD_PROXY_STATE: case RAD_STATE:
		case RAD_CALLING_STATION_ID: case RAD_CALLED_STATION_ID: case RAD_NAS_PORT:
		case RAD_NAS_PORT_TYPE: case RAD_ACCT_TERMINATE_CAUSE:
			break;
		default:
			if (coa)	/* a change we cannot make: refuse all of it */
				return RAD_EC_UNSUPPORTED_ATTRIBUTE;
		}
	}
	if (coa) {
		int r = auth_radius_rate_limit(pkt, len, c->rate_limit, sizeof(c->rate_limit));

		if (r < 0)
			return 407;
		if (r > 0)
			c->set |= PPP_OVR_RATE_LIMIT;
		else if (rad_find(pkt, len, RAD_FILTER_ID, &a))
			return RAD_EC_UNSUPPORTED_ATTRIBUTE;	/* a filter we have none of */
	}
	if (!s->have_sid && !s->have_user && !s->have_ip)
		return RAD_EC_MISSING_ATTRIBUTE;
	return 0;
}

static bool matches(const struct ppp_link *l, const struct selector *s)
{
	char sid[PPP_SESSION_ID_SIZE];

	if (l->done || l->phase == PHASE_TERMINATE)
		return false;
	ppp_session_id(l, sid);
	return (!s->have_sid || !strcmp(sid, s->sid)) &&
	       (!s->have_user || !strcmp(l->user, s->user)) &&
	       (!s->have_ip || (l->remote_addr && l->remote_addr == s->ip));
}

static void act(struct ppp_link **found, size_t n, bool coa, const struct ppp_overrides *c)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct ppp_link *l = found[i];

		if (!coa) {
			log_info("radius: Disconnect-Request ends %s (%s)", l->p.tag, l->user);
			ppp_link_close(l, "admin-reset");
			continue;
		}
		if (c->set)
			ppp_link_apply_overrides(l, c);
		log_info("radius: CoA-Request for %s (%s):%s%s", l->p.tag, l->user,
			 c->set & PPP_OVR_SESSION_TIMEOUT ? " session-timeout changed" : "",
			 c->set & PPP_OVR_RATE_LIMIT ? " rate-limit changed" : "");
	}
}

/* The sessions that are not links (IKE road warriors, ppp/views.h): counted, or acted on */
static size_t others(const struct selector *s, bool apply, bool coa,
		     const struct ppp_overrides *c)
{
	if (!ppp_other_sessions || !ppp_other_sessions->dae)
		return 0;
	return ppp_other_sessions->dae(s->have_sid ? s->sid : NULL, s->have_user ? s->user : NULL,
				       s->have_ip ? s->ip : 0, apply, coa ? c : NULL);
}

static void answer(struct rad_packet *out, const uint8_t *req, uint8_t code, uint32_t cause,
		   const char *secret)
{
	struct rad_iter it;
	struct rad_attr a;

	rad_init(out, code, req[1]);
	if (cause)
		rad_put_u32(out, RAD_ERROR_CAUSE, cause);
	/* RFC 5176 3.1: Proxy-State copied, in order */
	rad_iter_init(&it, req, (size_t)req[2] << 8 | req[3]);
	while (rad_next(&it, &a))
		if (a.type == RAD_PROXY_STATE && out->len + a.len + 2 + 18 <= 256)
			rad_put(out, RAD_PROXY_STATE, a.val, a.len);
	rad_put_msg_auth(out);
	rad_sign_response(out, req + 4, secret);
}

/* --- the duplicate cache: verified requests, keyed on client, Identifier, authenticator */

static struct cached *cache_find(uint32_t src, const uint8_t *req)
{
	uint64_t now = loop_now_ms();
	size_t i;

	for (i = 0; i < CACHE; i++)
		if (cache[i].expires_ms > now && cache[i].src == src &&
		    cache[i].id == req[1] && !memcmp(cache[i].auth, req + 4, RAD_AUTH_LEN))
			return &cache[i];
	return NULL;
}

/* Slots are taken in turn, so the next one is the oldest: live only past CACHE a window. */
static void cache_put(uint32_t src, uint16_t port, const uint8_t *req,
		      const struct rad_packet *out)
{
	struct cached *c = &cache[cache_next++ % CACHE];
	uint64_t now = loop_now_ms();

	if (c->expires_ms > now)
		st.evictions++;
	c->expires_ms = 0;
	if (out->len > sizeof(c->reply))
		return;
	c->expires_ms = now + WINDOW_S * 1000ull;
	c->src = src;
	c->port = port;
	c->id = req[1];
	memcpy(c->auth, req + 4, RAD_AUTH_LEN);
	memcpy(c->reply, out->data, out->len);
	c->len = out->len;
}

/*
 * A verified request seen before: from the same port it is a retransmission (RFC 5080
 * 2.2.2: the client keeps its port), answered again without acting; from another port it
 * is a replay, dropped. Returns true when it was one of them (*send: answer with out).
 */
static bool seen_before(const uint8_t *buf, uint32_t src, uint16_t port,
			struct rad_packet *out, bool *send)
{
	const struct cached *c = cache_find(src, buf);

	if (!c)
		return false;
	*send = c->port == port;
	if (!*send) {
		st.replays++;
		log_warn_from(src, "radius: %s replayed from another port: dropped",
			 rad_code_name(buf[0]));
		return true;
	}
	st.duplicates++;
	memcpy(out->data, c->reply, c->len);
	out->len = c->len;
	out->msg_auth = 0;
	return true;
}

/*
 * RFC 5176 6.3: an Event-Timestamp outside the window is silently discarded; one absent is
 * accepted (the RFC's SHOULD is that a NAS can be configured to discard those:
 * require-event-timestamp=yes), then only the duplicate cache stands against a replay.
 */
static bool timely(const uint8_t *buf, size_t len, uint32_t src)
{
	uint32_t ts;
	long long skew;

	if (!rad_get_u32(buf, len, RAD_EVENT_TIMESTAMP, &ts)) {
		if (!radius_incoming_cfg()->require_event_timestamp)
			return true;
		st.no_timestamp++;
		log_warn_from(src,
			      "radius: %s without Event-Timestamp: dropped (require-event-timestamp)",
			 rad_code_name(buf[0]));
		return false;
	}
	skew = (long long)ts - (long long)time(NULL);
	if (skew >= -WINDOW_S && skew <= WINDOW_S)
		return true;
	st.stale++;
	log_warn_from(src, "radius: %s with an Event-Timestamp %llds from our clock: dropped",
		 rad_code_name(buf[0]), skew);
	return false;
}

/* A verified, timely request: acts on the sessions it names, answers in out. */
static void act_on(const uint8_t *buf, size_t plen, const char *secret, struct rad_packet *out)
{
	struct ppp_link *found[MAX_MATCH], *l;
	bool coa = buf[0] == RAD_COA_REQUEST;
	struct selector s;
	struct ppp_overrides c;
	size_t n = 0;
	uint32_t cause;

	cause = read_attrs(buf, plen, coa, &s, &c);
	if (cause)
		goto nak;
	for (l = ppp_link_next(NULL); l && n < MAX_MATCH; l = ppp_link_next(l))
		if (matches(l, &s))
			found[n++] = l;
	if (!n && !others(&s, false, coa, &c)) {
		cause = RAD_EC_SESSION_NOT_FOUND;
		goto nak;
	}
	act(found, n, coa, &c);
	others(&s, true, coa, &c);
	st.acks++;
	answer(out, buf, coa ? RAD_COA_ACK : RAD_DISCONNECT_ACK, 0, secret);
	return;
nak:
	st.naks++;
	log_info("radius: %s refused: Error-Cause %u", rad_code_name(buf[0]), cause);
	answer(out, buf, coa ? RAD_COA_NAK : RAD_DISCONNECT_NAK, cause, secret);
}

bool rad_dae_process(const uint8_t *buf, size_t len, uint32_t src, uint16_t port,
		     struct rad_packet *out)
{
	const char *secret = client_secret(src), *why = "malformed";
	size_t plen;
	bool send;

	if (!secret) {
		st.unknown_clients++;
		return false;
	}
	plen = rad_check(buf, len, &why);
	if (!plen || (buf[0] != RAD_DISCONNECT_REQUEST && buf[0] != RAD_COA_REQUEST)) {
		st.malformed++;
		log_warn_from(src, "radius: a dynamic authorization request that is %s",
			 plen ? "of an unknown kind" : why);
		return false;
	}
	if (rad_verify_request(buf, plen, secret, &why)) {
		st.requests++;
		st.bad_authenticators++;
		st.naks++;
		log_warn_from(src, "radius: %s with %s: refused", rad_code_name(buf[0]), why);
		answer(out, buf, buf[0] == RAD_COA_REQUEST ? RAD_COA_NAK : RAD_DISCONNECT_NAK,
		       RAD_EC_INVALID_REQUEST, secret);
		return true;
	}
	if (seen_before(buf, src, port, out, &send))
		return send;
	if (!timely(buf, plen, src))
		return false;
	st.requests++;
	act_on(buf, plen, secret, out);
	cache_put(src, port, buf, out);
	return true;
}

/* --- the socket */

static void readable(struct loop_fd *w, uint32_t events)
{
	uint8_t buf[RAD_MAX_LEN + 1];
	struct rad_packet out;
	int burst;

	(void)events;
	for (burst = 0; burst < 64; burst++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(w->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n < 0)
			return;
		if (fl != sizeof(from) || n < RAD_HDR_LEN)
			continue;
		if (rad_dae_process(buf, (size_t)n, from.sin_addr.s_addr, ntohs(from.sin_port),
				    &out))
			sendto(w->fd, out.data, out.len, 0, (struct sockaddr *)&from, fl);
	}
}

void rad_dae_done(void)
{
	if (sock.fd < 0)
		return;
	loop_del(&sock);
	close(sock.fd);
	sock.fd = -1;
	bound_port = 0;
}

void rad_dae_apply(void)
{
	const struct radius_incoming_cfg *c = radius_incoming_cfg();
	unsigned int port = c->port;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	if (!c->accept) {
		rad_dae_done();
		return;
	}
	if (sock.fd >= 0 && bound_port == port)
		return;
	rad_dae_done();
	sock.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	sock.events = EPOLLIN;
	sock.cb = readable;
	if (sock.fd < 0 || bind(sock.fd, (struct sockaddr *)&sa, sizeof(sa)) || loop_add(&sock)) {
		log_err("radius: listening on UDP %u for dynamic authorization: %s", port,
			strerror(errno));
		if (sock.fd >= 0)
			close(sock.fd);
		sock.fd = -1;
		return;
	}
	bound_port = port;
	log_info("radius: accepting dynamic authorization on UDP %u", port);
}
