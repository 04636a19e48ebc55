/* SPDX-License-Identifier: GPL-2.0 */
/* What the parts of a link (link.c, teardown.c, policy.c, bringup.c, server.c) share. */
#ifndef SLUICED_PPP_LINK_INT_H
#define SLUICED_PPP_LINK_INT_H

#include <stddef.h>
#include "ppp/profile_menu.h"
#include "ppp/proto.h"

struct auth_secret;

#define SETUP_MS 60000		/* from the call to the link being up */

/* the link a timer of it belongs to: member names the timer in struct ppp_link */
#define link_of_timer(t, member) \
	((struct ppp_link *)((char *)(t) - offsetof(struct ppp_link, member)))

/*
 * What differs between the two roles a link plays, chosen once when the link is made: the
 * authenticator (ppp/server.c: we serve the peer) or dial-out (ppp/client.c: we called).
 */
struct ppp_role_ops {
	/* the peer authenticates us (LCP); the address is the peer's to give; no pool
	 * address, limits or accounting; /ppp active shows outgoing=yes */
	bool dials_out;
	const struct ppp_fsm_ops *ipcp;
	const struct ppp_fsm_ops *ipv6cp;	/* NULL: IPv6CP is Protocol-Rejected */
	/* the role's settings and state, before the automatons start */
	int (*init)(struct ppp_link *l, const struct ppp_link_params *p);
	void (*release)(struct ppp_link *l);	/* what init took */
	void (*lcp_up)(struct ppp_link *l);	/* authentication, either way round */
	void (*auth_input)(struct ppp_link *l, uint16_t proto, const uint8_t *frame, size_t len);
	/* the MPPE start keys authentication gave */
	bool (*have_keys)(const struct ppp_link *l);
	/*
	 * Moves them out for SET_SESSION: nothing in sluiced needs them once the kernel has
	 * them (rekeying is the module's, CoA changes no keys), so the role's copy is wiped;
	 * have_keys stays true (CCP's Reset-Requests are still answered).
	 */
	void (*take_keys)(struct ppp_link *l, uint8_t send[16], uint8_t recv[16]);
	void (*name_interface)(struct ppp_link *l);
	void (*up)(struct ppp_link *l);		/* in the kernel, addressed and up */
	void (*down)(struct ppp_link *l);	/* ending: what the session held goes back */
};
extern const struct ppp_role_ops ppp_role_server, ppp_role_dial_out;

/* teardown.c */
void link_cancel_timers(struct ppp_link *l);	/* the link's own, not the automatons' */
void link_finish(struct ppp_link *l);		/* everything is down: tell the transport */
void link_hold_expired(struct loop_timer *t);
void link_later_expired(struct loop_timer *t);
void link_setup_expired(struct loop_timer *t);

/* policy.c */
void link_keepalive(struct loop_timer *t);
int link_only_one(struct ppp_link *l);	/* 1 refused, 2 wait, 0 go on */
enum ppp_encryption ppp_encryption_of(const struct ppp_profile_cfg *profile);
enum ppp_ipv6 ppp_ipv6_of(const struct ppp_profile_cfg *profile);
uint32_t ppp_mppe_strengths_of(const struct ppp_profile_cfg *profile);	/* MPPE_S... */
void link_limit_check(struct loop_timer *t);
void link_start_limits(struct ppp_link *l);
void link_interim(struct loop_timer *t);
void link_acct_start(struct ppp_link *l);
void link_acct_stop(struct ppp_link *l);

/* bringup.c */
int link_assign_addresses(struct ppp_link *l, const struct auth_secret *s);
void link_assign_prefix6(struct ppp_link *l);	/* and its IPv6 DNS servers */
void link_assign_pd6(struct ppp_link *l);	/* DHCPv6's prefix: RADIUS's, else dhcpv6-pd-pool */
void link_install_routes(struct ppp_link *l, const char *routes);
void link_name_interface(struct ppp_link *l);	/* <service-user> */
int link_push_kernel(struct ppp_link *l);
int link_push_rate(struct ppp_link *l);
int link_push_ipv6(struct ppp_link *l, bool up);	/* IPv6CP's word: the kernel, the link-locals */

/* server.c */
void server_replace_wait_expired(struct loop_timer *t);

#endif /* SLUICED_PPP_LINK_INT_H */
