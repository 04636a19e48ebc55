// SPDX-License-Identifier: GPL-2.0
/* The generic netlink family of kmod/uapi/sluice.h. */
#include <linux/kernel.h>
#include <net/genetlink.h>
#include "sluice.h"
#include "version.h"
#include "uapi/sluice.h"

/* SLUICE_A_MODULE is reply-only. */
static const struct nla_policy sluice_policy[SLUICE_A_MAX + 1] = {
	[SLUICE_A_MODULE] = { .type = NLA_REJECT },
};

static struct genl_family sluice_genl_family;

static int put_module(struct sk_buff *skb, struct net *net)
{
	struct nlattr *nest = nla_nest_start(skb, SLUICE_A_MODULE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, SLUICE_MODULE_A_VERSION, SLUICE_VERSION) ||
	    nla_put_u32(skb, SLUICE_MODULE_A_API, SLUICE_GENL_VERSION) ||
	    nla_put_u32(skb, SLUICE_MODULE_A_SESSIONS,
			atomic_read(&sluice_net(net)->sessions))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int get_module_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sluice_genl_family, 0, SLUICE_CMD_GET_MODULE);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}
	ret = put_module(msg, genl_info_net(info));
	if (ret)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return ret;
}

static const struct genl_small_ops sluice_genl_ops[] = {
	{
		.cmd = SLUICE_CMD_GET_MODULE,
		.doit = get_module_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family sluice_genl_family __ro_after_init = {
	.small_ops = sluice_genl_ops,
	.n_small_ops = ARRAY_SIZE(sluice_genl_ops),
	/* Strict checking of the reserved header fields for every command we define. */
	.resv_start_op = SLUICE_CMD_GET_MODULE,
	.name = SLUICE_GENL_NAME,
	.version = SLUICE_GENL_VERSION,
	.maxattr = SLUICE_A_MAX,
	.policy = sluice_policy,
	.module = THIS_MODULE,
	.netnsok = true,
	.parallel_ops = true,
};

int __init sluice_genl_init(void)
{
	return genl_register_family(&sluice_genl_family);
}

void sluice_genl_uninit(void)
{
	genl_unregister_family(&sluice_genl_family);
}
