// SPDX-License-Identifier: GPL-2.0
/*
 * /interface pptp-client: each enabled item is one control connection to connect-to:1723
 * carrying one call, we being the PNS: a non-blocking TCP connect through the loop,
 * Start-Control-Connection-Request/-Reply, Outgoing-Call-Request/-Reply, then a kernel session
 * for the call (GRE in the kernel from its first packet) and a PPP link in the dial-out role
 * (ppp/client.h). Any end — the link (authentication failure, terminate, keepalive), the
 * call cleared, the control connection lost or silent — tears everything down and dials
 * again after a backoff of 1 s doubling to 60 s, jittered, reset once a link came up.
 * Disabling or removing the item stops cleanly: LCP Terminate, Call-Clear-Request,
 * Stop-Control-Connection-Request. Links are freed from a 0 ms timer, never inside their own
 * callbacks; a removed client is freed the same way.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "config.h"
#include "kernel.h"
#define LOG_TOPIC LOG_T_PPTP
#include "log.h"
#include "loop.h"
#include "ppp/client.h"
#include "ppp/dialout.h"
#include "ppp/link.h"
#include "pptp/client.h"
#include "pptp/msg.h"

#define SETUP_MS 15000		/* TCP connect to Outgoing-Call-Reply */
#define ECHO_IDLE_MS 60000	/* RFC 2637: echo after 60 s of silence, then give it 60 s */
#define STOP_WAIT_MS 3000	/* for the Stop-Control-Connection-Reply */

enum client_state {
	CL_IDLE,		/* disabled (or never enabled) */
	CL_BACKOFF,		/* waiting to dial again */
	CL_CONNECTING,		/* TCP connect under way */
	CL_WAIT_SCCRP,
	CL_WAIT_OCRP,
	CL_CALL,		/* the kernel session and the PPP link exist */
	CL_STOPPING,		/* Stop-Control-Connection-Request sent */
};

struct pptp_client {
	struct loop_fd w;		/* first: the loop hands us &w; fd -1 when closed */
	struct pptp_client *next;
	char name[16];			/* the item's, and the interface's */
	struct ppp_client_conf conf;	/* as the item said when we last dialled */
	uint32_t server;		/* connect-to, network order */
	bool want;			/* the item is enabled: stay connected */
	bool restart;			/* settings changed: dial at once when down */
	bool removed;			/* the item is gone: free once down */
	bool seen;			/* apply(): the item still exists */
	enum client_state state;
	uint32_t local_addr;
	uint16_t call_id, peer_call_id;
	bool call_cleared;		/* the server sent Call-Disconnect-Notify */
	uint32_t ifindex;
	struct ppp_link *link;
	bool link_ended;
	char cause[48];			/* why the last connection ended */
	unsigned long conn_gen;		/* counts closed connections (a redial may reuse the fd) */
	uint8_t in[PPTP_MSG_MAX * 2];
	size_t in_len;
	uint8_t out[PPTP_MSG_MAX * 4];	/* we send a handful of messages at a time */
	size_t out_len;
	struct loop_timer timer;	/* setup deadline, stop wait, backoff */
	struct loop_timer echo;		/* control-connection keepalive */
	struct loop_timer reap;		/* the link ended: tear down from the loop */
	unsigned int backoff_ms;
	uint64_t redial_at;		/* loop_now_ms() when the backoff ends */
	uint32_t echo_id;
	bool echo_outstanding;
	time_t up_since;
};

static struct pptp_client *clients;
static struct loop_timer sweep;		/* frees removed clients once they are down */
static uint16_t next_call_id;

#define CLIENT_OF(t, member) \
	((struct pptp_client *)((char *)(t) - offsetof(struct pptp_client, member)))

static void went_down(struct pptp_client *c);
static void conn_lost(struct pptp_client *c, const char *cause, const char *why);

/* --- the control connection */

static void close_conn(struct pptp_client *c)
{
	if (c->w.fd < 0)
		return;
	loop_del(&c->w);
	close(c->w.fd);
	c->w.fd = -1;
	c->conn_gen++;
	c->in_len = 0;
	c->out_len = 0;
	loop_timer_cancel(&c->echo);
}

static void flush(struct pptp_client *c)
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

static void send_msg(struct pptp_client *c, const struct pptp_msg *m)
{
	uint8_t buf[PPTP_MSG_MAX];
	int n = pptp_msg_build(m, buf, sizeof(buf));

	if (n < 0 || c->w.fd < 0)
		return;
	if (c->out_len + (size_t)n > sizeof(c->out)) {
		log_warn("%s: the server does not read its control connection", c->name);
		return;
	}
	memcpy(c->out + c->out_len, buf, (size_t)n);
	c->out_len += (size_t)n;
	log_debug("%s: sent %s", c->name, pptp_msg_name(m->type));
	flush(c);
}

static void send_stop(struct pptp_client *c)
{
	struct pptp_msg m = { .type = PPTP_STOPCCRQ };

	m.stopccrq.reason = PPTP_STOP_NONE;
	send_msg(c, &m);
	c->state = CL_STOPPING;
	loop_timer_arm(&c->timer, STOP_WAIT_MS);
}

/* --- the call: a kernel session and a PPP link */

static void link_finished(struct ppp_link *l, const char *cause)
{
	struct pptp_client *c = l->ctx;

	if (c->link_ended)
		return;
	c->link_ended = true;
	if (!c->cause[0])
		snprintf(c->cause, sizeof(c->cause), "%s", cause);
	loop_timer_arm(&c->reap, 0);
}

static void link_up(struct ppp_link *l)
{
	struct pptp_client *c = l->ctx;

	c->up_since = time(NULL);
	c->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;
	c->cause[0] = '\0';
	dialout_log_up(LOG_TOPIC, c->name, l);
}

static const struct ppp_link_ops link_ops = { .finished = link_finished, .up = link_up };

/* The link is gone: its session goes, the call is cleared and the connection stopped. */
static void reap(struct loop_timer *t)
{
	struct pptp_client *c = CLIENT_OF(t, reap);
	struct pptp_msg m = { .type = PPTP_CCRQ };

	if (c->link) {
		ppp_link_free(c->link);
		c->link = NULL;
	}
	if (c->ifindex)
		kernel_session_del(c->ifindex);
	c->ifindex = 0;
	c->up_since = 0;
	if (c->w.fd < 0 || c->state != CL_CALL) {
		close_conn(c);
		went_down(c);
		return;
	}
	if (!c->call_cleared) {
		m.ccrq.call_id = c->call_id;
		send_msg(c, &m);
	}
	send_stop(c);
}

static int call_session(struct pptp_client *c)
{
	struct sluice_session_params p = { .local_addr = c->local_addr, .peer_addr = c->server,
					   .local_call_id = c->call_id,
					   .peer_call_id = c->peer_call_id,
					   .mtu = c->conf.max_mtu };
	int ret = kernel_session_new(&p);

	if (!ret)
		c->ifindex = p.ifindex;
	return ret;
}

static void start_call(struct pptp_client *c, const struct pptp_ocrp *rp)
{
	struct ppp_link_params lp = { .service = "pptp", .caller = c->server, .client = &c->conf };
	struct pptp_msg m = { .type = PPTP_SLI };
	int ret;

	c->peer_call_id = rp->call_id;
	ret = call_session(c);
	if (ret) {
		log_err("%s: no kernel session for the call: %s", c->name, strerror(-ret));
		conn_lost(c, "nas-error", NULL);
		return;
	}
	/* as pptp-linux and Windows do: the ACCMs are meaningless over GRE, but some PACs wait */
	m.sli.peer_call_id = c->peer_call_id;
	m.sli.send_accm = 0xffffffff;
	m.sli.recv_accm = 0xffffffff;
	send_msg(c, &m);
	lp.ifindex = c->ifindex;
	snprintf(lp.tag, sizeof(lp.tag), "%s", c->name);
	c->link_ended = false;
	c->call_cleared = false;
	c->link = ppp_link_new(&lp, &link_ops, c);
	if (!c->link) {
		conn_lost(c, "nas-error", "out of memory for the link");
		return;
	}
	c->state = CL_CALL;
	loop_timer_cancel(&c->timer);	/* the link has its own setup deadline */
	log_info("%s: call %u (the server's %u) on ifindex %u: negotiating PPP", c->name,
		 c->call_id, c->peer_call_id, c->ifindex);
}

/* --- messages from the server */

static void on_sccrp(struct pptp_client *c, const struct pptp_sccrp *rp)
{
	struct pptp_msg m = { .type = PPTP_OCRQ };
	char host[4 * sizeof(rp->host_name)];

	if (rp->result != PPTP_SCCRP_OK) {
		snprintf(c->cause, sizeof(c->cause), "refused");
		log_info("%s: the server refused the control connection (result %u, error %u)",
			 c->name, rp->result, rp->error);
		send_stop(c);
		return;
	}
	log_escape(host, sizeof(host), rp->host_name);
	log_debug("%s: control connection to \"%s\"", c->name, host);
	if (!++next_call_id)
		next_call_id = 1;
	c->call_id = next_call_id;
	m.ocrq.call_id = c->call_id;
	m.ocrq.call_serial = c->call_id;
	m.ocrq.min_bps = 2400;
	m.ocrq.max_bps = 100000000;
	m.ocrq.bearer_type = PPTP_BEARER_ANY;
	m.ocrq.framing_type = PPTP_FRAMING_ANY;
	m.ocrq.recv_window = 64;
	c->state = CL_WAIT_OCRP;
	send_msg(c, &m);
}

static void on_ocrp(struct pptp_client *c, const struct pptp_ocrp *rp)
{
	if (rp->peer_call_id != c->call_id) {
		conn_lost(c, "lost-service", "an Outgoing-Call-Reply for another call");
		return;
	}
	if (rp->result != PPTP_OCRP_CONNECTED) {
		snprintf(c->cause, sizeof(c->cause), "call-refused");
		log_info("%s: the server refused the call (result %u, error %u)", c->name,
			 rp->result, rp->error);
		send_stop(c);
		return;
	}
	start_call(c, rp);
}

/* The server cleared our call: the link ends, then the connection is stopped. */
static void on_cdn(struct pptp_client *c, const struct pptp_cdn *cdn)
{
	if (cdn->call_id != c->peer_call_id || c->call_cleared)
		return;
	c->call_cleared = true;
	log_info("%s: the server cleared the call (result %u)", c->name, cdn->result);
	if (!c->cause[0])
		snprintf(c->cause, sizeof(c->cause), "lost-carrier");
	if (c->link && !c->link_ended)
		ppp_link_lower_down(c->link, "lost-carrier");
}

static void on_message(struct pptp_client *c, const struct pptp_msg *m)
{
	struct pptp_msg r = { 0 };

	log_debug("%s: got %s", c->name, pptp_msg_name(m->type));
	if (m->type == PPTP_ECHORQ) {
		r.type = PPTP_ECHORP;
		r.echorp.id = m->echorq.id;
		r.echorp.result = PPTP_ECHORP_OK;
		send_msg(c, &r);
	} else if (m->type == PPTP_ECHORP) {
		c->echo_outstanding = false;
	} else if (m->type == PPTP_STOPCCRQ) {
		r.type = PPTP_STOPCCRP;
		r.stopccrp.result = PPTP_STOPCCRP_OK;
		send_msg(c, &r);
		conn_lost(c, "lost-carrier", "the server stops the control connection");
	} else if (m->type == PPTP_STOPCCRP && c->state == CL_STOPPING) {
		close_conn(c);
		if (!c->link)
			went_down(c);
	} else if (m->type == PPTP_SCCRP && c->state == CL_WAIT_SCCRP) {
		on_sccrp(c, &m->sccrp);
	} else if (m->type == PPTP_OCRP && c->state == CL_WAIT_OCRP) {
		on_ocrp(c, &m->ocrp);
	} else if (m->type == PPTP_CDN && c->state >= CL_CALL) {
		on_cdn(c, &m->cdn);
	} else if (m->type == PPTP_SLI || m->type == PPTP_WEN || c->state == CL_STOPPING) {
		return;		/* link info, or whatever crosses our stop */
	} else {
		conn_lost(c, "lost-service", "an unexpected message from the server");
	}
}

static void read_messages(struct pptp_client *c)
{
	unsigned long gen = c->conn_gen;
	size_t off = 0;

	/* a message may end this connection, and ending it may dial the next one at once */
	while (c->conn_gen == gen) {
		struct pptp_msg m;
		int n = pptp_msg_frame(c->in + off, c->in_len - off);
		enum pptp_error e;

		if (n == 0)
			break;
		if (n < 0) {
			conn_lost(c, "lost-service", pptp_msg_strerror((enum pptp_error)n));
			return;
		}
		e = pptp_msg_parse(c->in + off, (size_t)n, &m);
		off += (size_t)n;
		if (e == PPTP_E_UNKNOWN_TYPE)
			continue;
		if (e != PPTP_OK) {
			conn_lost(c, "lost-service", pptp_msg_strerror(e));
			return;
		}
		on_message(c, &m);
	}
	if (c->conn_gen != gen)
		return;
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
}

static void connected(struct pptp_client *c)
{
	struct pptp_msg m = { .type = PPTP_SCCRQ };
	struct sockaddr_in local;
	socklen_t len = sizeof(local);
	int err = 0;
	socklen_t elen = sizeof(err);

	if (getsockopt(c->w.fd, SOL_SOCKET, SO_ERROR, &err, &elen) || err ||
	    getsockname(c->w.fd, (struct sockaddr *)&local, &len)) {
		conn_lost(c, "lost-service", strerror(err ? err : errno));
		return;
	}
	c->local_addr = local.sin_addr.s_addr;
	c->state = CL_WAIT_SCCRP;
	loop_mod(&c->w, EPOLLIN);
	loop_timer_arm(&c->echo, ECHO_IDLE_MS);
	m.sccrq.version = PPTP_VERSION;
	m.sccrq.framing_caps = PPTP_FRAMING_CAP_ASYNC | PPTP_FRAMING_CAP_SYNC;
	m.sccrq.bearer_caps = PPTP_BEARER_CAP_ANALOG | PPTP_BEARER_CAP_DIGITAL;
	m.sccrq.firmware_rev = 1;
	snprintf(m.sccrq.host_name, sizeof(m.sccrq.host_name), "sluice");
	snprintf(m.sccrq.vendor, sizeof(m.sccrq.vendor), "sluice");
	send_msg(c, &m);
}

static void conn_event(struct loop_fd *w, uint32_t events)
{
	struct pptp_client *c = (struct pptp_client *)w;
	ssize_t n;

	if (c->state == CL_CONNECTING) {
		connected(c);
		return;
	}
	if (events & EPOLLOUT)
		flush(c);
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	n = recv(w->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		if (c->state == CL_STOPPING) {	/* the server closed instead of replying */
			close_conn(c);
			if (!c->link)
				went_down(c);
			return;
		}
		conn_lost(c, "lost-carrier", n == 0 ? "the server closed the control connection"
						   : strerror(errno));
		return;
	}
	if (n < 0)
		return;
	c->in_len += (size_t)n;
	c->echo_outstanding = false;
	loop_timer_arm(&c->echo, ECHO_IDLE_MS);
	read_messages(c);
}

static void echo_expired(struct loop_timer *t)
{
	struct pptp_client *c = CLIENT_OF(t, echo);
	struct pptp_msg m = { .type = PPTP_ECHORQ };

	if (c->echo_outstanding) {
		conn_lost(c, "lost-carrier", "no Echo-Reply from the server");
		return;
	}
	m.echorq.id = ++c->echo_id;
	c->echo_outstanding = true;
	send_msg(c, &m);
	loop_timer_arm(&c->echo, ECHO_IDLE_MS);
}

/*
 * The connection is unusable (closed, broken, silent, or the server stopped it): close it
 * now; a link still running is taken down and reap() finishes; else we are down already.
 */
static void conn_lost(struct pptp_client *c, const char *cause, const char *why)
{
	if (why) {
		char shown[128];

		log_escape(shown, sizeof(shown), why);
		log_info("%s: %s", c->name, shown);
	}
	if (!c->cause[0])
		snprintf(c->cause, sizeof(c->cause), "%s", cause);
	close_conn(c);
	c->state = CL_STOPPING;
	loop_timer_cancel(&c->timer);
	if (c->link && !c->link_ended) {
		ppp_link_lower_down(c->link, cause);	/* finished() arms reap */
		return;
	}
	if (!c->link)
		went_down(c);
}

/* --- dialling, backoff, stopping */

static void dial(struct pptp_client *c)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(PPTP_PORT),
				  .sin_addr.s_addr = c->server };
	char addr[INET_ADDRSTRLEN];
	int fd;

	inet_ntop(AF_INET, &c->server, addr, sizeof(addr));
	log_info("%s: connecting to %s", c->name, addr);
	c->cause[0] = '\0';
	c->state = CL_CONNECTING;
	c->echo_outstanding = false;
	loop_timer_arm(&c->timer, SETUP_MS);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		conn_lost(c, "nas-error", strerror(errno));
		return;
	}
	c->w = (struct loop_fd){ .fd = fd, .events = EPOLLOUT, .cb = conn_event };
	if ((connect(fd, (struct sockaddr *)&sa, sizeof(sa)) && errno != EINPROGRESS) ||
	    loop_add(&c->w)) {
		const char *why = strerror(errno);

		close(fd);
		c->w.fd = -1;
		conn_lost(c, "lost-service", why);
	}
}

static void backoff(struct pptp_client *c)
{
	unsigned int ms = dialout_backoff(LOG_TOPIC, c->name, c->cause, &c->backoff_ms);

	c->state = CL_BACKOFF;
	c->redial_at = loop_now_ms() + ms;
	loop_timer_arm(&c->timer, ms);
}

/* Everything of the last connection is gone: dial again, wait, or rest. */
static void went_down(struct pptp_client *c)
{
	loop_timer_cancel(&c->timer);
	loop_timer_cancel(&c->echo);
	c->state = CL_IDLE;
	if (c->removed || !c->want) {
		log_info("%s: stopped", c->name);
		if (c->removed)
			loop_timer_arm(&sweep, 0);
		return;
	}
	if (c->restart) {
		c->restart = false;
		c->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;
		dial(c);
		return;
	}
	backoff(c);
}

static void timer_expired(struct loop_timer *t)
{
	struct pptp_client *c = CLIENT_OF(t, timer);

	switch (c->state) {
	case CL_BACKOFF:
		dial(c);
		break;
	case CL_STOPPING:		/* no Stop-Control-Connection-Reply: close anyway */
		close_conn(c);
		if (!c->link)
			went_down(c);
		break;
	case CL_CONNECTING:
	case CL_WAIT_SCCRP:
	case CL_WAIT_OCRP:
		conn_lost(c, "lost-service", c->state == CL_CONNECTING ?
			  "no connection to the server in time" : "no answer from the server in time");
		break;
	default:
		break;
	}
}

/* Disabled, removed or changed: end what runs, cleanly; went_down() decides what follows. */
static void client_stop(struct pptp_client *c, const char *cause)
{
	snprintf(c->cause, sizeof(c->cause), "%s", cause);
	switch (c->state) {
	case CL_IDLE:
	case CL_BACKOFF:
		went_down(c);
		break;
	case CL_CONNECTING:
		close_conn(c);
		went_down(c);
		break;
	case CL_WAIT_SCCRP:
	case CL_WAIT_OCRP:
		send_stop(c);
		break;
	case CL_CALL:
		if (c->link && !c->link_ended)
			ppp_link_close(c->link, cause);	/* LCP Terminate; reap() goes on */
		break;
	case CL_STOPPING:
		break;
	}
}

/* --- the items */

static void free_client(struct pptp_client *c)
{
	struct pptp_client **pp;

	for (pp = &clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	loop_timer_cancel(&c->timer);
	loop_timer_cancel(&c->echo);
	loop_timer_cancel(&c->reap);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

static void sweep_removed(struct loop_timer *t)
{
	struct pptp_client *c, *next;

	(void)t;
	for (c = clients; c; c = next) {
		next = c->next;
		if (c->removed && c->state == CL_IDLE && !c->link)
			free_client(c);
	}
}

static struct pptp_client *find_client(const char *name)
{
	struct pptp_client *c;

	for (c = clients; c; c = c->next)
		if (!c->removed && !strcmp(c->name, name))
			return c;
	return NULL;
}

static struct pptp_client *new_client(const char *name)
{
	struct pptp_client *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->w.fd = -1;
	c->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;
	loop_timer_init(&c->timer, timer_expired);
	loop_timer_init(&c->echo, echo_expired);
	loop_timer_init(&c->reap, reap);
	c->next = clients;
	clients = c;
	return c;
}

static void apply_item(const struct cfg_menu *m, const struct cfg_item *it)
{
	struct pptp_client *c = find_client(cfg_get(m, it, "name"));
	struct ppp_client_conf conf;
	uint32_t server;
	bool changed;

	if (!c && !(c = new_client(cfg_get(m, it, "name")))) {
		log_err("%s: out of memory", cfg_get(m, it, "name"));
		return;
	}
	c->seen = true;
	dialout_read_item(m, it, &conf, &server);
	changed = memcmp(&conf, &c->conf, sizeof(conf)) || server != c->server;
	c->conf = conf;
	c->server = server;
	OPENSSL_cleanse(&conf, sizeof(conf));
	if (cfg_bool(cfg_get(m, it, "disabled"))) {
		if (c->want) {
			c->want = false;
			client_stop(c, "admin-disabled");
		}
		return;
	}
	if (!c->want)
		c->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;	/* enabled again: a fresh start */
	c->want = true;
	if (c->state == CL_IDLE) {
		c->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;
		dial(c);
	} else if (changed && c->state != CL_BACKOFF) {
		c->restart = true;	/* the new settings apply from the next dial */
		client_stop(c, "settings-changed");
	}
}

/* --- live state for print and monitor */

static const struct pptp_client *client_of_item(const struct cfg_menu *m,
						const struct cfg_item *it)
{
	return find_client(cfg_get(m, it, "name"));
}

static const char *live_flags(const struct cfg_menu *m, const struct cfg_item *it)
{
	const struct pptp_client *c = client_of_item(m, it);

	return c && c->link && c->link->phase == PHASE_UP ? "R" : "";
}

static const char *status(const struct pptp_client *c)
{
	if (!c || (c->state == CL_IDLE && !c->want))
		return "disabled";
	switch (c->state) {
	case CL_IDLE:
	case CL_BACKOFF:
		return "disconnected";
	case CL_STOPPING:
		return "terminating...";
	case CL_CALL:
		return dialout_link_status(c->link);
	default:
		break;
	}
	return "connecting...";
}

static void monitor(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *out)
{
	const struct pptp_client *c = client_of_item(m, it);

	dialout_monitor(out, status(c), c ? c->link : NULL, c ? c->up_since : 0,
			c && c->state == CL_BACKOFF, c ? c->cause : NULL, c ? c->redial_at : 0);
}

void pptp_client_apply(void)
{
	struct cfg_menu *m = config_menu(CFG_PPTP_CLIENT);
	static bool initialised;
	struct pptp_client *c;
	size_t i;

	m->live_flags = live_flags;
	m->monitor = monitor;
	if (!initialised) {
		loop_timer_init(&sweep, sweep_removed);
		initialised = true;
	}
	if (!next_call_id && getrandom(&next_call_id, sizeof(next_call_id), GRND_NONBLOCK) < 0)
		next_call_id = (uint16_t)time(NULL);	/* not the ids of a previous run */
	for (c = clients; c; c = c->next)
		c->seen = false;
	for (i = 0; i < m->n; i++)
		apply_item(m, &m->items[i]);
	for (c = clients; c; c = c->next) {
		if (!c->seen && !c->removed) {
			c->removed = true;
			c->want = false;
			client_stop(c, "removed");
		}
	}
}

void pptp_client_stop(void)
{
	struct pptp_client *c;

	loop_timer_cancel(&sweep);
	while ((c = clients)) {
		if (c->link && !c->link_ended)
			ppp_link_lower_down(c->link, "nas-reboot");
		if (c->w.fd >= 0 && c->state == CL_CALL) {
			struct pptp_msg m = { .type = PPTP_CCRQ };

			m.ccrq.call_id = c->call_id;
			send_msg(c, &m);
		}
		if (c->w.fd >= 0 && c->state > CL_CONNECTING && c->state != CL_STOPPING)
			send_stop(c);
		close_conn(c);
		if (c->link)
			ppp_link_free(c->link);
		if (c->ifindex)
			kernel_session_del(c->ifindex);
		free_client(c);
	}
}
