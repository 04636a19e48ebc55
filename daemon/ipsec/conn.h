/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The /ip ipsec menus as charon wants them (docs/ipsec.md "From the menus to charon"): the
 * whole set of load-conn and load-shared messages the configuration means, built from the
 * menus' typed items in one pass. ipsec.c compares a new set with what charon holds and
 * sends only the difference.
 *
 * One connection per enabled identity of an enabled peer (a peer without one is unused, as
 * in RouterOS), named "<peer>/<n>", n counting that peer's identities; its pre-shared key
 * is the shared secret "psk/<peer>/<n>"; a certificate's private key is "key/<certificate>". Its children are the peer's enabled static policies,
 * or with generate-policy the templates of the identity's group; a main-l2tp peer has one
 * transport child for L2TP (udp/1701) instead.
 */
#ifndef SLUICED_IPSEC_CONN_H
#define SLUICED_IPSEC_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include "ipsec/vici_msg.h"

#define IPSEC_NAME_MAX 160
#define IPSEC_MSG_MAX 65536		/* one message (a conn with all its children) */
#define IPSEC_ITEMS_MAX 4096		/* conns and secrets together */

/* The child of a main-l2tp connection: L2TP's transport SA. */
#define IPSEC_L2TP_CHILD "l2tp"

/* keys (load-key) are never unloaded: charon forgets them when it restarts; pools
 * (load-pool) are mode-config's address blocks (pools.h) */
enum ipsec_item_kind { IPSEC_CONN, IPSEC_SHARED, IPSEC_KEY, IPSEC_POOL };

struct ipsec_item {
	enum ipsec_item_kind kind;
	char name[IPSEC_NAME_MAX];	/* the conn's name, or the shared secret's id */
	struct vici_builder msg;	/* the load-conn or load-shared message, finished */
};

struct ipsec_set {
	struct ipsec_item *items;
	size_t n, cap;
	unsigned int skipped;		/* items left out (logged): a bad combination */
};

/* The set the menus mean now. 0, or -ENOMEM (s is then empty). */
int ipsec_set_build(struct ipsec_set *s);
void ipsec_set_free(struct ipsec_set *s);
/* A new item at the end of the set (its message empty, to be built); NULL: no memory. */
struct ipsec_item *ipsec_set_add(struct ipsec_set *s, enum ipsec_item_kind kind,
				 const char *name);
const struct ipsec_item *ipsec_set_find(const struct ipsec_set *s, enum ipsec_item_kind kind,
					const char *name);
/* The identity whose conn charon names so ("<peer>/<n>"), or NULL. */
struct ipsec_identity_cfg;
const struct ipsec_identity_cfg *ipsec_conn_identity(const char *conn);
/* What initiating a peer's first static encrypt policy means: its conn (its first
 * identity's) and the policy's child. false if the peer has no enabled identity or no such
 * policy. */
bool ipsec_peer_child(const char *peer, char *conn, size_t conn_cap, char *child,
		      size_t child_cap);
/* The same for a peer sluiced keeps up (keepup.h): enabled, not passive, not main-l2tp, its
 * address a name or one host, its first identity neither generating policies nor a
 * mode-config client; false else. */
struct ipsec_peer_cfg;
bool ipsec_peer_keeps_up(const struct ipsec_peer_cfg *peer, char *conn, size_t conn_cap,
			 char *child, size_t child_cap);
/* The same message bytes: charon already holds it. */
bool ipsec_item_same(const struct ipsec_item *a, const struct ipsec_item *b);

/* strongSwan's names for RouterOS's algorithm words (NULL: none); for the tests */
const char *ipsec_ike_enc_name(unsigned int word);
const char *ipsec_esp_enc_name(unsigned int word);
const char *ipsec_dh_name(unsigned int word);

#endif /* SLUICED_IPSEC_CONN_H */
