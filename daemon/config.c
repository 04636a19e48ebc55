// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"

/* --- validators: each returns what is wrong, or NULL */

static const char *any(const char *v)
{
	(void)v;
	return NULL;
}

static const char *name_ok(const char *v)
{
	if (!*v || strlen(v) > 64)
		return "a name is 1 to 64 characters";
	return strpbrk(v, " \t\"\\[]=,") ? "a name has no blanks, quotes, brackets, '=' or ','" : NULL;
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

static const char *seconds(const char *v)
{
	char *end;

	if (!*v || !strcmp(v, "0"))
		return NULL;
	strtoul(v, &end, 10);
	if (end == v || (*end && (strchr("smhdw", *end) == NULL || end[1])))
		return "expected a duration: 30s, 5m, 1h, 1d";
	return NULL;
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

static const char *service(const char *v)
{
	static const char *const ok[] = { "any", "pptp", "l2tp", "pppoe", "sstp", "ovpn" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(v, ok[i]))
			return NULL;
	return "expected any, pptp, l2tp, pppoe, sstp or ovpn";
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

/* --- the menus */

static const struct cfg_prop pool_props[] = {
	{ "name", NULL, name_ok }, { "ranges", NULL, ranges }, { "next-pool", "none", any },
	{ "comment", "", any },
};

static const struct cfg_prop profile_props[] = {
	{ "name", NULL, name_ok }, { "local-address", "", address_or_empty },
	{ "remote-address", "", address_or_pool }, { "use-encryption", "default", encryption },
	{ "only-one", "default", yes_no_default }, { "dns-server", "", dns_list },
	{ "session-timeout", "", seconds }, { "idle-timeout", "", seconds },
	{ "rate-limit", "", any }, { "comment", "", any },
};

static const struct cfg_prop secret_props[] = {
	{ "name", NULL, name_ok }, { "password", "", any }, { "service", "any", service },
	{ "profile", "default", name_ok }, { "local-address", "", address_or_empty },
	{ "remote-address", "", address_or_empty }, { "routes", "", routes },
	{ "disabled", "no", yes_no }, { "comment", "", any },
};

static const struct cfg_prop pptp_props[] = {
	{ "enabled", "no", yes_no }, { "authentication", "mschap1,mschap2", auth_list },
	{ "default-profile", "default-encryption", name_ok }, { "keepalive-timeout", "30", number },
	{ "max-mtu", "1450", mtu }, { "max-mru", "1450", mtu },
	{ "max-sessions", "unlimited", limit },
	/* not in RouterOS: pppd and Windows offer stateless first and accept stateful only when
	 * the server declines it; stateless survives loss, stateful costs less CPU */
	{ "mppe-mode", "stateless", mppe_mode },
};

#define PROPS(p) p, sizeof(p) / sizeof(p[0])
static struct cfg_menu menus[CFG_NMENUS] = {
	[CFG_POOL] = { "/ip pool", PROPS(pool_props), false, NULL, 0 },
	[CFG_PROFILE] = { "/ppp profile", PROPS(profile_props), false, NULL, 0 },
	[CFG_SECRET] = { "/ppp secret", PROPS(secret_props), false, NULL, 0 },
	[CFG_PPTP_SERVER] = { "/interface pptp-server server", PROPS(pptp_props), true, NULL, 0 },
};

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

static int prop_index(const struct cfg_menu *m, const char *prop)
{
	size_t i;

	for (i = 0; i < m->nprops; i++)
		if (!strcmp(m->props[i].name, prop))
			return (int)i;
	return -1;
}

const char *cfg_get(const struct cfg_menu *m, const struct cfg_item *it, const char *prop)
{
	int i = prop_index(m, prop);

	if (i < 0 || !it)
		return "";
	if (it->vals[i])
		return it->vals[i];
	return m->props[i].def ? m->props[i].def : "";
}

struct cfg_item *cfg_find(const struct cfg_menu *m, const char *name)
{
	size_t i;

	if (m->singleton)
		return m->n ? &m->items[0] : NULL;
	for (i = 0; i < m->n; i++)
		if (!strcmp(cfg_get(m, &m->items[i], "name"), name))
			return &m->items[i];
	return NULL;
}

/* Checks every pair before anything changes, so a bad command changes nothing. */
static int check_pairs(const struct cfg_menu *m, const struct cfg_item *self,
		       const char *const *keys, const char *const *vals, size_t n,
		       struct strbuf *err)
{
	size_t k;

	for (k = 0; k < n; k++) {
		int i = prop_index(m, keys[k]);
		const char *why;

		if (i < 0) {
			size_t j;

			sb_printf(err, "unknown property %s; %s has:", keys[k], m->path);
			for (j = 0; j < m->nprops; j++)
				sb_printf(err, " %s", m->props[j].name);
			return -1;
		}
		why = m->props[i].check(vals[k]);
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
			if (self && self->builtin) {
				sb_puts(err, "a built-in item cannot be renamed");
				return -1;
			}
		}
	}
	return 0;
}

static int apply(const struct cfg_menu *m, struct cfg_item *it, const char *const *keys,
		 const char *const *vals, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		int i = prop_index(m, keys[k]);
		char *copy = strdup(vals[k]);

		if (!copy)
			return -1;
		free(it->vals[i]);
		it->vals[i] = copy;
	}
	return 0;
}

static struct cfg_item *new_item(struct cfg_menu *m)
{
	struct cfg_item *items = realloc(m->items, (m->n + 1) * sizeof(*items));

	if (!items)
		return NULL;
	m->items = items;
	items[m->n].vals = calloc(m->nprops, sizeof(char *));
	items[m->n].builtin = false;
	if (!items[m->n].vals)
		return NULL;
	return &items[m->n++];
}

int cfg_add(struct cfg_menu *m, const char *const *keys, const char *const *vals, size_t n,
	    struct strbuf *err)
{
	struct cfg_item *it;
	size_t k;
	int has_name = 0;

	if (m->singleton) {
		sb_printf(err, "%s has one item: use set", m->path);
		return -1;
	}
	if (check_pairs(m, NULL, keys, vals, n, err))
		return -1;
	for (k = 0; k < n; k++)
		has_name |= !strcmp(keys[k], "name");
	if (!has_name && prop_index(m, "name") >= 0) {
		sb_printf(err, "%s add needs name=", m->path);
		return -1;
	}
	if (m == &menus[CFG_POOL]) {
		for (k = 0; k < n && strcmp(keys[k], "ranges"); k++)
			;
		if (k == n) {
			sb_puts(err, "/ip pool add needs ranges=");
			return -1;
		}
	}
	it = new_item(m);
	if (!it || apply(m, it, keys, vals, n)) {
		sb_puts(err, "out of memory");
		return -1;
	}
	return 0;
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
	return 0;
}

static void free_item(const struct cfg_menu *m, struct cfg_item *it)
{
	size_t i;

	for (i = 0; i < m->nprops; i++)
		free(it->vals[i]);
	free(it->vals);
}

int cfg_remove(struct cfg_menu *m, struct cfg_item *it, struct strbuf *err)
{
	size_t i = (size_t)(it - m->items);

	if (m->singleton || it->builtin) {
		sb_puts(err, "this item cannot be removed");
		return -1;
	}
	free_item(m, it);
	memmove(it, it + 1, (m->n - i - 1) * sizeof(*it));
	m->n--;
	return 0;
}

/* People get RouterOS's numbered, flagged listing; scripts get a JSON array of objects. */
void cfg_print(const struct cfg_menu *m, struct strbuf *out, bool json)
{
	size_t i, p;

	if (json)
		sb_puts(out, "[");
	for (i = 0; i < m->n; i++) {
		const struct cfg_item *it = &m->items[i];

		if (json) {
			sb_puts(out, i ? ",{" : "{");
			for (p = 0; p < m->nprops; p++) {
				if (!strcmp(m->props[p].name, "password"))
					continue;	/* secrets are never printed */
				sb_printf(out, "%s", p ? "," : "");
				sb_json_str(out, m->props[p].name);
				sb_puts(out, ":");
				sb_json_str(out, cfg_get(m, it, m->props[p].name));
			}
			sb_puts(out, "}");
			continue;
		}
		if (!m->singleton)
			sb_printf(out, "%2zu %s", i, it->builtin ? "* " : "  ");
		for (p = 0; p < m->nprops; p++) {
			const char *v = cfg_get(m, it, m->props[p].name);

			if (!strcmp(m->props[p].name, "password") || (!*v && !m->singleton))
				continue;	/* secrets never print; empty values add nothing */
			if (strpbrk(v, " \t\"") || !*v)
				sb_printf(out, "%s=\"%s\" ", m->props[p].name, v);
			else
				sb_printf(out, "%s=%s ", m->props[p].name, v);
		}
		sb_puts(out, "\n");
	}
	if (json)
		sb_puts(out, "]\n");
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

static int add_builtin(enum cfg_menu_id id, const char *const *keys, const char *const *vals,
		       size_t n)
{
	struct strbuf err;
	int ret;

	sb_init(&err);
	ret = cfg_add(&menus[id], keys, vals, n, &err);
	sb_free(&err);
	if (!ret)
		menus[id].items[menus[id].n - 1].builtin = true;
	return ret;
}

int config_init(void)
{
	static const char *const k1[] = { "name" }, *const v1[] = { "default" };
	static const char *const k2[] = { "name", "use-encryption" };
	static const char *const v2[] = { "default-encryption", "yes" };
	struct cfg_item *server;

	if (add_builtin(CFG_PROFILE, k1, v1, 1) || add_builtin(CFG_PROFILE, k2, v2, 2))
		return -1;
	server = new_item(&menus[CFG_PPTP_SERVER]);
	if (!server)
		return -1;
	server->builtin = true;
	return 0;
}

void config_done(void)
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
