/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A vici client on sluiced's loop (docs/ipsec.md): two connections to charon's unix socket,
 * both non-blocking.
 *
 * - Commands: requests are queued and sent one at a time (vici has no request ids, so a
 *   reply belongs to the one request in flight); each gets exactly one callback: the reply,
 *   or an error. A streamed command (list-sas, list-conns, ...) registers its event on the
 *   command connection, takes the EVENT packets charon sends before the CMD_RESPONSE, and
 *   unregisters, as the protocol wants.
 * - Events: the names given at creation (ike-updown, child-updown, ike-rekey, child-rekey)
 *   are registered on the second connection and each EVENT goes to the owner.
 *
 * charon going away (either connection closing), a request timing out or charon breaking
 * the protocol (a reply nobody waits for, a bad segment) closes both connections: every
 * request still queued fails with -ECONNRESET (the one that timed out with -ETIMEDOUT), the
 * owner hears "down", and reconnection is tried with a doubling backoff. "up" comes once
 * both connections are open and the events are registered: the owner then loads
 * everything again, since charon may have restarted empty.
 *
 * Every reply is parsed strictly (vici_msg.h): a malformed message fails its request with
 * -EBADMSG; CMD_UNKNOWN fails it with -EOPNOTSUPP; an unknown event name at registration is
 * logged and left out. Callbacks run from the loop, never from inside a call into this API;
 * they may queue requests but must not free the client.
 */
#ifndef SLUICED_IPSEC_VICI_H
#define SLUICED_IPSEC_VICI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ipsec/vici_msg.h"

struct vici_client;

struct vici_client_ops {
	/* charon reachable (true: reload everything) or gone (false); only changes are told */
	void (*state)(void *owner, bool up);
	/* a registered event; msg is valid during the call only */
	void (*event)(void *owner, const char *name, const struct vici_msg *msg);
};

struct vici_config {
	const char *socket_path;	/* charon's vici socket, a unix socket path */
	const char *const *events;	/* NULL-terminated names for the event connection */
	unsigned int backoff_min_ms;	/* first retry after a failure (0: 100 ms) */
	unsigned int backoff_max_ms;	/* the longest wait (0: 5 s) */
	unsigned int setup_timeout_ms;	/* connecting and registering the events (0: 5 s) */
	unsigned int max_queue;		/* requests waiting at most (0: 1024) */
	/* every reply and event is parsed within these (zeros: vici_msg.h's defaults;
	 * get-pools with leases of a large pool may want more elements) */
	struct vici_limits limits;
};

struct vici_stats {
	unsigned long ups, downs;	/* state changes told to the owner */
	unsigned long attempts, attempt_failures;
	unsigned long requests, replies, timeouts, unknown_commands, unknown_events;
	unsigned long events;		/* delivered to the owner (the event connection) */
	unsigned long stream_events;	/* delivered to streamed requests */
	unsigned long stray_events;	/* on the command connection, for nobody: dropped */
	unsigned long bad_messages;	/* messages refused by the parser */
	unsigned long protocol_errors;	/* connections closed for breaking the protocol */
};

/* The reply (err 0) or why there is none (negative errno); reply is valid during the call. */
typedef void (*vici_reply_cb)(void *arg, int err, const struct vici_msg *reply);
/* One event of a streamed command's stream. */
typedef void (*vici_stream_cb)(void *arg, const struct vici_msg *event);

/* Starts connecting at once (from the loop). NULL on a bad configuration or no memory. */
struct vici_client *vici_client_new(const struct vici_config *cfg,
				    const struct vici_client_ops *ops, void *owner);
/* Closes everything; requests pending get -ECANCELED. Not from the client's callbacks. */
void vici_client_free(struct vici_client *c);
bool vici_client_is_up(const struct vici_client *c);
const struct vici_stats *vici_client_stats(const struct vici_client *c);

/*
 * Queues a command. msg: its message (a finished builder, copied), NULL for an empty one;
 * timeout_ms from when it is sent to its reply (0: 10 s). 0, or -ENOTCONN (down: the owner
 * loads everything at the next "up" anyway), -ENOBUFS (queue full), -EINVAL, -ENOMEM; the
 * callback is called only after a 0.
 */
int vici_request(struct vici_client *c, const char *cmd, const struct vici_builder *msg,
		 unsigned int timeout_ms, vici_reply_cb done, void *arg);
/*
 * The same for a streamed command: each event named stream_event (list-sa for list-sas)
 * goes to each(), then done() gets the closing reply; done() gets -EBADMSG instead when
 * one of the stream's events was malformed (what was listed is incomplete).
 */
int vici_request_stream(struct vici_client *c, const char *cmd, const char *stream_event,
			const struct vici_builder *msg, unsigned int timeout_ms,
			vici_stream_cb each, vici_reply_cb done, void *arg);
/* The requests made with arg are still sent and answered, but call nobody any more. */
void vici_forget(struct vici_client *c, void *arg);

#endif /* SLUICED_IPSEC_VICI_H */
