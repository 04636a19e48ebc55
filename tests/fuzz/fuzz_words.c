// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: any byte string as a command line (words_split); ASan and UBSan watch. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct words ws;
	char *line = malloc(size + 1);
	size_t i;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (words_split(&ws, line) == 0) {
		for (i = 0; i < ws.n; i++)
			if (strlen(ws.w[i].text) > size || (ws.w[i].col == 0 || ws.w[i].col > size))
				abort();
	}
	free(line);
	return 0;
}
