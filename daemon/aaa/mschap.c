// SPDX-License-Identifier: GPL-2.0
/*
 * The algorithms follow the pseudo-code of RFC 2433 appendix A, RFC 2759 section 8 and RFC 3079
 * sections 2.4 and 3.4; the function comments name the RFC routine each one implements.
 * Algorithms are fetched per call: OpenSSL caches fetches and an authentication does a handful
 * of hashes, so holding fetched objects for the life of the process would buy nothing.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include "mschap.h"

struct chunk {
	const void *p;
	size_t n;
};

/* RFC 2759 section 8.7 */
static const char auth_magic1[] = "Magic server to client signing constant";
static const char auth_magic2[] = "Pad to make it do more than one iteration";
/* RFC 3079 section 3.4 */
static const char key_magic1[] = "This is the MPPE Master Key";
static const char key_magic2[] =
	"On the client side, this is the send key; on the server side, it is the receive key.";
static const char key_magic3[] =
	"On the client side, this is the receive key; on the server side, it is the send key.";
_Static_assert(sizeof(auth_magic1) - 1 == 39 && sizeof(auth_magic2) - 1 == 41,
	       "RFC 2759 magic sizes");
_Static_assert(sizeof(key_magic1) - 1 == 27 && sizeof(key_magic2) - 1 == 84 &&
	       sizeof(key_magic3) - 1 == 84, "RFC 3079 magic sizes");

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static const char *init_error;	/* written only inside init_once */
static OSSL_PROVIDER *default_provider, *legacy_provider;

/*
 * OpenSSL's own exit cleanup leaves alone a provider someone still holds, and the legacy
 * module's state would show up as leaked under LeakSanitizer (unit tests, fuzzers). atexit
 * handlers run last-registered first, and OpenSSL registered its own while loading the first
 * provider, so this runs before OpenSSL tears down.
 */
static void unload_providers(void)
{
	if (legacy_provider)
		OSSL_PROVIDER_unload(legacy_provider);
	OSSL_PROVIDER_unload(default_provider);
}

static void load_providers(void)
{
	EVP_CIPHER *des;
	EVP_MD *md4;

	/* Once any provider is loaded explicitly OpenSSL stops loading "default" on its own. */
	default_provider = OSSL_PROVIDER_load(NULL, "default");
	legacy_provider = default_provider ? OSSL_PROVIDER_load(NULL, "legacy") : NULL;
	if (!default_provider) {
		init_error = "cannot load the OpenSSL default provider";
	} else if (!legacy_provider) {
		init_error = "cannot load the OpenSSL legacy provider (MD4, DES): no legacy.so?";
	} else {
		md4 = EVP_MD_fetch(NULL, "MD4", NULL);
		des = EVP_CIPHER_fetch(NULL, "DES-ECB", NULL);
		if (!md4 || !des)
			init_error = "OpenSSL has no MD4 or DES-ECB even with the legacy provider";
		EVP_MD_free(md4);
		EVP_CIPHER_free(des);
	}
	/* the failure is ours to report, not a stale error for OpenSSL's next caller */
	if (init_error)
		ERR_clear_error();
	if (default_provider)
		atexit(unload_providers);
}

int mschap_init(void)
{
	if (pthread_once(&init_once, load_providers))
		return -1;
	return init_error ? -1 : 0;
}

const char *mschap_init_error(void)
{
	/* through pthread_once, which makes the string visible to any thread */
	return mschap_init() ? init_error : NULL;
}

/* Zeroes out if ret reports a failure: a failed call leaves no partial or stale result. */
static int finish(int ret, void *out, size_t n)
{
	if (ret && out)
		OPENSSL_cleanse(out, n);
	return ret;
}

/* Hashes the chunks with alg; out gets the first outlen bytes of the digest. */
static int digest(const char *alg, const struct chunk *c, size_t nc, uint8_t *out, size_t outlen)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	EVP_MD *type;
	size_t i;
	int ok;

	type = EVP_MD_fetch(NULL, alg, NULL);
	ctx = EVP_MD_CTX_new();
	ok = type && ctx && EVP_DigestInit_ex2(ctx, type, NULL);
	for (i = 0; ok && i < nc; i++)
		ok = !c[i].n || EVP_DigestUpdate(ctx, c[i].p, c[i].n);
	ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) && mdlen >= outlen;
	if (ok)
		memcpy(out, md, outlen);
	else
		ERR_clear_error();
	OPENSSL_cleanse(md, sizeof(md));
	EVP_MD_CTX_free(ctx);	/* the provider wipes its state when it frees it */
	EVP_MD_free(type);
	return ok ? 0 : -1;
}

/* Spreads 56 key bits over 8 bytes, 7 each in the high bits; the low bit is odd parity. */
static void des_key(const uint8_t k7[7], uint8_t k8[8])
{
	uint64_t bits = 0;
	unsigned int b;
	int i;

	for (i = 0; i < 7; i++)
		bits = bits << 8 | k7[i];
	for (i = 0; i < 8; i++) {
		b = ((unsigned int)(bits >> (49 - 7 * i)) << 1) & 0xfe;
		/* DES ignores the parity bit; RFC 2433's MakeKey sets it all the same */
		k8[i] = (uint8_t)(b | !(__builtin_popcount(b) & 1));
	}
	OPENSSL_cleanse(&bits, sizeof(bits));
}

/* DesEncrypt (RFC 2759 section 8.6): one 8-byte block under a 7-byte key. */
static int des_encrypt(const uint8_t clear[8], const uint8_t k7[7], uint8_t out[8])
{
	uint8_t key[8], block[16];
	EVP_CIPHER_CTX *ctx;
	EVP_CIPHER *des;
	int n = 0, tail = 0, ok;

	des_key(k7, key);
	des = EVP_CIPHER_fetch(NULL, "DES-ECB", NULL);
	ctx = EVP_CIPHER_CTX_new();
	ok = des && ctx && EVP_EncryptInit_ex2(ctx, des, key, NULL, NULL) &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	     EVP_EncryptUpdate(ctx, block, &n, clear, 8) && n == 8 &&
	     EVP_EncryptFinal_ex(ctx, block + n, &tail) && tail == 0;
	if (ok)
		memcpy(out, block, 8);
	else
		ERR_clear_error();
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(block, sizeof(block));
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(des);
	return ok ? 0 : -1;
}

/*
 * Decodes the UTF-8 sequence at s into *cp and returns its length, or 0 if it is not valid
 * UTF-8. A NUL is never a continuation byte, so a truncated sequence stops at the terminator.
 */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t shortest[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t c = s[0];
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	c &= 0x7f >> len;	/* the lead byte's payload bits */
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates and code points UTF-16 cannot carry */
	if (c < shortest[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static void put_le16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/*
 * UTF-8 to UTF-16LE in buf (NT_PASSWORD_MAX units); *len gets the byte count. Stops at the
 * first unit over the limit, so a huge password costs no more than a long one.
 */
static int utf16le(const char *password, uint8_t *buf, size_t *len)
{
	const unsigned char *s = (const unsigned char *)password;
	size_t n = 0, k;
	uint32_t cp;

	while (*s) {
		k = utf8_decode(s, &cp);
		if (!k || n + (cp > 0xffff ? 2 : 1) > NT_PASSWORD_MAX)
			return -1;
		s += k;
		if (cp > 0xffff) {
			cp -= 0x10000;
			put_le16(buf + 2 * n++, 0xd800 | cp >> 10);
			put_le16(buf + 2 * n++, 0xdc00 | (cp & 0x3ff));
		} else {
			put_le16(buf + 2 * n++, cp);
		}
	}
	*len = 2 * n;
	return 0;
}

/* NtPasswordHash (RFC 2759 section 8.3). Every MS-CHAP path starts here, so it does the init. */
static int nt_hash(const char *password, uint8_t out[NT_HASH_LEN])
{
	uint8_t u16[NT_PASSWORD_MAX * 2];
	struct chunk c = { u16, 0 };
	int ret;

	if (!password || mschap_init())
		return -1;
	ret = utf16le(password, u16, &c.n);
	if (!ret)
		ret = digest("MD4", &c, 1, out, NT_HASH_LEN);
	OPENSSL_cleanse(u16, sizeof(u16));
	return ret;
}

/* HashNtPasswordHash (RFC 2759 section 8.4) of the password. */
static int nt_hash_hash(const char *password, uint8_t out[NT_HASH_LEN])
{
	uint8_t hash[NT_HASH_LEN];
	struct chunk c = { hash, sizeof(hash) };
	int ret;

	ret = nt_hash(password, hash);
	if (!ret)
		ret = digest("MD4", &c, 1, out, NT_HASH_LEN);
	OPENSSL_cleanse(hash, sizeof(hash));
	return ret;
}

/* ChallengeResponse (RFC 2759 section 8.5): the hash padded to 21 bytes is three DES keys. */
static int challenge_response(const uint8_t challenge[8], const char *password,
			      uint8_t out[MSCHAP_NT_RESPONSE_LEN])
{
	uint8_t z[21] = { 0 };
	int i, ret;

	if (!challenge)
		return -1;
	ret = nt_hash(password, z);
	for (i = 0; i < 3 && !ret; i++)
		ret = des_encrypt(challenge, z + 7 * i, out + 8 * i);
	OPENSSL_cleanse(z, sizeof(z));
	return ret;
}

/* ChallengeHash (RFC 2759 section 8.2): the domain, if any, is not part of the user name. */
static int challenge_hash(const uint8_t *peer_challenge, const uint8_t *auth_challenge,
			  const char *username, uint8_t out[8])
{
	const char *name;

	if (!peer_challenge || !auth_challenge || !username)
		return -1;
	name = strrchr(username, '\\');
	name = name ? name + 1 : username;
	return digest("SHA1", (const struct chunk[]) {
			{ peer_challenge, MSCHAP2_CHALLENGE_LEN },
			{ auth_challenge, MSCHAP2_CHALLENGE_LEN },
			{ name, strlen(name) },
		      }, 3, out, 8);
}

int chap_md5_response(uint8_t id, const uint8_t *secret, size_t secret_len,
		      const uint8_t *challenge, size_t challenge_len,
		      uint8_t out[CHAP_MD5_RESPONSE_LEN])
{
	if (!out)
		return -1;
	if ((!secret && secret_len) || (!challenge && challenge_len))
		return finish(-1, out, CHAP_MD5_RESPONSE_LEN);
	return finish(digest("MD5", (const struct chunk[]) {
				{ &id, 1 }, { secret, secret_len }, { challenge, challenge_len },
			     }, 3, out, CHAP_MD5_RESPONSE_LEN), out, CHAP_MD5_RESPONSE_LEN);
}

int nt_password_hash(const char *password, uint8_t out[NT_HASH_LEN])
{
	if (!out)
		return -1;
	return finish(nt_hash(password, out), out, NT_HASH_LEN);
}

int nt_password_hash_hash(const char *password, uint8_t out[NT_HASH_LEN])
{
	if (!out)
		return -1;
	return finish(nt_hash_hash(password, out), out, NT_HASH_LEN);
}

int mschap1_nt_response(const uint8_t challenge[MSCHAP1_CHALLENGE_LEN], const char *password,
			uint8_t out[MSCHAP_NT_RESPONSE_LEN])
{
	if (!out)
		return -1;
	return finish(challenge_response(challenge, password, out), out, MSCHAP_NT_RESPONSE_LEN);
}

/* GetStartKey (RFC 3079 section 2.4) */
int mschap1_mppe_key_from_hash(const uint8_t challenge[MSCHAP1_CHALLENGE_LEN],
			       const uint8_t hash_hash[NT_HASH_LEN], uint8_t key[MPPE_START_KEY_LEN])
{
	int ret;

	if (!key)
		return -1;
	ret = challenge && hash_hash ? 0 : -1;
	if (!ret)
		ret = digest("SHA1", (const struct chunk[]) {
				{ hash_hash, NT_HASH_LEN }, { hash_hash, NT_HASH_LEN },
				{ challenge, MSCHAP1_CHALLENGE_LEN },
			     }, 3, key, MPPE_START_KEY_LEN);
	return finish(ret, key, MPPE_START_KEY_LEN);
}

int mschap1_mppe_key(const uint8_t challenge[MSCHAP1_CHALLENGE_LEN], const char *password,
		     uint8_t key[MPPE_START_KEY_LEN])
{
	uint8_t hh[NT_HASH_LEN];
	int ret;

	if (!key)
		return -1;
	ret = challenge ? nt_hash_hash(password, hh) : -1;
	if (!ret)
		ret = mschap1_mppe_key_from_hash(challenge, hh, key);
	OPENSSL_cleanse(hh, sizeof(hh));
	return finish(ret, key, MPPE_START_KEY_LEN);
}

/* GenerateNTResponse (RFC 2759 section 8.1) */
int mschap2_nt_response(const uint8_t auth_challenge[MSCHAP2_CHALLENGE_LEN],
			const uint8_t peer_challenge[MSCHAP2_CHALLENGE_LEN],
			const char *username, const char *password,
			uint8_t out[MSCHAP_NT_RESPONSE_LEN])
{
	uint8_t challenge[8];
	int ret;

	if (!out)
		return -1;
	ret = challenge_hash(peer_challenge, auth_challenge, username, challenge);
	if (!ret)
		ret = challenge_response(challenge, password, out);
	return finish(ret, out, MSCHAP_NT_RESPONSE_LEN);
}

static void put_hex(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
}

/* GenerateAuthenticatorResponse (RFC 2759 section 8.7) */
int mschap2_authenticator_response(const char *password,
				   const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
				   const uint8_t peer_challenge[MSCHAP2_CHALLENGE_LEN],
				   const uint8_t auth_challenge[MSCHAP2_CHALLENGE_LEN],
				   const char *username, char out[MSCHAP2_AUTH_RESPONSE_LEN + 1])
{
	uint8_t hh[NT_HASH_LEN], d[20], challenge[8];
	int ret;

	if (!out)
		return -1;
	ret = nt_response ? nt_hash_hash(password, hh) : -1;
	if (!ret)
		ret = digest("SHA1", (const struct chunk[]) {
				{ hh, sizeof(hh) }, { nt_response, MSCHAP_NT_RESPONSE_LEN },
				{ auth_magic1, sizeof(auth_magic1) - 1 },
			     }, 3, d, sizeof(d));
	if (!ret)
		ret = challenge_hash(peer_challenge, auth_challenge, username, challenge);
	if (!ret)
		ret = digest("SHA1", (const struct chunk[]) {
				{ d, sizeof(d) }, { challenge, sizeof(challenge) },
				{ auth_magic2, sizeof(auth_magic2) - 1 },
			     }, 3, d, sizeof(d));
	if (!ret) {
		out[0] = 'S';
		out[1] = '=';
		put_hex(out + 2, d, sizeof(d));
		out[MSCHAP2_AUTH_RESPONSE_LEN] = '\0';
	}
	OPENSSL_cleanse(hh, sizeof(hh));
	OPENSSL_cleanse(d, sizeof(d));
	return finish(ret, out, MSCHAP2_AUTH_RESPONSE_LEN + 1);
}

/* GetMasterKey (RFC 3079 section 3.4) */
int mschap2_master_key(const char *password, const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
		       uint8_t out[MPPE_START_KEY_LEN])
{
	uint8_t hh[NT_HASH_LEN];
	int ret;

	if (!out)
		return -1;
	ret = nt_response ? nt_hash_hash(password, hh) : -1;
	if (!ret)
		ret = digest("SHA1", (const struct chunk[]) {
				{ hh, sizeof(hh) }, { nt_response, MSCHAP_NT_RESPONSE_LEN },
				{ key_magic1, sizeof(key_magic1) - 1 },
			     }, 3, out, MPPE_START_KEY_LEN);
	OPENSSL_cleanse(hh, sizeof(hh));
	return finish(ret, out, MPPE_START_KEY_LEN);
}

/* GetAsymmetricStartKey (RFC 3079 section 3.4), with magic already chosen for the direction. */
static int asymmetric_start_key(const uint8_t master[MPPE_START_KEY_LEN], const char *magic,
				uint8_t out[MPPE_START_KEY_LEN])
{
	static const uint8_t pad1[40] = { 0 };
	static const uint8_t pad2[40] = {
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	};

	return digest("SHA1", (const struct chunk[]) {
			{ master, MPPE_START_KEY_LEN }, { pad1, sizeof(pad1) },
			{ magic, sizeof(key_magic2) - 1 }, { pad2, sizeof(pad2) },
		      }, 4, out, MPPE_START_KEY_LEN);
}

int mschap2_mppe_keys(const char *password, const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
		      int is_server, uint8_t send_key[MPPE_START_KEY_LEN],
		      uint8_t recv_key[MPPE_START_KEY_LEN])
{
	/* Magic2 is the client's send key, Magic3 the server's */
	const char *send_magic = is_server ? key_magic3 : key_magic2;
	const char *recv_magic = is_server ? key_magic2 : key_magic3;
	uint8_t master[MPPE_START_KEY_LEN];
	int ret;

	if (!send_key || !recv_key) {
		finish(-1, send_key, MPPE_START_KEY_LEN);
		return finish(-1, recv_key, MPPE_START_KEY_LEN);
	}
	ret = mschap2_master_key(password, nt_response, master);
	if (!ret)
		ret = asymmetric_start_key(master, send_magic, send_key);
	if (!ret)
		ret = asymmetric_start_key(master, recv_magic, recv_key);
	OPENSSL_cleanse(master, sizeof(master));
	finish(ret, send_key, MPPE_START_KEY_LEN);
	return finish(ret, recv_key, MPPE_START_KEY_LEN);
}

int auth_equal(const void *a, const void *b, size_t n)
{
	if (!a || !b || !n)
		return 0;
	return CRYPTO_memcmp(a, b, n) == 0;
}
