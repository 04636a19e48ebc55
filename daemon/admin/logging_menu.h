/* SPDX-License-Identifier: GPL-2.0 */
/* /system logging: which messages are written, by RouterOS's topics (core/log.c applies it). */
#ifndef SLUICED_LOGGING_MENU_H
#define SLUICED_LOGGING_MENU_H

#include "admin/config.h"

#define SYSTEM_LOGGING_PROPS(P, S) \
	P(S, topics, "topics", topics, NULL, CFG_P_COLUMN) \
	P(S, action, "action", log_action, "memory", CFG_P_COLUMN) \
	P(S, prefix, "prefix", text, "", CFG_P_COLUMN) \
	P(S, disabled, "disabled", bool, "no", 0)
CFG_MENU_DECLARE(system_logging, SYSTEM_LOGGING_PROPS)

#endif /* SLUICED_LOGGING_MENU_H */
