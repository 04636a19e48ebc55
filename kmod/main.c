// SPDX-License-Identifier: GPL-2.0
/* Module init and exit, nothing else: every concern has its own file. */
#include <linux/module.h>
#include <net/genetlink.h>
#include "sluice.h"
#include "version.h"
#include "uapi/sluice.h"

unsigned int sluice_net_id __read_mostly;

static int __net_init sluice_net_init(struct net *net)
{
	atomic_set(&sluice_net(net)->sessions, 0);
	return 0;
}

/* pernet_device: per-namespace state goes away after the namespace's devices. */
static struct pernet_operations sluice_net_ops = {
	.init = sluice_net_init,
	.id = &sluice_net_id,
	.size = sizeof(struct sluice_net),
};

static int __init sluice_mod_init(void)
{
	int ret;

	ret = register_pernet_device(&sluice_net_ops);
	if (ret)
		goto err_pernet;
	ret = sluice_genl_init();
	if (ret)
		goto err_genl;
	pr_info("sluice %s loaded, generic netlink family \"%s\" v%d\n",
		SLUICE_VERSION, SLUICE_GENL_NAME, SLUICE_GENL_VERSION);
	return 0;

err_genl:
	unregister_pernet_device(&sluice_net_ops);
err_pernet:
	return ret;
}

static void __exit sluice_mod_exit(void)
{
	sluice_genl_uninit();
	unregister_pernet_device(&sluice_net_ops);
	pr_info("sluice %s unloaded\n", SLUICE_VERSION);
}

module_init(sluice_mod_init);
module_exit(sluice_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sluice VPN concentrator data plane (PPTP, L2TP, MPPE)");
MODULE_VERSION(SLUICE_VERSION);
MODULE_ALIAS_GENL_FAMILY(SLUICE_GENL_NAME);
