/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPsec as a whole (docs/ipsec.md): the owner of sluiced's charon. After any change of the
 * configuration (ipsec_apply, from the menus' apply hooks) the set of connections and
 * secrets the menus mean is built again (conn.h) and only the difference goes to charon:
 * load-conn and load-shared for what is new or changed, unload-conn and unload-shared for
 * what went. charon runs while that set is not empty. When charon (re)starts, everything is
 * loaded again; while it is away nothing is, and the set is sent whole when it is back.
 */
#ifndef SLUICED_IPSEC_IPSEC_H
#define SLUICED_IPSEC_IPSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ipsec_stats {
	unsigned long loads, unloads;		/* requests sent */
	unsigned long load_failures;		/* charon refused or never answered */
	unsigned long reloads;			/* whole sets sent after charon came up */
	size_t conns, secrets;			/* what charon holds now */
};

struct charon_ops;
/* What charon_init() is given: "up" reloads everything, "down" forgets what was held. */
const struct charon_ops *ipsec_charon_ops(void);
/* At start, after charon_init(); sets the menus' apply hooks. */
void ipsec_init(void);
void ipsec_done(void);
/* The configuration changed: compare and load, from a 0 ms timer (one pass per change). */
void ipsec_apply(void);
const struct ipsec_stats *ipsec_get_stats(void);
/*
 * Brings up a peer's first static policy now (the L2TP client's, before its SCCRQ): the
 * configuration is sent first, then vici initiate; done() gets 0 once the CHILD_SA is
 * installed, or an errno and charon's reason. 0, or -ENOTCONN (charon not up yet: try
 * again), -ENOENT (no such peer or policy), -ENOMEM. ipsec_initiate_cancel(arg): done()
 * is not called for arg any more.
 */
typedef void (*ipsec_initiated_cb)(void *arg, int err, const char *why);
int ipsec_initiate(const char *peer, ipsec_initiated_cb done, void *arg);
/* The same, but charon answers at once (done() gets 0 if it took the request) and
 * negotiates in the background: the caller learns of the SA from charon's events. */
int ipsec_initiate_background(const char *peer, ipsec_initiated_cb done, void *arg);
void ipsec_initiate_cancel(void *arg);
/* Whether charon was given that conn ("<peer>/<n>"): a conn.c could not build is not. */
bool ipsec_conn_held(const char *conn);
/*
 * Reads charon's SAs again (list-sas) into the SA table, forgetting none: counters for
 * accounting. done() gets 0 once all are listed, or an errno. 0, or -ENOTCONN, -ENOMEM
 * (done is not called then).
 */
int ipsec_refresh_sas(void (*done)(int err));
/* Ends an IKE SA (charon's uniqueid) and its CHILD_SAs: active-peers remove. */
void ipsec_terminate_ike(uint32_t uniqueid);

#endif /* SLUICED_IPSEC_IPSEC_H */
