// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "admin/config.h"
#include "cli_driver.h"

struct cli_session cs;
struct strbuf out, err;

int cli_driver_setup(void **state)
{
	(void)state;
	cli_session_init(&cs);
	sb_init(&out);
	sb_init(&err);
	return config_init();
}

int cli_driver_teardown(void **state)
{
	(void)state;
	sb_free(&out);
	sb_free(&err);
	config_done();
	return 0;
}

int run(const char *line)
{
	sb_reset(&out);
	sb_reset(&err);
	return cli_exec(&cs, line, 0, &out, &err);
}

void ok(const char *line)
{
	if (run(line))
		fail_msg("%s: %s", line, err.p);
}

void refused(const char *line, const char *says)
{
	if (!run(line))
		fail_msg("accepted: %s", line);
	if (!strstr(err.p, says))
		fail_msg("%s: said \"%s\", expected \"%s\"", line, err.p, says);
}
