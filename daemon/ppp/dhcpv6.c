// SPDX-License-Identifier: GPL-2.0
/*
 * DHCPv6 messages for PPP sessions (ppp/dhcpv6.h): one pass over the request's options into
 * a struct of what matters, the checks of RFC 8415 16, then the answer written option by
 * option with every write bounded by the output's size. The request's bytes are only ever
 * read within its length; what is copied back (the Client Identifier, the IAIDs) is copied
 * with its own checked length.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>
#include "ppp/dhcpv6.h"

enum {
	OPT_CLIENTID = 1, OPT_SERVERID = 2, OPT_IA_NA = 3, OPT_ORO = 6, OPT_STATUS = 13,
	OPT_RAPID_COMMIT = 14, OPT_DNS_SERVERS = 23, OPT_IA_PD = 25, OPT_IAPREFIX = 26,
};
enum { ST_SUCCESS = 0, ST_NOADDRS = 2, ST_NOBINDING = 3, ST_NOPREFIX = 6 };

#define IA_MAX 4		/* IA_PDs (and IA_NAs) answered; more are left out */

/* An IA of the request: its IAID and, for an IA_PD, the first prefix the client named. */
struct ia {
	uint8_t iaid[4];
	uint8_t prefix[16];
	unsigned int prefix_len;	/* 0: it named none */
};

struct request {
	uint8_t type;
	uint8_t xid[3];
	const uint8_t *clientid, *serverid;
	size_t clientid_len, serverid_len;
	bool rapid_commit, wants_dns;
	struct ia pd[IA_MAX], na[IA_MAX];
	size_t npd, nna;
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	uint32_t be = htonl(v);

	memcpy(p, &be, 4);
}

/* The first IAPREFIX among an IA_PD's options (past IAID, T1, T2); -1 if they are malformed. */
static int ia_pd_prefix(const uint8_t *v, size_t len, struct ia *ia)
{
	size_t off = 12;

	while (off + 4 <= len) {
		uint16_t code = get16(v + off), olen = get16(v + off + 2);

		if (off + 4 + olen > len)
			return -1;
		/* preferred(4) valid(4) prefix-length(1) prefix(16) */
		if (code == OPT_IAPREFIX && olen >= 25 && !ia->prefix_len && v[off + 12] <= 128) {
			ia->prefix_len = v[off + 12];
			memcpy(ia->prefix, v + off + 13, 16);
		}
		off += 4 + olen;
	}
	return off == len ? 0 : -1;
}

/* An IA_NA or IA_PD: IAID, T1, T2 and options; -1 if malformed. */
static int take_ia(const uint8_t *v, size_t len, struct ia *list, size_t *n, bool pd)
{
	struct ia ia = { .prefix_len = 0 };

	if (len < 12)
		return -1;
	memcpy(ia.iaid, v, 4);
	if (pd && ia_pd_prefix(v, len, &ia))
		return -1;
	if (*n < IA_MAX)
		list[(*n)++] = ia;
	return 0;
}

static bool wants(const uint8_t *oro, size_t len, uint16_t code)
{
	size_t i;

	for (i = 0; i + 2 <= len; i += 2)
		if (get16(oro + i) == code)
			return true;
	return false;
}

static int take_option(struct request *r, uint16_t code, const uint8_t *v, size_t len)
{
	switch (code) {
	case OPT_CLIENTID:
	case OPT_SERVERID:
		if (len < 2 || len > DHCPV6_DUID_MAX)
			return -1;
		*(code == OPT_CLIENTID ? &r->clientid : &r->serverid) = v;
		*(code == OPT_CLIENTID ? &r->clientid_len : &r->serverid_len) = len;
		return 0;
	case OPT_IA_NA:
		return take_ia(v, len, r->na, &r->nna, false);
	case OPT_IA_PD:
		return take_ia(v, len, r->pd, &r->npd, true);
	case OPT_ORO:
		if (len % 2)
			return -1;
		r->wants_dns |= wants(v, len, OPT_DNS_SERVERS);
		return 0;
	case OPT_RAPID_COMMIT:
		r->rapid_commit = true;
		return 0;
	}
	return 0;		/* others (Elapsed Time, Vendor Class, ...) are not ours to read */
}

static int parse(const uint8_t *in, size_t len, struct request *r)
{
	size_t off = 4;

	memset(r, 0, sizeof(*r));
	if (len < 4 || len > DHCPV6_MSG_MAX)
		return -1;
	r->type = in[0];
	memcpy(r->xid, in + 1, 3);
	while (off + 4 <= len) {
		uint16_t code = get16(in + off), olen = get16(in + off + 2);

		if (off + 4 + olen > len || take_option(r, code, in + off + 4, olen))
			return -1;
		off += 4 + olen;
	}
	return off == len ? 0 : -1;
}

static bool names_us(const struct request *r, const struct dhcpv6_binding *b)
{
	return r->serverid && r->serverid_len == b->server_duid_len &&
	       !memcmp(r->serverid, b->server_duid, b->server_duid_len);
}

/* RFC 8415 16: which requests a server must discard; 0 to answer */
static int judge(const struct request *r, const struct dhcpv6_binding *b, enum dhcpv6_drop *why)
{
	bool ok;

	switch (r->type) {
	case DHCPV6_SOLICIT:
		ok = r->clientid && !r->serverid;
		break;
	case DHCPV6_REQUEST:
	case DHCPV6_RENEW:
	case DHCPV6_RELEASE:
		ok = r->clientid && names_us(r, b);
		break;
	case DHCPV6_REBIND:
		ok = r->clientid && !r->serverid;
		break;
	case DHCPV6_INFORMATION_REQUEST:
		ok = !r->serverid || names_us(r, b);
		break;
	default:		/* Confirm and Decline are about addresses; the rest not a server's */
		*why = DHCPV6_DROP_TYPE;
		return -1;
	}
	*why = DHCPV6_DROP_NOT_OURS;
	return ok ? 0 : -1;
}

/* --- the answer: each writer returns false once out is full, and writes nothing then */

struct writer {
	uint8_t *p;
	size_t len, cap;
};

static uint8_t *opt_start(struct writer *w, uint16_t code, size_t len)
{
	uint8_t *o;

	if (w->len + 4 + len > w->cap)
		return NULL;
	o = w->p + w->len;
	put16(o, code);
	put16(o + 2, (uint16_t)len);
	w->len += 4 + len;
	return o + 4;
}

static bool opt(struct writer *w, uint16_t code, const void *v, size_t len)
{
	uint8_t *o = opt_start(w, code, len);

	if (o && len)
		memcpy(o, v, len);
	return o != NULL;
}

/* A Status Code option: code and no message (RFC 8415 21.13 allows an empty one). */
static bool status(struct writer *w, uint16_t code)
{
	uint8_t v[2];

	put16(v, code);
	return opt(w, OPT_STATUS, v, 2);
}

static uint8_t *put_iaprefix(uint8_t *o, const uint8_t prefix[16], unsigned int len,
			     uint32_t preferred, uint32_t valid)
{
	put16(o, OPT_IAPREFIX);
	put16(o + 2, 25);
	put32(o + 4, preferred);
	put32(o + 8, valid);
	o[12] = (uint8_t)len;
	memcpy(o + 13, prefix, 16);
	return o + 29;
}

static bool zero_prefix(const struct ia *ia)
{
	static const uint8_t zero[16];

	return !memcmp(ia->prefix, zero, 16);
}

/*
 * An IA_PD of the answer: the session's prefix if give, else a status (NoPrefixAvail to a
 * Solicit or Request, NoBinding to a Renew: RFC 8415 18.3.4). On a Renew or Rebind, a
 * prefix the client named that is not the one it gets goes back with lifetimes 0 (18.3.4,
 * 18.3.5: it may use it no longer); a hint in a Solicit or Request (often ::/56) is only a
 * hint, and is not echoed.
 */
static bool ia_pd(struct writer *w, const struct ia *ia, const struct dhcpv6_binding *b,
		  uint8_t type, bool give)
{
	bool renewing = type == DHCPV6_RENEW || type == DHCPV6_REBIND;
	bool stale = renewing && ia->prefix_len && !zero_prefix(ia) &&
		     (!give || ia->prefix_len != b->prefix_len || memcmp(ia->prefix, b->prefix, 16));
	bool status = !give && !(stale && type == DHCPV6_REBIND);
	size_t len = 12 + (give ? 29 : 0) + (stale ? 29 : 0) + (status ? 6 : 0);
	uint8_t *o = opt_start(w, OPT_IA_PD, len);

	if (!o)
		return false;
	memcpy(o, ia->iaid, 4);
	put32(o + 4, give ? b->preferred / 2 : 0);		/* T1: RFC 8415 21.21's 0.5 */
	put32(o + 8, give ? b->preferred / 5 * 4 : 0);		/* T2: and 0.8 */
	o += 12;
	if (give)
		o = put_iaprefix(o, b->prefix, b->prefix_len, b->preferred, b->valid);
	if (stale)
		o = put_iaprefix(o, ia->prefix, ia->prefix_len, 0, 0);
	if (status) {
		put16(o, OPT_STATUS);
		put16(o + 2, 2);
		put16(o + 4, type == DHCPV6_RENEW ? ST_NOBINDING : ST_NOPREFIX);
	}
	return true;
}

static bool ia_na_refused(struct writer *w, const struct ia *ia)
{
	uint8_t v[12 + 6] = { 0 };

	memcpy(v, ia->iaid, 4);
	put16(v + 12, OPT_STATUS), put16(v + 14, 2), put16(v + 16, ST_NOADDRS);
	return opt(w, OPT_IA_NA, v, sizeof(v));
}

static bool write_ias(struct writer *w, const struct request *r, const struct dhcpv6_binding *b)
{
	size_t i;

	for (i = 0; i < r->npd; i++)	/* one prefix: the first IA_PD has it */
		if (!ia_pd(w, &r->pd[i], b, r->type, i == 0 && b->prefix_len))
			return false;
	for (i = 0; i < r->nna; i++)
		if (!ia_na_refused(w, &r->na[i]))
			return false;
	return true;
}

static bool write_answer(struct writer *w, const struct request *r, const struct dhcpv6_binding *b)
{
	bool reply = r->type != DHCPV6_SOLICIT || r->rapid_commit;

	w->p[0] = reply ? DHCPV6_REPLY : DHCPV6_ADVERTISE;
	memcpy(w->p + 1, r->xid, 3);
	w->len = 4;
	if (!opt(w, OPT_SERVERID, b->server_duid, b->server_duid_len))
		return false;
	if (r->clientid && !opt(w, OPT_CLIENTID, r->clientid, r->clientid_len))
		return false;
	if (r->type == DHCPV6_SOLICIT && r->rapid_commit && !opt(w, OPT_RAPID_COMMIT, NULL, 0))
		return false;
	if (r->type == DHCPV6_RELEASE)
		return status(w, ST_SUCCESS);	/* the prefix stays the session's */
	if (r->type != DHCPV6_INFORMATION_REQUEST && !write_ias(w, r, b))
		return false;
	if (r->wants_dns && b->ndns && !opt(w, OPT_DNS_SERVERS, b->dns, 16 * b->ndns))
		return false;
	return true;
}

size_t dhcpv6_answer(const uint8_t *in, size_t len, const struct dhcpv6_binding *b,
		     uint8_t *out, size_t cap, enum dhcpv6_drop *why)
{
	struct writer w = { .p = out, .cap = cap };
	struct request r;

	*why = DHCPV6_DROP_MALFORMED;
	if (parse(in, len, &r))
		return 0;
	if (judge(&r, b, why))
		return 0;
	if (cap < 4 || b->ndns > DHCPV6_DNS_MAX || !write_answer(&w, &r, b)) {
		*why = DHCPV6_DROP_MALFORMED;	/* cannot happen within DHCPV6_MSG_MAX: said */
		return 0;
	}
	return w.len;
}

bool dhcpv6_wants_prefix(const uint8_t *in, size_t len)
{
	struct request r;

	if (parse(in, len, &r) || !r.npd)
		return false;
	return r.type == DHCPV6_SOLICIT || r.type == DHCPV6_REQUEST || r.type == DHCPV6_RENEW ||
	       r.type == DHCPV6_REBIND;
}

const char *dhcpv6_drop_name(enum dhcpv6_drop why)
{
	static const char *const names[DHCPV6_DROP_MAX] = {
		[DHCPV6_DROP_MALFORMED] = "malformed",
		[DHCPV6_DROP_TYPE] = "not-for-a-server",
		[DHCPV6_DROP_NOT_OURS] = "not-ours",
	};

	return why < DHCPV6_DROP_MAX ? names[why] : "?";
}
