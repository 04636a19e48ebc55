// SPDX-License-Identifier: GPL-2.0
/*
 * What /ip ipsec key import takes (keys.h): any bytes through OpenSSL's decoders, which
 * find PEM or DER, PKCS#8, PKCS#1 or SubjectPublicKeyInfo by themselves; a private key
 * first, else a public one; RSA only. On its own for the fuzzer.
 */
#include <stdbool.h>
#include <stddef.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include "ipsec/keys.h"

static EVP_PKEY *decode(const unsigned char *buf, size_t len, int selection)
{
	EVP_PKEY *pkey = NULL;
	OSSL_DECODER_CTX *d = OSSL_DECODER_CTX_new_for_pkey(&pkey, NULL, NULL, NULL, selection,
							     NULL, NULL);
	const unsigned char *p = buf;
	size_t left = len;

	if (!d)
		return NULL;
	/* no passphrase callback: an encrypted key is refused, not prompted for */
	if (!OSSL_DECODER_from_data(d, &p, &left)) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	OSSL_DECODER_CTX_free(d);
	return pkey;
}

struct evp_pkey_st *ipsec_key_parse(const unsigned char *buf, size_t len, bool *priv,
				    struct strbuf *err)
{
	EVP_PKEY *pkey = decode(buf, len, OSSL_KEYMGMT_SELECT_KEYPAIR);

	*priv = pkey != NULL;
	if (!pkey)
		pkey = decode(buf, len, OSSL_KEYMGMT_SELECT_PUBLIC_KEY);
	if (!pkey) {
		sb_puts(err, "not a key (PEM or DER, private or public; an encrypted key is not taken)");
		return NULL;
	}
	if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
		sb_puts(err, "not an RSA key: rsa-key authentication takes RSA keys only");
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}
