/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PPTP client (/interface pptp-client): sluice dials out, one control connection and one
 * call per enabled item, and keeps it connected (dialling again with backoff).
 */
#ifndef SLUICED_PPTP_CLIENT_H
#define SLUICED_PPTP_CLIENT_H

/* Starts, stops or restarts clients as the items now say; call after configuration changes. */
void pptp_client_apply(void);
/* Ends every client at once (daemon shutdown). */
void pptp_client_stop(void);

#endif /* SLUICED_PPTP_CLIENT_H */
