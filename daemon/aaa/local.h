/* SPDX-License-Identifier: GPL-2.0 */
/* Local users: /ppp secret. */
#ifndef SLUICED_AUTH_LOCAL_H
#define SLUICED_AUTH_LOCAL_H

struct auth_secret {
	const char *name, *password, *profile;
	const char *local_address, *remote_address, *routes;
};

/*
 * Finds the secret for user on service ("pptp", ...): 0; -ENOENT no such user; -EACCES
 * disabled or not for this service. The strings stay valid until the configuration changes
 * (the addresses: until the next call).
 */
int auth_local_find(const char *user, const char *service, struct auth_secret *out,
		    const char **why);

struct ppp_auth;
/*
 * The secret a link's authenticated user stands on: the /ppp secret, or for a user RADIUS
 * admitted, one made of the Access-Accept's attributes (valid until the next call).
 */
int auth_link_secret(const struct ppp_auth *a, struct auth_secret *out, const char **why);

#endif /* SLUICED_AUTH_LOCAL_H */
