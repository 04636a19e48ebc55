// SPDX-License-Identifier: GPL-2.0
/* A network namespace of the fuzzer's own (fuzz_netns.h). */
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fuzz_netns.h"

void fuzz_netns_enter(void)
{
	struct ifreq ifr;
	int fd;

	/* root (the fuzz stage) may; anyone else, through a user namespace, usually may too */
	if (unshare(CLONE_NEWNET) && unshare(CLONE_NEWUSER | CLONE_NEWNET)) {
		perror("fuzz: no network namespace of our own (unshare)");
		exit(1);
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		perror("fuzz: lo");
		exit(1);
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr)) {
		perror("fuzz: lo up");
		exit(1);
	}
	close(fd);
}
