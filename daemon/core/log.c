// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "core/log.h"

#define MAX_RULES 64

/*
 * The limits (docs/daemon.md "Logging under attack"). journald drops a unit's lines past
 * 10,000 in 30 s, accounting lines too; a flood of spoofed packets must not get there. Each
 * source topic (system, ppp, ...) may write LOG_TOPIC_BURST lines at once and
 * LOG_TOPIC_RATE a second after that, so one flooded topic cannot silence the others and
 * all of them together stay under journald's limit; a line about a peer (log_*_from) also
 * counts against that peer's own bucket, so one noisy address cannot use up its topic.
 */
#define LOG_TOPIC_BURST 500
#define LOG_TOPIC_RATE 50
#define LOG_PEER_BURST 20
#define LOG_PEER_RATE 2
#define LOG_PEERS 256
#define LOG_SOURCE_TOPICS 7	/* system .. pppoe: the topics a file logs under */

struct bucket {
	uint64_t at_ms;		/* when tokens was last refilled */
	unsigned int tokens;
	unsigned long suppressed;	/* lines dropped since the last one written */
};

struct peer_bucket {
	struct bucket b;
	uint32_t topic, peer;
	uint64_t used_ms;
};

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

static int to_stderr;
static bool debug_all;
static const char *log_ident = "sluiced";
static int journal_fd = -1;
static struct sockaddr_un journal_addr;
/* until the configuration says otherwise: RouterOS's defaults, info and worse */
static struct log_rule rules[MAX_RULES] = {
	{ LOG_T_INFO, 0 }, { LOG_T_WARNING, 0 }, { LOG_T_ERROR, 0 }, { LOG_T_CRITICAL, 0 },
};
static size_t nrules = 4;
static struct bucket topic_buckets[LOG_SOURCE_TOPICS];
static struct peer_bucket peer_buckets[LOG_PEERS];
static struct log_limit_stats limit_stats;

static const char *const topic_names[] = {
	"system", "ppp", "pptp", "l2tp", "radius", "ipsec", "pppoe", "account",
	"debug", "info", "warning", "error", "critical",
};
#define NTOPICS (sizeof(topic_names) / sizeof(topic_names[0]))

/* systemd sets JOURNAL_STREAM to the device and inode of the stream it gave us (systemd.exec) */
static bool stderr_is_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return e && sscanf(e, "%llu:%llu", &dev, &ino) == 2 && !fstat(STDERR_FILENO, &st) &&
	       st.st_dev == dev && st.st_ino == ino;
}

void log_open(const char *ident, int foreground, int debug)
{
	to_stderr = foreground;
	debug_all = debug;
	log_ident = ident;
	if (!foreground)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	else if (journal_fd < 0 && stderr_is_journal() && log_journal_open(JOURNAL_SOCKET))
		fprintf(stderr, "sluiced: journald's socket %s: %s: logging to stderr\n",
			JOURNAL_SOCKET, strerror(errno));
}

int log_journal_open(const char *path)
{
	int fd;

	if (strlen(path) >= sizeof(journal_addr.sun_path))
		return -(errno = ENAMETOOLONG);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	log_journal_close();
	journal_fd = fd;
	memset(&journal_addr, 0, sizeof(journal_addr));
	journal_addr.sun_family = AF_UNIX;
	strcpy(journal_addr.sun_path, path);
	return 0;
}

void log_journal_close(void)
{
	if (journal_fd >= 0)
		close(journal_fd);
	journal_fd = -1;
}

uint32_t log_topic_bit(const char *name)
{
	size_t i;

	for (i = 0; i < NTOPICS; i++)
		if (!strcmp(topic_names[i], name))
			return 1u << i;
	return 0;
}

void log_set_rules(const struct log_rule *r, size_t n)
{
	nrules = n < MAX_RULES ? n : MAX_RULES;
	memcpy(rules, r, nrules * sizeof(*r));
}

static uint32_t severity_topic(int prio)
{
	if (prio >= LOG_DEBUG)
		return LOG_T_DEBUG;
	if (prio >= LOG_NOTICE)
		return LOG_T_INFO;
	if (prio == LOG_WARNING)
		return LOG_T_WARNING;
	return prio == LOG_ERR ? LOG_T_ERROR : LOG_T_CRITICAL;
}

static bool wanted(uint32_t topics)
{
	size_t i;

	if (debug_all)
		return true;
	for (i = 0; i < nrules; i++)
		if ((topics & rules[i].all) == rules[i].all && !(topics & rules[i].none))
			return true;
	return false;
}

/* "pptp,info" */
static void topic_text(char *out, size_t cap, uint32_t topics)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < NTOPICS && o < cap; i++)
		if (topics & (1u << i))
			o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "," : "", topic_names[i]);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Token bucket: true if a line may go out now. */
static bool take(struct bucket *b, unsigned int burst, unsigned int rate, uint64_t now)
{
	uint64_t add;

	if (!b->at_ms) {
		b->at_ms = now;
		b->tokens = burst;
	}
	add = (now - b->at_ms) * rate / 1000;
	if (add) {
		b->tokens = add >= burst - b->tokens ? burst : b->tokens + (unsigned int)add;
		b->at_ms += add * 1000 / rate;
	}
	if (!b->tokens) {
		b->suppressed++;
		limit_stats.suppressed++;
		return false;
	}
	b->tokens--;
	return true;
}

/* The peer's bucket in this topic; a new peer takes the one unused longest. */
static struct bucket *peer_bucket(uint32_t topic, uint32_t peer, uint64_t now)
{
	struct peer_bucket *p, *old = &peer_buckets[0];
	size_t i;

	for (i = 0; i < LOG_PEERS; i++) {
		p = &peer_buckets[i];
		if (p->used_ms && p->topic == topic && p->peer == peer)
			break;
		if (p->used_ms < old->used_ms)
			old = p;
	}
	if (i == LOG_PEERS) {
		p = old;
		memset(p, 0, sizeof(*p));
		p->topic = topic;
		p->peer = peer;
	}
	p->used_ms = now;
	return &p->b;
}

static void write_line(uint32_t topics, int prio, const char *line,
		       const struct log_session *s);

/* A line saying how many were dropped, once the bucket lets lines through again. */
static void report_suppressed(struct bucket *b, uint32_t topics, const char *whose)
{
	char line[160];

	if (!b->suppressed)
		return;
	snprintf(line, sizeof(line), "log: %lu lines %s suppressed by the rate limit",
		 b->suppressed, whose);
	b->suppressed = 0;
	write_line(topics | LOG_T_WARNING, LOG_WARNING, line, NULL);
}

/*
 * Whether a line may be written: accounting always (it is the record of who used what), and
 * everything under -d (a developer asked for all); the rest within its topic's and its
 * peer's buckets.
 */
static bool within_limits(uint32_t topics, bool has_peer, uint32_t peer)
{
	uint32_t source = topics & ((1u << LOG_SOURCE_TOPICS) - 1);
	uint64_t now = now_ms();
	struct bucket *tb, *pb = NULL;
	unsigned int t;
	char whose[64];

	if ((topics & LOG_T_ACCOUNT) || debug_all)
		return true;
	for (t = 0; t + 1 < LOG_SOURCE_TOPICS && !(source & (1u << t)); t++)
		;
	tb = &topic_buckets[t];
	if (has_peer) {
		pb = peer_bucket(1u << t, peer, now);
		if (!take(pb, LOG_PEER_BURST, LOG_PEER_RATE, now))
			return false;
	}
	if (!take(tb, LOG_TOPIC_BURST, LOG_TOPIC_RATE, now))
		return false;
	snprintf(whose, sizeof(whose), "of topic %s", topic_names[t]);
	report_suppressed(tb, 1u << t, whose);
	if (pb) {
		snprintf(whose, sizeof(whose), "of topic %s about %u.%u.%u.%u", topic_names[t],
			 peer & 0xff, peer >> 8 & 0xff, peer >> 16 & 0xff, peer >> 24);
		report_suppressed(pb, 1u << t, whose);
	}
	return true;
}

const struct log_limit_stats *log_limit_stats(void)
{
	return &limit_stats;
}

void log_limits_reset(void)
{
	memset(topic_buckets, 0, sizeof(topic_buckets));
	memset(peer_buckets, 0, sizeof(peer_buckets));
	memset(&limit_stats, 0, sizeof(limit_stats));
}

/*
 * Control bytes as \xNN: our formats have none, so any came from a peer (a user name, a
 * host name) and must not start a forged line or drive the reader's terminal.
 */
static void escape_controls(char *out, size_t cap, const char *in)
{
	size_t o = 0;

	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;
		bool ctl = c < 0x20 || c == 0x7f;

		if (o + (ctl ? 4 : 1) >= cap)
			break;
		if (ctl)
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

static void vlog(uint32_t topics, int prio, bool has_peer, uint32_t peer,
		 const struct log_session *s, const char *fmt, va_list ap)
{
	char line[2048], safe[2048];

	topics |= severity_topic(prio);
	if (!wanted(topics) || !within_limits(topics, has_peer, peer))
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	escape_controls(safe, sizeof(safe), line);
	write_line(topics, prio, safe, s);
}

void log_msg(uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(topics, prio, false, 0, NULL, fmt, ap);
	va_end(ap);
}

void log_msg_from(uint32_t peer, uint32_t topics, int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(topics, prio, true, peer, NULL, fmt, ap);
	va_end(ap);
}

void log_msg_session(const struct log_session *s, bool per_peer, uint32_t topics, int prio,
		     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(topics, prio, per_peer && s && s->peer, s ? s->peer : 0, s, fmt, ap);
	va_end(ap);
}

/* what escape_controls makes of in, in bytes */
static size_t escaped_len(const char *in)
{
	size_t n = 0;

	for (; *in; in++)
		n += (unsigned char)*in < 0x20 || *in == 0x7f ? 4 : 1;
	return n;
}

/* KEY=value and its newline at buf + *o, the value escaped; left out whole if it does not fit */
static void journal_field(char *buf, size_t cap, size_t *o, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen;

	if (!value || !*value)
		return;
	vlen = escaped_len(value);
	if (*o + klen + vlen + 3 > cap)		/* '=', '\n' and the NUL */
		return;
	memcpy(buf + *o, key, klen);
	buf[*o + klen] = '=';
	escape_controls(buf + *o + klen + 1, vlen + 1, value);
	*o += klen + 1 + vlen;
	buf[(*o)++] = '\n';
	buf[*o] = '\0';
}

size_t log_journal_entry(char *buf, size_t cap, int prio, const char *topics, const char *msg,
			 const struct log_session *s)
{
	char num[16], line[2200], peer[INET_ADDRSTRLEN] = "";
	size_t o = 0;

	if (!cap)
		return 0;
	buf[0] = '\0';
	snprintf(line, sizeof(line), "%s: %s", topics, msg);
	snprintf(num, sizeof(num), "%d", prio);
	journal_field(buf, cap, &o, "MESSAGE", line);
	journal_field(buf, cap, &o, "PRIORITY", num);
	journal_field(buf, cap, &o, "SYSLOG_FACILITY", "3");	/* daemon */
	journal_field(buf, cap, &o, "SYSLOG_IDENTIFIER", log_ident);
	journal_field(buf, cap, &o, "SLUICE_TOPICS", topics);
	if (!s)
		return o;
	if (s->peer)
		inet_ntop(AF_INET, &s->peer, peer, sizeof(peer));
	journal_field(buf, cap, &o, "SLUICE_SESSION", s->session);
	journal_field(buf, cap, &o, "SLUICE_USER", s->user);
	journal_field(buf, cap, &o, "SLUICE_PEER", peer);
	journal_field(buf, cap, &o, "SLUICE_SERVICE", s->service);
	return o;
}

/* true if journald took it; else the caller writes the line as before */
static bool journal_send(int prio, const char *line, const struct log_session *s,
			 const char *tags)
{
	char entry[4096];
	size_t n;

	if (journal_fd < 0)
		return false;
	n = log_journal_entry(entry, sizeof(entry), prio, tags, line, s);
	return sendto(journal_fd, entry, n, MSG_NOSIGNAL, (struct sockaddr *)&journal_addr,
		      sizeof(journal_addr)) == (ssize_t)n;
}

static void write_line(uint32_t topics, int prio, const char *line,
		       const struct log_session *s)
{
	char tags[96];

	limit_stats.written++;
	topic_text(tags, sizeof(tags), topics);
	if (journal_send(prio, line, s, tags))
		return;
	if (to_stderr) {
		struct timespec ts;
		struct tm tm;
		char when[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld %s: %s\n", when, ts.tv_nsec / 1000000, tags, line);
	} else {
		syslog(prio, "%s: %s", tags, line);
	}
}

void log_escape(char *out, size_t cap, const char *s)
{
	size_t o = 0;

	for (; *s && o + 5 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
	}
	if (cap)
		out[o < cap ? o : cap - 1] = '\0';
}
