/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Password guessing is slowed down per source address and per user name. After
 * max-login-failures failures in a row (/ppp aaa; 0: off), the next attempt from that
 * address, or for that name, is refused at once (no password checked, no RADIUS request)
 * until a wait has passed: 1 s, doubling with each further failure, up to
 * login-backoff-max. A success clears the name's record and the address's. Records live
 * in a fixed table (bounded memory, keyed with a secret so names and spoofed addresses
 * cannot be chosen to collide), the least recently used giving way.
 */
#ifndef SLUICED_AAA_BACKOFF_H
#define SLUICED_AAA_BACKOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct login_backoff_limits {
	unsigned int max_failures;	/* before the waits start; 0: never */
	unsigned int max_wait_s;	/* the longest wait */
};

/* 0 if addr may try to log in as user now, else the seconds to wait. */
unsigned int login_backoff_wait(const struct login_backoff_limits *lim, uint32_t addr,
				const char *user);
/* The verdict of an attempt that was let through. */
void login_backoff_record(const struct login_backoff_limits *lim, uint32_t addr,
			  const char *user, bool ok);
/* Forgets everything (tests; configuration reset). */
void login_backoff_reset(void);

#endif /* SLUICED_AAA_BACKOFF_H */
