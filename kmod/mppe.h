/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPPE (RFC 3078) with the key schedule of RFC 3079: one direction's state. The caller
 * serialises use of one direction (the session's rx or tx lock); directions and sessions run
 * in parallel. SHA-1 comes from the crypto API (a shared, unkeyed shash), RC4 from lib/crypto.
 */
#ifndef _SLUICE_MPPE_H
#define _SLUICE_MPPE_H

#include <linux/types.h>
#include <crypto/arc4.h>
#include <crypto/hash.h>

#define SLUICE_MPPE_HDR_LEN 2
#define SLUICE_MPPE_CCOUNT_MASK 0x0fff
#define SLUICE_MPPE_BIT_FLUSHED 0x8000	/* A: history reset, key changed */
#define SLUICE_MPPE_BIT_MPPC 0x2000	/* C: compressed (MPPC), which we never negotiate */
#define SLUICE_MPPE_BIT_ENCRYPTED 0x1000	/* D */
/* stateless receive: late packets up to this far behind still decrypt */
#define SLUICE_MPPE_HISTORY 32
/* stateful receive: keys tried past the computed one after a resync (lost reset answers) */
#define SLUICE_MPPE_RESYNC_EXTRA 2
/* stateful receive: decrypted frames in a row that are not IP before we ask for a reset */
#define SLUICE_MPPE_GARBAGE_RUN 3
/*
 * stateless receive: rekeys spent on coherency-count jumps that decrypted to nothing (forged
 * or corrupt packets), at most this many at once and this many a second per direction: one
 * jump as far as a count can go (2,048 rekeys, ~3 ms of SHA-1 and RC4) at a time
 */
#define SLUICE_MPPE_REKEY_BURST 2048
#define SLUICE_MPPE_REKEY_RATE 2048

struct sluice_mppe_dir {
	struct arc4_ctx arc4;
	struct crypto_shash *sha1;
	u8 start_key[16];
	u8 session_key[16];
	u8 keylen;		/* 8 for 40 and 56 bits, 16 for 128 */
	u8 bits;
	bool stateless;
	bool discard;		/* rx, stateful: lost sync, waiting for a flushed packet */
	bool flush_pending;	/* tx: the peer asked for a reset (CCP Reset-Request) */
	u16 ccount;		/* tx: last sent; rx: last accepted */
	u8 garbage;		/* rx, stateful: decrypted non-IP frames in a row (rx.c) */
	/* stateless rx: rekeys failed jumps may still spend, and when it was refilled */
	u32 rekey_budget;
	unsigned long rekey_stamp;
	/* stateless rx: the keys of the last SLUICE_MPPE_HISTORY counts, by count modulo */
	u32 seen;		/* bit i: ccount - i was accepted */
	u8 history[SLUICE_MPPE_HISTORY][16];
};

enum sluice_mppe_verdict {
	SLUICE_MPPE_OK,
	SLUICE_MPPE_MALFORMED,	/* header bits impossible for the negotiated mode */
	SLUICE_MPPE_LOST,	/* stateful: a gap; now discarding, ask the peer to reset */
	SLUICE_MPPE_DISCARD,	/* stateful: still waiting for a flushed packet */
	SLUICE_MPPE_LATE,	/* stateless: too far behind, or seen already */
	SLUICE_MPPE_GARBAGE,	/* stateless: no IP datagram under its count's key; nothing moved */
	SLUICE_MPPE_REKEY_LIMIT,	/* stateless: a jump beyond what the budget has left */
};

/* mppe.c APIs: */
int sluice_mppe_init(struct sluice_mppe_dir *d, struct crypto_shash *sha1,
		     const u8 start_key[16], unsigned int bits, bool stateless);
void sluice_mppe_wipe(struct sluice_mppe_dir *d);
/* Encrypts len bytes at data in place and writes the 2-byte MPPE header at hdr. */
void sluice_mppe_encrypt(struct sluice_mppe_dir *d, u8 *hdr, u8 *data, unsigned int len);
/*
 * Stateful receive: what decrypts no longer makes sense; discard until a flushed packet.
 * True if that is news (the caller asks the peer to reset).
 */
bool sluice_mppe_lost(struct sluice_mppe_dir *d);
/* Stateless receive: the rekey budget refilled for the time up to now (jiffies). */
void sluice_mppe_rx_refill(struct sluice_mppe_dir *d, unsigned long now);
/* Do len decrypted bytes start like an IP datagram (PPP protocol field and IP header)? */
bool sluice_mppe_looks_like_ip(const u8 *p, unsigned int len);
/*
 * Checks the header, follows the key schedule and decrypts len bytes at data in place.
 * Stateless: the state moves only if the result looks like an IP datagram.
 */
enum sluice_mppe_verdict sluice_mppe_decrypt(struct sluice_mppe_dir *d, const u8 *hdr,
					     u8 *data, unsigned int len);

#endif /* _SLUICE_MPPE_H */
