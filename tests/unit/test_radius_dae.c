// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/radius/dae.c (RFC 5176): Disconnect-Request and CoA-Request from a configured
 * client, against two stand-in sessions: which sessions a request names, what it does to
 * them, the Error-Cause of every refusal, and that a refusal changes nothing; replays
 * (RFC 5176 6.3): the Event-Timestamp window and the duplicate cache, which ignores the port.
 */
/* unit-test-sources: daemon/radius/dae.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c daemon/aaa/rate_attrs.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "fake_clock.h"
#include "admin/config.h"
#include "radius/radius_menu.h"
#include "radius/incoming_menu.h"
#include "ppp/link.h"
#include "ppp/views.h"
#include "radius/crypto.h"
#include "radius/dae.h"

#define SECRET "dae-secret"
#define PORT 40000
#define WALL_START 1800000000	/* the wall clock at fake_now's start */

/* dae.c reads the wall clock (Event-Timestamp) here: it moves with the fake clock */
time_t time(time_t *t)
{
	time_t now = (time_t)(WALL_START + fake_now / 1000);

	if (t)
		*t = now;
	return now;
}

static struct ppp_link links[2];
static char closed[64];
static unsigned int timeout_set[2];
static struct ppp_overrides given[2];	/* what the last CoA gave each link */

struct ppp_link *ppp_link_next(struct ppp_link *l)
{
	if (!l)
		return &links[0];
	return l == &links[0] ? &links[1] : NULL;
}

void ppp_link_close(struct ppp_link *l, const char *cause)
{
	assert_string_equal(cause, "admin-reset");
	strcat(closed, l->user);
	strcat(closed, ";");
}

void ppp_link_apply_overrides(struct ppp_link *l, const struct ppp_overrides *o)
{
	given[l - links] = *o;
	if (o->set & PPP_OVR_SESSION_TIMEOUT)
		timeout_set[l - links] = o->session_timeout;
}

/* an IKE road warrior (ipsec/session.c's part, ppp/views.h): user "carol", 10.220.0.20 */
const struct ppp_other_sessions *ppp_other_sessions;
static unsigned int ike_ended, ike_timeout;

static size_t fake_ike(const char *sid, const char *user, uint32_t ip, bool act,
		       const struct ppp_overrides *c)
{
	if ((sid && strcmp(sid, "00000099")) || (user && strcmp(user, "carol")) ||
	    (ip && ip != inet_addr("10.220.0.20")))
		return 0;
	if (act && !c)
		ike_ended++;
	if (act && c && (c->set & PPP_OVR_SESSION_TIMEOUT))
		ike_timeout = c->session_timeout;
	return 1;
}

static const struct ppp_other_sessions fake_others = { .dae = fake_ike };

static int setup(void **state)
{
	const char *k[] = { "address", "secret" }, *v[] = { "10.8.0.2", SECRET };
	struct strbuf err;
	int i;

	(void)state;
	fake_advance(301 * 1000);	/* the last test's requests leave the duplicate cache */
	closed[0] = '\0';
	memset(timeout_set, 0, sizeof(timeout_set));
	memset(given, 0, sizeof(given));
	memset(links, 0, sizeof(links));
	for (i = 0; i < 2; i++) {
		links[i].id = 0x10 + (unsigned int)i;
		links[i].phase = PHASE_UP;
		links[i].remote_addr = inet_addr(i ? "10.220.0.11" : "10.220.0.10");
		strcpy(links[i].user, i ? "bob" : "alice");
	}
	if (config_init())
		return -1;
	sb_init(&err);
	if (cfg_add((&radius_menu), k, v, 2, &err))
		return -1;
	sb_free(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_done();
	return 0;
}

/* Sends p as it is from 10.8.0.2 and port; the answer's code (0: none), its cause in *ec. */
static uint8_t send_from(const struct rad_packet *p, uint16_t port, uint32_t *ec)
{
	static struct rad_packet out;
	const char *why;

	*ec = 0;
	if (!rad_dae_process(p->data, p->len, inet_addr("10.8.0.2"), port, &out))
		return 0;
	assert_int_equal(rad_check(out.data, out.len, &why), out.len);
	assert_int_equal(out.data[1], p->data[1]);
	/* always signed with the client's secret, with a Message-Authenticator */
	assert_int_equal(rad_verify_response(out.data, out.len, p->data + 4, SECRET, 1, &why), 0);
	rad_get_u32(out.data, out.len, RAD_ERROR_CAUSE, ec);
	return out.data[0];
}

/* Signs p with secret and sends it from 10.8.0.2:PORT. */
static uint8_t ask(struct rad_packet *p, const char *secret, uint32_t *ec)
{
	assert_int_equal(rad_sign_request(p, secret), 0);
	return send_from(p, PORT, ec);
}

static void test_disconnect(void **state)
{
	struct rad_packet p;
	uint32_t ec, ip = inet_addr("10.220.0.11");

	(void)state;
	rad_init(&p, RAD_DISCONNECT_REQUEST, 1);
	rad_put_str(&p, RAD_ACCT_SESSION_ID, "00000010");
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_ACK);
	assert_string_equal(closed, "alice;");
	/* User-Name and Framed-IP-Address together: both must match */
	rad_init(&p, RAD_DISCONNECT_REQUEST, 2);
	rad_put_str(&p, RAD_USER_NAME, "alice");
	rad_put(&p, RAD_FRAMED_IP_ADDRESS, &ip, 4);
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_NAK);
	assert_int_equal(ec, RAD_EC_SESSION_NOT_FOUND);
	rad_init(&p, RAD_DISCONNECT_REQUEST, 3);
	rad_put_str(&p, RAD_USER_NAME, "bob");
	rad_put(&p, RAD_FRAMED_IP_ADDRESS, &ip, 4);
	rad_put_msg_auth(&p);
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_ACK);
	assert_string_equal(closed, "alice;bob;");
}

/* Disconnect and CoA reach an IKE session by User-Name, Framed-IP or Acct-Session-Id */
static void test_ike_sessions(void **state)
{
	struct rad_packet p;
	uint32_t ec, ip = inet_addr("10.220.0.20"), timeout = htonl(60);

	(void)state;
	ppp_other_sessions = &fake_others;
	ike_ended = ike_timeout = 0;
	rad_init(&p, RAD_DISCONNECT_REQUEST, 1);
	rad_put_str(&p, RAD_USER_NAME, "carol");
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_ACK);
	assert_int_equal(ike_ended, 1);
	assert_string_equal(closed, "");		/* no link was named */
	rad_init(&p, RAD_DISCONNECT_REQUEST, 2);
	rad_put(&p, RAD_FRAMED_IP_ADDRESS, &ip, 4);
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_ACK);
	assert_int_equal(ike_ended, 2);
	rad_init(&p, RAD_COA_REQUEST, 3);
	rad_put_str(&p, RAD_ACCT_SESSION_ID, "00000099");
	rad_put(&p, RAD_SESSION_TIMEOUT, &timeout, 4);
	assert_int_equal(ask(&p, SECRET, &ec), RAD_COA_ACK);
	assert_int_equal(ike_timeout, 60);
	rad_init(&p, RAD_DISCONNECT_REQUEST, 4);
	rad_put_str(&p, RAD_USER_NAME, "dave");
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_NAK);
	assert_int_equal(ec, RAD_EC_SESSION_NOT_FOUND);
	assert_int_equal(ike_ended, 2);
	ppp_other_sessions = NULL;
}

static void test_refusals(void **state)
{
	struct rad_packet p;
	uint32_t ec;

	(void)state;
	/* nothing names a session */
	rad_init(&p, RAD_DISCONNECT_REQUEST, 1);
	rad_put_u32(&p, RAD_EVENT_TIMESTAMP, (uint32_t)time(NULL));
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_NAK);
	assert_int_equal(ec, RAD_EC_MISSING_ATTRIBUTE);
	/* unknown session */
	rad_init(&p, RAD_DISCONNECT_REQUEST, 2);
	rad_put_str(&p, RAD_USER_NAME, "nobody");
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_NAK);
	assert_int_equal(ec, RAD_EC_SESSION_NOT_FOUND);
	/* a forged request (another secret): NAKed, nothing happens */
	rad_init(&p, RAD_DISCONNECT_REQUEST, 3);
	rad_put_str(&p, RAD_USER_NAME, "alice");
	assert_int_equal(ask(&p, "guess", &ec), RAD_DISCONNECT_NAK);
	assert_int_equal(ec, RAD_EC_INVALID_REQUEST);
	assert_int_equal(rad_dae_stats()->bad_authenticators, 1);
	{
		struct strbuf sb;

		sb_init(&sb);
		rad_dae_monitor(&sb, 0);
		assert_non_null(strstr(sb.p, "  bad-authenticators: 1\n"));
		sb_free(&sb);
	}
	/* a user name hiding a NUL is not alice */
	rad_init(&p, RAD_DISCONNECT_REQUEST, 4);
	rad_put(&p, RAD_USER_NAME, "alice\0x", 7);
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_NAK);
	/* a CoA with a change we cannot make: refused whole */
	rad_init(&p, RAD_COA_REQUEST, 5);
	rad_put_str(&p, RAD_USER_NAME, "alice");
	rad_put_u32(&p, RAD_SESSION_TIMEOUT, 30);
	rad_put_str(&p, RAD_FRAMED_POOL, "other");
	assert_int_equal(ask(&p, SECRET, &ec), RAD_COA_NAK);
	assert_int_equal(ec, RAD_EC_UNSUPPORTED_ATTRIBUTE);
	assert_int_equal(timeout_set[0], 0);
	/* from an address that is no /radius server: no answer at all */
	{
		struct rad_packet out;

		rad_init(&p, RAD_DISCONNECT_REQUEST, 6);
		rad_put_str(&p, RAD_USER_NAME, "alice");
		rad_sign_request(&p, SECRET);
		assert_false(rad_dae_process(p.data, p.len, inet_addr("10.8.0.9"), PORT, &out));
		/* an Access-Request on the DAE port: dropped */
		p.data[0] = RAD_ACCESS_REQUEST;
		assert_false(rad_dae_process(p.data, p.len, inet_addr("10.8.0.2"), PORT, &out));
	}
	assert_string_equal(closed, "");
}

static void test_coa(void **state)
{
	struct rad_packet p;
	uint32_t ec;

	(void)state;
	rad_init(&p, RAD_COA_REQUEST, 1);
	rad_put_str(&p, RAD_USER_NAME, "bob");
	rad_put_u32(&p, RAD_SESSION_TIMEOUT, 30);
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, "2M/4M", 5);
	assert_int_equal(ask(&p, SECRET, &ec), RAD_COA_ACK);
	assert_int_equal(timeout_set[1], 30);
	assert_int_equal(timeout_set[0], 0);
	assert_true(given[1].set & PPP_OVR_RATE_LIMIT);
	assert_string_equal(given[1].rate_limit, "2M/4M");
	assert_int_equal(given[1].set, PPP_OVR_RATE_LIMIT | PPP_OVR_SESSION_TIMEOUT);
	assert_int_equal(given[0].set, 0);
	/* a Filter-Id where rate-limit-attributes does not read it: a filter we cannot apply */
	rad_init(&p, RAD_COA_REQUEST, 2);
	rad_put_str(&p, RAD_USER_NAME, "bob");
	rad_put_str(&p, RAD_FILTER_ID, "1M/1M");
	assert_int_equal(ask(&p, SECRET, &ec), RAD_COA_NAK);
	assert_int_equal(ec, RAD_EC_UNSUPPORTED_ATTRIBUTE);
	/* a rate with control bytes: Invalid Attribute Value, nothing changes */
	rad_init(&p, RAD_COA_REQUEST, 3);
	rad_put_str(&p, RAD_USER_NAME, "bob");
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, "2M\n", 3);
	assert_int_equal(ask(&p, SECRET, &ec), RAD_COA_NAK);
	assert_int_equal(ec, 407);
	assert_string_equal(given[1].rate_limit, "2M/4M");
	assert_string_equal(closed, "");
}

/*
 * A captured Disconnect-Request sent again: from the same port it is a retransmission (the
 * same answer, no second action), from another port a replay (no answer, no action); a
 * forged copy of it neither acts nor pushes it out of the cache.
 */
static void test_replay(void **state)
{
	const struct rad_dae_stats before = *rad_dae_stats();
	struct rad_packet p, forged;
	uint32_t ec;
	int i;

	(void)state;
	rad_init(&p, RAD_DISCONNECT_REQUEST, 7);
	rad_put_str(&p, RAD_USER_NAME, "alice");
	rad_put_u32(&p, RAD_EVENT_TIMESTAMP, (uint32_t)time(NULL));
	assert_int_equal(ask(&p, SECRET, &ec), RAD_DISCONNECT_ACK);
	assert_string_equal(closed, "alice;");
	closed[0] = '\0';
	/* forged requests from the server's address: NAKed, never cached */
	for (i = 0; i < 2000; i++) {
		rad_init(&forged, RAD_DISCONNECT_REQUEST, (uint8_t)i);
		rad_put_str(&forged, RAD_USER_NAME, "bob");
		assert_int_equal(ask(&forged, "guess", &ec), RAD_DISCONNECT_NAK);
	}
	assert_int_equal(send_from(&p, PORT, &ec), RAD_DISCONNECT_ACK);
	assert_int_equal(rad_dae_stats()->duplicates, before.duplicates + 1);
	assert_int_equal(send_from(&p, PORT + 1, &ec), 0);
	assert_int_equal(rad_dae_stats()->replays, before.replays + 1);
	fake_advance(299 * 1000);
	assert_int_equal(send_from(&p, 1, &ec), 0);
	assert_int_equal(rad_dae_stats()->replays, before.replays + 2);
	/* past the window: out of the cache, and stale */
	fake_advance(2 * 1000);
	assert_int_equal(send_from(&p, 1, &ec), 0);
	assert_int_equal(rad_dae_stats()->stale, before.stale + 1);
	assert_string_equal(closed, "");
	assert_int_equal(rad_dae_stats()->evictions, before.evictions);
}

/* RFC 5176 6.3: Event-Timestamp within 300 s of our clock either way; absent: configurable. */
static void test_event_timestamp(void **state)
{
	const char *k[] = { "require-event-timestamp" }, *v[] = { "yes" };
	const long offsets[] = { -301, 301, -300, 300 };
	unsigned long stale = rad_dae_stats()->stale;
	struct rad_packet p;
	struct strbuf err;
	uint32_t ec;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		rad_init(&p, RAD_DISCONNECT_REQUEST, (uint8_t)(10 + i));
		rad_put_str(&p, RAD_USER_NAME, "alice");
		rad_put_u32(&p, RAD_EVENT_TIMESTAMP, (uint32_t)(time(NULL) + offsets[i]));
		assert_int_equal(ask(&p, SECRET, &ec), i < 2 ? 0 : RAD_DISCONNECT_ACK);
	}
	assert_int_equal(rad_dae_stats()->stale, stale + 2);
	assert_string_equal(closed, "alice;alice;");
	/* absent: accepted by default, dropped when the configuration requires it */
	rad_init(&p, RAD_DISCONNECT_REQUEST, 20);
	rad_put_str(&p, RAD_USER_NAME, "bob");
	sb_init(&err);
	assert_int_equal(cfg_set(&radius_incoming_menu, &radius_incoming_menu.items[0], k, v, 1,
				 &err), 0);
	sb_free(&err);
	assert_int_equal(ask(&p, SECRET, &ec), 0);
	assert_int_equal(rad_dae_stats()->no_timestamp, 1);
	assert_string_equal(closed, "alice;alice;");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_disconnect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_timestamp, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
