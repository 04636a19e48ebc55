// SPDX-License-Identifier: GPL-2.0
/* The store's files: written whole or not at all, read with a size limit, never via a link. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/bio.h>
#include "cert/store.h"
#include "fdio.h"

/*
 * NAME.new, created with its final mode (a key is never readable by others, not even for
 * a moment), fsync'd, renamed over NAME, the directory fsync'd.
 */
int cert_write_file(int dirfd, const char *name, const void *data, size_t len, int mode)
{
	char tmp[512];
	int fd, saved;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", name) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	unlinkat(dirfd, tmp, 0);	/* left by a crash: ours to replace */
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (fchmod(fd, (mode_t)mode) || fd_write_all(fd, data, len) || fsync(fd)) {
		saved = errno;
		close(fd);
		unlinkat(dirfd, tmp, 0);
		errno = saved;
		return -1;
	}
	if (close(fd) || renameat(dirfd, tmp, dirfd, name)) {
		saved = errno;
		unlinkat(dirfd, tmp, 0);
		errno = saved;
		return -1;
	}
	return fsync(dirfd) && errno != EINVAL ? -1 : 0;
}

int cert_write_bio(int dirfd, const char *name, BIO *b, int mode)
{
	char *p;
	long len = BIO_get_mem_data(b, &p);

	if (len < 0) {
		errno = ENOMEM;
		return -1;
	}
	return cert_write_file(dirfd, name, p, (size_t)len, mode);
}

int cert_read_file(int dirfd, const char *name, size_t max, unsigned char **data,
		   size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	unsigned char *buf = NULL;
	struct stat st;
	size_t got = 0;
	int saved;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		saved = errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		saved = S_ISREG(st.st_mode) ? EFBIG : EISDIR;
		goto fail;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		saved = ENOMEM;
		goto fail;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n < 0 ? errno : EIO;
			goto fail;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
fail:
	free(buf);
	close(fd);
	errno = saved;
	return -1;
}

/* RouterOS's file names are relative to Files; ours to STATE_DIR/files, and stay inside it. */
bool cert_safe_path(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/' || strlen(name) > 255)
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.') || !n)
			return false;
		p += n;
		if (*p)
			p++;
	}
	for (p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}
