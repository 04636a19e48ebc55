// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any lines as pppctl commands (cli.c, the validators, print and export), as a
 * member of the sluice group could send them, run in order on one connection so add/set/
 * remove sequences and menu moves are explored too; completion on each line as well.
 * Then the property the configuration file rests on: what export prints, run as a script
 * on a reset configuration, exports identically. Live-state views are empty stand-ins.
 */
/* unit-test-sources: daemon/admin/cli.c daemon/admin/traffic.c @config daemon/admin/config_text.c daemon/admin/config_file.c daemon/ppp/active_view.c daemon/ppp/pool_used_view.c daemon/core/log.c */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/cli.h"
#include "admin/config.h"
#include "admin/config_file.h"
#include "admin/config_text.h"
#include "script.h"
#include "admin/system.h"
#include "ppp/views.h"
#include "radius/client.h"
#include "radius/dae.h"

void system_resource_print(struct strbuf *out, int json)
{
	sb_puts(out, json ? "{}" : "");
}

static const struct cfg_prop view_props[] = { CFG_VIEW_PROP("name", CFG_P_COLUMN) };

void ppp_active_view(struct cfg_menu *v)
{
	*v = (struct cfg_menu){ .path = "/ppp active", .props = view_props, .nprops = 1 };
}

void ppp_active_stats_view(struct cfg_menu *v)
{
	ppp_active_view(v);
}

void ppp_pool_used_view(struct cfg_menu *v)
{
	*v = (struct cfg_menu){ .path = "/ip pool used", .props = view_props, .nprops = 1 };
}

void ppp_active_remove_id(const char *id)
{
	(void)id;
}

/* /radius incoming monitor */
void rad_dae_monitor(struct strbuf *out, int json)
{
	sb_puts(out, json ? "{\"requests\":0}\n" : "requests: 0\n");
}

/* /radius monitor: the address of the server it was asked about */
void rad_client_monitor(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *out,
			int json)
{
	sb_printf(out, json ? "{\"server\":\"%s\"}\n" : "server: %s\n", cfg_get(m, it, "address"));
}

static void run_script(const char *text)
{
	struct script *s = malloc(sizeof(*s));
	struct cli_session cs;
	struct strbuf out, err;
	const char *p = text;

	if (!s)
		return;
	script_init(s);
	cli_session_init(&cs);
	sb_init(&out);
	sb_init(&err);
	config_script_begin();	/* as the configuration file is read */
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		enum script_status st = line ? script_feed(s, line) : SCRIPT_TOO_LONG;

		if (st == SCRIPT_TOO_LONG || (st == SCRIPT_CMD && cli_exec(&cs, s->cmd, 0, &out, &err))) {
			fprintf(stderr, "export line failed: %s\n%s\n", s->cmd, err.p);
			abort();
		}
		free(line);
		p += n + (p[n] == '\n');
	}
	if (config_script_end(false, &err)) {
		fprintf(stderr, "export does not load: %s\n", err.p);
		abort();
	}
	sb_free(&out);
	sb_free(&err);
	free(s);
}

static void round_trip(void)
{
	struct strbuf a, b;

	sb_init(&a);
	sb_init(&b);
	config_export(false, &a);
	config_reset();
	run_script(a.p);
	config_export(false, &b);
	if (a.len != b.len || memcmp(a.p, b.p, a.len)) {
		fprintf(stderr, "export does not round-trip:\n%s\n---\n%s\n", a.p, b.p);
		abort();
	}
	sb_free(&a);
	sb_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prints[] = {
		"/ip pool print", "/ppp profile print detail", "/ppp secret print as-value",
		"/interface pptp-server server print", "/interface l2tp-server server print",
		"/system logging print", "/ppp aaa print",
		"/ppp active print", "/ip pool used print count-only", "/export",
		"/interface pptp-client print detail",
	};
	struct cli_session cs;
	struct strbuf out, err;
	char *text = malloc(size + 1), *line, *save = NULL;
	size_t i;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	config_init();
	cli_session_init(&cs);
	sb_init(&out);
	sb_init(&err);
	/* half the inputs are one script: dangling references, then the end's check or undo */
	if (size & 2)
		config_script_begin();
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		sb_reset(&out);
		sb_reset(&err);
		cli_exec(&cs, line, (unsigned int)(size & 1), &out, &err);
		cli_complete(&cs, line, &out);
	}
	if (size & 2)
		config_script_end(false, &err);
	for (i = 0; i < sizeof(prints) / sizeof(prints[0]); i++)	/* whatever was stored prints */
		cli_exec(&cs, prints[i], (unsigned int)(i & 1), &out, &err);
	round_trip();
	sb_free(&out);
	sb_free(&err);
	config_done();
	free(text);
	return 0;
}
