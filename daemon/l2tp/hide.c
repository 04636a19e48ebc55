// SPDX-License-Identifier: GPL-2.0
/*
 * MD5 for L2TP: hidden AVPs (RFC 2661 section 4.3) and tunnel authentication's challenge
 * responses (section 5.1.1), through OpenSSL's EVP. See msg.c for the reading of section 4.3
 * this follows.
 */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "l2tp/msg_int.h"

struct chunk {
	const void *p;
	size_t n;
};

struct md5 {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
};

static void md5_close(struct md5 *h)
{
	EVP_MD_CTX_free(h->ctx);	/* the provider wipes its state when it frees it */
	EVP_MD_free(h->md);
}

static int md5_open(struct md5 *h)
{
	h->md = EVP_MD_fetch(NULL, "MD5", NULL);
	h->ctx = EVP_MD_CTX_new();
	if (h->md && h->ctx)
		return 0;
	ERR_clear_error();
	md5_close(h);
	return -1;
}

static int md5_run(struct md5 *h, const struct chunk *c, size_t nc, uint8_t out[MD5_LEN])
{
	unsigned int n = 0;
	size_t i;
	int ok = EVP_DigestInit_ex2(h->ctx, h->md, NULL);

	for (i = 0; ok && i < nc; i++)
		ok = !c[i].n || EVP_DigestUpdate(h->ctx, c[i].p, c[i].n);
	ok = ok && EVP_DigestFinal_ex(h->ctx, out, &n) && n == MD5_LEN;
	if (!ok)
		ERR_clear_error();
	return ok ? 0 : -1;
}

/*
 * Section 4.3's stream, in place on the n bytes at p: block i is XORed with MD5(type, secret,
 * rv) for i = 0 and MD5(secret, ciphertext block i - 1) after, so hiding takes the chain from
 * what it writes and unhiding from what it reads.
 */
static enum l2tp_error md5_chain(uint16_t type, const void *secret, size_t secret_len,
				 const void *rv, size_t rv_len, uint8_t *p, size_t n, bool hiding)
{
	uint8_t attr[2], key[MD5_LEN], prev[MD5_LEN];
	struct chunk first[3] = { { attr, 2 }, { secret, secret_len }, { rv, rv_len } };
	struct chunk next[2] = { { secret, secret_len }, { prev, MD5_LEN } };
	enum l2tp_error err = L2TP_OK;
	struct md5 h;
	size_t i, k, blk;

	if (md5_open(&h))
		return L2TP_E_CRYPTO;
	put16(attr, type);
	for (i = 0; i < n; i += blk) {
		blk = n - i < MD5_LEN ? n - i : MD5_LEN;
		if (i ? md5_run(&h, next, 2, key) : md5_run(&h, first, 3, key)) {
			err = L2TP_E_CRYPTO;
			break;
		}
		if (!hiding)
			memcpy(prev, p + i, blk);
		for (k = 0; k < blk; k++)
			p[i + k] ^= key[k];
		if (hiding)
			memcpy(prev, p + i, blk);
	}
	OPENSSL_cleanse(key, sizeof(key));
	md5_close(&h);
	return err;
}

int l2tp_hide(uint16_t type, const void *secret, size_t secret_len, const void *rv,
	      size_t rv_len, const void *value, size_t len, size_t pad_len, uint8_t *out,
	      size_t cap)
{
	size_t total = 2 + len + pad_len;
	enum l2tp_error err;

	if ((!secret && secret_len) || !rv || !rv_len || (!value && len) || !out ||
	    len > L2TP_HIDDEN_VALUE_MAX || pad_len > L2TP_HIDDEN_VALUE_MAX ||
	    total > L2TP_AVP_VALUE_MAX)
		return L2TP_E_INVALID;
	if (total > cap)
		return L2TP_E_NOSPACE;
	if (len)
		memmove(out + 2, value, len);
	put16(out, (uint16_t)len);
	memset(out + 2 + len, 0, pad_len);
	err = md5_chain(type, secret, secret_len, rv, rv_len, out, total, true);
	if (err) {
		OPENSSL_cleanse(out, total);
		return err;
	}
	return (int)total;
}

enum l2tp_error l2tp_unhide(uint16_t type, const void *secret, size_t secret_len,
			    const void *rv, size_t rv_len, uint8_t *buf, size_t n,
			    size_t *value_len)
{
	enum l2tp_error err;

	*value_len = 0;
	if ((!secret && secret_len) || !rv || !rv_len || !buf || n > L2TP_AVP_VALUE_MAX)
		return L2TP_E_INVALID;
	if (n < 2)
		return L2TP_E_HIDDEN_LENGTH;
	err = md5_chain(type, secret, secret_len, rv, rv_len, buf, n, false);
	if (err)
		return err;
	if (get16(buf) > n - 2)
		return L2TP_E_HIDDEN_LENGTH;
	*value_len = get16(buf);
	return L2TP_OK;
}

enum l2tp_error l2tp_challenge_response(uint8_t msg_type, const void *secret,
					size_t secret_len, const void *challenge,
					size_t challenge_len,
					uint8_t out[L2TP_CHALLENGE_RESPONSE_LEN])
{
	struct chunk c[3] = { { &msg_type, 1 }, { secret, secret_len },
			      { challenge, challenge_len } };
	struct md5 h;
	int failed;

	memset(out, 0, L2TP_CHALLENGE_RESPONSE_LEN);
	if ((!secret && secret_len) || !challenge || !challenge_len)
		return L2TP_E_INVALID;
	if (md5_open(&h))
		return L2TP_E_CRYPTO;
	failed = md5_run(&h, c, 3, out);
	md5_close(&h);
	if (failed) {
		memset(out, 0, L2TP_CHALLENGE_RESPONSE_LEN);
		return L2TP_E_CRYPTO;
	}
	return L2TP_OK;
}

enum l2tp_error l2tp_challenge_verify(uint8_t msg_type, const void *secret, size_t secret_len,
				      const void *challenge, size_t challenge_len,
				      const void *response, size_t response_len)
{
	uint8_t want[L2TP_CHALLENGE_RESPONSE_LEN];
	enum l2tp_error err;

	err = l2tp_challenge_response(msg_type, secret, secret_len, challenge, challenge_len,
				      want);
	if (!err && (!response || response_len != sizeof(want) ||
		     CRYPTO_memcmp(want, response, sizeof(want))))
		err = L2TP_E_AUTH;
	OPENSSL_cleanse(want, sizeof(want));
	return err;
}
