/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The log as the L2TP unit tests see it: link l2tp_log.c, which stands in for
 * daemon/core/log.c. Every line must be of the l2tp topic; TEST_VERBOSE=1 prints them.
 */
#ifndef SLUICE_TEST_L2TP_LOG_H
#define SLUICE_TEST_L2TP_LOG_H

extern char last_warning[256];	/* the last line of warning priority or worse */
extern unsigned int nlogs;	/* lines logged */

#endif /* SLUICE_TEST_L2TP_LOG_H */
