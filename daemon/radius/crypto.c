// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/random.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "radius/crypto.h"

int rad_md5(const struct rad_chunk *c, size_t n, uint8_t out[16])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int olen = 0;
	size_t i;
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL);

	for (i = 0; ok && i < n; i++)
		ok = !c[i].n || EVP_DigestUpdate(ctx, c[i].p, c[i].n);
	ok = ok && EVP_DigestFinal_ex(ctx, out, &olen) && olen == 16;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		memset(out, 0, 16);
	return ok ? 0 : -1;
}

static int hmac_md5(const char *secret, const uint8_t *data, size_t len, uint8_t out[16])
{
	size_t olen = 0;

	if (!EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, secret, strlen(secret), data, len, out,
		       16, &olen) || olen != 16) {
		memset(out, 0, 16);
		return -1;
	}
	return 0;
}

/* MD5(packet with auth in the authenticator field | secret) */
static int packet_md5(const uint8_t *pkt, size_t plen, const uint8_t auth[RAD_AUTH_LEN],
		      const char *secret, uint8_t out[16])
{
	struct rad_chunk c[4] = {
		{ pkt, 4 }, { auth, RAD_AUTH_LEN }, { pkt + RAD_HDR_LEN, plen - RAD_HDR_LEN },
		{ secret, strlen(secret) },
	};

	return rad_md5(c, 4, out);
}

/* HMAC-MD5 over a copy of the packet with auth in the header and the MA at off zeroed. */
static int msg_auth(const uint8_t *pkt, size_t plen, const uint8_t auth[RAD_AUTH_LEN],
		    size_t off, const char *secret, uint8_t out[16])
{
	uint8_t copy[RAD_MAX_LEN];
	int ret;

	memcpy(copy, pkt, plen);
	memcpy(copy + 4, auth, RAD_AUTH_LEN);
	memset(copy + off, 0, RAD_AUTH_LEN);
	ret = hmac_md5(secret, copy, plen, out);
	OPENSSL_cleanse(copy, plen);
	return ret;
}

/* the offset of the Message-Authenticator's value, 0 if none (the packet is rad_check'ed) */
static size_t find_msg_auth(const uint8_t *pkt, size_t plen)
{
	struct rad_attr a;

	if (!rad_find(pkt, plen, RAD_MESSAGE_AUTHENTICATOR, &a) || a.len != RAD_AUTH_LEN)
		return 0;
	return (size_t)(a.val - pkt);
}

int rad_new_authenticator(struct rad_packet *p)
{
	return getrandom(p->data + 4, RAD_AUTH_LEN, 0) == RAD_AUTH_LEN ? 0 : -1;
}

int rad_sign_request(struct rad_packet *p, const char *secret)
{
	static const uint8_t zero[RAD_AUTH_LEN];
	uint8_t *auth = p->data + 4;

	if (p->data[0] == RAD_ACCESS_REQUEST)	/* random, from rad_new_authenticator */
		return p->msg_auth ? msg_auth(p->data, p->len, auth, p->msg_auth, secret,
					      p->data + p->msg_auth) : 0;
	memset(auth, 0, RAD_AUTH_LEN);
	if (p->msg_auth && msg_auth(p->data, p->len, zero, p->msg_auth, secret,
				    p->data + p->msg_auth))
		return -1;
	return packet_md5(p->data, p->len, zero, secret, auth);
}

int rad_sign_response(struct rad_packet *p, const uint8_t req_auth[RAD_AUTH_LEN],
		      const char *secret)
{
	if (p->msg_auth && msg_auth(p->data, p->len, req_auth, p->msg_auth, secret,
				    p->data + p->msg_auth))
		return -1;
	return packet_md5(p->data, p->len, req_auth, secret, p->data + 4);
}

int rad_verify_response(const uint8_t *pkt, size_t plen, const uint8_t req_auth[RAD_AUTH_LEN],
			const char *secret, int need_ma, const char **why)
{
	uint8_t want[16];
	size_t ma = find_msg_auth(pkt, plen);

	if (packet_md5(pkt, plen, req_auth, secret, want) || CRYPTO_memcmp(want, pkt + 4, 16)) {
		*why = "bad response authenticator";
		return -1;
	}
	if (!ma) {
		if (!need_ma)
			return 0;
		*why = "no Message-Authenticator";
		return -1;
	}
	if (msg_auth(pkt, plen, req_auth, ma, secret, want) || CRYPTO_memcmp(want, pkt + ma, 16)) {
		*why = "bad Message-Authenticator";
		return -1;
	}
	return 0;
}

int rad_verify_request(const uint8_t *pkt, size_t plen, const char *secret, const char **why)
{
	static const uint8_t zero[RAD_AUTH_LEN];
	uint8_t want[16];
	size_t ma = find_msg_auth(pkt, plen);

	if (packet_md5(pkt, plen, zero, secret, want) || CRYPTO_memcmp(want, pkt + 4, 16)) {
		*why = "bad request authenticator";
		return -1;
	}
	if (ma && (msg_auth(pkt, plen, zero, ma, secret, want) ||
		   CRYPTO_memcmp(want, pkt + ma, 16))) {
		*why = "bad Message-Authenticator";
		return -1;
	}
	return 0;
}

/*
 * The RFC 2865 5.2 / RFC 2548 chain: b(1) = MD5(S | first), b(i) = MD5(S | c(i-1)),
 * c(i) = p(i) xor b(i). encrypt: in is plaintext; otherwise in is ciphertext. len % 16 == 0.
 */
static int md5_chain(const char *secret, const uint8_t *first, size_t first_len,
		     const uint8_t *in, size_t len, uint8_t *out, int encrypt)
{
	uint8_t b[16], prev[16], cipher[16];
	size_t i, j;
	int ret = 0;

	for (i = 0; i < len && !ret; i += 16) {
		struct rad_chunk c[2] = { { secret, strlen(secret) },
					  { i ? prev : first, i ? 16 : first_len } };

		ret = rad_md5(c, 2, b);
		if (!encrypt)
			memcpy(cipher, in + i, 16);	/* before out (which may be in) changes */
		for (j = 0; j < 16; j++)
			out[i + j] = in[i + j] ^ b[j];
		memcpy(prev, encrypt ? out + i : cipher, 16);
	}
	OPENSSL_cleanse(b, sizeof(b));
	return ret;
}

int rad_hide_password(const char *secret, const uint8_t req_auth[RAD_AUTH_LEN],
		      const uint8_t *pw, size_t pwlen, uint8_t *out, size_t *outlen)
{
	uint8_t plain[RAD_PASSWORD_MAX] = { 0 };
	size_t n = pwlen ? (pwlen + 15) / 16 * 16 : 16;
	int ret;

	if (pwlen > RAD_PASSWORD_MAX)
		return -1;
	memcpy(plain, pw, pwlen);
	ret = md5_chain(secret, req_auth, RAD_AUTH_LEN, plain, n, out, 1);
	OPENSSL_cleanse(plain, sizeof(plain));
	*outlen = ret ? 0 : n;
	return ret;
}

int rad_unhide_password(const char *secret, const uint8_t req_auth[RAD_AUTH_LEN],
			const uint8_t *in, size_t len, uint8_t *out)
{
	if (!len || len % 16 || len > RAD_PASSWORD_MAX)
		return -1;
	return md5_chain(secret, req_auth, RAD_AUTH_LEN, in, len, out, 0);
}

int rad_mppe_key_decrypt(const char *secret, const uint8_t req_auth[RAD_AUTH_LEN],
			 const uint8_t *val, size_t len, uint8_t *key, size_t key_len)
{
	uint8_t first[RAD_AUTH_LEN + 2], plain[RAD_ATTR_MAX];
	size_t n = len - 2;
	int ret = -1;

	/* salt (2, high bit set), then at least one 16-byte block */
	if (len < 18 || (len - 2) % 16 || !(val[0] & 0x80))
		return -1;
	memcpy(first, req_auth, RAD_AUTH_LEN);
	memcpy(first + RAD_AUTH_LEN, val, 2);
	if (!md5_chain(secret, first, sizeof(first), val + 2, n, plain, 0) &&
	    plain[0] >= key_len && plain[0] <= n - 1) {
		memcpy(key, plain + 1, key_len);
		ret = 0;
	}
	OPENSSL_cleanse(plain, sizeof(plain));
	return ret;
}

int rad_mppe_key_encrypt(const char *secret, const uint8_t req_auth[RAD_AUTH_LEN],
			 uint16_t salt, const uint8_t *key, size_t key_len, uint8_t *val,
			 size_t *len)
{
	uint8_t first[RAD_AUTH_LEN + 2], plain[RAD_ATTR_MAX] = { 0 };
	size_t n = (key_len + 1 + 15) / 16 * 16;
	int ret;

	if (!(salt & 0x8000) || n + 2 > RAD_ATTR_MAX)
		return -1;
	val[0] = (uint8_t)(salt >> 8);
	val[1] = (uint8_t)salt;
	memcpy(first, req_auth, RAD_AUTH_LEN);
	memcpy(first + RAD_AUTH_LEN, val, 2);
	plain[0] = (uint8_t)key_len;
	memcpy(plain + 1, key, key_len);
	ret = md5_chain(secret, first, sizeof(first), plain, n, val + 2, 1);
	OPENSSL_cleanse(plain, sizeof(plain));
	*len = n + 2;
	return ret;
}
