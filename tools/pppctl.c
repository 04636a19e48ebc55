// SPDX-License-Identifier: GPL-2.0
/*
 * pppctl: sluice's command line. Each command is a RouterOS menu path and verb, sent to
 * sluiced over its control socket; the daemon interprets it, so pppctl stays small.
 *
 *   pppctl /system resource print        one command from the arguments
 *   pppctl < script.rsc                  one command per line from standard input
 *   pppctl --json /system resource print machine-readable output
 *
 * Exit status: 0 all commands succeeded, 1 a command failed, 2 usage or connection error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "ctl.h"
#include "version.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: pppctl [-s SOCKET] [-j] [COMMAND...]\n"
		   "  -s, --socket PATH  sluiced's control socket (default %s)\n"
		   "  -j, --json         machine-readable output\n"
		   "  -V, --version      print the version and exit\n"
		   "Without COMMAND, commands are read from standard input, one per line.\n",
		CTL_SOCKET_PATH);
}

static int ctl_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "pppctl: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "pppctl: cannot reach sluiced at %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Sends one command and prints its answer; 0 done, 1 command failed, 2 connection error. */
static int run(int fd, const char *line, uint16_t flags)
{
	static char buf[CTL_MSG_MAX];
	struct ctl_msg m;
	enum ctl_error e;
	int n;

	n = ctl_encode(buf, sizeof(buf), CTL_REQ_COMMAND, flags, line, strlen(line));
	if (n < 0) {
		fprintf(stderr, "pppctl: command too long (%zu bytes)\n", strlen(line));
		return 1;
	}
	if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n) {
		fprintf(stderr, "pppctl: send: %s\n", strerror(errno));
		return 2;
	}
	for (;;) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);

		if (got <= 0) {
			fprintf(stderr, "pppctl: sluiced closed the connection\n");
			return 2;
		}
		e = ctl_decode(buf, (size_t)got, &m);
		if (e != CTL_OK) {
			fprintf(stderr, "pppctl: bad answer from sluiced: %s\n", ctl_strerror(e));
			return 2;
		}
		if (m.type == CTL_REP_OUTPUT) {
			fwrite(m.payload, 1, m.len, stdout);
		} else if (m.type == CTL_REP_DONE) {
			const char *text;
			size_t len;

			fflush(stdout);
			if (ctl_done_status(&m, &text, &len) == 0)
				return 0;
			fprintf(stderr, "failure: %.*s\n", (int)len, text);
			return 1;
		}
	}
}

/*
 * The shell has removed the user's quotes: quote again any value with blanks, quotes or
 * backslashes, so `comment="a b"` reaches the daemon as one word.
 */
static void add_word(char *s, const char *arg)
{
	const char *eq = strchr(arg, '='), *v = eq ? eq + 1 : arg;
	char *o = s + strlen(s);

	if (!v[strcspn(v, " \t\"\\")] && *v) {
		strcpy(o, arg);
		return;
	}
	memcpy(o, arg, (size_t)(v - arg));
	o += v - arg;
	*o++ = '"';
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			*o++ = '\\';
		*o++ = *v;
	}
	*o++ = '"';
	*o = '\0';
}

static char *join_args(int argc, char **argv)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < argc; i++)
		len += 2 * strlen(argv[i]) + 3;	/* every byte escaped, two quotes, a blank */
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (i = 0; i < argc; i++) {
		add_word(s, argv[i]);
		if (i + 1 < argc)
			strcat(s, " ");
	}
	return s;
}

static int run_stdin(int fd, uint16_t flags)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int worst = 0, r;

	while ((n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[strspn(line, " \t")] == '#')
			continue;
		r = run(fd, line, flags);
		if (r > worst)
			worst = r;
		if (r == 2)
			break;
	}
	free(line);
	return worst;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = getenv("SLUICE_SOCKET") ? getenv("SLUICE_SOCKET") : CTL_SOCKET_PATH;
	uint16_t flags = 0;
	int c, fd, r;

	/* '+': stop at the first command word, so "/ppp secret print" is never an option. */
	while ((c = getopt_long(argc, argv, "+s:jVh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': path = optarg; break;
		case 'j': flags |= CTL_F_JSON; break;
		case 'V': printf("pppctl %s\n", SLUICE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	fd = ctl_connect(path);
	if (fd < 0)
		return 2;
	if (optind + 1 == argc) {
		r = run(fd, argv[optind], flags);	/* the whole command in one quoted argument */
	} else if (optind < argc) {
		char *line = join_args(argc - optind, argv + optind);

		r = line ? run(fd, line, flags) : 2;
		free(line);
	} else {
		r = run_stdin(fd, flags);
	}
	close(fd);
	return r;
}
