/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PPTP control message codec (RFC 2637 section 2): bytes in, structs out and back. No
 * sockets, no state, no allocation; thread-safe.
 *
 * Every control message is a 12-byte header (Length, PPTP Message Type = 1, Magic Cookie,
 * Control Message Type, Reserved0 = 0) and a body whose layout, and so whose length, is fixed
 * by the control type: the Length field carries nothing that the type does not already say.
 * All fields are big-endian on the wire and in host order in the structs below.
 *
 * Reading a TCP stream:
 *
 *	n = pptp_msg_frame(buf, have);
 *	if (n == 0)		read more and call again
 *	else if (n < 0)		the stream cannot be trusted any more: close the connection
 *	else			buf[0..n) is one message: pptp_msg_parse(buf, n, &m), drop n bytes
 *
 * The framer judges only what decides where the next message starts: the Length field, the
 * Magic Cookie (which RFC 2637 has precisely so a receiver can tell it is still in step with
 * the stream) and, for a known control type, that Length is that type's length. It looks at
 * each field as soon as its bytes are there, so garbage is refused after 2, 8 or 10 bytes
 * rather than after waiting for a length it made up. A message of an unknown control type,
 * a PPTP Message Type other than 1, or a non-zero Reserved0 is still framed: its length is
 * sane, so the stream stays in step. pptp_msg_parse() then refuses it, and the caller may skip
 * a PPTP_E_UNKNOWN_TYPE message (a peer's extension costs nothing to ignore) while the other
 * refusals are worth closing for.
 *
 * Fixed-size string fields (host name, vendor, phone numbers, subaddress, call statistics)
 * are NUL-padded on the wire but need not be NUL-terminated: a 64-character host name fills
 * its field. The parser copies each up to its first NUL or the field's end into an array one
 * byte longer, so every string in a parsed message is terminated, and zero-fills the rest.
 * The bytes are copied as sent: anything that logs or prints them must escape them. The
 * length fields that travel next to some strings (Phone Number Length, Dialed/Dialing Number
 * Length) are reported as sent and never used to copy anything.
 *
 * Reserved fields in message bodies (Reserved1, Reserved2) are ignored when parsing and
 * written as zero. RFC 2637 says they MUST be 0, but nothing depends on them, and refusing a
 * peer for them buys nothing; Reserved0 in the header is checked, as is the magic, because a
 * non-zero value there means we are probably not reading a PPTP header at all.
 *
 * Roles: in the usual remote-access use the client is the PNS (it sends SCCRQ, OCRQ, CCRQ,
 * SLI) and the concentrator answers as the PAC (SCCRP, OCRP, CDN, WEN). The codec does not
 * care who sends what; the state machine does.
 */
#ifndef SLUICED_PPTP_MSG_H
#define SLUICED_PPTP_MSG_H

#include <stddef.h>
#include <stdint.h>

#define PPTP_PORT 1723			/* TCP */
#define PPTP_MAGIC 0x1A2B3C4D
#define PPTP_MSG_CONTROL 1		/* PPTP Message Type; 2 (management) was never defined */
#define PPTP_VERSION 0x0100		/* Protocol Version 1, revision 0 */
#define PPTP_HDR_LEN 12			/* Length .. Reserved0 */
#define PPTP_MSG_MAX 220		/* the longest message, Incoming-Call-Request */

/* Widths of the string fields on the wire; the struct arrays have one more byte for the NUL. */
#define PPTP_HOST_NAME_LEN 64
#define PPTP_VENDOR_LEN 64
#define PPTP_PHONE_LEN 64		/* Phone Number, Dialed Number, Dialing Number */
#define PPTP_SUBADDR_LEN 64
#define PPTP_STATS_LEN 128		/* Call Statistics */

/* Control Message Type. */
enum pptp_ctrl_type {
	PPTP_SCCRQ = 1,			/* Start-Control-Connection-Request, 156 bytes */
	PPTP_SCCRP = 2,			/* Start-Control-Connection-Reply, 156 */
	PPTP_STOPCCRQ = 3,		/* Stop-Control-Connection-Request, 16 */
	PPTP_STOPCCRP = 4,		/* Stop-Control-Connection-Reply, 16 */
	PPTP_ECHORQ = 5,		/* Echo-Request, 16 */
	PPTP_ECHORP = 6,		/* Echo-Reply, 20 */
	PPTP_OCRQ = 7,			/* Outgoing-Call-Request, 168 */
	PPTP_OCRP = 8,			/* Outgoing-Call-Reply, 32 */
	PPTP_ICRQ = 9,			/* Incoming-Call-Request, 220 */
	PPTP_ICRP = 10,			/* Incoming-Call-Reply, 24 */
	PPTP_ICCN = 11,			/* Incoming-Call-Connected, 28 */
	PPTP_CCRQ = 12,			/* Call-Clear-Request, 16 */
	PPTP_CDN = 13,			/* Call-Disconnect-Notify, 148 */
	PPTP_WEN = 14,			/* WAN-Error-Notify, 40 */
	PPTP_SLI = 15,			/* Set-Link-Info, 24 */
};
#define PPTP_CTRL_TYPE_MAX PPTP_SLI

/* Framing and Bearer Capabilities of SCCRQ and SCCRP: bits. */
#define PPTP_FRAMING_CAP_ASYNC 0x1
#define PPTP_FRAMING_CAP_SYNC 0x2
#define PPTP_BEARER_CAP_ANALOG 0x1
#define PPTP_BEARER_CAP_DIGITAL 0x2

/* Framing Type of OCRQ and ICCN, Bearer Type of OCRQ and ICRQ: values (3 = either). */
#define PPTP_FRAMING_ASYNC 1
#define PPTP_FRAMING_SYNC 2
#define PPTP_FRAMING_ANY 3
#define PPTP_BEARER_ANALOG 1
#define PPTP_BEARER_DIGITAL 2
#define PPTP_BEARER_ANY 3

/* Result Code of SCCRP. */
#define PPTP_SCCRP_OK 1			/* successful channel establishment */
#define PPTP_SCCRP_GENERAL_ERROR 2	/* Error Code says why */
#define PPTP_SCCRP_EXISTS 3		/* command channel already exists */
#define PPTP_SCCRP_NOT_AUTHORIZED 4	/* requester not authorized */
#define PPTP_SCCRP_BAD_VERSION 5	/* protocol version not supported */

/* Reason of StopCCRQ. */
#define PPTP_STOP_NONE 1		/* general request to clear the control connection */
#define PPTP_STOP_PROTOCOL 2		/* can't support the peer's protocol version */
#define PPTP_STOP_LOCAL_SHUTDOWN 3	/* requester is being shut down */

/* Result Code of StopCCRP. */
#define PPTP_STOPCCRP_OK 1
#define PPTP_STOPCCRP_GENERAL_ERROR 2

/* Result Code of Echo-Reply. */
#define PPTP_ECHORP_OK 1
#define PPTP_ECHORP_GENERAL_ERROR 2

/* Result Code of OCRP. */
#define PPTP_OCRP_CONNECTED 1
#define PPTP_OCRP_GENERAL_ERROR 2
#define PPTP_OCRP_NO_CARRIER 3
#define PPTP_OCRP_BUSY 4
#define PPTP_OCRP_NO_DIAL_TONE 5
#define PPTP_OCRP_TIMEOUT 6
#define PPTP_OCRP_DO_NOT_ACCEPT 7	/* administratively prohibited */

/* Result Code of ICRP. */
#define PPTP_ICRP_CONNECT 1
#define PPTP_ICRP_GENERAL_ERROR 2
#define PPTP_ICRP_DO_NOT_ACCEPT 3

/* Result Code of CDN. */
#define PPTP_CDN_LOST_CARRIER 1
#define PPTP_CDN_GENERAL_ERROR 2
#define PPTP_CDN_ADMIN_SHUTDOWN 3
#define PPTP_CDN_REQUEST 4		/* answering a Call-Clear-Request */

/* Error Code of every reply whose Result Code is "general error" (RFC 2637 section 2.16). */
#define PPTP_EC_NONE 0
#define PPTP_EC_NOT_CONNECTED 1		/* no control connection yet */
#define PPTP_EC_BAD_FORMAT 2		/* Length wrong or Magic Cookie incorrect */
#define PPTP_EC_BAD_VALUE 3		/* a field out of range, or a reserved field not zero */
#define PPTP_EC_NO_RESOURCE 4
#define PPTP_EC_BAD_CALL_ID 5
#define PPTP_EC_PAC_ERROR 6		/* vendor-specific */

struct pptp_sccrq {
	uint16_t version;		/* PPTP_VERSION */
	uint32_t framing_caps;		/* PPTP_FRAMING_CAP_* */
	uint32_t bearer_caps;		/* PPTP_BEARER_CAP_* */
	uint16_t max_channels;		/* PPP sessions a PAC can carry; pptp-linux sends 65535 */
	uint16_t firmware_rev;
	char host_name[PPTP_HOST_NAME_LEN + 1];
	char vendor[PPTP_VENDOR_LEN + 1];
};

/* Where SCCRQ has Reserved1, SCCRP has its Result and Error Codes. */
struct pptp_sccrp {
	uint16_t version;
	uint8_t result;			/* PPTP_SCCRP_* */
	uint8_t error;			/* PPTP_EC_* */
	uint32_t framing_caps;
	uint32_t bearer_caps;
	uint16_t max_channels;
	uint16_t firmware_rev;
	char host_name[PPTP_HOST_NAME_LEN + 1];
	char vendor[PPTP_VENDOR_LEN + 1];
};

struct pptp_stopccrq {
	uint8_t reason;			/* PPTP_STOP_* */
};

struct pptp_stopccrp {
	uint8_t result;			/* PPTP_STOPCCRP_* */
	uint8_t error;
};

struct pptp_echorq {
	uint32_t id;			/* echoed in the reply */
};

struct pptp_echorp {
	uint32_t id;
	uint8_t result;			/* PPTP_ECHORP_* */
	uint8_t error;
};

struct pptp_ocrq {
	uint16_t call_id;		/* the sender's; the peer's GRE packets carry it */
	uint16_t call_serial;
	uint32_t min_bps;
	uint32_t max_bps;
	uint32_t bearer_type;		/* PPTP_BEARER_* */
	uint32_t framing_type;		/* PPTP_FRAMING_* */
	uint16_t recv_window;		/* Packet Recv. Window Size */
	uint16_t processing_delay;	/* in 1/10 s */
	uint16_t phone_len;		/* as sent; not checked against phone */
	char phone[PPTP_PHONE_LEN + 1];
	char subaddress[PPTP_SUBADDR_LEN + 1];
};

struct pptp_ocrp {
	uint16_t call_id;
	uint16_t peer_call_id;		/* the Call ID of the OCRQ answered */
	uint8_t result;			/* PPTP_OCRP_* */
	uint8_t error;
	uint16_t cause;			/* Q.931 cause, or 0 */
	uint32_t connect_speed;
	uint16_t recv_window;
	uint16_t processing_delay;
	uint32_t channel_id;		/* Physical Channel ID, vendor-specific */
};

struct pptp_icrq {
	uint16_t call_id;
	uint16_t call_serial;
	uint32_t bearer_type;		/* Call Bearer Type */
	uint32_t channel_id;
	uint16_t dialed_len;		/* as sent */
	uint16_t dialing_len;		/* as sent */
	char dialed[PPTP_PHONE_LEN + 1];	/* the number the caller dialed (DNIS) */
	char dialing[PPTP_PHONE_LEN + 1];	/* the caller's number (CLID) */
	char subaddress[PPTP_SUBADDR_LEN + 1];
};

/* RFC 2637 calls the delay "Packet Transmit Delay" in ICRP and ICCN, "Processing" in OC*. */
struct pptp_icrp {
	uint16_t call_id;
	uint16_t peer_call_id;
	uint8_t result;			/* PPTP_ICRP_* */
	uint8_t error;
	uint16_t recv_window;
	uint16_t transmit_delay;
};

struct pptp_iccn {
	uint16_t peer_call_id;
	uint32_t connect_speed;
	uint16_t recv_window;
	uint16_t transmit_delay;
	uint32_t framing_type;		/* PPTP_FRAMING_* */
};

struct pptp_ccrq {
	uint16_t call_id;		/* the sender's own Call ID, not the peer's */
};

struct pptp_cdn {
	uint16_t call_id;		/* the sender's own Call ID */
	uint8_t result;			/* PPTP_CDN_* */
	uint8_t error;
	uint16_t cause;
	char stats[PPTP_STATS_LEN + 1];	/* Call Statistics, vendor-specific text */
};

struct pptp_wen {
	uint16_t peer_call_id;
	uint32_t crc_errors;
	uint32_t framing_errors;
	uint32_t hw_overruns;
	uint32_t buffer_overruns;
	uint32_t timeout_errors;
	uint32_t alignment_errors;
};

struct pptp_sli {
	uint16_t peer_call_id;
	uint32_t send_accm;
	uint32_t recv_accm;
};

/*
 * One control message. type says which member of the union is valid. The parser zeroes the
 * whole struct first and zero-fills every string past its NUL, so two messages parsed from
 * the same bytes, or from bytes that differ only in ignored reserved fields and in what
 * follows a string's NUL, compare equal with memcmp().
 */
struct pptp_msg {
	enum pptp_ctrl_type type;
	union {
		struct pptp_sccrq sccrq;
		struct pptp_sccrp sccrp;
		struct pptp_stopccrq stopccrq;
		struct pptp_stopccrp stopccrp;
		struct pptp_echorq echorq;
		struct pptp_echorp echorp;
		struct pptp_ocrq ocrq;
		struct pptp_ocrp ocrp;
		struct pptp_icrq icrq;
		struct pptp_icrp icrp;
		struct pptp_iccn iccn;
		struct pptp_ccrq ccrq;
		struct pptp_cdn cdn;
		struct pptp_wen wen;
		struct pptp_sli sli;
	};
};

/* Why a message was refused; every value but PPTP_OK is negative. */
enum pptp_error {
	PPTP_OK = 0,
	PPTP_E_SHORT = -1,		/* fewer bytes than the header, or than its Length */
	PPTP_E_LENGTH = -2,		/* Length < 12, > PPTP_MSG_MAX, or < the bytes given */
	PPTP_E_MAGIC = -3,		/* Magic Cookie not PPTP_MAGIC */
	PPTP_E_MSG_TYPE = -4,		/* PPTP Message Type not PPTP_MSG_CONTROL */
	PPTP_E_TYPE_LENGTH = -5,	/* Length not the fixed length of the control type */
	PPTP_E_RESERVED = -6,		/* Reserved0 not zero */
	PPTP_E_UNKNOWN_TYPE = -7,	/* Control Message Type not 1..15 */
	PPTP_E_NOSPACE = -8,		/* builder: the buffer is smaller than the message */
};

/*
 * Frames the next message of a TCP stream whose first n received bytes are at buf. Returns the
 * message's length (> 0) when all of it is there, 0 when more bytes are needed, or a negative
 * enum pptp_error (PPTP_E_LENGTH, PPTP_E_MAGIC, PPTP_E_TYPE_LENGTH) when the stream is bad.
 * Never reads past buf[n - 1], nor past the message it frames.
 */
int pptp_msg_frame(const void *buf, size_t n);

/*
 * Parses exactly one message: n must be its Length (what pptp_msg_frame() returned). Returns
 * PPTP_OK with *m filled in, or why the message was refused. On refusal *m is zeroed, except
 * that m->type holds the Control Message Type as sent whenever n covers the header, for logs.
 */
enum pptp_error pptp_msg_parse(const void *buf, size_t n, struct pptp_msg *m);

/*
 * Builds m into buf (cap bytes): the header, m's fields in network order, strings NUL-padded
 * (and cut at their field's width if the array was filled without a NUL), reserved fields
 * zero. Returns the message length or PPTP_E_UNKNOWN_TYPE / PPTP_E_NOSPACE.
 */
int pptp_msg_build(const struct pptp_msg *m, void *buf, size_t cap);

/* The fixed length of a control type, 0 if the type is unknown. */
size_t pptp_msg_length(unsigned int type);
/* "SCCRQ", "OCRP", ... for logs; "unknown" if the type is not 1..15. */
const char *pptp_msg_name(unsigned int type);
const char *pptp_msg_strerror(enum pptp_error e);
/* The Error Code (PPTP_EC_*) to send back to a peer whose message was refused with e. */
uint8_t pptp_msg_error_code(enum pptp_error e);

#endif /* SLUICED_PPTP_MSG_H */
