// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include "core/u32map.h"

#define DELETED ((void *)&deleted_marker)
static const int deleted_marker;

struct u32map_slot {
	uint32_t key;		/* 0: empty */
	void *value;		/* DELETED: a tombstone */
};

static size_t first(const struct u32map *m, uint32_t key)
{
	return (key * 2654435761u) & (m->cap - 1);
}

static struct u32map_slot *lookup(const struct u32map *m, uint32_t key)
{
	size_t i;

	if (!m->cap || !key)
		return NULL;
	for (i = first(m, key); m->slots[i].key; i = (i + 1) & (m->cap - 1))
		if (m->slots[i].key == key && m->slots[i].value != DELETED)
			return &m->slots[i];
	return NULL;
}

static int grow(struct u32map *m)
{
	struct u32map old = *m;
	size_t i;

	m->cap = m->cap ? m->cap * 2 : 64;
	m->slots = calloc(m->cap, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		return -ENOMEM;
	}
	m->used = m->live = 0;
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key && old.slots[i].value != DELETED)
			u32map_put(m, old.slots[i].key, old.slots[i].value);
	free(old.slots);
	return 0;
}

int u32map_put(struct u32map *m, uint32_t key, void *value)
{
	struct u32map_slot *s = lookup(m, key);
	size_t i;

	if (!key)
		return -EINVAL;
	if (s) {
		s->value = value;
		return 0;
	}
	if ((m->used + 1) * 4 > m->cap * 3 && grow(m))
		return -ENOMEM;
	for (i = first(m, key); m->slots[i].key && m->slots[i].value != DELETED;
	     i = (i + 1) & (m->cap - 1))
		;
	if (!m->slots[i].key)
		m->used++;
	m->slots[i].key = key;
	m->slots[i].value = value;
	m->live++;
	return 0;
}

void *u32map_get(const struct u32map *m, uint32_t key)
{
	struct u32map_slot *s = lookup(m, key);

	return s ? s->value : NULL;
}

void *u32map_del(struct u32map *m, uint32_t key)
{
	struct u32map_slot *s = lookup(m, key);
	void *v;

	if (!s)
		return NULL;
	v = s->value;
	s->value = DELETED;	/* the key stays so later probes pass over it */
	m->live--;
	return v;
}

void u32map_free(struct u32map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->used = m->live = 0;
}
