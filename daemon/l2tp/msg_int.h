/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the L2TP codec's three files share (msg.c: the attribute table, header, parser,
 * getters, names; build.c: the builder; hide.c: MD5 for hidden AVPs and tunnel
 * authentication): the attribute descriptions and byte order. Nothing outside daemon/l2tp/
 * includes this.
 */
#ifndef SLUICED_L2TP_MSG_INT_H
#define SLUICED_L2TP_MSG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "l2tp/msg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MD5_LEN 16

enum shape {
	S_U16 = 1, S_U32, S_U64, S_BYTES, S_EMPTY,
	S_RESULT, S_VERSION, S_Q931, S_PROXY_ID, S_CALL_ERRORS, S_ACCM,
};

struct avp_desc {
	const char *name;		/* NULL: not an attribute we know */
	uint8_t shape;
	bool nonzero;			/* an assigned id: 0 is not one */
	uint16_t min, max;		/* value length */
};

/* A recognized IETF attribute's description, NULL for any other type. */
const struct avp_desc *l2tp_avp_desc(unsigned int type);
/* Checks a recognized attribute's (clear) value: L2TP_OK, L2TP_E_AVP_SIZE, L2TP_E_AVP_VALUE. */
enum l2tp_error l2tp_check_value(const struct avp_desc *d, const uint8_t *v, size_t len);

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

#endif /* SLUICED_L2TP_MSG_INT_H */
