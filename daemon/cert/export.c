// SPDX-License-Identifier: GPL-2.0
/*
 * export-certificate NAME type=pem|pkcs12 export-passphrase=: RouterOS's files in Files:
 * cert_export_NAME.crt (PEM), with cert_export_NAME.key (PKCS#8, AES-256, encrypted with
 * the passphrase) when one is given; or cert_export_NAME.p12 with the key, the certificate
 * and its CA chain. A key never leaves without a passphrase of at least 8 characters
 * (RouterOS's rule). The files are 0600: they may hold a key.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include "cert/store.h"
#include "core/log.h"

#define PASSPHRASE_MIN 8

static int write_out(const char *name, const char *ext, BIO *b, struct strbuf *err)
{
	char file[128];

	snprintf(file, sizeof(file), "cert_export_%s.%s", name, ext);
	if (cert_files_fd() < 0 || cert_write_bio(cert_files_fd(), file, b, 0600)) {
		sb_printf(err, "cannot write %s/%s: %s", cert_files_dir(), file, strerror(errno));
		return -1;
	}
	log_info("certificate %s exported to %s/%s", name, cert_files_dir(), file);
	return 0;
}

static int export_pem(const struct cert *c, const char *pass, struct strbuf *err)
{
	BIO *b = BIO_new(BIO_s_mem());
	int ret = -1;

	if (b && PEM_write_bio_X509(b, c->x509) > 0)
		ret = write_out(cert_name(c), "crt", b, err);
	else
		sb_puts(err, "out of memory");
	BIO_free(b);
	if (ret || !*pass)
		return ret;
	b = BIO_new(BIO_s_mem());
	ret = -1;
	if (b && PEM_write_bio_PKCS8PrivateKey(b, c->key, EVP_aes_256_cbc(), NULL, 0, NULL,
					       (void *)pass) > 0)
		ret = write_out(cert_name(c), "key", b, err);
	else
		sb_puts(err, "could not encrypt the key");
	BIO_free(b);
	return ret;
}

/* OpenSSL 3's defaults: AES-256-CBC, PBKDF2, a SHA-256 MAC. */
static int export_pkcs12(const struct cert *c, const char *pass, struct strbuf *err)
{
	STACK_OF(X509) *chain = cert_chain(c);
	EVP_PKEY *key = *pass ? c->key : NULL;
	PKCS12 *p12 = chain ? PKCS12_create(pass, cert_name(c), key, c->x509, chain, 0, 0, 0,
					    0, 0) : NULL;
	BIO *b = BIO_new(BIO_s_mem());
	int ret = -1;

	if (p12 && b && i2d_PKCS12_bio(b, p12) > 0)
		ret = write_out(cert_name(c), "p12", b, err);
	else
		sb_printf(err, "could not make the PKCS#12 file: %s",
			  ERR_reason_error_string(ERR_peek_last_error()) ?: "out of memory");
	ERR_clear_error();
	BIO_free(b);
	PKCS12_free(p12);
	sk_X509_pop_free(chain, X509_free);
	return ret;
}

int cert_export(const struct cert *c, bool pkcs12, const char *pass, struct strbuf *err)
{
	if (!pass)
		pass = "";
	if (!c->x509) {
		sb_printf(err, "%s is a template: sign it first", cert_name(c));
		return -1;
	}
	if (*pass && !c->key) {
		sb_printf(err, "%s has no private key to export", cert_name(c));
		return -1;
	}
	if (*pass && strlen(pass) < PASSPHRASE_MIN) {
		sb_puts(err, "export-passphrase must be at least 8 characters: it protects the key");
		return -1;
	}
	return pkcs12 ? export_pkcs12(c, pass, err) : export_pem(c, pass, err);
}
