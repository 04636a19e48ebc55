/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stand-in for daemon/radius/client.c (link rad_client_stub.c instead): requests are not
 * sent but kept, one at a time, for the test to look at and answer through rad_stub_answer.
 */
#ifndef SLUICE_TEST_RAD_CLIENT_STUB_H
#define SLUICE_TEST_RAD_CLIENT_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "radius/client.h"

struct rad_stub {
	bool no_server;			/* rad_request_start finds none: returns NULL */
	unsigned int started, cancelled;
	bool pending;			/* a request waits for rad_stub_answer */
	uint8_t code;
	uint8_t attrs[RAD_MAX_LEN];	/* the last request's attributes */
	size_t attrs_len;
};
extern struct rad_stub rad_stub;

/* Calls the waiting request's callback with reply (NULL: no server answered). */
void rad_stub_answer(const struct rad_reply *reply);

#endif
