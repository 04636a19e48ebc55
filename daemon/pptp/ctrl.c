// SPDX-License-Identifier: GPL-2.0
/*
 * The PPTP control connection shared by both roles (see ctrl.h): framing of the TCP stream,
 * a bounded send queue, the Echo keepalive. Everything a role decides (which message is
 * welcome in which state, what a slow reader or a lost connection means) stays in the role.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#define LOG_TOPIC LOG_T_PPTP
#include "core/log.h"
#include "pptp/ctrl.h"

#define CTRL_OF_TIMER(t) \
	((struct pptp_ctrl *)((char *)(t) - offsetof(struct pptp_ctrl, echo)))

/* --- sending */

static void flush(struct pptp_ctrl *c)
{
	ssize_t n;

	while (c->out_len) {
		n = send(c->w.fd, c->out, c->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n <= 0)
			break;
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
	}
	loop_mod(&c->w, EPOLLIN | (c->out_len ? EPOLLOUT : 0));
}

int pptp_ctrl_send(struct pptp_ctrl *c, const struct pptp_msg *m)
{
	uint8_t buf[PPTP_MSG_MAX];
	int n = pptp_msg_build(m, buf, sizeof(buf));
	uint8_t *grown;

	if (n < 0)
		return -EINVAL;
	if (!pptp_ctrl_is_open(c) || c->connecting)
		return -ENOTCONN;
	if (c->out_len + (size_t)n > c->out_max)
		return -ENOBUFS;
	grown = realloc(c->out, c->out_len + (size_t)n);
	if (!grown)
		return -ENOMEM;
	c->out = grown;
	memcpy(c->out + c->out_len, buf, (size_t)n);
	c->out_len += (size_t)n;
	log_debug("%s: sent %s", c->tag, pptp_msg_name(m->type));
	flush(c);
	return 0;
}

/* --- the keepalive */

static void answer_echo(struct pptp_ctrl *c, const struct pptp_echorq *rq)
{
	struct pptp_msg r = { .type = PPTP_ECHORP };

	r.echorp.id = rq->id;
	r.echorp.result = PPTP_ECHORP_OK;
	pptp_ctrl_send(c, &r);
}

static void echo_due(struct loop_timer *t)
{
	struct pptp_ctrl *c = CTRL_OF_TIMER(t);
	struct pptp_msg m = { .type = PPTP_ECHORQ };

	if (c->ops->idle && c->ops->idle(c))
		return;
	if (c->echo_outstanding) {
		c->ops->lost(c, PPTP_CTRL_SILENT, "no Echo-Reply");
		return;
	}
	m.echorq.id = ++c->echo_id;
	c->echo_outstanding = true;
	pptp_ctrl_send(c, &m);
	loop_timer_arm(&c->echo, PPTP_ECHO_IDLE_MS);
}

void pptp_ctrl_established(struct pptp_ctrl *c)
{
	c->established = true;
	c->echo_outstanding = false;
	loop_timer_arm(&c->echo, PPTP_ECHO_IDLE_MS);
}

void pptp_ctrl_quiet(struct pptp_ctrl *c)
{
	loop_timer_cancel(&c->echo);
}

/* --- receiving */

static void dispatch(struct pptp_ctrl *c, const struct pptp_msg *m)
{
	log_debug("%s: got %s", c->tag, pptp_msg_name(m->type));
	if (c->established && m->type == PPTP_ECHORQ)
		answer_echo(c, &m->echorq);
	else if (c->established && m->type == PPTP_ECHORP)
		c->echo_outstanding = false;
	else
		c->ops->message(c, m);
}

/* Every whole message in the input; a message may close the connection (gen moves). */
static void read_messages(struct pptp_ctrl *c)
{
	unsigned long gen = c->gen;
	size_t off = 0;

	while (c->gen == gen) {
		struct pptp_msg m;
		int n = pptp_msg_frame(c->in + off, c->in_len - off);
		enum pptp_error e;

		if (n == 0)
			break;
		if (n < 0) {
			c->ops->lost(c, PPTP_CTRL_MALFORMED, pptp_msg_strerror((enum pptp_error)n));
			return;
		}
		e = pptp_msg_parse(c->in + off, (size_t)n, &m);
		off += (size_t)n;
		if (e == PPTP_E_UNKNOWN_TYPE)
			continue;	/* framed but not ours to know: skipped, as RFC 2637 allows */
		if (e != PPTP_OK) {
			c->ops->lost(c, PPTP_CTRL_MALFORMED, pptp_msg_strerror(e));
			return;
		}
		dispatch(c, &m);
	}
	if (c->gen != gen)
		return;
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
}

static void connect_done(struct pptp_ctrl *c)
{
	struct sockaddr_in local;
	socklen_t len = sizeof(local), elen = sizeof(int);
	int err = 0;

	if (getsockopt(c->w.fd, SOL_SOCKET, SO_ERROR, &err, &elen) || err ||
	    getsockname(c->w.fd, (struct sockaddr *)&local, &len)) {
		c->ops->lost(c, PPTP_CTRL_UNREACHABLE, strerror(err ? err : errno));
		return;
	}
	c->local_addr = local.sin_addr.s_addr;
	c->connecting = false;
	loop_mod(&c->w, EPOLLIN);
	c->ops->connected(c);
}

static void ctrl_event(struct loop_fd *w, uint32_t events)
{
	struct pptp_ctrl *c = (struct pptp_ctrl *)w;
	ssize_t n;

	if (c->connecting) {
		connect_done(c);
		return;
	}
	if (events & EPOLLOUT)
		flush(c);
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	n = recv(w->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		c->ops->lost(c, PPTP_CTRL_CLOSED, n == 0 ? "closed by the peer" : strerror(errno));
		return;
	}
	if (n < 0)
		return;
	c->in_len += (size_t)n;
	c->echo_outstanding = false;
	if (loop_timer_armed(&c->echo))	/* a dribbling peer keeps no setup deadline at bay */
		loop_timer_arm(&c->echo, PPTP_ECHO_IDLE_MS);
	read_messages(c);
}

/* --- opening and closing */

void pptp_ctrl_init(struct pptp_ctrl *c, const struct pptp_ctrl_ops *ops, const char *tag,
		    size_t out_max)
{
	*c = (struct pptp_ctrl){ .w.fd = -1, .ops = ops, .tag = tag, .out_max = out_max };
	loop_timer_init(&c->echo, echo_due);
}

static int open_fd(struct pptp_ctrl *c, int fd, uint32_t events)
{
	c->w = (struct loop_fd){ .fd = fd, .events = events, .cb = ctrl_event };
	c->established = false;
	c->echo_outstanding = false;
	if (loop_add(&c->w)) {
		c->w.fd = -1;
		return -ENOMEM;
	}
	return 0;
}

int pptp_ctrl_attach(struct pptp_ctrl *c, int fd, uint32_t peer_addr)
{
	struct sockaddr_in local;
	socklen_t len = sizeof(local);

	if (getsockname(fd, (struct sockaddr *)&local, &len))
		return -errno;
	c->local_addr = local.sin_addr.s_addr;
	c->peer_addr = peer_addr;
	c->connecting = false;
	return open_fd(c, fd, EPOLLIN);
}

int pptp_ctrl_connect(struct pptp_ctrl *c, uint32_t server)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(PPTP_PORT),
				  .sin_addr.s_addr = server };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), err;

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) && errno != EINPROGRESS) {
		err = -errno;
		close(fd);
		return err;
	}
	c->peer_addr = server;
	c->connecting = true;
	err = open_fd(c, fd, EPOLLOUT);
	if (err)
		close(fd);
	return err;
}

void pptp_ctrl_close(struct pptp_ctrl *c)
{
	loop_timer_cancel(&c->echo);
	if (!pptp_ctrl_is_open(c))
		return;
	loop_del(&c->w);
	close(c->w.fd);
	c->w.fd = -1;
	c->gen++;
	c->connecting = false;
	c->established = false;
	c->in_len = 0;
	free(c->out);
	c->out = NULL;
	c->out_len = 0;
}
