// SPDX-License-Identifier: GPL-2.0
/* The other end of a PPP link in a unit test (ppp_peer.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "admin/config.h"
#include "aaa/ipam.h"
#include "core/loop.h"
#include "kernel_stub.h"
#include "ppp_peer.h"
#include "vectors.h"

int link_ups, link_ends;
char link_cause[48];

static void link_finished(struct ppp_link *l, const char *why)
{
	(void)l;
	link_ends++;
	snprintf(link_cause, sizeof(link_cause), "%s", why);
}

static void link_up(struct ppp_link *l)
{
	(void)l;
	link_ups++;
}

const struct ppp_link_ops peer_link_ops = { .finished = link_finished, .up = link_up };

void peer_bytes(uint16_t proto, uint8_t code, uint8_t id, const uint8_t *body, size_t n)
{
	uint8_t f[512];

	assert_true(n + 6 <= sizeof(f));
	f[0] = (uint8_t)(proto >> 8);
	f[1] = (uint8_t)proto;
	f[2] = code;
	f[3] = id;
	f[4] = (uint8_t)((n + 4) >> 8);
	f[5] = (uint8_t)(n + 4);
	if (n)
		memcpy(f + 6, body, n);
	assert_non_null(stub.frame_cb);
	stub.frame_cb(stub.frame_owner, f, n + 6);
}

void peer(uint16_t proto, uint8_t code, uint8_t id, const char *body_hex)
{
	uint8_t b[256];
	size_t n = strlen(body_hex) / 2;

	assert_true(n <= sizeof(b));
	hex(body_hex, b);
	peer_bytes(proto, code, id, b, n);
}

void peer_text(uint16_t proto, uint8_t code, uint8_t id, const char *text)
{
	peer_bytes(proto, code, id, (const uint8_t *)text, strlen(text));
}

static bool is(size_t i, uint16_t proto, uint8_t code)
{
	const uint8_t *f = stub.sent[i];

	return stub.sent_len[i] >= 6 && (f[0] << 8 | f[1]) == proto && f[2] == code;
}

const uint8_t *last_sent(uint16_t proto, uint8_t code, size_t *len)
{
	size_t i = stub.nsent;

	while (i--) {
		if (is(i, proto, code)) {
			if (len)
				*len = stub.sent_len[i];
			return stub.sent[i];
		}
	}
	return NULL;
}

unsigned int count_sent(uint16_t proto, uint8_t code)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < stub.nsent; i++)
		n += is(i, proto, code);
	return n;
}

void ack_ours(uint16_t proto)
{
	size_t n;
	const uint8_t *req = last_sent(proto, 1, &n);

	assert_non_null(req);
	peer_bytes(proto, 2, req[3], req + 6, n - 6);
}

bool has_option(const uint8_t *f, size_t n, uint8_t type)
{
	size_t off = 6;

	while (off + 2 <= n && f[off + 1] >= 2) {
		if (f[off] == type)
			return true;
		off += f[off + 1];
	}
	return false;
}

uint32_t mppe_bits_sent(uint8_t code)
{
	size_t n;
	const uint8_t *f = last_sent(0x80fd, code, &n);
	uint32_t bits;

	assert_non_null(f);
	assert_int_equal(n, 6 + 6);
	assert_int_equal(f[6], 18);		/* MPPE, RFC 3078 */
	memcpy(&bits, f + 8, 4);
	return ntohl(bits);
}

bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

int ppp_peer_teardown(void **state)
{
	(void)state;
	config_done();
	ipam_done();
	loop_timers_done();
	return 0;
}
