/* SPDX-License-Identifier: GPL-2.0 */
/* /ppp active and /ip pool used: the links as views for the CLI (see admin/config.h). */
#ifndef SLUICED_PPP_VIEWS_H
#define SLUICED_PPP_VIEWS_H

struct cfg_menu;

/* /ppp active: print, where and remove work on it as on any menu */
void ppp_active_view(struct cfg_menu *v);
/* ends the session whose session-id this is: admin-reset */
void ppp_active_remove_id(const char *session_id);
/* /ip pool used: the addresses sessions hold, and who holds them */
void ppp_pool_used_view(struct cfg_menu *v);

#endif /* SLUICED_PPP_VIEWS_H */
