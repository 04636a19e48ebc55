/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the dial-out clients (/interface pptp-client, /interface l2tp-client) share besides
 * the PPP client role: reading an item into struct ppp_client_conf, the jittered reconnect
 * backoff, the log line of a link coming up, and the status and monitor output. Each
 * transport keeps its own state machine; these are the parts an operator sees, so they read
 * the same whichever client it is.
 */
#ifndef SLUICED_PPP_DIALOUT_H
#define SLUICED_PPP_DIALOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "config.h"
#include "ppp/client.h"
#include "strbuf.h"

#define DIALOUT_BACKOFF_FIRST_MS 1000
#define DIALOUT_BACKOFF_MAX_MS 60000

struct ppp_link;

/* The item's settings as the link will use them; *server is connect-to, network order. */
void dialout_read_item(const struct cfg_menu *m, const struct cfg_item *it,
		       struct ppp_client_conf *conf, uint32_t *server);
/*
 * The next wait before dialling again: *step jittered to 75 %..125 % (so many clients do not
 * dial in step), *step then doubled up to DIALOUT_BACKOFF_MAX_MS. Logs why and how long,
 * under the client's log topic (LOG_T_PPTP, LOG_T_L2TP).
 */
unsigned int dialout_backoff(unsigned int topic, const char *name, const char *cause, unsigned int *step);
/* "connected: ppp0, 10.0.0.2 -> 10.0.0.1, MPPE128 stateless" */
void dialout_log_up(unsigned int topic, const char *name, const struct ppp_link *l);
/* "connected", "authenticating...", ... for a link that exists (NULL: "connecting...") */
const char *dialout_link_status(const struct ppp_link *l);
/* monitor's lines: status, and the link's if it is up, the last error while waiting. */
void dialout_monitor(struct strbuf *out, const char *status, const struct ppp_link *l,
		     time_t up_since, bool waiting, const char *last_error, uint64_t redial_at);

#endif /* SLUICED_PPP_DIALOUT_H */
