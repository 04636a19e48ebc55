// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: MPPE (mppe.c) against RFC 3079's sample keys and message, and round trips in both
 * modes with loss, flag packets, resets and hostile headers.
 */
#include <kunit/test.h>
#include <crypto/hash.h>
#include "compat.h"
#include "../mppe.h"

/* RFC 3079 section 3.5: the start key GetAsymmetricStartKey gives for the worked example */
static const u8 rfc_start_key[16] = {
	0x8b, 0x7c, 0xdc, 0x14, 0x9b, 0x99, 0x3a, 0x1b,
	0xa1, 0x18, 0xcb, 0x15, 0x3f, 0x56, 0xdc, 0xcb,
};

struct vector {
	const char *name;
	unsigned int bits;
	u8 session_key[16];	/* the initial session key (sections 3.5.1-3.5.3) */
	u8 cipher[12];		/* "test message" encrypted with it */
};

static const struct vector vectors[] = {
	{ "40-bit", 40, { 0xd1, 0x26, 0x9e, 0xc4, 0x9f, 0xa6, 0x2e, 0x3e },
	  { 0x92, 0x91, 0x37, 0x91, 0x7e, 0x58, 0x03, 0xd6, 0x68, 0xd7, 0x58, 0x98 } },
	/* the RFC prints ...57 58 for the last two bytes; RC4 of its own key gives 57 b8 */
	{ "56-bit", 56, { 0xd1, 0x5c, 0x00, 0xc4, 0x9f, 0xa6, 0x2e, 0x3e },
	  { 0x3f, 0x10, 0x68, 0x33, 0xfa, 0x44, 0x8d, 0xa8, 0x42, 0xbc, 0x57, 0xb8 } },
	{ "128-bit", 128, { 0x40, 0x5c, 0xb2, 0x24, 0x7a, 0x79, 0x56, 0xe6,
			    0xe2, 0x11, 0x00, 0x7a, 0xe2, 0x7b, 0x22, 0xd4 },
	  { 0x81, 0x84, 0x83, 0x17, 0xdf, 0x68, 0x84, 0x62, 0x72, 0xfb, 0x5a, 0xbe } },
};

static void vector_desc(const struct vector *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mppe_vector, vectors, vector_desc);

struct mppe_fixture {
	struct crypto_shash *sha1;
	struct sluice_mppe_dir *tx, *rx;
};

static int mppe_test_init(struct kunit *test)
{
	struct mppe_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->sha1 = crypto_alloc_shash("sha1", 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f->sha1));
	f->tx = kunit_kzalloc(test, sizeof(*f->tx), GFP_KERNEL);
	f->rx = kunit_kzalloc(test, sizeof(*f->rx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->tx);
	KUNIT_ASSERT_NOT_NULL(test, f->rx);
	test->priv = f;
	return 0;
}

static void mppe_test_exit(struct kunit *test)
{
	struct mppe_fixture *f = test->priv;

	crypto_free_shash(f->sha1);
}

/* The first stateful packet (coherency count 0) uses the initial session key itself. */
static void mppe_rfc3079_test(struct kunit *test)
{
	const struct vector *v = test->param_value;
	struct mppe_fixture *f = test->priv;
	u8 msg[12] = "test message", hdr[2];

	KUNIT_ASSERT_EQ(test, sluice_mppe_init(f->tx, f->sha1, rfc_start_key, v->bits, false), 0);
	KUNIT_EXPECT_EQ(test, memcmp(f->tx->session_key, v->session_key, f->tx->keylen), 0);
	sluice_mppe_encrypt(f->tx, hdr, msg, sizeof(msg));
	KUNIT_EXPECT_EQ(test, memcmp(msg, v->cipher, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, hdr[0], 0x10);	/* encrypted, not flushed, count 0 */
	KUNIT_EXPECT_EQ(test, hdr[1], 0x00);
	sluice_mppe_wipe(f->tx);
	KUNIT_EXPECT_NULL(test, memchr_inv(f->tx, 0, sizeof(*f->tx)));
}

/*
 * A round trip: packet i carries its own number. Packets [lose_from, lose_to) are lost on
 * the way; packet late_at (if late_by) arrives after the late_by packets that follow it; the
 * receiver's CCP Reset-Request reaches the sender just before packet reset_at.
 */
struct trip_case {
	const char *name;
	bool stateless;
	unsigned int bits;
	unsigned int packets;
	unsigned int lose_from, lose_to;
	unsigned int late_at, late_by;
	unsigned int reset_at;
	unsigned int want_ok;			/* packets the receiver decrypts correctly */
	unsigned int want_lost;			/* SLUICE_MPPE_LOST verdicts */
};

static const struct trip_case trips[] = {
	{ "stateless, no loss", true, 128, 600, 0, 0, 0, 0, 0, 600, 0 },
	{ "stateless, loss of 300", true, 128, 700, 100, 400, 0, 0, 0, 400, 0 },
	{ "stateless 40-bit", true, 40, 50, 0, 0, 0, 0, 0, 50, 0 },
	{ "stateless, swapped pair", true, 128, 100, 0, 0, 50, 1, 0, 100, 0 },
	{ "stateless, 31 late", true, 56, 100, 0, 0, 20, 31, 0, 100, 0 },
	{ "stateless, 32 late is too late", true, 128, 100, 0, 0, 20, 32, 0, 99, 0 },
	{ "stateless, late across a loss", true, 128, 100, 30, 33, 28, 10, 0, 97, 0 },
	{ "stateful, no loss, past flags", false, 128, 1100, 0, 0, 0, 0, 0, 1100, 0 },
	{ "stateful 56-bit", false, 56, 300, 0, 0, 0, 0, 0, 300, 0 },
	/* lost 10..12: 13 is LOST, 14..19 discarded, the reset makes 20 flushed */
	{ "stateful, loss and reset", false, 128, 40, 10, 13, 0, 0, 20, 10 + 20, 1 },
	/* a loss across two flag packets (255 and 511) before the reset arrives */
	{ "stateful, loss across flags", false, 128, 800, 250, 520, 0, 0, 600, 250 + 200, 1 },
	/* no reset ever: the next flag packet (count 0x..ff, always flushed) resynchronises */
	{ "stateful, flag packet resyncs", false, 128, 600, 100, 101, 0, 0, 0, 100 + 600 - 255, 1 },
	/* a packet overtaken by its successor: that one breaks sync, the late one is dropped */
	{ "stateful, swapped pair", false, 128, 300, 0, 0, 50, 1, 0, 50 + 300 - 255, 1 },
	/* the flag packet 255 arrives 20 late, after a loss at 260 and the reset at 270 */
	{ "stateful, late flag packet after a resync", false, 128, 400, 260, 261, 255, 20, 270,
	  255 + (270 - 261) * 0 + 400 - 270, 1 },
};

static void trip_desc(const struct trip_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mppe_trip, trips, trip_desc);

#define TRIP_PAYLOAD 32

struct wire_packet {
	u8 hdr[2];
	u8 data[TRIP_PAYLOAD];
};

/*
 * What MPPE carries: an IPv4 datagram behind its protocol field (0x0021), numbered (in its
 * source address).
 */
static void fill(u8 *data, unsigned int i)
{
	memset(data, 0, TRIP_PAYLOAD);
	data[1] = 0x21;
	data[2] = 0x45;					/* IPv4, 20-byte header */
	put_unaligned_be16(TRIP_PAYLOAD - 2, data + 4);	/* its total length */
	put_unaligned_be32(i, data + 2 + 12);
	snprintf((char *)data + 22, TRIP_PAYLOAD - 22, "pkt %u", i);
}

/* The order packets reach the receiver in: i, except that late_at comes late_by later. */
static unsigned int arrival(const struct trip_case *c, unsigned int k)
{
	if (!c->late_by || k < c->late_at || k > c->late_at + c->late_by)
		return k;
	return k == c->late_at + c->late_by ? c->late_at : k + 1;
}

static void mppe_round_trip_test(struct kunit *test)
{
	const struct trip_case *c = test->param_value;
	struct mppe_fixture *f = test->priv;
	unsigned int i, k, ok = 0, lost = 0;
	struct wire_packet *wire;

	wire = kunit_kcalloc(test, c->packets, sizeof(*wire), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, wire);
	KUNIT_ASSERT_EQ(test, sluice_mppe_init(f->tx, f->sha1, rfc_start_key, c->bits,
					       c->stateless), 0);
	KUNIT_ASSERT_EQ(test, sluice_mppe_init(f->rx, f->sha1, rfc_start_key, c->bits,
					       c->stateless), 0);
	for (i = 0; i < c->packets; i++) {
		if (c->reset_at && i == c->reset_at)
			f->tx->flush_pending = true;
		fill(wire[i].data, i);
		sluice_mppe_encrypt(f->tx, wire[i].hdr, wire[i].data, TRIP_PAYLOAD);
	}
	for (k = 0; k < c->packets; k++) {
		u8 want[TRIP_PAYLOAD];
		enum sluice_mppe_verdict v;

		i = arrival(c, k);
		if (i >= c->lose_from && i < c->lose_to)
			continue;
		v = sluice_mppe_decrypt(f->rx, wire[i].hdr, wire[i].data, TRIP_PAYLOAD);
		lost += v == SLUICE_MPPE_LOST;
		if (v != SLUICE_MPPE_OK)
			continue;
		fill(want, i);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(wire[i].data, want, sizeof(want)), 0,
				    "packet %u decrypted wrongly", i);
		ok++;
	}
	KUNIT_EXPECT_EQ(test, ok, c->want_ok);
	KUNIT_EXPECT_EQ(test, lost, c->want_lost);
}

/* Stateless, 128 bits both ways, and the sender's first three packets in w. */
static void stateless_three(struct mppe_fixture *f, struct wire_packet *w)
{
	unsigned int i;

	sluice_mppe_init(f->tx, f->sha1, rfc_start_key, 128, true);
	sluice_mppe_init(f->rx, f->sha1, rfc_start_key, 128, true);
	for (i = 0; i < 3; i++) {
		fill(w[i].data, i);
		sluice_mppe_encrypt(f->tx, w[i].hdr, w[i].data, TRIP_PAYLOAD);
	}
}

/* A stateless packet replayed after it was decrypted late is refused. */
static void mppe_late_replay_test(struct kunit *test)
{
	struct mppe_fixture *f = test->priv;
	struct wire_packet w[3], copy;

	stateless_three(f, w);
	copy = w[1];
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, w[0].hdr, w[0].data, TRIP_PAYLOAD),
			SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, w[2].hdr, w[2].data, TRIP_PAYLOAD),
			SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, w[1].hdr, w[1].data, TRIP_PAYLOAD),
			SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, copy.hdr, copy.data, TRIP_PAYLOAD),
			SLUICE_MPPE_LATE);
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, w[2].hdr, w[2].data, TRIP_PAYLOAD),
			SLUICE_MPPE_LATE);
}

/* Encrypts packet i; unless it is lost, decrypts it and says how that went. */
static enum sluice_mppe_verdict send(struct kunit *test, struct mppe_fixture *f,
				     unsigned int i, bool lose)
{
	struct wire_packet w;
	u8 want[TRIP_PAYLOAD];
	enum sluice_mppe_verdict v;

	fill(w.data, i);
	sluice_mppe_encrypt(f->tx, w.hdr, w.data, TRIP_PAYLOAD);
	if (lose)
		return SLUICE_MPPE_DISCARD;
	v = sluice_mppe_decrypt(f->rx, w.hdr, w.data, TRIP_PAYLOAD);
	fill(want, i);
	if (v == SLUICE_MPPE_OK)
		KUNIT_EXPECT_EQ_MSG(test, memcmp(w.data, want, TRIP_PAYLOAD), 0,
				    "packet %u decrypted wrongly", i);
	return v;
}

/*
 * Stateful: the flushed packet answering a Reset-Request is lost, and the answer to the
 * receiver's second request arrives. The sender rekeyed twice, the header shows one: the
 * receiver must still land on the sender's key (ppp_mppe stays one behind for good).
 */
static void mppe_lost_reset_answer_test(struct kunit *test)
{
	struct mppe_fixture *f = test->priv;
	unsigned int i, lost_answers;

	for (lost_answers = 1; lost_answers <= SLUICE_MPPE_RESYNC_EXTRA; lost_answers++) {
		sluice_mppe_init(f->tx, f->sha1, rfc_start_key, 128, false);
		sluice_mppe_init(f->rx, f->sha1, rfc_start_key, 128, false);
		KUNIT_EXPECT_EQ(test, send(test, f, 0, false), SLUICE_MPPE_OK);
		send(test, f, 1, true);
		KUNIT_EXPECT_EQ(test, send(test, f, 2, false), SLUICE_MPPE_LOST);
		for (i = 0; i < lost_answers; i++) {
			f->tx->flush_pending = true;	/* a Reset-Request, answered, lost */
			send(test, f, 3 + i, true);
		}
		f->tx->flush_pending = true;		/* the last request's answer arrives */
		KUNIT_EXPECT_EQ(test, send(test, f, 10, false), SLUICE_MPPE_OK);
		for (i = 11; i < 300; i++)		/* past a flag packet too */
			KUNIT_EXPECT_EQ(test, send(test, f, i, false), SLUICE_MPPE_OK);
	}
}

/* Stateful, discarding: a flushed packet no key makes sense of changes nothing. */
static void mppe_forged_flushed_test(struct kunit *test)
{
	struct mppe_fixture *f = test->priv;
	u8 hdr[2], data[TRIP_PAYLOAD];
	unsigned int i;

	/* find a payload that decrypts to no IP under any key tried (most do) */
	for (i = 0; i < 16; i++) {
		sluice_mppe_init(f->tx, f->sha1, rfc_start_key, 128, false);
		sluice_mppe_init(f->rx, f->sha1, rfc_start_key, 128, false);
		KUNIT_EXPECT_EQ(test, send(test, f, 0, false), SLUICE_MPPE_OK);
		send(test, f, 1, true);
		KUNIT_EXPECT_EQ(test, send(test, f, 2, false), SLUICE_MPPE_LOST);
		put_unaligned_be16(0x9000 | 3, hdr);	/* the next count, flushed */
		memset(data, i * 17, sizeof(data));
		if (sluice_mppe_decrypt(f->rx, hdr, data, sizeof(data)) == SLUICE_MPPE_DISCARD)
			break;
	}
	KUNIT_ASSERT_LT(test, i, 16U);
	f->tx->flush_pending = true;
	KUNIT_EXPECT_EQ(test, send(test, f, 3, false), SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, send(test, f, 4, false), SLUICE_MPPE_OK);
}

/*
 * Stateless: a forged packet far ahead (any payload: the forger has no key) moves nothing,
 * and the real packets after it still decrypt. It used to take the receiver 2,000 keys
 * ahead, and every real packet was "late" until the sender caught up.
 */
static void mppe_forged_jump_test(struct kunit *test)
{
	struct mppe_fixture *f = test->priv;
	u8 hdr[2], data[TRIP_PAYLOAD];
	unsigned int i;

	sluice_mppe_init(f->tx, f->sha1, rfc_start_key, 128, true);
	sluice_mppe_init(f->rx, f->sha1, rfc_start_key, 128, true);
	KUNIT_EXPECT_EQ(test, send(test, f, 0, false), SLUICE_MPPE_OK);
	put_unaligned_be16(0x9000 | 2000, hdr);
	memset(data, 0x5a, sizeof(data));
	KUNIT_EXPECT_NE(test, sluice_mppe_decrypt(f->rx, hdr, data, sizeof(data)), SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, f->rx->ccount, 0);
	for (i = 1; i < 40; i++)
		KUNIT_EXPECT_EQ(test, send(test, f, i, false), SLUICE_MPPE_OK);
}

/* Stateless: a forged late packet does not use up the real one's slot. */
static void mppe_forged_late_test(struct kunit *test)
{
	struct mppe_fixture *f = test->priv;
	struct wire_packet w[3];
	u8 hdr[2], data[TRIP_PAYLOAD];

	stateless_three(f, w);
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, w[0].hdr, w[0].data, TRIP_PAYLOAD),
			SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, w[2].hdr, w[2].data, TRIP_PAYLOAD),
			SLUICE_MPPE_OK);
	memcpy(hdr, w[1].hdr, sizeof(hdr));	/* count 1, late: the forger can read that */
	memset(data, 0xa5, sizeof(data));
	KUNIT_EXPECT_NE(test, sluice_mppe_decrypt(f->rx, hdr, data, sizeof(data)), SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, w[1].hdr, w[1].data, TRIP_PAYLOAD),
			SLUICE_MPPE_OK);
}

/* A forged stateless packet at count c (it decrypts to no IP datagram). */
static enum sluice_mppe_verdict forge(struct mppe_fixture *f, u16 c)
{
	u8 hdr[2], data[TRIP_PAYLOAD];

	put_unaligned_be16(0x9000 | c, hdr);
	memset(data, 0x5a, sizeof(data));
	return sluice_mppe_decrypt(f->rx, hdr, data, sizeof(data));
}

/*
 * Stateless: the rekeys forged jumps waste come out of a budget; once it is spent, jumps
 * wait for it to refill (no work at all). A real loss proves right and costs nothing.
 */
static void mppe_rekey_budget_test(struct kunit *test)
{
	struct mppe_fixture *f = test->priv;
	unsigned int i;

	sluice_mppe_init(f->tx, f->sha1, rfc_start_key, 128, true);
	sluice_mppe_init(f->rx, f->sha1, rfc_start_key, 128, true);
	KUNIT_EXPECT_EQ(test, f->rx->rekey_budget, SLUICE_MPPE_REKEY_BURST);
	KUNIT_EXPECT_EQ(test, send(test, f, 0, false), SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, forge(f, 2000), SLUICE_MPPE_GARBAGE);
	KUNIT_EXPECT_EQ(test, f->rx->rekey_budget, SLUICE_MPPE_REKEY_BURST - 1999);
	KUNIT_EXPECT_EQ(test, forge(f, 2000), SLUICE_MPPE_REKEY_LIMIT);
	KUNIT_EXPECT_EQ(test, f->rx->rekey_budget, SLUICE_MPPE_REKEY_BURST - 1999);
	/* packets 1..10 lost: the jump to 11 is within what is left, and is free */
	for (i = 1; i <= 10; i++)
		send(test, f, i, true);
	KUNIT_EXPECT_EQ(test, send(test, f, 11, false), SLUICE_MPPE_OK);
	KUNIT_EXPECT_EQ(test, f->rx->rekey_budget, SLUICE_MPPE_REKEY_BURST - 1999);
	/* a second later it is full again; more than that does not add up */
	sluice_mppe_rx_refill(f->rx, f->rx->rekey_stamp + 5 * HZ);
	KUNIT_EXPECT_EQ(test, f->rx->rekey_budget, SLUICE_MPPE_REKEY_BURST);
	KUNIT_EXPECT_EQ(test, forge(f, 11 + 2000), SLUICE_MPPE_GARBAGE);
	KUNIT_EXPECT_EQ(test, f->rx->ccount, 11);
	KUNIT_EXPECT_EQ(test, send(test, f, 12, false), SLUICE_MPPE_OK);
}

/* What counts as an IP datagram after decryption. */
static void mppe_looks_like_ip_test(struct kunit *test)
{
	u8 v4[22] = { 0x00, 0x21, 0x45, 0, 0, 20 }, v4pfc[21] = { 0x21, 0x45, 0, 0, 20 };
	u8 v6[42] = { 0x00, 0x57, 0x60 };

	KUNIT_EXPECT_TRUE(test, sluice_mppe_looks_like_ip(v4, sizeof(v4)));
	KUNIT_EXPECT_TRUE(test, sluice_mppe_looks_like_ip(v4pfc, sizeof(v4pfc)));
	KUNIT_EXPECT_TRUE(test, sluice_mppe_looks_like_ip(v6, sizeof(v6)));
	KUNIT_EXPECT_FALSE(test, sluice_mppe_looks_like_ip(v4, sizeof(v4) - 1));	/* cut */
	v4[5] = 21;							/* too long */
	KUNIT_EXPECT_FALSE(test, sluice_mppe_looks_like_ip(v4, sizeof(v4)));
	v4[5] = 20;
	v4[2] = 0x44;							/* IHL 4 */
	KUNIT_EXPECT_FALSE(test, sluice_mppe_looks_like_ip(v4, sizeof(v4)));
	v6[2] = 0x40;							/* not version 6 */
	KUNIT_EXPECT_FALSE(test, sluice_mppe_looks_like_ip(v6, sizeof(v6)));
	v4[1] = 0x2b;							/* IPX */
	KUNIT_EXPECT_FALSE(test, sluice_mppe_looks_like_ip(v4, sizeof(v4)));
	KUNIT_EXPECT_FALSE(test, sluice_mppe_looks_like_ip(v4, 0));
}

struct hdr_case {
	const char *name;
	bool stateless;
	u8 hdr[2];
	enum sluice_mppe_verdict want;
};

static const struct hdr_case hdrs[] = {
	{ "not encrypted", false, { 0x00, 0x00 }, SLUICE_MPPE_MALFORMED },
	{ "compressed (MPPC)", false, { 0x30, 0x00 }, SLUICE_MPPE_MALFORMED },
	{ "stateless without flushed", true, { 0x10, 0x00 }, SLUICE_MPPE_MALFORMED },
	{ "stateful flag packet without flushed", false, { 0x10, 0xff }, SLUICE_MPPE_MALFORMED },
	{ "stateless repeat of the last", true, { 0x9f, 0xff }, SLUICE_MPPE_LATE },
	{ "stateless far behind", true, { 0x98, 0x00 }, SLUICE_MPPE_LATE },
	{ "stateful jump", false, { 0x10, 0x05 }, SLUICE_MPPE_LOST },
	/* the header is good, but 01 02 03 04 decrypts to no IP datagram: nothing moves */
	{ "stateless first packet, not IP", true, { 0x90, 0x00 }, SLUICE_MPPE_GARBAGE },
	{ "stateful first packet", false, { 0x10, 0x00 }, SLUICE_MPPE_OK },
};

static void hdr_desc(const struct hdr_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mppe_hdr, hdrs, hdr_desc);

static void mppe_header_test(struct kunit *test)
{
	const struct hdr_case *c = test->param_value;
	struct mppe_fixture *f = test->priv;
	u8 data[4] = { 1, 2, 3, 4 };

	KUNIT_ASSERT_EQ(test, sluice_mppe_init(f->rx, f->sha1, rfc_start_key, 128,
					       c->stateless), 0);
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, c->hdr, data, sizeof(data)), c->want);
	/* an empty payload is never valid */
	KUNIT_EXPECT_EQ(test, sluice_mppe_decrypt(f->rx, c->hdr, data, 0), SLUICE_MPPE_MALFORMED);
}

static void mppe_bad_bits_test(struct kunit *test)
{
	struct mppe_fixture *f = test->priv;

	KUNIT_EXPECT_EQ(test, sluice_mppe_init(f->tx, f->sha1, rfc_start_key, 64, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, sluice_mppe_init(f->tx, f->sha1, rfc_start_key, 0, true), -EINVAL);
}

static struct kunit_case mppe_test_cases[] = {
	KUNIT_CASE_PARAM(mppe_rfc3079_test, mppe_vector_gen_params),
	KUNIT_CASE_PARAM(mppe_round_trip_test, mppe_trip_gen_params),
	KUNIT_CASE_PARAM(mppe_header_test, mppe_hdr_gen_params),
	KUNIT_CASE(mppe_bad_bits_test),
	KUNIT_CASE(mppe_late_replay_test),
	KUNIT_CASE(mppe_lost_reset_answer_test),
	KUNIT_CASE(mppe_forged_flushed_test),
	KUNIT_CASE(mppe_forged_jump_test),
	KUNIT_CASE(mppe_forged_late_test),
	KUNIT_CASE(mppe_rekey_budget_test),
	KUNIT_CASE(mppe_looks_like_ip_test),
	{}
};

static struct kunit_suite mppe_test_suite = {
	.name = "sluice_mppe",
	.init = mppe_test_init,
	.exit = mppe_test_exit,
	.test_cases = mppe_test_cases,
};

kunit_test_suite(mppe_test_suite);
