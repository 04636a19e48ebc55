/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The other end of a PPP link in a unit test: frames it sends through the kernel stub's
 * bound receiver, and what the link sent it, read back from the stub (kernel_stub.h).
 * Link with kernel_stub.c and vectors.c.
 */
#ifndef SLUICE_TEST_PPP_PEER_H
#define SLUICE_TEST_PPP_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ppp/link.h"

/* The link's ops for a test: ups and ends counted, the last end's cause kept. */
extern const struct ppp_link_ops peer_link_ops;
extern int link_ups, link_ends;
extern char link_cause[48];

/* The peer sends proto/code/id with options or data given in hex. */
void peer(uint16_t proto, uint8_t code, uint8_t id, const char *body_hex);
/* ... with data given as text. */
void peer_text(uint16_t proto, uint8_t code, uint8_t id, const char *text);
/* ... with data given as bytes. */
void peer_bytes(uint16_t proto, uint8_t code, uint8_t id, const uint8_t *body, size_t n);
/* The last frame the link sent of proto with code (proto, code, id, length, data); NULL if none. */
const uint8_t *last_sent(uint16_t proto, uint8_t code, size_t *len);
/* How many frames of proto with code the link sent since the stub's count was reset. */
unsigned int count_sent(uint16_t proto, uint8_t code);
/* Acks the link's last Configure-Request of proto, whatever its options. */
void ack_ours(uint16_t proto);
/* Whether a sent frame f of n bytes (as last_sent gives it) carries option type. */
bool has_option(const uint8_t *f, size_t n, uint8_t type);
/* The MPPE option's bits in the last CCP packet with code the link sent (asserts one). */
uint32_t mppe_bits_sent(uint8_t code);
/* n bytes at p all zero: a secret wiped. */
bool all_zero(const void *p, size_t n);

/* cmocka teardown: the configuration, the pools and the timers freed */
int ppp_peer_teardown(void **state);

#endif /* SLUICE_TEST_PPP_PEER_H */
