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
#include <sys/socket.h>
#include <unistd.h>
#include "admin/config.h"
#include "pptp/server_menu.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPTP
#include "core/log.h"
#include "core/loop.h"
#include "ppp/link.h"
#include "pptp/msg.h"
#include "pptp/server.h"

#define SETUP_TIMEOUT_MS 10000		/* SCCRQ due after connecting */
#define ECHO_IDLE_MS 60000		/* RFC 2637: echo after 60 s of silence */
#define STOP_WAIT_MS 5000		/* for the StopCCRP */
#define MAX_CONNS 4096
#define MAX_CALLS_PER_CONN 256	/* pptp-linux puts all of a host's calls on one */
#define OUT_MAX 65536			/* a peer that reads nothing is dropped */

struct pptp_conn;

struct pptp_call {
	struct pptp_call *next;
	struct pptp_conn *conn;
	uint16_t local_id, peer_id;
	uint32_t ifindex;
	struct ppp_link *link;
	bool ended;
};

enum conn_state { WAIT_SCCRQ, ESTABLISHED, STOPPING, DEAD };

struct pptp_conn {
	struct loop_fd w;		/* first: the loop hands us &w */
	struct pptp_conn *next, *prev;
	enum conn_state state;
	uint32_t peer_addr, local_addr;
	char tag[40];
	uint8_t in[PPTP_MSG_MAX * 2];
	size_t in_len;
	uint8_t *out;
	size_t out_len;
	struct pptp_call *calls;
	unsigned int ncalls;
	uint32_t echo_id;
	bool echo_outstanding;
	struct loop_timer idle, reap;
};

static struct loop_fd listener = { .fd = -1 };
static struct loop_timer resume;
static struct pptp_conn *conns;
static unsigned int nconns;
static uint16_t next_call_id;

static struct pptp_conn *conn_of(struct loop_timer *t, size_t off)
{
	return (struct pptp_conn *)((char *)t - off);
}

/* --- sending */

static void flush(struct pptp_conn *c)
{
	ssize_t n;

	while (c->out_len) {
		n = send(c->w.fd, c->out, c->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n <= 0)
			break;
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
	}
	if (c->state != DEAD)
		loop_mod(&c->w, EPOLLIN | (c->out_len ? EPOLLOUT : 0));
}

static void conn_kill(struct pptp_conn *c, const char *why);

static void send_msg(struct pptp_conn *c, const struct pptp_msg *m)
{
	uint8_t buf[PPTP_MSG_MAX];
	int n = pptp_msg_build(m, buf, sizeof(buf));
	uint8_t *grown;

	if (n < 0 || c->state == DEAD)
		return;
	if (c->out_len + (size_t)n > OUT_MAX) {
		conn_kill(c, "the peer does not read its control connection");
		return;
	}
	grown = realloc(c->out, c->out_len + (size_t)n);
	if (!grown)
		return;
	c->out = grown;
	memcpy(c->out + c->out_len, buf, (size_t)n);
	c->out_len += (size_t)n;
	log_debug("%s: sent %s", c->tag, pptp_msg_name(m->type));
	flush(c);
}

/* --- calls */

static void call_send_cdn(struct pptp_call *call, uint8_t result)
{
	struct pptp_msg m = { .type = PPTP_CDN };

	m.cdn.call_id = call->local_id;
	m.cdn.result = result;
	send_msg(call->conn, &m);
}

static void call_reap(struct pptp_call *call)
{
	if (call->link)
		ppp_link_free(call->link);
	if (call->ifindex)
		kernel_session_del(call->ifindex);
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

/* The PPP link ended: tell the peer, and free the call once we are out of the link's code. */
static void link_finished(struct ppp_link *l, const char *cause)
{
	struct pptp_call *call = l->ctx;
	struct pptp_conn *c = call->conn;

	if (call->ended)
		return;
	call->ended = true;
	if (c->state == ESTABLISHED || c->state == STOPPING)
		call_send_cdn(call, strcmp(cause, "admin-reset") ? PPTP_CDN_LOST_CARRIER
							     : PPTP_CDN_ADMIN_SHUTDOWN);
	conn_reap_later(c);
}

static const struct ppp_link_ops link_ops = { .finished = link_finished };

static struct pptp_call *find_call(struct pptp_conn *c, uint16_t peer_id)
{
	struct pptp_call *call;

	for (call = c->calls; call; call = call->next)
		if (call->peer_id == peer_id && !call->ended)
			return call;
	return NULL;
}

/* A kernel session for the call; our call id only needs to be unique for this peer. */
static int call_session(struct pptp_conn *c, struct pptp_call *call)
{
	struct sluice_session_params p = { .local_addr = c->local_addr, .peer_addr = c->peer_addr,
					   .peer_call_id = call->peer_id, .mtu = 1400 };
	int tries, ret = -EEXIST;

	for (tries = 0; tries < 64 && ret == -EEXIST; tries++) {
		if (!++next_call_id)
			next_call_id = 1;
		p.local_call_id = next_call_id;
		ret = kernel_session_new(&p);
	}
	if (ret)
		return ret;
	call->local_id = p.local_call_id;
	call->ifindex = p.ifindex;
	return 0;
}

static unsigned long max_sessions(void)
{
	unsigned int max = pptp_server_cfg()->max_sessions;

	return max == CFG_UNLIMITED ? ~0UL : max;
}

static void on_ocrq(struct pptp_conn *c, const struct pptp_ocrq *rq)
{
	struct pptp_msg m = { .type = PPTP_OCRP };
	struct ppp_link_params lp = { .service = "pptp", .caller = c->peer_addr };
	struct pptp_call *call;
	int ret;

	m.ocrp.peer_call_id = rq->call_id;
	m.ocrp.recv_window = 64;
	if (c->ncalls >= MAX_CALLS_PER_CONN || ppp_active_count() >= max_sessions()) {
		log_warn("%s: call refused: session limit", c->tag);
		m.ocrp.result = PPTP_OCRP_DO_NOT_ACCEPT;
		send_msg(c, &m);
		return;
	}
	call = calloc(1, sizeof(*call));
	if (!call || (call->conn = c, call->peer_id = rq->call_id, ret = call_session(c, call))) {
		log_err("%s: call refused: no kernel session (%s)", c->tag,
			call ? strerror(-ret) : "out of memory");
		free(call);
		m.ocrp.result = PPTP_OCRP_GENERAL_ERROR;
		m.ocrp.error = PPTP_EC_NO_RESOURCE;
		send_msg(c, &m);
		return;
	}
	lp.ifindex = call->ifindex;
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
		call->ended = true;
		call_send_cdn(call, PPTP_CDN_GENERAL_ERROR);
		conn_reap_later(c);
		return;
	}
	log_info("%s: call %u (peer's %u) on ifindex %u", c->tag, call->local_id, rq->call_id,
		 call->ifindex);
}

static void on_ccrq(struct pptp_conn *c, const struct pptp_ccrq *rq)
{
	struct pptp_call *call = find_call(c, rq->call_id);

	if (!call)
		return;		/* already gone: nothing to clear */
	call->ended = true;
	call_send_cdn(call, PPTP_CDN_REQUEST);
	ppp_link_lower_down(call->link, "user-request");
	conn_reap_later(c);
}

/* --- the control connection */

static void end_calls(struct pptp_conn *c, const char *cause)
{
	struct pptp_call *call;

	for (call = c->calls; call; call = call->next) {
		if (!call->ended && call->link) {
			call->ended = true;
			ppp_link_lower_down(call->link, cause);
		}
	}
}

static void conn_kill(struct pptp_conn *c, const char *why)
{
	if (c->state == DEAD)
		return;
	if (why)
		log_info("%s: closing the control connection: %s", c->tag, why);
	c->state = DEAD;
	end_calls(c, "lost-carrier");
	loop_del(&c->w);
	conn_reap_later(c);
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
	loop_timer_arm(&c->idle, ECHO_IDLE_MS);
	{
		char host[4 * sizeof(rq->host_name)], vendor[4 * sizeof(rq->vendor)];

		log_escape(host, sizeof(host), rq->host_name);
		log_escape(vendor, sizeof(vendor), rq->vendor);
		log_info("%s: control connection from \"%s\" (%s)", c->tag, host, vendor);
	}
}

static void on_message(struct pptp_conn *c, const struct pptp_msg *m)
{
	struct pptp_msg r = { 0 };

	log_debug("%s: got %s", c->tag, pptp_msg_name(m->type));
	if (c->state == WAIT_SCCRQ) {
		if (m->type == PPTP_SCCRQ)
			on_sccrq(c, &m->sccrq);
		else
			conn_kill(c, "a message before Start-Control-Connection-Request");
		return;
	}
	switch (m->type) {
	case PPTP_ECHORQ:
		r.type = PPTP_ECHORP;
		r.echorp.id = m->echorq.id;
		r.echorp.result = PPTP_ECHORP_OK;
		send_msg(c, &r);
		break;
	case PPTP_ECHORP:
		c->echo_outstanding = false;
		break;
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

static void read_messages(struct pptp_conn *c)
{
	size_t off = 0;

	while (c->state != DEAD) {
		struct pptp_msg m;
		int n = pptp_msg_frame(c->in + off, c->in_len - off);
		enum pptp_error e;

		if (n == 0)
			break;
		if (n < 0) {
			conn_kill(c, pptp_msg_strerror((enum pptp_error)n));
			return;
		}
		e = pptp_msg_parse(c->in + off, (size_t)n, &m);
		off += (size_t)n;
		if (e == PPTP_E_UNKNOWN_TYPE)
			continue;	/* framed but not ours to know: skipped, as RFC 2637 allows */
		if (e != PPTP_OK) {
			conn_kill(c, pptp_msg_strerror(e));
			return;
		}
		on_message(c, &m);
	}
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
}

static void conn_event(struct loop_fd *w, uint32_t events)
{
	struct pptp_conn *c = (struct pptp_conn *)w;
	ssize_t n;

	if (events & EPOLLOUT)
		flush(c);
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	n = recv(w->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		conn_kill(c, n == 0 ? "closed by the peer" : strerror(errno));
		return;
	}
	if (n < 0)
		return;
	c->in_len += (size_t)n;
	c->echo_outstanding = false;
	if (c->state == ESTABLISHED)	/* a dribbling peer does not extend the SCCRQ deadline */
		loop_timer_arm(&c->idle, ECHO_IDLE_MS);
	read_messages(c);
}

static void idle_expired(struct loop_timer *t)
{
	struct pptp_conn *c = conn_of(t, offsetof(struct pptp_conn, idle));
	struct pptp_msg m = { .type = PPTP_ECHORQ };

	if (c->state == WAIT_SCCRQ) {
		conn_kill(c, "no Start-Control-Connection-Request in time");
		return;
	}
	if (c->state == STOPPING || c->echo_outstanding || !c->calls) {
		conn_kill(c, c->state == STOPPING ? NULL :
			     c->echo_outstanding ? "no Echo-Reply" : "no call placed");
		return;
	}
	m.echorq.id = ++c->echo_id;
	c->echo_outstanding = true;
	send_msg(c, &m);
	loop_timer_arm(&c->idle, ECHO_IDLE_MS);
}

static void conn_free(struct pptp_conn *c)
{
	loop_timer_cancel(&c->idle);
	loop_timer_cancel(&c->reap);
	close(c->w.fd);
	free(c->out);
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	nconns--;
	free(c);
}

/* Frees ended calls; a connection whose last call ended is stopped, a dead one freed. */
static void reap(struct loop_timer *t)
{
	struct pptp_conn *c = conn_of(t, offsetof(struct pptp_conn, reap));
	struct pptp_call *call, *next;

	for (call = c->calls; call; call = next) {
		next = call->next;
		if (call->ended) {
			call_unlink(c, call);
			call_reap(call);
		}
	}
	if (c->state == DEAD && !c->calls) {
		conn_free(c);
		return;
	}
	if (c->state == ESTABLISHED && !c->calls) {
		struct pptp_msg m = { .type = PPTP_STOPCCRQ };

		m.stopccrq.reason = PPTP_STOP_NONE;
		c->state = STOPPING;
		send_msg(c, &m);
		loop_timer_arm(&c->idle, STOP_WAIT_MS);
	}
}

static void accept_event(struct loop_fd *w, uint32_t events)
{
	struct sockaddr_in peer, local;
	socklen_t plen = sizeof(peer), llen = sizeof(local);
	struct pptp_conn *c;
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
	if (nconns >= MAX_CONNS || getsockname(fd, (struct sockaddr *)&local, &llen) ||
	    !(c = calloc(1, sizeof(*c)))) {
		log_warn("pptp: connection refused (%s)",
			 nconns >= MAX_CONNS ? "too many connections" : "no resources");
		close(fd);
		return;
	}
	c->w = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = conn_event };
	c->peer_addr = peer.sin_addr.s_addr;
	c->local_addr = local.sin_addr.s_addr;
	snprintf(c->tag, sizeof(c->tag), "pptp %s:%u", inet_ntoa(peer.sin_addr),
		 ntohs(peer.sin_port));
	loop_timer_init(&c->idle, idle_expired);
	loop_timer_init(&c->reap, reap);
	if (loop_add(&c->w)) {
		close(fd);
		free(c);
		return;
	}
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
	nconns++;
	loop_timer_arm(&c->idle, SETUP_TIMEOUT_MS);
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
}
