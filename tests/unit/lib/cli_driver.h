/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Commands as pppctl sends them, for the unit tests of the configuration and the command
 * language: one session, its output and error, and the configuration around each test.
 */
#ifndef SLUICE_TEST_CLI_DRIVER_H
#define SLUICE_TEST_CLI_DRIVER_H

#include "admin/cli.h"
#include "strbuf.h"

extern struct cli_session cs;
extern struct strbuf out, err;

/* cmocka's setup and teardown: a fresh configuration and session */
int cli_driver_setup(void **state);
int cli_driver_teardown(void **state);
/* One command line: 0 or -1, with what it printed in out and its error in err. */
int run(const char *line);
/* ...which must succeed, or fail saying `says`. */
void ok(const char *line);
void refused(const char *line, const char *says);

#endif /* SLUICE_TEST_CLI_DRIVER_H */
