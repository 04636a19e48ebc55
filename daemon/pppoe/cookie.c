// SPDX-License-Identifier: GPL-2.0
/*
 * The AC-Cookie (cookie.h): stateless, an HMAC with a secret made at start.
 */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "pppoe/cookie.h"

#define SECRET_LEN 32
#define MINUTE_LEN 4
#define MAC_PART (PPPOE_COOKIE_LEN - MINUTE_LEN)

static uint8_t secret[SECRET_LEN];
static bool have_secret;

int pppoe_cookie_init(void)
{
	have_secret = RAND_bytes(secret, sizeof(secret)) == 1;
	return have_secret ? 0 : -1;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* out = minute | HMAC-SHA256(secret, ifindex | mac | minute)[0..16) */
static int cookie_for(int ifindex, const uint8_t mac[PPPOE_MAC_LEN], uint32_t minute,
		      uint8_t out[PPPOE_COOKIE_LEN])
{
	uint8_t data[4 + PPPOE_MAC_LEN + MINUTE_LEN], mac_out[32];
	size_t olen = 0;

	if (!have_secret)
		return -1;
	put32(data, (uint32_t)ifindex);
	memcpy(data + 4, mac, PPPOE_MAC_LEN);
	put32(data + 4 + PPPOE_MAC_LEN, minute);
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, secret, sizeof(secret), data,
		       sizeof(data), mac_out, sizeof(mac_out), &olen) || olen != sizeof(mac_out))
		return -1;
	put32(out, minute);
	memcpy(out + MINUTE_LEN, mac_out, MAC_PART);
	return 0;
}

int pppoe_cookie_make(int ifindex, const uint8_t mac[PPPOE_MAC_LEN], uint64_t now_s,
		      uint8_t out[PPPOE_COOKIE_LEN])
{
	return cookie_for(ifindex, mac, (uint32_t)(now_s / 60), out);
}

bool pppoe_cookie_valid(int ifindex, const uint8_t mac[PPPOE_MAC_LEN], uint64_t now_s,
			const uint8_t *cookie, size_t len)
{
	uint32_t now_minute = (uint32_t)(now_s / 60), minute;
	uint8_t want[PPPOE_COOKIE_LEN];

	if (len != PPPOE_COOKIE_LEN)
		return false;
	minute = get32(cookie);
	if (minute != now_minute && minute + 1 != now_minute)
		return false;
	if (cookie_for(ifindex, mac, minute, want))
		return false;
	return CRYPTO_memcmp(want, cookie, PPPOE_COOKIE_LEN) == 0;
}
