// SPDX-License-Identifier: GPL-2.0
/*
 * The SAs and policies an earlier charon of sluiced's left behind (see leftovers.h): picked
 * from one dump of each, removed one by one with their marks.
 */
#define LOG_TOPIC LOG_T_IPSEC
#include <errno.h>
#include <ifaddrs.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "core/log.h"
#include "ipsec/leftovers.h"

static bool ours(const struct xfrm_sa *sa, ipsec_local_fn *local)
{
	return (sa->proto == IPPROTO_ESP || sa->proto == IPPROTO_AH) &&
	       sa->spi >= IPSEC_SPI_MIN && sa->spi <= IPSEC_SPI_MAX && local(sa->family, &sa->dst);
}

static bool same_addr(uint16_t family, const xfrm_address_t *a, const xfrm_address_t *b)
{
	return !memcmp(a, b, family == AF_INET ? 4 : 16);
}

/* a and b, in either order, are in's two hosts */
static bool between(const struct xfrm_sa *in, const xfrm_address_t *a, const xfrm_address_t *b)
{
	return (same_addr(in->family, a, &in->src) && same_addr(in->family, b, &in->dst)) ||
	       (same_addr(in->family, a, &in->dst) && same_addr(in->family, b, &in->src));
}

/* the outbound SA of in's CHILD_SA */
static bool partner(const struct xfrm_sa *in, const struct xfrm_sa *sa)
{
	return sa->reqid == in->reqid && sa->family == in->family && sa->proto == in->proto &&
	       same_addr(in->family, &sa->src, &in->dst) && same_addr(in->family, &sa->dst, &in->src);
}

/* a policy of in's CHILD_SA: its template names in's reqid; the selector (transport) or
 * the template's tunnel ends name in's hosts */
static bool policy_of(const struct xfrm_sa *in, const struct xfrm_pol *pol)
{
	size_t i;

	for (i = 0; i < pol->ntmpl; i++) {
		const struct xfrm_user_tmpl *tp = &pol->tmpl[i];

		if (tp->reqid != in->reqid || pol->sel.family != in->family)
			continue;
		if (between(in, &pol->sel.saddr, &pol->sel.daddr) ||
		    (tp->family == in->family && between(in, &tp->saddr, &tp->id.daddr)))
			return true;
	}
	return false;
}

static void pick_for(const struct xfrm_sa_table *t, const struct xfrm_sa *in, bool *sa_gone,
		     bool *pol_gone)
{
	size_t j;

	for (j = 0; j < t->n; j++)
		if (partner(in, &t->sa[j]))
			sa_gone[j] = true;
	for (j = 0; j < t->npol; j++)
		if (policy_of(in, &t->pol[j]))
			pol_gone[j] = true;
}

void ipsec_leftovers_pick(const struct xfrm_sa_table *t, ipsec_local_fn *local, bool *sa_gone,
			  bool *pol_gone, size_t *nsa, size_t *npol)
{
	size_t i;

	memset(sa_gone, 0, t->n * sizeof(*sa_gone));
	memset(pol_gone, 0, t->npol * sizeof(*pol_gone));
	for (i = 0; i < t->n; i++)
		if (ours(&t->sa[i], local)) {
			sa_gone[i] = true;
			pick_for(t, &t->sa[i], sa_gone, pol_gone);
		}
	*nsa = *npol = 0;
	for (i = 0; i < t->n; i++)
		*nsa += sa_gone[i];
	for (i = 0; i < t->npol; i++)
		*npol += pol_gone[i];
}

/* the interfaces' addresses, read again for each SA: this runs once per charon start */
static bool local_address(uint16_t family, const xfrm_address_t *a)
{
	struct ifaddrs *all, *ifa;
	bool found = false;

	if (getifaddrs(&all))
		return false;
	for (ifa = all; ifa && !found; ifa = ifa->ifa_next) {
		const struct sockaddr *sa = ifa->ifa_addr;

		if (!sa || sa->sa_family != family)
			continue;
		if (family == AF_INET)
			found = !memcmp(&((const struct sockaddr_in *)sa)->sin_addr, a, 4);
		else
			found = !memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr, a, 16);
	}
	freeifaddrs(all);
	return found;
}

/* each picked one removed; the first failure returned (the others are still tried) */
static int remove_picked(const struct xfrm_sa_table *t, const bool *sa_gone,
			 const bool *pol_gone)
{
	int ret = 0, err;
	size_t i;

	for (i = 0; i < t->npol; i++)
		if (pol_gone[i] && (err = xfrm_backend->remove_policy(&t->pol[i])) && !ret)
			ret = err;
	for (i = 0; i < t->n; i++)
		if (sa_gone[i] && (err = xfrm_backend->remove_sa(&t->sa[i])) && err != -ESRCH &&
		    !ret)
			ret = err;
	return ret;
}

int ipsec_leftovers_remove_with(ipsec_local_fn *local)
{
	struct xfrm_sa_table t = { 0 };
	bool *sa_gone = NULL, *pol_gone = NULL;
	size_t nsa = 0, npol = 0;
	int ret = xfrm_backend->dump(&t);

	if (!ret)
		ret = xfrm_backend->dump_policies(&t);
	if (!ret) {
		sa_gone = calloc(t.n + 1, sizeof(*sa_gone));
		pol_gone = calloc(t.npol + 1, sizeof(*pol_gone));
		ret = sa_gone && pol_gone ? 0 : -ENOMEM;
	}
	if (!ret) {
		ipsec_leftovers_pick(&t, local, sa_gone, pol_gone, &nsa, &npol);
		ret = remove_picked(&t, sa_gone, pol_gone);
	}
	if (ret == -EPROTONOSUPPORT)
		ret = 0;	/* a kernel without XFRM holds nothing */
	else if (ret)
		log_warn("charon: removing what an earlier charon left in the kernel: %s",
			 strerror(-ret));
	else if (nsa || npol)
		log_warn("charon: removed %zu SAs and %zu policies an earlier charon left in the kernel",
			 nsa, npol);
	free(sa_gone);
	free(pol_gone);
	xfrm_sa_table_free(&t);
	return ret;
}

int ipsec_leftovers_remove(void)
{
	return ipsec_leftovers_remove_with(local_address);
}
