// SPDX-License-Identifier: GPL-2.0
/* The table of encapsulations, and their module-wide set-up and teardown. */
#include <linux/bug.h>
#include "sluice.h"

const struct sluice_encap_ops *const sluice_encaps[SLUICE_ENCAP_COUNT] = {
	[SLUICE_ENCAP_PPTP] = &sluice_pptp_ops,
	[SLUICE_ENCAP_L2TP] = &sluice_l2tp_ops,
	[SLUICE_ENCAP_PPPOE] = &sluice_pppoe_ops,
};

/* A table entry that disagrees with its ops would corrupt another encapsulation's state. */
static bool encap_ops_valid(const struct sluice_encap_ops *ops, unsigned int i)
{
	return ops && ops->id == i && ops->headroom <= SLUICE_ENCAP_HDR_MAX && ops->nl_parse &&
	       ops->nl_fill && ops->init_session && ops->lookup_rcu && ops->hash &&
	       ops->unhash && ops->send && !ops->get_config == !ops->put_config;
}

static void uninit_first(unsigned int n)
{
	while (n--)
		if (sluice_encaps[n]->uninit)
			sluice_encaps[n]->uninit();
}

/* Last at module load: packets arrive only once everything they need is ready. */
int sluice_encaps_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < SLUICE_ENCAP_COUNT; i++)
		if (WARN_ON(!encap_ops_valid(sluice_encaps[i], i)))
			return -EINVAL;
	for (i = 0; i < SLUICE_ENCAP_COUNT; i++) {
		err = sluice_encaps[i]->init ? sluice_encaps[i]->init() : 0;
		if (err) {
			uninit_first(i);
			return err;
		}
	}
	return 0;
}

/* First at module unload. */
void sluice_encaps_uninit(void)
{
	uninit_first(SLUICE_ENCAP_COUNT);
}
