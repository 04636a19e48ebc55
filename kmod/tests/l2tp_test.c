// SPDX-License-Identifier: GPL-2.0
/* KUnit: the L2TPv2 data header (l2tp_hdr.c): every flag combination, every refusal. */
#include <kunit/test.h>
#include "../l2tp_hdr.h"

struct l2tp_parse_case {
	const char *name;
	u8 pkt[24];
	unsigned int len;
	enum sluice_l2tp_verdict verdict;
	struct sluice_l2tp_hdr want;	/* checked when verdict is SLUICE_L2TP_DATA */
};

static const struct l2tp_parse_case parse_cases[] = {
	{ "plain: ids only (what xl2tpd's kernel mode sends)",
	  { 0x00, 0x02, 0x12, 0x34, 0x56, 0x78, 0xff, 0x03, 0xc0, 0x21 }, 10, SLUICE_L2TP_DATA,
	  { .tunnel_id = 0x1234, .session_id = 0x5678, .hdr_len = 6, .msg_len = 10 } },
	{ "length",
	  { 0x40, 0x02, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x02, 0x00, 0x21 }, 10, SLUICE_L2TP_DATA,
	  { .tunnel_id = 1, .session_id = 2, .length = 10, .has_len = true, .hdr_len = 8,
	    .msg_len = 10 } },
	{ "length shorter than the datagram: trailing bytes cut",
	  { 0x40, 0x02, 0x00, 0x09, 0x00, 0x01, 0x00, 0x02, 0x21, 0xee, 0xee }, 11,
	  SLUICE_L2TP_DATA,
	  { .tunnel_id = 1, .session_id = 2, .length = 9, .has_len = true, .hdr_len = 8,
	    .msg_len = 9 } },
	{ "sequence numbers",
	  { 0x08, 0x02, 0x00, 0x03, 0x00, 0x04, 0xff, 0xff, 0x00, 0x07, 0x21 }, 11,
	  SLUICE_L2TP_DATA,
	  { .tunnel_id = 3, .session_id = 4, .ns = 0xffff, .nr = 7, .has_seq = true,
	    .hdr_len = 10, .msg_len = 11 } },
	{ "offset with two bytes of padding",
	  { 0x02, 0x02, 0x00, 0x05, 0x00, 0x06, 0x00, 0x02, 0xaa, 0xbb, 0x21 }, 11,
	  SLUICE_L2TP_DATA,
	  { .tunnel_id = 5, .session_id = 6, .hdr_len = 10, .msg_len = 11 } },
	{ "everything: L, S, O, P and reserved bits (ignored)",
	  { 0x4b, 0x32, 0x00, 0x11, 0x00, 0x07, 0x00, 0x08, 0x00, 0x01, 0x00, 0x02, 0x00, 0x01,
	    0x00, 0x21, 0x45 }, 17, SLUICE_L2TP_DATA,
	  { .tunnel_id = 7, .session_id = 8, .ns = 1, .nr = 2, .length = 17, .has_len = true,
	    .has_seq = true, .hdr_len = 15, .msg_len = 17 } },
	{ "offset zero", { 0x02, 0x02, 0, 1, 0, 1, 0, 0 }, 8, SLUICE_L2TP_DATA,
	  { .tunnel_id = 1, .session_id = 1, .hdr_len = 8, .msg_len = 8 } },
	{ "empty payload", { 0x00, 0x02, 0, 1, 0, 1 }, 6, SLUICE_L2TP_DATA,
	  { .tunnel_id = 1, .session_id = 1, .hdr_len = 6, .msg_len = 6 } },
	{ "control message (SCCRQ header)",
	  { 0xc8, 0x02, 0x00, 0x14, 0, 0, 0, 0, 0, 0, 0, 0 }, 12, SLUICE_L2TP_CONTROL },
	{ "control bit alone", { 0x80, 0x02 }, 2, SLUICE_L2TP_CONTROL },
	{ "empty", { 0 }, 0, SLUICE_L2TP_TRUNCATED },
	{ "one byte", { 0x00 }, 1, SLUICE_L2TP_TRUNCATED },
	{ "ids cut", { 0x00, 0x02, 0x00, 0x01, 0x00 }, 5, SLUICE_L2TP_TRUNCATED },
	{ "length announced, ids cut", { 0x40, 0x02, 0x00, 0x06, 0, 1, 0 }, 7,
	  SLUICE_L2TP_TRUNCATED },
	{ "sequence announced but missing", { 0x08, 0x02, 0, 1, 0, 1, 0, 0, 0 }, 9,
	  SLUICE_L2TP_TRUNCATED },
	{ "offset announced but missing", { 0x02, 0x02, 0, 1, 0, 1, 0 }, 7,
	  SLUICE_L2TP_TRUNCATED },
	{ "version 1 (L2F)", { 0x00, 0x01, 0, 1, 0, 1 }, 6, SLUICE_L2TP_BAD_VERSION },
	{ "version 3 (L2TPv3)", { 0x00, 0x03, 0, 1, 0, 1 }, 6, SLUICE_L2TP_BAD_VERSION },
	{ "version 3 control", { 0xc8, 0x03, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0 }, 12,
	  SLUICE_L2TP_BAD_VERSION },
	{ "length past the datagram", { 0x40, 0x02, 0x00, 0x0b, 0, 1, 0, 1, 0x21, 0x45 }, 10,
	  SLUICE_L2TP_BAD_LENGTH },
	{ "length inside the header", { 0x40, 0x02, 0x00, 0x07, 0, 1, 0, 1, 0x21 }, 9,
	  SLUICE_L2TP_BAD_LENGTH },
	{ "length zero", { 0x40, 0x02, 0x00, 0x00, 0, 1, 0, 1 }, 8, SLUICE_L2TP_BAD_LENGTH },
	{ "offset past the datagram", { 0x02, 0x02, 0, 1, 0, 1, 0x00, 0x03, 0xaa, 0xbb }, 10,
	  SLUICE_L2TP_BAD_OFFSET },
	{ "offset past the length", { 0x42, 0x02, 0x00, 0x0b, 0, 1, 0, 1, 0x00, 0x02, 0xaa, 0xbb },
	  12, SLUICE_L2TP_BAD_OFFSET },
	{ "largest offset", { 0x02, 0x02, 0, 1, 0, 1, 0xff, 0xff }, 8, SLUICE_L2TP_BAD_OFFSET },
};

static void case_to_desc(const struct l2tp_parse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(l2tp_parse, parse_cases, case_to_desc);

static void l2tp_parse_test(struct kunit *test)
{
	const struct l2tp_parse_case *c = test->param_value;
	struct sluice_l2tp_hdr h;

	memset(&h, 0x5a, sizeof(h));
	KUNIT_ASSERT_EQ(test, sluice_l2tp_parse(c->pkt, c->len, &h), c->verdict);
	if (c->verdict != SLUICE_L2TP_DATA)
		return;
	KUNIT_EXPECT_EQ(test, h.tunnel_id, c->want.tunnel_id);
	KUNIT_EXPECT_EQ(test, h.session_id, c->want.session_id);
	KUNIT_EXPECT_EQ(test, h.has_len, c->want.has_len);
	KUNIT_EXPECT_EQ(test, h.has_seq, c->want.has_seq);
	KUNIT_EXPECT_EQ(test, h.length, c->want.length);
	KUNIT_EXPECT_EQ(test, h.ns, c->want.ns);
	KUNIT_EXPECT_EQ(test, h.nr, c->want.nr);
	KUNIT_EXPECT_EQ(test, h.hdr_len, c->want.hdr_len);
	KUNIT_EXPECT_EQ(test, h.msg_len, c->want.msg_len);
	KUNIT_EXPECT_LE(test, h.hdr_len, h.msg_len);
	KUNIT_EXPECT_LE(test, (unsigned int)h.msg_len, c->len);
}

/* Every prefix of a full header is refused (or, once complete, parsed) without reading past it. */
static void l2tp_every_truncation_test(struct kunit *test)
{
	static const u8 full[] = { 0x4a, 0x02, 0x00, 0x10, 0x00, 0x07, 0x00, 0x08, 0x00, 0x01,
				   0x00, 0x02, 0x00, 0x01, 0xaa, 0x21 };
	struct sluice_l2tp_hdr h;
	unsigned int n;
	u8 *buf;

	for (n = 0; n < sizeof(full); n++) {
		/* a heap copy of exactly n bytes: KASAN catches any read past it */
		buf = kunit_kmalloc(test, n ? n : 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		memcpy(buf, full, n);
		KUNIT_EXPECT_NE_MSG(test, sluice_l2tp_parse(buf, n, &h), SLUICE_L2TP_DATA,
				    "prefix of %u bytes accepted", n);
	}
	KUNIT_EXPECT_EQ(test, sluice_l2tp_parse(full, sizeof(full), &h), SLUICE_L2TP_DATA);
	KUNIT_EXPECT_EQ(test, h.hdr_len, 15);
}

static void l2tp_build_round_trip_test(struct kunit *test)
{
	static const struct sluice_l2tp_hdr shapes[] = {
		{ .tunnel_id = 1, .session_id = 2 },
		{ .tunnel_id = 0xffff, .session_id = 0xfffe, .has_seq = true, .ns = 9, .nr = 0xffff },
		{ .tunnel_id = 3, .session_id = 4, .has_len = true },
		{ .tunnel_id = 5, .session_id = 6, .has_len = true, .has_seq = true, .ns = 1, .nr = 1 },
	};
	u8 buf[SLUICE_L2TP_HDR_MAX + 4];
	unsigned int i, n;

	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		struct sluice_l2tp_hdr in = shapes[i], out;

		in.length = sluice_l2tp_hdr_len(&in) + 4;
		memset(buf, 0x21, sizeof(buf));
		n = sluice_l2tp_build(buf, &in);
		KUNIT_ASSERT_EQ(test, n, sluice_l2tp_hdr_len(&in));
		KUNIT_ASSERT_EQ(test, sluice_l2tp_parse(buf, n + 4, &out), SLUICE_L2TP_DATA);
		KUNIT_EXPECT_EQ(test, out.tunnel_id, in.tunnel_id);
		KUNIT_EXPECT_EQ(test, out.session_id, in.session_id);
		KUNIT_EXPECT_EQ(test, out.has_seq, in.has_seq);
		KUNIT_EXPECT_EQ(test, out.has_len, in.has_len);
		KUNIT_EXPECT_EQ(test, out.ns, in.ns);
		KUNIT_EXPECT_EQ(test, out.nr, in.nr);
		KUNIT_EXPECT_EQ(test, out.hdr_len, n);
		KUNIT_EXPECT_EQ(test, out.msg_len, n + 4);
	}
}

static struct kunit_case l2tp_test_cases[] = {
	KUNIT_CASE_PARAM(l2tp_parse_test, l2tp_parse_gen_params),
	KUNIT_CASE(l2tp_every_truncation_test),
	KUNIT_CASE(l2tp_build_round_trip_test),
	{}
};

static struct kunit_suite l2tp_test_suite = {
	.name = "sluice-l2tp",
	.test_cases = l2tp_test_cases,
};
kunit_test_suite(l2tp_test_suite);
