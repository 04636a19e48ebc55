// SPDX-License-Identifier: GPL-2.0
#include "admin/logging_menu.h"
#include "core/log.h"

/* the enabled rules, as masks for log.c */
static void apply_logging(void)
{
	struct log_rule rules[64];
	const struct system_logging_cfg *r;
	size_t i, n = 0;

	for (i = 0; (r = system_logging_at(i)) && n < 64; i++)
		if (!r->disabled)
			rules[n++] = (struct log_rule){ r->topics.all, r->topics.none };
	log_set_rules(rules, n);
}

/* RouterOS's default logging rules; ours all go to the journal */
static const struct cfg_builtin logging_builtins[] = {
	{ { "topics=info" } }, { { "topics=warning" } }, { { "topics=error" } },
	{ { "topics=critical" } },
};

CFG_MENU_DEFINE(system_logging, SYSTEM_LOGGING_PROPS, .path = "/system logging", .order = 10,
		.verbs = CFG_V_LIST | CFG_V_ENABLE, .apply = apply_logging,
		.builtins = logging_builtins, .nbuiltins = 4);
