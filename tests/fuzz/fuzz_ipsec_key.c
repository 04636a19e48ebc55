// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: what /ip ipsec key import reads (daemon/ipsec/keys_parse.c): any bytes as a
 * key, PEM or DER, private or public. What comes out is an RSA key of a sane size whose
 * public half encodes; a refusal says why; nothing leaks. Seeds (tests/fuzz/corpus/
 * ipsec_key): a 1024-bit RSA private key (PKCS#8 PEM), its public half (PEM and DER).
 */
/* unit-test-sources: daemon/ipsec/keys_parse.c tests/unit/lib/fuzz_quiet.c */
#include <stdint.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "fuzz_quiet.h"
#include "ipsec/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err;
	unsigned char *der = NULL;
	EVP_PKEY *k;
	bool priv;
	int n;

	sb_init(&err);
	k = ipsec_key_parse(data, size, &priv, &err);
	if (k) {
		check(EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA);
		check(EVP_PKEY_get_bits(k) > 0 && EVP_PKEY_get_bits(k) <= 65536);
		n = i2d_PUBKEY(k, &der);
		check(n > 0);
		OPENSSL_free(der);
		EVP_PKEY_free(k);
	} else {
		check(err.p && err.p[0]);
	}
	sb_free(&err);
	return 0;
}
