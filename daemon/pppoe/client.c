// SPDX-License-Identifier: GPL-2.0
/*
 * /interface pppoe-client: each enabled item is one PPPoE session on its interface, we
 * being the host (RFC 2516 5): PADI (our Host-Uniq, the item's service-name or any),
 * the first PADO from an AC that offers that service (and is named ac-name, if set), PADR
 * echoing its AC-Cookie and Relay-Session-Id, and on the PADS a kernel session (the module
 * carries its frames) with a PPP link in the dial-out role (ppp/client.h). PADI and PADR
 * are sent again after 1, 2 and 4 s before the dial counts as failed. Any end — the link
 * (authentication, terminate, keepalive), the AC's PADT, the interface gone — tears down
 * with a PADT of ours, and ppp/dialout.c dials again after its backoff.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include "admin/config.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPPOE
#include "core/log.h"
#include "core/loop.h"
#include "ppp/dialout.h"
#include "ppp/dialout_menu.h"
#include "ppp/link.h"
#include "pppoe/ac.h"
#include "pppoe/disc_socket.h"
#include "pppoe/client.h"
#include "pppoe/client_menu.h"

#define FRAME_MAX 1600
#define TRIES 4				/* PADI and PADR: sent at 0, 1, 3 and 7 s */
#define FIRST_WAIT_MS 1000
#define HOST_UNIQ_LEN 8

enum client_phase {
	CL_DISCOVERY,			/* PADI sent, waiting for a PADO */
	CL_REQUEST,			/* PADR sent, waiting for the PADS */
	CL_SESSION,			/* the kernel session and the PPP link exist */
};

struct pppoe_client {
	struct dialout d;		/* first: ppp/dialout.c's half */
	char ifname[IFNAMSIZ];
	char service_name[CFG_VALUE_MAX + 1], ac_name_wanted[CFG_VALUE_MAX + 1];
	struct ppp_client_conf link_conf;	/* d.conf with the MTU and MRU resolved */
	int ifindex;
	unsigned int if_mtu;
	struct loop_fd w;
	enum client_phase phase;
	uint8_t host_uniq[HOST_UNIQ_LEN];
	uint8_t ac_mac[6];
	char ac_name[4 * 64 + 1];	/* the AC's, escaped for the log */
	uint8_t padr[FRAME_MAX];	/* sent again until the PADS */
	int padr_len;
	uint16_t sid;
	unsigned int tries;
	struct loop_timer timer;
};

#define CLIENT_OF(p, member) \
	((struct pppoe_client *)((char *)(p) - offsetof(struct pppoe_client, member)))

static void lost(struct pppoe_client *c, const char *cause, const char *why);

static void send_to(struct pppoe_client *c, const uint8_t *dst, const uint8_t *frame, int len)
{
	if (!pppoe_disc_send(&c->w, c->ifindex, dst, frame, len) && len > 0)
		log_debug("%s: send: %s", c->d.name, strerror(errno));
}

static void send_padi(struct pppoe_client *c)
{
	static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t frame[FRAME_MAX];
	struct pppoe_build b;

	pppoe_build_start(&b, frame, sizeof(frame), PPPOE_PADI, 0);
	pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME, c->service_name, strlen(c->service_name));
	pppoe_build_tag(&b, PPPOE_TAG_HOST_UNIQ, c->host_uniq, sizeof(c->host_uniq));
	send_to(c, broadcast, frame, pppoe_build_finish(&b));
}

static void send_padt(struct pppoe_client *c)
{
	uint8_t frame[FRAME_MAX];

	if (c->sid)
		send_to(c, c->ac_mac, frame, pppoe_ac_padt(frame, sizeof(frame), c->sid, NULL));
}

static void close_socket(struct pppoe_client *c)
{
	pppoe_disc_socket_close(&c->w);
}

/* Nothing of the session is left. */
static void down(struct pppoe_client *c)
{
	loop_timer_cancel(&c->timer);
	send_padt(c);
	c->sid = 0;
	close_socket(c);
	dialout_went_down(&c->d);
}

/* --- the session: a kernel session and a PPP link */

static void reap(struct dialout *d)
{
	dialout_free_call(d);
	down((struct pppoe_client *)d);
}

static unsigned int resolve_mtu(unsigned int item, unsigned int if_mtu)
{
	unsigned int link = if_mtu - 8 < PPPOE_MTU_CLASSIC ? if_mtu - 8 : PPPOE_MTU_CLASSIC;

	return item && item < link ? item : link;
}

static void start_session(struct pppoe_client *c)
{
	struct sluice_session_params p = { .encap = SLUICE_NL_ENCAP_PPPOE,
					   .pppoe_ifindex = (uint32_t)c->ifindex,
					   .pppoe_session_id = c->sid, .pending = true };
	struct ppp_link_params lp = { .service = "pppoe", .client = &c->link_conf };
	int ret;

	c->link_conf = c->d.conf;
	c->link_conf.max_mtu = (uint16_t)resolve_mtu(c->d.conf.max_mtu, c->if_mtu);
	c->link_conf.max_mru = (uint16_t)resolve_mtu(c->d.conf.max_mru, c->if_mtu);
	p.mtu = c->link_conf.max_mtu;
	memcpy(p.pppoe_peer_mac, c->ac_mac, 6);
	ret = kernel_session_new(&p);
	if (ret) {
		lost(c, "nas-error", strerror(-ret));
		return;
	}
	c->d.session = p.id;
	lp.session = p.id;
	snprintf(lp.caller_id, sizeof(lp.caller_id), "%02X:%02X:%02X:%02X:%02X:%02X",
		 c->ac_mac[0], c->ac_mac[1], c->ac_mac[2], c->ac_mac[3], c->ac_mac[4],
		 c->ac_mac[5]);
	snprintf(lp.tag, sizeof(lp.tag), "%s", c->d.name);
	c->d.link_ended = false;
	c->d.link = ppp_link_new(&lp, &dialout_link_ops, &c->d);
	if (!c->d.link) {
		lost(c, "nas-error", "out of memory for the link");
		return;
	}
	c->phase = CL_SESSION;
	loop_timer_cancel(&c->timer);	/* the link has its own setup deadline */
	log_info("%s: session %u with %s (%s): negotiating PPP", c->d.name, c->sid, c->ac_name,
		 lp.caller_id);
}

/* --- Discovery's answers */

static bool tag_is(const struct pppoe_tag *t, const char *text)
{
	return t->present && t->len == strlen(text) && !memcmp(t->val, text, t->len);
}

/* Is this PADO or PADS for our request, and from an AC we take? */
static bool ours(const struct pppoe_client *c, const struct pppoe_disc *m)
{
	return m->host_uniq.present && m->host_uniq.len == sizeof(c->host_uniq) &&
	       !memcmp(m->host_uniq.val, c->host_uniq, sizeof(c->host_uniq));
}

static bool acceptable_pado(const struct pppoe_client *c, const struct pppoe_disc *m)
{
	if (c->ac_name_wanted[0] && !tag_is(&m->ac_name, c->ac_name_wanted))
		return false;
	/* the first Service-Name only: ours, or any if we asked for none */
	return !c->service_name[0] || tag_is(&m->service_name, c->service_name);
}

static void on_pado(struct pppoe_client *c, const uint8_t *mac, const struct pppoe_disc *m)
{
	struct pppoe_build b;
	char raw[65];
	size_t n = m->ac_name.len < sizeof(raw) ? m->ac_name.len : sizeof(raw) - 1;

	if (c->phase != CL_DISCOVERY || !acceptable_pado(c, m))
		return;
	memcpy(c->ac_mac, mac, 6);
	memcpy(raw, m->ac_name.present ? (const char *)m->ac_name.val : "", n);
	raw[n] = '\0';
	log_escape(c->ac_name, sizeof(c->ac_name), raw);
	pppoe_build_start(&b, c->padr, sizeof(c->padr), PPPOE_PADR, 0);
	pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME, c->service_name, strlen(c->service_name));
	pppoe_build_tag(&b, PPPOE_TAG_HOST_UNIQ, c->host_uniq, sizeof(c->host_uniq));
	pppoe_build_echo(&b, PPPOE_TAG_AC_COOKIE, &m->ac_cookie);
	pppoe_build_echo(&b, PPPOE_TAG_RELAY_SESSION_ID, &m->relay_session_id);
	c->padr_len = pppoe_build_finish(&b);
	if (c->padr_len <= 0) {
		lost(c, "lost-service", "the AC's PADO does not fit a PADR");
		return;
	}
	c->phase = CL_REQUEST;
	c->tries = 1;
	send_to(c, c->ac_mac, c->padr, c->padr_len);
	loop_timer_arm(&c->timer, FIRST_WAIT_MS);
}

static void on_pads(struct pppoe_client *c, const uint8_t *mac, const struct pppoe_disc *m)
{
	char why[64] = "";

	if (c->phase != CL_REQUEST || memcmp(mac, c->ac_mac, 6))
		return;
	if (!m->session) {	/* refused: RFC 2516 5.4's error tags say why */
		const struct pppoe_tag *t = m->service_name_error.present ? &m->service_name_error :
					    m->ac_system_error.present ? &m->ac_system_error :
					    &m->generic_error;
		char text[sizeof(why)];
		size_t n = t->len < sizeof(text) - 1 ? t->len : sizeof(text) - 1;

		memcpy(text, t->val ? (const char *)t->val : "", n);
		text[n] = '\0';
		log_escape(why, sizeof(why), text);
		dialout_set_cause(&c->d, "call-refused");
		lost(c, "call-refused", why[0] ? why : "the AC refused the session");
		return;
	}
	c->sid = m->session;
	start_session(c);
}

static void on_padt(struct pppoe_client *c, const uint8_t *mac, const struct pppoe_disc *m)
{
	if (!c->sid || m->session != c->sid || memcmp(mac, c->ac_mac, 6))
		return;
	c->sid = 0;	/* ended by the AC: no PADT of ours */
	lost(c, "lost-carrier", "the AC ended the session (PADT)");
}

static void on_frame(struct loop_fd *w, uint32_t events)
{
	struct pppoe_client *c = CLIENT_OF(w, w);
	uint8_t buf[FRAME_MAX];
	int budget;

	(void)events;
	for (budget = 0; budget < 16 && c->w.fd >= 0; budget++) {
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(c->w.fd, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &flen);
		struct pppoe_disc m;

		if (n < 0)
			return;
		if (from.sll_pkttype != PACKET_HOST || from.sll_halen != 6 ||
		    from.sll_ifindex != c->ifindex || pppoe_disc_parse(buf, (size_t)n, &m) < 0)
			continue;
		if (m.code == PPPOE_PADT)
			on_padt(c, from.sll_addr, &m);
		else if (m.code == PPPOE_PADO && ours(c, &m))
			on_pado(c, from.sll_addr, &m);
		else if (m.code == PPPOE_PADS && ours(c, &m))
			on_pads(c, from.sll_addr, &m);
	}
}

/*
 * The session cannot go on (or never began): a link still running is taken down and
 * reap() finishes; else we are down now.
 */
static void lost(struct pppoe_client *c, const char *cause, const char *why)
{
	if (why)
		log_info("%s: %s", c->d.name, why);
	dialout_set_cause(&c->d, cause);
	loop_timer_cancel(&c->timer);
	if (c->d.link && !c->d.link_ended) {
		ppp_link_lower_down(c->d.link, cause);	/* finished() arms reap */
		return;
	}
	if (!c->d.link) {
		dialout_free_call(&c->d);
		down(c);
	}
}

/* --- dialling and stopping, for ppp/dialout.c */

static void dial(struct dialout *d)
{
	struct pppoe_client *c = (struct pppoe_client *)d;
	int ret = pppoe_disc_socket_open(&c->w, c->ifname, on_frame, &c->ifindex, &c->if_mtu);

	c->sid = 0;
	c->phase = CL_DISCOVERY;
	c->tries = 1;
	if (ret) {
		close_socket(c);
		lost(c, ret == -ENODEV ? "lost-service" : "nas-error", ret == -ENODEV ?
		     "no such interface" : strerror(-ret));
		return;
	}
	if (getrandom(c->host_uniq, sizeof(c->host_uniq), GRND_NONBLOCK) != sizeof(c->host_uniq))
		snprintf((char *)c->host_uniq, sizeof(c->host_uniq), "%07lx", random());
	log_info("%s: looking for an AC on %s", d->name, c->ifname);
	send_padi(c);
	loop_timer_arm(&c->timer, FIRST_WAIT_MS);
}

static void timer_expired(struct loop_timer *t)
{
	struct pppoe_client *c = CLIENT_OF(t, timer);

	if (c->phase == CL_SESSION)
		return;
	if (c->tries >= TRIES) {
		lost(c, "lost-service", c->phase == CL_DISCOVERY ? "no AC answered (no PADO)" :
		     "the AC did not answer our PADR");
		return;
	}
	if (c->phase == CL_DISCOVERY)
		send_padi(c);
	else
		send_to(c, c->ac_mac, c->padr, c->padr_len);
	loop_timer_arm(&c->timer, FIRST_WAIT_MS << c->tries++);
}

static void stop(struct dialout *d)
{
	struct pppoe_client *c = (struct pppoe_client *)d;

	if (c->phase == CL_SESSION && d->link && !d->link_ended)
		ppp_link_close(d->link, d->cause);	/* LCP Terminate; reap() goes on */
	else if (c->phase != CL_SESSION)
		lost(c, d->cause, NULL);
}

static void init(struct dialout *d)
{
	struct pppoe_client *c = (struct pppoe_client *)d;

	c->w.fd = -1;
	loop_timer_init(&c->timer, timer_expired);
}

static void release(struct dialout *d)
{
	struct pppoe_client *c = (struct pppoe_client *)d;

	close_socket(c);
	loop_timer_cancel(&c->timer);
}

static void shutdown_client(struct dialout *d)
{
	struct pppoe_client *c = (struct pppoe_client *)d;

	if (d->link && !d->link_ended)
		ppp_link_lower_down(d->link, "nas-reboot");
	send_padt(c);
	c->sid = 0;
	close_socket(c);
	dialout_free_call(d);
}

static const char *status(const struct dialout *d)
{
	const struct pppoe_client *c = (const struct pppoe_client *)d;

	return c->phase == CL_SESSION ? dialout_link_status(d->link) :
	       c->phase == CL_REQUEST ? "requesting..." : "searching...";
}

static void monitor(const struct dialout *d, struct strbuf *out)
{
	const struct pppoe_client *c = (const struct pppoe_client *)d;

	if (c->phase != CL_SESSION)
		return;
	sb_printf(out, "         ac-name: %s\n", c->ac_name);
	sb_printf(out, "          ac-mac: %02X:%02X:%02X:%02X:%02X:%02X\n", c->ac_mac[0],
		  c->ac_mac[1], c->ac_mac[2], c->ac_mac[3], c->ac_mac[4], c->ac_mac[5]);
	sb_printf(out, "      session-id: %u\n", c->sid);
}

/* The item's PPP settings for ppp/dialout.c; PPPoE's own go to the client. */
static void read_conf(const struct cfg_item *it, struct ppp_client_conf *conf, uint32_t *server)
{
	const struct pppoe_client_cfg *c = it->typed;
	const struct dialout_cfg common = {
		.name = c->name, .user = c->user, .password = c->password, .profile = c->profile,
		.keepalive_timeout = c->keepalive_timeout, .allow = c->allow,
		.add_default_route = c->add_default_route,
		.default_route_distance = c->default_route_distance,
		.max_mtu = c->max_mtu, .max_mru = c->max_mru,	/* 0: auto, resolved at the PADS */
	};

	dialout_read_conf(&common, conf, server);	/* connect-to: none */
}

static bool read_item(struct dialout *d, const struct cfg_menu *m, const struct cfg_item *it)
{
	struct pppoe_client *c = (struct pppoe_client *)d;
	const struct pppoe_client_cfg *cfg = cfg_typed(m, it);
	bool changed = strcmp(c->ifname, cfg->interface) ||
		       strcmp(c->service_name, cfg->service_name) ||
		       strcmp(c->ac_name_wanted, cfg->ac_name);

	snprintf(c->ifname, sizeof(c->ifname), "%s", cfg->interface);
	snprintf(c->service_name, sizeof(c->service_name), "%s", cfg->service_name);
	snprintf(c->ac_name_wanted, sizeof(c->ac_name_wanted), "%s", cfg->ac_name);
	return changed;
}

static struct dialout_class pppoe_clients = {
	.menu = &pppoe_client_menu, .log_topic = LOG_TOPIC, .size = sizeof(struct pppoe_client),
	.init = init, .dial = dial, .stop = stop, .reap = reap, .release = release,
	.shutdown = shutdown_client, .read_conf = read_conf, .read_item = read_item,
	.status = status, .monitor = monitor,
};

void pppoe_client_apply(void)
{
	dialout_apply(&pppoe_clients);
}

void pppoe_client_stop(void)
{
	dialout_shutdown(&pppoe_clients);
}
