/* SPDX-License-Identifier: GPL-2.0 */
/* The control protocols a PPP link runs on its automatons, and what they share. */
#ifndef SLUICED_PPP_PROTO_H
#define SLUICED_PPP_PROTO_H

#include "ppp/link.h"

/* MPPE's option bits (RFC 3078 section 2.1) */
#define MPPE_OPT 18
#define MPPE_H 0x01000000u	/* stateless */
#define MPPE_M 0x00000080u	/* 56-bit */
#define MPPE_S 0x00000040u	/* 128-bit */
#define MPPE_L 0x00000020u	/* 40-bit */
#define MPPE_D 0x00000010u	/* obsolete */
#define MPPE_C 0x00000001u	/* MPPC compression */
#define MPPE_STRENGTHS (MPPE_S | MPPE_M | MPPE_L)

extern const struct ppp_fsm_ops lcp_ops, ccp_ops, ipcp_ops, ipcp_client_ops, ipv6cp_ops;

static inline struct ppp_link *fsm_link(struct ppp_fsm *f)
{
	return f->ctx;
}

/* link.c APIs used by the protocols: */
void link_send_fsm(struct ppp_fsm *f, const uint8_t *pkt, size_t len);
void link_send_frame(struct ppp_link *l, uint16_t proto, const uint8_t *pkt, size_t len);
void link_timer_start(struct ppp_fsm *f, unsigned int ms);
void link_timer_stop(struct ppp_fsm *f);
void link_lcp_up(struct ppp_link *l);
void link_lcp_down(struct ppp_link *l);
void link_lcp_finished(struct ppp_link *l);
void link_network_changed(struct ppp_link *l);	/* CCP or IPCP opened or gave up */
void link_ipv6_changed(struct ppp_link *l, bool up);	/* IPv6CP opened or left Opened */
void link_fail(struct ppp_link *l, const char *cause);
/* From inside an automaton's callback: close from the loop, once the callback returned. */
void link_close_later(struct ppp_link *l, const char *cause);
void link_echo_reply(struct ppp_link *l);
void link_protocol_rejected(struct ppp_link *l, uint16_t proto);

/* Option writers: each returns the bytes written, 0 if it does not fit. */
size_t opt_put(uint8_t *buf, size_t cap, uint8_t type, const void *val, size_t len);
size_t opt_put_u16(uint8_t *buf, size_t cap, uint8_t type, uint16_t v);
size_t opt_put_u32(uint8_t *buf, size_t cap, uint8_t type, uint32_t v);

/* ipv6cp.c: a random Interface-Identifier, non-zero and unlike avoid */
void ppp_random_iid(uint8_t iid[8], const uint8_t avoid[8]);

/* "128-bit stateless" for MPPE bits, "" for none */
const char *mppe_describe(uint32_t bits);
/* the strongest single strength in bits, or 0 */
uint32_t mppe_strongest(uint32_t bits);

#endif /* SLUICED_PPP_PROTO_H */
