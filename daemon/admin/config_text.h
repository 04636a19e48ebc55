/* SPDX-License-Identifier: GPL-2.0 */
/* The configuration as text: print (table, detail, JSON) and export. idx: rows to show. */
#ifndef SLUICED_CONFIG_TEXT_H
#define SLUICED_CONFIG_TEXT_H

#include <stdbool.h>
#include "admin/config.h"
#include "strbuf.h"

void cfg_quote(struct strbuf *out, const char *value);
void cfg_print_table(const struct cfg_menu *m, const size_t *idx, size_t n, struct strbuf *out);
void cfg_print_detail(const struct cfg_menu *m, const size_t *idx, size_t n,
		      struct strbuf *out);
void cfg_print_json(const struct cfg_menu *m, const size_t *idx, size_t n, struct strbuf *out);
/* hide: leave out sensitive properties (passwords) */
void cfg_export_menu(const struct cfg_menu *m, bool hide, struct strbuf *out);
void config_export(bool hide, struct strbuf *out);

#endif /* SLUICED_CONFIG_TEXT_H */
