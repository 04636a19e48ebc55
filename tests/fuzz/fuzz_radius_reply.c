// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any byte string as the reply to a pending Access-Request. The first byte picks
 * the request's method (PAP, CHAP, MS-CHAPv1, MS-CHAPv2), whether the reply is re-signed with
 * the right secret (so the fuzzer gets past the authenticator and into the attributes), and
 * whether a Message-Authenticator is required. The rest is the reply: checked (rad_check),
 * verified (a re-signed well-formed reply must verify), and, if it is an Access-Accept,
 * taken apart as sluiced does (attributes, MS-CHAP2-Success, MPPE keys). Invariants: strings
 * stay terminated and within their buffers, an MS-CHAPv2 success message is "S=<40 hex>...".
 */
/* unit-test-sources: daemon/aaa/radius.c daemon/aaa/radius_attrs.c daemon/aaa/mschap.c daemon/aaa/local.c daemon/ppp/auth.c daemon/radius/client.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/rad_resign.c daemon/aaa/rate_attrs.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aaa/mschap.h"
#include "aaa/radius.h"
#include "admin/config.h"
#include "ppp/auth.h"
#include "radius/client.h"
#include "radius/crypto.h"
#include "radius/packet.h"
#include "fuzz_quiet.h"
#include "rad_resign.h"

#define SECRET "fuzz-secret"

static const uint8_t req_auth[16] = { 0xa5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

static void nop_send(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	(void)a, (void)proto, (void)pkt, (void)len;
}

static void nop_done(struct ppp_auth *a, bool ok, const char *why)
{
	(void)a, (void)ok, (void)why;
}

static const struct ppp_auth_ops ops = { .send = nop_send, .done = nop_done };

/* a well-formed reply gets the right authenticators, as a server with our secret would */
static void resign(uint8_t *buf, size_t n)
{
	struct rad_packet *p = rad_resign_prepare(buf, n);
	const char *why;

	if (!p)
		return;
	check(!rad_sign_response(p, req_auth, SECRET));
	memcpy(buf, p->data, n);
	check(!rad_verify_response(buf, n, req_auth, SECRET, 0, &why));
}

static void check_attrs(const struct auth_attrs *a)
{
	check(strlen(a->framed_pool) < sizeof(a->framed_pool));
	check(strlen(a->routes) < sizeof(a->routes));
	check(strlen(a->profile) < sizeof(a->profile));
	check(strlen(a->rate_limit) < sizeof(a->rate_limit));
	check(a->class_len <= sizeof(a->class_));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ppp_auth_method methods[] = { AUTH_PAP, AUTH_CHAP_MD5, AUTH_MSCHAP1,
							AUTH_MSCHAP2 };
	static bool ready;
	static struct ppp_auth a;
	uint8_t *buf;
	const char *why = NULL;
	char msg[128];
	size_t n, plen;
	uint8_t flags;

	if (!ready) {
		check(!config_init() && !mschap_init());
		ready = true;
	}
	if (size < 1)
		return 0;
	flags = data[0];
	n = size - 1;
	buf = malloc(n ? n : 1);	/* its exact size: ASan sees any read past it */
	check(buf != NULL);
	memcpy(buf, data + 1, n);
	if (flags & 4)
		resign(buf, n);
	plen = rad_check(buf, n, &why);
	if (plen && !rad_verify_response(buf, plen, req_auth, SECRET, flags & 8, &why) &&
	    buf[0] == RAD_ACCESS_ACCEPT) {
		struct rad_reply r = { .pkt = buf, .len = plen, .req_auth = req_auth,
				       .secret = SECRET, .server = "fuzz" };

		ppp_auth_init(&a, &ops, NULL, "pptp", "sluice");
		a.method = methods[flags & 3];
		memset(a.challenge, 0x42, sizeof(a.challenge));
		memcpy(a.user, "fuzzer", 7);
		if (!auth_radius_accept(&a, &r, msg, sizeof(msg), &why)) {
			check(strlen(msg) < sizeof(msg));
			if (a.method == AUTH_MSCHAP2)
				check(!strncmp(msg, "S=", 2) && strlen(msg) >= 42);
			check(strlen(a.profile) < sizeof(a.profile));
		} else {
			check(why != NULL);
		}
		check_attrs(&a.attrs);
		ppp_auth_stop(&a);
	}
	free(buf);
	return 0;
}
