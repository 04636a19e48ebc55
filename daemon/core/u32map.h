/* SPDX-License-Identifier: GPL-2.0 */
/* A hash map from 32-bit keys (ifindex, call ids) to pointers; open addressing. */
#ifndef SLUICED_U32MAP_H
#define SLUICED_U32MAP_H

#include <stddef.h>
#include <stdint.h>

struct u32map_slot;

struct u32map {
	struct u32map_slot *slots;
	size_t cap, used, live;
};

/* 0 or -ENOMEM; replaces an existing value. Key 0 is not allowed. */
int u32map_put(struct u32map *m, uint32_t key, void *value);
void *u32map_get(const struct u32map *m, uint32_t key);
void *u32map_del(struct u32map *m, uint32_t key);
void u32map_free(struct u32map *m);

#endif /* SLUICED_U32MAP_H */
