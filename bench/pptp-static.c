// SPDX-License-Identifier: GPL-2.0
/*
 * pptp-static, l2tp-static, pppoe-static: static PPTP, L2TPv2 or PPPoE sessions on the
 * stock kernel stack (pptp.ko, l2tp_ppp or pppoe.ko, with ppp_generic and ppp_mppe), set up
 * the way accel-ppp, pppd's plugins and xl2tpd do it, without a control connection,
 * Discovery or PPP negotiation: the baselines the benchmarks compare sluice with. One
 * program (l2tp-static and pppoe-static are links to pptp-static): everything past the
 * channel (the /dev/ppp unit, MPPE and its CCP, the counters) is the same for all, and the
 * name it is called by picks the channel.
 *
 *   pptp-static add local ADDR peer ADDR local-call N peer-call N [name IF] [mtu N] [mru N]
 *                   [acfc] [pfc] [mppe 40|128 [stateless] send-key HEX32 recv-key HEX32]
 *                   [count N]      N sessions; call ids and the name's number count up
 *                   [verbose]      CCP events on stderr
 *   l2tp-static add local ADDR [port N] peer ADDR [peer-port N] tunnel N session N
 *                   peer-tunnel N peer-session N [seq] [name IF] [mtu N] [mru N]
 *                   [mppe ...] [count N [tunnel-each [port-each] [peer-port-each]]] [verbose]
 *                                  ports 1701 by default; count N: session ids count up in
 *                                  one tunnel, or with tunnel-each tunnel ids (a UDP socket
 *                                  each: port-each / peer-port-each count the ports up too)
 *   pppoe-static add dev IF peer-mac MAC session N [name IF] [mtu N] [mru N] [mppe ...]
 *                   [count N] [verbose]    count N: session ids count up, one peer MAC
 *   pptp-static show IF            the unit's PPP and MPPE counters (SIOCGPPPSTATS/CSTATS)
 *   l2tp-static show IF, pppoe-static show IF
 *
 * `add` stays in the foreground holding each session's three descriptors (the PPPoX socket,
 * the channel and the unit, both on /dev/ppp; for L2TP also each tunnel's UDP socket) and
 * tears everything down on SIGTERM or SIGINT. It prints the interface name (or "added N
 * sessions in S s") once the units exist, then "ready: N sessions in S s" once MPPE runs
 * both ways on every session (at once without MPPE); the caller adds addresses and sets the
 * links up (`ip`), as with sluicectl.
 *
 * PPTP channel: socket(AF_PPPOX, SOCK_STREAM, PX_PROTO_PPTP), bind (local address and call
 * id), connect (peer address and call id), PPPIOCGCHAN.
 *
 * L2TP channel, as xl2tpd does it in kernel mode: per tunnel a UDP socket, bound (with
 * SO_REUSEADDR: an LNS's tunnels all use port 1701 and differ by the peer) and connected
 * (the kernel sends through it to its peer), handed to the "l2tp" generic netlink family in
 * L2TP_CMD_TUNNEL_CREATE (version 2, encap UDP, L2TP_ATTR_FD); per session
 * L2TP_CMD_SESSION_CREATE (pw type PPP), then socket(AF_PPPOX, SOCK_DGRAM, PX_PROTO_OL2TP)
 * connected to it (struct sockaddr_pppol2tp: the tunnel's fd, the peer, the four ids) and
 * PPPIOCGCHAN. Closing a tunnel's UDP socket deletes the tunnel and its sessions. Tunnel ids
 * are per namespace, session ids per tunnel. l2tp_ppp takes no ACFC/PFC.
 *
 * PPPoE channel, as pppd's rp-pppoe plugin does it after Discovery: socket(AF_PPPOX,
 * SOCK_STREAM, PX_PROTO_OE) connected to (session id, the peer's MAC, the device's name),
 * PPPIOCGCHAN. pppoe.ko sends without the address and control field.
 *
 * Then for all: /dev/ppp PPPIOCATTCHAN (channel);
 * a second /dev/ppp becomes the unit: PPPIOCNEWUNIT and SIOCSIFMTU without `name` (pppN,
 * as accel-ppp does), RTM_NEWLINK kind "ppp" with the name and MTU with it (as pppd 2.5
 * does for ifname); PPPIOCCONNECT; for PPTP PPPIOCSFLAGS on the channel (ACFC/PFC are
 * pptp.ko's, on transmit); PPPIOCSMRU on the unit.
 *
 * MPPE: ppp_generic only starts a (de)compressor when it sees a CCP Configure-Ack go by
 * with SC_CCP_OPEN set and SC_CCP_UP clear (ppp_ccp_peek), and only sends what the
 * compressor produced once SC_CCP_UP is set. PPPIOCSCOMPRESS merely allocates the state,
 * with the option and the key in one buffer: CI_MPPE, CILEN_MPPE, the four option bytes of
 * RFC 3078 (H bit for stateless in the first, S 0x40 or L 0x20 in the last), then the
 * 16-byte start key. So each side runs a minimal CCP on the unit's descriptor, as pppd
 * would: it sends Configure-Requests (which stop its decompressor) until the peer acks the
 * latest one (the peer's ack, seen inbound, starts it), answers each Configure-Request with
 * a Configure-Ack carrying the MPPE option (seen outbound, it starts the compressor), then
 * sets SC_CCP_UP. After that it answers Reset-Requests with Reset-Acks (the compressor
 * flushes) and sends a Reset-Request when a frame comes up still encrypted, which is how
 * ppp_generic reports a decompression error (pppd's ccp_datainput): without that, one lost
 * packet in stateful mode, or one late packet in stateless mode, would stop decryption for
 * good. The kernel's ppp_mppe has no 56-bit mode.
 *
 * Stateful MPPE on this stack does not survive every loss: ppp_mppe rekeys on each flushed
 * packet, and a receiver that resynchronises counts only the flag packets it missed. So a
 * flushed packet it never decrypts (lost, dropped by pptp.ko for arriving out of order, or
 * passed up undecrypted because its Reset-Ack was lost) leaves it one key behind for good,
 * and nothing notices: frames decrypt to noise. pptp-static logs the first such frames
 * ("frame of protocol 0x... passed up"); pppd would answer them with Protocol-Rejects.
 *
 * pptp.ko's call ids are host-wide (one table for every namespace): two namespaces of one
 * host cannot both use a call id.
 *
 * Exit status: 0 success (add: after SIGTERM), 1 the kernel refused, 2 usage.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/if_pppox.h>
#include <linux/genetlink.h>
#include <linux/l2tp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/ppp-ioctl.h>
#include <linux/ppp_defs.h>
#include <linux/ppp-comp.h>
#include <libmnl/libmnl.h>

#define MPPE_KEY_LEN 16
#define CCP_REQ_INTERVAL 0.5	/* seconds between Configure-Requests until acked */
#define RACK_TIMEOUT 1.0	/* pppd's RACKTIMEOUT: a Reset-Ack should come by then */

struct options {
	struct in_addr local, peer;
	unsigned long local_call, peer_call;
	char name[IFNAMSIZ];
	unsigned long mtu, mru;
	bool acfc, pfc, stateless, verbose;
	unsigned long mppe_bits;
	uint8_t send_key[MPPE_KEY_LEN], recv_key[MPPE_KEY_LEN];
	bool have_send_key, have_recv_key;
	unsigned long count;
	/* L2TP */
	unsigned long port, peer_port, tunnel, session, peer_tunnel, peer_session;
	bool seq, tunnel_each, port_each, peer_port_each;
	/* PPPoE (session above is its first session id) */
	char dev[IFNAMSIZ];
	uint8_t peer_mac[6];
	bool have_peer_mac;
};

/* an L2TP tunnel: its UDP socket (the kernel's tunnel lives as long as it is open) */
struct tunnel {
	int fd;
	uint16_t id, peer_id;
};

struct session {
	int sock, chan_fd, unit_fd;	/* sock: the PPPoX socket (PPTP, PPPoL2TP or PPPoE) */
	int unit;
	char ifname[IFNAMSIZ];
	uint8_t req_id;		/* our latest Configure-Request */
	uint8_t reset_id;	/* our latest Reset-Request */
	bool rx_up;		/* the peer acked our latest request: decompressor runs */
	bool tx_up;		/* we acked the peer's request: compressor runs */
	bool up;		/* SC_CCP_UP set */
	bool reset_repeat;	/* another error came while a Reset-Request was pending */
	double req_sent;	/* when the latest Configure-Request left */
	double reset_sent;	/* when the pending Reset-Request left; 0: none pending */
};

static struct options opt = { .mtu = 1400, .mru = PPP_MRU, .count = 1, .port = 1701,
			       .peer_port = 1701 };
static bool l2tp;			/* called as l2tp-static */
static bool pppoe;			/* called as pppoe-static */
static const char *prog = "pptp-static";
static struct session *sessions;
static unsigned long n_sessions, n_ready;
static struct tunnel *tunnels;
static unsigned long n_tunnels;
static struct mnl_socket *genl;		/* the l2tp generic netlink family */
static uint16_t l2tp_family;
static uint32_t genl_seq;
static uint8_t mppe_ci[CILEN_MPPE];	/* the CCP option both ends use */
static int ctl_sock = -1;		/* AF_INET datagram socket for interface ioctls */
static int rtnl_sock = -1;
static uint32_t rtnl_seq;
static volatile sig_atomic_t stop;
static double t_start;
static struct {
	unsigned long resetreq_sent, resetreq_rcvd, errors_seen, confreq_sent, other;
} stats;

static void usage(void)
{
	if (l2tp)
		fprintf(stderr,
			"usage: l2tp-static add local ADDR [port N] peer ADDR [peer-port N] tunnel N\n"
			"                       session N peer-tunnel N peer-session N [seq] [name IF]\n"
			"                       [mtu N] [mru N] [mppe 40|128 [stateless] send-key HEX32\n"
			"                       recv-key HEX32] [count N [tunnel-each [port-each]\n"
			"                       [peer-port-each]]] [verbose]\n"
			"       l2tp-static show IF\n");
	else if (pppoe)
		fprintf(stderr,
			"usage: pppoe-static add dev IF peer-mac MAC session N [name IF] [mtu N]\n"
			"                        [mru N] [mppe 40|128 [stateless] send-key HEX32\n"
			"                        recv-key HEX32] [count N] [verbose]\n"
			"       pppoe-static show IF\n");
	else
		fprintf(stderr,
			"usage: pptp-static add local ADDR peer ADDR local-call N peer-call N [name IF]\n"
			"                       [mtu N] [mru N] [acfc] [pfc] [mppe 40|128 [stateless]\n"
			"                       send-key HEX32 recv-key HEX32] [count N] [verbose]\n"
			"       pptp-static show IF\n");
	exit(2);
}

static void die_usage(const char *what, const char *word)
{
	fprintf(stderr, "%s: %s: '%s'\n", prog, what, word ? word : "(missing)");
	usage();
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static unsigned long number(const char *s, unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	if (!s)
		die_usage("a number is missing", s);
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v < min || v > max)
		die_usage("not a number in range", s);
	return v;
}

static struct in_addr address(const char *s)
{
	struct in_addr a;

	if (!s || inet_pton(AF_INET, s, &a) != 1)
		die_usage("not an IPv4 address", s);
	return a;
}

static void key(const char *s, uint8_t out[MPPE_KEY_LEN])
{
	unsigned int byte;
	size_t n;

	if (!s || strlen(s) != 2 * MPPE_KEY_LEN)
		die_usage("a key is 32 hex digits", s);
	for (n = 0; n < MPPE_KEY_LEN; n++) {
		if (!isxdigit((unsigned char)s[2 * n]) || !isxdigit((unsigned char)s[2 * n + 1]) ||
		    sscanf(s + 2 * n, "%2x", &byte) != 1)
			die_usage("bad hex", s);
		out[n] = (uint8_t)byte;
	}
}

/* L2TP's words; true if k was one (and *i moved past its value) */
static bool l2tp_option(const char *k, const char *v, int *i)
{
	unsigned long *n = !strcmp(k, "port") ? &opt.port :
			   !strcmp(k, "peer-port") ? &opt.peer_port :
			   !strcmp(k, "tunnel") ? &opt.tunnel :
			   !strcmp(k, "session") ? &opt.session :
			   !strcmp(k, "peer-tunnel") ? &opt.peer_tunnel :
			   !strcmp(k, "peer-session") ? &opt.peer_session : NULL;

	if (n) {
		*n = number(v, 1, 65535);
		(*i)++;
	} else if (!strcmp(k, "seq")) {
		opt.seq = true;
	} else if (!strcmp(k, "tunnel-each")) {
		opt.tunnel_each = true;
	} else if (!strcmp(k, "port-each")) {
		opt.port_each = true;
	} else if (!strcmp(k, "peer-port-each")) {
		opt.peer_port_each = true;
	} else {
		return false;
	}
	return true;
}

static void mac(const char *s, uint8_t out[6])
{
	unsigned int b[6];
	char end;
	int n;

	if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
			 &b[5], &end) != 6)
		die_usage("not a MAC address", s);
	for (n = 0; n < 6; n++)
		out[n] = (uint8_t)b[n];
}

/* PPPoE's words; true if k was one (and *i moved past its value) */
static bool pppoe_option(const char *k, const char *v, int *i)
{
	if (!strcmp(k, "dev")) {
		if (!v || !*v || strlen(v) >= IFNAMSIZ)
			die_usage("not an interface name", v);
		snprintf(opt.dev, sizeof(opt.dev), "%s", v);
	} else if (!strcmp(k, "peer-mac")) {
		mac(v, opt.peer_mac);
		opt.have_peer_mac = true;
	} else if (!strcmp(k, "session")) {
		opt.session = number(v, 1, 0xfffe);
	} else {
		return false;
	}
	(*i)++;
	return true;
}

static void parse_options(int argc, char **argv, int i)
{
	for (; i < argc; i++) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (l2tp && l2tp_option(k, v, &i))
			continue;
		if (pppoe && pppoe_option(k, v, &i))
			continue;
		if (pppoe && (!strcmp(k, "local") || !strcmp(k, "peer") || !strcmp(k, "acfc") ||
			      !strcmp(k, "local-call") || !strcmp(k, "peer-call") || !strcmp(k, "pfc")))
			die_usage("not a PPPoE option", k);
		if (l2tp && (!strcmp(k, "local-call") || !strcmp(k, "peer-call") ||
			     !strcmp(k, "acfc") || !strcmp(k, "pfc")))
			die_usage("not an L2TP option (l2tp_ppp has no ACFC/PFC)", k);
		if (!strcmp(k, "local")) { opt.local = address(v); i++; }
		else if (!strcmp(k, "peer")) { opt.peer = address(v); i++; }
		else if (!strcmp(k, "local-call")) { opt.local_call = number(v, 1, 65534); i++; }
		else if (!strcmp(k, "peer-call")) { opt.peer_call = number(v, 0, 65535); i++; }
		else if (!strcmp(k, "name")) {
			if (!v || !*v || strlen(v) >= IFNAMSIZ || strchr(v, '/') || strchr(v, ' '))
				die_usage("not an interface name", v);
			snprintf(opt.name, sizeof(opt.name), "%s", v);
			i++;
		} else if (!strcmp(k, "mtu")) { opt.mtu = number(v, 68, 65535); i++; }
		else if (!strcmp(k, "mru")) { opt.mru = number(v, 128, 65535); i++; }
		else if (!strcmp(k, "acfc")) opt.acfc = true;
		else if (!strcmp(k, "pfc")) opt.pfc = true;
		else if (!strcmp(k, "mppe")) {
			opt.mppe_bits = number(v, 0, 128);
			if (opt.mppe_bits == 56) {
				fprintf(stderr, "%s: the kernel's ppp_mppe has no 56-bit mode\n", prog);
				exit(2);
			}
			if (opt.mppe_bits != 40 && opt.mppe_bits != 128)
				die_usage("MPPE is 40 or 128 bits", v);
			i++;
		} else if (!strcmp(k, "stateless")) opt.stateless = true;
		else if (!strcmp(k, "send-key")) { key(v, opt.send_key); opt.have_send_key = true; i++; }
		else if (!strcmp(k, "recv-key")) { key(v, opt.recv_key); opt.have_recv_key = true; i++; }
		else if (!strcmp(k, "count")) { opt.count = number(v, 1, 65534); i++; }
		else if (!strcmp(k, "verbose")) opt.verbose = true;
		else
			die_usage("unknown word", k);
	}
}

/* With count > 1, the name is a prefix and the sessions are PREFIX0, PREFIX1, ... */
static void nth_name(unsigned long i, char *out)
{
	char num[12];
	size_t keep;

	if (!opt.name[0] || opt.count == 1) {
		memcpy(out, opt.name, IFNAMSIZ);
		return;
	}
	snprintf(num, sizeof(num), "%lu", i % 10000000);
	keep = strlen(opt.name);
	if (keep > IFNAMSIZ - 1 - strlen(num))
		keep = IFNAMSIZ - 1 - strlen(num);
	memcpy(out, opt.name, keep);
	memcpy(out + keep, num, strlen(num) + 1);
}

static int fail(const char *ifname, const char *what)
{
	int err = errno;

	fprintf(stderr, "%s: %s%s%s: %s", prog, ifname ? ifname : "", ifname ? ": " : "",
		what, strerror(err));
	if (!strcmp(what, "socket(AF_PPPOX, PX_PROTO_PPTP)"))
		fprintf(stderr, " (pptp.ko not loadable? It cannot load while sluice holds GRE version 1)");
	else if (!strcmp(what, "bind") && err == EBUSY)
		fprintf(stderr, " (the local call id is taken: pptp.ko's call ids are host-wide)");
	else if (!strcmp(what, "connect") && err == EALREADY)
		fprintf(stderr, " (a session on this host already sends to that peer address and call id)");
	fputc('\n', stderr);
	return -1;
}

/* verbose: CCP events on stderr, with the time since start */
static void event(const struct session *s, const char *what, int id)
{
	if (opt.verbose)
		fprintf(stderr, "%.3f %s: %s %d\n", now() - t_start, s->ifname, what, id);
}

/* CCP frame on the unit's descriptor: protocol, code, id, length, options. */
static void ccp_send(struct session *s, uint8_t code, uint8_t id, bool with_option)
{
	uint8_t f[2 + 4 + CILEN_MPPE];
	size_t len = 4 + (with_option ? CILEN_MPPE : 0);

	f[0] = PPP_CCP >> 8;
	f[1] = PPP_CCP & 0xff;
	f[2] = code;
	f[3] = id;
	f[4] = 0;
	f[5] = (uint8_t)len;
	if (with_option)
		memcpy(f + 6, mppe_ci, CILEN_MPPE);
	if (write(s->unit_fd, f, 2 + len) < 0 && errno != EAGAIN)
		fprintf(stderr, "%s: %s: CCP write: %s\n", prog, s->ifname, strerror(errno));
}

static int set_unit_flags(struct session *s, int flags)
{
	if (ioctl(s->unit_fd, PPPIOCSFLAGS, &flags) < 0)
		return fail(s->ifname, "PPPIOCSFLAGS (unit)");
	return 0;
}

static void confreq(struct session *s)
{
	s->req_id++;
	s->req_sent = now();
	stats.confreq_sent++;
	ccp_send(s, CCP_CONFREQ, s->req_id, true);
}

static void maybe_up(struct session *s)
{
	if (s->up || !s->rx_up || !s->tx_up)
		return;
	if (set_unit_flags(s, SC_CCP_OPEN | SC_CCP_UP) == 0) {
		s->up = true;
		n_ready++;
	}
}

static int mppe_setup(struct session *s)
{
	struct ppp_option_data d;
	uint8_t buf[CILEN_MPPE + MPPE_KEY_LEN];

	if (set_unit_flags(s, SC_CCP_OPEN) < 0)
		return -1;
	memcpy(buf, mppe_ci, CILEN_MPPE);
	d.ptr = buf;
	d.length = sizeof(buf);
	memcpy(buf + CILEN_MPPE, opt.send_key, MPPE_KEY_LEN);
	d.transmit = 1;
	if (ioctl(s->unit_fd, PPPIOCSCOMPRESS, &d) < 0)
		return fail(s->ifname, "PPPIOCSCOMPRESS (transmit; ppp_mppe loaded?)");
	memcpy(buf + CILEN_MPPE, opt.recv_key, MPPE_KEY_LEN);
	d.transmit = 0;
	if (ioctl(s->unit_fd, PPPIOCSCOMPRESS, &d) < 0)
		return fail(s->ifname, "PPPIOCSCOMPRESS (receive)");
	explicit_bzero(buf, sizeof(buf));
	confreq(s);
	return 0;
}

static struct rtattr *rta_add(struct nlmsghdr *nh, unsigned short type, const void *data,
			      size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void rta_end(struct nlmsghdr *nh, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)nh + nh->nlmsg_len - (char *)nest);
}

/*
 * A named unit the way pppd 2.5 makes one (make_ppp_unit_rtnetlink): RTM_NEWLINK, kind
 * "ppp", IFLA_PPP_DEV_FD the fresh /dev/ppp descriptor, the name and the MTU in the same
 * message. Renaming a pppN afterwards (SIOCSIFNAME) would cost an RCU grace period per
 * session in dev_change_name. The kernel only try-locks ppp_mutex here (EBUSY: try again).
 */
static int unit_create_named(struct session *s)
{
	union {
		struct nlmsghdr nh;
		char buf[512];
	} req, ack;
	struct ifinfomsg *ifi;
	struct rtattr *linkinfo, *data;
	struct nlmsgerr *e;
	uint32_t mtu = (uint32_t)opt.mtu;
	int32_t fd = s->unit_fd;
	int tries = 0, err;
	ssize_t n;

	do {
		memset(&req, 0, sizeof(req));
		req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
		req.nh.nlmsg_type = RTM_NEWLINK;
		req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
		req.nh.nlmsg_seq = ++rtnl_seq;
		ifi = NLMSG_DATA(&req.nh);
		ifi->ifi_family = AF_UNSPEC;
		rta_add(&req.nh, IFLA_IFNAME, s->ifname, strlen(s->ifname) + 1);
		rta_add(&req.nh, IFLA_MTU, &mtu, sizeof(mtu));
		linkinfo = rta_add(&req.nh, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0);
		rta_add(&req.nh, IFLA_INFO_KIND, "ppp", 4);
		data = rta_add(&req.nh, IFLA_INFO_DATA | NLA_F_NESTED, NULL, 0);
		rta_add(&req.nh, IFLA_PPP_DEV_FD, &fd, sizeof(fd));
		rta_end(&req.nh, data);
		rta_end(&req.nh, linkinfo);
		if (send(rtnl_sock, &req, req.nh.nlmsg_len, 0) < 0)
			return fail(s->ifname, "RTM_NEWLINK send");
		do {
			n = recv(rtnl_sock, &ack, sizeof(ack), 0);
			if (n < 0)
				return fail(s->ifname, "RTM_NEWLINK recv");
		} while ((size_t)n < NLMSG_LENGTH(sizeof(*e)) || ack.nh.nlmsg_seq != rtnl_seq ||
			 ack.nh.nlmsg_type != NLMSG_ERROR);
		e = NLMSG_DATA(&ack.nh);
		err = -e->error;
		if (err == EBUSY)
			usleep(1000);
	} while (err == EBUSY && ++tries < 5000);
	if (err) {
		errno = err;
		return fail(s->ifname, "RTM_NEWLINK (kind ppp)");
	}
	if (ioctl(s->unit_fd, PPPIOCGUNIT, &s->unit) < 0)
		return fail(s->ifname, "PPPIOCGUNIT");
	return 0;
}

/* the session's PPPoX socket of protocol proto (what names it when that fails) */
static int pppox_socket(struct session *s, int type, int proto, const char *what)
{
	s->sock = socket(AF_PPPOX, type | SOCK_CLOEXEC, proto);
	return s->sock < 0 ? fail(NULL, what) : 0;
}

/* connects the session's PPPoX socket to sa; its channel's index in *chindex */
static int pppox_connect(struct session *s, const void *sa, socklen_t len, const char *what,
			 int *chindex)
{
	if (connect(s->sock, sa, len) < 0)
		return fail(s->ifname, what);
	if (ioctl(s->sock, PPPIOCGCHAN, chindex) < 0)
		return fail(s->ifname, "PPPIOCGCHAN");
	return 0;
}

/* the PPTP channel of session i: a PPPoX socket bound and connected to the call ids */
static int pptp_channel(struct session *s, unsigned long i, int *chindex)
{
	struct sockaddr_pppox sa = { .sa_family = AF_PPPOX, .sa_protocol = PX_PROTO_PPTP };

	if (pppox_socket(s, SOCK_STREAM, PX_PROTO_PPTP, "socket(AF_PPPOX, PX_PROTO_PPTP)") < 0)
		return -1;
	sa.sa_addr.pptp.call_id = (uint16_t)(opt.local_call + i);	/* host order */
	sa.sa_addr.pptp.sin_addr = opt.local;
	if (bind(s->sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return fail(s->ifname, "bind");
	sa.sa_addr.pptp.call_id = (uint16_t)(opt.peer_call + i);
	sa.sa_addr.pptp.sin_addr = opt.peer;
	return pppox_connect(s, &sa, sizeof(sa), "connect", chindex);
}

/* the PPPoE channel of session i: a PPPoE socket connected to the session on the device */
static int pppoe_channel(struct session *s, unsigned long i, int *chindex)
{
	struct sockaddr_pppox sa = { .sa_family = AF_PPPOX, .sa_protocol = PX_PROTO_OE };

	if (pppox_socket(s, SOCK_STREAM, PX_PROTO_OE,
			 "socket(AF_PPPOX, PX_PROTO_OE) (modprobe pppoe)") < 0)
		return -1;
	sa.sa_addr.pppoe.sid = htons((uint16_t)(opt.session + i));
	memcpy(sa.sa_addr.pppoe.remote, opt.peer_mac, sizeof(opt.peer_mac));
	memcpy(sa.sa_addr.pppoe.dev, opt.dev, sizeof(opt.dev));
	return pppox_connect(s, &sa, sizeof(sa), "connect (PPPoE)", chindex);
}

/* --- L2TP: the kernel's "l2tp" generic netlink family, over libmnl --- */

static int family_attr(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
		*(uint16_t *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int family_reply(const struct nlmsghdr *nh, void *data)
{
	return mnl_attr_parse(nh, sizeof(struct genlmsghdr), family_attr, data);
}

static struct nlmsghdr *genl_start(char *buf, uint16_t family, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nh->nlmsg_type = family;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = ++genl_seq;
	g = mnl_nlmsg_put_extra_header(nh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nh;
}

/* Sends nh and reads up to its ack; 0, or -1 with errno the kernel's answer. */
static int genl_talk(const struct nlmsghdr *nh, mnl_cb_t reply, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(genl, nh, nh->nlmsg_len) < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(genl, buf, sizeof(buf));
		if (n < 0)
			return -1;
		ret = mnl_cb_run(buf, (size_t)n, nh->nlmsg_seq, mnl_socket_get_portid(genl),
				 reply, data);
	} while (ret == MNL_CB_OK);
	return ret == MNL_CB_STOP ? 0 : -1;
}

static int l2tp_genl_open(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nh;

	genl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!genl || mnl_socket_bind(genl, 0, MNL_SOCKET_AUTOPID) < 0)
		return fail(NULL, "generic netlink socket");
	nh = genl_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nh, CTRL_ATTR_FAMILY_NAME, L2TP_GENL_NAME);
	if (genl_talk(nh, family_reply, &l2tp_family) < 0 || !l2tp_family)
		return fail(NULL, "the l2tp generic netlink family (modprobe l2tp_ppp)");
	return 0;
}

static struct sockaddr_in sin_of(struct in_addr a, unsigned long port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = a,
				   .sin_port = htons((uint16_t)port) };

	return sin;
}

/* Tunnel t's UDP socket, bound and connected, handed to the kernel as L2TPv2 over UDP. */
static int tunnel_open(struct tunnel *t, unsigned long t_index)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], what[64];
	struct sockaddr_in local = sin_of(opt.local, opt.port + (opt.port_each ? t_index : 0));
	struct sockaddr_in peer = sin_of(opt.peer, opt.peer_port + (opt.peer_port_each ? t_index : 0));
	struct nlmsghdr *nh;
	int one = 1;

	t->id = (uint16_t)(opt.tunnel + t_index);
	t->peer_id = (uint16_t)(opt.peer_tunnel + t_index);
	snprintf(what, sizeof(what), "tunnel %u", t->id);
	t->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (t->fd < 0)
		return fail(what, "UDP socket");
	if (setsockopt(t->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		return fail(what, "SO_REUSEADDR");
	if (bind(t->fd, (struct sockaddr *)&local, sizeof(local)) < 0)
		return fail(what, "bind");
	if (connect(t->fd, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		return fail(what, "connect");
	nh = genl_start(buf, l2tp_family, L2TP_CMD_TUNNEL_CREATE, L2TP_GENL_VERSION);
	mnl_attr_put_u32(nh, L2TP_ATTR_CONN_ID, t->id);
	mnl_attr_put_u32(nh, L2TP_ATTR_PEER_CONN_ID, t->peer_id);
	mnl_attr_put_u8(nh, L2TP_ATTR_PROTO_VERSION, 2);
	mnl_attr_put_u16(nh, L2TP_ATTR_ENCAP_TYPE, L2TP_ENCAPTYPE_UDP);
	mnl_attr_put_u32(nh, L2TP_ATTR_FD, (uint32_t)t->fd);
	if (genl_talk(nh, NULL, NULL) < 0)
		return fail(what, "L2TP_CMD_TUNNEL_CREATE");
	n_tunnels++;
	return 0;
}

/* the L2TP channel of session i: the session in its tunnel, a PPPoL2TP socket on it */
static int l2tp_channel(struct session *s, unsigned long i, int *chindex)
{
	unsigned long t_index = opt.tunnel_each ? i : 0;
	struct tunnel *t = &tunnels[t_index];
	uint16_t id = (uint16_t)(opt.session + (opt.tunnel_each ? 0 : i));
	uint16_t peer_id = (uint16_t)(opt.peer_session + (opt.tunnel_each ? 0 : i));
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct sockaddr_pppol2tp sa;
	struct nlmsghdr *nh;

	if (t_index == n_tunnels && tunnel_open(t, t_index) < 0)
		return -1;
	nh = genl_start(buf, l2tp_family, L2TP_CMD_SESSION_CREATE, L2TP_GENL_VERSION);
	mnl_attr_put_u32(nh, L2TP_ATTR_CONN_ID, t->id);
	mnl_attr_put_u32(nh, L2TP_ATTR_SESSION_ID, id);
	mnl_attr_put_u32(nh, L2TP_ATTR_PEER_SESSION_ID, peer_id);
	mnl_attr_put_u16(nh, L2TP_ATTR_PW_TYPE, L2TP_PWTYPE_PPP);
	if (opt.seq)
		mnl_attr_put_u8(nh, L2TP_ATTR_SEND_SEQ, 1);
	if (genl_talk(nh, NULL, NULL) < 0)
		return fail(s->ifname, "L2TP_CMD_SESSION_CREATE (l2tp_ppp loaded?)");

	if (pppox_socket(s, SOCK_DGRAM, PX_PROTO_OL2TP, "socket(AF_PPPOX, PX_PROTO_OL2TP)") < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_family = AF_PPPOX;
	sa.sa_protocol = PX_PROTO_OL2TP;
	sa.pppol2tp.fd = t->fd;
	sa.pppol2tp.addr = sin_of(opt.peer, opt.peer_port + (opt.peer_port_each ? t_index : 0));
	sa.pppol2tp.s_tunnel = t->id;
	sa.pppol2tp.s_session = id;
	sa.pppol2tp.d_tunnel = t->peer_id;
	sa.pppol2tp.d_session = peer_id;
	return pppox_connect(s, &sa, sizeof(sa), "connect (PPPoL2TP)", chindex);
}

static int session_open(struct session *s, unsigned long i)
{
	struct ifreq ifr;
	int chindex, flags;

	s->sock = s->chan_fd = s->unit_fd = -1;
	s->unit = -1;
	nth_name(i, s->ifname);
	if (!s->ifname[0] && (l2tp || pppoe))
		snprintf(s->ifname, sizeof(s->ifname), "session %u",
			 (unsigned int)((opt.session + i) & 0xffff));
	else if (!s->ifname[0])
		snprintf(s->ifname, sizeof(s->ifname), "call %lu", opt.local_call + i);
	if ((l2tp ? l2tp_channel : pppoe ? pppoe_channel : pptp_channel)(s, i, &chindex) < 0)
		return -1;

	s->chan_fd = open("/dev/ppp", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (s->chan_fd < 0)
		return fail(s->ifname, "open /dev/ppp (modprobe ppp_generic)");
	if (ioctl(s->chan_fd, PPPIOCATTCHAN, &chindex) < 0)
		return fail(s->ifname, "PPPIOCATTCHAN");
	s->unit_fd = open("/dev/ppp", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (s->unit_fd < 0)
		return fail(s->ifname, "open /dev/ppp");
	if (opt.name[0]) {
		if (unit_create_named(s) < 0)
			return -1;
	} else {
		/* accel-ppp's way: pppN, then the MTU */
		if (ioctl(s->unit_fd, PPPIOCNEWUNIT, &s->unit) < 0)
			return fail(s->ifname, "PPPIOCNEWUNIT");
		memset(&ifr, 0, sizeof(ifr));
		snprintf(s->ifname, sizeof(s->ifname), "ppp%d", s->unit);
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", s->ifname);
		ifr.ifr_mtu = (int)opt.mtu;
		if (ioctl(ctl_sock, SIOCSIFMTU, &ifr) < 0)
			return fail(s->ifname, "SIOCSIFMTU");
	}
	if (ioctl(s->chan_fd, PPPIOCCONNECT, &s->unit) < 0)
		return fail(s->ifname, "PPPIOCCONNECT");

	/* pptp.ko's own flags: what it leaves out on transmit (l2tp_ppp and pppoe have none) */
	flags = (opt.acfc ? SC_COMP_AC : 0) | (opt.pfc ? SC_COMP_PROT : 0);
	if (!l2tp && !pppoe && ioctl(s->chan_fd, PPPIOCSFLAGS, &flags) < 0)
		return fail(s->ifname, "PPPIOCSFLAGS (channel)");
	flags = (int)opt.mru;
	if (ioctl(s->unit_fd, PPPIOCSMRU, &flags) < 0)
		return fail(s->ifname, "PPPIOCSMRU");

	if (opt.mppe_bits)
		return mppe_setup(s);
	s->up = true;
	n_ready++;
	return 0;
}

static void session_close(struct session *s)
{
	/* the unit first: closing its owner's descriptor unregisters the netdev */
	if (s->unit_fd >= 0)
		close(s->unit_fd);
	if (s->chan_fd >= 0)
		close(s->chan_fd);
	if (s->sock >= 0)
		close(s->sock);
	s->sock = s->chan_fd = s->unit_fd = -1;
}

static void reset_request(struct session *s)
{
	if (s->reset_sent) {
		s->reset_repeat = true;
		return;
	}
	s->reset_id++;
	s->reset_sent = now();
	s->reset_repeat = false;
	stats.resetreq_sent++;
	event(s, "reset-request sent", s->reset_id);
	ccp_send(s, CCP_RESETREQ, s->reset_id, false);
}

/* Frames ppp_generic passes up on the unit: CCP, and MPPE frames it could not decrypt. */
static void unit_input(struct session *s)
{
	static uint8_t f[65536 + 64];	/* up to the largest MRU */
	ssize_t n;
	int proto;

	while ((n = read(s->unit_fd, f, sizeof(f))) > 0) {
		if (n < 2)
			continue;
		proto = f[0] << 8 | f[1];
		if (proto == PPP_COMP) {
			stats.errors_seen++;
			event(s, "undecrypted frame passed up (decompression error), ccount",
			      n >= 4 ? (f[2] & 0x0f) << 8 | f[3] : -1);
			if (s->up)
				reset_request(s);
			continue;
		}
		if (proto != PPP_CCP || n < 6 || !opt.mppe_bits) {
			/* with MPPE up, mostly frames decrypted with the wrong key: the protocol
			 * field is noise */
			if (stats.other++ < 10 || opt.verbose)
				fprintf(stderr, "%.3f %s: frame of protocol 0x%04x (%zd bytes) passed up\n",
					now() - t_start, s->ifname, proto, n);
			continue;
		}
		switch (f[2]) {
		case CCP_CONFREQ:
			/* the kernel saw it come in and stopped our compressor; the ack we send
			 * restarts it, and it only does so while SC_CCP_UP is clear */
			if (s->up && set_unit_flags(s, SC_CCP_OPEN) == 0) {
				s->up = false;
				n_ready--;
			}
			ccp_send(s, CCP_CONFACK, f[3], true);
			s->tx_up = true;
			maybe_up(s);
			break;
		case CCP_CONFACK:
			if (!s->rx_up && f[3] == s->req_id) {
				s->rx_up = true;
				maybe_up(s);
			}
			break;
		case CCP_RESETREQ:
			stats.resetreq_rcvd++;
			event(s, "reset-request received, ack sent", f[3]);
			ccp_send(s, CCP_RESETACK, f[3], false);
			break;
		case CCP_RESETACK:
			event(s, "reset-ack received", f[3]);
			if (s->reset_sent && f[3] == s->reset_id) {
				s->reset_sent = 0;
				s->reset_repeat = false;
			}
			break;
		default:
			stats.other++;
		}
	}
}

static void timers(double t)
{
	unsigned long i;

	if (!opt.mppe_bits)
		return;
	for (i = 0; i < n_sessions; i++) {
		struct session *s = &sessions[i];

		if (!s->rx_up && t - s->req_sent >= CCP_REQ_INTERVAL)
			confreq(s);
		if (s->reset_sent && t - s->reset_sent >= RACK_TIMEOUT) {
			event(s, s->reset_repeat ? "reset-ack timeout, again" : "reset-ack timeout",
			      s->reset_id);
			s->reset_sent = 0;
			if (s->reset_repeat)
				reset_request(s);
		}
	}
}

/* One round of the event loop: CCP frames in, then the timers. */
static int service(int ep, int timeout_ms)
{
	struct epoll_event evs[64];
	int n = epoll_wait(ep, evs, 64, timeout_ms);

	if (n < 0 && errno != EINTR) {
		fprintf(stderr, "%s: epoll_wait: %s\n", prog, strerror(errno));
		return -1;
	}
	for (int k = 0; k < n; k++)
		unit_input(&sessions[evs[k].data.u64]);
	timers(now());
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void raise_fd_limit(unsigned long need)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) < 0 || r.rlim_cur >= need)
		return;
	if (r.rlim_max < need)
		r.rlim_max = need;	/* works for root, up to fs.nr_open */
	r.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &r) < 0) {
		getrlimit(RLIMIT_NOFILE, &r);
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

static void check_l2tp_options(void)
{
	unsigned long last = opt.count - 1;

	if (!opt.local.s_addr || !opt.peer.s_addr || !opt.tunnel || !opt.session ||
	    !opt.peer_tunnel || !opt.peer_session)
		die_usage("add needs local, peer and the four ids", NULL);
	if ((opt.port_each || opt.peer_port_each) && !opt.tunnel_each)
		die_usage("port-each and peer-port-each need tunnel-each", NULL);
	if (opt.tunnel_each ? opt.tunnel + last > 65535 || opt.peer_tunnel + last > 65535 :
			      opt.session + last > 65535 || opt.peer_session + last > 65535)
		die_usage("ids would pass 65535", NULL);
	if ((opt.port_each && opt.port + last > 65535) ||
	    (opt.peer_port_each && opt.peer_port + last > 65535))
		die_usage("ports would pass 65535", NULL);
}

static void check_pppoe_options(void)
{
	if (!opt.dev[0] || !opt.have_peer_mac || !opt.session)
		die_usage("add needs dev, peer-mac and session", NULL);
	if (opt.session + opt.count - 1 > 0xfffe)
		die_usage("session ids would pass 0xfffe", NULL);
}

/* The words taken together make sense; the CCP option both ends use. */
static void check_options(void)
{
	if (l2tp)
		check_l2tp_options();
	else if (pppoe)
		check_pppoe_options();
	else if (!opt.local.s_addr || !opt.peer.s_addr || !opt.local_call)
		die_usage("add needs local, peer, local-call and peer-call", NULL);
	else if (opt.local_call + opt.count - 1 > 65534 || opt.peer_call + opt.count - 1 > 65535)
		die_usage("call ids would pass 65535", NULL);
	if (opt.mppe_bits && (!opt.have_send_key || !opt.have_recv_key))
		die_usage("mppe needs send-key and recv-key", NULL);
	if (!opt.mppe_bits && (opt.have_send_key || opt.have_recv_key || opt.stateless))
		die_usage("keys and stateless need mppe", NULL);
	if (opt.mppe_bits) {
		mppe_ci[0] = CI_MPPE;
		mppe_ci[1] = CILEN_MPPE;
		mppe_ci[2] = opt.stateless ? 0x01 : 0;	/* H: stateless */
		mppe_ci[5] = opt.mppe_bits == 128 ? 0x40 : 0x20;	/* S: 128, L: 40 */
	}
}

/* Makes the sessions, answering CCP as it goes; 0, or 1 if one could not be made. */
static int open_all(int ep)
{
	double serviced = now();
	struct epoll_event ev;
	unsigned long i;

	for (i = 0; i < opt.count && !stop; i++) {
		struct session *s = &sessions[i];

		n_sessions = i + 1;
		if (session_open(s, i) < 0)
			return 1;
		ev.events = EPOLLIN;
		ev.data.u64 = i;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, s->unit_fd, &ev) < 0) {
			fail(s->ifname, "epoll_ctl");
			return 1;
		}
		if (opt.count == 1)
			printf("%s\n", s->ifname);
		/* answer the peer's CCP while the rest are still being made */
		if (now() - serviced >= 0.1) {
			if (service(ep, 0) < 0)
				return 1;
			serviced = now();
		}
	}
	return 0;
}

/* Closes every session and tunnel and says how it went. */
static void close_all(void)
{
	double t1, t2;
	unsigned long i;

	if (opt.mppe_bits && n_sessions == 1 && sessions[0].unit_fd >= 0) {
		int f;

		if (ioctl(sessions[0].unit_fd, PPPIOCGFLAGS, &f) == 0)
			printf("%s: kernel flags%s%s%s%s%s%s\n", sessions[0].ifname,
			       f & SC_CCP_OPEN ? " ccp-open" : "", f & SC_CCP_UP ? " ccp-up" : "",
			       f & SC_COMP_RUN ? " comp-run" : "", f & SC_DECOMP_RUN ? " decomp-run" : "",
			       f & SC_DC_ERROR ? " dc-error" : "", f & SC_DC_FERROR ? " dc-ferror" : "");
	}
	t1 = now();
	for (i = 0; i < n_sessions; i++)
		session_close(&sessions[i]);
	for (i = 0; i < n_tunnels; i++)
		close(tunnels[i].fd);	/* the kernel deletes the tunnel with its socket */
	t2 = now();
	printf("closed %lu sessions in %.3f s", n_sessions, t2 - t1);
	if (opt.mppe_bits)
		printf("; ccp: %lu configure-requests sent, %lu reset-requests sent, %lu received, "
		       "%lu undecrypted frames passed up, %lu other frames",
		       stats.confreq_sent, stats.resetreq_sent, stats.resetreq_rcvd,
		       stats.errors_seen, stats.other);
	printf("\n");
}

static int cmd_add(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	bool announced = false;
	int ep, rc;
	double t0;

	parse_options(argc, argv, 2);
	check_options();
	sigaction(SIGTERM, &sa, NULL);	/* no SA_RESTART: epoll_wait returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	raise_fd_limit(4 * opt.count + 16);

	sessions = calloc(opt.count, sizeof(*sessions));
	tunnels = calloc(opt.tunnel_each ? opt.count : 1, sizeof(*tunnels));
	if (l2tp && (!tunnels || l2tp_genl_open() < 0))
		return 1;
	ctl_sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	rtnl_sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!sessions || ctl_sock < 0 || rtnl_sock < 0 || ep < 0) {
		fprintf(stderr, "%s: %s\n", prog, strerror(errno));
		return 1;
	}

	t_start = t0 = now();
	rc = open_all(ep);
	if (!rc && opt.count > 1)
		printf("added %lu sessions in %.3f s\n", n_sessions, now() - t0);
	while (!rc && !stop) {
		if (!announced && n_ready == n_sessions) {
			printf("ready: %lu sessions in %.3f s\n", n_sessions, now() - t0);
			announced = true;
		}
		if (service(ep, 100) < 0)
			rc = 1;
	}
	close_all();
	explicit_bzero(&opt, sizeof(opt));
	return rc;
}

static int cmd_show(int argc, char **argv)
{
	struct ppp_stats ps;
	struct ppp_comp_stats cs;
	struct ifreq ifr;
	int fd;

	if (argc != 3 || strlen(argv[2]) >= IFNAMSIZ)
		usage();
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "%s: socket: %s\n", prog, strerror(errno));
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[2]);
	ifr.ifr_data = (void *)&ps;
	if (ioctl(fd, SIOCGPPPSTATS, &ifr) < 0) {
		fprintf(stderr, "%s: %s: SIOCGPPPSTATS: %s\n", prog, argv[2], strerror(errno));
		return 1;
	}
	ifr.ifr_data = (void *)&cs;
	if (ioctl(fd, SIOCGPPPCSTATS, &ifr) < 0) {
		fprintf(stderr, "%s: %s: SIOCGPPPCSTATS: %s\n", prog, argv[2], strerror(errno));
		return 1;
	}
	close(fd);
	printf("%s\n", argv[2]);
	printf("  rx: %u packets, %u bytes, %u errors, %u discards\n", ps.p.ppp_ipackets,
	       ps.p.ppp_ibytes, ps.p.ppp_ierrors, ps.p.ppp_discards);
	printf("  tx: %u packets, %u bytes, %u errors\n", ps.p.ppp_opackets, ps.p.ppp_obytes,
	       ps.p.ppp_oerrors);
	printf("  mppe tx: %u encrypted, %u bytes\n", cs.c.comp_packets, cs.c.comp_bytes);
	/* ppp_mppe's incomp counts every frame that arrives unencrypted while the decompressor
	 * runs and lets it through: plain text, and CCP (Configure, Reset) as well */
	printf("  mppe rx: %u decrypted, %u bytes, %u unencrypted taken in (CCP too)\n",
	       cs.d.comp_packets, cs.d.comp_bytes, cs.d.inc_packets);
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');

	base = base ? base + 1 : argv[0];
	if (!strcmp(base, "l2tp-static")) {
		l2tp = true;
		prog = "l2tp-static";
	} else if (!strcmp(base, "pppoe-static")) {
		pppoe = true;
		prog = "pppoe-static";
	}
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		usage();
	if (!strcmp(argv[1], "add"))
		return cmd_add(argc, argv);
	if (!strcmp(argv[1], "show"))
		return cmd_show(argc, argv);
	die_usage("unknown command", argv[1]);
	return 2;
}
