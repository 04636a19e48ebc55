// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#define LOG_TOPIC LOG_T_RADIUS
#include "core/log.h"
#include "radius/packet.h"
#include "radius/spool.h"

/*
 * An entry, host byte order (the file never leaves the machine):
 *   magic u32 | type u8 | 0 u8 | len u16 | seq u64 | created i64 | data[len] | crc32 u32
 * crc32 (IEEE) covers everything before it. A tombstone has type DONE, len 0, created 0.
 */
#define MAGIC 0x31415253u
#define T_REC 1
#define T_DONE 2
#define HDR 24
#define MAX_FILE (64u << 20)

static int fd = -1;
static char *file_path;
static struct rad_spool_rec *head, *tail;
static size_t count;
static uint64_t next_seq = 1;
static size_t file_size;
static unsigned long dropped;
static int unsynced;

static uint32_t crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c >> 1 ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static size_t encode(uint8_t *out, uint8_t type, uint64_t seq, int64_t created,
		     const uint8_t *data, uint16_t len)
{
	uint32_t magic = MAGIC, crc;

	memcpy(out, &magic, 4);
	out[4] = type;
	out[5] = 0;
	memcpy(out + 6, &len, 2);
	memcpy(out + 8, &seq, 8);
	memcpy(out + 16, &created, 8);
	if (len)
		memcpy(out + HDR, data, len);
	crc = crc32(out, HDR + len);
	memcpy(out + HDR + len, &crc, 4);
	return HDR + len + 4;
}

struct entry {
	size_t off;
	uint64_t seq;
	uint16_t len;
	int64_t created;
	uint8_t type;
	int dead;
};

static int by_seq(const void *k, const void *e)
{
	uint64_t a = *(const uint64_t *)k, b = ((const struct entry *)e)->seq;

	return a < b ? -1 : a > b;
}

/* The valid entries from the start of buf, up to the first bad or torn one. */
static struct entry *scan(const uint8_t *buf, size_t len, size_t *n, size_t *good)
{
	struct entry *e = NULL;
	size_t cap = 0, off = 0;

	*n = 0;
	while (off + HDR + 4 <= len) {
		struct entry x = { .off = off };
		uint32_t magic, crc;

		memcpy(&magic, buf + off, 4);
		memcpy(&x.len, buf + off + 6, 2);
		memcpy(&x.seq, buf + off + 8, 8);
		memcpy(&x.created, buf + off + 16, 8);
		x.type = buf[off + 4];
		if (magic != MAGIC || (x.type != T_REC && x.type != T_DONE) ||
		    x.len > RAD_MAX_LEN || off + HDR + x.len + 4 > len)
			break;
		memcpy(&crc, buf + off + HDR + x.len, 4);
		if (crc != crc32(buf + off, HDR + x.len))
			break;
		if (*n == cap) {
			struct entry *m = realloc(e, (cap = cap ? 2 * cap : 256) * sizeof(*e));

			if (!m)
				break;
			e = m;
		}
		e[(*n)++] = x;
		off += HDR + x.len + 4;
	}
	*good = off;
	return e;
}

size_t rad_spool_parse(const uint8_t *buf, size_t len,
		       void (*fn)(void *arg, uint64_t seq, int64_t created, const uint8_t *data,
				  size_t dlen),
		       void *arg)
{
	size_t n, good, nrec = 0, i;
	struct entry *e = scan(buf, len, &n, &good), *recs;

	if (!e)
		return good;
	recs = malloc((n ? n : 1) * sizeof(*recs));
	if (!recs) {
		free(e);
		return 0;
	}
	/* records in rising seq order (a record out of order is a corrupt file: dropped) */
	for (i = 0; i < n; i++)
		if (e[i].type == T_REC && (!nrec || e[i].seq > recs[nrec - 1].seq))
			recs[nrec++] = e[i];
	for (i = 0; i < n; i++) {
		struct entry *hit;

		if (e[i].type != T_DONE)
			continue;
		hit = bsearch(&e[i].seq, recs, nrec, sizeof(*recs), by_seq);
		if (hit)
			hit->dead = 1;
	}
	for (i = 0; i < nrec; i++)
		if (!recs[i].dead)
			fn(arg, recs[i].seq, recs[i].created, buf + recs[i].off + HDR, recs[i].len);
	free(recs);
	free(e);
	return good;
}

/* --- the live queue */

static struct rad_spool_rec *rec_new(uint64_t seq, int64_t created, const uint8_t *data,
				     size_t len)
{
	struct rad_spool_rec *r = calloc(1, sizeof(*r) + len);

	if (!r)
		return NULL;
	r->seq = seq;
	r->created = created;
	r->len = (uint16_t)len;
	memcpy(r->data, data, len);
	if (tail)
		tail->next = r;
	else
		head = r;
	tail = r;
	count++;
	return r;
}

static void loaded(void *arg, uint64_t seq, int64_t created, const uint8_t *data, size_t len)
{
	(void)arg;
	if (count < RAD_SPOOL_MAX && rec_new(seq, created, data, len) && seq >= next_seq)
		next_seq = seq + 1;
}

static int write_all(int to, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(to, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *path)
{
	char dir[4096], *slash;
	int d, ret = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0 || fsync(d))
		ret = -errno;
	if (d >= 0)
		close(d);
	return ret;
}

/* The live records into a new file that replaces the old one. */
static int compact(void)
{
	char tmp[4096];
	uint8_t ent[HDR + RAD_MAX_LEN + 4];
	struct rad_spool_rec *r;
	size_t size = 0;
	int nfd, ret = 0;

	if (!file_path)
		return 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", file_path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	nfd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (nfd < 0)
		return -errno;
	for (r = head; r && !ret; r = r->next) {
		size_t n = encode(ent, T_REC, r->seq, r->created, r->data, r->len);

		ret = write_all(nfd, ent, n);
		size += n;
	}
	if (!ret && fsync(nfd))
		ret = -errno;
	if (!ret && rename(tmp, file_path))
		ret = -errno;
	if (ret) {
		close(nfd);
		unlink(tmp);
		return ret;
	}
	fsync_dir(file_path);
	if (fd >= 0)
		close(fd);
	fd = nfd;
	lseek(fd, 0, SEEK_END);
	file_size = size;
	return 0;
}

int rad_spool_open(const char *path)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t good = 0;
	ssize_t n = 0;
	int ret;

	rad_spool_close();
	if (!path)
		return 0;
	file_path = strdup(path);
	if (!file_path)
		return -ENOMEM;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || fstat(fd, &st))
		return -errno;
	if (st.st_size > 0) {
		size_t want = (size_t)st.st_size > MAX_FILE ? MAX_FILE : (size_t)st.st_size;

		buf = malloc(want);
		if (!buf)
			return -ENOMEM;
		n = pread(fd, buf, want, 0);
		if (n > 0)
			good = rad_spool_parse(buf, (size_t)n, loaded, NULL);
		free(buf);
		if (n > 0 && good < (size_t)n)
			log_warn("radius: accounting spool %s: %zu bytes at its end unreadable "
				 "(a write cut short?): dropped", path, (size_t)n - good);
	}
	if (count)
		log_info("radius: accounting spool %s: %zu records to send", path, count);
	ret = compact();
	if (ret)
		log_err("radius: accounting spool %s: %s", path, strerror(-ret));
	return ret;
}

struct rad_spool_rec *rad_spool_push(const uint8_t *data, size_t len, int64_t created)
{
	uint8_t ent[HDR + RAD_MAX_LEN + 4];
	struct rad_spool_rec *r;
	size_t n;

	if (len > RAD_MAX_LEN || count >= RAD_SPOOL_MAX) {
		if (!(dropped++ % 1000))
			log_err("radius: accounting spool full (%zu records): records dropped",
				count);
		return NULL;
	}
	r = rec_new(next_seq++, created, data, len);
	if (!r)
		return NULL;
	if (fd >= 0) {
		n = encode(ent, T_REC, r->seq, created, data, (uint16_t)len);
		if (write_all(fd, ent, n))
			log_err("radius: writing the accounting spool: %s", strerror(errno));
		file_size += n;
		unsynced = 1;
	}
	return r;
}

int rad_spool_sync(void)
{
	if (fd < 0 || !unsynced)
		return 0;
	unsynced = 0;
	return fdatasync(fd) ? -errno : 0;
}

struct rad_spool_rec *rad_spool_first(void)
{
	return head;
}

void rad_spool_done(struct rad_spool_rec *r)
{
	struct rad_spool_rec **pp;
	uint8_t ent[HDR + 4];

	for (pp = &head; *pp && *pp != r; pp = &(*pp)->next)
		;
	if (!*pp)
		return;
	*pp = r->next;
	if (tail == r) {
		struct rad_spool_rec *t;

		for (t = head; t && t->next; t = t->next)
			;
		tail = t;
	}
	count--;
	if (fd >= 0) {
		/* no fsync: a lost tombstone only sends a record twice after a crash */
		if (!count) {
			if (!ftruncate(fd, 0)) {
				lseek(fd, 0, SEEK_SET);
				file_size = 0;
			}
		} else if (!write_all(fd, ent, encode(ent, T_DONE, r->seq, 0, NULL, 0))) {
			file_size += sizeof(ent);
			if (file_size > RAD_SPOOL_COMPACT && compact())
				log_warn("radius: compacting the accounting spool failed");
		}
	}
	free(r);
}

size_t rad_spool_count(void)
{
	return count;
}

unsigned long rad_spool_dropped(void)
{
	return dropped;
}

void rad_spool_close(void)
{
	while (head) {
		struct rad_spool_rec *r = head;

		head = r->next;
		free(r);
	}
	tail = NULL;
	count = 0;
	if (fd >= 0) {
		if (unsynced)
			fdatasync(fd);
		close(fd);
	}
	fd = -1;
	unsynced = 0;
	free(file_path);
	file_path = NULL;
	file_size = 0;
}
