// SPDX-License-Identifier: GPL-2.0
/* libshared/ctl.c: the control-socket records, well-formed and hostile. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "ctl.h"

static char buf[CTL_MSG_MAX + 16];

static void test_round_trip(void **state)
{
	struct ctl_msg m;
	int n;

	(void)state;
	n = ctl_encode(buf, sizeof(buf), CTL_REQ_COMMAND, CTL_F_JSON, "/system resource print", 22);
	assert_int_equal(n, (int)sizeof(struct ctl_hdr) + 22);
	assert_int_equal(ctl_decode(buf, (size_t)n, &m), CTL_OK);
	assert_int_equal(m.type, CTL_REQ_COMMAND);
	assert_int_equal(m.flags, CTL_F_JSON);
	assert_int_equal(m.len, 22);
	assert_memory_equal(m.payload, "/system resource print", 22);
}

static void test_done(void **state)
{
	struct ctl_msg m;
	const char *text;
	size_t len;
	int n;

	(void)state;
	n = ctl_encode_done(buf, sizeof(buf), 7, "bad command name x");
	assert_true(n > 0);
	assert_int_equal(ctl_decode(buf, (size_t)n, &m), CTL_OK);
	assert_int_equal(ctl_done_status(&m, &text, &len), 7);
	assert_int_equal(len, strlen("bad command name x"));
	assert_memory_equal(text, "bad command name x", len);

	n = ctl_encode_done(buf, sizeof(buf), 0, NULL);
	assert_int_equal(ctl_decode(buf, (size_t)n, &m), CTL_OK);
	assert_int_equal(ctl_done_status(&m, &text, &len), 0);
	assert_int_equal(len, 0);
}

static void test_limits(void **state)
{
	static char big[CTL_PAYLOAD_MAX + 1];
	struct ctl_msg m;
	int n;

	(void)state;
	n = ctl_encode(buf, sizeof(buf), CTL_REP_OUTPUT, 0, big, CTL_PAYLOAD_MAX);
	assert_int_equal(n, CTL_MSG_MAX);
	assert_int_equal(ctl_decode(buf, (size_t)n, &m), CTL_OK);
	assert_int_equal(ctl_encode(buf, sizeof(buf), CTL_REP_OUTPUT, 0, big, CTL_PAYLOAD_MAX + 1),
			 CTL_E_TOO_BIG);
	assert_int_equal(ctl_encode(buf, 10, CTL_REP_OUTPUT, 0, big, 10), CTL_E_SHORT);
}

static int put_hdr(uint16_t type, uint16_t flags, uint32_t len)
{
	struct ctl_hdr h = { htons(type), htons(flags), htonl(len) };

	memcpy(buf, &h, sizeof(h));
	return sizeof(h);
}

struct bad_case {
	uint16_t type, flags;
	uint32_t hdr_len;
	size_t record_len;
	enum ctl_error want;
};

static const struct bad_case bad_cases[] = {
	{ CTL_REQ_COMMAND, 0, 0, 0, CTL_E_SHORT },
	{ CTL_REQ_COMMAND, 0, 0, 7, CTL_E_SHORT },
	{ CTL_REQ_COMMAND, 0, 5, 8 + 4, CTL_E_LENGTH },
	{ CTL_REQ_COMMAND, 0, 3, 8 + 4, CTL_E_LENGTH },
	{ CTL_REQ_COMMAND, 0, 0xffffffff, 8 + 4, CTL_E_TOO_BIG },
	{ CTL_REQ_COMMAND, 0, CTL_PAYLOAD_MAX + 1, CTL_MSG_MAX + 1, CTL_E_TOO_BIG },
	{ 0, 0, 0, 8, CTL_E_TYPE },
	{ 99, 0, 0, 8, CTL_E_TYPE },
	{ CTL_REQ_COMMAND, 0x8000, 0, 8, CTL_E_FLAGS },
	{ CTL_REP_OUTPUT, CTL_F_JSON, 0, 8, CTL_E_FLAGS },
	{ CTL_REP_DONE, 0, 3, 8 + 3, CTL_E_DONE },
};

static void test_hostile(void **state)
{
	struct ctl_msg m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];

		memset(buf, 0, sizeof(buf));
		put_hdr(c->type, c->flags, c->hdr_len);
		assert_int_equal(ctl_decode(buf, c->record_len, &m), c->want);
		assert_string_not_equal(ctl_strerror(c->want), "unknown error");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_done),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests_name("ctl", tests, NULL, NULL);
}
