// SPDX-License-Identifier: GPL-2.0
/* Module init and exit, and per-namespace set-up and teardown: nothing else. */
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <crypto/hash.h>
#include "sluice.h"
#include "version.h"

unsigned int sluice_net_id __read_mostly;
/* unkeyed, so one transform serves every session on every CPU (descriptors are per call) */
struct crypto_shash *sluice_sha1 __read_mostly;
/* work that needs RTNL from contexts that cannot take it (an L2TP socket's close) */
struct workqueue_struct *sluice_wq __read_mostly;

static int __net_init sluice_net_init(struct net *net)
{
	return sluice_net_init_sessions(sluice_net(net));
}

static void __net_exit sluice_net_exit(struct net *net)
{
	sluice_net_destroy_sessions(sluice_net(net));
}

/*
 * The session hash is per-namespace state of a pernet *subsystem*: subsystems exit after
 * every pernet device op, the core's included, so no device of the namespace (a veth, lo)
 * can still hand us GRE while the hash is destroyed.
 */
static struct pernet_operations sluice_net_ops = {
	.init = sluice_net_init,
	.exit = sluice_net_exit,
	.id = &sluice_net_id,
	.size = sizeof(struct sluice_net),
};

/* A namespace going away takes its sessions with it, before the hash goes. */
static void __net_exit sluice_net_exit_batch(struct list_head *net_list)
{
	struct sluice_kill kill;
	struct net *net;

	sluice_kill_init(&kill);
	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list)
		sluice_kill_net(&kill, net);
	sluice_kill_many(&kill);
	rtnl_unlock();
}

static struct pernet_operations sluice_dev_ops = {
	.exit_batch = sluice_net_exit_batch,
};

static int __init sluice_mod_init(void)
{
	int ret;

	sluice_sha1 = crypto_alloc_shash("sha1", 0, 0);
	if (IS_ERR(sluice_sha1)) {
		ret = PTR_ERR(sluice_sha1);
		goto err_sha1;
	}
	sluice_wq = alloc_workqueue("sluice", 0, 0);
	if (!sluice_wq) {
		ret = -ENOMEM;
		goto err_wq;
	}
	ret = register_pernet_subsys(&sluice_net_ops);
	if (ret)
		goto err_pernet;
	ret = register_pernet_device(&sluice_dev_ops);
	if (ret)
		goto err_pernet_dev;
	ret = rtnl_link_register(&sluice_link_ops);
	if (ret)
		goto err_link;
	ret = sluice_genl_init();
	if (ret)
		goto err_genl;
	/* last: packets arrive only once everything they need is ready */
	ret = sluice_encaps_init();
	if (ret)
		goto err_encaps;
	pr_info("sluice %s loaded, generic netlink family \"%s\" v%d\n",
		SLUICE_VERSION, SLUICE_GENL_NAME, SLUICE_GENL_VERSION);
	return 0;

err_encaps:
	sluice_genl_uninit();
err_genl:
	rtnl_link_unregister(&sluice_link_ops);
err_link:
	unregister_pernet_device(&sluice_dev_ops);
err_pernet_dev:
	unregister_pernet_subsys(&sluice_net_ops);
err_pernet:
	destroy_workqueue(sluice_wq);
err_wq:
	crypto_free_shash(sluice_sha1);
err_sha1:
	return ret;
}

static void __exit sluice_mod_exit(void)
{
	sluice_encaps_uninit();
	sluice_genl_uninit();
	/*
	 * Deletes every session in every namespace, pending ones included, which detaches
	 * every L2TP socket; then no device of ours is left for rtnl_link_unregister.
	 */
	unregister_pernet_device(&sluice_dev_ops);
	rtnl_link_unregister(&sluice_link_ops);
	/* pending sessions' frees (after a grace period) and socket closes: run them all */
	rcu_barrier();
	destroy_workqueue(sluice_wq);
	synchronize_net();	/* then nothing can enter encap_rcv */
	unregister_pernet_subsys(&sluice_net_ops);
	rcu_barrier();		/* kfree_rcu of the socket objects */
	crypto_free_shash(sluice_sha1);
	pr_info("sluice %s unloaded\n", SLUICE_VERSION);
}

module_init(sluice_mod_init);
module_exit(sluice_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sluice VPN concentrator data plane (PPTP, L2TP, MPPE)");
MODULE_VERSION(SLUICE_VERSION);
MODULE_ALIAS_GENL_FAMILY(SLUICE_GENL_NAME);
MODULE_ALIAS_RTNL_LINK(KBUILD_MODNAME);
MODULE_SOFTDEP("pre: gre");
