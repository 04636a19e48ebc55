/* SPDX-License-Identifier: GPL-2.0 */
/* The L2TP server (/interface l2tp-server server): the LNS on UDP 1701. */
#ifndef SLUICED_L2TP_SERVER_H
#define SLUICED_L2TP_SERVER_H

/* use-ipsec's dynamic /ip ipsec peer (RouterOS's name for it) */
#define L2TP_IPSEC_PEER "l2tp-in-server"

/* Opens the socket and accepts tunnels, or stops accepting, as the menu says; call after
 * configuration changes. */
void l2tp_server_apply(void);
struct cfg_menu;
struct cfg_item;
struct strbuf;
/* monitor: tunnels, sessions and the counters of what was refused or dropped */
void l2tp_server_monitor(const struct cfg_menu *m, const struct cfg_item *it,
			 struct strbuf *out, int json);
/* Ends every session and tunnel (daemon shutdown). */
void l2tp_server_stop(void);

#endif /* SLUICED_L2TP_SERVER_H */
