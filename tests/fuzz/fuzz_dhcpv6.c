// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any datagram a PPP session's DHCPv6 client could send (daemon/ppp/dhcpv6.c).
 * The first byte steers the session's binding: its prefix length (bits 0-5, 0..63: none
 * when 0) and its DNS servers (bits 6-7: 0..3). The datagram starts at the second byte.
 * Invariants: an answer is an Advertise (to a Solicit without Rapid Commit) or a Reply, with
 * the request's type and transaction id behind it; its options walk exactly to its end
 * and fit DHCPV6_MSG_MAX; it carries our Server Identifier once, and the Client Identifier
 * whenever the request had one, byte for byte; an IA_PD in it holds the session's prefix,
 * prefixes the client may no longer use (lifetimes 0) and a NoBinding or NoPrefixAvail
 * status, nothing else; a dropped datagram says why.
 */
/* unit-test-sources: daemon/ppp/dhcpv6.c */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "fuzz_quiet.h"
#include "ppp/dhcpv6.h"

static const uint8_t server_duid[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 1 };

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The request's Client Identifier (the last one, as the server takes it); NULL if none. */
static const uint8_t *request_clientid(const uint8_t *in, size_t len, size_t *idlen)
{
	const uint8_t *id = NULL;
	size_t off = 4;

	while (off + 4 <= len && off + 4 + get16(in + off + 2) <= len) {
		if (get16(in + off) == 1) {
			id = in + off + 4;
			*idlen = get16(in + off + 2);
		}
		off += 4 + get16(in + off + 2);
	}
	return id;
}

/* An IA_PD: the session's prefix, prefixes with lifetimes 0, a NoBinding or NoPrefixAvail */
static void check_ia_pd(const uint8_t *v, size_t len, const struct dhcpv6_binding *b)
{
	size_t off = 12, prefixes = 0;

	check(len >= 12 + 6);
	while (off < len) {
		const uint8_t *o = v + off;

		check(off + 4 <= len && off + 4 + get16(o + 2) <= len);
		if (get16(o) == 13) {
			check(get16(o + 2) == 2 && (get16(o + 4) == 3 || get16(o + 4) == 6));
		} else {
			check(get16(o) == 26 && get16(o + 2) == 25);
			check((o[12] == b->prefix_len && !memcmp(o + 13, b->prefix, 16)) ||
			      !memcmp(o + 4, "\0\0\0\0\0\0\0\0", 8));
			prefixes++;
		}
		off += 4 + get16(o + 2);
	}
	check(prefixes <= 2);
}

static void check_answer(const uint8_t *in, size_t len, const uint8_t *out, size_t n,
			 const struct dhcpv6_binding *b)
{
	const uint8_t *cid;
	size_t off = 4, cidlen = 0, servers = 0, clients = 0;

	check(n >= 4 && n <= DHCPV6_MSG_MAX);
	check(out[0] == DHCPV6_REPLY || (out[0] == DHCPV6_ADVERTISE && in[0] == DHCPV6_SOLICIT));
	check(!memcmp(out + 1, in + 1, 3));
	cid = request_clientid(in, len, &cidlen);
	while (off + 4 <= n) {
		uint16_t code = get16(out + off), olen = get16(out + off + 2);
		const uint8_t *v = out + off + 4;

		check(off + 4 + olen <= n);
		if (code == 2) {
			servers++;
			check(olen == sizeof(server_duid) && !memcmp(v, server_duid, olen));
		} else if (code == 1) {
			clients++;
			check(cid && olen == cidlen && !memcmp(v, cid, olen));
		} else if (code == 25) {
			check_ia_pd(v, olen, b);
		}
		off += 4 + olen;
	}
	check(off == n && servers == 1 && clients == (cid ? 1u : 0u));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[DHCPV6_MSG_MAX];
	struct dhcpv6_binding b = { .server_duid = server_duid,
				    .server_duid_len = sizeof(server_duid),
				    .preferred = 3600, .valid = 7200 };
	enum dhcpv6_drop why = DHCPV6_DROP_MAX;
	size_t n;

	if (size < 1)
		return 0;
	b.prefix_len = data[0] & 0x3f;
	memset(b.prefix, 0x20, b.prefix_len / 8);
	b.ndns = data[0] >> 6;
	memset(b.dns, 0xfd, sizeof(b.dns));
	n = dhcpv6_answer(data + 1, size - 1, &b, out, sizeof(out), &why);
	if (n)
		check_answer(data + 1, size - 1, out, n, &b);
	else
		check(why < DHCPV6_DROP_MAX);
	return 0;
}
