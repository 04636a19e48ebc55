// SPDX-License-Identifier: GPL-2.0
/* sluiced's private charon: started, supervised, restarted, stopped (charon.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "core/loop.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"
#include "ipsec/charon.h"
#include "ipsec/leftovers.h"
#include "ipsec/vici.h"

#define EXIT_NO_NAMESPACE 126
#define EXIT_NO_EXEC 127
#define VICI_RETRY_MAX_MS 1000	/* charon restarted: reload soon after its socket is back */

static struct {
	bool inited, wanted;
	bool stopping;		/* we sent SIGTERM: its exit is no crash */
	bool crashed;		/* the next start is a restart */
	struct charon_config cfg;
	const struct charon_ops *ops;
	void *owner;
	char dir[200], conf[256], sock[256], pidfile[256], out[256];
	pid_t pid;
	uint64_t started_ms;
	unsigned int backoff_ms;
	struct loop_timer restart, kill;
	struct vici_client *vici;
	struct charon_status st;
} ch;

unsigned int charon_backoff_next(const struct charon_backoff *b, unsigned int prev_ms,
				 uint64_t ran_ms)
{
	unsigned int min = b->min_ms ? b->min_ms : 1000;
	unsigned int max = b->max_ms ? b->max_ms : 30000;
	unsigned int stable = b->stable_ms ? b->stable_ms : 60000;

	if (!prev_ms || ran_ms >= stable)
		return min < max ? min : max;
	return prev_ms >= max / 2 ? max : prev_ms * 2;
}

/* strongswan.conf takes a value up to the end of the line; '#', '{', '}', '"' and blanks
 * would change its meaning: paths are held to a plain set. */
static bool plain_path(const char *p)
{
	for (; *p; p++)
		if (!strchr("/._+-", *p) && !(*p >= '0' && *p <= '9') &&
		    !(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z'))
			return false;
	return true;
}

static bool plugin_present(const char *plugin_dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/libstrongswan-%s.so", plugin_dir, name);
	return !access(path, R_OK);
}

/*
 * An explicit load list (docs/ipsec.md): never stroke (it reads /etc/ipsec.*) nor updown;
 * the crypto of Debian's libstrongswan and strongswan-charon, and that of the standard
 * and extra plugin packages (3DES, ECP, GCM, curve25519) when they are installed. The
 * first plugin that offers an algorithm is the one used: aesni and openssl come first, as
 * in Debian's own charon, since gmp's MODP is several times slower than OpenSSL's and the
 * Diffie-Hellman of each IKE and PFS exchange is most of what a set-up costs.
 */
static const char *const wanted_plugins[] = {
	"random", "nonce", "aesni", "openssl", "drbg", "aes", "des", "sha1", "sha2", "sha3",
	"md5", "hmac", "xcbc", "cmac", "kdf", "fips-prf", "mgf1", "gmp", "curve25519", "gcm",
	"chapoly", "pem", "pkcs1", "pkcs7", "pkcs8", "pkcs12", "x509", "revocation",
	"constraints", "pubkey",
	/* EAP (libcharon-extra-plugins, -extauth-plugins): the client's identity, the relay
	 * to sluiced's RADIUS server, and MS-CHAPv2 as a client */
	"eap-identity", "eap-radius", "eap-mschapv2", NULL,
};

static int (*plugin_conf)(char *out, size_t cap);

void charon_set_plugin_conf(int (*fn)(char *out, size_t cap))
{
	plugin_conf = fn;
}

/* what the owner adds to charon.plugins (the eap-radius section): "" if nothing */
static const char *extra_plugins(char *buf, size_t cap)
{
	*buf = '\0';
	if (plugin_conf && plugin_conf(buf, cap) < 0)
		*buf = '\0';
	return buf;
}

int charon_conf_write(FILE *f, const char *dir, const char *plugin_dir)
{
	char extra[2048];
	size_t i;

	if (!plain_path(dir))
		return -EINVAL;
	fputs("# written by sluiced for its own charon: changes are lost\n"
	      "charon {\n  load =", f);
	for (i = 0; wanted_plugins[i]; i++)
		if (plugin_present(plugin_dir, wanted_plugins[i]))
			fprintf(f, " %s", wanted_plugins[i]);
	fprintf(f, " kernel-netlink socket-default vici\n"
		"  install_routes = no\n"
		"  install_virtual_ip = yes\n"	/* as a mode-config client: ours */
		"  spi_min = 0x%08x\n"
		"  spi_max = 0x%08x\n"
		"  plugins {\n"
		"    vici {\n"
		"      socket = unix://%s/charon.vici\n"
		"    }\n"
		"%s"
		"  }\n"
		"  filelog {\n"
		"    charon {\n"
		"      path = %s/charon.log\n"
		"      time_format = %%b %%e %%T\n"
		"      default = 1\n"
		"      flush_line = yes\n"
		"    }\n"
		"  }\n"
		"}\n", IPSEC_SPI_MIN, IPSEC_SPI_MAX, dir, extra_plugins(extra, sizeof(extra)), dir);
	return ferror(f) ? -EIO : 0;
}

static uint64_t since_start_ms(void)
{
	return loop_now_ms() - ch.started_ms;
}

/* The directory is ours alone: 0700 even if it was there before. */
static int prepare_dir(void)
{
	char tmp[280];
	FILE *f;
	int ret;

	if (mkdir(ch.dir, 0700) && errno != EEXIST)
		return -errno;
	if (chmod(ch.dir, 0700))
		return -errno;
	snprintf(tmp, sizeof(tmp), "%s.new", ch.conf);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	ret = charon_conf_write(f, ch.dir, ch.cfg.plugin_dir);
	if (fclose(f) && !ret)
		ret = -EIO;
	if (!ret && rename(tmp, ch.conf))
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

/* /proc/<pid>/<file>, NUL-terminated; its length, or -1 when it cannot be read */
static ssize_t read_proc(pid_t pid, const char *file, char *buf, size_t cap)
{
	char path[64];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	got = read(fd, buf, cap - 1);
	close(fd);
	if (got <= 0)
		return -1;
	buf[got] = '\0';
	return got;
}

/* Is pid a charon started with our strongswan.conf? (not the system's, not a reused pid) */
static bool is_our_charon(pid_t pid)
{
	char env[8192], want[300];
	ssize_t got = read_proc(pid, "environ", env, sizeof(env));
	size_t len, n;

	if (got < 0)
		return false;
	len = (size_t)snprintf(want, sizeof(want), "STRONGSWAN_CONF=%s", ch.conf);
	for (n = 0; n < (size_t)got; n += strlen(env + n) + 1)
		if (!strncmp(env + n, want, len + 1))
			return true;
	return false;
}

/* exited: no /proc entry, or a zombie its (new) parent has yet to reap */
static bool gone(pid_t pid)
{
	char buf[256], *paren;

	if (read_proc(pid, "stat", buf, sizeof(buf)) < 0)
		return true;
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static unsigned int stop_timeout(void)
{
	return ch.cfg.stop_timeout_ms ? ch.cfg.stop_timeout_ms : 5000;
}

/* A sluiced that crashed left its charon running: it holds the IKE ports; end it. */
static void kill_leftover(void)
{
	char buf[32] = "";
	unsigned int waited = 0;
	FILE *f = fopen(ch.pidfile, "r");
	long pid;

	if (!f)
		return;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	pid = strtol(buf, NULL, 10);
	if (pid > 1 && pid <= INT_MAX && pid != ch.pid && is_our_charon((pid_t)pid)) {
		log_warn("charon pid %ld left by an earlier sluiced: stopping it", pid);
		kill((pid_t)pid, SIGTERM);
		while (!gone((pid_t)pid) && waited < stop_timeout()) {
			sleep_ms(20);
			waited += 20;
		}
		if (!gone((pid_t)pid))
			kill((pid_t)pid, SIGKILL);
	}
	unlink(ch.pidfile);
}

static void write_pidfile(void)
{
	FILE *f = fopen(ch.pidfile, "w");

	if (!f || fprintf(f, "%d\n", (int)ch.pid) < 0 || fclose(f))
		log_warn("%s: %s", ch.pidfile, strerror(errno));
}

/* In the child: a private /run (charon's pid file), the router's network; then charon. */
static __attribute__((noreturn)) void child_exec(void)
{
	sigset_t none;
	int fd;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);	/* sluiced blocks its signals for signalfd */
	signal(SIGPIPE, SIG_DFL);
	setsid();				/* ^C on sluiced's terminal is sluiced's */
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0)
		dup2(fd, 0);
	fd = open(ch.out, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	close_range(3, ~0U, 0);	/* sluiced's sockets are not charon's, CLOEXEC or not */
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755")) {
		dprintf(2, "sluiced: a private /run for charon: %s\n", strerror(errno));
		_exit(EXIT_NO_NAMESPACE);
	}
	setenv("STRONGSWAN_CONF", ch.conf, 1);
	execl(ch.cfg.binary, ch.cfg.binary, (char *)NULL);
	dprintf(2, "sluiced: %s: %s\n", ch.cfg.binary, strerror(errno));
	_exit(EXIT_NO_EXEC);
}

static void schedule_start(unsigned int ms)
{
	if (loop_timer_arm(&ch.restart, ms))
		log_err("charon: no memory for the restart timer");
}

static void start_failed(const char *what, int err)
{
	ch.st.start_failures++;
	ch.backoff_ms = charon_backoff_next(&ch.cfg.backoff, ch.backoff_ms, 0);
	log_err("charon: %s: %s; trying again in %u ms", what, strerror(-err), ch.backoff_ms);
	schedule_start(ch.backoff_ms);
}

static void start_now(void)
{
	int ret = prepare_dir();

	if (ret) {
		start_failed(ch.dir, ret);
		return;
	}
	kill_leftover();
	ipsec_leftovers_remove();	/* SAs a killed charon left: nothing of ours runs now */
	unlink(ch.sock);	/* a stale socket would only refuse the vici client */
	ch.pid = fork();
	if (ch.pid < 0) {
		ch.pid = 0;
		start_failed("fork", -errno);
		return;
	}
	if (ch.pid == 0)
		child_exec();
	ch.started_ms = loop_now_ms();
	ch.st.starts++;
	if (ch.crashed)
		ch.st.restarts++;
	ch.crashed = false;
	write_pidfile();
	log_info("charon started, pid %d, %s", (int)ch.pid, ch.conf);
}

static void restart_due(struct loop_timer *t)
{
	(void)t;
	if (ch.wanted && !ch.pid)
		start_now();
}

static void kill_due(struct loop_timer *t)
{
	(void)t;
	if (ch.pid) {
		log_warn("charon pid %d did not stop in %u ms: SIGKILL", (int)ch.pid,
			 stop_timeout());
		kill(ch.pid, SIGKILL);
	}
}

static void log_exit(int status)
{
	unsigned long ran_s = (unsigned long)(since_start_ms() / 1000);

	if (WIFEXITED(status))
		log_msg(LOG_TOPIC, ch.stopping ? LOG_INFO : LOG_ERR,
			"charon pid %d exited with status %d after %lu s%s", (int)ch.pid,
			WEXITSTATUS(status), ran_s,
			WEXITSTATUS(status) == EXIT_NO_NAMESPACE ? " (no private /run: root?)" :
			WEXITSTATUS(status) == EXIT_NO_EXEC ? " (could not exec it)" : "");
	else
		log_msg(LOG_TOPIC, ch.stopping ? LOG_INFO : LOG_ERR,
			"charon pid %d killed by signal %s after %lu s", (int)ch.pid,
			strsignal(WTERMSIG(status)), ran_s);
}

static void exited(int status)
{
	uint64_t ran = since_start_ms();
	bool asked = ch.stopping;

	ch.st.exits++;
	ch.st.last_status = status;
	log_exit(status);
	ch.pid = 0;
	ch.stopping = false;
	loop_timer_cancel(&ch.kill);
	unlink(ch.pidfile);
	if (!ch.wanted)
		return;
	if (asked) {		/* stopped, then wanted again before it was gone */
		schedule_start(0);
		return;
	}
	ch.crashed = true;
	ch.backoff_ms = charon_backoff_next(&ch.cfg.backoff, ch.backoff_ms, ran);
	log_info("charon: starting again in %u ms", ch.backoff_ms);
	schedule_start(ch.backoff_ms);
}

void charon_child_exited(void)
{
	int status;

	if (ch.pid > 0 && waitpid(ch.pid, &status, WNOHANG) == ch.pid)
		exited(status);
}

static void vici_state(void *owner, bool up)
{
	(void)owner;
	ch.st.vici_up = up;
	log_info("charon vici %s", up ? "up: loading the configuration" : "down");
	if (up && ch.ops->up)
		ch.ops->up(ch.owner);
	else if (!up && ch.ops->down)
		ch.ops->down(ch.owner);
}

static void vici_event(void *owner, const char *name, const struct vici_msg *msg)
{
	(void)owner;
	if (ch.ops->event)
		ch.ops->event(ch.owner, name, msg);
}

static int vici_open(void)
{
	static const struct vici_client_ops ops = { .state = vici_state, .event = vici_event };
	struct vici_config cfg = {
		.socket_path = ch.sock,
		.events = ch.cfg.events,
		.backoff_max_ms = VICI_RETRY_MAX_MS,
	};

	if (!ch.vici)
		ch.vici = vici_client_new(&cfg, &ops, NULL);
	return ch.vici ? 0 : -ENOMEM;
}

/* The owner hears "down" itself: a freed client tells nobody. */
static void vici_close(void)
{
	bool was_up = ch.vici && vici_client_is_up(ch.vici);

	vici_client_free(ch.vici);
	ch.vici = NULL;
	ch.st.vici_up = false;
	if (was_up && ch.ops->down)
		ch.ops->down(ch.owner);
}

void charon_want(bool want)
{
	if (!ch.inited || want == ch.wanted)
		return;
	ch.wanted = want;
	if (want) {
		log_info("IPsec needed: starting charon");
		if (vici_open())
			log_err("charon: no memory for the vici client");
		ch.backoff_ms = 0;
		if (!ch.pid && !loop_timer_armed(&ch.restart))
			start_now();
		return;
	}
	log_info("IPsec no longer needed: stopping charon");
	loop_timer_cancel(&ch.restart);
	vici_close();
	if (ch.pid && !ch.stopping) {
		ch.stopping = true;
		kill(ch.pid, SIGTERM);
		loop_timer_arm(&ch.kill, stop_timeout());
	}
}

/* Derived paths; the state directory may not be under /run, which charon cannot see. */
static int make_paths(const char *state_dir)
{
	char real[PATH_MAX];

	if (!state_dir || (size_t)snprintf(ch.dir, sizeof(ch.dir), "%s/ipsec", state_dir) >=
	    sizeof(ch.dir) - 16)
		return -ENAMETOOLONG;
	if (!realpath(state_dir, real))
		snprintf(real, sizeof(real), "%s", state_dir);
	if (!strcmp(real, "/run") || !strncmp(real, "/run/", 5)) {
		log_err("state directory %s is under /run, which charon's private /run hides",
			state_dir);
		return -EINVAL;
	}
	if (!plain_path(ch.dir)) {
		log_err("state directory %s: only letters, digits and / . _ + - for charon",
			state_dir);
		return -EINVAL;
	}
	snprintf(ch.conf, sizeof(ch.conf), "%s/strongswan.conf", ch.dir);
	snprintf(ch.sock, sizeof(ch.sock), "%s/charon.vici", ch.dir);
	snprintf(ch.pidfile, sizeof(ch.pidfile), "%s/charon.pid", ch.dir);
	snprintf(ch.out, sizeof(ch.out), "%s/charon.out", ch.dir);
	return 0;
}

int charon_init(const struct charon_config *cfg, const struct charon_ops *ops, void *owner)
{
	int ret;

	if (ch.inited)
		return -EBUSY;
	memset(&ch, 0, sizeof(ch));
	ret = make_paths(cfg->state_dir);
	if (ret)
		return ret;
	ch.cfg = *cfg;
	ch.cfg.state_dir = NULL;	/* not kept: the caller's string */
	if (!ch.cfg.binary)
		ch.cfg.binary = CHARON_BINARY;
	if (!ch.cfg.plugin_dir)
		ch.cfg.plugin_dir = CHARON_PLUGIN_DIR;
	ch.ops = ops;
	ch.owner = owner;
	loop_timer_init(&ch.restart, restart_due);
	loop_timer_init(&ch.kill, kill_due);
	ch.inited = true;
	return 0;
}

/* At exit, outside the loop: SIGTERM, then SIGKILL after the timeout; always reaped. */
static void stop_and_reap(void)
{
	unsigned int waited = 0;
	int status;
	pid_t r;

	if (!ch.pid)
		return;
	if (!ch.stopping)
		kill(ch.pid, SIGTERM);
	ch.stopping = true;
	while ((r = waitpid(ch.pid, &status, WNOHANG)) == 0 && waited < stop_timeout()) {
		sleep_ms(10);
		waited += 10;
	}
	if (r == 0) {
		log_warn("charon pid %d did not stop in %u ms: SIGKILL", (int)ch.pid,
			 stop_timeout());
		kill(ch.pid, SIGKILL);
		r = waitpid(ch.pid, &status, 0);
	}
	if (r == ch.pid)
		exited(status);
	ch.pid = 0;
}

void charon_done(void)
{
	if (!ch.inited)
		return;
	ch.wanted = false;
	loop_timer_cancel(&ch.restart);
	loop_timer_cancel(&ch.kill);
	vici_close();
	stop_and_reap();
	unlink(ch.sock);
	unlink(ch.pidfile);
	ch.inited = false;
}

struct vici_client *charon_vici(void)
{
	return ch.vici;
}

void charon_get_status(struct charon_status *st)
{
	*st = ch.st;
	st->wanted = ch.wanted;
	st->running = ch.pid > 0;
	st->pid = ch.pid;
	st->vici_up = ch.vici && vici_client_is_up(ch.vici);
}

void charon_describe(char *out, size_t cap)
{
	if (ch.pid > 0)
		snprintf(out, cap, "running pid %d%s, restarts %lu", (int)ch.pid,
			 ch.vici && vici_client_is_up(ch.vici) ? "" : " (vici down)",
			 ch.st.restarts);
	else if (ch.wanted)
		snprintf(out, cap, "restarting, restarts %lu", ch.st.restarts);
	else
		snprintf(out, cap, "not running (not needed), restarts %lu", ch.st.restarts);
}
