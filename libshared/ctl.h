/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control-socket protocol between sluiced and pppctl.
 *
 * A SOCK_SEQPACKET UNIX socket, so every message is one record and framing is the kernel's.
 * Each record is a struct ctl_hdr followed by exactly hdr.len payload bytes. A client sends
 * CTL_REQ_COMMAND (payload: one or more command lines separated by '\n', UTF-8, no NUL);
 * the daemon runs them in order, stopping at the first that fails, and answers with any
 * number of CTL_REP_OUTPUT records (payload: text), a CTL_REP_PATH (payload: the menu the
 * connection is now in) if a line moved it, and one CTL_REP_DONE (payload: a big-endian
 * int32 status, 0 on success, else the 1-based number of the line that failed, or
 * CTL_APPLIED_NOT_SAVED when every line ran but the configuration file could not be
 * written; then an error message). The configuration is saved once per request, after its last line.
 * CTL_REQ_COMPLETE (payload: a partial line) is answered with CTL_REP_OUTPUT records of
 * candidates, one per line, and a CTL_REP_DONE. The current menu belongs to the connection.
 * Requests are answered in order. All integers are in network byte order.
 */
#ifndef SLUICE_CTL_H
#define SLUICE_CTL_H

#include <stddef.h>
#include <stdint.h>

#define CTL_SOCKET_PATH "/run/sluice/sluiced.sock"
#define CTL_GROUP "sluice"		/* members may use the socket besides root */
#define CTL_APPLIED_NOT_SAVED (-1)	/* CTL_REP_DONE status: live, not on disk */
#define CTL_MSG_MAX 65536		/* a record, header included */
#define CTL_PAYLOAD_MAX (CTL_MSG_MAX - (int)sizeof(struct ctl_hdr))

enum ctl_type {
	CTL_REQ_COMMAND = 1,
	CTL_REP_OUTPUT = 2,
	CTL_REP_DONE = 3,
	CTL_REQ_COMPLETE = 4,
	CTL_REP_PATH = 5,
};

/* Flags of CTL_REQ_COMMAND. */
#define CTL_F_JSON 0x0001		/* machine-readable output */
/* A script's first and last request (pppctl -f): it is all or nothing, references in it
 * are checked at its end (an empty request may carry either flag alone) */
#define CTL_F_SCRIPT_BEGIN 0x0002
#define CTL_F_SCRIPT_END 0x0004
#define CTL_F_KNOWN (CTL_F_JSON | CTL_F_SCRIPT_BEGIN | CTL_F_SCRIPT_END)

struct ctl_hdr {
	uint16_t type;
	uint16_t flags;
	uint32_t len;
};

struct ctl_msg {
	enum ctl_type type;
	uint16_t flags;
	const char *payload;		/* points into the decoded buffer */
	size_t len;
};

enum ctl_error {
	CTL_OK = 0,
	CTL_E_SHORT = -1,		/* fewer bytes than a header */
	CTL_E_LENGTH = -2,		/* header length disagrees with the record */
	CTL_E_TYPE = -3,		/* unknown message type */
	CTL_E_FLAGS = -4,		/* unknown flag bits */
	CTL_E_TOO_BIG = -5,		/* payload over CTL_PAYLOAD_MAX */
	CTL_E_DONE = -6,		/* CTL_REP_DONE without its status */
};

/* Encodes into buf (cap bytes); returns the record length or a negative enum ctl_error. */
int ctl_encode(void *buf, size_t cap, enum ctl_type type, uint16_t flags,
	       const void *payload, size_t len);
/* Encodes a CTL_REP_DONE with status and message (may be NULL). */
int ctl_encode_done(void *buf, size_t cap, int32_t status, const char *message);
/* Decodes one received record of n bytes; msg points into buf. */
enum ctl_error ctl_decode(const void *buf, size_t n, struct ctl_msg *msg);
/* Splits a decoded CTL_REP_DONE into its status and message (len may be 0). */
int32_t ctl_done_status(const struct ctl_msg *msg, const char **text, size_t *len);
const char *ctl_strerror(enum ctl_error e);

#endif /* SLUICE_CTL_H */
