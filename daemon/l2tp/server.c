// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TP server's outside: the UDP socket, the kernel sessions and the PPP links, around
 * lns.c's protocol. The socket is shared with the kernel module, which takes the data
 * messages of the sessions it knows; control messages, and data of sessions it does not
 * know, reach us here. IP_PKTINFO tells which of our addresses a tunnel was reached at: the
 * replies leave from it, and the kernel session sends from it.
 *
 * With use-ipsec, clients come through IPsec transport SAs that charon negotiates for the
 * dynamic peer this file makes in /ip ipsec (docs/ipsec.md "L2TP/IPsec server"): each SA
 * marks what it decrypts (set_mark_in) and SO_RCVMARK gives us the mark, which tells a
 * tunnel that came through IPsec from one that did not, and tunnels of clients behind one
 * NAT apart; the tunnel's replies carry the mark (SO_MARK) so they leave on its SA.
 *
 * The socket stays open while any tunnel does (closing it would delete every kernel session
 * on it), so disabling the server stops new tunnels and leaves established ones up, as the
 * PPTP server does with its calls.
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
#include "ipsec/identity_menu.h"
#include "ipsec/ipsec.h"
#include "ipsec/peer_menu.h"
#include "ipsec/sas.h"
#include "l2tp/secret_menu.h"
#include "l2tp/server_menu.h"
#include "core/kernel.h"
#include "l2tp/server.h"
#include "l2tp/lns.h"
#define LOG_TOPIC LOG_T_L2TP
#include "core/log.h"
#include "core/loop.h"
#include "ppp/link.h"

#ifndef SO_RCVMARK
#define SO_RCVMARK 75			/* Linux 6.0 */
#endif

#define RECV_BATCH 64			/* datagrams per wakeup, so others get their turn */
#define SESSION_MTU 1400

static struct loop_fd sock = { .fd = -1 };
static struct l2tp_lns *lns;
static struct loop_timer close_check;
static bool accepting;

/* --- what lns.c asks of us */

static void send_datagram(void *ctx, const struct l2tp_path *path, const uint8_t *buf,
			  size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = path->peer_addr,
				  .sin_port = htons(path->peer_port) };
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} control = { 0 };
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov,
			     .msg_iovlen = 1, .msg_control = control.buf };
	struct cmsghdr *cm = (struct cmsghdr *)control.buf;

	(void)ctx;
	if (sock.fd < 0)
		return;
	if (path->local_addr) {		/* from the address the peer reached */
		struct in_pktinfo pi = { .ipi_spec_dst.s_addr = path->local_addr };

		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen += CMSG_SPACE(sizeof(pi));
		cm = (struct cmsghdr *)(control.buf + mh.msg_controllen);
	}
	if (path->mark) {		/* on the tunnel's own IPsec SA */
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SO_MARK;
		cm->cmsg_len = CMSG_LEN(sizeof(path->mark));
		memcpy(CMSG_DATA(cm), &path->mark, sizeof(path->mark));
		mh.msg_controllen += CMSG_SPACE(sizeof(path->mark));
	}
	if (!mh.msg_controllen)
		mh.msg_control = NULL;
	if (sendmsg(sock.fd, &mh, MSG_DONTWAIT) < 0)
		log_debug("l2tp: sendmsg: %s", strerror(errno));
}

static int kernel_session(struct l2tp_session *s)
{
	const struct l2tp_tunnel *t = s->tunnel;
	struct sluice_session_params p = {
		.mtu = SESSION_MTU, .encap = SLUICE_NL_ENCAP_L2TP, .l2tp_fd = sock.fd,
		.local_addr = t->path.local_addr, .peer_addr = t->path.peer_addr,
		.peer_port = t->path.peer_port, .local_tunnel_id = t->local_id,
		.local_session_id = s->local_id, .peer_tunnel_id = t->peer_id,
		.peer_session_id = s->peer_id,
		.l2tp_flags = s->seq_required ? SLUICE_L2TP_F_TX_SEQ : 0,
		.l2tp_mark = t->path.mark,	/* its data on its own IPsec SA */
		.pending = true,	/* no interface before PPP authentication */
	};
	int ret = kernel_session_new(&p);

	if (!ret)
		s->session = p.id;
	return ret;
}

static int session_open(void *ctx, struct l2tp_session *s)
{
	(void)ctx;
	return kernel_session(s);
}

static void link_finished(struct ppp_link *l, const char *cause)
{
	l2tp_lns_session_finished(l->ctx, cause);
}

static void link_up(struct ppp_link *l)
{
	l2tp_lns_session_up(l->ctx);
}

static const struct ppp_link_ops link_ops = { .finished = link_finished, .up = link_up };

/* The IPsec SA a tunnel came through, for /ppp active ("" for none) */
static void ipsec_describe(uint32_t mark, char *out, size_t cap)
{
	const struct ipsec_child_sa *c = ipsec_sas_by_mark(mark, NULL);

	if (!mark)
		out[0] = '\0';
	else
		snprintf(out, cap, "IPsec%s%s", c && c->algs[0] ? " " : "", c ? c->algs : "");
}

static int session_connect(void *ctx, struct l2tp_session *s)
{
	struct ppp_link_params lp = { .service = "l2tp", .caller = s->tunnel->path.peer_addr };
	size_t n = strnlen(s->tag, sizeof(lp.tag) - 1);
	int ret;

	(void)ctx;
	/* Sequencing Required arrives in ICCN, after the session was made at ICRP: the
	 * flags are fixed at creation, so the session is made again before PPP starts */
	if (s->seq_required) {
		kernel_session_del(s->session);
		s->session = 0;
		ret = kernel_session(s);
		if (ret)
			return ret;
	}
	lp.session = s->session;
	ipsec_describe(s->tunnel->path.mark, lp.ipsec, sizeof(lp.ipsec));
	memcpy(lp.tag, s->tag, n);
	lp.tag[n] = '\0';
	s->link = ppp_link_new(&lp, &link_ops, s);
	return s->link ? 0 : -ENOMEM;
}

static void session_lower_down(void *ctx, struct l2tp_session *s, const char *cause)
{
	(void)ctx;
	if (s->link)
		ppp_link_lower_down(s->link, cause);
}

static void session_release(void *ctx, struct l2tp_session *s)
{
	(void)ctx;
	if (s->link)
		ppp_link_free(s->link);
	s->link = NULL;
	if (s->session)
		kernel_session_del(s->session);
	s->session = 0;
	loop_timer_arm(&close_check, 0);	/* the last one, with the server disabled? */
}

/* /ppp l2tp-secret: the most specific entry for the peer's address */
static bool secret_for(void *ctx, uint32_t peer_addr, const char **secret)
{
	(void)ctx;
	*secret = l2tp_secret_for(peer_addr);
	return *secret != NULL;
}

static const struct l2tp_lns_ops lns_ops = {
	.send = send_datagram, .session_open = session_open,
	.session_connect = session_connect, .session_lower_down = session_lower_down,
	.session_release = session_release,
	.secret_for = secret_for,
};

/* --- the socket */

static void read_datagrams(struct loop_fd *w, uint32_t events)
{
	static uint8_t buf[L2TP_MSG_MAX + 1];
	int i;

	(void)events;
	for (i = 0; i < RECV_BATCH; i++) {
		struct sockaddr_in from;
		union {
			char buf[CMSG_SPACE(sizeof(struct in_pktinfo)) +
				 CMSG_SPACE(sizeof(uint32_t))];
			struct cmsghdr align;
		} control;
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
				     .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = control.buf,
				     .msg_controllen = sizeof(control.buf) };
		struct l2tp_path path = { 0 };
		struct cmsghdr *cm;
		ssize_t n = recvmsg(w->fd, &mh, MSG_DONTWAIT);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_debug("l2tp: recvmsg: %s", strerror(errno));
			return;
		}
		if (mh.msg_namelen < sizeof(from) || from.sin_family != AF_INET ||
		    (mh.msg_flags & MSG_TRUNC))
			continue;
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;

				memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
				path.local_addr = pi.ipi_addr.s_addr;
			} else if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_MARK &&
				   cm->cmsg_len >= CMSG_LEN(sizeof(path.mark))) {
				memcpy(&path.mark, CMSG_DATA(cm), sizeof(path.mark));
			}
		}
		path.peer_addr = from.sin_addr.s_addr;
		path.peer_port = ntohs(from.sin_port);
		if (lns)
			l2tp_lns_input(lns, &path, buf, (size_t)n);
	}
}

static int open_socket(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(L2TP_PORT) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1, err;

	if (fd < 0)
		return -errno;
	/* the mark of an IPsec SA: without it (a kernel before 6.0) use-ipsec=required
	 * refuses every tunnel, which the log says */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVMARK, &one, sizeof(one)))
		log_warn("l2tp: SO_RCVMARK: %s: L2TP/IPsec tunnels cannot be told from plain ones",
			 strerror(errno));
	if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		close(fd);
		return err;
	}
	sock = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = read_datagrams };
	err = loop_add(&sock);
	if (err) {
		close(fd);
		sock.fd = -1;
	}
	return err;
}

static void close_socket(void)
{
	if (sock.fd < 0)
		return;
	loop_del(&sock);
	close(sock.fd);
	sock.fd = -1;
}

/* Disabled, and the last tunnel gone: the socket goes too. */
static void maybe_close(struct loop_timer *t)
{
	(void)t;
	if (!lns || l2tp_server_cfg()->enabled ||
	    l2tp_lns_tunnel_count(lns))
		return;
	l2tp_lns_free(lns);
	lns = NULL;
	close_socket();
	log_info("l2tp: server stopped");
}

static void configure(bool enabled)
{
	const struct l2tp_server_cfg *s = l2tp_server_cfg();
	struct l2tp_lns_config c = {
		.accept = enabled, .host_name = "sluice",
		.secret = (const uint8_t *)s->tunnel_secret, .secret_len = strlen(s->tunnel_secret),
		.hello_ms = s->keepalive_timeout * 1000,
		.lim.sessions = s->max_sessions == CFG_UNLIMITED ? 0 :
				s->max_sessions ? s->max_sessions : L2TP_LNS_NO_SESSIONS,
		.ipsec_required = s->use_ipsec == CFG_IPSEC_REQUIRED,
	};

	l2tp_lns_configure(lns, &c);
}

/*
 * use-ipsec: the dynamic peer and identity RouterOS makes (the IPsec page, "Basic L2TP/IPsec
 * setup"): every address, passive, main-l2tp (which takes IKEv2 as well), ipsec-secret as
 * the pre-shared key, policies generated for L2TP. Gone with use-ipsec=no or the server off.
 */
static void ipsec_items(const struct l2tp_server_cfg *s)
{
	static const char *const pk[] = { "name", "address", "exchange-mode", "passive",
					  "send-initial-contact" };
	static const char *const pv[] = { L2TP_IPSEC_PEER, "0.0.0.0/0", "main-l2tp", "yes",
					  "yes" };
	static const char *const ik[] = { "peer", "auth-method", "secret", "generate-policy" };
	const char *iv[] = { L2TP_IPSEC_PEER, "pre-shared-key", s->ipsec_secret, "port-strict" };
	struct strbuf err;

	if (!s->enabled || s->use_ipsec == CFG_IPSEC_NO || !*s->ipsec_secret) {
		if (s->enabled && s->use_ipsec != CFG_IPSEC_NO)
			log_err("l2tp: use-ipsec needs an ipsec-secret: no IPsec peer made");
		cfg_dynamic_drop(&ipsec_identity_menu, "l2tp-server");
		cfg_dynamic_drop(&ipsec_peer_menu, "l2tp-server");
		return;
	}
	sb_init(&err);
	if (cfg_dynamic_put(&ipsec_peer_menu, "l2tp-server", pk, pv, 5, &err) ||
	    cfg_dynamic_put(&ipsec_identity_menu, "l2tp-server", ik, iv, 4, &err))
		log_err("l2tp: use-ipsec: the IPsec peer: %s", err.p ? err.p : "failed");
	sb_free(&err);
	ipsec_apply();
}

/* An L2TP/IPsec client's SA went down (or charon did): its tunnel with it */
static void sa_gone(uint32_t mark)
{
	l2tp_lns_sa_gone(lns, mark);
}

void l2tp_server_apply(void)
{
	bool enabled = l2tp_server_cfg()->enabled;
	int ret;

	ipsec_sas_on_child_down(sa_gone);
	ipsec_items(l2tp_server_cfg());

	if (!close_check.cb)
		loop_timer_init(&close_check, maybe_close);
	if (enabled && sock.fd < 0) {
		ret = open_socket();
		if (ret) {
			log_err("l2tp: cannot listen on UDP %d: %s", L2TP_PORT, strerror(-ret));
			return;
		}
		log_info("l2tp: server listening on UDP %d", L2TP_PORT);
	}
	if (enabled && !lns && !(lns = l2tp_lns_new(&lns_ops, NULL))) {
		log_err("l2tp: out of memory");
		close_socket();
		return;
	}
	if (lns)
		configure(enabled);
	if (!enabled && lns && accepting) {
		log_info("l2tp: server disabled; established tunnels stay up");
		loop_timer_arm(&close_check, 0);
	}
	accepting = enabled && lns;
}

void l2tp_server_monitor(const struct cfg_menu *m, const struct cfg_item *it,
			 struct strbuf *out, int json)
{
	static const struct l2tp_stats none;
	const struct l2tp_stats *st = lns ? &lns->stats : &none;
	const struct {
		const char *name;
		uint64_t v;
	} rows[] = {
		{ "tunnels", lns ? l2tp_lns_tunnel_count(lns) : 0 },
		{ "tunnels-created", st->tunnels_created }, { "sessions-created", st->sessions_created },
		{ "tunnels-refused", st->tunnels_refused }, { "sessions-refused", st->sessions_refused },
		{ "ipsec-required", st->ipsec_required }, { "auth-failures", st->auth_failures },
		{ "refused", st->refused }, { "bad-header", st->bad_header },
		{ "unknown-tunnel", st->unknown_tunnel }, { "wrong-peer", st->wrong_peer },
		{ "not-accepting", st->not_accepting }, { "tunnels-lost", st->tunnels_lost },
	};
	size_t i;

	(void)m;
	(void)it;
	if (json)
		sb_puts(out, "{");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (json)
			sb_printf(out, "%s\"%s\":%llu", i ? "," : "", rows[i].name,
				  (unsigned long long)rows[i].v);
		else
			sb_printf(out, "%18s: %llu\n", rows[i].name, (unsigned long long)rows[i].v);
	}
	sb_puts(out, json ? "}\n" : "\n");
}

void l2tp_server_stop(void)
{
	loop_timer_cancel(&close_check);
	l2tp_lns_free(lns);
	lns = NULL;
	close_socket();
}
