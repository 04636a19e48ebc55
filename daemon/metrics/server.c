// SPDX-License-Identifier: GPL-2.0
/*
 * The metrics listener on the event loop. A scraper is a peer like any other: its
 * connection is non-blocking, its request head is read into a fixed METRICS_REQUEST_MAX
 * buffer within METRICS_REQUEST_MS, at most METRICS_CONNS_MAX are open at once (more are
 * told 503 and closed), the answer is sent as the socket takes it within METRICS_SEND_MS,
 * then the write side is shut and the client's close awaited briefly (so unread bytes of
 * its do not turn our close into a reset that eats the answer). Every refusal is counted
 * by reason (exported) and logged, rate-limited per peer.
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
#include "core/log.h"
#include "core/loop.h"
#include "metrics/expo.h"
#include "metrics/http.h"
#include "metrics/metrics.h"
#include "metrics/metrics_menu.h"

#define ACCEPT_BURST 16
#define LINGER_DISCARD_MAX 65536
#define RETRY_MS 10000

enum mconn_state { MC_READ, MC_SEND, MC_LINGER };

struct mconn {
	struct loop_fd w;		/* first: the loop hands us &w */
	struct loop_timer timer;
	struct mconn *prev, *next;
	enum mconn_state state;
	uint32_t peer4;			/* network order; 0 for IPv6 (logs: limited per peer) */
	char peer[INET6_ADDRSTRLEN + 8];
	int status;
	char req[METRICS_REQUEST_MAX];
	size_t req_len, sent, discarded;
	struct strbuf out;
};

static struct loop_fd listener = { .fd = -1 };
static struct loop_timer retry;
static struct cfg_ip_addr bound_addr;
static unsigned int bound_port;
static struct mconn *conns;
static struct metrics_http_stats stats;

const struct metrics_http_stats *metrics_http_stats(void)
{
	return &stats;
}

const char *metrics_refusal_name(enum metrics_refusal r)
{
	static const char *const names[MR_COUNT] = {
		[MR_BAD_REQUEST] = "bad-request", [MR_NOT_FOUND] = "not-found",
		[MR_METHOD] = "method", [MR_TOO_BIG] = "too-big", [MR_TIMEOUT] = "timeout",
		[MR_BUSY] = "busy", [MR_TOO_LARGE] = "answer-too-large",
		[MR_VERSION] = "http-version",
	};

	return r < MR_COUNT ? names[r] : "?";
}

static void refused(uint32_t peer4, const char *peer, enum metrics_refusal r)
{
	stats.refused[r]++;
	if (peer4)
		log_warn_from(peer4, "metrics: %s refused: %s", peer, metrics_refusal_name(r));
	else
		log_warn("metrics: %s refused: %s", peer, metrics_refusal_name(r));
}

static void conn_close(struct mconn *c)
{
	loop_timer_cancel(&c->timer);
	loop_del(&c->w);
	close(c->w.fd);
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	sb_free(&c->out);
	stats.conns--;
	free(c);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* the scrape's body, or why there is none (500) */
static int render(struct strbuf *body)
{
	const struct system_metrics_cfg *cfg = system_metrics_cfg();
	double t0 = now_s();

	metrics_render(body, cfg && cfg->per_session);
	stats.last_render_s = now_s() - t0;
	if (body->oom || body->len > METRICS_BODY_MAX)
		return 500;
	return 200;
}

/* The whole answer into c->out: status line, headers, body. */
static void compose(struct mconn *c, int status)
{
	struct strbuf body;

	sb_init(&body);
	if (status == 200 && (status = render(&body)) != 200)
		sb_reset(&body);
	if (status != 200)
		sb_printf(&body, "%d %s\n", status, metrics_http_reason(status));
	sb_printf(&c->out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		  "%sConnection: close\r\n\r\n", status, metrics_http_reason(status),
		  status == 200 ? EXPO_CONTENT_TYPE : "text/plain; charset=utf-8", body.len,
		  status == 405 ? "Allow: GET\r\n" : "");
	sb_add(&c->out, body.p ? body.p : "", body.len);
	sb_free(&body);
	c->status = status;
}

static enum metrics_refusal refusal_of(int status)
{
	switch (status) {
	case 404: return MR_NOT_FOUND;
	case 405: return MR_METHOD;
	case 431: return MR_TOO_BIG;
	case 500: return MR_TOO_LARGE;
	case 505: return MR_VERSION;
	default: return MR_BAD_REQUEST;
	}
}

static void linger(struct mconn *c)
{
	sb_free(&c->out);
	shutdown(c->w.fd, SHUT_WR);
	c->state = MC_LINGER;
	loop_mod(&c->w, EPOLLIN);
	loop_timer_arm(&c->timer, METRICS_LINGER_MS);
}

/* Sends what the socket takes; the whole answer out: linger. */
static void conn_send(struct mconn *c)
{
	while (c->sent < c->out.len) {
		ssize_t n = send(c->w.fd, c->out.p + c->sent, c->out.len - c->sent,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			conn_close(c);
			return;
		}
		c->sent += (size_t)n;
	}
	if (c->status == 200)
		stats.scrapes++;
	linger(c);
}

static void answer(struct mconn *c, int status)
{
	if (status != 200)
		refused(c->peer4, c->peer, refusal_of(status));
	compose(c, status);
	if (c->out.oom) {		/* no memory for the answer: better none than a torn one */
		conn_close(c);
		return;
	}
	if (c->status != status)	/* the body could not be made */
		refused(c->peer4, c->peer, refusal_of(c->status));
	c->state = MC_SEND;
	c->sent = 0;
	loop_mod(&c->w, EPOLLOUT);
	loop_timer_arm(&c->timer, METRICS_SEND_MS);
	conn_send(c);
}

static void conn_read(struct mconn *c)
{
	ssize_t n = recv(c->w.fd, c->req + c->req_len, sizeof(c->req) - c->req_len,
			 MSG_DONTWAIT);
	int st;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {			/* gone before asking: nothing to answer */
		conn_close(c);
		return;
	}
	c->req_len += (size_t)n;
	st = metrics_http_parse(c->req, c->req_len);
	if (st)
		answer(c, st);
}

/* After the answer: what the client still sends is read and dropped until it closes. */
static void conn_linger_read(struct mconn *c)
{
	char buf[4096];
	ssize_t n = recv(c->w.fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0 || (c->discarded += (size_t)n) > LINGER_DISCARD_MAX)
		conn_close(c);
}

static void conn_event(struct loop_fd *w, uint32_t events)
{
	struct mconn *c = (struct mconn *)w;

	if (c->state == MC_READ)
		conn_read(c);
	else if (c->state == MC_SEND && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
		conn_send(c);
	else if (c->state == MC_LINGER)
		conn_linger_read(c);
}

static void conn_timeout(struct loop_timer *t)
{
	struct mconn *c = (struct mconn *)((char *)t - offsetof(struct mconn, timer));

	if (c->state == MC_READ) {
		refused(c->peer4, c->peer, MR_TIMEOUT);
		sb_reset(&c->out);
		compose(c, 408);	/* one try to say so; it may not fit, no matter */
		send(c->w.fd, c->out.p, c->out.len, MSG_NOSIGNAL | MSG_DONTWAIT);
	} else if (c->state == MC_SEND) {
		refused(c->peer4, c->peer, MR_TIMEOUT);
	}
	conn_close(c);
}

static void peer_text(const struct sockaddr_storage *ss, char *out, size_t cap, uint32_t *v4)
{
	char a[INET6_ADDRSTRLEN] = "?";

	*v4 = 0;
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a));
		*v4 = s->sin_addr.s_addr;
		snprintf(out, cap, "%s:%u", a, ntohs(s->sin_port));
	} else {
		const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof(a));
		snprintf(out, cap, "[%s]:%u", a, ntohs(s->sin6_port));
	}
}

/* Over the limit: one try at a 503, then closed. */
static void refuse_busy(int fd, const struct sockaddr_storage *ss)
{
	static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
				   "Connection: close\r\n\r\n";
	char peer[INET6_ADDRSTRLEN + 8];
	uint32_t v4;

	peer_text(ss, peer, sizeof(peer), &v4);
	refused(v4, peer, MR_BUSY);
	send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

static int conn_new(int fd, const struct sockaddr_storage *ss)
{
	struct mconn *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->w = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = conn_event };
	if (loop_add(&c->w)) {
		free(c);
		return -ENOMEM;
	}
	peer_text(ss, c->peer, sizeof(c->peer), &c->peer4);
	sb_init(&c->out);
	loop_timer_init(&c->timer, conn_timeout);
	loop_timer_arm(&c->timer, METRICS_REQUEST_MS);
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
	stats.conns++;
	return 0;
}

static void accept_event(struct loop_fd *w, uint32_t events)
{
	int burst;

	(void)events;
	for (burst = 0; burst < ACCEPT_BURST; burst++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		int fd = accept4(w->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				/* a level-triggered listener would spin: pause it a second */
				log_warn("metrics: accept: %s; pausing", strerror(errno));
				loop_mod(&listener, 0);
				loop_timer_arm(&retry, 1000);
			}
			return;
		}
		if (stats.conns >= METRICS_CONNS_MAX)
			refuse_busy(fd, &ss);
		else if (conn_new(fd, &ss))
			close(fd);
	}
}

/* "127.0.0.1:9661", "[::]:9661" */
static void where(const struct cfg_ip_addr *a, unsigned int port, char *out, size_t cap)
{
	char t[INET6_ADDRSTRLEN] = "::";

	if (a->family)
		inet_ntop(a->family, a->addr, t, sizeof(t));
	snprintf(out, cap, a->family == AF_INET ? "%s:%u" : "[%s]:%u", t, port);
}

/* address= empty: every address, IPv6 and IPv4 on one socket (IPv4 alone without IPv6) */
static int listen_on(const struct cfg_ip_addr *a, unsigned int port)
{
	struct sockaddr_in s4 = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };
	int family = a->family == AF_INET ? AF_INET : AF_INET6, one = 1, zero = 0, fd;

	if (family == AF_INET)
		memcpy(&s4.sin_addr, a->addr, 4);
	else if (a->family)
		memcpy(&s6.sin6_addr, a->addr, 16);
	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 && !a->family && errno == EAFNOSUPPORT)	/* a kernel without IPv6 */
		fd = socket(family = AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (!a->family && family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if ((family == AF_INET ? bind(fd, (struct sockaddr *)&s4, sizeof(s4)) :
				 bind(fd, (struct sockaddr *)&s6, sizeof(s6))) ||
	    listen(fd, METRICS_CONNS_MAX)) {
		int err = -errno;

		close(fd);
		return err;
	}
	listener = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = accept_event };
	if (loop_add(&listener)) {
		close(fd);
		listener.fd = -1;
		return -ENOMEM;
	}
	return 0;
}

static void unlisten(void)
{
	if (listener.fd < 0)
		return;
	loop_del(&listener);
	close(listener.fd);
	listener.fd = -1;
}

static void retry_expired(struct loop_timer *t)
{
	(void)t;
	if (listener.fd >= 0)
		loop_mod(&listener, EPOLLIN);	/* after a pause for descriptors */
	else
		metrics_apply();
}

/* Connections already open finish what they do; only the listener moves. */
void metrics_apply(void)
{
	const struct system_metrics_cfg *c = system_metrics_cfg();
	char at[INET6_ADDRSTRLEN + 8];
	int ret;

	if (!retry.cb)
		loop_timer_init(&retry, retry_expired);
	if (c && c->enabled && listener.fd >= 0 && bound_port == c->port &&
	    !memcmp(&bound_addr, &c->address, sizeof(bound_addr)))
		return;
	loop_timer_cancel(&retry);
	if (listener.fd >= 0)
		log_info("metrics: no longer listening");
	unlisten();
	if (!c || !c->enabled)
		return;
	where(&c->address, c->port, at, sizeof(at));
	ret = listen_on(&c->address, c->port);
	if (ret) {
		log_err("metrics: cannot listen on %s: %s; trying again in %d s", at,
			strerror(-ret), RETRY_MS / 1000);
		loop_timer_arm(&retry, RETRY_MS);
		return;
	}
	bound_addr = c->address;
	bound_port = c->port;
	log_info("metrics: serving http://%s/metrics", at);
}

void metrics_stop(void)
{
	if (retry.cb)
		loop_timer_cancel(&retry);
	unlisten();
	while (conns)
		conn_close(conns);
}
