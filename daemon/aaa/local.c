// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "admin/config.h"
#include "aaa/secret_menu.h"
#include "aaa/local.h"
#include "ppp/auth.h"

/* An address as the secret's text would give it: "" for none (valid until the next call). */
static const char *address_text(uint32_t a, char buf[INET_ADDRSTRLEN])
{
	struct in_addr in = { .s_addr = a };

	return a ? inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN) : "";
}

int auth_local_find(const char *user, const char *service, struct auth_secret *out,
		    const char **why)
{
	static char local[INET_ADDRSTRLEN], remote[INET_ADDRSTRLEN];
	const struct ppp_secret_cfg *s = ppp_secret_find(user);

	if (!s) {
		*why = "no such user";
		return -ENOENT;
	}
	if (s->disabled) {
		*why = "user disabled";
		return -EACCES;
	}
	if (s->service != CFG_SVC_ANY && strcmp(cfg_word(&cfg_service_type, s->service), service)) {
		*why = "user not allowed on this service";
		return -EACCES;
	}
	out->name = s->name;
	out->password = s->password;
	out->profile = s->profile;
	out->local_address = address_text(s->local_address, local);
	out->remote_address = address_text(s->remote_address, remote);
	out->routes = s->routes;
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
