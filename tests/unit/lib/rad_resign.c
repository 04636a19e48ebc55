// SPDX-License-Identifier: GPL-2.0
/* The RADIUS fuzzers' re-signing (rad_resign.h). */
#include <string.h>
#include "rad_resign.h"

struct rad_packet *rad_resign_prepare(uint8_t *buf, size_t n)
{
	static struct rad_packet p;
	struct rad_attr a;
	const char *why;

	if (n < RAD_HDR_LEN || n > RAD_MAX_LEN)
		return NULL;
	buf[2] = (uint8_t)(n >> 8);
	buf[3] = (uint8_t)n;
	if (!rad_check(buf, n, &why))
		return NULL;
	memcpy(p.data, buf, n);
	p.len = n;
	p.msg_auth = rad_find(buf, n, RAD_MESSAGE_AUTHENTICATOR, &a) ? (size_t)(a.val - buf) : 0;
	return &p;
}
