/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a peer may hold before it has proved itself: a count of "half-open" objects (a PPTP
 * control connection or call, an L2TP tunnel or session, until its PPP link is up or, for
 * an L2TP tunnel, until the SCCCN shows the source address is real) in all and per source
 * address, and a token bucket on how fast one address may open them. A protocol asks before
 * it allocates, and says when the object stops being half-open (proved, or gone). When the
 * global or the per-source count is full, the protocol evicts its oldest half-open object
 * (of that source, or of anyone) and asks again: a flood displaces itself, not the
 * established sessions. docs/security.md lists the defaults.
 */
#ifndef SLUICED_PREAUTH_H
#define SLUICED_PREAUTH_H

#include <stdbool.h>
#include <stdint.h>
#include "core/list.h"
#include "core/u32map.h"

struct preauth_limits {
	unsigned int global;		/* half-open objects in all */
	unsigned int per_source;	/* half-open objects from one address */
	unsigned int rate;		/* new objects per second from one address... */
	unsigned int burst;		/* ...after a burst of this many */
};

enum preauth_verdict {
	PREAUTH_OK,			/* counted: call preauth_done() once it is not half-open */
	PREAUTH_FULL,			/* evict the oldest half-open object, or refuse */
	PREAUTH_SOURCE_FULL,		/* evict this source's oldest, or refuse */
	PREAUTH_TOO_FAST,		/* refuse: the source is over its rate */
};

struct preauth_counters {
	uint64_t admitted, full, source_full, too_fast, evicted;
};

struct preauth {
	struct list_node node;		/* on the list of all guards, for the metrics */
	const char *what;		/* "pptp call", for the log and the metrics */
	bool keyed;			/* sources are keyed hashes (of a MAC), not addresses */
	uint32_t log_topic;		/* the protocol's LOG_T_* */
	struct preauth_limits lim;
	unsigned int half_open;
	struct u32map sources;		/* by a keyed mix of the address: no chosen collisions */
	uint32_t seed;
	struct list_node busy;		/* sources holding half-open objects */
	struct list_node idle;		/* the others, oldest first: rate state, then forgotten */
	unsigned int nsources;
	struct preauth_counters n;
	/* the last of each kind logged (one a second at most): neither mutes the other */
	uint64_t refusal_logged_ms, eviction_logged_ms;
};

void preauth_init(struct preauth *pa, const char *what, uint32_t log_topic,
		  const struct preauth_limits *lim);
enum preauth_verdict preauth_admit(struct preauth *pa, uint32_t addr);
/* One object of addr admitted earlier is no longer half-open (proved itself, or gone). */
void preauth_done(struct preauth *pa, uint32_t addr);
/* The protocol evicted a half-open object to make room: counted, logged once a second. */
void preauth_evicted(struct preauth *pa);
/* How many half-open objects addr holds now. */
unsigned int preauth_held(const struct preauth *pa, uint32_t addr);
void preauth_free(struct preauth *pa);
/* Each guard initialised and not yet freed, in the order they were: NULL starts and ends. */
const struct preauth *preauth_next(const struct preauth *prev);

#endif /* SLUICED_PREAUTH_H */
