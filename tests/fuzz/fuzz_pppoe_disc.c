// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any byte string as the payload of a PPPoE Discovery frame from anyone on the
 * segment (daemon/pppoe/disc.c). What parses keeps its tags inside LENGTH's bytes, and
 * builds again, tag by tag, into a payload that parses to the same code, session and tags;
 * what is refused says why with a known name. ASan and UBSan watch.
 */
/* unit-test-sources: daemon/pppoe/disc.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pppoe/disc.h"

#define check(c) do { if (!(c)) abort(); } while (0)

static const uint8_t *lo, *hi;		/* the tags' bytes: after the header, within LENGTH */

static void inside(const struct pppoe_tag *t)
{
	if (!t->present) {
		check(t->len == 0);
		return;
	}
	check(t->val >= lo && t->val + t->len <= hi);
}

static void same(const struct pppoe_tag *a, const struct pppoe_tag *b)
{
	check(a->present == b->present && a->len == b->len);
	check(!a->len || !memcmp(a->val, b->val, a->len));
}

static void rebuild(const struct pppoe_disc *m)
{
	static uint8_t out[PPPOE_PAYLOAD_MAX];
	struct pppoe_build b;
	struct pppoe_disc r;
	int len;

	pppoe_build_start(&b, out, sizeof(out), m->code, m->session);
	pppoe_build_echo(&b, PPPOE_TAG_SERVICE_NAME, &m->service_name);
	pppoe_build_echo(&b, PPPOE_TAG_AC_NAME, &m->ac_name);
	pppoe_build_echo(&b, PPPOE_TAG_HOST_UNIQ, &m->host_uniq);
	pppoe_build_echo(&b, PPPOE_TAG_AC_COOKIE, &m->ac_cookie);
	pppoe_build_echo(&b, PPPOE_TAG_RELAY_SESSION_ID, &m->relay_session_id);
	pppoe_build_echo(&b, PPPOE_TAG_SERVICE_NAME_ERROR, &m->service_name_error);
	pppoe_build_echo(&b, PPPOE_TAG_AC_SYSTEM_ERROR, &m->ac_system_error);
	pppoe_build_echo(&b, PPPOE_TAG_GENERIC_ERROR, &m->generic_error);
	if (m->max_payload)
		pppoe_build_u16(&b, PPPOE_TAG_PPP_MAX_PAYLOAD, m->max_payload);
	len = pppoe_build_finish(&b);
	if (len == PPPOE_E_TOO_LONG)	/* a payload of more than 1500 bytes parses, and */
		return;			/* what we build stays within Ethernet's */
	check(len > 0);
	check(pppoe_disc_parse(out, (size_t)len, &r) == 0);
	check(r.code == m->code && r.session == m->session && r.max_payload == m->max_payload);
	same(&r.service_name, &m->service_name);
	same(&r.ac_name, &m->ac_name);
	same(&r.host_uniq, &m->host_uniq);
	same(&r.ac_cookie, &m->ac_cookie);
	same(&r.relay_session_id, &m->relay_session_id);
	same(&r.service_name_error, &m->service_name_error);
	same(&r.ac_system_error, &m->ac_system_error);
	same(&r.generic_error, &m->generic_error);
	check(!r.skipped && !r.duplicates && !r.more_service_names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pppoe_disc m;
	int ret = pppoe_disc_parse(data, size, &m);

	if (ret) {
		check(strcmp(pppoe_disc_strerror(ret), "unknown") != 0);
		return 0;
	}
	check(strcmp(pppoe_code_name(m.code), "unknown") != 0);
	lo = data + PPPOE_HDR_LEN;
	hi = lo + (data[4] << 8 | data[5]);
	inside(&m.service_name);
	inside(&m.ac_name);
	inside(&m.host_uniq);
	inside(&m.ac_cookie);
	inside(&m.relay_session_id);
	inside(&m.service_name_error);
	inside(&m.ac_system_error);
	inside(&m.generic_error);
	rebuild(&m);
	return 0;
}
