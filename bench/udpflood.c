// SPDX-License-Identifier: GPL-2.0
/*
 * udpflood: the many-session load of the benchmarks. iperf3 drives one session; a thousand
 * iperf3 pairs would measure process scheduling, so one sender spreads small datagrams over
 * many destinations (one per session) and one sink counts what arrives.
 *
 *   udpflood send FIRST_ADDR COUNT PORT LENGTH SECONDS
 *       datagrams of LENGTH payload bytes to FIRST_ADDR, FIRST_ADDR+1, ... (COUNT addresses,
 *       round robin) for SECONDS; prints "sent N datagrams in S s"
 *   udpflood sink PORT SECONDS
 *       counts datagrams arriving on UDP PORT (any address) until SECONDS pass with the
 *       first one SECONDS/2 late at most, or SECONDS after the first; prints
 *       "received N datagrams, B bytes in S s" (S: first to last datagram)
 *
 * Send errors (a full device queue: ENOBUFS, EAGAIN) are counted, not fatal: the rate that
 * matters is what the sink got. Exit status: 0 done, 1 a socket call failed, 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64		/* datagrams per sendmmsg/recvmmsg */
#define MAX_LENGTH 1472		/* one unfragmented datagram on a 1500-byte link */
#define MAX_COUNT 1000000

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: udpflood send FIRST_ADDR COUNT PORT LENGTH SECONDS\n"
			"       udpflood sink PORT SECONDS\n");
	exit(2);
}

static unsigned long number(const char *s, unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max) {
		fprintf(stderr, "udpflood: not a number in [%lu, %lu]: '%s'\n", min, max, s);
		usage();
	}
	return v;
}

static int flood(char **argv)
{
	static char payload[MAX_LENGTH];
	struct sockaddr_in first = { .sin_family = AF_INET }, dst[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov;
	unsigned long count, length, sent = 0, errors = 0, next = 0;
	double seconds, t0, end;
	int fd, i, n;

	if (inet_pton(AF_INET, argv[2], &first.sin_addr) != 1) {
		fprintf(stderr, "udpflood: not an IPv4 address: '%s'\n", argv[2]);
		usage();
	}
	count = number(argv[3], 1, MAX_COUNT);
	first.sin_port = htons(number(argv[4], 1, 65535));
	length = number(argv[5], 1, MAX_LENGTH);
	seconds = number(argv[6], 1, 3600);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udpflood: socket");
		return 1;
	}
	/* one destination: a connected socket skips the route lookup per datagram */
	if (count == 1 && connect(fd, (struct sockaddr *)&first, sizeof(first)) < 0) {
		perror("udpflood: connect");
		return 1;
	}
	iov = (struct iovec){ .iov_base = payload, .iov_len = length };
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_name = count == 1 ? NULL : &dst[i];
		msgs[i].msg_hdr.msg_namelen = count == 1 ? 0 : sizeof(dst[i]);
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now();
	end = t0 + seconds;
	while (now() < end) {
		for (i = 0; i < BATCH; i++, next = (next + 1) % count) {
			dst[i] = first;
			dst[i].sin_addr.s_addr = htonl(ntohl(first.sin_addr.s_addr) + next);
		}
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n > 0) {
			sent += n;
		} else if (errno == ENOBUFS || errno == EAGAIN || errno == ECONNREFUSED ||
			   errno == EHOSTUNREACH || errno == ENETUNREACH) {
			errors++;	/* the queue was full, or an ICMP error came back */
		} else {
			perror("udpflood: sendmmsg");
			return 1;
		}
	}
	printf("sent %lu datagrams in %.3f s (%lu send errors)\n", sent, now() - t0, errors);
	return 0;
}

static int sink(char **argv)
{
	static char bufs[BATCH][MAX_LENGTH + 1];
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
	struct mmsghdr msgs[BATCH];
	struct iovec iovs[BATCH];
	struct timeval poll_every = { .tv_sec = 0, .tv_usec = 200000 };
	unsigned long packets = 0, bytes = 0;
	double seconds, t0, first = 0, last = 0, t;
	int fd, i, n, big = 8 << 20;

	any.sin_port = htons(number(argv[2], 1, 65535));
	seconds = number(argv[3], 1, 3600);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&any, sizeof(any)) < 0) {
		perror("udpflood: sink socket");
		return 1;
	}
	/* a deep queue, so the sink's own scheduling is not what drops datagrams */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &poll_every, sizeof(poll_every));
	for (i = 0; i < BATCH; i++) {
		iovs[i] = (struct iovec){ .iov_base = bufs[i], .iov_len = sizeof(bufs[i]) };
		msgs[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iovs[i], .msg_iovlen = 1 } };
	}
	/* "ready" lets the caller start the sender only once the socket is bound */
	printf("ready\n");
	fflush(stdout);
	t0 = now();
	for (;;) {
		t = now();
		if (!packets && t - t0 > seconds * 1.5)
			break;
		if (packets && t - first > seconds)
			break;
		n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			perror("udpflood: recvmmsg");
			return 1;
		}
		if (!packets)
			first = now();
		last = now();
		packets += n;
		for (i = 0; i < n; i++)
			bytes += msgs[i].msg_len;
	}
	printf("received %lu datagrams, %lu bytes in %.3f s\n", packets, bytes, last - first);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "send"))
		return flood(argv);
	if (argc == 4 && !strcmp(argv[1], "sink"))
		return sink(argv);
	usage();
}
