// SPDX-License-Identifier: GPL-2.0
/*
 * Access: the socket is 0660, owned by root and by the group "sluice" when that group exists;
 * a connecting process must also be root or in that group by its credentials, as its primary
 * group (SO_PEERCRED) or a supplementary one (SO_PEERGROUPS, as the file system checks the
 * socket's mode), so a wrongly widened socket mode does not widen access.
 */
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "admin/cli.h"
#include "admin/config.h"
#include "admin/config_file.h"
#include "admin/control.h"
#include "core/log.h"
#include "core/loop.h"
#include "pptp/server.h"
#include "ctl.h"

#define CTL_MAX_CONNS 64

struct ctl_rec {
	struct ctl_rec *next;
	int len;
	char data[];
};

struct ctl_conn;

/*
 * A request being run: its lines go one after the other; a command that answers later
 * (cli_later: monitor-traffic) parks it on its connection until the answer is finished,
 * the lines after that one kept, the connection's next requests unread meanwhile.
 */
struct ctl_req {
	struct loop_timer timer;	/* first: the timer hands us &timer */
	struct ctl_conn *cc;
	char *rest;			/* the lines after the waiting one; NULL: none */
	int lines;			/* run so far: the failing one's number */
	uint16_t flags;
	unsigned long gen;		/* config_generation() when it came */
	bool moved, was_owner;
	struct strbuf out, err;
};

struct ctl_conn {
	struct loop_fd w;		/* first: the loop hands us &w */
	unsigned int id;
	struct ctl_conn *prev, *next;	/* every open connection, for shutdown */
	struct ctl_rec *head, *tail;	/* records not yet sent */
	struct cli_session cli;		/* the menu this connection is in */
	struct ctl_req *waiting;	/* a request parked until its answer is finished */
};

static struct loop_fd listener = { .fd = -1 };
static char sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static gid_t ctl_gid;
static int have_group;
static unsigned int nconns, next_id;
static struct ctl_conn *conns;
static struct ctl_conn *script_owner;	/* the connection whose script is running */

#define LINES_LATER (-2)		/* run_lines: a command answers later */

static void request_free(struct ctl_req *r)
{
	free(r->rest);
	sb_free(&r->out);
	sb_free(&r->err);
	free(r);
}

/* the connection goes while a command's answer is pending: nothing more of it runs */
static void request_drop(struct ctl_conn *cc)
{
	struct ctl_req *r = cc->waiting;

	if (!r)
		return;
	loop_timer_cancel(&r->timer);
	if (cc->cli.later.cancel)
		cc->cli.later.cancel(cc->cli.later.state);
	cc->cli.later = (struct cli_later){ 0 };
	cc->waiting = NULL;
	request_free(r);
}

static void conn_close(struct ctl_conn *cc)
{
	struct ctl_rec *r;

	request_drop(cc);
	loop_del(&cc->w);
	close(cc->w.fd);
	if (cc->prev)
		cc->prev->next = cc->next;
	else
		conns = cc->next;
	if (cc->next)
		cc->next->prev = cc->prev;
	while ((r = cc->head)) {
		cc->head = r->next;
		free(r);
	}
	nconns--;
	if (script_owner == cc) {
		struct strbuf err;

		sb_init(&err);
		config_script_end(true, &err);
		script_owner = NULL;
		log_warn("ctl[%u]: closed in the middle of a script: its changes were undone", cc->id);
		sb_free(&err);
		sb_init(&err);
		config_save(&err);
		sb_free(&err);
	}
	log_debug("ctl[%u]: closed", cc->id);
	free(cc);
}

static int queue(struct ctl_conn *cc, enum ctl_type type, const char *p, size_t len,
		 int32_t status)
{
	struct ctl_rec *r = malloc(sizeof(*r) + CTL_MSG_MAX);

	if (!r)
		return -ENOMEM;
	if (type == CTL_REP_DONE)
		r->len = ctl_encode_done(r->data, CTL_MSG_MAX, status, p);
	else
		r->len = ctl_encode(r->data, CTL_MSG_MAX, type, 0, p, len);
	r->next = NULL;
	if (cc->tail)
		cc->tail->next = r;
	else
		cc->head = r;
	cc->tail = r;
	return 0;
}

/* Sends what the socket takes; returns -1 if the connection broke. */
static int flush(struct ctl_conn *cc)
{
	struct ctl_rec *r;

	while ((r = cc->head)) {
		if (send(cc->w.fd, r->data, (size_t)r->len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -1;
		}
		cc->head = r->next;
		if (!cc->head)
			cc->tail = NULL;
		free(r);
	}
	/* Read the next request only once this one's answer is out: answers stay in order. */
	loop_mod(&cc->w, cc->head ? EPOLLOUT : cc->waiting ? 0 : EPOLLIN);
	return 0;
}

static void queue_output(struct ctl_conn *cc, const struct strbuf *out)
{
	size_t off, chunk = CTL_PAYLOAD_MAX;

	for (off = 0; off < out->len; off += chunk)
		queue(cc, CTL_REP_OUTPUT, out->p + off,
		      out->len - off < chunk ? out->len - off : chunk, 0);
}

/*
 * The request's lines in order; returns 0, the number of the line that failed, or
 * LINES_LATER when one answers later (the lines after it in r->rest).
 */
static int run_lines(struct ctl_conn *cc, struct ctl_req *r, char *text)
{
	char *line = text, *nl;

	for (; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		r->lines++;
		if (cli_exec(&cc->cli, line, r->flags, &r->out, &r->err))
			return r->lines;
		r->moved |= cc->cli.moved;
		/* Only the command's path and verb: values may be passwords. */
		log_debug("ctl[%u]: \"%.*s\"", cc->id, (int)strcspn(line, "="), line);
		if (!cc->cli.later.finish)
			continue;
		if (nl && !(r->rest = strdup(nl))) {
			cc->cli.later.cancel(cc->cli.later.state);
			cc->cli.later = (struct cli_later){ 0 };
			sb_puts(&r->err, "out of memory");
			return r->lines;
		}
		return LINES_LATER;
	}
	return 0;
}

/* A script's first request; one script at a time. 0, or -1 with the reason. */
static int script_begin(struct ctl_conn *cc, uint16_t flags, struct strbuf *err)
{
	if (!(flags & CTL_F_SCRIPT_BEGIN) || script_owner == cc)
		return 0;
	if (script_owner) {
		sb_puts(err, "another script is running; try again when it has finished");
		return -1;
	}
	script_owner = cc;
	config_script_begin();
	return 0;
}

/* Ends the script at its last request or at a failure; returns the request's status. */
static int script_end(struct ctl_conn *cc, uint16_t flags, int failed, struct strbuf *err)
{
	if (script_owner != cc || (!failed && !(flags & CTL_F_SCRIPT_END)))
		return failed;
	script_owner = NULL;
	if (config_script_end(failed != 0, err) && !failed)
		failed = 1;
	return failed;
}

/* The request has run (or failed): saved if it changed anything, answered, freed. */
static void request_done(struct ctl_conn *cc, struct ctl_req *r, int failed)
{
	struct strbuf save_err;

	failed = script_end(cc, r->flags, failed, &r->err);
	sb_init(&save_err);
	/* what ran is live; it is on disk before the client hears it is done */
	if ((r->gen != config_generation() || (r->was_owner && !script_owner)) && !script_owner &&
	    config_save(&save_err)) {
		if (!failed) {
			failed = CTL_APPLIED_NOT_SAVED;
			sb_printf(&r->err, "applied, but %s", save_err.p);
		} else {
			sb_printf(&r->err, "; %s", save_err.p);
		}
	}
	sb_free(&save_err);
	if (r->out.oom || r->err.oom) {
		failed = failed ? failed : 1;
		sb_reset(&r->err);
		sb_puts(&r->err, "out of memory");
	}
	queue_output(cc, &r->out);
	if (r->moved)
		queue(cc, CTL_REP_PATH, cc->cli.path, strlen(cc->cli.path), 0);
	queue(cc, CTL_REP_DONE, failed ? (r->err.p ? r->err.p : "failed") : NULL, 0, failed);
	request_free(r);
}

static void request_answer(struct ctl_req *r);

/* Runs text's lines (unless failed already); parks the request if one answers later. */
static void request_go(struct ctl_conn *cc, struct ctl_req *r, char *text, int failed)
{
	/* only the script's own lines may name items it defines further down */
	config_defer_refs(script_owner == cc);
	if (!failed)
		failed = run_lines(cc, r, text);
	config_defer_refs(false);
	if (failed != LINES_LATER) {
		request_done(cc, r, failed);
		return;
	}
	cc->waiting = r;
	if (loop_timer_arm(&r->timer, cc->cli.later.ms))
		request_answer(r);	/* no memory for a timer: answer now */
}

/* A parked request's answer is finished, then its remaining lines run. */
static void request_answer(struct ctl_req *r)
{
	struct ctl_conn *cc = r->cc;
	struct cli_later later = cc->cli.later;
	char *rest = r->rest;
	int failed;

	cc->cli.later = (struct cli_later){ 0 };
	cc->waiting = NULL;
	r->rest = NULL;
	failed = later.finish(later.state, &r->out, &r->err) ? r->lines : 0;
	if (failed || !rest)
		request_done(cc, r, failed);
	else
		request_go(cc, r, rest, 0);
	free(rest);
}

/* its time has come: the answer goes out, and the connection reads again */
static void request_resume(struct loop_timer *t)
{
	struct ctl_conn *cc = ((struct ctl_req *)t)->cc;

	request_answer((struct ctl_req *)t);
	if (flush(cc))
		conn_close(cc);
}

static void run_command(struct ctl_conn *cc, const struct ctl_msg *m)
{
	static char text[CTL_PAYLOAD_MAX + 1];
	struct ctl_req *r = calloc(1, sizeof(*r));

	if (!r) {
		queue(cc, CTL_REP_DONE, "out of memory", 0, 1);
		return;
	}
	memcpy(text, m->payload, m->len);
	text[m->len] = '\0';
	*r = (struct ctl_req){ .cc = cc, .flags = m->flags, .gen = config_generation(),
			       .was_owner = script_owner == cc };
	loop_timer_init(&r->timer, request_resume);
	sb_init(&r->out);
	sb_init(&r->err);
	request_go(cc, r, text, script_begin(cc, m->flags, &r->err));
}

static void run_complete(struct ctl_conn *cc, const struct ctl_msg *m)
{
	static char text[CTL_PAYLOAD_MAX + 1];
	struct strbuf out;

	memcpy(text, m->payload, m->len);
	text[m->len] = '\0';
	sb_init(&out);
	cli_complete(&cc->cli, text, &out);
	queue_output(cc, &out);
	queue(cc, CTL_REP_DONE, NULL, 0, 0);
	sb_free(&out);
}

static void conn_event(struct loop_fd *w, uint32_t events)
{
	struct ctl_conn *cc = (struct ctl_conn *)w;
	static char buf[CTL_MSG_MAX];
	struct ctl_msg m;
	enum ctl_error e;
	ssize_t n;

	if (events & EPOLLOUT) {
		if (flush(cc))
			goto close;
		return;
	}
	if (cc->waiting) {	/* nothing is read until its answer is out */
		if (events & (EPOLLHUP | EPOLLERR))
			goto close;
		return;
	}
	n = recv(w->fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
	if (n == 0)
		goto close;
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		goto close;
	}
	if ((size_t)n > sizeof(buf)) {
		log_warn("ctl[%u]: %zd-byte record over the %d-byte limit; closing", cc->id, n,
			 CTL_MSG_MAX);
		goto close;
	}
	e = ctl_decode(buf, (size_t)n, &m);
	if (e == CTL_OK && m.type != CTL_REQ_COMMAND && m.type != CTL_REQ_COMPLETE)
		e = CTL_E_TYPE;
	if (e != CTL_OK) {
		log_warn("ctl[%u]: bad request (%s); closing", cc->id, ctl_strerror(e));
		goto close;
	}
	if (m.type == CTL_REQ_COMPLETE)
		run_complete(cc, &m);
	else
		run_command(cc, &m);
	if (flush(cc))
		goto close;
	return;
close:
	conn_close(cc);
}

/* Whether the peer had the group among its supplementary groups when it connected. */
static int peer_has_group(int fd, gid_t gid)
{
	gid_t some[64], *groups = some;
	socklen_t len = sizeof(some);
	size_t i;
	int found = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len)) {
		/* ERANGE: len now says how much; NGROUPS_MAX bounds it at 256 KB */
		if (errno != ERANGE || !(groups = malloc(len)) ||
		    getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len))
			len = 0;
	}
	for (i = 0; i < len / sizeof(gid_t) && !found; i++)
		found = groups[i] == gid;
	if (groups != some)
		free(groups);
	return found;
}

static int peer_allowed(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return 0;
	return cred.uid == 0 ||
	       (have_group && (cred.gid == ctl_gid || peer_has_group(fd, ctl_gid)));
}

static void accept_event(struct loop_fd *w, uint32_t events)
{
	struct ctl_conn *cc;
	int fd;

	(void)events;
	fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (nconns >= CTL_MAX_CONNS || !peer_allowed(fd)) {
		log_warn("ctl: connection refused (%s)",
			 nconns >= CTL_MAX_CONNS ? "too many connections" : "not root or sluice group");
		close(fd);
		return;
	}
	cc = calloc(1, sizeof(*cc));
	if (!cc) {
		close(fd);
		return;
	}
	cc->w = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = conn_event };
	cc->id = ++next_id;
	cli_session_init(&cc->cli);
	cc->cli.may_wait = true;	/* run_lines parks a request for cli_later */
	if (loop_add(&cc->w)) {
		close(fd);
		free(cc);
		return;
	}
	cc->next = conns;
	if (conns)
		conns->prev = cc;
	conns = cc;
	nconns++;
	log_debug("ctl[%u]: connected", cc->id);
}

/* A stale socket file is removed; a live one means another daemon owns the path. */
static int claim_path(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	int live;

	if (fd < 0)
		return -errno;
	live = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0;
	close(fd);
	if (live)
		return -EADDRINUSE;
	unlink(sa->sun_path);
	return 0;
}

static void set_access(const char *path)
{
	struct group *gr = getgrnam(CTL_GROUP);

	if (gr) {
		ctl_gid = gr->gr_gid;
		have_group = 1;
		if (chown(path, 0, ctl_gid))
			log_warn("ctl: chown %s: %s", path, strerror(errno));
	}
	chmod(path, have_group ? 0660 : 0600);
}

int ctl_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	ret = claim_path(&sa);
	if (ret)
		return ret;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 16)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	set_access(path);
	listener = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = accept_event };
	ret = loop_add(&listener);
	if (ret) {
		close(fd);
		unlink(path);
		return ret;
	}
	strcpy(sock_path, path);
	return 0;
}

void ctl_close(void)
{
	while (conns)
		conn_close(conns);
	if (listener.fd < 0)
		return;
	loop_del(&listener);
	close(listener.fd);
	unlink(sock_path);
	listener.fd = -1;
}
