/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec key, as RouterOS has it: RSA keys for identities with auth-method=rsa-key (IKEv1
 * only, as on RouterOS): our private keys (generate-key, or import of a private key) and
 * peers' public keys (import of a public key); export-pub-key writes a private key's public
 * half for the other side. OpenSSL does the keys.
 *
 * Not configuration, like /certificate: the keys live under STATE_DIR/ipsec-keys (0700),
 * NAME.key (PKCS#8 PEM, mode 0600) or NAME.pub (SubjectPublicKeyInfo PEM), written whole
 * or not at all; import reads and export-pub-key writes in the Files directory
 * (STATE_DIR/files, /certificate's). A key is never printed or exported whole.
 */
#ifndef SLUICED_IPSEC_KEYS_H
#define SLUICED_IPSEC_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include "strbuf.h"

#define IPSEC_KEYS_MAX 1024
#define IPSEC_KEY_FILE_MAX 65536

struct ipsec_key;

/* Opens (creating it) STATE_DIR/ipsec-keys and loads what is there. */
int ipsec_keys_open(const char *state_dir);
void ipsec_keys_close(void);

const struct ipsec_key *ipsec_keystore_find(const char *name);
const struct ipsec_key *ipsec_keystore_at(size_t i);	/* NULL past the last */
const char *ipsec_key_name(const struct ipsec_key *k);
unsigned int ipsec_key_bits(const struct ipsec_key *k);
bool ipsec_key_private(const struct ipsec_key *k);
bool ipsec_key_rsa(const struct ipsec_key *k);
/* The public half as SubjectPublicKeyInfo DER; the private key as PKCS#8 DER, which the
 * caller wipes (OPENSSL_clear_free). 0, or -1 (no private key, no memory). */
int ipsec_key_public_der(const struct ipsec_key *k, unsigned char **der, size_t *len);
int ipsec_key_private_der(const struct ipsec_key *k, unsigned char **der, size_t *len);
/* Called after every change (IPsec gives charon the keys its identities name). */
void ipsec_keys_on_change(void (*fn)(void));

/* --- the commands; each 0, or -1 with the reason in err and nothing changed */
int ipsec_key_generate(const char *name, unsigned int bits, struct strbuf *err);
int ipsec_key_import(const char *file, const char *name, struct strbuf *err);
int ipsec_key_export_pub(const struct ipsec_key *k, const char *file, struct strbuf *err);
int ipsec_key_remove(const char *name, struct strbuf *err);

/* the import parser on its own (PEM or DER, private or public; RSA only): the key, or
 * NULL with the reason */
struct evp_pkey_st *ipsec_key_parse(const unsigned char *buf, size_t len, bool *priv,
				    struct strbuf *err);

#endif /* SLUICED_IPSEC_KEYS_H */
