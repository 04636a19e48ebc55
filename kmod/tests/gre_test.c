// SPDX-License-Identifier: GPL-2.0
/* KUnit: PPTP enhanced GRE header parsing and building (gre.c). */
#include <kunit/test.h>
#include "../gre.h"

struct gre_parse_case {
	const char *name;
	u8 pkt[24];
	unsigned int len;
	enum sluice_gre_verdict verdict;
	struct sluice_gre_hdr want;	/* checked when verdict is SLUICE_GRE_OK */
};

static const struct gre_parse_case parse_cases[] = {
	{ "data with seq and ack",
	  { 0x30, 0x81, 0x88, 0x0b, 0x00, 0x04, 0x12, 0x34, 0, 0, 0, 7, 0, 0, 0, 5, 1, 2, 3, 4 },
	  20, SLUICE_GRE_OK,
	  { .payload_len = 4, .call_id = 0x1234, .seq = 7, .ack = 5,
	    .has_seq = true, .has_ack = true, .hdr_len = 16 } },
	{ "data with seq only",
	  { 0x30, 0x01, 0x88, 0x0b, 0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xbb },
	  14, SLUICE_GRE_OK,
	  { .payload_len = 2, .call_id = 0xffff, .seq = 0xffffffff,
	    .has_seq = true, .hdr_len = 12 } },
	{ "ack only",
	  { 0x20, 0x81, 0x88, 0x0b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00 },
	  12, SLUICE_GRE_OK,
	  { .call_id = 1, .ack = 256, .has_ack = true, .hdr_len = 12 } },
	{ "trailing padding accepted",
	  { 0x30, 0x01, 0x88, 0x0b, 0x00, 0x01, 0x00, 0x09, 0, 0, 0, 1, 0x21, 0, 0, 0 },
	  16, SLUICE_GRE_OK,
	  { .payload_len = 1, .call_id = 9, .seq = 1, .has_seq = true, .hdr_len = 12 } },
	{ "empty", { 0 }, 0, SLUICE_GRE_TRUNCATED },
	{ "shorter than base header", { 0x30, 0x81, 0x88, 0x0b, 0, 4, 0 }, 7,
	  SLUICE_GRE_TRUNCATED },
	{ "seq announced but missing", { 0x30, 0x01, 0x88, 0x0b, 0, 4, 0, 1, 0, 0 }, 10,
	  SLUICE_GRE_TRUNCATED },
	{ "ack announced but missing", { 0x30, 0x81, 0x88, 0x0b, 0, 4, 0, 1, 0, 0, 0, 1 }, 12,
	  SLUICE_GRE_TRUNCATED },
	{ "version 0 (plain GRE)", { 0x20, 0x00, 0x88, 0x0b, 0, 0, 0, 1 }, 8,
	  SLUICE_GRE_BAD_VERSION },
	{ "version 2", { 0x20, 0x02, 0x88, 0x0b, 0, 0, 0, 1 }, 8, SLUICE_GRE_BAD_VERSION },
	{ "checksum bit", { 0xa0, 0x81, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 0 }, 12,
	  SLUICE_GRE_BAD_FLAGS },
	{ "routing bit", { 0x60, 0x81, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 0 }, 12,
	  SLUICE_GRE_BAD_FLAGS },
	{ "no key bit", { 0x00, 0x81, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 0 }, 12,
	  SLUICE_GRE_BAD_FLAGS },
	{ "strict source route bit", { 0x28, 0x81, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 0 }, 12,
	  SLUICE_GRE_BAD_FLAGS },
	{ "recursion control", { 0x21, 0x81, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 0 }, 12,
	  SLUICE_GRE_BAD_FLAGS },
	{ "reserved flags", { 0x20, 0x89, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 0 }, 12,
	  SLUICE_GRE_BAD_FLAGS },
	{ "IPv4 protocol type", { 0x30, 0x01, 0x08, 0x00, 0, 1, 0, 1, 0, 0, 0, 1, 0x45 }, 13,
	  SLUICE_GRE_BAD_PROTO },
	{ "payload longer than packet",
	  { 0x30, 0x01, 0x88, 0x0b, 0x00, 0x05, 0, 1, 0, 0, 0, 1, 1, 2, 3, 4 }, 16,
	  SLUICE_GRE_BAD_LENGTH },
	{ "maximal payload length", { 0x30, 0x01, 0x88, 0x0b, 0xff, 0xff, 0, 1, 0, 0, 0, 1 }, 12,
	  SLUICE_GRE_BAD_LENGTH },
	{ "seq without payload", { 0x30, 0x01, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 1 }, 12,
	  SLUICE_GRE_BAD_LENGTH },
	{ "payload without seq", { 0x20, 0x01, 0x88, 0x0b, 0, 1, 0, 1, 0x21 }, 9,
	  SLUICE_GRE_BAD_LENGTH },
};

static void parse_case_desc(const struct gre_parse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gre_parse, parse_cases, parse_case_desc);

static void gre_parse_test(struct kunit *test)
{
	const struct gre_parse_case *c = test->param_value;
	struct sluice_gre_hdr h;

	KUNIT_ASSERT_EQ(test, sluice_gre_parse(c->pkt, c->len, &h), c->verdict);
	if (c->verdict != SLUICE_GRE_OK)
		return;
	KUNIT_EXPECT_EQ(test, h.payload_len, c->want.payload_len);
	KUNIT_EXPECT_EQ(test, h.call_id, c->want.call_id);
	KUNIT_EXPECT_EQ(test, h.has_seq, c->want.has_seq);
	KUNIT_EXPECT_EQ(test, h.has_ack, c->want.has_ack);
	KUNIT_EXPECT_EQ(test, h.seq, c->want.seq);
	KUNIT_EXPECT_EQ(test, h.ack, c->want.ack);
	KUNIT_EXPECT_EQ(test, h.hdr_len, c->want.hdr_len);
}

/* Every header the builder writes parses back to what was asked for. */
static void gre_build_round_trip_test(struct kunit *test)
{
	static const u16 lens[] = { 0, 1, 1500 };
	struct sluice_gre_hdr in, out;
	unsigned int i, s, a, n;
	u8 *buf;

	buf = kunit_kzalloc(test, SLUICE_GRE_HDR_MAX + 1500, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		for (a = 0; a < 2; a++) {
			s = lens[i] != 0;
			in = (struct sluice_gre_hdr){ .payload_len = lens[i], .call_id = 0xbeef,
				.seq = 0xfffffffe, .ack = 3, .has_seq = s, .has_ack = a };
			if (!s && !a)
				continue;	/* neither data nor ack: never sent */
			n = sluice_gre_build(buf, &in);
			KUNIT_EXPECT_EQ(test, n, SLUICE_GRE_HDR_MIN + 4 * s + 4 * a);
			KUNIT_ASSERT_EQ(test, sluice_gre_parse(buf, n + lens[i], &out),
					SLUICE_GRE_OK);
			KUNIT_EXPECT_EQ(test, out.hdr_len, n);
			KUNIT_EXPECT_EQ(test, out.payload_len, in.payload_len);
			KUNIT_EXPECT_EQ(test, out.call_id, in.call_id);
			KUNIT_EXPECT_EQ(test, out.seq, s ? in.seq : 0);
			KUNIT_EXPECT_EQ(test, out.ack, a ? in.ack : 0);
		}
	}
}

/* Every prefix of a valid packet is refused without reading past its end (KASAN watches). */
static void gre_parse_every_prefix_test(struct kunit *test)
{
	static const u8 pkt[] = { 0x30, 0x81, 0x88, 0x0b, 0x00, 0x02, 0x00, 0x01,
				  0, 0, 0, 1, 0, 0, 0, 1, 0xff, 0x03 };
	struct sluice_gre_hdr h;
	unsigned int len;
	u8 *copy;

	for (len = 0; len < sizeof(pkt); len++) {
		/* an exact-size heap copy, so any over-read is caught */
		copy = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, copy);
		memcpy(copy, pkt, len);
		KUNIT_EXPECT_NE(test, sluice_gre_parse(copy, len, &h), SLUICE_GRE_OK);
	}
	KUNIT_EXPECT_EQ(test, sluice_gre_parse(pkt, sizeof(pkt), &h), SLUICE_GRE_OK);
}

static struct kunit_case gre_test_cases[] = {
	KUNIT_CASE_PARAM(gre_parse_test, gre_parse_gen_params),
	KUNIT_CASE(gre_build_round_trip_test),
	KUNIT_CASE(gre_parse_every_prefix_test),
	{}
};

static struct kunit_suite gre_test_suite = {
	.name = "sluice_gre",
	.test_cases = gre_test_cases,
};

kunit_test_suite(gre_test_suite);
