/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command language: RouterOS menu paths and verbs (`/ppp secret print`, also written
 * `/ppp/secret/print`). Every configuration change and query goes through here, from pppctl
 * over the control socket and from the configuration file at start.
 *
 * A session remembers the current menu, as RouterOS's console and scripts do: a line that
 * is only a menu path (`/ppp secret`, `..`, `/`) moves there, and a command that does not
 * start with '/' is relative to it.
 */
#ifndef SLUICED_CLI_H
#define SLUICED_CLI_H

#include <stdbool.h>
#include "strbuf.h"

#define CLI_PATH_MAX 128

struct cli_session {
	char path[CLI_PATH_MAX];	/* "/" or "/ppp secret" */
	bool moved;			/* the last line changed path */
};

void cli_session_init(struct cli_session *s);
/* Runs one command line; output goes to out, the reason for a failure to err; 0 on success.
 * A failed command changes nothing. */
int cli_exec(struct cli_session *s, const char *line, unsigned int ctl_flags,
	     struct strbuf *out, struct strbuf *err);
/* What could complete line's last (partial) word, one candidate per line in out, each the
 * whole word: menus, verbs, properties as "name=", values as "name=value", item names. */
void cli_complete(const struct cli_session *s, const char *line, struct strbuf *out);

#endif /* SLUICED_CLI_H */
