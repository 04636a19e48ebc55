// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include "radius/packet.h"

static void put_len(struct rad_packet *p)
{
	p->data[2] = (uint8_t)(p->len >> 8);
	p->data[3] = (uint8_t)p->len;
}

void rad_init(struct rad_packet *p, uint8_t code, uint8_t id)
{
	memset(p->data, 0, RAD_HDR_LEN);
	p->data[0] = code;
	p->data[1] = id;
	p->len = RAD_HDR_LEN;
	p->msg_auth = 0;
	put_len(p);
}

int rad_put(struct rad_packet *p, uint8_t type, const void *val, size_t n)
{
	if (!n || n > RAD_ATTR_MAX)
		return -EINVAL;
	if (p->len + 2 + n > RAD_MAX_LEN)
		return -ENOSPC;
	p->data[p->len] = type;
	p->data[p->len + 1] = (uint8_t)(n + 2);
	memcpy(p->data + p->len + 2, val, n);
	p->len += 2 + n;
	put_len(p);
	return 0;
}

int rad_put_str(struct rad_packet *p, uint8_t type, const char *s)
{
	return rad_put(p, type, s, strlen(s));
}

int rad_put_u32(struct rad_packet *p, uint8_t type, uint32_t v)
{
	uint8_t be[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	return rad_put(p, type, be, 4);
}

int rad_put_vsa(struct rad_packet *p, uint32_t vendor, uint8_t vtype, const void *val, size_t n)
{
	uint8_t v[RAD_ATTR_MAX];

	if (!n || n > RAD_VSA_MAX)
		return -EINVAL;
	v[0] = (uint8_t)(vendor >> 24);
	v[1] = (uint8_t)(vendor >> 16);
	v[2] = (uint8_t)(vendor >> 8);
	v[3] = (uint8_t)vendor;
	v[4] = vtype;
	v[5] = (uint8_t)(n + 2);
	memcpy(v + 6, val, n);
	return rad_put(p, RAD_VENDOR_SPECIFIC, v, n + 6);
}

int rad_put_msg_auth(struct rad_packet *p)
{
	static const uint8_t zero[RAD_AUTH_LEN];
	int ret;

	if (p->msg_auth)
		return -EEXIST;
	ret = rad_put(p, RAD_MESSAGE_AUTHENTICATOR, zero, sizeof(zero));
	if (!ret)
		p->msg_auth = p->len - RAD_AUTH_LEN;
	return ret;
}

size_t rad_check(const uint8_t *buf, size_t len, const char **why)
{
	size_t plen, off;

	if (len < RAD_HDR_LEN) {
		*why = "shorter than a header";
		return 0;
	}
	plen = (size_t)buf[2] << 8 | buf[3];
	if (plen < RAD_HDR_LEN || plen > RAD_MAX_LEN) {
		*why = "bad length field";
		return 0;
	}
	if (plen > len) {
		*why = "truncated";
		return 0;
	}
	for (off = RAD_HDR_LEN; off < plen; off += buf[off + 1]) {
		if (off + 2 > plen || buf[off + 1] < 2 || off + buf[off + 1] > plen) {
			*why = "attribute overruns the packet";
			return 0;
		}
		if (buf[off] == RAD_MESSAGE_AUTHENTICATOR && buf[off + 1] != 2 + RAD_AUTH_LEN) {
			*why = "bad Message-Authenticator length";
			return 0;
		}
	}
	return plen;
}

void rad_iter_init(struct rad_iter *it, const uint8_t *pkt, size_t len)
{
	it->p = pkt + RAD_HDR_LEN;
	it->end = pkt + (len < RAD_HDR_LEN ? RAD_HDR_LEN : len);
}

bool rad_next(struct rad_iter *it, struct rad_attr *a)
{
	size_t left = (size_t)(it->end - it->p);

	if (left < 2 || it->p[1] < 2 || it->p[1] > left)
		return false;
	a->type = it->p[0];
	a->len = (uint8_t)(it->p[1] - 2);
	a->val = it->p + 2;
	it->p += it->p[1];
	return true;
}

bool rad_find(const uint8_t *pkt, size_t len, uint8_t type, struct rad_attr *a)
{
	struct rad_iter it;

	rad_iter_init(&it, pkt, len);
	while (rad_next(&it, a))
		if (a->type == type)
			return true;
	return false;
}

/* The sub-attribute (vtype) inside one Vendor-Specific value of the vendor, if well formed. */
static bool vsa_lookup(const struct rad_attr *vsa, uint32_t vendor, uint8_t vtype,
		       struct rad_attr *out)
{
	const uint8_t *v = vsa->val;
	size_t off;

	if (vsa->len < 6 || ((uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 |
			     v[3]) != vendor)
		return false;
	/* RFC 2865 allows several sub-attributes in one; check all before trusting any */
	for (off = 4; off < vsa->len; off += v[off + 1])
		if (off + 2 > vsa->len || v[off + 1] < 2 || off + v[off + 1] > vsa->len)
			return false;
	for (off = 4; off < vsa->len; off += v[off + 1]) {
		if (v[off] != vtype)
			continue;
		out->type = vtype;
		out->len = (uint8_t)(v[off + 1] - 2);
		out->val = v + off + 2;
		return true;
	}
	return false;
}

bool rad_find_vsa(const uint8_t *pkt, size_t len, uint32_t vendor, uint8_t vtype,
		  struct rad_attr *a)
{
	struct rad_attr vsa;
	struct rad_iter it;

	rad_iter_init(&it, pkt, len);
	while (rad_next(&it, &vsa))
		if (vsa.type == RAD_VENDOR_SPECIFIC && vsa_lookup(&vsa, vendor, vtype, a))
			return true;
	return false;
}

bool rad_vsa_is(const struct rad_attr *vsa, uint32_t vendor, uint8_t vtype, struct rad_attr *a)
{
	return vsa->type == RAD_VENDOR_SPECIFIC && vsa_lookup(vsa, vendor, vtype, a);
}

bool rad_get_u32(const uint8_t *pkt, size_t len, uint8_t type, uint32_t *v)
{
	struct rad_attr a;

	if (!rad_find(pkt, len, type, &a) || a.len != 4)
		return false;
	*v = (uint32_t)a.val[0] << 24 | (uint32_t)a.val[1] << 16 | (uint32_t)a.val[2] << 8 |
	     a.val[3];
	return true;
}

const char *rad_code_name(uint8_t code)
{
	switch (code) {
	case RAD_ACCESS_REQUEST: return "Access-Request";
	case RAD_ACCESS_ACCEPT: return "Access-Accept";
	case RAD_ACCESS_REJECT: return "Access-Reject";
	case RAD_ACCT_REQUEST: return "Accounting-Request";
	case RAD_ACCT_RESPONSE: return "Accounting-Response";
	case RAD_ACCESS_CHALLENGE: return "Access-Challenge";
	case RAD_DISCONNECT_REQUEST: return "Disconnect-Request";
	case RAD_DISCONNECT_ACK: return "Disconnect-ACK";
	case RAD_DISCONNECT_NAK: return "Disconnect-NAK";
	case RAD_COA_REQUEST: return "CoA-Request";
	case RAD_COA_ACK: return "CoA-ACK";
	case RAD_COA_NAK: return "CoA-NAK";
	}
	return "unknown";
}
