// SPDX-License-Identifier: GPL-2.0
/*
 * What a scrape exports, read from the state each part already keeps (nothing here
 * counts): /ppp active's rows, the links' ends and the authenticator's verdicts
 * (ppp/stats.h), the RADIUS client's per-server counters and the accounting spool, the
 * module's drops, the pools, charon's SAs, and per session (per-session=yes) the kernel's
 * counters. Label values are program constants or configuration names, but for
 * per-session's session_id and user: its cardinality is the number of sessions, hence off by
 * default.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "aaa/ipam.h"
#include "aaa/pool_menu.h"
#include "aaa/ipv6_pool_menu.h"
#include "aaa/ipam6.h"
#include "ppp/dhcpv6_server.h"
#include "ppp/ra.h"
#include "admin/config.h"
#include "core/kernel.h"
#include "core/preauth.h"
#include "pppoe/server.h"
#include "ipsec/charon.h"
#include "ipsec/sas.h"
#include "ipsec/session.h"
#include "metrics/expo.h"
#include "metrics/metrics.h"
#include "ppp/link.h"
#include "ppp/stats.h"
#include "ppp/views.h"
#include "radius/client.h"
#include "radius/radius_menu.h"
#include "radius/spool.h"
#include "version.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* the label values sessions are counted under; anything else is "other" */
static const char *const services[] = { "pptp", "l2tp", "ipsec", "sstp", "ovpn", "pppoe",
					"other" };
static const char *const states[] = { "lcp", "authenticating", "network", "up", "ending",
				      "other" };
#define NSERVICES NELEM(services)
#define NSTATES NELEM(states)
#define SVC_IPSEC 2
#define STATE_UP 3

/* zeros too for the services sluice has (pptp, l2tp: every PPP phase; ipsec: up, ending) */
static bool always_shown(size_t service, size_t state)
{
	if (state == NSTATES - 1 || service > SVC_IPSEC)
		return false;
	return service != SVC_IPSEC || state >= STATE_UP;
}

static size_t index_of(const char *const *names, size_t n, const char *v)
{
	size_t i;

	for (i = 0; i < n - 1; i++)
		if (v && !strcmp(names[i], v))
			return i;
	return n - 1;
}

/* --- sessions: what /ppp active shows, row for row */

static void sessions(struct strbuf *out)
{
	unsigned long n[NSERVICES][NSTATES] = { { 0 } };
	struct cfg_menu v;
	size_t i, s, t;

	ppp_active_view(&v);
	for (i = 0; i < v.n; i++)
		n[index_of(services, NSERVICES, cfg_get(&v, &v.items[i], "service"))]
		 [index_of(states, NSTATES, cfg_get(&v, &v.items[i], "state"))]++;
	cfg_view_free(&v);
	expo_family(out, "sluice_sessions", "gauge",
		    "Sessions as /ppp active shows them, by service and state.");
	for (s = 0; s < NSERVICES; s++)
		for (t = 0; t < NSTATES; t++) {
			struct expo_label l[] = { { "service", services[s] },
						  { "state", states[t] } };

			if (n[s][t] || always_shown(s, t))
				expo_u64(out, "sluice_sessions", l, 2, n[s][t]);
		}
}

/* --- the PPP links' set-ups and ends */

struct life {
	unsigned long live, live_up, ended, ended_up;
};

struct ends_pass {
	struct strbuf *out;
	struct life *life;
	int want_up;		/* -1: only count into life */
};

static void end_kind(void *arg, const char *service, const char *cause, bool was_up,
		     unsigned long n)
{
	struct ends_pass *p = arg;
	struct expo_label l[] = { { "service", service }, { "cause", cause } };
	struct life *lf = &p->life[index_of(services, NSERVICES, service)];

	if (p->want_up < 0) {
		lf->ended += n;
		lf->ended_up += was_up ? n : 0;
	} else if (was_up == (p->want_up == 1)) {
		expo_u64(p->out, was_up ? "sluice_session_ends_total" :
			 "sluice_session_setup_failures_total", l, 2, n);
	}
}

static void lifecycle(struct strbuf *out)
{
	struct life life[NSERVICES] = { { 0 } };
	struct ends_pass pass = { out, life, -1 };
	struct ppp_link *k;
	size_t s;

	for (k = ppp_link_next(NULL); k; k = ppp_link_next(k)) {
		struct life *lf = &life[index_of(services, NSERVICES, k->p.service)];

		if (k->done)
			continue;	/* counted among the ended already */
		lf->live++;
		lf->live_up += k->up_since != 0;
	}
	ppp_link_end_counts(end_kind, &pass);
	expo_family(out, "sluice_session_attempts_total", "counter",
		    "PPP links started (calls that reached PPP), by service.");
	for (s = 0; s < 2; s++)	/* the PPP services: pptp, l2tp */
		expo_u64(out, "sluice_session_attempts_total",
			 &(struct expo_label){ "service", services[s] }, 1,
			 life[s].live + life[s].ended);
	expo_family(out, "sluice_session_setups_total", "counter",
		    "PPP links that came up (authenticated, IPCP open, in the kernel), by service.");
	for (s = 0; s < 2; s++)
		expo_u64(out, "sluice_session_setups_total",
			 &(struct expo_label){ "service", services[s] }, 1,
			 life[s].live_up + life[s].ended_up);
	expo_family(out, "sluice_session_setup_failures_total", "counter",
		    "PPP links that ended before coming up, by service and cause.");
	pass.want_up = 0;
	ppp_link_end_counts(end_kind, &pass);
	expo_family(out, "sluice_session_ends_total", "counter",
		    "PPP links that ended after coming up, by service and cause.");
	pass.want_up = 1;
	ppp_link_end_counts(end_kind, &pass);
}

static void auth_results(struct strbuf *out)
{
	const ppp_auth_verdicts_t *v = ppp_auth_verdicts();
	static const enum ppp_auth_method methods[] = { AUTH_PAP, AUTH_CHAP_MD5, AUTH_MSCHAP1,
							AUTH_MSCHAP2 };
	size_t m, by, ok;

	expo_family(out, "sluice_auth_results_total", "counter",
		    "Verdicts on peers authenticating to us, by method, deciding backend and result.");
	/* "none" never accepts: it refuses before any check, or the peer stayed silent */
	for (m = 0; m < NELEM(methods); m++)
		for (by = 0; by < PPP_AUTH_BY_COUNT; by++)
			for (ok = 0; ok < (by == PPP_AUTH_BY_NONE ? 1u : 2u); ok++) {
				struct expo_label l[] = {
					{ "method", ppp_auth_name(methods[m]) },
					{ "backend", ppp_auth_by_name(by) },
					{ "result", ok ? "accept" : "reject" },
				};

				expo_u64(out, "sluice_auth_results_total", l, 3,
					 (*v)[methods[m]][by][ok]);
			}
}

/* --- RADIUS: per /radius server, and the accounting queue */

#define RADIUS_SERVERS_MAX 64

struct rad_row {
	char server[INET_ADDRSTRLEN + 8];	/* "10.0.0.1:1812" */
	struct rad_server_stats st;
};

/* each server once (two items with one address and port share their counters) */
static size_t radius_rows(struct rad_row *rows)
{
	const struct radius_cfg *c;
	size_t i, j, n = 0;

	for (i = 0; (c = radius_at(i)) && n < RADIUS_SERVERS_MAX; i++) {
		char addr[INET_ADDRSTRLEN];
		struct in_addr a = { .s_addr = c->address };

		inet_ntop(AF_INET, &a, addr, sizeof(addr));
		snprintf(rows[n].server, sizeof(rows[n].server), "%s:%u", addr,
			 c->authentication_port);
		for (j = 0; j < n && strcmp(rows[j].server, rows[n].server); j++)
			;
		if (j < n)
			continue;
		rad_client_stats(addr, c->authentication_port, c->accounting_port, &rows[n].st);
		n++;
	}
	return n;
}

/* the per-server counters exported as they are */
static const struct {
	const char *name, *help;
	size_t off;		/* of an unsigned long in struct rad_server_stats */
} rad_counters[] = {
	{ "sluice_radius_requests_total",
	  "Access-Requests sent to each RADIUS server (first sends).",
	  offsetof(struct rad_server_stats, requests) },
	{ "sluice_radius_accounting_requests_total",
	  "Accounting-Requests sent to each RADIUS server (first sends).",
	  offsetof(struct rad_server_stats, acct_requests) },
	{ "sluice_radius_retransmissions_total", "Requests sent again to the same RADIUS server.",
	  offsetof(struct rad_server_stats, resends) },
	{ "sluice_radius_timeouts_total",
	  "Requests each RADIUS server left unanswered after every try.",
	  offsetof(struct rad_server_stats, timeouts) },
	{ "sluice_radius_bad_replies_total",
	  "Replies dropped: unmatched, or failing an authenticator check.",
	  offsetof(struct rad_server_stats, bad_replies) },
};

static void radius_counters(struct strbuf *out, const struct rad_row *rows, size_t n)
{
	size_t c, i;

	for (c = 0; c < NELEM(rad_counters); c++) {
		expo_family(out, rad_counters[c].name, "counter", rad_counters[c].help);
		for (i = 0; i < n; i++)
			expo_u64(out, rad_counters[c].name,
				 &(struct expo_label){ "server", rows[i].server }, 1,
				 *(const unsigned long *)((const char *)&rows[i].st +
							  rad_counters[c].off));
	}
}

static void radius_responses(struct strbuf *out, const struct rad_row *rows, size_t n)
{
	size_t i;

	expo_family(out, "sluice_radius_responses_total", "counter",
		    "Answers from each RADIUS server that passed every check, by code.");
	for (i = 0; i < n; i++) {
		const struct rad_server_stats *st = &rows[i].st;
		const char *codes[] = { "access-accept", "access-reject", "access-challenge",
					"accounting-response" };
		unsigned long v[] = { st->accepts, st->rejects, st->challenges,
				      st->acct_responses };
		size_t c;

		for (c = 0; c < NELEM(codes); c++) {
			struct expo_label l[] = { { "server", rows[i].server },
						  { "code", codes[c] } };

			expo_u64(out, "sluice_radius_responses_total", l, 2, v[c]);
		}
	}
	expo_family(out, "sluice_radius_response_seconds", "summary",
		    "Time from a request's send to its answer, per RADIUS server.");
	for (i = 0; i < n; i++) {
		const struct rad_server_stats *st = &rows[i].st;
		struct expo_label l = { "server", rows[i].server };

		expo_double(out, "sluice_radius_response_seconds_sum", &l, 1,
			    (double)st->rtt_ms_sum / 1000);
		expo_u64(out, "sluice_radius_response_seconds_count", &l, 1,
			 st->accepts + st->rejects + st->challenges + st->acct_responses);
	}
}

static void radius(struct strbuf *out)
{
	struct rad_row *rows = calloc(RADIUS_SERVERS_MAX, sizeof(*rows));
	size_t n = rows ? radius_rows(rows) : 0, i;

	radius_counters(out, rows, n);
	radius_responses(out, rows, n);
	expo_family(out, "sluice_radius_pending", "gauge",
		    "Requests waiting for each RADIUS server now.");
	for (i = 0; i < n; i++)
		expo_u64(out, "sluice_radius_pending",
			 &(struct expo_label){ "server", rows[i].server }, 1, rows[i].st.pending);
	free(rows);
	expo_family(out, "sluice_radius_accounting_queue", "gauge",
		    "Accounting records in the spool not yet acknowledged by a server.");
	expo_u64(out, "sluice_radius_accounting_queue", NULL, 0, rad_spool_count());
	expo_family(out, "sluice_radius_accounting_refused_total", "counter",
		    "Accounting records refused because the spool was full.");
	expo_u64(out, "sluice_radius_accounting_refused_total", NULL, 0, rad_spool_dropped());
}

/* --- before authentication: the half-open guards (core/preauth.h) */

#define GUARD_ROWS 16

struct guard_row {
	const char *what;
	unsigned int half_open;
	struct preauth_counters n;
};

/* Summed by name: each L2TP server instance has its own guards, one series is wanted. */
static size_t guard_rows(struct guard_row *rows)
{
	const struct preauth *pa = NULL;
	size_t n = 0, i;

	while ((pa = preauth_next(pa))) {
		for (i = 0; i < n && strcmp(rows[i].what, pa->what); i++)
			;
		if (i == n && n == GUARD_ROWS)
			continue;
		if (i == n)
			rows[n++] = (struct guard_row){ .what = pa->what };
		rows[i].half_open += pa->half_open;
		rows[i].n.admitted += pa->n.admitted;
		rows[i].n.too_fast += pa->n.too_fast;
		rows[i].n.source_full += pa->n.source_full;
		rows[i].n.full += pa->n.full;
		rows[i].n.evicted += pa->n.evicted;
	}
	return n;
}

static void guard_limits(struct strbuf *out, const struct guard_row *r)
{
	const struct { const char *limit; uint64_t v; } over[] = {
		{ "rate", r->n.too_fast }, { "source", r->n.source_full }, { "global", r->n.full } };
	size_t i;

	for (i = 0; i < NELEM(over); i++)
		expo_u64(out, "sluice_preauth_over_limit_total",
			 (struct expo_label[]){ { "guard", r->what }, { "limit", over[i].limit } },
			 2, over[i].v);
}

static void preauth(struct strbuf *out)
{
	struct guard_row rows[GUARD_ROWS];
	size_t n = guard_rows(rows), i;

	expo_family(out, "sluice_preauth_half_open", "gauge",
		    "Objects not yet authenticated (connections, tunnels, calls), by guard.");
	for (i = 0; i < n; i++)
		expo_u64(out, "sluice_preauth_half_open",
			 &(struct expo_label){ "guard", rows[i].what }, 1, rows[i].half_open);
	expo_family(out, "sluice_preauth_admitted_total", "counter",
		    "New unauthenticated objects admitted, by guard.");
	for (i = 0; i < n; i++)
		expo_u64(out, "sluice_preauth_admitted_total",
			 &(struct expo_label){ "guard", rows[i].what }, 1, rows[i].n.admitted);
	expo_family(out, "sluice_preauth_over_limit_total", "counter",
		    "New unauthenticated objects over a limit: over the source's rate they are "
		    "refused; over a count the oldest half-open one is evicted, or they are refused.");
	for (i = 0; i < n; i++)
		guard_limits(out, &rows[i]);
	expo_family(out, "sluice_preauth_evicted_total", "counter",
		    "Half-open objects evicted to make room for a new one, by guard.");
	for (i = 0; i < n; i++)
		expo_u64(out, "sluice_preauth_evicted_total",
			 &(struct expo_label){ "guard", rows[i].what }, 1, rows[i].n.evicted);
}

/* --- the module, the pools, charon */

static void kernel(struct strbuf *out)
{
	struct sluice_module_info mi;
	struct kernel_module_events ev;
	bool have = kernel_module_info(&mi) == 0;
	unsigned int r;

	expo_family(out, "sluice_kernel_module_up", "gauge",
		    "1 if sluiced reaches the sluice module over netlink.");
	expo_u64(out, "sluice_kernel_module_up", NULL, 0, have);
	kernel_module_events(&ev);
	expo_family(out, "sluice_kernel_module_unloads_total", "counter",
		    "Times the module went away under a running sluiced.");
	expo_u64(out, "sluice_kernel_module_unloads_total", NULL, 0, ev.unloads);
	if (!have)
		return;
	expo_family(out, "sluice_kernel_sessions", "gauge",
		    "Sessions in the module, by whether they have an interface yet.");
	expo_u64(out, "sluice_kernel_sessions", &(struct expo_label){ "state", "attached" }, 1,
		 mi.sessions - (mi.pending <= mi.sessions ? mi.pending : mi.sessions));
	expo_u64(out, "sluice_kernel_sessions", &(struct expo_label){ "state", "pending" }, 1,
		 mi.pending);
	expo_family(out, "sluice_kernel_drops_total", "counter",
		    "Packets the module dropped before any session was found, by reason.");
	for (r = 0; r < __SLUICE_DROP_MAX; r++) {
		const char *name = sluice_drop_name(r);
		char other[32];

		if (!strcmp(name, "unknown")) {	/* a reason newer than its name */
			snprintf(other, sizeof(other), "reason-%u", r);
			name = other;
		}
		expo_u64(out, "sluice_kernel_drops_total",
			 &(struct expo_label){ "reason", name }, 1, mi.drops[r]);
	}
}

/* a pool's name by index (NULL past the last) and its size and use, for both families */
struct pool_kind {
	const char *(*name_at)(size_t i);
	int (*usage)(const char *pool, uint64_t *size, uint64_t *used);
};

static const char *ip_pool_name_at(size_t i)
{
	const struct ip_pool_cfg *p = ip_pool_at(i);

	return p ? p->name : NULL;
}

static const char *ipv6_pool_name_at(size_t i)
{
	const struct ipv6_pool_cfg *p = ipv6_pool_at(i);

	return p ? p->name : NULL;
}

static const struct pool_kind ip_pools = { ip_pool_name_at, ipam_pool_usage };
static const struct pool_kind ipv6_pools = { ipv6_pool_name_at, ipam6_pool_usage };

/* one family per figure: the samples of a family must follow its HELP and TYPE lines */
static void pool_family(struct strbuf *out, const struct pool_kind *k, const char *name,
			const char *help, bool used)
{
	const char *pool;
	uint64_t v[2];
	size_t i;

	expo_family(out, name, "gauge", help);
	for (i = 0; (pool = k->name_at(i)); i++)
		if (!k->usage(pool, &v[0], &v[1]))
			expo_u64(out, name, &(struct expo_label){ "pool", pool }, 1, v[used]);
}

/* DHCPv6 for PPP sessions (ppp/dhcpv6_server.c): answers, and what was not answered */
static void dhcpv6(struct strbuf *out)
{
	const struct dhcpv6_server_stats *st = dhcpv6_server_stats();
	unsigned int i;

	expo_family(out, "sluice_dhcpv6_answered_total", "counter",
		    "DHCPv6 messages of PPP sessions' clients answered.");
	expo_u64(out, "sluice_dhcpv6_answered_total", NULL, 0, st->answered);
	expo_family(out, "sluice_dhcpv6_dropped_total", "counter",
		    "DHCPv6 messages dropped: malformed, not for a server, not ours, or from no session.");
	for (i = 0; i < DHCPV6_DROP_MAX; i++)
		expo_u64(out, "sluice_dhcpv6_dropped_total",
			 &(struct expo_label){ "reason", dhcpv6_drop_name(i) }, 1, st->dropped[i]);
	expo_u64(out, "sluice_dhcpv6_dropped_total",
		 &(struct expo_label){ "reason", "stranger" }, 1, st->strangers);
}

/* PPPoE Discovery (pppoe/server.c): what came and went, and what was dropped and why */
static void pppoe_families(struct strbuf *out, const struct pppoe_server_counters *p)
{
	const struct pppoe_server_counters c = *p;
	const struct { const char *kind; uint64_t v; } seen[] = {
		{ "padi", c.padi }, { "pado", c.pado }, { "padr", c.padr }, { "pads", c.pads },
		{ "padt_in", c.padt_rx }, { "padt_out", c.padt_tx },
	}, dropped[] = {
		{ "malformed", c.malformed }, { "padi_rate", c.padi_limited },
		{ "bad_cookie", c.padr_bad_cookie }, { "refused", c.pads_refused },
		{ "repeated_padr", c.padr_repeated }, { "unknown_padt", c.padt_unknown },
		{ "not_for_us", c.not_for_us },
	};
	size_t i;

	expo_family(out, "sluice_pppoe_discovery_total", "counter",
		    "PPPoE Discovery frames the server received and sent, by kind.");
	for (i = 0; i < sizeof(seen) / sizeof(seen[0]); i++)
		expo_u64(out, "sluice_pppoe_discovery_total",
			 &(struct expo_label){ "kind", seen[i].kind }, 1, seen[i].v);
	expo_family(out, "sluice_pppoe_discovery_dropped_total", "counter",
		    "PPPoE Discovery frames the server dropped or refused, by reason.");
	for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		expo_u64(out, "sluice_pppoe_discovery_dropped_total",
			 &(struct expo_label){ "reason", dropped[i].kind }, 1, dropped[i].v);
}

static void pppoe(struct strbuf *out)
{
	struct pppoe_server_counters c;

	pppoe_server_counters(&c);
	pppoe_families(out, &c);
}

static void pools(struct strbuf *out)
{
	pool_family(out, &ip_pools, "sluice_pool_size", "Addresses in each /ip pool's own ranges.",
		    false);
	pool_family(out, &ip_pools, "sluice_pool_used",
		    "Addresses of each /ip pool's own ranges in use (sessions, IPsec blocks).", true);
	pool_family(out, &ipv6_pools, "sluice_ipv6_pool_size",
		    "Prefixes each /ipv6 pool hands out (at most 2^20).", false);
	pool_family(out, &ipv6_pools, "sluice_ipv6_pool_used",
		    "Prefixes of each /ipv6 pool held by sessions.", true);
	expo_family(out, "sluice_ra_solicitations_dropped_total", "counter",
		    "Router Solicitations not from a session that advertises, or not hop limit 255.");
	expo_u64(out, "sluice_ra_solicitations_dropped_total", NULL, 0, ra_solicitations_dropped());
	dhcpv6(out);
}

/* Only while the configuration wants charon: there is no IPsec to speak of otherwise. */
static void ipsec(struct strbuf *out)
{
	struct charon_status cs;
	unsigned long ike[2][2] = { { 0 } }, children = 0;	/* [version 1/2][established] */
	const struct ipsec_ike_sa *sa;
	size_t i, v, e;

	charon_get_status(&cs);
	if (!cs.wanted)
		return;
	expo_family(out, "sluice_ipsec_charon_up", "gauge",
		    "1 if sluiced's charon runs and its vici socket is connected.");
	expo_u64(out, "sluice_ipsec_charon_up", NULL, 0, cs.running && cs.vici_up);
	expo_family(out, "sluice_ipsec_charon_restarts_total", "counter",
		    "Times charon was started again after it exited on its own.");
	expo_u64(out, "sluice_ipsec_charon_restarts_total", NULL, 0, cs.restarts);
	for (i = 0; (sa = ipsec_sas_at(i)); i++) {
		ike[sa->version == 1 ? 0 : 1][sa->established != 0]++;
		children += sa->nchild;
	}
	expo_family(out, "sluice_ipsec_ike_sas", "gauge",
		    "IKE SAs charon holds, by IKE version and state.");
	for (v = 0; v < 2; v++)
		for (e = 0; e < 2; e++) {
			struct expo_label l[] = { { "version", v ? "2" : "1" },
						  { "state", e ? "established" : "connecting" } };

			expo_u64(out, "sluice_ipsec_ike_sas", l, 2, ike[v][e]);
		}
	expo_family(out, "sluice_ipsec_child_sas", "gauge", "CHILD_SAs charon holds.");
	expo_u64(out, "sluice_ipsec_child_sas", NULL, 0, children);
}

/* --- per session (per-session=yes): the kernel's counters of PPP links, charon's of IKE SAs */

struct sess_row {
	char id[PPP_SESSION_ID_SIZE];
	char user[96];
	const char *service;
	uint64_t v[4];		/* rx bytes, tx bytes, rx packets, tx packets */
};

static size_t link_rows(struct sess_row *rows, size_t cap)
{
	struct sluice_session_info si;
	struct ppp_link *l;
	size_t n = 0;

	for (l = ppp_link_next(NULL); l && n < cap; l = ppp_link_next(l)) {
		if (l->done || !l->up_since || !l->p.session ||
		    kernel_session_get(l->p.session, &si))
			continue;
		ppp_session_id(l, rows[n].id);
		snprintf(rows[n].user, sizeof(rows[n].user), "%s", l->user);
		rows[n].service = services[index_of(services, NSERVICES, l->p.service)];
		rows[n].v[0] = si.st.rx_bytes;
		rows[n].v[1] = si.st.tx_bytes;
		rows[n].v[2] = si.st.rx_packets;
		rows[n].v[3] = si.st.tx_packets;
		n++;
	}
	return n;
}

/* an IKE session's "in" is what the peer sent: the PPP links' rx */
static size_t ike_rows(struct sess_row *rows, size_t cap)
{
	const struct ipsec_session *s;
	const struct ipsec_ike_sa *sa;
	struct ipsec_counters c;
	size_t i, n = 0;

	for (i = 0; (s = ipsec_session_at(i)) && n < cap; i++) {
		if (!(sa = ipsec_sas_find(s->ike_id)))
			continue;
		ipsec_sas_counters(sa, &c);
		snprintf(rows[n].id, sizeof(rows[n].id), PPP_SESSION_ID_FMT, s->id);
		snprintf(rows[n].user, sizeof(rows[n].user), "%s", s->user);
		rows[n].service = "ipsec";
		rows[n].v[0] = c.bytes_in;
		rows[n].v[1] = c.bytes_out;
		rows[n].v[2] = c.packets_in;
		rows[n].v[3] = c.packets_out;
		n++;
	}
	return n;
}

static void per_session(struct strbuf *out)
{
	static const char *const names[4][2] = {
		{ "sluice_session_rx_bytes_total", "Bytes received from the peer, per session." },
		{ "sluice_session_tx_bytes_total", "Bytes sent to the peer, per session." },
		{ "sluice_session_rx_packets_total", "Packets received from the peer, per session." },
		{ "sluice_session_tx_packets_total", "Packets sent to the peer, per session." },
	};
	size_t cap = ppp_active_count() + ipsec_sessions_count(), n, i, k;
	struct sess_row *rows = calloc(cap ? cap : 1, sizeof(*rows));

	if (!rows)
		return;
	n = link_rows(rows, cap);
	n += ike_rows(rows + n, cap - n);
	for (k = 0; k < 4; k++) {
		expo_family(out, names[k][0], "counter", names[k][1]);
		for (i = 0; i < n; i++) {
			struct expo_label l[] = { { "session_id", rows[i].id },
						  { "user", rows[i].user },
						  { "service", rows[i].service } };

			expo_u64(out, names[k][0], l, 3, rows[i].v[k]);
		}
	}
	free(rows);
}

/* --- the endpoint itself */

static void self(struct strbuf *out)
{
	const struct metrics_http_stats *st = metrics_http_stats();
	size_t r;

	expo_family(out, "sluice_build_info", "gauge", "The running sluiced's version.");
	expo_u64(out, "sluice_build_info", &(struct expo_label){ "version", SLUICE_VERSION }, 1,
		 1);
	expo_family(out, "sluice_metrics_scrapes_total", "counter",
		    "Scrapes answered whole (this one not yet counted).");
	expo_u64(out, "sluice_metrics_scrapes_total", NULL, 0, st->scrapes);
	expo_family(out, "sluice_metrics_refused_total", "counter",
		    "Requests to the metrics endpoint refused, by reason.");
	for (r = 0; r < MR_COUNT; r++)
		expo_u64(out, "sluice_metrics_refused_total",
			 &(struct expo_label){ "reason", metrics_refusal_name(r) }, 1,
			 st->refused[r]);
	expo_family(out, "sluice_metrics_connections", "gauge",
		    "Connections to the metrics endpoint open now.");
	expo_u64(out, "sluice_metrics_connections", NULL, 0, st->conns);
	expo_family(out, "sluice_metrics_render_seconds", "gauge",
		    "How long the previous scrape's answer took to build.");
	expo_double(out, "sluice_metrics_render_seconds", NULL, 0, st->last_render_s);
}

void metrics_render(struct strbuf *out, bool per_session_on)
{
	self(out);
	sessions(out);
	lifecycle(out);
	auth_results(out);
	preauth(out);
	radius(out);
	kernel(out);
	pools(out);
	pppoe(out);
	ipsec(out);
	if (per_session_on)
		per_session(out);
}
