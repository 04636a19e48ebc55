// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any byte string as a segment charon sent on the vici socket
 * (daemon/ipsec/vici_msg.c). The packet layer takes it apart; its message, and the whole
 * input as a message too, go through the strict parser under tight and default limits.
 * A message that parses must reencode to the very same bytes (the encoding is canonical),
 * every name and text value found must be printable, and the counts must agree.
 * Seeds (tests/fuzz/corpus/vici_msg): a list-sa event, an ike-updown event, a version reply.
 */
/* unit-test-sources: daemon/ipsec/vici_msg.c tests/unit/lib/vici_reencode.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_quiet.h"
#include "ipsec/vici_msg.h"
#include "vici_reencode.h"

static size_t walk(const struct vici_node *sec, unsigned int depth)
{
	const struct vici_node *n, *item;
	size_t count = 0;

	check(depth <= VICI_DEFAULT_DEPTH);
	vici_for_each(n, sec) {
		count++;
		check(n->name && n->name[0] && strlen(n->name) <= VICI_NAME_MAX);
		check(vici_child(sec, n->name) == n);	/* names are unique */
		if (n->type == VICI_N_SECTION)
			count += walk(n, depth + 1);
		if (n->type == VICI_N_VALUE)
			check(n->value && n->value[n->value_len] == '\0');
		if (n->type != VICI_N_LIST)
			continue;
		vici_for_each(item, n) {
			count++;
			check(item->type == VICI_N_ITEM && !item->name && !item->child);
			if (vici_node_str(item))
				check(strlen(item->value) == item->value_len);
		}
	}
	return count;
}

static void one_message(const uint8_t *buf, size_t len, const struct vici_limits *lim)
{
	struct vici_builder b;
	struct vici_msg *m;

	if (vici_parse(buf, len, lim, &m))
		return;
	check(walk(vici_root(m), 0) == vici_msg_elements(m));
	vici_build_init(&b, VICI_SEGMENT_MAX);
	vici_reencode(&b, vici_root(m));
	check(vici_build_finish(&b) == 0 && b.len == len && (!len || !memcmp(b.buf, buf, len)));
	vici_build_free(&b);
	vici_msg_free(m);
}

static void one_packet(const uint8_t *data, size_t size)
{
	struct vici_packet p;
	uint8_t *out;
	size_t n;

	if (vici_packet_parse(data, size, &p))
		return;
	one_message(p.msg, p.msg_len, NULL);
	/* framed again, it is the same segment */
	out = malloc(size + 4);
	n = vici_packet_frame(out, size + 4, p.type, p.name[0] ? p.name : NULL, p.msg,
			      p.msg_len);
	check(n == size + 4 && !memcmp(out + 4, data, size));
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct vici_limits tight = { .max_depth = 3, .max_elements = 50,
						  .max_size = 4096 };

	one_packet(data, size);
	one_message(data, size, NULL);
	one_message(data, size, &tight);
	return 0;
}
