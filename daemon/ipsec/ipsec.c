// SPDX-License-Identifier: GPL-2.0
/*
 * The owner of sluiced's charon (ipsec.h): what the menus mean, compared with what charon
 * holds, and the difference sent over vici. Every reply is checked; a load charon refuses
 * is logged with its errmsg and tried again at the next change or restart.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cert/cert.h"
#include "core/loop.h"
#include "ipsec/charon.h"
#include "ipsec/conn.h"
#include "ipsec/dhcp_inform.h"
#include "ipsec/eap_grant.h"
#include "ipsec/eap_server.h"
#include "ipsec/identity_menu.h"
#include "ipsec/ipsec.h"
#include "ipsec/keepup.h"
#include "ipsec/keys.h"
#include "ipsec/peer_menu.h"
#include "ipsec/pools.h"
#include "ipsec/sas.h"
#include "ipsec/session.h"
#include "ipsec/statistics_view.h"
#include "ipsec/vici.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"

#define LOAD_TIMEOUT_MS 10000

static struct ipsec_set held;		/* what charon holds, as far as we know */
static struct loop_timer pass;
static struct ipsec_stats stats;

struct request {
	enum ipsec_item_kind kind;
	bool load;
	char name[IPSEC_NAME_MAX];
};

static const char *command(enum ipsec_item_kind kind, bool load)
{
	if (kind == IPSEC_CONN)
		return load ? "load-conn" : "unload-conn";
	if (kind == IPSEC_KEY)
		return "load-key";
	if (kind == IPSEC_POOL)
		return load ? "load-pool" : "unload-pool";
	return load ? "load-shared" : "unload-shared";
}

/* A refused load is not held: the next pass sends it again. */
static void forget_held(const struct request *r)
{
	struct ipsec_item *it = (struct ipsec_item *)ipsec_set_find(&held, r->kind, r->name);

	if (it)
		it->msg.len = 0;
}

static void count_held(void)
{
	size_t i;

	stats.conns = stats.secrets = 0;
	for (i = 0; i < held.n; i++) {
		if (!held.items[i].msg.len)
			continue;
		if (held.items[i].kind == IPSEC_CONN)
			stats.conns++;
		else if (held.items[i].kind == IPSEC_SHARED)
			stats.secrets++;
	}
}

static void request_done(void *arg, int err, const struct vici_msg *reply)
{
	struct request *r = arg;
	char why[256] = "";

	if (!err)
		err = vici_check_success(reply, why, sizeof(why));
	if (err && r->load) {
		stats.load_failures++;
		forget_held(r);
		count_held();
		if (err != -ECANCELED && err != -ECONNRESET)
			log_err("ipsec: charon: %s %s: %s", command(r->kind, true), r->name,
				*why ? why : strerror(-err));
	} else if (err && err != -ECANCELED && err != -ECONNRESET) {
		log_debug("ipsec: charon: %s %s: %s", command(r->kind, false), r->name,
			  *why ? why : strerror(-err));
	}
	free(r);
}

static void send_request(struct vici_client *v, const struct ipsec_item *it, bool load)
{
	struct request *r = calloc(1, sizeof(*r));
	struct vici_builder unload;
	int ret;

	if (!r)
		return;
	*r = (struct request){ .kind = it->kind, .load = load };
	memcpy(r->name, it->name, sizeof(r->name));
	vici_build_init(&unload, IPSEC_NAME_MAX + 64);
	if (!load)
		vici_build_kv(&unload, it->kind == IPSEC_SHARED ? "id" : "name", it->name);
	ret = vici_request(v, command(it->kind, load), load ? &it->msg : &unload,
			   LOAD_TIMEOUT_MS, request_done, r);
	vici_build_free(&unload);
	if (ret) {
		log_debug("ipsec: %s %s: %s", command(it->kind, load), it->name, strerror(-ret));
		free(r);
		return;
	}
	if (load)
		stats.loads++;
	else
		stats.unloads++;
}

/*
 * What went first (a conn before the secret it used), then what is new or changed: keys,
 * secrets and pools before the conns that use them. A conn's trap policies are live once it
 * is loaded; traffic or a peer's first packet in between would find no credentials, fail,
 * and (a trap's acquire then waits out xfrm_acq_expires, 165 s) leave the tunnel down.
 */
static void send_difference(struct vici_client *v, const struct ipsec_set *want)
{
	static const enum ipsec_item_kind order[] = { IPSEC_KEY, IPSEC_SHARED, IPSEC_POOL,
						      IPSEC_CONN };
	size_t i, k;

	for (i = 0; i < held.n; i++)
		if (held.items[i].kind == IPSEC_CONN &&
		    !ipsec_set_find(want, IPSEC_CONN, held.items[i].name))
			send_request(v, &held.items[i], false);
	for (i = 0; i < held.n; i++)	/* keys stay: charon has no unload by our name */
		if ((held.items[i].kind == IPSEC_SHARED || held.items[i].kind == IPSEC_POOL) &&
		    !ipsec_set_find(want, held.items[i].kind, held.items[i].name))
			send_request(v, &held.items[i], false);
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (i = 0; i < want->n; i++) {
			const struct ipsec_item *w = &want->items[i], *h;

			if (w->kind != order[k])
				continue;
			h = ipsec_set_find(&held, w->kind, w->name);
			if (!h || !ipsec_item_same(h, w))
				send_request(v, w, true);
		}
}

static void run_pass(struct loop_timer *t)
{
	struct ipsec_set want;
	struct vici_client *v;

	(void)t;
	if (ipsec_set_build(&want)) {
		log_err("ipsec: out of memory building the configuration for charon");
		return;
	}
	charon_want(want.n > 0);
	v = charon_vici();
	if (v && vici_client_is_up(v)) {
		send_difference(v, &want);
		ipsec_set_free(&held);
		held = want;
	} else {
		ipsec_set_free(&want);	/* sent whole at "up" */
	}
	count_held();
}

void ipsec_apply(void)
{
	if (pass.cb && !loop_timer_armed(&pass))
		loop_timer_arm(&pass, 0);
}

static void listed(void *arg, const struct vici_msg *event)
{
	(void)arg;
	ipsec_sas_listed(event);
}

static void list_done(void *arg, int err, const struct vici_msg *reply)
{
	(void)arg;
	(void)reply;
	if (err && err != -ECANCELED && err != -ECONNRESET)
		log_warn("ipsec: charon: list-sas: %s", strerror(-err));
}

static void refreshed(void *arg, int err, const struct vici_msg *reply)
{
	void (*done)(int err) = (void (*)(int))(uintptr_t)arg;

	(void)reply;
	done(err);
}

int ipsec_refresh_sas(void (*done)(int err))
{
	struct vici_client *v = charon_vici();

	if (!v || !vici_client_is_up(v))
		return -ENOTCONN;
	return vici_request_stream(v, "list-sas", "list-sa", NULL, LOAD_TIMEOUT_MS, listed,
				   refreshed, (void *)(uintptr_t)done);
}

/* The SAs charon has: none after a restart, all of them after a reconnection. */
static void list_sas(void)
{
	struct vici_client *v = charon_vici();

	ipsec_sas_clear();
	if (v && vici_request_stream(v, "list-sas", "list-sa", NULL, LOAD_TIMEOUT_MS, listed,
				     list_done, NULL))
		log_warn("ipsec: charon: list-sas could not be sent");
}

/* charon (re)started: it holds nothing, so everything goes again */
static void charon_up(void *owner)
{
	(void)owner;
	list_sas();
	ipsec_set_free(&held);
	stats.reloads++;
	log_info("ipsec: charon ready: loading the configuration");
	run_pass(NULL);
	ipsec_keepup_start();	/* site-to-site peers: after their conns */
}

static void charon_down(void *owner)
{
	(void)owner;
	ipsec_keepup_stop();
	ipsec_sessions_lost("lost-service");	/* their Stops say why */
	ipsec_set_free(&held);
	count_held();
	ipsec_sas_clear();
}

static void charon_event(void *owner, const char *name, const struct vici_msg *msg)
{
	(void)owner;
	log_debug("ipsec: charon event %s", name);
	ipsec_sas_event(name, msg);
}

static const struct charon_ops ops = {
	.up = charon_up, .down = charon_down, .event = charon_event,
};

const struct charon_ops *ipsec_charon_ops(void)
{
	return &ops;
}

void ipsec_init(void)
{
	loop_timer_init(&pass, run_pass);
	ipsec_peer_menu.apply = ipsec_apply;
	cert_on_change(ipsec_apply);	/* a certificate or key a conn uses */
	ipsec_keys_on_change(ipsec_apply);	/* an /ip ipsec key an rsa-key identity names */
	ipsec_sessions_init();
	/* Windows road warriors ask for split-include by DHCPINFORM: answered while sessions
	 * exist (dhcp_inform.h) */
	ipsec_dhcp_inform_set_lookup(ipsec_dhcp_answer_for);
	ipsec_sessions_on_address(ipsec_dhcp_inform_client);
	ipsec_statistics_dhcp = ipsec_dhcp_inform_stats;
	/* EAP road warriors: sluiced's RADIUS server for charon, before charon starts (its
	 * port and secret go into charon's configuration) */
	if (ipsec_eap_server_start())
		log_err("ipsec: the RADIUS server for charon's EAP did not start: no EAP clients");
	else
		charon_set_plugin_conf(ipsec_eap_server_conf);
	ipsec_eap_grant_init();
	ipsec_apply();
}

void ipsec_done(void)
{
	ipsec_keepup_done();
	ipsec_sessions_done();
	ipsec_dhcp_inform_done();
	ipsec_pools_done();
	ipsec_eap_grant_done();
	ipsec_eap_server_stop();
	charon_set_plugin_conf(NULL);
	loop_timer_cancel(&pass);
	ipsec_set_free(&held);
	ipsec_sas_clear();
}

struct initiation {
	struct initiation *next;
	ipsec_initiated_cb done;	/* NULL: cancelled */
	void *arg;
	char child[64];
};

static struct initiation *initiations;

static void initiated(void *arg, int err, const struct vici_msg *reply)
{
	struct initiation *in = arg, **pp;
	char why[256] = "";

	if (!err)
		err = vici_check_success(reply, why, sizeof(why));
	for (pp = &initiations; *pp; pp = &(*pp)->next)
		if (*pp == in) {
			*pp = in->next;
			break;
		}
	if (in->done)
		in->done(in->arg, err, *why ? why : err ? strerror(-err) : "");
	free(in);
}

/* timeout_ms -1: charon answers at once and negotiates in the background */
static int initiate(const char *peer, int timeout_ms, ipsec_initiated_cb done, void *arg)
{
	struct vici_client *v;
	char conn[IPSEC_NAME_MAX];
	struct initiation *in;
	struct vici_builder b;
	int ret;

	in = calloc(1, sizeof(*in));
	if (!in)
		return -ENOMEM;
	*in = (struct initiation){ .next = initiations, .done = done, .arg = arg };
	if (!ipsec_peer_child(peer, conn, sizeof(conn), in->child, sizeof(in->child))) {
		free(in);
		return -ENOENT;
	}
	loop_timer_cancel(&pass);
	run_pass(NULL);		/* the conn goes first: one connection, in order */
	v = charon_vici();	/* after the pass: it may have stopped charon */
	if (!v || !vici_client_is_up(v)) {
		free(in);
		return -ENOTCONN;
	}
	vici_build_init(&b, 512);
	vici_build_kv(&b, "child", in->child);
	vici_build_kv(&b, "ike", conn);
	vici_build_kvf(&b, "timeout", "%d", timeout_ms);
	ret = vici_request(v, "initiate", &b, timeout_ms < 0 ? LOAD_TIMEOUT_MS :
			   (unsigned int)timeout_ms + 5000, initiated, in);
	vici_build_free(&b);
	if (ret) {
		free(in);
		return ret;
	}
	initiations = in;
	return 0;
}

int ipsec_initiate(const char *peer, ipsec_initiated_cb done, void *arg)
{
	struct vici_client *v = charon_vici();

	if (!v || !vici_client_is_up(v))
		return -ENOTCONN;
	return initiate(peer, 20000, done, arg);
}

int ipsec_initiate_background(const char *peer, ipsec_initiated_cb done, void *arg)
{
	struct vici_client *v = charon_vici();

	if (!v || !vici_client_is_up(v))
		return -ENOTCONN;
	return initiate(peer, -1, done, arg);
}

bool ipsec_conn_held(const char *conn)
{
	return ipsec_set_find(&held, IPSEC_CONN, conn) != NULL;
}

void ipsec_initiate_cancel(void *arg)
{
	struct initiation *in;

	for (in = initiations; in; in = in->next)
		if (in->arg == arg)
			in->done = NULL;
}

static void terminated(void *arg, int err, const struct vici_msg *reply)
{
	char why[256] = "";

	if (!err)
		err = vici_check_success(reply, why, sizeof(why));
	if (err && err != -ECANCELED && err != -ECONNRESET)
		log_warn("ipsec: charon: terminate IKE SA %lu: %s", (unsigned long)(uintptr_t)arg,
			 *why ? why : strerror(-err));
}

void ipsec_terminate_ike(uint32_t uniqueid)
{
	struct vici_client *v = charon_vici();
	struct vici_builder b;

	if (!v || !uniqueid)
		return;
	vici_build_init(&b, 128);
	vici_build_kvf(&b, "ike-id", "%u", uniqueid);
	vici_build_kv(&b, "timeout", "-1");	/* answer at once: the event tells the end */
	if (vici_request(v, "terminate", &b, LOAD_TIMEOUT_MS, terminated,
			 (void *)(uintptr_t)uniqueid))
		log_warn("ipsec: charon: terminate IKE SA %u could not be sent", uniqueid);
	else
		log_info("ipsec: ending IKE SA %u", uniqueid);
	vici_build_free(&b);
}

const struct ipsec_stats *ipsec_get_stats(void)
{
	return &stats;
}
