// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <string.h>
#include "ctl.h"

int ctl_encode(void *buf, size_t cap, enum ctl_type type, uint16_t flags,
	       const void *payload, size_t len)
{
	struct ctl_hdr h;

	if (len > CTL_PAYLOAD_MAX)
		return CTL_E_TOO_BIG;
	if (cap < sizeof(h) + len)
		return CTL_E_SHORT;
	h.type = htons(type);
	h.flags = htons(flags);
	h.len = htonl((uint32_t)len);
	memcpy(buf, &h, sizeof(h));
	if (len)
		memcpy((char *)buf + sizeof(h), payload, len);
	return (int)(sizeof(h) + len);
}

int ctl_encode_done(void *buf, size_t cap, int32_t status, const char *message)
{
	char payload[CTL_PAYLOAD_MAX];
	uint32_t be = htonl((uint32_t)status);
	size_t mlen = message ? strlen(message) : 0;

	if (mlen > sizeof(payload) - sizeof(be))
		mlen = sizeof(payload) - sizeof(be);	/* an over-long message is cut, not lost */
	memcpy(payload, &be, sizeof(be));
	if (mlen)
		memcpy(payload + sizeof(be), message, mlen);
	return ctl_encode(buf, cap, CTL_REP_DONE, 0, payload, sizeof(be) + mlen);
}

enum ctl_error ctl_decode(const void *buf, size_t n, struct ctl_msg *msg)
{
	struct ctl_hdr h;
	uint32_t len;

	if (n < sizeof(h))
		return CTL_E_SHORT;
	memcpy(&h, buf, sizeof(h));
	len = ntohl(h.len);
	if (len > CTL_PAYLOAD_MAX)
		return CTL_E_TOO_BIG;
	if (len != n - sizeof(h))
		return CTL_E_LENGTH;
	msg->type = ntohs(h.type);
	msg->flags = ntohs(h.flags);
	switch (msg->type) {
	case CTL_REQ_COMMAND:
	case CTL_REQ_COMPLETE:
		if (msg->flags & ~CTL_F_KNOWN)
			return CTL_E_FLAGS;
		break;
	case CTL_REP_OUTPUT:
	case CTL_REP_PATH:
	case CTL_REP_DONE:
		if (msg->flags)
			return CTL_E_FLAGS;
		break;
	default:
		return CTL_E_TYPE;
	}
	if (msg->type == CTL_REP_DONE && len < sizeof(int32_t))
		return CTL_E_DONE;
	msg->payload = (const char *)buf + sizeof(h);
	msg->len = len;
	return CTL_OK;
}

int32_t ctl_done_status(const struct ctl_msg *msg, const char **text, size_t *len)
{
	uint32_t be;

	memcpy(&be, msg->payload, sizeof(be));
	*text = msg->payload + sizeof(be);
	*len = msg->len - sizeof(be);
	return (int32_t)ntohl(be);
}

const char *ctl_strerror(enum ctl_error e)
{
	switch (e) {
	case CTL_OK: return "ok";
	case CTL_E_SHORT: return "record shorter than its header";
	case CTL_E_LENGTH: return "header length disagrees with the record";
	case CTL_E_TYPE: return "unknown message type";
	case CTL_E_FLAGS: return "unknown flag bits";
	case CTL_E_TOO_BIG: return "payload too large";
	case CTL_E_DONE: return "completion without a status";
	}
	return "unknown error";
}
