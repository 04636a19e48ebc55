/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L2TPv2 codec (RFC 2661) for what sluiced sees on its UDP socket: the header every
 * packet starts with (section 3.1), control messages as lists of AVPs (sections 4 and 6),
 * hidden AVPs (4.3) and tunnel authentication (5.1.1). Bytes in, views out and back. No
 * sockets, no state, no allocation of its own; thread-safe. Hidden AVPs and challenge
 * responses need MD5, which OpenSSL's EVP computes (and allocates a digest context for);
 * nothing else here calls OpenSSL.
 *
 * The daemon owns UDP 1701; the kernel takes data messages (T=0) of the sessions it knows.
 * A datagram reaching the daemon is either a control message (l2tp_msg_parse()) or a data
 * message for a session the kernel does not know (l2tp_data_ids() says which).
 *
 * Reading a control message:
 *
 *	err = l2tp_msg_parse(buf, n, secret, secret_len, &m);
 *	OK			m.type, m.hdr, getters; m.zlb for a bare acknowledgement
 *	NO_SECRET		hidden AVPs and secret was NULL: the rest is readable (Host Name, to
 *				choose a secret) and buf untouched; parse again with the secret
 *				(which may still refuse: what a hidden AVP holds is not judged
 *				without it, nor whether it repeats another)
 *	MSG_TYPE_UNKNOWN	header valid (acknowledge Ns), content to be ignored (M=0)
 *	header reasons		(SHORT .. CONTROL) drop the datagram: not even Ns can be trusted
 *	the other reasons	the message is refused: m.hdr and m.type stay valid, and the tunnel
 *				(l2tp_msg_is_session() false) or the session must be cleared with a
 *				Result Code whose Error Code is l2tp_msg_error_code(err)
 *
 * l2tp_msg_describe() turns a refusal into one log line naming the message and the AVP.
 *
 * Decisions where RFC 2661 leaves room:
 * - A datagram is one message: Length must equal the bytes received (xl2tpd checks the same).
 * - Header bits marked x are ignored, as section 3.1 says; so is P on a control message (a
 *   sender's MUST with nothing for a receiver to do). L=0, S=0 or O=1 on a control message
 *   change where the fields are, so they are refused.
 * - An AVP is "unrecognized" (section 4.1) if a reserved bit is set, its Vendor ID is not 0,
 *   or its attribute is not one of RFC 2661's (20 is reserved): with M=1 the message is
 *   refused, with M=0 the AVP is skipped and counted in m.nignored.
 * - A recognized AVP that cannot be used (value of the wrong size or out of range, hidden with
 *   no Random Vector before it, hidden length that does not fit) follows the same M-bit rule:
 *   refused with M=1, skipped with M=0; if that AVP is one its message type must carry, the
 *   refusal names what was wrong with it rather than calling it missing.
 * - The same recognized attribute twice is refused whatever its M bit, Random Vector excepted
 *   (section 4.3 lets a message carry several): two Assigned Session IDs cannot both be
 *   believed. Which AVPs each message must carry is section 6's list; AVPs a message type
 *   does not list are accepted and reported like any other.
 * - Message Type (first, not hidden, 2 bytes) and Random Vector (never hidden: it is the key)
 *   are refused if hidden. Any other recognized AVP may arrive hidden, even one the RFC says
 *   MUST NOT be: if it decrypts, it is as good as clear.
 * - Section 4.3 pads the hidden subformat with random octets; our builder pads with zeros to
 *   a 16-octet boundary, the boundary xl2tpd pads to (a padding's only job is to hide the
 *   value's length, and its bytes, once XORed, tell nothing about the secret).
 *
 * Hidden AVPs are decrypted in place: a buffer parsed with a secret no longer holds the
 * message as received (parse it with the secret once). Everything a parsed message hands out
 * points into buf, so buf must outlive m. Peer-supplied strings (Host Name, Vendor Name,
 * numbers, Result Code messages) are bytes as sent: escape them before they reach a log.
 * Ids, sequence numbers and whether Tunnel ID 0 or Session ID 0 fits the message are the
 * state machine's business, not the codec's.
 */
#ifndef SLUICED_L2TP_MSG_H
#define SLUICED_L2TP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L2TP_PORT 1701			/* UDP */
#define L2TP_VERSION 2			/* Ver in the header */
#define L2TP_CTRL_HDR_LEN 12		/* a control header; also a ZLB's whole length */
#define L2TP_MSG_MAX 65535		/* Length is 16 bits */
#define L2TP_AVP_HDR_LEN 6
#define L2TP_AVP_LEN_MAX 1023		/* the AVP Length field is 10 bits */
#define L2TP_AVP_VALUE_MAX (L2TP_AVP_LEN_MAX - L2TP_AVP_HDR_LEN)
#define L2TP_HIDDEN_VALUE_MAX (L2TP_AVP_VALUE_MAX - 2)	/* after the Original Length */
#define L2TP_CHALLENGE_RESPONSE_LEN 16	/* MD5 */

/* The header's first word. x bits (0x3000, 0x0400, 0x00f0) are ignored on receipt. */
#define L2TP_HDR_T 0x8000		/* control message */
#define L2TP_HDR_L 0x4000		/* Length present */
#define L2TP_HDR_S 0x0800		/* Ns and Nr present */
#define L2TP_HDR_O 0x0200		/* Offset Size present */
#define L2TP_HDR_P 0x0100		/* priority (data only) */
#define L2TP_HDR_VER 0x000f
#define L2TP_HDR_CONTROL (L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S | L2TP_VERSION)

/* An AVP's first word: M, H, four reserved bits, a 10-bit Length. */
#define L2TP_AVP_M 0x8000		/* mandatory */
#define L2TP_AVP_H 0x4000		/* hidden */
#define L2TP_AVP_RESERVED 0x3c00
#define L2TP_AVP_LENGTH 0x03ff
#define L2TP_VENDOR_IETF 0

/* Message Type values (RFC 2661 section 3.2); 5 and 13 are reserved. */
enum l2tp_msg_type {
	L2TP_SCCRQ = 1,			/* Start-Control-Connection-Request */
	L2TP_SCCRP = 2,			/* ... -Reply */
	L2TP_SCCCN = 3,			/* ... -Connected */
	L2TP_STOPCCN = 4,		/* Stop-Control-Connection-Notification */
	L2TP_HELLO = 6,
	L2TP_OCRQ = 7,			/* Outgoing-Call-Request */
	L2TP_OCRP = 8,
	L2TP_OCCN = 9,
	L2TP_ICRQ = 10,			/* Incoming-Call-Request */
	L2TP_ICRP = 11,
	L2TP_ICCN = 12,
	L2TP_CDN = 14,			/* Call-Disconnect-Notify */
	L2TP_WEN = 15,			/* WAN-Error-Notify */
	L2TP_SLI = 16,			/* Set-Link-Info */
};
#define L2TP_MSG_TYPE_MAX L2TP_SLI

/* Attribute types of the IETF vendor (RFC 2661 section 4.4); 20 is reserved. */
enum l2tp_avp_type {
	L2TP_AVP_MESSAGE_TYPE = 0,	/* u16 */
	L2TP_AVP_RESULT_CODE = 1,	/* struct l2tp_result */
	L2TP_AVP_PROTOCOL_VERSION = 2,	/* ver, rev: 1, 0 */
	L2TP_AVP_FRAMING_CAPS = 3,	/* u32, L2TP_FRAMING_* bits */
	L2TP_AVP_BEARER_CAPS = 4,	/* u32, L2TP_BEARER_* bits */
	L2TP_AVP_TIE_BREAKER = 5,	/* u64 */
	L2TP_AVP_FIRMWARE_REVISION = 6,	/* u16 */
	L2TP_AVP_HOST_NAME = 7,		/* bytes, at least 1 */
	L2TP_AVP_VENDOR_NAME = 8,	/* bytes */
	L2TP_AVP_ASSIGNED_TUNNEL_ID = 9,	/* u16, not 0 */
	L2TP_AVP_RECEIVE_WINDOW_SIZE = 10,	/* u16 */
	L2TP_AVP_CHALLENGE = 11,	/* bytes, at least 1 */
	L2TP_AVP_Q931_CAUSE = 12,	/* struct l2tp_q931 */
	L2TP_AVP_CHALLENGE_RESPONSE = 13,	/* 16 bytes */
	L2TP_AVP_ASSIGNED_SESSION_ID = 14,	/* u16, not 0 */
	L2TP_AVP_CALL_SERIAL_NUMBER = 15,	/* u32 */
	L2TP_AVP_MINIMUM_BPS = 16,	/* u32 */
	L2TP_AVP_MAXIMUM_BPS = 17,	/* u32 */
	L2TP_AVP_BEARER_TYPE = 18,	/* u32, L2TP_BEARER_* bits */
	L2TP_AVP_FRAMING_TYPE = 19,	/* u32, L2TP_FRAMING_* bits */
	L2TP_AVP_CALLED_NUMBER = 21,	/* bytes */
	L2TP_AVP_CALLING_NUMBER = 22,	/* bytes */
	L2TP_AVP_SUB_ADDRESS = 23,	/* bytes */
	L2TP_AVP_TX_CONNECT_SPEED = 24,	/* u32; "(Tx) Connect Speed" */
	L2TP_AVP_PHYSICAL_CHANNEL_ID = 25,	/* u32 */
	L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ = 26,	/* bytes: LCP options as received */
	L2TP_AVP_LAST_SENT_LCP_CONFREQ = 27,	/* bytes */
	L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ = 28,	/* bytes */
	L2TP_AVP_PROXY_AUTHEN_TYPE = 29,	/* u16, L2TP_PROXY_AUTH_* */
	L2TP_AVP_PROXY_AUTHEN_NAME = 30,	/* bytes */
	L2TP_AVP_PROXY_AUTHEN_CHALLENGE = 31,	/* bytes, at least 1 */
	L2TP_AVP_PROXY_AUTHEN_ID = 32,	/* reserved byte, id byte */
	L2TP_AVP_PROXY_AUTHEN_RESPONSE = 33,	/* bytes */
	L2TP_AVP_CALL_ERRORS = 34,	/* struct l2tp_call_errors */
	L2TP_AVP_ACCM = 35,		/* reserved u16, send u32, receive u32 */
	L2TP_AVP_RANDOM_VECTOR = 36,	/* bytes, at least 1; never hidden */
	L2TP_AVP_PRIVATE_GROUP_ID = 37,	/* bytes */
	L2TP_AVP_RX_CONNECT_SPEED = 38,	/* u32 */
	L2TP_AVP_SEQUENCING_REQUIRED = 39,	/* no value */
};
#define L2TP_AVP_TYPE_MAX L2TP_AVP_SEQUENCING_REQUIRED

/* Protocol Version: version 1, revision 0. */
#define L2TP_PROTOCOL_VER 1
#define L2TP_PROTOCOL_REV 0
/* Framing Capabilities / Framing Type bits, Bearer Capabilities / Bearer Type bits. */
#define L2TP_FRAMING_SYNC 0x1
#define L2TP_FRAMING_ASYNC 0x2
#define L2TP_BEARER_DIGITAL 0x1
#define L2TP_BEARER_ANALOG 0x2
/* Proxy Authen Type values. */
#define L2TP_PROXY_AUTH_TEXT 1
#define L2TP_PROXY_AUTH_CHAP 2
#define L2TP_PROXY_AUTH_PAP 3
#define L2TP_PROXY_AUTH_NONE 4
#define L2TP_PROXY_AUTH_MSCHAP1 5

/* Result Code of StopCCN (section 4.4.2). */
#define L2TP_STOPCCN_CLEAR 1		/* general request to clear the control connection */
#define L2TP_STOPCCN_GENERAL_ERROR 2	/* Error Code says why */
#define L2TP_STOPCCN_EXISTS 3		/* control channel already exists */
#define L2TP_STOPCCN_NOT_AUTHORIZED 4
#define L2TP_STOPCCN_BAD_VERSION 5	/* Error Code: the highest version supported */
#define L2TP_STOPCCN_SHUTDOWN 6		/* requester is being shut down */
#define L2TP_STOPCCN_FSM_ERROR 7	/* finite state machine error */
/* Result Code of CDN. */
#define L2TP_CDN_LOST_CARRIER 1
#define L2TP_CDN_GENERAL_ERROR 2
#define L2TP_CDN_ADMIN 3		/* administrative reasons */
#define L2TP_CDN_NO_FACILITIES_TEMP 4
#define L2TP_CDN_NO_FACILITIES_PERM 5
#define L2TP_CDN_INVALID_DEST 6
#define L2TP_CDN_NO_CARRIER 7
#define L2TP_CDN_BUSY 8
#define L2TP_CDN_NO_DIAL_TONE 9
#define L2TP_CDN_TIMEOUT 10		/* not established within the time allotted */
#define L2TP_CDN_NO_FRAMING 11
/* General Error Codes, carried after a Result Code of "general error". */
#define L2TP_ERR_NONE 0
#define L2TP_ERR_NO_CONTROL 1		/* no control connection yet for this pair */
#define L2TP_ERR_LENGTH 2		/* length is wrong */
#define L2TP_ERR_BAD_VALUE 3		/* a field out of range or a reserved field non-zero */
#define L2TP_ERR_NO_RESOURCE 4
#define L2TP_ERR_BAD_SESSION 5		/* Session ID invalid in this context */
#define L2TP_ERR_VENDOR 6		/* generic vendor-specific error */
#define L2TP_ERR_TRY_ANOTHER 7
#define L2TP_ERR_UNKNOWN_M 8		/* unknown AVP with the M bit set */

/* Why a packet was refused, or a builder or getter failed; every value but L2TP_OK < 0. */
enum l2tp_error {
	L2TP_OK = 0,
	/* the header: drop the datagram */
	L2TP_E_SHORT = -1,		/* fewer bytes than the header, or than Length, needs */
	L2TP_E_LENGTH = -2,		/* Length shorter than the header, or not the datagram */
	L2TP_E_VERSION = -3,		/* Ver not 2 (nor 1 or 3) */
	L2TP_E_L2F = -4,		/* Ver 1: an L2F packet (RFC 2341) */
	L2TP_E_V3 = -5,			/* Ver 3: L2TPv3 (RFC 3931) */
	L2TP_E_CTRL_NO_LENGTH = -6,	/* T=1 and L=0 */
	L2TP_E_CTRL_NO_SEQUENCE = -7,	/* T=1 and S=0 */
	L2TP_E_CTRL_OFFSET = -8,	/* T=1 and O=1 */
	L2TP_E_OFFSET = -9,		/* data: Offset Size reaches past the end */
	L2TP_E_DATA = -10,		/* l2tp_msg_parse() handed a data message */
	L2TP_E_CONTROL = -11,		/* l2tp_data_ids() handed a control message */
	/* the message type: the header is sound */
	L2TP_E_FIRST_AVP = -12,		/* the first AVP is not Message Type */
	L2TP_E_MSG_TYPE_UNKNOWN = -13,	/* unknown Message Type, M=0: ignore the message */
	L2TP_E_MSG_TYPE_MANDATORY = -14,	/* unknown Message Type, M=1: clear the tunnel */
	/* the AVPs: refuse the message */
	L2TP_E_AVP_SHORT = -15,		/* 1 to 5 bytes after the last AVP */
	L2TP_E_AVP_LENGTH = -16,	/* AVP Length under 6 or past the end of the message */
	L2TP_E_AVP_UNKNOWN = -17,	/* unknown IETF attribute with M=1 */
	L2TP_E_AVP_VENDOR = -18,	/* vendor-specific AVP with M=1 */
	L2TP_E_AVP_RESERVED = -19,	/* reserved AVP bits set, M=1 */
	L2TP_E_AVP_SIZE = -20,		/* value length wrong for the attribute */
	L2TP_E_AVP_VALUE = -21,		/* value not allowed (an assigned id of 0, ...) */
	L2TP_E_AVP_DUPLICATE = -22,	/* the same attribute twice */
	L2TP_E_AVP_MISSING = -23,	/* an AVP the message type must carry is absent */
	L2TP_E_HIDDEN_NOT_ALLOWED = -24,	/* Message Type or Random Vector hidden */
	L2TP_E_HIDDEN_NO_VECTOR = -25,	/* hidden AVP with no Random Vector before it */
	L2TP_E_HIDDEN_LENGTH = -26,	/* Original Length does not fit: wrong secret? */
	L2TP_E_NO_SECRET = -27,		/* hidden AVPs, secret NULL (see above) */
	L2TP_E_CRYPTO = -28,		/* OpenSSL could not compute MD5 */
	/* builder, getters, helpers */
	L2TP_E_NOSPACE = -29,		/* the buffer is too small */
	L2TP_E_INVALID = -30,		/* a caller's mistake: see the function */
	L2TP_E_ABSENT = -31,		/* getter: the message has no such AVP */
	L2TP_E_AUTH = -32,		/* challenge response does not match */
};
#define L2TP_E_LAST L2TP_E_AUTH

/* Section 3.1's header, either kind. Fields a packet lacks are 0. */
struct l2tp_hdr {
	uint16_t flags;			/* the first word as sent: L2TP_HDR_* and Ver */
	uint16_t length;		/* Length if L, else the datagram's size */
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t ns, nr;		/* if S; a data message's Nr is reserved */
	uint16_t offset_size;		/* if O */
	uint16_t body;			/* where the AVPs or the PPP frame start (after any pad) */
	uint16_t body_len;
};

/*
 * One AVP. Iterating a parsed message, a hidden AVP's value is the Original Attribute Value,
 * decrypted, and len its Original Length; ignored says the parser skipped the AVP (see above),
 * encrypted that it is hidden and the message was parsed without a secret (value is then the
 * hidden subformat as sent). A raw iterator reports every AVP as on the wire.
 */
struct l2tp_avp {
	const uint8_t *value;
	uint16_t len;
	uint16_t vendor;
	uint16_t type;
	uint16_t flags;			/* L2TP_AVP_M, L2TP_AVP_H and reserved bits, as sent */
	uint16_t off;			/* of its header: in the message, or in the bytes given */
	bool ignored;
	bool encrypted;
	int8_t why;			/* if ignored: the enum l2tp_error it would have been */
};

/* Where a parsed message keeps each recognized attribute: the value's offset in buf, 0 if
 * absent. */
struct l2tp_avp_ref {
	uint16_t off;
	uint16_t len;
	uint16_t flags;			/* as sent */
	bool encrypted;
};

/*
 * A parsed control message. On refusal everything but hdr, type, zlb and the err_* fields
 * is unreliable; the getters refuse to read such a message (L2TP_E_INVALID).
 */
struct l2tp_msg {
	struct l2tp_hdr hdr;
	unsigned int type;		/* Message Type as sent; 0 for a ZLB */
	bool zlb;			/* Zero-Length Body: an acknowledgement only */
	bool type_mandatory;		/* the Message Type AVP's M bit */
	bool decrypted;			/* parsed with a secret */
	uint16_t navps;			/* AVPs, Message Type included */
	uint16_t nignored;		/* AVPs skipped (M=0) */
	uint16_t nhidden;		/* hidden AVPs among those used */
	int status;			/* what l2tp_msg_parse() returned */
	/* which AVP a refusal is about, for l2tp_msg_describe() */
	bool err_avp;
	uint16_t err_vendor, err_type, err_len, err_off;
	/* internals, for the getters and the iterator */
	const uint8_t *buf;
	struct l2tp_avp_ref at[L2TP_AVP_TYPE_MAX + 1];
	int8_t skipped[L2TP_AVP_TYPE_MAX + 1];	/* why a recognized AVP was skipped (M=0) */
};

/* Walks AVPs; see l2tp_avp_iter_init() and l2tp_msg_iter_init(). Members are private. */
struct l2tp_avp_iter {
	const uint8_t *base;		/* offsets count from here */
	size_t off, end;
	const struct l2tp_msg *m;	/* NULL: raw */
	int err;			/* sticky */
	bool first;
	bool secret;
	const uint8_t *rv;
	uint16_t rv_len;
};

/* Result Code: Error Code and Error Message are optional (has_error, msg_len 0). */
struct l2tp_result {
	uint16_t result;
	uint16_t error;
	bool has_error;
	const uint8_t *msg;		/* not terminated; NULL if absent */
	size_t msg_len;
};

/* Q.931 Cause Code: cause, message type, optional advisory text. */
struct l2tp_q931 {
	uint16_t cause;
	uint8_t msg;
	const uint8_t *advisory;	/* not terminated; NULL if absent */
	size_t advisory_len;
};

struct l2tp_call_errors {
	uint32_t crc, framing, hw_overruns, buffer_overruns, timeouts, alignment;
};

/*
 * Parses the header of any L2TP packet of n bytes. Returns L2TP_OK with *h filled, or one of
 * the header reasons (L2TP_E_SHORT .. L2TP_E_OFFSET); *h is zeroed first. Version 1 and 3 get
 * their own reasons so that a stray L2F or L2TPv3 peer is told apart from garbage.
 */
enum l2tp_error l2tp_hdr_parse(const void *buf, size_t n, struct l2tp_hdr *h);

/*
 * For a datagram on the daemon's socket: if it is a well-formed data message, L2TP_OK with the
 * tunnel and session it is for (the kernel did not know them). L2TP_E_CONTROL for a control
 * message, else the header's reason.
 */
enum l2tp_error l2tp_data_ids(const void *buf, size_t n, uint16_t *tunnel_id,
			      uint16_t *session_id);

/*
 * Parses one control message of n bytes (the whole datagram). secret (secret_len bytes, NULL
 * for none) is the tunnel's shared secret, needed only for hidden AVPs, which are decrypted in
 * place in buf. Returns L2TP_OK or why the message is refused (see the top of this file).
 */
enum l2tp_error l2tp_msg_parse(void *buf, size_t n, const void *secret, size_t secret_len,
			       struct l2tp_msg *m);

/*
 * Writes one log line about a parse result into out (always terminated, cut to cap), e.g.
 * "SCCRQ: mandatory AVP missing: Assigned Tunnel ID" or "ICRQ: AVP value has the wrong length:
 * Call Serial Number (3 bytes at offset 40)". Returns out.
 */
const char *l2tp_msg_describe(const struct l2tp_msg *m, enum l2tp_error e, char *out,
			      size_t cap);

/* Whether a message type concerns a session (OCRQ .. SLI) rather than the whole tunnel. */
bool l2tp_msg_is_session(unsigned int type);

/*
 * AVPs, in order. l2tp_avp_iter_init() walks raw bytes (a message's body); l2tp_msg_iter_init()
 * a message l2tp_msg_parse() accepted (L2TP_OK or L2TP_E_NO_SECRET), Message Type included,
 * with hidden values decrypted and ignored AVPs marked. l2tp_avp_iter_next() returns 1 with *a
 * filled, 0 at the end, or a negative enum l2tp_error (L2TP_E_AVP_SHORT, L2TP_E_AVP_LENGTH),
 * again on every later call. Never reads outside the bytes given.
 */
void l2tp_avp_iter_init(struct l2tp_avp_iter *it, const void *avps, size_t len);
void l2tp_msg_iter_init(struct l2tp_avp_iter *it, const struct l2tp_msg *m);
int l2tp_avp_iter_next(struct l2tp_avp_iter *it, struct l2tp_avp *a);

/*
 * Getters on a parsed message, for recognized IETF attributes. Each returns L2TP_OK,
 * L2TP_E_ABSENT, L2TP_E_NO_SECRET (the AVP is hidden and there was no secret), or
 * L2TP_E_INVALID (a refused message, or an attribute of another shape than the getter's:
 * l2tp_get_u16() on a Host Name). On failure the outputs are zeroed.
 */
bool l2tp_msg_has(const struct l2tp_msg *m, unsigned int type);
enum l2tp_error l2tp_get_u16(const struct l2tp_msg *m, unsigned int type, uint16_t *v);
enum l2tp_error l2tp_get_u32(const struct l2tp_msg *m, unsigned int type, uint32_t *v);
enum l2tp_error l2tp_get_u64(const struct l2tp_msg *m, unsigned int type, uint64_t *v);
/* Any attribute's value as bytes (not terminated). */
enum l2tp_error l2tp_get_bytes(const struct l2tp_msg *m, unsigned int type, const uint8_t **p,
			       size_t *len);
/*
 * A text attribute copied into out and terminated. L2TP_E_AVP_VALUE if it holds a NUL (the
 * copy would say something else than the peer did), L2TP_E_NOSPACE if it needs more than
 * cap - 1 bytes (out then holds an empty string).
 */
enum l2tp_error l2tp_get_string(const struct l2tp_msg *m, unsigned int type, char *out,
				size_t cap);
enum l2tp_error l2tp_get_result(const struct l2tp_msg *m, struct l2tp_result *r);
enum l2tp_error l2tp_get_protocol_version(const struct l2tp_msg *m, uint8_t *ver, uint8_t *rev);
enum l2tp_error l2tp_get_q931(const struct l2tp_msg *m, struct l2tp_q931 *q);
enum l2tp_error l2tp_get_call_errors(const struct l2tp_msg *m, struct l2tp_call_errors *e);
enum l2tp_error l2tp_get_accm(const struct l2tp_msg *m, uint32_t *send, uint32_t *recv);
enum l2tp_error l2tp_get_proxy_authen_id(const struct l2tp_msg *m, uint8_t *id);

/* One typed getter per attribute, so a caller cannot pair an attribute with the wrong shape. */
#define L2TP_GETTER(name, attr, ctype, fn)						\
	static inline enum l2tp_error l2tp_get_##name(const struct l2tp_msg *m, ctype *v) \
	{ return fn(m, attr, v); }
#define L2TP_GETTER_BYTES(name, attr)							\
	static inline enum l2tp_error l2tp_get_##name(const struct l2tp_msg *m,		\
						      const uint8_t **p, size_t *len)	\
	{ return l2tp_get_bytes(m, attr, p, len); }
L2TP_GETTER(firmware_revision, L2TP_AVP_FIRMWARE_REVISION, uint16_t, l2tp_get_u16)
L2TP_GETTER(assigned_tunnel_id, L2TP_AVP_ASSIGNED_TUNNEL_ID, uint16_t, l2tp_get_u16)
L2TP_GETTER(receive_window_size, L2TP_AVP_RECEIVE_WINDOW_SIZE, uint16_t, l2tp_get_u16)
L2TP_GETTER(assigned_session_id, L2TP_AVP_ASSIGNED_SESSION_ID, uint16_t, l2tp_get_u16)
L2TP_GETTER(proxy_authen_type, L2TP_AVP_PROXY_AUTHEN_TYPE, uint16_t, l2tp_get_u16)
L2TP_GETTER(framing_caps, L2TP_AVP_FRAMING_CAPS, uint32_t, l2tp_get_u32)
L2TP_GETTER(bearer_caps, L2TP_AVP_BEARER_CAPS, uint32_t, l2tp_get_u32)
L2TP_GETTER(call_serial_number, L2TP_AVP_CALL_SERIAL_NUMBER, uint32_t, l2tp_get_u32)
L2TP_GETTER(minimum_bps, L2TP_AVP_MINIMUM_BPS, uint32_t, l2tp_get_u32)
L2TP_GETTER(maximum_bps, L2TP_AVP_MAXIMUM_BPS, uint32_t, l2tp_get_u32)
L2TP_GETTER(bearer_type, L2TP_AVP_BEARER_TYPE, uint32_t, l2tp_get_u32)
L2TP_GETTER(framing_type, L2TP_AVP_FRAMING_TYPE, uint32_t, l2tp_get_u32)
L2TP_GETTER(tx_connect_speed, L2TP_AVP_TX_CONNECT_SPEED, uint32_t, l2tp_get_u32)
L2TP_GETTER(rx_connect_speed, L2TP_AVP_RX_CONNECT_SPEED, uint32_t, l2tp_get_u32)
L2TP_GETTER(physical_channel_id, L2TP_AVP_PHYSICAL_CHANNEL_ID, uint32_t, l2tp_get_u32)
L2TP_GETTER(tie_breaker, L2TP_AVP_TIE_BREAKER, uint64_t, l2tp_get_u64)
L2TP_GETTER_BYTES(host_name, L2TP_AVP_HOST_NAME)
L2TP_GETTER_BYTES(vendor_name, L2TP_AVP_VENDOR_NAME)
L2TP_GETTER_BYTES(challenge, L2TP_AVP_CHALLENGE)
L2TP_GETTER_BYTES(challenge_response, L2TP_AVP_CHALLENGE_RESPONSE)
L2TP_GETTER_BYTES(called_number, L2TP_AVP_CALLED_NUMBER)
L2TP_GETTER_BYTES(calling_number, L2TP_AVP_CALLING_NUMBER)
L2TP_GETTER_BYTES(sub_address, L2TP_AVP_SUB_ADDRESS)
L2TP_GETTER_BYTES(initial_received_lcp_confreq, L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ)
L2TP_GETTER_BYTES(last_sent_lcp_confreq, L2TP_AVP_LAST_SENT_LCP_CONFREQ)
L2TP_GETTER_BYTES(last_received_lcp_confreq, L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ)
L2TP_GETTER_BYTES(proxy_authen_name, L2TP_AVP_PROXY_AUTHEN_NAME)
L2TP_GETTER_BYTES(proxy_authen_challenge, L2TP_AVP_PROXY_AUTHEN_CHALLENGE)
L2TP_GETTER_BYTES(proxy_authen_response, L2TP_AVP_PROXY_AUTHEN_RESPONSE)
L2TP_GETTER_BYTES(private_group_id, L2TP_AVP_PRIVATE_GROUP_ID)
L2TP_GETTER_BYTES(random_vector, L2TP_AVP_RANDOM_VECTOR)	/* the most recent one */
#undef L2TP_GETTER
#undef L2TP_GETTER_BYTES
static inline bool l2tp_sequencing_required(const struct l2tp_msg *m)
{
	return l2tp_msg_has(m, L2TP_AVP_SEQUENCING_REQUIRED);
}

/*
 * Building a control message into a caller's buffer:
 *
 *	l2tp_build_start(&b, buf, sizeof(buf), peer_tunnel, peer_session, ns, nr, L2TP_SCCRP);
 *	l2tp_put_u16(&b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, our_tunnel);
 *	...
 *	n = l2tp_build_finish(&b);	(length, or the first error of any step)
 *
 * Type 0 starts a ZLB. The first failure sticks: later puts do nothing and return it, and
 * finish returns it; nothing is ever written past cap. flags are L2TP_AVP_M and L2TP_AVP_H.
 * A hidden AVP needs l2tp_build_secret() and a Random Vector put before it (the most recent
 * one is used, as a receiver will), and is padded with zeros to a 16-octet boundary. A put of
 * a recognized IETF attribute is checked as the parser would check it (L2TP_E_AVP_SIZE,
 * L2TP_E_AVP_VALUE), so we never send what we would refuse; Message Type is start's, not a
 * put's (L2TP_E_INVALID), and other vendors' or unknown attributes go out as given.
 */
struct l2tp_build {
	uint8_t *buf;
	size_t cap, len;
	int err;
	const uint8_t *secret;
	size_t secret_len;
	size_t rv_off;			/* the last Random Vector's value, 0 if none */
	uint16_t rv_len;
};

void l2tp_build_start(struct l2tp_build *b, void *buf, size_t cap, uint16_t tunnel_id,
		      uint16_t session_id, uint16_t ns, uint16_t nr, unsigned int type);
void l2tp_build_secret(struct l2tp_build *b, const void *secret, size_t len);
enum l2tp_error l2tp_put(struct l2tp_build *b, unsigned int flags, uint16_t vendor,
			 uint16_t type, const void *value, size_t len);
enum l2tp_error l2tp_put_u16(struct l2tp_build *b, unsigned int flags, uint16_t type,
			     uint16_t v);
enum l2tp_error l2tp_put_u32(struct l2tp_build *b, unsigned int flags, uint16_t type,
			     uint32_t v);
enum l2tp_error l2tp_put_u64(struct l2tp_build *b, unsigned int flags, uint16_t type,
			     uint64_t v);
enum l2tp_error l2tp_put_bytes(struct l2tp_build *b, unsigned int flags, uint16_t type,
			       const void *p, size_t len);
enum l2tp_error l2tp_put_string(struct l2tp_build *b, unsigned int flags, uint16_t type,
				const char *s);
/* Error Code and message only if r->has_error; the message only with an Error Code. */
enum l2tp_error l2tp_put_result(struct l2tp_build *b, unsigned int flags,
				const struct l2tp_result *r);
enum l2tp_error l2tp_put_protocol_version(struct l2tp_build *b, unsigned int flags);
enum l2tp_error l2tp_put_q931(struct l2tp_build *b, unsigned int flags,
			      const struct l2tp_q931 *q);
enum l2tp_error l2tp_put_call_errors(struct l2tp_build *b, unsigned int flags,
				     const struct l2tp_call_errors *e);
enum l2tp_error l2tp_put_accm(struct l2tp_build *b, unsigned int flags, uint32_t send,
			      uint32_t recv);
enum l2tp_error l2tp_put_proxy_authen_id(struct l2tp_build *b, unsigned int flags, uint8_t id);
/* Returns the message's length (> 0), its Length field now filled in, or the first error. */
int l2tp_build_finish(struct l2tp_build *b);
/* A ZLB acknowledgement: 12 bytes, or L2TP_E_NOSPACE. */
int l2tp_build_zlb(void *buf, size_t cap, uint16_t tunnel_id, uint16_t session_id,
		   uint16_t ns, uint16_t nr);

/*
 * Section 4.3's hiding of one value of attribute type: writes the hidden subformat (Original
 * Length, value, pad_len zero octets: 2 + len + pad_len bytes, at most L2TP_AVP_VALUE_MAX)
 * encrypted with MD5(type, secret, rv) and MD5(secret, previous 16 octets) into out. Returns
 * its length or L2TP_E_INVALID / L2TP_E_NOSPACE / L2TP_E_CRYPTO.
 */
int l2tp_hide(uint16_t type, const void *secret, size_t secret_len, const void *rv,
	      size_t rv_len, const void *value, size_t len, size_t pad_len, uint8_t *out,
	      size_t cap);
/*
 * The reverse, in place on the n bytes of a hidden value: on L2TP_OK the value is at buf + 2
 * and *value_len long; L2TP_E_HIDDEN_LENGTH if the Original Length does not fit.
 */
enum l2tp_error l2tp_unhide(uint16_t type, const void *secret, size_t secret_len,
			    const void *rv, size_t rv_len, uint8_t *buf, size_t n,
			    size_t *value_len);

/*
 * Tunnel authentication (sections 4.4.3 and 5.1.1): the Challenge Response a peer sends in the
 * message of type msg_type (L2TP_SCCRP answering an SCCRQ's Challenge, L2TP_SCCCN answering an
 * SCCRP's) is MD5(msg_type as one octet, secret, challenge), as CHAP computes it with the
 * message type for the identifier. verify compares in constant time: L2TP_OK or L2TP_E_AUTH.
 */
enum l2tp_error l2tp_challenge_response(uint8_t msg_type, const void *secret,
					size_t secret_len, const void *challenge,
					size_t challenge_len,
					uint8_t out[L2TP_CHALLENGE_RESPONSE_LEN]);
enum l2tp_error l2tp_challenge_verify(uint8_t msg_type, const void *secret, size_t secret_len,
				      const void *challenge, size_t challenge_len,
				      const void *response, size_t response_len);

/* "SCCRQ", "ICCN", ... for logs; "unknown" for anything else (a ZLB has no type). */
const char *l2tp_msg_name(unsigned int type);
/* "Host Name", "Assigned Tunnel ID", ...; "unknown" for anything else. */
const char *l2tp_avp_name(unsigned int type);
/* A sentence for a log line, and a short stable token ("avp-length") for counters. */
const char *l2tp_msg_strerror(enum l2tp_error e);
const char *l2tp_error_name(enum l2tp_error e);
/* The General Error Code (L2TP_ERR_*) to send back after refusing a message with e. */
uint16_t l2tp_msg_error_code(enum l2tp_error e);

#endif /* SLUICED_L2TP_MSG_H */
