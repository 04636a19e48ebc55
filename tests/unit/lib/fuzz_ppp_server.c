// SPDX-License-Identifier: GPL-2.0
/* The server's PPP playing along (fuzz_ppp_server.h). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "fuzz_ppp_server.h"
#include "kernel_stub.h"

#define P_LCP 0xc021
#define P_PAP 0xc023
#define P_CHAP 0xc223
#define P_IPCP 0x8021
#define P_CCP 0x80fd
#define ANSWERS_MAX 32		/* a link that keeps talking gets this many at a time */

static void *link_seen;		/* the link the flags below are about */
static bool lcp_sent, ipcp_sent, ccp_sent;

static void say(uint16_t proto, uint8_t code, uint8_t id, const uint8_t *data, size_t n)
{
	uint8_t f[300];

	if (!stub.frame_cb || n + 6 > sizeof(f))
		return;
	f[0] = (uint8_t)(proto >> 8);
	f[1] = (uint8_t)proto;
	f[2] = code;
	f[3] = id;
	f[4] = (uint8_t)((n + 4) >> 8);
	f[5] = (uint8_t)(n + 4);
	if (n)
		memcpy(f + 6, data, n);
	stub.frame_cb(stub.frame_owner, f, n + 6);
}

static void lcp_request(enum fuzz_ppp_auth auth)
{
	static const uint8_t opts[][11] = {
		{ 5, 6, 0x5a, 0x5a, 0x5a, 0x5a, 3, 4, 0xc0, 0x23 },
		{ 5, 6, 0x5a, 0x5a, 0x5a, 0x5a, 3, 5, 0xc2, 0x23, 5 },
		{ 5, 6, 0x5a, 0x5a, 0x5a, 0x5a, 3, 5, 0xc2, 0x23, 0x81 },
	};

	say(P_LCP, 1, 0x40, opts[auth], auth == FUZZ_PPP_PAP ? 10 : 11);
	lcp_sent = true;
}

static void lcp(const uint8_t *p, size_t n, enum fuzz_ppp_auth auth)
{
	static const uint8_t challenge[] = { 16, 'c', 'h', 'a', 'l', 'l', 'e', 'n', 'g', 'e', '-',
					     's', 'e', 'r', 'v', 'e', 'r', 's', 'r', 'v' };
	uint8_t echo[64] = { 0 };

	switch (p[0]) {
	case 1:			/* Configure-Request: acknowledged as it is */
		say(P_LCP, 2, p[1], p + 4, n - 4);
		if (!lcp_sent)
			lcp_request(auth);
		break;
	case 2:			/* ours acknowledged: CHAP starts */
		if (auth != FUZZ_PPP_PAP)
			say(P_CHAP, 1, 1, challenge, sizeof(challenge));
		break;
	case 3:
	case 4:			/* ours refused: again, as it is */
		lcp_request(auth);
		break;
	case 5:
		say(P_LCP, 6, p[1], NULL, 0);
		break;
	case 9:			/* Echo-Request: our magic 0, its data back */
		if (n >= 8 && n - 4 <= sizeof(echo)) {
			memcpy(echo + 4, p + 8, n - 8);
			say(P_LCP, 10, p[1], echo, n - 4);
		}
		break;
	}
}

/* Zero addresses (ours to give) Nak'ed with 10.9.0.x, anything else acknowledged. */
static void ipcp(const uint8_t *p, size_t n)
{
	static const uint8_t ours[] = { 3, 6, 10, 9, 0, 1 };
	uint8_t nak[64];
	size_t off = 4, k = 0;

	if (p[0] != 1)
		return;
	while (off + 2 <= n && p[off + 1] >= 2 && off + p[off + 1] <= n) {
		const uint8_t *o = p + off;

		if (o[1] == 6 && !(o[2] | o[3] | o[4] | o[5]) && k + 6 <= sizeof(nak)) {
			memcpy(nak + k, o, 2);
			nak[k + 2] = 10, nak[k + 3] = 9, nak[k + 4] = 0, nak[k + 5] = (uint8_t)(o[0] + 1);
			k += 6;
		}
		off += o[1];
	}
	if (k)
		say(P_IPCP, 3, p[1], nak, k);
	else
		say(P_IPCP, 2, p[1], p + 4, n - 4);
	if (!ipcp_sent)
		say(P_IPCP, 1, 0x41, ours, sizeof(ours));
	ipcp_sent = true;
}

static void answer(const uint8_t *f, size_t len, enum fuzz_ppp_auth auth)
{
	uint16_t proto = (uint16_t)(f[0] << 8 | f[1]);
	const uint8_t *p = f + 2;
	size_t n = len - 2;

	if (len < 6 || (size_t)(p[2] << 8 | p[3]) != n)
		return;
	if (proto == P_LCP)
		lcp(p, n, auth);
	else if (proto == P_PAP && p[0] == 1)
		say(P_PAP, 2, p[1], (const uint8_t *)"", 1);
	else if (proto == P_CHAP && p[0] == 2)
		say(P_CHAP, 3, p[1], NULL, 0);
	else if (proto == P_IPCP)
		ipcp(p, n);
	else if (proto == P_CCP && p[0] == 1) {
		say(P_CCP, 2, p[1], p + 4, n - 4);
		if (!ccp_sent)
			say(P_CCP, 1, 0x42, p + 4, n - 4);
		ccp_sent = true;
	}
}

void fuzz_ppp_server_answer(enum fuzz_ppp_auth auth)
{
	uint8_t f[sizeof(stub.sent[0])];
	size_t i, len;

	if (stub.frame_owner != link_seen) {
		link_seen = stub.frame_owner;
		lcp_sent = ipcp_sent = ccp_sent = false;
	}
	for (i = 0; i < stub.nsent && i < ANSWERS_MAX && stub.frame_cb; i++) {
		len = stub.sent_len[i];
		memcpy(f, stub.sent[i], len);	/* answering may send more */
		answer(f, len, auth);
	}
	/* what the link said meanwhile is for the next call */
	memmove(stub.sent, stub.sent + i, (stub.nsent - i) * sizeof(stub.sent[0]));
	memmove(stub.sent_len, stub.sent_len + i, (stub.nsent - i) * sizeof(stub.sent_len[0]));
	stub.nsent -= i;
}
