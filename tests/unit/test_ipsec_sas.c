// SPDX-License-Identifier: GPL-2.0
/*
 * The SA table (daemon/ipsec/sas.c) fed charon's events as vici_query.c lays them out,
 * built with our own vici builder: an IKE SA and its CHILD_SA come up (with the mark the
 * L2TP server looks them up by), a CHILD_SA is rekeyed, the IKE SA is rekeyed (its
 * children move), they go down; events without a usable uniqueid are ignored and counted.
 */
/* unit-test-sources: daemon/ipsec/sas.c daemon/ipsec/vici_msg.c daemon/core/log.c tests/unit/lib/sas_feed.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ipsec/sas.h"
#include "ipsec/vici_msg.h"
#include "sas_feed.h"

static struct vici_builder b;
static uint32_t downs[8];
static unsigned int ndowns;

static void down(uint32_t mark)
{
	if (ndowns < 8)
		downs[ndowns++] = mark;
}

static void child(const char *section, const char *uniqueid, const char *mark)
{
	vici_build_section(&b, section);
	vici_build_kv(&b, "name", "l2tp");
	vici_build_kv(&b, "uniqueid", uniqueid);
	vici_build_kv(&b, "mode", "TRANSPORT");
	vici_build_kv(&b, "encr-alg", "AES_CBC");
	vici_build_kv(&b, "encr-keysize", "256");
	vici_build_kv(&b, "integ-alg", "HMAC_SHA1_96");
	if (mark)
		vici_build_kv(&b, "mark-in", mark);
	vici_build_list(&b, "remote-ts");
	vici_build_item(&b, "10.9.0.2/32[udp/l2f]");
	vici_build_list_end(&b);
	vici_build_end(&b);
}

static void ike_details(const char *uniqueid)
{
	vici_build_kv(&b, "uniqueid", uniqueid);
	vici_build_kv(&b, "version", "1");
	vici_build_kv(&b, "local-host", "10.9.0.1");
	vici_build_kv(&b, "remote-host", "10.9.0.2");
	vici_build_kv(&b, "remote-port", "4500");
	vici_build_kv(&b, "remote-id", "192.168.1.5");
	vici_build_kv(&b, "established", "12");
}

/* one event: parsed as charon's bytes, handed to the table */
static void feed(const char *name)
{
	sas_feed(&b, name);
}

static void child_updown(bool up, const char *ike, const char *cid, const char *mark)
{
	if (up)
		vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, "l2tp-in-server/0");
	ike_details(ike);
	vici_build_section(&b, "child-sas");
	child("l2tp-7", cid, mark);
	vici_build_end(&b);
	vici_build_end(&b);
	feed("child-updown");
}

static int setup(void **state)
{
	(void)state;
	ipsec_sas_clear();
	ipsec_sas_on_child_down(down);
	ndowns = 0;
	vici_build_init(&b, 65536);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vici_build_free(&b);
	ipsec_sas_clear();
	return 0;
}

static void test_up_rekey_down(void **state)
{
	const struct ipsec_ike_sa *ike = NULL;
	const struct ipsec_child_sa *c;

	(void)state;
	vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, "l2tp-in-server/0");
	ike_details("5");
	vici_build_end(&b);
	feed("ike-updown");
	child_updown(true, "5", "9", "0000002a");
	assert_int_equal(ipsec_sas_count(), 1);
	c = ipsec_sas_by_mark(42, &ike);
	assert_non_null(c);
	assert_string_equal(c->algs, "AES_CBC-256/HMAC_SHA1_96");
	assert_string_equal(ike->conn, "l2tp-in-server/0");
	assert_string_equal(ike->remote_host, "10.9.0.2");
	assert_int_equal(ike->remote_port, 4500);
	assert_null(ipsec_sas_by_mark(0, NULL));
	/* child-rekey: the new CHILD_SA replaces the old one */
	vici_build_section(&b, "l2tp-in-server/0");
	ike_details("5");
	vici_build_section(&b, "child-sas");
	vici_build_section(&b, "l2tp-7");
	child("old", "9", "0000002a");
	child("new", "10", "0000002b");
	vici_build_end(&b);
	vici_build_end(&b);
	vici_build_end(&b);
	feed("child-rekey");
	assert_null(ipsec_sas_by_mark(42, NULL));
	assert_non_null(ipsec_sas_by_mark(43, NULL));
	assert_int_equal(ipsec_sas_find(5)->nchild, 1);
	assert_int_equal(ndowns, 1);		/* a new mark: the old one's tunnel goes */
	assert_int_equal(downs[0], 42);
	/* ike-rekey: the children move to the new IKE SA */
	vici_build_section(&b, "l2tp-in-server/0");
	vici_build_section(&b, "old");
	ike_details("5");
	vici_build_end(&b);
	vici_build_section(&b, "new");
	ike_details("6");
	vici_build_end(&b);
	vici_build_end(&b);
	feed("ike-rekey");
	assert_null(ipsec_sas_find(5));
	assert_non_null(ipsec_sas_by_mark(43, &ike));
	assert_int_equal(ike->uniqueid, 6);
	assert_int_equal(ndowns, 1);		/* an IKE rekey keeps its children */
	/* down: the child, then the IKE SA */
	child_updown(false, "6", "10", "0000002b");
	assert_null(ipsec_sas_by_mark(43, NULL));
	assert_int_equal(ndowns, 2);
	assert_int_equal(downs[1], 43);
	vici_build_section(&b, "l2tp-in-server/0");
	ike_details("6");
	vici_build_end(&b);
	feed("ike-updown");
	assert_int_equal(ipsec_sas_count(), 0);
}

/* charon's bytes are not trusted: no uniqueid, a bad mark, junk: ignored, never kept */
static void test_odd_events(void **state)
{
	unsigned long ignored = ipsec_sas_stats()->ignored;

	(void)state;
	vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, "no-id");
	vici_build_kv(&b, "remote-host", "10.9.0.9");
	vici_build_end(&b);
	feed("ike-updown");
	assert_int_equal(ipsec_sas_count(), 0);
	assert_int_equal(ipsec_sas_stats()->ignored, ignored + 1);
	child_updown(true, "3", "4", "zz");	/* a mark that is not hex: no mark */
	assert_int_equal(ipsec_sas_count(), 1);
	assert_int_equal(ipsec_sas_find(3)->child[0].mark_in, 0);
	child_updown(true, "3", "0", "00000001");	/* a child without a uniqueid */
	assert_int_equal(ipsec_sas_find(3)->nchild, 1);
	vici_build_kv(&b, "up", "yes");
	feed("ike-rekey");				/* nothing in it */
	feed("something-else");
	assert_int_equal(ipsec_sas_count(), 1);
	ipsec_sas_clear();			/* charon gone: no mark stays in use */
	assert_int_equal(ndowns, 0);		/* the one child had no valid mark */
}

/* charon gone: every child with a mark is told down (a new charon reuses marks) */
static void test_clear_tells(void **state)
{
	(void)state;
	child_updown(true, "3", "4", "00000007");
	child_updown(true, "8", "9", "00000008");
	ipsec_sas_clear();
	assert_int_equal(ndowns, 2);
	assert_int_equal(downs[0] + downs[1], 15);
}

/* a road warrior: its virtual IP and EAP identity; traffic summed over CHILD_SAs that
 * came and went; the listener told of up, rekey and down */
static unsigned int told[3];
static uint32_t told_old;
static struct ipsec_counters at_down;

static void ike_change(enum ipsec_ike_change what, const struct ipsec_ike_sa *s, uint32_t old)
{
	told[what]++;
	told_old = old;
	if (what == IPSEC_IKE_DOWN)
		ipsec_sas_counters(s, &at_down);
}

static void rw_details(const char *uniqueid)
{
	ike_details(uniqueid);
	vici_build_kv(&b, "remote-eap-id", "alice");
	vici_build_list(&b, "remote-vips");
	vici_build_item(&b, "192.168.77.5");
	vici_build_list_end(&b);
}

static void rw_child(const char *uniqueid, const char *bytes_in)
{
	vici_build_section(&b, "rw");
	vici_build_kv(&b, "uniqueid", uniqueid);
	vici_build_kv(&b, "bytes-in", bytes_in);
	vici_build_kv(&b, "bytes-out", "100");
	vici_build_kv(&b, "packets-in", "3");
	vici_build_kv(&b, "packets-out", "2");
	vici_build_end(&b);
}

static void rw_event(const char *event, bool up, const char *ike, const char *cid,
		     const char *bytes_in)
{
	if (up)
		vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, "ike2/0");
	rw_details(ike);
	if (cid) {
		vici_build_section(&b, "child-sas");
		rw_child(cid, bytes_in);
		vici_build_end(&b);
	}
	vici_build_end(&b);
	feed(event);
}

static void test_road_warrior(void **state)
{
	const struct ipsec_ike_sa *s;
	struct ipsec_counters c;

	(void)state;
	memset(told, 0, sizeof(told));
	ipsec_sas_on_ike(ike_change);
	rw_event("ike-updown", true, "7", NULL, NULL);
	assert_int_equal(told[IPSEC_IKE_UP], 1);
	s = ipsec_sas_find(7);
	assert_string_equal(s->remote_vip, "192.168.77.5");
	assert_string_equal(s->remote_eap_id, "alice");
	rw_event("child-updown", true, "7", "20", "1000");
	rw_event("child-updown", false, "7", "20", "1500");	/* closed: its last count */
	rw_event("child-updown", true, "7", "21", "50");
	ipsec_sas_counters(ipsec_sas_find(7), &c);
	assert_int_equal(c.bytes_in, 1550);
	assert_int_equal(c.bytes_out, 200);
	assert_int_equal(c.packets_in, 6);
	/* IKE rekey: a new uniqueid, the same traffic and address */
	vici_build_section(&b, "ike2/0");
	vici_build_section(&b, "old");
	rw_details("7");
	vici_build_end(&b);
	vici_build_section(&b, "new");
	ike_details("8");
	vici_build_end(&b);
	vici_build_end(&b);
	feed("ike-rekey");
	assert_int_equal(told[IPSEC_IKE_REKEYED], 1);
	assert_int_equal(told_old, 7);
	s = ipsec_sas_find(8);
	assert_string_equal(s->remote_vip, "192.168.77.5");
	ipsec_sas_counters(s, &c);
	assert_int_equal(c.bytes_in, 1550);
	/* down with the final count of the live child */
	rw_event("ike-updown", false, "8", "21", "70");
	assert_int_equal(told[IPSEC_IKE_DOWN], 1);
	assert_int_equal(at_down.bytes_in, 1570);
	assert_int_equal(ipsec_sas_count(), 0);
	ipsec_sas_on_ike(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_up_rekey_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clear_tells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_road_warrior, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
