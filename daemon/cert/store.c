// SPDX-License-Identifier: GPL-2.0
/*
 * The certificate store: the entries in memory, their files under STATE_DIR/certificates,
 * templates (add, set), remove, and what other parts of sluiced read (cert.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include "cert/store.h"
#include "core/log.h"

#define META_MAX 16384
#define MAX_LISTENERS 4

static struct cert *entries;
static int store_fd = -1, files_fd = -1;
static char files_dir[4096];
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

/* --- files */

static void entry_file(char *buf, size_t cap, const struct cert *c, const char *ext)
{
	snprintf(buf, cap, "%s.%s", c->id, ext);
}

static int save_meta(const struct cert *c)
{
	struct strbuf m;
	char file[64];
	size_t p;
	int ret;

	sb_init(&m);
	sb_printf(&m, "name=%s\ntrusted=%s\norder=%lu\n", cert_name(c),
		  cert_val(c, CERT_PROP_TRUSTED), c->order);
	if (*c->issued_by)
		sb_printf(&m, "issued-by=%s\n", c->issued_by);
	if (c->ca_crl_host)
		sb_printf(&m, "ca-crl-host=%s\n", c->ca_crl_host);
	for (p = 1; p < CERT_PROP_TRUSTED && !c->x509; p++)
		if (c->vals[p])
			sb_printf(&m, "%s=%s\n", certificate_menu.props[p].name, c->vals[p]);
	entry_file(file, sizeof(file), c, "meta");
	ret = m.oom ? -1 : cert_write_file(store_fd, file, m.p, m.len, 0600);
	sb_free(&m);
	return ret;
}

/* obj: an X509, EVP_PKEY or X509_CRL written by write (PEM) */
static int save_pem(const struct cert *c, const char *ext, const void *obj,
		    int (*write)(BIO *b, const void *obj))
{
	BIO *b = BIO_new(BIO_s_mem());
	char file[64];
	int ret = -1;

	entry_file(file, sizeof(file), c, ext);
	if (!obj) {
		BIO_free(b);
		return unlinkat(store_fd, file, 0) && errno != ENOENT ? -1 : 0;
	}
	if (b && write(b, obj) > 0)
		ret = cert_write_bio(store_fd, file, b, 0600);
	BIO_free(b);
	return ret;
}

static int write_x509(BIO *b, const void *o)
{
	return PEM_write_bio_X509(b, (X509 *)o);
}

static int write_key(BIO *b, const void *o)
{
	return PEM_write_bio_PKCS8PrivateKey(b, (EVP_PKEY *)o, NULL, NULL, 0, NULL, NULL);
}

static int write_crl(BIO *b, const void *o)
{
	return PEM_write_bio_X509_CRL(b, (X509_CRL *)o);
}

int cert_save(const struct cert *c, struct strbuf *err)
{
	if (store_fd < 0)
		return 0;	/* in memory only (sluiced -t, tests) */
	if (save_pem(c, "key", c->key, write_key) || save_pem(c, "crt", c->x509, write_x509) ||
	    save_pem(c, "crl", c->crl, write_crl) || save_meta(c)) {
		sb_printf(err, "could not save certificate %s: %s", cert_name(c), strerror(errno));
		log_err("certificate: %s", err->p);
		return -1;
	}
	return 0;
}

static void remove_files(const struct cert *c)
{
	static const char *const exts[] = { "meta", "key", "crt", "crl" };
	char file[64];
	size_t i;

	for (i = 0; i < 4 && store_fd >= 0; i++) {
		entry_file(file, sizeof(file), c, exts[i]);
		if (unlinkat(store_fd, file, 0) && errno != ENOENT)
			log_err("certificate %s: removing %s: %s", cert_name(c), file,
				strerror(errno));
	}
}

/* --- loading */

static bool entry_id(const char *file)
{
	size_t i;

	for (i = 0; i < CERT_ID_LEN; i++)
		if (!strchr("0123456789abcdef", file[i]) || !file[i])
			return false;
	return !strcmp(file + CERT_ID_LEN, ".meta");
}

/* One "key=value" line of a .meta file; the values are checked as a command's would be. */
static int meta_line(struct cert *c, char *line)
{
	char *eq = strchr(line, '=');
	int p;

	if (!eq)
		return -1;
	*eq++ = '\0';
	if (!strcmp(line, "issued-by")) {
		snprintf(c->issued_by, sizeof(c->issued_by), "%s", eq);
		return 0;
	}
	if (!strcmp(line, "order")) {
		c->order = strtoul(eq, NULL, 10);
		return 0;
	}
	if (!strcmp(line, "ca-crl-host"))
		return (c->ca_crl_host = strdup(eq)) ? 0 : -1;
	p = cfg_prop_index(&certificate_menu, line);
	if (p < 0 || p >= CERT_NTEMPLATE_PROPS ||
	    certificate_menu.props[p].type->check(certificate_menu.props[p].type, eq))
		return -1;
	return cert_set_val(c, (size_t)p, eq);
}

static void *read_pem(const struct cert *c, const char *ext,
		      void *(*read)(BIO *b))
{
	unsigned char *data;
	char file[64];
	size_t len;
	void *obj = NULL;
	BIO *b;

	entry_file(file, sizeof(file), c, ext);
	if (cert_read_file(store_fd, file, CERT_FILE_MAX, &data, &len))
		return NULL;
	b = BIO_new_mem_buf(data, (int)len);
	if (b)
		obj = read(b);
	BIO_free(b);
	OPENSSL_clear_free(data, len);
	return obj;
}

static void *read_x509(BIO *b)
{
	return PEM_read_bio_X509(b, NULL, NULL, NULL);
}

static void *read_key(BIO *b)
{
	return PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
}

static void *read_crl(BIO *b)
{
	return PEM_read_bio_X509_CRL(b, NULL, NULL, NULL);
}

static int load_objects(struct cert *c)
{
	c->x509 = read_pem(c, "crt", read_x509);
	c->key = read_pem(c, "key", read_key);
	c->crl = read_pem(c, "crl", read_crl);
	if (c->key && (!c->x509 || X509_check_private_key(c->x509, c->key) != 1)) {
		log_warn("certificate %s: its key does not match its certificate: ignored",
			 cert_name(c));
		EVP_PKEY_free(c->key);
		c->key = NULL;
	}
	return 0;
}

static struct cert *load_entry(const char *file)
{
	unsigned char *data;
	char *line, *save = NULL, name[80];
	struct cert *c = calloc(1, sizeof(*c));
	size_t len;
	int bad = 0;

	if (!c || cert_read_file(store_fd, file, META_MAX, &data, &len)) {
		free(c);
		return NULL;
	}
	memcpy(c->id, file, CERT_ID_LEN);
	for (line = strtok_r((char *)data, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		bad |= meta_line(c, line);
	free(data);
	if (bad || !c->vals[CERT_PROP_NAME] || load_objects(c)) {
		log_err("certificate store: %s is damaged: left out", file);
		cert_entry_free(c);
		return NULL;
	}
	if (cert_find(cert_name(c))) {
		const char *free_name = cert_free_name(cert_name(c), name, sizeof(name));

		if (!free_name || cert_set_val(c, CERT_PROP_NAME, free_name)) {
			cert_entry_free(c);
			return NULL;
		}
	}
	return c;
}

static void load_all(void)
{
	int fd = dup(store_fd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	size_t n = 0;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d))) {
		struct cert *c;

		if (!entry_id(e->d_name) || !(c = load_entry(e->d_name)))
			continue;
		cert_link(c);
		n++;
	}
	closedir(d);
	if (n)
		log_info("certificate store: %zu entries", n);
}

static int open_dir(const char *state_dir, const char *sub, char *path, size_t cap)
{
	if ((size_t)snprintf(path, cap, "%s/%s", state_dir, sub) >= cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (mkdir(path, 0700) && errno != EEXIST)
		return -1;
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int cert_store_open(const char *state_dir)
{
	char path[4096];

	cert_store_close();
	store_fd = open_dir(state_dir, "certificates", path, sizeof(path));
	if (store_fd < 0) {
		log_err("certificate store %s: %s", path, strerror(errno));
		return -1;
	}
	files_fd = open_dir(state_dir, "files", files_dir, sizeof(files_dir));
	if (files_fd < 0)
		log_err("files directory %s: %s", files_dir, strerror(errno));
	load_all();
	return 0;
}

void cert_store_close(void)
{
	struct cert *c;

	while ((c = entries)) {
		entries = c->next;
		cert_entry_free(c);
	}
	if (store_fd >= 0)
		close(store_fd);
	if (files_fd >= 0)
		close(files_fd);
	store_fd = files_fd = -1;
	files_dir[0] = '\0';
	next_order = 1;
}

const char *cert_files_dir(void)
{
	return files_dir;
}

int cert_files_fd(void)
{
	return files_fd;
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
		remove_files(c);
		cert_entry_free(c);
		return -1;
	}
	cert_link(c);
	cert_changed();
	return 0;
}

int cert_set(struct cert *c, const char *const *keys, const char *const *vals, size_t n,
	     struct strbuf *err)
{
	char *old[CERT_NTEMPLATE_PROPS];

	if (check_template_pairs(c, keys, vals, n, !c->x509, err))
		return -1;
	memcpy(old, c->vals, sizeof(old));
	memset(c->vals, 0, sizeof(c->vals));
	/* a copy of every value first, so a failed save puts the old ones back */
	{
		size_t p;
		int fail = 0;

		for (p = 0; p < CERT_NTEMPLATE_PROPS; p++)
			fail |= cert_set_val(c, p, old[p]);
		if (fail || apply_pairs(c, keys, vals, n) || cert_save(c, err)) {
			for (p = 0; p < CERT_NTEMPLATE_PROPS; p++) {
				free(c->vals[p]);
				c->vals[p] = old[p];
			}
			if (!err->len)
				sb_puts(err, "out of memory");
			return -1;
		}
		for (p = 0; p < CERT_NTEMPLATE_PROPS; p++)
			free(old[p]);
	}
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
	remove_files(c);
	cert_entry_free(c);
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

/* --- what other parts read */

X509 *cert_x509(const struct cert *c)
{
	if (!c || !c->x509 || !X509_up_ref(c->x509))
		return NULL;
	return c->x509;
}

EVP_PKEY *cert_key(const struct cert *c)
{
	if (!c || !c->key || !EVP_PKEY_up_ref(c->key))
		return NULL;
	return c->key;
}

/* The certificate here that issued x (not x itself): by the issuer's name and key. */
static struct cert *issuer_of(const X509 *x)
{
	struct cert *c;

	for (c = entries; c; c = c->next)
		if (c->x509 && c->x509 != x && X509_check_issued(c->x509, (X509 *)x) == X509_V_OK)
			return c;
	return NULL;
}

STACK_OF(X509) *cert_chain(const struct cert *c)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	const X509 *x = c ? c->x509 : NULL;
	int depth;

	for (depth = 0; chain && x && depth < 8; depth++) {
		struct cert *up;

		if (X509_check_issued((X509 *)x, (X509 *)x) == X509_V_OK)
			break;	/* self-signed: the root */
		up = issuer_of(x);
		if (!up || !sk_X509_push(chain, cert_x509(up)))
			break;
		x = up->x509;
	}
	return chain;
}

/* The name of the CA here that issued c, for print's ca= */
const char *cert_ca_name(const struct cert *c)
{
	const struct cert *ca = cert_by_id(c->issued_by);

	if (!ca && c->x509 && X509_check_issued(c->x509, c->x509) != X509_V_OK)
		ca = issuer_of(c->x509);
	return ca ? cert_name(ca) : "";
}

int cert_pem(const struct cert *c, struct strbuf *out)
{
	BIO *b;
	char *p;
	long len;
	int ret = -1;

	if (!c || !c->x509 || !(b = BIO_new(BIO_s_mem())))
		return -1;
	if (PEM_write_bio_X509(b, c->x509) > 0 && (len = BIO_get_mem_data(b, &p)) > 0) {
		sb_add(out, p, (size_t)len);
		ret = out->oom ? -1 : 0;
	}
	BIO_free(b);
	return ret;
}

int cert_crl_pem(const struct cert *c, struct strbuf *out)
{
	BIO *b;
	char *p;
	long len;
	int ret = -1;

	if (!c || !c->crl || !(b = BIO_new(BIO_s_mem())))
		return -1;
	if (PEM_write_bio_X509_CRL(b, c->crl) > 0 && (len = BIO_get_mem_data(b, &p)) > 0) {
		sb_add(out, p, (size_t)len);
		ret = out->oom ? -1 : 0;
	}
	BIO_free(b);
	return ret;
}

int cert_der(const struct cert *c, unsigned char **der, size_t *len)
{
	int n;

	*der = NULL;
	if (!c || !c->x509 || (n = i2d_X509(c->x509, der)) <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

int cert_key_der(const struct cert *c, unsigned char **der, size_t *len)
{
	PKCS8_PRIV_KEY_INFO *p8;
	int n;

	*der = NULL;
	if (!c || !c->key || !(p8 = EVP_PKEY2PKCS8(c->key)))
		return -1;
	n = i2d_PKCS8_PRIV_KEY_INFO(p8, der);
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (n <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}
