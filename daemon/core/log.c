// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/log.h"

#define MAX_RULES 64

static int to_stderr;
static bool debug_all;
/* until the configuration says otherwise: RouterOS's defaults, info and worse */
static struct log_rule rules[MAX_RULES] = {
	{ LOG_T_INFO, 0 }, { LOG_T_WARNING, 0 }, { LOG_T_ERROR, 0 }, { LOG_T_CRITICAL, 0 },
};
static size_t nrules = 4;

static const char *const topic_names[] = {
	"system", "ppp", "pptp", "l2tp", "radius", "ipsec", "account",
	"debug", "info", "warning", "error", "critical",
};
#define NTOPICS (sizeof(topic_names) / sizeof(topic_names[0]))

void log_open(const char *ident, int foreground, int debug)
{
	to_stderr = foreground;
	debug_all = debug;
	if (!foreground)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

uint32_t log_topic_bit(const char *name)
{
	size_t i;

	for (i = 0; i < NTOPICS; i++)
		if (!strcmp(topic_names[i], name))
			return 1u << i;
	return 0;
}

void log_set_rules(const struct log_rule *r, size_t n)
{
	nrules = n < MAX_RULES ? n : MAX_RULES;
	memcpy(rules, r, nrules * sizeof(*r));
}

static uint32_t severity_topic(int prio)
{
	if (prio >= LOG_DEBUG)
		return LOG_T_DEBUG;
	if (prio >= LOG_NOTICE)
		return LOG_T_INFO;
	if (prio == LOG_WARNING)
		return LOG_T_WARNING;
	return prio == LOG_ERR ? LOG_T_ERROR : LOG_T_CRITICAL;
}

static bool wanted(uint32_t topics)
{
	size_t i;

	if (debug_all)
		return true;
	for (i = 0; i < nrules; i++)
		if ((topics & rules[i].all) == rules[i].all && !(topics & rules[i].none))
			return true;
	return false;
}

/* "pptp,info" */
static void topic_text(char *out, size_t cap, uint32_t topics)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < NTOPICS && o < cap; i++)
		if (topics & (1u << i))
			o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "," : "", topic_names[i]);
}

void log_msg(uint32_t topics, int prio, const char *fmt, ...)
{
	char line[2048], tags[96];
	va_list ap;

	topics |= severity_topic(prio);
	if (!wanted(topics))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	topic_text(tags, sizeof(tags), topics);
	if (to_stderr) {
		struct timespec ts;
		struct tm tm;
		char when[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld %s: %s\n", when, ts.tv_nsec / 1000000, tags, line);
	} else {
		syslog(prio, "%s: %s", tags, line);
	}
}

void log_escape(char *out, size_t cap, const char *s)
{
	size_t o = 0;

	for (; *s && o + 5 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
	}
	if (cap)
		out[o < cap ? o : cap - 1] = '\0';
}
