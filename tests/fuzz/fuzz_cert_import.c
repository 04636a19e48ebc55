// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: what /certificate import reads (daemon/cert/parse.c): any bytes as PEM, DER or
 * PKCS#12, with no passphrase, an empty one or a real one (the first byte chooses). What
 * comes out is within the caps, every certificate has a fingerprint, and nothing leaks
 * (LeakSanitizer runs at the end of each run).
 */
/* unit-test-sources: daemon/cert/parse.c tests/unit/lib/fuzz_quiet.c */
#include <stdint.h>
#include <string.h>
#include <openssl/x509.h>
#include "cert/cert.h"
#include "fuzz_quiet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const passes[] = { NULL, "", "12345678" };
	unsigned char fp[32];
	unsigned int n = 0;
	struct cert_bundle b;
	struct strbuf err;
	size_t i;

	if (!size)
		return 0;
	sb_init(&err);
	if (cert_parse(data + 1, size - 1, passes[data[0] % 3], &b, &err) == 0) {
		check(b.ncerts <= CERT_BUNDLE_MAX && b.nkeys <= CERT_BUNDLE_MAX);
		check(b.ncerts + b.nkeys > 0);
		for (i = 0; i < b.ncerts; i++)
			check(X509_digest(b.certs[i], EVP_sha256(), fp, &n) && n == 32);
		cert_bundle_free(&b);
	} else {
		check(err.len > 0 && b.ncerts == 0 && b.nkeys == 0);
	}
	sb_free(&err);
	return 0;
}
