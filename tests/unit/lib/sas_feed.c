// SPDX-License-Identifier: GPL-2.0
/* The SA table's event feeder (sas_feed.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "ipsec/sas.h"
#include "sas_feed.h"

void sas_feed(struct vici_builder *b, const char *name)
{
	struct vici_msg *m = NULL;

	assert_int_equal(vici_build_finish(b), 0);
	assert_int_equal(vici_parse(b->buf, b->len, NULL, &m), 0);
	ipsec_sas_event(name, m);
	vici_msg_free(m);
	vici_build_free(b);
	vici_build_init(b, 65536);
}
