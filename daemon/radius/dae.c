// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include "admin/config.h"
#include "radius/incoming_menu.h"
#include "radius/radius_menu.h"
#define LOG_TOPIC LOG_T_RADIUS
#include "core/log.h"
#include "core/loop.h"
#include "ppp/link.h"
#include "radius/crypto.h"
#include "radius/dae.h"
#include "strbuf.h"

#define CACHE 64
#define MAX_MATCH 64

struct cached {
	uint32_t src;
	uint16_t port;
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
		{ "duplicates", st.duplicates },
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
	if (coa && rad_find_vsa(pkt, len, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, &a)) {
		if (!a.len || a.len >= sizeof(c->rate_limit))
			return 407;
		c->set |= PPP_OVR_RATE_LIMIT;
		if (!text(&a, c->rate_limit) || strpbrk(c->rate_limit, "\"\\,\n\r\t"))
			return 407;
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

bool rad_dae_process(const uint8_t *buf, size_t len, uint32_t src, struct rad_packet *out)
{
	const char *secret = client_secret(src), *why = "malformed";
	struct ppp_link *found[MAX_MATCH], *l;
	struct selector s;
	struct ppp_overrides c;
	size_t plen, n = 0;
	uint32_t cause;
	bool coa;

	if (!secret) {
		st.unknown_clients++;
		return false;
	}
	plen = rad_check(buf, len, &why);
	if (!plen || (buf[0] != RAD_DISCONNECT_REQUEST && buf[0] != RAD_COA_REQUEST)) {
		st.malformed++;
		log_warn("radius: a dynamic authorization request that is %s",
			 plen ? "of an unknown kind" : why);
		return false;
	}
	st.requests++;
	coa = buf[0] == RAD_COA_REQUEST;
	if (rad_verify_request(buf, plen, secret, &why)) {
		st.bad_authenticators++;
		log_warn("radius: %s with %s: refused", rad_code_name(buf[0]), why);
		cause = RAD_EC_INVALID_REQUEST;
		goto nak;
	}
	cause = read_attrs(buf, plen, coa, &s, &c);
	if (cause)
		goto nak;
	for (l = ppp_link_next(NULL); l && n < MAX_MATCH; l = ppp_link_next(l))
		if (matches(l, &s))
			found[n++] = l;
	if (!n) {
		cause = RAD_EC_SESSION_NOT_FOUND;
		goto nak;
	}
	act(found, n, coa, &c);
	st.acks++;
	answer(out, buf, coa ? RAD_COA_ACK : RAD_DISCONNECT_ACK, 0, secret);
	return true;
nak:
	st.naks++;
	if (cause != RAD_EC_INVALID_REQUEST)
		log_info("radius: %s refused: Error-Cause %u", rad_code_name(buf[0]), cause);
	answer(out, buf, coa ? RAD_COA_NAK : RAD_DISCONNECT_NAK, cause, secret);
	return true;
}

/* --- the socket */

static struct cached *cache_find(uint32_t src, uint16_t port, const uint8_t *req)
{
	size_t i;

	for (i = 0; i < CACHE; i++)
		if (cache[i].len && cache[i].src == src && cache[i].port == port &&
		    cache[i].id == req[1] && !memcmp(cache[i].auth, req + 4, RAD_AUTH_LEN))
			return &cache[i];
	return NULL;
}

static void cache_put(uint32_t src, uint16_t port, const uint8_t *req,
		      const struct rad_packet *out)
{
	struct cached *c = &cache[cache_next++ % CACHE];

	if (out->len > sizeof(c->reply))
		return;
	c->src = src;
	c->port = port;
	c->id = req[1];
	memcpy(c->auth, req + 4, RAD_AUTH_LEN);
	memcpy(c->reply, out->data, out->len);
	c->len = out->len;
}

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
		const struct cached *dup;

		if (n < 0)
			return;
		if (fl != sizeof(from) || n < RAD_HDR_LEN)
			continue;
		dup = cache_find(from.sin_addr.s_addr, from.sin_port, buf);
		if (dup) {
			st.duplicates++;
			sendto(w->fd, dup->reply, dup->len, 0, (struct sockaddr *)&from, fl);
			continue;
		}
		if (!rad_dae_process(buf, (size_t)n, from.sin_addr.s_addr, &out))
			continue;
		cache_put(from.sin_addr.s_addr, from.sin_port, buf, &out);
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
