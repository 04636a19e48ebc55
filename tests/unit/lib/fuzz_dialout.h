/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the dial-out fuzzers: one client item of a menu (/interface pptp-client or
 * l2tp-client) handled as an operator would, each change applied at once, and the server's
 * PPP frames delivered to the call's link through the kernel stand-in. Link with
 * kernel_stub.c, fuzz_quiet.c and @config.
 */
#ifndef SLUICE_TEST_FUZZ_DIALOUT_H
#define SLUICE_TEST_FUZZ_DIALOUT_H

#include <stddef.h>
#include <stdint.h>
#include "admin/config.h"
#include "fuzz_ppp_server.h"

#define FUZZ_DIALOUT_PROPS 10

struct fuzz_dialout {
	struct cfg_menu *menu;
	const char *name;		/* the item's */
	void (*apply)(void);		/* pptp_client_apply, ... */
	const char *keys[FUZZ_DIALOUT_PROPS], *vals[FUZZ_DIALOUT_PROPS];	/* to add it */
	size_t n;
};

/* The allow= the fuzzers choose from (a config byte's two bits)... */
extern const char *const fuzz_dialout_allows[4];
/* ... and what the server's PPP (fuzz_ppp_server.h) asks for then: "pap,chap,..." gets PAP. */
enum fuzz_ppp_auth fuzz_dialout_auth(unsigned int allow);

/* Adds the item as keys and vals say. */
void fuzz_dialout_add(const struct fuzz_dialout *d);
/* Sets one property of the item, if it exists. */
void fuzz_dialout_set(const struct fuzz_dialout *d, const char *key, const char *value);
void fuzz_dialout_remove(const struct fuzz_dialout *d);
/* Items removed so far (the fuzzer resets it): each may leave a client still stopping. */
extern unsigned int fuzz_dialout_removed;
/* arg % 5: disable, enable, change the password, remove and add again, monitor. */
void fuzz_dialout_operator(const struct fuzz_dialout *d, uint8_t arg);
/* A PPP frame of n bytes from the server to the link bound last, if any. */
void fuzz_dialout_ppp_frame(const uint8_t *p, size_t n);

#endif /* SLUICE_TEST_FUZZ_DIALOUT_H */
