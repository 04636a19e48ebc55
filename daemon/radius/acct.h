/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RADIUS accounting (RFC 2866, 2869): Start, Interim-Update and Stop for every PPP session
 * while /ppp aaa accounting=yes and a /radius server serves ppp; Accounting-On when sluiced
 * starts and Accounting-Off when it stops. Each record goes through the durable spool
 * (radius/spool.h) before it is sent, and is sent until a server acknowledges it, oldest
 * first, with at most RAD_ACCT_INFLIGHT at a time (one at start and after a record went
 * unanswered, one more with each acknowledgement); when no server answers, sending pauses
 * and retries with a growing delay (5 s to 2 min). Acct-Delay-Time tells the server how old
 * a record is.
 */
#ifndef SLUICED_RADIUS_ACCT_H
#define SLUICED_RADIUS_ACCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RAD_ACCT_INFLIGHT 32
#define RAD_ACCT_DRAIN_MS 3000	/* at stop, for the last records to be acknowledged */

struct ppp_link;
struct sluice_session_info;

/* Loads the spool (NULL: memory only), registers the link hooks, sends Accounting-On. */
int rad_acct_init(const char *spool_path);
/* Accounting-Off, up to RAD_ACCT_DRAIN_MS for the queue to be acknowledged (the event loop
 * runs again: call it after loop_run returned), and the spool closed (it keeps what is
 * left). */
void rad_acct_done(void);

/* The attributes of a session's record, without Acct-Delay-Time; for tests, pure. */
struct rad_acct_session {
	uint32_t status;		/* 1 start, 2 stop, 3 interim */
	const char *user, *session_id, *nas_id, *cause;
	uint32_t nas_ip, nas_port, caller, framed_ip;
	const char *caller_id;		/* Calling-Station-Id as text (a MAC) instead of caller */
	uint32_t nas_port_type;		/* 0: Virtual (5) */
	const uint8_t *framed_ipv6;	/* Framed-IPv6-Prefix: the session's RA prefix ... */
	unsigned int framed_ipv6_len;	/* ... its length; 0: none */
	const uint8_t *delegated_ipv6;	/* Delegated-IPv6-Prefix: DHCPv6's ... */
	unsigned int delegated_ipv6_len;	/* ... 0: none */
	long session_time;
	uint64_t in_octets, out_octets, in_packets, out_packets;
	const uint8_t *class_;
	size_t class_len;
	int authentic;			/* 1 RADIUS, 2 local */
	bool ipsec;			/* an IKE session's: no Framed-Protocol, service=ipsec */
	int64_t now;
};
/* A record of a session that is not a PPP link (an IKE SA): the same spool and rules, sent
 * to the servers of service=ipsec when .ipsec is set. The caller decides it is wanted. */
void rad_acct_record(const struct rad_acct_session *s);
/* NAS-Identifier: the host name */
void rad_acct_nas_id(char *host, size_t cap);
int rad_acct_build(const struct rad_acct_session *s, uint8_t *out, size_t cap, size_t *len);
/* RFC 2866 5.10's number for a link's end cause ("idle-timeout" -> 4). */
uint32_t rad_acct_terminate_cause(const char *cause);

#endif /* SLUICED_RADIUS_ACCT_H */
