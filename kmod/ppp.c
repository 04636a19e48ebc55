// SPDX-License-Identifier: GPL-2.0
#include <linux/errno.h>
#include "compat.h"
#include "ppp.h"
#include "uapi/sluice.h"

int sluice_ppp_parse(const u8 *p, unsigned int len, u16 *proto)
{
	unsigned int off = 0;

	if (len >= 2 && p[0] == 0xff && p[1] == 0x03)
		off = 2;
	if (off >= len)
		return -EINVAL;
	if (p[off] & 1) {
		/* a compressed protocol field is one odd byte */
		*proto = p[off];
		return off + 1;
	}
	if (off + 2 > len)
		return -EINVAL;
	*proto = get_unaligned_be16(p + off);
	/* RFC 1661: the low byte of a protocol number is odd, the high byte even */
	if (!(*proto & 1))
		return -EINVAL;
	return off + 2;
}

static bool pfc_ok(u16 proto, u32 flags)
{
	/* only protocols below 0x100 compress, and never LCP (it is above anyway) */
	return (flags & SLUICE_PPP_F_TX_PFC) && proto < 0x100;
}

unsigned int sluice_ppp_hdr_len(u16 proto, u32 flags)
{
	if (flags & SLUICE_PPP_NO_ADDR_CTRL)
		return pfc_ok(proto, flags) ? 1 : 2;
	/* LCP always travels uncompressed (RFC 1661 section 6.5) */
	if (proto == SLUICE_PPP_LCP)
		return 4;
	return (flags & SLUICE_PPP_F_TX_ACFC ? 0 : 2) + (pfc_ok(proto, flags) ? 1 : 2);
}

unsigned int sluice_ppp_build(u8 *end, u16 proto, u32 flags)
{
	unsigned int n = sluice_ppp_hdr_len(proto, flags);
	u8 *p = end - n;

	if (n == 4 || n == 3) {
		p[0] = 0xff;
		p[1] = 0x03;
		p += 2;
	}
	if (n == 4 || n == 2)
		put_unaligned_be16(proto, p);
	else
		p[0] = (u8)proto;
	return n;
}
