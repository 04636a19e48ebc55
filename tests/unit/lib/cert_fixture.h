/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the unit tests that need /certificate: a fresh configuration and session
 * (cli_driver.h) with the certificate store opened in a new temporary directory,
 * cert_dir, removed again at teardown.
 */
#ifndef SLUICE_TEST_CERT_FIXTURE_H
#define SLUICE_TEST_CERT_FIXTURE_H

extern char cert_dir[64];

/* cmocka's setup and teardown */
int cert_fixture_setup(void **state);
int cert_fixture_teardown(void **state);

#endif /* SLUICE_TEST_CERT_FIXTURE_H */
