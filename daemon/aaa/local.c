// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "admin/config.h"
#include "admin/config_compat.h"
#include "aaa/local.h"
#include "ppp/auth.h"

int auth_local_find(const char *user, const char *service, struct auth_secret *out,
		    const char **why)
{
	const struct cfg_menu *m = config_menu(CFG_SECRET);
	const struct cfg_item *it = cfg_find(m, user);
	const char *svc;

	if (!it) {
		*why = "no such user";
		return -ENOENT;
	}
	if (cfg_bool(cfg_get(m, it, "disabled"))) {
		*why = "user disabled";
		return -EACCES;
	}
	svc = cfg_get(m, it, "service");
	if (strcmp(svc, "any") && strcmp(svc, service)) {
		*why = "user not allowed on this service";
		return -EACCES;
	}
	out->name = cfg_get(m, it, "name");
	out->password = cfg_get(m, it, "password");
	out->profile = cfg_get(m, it, "profile");
	out->local_address = cfg_get(m, it, "local-address");
	out->remote_address = cfg_get(m, it, "remote-address");
	out->routes = cfg_get(m, it, "routes");
	return 0;
}

/*
 * A RADIUS user has no /ppp secret: its "secret" is what the Access-Accept said.
 * Framed-IP-Address 255.255.255.254 (or none) means the pool: Framed-Pool, else the profile's.
 */
static void radius_secret(const struct ppp_auth *a, struct auth_secret *out)
{
	static char remote[INET_ADDRSTRLEN + 65];
	const struct auth_attrs *r = &a->attrs;

	remote[0] = '\0';
	if (r->framed_ip && r->framed_ip != htonl(0xfffffffe) && r->framed_ip != htonl(0xffffffff))
		inet_ntop(AF_INET, &r->framed_ip, remote, sizeof(remote));
	else if (r->framed_pool[0])
		snprintf(remote, sizeof(remote), "%s", r->framed_pool);
	out->name = a->user;
	out->password = "";
	out->profile = a->profile;
	out->local_address = "";
	out->remote_address = remote;
	out->routes = r->routes;
}

int auth_link_secret(const struct ppp_auth *a, struct auth_secret *out, const char **why)
{
	if (a->attrs.from_radius) {
		radius_secret(a, out);
		return 0;
	}
	return auth_local_find(a->user, a->service, out, why);
}
