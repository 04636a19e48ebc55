// SPDX-License-Identifier: GPL-2.0
/* The RADIUS client's stand-in (rad_client_stub.h). */
#include <string.h>
#include "rad_client_stub.h"

struct rad_stub rad_stub;
static rad_done_fn waiting_done;
static void *waiting_ctx;
static int token;

struct rad_request *rad_request_start_for(unsigned int service, enum rad_kind kind,
					  uint8_t code, const uint8_t *attrs, size_t attrs_len,
					  const char *password, long created, rad_done_fn done,
					  void *ctx)
{
	(void)service;
	(void)kind;
	(void)password;
	(void)created;
	if (rad_stub.no_server || attrs_len > sizeof(rad_stub.attrs))
		return NULL;
	rad_stub.started++;
	rad_stub.pending = true;
	rad_stub.code = code;
	memcpy(rad_stub.attrs, attrs, attrs_len);
	rad_stub.attrs_len = attrs_len;
	waiting_done = done;
	waiting_ctx = ctx;
	return (struct rad_request *)&token;
}

void rad_request_cancel(struct rad_request *r)
{
	(void)r;
	rad_stub.cancelled++;
	rad_stub.pending = false;
}

uint32_t rad_client_nas_ip(void)
{
	return 0x0100000a;	/* 10.0.0.1 */
}

void rad_stub_answer(const struct rad_reply *reply)
{
	rad_stub.pending = false;
	waiting_done(waiting_ctx, reply);
}
