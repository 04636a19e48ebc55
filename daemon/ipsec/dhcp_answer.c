// SPDX-License-Identifier: GPL-2.0
/*
 * What a road warrior's DHCPINFORM gets (dhcp_inform.h): its session's IKE SA names the
 * conn, the conn the identity, the identity the mode-config; its split-include and DNS.
 */
#include "ipsec/conn.h"
#include "ipsec/dhcp_inform.h"
#include "ipsec/identity_menu.h"
#include "ipsec/mode_config_menu.h"
#include "ipsec/sas.h"
#include "ipsec/session.h"

bool ipsec_dhcp_answer_for(uint32_t vip, struct ipsec_dhcp_answer *out)
{
	const struct ipsec_session *s = ipsec_session_by_addr(vip);
	const struct ipsec_identity_cfg *id;
	const struct ipsec_mode_config_cfg *mc;
	const struct ipsec_ike_sa *sa;

	if (!s || s->cause || !(sa = ipsec_sas_find(s->ike_id)))
		return false;	/* ending, or charon no longer has it */
	id = ipsec_conn_identity(sa->conn);
	mc = id && id->mode_config ? ipsec_mode_config_find(id->mode_config) : NULL;
	if (!mc || !mc->responder)
		return true;	/* a session still: an answer with nothing to add */
	out->nroutes = ipsec_dhcp_parse_networks(mc->split_include, out->routes,
						 IPSEC_DHCP_ROUTES_MAX);
	out->ndns = ipsec_mode_config_dns(mc, out->dns, IPSEC_DHCP_DNS_MAX);
	return true;
}
