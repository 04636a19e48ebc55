/* SPDX-License-Identifier: GPL-2.0 */
/* For the vici tests and fuzzer: a parsed tree written again with the builder. */
#ifndef SLUICE_TEST_VICI_REENCODE_H
#define SLUICE_TEST_VICI_REENCODE_H

#include "ipsec/vici_msg.h"

/* The members of section sec into b (the encoding is canonical: same bytes as parsed). */
void vici_reencode(struct vici_builder *b, const struct vici_node *sec);

#endif /* SLUICE_TEST_VICI_REENCODE_H */
