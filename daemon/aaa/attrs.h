/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an authentication server said about a session (RADIUS Access-Accept attributes), kept
 * with the link: addresses, routes, limits, and what accounting must echo (Class). All zero
 * for a session the local secrets admitted. Plain data, no pointers: nothing to free.
 */
#ifndef SLUICED_AUTH_ATTRS_H
#define SLUICED_AUTH_ATTRS_H

#include <stdbool.h>
#include <stdint.h>

#define AUTH_CLASS_MAX 253
#define AUTH_DNS6_MAX 3

struct auth_attrs {
	bool from_radius;		/* RADIUS admitted the user */
	bool fallback;			/* no server answered: local secrets admitted the user */
	uint32_t framed_ip;		/* network order; 0: none, 255.255.255.254: from the pool */
	uint32_t framed_netmask;
	char framed_pool[65];
	uint8_t framed_ipv6[16];	/* Framed-IPv6-Prefix (RFC 3162), network order ... */
	uint8_t framed_ipv6_len;	/* ... and its length, at most 64; 0: none */
	char framed_ipv6_pool[65];	/* Framed-IPv6-Pool: an /ipv6 pool */
	uint8_t dns6[AUTH_DNS6_MAX][16];	/* DNS-Server-IPv6-Address (RFC 6911), in order ... */
	uint8_t ndns6;			/* ... how many: the first AUTH_DNS6_MAX given */
	uint8_t delegated_ipv6[16];	/* Delegated-IPv6-Prefix (RFC 4818), for DHCPv6 ... */
	uint8_t delegated_ipv6_len;	/* ... at most 64; 0: none */
	char routes[256];		/* Framed-Route as /ppp secret routes= writes them */
	char profile[65];		/* Mikrotik-Group: a /ppp profile */
	char rate_limit[64];		/* Mikrotik-Rate-Limit */
	uint32_t dns[2];		/* MS-Primary/Secondary-DNS-Server, network order */
	unsigned int session_timeout, idle_timeout, interim;	/* seconds, 0: none */
	uint8_t class_len;
	uint8_t class_[AUTH_CLASS_MAX];	/* Class, echoed in accounting (RFC 2865 5.25) */
};

#endif /* SLUICED_AUTH_ATTRS_H */
