// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include "metrics/expo.h"

void expo_family(struct strbuf *out, const char *name, const char *type, const char *help)
{
	sb_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The length of the valid UTF-8 sequence at s (at most n bytes), 0 if there is none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;	/* ASCII is the caller's; overlong leads and past U+10FFFF */
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;	/* overlong, surrogates */
	return len;
}

void expo_label_value(struct strbuf *out, const char *v)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t n = strlen(v), i = 0, len;

	while (i < n) {
		if (s[i] == '\\' || s[i] == '"') {
			sb_add(out, "\\", 1);
			sb_add(out, (const char *)s + i++, 1);
		} else if (s[i] == '\n') {
			sb_add(out, "\\n", 2);
			i++;
		} else if (s[i] >= 0x20 && s[i] < 0x7f) {
			sb_add(out, (const char *)s + i++, 1);
		} else if ((len = utf8_len(s + i, n - i))) {
			sb_add(out, (const char *)s + i, len);
			i += len;
		} else {
			sb_add(out, "?", 1);	/* a control byte, or not UTF-8 */
			i++;
		}
	}
}

static void series(struct strbuf *out, const char *name, const struct expo_label *l, size_t n)
{
	size_t i;

	sb_puts(out, name);
	if (!n)
		return;
	sb_add(out, "{", 1);
	for (i = 0; i < n; i++) {
		sb_printf(out, "%s%s=\"", i ? "," : "", l[i].name);
		expo_label_value(out, l[i].value ? l[i].value : "");
		sb_add(out, "\"", 1);
	}
	sb_add(out, "}", 1);
}

void expo_u64(struct strbuf *out, const char *name, const struct expo_label *l, size_t n,
	      uint64_t v)
{
	series(out, name, l, n);
	sb_printf(out, " %llu\n", (unsigned long long)v);
}

void expo_double(struct strbuf *out, const char *name, const struct expo_label *l, size_t n,
		 double v)
{
	series(out, name, l, n);
	if (isnan(v))
		sb_puts(out, " NaN\n");
	else if (isinf(v))
		sb_puts(out, v > 0 ? " +Inf\n" : " -Inf\n");
	else
		sb_printf(out, " %.9g\n", v);
}
