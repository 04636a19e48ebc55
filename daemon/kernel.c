// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "uapi/sluice.h"
#include "kernel.h"
#include "log.h"
#include "loop.h"
#include "u32map.h"

/* the event socket's receive buffer: bursts of control frames from many sessions */
#define EVENT_RCVBUF (8 << 20)

struct binding {
	kernel_frame_cb cb;
	void *owner;
};

static struct genl_sock req, *events;
static int connected;
static struct loop_fd events_w = { .fd = -1 };
static struct u32map bindings;
static unsigned long long unbound_frames, lost_bursts;

static void deliver(uint32_t ifindex, const uint8_t *frame, size_t len, void *data)
{
	struct binding *b = u32map_get(&bindings, ifindex);

	(void)data;
	if (!b) {
		unbound_frames++;	/* a session we no longer (or never) drove */
		return;
	}
	b->cb(b->owner, frame, len);
}

static void events_ready(struct loop_fd *w, uint32_t ev)
{
	int ret;

	(void)w;
	(void)ev;
	for (;;) {
		ret = sluice_nl_ctrl_recv(events, deliver, NULL);
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

void kernel_init(void)
{
	int ret = connect_module();

	if (ret)
		log_warn("kernel: sluice module not reachable (%s); will retry on use",
			 strerror(-ret));
}

void kernel_done(void)
{
	disconnect_module();
	u32map_free(&bindings);
}

/* Runs a request, reconnecting once if the family went away or came back under a new id. */
#define WITH_MODULE(call)						\
	({								\
		int __ret = connect_module();				\
		if (!__ret)						\
			__ret = (call);					\
		if (__ret == -ENOENT || __ret == -EOPNOTSUPP) {		\
			disconnect_module();				\
			__ret = connect_module();			\
			if (!__ret)					\
				__ret = (call);				\
		}							\
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

int kernel_session_del(uint32_t ifindex)
{
	return WITH_MODULE(sluice_nl_session_del(&req, ifindex, NULL));
}

int kernel_session_get(uint32_t ifindex, struct sluice_session_info *out)
{
	return WITH_MODULE(sluice_nl_session_get(&req, ifindex, NULL, out));
}

int kernel_ctrl_send(uint32_t ifindex, const uint8_t *frame, size_t len)
{
	return WITH_MODULE(sluice_nl_ctrl_send(&req, ifindex, frame, len));
}

int kernel_ctrl_bind(uint32_t ifindex, kernel_frame_cb cb, void *owner)
{
	struct binding *b = malloc(sizeof(*b));
	int ret;

	if (!b)
		return -ENOMEM;
	b->cb = cb;
	b->owner = owner;
	free(u32map_del(&bindings, ifindex));
	ret = u32map_put(&bindings, ifindex, b);
	if (ret)
		free(b);
	return ret;
}

void kernel_ctrl_unbind(uint32_t ifindex)
{
	free(u32map_del(&bindings, ifindex));
}
