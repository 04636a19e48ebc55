/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared-secret crypto of RADIUS, on OpenSSL's EVP (MD5, HMAC-MD5):
 * - Request Authenticators: random for Access-Request (RFC 2865 3), MD5 over the packet for
 *   Accounting-Request (RFC 2866 3) and CoA/Disconnect-Request (RFC 5176 3);
 * - Response Authenticators (RFC 2865 3), for replies we check and replies we send (DAE);
 * - Message-Authenticator, HMAC-MD5 keyed with the secret (RFC 3579 3.2, RFC 5176 3);
 * - User-Password hiding (RFC 2865 5.2), MS-CHAP-MPPE-Keys (RFC 2548 2.4.1, the same scheme)
 *   and MS-MPPE-Send/Recv-Key salt decryption (RFC 2548 2.4.2, 2.4.3).
 * Every check compares in constant time and fails closed; functions return 0 or -1.
 */
#ifndef SLUICED_RADIUS_CRYPTO_H
#define SLUICED_RADIUS_CRYPTO_H

#include <stddef.h>
#include <stdint.h>
#include "radius/packet.h"

#define RAD_PASSWORD_MAX 128	/* RFC 2865 5.2: at most 128 bytes hidden */

/* A random Request Authenticator (Access-Request), before a User-Password is hidden with it. */
int rad_new_authenticator(struct rad_packet *p);
/*
 * Signs a request: an Access-Request keeps its random authenticator, every other code gets
 * the MD5 authenticator over the packet; the Message-Authenticator, if the packet has one,
 * is computed first (with a zero authenticator for the non-Access codes).
 */
int rad_sign_request(struct rad_packet *p, const char *secret);
/* Signs a reply to a request whose authenticator was req_auth (DAE ACK/NAK). */
int rad_sign_response(struct rad_packet *p, const uint8_t req_auth[RAD_AUTH_LEN],
		      const char *secret);

/*
 * Checks a reply (rad_check'ed, plen bytes) to a request with authenticator req_auth: the
 * Response Authenticator, and the Message-Authenticator if present (required if need_ma).
 * Returns 0, or -1 with why.
 */
int rad_verify_response(const uint8_t *pkt, size_t plen, const uint8_t req_auth[RAD_AUTH_LEN],
			const char *secret, int need_ma, const char **why);
/* Checks a CoA/Disconnect/Accounting request's authenticator and Message-Authenticator. */
int rad_verify_request(const uint8_t *pkt, size_t plen, const char *secret, const char **why);

/* RFC 2865 5.2: out gets the hidden password (a multiple of 16, at most 128 bytes). */
int rad_hide_password(const char *secret, const uint8_t req_auth[RAD_AUTH_LEN],
		      const uint8_t *pw, size_t pwlen, uint8_t *out, size_t *outlen);
/* The inverse, for tests and for servers: out gets the padded plaintext (len bytes). */
int rad_unhide_password(const char *secret, const uint8_t req_auth[RAD_AUTH_LEN],
			const uint8_t *in, size_t len, uint8_t *out);

/*
 * RFC 2548 2.4.2: an MS-MPPE-Send-Key or -Recv-Key value (salt, then the encrypted key
 * length, key and padding) decrypted with the request's authenticator. The key must be
 * key_len bytes exactly... or longer, of which key_len are taken (some servers send 32).
 */
int rad_mppe_key_decrypt(const char *secret, const uint8_t req_auth[RAD_AUTH_LEN],
			 const uint8_t *val, size_t len, uint8_t *key, size_t key_len);
/* The inverse, for tests: salt (high bit set) and key to an attribute value. */
int rad_mppe_key_encrypt(const char *secret, const uint8_t req_auth[RAD_AUTH_LEN],
			 uint16_t salt, const uint8_t *key, size_t key_len, uint8_t *val,
			 size_t *len);

/* MD5 of the concatenation of n chunks (helper shared with the tests). */
struct rad_chunk {
	const void *p;
	size_t n;
};
int rad_md5(const struct rad_chunk *c, size_t n, uint8_t out[16]);

#endif /* SLUICED_RADIUS_CRYPTO_H */
