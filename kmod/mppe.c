// SPDX-License-Identifier: GPL-2.0
/*
 * The receive rules follow RFC 3078 section 8 as real peers (Windows, pppd's ppp_mppe)
 * implement it: stateless packets rekey once per coherency-count step and must carry the
 * flushed bit; stateful packets rekey on every flushed packet (each 256th, the "flag"
 * packet, and after a reset), and after a loss the receiver discards until a flushed packet
 * arrives, then rekeys once for every flag packet it missed. Beyond that, a stateless packet
 * that arrives up to SLUICE_MPPE_HISTORY counts late still decrypts, once, with its
 * remembered key (Linux's ppp_mppe drops it), so reordering on the way costs nothing.
 */
#include <linux/errno.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <crypto/sha1.h>
#include "compat.h"
#include "mppe.h"

static const u8 sha_pad1[40] = { 0 };
static const u8 sha_pad2[40] = {
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
};

/*
 * Per CPU, for work that must not touch a direction's state until it proves right: the
 * keys of a stateless jump and the RC4 state that tries them, or that decrypts a late
 * packet with its remembered key. Wiped after each use.
 */
struct mppe_scratch {
	struct arc4_ctx arc4;
	u8 key[16];
	u8 history[SLUICE_MPPE_HISTORY][16];	/* by count modulo, as d->history */
};

static DEFINE_PER_CPU(struct mppe_scratch, mppe_scratch);

/* RFC 3079 section 2.4: GetNewKeyFromSHA(StartKey, SessionKey) */
static int new_key_from_sha(const struct sluice_mppe_dir *d, const u8 *session_key, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, d->sha1);
	int ret;

	desc->tfm = d->sha1;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, d->start_key, d->keylen) ?:
	      crypto_shash_update(desc, sha_pad1, sizeof(sha_pad1)) ?:
	      crypto_shash_update(desc, session_key, d->keylen) ?:
	      crypto_shash_update(desc, sha_pad2, sizeof(sha_pad2)) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

/* RFC 3079 section 2.5/3.x: the reduced-strength keys keep a fixed, known prefix */
static void reduce_strength(const struct sluice_mppe_dir *d, u8 *key)
{
	if (d->bits == 40) {
		key[0] = 0xd1;
		key[1] = 0x26;
		key[2] = 0x9e;
	} else if (d->bits == 56) {
		key[0] = 0xd1;
	}
}

/* The key after key, in place; ctx is RC4 state to work with (left keyed with rubbish). */
static void next_key(const struct sluice_mppe_dir *d, struct arc4_ctx *ctx, u8 *key)
{
	u8 interim[SHA1_DIGEST_SIZE];

	/* SHA-1 of fixed small inputs with an allocated tfm cannot fail. */
	WARN_ON_ONCE(new_key_from_sha(d, key, interim));
	/* the new key is the interim key encrypted with itself */
	arc4_setkey(ctx, interim, d->keylen);
	arc4_crypt(ctx, key, interim, d->keylen);
	reduce_strength(d, key);
	memzero_explicit(interim, sizeof(interim));
}

static void rekey(struct sluice_mppe_dir *d, bool initial)
{
	u8 interim[SHA1_DIGEST_SIZE];

	if (initial) {
		WARN_ON_ONCE(new_key_from_sha(d, d->session_key, interim));
		memcpy(d->session_key, interim, d->keylen);
		reduce_strength(d, d->session_key);
		memzero_explicit(interim, sizeof(interim));
	} else {
		next_key(d, &d->arc4, d->session_key);
	}
	arc4_setkey(&d->arc4, d->session_key, d->keylen);
}

int sluice_mppe_init(struct sluice_mppe_dir *d, struct crypto_shash *sha1,
		     const u8 start_key[16], unsigned int bits, bool stateless)
{
	if (bits != 40 && bits != 56 && bits != 128)
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	d->sha1 = sha1;
	d->bits = bits;
	d->keylen = bits == 128 ? 16 : 8;
	d->stateless = stateless;
	memcpy(d->start_key, start_key, sizeof(d->start_key));
	memcpy(d->session_key, start_key, sizeof(d->session_key));
	rekey(d, true);
	/* the first packet carries coherency count 0; nothing before it may come late */
	d->ccount = SLUICE_MPPE_CCOUNT_MASK;
	d->seen = ~0U;
	d->rekey_budget = SLUICE_MPPE_REKEY_BURST;
	return 0;
}

void sluice_mppe_wipe(struct sluice_mppe_dir *d)
{
	memzero_explicit(d, sizeof(*d));
}

void sluice_mppe_encrypt(struct sluice_mppe_dir *d, u8 *hdr, u8 *data, unsigned int len)
{
	u16 bits = SLUICE_MPPE_BIT_ENCRYPTED;

	d->ccount = (d->ccount + 1) & SLUICE_MPPE_CCOUNT_MASK;
	if (d->stateless || (d->ccount & 0xff) == 0xff || d->flush_pending) {
		rekey(d, false);
		bits |= SLUICE_MPPE_BIT_FLUSHED;
		d->flush_pending = false;
	}
	put_unaligned_be16(bits | d->ccount, hdr);
	arc4_crypt(&d->arc4, data, data, len);
}

void sluice_mppe_rx_refill(struct sluice_mppe_dir *d, unsigned long now)
{
	unsigned long elapsed = min(now - d->rekey_stamp, (unsigned long)HZ);
	u32 add = elapsed * SLUICE_MPPE_REKEY_RATE / HZ;

	if (!add)
		return;		/* not a whole rekey's worth yet: keep the stamp */
	d->rekey_stamp = now;
	d->rekey_budget = min_t(u32, d->rekey_budget + add, SLUICE_MPPE_REKEY_BURST);
}

bool sluice_mppe_looks_like_ip(const u8 *p, unsigned int len)
{
	unsigned int n = len && (p[0] & 1) ? 1 : 2;	/* an odd first byte: PFC */
	u16 proto;

	if (len < n)
		return false;
	proto = n == 1 ? p[0] : get_unaligned_be16(p);
	p += n;
	len -= n;
	if (proto == 0x0021)	/* IPv4: version 4, a whole header, a length that fits */
		return len >= 20 && (p[0] >> 4) == 4 && (p[0] & 0xf) >= 5 &&
		       get_unaligned_be16(p + 2) >= 20 && get_unaligned_be16(p + 2) <= len;
	if (proto == 0x0057)	/* IPv6: version 6, a payload length that fits */
		return len >= 40 && (p[0] >> 4) == 6 && get_unaligned_be16(p + 4) <= len - 40;
	return false;
}

/*
 * A stateless packet behind the newest one: decrypt it with its remembered key, once, and
 * only if that gives an IP datagram is it marked seen (a forged one must not use up the
 * real packet's slot).
 */
static enum sluice_mppe_verdict decrypt_late(struct sluice_mppe_dir *d, u16 behind,
					     u16 ccount, u8 *data, unsigned int len)
{
	struct mppe_scratch *sc;
	bool ok;

	if (behind >= SLUICE_MPPE_HISTORY || (d->seen & (1U << behind)))
		return SLUICE_MPPE_LATE;
	sc = get_cpu_ptr(&mppe_scratch);
	arc4_setkey(&sc->arc4, d->history[ccount % SLUICE_MPPE_HISTORY], d->keylen);
	arc4_crypt(&sc->arc4, data, data, len);
	memzero_explicit(&sc->arc4, sizeof(sc->arc4));
	put_cpu_ptr(&mppe_scratch);
	ok = sluice_mppe_looks_like_ip(data, len);
	if (ok)
		d->seen |= 1U << behind;
	return ok ? SLUICE_MPPE_OK : SLUICE_MPPE_GARBAGE;
}

/*
 * The keys of the ahead counts after d's, into sc: the last one in sc->key, the last
 * SLUICE_MPPE_HISTORY also in sc->history.
 */
static void walk_keys(const struct sluice_mppe_dir *d, struct mppe_scratch *sc, u16 ahead)
{
	u16 i, count;

	memcpy(sc->key, d->session_key, d->keylen);
	for (i = 1; i <= ahead; i++) {
		next_key(d, &sc->arc4, sc->key);
		count = (d->ccount + i) & SLUICE_MPPE_CCOUNT_MASK;
		if (ahead - i < SLUICE_MPPE_HISTORY)
			memcpy(sc->history[count % SLUICE_MPPE_HISTORY], sc->key, d->keylen);
	}
}

/* The jump proved right: d moves to ccount, ahead counts on. */
static void commit_keys(struct sluice_mppe_dir *d, const struct mppe_scratch *sc, u16 ccount,
			u16 ahead)
{
	u16 i, count;

	for (i = 0; i < min_t(u16, ahead, SLUICE_MPPE_HISTORY); i++) {
		count = (ccount - i) & SLUICE_MPPE_CCOUNT_MASK;
		memcpy(d->history[count % SLUICE_MPPE_HISTORY],
		       sc->history[count % SLUICE_MPPE_HISTORY], d->keylen);
	}
	memcpy(d->session_key, sc->key, d->keylen);
	d->seen = ahead >= 32 ? 0 : d->seen << ahead;
	d->seen |= 1;
	d->ccount = ccount;
}

/*
 * Stateless, a packet ahead: the keys up to its count are worked out aside and tried; the
 * state moves only if the packet decrypts to an IP datagram. A forged packet far ahead
 * cannot move us (which would drop every real packet as late until the sender caught up),
 * and the rekeys it cost come out of a budget: once that is spent, jumps beyond the next
 * count wait for it to refill, and a flood of forged jumps costs at most
 * SLUICE_MPPE_REKEY_RATE rekeys a second. Jumps that prove right cost the budget nothing:
 * real loss recovers at once.
 */
static enum sluice_mppe_verdict rx_stateless(struct sluice_mppe_dir *d, u16 ccount, u8 *data,
					     unsigned int len)
{
	u16 ahead = (ccount - d->ccount) & SLUICE_MPPE_CCOUNT_MASK;
	enum sluice_mppe_verdict v = SLUICE_MPPE_OK;
	struct mppe_scratch *sc;

	if (ahead == 0 || ahead > (SLUICE_MPPE_CCOUNT_MASK + 1) / 2)
		return decrypt_late(d, (d->ccount - ccount) & SLUICE_MPPE_CCOUNT_MASK, ccount,
				    data, len);
	if ((u32)ahead - 1 > d->rekey_budget)
		return SLUICE_MPPE_REKEY_LIMIT;
	sc = get_cpu_ptr(&mppe_scratch);
	walk_keys(d, sc, ahead);
	arc4_setkey(&sc->arc4, sc->key, d->keylen);
	arc4_crypt(&sc->arc4, data, data, len);
	if (sluice_mppe_looks_like_ip(data, len)) {
		commit_keys(d, sc, ccount, ahead);
	} else {
		d->rekey_budget -= ahead - 1;
		v = SLUICE_MPPE_GARBAGE;
	}
	memzero_explicit(sc, sizeof(*sc));
	put_cpu_ptr(&mppe_scratch);
	return v;
}

/* Is ccount behind the count we expect next (the half of the space behind it)? */
static bool is_late(const struct sluice_mppe_dir *d, u16 ccount)
{
	u16 expected = d->discard ? d->ccount : (d->ccount + 1) & SLUICE_MPPE_CCOUNT_MASK;

	return ((ccount - expected) & SLUICE_MPPE_CCOUNT_MASK) > (SLUICE_MPPE_CCOUNT_MASK + 1) / 2;
}

/*
 * Unlike pptp.ko, the GRE layer lets reordered packets through, so a late packet can reach
 * a stateful receiver: it is dropped without touching the key state. Above all a late
 * *flushed* packet (an old flag packet) must not be taken for the resynchronisation, or the
 * flag loop below would wrap the count around and rekey far past the sender for good.
 */
static enum sluice_mppe_verdict sync_stateful(struct sluice_mppe_dir *d, u16 ccount,
					      bool flushed)
{
	if (is_late(d, ccount))
		return SLUICE_MPPE_LATE;
	if (!d->discard) {
		d->ccount = (d->ccount + 1) & SLUICE_MPPE_CCOUNT_MASK;
		if (ccount != d->ccount) {
			d->discard = true;
			return SLUICE_MPPE_LOST;
		}
	} else {
		if (!flushed)
			return SLUICE_MPPE_DISCARD;
		/* the sender rekeyed at every flag packet we missed */
		while ((ccount & ~0xff) != (d->ccount & ~0xff)) {
			rekey(d, false);
			d->ccount = (d->ccount + 0x100) & SLUICE_MPPE_CCOUNT_MASK;
		}
		d->discard = false;
		d->ccount = ccount;
	}
	if (flushed)
		rekey(d, false);
	return SLUICE_MPPE_OK;
}

/* Does data, decrypted with the current key, start with an IPv4 or IPv6 protocol field? */
static bool plausible(const struct sluice_mppe_dir *d, const u8 *data, unsigned int len)
{
	struct arc4_ctx *ctx = &get_cpu_ptr(&mppe_scratch)->arc4;
	u8 p[2] = {};
	bool ok;

	memcpy(ctx, &d->arc4, sizeof(*ctx));	/* d's own stream stays where it is */
	arc4_crypt(ctx, p, data, min(len, 2U));
	ok = p[0] == 0x21 || p[0] == 0x57 ||	/* compressed (PFC) */
	     (len >= 2 && p[0] == 0 && (p[1] == 0x21 || p[1] == 0x57));
	memzero_explicit(ctx, sizeof(*ctx));
	put_cpu_ptr(&mppe_scratch);
	memzero_explicit(p, sizeof(p));
	return ok;
}

/*
 * The sender rekeys on every flushed packet, including each one that answers a CCP
 * Reset-Request, and those carry no count the receiver could tell missing ones by: if the
 * answer to one reset is lost and a second reset brings another, the receiver that rekeys
 * once lands one key behind for good (ppp_mppe has this hole). So after a resynchronisation
 * up to SLUICE_MPPE_RESYNC_EXTRA further keys are tried, the first whose plaintext starts
 * with an IP protocol field wins; if none does, the state before the packet is restored and
 * we keep discarding (a forged flushed packet cannot move us).
 */
static bool settle_key(struct sluice_mppe_dir *d, const u8 *data, unsigned int len,
		       const u8 *saved_key, u16 saved_ccount)
{
	unsigned int extra;

	for (extra = 0; extra <= SLUICE_MPPE_RESYNC_EXTRA; extra++) {
		if (plausible(d, data, len))
			return true;
		rekey(d, false);
	}
	memcpy(d->session_key, saved_key, d->keylen);
	arc4_setkey(&d->arc4, d->session_key, d->keylen);
	d->ccount = saved_ccount;
	d->discard = true;
	return false;
}

/* Stateful: after a resynchronisation, only a key that makes sense is accepted. */
static enum sluice_mppe_verdict rx_stateful(struct sluice_mppe_dir *d, u16 ccount, bool flushed,
					    u8 *data, unsigned int len)
{
	bool resync = d->discard && flushed;
	enum sluice_mppe_verdict verdict;
	u16 saved_ccount = d->ccount;
	u8 saved_key[16];

	if (resync)
		memcpy(saved_key, d->session_key, sizeof(saved_key));
	verdict = sync_stateful(d, ccount, flushed);
	if (verdict == SLUICE_MPPE_OK && resync &&
	    !settle_key(d, data, len, saved_key, saved_ccount))
		verdict = SLUICE_MPPE_DISCARD;
	if (resync)
		memzero_explicit(saved_key, sizeof(saved_key));
	if (verdict == SLUICE_MPPE_OK)
		arc4_crypt(&d->arc4, data, data, len);
	return verdict;
}

bool sluice_mppe_lost(struct sluice_mppe_dir *d)
{
	if (d->stateless || d->discard)
		return false;
	d->discard = true;
	d->ccount = (d->ccount + 1) & SLUICE_MPPE_CCOUNT_MASK;	/* as a detected gap leaves it */
	return true;
}

enum sluice_mppe_verdict sluice_mppe_decrypt(struct sluice_mppe_dir *d, const u8 *hdr,
					     u8 *data, unsigned int len)
{
	u16 v = get_unaligned_be16(hdr), ccount = v & SLUICE_MPPE_CCOUNT_MASK;
	bool flushed = v & SLUICE_MPPE_BIT_FLUSHED;

	if (!(v & SLUICE_MPPE_BIT_ENCRYPTED) || (v & SLUICE_MPPE_BIT_MPPC) || !len)
		return SLUICE_MPPE_MALFORMED;
	if (d->stateless && !flushed)
		return SLUICE_MPPE_MALFORMED;
	if (!d->stateless && (ccount & 0xff) == 0xff && !flushed)
		return SLUICE_MPPE_MALFORMED;
	if (d->stateless)
		return rx_stateless(d, ccount, data, len);
	return rx_stateful(d, ccount, flushed, data, len);
}
