// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include "config.h"
#include "auth/local.h"

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
