// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include "cert/cert.h"
#include "cert_fixture.h"
#include "cli_driver.h"

char cert_dir[64];

int cert_fixture_setup(void **state)
{
	snprintf(cert_dir, sizeof(cert_dir), "/tmp/sluice-test-cert.XXXXXX");
	if (!mkdtemp(cert_dir) || cli_driver_setup(state))
		return -1;
	cert_menu_hook();
	return cert_store_open(cert_dir);
}

int cert_fixture_teardown(void **state)
{
	char cmd[128];

	cert_store_close();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", cert_dir);
	if (system(cmd))
		return -1;
	return cli_driver_teardown(state);
}
