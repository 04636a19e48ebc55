/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PPP option negotiation automaton of RFC 1661 section 4, shared by the control protocols
 * (LCP, IPCP, IPv6CP, CCP), and an iterator over Configuration Options.
 *
 * The automaton owns the states, the restart counter, the packet identifiers and the
 * framing of control packets (Code, Identifier, Length, Data). A protocol plugs in through
 * struct ppp_fsm_ops: it builds its Configure-Request, judges the peer's, digests the peer's
 * answers and handles its own codes. Nothing here touches a socket or a clock: packets leave
 * through ops->send and the Restart timer is ops->timer_start/timer_stop, the caller calling
 * ppp_fsm_timeout when it fires.
 *
 * Order within one transition: layer_down first, while f->state is still Opened; then the
 * new state is set and the packets go out; layer_up, layer_started and layer_finished last.
 * Only those last three may call back into the same automaton (layer_finished taking the
 * lower layer down, say); send in particular must queue, not feed the peer synchronously.
 * One more exception: got_ack, got_nak and got_reject may call ppp_fsm_close (a Reject of
 * something we cannot do without); the answer is then an event of the Closing state,
 * which ignores it. check_request may not: in Opened it runs after layer_down.
 */
#ifndef SLUICE_PPP_FSM_H
#define SLUICE_PPP_FSM_H

#include <stddef.h>
#include <stdint.h>

/* Codes of control packets, RFC 1661 section 5; NCPs use 1..7, LCP 1..11, CCP adds 14/15. */
enum ppp_code {
	PPP_CONF_REQ = 1,
	PPP_CONF_ACK = 2,
	PPP_CONF_NAK = 3,
	PPP_CONF_REJ = 4,
	PPP_TERM_REQ = 5,
	PPP_TERM_ACK = 6,
	PPP_CODE_REJ = 7,
	PPP_PROTO_REJ = 8,
	PPP_ECHO_REQ = 9,
	PPP_ECHO_REP = 10,
	PPP_DISCARD_REQ = 11,
};

/* RFC 1661 section 4.2; the values are the table's column numbers. */
enum ppp_fsm_state {
	PPP_FSM_INITIAL = 0,
	PPP_FSM_STARTING = 1,
	PPP_FSM_CLOSED = 2,
	PPP_FSM_STOPPED = 3,
	PPP_FSM_CLOSING = 4,
	PPP_FSM_STOPPING = 5,
	PPP_FSM_REQ_SENT = 6,
	PPP_FSM_ACK_RCVD = 7,
	PPP_FSM_ACK_SENT = 8,
	PPP_FSM_OPENED = 9,
	PPP_FSM_NSTATES
};

/* What ops->other_code says a packet was. */
enum ppp_code_verdict {
	PPP_CODE_UNKNOWN = -1,	/* RUC: the automaton answers with a Code-Reject */
	PPP_CODE_HANDLED = 0,	/* dealt with, no event (RXJ+, Reset-Request, an Echo-Reply...) */
	PPP_CODE_RXR = 1,	/* RXR: Echo-Request, Echo-Reply or Discard-Request */
	PPP_CODE_RXJ_MINUS = 2,	/* RXJ-: a Protocol-Reject of this very protocol */
};

#define PPP_FSM_HDR_LEN 4
#define PPP_FSM_PKT_MAX 1500		/* largest packet built or answered: the default MRU */
#define PPP_FSM_OPTS_MAX 256		/* our own Configure-Request's options */
#define PPP_FSM_REASON_MAX 64		/* Data of our Terminate-Request */

/* RFC 1661 section 4.6 defaults. */
#define PPP_FSM_MAX_TERMINATE 2
#define PPP_FSM_MAX_CONFIGURE 10
#define PPP_FSM_MAX_FAILURE 5
#define PPP_FSM_RESTART_MS 3000

struct ppp_fsm;

/* Every callback may be NULL except send and, if the automaton is ever opened, build_request. */
struct ppp_fsm_ops {
	/* Our Configure-Request's options into buf (cap bytes); returns their length. */
	size_t (*build_request)(struct ppp_fsm *f, uint8_t *buf, size_t cap);
	/*
	 * The peer's Configure-Request, its options already checked to be well formed. Returns
	 * PPP_CONF_ACK (resp ignored: the automaton acks the options exactly as received),
	 * PPP_CONF_NAK or PPP_CONF_REJ with the options to send in resp (cap bytes), their
	 * length in *resp_len. Past Max-Failure a Nak is sent as a Reject of the options it
	 * names, and if it names none the peer sent (it only appended desired options, which
	 * RFC 1661 4.6 then drops) the request is acked: a protocol that minds can look at
	 * ppp_fsm_naks_exhausted() and decide for itself.
	 */
	int (*check_request)(struct ppp_fsm *f, const uint8_t *opts, size_t len,
			     uint8_t *resp, size_t cap, size_t *resp_len);
	/*
	 * The peer's answer to our last Configure-Request, identifier already matched, options
	 * well formed; a Configure-Ack's options already equal to ours, a Configure-Reject's
	 * already found in our request. Return 0 to accept, -1 to discard the packet as invalid.
	 */
	int (*got_ack)(struct ppp_fsm *f, const uint8_t *opts, size_t len);
	int (*got_nak)(struct ppp_fsm *f, const uint8_t *opts, size_t len);
	int (*got_reject)(struct ppp_fsm *f, const uint8_t *opts, size_t len);
	/* This-Layer-Up, -Down, -Started and -Finished (RFC 1661 section 4.4). */
	void (*layer_up)(struct ppp_fsm *f);
	void (*layer_down)(struct ppp_fsm *f);
	void (*layer_started)(struct ppp_fsm *f);
	void (*layer_finished)(struct ppp_fsm *f);
	/*
	 * Codes other than 1..7 (LCP: Protocol-Reject, Echo, Discard; CCP: Reset-Request/Ack),
	 * in any state from Closed on (f->state says which; RFC 1661 wants Echo and Discard
	 * ignored outside Opened). data/len is what follows the header. Returns an enum
	 * ppp_code_verdict. An RXR in the Opened state makes the automaton answer an
	 * Echo-Request with an Echo-Reply carrying f->magic; a protocol with no such codes
	 * leaves other_code NULL.
	 */
	int (*other_code)(struct ppp_fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
			  size_t len);
	/*
	 * A Code-Reject of one of our codes: 0 if we can live without it (RXJ+), -1 if not
	 * (RXJ-). NULL: codes 1..7 are catastrophic, the others permitted.
	 */
	int (*code_rejected)(struct ppp_fsm *f, uint8_t code);
	/* A whole control packet (Code, Identifier, Length, Data) for protocol f->proto. */
	void (*send)(struct ppp_fsm *f, const uint8_t *pkt, size_t len);
	/* (Re)arm the Restart timer; when it fires, call ppp_fsm_timeout. */
	void (*timer_start)(struct ppp_fsm *f, unsigned int ms);
	void (*timer_stop)(struct ppp_fsm *f);
};

/* Everything the automaton threw away, for the caller to log. */
struct ppp_fsm_stats {
	unsigned long rx_short;		/* under 4 bytes, or fewer than the Length field says */
	unsigned long rx_bad_len;	/* Length field under 4 */
	unsigned long rx_too_long;	/* too long to answer within PPP_FSM_PKT_MAX */
	unsigned long rx_bad_id;	/* Ack/Nak/Rej not answering our last Configure-Request */
	unsigned long rx_bad;		/* malformed options or data, or refused by the protocol */
	unsigned long illegal;		/* an event the table marks '-' (packets when Down too) */
	unsigned long crossed;		/* Ack/Nak/Rej in Ack-Rcvd or Opened (RFC 1661 4.3 RCA) */
	unsigned long dup_req;		/* retransmitted requests re-acked in Opened */
};

struct ppp_fsm {
	/* Configuration: RFC 1661 defaults from ppp_fsm_init, the caller may change them. */
	unsigned int max_terminate;	/* Terminate-Requests sent in all */
	unsigned int max_configure;	/* Configure-Requests sent without an answer */
	unsigned int max_failure;	/* Configure-Naks in a row before a Reject instead */
	unsigned int restart_ms;	/* Restart timer interval, also the zrc pause */
	unsigned int peer_mru;		/* bounds the Code-/Protocol-Rejects we send (1500) */
	uint32_t magic;			/* LCP: our Magic-Number for Echo-Request/-Reply (0) */
	int passive;			/* RFC 1661 4.2 Stopped option: no tlf on TO- (0) */

	uint16_t proto;			/* PPP protocol number, for the caller's send */
	const struct ppp_fsm_ops *ops;
	void *ctx;			/* the protocol's own */

	/* Read only for the caller. */
	enum ppp_fsm_state state;
	unsigned int restart_count;
	unsigned int failures;		/* Configure-Naks sent since the last Configure-Ack */
	uint8_t next_id;		/* the next fresh Identifier */
	uint8_t req_id;			/* Identifier of our last Configure-Request */
	/*
	 * A valid reply to req_id came. Any other reply with that Identifier is stale (RFC
	 * 1661 5.1: a request after a valid reply has a fresh one): the Ack of a request we
	 * sent twice, arriving twice, must not reopen an Opened layer as a crossed connection.
	 */
	int reply_seen;
	uint8_t term_id;		/* ... and of our last Terminate-Request */
	size_t req_len;
	uint8_t req_opts[PPP_FSM_OPTS_MAX];	/* options of our last Configure-Request */
	size_t reason_len;
	uint8_t reason[PPP_FSM_REASON_MAX];	/* Data of our Terminate-Requests */
	/*
	 * The peer's request we last acked. A retransmission of it (same Identifier, same
	 * options) reaching us in Opened only lost a race with our Ack: it gets the Ack again
	 * instead of tearing the layer down for a renegotiation nobody asked for.
	 */
	int acked_valid;
	uint8_t acked_id;
	size_t acked_len;
	uint8_t acked_opts[PPP_FSM_OPTS_MAX];
	struct ppp_fsm_stats stats;
};

/* State Initial, the RFC 1661 defaults, nothing sent. */
void ppp_fsm_init(struct ppp_fsm *f, uint16_t proto, const struct ppp_fsm_ops *ops, void *ctx);

/* The external events of RFC 1661 section 4.3. */
void ppp_fsm_up(struct ppp_fsm *f);
void ppp_fsm_down(struct ppp_fsm *f);
void ppp_fsm_open(struct ppp_fsm *f);
/* reason (may be NULL) becomes the Data of the Terminate-Requests, cut to 64 bytes. */
void ppp_fsm_close(struct ppp_fsm *f, const char *reason);
/* The Restart timer fired: TO+ or TO- by the restart counter. */
void ppp_fsm_timeout(struct ppp_fsm *f);
/*
 * LCP received a Protocol-Reject naming this automaton's protocol: RXJ-. (LCP's own
 * other_code returns PPP_CODE_RXJ_MINUS instead when LCP itself is rejected.)
 */
void ppp_fsm_protocol_rejected(struct ppp_fsm *f);

/*
 * One control packet of f->proto, from its Code field on. Anything malformed is dropped and
 * counted in f->stats; bytes past the Length field are padding and ignored.
 */
void ppp_fsm_input(struct ppp_fsm *f, const uint8_t *pkt, size_t len);

/*
 * check_request's answer from the options it would Nak and those it would Reject: a Reject
 * if any, else a Nak if any (copied into resp, cut to cap), else PPP_CONF_ACK.
 */
int ppp_fsm_verdict(const uint8_t *nak, size_t nlen, const uint8_t *rej, size_t rlen,
		    uint8_t *resp, size_t cap, size_t *resp_len);

/* Nonzero once the next Configure-Nak would be turned into a Configure-Reject. */
int ppp_fsm_naks_exhausted(const struct ppp_fsm *f);

/* A fresh Identifier, for a request of a protocol's own (Echo-Request, Reset-Request). */
uint8_t ppp_fsm_next_id(struct ppp_fsm *f);
/* Frames and sends one packet; -1 if it would exceed PPP_FSM_PKT_MAX. */
int ppp_fsm_send_code(struct ppp_fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
		      size_t len);
/* Code-Reject of pkt (a whole received packet), cut to the peer's MRU, fresh Identifier. */
void ppp_fsm_send_code_reject(struct ppp_fsm *f, const uint8_t *pkt, size_t len);
/*
 * LCP only, and only in the Opened state (else -1): a Protocol-Reject of proto with the
 * rejected packet's information cut to the peer's MRU, or an Echo-Request whose Data is
 * f->magic followed by data. Both return the Identifier used.
 */
int ppp_fsm_send_protocol_reject(struct ppp_fsm *f, uint16_t proto, const uint8_t *info,
				 size_t len);
int ppp_fsm_send_echo_request(struct ppp_fsm *f, const uint8_t *data, size_t len);

const char *ppp_fsm_state_name(enum ppp_fsm_state s);

/*
 * Walks a list of Configuration Options (Type, Length, Value). *off starts at 0. Returns 1
 * with the option's type and value, 0 at the end of the list, -1 if it is malformed (an
 * option Length under 2 or running past len); *off is then left alone.
 */
int ppp_opt_next(const uint8_t *opts, size_t len, size_t *off, uint8_t *type,
		 const uint8_t **val, size_t *vlen);
/* 1 if the whole list is well formed. */
int ppp_opts_valid(const uint8_t *opts, size_t len);

#endif
