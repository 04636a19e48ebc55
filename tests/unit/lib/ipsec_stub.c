// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for daemon/ipsec/ipsec.c in tests of code that changes the /ip ipsec menus
 * (the L2TP client's use-ipsec items): no charon, nothing to load.
 */
#include "ipsec/ipsec.h"

unsigned long ipsec_stub_applies;	/* how often the configuration was handed over */

void ipsec_apply(void)
{
	ipsec_stub_applies++;
}
