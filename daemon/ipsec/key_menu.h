/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec key, as RouterOS has it: print with the read-only columns name, key-size,
 * private-key and rsa; remove (refused while an identity names the key); the commands
 * generate-key, import and export-pub-key. Not configuration: the keys live in keys.h's
 * store, never exported. Registered here, a view run by key_view.c once hooked in at start
 * (ipsec_key_menu_hook()), as /certificate is.
 */
#ifndef SLUICED_IPSEC_KEY_MENU_H
#define SLUICED_IPSEC_KEY_MENU_H

#include "admin/config.h"

#define IPSEC_KEY_PROPS(P, S) \
	P(S, name, "name", text, "", CFG_P_COLUMN) \
	P(S, key_size, "key-size", text, "", CFG_P_COLUMN) \
	P(S, private_key, "private-key", text, "", CFG_P_COLUMN) \
	P(S, rsa, "rsa", text, "", CFG_P_COLUMN)
CFG_MENU_DECLARE(ipsec_key, IPSEC_KEY_PROPS)

void ipsec_key_menu_hook(void);

#endif /* SLUICED_IPSEC_KEY_MENU_H */
