// SPDX-License-Identifier: GPL-2.0
/*
 * Site-to-site tunnels kept up (keepup.h). One timer while charon is up walks the peers
 * every TICK_MS. A peer whose policy's CHILD_SA sas.c knows up costs nothing more. For one
 * without, charon is asked first (list-sas of that conn, non-blocking) what it holds: an IKE
 * SA not yet established (a negotiation under way, a trap's or the other router's) or one
 * that has the CHILD_SA already is left alone; otherwise an initiate goes, answered at once
 * by charon, which negotiates in the background. Whether it worked is what the next look
 * finds, after the backoff. Nothing is initiated from inside a vici callback: the next tick
 * does it, after checking the configuration again (a pass it runs may stop charon).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "core/loop.h"
#include "ipsec/charon.h"
#include "ipsec/conn.h"
#include "ipsec/ipsec.h"
#include "ipsec/keepup.h"
#include "ipsec/peer_menu.h"
#include "ipsec/sas.h"
#include "ipsec/vici.h"
#include "ipsec/vici_msg.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"

#define TICK_MS 1000
#define BACKOFF_FIRST_MS 5000
#define BACKOFF_MAX_MS 60000
#define LIST_TIMEOUT_MS 10000

enum found { FOUND_NOTHING, FOUND_UNDER_WAY, FOUND_NO_CHILD };

struct peer_state {
	struct peer_state *next;
	char peer[IPSEC_NAME_MAX];
	char conn[IPSEC_NAME_MAX], child[64];
	uint64_t next_try_ms;		/* loop_now_ms() */
	unsigned int backoff_ms;
	enum found found;		/* what the list-sas in flight found so far */
	bool busy;			/* a list-sas or an initiate in flight */
	bool initiate;			/* the last look found nothing to wait for: next tick */
	bool tried;			/* an initiate charon took, not yet seen up */
	bool seen;			/* still a kept-up peer at this tick */
	bool failing;			/* logged as failing; the next success is logged */
};

static struct peer_state *peers;
static struct loop_timer tick;

static struct peer_state *state_of(const char *name)
{
	struct peer_state *p;

	for (p = peers; p; p = p->next)
		if (!strcmp(p->peer, name))
			return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	snprintf(p->peer, sizeof(p->peer), "%s", name);
	p->backoff_ms = BACKOFF_FIRST_MS;
	p->next = peers;
	peers = p;
	return p;
}

static void forget(struct peer_state *p)
{
	struct vici_client *v = charon_vici();

	if (v)
		vici_forget(v, p);
	ipsec_initiate_cancel(p);
	free(p);
}

/* Peers no longer kept up (removed, disabled, made passive) go; a busy one's answer is
 * forgotten with it. */
static void drop_unseen(void)
{
	struct peer_state **pp = &peers, *p;

	while ((p = *pp)) {
		if (p->seen) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		forget(p);
	}
}

/* sas.c knows the conn's IKE SA established with the policy's CHILD_SA */
static bool up(const struct peer_state *p)
{
	const struct ipsec_ike_sa *s;
	size_t i, k;

	for (i = 0; (s = ipsec_sas_at(i)); i++) {
		if (!s->established || strcmp(s->conn, p->conn))
			continue;
		for (k = 0; k < s->nchild; k++)
			if (!strcmp(s->child[k].name, p->child))
				return true;
	}
	return false;
}

/* Up to a second of jitter, so that two routers that failed together do not retry
 * together: from getrandom(), as nothing seeds random() */
static unsigned int jitter_ms(void)
{
	unsigned int r = 0;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = 0;
	return r % 1000;
}

static void retry_later(struct peer_state *p)
{
	p->next_try_ms = loop_now_ms() + p->backoff_ms + jitter_ms();
	p->backoff_ms = p->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : p->backoff_ms * 2;
}

static void failed(struct peer_state *p, const char *why)
{
	if (!p->failing)
		log_warn("ipsec: peer %s: not established (%s); trying again, every %u s at most",
			 p->peer, why, BACKOFF_MAX_MS / 1000);
	p->failing = true;
}

static void initiated(void *arg, int err, const char *why)
{
	struct peer_state *p = arg;

	p->busy = false;
	if (err == -ECANCELED || err == -ECONNRESET)	/* charon went: it starts afresh */
		return;
	if (err)
		failed(p, why);
	else
		p->tried = true;	/* the next look tells whether it came up */
	retry_later(p);
}

/* one IKE SA of the conn: under way, or established without the policy's CHILD_SA */
static void listed(void *arg, const struct vici_msg *event)
{
	struct peer_state *p = arg;
	const struct vici_node *sec, *c;
	const char *state;

	vici_for_each(sec, vici_root(event)) {
		if (sec->type != VICI_N_SECTION)
			continue;
		state = vici_get_str(sec, "state");
		if (!state || strcmp(state, "ESTABLISHED")) {
			p->found = FOUND_UNDER_WAY;
			return;
		}
		vici_for_each(c, vici_section(sec, "child-sas")) {
			const char *name = vici_get_str(c, "name");

			if (name && !strcmp(name, p->child)) {
				p->found = FOUND_UNDER_WAY;	/* up, or being installed */
				return;
			}
		}
		if (p->found == FOUND_NOTHING)
			p->found = FOUND_NO_CHILD;	/* charon reuses the IKE SA */
	}
}

static void list_done(void *arg, int err, const struct vici_msg *reply)
{
	struct peer_state *p = arg;

	(void)reply;
	p->busy = false;
	if (err || p->found == FOUND_UNDER_WAY) {	/* look again soon; no failure yet */
		p->next_try_ms = loop_now_ms() + BACKOFF_FIRST_MS;
		return;
	}
	if (p->tried)
		failed(p, p->found == FOUND_NO_CHILD ? "no CHILD_SA" : "no IKE SA");
	p->initiate = true;
}

static void look(struct peer_state *p)
{
	struct vici_client *v = charon_vici();
	struct vici_builder b;

	if (!v || !vici_client_is_up(v))
		return;
	vici_build_init(&b, 256);
	vici_build_kv(&b, "ike", p->conn);
	vici_build_kv(&b, "noblock", "yes");
	p->found = FOUND_NOTHING;
	if (!vici_request_stream(v, "list-sas", "list-sa", &b, LIST_TIMEOUT_MS, listed,
				 list_done, p))
		p->busy = true;
	else
		p->next_try_ms = loop_now_ms() + BACKOFF_FIRST_MS;	/* the queue is full */
	vici_build_free(&b);
}

static void start_initiate(struct peer_state *p)
{
	int ret;

	p->initiate = false;
	ret = ipsec_initiate_background(p->peer, initiated, p);
	if (!ret) {
		p->busy = true;
		return;
	}
	if (ret != -ENOTCONN)
		failed(p, strerror(-ret));
	retry_later(p);
}

static void visit(const struct ipsec_peer_cfg *cfg)
{
	char conn[IPSEC_NAME_MAX], child[64];
	struct peer_state *p;

	if (!ipsec_peer_keeps_up(cfg, conn, sizeof(conn), child, sizeof(child)) ||
	    !ipsec_conn_held(conn))
		return;
	p = state_of(cfg->name);
	if (!p)
		return;
	p->seen = true;
	if (strcmp(p->conn, conn) || strcmp(p->child, child)) {	/* new, or its policy changed */
		snprintf(p->conn, sizeof(p->conn), "%s", conn);
		snprintf(p->child, sizeof(p->child), "%s", child);
		p->next_try_ms = 0;
		p->backoff_ms = BACKOFF_FIRST_MS;
		p->initiate = p->tried = false;
	}
	if (p->busy)
		return;
	if (up(p)) {
		if (p->failing)
			log_info("ipsec: peer %s: established", p->peer);
		p->failing = p->tried = p->initiate = false;
		p->backoff_ms = BACKOFF_FIRST_MS;
		p->next_try_ms = 0;
		return;
	}
	if (p->initiate)
		start_initiate(p);
	else if (loop_now_ms() >= p->next_try_ms)
		look(p);
}

static void on_tick(struct loop_timer *t)
{
	struct peer_state *p;
	size_t i;

	for (p = peers; p; p = p->next)
		p->seen = false;
	for (i = 0; i < ipsec_peer_menu.n; i++)
		if (!ipsec_peer_menu.items[i].dynamic)	/* an l2tp-client's: it initiates */
			visit(ipsec_peer_menu.items[i].typed);
	drop_unseen();
	loop_timer_arm(t, TICK_MS);
}

void ipsec_keepup_start(void)
{
	struct peer_state *p;

	for (p = peers; p; p = p->next) {	/* a charon that starts afresh: try at once */
		p->next_try_ms = 0;
		p->backoff_ms = BACKOFF_FIRST_MS;
		p->initiate = p->tried = false;
	}
	if (!tick.cb)
		loop_timer_init(&tick, on_tick);
	loop_timer_arm(&tick, TICK_MS);
}

void ipsec_keepup_stop(void)
{
	if (tick.cb)
		loop_timer_cancel(&tick);
}

void ipsec_keepup_done(void)
{
	struct peer_state *p;

	ipsec_keepup_stop();
	while ((p = peers)) {
		peers = p->next;
		forget(p);
	}
}
