// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "core/kernel.h"
#include "admin/system.h"
#include "ipsec/charon.h"
#include "version.h"

static struct timespec started;

void system_init(void)
{
	clock_gettime(CLOCK_MONOTONIC, &started);
}

struct field {
	const char *name;
	char value[64];
};

/* RouterOS prints one item's properties as right-aligned "name: value" lines. */
static void print_fields(struct strbuf *out, const struct field *f, size_t n, int json)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (strlen(f[i].name) > w)
			w = strlen(f[i].name);
	if (json)
		sb_puts(out, "{");
	for (i = 0; i < n; i++) {
		if (json) {
			sb_printf(out, "%s", i ? "," : "");
			sb_json_str(out, f[i].name);
			sb_puts(out, ":");
			sb_json_str(out, f[i].value);
		} else {
			sb_printf(out, "%*s: %s\n", (int)w + 2, f[i].name, f[i].value);
		}
	}
	if (json)
		sb_puts(out, "}\n");
}

void system_resource_print(struct strbuf *out, int json)
{
	struct sluice_module_info mi;
	struct timespec now;
	struct kernel_module_events ev;
	struct field f[8] = {
		{ "version", SLUICE_VERSION }, { "uptime", "" }, { "pid", "" },
		{ "kernel-module", "" }, { "kernel-sessions", "" },
		{ "kernel-module-unloads", "" }, { "sessions-lost-to-unload", "" },
		{ "ipsec-charon", "" },
	};
	struct strbuf up;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &now);
	sb_init(&up);
	sb_duration(&up, (uint64_t)(now.tv_sec - started.tv_sec));
	snprintf(f[1].value, sizeof(f[1].value), "%s", up.p ? up.p : "0s");
	sb_free(&up);
	snprintf(f[2].value, sizeof(f[2].value), "%d", (int)getpid());
	ret = kernel_module_info(&mi);
	if (ret) {
		snprintf(f[3].value, sizeof(f[3].value), "not loaded (%s)", strerror(-ret));
		snprintf(f[4].value, sizeof(f[4].value), "-");
	} else {
		snprintf(f[3].value, sizeof(f[3].value), "%s (api %u)", mi.version, mi.api);
		snprintf(f[4].value, sizeof(f[4].value), "%u", mi.sessions);
	}
	/* modprobe -r under a running sluiced: how often, and what it cost (core/kernel.c) */
	kernel_module_events(&ev);
	snprintf(f[5].value, sizeof(f[5].value), "%lu", ev.unloads);
	snprintf(f[6].value, sizeof(f[6].value), "%lu", ev.sessions_lost);
	charon_describe(f[7].value, sizeof(f[7].value));
	print_fields(out, f, 8, json);
}
