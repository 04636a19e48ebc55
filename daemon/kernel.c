// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include "uapi/sluice.h"
#include "kernel.h"
#include "log.h"

static struct genl_sock nl;
static int connected;

static int connect_module(void)
{
	int ret;

	if (connected)
		return 0;
	ret = sluice_nl_open(&nl);
	if (ret)
		return ret;
	if (nl.version != SLUICE_GENL_VERSION)
		log_warn("kernel: module speaks API %u, sluiced %d", nl.version,
			 SLUICE_GENL_VERSION);
	connected = 1;
	log_info("kernel: generic netlink family %s is id %u", SLUICE_GENL_NAME, nl.family);
	return 0;
}

static void disconnect_module(void)
{
	if (connected)
		genl_close(&nl);
	connected = 0;
}

void kernel_init(void)
{
	int ret = connect_module();

	if (ret)
		log_warn("kernel: sluice module not reachable (%s); will retry on use",
			 strerror(-ret));
}

void kernel_done(void)
{
	disconnect_module();
}

int kernel_module_info(struct sluice_module_info *info)
{
	int ret = connect_module();

	if (!ret)
		ret = sluice_nl_get_module(&nl, info);
	if (ret == -ENOENT || ret == -EOPNOTSUPP) {
		/* The family went away or came back under another id: resolve again. */
		disconnect_module();
		ret = connect_module();
		if (!ret)
			ret = sluice_nl_get_module(&nl, info);
	}
	return ret;
}
