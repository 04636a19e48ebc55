// SPDX-License-Identifier: GPL-2.0
/*
 * The vici codec: messages built and parsed, packets framed and taken apart. The parser
 * walks a message twice with the same code: the first walk checks every rule and counts
 * nodes and bytes, the second (which cannot fail) fills one allocation with the tree.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipsec/vici_msg.h"

#define DEPTH_HARD_MAX 64	/* whatever the caller asks, the walk's stack is this deep */

static const char *const err_names[VICI_E_MAX] = {
	[VICI_OK] = "ok",
	[VICI_E_TRUNCATED] = "truncated",
	[VICI_E_ELEMENT] = "unknown element type",
	[VICI_E_NAME] = "bad name",
	[VICI_E_UNBALANCED] = "unbalanced sections or lists",
	[VICI_E_LIST] = "element misplaced with respect to a list",
	[VICI_E_DUPLICATE] = "name repeated in a section",
	[VICI_E_DEPTH] = "nested too deep",
	[VICI_E_COUNT] = "too many elements",
	[VICI_E_SIZE] = "too long",
	[VICI_E_NOMEM] = "out of memory",
	[VICI_E_PACKET_TYPE] = "unknown packet type",
	[VICI_E_PACKET_NAME] = "bad packet name",
	[VICI_E_PACKET_TRAILING] = "bytes after a packet without message",
	[VICI_E_STATE] = "element not allowed here",
};

const char *vici_strerror(int err)
{
	if (err < 0 || err >= VICI_E_MAX)
		return "?";
	return err_names[err];
}

struct vici_msg {
	size_t n;		/* nodes, the root included */
	struct vici_node *nodes;
};

static bool printable(const uint8_t *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/* ---- parsing ---- */

struct walk {
	const uint8_t *p, *end;
	unsigned int max_depth, max_elements;
	unsigned int depth, elements;
	bool in_list;
	size_t arena;		/* bytes of names and values, each with its NUL */
	/* the second walk only */
	struct vici_node *nodes;
	size_t used;
	char *text;
	/* the open containers: [0] the root, [d] the section at depth d, [depth + 1] a list */
	struct vici_node *open[DEPTH_HARD_MAX + 2];
	struct vici_node *last[DEPTH_HARD_MAX + 2];
};

static int take_name(struct walk *w, const uint8_t **name, size_t *len)
{
	if (w->p >= w->end)
		return VICI_E_TRUNCATED;
	*len = *w->p++;
	if ((size_t)(w->end - w->p) < *len)
		return VICI_E_TRUNCATED;
	if (*len == 0 || !printable(w->p, *len))
		return VICI_E_NAME;
	*name = w->p;
	w->p += *len;
	w->arena += *len + 1;
	return 0;
}

static int take_value(struct walk *w, const uint8_t **value, size_t *len)
{
	if (w->end - w->p < 2)
		return VICI_E_TRUNCATED;
	*len = (size_t)w->p[0] << 8 | w->p[1];
	w->p += 2;
	if ((size_t)(w->end - w->p) < *len)
		return VICI_E_TRUNCATED;
	*value = w->p;
	w->p += *len;
	w->arena += *len + 1;
	return 0;
}

static const char *copy_text(struct walk *w, const uint8_t *s, size_t len)
{
	char *t = w->text;

	memcpy(t, s, len);
	t[len] = '\0';
	w->text += len + 1;
	return t;
}

/* Second walk: a node for the element, hung under the innermost open container. */
static struct vici_node *add_node(struct walk *w, enum vici_node_type type,
				  const uint8_t *name, size_t name_len,
				  const uint8_t *value, size_t value_len)
{
	unsigned int top = w->in_list ? w->depth + 1 : w->depth;
	struct vici_node *n = &w->nodes[w->used++];

	n->type = type;
	n->name = name ? copy_text(w, name, name_len) : NULL;
	n->value = value ? copy_text(w, value, value_len) : NULL;
	n->value_len = value ? value_len : 0;
	if (w->last[top])
		w->last[top]->next = n;
	else
		w->open[top]->child = n;
	w->last[top] = n;
	return n;
}

static void open_container(struct walk *w, unsigned int slot, struct vici_node *n)
{
	w->open[slot] = n;
	w->last[slot] = NULL;
}

/* Where an element may stand: only items and LIST_END inside a list, neither outside. */
static int placement(struct walk *w, uint8_t type)
{
	bool list_only = type == VICI_LIST_ITEM || type == VICI_LIST_END;

	if (type < VICI_SECTION_START || type > VICI_LIST_END)
		return VICI_E_ELEMENT;
	if (w->in_list != list_only)
		return VICI_E_LIST;
	if (type == VICI_SECTION_END && w->depth == 0)
		return VICI_E_UNBALANCED;
	if (type != VICI_SECTION_END && type != VICI_LIST_END &&
	    ++w->elements > w->max_elements)
		return VICI_E_COUNT;
	return 0;
}

static int walk_named(struct walk *w, uint8_t type)
{
	const uint8_t *name, *value = NULL;
	size_t name_len, value_len = 0;
	struct vici_node *n;
	int err;

	err = take_name(w, &name, &name_len);
	if (!err && type == VICI_KEY_VALUE)
		err = take_value(w, &value, &value_len);
	if (err)
		return err;
	if (type == VICI_SECTION_START && w->depth + 1 > w->max_depth)
		return VICI_E_DEPTH;
	n = NULL;
	if (w->nodes)
		n = add_node(w, type == VICI_SECTION_START ? VICI_N_SECTION :
			     type == VICI_KEY_VALUE ? VICI_N_VALUE : VICI_N_LIST,
			     name, name_len, value, value_len);
	if (type == VICI_SECTION_START) {
		w->depth++;
		if (n)
			open_container(w, w->depth, n);
	} else if (type == VICI_LIST_START) {
		w->in_list = true;
		if (n)
			open_container(w, w->depth + 1, n);
	}
	return 0;
}

static int walk_element(struct walk *w)
{
	uint8_t type = *w->p++;
	const uint8_t *value;
	size_t len;
	int err;

	err = placement(w, type);
	if (err)
		return err;
	switch (type) {
	case VICI_SECTION_END:
		w->depth--;
		return 0;
	case VICI_LIST_END:
		w->in_list = false;
		return 0;
	case VICI_LIST_ITEM:
		err = take_value(w, &value, &len);
		if (!err && w->nodes)
			add_node(w, VICI_N_ITEM, NULL, 0, value, len);
		return err;
	default:
		return walk_named(w, type);
	}
}

static int walk_all(struct walk *w, const uint8_t *buf, size_t len)
{
	int err;

	w->p = buf;
	w->end = buf + len;
	w->depth = 0;
	w->elements = 0;
	w->in_list = false;
	w->arena = 0;
	while (w->p < w->end) {
		err = walk_element(w);
		if (err)
			return err;
	}
	return w->depth || w->in_list ? VICI_E_UNBALANCED : 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names must be unique within a section: sorted once per section, O(n log n) in all. */
static int check_unique(const struct vici_msg *m)
{
	const char **names = malloc(m->n * sizeof(*names));
	const struct vici_node *c;
	int err = 0;

	if (!names)
		return VICI_E_NOMEM;
	for (size_t i = 0; i < m->n && !err; i++) {
		size_t k = 0;

		if (m->nodes[i].type != VICI_N_SECTION)
			continue;
		vici_for_each(c, &m->nodes[i])
			names[k++] = c->name;
		if (k < 2)
			continue;
		qsort(names, k, sizeof(*names), cmp_names);
		for (size_t j = 1; j < k; j++)
			if (!strcmp(names[j - 1], names[j]))
				err = VICI_E_DUPLICATE;
	}
	free(names);
	return err;
}

static void limits_of(const struct vici_limits *lim, struct walk *w, size_t *max_size)
{
	w->max_depth = lim && lim->max_depth ? lim->max_depth : VICI_DEFAULT_DEPTH;
	if (w->max_depth > DEPTH_HARD_MAX)
		w->max_depth = DEPTH_HARD_MAX;
	w->max_elements = lim && lim->max_elements ? lim->max_elements : VICI_DEFAULT_ELEMENTS;
	*max_size = lim && lim->max_size ? lim->max_size : VICI_SEGMENT_MAX;
}

int vici_parse(const uint8_t *buf, size_t len, const struct vici_limits *lim,
	       struct vici_msg **out)
{
	struct walk w = { 0 };
	struct vici_msg *m;
	size_t max_size, n;
	int err;

	static const uint8_t empty[1];

	*out = NULL;
	if (!len)
		buf = empty;	/* no arithmetic on a NULL pointer */
	limits_of(lim, &w, &max_size);
	if (len > max_size)
		return VICI_E_SIZE;
	err = walk_all(&w, buf, len);
	if (err)
		return err;
	n = (size_t)w.elements + 1;
	m = calloc(1, sizeof(*m) + n * sizeof(struct vici_node) + w.arena);
	if (!m)
		return VICI_E_NOMEM;
	m->n = n;
	m->nodes = (struct vici_node *)(m + 1);
	m->nodes[0].type = VICI_N_SECTION;
	w.nodes = m->nodes;
	w.used = 1;
	w.text = (char *)(m->nodes + n);
	open_container(&w, 0, &m->nodes[0]);
	walk_all(&w, buf, len);	/* cannot fail now */
	err = check_unique(m);
	if (err) {
		free(m);
		return err;
	}
	*out = m;
	return 0;
}

void vici_msg_free(struct vici_msg *m)
{
	free(m);
}

const struct vici_node *vici_root(const struct vici_msg *m)
{
	return m ? &m->nodes[0] : NULL;
}

size_t vici_msg_elements(const struct vici_msg *m)
{
	return m ? m->n - 1 : 0;
}

/* ---- lookups ---- */

static const struct vici_node *child_n(const struct vici_node *sec, const char *name,
				       size_t len)
{
	const struct vici_node *c;

	if (!sec || sec->type != VICI_N_SECTION)
		return NULL;
	vici_for_each(c, sec)
		if (!strncmp(c->name, name, len) && c->name[len] == '\0')
			return c;
	return NULL;
}

const struct vici_node *vici_child(const struct vici_node *sec, const char *name)
{
	return child_n(sec, name, strlen(name));
}

const struct vici_node *vici_lookup(const struct vici_node *from, const char *path)
{
	const char *slash;

	while (from && *path) {
		slash = strchr(path, '/');
		if (!slash)
			return vici_child(from, path);
		from = child_n(from, path, (size_t)(slash - path));
		path = slash + 1;
	}
	return from;
}

static const struct vici_node *lookup_type(const struct vici_node *from, const char *path,
					   enum vici_node_type type)
{
	const struct vici_node *n = vici_lookup(from, path);

	return n && n->type == type ? n : NULL;
}

const struct vici_node *vici_section(const struct vici_node *from, const char *path)
{
	return lookup_type(from, path, VICI_N_SECTION);
}

const struct vici_node *vici_list(const struct vici_node *from, const char *path)
{
	return lookup_type(from, path, VICI_N_LIST);
}

const char *vici_node_str(const struct vici_node *n)
{
	if (!n || !n->value || !printable((const uint8_t *)n->value, n->value_len))
		return NULL;
	return n->value;
}

const char *vici_get_str(const struct vici_node *from, const char *path)
{
	return vici_node_str(lookup_type(from, path, VICI_N_VALUE));
}

int vici_get_uint(const struct vici_node *from, const char *path, uint64_t max,
		  uint64_t *out)
{
	const struct vici_node *n = lookup_type(from, path, VICI_N_VALUE);
	uint64_t v = 0;

	if (!n)
		return -ENOENT;
	if (n->value_len == 0 || n->value_len > 20)
		return -EINVAL;
	for (size_t i = 0; i < n->value_len; i++) {
		unsigned int d = (unsigned char)n->value[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	if (v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

bool vici_get_yes(const struct vici_node *from, const char *path)
{
	const char *s = vici_get_str(from, path);

	return s && !strcmp(s, "yes");
}

static void set_why(char *why, size_t cap, const char *text)
{
	if (why && cap)
		snprintf(why, cap, "%s", text);
}

int vici_check_success(const struct vici_msg *reply, char *why, size_t cap)
{
	const char *verdict = vici_get_str(vici_root(reply), "success");
	const char *errmsg = vici_get_str(vici_root(reply), "errmsg");

	if (verdict && !strcmp(verdict, "yes")) {
		set_why(why, cap, "");
		return 0;
	}
	if (!verdict || strcmp(verdict, "no")) {
		set_why(why, cap, "a reply without a verdict");
		return -EBADMSG;
	}
	set_why(why, cap, errmsg && *errmsg ? errmsg : "charon gave no reason");
	return -EIO;
}

/* ---- building ---- */

void vici_build_init(struct vici_builder *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max < VICI_SEGMENT_MAX ? max : VICI_SEGMENT_MAX;
}

void vici_build_free(struct vici_builder *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->cap = 0;
}

static void fail(struct vici_builder *b, int err)
{
	if (!b->err)
		b->err = err;
}

static bool room(struct vici_builder *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 256;
	uint8_t *buf;

	if (b->err)
		return false;
	if (more > b->max - b->len) {
		fail(b, VICI_E_SIZE);
		return false;
	}
	while (cap < b->len + more)
		cap *= 2;
	if (cap > b->max)
		cap = b->max;
	if (cap == b->cap)
		return true;
	buf = realloc(b->buf, cap);
	if (!buf) {
		fail(b, VICI_E_NOMEM);
		return false;
	}
	b->buf = buf;
	b->cap = cap;
	return true;
}

static void put_byte(struct vici_builder *b, uint8_t v)
{
	b->buf[b->len++] = v;
}

static void put(struct vici_builder *b, const void *data, size_t len)
{
	memcpy(b->buf + b->len, data, len);
	b->len += len;
}

/* An element's type and name, after checking it may stand here (in_list: inside a list). */
static bool put_head(struct vici_builder *b, uint8_t type, const char *name, bool in_list,
		     size_t extra)
{
	size_t name_len = name ? strlen(name) : 0;

	if (b->err)
		return false;
	if (b->in_list != in_list) {
		fail(b, VICI_E_STATE);
		return false;
	}
	if (name && (name_len == 0 || name_len > VICI_NAME_MAX ||
		     !printable((const uint8_t *)name, name_len))) {
		fail(b, VICI_E_NAME);
		return false;
	}
	if (!room(b, 1 + (name ? 1 + name_len : 0) + extra))
		return false;
	put_byte(b, type);
	if (name) {
		put_byte(b, (uint8_t)name_len);
		put(b, name, name_len);
	}
	return true;
}

static void put_value(struct vici_builder *b, const void *value, size_t len)
{
	put_byte(b, (uint8_t)(len >> 8));
	put_byte(b, (uint8_t)len);
	put(b, value, len);
}

void vici_build_section(struct vici_builder *b, const char *name)
{
	if (!b->err && b->depth + 1 > VICI_DEFAULT_DEPTH)
		fail(b, VICI_E_DEPTH);
	if (put_head(b, VICI_SECTION_START, name, false, 0))
		b->depth++;
}

void vici_build_end(struct vici_builder *b)
{
	if (!b->err && b->depth == 0)
		fail(b, VICI_E_UNBALANCED);
	if (put_head(b, VICI_SECTION_END, NULL, false, 0))
		b->depth--;
}

void vici_build_kv_blob(struct vici_builder *b, const char *name, const void *value,
			size_t len)
{
	if (len > VICI_VALUE_MAX) {
		fail(b, VICI_E_SIZE);
		return;
	}
	if (put_head(b, VICI_KEY_VALUE, name, false, 2 + len))
		put_value(b, value, len);
}

void vici_build_kv(struct vici_builder *b, const char *name, const char *value)
{
	vici_build_kv_blob(b, name, value, strlen(value));
}

void vici_build_kvf(struct vici_builder *b, const char *name, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(text)) {
		fail(b, VICI_E_SIZE);
		return;
	}
	vici_build_kv_blob(b, name, text, (size_t)n);
}

void vici_build_list(struct vici_builder *b, const char *name)
{
	if (put_head(b, VICI_LIST_START, name, false, 0))
		b->in_list = true;
}

void vici_build_item_blob(struct vici_builder *b, const void *value, size_t len)
{
	if (len > VICI_VALUE_MAX) {
		fail(b, VICI_E_SIZE);
		return;
	}
	if (put_head(b, VICI_LIST_ITEM, NULL, true, 2 + len))
		put_value(b, value, len);
}

void vici_build_item(struct vici_builder *b, const char *value)
{
	vici_build_item_blob(b, value, strlen(value));
}

void vici_build_list_end(struct vici_builder *b)
{
	if (put_head(b, VICI_LIST_END, NULL, true, 0))
		b->in_list = false;
}

int vici_build_finish(const struct vici_builder *b)
{
	if (b->err)
		return b->err;
	return b->depth || b->in_list ? VICI_E_UNBALANCED : 0;
}

/* ---- packets ---- */

bool vici_packet_named(enum vici_packet_type type)
{
	return type == VICI_CMD_REQUEST || type == VICI_EVENT_REGISTER ||
	       type == VICI_EVENT_UNREGISTER || type == VICI_EVENT;
}

bool vici_packet_has_msg(enum vici_packet_type type)
{
	return type == VICI_CMD_REQUEST || type == VICI_CMD_RESPONSE || type == VICI_EVENT;
}

int vici_packet_parse(const uint8_t *seg, size_t len, struct vici_packet *p)
{
	size_t off = 1, name_len;

	memset(p, 0, sizeof(*p));
	if (len == 0)
		return VICI_E_TRUNCATED;
	if (len > VICI_SEGMENT_MAX)
		return VICI_E_SIZE;
	if (seg[0] > VICI_EVENT)
		return VICI_E_PACKET_TYPE;
	p->type = seg[0];
	if (vici_packet_named(p->type)) {
		if (len < 2)
			return VICI_E_TRUNCATED;
		name_len = seg[1];
		if (len - 2 < name_len)
			return VICI_E_TRUNCATED;
		if (name_len == 0 || !printable(seg + 2, name_len))
			return VICI_E_PACKET_NAME;
		memcpy(p->name, seg + 2, name_len);
		p->name[name_len] = '\0';
		off = 2 + name_len;
	}
	if (!vici_packet_has_msg(p->type))
		return off == len ? 0 : VICI_E_PACKET_TRAILING;
	p->msg = seg + off;
	p->msg_len = len - off;
	return 0;
}

size_t vici_packet_framed_len(const char *name, size_t msg_len)
{
	return 4 + 1 + (name ? 1 + strlen(name) : 0) + msg_len;
}

size_t vici_packet_frame(uint8_t *out, size_t cap, enum vici_packet_type type,
			 const char *name, const uint8_t *msg, size_t msg_len)
{
	size_t name_len = name ? strlen(name) : 0;
	size_t total = vici_packet_framed_len(name, msg_len), seg = total - 4, off = 5;

	if (type > VICI_EVENT || vici_packet_named(type) != (name != NULL) ||
	    (!vici_packet_has_msg(type) && msg_len) || total > cap || seg > VICI_SEGMENT_MAX)
		return 0;
	if (name && (name_len == 0 || name_len > VICI_NAME_MAX ||
		     !printable((const uint8_t *)name, name_len)))
		return 0;
	out[0] = (uint8_t)(seg >> 24);
	out[1] = (uint8_t)(seg >> 16);
	out[2] = (uint8_t)(seg >> 8);
	out[3] = (uint8_t)seg;
	out[4] = (uint8_t)type;
	if (name) {
		out[off++] = (uint8_t)name_len;
		memcpy(out + off, name, name_len);
		off += name_len;
	}
	if (msg_len)
		memcpy(out + off, msg, msg_len);
	return total;
}
