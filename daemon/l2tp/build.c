// SPDX-License-Identifier: GPL-2.0
/*
 * Building L2TP control messages (msg.h's l2tp_build_* and l2tp_put_*): a recognized
 * attribute is checked against the same table the parser uses, so we never send what we
 * would refuse; hidden AVPs go through hide.c.
 */
#include <string.h>
#include "l2tp/msg_int.h"

static enum l2tp_error fail(struct l2tp_build *b, enum l2tp_error err)
{
	if (!b->err)
		b->err = err;
	return err;
}

/* Room for an AVP of total bytes at the end of the message. */
static enum l2tp_error reserve(struct l2tp_build *b, size_t total)
{
	if (total > L2TP_AVP_LEN_MAX)
		return fail(b, L2TP_E_INVALID);
	if (total > b->cap - b->len || b->len + total > L2TP_MSG_MAX)
		return fail(b, L2TP_E_NOSPACE);
	return L2TP_OK;
}

static void avp_header(uint8_t *p, unsigned int flags, size_t total, uint16_t vendor,
		       uint16_t type)
{
	put16(p, (uint16_t)(flags | total));
	put16(p + 2, vendor);
	put16(p + 4, type);
}

void l2tp_build_start(struct l2tp_build *b, void *buf, size_t cap, uint16_t tunnel_id,
		      uint16_t session_id, uint16_t ns, uint16_t nr, unsigned int type)
{
	uint8_t v[2];

	memset(b, 0, sizeof(*b));
	b->buf = buf;
	b->cap = cap;
	if (!buf || cap < L2TP_CTRL_HDR_LEN) {
		b->err = L2TP_E_NOSPACE;
		return;
	}
	put16(b->buf, L2TP_HDR_CONTROL);
	put16(b->buf + 2, 0);		/* Length: finish's */
	put16(b->buf + 4, tunnel_id);
	put16(b->buf + 6, session_id);
	put16(b->buf + 8, ns);
	put16(b->buf + 10, nr);
	b->len = L2TP_CTRL_HDR_LEN;
	if (!type)
		return;
	if (type > 0xffff) {
		b->err = L2TP_E_INVALID;
		return;
	}
	put16(v, (uint16_t)type);
	if (reserve(b, L2TP_AVP_HDR_LEN + 2))
		return;
	avp_header(b->buf + b->len, L2TP_AVP_M, L2TP_AVP_HDR_LEN + 2, L2TP_VENDOR_IETF,
		   L2TP_AVP_MESSAGE_TYPE);
	memcpy(b->buf + b->len + L2TP_AVP_HDR_LEN, v, 2);
	b->len += L2TP_AVP_HDR_LEN + 2;
}

void l2tp_build_secret(struct l2tp_build *b, const void *secret, size_t len)
{
	b->secret = secret;
	b->secret_len = secret ? len : 0;
}

static enum l2tp_error put_hidden(struct l2tp_build *b, unsigned int flags, uint16_t vendor,
				  uint16_t type, const void *value, size_t len)
{
	size_t sub = 2 + len, pad = (MD5_LEN - sub % MD5_LEN) % MD5_LEN;
	int n;

	if (!b->secret)
		return fail(b, L2TP_E_INVALID);
	if (!b->rv_off)
		return fail(b, L2TP_E_HIDDEN_NO_VECTOR);
	if (sub > L2TP_AVP_VALUE_MAX)
		return fail(b, L2TP_E_INVALID);
	if (sub + pad > L2TP_AVP_VALUE_MAX)
		pad = L2TP_AVP_VALUE_MAX - sub;
	if (reserve(b, L2TP_AVP_HDR_LEN + sub + pad))
		return b->err;
	n = l2tp_hide(type, b->secret, b->secret_len, b->buf + b->rv_off, b->rv_len, value, len,
		      pad, b->buf + b->len + L2TP_AVP_HDR_LEN, sub + pad);
	if (n < 0)
		return fail(b, n);
	avp_header(b->buf + b->len, flags, L2TP_AVP_HDR_LEN + (size_t)n, vendor, type);
	b->len += L2TP_AVP_HDR_LEN + (size_t)n;
	return L2TP_OK;
}

enum l2tp_error l2tp_put(struct l2tp_build *b, unsigned int flags, uint16_t vendor,
			 uint16_t type, const void *value, size_t len)
{
	const struct avp_desc *d = vendor == L2TP_VENDOR_IETF ? l2tp_avp_desc(type) : NULL;
	enum l2tp_error err;

	if (b->err)
		return b->err;
	if ((flags & ~(unsigned int)(L2TP_AVP_M | L2TP_AVP_H)) || (!value && len) ||
	    len > L2TP_AVP_VALUE_MAX || (d && type == L2TP_AVP_MESSAGE_TYPE))
		return fail(b, L2TP_E_INVALID);
	if (d && type == L2TP_AVP_RANDOM_VECTOR && (flags & L2TP_AVP_H))
		return fail(b, L2TP_E_HIDDEN_NOT_ALLOWED);
	if (d) {
		err = l2tp_check_value(d, value, len);
		if (err)
			return fail(b, err);
	}
	if (flags & L2TP_AVP_H)
		return put_hidden(b, flags, vendor, type, value, len);
	if (reserve(b, L2TP_AVP_HDR_LEN + len))
		return b->err;
	avp_header(b->buf + b->len, flags, L2TP_AVP_HDR_LEN + len, vendor, type);
	if (len)
		memcpy(b->buf + b->len + L2TP_AVP_HDR_LEN, value, len);
	if (d && type == L2TP_AVP_RANDOM_VECTOR) {
		b->rv_off = b->len + L2TP_AVP_HDR_LEN;
		b->rv_len = (uint16_t)len;
	}
	b->len += L2TP_AVP_HDR_LEN + len;
	return L2TP_OK;
}

enum l2tp_error l2tp_put_u16(struct l2tp_build *b, unsigned int flags, uint16_t type,
			     uint16_t v)
{
	uint8_t w[2];

	put16(w, v);
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, type, w, sizeof(w));
}

enum l2tp_error l2tp_put_u32(struct l2tp_build *b, unsigned int flags, uint16_t type,
			     uint32_t v)
{
	uint8_t w[4];

	put32(w, v);
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, type, w, sizeof(w));
}

enum l2tp_error l2tp_put_u64(struct l2tp_build *b, unsigned int flags, uint16_t type,
			     uint64_t v)
{
	uint8_t w[8];

	put32(w, (uint32_t)(v >> 32));
	put32(w + 4, (uint32_t)v);
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, type, w, sizeof(w));
}

enum l2tp_error l2tp_put_bytes(struct l2tp_build *b, unsigned int flags, uint16_t type,
			       const void *p, size_t len)
{
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, type, p, len);
}

enum l2tp_error l2tp_put_string(struct l2tp_build *b, unsigned int flags, uint16_t type,
				const char *s)
{
	if (!s)
		return fail(b, L2TP_E_INVALID);
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, type, s, strnlen(s, L2TP_AVP_VALUE_MAX + 1));
}

enum l2tp_error l2tp_put_result(struct l2tp_build *b, unsigned int flags,
				const struct l2tp_result *r)
{
	uint8_t v[L2TP_AVP_VALUE_MAX];
	size_t len = 2;

	if ((r->msg_len && (!r->msg || !r->has_error)) || r->msg_len > sizeof(v) - 4)
		return fail(b, L2TP_E_INVALID);
	put16(v, r->result);
	if (r->has_error) {
		put16(v + 2, r->error);
		len = 4;
	}
	if (r->msg_len)
		memcpy(v + 4, r->msg, r->msg_len);
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, L2TP_AVP_RESULT_CODE, v, len + r->msg_len);
}

enum l2tp_error l2tp_put_protocol_version(struct l2tp_build *b, unsigned int flags)
{
	const uint8_t v[2] = { L2TP_PROTOCOL_VER, L2TP_PROTOCOL_REV };

	return l2tp_put(b, flags, L2TP_VENDOR_IETF, L2TP_AVP_PROTOCOL_VERSION, v, sizeof(v));
}

enum l2tp_error l2tp_put_q931(struct l2tp_build *b, unsigned int flags,
			      const struct l2tp_q931 *q)
{
	uint8_t v[L2TP_AVP_VALUE_MAX];

	if ((q->advisory_len && !q->advisory) || q->advisory_len > sizeof(v) - 3)
		return fail(b, L2TP_E_INVALID);
	put16(v, q->cause);
	v[2] = q->msg;
	if (q->advisory_len)
		memcpy(v + 3, q->advisory, q->advisory_len);
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, L2TP_AVP_Q931_CAUSE, v, 3 + q->advisory_len);
}

enum l2tp_error l2tp_put_call_errors(struct l2tp_build *b, unsigned int flags,
				     const struct l2tp_call_errors *e)
{
	uint8_t v[26] = { 0 };

	put32(v + 2, e->crc);
	put32(v + 6, e->framing);
	put32(v + 10, e->hw_overruns);
	put32(v + 14, e->buffer_overruns);
	put32(v + 18, e->timeouts);
	put32(v + 22, e->alignment);
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, L2TP_AVP_CALL_ERRORS, v, sizeof(v));
}

enum l2tp_error l2tp_put_accm(struct l2tp_build *b, unsigned int flags, uint32_t send,
			      uint32_t recv)
{
	uint8_t v[10] = { 0 };

	put32(v + 2, send);
	put32(v + 6, recv);
	return l2tp_put(b, flags, L2TP_VENDOR_IETF, L2TP_AVP_ACCM, v, sizeof(v));
}

enum l2tp_error l2tp_put_proxy_authen_id(struct l2tp_build *b, unsigned int flags, uint8_t id)
{
	const uint8_t v[2] = { 0, id };

	return l2tp_put(b, flags, L2TP_VENDOR_IETF, L2TP_AVP_PROXY_AUTHEN_ID, v, sizeof(v));
}

int l2tp_build_finish(struct l2tp_build *b)
{
	if (b->err)
		return b->err;
	put16(b->buf + 2, (uint16_t)b->len);
	return (int)b->len;
}

int l2tp_build_zlb(void *buf, size_t cap, uint16_t tunnel_id, uint16_t session_id,
		   uint16_t ns, uint16_t nr)
{
	struct l2tp_build b;

	l2tp_build_start(&b, buf, cap, tunnel_id, session_id, ns, nr, 0);
	return l2tp_build_finish(&b);
}
