// SPDX-License-Identifier: GPL-2.0
#include "seqwin.h"

enum sluice_seq_verdict sluice_seqwin_check(struct sluice_seqwin *w, u32 seq)
{
	s32 ahead = (s32)(seq - w->top);	/* serial-number arithmetic: wraps at 2^32 */
	u32 behind;

	if (!w->started) {
		w->started = true;
		goto restart;
	}
	if (ahead > 0) {
		w->old_run = 0;
		w->seen = ahead >= SLUICE_SEQWIN_SIZE ? 0 : w->seen << ahead;
		w->seen |= 1;
		w->top = seq;
		return SLUICE_SEQ_NEXT;
	}
	behind = w->top - seq;	/* unsigned: no overflow at 2^31 */
	if (behind >= SLUICE_SEQWIN_SIZE) {
		if (++w->old_run >= SLUICE_SEQWIN_RESYNC)
			goto restart;
		return SLUICE_SEQ_OLD;
	}
	w->old_run = 0;
	if (w->seen & (1ULL << behind))
		return SLUICE_SEQ_DUPLICATE;
	w->seen |= 1ULL << behind;
	return SLUICE_SEQ_LATE;

restart:
	w->top = seq;
	w->seen = 1;
	w->old_run = 0;
	return SLUICE_SEQ_NEXT;
}
