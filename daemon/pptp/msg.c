// SPDX-License-Identifier: GPL-2.0
/*
 * PPTP control messages (RFC 2637 section 2). Each control type is described once, as the list
 * of its fields in wire order, and that one list drives both the parser and the builder, so
 * the two cannot disagree about a layout. The lists name the reserved fields too, which neither
 * direction touches (a built message starts zeroed), so that each reads like the RFC's diagram;
 * tests/unit/test_pptp_msg.c checks that the other fields leave exactly those bytes uncovered.
 *
 * Where RFC 2637 is loose or inconsistent, and what we do:
 * - Section 2 gives no message lengths, only diagrams; the lengths in msg.h are summed from
 *   them (pptp-linux 1.10's SCCRQ and OCRQ, captured, agree).
 * - The same quantity is "Packet Processing Delay" in OCRQ and OCRP but "Packet Transmit
 *   Delay" in ICRP and ICCN. The structs keep the RFC's names.
 * - Framing and Bearer Capabilities (SCCRQ, SCCRP) are bit sets, while Framing Type and Bearer
 *   Type (OCRQ, ICRQ, ICCN) are values 1, 2, 3 where 3 means either; the values happen to be
 *   the OR of the bits. msg.h has both sets of names.
 * - Section 2.10 says ICRP's Call ID is "assigned by the PAC", but the PNS sends ICRP, and
 *   section 3.2.2 has each peer assign a Call ID to each session it requests or accepts, so
 *   the field can only be the PNS's own. We treat it as the sender's, like every other Call ID.
 * - Phone Number Length (OCRQ) and Dialed/Dialing Number Length (ICRQ) sit next to NUL-padded
 *   64-byte fields; the RFC says neither which wins when they disagree nor whether a NUL is
 *   counted. We report the length as sent and take the string up to its first NUL.
 * - Strings are "filled with octets of value 0" only when shorter than their field, so a
 *   full-width one has no terminator; see msg.h.
 * - Reserved fields "MUST be 0" and Error Code 3 (Bad-Value) names a non-zero one, but the
 *   RFC never says whether a receiver must refuse it; we check Reserved0 only (msg.h: why).
 */
#include <string.h>
#include "msg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum field_kind { F_INT, F_STR, F_RSV };

struct field {
	uint8_t off;			/* from the start of the message */
	uint8_t width;			/* on the wire */
	uint8_t kind;
	uint16_t mem;			/* offsetof(struct pptp_msg, ...) */
};

/*
 * An integer is as wide on the wire as its struct member, and a string's array is one byte
 * wider than its field, so the widths come from the members and cannot drift from them.
 */
#define MEMBER_SIZE(m) sizeof(((struct pptp_msg *)0)->m)
#define INT(o, m) { o, MEMBER_SIZE(m), F_INT, offsetof(struct pptp_msg, m) }
#define STR(o, m) { o, MEMBER_SIZE(m) - 1, F_STR, offsetof(struct pptp_msg, m) }
#define RSV(o, w) { o, w, F_RSV, 0 }

static const struct field sccrq_fields[] = {
	INT(12, sccrq.version), RSV(14, 2), INT(16, sccrq.framing_caps),
	INT(20, sccrq.bearer_caps), INT(24, sccrq.max_channels), INT(26, sccrq.firmware_rev),
	STR(28, sccrq.host_name), STR(92, sccrq.vendor),
};

static const struct field sccrp_fields[] = {
	INT(12, sccrp.version), INT(14, sccrp.result), INT(15, sccrp.error),
	INT(16, sccrp.framing_caps), INT(20, sccrp.bearer_caps), INT(24, sccrp.max_channels),
	INT(26, sccrp.firmware_rev), STR(28, sccrp.host_name), STR(92, sccrp.vendor),
};

static const struct field stopccrq_fields[] = {
	INT(12, stopccrq.reason), RSV(13, 1), RSV(14, 2),
};

static const struct field stopccrp_fields[] = {
	INT(12, stopccrp.result), INT(13, stopccrp.error), RSV(14, 2),
};

static const struct field echorq_fields[] = {
	INT(12, echorq.id),
};

static const struct field echorp_fields[] = {
	INT(12, echorp.id), INT(16, echorp.result), INT(17, echorp.error), RSV(18, 2),
};

static const struct field ocrq_fields[] = {
	INT(12, ocrq.call_id), INT(14, ocrq.call_serial), INT(16, ocrq.min_bps),
	INT(20, ocrq.max_bps), INT(24, ocrq.bearer_type), INT(28, ocrq.framing_type),
	INT(32, ocrq.recv_window), INT(34, ocrq.processing_delay), INT(36, ocrq.phone_len),
	RSV(38, 2), STR(40, ocrq.phone), STR(104, ocrq.subaddress),
};

static const struct field ocrp_fields[] = {
	INT(12, ocrp.call_id), INT(14, ocrp.peer_call_id), INT(16, ocrp.result),
	INT(17, ocrp.error), INT(18, ocrp.cause), INT(20, ocrp.connect_speed),
	INT(24, ocrp.recv_window), INT(26, ocrp.processing_delay), INT(28, ocrp.channel_id),
};

static const struct field icrq_fields[] = {
	INT(12, icrq.call_id), INT(14, icrq.call_serial), INT(16, icrq.bearer_type),
	INT(20, icrq.channel_id), INT(24, icrq.dialed_len), INT(26, icrq.dialing_len),
	STR(28, icrq.dialed), STR(92, icrq.dialing), STR(156, icrq.subaddress),
};

static const struct field icrp_fields[] = {
	INT(12, icrp.call_id), INT(14, icrp.peer_call_id), INT(16, icrp.result),
	INT(17, icrp.error), INT(18, icrp.recv_window), INT(20, icrp.transmit_delay), RSV(22, 2),
};

static const struct field iccn_fields[] = {
	INT(12, iccn.peer_call_id), RSV(14, 2), INT(16, iccn.connect_speed),
	INT(20, iccn.recv_window), INT(22, iccn.transmit_delay), INT(24, iccn.framing_type),
};

static const struct field ccrq_fields[] = {
	INT(12, ccrq.call_id), RSV(14, 2),
};

static const struct field cdn_fields[] = {
	INT(12, cdn.call_id), INT(14, cdn.result), INT(15, cdn.error), INT(16, cdn.cause),
	RSV(18, 2), STR(20, cdn.stats),
};

static const struct field wen_fields[] = {
	INT(12, wen.peer_call_id), RSV(14, 2), INT(16, wen.crc_errors),
	INT(20, wen.framing_errors), INT(24, wen.hw_overruns), INT(28, wen.buffer_overruns),
	INT(32, wen.timeout_errors), INT(36, wen.alignment_errors),
};

static const struct field sli_fields[] = {
	INT(12, sli.peer_call_id), RSV(14, 2), INT(16, sli.send_accm), INT(20, sli.recv_accm),
};

struct msg_desc {
	const char *name;
	uint8_t len;
	uint8_t nfields;
	const struct field *fields;
};

#define DESC(name, len, f) { name, len, ARRAY_SIZE(f), f }

static const struct msg_desc descs[PPTP_CTRL_TYPE_MAX + 1] = {
	[PPTP_SCCRQ] = DESC("SCCRQ", 156, sccrq_fields),
	[PPTP_SCCRP] = DESC("SCCRP", 156, sccrp_fields),
	[PPTP_STOPCCRQ] = DESC("StopCCRQ", 16, stopccrq_fields),
	[PPTP_STOPCCRP] = DESC("StopCCRP", 16, stopccrp_fields),
	[PPTP_ECHORQ] = DESC("ECHORQ", 16, echorq_fields),
	[PPTP_ECHORP] = DESC("ECHORP", 20, echorp_fields),
	[PPTP_OCRQ] = DESC("OCRQ", 168, ocrq_fields),
	[PPTP_OCRP] = DESC("OCRP", 32, ocrp_fields),
	[PPTP_ICRQ] = DESC("ICRQ", 220, icrq_fields),
	[PPTP_ICRP] = DESC("ICRP", 24, icrp_fields),
	[PPTP_ICCN] = DESC("ICCN", 28, iccn_fields),
	[PPTP_CCRQ] = DESC("CCRQ", 16, ccrq_fields),
	[PPTP_CDN] = DESC("CDN", 148, cdn_fields),
	[PPTP_WEN] = DESC("WEN", 40, wen_fields),
	[PPTP_SLI] = DESC("SLI", 24, sli_fields),
};

static const struct msg_desc *lookup(unsigned int type)
{
	if (type == 0 || type > PPTP_CTRL_TYPE_MAX)
		return NULL;
	return &descs[type];
}

static uint32_t get_be(const uint8_t *p, unsigned int width)
{
	uint32_t v = 0;

	while (width--)
		v = v << 8 | *p++;
	return v;
}

static void put_be(uint8_t *p, unsigned int width, uint32_t v)
{
	while (width--) {
		p[width] = (uint8_t)v;
		v >>= 8;
	}
}

/* Struct members are reached through byte offsets, so copy rather than cast. */
static void store_int(void *dst, unsigned int width, uint32_t v)
{
	uint16_t v16 = (uint16_t)v;
	uint8_t v8 = (uint8_t)v;

	if (width == 1)
		memcpy(dst, &v8, 1);
	else if (width == 2)
		memcpy(dst, &v16, 2);
	else
		memcpy(dst, &v, 4);
}

static uint32_t load_int(const void *src, unsigned int width)
{
	uint32_t v32;
	uint16_t v16;
	uint8_t v8;

	if (width == 1) {
		memcpy(&v8, src, 1);
		return v8;
	}
	if (width == 2) {
		memcpy(&v16, src, 2);
		return v16;
	}
	memcpy(&v32, src, 4);
	return v32;
}

static void decode(const struct msg_desc *d, const uint8_t *p, struct pptp_msg *m)
{
	char *base = (char *)m;
	unsigned int i;

	for (i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		const uint8_t *w = p + f->off;

		if (f->kind == F_INT)
			store_int(base + f->mem, f->width, get_be(w, f->width));
		else if (f->kind == F_STR)	/* the array is zeroed and one byte wider */
			memcpy(base + f->mem, w, strnlen((const char *)w, f->width));
	}
}

static void encode(const struct msg_desc *d, const struct pptp_msg *m, uint8_t *p)
{
	const char *base = (const char *)m;
	unsigned int i;

	for (i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		uint8_t *w = p + f->off;

		if (f->kind == F_INT)
			put_be(w, f->width, load_int(base + f->mem, f->width));
		else if (f->kind == F_STR)	/* p is zeroed: what strnlen leaves is padding */
			memcpy(w, base + f->mem, strnlen(base + f->mem, f->width));
	}
}

/*
 * The checks that decide where the next message starts, each made as soon as its field is
 * among the n bytes at p. A Length in range guarantees the header fits inside the message,
 * so nothing here reads past it.
 */
static int check_stream(const uint8_t *p, size_t n)
{
	const struct msg_desc *d;
	uint32_t len;

	if (n < 2)
		return PPTP_OK;
	len = get_be(p, 2);
	if (len < PPTP_HDR_LEN || len > PPTP_MSG_MAX)
		return PPTP_E_LENGTH;
	if (n >= 8 && get_be(p + 4, 4) != PPTP_MAGIC)
		return PPTP_E_MAGIC;
	if (n < 10)
		return PPTP_OK;
	d = lookup(get_be(p + 8, 2));
	if (d && d->len != len)
		return PPTP_E_TYPE_LENGTH;
	return PPTP_OK;
}

int pptp_msg_frame(const void *buf, size_t n)
{
	const uint8_t *p = buf;
	int err = check_stream(p, n);

	if (err)
		return err;
	if (n < 2 || n < get_be(p, 2))
		return 0;
	return (int)get_be(p, 2);
}

/* The whole header of a message of n >= PPTP_HDR_LEN bytes. */
static enum pptp_error check_header(const uint8_t *p, size_t n)
{
	int err = check_stream(p, n);

	if (err)
		return err;
	if (get_be(p, 2) > n)
		return PPTP_E_SHORT;
	if (get_be(p, 2) < n)
		return PPTP_E_LENGTH;
	if (get_be(p + 2, 2) != PPTP_MSG_CONTROL)
		return PPTP_E_MSG_TYPE;
	if (get_be(p + 10, 2) != 0)
		return PPTP_E_RESERVED;
	if (!lookup(get_be(p + 8, 2)))
		return PPTP_E_UNKNOWN_TYPE;
	return PPTP_OK;
}

enum pptp_error pptp_msg_parse(const void *buf, size_t n, struct pptp_msg *m)
{
	const uint8_t *p = buf;
	enum pptp_error err;

	memset(m, 0, sizeof(*m));
	if (n < PPTP_HDR_LEN)
		return PPTP_E_SHORT;
	m->type = get_be(p + 8, 2);
	err = check_header(p, n);
	if (err == PPTP_OK)
		decode(lookup(m->type), p, m);
	return err;
}

int pptp_msg_build(const struct pptp_msg *m, void *buf, size_t cap)
{
	const struct msg_desc *d = lookup(m->type);
	uint8_t *p = buf;

	if (!d)
		return PPTP_E_UNKNOWN_TYPE;
	if (cap < d->len)
		return PPTP_E_NOSPACE;
	memset(p, 0, d->len);
	put_be(p, 2, d->len);
	put_be(p + 2, 2, PPTP_MSG_CONTROL);
	put_be(p + 4, 4, PPTP_MAGIC);
	put_be(p + 8, 2, m->type);
	encode(d, m, p);
	return d->len;
}

size_t pptp_msg_length(unsigned int type)
{
	const struct msg_desc *d = lookup(type);

	return d ? d->len : 0;
}

const char *pptp_msg_name(unsigned int type)
{
	const struct msg_desc *d = lookup(type);

	return d ? d->name : "unknown";
}

const char *pptp_msg_strerror(enum pptp_error e)
{
	switch (e) {
	case PPTP_OK: return "ok";
	case PPTP_E_SHORT: return "message shorter than its header or Length";
	case PPTP_E_LENGTH: return "Length out of range or not the bytes received";
	case PPTP_E_MAGIC: return "bad magic cookie";
	case PPTP_E_MSG_TYPE: return "PPTP message type is not control";
	case PPTP_E_TYPE_LENGTH: return "Length is not that of the control message type";
	case PPTP_E_RESERVED: return "Reserved0 is not zero";
	case PPTP_E_UNKNOWN_TYPE: return "unknown control message type";
	case PPTP_E_NOSPACE: return "buffer too small for the message";
	}
	return "unknown error";
}

uint8_t pptp_msg_error_code(enum pptp_error e)
{
	switch (e) {
	case PPTP_OK:
		return PPTP_EC_NONE;
	case PPTP_E_SHORT:
	case PPTP_E_LENGTH:
	case PPTP_E_MAGIC:
	case PPTP_E_TYPE_LENGTH:
		return PPTP_EC_BAD_FORMAT;	/* "Length is wrong or Magic Cookie ..." */
	case PPTP_E_MSG_TYPE:
	case PPTP_E_RESERVED:
	case PPTP_E_UNKNOWN_TYPE:
		return PPTP_EC_BAD_VALUE;	/* "out of range or reserved field non-zero" */
	case PPTP_E_NOSPACE:
		break;
	}
	return PPTP_EC_PAC_ERROR;
}
