/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dial-out clients' common half (/interface pptp-client, /interface l2tp-client): the
 * menu's items, each one client that stays connected while enabled; the reconnect backoff
 * (1 s doubling to 60 s, jittered 75-125 % so many clients do not dial in step, reset once a
 * link came up); a settings change redialling with the new settings; disable and remove
 * ending cleanly; the PPP link's callbacks; print's R flag and monitor. The transport
 * (pptp/client.c, l2tp/client.c) brings the connection up and down through struct
 * dialout_class and tells us when it is down.
 *
 * Life of a client: IDLE -> cls->dial() (ACTIVE) -> ... the transport makes the kernel
 * session and the link (dialout_link_params(), dialout_link_ops) ... any end -> the
 * transport tears down and calls dialout_went_down() -> BACKOFF -> ACTIVE again, or IDLE if
 * disabled or removed. A removed client is freed from a 0 ms timer once IDLE, never inside a
 * callback. The link's end arms cls->reap (a 0 ms timer) for the transport to free the link
 * and clear its call.
 */
#ifndef SLUICED_PPP_DIALOUT_H
#define SLUICED_PPP_DIALOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "admin/config.h"
#include "core/loop.h"
#include "ppp/client.h"
#include "strbuf.h"

#define DIALOUT_BACKOFF_FIRST_MS 1000
#define DIALOUT_BACKOFF_MAX_MS 60000

struct ppp_link;
struct ppp_link_ops;
struct dialout;

enum dialout_state {
	DIALOUT_IDLE,			/* disabled, removed, or never enabled */
	DIALOUT_BACKOFF,		/* waiting to dial again */
	DIALOUT_ACTIVE,			/* the transport's: connecting, up, or ending */
};

struct dialout_class {
	struct cfg_menu *menu;	/* its items: /interface pptp-client, ... */
	unsigned int log_topic;		/* LOG_T_PPTP, LOG_T_L2TP */
	size_t size;			/* of the transport's client, struct dialout first */
	/* A new client, zeroed but for struct dialout: the transport's fields (fds, timers). */
	void (*init)(struct dialout *d);
	/* Connect (d->state is ACTIVE). A failure may call dialout_went_down() at once. */
	void (*dial)(struct dialout *d);
	/* End the connection cleanly (LCP Terminate first if the link runs); cause is in
	 * d->cause. dialout_went_down() follows, now or later. */
	void (*stop)(struct dialout *d);
	/* The link ended (d->link_ended): free it, clear the call, dialout_went_down() later. */
	void (*reap)(struct dialout *d);
	/* Before d is freed: close what the transport holds. */
	void (*release)(struct dialout *d);
	/* Daemon shutdown: end everything at once, saying so to the server; release follows. */
	void (*shutdown)(struct dialout *d);
	/* Optional: the item read as the link's settings and the server, for a menu that is
	 * not laid out as ppp/dialout_menu.h's (PPPoE's has no connect-to) */
	void (*read_conf)(const struct cfg_item *it, struct ppp_client_conf *conf,
			  uint32_t *server);
	/* Optional: the transport's own settings of the item; true if they changed. */
	bool (*read_item)(struct dialout *d, const struct cfg_menu *m, const struct cfg_item *it);
	/* While ACTIVE: "connecting...", "terminating...", or dialout_link_status(). */
	const char *(*status)(const struct dialout *d);
	/* Optional: monitor's lines of the transport's own. */
	void (*monitor)(const struct dialout *d, struct strbuf *out);
	/* ours */
	struct dialout *clients;
	struct loop_timer sweep;
};

struct dialout {
	struct dialout *next;
	struct dialout_class *cls;
	char name[16];			/* the item's, and the interface's */
	struct ppp_client_conf conf;	/* as the item said when we last dialled */
	uint32_t server;		/* connect-to, network order */
	bool want;			/* the item is enabled: stay connected */
	bool restart;			/* settings changed: dial at once when down */
	bool removed;			/* the item is gone: free once down */
	bool seen;			/* apply: the item still exists */
	enum dialout_state state;
	struct ppp_link *link;		/* the transport's, made with dialout_link_ops */
	uint32_t session;		/* the call's kernel session id; 0 when there is none */
	bool link_ended;
	char cause[48];			/* why the last connection ended */
	struct loop_timer backoff, reap;
	unsigned int backoff_ms;
	uint64_t redial_at;		/* loop_now_ms() when the backoff ends */
	time_t up_since;
};

/* The link's callbacks for a struct dialout (its ctx). */
extern const struct ppp_link_ops dialout_link_ops;

/* The items as the menu now says: dial, stop, redial, remove. After every change. */
void dialout_apply(struct dialout_class *cls);
/* Daemon shutdown: every client ended at once and freed. */
void dialout_shutdown(struct dialout_class *cls);
/* The call's PPP link and kernel session go, if they exist. */
void dialout_free_call(struct dialout *d);
/* The transport has nothing left of the last connection: dial again, wait, or rest. */
void dialout_went_down(struct dialout *d);
/* A common client item as the link's settings and the server (what a transport's
 * read_conf builds on). */
struct dialout_cfg;
void dialout_read_conf(const struct dialout_cfg *c, struct ppp_client_conf *conf,
		       uint32_t *server);
/* The first reason given sticks until the next dial. */
void dialout_set_cause(struct dialout *d, const char *cause);
/* "connected", "authenticating...", ... for the link (NULL: "connecting..."). */
const char *dialout_link_status(const struct ppp_link *l);

#endif /* SLUICED_PPP_DIALOUT_H */
