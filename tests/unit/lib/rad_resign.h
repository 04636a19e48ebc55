/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the RADIUS fuzzers: half their inputs are re-signed, as a peer with our secret would,
 * so that they reach the attributes. Link rad_resign.c (with daemon/radius/packet.c).
 */
#ifndef SLUICE_TEST_RAD_RESIGN_H
#define SLUICE_TEST_RAD_RESIGN_H

#include <stddef.h>
#include <stdint.h>
#include "radius/packet.h"

/*
 * Puts the length field of the n bytes at buf right and copies them into a packet ready to
 * sign (a static one, the Message-Authenticator found); NULL, buf as it was, where the
 * length does not fit or rad_check() refuses the packet. Sign it, then copy data back.
 */
struct rad_packet *rad_resign_prepare(uint8_t *buf, size_t n);

#endif /* SLUICE_TEST_RAD_RESIGN_H */
