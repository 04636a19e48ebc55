/* SPDX-License-Identifier: GPL-2.0 */
/* The PPTP server (/interface pptp-server server): control connections on TCP 1723. */
#ifndef SLUICED_PPTP_SERVER_H
#define SLUICED_PPTP_SERVER_H

/* Listens or stops listening as enabled= says; call after configuration changes. */
void pptp_server_apply(void);
/*
 * Takes a connected TCP socket as if accepted on port 1723 (the listener's path; the
 * fuzzer's way in). 0, or -errno: then fd is the caller's to close.
 */
struct sockaddr_in;
int pptp_server_adopt(int fd, const struct sockaddr_in *peer);
/* Ends every call and connection (daemon shutdown). */
void pptp_server_stop(void);

#endif /* SLUICED_PPTP_SERVER_H */
