/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an earlier charon of sluiced's left in the kernel (docs/ipsec.md "Restarts"). charon
 * removes its SAs and policies when it stops, but not when it is killed (SIGKILL, a crash,
 * an orphan that outlived its stop timeout). sluiced's charon takes the SPIs of the SAs it
 * receives on from a range of its own (strongswan.conf spi_min/spi_max, outside charon's
 * default 0xc0000000-0xcfffffff, so an administrator's strongSwan does not use it): before
 * sluiced starts a charon, every inbound SA (one that ends at an address of ours) in that
 * range is a leftover; an outbound SA's SPI is the peer's choice, and proves nothing. With it go the
 * outbound SA of the same CHILD_SA (the same reqid, the hosts reversed) and the policies
 * that point at that reqid between the same two hosts.
 */
#ifndef SLUICED_IPSEC_LEFTOVERS_H
#define SLUICED_IPSEC_LEFTOVERS_H

#include <stdbool.h>
#include <stddef.h>
#include "ipsec/xfrm.h"

#define IPSEC_SPI_MIN 0xd1c00000u	/* a million SPIs, two per CHILD_SA */
#define IPSEC_SPI_MAX 0xd1cfffffu

/* An address of this network namespace's interfaces? (inbound SAs end at one) */
typedef bool ipsec_local_fn(uint16_t family, const xfrm_address_t *a);

/* Marks in sa_gone[t->n] and pol_gone[t->npol] what is a leftover; how many of each. */
void ipsec_leftovers_pick(const struct xfrm_sa_table *t, ipsec_local_fn *local, bool *sa_gone,
			  bool *pol_gone, size_t *nsa, size_t *npol);
/* Dumps the kernel's SAs and policies and removes the leftovers (logged); 0 or -errno. */
int ipsec_leftovers_remove(void);
/* The same with another idea of what is local (tests). */
int ipsec_leftovers_remove_with(ipsec_local_fn *local);

#endif /* SLUICED_IPSEC_LEFTOVERS_H */
