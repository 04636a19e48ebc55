// SPDX-License-Identifier: GPL-2.0
/*
 * IKE road warriors as sessions (daemon/ipsec/session.c), fed charon's events through the
 * SA table (sas.c) as vici lays them out, on the fake clock: a session for an IKE SA we
 * gave a virtual IP (none for one we initiated), its Start record, an Interim-Update with
 * the CHILD_SAs' counters after interim-update, an IKE rekey that keeps the session, its
 * end by remove (Admin-Reset), by a Session-Timeout a CoA set, by the client (User-Request),
 * and only-one's count.
 */
/* unit-test-sources: daemon/ipsec/session.c daemon/ipsec/sas.c daemon/ipsec/vici_msg.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c tests/unit/lib/sas_feed.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "admin/config.h"
#include "fake_clock.h"
#include "ipsec/eap_grant.h"
#include "ipsec/ipsec.h"
#include "ipsec/pools.h"
#include "ipsec/sas.h"
#include "ipsec/session.h"
#include "ipsec/settings_menu.h"
#include "ipsec/vici_msg.h"
#include "sas_feed.h"
#include "ppp/link.h"
#include "ppp/views.h"
#include "radius/acct.h"

/* --- what session.c calls, stood in */

static struct rad_acct_session recs[8];
static char rec_user[8][96], rec_cause[8][32];
static unsigned int nrecs;
static uint32_t terminated;
static void (*refresh_done)(int err);
const struct ppp_other_sessions *ppp_other_sessions;

void rad_acct_record(const struct rad_acct_session *s)
{
	if (nrecs == 8)
		return;
	recs[nrecs] = *s;
	snprintf(rec_user[nrecs], sizeof(rec_user[0]), "%s", s->user);
	snprintf(rec_cause[nrecs], sizeof(rec_cause[0]), "%s", s->cause ? s->cause : "");
	nrecs++;
}

void rad_acct_nas_id(char *host, size_t cap)
{
	snprintf(host, cap, "test");
}

bool rad_client_has_servers_for(unsigned int service)
{
	return service == CFG_RADIUS_IPSEC;
}

uint32_t rad_client_nas_ip(void)
{
	return 0;
}

uint32_t ppp_new_session_id(void)
{
	static uint32_t id = 0x100;

	return id++;
}

void ipsec_terminate_ike(uint32_t uniqueid)
{
	terminated = uniqueid;
}

int ipsec_refresh_sas(void (*done)(int err))
{
	refresh_done = done;
	return 0;
}

void ipsec_apply(void)
{
}

bool ipsec_pools_lease(uint32_t vip, bool up)
{
	(void)vip;
	(void)up;
	return false;
}

/* IKE SA 12 is an EAP user's: admitted by RADIUS, with a Class */
bool ipsec_eap_grant_claim(uint32_t ike_id, uint32_t vip, struct ipsec_eap_claim *out)
{
	(void)vip;
	if (ike_id != 12)
		return false;
	*out = (struct ipsec_eap_claim){ .from_radius = true, .class_len = 3 };
	memcpy(out->class_, "abc", 3);
	return true;
}

void ipam_release(uint32_t addr)
{
	(void)addr;
}

/* --- charon's events */

static struct vici_builder b;

static void feed(const char *name)
{
	sas_feed(&b, name);
}

static void ike(const char *uniqueid, bool initiator)
{
	vici_build_kv(&b, "uniqueid", uniqueid);
	vici_build_kv(&b, "version", "2");
	vici_build_kv(&b, "remote-host", "2.2.2.10");
	vici_build_kv(&b, "remote-id", "CN=rw-client1");
	vici_build_kv(&b, "established", "1");
	if (initiator)
		vici_build_kv(&b, "initiator", "yes");
	vici_build_list(&b, initiator ? "local-vips" : "remote-vips");
	vici_build_item(&b, "192.168.77.5");
	vici_build_list_end(&b);
}

static void event(const char *name, bool up, const char *id, const char *child,
		  const char *bytes_in)
{
	if (up)
		vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, "ike2/0");
	ike(id, false);
	if (child) {
		vici_build_section(&b, "child-sas");
		vici_build_section(&b, "template1-1");
		vici_build_kv(&b, "uniqueid", child);
		vici_build_kv(&b, "encr-alg", "AES_CBC");
		vici_build_kv(&b, "encr-keysize", "256");
		vici_build_kv(&b, "integ-alg", "HMAC_SHA2_256_128");
		vici_build_kv(&b, "bytes-in", bytes_in);
		vici_build_kv(&b, "bytes-out", "500");
		vici_build_end(&b);
		vici_build_end(&b);
	}
	vici_build_end(&b);
	feed(name);
}

static int setup(void **state)
{
	(void)state;
	assert_int_equal(config_init(), 0);
	vici_build_init(&b, 65536);
	nrecs = 0;
	terminated = 0;
	refresh_done = NULL;
	ipsec_sessions_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ipsec_sas_clear();
	ipsec_sessions_done();
	vici_build_free(&b);
	config_done();
	return 0;
}

static void set_interim(const char *v)
{
	const char *k[] = { "interim-update" }, *vals[] = { v };
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_set(&ipsec_settings_menu, &ipsec_settings_menu.items[0], k, vals,
				 1, &err), 0);
	sb_free(&err);
}

static void test_life_of_a_session(void **state)
{
	const struct ipsec_session *s;

	(void)state;
	set_interim("10s");
	event("ike-updown", true, "7", NULL, NULL);
	assert_int_equal(ipsec_sessions_count(), 1);
	s = ipsec_session_at(0);
	assert_string_equal(s->user, "CN=rw-client1");
	assert_int_equal(s->addr, inet_addr("192.168.77.5"));
	assert_int_equal(nrecs, 1);
	assert_int_equal(recs[0].status, 1);		/* Start */
	assert_true(recs[0].ipsec);
	assert_int_equal(recs[0].framed_ip, inet_addr("192.168.77.5"));
	assert_int_equal(recs[0].nas_port, s->id);
	event("child-updown", true, "7", "20", "4000");
	/* interim-update: the counters are read from charon first, then the record goes */
	fake_advance(10500);
	assert_non_null(refresh_done);
	event("child-updown", true, "7", "20", "9000");	/* what list-sas would bring */
	refresh_done(0);
	assert_int_equal(nrecs, 2);
	assert_int_equal(recs[1].status, 3);		/* Interim-Update */
	assert_int_equal(recs[1].in_octets, 9000);
	/* an IKE rekey: the same session under the new uniqueid */
	vici_build_section(&b, "ike2/0");
	vici_build_section(&b, "old");
	ike("7", false);
	vici_build_end(&b);
	vici_build_section(&b, "new");
	ike("8", false);
	vici_build_end(&b);
	vici_build_end(&b);
	feed("ike-rekey");
	assert_int_equal(ipsec_sessions_count(), 1);
	assert_int_equal(ipsec_session_at(0)->ike_id, 8);
	/* remove: charon is told to end IKE SA 8; its down event brings the Stop */
	assert_true(ipsec_session_end(ipsec_session_at(0)->id, "admin-reset"));
	assert_int_equal(terminated, 8);
	event("ike-updown", false, "8", "20", "12000");
	assert_int_equal(ipsec_sessions_count(), 0);
	assert_int_equal(recs[nrecs - 1].status, 2);	/* Stop */
	assert_string_equal(rec_cause[nrecs - 1], "admin-reset");
	assert_int_equal(recs[nrecs - 1].in_octets, 12000);
}

static void test_timeout_dae_only_one(void **state)
{
	uint32_t id;
	char sid[16];

	(void)state;
	/* one we initiated (we got the address) is no session */
	vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, "client/0");
	ike("3", true);
	vici_build_end(&b);
	feed("ike-updown");
	assert_int_equal(ipsec_sessions_count(), 0);
	event("ike-updown", true, "9", NULL, NULL);
	id = ipsec_session_at(0)->id;
	snprintf(sid, sizeof(sid), PPP_SESSION_ID_FMT, id);
	assert_non_null(ppp_other_sessions);
	/* Disconnect and CoA find it by session id, name or address; others do not */
	assert_int_equal(ppp_other_sessions->dae(sid, NULL, 0, false, NULL), 1);
	assert_int_equal(ppp_other_sessions->dae(NULL, "CN=rw-client1",
						 inet_addr("192.168.77.5"), false, NULL), 1);
	assert_int_equal(ppp_other_sessions->dae(NULL, "someone", 0, false, NULL), 0);
	assert_int_equal(ipsec_sessions_of_user("CN=rw-client1", NULL), 1);
	/* a CoA's Session-Timeout of 5 s: the timer ends it */
	{
		struct ppp_overrides c = { .set = PPP_OVR_SESSION_TIMEOUT, .session_timeout = 5 };

		assert_int_equal(ppp_other_sessions->dae(NULL, "CN=rw-client1", 0, true, &c), 1);
	}
	fake_advance(7000);
	assert_int_equal(terminated, 9);
	/* the client ends it first: the Stop says user-request */
	event("ike-updown", false, "9", NULL, NULL);
	assert_string_equal(rec_cause[nrecs - 1], "session-timeout");
	event("ike-updown", true, "10", NULL, NULL);
	event("ike-updown", false, "10", NULL, NULL);
	assert_string_equal(rec_cause[nrecs - 1], "user-request");
	assert_int_equal(recs[nrecs - 1].authentic, 2);		/* local */
	/* an EAP user RADIUS admitted: Acct-Authentic RADIUS, its Class echoed */
	event("ike-updown", true, "12", NULL, NULL);
	assert_int_equal(recs[nrecs - 1].authentic, 1);
	assert_int_equal(recs[nrecs - 1].class_len, 3);
	/* active-peers remove: the session's Stop says admin-reset */
	ipsec_session_ending(12, "admin-reset");
	event("ike-updown", false, "12", NULL, NULL);
	assert_string_equal(rec_cause[nrecs - 1], "admin-reset");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_life_of_a_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_dae_only_one, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
