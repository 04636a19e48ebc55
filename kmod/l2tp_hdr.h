/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L2TPv2's header (RFC 2661 section 3.1) for data messages: parsing and building on plain
 * buffers, so the same code serves the UDP receive path and the KUnit tables. Control
 * messages (T=1) are recognised only to be left to the daemon's socket.
 */
#ifndef _SLUICE_L2TP_HDR_H
#define _SLUICE_L2TP_HDR_H

#include <linux/types.h>

#define SLUICE_L2TP_VERSION 2
#define SLUICE_L2TP_HDR_MIN 6		/* flags, tunnel id, session id */
#define SLUICE_L2TP_HDR_MAX 14		/* + length, Ns, Nr, offset size (pad not counted) */

/* What the receive path does with a datagram; refusals are counted per reason. */
enum sluice_l2tp_verdict {
	SLUICE_L2TP_DATA,		/* a data message: hdr describes it */
	SLUICE_L2TP_CONTROL,		/* T=1: the daemon's, left on the socket */
	SLUICE_L2TP_TRUNCATED,		/* shorter than the header its flags announce */
	SLUICE_L2TP_BAD_VERSION,	/* not version 2 (L2F is 1, L2TPv3 is 3) */
	SLUICE_L2TP_BAD_LENGTH,		/* L's length below the header or past the datagram */
	SLUICE_L2TP_BAD_OFFSET,		/* the offset padding runs past the message */
};

struct sluice_l2tp_hdr {
	u16 tunnel_id;
	u16 session_id;
	u16 ns, nr;		/* valid if has_seq */
	u16 length;		/* valid if has_len: the whole message, header included */
	bool has_seq;
	bool has_len;
	u16 hdr_len;		/* bytes before the payload, offset padding included */
	u16 msg_len;		/* the message's bytes in the datagram (trailing bytes cut) */
};

/* l2tp_hdr.c APIs: */
enum sluice_l2tp_verdict sluice_l2tp_parse(const u8 *p, unsigned int len,
					   struct sluice_l2tp_hdr *h);
/* Writes the data header h describes (no offset; L and S as has_len/has_seq say) and
 * returns its length; with has_len, h->length must already be the whole message's. */
unsigned int sluice_l2tp_build(u8 *p, const struct sluice_l2tp_hdr *h);

static inline unsigned int sluice_l2tp_hdr_len(const struct sluice_l2tp_hdr *h)
{
	return SLUICE_L2TP_HDR_MIN + (h->has_len ? 2 : 0) + (h->has_seq ? 4 : 0);
}

#endif /* _SLUICE_L2TP_HDR_H */
