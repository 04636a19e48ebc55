// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any line as a pppctl command (cli.c and the configuration's validators), as a
 * member of the sluice group could send it. The two printers of live state are stand-ins.
 * Each input is a few lines (split at '\n') run in order against one configuration, so
 * add/set/remove sequences are explored too.
 */
/* unit-test-sources: daemon/cli.c daemon/config.c */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "config.h"
#include "system.h"
#include "ppp/link.h"

void system_resource_print(struct strbuf *out, int json)
{
	sb_puts(out, json ? "{}" : "");
}

void ppp_active_print(struct strbuf *out, bool json)
{
	sb_puts(out, json ? "[]" : "");
}

void ppp_pool_used_print(struct strbuf *out, bool json)
{
	sb_puts(out, json ? "[]" : "");
}

int ppp_active_remove(const char *which, struct strbuf *err)
{
	sb_printf(err, "no such active session: %s", which);
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out, err;
	char *text = malloc(size + 1), *line, *save = NULL;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	config_init();
	sb_init(&out);
	sb_init(&err);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		sb_reset(&out);
		sb_reset(&err);
		cli_exec(line, (unsigned int)(size & 1), &out, &err);
	}
	/* print every menu: whatever was stored must print */
	cli_exec("/ip pool print", 0, &out, &err);
	cli_exec("/ppp profile print", 1, &out, &err);
	cli_exec("/ppp secret print", 0, &out, &err);
	cli_exec("/interface pptp-server server print", 1, &out, &err);
	sb_free(&out);
	sb_free(&err);
	config_done();
	free(text);
	return 0;
}
