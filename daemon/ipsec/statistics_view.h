/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec statistics: the kernel's XFRM counters (/proc/self/net/xfrm_stat, the network
 * namespace sluiced runs in) under RouterOS's names, in the page's order; then three the
 * kernel keeps that RouterOS does not show, under names of ours. A counter the kernel does
 * not have (no CONFIG_XFRM_STATISTICS: no file at all) is shown empty. Last, sluiced's
 * DHCPINFORM responder's counters (dhcp_inform.h), once ipsec.c has set the hook.
 */
#ifndef SLUICED_IPSEC_STATISTICS_VIEW_H
#define SLUICED_IPSEC_STATISTICS_VIEW_H

#include "admin/config.h"

/* X(kernel's name, RouterOS's name) */
#define IPSEC_STATISTICS(X) \
	X("XfrmInError", "in-errors") \
	X("XfrmInBufferError", "in-buffer-errors") \
	X("XfrmInHdrError", "in-header-errors") \
	X("XfrmInNoStates", "in-no-states") \
	X("XfrmInStateProtoError", "in-state-protocol-errors") \
	X("XfrmInStateModeError", "in-state-mode-errors") \
	X("XfrmInStateSeqError", "in-state-sequence-errors") \
	X("XfrmInStateExpired", "in-state-expired") \
	X("XfrmInStateMismatch", "in-state-mismatches") \
	X("XfrmInStateInvalid", "in-state-invalid") \
	X("XfrmInTmplMismatch", "in-template-mismatches") \
	X("XfrmInNoPols", "in-no-policies") \
	X("XfrmInPolBlock", "in-policy-blocked") \
	X("XfrmInPolError", "in-policy-errors") \
	X("XfrmOutError", "out-errors") \
	X("XfrmOutBundleGenError", "out-bundle-errors") \
	X("XfrmOutBundleCheckError", "out-bundle-check-errors") \
	X("XfrmOutNoStates", "out-no-states") \
	X("XfrmOutStateProtoError", "out-state-protocol-errors") \
	X("XfrmOutStateModeError", "out-state-mode-errors") \
	X("XfrmOutStateSeqError", "out-state-sequence-errors") \
	X("XfrmOutStateExpired", "out-state-expired") \
	X("XfrmOutPolBlock", "out-policy-blocked") \
	X("XfrmOutPolDead", "out-policy-dead") \
	X("XfrmOutPolError", "out-policy-errors") \
	X("XfrmFwdHdrError", "forward-header-errors") \
	X("XfrmOutStateInvalid", "out-state-invalid") \
	X("XfrmAcquireError", "acquire-errors")

extern struct cfg_menu ipsec_statistics_menu;

/* The DHCPINFORM responder's counters (a hook: the view's tests run without it). */
struct ipsec_dhcp_stats;
extern const struct ipsec_dhcp_stats *(*ipsec_statistics_dhcp)(void);

/* The view's one row from the file's text. */
void ipsec_statistics_row(struct cfg_menu *v, const char *text, size_t len);

#endif /* SLUICED_IPSEC_STATISTICS_VIEW_H */
