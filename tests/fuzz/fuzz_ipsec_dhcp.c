// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any datagram into the DHCPINFORM responder for Windows road warriors
 * (daemon/ipsec/dhcp_inform.c). The first byte steers the harness: bit 0 makes the IP
 * source the datagram's own ciaddr (else the next four bytes), so the fuzzer reaches the
 * answer; the sessions are 10.9.0.0/24. The second byte is what the session's lookup
 * gives: 0xff no session (ending), else that many split-include networks modulo 65, their
 * lengths 0..32 in turn, and DNS servers when bit 1 of the first is set. The datagram
 * starts at the third byte.
 * Invariants: every datagram is counted exactly once (answered, malformed, not an
 * INFORM, or a stranger); an answer comes only for a session's source equal to ciaddr,
 * and is a well-formed BOOTREPLY of at least 300 bytes and at most the largest datagram:
 * the request's xid, chaddr and ciaddr, the cookie, options that walk to an END within
 * it, 53 = DHCPACK first, 54 = the local address, no lease time, and route options whose
 * routes decode exactly, each through the client's own address.
 */
/* unit-test-sources: daemon/ipsec/dhcp_inform.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fuzz_quiet.c */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "fuzz_quiet.h"
#include "ipsec/dhcp_inform.h"

#define SESSIONS 0x0a090000u	/* 10.9.0.0/24 */
#define LOCAL 0xc0000201u

static uint8_t steer, nroutes;

static bool lookup(uint32_t vip, struct ipsec_dhcp_answer *a)
{
	size_t i;

	check((ntohl(vip) & 0xffffff00u) == SESSIONS);
	if (nroutes == 0xff)
		return false;
	a->nroutes = nroutes % 65;
	for (i = 0; i < a->nroutes; i++) {
		a->routes[i].len = (uint8_t)(i % 33);
		a->routes[i].net = a->routes[i].len ?
			htonl((0x0a000000u + (uint32_t)i * 0x10101u) &
			      (~0u << (32 - a->routes[i].len))) : 0;
	}
	a->ndns = steer & 2 ? 2 : 0;
	a->dns[0] = htonl(LOCAL);
	a->dns[1] = htonl(LOCAL + 1);
	return true;
}

static unsigned long counted(void)
{
	const struct ipsec_dhcp_stats *s = ipsec_dhcp_inform_stats();

	return s->answered + s->malformed + s->not_inform + s->strangers;
}

/* A route option's value: whole routes, each through router. */
static void check_routes(const uint8_t *v, size_t len, uint32_t router)
{
	size_t i = 0;

	while (i < len) {
		size_t octets = (v[i] + 7u) / 8;

		check(v[i] <= 32);
		check(i + 1 + octets + 4 <= len);
		check(!memcmp(v + i + 1 + octets, &router, 4));
		i += 1 + octets + 4;
	}
}

static void check_options(const uint8_t *out, size_t n, uint32_t ciaddr)
{
	uint32_t local = htonl(LOCAL);
	size_t i = 240;

	check(out[i] == 53 && out[i + 1] == 1 && out[i + 2] == 5);
	check(out[i + 3] == 54 && out[i + 4] == 4 && !memcmp(out + i + 5, &local, 4));
	while (i < n && out[i] != 255) {
		check(out[i] != 0 && out[i] != 51);	/* no pads before the END, no lease */
		check(i + 2 <= n && i + 2 + out[i + 1] <= n);
		if (out[i] == 249 || out[i] == 121)
			check_routes(out + i + 2, out[i + 1], ciaddr);
		i += 2 + out[i + 1];
	}
	check(i < n);
}

static void check_answer(const uint8_t *in, const uint8_t *out, size_t n, uint32_t src)
{
	uint32_t ciaddr;

	check(n >= 300 && n <= IPSEC_DHCP_MSG_MAX);
	memcpy(&ciaddr, in + 12, 4);
	check(ciaddr == src && (ntohl(src) & 0xffffff00u) == SESSIONS);
	check(out[0] == 2 && in[0] == 1);
	check(!memcmp(out + 4, in + 4, 4));		/* xid */
	check(!memcmp(out + 12, in + 12, 4));		/* ciaddr */
	check(!memcmp(out + 16, "\0\0\0\0", 4));	/* no yiaddr */
	check(!memcmp(out + 28, in + 28, 16));		/* chaddr */
	check(out[236] == 0x63 && out[237] == 0x82 && out[238] == 0x53 && out[239] == 0x63);
	check_options(out, n, ciaddr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[IPSEC_DHCP_MSG_MAX];
	static bool ready;
	unsigned long before = counted();
	const uint8_t *pkt;
	uint32_t src = 0, i;
	size_t len, n;

	if (!ready) {
		ipsec_dhcp_inform_set_lookup(lookup);
		for (i = 0; i < 256; i++)	/* no loop here: the socket never opens */
			ipsec_dhcp_inform_client(htonl(SESSIONS + i), true);
		ready = true;
	}
	if (size < 2)
		return 0;
	steer = data[0];
	nroutes = data[1];
	pkt = data + 2;
	len = size - 2;
	if (steer & 1 && len >= 16)
		memcpy(&src, pkt + 12, 4);
	else if (len >= 4)
		memcpy(&src, pkt, 4);
	n = ipsec_dhcp_inform_process(pkt, len, src, htonl(LOCAL), out, sizeof(out));
	check(counted() == before + 1);
	if (n)
		check_answer(pkt, out, n, src);
	return 0;
}
