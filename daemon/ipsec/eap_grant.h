/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an EAP road warrior gets (docs/ipsec.md "EAP road warriors"): the hooks of
 * ipsec/eap_server.h. A conversation belongs to the identity whose conn charon names in
 * NAS-Port-Id; it is relayed to the /radius servers of service=ipsec when there are any,
 * else checked against the /ppp secrets (service ipsec or any). On success the user gets
 * an address from the one allocator (the upstream's Framed-IP-Address, the secret's
 * remote-address, or one from the mode-config's address-pool), the Session-Timeout of its
 * profile (or the upstream's), and only-one is applied across PPP and IKE. The address is
 * held for the IKE SA charon names in NAS-Port until the session claims it; one that no
 * session claims within IPSEC_EAP_GRANT_MS goes back.
 */
#ifndef SLUICED_IPSEC_EAP_GRANT_H
#define SLUICED_IPSEC_EAP_GRANT_H

#include <stdbool.h>
#include <stdint.h>

#define IPSEC_EAP_GRANT_MS 60000
#define IPSEC_EAP_GRANTS_MAX 4096

/* Sets eap_server's hooks. */
void ipsec_eap_grant_init(void);
/* Every held address back. */
void ipsec_eap_grant_done(void);
/* What a session takes over from its grant. */
struct ipsec_eap_claim {
	unsigned int timeout;		/* Session-Timeout, seconds; 0 none */
	bool from_radius;		/* RADIUS admitted the user */
	uint8_t class_[253];		/* the upstream's Class, echoed in accounting */
	size_t class_len;
};

/*
 * The IKE SA ike_id came up with virtual IP vip (network order): true if that address was
 * granted by us (the session gives it back with ipam_release when it ends). What else was
 * granted goes into *out (untouched if no grant is found).
 */
bool ipsec_eap_grant_claim(uint32_t ike_id, uint32_t vip, struct ipsec_eap_claim *out);

#endif /* SLUICED_IPSEC_EAP_GRANT_H */
