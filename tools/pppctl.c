// SPDX-License-Identifier: GPL-2.0
/*
 * pppctl: sluice's command line. Each command is a RouterOS menu path and verb, sent to
 * sluiced over its control socket; the daemon interprets it, so pppctl stays small.
 *
 *   pppctl /ppp secret print             one command from the arguments
 *   pppctl -f script.rsc                 a RouterOS script (also: /import file=script.rsc)
 *   pppctl < script.rsc                  the same from standard input
 *   pppctl                               on a terminal: a prompt with completion
 *   pppctl --json /ppp active print      machine-readable output
 *
 * Scripts are read here, with the caller's permissions, and sent in batches: the daemon
 * runs a batch's lines in order, stops at the first failure, and saves the configuration
 * once per batch. Exit status: 0 all commands succeeded, 1 a command failed, 2 usage or
 * connection error.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <editline/readline.h>
#include "ctl.h"
#include "script.h"
#include "version.h"

#define MAX_IMPORT_DEPTH 8
#define BATCH_LINES 512

static int ctl_fd = -1;
static uint16_t ctl_flags;
static uint16_t once_flags;	/* for the next request only */
static char cur_path[256] = "/";

static void usage(FILE *f)
{
	fprintf(f, "usage: pppctl [-s SOCKET] [-j] [COMMAND...]\n"
		   "       pppctl [-s SOCKET] [-j] -f FILE\n"
		   "       pppctl [-s SOCKET] --complete LINE\n"
		   "  -s, --socket PATH  sluiced's control socket (default %s)\n"
		   "  -j, --json         machine-readable output (as print as-value)\n"
		   "  -f, --file FILE    run a RouterOS script (\"-\": standard input)\n"
		   "      --complete LINE  print what could complete LINE, one per line\n"
		   "  -V, --version      print the version and exit\n"
		   "Without COMMAND: a prompt on a terminal, else a script from standard input.\n",
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

/*
 * Sends one request and handles its answer: output to out, the menu the connection moved
 * to, and the status (0, the number of the line that failed, or CTL_APPLIED_NOT_SAVED;
 * its message in *msg, malloc'd). Returns 0, or -1 when the connection failed.
 */
static int request(enum ctl_type type, const char *text, size_t len, FILE *out,
		   int32_t *status, char **msg)
{
	static char buf[CTL_MSG_MAX];
	struct ctl_msg m;
	enum ctl_error e;
	int n = ctl_encode(buf, sizeof(buf), type, ctl_flags | once_flags, text, len);

	*msg = NULL;
	*status = 0;
	if (n < 0) {
		*msg = strdup("command too long");
		*status = 1;
		return 0;
	}
	if (send(ctl_fd, buf, (size_t)n, MSG_NOSIGNAL) != n) {
		fprintf(stderr, "pppctl: send: %s\n", strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t got = recv(ctl_fd, buf, sizeof(buf), 0);

		if (got < 0 && errno == EINTR)
			continue;	/* Ctrl-C in a monitor: its answer still comes */
		if (got <= 0) {
			fprintf(stderr, "pppctl: sluiced closed the connection\n");
			return -1;
		}
		e = ctl_decode(buf, (size_t)got, &m);
		if (e != CTL_OK) {
			fprintf(stderr, "pppctl: bad answer from sluiced: %s\n", ctl_strerror(e));
			return -1;
		}
		if (m.type == CTL_REP_OUTPUT) {
			fwrite(m.payload, 1, m.len, out);
		} else if (m.type == CTL_REP_PATH) {
			snprintf(cur_path, sizeof(cur_path), "%.*s", (int)m.len, m.payload);
		} else if (m.type == CTL_REP_DONE) {
			const char *t;
			size_t tl;

			*status = ctl_done_status(&m, &t, &tl);
			fflush(out);
			if (*status)
				*msg = strndup(t, tl);
			return 0;
		}
	}
}

/* One command; prints its failure. 0, 1 failed, 2 connection error. */
static int run(const char *line)
{
	int32_t status;
	char *msg;

	if (strpbrk(line, "\n\r")) {
		fprintf(stderr, "failure: a command is one line\n");
		return 1;
	}
	if (request(CTL_REQ_COMMAND, line, strlen(line), stdout, &status, &msg))
		return 2;
	if (status)
		fprintf(stderr, "failure: %s\n", msg ? msg : "failed");
	free(msg);
	return status != 0;
}

/* --- scripts */

struct batch {
	char text[CTL_PAYLOAD_MAX];
	size_t len, n;
	size_t lines[BATCH_LINES];	/* each command's first line in the file */
};

static int run_file(const char *path, int depth);

/* An imported script moves the menu as it likes; the importing one goes on where it was. */
static int import_file(const char *path, int depth)
{
	char back[sizeof(cur_path)];
	int r, r2;

	snprintf(back, sizeof(back), "%s", cur_path);
	r = run_file(path, depth);
	r2 = run(back);
	return r > r2 ? r : r2;
}

/* Sends the batch; on a failure names the file and line. 0, 1 or 2 as run(). */
static int flush_batch(struct batch *b, const char *path)
{
	int32_t status;
	char *msg;

	if (!b->n)
		return 0;
	if (request(CTL_REQ_COMMAND, b->text, b->len, stdout, &status, &msg))
		return 2;
	if (status > 0) {
		size_t i = (size_t)status - 1 < b->n ? (size_t)status - 1 : b->n - 1;

		fprintf(stderr, "failure: %s:%zu: %s\n", path, b->lines[i], msg ? msg : "failed");
	} else if (status) {
		fprintf(stderr, "failure: %s: %s\n", path, msg ? msg : "failed");
	}
	free(msg);
	b->len = b->n = 0;
	return status != 0;
}

/* `/import file=X` (or `import file=X` at the root): the file name, else NULL. */
static const char *import_target(const char *cmd, char *name, size_t cap)
{
	const char *p = cmd + strspn(cmd, " \t");

	if (!strncmp(p, "/import", 7))
		p += 7;
	else if (!strncmp(p, "import", 6))
		p += 6;
	else
		return NULL;
	if (*p != ' ' && *p != '\t')
		return NULL;
	p += strspn(p, " \t");
	if (strncmp(p, "file=", 5))
		return NULL;
	p += 5;
	if (*p == '"') {
		p++;
		snprintf(name, cap, "%.*s", (int)strcspn(p, "\""), p);
	} else {
		snprintf(name, cap, "%.*s", (int)strcspn(p, " \t"), p);
	}
	return *name ? name : NULL;
}

static int add_command(struct batch *b, const struct script *s, const char *path, int depth)
{
	char target[4096];
	size_t len = strlen(s->cmd);
	int r;

	if (!s->cmd[strspn(s->cmd, " \t")])
		return 0;
	if (import_target(s->cmd, target, sizeof(target))) {
		r = flush_batch(b, path);
		return r ? r : import_file(target, depth + 1);
	}
	if (b->n == BATCH_LINES || b->len + len + 1 > sizeof(b->text)) {
		r = flush_batch(b, path);
		if (r)
			return r;
	}
	if (b->len)
		b->text[b->len++] = '\n';
	memcpy(b->text + b->len, s->cmd, len);
	b->len += len;
	b->lines[b->n++] = s->first;
	return 0;
}

/*
 * Opens or closes the script on sluiced's side, with an empty request carrying the flag:
 * the whole script is then all or nothing, and may name items it defines further down.
 */
static int script_mark(uint16_t flag, const char *path)
{
	int32_t status;
	char *msg;
	int r;

	once_flags = flag;
	r = request(CTL_REQ_COMMAND, "", 0, stdout, &status, &msg);
	once_flags = 0;
	if (r)
		return 2;
	if (status)
		fprintf(stderr, "failure: %s: %s\n", path, msg ? msg : "failed");
	free(msg);
	return status != 0;
}

static int run_stream_lines(FILE *f, const char *path, int depth);

/* The outermost script (imports inside it are part of it) is one transaction. */
static int run_stream(FILE *f, const char *path, int depth)
{
	static int level;
	int r;

	if (level++ == 0 && (r = script_mark(CTL_F_SCRIPT_BEGIN, path))) {
		level--;
		return r;
	}
	r = run_stream_lines(f, path, depth);
	if (--level == 0 && !r)
		r = script_mark(CTL_F_SCRIPT_END, path);
	return r;
}

static int run_stream_lines(FILE *f, const char *path, int depth)
{
	struct batch *b = calloc(1, sizeof(*b));
	struct script *s = malloc(sizeof(*s));
	char *line = NULL;
	size_t cap = 0;
	int r = 0;
	enum script_status st;

	if (!b || !s) {
		fprintf(stderr, "pppctl: out of memory\n");
		r = 2;
	} else {
		script_init(s);
	}
	while (!r && getline(&line, &cap, f) >= 0) {
		st = script_feed(s, line);
		if (st == SCRIPT_TOO_LONG) {
			fprintf(stderr, "failure: %s:%zu: command too long\n", path, s->first);
			r = 1;
		} else if (st == SCRIPT_CMD) {
			r = add_command(b, s, path, depth);
		}
	}
	if (!r && script_end(s) == SCRIPT_CMD)
		r = add_command(b, s, path, depth);
	if (!r)
		r = flush_batch(b, path);
	free(line);
	free(b);
	free(s);
	return r;
}

static int run_file(const char *path, int depth)
{
	FILE *f;
	int r;

	if (depth > MAX_IMPORT_DEPTH) {
		fprintf(stderr, "failure: %s: imports nested too deep\n", path);
		return 1;
	}
	if (!strcmp(path, "-"))
		return run_stream(stdin, "stdin", depth);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "failure: cannot read %s: %s\n", path, strerror(errno));
		return 1;
	}
	r = run_stream(f, path, depth);
	fclose(f);
	return r;
}

/* Does the command have this word (a verb also as the last element of a /path/verb)? */
static bool has_word(const char *cmd, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = cmd; (p = strstr(p, word)); p += n)
		if ((p == cmd || strchr(" \t/", p[-1])) && strchr(" \t", p[n]))
			return true;
	return false;
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * monitor-traffic without once: as on RouterOS, a sample a second until Ctrl-C. sluiced
 * answers each request a second after it came (two samples a second apart), so asking
 * again at once is the refresh; Ctrl-C ends the loop after the answer in flight.
 */
static int run_repeating(const char *cmd)
{
	struct sigaction sa = { .sa_handler = on_interrupt }, old;	/* no SA_RESTART */
	int r;

	interrupted = 0;
	sigaction(SIGINT, &sa, &old);
	do
		r = run(cmd);
	while (!r && !interrupted);
	sigaction(SIGINT, &old, NULL);
	return r;
}

/* A command from the prompt or the arguments: an import is read here. */
static int run_one(const char *cmd)
{
	char target[4096];

	if (import_target(cmd, target, sizeof(target)))
		return import_file(target, 1);
	if (has_word(cmd, "monitor-traffic") && !has_word(cmd, "once"))
		return run_repeating(cmd);
	return run(cmd);
}

/* --- the prompt */

static char **candidates;
static size_t ncand;

static void fetch_candidates(const char *line)
{
	char *msg, *text = NULL, *p, *nl;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);

	while (ncand)
		free(candidates[--ncand]);
	if (!mem)
		return;
	int32_t status;

	request(CTL_REQ_COMPLETE, line, strlen(line), mem, &status, &msg);
	free(msg);
	fclose(mem);
	for (p = text; p && *p; p = nl + 1) {
		char **more;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		more = realloc(candidates, (ncand + 1) * sizeof(*candidates));
		if (!more)
			break;
		candidates = more;
		candidates[ncand++] = strdup(p);
	}
	free(text);
}

static char *next_candidate(const char *word, int state)
{
	static size_t i;

	(void)word;
	if (!state)
		i = 0;
	return i < ncand ? strdup(candidates[i++]) : NULL;
}

static char **complete(const char *word, int start, int end)
{
	char *head = strndup(rl_line_buffer, (size_t)end);

	(void)start;
	rl_attempted_completion_over = 1;	/* never fall back to file names */
	if (!head)
		return NULL;
	fetch_candidates(head);
	free(head);
	/* "name=" wants its value next, without a blank between */
	rl_completion_append_character = ncand == 1 && candidates[0][strlen(candidates[0]) - 1] == '=' ?
					 '\0' : ' ';
	return rl_completion_matches(word, next_candidate);
}

static void history_path(char *out, size_t cap)
{
	const char *home = getenv("HOME");

	snprintf(out, cap, "%s/.pppctl_history", home ? home : ".");
}

static int interactive(void)
{
	struct script s;
	char hist[4096], prompt[300], *line;
	int worst = 0, r;

	rl_readline_name = "pppctl";
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = (char *)" \t";
	history_path(hist, sizeof(hist));
	read_history(hist);
	script_init(&s);
	for (;;) {
		snprintf(prompt, sizeof(prompt), s.pending ? "  ... " : "[sluice] %s> ", cur_path);
		line = readline(prompt);
		if (!line)
			break;
		if (*line && !strstr(line, "password=") && !strstr(line, "secret="))
			add_history(line);	/* what holds a secret is not kept */
		r = script_feed(&s, line);
		free(line);
		if (r != SCRIPT_CMD)
			continue;
		if (!strcmp(s.cmd, "quit") || !strcmp(s.cmd, "exit") || !strcmp(s.cmd, "/quit"))
			break;
		if (!s.cmd[strspn(s.cmd, " \t")])
			continue;
		r = run_one(s.cmd);
		worst = r > worst ? r : worst;
		if (r == 2)
			break;
	}
	write_history(hist);
	return worst;
}

/* --- arguments */

/*
 * The shell has removed the user's quotes: quote again any value with blanks, quotes or
 * backslashes, so `comment="a b"` reaches the daemon as one word.
 */
static void add_quoted(char *o, const char *v, size_t n)
{
	size_t i;

	*o++ = '"';
	for (i = 0; i < n; i++) {
		if (v[i] == '\n' || v[i] == '\r' || v[i] == '\t') {
			*o++ = '\\';	/* a newline would end the command: the daemon splits at it */
			*o++ = v[i] == '\n' ? 'n' : v[i] == '\r' ? 'r' : 't';
			continue;
		}
		if (strchr("\"\\$?", v[i]))
			*o++ = '\\';
		*o++ = v[i];
	}
	*o++ = '"';
	*o = '\0';
}

/*
 * The shell has removed the user's quotes: quote again any value the daemon would split
 * or read otherwise, so `comment="a b"` and `password=p[w]` reach it as one word. The ']'s
 * that end a value are left outside: `[find name=x]` typed without quotes closes there.
 */
static void add_word(char *s, const char *arg)
{
	size_t sep = strcspn(arg, "=~");	/* key=value, or key~regex in a where */
	const char *v = arg[sep] ? arg + sep + 1 : arg;
	size_t n = strlen(v), closers = 0;
	char *o = s + strlen(s);

	while (closers < n && v[n - 1 - closers] == ']' && !strchr(v, '['))
		closers++;
	n -= closers;
	memcpy(o, arg, (size_t)(v - arg));
	o += v - arg;
	/* brackets matter only inside a value: a bare word may be [find, [ or ] itself */
	if (n && strcspn(v, arg[sep] ? " \t\r\n\"\\#$?[]" : " \t\r\n\"\\#$?") >= n) {
		memcpy(o, v, n);
		o[n] = '\0';
	} else if (n || !closers) {
		add_quoted(o, v, n);
	} else {
		*o = '\0';
	}
	strncat(o, v + n, closers);
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

static int complete_once(const char *line)
{
	int32_t status;
	char *msg;
	int r = request(CTL_REQ_COMPLETE, line, strlen(line), stdout, &status, &msg);

	free(msg);
	return r ? 2 : 0;
}

int main(int argc, char **argv)
{
	enum { OPT_COMPLETE = 256 };
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "file", required_argument, NULL, 'f' },
		{ "complete", required_argument, NULL, OPT_COMPLETE },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = getenv("SLUICE_SOCKET") ? getenv("SLUICE_SOCKET") : CTL_SOCKET_PATH;
	const char *file = NULL, *to_complete = NULL;
	int c, r;

	/* '+': stop at the first command word, so "/ppp secret print" is never an option. */
	while ((c = getopt_long(argc, argv, "+s:jf:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': path = optarg; break;
		case 'j': ctl_flags |= CTL_F_JSON; break;
		case 'f': file = optarg; break;
		case OPT_COMPLETE: to_complete = optarg; break;
		case 'V': printf("pppctl %s\n", SLUICE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if ((file || to_complete) && optind < argc) {
		usage(stderr);
		return 2;
	}
	ctl_fd = ctl_connect(path);
	if (ctl_fd < 0)
		return 2;
	if (to_complete) {
		r = complete_once(to_complete);
	} else if (file) {
		r = run_file(file, 0);
	} else if (optind + 1 == argc) {
		r = run_one(argv[optind]);	/* the whole command in one quoted argument */
	} else if (optind < argc) {
		char *line = join_args(argc - optind, argv + optind);

		r = line ? run_one(line) : 2;
		free(line);
	} else if (isatty(STDIN_FILENO)) {
		r = interactive();
	} else {
		r = run_stream(stdin, "stdin", 0);
	}
	close(ctl_fd);
	return r;
}
