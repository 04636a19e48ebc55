// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <sys/socket.h>
#include "admin/config.h"
#include "radius/radius_menu.h"
#define LOG_TOPIC LOG_T_RADIUS
#include "core/log.h"
#include "radius/client.h"
#include "radius/crypto.h"
#include "strbuf.h"

#define MAX_SERVERS 8		/* tried per request, in /radius order */
#define MAX_STATS 64		/* servers whose counters are kept */
#define MAX_WAIT_MS 30000
#define ACCT_FIRST_WAIT_MAX_MS 5000

/* counters and health of one server, kept across requests and configuration changes */
struct server_rt {
	char address[INET_ADDRSTRLEN];
	uint16_t auth_port, acct_port;
	struct rad_server_stats st;
	uint64_t dead_until;
	unsigned int srtt_ms;	/* smoothed answer time (from a request's first send), 0: none */
	uint64_t ma_warned;	/* when we last said it answers without Message-Authenticator */
	bool used;
};

/* one server as a request sees it: a snapshot of its /radius item */
struct server_cfg {
	struct sockaddr_in sa;
	uint32_t src;		/* src-address: the socket's source, 0: the kernel's choice */
	char secret[CFG_VALUE_MAX + 1];
	unsigned int timeout_ms;
	bool need_ma;
	struct server_rt *rt;
};

struct rad_sock {
	struct loop_fd w;
	uint32_t src;		/* bound source address, network order; 0: any */
	struct rad_request *ids[256];
	unsigned int used;
	uint8_t next_id;
};

struct rad_request {
	enum rad_kind kind;
	unsigned int service;		/* CFG_RADIUS_PPP or _IPSEC: the servers it may go to */
	uint8_t code;
	uint8_t *attrs;
	size_t attrs_len;
	char password[RAD_PASSWORD_MAX + 1];
	size_t pwlen;
	bool has_password;
	long created;
	rad_done_fn done;
	void *ctx;
	struct server_cfg srv[MAX_SERVERS];
	size_t nsrv, cur;
	unsigned int tries, wait_ms;
	struct rad_sock *sock;	/* with the id: NULL when none is held */
	uint8_t id;
	uint64_t first_sent_ms, sent_ms;	/* on the current server */
	struct loop_timer timer;
	struct rad_packet pkt;
};

static struct server_rt stats[MAX_STATS];
static struct rad_sock *socks[RAD_SOCKETS];
static unsigned long bad_unmatched;	/* replies to no request we hold */

static struct server_rt *stats_for(const char *address, unsigned int auth_port,
				   unsigned int acct_port, bool create)
{
	size_t i;

	for (i = 0; i < MAX_STATS; i++)
		if (stats[i].used && !strcmp(stats[i].address, address) &&
		    stats[i].auth_port == auth_port && stats[i].acct_port == acct_port)
			return &stats[i];
	if (!create)
		return NULL;
	for (i = 0; i < MAX_STATS; i++) {
		if (stats[i].used)
			continue;
		memset(&stats[i], 0, sizeof(stats[i]));
		snprintf(stats[i].address, sizeof(stats[i].address), "%s", address);
		stats[i].auth_port = (uint16_t)auth_port;
		stats[i].acct_port = (uint16_t)acct_port;
		stats[i].used = true;
		return &stats[i];
	}
	return NULL;	/* more servers than that: they work, uncounted... */
}

static bool server_usable(const struct radius_cfg *c, unsigned int service)
{
	return !c->disabled && (c->service & service);
}

bool rad_client_has_servers_for(unsigned int service)
{
	const struct radius_cfg *c;
	size_t i;

	for (i = 0; (c = radius_at(i)); i++)
		if (server_usable(c, service))
			return true;
	return false;
}

bool rad_client_has_servers(void)
{
	return rad_client_has_servers_for(CFG_RADIUS_PPP);
}

/* the statistics' key: the server's address as /radius prints it */
static const char *address_text(const struct radius_cfg *c, char buf[INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = c->address };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* The usable servers, live ones first (each group in /radius order). */
static size_t snapshot_servers(struct rad_request *r)
{
	static struct server_rt dummy;
	uint64_t now = loop_now_ms();
	const struct radius_cfg *c;
	int pass;
	size_t i;

	r->nsrv = 0;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; (c = radius_at(i)) && r->nsrv < MAX_SERVERS; i++) {
			struct server_cfg *s = &r->srv[r->nsrv];
			char addr[INET_ADDRSTRLEN];
			struct server_rt *rt;

			if (!server_usable(c, r->service))
				continue;
			rt = stats_for(address_text(c, addr), c->authentication_port,
				       c->accounting_port, true);
			if (!rt)
				rt = &dummy;
			if ((rt->dead_until > now) != (pass == 1))
				continue;
			memset(&s->sa, 0, sizeof(s->sa));
			s->sa.sin_family = AF_INET;
			s->sa.sin_port = htons((uint16_t)(r->kind == RAD_KIND_AUTH ?
						c->authentication_port : c->accounting_port));
			s->sa.sin_addr.s_addr = c->address;
			snprintf(s->secret, sizeof(s->secret), "%s", c->secret);
			s->src = c->src_address;
			s->timeout_ms = c->timeout;
			s->need_ma = r->kind == RAD_KIND_AUTH &&
				     c->require_message_auth != CFG_MA_NO;
			s->rt = rt;
			r->nsrv++;
		}
	}
	return r->nsrv;
}

/* --- sockets and identifiers */

static void sock_readable(struct loop_fd *w, uint32_t events);

static struct rad_sock *sock_open(uint32_t src)
{
	struct rad_sock *s = calloc(1, sizeof(*s));
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_addr.s_addr = src };

	if (!s)
		return NULL;
	s->w.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	s->w.events = EPOLLIN;
	s->w.cb = sock_readable;
	if (s->w.fd < 0 || bind(s->w.fd, (struct sockaddr *)&any, sizeof(any)) ||
	    loop_add(&s->w)) {
		log_err("radius: a client socket from %s: %s", inet_ntoa(any.sin_addr),
			strerror(errno));
		if (s->w.fd >= 0)
			close(s->w.fd);
		free(s);
		return NULL;
	}
	s->src = src;
	return s;
}

/* An identifier on a socket bound to the server's src-address (opened when needed). */
static int id_take(struct rad_request *r)
{
	uint32_t src = r->srv[r->cur].src;
	size_t i;
	unsigned int k;

	for (i = 0; i < RAD_SOCKETS; i++) {
		struct rad_sock *s = socks[i];

		if (!s && !(s = socks[i] = sock_open(src)))
			return -EADDRNOTAVAIL;
		if (s->src != src || s->used >= 256)
			continue;
		/* ids in turn, so a late reply to an old request rarely meets a new one */
		for (k = 0; k < 256; k++, s->next_id++)
			if (!s->ids[s->next_id])
				break;
		r->sock = s;
		r->id = s->next_id++;
		s->ids[r->id] = r;
		s->used++;
		return 0;
	}
	return -EBUSY;
}

static void id_release(struct rad_request *r)
{
	if (!r->sock)
		return;
	r->sock->ids[r->id] = NULL;
	r->sock->used--;
	r->sock = NULL;
}

/* --- requests */

static struct server_cfg *cur(struct rad_request *r)
{
	return &r->srv[r->cur];
}

/* A new packet for the current server: new id, authenticator, secret, delay. */
static int build(struct rad_request *r)
{
	struct rad_packet *p = &r->pkt;
	const char *secret = cur(r)->secret;
	int ret;

	id_release(r);
	ret = id_take(r);
	if (ret)
		return ret;
	rad_init(p, r->code, r->id);
	if (r->code == RAD_ACCESS_REQUEST && rad_new_authenticator(p))
		return -EIO;
	if (r->has_password) {
		uint8_t hidden[RAD_PASSWORD_MAX];
		size_t n;

		if (rad_hide_password(secret, p->data + 4, (const uint8_t *)r->password, r->pwlen,
				      hidden, &n) || rad_put(p, RAD_USER_PASSWORD, hidden, n))
			return -EINVAL;
	}
	if (p->len + r->attrs_len > RAD_MAX_LEN - 18 - 6)
		return -ENOSPC;
	memcpy(p->data + p->len, r->attrs, r->attrs_len);
	p->len += r->attrs_len;
	p->data[2] = (uint8_t)(p->len >> 8);
	p->data[3] = (uint8_t)p->len;
	if (r->kind == RAD_KIND_ACCT) {
		long delay = time(NULL) - r->created;

		rad_put_u32(p, RAD_ACCT_DELAY_TIME, delay > 0 ? (uint32_t)delay : 0);
	}
	/* RFC 3579 and Blast-RADIUS (CVE-2024-3596): on every request */
	if (rad_put_msg_auth(p) || rad_sign_request(p, secret))
		return -EIO;
	return 0;
}

static void transmit(struct rad_request *r)
{
	struct server_cfg *s = cur(r);

	if (sendto(r->sock->w.fd, r->pkt.data, r->pkt.len, 0, (struct sockaddr *)&s->sa,
		   sizeof(s->sa)) < 0)
		log_debug("radius: sending to %s: %s", inet_ntoa(s->sa.sin_addr), strerror(errno));
	r->sent_ms = loop_now_ms();
	loop_timer_arm(&r->timer, r->wait_ms);
}

static void request_free(struct rad_request *r)
{
	id_release(r);
	loop_timer_cancel(&r->timer);
	OPENSSL_cleanse(r->password, sizeof(r->password));
	OPENSSL_cleanse(r->srv, sizeof(r->srv));
	free(r->attrs);
	free(r);
}

static void finish(struct rad_request *r, const struct rad_reply *reply)
{
	if (r->cur < r->nsrv)
		cur(r)->rt->st.pending--;
	id_release(r);
	loop_timer_cancel(&r->timer);
	if (r->done)
		r->done(r->ctx, reply);
	request_free(r);
}

/*
 * How long the first send waits: the server's timeout; for accounting, at least twice the
 * time the server has been taking to answer. A retransmission of an Accounting-Request that
 * the server reads after answering the original is accounted again (FreeRADIUS keeps only
 * Access-Requests after answering them), so against a server slower than the timeout every
 * record would be written twice; authentication keeps the configured timeout, whose
 * failover a user waits for, and which servers deduplicate.
 */
static unsigned int first_wait(const struct rad_request *r)
{
	const struct server_cfg *s = &r->srv[r->cur];
	unsigned int w = 2 * s->rt->srtt_ms;

	if (r->kind != RAD_KIND_ACCT || w <= s->timeout_ms)
		return s->timeout_ms;
	return w > ACCT_FIRST_WAIT_MAX_MS ? ACCT_FIRST_WAIT_MAX_MS : w;
}

/* First send to the current server, or on to the next one; false when none is left. */
static bool start_on_server(struct rad_request *r)
{
	for (; r->cur < r->nsrv; r->cur++) {
		struct server_rt *rt = cur(r)->rt;
		int ret = build(r);

		if (ret) {
			log_warn("radius: building a %s: %s", rad_code_name(r->code), strerror(-ret));
			continue;
		}
		r->tries = 1;
		r->wait_ms = first_wait(r);
		rt->st.pending++;
		if (r->kind == RAD_KIND_AUTH)
			rt->st.requests++;
		else
			rt->st.acct_requests++;
		transmit(r);
		r->first_sent_ms = r->sent_ms;
		return true;
	}
	return false;
}

static void timed_out(struct loop_timer *t)
{
	struct rad_request *r = (struct rad_request *)((char *)t - offsetof(struct rad_request,
									     timer));
	struct server_rt *rt = cur(r)->rt;

	if (r->tries < RAD_TRIES) {	/* RFC 5080 2.2.1: the same packet, id and authenticator */
		r->tries++;
		r->wait_ms = r->wait_ms * 2 > MAX_WAIT_MS ? MAX_WAIT_MS : r->wait_ms * 2;
		rt->st.resends++;
		transmit(r);
		return;
	}
	rt->st.timeouts++;
	rt->st.pending--;
	rt->dead_until = loop_now_ms() + RAD_DEAD_MS;
	log_warn("radius: %s:%u does not answer (%s)", rt->address,
		 r->kind == RAD_KIND_AUTH ? rt->auth_port : rt->acct_port, rad_code_name(r->code));
	r->cur++;
	if (!start_on_server(r))
		finish(r, NULL);
}

struct rad_request *rad_request_start(enum rad_kind kind, uint8_t code, const uint8_t *attrs,
				      size_t attrs_len, const char *password, long created,
				      rad_done_fn done, void *ctx)
{
	return rad_request_start_for(CFG_RADIUS_PPP, kind, code, attrs, attrs_len, password,
				     created, done, ctx);
}

struct rad_request *rad_request_start_for(unsigned int service, enum rad_kind kind,
					  uint8_t code, const uint8_t *attrs, size_t attrs_len,
					  const char *password, long created, rad_done_fn done,
					  void *ctx)
{
	struct rad_request *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->service = service;
	r->kind = kind;
	r->code = code;
	r->done = done;
	r->ctx = ctx;
	r->created = created ? created : time(NULL);
	loop_timer_init(&r->timer, timed_out);
	if (password) {
		r->pwlen = strnlen(password, sizeof(r->password));
		if (r->pwlen > RAD_PASSWORD_MAX)
			goto fail;
		memcpy(r->password, password, r->pwlen);
		r->has_password = true;
	}
	r->attrs = malloc(attrs_len ? attrs_len : 1);
	if (!r->attrs || attrs_len > RAD_MAX_LEN)
		goto fail;
	memcpy(r->attrs, attrs, attrs_len);
	r->attrs_len = attrs_len;
	if (!snapshot_servers(r) || !start_on_server(r))
		goto fail;
	return r;
fail:
	request_free(r);
	return NULL;
}

void rad_request_cancel(struct rad_request *r)
{
	if (!r)
		return;
	if (r->cur < r->nsrv)
		cur(r)->rt->st.pending--;
	request_free(r);
}

/* --- replies */

static bool code_answers(uint8_t req, uint8_t reply)
{
	if (req == RAD_ACCESS_REQUEST)
		return reply == RAD_ACCESS_ACCEPT || reply == RAD_ACCESS_REJECT ||
		       reply == RAD_ACCESS_CHALLENGE;
	return req == RAD_ACCT_REQUEST && reply == RAD_ACCT_RESPONSE;
}

static void count_reply(struct rad_request *r, uint8_t code)
{
	struct server_rt *rt = cur(r)->rt;
	struct rad_server_stats *st = &rt->st;
	unsigned int since_first = (unsigned int)(loop_now_ms() - r->first_sent_ms);

	st->last_rtt_ms = (unsigned int)(loop_now_ms() - r->sent_ms);
	st->rtt_ms_sum += st->last_rtt_ms;
	/* accounting's answer time (first_wait), from the first send: after a retransmission
	 * it is an upper bound, and erring long only spares the server retransmissions */
	if (r->kind == RAD_KIND_ACCT)
		rt->srtt_ms = rt->srtt_ms ? (7 * rt->srtt_ms + since_first) / 8 : since_first;
	if (code == RAD_ACCESS_ACCEPT)
		st->accepts++;
	else if (code == RAD_ACCESS_REJECT)
		st->rejects++;
	else if (code == RAD_ACCESS_CHALLENGE)
		st->challenges++;
	else
		st->acct_responses++;
}

#define MA_WARN_EVERY_MS (10 * 60 * 1000)

/*
 * Blast-RADIUS (CVE-2024-3596): an Access-Accept without Message-Authenticator can be forged
 * by whoever sees the request. Said once per server every 10 minutes: both when we refuse it
 * (require-message-auth, the default) and when require-message-auth=no lets it in.
 */
static void warn_no_ma(const struct rad_request *r, const struct server_cfg *srv,
		       const uint8_t *buf, size_t plen, bool refused)
{
	uint64_t now = loop_now_ms();
	struct rad_attr a;

	if (r->kind != RAD_KIND_AUTH || rad_find(buf, plen, RAD_MESSAGE_AUTHENTICATOR, &a) ||
	    (srv->rt->ma_warned && now - srv->rt->ma_warned < MA_WARN_EVERY_MS))
		return;
	srv->rt->ma_warned = now;
	if (refused)
		log_warn("radius: %s answers without Message-Authenticator: refused "
			 "(require-message-auth; a server without its Blast-RADIUS update needs "
			 "require-message-auth=no, or better an update)", srv->rt->address);
	else
		log_warn("radius: %s answers without Message-Authenticator: its answers can be "
			 "forged (Blast-RADIUS); update it and set "
			 "require-message-auth=yes-for-request-resp", srv->rt->address);
}

static void reply_in(struct rad_sock *s, const uint8_t *buf, size_t len,
		     const struct sockaddr_in *from)
{
	const char *why = "malformed";
	struct rad_request *r = len >= 2 ? s->ids[buf[1]] : NULL;
	struct server_cfg *srv;
	struct rad_reply reply;
	char addr[INET_ADDRSTRLEN];
	size_t plen;

	inet_ntop(AF_INET, &from->sin_addr, addr, sizeof(addr));
	if (!r || (srv = cur(r))->sa.sin_addr.s_addr != from->sin_addr.s_addr ||
	    srv->sa.sin_port != from->sin_port) {
		bad_unmatched++;
		log_debug_from(from->sin_addr.s_addr,
			       "radius: a reply from %s:%u that answers nothing we asked", addr,
			       ntohs(from->sin_port));
		return;
	}
	plen = rad_check(buf, len, &why);
	if (plen && !code_answers(r->code, buf[0])) {
		plen = 0;
		why = "a reply of the wrong kind";
	}
	if (plen && rad_verify_response(buf, plen, r->pkt.data + 4, srv->secret, srv->need_ma,
					&why)) {
		if (!strcmp(why, "no Message-Authenticator"))
			warn_no_ma(r, srv, buf, plen, true);
		plen = 0;
	} else if (plen) {
		warn_no_ma(r, srv, buf, plen, false);
	}
	if (!plen) {	/* counted and dropped: the request waits on for a good one */
		srv->rt->st.bad_replies++;
		log_warn_from(from->sin_addr.s_addr, "radius: bad reply from %s: %s", addr, why);
		return;
	}
	count_reply(r, buf[0]);
	srv->rt->dead_until = 0;
	reply = (struct rad_reply){ .pkt = buf, .len = plen, .req_auth = r->pkt.data + 4,
				    .secret = srv->secret, .server = srv->rt->address };
	finish(r, &reply);
}

static void sock_readable(struct loop_fd *w, uint32_t events)
{
	struct rad_sock *s = (struct rad_sock *)((char *)w - offsetof(struct rad_sock, w));
	uint8_t buf[RAD_MAX_LEN + 1];
	int burst;

	(void)events;
	for (burst = 0; burst < 64; burst++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(w->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n < 0)
			return;
		if (fl != sizeof(from) || from.sin_family != AF_INET)
			continue;
		reply_in(s, buf, (size_t)n, &from);
	}
}

/* --- /radius monitor and the rest */

void rad_client_stats(const char *address, unsigned int auth_port, unsigned int acct_port,
		      struct rad_server_stats *out)
{
	const struct server_rt *rt = stats_for(address, auth_port, acct_port, false);

	if (rt)
		*out = rt->st;
	else
		memset(out, 0, sizeof(*out));
}

void rad_client_monitor(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *out,
			int json)
{
	struct rad_server_stats st;
	const struct {
		const char *name;
		unsigned long v;
	} rows[] = {
		{ "pending", 0 }, { "requests", 0 }, { "accepts", 0 }, { "rejects", 0 },
		{ "resends", 0 }, { "timeouts", 0 }, { "bad-replies", 0 },
		{ "acct-requests", 0 }, { "acct-responses", 0 }, { "last-request-rtt-ms", 0 },
	};
	unsigned long v[sizeof(rows) / sizeof(rows[0])];
	const struct radius_cfg *c = cfg_typed(m, it);
	char addr[INET_ADDRSTRLEN];
	size_t i;

	rad_client_stats(address_text(c, addr), c->authentication_port, c->accounting_port, &st);
	v[0] = st.pending, v[1] = st.requests, v[2] = st.accepts, v[3] = st.rejects;
	v[4] = st.resends, v[5] = st.timeouts, v[6] = st.bad_replies, v[7] = st.acct_requests;
	v[8] = st.acct_responses, v[9] = st.last_rtt_ms;
	if (json)
		sb_puts(out, "{");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (json)
			sb_printf(out, "%s\"%s\":%lu", i ? "," : "", rows[i].name, v[i]);
		else
			sb_printf(out, "%20s: %lu\n", rows[i].name, v[i]);
	}
	sb_puts(out, json ? "}\n" : "\n");
}

/* the address toward the first usable server, found anew when the configuration changes */
uint32_t rad_client_nas_ip(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(1812) };
	const struct radius_cfg *c;
	static unsigned long cached_gen = (unsigned long)-1;
	static uint32_t cached;
	socklen_t sl = sizeof(sa);
	uint32_t ip = 0;
	size_t i;
	int fd;

	if (cached_gen == config_generation() && cached)
		return cached;
	cached_gen = config_generation();

	for (i = 0; (c = radius_at(i)); i++) {
		if (!server_usable(c, CFG_RADIUS_PPP | CFG_RADIUS_IPSEC))
			continue;
		if (c->src_address)
			return cached = c->src_address;
		sa.sin_addr.s_addr = c->address;
		break;
	}
	if (!c)
		return 0;
	/* the address the routing table picks toward the server: a connect()ed UDP socket */
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && !connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    !getsockname(fd, (struct sockaddr *)&sa, &sl))
		ip = sa.sin_addr.s_addr;
	if (fd >= 0)
		close(fd);
	cached = ip;
	return ip;
}

void rad_client_done(void)
{
	size_t i, k;

	for (i = 0; i < RAD_SOCKETS; i++) {
		if (!socks[i])
			continue;
		for (k = 0; k < 256; k++)
			if (socks[i]->ids[k])
				rad_request_cancel(socks[i]->ids[k]);
		loop_del(&socks[i]->w);
		close(socks[i]->w.fd);
		free(socks[i]);
		socks[i] = NULL;
	}
}
