// SPDX-License-Identifier: GPL-2.0
/* /ip ipsec key: the view of keys.h's list and RouterOS's three commands (key_menu.h). */
#define LOG_TOPIC LOG_T_IPSEC
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "ipsec/key_menu.h"
#include "ipsec/keys.h"

static void fill(struct cfg_menu *v)
{
	const struct ipsec_key *k;
	struct cfg_item *it;
	char bits[16];
	size_t i;

	for (i = 0; (k = ipsec_keystore_at(i)); i++) {
		it = cfg_view_add(v);
		if (!it)
			return;
		snprintf(bits, sizeof(bits), "%u", ipsec_key_bits(k));
		cfg_view_set(v, it, "name", ipsec_key_name(k));
		cfg_view_set(v, it, "key-size", bits);
		cfg_view_set(v, it, "private-key", ipsec_key_private(k) ? "yes" : "no");
		cfg_view_set(v, it, "rsa", ipsec_key_rsa(k) ? "yes" : "no");
	}
}

static int remove_check(const struct cfg_menu *v, const struct cfg_item *it,
			struct strbuf *err)
{
	return cfg_check_unused(&ipsec_key_menu, cfg_get(v, it, "name"), err);
}

static void remove_row(const struct cfg_menu *v, const struct cfg_item *it)
{
	struct strbuf err;

	sb_init(&err);
	if (ipsec_key_remove(cfg_get(v, it, "name"), &err))
		log_warn("ipsec key: %s", err.p ? err.p : "not removed");
	sb_free(&err);
}

/* the value of key k among the command's arguments, NULL if not given; -1 for another */
static int args(const char *verb, const char *const *allowed, const char **got,
		const char *const *keys, const char *const *vals, size_t n, struct strbuf *err)
{
	size_t k, i;

	for (k = 0; k < n; k++) {
		for (i = 0; allowed[i] && strcmp(allowed[i], keys[k]); i++)
			;
		if (!allowed[i]) {
			sb_printf(err, "unknown argument %s; %s takes:", keys[k], verb);
			for (i = 0; allowed[i]; i++)
				sb_printf(err, "%s%s", i ? ", " : " ", allowed[i]);
			return -1;
		}
		got[i] = vals[k];
	}
	return 0;
}

/* generate-key name=N [key-size=1024|2048|4096] (RouterOS: 2048 when not given) */
static int generate(const struct cfg_menu *m, const struct cfg_item *const *items,
		    size_t nitems, const char *const *keys, const char *const *vals, size_t n,
		    struct strbuf *out, struct strbuf *err)
{
	static const char *const allowed[] = { "name", "key-size", NULL };
	const char *got[2] = { NULL, NULL };
	char *end = NULL;
	unsigned long bits = 2048;

	(void)m, (void)items, (void)nitems, (void)out;
	if (args("generate-key", allowed, got, keys, vals, n, err))
		return -1;
	if (got[1]) {
		bits = strtoul(got[1], &end, 10);
		if (!*got[1] || *end)
			bits = 0;
	}
	return ipsec_key_generate(got[0], (unsigned int)bits, err);
}

/* import file-name=F [name=N] */
static int import(const struct cfg_menu *m, const struct cfg_item *const *items,
		  size_t nitems, const char *const *keys, const char *const *vals, size_t n,
		  struct strbuf *out, struct strbuf *err)
{
	static const char *const allowed[] = { "file-name", "name", NULL };
	const char *got[2] = { NULL, NULL };

	(void)m, (void)items, (void)nitems, (void)out;
	if (args("import", allowed, got, keys, vals, n, err))
		return -1;
	return ipsec_key_import(got[0], got[1], err);
}

/* export-pub-key key=K file-name=F */
static int export_pub(const struct cfg_menu *m, const struct cfg_item *const *items,
		      size_t nitems, const char *const *keys, const char *const *vals, size_t n,
		      struct strbuf *out, struct strbuf *err)
{
	static const char *const allowed[] = { "key", "file-name", NULL };
	const char *got[2] = { NULL, NULL };
	const struct ipsec_key *k;

	(void)m, (void)items, (void)nitems, (void)out;
	if (args("export-pub-key", allowed, got, keys, vals, n, err))
		return -1;
	k = ipsec_keystore_find(got[0]);
	if (!k) {
		sb_printf(err, "no key named %s", got[0] ? got[0] : "(none): key= names one");
		return -1;
	}
	return ipsec_key_export_pub(k, got[1], err);
}

static const struct cfg_action actions[] = {
	{ "generate-key", false, "name=,key-size=", generate },
	{ "import", false, "file-name=,name=", import },
	{ "export-pub-key", false, "key=,file-name=", export_pub },
};

void ipsec_key_menu_hook(void)
{
	ipsec_key_menu.view = fill;
	ipsec_key_menu.view_remove = remove_row;
	ipsec_key_menu.view_remove_check = remove_check;
	ipsec_key_menu.actions = actions;
	ipsec_key_menu.nactions = sizeof(actions) / sizeof(actions[0]);
}
