/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sluiced's own charon (docs/ipsec.md "charon under sluiced"): started when something needs
 * IPsec (charon_want), in a mount namespace of its own with a tmpfs on /run (its pid file
 * path is compiled in) but in the router's network namespace, with a strongswan.conf
 * sluiced writes into <state>/ipsec/ (0700, with the vici socket and charon's log).
 *
 * Supervised: its exit comes as SIGCHLD through the loop (main.c's signalfd calls
 * charon_child_exited), is logged with the status, and charon is started again after a
 * backoff (1 s doubling to 30 s, back to 1 s once it ran 60 s). The vici client (vici.h)
 * follows it: "up" (reload everything) and "down" go to the owner. charon_done() stops it
 * (SIGTERM, 5 s, SIGKILL) and reaps it: a sluiced that exits ends its SAs. A charon of ours
 * left by a sluiced that crashed (its pid in <state>/ipsec/charon.pid) is killed first.
 */
#ifndef SLUICED_IPSEC_CHARON_H
#define SLUICED_IPSEC_CHARON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct vici_client;
struct vici_msg;

#define CHARON_BINARY "/usr/lib/ipsec/charon"
#define CHARON_PLUGIN_DIR "/usr/lib/ipsec/plugins"

struct charon_ops {
	/* vici reachable: load every connection, secret, certificate and pool again */
	void (*up)(void *owner);
	/* charon gone or unreachable: nothing loaded is there any more */
	void (*down)(void *owner);
	/* a registered event (charon_config.events); msg is valid during the call only */
	void (*event)(void *owner, const char *name, const struct vici_msg *msg);
};

/* The restart backoff; zeros take the defaults in brackets. */
struct charon_backoff {
	unsigned int min_ms;	/* after the first exit [1000] */
	unsigned int max_ms;	/* doubling up to [30000] */
	unsigned int stable_ms;	/* a charon that ran this long starts at min again [60000] */
};

struct charon_config {
	const char *state_dir;		/* sluiced's -D: our files go to <state_dir>/ipsec */
	/* binary, plugin_dir and events are kept, not copied */
	const char *binary;		/* NULL: CHARON_BINARY */
	const char *plugin_dir;		/* NULL: CHARON_PLUGIN_DIR */
	const char *const *events;	/* NULL-terminated vici event names, or NULL */
	struct charon_backoff backoff;
	unsigned int stop_timeout_ms;	/* SIGTERM to SIGKILL [5000] */
};

struct charon_status {
	bool wanted, running, vici_up;
	pid_t pid;			/* 0 when not running */
	unsigned long starts;		/* fork+exec done */
	unsigned long restarts;		/* starts after charon exited on its own */
	unsigned long exits;		/* exits noticed (stops we asked for included) */
	unsigned long start_failures;	/* fork or setup failed before exec */
	int last_status;		/* waitpid status of the last exit */
};

/* Remembers cfg (copied) and the owner; starts nothing. 0 or a negative errno. */
int charon_init(const struct charon_config *cfg, const struct charon_ops *ops, void *owner);
/* Stops charon (blocking up to stop_timeout_ms and a SIGKILL) and forgets everything. */
void charon_done(void);
/* Something needs IPsec (start and keep charon running) or nothing does (stop it). */
void charon_want(bool want);
/* SIGCHLD: reaps our charon if it exited (other children are left alone). */
void charon_child_exited(void);
/* The command connection for vici_request(), NULL when charon is not wanted. */
struct vici_client *charon_vici(void);
void charon_get_status(struct charon_status *st);
/* "running pid N, restarts M" and the like, for /system resource */
void charon_describe(char *out, size_t cap);

/* The wait before the next start: prev_ms the last wait (0: none yet), ran_ms how long
 * the charon that exited ran. Pure, for the tests. */
unsigned int charon_backoff_next(const struct charon_backoff *b, unsigned int prev_ms,
				 uint64_t ran_ms);
/* Writes strongswan.conf for a charon whose files are in dir: the plugins loaded are the
 * ones wanted that plugin_dir holds (kernel-netlink, socket-default and vici always).
 * 0 or -EIO. Pure but for the plugin files looked at, for the tests. */
int charon_conf_write(FILE *f, const char *dir, const char *plugin_dir);
/* What goes into charon.plugins beside vici (written at each start): fn writes whole
 * sections into out and returns their length, or a negative errno (left out then). */
void charon_set_plugin_conf(int (*fn)(char *out, size_t cap));

#endif /* SLUICED_IPSEC_CHARON_H */
