/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PPPoE Discovery codec (RFC 2516 section 5, with RFC 4638's PPP-Max-Payload): the
 * payload of an Ethernet frame of type 0x8863 in, a struct out, and back. No sockets, no
 * state, no allocation; thread-safe.
 *
 * The payload is a 6-byte header (VER = 1 and TYPE = 1 in one byte, CODE, SESSION_ID,
 * LENGTH) and LENGTH bytes of tags, each a TAG_TYPE, a TAG_LENGTH and its value, all
 * big-endian. Ethernet pads short frames to 60 bytes, so bytes past LENGTH are padding and
 * ignored; a LENGTH past the bytes there, or a tag that does not end within LENGTH, is
 * refused. End-Of-List ends the tags (RFC 2516 says its length MUST be 0: checked).
 *
 * The parser keeps references into the caller's buffer (valid while it is), never copies:
 * the tags that matter are Service-Name, AC-Name, Host-Uniq, AC-Cookie, Relay-Session-Id
 * and PPP-Max-Payload (the first of each; a second is counted, and for a Service-Name kept
 * apart, as only a PADO may list several), and the three error tags. Vendor-Specific and
 * unknown tags are skipped, as RFC 2516 says. Values are the peer's bytes: whoever logs or
 * prints them escapes them.
 *
 * What each CODE must carry (RFC 2516 5.1-5.5) is checked here too, so a caller sees only
 * messages it can act on: SESSION_ID 0 in PADI, PADO and PADR and not 0 in PADT; a
 * Service-Name in PADI, PADO and PADR; an AC-Name in PADO. A PADS with SESSION_ID 0 is an
 * AC's refusal and carries an error tag; one with a session needs its Service-Name.
 */
#ifndef SLUICED_PPPOE_DISC_H
#define SLUICED_PPPOE_DISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PPPOE_ETH_DISCOVERY 0x8863
#define PPPOE_ETH_SESSION 0x8864
#define PPPOE_VER_TYPE 0x11
#define PPPOE_HDR_LEN 6
#define PPPOE_TAG_HDR_LEN 4
/* the most a payload can be on a 1500-byte Ethernet */
#define PPPOE_PAYLOAD_MAX 1500

enum pppoe_code {
	PPPOE_PADI = 0x09,
	PPPOE_PADO = 0x07,
	PPPOE_PADR = 0x19,
	PPPOE_PADS = 0x65,
	PPPOE_PADT = 0xa7,
};

enum pppoe_tag_type {
	PPPOE_TAG_END_OF_LIST = 0x0000,
	PPPOE_TAG_SERVICE_NAME = 0x0101,
	PPPOE_TAG_AC_NAME = 0x0102,
	PPPOE_TAG_HOST_UNIQ = 0x0103,
	PPPOE_TAG_AC_COOKIE = 0x0104,
	PPPOE_TAG_VENDOR_SPECIFIC = 0x0105,
	PPPOE_TAG_RELAY_SESSION_ID = 0x0110,
	PPPOE_TAG_PPP_MAX_PAYLOAD = 0x0120,	/* RFC 4638 */
	PPPOE_TAG_SERVICE_NAME_ERROR = 0x0201,
	PPPOE_TAG_AC_SYSTEM_ERROR = 0x0202,
	PPPOE_TAG_GENERIC_ERROR = 0x0203,
};

/* A tag's value in the parsed buffer; present with len 0 is an empty value (an empty
 * Service-Name means "any service"). */
struct pppoe_tag {
	const uint8_t *val;
	uint16_t len;
	bool present;
};

struct pppoe_disc {
	uint8_t code;			/* enum pppoe_code */
	uint16_t session;
	struct pppoe_tag service_name, ac_name, host_uniq, ac_cookie, relay_session_id;
	struct pppoe_tag service_name_error, ac_system_error, generic_error;
	uint16_t max_payload;		/* PPP-Max-Payload; 0: absent */
	unsigned int more_service_names;	/* after the first (a PADO's list) */
	unsigned int duplicates;	/* other tags seen more than once (the first kept) */
	unsigned int skipped;		/* Vendor-Specific and unknown tags */
};

enum pppoe_disc_error {
	PPPOE_E_SHORT = -1,		/* fewer bytes than the header, or than LENGTH says */
	PPPOE_E_VER_TYPE = -2,		/* VER or TYPE not 1 */
	PPPOE_E_CODE = -3,		/* not one of the five codes */
	PPPOE_E_TAG_LENGTH = -4,	/* a tag that does not end within LENGTH */
	PPPOE_E_END_OF_LIST = -5,	/* End-Of-List with a value */
	PPPOE_E_MAX_PAYLOAD = -6,	/* PPP-Max-Payload not 2 bytes */
	PPPOE_E_SESSION = -7,		/* SESSION_ID wrong for the code */
	PPPOE_E_MISSING = -8,		/* a tag the code must carry is absent */
	PPPOE_E_NOSPACE = -9,		/* building: the buffer is too small */
	PPPOE_E_TOO_LONG = -10,		/* building: the payload would pass PPPOE_PAYLOAD_MAX */
};
#define PPPOE_E_COUNT 10

/* 0, or a negative enum pppoe_disc_error; *m is filled only on 0. */
int pppoe_disc_parse(const uint8_t *buf, size_t len, struct pppoe_disc *m);
/* "short", "ver-type", ...: a counter's label (metrics, statistics), never NULL */
const char *pppoe_disc_strerror(int err);
const char *pppoe_code_name(uint8_t code);

/*
 * Building: pppoe_build_start() writes the header, each pppoe_build_tag() a tag (or nothing
 * for a tag not present), pppoe_build_finish() sets LENGTH and returns the payload's length,
 * or the first error met (the builder remembers it, so tags can be added without checking
 * each).
 */
struct pppoe_build {
	uint8_t *buf;
	size_t cap, len;
	int err;
};
void pppoe_build_start(struct pppoe_build *b, uint8_t *buf, size_t cap, uint8_t code,
		       uint16_t session);
void pppoe_build_tag(struct pppoe_build *b, uint16_t type, const void *val, size_t len);
/* a parsed tag echoed (Host-Uniq, Relay-Session-Id): nothing if it was absent */
void pppoe_build_echo(struct pppoe_build *b, uint16_t type, const struct pppoe_tag *t);
void pppoe_build_u16(struct pppoe_build *b, uint16_t type, uint16_t val);
int pppoe_build_finish(struct pppoe_build *b);

#endif /* SLUICED_PPPOE_DISC_H */
