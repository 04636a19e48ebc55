// SPDX-License-Identifier: GPL-2.0
/* The fuzzers' silent log (fuzz_quiet.h); FUZZ_LOG=1 in the environment shows it. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/log.h"
#include "fuzz_quiet.h"

static void vlog(const char *fmt, va_list ap)
{
	static int shown = -1;

	if (shown < 0)
		shown = getenv("FUZZ_LOG") != NULL;
	if (!shown)
		return;
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void log_msg(uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	(void)topics;
	(void)prio;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void log_escape(char *out, size_t cap, const char *s)
{
	snprintf(out, cap, "%s", s);
}

void log_msg_session(const struct log_session *s, bool per_peer, uint32_t topics, int prio,
		     const char *fmt, ...)
{
	va_list ap;

	(void)s;
	(void)per_peer;
	(void)topics;
	(void)prio;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void log_msg_from(uint32_t peer, uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	(void)peer;
	(void)topics;
	(void)prio;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}
