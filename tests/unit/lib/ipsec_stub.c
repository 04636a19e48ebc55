// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for daemon/ipsec/ipsec.c in tests of code that changes the /ip ipsec menus
 * (the L2TP client's use-ipsec items): no charon, nothing to load.
 */
#include <errno.h>
#include "ipsec/ipsec.h"

unsigned long ipsec_stub_applies;	/* how often the configuration was handed over */

void ipsec_apply(void)
{
	ipsec_stub_applies++;
}

/* charon never comes up here: the client waits, and its timers stay bounded */
int ipsec_initiate(const char *peer, ipsec_initiated_cb done, void *arg)
{
	(void)peer, (void)done, (void)arg;
	return -ENOTCONN;
}

void ipsec_initiate_cancel(void *arg)
{
	(void)arg;
}
