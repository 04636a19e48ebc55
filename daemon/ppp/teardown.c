// SPDX-License-Identifier: GPL-2.0
/*
 * The end of a link: every end (terminate, keepalive loss, authentication failure, admin
 * removal, the transport going away, the setup watchdog) comes to one finish.
 */
#include <stdio.h>
#include <string.h>
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_log.h"
#include "ppp/link_int.h"
#include "ppp/dhcpv6_server.h"
#include "ppp/ra.h"
#include "ppp/stats.h"

#define TERMINATE_HOLD_MS 3000	/* how long we wait for the Terminate-Ack */

/* The link's own timers (the automatons' stay with them until the link is freed). */
void link_cancel_timers(struct ppp_link *l)
{
	loop_timer_cancel(&l->timers.keepalive);
	loop_timer_cancel(&l->timers.hold);
	loop_timer_cancel(&l->timers.later);
	loop_timer_cancel(&l->timers.setup);
	loop_timer_cancel(&l->timers.limit);
	loop_timer_cancel(&l->timers.interim);
	loop_timer_cancel(&l->timers.replace_wait);
	ra_stop(l);
	dhcpv6_server_stop(l);
	ppp_auth_stop(&l->auth);
}

/* ended links by service, cause and whether they were up: /system metrics (ppp/stats.h) */
#define END_KINDS 64
static struct end_count {
	char service[16], cause[48];
	bool was_up;
	unsigned long n;
} ends[END_KINDS];

static void count_end(const struct ppp_link *l)
{
	bool up = l->up_since != 0;
	const char *cause = l->cause, *service = l->p.service;
	size_t i;

	for (i = 0; i < END_KINDS - 1 && ends[i].n; i++)
		if (ends[i].was_up == up && !strcmp(ends[i].cause, cause) &&
		    !strcmp(ends[i].service, service))
			break;
	if (i == END_KINDS - 1)		/* full: the last slot is everything else */
		cause = service = "other";
	if (!ends[i].n) {
		snprintf(ends[i].cause, sizeof(ends[i].cause), "%s", cause);
		snprintf(ends[i].service, sizeof(ends[i].service), "%s", service);
		ends[i].was_up = up;
	}
	ends[i].n++;
}

void ppp_link_end_counts(void (*fn)(void *arg, const char *service, const char *cause,
				    bool was_up, unsigned long n), void *arg)
{
	size_t i;

	for (i = 0; i < END_KINDS && ends[i].n; i++)
		fn(arg, ends[i].service, ends[i].cause, ends[i].was_up, ends[i].n);
}

/* Everything is down: give the address back, log, and let the transport clear the call. */
void link_finish(struct ppp_link *l)
{
	if (l->done)
		return;
	l->done = true;
	if (!l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "user-request");
	count_end(l);
	link_cancel_timers(l);
	if (l->up_since && l->acct.started)	/* a stop for every start, and only then */
		link_acct_stop(l);
	l->role->down(l);
	l->remote_addr = 0;
	l->phase = PHASE_TERMINATE;
	l->ops->finished(l, l->cause);
}

void link_hold_expired(struct loop_timer *t)
{
	link_finish(link_of_timer(t, timers.hold));
}

void ppp_link_close(struct ppp_link *l, const char *cause)
{
	if (l->phase == PHASE_TERMINATE)
		return;
	if (!l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "%s", cause);
	link_info(l, "closing (%s)", l->cause);
	l->phase = PHASE_TERMINATE;	/* first: the NCPs' callbacks see we are ending */
	loop_timer_cancel(&l->timers.replace_wait);	/* a closing link starts nothing */
	ppp_fsm_close(&l->ipcp, NULL);
	ppp_fsm_close(&l->ipv6cp, NULL);
	ppp_fsm_close(&l->ccp, NULL);
	ppp_fsm_close(&l->lcp, l->cause);
	/* the peer may never answer: LCP's own retries end in layer_finished, this is a net */
	loop_timer_arm(&l->timers.hold, TERMINATE_HOLD_MS * 3);
}

void link_fail(struct ppp_link *l, const char *cause)
{
	ppp_link_close(l, cause);
}

void link_later_expired(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, timers.later);

	ppp_link_close(l, l->later_cause);
}

void link_close_later(struct ppp_link *l, const char *cause)
{
	if (l->done || l->phase == PHASE_TERMINATE || loop_timer_armed(&l->timers.later))
		return;
	l->later_cause = cause;
	loop_timer_arm(&l->timers.later, 0);
}

void link_setup_expired(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, timers.setup);

	link_info(l, "not up after %d s", SETUP_MS / 1000);
	ppp_link_close(l, "setup-timeout");
}

unsigned int ppp_link_lower_down_all(const char *cause)
{
	struct ppp_link *l;
	unsigned int n = 0;

	/* safe to walk: a finished link is freed from a later event, never from here */
	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l)) {
		if (l->done)
			continue;
		ppp_link_lower_down(l, cause);
		n++;
	}
	return n;
}

void ppp_link_lower_down(struct ppp_link *l, const char *cause)
{
	if (l->done)
		return;
	if (!l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "%s", cause);
	l->phase = PHASE_TERMINATE;
	ppp_fsm_down(&l->ipcp);
	ppp_fsm_down(&l->ipv6cp);
	ppp_fsm_down(&l->ccp);
	ppp_fsm_down(&l->lcp);
	loop_timer_cancel(&l->timers.lcp);
	link_finish(l);
}
