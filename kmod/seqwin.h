/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive window over PPTP's 32-bit GRE sequence numbers: packets ahead of the highest
 * seen advance it, packets up to SLUICE_SEQWIN_SIZE behind it are accepted once each, older
 * ones and repeats are refused. The kernel's pptp.ko drops every reordered packet instead.
 */
#ifndef _SLUICE_SEQWIN_H
#define _SLUICE_SEQWIN_H

#include <linux/types.h>

#define SLUICE_SEQWIN_SIZE 64
/*
 * A forged or stray packet far ahead moves the window past the real sender, whose packets
 * then all look old. After this many old packets in a row, the window follows the sender.
 */
#define SLUICE_SEQWIN_RESYNC 8

struct sluice_seqwin {
	u32 top;		/* highest sequence number accepted */
	u64 seen;		/* bit i: top - i was accepted */
	u8 old_run;		/* old packets in a row */
	bool started;
};

enum sluice_seq_verdict {
	SLUICE_SEQ_NEXT,	/* in order or ahead (a gap means loss), or a resync */
	SLUICE_SEQ_LATE,	/* behind, inside the window, first time */
	SLUICE_SEQ_DUPLICATE,
	SLUICE_SEQ_OLD,		/* behind the window */
};

/* seqwin.c APIs: (the caller serialises calls on one window) */
enum sluice_seq_verdict sluice_seqwin_check(struct sluice_seqwin *w, u32 seq);

#endif /* _SLUICE_SEQWIN_H */
