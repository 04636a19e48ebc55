/* SPDX-License-Identifier: GPL-2.0 */
/* /ppp active and /ip pool used: the links as views for the CLI (see admin/config.h). */
#ifndef SLUICED_PPP_VIEWS_H
#define SLUICED_PPP_VIEWS_H

#include <stdbool.h>
#include <stdint.h>

struct cfg_menu;

/*
 * Sessions that are not PPP links but share their table (IKE road warriors, set by
 * ipsec/session.c at start): their rows follow the links' in both views, remove reaches
 * them by session-id.
 */
struct ppp_overrides;
struct ppp_other_sessions {
	void (*active_rows)(struct cfg_menu *v);
	/* /ppp active print stats: the same rows in the same order, with their counters */
	void (*stats_rows)(struct cfg_menu *v);
	void (*pool_rows)(struct cfg_menu *v);
	bool (*end)(uint32_t id, const char *cause);
	/*
	 * Dynamic authorization (radius/dae.c): the sessions with this Acct-Session-Id, user
	 * and Framed-IP (NULL or 0: not given; all given must match), counted; with act, a
	 * Disconnect (c NULL) ends them (admin-reset), a CoA applies c to them.
	 */
	size_t (*dae)(const char *sid, const char *user, uint32_t framed_ip, bool act,
		      const struct ppp_overrides *c);
	/* only-one: the user's live sessions, counted; ended for end_cause if not NULL */
	size_t (*of_user)(const char *user, const char *end_cause);
};
extern const struct ppp_other_sessions *ppp_other_sessions;

/* /ppp active: print, where and remove work on it as on any menu */
void ppp_active_view(struct cfg_menu *v);
/* /ppp active print stats: each session's counters (ppp/counters.h), rows as print's */
void ppp_active_stats_view(struct cfg_menu *v);
/* ends the session whose session-id this is: admin-reset */
void ppp_active_remove_id(const char *session_id);
/* /ip pool used: the addresses sessions hold, and who holds them */
void ppp_pool_used_view(struct cfg_menu *v);

#endif /* SLUICED_PPP_VIEWS_H */
