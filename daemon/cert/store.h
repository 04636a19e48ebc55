/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the certificate store: the entry and what the store's files share. */
#ifndef SLUICED_CERT_STORE_H
#define SLUICED_CERT_STORE_H

#include <openssl/x509.h>
#include "cert/cert.h"
#include "cert/cert_menu.h"

#define CERT_ID_LEN 16		/* hex digits: the entry's file names */
#define CERT_PROP_NAME 0	/* CERT_TEMPLATE_PROPS' order */
#define CERT_PROP_TRUSTED (CERT_NTEMPLATE_PROPS - 1)

struct cert {
	struct cert *next;
	char id[CERT_ID_LEN + 1];
	unsigned long order;		/* made as the how-manieth: print's order, kept on disk */
	/* name and trusted always; the other template values while a template (NULL: default) */
	char *vals[CERT_NTEMPLATE_PROPS];
	char *ca_crl_host;		/* a CA made here with a CRL */
	char issued_by[CERT_ID_LEN + 1];	/* the CA here that signed it; "" if none */
	X509 *x509;			/* NULL: a template */
	EVP_PKEY *key;
	X509_CRL *crl;
};

/* store.c */
struct cert *cert_new_entry(const char *name);	/* with a fresh id, not yet in the store */
void cert_entry_free(struct cert *c);
void cert_link(struct cert *c);
void cert_free_all(void);
int cert_set_val(struct cert *c, size_t prop, const char *v);
const char *cert_val(const struct cert *c, size_t prop);
void cert_template_typed(const struct cert *c, struct certificate_cfg *out);
/* Writes the entry's files (.meta last); 0, or -1 with the reason. */
int cert_save(const struct cert *c, struct strbuf *err);	/* disk.c */
void cert_remove_files(const struct cert *c);
void cert_changed(void);
struct cert *cert_by_id(const char *id);
const char *cert_ca_name(const struct cert *c);
struct cert *cert_by_fingerprint(const unsigned char *sha256);
int cert_fingerprint(const X509 *x, unsigned char out[32]);
/* A name not yet used: base, else base_0, base_1 ... (buf of cap bytes) */
const char *cert_free_name(const char *base, char *buf, size_t cap);
int cert_check_name(const struct cert *self, const char *name, struct strbuf *err);

/* io.c: files in a directory of the store's (dirfd) */
int cert_write_file(int dirfd, const char *name, const void *data, size_t len, int mode);
int cert_read_file(int dirfd, const char *name, size_t max, unsigned char **data,
		   size_t *len);
/* Is name a plain relative path inside the directory (no "..", no leading '/')? */
bool cert_safe_path(const char *name);
int cert_files_fd(void);
/* The BIO's contents as one file; -1 on error */
int cert_write_bio(int dirfd, const char *name, BIO *b, int mode);

#endif /* SLUICED_CERT_STORE_H */
