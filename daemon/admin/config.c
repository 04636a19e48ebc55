// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config.h"
#include "core/log.h"

/* --- validators: each returns what is wrong, or NULL */

static const char *any(const char *v)
{
	(void)v;
	return NULL;
}

static const char *name_ok(const char *v)
{
	const char *c;

	if (!*v || strlen(v) > 64)
		return "a name is 1 to 64 characters";
	for (c = v; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return "a name has no control characters";
	/* '~' and '#' would read as a condition or a comment where a name stands alone */
	return strpbrk(v, " \t\"\\[]=,~#") ?
	       "a name has no blanks, quotes, brackets, '=', ',', '~' or '#'" : NULL;
}

static const char *yes_no(const char *v)
{
	return strcmp(v, "yes") && strcmp(v, "no") ? "expected yes or no" : NULL;
}

static const char *yes_no_default(const char *v)
{
	return strcmp(v, "default") && yes_no(v) ? "expected yes, no or default" : NULL;
}

static const char *encryption(const char *v)
{
	static const char *const ok[] = { "default", "no", "yes", "required" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(v, ok[i]))
			return NULL;
	return "expected default, no, yes or required";
}

static bool ipv4(const char *v)
{
	struct in_addr a;

	return inet_pton(AF_INET, v, &a) == 1;
}

static const char *address_or_empty(const char *v)
{
	return *v && !ipv4(v) ? "expected an IPv4 address" : NULL;
}

/* remote-address: an address or the name of a pool (checked when used: pools may follow) */
static const char *address_or_pool(const char *v)
{
	return *v && !ipv4(v) && name_ok(v) ? "expected an IPv4 address or a pool name" : NULL;
}

static const char *each_item(const char *v, const char *(*one)(const char *))
{
	char buf[CFG_VALUE_MAX + 1], *save = NULL, *w;
	const char *why;

	if (strlen(v) >= sizeof(buf))
		return "too long";
	strcpy(buf, v);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if ((why = one(w)))
			return why;
	return NULL;
}

static const char *one_dns(const char *v)
{
	return ipv4(v) ? NULL : "expected IPv4 addresses separated by commas";
}

static const char *dns_list(const char *v)
{
	return *v ? each_item(v, one_dns) : NULL;
}

static const char *one_range(const char *v)
{
	char a[32], b[32];
	const char *dash = strchr(v, '-'), *slash = strchr(v, '/');

	if (dash && (size_t)(dash - v) < sizeof(a) && strlen(dash + 1) < sizeof(b)) {
		memcpy(a, v, (size_t)(dash - v));
		a[dash - v] = '\0';
		strcpy(b, dash + 1);
		if (ipv4(a) && ipv4(b) && ntohl(inet_addr(a)) <= ntohl(inet_addr(b)))
			return NULL;
	} else if (slash && (size_t)(slash - v) < sizeof(a)) {
		int len = atoi(slash + 1);

		memcpy(a, v, (size_t)(slash - v));
		a[slash - v] = '\0';
		if (ipv4(a) && len >= 8 && len <= 32 && isdigit((unsigned char)slash[1]))
			return NULL;
	} else if (ipv4(v)) {
		return NULL;
	}
	return "expected ranges like 10.0.0.10-10.0.0.250 or 10.0.1.0/24, separated by commas";
}

static const char *ranges(const char *v)
{
	return *v ? each_item(v, one_range) : "a pool needs ranges";
}

/* durations fit an unsigned int of seconds with room to spare: up to about 68 years */
static const char *seconds(const char *v)
{
	unsigned long long n, unit;
	char *end;

	if (!*v || !strcmp(v, "0"))
		return NULL;
	if (!isdigit((unsigned char)*v))
		return "expected a duration: 30s, 5m, 1h, 1d";
	n = strtoull(v, &end, 10);
	if (*end && (strchr("smhdw", *end) == NULL || end[1]))
		return "expected a duration: 30s, 5m, 1h, 1d";
	unit = *end == 'm' ? 60 : *end == 'h' ? 3600 : *end == 'd' ? 86400 : *end == 'w' ? 604800 : 1;
	if (n > 0x7fffffffULL / unit)
		return "too long a duration";
	return NULL;
}

/* interim-update: up to a day (records more than a day apart help nobody) */
static const char *interim(const char *v)
{
	return seconds(v) ? seconds(v) : cfg_seconds(v) > 86400 ? "at most 1d" : NULL;
}

static const char *number(const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	return end == v || *end || n > 65535 ? "expected a number up to 65535" : NULL;
}

static const char *one_auth(const char *v)
{
	static const char *const ok[] = { "pap", "chap", "mschap1", "mschap2" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(v, ok[i]))
			return NULL;
	return "expected a list of pap, chap, mschap1, mschap2";
}

static const char *auth_list(const char *v)
{
	return *v ? each_item(v, one_auth) : "at least one of pap, chap, mschap1, mschap2";
}

static const char *mtu(const char *v)
{
	long n = strtol(v, NULL, 10);

	return number(v) || n < 576 || n > 16384 ? "expected a number from 576 to 16384" : NULL;
}

static const char *limit(const char *v)
{
	return strcmp(v, "unlimited") && number(v) ? "expected unlimited or a number" : NULL;
}

static const char *mppe_mode(const char *v)
{
	return strcmp(v, "stateless") && strcmp(v, "stateful") ? "expected stateless or stateful" : NULL;
}

/* L2TP/IPsec comes with the IPsec work: until then only plain L2TP is served */
static const char *use_ipsec(const char *v)
{
	if (!strcmp(v, "yes") || !strcmp(v, "required"))
		return "not yet supported: L2TP/IPsec needs the IPsec support still to come";
	return strcmp(v, "no") ? "expected no, yes or required" : NULL;
}

static const char *mrru(const char *v)
{
	long n = strtol(v, NULL, 10);

	return strcmp(v, "disabled") && (number(v) || n < 512 || n > 65535)
		       ? "expected disabled or a number from 512 to 65535" : NULL;
}

static const char *service(const char *v)
{
	static const char *const ok[] = { "any", "pptp", "l2tp", "pppoe", "sstp", "ovpn" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(v, ok[i]))
			return NULL;
	return "expected any, pptp, l2tp, pppoe, sstp or ovpn";
}

/* "10.1.0.5/24" has bits past its prefix: the kernel refuses such a route */
static bool host_bits(const char *cidr)
{
	const char *slash = strchr(cidr, '/');
	char a[32];
	int len = atoi(slash + 1);
	uint32_t mask = len >= 32 ? 0xffffffffu : ~(0xffffffffu >> len);

	if ((size_t)(slash - cidr) >= sizeof(a))
		return true;
	memcpy(a, cidr, (size_t)(slash - cidr));
	a[slash - cidr] = '\0';
	return (ntohl(inet_addr(a)) & ~mask) != 0;
}

/* routes: "dst/len [gateway] [metric]", several separated by commas */
static const char *one_route(const char *v)
{
	char buf[128], *save = NULL, *w;
	int field = 0;

	if (strlen(v) >= sizeof(buf))
		return "route too long";
	strcpy(buf, v);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save), field++) {
		if (field == 0 && strchr(w, '/') && !one_range(w) && host_bits(w))
			return "a route's destination has no host bits: 10.1.0.0/24, not 10.1.0.5/24";
		if ((field == 0 && (!strchr(w, '/') || one_range(w))) ||
		    (field == 1 && !ipv4(w)) || (field == 2 && number(w)) || field > 2)
			return "expected routes like \"10.1.0.0/24 10.0.0.1 1\" separated by commas";
	}
	return NULL;
}

static const char *routes(const char *v)
{
	return *v ? each_item(v, one_route) : NULL;
}

/*
 * rate-limit, as RouterOS writes it: rx[/tx] [rx-burst[/tx-burst] [rx-threshold[/tx-threshold]
 * [rx-time[/tx-time] [priority] [rx-min[/tx-min]]]]], rates with k, M or G. Stored and shown
 * now; shaping is a later issue.
 */
static const char *one_rate(const char *v)
{
	char *end;

	strtoul(v, &end, 10);
	if (end == v || (*end && (strchr("kKMG", *end) == NULL || end[1])))
		return "expected a rate like 512k, 10M or 1G";
	return NULL;
}

static const char *rate_pair(const char *v)
{
	const char *slash = strchr(v, '/');
	char a[32];

	if (!slash)
		return one_rate(v);
	if ((size_t)(slash - v) >= sizeof(a))
		return "rate too long";
	memcpy(a, v, (size_t)(slash - v));
	a[slash - v] = '\0';
	return one_rate(a) ? one_rate(a) : one_rate(slash + 1);
}

static const char *rate_limit(const char *v)
{
	char buf[256], *save = NULL, *w;
	int field = 0;

	if (strlen(v) >= 64)
		return "rate-limit too long";
	strcpy(buf, v);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save), field++) {
		const char *why = field == 4 ? number(w) : rate_pair(w);

		if (field > 5)
			return "expected rx/tx [burst [threshold [time [priority [min]]]]]";
		if (why)
			return field == 4 ? "expected a priority from 1 to 8" : why;
	}
	return NULL;
}

static const char *only_one(const char *v)
{
	/* replace: not in RouterOS; a new login ends the user's older sessions instead */
	return strcmp(v, "replace") && yes_no_default(v) ? "expected yes, no, default or replace" : NULL;
}

/* --- /radius and /radius incoming */

static const char *one_radius_service(const char *v)
{
	static const char *const ok[] = { "ppp", "login", "hotspot", "wireless", "dhcp", "ipsec" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(v, ok[i]))
			return NULL;
	return "expected a list of ppp, login, hotspot, wireless, dhcp, ipsec";
}

static const char *radius_service(const char *v)
{
	return *v ? each_item(v, one_radius_service) : NULL;
}

static const char *address(const char *v)
{
	return ipv4(v) ? NULL : "expected an IPv4 address";
}

/* timeout: per try, "300ms", "1s" or "2" (seconds), from 10ms to 60s */
static const char *radius_timeout(const char *v)
{
	unsigned int ms = cfg_milliseconds(v);

	return !ms || ms < 10 || ms > 60000 ? "expected a time from 10ms to 60s: 300ms, 1s" : NULL;
}

static const char *port(const char *v)
{
	return number(v) || !strtoul(v, NULL, 10) ? "expected a port from 1 to 65535" : NULL;
}

static const char *require_ma(const char *v)
{
	return strcmp(v, "no") && strcmp(v, "yes-for-request-resp") ?
	       "expected no or yes-for-request-resp" : NULL;
}

static const char *radius_fallback(const char *v)
{
	return strcmp(v, "if-unreachable") && strcmp(v, "never") ?
	       "expected if-unreachable or never" : NULL;
}

/* /system logging topics: RouterOS's words, each optionally negated with '!' */
static const char *one_topic(const char *v)
{
	if (*v == '!')
		v++;
	return log_topic_bit(v) ? NULL : "expected topics from: " LOG_TOPIC_NAMES;
}

static const char *topics(const char *v)
{
	return *v ? each_item(v, one_topic) : "at least one topic";
}

static const char *log_action(const char *v)
{
	static const char *const ok[] = { "memory", "disk", "echo", "remote", "journal" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(v, ok[i]))
			return NULL;
	return "expected memory, disk, echo, remote or journal";
}

/* --- the menus; C: a column of print's table, S: sensitive (never printed) */

#define C CFG_P_COLUMN
#define S CFG_P_SECRET
static const struct cfg_prop pool_props[] = {
	{ "name", NULL, name_ok, NULL, C }, { "ranges", NULL, ranges, NULL, C },
	{ "next-pool", "none", name_ok, "@pool,none", C }, { "comment", "", any, NULL, 0 },
};

static const struct cfg_prop profile_props[] = {
	{ "name", NULL, name_ok, NULL, C }, { "local-address", "", address_or_empty, "@pool", C },
	{ "remote-address", "", address_or_pool, "@pool", C },
	{ "use-encryption", "default", encryption, "default,no,yes,required", C },
	{ "only-one", "default", only_one, "default,no,yes,replace", C },
	{ "dns-server", "", dns_list, NULL, 0 },
	{ "session-timeout", "", seconds, NULL, 0 }, { "idle-timeout", "", seconds, NULL, 0 },
	{ "rate-limit", "", rate_limit, NULL, 0 }, { "comment", "", any, NULL, 0 },
};

static const struct cfg_prop secret_props[] = {
	{ "name", NULL, name_ok, NULL, C }, { "password", "", any, NULL, S },
	{ "service", "any", service, "any,pptp,l2tp,pppoe,sstp,ovpn", C },
	{ "profile", "default", name_ok, "@profile", C },
	{ "local-address", "", address_or_empty, NULL, C },
	{ "remote-address", "", address_or_empty, NULL, C }, { "routes", "", routes, NULL, 0 },
	{ "disabled", "no", yes_no, "yes,no", 0 }, { "comment", "", any, NULL, 0 },
};

static const struct cfg_prop aaa_props[] = {
	{ "use-radius", "no", yes_no, "yes,no", 0 }, { "accounting", "yes", yes_no, "yes,no", 0 },
	{ "interim-update", "0s", interim, NULL, 0 },
	/* not in RouterOS (whose page says it falls back when RADIUS is unreachable): when no
	 * server answers, local secrets decide (if-unreachable) or nobody gets in (never); a
	 * RADIUS reject is final either way */
	{ "radius-fallback", "if-unreachable", radius_fallback, "if-unreachable,never", 0 },
};

static const struct cfg_prop radius_props[] = {
	{ "service", "ppp", radius_service, "ppp,login,hotspot,wireless,dhcp,ipsec", C },
	{ "address", NULL, address, NULL, C }, { "secret", "", any, NULL, S },
	{ "authentication-port", "1812", port, NULL, C },
	{ "accounting-port", "1813", port, NULL, C },
	{ "timeout", "300ms", radius_timeout, NULL, C },
	{ "src-address", "", address_or_empty, NULL, 0 },
	{ "require-message-auth", "no", require_ma, "no,yes-for-request-resp", 0 },
	{ "disabled", "no", yes_no, "yes,no", 0 }, { "comment", "", any, NULL, 0 },
};

static const struct cfg_prop radius_incoming_props[] = {
	{ "accept", "no", yes_no, "yes,no", 0 }, { "port", "3799", port, NULL, 0 },
};

static const struct cfg_prop logging_props[] = {
	{ "topics", NULL, topics, LOG_TOPIC_NAMES, C },
	{ "action", "memory", log_action, "memory,disk,echo,remote,journal", C },
	{ "prefix", "", any, NULL, C }, { "disabled", "no", yes_no, "yes,no", 0 },
};

static const struct cfg_prop pptp_props[] = {
	{ "enabled", "no", yes_no, "yes,no", 0 },
	{ "authentication", "mschap1,mschap2", auth_list, "pap,chap,mschap1,mschap2", 0 },
	{ "default-profile", "default-encryption", name_ok, "@profile", 0 },
	{ "keepalive-timeout", "30", number, NULL, 0 },
	{ "max-mtu", "1450", mtu, NULL, 0 }, { "max-mru", "1450", mtu, NULL, 0 },
	{ "max-sessions", "unlimited", limit, NULL, 0 },
	/* not in RouterOS: pppd and Windows offer stateless first and accept stateful only when
	 * the server declines it; stateless survives loss, stateful costs less CPU */
	{ "mppe-mode", "stateless", mppe_mode, "stateless,stateful", 0 },
};
/* /interface pptp-client: RouterOS's properties and defaults (an item is added disabled) */
static const char *ifname_ok(const char *v)
{
	return name_ok(v) ? name_ok(v) : strlen(v) > 15 ? "an interface name is 1 to 15 characters" :
	       strpbrk(v, "/:") ? "an interface name has no '/' or ':'" : NULL;
}

static const char *server_address(const char *v)
{
	return ipv4(v) ? NULL : "expected the server's IPv4 address (host names: not yet)";
}

static const char *user_ok(const char *v)
{
	return strlen(v) > 64 ? "a user name is at most 64 characters" : NULL;
}

static const char *password_ok(const char *v)
{
	return strlen(v) > 256 ? "a password is at most 256 characters" : NULL;
}

static const char *distance(const char *v)
{
	return number(v) || atoi(v) > 255 ? "expected a number from 0 to 255" : NULL;
}

/* what every dial-out client has (ppp/dialout.c reads them) */
#define DIALOUT_PROPS \
	{ "name", NULL, ifname_ok, NULL, C }, { "connect-to", NULL, server_address, NULL, C }, \
	{ "user", "", user_ok, NULL, C }, { "password", "", password_ok, NULL, S }, \
	{ "profile", "default-encryption", name_ok, "@profile", C }, \
	{ "keepalive-timeout", "60", number, NULL, 0 }, \
	{ "add-default-route", "no", yes_no, "yes,no", 0 }, \
	{ "default-route-distance", "1", distance, NULL, 0 }, \
	{ "allow", "pap,chap,mschap1,mschap2", auth_list, "pap,chap,mschap1,mschap2", 0 }, \
	{ "max-mtu", "1450", mtu, NULL, 0 }, { "max-mru", "1450", mtu, NULL, 0 }

static const struct cfg_prop pptp_client_props[] = {
	DIALOUT_PROPS,
	{ "disabled", "yes", yes_no, "yes,no", 0 }, { "comment", "", any, NULL, 0 },
};

static const char *client_use_ipsec(const char *v)
{
	if (!strcmp(v, "yes"))
		return "not yet supported: L2TP/IPsec needs the IPsec support still to come";
	return strcmp(v, "no") ? "expected no or yes" : NULL;
}

/* /interface l2tp-client: RouterOS's, and the tunnel secret of the server menu */
static const struct cfg_prop l2tp_client_props[] = {
	DIALOUT_PROPS,
	{ "use-ipsec", "no", client_use_ipsec, "no,yes", 0 },
	{ "ipsec-secret", "", any, NULL, S },
	{ "tunnel-secret", "", any, NULL, S },
	{ "disabled", "yes", yes_no, "yes,no", 0 }, { "comment", "", any, NULL, 0 },
};
#undef DIALOUT_PROPS

static const struct cfg_prop l2tp_props[] = {
	{ "enabled", "no", yes_no, "yes,no", 0 },
	{ "authentication", "mschap1,mschap2", auth_list, "pap,chap,mschap1,mschap2", 0 },
	{ "default-profile", "default-encryption", name_ok, "@profile", 0 },
	{ "keepalive-timeout", "30", number, NULL, 0 },
	{ "max-mtu", "1450", mtu, NULL, 0 }, { "max-mru", "1450", mtu, NULL, 0 },
	{ "mrru", "disabled", mrru, "disabled", 0 },
	{ "max-sessions", "unlimited", limit, NULL, 0 },
	{ "use-ipsec", "no", use_ipsec, "no,yes,required", 0 },
	{ "ipsec-secret", "", any, NULL, S },
	/* not in RouterOS (see docs/design.md): the shared secret of RFC 2661 tunnel
	 * authentication and hidden AVPs; empty: tunnels are not authenticated */
	{ "tunnel-secret", "", any, NULL, S },
	{ "mppe-mode", "stateless", mppe_mode, "stateless,stateful", 0 },
};
#undef C
#undef S

#define PROPS(p) .props = p, .nprops = sizeof(p) / sizeof(p[0])
/* in the order export writes them: what an item refers to comes first */
static struct cfg_menu menus[CFG_NMENUS] = {
	[CFG_LOGGING] = { .path = "/system logging", PROPS(logging_props) },
	[CFG_POOL] = { .path = "/ip pool", PROPS(pool_props) },
	[CFG_PROFILE] = { .path = "/ppp profile", PROPS(profile_props) },
	[CFG_SECRET] = { .path = "/ppp secret", PROPS(secret_props) },
	[CFG_AAA] = { .path = "/ppp aaa", PROPS(aaa_props), .singleton = true },
	[CFG_PPTP_SERVER] = { .path = "/interface pptp-server server", PROPS(pptp_props),
			      .singleton = true },
	[CFG_RADIUS] = { .path = "/radius", PROPS(radius_props) },
	[CFG_RADIUS_INCOMING] = { .path = "/radius incoming", PROPS(radius_incoming_props),
				  .singleton = true },
	[CFG_PPTP_CLIENT] = { .path = "/interface pptp-client", PROPS(pptp_client_props) },
	[CFG_L2TP_SERVER] = { .path = "/interface l2tp-server server", PROPS(l2tp_props),
			      .singleton = true },
	[CFG_L2TP_CLIENT] = { .path = "/interface l2tp-client", PROPS(l2tp_client_props) },
};

static bool dirty;		/* changed since the file was written */
static unsigned long generation;	/* changes so far */
static void (*change_hook)(void);

struct cfg_menu *config_menu(enum cfg_menu_id id)
{
	return &menus[id];
}

struct cfg_menu *config_menu_by_path(const char *path)
{
	int i;

	for (i = 0; i < CFG_NMENUS; i++)
		if (!strcmp(menus[i].path, path))
			return &menus[i];
	return NULL;
}

bool config_dirty(void)
{
	return dirty;
}

void config_clean(void)
{
	dirty = false;
}

void config_on_change(void (*hook)(void))
{
	change_hook = hook;
}

/* /system logging's enabled rules, as masks for log.c */
static void apply_logging(void)
{
	const struct cfg_menu *m = &menus[CFG_LOGGING];
	struct log_rule rules[64];
	size_t i, n = 0;

	for (i = 0; i < m->n && n < 64; i++) {
		char buf[CFG_VALUE_MAX + 1], *save = NULL, *t;

		if (cfg_bool(cfg_get(m, &m->items[i], "disabled")))
			continue;
		snprintf(buf, sizeof(buf), "%s", cfg_get(m, &m->items[i], "topics"));
		rules[n] = (struct log_rule){ 0, 0 };
		for (t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (*t == '!')
				rules[n].none |= log_topic_bit(t + 1);
			else
				rules[n].all |= log_topic_bit(t);
		}
		n++;
	}
	log_set_rules(rules, n);
}

unsigned long config_generation(void)
{
	return generation;
}

static void changed(void)
{
	dirty = true;
	generation++;
	apply_logging();
	if (change_hook)
		change_hook();
}

int cfg_prop_index(const struct cfg_menu *m, const char *prop)
{
	size_t i;

	for (i = 0; i < m->nprops; i++)
		if (!strcmp(m->props[i].name, prop))
			return (int)i;
	return -1;
}

const char *cfg_base_i(const struct cfg_menu *m, const struct cfg_item *it, size_t prop)
{
	if (it && it->base && it->base[prop])
		return it->base[prop];
	return m->props[prop].def ? m->props[prop].def : "";
}

const char *cfg_get_i(const struct cfg_menu *m, const struct cfg_item *it, size_t prop)
{
	if (it && it->vals[prop])
		return it->vals[prop];
	return m->props[prop].def ? m->props[prop].def : "";
}

const char *cfg_get(const struct cfg_menu *m, const struct cfg_item *it, const char *prop)
{
	int i = cfg_prop_index(m, prop);

	if (i < 0 || !it)
		return "";
	return cfg_get_i(m, it, (size_t)i);
}

struct cfg_item *cfg_find(const struct cfg_menu *m, const char *name)
{
	size_t i;

	if (m->singleton)
		return m->n ? &m->items[0] : NULL;
	if (!name)
		return NULL;
	for (i = 0; i < m->n; i++)
		if (!strcmp(cfg_get(m, &m->items[i], "name"), name))
			return &m->items[i];
	return NULL;
}

static void list_props(const struct cfg_menu *m, struct strbuf *err)
{
	size_t j;

	for (j = 0; j < m->nprops; j++)
		sb_printf(err, "%s%s", j ? ", " : " ", m->props[j].name);
}

static bool has_control(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return true;
	return false;
}

/* Only these may hold any byte: a password is never shown, a comment is shown escaped. */
static bool free_text(const char *prop)
{
	return !strcmp(prop, "comment") || !strcmp(prop, "password");
}

/* Checks every pair before anything changes, so a bad command changes nothing. */
static int check_pairs(const struct cfg_menu *m, const struct cfg_item *self,
		       const char *const *keys, const char *const *vals, size_t n,
		       struct strbuf *err)
{
	size_t k;

	for (k = 0; k < n; k++) {
		int i = cfg_prop_index(m, keys[k]);
		const char *why;

		if (i < 0) {
			sb_printf(err, "unknown property %s; %s has:", keys[k], m->path);
			list_props(m, err);
			return -1;
		}
		why = strlen(vals[k]) > CFG_VALUE_MAX ? "at most " CFG_VALUE_MAX_TEXT " characters" :
		      has_control(vals[k]) && !free_text(m->props[i].name) ?
		      "no control characters (newlines, escapes) here" :
		      m->props[i].check(vals[k]);
		if (why) {
			sb_printf(err, "bad value for %s: %s", keys[k], why);
			return -1;
		}
		if (!strcmp(keys[k], "name")) {
			const struct cfg_item *other = cfg_find(m, vals[k]);

			if (other && other != self) {
				sb_printf(err, "%s %s already exists", m->path, vals[k]);
				return -1;
			}
			if (self && self->builtin && strcmp(vals[k], cfg_get(m, self, "name"))) {
				sb_puts(err, "a built-in item cannot be renamed");
				return -1;
			}
		}
	}
	return 0;
}

/* Copies first, then swaps in: out of memory half-way changes nothing either. */
static int apply(const struct cfg_menu *m, struct cfg_item *it, const char *const *keys,
		 const char *const *vals, size_t n)
{
	char *copies[64];
	size_t k;

	if (n > sizeof(copies) / sizeof(copies[0]))
		return -1;
	for (k = 0; k < n; k++) {
		copies[k] = strdup(vals[k]);
		if (!copies[k]) {
			while (k--)
				free(copies[k]);
			return -1;
		}
	}
	for (k = 0; k < n; k++) {
		int i = cfg_prop_index(m, keys[k]);

		free(it->vals[i]);
		it->vals[i] = copies[k];
	}
	return 0;
}

static struct cfg_item *new_item(struct cfg_menu *m)
{
	struct cfg_item *items = realloc(m->items, (m->n + 1) * sizeof(*items));

	if (!items)
		return NULL;
	m->items = items;
	items[m->n] = (struct cfg_item){ .vals = calloc(m->nprops, sizeof(char *)) };
	if (!items[m->n].vals)
		return NULL;
	return &items[m->n++];
}

static void free_item(const struct cfg_menu *m, struct cfg_item *it)
{
	size_t i;

	for (i = 0; i < m->nprops; i++) {
		free(it->vals[i]);
		if (it->base)
			free(it->base[i]);
	}
	free(it->vals);
	free(it->base);
}

static bool has_key(const char *const *keys, size_t n, const char *key)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (!strcmp(keys[k], key))
			return true;
	return false;
}

int cfg_add(struct cfg_menu *m, const char *const *keys, const char *const *vals, size_t n,
	    struct strbuf *err)
{
	struct cfg_item *it;
	size_t p;

	if (m->singleton) {
		sb_printf(err, "%s has one item: use set", m->path);
		return -1;
	}
	if (check_pairs(m, NULL, keys, vals, n, err))
		return -1;
	for (p = 0; p < m->nprops; p++) {
		if (!m->props[p].def && !has_key(keys, n, m->props[p].name)) {
			sb_printf(err, "%s add needs %s=", m->path, m->props[p].name);
			return -1;
		}
	}
	it = new_item(m);
	if (!it || apply(m, it, keys, vals, n)) {
		if (it)
			free_item(m, &m->items[--m->n]);
		sb_puts(err, "out of memory");
		return -1;
	}
	changed();
	return 0;
}

int cfg_check(const struct cfg_menu *m, const struct cfg_item *it, const char *const *keys,
	      const char *const *vals, size_t n, struct strbuf *err)
{
	return check_pairs(m, it, keys, vals, n, err);
}

int cfg_set(struct cfg_menu *m, struct cfg_item *it, const char *const *keys,
	    const char *const *vals, size_t n, struct strbuf *err)
{
	if (check_pairs(m, it, keys, vals, n, err))
		return -1;
	if (apply(m, it, keys, vals, n)) {
		sb_puts(err, "out of memory");
		return -1;
	}
	changed();
	return 0;
}

int cfg_remove(struct cfg_menu *m, struct cfg_item *it, struct strbuf *err)
{
	size_t i = (size_t)(it - m->items);

	if (m->singleton || it->builtin) {
		sb_printf(err, "%s %s is built in and cannot be removed", m->path,
			  m->singleton ? "server" : cfg_get(m, it, "name"));
		return -1;
	}
	free_item(m, it);
	memmove(it, it + 1, (m->n - i - 1) * sizeof(*it));
	m->n--;
	changed();
	return 0;
}

struct cfg_item *cfg_view_add(struct cfg_menu *v)
{
	return new_item(v);
}

int cfg_view_set(const struct cfg_menu *v, struct cfg_item *it, const char *prop,
		 const char *value)
{
	int i = cfg_prop_index(v, prop);
	char *copy;

	if (i < 0 || !(copy = strdup(value)))
		return -1;
	free(it->vals[i]);
	it->vals[i] = copy;
	return 0;
}

void cfg_view_free(struct cfg_menu *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free_item(v, &v->items[i]);
	free(v->items);
	v->items = NULL;
	v->n = 0;
}

bool cfg_bool(const char *v)
{
	return !strcmp(v, "yes");
}

unsigned int cfg_seconds(const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	switch (*end) {
	case 'm': return (unsigned int)n * 60;
	case 'h': return (unsigned int)n * 3600;
	case 'd': return (unsigned int)n * 86400;
	case 'w': return (unsigned int)n * 604800;
	default: return (unsigned int)n;
	}
}

unsigned int cfg_milliseconds(const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	if (end == v || n > 86400000UL)
		return 0;
	if (!strcmp(end, "ms"))
		return (unsigned int)n;
	if (!*end || !strcmp(end, "s"))
		return n > 86400 ? 0 : (unsigned int)n * 1000;
	return 0;
}

bool cfg_list_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	if (!n)
		return false;
	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

/* RouterOS: a profile property left at "default" (or empty) takes the default profile's. */
const char *cfg_profile_get(const char *profile, const char *prop)
{
	const struct cfg_menu *m = &menus[CFG_PROFILE];
	const struct cfg_item *it = cfg_find(m, profile);
	const char *v = cfg_get(m, it, prop);

	if ((!*v || !strcmp(v, "default")) && strcmp(profile, "default"))
		v = cfg_get(m, cfg_find(m, "default"), prop);
	return v;
}

/* A built-in item remembers what it was built with: reset and export compare against it. */
static int add_builtin(enum cfg_menu_id id, const char *const *keys, const char *const *vals,
		       size_t n)
{
	struct cfg_menu *m = &menus[id];
	struct cfg_item *it;
	size_t p;

	it = new_item(m);
	if (!it || apply(m, it, keys, vals, n))
		return -1;
	it->builtin = true;
	it->base = calloc(m->nprops, sizeof(char *));
	if (!it->base)
		return -1;
	for (p = 0; p < m->nprops; p++)
		if (it->vals[p] && !(it->base[p] = strdup(it->vals[p])))
			return -1;
	return 0;
}

static int add_builtins(void)
{
	static const char *const name[] = { "name" }, *const def[] = { "default" };
	static const char *const enc_k[] = { "name", "use-encryption" };
	static const char *const enc_v[] = { "default-encryption", "yes" };
	/* RouterOS's default logging rules; ours all go to the journal */
	static const char *const topic[] = { "topics" };
	static const char *const info[] = { "info" }, *const warning[] = { "warning" };
	static const char *const error[] = { "error" }, *const critical[] = { "critical" };

	return add_builtin(CFG_PROFILE, name, def, 1) ||
	       add_builtin(CFG_PROFILE, enc_k, enc_v, 2) ||
	       add_builtin(CFG_LOGGING, topic, info, 1) ||
	       add_builtin(CFG_LOGGING, topic, warning, 1) ||
	       add_builtin(CFG_LOGGING, topic, error, 1) ||
	       add_builtin(CFG_LOGGING, topic, critical, 1) ||
	       add_builtin(CFG_AAA, NULL, NULL, 0) ||
	       add_builtin(CFG_PPTP_SERVER, NULL, NULL, 0) ||
	       add_builtin(CFG_RADIUS_INCOMING, NULL, NULL, 0) ||
	       add_builtin(CFG_L2TP_SERVER, NULL, NULL, 0) ? -1 : 0;
}

static void free_all(void)
{
	int m;
	size_t i;

	for (m = 0; m < CFG_NMENUS; m++) {
		for (i = 0; i < menus[m].n; i++)
			free_item(&menus[m], &menus[m].items[i]);
		free(menus[m].items);
		menus[m].items = NULL;
		menus[m].n = 0;
	}
}

int config_init(void)
{
	dirty = false;
	if (add_builtins())
		return -1;
	apply_logging();
	return 0;
}

void config_reset(void)
{
	free_all();
	if (add_builtins())
		log_err("reset-configuration: out of memory rebuilding the built-in items");
	changed();
}

void config_done(void)
{
	free_all();
}
