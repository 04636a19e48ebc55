// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <openssl/crypto.h>
#include "aaa/aaa_menu.h"
#include "aaa/eap_mschapv2.h"
#include "aaa/local.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"
#include "core/loop.h"
#include "ipsec/eap_relay.h"
#include "ipsec/eap_server.h"
#include "radius/crypto.h"

#define SERVER_NAME "sluiced"		/* in the Challenge; charon's NAS-Identifier too */
#define SERVICE "ipsec"			/* the /ppp secret service that may log in here */
#define STATE_LEN 16
#define REPLY_MAX 1280		/* ours are < 200 bytes; a relayed EAP-TLS fragment fits */
#define SWEEP_MS 5000
#define SECRET_BYTES 16

struct conv {
	uint64_t expires_ms;		/* monotonic; 0: a free slot */
	bool done;			/* answered for good: kept for retransmissions only */
	bool relayed;			/* the upstream RADIUS servers run the EAP */
	bool pending;			/* relayed: charon's request (port, id, auth) is upstream */
	bool heard;			/* relayed: the upstream answered once (no fallback now) */
	uint8_t state[STATE_LEN];
	struct eap_ms ms;
	struct eap_relay relay;
	uint8_t *pending_req;		/* relayed: a copy of charon's request upstream */
	size_t pending_len;
	uint16_t port;			/* the last request answered, and the reply */
	uint8_t id;
	uint8_t auth[RAD_AUTH_LEN];
	uint16_t reply_len;
	uint8_t reply[REPLY_MAX];
};

/* What one Access-Request says that we use. */
struct request {
	const uint8_t *pkt;
	size_t len;
	uint16_t port;
	uint8_t eap[EAP_MSG_MAX];
	size_t eap_len;
	const uint8_t *state;		/* NULL: none */
	size_t state_len;
};

static struct conv table[IPSEC_EAP_CONVERSATIONS];
static struct ipsec_eap_stats st;
static struct loop_fd sock = { .fd = -1 };
static struct loop_timer sweeper;
static char secret[2 * SECRET_BYTES + 1];
static uint16_t bound_port;
static ipsec_eap_accept_fn on_accept;
static ipsec_eap_route_fn route;

const struct ipsec_eap_stats *ipsec_eap_server_stats(void)
{
	return &st;
}

void ipsec_eap_server_set_on_accept(ipsec_eap_accept_fn fn)
{
	on_accept = fn;
}

void ipsec_eap_server_set_route(ipsec_eap_route_fn fn)
{
	route = fn;
}

const char *ipsec_eap_server_secret(void)
{
	return secret;
}

uint16_t ipsec_eap_server_port(void)
{
	return bound_port;
}

#define refuse_log(...) log_info_from(htonl(INADDR_LOOPBACK), __VA_ARGS__)

/* --- the conversation table */

static bool live(const struct conv *c, uint64_t now)
{
	return c->expires_ms > now;
}

static void conv_free(struct conv *c)
{
	if (c->expires_ms && !c->done)
		st.live--;
	eap_relay_cancel(&c->relay);
	free(c->pending_req);
	eap_ms_clear(&c->ms);
	OPENSSL_cleanse(c, sizeof(*c));
}

/* Drops conversations past their time: idle ones are counted as expired. */
static void sweep(uint64_t now)
{
	size_t i;

	for (i = 0; i < IPSEC_EAP_CONVERSATIONS; i++) {
		struct conv *c = &table[i];

		if (!c->expires_ms || live(c, now))
			continue;
		if (!c->done)
			st.expired++;
		conv_free(c);
	}
}

static void sweep_timer(struct loop_timer *t)
{
	(void)t;
	sweep(loop_now_ms());
	loop_timer_arm(&sweeper, SWEEP_MS);
}

/* A slot for a new conversation: a free one, else the finished one that ends first. */
static struct conv *conv_take(void)
{
	struct conv *oldest_done = NULL;
	uint64_t now = loop_now_ms();
	size_t i;

	sweep(now);
	for (i = 0; i < IPSEC_EAP_CONVERSATIONS; i++) {
		struct conv *c = &table[i];

		if (!c->expires_ms)
			return c;
		if (c->done && (!oldest_done || c->expires_ms < oldest_done->expires_ms))
			oldest_done = c;
	}
	if (oldest_done)
		conv_free(oldest_done);
	return oldest_done;
}

static struct conv *conv_by_state(const uint8_t *state, size_t n)
{
	uint64_t now = loop_now_ms();
	size_t i;

	if (n != STATE_LEN)
		return NULL;
	for (i = 0; i < IPSEC_EAP_CONVERSATIONS; i++)
		if (live(&table[i], now) && !table[i].done &&
		    auth_equal(table[i].state, state, STATE_LEN))
			return &table[i];
	return NULL;
}

/*
 * A retransmission: the reply it got before goes into out (REPLAY_ANSWER), or it is upstream
 * still and its answer will come (REPLAY_PENDING).
 */
enum replay { REPLAY_NONE, REPLAY_ANSWER, REPLAY_PENDING };

static enum replay conv_replay(const uint8_t *pkt, uint16_t port, struct rad_packet *out)
{
	uint64_t now = loop_now_ms();
	size_t i;

	for (i = 0; i < IPSEC_EAP_CONVERSATIONS; i++) {
		const struct conv *c = &table[i];

		if (!live(c, now) || (!c->reply_len && !c->pending) || c->port != port ||
		    c->id != pkt[1] || memcmp(c->auth, pkt + 4, RAD_AUTH_LEN))
			continue;
		if (c->pending)
			return REPLAY_PENDING;
		memcpy(out->data, c->reply, c->reply_len);
		out->len = c->reply_len;
		out->msg_auth = 0;
		return REPLAY_ANSWER;
	}
	return REPLAY_NONE;
}

/* Remembers the reply for retransmissions; a final one ends the conversation. */
static void conv_answered(struct conv *c, const struct request *rq,
			  const struct rad_packet *out, bool final)
{
	c->port = rq->port;
	c->id = rq->pkt[1];
	memcpy(c->auth, rq->pkt + 4, RAD_AUTH_LEN);
	c->reply_len = out->len <= REPLY_MAX ? (uint16_t)out->len : 0;
	memcpy(c->reply, out->data, c->reply_len);
	if (!final) {
		c->expires_ms = loop_now_ms() + IPSEC_EAP_IDLE_MS;
		return;
	}
	eap_ms_clear(&c->ms);
	if (!c->done)
		st.live--;
	c->done = true;
	c->expires_ms = loop_now_ms() + IPSEC_EAP_LINGER_MS;
}

/* --- replies */

static void put_eap(struct rad_packet *out, const uint8_t *eap, size_t n)
{
	size_t off, chunk;

	for (off = 0; off < n; off += chunk) {
		chunk = n - off > RAD_ATTR_MAX ? RAD_ATTR_MAX : n - off;
		rad_put(out, RAD_EAP_MESSAGE, eap + off, chunk);
	}
}

/* Proxy-State copied in order (RFC 2865 5.33), as long as the reply stays cacheable. */
static void finish(struct rad_packet *out, const struct request *rq)
{
	struct rad_iter it;
	struct rad_attr a;

	rad_iter_init(&it, rq->pkt, rq->len);
	while (rad_next(&it, &a))
		if (a.type == RAD_PROXY_STATE && a.len &&
		    out->len + 2 + a.len + 2 + RAD_AUTH_LEN <= REPLY_MAX)
			rad_put(out, RAD_PROXY_STATE, a.val, a.len);
	rad_put_msg_auth(out);
	rad_sign_response(out, rq->pkt + 4, secret);
}

static void reject(struct rad_packet *out, const struct request *rq, uint8_t eap_id)
{
	uint8_t eap[EAP_HDR_LEN];

	st.rejects++;
	rad_init(out, RAD_ACCESS_REJECT, rq->pkt[1]);
	put_eap(out, eap, eap_put_code(eap, EAP_FAILURE, eap_id));
	finish(out, rq);
}

static void challenge(struct rad_packet *out, const struct request *rq, const struct conv *c,
		      const uint8_t *eap, size_t n)
{
	st.challenges++;
	rad_init(out, RAD_ACCESS_CHALLENGE, rq->pkt[1]);
	put_eap(out, eap, n);
	rad_put(out, RAD_STATE, c->state, STATE_LEN);
	finish(out, rq);
}

struct keys {
	const uint8_t *send, *recv;
	size_t len;
};

/* RFC 2548 2.4.2/2.4.3: each key under its own salt (high bit set, different). */
static int put_keys(struct rad_packet *out, const struct request *rq, const struct keys *k)
{
	uint8_t val[RAD_ATTR_MAX];
	uint16_t salt[2];
	size_t n;

	if (getrandom(salt, sizeof(salt), 0) != sizeof(salt))
		return -1;
	salt[0] |= 0x8000;
	salt[1] = (uint16_t)((salt[0] ^ 1) | 0x8000);
	if (rad_mppe_key_encrypt(secret, rq->pkt + 4, salt[0], k->send, k->len, val, &n) ||
	    rad_put_vsa(out, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_SEND_KEY, val, n) ||
	    rad_mppe_key_encrypt(secret, rq->pkt + 4, salt[1], k->recv, k->len, val, &n) ||
	    rad_put_vsa(out, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_RECV_KEY, val, n))
		return -1;
	return 0;
}

static int accept_reply(struct rad_packet *out, const struct request *rq,
			const struct keys *k, const struct ipsec_eap_grant *g,
			const uint8_t *eap, size_t n)
{
	rad_init(out, RAD_ACCESS_ACCEPT, rq->pkt[1]);
	put_eap(out, eap, n);
	if (put_keys(out, rq, k))
		return -1;
	if (g->framed_ip)
		rad_put(out, RAD_FRAMED_IP_ADDRESS, &g->framed_ip, 4);
	if (g->session_timeout)
		rad_put_u32(out, RAD_SESSION_TIMEOUT, g->session_timeout);
	finish(out, rq);
	st.accepts++;
	return 0;
}

/* --- requests */

/* A text attribute, NUL-terminated into buf; "" if absent or hiding a NUL. */
static const char *text_attr(const struct request *rq, uint8_t type, char *buf)
{
	struct rad_attr a;

	buf[0] = '\0';
	if (rad_find(rq->pkt, rq->len, type, &a) && !memchr(a.val, 0, a.len)) {
		memcpy(buf, a.val, a.len);
		buf[a.len] = '\0';
	}
	return buf;
}

/* EAP-Message attributes in order, as one message; State. 0, or -1 if too long. */
static int read_request(struct request *rq)
{
	struct rad_iter it;
	struct rad_attr a;

	rq->eap_len = 0;
	rq->state = NULL;
	rad_iter_init(&it, rq->pkt, rq->len);
	while (rad_next(&it, &a)) {
		if (a.type == RAD_STATE && !rq->state) {
			rq->state = a.val;
			rq->state_len = a.len;
		}
		if (a.type != RAD_EAP_MESSAGE)
			continue;
		if (rq->eap_len + a.len > sizeof(rq->eap))
			return -1;
		memcpy(rq->eap + rq->eap_len, a.val, a.len);
		rq->eap_len += a.len;
	}
	return 0;
}

/* What charon's request says of the IKE SA (the strings live in the buffers). */
static void describe(const struct request *rq, const char *user, struct ipsec_eap_accept *a,
		     char port_id[RAD_ATTR_MAX + 1], char station[RAD_ATTR_MAX + 1])
{
	memset(a, 0, sizeof(*a));
	a->user = user;
	rad_get_u32(rq->pkt, rq->len, RAD_NAS_PORT, &a->nas_port);
	a->nas_port_id = text_attr(rq, RAD_NAS_PORT_ID, port_id);
	a->calling_station_id = text_attr(rq, RAD_CALLING_STATION_ID, station);
}

/* The hook's say on a user who authenticated; g comes prefilled (the upstream's word). */
static bool granted(const char *user, const struct request *rq, struct ipsec_eap_accept *a,
		    struct ipsec_eap_grant *g)
{
	char port_id[RAD_ATTR_MAX + 1], station[RAD_ATTR_MAX + 1];
	struct ipsec_eap_accept upstream = *a;	/* relayed, Class */

	if (!on_accept)
		return true;
	describe(rq, user, a, port_id, station);
	a->relayed = upstream.relayed;
	a->class_ = upstream.class_;
	a->class_len = upstream.class_len;
	return !on_accept(a, g) && !g->refuse;
}

/* The peer's Success-Response came: Access-Accept, unless the hook refuses. */
static void succeed(struct conv *c, const struct request *rq, struct rad_packet *out,
		    const uint8_t *eap, size_t n)
{
	char user[4 * EAP_IDENTITY_MAX + 1];
	struct ipsec_eap_accept a = { .relayed = false };
	struct ipsec_eap_grant g = { 0 };
	struct keys k = { c->ms.send_key, c->ms.recv_key, MPPE_START_KEY_LEN };

	log_escape(user, sizeof(user), c->ms.user);
	if (!granted(c->ms.user, rq, &a, &g)) {
		st.refused++;
		log_info("ipsec: EAP-MSCHAPv2 user %s refused after authentication", user);
		reject(out, rq, eap[1]);
		return;
	}
	if (accept_reply(out, rq, &k, &g, eap, n)) {
		log_err("ipsec: EAP-MSCHAPv2 user %s: encrypting the keys failed", user);
		reject(out, rq, eap[1]);
		return;
	}
	log_info("ipsec: EAP-MSCHAPv2 user %s authenticated", user);
}

/* The password of the conversation's user, when a Response to the Challenge is due. */
static const char *password_of(const struct eap_ms *ms)
{
	struct auth_secret s;
	const char *why;

	if (ms->phase != EAP_MS_CHALLENGED || auth_local_find(ms->user, SERVICE, &s, &why))
		return NULL;
	return s.password;
}

/* EAP-MSCHAPv2 from charon's EAP-Response/Identity: true with our Challenge in out. */
static bool local_begin(struct conv *c, const struct request *rq, struct rad_packet *out,
			const char **why)
{
	uint8_t eap[EAP_OUT_MAX];
	size_t n;

	if (eap_ms_begin(&c->ms, rq->eap, rq->eap_len, SERVER_NAME, eap, sizeof(eap), &n, why))
		return false;
	challenge(out, rq, c, eap, n);
	return true;
}

static void next_step(struct conv *c, const struct request *rq, struct rad_packet *out)
{
	uint8_t eap[EAP_OUT_MAX];
	char user[4 * EAP_IDENTITY_MAX + 1];
	const char *why = "";
	size_t n;
	enum eap_ms_result r;

	r = eap_ms_step(&c->ms, rq->eap, rq->eap_len, password_of(&c->ms), eap, sizeof(eap),
			&n, &why);
	if (r == EAP_MS_CHALLENGE) {
		if (c->ms.phase == EAP_MS_REFUSED) {
			st.wrong_password++;
			log_escape(user, sizeof(user), c->ms.user);
			refuse_log("ipsec: EAP-MSCHAPv2 user %s: %s", user, why);
		}
		challenge(out, rq, c, eap, n);
		conv_answered(c, rq, out, false);
		return;
	}
	if (r == EAP_MS_SUCCESS) {
		succeed(c, rq, out, eap, n);
	} else {
		if (r == EAP_MS_INVALID)
			st.bad_eap++;
		refuse_log("ipsec: EAP-MSCHAPv2 ends: %s", why);
		reject(out, rq, eap[1]);
	}
	conv_answered(c, rq, out, true);
}

/* --- relaying to the upstream RADIUS servers (ipsec/eap_relay.h) */

static void send_to_charon(uint16_t port, const struct rad_packet *out)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	if (sock.fd >= 0)
		sendto(sock.fd, out->data, out->len, 0, (struct sockaddr *)&to, sizeof(to));
}

/* An Accept from upstream: keys re-encrypted for charon, the hook's say on the grant. */
static void relay_accept(const struct request *rq, const struct eap_relay_result *res,
			 struct rad_packet *out)
{
	char user[RAD_ATTR_MAX + 1], esc[4 * RAD_ATTR_MAX + 1];
	struct ipsec_eap_accept a = { .relayed = true, .class_ = res->class_,
				      .class_len = res->class_len };
	struct ipsec_eap_grant g = { .framed_ip = res->framed_ip,
				     .session_timeout = res->session_timeout };
	struct keys k = { res->send_key, res->recv_key, res->key_len };
	uint8_t success[EAP_HDR_LEN];
	uint8_t eap_id = res->eap_len >= 2 ? res->eap[1] : 0;

	log_escape(esc, sizeof(esc), text_attr(rq, RAD_USER_NAME, user));
	if (!res->key_len) {
		st.relay_failures++;
		log_warn("ipsec: the RADIUS Accept for %s has no MS-MPPE keys: rejected", esc);
		reject(out, rq, eap_id);
	} else if (!granted(user, rq, &a, &g)) {
		st.refused++;
		log_info("ipsec: EAP user %s refused after authentication", esc);
		reject(out, rq, eap_id);
	} else if (accept_reply(out, rq, &k, &g, res->eap_len ? res->eap : success,
				res->eap_len ? res->eap_len :
					       eap_put_code(success, EAP_SUCCESS, eap_id))) {
		reject(out, rq, eap_id);
	} else {
		log_info("ipsec: EAP user %s authenticated by RADIUS", esc);
	}
}

/*
 * No server answered the conversation's first request, and radius-fallback=if-unreachable:
 * it goes on here, EAP-MSCHAPv2 against the /ppp secrets from the Identity charon sent, as
 * PPP falls back (aaa/radius.c). true: out is our Challenge; false: a Reject.
 */
static bool fall_back(struct conv *c, struct request *rq, struct rad_packet *out)
{
	char user[4 * EAP_IDENTITY_MAX + 1];
	const char *why = "an over-long EAP-Message";

	c->relayed = false;
	eap_relay_cancel(&c->relay);
	if (read_request(rq) || !local_begin(c, rq, out, &why)) {
		st.bad_eap++;
		refuse_log("ipsec: no RADIUS server answered, and the EAP starts with %s: rejected",
			   why);
		reject(out, rq, rq->eap_len >= 2 ? rq->eap[1] : 0);
		return false;
	}
	st.fallbacks++;
	log_escape(user, sizeof(user), c->ms.user);
	log_warn_from(htonl(INADDR_LOOPBACK),
		      "ipsec: no RADIUS server answered for EAP user %s: the local secrets decide",
		      user);
	return true;
}

/* Neither Challenge, Accept nor Reject: a Reject, or the fallback (true: it goes on). */
static bool relay_unusable(struct conv *c, struct request *rq, bool first,
			   const struct eap_relay_result *res, struct rad_packet *out)
{
	st.relay_failures++;
	if (res->unreachable && first &&
	    ppp_aaa()->radius_fallback == CFG_FALLBACK_IF_UNREACHABLE)
		return fall_back(c, rq, out);
	refuse_log("ipsec: no usable RADIUS answer to relayed EAP: rejected");
	reject(out, rq, res->eap_len >= 2 ? res->eap[1] : 0);
	return false;
}

/* The upstream's answer (or none) to the request under way: ours goes to charon. */
static void relay_answered(void *ctx, const struct eap_relay_result *res)
{
	static struct rad_packet out;
	struct conv *c = ctx;
	struct request rq = { .pkt = c->pending_req, .len = c->pending_len, .port = c->port };
	bool first = !c->heard, final = true;

	c->pending = false;
	c->heard = c->heard || !res->unreachable;
	if (res->code == RAD_ACCESS_CHALLENGE && res->eap_len) {
		challenge(&out, &rq, c, res->eap, res->eap_len);
		final = false;
	} else if (res->code == RAD_ACCESS_ACCEPT) {
		relay_accept(&rq, res, &out);
	} else if (res->code == RAD_ACCESS_REJECT) {
		reject(&out, &rq, res->eap_len >= 2 ? res->eap[1] : 0);
	} else {
		final = !relay_unusable(c, &rq, first, res, &out);
	}
	conv_answered(c, &rq, &out, final);
	OPENSSL_cleanse(rq.eap, sizeof(rq.eap));
	send_to_charon(c->port, &out);
	free(c->pending_req);
	c->pending_req = NULL;
}

/*
 * The request could not even be sent upstream: a Reject, or, when no server could be asked
 * the conversation's first request (-ENOENT: none usable), the fallback as for silence.
 */
static void relay_not_sent(struct conv *c, struct request *rq, int err, struct rad_packet *out)
{
	bool final = true;

	st.relay_failures++;
	free(c->pending_req);
	c->pending_req = NULL;
	if (err == -ENOENT && !c->heard &&
	    ppp_aaa()->radius_fallback == CFG_FALLBACK_IF_UNREACHABLE) {
		final = !fall_back(c, rq, out);
	} else {
		refuse_log("ipsec: relaying EAP upstream: %s: rejected", strerror(-err));
		reject(out, rq, rq->eap_len >= 2 ? rq->eap[1] : 0);
	}
	conv_answered(c, rq, out, final);
}

/* Sends charon's request upstream: false (the answer comes later), or true with ours. */
static bool relay_forward(struct conv *c, struct request *rq, struct rad_packet *out)
{
	int ret = -ENOMEM;

	c->pending_req = malloc(rq->len);
	if (c->pending_req) {
		memcpy(c->pending_req, rq->pkt, rq->len);
		c->pending_len = rq->len;
		ret = eap_relay_forward(&c->relay, rq->pkt, rq->len, relay_answered, c);
	}
	if (ret) {
		relay_not_sent(c, rq, ret, out);
		return true;
	}
	st.relayed++;
	c->pending = true;
	c->port = rq->port;
	c->id = rq->pkt[1];
	memcpy(c->auth, rq->pkt + 4, RAD_AUTH_LEN);
	c->reply_len = 0;
	c->expires_ms = loop_now_ms() + IPSEC_EAP_IDLE_MS;
	return false;
}

/* Does the route hook send this new conversation upstream? */
static bool wants_relay(const struct request *rq)
{
	char user[EAP_MSG_MAX + 1], port_id[RAD_ATTR_MAX + 1], station[RAD_ATTR_MAX + 1];
	const uint8_t *e = rq->eap;
	struct ipsec_eap_accept a;
	size_t n = eap_msg_len(e, rq->eap_len);

	if (!route)
		return false;
	user[0] = '\0';
	if (n > 5 && e[0] == EAP_RESPONSE && e[4] == EAP_TYPE_IDENTITY && !memchr(e + 5, 0, n - 5)) {
		memcpy(user, e + 5, n - 5);
		user[n - 5] = '\0';
	}
	describe(rq, user, &a, port_id, station);
	return route(&a) == IPSEC_EAP_RELAY;
}

static bool relay_start(struct conv *c, struct request *rq, struct rad_packet *out)
{
	if (getrandom(c->state, STATE_LEN, 0) != STATE_LEN) {
		reject(out, rq, rq->eap_len >= 2 ? rq->eap[1] : 0);
		return true;
	}
	c->relayed = true;
	c->expires_ms = loop_now_ms() + IPSEC_EAP_IDLE_MS;
	st.live++;
	return relay_forward(c, rq, out);
}

static bool first_step(struct request *rq, struct rad_packet *out)
{
	const char *why = "no randomness";
	struct conv *c = conv_take();

	if (!c) {
		st.table_full++;
		refuse_log("ipsec: %u EAP conversations under way: a new one refused",
			   IPSEC_EAP_CONVERSATIONS);
		reject(out, rq, rq->eap_len >= 2 ? rq->eap[1] : 0);
		return true;
	}
	if (wants_relay(rq))
		return relay_start(c, rq, out);
	if (getrandom(c->state, STATE_LEN, 0) != STATE_LEN || !local_begin(c, rq, out, &why)) {
		st.bad_eap++;
		refuse_log("ipsec: an EAP conversation that starts with %s: rejected", why);
		conv_free(c);
		reject(out, rq, rq->eap_len >= 2 ? rq->eap[1] : 0);
		return true;
	}
	st.live++;
	conv_answered(c, rq, out, false);
	return true;
}

/* true: out is the answer now; false: none now (relayed, or dropped). */
static bool access_request(struct request *rq, struct rad_packet *out)
{
	struct conv *c;

	st.requests++;
	if (read_request(rq) || !rq->eap_len) {
		st.bad_eap++;
		refuse_log("ipsec: an Access-Request without a usable EAP-Message: rejected");
		reject(out, rq, 0);
		return true;
	}
	if (!rq->state)
		return first_step(rq, out);
	c = conv_by_state(rq->state, rq->state_len);
	if (!c) {
		st.unknown_state++;
		refuse_log("ipsec: an Access-Request with a State we do not hold: rejected");
		reject(out, rq, rq->eap_len >= 2 ? rq->eap[1] : 0);
		return true;
	}
	if (!c->relayed) {
		next_step(c, rq, out);
		return true;
	}
	if (!c->pending)
		return relay_forward(c, rq, out);
	st.bad_eap++;	/* charon waits for one answer at a time: this is not charon */
	refuse_log("ipsec: a second Access-Request while one is upstream: dropped");
	return false;
}

/* RFC 3579 3.2: HMAC-MD5 over the request with the Message-Authenticator zeroed. */
static bool msg_auth_valid(const uint8_t *pkt, size_t plen)
{
	static struct rad_packet p;
	struct rad_attr a;
	bool ok;

	if (!rad_find(pkt, plen, RAD_MESSAGE_AUTHENTICATOR, &a))
		return false;
	memcpy(p.data, pkt, plen);
	p.len = plen;
	p.msg_auth = (size_t)(a.val - pkt);
	ok = !rad_sign_request(&p, secret) && auth_equal(p.data + p.msg_auth, a.val, RAD_AUTH_LEN);
	OPENSSL_cleanse(p.data, plen);
	return ok;
}

static bool accounting(const uint8_t *pkt, size_t plen, struct rad_packet *out)
{
	const char *why;

	if (rad_verify_request(pkt, plen, secret, &why)) {
		st.bad_authenticators++;
		refuse_log("ipsec: an Accounting-Request with %s: dropped", why);
		return false;
	}
	st.accounting++;
	rad_init(out, RAD_ACCT_RESPONSE, pkt[1]);
	rad_sign_response(out, pkt + 4, secret);
	return true;
}

bool ipsec_eap_server_process(const uint8_t *buf, size_t len, uint16_t port,
			      struct rad_packet *out)
{
	static struct request rq;
	const char *why = "not started";
	size_t plen = secret[0] ? rad_check(buf, len, &why) : 0;
	bool send;

	if (!plen || (buf[0] != RAD_ACCESS_REQUEST && buf[0] != RAD_ACCT_REQUEST)) {
		st.malformed++;
		refuse_log("ipsec: a RADIUS packet that is %s: dropped",
			   plen ? "of a kind we do not serve" : why);
		return false;
	}
	if (buf[0] == RAD_ACCT_REQUEST)
		return accounting(buf, plen, out);
	if (!msg_auth_valid(buf, plen)) {
		st.bad_authenticators++;
		refuse_log("ipsec: an Access-Request without a valid Message-Authenticator: dropped");
		return false;
	}
	switch (conv_replay(buf, port, out)) {
	case REPLAY_ANSWER:
		st.duplicates++;
		return true;
	case REPLAY_PENDING:
		st.duplicates++;	/* its answer is on the way */
		return false;
	case REPLAY_NONE:
		break;
	}
	rq.pkt = buf;
	rq.len = plen;
	rq.port = port;
	send = access_request(&rq, out);
	OPENSSL_cleanse(rq.eap, sizeof(rq.eap));
	return send;
}

/* --- the socket */

/* One datagram from 127.0.0.1: its length, 0 for one from elsewhere, -1 when none is left. */
static ssize_t receive(int fd, uint8_t *buf, size_t cap, struct sockaddr_in *from)
{
	socklen_t fl = sizeof(*from);
	ssize_t n = recvfrom(fd, buf, cap, 0, (struct sockaddr *)from, &fl);

	if (n <= 0)
		return n < 0 ? -1 : 0;
	if (fl == sizeof(*from) && from->sin_addr.s_addr == htonl(INADDR_LOOPBACK))
		return n;
	st.strangers++;
	return 0;
}

/* Up to 64 datagrams a wake-up, so that a flood cannot starve the rest of the loop. */
static void readable(struct loop_fd *w, uint32_t events)
{
	static struct rad_packet out;
	static uint8_t buf[RAD_MAX_LEN + 1];
	struct sockaddr_in from;
	ssize_t n = 0;
	int burst;

	(void)events;
	for (burst = 0; burst < 64 && n >= 0; burst++) {
		n = receive(w->fd, buf, sizeof(buf), &from);
		if (n > 0 && ipsec_eap_server_process(buf, (size_t)n, ntohs(from.sin_port), &out))
			sendto(w->fd, out.data, out.len, 0, (struct sockaddr *)&from, sizeof(from));
	}
}

static int new_secret(void)
{
	uint8_t raw[SECRET_BYTES];
	size_t i;

	if (getrandom(raw, sizeof(raw), 0) != sizeof(raw))
		return -EIO;
	for (i = 0; i < SECRET_BYTES; i++)
		snprintf(secret + 2 * i, 3, "%02x", raw[i]);
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

static int open_socket(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);

	sock.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	sock.events = EPOLLIN;
	sock.cb = readable;
	if (sock.fd < 0 || bind(sock.fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(sock.fd, (struct sockaddr *)&sa, &sl))
		return -errno;
	bound_port = ntohs(sa.sin_port);
	return loop_add(&sock);
}

void ipsec_eap_server_stop(void)
{
	size_t i;

	if (sock.fd >= 0) {
		loop_del(&sock);
		close(sock.fd);
	}
	sock.fd = -1;
	bound_port = 0;
	loop_timer_cancel(&sweeper);
	for (i = 0; i < IPSEC_EAP_CONVERSATIONS; i++)
		conv_free(&table[i]);
	st.live = 0;
	OPENSSL_cleanse(secret, sizeof(secret));
}

int ipsec_eap_server_start(void)
{
	int ret;

	ipsec_eap_server_stop();
	ret = new_secret();
	if (!ret)
		ret = open_socket();
	if (ret) {
		log_err("ipsec: the EAP server for charon cannot start: %s", strerror(-ret));
		ipsec_eap_server_stop();
		return ret;
	}
	loop_timer_init(&sweeper, sweep_timer);
	loop_timer_arm(&sweeper, SWEEP_MS);
	log_info("ipsec: EAP server for charon on 127.0.0.1 UDP %u", bound_port);
	return 0;
}

int ipsec_eap_server_conf(char *out, size_t cap)
{
	int n;

	if (!bound_port)
		return -ENOTCONN;
	/*
	 * sockets: charon holds one per request under way; 8 lets 8 IKE SAs authenticate at
	 * once. retransmit_*: ours come at once, but a relayed answer waits for the upstream's
	 * own retries and failover; charon waits 3 + 4.2 + 5.9 + 8.2 + 11.5 s, about 33 s.
	 */
	n = snprintf(out, cap,
		     "    eap-radius {\n"
		     "      servers {\n"
		     "        sluiced {\n"
		     "          address = 127.0.0.1\n"
		     "          auth_port = %u\n"
		     "          acct_port = %u\n"
		     "          secret = %s\n"
		     "          nas_identifier = " SERVER_NAME "\n"
		     "          sockets = 8\n"
		     "          retransmit_tries = 5\n"
		     "          retransmit_timeout = 3\n"
		     "        }\n"
		     "      }\n"
		     "      accounting = no\n"
		     "      eap_start = no\n"
		     "      station_id_with_port = yes\n"
		     "      class_group = no\n"
		     "      filter_id = no\n"
		     "      dae {\n"
		     "        enable = no\n"
		     "      }\n"
		     "    }\n", bound_port, bound_port, secret);
	if (n < 0 || (size_t)n >= cap)
		return -ENOSPC;
	return n;
}
