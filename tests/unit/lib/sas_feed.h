/* SPDX-License-Identifier: GPL-2.0 */
/* Charon's events for the SA table's tests: built with our vici builder, parsed as charon's
 * bytes, handed to ipsec_sas_event(). */
#ifndef SLUICE_TEST_SAS_FEED_H
#define SLUICE_TEST_SAS_FEED_H

#include "ipsec/vici_msg.h"

/* The event built in *b goes to the table as NAME; *b starts again empty. */
void sas_feed(struct vici_builder *b, const char *name);

#endif
