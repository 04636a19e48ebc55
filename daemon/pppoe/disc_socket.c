// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "pppoe/disc.h"
#include "pppoe/disc_socket.h"

int pppoe_disc_socket_open(struct loop_fd *w, const char *name, loop_fd_cb cb, int *ifindex,
			   unsigned int *mtu)
{
	struct sockaddr_ll sa = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(PPPOE_ETH_DISCOVERY) };
	struct ifreq ifr = { 0 };
	int fd, ret;

	*ifindex = (int)if_nametoindex(name);
	if (!*ifindex)
		return -ENODEV;
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    htons(PPPOE_ETH_DISCOVERY));
	if (fd < 0)
		return -errno;
	sa.sll_ifindex = *ifindex;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || ioctl(fd, SIOCGIFMTU, &ifr)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	*mtu = ifr.ifr_mtu > 576 ? (unsigned int)ifr.ifr_mtu : 576;
	*w = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = cb };
	ret = loop_add(w);
	if (ret)
		pppoe_disc_socket_close(w);
	return ret;
}

void pppoe_disc_socket_close(struct loop_fd *w)
{
	if (w->fd < 0)
		return;
	loop_del(w);
	close(w->fd);
	w->fd = -1;
}

bool pppoe_disc_send(const struct loop_fd *w, int ifindex, const uint8_t *dst,
		     const uint8_t *frame, int len)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = ifindex,
				  .sll_protocol = htons(PPPOE_ETH_DISCOVERY), .sll_halen = 6 };

	if (w->fd < 0 || len <= 0)
		return false;
	memcpy(to.sll_addr, dst, 6);
	return sendto(w->fd, frame, (size_t)len, MSG_DONTWAIT, (struct sockaddr *)&to,
		      sizeof(to)) >= 0;
}
