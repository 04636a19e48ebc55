// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any byte string as a Disconnect-Request or CoA-Request on the Dynamic
 * Authorization port (daemon/radius/dae.c), from a configured client or a stranger, re-signed
 * with the client's secret or not (first byte). Two sessions stand by. Invariants: a stranger
 * gets no answer; an answer is a well-formed, correctly signed ACK or NAK of the request's
 * kind with its Identifier; a session is ended or changed only by a request whose
 * authenticator verifies, and only with an ACK.
 */
/* unit-test-sources: daemon/radius/dae.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/rad_resign.c daemon/aaa/rate_attrs.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "admin/config.h"
#include "radius/radius_menu.h"
#include "ppp/link.h"
#include "ppp/views.h"
#include "radius/crypto.h"
#include "radius/dae.h"
#include "fuzz_quiet.h"
#include "rad_resign.h"

#define SECRET "dae-secret"

static struct ppp_link links[2];
static unsigned int closes, changes;

/* ppp/link.c's, over the two stand-ins */
const struct ppp_other_sessions *ppp_other_sessions;

struct ppp_link *ppp_link_next(struct ppp_link *l)
{
	if (!l)
		return &links[0];
	return l == &links[0] ? &links[1] : NULL;
}

void ppp_link_close(struct ppp_link *l, const char *cause)
{
	check(l == &links[0] || l == &links[1]);
	check(!strcmp(cause, "admin-reset"));
	closes++;
}

void ppp_link_apply_overrides(struct ppp_link *l, const struct ppp_overrides *o)
{
	check(l == &links[0] || l == &links[1]);
	check(!(o->set & ~(unsigned int)(PPP_OVR_RATE_LIMIT | PPP_OVR_SESSION_TIMEOUT)));
	changes++;
}

static void setup(void)
{
	const char *k[] = { "address", "secret" }, *v[] = { "10.8.0.2", SECRET };
	struct strbuf err;
	int i;

	check(!config_init());
	sb_init(&err);
	check(!cfg_add((&radius_menu), k, v, 2, &err));
	sb_free(&err);
	for (i = 0; i < 2; i++) {
		links[i].id = 0x10 + (unsigned int)i;
		links[i].phase = PHASE_UP;
		links[i].remote_addr = inet_addr(i ? "10.220.0.11" : "10.220.0.10");
		strcpy(links[i].user, i ? "bob" : "alice");
		strcpy(links[i].p.tag, "fuzz");
	}
}

static void resign(uint8_t *buf, size_t n)
{
	struct rad_packet *p = rad_resign_prepare(buf, n);

	if (!p)
		return;
	check(!rad_sign_request(p, SECRET));
	memcpy(buf, p->data, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	static struct rad_packet out;
	uint32_t src = inet_addr("10.8.0.2");
	unsigned int closes0 = closes, changes0 = changes;
	const char *why;
	uint8_t *buf;
	size_t n;
	bool verified, answered;

	if (!ready) {
		setup();
		ready = true;
	}
	if (size < 1)
		return 0;
	n = size - 1;
	buf = malloc(n ? n : 1);
	check(buf != NULL);
	memcpy(buf, data + 1, n);
	if (data[0] & 1)
		resign(buf, n);
	if (data[0] & 2)
		src = inet_addr("10.8.0.3");	/* not a client */
	verified = n >= RAD_HDR_LEN && rad_check(buf, n, &why) &&
		   !rad_verify_request(buf, rad_check(buf, n, &why), SECRET, &why);
	/* the port: the same or another, to reach retransmissions and replays */
	answered = rad_dae_process(buf, n, src, data[0] & 4 ? 40001 : 40000, &out);
	if (data[0] & 2)
		check(!answered);
	if (answered) {
		bool coa = buf[0] == RAD_COA_REQUEST, ack;

		check(rad_check(out.data, out.len, &why) == out.len);
		check(out.data[1] == buf[1]);
		ack = out.data[0] == (coa ? RAD_COA_ACK : RAD_DISCONNECT_ACK);
		check(ack || out.data[0] == (coa ? RAD_COA_NAK : RAD_DISCONNECT_NAK));
		check(!rad_verify_response(out.data, out.len, buf + 4, SECRET, 1, &why));
		if (!ack)
			check(closes == closes0 && changes == changes0);
		if (!verified)
			check(!ack);
	} else {
		check(closes == closes0 && changes == changes0);
	}
	free(buf);
	return 0;
}
