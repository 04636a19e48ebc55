/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PPTP's enhanced GRE header (RFC 2637 section 4.1): parsing and building on plain buffers,
 * so the same code serves the packet path and the KUnit tables.
 */
#ifndef _SLUICE_GRE_H
#define _SLUICE_GRE_H

#include <linux/types.h>

#define SLUICE_GRE_PROTO_PPP 0x880b
#define SLUICE_GRE_VERSION 1
#define SLUICE_GRE_HDR_MIN 8
#define SLUICE_GRE_HDR_MAX 16

/* Why a header was refused; the data path counts each reason separately. */
enum sluice_gre_verdict {
	SLUICE_GRE_OK,
	SLUICE_GRE_TRUNCATED,	/* shorter than the header its flags announce */
	SLUICE_GRE_BAD_VERSION,	/* version is not 1 */
	SLUICE_GRE_BAD_FLAGS,	/* C, R, s, recursion or reserved flags set, or no key */
	SLUICE_GRE_BAD_PROTO,	/* protocol type is not PPP */
	SLUICE_GRE_BAD_LENGTH,	/* payload length beyond the packet, or S and length disagree */
};

struct sluice_gre_hdr {
	u16 payload_len;
	u16 call_id;
	u32 seq;		/* valid if has_seq */
	u32 ack;		/* valid if has_ack */
	bool has_seq;
	bool has_ack;
	u8 hdr_len;		/* bytes before the payload */
};

/* gre.c APIs: */
enum sluice_gre_verdict sluice_gre_parse(const u8 *p, unsigned int len,
					 struct sluice_gre_hdr *h);
unsigned int sluice_gre_build(u8 *p, const struct sluice_gre_hdr *h);

static inline unsigned int sluice_gre_hdr_len(const struct sluice_gre_hdr *h)
{
	return SLUICE_GRE_HDR_MIN + (h->has_seq ? 4 : 0) + (h->has_ack ? 4 : 0);
}

#endif /* _SLUICE_GRE_H */
