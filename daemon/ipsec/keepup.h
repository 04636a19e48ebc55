/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Site-to-site tunnels kept up. RouterOS: a peer whose passive mode is disabled "will try to
 * establish not only phase1 but also phase2 automatically, if policies are configured". Its
 * conn's traps (conn.c) negotiate on traffic; this is the rest: each such peer's first
 * encrypt policy is initiated once charon has its conn, and again whenever charon holds
 * neither an IKE SA of that conn under way nor its CHILD_SA (never up, failed, ended by the
 * other side or by kill-connections, phase 2 refused under a phase 1 that stays), looking
 * again 5 s after each attempt, then 10, 20, 40 and every 60 s while nothing comes up.
 * Without it a first negotiation that fails (the other router not configured yet) leaves
 * the kernel's acquire state behind, and the trap starts no new negotiation for
 * xfrm_acq_expires (charon's 165 s).
 */
#ifndef SLUICED_IPSEC_KEEPUP_H
#define SLUICED_IPSEC_KEEPUP_H

/* charon is up (its configuration sent: every peer is tried at once) or gone (nothing is
 * tried); from ipsec.c */
void ipsec_keepup_start(void);
void ipsec_keepup_stop(void);
/* sluiced stops: what is in flight calls nobody any more */
void ipsec_keepup_done(void);

#endif /* SLUICED_IPSEC_KEEPUP_H */
