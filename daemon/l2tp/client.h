/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L2TP client (/interface l2tp-client): sluice dials out as the LAC, one tunnel and one
 * call per item, reconnecting with backoff (see client.c).
 */
#ifndef SLUICED_L2TP_CLIENT_H
#define SLUICED_L2TP_CLIENT_H

/* The menu changed (or the daemon started): dial, stop or redial as the items say. */
void l2tp_client_apply(void);
/* Daemon shutdown: every tunnel cleared at once, everything freed. */
void l2tp_client_stop(void);

#endif /* SLUICED_L2TP_CLIENT_H */
