// SPDX-License-Identifier: GPL-2.0
/*
 * IKE road warriors as sessions (session.h). A session is made when sas.c tells that an
 * IKE SA to which we gave a virtual IP is up, follows it through IKE rekeys (a new
 * uniqueid, the same session), and ends when sas.c tells it is down. One 1 s timer while
 * sessions exist checks Session-Timeouts and when Interim-Updates are due; counters are
 * read from charon (list-sas) just before the Interim-Updates go.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config.h"
#include "aaa/ipam.h"
#include "core/loop.h"
#include "ipsec/eap_grant.h"
#include "ipsec/ipsec.h"
#include "ipsec/pools.h"
#include "ipsec/sas.h"
#include "ipsec/session.h"
#include "ipsec/settings_menu.h"
#include "ppp/link.h"
#include "ppp/views.h"
#include "radius/acct.h"
#include "radius/client.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"

#define SESSIONS_MAX IPSEC_SAS_MAX
#define TICK_MS 1000
#define ACCT_START 1
#define ACCT_STOP 2
#define ACCT_INTERIM 3

static struct ipsec_session *sessions;
static size_t nsessions, sessions_cap;
static struct loop_timer tick;
static bool refreshing;
static void (*on_address)(uint32_t addr, bool up);

static struct ipsec_session *by_ike(uint32_t ike_id)
{
	size_t i;

	for (i = 0; i < nsessions; i++)
		if (sessions[i].ike_id == ike_id)
			return &sessions[i];
	return NULL;
}

const struct ipsec_session *ipsec_session_by_addr(uint32_t addr)
{
	size_t i;

	for (i = 0; i < nsessions; i++)
		if (sessions[i].addr == addr)
			return &sessions[i];
	return NULL;
}

void ipsec_sessions_on_address(void (*fn)(uint32_t addr, bool up))
{
	on_address = fn;
}

static void tell_address(uint32_t addr, bool up)
{
	if (on_address)
		on_address(addr, up);
}

static struct ipsec_session *by_id(uint32_t id)
{
	size_t i;

	for (i = 0; i < nsessions; i++)
		if (sessions[i].id == id)
			return &sessions[i];
	return NULL;
}

/* --- accounting */

static bool accounting(void)
{
	return ipsec_settings_cfg()->accounting && rad_client_has_servers_for(CFG_RADIUS_IPSEC);
}

static void record(const struct ipsec_session *s, uint32_t status)
{
	const struct ipsec_ike_sa *sa = ipsec_sas_find(s->ike_id);
	char host[65], sid[PPP_SESSION_ID_SIZE];
	struct rad_acct_session r = {
		.status = status, .user = *s->user ? s->user : "-", .session_id = sid,
		.nas_id = host, .cause = s->cause ? s->cause : "user-request",
		.nas_ip = rad_client_nas_ip(), .nas_port = s->id, .caller = s->caller4,
		.framed_ip = s->addr, .authentic = s->eap.from_radius ? 1 : 2, .now = time(NULL),
		.ipsec = true, .class_ = s->eap.class_, .class_len = s->eap.class_len,
	};
	struct ipsec_counters c = { 0 };

	if (!accounting())
		return;
	rad_acct_nas_id(host, sizeof(host));
	snprintf(sid, sizeof(sid), PPP_SESSION_ID_FMT, s->id);
	if (sa)
		ipsec_sas_counters(sa, &c);
	r.session_time = (long)(r.now - s->up_since);
	/* the router's view, as for PPP: in is what the client sent */
	r.in_octets = c.bytes_in;
	r.out_octets = c.bytes_out;
	r.in_packets = c.packets_in;
	r.out_packets = c.packets_out;
	rad_acct_record(&r);
}

static unsigned int interim_ms(void)
{
	return ipsec_settings_cfg()->interim_update * 1000u;
}

/* --- the session table */

static void arm_tick(void)
{
	if (nsessions && !loop_timer_armed(&tick))
		loop_timer_arm(&tick, TICK_MS);
}

static bool parse_v4(const char *text, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, text, &a) != 1)
		return false;
	*out = a.s_addr;
	return true;
}

static void session_up(const struct ipsec_ike_sa *sa)
{
	struct ipsec_session *s;
	uint64_t age_ms;
	uint32_t vip;

	if (sa->initiator || !*sa->remote_vip || by_ike(sa->uniqueid) ||
	    !parse_v4(sa->remote_vip, &vip))
		return;
	if (nsessions == sessions_cap) {
		size_t n = sessions_cap ? sessions_cap * 2 : 16;

		if (n > SESSIONS_MAX || !(s = realloc(sessions, n * sizeof(*s)))) {
			log_warn("ipsec: IKE SA %u not kept as a session: the table is full",
				 sa->uniqueid);
			return;
		}
		sessions = s;
		sessions_cap = n;
	}
	s = &sessions[nsessions++];
	memset(s, 0, sizeof(*s));
	s->ike_id = sa->uniqueid;
	s->id = ppp_new_session_id();
	snprintf(s->user, sizeof(s->user), "%s", *sa->remote_eap_id ? sa->remote_eap_id :
		 sa->remote_id);
	snprintf(s->caller, sizeof(s->caller), "%s", sa->remote_host);
	parse_v4(sa->remote_host, &s->caller4);
	s->addr = vip;
	s->own_addr = ipsec_eap_grant_claim(sa->uniqueid, vip, &s->eap);
	s->session_timeout = s->eap.timeout;
	s->up_since = sa->established ? sa->established : time(NULL);
	age_ms = (uint64_t)(time(NULL) - s->up_since) * 1000;
	s->up_ms = loop_now_ms() > age_ms ? loop_now_ms() - age_ms : 0;
	if (interim_ms())
		s->next_interim = loop_now_ms() + interim_ms();
	if (ipsec_pools_lease(vip, true))
		ipsec_apply();		/* a block lent: the conns name it */
	log_info("ipsec: session %08x up: %s from %s, address %s (IKE SA %u)", s->id, s->user,
		 s->caller, sa->remote_vip, s->ike_id);
	record(s, ACCT_START);
	tell_address(vip, true);
	arm_tick();
}

static void session_down(const struct ipsec_ike_sa *sa)
{
	struct ipsec_session *s = by_ike(sa->uniqueid);

	if (!s)
		return;
	record(s, ACCT_STOP);
	log_info("ipsec: session %08x down: %s (%s)", s->id, s->user,
		 s->cause ? s->cause : "user-request");
	tell_address(s->addr, false);
	ipsec_pools_lease(s->addr, false);
	if (s->own_addr)
		ipam_release(s->addr);
	*s = sessions[--nsessions];
	if (!nsessions)
		loop_timer_cancel(&tick);
}

static void ike_changed(enum ipsec_ike_change what, const struct ipsec_ike_sa *sa,
			uint32_t old_id)
{
	struct ipsec_session *s;

	switch (what) {
	case IPSEC_IKE_UP:
		session_up(sa);
		break;
	case IPSEC_IKE_DOWN:
		session_down(sa);
		break;
	case IPSEC_IKE_REKEYED:
		s = by_ike(old_id);
		if (s)
			s->ike_id = sa->uniqueid;
		break;
	}
}

/* --- the timer: Session-Timeout, Interim-Update */

static void interims(int err)
{
	uint64_t now = loop_now_ms();
	size_t i;

	refreshing = false;
	if (err)
		log_debug("ipsec: counters not read (%s): the last ones go", strerror(-err));
	for (i = 0; i < nsessions; i++) {
		struct ipsec_session *s = &sessions[i];

		if (!s->next_interim || now < s->next_interim)
			continue;
		record(s, ACCT_INTERIM);
		s->next_interim = interim_ms() ? now + interim_ms() : 0;
	}
}

static void on_tick(struct loop_timer *t)
{
	uint64_t now = loop_now_ms();
	bool due = false;
	size_t i;

	(void)t;
	for (i = 0; i < nsessions; i++) {
		struct ipsec_session *s = &sessions[i];

		if (s->session_timeout && !s->cause &&
		    now - s->up_ms >= (uint64_t)s->session_timeout * 1000)
			ipsec_session_end(s->id, "session-timeout");
		if (!s->next_interim && interim_ms())
			s->next_interim = now + interim_ms();
		due |= s->next_interim && now >= s->next_interim;
	}
	if (due && !refreshing) {
		refreshing = true;
		if (ipsec_refresh_sas(interims))
			interims(-ENOTCONN);
	}
	arm_tick();
}

bool ipsec_session_end(uint32_t id, const char *cause)
{
	struct ipsec_session *s = by_id(id);

	if (!s)
		return false;
	if (!s->cause)
		s->cause = cause;
	log_info("ipsec: ending session %08x of %s (%s)", s->id, s->user, cause);
	ipsec_terminate_ike(s->ike_id);
	return true;
}

void ipsec_session_ending(uint32_t ike_id, const char *cause)
{
	struct ipsec_session *s = by_ike(ike_id);

	if (s && !s->cause)
		s->cause = cause;
}

void ipsec_sessions_lost(const char *cause)
{
	size_t i;

	for (i = 0; i < nsessions; i++)
		if (!sessions[i].cause)
			sessions[i].cause = cause;
}

void ipsec_session_set_timeout(uint32_t id, unsigned int seconds)
{
	struct ipsec_session *s = by_id(id);

	if (s)
		s->session_timeout = seconds;
}

size_t ipsec_sessions_count(void)
{
	return nsessions;
}

const struct ipsec_session *ipsec_session_at(size_t i)
{
	return i < nsessions ? &sessions[i] : NULL;
}

static bool dae_matches(const struct ipsec_session *s, const char *sid, const char *user,
			uint32_t framed_ip)
{
	char id[PPP_SESSION_ID_SIZE];

	snprintf(id, sizeof(id), PPP_SESSION_ID_FMT, s->id);
	return !s->cause && (!sid || !strcmp(sid, id)) && (!user || !strcmp(user, s->user)) &&
	       (!framed_ip || framed_ip == s->addr);
}

/* CoA: Session-Timeout (from the start, as for PPP) and the rate limit (kept, shown) */
static void dae_apply(struct ipsec_session *s, const struct ppp_overrides *c)
{
	if (!c) {
		log_info("radius: Disconnect-Request ends IPsec session %08x (%s)", s->id, s->user);
		ipsec_session_end(s->id, "admin-reset");
		return;
	}
	if (c->set & PPP_OVR_SESSION_TIMEOUT)
		s->session_timeout = c->session_timeout;
	if (c->set & PPP_OVR_RATE_LIMIT)
		snprintf(s->rate_limit, sizeof(s->rate_limit), "%s", c->rate_limit);
	log_info("radius: CoA-Request for IPsec session %08x (%s):%s%s", s->id, s->user,
		 c->set & PPP_OVR_SESSION_TIMEOUT ? " session-timeout changed" : "",
		 c->set & PPP_OVR_RATE_LIMIT ? " rate-limit changed" : "");
}

static size_t dae(const char *sid, const char *user, uint32_t framed_ip, bool act,
		  const struct ppp_overrides *c)
{
	size_t i, n = 0;

	for (i = 0; i < nsessions; i++) {
		if (!dae_matches(&sessions[i], sid, user, framed_ip))
			continue;
		n++;
		if (act)
			dae_apply(&sessions[i], c);
	}
	return n;
}

size_t ipsec_sessions_of_user(const char *user, const char *end_cause)
{
	size_t i, n = 0;

	for (i = 0; i < nsessions; i++) {
		if (sessions[i].cause || strcmp(sessions[i].user, user))
			continue;
		n++;
		if (end_cause)
			ipsec_session_end(sessions[i].id, end_cause);
	}
	return n;
}

static void ipsec_sessions_stats_rows(struct cfg_menu *v);

static const struct ppp_other_sessions in_ppp_tables = {
	.active_rows = ipsec_sessions_active_rows, .stats_rows = ipsec_sessions_stats_rows,
	.pool_rows = ipsec_sessions_pool_rows,
	.end = ipsec_session_end, .dae = dae, .of_user = ipsec_sessions_of_user,
};

void ipsec_sessions_init(void)
{
	ppp_other_sessions = &in_ppp_tables;
	loop_timer_init(&tick, on_tick);
	ipsec_sas_on_ike(ike_changed);
}

/* sluiced stops, and its charon with it */
void ipsec_sessions_done(void)
{
	ipsec_sessions_lost("nas-reboot");
	while (nsessions) {
		struct ipsec_session *s = &sessions[--nsessions];

		record(s, ACCT_STOP);
		tell_address(s->addr, false);
		ipsec_pools_lease(s->addr, false);
		if (s->own_addr)
			ipam_release(s->addr);
	}
	loop_timer_cancel(&tick);
	ppp_other_sessions = NULL;
	free(sessions);
	sessions = NULL;
	sessions_cap = 0;
}

/* --- the views */

static const char *integ_word(const char *integ)
{
	static const struct {
		const char *charon, *word;
	} words[] = {
		{ "HMAC_SHA1_96", "SHA1" }, { "HMAC_SHA2_256_128", "SHA256" },
		{ "HMAC_SHA2_384_192", "SHA384" }, { "HMAC_SHA2_512_256", "SHA512" },
		{ "HMAC_MD5_96", "MD5" },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i].charon, integ))
			return words[i].word;
	return integ;
}

void ipsec_session_encoding(const char *algs, char *out, size_t cap)
{
	char enc[64], *dash, *slash;
	const char *mode = NULL, *integ = NULL;

	snprintf(enc, sizeof(enc), "%s", algs);
	slash = strchr(enc, '/');
	if (slash) {
		*slash = '\0';
		integ = integ_word(slash + 1);
	}
	dash = strchr(enc, '-');
	if (dash)
		*dash = '\0';
	if (!strncmp(enc, "AES_GCM", 7))
		mode = "GCM";
	else if (!strcmp(enc, "AES_CBC"))
		mode = "CBC";
	else if (!strcmp(enc, "AES_CTR"))
		mode = "CTR";
	if (mode && dash)
		snprintf(out, cap, "AES-%s-%s%s%s", dash + 1, mode, integ ? "/" : "",
			 integ ? integ : "");
	else
		snprintf(out, cap, "%s%s%s%s%s", enc, dash ? "-" : "", dash ? dash + 1 : "",
			 integ ? "/" : "", integ ? integ : "");
}

static void active_row(struct cfg_menu *v, const struct ipsec_session *s)
{
	const struct ipsec_ike_sa *sa = ipsec_sas_find(s->ike_id);
	struct cfg_item *it = cfg_view_add(v);
	char addr[INET_ADDRSTRLEN], id[PPP_SESSION_ID_SIZE], enc[96] = "";
	struct strbuf up;

	if (!it)
		return;
	sb_init(&up);
	sb_duration(&up, (uint64_t)(time(NULL) - s->up_since));
	if (sa && sa->nchild)
		ipsec_session_encoding(sa->child[0].algs, enc, sizeof(enc));
	snprintf(id, sizeof(id), PPP_SESSION_ID_FMT, s->id);
	cfg_view_set(v, it, "name", s->user);
	cfg_view_set(v, it, "service", "ipsec");
	cfg_view_set(v, it, "caller-id", s->caller);
	cfg_view_set(v, it, "address", inet_ntop(AF_INET, &s->addr, addr, sizeof(addr)));
	cfg_view_set(v, it, "uptime", up.p ? up.p : "0s");
	cfg_view_set(v, it, "encoding", enc);
	cfg_view_set(v, it, "state", s->cause ? "ending" : "up");
	cfg_view_set(v, it, "session-id", id);
	cfg_view_set(v, it, "rate-limit", s->rate_limit);
	cfg_view_set(v, it, "outgoing", "no");
	sb_free(&up);
}

void ipsec_sessions_active_rows(struct cfg_menu *v)
{
	size_t i;

	for (i = 0; i < nsessions; i++)
		active_row(v, &sessions[i]);
}

/* print stats: charon's counters as last told (list-sas, events); drops are not known */
static void stats_row(struct cfg_menu *v, const struct ipsec_session *s)
{
	const struct ipsec_ike_sa *sa = ipsec_sas_find(s->ike_id);
	struct cfg_item *it = cfg_view_add(v);
	struct ipsec_counters c = { 0 };
	char id[PPP_SESSION_ID_SIZE], n[24];

	if (!it)
		return;
	if (sa)
		ipsec_sas_counters(sa, &c);
	snprintf(id, sizeof(id), PPP_SESSION_ID_FMT, s->id);
	cfg_view_set(v, it, "name", s->user);
	cfg_view_set(v, it, "service", "ipsec");
	cfg_view_set(v, it, "session-id", id);
	/* the router's view, as for PPP: in is what the client sent */
	snprintf(n, sizeof(n), "%llu", (unsigned long long)c.bytes_in);
	cfg_view_set(v, it, "rx-byte", n);
	snprintf(n, sizeof(n), "%llu", (unsigned long long)c.bytes_out);
	cfg_view_set(v, it, "tx-byte", n);
	snprintf(n, sizeof(n), "%llu", (unsigned long long)c.packets_in);
	cfg_view_set(v, it, "rx-packet", n);
	snprintf(n, sizeof(n), "%llu", (unsigned long long)c.packets_out);
	cfg_view_set(v, it, "tx-packet", n);
}

static void ipsec_sessions_stats_rows(struct cfg_menu *v)
{
	size_t i;

	for (i = 0; i < nsessions; i++)
		stats_row(v, &sessions[i]);
}

void ipsec_sessions_pool_rows(struct cfg_menu *v)
{
	char addr[INET_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < nsessions; i++) {
		struct cfg_item *it = cfg_view_add(v);

		if (!it)
			return;
		cfg_view_set(v, it, "address", inet_ntop(AF_INET, &sessions[i].addr, addr,
							 sizeof(addr)));
		cfg_view_set(v, it, "owner", sessions[i].user);
		cfg_view_set(v, it, "info", "ipsec");
		cfg_view_set(v, it, "pool", "yes");
	}
}
