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
#include "rate_limit.h"

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
	       "not supported yet" : NULL;
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
/* IPv6CP: offered (yes, and default), refused (no), or the session fails without it */
ENUM_TYPE(use_ipv6, "expected default, no, yes or require", "default", "no", "yes", "require");
/* replace: not in RouterOS; a new login ends the user's older sessions instead */
ENUM_TYPE(only_one, "expected yes, no, default or replace", "default", "no", "yes", "replace");
/* ipsec (ours): IKEv2 road warriors' EAP-MSCHAPv2 against the secret */
ENUM_TYPE(service, "expected any, pptp, l2tp, pppoe, sstp, ovpn or ipsec",
	  "any", "pptp", "l2tp", "pppoe", "sstp", "ovpn", "ipsec");
ENUM_TYPE(mppe_mode, "expected stateless or stateful", "stateless", "stateful");
ENUM_TYPE(require_ma, "expected no or yes-for-request-resp", "no", "yes-for-request-resp");
ENUM_TYPE(radius_fallback, "expected if-unreachable or never", "if-unreachable", "never");
ENUM_TYPE(log_action, "expected memory, disk, echo, remote or journal",
	  "memory", "disk", "echo", "remote", "journal");

static const char *const use_ipsec_words[] = { "no", "yes", "required", NULL };
const struct cfg_type cfg_use_ipsec_type = {
	.check = check_enum,
	.parse = parse_enum,
	.size = sizeof(cfg_use_ipsec_t),
	.choices = "no,yes,required",
	.words = use_ipsec_words,
	.why = "expected no, yes or required",
};
static const char *const client_use_ipsec_words[] = { "no", "yes", NULL };
const struct cfg_type cfg_client_use_ipsec_type = {
	.check = check_enum,
	.parse = parse_enum,
	.size = sizeof(cfg_client_use_ipsec_t),
	.choices = "no,yes",
	.words = client_use_ipsec_words,
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

/* /ppp aaa rate-limit-attributes: where RADIUS's rate-limit may come from (aaa/rate_attrs.c) */
static const char *const rate_attr_words[] = { "mikrotik-rate-limit", "filter-id", "cisco-avpair",
					       NULL };
const struct cfg_type cfg_rate_attrs_type = {
	.check = check_word_list,
	.parse = parse_word_list,
	.size = sizeof(cfg_rate_attrs_t),
	.choices = "mikrotik-rate-limit,filter-id,cisco-avpair",
	.words = rate_attr_words,
	.why = "expected mikrotik-rate-limit, filter-id or cisco-avpair, separated by commas",
};

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
/* PPPoE's pado-delay, milliseconds */
NUMBER_TYPE(pado_delay, 0, 10000, "expected milliseconds from 0 to 10000");
NUMBER_TYPE(port, 1, 65535, "expected a port from 1 to 65535");
NUMBER_TYPE(distance, 0, 255, "expected a number from 0 to 255");
/* /ipv6 pool prefix-length: SLAAC needs 64; what is handed out is at most 64 bits long */
NUMBER_TYPE(ipv6_prefix_length, 1, 64, "expected a prefix length from 1 to 64");
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

/* max-mtu=auto (0): what the interface allows */
static const char *const auto_words[] = { "auto", NULL };
const struct cfg_type cfg_mtu_auto_type = {
	.check = check_number,
	.parse = parse_number,
	.size = sizeof(cfg_mtu_auto_t),
	.choices = "auto",
	.words = auto_words,
	.min = 576,
	.max = 16384,
	.why = "expected auto or a number from 576 to 16384",
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

/* a server a client can reach: not unspecified, loopback, multicast or link-local */
static bool dns6(const char *v, uint8_t out[16])
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, v, &a) != 1 || IN6_IS_ADDR_UNSPECIFIED(&a) ||
	    IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_MULTICAST(&a) || IN6_IS_ADDR_LINKLOCAL(&a) ||
	    IN6_IS_ADDR_V4MAPPED(&a))
		return false;
	if (out)
		memcpy(out, &a, 16);
	return true;
}

static const char *one_dns(const char *v)
{
	return ipv4(v) || dns6(v, NULL) ? NULL :
	       "expected IPv4 or global IPv6 addresses separated by commas";
}

static const char *check_dns(const struct cfg_type *t, const char *v)
{
	(void)t;
	return *v ? each_item(v, one_dns) : NULL;
}

/* each family's first CFG_DNS_MAX and CFG_DNS6_MAX, in the order given */
static void parse_dns(const struct cfg_type *t, const char *v, void *field)
{
	struct cfg_dns_list *l = field;
	char buf[1024], *save = NULL, *w;

	(void)t;
	memset(l, 0, sizeof(*l));
	snprintf(buf, sizeof(buf), "%s", v);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (ipv4(w) && l->n < CFG_DNS_MAX)
			l->addr[l->n++] = ipv4_of(w);
		else if (l->n6 < CFG_DNS6_MAX && dns6(w, l->addr6[l->n6]))
			l->n6++;
	}
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

/* rate-limit, as RouterOS writes it (libshared/rate_limit.h: the grammar, the one parser). */
static const char *check_rate_limit(const struct cfg_type *t, const char *v)
{
	struct rate_limit rl;
	const char *why = NULL;

	(void)t;
	return rate_limit_parse(v, &rl, &why) ? why : NULL;
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
const struct cfg_type cfg_ipv6_pool_ref_type = {
	.check = check_name,
	.parse = parse_pool_ref,
	.size = sizeof(cfg_ipv6_pool_ref_t),
	.choices = "none",
	.ref = "/ipv6 pool",
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

/* --- /ip ipsec: addresses of either family (policies, peers), as RouterOS takes them */

static bool ip_any(const char *v, struct cfg_ip_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, v, a->addr) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, v, a->addr) == 1)
		a->family = AF_INET6;
	return a->family != 0;
}

static const char *check_ip_addr(const struct cfg_type *t, const char *v)
{
	struct cfg_ip_addr a;

	(void)t;
	return !*v || ip_any(v, &a) ? NULL : "expected an IPv4 or IPv6 address";
}

static void parse_ip_addr(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	ip_any(v, field);
}

/* local-address, sa-src-address, sa-dst-address: an address, or none ("") */
const struct cfg_type cfg_ip_addr_type = {
	.check = check_ip_addr,
	.parse = parse_ip_addr,
	.size = sizeof(cfg_ip_addr_t),
};

static bool split_ip_prefix(const char *v, struct cfg_ip_prefix *p)
{
	const char *slash = strchr(v, '/');
	char a[INET6_ADDRSTRLEN], *end;
	size_t alen = slash ? (size_t)(slash - v) : strlen(v);
	unsigned long max, n;

	if (alen >= sizeof(a))
		return false;
	memcpy(a, v, alen);
	a[alen] = '\0';
	if (!ip_any(a, &p->a))
		return false;
	max = n = p->a.family == AF_INET ? 32 : 128;
	if (slash) {
		if (!isdigit((unsigned char)slash[1]))
			return false;
		n = strtoul(slash + 1, &end, 10);
		if (*end || n > max)
			return false;
	}
	p->len = (unsigned int)n;
	return true;
}

static bool ip_host_bits(const struct cfg_ip_prefix *p)
{
	unsigned int i, bytes = p->a.family == AF_INET ? 4 : 16;

	for (i = 0; i < bytes; i++) {
		unsigned int keep = p->len >= (i + 1) * 8 ? 8 : p->len > i * 8 ? p->len - i * 8 : 0;
		unsigned int mask = (0xff00u >> keep) & 0xff;

		if (p->a.addr[i] & ~mask & 0xff)
			return true;
	}
	return false;
}

static const char *ip_prefix_ok(const char *v)
{
	struct cfg_ip_prefix p;

	if (!split_ip_prefix(v, &p))
		return "expected an address or a network: 10.0.0.0/8, 192.0.2.1, 2001:db8::/32";
	return ip_host_bits(&p) ? "a network has no host bits: 10.1.0.0/24, not 10.1.0.5/24" :
	       NULL;
}

static const char *check_ip_prefix(const struct cfg_type *t, const char *v)
{
	(void)t;
	return ip_prefix_ok(v);
}

static void parse_ip_prefix(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	if (!split_ip_prefix(v, field))
		memset(field, 0, sizeof(struct cfg_ip_prefix));
}

/* a policy's src-address and dst-address */
const struct cfg_type cfg_ip_prefix_type = {
	.check = check_ip_prefix,
	.parse = parse_ip_prefix,
	.size = sizeof(cfg_ip_prefix_t),
};

/* /ipv6 pool prefix: an IPv6 network, 2001:db8:100::/40 */
static const char *check_ipv6_prefix(const struct cfg_type *t, const char *v)
{
	struct cfg_ip_prefix p;

	(void)t;
	if (!split_ip_prefix(v, &p) || p.a.family != AF_INET6 || !strchr(v, '/'))
		return "expected an IPv6 network: 2001:db8:100::/40";
	return ip_host_bits(&p) ? "a network has no host bits: 2001:db8::/32" : NULL;
}

const struct cfg_type cfg_ipv6_prefix_type = {
	.check = check_ipv6_prefix,
	.parse = parse_ip_prefix,
	.size = sizeof(cfg_ipv6_prefix_t),
};

/* host names: letters, digits and '-' in labels of up to 63, at least one letter */
static bool dns_name(const char *v)
{
	size_t label = 0;
	bool letter = false;
	const char *c;

	if (!*v || strlen(v) > 253)
		return false;
	for (c = v; *c; c++) {
		if (*c == '.') {
			if (!label)
				return false;
			label = 0;
			continue;
		}
		if ((!isalnum((unsigned char)*c) && *c != '-') || ++label > 63)
			return false;
		letter |= isalpha((unsigned char)*c) != 0;
	}
	return label && letter;
}

static const char *check_peer_address(const struct cfg_type *t, const char *v)
{
	struct cfg_ip_prefix p;

	(void)t;
	if (split_ip_prefix(v, &p))
		return ip_prefix_ok(v);
	return dns_name(v) ? NULL : "expected an address, a network (10.0.0.0/8) or a DNS name";
}

static void parse_peer_address(const struct cfg_type *t, const char *v, void *field)
{
	struct cfg_peer_address *a = field;

	(void)t;
	memset(a, 0, sizeof(*a));
	if (!split_ip_prefix(v, &a->prefix))
		a->host = v;
}

const struct cfg_type cfg_peer_address_type = {
	.check = check_peer_address,
	.parse = parse_peer_address,
	.size = sizeof(cfg_peer_address_t),
};

static const char *one_ip_prefix(const char *v)
{
	return ip_prefix_ok(v) ? "expected networks like 10.5.8.0/24, separated by commas" : NULL;
}

static const char *check_prefix_list(const struct cfg_type *t, const char *v)
{
	(void)t;
	return *v ? each_item(v, one_ip_prefix) : NULL;
}

/* mode-config split-include */
const struct cfg_type cfg_prefix_list_type = {
	.check = check_prefix_list,
	.parse = parse_text,
	.size = sizeof(cfg_prefix_list_t),
};

static const char *one_dns_name(const char *v)
{
	return dns_name(v) ? NULL : "expected DNS names like example.com, separated by commas";
}

static const char *check_dns_names(const struct cfg_type *t, const char *v)
{
	(void)t;
	return *v ? each_item(v, one_dns_name) : NULL;
}

/* mode-config split-dns */
const struct cfg_type cfg_dns_names_type = {
	.check = check_dns_names,
	.parse = parse_text,
	.size = sizeof(cfg_dns_names_t),
};

/* --- /ip ipsec: algorithm lists, in the order given, each word once */

static const char *check_word_seq(const struct cfg_type *t, const char *v)
{
	char buf[1024], *save = NULL, *w;
	unsigned int seen = 0, i;

	if (!*v)
		return t->why;
	if (strlen(v) >= sizeof(buf))
		return "too long";
	strcpy(buf, v);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		i = word_index(t, w);
		if (!t->words[i])
			return t->why;
		if (seen & (1u << i))
			return "a word appears twice in the list";
		seen |= 1u << i;
	}
	return NULL;
}

static void parse_word_seq(const struct cfg_type *t, const char *v, void *field)
{
	struct cfg_word_seq *s = field;
	char buf[1024], *save = NULL, *w;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	snprintf(buf, sizeof(buf), "%s", v);
	for (w = strtok_r(buf, ",", &save); w && s->n < sizeof(s->w);
	     w = strtok_r(NULL, ",", &save))
		if (t->words[i = word_index(t, w)])
			s->w[s->n++] = (uint8_t)i;
}

#define WORD_SEQ_TYPE(id, why_text, ...) \
	static const char *const id##_words[] = { __VA_ARGS__, NULL }; \
	const struct cfg_type cfg_##id##_type = { .check = check_word_seq, \
		.parse = parse_word_seq, .size = sizeof(cfg_##id##_t), .words = id##_words, \
		.why = why_text }

#define DH_WORDS "modp768", "modp1024", "modp1536", "modp2048", "modp3072", "modp4096", \
	"modp6144", "modp8192", "ecp256", "ecp384", "ecp521"
#define DH_TEXT "modp768, modp1024, modp1536, modp2048, modp3072, modp4096, modp6144, " \
	"modp8192, ecp256, ecp384, ecp521"
WORD_SEQ_TYPE(dh_groups, "expected a list of " DH_TEXT, DH_WORDS);
WORD_SEQ_TYPE(ike_enc, "expected a list of 3des, aes-128, aes-192, aes-256, blowfish, "
	      "camellia-128, camellia-192, camellia-256, des",
	      "3des", "aes-128", "aes-192", "aes-256", "blowfish", "camellia-128",
	      "camellia-192", "camellia-256", "des");
WORD_SEQ_TYPE(esp_auth, "expected a list of md5, null, sha1, sha256, sha512",
	      "md5", "null", "sha1", "sha256", "sha512");
WORD_SEQ_TYPE(esp_enc, "expected a list of null, des, 3des, aes-128-cbc, aes-128-ctr, "
	      "aes-128-gcm, aes-192-cbc, aes-192-ctr, aes-192-gcm, aes-256-cbc, aes-256-ctr, "
	      "aes-256-gcm, blowfish, camellia-128, camellia-192, camellia-256, twofish",
	      "null", "des", "3des", "aes-128-cbc", "aes-128-ctr", "aes-128-gcm", "aes-192-cbc",
	      "aes-192-ctr", "aes-192-gcm", "aes-256-cbc", "aes-256-ctr", "aes-256-gcm",
	      "blowfish", "camellia-128", "camellia-192", "camellia-256", "twofish");
WORD_SEQ_TYPE(eap_methods, "expected a list of eap-mschapv2, eap-peap, eap-tls, eap-ttls",
	      "eap-mschapv2", "eap-peap", "eap-tls", "eap-ttls");

/* --- /ip ipsec: one word */

ENUM_TYPE(hash_alg, "expected md5, sha1, sha256 or sha512", "md5", "sha1", "sha256", "sha512");
ENUM_TYPE(pfs_group, "expected none or one of " DH_TEXT, "none", DH_WORDS);
ENUM_TYPE(proposal_check, "expected claim, exact, obey or strict",
	  "claim", "exact", "obey", "strict");
ENUM_TYPE(generate_policy, "expected no, port-override or port-strict",
	  "no", "port-override", "port-strict");
ENUM_TYPE(match_by, "expected remote-id or certificate", "remote-id", "certificate");
ENUM_TYPE(policy_action, "expected encrypt, none or discard", "encrypt", "none", "discard");
ENUM_TYPE(policy_level, "expected require, unique or use", "require", "unique", "use");
ENUM_TYPE(ipsec_protocols, "expected esp or ah", "esp", "ah");

/* RouterOS's "base" mode is racoon's; charon has no such exchange */
static const char *check_exchange_mode(const struct cfg_type *t, const char *v)
{
	if (!strcmp(v, "base"))
		return "exchange-mode base is not supported (strongSwan has no base mode): "
		       "use main, aggressive or ike2";
	return check_enum(t, v);
}

static const char *const exchange_mode_words[] = {
	"main", "aggressive", "ike2", "main-l2tp", NULL,
};
const struct cfg_type cfg_exchange_mode_type = {
	.check = check_exchange_mode,
	.parse = parse_enum,
	.size = sizeof(cfg_exchange_mode_t),
	.words = exchange_mode_words,
	.why = "expected main, aggressive, ike2 or main-l2tp",
};

static const char *const ike_auth_method_words[] = {
	"pre-shared-key", "digital-signature", "pre-shared-key-xauth", "eap", "eap-radius",
	"rsa-signature-hybrid", "rsa-key", NULL,
};
const struct cfg_type cfg_ike_auth_method_type = {
	.check = check_enum,
	.parse = parse_enum,
	.size = sizeof(cfg_ike_auth_method_t),
	.words = ike_auth_method_words,
	.why = "expected pre-shared-key, digital-signature, pre-shared-key-xauth, eap, "
	       "eap-radius or rsa-signature-hybrid",
};

/* IP protocols as RouterOS names them (and by number); 0 stands for all */
static const struct { const char *name; unsigned int num; } ip_protocols[] = {
	{ "all", 0 }, { "icmp", 1 }, { "igmp", 2 }, { "ggp", 3 }, { "ip-encap", 4 },
	{ "st", 5 }, { "tcp", 6 }, { "egp", 8 }, { "pup", 12 }, { "udp", 17 }, { "hmp", 20 },
	{ "xns-idp", 22 }, { "rdp", 27 }, { "iso-tp4", 29 }, { "dccp", 33 }, { "xtp", 36 },
	{ "ddp", 37 }, { "idpr-cmtp", 38 }, { "ipv6-encap", 41 }, { "ipv6-route", 43 },
	{ "ipv6-frag", 44 }, { "idrp", 45 }, { "rsvp", 46 }, { "gre", 47 }, { "esp", 50 },
	{ "ipsec-esp", 50 }, { "ah", 51 }, { "ipsec-ah", 51 }, { "icmpv6", 58 },
	{ "ipv6-nonxt", 59 }, { "ipv6-opts", 60 }, { "rspf", 73 }, { "vmtp", 81 },
	{ "ospf", 89 }, { "ipip", 94 }, { "etherip", 97 }, { "encap", 98 }, { "pim", 103 },
	{ "vrrp", 112 }, { "l2tp", 115 }, { "sctp", 132 }, { "udp-lite", 136 },
};

/* the protocol's number, or -1 */
static int ip_protocol_of(const char *v)
{
	unsigned long n;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(ip_protocols) / sizeof(ip_protocols[0]); i++)
		if (!strcmp(v, ip_protocols[i].name))
			return (int)ip_protocols[i].num;
	if (!isdigit((unsigned char)*v))
		return -1;
	n = strtoul(v, &end, 10);
	return *end || n > 255 ? -1 : (int)n;
}

static const char *check_ip_protocol(const struct cfg_type *t, const char *v)
{
	(void)t;
	return ip_protocol_of(v) < 0 ?
	       "expected all, a protocol name (tcp, udp, gre, esp, ...) or a number up to 255" :
	       NULL;
}

static void parse_ip_protocol(const struct cfg_type *t, const char *v, void *field)
{
	int n = ip_protocol_of(v);

	(void)t;
	*(unsigned int *)field = n < 0 ? 0 : (unsigned int)n;
}

const struct cfg_type cfg_ip_protocol_type = {
	.check = check_ip_protocol,
	.parse = parse_ip_protocol,
	.size = sizeof(cfg_ip_protocol_t),
	.choices = "all,tcp,udp,icmp,gre,esp,ah,ipip,l2tp,sctp",
};

/* --- /ip ipsec: numbers and durations */

static const char *const any_words[] = { "any", NULL };
/* a policy's ports: any (parsed as 0, as the kernel's selectors take it) or a port */
const struct cfg_type cfg_port_any_type = {
	.check = check_number,
	.parse = parse_number,
	.size = sizeof(cfg_port_any_t),
	.choices = "any",
	.words = any_words,
	.min = 0,
	.max = 65535,
	.why = "expected any or a port from 0 to 65535",
};
NUMBER_TYPE(dpd_failures, 1, 100, "expected a number from 1 to 100");
NUMBER_TYPE(lifebytes, 0, 4294967295UL, "expected a number from 0 to 4294967295");

/* mode-config address-prefix-length: none ("") or 1..32 */
static const char *check_prefix_length(const struct cfg_type *t, const char *v)
{
	return *v ? check_number(t, v) : NULL;
}

const struct cfg_type cfg_prefix_length_type = {
	.check = check_prefix_length,
	.parse = parse_number,
	.size = sizeof(cfg_prefix_length_t),
	.min = 1,
	.max = 32,
	.why = "expected a prefix length from 1 to 32",
};

/* dpd-interval: a duration, or disable-dpd (parsed as 0) */
static const char *check_dpd_interval(const struct cfg_type *t, const char *v)
{
	return strcmp(v, "disable-dpd") ? check_seconds(t, v) : NULL;
}

static void parse_dpd_interval(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	*(unsigned int *)field = strcmp(v, "disable-dpd") ? cfg_seconds(v) : 0;
}

const struct cfg_type cfg_dpd_interval_type = {
	.check = check_dpd_interval,
	.parse = parse_dpd_interval,
	.size = sizeof(cfg_dpd_interval_t),
	.choices = "disable-dpd",
};

/* --- /ip ipsec identity: secrets and IKE identities */

/* "0x..." is taken as hexadecimal, as RouterOS does: then it must be hex digits */
static const char *check_ipsec_secret(const struct cfg_type *t, const char *v)
{
	const char *c;

	(void)t;
	if (strncmp(v, "0x", 2))
		return NULL;
	for (c = v + 2; *c; c++)
		if (!isxdigit((unsigned char)*c))
			break;
	return c == v + 2 || *c ? "a secret starting with 0x is hexadecimal: 0x then hex digits" :
	       NULL;
}

const struct cfg_type cfg_ipsec_secret_type = {
	.check = check_ipsec_secret,
	.parse = parse_text,
	.size = sizeof(cfg_ipsec_secret_t),
};

static const char *const ike_id_words[] = {
	"auto", "ignore", "address", "fqdn", "user-fqdn", "key-id", "dn", NULL,
};

/* "kind:value"; "" if fine. t->max: "ignore" is allowed (remote-id) */
static const char *check_ike_id(const struct cfg_type *t, const char *v)
{
	const char *colon = strchr(v, ':');
	char kind[16];
	struct cfg_ip_addr a;

	if (!strcmp(v, "auto") || (t->max && !strcmp(v, "ignore")))
		return NULL;
	if (!colon || (size_t)(colon - v) >= sizeof(kind) || !colon[1])
		return t->why;
	memcpy(kind, v, (size_t)(colon - v));
	kind[colon - v] = '\0';
	switch (word_index(t, kind)) {
	case CFG_ID_ADDRESS:
		return ip_any(colon + 1, &a) ? NULL : "address: takes an IPv4 or IPv6 address";
	case CFG_ID_FQDN:
		return dns_name(colon + 1) ? NULL : "fqdn: takes a DNS name";
	case CFG_ID_USER_FQDN:
		return strchr(colon + 1, '@') ? NULL : "user-fqdn: takes user@domain";
	case CFG_ID_KEY_ID:
		return strchr(colon + 1, '*') ? "wildcard key IDs are not supported" : NULL;
	case CFG_ID_DN:
		return NULL;
	default:
		return t->why;
	}
}

static void parse_ike_id(const struct cfg_type *t, const char *v, void *field)
{
	struct cfg_ike_id *id = field;
	const char *colon = strchr(v, ':');
	char kind[16];

	id->kind = word_index(t, v) == CFG_ID_IGNORE ? CFG_ID_IGNORE : CFG_ID_AUTO;
	id->value = "";
	if (!colon || (size_t)(colon - v) >= sizeof(kind))
		return;
	memcpy(kind, v, (size_t)(colon - v));
	kind[colon - v] = '\0';
	if (t->words[word_index(t, kind)]) {
		id->kind = word_index(t, kind);
		id->value = colon + 1;
	}
}

const struct cfg_type cfg_my_id_type = {
	.check = check_ike_id,
	.parse = parse_ike_id,
	.size = sizeof(cfg_my_id_t),
	.choices = "auto,address:,fqdn:,user-fqdn:,key-id:,dn:",
	.words = ike_id_words,
	.why = "expected auto, or address:, fqdn:, user-fqdn:, key-id: or dn: and a value",
};
const struct cfg_type cfg_remote_id_type = {
	.check = check_ike_id,
	.parse = parse_ike_id,
	.size = sizeof(cfg_remote_id_t),
	.choices = "auto,ignore,address:,fqdn:,user-fqdn:,key-id:,dn:",
	.words = ike_id_words,
	.max = 1,
	.why = "expected auto, ignore, or address:, fqdn:, user-fqdn:, key-id: or dn: and a value",
};

/* --- /ip ipsec: references between its menus (and to /ip pool) */

static bool none_or_empty(const char *v)
{
	return !*v || is_none(v);
}

static const char *check_name_or_empty(const struct cfg_type *t, const char *v)
{
	return *v ? check_name(t, v) : NULL;
}

static void parse_ref_or_null(const struct cfg_type *t, const char *v, void *field)
{
	(void)t;
	*(const char **)field = none_or_empty(v) ? NULL : v;
}

#define IPSEC_REF_TYPE(id, menu, check_fn, not_ref_fn, parse_fn) \
	const struct cfg_type cfg_##id##_type = { .check = check_fn, .parse = parse_fn, \
		.size = sizeof(cfg_##id##_t), .ref = menu, .not_ref = not_ref_fn }

IPSEC_REF_TYPE(ipsec_profile_ref, "/ip ipsec profile", check_name, NULL, parse_text);
IPSEC_REF_TYPE(ipsec_proposal_ref, "/ip ipsec proposal", check_name, NULL, parse_text);
/* a policy's peer: none ("") for templates and manual policies */
IPSEC_REF_TYPE(ipsec_peer_ref, "/ip ipsec peer", check_name_or_empty, is_empty,
	       parse_ref_or_null);
/* policy-template-group: a group, or none */
IPSEC_REF_TYPE(ipsec_group_ref, "/ip ipsec policy group", check_name, is_none,
	       parse_ref_or_null);
/* mode-config: none, request-only (built in) or another */
IPSEC_REF_TYPE(mode_config_ref, "/ip ipsec mode-config", check_name, is_none,
	       parse_ref_or_null);
/* key, remote-key: an /ip ipsec key, or none ("") */
IPSEC_REF_TYPE(ipsec_key_ref, "/ip ipsec key", check_name_or_empty, is_empty,
	       parse_ref_or_null);
/* address-pool: none ("" or "none") or an /ip pool */
IPSEC_REF_TYPE(ipsec_pool_ref, "/ip pool", check_name_or_empty, none_or_empty,
	       parse_ref_or_null);
