// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any byte string as a datagram of an XFRM_MSG_GETSA or GETPOLICY dump from the
 * kernel (daemon/ipsec/xfrm.c), as /ip ipsec installed-sa and the leftovers' sweep read
 * it; the same bytes as /proc/self/net/xfrm_stat text. Every SA kept must be whole: an
 * address family the view can print, algorithm names NUL-terminated and printable, key
 * sizes the attribute held; policies keep whole templates only; the table's counts must
 * add up. The leftovers' pick (leftovers.c) runs on whatever was kept, every address
 * local. The parser is fed the input at 8-byte alignment and at 4 (netlink's own), and
 * split at a point the first byte chooses (a dump in two datagrams). Seeds
 * (tests/fuzz/corpus/xfrm): a dump of a transport SA, a NAT-T AEAD SA and an AH SA over
 * IPv6; three marked transport policies.
 */
/* unit-test-sources: daemon/ipsec/xfrm.c daemon/ipsec/leftovers.c tests/unit/lib/fuzz_quiet.c */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "fuzz_quiet.h"
#include "ipsec/leftovers.h"
#include "ipsec/xfrm.h"

static void check_name(const char *name)
{
	size_t i;

	for (i = 0; i < XFRM_ALG_NAME_SIZE && name[i]; i++)
		check(isprint((unsigned char)name[i]));
	check(i < XFRM_ALG_NAME_SIZE);
}

static bool all_local(uint16_t family, const xfrm_address_t *a)
{
	(void)family;
	(void)a;
	return true;
}

/* what the pick says must be about what the table holds */
static void check_pick(const struct xfrm_sa_table *t)
{
	bool *sa_gone = calloc(t->n + 1, sizeof(bool)), *pol_gone = calloc(t->npol + 1, sizeof(bool));
	size_t nsa, npol;

	ipsec_leftovers_pick(t, all_local, sa_gone, pol_gone, &nsa, &npol);
	check(nsa <= t->n && npol <= t->npol);
	free(sa_gone);
	free(pol_gone);
}

static void check_table(const struct xfrm_sa_table *t, size_t len)
{
	size_t i;

	check(t->npol <= t->polcap && t->npol <= XFRM_SA_MAX);
	for (i = 0; i < t->npol; i++)
		check(t->pol[i].ntmpl <= XFRM_POL_TMPL_MAX);
	check_pick(t);
	check(t->n <= t->cap && t->n <= XFRM_SA_MAX);
	/* every SA and every refusal took a message of at least a header */
	check((t->n + t->npol + t->refused) * 16 <= len + 16);
	for (i = 0; i < t->n; i++) {
		const struct xfrm_sa *sa = &t->sa[i];

		check(sa->family == AF_INET || sa->family == AF_INET6);
		check_name(sa->auth);
		check_name(sa->enc);
		check(xfrm_auth_name(sa->auth) && xfrm_enc_name(sa->enc));
		check(xfrm_enc_key_size(sa) <= sa->enc_key_bits);
		/* the key was inside the message */
		check((uint64_t)sa->enc_key_bits / 8 <= len && (uint64_t)sa->auth_key_bits / 8 <= len);
	}
}

static void feed_at(const uint8_t *data, size_t size, size_t offset, size_t split)
{
	struct xfrm_sa_table t = { 0 };
	uint8_t *buf = malloc(size + offset + 1);
	int ret;

	memcpy(buf + offset, data, size);
	ret = xfrm_dump_feed(&t, buf + offset, split, 0, 0);
	if (ret == 1)
		ret = xfrm_dump_feed(&t, buf + offset + split, size - split, 0, 0);
	check(ret == 0 || ret == 1 || (ret < 0 && ret >= -4095));
	check_table(&t, size);
	xfrm_sa_table_free(&t);
	free(buf);
}

static void count(const char *name, uint64_t value, void *arg)
{
	(void)value;
	check(name[0] && strlen(name) < 64);
	(*(size_t *)arg)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t split = size ? (size_t)data[0] * 4 : 0, lines = 0, skipped;

	if (split > size)
		split = size;
	feed_at(data, size, 0, size);
	feed_at(data, size, 4, size);
	feed_at(data, size, 0, split);
	skipped = xfrm_stat_parse((const char *)data, size, count, &lines);
	check(lines + skipped <= size);
	return 0;
}
