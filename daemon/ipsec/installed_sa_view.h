/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec installed-sa: the kernel's SAs, read from XFRM at each command (xfrm.h), with
 * RouterOS's columns and flags; print, print detail, where, [find], and flush
 * [sa-type=all|ah|esp]. The keys, which RouterOS prints, are never shown: the dump carries
 * them, the parser drops them (secrets never appear in print).
 */
#ifndef SLUICED_IPSEC_INSTALLED_SA_VIEW_H
#define SLUICED_IPSEC_INSTALLED_SA_VIEW_H

#include <time.h>
#include "admin/config.h"

struct xfrm_sa_table;

extern struct cfg_menu ipsec_installed_sa_menu;

/* The view's rows from a dump, as of now (the wall clock, as the SAs' add times are). */
void installed_sa_rows(struct cfg_menu *v, const struct xfrm_sa_table *t, time_t now);

#endif /* SLUICED_IPSEC_INSTALLED_SA_VIEW_H */
