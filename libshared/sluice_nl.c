// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include "uapi/sluice.h"
#include "sluice_nl.h"

int sluice_nl_open(struct genl_sock *g)
{
	int ret = genl_open(g);

	if (ret)
		return ret;
	ret = genl_resolve(g, SLUICE_GENL_NAME);
	if (ret)
		genl_close(g);
	return ret;
}

static int module_attr_cb(const struct nlattr *attr, void *data)
{
	struct sluice_module_info *info = data;

	switch (mnl_attr_get_type(attr)) {
	case SLUICE_MODULE_A_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		snprintf(info->version, sizeof(info->version), "%s", mnl_attr_get_str(attr));
		break;
	case SLUICE_MODULE_A_API:
	case SLUICE_MODULE_A_SESSIONS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		if (mnl_attr_get_type(attr) == SLUICE_MODULE_A_API)
			info->api = mnl_attr_get_u32(attr);
		else
			info->sessions = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;	/* attributes appended by newer modules are skipped */
}

static int top_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) != SLUICE_A_MODULE)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
		return MNL_CB_ERROR;
	return mnl_attr_parse_nested(attr, module_attr_cb, data);
}

static int module_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), top_attr_cb, data);
}

int sluice_nl_get_module(struct genl_sock *g, struct sluice_module_info *info)
{
	struct nlmsghdr *nlh;

	memset(info, 0, sizeof(*info));
	nlh = genl_request(g, g->family, SLUICE_CMD_GET_MODULE, SLUICE_GENL_VERSION, 0);
	return genl_talk(g, nlh, module_cb, info);
}
