// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ipsec/charon.c: the restart backoff and the strongswan.conf writer (pure), the
 * state directory refused under /run, and the supervisor with Debian's real charon on the
 * real loop: started through charon_want() in a mount namespace of its own but in our
 * network namespace, vici "up" and `version` answered through the supervisor's client,
 * charon killed with SIGKILL and started again by the supervisor (a restart counted, "up"
 * again), stopped by charon_want(false), wanted again while the old one is still stopping (a
 * new one, no restart counted), stopped by charon_done() with no charon left in /proc,
 * and a charon of an earlier sluiced (its pid in our pid file) stopped before a new start
 * while a process that is not ours is left alone.
 *
 * The real-charon tests run in a network namespace of the test's own (so IKE ports and a
 * parallel run touch nothing of the host's); they are skipped, and counted as skipped,
 * when charon is not installed or we are not root: the reason is printed.
 */
/* unit-test-sources: daemon/ipsec/charon.c daemon/ipsec/leftovers.c daemon/ipsec/xfrm.c daemon/ipsec/vici.c daemon/ipsec/vici_msg.c daemon/core/loop.c daemon/core/timer.c daemon/core/log.c tests/unit/lib/real_loop.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "core/loop.h"
#include "real_loop.h"
#include "ipsec/charon.h"
#include "ipsec/vici.h"

static char state[64], dir[96];
static int ups, downs;

/* ---- pure: the backoff ---- */

static void backoff_doubles_to_the_cap_and_resets_after_a_stable_run(void **st)
{
	static const struct charon_backoff def = { 0 };
	static const unsigned int seq[] = { 1000, 2000, 4000, 8000, 16000, 30000, 30000 };
	unsigned int ms = 0;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		ms = charon_backoff_next(&def, ms, 59999);
		assert_int_equal(ms, seq[i]);
	}
	/* it ran 60 s: a crash now is a new story */
	assert_int_equal(charon_backoff_next(&def, 30000, 60000), 1000);
	assert_int_equal(charon_backoff_next(&def, 4000, 0), 8000);
}

static void backoff_limits_are_configurable(void **st)
{
	static const struct charon_backoff b = { .min_ms = 50, .max_ms = 120, .stable_ms = 500 };

	(void)st;
	assert_int_equal(charon_backoff_next(&b, 0, 0), 50);
	assert_int_equal(charon_backoff_next(&b, 50, 10), 100);
	assert_int_equal(charon_backoff_next(&b, 100, 10), 120);
	assert_int_equal(charon_backoff_next(&b, 120, 10), 120);
	assert_int_equal(charon_backoff_next(&b, 120, 500), 50);
}

/* ---- pure: the conf writer ---- */

static void touch(const char *d, const char *plugin)
{
	char path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s/libstrongswan-%s.so", d, plugin);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

static char *conf_text(const char *conf_dir, const char *plugins, int *ret)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	*ret = charon_conf_write(f, conf_dir, plugins);
	fclose(f);
	return text;
}

static void conf_loads_only_present_wanted_plugins(void **st)
{
	char plugins[] = "/tmp/test_charon_plugins.XXXXXX";
	static const char *const files[] = { "aes", "sha1", "openssl", "stroke", "updown", "gcm" };
	char *text, path[160];
	size_t i;
	int ret;

	(void)st;
	assert_non_null(mkdtemp(plugins));
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		touch(plugins, files[i]);
	text = conf_text("/var/lib/sluice/ipsec", plugins, &ret);
	assert_int_equal(ret, 0);
	/* the wanted order (openssl before the others: its MODP is the fast one); stroke and
	 * updown never, the three charon needs always */
	assert_non_null(strstr(text, "  load = openssl aes sha1 gcm kernel-netlink "
				     "socket-default vici\n"));
	assert_null(strstr(text, "stroke"));
	assert_null(strstr(text, "updown"));
	assert_null(strstr(text, "include"));		/* nothing of /etc/strongswan.d */
	assert_non_null(strstr(text, "install_routes = no\n"));
	assert_non_null(strstr(text, "install_virtual_ip = yes\n"));
	/* our own SPI range: what a killed charon left is found by it (leftovers.h) */
	assert_non_null(strstr(text, "spi_min = 0xd1c00000\n"));
	assert_non_null(strstr(text, "spi_max = 0xd1cfffff\n"));
	assert_non_null(strstr(text, "socket = unix:///var/lib/sluice/ipsec/charon.vici\n"));
	assert_non_null(strstr(text, "path = /var/lib/sluice/ipsec/charon.log\n"));
	assert_non_null(strstr(text, "time_format = %b %e %T\n"));
	free(text);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/libstrongswan-%s.so", plugins, files[i]);
		unlink(path);
	}
	rmdir(plugins);
}

static void conf_refuses_a_path_that_would_change_its_meaning(void **st)
{
	static const char *const bad[] = { "/tmp/a b", "/tmp/x#y", "/tmp/x}", "/tmp/\"q\"",
					   "/tmp/x\ny" };
	size_t i;
	int ret;

	(void)st;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		free(conf_text(bad[i], "/nonexistent", &ret));
		assert_int_equal(ret, -EINVAL);
	}
	/* no plugin files at all: still the three charon cannot do without */
	free(conf_text("/x", "/nonexistent", &ret));
	assert_int_equal(ret, 0);
}

static void state_dir_under_run_is_refused(void **st)
{
	static const struct charon_ops ops = { NULL };
	struct charon_config cfg = { .state_dir = "/run" };

	(void)st;
	assert_int_equal(charon_init(&cfg, &ops, NULL), -EINVAL);
	cfg.state_dir = "/run/sluice-not-there";
	assert_int_equal(charon_init(&cfg, &ops, NULL), -EINVAL);
	cfg.state_dir = "/tmp/with space";
	assert_int_equal(charon_init(&cfg, &ops, NULL), -EINVAL);
}

/* ---- the real charon ---- */

static struct loop_fd sigw = { .fd = -1 };

static void on_signal(struct loop_fd *w, uint32_t events)
{
	struct signalfd_siginfo si;

	(void)events;
	while (read(w->fd, &si, sizeof(si)) == sizeof(si))
		if (si.ssi_signo == SIGCHLD)
			charon_child_exited();
}

/* What main.c does: SIGCHLD through a signalfd on the loop. */
static void watch_sigchld(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	assert_int_equal(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	sigw.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	assert_true(sigw.fd >= 0);
	sigw.events = EPOLLIN;
	sigw.cb = on_signal;
	assert_int_equal(loop_add(&sigw), 0);
}

static void on_up(void *owner)
{
	(void)owner;
	ups++;
}

static void on_down(void *owner)
{
	(void)owner;
	downs++;
}

static int want_ups;

static bool reached_ups(void)
{
	return ups >= want_ups;
}

static bool charon_stopped(void)
{
	struct charon_status s;

	charon_get_status(&s);
	return !s.running;
}

struct reply {
	int calls, err;
	char daemon[32];
};

static struct reply *waiting;

static bool answered(void)
{
	return waiting->calls > 0;
}

static void on_reply(void *arg, int err, const struct vici_msg *reply)
{
	struct reply *r = arg;
	const char *s = vici_get_str(vici_root(reply), "daemon");

	r->calls++;
	r->err = err;
	snprintf(r->daemon, sizeof(r->daemon), "%s", s ? s : "");
}

static void check_version(void)
{
	struct reply r = { 0 };

	waiting = &r;
	assert_non_null(charon_vici());
	assert_int_equal(vici_request(charon_vici(), "version", NULL, 5000, on_reply, &r), 0);
	assert_true(real_loop_until(answered, 6000));
	assert_int_equal(r.err, 0);
	assert_string_equal(r.daemon, "charon");
}

static bool same_ns(pid_t pid, const char *ns)
{
	char a[64], b[64], pa[64], pb[64];
	ssize_t la, lb;

	snprintf(pa, sizeof(pa), "/proc/%d/ns/%s", (int)pid, ns);
	snprintf(pb, sizeof(pb), "/proc/self/ns/%s", ns);
	la = readlink(pa, a, sizeof(a));
	lb = readlink(pb, b, sizeof(b));
	assert_true(la > 0 && lb > 0);
	return la == lb && !memcmp(a, b, (size_t)la);
}

/* Any process whose environment names our strongswan.conf (a charon of ours)? */
static int charons_left(void)
{
	char want[160], path[300], env[8192];
	struct dirent *e;
	DIR *d = opendir("/proc");
	int n = 0;

	assert_non_null(d);
	snprintf(want, sizeof(want), "STRONGSWAN_CONF=%s/strongswan.conf", dir);
	while ((e = readdir(d))) {
		ssize_t got;
		int fd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/environ", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		got = read(fd, env, sizeof(env) - 1);
		close(fd);
		if (got > 0 && memmem(env, (size_t)got, want, strlen(want) + 1))
			n++;
	}
	closedir(d);
	return n;
}

static int pidfile_pid(void)
{
	char path[128];
	int pid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/charon.pid", dir);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return pid;
}

static bool can_run_charon(void)
{
	if (access(CHARON_BINARY, X_OK)) {
		print_message("SKIP: %s is not installed (strongswan-charon)\n", CHARON_BINARY);
		return false;
	}
	if (geteuid() != 0 || unshare(CLONE_NEWNET)) {
		print_message("SKIP: not root: no private mount namespace for charon here\n");
		return false;
	}
	return true;
}

static void start_supervisor(void)
{
	static const struct charon_ops ops = { .up = on_up, .down = on_down };
	static const char *const events[] = { "ike-updown", "child-updown", NULL };
	const struct charon_config cfg = { .state_dir = state, .events = events };

	assert_int_equal(loop_init(), 0);
	watch_sigchld();
	assert_int_equal(charon_init(&cfg, &ops, NULL), 0);
}

static void stop_supervisor(void)
{
	charon_done();
	loop_del(&sigw);
	close(sigw.fd);
	sigw.fd = -1;
	loop_done();
}

/* started in our network namespace and its own mount namespace; answers over vici */
static struct charon_status up_and_answering(int expect_ups)
{
	struct charon_status s;

	want_ups = expect_ups;
	assert_true(real_loop_until(reached_ups, 20000));
	charon_get_status(&s);
	assert_true(s.running && s.vici_up && s.pid > 0);
	assert_int_equal(pidfile_pid(), s.pid);
	assert_true(same_ns(s.pid, "net"));
	assert_false(same_ns(s.pid, "mnt"));
	check_version();
	return s;
}

static pid_t old_pid;

/* a charon other than old_pid runs and answers */
static bool replaced(void)
{
	struct charon_status s;

	charon_get_status(&s);
	return s.running && s.pid != old_pid && s.vici_up;
}

static void supervisor_restarts_a_killed_charon(void **st)
{
	struct charon_status s, s2;
	char line[96];

	(void)st;
	if (!can_run_charon()) {
		skip();
		return;
	}
	start_supervisor();
	charon_want(true);
	s = up_and_answering(1);
	assert_int_equal(s.starts, 1);
	assert_int_equal(s.restarts, 0);
	charon_describe(line, sizeof(line));
	print_message("  ipsec-charon: %s\n", line);

	/* killed behind our back: reaped, logged, started again after 1 s, "up" again */
	assert_int_equal(kill(s.pid, SIGKILL), 0);
	s2 = up_and_answering(2);
	assert_int_equal(downs, 1);
	assert_int_not_equal(s2.pid, s.pid);
	assert_int_equal(s2.restarts, 1);
	assert_int_equal(s2.exits, 1);
	assert_true(WIFSIGNALED(s2.last_status) && WTERMSIG(s2.last_status) == SIGKILL);
	assert_true(access(dir, F_OK) == 0);

	/* nothing needs IPsec any more: SIGTERM, reaped through SIGCHLD, not restarted */
	charon_want(false);
	assert_int_equal(downs, 2);
	assert_true(real_loop_until(charon_stopped, 8000));
	charon_get_status(&s);
	assert_int_equal(s.exits, 2);
	assert_true(WIFEXITED(s.last_status) || WTERMSIG(s.last_status) == SIGTERM);
	assert_int_equal(charons_left(), 0);
	assert_null(charon_vici());

	/* wanted again, then sluiced exits: charon_done stops it synchronously */
	charon_want(true);
	s = up_and_answering(3);
	assert_int_equal(s.restarts, 1);	/* a start on demand is no restart */

	/* not needed and needed again before the old one is gone: a new one, no restart */
	old_pid = s.pid;
	charon_want(false);
	charon_want(true);
	assert_true(real_loop_until(replaced, 20000));
	charon_get_status(&s);
	assert_int_equal(s.starts, 4);
	assert_int_equal(s.restarts, 1);
	check_version();
	stop_supervisor();
	assert_int_equal(charons_left(), 0);
	assert_int_equal(pidfile_pid(), 0);
	snprintf(line, sizeof(line), "/proc/%d", (int)s.pid);
	assert_int_equal(access(line, F_OK), -1);	/* reaped: not even a zombie */
}

/* A stand-in for an orphaned charon: a sleep with our STRONGSWAN_CONF, or without it. */
static pid_t fake_charon(bool ours)
{
	char env[160];
	pid_t pid;

	snprintf(env, sizeof(env), "STRONGSWAN_CONF=%s/strongswan.conf", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *const argv[] = { "sleep", "60", NULL };
		char *const envp[] = { ours ? env : "X=1", NULL };

		execve("/bin/sleep", argv, envp);
		_exit(127);
	}
	usleep(100000);		/* until the exec is done and its environ readable */
	return pid;
}

static void write_pidfile(pid_t pid)
{
	char path[128];
	FILE *f;

	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/charon.pid", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%d\n", (int)pid);
	fclose(f);
}

static void leftover_charon_of_ours_is_stopped_first(void **st)
{
	struct charon_status s;
	pid_t other, old;
	int status;

	(void)st;
	if (!can_run_charon()) {
		skip();
		return;
	}
	/* a pid file naming a process that is not ours: left alone */
	other = fake_charon(false);
	write_pidfile(other);
	start_supervisor();
	charon_want(true);
	s = up_and_answering(1);
	assert_int_equal(waitpid(other, &status, WNOHANG), 0);
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
	stop_supervisor();

	/* one of ours, as a crashed sluiced leaves it: stopped before ours starts */
	old = fake_charon(true);
	write_pidfile(old);
	ups = 0;
	start_supervisor();
	charon_want(true);
	assert_int_equal(waitpid(old, &status, WNOHANG), old);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	s = up_and_answering(1);
	assert_int_equal(pidfile_pid(), s.pid);
	stop_supervisor();
	assert_int_equal(charons_left(), 0);
}

static int setup(void **st)
{
	(void)st;
	ups = downs = 0;
	snprintf(state, sizeof(state), "/tmp/test_charon.XXXXXX");
	assert_non_null(mkdtemp(state));
	snprintf(dir, sizeof(dir), "%s/ipsec", state);
	return 0;
}

static void print_file(const char *name)
{
	char path[160], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		print_message("  %s: %s", name, line);
	if (f)
		fclose(f);
}

static int teardown(void **st)
{
	static const char *const files[] = { "strongswan.conf", "charon.log", "charon.out",
					     "charon.pid", "charon.vici" };
	char path[160];
	size_t i;

	(void)st;
	if (sigw.fd >= 0)	/* a failed check left the supervisor: no charon outlives us */
		stop_supervisor();
	if (getenv("TEST_CHARON_VERBOSE"))
		print_file("charon.out"), print_file("charon.log");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	rmdir(state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backoff_doubles_to_the_cap_and_resets_after_a_stable_run),
		cmocka_unit_test(backoff_limits_are_configurable),
		cmocka_unit_test(conf_loads_only_present_wanted_plugins),
		cmocka_unit_test(conf_refuses_a_path_that_would_change_its_meaning),
		cmocka_unit_test(state_dir_under_run_is_refused),
		cmocka_unit_test_setup_teardown(supervisor_restarts_a_killed_charon, setup,
						teardown),
		cmocka_unit_test_setup_teardown(leftover_charon_of_ours_is_stopped_first, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("charon", tests, NULL, NULL);
}
