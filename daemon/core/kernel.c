// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include "uapi/sluice.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/u32map.h"

/* the event socket's receive buffer: bursts of control frames from many sessions */
#define EVENT_RCVBUF (8 << 20)

struct binding {
	kernel_frame_cb cb;
	void *owner;
};

/* control-frame datagrams read per wakeup: one busy peer must not starve the loop */
#define EVENT_BATCH 64

static struct genl_sock req, *events;
static int connected;
static struct loop_timer reopen;	/* the event socket follows a reloaded module */

static void reopen_events(struct loop_timer *t);
static bool module_gone_now;	/* its links are ending: no request may autoload it back */
static int watch_family(void);
static void unwatch_family(void);
static struct loop_fd events_w = { .fd = -1 };
static struct u32map bindings;
static unsigned long long unbound_frames, oversized_frames, lost_bursts;

static void deliver(uint32_t id, uint32_t ifindex, const uint8_t *frame, size_t len, void *data)
{
	struct binding *b = u32map_get(&bindings, id);

	(void)ifindex;
	(void)data;
	/* the module passes none larger (API 4); an older one might: PPP answers none either */
	if (len > SLUICE_CTRL_FRAME_MAX) {
		oversized_frames++;
		return;
	}
	if (!b) {
		unbound_frames++;	/* a session we no longer (or never) drove */
		return;
	}
	b->cb(b->owner, frame, len);
}

static void events_ready(struct loop_fd *w, uint32_t ev)
{
	int ret;

	struct genl_sock *mine = events;
	int n;

	(void)w;
	(void)ev;
	for (n = 0; n < EVENT_BATCH && events == mine && mine; n++) {
		ret = sluice_nl_ctrl_recv(mine, deliver, NULL);
		if (ret == -EAGAIN || ret == -EWOULDBLOCK)
			return;
		if (ret == -ENOBUFS) {
			/* the kernel counted the drops; PPP's own retransmissions recover */
			if (!(lost_bursts++ % 100))
				log_warn("kernel: control frames lost, receive buffer full (%llu times)",
					 lost_bursts);
			continue;
		}
		if (ret) {
			log_err("kernel: reading control frames: %s", strerror(-ret));
			return;
		}
	}
}

static int open_events(void)
{
	int ret, size = EVENT_RCVBUF, fd;

	events = calloc(1, sizeof(*events));
	if (!events)
		return -ENOMEM;
	ret = sluice_nl_open(events);
	if (!ret)
		ret = sluice_nl_ctrl_subscribe(events);
	if (ret) {
		free(events);
		events = NULL;
		return ret;
	}
	fd = mnl_socket_get_fd(events->nl);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	events_w = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = events_ready };
	return loop_add(&events_w);
}

static void close_events(void)
{
	if (!events)
		return;
	loop_del(&events_w);
	genl_close(events);
	free(events);
	events = NULL;
}

static int connect_module(void)
{
	int ret;

	if (connected)
		return 0;
	if (module_gone_now)
		return -ENOENT;
	ret = sluice_nl_open(&req);
	if (ret)
		return ret;
	if (req.version != SLUICE_GENL_VERSION)
		log_warn("kernel: module speaks API %u, sluiced %d", req.version,
			 SLUICE_GENL_VERSION);
	ret = open_events();
	if (ret) {
		genl_close(&req);
		return ret;
	}
	connected = 1;
	log_info("kernel: generic netlink family %s is id %u", SLUICE_GENL_NAME, req.family);
	return 0;
}

static void disconnect_module(void)
{
	if (!connected)
		return;
	close_events();
	genl_close(&req);
	connected = 0;
}

/* Sessions a previous sluiced left (a crash, a restart): nobody drives them any more. */
static void sweep_orphans(void)
{
	struct sluice_nl_del_stats st;
	uint32_t *v;
	size_t n;

	if (sluice_nl_session_ids(&req, &v, &n))
		return;
	sluice_nl_session_del_many(&req, v, n, &st);
	if (st.removed)
		log_warn("kernel: removed %zu sessions left by an earlier sluiced, in %zu %s",
			 st.removed, st.requests, st.requests == 1 ? "request" : "requests");
	free(v);
}

void kernel_init(void)
{
	int ret;

	loop_timer_init(&reopen, reopen_events);
	if (watch_family())
		log_warn("kernel: cannot watch for the module going away");
	ret = connect_module();
	if (!ret)
		sweep_orphans();
	if (ret)
		log_warn("kernel: sluice module not reachable (%s); will retry on use",
			 strerror(-ret));
}

void kernel_done(void)
{
	loop_timer_cancel(&reopen);
	unwatch_family();
	disconnect_module();
	u32map_free(&bindings);
}

/*
 * The module was reloaded (the family has a new id) or went away: reconnect the request
 * socket at once, and the event socket from the loop, never from here: this may run inside
 * a callback of that very socket.
 */
static int reconnect_requests(void)
{
	int ret;

	genl_close(&req);
	ret = sluice_nl_open(&req);
	if (ret) {
		connected = 0;
		loop_timer_arm(&reopen, 0);
		return ret;
	}
	loop_timer_arm(&reopen, 0);
	return 0;
}

static void reopen_events(struct loop_timer *t)
{
	(void)t;
	close_events();
	if (!connected) {
		if (connect_module())
			loop_timer_arm(&reopen, 5000);
		return;
	}
	if (open_events())
		loop_timer_arm(&reopen, 5000);
}

/* Runs a request, reconnecting once if the family went away or came back under a new id. */
#define WITH_MODULE(call)						\
	({								\
		int __ret = connect_module();				\
		if (!__ret)						\
			__ret = (call);					\
		if ((__ret == -ENOENT || __ret == -EOPNOTSUPP) &&	\
		    !reconnect_requests())				\
			__ret = (call);					\
		__ret;							\
	})

int kernel_module_info(struct sluice_module_info *info)
{
	return WITH_MODULE(sluice_nl_get_module(&req, info));
}

int kernel_session_new(struct sluice_session_params *p)
{
	return WITH_MODULE(sluice_nl_session_new(&req, p));
}

int kernel_session_set(const struct sluice_session_params *p)
{
	return WITH_MODULE(sluice_nl_session_set(&req, p));
}

/*
 * Between kernel_batch_begin() and kernel_batch_end() (sluiced's shutdown), a session to
 * delete is only noted; the end removes them all in a few requests, one grace period
 * each, where one request per session would wait for a grace period each (minutes for
 * thousands of sessions under emulation).
 */
static bool batching;
static struct sluice_ids batch;

void kernel_batch_begin(void)
{
	batching = true;
}

void kernel_batch_end(void)
{
	struct sluice_nl_del_stats st = { 0 };

	batching = false;
	if (batch.n && !connect_module())
		sluice_nl_session_del_many(&req, batch.v, batch.n, &st);
	if (batch.n)
		log_info("kernel: removed %zu of %zu sessions in %zu %s (%zu had gone already)",
			 st.removed, batch.n, st.requests, st.requests == 1 ? "request" : "requests",
			 st.gone);
	free(batch.v);
	memset(&batch, 0, sizeof(batch));
}

int kernel_session_attach(struct sluice_session_params *p)
{
	return WITH_MODULE(sluice_nl_session_attach(&req, p));
}

int kernel_session_limit(uint32_t id, const struct sluice_nl_limits *l)
{
	return WITH_MODULE(sluice_nl_session_limit(&req, id, l));
}

int kernel_session_del(uint32_t id)
{
	if (batching && !sluice_ids_add(&batch, id))
		return 0;	/* noted; without memory for it, deleted now */
	return WITH_MODULE(sluice_nl_session_del(&req, id, NULL));
}

int kernel_session_get(uint32_t id, struct sluice_session_info *out)
{
	return WITH_MODULE(sluice_nl_session_get(&req, id, NULL, out));
}

int kernel_ctrl_send(uint32_t id, const uint8_t *frame, size_t len)
{
	return WITH_MODULE(sluice_nl_ctrl_send(&req, id, frame, len));
}

int kernel_ctrl_bind(uint32_t id, kernel_frame_cb cb, void *owner)
{
	struct binding *b = malloc(sizeof(*b));
	int ret;

	if (!b)
		return -ENOMEM;
	b->cb = cb;
	b->owner = owner;
	free(u32map_del(&bindings, id));
	ret = u32map_put(&bindings, id, b);
	if (ret)
		free(b);
	return ret;
}

void kernel_ctrl_unbind(uint32_t id)
{
	free(u32map_del(&bindings, id));
}

/*
 * --- the module going away and coming back. nlctrl multicasts CTRL_CMD_DELFAMILY and
 * CTRL_CMD_NEWFAMILY to its "notify" group (in every namespace, the family being netnsok);
 * nothing else tells us: the sockets stay open and silent.
 */
static struct genl_sock *watch;
static struct loop_fd watch_w = { .fd = -1 };
static unsigned int (*gone_cb)(void);
static struct kernel_module_events module_events;

void kernel_on_module_gone(unsigned int (*gone)(void))
{
	gone_cb = gone;
}

void kernel_module_events(struct kernel_module_events *out)
{
	*out = module_events;
}

static void module_went_away(void)
{
	unsigned int lost;

	disconnect_module();
	module_events.unloads++;
	module_gone_now = true;		/* the links' teardown must not load it again */
	lost = gone_cb ? gone_cb() : 0;
	module_gone_now = false;
	module_events.sessions_lost += lost;
	log_warn("kernel: the sluice module went away (unloaded): %u %s lost, ended with cause "
		 "lost-service", lost, lost == 1 ? "session" : "sessions");
}

static int family_attr(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_NAME &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
		*(const char **)data = mnl_attr_get_str(a);
	return MNL_CB_OK;
}

static int family_event(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const char *name = NULL;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*g) ||
	    mnl_attr_parse(nlh, sizeof(*g), family_attr, &name) < 0 || !name ||
	    strcmp(name, SLUICE_GENL_NAME))
		return MNL_CB_OK;
	if (g->cmd == CTRL_CMD_DELFAMILY) {
		module_went_away();
	} else if (g->cmd == CTRL_CMD_NEWFAMILY) {
		module_events.loads++;
		log_info("kernel: the sluice module is loaded again");
	}
	return MNL_CB_OK;
}

static void watch_ready(struct loop_fd *w, uint32_t ev)
{
	ssize_t n;

	(void)w;
	(void)ev;
	while ((n = mnl_socket_recvfrom(watch->nl, watch->buf, sizeof(watch->buf))) > 0)
		mnl_cb_run(watch->buf, (size_t)n, 0, 0, family_event, NULL);
	if (n < 0 && errno == ENOBUFS)
		log_warn("kernel: generic netlink notifications lost");
}

static int watch_family(void)
{
	int ret, fd;

	watch = calloc(1, sizeof(*watch));
	if (!watch)
		return -ENOMEM;
	ret = genl_open(watch);
	if (!ret)
		ret = genl_resolve(watch, "nlctrl");
	if (!ret)
		ret = genl_join(watch, "notify");
	if (ret) {
		unwatch_family();
		return ret;
	}
	fd = mnl_socket_get_fd(watch->nl);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	watch_w = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = watch_ready };
	return loop_add(&watch_w);
}

static void unwatch_family(void)
{
	if (!watch)
		return;
	if (watch_w.fd >= 0)
		loop_del(&watch_w);
	watch_w.fd = -1;
	if (watch->nl)
		genl_close(watch);
	free(watch);
	watch = NULL;
}
