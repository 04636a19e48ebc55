// SPDX-License-Identifier: GPL-2.0
/* See dialout.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "loop.h"
#include "log.h"
#include "ppp/dialout.h"
#include "ppp/link.h"

void dialout_read_item(const struct cfg_menu *m, const struct cfg_item *it,
		       struct ppp_client_conf *conf, uint32_t *server)
{
	struct in_addr a = { 0 };

	memset(conf, 0, sizeof(*conf));
	snprintf(conf->ifname, sizeof(conf->ifname), "%s", cfg_get(m, it, "name"));
	snprintf(conf->user, sizeof(conf->user), "%s", cfg_get(m, it, "user"));
	snprintf(conf->password, sizeof(conf->password), "%s", cfg_get(m, it, "password"));
	snprintf(conf->allow, sizeof(conf->allow), "%s", cfg_get(m, it, "allow"));
	snprintf(conf->profile, sizeof(conf->profile), "%s", cfg_get(m, it, "profile"));
	conf->keepalive_s = (unsigned int)atoi(cfg_get(m, it, "keepalive-timeout"));
	conf->max_mtu = (uint16_t)atoi(cfg_get(m, it, "max-mtu"));
	conf->max_mru = (uint16_t)atoi(cfg_get(m, it, "max-mru"));
	conf->add_default_route = cfg_bool(cfg_get(m, it, "add-default-route"));
	conf->default_route_distance = (unsigned int)atoi(cfg_get(m, it, "default-route-distance"));
	inet_pton(AF_INET, cfg_get(m, it, "connect-to"), &a);
	*server = a.s_addr;
}

/* RouterOS-like jitter: 75 % to 125 % of the step. */
static unsigned int jittered(unsigned int ms)
{
	uint16_t r = 0;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint16_t)loop_now_ms();
	return ms * 3 / 4 + (unsigned int)((uint64_t)ms / 2 * r / 65535);
}

unsigned int dialout_backoff(unsigned int topic, const char *name, const char *cause, unsigned int *step)
{
	unsigned int ms = jittered(*step);

	log_msg(topic, LOG_INFO, "%s: disconnected (%s); dialling again in %u.%u s", name,
		 cause && cause[0] ? cause : "user-request", ms / 1000, ms % 1000 / 100);
	*step = *step * 2 > DIALOUT_BACKOFF_MAX_MS ? DIALOUT_BACKOFF_MAX_MS : *step * 2;
	return ms;
}

void dialout_log_up(unsigned int topic, const char *name, const struct ppp_link *l)
{
	char local[INET_ADDRSTRLEN], remote[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &l->local_addr, local, sizeof(local));
	inet_ntop(AF_INET, &l->remote_addr, remote, sizeof(remote));
	log_msg(topic, LOG_INFO, "%s: connected: %s, %s -> %s, %s", name, l->ifname, local, remote,
		 l->mppe_bits ? ppp_link_encoding(l) : "no encryption");
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

void dialout_monitor(struct strbuf *out, const char *status, const struct ppp_link *l,
		     time_t up_since, bool waiting, const char *last_error, uint64_t redial_at)
{
	char a[INET_ADDRSTRLEN];

	sb_printf(out, "          status: %s\n", status);
	if (l && l->phase == PHASE_UP) {
		sb_puts(out, "          uptime: ");
		sb_duration(out, (uint64_t)(time(NULL) - up_since));
		sb_printf(out, "\n        encoding: %s\n", l->mppe_bits ? ppp_link_encoding(l) : "none");
		sb_printf(out, "       interface: %s\n", l->ifname);
		sb_printf(out, "             mtu: %u\n", l->peer_mru < l->max_mtu ? l->peer_mru : l->max_mtu);
		sb_printf(out, "             mru: %u\n", l->max_mru);
		inet_ntop(AF_INET, &l->local_addr, a, sizeof(a));
		sb_printf(out, "   local-address: %s\n", a);
		inet_ntop(AF_INET, &l->remote_addr, a, sizeof(a));
		sb_printf(out, "  remote-address: %s\n", a);
	}
	if (waiting) {
		uint64_t now = loop_now_ms(), left = redial_at > now ? redial_at - now : 0;

		sb_printf(out, "      last-error: %s\n", last_error && last_error[0] ? last_error : "-");
		sb_printf(out, "        retry-in: %llu.%llus\n", (unsigned long long)left / 1000,
			  (unsigned long long)left % 1000 / 100);
	}
}
