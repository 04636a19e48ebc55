// SPDX-License-Identifier: GPL-2.0
/*
 * The PPPoE Discovery codec (disc.h): RFC 2516 section 5 and RFC 4638's PPP-Max-Payload.
 */
#include <string.h>
#include "pppoe/disc.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

const char *pppoe_code_name(uint8_t code)
{
	switch (code) {
	case PPPOE_PADI:
		return "PADI";
	case PPPOE_PADO:
		return "PADO";
	case PPPOE_PADR:
		return "PADR";
	case PPPOE_PADS:
		return "PADS";
	case PPPOE_PADT:
		return "PADT";
	default:
		return "unknown";
	}
}

const char *pppoe_disc_strerror(int err)
{
	static const char *const names[PPPOE_E_COUNT] = {
		"short", "ver-type", "code", "tag-length", "end-of-list", "max-payload",
		"session-id", "missing-tag", "no-space", "too-long",
	};

	return err < 0 && err >= -PPPOE_E_COUNT ? names[-err - 1] : "unknown";
}

/* where the first of a kept tag goes; NULL: skipped (Vendor-Specific, unknown) */
static struct pppoe_tag *slot(struct pppoe_disc *m, uint16_t type)
{
	switch (type) {
	case PPPOE_TAG_SERVICE_NAME:
		return &m->service_name;
	case PPPOE_TAG_AC_NAME:
		return &m->ac_name;
	case PPPOE_TAG_HOST_UNIQ:
		return &m->host_uniq;
	case PPPOE_TAG_AC_COOKIE:
		return &m->ac_cookie;
	case PPPOE_TAG_RELAY_SESSION_ID:
		return &m->relay_session_id;
	case PPPOE_TAG_SERVICE_NAME_ERROR:
		return &m->service_name_error;
	case PPPOE_TAG_AC_SYSTEM_ERROR:
		return &m->ac_system_error;
	case PPPOE_TAG_GENERIC_ERROR:
		return &m->generic_error;
	default:
		return NULL;
	}
}

static int take_tag(struct pppoe_disc *m, uint16_t type, const uint8_t *val, uint16_t len)
{
	struct pppoe_tag *t;

	if (type == PPPOE_TAG_PPP_MAX_PAYLOAD) {
		if (len != 2)
			return PPPOE_E_MAX_PAYLOAD;
		if (m->max_payload)
			m->duplicates++;
		else
			m->max_payload = get16(val);
		return 0;
	}
	t = slot(m, type);
	if (!t) {
		m->skipped++;
		return 0;
	}
	if (t->present) {
		if (type == PPPOE_TAG_SERVICE_NAME)
			m->more_service_names++;
		else
			m->duplicates++;
		return 0;
	}
	*t = (struct pppoe_tag){ .val = val, .len = len, .present = true };
	return 0;
}

static int take_tags(struct pppoe_disc *m, const uint8_t *p, const uint8_t *end)
{
	uint16_t type, len;
	int ret;

	while (p < end) {
		if (end - p < PPPOE_TAG_HDR_LEN)
			return PPPOE_E_TAG_LENGTH;
		type = get16(p);
		len = get16(p + 2);
		p += PPPOE_TAG_HDR_LEN;
		if (len > end - p)
			return PPPOE_E_TAG_LENGTH;
		if (type == PPPOE_TAG_END_OF_LIST)
			return len ? PPPOE_E_END_OF_LIST : 0;
		ret = take_tag(m, type, p, len);
		if (ret)
			return ret;
		p += len;
	}
	return 0;
}

static bool has_error_tag(const struct pppoe_disc *m)
{
	return m->service_name_error.present || m->ac_system_error.present ||
	       m->generic_error.present;
}

/* what RFC 2516 5.1-5.5 say each code carries */
static int check_code(const struct pppoe_disc *m)
{
	switch (m->code) {
	case PPPOE_PADI:
	case PPPOE_PADR:
		if (m->session)
			return PPPOE_E_SESSION;
		return m->service_name.present ? 0 : PPPOE_E_MISSING;
	case PPPOE_PADO:
		if (m->session)
			return PPPOE_E_SESSION;
		return m->service_name.present && m->ac_name.present ? 0 : PPPOE_E_MISSING;
	case PPPOE_PADS:
		if (!m->session)	/* the AC refused: it says why */
			return has_error_tag(m) ? 0 : PPPOE_E_MISSING;
		return m->service_name.present ? 0 : PPPOE_E_MISSING;
	default:		/* PADT */
		return m->session ? 0 : PPPOE_E_SESSION;
	}
}

static bool known_code(uint8_t code)
{
	return code == PPPOE_PADI || code == PPPOE_PADO || code == PPPOE_PADR ||
	       code == PPPOE_PADS || code == PPPOE_PADT;
}

int pppoe_disc_parse(const uint8_t *buf, size_t len, struct pppoe_disc *m)
{
	struct pppoe_disc tmp;
	uint16_t plen;
	int ret;

	if (len < PPPOE_HDR_LEN)
		return PPPOE_E_SHORT;
	if (buf[0] != PPPOE_VER_TYPE)
		return PPPOE_E_VER_TYPE;
	if (!known_code(buf[1]))
		return PPPOE_E_CODE;
	plen = get16(buf + 4);
	if (plen > len - PPPOE_HDR_LEN)		/* what follows LENGTH is Ethernet's padding */
		return PPPOE_E_SHORT;
	memset(&tmp, 0, sizeof(tmp));
	tmp.code = buf[1];
	tmp.session = get16(buf + 2);
	ret = take_tags(&tmp, buf + PPPOE_HDR_LEN, buf + PPPOE_HDR_LEN + plen);
	if (!ret)
		ret = check_code(&tmp);
	if (ret)
		return ret;
	*m = tmp;
	return 0;
}

void pppoe_build_start(struct pppoe_build *b, uint8_t *buf, size_t cap, uint8_t code,
		       uint16_t session)
{
	*b = (struct pppoe_build){ .buf = buf, .cap = cap };
	if (cap < PPPOE_HDR_LEN) {
		b->err = PPPOE_E_NOSPACE;
		return;
	}
	buf[0] = PPPOE_VER_TYPE;
	buf[1] = code;
	put16(buf + 2, session);
	put16(buf + 4, 0);
	b->len = PPPOE_HDR_LEN;
}

void pppoe_build_tag(struct pppoe_build *b, uint16_t type, const void *val, size_t len)
{
	if (b->err)
		return;
	if (len > PPPOE_PAYLOAD_MAX || b->len + PPPOE_TAG_HDR_LEN + len > PPPOE_PAYLOAD_MAX) {
		b->err = PPPOE_E_TOO_LONG;
		return;
	}
	if (b->len + PPPOE_TAG_HDR_LEN + len > b->cap) {
		b->err = PPPOE_E_NOSPACE;
		return;
	}
	put16(b->buf + b->len, type);
	put16(b->buf + b->len + 2, (uint16_t)len);
	if (len)
		memcpy(b->buf + b->len + PPPOE_TAG_HDR_LEN, val, len);
	b->len += PPPOE_TAG_HDR_LEN + len;
}

void pppoe_build_echo(struct pppoe_build *b, uint16_t type, const struct pppoe_tag *t)
{
	if (t->present)
		pppoe_build_tag(b, type, t->val, t->len);
}

void pppoe_build_u16(struct pppoe_build *b, uint16_t type, uint16_t val)
{
	uint8_t v[2];

	put16(v, val);
	pppoe_build_tag(b, type, v, sizeof(v));
}

int pppoe_build_finish(struct pppoe_build *b)
{
	if (b->err)
		return b->err;
	put16(b->buf + 4, (uint16_t)(b->len - PPPOE_HDR_LEN));
	return (int)b->len;
}
