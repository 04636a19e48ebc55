// SPDX-License-Identifier: GPL-2.0
/*
 * The vici client (vici.h): two non-blocking unix stream connections to charon, a request
 * queue on one, event registrations on the other, reconnection with backoff.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "core/list.h"
#include "core/loop.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"
#include "ipsec/vici.h"

#define DEFAULT_BACKOFF_MIN_MS 100
#define DEFAULT_BACKOFF_MAX_MS 5000
#define DEFAULT_SETUP_TIMEOUT_MS 5000
#define DEFAULT_REQUEST_TIMEOUT_MS 10000
#define DEFAULT_MAX_QUEUE 1024
#define MAX_EVENTS 16		/* names registered on the event connection */
#define READS_PER_WAKEUP 16	/* then the loop serves others; epoll calls again */
#define READ_CHUNK 65536

#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))

struct conn {
	struct loop_fd w;
	struct vici_client *c;
	bool connecting;	/* connect() in progress: waiting for EPOLLOUT */
	uint8_t *rbuf, *wbuf;
	size_t rlen, rcap, wlen, woff, wcap;
};

/* A request's place in its exchange; a streamed one registers and unregisters its event. */
enum phase { PH_QUEUED, PH_REGISTER, PH_COMMAND, PH_UNREGISTER };

struct req {
	struct list_node node;
	char cmd[VICI_NAME_MAX + 1];
	char stream[VICI_NAME_MAX + 1];	/* "" for a plain command */
	uint8_t *msg;
	size_t msg_len;
	unsigned int timeout_ms;
	enum phase phase;
	vici_reply_cb done;
	vici_stream_cb each;
	void *arg;
	unsigned int bad_events;
	bool answered;		/* done() was called (or the request was forgotten) */
};

enum client_state { ST_WAIT, ST_CONNECTING, ST_UP };

struct vici_client {
	struct sockaddr_un sa;
	char *events[MAX_EVENTS + 1];
	struct vici_config cfg;
	struct vici_client_ops ops;
	void *owner;
	struct conn cmd, evt;
	enum client_state st;
	size_t registering;	/* index in events[] while connecting */
	bool told_up, warned;
	unsigned int backoff_ms;
	struct loop_timer retry;	/* the next attempt; the setup deadline while connecting */
	struct loop_timer deadline;	/* the request in flight */
	struct loop_timer kick;		/* a request queued: sent from the loop, not the caller */
	struct list_node queue;
	size_t queued;
	unsigned long epoch;	/* bumped by every failure: a walk over a buffer stops */
	struct vici_stats stats;
};

static void conn_io(struct loop_fd *w, uint32_t events);
static void start_next(struct vici_client *c);

/* ---- failure and reconnection ---- */

static void conn_close(struct conn *k)
{
	if (k->w.fd >= 0) {
		loop_del(&k->w);
		close(k->w.fd);
	}
	k->w.fd = -1;
	free(k->rbuf);
	free(k->wbuf);
	k->rbuf = k->wbuf = NULL;
	k->rlen = k->rcap = k->wlen = k->woff = k->wcap = 0;
	k->connecting = false;
}

static struct req *head(struct vici_client *c)
{
	return list_empty(&c->queue) ? NULL : list_entry(c->queue.next, struct req, node);
}

static void answer(struct req *r, int err, const struct vici_msg *reply)
{
	if (r->answered)
		return;
	r->answered = true;
	if (r->done)
		r->done(r->arg, err, reply);
}

static void req_free(struct vici_client *c, struct req *r)
{
	list_del(&r->node);
	c->queued--;
	free(r->msg);
	free(r);
}

/* Every request fails: the one in flight with first_err, the others with err. */
static void fail_all(struct vici_client *c, int first_err, int err)
{
	struct list_node gone;
	struct req *r;
	bool first = true;

	/* moved aside first: a callback that queues again must find the queue empty */
	list_init(&gone);
	if (!list_empty(&c->queue)) {
		gone.next = c->queue.next;
		gone.prev = c->queue.prev;
		gone.next->prev = gone.prev->next = &gone;
		list_init(&c->queue);
	}
	while (!list_empty(&gone)) {
		r = list_entry(gone.next, struct req, node);
		list_del(&r->node);
		c->queued--;
		answer(r, first && r->phase != PH_QUEUED ? first_err : err, NULL);
		first = false;
		free(r->msg);
		free(r);
	}
}

static void schedule_retry(struct vici_client *c)
{
	unsigned int delay = c->backoff_ms;

	c->backoff_ms = c->backoff_ms >= c->cfg.backoff_max_ms / 2 ? c->cfg.backoff_max_ms :
			c->backoff_ms * 2;
	c->st = ST_WAIT;
	loop_timer_arm(&c->retry, delay);
}

/*
 * Both connections go, every request fails, the owner hears "down" if it had heard "up",
 * and the next attempt is scheduled. Returns -1 for the callers' "stop, all is gone".
 */
static int client_fail(struct vici_client *c, int first_err, const char *why)
{
	bool was_up = c->told_up;

	c->epoch++;
	conn_close(&c->cmd);
	conn_close(&c->evt);
	loop_timer_cancel(&c->deadline);
	if (was_up || !c->warned)
		log_warn("vici: charon at %s: %s; trying again", c->sa.sun_path, why);
	else
		log_debug("vici: charon at %s: %s", c->sa.sun_path, why);
	c->warned = true;
	if (!was_up)
		c->stats.attempt_failures++;
	schedule_retry(c);
	c->told_up = false;
	fail_all(c, first_err, -ECONNRESET);
	if (was_up) {
		c->stats.downs++;
		if (c->ops.state)
			c->ops.state(c->owner, false);
	}
	return -1;
}

static int protocol_error(struct vici_client *c, const char *what)
{
	c->stats.protocol_errors++;
	return client_fail(c, -EPROTO, what);
}

/* ---- sending ---- */

static int conn_flush(struct conn *k)
{
	ssize_t n;

	while (k->woff < k->wlen) {
		n = send(k->w.fd, k->wbuf + k->woff, k->wlen - k->woff,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return loop_mod(&k->w, EPOLLIN | EPOLLOUT) ? -1 : 0;
		if (n <= 0)
			return -1;
		k->woff += (size_t)n;
	}
	k->woff = k->wlen = 0;
	return loop_mod(&k->w, EPOLLIN) ? -1 : 0;
}

static int conn_send(struct conn *k, enum vici_packet_type type, const char *name,
		     const uint8_t *msg, size_t msg_len)
{
	size_t need = vici_packet_framed_len(name, msg_len), n;
	uint8_t *buf;

	if (k->wlen + need > k->wcap) {
		buf = realloc(k->wbuf, k->wlen + need);
		if (!buf)
			return client_fail(k->c, -ENOMEM, "out of memory");
		k->wbuf = buf;
		k->wcap = k->wlen + need;
	}
	n = vici_packet_frame(k->wbuf + k->wlen, need, type, name, msg, msg_len);
	if (!n)
		return client_fail(k->c, -EINVAL, "a packet that cannot be framed");
	k->wlen += n;
	if (conn_flush(k))
		return client_fail(k->c, -ECONNRESET, strerror(errno));
	return 0;
}

/* ---- the command connection ---- */

static int req_send(struct vici_client *c, struct req *r)
{
	if (r->phase == PH_REGISTER)
		return conn_send(&c->cmd, VICI_EVENT_REGISTER, r->stream, NULL, 0);
	if (r->phase == PH_UNREGISTER)
		return conn_send(&c->cmd, VICI_EVENT_UNREGISTER, r->stream, NULL, 0);
	return conn_send(&c->cmd, VICI_CMD_REQUEST, r->cmd, r->msg, r->msg_len);
}

static void start_next(struct vici_client *c)
{
	struct req *r = head(c);

	if (c->st != ST_UP || !r || r->phase != PH_QUEUED)
		return;
	r->phase = r->stream[0] ? PH_REGISTER : PH_COMMAND;
	loop_timer_arm(&c->deadline, r->timeout_ms);
	req_send(c, r);
}

static void finish_head(struct vici_client *c, struct req *r)
{
	loop_timer_cancel(&c->deadline);
	req_free(c, r);
	start_next(c);
}

/* The command's answer is in: a streamed one still unregisters its event. */
static int after_answer(struct vici_client *c, struct req *r)
{
	if (!r->stream[0]) {
		finish_head(c, r);
		return 0;
	}
	r->phase = PH_UNREGISTER;
	return req_send(c, r);
}

static int on_response(struct vici_client *c, struct req *r, const struct vici_packet *p)
{
	struct vici_msg *m = NULL;
	int err;

	c->stats.replies++;
	err = vici_parse(p->msg, p->msg_len, &c->cfg.limits, &m);
	if (err) {
		c->stats.bad_messages++;
		log_warn("vici: reply to %s refused: %s", r->cmd, vici_strerror(err));
		answer(r, -EBADMSG, NULL);
	} else if (r->bad_events) {
		answer(r, -EBADMSG, NULL);
	} else {
		answer(r, 0, m);
	}
	vici_msg_free(m);
	return after_answer(c, r);
}

static void on_stream_event(struct vici_client *c, struct req *r, const struct vici_packet *p)
{
	struct vici_msg *m;
	int err;

	err = vici_parse(p->msg, p->msg_len, &c->cfg.limits, &m);
	if (err) {
		c->stats.bad_messages++;
		r->bad_events++;
		log_warn("vici: %s event of %s refused: %s", p->name, r->cmd, vici_strerror(err));
		return;
	}
	c->stats.stream_events++;
	if (!r->answered && r->each)
		r->each(r->arg, m);
	vici_msg_free(m);
}

/* Anything else than what the request in flight waits for breaks the protocol. */
static int cmd_packet(struct vici_client *c, const struct vici_packet *p)
{
	struct req *r = head(c);
	enum phase ph = r ? r->phase : PH_QUEUED;

	switch (p->type) {
	case VICI_EVENT:
		if (ph == PH_COMMAND && r->stream[0] && !strcmp(p->name, r->stream))
			on_stream_event(c, r, p);
		else
			c->stats.stray_events++;
		return 0;
	case VICI_CMD_RESPONSE:
		if (ph != PH_COMMAND)
			break;
		return on_response(c, r, p);
	case VICI_CMD_UNKNOWN:
		if (ph != PH_COMMAND)
			break;
		c->stats.replies++;
		c->stats.unknown_commands++;
		log_warn("vici: charon does not know the command %s", r->cmd);
		answer(r, -EOPNOTSUPP, NULL);
		return after_answer(c, r);
	case VICI_EVENT_CONFIRM:
	case VICI_EVENT_UNKNOWN:
		if (ph == PH_UNREGISTER) {
			finish_head(c, r);
			return 0;
		}
		if (ph != PH_REGISTER)
			break;
		if (p->type == VICI_EVENT_CONFIRM) {
			r->phase = PH_COMMAND;
			return req_send(c, r);
		}
		c->stats.unknown_events++;
		log_warn("vici: charon has no event %s for %s", r->stream, r->cmd);
		answer(r, -EOPNOTSUPP, NULL);
		finish_head(c, r);
		return 0;
	default:
		break;
	}
	return protocol_error(c, "an answer nobody asked for on the command connection");
}

/* ---- the event connection ---- */

static void go_up(struct vici_client *c)
{
	c->st = ST_UP;
	loop_timer_cancel(&c->retry);
	c->backoff_ms = c->cfg.backoff_min_ms;
	c->told_up = true;
	c->warned = false;
	c->stats.ups++;
	log_info("vici: connected to charon at %s", c->sa.sun_path);
	if (c->ops.state)
		c->ops.state(c->owner, true);
	start_next(c);
}

static int register_next(struct vici_client *c)
{
	if (!c->events[c->registering]) {
		go_up(c);
		return 0;
	}
	return conn_send(&c->evt, VICI_EVENT_REGISTER, c->events[c->registering], NULL, 0);
}

static bool registered(const struct vici_client *c, const char *name)
{
	for (size_t i = 0; c->events[i]; i++)
		if (!strcmp(c->events[i], name))
			return true;
	return false;
}

static void deliver_event(struct vici_client *c, const struct vici_packet *p)
{
	struct vici_msg *m;
	int err;

	if (!registered(c, p->name)) {
		c->stats.stray_events++;
		return;
	}
	err = vici_parse(p->msg, p->msg_len, &c->cfg.limits, &m);
	if (err) {
		c->stats.bad_messages++;
		log_warn("vici: %s event refused: %s", p->name, vici_strerror(err));
		return;
	}
	c->stats.events++;
	if (c->ops.event)
		c->ops.event(c->owner, p->name, m);
	vici_msg_free(m);
}

static int evt_packet(struct vici_client *c, const struct vici_packet *p)
{
	bool setting_up = c->st == ST_CONNECTING && c->events[c->registering];

	if (p->type == VICI_EVENT) {
		deliver_event(c, p);
		return 0;
	}
	if (!setting_up || (p->type != VICI_EVENT_CONFIRM && p->type != VICI_EVENT_UNKNOWN))
		return protocol_error(c, "an answer nobody asked for on the event connection");
	if (p->type == VICI_EVENT_UNKNOWN) {
		c->stats.unknown_events++;
		log_err("vici: charon has no event %s; going on without it",
			c->events[c->registering]);
	}
	c->registering++;
	return register_next(c);
}

/* ---- receiving ---- */

static int conn_packet(struct conn *k, const uint8_t *seg, size_t len)
{
	struct vici_client *c = k->c;
	struct vici_packet p;
	int err;

	err = vici_packet_parse(seg, len, &p);
	if (err) {
		log_warn("vici: packet from charon refused: %s", vici_strerror(err));
		return protocol_error(c, "a malformed packet");
	}
	return k == &c->cmd ? cmd_packet(c, &p) : evt_packet(c, &p);
}

/*
 * Whole segments out of the buffer; -1 once the client failed (k's buffers are gone). A
 * callback of the owner's may have queued a request whose send failed: the epoch says so.
 */
static int conn_segments(struct conn *k)
{
	struct vici_client *c = k->c;
	unsigned long epoch = c->epoch;
	size_t off = 0, len;

	while (k->rlen - off >= 4) {
		const uint8_t *b = k->rbuf + off;

		len = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | b[3];
		if (len == 0 || len > VICI_SEGMENT_MAX)
			return protocol_error(c, "a segment of impossible length");
		if (k->rlen - off - 4 < len)
			break;
		if (conn_packet(k, b + 4, len) || c->epoch != epoch)
			return -1;
		off += 4 + len;
	}
	memmove(k->rbuf, k->rbuf + off, k->rlen - off);
	k->rlen -= off;
	return 0;
}

static int conn_grow(struct conn *k)
{
	size_t cap = k->rcap ? k->rcap * 2 : READ_CHUNK;
	uint8_t *buf;

	if (cap > 4 + VICI_SEGMENT_MAX)
		cap = 4 + VICI_SEGMENT_MAX;
	if (cap <= k->rcap)
		return protocol_error(k->c, "a segment longer than the protocol allows");
	buf = realloc(k->rbuf, cap);
	if (!buf)
		return client_fail(k->c, -ENOMEM, "out of memory");
	k->rbuf = buf;
	k->rcap = cap;
	return 0;
}

static void conn_read(struct conn *k)
{
	ssize_t n;

	for (int i = 0; i < READS_PER_WAKEUP; i++) {
		if (k->rlen == k->rcap && conn_grow(k))
			return;
		n = recv(k->w.fd, k->rbuf + k->rlen, k->rcap - k->rlen, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			client_fail(k->c, -ECONNRESET, n ? strerror(errno) : "charon closed");
			return;
		}
		k->rlen += (size_t)n;
		if (conn_segments(k))
			return;
	}
}

/* ---- connecting ---- */

static void connected(struct conn *k)
{
	struct vici_client *c = k->c;
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(k->w.fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
		client_fail(c, -ECONNRESET, strerror(err ? err : errno));
		return;
	}
	k->connecting = false;
	if (conn_flush(k)) {
		client_fail(c, -ECONNRESET, strerror(errno));
		return;
	}
	if (!c->cmd.connecting && !c->evt.connecting)
		register_next(c);
}

static void conn_io(struct loop_fd *w, uint32_t events)
{
	struct conn *k = container_of(w, struct conn, w);

	if (k->w.fd < 0)
		return;	/* closed by a failure earlier in this batch of events */
	if (k->connecting) {
		connected(k);
		return;
	}
	if ((events & EPOLLOUT) && conn_flush(k)) {
		client_fail(k->c, -ECONNRESET, strerror(errno));
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		conn_read(k);
}

static int conn_open(struct vici_client *c, struct conn *k)
{
	k->w.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (k->w.fd < 0)
		return -errno;
	k->w.cb = conn_io;
	k->w.events = EPOLLIN;
	if (connect(k->w.fd, (const struct sockaddr *)&c->sa, sizeof(c->sa))) {
		if (errno != EAGAIN && errno != EINPROGRESS) {
			int err = -errno;

			close(k->w.fd);
			k->w.fd = -1;
			return err;
		}
		k->connecting = true;
		k->w.events = EPOLLOUT;
	}
	if (loop_add(&k->w)) {
		close(k->w.fd);
		k->w.fd = -1;
		return -ENOMEM;
	}
	return 0;
}

static void attempt(struct vici_client *c)
{
	int err;

	c->stats.attempts++;
	c->registering = 0;
	err = conn_open(c, &c->cmd);
	if (!err)
		err = conn_open(c, &c->evt);
	if (err) {
		client_fail(c, -ECONNRESET, strerror(-err));
		return;
	}
	c->st = ST_CONNECTING;
	loop_timer_arm(&c->retry, c->cfg.setup_timeout_ms);
	if (!c->cmd.connecting && !c->evt.connecting)
		register_next(c);
}

static void retry_fired(struct loop_timer *t)
{
	struct vici_client *c = container_of(t, struct vici_client, retry);

	if (c->st == ST_WAIT)
		attempt(c);
	else if (c->st == ST_CONNECTING)
		client_fail(c, -ETIMEDOUT, "no answer while connecting");
}

static void deadline_fired(struct loop_timer *t)
{
	struct vici_client *c = container_of(t, struct vici_client, deadline);
	struct req *r = head(c);
	char why[VICI_NAME_MAX + 32];

	c->stats.timeouts++;
	snprintf(why, sizeof(why), "no answer to %s in time", r ? r->cmd : "?");
	client_fail(c, -ETIMEDOUT, why);
}

static void kick_fired(struct loop_timer *t)
{
	start_next(container_of(t, struct vici_client, kick));
}

/* ---- the API ---- */

static int copy_events(struct vici_client *c, const char *const *events)
{
	size_t n = 0;

	for (; events && events[n]; n++) {
		size_t len = strlen(events[n]);

		if (n == MAX_EVENTS || !len || len > VICI_NAME_MAX)
			return -EINVAL;
		c->events[n] = strdup(events[n]);
		if (!c->events[n])
			return -ENOMEM;
	}
	return 0;
}

static void config_defaults(struct vici_config *cfg)
{
	if (!cfg->backoff_min_ms)
		cfg->backoff_min_ms = DEFAULT_BACKOFF_MIN_MS;
	if (!cfg->backoff_max_ms)
		cfg->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
	if (cfg->backoff_max_ms < cfg->backoff_min_ms)
		cfg->backoff_max_ms = cfg->backoff_min_ms;
	if (!cfg->setup_timeout_ms)
		cfg->setup_timeout_ms = DEFAULT_SETUP_TIMEOUT_MS;
	if (!cfg->max_queue)
		cfg->max_queue = DEFAULT_MAX_QUEUE;
	cfg->socket_path = NULL;	/* kept in sa */
	cfg->events = NULL;		/* kept in events[] */
}

struct vici_client *vici_client_new(const struct vici_config *cfg,
				    const struct vici_client_ops *ops, void *owner)
{
	struct vici_client *c;

	if (!cfg->socket_path || !*cfg->socket_path ||
	    strlen(cfg->socket_path) >= sizeof(c->sa.sun_path))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (copy_events(c, cfg->events)) {
		vici_client_free(c);
		return NULL;
	}
	c->sa.sun_family = AF_UNIX;
	strcpy(c->sa.sun_path, cfg->socket_path);
	c->cfg = *cfg;
	config_defaults(&c->cfg);
	if (ops)
		c->ops = *ops;
	c->owner = owner;
	c->cmd.c = c->evt.c = c;
	c->cmd.w.fd = c->evt.w.fd = -1;
	list_init(&c->queue);
	loop_timer_init(&c->retry, retry_fired);
	loop_timer_init(&c->deadline, deadline_fired);
	loop_timer_init(&c->kick, kick_fired);
	c->backoff_ms = c->cfg.backoff_min_ms;
	c->st = ST_WAIT;
	loop_timer_arm(&c->retry, 0);	/* the first attempt from the loop */
	return c;
}

void vici_client_free(struct vici_client *c)
{
	if (!c)
		return;
	c->st = ST_WAIT;
	conn_close(&c->cmd);
	conn_close(&c->evt);
	loop_timer_cancel(&c->retry);
	loop_timer_cancel(&c->deadline);
	loop_timer_cancel(&c->kick);
	if (c->queue.next)
		fail_all(c, -ECANCELED, -ECANCELED);
	for (size_t i = 0; c->events[i]; i++)
		free(c->events[i]);
	free(c);
}

bool vici_client_is_up(const struct vici_client *c)
{
	return c->st == ST_UP;
}

const struct vici_stats *vici_client_stats(const struct vici_client *c)
{
	return &c->stats;
}

static int queue_req(struct vici_client *c, struct req *r, const struct vici_builder *msg)
{
	if (msg && vici_build_finish(msg))
		return -EINVAL;
	if (msg && msg->len) {
		r->msg = malloc(msg->len);
		if (!r->msg)
			return -ENOMEM;
		memcpy(r->msg, msg->buf, msg->len);
		r->msg_len = msg->len;
	}
	list_append(&c->queue, &r->node);
	c->queued++;
	c->stats.requests++;
	if (head(c) == r)
		loop_timer_arm(&c->kick, 0);
	return 0;
}

int vici_request_stream(struct vici_client *c, const char *cmd, const char *stream_event,
			const struct vici_builder *msg, unsigned int timeout_ms,
			vici_stream_cb each, vici_reply_cb done, void *arg)
{
	size_t cmd_len = strlen(cmd), ev_len = stream_event ? strlen(stream_event) : 0;
	struct req *r;
	int err;

	if (!cmd_len || cmd_len > VICI_NAME_MAX || ev_len > VICI_NAME_MAX ||
	    (stream_event && !ev_len))
		return -EINVAL;
	if (c->st != ST_UP)
		return -ENOTCONN;
	if (c->queued >= c->cfg.max_queue)
		return -ENOBUFS;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	memcpy(r->cmd, cmd, cmd_len);
	if (ev_len)
		memcpy(r->stream, stream_event, ev_len);
	r->timeout_ms = timeout_ms ? timeout_ms : DEFAULT_REQUEST_TIMEOUT_MS;
	r->done = done;
	r->each = each;
	r->arg = arg;
	err = queue_req(c, r, msg);
	if (err)
		free(r);
	return err;
}

int vici_request(struct vici_client *c, const char *cmd, const struct vici_builder *msg,
		 unsigned int timeout_ms, vici_reply_cb done, void *arg)
{
	return vici_request_stream(c, cmd, NULL, msg, timeout_ms, NULL, done, arg);
}

void vici_forget(struct vici_client *c, void *arg)
{
	struct list_node *pos;

	list_for_each(pos, &c->queue) {
		struct req *r = list_entry(pos, struct req, node);

		if (r->arg == arg) {
			r->done = NULL;
			r->each = NULL;
		}
	}
}
