// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the PPTP server's state machine (pptp/server.c over pptp/ctrl.c), not only the
 * codec: each input is what one hostile peer writes on its control connection, in chunks
 * ([length byte][bytes] repeated), through a real socket and the real event loop, with the
 * calls' kernel sessions and PPP links made against the kernel stand-in. After the input
 * the peer hangs up and the server stops, so leaks, double frees and objects left behind
 * show too. The seeds in tests/fuzz/corpus/fuzz_pptp_server/ are a well-behaved client.
 */
/* unit-test-sources: daemon/pptp/server.c daemon/pptp/ctrl.c daemon/pptp/msg.c daemon/core/preauth.c daemon/core/u32map.c daemon/core/loop.c daemon/ppp/link.c daemon/ppp/teardown.c daemon/ppp/policy.c daemon/ppp/bringup.c daemon/ppp/server.c daemon/core/keyed_hash.c daemon/aaa/backoff.c daemon/ppp/client.c daemon/ppp/auth_peer.c daemon/ppp/lcp.c daemon/ppp/ccp.c daemon/ppp/ipcp.c daemon/ppp/ipv6cp.c daemon/ppp/ra.c daemon/ppp/dhcpv6_server.c daemon/ppp/dhcpv6.c daemon/aaa/ipam6.c daemon/ppp/auth.c daemon/ppp/fsm.c daemon/aaa/local.c daemon/aaa/mschap.c @config daemon/core/timer.c daemon/aaa/ipam.c tests/unit/lib/kernel_stub.c tests/unit/lib/fuzz_quiet.c */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "admin/config.h"
#include "aaa/ipam.h"
#include "core/log.h"
#include "core/loop.h"
#include "ppp/link.h"
#include "pptp/server.h"
#include "fuzz_quiet.h"
#include "kernel_stub.h"

/* --- what the configuration code wants of the log, beyond fuzz_quiet.c */

uint32_t log_topic_bit(const char *name)
{
	return *name ? 1 : 0;
}

void log_set_rules(const struct log_rule *rules, size_t n)
{
	(void)rules;
	(void)n;
}

/* --- the harness */

static void setup_once(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	check(loop_init() == 0);
	config_init();
}

/* The server has read and answered all it can; what it sent back is discarded. */
static void settle(int peer)
{
	char sink[4096];
	int i;

	for (i = 0; i < 8; i++) {
		loop_run_once();
		while (recv(peer, sink, sizeof(sink), MSG_DONTWAIT) > 0)
			;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in from = { .sin_family = AF_INET, .sin_port = htons(40000),
				    .sin_addr.s_addr = htonl(0x0a090002) };
	int sv[2];
	size_t off = 0;

	setup_once();
	check(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0);
	if (pptp_server_adopt(sv[0], &from)) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	while (off < size) {
		size_t n = data[off++];

		if (n > size - off)
			n = size - off;
		if (n && send(sv[1], data + off, n, MSG_NOSIGNAL) < 0)
			break;		/* the server closed: the rest is not heard */
		off += n;
		settle(sv[1]);
	}
	if (getenv("FUZZ_LOG"))	/* what a seed reached */
		fprintf(stderr, "kernel sessions made so far: %u\n", stub.next_ifindex);
	close(sv[1]);		/* the peer hangs up */
	settle(-1);
	pptp_server_stop();
	ipam_done();
	check(ppp_active_count() == 0);
	check(stub.sessions == 0);	/* every call's kernel session deleted */
	return 0;
}
