/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PPP framing inside the tunnel (RFC 1661/1662): optional address/control (FF 03) and a one-
 * or two-byte protocol field. We always accept both forms and send the compressed forms only
 * where the peer agreed (ACFC, PFC).
 */
#ifndef _SLUICE_PPP_H
#define _SLUICE_PPP_H

#include <linux/types.h>

#define SLUICE_PPP_IP		0x0021
#define SLUICE_PPP_IPV6		0x0057
#define SLUICE_PPP_COMP		0x00fd	/* MPPE/MPPC datagram */
#define SLUICE_PPP_CCP		0x80fd
#define SLUICE_PPP_LCP		0xc021
#define SLUICE_PPP_HDR_MAX	4
/* Not a uapi flag, only ever passed to sluice_ppp_hdr_len/build: the encapsulation carries
 * no address and control field, LCP included (PPPoE: RFC 2516 section 7) */
#define SLUICE_PPP_NO_ADDR_CTRL	(1u << 31)

/* ppp.c APIs: */
/* Returns the header length and sets *proto, or -EINVAL for a malformed header. */
int sluice_ppp_parse(const u8 *p, unsigned int len, u16 *proto);
/* Length of the header sluice_ppp_build writes for proto under the SLUICE_PPP_F_* flags. */
unsigned int sluice_ppp_hdr_len(u16 proto, u32 flags);
/* Writes the header ending just before p (at p - sluice_ppp_hdr_len()); returns its length. */
unsigned int sluice_ppp_build(u8 *end, u16 proto, u32 flags);

#endif /* _SLUICE_PPP_H */
