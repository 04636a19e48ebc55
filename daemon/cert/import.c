// SPDX-License-Identifier: GPL-2.0
/*
 * /certificate import file-name= passphrase= name= trusted=: the certificates of a file
 * become entries named FILE_0, FILE_1 ... (RouterOS's names) unless name= is given; a key
 * goes to its certificate, in the file or already here (RouterOS imports a .crt, then its
 * .key). A certificate already here (same SHA-256 fingerprint) is not added twice.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cert/store.h"
#include "core/log.h"

struct import_counts {
	unsigned int certs, keys, orphans;
};

/* file-name's last element, made a valid name: what RouterOS names imported certificates by */
static void base_name(const char *file, char *buf, size_t cap)
{
	const char *slash = strrchr(file, '/');
	size_t i;

	/* room for "_N" within a name's 64 characters */
	snprintf(buf, cap < 57 ? cap : 57, "%s", slash ? slash + 1 : file);
	for (i = 0; buf[i]; i++)
		if (strchr(" \t\"\\[]=,~#", buf[i]) || (unsigned char)buf[i] < 0x20)
			buf[i] = '_';
}

/* base_0, base_1 ...: the first free one */
static const char *indexed_name(const char *base, char *buf, size_t cap)
{
	unsigned int k;

	for (k = 0; k < 100000; k++) {
		snprintf(buf, cap, "%s_%u", base, k);
		if (!cert_find(buf))
			return buf;
	}
	return NULL;
}

static int new_entry(X509 *x, const char *name, bool trusted, struct strbuf *err)
{
	struct cert *c;

	if (cert_check_name(NULL, name, err))
		return -1;
	c = cert_new_entry(name);
	if (!c || cert_set_val(c, CERT_PROP_TRUSTED, trusted ? "yes" : "no") ||
	    !X509_up_ref(x)) {
		cert_entry_free(c);
		sb_puts(err, "out of memory");
		return -1;
	}
	c->x509 = x;
	if (cert_save(c, err)) {
		cert_entry_free(c);
		return -1;
	}
	cert_link(c);
	return 0;
}

/* name= names the first certificate; the others, and all without it, are BASE_N */
static int add_certs(const struct cert_bundle *b, const char *file, const char *name,
		     bool trusted, struct import_counts *n, struct strbuf *err)
{
	char base[64], buf[80];
	size_t i;

	base_name(name && *name ? name : file, base, sizeof(base));
	for (i = 0; i < b->ncerts; i++) {
		unsigned char fp[32];
		const char *use;

		if (cert_fingerprint(b->certs[i], fp) || cert_by_fingerprint(fp))
			continue;	/* here already */
		use = name && *name && !n->certs ? name : indexed_name(base, buf, sizeof(buf));
		if (!use) {
			sb_printf(err, "no free name for a certificate of %s", file);
			return -1;
		}
		if (new_entry(b->certs[i], use, trusted, err))
			return -1;
		n->certs++;
	}
	return 0;
}

/* A key goes to the certificate here with its public key and no private key yet. */
static int add_key(EVP_PKEY *k, struct import_counts *n, struct strbuf *err)
{
	struct cert *c;

	for (c = cert_next(NULL); c; c = cert_next(c)) {
		if (!c->x509 || c->key || EVP_PKEY_eq(X509_get0_pubkey(c->x509), k) != 1)
			continue;
		if (!EVP_PKEY_up_ref(k)) {
			sb_puts(err, "out of memory");
			return -1;
		}
		c->key = k;
		if (cert_save(c, err)) {
			c->key = NULL;
			EVP_PKEY_free(k);
			return -1;
		}
		n->keys++;
		return 0;
	}
	n->orphans++;
	return 0;
}

static void summary(const struct import_counts *n, unsigned int failures, struct strbuf *out)
{
	sb_printf(out, "     certificates-imported: %u\n", n->certs);
	sb_printf(out, "     private-keys-imported: %u\n", n->keys);
	sb_printf(out, "            files-imported: %u\n", n->certs || n->keys ? 1 : 0);
	sb_printf(out, "       decryption-failures: %u\n", failures);
	sb_printf(out, "  keys-with-no-certificate: %u\n", n->orphans);
}

static int read_import(const char *file, unsigned char **data, size_t *len, struct strbuf *err)
{
	if (!cert_safe_path(file)) {
		sb_printf(err, "bad file-name %s: a name inside %s, without '..'", file,
			  cert_files_dir());
		return -1;
	}
	if (cert_files_fd() < 0 || cert_read_file(cert_files_fd(), file, CERT_FILE_MAX, data, len)) {
		sb_printf(err, "cannot read %s/%s: %s", cert_files_dir(), file,
			  errno == EFBIG ? "too big for a certificate" : strerror(errno));
		return -1;
	}
	return 0;
}

int cert_import(const char *file, const char *pass, const char *name, int trusted,
		struct strbuf *out, struct strbuf *err)
{
	struct import_counts n = { 0 };
	struct cert_bundle b;
	unsigned char *data;
	size_t len, i;
	int ret;

	if (name && *name && cert_check_name(NULL, name, err))
		return -1;
	if (read_import(file, &data, &len, err))
		return -1;
	ret = cert_parse(data, len, pass, &b, err);
	OPENSSL_clear_free(data, len);
	if (ret)
		return -1;
	ret = add_certs(&b, file, name, trusted != 0, &n, err);
	for (i = 0; !ret && i < b.nkeys; i++)
		ret = add_key(b.keys[i], &n, err);
	if (!ret)
		summary(&n, b.decryption_failures, out);
	log_info("certificate import %s: %u certificates, %u keys%s", file, n.certs, n.keys,
		 ret ? ", then failed" : "");
	cert_bundle_free(&b);
	if (n.certs || n.keys)
		cert_changed();
	return ret;
}
