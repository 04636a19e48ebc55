/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An intrusive doubly linked list, as the kernel's list_head: a node inside each object,
 * O(1) append and removal, oldest first when appended in order of creation.
 */
#ifndef SLUICED_LIST_H
#define SLUICED_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_node {
	struct list_node *prev, *next;
};

#define LIST_INIT(name) { &(name), &(name) }
#define list_entry(node, type, member) \
	((type *)((char *)(node) - offsetof(type, member)))
#define list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

static inline void list_init(struct list_node *head)
{
	head->prev = head->next = head;
}

static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}

/* A node not on a list (after list_del or list_init) is linked to itself. */
static inline bool list_linked(const struct list_node *node)
{
	return node->next && node->next != node;
}

static inline void list_append(struct list_node *head, struct list_node *node)
{
	node->prev = head->prev;
	node->next = head;
	head->prev->next = node;
	head->prev = node;
}

static inline void list_del(struct list_node *node)
{
	if (!list_linked(node))
		return;
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_init(node);
}

#endif /* SLUICED_LIST_H */
