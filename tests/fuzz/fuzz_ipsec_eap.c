// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any datagram into sluiced's localhost EAP server (daemon/ipsec/eap_server.c,
 * daemon/aaa/eap_mschapv2.c). The first byte steers the harness: bit 0 signs the rest as
 * charon would (a Message-Authenticator added and computed with our secret), bit 1 puts in
 * the State of the last Access-Challenge, bit 2 replaces the EAP-Message by what a peer that
 * knows the password answers to the last Challenge, Success- or Failure-Request (so the
 * fuzzer reaches every phase), bit 3 changes the source port, bit 4 relays a new
 * conversation upstream (a stand-in RADIUS client), bit 5 has the upstream answer the
 * request it holds first: bit 6 with an Accept (keys, Framed-IP), else a Challenge, bit 7
 * not at all (bit 6 then sets radius-fallback=never, else if-unreachable: the conversation may
 * go on locally, its Challenge to charon's socket is the last one too). The clock moves 1 s
 * an input.
 * Invariants: an answer is a well-formed reply of the right kind with the request's
 * Identifier and a valid Response Authenticator and Message-Authenticator; a request that
 * does not verify gets none; a relayed answer reaching charon's socket later is well formed;
 * an Access-Accept comes only for the one user whose password the harness proved (only
 * after it did, never twice for one proof) or after an upstream Accept; with
 * radius-fallback=never no conversation falls back; the table stays within its cap.
 */
/* unit-test-sources: daemon/ipsec/eap_server.c daemon/ipsec/eap_relay.c tests/unit/lib/rad_client_stub.c daemon/aaa/eap_mschapv2.c daemon/aaa/local.c daemon/aaa/mschap.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/core/loop.c daemon/core/timer.c daemon/core/log.c tests/unit/lib/fake_clock.c */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fake_clock.h"
#include "fuzz_quiet.h"
#include "admin/config.h"
#include "aaa/aaa_menu.h"
#include "aaa/eap_mschapv2.h"
#include "aaa/mschap.h"
#include "aaa/secret_menu.h"
#include "core/loop.h"
#include "ipsec/eap_server.h"
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include "radius/crypto.h"
#include "rad_client_stub.h"

#define RAD_EAP_MESSAGE 79
#define USER "fz"
#define PASSWORD "pw"

static struct {
	uint8_t state[RAD_ATTR_MAX];
	size_t state_len;
	uint8_t eap[EAP_OUT_MAX];	/* the last EAP Request */
	size_t eap_len;
} last;
static unsigned long proofs, accepts, upstream_accepts;
static bool relay_next;
static int charon_fd[2];
static uint16_t charon_port[2];

static int hook(const struct ipsec_eap_accept *a, struct ipsec_eap_grant *g)
{
	if (a->relayed) {
		check(upstream_accepts > 0);
		check(g->framed_ip == htonl(0x0a090909));
		return 0;
	}
	check(!strcmp(a->user, USER));
	check(accepts < proofs);
	g->framed_ip = 0x0500000a;
	return 0;
}

static enum ipsec_eap_route fuzz_route(const struct ipsec_eap_accept *a)
{
	(void)a;
	return relay_next ? IPSEC_EAP_RELAY : IPSEC_EAP_LOCAL;
}

/* Two sockets as charon's: relayed answers come to them. */
static void charon_sockets(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		struct sockaddr_in sa = { .sin_family = AF_INET,
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		socklen_t sl = sizeof(sa);

		charon_fd[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		check(charon_fd[i] >= 0);
		check(!bind(charon_fd[i], (struct sockaddr *)&sa, sizeof(sa)));
		check(!getsockname(charon_fd[i], (struct sockaddr *)&sa, &sl));
		charon_port[i] = ntohs(sa.sin_port);
	}
}

/* No server answered the request upstream, with radius-fallback=never or if-unreachable. */
static void silent_upstream(bool never)
{
	const char *k = "radius-fallback", *v = never ? "never" : "if-unreachable";
	unsigned long fallbacks = ipsec_eap_server_stats()->fallbacks;
	struct strbuf err;

	sb_init(&err);
	check(!cfg_set(&ppp_aaa_menu, cfg_find(&ppp_aaa_menu, NULL), &k, &v, 1, &err));
	sb_free(&err);
	rad_stub_answer(NULL);
	check(!never || ipsec_eap_server_stats()->fallbacks == fallbacks);
}

/* The upstream answers what the stand-in client holds (flags bits 5 to 7). */
static void upstream(uint8_t flags)
{
	static const uint8_t auth[RAD_AUTH_LEN] = { 1 }, chal[] = { 1, 9, 0, 6, 26, 1 },
			     success[] = { 3, 9, 0, 4 }, key[16] = { 7 };
	static struct rad_packet p;
	struct rad_reply r = { .req_auth = auth, .secret = "up", .server = "upstream" };
	uint8_t v[64];
	size_t n;

	if (!(flags & 0x20) || !rad_stub.pending)
		return;
	if (flags & 0x80) {
		silent_upstream(flags & 0x40);
		return;
	}
	rad_init(&p, flags & 0x40 ? RAD_ACCESS_ACCEPT : RAD_ACCESS_CHALLENGE, 0);
	if (flags & 0x40) {
		rad_put(&p, RAD_EAP_MESSAGE, success, sizeof(success));
		check(!rad_mppe_key_encrypt("up", auth, 0x8001, key, 16, v, &n));
		rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_SEND_KEY, v, n);
		rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_RECV_KEY, v, n);
		rad_put_u32(&p, RAD_FRAMED_IP_ADDRESS, 0x0a090909);
		upstream_accepts++;
	} else {
		rad_put(&p, RAD_EAP_MESSAGE, chal, sizeof(chal));
		rad_put_str(&p, RAD_STATE, "upstream-state");
	}
	r.pkt = p.data;
	r.len = p.len;
	rad_stub_answer(&r);
}

/* The State and EAP of a Challenge, for the flags' bits 1 and 2. */
static void remember(const uint8_t *pkt, size_t len)
{
	struct rad_iter it;
	struct rad_attr a;

	if (pkt[0] != RAD_ACCESS_CHALLENGE)
		return;
	last.state_len = 0;
	last.eap_len = 0;
	rad_iter_init(&it, pkt, len);
	while (rad_next(&it, &a)) {
		if (a.type == RAD_STATE) {
			memcpy(last.state, a.val, a.len);
			last.state_len = a.len;
		}
		if (a.type == RAD_EAP_MESSAGE && last.eap_len + a.len <= sizeof(last.eap)) {
			memcpy(last.eap + last.eap_len, a.val, a.len);
			last.eap_len += a.len;
		}
	}
}

/* Relayed answers that came to charon's sockets: well formed, of an Access kind. */
static void drain(void)
{
	static uint8_t buf[RAD_MAX_LEN];
	const char *why;
	ssize_t n;
	int i;

	for (i = 0; i < 2; i++) {
		while ((n = recv(charon_fd[i], buf, sizeof(buf), 0)) > 0) {
			check(rad_check(buf, (size_t)n, &why) == (size_t)n);
			check(buf[0] == RAD_ACCESS_CHALLENGE || buf[0] == RAD_ACCESS_ACCEPT ||
			      buf[0] == RAD_ACCESS_REJECT);
			remember(buf, (size_t)n);
		}
	}
}

static void setup(void)
{
	const char *k[] = { "name", "password" }, *v[] = { USER, PASSWORD };
	struct strbuf err;

	check(!config_init());
	sb_init(&err);
	check(!cfg_add((&ppp_secret_menu), k, v, 2, &err));
	sb_free(&err);
	check(!loop_init());
	check(!ipsec_eap_server_start());
	ipsec_eap_server_set_on_accept(hook);
	ipsec_eap_server_set_route(fuzz_route);
	charon_sockets();
}

/* What a peer that knows the password answers to the last Request; 0 if nothing. */
static size_t peer_answer(uint8_t *out)
{
	const uint8_t *r = last.eap;
	uint8_t pc[16] = { 1 }, nt[24];
	size_t n = 9 + 1 + 49 + strlen(USER);

	if (last.eap_len < 6 || r[0] != EAP_REQUEST || r[4] != EAP_TYPE_MSCHAPV2)
		return 0;
	memset(out, 0, n);
	out[0] = EAP_RESPONSE;
	out[1] = r[1];
	out[4] = EAP_TYPE_MSCHAPV2;
	out[5] = r[5];		/* Success- and Failure-Response answer in kind */
	out[3] = 6;
	if (r[5] != EAP_MS_OP_CHALLENGE)
		return 6;
	if (last.eap_len < 26 || mschap2_nt_response(r + 10, pc, USER, PASSWORD, nt))
		return 0;
	out[3] = (uint8_t)n;
	out[5] = EAP_MS_OP_RESPONSE;
	out[6] = r[6];
	out[8] = (uint8_t)(n - 5);
	out[9] = 49;
	memcpy(out + 10, pc, 16);
	memcpy(out + 34, nt, 24);
	memcpy(out + 59, USER, strlen(USER));
	proofs++;
	return n;
}

/* The fuzz datagram's attributes, some replaced as the flags say, into p; false if not RADIUS. */
static bool rebuild(const uint8_t *buf, size_t n, uint8_t flags, struct rad_packet *p)
{
	uint8_t eap[EAP_MSG_MAX];
	size_t elen = 0;
	struct rad_iter it;
	struct rad_attr a;
	const char *why;

	if (n > RAD_MAX_LEN || n < RAD_HDR_LEN || !rad_check(buf, n, &why))
		return false;
	if (flags & 4)
		elen = peer_answer(eap);
	rad_init(p, buf[0], buf[1]);
	memcpy(p->data + 4, buf + 4, RAD_AUTH_LEN);
	rad_iter_init(&it, buf, rad_check(buf, n, &why));
	while (rad_next(&it, &a)) {
		if (a.type == RAD_MESSAGE_AUTHENTICATOR || (elen && a.type == RAD_EAP_MESSAGE) ||
		    ((flags & 2) && a.type == RAD_STATE))
			continue;
		if (a.len)
			rad_put(p, a.type, a.val, a.len);
	}
	if (elen)
		rad_put(p, RAD_EAP_MESSAGE, eap, elen);
	if ((flags & 2) && last.state_len)
		rad_put(p, RAD_STATE, last.state, last.state_len);
	if (flags & 1) {
		rad_put_msg_auth(p);
		check(!rad_sign_request(p, ipsec_eap_server_secret()));
	}
	return true;
}

/* Did the request verify as the server must check it? */
static bool verified(const uint8_t *buf, size_t n)
{
	static struct rad_packet p;
	struct rad_attr a;
	const char *why;
	size_t plen = rad_check(buf, n, &why);

	if (!plen)
		return false;
	if (buf[0] == RAD_ACCT_REQUEST)
		return !rad_verify_request(buf, plen, ipsec_eap_server_secret(), &why);
	if (buf[0] != RAD_ACCESS_REQUEST || !rad_find(buf, plen, RAD_MESSAGE_AUTHENTICATOR, &a))
		return false;
	memcpy(p.data, buf, plen);
	p.len = plen;
	p.msg_auth = (size_t)(a.val - buf);
	check(!rad_sign_request(&p, ipsec_eap_server_secret()));
	return !memcmp(p.data + p.msg_auth, a.val, RAD_AUTH_LEN);
}

static void check_reply(const uint8_t *req, const struct rad_packet *out)
{
	const char *why;
	bool acct = req[0] == RAD_ACCT_REQUEST;

	check(rad_check(out->data, out->len, &why) == out->len);
	check(out->data[1] == req[1]);
	check(!rad_verify_response(out->data, out->len, req + 4, ipsec_eap_server_secret(),
				   !acct, &why));
	if (acct) {
		check(out->data[0] == RAD_ACCT_RESPONSE);
		return;
	}
	check(out->data[0] == RAD_ACCESS_CHALLENGE || out->data[0] == RAD_ACCESS_ACCEPT ||
	      out->data[0] == RAD_ACCESS_REJECT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	static struct rad_packet in, out;
	unsigned long accepts0;
	const uint8_t *buf;
	size_t n;
	bool answered;

	if (!ready) {
		setup();
		ready = true;
	}
	if (size < 1)
		return 0;
	fake_now += 1000;
	relay_next = data[0] & 0x10;
	upstream(data[0]);
	drain();
	if (rebuild(data + 1, size - 1, data[0], &in)) {
		buf = in.data;
		n = in.len;
	} else {
		buf = data + 1;
		n = size - 1;
	}
	accepts0 = ipsec_eap_server_stats()->accepts;
	answered = ipsec_eap_server_process(buf, n, charon_port[!!(data[0] & 8)], &out);
	if (answered) {
		check(verified(buf, n));
		check_reply(buf, &out);
		remember(out.data, out.len);
	}
	if (ipsec_eap_server_stats()->accepts != accepts0)
		accepts++;
	check(ipsec_eap_server_stats()->live <= IPSEC_EAP_CONVERSATIONS);
	return 0;
}
