// SPDX-License-Identifier: GPL-2.0
/*
 * Site-to-site tunnels kept up (daemon/ipsec/keepup.c) on the fake clock, with the page's
 * Site 2 configured through the command language and charon stood in: a peer charon holds
 * no IKE SA of is initiated (at the next tick, never from vici's callback), one with an IKE
 * SA under way or its CHILD_SA up is not, one with phase 1 up but not the policy's phase 2
 * is, an established one costs no request, initiates that bring nothing up back off from
 * 5 s to 60 s, refusals and full queues retried without spinning, which peers are not kept
 * up (passive, disabled, to a prefix, without an encrypt policy, generating policies,
 * main-l2tp, dynamic, a conn charon was not given), a peer removed mid-request forgotten,
 * and charon going away mid-request and starting again.
 */
/* unit-test-sources: @config daemon/admin/cli.c daemon/admin/traffic.c daemon/admin/config_text.c daemon/admin/config_file.c daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c tests/unit/lib/cli_driver.c tests/unit/lib/cert_fixture.c tests/unit/lib/sas_feed.c daemon/cert/store.c daemon/cert/disk.c daemon/cert/api.c daemon/cert/io.c daemon/cert/sign.c daemon/cert/parse.c daemon/cert/import.c daemon/cert/export.c daemon/cert/show.c daemon/cert/view.c daemon/ipsec/conn.c daemon/ipsec/pools.c daemon/aaa/ipam.c daemon/ipsec/keys.c daemon/ipsec/keys_parse.c daemon/ipsec/key_view.c daemon/ipsec/vici_msg.c daemon/ipsec/sas.c daemon/ipsec/keepup.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include "admin/config.h"
#include "cert_fixture.h"
#include "cli_driver.h"
#include "fake_clock.h"
#include "ipsec/charon.h"
#include "ipsec/ipsec.h"
#include "ipsec/keepup.h"
#include "ipsec/peer_menu.h"
#include "ipsec/sas.h"
#include "ipsec/vici.h"
#include "ipsec/vici_msg.h"
#include "sas_feed.h"

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

/* --- charon, stood in: what keepup.c asks of it, recorded */

struct vici_client {
	int unused;
};

static struct vici_client fake_charon;
static bool charon_is_up, conn_held;
static int list_ret, initiate_ret;

static struct {
	char ike[64];
	bool noblock;
	vici_stream_cb each;
	vici_reply_cb done;		/* NULL: answered, or forgotten */
	void *arg;
} list;				/* the last list-sas */
static unsigned int nlists, ninitiates, nforgotten, ncancelled;
static char initiated_peer[64];
static ipsec_initiated_cb initiate_done;	/* NULL: answered, or cancelled */
static void *initiate_arg;

struct vici_client *charon_vici(void)
{
	return &fake_charon;
}

bool vici_client_is_up(const struct vici_client *c)
{
	return c == &fake_charon && charon_is_up;
}

int vici_request_stream(struct vici_client *c, const char *cmd, const char *stream_event,
			const struct vici_builder *msg, unsigned int timeout_ms,
			vici_stream_cb each, vici_reply_cb done, void *arg)
{
	struct vici_msg *m = NULL;
	const char *v;

	(void)c;
	(void)timeout_ms;
	assert_string_equal(cmd, "list-sas");
	assert_string_equal(stream_event, "list-sa");
	if (list_ret)
		return list_ret;
	assert_null(list.done);		/* one at a time */
	assert_int_equal(vici_parse(msg->buf, msg->len, NULL, &m), 0);
	v = vici_get_str(vici_root(m), "ike");
	snprintf(list.ike, sizeof(list.ike), "%s", v ? v : "");
	list.noblock = vici_get_yes(vici_root(m), "noblock");
	vici_msg_free(m);
	list.each = each;
	list.done = done;
	list.arg = arg;
	nlists++;
	return 0;
}

void vici_forget(struct vici_client *c, void *arg)
{
	(void)c;
	if (list.done && arg == list.arg) {
		list.done = NULL;
		nforgotten++;
	}
}

int ipsec_initiate_background(const char *peer, ipsec_initiated_cb done, void *arg)
{
	if (initiate_ret)
		return initiate_ret;
	assert_null(initiate_done);	/* one at a time */
	snprintf(initiated_peer, sizeof(initiated_peer), "%s", peer);
	initiate_done = done;
	initiate_arg = arg;
	ninitiates++;
	return 0;
}

void ipsec_initiate_cancel(void *arg)
{
	if (initiate_done && arg == initiate_arg) {
		initiate_done = NULL;
		ncancelled++;
	}
}

bool ipsec_conn_held(const char *conn)
{
	assert_string_equal(conn, "ikel-site1/0");
	return conn_held;
}

/* one IKE SA of the conn as list-sa streams it: its state, and the policy's child or not */
static void stream_sa(const char *state, const char *child)
{
	struct vici_msg *m = NULL;
	struct vici_builder b;

	vici_build_init(&b, 512);
	vici_build_section(&b, list.ike);
	vici_build_kv(&b, "state", state);
	vici_build_section(&b, "child-sas");
	if (child) {
		vici_build_section(&b, "x-7");
		vici_build_kv(&b, "name", child);
		vici_build_end(&b);
	}
	vici_build_end(&b);
	vici_build_end(&b);
	assert_int_equal(vici_parse(b.buf, b.len, NULL, &m), 0);
	list.each(list.arg, m);
	vici_msg_free(m);
	vici_build_free(&b);
}

/* charon answers the last list-sas with n IKE SAs under way */
static void answer_list(unsigned int n)
{
	vici_reply_cb done = list.done;
	unsigned int i;

	assert_non_null(done);
	for (i = 0; i < n; i++)
		stream_sa("CONNECTING", NULL);
	list.done = NULL;
	done(list.arg, 0, NULL);
}

static void answer_initiate(int e)
{
	ipsec_initiated_cb done = initiate_done;

	assert_non_null(done);
	initiate_done = NULL;
	done(initiate_arg, e, e ? "unable to resolve" : "");
}

/* charon tells that conn's IKE SA is up with the CHILD_SA child (ike-updown, child-updown) */
static void sa_up(const char *conn, const char *child)
{
	struct vici_builder b;

	vici_build_init(&b, 1024);
	vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, conn);
	vici_build_kv(&b, "uniqueid", "3");
	vici_build_kv(&b, "version", "1");
	vici_build_kv(&b, "remote-host", "192.168.90.1");
	vici_build_kv(&b, "remote-id", "192.168.90.1");
	vici_build_kv(&b, "established", "1");
	vici_build_kv(&b, "initiator", "yes");
	vici_build_end(&b);
	sas_feed(&b, "ike-updown");
	if (!child) {
		vici_build_free(&b);
		return;
	}
	vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, conn);
	vici_build_kv(&b, "uniqueid", "3");
	vici_build_kv(&b, "established", "1");
	vici_build_section(&b, "child-sas");
	vici_build_section(&b, "policy1-9");
	vici_build_kv(&b, "name", child);
	vici_build_kv(&b, "uniqueid", "9");
	vici_build_kv(&b, "mode", "TUNNEL");
	vici_build_end(&b);
	vici_build_end(&b);
	vici_build_end(&b);
	sas_feed(&b, "child-updown");
	vici_build_free(&b);
}

/* the page's "Site to Site IPsec (IKEv1) tunnel", Site 2 */
static const char *const site2[] = {
	"/ip ipsec profile add dh-group=modp2048 enc-algorithm=aes-128 name=ikel-site1",
	"/ip ipsec proposal add enc-algorithms=aes-128-cbc name=ikel-site1 pfs-group=modp2048",
	"/ip ipsec peer add address=192.168.90.1/32 name=ikel-site1 profile=ikel-site1",
	"/ip ipsec identity add peer=ikel-site1 secret=thisisnotasecurepsk",
	"/ip ipsec policy add src-address=10.1.101.0/24 src-port=any dst-address=10.1.202.0/24 "
	"dst-port=any tunnel=yes action=encrypt proposal=ikel-site1 peer=ikel-site1",
	NULL,
};

static int setup(void **state)
{
	const char *const *l;

	cert_fixture_setup(state);
	for (l = site2; *l; l++)
		ok(*l);
	memset(&list, 0, sizeof(list));
	nlists = ninitiates = nforgotten = ncancelled = 0;
	initiate_done = NULL;
	initiate_arg = NULL;
	charon_is_up = conn_held = true;
	list_ret = initiate_ret = 0;
	ipsec_keepup_start();
	return 0;
}

static int teardown(void **state)
{
	ipsec_keepup_done();
	ipsec_sas_clear();
	return cert_fixture_teardown(state);
}

/* the first look finds nothing: an initiate at the next tick, for the page's policy */
static void initiate_after_nothing(void)
{
	answer_list(0);
	assert_int_equal(ninitiates, 0);	/* not from inside vici's callback */
	fake_advance(1000);
	assert_int_equal(ninitiates, 1);
}

static void test_initiates_a_peer_charon_holds_nothing_of(void **state)
{
	(void)state;
	fake_advance(1000);
	assert_int_equal(nlists, 1);
	assert_string_equal(list.ike, "ikel-site1/0");
	assert_true(list.noblock);		/* a negotiation under way must not stall us */
	fake_advance(3000);
	assert_int_equal(nlists, 1);		/* one request at a time per peer */
	initiate_after_nothing();
	assert_string_equal(initiated_peer, "ikel-site1");
	answer_initiate(0);
	sa_up("ikel-site1/0", "policy1");
	fake_advance(60000);			/* up: nothing more is asked */
	assert_int_equal(nlists, 1);
	assert_int_equal(ninitiates, 1);
}

/* an IKE SA of the conn not established (a trap's negotiation, the other router's), or
 * established with the CHILD_SA: left alone, looked at again 5 s later */
static void test_never_doubles_a_negotiation(void **state)
{
	(void)state;
	fake_advance(1000);
	answer_list(1);
	fake_advance(4000);
	assert_int_equal(nlists, 1);
	fake_advance(2000);
	assert_int_equal(nlists, 2);
	stream_sa("ESTABLISHED", "policy1");	/* sas.c has not heard yet */
	answer_list(0);
	fake_advance(4000);
	assert_int_equal(ninitiates, 0);
	assert_int_equal(nlists, 2);
	fake_advance(2000);
	assert_int_equal(nlists, 3);
	answer_list(0);
	fake_advance(1000);
	assert_int_equal(ninitiates, 1);
}

/* phase 1 up without the policy's phase 2 (refused, or deleted by the other side): the
 * CHILD_SA is initiated again, through the same IKE SA */
static void test_phase2_repaired(void **state)
{
	(void)state;
	sa_up("ikel-site1/0", NULL);
	fake_advance(1000);
	assert_int_equal(nlists, 1);
	stream_sa("ESTABLISHED", "policy7");	/* another policy's */
	answer_list(0);
	fake_advance(1000);
	assert_int_equal(ninitiates, 1);
}

/* advances the clock a second at a time until charon is asked again (at most 70 s) */
static uint64_t next_ask(void)
{
	unsigned int before = nlists, i;

	for (i = 0; i < 70 && nlists == before; i++)
		fake_advance(1000);
	assert_int_equal(nlists, before + 1);
	return fake_now;
}

/* Each initiate charon took is looked at again 5 s later, then 10, 20, 40, 60 and 60 while
 * nothing comes up (each with up to 1 s of jitter and the 1 s tick); once up, 5 s again. */
static void test_failures_back_off(void **state)
{
	static const unsigned int gap_s[] = { 5, 10, 20, 40, 60, 60 };
	uint64_t since, gap;
	unsigned int i;

	(void)state;
	fake_advance(1000);
	for (i = 0; i < sizeof(gap_s) / sizeof(gap_s[0]); i++) {
		initiate_after_nothing();
		ninitiates = 0;
		answer_initiate(0);
		since = fake_now;
		gap = next_ask() - since;
		if (gap < gap_s[i] * 1000ull || gap > gap_s[i] * 1000ull + 2000)
			fail_msg("look %u came %llu ms after the initiate, not %u s", i + 2,
				 (unsigned long long)gap, gap_s[i]);
	}
	answer_list(1);
	sa_up("ikel-site1/0", "policy1");
	fake_advance(1000);
	ipsec_sas_clear();			/* gone: looked at, at the next tick */
	since = fake_now;
	gap = next_ask() - since;
	assert_true(gap <= 1000);
	initiate_after_nothing();
	ninitiates = 0;
	answer_initiate(0);
	since = fake_now;
	gap = next_ask() - since;
	assert_true(gap >= 5000 && gap <= 7000);
}

static void nothing_asked_for(unsigned int ms)
{
	nlists = ninitiates = 0;
	fake_advance(ms);
	assert_int_equal(nlists + ninitiates, 0);
}

/* charon refuses the initiate, the initiate cannot be sent, the list-sas cannot be queued,
 * charon has no conn for the peer (conn.c could not build it): retried later, no spin */
static void test_what_goes_wrong(void **state)
{
	(void)state;
	fake_advance(1000);
	answer_list(0);
	fake_advance(1000);
	answer_initiate(-EINVAL);
	fake_advance(4000);
	assert_int_equal(nlists, 1);
	fake_advance(2000);
	assert_int_equal(nlists, 2);
	initiate_ret = -ENOENT;
	answer_list(0);
	fake_advance(1000);
	assert_int_equal(ninitiates, 1);	/* refused at once: retried 10 s later */
	initiate_ret = 0;
	list_ret = -ENOBUFS;
	fake_advance(20000);
	assert_int_equal(nlists, 2);
	list_ret = 0;
	fake_advance(6000);
	assert_int_equal(nlists, 3);
	answer_list(1);
	conn_held = false;
	nothing_asked_for(60000);
}

static void nothing_asked(const char *line)
{
	nlists = 0;
	ok(line);
	fake_advance(10000);
	if (nlists)
		fail_msg("after \"%s\": charon was asked of %s", line, list.ike);
}

/* kept up again: asked at the next tick (and told a negotiation is under way) */
static void asked_again(const char *line)
{
	nlists = 0;
	ok(line);
	fake_advance(1000);
	if (nlists != 1)
		fail_msg("after \"%s\": charon was asked %u times", line, nlists);
	answer_list(1);
}

static void test_who_is_not_kept_up(void **state)
{
	static const char *const k[] = { "name", "address" };
	static const char *const v[] = { "dyn", "192.168.91.1/32" };
	struct strbuf e;

	(void)state;
	nothing_asked("/ip ipsec peer set ikel-site1 passive=yes");
	asked_again("/ip ipsec peer set ikel-site1 passive=no");
	nothing_asked("/ip ipsec peer set ikel-site1 disabled=yes");
	asked_again("/ip ipsec peer set ikel-site1 disabled=no");
	nothing_asked("/ip ipsec peer set ikel-site1 exchange-mode=main-l2tp");
	asked_again("/ip ipsec peer set ikel-site1 exchange-mode=main");
	nothing_asked("/ip ipsec peer set ikel-site1 address=192.168.90.0/24");
	asked_again("/ip ipsec peer set ikel-site1 address=site2.example.net");
	nothing_asked("/ip ipsec policy set [find peer=ikel-site1] action=none");
	asked_again("/ip ipsec policy set [find peer=ikel-site1] action=encrypt");
	nothing_asked("/ip ipsec policy set [find peer=ikel-site1] disabled=yes");
	asked_again("/ip ipsec policy set [find peer=ikel-site1] disabled=no");
	nothing_asked("/ip ipsec identity set [find peer=ikel-site1] generate-policy=port-strict");
	asked_again("/ip ipsec identity set [find peer=ikel-site1] generate-policy=no");
	nothing_asked("/ip ipsec identity remove [find peer=ikel-site1]");
	/* an l2tp-client's dynamic peer: it initiates itself */
	sb_init(&e);
	assert_int_equal(cfg_dynamic_put(&ipsec_peer_menu, "l2tp-client:x", k, v, 2, &e), 0);
	sb_free(&e);
	nothing_asked("/ip ipsec policy set [find peer=ikel-site1] peer=dyn");
	nothing_asked("/ip ipsec identity add peer=dyn secret=x");
}

static void test_removed_peer_forgotten(void **state)
{
	(void)state;
	fake_advance(1000);
	assert_int_equal(nlists, 1);
	ok("/ip ipsec peer set ikel-site1 passive=yes");
	fake_advance(1000);
	assert_int_equal(nforgotten, 1);	/* its answer would call nobody */
	assert_null(list.done);
	ok("/ip ipsec peer set ikel-site1 passive=no");
	fake_advance(1000);
	assert_int_equal(nlists, 2);
	initiate_after_nothing();
	ok("/ip ipsec identity remove [find peer=ikel-site1]");
	fake_advance(1000);
	assert_int_equal(ncancelled, 1);
	assert_null(initiate_done);
}

/* charon goes while a look is in flight (vici answers it -ECONNRESET, then says down), and
 * while an initiate is; a new charon is asked at once */
static void test_charon_stops_and_starts(void **state)
{
	vici_reply_cb done;

	(void)state;
	fake_advance(1000);
	done = list.done;
	list.done = NULL;
	done(list.arg, -ECONNRESET, NULL);
	charon_is_up = false;
	ipsec_keepup_stop();
	fake_advance(30000);
	assert_int_equal(nlists, 1);
	charon_is_up = true;
	ipsec_keepup_start();
	fake_advance(1000);
	assert_int_equal(nlists, 2);
	initiate_after_nothing();
	answer_initiate(-ECONNRESET);
	charon_is_up = false;
	ipsec_keepup_stop();
	charon_is_up = true;
	ipsec_keepup_start();
	fake_advance(1000);
	assert_int_equal(nlists, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_initiates_a_peer_charon_holds_nothing_of,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_doubles_a_negotiation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phase2_repaired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_what_goes_wrong, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures_back_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_is_not_kept_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_peer_forgotten, setup, teardown),
		cmocka_unit_test_setup_teardown(test_charon_stops_and_starts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
