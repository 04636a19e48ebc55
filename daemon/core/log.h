/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging with RouterOS's topics. Every message carries its source's topic (a file sets
 * LOG_TOPIC before including this header: ppp, pptp, ...; the rest are "system"), its
 * severity as a topic (debug, info, warning, error, critical), and "account" for accounting
 * records. /system logging rules choose what is written, as on RouterOS: a rule matches a
 * message that has all of the rule's topics and none of its !topics. Output: stderr in the
 * foreground (the journal under systemd), syslog otherwise; each line starts with its topics.
 *
 * Under systemd (stderr is the journal: JOURNAL_STREAM names it) lines go to journald by its
 * native protocol instead, with the same text as MESSAGE= and the topics as SLUICE_TOPICS=;
 * a line about one session (log_*_s) also carries SLUICE_SESSION= (its session-id, as
 * /ppp active and accounting spell it), SLUICE_USER=, SLUICE_PEER= and SLUICE_SERVICE=, so
 * `journalctl SLUICE_USER=alice` finds a user's lines. Elsewhere such a line reads as before.
 *
 * Under attack: every line but accounting ones (and all under -d) is rate-limited per source
 * topic, and a line about a peer's packet (log_*_from: the peer's IPv4 address, network
 * order) per topic and peer as well; the number dropped is written once lines pass again.
 */
#ifndef SLUICED_LOG_H
#define SLUICED_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

enum log_topic {
	LOG_T_SYSTEM = 1u << 0,
	LOG_T_PPP = 1u << 1,
	LOG_T_PPTP = 1u << 2,
	LOG_T_L2TP = 1u << 3,
	LOG_T_RADIUS = 1u << 4,
	LOG_T_IPSEC = 1u << 5,
	LOG_T_PPPOE = 1u << 6,
	LOG_T_ACCOUNT = 1u << 7,
	LOG_T_DEBUG = 1u << 8,
	LOG_T_INFO = 1u << 9,
	LOG_T_WARNING = 1u << 10,
	LOG_T_ERROR = 1u << 11,
	LOG_T_CRITICAL = 1u << 12,
};
#define LOG_TOPIC_NAMES \
	"system,ppp,pptp,l2tp,radius,ipsec,pppoe,account,debug,info,warning,error,critical"

struct log_rule {
	uint32_t all;	/* topics a message must have */
	uint32_t none;	/* topics it must not have */
};

void log_open(const char *ident, int foreground, int debug);
/* The topic's bit, or 0 for an unknown name. */
uint32_t log_topic_bit(const char *name);
/* Replaces the rules (copied); -d adds "everything" on top. */
void log_set_rules(const struct log_rule *rules, size_t n);
__attribute__((format(printf, 3, 4))) void log_msg(uint32_t topics, int prio, const char *fmt, ...);
__attribute__((format(printf, 4, 5))) void log_msg_from(uint32_t peer, uint32_t topics, int prio,
							const char *fmt, ...);

/* The session a line is about; NULL or "" members (0 for peer) are left out. */
struct log_session {
	const char *session;	/* "0000002a": /ppp active's session-id */
	const char *user;	/* peer-supplied: escaped like the line */
	const char *service;	/* "pptp", "l2tp", "ipsec" */
	uint32_t peer;		/* the caller's IPv4 address, network order */
};
/* per_peer: limited per s->peer too, as log_msg_from is (a line about the peer's packet) */
__attribute__((format(printf, 5, 6))) void log_msg_session(const struct log_session *s,
							  bool per_peer, uint32_t topics,
							  int prio, const char *fmt, ...);

/*
 * journald's native protocol (systemd.io/JOURNAL_NATIVE_PROTOCOL) to the datagram socket at
 * path: 0 or a negative errno. log_open calls it with journald's socket when stderr is the
 * journal; a line the socket does not take goes to stderr as before.
 */
int log_journal_open(const char *path);
void log_journal_close(void);
/*
 * One entry as sent, into buf (cap bytes): KEY=value lines, every value with its control
 * bytes as \xNN so no value can end its field or start another (a user name is the peer's
 * to choose); a field that does not fit is left out whole. Returns the length (tests).
 */
size_t log_journal_entry(char *buf, size_t cap, int prio, const char *topics, const char *msg,
			 const struct log_session *s);

struct log_limit_stats {
	unsigned long written, suppressed;
};
const struct log_limit_stats *log_limit_stats(void);
/* For tests: every bucket full again, the counters zero. */
void log_limits_reset(void);

/* Copies s into out (cap bytes) with anything unprintable as \xNN: peer-supplied text
 * must not forge log lines. */
void log_escape(char *out, size_t cap, const char *s);

#ifndef LOG_TOPIC
#define LOG_TOPIC LOG_T_SYSTEM
#endif
#define log_err(...) log_msg(LOG_TOPIC, LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_TOPIC, LOG_WARNING, __VA_ARGS__)
#define log_info(...) log_msg(LOG_TOPIC, LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_TOPIC, LOG_DEBUG, __VA_ARGS__)
/* about a packet from peer (IPv4, network order): limited per peer too */
#define log_warn_from(peer, ...) log_msg_from(peer, LOG_TOPIC, LOG_WARNING, __VA_ARGS__)
#define log_info_from(peer, ...) log_msg_from(peer, LOG_TOPIC, LOG_INFO, __VA_ARGS__)
#define log_debug_from(peer, ...) log_msg_from(peer, LOG_TOPIC, LOG_DEBUG, __VA_ARGS__)
/* about one session: the journal's SLUICE_* fields (see above) */
#define log_err_s(s, ...) log_msg_session(s, false, LOG_TOPIC, LOG_ERR, __VA_ARGS__)
#define log_warn_s(s, ...) log_msg_session(s, false, LOG_TOPIC, LOG_WARNING, __VA_ARGS__)
#define log_info_s(s, ...) log_msg_session(s, false, LOG_TOPIC, LOG_INFO, __VA_ARGS__)
#define log_debug_s(s, ...) log_msg_session(s, false, LOG_TOPIC, LOG_DEBUG, __VA_ARGS__)
#define log_info_s_from(s, ...) log_msg_session(s, true, LOG_TOPIC, LOG_INFO, __VA_ARGS__)
/* accounting records: RouterOS logs them under "account" */
#define log_acct(...) log_msg(LOG_TOPIC | LOG_T_ACCOUNT, LOG_INFO, __VA_ARGS__)

#endif /* SLUICED_LOG_H */
