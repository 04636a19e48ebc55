/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RADIUS packets (RFC 2865 section 3, 5; RFC 2866; RFC 5176): the header, attributes and
 * vendor-specific attributes (Microsoft's RFC 2548 set, MikroTik's). Building appends to a
 * fixed buffer and refuses what will not fit; parsing checks the whole packet once
 * (rad_check) and then walks it with bounds-checked iterators. Nothing here trusts a length.
 */
#ifndef SLUICED_RADIUS_PACKET_H
#define SLUICED_RADIUS_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RAD_HDR_LEN 20
#define RAD_AUTH_LEN 16
#define RAD_MAX_LEN 4096	/* RFC 2865 section 3 */
#define RAD_ATTR_MAX 253	/* value bytes in one attribute */
#define RAD_VSA_MAX 247		/* value bytes in one vendor sub-attribute (253 - 4 - 2) */

enum rad_code {
	RAD_ACCESS_REQUEST = 1, RAD_ACCESS_ACCEPT = 2, RAD_ACCESS_REJECT = 3,
	RAD_ACCT_REQUEST = 4, RAD_ACCT_RESPONSE = 5, RAD_ACCESS_CHALLENGE = 11,
	RAD_DISCONNECT_REQUEST = 40, RAD_DISCONNECT_ACK = 41, RAD_DISCONNECT_NAK = 42,
	RAD_COA_REQUEST = 43, RAD_COA_ACK = 44, RAD_COA_NAK = 45,
};

enum rad_attr_type {
	RAD_USER_NAME = 1, RAD_USER_PASSWORD = 2, RAD_CHAP_PASSWORD = 3, RAD_NAS_IP_ADDRESS = 4,
	RAD_NAS_PORT = 5, RAD_SERVICE_TYPE = 6, RAD_FRAMED_PROTOCOL = 7,
	RAD_FRAMED_IP_ADDRESS = 8, RAD_FRAMED_IP_NETMASK = 9, RAD_FILTER_ID = 11,
	RAD_FRAMED_MTU = 12, RAD_REPLY_MESSAGE = 18, RAD_FRAMED_ROUTE = 22, RAD_STATE = 24,
	RAD_CLASS = 25, RAD_VENDOR_SPECIFIC = 26, RAD_SESSION_TIMEOUT = 27,
	RAD_IDLE_TIMEOUT = 28, RAD_TERMINATION_ACTION = 29, RAD_CALLED_STATION_ID = 30,
	RAD_CALLING_STATION_ID = 31, RAD_NAS_IDENTIFIER = 32, RAD_PROXY_STATE = 33,
	RAD_ACCT_STATUS_TYPE = 40, RAD_ACCT_DELAY_TIME = 41, RAD_ACCT_INPUT_OCTETS = 42,
	RAD_ACCT_OUTPUT_OCTETS = 43, RAD_ACCT_SESSION_ID = 44, RAD_ACCT_AUTHENTIC = 45,
	RAD_ACCT_SESSION_TIME = 46, RAD_ACCT_INPUT_PACKETS = 47, RAD_ACCT_OUTPUT_PACKETS = 48,
	RAD_ACCT_TERMINATE_CAUSE = 49, RAD_ACCT_INPUT_GIGAWORDS = 52,
	RAD_ACCT_OUTPUT_GIGAWORDS = 53, RAD_EVENT_TIMESTAMP = 55, RAD_CHAP_CHALLENGE = 60,
	RAD_EAP_MESSAGE = 79,
	RAD_NAS_PORT_TYPE = 61, RAD_CONNECT_INFO = 77, RAD_MESSAGE_AUTHENTICATOR = 80,
	RAD_ACCT_INTERIM_INTERVAL = 85, RAD_NAS_PORT_ID = 87, RAD_FRAMED_POOL = 88,
	RAD_FRAMED_IPV6_PREFIX = 97, RAD_FRAMED_IPV6_POOL = 100, RAD_ERROR_CAUSE = 101,
	RAD_DELEGATED_IPV6_PREFIX = 123,
	RAD_DNS_SERVER_IPV6_ADDRESS = 169,
};

#define RAD_VENDOR_MICROSOFT 311
#define RAD_VENDOR_MIKROTIK 14988
#define RAD_VENDOR_CISCO 9
#define RAD_CISCO_AVPAIR 1

enum rad_ms_type {	/* RFC 2548 */
	RAD_MS_CHAP_RESPONSE = 1, RAD_MS_CHAP_ERROR = 2, RAD_MS_MPPE_ENCRYPTION_POLICY = 7,
	RAD_MS_MPPE_ENCRYPTION_TYPES = 8, RAD_MS_CHAP_CHALLENGE = 11, RAD_MS_CHAP_MPPE_KEYS = 12,
	RAD_MS_MPPE_SEND_KEY = 16, RAD_MS_MPPE_RECV_KEY = 17, RAD_MS_CHAP2_RESPONSE = 25,
	RAD_MS_CHAP2_SUCCESS = 26, RAD_MS_PRIMARY_DNS = 28, RAD_MS_SECONDARY_DNS = 29,
};

enum rad_mikrotik_type { RAD_MT_GROUP = 3, RAD_MT_RATE_LIMIT = 8 };

/* Error-Cause values (RFC 5176 section 3.5) */
enum rad_error_cause {
	RAD_EC_UNSUPPORTED_ATTRIBUTE = 401, RAD_EC_MISSING_ATTRIBUTE = 402,
	RAD_EC_INVALID_REQUEST = 404, RAD_EC_UNSUPPORTED_SERVICE = 405,
	RAD_EC_SESSION_NOT_FOUND = 503, RAD_EC_RESOURCES_UNAVAILABLE = 506,
};

/* A packet being built: header and attributes, length kept up to date. */
struct rad_packet {
	uint8_t data[RAD_MAX_LEN];
	size_t len;
	size_t msg_auth;	/* offset of the Message-Authenticator's value, 0: none */
};

/* One attribute as found: type, value and its length (0..253). */
struct rad_attr {
	uint8_t type;
	uint8_t len;
	const uint8_t *val;
};

struct rad_iter {
	const uint8_t *p, *end;
};

void rad_init(struct rad_packet *p, uint8_t code, uint8_t id);
/* Each returns 0, -EINVAL (a value too long or empty), -ENOSPC (the packet is full). */
int rad_put(struct rad_packet *p, uint8_t type, const void *val, size_t n);
int rad_put_str(struct rad_packet *p, uint8_t type, const char *s);
int rad_put_u32(struct rad_packet *p, uint8_t type, uint32_t v);
int rad_put_vsa(struct rad_packet *p, uint32_t vendor, uint8_t vtype, const void *val, size_t n);
/* A Message-Authenticator of zeros, filled in when the packet is signed (radius/crypto.h). */
int rad_put_msg_auth(struct rad_packet *p);

/*
 * Checks a received packet: header, Length within what arrived (bytes after it are padding,
 * RFC 2865 section 3), attributes tiling the rest exactly, each at least 2 bytes, a
 * Message-Authenticator exactly 16. Returns the packet's length, or 0 with why set.
 */
size_t rad_check(const uint8_t *buf, size_t len, const char **why);

/* Walks the attributes of a packet rad_check accepted (len: what it returned). */
void rad_iter_init(struct rad_iter *it, const uint8_t *pkt, size_t len);
bool rad_next(struct rad_iter *it, struct rad_attr *a);
/* The first attribute of a type, or false. */
bool rad_find(const uint8_t *pkt, size_t len, uint8_t type, struct rad_attr *a);
/* The first vendor sub-attribute (vendor, vtype) in any Vendor-Specific attribute. Malformed
 * Vendor-Specific attributes are skipped, never read past. */
bool rad_find_vsa(const uint8_t *pkt, size_t len, uint32_t vendor, uint8_t vtype,
		  struct rad_attr *a);
/* Is the Vendor-Specific attribute vsa (vendor, vtype)'s? Its value in *a if so. */
bool rad_vsa_is(const struct rad_attr *vsa, uint32_t vendor, uint8_t vtype, struct rad_attr *a);
/* An integer attribute (exactly 4 bytes); false if absent or of another size. */
bool rad_get_u32(const uint8_t *pkt, size_t len, uint8_t type, uint32_t *v);

const char *rad_code_name(uint8_t code);

#endif /* SLUICED_RADIUS_PACKET_H */
