// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: any byte string as a control-socket record (ctl_decode). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_msg m;
	const char *text;
	size_t len;
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);	/* exact size, so ASan sees any over-read */
	if (ctl_decode(copy, size, &m) == CTL_OK) {
		if (m.payload + m.len != (const char *)copy + size)
			abort();
		if (m.type == CTL_REP_DONE)
			(void)ctl_done_status(&m, &text, &len);
	}
	free(copy);
	return 0;
}
