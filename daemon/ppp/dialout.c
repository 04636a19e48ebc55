// SPDX-License-Identifier: GPL-2.0
/* See dialout.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <openssl/crypto.h>
#include "ppp/dialout_menu.h"
#include "core/kernel.h"
#include "core/log.h"
#include "ppp/dialout.h"
#include "ppp/link.h"

#define MAX_CLASSES 4

/* for the menu callbacks, which know only their menu */
static struct dialout_class *classes[MAX_CLASSES];

#define DIALOUT_OF(t, member) \
	((struct dialout *)((char *)(t) - offsetof(struct dialout, member)))

static void start(struct dialout *d);

/* --- the link's callbacks */

static void link_finished(struct ppp_link *l, const char *cause)
{
	struct dialout *d = l->ctx;

	if (d->link_ended)
		return;
	d->link_ended = true;
	dialout_set_cause(d, cause);
	loop_timer_arm(&d->reap, 0);
}

static void link_up(struct ppp_link *l)
{
	struct dialout *d = l->ctx;
	char local[INET_ADDRSTRLEN], remote[INET_ADDRSTRLEN];

	d->up_since = time(NULL);
	d->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;
	d->cause[0] = '\0';
	inet_ntop(AF_INET, &l->local_addr, local, sizeof(local));
	inet_ntop(AF_INET, &l->remote_addr, remote, sizeof(remote));
	log_msg(d->cls->log_topic, LOG_INFO, "%s: connected: %s, %s -> %s, %s", d->name,
		l->ifname, local, remote, l->neg.mppe_bits ? ppp_link_encoding(l) : "no encryption");
}

const struct ppp_link_ops dialout_link_ops = { .finished = link_finished, .up = link_up };

static void reap_expired(struct loop_timer *t)
{
	struct dialout *d = DIALOUT_OF(t, reap);

	d->up_since = 0;
	d->cls->reap(d);
}

void dialout_set_cause(struct dialout *d, const char *cause)
{
	if (!d->cause[0])
		snprintf(d->cause, sizeof(d->cause), "%s", cause);
}

/* --- up, down, backoff */

/* RouterOS-like jitter: 75 % to 125 % of the step. */
static unsigned int jittered(unsigned int ms)
{
	uint16_t r = 0;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint16_t)loop_now_ms();
	return ms * 3 / 4 + (unsigned int)((uint64_t)ms / 2 * r / 65535);
}

static void backoff(struct dialout *d)
{
	unsigned int ms = jittered(d->backoff_ms);

	d->state = DIALOUT_BACKOFF;
	d->redial_at = loop_now_ms() + ms;
	log_msg(d->cls->log_topic, LOG_INFO, "%s: disconnected (%s); dialling again in %u.%u s",
		d->name, d->cause[0] ? d->cause : "user-request", ms / 1000, ms % 1000 / 100);
	loop_timer_arm(&d->backoff, ms);
	d->backoff_ms = d->backoff_ms * 2 > DIALOUT_BACKOFF_MAX_MS ? DIALOUT_BACKOFF_MAX_MS
								  : d->backoff_ms * 2;
}

void dialout_free_call(struct dialout *d)
{
	if (d->link)
		ppp_link_free(d->link);
	d->link = NULL;
	if (d->session)
		kernel_session_del(d->session);
	d->session = 0;
}

void dialout_went_down(struct dialout *d)
{
	loop_timer_cancel(&d->backoff);
	d->state = DIALOUT_IDLE;
	if (d->removed || !d->want) {
		log_msg(d->cls->log_topic, LOG_INFO, "%s: stopped", d->name);
		if (d->removed)
			loop_timer_arm(&d->cls->sweep, 0);
		return;
	}
	if (d->restart) {
		d->restart = false;
		d->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;
		start(d);
		return;
	}
	backoff(d);
}

static void start(struct dialout *d)
{
	d->cause[0] = '\0';
	d->state = DIALOUT_ACTIVE;
	d->cls->dial(d);
}

static void backoff_expired(struct loop_timer *t)
{
	start(DIALOUT_OF(t, backoff));
}

/* Disabled, removed or changed: end what runs, cleanly; dialout_went_down() follows. */
static void stop(struct dialout *d, const char *cause)
{
	snprintf(d->cause, sizeof(d->cause), "%s", cause);
	if (d->state == DIALOUT_ACTIVE)
		d->cls->stop(d);
	else
		dialout_went_down(d);
}

/* --- the items */

static void free_client(struct dialout *d)
{
	struct dialout **pp;

	for (pp = &d->cls->clients; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	d->cls->release(d);
	loop_timer_cancel(&d->backoff);
	loop_timer_cancel(&d->reap);
	OPENSSL_cleanse(d, d->cls->size);	/* the password, the transport's secrets */
	free(d);
}

static void sweep_removed(struct loop_timer *t)
{
	struct dialout_class *cls = (struct dialout_class *)((char *)t -
							     offsetof(struct dialout_class, sweep));
	struct dialout *d, *next;

	for (d = cls->clients; d; d = next) {
		next = d->next;
		if (d->removed && d->state == DIALOUT_IDLE && !d->link)
			free_client(d);
	}
}

static struct dialout *find_client(const struct dialout_class *cls, const char *name)
{
	struct dialout *d;

	for (d = cls->clients; d; d = d->next)
		if (!d->removed && !strcmp(d->name, name))
			return d;
	return NULL;
}

static struct dialout *new_client(struct dialout_class *cls, const char *name)
{
	struct dialout *d = calloc(1, cls->size);

	if (!d)
		return NULL;
	d->cls = cls;
	cls->init(d);
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;
	loop_timer_init(&d->backoff, backoff_expired);
	loop_timer_init(&d->reap, reap_expired);
	d->next = cls->clients;
	cls->clients = d;
	return d;
}

void dialout_read_conf(const struct dialout_cfg *c, struct ppp_client_conf *conf,
		       uint32_t *server)
{
	memset(conf, 0, sizeof(*conf));
	snprintf(conf->ifname, sizeof(conf->ifname), "%s", c->name);
	snprintf(conf->user, sizeof(conf->user), "%s", c->user);
	snprintf(conf->password, sizeof(conf->password), "%s", c->password);
	conf->allow = c->allow;
	snprintf(conf->profile, sizeof(conf->profile), "%s", c->profile);
	conf->keepalive_s = c->keepalive_timeout;
	conf->max_mtu = (uint16_t)c->max_mtu;
	conf->max_mru = (uint16_t)c->max_mru;
	conf->add_default_route = c->add_default_route;
	conf->default_route_distance = c->default_route_distance;
	*server = c->connect_to;
}

static void apply_item(struct dialout_class *cls, const struct cfg_menu *m,
		       const struct cfg_item *it)
{
	const struct dialout_cfg *c = DIALOUT_CFG(it);
	struct dialout *d = find_client(cls, c->name);
	struct ppp_client_conf conf;
	uint32_t server;
	bool changed;

	if (!d && !(d = new_client(cls, c->name))) {
		log_err("%s: out of memory", c->name);
		return;
	}
	d->seen = true;
	if (cls->read_conf)
		cls->read_conf(it, &conf, &server);
	else
		dialout_read_conf(c, &conf, &server);
	changed = memcmp(&conf, &d->conf, sizeof(conf)) || server != d->server;
	if (cls->read_item && cls->read_item(d, m, it))
		changed = true;
	d->conf = conf;
	d->server = server;
	OPENSSL_cleanse(&conf, sizeof(conf));
	if (cfg_disabled(m, it)) {
		if (d->want) {
			d->want = false;
			stop(d, "admin-disabled");
		}
		return;
	}
	d->want = true;
	if (d->state == DIALOUT_IDLE) {
		d->backoff_ms = DIALOUT_BACKOFF_FIRST_MS;	/* enabled: a fresh start */
		start(d);
	} else if (changed && d->state == DIALOUT_ACTIVE) {
		d->restart = true;	/* the new settings apply from the next dial */
		stop(d, "settings-changed");
	}
}

/* --- live state for print and monitor */

static struct dialout *client_of_item(const struct cfg_menu *m, const struct cfg_item *it)
{
	size_t i;

	for (i = 0; i < MAX_CLASSES && classes[i]; i++)
		if (classes[i]->menu == m)
			return find_client(classes[i], DIALOUT_CFG(it)->name);
	return NULL;
}

static const char *live_flags(const struct cfg_menu *m, const struct cfg_item *it)
{
	const struct dialout *d = client_of_item(m, it);

	return d && d->link && d->link->phase == PHASE_UP ? "R" : "";
}

const char *dialout_link_status(const struct ppp_link *l)
{
	if (!l)
		return "connecting...";
	return l->phase == PHASE_UP ? "connected" :
	       l->phase == PHASE_AUTH ? "authenticating..." :
	       l->phase == PHASE_NETWORK ? "negotiating..." :
	       l->phase == PHASE_TERMINATE ? "terminating..." : "connecting...";
}

static const char *status(const struct dialout *d)
{
	if (!d || (d->state == DIALOUT_IDLE && !d->want))
		return "disabled";
	return d->state == DIALOUT_ACTIVE ? d->cls->status(d) : "disconnected";
}

static void monitor_link(struct strbuf *out, const struct dialout *d)
{
	const struct ppp_link *l = d->link;
	char a[INET_ADDRSTRLEN];

	sb_puts(out, "          uptime: ");
	sb_duration(out, (uint64_t)(time(NULL) - d->up_since));
	sb_printf(out, "\n        encoding: %s\n", l->neg.mppe_bits ? ppp_link_encoding(l) : "none");
	sb_printf(out, "       interface: %s\n", l->ifname);
	sb_printf(out, "             mtu: %u\n", ppp_link_mtu(l));
	sb_printf(out, "             mru: %u\n", l->conf.max_mru);
	inet_ntop(AF_INET, &l->local_addr, a, sizeof(a));
	sb_printf(out, "   local-address: %s\n", a);
	inet_ntop(AF_INET, &l->remote_addr, a, sizeof(a));
	sb_printf(out, "  remote-address: %s\n", a);
}

static void monitor(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *out,
		    int json)
{
	const struct dialout *d = client_of_item(m, it);

	(void)json;	/* the lines are the same either way */
	sb_printf(out, "          status: %s\n", status(d));
	if (!d)
		return;
	if (d->link && d->link->phase == PHASE_UP)
		monitor_link(out, d);
	if (d->state == DIALOUT_BACKOFF) {
		uint64_t now = loop_now_ms(), left = d->redial_at > now ? d->redial_at - now : 0;

		sb_printf(out, "      last-error: %s\n", d->cause[0] ? d->cause : "-");
		sb_printf(out, "        retry-in: %llu.%llus\n", (unsigned long long)left / 1000,
			  (unsigned long long)left % 1000 / 100);
	}
	if (d->cls->monitor && d->state == DIALOUT_ACTIVE)
		d->cls->monitor(d, out);
}

/* --- the whole */

static void register_class(struct dialout_class *cls)
{
	struct cfg_menu *m = cls->menu;
	size_t i;

	m->live_flags = live_flags;
	m->monitor = monitor;
	for (i = 0; i < MAX_CLASSES; i++) {
		if (classes[i] == cls)
			return;
		if (!classes[i]) {
			classes[i] = cls;
			loop_timer_init(&cls->sweep, sweep_removed);
			return;
		}
	}
}

void dialout_apply(struct dialout_class *cls)
{
	const struct cfg_menu *m = cls->menu;
	struct dialout *d;
	size_t i;

	register_class(cls);
	for (d = cls->clients; d; d = d->next)
		d->seen = false;
	for (i = 0; i < m->n; i++)
		apply_item(cls, m, &m->items[i]);
	for (d = cls->clients; d; d = d->next) {
		if (!d->seen && !d->removed) {
			d->removed = true;
			d->want = false;
			stop(d, "removed");
		}
	}
}

void dialout_shutdown(struct dialout_class *cls)
{
	struct dialout *d;

	loop_timer_cancel(&cls->sweep);
	while ((d = cls->clients)) {
		if (d->state == DIALOUT_ACTIVE)
			cls->shutdown(d);
		free_client(d);
	}
}
