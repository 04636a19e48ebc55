/* SPDX-License-Identifier: GPL-2.0 */
/* /interface pppoe-client: PPPoE sessions we open as a host (RFC 2516), PPP dialled out. */
#ifndef SLUICED_PPPOE_CLIENT_H
#define SLUICED_PPPOE_CLIENT_H

/* Starts, stops or restarts clients as the items now say; call after configuration changes. */
void pppoe_client_apply(void);
/* Ends every client at once (daemon shutdown). */
void pppoe_client_stop(void);

#endif /* SLUICED_PPPOE_CLIENT_H */
