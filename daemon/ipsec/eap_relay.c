// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"
#include "ipsec/eap_relay.h"
#include "admin/config_types.h"
#include "radius/client.h"
#include "radius/crypto.h"


/* What of charon's request describes the IKE SA and goes upstream as it is. */
static bool copied(uint8_t type)
{
	switch (type) {
	case RAD_USER_NAME: case RAD_EAP_MESSAGE: case RAD_NAS_PORT: case RAD_NAS_PORT_ID:
	case RAD_NAS_PORT_TYPE: case RAD_SERVICE_TYPE: case RAD_CALLING_STATION_ID:
	case RAD_CALLED_STATION_ID:
		return true;
	}
	return false;
}

/* The attributes of our request (without header): charon's, the State, who we are. */
static int build(const struct eap_relay *r, const uint8_t *pkt, size_t len,
		 struct rad_packet *p)
{
	char host[65] = "sluice";
	uint32_t nas_ip = rad_client_nas_ip();
	struct rad_iter it;
	struct rad_attr a;
	int ret = 0;

	gethostname(host, sizeof(host) - 1);
	rad_init(p, RAD_ACCESS_REQUEST, 0);
	rad_iter_init(&it, pkt, len);
	while (!ret && rad_next(&it, &a))
		if (copied(a.type) && a.len)
			ret = rad_put(p, a.type, a.val, a.len);
	if (!ret && r->state_len)
		ret = rad_put(p, RAD_STATE, r->state, r->state_len);
	ret = ret ?: rad_put_str(p, RAD_NAS_IDENTIFIER, host);
	if (!ret && nas_ip)
		ret = rad_put(p, RAD_NAS_IP_ADDRESS, &nas_ip, 4);
	return ret;
}

/* RFC 2548 2.4.2: 32-byte keys (an MSK of 64, EAP-TLS and the like) or 16 (MS-CHAPv2). */
static size_t take_key(const struct rad_reply *rp, uint8_t vtype, uint8_t *key)
{
	struct rad_attr a;

	if (!rad_find_vsa(rp->pkt, rp->len, RAD_VENDOR_MICROSOFT, vtype, &a))
		return 0;
	if (!rad_mppe_key_decrypt(rp->secret, rp->req_auth, a.val, a.len, key, 32))
		return 32;
	if (!rad_mppe_key_decrypt(rp->secret, rp->req_auth, a.val, a.len, key, 16))
		return 16;
	return 0;
}

static void read_accept(const struct rad_reply *rp, struct eap_relay_result *res)
{
	size_t s = take_key(rp, RAD_MS_MPPE_SEND_KEY, res->send_key);
	size_t v = take_key(rp, RAD_MS_MPPE_RECV_KEY, res->recv_key);
	struct rad_attr a;

	res->key_len = s && s == v ? s : 0;
	if (rad_find(rp->pkt, rp->len, RAD_FRAMED_IP_ADDRESS, &a) && a.len == 4)
		memcpy(&res->framed_ip, a.val, 4);
	rad_get_u32(rp->pkt, rp->len, RAD_SESSION_TIMEOUT, &res->session_timeout);
	if (rad_find(rp->pkt, rp->len, RAD_CLASS, &a) && a.len <= sizeof(res->class_)) {
		memcpy(res->class_, a.val, a.len);
		res->class_len = a.len;
	}
}

/* The EAP message and the State of a reply. */
static void read_reply(struct eap_relay *r, const struct rad_reply *rp,
		       struct eap_relay_result *res)
{
	struct rad_iter it;
	struct rad_attr a;

	r->state_len = 0;
	rad_iter_init(&it, rp->pkt, rp->len);
	while (rad_next(&it, &a)) {
		if (a.type == RAD_STATE && !r->state_len && a.len) {
			memcpy(r->state, a.val, a.len);
			r->state_len = a.len;
		}
		if (a.type == RAD_EAP_MESSAGE && res->eap_len + a.len <= sizeof(res->eap)) {
			memcpy(res->eap + res->eap_len, a.val, a.len);
			res->eap_len += a.len;
		}
	}
}

static void answered(void *ctx, const struct rad_reply *rp)
{
	static struct eap_relay_result res;
	struct eap_relay *r = ctx;
	uint8_t code = rp ? rp->pkt[0] : 0;

	r->pending = NULL;
	memset(&res, 0, sizeof(res));
	if (code == RAD_ACCESS_CHALLENGE || code == RAD_ACCESS_ACCEPT ||
	    code == RAD_ACCESS_REJECT) {
		res.code = code;
		read_reply(r, rp, &res);
		if (code == RAD_ACCESS_ACCEPT)
			read_accept(rp, &res);
	} else if (!rp) {
		res.unreachable = true;
	} else {
		log_warn("ipsec: the RADIUS server %s answered EAP with a %s", rp->server,
			 rad_code_name(code));
	}
	r->done(r->ctx, &res);
	OPENSSL_cleanse(&res, sizeof(res));
}

int eap_relay_forward(struct eap_relay *r, const uint8_t *pkt, size_t len,
		      eap_relay_done_fn done, void *ctx)
{
	static struct rad_packet p;

	if (r->pending)
		return -EBUSY;
	if (build(r, pkt, len, &p))
		return -EINVAL;
	r->done = done;
	r->ctx = ctx;
	r->pending = rad_request_start_for(CFG_RADIUS_IPSEC, RAD_KIND_AUTH, RAD_ACCESS_REQUEST,
					   p.data + RAD_HDR_LEN, p.len - RAD_HDR_LEN, NULL, 0,
					   answered, r);
	return r->pending ? 0 : -ENOENT;
}

void eap_relay_cancel(struct eap_relay *r)
{
	if (r->pending)
		rad_request_cancel(r->pending);
	r->pending = NULL;
	OPENSSL_cleanse(r->state, sizeof(r->state));
	r->state_len = 0;
}
