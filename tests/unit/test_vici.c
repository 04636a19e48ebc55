// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ipsec/vici.c against a fake charon on a unix socket in a temporary directory, in
 * the same event loop and on the fake clock: the two connections and the event
 * registrations, commands one at a time and in order, streamed list-sas (register, events,
 * response, unregister), CMD_UNKNOWN and EVENT_UNKNOWN, events to the owner, malformed
 * replies and events (the request fails, the connection stays), protocol breaches and
 * timeouts (everything fails, "down", reconnection with backoff, "up"), charon gone and
 * back, replies split into single bytes and a reply of 300 KB, forget, free, the refusals.
 */
/* unit-test-sources: daemon/ipsec/vici.c daemon/ipsec/vici_msg.c daemon/core/loop.c daemon/core/timer.c daemon/core/log.c tests/unit/lib/fake_clock.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cmocka.h>
#include "core/loop.h"
#include "fake_clock.h"
#include "ipsec/vici.h"

#define MAX_FCONN 6
#define FBUF (1 << 20)

/* ---- the fake charon ---- */

struct fconn {
	struct loop_fd w;
	uint8_t in[FBUF], *out;
	size_t in_len, out_len, out_off;
	char reg[8][VICI_NAME_MAX + 1];
	int nreg;
};

static struct fake {
	struct loop_fd lw;
	char dir[64], path[108];
	struct fconn c[MAX_FCONN];
	char log[64][80];	/* what charon was asked, in order: "REG x", "CMD x", "UNREG x" */
	int nlog;
	const char *unknown_event;	/* EVENT_UNKNOWN for this registration */
	bool no_confirm;		/* registrations never answered */
	bool hold;			/* commands not answered until fake_release() */
	int held_conn, outstanding, max_outstanding;
	uint8_t held_msg[4096];
	size_t held_len;
	char held_cmd[VICI_NAME_MAX + 1];
	size_t big_reply;		/* "big" answers with a value list this long */
} fk;

static void fconn_flush(struct fconn *f)
{
	while (f->out_off < f->out_len) {
		ssize_t n = send(f->w.fd, f->out + f->out_off, f->out_len - f->out_off,
				 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n <= 0)
			break;
		f->out_off += (size_t)n;
	}
	loop_mod(&f->w, f->out_off < f->out_len ? EPOLLIN | EPOLLOUT : EPOLLIN);
}

static void fconn_raw(struct fconn *f, const void *data, size_t len)
{
	f->out = realloc(f->out, f->out_len + len);
	memcpy(f->out + f->out_len, data, len);
	f->out_len += len;
	fconn_flush(f);
}

static void fsend(struct fconn *f, enum vici_packet_type type, const char *name,
		  const uint8_t *msg, size_t len)
{
	uint8_t *buf = malloc(vici_packet_framed_len(name, len));
	size_t n = vici_packet_frame(buf, vici_packet_framed_len(name, len), type, name, msg, len);

	assert_true(n > 0);
	fconn_raw(f, buf, n);
	free(buf);
}

static void fsend_built(struct fconn *f, enum vici_packet_type type, const char *name,
			struct vici_builder *b)
{
	assert_int_equal(vici_build_finish(b), 0);
	fsend(f, type, name, b->buf, b->len);
	vici_build_free(b);
}

static void flog(const char *what, const char *name)
{
	assert_true(fk.nlog < 64);
	snprintf(fk.log[fk.nlog++], 80, "%s %s", what, name);
}

static void fconn_close(struct fconn *f)
{
	if (f->w.fd < 0)
		return;
	loop_del(&f->w);
	close(f->w.fd);
	free(f->out);
	memset(f, 0, sizeof(*f));
	f->w.fd = -1;
}

static bool freg(const struct fconn *f, const char *name)
{
	for (int i = 0; i < f->nreg; i++)
		if (!strcmp(f->reg[i], name))
			return true;
	return false;
}

static void list_sa_event(struct fconn *f, const char *ike, const char *state)
{
	struct vici_builder b;

	vici_build_init(&b, 4096);
	vici_build_section(&b, ike);
	vici_build_kv(&b, "state", state);
	vici_build_end(&b);
	fsend_built(f, VICI_EVENT, "list-sa", &b);
}

static void answer_big(struct fconn *f)
{
	struct vici_builder b;
	char item[64];

	vici_build_init(&b, VICI_SEGMENT_MAX);
	vici_build_list(&b, "certs");
	for (size_t i = 0; b.len < fk.big_reply; i++) {
		snprintf(item, sizeof(item), "%058zu", i);
		vici_build_item(&b, item);
	}
	vici_build_list_end(&b);
	fsend_built(f, VICI_CMD_RESPONSE, NULL, &b);
}

/* charon's answers to the commands the tests use */
static void fanswer(struct fconn *f, const char *cmd, const uint8_t *msg, size_t len)
{
	struct vici_builder b;

	fk.outstanding--;
	vici_build_init(&b, 4096);
	if (!strcmp(cmd, "version")) {
		vici_build_kv(&b, "daemon", "charon");
		vici_build_kv(&b, "version", "5.9.8");
		fsend_built(f, VICI_CMD_RESPONSE, NULL, &b);
	} else if (!strcmp(cmd, "echo")) {
		fsend(f, VICI_CMD_RESPONSE, NULL, msg, len);
		vici_build_free(&b);
	} else if (!strcmp(cmd, "list-sas")) {
		if (freg(f, "list-sa")) {
			list_sa_event(f, "a", "ESTABLISHED");
			list_sa_event(f, "b", "CONNECTING");
			list_sa_event(f, "c", "DELETING");
		}
		fsend_built(f, VICI_CMD_RESPONSE, NULL, &b);
	} else if (!strcmp(cmd, "list-bad")) {
		list_sa_event(f, "a", "ESTABLISHED");
		fsend(f, VICI_EVENT, "list-sa", (const uint8_t *)"\x02", 1);
		fsend_built(f, VICI_CMD_RESPONSE, NULL, &b);
	} else if (!strcmp(cmd, "garbage")) {
		fsend(f, VICI_CMD_RESPONSE, NULL, (const uint8_t *)"\x01\x01s", 3);
		vici_build_free(&b);
	} else if (!strcmp(cmd, "badpacket")) {
		fconn_raw(f, "\0\0\0\x01\x09", 5);
		vici_build_free(&b);
	} else if (!strcmp(cmd, "big")) {
		vici_build_free(&b);
		answer_big(f);
	} else if (!strcmp(cmd, "silent")) {
		vici_build_free(&b);
	} else {
		fsend(f, VICI_CMD_UNKNOWN, NULL, NULL, 0);
		vici_build_free(&b);
	}
}

static void fpacket(struct fconn *f, const struct vici_packet *p)
{
	switch (p->type) {
	case VICI_EVENT_REGISTER:
		flog("REG", p->name);
		if (fk.no_confirm)
			return;
		if (fk.unknown_event && !strcmp(p->name, fk.unknown_event)) {
			fsend(f, VICI_EVENT_UNKNOWN, NULL, NULL, 0);
			return;
		}
		snprintf(f->reg[f->nreg++], sizeof(f->reg[0]), "%s", p->name);
		fsend(f, VICI_EVENT_CONFIRM, NULL, NULL, 0);
		return;
	case VICI_EVENT_UNREGISTER:
		flog("UNREG", p->name);
		f->nreg = 0;
		fsend(f, VICI_EVENT_CONFIRM, NULL, NULL, 0);
		return;
	case VICI_CMD_REQUEST:
		flog("CMD", p->name);
		if (++fk.outstanding > fk.max_outstanding)
			fk.max_outstanding = fk.outstanding;
		if (!fk.hold) {
			fanswer(f, p->name, p->msg, p->msg_len);
			return;
		}
		assert_int_equal(fk.held_conn, -1);
		fk.held_conn = (int)(f - fk.c);
		snprintf(fk.held_cmd, sizeof(fk.held_cmd), "%s", p->name);
		memcpy(fk.held_msg, p->msg, p->msg_len);
		fk.held_len = p->msg_len;
		return;
	default:
		fail_msg("the client sent packet type %d", p->type);
	}
}

static void fconn_io(struct loop_fd *w, uint32_t events)
{
	struct fconn *f = (struct fconn *)w;
	struct vici_packet p;
	ssize_t n;
	size_t len;

	if (events & EPOLLOUT)
		fconn_flush(f);
	if (!(events & (EPOLLIN | EPOLLHUP)))
		return;
	n = recv(w->fd, f->in + f->in_len, FBUF - f->in_len, MSG_DONTWAIT);
	if (n <= 0) {
		fconn_close(f);
		return;
	}
	f->in_len += (size_t)n;
	while (f->in_len >= 4) {
		len = (size_t)f->in[0] << 24 | f->in[1] << 16 | f->in[2] << 8 | f->in[3];
		if (f->in_len < 4 + len)
			break;
		assert_int_equal(vici_packet_parse(f->in + 4, len, &p), 0);
		fpacket(f, &p);
		if (f->w.fd < 0)
			return;
		memmove(f->in, f->in + 4 + len, f->in_len - 4 - len);
		f->in_len -= 4 + len;
	}
}

static void fake_accept(struct loop_fd *w, uint32_t events)
{
	int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	(void)events;
	assert_true(fd >= 0);
	for (int i = 0; i < MAX_FCONN; i++) {
		if (fk.c[i].w.fd >= 0)
			continue;
		fk.c[i].w.fd = fd;
		fk.c[i].w.cb = fconn_io;
		fk.c[i].w.events = EPOLLIN;
		assert_int_equal(loop_add(&fk.c[i].w), 0);
		return;
	}
	fail_msg("too many connections");
}

static void fake_start(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	fk.lw.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	assert_true(fk.lw.fd >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", fk.path);
	assert_int_equal(bind(fk.lw.fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fk.lw.fd, 8), 0);
	fk.lw.cb = fake_accept;
	fk.lw.events = EPOLLIN;
	assert_int_equal(loop_add(&fk.lw), 0);
}

/* charon dies: its socket and every connection go */
static void fake_stop(void)
{
	for (int i = 0; i < MAX_FCONN; i++)
		fconn_close(&fk.c[i]);
	if (fk.lw.fd >= 0) {
		loop_del(&fk.lw);
		close(fk.lw.fd);
		unlink(fk.path);
	}
	fk.lw.fd = -1;
}

static int fake_conns(void)
{
	int n = 0;

	for (int i = 0; i < MAX_FCONN; i++)
		n += fk.c[i].w.fd >= 0;
	return n;
}

/* the connection that registered ike-updown: the client's event connection */
static struct fconn *fake_event_conn(void)
{
	for (int i = 0; i < MAX_FCONN; i++)
		if (fk.c[i].w.fd >= 0 && freg(&fk.c[i], "ike-updown"))
			return &fk.c[i];
	return NULL;
}

static void fake_release(void)
{
	int i = fk.held_conn;

	assert_true(i >= 0);
	fk.held_conn = -1;
	fanswer(&fk.c[i], fk.held_cmd, fk.held_msg, fk.held_len);
}

/* ---- the owner ---- */

static struct owner {
	int ups, downs, events;
	char last_event[64];
	char last_event_ike[64];
	bool last_up;
} own;

struct reply {
	int calls, err;
	char text[64];		/* "version" or "seq" of the reply */
	int stream;		/* events of a stream */
	char names[8][16];
};

static void on_state(void *owner, bool up)
{
	assert_ptr_equal(owner, &own);
	if (up)
		own.ups++;
	else
		own.downs++;
}

static void on_event(void *owner, const char *name, const struct vici_msg *msg)
{
	const struct vici_node *n;

	(void)owner;
	own.events++;
	snprintf(own.last_event, sizeof(own.last_event), "%s", name);
	own.last_up = vici_get_yes(vici_root(msg), "up");
	own.last_event_ike[0] = '\0';
	vici_for_each(n, vici_root(msg))
		if (n->type == VICI_N_SECTION)
			snprintf(own.last_event_ike, sizeof(own.last_event_ike), "%s", n->name);
}

static void on_reply(void *arg, int err, const struct vici_msg *reply)
{
	struct reply *r = arg;
	const char *s;

	r->calls++;
	r->err = err;
	assert_true(err ? !reply : !!reply);
	s = vici_get_str(vici_root(reply), "version");
	if (!s)
		s = vici_get_str(vici_root(reply), "seq");
	snprintf(r->text, sizeof(r->text), "%s", s ? s : "");
}

static void on_stream(void *arg, const struct vici_msg *ev)
{
	struct reply *r = arg;

	assert_true(r->stream < 8);
	snprintf(r->names[r->stream++], 16, "%s", vici_root(ev)->child->name);
}

/* ---- the harness ---- */

static const char *const events[] = { "ike-updown", "child-updown", "ike-rekey", "child-rekey",
				      NULL };
static struct vici_client *vc;

static void pump(void)
{
	for (int i = 0; i < 100; i++)
		loop_run_once();
}

static struct vici_client *client(void)
{
	struct vici_config cfg = { .socket_path = fk.path, .events = events };
	static const struct vici_client_ops ops = { .state = on_state, .event = on_event };

	return vici_client_new(&cfg, &ops, &own);
}

static int setup(void **state)
{
	(void)state;
	memset(&fk, 0, sizeof(fk));
	memset(&own, 0, sizeof(own));
	for (int i = 0; i < MAX_FCONN; i++)
		fk.c[i].w.fd = -1;
	fk.held_conn = -1;
	snprintf(fk.dir, sizeof(fk.dir), "/tmp/test_vici.XXXXXX");
	assert_non_null(mkdtemp(fk.dir));
	snprintf(fk.path, sizeof(fk.path), "%s/charon.vici", fk.dir);
	assert_int_equal(loop_init(), 0);
	fake_start();
	vc = client();
	assert_non_null(vc);
	pump();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vici_client_free(vc);
	fake_stop();
	rmdir(fk.dir);
	loop_done();
	return 0;
}

static void test_connect_and_register(void **state)
{
	const struct vici_stats *st = vici_client_stats(vc);

	(void)state;
	assert_true(vici_client_is_up(vc));
	assert_int_equal(own.ups, 1);
	assert_int_equal(own.downs, 0);
	assert_int_equal(fake_conns(), 2);
	assert_int_equal(fk.nlog, 4);
	assert_string_equal(fk.log[0], "REG ike-updown");
	assert_string_equal(fk.log[3], "REG child-rekey");
	assert_non_null(fake_event_conn());
	assert_int_equal(fake_event_conn()->nreg, 4);
	assert_int_equal(st->ups, 1);
	assert_int_equal(st->attempts, 1);
}

static void request_seq(int seq, struct reply *r)
{
	struct vici_builder b;

	vici_build_init(&b, 256);
	vici_build_kvf(&b, "seq", "%d", seq);
	assert_int_equal(vici_request(vc, "echo", &b, 0, on_reply, r), 0);
	vici_build_free(&b);
}

static void test_version(void **state)
{
	struct reply r = { 0 };

	(void)state;
	assert_int_equal(vici_request(vc, "version", NULL, 0, on_reply, &r), 0);
	assert_int_equal(r.calls, 0);	/* never from inside the call */
	pump();
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.err, 0);
	assert_string_equal(r.text, "5.9.8");
	assert_string_equal(fk.log[4], "CMD version");
}

/* Five requests queued at once reach charon one at a time and are answered in order. */
static void test_one_at_a_time_in_order(void **state)
{
	struct reply r[5] = { 0 };
	char want[12];

	(void)state;
	fk.hold = true;
	for (int i = 0; i < 5; i++)
		request_seq(i, &r[i]);
	for (int i = 0; i < 5; i++) {
		pump();
		assert_int_equal(fk.outstanding, 1);
		assert_int_equal(fk.nlog, 4 + i + 1);	/* the next not sent before the answer */
		assert_int_equal(r[i].calls, 0);
		fake_release();
		pump();
		snprintf(want, sizeof(want), "%d", i);
		assert_int_equal(r[i].calls, 1);
		assert_string_equal(r[i].text, want);
	}
	assert_int_equal(fk.max_outstanding, 1);
	assert_int_equal(vici_client_stats(vc)->replies, 5);
}

static void test_streamed_list_sas(void **state)
{
	struct reply r = { 0 }, after = { 0 };

	(void)state;
	assert_int_equal(vici_request_stream(vc, "list-sas", "list-sa", NULL, 0, on_stream,
					     on_reply, &r), 0);
	request_seq(9, &after);
	pump();
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.stream, 3);
	assert_string_equal(r.names[0], "a");
	assert_string_equal(r.names[2], "c");
	assert_string_equal(fk.log[4], "REG list-sa");
	assert_string_equal(fk.log[5], "CMD list-sas");
	assert_string_equal(fk.log[6], "UNREG list-sa");
	assert_string_equal(fk.log[7], "CMD echo");	/* only after the unregistration */
	assert_int_equal(after.calls, 1);
	assert_int_equal(vici_client_stats(vc)->stream_events, 3);
}

/* A stream event charon got wrong: the listing is incomplete, so done() hears -EBADMSG. */
static void test_stream_with_bad_event(void **state)
{
	struct reply r = { 0 }, next = { 0 };

	(void)state;
	assert_int_equal(vici_request_stream(vc, "list-bad", "list-sa", NULL, 0, on_stream,
					     on_reply, &r), 0);
	request_seq(1, &next);
	pump();
	assert_int_equal(r.stream, 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.err, -EBADMSG);
	assert_int_equal(vici_client_stats(vc)->bad_messages, 1);
	assert_true(vici_client_is_up(vc));
	assert_int_equal(next.err, 0);
}

static void test_unknown_command_and_stream_event(void **state)
{
	struct reply r = { 0 }, s = { 0 }, next = { 0 };
	const struct vici_stats *st = vici_client_stats(vc);

	(void)state;
	fk.unknown_event = "list-nope";
	assert_int_equal(vici_request(vc, "no-such-command", NULL, 0, on_reply, &r), 0);
	assert_int_equal(vici_request_stream(vc, "list-nopes", "list-nope", NULL, 0, on_stream,
					     on_reply, &s), 0);
	request_seq(3, &next);
	pump();
	assert_int_equal(r.err, -EOPNOTSUPP);
	assert_int_equal(s.err, -EOPNOTSUPP);
	assert_int_equal(next.err, 0);
	assert_string_equal(next.text, "3");
	/* the streamed command itself was never sent */
	assert_string_equal(fk.log[5], "REG list-nope");
	assert_string_equal(fk.log[6], "CMD echo");
	assert_int_equal(st->unknown_commands, 1);
	assert_int_equal(st->unknown_events, 1);
	assert_true(vici_client_is_up(vc));
	assert_int_equal(own.downs, 0);
}

static void emit(struct fconn *f, const char *name, bool up, const char *ike)
{
	struct vici_builder b;

	vici_build_init(&b, 1024);
	if (up)
		vici_build_kv(&b, "up", "yes");
	vici_build_section(&b, ike);
	vici_build_kv(&b, "uniqueid", "5");
	vici_build_end(&b);
	fsend_built(f, VICI_EVENT, name, &b);
}

static void test_events(void **state)
{
	struct fconn *e = fake_event_conn();
	const struct vici_stats *st = vici_client_stats(vc);
	struct reply r = { 0 };

	(void)state;
	emit(e, "ike-updown", true, "l2tp-in");
	pump();
	assert_int_equal(own.events, 1);
	assert_string_equal(own.last_event, "ike-updown");
	assert_true(own.last_up);
	assert_string_equal(own.last_event_ike, "l2tp-in");
	emit(e, "child-rekey", false, "site-b");
	pump();
	assert_int_equal(own.events, 2);
	assert_false(own.last_up);
	assert_string_equal(own.last_event_ike, "site-b");
	/* malformed, or never registered: dropped and counted, the connection stays */
	fsend(e, VICI_EVENT, "ike-updown", (const uint8_t *)"\x03\x01k", 3);
	emit(e, "log", false, "x");
	pump();
	assert_int_equal(own.events, 2);
	assert_int_equal(st->bad_messages, 1);
	assert_int_equal(st->stray_events, 1);
	/* an event on the command connection for nobody */
	for (int i = 0; i < MAX_FCONN; i++)
		if (fk.c[i].w.fd >= 0 && &fk.c[i] != e)
			list_sa_event(&fk.c[i], "a", "ESTABLISHED");
	pump();
	assert_int_equal(st->stray_events, 2);
	assert_true(vici_client_is_up(vc));
	assert_int_equal(vici_request(vc, "version", NULL, 0, on_reply, &r), 0);
	pump();
	assert_int_equal(r.err, 0);
}

static void test_malformed_reply(void **state)
{
	struct reply r = { 0 }, next = { 0 };

	(void)state;
	assert_int_equal(vici_request(vc, "garbage", NULL, 0, on_reply, &r), 0);
	request_seq(4, &next);
	pump();
	assert_int_equal(r.err, -EBADMSG);
	assert_int_equal(next.err, 0);
	assert_string_equal(next.text, "4");
	assert_true(vici_client_is_up(vc));
}

/* charon breaks the packet layer: all goes, "down", and "up" again after the backoff */
static void test_bad_packet_resets(void **state)
{
	struct reply r = { 0 }, queued = { 0 }, late = { 0 };
	const struct vici_stats *st = vici_client_stats(vc);

	(void)state;
	assert_int_equal(vici_request(vc, "badpacket", NULL, 0, on_reply, &r), 0);
	request_seq(1, &queued);
	pump();
	assert_int_equal(r.err, -EPROTO);
	assert_int_equal(queued.err, -ECONNRESET);
	assert_int_equal(own.downs, 1);
	assert_false(vici_client_is_up(vc));
	assert_int_equal(st->protocol_errors, 1);
	assert_int_equal(vici_request(vc, "version", NULL, 0, on_reply, &late), -ENOTCONN);
	pump();
	assert_int_equal(fake_conns(), 0);
	fake_advance(99);
	pump();
	assert_int_equal(own.ups, 1);
	fake_advance(1);
	pump();
	assert_int_equal(own.ups, 2);
	assert_true(vici_client_is_up(vc));
	assert_int_equal(fake_conns(), 2);
	assert_int_equal(vici_request(vc, "version", NULL, 0, on_reply, &late), 0);
	pump();
	assert_int_equal(late.err, 0);
}

static void bad_segment(const void *bytes, size_t len)
{
	for (int i = 0; i < MAX_FCONN; i++)
		if (fk.c[i].w.fd >= 0 && &fk.c[i] != fake_event_conn())
			fconn_raw(&fk.c[i], bytes, len);
	pump();
	assert_int_equal(own.downs, 1);
	assert_int_equal(vici_client_stats(vc)->protocol_errors, 1);
}

static void test_zero_length_segment(void **state)
{
	(void)state;
	bad_segment("\0\0\0\0", 4);
}

static void test_oversized_segment(void **state)
{
	(void)state;
	bad_segment("\0\x08\0\x01", 4);	/* 512 KiB + 1 */
}

static void test_unsolicited_reply(void **state)
{
	(void)state;
	bad_segment("\0\0\0\x01\x01", 5);	/* a CMD_RESPONSE nobody asked for */
}

static void test_unsolicited_confirm_on_event_conn(void **state)
{
	(void)state;
	fsend(fake_event_conn(), VICI_EVENT_CONFIRM, NULL, NULL, 0);
	pump();
	assert_int_equal(own.downs, 1);
	assert_int_equal(vici_client_stats(vc)->protocol_errors, 1);
}

static void test_timeout(void **state)
{
	struct reply r = { 0 }, queued = { 0 };

	(void)state;
	assert_int_equal(vici_request(vc, "silent", NULL, 1000, on_reply, &r), 0);
	request_seq(2, &queued);
	pump();
	fake_advance(999);
	pump();
	assert_int_equal(r.calls, 0);
	fake_advance(1);
	pump();
	assert_int_equal(r.err, -ETIMEDOUT);
	assert_int_equal(queued.err, -ECONNRESET);
	assert_int_equal(vici_client_stats(vc)->timeouts, 1);
	assert_int_equal(own.downs, 1);
	fake_advance(100);
	pump();
	assert_int_equal(own.ups, 2);
}

/* charon gone: attempts at 100, 200, 400, ... ms (up to the maximum), then back */
static void test_charon_gone_and_back(void **state)
{
	const struct vici_stats *st = vici_client_stats(vc);
	struct reply r = { 0 };

	(void)state;
	fake_stop();
	pump();
	assert_int_equal(own.downs, 1);
	assert_int_equal(st->attempts, 1);
	fake_advance(100);
	pump();
	assert_int_equal(st->attempts, 2);
	fake_advance(199);
	pump();
	assert_int_equal(st->attempts, 2);
	fake_advance(1);
	pump();
	assert_int_equal(st->attempts, 3);
	fake_advance(400 + 800 + 1600 + 3200);
	pump();
	assert_int_equal(st->attempts, 7);
	fake_advance(5000);	/* 6400 would be past the 5 s maximum */
	pump();
	assert_int_equal(st->attempts, 8);
	assert_int_equal(st->attempt_failures, 7);
	assert_int_equal(own.downs, 1);	/* told once */
	fake_start();
	fake_advance(5000);
	pump();
	assert_int_equal(own.ups, 2);
	assert_int_equal(vici_request(vc, "version", NULL, 0, on_reply, &r), 0);
	pump();
	assert_int_equal(r.err, 0);
	/* after an "up" the backoff starts again from the minimum */
	fake_stop();
	pump();
	fake_start();
	fake_advance(100);
	pump();
	assert_int_equal(own.ups, 3);
}

/* A reply trickling in one byte at a time, and a reply of 300 KB. */
static void test_split_and_big_replies(void **state)
{
	struct reply r = { 0 }, big = { 0 };
	struct fconn *cmd = NULL;
	uint8_t *whole;
	size_t len;

	(void)state;
	fk.hold = true;
	request_seq(77, &r);
	pump();
	cmd = &fk.c[fk.held_conn];
	fk.held_conn = -1;
	fk.outstanding--;
	len = vici_packet_framed_len(NULL, fk.held_len);
	whole = malloc(len);
	vici_packet_frame(whole, len, VICI_CMD_RESPONSE, NULL, fk.held_msg, fk.held_len);
	for (size_t i = 0; i < len; i++) {
		assert_int_equal(r.calls, 0);
		fconn_raw(cmd, whole + i, 1);
		pump();
	}
	free(whole);
	assert_int_equal(r.calls, 1);
	assert_string_equal(r.text, "77");

	fk.hold = false;
	fk.big_reply = 300 * 1024;
	assert_int_equal(vici_request(vc, "big", NULL, 0, on_reply, &big), 0);
	for (int i = 0; i < 20 && !big.calls; i++)
		pump();
	assert_int_equal(big.err, 0);
	assert_true(vici_client_is_up(vc));
}

static void test_forget_and_free(void **state)
{
	struct reply r = { 0 }, other = { 0 }, pending = { 0 };

	(void)state;
	request_seq(1, &r);
	request_seq(2, &other);
	vici_forget(vc, &r);
	pump();
	assert_int_equal(r.calls, 0);
	assert_int_equal(other.calls, 1);
	fk.hold = true;
	request_seq(3, &pending);
	pump();
	vici_client_free(vc);
	vc = NULL;
	assert_int_equal(pending.err, -ECANCELED);
	assert_int_equal(own.downs, 0);	/* the owner freed it: no "down" */
}

static void test_refusals(void **state)
{
	struct vici_config cfg = { .socket_path = "" };
	struct reply r = { 0 };
	struct vici_builder open_section;
	char long_name[VICI_NAME_MAX + 2];

	(void)state;
	assert_null(vici_client_new(&cfg, NULL, NULL));
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	cfg.socket_path = long_name;	/* longer than sun_path */
	assert_null(vici_client_new(&cfg, NULL, NULL));
	assert_int_equal(vici_request(vc, "", NULL, 0, on_reply, &r), -EINVAL);
	assert_int_equal(vici_request(vc, long_name, NULL, 0, on_reply, &r), -EINVAL);
	assert_int_equal(vici_request_stream(vc, "list-sas", "", NULL, 0, NULL, on_reply, &r),
			 -EINVAL);
	vici_build_init(&open_section, 64);
	vici_build_section(&open_section, "s");
	assert_int_equal(vici_request(vc, "echo", &open_section, 0, on_reply, &r), -EINVAL);
	vici_build_free(&open_section);
	fk.hold = true;
	for (int i = 0; i < 1024; i++)
		assert_int_equal(vici_request(vc, "silent", NULL, 0, NULL, NULL), 0);
	assert_int_equal(vici_request(vc, "version", NULL, 0, on_reply, &r), -ENOBUFS);
	assert_int_equal(r.calls, 0);
}

/* A charon without one of the events: logged and counted, up without it. */
static void test_unknown_event_at_registration(void **state)
{
	(void)state;
	vici_client_free(vc);
	fk.unknown_event = "child-rekey";
	vc = client();
	pump();
	assert_true(vici_client_is_up(vc));
	assert_int_equal(vici_client_stats(vc)->unknown_events, 1);
	assert_int_equal(fake_event_conn()->nreg, 3);
}

/* A charon that accepts but never confirms: the setup deadline, then a new attempt. */
static void test_registration_never_confirmed(void **state)
{
	const struct vici_stats *st;

	(void)state;
	vici_client_free(vc);
	fk.no_confirm = true;
	vc = client();
	st = vici_client_stats(vc);
	pump();
	assert_false(vici_client_is_up(vc));
	fake_advance(5000);	/* the setup deadline */
	pump();
	assert_int_equal(st->attempt_failures, 1);
	assert_int_equal(own.downs, 0);	/* never told "up", so no "down" */
	fk.no_confirm = false;
	fake_advance(100);
	pump();
	assert_true(vici_client_is_up(vc));
}

/* The owner's limits apply to replies: over them, -EBADMSG, and the connection stays. */
static void test_owner_limits(void **state)
{
	struct vici_config cfg = { .socket_path = fk.path, .events = events,
				   .limits = { .max_elements = 1 } };
	struct reply r = { 0 }, small = { 0 };

	(void)state;
	vici_client_free(vc);
	vc = vici_client_new(&cfg, NULL, NULL);
	pump();
	assert_true(vici_client_is_up(vc));
	assert_int_equal(vici_request(vc, "version", NULL, 0, on_reply, &r), 0);
	request_seq(5, &small);
	pump();
	assert_int_equal(r.err, -EBADMSG);	/* daemon and version: two elements */
	assert_int_equal(small.err, 0);
	assert_string_equal(small.text, "5");
	assert_true(vici_client_is_up(vc));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_connect_and_register),
		T(test_version),
		T(test_one_at_a_time_in_order),
		T(test_streamed_list_sas),
		T(test_stream_with_bad_event),
		T(test_unknown_command_and_stream_event),
		T(test_events),
		T(test_malformed_reply),
		T(test_bad_packet_resets),
		T(test_zero_length_segment),
		T(test_oversized_segment),
		T(test_unsolicited_reply),
		T(test_unsolicited_confirm_on_event_conn),
		T(test_timeout),
		T(test_charon_gone_and_back),
		T(test_split_and_big_replies),
		T(test_forget_and_free),
		T(test_refusals),
		T(test_unknown_event_at_registration),
		T(test_registration_never_confirmed),
		T(test_owner_limits),
#undef T
	};

	return cmocka_run_group_tests_name("vici", tests, NULL, NULL);
}
