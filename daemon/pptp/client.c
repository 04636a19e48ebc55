// SPDX-License-Identifier: GPL-2.0
/*
 * /interface pptp-client: each enabled item is one control connection to connect-to:1723
 * carrying one call, we being the PNS: a non-blocking TCP connect through the loop,
 * Start-Control-Connection-Request/-Reply, Outgoing-Call-Request/-Reply, then a kernel session
 * for the call (GRE in the kernel from its first packet) and a PPP link in the dial-out role
 * (ppp/client.h). Any end — the link (authentication failure, terminate, keepalive), the
 * call cleared, the control connection lost or silent — tears everything down, and
 * ppp/dialout.c dials again after its backoff. Disabling or removing the item stops cleanly:
 * LCP Terminate, Call-Clear-Request, Stop-Control-Connection-Request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "admin/config.h"
#include "pptp/client_menu.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPTP
#include "core/log.h"
#include "core/loop.h"
#include "ppp/dialout.h"
#include "ppp/link.h"
#include "pptp/client.h"
#include "pptp/ctrl.h"

#define SETUP_MS 15000		/* TCP connect to Outgoing-Call-Reply */
#define STOP_WAIT_MS 3000	/* for the Stop-Control-Connection-Reply */

/* where an ACTIVE client is */
enum client_phase {
	CL_CONNECTING,		/* TCP connect under way */
	CL_WAIT_SCCRP,
	CL_WAIT_OCRP,
	CL_CALL,		/* the kernel session and the PPP link exist */
	CL_STOPPING,		/* Stop-Control-Connection-Request sent */
};

struct pptp_client {
	struct dialout d;		/* first: ppp/dialout.c's half */
	struct pptp_ctrl ctrl;		/* the control connection; closed between dials */
	enum client_phase phase;
	uint16_t call_id, peer_call_id;
	bool call_cleared;		/* the server sent Call-Disconnect-Notify */
	struct loop_timer timer;	/* setup deadline, stop wait */
};

#define OUT_MAX (PPTP_MSG_MAX * 4)	/* we send a handful of messages at a time */

static uint16_t next_call_id;

#define CLIENT_OF(p, member) \
	((struct pptp_client *)((char *)(p) - offsetof(struct pptp_client, member)))

static void down(struct pptp_client *c);
static void conn_lost(struct pptp_client *c, const char *cause, const char *why);

/* --- the control connection */

static void close_conn(struct pptp_client *c)
{
	pptp_ctrl_close(&c->ctrl);
}

/* A server that reads nothing gets no more from us; its silence ends the connection. */
static void send_msg(struct pptp_client *c, const struct pptp_msg *m)
{
	if (pptp_ctrl_send(&c->ctrl, m) == -ENOBUFS)
		log_warn("%s: the server does not read its control connection", c->d.name);
}

static void send_stop(struct pptp_client *c)
{
	struct pptp_msg m = { .type = PPTP_STOPCCRQ };

	m.stopccrq.reason = PPTP_STOP_NONE;
	send_msg(c, &m);
	c->phase = CL_STOPPING;
	loop_timer_arm(&c->timer, STOP_WAIT_MS);
}

/* --- the call: a kernel session and a PPP link */

/* The link is gone: its session goes, the call is cleared and the connection stopped. */
static void reap(struct dialout *d)
{
	struct pptp_client *c = (struct pptp_client *)d;
	struct pptp_msg m = { .type = PPTP_CCRQ };

	dialout_free_call(d);
	if (!pptp_ctrl_is_open(&c->ctrl) || c->phase != CL_CALL) {
		close_conn(c);
		down(c);
		return;
	}
	if (!c->call_cleared) {
		m.ccrq.call_id = c->call_id;
		send_msg(c, &m);
	}
	send_stop(c);
}

static int call_session(struct pptp_client *c)
{
	struct sluice_session_params p = { .local_addr = c->ctrl.local_addr,
					   .peer_addr = c->d.server,
					   .local_call_id = c->call_id,
					   .peer_call_id = c->peer_call_id,
					   .mtu = c->d.conf.max_mtu, .pending = true };
	int ret = kernel_session_new(&p);

	if (!ret)
		c->d.session = p.id;
	return ret;
}

static void start_call(struct pptp_client *c, const struct pptp_ocrp *rp)
{
	struct ppp_link_params lp = { .service = "pptp", .caller = c->d.server,
				      .client = &c->d.conf };
	struct pptp_msg m = { .type = PPTP_SLI };
	int ret;

	c->peer_call_id = rp->call_id;
	ret = call_session(c);
	if (ret) {
		log_err("%s: no kernel session for the call: %s", c->d.name, strerror(-ret));
		conn_lost(c, "nas-error", NULL);
		return;
	}
	/* as pptp-linux and Windows do: the ACCMs are meaningless over GRE, but some PACs wait */
	m.sli.peer_call_id = c->peer_call_id;
	m.sli.send_accm = 0xffffffff;
	m.sli.recv_accm = 0xffffffff;
	send_msg(c, &m);
	lp.session = c->d.session;
	snprintf(lp.tag, sizeof(lp.tag), "%s", c->d.name);
	c->d.link_ended = false;
	c->call_cleared = false;
	c->d.link = ppp_link_new(&lp, &dialout_link_ops, &c->d);
	if (!c->d.link) {
		conn_lost(c, "nas-error", "out of memory for the link");
		return;
	}
	c->phase = CL_CALL;
	loop_timer_cancel(&c->timer);	/* the link has its own setup deadline */
	log_info("%s: call %u (the server's %u) as session %u: negotiating PPP", c->d.name,
		 c->call_id, c->peer_call_id, c->d.session);
}

/* --- messages from the server */

static void on_sccrp(struct pptp_client *c, const struct pptp_sccrp *rp)
{
	struct pptp_msg m = { .type = PPTP_OCRQ };
	char host[4 * sizeof(rp->host_name)];

	if (rp->result != PPTP_SCCRP_OK) {
		dialout_set_cause(&c->d, "refused");
		log_info("%s: the server refused the control connection (result %u, error %u)",
			 c->d.name, rp->result, rp->error);
		send_stop(c);
		return;
	}
	log_escape(host, sizeof(host), rp->host_name);
	log_debug("%s: control connection to \"%s\"", c->d.name, host);
	if (!++next_call_id)
		next_call_id = 1;
	c->call_id = next_call_id;
	m.ocrq.call_id = c->call_id;
	m.ocrq.call_serial = c->call_id;
	m.ocrq.min_bps = 2400;
	m.ocrq.max_bps = 100000000;
	m.ocrq.bearer_type = PPTP_BEARER_ANY;
	m.ocrq.framing_type = PPTP_FRAMING_ANY;
	m.ocrq.recv_window = 64;
	c->phase = CL_WAIT_OCRP;
	send_msg(c, &m);
}

static void on_ocrp(struct pptp_client *c, const struct pptp_ocrp *rp)
{
	if (rp->peer_call_id != c->call_id) {
		conn_lost(c, "lost-service", "an Outgoing-Call-Reply for another call");
		return;
	}
	if (rp->result != PPTP_OCRP_CONNECTED) {
		dialout_set_cause(&c->d, "call-refused");
		log_info("%s: the server refused the call (result %u, error %u)", c->d.name,
			 rp->result, rp->error);
		send_stop(c);
		return;
	}
	start_call(c, rp);
}

/* The server cleared our call: the link ends, then the connection is stopped. */
static void on_cdn(struct pptp_client *c, const struct pptp_cdn *cdn)
{
	if (cdn->call_id != c->peer_call_id || c->call_cleared)
		return;
	c->call_cleared = true;
	log_info("%s: the server cleared the call (result %u)", c->d.name, cdn->result);
	dialout_set_cause(&c->d, "lost-carrier");
	if (c->d.link && !c->d.link_ended)
		ppp_link_lower_down(c->d.link, "lost-carrier");
}

static void on_stopccrq(struct pptp_client *c)
{
	struct pptp_msg r = { .type = PPTP_STOPCCRP };

	r.stopccrp.result = PPTP_STOPCCRP_OK;
	send_msg(c, &r);
	conn_lost(c, "lost-carrier", "the server stops the control connection");
}

/* Our stop is answered (or the server closed instead): the connection is done. */
static void stopped(struct pptp_client *c)
{
	close_conn(c);
	if (!c->d.link)
		down(c);
}

static void on_message(struct pptp_ctrl *ctrl, const struct pptp_msg *m)
{
	struct pptp_client *c = CLIENT_OF(ctrl, ctrl);

	if (m->type == PPTP_STOPCCRQ)
		on_stopccrq(c);
	else if (m->type == PPTP_STOPCCRP && c->phase == CL_STOPPING)
		stopped(c);
	else if (m->type == PPTP_SCCRP && c->phase == CL_WAIT_SCCRP)
		on_sccrp(c, &m->sccrp);
	else if (m->type == PPTP_OCRP && c->phase == CL_WAIT_OCRP)
		on_ocrp(c, &m->ocrp);
	else if (m->type == PPTP_CDN && c->phase >= CL_CALL)
		on_cdn(c, &m->cdn);
	else if (m->type == PPTP_SLI || m->type == PPTP_WEN || c->phase == CL_STOPPING)
		return;		/* link info, or whatever crosses our stop */
	else
		conn_lost(c, "lost-service", "an unexpected message from the server");
}

static void on_connected(struct pptp_ctrl *ctrl)
{
	struct pptp_client *c = CLIENT_OF(ctrl, ctrl);
	struct pptp_msg m = { .type = PPTP_SCCRQ };

	c->phase = CL_WAIT_SCCRP;
	pptp_ctrl_established(&c->ctrl);	/* echoes both ways from here */
	m.sccrq.version = PPTP_VERSION;
	m.sccrq.framing_caps = PPTP_FRAMING_CAP_ASYNC | PPTP_FRAMING_CAP_SYNC;
	m.sccrq.bearer_caps = PPTP_BEARER_CAP_ANALOG | PPTP_BEARER_CAP_DIGITAL;
	m.sccrq.firmware_rev = 1;
	snprintf(m.sccrq.host_name, sizeof(m.sccrq.host_name), "sluice");
	snprintf(m.sccrq.vendor, sizeof(m.sccrq.vendor), "sluice");
	send_msg(c, &m);
}

static void on_lost(struct pptp_ctrl *ctrl, enum pptp_ctrl_end end, const char *why)
{
	struct pptp_client *c = CLIENT_OF(ctrl, ctrl);

	switch (end) {
	case PPTP_CTRL_CLOSED:
		if (c->phase == CL_STOPPING)	/* the server closed instead of replying */
			stopped(c);
		else
			conn_lost(c, "lost-carrier", why);
		break;
	case PPTP_CTRL_SILENT:
		conn_lost(c, "lost-carrier", "no Echo-Reply from the server");
		break;
	default:
		conn_lost(c, "lost-service", why);
	}
}

static const struct pptp_ctrl_ops ctrl_ops = {
	.connected = on_connected, .message = on_message, .lost = on_lost,
};

/*
 * The connection is unusable (closed, broken, silent, or the server stopped it): close it
 * now; a link still running is taken down and reap() finishes; else we are down already.
 */
static void conn_lost(struct pptp_client *c, const char *cause, const char *why)
{
	if (why) {
		char shown[128];

		log_escape(shown, sizeof(shown), why);
		log_info("%s: %s", c->d.name, shown);
	}
	dialout_set_cause(&c->d, cause);
	close_conn(c);
	c->phase = CL_STOPPING;
	loop_timer_cancel(&c->timer);
	if (c->d.link && !c->d.link_ended) {
		ppp_link_lower_down(c->d.link, cause);	/* finished() arms reap */
		return;
	}
	if (!c->d.link)
		down(c);
}

/* --- dialling and stopping, for ppp/dialout.c */

/* Nothing of the connection is left. */
static void down(struct pptp_client *c)
{
	loop_timer_cancel(&c->timer);
	pptp_ctrl_quiet(&c->ctrl);
	dialout_went_down(&c->d);
}

static void dial(struct dialout *d)
{
	struct pptp_client *c = (struct pptp_client *)d;
	char addr[INET_ADDRSTRLEN];
	int ret;

	inet_ntop(AF_INET, &d->server, addr, sizeof(addr));
	log_info("%s: connecting to %s", d->name, addr);
	c->phase = CL_CONNECTING;
	loop_timer_arm(&c->timer, SETUP_MS);
	ret = pptp_ctrl_connect(&c->ctrl, d->server);
	if (ret)	/* out of descriptors or memory is ours; anything else the route's */
		conn_lost(c, ret == -EMFILE || ret == -ENFILE || ret == -ENOMEM ? "nas-error"
									: "lost-service",
			  strerror(-ret));
}

static void timer_expired(struct loop_timer *t)
{
	struct pptp_client *c = CLIENT_OF(t, timer);

	switch (c->phase) {
	case CL_STOPPING:		/* no Stop-Control-Connection-Reply: close anyway */
		stopped(c);
		break;
	case CL_CONNECTING:
	case CL_WAIT_SCCRP:
	case CL_WAIT_OCRP:
		conn_lost(c, "lost-service", c->phase == CL_CONNECTING ?
			  "no connection to the server in time" : "no answer from the server in time");
		break;
	default:
		break;
	}
}

static void stop(struct dialout *d)
{
	struct pptp_client *c = (struct pptp_client *)d;

	switch (c->phase) {
	case CL_CONNECTING:
		close_conn(c);
		down(c);
		break;
	case CL_WAIT_SCCRP:
	case CL_WAIT_OCRP:
		send_stop(c);
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
	struct pptp_client *c = (struct pptp_client *)d;

	pptp_ctrl_init(&c->ctrl, &ctrl_ops, d->name, OUT_MAX);
	loop_timer_init(&c->timer, timer_expired);
}

static void release(struct dialout *d)
{
	struct pptp_client *c = (struct pptp_client *)d;

	close_conn(c);
	loop_timer_cancel(&c->timer);
}

static void shutdown_client(struct dialout *d)
{
	struct pptp_client *c = (struct pptp_client *)d;

	if (d->link && !d->link_ended)
		ppp_link_lower_down(d->link, "nas-reboot");
	if (pptp_ctrl_is_open(&c->ctrl) && c->phase == CL_CALL) {
		struct pptp_msg m = { .type = PPTP_CCRQ };

		m.ccrq.call_id = c->call_id;
		send_msg(c, &m);
	}
	if (pptp_ctrl_is_open(&c->ctrl) && c->phase > CL_CONNECTING && c->phase != CL_STOPPING)
		send_stop(c);
	close_conn(c);
	dialout_free_call(d);
}

static const char *status(const struct dialout *d)
{
	const struct pptp_client *c = (const struct pptp_client *)d;

	return c->phase == CL_STOPPING ? "terminating..." :
	       c->phase == CL_CALL ? dialout_link_status(d->link) : "connecting...";
}

static struct dialout_class pptp_clients = {
	.menu = &pptp_client_menu, .log_topic = LOG_TOPIC, .size = sizeof(struct pptp_client),
	.init = init, .dial = dial, .stop = stop, .reap = reap, .release = release,
	.shutdown = shutdown_client, .status = status,
};

void pptp_client_apply(void)
{
	if (!next_call_id && getrandom(&next_call_id, sizeof(next_call_id), GRND_NONBLOCK) < 0)
		next_call_id = (uint16_t)time(NULL);	/* not the ids of a previous run */
	dialout_apply(&pptp_clients);
}

void pptp_client_stop(void)
{
	dialout_shutdown(&pptp_clients);
}
