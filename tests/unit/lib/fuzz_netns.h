/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For fuzzers that need real sockets toward a server of their own: the process moves into a
 * network namespace of its own with lo up, so it may listen on 127.0.0.1's well-known ports
 * (1701, 1723) whatever else runs on the host. Call once, before any socket or thread.
 */
#ifndef SLUICE_TEST_FUZZ_NETNS_H
#define SLUICE_TEST_FUZZ_NETNS_H

void fuzz_netns_enter(void);

#endif /* SLUICE_TEST_FUZZ_NETNS_H */
