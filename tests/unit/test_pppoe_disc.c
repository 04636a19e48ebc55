// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/pppoe/disc.c: PPPoE Discovery (RFC 2516 section 5, RFC 4638) parsed and built. A
 * client's PADI with Ethernet's padding, the AC's PADO and PADS built to the byte and parsed
 * back, PADR and PADT, what each code must carry, skipped and repeated tags, End-Of-List, and
 * every refusal with its own error; the builder's limits.
 */
/* unit-test-sources: daemon/pppoe/disc.c tests/unit/lib/vectors.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "pppoe/disc.h"
#include "vectors.h"

static uint8_t frame[PPPOE_PAYLOAD_MAX + 64];

/* hex digits (spaces allowed) into frame; the byte count */
static size_t bytes(const char *h)
{
	char clean[2 * sizeof(frame) + 1];
	size_t n = 0;

	for (; *h; h++)
		if (*h != ' ')
			clean[n++] = *h;
	clean[n] = '\0';
	hex(clean, frame);
	return n / 2;
}

static void tag_is(const struct pppoe_tag *t, const char *want)
{
	assert_true(t->present);
	assert_int_equal(t->len, strlen(want));
	assert_memory_equal(t->val, want, t->len);
}

/* A client's PADI: an empty Service-Name (any service), a 4-byte Host-Uniq, RFC 4638's
 * PPP-Max-Payload of 1500, and Ethernet's padding to 46 bytes after LENGTH's 18. */
static void test_padi_with_padding(void **state)
{
	struct pppoe_disc m;
	size_t n;

	(void)state;
	n = bytes("1109 0000 0012"
		  "0101 0000"
		  "0103 0004 000004d2"
		  "0120 0002 05dc"
		  "00000000000000000000000000000000000000000000");
	assert_int_equal(n, 46);
	assert_int_equal(pppoe_disc_parse(frame, n, &m), 0);
	assert_int_equal(m.code, PPPOE_PADI);
	assert_string_equal(pppoe_code_name(m.code), "PADI");
	assert_int_equal(m.session, 0);
	assert_true(m.service_name.present);
	assert_int_equal(m.service_name.len, 0);
	assert_int_equal(m.host_uniq.len, 4);
	assert_memory_equal(m.host_uniq.val, "\x00\x00\x04\xd2", 4);
	assert_int_equal(m.max_payload, 1500);
	assert_false(m.ac_cookie.present);
	assert_int_equal(m.skipped + m.duplicates + m.more_service_names, 0);
}

/* The AC's PADO to it, byte for byte: AC-Name, the Service-Name, an AC-Cookie, the
 * Host-Uniq and PPP-Max-Payload echoed; parsed back the same. */
static void test_pado_built(void **state)
{
	static const uint8_t host_uniq[] = { 0, 0, 4, 0xd2 };
	struct pppoe_tag hu = { .val = host_uniq, .len = 4, .present = true };
	uint8_t out[128], want[128];
	struct pppoe_build b;
	struct pppoe_disc m;
	size_t n;
	int len;

	(void)state;
	pppoe_build_start(&b, out, sizeof(out), PPPOE_PADO, 0);
	pppoe_build_tag(&b, PPPOE_TAG_AC_NAME, "sluice", 6);
	pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME, "pppoe-soho", 10);
	pppoe_build_tag(&b, PPPOE_TAG_AC_COOKIE, "\x01\x02\x03\x04", 4);
	pppoe_build_echo(&b, PPPOE_TAG_HOST_UNIQ, &hu);
	pppoe_build_echo(&b, PPPOE_TAG_RELAY_SESSION_ID, &(struct pppoe_tag){ 0 });
	pppoe_build_u16(&b, PPPOE_TAG_PPP_MAX_PAYLOAD, 1500);
	len = pppoe_build_finish(&b);
	n = bytes("1107 0000 002e"
		  "0102 0006 736c75696365"
		  "0101 000a 7070706f652d736f686f"
		  "0104 0004 01020304"
		  "0103 0004 000004d2"
		  "0120 0002 05dc");
	memcpy(want, frame, n);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	assert_int_equal(m.code, PPPOE_PADO);
	tag_is(&m.ac_name, "sluice");
	tag_is(&m.service_name, "pppoe-soho");
	tag_is(&m.ac_cookie, "\x01\x02\x03\x04");
	assert_int_equal(m.host_uniq.len, 4);
	assert_false(m.relay_session_id.present);
	assert_int_equal(m.max_payload, 1500);
}

/* PADR with the cookie and a relay's Relay-Session-Id; the PADS that answers it; PADT */
static void test_padr_pads_padt(void **state)
{
	struct pppoe_build b;
	struct pppoe_disc m, r;
	uint8_t out[256];
	size_t n;
	int len;

	(void)state;
	n = bytes("1119 0000 0020"
		  "0101 000a 7070706f652d736f686f"
		  "0104 0004 01020304"
		  "0110 0006 aabbccddeeff");
	assert_int_equal(pppoe_disc_parse(frame, n, &r), 0);
	assert_int_equal(r.code, PPPOE_PADR);
	tag_is(&r.ac_cookie, "\x01\x02\x03\x04");
	assert_int_equal(r.relay_session_id.len, 6);
	pppoe_build_start(&b, out, sizeof(out), PPPOE_PADS, 0x1234);
	pppoe_build_echo(&b, PPPOE_TAG_SERVICE_NAME, &r.service_name);
	pppoe_build_echo(&b, PPPOE_TAG_HOST_UNIQ, &r.host_uniq);
	pppoe_build_echo(&b, PPPOE_TAG_RELAY_SESSION_ID, &r.relay_session_id);
	len = pppoe_build_finish(&b);
	assert_int_equal(len, PPPOE_HDR_LEN + 14 + 10);
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	assert_int_equal(m.code, PPPOE_PADS);
	assert_int_equal(m.session, 0x1234);
	tag_is(&m.service_name, "pppoe-soho");
	assert_memory_equal(m.relay_session_id.val, "\xaa\xbb\xcc\xdd\xee\xff", 6);
	/* a refusal: SESSION_ID 0 and why */
	pppoe_build_start(&b, out, sizeof(out), PPPOE_PADS, 0);
	pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME_ERROR, "no such service", 15);
	len = pppoe_build_finish(&b);
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	tag_is(&m.service_name_error, "no such service");
	/* PADT, with nothing but its session */
	n = bytes("11a7 1234 0000");
	assert_int_equal(pppoe_disc_parse(frame, n, &m), 0);
	assert_int_equal(m.code, PPPOE_PADT);
	assert_int_equal(m.session, 0x1234);
	assert_string_equal(pppoe_code_name(0x42), "unknown");
}

/* Vendor-Specific and unknown tags skipped, a repeated tag keeps its first, a PADO's list of
 * services counted, and End-Of-List ends the tags whatever follows it. */
static void test_tags_skipped_repeated_ended(void **state)
{
	struct pppoe_disc m;
	size_t n;

	(void)state;
	n = bytes("1107 0000 0036"
		  "0105 0008 00000de9 01020304"	/* Vendor-Specific (its vendor id first) */
		  "0102 0001 41"
		  "0101 0001 78"
		  "0101 0001 79"
		  "0102 0001 42"
		  "7777 0000"
		  "0120 0002 05dc"
		  "0120 0002 05d4"
		  "0000 0000"
		  "ffff");			/* past End-Of-List: not read */
	assert_int_equal(pppoe_disc_parse(frame, n, &m), 0);
	tag_is(&m.ac_name, "A");
	tag_is(&m.service_name, "x");
	assert_int_equal(m.more_service_names, 1);
	assert_int_equal(m.duplicates, 2);	/* AC-Name, PPP-Max-Payload */
	assert_int_equal(m.skipped, 2);
	assert_int_equal(m.max_payload, 1500);
}

static void refused(const char *h, int want)
{
	struct pppoe_disc m;
	size_t n = bytes(h);
	int got = pppoe_disc_parse(frame, n, &m);

	if (got != want)
		fail_msg("%s: %d (%s), not %d (%s)", h, got, pppoe_disc_strerror(got), want,
			 pppoe_disc_strerror(want));
}

static void test_refusals(void **state)
{
	(void)state;
	refused("1109 0000 00", PPPOE_E_SHORT);
	refused("1109 0000 0008 0101 0000", PPPOE_E_SHORT);		/* LENGTH past the end */
	refused("1209 0000 0004 0101 0000", PPPOE_E_VER_TYPE);
	refused("2109 0000 0004 0101 0000", PPPOE_E_VER_TYPE);
	refused("1155 0000 0004 0101 0000", PPPOE_E_CODE);
	refused("1109 0000 0003 0101 00", PPPOE_E_TAG_LENGTH);	/* a tag header cut */
	refused("1109 0000 0006 0101 0004 0000", PPPOE_E_TAG_LENGTH);	/* its value cut */
	refused("1109 0000 0009 0101 0000 0000 0001 00", PPPOE_E_END_OF_LIST);
	refused("1109 0000 000b 0101 0000 0120 0003 05dc00", PPPOE_E_MAX_PAYLOAD);
	refused("1109 0005 0004 0101 0000", PPPOE_E_SESSION);
	refused("1119 0005 0004 0101 0000", PPPOE_E_SESSION);
	refused("1107 0001 0009 0101 0000 0102 0001 41", PPPOE_E_SESSION);
	refused("11a7 0000 0000", PPPOE_E_SESSION);
	refused("1109 0000 0004 0103 0000", PPPOE_E_MISSING);	/* PADI: no Service-Name */
	refused("1119 0000 0000", PPPOE_E_MISSING);
	refused("1107 0000 0004 0101 0000", PPPOE_E_MISSING);	/* PADO: no AC-Name */
	refused("1165 0000 0004 0101 0000", PPPOE_E_MISSING);	/* refusal without why */
	refused("1165 0001 0000", PPPOE_E_MISSING);
	assert_string_equal(pppoe_disc_strerror(PPPOE_E_TAG_LENGTH), "tag-length");
	assert_string_equal(pppoe_disc_strerror(PPPOE_E_TOO_LONG), "too-long");
	assert_string_equal(pppoe_disc_strerror(0), "unknown");
	assert_string_equal(pppoe_disc_strerror(-PPPOE_E_COUNT - 1), "unknown");
}

/* Every prefix of a good PADR is refused, none read past its end (ASan watches). */
static void test_every_prefix(void **state)
{
	static uint8_t copy[64];
	struct pppoe_disc m;
	size_t n, i;

	(void)state;
	n = bytes("1119 0000 0016 0101 000a 7070706f652d736f686f 0104 0004 01020304");
	for (i = 0; i < n; i++) {
		uint8_t *p = copy + sizeof(copy) - i;	/* flush with the end */

		memcpy(p, frame, i);
		assert_true(pppoe_disc_parse(p, i, &m) < 0);
	}
	assert_int_equal(pppoe_disc_parse(frame, n, &m), 0);
}

/* The builder: too small a buffer, a payload past 1500 bytes, and the first error kept. */
static void test_builder_limits(void **state)
{
	static uint8_t big[PPPOE_PAYLOAD_MAX];
	uint8_t out[16];
	struct pppoe_build b;

	(void)state;
	pppoe_build_start(&b, out, 4, PPPOE_PADI, 0);
	assert_int_equal(pppoe_build_finish(&b), PPPOE_E_NOSPACE);
	pppoe_build_start(&b, out, sizeof(out), PPPOE_PADI, 0);
	pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME, "", 0);
	pppoe_build_tag(&b, PPPOE_TAG_HOST_UNIQ, "0123456789", 10);	/* 6 + 4 + 4 + 10 > 16 */
	pppoe_build_tag(&b, PPPOE_TAG_AC_NAME, big, sizeof(big));
	assert_int_equal(pppoe_build_finish(&b), PPPOE_E_NOSPACE);
	pppoe_build_start(&b, frame, sizeof(frame), PPPOE_PADO, 0);
	pppoe_build_tag(&b, PPPOE_TAG_AC_NAME, big, PPPOE_PAYLOAD_MAX - PPPOE_HDR_LEN - 4);
	assert_int_equal(pppoe_build_finish(&b), PPPOE_PAYLOAD_MAX);	/* just fits */
	pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME, "", 0);
	assert_int_equal(pppoe_build_finish(&b), PPPOE_E_TOO_LONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_padi_with_padding),
		cmocka_unit_test(test_pado_built),
		cmocka_unit_test(test_padr_pads_padt),
		cmocka_unit_test(test_tags_skipped_repeated_ended),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_builder_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
