// SPDX-License-Identifier: GPL-2.0
/*
 * sluicectl: sessions straight over the sluice netlink API, without sluiced. For testing and
 * benchmarking the data path and for looking inside a running router.
 *
 *   sluicectl module
 *   sluicectl add local ADDR peer ADDR local-call N peer-call N [name IF] [mtu N] [mru N]
 *                 [acfc] [pfc] [mppe 40|56|128 [stateless] send-key HEX32 recv-key HEX32]
 *                 [count N]          N sessions; call ids and the name's number count up
 *   sluicectl add-l2tp [local ADDR] [port N] peer ADDR peer-port N tunnel N session N
 *                 peer-tunnel N peer-session N [seq] [len] [name IF] [mtu N] [mru N] [acfc]
 *                 [pfc] [mppe ...] [count N [tunnel-each]]
 *                                    binds a UDP socket (port 1701 by default), makes the
 *                                    sessions on it, prints "ready" and holds the socket
 *                                    until SIGINT/SIGTERM: closing it deletes the sessions.
 *                                    count N: session ids count up (tunnel-each: tunnel ids)
 *   sluicectl add-pppoe dev IF peer-mac MAC session N [name IF] [mtu N] [mru N] [acfc] [pfc]
 *                 [mppe ...] [count N]
 *                                    a PPPoE session on Ethernet device IF (RFC 2516's
 *                                    session stage, no Discovery); count N: ids count up
 *   sluicectl set IF [mtu N] [mru N] [acfc] [pfc] [mppe ...]
 *   sluicectl del IF... | all        IFs: one request, all deleted or none (a missing
 *                                    one); all: every session, in batches of 1024
 *   sluicectl show [IF]              one session, or every session in this namespace
 *   sluicectl -j show [IF]           the same as JSON for scripts and tests: one object, or
 *                                    an array of every session's
 *   sluicectl -j module              the module's report as one JSON object
 *   sluicectl send IF PROTO HEX      a PPP control frame, e.g. send sl0 c021 0901000c...
 *   sluicectl monitor [SECONDS]      print the control frames sessions receive
 *
 * Exit status: 0 success, 1 the kernel refused, 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "rate_limit.h"
#include "sluice_nl.h"
#include "strbuf.h"

static struct genl_sock nl;
static int json;		/* -j: show and module print JSON */

static void usage(void)
{
	fprintf(stderr,
		"usage: sluicectl [-j|--json] module\n"
		"       sluicectl add local ADDR peer ADDR local-call N peer-call N [name IF] [mtu N]\n"
		"                     [mru N] [acfc] [pfc] [mppe 40|56|128 [stateless]\n"
		"                     send-key HEX32 recv-key HEX32] [count N]\n"
		"       sluicectl add-l2tp [local ADDR] [port N] peer ADDR peer-port N tunnel N\n"
		"                     session N peer-tunnel N peer-session N [seq] [len] [name IF]\n"
		"                     [mtu N] [mru N] [acfc] [pfc] [mppe ...] [count N [tunnel-each]]\n"
		"       sluicectl add-pppoe dev IF peer-mac MAC session N [name IF] [mtu N]\n"
		"                     [mru N] [acfc] [pfc] [mppe ...] [count N]\n"
		"       sluicectl set IF [mtu N] [mru N] [acfc] [pfc] [mppe ...]\n"
		"       sluicectl limit IF|all RATE-LIMIT   (RouterOS's text, e.g. \"2M/1M 4M\"; \"\": none)\n"
		"       sluicectl del IF...|all\n"
		"       sluicectl [-j|--json] show [IF]\n"
		"       sluicectl send IF PROTO HEX\n"
		"       sluicectl monitor [SECONDS]\n");
	exit(2);
}

static void die_usage(const char *what, const char *word)
{
	fprintf(stderr, "sluicectl: %s: '%s'\n", what, word ? word : "(missing)");
	usage();
}

static int kernel_error(const char *what, int err)
{
	fprintf(stderr, "sluicectl: %s: %s\n", what, strerror(-err));
	return 1;
}

static unsigned long number(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	if (!s)
		die_usage("a number is missing", s);
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		die_usage("not a number in range", s);
	return v;
}

static uint32_t address(const char *s)
{
	struct in_addr a;

	if (!s || inet_pton(AF_INET, s, &a) != 1)
		die_usage("not an IPv4 address", s);
	return a.s_addr;
}

static size_t hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned int byte;

	if (!s)
		die_usage("hex bytes are missing", s);
	for (; s[0] && s[1]; s += 2) {
		if (n == max || sscanf(s, "%2x", &byte) != 1)
			die_usage("bad hex", s);
		out[n++] = (uint8_t)byte;
	}
	if (*s)
		die_usage("odd number of hex digits", s);
	return n;
}

static int tunnel_each;

/* L2TP's words; 1 if k was one (and *i moved past its value). */
static int l2tp_option(const char *k, const char *v, int *i, struct sluice_session_params *p)
{
	uint16_t *id = !strcmp(k, "tunnel") ? &p->local_tunnel_id :
		       !strcmp(k, "session") ? &p->local_session_id :
		       !strcmp(k, "peer-tunnel") ? &p->peer_tunnel_id :
		       !strcmp(k, "peer-session") ? &p->peer_session_id :
		       !strcmp(k, "peer-port") ? &p->peer_port :
		       !strcmp(k, "port") ? &p->local_port : NULL;

	if (id) {
		*id = (uint16_t)number(v, 65535);
		(*i)++;
	} else if (!strcmp(k, "seq")) {
		p->l2tp_flags |= SLUICE_L2TP_F_TX_SEQ;
	} else if (!strcmp(k, "len")) {
		p->l2tp_flags |= SLUICE_L2TP_F_TX_LEN;
	} else if (!strcmp(k, "tunnel-each")) {
		tunnel_each = 1;
	} else {
		return 0;
	}
	return 1;
}

/* PPPoE's words; 1 if k was one (and *i moved past its value). */
static int pppoe_option(const char *k, const char *v, int *i, struct sluice_session_params *p)
{
	unsigned int m[6];
	char end;

	if (!strcmp(k, "dev")) {
		p->pppoe_ifindex = v ? if_nametoindex(v) : 0;
		if (!p->pppoe_ifindex)
			die_usage("no such device", v);
	} else if (!strcmp(k, "peer-mac")) {
		if (!v || sscanf(v, "%x:%x:%x:%x:%x:%x%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5],
				 &end) != 6)
			die_usage("a MAC address is six hex bytes with colons", v);
		for (int j = 0; j < 6; j++) {
			if (m[j] > 255)
				die_usage("a MAC address is six hex bytes with colons", v);
			p->pppoe_peer_mac[j] = (uint8_t)m[j];
		}
	} else if (!strcmp(k, "session")) {
		p->pppoe_session_id = (uint16_t)number(v, 0xfffe);
	} else {
		return 0;
	}
	(*i)++;
	return 1;
}

/* Options shared by add and set; returns the index after the last one understood. */
static int parse_options(int argc, char **argv, int i, struct sluice_session_params *p,
			 unsigned long *count)
{
	for (; i < argc; i++) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (p->encap == SLUICE_NL_ENCAP_L2TP && l2tp_option(k, v, &i, p))
			continue;
		if (p->encap == SLUICE_NL_ENCAP_PPPOE && pppoe_option(k, v, &i, p))
			continue;
		if (!strcmp(k, "local")) { p->local_addr = address(v); i++; }
		else if (!strcmp(k, "peer")) { p->peer_addr = address(v); i++; }
		else if (!strcmp(k, "local-call")) { p->local_call_id = number(v, 65535); i++; }
		else if (!strcmp(k, "peer-call")) { p->peer_call_id = number(v, 65535); i++; }
		else if (!strcmp(k, "name")) { snprintf(p->ifname, sizeof(p->ifname), "%s", v ? v : ""); i++; }
		else if (!strcmp(k, "mtu")) { p->mtu = number(v, 65535); i++; }
		else if (!strcmp(k, "mru")) { p->mru = number(v, 65535); i++; }
		else if (!strcmp(k, "acfc")) p->ppp_flags |= SLUICE_PPP_F_TX_ACFC;
		else if (!strcmp(k, "pfc")) p->ppp_flags |= SLUICE_PPP_F_TX_PFC;
		else if (!strcmp(k, "mppe")) { p->mppe_bits = number(v, 128); i++; }
		else if (!strcmp(k, "stateless")) p->mppe_flags |= SLUICE_MPPE_F_STATELESS;
		else if (!strcmp(k, "send-key")) {
			if (hex(v, p->send_key, sizeof(p->send_key)) != sizeof(p->send_key))
				die_usage("a key is 32 hex digits", v);
			i++;
		} else if (!strcmp(k, "recv-key")) {
			if (hex(v, p->recv_key, sizeof(p->recv_key)) != sizeof(p->recv_key))
				die_usage("a key is 32 hex digits", v);
			i++;
		} else if (!strcmp(k, "count") && count) { *count = number(v, 1000000); i++; }
		else
			die_usage("unknown word", k);
	}
	return i;
}

/* With count > 1, the name is a prefix and the sessions are PREFIX0, PREFIX1, ... */
static void nth_name(const struct sluice_session_params *base, unsigned long count,
		     unsigned long i, char *out)
{
	char num[12];
	size_t keep;

	if (!base->ifname[0] || count == 1) {
		memcpy(out, base->ifname, IFNAMSIZ);
		return;
	}
	snprintf(num, sizeof(num), "%lu", i % 10000000);
	keep = strlen(base->ifname);
	if (keep > IFNAMSIZ - 1 - strlen(num))
		keep = IFNAMSIZ - 1 - strlen(num);
	memcpy(out, base->ifname, keep);
	memcpy(out + keep, num, strlen(num) + 1);
}

static int cmd_add(int argc, char **argv)
{
	struct sluice_session_params base = { 0 }, p;
	unsigned long count = 1, i;
	struct timespec t0, t1;
	int err;

	parse_options(argc, argv, 2, &base, &count);
	if (!base.local_addr || !base.peer_addr || !base.local_call_id || !base.peer_call_id)
		die_usage("add needs local, peer, local-call and peer-call", NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		p = base;
		p.local_call_id = (uint16_t)(base.local_call_id + i);
		p.peer_call_id = (uint16_t)(base.peer_call_id + i);
		nth_name(&base, count, i, p.ifname);
		err = sluice_nl_session_new(&nl, &p);
		if (err)
			return kernel_error("add", err);
		if (count == 1)
			printf("%s\n", p.ifname);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (count > 1)
		printf("added %lu sessions in %.3f s\n", count,
		       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

static int cmd_add_pppoe(int argc, char **argv)
{
	struct sluice_session_params base = { .encap = SLUICE_NL_ENCAP_PPPOE }, p;
	unsigned long count = 1, i;
	int err;

	parse_options(argc, argv, 2, &base, &count);
	if (!base.pppoe_ifindex || !base.pppoe_session_id)
		die_usage("add-pppoe needs dev, peer-mac and session", NULL);
	if (base.pppoe_session_id + count - 1 > 0xfffe)
		die_usage("session ids go up to 0xfffe", NULL);
	for (i = 0; i < count; i++) {
		p = base;
		p.pppoe_session_id = (uint16_t)(base.pppoe_session_id + i);
		nth_name(&base, count, i, p.ifname);
		err = sluice_nl_session_new(&nl, &p);
		if (err)
			return kernel_error("add-pppoe", err);
		if (count == 1)
			printf("%s\n", p.ifname);
	}
	if (count > 1)
		printf("added %lu sessions\n", count);
	return 0;
}

static int l2tp_socket(const struct sluice_session_params *p)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = p->local_addr,
				   .sin_port = htons(p->local_port ? p->local_port : 1701) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		fprintf(stderr, "sluicectl: the L2TP socket: %s\n", strerror(errno));
		exit(1);
	}
	return fd;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * The kernel deletes an L2TP socket's sessions when the socket closes, so the sessions live
 * as long as this process: it holds the socket until a signal, printing control messages
 * (anything that is not a known session's data) it receives meanwhile as "control N bytes".
 */
static int cmd_add_l2tp(int argc, char **argv)
{
	struct sluice_session_params base = { .encap = SLUICE_NL_ENCAP_L2TP }, p;
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned long count = 1, i;
	struct timespec t0, t1;
	uint8_t buf[2048];
	int err;

	parse_options(argc, argv, 2, &base, &count);
	if (!base.peer_addr || !base.peer_port || !base.local_tunnel_id ||
	    !base.local_session_id || !base.peer_tunnel_id || !base.peer_session_id)
		die_usage("add-l2tp needs peer, peer-port and the four ids", NULL);
	base.l2tp_fd = l2tp_socket(&base);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		p = base;
		if (tunnel_each) {
			p.local_tunnel_id = (uint16_t)(base.local_tunnel_id + i);
			p.peer_tunnel_id = (uint16_t)(base.peer_tunnel_id + i);
		} else {
			p.local_session_id = (uint16_t)(base.local_session_id + i);
			p.peer_session_id = (uint16_t)(base.peer_session_id + i);
		}
		nth_name(&base, count, i, p.ifname);
		err = sluice_nl_session_new(&nl, &p);
		if (err)
			return kernel_error("add-l2tp", err);
		if (count == 1)
			printf("%s\n", p.ifname);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (count > 1)
		printf("added %lu sessions in %.3f s\n", count,
		       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("ready\n");
	fflush(stdout);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop) {
		ssize_t n = recv(base.l2tp_fd, buf, sizeof(buf), 0);

		if (n >= 0) {
			printf("control %zd bytes\n", n);
			fflush(stdout);
		} else if (errno != EINTR) {
			return kernel_error("recv", -errno);
		}
	}
	close(base.l2tp_fd);
	return 0;
}

static int cmd_set(int argc, char **argv)
{
	struct sluice_session_params p = { 0 };
	int err;

	if (argc < 3)
		usage();
	snprintf(p.ifname, sizeof(p.ifname), "%s", argv[2]);
	parse_options(argc, argv, 3, &p, NULL);
	err = sluice_nl_session_set(&nl, &p);
	return err ? kernel_error("set", err) : 0;
}


/* limit IF|all TEXT: the session's (or every session's) rate limits, as sluiced sets them */
static int cmd_limit(int argc, char **argv)
{
	struct sluice_nl_limits l = { 0 };
	struct sluice_session_info s;
	struct rate_limit rl;
	const char *why;
	uint32_t *ids = NULL, one;
	size_t n = 1, i;
	int err;

	if (argc != 4)
		usage();
	if (rate_limit_parse(argv[3], &rl, &why))
		die_usage(why, argv[3]);
	sluice_nl_limits_of(&l, &rl);
	if (!strcmp(argv[2], "all")) {
		err = sluice_nl_session_ids(&nl, &ids, &n);
	} else {
		err = sluice_nl_session_get(&nl, 0, argv[2], &s);
		one = s.p.id;
		ids = &one;
	}
	for (i = 0; !err && i < n; i++)
		err = sluice_nl_session_limit(&nl, ids[i], &l);
	if (ids != &one)
		free(ids);
	return err ? kernel_error("limit", err) : 0;
}

/* del IF...: one request, all or none; del all: every session, in batches */
static int cmd_del(int argc, char **argv)
{
	struct sluice_nl_del_stats st;
	uint32_t *all;
	size_t n;
	int err;

	if (argc < 3)
		usage();
	if (strcmp(argv[2], "all")) {
		if ((size_t)argc - 2 > SLUICE_NL_DEL_BATCH)
			die_usage("del: more sessions than one request takes", argv[argc - 1]);
		err = sluice_nl_session_del_batch(&nl, (size_t)argc - 2, NULL,
						  (const char *const *)argv + 2);
		return err ? kernel_error("del", err) : 0;
	}
	if (argc != 3)
		usage();
	err = sluice_nl_session_ids(&nl, &all, &n);
	if (err)
		return kernel_error("del all", err);
	sluice_nl_session_del_many(&nl, all, n, &st);
	free(all);
	printf("deleted %zu sessions in %zu %s\n", st.removed, st.requests,
	       st.requests == 1 ? "request" : "requests");
	if (st.removed + st.gone < n)
		fprintf(stderr, "sluicectl: del all: %zu sessions could not be deleted\n",
			n - st.removed - st.gone);
	return st.removed + st.gone < n;
}

static void print_drops(const char *indent, const uint64_t *drops)
{
	const char *sep = "";
	unsigned int i;
	int any = 0;

	for (i = 1; i < __SLUICE_DROP_MAX; i++) {
		if (!drops[i])
			continue;
		if (!any)
			printf("%sdrops: ", indent);
		printf("%s%s %llu", sep, sluice_drop_name(i), (unsigned long long)drops[i]);
		sep = ", ";
		any = 1;
	}
	if (any)
		printf("\n");
}

static void print_limit(const char *what, const struct sluice_nl_limit *l)
{
	char a[24], b[24], c[24];

	if (!l->rate)
		return;
	printf("%s: %s", what, rate_text(l->rate, a, sizeof(a)));
	if (l->burst_rate)
		printf(" burst %s threshold %s time %u ms", rate_text(l->burst_rate, b, sizeof(b)),
		       rate_text(l->burst_threshold, c, sizeof(c)), l->burst_time_ms);
	printf("\n");
}

static void print_session(const struct sluice_session_info *s, void *data)
{
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];
	const struct sluice_session_params *p = &s->p;
	const struct sluice_session_stats *st = &s->st;

	(void)data;
	inet_ntop(AF_INET, &p->local_addr, local, sizeof(local));
	inet_ntop(AF_INET, &p->peer_addr, peer, sizeof(peer));
	printf("session: %s\n", p->pending ? "(pending)" : p->ifname);
	printf("  id: %u\n  ifindex: %u\n  mtu: %u\n", p->id, p->ifindex, p->mtu);
	if (p->encap == SLUICE_NL_ENCAP_PPPOE)
		printf("  pppoe: ifindex %u peer %02x:%02x:%02x:%02x:%02x:%02x session %u\n",
		       p->pppoe_ifindex, p->pppoe_peer_mac[0], p->pppoe_peer_mac[1],
		       p->pppoe_peer_mac[2], p->pppoe_peer_mac[3], p->pppoe_peer_mac[4],
		       p->pppoe_peer_mac[5], p->pppoe_session_id);
	else if (p->encap == SLUICE_NL_ENCAP_L2TP)
		printf("  l2tp: %s:%u tunnel %u session %u <-> %s:%u tunnel %u session %u%s%s"
		       "%s%.0u\n", local, p->local_port, p->local_tunnel_id, p->local_session_id,
		       peer, p->peer_port, p->peer_tunnel_id, p->peer_session_id,
		       p->l2tp_flags & SLUICE_L2TP_F_TX_SEQ ? " seq" : "",
		       p->l2tp_flags & SLUICE_L2TP_F_TX_LEN ? " len" : "",
		       p->l2tp_mark ? " ipsec-mark " : "", p->l2tp_mark);
	else
		printf("  pptp: %s call %u <-> %s call %u\n", local, p->local_call_id, peer,
		       p->peer_call_id);
	printf("  ppp:%s%s%s", p->ppp_flags & SLUICE_PPP_F_TX_ACFC ? " acfc" : "",
	       p->ppp_flags & SLUICE_PPP_F_TX_PFC ? " pfc" : "", p->ppp_flags ? "" : " -");
	if (p->mru)
		printf(" mru %u", p->mru);
	printf("\n");
	if (p->mppe_bits)
		printf("  mppe: %u-bit %s\n", p->mppe_bits,
		       p->mppe_flags & SLUICE_MPPE_F_STATELESS ? "stateless" : "stateful");
	printf("  rx: %llu packets, %llu bytes, %llu control\n",
	       (unsigned long long)st->rx_packets, (unsigned long long)st->rx_bytes,
	       (unsigned long long)st->rx_ctrl);
	printf("  tx: %llu packets, %llu bytes, %llu control\n",
	       (unsigned long long)st->tx_packets, (unsigned long long)st->tx_bytes,
	       (unsigned long long)st->tx_ctrl);
	print_limit("  rate rx", &p->limits.rx);
	print_limit("  rate tx", &p->limits.tx);
	printf("  last rx: %llu ms ago%s\n", (unsigned long long)st->last_rx_ms,
	       st->gro ? ", receives through GRO" : "");
	print_drops("  ", st->drops);
	printf("\n");
}

/* The drop counters that are not zero, as "drops":{"name":N,...} */
static void json_drops(struct strbuf *sb, const uint64_t *drops)
{
	const char *sep = "";
	unsigned int i;

	sb_puts(sb, "\"drops\":{");
	for (i = 1; i < __SLUICE_DROP_MAX; i++) {
		if (!drops[i])
			continue;
		sb_puts(sb, sep);
		sb_json_str(sb, sluice_drop_name(i));
		sb_printf(sb, ":%llu", (unsigned long long)drops[i]);
		sep = ",";
	}
	sb_puts(sb, "}");
}

static void json_encap(struct strbuf *sb, const struct sluice_session_params *p)
{
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &p->local_addr, local, sizeof(local));
	inet_ntop(AF_INET, &p->peer_addr, peer, sizeof(peer));
	sb_printf(sb, "\"local\":\"%s\",\"peer\":\"%s\",", local, peer);
	if (p->encap == SLUICE_NL_ENCAP_PPPOE)
		sb_printf(sb, "\"encap\":\"pppoe\",\"ifindex_lower\":%u,"
			  "\"peer_mac\":\"%02x:%02x:%02x:%02x:%02x:%02x\",\"session_id\":%u,",
			  p->pppoe_ifindex, p->pppoe_peer_mac[0], p->pppoe_peer_mac[1],
			  p->pppoe_peer_mac[2], p->pppoe_peer_mac[3], p->pppoe_peer_mac[4],
			  p->pppoe_peer_mac[5], p->pppoe_session_id);
	else if (p->encap == SLUICE_NL_ENCAP_L2TP)
		sb_printf(sb, "\"encap\":\"l2tp\",\"local_port\":%u,\"peer_port\":%u,"
			  "\"local_tunnel\":%u,\"local_session\":%u,\"peer_tunnel\":%u,"
			  "\"peer_session\":%u,\"seq\":%s,\"len\":%s,\"mark\":%u,",
			  p->local_port, p->peer_port, p->local_tunnel_id, p->local_session_id,
			  p->peer_tunnel_id, p->peer_session_id,
			  p->l2tp_flags & SLUICE_L2TP_F_TX_SEQ ? "true" : "false",
			  p->l2tp_flags & SLUICE_L2TP_F_TX_LEN ? "true" : "false", p->l2tp_mark);
	else
		sb_printf(sb, "\"encap\":\"pptp\",\"local_call\":%u,\"peer_call\":%u,",
			  p->local_call_id, p->peer_call_id);
}

/*
 * One session as a JSON object: what show prints, with the same names made into keys
 * (mppe_bits 0: no MPPE; mru 0: unset; drops only the reasons counted).
 */
static void json_session(struct strbuf *sb, const struct sluice_session_info *s)
{
	const struct sluice_session_params *p = &s->p;
	const struct sluice_session_stats *st = &s->st;

	sb_puts(sb, "{\"name\":");
	sb_json_str(sb, p->ifname);
	sb_printf(sb, ",\"id\":%u,\"pending\":%s,\"ifindex\":%u,\"mtu\":%u,", p->id,
		  p->pending ? "true" : "false", p->ifindex, p->mtu);
	json_encap(sb, p);
	sb_printf(sb, "\"acfc\":%s,\"pfc\":%s,\"mru\":%u,\"mppe_bits\":%u,\"mppe_stateless\":%s,",
		  p->ppp_flags & SLUICE_PPP_F_TX_ACFC ? "true" : "false",
		  p->ppp_flags & SLUICE_PPP_F_TX_PFC ? "true" : "false", p->mru, p->mppe_bits,
		  p->mppe_flags & SLUICE_MPPE_F_STATELESS ? "true" : "false");
	sb_printf(sb, "\"rx_packets\":%llu,\"rx_bytes\":%llu,\"rx_control\":%llu,"
		  "\"tx_packets\":%llu,\"tx_bytes\":%llu,\"tx_control\":%llu,"
		  "\"last_rx_ms\":%llu,\"gro\":%s,",
		  (unsigned long long)st->rx_packets, (unsigned long long)st->rx_bytes,
		  (unsigned long long)st->rx_ctrl, (unsigned long long)st->tx_packets,
		  (unsigned long long)st->tx_bytes, (unsigned long long)st->tx_ctrl,
		  (unsigned long long)st->last_rx_ms, st->gro ? "true" : "false");
	sb_printf(sb, "\"rate_rx\":%llu,\"rate_tx\":%llu,\"burst_rx\":%llu,\"burst_tx\":%llu,",
		  (unsigned long long)p->limits.rx.rate, (unsigned long long)p->limits.tx.rate,
		  (unsigned long long)p->limits.rx.burst_rate,
		  (unsigned long long)p->limits.tx.burst_rate);
	json_drops(sb, st->drops);
	sb_puts(sb, "}");
}

/* show -j of every session: a JSON array, one session a line */
struct json_list {
	struct strbuf sb;
	size_t n;
};

static void list_session(const struct sluice_session_info *s, void *data)
{
	struct json_list *l = data;

	sb_reset(&l->sb);
	sb_puts(&l->sb, l->n++ ? ",\n" : "");
	json_session(&l->sb, s);
	fputs(l->sb.p, stdout);
}

static int show_all(void)
{
	struct json_list l = { .n = 0 };
	int err;

	if (!json)
		return sluice_nl_session_dump(&nl, print_session, NULL);
	sb_init(&l.sb);
	printf("[");
	err = sluice_nl_session_dump(&nl, list_session, &l);
	printf("]\n");
	sb_free(&l.sb);
	return err;
}

static int cmd_show(int argc, char **argv)
{
	struct sluice_session_info s;
	struct strbuf sb;
	int err;

	if (argc == 2) {
		err = show_all();
		return err ? kernel_error("show", err) : 0;
	}
	err = sluice_nl_session_get(&nl, 0, argv[2], &s);
	if (err)
		return kernel_error(argv[2], err);
	if (!json) {
		print_session(&s, NULL);
		return 0;
	}
	sb_init(&sb);
	json_session(&sb, &s);
	printf("%s\n", sb.p);
	sb_free(&sb);
	return 0;
}

static int cmd_module(void)
{
	struct sluice_module_info m;
	struct strbuf sb;
	int err = sluice_nl_get_module(&nl, &m);

	if (err)
		return kernel_error("module", err);
	if (!json) {
		printf("module: sluice %s\n  api: %u\n  sessions: %u (pending %u)\n", m.version,
		       m.api, m.sessions, m.pending);
		print_drops("  ", m.drops);
		return 0;
	}
	sb_init(&sb);
	sb_puts(&sb, "{\"version\":");
	sb_json_str(&sb, m.version);
	sb_printf(&sb, ",\"api\":%u,\"sessions\":%u,\"pending\":%u,", m.api, m.sessions,
		  m.pending);
	json_drops(&sb, m.drops);
	printf("%s}\n", sb.p);
	sb_free(&sb);
	return 0;
}

static int cmd_send(int argc, char **argv)
{
	struct sluice_session_info s;
	uint8_t frame[2048];
	unsigned long proto;
	size_t n;
	int err;

	if (argc != 5)
		usage();
	proto = number(argv[3][0] == '0' && argv[3][1] == 'x' ? argv[3] : NULL, 0xffff);
	frame[0] = (uint8_t)(proto >> 8);
	frame[1] = (uint8_t)proto;
	n = hex(argv[4], frame + 2, sizeof(frame) - 2);
	err = sluice_nl_session_get(&nl, 0, argv[2], &s);
	if (!err)
		err = sluice_nl_ctrl_send(&nl, s.p.id, frame, n + 2);
	return err ? kernel_error("send", err) : 0;
}

static void print_frame(uint32_t id, uint32_t ifindex, const uint8_t *frame, size_t len,
			void *data)
{
	char name[IF_NAMESIZE + 16] = "?";
	size_t i;

	(void)data;
	if (!ifindex)	/* a pending session: no interface yet */
		snprintf(name, sizeof(name), "session-%u", id);
	else
		if_indextoname(ifindex, name);
	printf("%s:", name);
	for (i = 0; i < len; i++)
		printf("%s%02x", i == 2 ? " " : "", frame[i]);
	printf("\n");
	fflush(stdout);
}

static int cmd_monitor(int argc, char **argv)
{
	long seconds = argc > 2 ? (long)number(argv[2], 86400) : -1;
	struct pollfd pfd;
	time_t end = time(NULL) + seconds;
	int err = sluice_nl_ctrl_subscribe(&nl);

	if (err)
		return kernel_error("monitor", err);
	pfd.fd = mnl_socket_get_fd(nl.nl);
	pfd.events = POLLIN;
	while (seconds < 0 || time(NULL) < end) {
		if (poll(&pfd, 1, 200) > 0) {
			err = sluice_nl_ctrl_recv(&nl, print_frame, NULL);
			if (err && err != -ENOBUFS)
				return kernel_error("monitor", err);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int err;

	if (argc > 1 && (!strcmp(argv[1], "-j") || !strcmp(argv[1], "--json"))) {
		json = 1;
		argc--;
		argv++;
	}
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		usage();
	err = sluice_nl_open(&nl);
	if (err)
		return kernel_error("the sluice module", err);
	if (!strcmp(argv[1], "module"))
		return cmd_module();
	if (!strcmp(argv[1], "add"))
		return cmd_add(argc, argv);
	if (!strcmp(argv[1], "add-l2tp"))
		return cmd_add_l2tp(argc, argv);
	if (!strcmp(argv[1], "add-pppoe"))
		return cmd_add_pppoe(argc, argv);
	if (!strcmp(argv[1], "set"))
		return cmd_set(argc, argv);
	if (!strcmp(argv[1], "del"))
		return cmd_del(argc, argv);
	if (!strcmp(argv[1], "limit"))
		return cmd_limit(argc, argv);
	if (!strcmp(argv[1], "show"))
		return cmd_show(argc, argv);
	if (!strcmp(argv[1], "send"))
		return cmd_send(argc, argv);
	if (!strcmp(argv[1], "monitor"))
		return cmd_monitor(argc, argv);
	die_usage("unknown command", argv[1]);
	return 2;
}
