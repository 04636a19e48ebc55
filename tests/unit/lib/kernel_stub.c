// SPDX-License-Identifier: GPL-2.0
/* The kernel and route netlink stand-ins (kernel_stub.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "core/rtnl.h"
#include "kernel_stub.h"

struct kernel_stub stub;

int kernel_ctrl_bind(uint32_t ifindex, kernel_frame_cb cb, void *owner)
{
	(void)ifindex;
	stub.frame_cb = cb;
	stub.frame_owner = owner;
	return 0;
}

void kernel_ctrl_unbind(uint32_t ifindex)
{
	(void)ifindex;
	stub.frame_cb = NULL;
}

int kernel_ctrl_send(uint32_t ifindex, const uint8_t *frame, size_t len)
{
	(void)ifindex;
	if (stub.nsent < STUB_FRAMES && len <= sizeof(stub.sent[0])) {
		memcpy(stub.sent[stub.nsent], frame, len);
		stub.sent_len[stub.nsent++] = len;
	}
	return len ? 0 : -1;
}

void kernel_on_module_gone(unsigned int (*gone)(void))
{
	stub.module_gone = gone;
}

int kernel_session_get(uint32_t id, struct sluice_session_info *out)
{
	memset(out, 0, sizeof(*out));
	if (id < STUB_STATS && stub.gone[id])
		return -ENOENT;
	out->p.id = id;
	out->p.ifindex = id;
	if (id < STUB_STATS)
		out->st = stub.stats[id];
	return 0;
}

int kernel_session_new(struct sluice_session_params *p)
{
	p->id = ++stub.next_ifindex ? stub.next_ifindex : ++stub.next_ifindex;
	p->ifindex = p->pending ? 0 : p->id;
	stub.sessions++;
	stub.created = *p;
	return 0;
}

int kernel_session_attach(struct sluice_session_params *p)
{
	stub.pushed = *p;
	stub.npushed++;
	stub.nattached++;
	if (!p->id || p->ifindex)
		return -EALREADY;
	if (p->mru && (p->mru < 64 || p->mru > 16384))
		return -ERANGE;		/* the module's policy for SLUICE_PPP_A_MRU */
	p->ifindex = p->id + 1000;
	return p->mtu ? 0 : -1;
}

int kernel_session_del(uint32_t id)
{
	if (!id || !stub.sessions)
		return -ENOENT;
	stub.sessions--;
	return 0;
}

int kernel_session_limit(uint32_t id, const struct sluice_nl_limits *l)
{
	(void)id;
	stub.limits = *l;
	stub.nlimits++;
	return 0;
}

int kernel_session_set(const struct sluice_session_params *p)
{
	stub.pushed = *p;
	stub.npushed++;
	if (p->mru && (p->mru < 64 || p->mru > 16384))
		return -ERANGE;		/* the module's policy for SLUICE_PPP_A_MRU */
	return p->mtu ? 0 : -1;
}

int rtnl_link_set(int ifindex, bool up, uint32_t mtu, const char *new_name)
{
	(void)ifindex; (void)up; (void)mtu;
	if (new_name)
		snprintf(stub.renamed, sizeof(stub.renamed), "%s", new_name);
	return 0;
}

int rtnl_addr_p2p(int ifindex, uint32_t local, uint32_t peer)
{
	(void)ifindex;
	stub.addr_local = local;
	stub.addr_peer = peer;
	return 0;
}

int rtnl_addr6_link_local(int ifindex, const uint8_t local_iid[8], const uint8_t peer_iid[8],
			  bool add)
{
	(void)ifindex;
	memcpy(stub.iid_local, local_iid, 8);
	memcpy(stub.iid_peer, peer_iid, 8);
	stub.naddr6 += add ? 1 : -1;
	return 0;
}

int rtnl_route6(int ifindex, const uint8_t dst[16], unsigned int prefix, bool add)
{
	(void)ifindex;
	(void)dst;
	(void)prefix;
	stub.routes6 += add ? 1 : -1;
	return 0;
}

int rtnl_route(int ifindex, uint32_t dst, unsigned int prefix, uint32_t gw, uint32_t metric,
	       bool add)
{
	(void)ifindex; (void)gw;
	if (dst || prefix)
		return 0;	/* only the default route is ours to count */
	if (add) {
		stub.routes_added++;
		stub.route_metric = metric;
	} else {
		stub.routes_deleted++;
	}
	return 0;
}

int rtnl_route_get(uint32_t dst, uint32_t *gw, int *ifindex)
{
	/* through a gateway the host route is pinned; on a link there is nothing to pin */
	*gw = stub.via_gateway ? dst ^ 1 : 0;
	*ifindex = 2;
	return 0;
}
