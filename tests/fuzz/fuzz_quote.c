// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any NUL-free byte string as a configuration value (a peer's user name, a
 * comment): cfg_quote (export, print detail) writes it with no control byte left, and
 * words_split (the file, pppctl) reads that back as one word equal to the value.
 */
/* unit-test-sources: @config daemon/admin/config_text.c daemon/core/log.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config_text.h"
#include "fuzz_quiet.h"
#include "words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct words ws;
	struct strbuf q;
	char *v;
	size_t i;

	if (size > CFG_VALUE_MAX)
		return 0;
	v = malloc(size + 1);
	check(v != NULL);
	memcpy(v, data, size);
	v[size] = '\0';
	if (strlen(v) != size) {	/* values never hold a NUL */
		free(v);
		return 0;
	}
	sb_init(&q);
	cfg_quote(&q, v);
	for (i = 0; i < q.len; i++)
		check((unsigned char)q.p[i] >= 0x20 && q.p[i] != 0x7f);
	check(words_split(&ws, q.p) == 0);
	check(ws.n == 1);
	check(!strcmp(ws.w[0].text, v));
	sb_free(&q);
	free(v);
	return 0;
}
