// SPDX-License-Identifier: GPL-2.0
/* The fuzzers' silent log (fuzz_quiet.h). */
#include <stdint.h>
#include <stdio.h>
#include "core/log.h"
#include "fuzz_quiet.h"

void log_msg(uint32_t topics, int prio, const char *fmt, ...)
{
	(void)topics;
	(void)prio;
	(void)fmt;
}

void log_escape(char *out, size_t cap, const char *s)
{
	snprintf(out, cap, "%s", s);
}

void log_msg_from(uint32_t peer, uint32_t topics, int prio, const char *fmt, ...)
{
	(void)peer;
	(void)topics;
	(void)prio;
	(void)fmt;
}
