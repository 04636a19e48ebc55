// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "ipsec/mode_config_menu.h"

#define RESOLV_CONF "/etc/resolv.conf"

static const struct cfg_builtin mode_config_builtins[] = {
	{ { "name=request-only", "responder=no" } },
};

static const char *val(const struct cfg_menu *m, const char *const *vals, const char *prop)
{
	return vals[cfg_prop_index(m, prop)];
}

/* The combinations the page rules out. */
static int mode_config_check(const struct cfg_menu *m, const struct cfg_item *self,
			     const char *const *vals, struct strbuf *err)
{
	bool responder = !strcmp(val(m, vals, "responder"), "yes");

	(void)self;
	if (*val(m, vals, "static-dns") && !strcmp(val(m, vals, "system-dns"), "yes"))
		sb_puts(err, "static-dns needs system-dns=no: only one source of DNS servers");
	else if (*val(m, vals, "src-address-list") && responder)
		sb_puts(err, "src-address-list is for a client: it needs responder=no");
	else if (*val(m, vals, "address") && *val(m, vals, "address-pool") &&
		 strcmp(val(m, vals, "address-pool"), "none"))
		sb_puts(err, "address is instead of address-pool: give one of them");
	else
		return 0;
	return -1;
}

CFG_MENU_DEFINE(ipsec_mode_config, IPSEC_MODE_CONFIG_PROPS, .path = "/ip ipsec mode-config",
		.order = 130, .verbs = CFG_V_LIST, .builtins = mode_config_builtins,
		.nbuiltins = 1, .check_item = mode_config_check);

/* The router's own DNS servers (system-dns): /etc/resolv.conf's IPv4 nameservers. */
static size_t system_dns(uint32_t *out, size_t max)
{
	FILE *f = fopen(RESOLV_CONF, "re");
	char line[256], addr[64];
	struct in_addr a;
	size_t n = 0;

	while (f && n < max && fgets(line, sizeof(line), f))
		if (sscanf(line, " nameserver %63s", addr) == 1 && inet_pton(AF_INET, addr, &a) == 1 &&
		    (ntohl(a.s_addr) >> 24) != 127)
			out[n++] = a.s_addr;
	if (f)
		fclose(f);
	return n;
}

size_t ipsec_mode_config_dns(const struct ipsec_mode_config_cfg *mc, uint32_t *out,
			     size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < mc->static_dns.n && n < max; i++)
		out[n++] = mc->static_dns.addr[i];
	if (mc->system_dns)
		n += system_dns(out + n, max - n);
	return n;
}
