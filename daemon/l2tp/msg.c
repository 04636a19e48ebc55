// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 packets (RFC 2661). Each recognized attribute is described once, in avp_descs[]: its
 * name, the shape of its value and the lengths that value may have. That one table drives the
 * parser's checks, the getters' shape checks and the builder's checks, so none of the three can
 * disagree about an attribute; msg_descs[] is section 6's list of the AVPs each message type
 * must carry.
 *
 * The parser walks the AVPs once. judge() decides about each in turn (use, skip, refuse) from
 * the AVP and what came before it (the first AVP, the most recent Random Vector); iterating a
 * parsed message runs the same judge() again, so what the iterator calls ignored or decrypted
 * is by construction what the parser did.
 *
 * Where RFC 2661 is loose, and what we do (msg.h has the rest):
 * - Section 4.3 hides a value with MD5(attribute type, secret, RV) and then MD5(secret,
 *   previous 16 ciphertext octets). "Attribute type" is the AVP's 2-octet Attribute Type in
 *   network order, which is what xl2tpd and openl2tp hash. A subformat that is not a multiple
 *   of 16 octets is XORed with the first part of the last hash only.
 * - Section 4.4.2's Result Code is 2 octets, 4 with an Error Code, more with a message: a
 *   value of 3 octets is neither and is refused.
 * - Sections 4.4.3 and 4.4.4 call Assigned Tunnel ID and Assigned Session ID non-zero; an id of
 *   0 is refused (0 is what a peer that has not been told one sends in the header).
 * - Section 4.4.5's Proxy Authen ID is a reserved octet and the CHAP/PAP identifier.
 *
 * The builder is build.c, MD5 (hidden AVPs, challenge responses) hide.c; msg_int.h is what
 * the three share.
 */
#include <stdio.h>
#include <string.h>
#include "l2tp/msg_int.h"

#define FIXED(n, s, l) { n, s, false, l, l }
#define BYTES(n, min) { n, S_BYTES, false, min, L2TP_AVP_VALUE_MAX }

static const struct avp_desc avp_descs[L2TP_AVP_TYPE_MAX + 1] = {
	[L2TP_AVP_MESSAGE_TYPE] = FIXED("Message Type", S_U16, 2),
	[L2TP_AVP_RESULT_CODE] = { "Result Code", S_RESULT, false, 2, L2TP_AVP_VALUE_MAX },
	[L2TP_AVP_PROTOCOL_VERSION] = FIXED("Protocol Version", S_VERSION, 2),
	[L2TP_AVP_FRAMING_CAPS] = FIXED("Framing Capabilities", S_U32, 4),
	[L2TP_AVP_BEARER_CAPS] = FIXED("Bearer Capabilities", S_U32, 4),
	[L2TP_AVP_TIE_BREAKER] = FIXED("Tie Breaker", S_U64, 8),
	[L2TP_AVP_FIRMWARE_REVISION] = FIXED("Firmware Revision", S_U16, 2),
	[L2TP_AVP_HOST_NAME] = BYTES("Host Name", 1),
	[L2TP_AVP_VENDOR_NAME] = BYTES("Vendor Name", 0),
	[L2TP_AVP_ASSIGNED_TUNNEL_ID] = { "Assigned Tunnel ID", S_U16, true, 2, 2 },
	[L2TP_AVP_RECEIVE_WINDOW_SIZE] = FIXED("Receive Window Size", S_U16, 2),
	[L2TP_AVP_CHALLENGE] = BYTES("Challenge", 1),
	[L2TP_AVP_Q931_CAUSE] = { "Q.931 Cause Code", S_Q931, false, 3, L2TP_AVP_VALUE_MAX },
	[L2TP_AVP_CHALLENGE_RESPONSE] = { "Challenge Response", S_BYTES, false, 16, 16 },
	[L2TP_AVP_ASSIGNED_SESSION_ID] = { "Assigned Session ID", S_U16, true, 2, 2 },
	[L2TP_AVP_CALL_SERIAL_NUMBER] = FIXED("Call Serial Number", S_U32, 4),
	[L2TP_AVP_MINIMUM_BPS] = FIXED("Minimum BPS", S_U32, 4),
	[L2TP_AVP_MAXIMUM_BPS] = FIXED("Maximum BPS", S_U32, 4),
	[L2TP_AVP_BEARER_TYPE] = FIXED("Bearer Type", S_U32, 4),
	[L2TP_AVP_FRAMING_TYPE] = FIXED("Framing Type", S_U32, 4),
	[L2TP_AVP_CALLED_NUMBER] = BYTES("Called Number", 0),
	[L2TP_AVP_CALLING_NUMBER] = BYTES("Calling Number", 0),
	[L2TP_AVP_SUB_ADDRESS] = BYTES("Sub-Address", 0),
	[L2TP_AVP_TX_CONNECT_SPEED] = FIXED("(Tx) Connect Speed", S_U32, 4),
	[L2TP_AVP_PHYSICAL_CHANNEL_ID] = FIXED("Physical Channel ID", S_U32, 4),
	[L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ] = BYTES("Initial Received LCP CONFREQ", 0),
	[L2TP_AVP_LAST_SENT_LCP_CONFREQ] = BYTES("Last Sent LCP CONFREQ", 0),
	[L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ] = BYTES("Last Received LCP CONFREQ", 0),
	[L2TP_AVP_PROXY_AUTHEN_TYPE] = FIXED("Proxy Authen Type", S_U16, 2),
	[L2TP_AVP_PROXY_AUTHEN_NAME] = BYTES("Proxy Authen Name", 0),
	[L2TP_AVP_PROXY_AUTHEN_CHALLENGE] = BYTES("Proxy Authen Challenge", 1),
	[L2TP_AVP_PROXY_AUTHEN_ID] = FIXED("Proxy Authen ID", S_PROXY_ID, 2),
	[L2TP_AVP_PROXY_AUTHEN_RESPONSE] = BYTES("Proxy Authen Response", 0),
	[L2TP_AVP_CALL_ERRORS] = FIXED("Call Errors", S_CALL_ERRORS, 26),
	[L2TP_AVP_ACCM] = FIXED("ACCM", S_ACCM, 10),
	[L2TP_AVP_RANDOM_VECTOR] = BYTES("Random Vector", 1),
	[L2TP_AVP_PRIVATE_GROUP_ID] = BYTES("Private Group ID", 0),
	[L2TP_AVP_RX_CONNECT_SPEED] = FIXED("Rx Connect Speed", S_U32, 4),
	[L2TP_AVP_SEQUENCING_REQUIRED] = FIXED("Sequencing Required", S_EMPTY, 0),
};

struct msg_desc {
	const char *name;		/* NULL: not a message type we know */
	uint64_t must;			/* bit t: attribute t must be present */
};

#define B(a) (1ULL << L2TP_AVP_##a)

static const struct msg_desc msg_descs[L2TP_MSG_TYPE_MAX + 1] = {
	[L2TP_SCCRQ] = { "SCCRQ", B(PROTOCOL_VERSION) | B(HOST_NAME) | B(FRAMING_CAPS) |
				  B(ASSIGNED_TUNNEL_ID) },
	[L2TP_SCCRP] = { "SCCRP", B(PROTOCOL_VERSION) | B(HOST_NAME) | B(FRAMING_CAPS) |
				  B(ASSIGNED_TUNNEL_ID) },
	[L2TP_SCCCN] = { "SCCCN", 0 },
	[L2TP_STOPCCN] = { "StopCCN", B(ASSIGNED_TUNNEL_ID) | B(RESULT_CODE) },
	[L2TP_HELLO] = { "HELLO", 0 },
	[L2TP_OCRQ] = { "OCRQ", B(ASSIGNED_SESSION_ID) | B(CALL_SERIAL_NUMBER) | B(MINIMUM_BPS) |
				B(MAXIMUM_BPS) | B(BEARER_TYPE) | B(FRAMING_TYPE) |
				B(CALLED_NUMBER) },
	[L2TP_OCRP] = { "OCRP", B(ASSIGNED_SESSION_ID) },
	[L2TP_OCCN] = { "OCCN", B(TX_CONNECT_SPEED) | B(FRAMING_TYPE) },
	[L2TP_ICRQ] = { "ICRQ", B(ASSIGNED_SESSION_ID) | B(CALL_SERIAL_NUMBER) },
	[L2TP_ICRP] = { "ICRP", B(ASSIGNED_SESSION_ID) },
	[L2TP_ICCN] = { "ICCN", B(TX_CONNECT_SPEED) | B(FRAMING_TYPE) },
	[L2TP_CDN] = { "CDN", B(RESULT_CODE) | B(ASSIGNED_SESSION_ID) },
	[L2TP_WEN] = { "WEN", B(CALL_ERRORS) },
	[L2TP_SLI] = { "SLI", B(ACCM) },
};

#undef B

const struct avp_desc *l2tp_avp_desc(unsigned int type)
{
	if (type > L2TP_AVP_TYPE_MAX || !avp_descs[type].name)
		return NULL;
	return &avp_descs[type];
}

static const struct msg_desc *msg_desc(unsigned int type)
{
	if (type > L2TP_MSG_TYPE_MAX || !msg_descs[type].name)
		return NULL;
	return &msg_descs[type];
}

/* ---- the header ---- */

enum l2tp_error l2tp_hdr_parse(const void *buf, size_t n, struct l2tp_hdr *h)
{
	const uint8_t *p = buf;
	size_t need, off = 2, total = n;
	uint16_t w, length = 0;

	memset(h, 0, sizeof(*h));
	if (n < 2)
		return L2TP_E_SHORT;
	w = get16(p);
	switch (w & L2TP_HDR_VER) {
	case L2TP_VERSION:
		break;
	case 1:
		return L2TP_E_L2F;
	case 3:
		return L2TP_E_V3;
	default:
		return L2TP_E_VERSION;
	}
	if (w & L2TP_HDR_T) {
		if (!(w & L2TP_HDR_L))
			return L2TP_E_CTRL_NO_LENGTH;
		if (!(w & L2TP_HDR_S))
			return L2TP_E_CTRL_NO_SEQUENCE;
		if (w & L2TP_HDR_O)
			return L2TP_E_CTRL_OFFSET;
	}
	need = 2 + (w & L2TP_HDR_L ? 2 : 0) + 4 + (w & L2TP_HDR_S ? 4 : 0) +
	       (w & L2TP_HDR_O ? 2 : 0);
	if (n < need)
		return L2TP_E_SHORT;
	if (w & L2TP_HDR_L) {
		length = get16(p + 2);
		if (length < need)
			return L2TP_E_LENGTH;
		if (length > n)
			return L2TP_E_SHORT;
		if (length < n)
			return L2TP_E_LENGTH;
		off += 2;
	} else if (n > L2TP_MSG_MAX) {
		return L2TP_E_LENGTH;
	}
	h->tunnel_id = get16(p + off);
	h->session_id = get16(p + off + 2);
	off += 4;
	if (w & L2TP_HDR_S) {
		h->ns = get16(p + off);
		h->nr = get16(p + off + 2);
		off += 4;
	}
	if (w & L2TP_HDR_O) {
		h->offset_size = get16(p + off);
		off += 2;
		if (h->offset_size > total - off) {
			memset(h, 0, sizeof(*h));
			return L2TP_E_OFFSET;
		}
		off += h->offset_size;
	}
	h->flags = w;
	h->length = (uint16_t)total;
	h->body = (uint16_t)off;
	h->body_len = (uint16_t)(total - off);
	return L2TP_OK;
}

enum l2tp_error l2tp_data_ids(const void *buf, size_t n, uint16_t *tunnel_id,
			      uint16_t *session_id)
{
	struct l2tp_hdr h;
	enum l2tp_error err = l2tp_hdr_parse(buf, n, &h);

	*tunnel_id = 0;
	*session_id = 0;
	if (err)
		return err;
	if (h.flags & L2TP_HDR_T)
		return L2TP_E_CONTROL;
	*tunnel_id = h.tunnel_id;
	*session_id = h.session_id;
	return L2TP_OK;
}

/* ---- AVPs ---- */

static void iter_setup(struct l2tp_avp_iter *it, const uint8_t *base, size_t off, size_t end)
{
	memset(it, 0, sizeof(*it));
	it->base = base;
	it->off = off;
	it->end = end;
}

void l2tp_avp_iter_init(struct l2tp_avp_iter *it, const void *avps, size_t len)
{
	iter_setup(it, avps, 0, len);
	if (len > L2TP_MSG_MAX || (!avps && len))
		it->err = L2TP_E_INVALID;
}

void l2tp_msg_iter_init(struct l2tp_avp_iter *it, const struct l2tp_msg *m)
{
	iter_setup(it, m->buf, m->hdr.body, m->hdr.length);
	it->m = m;
	it->first = true;
	it->secret = m->decrypted;
	if ((m->status != L2TP_OK && m->status != L2TP_E_NO_SECRET) || m->zlb)
		it->end = it->off;	/* nothing to walk: a ZLB, or nothing trustworthy */
	if (m->status != L2TP_OK && m->status != L2TP_E_NO_SECRET)
		it->err = L2TP_E_INVALID;
}

/* The next AVP as on the wire, bounds checked. */
static int next_raw(struct l2tp_avp_iter *it, struct l2tp_avp *a)
{
	size_t left = it->end - it->off;
	const uint8_t *p;
	uint16_t len;

	memset(a, 0, sizeof(*a));
	if (it->err)
		return it->err;
	if (!left)
		return 0;
	p = it->base + it->off;		/* base may be NULL when there is nothing to walk */
	if (left < L2TP_AVP_HDR_LEN)
		return it->err = L2TP_E_AVP_SHORT;
	len = get16(p) & L2TP_AVP_LENGTH;
	if (len < L2TP_AVP_HDR_LEN || len > left)
		return it->err = L2TP_E_AVP_LENGTH;
	a->flags = get16(p) & (uint16_t)~L2TP_AVP_LENGTH;
	a->vendor = get16(p + 2);
	a->type = get16(p + 4);
	a->value = p + L2TP_AVP_HDR_LEN;
	a->len = (uint16_t)(len - L2TP_AVP_HDR_LEN);
	a->off = (uint16_t)it->off;
	it->off += len;
	return 1;
}

enum l2tp_error l2tp_check_value(const struct avp_desc *d, const uint8_t *v, size_t len)
{
	if (len < d->min || len > d->max)
		return L2TP_E_AVP_SIZE;
	if (d->shape == S_RESULT && len == 3)
		return L2TP_E_AVP_SIZE;
	if (d->nonzero && !get16(v))
		return L2TP_E_AVP_VALUE;
	return L2TP_OK;
}

/* An AVP we cannot use: with M=1 the message is refused, with M=0 the AVP is skipped. */
static enum l2tp_error skip(struct l2tp_avp *a, enum l2tp_error why)
{
	if (a->flags & L2TP_AVP_M)
		return why;
	a->ignored = true;
	a->why = (int8_t)why;
	return L2TP_OK;
}

/*
 * What to do with the AVP the walk is at: L2TP_OK to use it (a hidden one decrypted: value
 * and len are then the original's), L2TP_OK with a->ignored to skip it, or why the message is
 * refused. Parsing passes the secret, and plain, the writable bytes of the value, where a
 * hidden value is decrypted; iterating a parsed message passes neither: it already was.
 */
static enum l2tp_error judge(struct l2tp_avp_iter *it, struct l2tp_avp *a, const void *secret,
			     size_t secret_len, uint8_t *plain)
{
	const struct avp_desc *d;
	enum l2tp_error err;
	size_t ignored;

	if (it->first) {
		it->first = false;
		if ((a->flags & L2TP_AVP_RESERVED) || a->vendor != L2TP_VENDOR_IETF ||
		    a->type != L2TP_AVP_MESSAGE_TYPE)
			return L2TP_E_FIRST_AVP;
		if (a->flags & L2TP_AVP_H)
			return L2TP_E_HIDDEN_NOT_ALLOWED;
		return l2tp_check_value(l2tp_avp_desc(a->type), a->value, a->len);
	}
	if (a->flags & L2TP_AVP_RESERVED)
		return skip(a, L2TP_E_AVP_RESERVED);
	if (a->vendor != L2TP_VENDOR_IETF)
		return skip(a, L2TP_E_AVP_VENDOR);
	d = l2tp_avp_desc(a->type);
	if (!d)
		return skip(a, L2TP_E_AVP_UNKNOWN);
	if (a->type == L2TP_AVP_MESSAGE_TYPE)
		return L2TP_E_AVP_DUPLICATE;
	if (a->flags & L2TP_AVP_H) {
		if (a->type == L2TP_AVP_RANDOM_VECTOR)
			return L2TP_E_HIDDEN_NOT_ALLOWED;
		if (!it->rv)	/* no secret would help */
			return skip(a, L2TP_E_HIDDEN_NO_VECTOR);
		if (!it->secret) {
			a->encrypted = true;
			return L2TP_OK;
		}
		if (plain) {
			err = l2tp_unhide(a->type, secret, secret_len, it->rv, it->rv_len, plain,
					  a->len, &ignored);
			if (err == L2TP_E_CRYPTO || err == L2TP_E_INVALID)
				return err;
		}
		if (a->len < 2 || get16(a->value) > a->len - 2)
			return skip(a, L2TP_E_HIDDEN_LENGTH);
		a->len = get16(a->value);
		a->value += 2;
	}
	err = l2tp_check_value(d, a->value, a->len);
	if (err)
		return skip(a, err);
	if (a->type == L2TP_AVP_RANDOM_VECTOR) {
		it->rv = a->value;
		it->rv_len = a->len;
	}
	return L2TP_OK;
}

int l2tp_avp_iter_next(struct l2tp_avp_iter *it, struct l2tp_avp *a)
{
	enum l2tp_error err;
	int r = next_raw(it, a);

	if (r <= 0 || !it->m)
		return r;
	err = judge(it, a, NULL, 0, NULL);
	if (err)	/* not for a message the parser accepted */
		return it->err = err;
	return 1;
}

/* Records which AVP a refusal is about. */
static enum l2tp_error refuse(struct l2tp_msg *m, const struct l2tp_avp *a, enum l2tp_error e)
{
	m->err_avp = true;
	m->err_vendor = a->vendor;
	m->err_type = a->type;
	m->err_len = a->len;
	m->err_off = a->off;
	return e;
}

/* The first AVP: the message's type, and whether we know it. */
static enum l2tp_error message_type(struct l2tp_msg *m, const struct l2tp_avp *a)
{
	m->type = get16(a->value);
	m->type_mandatory = a->flags & L2TP_AVP_M;
	if (msg_desc(m->type))
		return L2TP_OK;
	return m->type_mandatory ? L2TP_E_MSG_TYPE_MANDATORY : L2TP_E_MSG_TYPE_UNKNOWN;
}

static void note_skipped(struct l2tp_msg *m, const struct l2tp_avp *a)
{
	m->nignored++;
	/* a recognized attribute we could not use, for a better reason than "missing" */
	if (a->why != L2TP_E_AVP_RESERVED && a->why != L2TP_E_AVP_VENDOR &&
	    a->why != L2TP_E_AVP_UNKNOWN && !m->skipped[a->type])
		m->skipped[a->type] = a->why;
}

static void index_avp(struct l2tp_msg *m, const struct l2tp_avp *a)
{
	struct l2tp_avp_ref *r = &m->at[a->type];

	if (a->encrypted && r->off)
		return;		/* a clear value is worth more than one we cannot read */
	r->off = (uint16_t)(a->value - m->buf);
	r->len = a->len;
	r->flags = a->flags;
	r->encrypted = a->encrypted;
	if ((a->flags & L2TP_AVP_H) && !a->encrypted)
		m->nhidden++;
}

static enum l2tp_error walk(struct l2tp_msg *m, uint8_t *buf, const void *secret,
			    size_t secret_len)
{
	const struct msg_desc *d;
	struct l2tp_avp_iter it;
	struct l2tp_avp a;
	uint64_t seen = 0, unread = 0, missing;
	enum l2tp_error err;
	unsigned int t;
	int r;

	iter_setup(&it, buf, m->hdr.body, m->hdr.length);
	it.first = true;
	it.secret = secret != NULL;
	while ((r = next_raw(&it, &a)) > 0) {
		m->navps++;
		/* plain: the value's bytes again, writable, for decryption in place */
		err = judge(&it, &a, secret, secret_len, buf + (a.value - buf));
		if (err)
			return refuse(m, &a, err);
		if (m->navps == 1) {
			err = message_type(m, &a);
			if (err)
				return err;
		} else if (a.ignored) {
			note_skipped(m, &a);
			continue;
		} else if (a.encrypted) {
			/* what it holds, and so whether it repeats another, needs the secret */
			unread |= 1ULL << a.type;
			index_avp(m, &a);
			continue;
		} else if (a.type != L2TP_AVP_RANDOM_VECTOR && (seen >> a.type & 1)) {
			return refuse(m, &a, L2TP_E_AVP_DUPLICATE);
		}
		seen |= 1ULL << a.type;
		index_avp(m, &a);
	}
	if (r < 0) {
		m->err_off = (uint16_t)it.off;
		if (it.end - it.off >= 2)
			m->err_len = get16(buf + it.off) & L2TP_AVP_LENGTH;
		return r;
	}
	d = msg_desc(m->type);
	missing = d->must & ~(seen | unread);
	if (missing) {
		t = (unsigned int)__builtin_ctzll(missing);
		m->err_avp = true;
		m->err_type = (uint16_t)t;
		return m->skipped[t] ? m->skipped[t] : L2TP_E_AVP_MISSING;
	}
	return unread ? L2TP_E_NO_SECRET : L2TP_OK;
}

enum l2tp_error l2tp_msg_parse(void *buf, size_t n, const void *secret, size_t secret_len,
			       struct l2tp_msg *m)
{
	enum l2tp_error err;

	memset(m, 0, sizeof(*m));
	m->buf = buf;
	err = l2tp_hdr_parse(buf, n, &m->hdr);
	if (!err && !(m->hdr.flags & L2TP_HDR_T))
		err = L2TP_E_DATA;
	if (err) {
		memset(&m->hdr, 0, sizeof(m->hdr));
		return m->status = err;
	}
	if (!m->hdr.body_len) {
		m->zlb = true;
		return m->status = L2TP_OK;
	}
	m->decrypted = secret != NULL;
	err = walk(m, buf, secret, secret_len);
	return m->status = err;
}

bool l2tp_msg_is_session(unsigned int type)
{
	return msg_desc(type) && type >= L2TP_OCRQ;
}

/* ---- getters ---- */

static enum l2tp_error lookup(const struct l2tp_msg *m, unsigned int type, unsigned int shape,
			      const struct l2tp_avp_ref **ref)
{
	const struct avp_desc *d = l2tp_avp_desc(type);

	*ref = NULL;
	if (!d || (shape && d->shape != shape) ||
	    (m->status != L2TP_OK && m->status != L2TP_E_NO_SECRET))
		return L2TP_E_INVALID;
	if (!m->at[type].off)
		return L2TP_E_ABSENT;
	if (m->at[type].encrypted)
		return L2TP_E_NO_SECRET;
	*ref = &m->at[type];
	return L2TP_OK;
}

bool l2tp_msg_has(const struct l2tp_msg *m, unsigned int type)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, type, 0, &r);

	return err == L2TP_OK || err == L2TP_E_NO_SECRET;
}

enum l2tp_error l2tp_get_u16(const struct l2tp_msg *m, unsigned int type, uint16_t *v)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, type, S_U16, &r);

	*v = err ? 0 : get16(m->buf + r->off);
	return err;
}

enum l2tp_error l2tp_get_u32(const struct l2tp_msg *m, unsigned int type, uint32_t *v)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, type, S_U32, &r);

	*v = err ? 0 : get32(m->buf + r->off);
	return err;
}

enum l2tp_error l2tp_get_u64(const struct l2tp_msg *m, unsigned int type, uint64_t *v)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, type, S_U64, &r);

	*v = err ? 0 : (uint64_t)get32(m->buf + r->off) << 32 | get32(m->buf + r->off + 4);
	return err;
}

enum l2tp_error l2tp_get_bytes(const struct l2tp_msg *m, unsigned int type, const uint8_t **p,
			       size_t *len)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, type, 0, &r);

	*p = err ? NULL : m->buf + r->off;
	*len = err ? 0 : r->len;
	return err;
}

enum l2tp_error l2tp_get_string(const struct l2tp_msg *m, unsigned int type, char *out,
				size_t cap)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, type, S_BYTES, &r);

	if (!cap)
		return L2TP_E_NOSPACE;
	out[0] = '\0';
	if (err)
		return err;
	if (memchr(m->buf + r->off, '\0', r->len))
		return L2TP_E_AVP_VALUE;
	if (r->len >= cap)
		return L2TP_E_NOSPACE;
	memcpy(out, m->buf + r->off, r->len);
	out[r->len] = '\0';
	return L2TP_OK;
}

enum l2tp_error l2tp_get_result(const struct l2tp_msg *m, struct l2tp_result *res)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, L2TP_AVP_RESULT_CODE, S_RESULT, &r);
	const uint8_t *v;

	memset(res, 0, sizeof(*res));
	if (err)
		return err;
	v = m->buf + r->off;
	res->result = get16(v);
	if (r->len >= 4) {
		res->has_error = true;
		res->error = get16(v + 2);
	}
	if (r->len > 4) {
		res->msg = v + 4;
		res->msg_len = r->len - 4u;
	}
	return L2TP_OK;
}

enum l2tp_error l2tp_get_protocol_version(const struct l2tp_msg *m, uint8_t *ver, uint8_t *rev)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, L2TP_AVP_PROTOCOL_VERSION, S_VERSION, &r);

	*ver = err ? 0 : m->buf[r->off];
	*rev = err ? 0 : m->buf[r->off + 1];
	return err;
}

enum l2tp_error l2tp_get_q931(const struct l2tp_msg *m, struct l2tp_q931 *q)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, L2TP_AVP_Q931_CAUSE, S_Q931, &r);

	memset(q, 0, sizeof(*q));
	if (err)
		return err;
	q->cause = get16(m->buf + r->off);
	q->msg = m->buf[r->off + 2];
	if (r->len > 3) {
		q->advisory = m->buf + r->off + 3;
		q->advisory_len = r->len - 3u;
	}
	return L2TP_OK;
}

enum l2tp_error l2tp_get_call_errors(const struct l2tp_msg *m, struct l2tp_call_errors *e)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, L2TP_AVP_CALL_ERRORS, S_CALL_ERRORS, &r);
	const uint8_t *v;

	memset(e, 0, sizeof(*e));
	if (err)
		return err;
	v = m->buf + r->off + 2;	/* after Reserved */
	e->crc = get32(v);
	e->framing = get32(v + 4);
	e->hw_overruns = get32(v + 8);
	e->buffer_overruns = get32(v + 12);
	e->timeouts = get32(v + 16);
	e->alignment = get32(v + 20);
	return L2TP_OK;
}

enum l2tp_error l2tp_get_accm(const struct l2tp_msg *m, uint32_t *send, uint32_t *recv)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, L2TP_AVP_ACCM, S_ACCM, &r);

	*send = err ? 0 : get32(m->buf + r->off + 2);
	*recv = err ? 0 : get32(m->buf + r->off + 6);
	return err;
}

enum l2tp_error l2tp_get_proxy_authen_id(const struct l2tp_msg *m, uint8_t *id)
{
	const struct l2tp_avp_ref *r;
	enum l2tp_error err = lookup(m, L2TP_AVP_PROXY_AUTHEN_ID, S_PROXY_ID, &r);

	*id = err ? 0 : m->buf[r->off + 1];
	return err;
}

/* ---- names ---- */

const char *l2tp_msg_name(unsigned int type)
{
	const struct msg_desc *d = msg_desc(type);

	return d ? d->name : "unknown";
}

const char *l2tp_avp_name(unsigned int type)
{
	const struct avp_desc *d = l2tp_avp_desc(type);

	return d ? d->name : "unknown";
}

static const struct {
	const char *name, *text;
} errors[] = {
	[-L2TP_OK] = { "ok", "ok" },
	[-L2TP_E_SHORT] = { "short", "packet shorter than its header or Length" },
	[-L2TP_E_LENGTH] = { "length", "Length shorter than the header or not the datagram's" },
	[-L2TP_E_VERSION] = { "version", "unknown version" },
	[-L2TP_E_L2F] = { "l2f", "L2F packet (version 1)" },
	[-L2TP_E_V3] = { "v3", "L2TPv3 packet (version 3)" },
	[-L2TP_E_CTRL_NO_LENGTH] = { "ctrl-no-length", "control message without Length (L=0)" },
	[-L2TP_E_CTRL_NO_SEQUENCE] = { "ctrl-no-sequence",
				       "control message without Ns and Nr (S=0)" },
	[-L2TP_E_CTRL_OFFSET] = { "ctrl-offset", "control message with an offset (O=1)" },
	[-L2TP_E_OFFSET] = { "offset", "Offset Size past the end of the packet" },
	[-L2TP_E_DATA] = { "data", "data message where a control message was expected" },
	[-L2TP_E_CONTROL] = { "control", "control message where a data message was expected" },
	[-L2TP_E_FIRST_AVP] = { "first-avp", "first AVP is not Message Type" },
	[-L2TP_E_MSG_TYPE_UNKNOWN] = { "msg-type-unknown", "unknown message type (M=0, ignored)" },
	[-L2TP_E_MSG_TYPE_MANDATORY] = { "msg-type-mandatory",
					 "unknown message type with the M bit set" },
	[-L2TP_E_AVP_SHORT] = { "avp-short", "bytes after the last AVP" },
	[-L2TP_E_AVP_LENGTH] = { "avp-length", "AVP Length under 6 or past the end" },
	[-L2TP_E_AVP_UNKNOWN] = { "avp-unknown", "unknown AVP with the M bit set" },
	[-L2TP_E_AVP_VENDOR] = { "avp-vendor", "vendor-specific AVP with the M bit set" },
	[-L2TP_E_AVP_RESERVED] = { "avp-reserved", "AVP with reserved bits and the M bit set" },
	[-L2TP_E_AVP_SIZE] = { "avp-size", "AVP value has the wrong length" },
	[-L2TP_E_AVP_VALUE] = { "avp-value", "AVP value not allowed" },
	[-L2TP_E_AVP_DUPLICATE] = { "avp-duplicate", "AVP appears twice" },
	[-L2TP_E_AVP_MISSING] = { "avp-missing", "mandatory AVP missing" },
	[-L2TP_E_HIDDEN_NOT_ALLOWED] = { "hidden-not-allowed", "AVP must not be hidden" },
	[-L2TP_E_HIDDEN_NO_VECTOR] = { "hidden-no-vector",
				       "hidden AVP without a Random Vector before it" },
	[-L2TP_E_HIDDEN_LENGTH] = { "hidden-length", "hidden AVP does not decrypt (wrong secret?)" },
	[-L2TP_E_NO_SECRET] = { "no-secret", "hidden AVPs and no secret to decrypt them" },
	[-L2TP_E_CRYPTO] = { "crypto", "MD5 unavailable" },
	[-L2TP_E_NOSPACE] = { "nospace", "buffer too small" },
	[-L2TP_E_INVALID] = { "invalid", "invalid request" },
	[-L2TP_E_ABSENT] = { "absent", "no such AVP" },
	[-L2TP_E_AUTH] = { "auth", "challenge response does not match" },
};
_Static_assert(ARRAY_SIZE(errors) == 1 - L2TP_E_LAST, "a name for every enum l2tp_error");

const char *l2tp_error_name(enum l2tp_error e)
{
	return e <= 0 && e >= L2TP_E_LAST ? errors[-e].name : "unknown";
}

const char *l2tp_msg_strerror(enum l2tp_error e)
{
	return e <= 0 && e >= L2TP_E_LAST ? errors[-e].text : "unknown error";
}

uint16_t l2tp_msg_error_code(enum l2tp_error e)
{
	switch (e) {
	case L2TP_OK:
		return L2TP_ERR_NONE;
	case L2TP_E_SHORT:
	case L2TP_E_LENGTH:
	case L2TP_E_OFFSET:
	case L2TP_E_AVP_SHORT:
	case L2TP_E_AVP_LENGTH:
	case L2TP_E_AVP_SIZE:
	case L2TP_E_HIDDEN_LENGTH:
		return L2TP_ERR_LENGTH;
	case L2TP_E_MSG_TYPE_MANDATORY:
	case L2TP_E_AVP_UNKNOWN:
	case L2TP_E_AVP_VENDOR:
	case L2TP_E_AVP_RESERVED:	/* "MUST be treated as an unrecognized AVP" */
		return L2TP_ERR_UNKNOWN_M;
	case L2TP_E_VERSION:
	case L2TP_E_L2F:
	case L2TP_E_V3:
	case L2TP_E_CTRL_NO_LENGTH:
	case L2TP_E_CTRL_NO_SEQUENCE:
	case L2TP_E_CTRL_OFFSET:
	case L2TP_E_DATA:
	case L2TP_E_CONTROL:
	case L2TP_E_FIRST_AVP:
	case L2TP_E_MSG_TYPE_UNKNOWN:
	case L2TP_E_AVP_VALUE:
	case L2TP_E_AVP_DUPLICATE:
	case L2TP_E_HIDDEN_NOT_ALLOWED:
	case L2TP_E_HIDDEN_NO_VECTOR:
		return L2TP_ERR_BAD_VALUE;
	case L2TP_E_AVP_MISSING:	/* no code of its own: the Error Message says which */
	case L2TP_E_NO_SECRET:
	case L2TP_E_CRYPTO:
	case L2TP_E_NOSPACE:
	case L2TP_E_INVALID:
	case L2TP_E_ABSENT:
	case L2TP_E_AUTH:
		break;
	}
	return L2TP_ERR_VENDOR;
}

static bool header_reason(enum l2tp_error e)
{
	return e <= L2TP_E_SHORT && e >= L2TP_E_CONTROL;
}

const char *l2tp_msg_describe(const struct l2tp_msg *m, enum l2tp_error e, char *out,
			      size_t cap)
{
	char name[32], avp[48];
	const char *text = l2tp_msg_strerror(e);

	if (!cap)
		return out;
	if (header_reason(e) || (!m->zlb && !m->navps)) {
		snprintf(out, cap, "%s", text);
		return out;
	}
	if (m->zlb)
		snprintf(name, sizeof(name), "ZLB");
	else if (e == L2TP_E_FIRST_AVP)
		snprintf(name, sizeof(name), "control message");
	else if (msg_desc(m->type))
		snprintf(name, sizeof(name), "%s", l2tp_msg_name(m->type));
	else
		snprintf(name, sizeof(name), "message type %u (M=%d)", m->type, m->type_mandatory);
	if (m->err_avp && m->err_vendor == L2TP_VENDOR_IETF && l2tp_avp_desc(m->err_type))
		snprintf(avp, sizeof(avp), "%s", l2tp_avp_name(m->err_type));
	else
		snprintf(avp, sizeof(avp), "vendor %u attribute %u", m->err_vendor, m->err_type);
	if (m->err_avp && m->err_off)
		snprintf(out, cap, "%s: %s: %s (%u bytes at offset %u)", name, text, avp,
			 m->err_len, m->err_off);
	else if (m->err_avp)
		snprintf(out, cap, "%s: %s: %s", name, text, avp);
	else if (m->err_off)
		snprintf(out, cap, "%s: %s (AVP Length %u at offset %u)", name, text, m->err_len,
			 m->err_off);
	else
		snprintf(out, cap, "%s: %s", name, text);
	return out;
}
