// SPDX-License-Identifier: GPL-2.0
/*
 * /certificate at the console: the store as a view (print, where, [find] work as on any
 * menu), add and set of templates, remove, and RouterOS's commands sign, import and
 * export-certificate. Key generation runs in the loop: a 4096-bit RSA key or larger
 * holds every session for seconds (as RouterOS warns, the router is busy meanwhile).
 */
#include <stdio.h>
#include <string.h>
#include "cert/store.h"

/* --- the view */

static void row(struct cfg_menu *v, const struct cert *c)
{
	struct cfg_item *it = cfg_view_add(v);
	char buf[1024];
	size_t p;

	for (p = 0; it && p < v->nprops; p++)
		cfg_view_set(v, it, v->props[p].name,
			     cert_value(c, v->props[p].name, buf, sizeof(buf)));
}

static void fill(struct cfg_menu *v)
{
	const struct cert *c;

	for (c = cert_next(NULL); c; c = cert_next(c))
		row(v, c);
}

static struct cert *entry_of(const struct cfg_menu *v, const struct cfg_item *it)
{
	return cert_find(cfg_get(v, it, "name"));
}

static const char *flags(const struct cfg_menu *m, const struct cfg_item *it)
{
	static char buf[16];
	const struct cert *c = entry_of(m, it);

	buf[0] = '\0';
	if (c)
		cert_flags(c, buf, sizeof(buf));
	return buf;
}

static int add(const struct cfg_menu *v, const char *const *keys, const char *const *vals,
	       size_t n, struct strbuf *err)
{
	(void)v;
	return cert_add_template(keys, vals, n, err);
}

/* A rename carries over to what names the certificate (an IPsec identity) */
static int set(const struct cfg_menu *v, const struct cfg_item *it, const char *const *keys,
	       const char *const *vals, size_t n, struct strbuf *err)
{
	struct cert *c = entry_of(v, it);
	char old[80];

	if (!c)
		return 0;
	snprintf(old, sizeof(old), "%s", cert_name(c));
	if (cert_set(c, keys, vals, n, err))
		return -1;
	if (cfg_rename_refs(&certificate_menu, old, cert_name(c))) {
		sb_puts(err, "out of memory");
		return -1;
	}
	return 0;
}

/* Nothing in use goes: neither the certificate nor what it issued here. */
static int remove_check(const struct cfg_menu *v, const struct cfg_item *it,
			struct strbuf *err)
{
	const struct cert *ca = entry_of(v, it), *c;

	for (c = cert_next(NULL); ca && c; c = cert_next(c))
		if (cert_goes_with(c, ca) && cfg_check_unused(&certificate_menu, cert_name(c), err))
			return -1;
	return 0;
}

static void remove_row(const struct cfg_menu *v, const struct cfg_item *it)
{
	struct cert *c = entry_of(v, it);	/* gone already if its CA went first */
	struct strbuf err;

	sb_init(&err);
	if (c)
		cert_remove(c, &err);
	sb_free(&err);
}

/* --- the commands' arguments */

struct arg {
	const char *key;
	const char *val;	/* NULL: not given */
};

static int take_args(const char *verb, struct arg *a, size_t na, const char *const *keys,
		     const char *const *vals, size_t n, struct strbuf *err)
{
	size_t k, i;

	for (k = 0; k < n; k++) {
		for (i = 0; i < na && strcmp(a[i].key, keys[k]); i++)
			;
		if (i < na) {
			a[i].val = vals[k];
			continue;
		}
		sb_printf(err, "unknown argument %s; %s takes:", keys[k], verb);
		for (i = 0; i < na; i++)
			sb_printf(err, "%s%s", i ? ", " : " ", a[i].key);
		return -1;
	}
	return 0;
}

static int one_item(const char *verb, size_t nitems, struct strbuf *err)
{
	if (nitems == 1)
		return 0;
	sb_printf(err, "%s takes one certificate", verb);
	return -1;
}

/* sign NAME [ca=CA] [ca-crl-host=HOST] [name=NEW] */
static int sign(const struct cfg_menu *m, const struct cfg_item *const *items, size_t nitems,
		const char *const *keys, const char *const *vals, size_t n, struct strbuf *out,
		struct strbuf *err)
{
	struct arg a[] = { { "ca", NULL }, { "ca-crl-host", NULL }, { "name", NULL } };
	struct cert *c;

	(void)out;
	if (one_item("sign", nitems, err) || take_args("sign", a, 3, keys, vals, n, err))
		return -1;
	c = entry_of(m, items[0]);
	if (!c)
		return 0;
	if (a[1].val && (strlen(a[1].val) > 255 || strpbrk(a[1].val, "/ \t\"\\"))) {
		sb_puts(err, "bad value for ca-crl-host: a host name or address");
		return -1;
	}
	if (cert_sign(c, a[0].val && *a[0].val ? a[0].val : NULL, a[1].val, a[2].val, err))
		return -1;
	sb_puts(out, "  progress: done\n");
	return 0;
}

/* import file-name=FILE [passphrase=P] [name=N] [trusted=yes|no] */
static int import(const struct cfg_menu *m, const struct cfg_item *const *items,
		  size_t nitems, const char *const *keys, const char *const *vals, size_t n,
		  struct strbuf *out, struct strbuf *err)
{
	struct arg a[] = { { "file-name", NULL }, { "passphrase", NULL }, { "name", NULL },
			   { "trusted", NULL } };
	int trusted = -1;

	(void)m;
	(void)items;
	(void)nitems;
	if (take_args("import", a, 4, keys, vals, n, err))
		return -1;
	if (!a[0].val) {
		sb_puts(err, "import needs file-name=");
		return -1;
	}
	if (a[3].val) {
		if (strcmp(a[3].val, "yes") && strcmp(a[3].val, "no")) {
			sb_puts(err, "bad value for trusted: expected yes or no");
			return -1;
		}
		trusted = !strcmp(a[3].val, "yes");
	}
	return cert_import(a[0].val, a[1].val, a[2].val, trusted, out, err);
}

/* export-certificate NAME [type=pem|pkcs12] [export-passphrase=P] */
static int export_cert(const struct cfg_menu *m, const struct cfg_item *const *items,
		       size_t nitems, const char *const *keys, const char *const *vals, size_t n,
		       struct strbuf *out, struct strbuf *err)
{
	struct arg a[] = { { "type", NULL }, { "export-passphrase", NULL } };
	const struct cert *c;

	(void)out;
	if (one_item("export-certificate", nitems, err) ||
	    take_args("export-certificate", a, 2, keys, vals, n, err))
		return -1;
	if (a[0].val && strcmp(a[0].val, "pem") && strcmp(a[0].val, "pkcs12")) {
		sb_puts(err, "bad value for type: expected pem or pkcs12");
		return -1;
	}
	c = entry_of(m, items[0]);
	return c ? cert_export(c, a[0].val && !strcmp(a[0].val, "pkcs12"), a[1].val, err) : 0;
}

static const struct cfg_action actions[] = {
	{ "sign", true, "@item,ca=,ca-crl-host=,name=", sign },
	{ "import", false, "file-name=,passphrase=,name=,trusted=", import },
	{ "export-certificate", true, "@item,type=,export-passphrase=", export_cert },
};

void cert_menu_hook(void)
{
	certificate_menu.view = fill;
	certificate_menu.live_flags = flags;
	certificate_menu.view_add = add;
	certificate_menu.view_set = set;
	certificate_menu.view_remove = remove_row;
	certificate_menu.view_remove_check = remove_check;
	certificate_menu.actions = actions;
	certificate_menu.nactions = sizeof(actions) / sizeof(actions[0]);
}
