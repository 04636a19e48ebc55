// SPDX-License-Identifier: GPL-2.0
/*
 * The store on disk: STATE_DIR/certificates/ID.{meta,crt,key,crl} (cert.h says how they
 * are written), loaded at start, and STATE_DIR/files, where import reads and
 * export-certificate writes.
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
#include "cert/store.h"
#include "core/log.h"

#define META_MAX 16384

static int store_fd = -1, files_fd = -1;
static char files_dir[4096];

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

void cert_remove_files(const struct cert *c)
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

/* ID.ext, ID being CERT_ID_LEN hex digits */
static bool store_file(const char *file)
{
	size_t i;

	for (i = 0; i < CERT_ID_LEN; i++)
		if (!file[i] || !strchr("0123456789abcdef", file[i]))
			return false;
	return file[CERT_ID_LEN] == '.';
}

static bool entry_id(const char *file)
{
	return store_file(file) && !strcmp(file + CERT_ID_LEN, ".meta");
}

/*
 * What a crash left: a NAME.new, or the files of an entry whose .meta was never written
 * (made last) or already removed (removed first). A damaged .meta keeps its files.
 */
static bool leftover(const char *file)
{
	char meta[CERT_ID_LEN + 6];
	size_t len = strlen(file);

	if (!store_file(file))
		return false;
	if (len > 4 && !strcmp(file + len - 4, ".new"))
		return true;
	snprintf(meta, sizeof(meta), "%.*s.meta", CERT_ID_LEN, file);
	return faccessat(store_fd, meta, F_OK, AT_SYMLINK_NOFOLLOW) != 0;
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

		if (leftover(e->d_name)) {
			if (!unlinkat(store_fd, e->d_name, 0))
				log_info("certificate store: removed %s, left by a crash", e->d_name);
			continue;
		}
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
	cert_free_all();
	if (store_fd >= 0)
		close(store_fd);
	if (files_fd >= 0)
		close(files_fd);
	store_fd = files_fd = -1;
	files_dir[0] = '\0';
}

const char *cert_files_dir(void)
{
	return files_dir;
}

int cert_files_fd(void)
{
	return files_fd;
}
