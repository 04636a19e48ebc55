// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's installed SAs and XFRM statistics (see xfrm.h): a strict parser of
 * XFRM_MSG_GETSA dumps, the dump and flush themselves on a NETLINK_XFRM socket opened for
 * the request (they are rare and the kernel answers at once: nothing stalls the loop), and
 * the /proc statistics' line parser.
 */
#define LOG_TOPIC LOG_T_IPSEC
#include <ctype.h>
#include <errno.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/ipsec.h>
#include "core/log.h"
#include "ipsec/xfrm.h"

/* --- one SA message */

static int refuse(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, cap, fmt, ap);
	va_end(ap);
	return -1;
}

/* An algorithm's name: NUL-terminated inside its field and printable. */
static bool alg_name_ok(const char *name)
{
	size_t i;

	for (i = 0; i < XFRM_ALG_NAME_SIZE && name[i]; i++)
		if (!isprint((unsigned char)name[i]))
			return false;
	return i < XFRM_ALG_NAME_SIZE;
}

/*
 * The struct xfrm_algo* an attribute holds: head bytes of header (name, key length, and
 * for the _auth and _aead forms one more u32), then the key, which must fit too.
 */
static int take_alg(const struct nlattr *a, size_t head, char *name, uint32_t *bits)
{
	const struct xfrm_algo *alg = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);

	if (len < head || !alg_name_ok(alg->alg_name) ||
	    ((uint64_t)alg->alg_key_len + 7) / 8 > len - head)
		return -1;
	memcpy(name, alg->alg_name, XFRM_ALG_NAME_SIZE);
	*bits = alg->alg_key_len;
	return 0;
}

static int take_encap(const struct nlattr *a, struct xfrm_sa *sa)
{
	struct xfrm_encap_tmpl e;

	if (mnl_attr_get_payload_len(a) < sizeof(e))
		return -1;
	memcpy(&e, mnl_attr_get_payload(a), sizeof(e));
	sa->encap_type = e.encap_type;
	sa->encap_sport = ntohs(e.encap_sport);
	sa->encap_dport = ntohs(e.encap_dport);
	return 0;
}

static int take_esn(const struct nlattr *a, struct xfrm_sa *sa)
{
	struct xfrm_replay_state_esn esn;
	size_t len = mnl_attr_get_payload_len(a);

	if (len < sizeof(esn))
		return -1;
	memcpy(&esn, mnl_attr_get_payload(a), sizeof(esn));
	if (esn.bmp_len > (len - sizeof(esn)) / sizeof(uint32_t))
		return -1;
	sa->replay_window = esn.replay_window;
	return 0;
}

/* An attribute that holds exactly one structure of size sz (or at least sz: min). */
static bool sized(const struct nlattr *a, size_t sz, bool min)
{
	size_t len = mnl_attr_get_payload_len(a);

	return min ? len >= sz : len == sz;
}

/* One attribute we read; 0, or -1 when its length does not match what it must carry. */
static int take_sa_attr(const struct nlattr *a, void *into)
{
	struct xfrm_sa *sa = into;

	switch (mnl_attr_get_type(a)) {
	case XFRMA_ALG_AUTH:	/* the kernel sends AUTH_TRUNC beside it, the same algorithm */
		return take_alg(a, sizeof(struct xfrm_algo), sa->auth, &sa->auth_key_bits);
	case XFRMA_ALG_AUTH_TRUNC:
		return take_alg(a, sizeof(struct xfrm_algo_auth), sa->auth, &sa->auth_key_bits);
	case XFRMA_ALG_CRYPT:
		return take_alg(a, sizeof(struct xfrm_algo), sa->enc, &sa->enc_key_bits);
	case XFRMA_ALG_AEAD:
		sa->aead = true;
		return take_alg(a, sizeof(struct xfrm_algo_aead), sa->enc, &sa->enc_key_bits);
	case XFRMA_ALG_COMP:
		return sized(a, sizeof(struct xfrm_algo), true) ? 0 : -1;
	case XFRMA_ENCAP:
		return take_encap(a, sa);
	case XFRMA_REPLAY_ESN_VAL:
		return take_esn(a, sa);
	case XFRMA_REPLAY_VAL:
		return sized(a, sizeof(struct xfrm_replay_state), false) ? 0 : -1;
	case XFRMA_LTIME_VAL:	/* fresher than the header's copy when present */
		if (!sized(a, sizeof(sa->cur), false))
			return -1;
		memcpy(&sa->cur, mnl_attr_get_payload(a), sizeof(sa->cur));
		return 0;
	case XFRMA_OFFLOAD_DEV:
		sa->hw_offload = true;
		return sized(a, sizeof(struct xfrm_user_offload), true) ? 0 : -1;
	case XFRMA_LASTUSED:
		return sized(a, sizeof(uint64_t), false) ? 0 : -1;
	case XFRMA_MARK:
		if (!sized(a, sizeof(sa->mark), false))
			return -1;
		memcpy(&sa->mark, mnl_attr_get_payload(a), sizeof(sa->mark));
		return 0;
	default:
		return 0;	/* newer kernels add attributes: bounds-checked, skipped */
	}
}

static void take_info(const struct nlmsghdr *nlh, struct xfrm_sa *sa)
{
	struct xfrm_usersa_info info, *p = &info;

	/* netlink aligns to 4 bytes, the struct's u64 counters want 8: copied out */
	memcpy(&info, mnl_nlmsg_get_payload(nlh), sizeof(info));
	sa->family = p->family;
	sa->proto = p->id.proto;
	sa->mode = p->mode;
	sa->spi = ntohl(p->id.spi);
	sa->reqid = p->reqid;
	sa->dst = p->id.daddr;
	sa->src = p->saddr;
	sa->replay_window = p->replay_window;
	sa->lft = p->lft;
	sa->cur = p->curlft;
}

/*
 * Walks the attributes after the header; every one must lie inside the message (the last
 * one's alignment padding may be missing) and appear once.
 */
static int take_attrs(const struct nlmsghdr *nlh, size_t head,
		      int (*take)(const struct nlattr *a, void *into), void *into,
		      char *why, size_t cap)
{
	const char *tail = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh, head);
	uint64_t seen = 0;

	for (; mnl_attr_ok(a, (int)(tail - (const char *)a)); a = mnl_attr_next(a)) {
		uint16_t type = mnl_attr_get_type(a);

		if (type < 64 && (seen & (1ull << type)))
			return refuse(why, cap, "attribute %u twice", type);
		if (type < 64)
			seen |= 1ull << type;
		if (take(a, into))
			return refuse(why, cap, "attribute %u: bad length %u", type,
				      (unsigned int)a->nla_len);
	}
	if ((const char *)a < tail)
		return refuse(why, cap, "truncated attribute (%zu bytes left)",
			      (size_t)(tail - (const char *)a));
	return 0;
}

int xfrm_sa_parse(const struct nlmsghdr *nlh, struct xfrm_sa *sa, char *why, size_t cap)
{
	memset(sa, 0, sizeof(*sa));
	if (nlh->nlmsg_type != XFRM_MSG_NEWSA)
		return refuse(why, cap, "message type %u", nlh->nlmsg_type);
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct xfrm_usersa_info))
		return refuse(why, cap, "short message (%u bytes)", nlh->nlmsg_len);
	take_info(nlh, sa);
	if (sa->family != AF_INET && sa->family != AF_INET6) {
		refuse(why, cap, "address family %u", sa->family);
		memset(sa, 0, sizeof(*sa));
		return -1;
	}
	if (take_attrs(nlh, sizeof(struct xfrm_usersa_info), take_sa_attr, sa, why, cap)) {
		memset(sa, 0, sizeof(*sa));
		return -1;
	}
	return 0;
}

/* --- one policy message */

static int take_pol_attr(const struct nlattr *a, void *into)
{
	struct xfrm_pol *pol = into;
	size_t len = mnl_attr_get_payload_len(a);

	switch (mnl_attr_get_type(a)) {
	case XFRMA_TMPL:	/* an array of templates: whole ones only */
		if (len % sizeof(struct xfrm_user_tmpl))
			return -1;
		pol->ntmpl = len / sizeof(struct xfrm_user_tmpl);
		if (pol->ntmpl > XFRM_POL_TMPL_MAX)
			pol->ntmpl = XFRM_POL_TMPL_MAX;
		memcpy(pol->tmpl, mnl_attr_get_payload(a), pol->ntmpl * sizeof(pol->tmpl[0]));
		return 0;
	case XFRMA_MARK:
		if (!sized(a, sizeof(pol->mark), false))
			return -1;
		memcpy(&pol->mark, mnl_attr_get_payload(a), sizeof(pol->mark));
		return 0;
	default:
		return 0;
	}
}

int xfrm_pol_parse(const struct nlmsghdr *nlh, struct xfrm_pol *pol, char *why, size_t cap)
{
	struct xfrm_userpolicy_info info;

	memset(pol, 0, sizeof(*pol));
	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY)
		return refuse(why, cap, "message type %u", nlh->nlmsg_type);
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(info))
		return refuse(why, cap, "short message (%u bytes)", nlh->nlmsg_len);
	memcpy(&info, mnl_nlmsg_get_payload(nlh), sizeof(info));
	pol->sel = info.sel;
	pol->index = info.index;
	pol->dir = info.dir;
	if (take_attrs(nlh, sizeof(info), take_pol_attr, pol, why, cap)) {
		memset(pol, 0, sizeof(*pol));
		return -1;
	}
	return 0;
}

/* --- a datagram of the dump */

/*
 * One element onto an array of *n (capacity *cap) elements of size elem, doubled as
 * needed: 0, -ENOMEM, or 0 without adding past XFRM_SA_MAX (counted as skipped).
 */
static int append_to(struct xfrm_sa_table *t, void **arr, size_t *n, size_t *cap,
		     const void *elem, size_t size)
{
	if (*n == *cap) {
		size_t more_cap = *cap ? *cap * 2 : 16;
		void *more;

		if (*n >= XFRM_SA_MAX) {
			t->skipped++;
			return 0;
		}
		more = realloc(*arr, more_cap * size);
		if (!more)
			return -ENOMEM;
		*arr = more;
		*cap = more_cap;
	}
	memcpy((char *)*arr + (*n)++ * size, elem, size);
	return 0;
}

static int append(struct xfrm_sa_table *t, const struct xfrm_sa *sa)
{
	return append_to(t, (void **)&t->sa, &t->n, &t->cap, sa, sizeof(*sa));
}

static int append_pol(struct xfrm_sa_table *t, const struct xfrm_pol *pol)
{
	return append_to(t, (void **)&t->pol, &t->npol, &t->polcap, pol, sizeof(*pol));
}

/* NLMSG_ERROR: 0 for an ack, else the kernel's -errno; a short one is malformed. */
static int kernel_error(struct xfrm_sa_table *t, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		t->refused++;
		snprintf(t->why, sizeof(t->why), "short error message");
		return -EBADMSG;
	}
	return e->error > 0 || e->error < -4095 ? -EBADMSG : e->error;
}

static int one_message(struct xfrm_sa_table *t, const struct nlmsghdr *nlh)
{
	struct xfrm_sa sa;
	struct xfrm_pol pol;

	t->messages++;
	switch (nlh->nlmsg_type) {
	case NLMSG_DONE:
		return 0;
	case NLMSG_ERROR:
		return kernel_error(t, nlh);	/* an ack (0) ends a flush */
	case NLMSG_NOOP:
		return 1;
	case XFRM_MSG_NEWSA:
		if (xfrm_sa_parse(nlh, &sa, t->why, sizeof(t->why))) {
			t->refused++;
			return 1;
		}
		return append(t, &sa) ?: 1;
	case XFRM_MSG_NEWPOLICY:
		if (xfrm_pol_parse(nlh, &pol, t->why, sizeof(t->why))) {
			t->refused++;
			return 1;
		}
		return append_pol(t, &pol) ?: 1;
	default:
		t->skipped++;
		return 1;
	}
}

/*
 * Framing by hand: libmnl's mnl_nlmsg_ok() compares (int)nlmsg_len, so a length of 2 GiB
 * or more passes as negative and mnl_nlmsg_next() then steps far outside the buffer.
 */
static bool msg_fits(const struct nlmsghdr *nlh, size_t left)
{
	return left >= sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) && nlh->nlmsg_len <= left;
}

int xfrm_dump_feed(struct xfrm_sa_table *t, const void *buf, size_t len, uint32_t seq,
		   uint32_t portid)
{
	const char *p = buf;
	size_t left = len;
	int ret = 1;

	while (ret == 1 && msg_fits((const struct nlmsghdr *)p, left)) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		size_t step = MNL_ALIGN(nlh->nlmsg_len);

		if (!mnl_nlmsg_seq_ok(nlh, seq) || !mnl_nlmsg_portid_ok(nlh, portid))
			t->skipped++;	/* not an answer to our request */
		else
			ret = one_message(t, nlh);
		step = step < left ? step : left;
		p += step;
		left -= step;
	}
	if (ret == 1 && left > 0) {
		/* a header that does not fit: the rest of the datagram cannot be framed */
		t->refused++;
		snprintf(t->why, sizeof(t->why), "truncated message (%zu bytes left)", left);
		return -EBADMSG;
	}
	return ret;
}

void xfrm_sa_table_free(struct xfrm_sa_table *t)
{
	free(t->sa);
	free(t->pol);
	memset(t, 0, sizeof(*t));
}

/* --- RouterOS's words */

struct alg_word {
	const char *kernel, *word;
};

static const char *word_of(const struct alg_word *w, size_t n, const char *kernel)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w[i].kernel, kernel))
			return w[i].word;
	return kernel;
}

const char *xfrm_auth_name(const char *kernel)
{
	static const struct alg_word w[] = {
		{ "hmac(md5)", "md5" }, { "hmac(sha1)", "sha1" }, { "hmac(sha256)", "sha256" },
		{ "hmac(sha384)", "sha384" }, { "hmac(sha512)", "sha512" },
		{ "digest_null", "null" }, { "xcbc(aes)", "aes-xcbc" }, { "cmac(aes)", "aes-cmac" },
	};

	return word_of(w, sizeof(w) / sizeof(w[0]), kernel);
}

const char *xfrm_enc_name(const char *kernel)
{
	static const struct alg_word w[] = {
		{ "cbc(aes)", "aes-cbc" }, { "rfc3686(ctr(aes))", "aes-ctr" },
		{ "rfc4106(gcm(aes))", "aes-gcm" }, { "rfc4309(ccm(aes))", "aes-ccm" },
		{ "rfc4543(gcm(aes))", "aes-gmac" }, { "cbc(des3_ede)", "3des" },
		{ "cbc(des)", "des" }, { "cbc(blowfish)", "blowfish" },
		{ "cbc(twofish)", "twofish" }, { "cbc(camellia)", "camellia" },
		{ "ecb(cipher_null)", "null" },
		{ "rfc7539esp(chacha20,poly1305)", "chacha20poly1305" },
	};

	return word_of(w, sizeof(w) / sizeof(w[0]), kernel);
}

uint32_t xfrm_enc_key_size(const struct xfrm_sa *sa)
{
	/* RFC 3686, 4106, 4309, 4543, 7634: a 4-byte salt or nonce follows the key */
	if (!strncmp(sa->enc, "rfc", 3) && sa->enc_key_bits >= 32)
		return sa->enc_key_bits - 32;
	return sa->enc_key_bits;
}

/* --- /proc/self/net/xfrm_stat */

static bool stat_line(const char *line, size_t len, char *name, size_t cap, uint64_t *v)
{
	size_t i = 0, n;
	char *end;
	char num[24];

	while (i < len && (isalnum((unsigned char)line[i]) || line[i] == '_'))
		i++;
	if (!i || i >= cap || i == len || !isspace((unsigned char)line[i]))
		return false;
	memcpy(name, line, i);
	name[i] = '\0';
	while (i < len && isspace((unsigned char)line[i]))
		i++;
	n = len - i;
	if (!n || n >= sizeof(num) || !isdigit((unsigned char)line[i]))
		return false;
	memcpy(num, line + i, n);
	num[n] = '\0';
	errno = 0;
	*v = strtoull(num, &end, 10);
	return !errno && !*end;
}

size_t xfrm_stat_parse(const char *text, size_t len,
		       void (*fn)(const char *name, uint64_t value, void *arg), void *arg)
{
	size_t skipped = 0, i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		char name[64];
		uint64_t v;

		if (n && stat_line(text + i, n, name, sizeof(name), &v))
			fn(name, v, arg);
		else if (n)
			skipped++;
		i += n + 1;
	}
	return skipped;
}

/* --- the kernel */

/* the dump buffer: the kernel fills up to this much per datagram */
#define XFRM_RECV_SIZE 65536

static struct mnl_socket *open_xfrm(uint32_t *portid)
{
	struct timeval tv = { .tv_sec = 2 };
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC);

	if (!nl)
		return NULL;
	/* the kernel answers at once; the timeout only guards the loop against the unexpected */
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		int err = errno;

		mnl_socket_close(nl);
		errno = err;
		return NULL;
	}
	*portid = mnl_socket_get_portid(nl);
	return nl;
}

/* Sends the request in buf and feeds every answer to t until the end; 0 or -errno. */
static int talk(struct nlmsghdr *req, struct xfrm_sa_table *t)
{
	uint32_t portid;
	struct mnl_socket *nl = open_xfrm(&portid);
	char *buf = malloc(XFRM_RECV_SIZE);
	ssize_t n;
	int ret = -ENOMEM;

	if (!nl || !buf) {
		ret = nl ? -ENOMEM : -errno;
		goto out;
	}
	req->nlmsg_seq = (uint32_t)time(NULL);
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	do {
		n = mnl_socket_recvfrom(nl, buf, XFRM_RECV_SIZE);
		ret = n < 0 ? -errno : xfrm_dump_feed(t, buf, (size_t)n, req->nlmsg_seq, portid);
		/* the dump carries every SA's keys: none stays in our memory */
		if (n > 0)
			explicit_bzero(buf, (size_t)n);
	} while (ret == 1);
out:
	free(buf);
	if (nl)
		mnl_socket_close(nl);
	return ret;
}

static int kernel_dump(struct xfrm_sa_table *t)
{
	char req[MNL_NLMSG_HDRLEN];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);

	nlh->nlmsg_type = XFRM_MSG_GETSA;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	return talk(nlh, t);
}

/* A request answered by an ack (flush, delete): 0 or the kernel's -errno. */
static int request_ack(struct nlmsghdr *nlh)
{
	struct xfrm_sa_table t = { 0 };
	int ret;

	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ret = talk(nlh, &t);
	xfrm_sa_table_free(&t);
	return ret;
}

static int kernel_flush(uint8_t proto)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct xfrm_usersa_flush))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct xfrm_usersa_flush *f = mnl_nlmsg_put_extra_header(nlh, sizeof(*f));

	nlh->nlmsg_type = XFRM_MSG_FLUSHSA;
	f->proto = proto;
	return request_ack(nlh);
}

static int kernel_dump_policies(struct xfrm_sa_table *t)
{
	char req[MNL_NLMSG_HDRLEN];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);

	nlh->nlmsg_type = XFRM_MSG_GETPOLICY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	return talk(nlh, t);
}

/* the kernel finds a marked SA or policy only when told its mark */
static void put_mark(struct nlmsghdr *nlh, const struct xfrm_mark *mark)
{
	if (mark->v || mark->m)
		mnl_attr_put(nlh, XFRMA_MARK, sizeof(*mark), mark);
}

static int kernel_remove_sa(const struct xfrm_sa *sa)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct xfrm_usersa_id)) +
		 MNL_ATTR_HDRLEN + MNL_ALIGN(sizeof(struct xfrm_mark))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct xfrm_usersa_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	nlh->nlmsg_type = XFRM_MSG_DELSA;
	id->daddr = sa->dst;
	id->spi = htonl(sa->spi);
	id->family = sa->family;
	id->proto = sa->proto;
	put_mark(nlh, &sa->mark);
	return request_ack(nlh);
}

static int kernel_remove_policy(const struct xfrm_pol *pol)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct xfrm_userpolicy_id)) +
		 MNL_ATTR_HDRLEN + MNL_ALIGN(sizeof(struct xfrm_mark))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	nlh->nlmsg_type = XFRM_MSG_DELPOLICY;
	id->sel = pol->sel;
	id->index = pol->index;
	id->dir = pol->dir;
	put_mark(nlh, &pol->mark);
	return request_ack(nlh);
}

/* By destination, SPI and protocol, as a row names it; the mark is the dump's. */
static int kernel_remove(uint16_t family, const xfrm_address_t *dst, uint32_t spi,
			 uint8_t proto)
{
	struct xfrm_sa_table t = { 0 };
	int ret = kernel_dump(&t);
	size_t i;

	for (i = 0; !ret && i < t.n; i++)
		if (t.sa[i].family == family && t.sa[i].spi == spi && t.sa[i].proto == proto &&
		    !memcmp(&t.sa[i].dst, dst, family == AF_INET ? 4 : 16))
			break;
	if (!ret)
		ret = i < t.n ? kernel_remove_sa(&t.sa[i]) : -ESRCH;
	xfrm_sa_table_free(&t);
	return ret;
}

const struct xfrm_backend xfrm_kernel = {
	.dump = kernel_dump,
	.dump_policies = kernel_dump_policies,
	.flush = kernel_flush,
	.remove = kernel_remove,
	.remove_sa = kernel_remove_sa,
	.remove_policy = kernel_remove_policy,
	.stat_path = "/proc/self/net/xfrm_stat",
};
const struct xfrm_backend *xfrm_backend = &xfrm_kernel;
