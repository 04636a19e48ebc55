// SPDX-License-Identifier: GPL-2.0
/* An Access-Accept's attributes into struct auth_attrs: pure, so tests and the fuzzer reach it. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aaa/radius.h"
#include "aaa/rate_attrs.h"
#define LOG_TOPIC LOG_T_RADIUS
#include "core/log.h"
#include "radius/packet.h"

/* text attributes: no control characters, no commas or quotes that would confuse a list */
static bool copy_text(const struct rad_attr *a, char *out, size_t cap, const char *reject)
{
	size_t i;

	if (!a->len || a->len >= cap)
		return false;
	for (i = 0; i < a->len; i++)
		if (a->val[i] < 0x20 || a->val[i] == 0x7f || strchr(reject, a->val[i]))
			return false;
	memcpy(out, a->val, a->len);
	out[a->len] = '\0';
	return true;
}

static bool parse_ipv4(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return false;
	*out = a.s_addr;
	return true;
}

int auth_radius_route(const uint8_t *val, size_t len, char *out, size_t cap)
{
	char text[RAD_ATTR_MAX + 1], dst[32] = "", gw[32] = "", *slash, extra[2];
	unsigned int prefix = 32, metric = 0;
	uint32_t d, g = 0, mask;
	int fields, n;
	struct rad_attr a = { .len = (uint8_t)len, .val = val };

	if (len > RAD_ATTR_MAX || !copy_text(&a, text, sizeof(text), ",\"\\"))
		return -1;
	fields = sscanf(text, "%31s %31s %u %1s", dst, gw, &metric, extra);
	if (fields < 1 || fields > 3 || metric > 65535)
		return -1;
	slash = strchr(dst, '/');
	if (slash) {
		char *end;

		*slash = '\0';
		prefix = (unsigned int)strtoul(slash + 1, &end, 10);
		if (end == slash + 1 || *end || prefix > 32)
			return -1;
	}
	if (!parse_ipv4(dst, &d) || (fields >= 2 && !parse_ipv4(gw, &g)))
		return -1;
	/* host bits off, as the kernel wants: 10.1.0.5/24 is 10.1.0.0/24 */
	mask = prefix ? htonl(0xffffffffu << (32 - prefix)) : 0;
	d &= mask;
	inet_ntop(AF_INET, &d, dst, sizeof(dst));
	/* 0.0.0.0 as gateway (RFC 2865 5.22: the user's address): through the interface */
	if (g)
		inet_ntop(AF_INET, &g, gw, sizeof(gw));
	n = g ? snprintf(out, cap, "%s/%u %s %u", dst, prefix, gw, metric) :
		snprintf(out, cap, "%s/%u", dst, prefix);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static void add_route(struct auth_attrs *out, const struct rad_attr *a)
{
	char one[96];
	size_t used = strlen(out->routes);

	if (auth_radius_route(a->val, a->len, one, sizeof(one))) {
		log_warn("radius: a Framed-Route that does not parse: left out");
		return;
	}
	if (used + !!used + strlen(one) + 1 > sizeof(out->routes)) {
		log_warn("radius: too many Framed-Routes: the rest left out");
		return;
	}
	snprintf(out->routes + used, sizeof(out->routes) - used, "%s%s", used ? "," : "", one);
}

static uint32_t u32(const struct rad_attr *a)
{
	return (uint32_t)a->val[0] << 24 | (uint32_t)a->val[1] << 16 | (uint32_t)a->val[2] << 8 |
	       a->val[3];
}

/* the vendor attributes we use (MikroTik, Microsoft) */
static void vendor(struct auth_attrs *out, const uint8_t *pkt, size_t len)
{
	struct rad_attr a;

	if (auth_radius_rate_limit(pkt, len, out->rate_limit, sizeof(out->rate_limit)) < 0) {
		out->rate_limit[0] = '\0';
		log_warn("radius: an unusable rate limit: left out");
	}
	if (rad_find_vsa(pkt, len, RAD_VENDOR_MIKROTIK, RAD_MT_GROUP, &a) &&
	    !copy_text(&a, out->profile, sizeof(out->profile), " ,\"\\[]=~#"))
		log_warn("radius: an unusable Mikrotik-Group: left out");
	if (rad_find_vsa(pkt, len, RAD_VENDOR_MICROSOFT, RAD_MS_PRIMARY_DNS, &a) && a.len == 4)
		memcpy(&out->dns[0], a.val, 4);
	if (rad_find_vsa(pkt, len, RAD_VENDOR_MICROSOFT, RAD_MS_SECONDARY_DNS, &a) && a.len == 4)
		memcpy(&out->dns[1], a.val, 4);
}

/*
 * Framed-IPv6-Prefix (RFC 3162 2.3) and Delegated-IPv6-Prefix (RFC 4818): Reserved,
 * Prefix-Length, then as many bytes of the prefix as it needs. Ours are 64 bits long at
 * most (a /64 for the RAs, a delegated one no longer); bits past the length must be zero.
 * Anything else is left out, said once.
 */
static void ipv6_prefix(const struct rad_attr *a, uint8_t prefix[16], uint8_t *plen,
			const char *name)
{
	unsigned int len = a->len >= 2 ? a->val[1] : 255;
	size_t bytes = (len + 7) / 8, i;

	if (len > 64 || a->len < 2 + bytes || a->len > 18)
		goto bad;
	memset(prefix, 0, 16);
	memcpy(prefix, a->val + 2, a->len - 2);
	for (i = len; i < 128; i++)
		if (prefix[i / 8] & (0x80 >> (i % 8)))
			goto bad;
	*plen = (uint8_t)len;
	return;
bad:
	memset(prefix, 0, 16);
	*plen = 0;
	log_warn("radius: an unusable %s: left out", name);
}

/* DNS-Server-IPv6-Address (RFC 6911 3.1): 16 bytes, repeated for each server */
static void dns6(const struct rad_attr *a, struct auth_attrs *out)
{
	if (a->len != 16) {
		log_warn("radius: an unusable DNS-Server-IPv6-Address: left out");
		return;
	}
	if (out->ndns6 < AUTH_DNS6_MAX)
		memcpy(out->dns6[out->ndns6++], a->val, 16);
}

void auth_radius_parse_accept(const uint8_t *pkt, size_t len, struct auth_attrs *out)
{
	struct rad_iter it;
	struct rad_attr a;

	memset(out, 0, sizeof(*out));
	out->from_radius = true;
	rad_iter_init(&it, pkt, len);
	while (rad_next(&it, &a)) {
		switch (a.type) {
		case RAD_FRAMED_IP_ADDRESS:
			if (a.len == 4)
				memcpy(&out->framed_ip, a.val, 4);
			break;
		case RAD_FRAMED_IP_NETMASK:
			if (a.len == 4)
				memcpy(&out->framed_netmask, a.val, 4);
			break;
		case RAD_FRAMED_POOL:
			if (!copy_text(&a, out->framed_pool, sizeof(out->framed_pool),
				       " ,\"\\[]=~#"))
				log_warn("radius: an unusable Framed-Pool: left out");
			break;
		case RAD_FRAMED_ROUTE:
			add_route(out, &a);
			break;
		case RAD_FRAMED_IPV6_PREFIX:
			ipv6_prefix(&a, out->framed_ipv6, &out->framed_ipv6_len,
				    "Framed-IPv6-Prefix");
			break;
		case RAD_DELEGATED_IPV6_PREFIX:
			ipv6_prefix(&a, out->delegated_ipv6, &out->delegated_ipv6_len,
				    "Delegated-IPv6-Prefix");
			break;
		case RAD_DNS_SERVER_IPV6_ADDRESS:
			dns6(&a, out);
			break;
		case RAD_FRAMED_IPV6_POOL:
			if (!copy_text(&a, out->framed_ipv6_pool, sizeof(out->framed_ipv6_pool),
				       " ,\"\\[]=~#"))
				log_warn("radius: an unusable Framed-IPv6-Pool: left out");
			break;
		case RAD_SESSION_TIMEOUT:
			if (a.len == 4)
				out->session_timeout = u32(&a);
			break;
		case RAD_IDLE_TIMEOUT:
			if (a.len == 4)
				out->idle_timeout = u32(&a);
			break;
		case RAD_ACCT_INTERIM_INTERVAL:
			/* RFC 2869 5.16: not less than 60 s */
			if (a.len == 4)
				out->interim = u32(&a) < 60 ? 60 : u32(&a) > 86400 ? 86400 : u32(&a);
			break;
		case RAD_CLASS:
			if (!out->class_len && a.len) {	/* the first; RFC allows several */
				memcpy(out->class_, a.val, a.len);
				out->class_len = a.len;
			}
			break;
		}
	}
	/* session limits beyond what a timer should hold: capped at ~68 years anyway */
	if (out->session_timeout > 0x7fffffffu)
		out->session_timeout = 0x7fffffffu;
	if (out->idle_timeout > 0x7fffffffu)
		out->idle_timeout = 0x7fffffffu;
	vendor(out, pkt, len);
}
