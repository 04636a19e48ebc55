// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any byte string as what a PPTP peer sent on TCP 1723 (daemon/pptp/msg.c). Frames
 * and parses message after message as sluiced will; every message that parses must build
 * again into bytes that frame and parse to the same struct. ASan and UBSan watch.
 */
/* unit-test-sources: daemon/pptp/msg.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pptp/msg.h"

static void terminated(const char *s, size_t size)
{
	if (s[size - 1] != '\0')
		abort();
}

static void check_strings(const struct pptp_msg *m)
{
	switch (m->type) {
	case PPTP_SCCRQ:
		terminated(m->sccrq.host_name, sizeof(m->sccrq.host_name));
		terminated(m->sccrq.vendor, sizeof(m->sccrq.vendor));
		break;
	case PPTP_SCCRP:
		terminated(m->sccrp.host_name, sizeof(m->sccrp.host_name));
		terminated(m->sccrp.vendor, sizeof(m->sccrp.vendor));
		break;
	case PPTP_OCRQ:
		terminated(m->ocrq.phone, sizeof(m->ocrq.phone));
		terminated(m->ocrq.subaddress, sizeof(m->ocrq.subaddress));
		break;
	case PPTP_ICRQ:
		terminated(m->icrq.dialed, sizeof(m->icrq.dialed));
		terminated(m->icrq.dialing, sizeof(m->icrq.dialing));
		terminated(m->icrq.subaddress, sizeof(m->icrq.subaddress));
		break;
	case PPTP_CDN:
		terminated(m->cdn.stats, sizeof(m->cdn.stats));
		break;
	default:
		break;
	}
}

/* What we would send back must read as what we parsed. */
static void rebuild(const struct pptp_msg *m, int len)
{
	uint8_t out[PPTP_MSG_MAX];
	struct pptp_msg again;
	int n = pptp_msg_build(m, out, sizeof(out));

	if (n != len || pptp_msg_frame(out, (size_t)n) != n)
		abort();
	if (pptp_msg_parse(out, (size_t)n, &again) != PPTP_OK)
		abort();
	if (memcmp(&again, m, sizeof(again)) != 0)
		abort();
}

/* One framed message, alone in a buffer of its size so that an over-read shows. */
static void one_message(const uint8_t *p, int len)
{
	uint8_t *copy = malloc((size_t)len);
	struct pptp_msg m;
	enum pptp_error e;

	if (!copy)
		return;
	memcpy(copy, p, (size_t)len);
	e = pptp_msg_parse(copy, (size_t)len, &m);
	/* what the framer vouched for, the parser must not call malformed */
	if (e == PPTP_E_SHORT || e == PPTP_E_LENGTH || e == PPTP_E_MAGIC || e == PPTP_E_TYPE_LENGTH)
		abort();
	if (e == PPTP_OK) {
		check_strings(&m);
		rebuild(&m, len);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *stream = malloc(size ? size : 1);
	struct pptp_msg m;
	size_t off = 0, k;
	int n;

	if (!stream)
		return 0;
	memcpy(stream, data, size);	/* exact size, so ASan sees any over-read */
	/* the parser on its own, handed everything: it must agree with the framer */
	if (pptp_msg_parse(stream, size, &m) == PPTP_OK &&
	    pptp_msg_frame(stream, size) != (int)size)
		abort();
	while ((n = pptp_msg_frame(stream + off, size - off)) > 0) {
		/* a message that frames was "need more" at every byte before its last */
		for (k = 0; k < (size_t)n; k++)
			if (pptp_msg_frame(stream + off, k) != 0)
				abort();
		one_message(stream + off, n);
		off += (size_t)n;
	}
	free(stream);
	return 0;
}
