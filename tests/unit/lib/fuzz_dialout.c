// SPDX-License-Identifier: GPL-2.0
/* A dial-out client's item handled as an operator would (fuzz_dialout.h). */
#include <stdlib.h>
#include <string.h>
#include "fuzz_dialout.h"
#include "fuzz_quiet.h"
#include "kernel_stub.h"
#include "strbuf.h"

const char *const fuzz_dialout_allows[4] = { "pap", "chap", "mschap2",
					    "pap,chap,mschap1,mschap2" };

enum fuzz_ppp_auth fuzz_dialout_auth(unsigned int allow)
{
	static const enum fuzz_ppp_auth auths[] = { FUZZ_PPP_PAP, FUZZ_PPP_CHAP, FUZZ_PPP_MSCHAP2,
						    FUZZ_PPP_PAP };

	return auths[allow & 3];
}

void fuzz_dialout_add(const struct fuzz_dialout *d)
{
	struct strbuf err;

	sb_init(&err);
	check(cfg_add(d->menu, d->keys, d->vals, d->n, &err) == 0);
	sb_free(&err);
	d->apply();
}

void fuzz_dialout_set(const struct fuzz_dialout *d, const char *key, const char *value)
{
	struct cfg_item *it = cfg_find(d->menu, d->name);
	struct strbuf err;

	if (!it)
		return;
	sb_init(&err);
	check(cfg_set(d->menu, it, &key, &value, 1, &err) == 0);
	sb_free(&err);
	d->apply();
}

unsigned int fuzz_dialout_removed;

void fuzz_dialout_remove(const struct fuzz_dialout *d)
{
	struct cfg_item *it = cfg_find(d->menu, d->name);
	struct strbuf err;

	if (!it)
		return;
	sb_init(&err);
	check(cfg_remove(d->menu, it, &err) == 0);
	sb_free(&err);
	fuzz_dialout_removed++;
	d->apply();
}

/* What print's flags and monitor show of the item. */
static void monitor(const struct fuzz_dialout *d)
{
	struct cfg_item *it = cfg_find(d->menu, d->name);
	struct strbuf out;

	if (!it)
		return;
	sb_init(&out);
	check(strlen(d->menu->live_flags(d->menu, it)) <= 1);
	d->menu->monitor(d->menu, it, &out, 0);
	check(out.len > 0);
	sb_free(&out);
}

void fuzz_dialout_operator(const struct fuzz_dialout *d, uint8_t arg)
{
	switch (arg % 5) {
	case 0:
		fuzz_dialout_set(d, "disabled", "yes");
		break;
	case 1:
		fuzz_dialout_set(d, "disabled", "no");
		break;
	case 2:
		fuzz_dialout_set(d, "password", (arg & 4) ? "other" : "secret");
		break;
	case 3:				/* the old client is still stopping */
		fuzz_dialout_remove(d);
		fuzz_dialout_add(d);
		break;
	default:
		monitor(d);
	}
}

void fuzz_dialout_ppp_frame(const uint8_t *p, size_t n)
{
	uint8_t *frame;

	if (!stub.frame_cb)
		return;
	frame = malloc(n ? n : 1);	/* exact size: ASan sees any over-read */
	check(frame != NULL);
	memcpy(frame, p, n);
	stub.frame_cb(stub.frame_owner, frame, n);
	free(frame);
}
