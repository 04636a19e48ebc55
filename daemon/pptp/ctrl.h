/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PPTP control connection (RFC 2637 §1.3): the TCP stream to port 1723, framed into
 * messages, with its send queue and its Echo keepalive. Both roles use it: the server (PAC,
 * pptp/server.c) attaches the connections it accepts, the dial-out client (PNS,
 * pptp/client.c) connects its own. The role sees whole, parsed messages and one "lost" call
 * with the reason; Echo-Request and -Reply are answered here once the role says the
 * connection is established.
 */
#ifndef SLUICED_PPTP_CTRL_H
#define SLUICED_PPTP_CTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/loop.h"
#include "pptp/msg.h"

#define PPTP_ECHO_IDLE_MS 60000	/* RFC 2637: an Echo-Request after 60 s of silence */

/* Why a connection became unusable. */
enum pptp_ctrl_end {
	PPTP_CTRL_UNREACHABLE,	/* the outgoing TCP connect failed */
	PPTP_CTRL_CLOSED,	/* closed by the peer, or a socket error */
	PPTP_CTRL_MALFORMED,	/* a message that does not frame or parse */
	PPTP_CTRL_SILENT,	/* no Echo-Reply within PPTP_ECHO_IDLE_MS */
};

struct pptp_ctrl;

struct pptp_ctrl_ops {
	/* The outgoing connect completed (client only); local_addr is known now. */
	void (*connected)(struct pptp_ctrl *ctrl);
	/* One message; Echo-Request/-Reply only while the connection is not yet established. */
	void (*message)(struct pptp_ctrl *ctrl, const struct pptp_msg *m);
	/* The connection cannot go on; the role closes it (pptp_ctrl_close) or frees it. */
	void (*lost)(struct pptp_ctrl *ctrl, enum pptp_ctrl_end end, const char *why);
	/* Optional: PPTP_ECHO_IDLE_MS of silence; true if the role dealt with it instead. */
	bool (*idle)(struct pptp_ctrl *ctrl);
};

struct pptp_ctrl {
	struct loop_fd w;		/* first: the loop hands us &w; fd -1 when closed */
	const struct pptp_ctrl_ops *ops;
	const char *tag;		/* for log lines: the role's name for this connection */
	uint32_t local_addr, peer_addr;
	unsigned long gen;		/* counts closes: a callback may close, even reconnect */
	bool connecting, established;
	uint8_t in[PPTP_MSG_MAX * 2];
	size_t in_len;
	uint8_t *out;
	size_t out_len, out_max;
	struct loop_timer echo;
	uint32_t echo_id;
	bool echo_outstanding;
};

/* Once per object: nothing open yet; at most out_max bytes queued for a slow peer. */
void pptp_ctrl_init(struct pptp_ctrl *ctrl, const struct pptp_ctrl_ops *ops, const char *tag,
		    size_t out_max);
/* Takes an accepted socket (non-blocking); 0 or a negative errno (fd is not closed then). */
int pptp_ctrl_attach(struct pptp_ctrl *ctrl, int fd, uint32_t peer_addr);
/* Starts a TCP connect to server:1723; ops->connected or ops->lost follows. 0 or -errno. */
int pptp_ctrl_connect(struct pptp_ctrl *ctrl, uint32_t server);
/* Answer echoes from now on and keep the connection alive with our own. */
void pptp_ctrl_established(struct pptp_ctrl *ctrl);
/* Stop sending echoes (a connection being stopped waits for its own deadline). */
void pptp_ctrl_quiet(struct pptp_ctrl *ctrl);
/*
 * Queues and sends one message: 0, -ENOTCONN if closed, -ENOBUFS if the peer has not read
 * out_max bytes (the role decides what that means), -ENOMEM or -EINVAL.
 */
int pptp_ctrl_send(struct pptp_ctrl *ctrl, const struct pptp_msg *m);
/* Closes the socket, drops both buffers; the object can connect or attach again. */
void pptp_ctrl_close(struct pptp_ctrl *ctrl);

static inline bool pptp_ctrl_is_open(const struct pptp_ctrl *ctrl)
{
	return ctrl->w.fd >= 0;
}

#endif /* SLUICED_PPTP_CTRL_H */
