/* SPDX-License-Identifier: GPL-2.0 */
/* The PPTP server (/interface pptp-server server): control connections on TCP 1723. */
#ifndef SLUICED_PPTP_SERVER_H
#define SLUICED_PPTP_SERVER_H

/* Listens or stops listening as enabled= says; call after configuration changes. */
void pptp_server_apply(void);
/* Ends every call and connection (daemon shutdown). */
void pptp_server_stop(void);

#endif /* SLUICED_PPTP_SERVER_H */
