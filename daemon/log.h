/* SPDX-License-Identifier: GPL-2.0 */
/* Logging: stderr in the foreground, syslog (daemon facility) otherwise. */
#ifndef SLUICED_LOG_H
#define SLUICED_LOG_H

#include <stddef.h>
#include <syslog.h>

void log_open(const char *ident, int foreground, int debug);
__attribute__((format(printf, 2, 3))) void log_msg(int prio, const char *fmt, ...);

/* Copies s into out (cap bytes) with anything unprintable as \xNN: peer-supplied text
 * must not forge log lines. */
void log_escape(char *out, size_t cap, const char *s);

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif /* SLUICED_LOG_H */
