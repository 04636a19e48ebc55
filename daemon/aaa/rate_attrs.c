// SPDX-License-Identifier: GPL-2.0
/*
 * The rate-limit a RADIUS Access-Accept or CoA-Request gives, from whichever attribute
 * `/ppp aaa rate-limit-attributes` allows: Mikrotik-Rate-Limit (RouterOS's text), else
 * Filter-Id when it is RouterOS's rate-limit text (servers set up for accel-ppp send the
 * rate there; one that names a filter is not a rate and is left alone), else Cisco-AVPair's
 * "lcp:interface-config=rate-limit input|output BPS ..." pair (Cisco ISG's form, which
 * accel-ppp reads too): input is what the client sends, RouterOS's rx; output its tx.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "aaa/aaa_menu.h"
#include "aaa/rate_attrs.h"
#include "radius/packet.h"
#include "rate_limit.h"

/* a's bytes as text without control bytes or quotes (a RouterOS word), or false */
static bool attr_text(const struct rad_attr *a, char *out, size_t cap)
{
	size_t i;

	if (!a->len || a->len >= cap)
		return false;
	for (i = 0; i < a->len; i++)
		if (a->val[i] < 0x20 || a->val[i] == 0x7f || strchr("\"\\,", a->val[i]))
			return false;
	memcpy(out, a->val, a->len);
	out[a->len] = '\0';
	return true;
}

/* "... rate-limit input 2048000 ...": 0 with the direction and the rate, or -1 */
static int cisco_rate(const struct rad_attr *a, bool *input, uint64_t *bps)
{
	char text[RAD_ATTR_MAX + 1], dir[8];
	const char *p;
	int used = 0;

	if (a->len > RAD_ATTR_MAX || !a->len)
		return -1;
	memcpy(text, a->val, a->len);
	text[a->len] = '\0';
	p = strstr(text, "rate-limit ");
	if (!p || sscanf(p + 11, "%7s %" SCNu64 "%n", dir, bps, &used) != 2 || !used)
		return -1;
	if (strcmp(dir, "input") && strcmp(dir, "output"))
		return -1;
	*input = !strcmp(dir, "input");
	return 0;
}

/* Every Cisco-AVPair rate-limit: "rx/tx" (0: none that way); 1 found, 0 none, -1 bad */
static int from_cisco(const uint8_t *pkt, size_t len, char *out, size_t cap)
{
	uint64_t rate[2] = { 0, 0 }, bps;
	struct rad_attr vsa, a;
	struct rad_iter it;
	bool input, found = false;

	rad_iter_init(&it, pkt, len);
	while (rad_next(&it, &vsa)) {
		if (!rad_vsa_is(&vsa, RAD_VENDOR_CISCO, RAD_CISCO_AVPAIR, &a) ||
		    !memmem(a.val, a.len, "rate-limit ", 11))
			continue;
		if (cisco_rate(&a, &input, &bps))
			return -1;
		rate[input ? 0 : 1] = bps;
		found = true;
	}
	if (!found)
		return 0;
	return snprintf(out, cap, "%" PRIu64 "/%" PRIu64, rate[0], rate[1]) < (int)cap ? 1 : -1;
}

int auth_radius_rate_limit(const uint8_t *pkt, size_t len, char *out, size_t cap)
{
	const struct ppp_aaa_cfg *c = ppp_aaa();
	/* before the configuration exists (tools, tests): RouterOS's one attribute */
	unsigned int allowed = c ? c->rate_limit_attributes : CFG_RATE_ATTR_MIKROTIK;
	struct rate_limit rl;
	struct rad_attr a;
	const char *why;
	int ret;

	if ((allowed & CFG_RATE_ATTR_MIKROTIK) &&
	    rad_find_vsa(pkt, len, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, &a))
		return attr_text(&a, out, cap) ? 1 : -1;
	if ((allowed & CFG_RATE_ATTR_FILTER_ID) && rad_find(pkt, len, RAD_FILTER_ID, &a) &&
	    attr_text(&a, out, cap) && !rate_limit_parse(out, &rl, &why))
		return 1;
	if (!(allowed & CFG_RATE_ATTR_CISCO))
		return 0;
	ret = from_cisco(pkt, len, out, cap);
	if (ret == 1 && rate_limit_parse(out, &rl, &why))
		return -1;	/* a rate below what the module shapes, say */
	return ret;
}
