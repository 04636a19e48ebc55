/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PPP link's log lines: its tag first ("pptp 10.9.0.2 call 5: closing (user-request)"),
 * and for the journal the session's fields (core/log.h: SLUICE_SESSION=, SLUICE_USER=,
 * SLUICE_PEER=, SLUICE_SERVICE=), so `journalctl SLUICE_USER=alice` finds them.
 * link_info(l, "closing (%s)", l->cause) in place of log_info("%s: closing (%s)", l->p.tag, ...).
 */
#ifndef SLUICED_PPP_LINK_LOG_H
#define SLUICED_PPP_LINK_LOG_H

#include "core/log.h"
#include "ppp/link.h"

struct link_log_ctx {
	struct log_session s;
	char id[PPP_SESSION_ID_SIZE];
};

/* l's fields in c's storage; user: the name to file the line under, NULL for l->user */
static inline const struct log_session *link_log_session(const struct ppp_link *l,
							 const char *user,
							 struct link_log_ctx *c)
{
	ppp_session_id(l, c->id);
	c->s = (struct log_session){ .session = c->id, .user = user ? user : l->user,
				     .service = l->p.service, .peer = l->p.caller };
	return &c->s;
}

#define link_log_(l, user, from, prio, fmt, ...) \
	do { \
		struct link_log_ctx ctx_; \
		log_msg_session(link_log_session(l, user, &ctx_), from, LOG_TOPIC, prio, \
				"%s: " fmt, (l)->p.tag, ##__VA_ARGS__); \
	} while (0)
#define link_err(l, ...) link_log_(l, NULL, false, LOG_ERR, __VA_ARGS__)
#define link_warn(l, ...) link_log_(l, NULL, false, LOG_WARNING, __VA_ARGS__)
#define link_info(l, ...) link_log_(l, NULL, false, LOG_INFO, __VA_ARGS__)
#define link_debug(l, ...) link_log_(l, NULL, false, LOG_DEBUG, __VA_ARGS__)
/* accounting lines ("acct: start session=..."): their own text, the session's fields */
#define link_acct(l, fmt, ...) \
	do { \
		struct link_log_ctx ctx_; \
		log_msg_session(link_log_session(l, NULL, &ctx_), false, \
				LOG_TOPIC | LOG_T_ACCOUNT, LOG_INFO, fmt, ##__VA_ARGS__); \
	} while (0)
/* about what the peer sent, filed under the name it gave: limited per peer too */
#define link_info_as(l, user, ...) link_log_(l, user, true, LOG_INFO, __VA_ARGS__)

#endif /* SLUICED_PPP_LINK_LOG_H */
