// SPDX-License-Identifier: GPL-2.0
/*
 * A control connection carries any number of calls; each call is a kernel session (its GRE
 * runs in the kernel from the first packet) with a PPP link negotiated over it. Anything
 * malformed or out of order ends that connection and its calls, with the reason logged,
 * and touches nothing else. Objects are freed from a 0 ms timer, never inside their own
 * callbacks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include "admin/config.h"
#include "pptp/server_menu.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPTP
#include "core/list.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/preauth.h"
#include "ppp/link.h"
#include "pptp/ctrl.h"
#include "pptp/server.h"

#define SETUP_TIMEOUT_MS 10000		/* SCCRQ due after connecting */
#define STOP_WAIT_MS 5000		/* for the StopCCRP */
#define MAX_CONNS 4096
#define MAX_CALLS_PER_CONN 256	/* pptp-linux puts all of a host's calls on one */
#define OUT_MAX 65536			/* a peer that reads nothing is dropped */

struct pptp_conn;

struct pptp_call {
	struct pptp_call *next;
	struct pptp_conn *conn;
	struct list_node half_open;	/* on half_open_calls until its link is up */
	uint16_t local_id, peer_id;
	uint32_t session;		/* its kernel session's id, pending until PPP is up */
	struct ppp_link *link;
	bool ended;
};

enum conn_state { WAIT_SCCRQ, ESTABLISHED, STOPPING, DEAD };

struct pptp_conn {
	struct pptp_ctrl ctrl;		/* the TCP connection, its framing and keepalive */
	struct pptp_conn *next, *prev;
	struct list_node half_open;	/* on half_open_conns until a call's link is up */
	enum conn_state state;
	char tag[40];
	struct pptp_call *calls;
	unsigned int ncalls;
	struct loop_timer deadline;	/* for the SCCRQ, then for the StopCCRP */
	struct loop_timer reap;
};

static struct loop_fd listener = { .fd = -1 };
static struct loop_timer resume;
static struct pptp_conn *conns;
static unsigned int nconns;

/*
 * Before authentication (core/preauth.h): a connection is half-open until one of its calls
 * has its link up, a call until its link is up. A half-open call holds a kernel session and
 * a netdev, so calls get the tighter caps. A carrier NAT puts many honest clients behind
 * one address: the per-source caps leave room for it, the rates hold back a churning host.
 */
static const struct preauth_limits conn_limits = {
	.global = 1024, .per_source = 64, .rate = 20, .burst = 64 };
static const struct preauth_limits call_limits = {
	.global = 256, .per_source = 64, .rate = 10, .burst = 64 };
static struct preauth conn_guard, call_guard;
static struct list_node half_open_conns = LIST_INIT(half_open_conns);
static struct list_node half_open_calls = LIST_INIT(half_open_calls);

#define CONN_OF(p, member) \
	((struct pptp_conn *)((char *)(p) - offsetof(struct pptp_conn, member)))

static void conn_kill(struct pptp_conn *c, const char *why);

static void send_msg(struct pptp_conn *c, const struct pptp_msg *m)
{
	if (pptp_ctrl_send(&c->ctrl, m) == -ENOBUFS)
		conn_kill(c, "the peer does not read its control connection");
}

/* --- calls */

static void call_send_cdn(struct pptp_call *call, uint8_t result)
{
	struct pptp_msg m = { .type = PPTP_CDN };

	m.cdn.call_id = call->local_id;
	m.cdn.result = result;
	send_msg(call->conn, &m);
}

/* The call is no longer half-open (its link is up, or it is going). */
static void call_settle(struct pptp_call *call)
{
	if (!list_linked(&call->half_open))
		return;
	list_del(&call->half_open);
	preauth_done(&call_guard, call->conn->ctrl.peer_addr);
}

static void conn_settle(struct pptp_conn *c)
{
	if (!list_linked(&c->half_open))
		return;
	list_del(&c->half_open);
	preauth_done(&conn_guard, c->ctrl.peer_addr);
}

static void call_reap(struct pptp_call *call)
{
	call_settle(call);
	if (call->link)
		ppp_link_free(call->link);
	if (call->session)
		kernel_session_del(call->session);
	free(call);
}

static void call_unlink(struct pptp_conn *c, struct pptp_call *call)
{
	struct pptp_call **pp;

	for (pp = &c->calls; *pp; pp = &(*pp)->next) {
		if (*pp == call) {
			*pp = call->next;
			c->ncalls--;
			return;
		}
	}
}

static void conn_reap_later(struct pptp_conn *c)
{
	loop_timer_arm(&c->reap, 0);
}

/* We end the call: Call-Disconnect-Notify, the link down, the call freed from a timer. */
static void call_end(struct pptp_call *call, uint8_t cdn_result, const char *cause)
{
	call->ended = true;
	call_settle(call);
	call_send_cdn(call, cdn_result);
	if (call->link)
		ppp_link_lower_down(call->link, cause);
	conn_reap_later(call->conn);
}

/* The PPP link ended: tell the peer, and free the call once we are out of the link's code. */
static void link_finished(struct ppp_link *l, const char *cause)
{
	struct pptp_call *call = l->ctx;
	struct pptp_conn *c = call->conn;

	if (call->ended)
		return;
	call->ended = true;
	call_settle(call);
	if (c->state == ESTABLISHED || c->state == STOPPING)
		call_send_cdn(call, strcmp(cause, "admin-reset") ? PPTP_CDN_LOST_CARRIER
							     : PPTP_CDN_ADMIN_SHUTDOWN);
	conn_reap_later(c);
}

/* Authenticated and up: the call and its connection have proved themselves. */
static void link_up(struct ppp_link *l)
{
	struct pptp_call *call = l->ctx;

	call_settle(call);
	conn_settle(call->conn);
}

static const struct ppp_link_ops link_ops = { .finished = link_finished, .up = link_up };

static struct pptp_call *find_call(struct pptp_conn *c, uint16_t peer_id)
{
	struct pptp_call *call;

	for (call = c->calls; call; call = call->next)
		if (call->peer_id == peer_id && !call->ended)
			return call;
	return NULL;
}

/* Random, so that a GRE packet cannot be forged into a session by guessing its call id. */
static uint16_t random_call_id(void)
{
	uint16_t id = 0;

	while (!id)
		if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != sizeof(id))
			id = (uint16_t)(random() | 1);
	return id;
}

/* A kernel session for the call; our call id only needs to be unique for this peer. */
static int call_session(struct pptp_conn *c, struct pptp_call *call)
{
	struct sluice_session_params p = { .local_addr = c->ctrl.local_addr,
					   .peer_addr = c->ctrl.peer_addr,
					   .peer_call_id = call->peer_id, .mtu = 1400,
					   .pending = true };
	int tries, ret = -EEXIST;

	for (tries = 0; tries < 64 && ret == -EEXIST; tries++) {
		p.local_call_id = random_call_id();
		ret = kernel_session_new(&p);
	}
	if (ret)
		return ret;
	call->local_id = p.local_call_id;
	call->session = p.id;
	return 0;
}

static unsigned long max_sessions(void)
{
	unsigned int max = pptp_server_cfg()->max_sessions;

	return max == CFG_UNLIMITED ? ~0UL : max;
}

/* The oldest half-open call of addr, or of anyone (addr 0). */
static struct pptp_call *oldest_half_open_call(uint32_t addr)
{
	struct list_node *n;

	list_for_each(n, &half_open_calls) {
		struct pptp_call *call = list_entry(n, struct pptp_call, half_open);

		if (!addr || call->conn->ctrl.peer_addr == addr)
			return call;
	}
	return NULL;
}

/* May this peer have one more unauthenticated call? Full: the oldest such call makes room. */
static bool admit_call(struct pptp_conn *c)
{
	uint32_t addr = c->ctrl.peer_addr;
	enum preauth_verdict v = preauth_admit(&call_guard, addr);
	struct pptp_call *victim;

	if (v != PREAUTH_FULL && v != PREAUTH_SOURCE_FULL)
		return v == PREAUTH_OK;
	victim = oldest_half_open_call(v == PREAUTH_SOURCE_FULL ? addr : 0);
	if (!victim)
		return false;
	preauth_evicted(&call_guard);
	call_end(victim, PPTP_CDN_ADMIN_SHUTDOWN, "nas-request");
	return preauth_admit(&call_guard, addr) == PREAUTH_OK;
}

/* A call with its kernel session, or NULL with the refusal filled in m. */
static struct pptp_call *call_new(struct pptp_conn *c, const struct pptp_ocrq *rq,
				  struct pptp_msg *m)
{
	struct pptp_call *call;
	int ret = -ENOMEM;

	if (c->ncalls >= MAX_CALLS_PER_CONN || ppp_active_count() >= max_sessions()) {
		log_warn_from(c->ctrl.peer_addr, "%s: call refused: session limit", c->tag);
		m->ocrp.result = PPTP_OCRP_DO_NOT_ACCEPT;
		return NULL;
	}
	if (!admit_call(c)) {
		m->ocrp.result = PPTP_OCRP_BUSY;	/* try later: logged by preauth */
		return NULL;
	}
	call = calloc(1, sizeof(*call));
	if (!call || (call->conn = c, call->peer_id = rq->call_id, ret = call_session(c, call))) {
		log_err("%s: call refused: no kernel session (%s)", c->tag, strerror(-ret));
		preauth_done(&call_guard, c->ctrl.peer_addr);
		free(call);
		m->ocrp.result = PPTP_OCRP_GENERAL_ERROR;
		m->ocrp.error = PPTP_EC_NO_RESOURCE;
		return NULL;
	}
	list_append(&half_open_calls, &call->half_open);
	return call;
}

static void on_ocrq(struct pptp_conn *c, const struct pptp_ocrq *rq)
{
	struct pptp_msg m = { .type = PPTP_OCRP };
	struct ppp_link_params lp = { .service = "pptp", .caller = c->ctrl.peer_addr };
	struct pptp_call *call;

	m.ocrp.peer_call_id = rq->call_id;
	m.ocrp.recv_window = 64;
	call = call_new(c, rq, &m);
	if (!call) {
		send_msg(c, &m);
		return;
	}
	lp.session = call->session;
	lp.ifindex = 0;	/* pending: the link attaches it once PPP is up */
	snprintf(lp.tag, sizeof(lp.tag), "%s call %u", c->tag, call->local_id);
	m.ocrp.call_id = call->local_id;
	m.ocrp.result = PPTP_OCRP_CONNECTED;
	m.ocrp.connect_speed = 100000000;
	send_msg(c, &m);
	if (c->state == DEAD) {		/* a peer that does not read: no call for it */
		call_reap(call);
		return;
	}
	call->next = c->calls;
	c->calls = call;
	c->ncalls++;
	call->link = ppp_link_new(&lp, &link_ops, call);
	if (!call->link) {
		call_end(call, PPTP_CDN_GENERAL_ERROR, "nas-error");
		return;
	}
	log_info_from(c->ctrl.peer_addr, "%s: call %u (peer's %u) as session %u", c->tag,
		      call->local_id, rq->call_id, call->session);
}

static void on_ccrq(struct pptp_conn *c, const struct pptp_ccrq *rq)
{
	struct pptp_call *call = find_call(c, rq->call_id);

	if (call)	/* else already gone: nothing to clear */
		call_end(call, PPTP_CDN_REQUEST, "user-request");
}

/* --- the control connection */

static void end_calls(struct pptp_conn *c, const char *cause)
{
	struct pptp_call *call;

	for (call = c->calls; call; call = call->next) {
		if (!call->ended && call->link) {
			call->ended = true;
			call_settle(call);
			ppp_link_lower_down(call->link, cause);
		}
	}
}

static void conn_kill(struct pptp_conn *c, const char *why)
{
	if (c->state == DEAD)
		return;
	if (why)
		log_info_from(c->ctrl.peer_addr, "%s: closing the control connection: %s", c->tag,
			      why);
	c->state = DEAD;
	conn_settle(c);
	end_calls(c, "lost-carrier");
	pptp_ctrl_close(&c->ctrl);
	loop_timer_cancel(&c->deadline);
	conn_reap_later(c);
}

static void log_peer(struct pptp_conn *c, const struct pptp_sccrq *rq)
{
	char host[4 * sizeof(rq->host_name)], vendor[4 * sizeof(rq->vendor)];

	log_escape(host, sizeof(host), rq->host_name);
	log_escape(vendor, sizeof(vendor), rq->vendor);
	log_info_from(c->ctrl.peer_addr, "%s: control connection from \"%s\" (%s)", c->tag, host,
		      vendor);
}

static void on_sccrq(struct pptp_conn *c, const struct pptp_sccrq *rq)
{
	struct pptp_msg m = { .type = PPTP_SCCRP };

	m.sccrp.version = PPTP_VERSION;
	m.sccrp.framing_caps = PPTP_FRAMING_CAP_ASYNC | PPTP_FRAMING_CAP_SYNC;
	m.sccrp.bearer_caps = PPTP_BEARER_CAP_ANALOG | PPTP_BEARER_CAP_DIGITAL;
	m.sccrp.max_channels = MAX_CALLS_PER_CONN;
	m.sccrp.firmware_rev = 1;
	snprintf(m.sccrp.host_name, sizeof(m.sccrp.host_name), "sluice");
	snprintf(m.sccrp.vendor, sizeof(m.sccrp.vendor), "sluice");
	if (rq->version != PPTP_VERSION) {
		m.sccrp.result = PPTP_SCCRP_BAD_VERSION;
		send_msg(c, &m);
		conn_kill(c, "unsupported protocol version");
		return;
	}
	m.sccrp.result = PPTP_SCCRP_OK;
	send_msg(c, &m);
	if (c->state == DEAD)
		return;
	c->state = ESTABLISHED;
	loop_timer_cancel(&c->deadline);
	pptp_ctrl_established(&c->ctrl);
	log_peer(c, rq);
}

static void on_message(struct pptp_ctrl *ctrl, const struct pptp_msg *m)
{
	struct pptp_conn *c = CONN_OF(ctrl, ctrl);
	struct pptp_msg r = { 0 };

	if (c->state == WAIT_SCCRQ) {
		if (m->type == PPTP_SCCRQ)
			on_sccrq(c, &m->sccrq);
		else
			conn_kill(c, "a message before Start-Control-Connection-Request");
		return;
	}
	switch (m->type) {
	case PPTP_OCRQ:
		on_ocrq(c, &m->ocrq);
		break;
	case PPTP_CCRQ:
		on_ccrq(c, &m->ccrq);
		break;
	case PPTP_SLI:
	case PPTP_WEN:
		break;		/* link info for async framing: meaningless over GRE */
	case PPTP_STOPCCRQ:
		r.type = PPTP_STOPCCRP;
		r.stopccrp.result = PPTP_STOPCCRP_OK;
		send_msg(c, &r);
		conn_kill(c, NULL);
		break;
	case PPTP_STOPCCRP:
		conn_kill(c, NULL);
		break;
	default:
		conn_kill(c, "an unexpected message");	/* SCCRQ twice, ICRQ to a PAC, ... */
	}
}

static void on_lost(struct pptp_ctrl *ctrl, enum pptp_ctrl_end end, const char *why)
{
	(void)end;
	conn_kill(CONN_OF(ctrl, ctrl), why);
}

/* A minute of silence with no call: the peer has no business here. */
static bool on_idle(struct pptp_ctrl *ctrl)
{
	struct pptp_conn *c = CONN_OF(ctrl, ctrl);

	if (c->calls)
		return false;
	conn_kill(c, "no call placed");
	return true;
}

static const struct pptp_ctrl_ops ctrl_ops = {
	.message = on_message, .lost = on_lost, .idle = on_idle,
};

static void deadline_expired(struct loop_timer *t)
{
	struct pptp_conn *c = CONN_OF(t, deadline);

	conn_kill(c, c->state == WAIT_SCCRQ ? "no Start-Control-Connection-Request in time"
					    : NULL);
}

static void conn_free(struct pptp_conn *c)
{
	conn_settle(c);
	pptp_ctrl_close(&c->ctrl);
	loop_timer_cancel(&c->deadline);
	loop_timer_cancel(&c->reap);
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	nconns--;
	free(c);
}

static void send_stop(struct pptp_conn *c)
{
	struct pptp_msg m = { .type = PPTP_STOPCCRQ };

	m.stopccrq.reason = PPTP_STOP_NONE;
	c->state = STOPPING;
	pptp_ctrl_quiet(&c->ctrl);
	send_msg(c, &m);
	if (c->state == STOPPING)
		loop_timer_arm(&c->deadline, STOP_WAIT_MS);
}

/* Frees ended calls; a connection whose last call ended is stopped, a dead one freed. */
static void reap(struct loop_timer *t)
{
	struct pptp_conn *c = CONN_OF(t, reap);
	struct pptp_call *call, *next;

	for (call = c->calls; call; call = next) {
		next = call->next;
		if (call->ended) {
			call_unlink(c, call);
			call_reap(call);
		}
	}
	if (c->state == DEAD && !c->calls)
		conn_free(c);
	else if (c->state == ESTABLISHED && !c->calls)
		send_stop(c);
}

/* The oldest half-open connection of addr, or of anyone (addr 0). */
static struct pptp_conn *oldest_half_open_conn(uint32_t addr)
{
	struct list_node *n;

	list_for_each(n, &half_open_conns) {
		struct pptp_conn *c = list_entry(n, struct pptp_conn, half_open);

		if (!addr || c->ctrl.peer_addr == addr)
			return c;
	}
	return NULL;
}

/* May this peer have one more unproved connection? Full: the oldest one makes room. */
static bool admit_conn(uint32_t addr)
{
	enum preauth_verdict v = preauth_admit(&conn_guard, addr);
	struct pptp_conn *victim;

	if (v != PREAUTH_FULL && v != PREAUTH_SOURCE_FULL)
		return v == PREAUTH_OK;
	victim = oldest_half_open_conn(v == PREAUTH_SOURCE_FULL ? addr : 0);
	if (!victim)
		return false;
	preauth_evicted(&conn_guard);
	conn_kill(victim, NULL);
	return preauth_admit(&conn_guard, addr) == PREAUTH_OK;
}

static struct pptp_conn *conn_new(int fd, const struct sockaddr_in *peer)
{
	struct pptp_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	snprintf(c->tag, sizeof(c->tag), "pptp %s:%u", inet_ntoa(peer->sin_addr),
		 ntohs(peer->sin_port));
	pptp_ctrl_init(&c->ctrl, &ctrl_ops, c->tag, OUT_MAX);
	loop_timer_init(&c->deadline, deadline_expired);
	loop_timer_init(&c->reap, reap);
	if (pptp_ctrl_attach(&c->ctrl, fd, peer->sin_addr.s_addr)) {
		free(c);
		return NULL;
	}
	list_append(&half_open_conns, &c->half_open);
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
	nconns++;
	loop_timer_arm(&c->deadline, SETUP_TIMEOUT_MS);
	return c;
}

static void accept_event(struct loop_fd *w, uint32_t events)
{
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	int fd;

	(void)events;
	fd = accept4(w->fd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
			/* out of descriptors: a level-triggered listener would spin; pause it */
			log_warn("pptp: accept: %s; pausing new connections for a second",
				 strerror(errno));
			loop_mod(&listener, 0);
			loop_timer_arm(&resume, 1000);
		}
		return;
	}
	if (pptp_server_adopt(fd, &peer))
		close(fd);
}

static void guards_init(void)
{
	if (conn_guard.what)
		return;
	preauth_init(&conn_guard, "pptp connection", LOG_TOPIC, &conn_limits);
	preauth_init(&call_guard, "pptp call", LOG_TOPIC, &call_limits);
}

int pptp_server_adopt(int fd, const struct sockaddr_in *peer)
{
	guards_init();
	if (!admit_conn(peer->sin_addr.s_addr))
		return -EBUSY;		/* counted and logged by preauth */
	if (nconns >= MAX_CONNS || !conn_new(fd, peer)) {
		log_warn("pptp: connection refused (%s)",
			 nconns >= MAX_CONNS ? "too many connections" : "no resources");
		preauth_done(&conn_guard, peer->sin_addr.s_addr);
		return -ENOMEM;
	}
	return 0;
}

static void resume_accepting(struct loop_timer *t)
{
	(void)t;
	if (listener.fd >= 0)
		loop_mod(&listener, EPOLLIN);
}

static int listen_1723(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(PPTP_PORT) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 128)) {
		int err = -errno;

		close(fd);
		return err;
	}
	listener = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = accept_event };
	loop_timer_init(&resume, resume_accepting);
	return loop_add(&listener);
}

void pptp_server_apply(void)
{
	bool enabled = pptp_server_cfg()->enabled;
	int ret;

	guards_init();
	if (enabled && listener.fd < 0) {
		ret = listen_1723();
		if (ret)
			log_err("pptp: cannot listen on TCP %d: %s", PPTP_PORT, strerror(-ret));
		else
			log_info("pptp: server listening on TCP %d", PPTP_PORT);
	} else if (!enabled && listener.fd >= 0) {
		loop_del(&listener);
		close(listener.fd);
		listener.fd = -1;
		log_info("pptp: server disabled; established calls stay up");
	}
}

void pptp_server_stop(void)
{
	struct pptp_conn *c;

	loop_timer_cancel(&resume);
	if (listener.fd >= 0) {
		loop_del(&listener);
		close(listener.fd);
		listener.fd = -1;
	}
	for (c = conns; c; c = c->next)
		conn_kill(c, "the server stops");
	while (conns)
		reap(&conns->reap);
	preauth_free(&conn_guard);
	preauth_free(&call_guard);
	conn_guard.what = NULL;		/* initialised again on the next use */
}
