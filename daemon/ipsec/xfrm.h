/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's IPsec state, read synchronously (no charon needed): the installed SAs from a
 * NETLINK_XFRM dump of XFRM_MSG_GETSA, their flush (XFRM_MSG_FLUSHSA), and the XFRM
 * statistics from /proc/self/net/xfrm_stat. /ip ipsec installed-sa and statistics show them.
 *
 * The dump parser takes every message as untrusted bytes: message and attribute lengths
 * are checked against the buffer and against the structures they carry, a malformed
 * message is refused (counted, with the reason) and never half-read. Keys travel in the
 * dump (the kernel always includes them): only algorithm names and key lengths are kept,
 * and the receive buffer is wiped after parsing.
 */
#ifndef SLUICED_IPSEC_XFRM_H
#define SLUICED_IPSEC_XFRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

/* XFRM_ALGO's name field; kept NUL-terminated and printable */
#define XFRM_ALG_NAME_SIZE 64
/* more SAs than this in one dump are counted (dropped), not kept */
#define XFRM_SA_MAX 65536

struct xfrm_sa {
	uint16_t family;		/* AF_INET or AF_INET6 */
	uint8_t proto;			/* IPPROTO_ESP, IPPROTO_AH, IPPROTO_COMP */
	uint8_t mode;			/* XFRM_MODE_TRANSPORT, XFRM_MODE_TUNNEL, ... */
	uint32_t spi;			/* host order */
	uint32_t reqid;
	xfrm_address_t src, dst;
	uint16_t encap_type;		/* 0: none; UDP_ENCAP_ESPINUDP (NAT-T) */
	uint16_t encap_sport, encap_dport;	/* host order */
	char auth[XFRM_ALG_NAME_SIZE];	/* kernel names, "" for none: "hmac(sha1)" */
	char enc[XFRM_ALG_NAME_SIZE];	/* "cbc(aes)", or the AEAD's "rfc4106(gcm(aes))" */
	uint32_t auth_key_bits, enc_key_bits;
	bool aead;			/* enc is an AEAD: no separate auth */
	bool hw_offload;		/* XFRMA_OFFLOAD_DEV: the NIC does the crypto */
	uint32_t replay_window;		/* packets */
	struct xfrm_lifetime_cfg lft;	/* limits: soft/hard bytes, packets, seconds */
	struct xfrm_lifetime_cur cur;	/* bytes and packets so far, add_time (wall clock) */
	struct xfrm_mark mark;		/* {0, 0}: none */
};

/* more templates than this in one policy are not kept (the kernel allows 6) */
#define XFRM_POL_TMPL_MAX 6

/* A policy of an XFRM_MSG_GETPOLICY dump: what finds it again and what it points at. */
struct xfrm_pol {
	struct xfrm_selector sel;
	uint32_t index;
	uint8_t dir;			/* XFRM_POLICY_IN, _OUT, _FWD */
	struct xfrm_mark mark;
	size_t ntmpl;
	struct xfrm_user_tmpl tmpl[XFRM_POL_TMPL_MAX];
};

struct xfrm_sa_table {
	struct xfrm_sa *sa;
	size_t n, cap;
	struct xfrm_pol *pol;		/* a policy dump's (XFRM_MSG_NEWPOLICY) */
	size_t npol, polcap;
	unsigned long messages;		/* netlink messages read */
	unsigned long refused;		/* malformed: not shown */
	unsigned long skipped;		/* other message types, SAs past XFRM_SA_MAX */
	char why[96];			/* the last refusal's reason */
};

/*
 * One message of a GETSA dump (XFRM_MSG_NEWSA): 0 with *sa filled, or -1 with the reason
 * in why (nothing of the message is kept then). nlh->nlmsg_len must already be known to
 * lie within the buffer (xfrm_dump_feed checks it).
 */
int xfrm_sa_parse(const struct nlmsghdr *nlh, struct xfrm_sa *sa, char *why, size_t cap);
/* The same for one policy (XFRM_MSG_NEWPOLICY). */
int xfrm_pol_parse(const struct nlmsghdr *nlh, struct xfrm_pol *pol, char *why, size_t cap);

/*
 * A datagram of the dump as recv() gave it: each SA (or policy) appended to t, anything malformed
 * counted in t->refused. seq/portid: the request's (0: not checked). 1 when more is to
 * come, 0 at NLMSG_DONE, or -errno (an NLMSG_ERROR from the kernel, -EBADMSG for a buffer
 * that is not netlink at all, -ENOMEM).
 */
int xfrm_dump_feed(struct xfrm_sa_table *t, const void *buf, size_t len, uint32_t seq,
		   uint32_t portid);
void xfrm_sa_table_free(struct xfrm_sa_table *t);

/* RouterOS's word for an algorithm ("sha1", "aes-cbc"), or the kernel's name if none. */
const char *xfrm_auth_name(const char *kernel);
const char *xfrm_enc_name(const char *kernel);
/* the cipher's key in bits, less the salt or nonce an rfc*() mode keeps with it */
uint32_t xfrm_enc_key_size(const struct xfrm_sa *sa);

/*
 * /proc/self/net/xfrm_stat ("XfrmInError  0" lines): each counter to fn; lines that are
 * not a name and a decimal number are skipped and counted. The number of skipped lines.
 */
size_t xfrm_stat_parse(const char *text, size_t len,
		       void (*fn)(const char *name, uint64_t value, void *arg), void *arg);

/*
 * Where the state comes from: the kernel of sluiced's network namespace, or a test's
 * canned data (xfrm_backend is pointed elsewhere by unit tests only).
 */
struct xfrm_backend {
	int (*dump)(struct xfrm_sa_table *t);	/* 0 or -errno */
	int (*dump_policies)(struct xfrm_sa_table *t);
	int (*flush)(uint8_t proto);		/* IPSEC_PROTO_ANY, IPPROTO_ESP, IPPROTO_AH */
	/* one SA, as the kernel names it: destination, SPI (host order), protocol (and the
	 * mark it carries, which the kernel's lookup wants too: found by a dump) */
	int (*remove)(uint16_t family, const xfrm_address_t *dst, uint32_t spi, uint8_t proto);
	/* one SA of a dump, mark included; one policy of a dump, by index, direction, mark */
	int (*remove_sa)(const struct xfrm_sa *sa);
	int (*remove_policy)(const struct xfrm_pol *pol);
	const char *stat_path;
};
extern const struct xfrm_backend *xfrm_backend;
extern const struct xfrm_backend xfrm_kernel;

#endif /* SLUICED_IPSEC_XFRM_H */
