// SPDX-License-Identifier: GPL-2.0
/* The L2TP unit tests' log (l2tp_log.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "core/log.h"
#include "l2tp_log.h"

char last_warning[256];
unsigned int nlogs;

void log_msg(uint32_t topics, int prio, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	assert_true(topics & LOG_T_L2TP);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	nlogs++;
	if (getenv("TEST_VERBOSE"))
		fprintf(stderr, "log %d: %s\n", prio, line);
	if (prio <= LOG_WARNING)
		snprintf(last_warning, sizeof(last_warning), "%s", line);
}

void log_escape(char *out, size_t cap, const char *s)
{
	snprintf(out, cap, "%s", s);
}

void log_msg_from(uint32_t peer, uint32_t topics, int prio, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	(void)peer;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_msg(topics, prio, "%s", line);
}
