// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the vici client (daemon/ipsec/vici.c), not only the codec, as a hostile or
 * broken charon drives it over a real unix socket and the real event loop (on the fake
 * clock). The fake charon confirms every event registration by itself; everything else
 * charon says comes from the input, in chunks: [length][target][bytes], target bit 0 the
 * connection (0: commands, 1: events), bit 7 "let time pass" (length x 50 ms: timeouts and
 * reconnections). While up, the client always has requests queued (plain and streamed).
 * After the input the client is freed; every request must have had exactly one callback,
 * "up" and "down" must alternate, and nothing may leak. Seeds: a well-behaved charon.
 */
/* unit-test-sources: daemon/ipsec/vici.c daemon/ipsec/vici_msg.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c tests/unit/lib/fuzz_quiet.c */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "core/loop.h"
#include "fake_clock.h"
#include "fuzz_quiet.h"
#include "ipsec/vici.h"

#define MAX_REQS 64
#define FCONNS 4

static struct fconn {
	struct loop_fd w;
	uint8_t in[4096];
	size_t len;
	bool events;		/* registered ike-updown: the client's event connection */
} fc[FCONNS];

static struct loop_fd listener;
static char path[108];
static int calls[MAX_REQS], nreqs, ups, downs;
static struct vici_client *vc;

static void fc_close(struct fconn *f)
{
	loop_del(&f->w);
	close(f->w.fd);
	memset(f, 0, sizeof(*f));
	f->w.fd = -1;
}

/* The fake reads what the client sends; registrations are confirmed, the rest is ignored. */
static void fc_io(struct loop_fd *w, uint32_t events)
{
	struct fconn *f = (struct fconn *)w;
	static const uint8_t confirm[] = { 0, 0, 0, 1, VICI_EVENT_CONFIRM };
	struct vici_packet p;
	ssize_t n;
	size_t seg;

	(void)events;
	n = recv(w->fd, f->in + f->len, sizeof(f->in) - f->len, MSG_DONTWAIT);
	if (n <= 0) {
		fc_close(f);
		return;
	}
	f->len += (size_t)n;
	while (f->len >= 4) {
		seg = (size_t)f->in[0] << 24 | f->in[1] << 16 | f->in[2] << 8 | f->in[3];
		check(seg > 0 && seg <= sizeof(f->in) - 4);	/* the client frames right */
		if (f->len < 4 + seg)
			break;
		check(vici_packet_parse(f->in + 4, seg, &p) == 0);
		if (p.type == VICI_EVENT_REGISTER && !strcmp(p.name, "ike-updown"))
			f->events = true;
		if (p.type == VICI_EVENT_REGISTER || p.type == VICI_EVENT_UNREGISTER)
			send(w->fd, confirm, sizeof(confirm), MSG_NOSIGNAL | MSG_DONTWAIT);
		memmove(f->in, f->in + 4 + seg, f->len - 4 - seg);
		f->len -= 4 + seg;
	}
}

static void on_accept(struct loop_fd *w, uint32_t events)
{
	int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	(void)events;
	if (fd < 0)
		return;
	for (int i = 0; i < FCONNS; i++) {
		if (fc[i].w.fd >= 0)
			continue;
		fc[i].w = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = fc_io };
		check(loop_add(&fc[i].w) == 0);
		return;
	}
	close(fd);
}

static char dir[] = "/tmp/fuzz_vici_client.XXXXXX";

static void remove_socket(void)
{
	unlink(path);
	rmdir(dir);
}

static void setup_once(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static bool done;

	if (done)
		return;
	done = true;
	check(loop_init() == 0 && mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/charon.vici", dir);
	atexit(remove_socket);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	listener.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	check(listener.fd >= 0);
	check(bind(listener.fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	check(listen(listener.fd, 16) == 0);
	listener.events = EPOLLIN;
	listener.cb = on_accept;
	check(loop_add(&listener) == 0);
	for (int i = 0; i < FCONNS; i++)
		fc[i].w.fd = -1;
}

static void on_state(void *owner, bool up)
{
	(void)owner;
	check(up ? ups == downs : ups == downs + 1);	/* they alternate, "up" first */
	if (up)
		ups++;
	else
		downs++;
}

static void on_event(void *owner, const char *name, const struct vici_msg *msg)
{
	(void)owner;
	check(name[0] && vici_root(msg));
}

static void on_reply(void *arg, int err, const struct vici_msg *reply)
{
	int i = (int)(intptr_t)arg;

	check(err ? !reply : !!reply);
	calls[i]++;
}

static void on_stream(void *arg, const struct vici_msg *ev)
{
	check(calls[(intptr_t)arg] == 0 && vici_root(ev));
}

/* While up, keep a plain and a streamed request waiting. */
static void keep_busy(void)
{
	intptr_t i = nreqs;

	if (!vici_client_is_up(vc) || nreqs + 2 > MAX_REQS)
		return;
	if (vici_request(vc, "version", NULL, 2000, on_reply, (void *)i) == 0)
		nreqs++;
	i = nreqs;
	if (vici_request_stream(vc, "list-sas", "list-sa", NULL, 2000, on_stream, on_reply,
				(void *)i) == 0)
		nreqs++;
}

static void pump(void)
{
	for (int i = 0; i < 8; i++)
		loop_run_once();
}

static void deliver(bool to_events, const uint8_t *bytes, size_t len)
{
	for (int i = 0; i < FCONNS; i++)
		if (fc[i].w.fd >= 0 && fc[i].events == to_events) {
			send(fc[i].w.fd, bytes, len, MSG_NOSIGNAL | MSG_DONTWAIT);
			return;
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const events[] = { "ike-updown", "child-updown", NULL };
	static const struct vici_client_ops ops = { .state = on_state, .event = on_event };
	struct vici_config cfg = { .socket_path = path, .events = events };
	size_t off = 0;

	setup_once();
	memset(calls, 0, sizeof(calls));
	nreqs = ups = downs = 0;
	vc = vici_client_new(&cfg, &ops, NULL);
	check(vc != NULL);
	pump();
	while (off + 2 <= size) {
		size_t len = data[off], target = data[off + 1];

		off += 2;
		if (len > size - off)
			len = size - off;
		keep_busy();
		if (target & 0x80)
			fake_advance((unsigned int)len * 50);
		else
			deliver(target & 1, data + off, len);
		off += len;
		pump();
	}
	vici_client_free(vc);
	for (int i = 0; i < nreqs; i++)
		check(calls[i] == 1);
	for (int i = 0; i < FCONNS; i++)
		if (fc[i].w.fd >= 0)
			fc_close(&fc[i]);
	loop_run_timers();
	return 0;
}
