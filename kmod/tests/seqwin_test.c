// SPDX-License-Identifier: GPL-2.0
/* KUnit: the GRE receive window (seqwin.c): reordering, loss, repeats, wrap-around. */
#include <kunit/test.h>
#include "../seqwin.h"

struct seq_case {
	const char *name;
	u32 start;
	int n;
	s64 seq[12];		/* offsets from start */
	enum sluice_seq_verdict want[12];
};

#define N SLUICE_SEQ_NEXT
#define L SLUICE_SEQ_LATE
#define D SLUICE_SEQ_DUPLICATE
#define O SLUICE_SEQ_OLD

static const struct seq_case seq_cases[] = {
	{ "in order", 100, 4, { 0, 1, 2, 3 }, { N, N, N, N } },
	{ "loss is a gap, not a drop", 100, 3, { 0, 5, 6 }, { N, N, N } },
	{ "swap of two", 7, 4, { 0, 2, 1, 3 }, { N, N, L, N } },
	{ "late twice is a duplicate", 7, 4, { 0, 2, 1, 1 }, { N, N, L, D } },
	{ "repeat of the newest", 7, 3, { 0, 1, 1 }, { N, N, D } },
	{ "63 behind still inside", 0, 3, { 0, 63, 0 + 1 }, { N, N, L } },
	{ "64 behind is old", 0, 2, { 64, 0 }, { N, O } },
	{ "far ahead clears the window", 0, 3, { 0, 1000, 999 }, { N, N, L } },
	{ "wrap around 2^32", 0xfffffffe, 5, { 0, 1, 3, 2, 4 }, { N, N, N, L, N } },
	{ "half the space behind is old", 0, 2, { 0, -2000 }, { N, O } },
	{ "exactly 2^31 away is old", 5, 2, { 0, 0x80000000LL }, { N, O } },
	{ "forged jump ahead: the sender resyncs after 8", 100, 12,
	  { 0, 1, 1000000, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, { N, N, N, O, O, O, O, O, O, O, N, N } },
	{ "a late packet breaks a run of old ones", 100, 12,
	  { 0, 1000000, 1, 2, 3, 4, 999999, 5, 6, 7, 8, 9 }, { N, N, O, O, O, O, L, O, O, O, O, O } },
};

#undef N
#undef L
#undef D
#undef O

static void seq_case_desc(const struct seq_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(seqwin, seq_cases, seq_case_desc);

static void seqwin_test(struct kunit *test)
{
	const struct seq_case *c = test->param_value;
	struct sluice_seqwin w = {};
	int i;

	for (i = 0; i < c->n; i++)
		KUNIT_EXPECT_EQ_MSG(test, sluice_seqwin_check(&w, c->start + (u32)c->seq[i]),
				    c->want[i], "packet %d", i);
}

/* Any permutation of a window's worth of packets is accepted exactly once each. */
static void seqwin_shuffle_test(struct kunit *test)
{
	struct sluice_seqwin w = {};
	u32 order[SLUICE_SEQWIN_SIZE];
	int i, accepted = 0;

	for (i = 0; i < SLUICE_SEQWIN_SIZE; i++)
		order[i] = (i * 37) % SLUICE_SEQWIN_SIZE;	/* 37 is coprime to 64 */
	KUNIT_ASSERT_EQ(test, sluice_seqwin_check(&w, 1000 + SLUICE_SEQWIN_SIZE - 1),
			SLUICE_SEQ_NEXT);
	for (i = 0; i < SLUICE_SEQWIN_SIZE; i++) {
		enum sluice_seq_verdict v = sluice_seqwin_check(&w, 1000 + order[i]);

		accepted += v == SLUICE_SEQ_LATE || v == SLUICE_SEQ_NEXT;
	}
	/* 1063 came first; the 63 others are late; the second 1063 is a duplicate */
	KUNIT_EXPECT_EQ(test, accepted, SLUICE_SEQWIN_SIZE - 1);
}

static struct kunit_case seqwin_test_cases[] = {
	KUNIT_CASE_PARAM(seqwin_test, seqwin_gen_params),
	KUNIT_CASE(seqwin_shuffle_test),
	{}
};

static struct kunit_suite seqwin_test_suite = {
	.name = "sluice_seqwin",
	.test_cases = seqwin_test_cases,
};

kunit_test_suite(seqwin_test_suite);
