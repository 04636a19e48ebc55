// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the accounting spool's on-disk format (radius/spool.c), as a crash, a full disk
 * or an editor could leave the file: the parser on the raw image, then the loader on the
 * same bytes as a file (load, compaction, acknowledging every record), checking what comes
 * out is within the file and the caps.
 */
/* unit-test-sources: daemon/radius/spool.c daemon/radius/packet.c daemon/radius/crypto.c tests/unit/lib/fuzz_quiet.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "radius/spool.h"
#include "fuzz_quiet.h"

static size_t records, bytes;

static void count(void *arg, uint64_t seq, int64_t created, const uint8_t *data, size_t dlen)
{
	size_t len = *(size_t *)arg;

	(void)seq;
	(void)created;
	check(dlen <= len && (dlen == 0 || data != NULL));
	records++;
	bytes += dlen;
}

static void load_as_file(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-spool-XXXXXX";
	struct rad_spool_rec *r;
	int fd = mkstemp(path);
	size_t n = 0;

	check(fd >= 0);
	check(write(fd, data, size) == (ssize_t)size);
	close(fd);
	if (rad_spool_open(path) == 0) {
		check(rad_spool_count() <= RAD_SPOOL_MAX);
		while ((r = rad_spool_first()) && n++ <= RAD_SPOOL_MAX) {
			check(r->len <= size);
			rad_spool_done(r);
		}
		check(rad_spool_count() == 0);
		rad_spool_close();
	}
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t good;

	records = bytes = 0;
	good = rad_spool_parse(data, size, count, &size);
	check(good <= size && bytes <= size && records <= size);
	load_as_file(data, size);
	return 0;
}
