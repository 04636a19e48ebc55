// SPDX-License-Identifier: GPL-2.0
/* /certificate: registered here, run by daemon/cert/view.c (hooked in by cert_menu_hook()). */
#include "cert/cert_menu.h"

CFG_MENU_DEFINE(certificate, CERT_PROPS, .path = "/certificate", .order = 120,
		.verbs = CFG_V_ADD | CFG_V_SET | CFG_V_REMOVE | CFG_V_PRINT | CFG_V_EXPORT,
		.legend = "Flags: K - private-key; L - crl; A - authority; I - issued, "
			  "R - revoked; E - expired; T - trusted");
