// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any byte string as a datagram on sluiced's L2TP socket (daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c). The
 * header is parsed on its own and as l2tp_data_ids() sees it; the datagram is parsed as a
 * control message without a secret (which must leave it untouched) and with one (hidden AVPs
 * are decrypted in place; the seeds carry some hidden with this very secret). Every accepted
 * message is walked, raw and parsed, every getter is called, and the message is built again
 * from its AVPs: that must parse to the same AVPs. ASan and UBSan watch every copy, each in a
 * buffer of its exact size.
 */
/* unit-test-sources: daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "l2tp/msg.h"
#include "fuzz_quiet.h"

#define SECRET "fuzz-secret"
#define SECRET_LEN (sizeof(SECRET) - 1)

static uint8_t *dup_exact(const uint8_t *data, size_t size)
{
	uint8_t *p = malloc(size ? size : 1);

	if (p)
		memcpy(p, data, size);
	return p;
}

/* Reads every byte handed out, so that ASan sees a view that reaches too far. */
static unsigned int touch(const uint8_t *p, size_t n)
{
	unsigned int sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

static void check_header(const uint8_t *p, size_t n)
{
	struct l2tp_hdr h;
	uint16_t t, s;
	enum l2tp_error e = l2tp_hdr_parse(p, n, &h);
	enum l2tp_error d = l2tp_data_ids(p, n, &t, &s);

	if (e) {
		check(d == e && !t && !s && !h.length && !h.body);
		return;
	}
	check(h.length == n && (size_t)h.body + h.body_len == n && (h.flags & 0xf) == 2);
	if (h.flags & L2TP_HDR_T) {
		check(d == L2TP_E_CONTROL && h.body == L2TP_CTRL_HDR_LEN && !h.offset_size);
	} else {
		check(d == L2TP_OK && t == h.tunnel_id && s == h.session_id);
		check(h.body >= 6 + (size_t)h.offset_size);
	}
}

/* Every getter: what each says must agree with l2tp_msg_has(), and what it hands out is read. */
static void getters(const struct l2tp_msg *m)
{
	struct l2tp_call_errors ce;
	struct l2tp_result r;
	struct l2tp_q931 q;
	const uint8_t *p;
	unsigned int t, sum = 0;
	uint8_t ver, rev, id;
	uint32_t u32, u32b;
	uint64_t u64;
	uint16_t u16;
	char s[64];
	size_t len;
	enum l2tp_error e;

	for (t = 0; t <= L2TP_AVP_TYPE_MAX + 2; t++) {
		e = l2tp_get_bytes(m, t, &p, &len);
		check(e == L2TP_OK || e == L2TP_E_ABSENT || e == L2TP_E_NO_SECRET ||
		      e == L2TP_E_INVALID);
		check(l2tp_msg_has(m, t) == (e == L2TP_OK || e == L2TP_E_NO_SECRET));
		if (e == L2TP_OK) {
			check(len <= L2TP_AVP_VALUE_MAX);
			sum += touch(p, len);
		} else {
			check(!p && !len);
		}
		e = l2tp_get_u16(m, t, &u16);
		check(e || l2tp_msg_has(m, t));
		e = l2tp_get_u32(m, t, &u32);
		check(e || l2tp_msg_has(m, t));
		e = l2tp_get_u64(m, t, &u64);
		check(e || l2tp_msg_has(m, t));
		e = l2tp_get_string(m, t, s, sizeof(s));
		check(s[0] == '\0' || (e == L2TP_OK && strlen(s) < sizeof(s)));
	}
	if (m->status == L2TP_OK || m->status == L2TP_E_NO_SECRET)
		check(l2tp_msg_has(m, L2TP_AVP_MESSAGE_TYPE) == !m->zlb);
	if (l2tp_get_result(m, &r) == L2TP_OK) {
		check(r.has_error || !r.msg_len);
		sum += touch(r.msg ? r.msg : (const uint8_t *)"", r.msg_len);
	}
	if (l2tp_get_q931(m, &q) == L2TP_OK)
		sum += touch(q.advisory ? q.advisory : (const uint8_t *)"", q.advisory_len);
	sum += l2tp_get_protocol_version(m, &ver, &rev) == L2TP_OK ? ver + rev : 0;
	sum += l2tp_get_call_errors(m, &ce) == L2TP_OK ? ce.crc + ce.alignment : 0;
	sum += l2tp_get_accm(m, &u32, &u32b) == L2TP_OK ? u32 ^ u32b : 0;
	sum += l2tp_get_proxy_authen_id(m, &id) == L2TP_OK ? id : 0;
	/* the typed wrappers, each once */
	l2tp_get_firmware_revision(m, &u16);
	l2tp_get_assigned_tunnel_id(m, &u16);
	check(l2tp_get_assigned_tunnel_id(m, &u16) || u16);
	l2tp_get_receive_window_size(m, &u16);
	check(l2tp_get_assigned_session_id(m, &u16) || u16);
	l2tp_get_proxy_authen_type(m, &u16);
	l2tp_get_framing_caps(m, &u32);
	l2tp_get_bearer_caps(m, &u32);
	l2tp_get_call_serial_number(m, &u32);
	l2tp_get_minimum_bps(m, &u32);
	l2tp_get_maximum_bps(m, &u32);
	l2tp_get_bearer_type(m, &u32);
	l2tp_get_framing_type(m, &u32);
	l2tp_get_tx_connect_speed(m, &u32);
	l2tp_get_rx_connect_speed(m, &u32);
	l2tp_get_physical_channel_id(m, &u32);
	l2tp_get_tie_breaker(m, &u64);
	if (l2tp_get_host_name(m, &p, &len) == L2TP_OK)
		check(len >= 1);
	l2tp_get_vendor_name(m, &p, &len);
	l2tp_get_challenge(m, &p, &len);
	if (l2tp_get_challenge_response(m, &p, &len) == L2TP_OK)
		check(len == L2TP_CHALLENGE_RESPONSE_LEN);
	l2tp_get_called_number(m, &p, &len);
	l2tp_get_calling_number(m, &p, &len);
	l2tp_get_sub_address(m, &p, &len);
	l2tp_get_initial_received_lcp_confreq(m, &p, &len);
	l2tp_get_last_sent_lcp_confreq(m, &p, &len);
	l2tp_get_last_received_lcp_confreq(m, &p, &len);
	l2tp_get_proxy_authen_name(m, &p, &len);
	l2tp_get_proxy_authen_challenge(m, &p, &len);
	l2tp_get_proxy_authen_response(m, &p, &len);
	l2tp_get_private_group_id(m, &p, &len);
	l2tp_get_random_vector(m, &p, &len);
	l2tp_sequencing_required(m);
	(void)sum;
}

/* The parsed walk and the raw walk of an accepted message agree with the counts. */
static void walk(const struct l2tp_msg *m)
{
	struct l2tp_avp_iter it, raw;
	struct l2tp_avp a, b;
	unsigned int n = 0, ignored = 0, hidden = 0;
	int r;

	l2tp_msg_iter_init(&it, m);
	l2tp_avp_iter_init(&raw, m->buf + m->hdr.body, m->hdr.body_len);
	while ((r = l2tp_avp_iter_next(&it, &a)) == 1) {
		check(l2tp_avp_iter_next(&raw, &b) == 1);
		check(a.off == b.off + m->hdr.body && a.type == b.type && a.vendor == b.vendor &&
		      a.flags == b.flags);
		check(a.value >= m->buf + m->hdr.body &&
		      a.value + a.len <= m->buf + m->hdr.length);
		touch(a.value, a.len);
		check(!n || !a.encrypted || m->status == L2TP_E_NO_SECRET);
		ignored += a.ignored;
		hidden += (a.flags & L2TP_AVP_H) && !a.ignored && !a.encrypted;
		n++;
	}
	check(r == 0 && l2tp_avp_iter_next(&raw, &b) == 0);
	check(n == m->navps && ignored == m->nignored && hidden == m->nhidden);
}

/* The message built again from what was accepted must read the same. */
static void rebuild(const struct l2tp_msg *m, const char *secret, size_t secret_len)
{
	struct l2tp_avp_iter it, it2;
	struct l2tp_avp a, b;
	struct l2tp_build bld;
	struct l2tp_msg again;
	uint8_t *out, *copy;
	int n;

	out = malloc(L2TP_MSG_MAX);
	if (!out)
		return;
	l2tp_build_start(&bld, out, L2TP_MSG_MAX, m->hdr.tunnel_id, m->hdr.session_id, m->hdr.ns,
			 m->hdr.nr, m->type);
	l2tp_build_secret(&bld, secret, secret_len);
	l2tp_msg_iter_init(&it, m);
	check(m->zlb || l2tp_avp_iter_next(&it, &a) == 1);	/* Message Type: start's */
	while (l2tp_avp_iter_next(&it, &a) == 1) {
		if (a.ignored)
			continue;
		n = l2tp_put(&bld, a.flags & (L2TP_AVP_M | L2TP_AVP_H), a.vendor, a.type, a.value,
			     a.len);
		/* hidden values are padded afresh, so only a hidden AVP can make it not fit */
		check(!n || (n == L2TP_E_NOSPACE && m->nhidden));
	}
	n = l2tp_build_finish(&bld);
	if (n < 0) {
		check(n == L2TP_E_NOSPACE);
		free(out);
		return;
	}
	copy = dup_exact(out, (size_t)n);
	free(out);
	if (!copy)
		return;
	check(l2tp_msg_parse(copy, (size_t)n, secret, secret_len, &again) == L2TP_OK);
	check(again.type == m->type && again.zlb == m->zlb &&
	      again.hdr.tunnel_id == m->hdr.tunnel_id &&
	      again.hdr.session_id == m->hdr.session_id && again.hdr.ns == m->hdr.ns &&
	      again.hdr.nr == m->hdr.nr && again.nignored == 0 &&
	      again.navps == m->navps - m->nignored && again.nhidden == m->nhidden);
	l2tp_msg_iter_init(&it, m);
	l2tp_msg_iter_init(&it2, &again);
	while (l2tp_avp_iter_next(&it, &a) == 1) {
		if (a.ignored)
			continue;
		check(l2tp_avp_iter_next(&it2, &b) == 1);
		check(a.vendor == b.vendor && a.type == b.type && a.len == b.len &&
		      !memcmp(a.value, b.value, a.len));
		check(a.type == L2TP_AVP_MESSAGE_TYPE || a.flags == b.flags);
	}
	check(l2tp_avp_iter_next(&it2, &b) == 0);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct l2tp_msg clear, keyed;
	enum l2tp_error e1, e2;
	uint8_t *p1, *p2;
	char line[256];

	p1 = dup_exact(data, size);
	p2 = dup_exact(data, size);
	if (!p1 || !p2)
		goto out;
	check_header(p1, size);

	/* without a secret: the buffer is left as it was */
	e1 = l2tp_msg_parse(p1, size, NULL, 0, &clear);
	check(e1 <= 0 && e1 >= L2TP_E_LAST && e1 != L2TP_E_CRYPTO && !memcmp(p1, data, size));
	check(e1 == (int)clear.status);
	l2tp_msg_describe(&clear, e1, line, sizeof(line));
	check(strlen(line) < sizeof(line));
	getters(&clear);
	if (e1 == L2TP_OK || e1 == L2TP_E_NO_SECRET)
		walk(&clear);
	if (e1 == L2TP_OK)
		rebuild(&clear, NULL, 0);

	/* with one */
	e2 = l2tp_msg_parse(p2, size, SECRET, SECRET_LEN, &keyed);
	check(e2 != L2TP_E_NO_SECRET && e2 != L2TP_E_CRYPTO);
	l2tp_msg_describe(&keyed, e2, line, sizeof(line));
	getters(&keyed);
	if (e2 == L2TP_OK) {
		walk(&keyed);
		rebuild(&keyed, SECRET, SECRET_LEN);
	}
	/* nothing hidden, nothing to decrypt: the secret changes nothing */
	if (e1 == L2TP_OK)
		check(e2 == L2TP_OK && keyed.navps == clear.navps &&
		      keyed.nignored == clear.nignored && keyed.type == clear.type &&
		      !memcmp(p2, data, size));
	/* what reads with the secret never reads worse without it */
	if (e2 == L2TP_OK)
		check(e1 == L2TP_OK || e1 == L2TP_E_NO_SECRET);
out:
	free(p1);
	free(p2);
	return 0;
}
