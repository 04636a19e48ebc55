// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ipsec/vici.c against Debian's real charon (/usr/lib/ipsec/charon, strongSwan
 * 5.9.8): a private instance with its own strongswan.conf (STRONGSWAN_CONF) whose vici
 * socket is in a temporary directory, in its own mount namespace (a tmpfs on /run, since
 * charon's pid file path is compiled in) and network namespace (its IKE ports and XFRM
 * state touch nothing of the host's). Through the client: the four events registered,
 * version, list-sas and list-conns streamed (none yet), a command charon does not know,
 * a connection and its PSK loaded (load-conn, load-shared), listed (get-conns, list-conns)
 * and unloaded, a load-conn charon refuses (its errmsg comes back), then charon killed
 * ("down") and started again ("up", version once more).
 *
 * Skipped, and counted as skipped, when charon is not installed or the namespaces cannot be
 * made here (no root): the reason is printed. A charon that is there but does not come up
 * with this configuration fails the test.
 */
/* unit-test-sources: daemon/ipsec/vici.c daemon/ipsec/vici_msg.c daemon/core/loop.c daemon/core/timer.c daemon/core/log.c tests/unit/lib/real_loop.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "core/loop.h"
#include "real_loop.h"
#include "ipsec/vici.h"

#define CHARON "/usr/lib/ipsec/charon"
#define START_WAIT_MS 15000
#define EXIT_NO_NAMESPACE 77

static char dir[64], sock[128], conf[128], out[128];
static pid_t charon = -1;
static int ups, downs;

/* The private charon: only what IKE needs, nothing that reads /etc/ipsec.* (stroke). */
static void write_conf(void)
{
	FILE *f = fopen(conf, "w");

	assert_non_null(f);
	fprintf(f,
		"charon {\n"
		"  load = random nonce aes sha1 sha2 hmac kdf gmp pem pkcs1 pkcs8 x509 pubkey"
		" kernel-netlink socket-default vici\n"
		"  install_routes = no\n"
		"  install_virtual_ip = no\n"
		"  plugins {\n"
		"    vici {\n"
		"      socket = unix://%s\n"
		"    }\n"
		"  }\n"
		"  filelog {\n"
		"    charon {\n"
		"      path = %s/charon.log\n"
		"      default = 1\n"
		"    }\n"
		"  }\n"
		"}\n", sock, dir);
	fclose(f);
}

static void child(void)
{
	int fd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	if (unshare(CLONE_NEWNS | CLONE_NEWNET) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")) {
		perror("namespaces for charon");
		_exit(EXIT_NO_NAMESPACE);
	}
	setenv("STRONGSWAN_CONF", conf, 1);
	execl(CHARON, CHARON, (char *)NULL);
	perror(CHARON);
	_exit(EXIT_NO_NAMESPACE + 1);
}

static void print_tail(void)
{
	char line[256];
	FILE *f = fopen(out, "r");

	while (f && fgets(line, sizeof(line), f))
		print_message("  charon: %s", line);
	if (f)
		fclose(f);
}

/* 0 when the socket is there; else charon's exit status (or -1: it did not come up). */
static int start_charon(void)
{
	struct stat st;
	uint64_t end = real_now_ms() + START_WAIT_MS;
	int status;

	charon = fork();
	assert_true(charon >= 0);
	if (charon == 0)
		child();
	while (real_now_ms() < end) {
		if (!stat(sock, &st) && S_ISSOCK(st.st_mode))
			return 0;
		if (waitpid(charon, &status, WNOHANG) == charon) {
			charon = -1;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		}
		usleep(20000);
	}
	return -1;
}

static void stop_charon(void)
{
	uint64_t end = real_now_ms() + 10000;

	if (charon <= 0)
		return;
	kill(charon, SIGTERM);
	while (real_now_ms() < end && waitpid(charon, NULL, WNOHANG) != charon)
		usleep(20000);
	if (real_now_ms() >= end) {
		kill(charon, SIGKILL);
		waitpid(charon, NULL, 0);
	}
	charon = -1;
	unlink(sock);
}

struct reply {
	int calls, err, listed, verdict, conns;
	char version[64], daemon[64], why[128];
	char first[64];			/* the first listed item's name */
	bool child_listed;		/* it has the CHILD_SA config c1, in transport mode */
};

static struct reply *waiting;

static bool answered(void)
{
	return waiting->calls > 0;
}

static void on_reply(void *arg, int err, const struct vici_msg *reply)
{
	struct reply *r = arg;
	const struct vici_node *n;
	const char *s;

	r->calls++;
	r->err = err;
	s = vici_get_str(vici_root(reply), "version");
	snprintf(r->version, sizeof(r->version), "%s", s ? s : "");
	s = vici_get_str(vici_root(reply), "daemon");
	snprintf(r->daemon, sizeof(r->daemon), "%s", s ? s : "");
	r->verdict = reply ? vici_check_success(reply, r->why, sizeof(r->why)) : err;
	r->conns = 0;
	vici_for_each(n, vici_list(vici_root(reply), "conns"))
		r->conns++;
}

static void on_listed(void *arg, const struct vici_msg *ev)
{
	struct reply *r = arg;
	const struct vici_node *item = vici_root(ev)->child;

	if (!r->listed++ && item && item->name) {
		snprintf(r->first, sizeof(r->first), "%s", item->name);
		r->child_listed = !strcmp(vici_get_str(item, "children/c1/mode") ?: "",
					  "TRANSPORT");
	}
}

static void on_state(void *owner, bool up)
{
	(void)owner;
	if (up)
		ups++;
	else
		downs++;
}

static int up_count;

static bool is_up(void)
{
	return ups > up_count;
}

static bool is_down(void)
{
	return downs > 0;
}

static void ask_with(struct vici_client *c, const char *cmd, const char *stream,
		     struct vici_builder *msg, struct reply *r)
{
	memset(r, 0, sizeof(*r));
	waiting = r;
	assert_int_equal(vici_request_stream(c, cmd, stream, msg, 5000,
					     stream ? on_listed : NULL, on_reply, r), 0);
	assert_true(real_loop_until(answered, 6000));
	if (msg)
		vici_build_free(msg);
}

static void ask(struct vici_client *c, const char *cmd, const char *stream, struct reply *r)
{
	ask_with(c, cmd, stream, NULL, r);
}

static void list(struct vici_builder *b, const char *name, const char *item)
{
	vici_build_list(b, name);
	vici_build_item(b, item);
	vici_build_list_end(b);
}

/* an L2TP/IPsec-like connection t1 (PSK, transport, udp/1701); bad_key: charon says no */
static void build_conn(struct vici_builder *b, const char *bad_key)
{
	vici_build_init(b, 4096);
	vici_build_section(b, "t1");
	vici_build_kv(b, "version", "2");
	list(b, "local_addrs", "10.0.0.1");
	list(b, "remote_addrs", "192.0.2.1");
	list(b, "proposals", "aes128-sha256-modp2048");
	vici_build_section(b, "local");
	vici_build_kv(b, "auth", "psk");
	vici_build_end(b);
	vici_build_section(b, "remote");
	vici_build_kv(b, "auth", "psk");
	vici_build_end(b);
	vici_build_section(b, "children");
	vici_build_section(b, "c1");
	vici_build_kv(b, "mode", "transport");
	list(b, "local_ts", "dynamic[udp/l2f]");
	vici_build_end(b);
	vici_build_end(b);
	if (bad_key)
		vici_build_kv(b, bad_key, "1");
	vici_build_end(b);
}

/* What sluiced will do on "up": load a connection and its secret, list, unload. */
static void load_and_list(struct vici_client *c)
{
	struct vici_builder b;
	struct reply r;

	build_conn(&b, NULL);
	ask_with(c, "load-conn", NULL, &b, &r);
	assert_int_equal(r.err, 0);
	if (r.verdict)
		fail_msg("load-conn: %s", r.why);
	vici_build_init(&b, 1024);
	vici_build_kv(&b, "id", "t1-psk");
	vici_build_kv(&b, "type", "IKE");
	vici_build_kv(&b, "data", "s3cret");
	list(&b, "owners", "10.0.0.1");
	ask_with(c, "load-shared", NULL, &b, &r);
	assert_int_equal(r.verdict, 0);
	ask(c, "get-conns", NULL, &r);
	assert_int_equal(r.conns, 1);
	ask(c, "list-conns", "list-conn", &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.listed, 1);
	assert_string_equal(r.first, "t1");
	assert_true(r.child_listed);

	/* charon's refusal comes back as a verdict with its reason */
	build_conn(&b, "no-such-option");
	ask_with(c, "load-conn", NULL, &b, &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.verdict, -EIO);
	print_message("  charon refuses a bad load-conn: %s\n", r.why);

	vici_build_init(&b, 256);
	vici_build_kv(&b, "name", "t1");
	ask_with(c, "unload-conn", NULL, &b, &r);
	assert_int_equal(r.verdict, 0);
	ask(c, "list-conns", "list-conn", &r);
	assert_int_equal(r.listed, 0);
}

static void check_version(struct vici_client *c)
{
	struct reply r;

	ask(c, "version", NULL, &r);
	assert_int_equal(r.err, 0);
	assert_string_equal(r.daemon, "charon");
	assert_true(r.version[0] >= '5' && r.version[0] <= '9');
	print_message("  charon %s answers version over vici\n", r.version);
}

static void exchange(struct vici_client *c)
{
	struct reply r;

	assert_int_equal(vici_client_stats(c)->unknown_events, 0);
	check_version(c);
	ask(c, "list-sas", "list-sa", &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.listed, 0);
	ask(c, "list-conns", "list-conn", &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.listed, 0);
	ask(c, "no-such-command", NULL, &r);
	assert_int_equal(r.err, -EOPNOTSUPP);
	assert_true(vici_client_is_up(c));
	load_and_list(c);
}

static bool can_start(void)
{
	int err;

	if (access(CHARON, X_OK)) {
		print_message("SKIP: %s is not installed (strongswan-charon)\n", CHARON);
		return false;
	}
	err = start_charon();
	if (err == EXIT_NO_NAMESPACE) {
		print_message("SKIP: no private namespaces for charon here (needs root):\n");
		print_tail();
		return false;
	}
	if (err) {	/* charon is here but would not run: that is a failure */
		print_tail();
		stop_charon();
		fail_msg("charon did not come up (status %d)", err);
	}
	return true;
}

static void test_real_charon(void **state)
{
	static const char *const events[] = { "ike-updown", "child-updown", "ike-rekey",
					      "child-rekey", NULL };
	static const struct vici_client_ops ops = { .state = on_state };
	struct vici_config cfg = { .socket_path = sock, .events = events };
	struct vici_client *c;

	(void)state;
	if (!can_start()) {
		skip();
		return;
	}
	assert_int_equal(loop_init(), 0);
	c = vici_client_new(&cfg, &ops, NULL);
	assert_non_null(c);
	if (!real_loop_until(is_up, 10000))
		print_tail();
	assert_int_equal(ups, 1);
	exchange(c);

	/* charon dies: "down"; a new charon: "up" again, and it answers */
	stop_charon();
	assert_true(real_loop_until(is_down, 5000));
	assert_false(vici_client_is_up(c));
	assert_int_equal(start_charon(), 0);
	up_count = ups;
	assert_true(real_loop_until(is_up, 15000));
	check_version(c);
	vici_client_free(c);
	loop_done();
	stop_charon();
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_vici_charon.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/charon.vici", dir);
	snprintf(conf, sizeof(conf), "%s/strongswan.conf", dir);
	snprintf(out, sizeof(out), "%s/charon.out", dir);
	write_conf();
	return 0;
}

static int teardown(void **state)
{
	char path[160];

	(void)state;
	stop_charon();
	unlink(conf);
	unlink(out);
	snprintf(path, sizeof(path), "%s/charon.log", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_real_charon, setup, teardown),
	};

	return cmocka_run_group_tests_name("vici_charon", tests, NULL, NULL);
}
