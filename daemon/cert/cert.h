/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The certificate store behind /certificate, shared by IPsec, SSTP and OpenVPN: templates,
 * certificates (ours, signed here, or imported) with their private keys, and the CRL of a
 * CA made here. OpenSSL 3 does every piece of cryptography.
 *
 * On disk, under STATE_DIR/certificates (0700): per entry ID.meta (name, trusted, the
 * template's values), ID.crt (PEM), ID.key (PKCS#8 PEM, unencrypted, mode 0600), ID.crl.
 * Each is written to a temporary name, fsync'd and renamed; the .meta comes last and goes
 * first, so an entry exists exactly when its .meta does. Files import reads and
 * export-certificate writes are in STATE_DIR/files (RouterOS's Files).
 *
 * A struct cert is valid until the next change of the store (a command, a reload): users
 * that keep a certificate take references with cert_x509() / cert_key() and are told of
 * changes through cert_on_change().
 */
#ifndef SLUICED_CERT_H
#define SLUICED_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "strbuf.h"

struct cert;

/* Opens (creating them) STATE_DIR/certificates and STATE_DIR/files and loads the store. */
int cert_store_open(const char *state_dir);
void cert_store_close(void);
const char *cert_files_dir(void);

/* --- what other parts use */
struct cert *cert_find(const char *name);
struct cert *cert_next(const struct cert *c);	/* cert_next(NULL): the first */
const char *cert_name(const struct cert *c);
bool cert_is_template(const struct cert *c);
bool cert_trusted(const struct cert *c);
bool cert_has_key(const struct cert *c);
bool cert_is_ca(const struct cert *c);
/* A reference the caller frees (X509_free, EVP_PKEY_free); NULL for a template or no key. */
X509 *cert_x509(const struct cert *c);
/* The certificate's first subjectAltName as an IKE identity ("2.2.2.2", "fqdn:vpn.example",
 * "email:a@b"): what clients name a server by. false if it has none. */
bool cert_first_san(const struct cert *c, char *out, size_t cap);
EVP_PKEY *cert_key(const struct cert *c);
/* The issuers held here, nearest first, up to a self-signed one; sk_X509_pop_free(, X509_free). */
STACK_OF(X509) *cert_chain(const struct cert *c);
/* The certificate as PEM text, or DER (OPENSSL_free); the key as PKCS#8 DER, which the
 * caller wipes and frees (OPENSSL_clear_free). 0, or -1 (a template, no key, no memory). */
int cert_pem(const struct cert *c, struct strbuf *out);
int cert_der(const struct cert *c, unsigned char **der, size_t *len);
int cert_key_der(const struct cert *c, unsigned char **der, size_t *len);
/* any private key as PKCS#8 DER (the same rules) */
int cert_pkey_der(EVP_PKEY *key, unsigned char **der, size_t *len);
/* The CRL of a CA made here with ca-crl-host (flag L), PEM; -1 if none. */
int cert_crl_pem(const struct cert *c, struct strbuf *out);
/* Called after every change of the store (IPsec reloads what charon has). */
void cert_on_change(void (*fn)(void));

/* /certificate's view and commands (view.c), hooked into the menu at start */
void cert_menu_hook(void);

/* --- the commands (view.c); each 0, or -1 with the reason in err and nothing changed */
int cert_add_template(const char *const *keys, const char *const *vals, size_t n,
		      struct strbuf *err);
int cert_set(struct cert *c, const char *const *keys, const char *const *vals, size_t n,
	     struct strbuf *err);
/* A CA goes with the certificates it issued here, as on RouterOS: c with ca (or ca itself)? */
bool cert_goes_with(const struct cert *c, const struct cert *ca);
int cert_remove(struct cert *c, struct strbuf *err);
/* A key and a certificate from template c: self-signed, or signed by CA ca (NULL). */
int cert_sign(struct cert *c, const char *ca, const char *ca_crl_host, const char *name,
	      struct strbuf *err);
/* trusted: -1 for the default (yes). RouterOS's counters go to out. */
int cert_import(const char *file, const char *passphrase, const char *name, int trusted,
		struct strbuf *out, struct strbuf *err);
int cert_export(const struct cert *c, bool pkcs12, const char *passphrase, struct strbuf *err);

/* --- print: the shown properties of an entry, by their /certificate names */
const char *cert_value(const struct cert *c, const char *prop, char *buf, size_t cap);
/* RouterOS's flags: K L A I E T */
void cert_flags(const struct cert *c, char *buf, size_t cap);

/* --- the import parser (import.c), on its own for the fuzzer */
#define CERT_BUNDLE_MAX 32	/* certificates and keys a file may hold, each */
#define CERT_FILE_MAX (1 << 20)

struct cert_bundle {
	X509 *certs[CERT_BUNDLE_MAX];
	size_t ncerts;
	EVP_PKEY *keys[CERT_BUNDLE_MAX];
	size_t nkeys;
	unsigned int decryption_failures;
};

/* PEM (any number of certificates and keys), DER, PKCS#12. 0, or -1 with the reason. */
int cert_parse(const unsigned char *buf, size_t len, const char *passphrase,
	       struct cert_bundle *b, struct strbuf *err);
void cert_bundle_free(struct cert_bundle *b);

#endif /* SLUICED_CERT_H */
