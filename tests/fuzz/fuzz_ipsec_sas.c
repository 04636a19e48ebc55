// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the SA table (daemon/ipsec/sas.c) fed hostile events from charon. The first
 * byte picks the event (ike-updown, child-updown, ike-rekey, child-rekey, a list-sa, or the
 * table cleared), the rest is its message, parsed strictly first as vici.c does. Whatever
 * comes, every SA kept has a uniqueid, at most IPSEC_CHILDREN_MAX children, strings within
 * their fields, and the table stays under its cap.
 * Seeds (tests/fuzz/corpus/ipsec_sas): vici_msg's ike-updown and list-sa events.
 */
/* unit-test-sources: daemon/ipsec/sas.c daemon/ipsec/vici_msg.c tests/unit/lib/fuzz_quiet.c */
#include <stdint.h>
#include <string.h>
#include "fuzz_quiet.h"
#include "ipsec/sas.h"
#include "ipsec/vici_msg.h"

static void check_table(void)
{
	size_t i, c;

	check(ipsec_sas_count() <= IPSEC_SAS_MAX);
	for (i = 0; i < ipsec_sas_count(); i++) {
		const struct ipsec_ike_sa *s = ipsec_sas_at(i);

		check(s->uniqueid && s->nchild <= IPSEC_CHILDREN_MAX);
		check(strlen(s->conn) < sizeof(s->conn));
		check(strlen(s->remote_id) < sizeof(s->remote_id));
		for (c = 0; c < s->nchild; c++) {
			check(s->child[c].uniqueid);
			check(strlen(s->child[c].algs) < sizeof(s->child[c].algs));
			if (s->child[c].mark_in)
				check(ipsec_sas_by_mark(s->child[c].mark_in, NULL));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const events[] = { "ike-updown", "child-updown", "ike-rekey",
					      "child-rekey", "list-sa", "clear" };
	struct vici_msg *m = NULL;
	const char *name;

	if (!size)
		return 0;
	name = events[data[0] % (sizeof(events) / sizeof(events[0]))];
	if (!strcmp(name, "clear")) {
		ipsec_sas_clear();
		return 0;
	}
	if (vici_parse(data + 1, size - 1, NULL, &m))
		return 0;
	if (!strcmp(name, "list-sa"))
		ipsec_sas_listed(m);
	else
		ipsec_sas_event(name, m);
	vici_msg_free(m);
	check_table();
	return 0;
}
