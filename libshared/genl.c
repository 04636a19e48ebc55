// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
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
	struct genl_sock *g;
	int ngroups;
};

static int group_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type == CTRL_ATTR_MCAST_GRP_NAME && mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
		tb[type] = attr;
	if (type == CTRL_ATTR_MCAST_GRP_ID && mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

static void parse_groups(const struct nlattr *list, struct family_reply *r)
{
	const struct nlattr *grp;

	mnl_attr_for_each_nested(grp, list) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { 0 };
		int n = r->ngroups;

		if (n >= (int)(sizeof(r->g->groups) / sizeof(r->g->groups[0])))
			return;
		mnl_attr_parse_nested(grp, group_attr_cb, tb);
		if (!tb[CTRL_ATTR_MCAST_GRP_NAME] || !tb[CTRL_ATTR_MCAST_GRP_ID])
			continue;
		snprintf(r->g->groups[n].name, sizeof(r->g->groups[n].name), "%s",
			 mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]));
		r->g->groups[n].id = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
		r->ngroups++;
	}
}

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
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		parse_groups(attr, r);
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
	struct family_reply r = { .g = g };
	struct nlmsghdr *nlh;
	int ret;

	memset(g->groups, 0, sizeof(g->groups));
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

uint32_t genl_group(const struct genl_sock *g, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(g->groups) / sizeof(g->groups[0]); i++)
		if (g->groups[i].id && !strcmp(g->groups[i].name, name))
			return g->groups[i].id;
	return 0;
}

int genl_join(struct genl_sock *g, const char *name)
{
	int id = (int)genl_group(g, name);

	if (!id)
		return -ENOENT;
	if (mnl_socket_setsockopt(g->nl, NETLINK_ADD_MEMBERSHIP, &id, sizeof(id)) < 0)
		return -errno;
	return 0;
}
