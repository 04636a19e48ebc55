// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "admin/config.h"
#include "aaa/aaa_menu.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_RADIUS
#include "core/log.h"
#include "core/loop.h"
#include "ppp/link.h"
#include "radius/acct.h"
#include "radius/client.h"
#include "radius/packet.h"
#include "radius/spool.h"

#define STATUS_START 1
#define STATUS_STOP 2
#define STATUS_INTERIM 3
#define STATUS_ON 7
#define STATUS_OFF 8
#define RETRY_MIN_MS 5000
#define RETRY_MAX_MS 120000

static struct loop_timer flush_timer, retry_timer, drain_timer;
/* window: how many may be in flight; 1 at start and after a record went unanswered, one
 * more with each acknowledgement (TCP's slow start) up to RAD_ACCT_INFLIGHT, so that a
 * server coming back, or slow, is not met with a burst it answers too late: that would
 * bring retransmissions, each of which it may account again (docs/daemon.md) */
static unsigned int inflight, retry_ms, window = 1;
static bool ready, draining;

uint32_t rad_acct_terminate_cause(const char *cause)
{
	static const struct {
		const char *name;
		uint32_t v;
	} causes[] = {
		{ "user-request", 1 }, { "lost-carrier", 2 }, { "lost-service", 3 },
		{ "idle-timeout", 4 }, { "session-timeout", 5 }, { "admin-reset", 6 },
		{ "admin-reboot", 7 }, { "port-error", 8 }, { "nas-error", 9 },
		{ "nas-request", 10 }, { "nas-reboot", 11 }, { "port-unneeded", 12 },
		{ "port-preempted", 13 }, { "replaced", 13 }, { "keepalive-timeout", 2 },
		{ "service-unavailable", 15 }, { "user-error", 17 }, { "host-request", 18 },
	};
	size_t i;

	for (i = 0; cause && i < sizeof(causes) / sizeof(causes[0]); i++)
		if (!strcmp(causes[i].name, cause))
			return causes[i].v;
	return 10;	/* nas-request: we ended it, for a reason RFC 2866 has no name for */
}

/* 64-bit counters as octets and gigawords (RFC 2869 5.1, 5.2) */
static int put_octets(struct rad_packet *p, uint8_t type, uint8_t giga, uint64_t v)
{
	return rad_put_u32(p, type, (uint32_t)v) ?: rad_put_u32(p, giga, (uint32_t)(v >> 32));
}

/* RFC 3162 2.3: Reserved, Prefix-Length, the prefix's bytes that its length needs */
static int put_ipv6_prefix(struct rad_packet *p, uint8_t type, const uint8_t *prefix,
			   unsigned int len)
{
	uint8_t v[18] = { 0, (uint8_t)len };

	memcpy(v + 2, prefix, (len + 7) / 8);
	return rad_put(p, type, v, 2 + (len + 7) / 8);
}

int rad_acct_build(const struct rad_acct_session *s, uint8_t *out, size_t cap, size_t *len)
{
	struct rad_packet p;
	int ret;

	rad_init(&p, RAD_ACCT_REQUEST, 0);
	ret = rad_put_u32(&p, RAD_ACCT_STATUS_TYPE, s->status);
	if (s->nas_ip)
		ret = ret ?: rad_put(&p, RAD_NAS_IP_ADDRESS, &s->nas_ip, 4);
	ret = ret ?: rad_put_str(&p, RAD_NAS_IDENTIFIER, s->nas_id);
	ret = ret ?: rad_put_u32(&p, RAD_EVENT_TIMESTAMP, (uint32_t)s->now);
	if (s->status == STATUS_ON || s->status == STATUS_OFF)
		goto done;
	ret = ret ?: rad_put_str(&p, RAD_USER_NAME, s->user);
	ret = ret ?: rad_put_str(&p, RAD_ACCT_SESSION_ID, s->session_id);
	ret = ret ?: rad_put_u32(&p, RAD_ACCT_AUTHENTIC, (uint32_t)s->authentic);
	ret = ret ?: rad_put_u32(&p, RAD_SERVICE_TYPE, 2);	/* Framed-User */
	if (!s->ipsec)	/* and its absence is what sends the record to service=ipsec */
		ret = ret ?: rad_put_u32(&p, RAD_FRAMED_PROTOCOL, 1);	/* PPP */
	ret = ret ?: rad_put_u32(&p, RAD_NAS_PORT, s->nas_port);
	ret = ret ?: rad_put_u32(&p, RAD_NAS_PORT_TYPE,
				 s->nas_port_type ? s->nas_port_type : 5);	/* Virtual */
	if (s->caller_id && s->caller_id[0]) {
		ret = ret ?: rad_put_str(&p, RAD_CALLING_STATION_ID, s->caller_id);
	} else if (s->caller) {
		char caller[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &s->caller, caller, sizeof(caller));
		ret = ret ?: rad_put_str(&p, RAD_CALLING_STATION_ID, caller);
	}
	if (s->framed_ip)
		ret = ret ?: rad_put(&p, RAD_FRAMED_IP_ADDRESS, &s->framed_ip, 4);
	if (s->framed_ipv6_len)
		ret = ret ?: put_ipv6_prefix(&p, RAD_FRAMED_IPV6_PREFIX, s->framed_ipv6,
					     s->framed_ipv6_len);
	if (s->delegated_ipv6_len)
		ret = ret ?: put_ipv6_prefix(&p, RAD_DELEGATED_IPV6_PREFIX, s->delegated_ipv6,
					     s->delegated_ipv6_len);
	if (s->class_len)	/* RFC 2865 5.25: echoed unchanged */
		ret = ret ?: rad_put(&p, RAD_CLASS, s->class_, s->class_len);
	if (s->status != STATUS_START) {
		ret = ret ?: rad_put_u32(&p, RAD_ACCT_SESSION_TIME,
					 s->session_time > 0 ? (uint32_t)s->session_time : 0);
		ret = ret ?: put_octets(&p, RAD_ACCT_INPUT_OCTETS, RAD_ACCT_INPUT_GIGAWORDS,
					s->in_octets);
		ret = ret ?: put_octets(&p, RAD_ACCT_OUTPUT_OCTETS, RAD_ACCT_OUTPUT_GIGAWORDS,
					s->out_octets);
		ret = ret ?: rad_put_u32(&p, RAD_ACCT_INPUT_PACKETS, (uint32_t)s->in_packets);
		ret = ret ?: rad_put_u32(&p, RAD_ACCT_OUTPUT_PACKETS, (uint32_t)s->out_packets);
	}
	if (s->status == STATUS_STOP)
		ret = ret ?: rad_put_u32(&p, RAD_ACCT_TERMINATE_CAUSE,
					 rad_acct_terminate_cause(s->cause));
done:
	if (ret || p.len - RAD_HDR_LEN > cap)
		return -1;
	*len = p.len - RAD_HDR_LEN;
	memcpy(out, p.data + RAD_HDR_LEN, *len);
	return 0;
}

/* --- sending the queue */

/*
 * Which servers a record goes to: an IKE session's (built with .ipsec) has a User-Name and
 * no Framed-Protocol; a PPP session's, and Accounting-On/Off, go to service=ppp. The
 * spool keeps records as they are sent, so this is read back from the attributes.
 */
static unsigned int record_service(const struct rad_spool_rec *r)
{
	struct rad_attr a;
	uint8_t pkt[RAD_MAX_LEN];

	if (r->len > sizeof(pkt) - RAD_HDR_LEN)
		return CFG_RADIUS_PPP;
	memset(pkt, 0, RAD_HDR_LEN);
	memcpy(pkt + RAD_HDR_LEN, r->data, r->len);
	pkt[2] = (uint8_t)((r->len + RAD_HDR_LEN) >> 8);
	pkt[3] = (uint8_t)(r->len + RAD_HDR_LEN);
	if (rad_find(pkt, r->len + RAD_HDR_LEN, RAD_USER_NAME, &a) &&
	    !rad_find(pkt, r->len + RAD_HDR_LEN, RAD_FRAMED_PROTOCOL, &a))
		return CFG_RADIUS_IPSEC;
	return CFG_RADIUS_PPP;
}

static void send_some(void);

static bool any_servers(void)
{
	return rad_client_has_servers_for(CFG_RADIUS_PPP | CFG_RADIUS_IPSEC);
}

static void answered(void *ctx, const struct rad_reply *reply)
{
	struct rad_spool_rec *r = ctx;

	r->user = NULL;
	inflight--;
	if (!reply) {	/* nobody answered: pause the queue, keep the record */
		window = 1;
		if (draining) {	/* stopping: what is left waits in the spool */
			loop_stop();
			return;
		}
		if (!loop_timer_armed(&retry_timer)) {	/* once per round, not per record */
			retry_ms = retry_ms ? retry_ms * 2 : RETRY_MIN_MS;
			if (retry_ms > RETRY_MAX_MS)
				retry_ms = RETRY_MAX_MS;
			log_warn("radius: accounting: no server answers; %zu records kept, "
				 "next try in %u s", rad_spool_count(), retry_ms / 1000);
			loop_timer_arm(&retry_timer, retry_ms);
		}
		return;
	}
	retry_ms = 0;
	if (window < RAD_ACCT_INFLIGHT)
		window++;
	rad_spool_done(r);
	if (draining && !rad_spool_count()) {
		loop_stop();
		return;
	}
	send_some();
}

static void send_some(void)
{
	struct rad_spool_rec *r;

	if (!ready || loop_timer_armed(&retry_timer) || !any_servers())
		return;
	for (r = rad_spool_first(); r && inflight < window; r = r->next) {
		unsigned int service;

		if (r->user)
			continue;
		service = record_service(r);
		r->user = rad_request_start_for(service, RAD_KIND_ACCT, RAD_ACCT_REQUEST, r->data,
						r->len, NULL, (long)r->created, answered, r);
		if (!r->user && rad_client_has_servers_for(service))
			return;		/* no memory: later */
		if (r->user)		/* else kept until that service has a server */
			inflight++;
	}
}

/* Records pushed in one turn of the loop share one fsync, then go out. */
static void flush(struct loop_timer *t)
{
	int ret = rad_spool_sync();

	(void)t;
	if (ret)
		log_err("radius: accounting spool fsync: %s", strerror(-ret));
	send_some();
}

static void retry(struct loop_timer *t)
{
	(void)t;
	send_some();
}

static void queue(const uint8_t *attrs, size_t len, int64_t now)
{
	if (!rad_spool_push(attrs, len, now))
		return;
	if (!loop_timer_armed(&flush_timer))
		loop_timer_arm(&flush_timer, 0);
}

static bool wanted(void)
{
	return ppp_aaa()->accounting && rad_client_has_servers();
}

static void nas_id(char *host, size_t cap)
{
	snprintf(host, cap, "sluice");
	gethostname(host, cap - 1);
	host[cap - 1] = '\0';
}

void rad_acct_record(const struct rad_acct_session *s)
{
	uint8_t attrs[RAD_MAX_LEN];
	size_t len;

	if (!ready)
		return;
	if (rad_acct_build(s, attrs, sizeof(attrs), &len)) {
		log_err("radius: an accounting record for %s does not fit", s->user);
		return;
	}
	queue(attrs, len, s->now);
}

void rad_acct_nas_id(char *host, size_t cap)
{
	nas_id(host, cap);
}

/* --- the link hooks */

static void session_record(struct ppp_link *l, uint32_t status,
			   const struct sluice_session_info *si)
{
	char host[65], sid[PPP_SESSION_ID_SIZE];
	struct rad_acct_session s = {
		.status = status, .user = l->user[0] ? l->user : "-", .session_id = sid,
		.nas_id = host, .cause = l->cause, .nas_ip = rad_client_nas_ip(),
		.nas_port = l->p.session, .caller = l->p.caller, .caller_id = l->p.caller_id,
		.nas_port_type = l->p.nas_port_type, .framed_ip = l->remote_addr,
		.framed_ipv6 = l->prefix6.addr, .framed_ipv6_len = l->prefix6.len,
		.delegated_ipv6 = l->pd6.addr, .delegated_ipv6_len = l->pd6.len,
		.class_ = l->auth.attrs.class_, .class_len = l->auth.attrs.class_len,
		.authentic = l->auth.attrs.from_radius ? 1 : 2, .now = time(NULL),
	};
	uint8_t attrs[RAD_MAX_LEN];
	size_t len;

	if (!wanted())
		return;
	nas_id(host, sizeof(host));
	ppp_session_id(l, sid);
	if (si) {
		s.session_time = l->up_since ? (long)(s.now - l->up_since) : 0;
		s.in_octets = si->st.rx_bytes;
		s.out_octets = si->st.tx_bytes;
		s.in_packets = si->st.rx_packets;
		s.out_packets = si->st.tx_packets;
	}
	if (rad_acct_build(&s, attrs, sizeof(attrs), &len)) {
		log_err("radius: an accounting record for %s does not fit", s.user);
		return;
	}
	queue(attrs, len, s.now);
}

static void hook_start(struct ppp_link *l)
{
	session_record(l, STATUS_START, NULL);
}

static void hook_interim(struct ppp_link *l, const struct sluice_session_info *si)
{
	session_record(l, STATUS_INTERIM, si);
}

static void hook_stop(struct ppp_link *l, const struct sluice_session_info *si)
{
	session_record(l, STATUS_STOP, si);
}

static const struct ppp_link_acct_ops hooks = {
	.start = hook_start, .interim = hook_interim, .stop = hook_stop,
};

static void nas_record(uint32_t status)
{
	char host[65];
	struct rad_acct_session s = { .status = status, .nas_id = host,
				      .nas_ip = rad_client_nas_ip(), .now = time(NULL) };
	uint8_t attrs[RAD_MAX_LEN];
	size_t len;

	if (!wanted())
		return;
	nas_id(host, sizeof(host));
	if (!rad_acct_build(&s, attrs, sizeof(attrs), &len))
		queue(attrs, len, s.now);
}

int rad_acct_init(const char *spool_path)
{
	int ret = rad_spool_open(spool_path);

	loop_timer_init(&flush_timer, flush);
	loop_timer_init(&retry_timer, retry);
	window = 1;
	ppp_link_acct = &hooks;
	ready = true;
	nas_record(STATUS_ON);
	if (rad_spool_count() && !loop_timer_armed(&flush_timer))
		loop_timer_arm(&flush_timer, 0);
	return ret;
}

static void drain_over(struct loop_timer *t)
{
	(void)t;
	loop_stop();
}

/*
 * At stop, the records still queued (the Stops of the sessions the stop ended, the
 * Accounting-Off) get up to RAD_ACCT_DRAIN_MS to be acknowledged, in a loop of their own.
 * A request in flight when sluiced exits is sent again after the next start with a new
 * Identifier, which no server can tell from a new record: waiting for its answer here is
 * what keeps it from being accounted twice. A paused queue (no server answered lately)
 * does not hold the stop up.
 */
static void drain(void)
{
	if (!rad_spool_count() || loop_timer_armed(&retry_timer) || !any_servers())
		return;
	draining = true;
	loop_timer_init(&drain_timer, drain_over);
	loop_timer_arm(&drain_timer, RAD_ACCT_DRAIN_MS);
	loop_timer_cancel(&flush_timer);
	send_some();
	if (inflight && loop_run())
		log_warn("radius: accounting: the event loop failed while sending the last records");
	loop_timer_cancel(&drain_timer);
	draining = false;
}

void rad_acct_done(void)
{
	struct rad_spool_rec *r;

	nas_record(STATUS_OFF);
	rad_spool_sync();
	drain();
	if (rad_spool_count())
		log_info("radius: accounting: %zu records kept for the next start",
			 rad_spool_count());
	ready = false;
	loop_timer_cancel(&flush_timer);
	loop_timer_cancel(&retry_timer);
	/* whatever is in flight stays in the spool for the next start */
	for (r = rad_spool_first(); r; r = r->next) {
		rad_request_cancel(r->user);
		r->user = NULL;
	}
	inflight = 0;
	ppp_link_acct = NULL;
	rad_spool_close();
}
