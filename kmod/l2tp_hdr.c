// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 header (RFC 2661 section 3.1):
 *
 *  |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 *  |           Tunnel ID           |           Session ID          |
 *  |             Ns (opt)          |             Nr (opt)          |
 *  |      Offset Size (opt)        |    Offset pad... (opt)
 *
 * Reserved bits are ignored on receipt, as the RFC says. Data messages may carry any of
 * L, S and O; an offset's padding is skipped. T=1 marks a control message, which must
 * reach the daemon untouched, so it is recognised before anything else is judged.
 */
#include <linux/kernel.h>
#include "compat.h"
#include "l2tp_hdr.h"

#define L2TP_F_T	0x8000
#define L2TP_F_L	0x4000
#define L2TP_F_S	0x0800
#define L2TP_F_O	0x0200
#define L2TP_F_VER	0x000f

static unsigned int fixed_len(u16 flags)
{
	return SLUICE_L2TP_HDR_MIN + (flags & L2TP_F_L ? 2 : 0) + (flags & L2TP_F_S ? 4 : 0) +
	       (flags & L2TP_F_O ? 2 : 0);
}

enum sluice_l2tp_verdict sluice_l2tp_parse(const u8 *p, unsigned int len,
					   struct sluice_l2tp_hdr *h)
{
	unsigned int off = 2, end = len, pad = 0;
	u16 flags;

	if (len < 2)
		return SLUICE_L2TP_TRUNCATED;
	flags = get_unaligned_be16(p);
	if ((flags & L2TP_F_VER) != SLUICE_L2TP_VERSION)
		return SLUICE_L2TP_BAD_VERSION;
	if (flags & L2TP_F_T)
		return SLUICE_L2TP_CONTROL;
	if (len < fixed_len(flags))
		return SLUICE_L2TP_TRUNCATED;
	h->has_len = flags & L2TP_F_L;
	h->has_seq = flags & L2TP_F_S;
	h->length = 0;
	h->ns = 0;
	h->nr = 0;
	if (h->has_len) {
		h->length = get_unaligned_be16(p + off);
		off += 2;
	}
	h->tunnel_id = get_unaligned_be16(p + off);
	h->session_id = get_unaligned_be16(p + off + 2);
	off += 4;
	if (h->has_seq) {
		h->ns = get_unaligned_be16(p + off);
		h->nr = get_unaligned_be16(p + off + 2);
		off += 4;
	}
	if (flags & L2TP_F_O) {
		pad = get_unaligned_be16(p + off);
		off += 2;
	}
	/* the message may be shorter than the datagram (link padding), never longer */
	if (h->has_len) {
		if (h->length > len || h->length < off)
			return SLUICE_L2TP_BAD_LENGTH;
		end = h->length;
	}
	if (pad > end - off)
		return SLUICE_L2TP_BAD_OFFSET;
	h->hdr_len = off + pad;
	h->msg_len = end;
	return SLUICE_L2TP_DATA;
}

unsigned int sluice_l2tp_build(u8 *p, const struct sluice_l2tp_hdr *h)
{
	u16 flags = SLUICE_L2TP_VERSION;
	unsigned int off = 2;

	if (h->has_len) {
		flags |= L2TP_F_L;
		put_unaligned_be16(h->length, p + off);
		off += 2;
	}
	if (h->has_seq)
		flags |= L2TP_F_S;
	put_unaligned_be16(flags, p);
	put_unaligned_be16(h->tunnel_id, p + off);
	put_unaligned_be16(h->session_id, p + off + 2);
	off += 4;
	if (h->has_seq) {
		put_unaligned_be16(h->ns, p + off);
		put_unaligned_be16(h->nr, p + off + 2);
		off += 4;
	}
	return off;
}
