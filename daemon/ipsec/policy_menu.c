// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "ipsec/policy_menu.h"

static const struct cfg_builtin policy_builtins[] = {
	{ { "src-address=::/0", "dst-address=::/0", "template=yes" } },
};

static int family_of(const struct cfg_type *t, const char *v)
{
	union {
		struct cfg_ip_prefix prefix;
		struct cfg_ip_addr addr;
	} u;

	t->parse(t, v, &u);
	return t == &cfg_ip_prefix_type ? u.prefix.a.family : u.addr.family;
}

/* an SA end left at :: or 0.0.0.0 is not given (charon takes the peer's) */
static bool unspecified(const char *v)
{
	struct cfg_ip_addr a;
	static const uint8_t zero[16];

	cfg_ip_addr_type.parse(&cfg_ip_addr_type, v, &a);
	return !a.family || !memcmp(a.addr, zero, sizeof(zero));
}

/* a selector and an SA are of one family each */
static int policy_check(const struct cfg_menu *m, const struct cfg_item *self,
			const char *const *vals, struct strbuf *err)
{
	const char *src = vals[cfg_prop_index(m, "src-address")];
	const char *dst = vals[cfg_prop_index(m, "dst-address")];
	const char *sa_src = vals[cfg_prop_index(m, "sa-src-address")];
	const char *sa_dst = vals[cfg_prop_index(m, "sa-dst-address")];

	(void)self;
	if (family_of(&cfg_ip_prefix_type, src) != family_of(&cfg_ip_prefix_type, dst)) {
		sb_puts(err, "src-address and dst-address must be of one family (IPv4 or IPv6)");
		return -1;
	}
	if (!unspecified(sa_src) && !unspecified(sa_dst) &&
	    family_of(&cfg_ip_addr_type, sa_src) != family_of(&cfg_ip_addr_type, sa_dst)) {
		sb_puts(err, "sa-src-address and sa-dst-address must be of one family");
		return -1;
	}
	return 0;
}

/* T: a template, as RouterOS flags it; A (active) comes when charon runs the policies */
static const char *policy_flags(const struct cfg_menu *m, const struct cfg_item *it)
{
	return strcmp(cfg_get(m, it, "template"), "yes") ? "" : "T";
}

CFG_MENU_DEFINE(ipsec_policy, IPSEC_POLICY_PROPS, .path = "/ip ipsec policy", .order = 136,
		.verbs = CFG_V_LIST | CFG_V_ENABLE, .builtins = policy_builtins, .nbuiltins = 1,
		.check_item = policy_check, .live_flags = policy_flags,
		.legend = "Flags: X - disabled, T - template, * - default");
