// SPDX-License-Identifier: GPL-2.0
/* daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c: L2TPv2 headers, control messages, hidden AVPs; well-formed and hostile. */
/* unit-test-sources: daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "l2tp/msg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define M L2TP_AVP_M
#define H L2TP_AVP_H
#define SECRET "tunnel-secret"
#define SECRET_LEN (sizeof(SECRET) - 1)

static uint8_t buf[4096];

/* The header every control message starts with: T, L, S, Ver 2. */
#define HDR(len, tid, sid, ns, nr) \
	0xc8, 0x02, (len) >> 8, (len) & 0xff, (tid) >> 8, (tid) & 0xff, \
	(sid) >> 8, (sid) & 0xff, (ns) >> 8, (ns) & 0xff, (nr) >> 8, (nr) & 0xff
/* An IETF AVP's header: M bit, total length, attribute. */
#define AVP(m, len, type) ((m) ? 0x80 : 0x00), (len), 0x00, 0x00, 0x00, (type)

/* ---- one sample of every message type, every value recognisable ---- */

struct item {
	unsigned int flags;
	uint16_t vendor, type, len;
	const char *v;
};

struct sample {
	unsigned int type;
	const struct item *items;
	size_t n;
};

#define S(t, a) { t, a, ARRAY_SIZE(a) }
#define CHAL16 "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff"

static const struct item sccrq[] = {
	{ M, 0, L2TP_AVP_PROTOCOL_VERSION, 2, "\x01\x00" },
	{ M, 0, L2TP_AVP_HOST_NAME, 11, "lac.example" },
	{ M, 0, L2TP_AVP_FRAMING_CAPS, 4, "\0\0\0\x03" },
	{ M, 0, L2TP_AVP_BEARER_CAPS, 4, "\0\0\0\x02" },
	{ 0, 0, L2TP_AVP_TIE_BREAKER, 8, "\x01\x23\x45\x67\x89\xab\xcd\xef" },
	{ 0, 0, L2TP_AVP_FIRMWARE_REVISION, 2, "\x06\x90" },
	{ 0, 0, L2TP_AVP_VENDOR_NAME, 6, "sluice" },
	{ M, 0, L2TP_AVP_ASSIGNED_TUNNEL_ID, 2, "\x5a\x3c" },
	{ M, 0, L2TP_AVP_RECEIVE_WINDOW_SIZE, 2, "\x00\x08" },
	{ M, 0, L2TP_AVP_CHALLENGE, 16, CHAL16 },
};

static const struct item sccrp[] = {
	{ M, 0, L2TP_AVP_PROTOCOL_VERSION, 2, "\x01\x00" },
	{ M, 0, L2TP_AVP_FRAMING_CAPS, 4, "\0\0\0\x01" },
	{ M, 0, L2TP_AVP_BEARER_CAPS, 4, "\0\0\0\0" },
	{ 0, 0, L2TP_AVP_FIRMWARE_REVISION, 2, "\x01\x00" },
	{ M, 0, L2TP_AVP_HOST_NAME, 3, "lns" },
	{ 0, 0, L2TP_AVP_VENDOR_NAME, 0, "" },
	{ M, 0, L2TP_AVP_ASSIGNED_TUNNEL_ID, 2, "\xff\xff" },
	{ M, 0, L2TP_AVP_RECEIVE_WINDOW_SIZE, 2, "\x00\x04" },
	{ M, 0, L2TP_AVP_CHALLENGE, 1, "\x42" },
	{ M, 0, L2TP_AVP_CHALLENGE_RESPONSE, 16, "0123456789abcdef" },
};

static const struct item scccn[] = {
	{ M, 0, L2TP_AVP_CHALLENGE_RESPONSE, 16, "fedcba9876543210" },
};

static const struct item stopccn[] = {
	{ M, 0, L2TP_AVP_ASSIGNED_TUNNEL_ID, 2, "\x00\x01" },
	{ M, 0, L2TP_AVP_RESULT_CODE, 12, "\x00\x01\x00\x00Goodbye!" },
};

static const struct item hello[] = { { 0 } };

static const struct item ocrq[] = {
	{ M, 0, L2TP_AVP_ASSIGNED_SESSION_ID, 2, "\x12\x34" },
	{ M, 0, L2TP_AVP_CALL_SERIAL_NUMBER, 4, "\x00\x00\x00\x07" },
	{ M, 0, L2TP_AVP_MINIMUM_BPS, 4, "\x00\x00\x09\x60" },
	{ M, 0, L2TP_AVP_MAXIMUM_BPS, 4, "\x00\x98\x96\x80" },
	{ M, 0, L2TP_AVP_BEARER_TYPE, 4, "\0\0\0\x03" },
	{ M, 0, L2TP_AVP_FRAMING_TYPE, 4, "\0\0\0\x03" },
	{ M, 0, L2TP_AVP_CALLED_NUMBER, 7, "5551234" },
	{ M, 0, L2TP_AVP_SUB_ADDRESS, 1, "7" },
};

static const struct item ocrp[] = {
	{ M, 0, L2TP_AVP_ASSIGNED_SESSION_ID, 2, "\x43\x21" },
	{ 0, 0, L2TP_AVP_PHYSICAL_CHANNEL_ID, 4, "\xfe\xed\xf0\x0d" },
};

static const struct item occn[] = {
	{ M, 0, L2TP_AVP_TX_CONNECT_SPEED, 4, "\x05\xf5\xe1\x00" },
	{ M, 0, L2TP_AVP_FRAMING_TYPE, 4, "\0\0\0\x01" },
	{ 0, 0, L2TP_AVP_RX_CONNECT_SPEED, 4, "\x00\x98\x96\x80" },
	{ M, 0, L2TP_AVP_SEQUENCING_REQUIRED, 0, "" },
};

static const struct item icrq[] = {
	{ M, 0, L2TP_AVP_ASSIGNED_SESSION_ID, 2, "\x00\x01" },
	{ M, 0, L2TP_AVP_CALL_SERIAL_NUMBER, 4, "\xde\xad\xbe\xef" },
	{ M, 0, L2TP_AVP_BEARER_TYPE, 4, "\0\0\0\x02" },
	{ 0, 0, L2TP_AVP_PHYSICAL_CHANNEL_ID, 4, "\0\0\0\x2a" },
	{ M, 0, L2TP_AVP_CALLING_NUMBER, 12, "+15551230000" },
	{ M, 0, L2TP_AVP_CALLED_NUMBER, 3, "911" },
	{ M, 0, L2TP_AVP_SUB_ADDRESS, 0, "" },
};

static const struct item icrp[] = {
	{ M, 0, L2TP_AVP_ASSIGNED_SESSION_ID, 2, "\xbe\xef" },
};

static const struct item iccn[] = {
	{ M, 0, L2TP_AVP_TX_CONNECT_SPEED, 4, "\x00\x98\x96\x80" },
	{ M, 0, L2TP_AVP_FRAMING_TYPE, 4, "\0\0\0\x02" },
	{ 0, 0, L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ, 6, "\x01\x04\x05\xdc\x05\x06" },
	{ 0, 0, L2TP_AVP_LAST_SENT_LCP_CONFREQ, 4, "\x03\x04\xc2\x23" },
	{ 0, 0, L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ, 4, "\x01\x04\x05\xdc" },
	{ 0, 0, L2TP_AVP_PROXY_AUTHEN_TYPE, 2, "\x00\x02" },
	{ 0, 0, L2TP_AVP_PROXY_AUTHEN_NAME, 5, "alice" },
	{ 0, 0, L2TP_AVP_PROXY_AUTHEN_CHALLENGE, 16, CHAL16 },
	{ 0, 0, L2TP_AVP_PROXY_AUTHEN_ID, 2, "\x00\x07" },
	{ 0, 0, L2TP_AVP_PROXY_AUTHEN_RESPONSE, 16, "0123456789ABCDEF" },
	{ 0, 0, L2TP_AVP_PRIVATE_GROUP_ID, 5, "gold7" },
	{ 0, 0, L2TP_AVP_RX_CONNECT_SPEED, 4, "\x00\x00\xfa\x00" },
	{ M, 0, L2TP_AVP_SEQUENCING_REQUIRED, 0, "" },
	{ 0, 311, 1, 3, "msv" },	/* a vendor's own AVP, M=0: skipped */
};

static const struct item cdn[] = {
	{ M, 0, L2TP_AVP_RESULT_CODE, 16, "\x00\x02\x00\x04no resources" },
	{ M, 0, L2TP_AVP_ASSIGNED_SESSION_ID, 2, "\x00\x02" },
	{ M, 0, L2TP_AVP_Q931_CAUSE, 9, "\x00\x10\x45normal" },
};

static const struct item wen[] = {
	{ M, 0, L2TP_AVP_CALL_ERRORS, 26, "\0\0" "\0\0\0\x01" "\0\0\0\x02" "\0\0\0\x03"
					   "\0\0\0\x04" "\0\0\0\x05" "\xff\xff\xff\xff" },
};

static const struct item sli[] = {
	{ M, 0, L2TP_AVP_ACCM, 10, "\0\0" "\xff\xff\xff\xff" "\x00\x0a\x00\x00" },
};

static const struct sample samples[] = {
	S(L2TP_SCCRQ, sccrq), S(L2TP_SCCRP, sccrp), S(L2TP_SCCCN, scccn),
	S(L2TP_STOPCCN, stopccn), { L2TP_HELLO, hello, 0 }, S(L2TP_OCRQ, ocrq),
	S(L2TP_OCRP, ocrp), S(L2TP_OCCN, occn), S(L2TP_ICRQ, icrq), S(L2TP_ICRP, icrp),
	S(L2TP_ICCN, iccn), S(L2TP_CDN, cdn), S(L2TP_WEN, wen), S(L2TP_SLI, sli),
};

/* What section 6 says each message must carry, written out again from the RFC. */
static const struct {
	unsigned int type;
	uint16_t must[8];		/* 0-terminated; Message Type is implied */
} mandatory[] = {
	{ L2TP_SCCRQ, { L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_HOST_NAME, L2TP_AVP_FRAMING_CAPS,
			L2TP_AVP_ASSIGNED_TUNNEL_ID } },
	{ L2TP_SCCRP, { L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_HOST_NAME, L2TP_AVP_FRAMING_CAPS,
			L2TP_AVP_ASSIGNED_TUNNEL_ID } },
	{ L2TP_SCCCN, { 0 } },
	{ L2TP_STOPCCN, { L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_RESULT_CODE } },
	{ L2TP_HELLO, { 0 } },
	{ L2TP_OCRQ, { L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_CALL_SERIAL_NUMBER,
		       L2TP_AVP_MINIMUM_BPS, L2TP_AVP_MAXIMUM_BPS, L2TP_AVP_BEARER_TYPE,
		       L2TP_AVP_FRAMING_TYPE, L2TP_AVP_CALLED_NUMBER } },
	{ L2TP_OCRP, { L2TP_AVP_ASSIGNED_SESSION_ID } },
	{ L2TP_OCCN, { L2TP_AVP_TX_CONNECT_SPEED, L2TP_AVP_FRAMING_TYPE } },
	{ L2TP_ICRQ, { L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_CALL_SERIAL_NUMBER } },
	{ L2TP_ICRP, { L2TP_AVP_ASSIGNED_SESSION_ID } },
	{ L2TP_ICCN, { L2TP_AVP_TX_CONNECT_SPEED, L2TP_AVP_FRAMING_TYPE } },
	{ L2TP_CDN, { L2TP_AVP_RESULT_CODE, L2TP_AVP_ASSIGNED_SESSION_ID } },
	{ L2TP_WEN, { L2TP_AVP_CALL_ERRORS } },
	{ L2TP_SLI, { L2TP_AVP_ACCM } },
};

static bool is_mandatory(unsigned int type, uint16_t attr)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(mandatory); i++)
		for (j = 0; mandatory[i].type == type && mandatory[i].must[j]; j++)
			if (mandatory[i].must[j] == attr)
				return true;
	return false;
}

static const struct sample *find_sample(unsigned int type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(samples); i++)
		if (samples[i].type == type)
			return &samples[i];
	fail_msg("no sample of type %u", type);
	return NULL;
}

/* Builds a sample into out, leaving out item skip (-1: none). */
static int build_items(const struct sample *s, uint8_t *out, size_t cap, int skip)
{
	struct l2tp_build b;
	size_t i;

	l2tp_build_start(&b, out, cap, 0x0102, s->type >= L2TP_OCRQ ? 0x0304 : 0, 5, 6, s->type);
	for (i = 0; i < s->n; i++)
		if ((int)i != skip)
			l2tp_put(&b, s->items[i].flags, s->items[i].vendor, s->items[i].type,
				 s->items[i].v, s->items[i].len);
	return l2tp_build_finish(&b);
}

static int build_sample(unsigned int type)
{
	return build_items(find_sample(type), buf, sizeof(buf), -1);
}

static void expect_avp(const struct l2tp_avp *a, unsigned int flags, uint16_t vendor,
		       uint16_t type, const void *v, size_t len)
{
	assert_int_equal(a->flags & (M | H), flags);
	assert_int_equal(a->vendor, vendor);
	assert_int_equal(a->type, type);
	assert_int_equal(a->len, len);
	if (len)
		assert_memory_equal(a->value, v, len);
}

/* ---- names and tables ---- */

static void test_names(void **state)
{
	static const struct {
		unsigned int type;
		const char *name;
	} names[] = {
		{ 1, "SCCRQ" }, { 2, "SCCRP" }, { 3, "SCCCN" }, { 4, "StopCCN" }, { 6, "HELLO" },
		{ 7, "OCRQ" }, { 8, "OCRP" }, { 9, "OCCN" }, { 10, "ICRQ" }, { 11, "ICRP" },
		{ 12, "ICCN" }, { 14, "CDN" }, { 15, "WEN" }, { 16, "SLI" },
	};
	char seen[64][24];
	int e, i, j;

	(void)state;
	for (i = 0; i < (int)ARRAY_SIZE(names); i++)
		assert_string_equal(l2tp_msg_name(names[i].type), names[i].name);
	assert_string_equal(l2tp_msg_name(0), "unknown");
	assert_string_equal(l2tp_msg_name(5), "unknown");
	assert_string_equal(l2tp_msg_name(13), "unknown");
	assert_string_equal(l2tp_msg_name(17), "unknown");
	assert_false(l2tp_msg_is_session(L2TP_SCCRQ));
	assert_false(l2tp_msg_is_session(L2TP_STOPCCN));
	assert_false(l2tp_msg_is_session(L2TP_HELLO));
	assert_true(l2tp_msg_is_session(L2TP_ICRQ));
	assert_true(l2tp_msg_is_session(L2TP_CDN));
	assert_true(l2tp_msg_is_session(L2TP_SLI));
	assert_false(l2tp_msg_is_session(13));
	assert_false(l2tp_msg_is_session(17));

	assert_string_equal(l2tp_avp_name(L2TP_AVP_HOST_NAME), "Host Name");
	assert_string_equal(l2tp_avp_name(L2TP_AVP_ASSIGNED_TUNNEL_ID), "Assigned Tunnel ID");
	assert_string_equal(l2tp_avp_name(L2TP_AVP_SEQUENCING_REQUIRED), "Sequencing Required");
	assert_string_equal(l2tp_avp_name(20), "unknown");
	assert_string_equal(l2tp_avp_name(40), "unknown");
	for (i = 0; i <= L2TP_AVP_TYPE_MAX; i++)
		if (i != 20)
			assert_string_not_equal(l2tp_avp_name((unsigned int)i), "unknown");

	/* every reason has a sentence and a distinct counter name */
	for (e = 0; e >= L2TP_E_LAST; e--) {
		assert_string_not_equal(l2tp_msg_strerror(e), "unknown error");
		assert_string_not_equal(l2tp_error_name(e), "unknown");
		snprintf(seen[-e], sizeof(seen[0]), "%s", l2tp_error_name(e));
		for (j = 0; j < -e; j++)
			assert_string_not_equal(seen[j], seen[-e]);
	}
	assert_string_equal(l2tp_msg_strerror(L2TP_E_LAST - 1), "unknown error");
	assert_string_equal(l2tp_msg_strerror(1), "unknown error");
	assert_string_equal(l2tp_error_name(L2TP_E_AVP_LENGTH), "avp-length");
}

/* ---- build, parse, iterate, build again ---- */

static void test_round_trip(void **state)
{
	uint8_t again[sizeof(buf)];
	struct l2tp_avp_iter it;
	struct l2tp_build b;
	struct l2tp_msg m;
	struct l2tp_avp a;
	size_t i, j, ignored;
	int n;

	(void)state;
	assert_int_equal(ARRAY_SIZE(samples), 14);
	for (i = 0; i < ARRAY_SIZE(samples); i++) {
		const struct sample *s = &samples[i];

		n = build_items(s, buf, sizeof(buf), -1);
		assert_true(n > L2TP_CTRL_HDR_LEN);
		assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
		assert_int_equal(m.type, s->type);
		assert_false(m.zlb);
		assert_true(m.type_mandatory);
		assert_int_equal(m.hdr.flags, L2TP_HDR_CONTROL);
		assert_int_equal(m.hdr.length, n);
		assert_int_equal(m.hdr.tunnel_id, 0x0102);
		assert_int_equal(m.hdr.session_id, s->type >= L2TP_OCRQ ? 0x0304 : 0);
		assert_int_equal(m.hdr.ns, 5);
		assert_int_equal(m.hdr.nr, 6);
		assert_int_equal(m.navps, s->n + 1);

		/* the AVPs come back in order, skipped ones marked; rebuilt, the same bytes */
		l2tp_msg_iter_init(&it, &m);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
		expect_avp(&a, M, 0, L2TP_AVP_MESSAGE_TYPE, (uint8_t[]){ 0, (uint8_t)s->type }, 2);
		l2tp_build_start(&b, again, sizeof(again), m.hdr.tunnel_id, m.hdr.session_id,
				 m.hdr.ns, m.hdr.nr, m.type);
		for (j = ignored = 0; j < s->n; j++) {
			const struct item *t = &s->items[j];

			assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
			expect_avp(&a, t->flags, t->vendor, t->type, t->v, t->len);
			assert_int_equal(a.ignored, t->vendor != 0);
			ignored += a.ignored;
			assert_int_equal(l2tp_put(&b, a.flags, a.vendor, a.type, a.value, a.len),
					 L2TP_OK);
			if (t->vendor == 0) {
				const uint8_t *p;
				size_t len;

				assert_true(l2tp_msg_has(&m, t->type));
				assert_int_equal(l2tp_get_bytes(&m, t->type, &p, &len), L2TP_OK);
				assert_int_equal(len, t->len);
				if (len)
					assert_memory_equal(p, t->v, len);
			}
		}
		assert_int_equal(l2tp_avp_iter_next(&it, &a), 0);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), 0);
		assert_int_equal(m.nignored, ignored);
		assert_int_equal(m.nhidden, 0);
		assert_int_equal(l2tp_build_finish(&b), n);
		assert_memory_equal(again, buf, (size_t)n);
	}
}

/* Typed getters on the samples: every shape of value. */
static void test_getters(void **state)
{
	struct l2tp_call_errors ce;
	struct l2tp_result r;
	struct l2tp_q931 q;
	struct l2tp_msg m;
	const uint8_t *p;
	uint32_t u32, u32b;
	uint64_t u64;
	uint16_t u16;
	uint8_t ver, rev, id;
	char s[32];
	size_t len;

	(void)state;
	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_SCCRQ), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_protocol_version(&m, &ver, &rev), L2TP_OK);
	assert_int_equal(ver, L2TP_PROTOCOL_VER);
	assert_int_equal(rev, L2TP_PROTOCOL_REV);
	assert_int_equal(l2tp_get_framing_caps(&m, &u32), L2TP_OK);
	assert_int_equal(u32, L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	assert_int_equal(l2tp_get_bearer_caps(&m, &u32), L2TP_OK);
	assert_int_equal(u32, L2TP_BEARER_ANALOG);
	assert_int_equal(l2tp_get_tie_breaker(&m, &u64), L2TP_OK);
	assert_true(u64 == 0x0123456789abcdefULL);
	assert_int_equal(l2tp_get_firmware_revision(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 0x0690);
	assert_int_equal(l2tp_get_assigned_tunnel_id(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 0x5a3c);
	assert_int_equal(l2tp_get_receive_window_size(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 8);
	assert_int_equal(l2tp_get_string(&m, L2TP_AVP_HOST_NAME, s, sizeof(s)), L2TP_OK);
	assert_string_equal(s, "lac.example");
	assert_int_equal(l2tp_get_string(&m, L2TP_AVP_HOST_NAME, s, 12), L2TP_OK);
	assert_int_equal(l2tp_get_string(&m, L2TP_AVP_HOST_NAME, s, 11), L2TP_E_NOSPACE);
	assert_string_equal(s, "");
	assert_int_equal(l2tp_get_host_name(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, 11);
	assert_int_equal(l2tp_get_vendor_name(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, "sluice", 6);
	assert_int_equal(l2tp_get_challenge(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, 16);
	assert_int_equal(l2tp_get_u16(&m, L2TP_AVP_MESSAGE_TYPE, &u16), L2TP_OK);
	assert_int_equal(u16, L2TP_SCCRQ);
	/* absent, and asked in the wrong shape */
	assert_int_equal(l2tp_get_challenge_response(&m, &p, &len), L2TP_E_ABSENT);
	assert_null(p);
	assert_int_equal(len, 0);
	assert_int_equal(l2tp_get_u16(&m, L2TP_AVP_HOST_NAME, &u16), L2TP_E_INVALID);
	assert_int_equal(l2tp_get_u32(&m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &u32), L2TP_E_INVALID);
	assert_int_equal(l2tp_get_u64(&m, L2TP_AVP_FRAMING_CAPS, &u64), L2TP_E_INVALID);
	assert_int_equal(l2tp_get_u16(&m, 20, &u16), L2TP_E_INVALID);
	assert_int_equal(l2tp_get_bytes(&m, 40, &p, &len), L2TP_E_INVALID);
	assert_int_equal(l2tp_get_string(&m, L2TP_AVP_RESULT_CODE, s, sizeof(s)),
			 L2TP_E_INVALID);
	assert_false(l2tp_msg_has(&m, L2TP_AVP_CHALLENGE_RESPONSE));
	assert_false(l2tp_sequencing_required(&m));

	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_STOPCCN), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_result(&m, &r), L2TP_OK);
	assert_int_equal(r.result, L2TP_STOPCCN_CLEAR);
	assert_true(r.has_error);
	assert_int_equal(r.error, L2TP_ERR_NONE);
	assert_int_equal(r.msg_len, 8);
	assert_memory_equal(r.msg, "Goodbye!", 8);

	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_CDN), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_result(&m, &r), L2TP_OK);
	assert_int_equal(r.result, L2TP_CDN_GENERAL_ERROR);
	assert_int_equal(r.error, L2TP_ERR_NO_RESOURCE);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 2);
	assert_int_equal(l2tp_get_q931(&m, &q), L2TP_OK);
	assert_int_equal(q.cause, 16);
	assert_int_equal(q.msg, 0x45);
	assert_int_equal(q.advisory_len, 6);
	assert_memory_equal(q.advisory, "normal", 6);

	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_WEN), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_call_errors(&m, &ce), L2TP_OK);
	assert_int_equal(ce.crc, 1);
	assert_int_equal(ce.framing, 2);
	assert_int_equal(ce.hw_overruns, 3);
	assert_int_equal(ce.buffer_overruns, 4);
	assert_int_equal(ce.timeouts, 5);
	assert_int_equal(ce.alignment, 0xffffffff);

	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_SLI), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_accm(&m, &u32, &u32b), L2TP_OK);
	assert_int_equal(u32, 0xffffffff);
	assert_int_equal(u32b, 0x000a0000);

	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_OCRQ), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_call_serial_number(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 7);
	assert_int_equal(l2tp_get_minimum_bps(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 2400);
	assert_int_equal(l2tp_get_maximum_bps(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 10000000);
	assert_int_equal(l2tp_get_bearer_type(&m, &u32), L2TP_OK);
	assert_int_equal(u32, L2TP_BEARER_ANALOG | L2TP_BEARER_DIGITAL);
	assert_int_equal(l2tp_get_called_number(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, "5551234", 7);
	assert_int_equal(l2tp_get_sub_address(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, 1);

	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_OCRP), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_physical_channel_id(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 0xfeedf00d);

	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_ICRQ), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_calling_number(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, "+15551230000", 12);
	assert_int_equal(l2tp_get_sub_address(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, 0);
	assert_int_equal(l2tp_get_string(&m, L2TP_AVP_SUB_ADDRESS, s, 1), L2TP_OK);
	assert_string_equal(s, "");

	assert_int_equal(l2tp_msg_parse(buf, (size_t)build_sample(L2TP_ICCN), NULL, 0, &m),
			 L2TP_OK);
	assert_int_equal(l2tp_get_tx_connect_speed(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 10000000);
	assert_int_equal(l2tp_get_rx_connect_speed(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 64000);
	assert_int_equal(l2tp_get_framing_type(&m, &u32), L2TP_OK);
	assert_int_equal(u32, L2TP_FRAMING_ASYNC);
	assert_int_equal(l2tp_get_proxy_authen_type(&m, &u16), L2TP_OK);
	assert_int_equal(u16, L2TP_PROXY_AUTH_CHAP);
	assert_int_equal(l2tp_get_proxy_authen_id(&m, &id), L2TP_OK);
	assert_int_equal(id, 7);
	assert_int_equal(l2tp_get_proxy_authen_name(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, "alice", 5);
	assert_int_equal(l2tp_get_proxy_authen_challenge(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, CHAL16, 16);
	assert_int_equal(l2tp_get_proxy_authen_response(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, "0123456789ABCDEF", 16);
	assert_int_equal(l2tp_get_initial_received_lcp_confreq(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, 6);
	assert_int_equal(l2tp_get_last_sent_lcp_confreq(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, "\x03\x04\xc2\x23", 4);
	assert_int_equal(l2tp_get_last_received_lcp_confreq(&m, &p, &len), L2TP_OK);
	assert_int_equal(l2tp_get_private_group_id(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, "gold7", 5);
	assert_true(l2tp_sequencing_required(&m));
	assert_int_equal(m.nignored, 1);	/* the vendor AVP */
}

/* A string with a NUL in it is not what it seems; the copy refuses rather than cut it. */
static void test_string_with_nul(void **state)
{
	struct l2tp_build b;
	struct l2tp_msg m;
	char s[32];
	int n;

	(void)state;
	l2tp_build_start(&b, buf, sizeof(buf), 0, 0, 0, 0, L2TP_SCCRQ);
	l2tp_put_protocol_version(&b, M);
	l2tp_put_bytes(&b, M, L2TP_AVP_HOST_NAME, "lac\0evil", 8);
	l2tp_put_u32(&b, M, L2TP_AVP_FRAMING_CAPS, 3);
	l2tp_put_u16(&b, M, L2TP_AVP_ASSIGNED_TUNNEL_ID, 9);
	n = l2tp_build_finish(&b);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
	assert_int_equal(l2tp_get_string(&m, L2TP_AVP_HOST_NAME, s, sizeof(s)), L2TP_E_AVP_VALUE);
	assert_string_equal(s, "");
}

/* ---- what xl2tpd 1.3.18 (Debian 12) sends, laid out from its control.c and avpsend.c ---- */

/*
 * The LAC's SCCRQ with xl2tpd.conf's defaults (no "hidden bit", no "challenge"): its own
 * tunnel id at random (0x5a3c here), Framing Capabilities async|sync, Bearer Capabilities 0,
 * Firmware Revision 0x0690 and Vendor Name "xelerance.com" without the M bit, Host Name
 * (gethostname(), "vpn-client" here) with it, and a Receive Window Size of 4. The header
 * names tunnel 0, session 0, Ns 0, Nr 0.
 */
static const uint8_t xl2tpd_sccrq[] = {
	HDR(107, 0, 0, 0, 0),
	AVP(1, 8, 0), 0x00, 0x01,			/* Message Type: SCCRQ */
	AVP(1, 8, 2), 0x01, 0x00,			/* Protocol Version 1.0 */
	AVP(1, 10, 3), 0x00, 0x00, 0x00, 0x03,		/* Framing Capabilities */
	AVP(1, 10, 4), 0x00, 0x00, 0x00, 0x00,		/* Bearer Capabilities */
	AVP(0, 8, 6), 0x06, 0x90,			/* Firmware Revision */
	AVP(1, 16, 7), 'v', 'p', 'n', '-', 'c', 'l', 'i', 'e', 'n', 't',
	AVP(0, 19, 8), 'x', 'e', 'l', 'e', 'r', 'a', 'n', 'c', 'e', '.', 'c', 'o', 'm',
	AVP(1, 8, 9), 0x5a, 0x3c,			/* Assigned Tunnel ID */
	AVP(1, 8, 10), 0x00, 0x04,			/* Receive Window Size */
};

/* The same with "hidden bit = yes" and "challenge = yes": a Random Vector right after the
 * Message Type, a 16-octet Challenge last. */
static const uint8_t xl2tpd_sccrq_chal[] = {
	HDR(151, 0, 0, 0, 0),
	AVP(1, 8, 0), 0x00, 0x01,
	AVP(1, 22, 36), 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
			0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	AVP(1, 8, 2), 0x01, 0x00,
	AVP(1, 10, 3), 0x00, 0x00, 0x00, 0x03,
	AVP(1, 10, 4), 0x00, 0x00, 0x00, 0x00,
	AVP(0, 8, 6), 0x06, 0x90,
	AVP(1, 16, 7), 'v', 'p', 'n', '-', 'c', 'l', 'i', 'e', 'n', 't',
	AVP(0, 19, 8), 'x', 'e', 'l', 'e', 'r', 'a', 'n', 'c', 'e', '.', 'c', 'o', 'm',
	AVP(1, 8, 9), 0x5a, 0x3c,
	AVP(1, 8, 10), 0x00, 0x04,
	AVP(1, 22, 11), 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
			0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

/* Its ICRQ: Assigned Session ID (its call id), Call Serial Number, Bearer Type 0. */
static const uint8_t xl2tpd_icrq[] = {
	HDR(48, 0x1f40, 0, 2, 2),
	AVP(1, 8, 0), 0x00, 0x0a,
	AVP(1, 8, 14), 0x6b, 0x2e,
	AVP(1, 10, 15), 0x00, 0x00, 0x00, 0x01,
	AVP(1, 10, 18), 0x00, 0x00, 0x00, 0x00,
};

/* Its ICCN: Tx speed 10 Mbit/s, sync framing, Rx speed without the M bit. */
static const uint8_t xl2tpd_iccn[] = {
	HDR(50, 0x1f40, 0x0007, 3, 3),
	AVP(1, 8, 0), 0x00, 0x0c,
	AVP(1, 10, 24), 0x00, 0x98, 0x96, 0x80,
	AVP(1, 10, 19), 0x00, 0x00, 0x00, 0x01,
	AVP(0, 10, 38), 0x00, 0x98, 0x96, 0x80,
};

/* Its StopCCN when told to disconnect: Result Code 1, Error Code 0, "Goodbye!". */
static const uint8_t xl2tpd_stopccn[] = {
	HDR(46, 0x1f40, 0, 4, 3),
	AVP(1, 8, 0), 0x00, 0x04,
	AVP(1, 8, 9), 0x5a, 0x3c,
	AVP(1, 18, 1), 0x00, 0x01, 0x00, 0x00, 'G', 'o', 'o', 'd', 'b', 'y', 'e', '!',
};

static void test_xl2tpd_sccrq(void **state)
{
	uint8_t copy[sizeof(xl2tpd_sccrq_chal)];
	struct l2tp_build b;
	struct l2tp_msg m;
	const uint8_t *p;
	uint16_t u16;
	uint32_t u32;
	uint8_t ver, rev;
	size_t len;
	char s[64];

	(void)state;
	memcpy(copy, xl2tpd_sccrq, sizeof(xl2tpd_sccrq));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(xl2tpd_sccrq), NULL, 0, &m), L2TP_OK);
	assert_int_equal(m.type, L2TP_SCCRQ);
	assert_int_equal(m.hdr.tunnel_id, 0);
	assert_int_equal(m.navps, 9);
	assert_int_equal(m.nignored, 0);
	assert_int_equal(l2tp_get_protocol_version(&m, &ver, &rev), L2TP_OK);
	assert_int_equal(ver, 1);
	assert_int_equal(rev, 0);
	assert_int_equal(l2tp_get_framing_caps(&m, &u32), L2TP_OK);
	assert_int_equal(u32, L2TP_FRAMING_ASYNC | L2TP_FRAMING_SYNC);
	assert_int_equal(l2tp_get_bearer_caps(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 0);
	assert_int_equal(l2tp_get_firmware_revision(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 0x0690);
	assert_int_equal(l2tp_get_string(&m, L2TP_AVP_HOST_NAME, s, sizeof(s)), L2TP_OK);
	assert_string_equal(s, "vpn-client");
	assert_int_equal(l2tp_get_string(&m, L2TP_AVP_VENDOR_NAME, s, sizeof(s)), L2TP_OK);
	assert_string_equal(s, "xelerance.com");
	assert_int_equal(l2tp_get_assigned_tunnel_id(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 0x5a3c);
	assert_int_equal(l2tp_get_receive_window_size(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 4);
	assert_int_equal(l2tp_get_tie_breaker(&m, &(uint64_t){ 0 }), L2TP_E_ABSENT);

	/* our builder, told the same, writes the same bytes */
	l2tp_build_start(&b, buf, sizeof(buf), 0, 0, 0, 0, L2TP_SCCRQ);
	l2tp_put_protocol_version(&b, M);
	l2tp_put_u32(&b, M, L2TP_AVP_FRAMING_CAPS, L2TP_FRAMING_ASYNC | L2TP_FRAMING_SYNC);
	l2tp_put_u32(&b, M, L2TP_AVP_BEARER_CAPS, 0);
	l2tp_put_u16(&b, 0, L2TP_AVP_FIRMWARE_REVISION, 0x0690);
	l2tp_put_string(&b, M, L2TP_AVP_HOST_NAME, "vpn-client");
	l2tp_put_string(&b, 0, L2TP_AVP_VENDOR_NAME, "xelerance.com");
	l2tp_put_u16(&b, M, L2TP_AVP_ASSIGNED_TUNNEL_ID, 0x5a3c);
	l2tp_put_u16(&b, M, L2TP_AVP_RECEIVE_WINDOW_SIZE, 4);
	assert_int_equal(l2tp_build_finish(&b), sizeof(xl2tpd_sccrq));
	assert_memory_equal(buf, xl2tpd_sccrq, sizeof(xl2tpd_sccrq));

	memcpy(copy, xl2tpd_sccrq_chal, sizeof(xl2tpd_sccrq_chal));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(copy), SECRET, SECRET_LEN, &m), L2TP_OK);
	assert_int_equal(m.navps, 11);
	assert_int_equal(l2tp_get_random_vector(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, 16);
	assert_int_equal(p[0], 0x10);
	assert_int_equal(l2tp_get_challenge(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, CHAL16, 16);
}

static void test_xl2tpd_calls(void **state)
{
	uint8_t copy[64];
	struct l2tp_result r;
	struct l2tp_msg m;
	uint16_t u16;
	uint32_t u32;

	(void)state;
	memcpy(copy, xl2tpd_icrq, sizeof(xl2tpd_icrq));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(xl2tpd_icrq), NULL, 0, &m), L2TP_OK);
	assert_int_equal(m.type, L2TP_ICRQ);
	assert_int_equal(m.hdr.tunnel_id, 0x1f40);
	assert_int_equal(m.hdr.ns, 2);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 0x6b2e);
	assert_int_equal(l2tp_get_call_serial_number(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 1);
	assert_int_equal(l2tp_get_bearer_type(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 0);

	memcpy(copy, xl2tpd_iccn, sizeof(xl2tpd_iccn));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(xl2tpd_iccn), NULL, 0, &m), L2TP_OK);
	assert_int_equal(m.type, L2TP_ICCN);
	assert_int_equal(m.hdr.session_id, 7);
	assert_int_equal(l2tp_get_tx_connect_speed(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 10000000);
	assert_int_equal(l2tp_get_framing_type(&m, &u32), L2TP_OK);
	assert_int_equal(u32, L2TP_FRAMING_SYNC);
	assert_int_equal(l2tp_get_rx_connect_speed(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 10000000);

	memcpy(copy, xl2tpd_stopccn, sizeof(xl2tpd_stopccn));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(xl2tpd_stopccn), NULL, 0, &m), L2TP_OK);
	assert_int_equal(m.type, L2TP_STOPCCN);
	assert_int_equal(l2tp_get_result(&m, &r), L2TP_OK);
	assert_int_equal(r.result, L2TP_STOPCCN_CLEAR);
	assert_int_equal(r.msg_len, 8);
	assert_memory_equal(r.msg, "Goodbye!", 8);
}

/* ---- ZLB ---- */

static void test_zlb(void **state)
{
	static const uint8_t want[] = { HDR(12, 0x1234, 0x0005, 7, 9) };
	struct l2tp_avp_iter it;
	struct l2tp_msg m;
	struct l2tp_avp a;
	uint16_t u16;
	char line[128];

	(void)state;
	assert_int_equal(l2tp_build_zlb(buf, sizeof(buf), 0x1234, 5, 7, 9), 12);
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(l2tp_build_zlb(buf, 11, 0x1234, 5, 7, 9), L2TP_E_NOSPACE);
	assert_int_equal(l2tp_build_zlb(buf, 12, 0x1234, 5, 7, 9), 12);
	assert_int_equal(l2tp_msg_parse(buf, 12, NULL, 0, &m), L2TP_OK);
	assert_true(m.zlb);
	assert_int_equal(m.type, 0);
	assert_int_equal(m.navps, 0);
	assert_int_equal(m.hdr.ns, 7);
	assert_int_equal(m.hdr.nr, 9);
	assert_int_equal(m.hdr.session_id, 5);
	assert_int_equal(l2tp_get_u16(&m, L2TP_AVP_MESSAGE_TYPE, &u16), L2TP_E_ABSENT);
	l2tp_msg_iter_init(&it, &m);
	assert_int_equal(l2tp_avp_iter_next(&it, &a), 0);
	assert_string_equal(l2tp_msg_describe(&m, L2TP_OK, line, sizeof(line)), "ZLB: ok");
}

/* ---- headers ---- */

static void test_control_headers(void **state)
{
	static const struct {
		uint16_t word;
		enum l2tp_error want;
	} cases[] = {
		{ 0xc802, L2TP_OK },
		{ 0xc902, L2TP_OK },		/* P on a control message: ignored */
		{ 0xfcf2, L2TP_OK },		/* every x bit: ignored */
		{ 0xc801, L2TP_E_L2F },
		{ 0xc803, L2TP_E_V3 },
		{ 0xc800, L2TP_E_VERSION },
		{ 0xc804, L2TP_E_VERSION },
		{ 0xc80f, L2TP_E_VERSION },
		{ 0x8802, L2TP_E_CTRL_NO_LENGTH },
		{ 0xc002, L2TP_E_CTRL_NO_SEQUENCE },
		{ 0xca02, L2TP_E_CTRL_OFFSET },
		{ 0x4802, L2TP_E_DATA },	/* T=0: not for l2tp_msg_parse() */
	};
	struct l2tp_msg m;
	uint16_t t, s;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		n = build_sample(L2TP_HELLO);
		buf[0] = (uint8_t)(cases[i].word >> 8);
		buf[1] = (uint8_t)cases[i].word;
		if (l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m) != cases[i].want)
			fail_msg("0x%04x: %s", cases[i].word,
				 l2tp_error_name(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m)));
		if (cases[i].want == L2TP_OK) {
			assert_int_equal(m.type, L2TP_HELLO);
			assert_int_equal(m.hdr.flags, cases[i].word);
		} else {
			assert_int_equal(m.hdr.tunnel_id, 0);	/* a bad header tells nothing */
		}
	}
	/* a control message is not a data message */
	n = build_sample(L2TP_HELLO);
	assert_int_equal(l2tp_data_ids(buf, (size_t)n, &t, &s), L2TP_E_CONTROL);
	assert_int_equal(l2tp_msg_parse(buf, 1, NULL, 0, &m), L2TP_E_SHORT);
	assert_int_equal(l2tp_msg_parse(NULL, 0, NULL, 0, &m), L2TP_E_SHORT);
}

/* Length against the datagram: equal or refused. */
static void test_lengths(void **state)
{
	struct l2tp_msg m;
	int n;

	(void)state;
	n = build_sample(L2TP_HELLO);
	assert_int_equal(n, 20);
	assert_int_equal(l2tp_msg_parse(buf, 21, NULL, 0, &m), L2TP_E_LENGTH);	/* trailing */
	buf[3] = 11;
	assert_int_equal(l2tp_msg_parse(buf, 20, NULL, 0, &m), L2TP_E_LENGTH);	/* < header */
	buf[3] = 0;
	assert_int_equal(l2tp_msg_parse(buf, 20, NULL, 0, &m), L2TP_E_LENGTH);
	buf[2] = 0xff;
	buf[3] = 0xff;
	assert_int_equal(l2tp_msg_parse(buf, 20, NULL, 0, &m), L2TP_E_SHORT);	/* > datagram */
}

struct data_case {
	const char *what;
	uint8_t bytes[24];
	size_t n;
	enum l2tp_error want;
	uint16_t tunnel, session, ns, nr, offset, body, body_len;
};

static const struct data_case data_cases[] = {
	{ "bare", { 0x00, 0x02, 0x12, 0x34, 0x56, 0x78, 0xff, 0x03 }, 8,
	  L2TP_OK, 0x1234, 0x5678, 0, 0, 0, 6, 2 },
	{ "L", { 0x40, 0x02, 0x00, 0x0a, 0x12, 0x34, 0x56, 0x78, 0xff, 0x03 }, 10,
	  L2TP_OK, 0x1234, 0x5678, 0, 0, 0, 8, 2 },
	{ "S", { 0x08, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00, 0x05, 0x00, 0x00, 0xc0, 0x21 }, 12,
	  L2TP_OK, 0x1234, 0x5678, 5, 0, 0, 10, 2 },
	{ "O 3", { 0x02, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00, 0x03, 0xaa, 0xbb, 0xcc, 0x80, 0x21 },
	  13, L2TP_OK, 0x1234, 0x5678, 0, 0, 3, 11, 2 },
	{ "O 0", { 0x02, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x80, 0x21 }, 10,
	  L2TP_OK, 0x1234, 0x5678, 0, 0, 0, 8, 2 },
	{ "L S O P", { 0x4b, 0x02, 0x00, 0x12, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04,
		       0x00, 0x02, 0xee, 0xee, 0x00, 0x21 }, 18,
	  L2TP_OK, 1, 2, 3, 4, 2, 16, 2 },
	{ "x bits", { 0x34, 0xf2, 0x12, 0x34, 0x56, 0x78 }, 6,
	  L2TP_OK, 0x1234, 0x5678, 0, 0, 0, 6, 0 },
	{ "O to the end", { 0x02, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00, 0x02, 0xaa, 0xbb }, 10,
	  L2TP_OK, 0x1234, 0x5678, 0, 0, 2, 10, 0 },
	{ "O past the end", { 0x02, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00, 0x03, 0xaa, 0xbb }, 10,
	  L2TP_E_OFFSET, 0, 0, 0, 0, 0, 0, 0 },
	{ "O 0xffff", { 0x02, 0x02, 0x12, 0x34, 0x56, 0x78, 0xff, 0xff }, 8,
	  L2TP_E_OFFSET, 0, 0, 0, 0, 0, 0, 0 },
	{ "O, L shorter than pad", { 0x42, 0x02, 0x00, 0x0b, 0x12, 0x34, 0x56, 0x78, 0x00, 0x04,
				     0xaa }, 11,
	  L2TP_E_OFFSET, 0, 0, 0, 0, 0, 0, 0 },
	{ "O size cut", { 0x02, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00 }, 7,
	  L2TP_E_SHORT, 0, 0, 0, 0, 0, 0, 0 },
	{ "S cut", { 0x08, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00, 0x05, 0x00 }, 9,
	  L2TP_E_SHORT, 0, 0, 0, 0, 0, 0, 0 },
	{ "ids cut", { 0x00, 0x02, 0x12, 0x34, 0x56 }, 5,
	  L2TP_E_SHORT, 0, 0, 0, 0, 0, 0, 0 },
	{ "L too big", { 0x40, 0x02, 0x00, 0x0b, 0x12, 0x34, 0x56, 0x78, 0xff, 0x03 }, 10,
	  L2TP_E_SHORT, 0, 0, 0, 0, 0, 0, 0 },
	{ "L too small", { 0x40, 0x02, 0x00, 0x09, 0x12, 0x34, 0x56, 0x78, 0xff, 0x03 }, 10,
	  L2TP_E_LENGTH, 0, 0, 0, 0, 0, 0, 0 },
	{ "L under header", { 0x40, 0x02, 0x00, 0x05, 0x12, 0x34, 0x56, 0x78 }, 8,
	  L2TP_E_LENGTH, 0, 0, 0, 0, 0, 0, 0 },
	{ "L2F", { 0x00, 0x01, 0x12, 0x34, 0x56, 0x78 }, 6,
	  L2TP_E_L2F, 0, 0, 0, 0, 0, 0, 0 },
	{ "L2TPv3", { 0x00, 0x03, 0x12, 0x34, 0x56, 0x78 }, 6,
	  L2TP_E_V3, 0, 0, 0, 0, 0, 0, 0 },
	{ "one byte", { 0x00 }, 1, L2TP_E_SHORT, 0, 0, 0, 0, 0, 0, 0 },
};

static void test_data_headers(void **state)
{
	struct l2tp_hdr h;
	uint16_t t, s;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(data_cases); i++) {
		const struct data_case *c = &data_cases[i];
		enum l2tp_error e = l2tp_hdr_parse(c->bytes, c->n, &h);

		if (e != c->want)
			fail_msg("%s: %s", c->what, l2tp_error_name(e));
		assert_int_equal(h.tunnel_id, c->tunnel);
		assert_int_equal(h.session_id, c->session);
		assert_int_equal(h.ns, c->ns);
		assert_int_equal(h.nr, c->nr);
		assert_int_equal(h.offset_size, c->offset);
		assert_int_equal(h.body, c->body);
		assert_int_equal(h.body_len, c->body_len);
		assert_int_equal(l2tp_data_ids(c->bytes, c->n, &t, &s), c->want);
		assert_int_equal(t, c->tunnel);
		assert_int_equal(s, c->session);
		if (e == L2TP_OK) {
			assert_false(h.flags & L2TP_HDR_T);
			assert_int_equal(h.length, c->n);
			assert_int_equal(h.body + h.body_len, c->n);
		}
	}
}

/* ---- truncations ---- */

/* Offsets where each AVP of a message starts, and its end. */
static size_t boundaries(const uint8_t *p, size_t n, size_t *at, size_t max)
{
	struct l2tp_avp_iter it;
	struct l2tp_avp a;
	size_t k = 0;

	l2tp_avp_iter_init(&it, p + L2TP_CTRL_HDR_LEN, n - L2TP_CTRL_HDR_LEN);
	while (l2tp_avp_iter_next(&it, &a) == 1 && k < max)
		at[k++] = L2TP_CTRL_HDR_LEN + a.off;
	at[k] = n;
	return k;
}

/*
 * Every prefix of every sample: as received (Length still the whole message's), SHORT. With
 * Length made to agree, a cut inside an AVP header is AVP_SHORT, inside a value AVP_LENGTH,
 * and at an AVP boundary the message is whole but may lack what its type must carry.
 */
static void test_truncations(void **state)
{
	uint8_t cut[sizeof(buf)];
	size_t at[64], navp, c, k, i, j;
	struct l2tp_msg m;
	enum l2tp_error want, got;
	int n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(samples); i++) {
		const struct sample *s = &samples[i];

		n = build_items(s, buf, sizeof(buf), -1);
		navp = boundaries(buf, (size_t)n, at, ARRAY_SIZE(at) - 1);
		assert_int_equal(navp, s->n + 1);
		for (c = 0; c < (size_t)n; c++) {
			memcpy(cut, buf, c);
			assert_int_equal(l2tp_msg_parse(cut, c, NULL, 0, &m), L2TP_E_SHORT);
			if (c < L2TP_CTRL_HDR_LEN)
				continue;
			memcpy(cut, buf, c);
			cut[2] = (uint8_t)(c >> 8);
			cut[3] = (uint8_t)c;
			for (k = 0; at[k + 1] <= c; k++)
				;
			if (c == L2TP_CTRL_HDR_LEN) {
				want = L2TP_OK;			/* a ZLB */
			} else if (c == at[k]) {
				want = L2TP_OK;			/* items 0 .. k-2 kept */
				for (j = k - 1; j < s->n; j++)
					if (s->items[j].vendor == 0 &&
					    is_mandatory(s->type, s->items[j].type)) {
						want = L2TP_E_AVP_MISSING;
						break;
					}
			} else {
				want = c - at[k] < L2TP_AVP_HDR_LEN ? L2TP_E_AVP_SHORT
								    : L2TP_E_AVP_LENGTH;
			}
			got = l2tp_msg_parse(cut, c, NULL, 0, &m);
			if (got != want)
				fail_msg("%s cut to %zu: %s, not %s", l2tp_msg_name(s->type), c,
					 l2tp_error_name(got), l2tp_error_name(want));
			assert_int_equal(m.zlb, c == L2TP_CTRL_HDR_LEN);
			if (got == L2TP_E_AVP_SHORT || got == L2TP_E_AVP_LENGTH)
				assert_int_equal(m.err_off, at[k]);
		}
	}
}

/* ---- AVP framing ---- */

/* A HELLO (20 bytes) followed by the given bytes, Length set to match. */
static size_t hello_plus(const uint8_t *extra, size_t n)
{
	size_t len = (size_t)build_sample(L2TP_HELLO);

	memcpy(buf + len, extra, n);
	len += n;
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
	return len;
}

static void test_avp_lengths(void **state)
{
	uint8_t avp[16] = { 0x80, 0, 0, 0, 0, L2TP_AVP_SEQUENCING_REQUIRED };
	struct l2tp_msg m;
	char line[160];
	size_t n;
	int len;

	(void)state;
	/* Length 0 .. 5 cannot hold a header; 6 is the empty AVP */
	for (len = 0; len <= 6; len++) {
		avp[1] = (uint8_t)len;
		n = hello_plus(avp, 6);
		assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m),
				 len < 6 ? L2TP_E_AVP_LENGTH : L2TP_OK);
		if (len < 6)
			assert_int_equal(m.err_off, 20);
	}
	/* past the end: 8 bytes said, 6 there */
	avp[1] = 8;
	n = hello_plus(avp, 6);
	assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_E_AVP_LENGTH);
	assert_string_equal(l2tp_msg_describe(&m, L2TP_E_AVP_LENGTH, line, sizeof(line)),
			    "HELLO: AVP Length under 6 or past the end (AVP Length 8 at offset 20)");
	/* the largest Length there is, far past the end */
	avp[0] = 0x83;
	avp[1] = 0xff;
	n = hello_plus(avp, 6);
	assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_E_AVP_LENGTH);
	/* 1 .. 5 stray bytes after the last AVP */
	for (len = 1; len < 6; len++) {
		n = hello_plus((const uint8_t *)"\0\0\0\0\0", (size_t)len);
		assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_E_AVP_SHORT);
	}
	/* the first AVP's length broken */
	n = (size_t)build_sample(L2TP_HELLO);
	buf[13] = 2;
	assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_E_AVP_LENGTH);
	buf[13] = 30;
	assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_E_AVP_LENGTH);
	/* the raw iterator alone, on nothing and on a cut header */
	{
		struct l2tp_avp_iter it;
		struct l2tp_avp a;

		l2tp_avp_iter_init(&it, NULL, 0);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), 0);
		l2tp_avp_iter_init(&it, avp, 3);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), L2TP_E_AVP_SHORT);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), L2TP_E_AVP_SHORT);
		l2tp_avp_iter_init(&it, buf, 70000);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), L2TP_E_INVALID);
	}
}

/* The largest AVP there is: 1023 bytes, a 1017-byte value. */
static void test_avp_max(void **state)
{
	static char name[L2TP_AVP_VALUE_MAX + 2];
	struct l2tp_build b;
	struct l2tp_msg m;
	const uint8_t *p;
	size_t len;
	int n;

	(void)state;
	memset(name, 'h', L2TP_AVP_VALUE_MAX);
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_SCCRQ);
	l2tp_put_protocol_version(&b, M);
	assert_int_equal(l2tp_put_string(&b, M, L2TP_AVP_HOST_NAME, name), L2TP_OK);
	l2tp_put_u32(&b, M, L2TP_AVP_FRAMING_CAPS, 1);
	l2tp_put_u16(&b, M, L2TP_AVP_ASSIGNED_TUNNEL_ID, 1);
	n = l2tp_build_finish(&b);
	assert_int_equal(n, 12 + 8 + 8 + 1023 + 10 + 8);
	assert_int_equal(buf[28], 0x83);	/* M, length 0x3ff */
	assert_int_equal(buf[29], 0xff);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
	assert_int_equal(l2tp_get_host_name(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, L2TP_AVP_VALUE_MAX);

	name[L2TP_AVP_VALUE_MAX] = 'h';		/* 1018: no longer fits */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_SCCRQ);
	assert_int_equal(l2tp_put_string(&b, M, L2TP_AVP_HOST_NAME, name), L2TP_E_INVALID);
	assert_int_equal(l2tp_build_finish(&b), L2TP_E_INVALID);
}

/* Message Type: first, clear, two bytes, once. */
static void test_message_type(void **state)
{
	static const uint8_t host_first[] = {
		HDR(36, 0, 0, 0, 0),
		AVP(1, 8, 7), 'l', 'a',
		AVP(1, 8, 0), 0x00, 0x01,
		AVP(1, 8, 9), 0x00, 0x01,
	};
	static const uint8_t vendor_first[] = {
		HDR(28, 0, 0, 0, 0),
		0x00, 8, 0x01, 0x37, 0x00, 0x00, 0x00, 0x00,	/* vendor 311, M=0 */
		AVP(1, 8, 0), 0x00, 0x06,
	};
	static const uint8_t type3[] = { HDR(21, 0, 0, 0, 0), AVP(1, 9, 0), 0x00, 0x00, 0x06 };
	uint8_t copy[64];
	struct l2tp_msg m;
	char line[160];
	size_t n;

	(void)state;
	memcpy(copy, host_first, sizeof(host_first));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(host_first), NULL, 0, &m),
			 L2TP_E_FIRST_AVP);
	assert_int_equal(m.hdr.length, 36);	/* the header was fine: it can be acked */
	assert_string_equal(l2tp_msg_describe(&m, L2TP_E_FIRST_AVP, line, sizeof(line)),
			    "control message: first AVP is not Message Type: Host Name "
			    "(2 bytes at offset 12)");
	memcpy(copy, vendor_first, sizeof(vendor_first));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(vendor_first), NULL, 0, &m),
			 L2TP_E_FIRST_AVP);

	n = (size_t)build_sample(L2TP_HELLO);
	buf[12] |= 0x40;			/* hidden Message Type */
	assert_int_equal(l2tp_msg_parse(buf, n, SECRET, SECRET_LEN, &m),
			 L2TP_E_HIDDEN_NOT_ALLOWED);
	n = (size_t)build_sample(L2TP_HELLO);
	buf[12] |= 0x04;			/* a reserved bit: not recognized as Message Type */
	assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_E_FIRST_AVP);
	memcpy(copy, type3, sizeof(type3));	/* a 3-byte Message Type */
	assert_int_equal(l2tp_msg_parse(copy, sizeof(type3), NULL, 0, &m), L2TP_E_AVP_SIZE);
	n = hello_plus((const uint8_t[]){ AVP(1, 8, 0), 0, 6 }, 8);	/* twice */
	assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_E_AVP_DUPLICATE);
	assert_int_equal(m.err_type, L2TP_AVP_MESSAGE_TYPE);
}

/* Unknown message types: with M=1 the tunnel goes, with M=0 the message is ignored. */
static void test_unknown_message_types(void **state)
{
	static const unsigned int types[] = { 0, 5, 13, 17, 0xffff };
	struct l2tp_msg m;
	char line[160];
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		n = build_sample(L2TP_HELLO);
		buf[18] = (uint8_t)(types[i] >> 8);
		buf[19] = (uint8_t)types[i];
		assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m),
				 L2TP_E_MSG_TYPE_MANDATORY);
		assert_int_equal(m.type, types[i]);
		assert_false(m.zlb);
		assert_int_equal(m.hdr.ns, 5);		/* still acknowledgeable */
		buf[12] &= 0x7f;
		assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m),
				 L2TP_E_MSG_TYPE_UNKNOWN);
		assert_false(m.type_mandatory);
	}
	assert_string_equal(l2tp_msg_describe(&m, L2TP_E_MSG_TYPE_UNKNOWN, line, sizeof(line)),
			    "message type 65535 (M=0): unknown message type (M=0, ignored)");
	/* a known type without its M bit is still that type */
	n = build_sample(L2TP_HELLO);
	buf[12] &= 0x7f;
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
	assert_false(m.type_mandatory);
}

/* Section 4.1: unrecognized with M=1 refuses the message, with M=0 is skipped. */
static void test_unknown_avps(void **state)
{
	static const struct {
		const char *what;
		uint8_t avp[8];
		enum l2tp_error m1;
	} cases[] = {
		{ "unknown IETF attribute", { 0, 8, 0, 0, 0, 40, 1, 2 }, L2TP_E_AVP_UNKNOWN },
		{ "reserved attribute 20", { 0, 8, 0, 0, 0, 20, 0, 3 }, L2TP_E_AVP_UNKNOWN },
		{ "attribute 0xffff", { 0, 8, 0, 0, 0xff, 0xff, 0, 3 }, L2TP_E_AVP_UNKNOWN },
		{ "vendor 311", { 0, 8, 0x01, 0x37, 0, 1, 0, 3 }, L2TP_E_AVP_VENDOR },
		{ "vendor 9, attribute 9", { 0, 8, 0, 9, 0, 9, 0, 3 }, L2TP_E_AVP_VENDOR },
		{ "reserved bit 0x2000", { 0x20, 8, 0, 0, 0, 9, 0, 3 }, L2TP_E_AVP_RESERVED },
		{ "reserved bit 0x0400", { 0x04, 8, 0, 0, 0, 9, 0, 3 }, L2TP_E_AVP_RESERVED },
	};
	struct l2tp_avp_iter it;
	uint8_t avp[8];
	struct l2tp_msg m;
	struct l2tp_avp a;
	char line[160];
	size_t i, n;
	uint16_t u16;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memcpy(avp, cases[i].avp, 8);
		avp[0] |= 0x80;
		n = hello_plus(avp, 8);
		if (l2tp_msg_parse(buf, n, NULL, 0, &m) != cases[i].m1)
			fail_msg("%s, M=1", cases[i].what);
		assert_true(m.err_avp);
		assert_int_equal(m.err_off, 20);
		assert_int_equal(l2tp_msg_error_code(cases[i].m1), L2TP_ERR_UNKNOWN_M);
		avp[0] &= 0x7f;
		n = hello_plus(avp, 8);
		if (l2tp_msg_parse(buf, n, NULL, 0, &m) != L2TP_OK)
			fail_msg("%s, M=0", cases[i].what);
		assert_int_equal(m.nignored, 1);
		assert_int_equal(m.navps, 2);
		/* skipped: not in the index, marked by the iterator */
		assert_false(l2tp_msg_has(&m, L2TP_AVP_ASSIGNED_TUNNEL_ID));
		l2tp_msg_iter_init(&it, &m);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
		assert_false(a.ignored);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
		assert_true(a.ignored);
		assert_int_equal(a.why, cases[i].m1);
		assert_int_equal(l2tp_avp_iter_next(&it, &a), 0);
	}
	n = hello_plus((const uint8_t[]){ 0x80, 8, 0x01, 0x37, 0, 1, 0, 3 }, 8);
	l2tp_msg_parse(buf, n, NULL, 0, &m);
	assert_string_equal(l2tp_msg_describe(&m, L2TP_E_AVP_VENDOR, line, sizeof(line)),
			    "HELLO: vendor-specific AVP with the M bit set: vendor 311 attribute 1 "
			    "(2 bytes at offset 20)");
	/* an unrecognized AVP does not count as the real one, nor collide with it */
	n = hello_plus((const uint8_t[]){ 0xa0, 8, 0, 0, 0, 9, 0, 3 }, 8);
	buf[20] = 0x20;
	assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_OK);
	assert_int_equal(l2tp_get_assigned_tunnel_id(&m, &u16), L2TP_E_ABSENT);
}

/* Every mandatory AVP of every message type, left out in turn. */
static void test_missing_mandatory(void **state)
{
	struct l2tp_msg m;
	char line[160], want[160];
	size_t i, j, k, seen = 0;
	int n;

	(void)state;
	assert_int_equal(ARRAY_SIZE(mandatory), ARRAY_SIZE(samples));
	for (i = 0; i < ARRAY_SIZE(samples); i++) {
		const struct sample *s = &samples[i];

		for (j = 0; j < ARRAY_SIZE(mandatory[0].must); j++) {
			uint16_t t = 0;

			for (k = 0; k < ARRAY_SIZE(mandatory); k++)
				if (mandatory[k].type == s->type)
					t = mandatory[k].must[j];
			if (!t)
				break;
			for (k = 0; k < s->n && s->items[k].type != t; k++)
				;
			assert_true(k < s->n);	/* the sample carries it */
			n = build_items(s, buf, sizeof(buf), (int)k);
			if (l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m) != L2TP_E_AVP_MISSING ||
			    m.err_type != t)
				fail_msg("%s without %s", l2tp_msg_name(s->type), l2tp_avp_name(t));
			assert_int_equal(m.type, s->type);
			snprintf(want, sizeof(want), "%s: mandatory AVP missing: %s",
				 l2tp_msg_name(s->type), l2tp_avp_name(t));
			assert_string_equal(l2tp_msg_describe(&m, L2TP_E_AVP_MISSING, line,
							      sizeof(line)), want);
			seen++;
		}
		/* and every optional one may go */
		for (k = 0; k < s->n; k++) {
			if (is_mandatory(s->type, s->items[k].type))
				continue;
			n = build_items(s, buf, sizeof(buf), (int)k);
			assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
		}
	}
	assert_int_equal(seen, 4 + 4 + 2 + 7 + 1 + 2 + 2 + 1 + 2 + 2 + 1 + 1);
}

/* An ICRQ whose Assigned Session ID is 0 and has no M bit. */
static const uint8_t icrq_zero_session[] = {
	HDR(38, 1, 0, 0, 0),
	AVP(1, 8, 0), 0x00, 0x0a,
	AVP(0, 8, 14), 0x00, 0x00,
	AVP(1, 10, 15), 0x00, 0x00, 0x00, 0x01,
};

/* Values of the wrong size or out of range: M=1 refuses, M=0 skips (and then it is missing,
 * but the refusal says what was wrong with it). */
static void test_malformed_values(void **state)
{
	static const struct {
		uint16_t type;
		const char *v;
		uint16_t len;
		enum l2tp_error want;
	} cases[] = {
		{ L2TP_AVP_RESULT_CODE, "\0", 1, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_RESULT_CODE, "\0\1\0", 3, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_PROTOCOL_VERSION, "\1", 1, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_FRAMING_CAPS, "\0\0\3", 3, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_BEARER_CAPS, "\0\0\0\0\0", 5, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_TIE_BREAKER, "1234567", 7, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_FIRMWARE_REVISION, "", 0, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_HOST_NAME, "", 0, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_ASSIGNED_TUNNEL_ID, "\0\0", 2, L2TP_E_AVP_VALUE },
		{ L2TP_AVP_ASSIGNED_TUNNEL_ID, "\0\1\0", 3, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_RECEIVE_WINDOW_SIZE, "\4", 1, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_CHALLENGE, "", 0, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_Q931_CAUSE, "\0\x10", 2, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_CHALLENGE_RESPONSE, "0123456789abcde", 15, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_CHALLENGE_RESPONSE, "0123456789abcdefg", 17, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_ASSIGNED_SESSION_ID, "\0\0", 2, L2TP_E_AVP_VALUE },
		{ L2TP_AVP_CALL_SERIAL_NUMBER, "\0", 1, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_MINIMUM_BPS, "", 0, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_MAXIMUM_BPS, "\0\0\0\0\0\0\0\0", 8, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_BEARER_TYPE, "\0\0", 2, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_FRAMING_TYPE, "\0\0", 2, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_TX_CONNECT_SPEED, "\0", 1, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_PHYSICAL_CHANNEL_ID, "\0", 1, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_PROXY_AUTHEN_TYPE, "\0\0\2", 3, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_PROXY_AUTHEN_CHALLENGE, "", 0, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_PROXY_AUTHEN_ID, "\7", 1, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_CALL_ERRORS, "\0\0\0\0", 4, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_ACCM, "\0\0\0\0\0\0\0\0\0\0\0", 11, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_RANDOM_VECTOR, "", 0, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_RX_CONNECT_SPEED, "\0\0\0", 3, L2TP_E_AVP_SIZE },
		{ L2TP_AVP_SEQUENCING_REQUIRED, "\0", 1, L2TP_E_AVP_SIZE },
	};
	uint8_t avp[32];
	struct l2tp_build b;
	struct l2tp_msg m;
	size_t i, n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		avp[0] = 0x80;
		avp[1] = (uint8_t)(6 + cases[i].len);
		avp[2] = avp[3] = avp[4] = 0;
		avp[5] = (uint8_t)cases[i].type;
		memcpy(avp + 6, cases[i].v, cases[i].len);
		n = hello_plus(avp, 6u + cases[i].len);
		if (l2tp_msg_parse(buf, n, NULL, 0, &m) != cases[i].want)
			fail_msg("%s of %u bytes, M=1", l2tp_avp_name(cases[i].type),
				 cases[i].len);
		assert_int_equal(m.err_type, cases[i].type);
		avp[0] = 0;
		n = hello_plus(avp, 6u + cases[i].len);
		assert_int_equal(l2tp_msg_parse(buf, n, NULL, 0, &m), L2TP_OK);
		assert_int_equal(m.nignored, 1);
		assert_false(l2tp_msg_has(&m, cases[i].type));
		/* and the builder will not write it */
		l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_HELLO);
		assert_int_equal(l2tp_put(&b, M, 0, cases[i].type, cases[i].v, cases[i].len),
				 cases[i].want);
	}
	/* a mandatory AVP skipped for M=0 is reported for what was wrong with it */
	memcpy(buf, icrq_zero_session, sizeof(icrq_zero_session));
	assert_int_equal(l2tp_msg_parse(buf, sizeof(icrq_zero_session), NULL, 0, &m),
			 L2TP_E_AVP_VALUE);
	assert_int_equal(m.err_type, L2TP_AVP_ASSIGNED_SESSION_ID);
	assert_int_equal(m.nignored, 1);
}

/* The same attribute twice is refused; Random Vectors may repeat. */
static void test_duplicates(void **state)
{
	struct l2tp_build b;
	struct l2tp_msg m;
	const uint8_t *p;
	size_t len;
	int n;

	(void)state;
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_ICRP);
	l2tp_put_u16(&b, M, L2TP_AVP_ASSIGNED_SESSION_ID, 1);
	l2tp_put_u16(&b, 0, L2TP_AVP_ASSIGNED_SESSION_ID, 2);
	n = l2tp_build_finish(&b);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_E_AVP_DUPLICATE);
	assert_int_equal(m.err_type, L2TP_AVP_ASSIGNED_SESSION_ID);
	assert_int_equal(m.err_off, 28);

	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_HELLO);
	l2tp_put_bytes(&b, M, L2TP_AVP_RANDOM_VECTOR, "abc", 3);
	l2tp_put_bytes(&b, M, L2TP_AVP_RANDOM_VECTOR, "defg", 4);
	n = l2tp_build_finish(&b);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
	assert_int_equal(l2tp_get_random_vector(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, 4);	/* the most recent */
}

/* ---- hidden AVPs ---- */

static const uint8_t rv16[16] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

/*
 * Computed apart from this code, with Python's hashlib (RFC 2661 section 4.3):
 *
 *	def hide(attr, value, pad):
 *	    sub = struct.pack("!H", len(value)) + value + b"\0" * pad
 *	    out, prev = b"", None
 *	    for i in range(0, len(sub), 16):
 *	        key = md5(struct.pack("!H", attr) + secret + rv if i == 0
 *	                  else secret + prev).digest()
 *	        prev = bytes(x ^ y for x, y in zip(sub[i:i + 16], key))
 *	        out += prev
 *	    return out
 *
 * with secret b"tunnel-secret" and rv bytes(range(0x10, 0x20)):
 * hide(14, b"\x12\x34", 12) (an Assigned Session ID, padded to one block) and
 * hide(30, b"alice@remote-office.example", 0) (a Proxy Authen Name: 29 bytes, the second
 * block partial).
 */
static const uint8_t hidden_session_id[16] = {
	0x5f, 0x48, 0xd5, 0xdc, 0x3d, 0x82, 0x88, 0xdd,
	0x20, 0x9c, 0x1a, 0x73, 0xcc, 0x6b, 0x00, 0xb5,
};
static const uint8_t hidden_name[29] = {
	0x46, 0xc0, 0xb9, 0x9c, 0x41, 0xea, 0xab, 0x23, 0x2b, 0xf6, 0xdc, 0xe0, 0x47, 0x40, 0x68,
	0xf7, 0x19, 0x4d, 0x8d, 0xe3, 0x49, 0xf5, 0x0f, 0x6b, 0x5d, 0x9d, 0x19, 0x99, 0x12,
};
#define NAME27 "alice@remote-office.example"

static void test_hidden_vectors(void **state)
{
	uint8_t out[64];
	size_t len;

	(void)state;
	assert_int_equal(l2tp_hide(L2TP_AVP_ASSIGNED_SESSION_ID, SECRET, SECRET_LEN, rv16, 16,
				   "\x12\x34", 2, 12, out, sizeof(out)), 16);
	assert_memory_equal(out, hidden_session_id, 16);
	assert_int_equal(l2tp_unhide(L2TP_AVP_ASSIGNED_SESSION_ID, SECRET, SECRET_LEN, rv16, 16,
				     out, 16, &len), L2TP_OK);
	assert_int_equal(len, 2);
	assert_memory_equal(out + 2, "\x12\x34", 2);

	assert_int_equal(l2tp_hide(L2TP_AVP_PROXY_AUTHEN_NAME, SECRET, SECRET_LEN, rv16, 16,
				   NAME27, 27, 0, out, sizeof(out)), 29);
	assert_memory_equal(out, hidden_name, 29);
	assert_int_equal(l2tp_unhide(L2TP_AVP_PROXY_AUTHEN_NAME, SECRET, SECRET_LEN, rv16, 16,
				     out, 29, &len), L2TP_OK);
	assert_int_equal(len, 27);
	assert_memory_equal(out + 2, NAME27, 27);

	/* the attribute type is part of the key */
	memcpy(out, hidden_session_id, 16);
	assert_int_equal(l2tp_unhide(L2TP_AVP_ASSIGNED_TUNNEL_ID, SECRET, SECRET_LEN, rv16, 16,
				     out, 16, &len), L2TP_E_HIDDEN_LENGTH);
	assert_int_equal(len, 0);
	/* too short to hold the Original Length; bad arguments; no room */
	assert_int_equal(l2tp_unhide(14, SECRET, SECRET_LEN, rv16, 16, out, 1, &len),
			 L2TP_E_HIDDEN_LENGTH);
	assert_int_equal(l2tp_unhide(14, SECRET, SECRET_LEN, NULL, 0, out, 16, &len),
			 L2TP_E_INVALID);
	assert_int_equal(l2tp_hide(14, SECRET, SECRET_LEN, rv16, 0, "ab", 2, 0, out, 64),
			 L2TP_E_INVALID);
	assert_int_equal(l2tp_hide(14, SECRET, SECRET_LEN, rv16, 16, "ab", 2, 0, out, 3),
			 L2TP_E_NOSPACE);
	assert_int_equal(l2tp_hide(14, SECRET, SECRET_LEN, rv16, 16, "ab", 2,
				   L2TP_AVP_VALUE_MAX, out, 64), L2TP_E_INVALID);
	/* every length round-trips, padded or not */
	for (len = 0; len < 40; len++) {
		uint8_t v[40], h[64];
		size_t back;
		int n;

		memset(v, (int)len, sizeof(v));
		n = l2tp_hide(7, "k", 1, "r", 1, v, len, len % 3, h, sizeof(h));
		assert_int_equal(n, 2 + len + len % 3);
		assert_int_equal(l2tp_unhide(7, "k", 1, "r", 1, h, (size_t)n, &back), L2TP_OK);
		assert_int_equal(back, len);
		assert_memory_equal(h + 2, v, len);
	}
}

/* The vectors above inside an ICRQ, as a peer would send them. */
static const uint8_t hidden_icrq[] = {
	HDR(109, 0x0102, 0, 0, 1),
	AVP(1, 8, 0), 0x00, 0x0a,
	AVP(1, 22, 36), 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
			0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0xc0, 22, 0x00, 0x00, 0x00, 14,		/* M, H: Assigned Session ID */
	0x5f, 0x48, 0xd5, 0xdc, 0x3d, 0x82, 0x88, 0xdd,
	0x20, 0x9c, 0x1a, 0x73, 0xcc, 0x6b, 0x00, 0xb5,
	AVP(1, 10, 15), 0x00, 0x00, 0x00, 0x09,
	0x40, 35, 0x00, 0x00, 0x00, 30,		/* H: Proxy Authen Name */
	0x46, 0xc0, 0xb9, 0x9c, 0x41, 0xea, 0xab, 0x23, 0x2b, 0xf6, 0xdc, 0xe0, 0x47, 0x40, 0x68,
	0xf7, 0x19, 0x4d, 0x8d, 0xe3, 0x49, 0xf5, 0x0f, 0x6b, 0x5d, 0x9d, 0x19, 0x99, 0x12,
};

static void test_hidden_in_message(void **state)
{
	uint8_t copy[sizeof(hidden_icrq)];
	struct l2tp_avp_iter it;
	struct l2tp_msg m;
	struct l2tp_avp a;
	const uint8_t *p;
	uint16_t u16;
	uint32_t u32;
	size_t len;

	(void)state;
	/* without the secret: the rest is there to read, and the buffer untouched */
	memcpy(copy, hidden_icrq, sizeof(copy));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(copy), NULL, 0, &m), L2TP_E_NO_SECRET);
	assert_memory_equal(copy, hidden_icrq, sizeof(copy));
	assert_int_equal(m.type, L2TP_ICRQ);
	assert_int_equal(l2tp_get_call_serial_number(&m, &u32), L2TP_OK);
	assert_int_equal(u32, 9);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &u16), L2TP_E_NO_SECRET);
	assert_true(l2tp_msg_has(&m, L2TP_AVP_ASSIGNED_SESSION_ID));
	assert_int_equal(m.nhidden, 0);
	l2tp_msg_iter_init(&it, &m);
	assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
	assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
	assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
	assert_true(a.encrypted);
	assert_int_equal(a.len, 16);

	/* with it */
	assert_int_equal(l2tp_msg_parse(copy, sizeof(copy), SECRET, SECRET_LEN, &m), L2TP_OK);
	assert_true(m.decrypted);
	assert_int_equal(m.nhidden, 2);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 0x1234);
	assert_int_equal(l2tp_get_proxy_authen_name(&m, &p, &len), L2TP_OK);
	assert_int_equal(len, 27);
	assert_memory_equal(p, NAME27, 27);
	l2tp_msg_iter_init(&it, &m);
	assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
	assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
	assert_int_equal(l2tp_avp_iter_next(&it, &a), 1);
	expect_avp(&a, M | H, 0, L2TP_AVP_ASSIGNED_SESSION_ID, "\x12\x34", 2);
	assert_false(a.encrypted);

	/* the wrong secret: the Original Length does not fit */
	memcpy(copy, hidden_icrq, sizeof(copy));
	assert_int_equal(l2tp_msg_parse(copy, sizeof(copy), "wrong", 5, &m),
			 L2TP_E_HIDDEN_LENGTH);
	assert_int_equal(m.err_type, L2TP_AVP_ASSIGNED_SESSION_ID);
	assert_int_equal(l2tp_msg_error_code(L2TP_E_HIDDEN_LENGTH), L2TP_ERR_LENGTH);
}

static void test_hidden_rules(void **state)
{
	struct l2tp_build b;
	struct l2tp_msg m;
	uint8_t copy[256];
	const uint8_t *p;
	size_t len, n, vlen;
	uint16_t u16;
	int k;

	(void)state;
	/* no Random Vector before it: refused with M=1, skipped with M=0 */
	memcpy(copy, hidden_icrq, sizeof(hidden_icrq));
	memmove(copy + 20, copy + 42, sizeof(hidden_icrq) - 42);	/* drop the RV */
	n = sizeof(hidden_icrq) - 22;
	copy[3] = (uint8_t)n;
	assert_int_equal(l2tp_msg_parse(copy, n, SECRET, SECRET_LEN, &m),
			 L2TP_E_HIDDEN_NO_VECTOR);
	assert_int_equal(m.err_type, L2TP_AVP_ASSIGNED_SESSION_ID);
	assert_int_equal(l2tp_msg_parse(copy, n, NULL, 0, &m),	/* no secret would help */
			 L2TP_E_HIDDEN_NO_VECTOR);
	copy[20] &= 0x7f;
	assert_int_equal(l2tp_msg_parse(copy, n, SECRET, SECRET_LEN, &m),
			 L2TP_E_HIDDEN_NO_VECTOR);	/* skipped, so missing: said why */
	assert_int_equal(m.nignored, 2);

	/*
	 * Without the secret a hidden AVP is not judged, nor taken for a repeat of a clear one;
	 * with it, this one (hidden with another secret, M=0) turns out unreadable and is
	 * skipped, and the clear value stands.
	 */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 2, 0, 0, L2TP_ICRP);
	l2tp_build_secret(&b, "other", 5);
	l2tp_put_bytes(&b, M, L2TP_AVP_RANDOM_VECTOR, rv16, 16);
	l2tp_put_u16(&b, H, L2TP_AVP_ASSIGNED_SESSION_ID, 5);
	l2tp_put_u16(&b, M, L2TP_AVP_ASSIGNED_SESSION_ID, 6);
	k = l2tp_build_finish(&b);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)k, NULL, 0, &m), L2TP_E_NO_SECRET);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 6);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)k, SECRET, SECRET_LEN, &m), L2TP_OK);
	assert_int_equal(m.nignored, 1);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 6);

	/* a hidden Random Vector is no key at all */
	memcpy(copy, hidden_icrq, sizeof(hidden_icrq));
	copy[20] |= 0x40;
	assert_int_equal(l2tp_msg_parse(copy, sizeof(hidden_icrq), SECRET, SECRET_LEN, &m),
			 L2TP_E_HIDDEN_NOT_ALLOWED);

	/* the most recent Random Vector counts */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 2, 0, 0, L2TP_ICRQ);
	l2tp_build_secret(&b, SECRET, SECRET_LEN);
	l2tp_put_bytes(&b, M, L2TP_AVP_RANDOM_VECTOR, "first", 5);
	l2tp_put_u16(&b, M | H, L2TP_AVP_ASSIGNED_SESSION_ID, 0x4242);
	l2tp_put_bytes(&b, M, L2TP_AVP_RANDOM_VECTOR, "second", 6);
	l2tp_put_u32(&b, M | H, L2TP_AVP_CALL_SERIAL_NUMBER, 77);
	k = l2tp_build_finish(&b);
	assert_int_equal(k, 12 + 8 + 11 + 22 + 12 + 22);	/* each hidden: 16 bytes */
	memcpy(copy, buf, (size_t)k);
	/* by hand: the serial number is hidden with "second", not "first" */
	assert_int_equal(copy[65 + 5], L2TP_AVP_CALL_SERIAL_NUMBER);
	assert_int_equal(l2tp_unhide(L2TP_AVP_CALL_SERIAL_NUMBER, SECRET, SECRET_LEN, "second", 6,
				     copy + 65 + 6, 16, &vlen), L2TP_OK);
	assert_int_equal(vlen, 4);
	assert_memory_equal(copy + 65 + 8, "\0\0\0\x4d", 4);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)k, SECRET, SECRET_LEN, &m), L2TP_OK);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &u16), L2TP_OK);
	assert_int_equal(u16, 0x4242);
	assert_int_equal(l2tp_get_call_serial_number(&m, &(uint32_t){ 0 }), L2TP_OK);
	assert_int_equal(l2tp_get_random_vector(&m, &p, &len), L2TP_OK);
	assert_memory_equal(p, "second", 6);

	/* the builder's checks */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 2, 0, 0, L2TP_ICRQ);
	assert_int_equal(l2tp_put_u16(&b, M | H, L2TP_AVP_ASSIGNED_SESSION_ID, 1),
			 L2TP_E_INVALID);		/* no secret */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 2, 0, 0, L2TP_ICRQ);
	l2tp_build_secret(&b, SECRET, SECRET_LEN);
	assert_int_equal(l2tp_put_u16(&b, M | H, L2TP_AVP_ASSIGNED_SESSION_ID, 1),
			 L2TP_E_HIDDEN_NO_VECTOR);
	l2tp_build_start(&b, buf, sizeof(buf), 1, 2, 0, 0, L2TP_ICRQ);
	l2tp_build_secret(&b, SECRET, SECRET_LEN);
	assert_int_equal(l2tp_put_bytes(&b, M | H, L2TP_AVP_RANDOM_VECTOR, "x", 1),
			 L2TP_E_HIDDEN_NOT_ALLOWED);
	/* padding: to 16, or as far as an AVP reaches */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 2, 0, 0, L2TP_HELLO);
	l2tp_build_secret(&b, SECRET, SECRET_LEN);
	l2tp_put_bytes(&b, M, L2TP_AVP_RANDOM_VECTOR, rv16, 16);
	{
		static uint8_t big[L2TP_HIDDEN_VALUE_MAX + 1];

		memset(big, 'p', sizeof(big));
		assert_int_equal(l2tp_put_bytes(&b, H, L2TP_AVP_PROXY_AUTHEN_NAME, big, 1010),
				 L2TP_OK);
		assert_int_equal(buf[42] & 3, 3);	/* 6 + 2 + 1010 + 5: 1023 */
		assert_int_equal(buf[43], 0xff);
		assert_int_equal(l2tp_put_bytes(&b, H, L2TP_AVP_PROXY_AUTHEN_NAME, big,
						L2TP_HIDDEN_VALUE_MAX + 1), L2TP_E_INVALID);
	}
}

/* Section 5.1.1: MD5(type, secret, challenge); vectors from Python's hashlib:
 * md5(b"\x02" + b"tunnel-secret" + bytes(range(0xf0, 0x100))) and the same with b"\x03". */
static void test_challenge_response(void **state)
{
	static const uint8_t r2[16] = {
		0xf2, 0xd1, 0xfd, 0x3f, 0xa5, 0xa9, 0x62, 0x81,
		0xab, 0xb1, 0xf5, 0x81, 0x3e, 0xbf, 0x2e, 0xa4,
	};
	static const uint8_t r3[16] = {
		0xce, 0xbd, 0x14, 0xb2, 0x0a, 0x7b, 0x57, 0x13,
		0x46, 0x49, 0xa7, 0x18, 0xfc, 0x8a, 0x04, 0x6f,
	};
	uint8_t out[16];

	(void)state;
	assert_int_equal(l2tp_challenge_response(L2TP_SCCRP, SECRET, SECRET_LEN, CHAL16, 16, out),
			 L2TP_OK);
	assert_memory_equal(out, r2, 16);
	assert_int_equal(l2tp_challenge_response(L2TP_SCCCN, SECRET, SECRET_LEN, CHAL16, 16, out),
			 L2TP_OK);
	assert_memory_equal(out, r3, 16);
	assert_int_equal(l2tp_challenge_verify(L2TP_SCCRP, SECRET, SECRET_LEN, CHAL16, 16, r2, 16),
			 L2TP_OK);
	assert_int_equal(l2tp_challenge_verify(L2TP_SCCCN, SECRET, SECRET_LEN, CHAL16, 16, r2, 16),
			 L2TP_E_AUTH);
	assert_int_equal(l2tp_challenge_verify(L2TP_SCCRP, "other", 5, CHAL16, 16, r2, 16),
			 L2TP_E_AUTH);
	assert_int_equal(l2tp_challenge_verify(L2TP_SCCRP, SECRET, SECRET_LEN, CHAL16, 16, r2, 15),
			 L2TP_E_AUTH);
	assert_int_equal(l2tp_challenge_verify(L2TP_SCCRP, SECRET, SECRET_LEN, CHAL16, 16, NULL, 16),
			 L2TP_E_AUTH);
	assert_int_equal(l2tp_challenge_response(L2TP_SCCRP, SECRET, SECRET_LEN, NULL, 0, out),
			 L2TP_E_INVALID);
}

/* ---- the builder's bounds ---- */

static void test_builder_bounds(void **state)
{
	uint8_t small[64 + 8];
	struct l2tp_build b;
	struct l2tp_msg m;
	size_t cap;
	int n, want;

	(void)state;
	want = build_sample(L2TP_SCCRQ);
	/* every capacity short of the message: NOSPACE, and not a byte past cap */
	for (cap = 0; cap < (size_t)want && cap < 64; cap++) {
		const struct sample *s = find_sample(L2TP_SCCRQ);

		memset(small, 0xee, sizeof(small));
		assert_int_equal(build_items(s, small, cap, -1), L2TP_E_NOSPACE);
		for (n = (int)cap; n < (int)sizeof(small); n++)
			assert_int_equal(small[n], 0xee);
	}
	/* sticky: after a failure nothing more is written, and finish says why */
	l2tp_build_start(&b, buf, 30, 1, 0, 0, 0, L2TP_HELLO);
	assert_int_equal(l2tp_put_string(&b, M, L2TP_AVP_HOST_NAME, "far too long a name"),
			 L2TP_E_NOSPACE);
	assert_int_equal(l2tp_put_u16(&b, 0, L2TP_AVP_FIRMWARE_REVISION, 1), L2TP_E_NOSPACE);
	assert_int_equal(l2tp_build_finish(&b), L2TP_E_NOSPACE);

	/* misuse */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_HELLO);
	assert_int_equal(l2tp_put_u16(&b, M, L2TP_AVP_MESSAGE_TYPE, 6), L2TP_E_INVALID);
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_HELLO);
	assert_int_equal(l2tp_put_u16(&b, 0x2000, L2TP_AVP_FIRMWARE_REVISION, 1), L2TP_E_INVALID);
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, 0x10000);
	assert_int_equal(l2tp_build_finish(&b), L2TP_E_INVALID);
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_CDN);
	assert_int_equal(l2tp_put_result(&b, M, &(struct l2tp_result){ .result = 1,
			 .msg = (const uint8_t *)"x", .msg_len = 1 }), L2TP_E_INVALID);
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_CDN);
	assert_int_equal(l2tp_put_string(&b, M, L2TP_AVP_HOST_NAME, NULL), L2TP_E_INVALID);

	/* others' AVPs and unknown IETF ones go out as given */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_HELLO);
	assert_int_equal(l2tp_put(&b, 0, 311, 1, "\1\2\3", 3), L2TP_OK);
	assert_int_equal(l2tp_put(&b, 0, 0, 20, "", 0), L2TP_OK);
	n = l2tp_build_finish(&b);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
	assert_int_equal(m.nignored, 2);

	/* Result Code in its three sizes, Q.931 without advisory text */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_CDN);
	l2tp_put_result(&b, M, &(struct l2tp_result){ .result = 3 });
	l2tp_put_u16(&b, M, L2TP_AVP_ASSIGNED_SESSION_ID, 4);
	l2tp_put_q931(&b, M, &(struct l2tp_q931){ .cause = 16, .msg = 1 });
	n = l2tp_build_finish(&b);
	assert_int_equal(n, 20 + 8 + 8 + 9);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
	{
		struct l2tp_result r;
		struct l2tp_q931 q;

		assert_int_equal(l2tp_get_result(&m, &r), L2TP_OK);
		assert_int_equal(r.result, 3);
		assert_false(r.has_error);
		assert_null(r.msg);
		assert_int_equal(l2tp_get_q931(&m, &q), L2TP_OK);
		assert_null(q.advisory);
	}
	l2tp_build_start(&b, buf, sizeof(buf), 1, 0, 0, 0, L2TP_CDN);
	l2tp_put_result(&b, M, &(struct l2tp_result){ .result = 2, .error = 6, .has_error = true });
	l2tp_put_u16(&b, M, L2TP_AVP_ASSIGNED_SESSION_ID, 4);
	n = l2tp_build_finish(&b);
	assert_int_equal(n, 20 + 10 + 8);

	/* the typed puts produce what the getters read */
	l2tp_build_start(&b, buf, sizeof(buf), 1, 9, 0, 0, L2TP_ICCN);
	l2tp_put_u32(&b, M, L2TP_AVP_TX_CONNECT_SPEED, 1);
	l2tp_put_u32(&b, M, L2TP_AVP_FRAMING_TYPE, 2);
	l2tp_put_proxy_authen_id(&b, 0, 0x5a);
	l2tp_put_u64(&b, 0, L2TP_AVP_TIE_BREAKER, 0xfedcba9876543210ULL);
	n = l2tp_build_finish(&b);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
	{
		uint64_t u64;
		uint8_t id;

		assert_int_equal(l2tp_get_proxy_authen_id(&m, &id), L2TP_OK);
		assert_int_equal(id, 0x5a);
		assert_int_equal(l2tp_get_tie_breaker(&m, &u64), L2TP_OK);
		assert_true(u64 == 0xfedcba9876543210ULL);
	}
	l2tp_build_start(&b, buf, sizeof(buf), 1, 9, 0, 0, L2TP_WEN);
	l2tp_put_call_errors(&b, M, &(struct l2tp_call_errors){ 1, 2, 3, 4, 5, 6 });
	n = l2tp_build_finish(&b);
	assert_int_equal(n, 20 + 32);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
	l2tp_build_start(&b, buf, sizeof(buf), 1, 9, 0, 0, L2TP_SLI);
	l2tp_put_accm(&b, M, 0, 0xffffffff);
	n = l2tp_build_finish(&b);
	assert_int_equal(n, 20 + 16);
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_OK);
}

/* A refused message offers nothing to read. */
static void test_refused_is_opaque(void **state)
{
	struct l2tp_avp_iter it;
	struct l2tp_msg m;
	struct l2tp_avp a;
	uint16_t u16;
	int n;

	(void)state;
	n = build_items(find_sample(L2TP_ICRQ), buf, sizeof(buf), 1);	/* no serial number */
	assert_int_equal(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m), L2TP_E_AVP_MISSING);
	assert_int_equal(l2tp_get_assigned_session_id(&m, &u16), L2TP_E_INVALID);
	assert_false(l2tp_msg_has(&m, L2TP_AVP_ASSIGNED_SESSION_ID));
	l2tp_msg_iter_init(&it, &m);
	assert_int_equal(l2tp_avp_iter_next(&it, &a), L2TP_E_INVALID);
}

static void test_error_codes(void **state)
{
	(void)state;
	assert_int_equal(l2tp_msg_error_code(L2TP_OK), L2TP_ERR_NONE);
	assert_int_equal(l2tp_msg_error_code(L2TP_E_AVP_LENGTH), L2TP_ERR_LENGTH);
	assert_int_equal(l2tp_msg_error_code(L2TP_E_AVP_SIZE), L2TP_ERR_LENGTH);
	assert_int_equal(l2tp_msg_error_code(L2TP_E_AVP_VALUE), L2TP_ERR_BAD_VALUE);
	assert_int_equal(l2tp_msg_error_code(L2TP_E_AVP_UNKNOWN), L2TP_ERR_UNKNOWN_M);
	assert_int_equal(l2tp_msg_error_code(L2TP_E_MSG_TYPE_MANDATORY), L2TP_ERR_UNKNOWN_M);
	assert_int_equal(l2tp_msg_error_code(L2TP_E_AVP_MISSING), L2TP_ERR_VENDOR);
	assert_int_equal(l2tp_msg_error_code(42), L2TP_ERR_VENDOR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_string_with_nul),
		cmocka_unit_test(test_xl2tpd_sccrq),
		cmocka_unit_test(test_xl2tpd_calls),
		cmocka_unit_test(test_zlb),
		cmocka_unit_test(test_control_headers),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_data_headers),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_avp_lengths),
		cmocka_unit_test(test_avp_max),
		cmocka_unit_test(test_message_type),
		cmocka_unit_test(test_unknown_message_types),
		cmocka_unit_test(test_unknown_avps),
		cmocka_unit_test(test_missing_mandatory),
		cmocka_unit_test(test_malformed_values),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_hidden_vectors),
		cmocka_unit_test(test_hidden_in_message),
		cmocka_unit_test(test_hidden_rules),
		cmocka_unit_test(test_challenge_response),
		cmocka_unit_test(test_builder_bounds),
		cmocka_unit_test(test_refused_is_opaque),
		cmocka_unit_test(test_error_codes),
	};

	return cmocka_run_group_tests_name("l2tp_msg", tests, NULL, NULL);
}
