// SPDX-License-Identifier: GPL-2.0
/*
 * The keys of /ip ipsec key (keys.h): a small list in memory, one file each on disk,
 * OpenSSL's decoders for whatever an operator imports (PEM or DER; PKCS#8, PKCS#1 or
 * SubjectPublicKeyInfo), its RSA generator for generate-key.
 */
#define LOG_TOPIC LOG_T_IPSEC
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include "cert/cert.h"
#include "cert/store.h"
#include "core/log.h"
#include "ipsec/keys.h"

struct ipsec_key {
	char name[65];
	EVP_PKEY *pkey;
	bool priv;
};

static struct ipsec_key *keys;
static size_t nkeys;
static int dir_fd = -1;
static void (*changed)(void);

/* a name also names its file: letters, digits, '.', '_', '-'; not . or .. */
static bool name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (!n || n > 64 || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
			return false;
	return true;
}

/* --- the list */

static int add_key(const char *name, EVP_PKEY *pkey, bool priv)
{
	struct ipsec_key *more;

	if (nkeys >= IPSEC_KEYS_MAX) {
		errno = ENOSPC;
		return -1;
	}
	more = realloc(keys, (nkeys + 1) * sizeof(*keys));
	if (!more)
		return -1;
	keys = more;
	snprintf(keys[nkeys].name, sizeof(keys[nkeys].name), "%s", name);
	keys[nkeys].pkey = pkey;
	keys[nkeys].priv = priv;
	nkeys++;
	return 0;
}

static void tell(void)
{
	if (changed)
		changed();
}

static void load_one(const char *file)
{
	char name[80];
	const char *dot = strrchr(file, '.');
	unsigned char *data = NULL;
	size_t len = 0;
	struct strbuf err;
	EVP_PKEY *pkey;
	bool priv;

	if (!dot || (strcmp(dot, ".key") && strcmp(dot, ".pub")) || dot - file > 64)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)(dot - file), file);
	if (!name_ok(name) || ipsec_keystore_find(name) ||
	    cert_read_file(dir_fd, file, IPSEC_KEY_FILE_MAX, &data, &len))
		return;
	sb_init(&err);
	pkey = ipsec_key_parse(data, len, &priv, &err);
	OPENSSL_cleanse(data, len);
	free(data);
	if (!pkey || priv != !strcmp(dot, ".key") || add_key(name, pkey, priv)) {
		log_warn("ipsec key %s: not loaded: %s", file, err.p ? err.p : "not what its name says");
		EVP_PKEY_free(pkey);
	}
	sb_free(&err);
}

static void load_all(void)
{
	int fd = dup(dir_fd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		load_one(e->d_name);
	closedir(d);
}

int ipsec_keys_open(const char *state_dir)
{
	char path[4096];

	ipsec_keys_close();
	if ((size_t)snprintf(path, sizeof(path), "%s/ipsec-keys", state_dir) >= sizeof(path) ||
	    (mkdir(path, 0700) && errno != EEXIST) ||
	    (dir_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fchmod(dir_fd, 0700)) {	/* ours alone even if it was there before */
		log_err("ipsec keys %s: %s", path, strerror(errno));
		return -1;
	}
	load_all();
	return 0;
}

void ipsec_keys_close(void)
{
	size_t i;

	for (i = 0; i < nkeys; i++)
		EVP_PKEY_free(keys[i].pkey);
	free(keys);
	keys = NULL;
	nkeys = 0;
	if (dir_fd >= 0)
		close(dir_fd);
	dir_fd = -1;
}

const struct ipsec_key *ipsec_keystore_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < nkeys; i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

const struct ipsec_key *ipsec_keystore_at(size_t i)
{
	return i < nkeys ? &keys[i] : NULL;
}

const char *ipsec_key_name(const struct ipsec_key *k)
{
	return k->name;
}

unsigned int ipsec_key_bits(const struct ipsec_key *k)
{
	int bits = EVP_PKEY_get_bits(k->pkey);

	return bits > 0 ? (unsigned int)bits : 0;
}

bool ipsec_key_private(const struct ipsec_key *k)
{
	return k->priv;
}

bool ipsec_key_rsa(const struct ipsec_key *k)
{
	return EVP_PKEY_get_base_id(k->pkey) == EVP_PKEY_RSA;
}

int ipsec_key_public_der(const struct ipsec_key *k, unsigned char **der, size_t *len)
{
	int n;

	*der = NULL;
	n = i2d_PUBKEY(k->pkey, der);
	if (n <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

int ipsec_key_private_der(const struct ipsec_key *k, unsigned char **der, size_t *len)
{
	*der = NULL;
	return k->priv ? cert_pkey_der(k->pkey, der, len) : -1;
}

void ipsec_keys_on_change(void (*fn)(void))
{
	changed = fn;
}

/* --- the commands */

/* a file of Files (/certificate's directory), named without a way out of it */
static int file_ok(const char *file, struct strbuf *err)
{
	if (file && cert_safe_path(file))
		return 0;
	sb_printf(err, "bad file-name %s: a name inside %s, without '..'", file ? file : "(none)",
		  cert_files_dir());
	return -1;
}

static int check_new_name(const char *name, struct strbuf *err)
{
	if (!name || !name_ok(name)) {
		sb_printf(err, "bad name %s: 1 to 64 letters, digits, '.', '_' or '-'",
			  name ? name : "(none)");
		return -1;
	}
	if (ipsec_keystore_find(name)) {
		sb_printf(err, "a key named %s exists already", name);
		return -1;
	}
	if (nkeys >= IPSEC_KEYS_MAX) {
		sb_printf(err, "too many keys (%d)", IPSEC_KEYS_MAX);
		return -1;
	}
	return 0;
}

/* its file, then the list: a key exists exactly when its file does */
static int save_and_add(const char *name, EVP_PKEY *pkey, bool priv, struct strbuf *err)
{
	BIO *b = BIO_new(BIO_s_mem());
	char file[80];
	int ok;

	snprintf(file, sizeof(file), "%s.%s", name, priv ? "key" : "pub");
	ok = b && (priv ? PEM_write_bio_PKCS8PrivateKey(b, pkey, NULL, NULL, 0, NULL, NULL) :
			  PEM_write_bio_PUBKEY(b, pkey));
	if (!ok || dir_fd < 0 || cert_write_bio(dir_fd, file, b, priv ? 0600 : 0644)) {
		sb_printf(err, "cannot write key %s: %s", name, dir_fd < 0 ? "no key directory" :
			  strerror(errno ? errno : ENOMEM));
		BIO_free_all(b);
		return -1;
	}
	BIO_free_all(b);
	if (add_key(name, pkey, priv)) {
		unlinkat(dir_fd, file, 0);
		sb_puts(err, "out of memory");
		return -1;
	}
	log_info("ipsec key %s: %u-bit RSA %s key added", name, ipsec_key_bits(&keys[nkeys - 1]),
		 priv ? "private" : "public");
	tell();
	return 0;
}

int ipsec_key_generate(const char *name, unsigned int bits, struct strbuf *err)
{
	EVP_PKEY *pkey;

	if (check_new_name(name, err))
		return -1;
	if (bits != 1024 && bits != 2048 && bits != 4096) {
		sb_puts(err, "bad value for key-size: expected 1024, 2048 or 4096");
		return -1;
	}
	pkey = EVP_RSA_gen(bits);
	if (!pkey) {
		sb_puts(err, "key generation failed");
		return -1;
	}
	if (save_and_add(name, pkey, true, err)) {
		EVP_PKEY_free(pkey);
		return -1;
	}
	return 0;
}

/* RouterOS names an imported key after its file when name= is not given (NAME_0, NAME_1
 * ... when that is taken, as /certificate import does) */
static void name_from_file(const char *file, char *buf, size_t cap)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	const char *dot = strrchr(base, '.');
	size_t i, n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char stem[56];
	unsigned int k;

	snprintf(stem, sizeof(stem), "%.*s", (int)(n < 48 ? n : 48), base);
	for (i = 0; stem[i]; i++)
		if (!isalnum((unsigned char)stem[i]) && !strchr("._-", stem[i]))
			stem[i] = '_';
	snprintf(buf, cap, "%s", stem);
	for (k = 0; ipsec_keystore_find(buf) && k < IPSEC_KEYS_MAX; k++)
		snprintf(buf, cap, "%s_%u", stem, k);
}

int ipsec_key_import(const char *file, const char *name, struct strbuf *err)
{
	unsigned char *data = NULL;
	char auto_name[80];
	size_t len = 0;
	EVP_PKEY *pkey;
	bool priv;

	if (file_ok(file, err))
		return -1;
	name_from_file(file, auto_name, sizeof(auto_name));
	if (check_new_name(name && *name ? name : auto_name, err))
		return -1;
	if (cert_files_fd() < 0 ||
	    cert_read_file(cert_files_fd(), file, IPSEC_KEY_FILE_MAX, &data, &len)) {
		sb_printf(err, "cannot read %s/%s: %s", cert_files_dir(), file,
			  errno == EFBIG ? "too big for a key" : strerror(errno));
		return -1;
	}
	pkey = ipsec_key_parse(data, len, &priv, err);
	OPENSSL_cleanse(data, len);
	free(data);
	if (!pkey)
		return -1;
	if (save_and_add(name && *name ? name : auto_name, pkey, priv, err)) {
		EVP_PKEY_free(pkey);
		return -1;
	}
	return 0;
}

int ipsec_key_export_pub(const struct ipsec_key *k, const char *file, struct strbuf *err)
{
	BIO *b;
	int ret;

	if (file_ok(file, err))
		return -1;
	b = BIO_new(BIO_s_mem());
	ret = b && PEM_write_bio_PUBKEY(b, k->pkey) && cert_files_fd() >= 0 ?
	      cert_write_bio(cert_files_fd(), file, b, 0644) : -1;
	BIO_free_all(b);
	if (ret) {
		sb_printf(err, "cannot write %s/%s: %s", cert_files_dir(), file, strerror(errno));
		return -1;
	}
	log_info("ipsec key %s: public key exported to %s/%s", k->name, cert_files_dir(), file);
	return 0;
}

int ipsec_key_remove(const char *name, struct strbuf *err)
{
	struct ipsec_key *k = (struct ipsec_key *)ipsec_keystore_find(name);
	char file[80], gone[65];

	if (!k) {
		sb_printf(err, "no key named %s", name);
		return -1;
	}
	snprintf(gone, sizeof(gone), "%s", k->name);
	snprintf(file, sizeof(file), "%s.%s", k->name, k->priv ? "key" : "pub");
	if (dir_fd >= 0 && unlinkat(dir_fd, file, 0) && errno != ENOENT) {
		sb_printf(err, "cannot remove %s: %s", file, strerror(errno));
		return -1;
	}
	EVP_PKEY_free(k->pkey);
	memmove(k, k + 1, (size_t)(keys + nkeys - (k + 1)) * sizeof(*k));
	nkeys--;
	log_info("ipsec key %s removed", gone);
	tell();
	return 0;
}
