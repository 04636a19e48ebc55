/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vici wire format (strongSwan's src/libcharon/plugins/vici/README.md), spoken by
 * sluiced itself rather than through libvici (docs/ipsec.md says why).
 *
 * Transport: a 32-bit big-endian length, then that many bytes (a segment, at most 512 KiB,
 * charon's VICI_MESSAGE_SIZE_MAX). Packet: the segment's first byte is its type; named types
 * carry an 8-bit name length and the name; the rest is a message where the type has one.
 * Message: a flat run of elements making a tree of sections, key/values and lists.
 *
 * Everything charon sends is untrusted: vici_parse() builds a tree only from a message that
 * is well formed in every respect (types, lengths, balanced sections, lists only of items,
 * names printable and unique within their section) and inside the limits; otherwise it
 * returns why not. The tree owns copies of every name and value, each NUL-terminated.
 */
#ifndef SLUICED_IPSEC_VICI_MSG_H
#define SLUICED_IPSEC_VICI_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VICI_SEGMENT_MAX (512 * 1024)	/* charon's limit on a segment (without the length) */
#define VICI_NAME_MAX 255		/* names are 8-bit length-prefixed */
#define VICI_VALUE_MAX 65535		/* values are 16-bit length-prefixed */

enum vici_packet_type {
	VICI_CMD_REQUEST = 0,		/* named, message */
	VICI_CMD_RESPONSE = 1,		/* message */
	VICI_CMD_UNKNOWN = 2,		/* nothing */
	VICI_EVENT_REGISTER = 3,	/* named */
	VICI_EVENT_UNREGISTER = 4,	/* named */
	VICI_EVENT_CONFIRM = 5,		/* nothing */
	VICI_EVENT_UNKNOWN = 6,		/* nothing */
	VICI_EVENT = 7,			/* named, message */
};

enum vici_element {
	VICI_SECTION_START = 1,
	VICI_SECTION_END = 2,
	VICI_KEY_VALUE = 3,
	VICI_LIST_START = 4,
	VICI_LIST_ITEM = 5,
	VICI_LIST_END = 6,
};

/* Why a message or packet was refused (0: it was not). */
enum vici_err {
	VICI_OK = 0,
	VICI_E_TRUNCATED,	/* an element, name or value runs past the end */
	VICI_E_ELEMENT,		/* an unknown element type */
	VICI_E_NAME,		/* an empty name, or a byte in it that is not printable ASCII */
	VICI_E_UNBALANCED,	/* SECTION_END at the root, or a section or list left open */
	VICI_E_LIST,		/* an item or LIST_END outside a list, anything but them inside */
	VICI_E_DUPLICATE,	/* a name twice in one section */
	VICI_E_DEPTH,		/* sections nested deeper than the limit */
	VICI_E_COUNT,		/* more elements than the limit */
	VICI_E_SIZE,		/* longer than the limit (or a segment longer than 512 KiB) */
	VICI_E_NOMEM,
	VICI_E_PACKET_TYPE,	/* a packet type vici does not define */
	VICI_E_PACKET_NAME,	/* a named packet without a valid name */
	VICI_E_PACKET_TRAILING,	/* bytes after a packet that has no message */
	VICI_E_STATE,		/* builder: an element where it may not be (a key in a list, ...) */
	VICI_E_MAX
};
const char *vici_strerror(int err);

/* Limits on a message parsed; zero fields take the defaults. */
struct vici_limits {
	unsigned int max_depth;		/* sections inside sections (default 16) */
	unsigned int max_elements;	/* sections, keys, lists and items (default 20000) */
	size_t max_size;		/* bytes (default VICI_SEGMENT_MAX) */
};
#define VICI_DEFAULT_DEPTH 16
#define VICI_DEFAULT_ELEMENTS 20000

enum vici_node_type { VICI_N_SECTION, VICI_N_VALUE, VICI_N_LIST, VICI_N_ITEM };

/* One node of a parsed message. The root is a section without a name. */
struct vici_node {
	enum vici_node_type type;
	const char *name;		/* NUL-terminated; NULL for the root and list items */
	const char *value;		/* VALUE and ITEM: the blob, NUL-terminated; else NULL */
	size_t value_len;		/* without the NUL */
	const struct vici_node *child;	/* SECTION: first member; LIST: first item */
	const struct vici_node *next;	/* next in the same section or list */
};

struct vici_msg;

int vici_parse(const uint8_t *buf, size_t len, const struct vici_limits *lim,
	       struct vici_msg **out);
void vici_msg_free(struct vici_msg *m);
const struct vici_node *vici_root(const struct vici_msg *m);
size_t vici_msg_elements(const struct vici_msg *m);

/*
 * Lookups. A path is names joined by '/' ("child-sas/l2tp-7/state"): each but the last
 * names a section (a name with a '/' in it is reached by walking, vici_for_each). NULL (or an error) when anything on the way is absent or of another
 * type. from may be NULL (then so is the answer), so lookups chain without checks.
 */
const struct vici_node *vici_child(const struct vici_node *sec, const char *name);
const struct vici_node *vici_lookup(const struct vici_node *from, const char *path);
const struct vici_node *vici_section(const struct vici_node *from, const char *path);
const struct vici_node *vici_list(const struct vici_node *from, const char *path);
/* A key's value as text: NULL unless every byte is printable ASCII (safe to compare;
 * still escape it for the log, it is charon's). */
const char *vici_get_str(const struct vici_node *from, const char *path);
/* A decimal value without sign or junk, at most max; 0, -ENOENT or -EINVAL. */
int vici_get_uint(const struct vici_node *from, const char *path, uint64_t max,
		  uint64_t *out);
/* "yes" (charon's true); false when absent or anything else. */
bool vici_get_yes(const struct vici_node *from, const char *path);
/* An item's (or a value node's) text as vici_get_str judges it. */
const char *vici_node_str(const struct vici_node *n);

/*
 * The verdict of a command that answers success = yes|no (load-conn, initiate, ...): 0 for
 * "yes"; -EIO for "no" with charon's errmsg in why (or a placeholder when it gave none or
 * an unprintable one); -EBADMSG when there is no verdict at all. why may be NULL.
 */
int vici_check_success(const struct vici_msg *reply, char *why, size_t cap);

#define vici_for_each(pos, parent) \
	for ((pos) = (parent) ? (parent)->child : NULL; (pos); (pos) = (pos)->next)

/*
 * The builder: a message grows in a buffer of its own up to max bytes. The first error
 * sticks (later calls do nothing) and vici_build_finish() returns it, so a caller writes
 * its elements one after another and checks once.
 */
struct vici_builder {
	uint8_t *buf;
	size_t len, cap, max;
	int err;
	unsigned int depth;
	bool in_list;
};

void vici_build_init(struct vici_builder *b, size_t max);
void vici_build_free(struct vici_builder *b);
void vici_build_section(struct vici_builder *b, const char *name);
void vici_build_end(struct vici_builder *b);
void vici_build_kv(struct vici_builder *b, const char *name, const char *value);
void vici_build_kv_blob(struct vici_builder *b, const char *name, const void *value,
			size_t len);
__attribute__((format(printf, 3, 4)))
void vici_build_kvf(struct vici_builder *b, const char *name, const char *fmt, ...);
void vici_build_list(struct vici_builder *b, const char *name);
void vici_build_item(struct vici_builder *b, const char *value);
void vici_build_item_blob(struct vici_builder *b, const void *value, size_t len);
void vici_build_list_end(struct vici_builder *b);
/* 0 when every section and list was closed and nothing failed, else the first error. */
int vici_build_finish(const struct vici_builder *b);

/* The packet layer. */
struct vici_packet {
	enum vici_packet_type type;
	char name[VICI_NAME_MAX + 1];	/* named types; "" otherwise */
	const uint8_t *msg;		/* into the segment: the message, if the type has one */
	size_t msg_len;
};

bool vici_packet_named(enum vici_packet_type type);
bool vici_packet_has_msg(enum vici_packet_type type);
/* Takes apart one segment (without its length field). */
int vici_packet_parse(const uint8_t *seg, size_t len, struct vici_packet *p);
/*
 * Writes the length field and the packet into out (cap bytes); the total length, or 0 if
 * it does not fit or is not valid (a name on an unnamed type, a message on a type without).
 */
size_t vici_packet_frame(uint8_t *out, size_t cap, enum vici_packet_type type,
			 const char *name, const uint8_t *msg, size_t msg_len);
/* The whole framed length of such a packet. */
size_t vici_packet_framed_len(const char *name, size_t msg_len);

#endif /* SLUICED_IPSEC_VICI_MSG_H */
