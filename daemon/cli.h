/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command language: RouterOS menu paths and verbs (`/system resource print`, also
 * written `/system/resource/print`). Every configuration change and query goes through here,
 * from pppctl over the control socket and, later, from the configuration file at start.
 */
#ifndef SLUICED_CLI_H
#define SLUICED_CLI_H

#include "strbuf.h"

/* Runs one command line; output goes to out, the reason for a failure to err; 0 on success. */
int cli_exec(const char *line, unsigned int ctl_flags, struct strbuf *out, struct strbuf *err);

#endif /* SLUICED_CLI_H */
