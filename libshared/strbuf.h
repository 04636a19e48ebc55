/* SPDX-License-Identifier: GPL-2.0 */
/* A growing text buffer: command output is built in one and sent in chunks. */
#ifndef SLUICE_STRBUF_H
#define SLUICE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *p;	/* NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	int oom;	/* an allocation failed; the text is truncated */
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
__attribute__((format(printf, 2, 3))) void sb_printf(struct strbuf *sb, const char *fmt, ...);
/* Appends s as a JSON string literal, quotes included. */
void sb_json_str(struct strbuf *sb, const char *s);
/* Appends a duration the way RouterOS prints one: 1w2d3h4m5s, 0s for zero. */
void sb_duration(struct strbuf *sb, uint64_t seconds);

#endif /* SLUICE_STRBUF_H */
