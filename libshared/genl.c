// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include "genl.h"

int genl_open(struct genl_sock *g)
{
	memset(g, 0, sizeof(*g));
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl)
		return -errno;
	if (mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(g->nl);
		g->nl = NULL;
		return err;
	}
	g->portid = mnl_socket_get_portid(g->nl);
	g->seq = (uint32_t)time(NULL);
	return 0;
}

void genl_close(struct genl_sock *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	g->nl = NULL;
}

struct nlmsghdr *genl_request(struct genl_sock *g, uint16_t family, uint8_t cmd,
			      uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(g->buf);
	struct genlmsghdr *gh;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++g->seq;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = cmd;
	gh->version = version;
	return nlh;
}

int genl_talk(struct genl_sock *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(g->nl, g->buf, sizeof(g->buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(g->buf, (size_t)n, seq, g->portid, cb, data);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -errno : 0;
}

struct family_reply {
	uint16_t id;
	uint32_t version;
};

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct family_reply *r = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		r->id = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		r->version = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
}

int genl_resolve(struct genl_sock *g, const char *name)
{
	struct family_reply r = { 0 };
	struct nlmsghdr *nlh;
	int ret;

	nlh = genl_request(g, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	ret = genl_talk(g, nlh, family_cb, &r);
	if (ret)
		return ret;
	if (!r.id)
		return -EPROTO;
	g->family = r.id;
	g->version = r.version;
	return 0;
}
