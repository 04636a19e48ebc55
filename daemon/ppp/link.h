/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One PPP link, server side (the dial-out role: ppp/client.h): LCP, authentication, CCP
 * (MPPE), IPCP and IPv6CP negotiated here over the kernel session's control-frame channel; when IPCP
 * (and CCP, if encryption is on) is
 * open, one netlink call hands the kernel the keys and options, the interface gets its name
 * "<service-user>", its addresses and routes, and comes up. Every end — terminate, keepalive
 * loss, authentication failure, admin removal, the transport going away — runs one teardown.
 */
#ifndef SLUICED_PPP_LINK_H
#define SLUICED_PPP_LINK_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "core/loop.h"
#include "ppp/auth.h"
#include "ppp/fsm.h"
#include "aaa/ipam6.h"
#include "strbuf.h"

#define PPP_LCP 0xc021
#define PPP_IPCP 0x8021
#define PPP_CCP 0x80fd
#define PPP_IPV6CP 0x8057

struct ppp_link;

struct ppp_link_ops {
	/*
	 * The link has ended (cause as RADIUS would name it); the transport must now clear its
	 * call and free the link with ppp_link_free — from a later event (a 0 ms timer), never
	 * inside this callback, which may run in the middle of the link's own code.
	 */
	void (*finished)(struct ppp_link *l, const char *cause);
	/* optional: the link is up (in the kernel, addressed, routed) */
	void (*up)(struct ppp_link *l);
};

struct ppp_client_conf;
struct ppp_server_cfg;

struct ppp_link_params {
	const char *service;		/* "pptp" */
	uint32_t session;		/* the kernel session's id, made (pending) by the transport */
	uint32_t ifindex;		/* its interface: 0 until link_push_kernel() attaches it */
	uint32_t caller;		/* the peer's public address, network order; 0: none */
	char caller_id[24];		/* else the caller as text: PPPoE's peer MAC */
	unsigned int nas_port_type;	/* RADIUS's NAS-Port-Type; 0: Virtual (5) */
	char tag[64];			/* log prefix naming the call: "pptp 10.0.0.2:1234 call 5" */
	/* the IPsec SA the transport rides ("IPsec AES_CBC-128/HMAC_SHA1_96"), "" for none:
	 * /ppp active's encoding (L2TP/IPsec) */
	char ipsec[80];
	/* a served call's settings when its transport keeps them (read at the start); NULL:
	 * the transport's singleton server menu */
	const struct ppp_server_cfg *server;
	/* NULL: we serve the peer; else we dial out with these settings (ppp/client.h) */
	const struct ppp_client_conf *client;
};

enum ppp_link_phase { PHASE_LCP, PHASE_AUTH, PHASE_NETWORK, PHASE_UP, PHASE_TERMINATE };

/* the profile's use-encryption */
enum ppp_encryption {
	PPP_ENCRYPTION_NO,
	PPP_ENCRYPTION_YES,		/* MPPE if the peer agrees */
	PPP_ENCRYPTION_REQUIRED,	/* MPPE or no link */
};

/* the profile's use-ipv6: IPv6CP refused, offered, or needed for the link to come up */
enum ppp_ipv6 { PPP_IPV6_NO, PPP_IPV6_YES, PPP_IPV6_REQUIRE };

/*
 * What RADIUS says about a session over its profile: the Access-Accept's attributes, later a
 * CoA's. A zero or empty value: the profile's. set names the values a sender gives; the
 * others stay as they were.
 */
enum ppp_override {
	PPP_OVR_RATE_LIMIT = 1 << 0,		/* Mikrotik-Rate-Limit */
	PPP_OVR_SESSION_TIMEOUT = 1 << 1,	/* Session-Timeout */
	PPP_OVR_IDLE_TIMEOUT = 1 << 2,		/* Idle-Timeout */
	PPP_OVR_INTERIM = 1 << 3,		/* Acct-Interim-Interval */
	PPP_OVR_DNS = 1 << 4,			/* MS-Primary/Secondary-DNS-Server */
};

struct ppp_overrides {
	unsigned int set;		/* enum ppp_override bits */
	char rate_limit[64];
	unsigned int session_timeout, idle_timeout, interim_s;	/* seconds */
	uint32_t dns[2];		/* both, if the first is given */
};

struct ppp_role_ops;

/* the role's settings, read when the call arrived (server) or from the client's item */
struct ppp_link_conf {
	unsigned int allowed_auth;	/* CFG_AUTH_* */
	unsigned int keepalive_s;
	uint16_t max_mtu, max_mru;	/* 0: auto (the transport's) */
	char default_profile[65];	/* the server's, for a secret whose profile is default */
};

/* what LCP, CCP and IPCP agreed with the peer, and how the asking went */
struct ppp_negotiated {
	uint32_t peer_magic;
	uint16_t peer_mru;
	unsigned int lcp_rejected;	/* our LCP options the peer rejected */
	uint32_t tx_flags;		/* SLUICE_PPP_F_*: compressions the peer accepts */
	enum ppp_auth_method auth_method;
	uint32_t mppe_offer;		/* CCP bits we accept */
	uint32_t mppe_bits;		/* agreed: the peer's acked request */
	bool ccp_done;			/* opened, or given up where encryption is optional */
	unsigned int ipcp_refusals;	/* Naks and Rejects of our IP-Address */
	unsigned int ipv6cp_refusals;	/* Naks of our Interface-Identifier */
	bool ipv6cp_iid_rejected;	/* the peer will not hear of ours */
	bool ipv6cp_done;		/* IPv6CP gave up: IPv4 only */
	bool ipv6_pushed;		/* the kernel carries IPv6 and the link-locals are set */
	unsigned int echo_unanswered;
};

/* the profile's word for the session, with RADIUS's and CoA's over it */
struct ppp_link_policy {
	enum ppp_encryption encryption;
	enum ppp_ipv6 ipv6;
	char rate_limit[64];		/* in force: the kernel shapes by it (link_push_rate) */
	bool rate_pushed;		/* the kernel holds a limit of ours */
	unsigned int session_timeout, idle_timeout;	/* seconds, 0: none */
	struct ppp_overrides overrides;	/* RADIUS's and CoA's, in force over the profile */
	unsigned long login_seq;	/* when it authenticated, among all links */
};

/* accounting, and the counters idle-timeout watches */
struct ppp_link_acct_state {
	bool started;			/* a start record went out: a stop follows */
	unsigned int interim_s;
	uint64_t idle_rx_packets;	/* data packets received when last looked */
	time_t idle_since;		/* when that count last moved */
};

struct ppp_link_timers {
	struct loop_timer lcp, ccp, ipcp, ipv6cp;	/* the automatons' restart timers */
	struct loop_timer keepalive, hold;
	struct loop_timer later;	/* a close decided inside an automaton's callback */
	struct loop_timer setup;	/* the whole negotiation must finish in time */
	struct loop_timer limit;	/* session-timeout and idle-timeout */
	struct loop_timer interim;	/* /ppp aaa interim-update */
	struct loop_timer replace_wait;	/* only-one=replace: the older sessions are ending */
};

struct ppp_link {
	/* identity */
	struct ppp_link_params p;
	const struct ppp_role_ops *role;	/* server or dial-out: ppp/link_int.h */
	const struct ppp_link_ops *ops;
	void *ctx;			/* the transport's */
	struct ppp_link *next, *prev;	/* every link, for /ppp active */
	unsigned int id;		/* Acct-Session-Id */
	char user[65];
	char profile[65];

	/* state */
	enum ppp_link_phase phase;
	time_t started, up_since;
	char cause[48];
	const char *later_cause;
	bool done;			/* finish() ran: nothing more happens */

	struct ppp_link_conf conf;
	struct ppp_fsm lcp, ccp, ipcp, ipv6cp;
	struct ppp_negotiated neg;
	struct ppp_auth auth;		/* the authenticator role's */
	bool backed_off;		/* its login was refused by aaa/backoff.h */
	char backoff_why[64];
	struct ppp_client *client;	/* the dial-out role's state; NULL on a server link */

	/* addressing */
	uint32_t local_addr, remote_addr, dns[2];
	uint8_t local_iid[8], remote_iid[8];	/* IPv6CP's Interface-Identifiers */
	struct ipam6_prefix prefix6;	/* advertised for SLAAC (ppp/ra.c); len 0: none */
	char prefix6_pool[65];		/* the /ipv6 pool it came from */
	struct ipam6_prefix pd6;	/* delegated by DHCPv6 (ppp/dhcpv6_server.c); len 0: none */
	char pd6_pool[65];
	uint8_t dns6[AUTH_DNS6_MAX][16];	/* IPv6 DNS servers: RDNSS (ra.c), DHCPv6 */
	unsigned int ndns6;
	struct {
		bool joined;		/* its interface hears ff02::1:2 ... */
		unsigned int joiner;	/* ... through this socket of dhcpv6_server.c's */
	} dhcpv6;
	struct {
		struct loop_timer timer;
		bool active;		/* advertising: in ra.c's map, the timer running */
		uint64_t last_ms;
		unsigned int sent;
	} ra;
	bool addr_from_pool;
	char ifname[16];

	struct ppp_link_policy policy;
	struct ppp_link_acct_state acct;
	struct ppp_link_timers timers;
};

/*
 * Accounting beyond the log (RADIUS registers these): called when /ppp aaa accounting=yes,
 * with the kernel's counters for interim and stop (zeros if the session was never up).
 */
struct sluice_session_info;
struct ppp_link_acct_ops {
	void (*start)(struct ppp_link *l);
	void (*interim)(struct ppp_link *l, const struct sluice_session_info *si);
	void (*stop)(struct ppp_link *l, const struct sluice_session_info *si);
};
extern const struct ppp_link_acct_ops *ppp_link_acct;

/* Every link in turn: NULL gives the first; NULL after the last. */
struct ppp_link *ppp_link_next(struct ppp_link *l);
/* /ppp active's caller-id, RADIUS's Calling-Station-Id: the address, or the MAC. */
#define PPP_CALLER_ID_SIZE 46
static inline const char *ppp_link_caller_id(const struct ppp_link *l,
					     char out[PPP_CALLER_ID_SIZE])
{
	if (l->p.caller_id[0])
		snprintf(out, PPP_CALLER_ID_SIZE, "%s", l->p.caller_id);
	else
		inet_ntop(AF_INET, &l->p.caller, out, PPP_CALLER_ID_SIZE);
	return out;
}
/*
 * The session's MTU: within the peer's MRU, which bounds the information field of what we
 * send (RFC 1661), and max-mtu. MPPE's header and the protocol field it encrypts take 4
 * bytes of that field, so an MPPE session's packets are 4 bytes shorter, as pppd makes
 * them (its MPPE_PAD): without that, a full-sized packet of a PPPoE session would not fit
 * its Ethernet frame.
 */
#define PPP_MPPE_PAD 4
static inline uint16_t ppp_link_mtu(const struct ppp_link *l)
{
	uint16_t mtu = l->neg.peer_mru < l->conf.max_mtu ? l->neg.peer_mru : l->conf.max_mtu;

	return l->neg.mppe_bits && mtu >= 68 + PPP_MPPE_PAD ? mtu - PPP_MPPE_PAD : mtu;
}
/* Did we dial this link (pptp-client, l2tp-client)? */
bool ppp_link_outgoing(const struct ppp_link *l);
/*
 * RADIUS (Access-Accept) or a CoA overrides the profile: the one place that rule is applied.
 * A Session-Timeout or Idle-Timeout on a link that is up restarts its limits, counted from
 * when it came up.
 */
void ppp_link_apply_overrides(struct ppp_link *l, const struct ppp_overrides *o);

/* Acct-Session-Id, /ppp active session-id and the accounting log's session=: one spelling */
#define PPP_SESSION_ID_FMT "%08x"
#define PPP_SESSION_ID_SIZE 16
static inline void ppp_session_id(const struct ppp_link *l, char out[PPP_SESSION_ID_SIZE])
{
	snprintf(out, PPP_SESSION_ID_SIZE, PPP_SESSION_ID_FMT, l->id);
}

/* A new session id, unique among all sessions of this sluiced (PPP links and IKE SAs). */
uint32_t ppp_new_session_id(void);
/* Creates the link and starts LCP; NULL if out of memory. */
struct ppp_link *ppp_link_new(const struct ppp_link_params *p, const struct ppp_link_ops *ops,
			      void *ctx);
/* Ends the link (Terminate-Request) for cause; ops->finished follows. */
void ppp_link_close(struct ppp_link *l, const char *cause);
/* The transport is gone: no more frames; ops->finished follows at once. */
void ppp_link_lower_down(struct ppp_link *l, const char *cause);
void ppp_link_free(struct ppp_link *l);
/* "MPPE128 stateless", or "" without MPPE: what /ppp active shows as encoding */
const char *ppp_link_encoding(const struct ppp_link *l);

/* how many links there are (every phase) */
unsigned int ppp_active_count(void);
/*
 * The kernel sessions are all gone at once (the module was unloaded): every link not yet
 * ended ends now with cause, as if its transport had gone (ppp_link_lower_down). Returns how
 * many did.
 */
unsigned int ppp_link_lower_down_all(const char *cause);

#endif /* SLUICED_PPP_LINK_H */
