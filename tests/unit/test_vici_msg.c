// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ipsec/vici_msg.c: the vici codec. The README's own encoding example byte for byte,
 * round trips of messages shaped as charon sends them (list-sa, ike-updown, version), the
 * typed lookups, every malformed message and packet refused with its reason, each limit at
 * its edge, and the builder's refusals.
 */
/* unit-test-sources: daemon/ipsec/vici_msg.c tests/unit/lib/vici_reencode.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>
#include "ipsec/vici_msg.h"
#include "vici_reencode.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* strongSwan's src/libcharon/plugins/vici/README.md, "Encoding example" */
static const uint8_t readme_example[] = {
	3, 4, 'k', 'e', 'y', '1', 0, 6, 'v', 'a', 'l', 'u', 'e', '1',
	1, 8, 's', 'e', 'c', 't', 'i', 'o', 'n', '1',
	1, 11, 's', 'u', 'b', '-', 's', 'e', 'c', 't', 'i', 'o', 'n',
	3, 4, 'k', 'e', 'y', '2', 0, 6, 'v', 'a', 'l', 'u', 'e', '2',
	2,
	4, 5, 'l', 'i', 's', 't', '1',
	5, 0, 5, 'i', 't', 'e', 'm', '1',
	5, 0, 5, 'i', 't', 'e', 'm', '2',
	6,
	2,
};

static int parse(const uint8_t *buf, size_t len, struct vici_msg **m)
{
	return vici_parse(buf, len, NULL, m);
}

static void test_readme_example(void **state)
{
	struct vici_builder b;
	struct vici_msg *m;
	const struct vici_node *list, *item;

	(void)state;
	vici_build_init(&b, 4096);
	vici_build_kv(&b, "key1", "value1");
	vici_build_section(&b, "section1");
	vici_build_section(&b, "sub-section");
	vici_build_kv(&b, "key2", "value2");
	vici_build_end(&b);
	vici_build_list(&b, "list1");
	vici_build_item(&b, "item1");
	vici_build_item(&b, "item2");
	vici_build_list_end(&b);
	vici_build_end(&b);
	assert_int_equal(vici_build_finish(&b), 0);
	assert_int_equal(b.len, sizeof(readme_example));
	assert_memory_equal(b.buf, readme_example, b.len);
	vici_build_free(&b);

	assert_int_equal(parse(readme_example, sizeof(readme_example), &m), 0);
	assert_int_equal(vici_msg_elements(m), 7);
	assert_string_equal(vici_get_str(vici_root(m), "key1"), "value1");
	assert_string_equal(vici_get_str(vici_root(m), "section1/sub-section/key2"), "value2");
	list = vici_list(vici_root(m), "section1/list1");
	assert_non_null(list);
	item = list->child;
	assert_string_equal(vici_node_str(item), "item1");
	assert_string_equal(vici_node_str(item->next), "item2");
	assert_null(item->next->next);
	assert_null(item->name);
	vici_msg_free(m);
}

static void build_kvs(struct vici_builder *b, const char *const (*kv)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		vici_build_kv(b, kv[i][0], kv[i][1]);
}

/* One list-sa event as charon 5.9.8 streams it (README "list-sa"), trimmed. */
static void build_list_sa(struct vici_builder *b)
{
	static const char *const ike[][2] = {
		{ "uniqueid", "7" }, { "version", "1" }, { "state", "ESTABLISHED" },
		{ "remote-host", "192.0.2.10" }, { "remote-port", "4500" },
		{ "nat-remote", "yes" },
	};
	static const char *const child[][2] = {
		{ "name", "l2tp-in" }, { "uniqueid", "12" }, { "mode", "TRANSPORT" },
		{ "spi-in", "c1a2b3c4" }, { "bytes-in", "18446744073709551615" },
		{ "packets-in", "18446744073709551616" },
	};

	vici_build_section(b, "l2tp-in");
	build_kvs(b, ike, ARRAY_SIZE(ike));
	vici_build_list(b, "remote-vips");
	vici_build_list_end(b);
	vici_build_section(b, "child-sas");
	vici_build_section(b, "l2tp-in-12");
	build_kvs(b, child, ARRAY_SIZE(child));
	vici_build_list(b, "local-ts");
	vici_build_item(b, "198.51.100.1/32[udp/l2f]");
	vici_build_list_end(b);
	vici_build_end(b);
	vici_build_end(b);
	vici_build_end(b);
}

static void test_round_trip_and_lookups(void **state)
{
	struct vici_builder b, again;
	struct vici_msg *m;
	const struct vici_node *ike, *child, *n;
	uint64_t v;
	int count = 0;

	(void)state;
	vici_build_init(&b, VICI_SEGMENT_MAX);
	build_list_sa(&b);
	assert_int_equal(vici_build_finish(&b), 0);
	assert_int_equal(parse(b.buf, b.len, &m), 0);

	vici_build_init(&again, VICI_SEGMENT_MAX);
	vici_reencode(&again, vici_root(m));
	assert_int_equal(vici_build_finish(&again), 0);
	assert_int_equal(again.len, b.len);
	assert_memory_equal(again.buf, b.buf, b.len);

	/* walking: the IKE_SA's name is charon's, so it is found by walking, not by path */
	vici_for_each(ike, vici_root(m))
		count++;
	assert_int_equal(count, 1);
	ike = vici_root(m)->child;
	assert_string_equal(ike->name, "l2tp-in");
	assert_true(vici_get_yes(ike, "nat-remote"));
	assert_false(vici_get_yes(ike, "nat-local"));
	assert_int_equal(vici_get_uint(ike, "remote-port", 65535, &v), 0);
	assert_int_equal(v, 4500);
	assert_int_equal(vici_get_uint(ike, "remote-port", 1000, &v), -EINVAL);
	assert_int_equal(vici_get_uint(ike, "local-port", 65535, &v), -ENOENT);
	assert_int_equal(vici_get_uint(ike, "state", 65535, &v), -EINVAL);
	assert_non_null(vici_list(ike, "remote-vips"));
	assert_null(vici_list(ike, "remote-vips")->child);
	child = vici_section(ike, "child-sas")->child;
	assert_string_equal(vici_get_str(child, "mode"), "TRANSPORT");
	assert_int_equal(vici_get_uint(child, "bytes-in", UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(vici_get_uint(child, "packets-in", UINT64_MAX, &v), -EINVAL);
	assert_string_equal(vici_get_str(ike, "child-sas/l2tp-in-12/spi-in"), "c1a2b3c4");
	/* a wrong type on the way or at the end is "absent" */
	assert_null(vici_get_str(ike, "child-sas"));
	assert_null(vici_section(ike, "state"));
	assert_null(vici_get_str(ike, "state/x"));
	assert_null(vici_list(child, "mode"));
	assert_null(vici_get_str(NULL, "state"));
	assert_null(vici_lookup(ike, "child-sas/nope/mode"));
	n = vici_lookup(ike, "");
	assert_ptr_equal(n, ike);
	vici_msg_free(m);
	vici_build_free(&b);
	vici_build_free(&again);
}

/* ike-updown and a version reply, with a binary value that is no string */
static void test_events_and_binary_values(void **state)
{
	static const uint8_t blob[] = { 'a', 0, 'b', 0x80 };
	struct vici_builder b;
	struct vici_msg *m;
	const struct vici_node *n;

	(void)state;
	vici_build_init(&b, 4096);
	vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, "peer-1");
	vici_build_kv(&b, "uniqueid", "3");
	vici_build_kv_blob(&b, "data", blob, sizeof(blob));
	vici_build_kv(&b, "empty", "");
	vici_build_end(&b);
	assert_int_equal(vici_build_finish(&b), 0);
	assert_int_equal(parse(b.buf, b.len, &m), 0);
	assert_true(vici_get_yes(vici_root(m), "up"));
	assert_null(vici_get_str(vici_root(m), "peer-1/data"));
	n = vici_lookup(vici_root(m), "peer-1/data");
	assert_int_equal(n->value_len, sizeof(blob));
	assert_memory_equal(n->value, blob, sizeof(blob));
	assert_int_equal(n->value[n->value_len], '\0');
	assert_string_equal(vici_get_str(vici_root(m), "peer-1/empty"), "");
	vici_msg_free(m);
	vici_build_free(&b);

	/* the empty message (an empty CMD_RESPONSE, version()'s request) */
	assert_int_equal(parse(NULL, 0, &m), 0);
	assert_null(vici_root(m)->child);
	vici_msg_free(m);
}

struct bad {
	const char *what;
	uint8_t bytes[24];
	size_t len;
	int err;
};

#define BAD(w, e, ...) { w, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), e }

static const struct bad bad_messages[] = {
	BAD("element type 0", VICI_E_ELEMENT, 0),
	BAD("element type 7", VICI_E_ELEMENT, 7),
	BAD("element type 255", VICI_E_ELEMENT, 255),
	BAD("no name length", VICI_E_TRUNCATED, 3),
	BAD("name cut", VICI_E_TRUNCATED, 3, 4, 'k', 'e'),
	BAD("no value length", VICI_E_TRUNCATED, 3, 1, 'k'),
	BAD("half a value length", VICI_E_TRUNCATED, 3, 1, 'k', 0),
	BAD("value cut", VICI_E_TRUNCATED, 3, 1, 'k', 0, 3, 'a', 'b'),
	BAD("item value cut", VICI_E_TRUNCATED, 4, 1, 'l', 5, 0, 2, 'a'),
	BAD("empty key name", VICI_E_NAME, 3, 0, 0, 0),
	BAD("empty section name", VICI_E_NAME, 1, 0, 2),
	BAD("empty list name", VICI_E_NAME, 4, 0, 6),
	BAD("NUL in a name", VICI_E_NAME, 3, 2, 'k', 0, 0, 0),
	BAD("newline in a name", VICI_E_NAME, 1, 2, 's', '\n', 2),
	BAD("high byte in a name", VICI_E_NAME, 3, 1, 0xc3, 0, 0),
	BAD("section end at the root", VICI_E_UNBALANCED, 2),
	BAD("section left open", VICI_E_UNBALANCED, 1, 1, 's'),
	BAD("list left open", VICI_E_UNBALANCED, 4, 1, 'l', 5, 0, 0),
	BAD("one end too many", VICI_E_UNBALANCED, 1, 1, 's', 2, 2),
	BAD("item outside a list", VICI_E_LIST, 5, 0, 0),
	BAD("list end outside a list", VICI_E_LIST, 6),
	BAD("key inside a list", VICI_E_LIST, 4, 1, 'l', 3, 1, 'k', 0, 0, 6),
	BAD("section inside a list", VICI_E_LIST, 4, 1, 'l', 1, 1, 's', 2, 6),
	BAD("section end inside a list", VICI_E_LIST, 1, 1, 's', 4, 1, 'l', 2),
	BAD("list inside a list", VICI_E_LIST, 4, 1, 'l', 4, 1, 'm', 6, 6),
	BAD("key twice", VICI_E_DUPLICATE, 3, 1, 'k', 0, 0, 3, 1, 'k', 0, 1, 'x'),
	BAD("key and section of one name", VICI_E_DUPLICATE, 3, 1, 'k', 0, 0, 1, 1, 'k', 2),
	BAD("list twice in a section", VICI_E_DUPLICATE, 1, 1, 's', 4, 1, 'l', 6, 4, 1, 'l', 6, 2),
};

static void test_malformed_messages(void **state)
{
	struct vici_msg *m;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_messages); i++) {
		const struct bad *t = &bad_messages[i];
		int err = parse(t->bytes, t->len, &m);

		if (err != t->err)
			fail_msg("%s: %s, expected %s", t->what, vici_strerror(err),
				 vici_strerror(t->err));
		assert_null(m);
	}
	/* the same name in different sections is fine */
	static const uint8_t ok[] = { 3, 1, 'k', 0, 0, 1, 1, 's', 3, 1, 'k', 0, 0, 2 };

	assert_int_equal(parse(ok, sizeof(ok), &m), 0);
	vici_msg_free(m);
}

/* Every cut of the README example fails, but where it falls between complete elements. */
static void test_every_truncation(void **state)
{
	struct vici_msg *m;

	(void)state;
	for (size_t len = 0; len < sizeof(readme_example); len++) {
		int err = parse(readme_example, len, &m);

		if (len == 0 || len == 14) {
			assert_int_equal(err, 0);
			vici_msg_free(m);
		} else if (!err) {
			fail_msg("a cut at %zu parsed", len);
		}
	}
}

static void nest(struct vici_builder *b, unsigned int depth)
{
	for (unsigned int i = 0; i < depth; i++)
		vici_build_section(b, "s");
	vici_build_kv(b, "k", "v");
	for (unsigned int i = 0; i < depth; i++)
		vici_build_end(b);
}

static void test_limits(void **state)
{
	struct vici_limits lim = { .max_depth = 3, .max_elements = 5, .max_size = 40 };
	struct vici_builder b;
	struct vici_msg *m;

	(void)state;
	vici_build_init(&b, 4096);
	nest(&b, 3);		/* 4 elements: three sections and a key */
	assert_int_equal(vici_build_finish(&b), 0);
	assert_int_equal(vici_parse(b.buf, b.len, &lim, &m), 0);
	vici_msg_free(m);
	lim.max_depth = 2;
	assert_int_equal(vici_parse(b.buf, b.len, &lim, &m), VICI_E_DEPTH);
	lim.max_depth = 3;
	lim.max_elements = 3;
	assert_int_equal(vici_parse(b.buf, b.len, &lim, &m), VICI_E_COUNT);
	lim.max_elements = 4;
	lim.max_size = b.len - 1;
	assert_int_equal(vici_parse(b.buf, b.len, &lim, &m), VICI_E_SIZE);
	vici_build_free(&b);

	/* the defaults: 16 deep, 20000 elements, 512 KiB */
	vici_build_init(&b, 4096);
	nest(&b, VICI_DEFAULT_DEPTH);
	assert_int_equal(vici_build_finish(&b), 0);
	assert_int_equal(parse(b.buf, b.len, &m), 0);
	vici_msg_free(m);
	vici_build_free(&b);
	vici_build_init(&b, VICI_SEGMENT_MAX);
	vici_build_list(&b, "l");
	for (int i = 0; i < VICI_DEFAULT_ELEMENTS; i++)
		vici_build_item(&b, "");
	vici_build_list_end(&b);
	assert_int_equal(vici_build_finish(&b), 0);
	assert_int_equal(parse(b.buf, b.len, &m), VICI_E_COUNT);
	assert_int_equal(parse(b.buf, b.len - 4, &m), VICI_E_UNBALANCED);
	b.buf[b.len - 4] = 6;	/* the last item becomes LIST_END: 20000 elements exactly */
	assert_int_equal(parse(b.buf, b.len - 3, &m), 0);
	assert_int_equal(vici_msg_elements(m), VICI_DEFAULT_ELEMENTS);
	vici_msg_free(m);
	vici_build_free(&b);
	/* the builder makes nothing deeper than the parser's default takes */
	vici_build_init(&b, 4096);
	for (int i = 0; i < 65; i++)
		vici_build_section(&b, "s");
	assert_int_equal(vici_build_finish(&b), VICI_E_DEPTH);
	vici_build_free(&b);
}

static void test_deep_message_refused(void **state)
{
	struct vici_limits lim = { .max_depth = 1000 };
	uint8_t buf[3 * 70 + 70];
	struct vici_msg *m;
	size_t len = 0;

	(void)state;
	for (int i = 0; i < 70; i++) {
		buf[len++] = VICI_SECTION_START;
		buf[len++] = 1;
		buf[len++] = 's';
	}
	for (int i = 0; i < 70; i++)
		buf[len++] = VICI_SECTION_END;
	assert_int_equal(vici_parse(buf, len, &lim, &m), VICI_E_DEPTH);
	assert_int_equal(parse(buf, len, &m), VICI_E_DEPTH);
}

static void test_builder_refusals(void **state)
{
	char long_name[VICI_NAME_MAX + 2];
	static char big[VICI_VALUE_MAX + 2];
	struct vici_builder b;

	(void)state;
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	memset(big, 'v', sizeof(big) - 1);

#define REFUSED(err, ...) do { \
		vici_build_init(&b, 1024); \
		__VA_ARGS__; \
		assert_int_equal(vici_build_finish(&b), err); \
		vici_build_free(&b); \
	} while (0)
	REFUSED(VICI_E_STATE, vici_build_list(&b, "l"); vici_build_kv(&b, "k", "v"));
	REFUSED(VICI_E_STATE, vici_build_list(&b, "l"); vici_build_section(&b, "s"));
	REFUSED(VICI_E_STATE, vici_build_list(&b, "l"); vici_build_list(&b, "m"));
	REFUSED(VICI_E_STATE, vici_build_item(&b, "i"));
	REFUSED(VICI_E_STATE, vici_build_list_end(&b));
	REFUSED(VICI_E_UNBALANCED, vici_build_end(&b));
	REFUSED(VICI_E_UNBALANCED, vici_build_section(&b, "s"));
	REFUSED(VICI_E_UNBALANCED, vici_build_list(&b, "l"));
	REFUSED(VICI_E_NAME, vici_build_kv(&b, "", "v"));
	REFUSED(VICI_E_NAME, vici_build_kv(&b, "a\nb", "v"));
	REFUSED(VICI_E_NAME, vici_build_section(&b, long_name));
	long_name[VICI_NAME_MAX] = '\0';
	vici_build_init(&b, 1024);
	vici_build_kv(&b, long_name, "v");
	assert_int_equal(vici_build_finish(&b), 0);
	vici_build_free(&b);
	REFUSED(VICI_E_SIZE, vici_build_kv(&b, "k", big));
	REFUSED(VICI_E_SIZE, vici_build_list(&b, "l"); vici_build_item(&b, big));
	/* the message's own bound, and the first error sticks */
	REFUSED(VICI_E_SIZE, for (int i = 0; i < 200; i++) vici_build_kv(&b, "k", "0123456789"));
	REFUSED(VICI_E_NAME, vici_build_kv(&b, "", "v"); vici_build_end(&b));
	vici_build_init(&b, 1024);
	vici_build_kvf(&b, "n", "%d-%s", 42, "x");
	assert_int_equal(vici_build_finish(&b), 0);
	assert_int_equal(b.len, 1 + 2 + 2 + 4);
	assert_memory_equal(b.buf + 5, "42-x", 4);
	vici_build_free(&b);
#undef REFUSED
}

static void test_packets(void **state)
{
	static const uint8_t msg[] = { 3, 1, 'k', 0, 1, 'v' };
	uint8_t out[64];
	struct vici_packet p;
	size_t n;

	(void)state;
	n = vici_packet_frame(out, sizeof(out), VICI_CMD_REQUEST, "version", msg, sizeof(msg));
	assert_int_equal(n, 4 + 1 + 1 + 7 + sizeof(msg));
	assert_int_equal(n, vici_packet_framed_len("version", sizeof(msg)));
	assert_memory_equal(out, "\0\0\0\x0f\0\x07version", 13);
	assert_int_equal(vici_packet_parse(out + 4, n - 4, &p), 0);
	assert_int_equal(p.type, VICI_CMD_REQUEST);
	assert_string_equal(p.name, "version");
	assert_int_equal(p.msg_len, sizeof(msg));
	assert_memory_equal(p.msg, msg, sizeof(msg));

	n = vici_packet_frame(out, sizeof(out), VICI_EVENT_CONFIRM, NULL, NULL, 0);
	assert_int_equal(n, 5);
	assert_int_equal(vici_packet_parse(out + 4, 1, &p), 0);
	assert_int_equal(p.type, VICI_EVENT_CONFIRM);
	assert_string_equal(p.name, "");
	n = vici_packet_frame(out, sizeof(out), VICI_CMD_RESPONSE, NULL, NULL, 0);
	assert_int_equal(vici_packet_parse(out + 4, n - 4, &p), 0);
	assert_int_equal(p.msg_len, 0);

	/* framing refuses what the protocol has no place for */
	assert_int_equal(vici_packet_frame(out, sizeof(out), VICI_CMD_RESPONSE, "x", NULL, 0), 0);
	assert_int_equal(vici_packet_frame(out, sizeof(out), VICI_CMD_REQUEST, NULL, msg, 1), 0);
	assert_int_equal(vici_packet_frame(out, sizeof(out), VICI_EVENT_CONFIRM, NULL, msg, 1), 0);
	assert_int_equal(vici_packet_frame(out, sizeof(out), VICI_EVENT_REGISTER, "", NULL, 0), 0);
	assert_int_equal(vici_packet_frame(out, sizeof(out), 8, NULL, NULL, 0), 0);
	assert_int_equal(vici_packet_frame(out, 12, VICI_CMD_REQUEST, "version", NULL, 0), 0);
}

static const struct bad bad_packets[] = {
	BAD("type 8", VICI_E_PACKET_TYPE, 8),
	BAD("type 255", VICI_E_PACKET_TYPE, 255, 0),
	BAD("request without name length", VICI_E_TRUNCATED, VICI_CMD_REQUEST),
	BAD("event name cut", VICI_E_TRUNCATED, VICI_EVENT, 5, 'a', 'b'),
	BAD("register with empty name", VICI_E_PACKET_NAME, VICI_EVENT_REGISTER, 0),
	BAD("event with a NUL in its name", VICI_E_PACKET_NAME, VICI_EVENT, 2, 'a', 0),
	BAD("unknown with bytes after", VICI_E_PACKET_TRAILING, VICI_CMD_UNKNOWN, 0),
	BAD("confirm with bytes after", VICI_E_PACKET_TRAILING, VICI_EVENT_CONFIRM, 1),
	BAD("unregister with bytes after", VICI_E_PACKET_TRAILING,
	    VICI_EVENT_UNREGISTER, 1, 'a', 3),
};

static void test_malformed_packets(void **state)
{
	struct vici_packet p;

	(void)state;
	assert_int_equal(vici_packet_parse(NULL, 0, &p), VICI_E_TRUNCATED);
	for (size_t i = 0; i < ARRAY_SIZE(bad_packets); i++) {
		const struct bad *t = &bad_packets[i];
		int err = vici_packet_parse(t->bytes, t->len, &p);

		if (err != t->err)
			fail_msg("%s: %s, expected %s", t->what, vici_strerror(err),
				 vici_strerror(t->err));
	}
	assert_int_equal(vici_packet_parse((const uint8_t *)"", VICI_SEGMENT_MAX + 1, &p),
			 VICI_E_SIZE);
	assert_string_equal(vici_strerror(VICI_E_DUPLICATE), "name repeated in a section");
	assert_string_equal(vici_strerror(-1), "?");
	assert_string_equal(vici_strerror(VICI_E_MAX), "?");
}

static int verdict(const char *success, const char *errmsg, char *why, size_t cap)
{
	struct vici_builder b;
	struct vici_msg *m;
	int ret;

	vici_build_init(&b, 1024);
	if (success)
		vici_build_kv(&b, "success", success);
	if (errmsg)
		vici_build_kv(&b, "errmsg", errmsg);
	assert_int_equal(parse(b.buf, b.len, &m), 0);
	ret = vici_check_success(m, why, cap);
	vici_msg_free(m);
	vici_build_free(&b);
	return ret;
}

static void test_success_verdict(void **state)
{
	char why[32];

	(void)state;
	assert_int_equal(verdict("yes", NULL, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_int_equal(verdict("no", "loading connection 'l2tp-in' failed", why, sizeof(why)), -EIO);
	assert_string_equal(why, "loading connection 'l2tp-in' fa");	/* cut to fit */
	assert_int_equal(verdict("no", NULL, why, sizeof(why)), -EIO);
	assert_string_equal(why, "charon gave no reason");
	assert_int_equal(verdict("no", "bad\001byte", why, sizeof(why)), -EIO);
	assert_int_equal(verdict("no", "bad\nline", why, sizeof(why)), -EIO);
	assert_string_equal(why, "charon gave no reason");	/* unprintable: not shown */
	assert_int_equal(verdict(NULL, NULL, why, sizeof(why)), -EBADMSG);
	assert_int_equal(verdict("YES", NULL, NULL, 0), -EBADMSG);
	assert_int_equal(verdict("yes", NULL, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readme_example),
		cmocka_unit_test(test_round_trip_and_lookups),
		cmocka_unit_test(test_events_and_binary_values),
		cmocka_unit_test(test_malformed_messages),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_deep_message_refused),
		cmocka_unit_test(test_builder_refusals),
		cmocka_unit_test(test_packets),
		cmocka_unit_test(test_malformed_packets),
		cmocka_unit_test(test_success_verdict),
	};

	return cmocka_run_group_tests_name("vici_msg", tests, NULL, NULL);
}
