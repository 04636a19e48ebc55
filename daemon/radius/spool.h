/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The durable accounting queue: records (a request's encoded attributes and when they were
 * made) are appended to a spool file and fsync'd before they are sent, marked done (a
 * tombstone) when the server acknowledges them, and loaded again after a restart, oldest
 * first. The file is an append-only log of checksummed entries; a torn last entry (a crash
 * while writing) is dropped when loading. At start, and when it grows past RAD_SPOOL_COMPACT
 * bytes, the file is rewritten with only the live records (new file, fsync, rename); with no
 * live record left it is truncated. At most RAD_SPOOL_MAX records are kept: more are refused
 * (and counted), so an outage cannot fill the disk.
 */
#ifndef SLUICED_RADIUS_SPOOL_H
#define SLUICED_RADIUS_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#define RAD_SPOOL_MAX 20000
#define RAD_SPOOL_COMPACT (4u << 20)

struct rad_spool_rec {
	struct rad_spool_rec *next;
	uint64_t seq;
	int64_t created;	/* CLOCK_REALTIME seconds */
	void *user;		/* the sender's (a request in flight) */
	uint16_t len;
	uint8_t data[];
};

/* Opens (creating) path and loads what it holds; NULL path: memory only. 0 or -errno. */
int rad_spool_open(const char *path);
void rad_spool_close(void);
/* A new record at the end, written but not yet synced; NULL if refused (full, no memory). */
struct rad_spool_rec *rad_spool_push(const uint8_t *data, size_t len, int64_t created);
/* Makes every pushed record durable: 0 or -errno. */
int rad_spool_sync(void);
/* The oldest live record, and the next one. */
struct rad_spool_rec *rad_spool_first(void);
/* Acknowledged: tombstoned and freed. */
void rad_spool_done(struct rad_spool_rec *r);
size_t rad_spool_count(void);
unsigned long rad_spool_dropped(void);

/* For tests and the loader: parses a file image, calling fn for each live record in order.
 * Returns the number of bytes of good entries (a torn tail is not counted). */
size_t rad_spool_parse(const uint8_t *buf, size_t len,
		       void (*fn)(void *arg, uint64_t seq, int64_t created, const uint8_t *data,
				  size_t dlen),
		       void *arg);

#endif /* SLUICED_RADIUS_SPOOL_H */
