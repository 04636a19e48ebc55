// SPDX-License-Identifier: GPL-2.0
/* KUnit: PPP header parsing and building with ACFC and PFC (ppp.c). */
#include <kunit/test.h>
#include "../ppp.h"
#include "../uapi/sluice.h"

struct parse_case {
	const char *name;
	u8 in[6];
	unsigned int len;
	int hdr_len;		/* or -EINVAL */
	u16 proto;
};

static const struct parse_case parse_cases[] = {
	{ "full IPv4", { 0xff, 0x03, 0x00, 0x21, 0x45 }, 5, 4, SLUICE_PPP_IP },
	{ "ACFC IPv4", { 0x00, 0x21, 0x45 }, 3, 2, SLUICE_PPP_IP },
	{ "PFC IPv4", { 0xff, 0x03, 0x21, 0x45 }, 4, 3, SLUICE_PPP_IP },
	{ "ACFC+PFC IPv6", { 0x57, 0x60 }, 2, 1, SLUICE_PPP_IPV6 },
	{ "LCP", { 0xff, 0x03, 0xc0, 0x21, 0x01 }, 5, 4, SLUICE_PPP_LCP },
	{ "CCP without address", { 0x80, 0xfd, 0x0e }, 3, 2, SLUICE_PPP_CCP },
	{ "MPPE datagram PFC", { 0xfd, 0x90, 0x00 }, 3, 1, SLUICE_PPP_COMP },
	{ "header only", { 0x00, 0x21 }, 2, 2, SLUICE_PPP_IP },
	{ "empty", { 0 }, 0, -EINVAL },
	{ "address/control only", { 0xff, 0x03 }, 2, -EINVAL },
	{ "half a protocol", { 0xff, 0x03, 0x00 }, 3, -EINVAL },
	{ "even protocol", { 0x00, 0x20, 0x45 }, 3, -EINVAL },
	{ "even after address", { 0xff, 0x03, 0xc0, 0x22 }, 4, -EINVAL },
};

static void parse_case_desc(const struct parse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ppp_parse, parse_cases, parse_case_desc);

static void ppp_parse_test(struct kunit *test)
{
	const struct parse_case *c = test->param_value;
	u8 *copy = kunit_kmalloc(test, c->len ? c->len : 1, GFP_KERNEL);
	u16 proto = 0;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, c->in, c->len);	/* exact size: KASAN sees any over-read */
	KUNIT_EXPECT_EQ(test, sluice_ppp_parse(copy, c->len, &proto), c->hdr_len);
	if (c->hdr_len > 0)
		KUNIT_EXPECT_EQ(test, proto, c->proto);
}

struct build_case {
	const char *name;
	u16 proto;
	u32 flags;
	unsigned int len;
	u8 want[4];
};

static const struct build_case build_cases[] = {
	{ "IPv4 plain", SLUICE_PPP_IP, 0, 4, { 0xff, 0x03, 0x00, 0x21 } },
	{ "IPv4 ACFC", SLUICE_PPP_IP, SLUICE_PPP_F_TX_ACFC, 2, { 0x00, 0x21 } },
	{ "IPv4 PFC", SLUICE_PPP_IP, SLUICE_PPP_F_TX_PFC, 3, { 0xff, 0x03, 0x21 } },
	{ "IPv4 both", SLUICE_PPP_IP, SLUICE_PPP_F_ALL, 1, { 0x21 } },
	{ "MPPE both", SLUICE_PPP_COMP, SLUICE_PPP_F_ALL, 1, { 0xfd } },
	{ "CCP never PFC", SLUICE_PPP_CCP, SLUICE_PPP_F_ALL, 2, { 0x80, 0xfd } },
	{ "LCP never compressed", SLUICE_PPP_LCP, SLUICE_PPP_F_ALL, 4, { 0xff, 0x03, 0xc0, 0x21 } },
	{ "PPPoE: LCP without FF 03", SLUICE_PPP_LCP, SLUICE_PPP_NO_ADDR_CTRL, 2, { 0xc0, 0x21 } },
	{ "PPPoE: IPv4", SLUICE_PPP_IP, SLUICE_PPP_NO_ADDR_CTRL, 2, { 0x00, 0x21 } },
	{ "PPPoE: IPv4 PFC", SLUICE_PPP_IP, SLUICE_PPP_NO_ADDR_CTRL | SLUICE_PPP_F_TX_PFC, 1,
	  { 0x21 } },
};

static void build_case_desc(const struct build_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ppp_build, build_cases, build_case_desc);

static void ppp_build_test(struct kunit *test)
{
	const struct build_case *c = test->param_value;
	u8 buf[8] = {};
	u16 proto;

	KUNIT_ASSERT_EQ(test, sluice_ppp_hdr_len(c->proto, c->flags), c->len);
	KUNIT_ASSERT_EQ(test, sluice_ppp_build(buf + 8, c->proto, c->flags), c->len);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 8 - c->len, c->want, c->len), 0);
	/* and it parses back */
	KUNIT_EXPECT_EQ(test, sluice_ppp_parse(buf + 8 - c->len, c->len, &proto), (int)c->len);
	KUNIT_EXPECT_EQ(test, proto, c->proto);
}

static struct kunit_case ppp_test_cases[] = {
	KUNIT_CASE_PARAM(ppp_parse_test, ppp_parse_gen_params),
	KUNIT_CASE_PARAM(ppp_build_test, ppp_build_gen_params),
	{}
};

static struct kunit_suite ppp_test_suite = {
	.name = "sluice_ppp",
	.test_cases = ppp_test_cases,
};

kunit_test_suite(ppp_test_suite);
