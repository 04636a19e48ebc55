// SPDX-License-Identifier: GPL-2.0
/* /ip ipsec statistics: the kernel's XFRM counters under RouterOS's names (a view). */
#define LOG_TOPIC LOG_T_IPSEC
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "core/log.h"
#include "ipsec/dhcp_inform.h"
#include "ipsec/statistics_view.h"
#include "ipsec/xfrm.h"

#define STAT_PROP(kernel, word) CFG_VIEW_PROP(word, 0),
static const struct cfg_prop stat_props[] = {
	IPSEC_STATISTICS(STAT_PROP)
	CFG_VIEW_PROP("dhcp-inform-answered", 0),
	CFG_VIEW_PROP("dhcp-inform-refused", 0),	/* not from a session's address */
	CFG_VIEW_PROP("dhcp-inform-malformed", 0),
};

const struct ipsec_dhcp_stats *(*ipsec_statistics_dhcp)(void);

#define STAT_NAME(kernel, word) { kernel, word },
static const struct {
	const char *kernel, *word;
} stat_names[] = { IPSEC_STATISTICS(STAT_NAME) };

#define NSTATS (sizeof(stat_names) / sizeof(stat_names[0]))

struct stat_row {
	struct cfg_menu *v;
	struct cfg_item *it;
};

static void one(const char *name, uint64_t value, void *arg)
{
	struct stat_row *r = arg;
	char buf[24];
	size_t i;

	for (i = 0; i < NSTATS; i++) {
		if (strcmp(stat_names[i].kernel, name))
			continue;
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)value);
		cfg_view_set(r->v, r->it, stat_names[i].word, buf);
	}
}

void ipsec_statistics_row(struct cfg_menu *v, const char *text, size_t len)
{
	struct stat_row r = { v, cfg_view_add(v) };
	size_t skipped;

	if (!r.it)
		return;
	skipped = xfrm_stat_parse(text, len, one, &r);
	if (skipped)
		log_warn("statistics: %zu line(s) of %s not understood", skipped,
			 xfrm_backend->stat_path);
}

static void dhcp_counters(struct cfg_menu *v, struct cfg_item *it)
{
	const struct ipsec_dhcp_stats *d = ipsec_statistics_dhcp ? ipsec_statistics_dhcp() : NULL;
	char buf[24];

	if (!d || !it)
		return;
	snprintf(buf, sizeof(buf), "%lu", d->answered);
	cfg_view_set(v, it, "dhcp-inform-answered", buf);
	snprintf(buf, sizeof(buf), "%lu", d->strangers);
	cfg_view_set(v, it, "dhcp-inform-refused", buf);
	snprintf(buf, sizeof(buf), "%lu", d->malformed);
	cfg_view_set(v, it, "dhcp-inform-malformed", buf);
}

/* The file is small (about 30 lines); procfs gives it in one read. */
static void fill(struct cfg_menu *v)
{
	char buf[8192];
	ssize_t n = -1;
	int fd = open(xfrm_backend->stat_path, O_RDONLY | O_CLOEXEC), err = errno;

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf));
		err = errno;
		close(fd);
	}
	if (n < 0) {
		log_warn("statistics: %s: %s (a kernel without CONFIG_XFRM_STATISTICS?)",
			 xfrm_backend->stat_path, strerror(err));
		n = 0;
	}
	ipsec_statistics_row(v, buf, (size_t)n);
	dhcp_counters(v, v->n ? &v->items[v->n - 1] : NULL);
}

CFG_VIEW_DEFINE(ipsec_statistics, .path = "/ip ipsec statistics", .order = 141,
		.verbs = CFG_V_PRINT, .singleton = true, .props = stat_props,
		.nprops = sizeof(stat_props) / sizeof(stat_props[0]), .view = fill);
