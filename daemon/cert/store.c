// SPDX-License-Identifier: GPL-2.0
/*
 * The certificate store: the entries in memory, their names, templates (add, set) and
 * remove. On disk: disk.c; what other parts read: api.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include "cert/store.h"
#include "core/log.h"

#define MAX_LISTENERS 4

static struct cert *entries;
static unsigned long next_order = 1;
static void (*listeners[MAX_LISTENERS])(void);

/* --- entries */

struct cert *cert_next(const struct cert *c)
{
	return c ? c->next : entries;
}

const char *cert_val(const struct cert *c, size_t prop)
{
	const char *def = certificate_menu.props[prop].def;

	return c->vals[prop] ? c->vals[prop] : def ? def : "";
}

const char *cert_name(const struct cert *c)
{
	return cert_val(c, CERT_PROP_NAME);
}

struct cert *cert_find(const char *name)
{
	struct cert *c;

	for (c = entries; name && c; c = c->next)
		if (!strcmp(cert_name(c), name))
			return c;
	return NULL;
}

struct cert *cert_by_id(const char *id)
{
	struct cert *c;

	for (c = entries; id && *id && c; c = c->next)
		if (!strcmp(c->id, id))
			return c;
	return NULL;
}

int cert_fingerprint(const X509 *x, unsigned char out[32])
{
	unsigned int n = 0;

	return X509_digest(x, EVP_sha256(), out, &n) && n == 32 ? 0 : -1;
}

struct cert *cert_by_fingerprint(const unsigned char *sha256)
{
	unsigned char fp[32];
	struct cert *c;

	for (c = entries; c; c = c->next)
		if (c->x509 && !cert_fingerprint(c->x509, fp) && !memcmp(fp, sha256, 32))
			return c;
	return NULL;
}

bool cert_is_template(const struct cert *c)
{
	return !c->x509;
}

bool cert_trusted(const struct cert *c)
{
	return !strcmp(cert_val(c, CERT_PROP_TRUSTED), "yes");
}

bool cert_has_key(const struct cert *c)
{
	return c->key != NULL;
}

bool cert_is_ca(const struct cert *c)
{
	return c->x509 && (X509_get_extension_flags(c->x509) & EXFLAG_CA);
}

int cert_set_val(struct cert *c, size_t prop, const char *v)
{
	char *copy = v ? strdup(v) : NULL;

	if (v && !copy)
		return -1;
	free(c->vals[prop]);
	c->vals[prop] = copy;
	return 0;
}

/* The template's values as the typed struct the menu's list makes. */
void cert_template_typed(const struct cert *c, struct certificate_cfg *out)
{
	size_t p;

	memset(out, 0, sizeof(*out));
	for (p = 0; p < CERT_NTEMPLATE_PROPS; p++) {
		const struct cfg_prop *pr = &certificate_menu.props[p];

		pr->type->parse(pr->type, cert_val(c, p), (char *)out + pr->offset);
	}
}

struct cert *cert_new_entry(const char *name)
{
	struct cert *c = calloc(1, sizeof(*c));
	unsigned char id[CERT_ID_LEN / 2];
	size_t i;

	if (!c || RAND_bytes(id, sizeof(id)) != 1 || cert_set_val(c, CERT_PROP_NAME, name)) {
		free(c);
		return NULL;
	}
	for (i = 0; i < sizeof(id); i++)
		snprintf(c->id + 2 * i, 3, "%02x", id[i]);
	c->order = next_order++;
	return c;
}

void cert_entry_free(struct cert *c)
{
	size_t p;

	if (!c)
		return;
	for (p = 0; p < CERT_NTEMPLATE_PROPS; p++)
		free(c->vals[p]);
	free(c->ca_crl_host);
	X509_free(c->x509);
	EVP_PKEY_free(c->key);
	X509_CRL_free(c->crl);
	free(c);
}

void cert_link(struct cert *c)
{
	struct cert **pp = &entries;

	while (*pp && (*pp)->order <= c->order)
		pp = &(*pp)->next;	/* in the order made: print's numbers stay */
	c->next = *pp;
	*pp = c;
	if (c->order >= next_order)
		next_order = c->order + 1;
}

void cert_on_change(void (*fn)(void))
{
	size_t i;

	for (i = 0; i < MAX_LISTENERS; i++)
		if (!listeners[i] || listeners[i] == fn) {
			listeners[i] = fn;
			return;
		}
	log_err("certificate: too many change listeners");
}

void cert_changed(void)
{
	size_t i;

	for (i = 0; i < MAX_LISTENERS && listeners[i]; i++)
		listeners[i]();
}

const char *cert_free_name(const char *base, char *buf, size_t cap)
{
	unsigned int n;

	if (!cert_find(base))
		return base;
	for (n = 0; n < 100000; n++) {
		snprintf(buf, cap, "%s_%u", base, n);
		if (!cert_find(buf))
			return buf;
	}
	return NULL;
}

int cert_check_name(const struct cert *self, const char *name, struct strbuf *err)
{
	const struct cfg_type *t = certificate_menu.props[CERT_PROP_NAME].type;
	const struct cert *other = cert_find(name);
	const char *why = t->check(t, name);

	if (why) {
		sb_printf(err, "bad value for name: %s", why);
		return -1;
	}
	if (other && other != self) {
		sb_printf(err, "/certificate %s already exists", name);
		return -1;
	}
	return 0;
}

/* --- templates: add, set */

static int check_template_pairs(const struct cert *self, const char *const *keys,
				const char *const *vals, size_t n, bool template,
				struct strbuf *err)
{
	size_t k;

	if (cfg_check(&certificate_menu, NULL, keys, vals, n, err))
		return -1;
	for (k = 0; k < n; k++) {
		int p = cfg_prop_index(&certificate_menu, keys[k]);

		if (p >= CERT_NTEMPLATE_PROPS) {
			sb_printf(err, "%s is read-only: it comes from the certificate", keys[k]);
			return -1;
		}
		if (!template && p != CERT_PROP_NAME && p != CERT_PROP_TRUSTED) {
			sb_printf(err, "%s of a signed certificate cannot change: only name and "
				  "trusted", keys[k]);
			return -1;
		}
		if (p == CERT_PROP_NAME && cert_check_name(self, vals[k], err))
			return -1;
	}
	return 0;
}

/* the values swapped in all at once: out of memory half-way changes nothing */
static int apply_pairs(struct cert *c, const char *const *keys, const char *const *vals,
		       size_t n)
{
	char *copies[CERT_NTEMPLATE_PROPS] = { 0 };
	bool given[CERT_NTEMPLATE_PROPS] = { 0 };
	size_t k, p;

	for (k = 0; k < n; k++) {
		p = (size_t)cfg_prop_index(&certificate_menu, keys[k]);
		free(copies[p]);
		given[p] = true;
		if (!(copies[p] = strdup(vals[k]))) {
			for (p = 0; p < CERT_NTEMPLATE_PROPS; p++)
				free(copies[p]);
			return -1;
		}
	}
	for (p = 0; p < CERT_NTEMPLATE_PROPS; p++) {
		if (!given[p])
			continue;
		free(c->vals[p]);
		c->vals[p] = copies[p];
	}
	return 0;
}

int cert_add_template(const char *const *keys, const char *const *vals, size_t n,
		      struct strbuf *err)
{
	const char *name = NULL;
	struct cert *c;
	size_t k;

	if (check_template_pairs(NULL, keys, vals, n, true, err))
		return -1;
	for (k = 0; k < n; k++)
		if (!strcmp(keys[k], "name"))
			name = vals[k];
	if (!name) {
		sb_puts(err, "/certificate add needs name=");
		return -1;
	}
	c = cert_new_entry(name);
	if (!c || apply_pairs(c, keys, vals, n)) {
		cert_entry_free(c);
		sb_puts(err, "out of memory");
		return -1;
	}
	if (cert_save(c, err)) {
		cert_remove_files(c);
		cert_entry_free(c);
		return -1;
	}
	cert_link(c);
	cert_changed();
	return 0;
}

/* vals[] as they are now, each its own copy: what a failed change puts back */
static int copy_vals(const struct cert *c, char **copy)
{
	size_t p;
	int fail = 0;

	for (p = 0; p < CERT_NTEMPLATE_PROPS; p++) {
		copy[p] = c->vals[p] ? strdup(c->vals[p]) : NULL;
		fail |= c->vals[p] && !copy[p];
	}
	return fail ? -1 : 0;
}

static void free_vals(char **vals)
{
	size_t p;

	for (p = 0; p < CERT_NTEMPLATE_PROPS; p++) {
		free(vals[p]);
		vals[p] = NULL;
	}
}

int cert_set(struct cert *c, const char *const *keys, const char *const *vals, size_t n,
	     struct strbuf *err)
{
	char *old[CERT_NTEMPLATE_PROPS];

	if (check_template_pairs(c, keys, vals, n, !c->x509, err))
		return -1;
	if (copy_vals(c, old)) {
		free_vals(old);
		sb_puts(err, "out of memory");
		return -1;
	}
	if (apply_pairs(c, keys, vals, n) || cert_save(c, err)) {
		free_vals(c->vals);
		memcpy(c->vals, old, sizeof(old));
		if (!err->len)
			sb_puts(err, "out of memory");
		return -1;
	}
	free_vals(old);
	cert_changed();
	return 0;
}

/* --- remove */

static void unlink_entry(struct cert *c)
{
	struct cert **pp;

	for (pp = &entries; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	cert_remove_files(c);
	cert_entry_free(c);
}

bool cert_goes_with(const struct cert *c, const struct cert *ca)
{
	int depth;

	for (depth = 0; c && depth < 16; depth++, c = cert_by_id(c->issued_by))
		if (c == ca)
			return true;
	return false;
}

int cert_remove(struct cert *c, struct strbuf *err)
{
	struct cert *o;
	bool more = true;

	(void)err;
	/* what it issued goes first, and what those issued, to any depth */
	while (more) {
		more = false;
		for (o = entries; o; o = o->next)
			if (o != c && !strcmp(o->issued_by, c->id)) {
				cert_remove(o, err);
				more = true;
				break;
			}
	}
	log_info("certificate %s removed", cert_name(c));
	unlink_entry(c);
	cert_changed();
	return 0;
}

void cert_free_all(void)
{
	struct cert *c;

	while ((c = entries)) {
		entries = c->next;
		cert_entry_free(c);
	}
	next_order = 1;
}
