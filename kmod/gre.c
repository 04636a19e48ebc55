// SPDX-License-Identifier: GPL-2.0
/*
 * PPTP enhanced GRE (RFC 2637 section 4.1):
 *
 *  |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
 *  |    Key (HW) Payload Length    |       Key (LW) Call ID        |
 *  |                  Sequence Number (Optional)                   |
 *  |               Acknowledgment Number (Optional)                |
 *
 * C, R, s, Recur and Flags must be zero, K must be one, Ver is 1, Protocol is 0x880B.
 * S is set exactly when a payload follows; A when an acknowledgement is carried.
 */
#include <linux/kernel.h>
#include "compat.h"
#include "gre.h"

#define GRE_F_C		0x8000
#define GRE_F_R		0x4000
#define GRE_F_K		0x2000
#define GRE_F_S		0x1000
#define GRE_F_SSR	0x0800
#define GRE_F_RECUR	0x0700
#define GRE_F_A		0x0080
#define GRE_F_FLAGS	0x0078
#define GRE_F_VER	0x0007
#define GRE_F_MUST_BE_ZERO (GRE_F_C | GRE_F_R | GRE_F_SSR | GRE_F_RECUR | GRE_F_FLAGS)

static unsigned int hdr_len_for(u16 flags)
{
	return SLUICE_GRE_HDR_MIN + (flags & GRE_F_S ? 4 : 0) + (flags & GRE_F_A ? 4 : 0);
}

enum sluice_gre_verdict sluice_gre_parse(const u8 *p, unsigned int len,
					 struct sluice_gre_hdr *h)
{
	unsigned int off = SLUICE_GRE_HDR_MIN;
	u16 flags;

	if (len < SLUICE_GRE_HDR_MIN)
		return SLUICE_GRE_TRUNCATED;
	flags = get_unaligned_be16(p);
	if ((flags & GRE_F_VER) != SLUICE_GRE_VERSION)
		return SLUICE_GRE_BAD_VERSION;
	if ((flags & GRE_F_MUST_BE_ZERO) || !(flags & GRE_F_K))
		return SLUICE_GRE_BAD_FLAGS;
	if (get_unaligned_be16(p + 2) != SLUICE_GRE_PROTO_PPP)
		return SLUICE_GRE_BAD_PROTO;
	if (len < hdr_len_for(flags))
		return SLUICE_GRE_TRUNCATED;

	h->payload_len = get_unaligned_be16(p + 4);
	h->call_id = get_unaligned_be16(p + 6);
	h->has_seq = flags & GRE_F_S;
	h->has_ack = flags & GRE_F_A;
	h->seq = 0;
	h->ack = 0;
	if (h->has_seq) {
		h->seq = get_unaligned_be32(p + off);
		off += 4;
	}
	if (h->has_ack) {
		h->ack = get_unaligned_be32(p + off);
		off += 4;
	}
	h->hdr_len = off;

	/* An ack-only packet has neither S nor payload; a data packet has both. */
	if (h->has_seq != (h->payload_len != 0))
		return SLUICE_GRE_BAD_LENGTH;
	/* Trailing bytes (link padding) are allowed; a short payload is not. */
	if (h->payload_len > len - off)
		return SLUICE_GRE_BAD_LENGTH;
	return SLUICE_GRE_OK;
}

/* Writes the header described by h (its hdr_len is ignored) and returns its length. */
unsigned int sluice_gre_build(u8 *p, const struct sluice_gre_hdr *h)
{
	u16 flags = GRE_F_K | SLUICE_GRE_VERSION;
	unsigned int off = SLUICE_GRE_HDR_MIN;

	if (h->has_seq)
		flags |= GRE_F_S;
	if (h->has_ack)
		flags |= GRE_F_A;
	put_unaligned_be16(flags, p);
	put_unaligned_be16(SLUICE_GRE_PROTO_PPP, p + 2);
	put_unaligned_be16(h->payload_len, p + 4);
	put_unaligned_be16(h->call_id, p + 6);
	if (h->has_seq) {
		put_unaligned_be32(h->seq, p + off);
		off += 4;
	}
	if (h->has_ack) {
		put_unaligned_be32(h->ack, p + off);
		off += 4;
	}
	return off;
}
