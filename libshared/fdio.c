// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <unistd.h>
#include "fdio.h"

int fd_write_all(int fd, const void *p, size_t len)
{
	const char *c = p;

	while (len) {
		ssize_t n = write(fd, c, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		c += n;
		len -= (size_t)n;
	}
	return 0;
}
