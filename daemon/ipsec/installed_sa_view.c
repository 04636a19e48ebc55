// SPDX-License-Identifier: GPL-2.0
/*
 * /ip ipsec installed-sa: a view of the kernel's SAs (a NETLINK_XFRM dump at each command,
 * xfrm.c), in RouterOS's words, remove and flush. Registered here, with the code that
 * fills it, as views are (a *_menu.c holds configuration only: every configuration test
 * links them all).
 */
#define LOG_TOPIC LOG_T_IPSEC
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/ipsec.h>
#include <netinet/in.h>
#include "core/log.h"
#include "ipsec/installed_sa_view.h"
#include "ipsec/xfrm.h"

static const struct cfg_prop sa_props[] = {
	CFG_VIEW_PROP("spi", CFG_P_COLUMN), CFG_VIEW_PROP("src-address", CFG_P_COLUMN),
	CFG_VIEW_PROP("dst-address", CFG_P_COLUMN), CFG_VIEW_PROP("state", CFG_P_COLUMN),
	CFG_VIEW_PROP("auth-algorithm", CFG_P_COLUMN),
	CFG_VIEW_PROP("enc-algorithm", CFG_P_COLUMN),
	CFG_VIEW_PROP("enc-key-size", CFG_P_COLUMN),
	CFG_VIEW_PROP("current-bytes", CFG_P_COLUMN), CFG_VIEW_PROP("current-packets", 0),
	CFG_VIEW_PROP("add-lifetime", 0), CFG_VIEW_PROP("addtime", 0),
	CFG_VIEW_PROP("expires-in", 0), CFG_VIEW_PROP("replay", 0),
	/* ours: transport or tunnel (RouterOS shows it only in the policy) */
	CFG_VIEW_PROP("mode", 0),
	CFG_VIEW_PROP("AH", 0), CFG_VIEW_PROP("ESP", 0), CFG_VIEW_PROP("hw-aead", 0),
};

/* --- one SA as RouterOS words it */

/* "10.0.0.1", or with the UDP port when NAT-T encapsulates: "10.0.0.1:4500" */
static void address(char *out, size_t cap, const struct xfrm_sa *sa,
		    const xfrm_address_t *a, uint16_t port)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(sa->family, a, ip, sizeof(ip));
	if (!sa->encap_type)
		snprintf(out, cap, "%s", ip);
	else if (sa->family == AF_INET6)
		snprintf(out, cap, "[%s]:%u", ip, port);
	else
		snprintf(out, cap, "%s:%u", ip, port);
}

static bool limited(uint64_t v)
{
	return v && v != XFRM_INF;
}

static void duration(struct strbuf *sb, uint64_t s)
{
	sb_duration(sb, limited(s) ? s : 0);
}

/* soft/hard, as RouterOS prints it ("24m/30m"); nothing when the SA never expires */
static void add_lifetime(struct strbuf *sb, const struct xfrm_lifetime_cfg *l)
{
	if (!limited(l->soft_add_expires_seconds) && !limited(l->hard_add_expires_seconds))
		return;
	duration(sb, l->soft_add_expires_seconds);
	sb_puts(sb, "/");
	duration(sb, l->hard_add_expires_seconds);
}

/* past a soft limit the kernel has told IKE to rekey: "dying"; an SA without SPI is larval */
static const char *state_of(const struct xfrm_sa *sa, time_t now)
{
	const struct xfrm_lifetime_cfg *l = &sa->lft;
	uint64_t age = (uint64_t)now > sa->cur.add_time ? (uint64_t)now - sa->cur.add_time : 0;

	if (!sa->spi)
		return "larval";
	if ((limited(l->soft_add_expires_seconds) && age >= l->soft_add_expires_seconds) ||
	    (limited(l->soft_byte_limit) && sa->cur.bytes >= l->soft_byte_limit) ||
	    (limited(l->soft_packet_limit) && sa->cur.packets >= l->soft_packet_limit))
		return "dying";
	return "mature";
}

/* time left until the rekey (the soft limit) */
static void expires_in(struct strbuf *sb, const struct xfrm_sa *sa, time_t now)
{
	uint64_t soft = sa->lft.soft_add_expires_seconds, end;

	if (!limited(soft) || !sa->cur.add_time)
		return;
	end = sa->cur.add_time + soft;
	sb_duration(sb, (uint64_t)now < end ? end - (uint64_t)now : 0);
}

static void addtime(char *out, size_t cap, uint64_t when)
{
	time_t t = (time_t)when;
	struct tm tm;

	out[0] = '\0';
	if (when && localtime_r(&t, &tm))
		strftime(out, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

static void set_num(struct cfg_menu *v, struct cfg_item *it, const char *prop, uint64_t n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n);
	cfg_view_set(v, it, prop, buf);
}

static void set_sb(struct cfg_menu *v, struct cfg_item *it, const char *prop,
		   struct strbuf *sb)
{
	cfg_view_set(v, it, prop, sb->p ? sb->p : "");
	sb_free(sb);
	sb_init(sb);
}

static void set_algorithms(struct cfg_menu *v, struct cfg_item *it, const struct xfrm_sa *sa)
{
	cfg_view_set(v, it, "auth-algorithm", sa->auth[0] ? xfrm_auth_name(sa->auth) : "");
	cfg_view_set(v, it, "enc-algorithm", sa->enc[0] ? xfrm_enc_name(sa->enc) : "");
	if (sa->enc[0])
		set_num(v, it, "enc-key-size", xfrm_enc_key_size(sa));
}

static void row(struct cfg_menu *v, const struct xfrm_sa *sa, time_t now)
{
	struct cfg_item *it = cfg_view_add(v);
	char buf[INET6_ADDRSTRLEN + 16];
	struct strbuf sb;

	if (!it)
		return;
	sb_init(&sb);
	snprintf(buf, sizeof(buf), "0x%X", sa->spi);
	cfg_view_set(v, it, "spi", buf);
	address(buf, sizeof(buf), sa, &sa->src, sa->encap_sport);
	cfg_view_set(v, it, "src-address", buf);
	address(buf, sizeof(buf), sa, &sa->dst, sa->encap_dport);
	cfg_view_set(v, it, "dst-address", buf);
	cfg_view_set(v, it, "state", state_of(sa, now));
	set_algorithms(v, it, sa);
	set_num(v, it, "current-bytes", sa->cur.bytes);
	set_num(v, it, "current-packets", sa->cur.packets);
	add_lifetime(&sb, &sa->lft);
	set_sb(v, it, "add-lifetime", &sb);
	addtime(buf, sizeof(buf), sa->cur.add_time);
	cfg_view_set(v, it, "addtime", buf);
	expires_in(&sb, sa, now);
	set_sb(v, it, "expires-in", &sb);
	set_num(v, it, "replay", sa->replay_window);
	cfg_view_set(v, it, "mode", sa->mode == XFRM_MODE_TUNNEL ? "tunnel" :
		     sa->mode == XFRM_MODE_TRANSPORT ? "transport" : "other");
	cfg_view_set(v, it, "AH", sa->proto == IPPROTO_AH ? "yes" : "no");
	cfg_view_set(v, it, "ESP", sa->proto == IPPROTO_ESP ? "yes" : "no");
	cfg_view_set(v, it, "hw-aead", sa->hw_offload ? "yes" : "no");
	sb_free(&sb);
}

void installed_sa_rows(struct cfg_menu *v, const struct xfrm_sa_table *t, time_t now)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		row(v, &t->sa[i], now);
}

static void fill(struct cfg_menu *v)
{
	struct xfrm_sa_table t = { 0 };
	int ret = xfrm_backend->dump(&t);

	if (ret)
		log_warn("installed-sa: the kernel's SAs could not be read: %s", strerror(-ret));
	if (t.refused)
		log_warn("installed-sa: %lu malformed message(s) from the kernel left out (%s)",
			 t.refused, t.why);
	installed_sa_rows(v, &t, time(NULL));
	xfrm_sa_table_free(&t);
}

/* S: it carried traffic; H: offloaded; A/E: the protocol */
static const char *flags(const struct cfg_menu *m, const struct cfg_item *it)
{
	static char buf[8];

	snprintf(buf, sizeof(buf), "%s%s%s%s", strcmp(cfg_get(m, it, "current-bytes"), "0") ? "S" : "",
		 !strcmp(cfg_get(m, it, "hw-aead"), "yes") ? "H" : "",
		 !strcmp(cfg_get(m, it, "AH"), "yes") ? "A" : "",
		 !strcmp(cfg_get(m, it, "ESP"), "yes") ? "E" : "");
	return buf;
}

/* --- remove ITEMS: the SA a row shows, found again by destination, SPI and protocol */

/* "10.0.0.1", "10.0.0.1:4500", "fd00::1" or "[fd00::1]:4500" back to an address */
static int row_address(const char *text, uint16_t *family, xfrm_address_t *a)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *end;

	snprintf(buf, sizeof(buf), "%s", text[0] == '[' ? text + 1 : text);
	end = strchr(buf, text[0] == '[' ? ']' : ':');
	if (end && (text[0] == '[' || !strchr(end + 1, ':')))
		*end = '\0';	/* the port NAT-T added */
	memset(a, 0, sizeof(*a));
	*family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	return inet_pton(*family, buf, a) == 1 ? 0 : -1;
}

static void remove_row(const struct cfg_menu *v, const struct cfg_item *it)
{
	const char *spi = cfg_get(v, it, "spi");
	uint8_t proto = !strcmp(cfg_get(v, it, "ESP"), "yes") ? IPPROTO_ESP :
			!strcmp(cfg_get(v, it, "AH"), "yes") ? IPPROTO_AH : IPPROTO_COMP;
	xfrm_address_t dst;
	uint16_t family;
	int ret;

	if (row_address(cfg_get(v, it, "dst-address"), &family, &dst))
		return;
	ret = xfrm_backend->remove(family, &dst, (uint32_t)strtoul(spi, NULL, 16), proto);
	if (ret)
		log_warn("installed-sa: removing SA %s failed: %s", spi, strerror(-ret));
	else
		log_info("installed-sa: SA %s removed", spi);
}

/* --- flush [sa-type=all|ah|esp] */

static int sa_type(const char *v, uint8_t *proto)
{
	if (!strcmp(v, "all"))
		*proto = IPSEC_PROTO_ANY;
	else if (!strcmp(v, "ah"))
		*proto = IPPROTO_AH;
	else if (!strcmp(v, "esp"))
		*proto = IPPROTO_ESP;
	else
		return -1;
	return 0;
}

static int flush(const struct cfg_menu *m, const struct cfg_item *const *items, size_t nitems,
		 const char *const *keys, const char *const *vals, size_t n, struct strbuf *out,
		 struct strbuf *err)
{
	const char *type = "all";
	uint8_t proto = IPSEC_PROTO_ANY;
	size_t k;
	int ret;

	(void)m, (void)items, (void)nitems, (void)out;
	for (k = 0; k < n; k++) {
		if (strcmp(keys[k], "sa-type")) {
			sb_printf(err, "unknown argument %s; flush takes: sa-type", keys[k]);
			return -1;
		}
		type = vals[k];
	}
	if (sa_type(type, &proto)) {
		sb_puts(err, "bad value for sa-type: expected all, ah or esp");
		return -1;
	}
	ret = xfrm_backend->flush(proto);
	if (ret) {
		sb_printf(err, "flush failed: %s", strerror(-ret));
		return -1;
	}
	log_info("installed-sa: flushed (sa-type=%s)", type);
	return 0;
}

static const struct cfg_action actions[] = {
	{ "flush", false, "sa-type=", flush },
};

CFG_VIEW_DEFINE(ipsec_installed_sa, .path = "/ip ipsec installed-sa", .order = 140,
		.verbs = CFG_V_PRINT | CFG_V_REMOVE, .props = sa_props,
		.nprops = sizeof(sa_props) / sizeof(sa_props[0]), .view = fill,
		.view_remove = remove_row, .live_flags = flags, .actions = actions,
		.nactions = sizeof(actions) / sizeof(actions[0]),
		.legend = "Flags: S - seen-traffic; H - hw-aead; A - AH; E - ESP");
