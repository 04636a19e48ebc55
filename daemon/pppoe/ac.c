// SPDX-License-Identifier: GPL-2.0
/*
 * What the access concentrator answers in Discovery (ac.h).
 */
#include <string.h>
#include "pppoe/ac.h"

static bool full(const struct pppoe_ac_server *s)
{
	return s->max_sessions && s->sessions >= s->max_sessions;
}

static bool asks_for(const struct pppoe_ac_server *s, const struct pppoe_tag *service_name)
{
	size_t n = strlen(s->service_name);

	return !service_name->len ||
	       (service_name->len == n && !memcmp(service_name->val, s->service_name, n));
}

bool pppoe_ac_serves(const struct pppoe_ac_server *s, const struct pppoe_tag *service_name)
{
	return s->enabled && !full(s) && service_name->present && asks_for(s, service_name);
}

unsigned int pppoe_ac_max_payload(const struct pppoe_ac_server *s,
				  const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *req)
{
	unsigned int want = req->max_payload;

	if (want <= PPPOE_MTU_CLASSIC || ctx->if_mtu < PPPOE_HDR_LEN ||
	    want > ctx->if_mtu - PPPOE_HDR_LEN)
		return 0;
	if (s->max_payload && want > s->max_payload)
		return 0;
	return want;
}

/* what a PADO and a PADS both carry after their own tags */
static void common_tags(struct pppoe_build *b, const struct pppoe_ac_server *s,
			const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *req)
{
	unsigned int mp = pppoe_ac_max_payload(s, ctx, req);

	pppoe_build_echo(b, PPPOE_TAG_HOST_UNIQ, &req->host_uniq);
	pppoe_build_echo(b, PPPOE_TAG_RELAY_SESSION_ID, &req->relay_session_id);
	if (mp)
		pppoe_build_u16(b, PPPOE_TAG_PPP_MAX_PAYLOAD, (uint16_t)mp);
}

int pppoe_ac_pado(uint8_t *out, size_t cap, const struct pppoe_ac_server *s,
		  const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *padi)
{
	uint8_t cookie[PPPOE_COOKIE_LEN];
	struct pppoe_build b;

	if (pppoe_cookie_make(ctx->ifindex, ctx->peer_mac, ctx->now_s, cookie))
		return -1;
	pppoe_build_start(&b, out, cap, PPPOE_PADO, 0);
	pppoe_build_tag(&b, PPPOE_TAG_AC_NAME, ctx->ac_name, strlen(ctx->ac_name));
	pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME, s->service_name, strlen(s->service_name));
	pppoe_build_tag(&b, PPPOE_TAG_AC_COOKIE, cookie, sizeof(cookie));
	common_tags(&b, s, ctx, padi);
	return pppoe_build_finish(&b);
}

enum pppoe_ac_refusal pppoe_ac_padr(const struct pppoe_ac_server *servers, size_t n,
				    const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *padr,
				    size_t *which)
{
	bool asked = false;
	size_t i;

	if (!padr->ac_cookie.present ||
	    !pppoe_cookie_valid(ctx->ifindex, ctx->peer_mac, ctx->now_s, padr->ac_cookie.val,
				padr->ac_cookie.len))
		return PPPOE_AC_BAD_COOKIE;
	for (i = 0; i < n; i++) {
		if (!servers[i].enabled || !asks_for(&servers[i], &padr->service_name))
			continue;
		asked = true;
		if (!full(&servers[i])) {
			*which = i;
			return PPPOE_AC_OK;
		}
	}
	return asked ? PPPOE_AC_FULL : PPPOE_AC_NO_SERVICE;
}

int pppoe_ac_pads(uint8_t *out, size_t cap, uint16_t session, const struct pppoe_ac_server *s,
		  const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *padr)
{
	struct pppoe_build b;

	if (!session)
		return PPPOE_E_SESSION;
	pppoe_build_start(&b, out, cap, PPPOE_PADS, session);
	pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME, s->service_name, strlen(s->service_name));
	common_tags(&b, s, ctx, padr);
	return pppoe_build_finish(&b);
}

int pppoe_ac_pads_refusal(uint8_t *out, size_t cap, enum pppoe_ac_refusal why,
			  const struct pppoe_disc *padr)
{
	static const char no_service[] = "no such service";
	static const char full_text[] = "no more sessions";
	struct pppoe_build b;

	if (why != PPPOE_AC_NO_SERVICE && why != PPPOE_AC_FULL)
		return PPPOE_E_MISSING;
	pppoe_build_start(&b, out, cap, PPPOE_PADS, 0);
	pppoe_build_echo(&b, PPPOE_TAG_SERVICE_NAME, &padr->service_name);
	if (why == PPPOE_AC_NO_SERVICE)
		pppoe_build_tag(&b, PPPOE_TAG_SERVICE_NAME_ERROR, no_service,
				sizeof(no_service) - 1);
	else
		pppoe_build_tag(&b, PPPOE_TAG_AC_SYSTEM_ERROR, full_text, sizeof(full_text) - 1);
	pppoe_build_echo(&b, PPPOE_TAG_HOST_UNIQ, &padr->host_uniq);
	pppoe_build_echo(&b, PPPOE_TAG_RELAY_SESSION_ID, &padr->relay_session_id);
	return pppoe_build_finish(&b);
}

int pppoe_ac_padt(uint8_t *out, size_t cap, uint16_t session, const char *why)
{
	struct pppoe_build b;

	if (!session)
		return PPPOE_E_SESSION;
	pppoe_build_start(&b, out, cap, PPPOE_PADT, session);
	if (why)
		pppoe_build_tag(&b, PPPOE_TAG_GENERIC_ERROR, why, strlen(why));
	return pppoe_build_finish(&b);
}
