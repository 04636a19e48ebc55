// SPDX-License-Identifier: GPL-2.0
/*
 * The DHCPINFORM responder for Windows road warriors (dhcp_inform.h): the BOOTP/DHCP
 * parser, the DHCPACK, the set of session addresses, the socket.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "core/loop.h"
#include "ipsec/dhcp_inform.h"
#include "ipsec/sas.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"

/* RFC 2131 2: the fixed BOOTP header, then the magic cookie and the options */
#define BOOTP_FIXED 236
#define OFF_OP 0
#define OFF_HTYPE 1
#define OFF_HLEN 2
#define OFF_XID 4
#define OFF_FLAGS 10
#define OFF_CIADDR 12
#define OFF_GIADDR 24
#define OFF_CHADDR 28
#define CHADDR_LEN 16
#define OFF_COOKIE BOOTP_FIXED
#define OFF_OPTIONS (BOOTP_FIXED + 4)
#define DHCP_COOKIE 0x63825363u
#define BOOTREQUEST 1
#define BOOTREPLY 2
#define BOOTP_MIN_REPLY 300	/* BOOTP's minimum (RFC 951): some clients want no less */
#define DHCP_MIN_MAX_SIZE 576	/* RFC 2131 2: what every client takes, IP and UDP included */
#define IP_UDP_HEADERS 28

/* RFC 2132 option codes */
#define OPT_PAD 0
#define OPT_DNS 6
#define OPT_MSG_TYPE 53
#define OPT_SERVER_ID 54
#define OPT_PARAM_LIST 55
#define OPT_MAX_SIZE 57
#define OPT_CLASSLESS 121	/* RFC 3442 */
#define OPT_MS_CLASSLESS 249	/* Microsoft's, RFC 3442's encoding */
#define OPT_END 255
#define DHCPINFORM 8
#define DHCPACK 5

#define CLIENTS_MAX IPSEC_SAS_MAX
#define BURST 64		/* datagrams a wake-up: a flood cannot starve the loop */

struct request {
	uint32_t xid, ciaddr, giaddr;	/* as on the wire (network order) */
	uint16_t flags;
	uint8_t htype, hlen, chaddr[CHADDR_LEN];
	int type;			/* option 53; -1 absent */
	bool listed;			/* option 55 present */
	uint8_t asked[32];		/* option 55's codes, a bitmap */
	size_t max_size;		/* what the reply may take, IP and UDP headers off */
};

static struct ipsec_dhcp_stats st;
static ipsec_dhcp_lookup_fn lookup;
static uint32_t *clients;		/* session addresses, sorted (duplicates kept) */
static size_t nclients, clients_cap;
static struct loop_fd sock = { .fd = -1 };
static uint16_t listen_port = IPSEC_DHCP_SERVER_PORT;
static bool open_failure_told;

const struct ipsec_dhcp_stats *ipsec_dhcp_inform_stats(void)
{
	return &st;
}

void ipsec_dhcp_inform_reset_stats(void)
{
	memset(&st, 0, sizeof(st));
}

void ipsec_dhcp_inform_set_lookup(ipsec_dhcp_lookup_fn fn)
{
	lookup = fn;
}

/* --- the request */

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static bool asked(const struct request *r, uint8_t code)
{
	return r->asked[code / 8] & (1u << (code % 8));
}

/* One option (code, its len bytes at v) into r: false if it cannot be right. */
static bool take_option(struct request *r, uint8_t code, const uint8_t *v, uint8_t len)
{
	size_t i;

	switch (code) {
	case OPT_MSG_TYPE:
		if (len != 1 || r->type >= 0)
			return false;
		r->type = v[0];
		return true;
	case OPT_PARAM_LIST:
		r->listed = true;
		for (i = 0; i < len; i++)
			r->asked[v[i] / 8] |= (uint8_t)(1u << (v[i] % 8));
		return true;
	case OPT_MAX_SIZE:
		if (len != 2)
			return false;
		i = (size_t)v[0] << 8 | v[1];
		if (i >= DHCP_MIN_MAX_SIZE)
			r->max_size = i - IP_UDP_HEADERS;
		return true;
	default:		/* overload (52) too: sname and file are never read */
		return true;
	}
}

/* The options after the cookie: pads and code-length-value up to the END (RFC 2132 3.2),
 * which must be there: a datagram without it was cut. */
static bool parse_options(struct request *r, const uint8_t *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = p[i++], olen;

		if (code == OPT_PAD)
			continue;
		if (code == OPT_END)
			return true;
		if (i >= len)
			return false;
		olen = p[i++];
		if (olen > len - i || !take_option(r, code, p + i, olen))
			return false;
		i += olen;
	}
	return false;
}

static bool parse_request(struct request *r, const uint8_t *buf, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->type = -1;
	r->max_size = DHCP_MIN_MAX_SIZE - IP_UDP_HEADERS;
	if (len < OFF_OPTIONS || len > IPSEC_DHCP_MSG_MAX || buf[OFF_OP] != BOOTREQUEST ||
	    buf[OFF_HLEN] > CHADDR_LEN || ntohl(get32(buf + OFF_COOKIE)) != DHCP_COOKIE)
		return false;
	r->htype = buf[OFF_HTYPE];
	r->hlen = buf[OFF_HLEN];
	r->xid = get32(buf + OFF_XID);
	memcpy(&r->flags, buf + OFF_FLAGS, 2);
	r->ciaddr = get32(buf + OFF_CIADDR);
	r->giaddr = get32(buf + OFF_GIADDR);
	memcpy(r->chaddr, buf + OFF_CHADDR, CHADDR_LEN);
	return parse_options(r, buf + OFF_OPTIONS, len - OFF_OPTIONS) && r->type >= 0;
}

/* --- the reply */

struct writer {
	uint8_t *p;
	size_t len, cap;
};

static void put_option(struct writer *w, uint8_t code, const void *v, size_t len)
{
	if (len > 255 || w->len + 2 + len > w->cap)
		return;		/* the callers measured: never happens */
	w->p[w->len++] = code;
	w->p[w->len++] = (uint8_t)len;
	memcpy(w->p + w->len, v, len);
	w->len += len;
}

/* RFC 3442 4: the prefix length, its significant octets, the router */
static size_t route_len(const struct ipsec_dhcp_route *r)
{
	return 1 + (r->len + 7u) / 8 + 4;
}

static size_t encode_routes(uint8_t *out, const struct ipsec_dhcp_route *r, size_t n,
			    uint32_t router)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		out[len++] = r[i].len;
		memcpy(out + len, &r[i].net, (r[i].len + 7u) / 8);
		len += (r[i].len + 7u) / 8;
		memcpy(out + len, &router, 4);
		len += 4;
	}
	return len;
}

/*
 * How many routes go into each of the `copies` route options within room bytes, and each
 * option within 255: whole routes, in the configured order; the rest is counted.
 */
static size_t routes_that_fit(const struct ipsec_dhcp_answer *a, size_t room, size_t copies)
{
	size_t n, bytes = 0;

	if (!copies)
		return 0;
	for (n = 0; n < a->nroutes; n++) {
		size_t more = route_len(&a->routes[n]);

		if (a->routes[n].len > 32 || bytes + more > 255 || copies * (2 + bytes + more) > room)
			break;
		bytes += more;
	}
	st.routes_left_out += a->nroutes - n;
	return n;
}

static void fixed_header(uint8_t *out, const struct request *r)
{
	uint32_t cookie = htonl(DHCP_COOKIE);

	memset(out, 0, OFF_OPTIONS);
	out[OFF_OP] = BOOTREPLY;
	out[OFF_HTYPE] = r->htype;
	out[OFF_HLEN] = r->hlen;
	memcpy(out + OFF_XID, &r->xid, 4);
	memcpy(out + OFF_FLAGS, &r->flags, 2);
	/* RFC 2131 4.3.5: no yiaddr, no lease time; ciaddr is the client's own */
	memcpy(out + OFF_CIADDR, &r->ciaddr, 4);
	memcpy(out + OFF_CHADDR, r->chaddr, CHADDR_LEN);
	memcpy(out + OFF_COOKIE, &cookie, 4);
}

/*
 * The router of each route is the client's own virtual IP. Windows' IKEv2 interface is
 * point-to-point: it puts the routes of 249 on the interface the answer came through and
 * shows them on-link, its own address as the gateway, as it does for every route it adds
 * to a VPN interface; a gateway elsewhere (the router's outside address) is not on that
 * interface and means nothing there. The client's address is the one router value that is
 * true for the tunnel, and never sends the client's traffic to a third host.
 */
static size_t build_ack(uint8_t *out, size_t cap, const struct request *r, uint32_t local,
			const struct ipsec_dhcp_answer *a)
{
	struct writer w = { out, OFF_OPTIONS, cap };
	uint8_t ack = DHCPACK, routes[255];
	bool dns = asked(r, OPT_DNS) && a->ndns;
	bool ms = !r->listed || asked(r, OPT_MS_CLASSLESS), rfc = asked(r, OPT_CLASSLESS);
	size_t n, rlen, room;

	if (w.cap > r->max_size)
		w.cap = r->max_size;
	fixed_header(out, r);
	put_option(&w, OPT_MSG_TYPE, &ack, 1);
	put_option(&w, OPT_SERVER_ID, &local, 4);
	if (dns)
		put_option(&w, OPT_DNS, a->dns, 4 * a->ndns);
	room = w.cap - w.len - 1;	/* END */
	n = routes_that_fit(a, room, (size_t)ms + rfc);
	rlen = encode_routes(routes, a->routes, n, r->ciaddr);
	if (n && ms)
		put_option(&w, OPT_MS_CLASSLESS, routes, rlen);
	if (n && rfc)
		put_option(&w, OPT_CLASSLESS, routes, rlen);
	out[w.len++] = OPT_END;
	while (w.len < BOOTP_MIN_REPLY && w.len < cap)
		out[w.len++] = OPT_PAD;
	return w.len;
}

/* --- one datagram */

static bool known_client(uint32_t vip);

/* A DHCP server on the router sees these too: they are not ours, and a LAN is full of
 * them (Windows sends DHCPINFORMs on LANs as well), so they are logged only under debug. */
#define stranger_log(src, ...) log_debug_from(src, __VA_ARGS__)

size_t ipsec_dhcp_inform_process(const uint8_t *buf, size_t len, uint32_t src, uint32_t local,
				 uint8_t *out, size_t cap)
{
	static struct ipsec_dhcp_answer a;
	struct request r;
	char from[INET_ADDRSTRLEN];

	if (cap < BOOTP_MIN_REPLY)
		return 0;	/* the callers' buffers are larger */
	inet_ntop(AF_INET, &src, from, sizeof(from));
	if (!parse_request(&r, buf, len)) {
		st.malformed++;
		log_info_from(src, "ipsec: DHCP: a malformed datagram of %zu bytes from %s: dropped",
			      len, from);
		return 0;
	}
	if (r.type != DHCPINFORM) {
		st.not_inform++;
		stranger_log(src, "ipsec: DHCP: message type %d from %s is not ours", r.type, from);
		return 0;
	}
	memset(&a, 0, sizeof(a));
	if (!src || r.ciaddr != src || r.giaddr || !known_client(src) || !lookup ||
	    !lookup(src, &a)) {
		st.strangers++;
		stranger_log(src, "ipsec: DHCP: a DHCPINFORM from %s, no session's: dropped", from);
		return 0;
	}
	if (a.nroutes > IPSEC_DHCP_ROUTES_MAX)
		a.nroutes = IPSEC_DHCP_ROUTES_MAX;
	if (a.ndns > IPSEC_DHCP_DNS_MAX)
		a.ndns = IPSEC_DHCP_DNS_MAX;
	st.answered++;
	return build_ack(out, cap, &r, local, &a);
}

size_t ipsec_dhcp_parse_networks(const char *text, struct ipsec_dhcp_route *out, size_t max)
{
	char buf[1024], *save, *p, *slash, *end;
	struct in_addr a;
	unsigned long len;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", text ? text : "");
	for (p = strtok_r(buf, ",", &save); p && n < max; p = strtok_r(NULL, ",", &save)) {
		slash = strchr(p, '/');
		len = 32;
		if (slash) {
			*slash = '\0';
			len = strtoul(slash + 1, &end, 10);
			if (end == slash + 1 || *end || len > 32)
				continue;
		}
		if (inet_pton(AF_INET, p, &a) != 1)
			continue;
		out[n].len = (uint8_t)len;
		out[n].net = len ? a.s_addr & htonl(~0u << (32 - len)) : 0;
		n++;
	}
	return n;
}

/* --- the sessions' addresses */

/* The first index whose address is not below vip. */
static size_t lower_bound(uint32_t vip)
{
	size_t lo = 0, hi = nclients;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (clients[mid] < vip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool known_client(uint32_t vip)
{
	size_t i = lower_bound(vip);

	return i < nclients && clients[i] == vip;
}

static bool add_client(uint32_t vip)
{
	size_t i;

	if (nclients == clients_cap) {
		size_t n = clients_cap ? clients_cap * 2 : 16;
		uint32_t *c;

		if (n > CLIENTS_MAX || !(c = realloc(clients, n * sizeof(*c))))
			return false;
		clients = c;
		clients_cap = n;
	}
	i = lower_bound(vip);
	memmove(clients + i + 1, clients + i, (nclients - i) * sizeof(*clients));
	clients[i] = vip;
	nclients++;
	return true;
}

static void remove_client(uint32_t vip)
{
	size_t i = lower_bound(vip);

	if (i == nclients || clients[i] != vip)
		return;
	memmove(clients + i, clients + i + 1, (nclients - i - 1) * sizeof(*clients));
	nclients--;
}

/* --- the socket */

/* The address the datagram was for, as the kernel would answer from it (ipi_spec_dst). */
static uint32_t spec_dst(struct msghdr *m)
{
	struct cmsghdr *c;
	struct in_pktinfo pi;

	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level != IPPROTO_IP || c->cmsg_type != IP_PKTINFO ||
		    c->cmsg_len < CMSG_LEN(sizeof(pi)))
			continue;
		memcpy(&pi, CMSG_DATA(c), sizeof(pi));
		return pi.ipi_spec_dst.s_addr;
	}
	return 0;
}

/* Unicast to ciaddr:68 (RFC 2131 4.1), from local: the server identifier we named. */
static void send_ack(int fd, const uint8_t *ack, size_t len, uint32_t to, uint32_t local)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(IPSEC_DHCP_CLIENT_PORT),
				   .sin_addr.s_addr = to };
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ctl = { 0 };
	struct in_pktinfo pi = { .ipi_spec_dst.s_addr = local };
	struct iovec iov = { (void *)ack, len };
	struct msghdr m = { .msg_name = &dst, .msg_namelen = sizeof(dst), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = ctl.buf,
			    .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (sendmsg(fd, &m, MSG_DONTWAIT) < 0) {
		st.send_errors++;
		log_info_from(to, "ipsec: DHCP: the DHCPACK to a road warrior: %s", strerror(errno));
	}
}

/* One datagram: false when none is left. */
static bool receive_one(int fd)
{
	static uint8_t buf[IPSEC_DHCP_MSG_MAX + 1], out[IPSEC_DHCP_MSG_MAX];
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_in from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = ctl.buf,
			    .msg_controllen = sizeof(ctl.buf) };
	ssize_t n = recvmsg(fd, &m, MSG_DONTWAIT);
	size_t len;
	uint32_t local;

	if (n < 0)
		return false;
	if (m.msg_namelen != sizeof(from) || from.sin_port != htons(IPSEC_DHCP_CLIENT_PORT)) {
		st.strangers++;		/* DHCP clients send from 68; relays are not served */
		return true;
	}
	local = spec_dst(&m);
	/* a truncated datagram is over IPSEC_DHCP_MSG_MAX: the parser refuses it */
	len = ipsec_dhcp_inform_process(buf, (size_t)n, from.sin_addr.s_addr, local, out,
					sizeof(out));
	if (len)
		send_ack(fd, out, len, from.sin_addr.s_addr, local);
	return true;
}

static void readable(struct loop_fd *w, uint32_t events)
{
	int burst;

	(void)events;
	for (burst = 0; burst < BURST && receive_one(w->fd); burst++)
		;
}

static void close_socket(void)
{
	if (sock.fd < 0)
		return;
	loop_del(&sock);
	close(sock.fd);
	sock.fd = -1;
	log_info("ipsec: DHCPINFORM responder closed: no road warriors");
}

static int open_socket(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(listen_port),
				  .sin_addr.s_addr = htonl(INADDR_BROADCAST) };
	int one = 1, ret;

	sock.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	sock.events = EPOLLIN;
	sock.cb = readable;
	/* no SO_BROADCAST: receiving broadcasts needs none, and every answer is unicast */
	if (sock.fd < 0 || setsockopt(sock.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(sock.fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    bind(sock.fd, (struct sockaddr *)&sa, sizeof(sa)))
		ret = -errno;
	else
		ret = loop_add(&sock);
	if (ret && sock.fd >= 0) {
		close(sock.fd);
		sock.fd = -1;
	}
	return ret;
}

/* Open while there are clients; a failure is told once until an open succeeds. */
static void want_socket(void)
{
	int ret;

	if (!nclients) {
		close_socket();
		return;
	}
	if (sock.fd >= 0)
		return;
	ret = open_socket();
	if (!ret) {
		open_failure_told = false;
		log_info("ipsec: DHCPINFORM responder on 255.255.255.255 UDP %u", listen_port);
		return;
	}
	st.open_errors++;
	if (!open_failure_told)
		log_warn("ipsec: no DHCPINFORM responder for Windows road warriors (UDP %u: %s): "
			 "they get no split-include routes", listen_port, strerror(-ret));
	open_failure_told = true;
}

void ipsec_dhcp_inform_client(uint32_t vip, bool up)
{
	if (!vip)
		return;
	if (!up)
		remove_client(vip);
	else if (!add_client(vip))
		log_warn("ipsec: DHCP: no room to remember road warrior addresses");
	want_socket();
}

void ipsec_dhcp_inform_set_port(uint16_t port)
{
	listen_port = port;
}

bool ipsec_dhcp_inform_open(void)
{
	return sock.fd >= 0;
}

void ipsec_dhcp_inform_done(void)
{
	nclients = 0;
	close_socket();
	free(clients);
	clients = NULL;
	clients_cap = 0;
	open_failure_told = false;
}
