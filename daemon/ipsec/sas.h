/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKE and CHILD SAs charon holds, as sluiced knows them (docs/ipsec.md "SAs"): kept from
 * charon's ike-updown, child-updown, ike-rekey and child-rekey events, and listed again
 * (list-sas) whenever vici comes up, so a reconnection or a sluiced that finds SAs adopts
 * them. What /ip ipsec active-peers shows, and how the L2TP server names the SA a tunnel
 * came through (by the mark its CHILD_SA sets on what it decrypts).
 *
 * Everything comes from charon and is checked as untrusted: an SA without a valid
 * uniqueid is ignored (counted), strings are cut to their fields, the table is capped.
 */
#ifndef SLUICED_IPSEC_SAS_H
#define SLUICED_IPSEC_SAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct vici_msg;
struct vici_node;

#define IPSEC_SAS_MAX 65536		/* IKE SAs kept; more are counted, not kept */
#define IPSEC_CHILDREN_MAX 8		/* CHILD_SAs kept per IKE SA */

struct ipsec_child_sa {
	uint32_t uniqueid;
	uint32_t mark_in;		/* 0: none */
	char name[64];			/* the conn's child: "l2tp", "policy3" */
	char mode[16];			/* TRANSPORT, TUNNEL */
	char algs[64];			/* "AES_CBC-128/HMAC_SHA1_96" */
	char local_ts[64], remote_ts[64];	/* the first of each */
	uint64_t bytes_in, bytes_out, packets_in, packets_out;	/* as last told */
};

/* Counters of an IKE SA's CHILD_SAs: those that went (final) plus the live ones (last told). */
struct ipsec_counters {
	uint64_t bytes_in, bytes_out, packets_in, packets_out;
};

struct ipsec_ike_sa {
	uint32_t uniqueid;
	char conn[96];			/* the conn's name: "<peer>/<n>" */
	char local_host[48], remote_host[48];
	unsigned int local_port, remote_port;
	char remote_id[96];
	char remote_eap_id[96];		/* the EAP (or XAuth) identity; "" when none or the same */
	char remote_vip[48];		/* the first virtual IP we gave the peer ("" none) */
	char local_vip[48];		/* the first the peer gave us (we are its client) */
	unsigned int version;		/* 1 or 2 */
	bool initiator;
	time_t established;		/* 0: not yet */
	size_t nchild;
	struct ipsec_child_sa child[IPSEC_CHILDREN_MAX];
	struct ipsec_counters gone;	/* of the CHILD_SAs already gone (rekeyed or closed) */
};

struct ipsec_sas_stats {
	unsigned long events, ignored;	/* handled; without a usable uniqueid */
	unsigned long full;		/* an SA not kept: the table or its children full */
};

/* Told of each CHILD_SA with a mark that goes down (not rekeyed: a rekey keeps the mark),
 * or of all of them when charon is gone: the L2TP server ends its tunnels. One listener. */
void ipsec_sas_on_child_down(void (*fn)(uint32_t mark_in));
/*
 * Told of IKE SAs (one listener): UP when charon says one is established (ike-updown, or
 * found by list-sas, so an adopted SA is told too: the listener ignores what it knows),
 * DOWN before one is forgotten (its counters final as far as charon told them), REKEYED
 * when one is replaced by a new one (old_id its old uniqueid, s the new one).
 */
enum ipsec_ike_change { IPSEC_IKE_UP, IPSEC_IKE_DOWN, IPSEC_IKE_REKEYED };
void ipsec_sas_on_ike(void (*fn)(enum ipsec_ike_change what, const struct ipsec_ike_sa *s,
				 uint32_t old_id));
/* The IKE SA's traffic so far: gone plus live children. */
void ipsec_sas_counters(const struct ipsec_ike_sa *s, struct ipsec_counters *out);
/* One of charon's four events (the name as registered). */
void ipsec_sas_event(const char *name, const struct vici_msg *msg);
/* One list-sa of a list-sas stream: added (or refreshed). */
void ipsec_sas_listed(const struct vici_msg *msg);
/* charon went away, or is about to be listed again (each child with a mark is told down:
 * a restarted charon hands the same marks out again). */
void ipsec_sas_clear(void);

size_t ipsec_sas_count(void);
const struct ipsec_ike_sa *ipsec_sas_at(size_t i);
const struct ipsec_ike_sa *ipsec_sas_find(uint32_t uniqueid);
/* The CHILD_SA that marks what it decrypts with mark (and its IKE SA in *ike), or NULL. */
const struct ipsec_child_sa *ipsec_sas_by_mark(uint32_t mark, const struct ipsec_ike_sa **ike);
const struct ipsec_sas_stats *ipsec_sas_stats(void);

#endif /* SLUICED_IPSEC_SAS_H */
