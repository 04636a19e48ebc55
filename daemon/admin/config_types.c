// SPDX-License-Identifier: GPL-2.0
/*
 * Property types: a check (what a person typed: say what is wrong) and a parse (into the
 * field the protocol code reads; only ever given values the check passed, or defaults).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config_types.h"
#include "core/log.h"

#define NWORDS(w) (sizeof(w) / sizeof(w[0]) - 1)

static bool ipv4(const char *v)
{
	struct in_addr a;

	return inet_pton(AF_INET, v, &a) == 1;
}

static uint32_t ipv4_of(const char *v)
{
	struct in_addr a;

	return inet_pton(AF_INET, v, &a) == 1 ? a.s_addr : 0;
}

/* Each comma-separated element through one(); NULL if all pass. */
static const char *each_item(const char *v, const char *(*one)(const char *))
{
	char buf[1024], *save = NULL, *w;
	const char *why;

	if (strlen(v) >= sizeof(buf))
		return "too long";
	strcpy(buf, v);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if ((why = one(w)))
			return why;
	return NULL;
}

/* --- text */

static const char *any(const struct cfg_type *t, const char *v)
{
	(void)t;
	(void)v;
	return NULL;
}

static void parse_text(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	*(const char **)field = v;
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

static const char *check_name(const struct cfg_type *t, const char *v)
{
	(void)t;
	return name_ok(v);
}

static const char *check_ifname(const struct cfg_type *t, const char *v)
{
	(void)t;
	return name_ok(v) ? name_ok(v) : strlen(v) > 15 ? "an interface name is 1 to 15 characters" :
	       strpbrk(v, "/:") ? "an interface name has no '/' or ':'" : NULL;
}

/* user names and passwords: a length limit (max) and any bytes */
static const char *check_length(const struct cfg_type *t, const char *v)
{
	return strlen(v) > t->max ? t->why : NULL;
}

const struct cfg_type cfg_text_type = {
	.check = any,
	.parse = parse_text,
	.size = sizeof(cfg_text_t),
};
const struct cfg_type cfg_name_type = {
	.check = check_name,
	.parse = parse_text,
	.size = sizeof(cfg_name_t),
};
const struct cfg_type cfg_ifname_type = {
	.check = check_ifname,
	.parse = parse_text,
	.size = sizeof(cfg_ifname_t),
};
const struct cfg_type cfg_user_type = {
	.check = check_length,
	.parse = parse_text,
	.size = sizeof(cfg_user_t),
	.max = 64,
	.why = "a user name is at most 64 characters",
};
const struct cfg_type cfg_password_type = {
	.check = check_length,
	.parse = parse_text,
	.size = sizeof(cfg_password_t),
	.max = 256,
	.why = "a password is at most 256 characters",
};

/* --- enums: a value is one of the type's words */

static unsigned int word_index(const struct cfg_type *t, const char *v)
{
	unsigned int i;

	for (i = 0; t->words[i]; i++)
		if (!strcmp(v, t->words[i]))
			return i;
	return i;
}

/* t->why says what is expected; t->max: words from max on exist but are refused */
static const char *check_enum(const struct cfg_type *t, const char *v)
{
	unsigned int i = word_index(t, v);

	if (!t->words[i])
		return t->why;
	return t->max && i >= t->max ?
	       "not yet supported: L2TP/IPsec needs the IPsec support still to come" : NULL;
}

static void parse_enum(const struct cfg_type *t, const char *v, void *field)
{
	unsigned int i = word_index(t, v);

	*(unsigned int *)field = t->words[i] ? i : 0;
}

const char *cfg_word(const struct cfg_type *t, unsigned int v)
{
	unsigned int i;

	for (i = 0; t->words[i]; i++)
		if (i == v)
			return t->words[i];
	return "";
}

#define ENUM_TYPE(id, why_text, ...) \
	static const char *const id##_words[] = { __VA_ARGS__, NULL }; \
	const struct cfg_type cfg_##id##_type = { .check = check_enum, .parse = parse_enum, \
		.size = sizeof(cfg_##id##_t), .words = id##_words, .why = why_text }

static void parse_bool(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	*(bool *)field = !strcmp(v, "yes");
}

static const char *const yes_no_words[] = { "no", "yes", NULL };
const struct cfg_type cfg_bool_type = {
	.check = check_enum,
	.parse = parse_bool,
	.size = sizeof(cfg_bool_t),
	.choices = "yes,no",
	.words = yes_no_words,
	.why = "expected yes or no",
};

ENUM_TYPE(encryption, "expected default, no, yes or required", "default", "no", "yes", "required");
/* replace: not in RouterOS; a new login ends the user's older sessions instead */
ENUM_TYPE(only_one, "expected yes, no, default or replace", "default", "no", "yes", "replace");
ENUM_TYPE(service, "expected any, pptp, l2tp, pppoe, sstp or ovpn",
	  "any", "pptp", "l2tp", "pppoe", "sstp", "ovpn");
ENUM_TYPE(mppe_mode, "expected stateless or stateful", "stateless", "stateful");
ENUM_TYPE(require_ma, "expected no or yes-for-request-resp", "no", "yes-for-request-resp");
ENUM_TYPE(radius_fallback, "expected if-unreachable or never", "if-unreachable", "never");
ENUM_TYPE(log_action, "expected memory, disk, echo, remote or journal",
	  "memory", "disk", "echo", "remote", "journal");

/* L2TP/IPsec comes with the IPsec work: until then only plain L2TP is served */
static const char *const use_ipsec_words[] = { "no", "yes", "required", NULL };
const struct cfg_type cfg_use_ipsec_type = {
	.check = check_enum,
	.parse = parse_enum,
	.size = sizeof(cfg_use_ipsec_t),
	.choices = "no,yes,required",
	.words = use_ipsec_words,
	.max = 1,
	.why = "expected no, yes or required",
};
static const char *const client_use_ipsec_words[] = { "no", "yes", NULL };
const struct cfg_type cfg_client_use_ipsec_type = {
	.check = check_enum,
	.parse = parse_enum,
	.size = sizeof(cfg_client_use_ipsec_t),
	.choices = "no,yes",
	.words = client_use_ipsec_words,
	.max = 1,
	.why = "expected no or yes",
};

/* word lists "a,b": a bit per word; an empty list needs t->min == 0 */
static const char *check_word_list(const struct cfg_type *t, const char *v)
{
	char buf[1024], *save = NULL, *w;

	if (!*v)
		return t->min ? t->why : NULL;
	if (strlen(v) >= sizeof(buf))
		return "too long";
	strcpy(buf, v);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (!t->words[word_index(t, w)])
			return t->why;
	return NULL;
}

static void parse_word_list(const struct cfg_type *t, const char *v, void *field)
{
	char buf[1024], *save = NULL, *w;
	unsigned int bits = 0, i;

	snprintf(buf, sizeof(buf), "%s", v);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (t->words[i = word_index(t, w)])
			bits |= 1u << i;
	*(unsigned int *)field = bits;
}

static const char *const auth_words[] = { "pap", "chap", "mschap1", "mschap2", NULL };
const struct cfg_type cfg_auth_list_type = {
	.check = check_word_list,
	.parse = parse_word_list,
	.size = sizeof(cfg_auth_list_t),
	.choices = "pap,chap,mschap1,mschap2",
	.words = auth_words,
	.min = 1,
	.why = "expected a list of pap, chap, mschap1, mschap2",
};
static const char *const radius_service_words[] = {
	"ppp", "login", "hotspot", "wireless", "dhcp", "ipsec", NULL,
};
const struct cfg_type cfg_radius_service_type = {
	.check = check_word_list,
	.parse = parse_word_list,
	.size = sizeof(cfg_radius_service_t),
	.choices = "ppp,login,hotspot,wireless,dhcp,ipsec",
	.words = radius_service_words,
	.why = "expected a list of ppp, login, hotspot, wireless, dhcp, ipsec",
};

/* --- numbers */

/* a number from t->min to t->max; t->words[0], if any, stands for t->max + 1 ... */
static const char *check_number(const struct cfg_type *t, const char *v)
{
	char *end;
	unsigned long n;

	if (t->words && !strcmp(v, t->words[0]))
		return NULL;
	n = strtoul(v, &end, 10);
	return end == v || *end || !isdigit((unsigned char)*v) || n < t->min || n > t->max ?
	       t->why : NULL;
}

/* ... which parses as 0 for mrru's "disabled", CFG_UNLIMITED for a limit's "unlimited" */
static void parse_number(const struct cfg_type *t, const char *v, void *field)
{
	if (t->words && !strcmp(v, t->words[0]))
		*(unsigned int *)field = strcmp(v, "unlimited") ? 0 : CFG_UNLIMITED;
	else
		*(unsigned int *)field = (unsigned int)strtoul(v, NULL, 10);
}

#define NUMBER_TYPE(id, lo, hi, why_text) \
	const struct cfg_type cfg_##id##_type = { .check = check_number, .parse = parse_number, \
		.size = sizeof(cfg_##id##_t), .min = lo, .max = hi, .why = why_text }

NUMBER_TYPE(u16, 0, 65535, "expected a number up to 65535");
NUMBER_TYPE(mtu, 576, 16384, "expected a number from 576 to 16384");
NUMBER_TYPE(port, 1, 65535, "expected a port from 1 to 65535");
NUMBER_TYPE(distance, 0, 255, "expected a number from 0 to 255");
static const char *const unlimited_words[] = { "unlimited", NULL };
const struct cfg_type cfg_limit_type = {
	.check = check_number,
	.parse = parse_number,
	.size = sizeof(cfg_limit_t),
	.choices = NULL,
	.words = unlimited_words,
	.min = 0,
	.max = 65535,
	.why = "expected unlimited or a number",
};
static const char *const disabled_words[] = { "disabled", NULL };
const struct cfg_type cfg_mrru_type = {
	.check = check_number,
	.parse = parse_number,
	.size = sizeof(cfg_mrru_t),
	.choices = "disabled",
	.words = disabled_words,
	.min = 512,
	.max = 65535,
	.why = "expected disabled or a number from 512 to 65535",
};

/* --- durations: one grammar, "30", "30s", "5m", "1h", "1d", "1w" */

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

/* durations fit an unsigned int of seconds with room to spare: up to about 68 years;
 * t->max, if set, is the longest allowed */
static const char *check_seconds(const struct cfg_type *t, const char *v)
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
	return t->max && cfg_seconds(v) > t->max ? t->why : NULL;
}

static void parse_seconds(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	*(unsigned int *)field = cfg_seconds(v);
}

const struct cfg_type cfg_seconds_type = {
	.check = check_seconds,
	.parse = parse_seconds,
	.size = sizeof(cfg_seconds_t),
};
/* interim-update: up to a day (records more than a day apart help nobody) */
const struct cfg_type cfg_interim_type = {
	.check = check_seconds,
	.parse = parse_seconds,
	.size = sizeof(cfg_interim_t),
	.max = 86400,
	.why = "at most 1d",
};

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

/* "300ms", "1s" or "2" (seconds), from t->min to t->max milliseconds */
static const char *check_msec(const struct cfg_type *t, const char *v)
{
	unsigned int ms = cfg_milliseconds(v);

	return !ms || ms < t->min || ms > t->max ? t->why : NULL;
}

static void parse_msec(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	*(unsigned int *)field = cfg_milliseconds(v);
}

/* the RADIUS timeout per try */
const struct cfg_type cfg_msec_type = {
	.check = check_msec,
	.parse = parse_msec,
	.size = sizeof(cfg_msec_t),
	.min = 10,
	.max = 60000,
	.why = "expected a time from 10ms to 60s: 300ms, 1s",
};

/* --- addresses */

static const char *check_ipv4(const struct cfg_type *t, const char *v)
{
	return (*v || !t->min) && !ipv4(v) ? t->why : NULL;
}

static const char *check_ipv4_opt(const struct cfg_type *t, const char *v)
{
	return *v ? check_ipv4(t, v) : NULL;
}

static void parse_ipv4(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	*(uint32_t *)field = ipv4_of(v);
}

const struct cfg_type cfg_ipv4_type = {
	.check = check_ipv4,
	.parse = parse_ipv4,
	.size = sizeof(cfg_ipv4_t),
	.why = "expected an IPv4 address",
};
const struct cfg_type cfg_ipv4_opt_type = {
	.check = check_ipv4_opt,
	.parse = parse_ipv4,
	.size = sizeof(cfg_ipv4_opt_t),
	.why = "expected an IPv4 address",
};
const struct cfg_type cfg_server_address_type = {
	.check = check_ipv4,
	.parse = parse_ipv4,
	.size = sizeof(cfg_server_address_t),
	.why = "expected the server's IPv4 address (host names: not yet)",
};

static const char *one_dns(const char *v)
{
	return ipv4(v) ? NULL : "expected IPv4 addresses separated by commas";
}

static const char *check_dns(const struct cfg_type *t, const char *v)
{
	(void)t;
	return *v ? each_item(v, one_dns) : NULL;
}

/* the first four: IPCP offers two (RFC 1877), and nothing takes more than four */
static void parse_dns(const struct cfg_type *t, const char *v, void *field)
{
	struct cfg_ipv4_list *l = field;
	char buf[1024], *save = NULL, *w;

	(void)t;
	memset(l, 0, sizeof(*l));
	snprintf(buf, sizeof(buf), "%s", v);
	for (w = strtok_r(buf, ",", &save); w && l->n < 4; w = strtok_r(NULL, ",", &save))
		l->addr[l->n++] = ipv4_of(w);
}

const struct cfg_type cfg_dns_list_type = {
	.check = check_dns,
	.parse = parse_dns,
	.size = sizeof(cfg_dns_list_t),
};

static const char *one_range(const char *v)
{
	char a[32], b[32];
	const char *dash = strchr(v, '-'), *slash = strchr(v, '/');

	if (dash && (size_t)(dash - v) < sizeof(a) && strlen(dash + 1) < sizeof(b)) {
		memcpy(a, v, (size_t)(dash - v));
		a[dash - v] = '\0';
		strcpy(b, dash + 1);
		if (ipv4(a) && ipv4(b) && ntohl(ipv4_of(a)) <= ntohl(ipv4_of(b)))
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

/* pools: the allocator (aaa/ipam.c) walks the ranges itself */
static const char *check_ranges(const struct cfg_type *t, const char *v)
{
	(void)t;
	return *v ? each_item(v, one_range) : "a pool needs ranges";
}

const struct cfg_type cfg_ranges_type = {
	.check = check_ranges,
	.parse = parse_text,
	.size = sizeof(cfg_ranges_t),
};

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
	return (ntohl(ipv4_of(a)) & ~mask) != 0;
}

static const char *route_number(const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	return end == v || *end || n > 65535 ? "bad" : NULL;
}

/* routes: "dst/len [gateway] [metric]", several separated by commas (ppp applies them) */
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
		    (field == 1 && !ipv4(w)) || (field == 2 && route_number(w)) || field > 2)
			return "expected routes like \"10.1.0.0/24 10.0.0.1 1\" separated by commas";
	}
	return NULL;
}

static const char *check_routes(const struct cfg_type *t, const char *v)
{
	(void)t;
	return *v ? each_item(v, one_route) : NULL;
}

const struct cfg_type cfg_routes_type = {
	.check = check_routes,
	.parse = parse_text,
	.size = sizeof(cfg_routes_t),
};

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

static const char *check_rate_limit(const struct cfg_type *t, const char *v)
{
	char buf[256], *save = NULL, *w;
	int field = 0;

	(void)t;
	if (strlen(v) >= 64)
		return "rate-limit too long";
	strcpy(buf, v);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save), field++) {
		const char *why = field == 4 ? route_number(w) : rate_pair(w);

		if (field > 5)
			return "expected rx/tx [burst [threshold [time [priority [min]]]]]";
		if (why)
			return field == 4 ? "expected a priority from 1 to 8" : why;
	}
	return NULL;
}

const struct cfg_type cfg_rate_limit_type = {
	.check = check_rate_limit,
	.parse = parse_text,
	.size = sizeof(cfg_rate_limit_t),
};

/* --- /system logging topics: RouterOS's words, each optionally negated with '!' */

static const char *one_topic(const char *v)
{
	if (*v == '!')
		v++;
	return log_topic_bit(v) ? NULL : "expected topics from: " LOG_TOPIC_NAMES;
}

static const char *check_topics(const struct cfg_type *t, const char *v)
{
	(void)t;
	return *v ? each_item(v, one_topic) : "at least one topic";
}

static void parse_topics(const struct cfg_type *t, const char *v, void *field)
{
	struct cfg_topics *r = field;
	char buf[1024], *save = NULL, *w;

	(void)t;
	*r = (struct cfg_topics){ 0, 0 };
	snprintf(buf, sizeof(buf), "%s", v);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (*w == '!')
			r->none |= log_topic_bit(w + 1);
		else
			r->all |= log_topic_bit(w);
	}
}

const struct cfg_type cfg_topics_type = {
	.check = check_topics,
	.parse = parse_topics,
	.size = sizeof(cfg_topics_t),
	.choices = LOG_TOPIC_NAMES,
};

/* --- references to other menus' items (checked by config.c, which knows the items) */

static bool is_none(const char *v)
{
	return !strcmp(v, "none");
}

static void parse_pool_ref(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	*(const char **)field = is_none(v) ? NULL : v;
}

const struct cfg_type cfg_pool_ref_type = {
	.check = check_name,
	.parse = parse_pool_ref,
	.size = sizeof(cfg_pool_ref_t),
	.choices = "none",
	.ref = "/ip pool",
	.not_ref = is_none,
};
const struct cfg_type cfg_profile_ref_type = {
	.check = check_name,
	.parse = parse_text,
	.size = sizeof(cfg_profile_ref_t),
	.ref = "/ppp profile",
};

static bool empty_or_address(const char *v)
{
	return !*v || ipv4(v);
}

/* remote-address: an address or the name of a pool */
static const char *check_address_or_pool(const struct cfg_type *t, const char *v)
{
	(void)t;
	return empty_or_address(v) || !name_ok(v) ? NULL : "expected an IPv4 address or a pool name";
}

static void parse_address_or_pool(const struct cfg_type *t, const char *v, void *field)
{
	struct cfg_addr_or_pool *a = field;

	(void)t;
	a->addr = ipv4_of(v);
	a->pool = empty_or_address(v) ? NULL : v;
}

const struct cfg_type cfg_address_or_pool_type = {
	.check = check_address_or_pool,
	.parse = parse_address_or_pool,
	.size = sizeof(cfg_address_or_pool_t),
	.ref = "/ip pool",
	.not_ref = empty_or_address,
};

/* --- ipv4_prefix: "a.b.c.d/len" or "a.b.c.d" (/32), no host bits */

static bool split_prefix(const char *v, uint32_t *addr, unsigned int *len)
{
	const char *slash = strchr(v, '/');
	char a[INET_ADDRSTRLEN], *end;
	unsigned long n = 32;
	size_t alen = slash ? (size_t)(slash - v) : strlen(v);

	if (alen >= sizeof(a))
		return false;
	memcpy(a, v, alen);
	a[alen] = '\0';
	if (!ipv4(a))
		return false;
	if (slash) {
		n = strtoul(slash + 1, &end, 10);
		if (end == slash + 1 || *end || n > 32)
			return false;
	}
	*addr = ipv4_of(a);
	*len = (unsigned int)n;
	return true;
}

static uint32_t prefix_mask(unsigned int len)
{
	return len ? htonl(0xffffffffu << (32 - len)) : 0;
}

bool cfg_prefix_contains(const struct cfg_ipv4_prefix *p, uint32_t addr)
{
	return (addr & prefix_mask(p->len)) == p->addr;
}

static const char *check_prefix(const struct cfg_type *t, const char *v)
{
	uint32_t addr;
	unsigned int len;

	(void)t;
	if (!split_prefix(v, &addr, &len))
		return "expected an address or a network: 10.0.0.0/8, 192.0.2.1";
	if (addr & ~prefix_mask(len))
		return "a network has no host bits: 10.1.0.0/24, not 10.1.0.5/24";
	return NULL;
}

static void parse_prefix(const struct cfg_type *t, const char *v, void *field)
{
	struct cfg_ipv4_prefix *p = field;

	(void)t;
	if (!split_prefix(v, &p->addr, &p->len))
		memset(p, 0, sizeof(*p));
}

const struct cfg_type cfg_ipv4_prefix_type = {
	.check = check_prefix,
	.parse = parse_prefix,
	.size = sizeof(cfg_ipv4_prefix_t),
};

/* --- /certificate: RouterOS's template properties */

/* a certificate's name also names its export files (cert_export_NAME.crt): no '/' */
static const char *check_cert_name(const struct cfg_type *t, const char *v)
{
	(void)t;
	if (name_ok(v))
		return name_ok(v);
	return strchr(v, '/') || !strcmp(v, ".") || !strcmp(v, "..") ?
	       "a certificate name has no '/' and is not . or .." : NULL;
}

const struct cfg_type cfg_cert_name_type = {
	.check = check_cert_name,
	.parse = parse_text,
	.size = sizeof(cfg_cert_name_t),
};
/* RFC 5280's upper bound for a common name, organization and unit (ub-*: 64) */
const struct cfg_type cfg_dn_text_type = {
	.check = check_length,
	.parse = parse_text,
	.size = sizeof(cfg_dn_text_t),
	.max = 64,
	.why = "at most 64 characters (RFC 5280)",
};

static const char *check_country(const struct cfg_type *t, const char *v)
{
	(void)t;
	if (!*v)
		return NULL;
	return strlen(v) == 2 && isalpha((unsigned char)v[0]) && isalpha((unsigned char)v[1]) ?
	       NULL : "expected a two-letter country code (ISO 3166)";
}

const struct cfg_type cfg_country_type = {
	.check = check_country,
	.parse = parse_text,
	.size = sizeof(cfg_country_t),
};

/* the order is CFG_KEY_*'s */
static const char *const key_size_words[] = {
	"1024", "1536", "2048", "4096", "8192", "prime256v1", "secp384r1", "secp521r1", NULL,
};
const struct cfg_type cfg_key_size_type = {
	.check = check_enum,
	.parse = parse_enum,
	.size = sizeof(cfg_key_size_t),
	.choices = "1024,1536,2048,4096,8192,prime256v1,secp384r1,secp521r1",
	.words = key_size_words,
	.why = "expected 1024, 1536, 2048, 4096, 8192, prime256v1, secp384r1 or secp521r1",
};
ENUM_TYPE(digest, "expected md5, sha1, sha256, sha384 or sha512",
	  "md5", "sha1", "sha256", "sha384", "sha512");
/* RouterOS's words, bit i for word i (CFG_KU_*) */
static const char *const key_usage_words[] = {
	"digital-signature", "content-commitment", "key-encipherment", "data-encipherment",
	"key-agreement", "key-cert-sign", "crl-sign", "encipher-only", "decipher-only",
	"tls-server", "tls-client", "code-sign", "email-protect", "timestamp", "ocsp-sign",
	"dvcs", NULL,
};
const struct cfg_type cfg_key_usage_type = {
	.check = check_word_list,
	.parse = parse_word_list,
	.size = sizeof(cfg_key_usage_t),
	.words = key_usage_words,
	.why = "expected a list of digital-signature, content-commitment, key-encipherment, "
	       "data-encipherment, key-agreement, key-cert-sign, crl-sign, encipher-only, "
	       "decipher-only, tls-server, tls-client, code-sign, email-protect, timestamp, "
	       "ocsp-sign, dvcs",
};
NUMBER_TYPE(days_valid, 1, 36500, "expected a number of days from 1 to 36500");

/* subject-alt-name: DNS:name, IP:address (v4 or v6), email:address, separated by commas */
static const char *one_san(const char *v)
{
	struct in6_addr a6;

	if (!strncmp(v, "DNS:", 4) && v[4] && !strpbrk(v + 4, " \t"))
		return NULL;
	if (!strncmp(v, "email:", 6) && strchr(v + 6, '@') && !strpbrk(v + 6, " \t"))
		return NULL;
	if (!strncmp(v, "IP:", 3) && (ipv4(v + 3) || inet_pton(AF_INET6, v + 3, &a6) == 1))
		return NULL;
	return "expected DNS:name, IP:address or email:user@domain, separated by commas";
}

static const char *check_san(const struct cfg_type *t, const char *v)
{
	(void)t;
	return *v ? each_item(v, one_san) : NULL;
}

const struct cfg_type cfg_san_type = {
	.check = check_san,
	.parse = parse_text,
	.size = sizeof(cfg_san_t),
};

static bool is_empty(const char *v)
{
	return !*v;
}

static const char *check_cert_ref(const struct cfg_type *t, const char *v)
{
	return *v ? check_cert_name(t, v) : NULL;
}

/* certificate= (IPsec identities, SSTP, OpenVPN): a /certificate entry, or none ("") */
const struct cfg_type cfg_cert_ref_type = {
	.check = check_cert_ref,
	.parse = parse_text,
	.size = sizeof(cfg_cert_ref_t),
	.ref = "/certificate",
	.not_ref = is_empty,
};
