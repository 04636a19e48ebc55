// SPDX-License-Identifier: GPL-2.0
/*
 * /interface l2tp-client: each enabled item is one tunnel to connect-to:1701 carrying one
 * incoming call, we being the LAC (as RouterOS's l2tp-client and xl2tpd's lac sections are):
 * a UDP socket of its own, connect()ed to the server (its port: below), SCCRQ/SCCRP/SCCCN and
 * ICRQ/ICRP/ICCN
 * over tunnel.c's control connection, the one the LNS uses too (reliable delivery, HELLO,
 * StopCCN, CDN, the call table), then a kernel session on
 * that socket — the module takes the data messages from its first one, as on the server —
 * and a PPP link in the dial-out role (ppp/client.h).
 *
 * Any end (the link's: authentication failure, terminate, keepalive; the server's CDN or
 * StopCCN; the tunnel going silent) tears everything down and dials again after the shared
 * jittered backoff (ppp/dialout.h). We clear what we can: CDN for the call, then StopCCN,
 * waiting for its acknowledgement a few seconds at most; after the server's StopCCN we
 * linger a moment so our acknowledgement goes out. Disabling or removing the item ends
 * cleanly in the same way, starting with LCP Terminate. Links are freed from a 0 ms timer,
 * never inside their own callbacks; a removed client is freed the same way.
 *
 * One socket per client rather than one shared socket: the server tells tunnels apart by
 * address and port, so each client's tunnel is its own, and closing a client's socket is
 * enough to take its kernel session with it. ESP under it (use-ipsec) comes with the IPsec
 * issue: the socket is an ordinary UDP socket, so a transport-mode SA applies to it as is.
 *
 * The server's port. RFC 2661 section 8.1: "The initiator of an L2TP tunnel picks an
 * available source UDP port (which may or may not be 1701), and sends to the desired
 * destination address at port 1701. The recipient picks a free port on its own system (which
 * may or may not be 1701)" and replies from it to the initiator's port; "Once the source and
 * destination ports and addresses are established, they MUST remain static for the life of
 * the tunnel." So the SCCRQ goes to port 1701 with the socket connect()ed to the server's
 * address and port 0, which the kernel takes as "any port of that address" (other addresses
 * are dropped there, and ICMP errors still reach us); the datagram that delivers the SCCRP
 * names the server's port, and the socket is connect()ed again to exactly that address and
 * port before the SCCCN goes out. From then on the kernel drops other ports, and what was
 * queued before the switch is dropped here (counted, logged rate-limited). The kernel session
 * is pushed with that port (the module sends data to it and takes data only from it) and its
 * receive needs the socket to accept that port, which the connect() makes sure of.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "admin/config.h"
#include "ipsec/identity_menu.h"
#include "ipsec/ipsec.h"
#include "ipsec/peer_menu.h"
#include "ipsec/policy_menu.h"
#include "l2tp/client_menu.h"
#include "core/kernel.h"
#include "l2tp/client.h"
#include "l2tp/msg.h"
#include "l2tp/tunnel.h"
#define LOG_TOPIC LOG_T_L2TP
#include "core/log.h"
#include "core/loop.h"
#include "ppp/client.h"
#include "ppp/dialout.h"
#include "ppp/link.h"

#define SETUP_MS 15000		/* first SCCRQ to ICRP */
#define HELLO_MS 60000		/* RFC 2661 section 6.5: a HELLO after 60 s of silence */
#define STOP_WAIT_MS 3000	/* for the acknowledgement of our StopCCN */
#define LINGER_MS 1000		/* after the server's StopCCN: our acknowledgement goes out */
#define MSG_BUF 512		/* everything we send fits */
#define CONNECT_SPEED 100000000	/* what ICCN claims: a 100 Mbit/s "line" */

/* where an ACTIVE client is */
enum client_phase {
	CL_WAIT_SCCRP,
	CL_WAIT_ICRP,
	CL_CALL,		/* the kernel session and the PPP link exist */
	CL_STOPPING,		/* StopCCN sent (or received): the socket closes soon */
};

struct l2tp_client {
	struct dialout d;		/* first: ppp/dialout.c's half */
	struct loop_fd w;		/* the UDP socket, connected to the server; fd -1 if closed */
	uint16_t server_port;		/* host order: 1701, then the port the SCCRP came from */
	bool port_fixed;		/* the SCCRP came: server_port is the tunnel's for good */
	uint16_t rx_port;		/* the source port of the datagram being handled */
	enum client_phase phase;
	/* the tunnel (its secret: tunnel-secret, for authentication and hidden AVPs) and its
	 * one call, in the tunnel's call table from ICRQ on; call.ended: no CDN from us (the
	 * server cleared it, or none exists) */
	struct l2tp_tunnel t;
	struct l2tp_session call;
	struct l2tp_stats stats;
	uint32_t local_addr;
	uint16_t local_port;
	bool tunnel_cleared;		/* no StopCCN from us: the server stopped, or it is dead */
	bool stop_sent;			/* our StopCCN: the socket closes once it is acknowledged */
	struct loop_timer timer;	/* setup deadline, stop wait */
	struct loop_timer hello;	/* the server silent for HELLO_MS: a HELLO */
	uint64_t dropped;		/* datagrams from the server refused (logged at debug) */
	uint64_t foreign;		/* ... and from elsewhere (another address, or port once
					 * server_port is fixed); the kernel drops most of them */
	bool use_ipsec;			/* use-ipsec=yes: dial through IPsec */
	struct loop_timer ipsec_wait;	/* charon not up yet: initiate again */
	char ipsec_secret[CFG_VALUE_MAX + 1];
	char owner[32];			/* its dynamic /ip ipsec items: "l2tp-client:NAME" */
};

#define CLIENT_OF(p, member) \
	((struct l2tp_client *)((char *)(p) - offsetof(struct l2tp_client, member)))

static void clear_tunnel(struct l2tp_client *c, uint16_t result, const char *cause,
			 const char *why);

/* --- the socket and the control channel */

static void close_socket(struct l2tp_client *c)
{
	if (c->t.rel_live)
		l2tp_tunnel_stop_delivery(&c->t);
	loop_timer_cancel(&c->hello);
	loop_timer_cancel(&c->ipsec_wait);
	ipsec_initiate_cancel(c);
	if (c->w.fd < 0)
		return;
	loop_del(&c->w);
	close(c->w.fd);		/* the module deletes any session still on it */
	c->w.fd = -1;
}

/* The socket is closed: down now, or once reap() has freed the link. */
static void finish_stop(struct l2tp_client *c)
{
	if (c->d.session && c->d.link_ended) {	/* before its socket, so reap() finds it gone */
		kernel_session_del(c->d.session);
		c->d.session = 0;
	}
	close_socket(c);
	loop_timer_cancel(&c->timer);
	if (!c->d.link)
		dialout_went_down(&c->d);
}

static void send_cdn(struct l2tp_client *c, uint16_t result)
{
	c->call.ended = true;
	l2tp_tunnel_send_cdn(&c->t, c->call.peer_id, c->call.local_id, result, 0, NULL);
}

/* --- the call: a kernel session and a PPP link */

static bool admin_cause(const char *cause)
{
	return !strcmp(cause, "admin-disabled") || !strcmp(cause, "removed") ||
	       !strcmp(cause, "settings-changed");
}

/* The link is gone: its session goes, then the call and the tunnel are cleared. */
static void reap(struct dialout *d)
{
	struct l2tp_client *c = (struct l2tp_client *)d;

	dialout_free_call(d);
	if (c->w.fd < 0) {
		dialout_went_down(d);
		return;
	}
	if (c->phase == CL_STOPPING)
		return;		/* the stop under way closes the socket, then goes down */
	if (!c->call.ended)
		send_cdn(c, admin_cause(c->d.cause) ? L2TP_CDN_ADMIN : L2TP_CDN_LOST_CARRIER);
	clear_tunnel(c, L2TP_STOPCCN_CLEAR, "lost-carrier", NULL);
}

static int call_session(struct l2tp_client *c)
{
	struct sluice_session_params p = {
		.mtu = c->d.conf.max_mtu, .encap = SLUICE_NL_ENCAP_L2TP, .l2tp_fd = c->w.fd,
		.local_addr = c->local_addr, .peer_addr = c->d.server, .peer_port = c->server_port,
		.local_tunnel_id = c->t.local_id, .local_session_id = c->call.local_id,
		.peer_tunnel_id = c->t.peer_id, .peer_session_id = c->call.peer_id,
		.pending = true,
	};
	int ret = kernel_session_new(&p);

	if (!ret)
		c->d.session = p.id;
	return ret;
}

static void start_call(struct l2tp_client *c)
{
	struct ppp_link_params lp = { .service = "l2tp", .caller = c->d.server, .client = &c->d.conf };
	uint8_t buf[MSG_BUF];
	struct l2tp_build b;
	int ret = call_session(c);

	if (ret) {
		log_err("%s: no kernel session for the call: %s", c->d.name, strerror(-ret));
		send_cdn(c, L2TP_CDN_NO_FACILITIES_TEMP);
		clear_tunnel(c, L2TP_STOPCCN_CLEAR, "nas-error", NULL);
		return;
	}
	l2tp_rel_build_start(&c->t.rel, &b, buf, sizeof(buf), c->call.peer_id, L2TP_ICCN);
	l2tp_put_u32(&b, L2TP_AVP_M, L2TP_AVP_TX_CONNECT_SPEED, CONNECT_SPEED);
	l2tp_put_u32(&b, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE, L2TP_FRAMING_SYNC);
	l2tp_tunnel_send_built(&c->t, &b, "ICCN");
	lp.session = c->d.session;
	snprintf(lp.tag, sizeof(lp.tag), "%s", c->d.name);
	c->d.link_ended = false;
	c->d.link = ppp_link_new(&lp, &dialout_link_ops, &c->d);
	if (!c->d.link) {
		log_err("%s: out of memory for the link", c->d.name);
		send_cdn(c, L2TP_CDN_NO_FACILITIES_TEMP);
		clear_tunnel(c, L2TP_STOPCCN_CLEAR, "nas-error", NULL);
		return;
	}
	c->phase = CL_CALL;
	loop_timer_cancel(&c->timer);	/* the link has its own setup deadline */
	log_info("%s: session %u (the server's %u) in tunnel %u as session %u: negotiating PPP",
		 c->d.name, c->call.local_id, c->call.peer_id, c->t.local_id, c->d.session);
}

/* --- messages from the server */

static void send_icrq(struct l2tp_client *c)
{
	uint8_t buf[MSG_BUF];
	struct l2tp_build b;

	c->call = (struct l2tp_session){ .tunnel = &c->t, .local_id = l2tp_random_id() };
	snprintf(c->call.tag, sizeof(c->call.tag), "%s", c->d.name);
	l2tp_rel_build_start(&c->t.rel, &b, buf, sizeof(buf), 0, L2TP_ICRQ);
	l2tp_put_u16(&b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, c->call.local_id);
	l2tp_put_u32(&b, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL_NUMBER, c->call.local_id);
	l2tp_put_u32(&b, L2TP_AVP_M, L2TP_AVP_BEARER_TYPE, 0);
	l2tp_tunnel_send_built(&c->t, &b, "ICRQ");
	c->t.sessions = &c->call;
	c->phase = CL_WAIT_ICRP;
}

/* Tunnel authentication both ways, if a secret is set: "" if fine, else why not. */
static const char *sccrp_auth(struct l2tp_client *c, const struct l2tp_msg *m,
			      uint8_t response[L2TP_CHALLENGE_RESPONSE_LEN], bool *respond)
{
	const uint8_t *p;
	size_t len;

	*respond = false;
	if (c->t.secret_len &&
	    (l2tp_get_challenge_response(m, &p, &len) ||
	     l2tp_challenge_verify(L2TP_SCCRP, c->t.secret, c->t.secret_len, c->t.challenge,
				   sizeof(c->t.challenge), p, len)))
		return l2tp_msg_has(m, L2TP_AVP_CHALLENGE_RESPONSE) ? "wrong Challenge Response"
								   : "no Challenge Response";
	if (l2tp_get_challenge(m, &p, &len))
		return "";
	if (!c->t.secret_len)
		return "the server asks for tunnel authentication and no tunnel-secret is set";
	if (l2tp_challenge_response(L2TP_SCCCN, c->t.secret, c->t.secret_len, p, len, response))
		return "cannot compute the Challenge Response";
	*respond = true;
	return "";
}

/*
 * The port the SCCRP came from is the server's for the life of the tunnel (RFC 2661 section
 * 8.1, quoted at the top of this file): everything goes there from now on, and the socket is
 * connect()ed to it so that the kernel drops other ports (the kernel session's data included).
 */
static void fix_server_port(struct l2tp_client *c)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(c->rx_port),
				  .sin_addr.s_addr = c->d.server };

	if (c->rx_port != L2TP_PORT)
		log_info("%s: the server answers from port %u: the tunnel uses it from now on",
			 c->d.name, c->rx_port);
	c->server_port = c->rx_port;
	c->port_fixed = true;
	if (connect(c->w.fd, (struct sockaddr *)&sa, sizeof(sa)))	/* unlikely: a route */
		log_warn("%s: connect to the server's port %u: %s (other ports dropped here only)",
			 c->d.name, c->rx_port, strerror(errno));
}

static void on_sccrp(struct l2tp_client *c, const struct l2tp_msg *m)
{
	uint8_t buf[MSG_BUF], response[L2TP_CHALLENGE_RESPONSE_LEN];
	struct l2tp_build b;
	const char *refusal;
	bool respond;

	fix_server_port(c);	/* before anything is sent: the SCCCN, or a StopCCN */
	l2tp_tunnel_take_peer(&c->t, m);
	refusal = sccrp_auth(c, m, response, &respond);
	if (refusal[0]) {
		log_warn("%s: tunnel authentication with \"%s\" failed: %s", c->d.name, c->t.host,
			 refusal);
		clear_tunnel(c, L2TP_STOPCCN_NOT_AUTHORIZED, "tunnel-authentication-failure", NULL);
		return;
	}
	l2tp_rel_build_start(&c->t.rel, &b, buf, sizeof(buf), 0, L2TP_SCCCN);
	if (respond)
		l2tp_put_bytes(&b, L2TP_AVP_M, L2TP_AVP_CHALLENGE_RESPONSE, response,
			       sizeof(response));
	l2tp_tunnel_send_built(&c->t, &b, "SCCCN");
	log_info("%s: tunnel %u to \"%s\" (its tunnel %u)%s", c->d.name, c->t.local_id, c->t.host,
		 c->t.peer_id, c->t.secret_len ? ", authenticated" : "");
	c->t.state = L2TP_T_ESTABLISHED;
	send_icrq(c);
}

static void on_icrp(struct l2tp_client *c, const struct l2tp_msg *m)
{
	if (m->hdr.session_id != c->call.local_id ||
	    l2tp_get_assigned_session_id(m, &c->call.peer_id)) {
		clear_tunnel(c, L2TP_STOPCCN_FSM_ERROR, "lost-service",
			    "an Incoming-Call-Reply for another call");
		return;
	}
	start_call(c);
}

static void unexpected(struct l2tp_client *c, const struct l2tp_msg *m)
{
	clear_tunnel(c, L2TP_STOPCCN_FSM_ERROR, "lost-service",
		     m->type == L2TP_SCCRP ? "a second SCCRP" : "an unexpected message");
}

/* --- what the tunnel (tunnel.c) leaves to the LAC */

/* SCCRP while waiting for it; HELLO, SLI and WEN need nothing; the rest is out of place. */
static void on_control(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	struct l2tp_client *c = t->ctx;

	if (m->type == L2TP_SCCRP && c->phase == CL_WAIT_SCCRP)
		on_sccrp(c, m);
	else if (m->type != L2TP_HELLO && m->type != L2TP_SLI && m->type != L2TP_WEN)
		unexpected(c, m);
}

/* Of a call's messages but CDN, the LAC expects only the ICRP answering its ICRQ. */
static void on_call_msg(struct l2tp_tunnel *t, struct l2tp_session *s, const struct l2tp_msg *m)
{
	struct l2tp_client *c = t->ctx;

	(void)s;
	if (m->type == L2TP_ICRP && c->phase == CL_WAIT_ICRP)
		on_icrp(c, m);
	else
		unexpected(c, m);
}

/* The server cleared our call: the link ends, then the tunnel is stopped. */
static void on_call_cleared(struct l2tp_tunnel *t, struct l2tp_session *s)
{
	struct l2tp_client *c = t->ctx;

	s->ended = true;
	dialout_set_cause(&c->d, "lost-carrier");
	if (c->d.link && !c->d.link_ended)
		ppp_link_lower_down(c->d.link, "lost-carrier");	/* reap() goes on */
	else if (!c->d.link)
		clear_tunnel(c, L2TP_STOPCCN_CLEAR, "call-refused", NULL);
}

static void on_refused(struct l2tp_tunnel *t, const struct l2tp_msg *m, const uint8_t *buf)
{
	(void)m;
	(void)buf;
	clear_tunnel(t->ctx, L2TP_STOPCCN_GENERAL_ERROR, "lost-service", NULL);
}

static void on_stopped(struct l2tp_tunnel *t)
{
	struct l2tp_client *c = t->ctx;

	c->tunnel_cleared = true;
	c->call.ended = true;
	clear_tunnel(c, 0, "lost-carrier", NULL);
}

static void send_datagram(struct l2tp_tunnel *t, const uint8_t *buf, size_t len)
{
	struct l2tp_client *c = t->ctx;

	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(c->server_port),
				  .sin_addr.s_addr = c->d.server };

	/* sendto: before the SCCRP the socket's own peer is the server's port 0 */
	if (c->w.fd < 0 || sendto(c->w.fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&to,
				  sizeof(to)) >= 0)
		return;
	log_debug("%s: send: %s", c->d.name, strerror(errno));
	if (errno == ECONNREFUSED && c->phase == CL_STOPPING)
		loop_timer_arm(&c->timer, 0);	/* nobody listens for our StopCCN: close now */
}

static void on_dead(struct l2tp_tunnel *t, const char *reason)
{
	struct l2tp_client *c = t->ctx;

	if (c->phase != CL_STOPPING)
		log_warn("%s: the server stopped answering (%s)", c->d.name, reason);
	c->tunnel_cleared = true;
	c->call.ended = true;
	clear_tunnel(c, 0, "lost-carrier", NULL);
	loop_timer_arm(&c->timer, 0);	/* nothing can be sent: close, from the loop */
}

static const struct l2tp_tunnel_ops lac_tunnel_ops = {
	.send = send_datagram, .control = on_control, .call = on_call_msg,
	.call_cleared = on_call_cleared, .refused = on_refused, .stopped = on_stopped,
	.dead = on_dead,
};

/*
 * Ends the tunnel: StopCCN (result; 0 when the server stopped it or cannot hear us), the link
 * taken down (reap() frees it), the socket closed once the StopCCN is acknowledged, after
 * LINGER_MS if the server stopped it, or at STOP_WAIT_MS at the latest.
 */
static void clear_tunnel(struct l2tp_client *c, uint16_t result, const char *cause,
			 const char *why)
{
	if (c->phase == CL_STOPPING)
		return;
	if (why)
		log_info("%s: %s", c->d.name, why);
	dialout_set_cause(&c->d, cause);
	c->phase = CL_STOPPING;
	c->t.state = L2TP_T_STOPPING;
	loop_timer_cancel(&c->hello);
	if (c->d.link && !c->d.link_ended)
		ppp_link_lower_down(c->d.link, c->d.cause);
	if (!c->tunnel_cleared && c->t.peer_id && result) {
		l2tp_tunnel_send_stopccn(&c->t, result, 0, NULL);
		c->tunnel_cleared = true;
		c->stop_sent = true;
		loop_timer_arm(&c->timer, STOP_WAIT_MS);
	} else if (c->t.peer_id && c->t.rel_live) {
		loop_timer_arm(&c->timer, LINGER_MS);	/* our acknowledgements go out */
	} else {
		loop_timer_arm(&c->timer, 0);		/* nothing to say: close from the loop */
	}
}

static void hello_expired(struct loop_timer *t)
{
	struct l2tp_client *c = CLIENT_OF(t, hello);

	l2tp_tunnel_send_hello(&c->t);	/* unacknowledged, it ends in on_dead() */
	loop_timer_arm(&c->hello, HELLO_MS);
}

/*
 * Whether a datagram comes from the server: its address, and its port once the SCCRP fixed
 * it. The kernel drops nearly all the rest (the socket is connected); what was queued before
 * the SCCRP switched the port is dropped here, counted, and logged (rate-limited).
 */
static bool from_server(struct l2tp_client *c, const struct sockaddr_in *from)
{
	char a[INET_ADDRSTRLEN], srv[INET_ADDRSTRLEN], port[16] = "";

	if (from->sin_family == AF_INET && from->sin_addr.s_addr == c->d.server &&
	    (!c->port_fixed || ntohs(from->sin_port) == c->server_port))
		return true;
	c->foreign++;
	inet_ntop(AF_INET, &from->sin_addr, a, sizeof(a));
	inet_ntop(AF_INET, &c->d.server, srv, sizeof(srv));
	if (c->port_fixed)
		snprintf(port, sizeof(port), " port %u", c->server_port);
	log_info_from(from->sin_addr.s_addr, "%s: datagram from %s:%u dropped: the server is %s%s",
		      c->d.name, a, ntohs(from->sin_port), srv, port);
	return false;
}

static void input(struct l2tp_client *c, uint8_t *buf, size_t n)
{
	struct l2tp_hdr h;
	struct l2tp_msg m;
	int err = l2tp_hdr_parse(buf, n, &h);

	if (err || !(h.flags & L2TP_HDR_T) || h.tunnel_id != c->t.local_id) {
		c->dropped++;
		log_debug("%s: datagram dropped: %s", c->d.name, err ? l2tp_msg_strerror(err) :
			  !(h.flags & L2TP_HDR_T) ? "data for a session the kernel does not know" :
			  "another tunnel's");
		return;
	}
	err = l2tp_msg_parse(buf, n, c->t.secret, c->t.secret_len, &m);
	if (l2tp_header_refused(err)) {
		c->dropped++;
		log_debug("%s: control message dropped: %s", c->d.name, l2tp_msg_strerror(err));
		return;
	}
	if (!l2tp_tunnel_input(&c->t, buf, n, &m)) {
		c->dropped++;
		return;
	}
	if (c->phase == CL_CALL)
		loop_timer_arm(&c->hello, HELLO_MS);	/* the server is alive */
	if (c->phase == CL_STOPPING && c->stop_sent && c->t.rel_live &&
	    !l2tp_rel_pending(&c->t.rel))
		finish_stop(c);		/* our StopCCN is acknowledged */
}

static void sock_event(struct loop_fd *w, uint32_t events)
{
	static uint8_t buf[L2TP_MSG_MAX + 1];
	struct l2tp_client *c = CLIENT_OF(w, w);
	int i;

	(void)events;
	for (i = 0; i < 16 && c->w.fd >= 0; i++) {
		struct sockaddr_in from = { 0 };
		socklen_t len = sizeof(from);
		ssize_t n = recvfrom(c->w.fd, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &len);

		if (n < 0) {
			if (errno == ECONNREFUSED && c->phase == CL_WAIT_SCCRP) {
				c->tunnel_cleared = true;
				clear_tunnel(c, 0, "lost-service",
					    "the server's UDP port 1701 is unreachable");
				return;
			}
			if (errno == ECONNREFUSED || errno == EINTR)
				continue;	/* an ICMP error reported; what follows may be fine */
			if (errno != EAGAIN)
				log_debug("%s: recv: %s", c->d.name, strerror(errno));
			return;
		}
		if (!from_server(c, &from))
			continue;
		c->rx_port = ntohs(from.sin_port);
		input(c, buf, (size_t)n);
	}
}

/* --- dialling, backoff, stopping */

/* Connected to the server's address and port 0: any of its ports, until the SCCRP. */
static int open_socket(struct l2tp_client *c)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0,
				  .sin_addr.s_addr = c->d.server };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), err;

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len)) {
		err = -errno;
		close(fd);
		return err;
	}
	c->local_addr = sa.sin_addr.s_addr;
	c->local_port = ntohs(sa.sin_port);
	c->w = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = sock_event };
	err = loop_add(&c->w);
	if (err) {
		close(fd);
		c->w.fd = -1;
	}
	return err;
}

/*
 * use-ipsec=yes: RouterOS's dynamic peer (named after the client), identity and policy,
 * made once the socket's port is known. The policy is transport mode for UDP from that
 * port to any port of the server (it may answer from another, RFC 2661 8.1; the server
 * narrows it as it likes); its trap makes the first SCCRQ start IKE (main mode, the
 * pre-shared key), and the SCCRQ's retransmission goes through the SA.
 */
static void ipsec_items_put(struct l2tp_client *c)
{
	char server[INET_ADDRSTRLEN + 3], local[INET_ADDRSTRLEN + 3], port[8];
	const char *pk[] = { "name", "address", "exchange-mode" };
	const char *pv[] = { c->d.name, server, "main" };
	const char *ik[] = { "peer", "auth-method", "secret" };
	const char *iv[] = { c->d.name, "pre-shared-key", c->ipsec_secret };
	const char *k[] = { "peer", "src-address", "src-port", "dst-address", "protocol" };
	const char *v[] = { c->d.name, local, port, server, "udp" };
	struct strbuf err;

	inet_ntop(AF_INET, &c->d.server, server, INET_ADDRSTRLEN);
	inet_ntop(AF_INET, &c->local_addr, local, INET_ADDRSTRLEN);
	strcat(server, "/32");
	strcat(local, "/32");
	snprintf(port, sizeof(port), "%u", c->local_port);
	snprintf(c->owner, sizeof(c->owner), "l2tp-client:%s", c->d.name);
	sb_init(&err);
	if (cfg_dynamic_put(&ipsec_peer_menu, c->owner, pk, pv, 3, &err) ||
	    cfg_dynamic_put(&ipsec_identity_menu, c->owner, ik, iv, 3, &err) ||
	    cfg_dynamic_put(&ipsec_policy_menu, c->owner, k, v, 5, &err))
		log_err("%s: use-ipsec: %s", c->d.name, err.p ? err.p : "failed");
	sb_free(&err);
	ipsec_apply();
}

static void ipsec_items_drop(struct l2tp_client *c)
{
	if (!c->owner[0])
		return;
	cfg_dynamic_drop(&ipsec_policy_menu, c->owner);
	cfg_dynamic_drop(&ipsec_identity_menu, c->owner);
	cfg_dynamic_drop(&ipsec_peer_menu, c->owner);
	c->owner[0] = '\0';
	ipsec_apply();
}

static void send_sccrq(struct l2tp_client *c);

static void ipsec_ready(void *arg, int err, const char *why)
{
	struct l2tp_client *c = arg;

	if (c->phase != CL_WAIT_SCCRP)
		return;
	if (!err) {
		log_info("%s: IPsec up", c->d.name);
		send_sccrq(c);
		return;
	}
	log_info("%s: IPsec: %s", c->d.name, why);
	c->tunnel_cleared = true;
	clear_tunnel(c, 0, "lost-service", NULL);
}

/* The SA first (RouterOS's client does the same): the SCCRQ never leaves in clear. */
static void ipsec_start(struct l2tp_client *c)
{
	int ret = ipsec_initiate(c->d.name, ipsec_ready, c);

	if (ret == -ENOTCONN) {		/* charon starting: the setup timer bounds this */
		loop_timer_arm(&c->ipsec_wait, 500);
	} else if (ret) {
		log_info("%s: IPsec: %s", c->d.name, strerror(-ret));
		c->tunnel_cleared = true;
		clear_tunnel(c, 0, "lost-service", NULL);
	}
}

static void ipsec_wait_expired(struct loop_timer *t)
{
	struct l2tp_client *c = CLIENT_OF(t, ipsec_wait);

	if (c->phase == CL_WAIT_SCCRP)
		ipsec_start(c);
}

static void send_sccrq(struct l2tp_client *c)
{
	uint8_t buf[MSG_BUF];
	struct l2tp_build b;

	l2tp_rel_build_start(&c->t.rel, &b, buf, sizeof(buf), 0, L2TP_SCCRQ);
	l2tp_tunnel_put_identity(&c->t, &b, "sluice");
	l2tp_tunnel_send_built(&c->t, &b, "SCCRQ");
}

static void dial(struct dialout *d)
{
	struct l2tp_client *c = (struct l2tp_client *)d;
	char addr[INET_ADDRSTRLEN];
	int ret;

	inet_ntop(AF_INET, &c->d.server, addr, sizeof(addr));
	log_info("%s: connecting to %s", c->d.name, addr);
	c->t.host[0] = '\0';
	c->t.peer_id = c->call.local_id = c->call.peer_id = 0;
	c->t.sessions = NULL;
	c->t.state = L2TP_T_NEW;
	c->tunnel_cleared = false;
	c->stop_sent = false;
	c->call.ended = true;
	c->server_port = L2TP_PORT;
	c->port_fixed = false;
	c->phase = CL_WAIT_SCCRP;
	loop_timer_arm(&c->timer, SETUP_MS);
	ret = open_socket(c);
	if (ret) {
		log_info("%s: %s", c->d.name, strerror(-ret));
		c->tunnel_cleared = true;
		clear_tunnel(c, 0, "lost-service", NULL);
		return;
	}
	c->t.local_id = l2tp_random_id();
	snprintf(c->t.tag, sizeof(c->t.tag), "%s", c->d.name);
	l2tp_tunnel_start(&c->t, &lac_tunnel_ops, c, &c->stats);
	if (!c->use_ipsec) {
		ipsec_items_drop(c);
		send_sccrq(c);
		return;
	}
	ipsec_items_put(c);
	ipsec_start(c);
}

static void timer_expired(struct loop_timer *t)
{
	struct l2tp_client *c = CLIENT_OF(t, timer);

	switch (c->phase) {
	case CL_STOPPING:	/* acknowledged or not, the tunnel is over */
		finish_stop(c);
		break;
	case CL_WAIT_SCCRP:
	case CL_WAIT_ICRP:
		if (c->phase == CL_WAIT_SCCRP)
			c->tunnel_cleared = true;	/* no tunnel to stop at the server */
		clear_tunnel(c, L2TP_STOPCCN_GENERAL_ERROR, "lost-service",
			    "no answer from the server in time");
		break;
	default:
		break;
	}
}

/* Disabled, removed or changed (the cause in d->cause): end what runs, cleanly. */
static void stop(struct dialout *d)
{
	struct l2tp_client *c = (struct l2tp_client *)d;

	switch (c->phase) {
	case CL_WAIT_SCCRP:
		c->tunnel_cleared = true;
		clear_tunnel(c, 0, d->cause, NULL);
		break;
	case CL_WAIT_ICRP:
		clear_tunnel(c, L2TP_STOPCCN_CLEAR, d->cause, NULL);
		break;
	case CL_CALL:
		if (d->link && !d->link_ended)
			ppp_link_close(d->link, d->cause);	/* LCP Terminate; reap() goes on */
		break;
	case CL_STOPPING:
		break;
	}
}

static void init(struct dialout *d)
{
	struct l2tp_client *c = (struct l2tp_client *)d;

	c->w.fd = -1;
	loop_timer_init(&c->timer, timer_expired);
	loop_timer_init(&c->hello, hello_expired);
	loop_timer_init(&c->ipsec_wait, ipsec_wait_expired);
}

static void release(struct dialout *d)
{
	struct l2tp_client *c = (struct l2tp_client *)d;

	close_socket(c);
	loop_timer_cancel(&c->timer);
	ipsec_items_drop(c);
}

/* Daemon shutdown: CDN and StopCCN go once, with no waiting. */
static void shutdown_client(struct dialout *d)
{
	struct l2tp_client *c = (struct l2tp_client *)d;

	if (d->link && !d->link_ended)
		ppp_link_lower_down(d->link, "nas-reboot");
	if (c->t.rel_live && c->phase == CL_CALL && !c->call.ended)
		send_cdn(c, L2TP_CDN_ADMIN);
	if (c->t.rel_live && c->phase != CL_STOPPING)
		clear_tunnel(c, L2TP_STOPCCN_SHUTDOWN, "nas-reboot", NULL);
	dialout_free_call(d);
}

/* The tunnel secret and IPsec are ours; the rest ppp/dialout.c reads. */
static bool read_item(struct dialout *d, const struct cfg_menu *m, const struct cfg_item *it)
{
	struct l2tp_client *c = (struct l2tp_client *)d;
	const struct l2tp_client_cfg *cfg = cfg_typed(m, it);
	size_t len = strnlen(cfg->tunnel_secret, L2TP_SECRET_MAX);
	bool changed = len != c->t.secret_len || memcmp(cfg->tunnel_secret, c->t.secret, len) ||
		       c->use_ipsec != (cfg->use_ipsec == CFG_IPSEC_YES) ||
		       strcmp(c->ipsec_secret, cfg->ipsec_secret);

	memcpy(c->t.secret, cfg->tunnel_secret, len);
	c->t.secret_len = len;
	c->use_ipsec = cfg->use_ipsec == CFG_IPSEC_YES;
	snprintf(c->ipsec_secret, sizeof(c->ipsec_secret), "%s", cfg->ipsec_secret);
	return changed;
}

static const char *status(const struct dialout *d)
{
	const struct l2tp_client *c = (const struct l2tp_client *)d;

	return c->phase == CL_STOPPING ? "terminating..." :
	       c->phase == CL_CALL ? dialout_link_status(d->link) : "connecting...";
}

static void monitor(const struct dialout *d, struct strbuf *out)
{
	const struct l2tp_client *c = (const struct l2tp_client *)d;
	char a[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN];

	if (c->phase != CL_CALL)
		return;
	inet_ntop(AF_INET, &c->local_addr, a, sizeof(a));
	inet_ntop(AF_INET, &c->d.server, s, sizeof(s));
	sb_printf(out, "          tunnel: %u (the server's %u) from %s:%u to %s:%u\n",
		  c->t.local_id, c->t.peer_id, a, c->local_port, s, c->server_port);
	sb_printf(out, "         session: %u (the server's %u)\n", c->call.local_id,
		  c->call.peer_id);
	sb_printf(out, "         dropped: %llu from the server, %llu from elsewhere\n",
		  (unsigned long long)c->dropped, (unsigned long long)c->foreign);
}

static struct dialout_class l2tp_clients = {
	.menu = &l2tp_client_menu, .log_topic = LOG_TOPIC, .size = sizeof(struct l2tp_client),
	.init = init, .dial = dial, .stop = stop, .reap = reap, .release = release,
	.shutdown = shutdown_client, .read_item = read_item, .status = status,
	.monitor = monitor,
};

void l2tp_client_apply(void)
{
	dialout_apply(&l2tp_clients);
}

void l2tp_client_stop(void)
{
	dialout_shutdown(&l2tp_clients);
}
