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

/*
 * A command that answers later without holding the loop (monitor-traffic: two samples a
 * second apart) sets this in its session and succeeds: the caller runs finish after ms
 * (output to out; 0, or -1 with the reason in err) and holds the session's next commands
 * until then, or calls cancel if it goes away first. Either frees state.
 */
struct cli_later {
	unsigned int ms;
	int (*finish)(void *state, struct strbuf *out, struct strbuf *err);
	void (*cancel)(void *state);
	void *state;
};

struct cli_session {
	char path[CLI_PATH_MAX];	/* "/" or "/ppp secret" */
	bool moved;			/* the last line changed path */
	bool may_wait;			/* the caller runs cli_later (the control socket) */
	struct cli_later later;		/* set by the last line if it answers later */
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
