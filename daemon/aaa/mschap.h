/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crypto of PPP authentication: CHAP with MD5 (RFC 1994), MS-CHAPv1 (RFC 2433),
 * MS-CHAPv2 (RFC 2759) and the MPPE start keys they yield (RFC 3079).
 *
 * Everything runs on OpenSSL 3's libcrypto through EVP. MD4 and single DES live in OpenSSL's
 * "legacy" provider, which mschap_init() loads next to "default". Passwords are NUL-terminated
 * UTF-8 as configured; Microsoft's algorithms hash them as UTF-16LE. User names are hashed as
 * the raw bytes the peer sent.
 *
 * Every function returns 0 on success and -1 on bad input or a crypto failure; none of them
 * trusts its input not to be hostile, and a NULL pointer is bad input. On failure the output
 * is zeroed (a string output is made empty), but a caller must still check the return value:
 * never compare a failed computation with what the peer sent. Intermediate secrets (password
 * hashes, the UTF-16 password) are wiped before returning. Thread-safe.
 *
 * A server checks a peer's answer by computing the expected response and comparing the two with
 * auth_equal(), never memcmp(), so the time taken does not tell how many bytes matched.
 */
#ifndef SLUICED_AUTH_MSCHAP_H
#define SLUICED_AUTH_MSCHAP_H

#include <stddef.h>
#include <stdint.h>

#define CHAP_MD5_RESPONSE_LEN 16
#define NT_HASH_LEN 16			/* NtPasswordHash: MD4 */
#define NT_PASSWORD_MAX 256		/* RFC 2759's 0-to-256-unicode-char, in UTF-16 units */
#define MSCHAP1_CHALLENGE_LEN 8
#define MSCHAP2_CHALLENGE_LEN 16	/* the authenticator's and the peer's */
#define MSCHAP_NT_RESPONSE_LEN 24
#define MSCHAP2_AUTH_RESPONSE_LEN 42	/* "S=" and 40 upper-case hex digits, without the NUL */
#define MPPE_START_KEY_LEN 16

/*
 * Loads the "legacy" and "default" providers into OpenSSL's default library context, once
 * per process, and checks that MD4 and DES-ECB can be fetched. Every other function calls
 * it, so calling it at start-up only moves a failure (a missing legacy.so) to where it can be
 * reported. A failure is final for the process. Returns 0 or -1.
 */
int mschap_init(void);
/* Why mschap_init() failed, for the caller's log; NULL if it succeeds. */
const char *mschap_init_error(void);

/* CHAP with MD5 (RFC 1994 section 4.1): out = MD5(id | secret | challenge). */
int chap_md5_response(uint8_t id, const uint8_t *secret, size_t secret_len,
		      const uint8_t *challenge, size_t challenge_len,
		      uint8_t out[CHAP_MD5_RESPONSE_LEN]);

/*
 * NtPasswordHash (RFC 2759 section 8.3): MD4 of the password in UTF-16LE. Fails on invalid
 * UTF-8 (overlong forms, surrogates, code points past U+10FFFF, truncated sequences) and on
 * passwords longer than NT_PASSWORD_MAX UTF-16 units: a character beyond U+FFFF counts twice,
 * as it does in the WCHAR buffer of the RFC. The empty password is valid.
 */
int nt_password_hash(const char *password, uint8_t out[NT_HASH_LEN]);
/*
 * HashNtPasswordHash (RFC 2759 section 8.4): MD4(NtPasswordHash(password)), what RADIUS
 * servers store and what the MS-CHAPv2 authenticator response and MPPE keys start from.
 */
int nt_password_hash_hash(const char *password, uint8_t out[NT_HASH_LEN]);

/*
 * MS-CHAPv1 NT-Response (RFC 2433 appendix A.5, ChallengeResponse): the NT hash padded with
 * zeros to 21 bytes gives three 7-byte DES keys, each of which encrypts the challenge.
 */
int mschap1_nt_response(const uint8_t challenge[MSCHAP1_CHALLENGE_LEN], const char *password,
			uint8_t out[MSCHAP_NT_RESPONSE_LEN]);

/*
 * The MPPE start key after MS-CHAPv1: the same key in both directions. It is RFC 3079 section
 * 2.4's GetStartKey(): SHA-1(PasswordHashHash | PasswordHashHash | challenge), first 16 bytes,
 * where challenge is the authenticator's 8-byte challenge.
 *
 * That is the 128-bit key of section 2.3, and we use it for 40 and 56 bits too. Sections 2.1
 * and 2.2 derive 40- and 56-bit keys from the LAN Manager hash instead, which needs the
 * password upper-cased in an OEM code page and cut to 14 characters and which we never
 * compute. Linux pppd does what we do: it hands the kernel this one key, and the kernel (Linux's
 * ppp_mppe, our kmod/mppe.c alike) uses its first 8 bytes and overwrites the first 3 (40-bit)
 * or 1 (56-bit) of them with D1 26 9E. So pppd clients interoperate at every strength; a peer
 * that follows sections 2.1/2.2 to the letter will not at 40 or 56 bits with MS-CHAPv1.
 */
int mschap1_mppe_key(const uint8_t challenge[MSCHAP1_CHALLENGE_LEN], const char *password,
		     uint8_t key[MPPE_START_KEY_LEN]);

/* The same key from the PasswordHashHash, as a RADIUS server sends it in MS-CHAP-MPPE-Keys. */
int mschap1_mppe_key_from_hash(const uint8_t challenge[MSCHAP1_CHALLENGE_LEN],
			       const uint8_t hash_hash[NT_HASH_LEN], uint8_t key[MPPE_START_KEY_LEN]);

/*
 * MS-CHAPv2 NT-Response (RFC 2759 section 8.1, GenerateNTResponse). username is the Name the
 * peer sent; any "DOMAIN\" prefix (up to the last backslash) is left out of the challenge
 * hash, as section 8.2 says, so "DOMAIN\User" and "User" give the same response.
 */
int mschap2_nt_response(const uint8_t auth_challenge[MSCHAP2_CHALLENGE_LEN],
			const uint8_t peer_challenge[MSCHAP2_CHALLENGE_LEN],
			const char *username, const char *password,
			uint8_t out[MSCHAP_NT_RESPONSE_LEN]);

/*
 * The authenticator response of an MS-CHAPv2 Success packet (RFC 2759 section 8.7,
 * GenerateAuthenticatorResponse): "S=" and 40 upper-case hex digits, NUL-terminated. Pass the
 * NT-Response the peer sent, after checking it.
 */
int mschap2_authenticator_response(const char *password,
				   const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
				   const uint8_t peer_challenge[MSCHAP2_CHALLENGE_LEN],
				   const uint8_t auth_challenge[MSCHAP2_CHALLENGE_LEN],
				   const char *username, char out[MSCHAP2_AUTH_RESPONSE_LEN + 1]);

/* GetMasterKey (RFC 3079 section 3.4): SHA-1(PasswordHashHash | NT-Response | Magic1), 16 bytes. */
int mschap2_master_key(const char *password, const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
		       uint8_t out[MPPE_START_KEY_LEN]);

/*
 * The MPPE start keys after MS-CHAPv2 (RFC 3079 section 3.4, GetAsymmetricStartKey with Magic2
 * and Magic3): different keys for the two directions. is_server != 0 gives the authenticator's
 * view (its send key is the peer's receive key), 0 the peer's. The keys are 16 bytes; for 40
 * and 56 bits RFC 3079 sections 3.1/3.2 take the first 8 bytes of the same SHA-1, which is what
 * the kernel does with them, so one pair serves every strength.
 */
int mschap2_mppe_keys(const char *password, const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
		      int is_server, uint8_t send_key[MPPE_START_KEY_LEN],
		      uint8_t recv_key[MPPE_START_KEY_LEN]);

/*
 * Compares n bytes in constant time (CRYPTO_memcmp). Returns 1 if they are equal, 0 if not;
 * a NULL pointer or n == 0 gives 0, so a length mix-up fails closed instead of matching.
 */
int auth_equal(const void *a, const void *b, size_t n);

#endif /* SLUICED_AUTH_MSCHAP_H */
