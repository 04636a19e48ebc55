// SPDX-License-Identifier: GPL-2.0
/* A parsed vici tree written again with the builder (vici_reencode.h). */
#include "vici_reencode.h"

void vici_reencode(struct vici_builder *b, const struct vici_node *sec)
{
	const struct vici_node *n, *item;

	vici_for_each(n, sec) {
		switch (n->type) {
		case VICI_N_SECTION:
			vici_build_section(b, n->name);
			vici_reencode(b, n);
			vici_build_end(b);
			break;
		case VICI_N_VALUE:
			vici_build_kv_blob(b, n->name, n->value, n->value_len);
			break;
		case VICI_N_LIST:
			vici_build_list(b, n->name);
			vici_for_each(item, n)
				vici_build_item_blob(b, item->value, item->value_len);
			vici_build_list_end(b);
			break;
		case VICI_N_ITEM:
			break;
		}
	}
}
