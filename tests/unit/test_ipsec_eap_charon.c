// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ipsec/eap_server.c against Debian's real charon (strongSwan 5.9.8): two private
 * charons in a network namespace of this test's own (each in its own mount namespace, for
 * /run), a responder whose eap-radius plugin is configured with ipsec_eap_server_conf()
 * and an initiator with eap-mschapv2 and the user's password. Through vici (our client) the
 * initiator brings up an IKE SA (childless, so the kernel gets no XFRM state) with
 * EAP-MSCHAPv2: charon's eap-radius talks to our server, the IKE AUTH payloads made with
 * the MSK check on both sides only if our MS-MPPE keys are right, and the virtual IP the
 * on_accept hook grants (Framed-IP-Address, the responder's "radius" pool) is what the
 * initiator gets. Then a wrong password: no IKE SA, a Failure, counted. And relayed: the
 * same through our RADIUS client to a real FreeRADIUS running EAP-MSCHAPv2 (its eap module
 * with mschapv2 only), whose MS-MPPE keys we re-encrypt for charon and whose
 * Framed-IP-Address becomes the initiator's virtual IP.
 *
 * Skipped, and counted as skipped, when charon or its EAP plugins (libcharon-extra-plugins,
 * libcharon-extauth-plugins) are not installed or the namespaces cannot be made (no root);
 * the relayed case also when FreeRADIUS is not.
 * KEEP=1 in the environment keeps the two charons' logs in /tmp/test_ipsec_eap_charon.*.
 */
/* unit-test-sources: daemon/ipsec/eap_server.c daemon/ipsec/eap_relay.c daemon/radius/client.c daemon/aaa/eap_mschapv2.c daemon/aaa/local.c daemon/aaa/mschap.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/ipsec/vici.c daemon/ipsec/vici_msg.c daemon/core/loop.c daemon/core/timer.c daemon/core/log.c tests/unit/lib/real_loop.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "admin/config.h"
#include "aaa/secret_menu.h"
#include "radius/client.h"
#include "radius/radius_menu.h"
#include "core/loop.h"
#include "ipsec/eap_server.h"
#include "ipsec/vici.h"
#include "real_loop.h"

#define CHARON "/usr/lib/ipsec/charon"
#define PLUGINS "/usr/lib/ipsec/plugins"
#define START_WAIT_MS 15000
#define EXIT_NO_NAMESPACE 77
#define VIP "10.20.0.5"
#define FREERADIUS "/usr/sbin/freeradius"
#define RADSECRET "relay-test-secret"
#define RELAYED_VIP "10.30.0.7"

struct charon {
	const char *role;
	char conf[128], sock[128], out[128];
	pid_t pid;
	struct vici_client *vici;
	bool up;
};

static char dir[64];
static struct charon resp = { .role = "responder", .pid = -1 },
		      init = { .role = "initiator", .pid = -1 };
static unsigned int hook_calls;
static char hook_user[64], hook_port_id[64], hook_station[64];
static uint32_t hook_nas_port;
static bool hook_relayed;
static pid_t radiusd = -1;
static struct ipsec_eap_stats before;	/* the counters when the test started */

#define DELTA(field) (ipsec_eap_server_stats()->field - before.field)

static int hook(const struct ipsec_eap_accept *a, struct ipsec_eap_grant *g)
{
	hook_calls++;
	hook_relayed = a->relayed;
	if (a->relayed)
		return 0;	/* FreeRADIUS's Framed-IP-Address stands */
	snprintf(hook_user, sizeof(hook_user), "%s", a->user);
	snprintf(hook_port_id, sizeof(hook_port_id), "%s", a->nas_port_id);
	snprintf(hook_station, sizeof(hook_station), "%s", a->calling_station_id);
	hook_nas_port = a->nas_port;
	g->framed_ip = inet_addr(VIP);
	g->session_timeout = 7200;
	return 0;
}

static const char LOAD[] = "random nonce openssl pem pkcs1 pkcs8 x509 pubkey kdf hmac md5 sha1"
			   " sha2 aes gmp";

static void write_conf(struct charon *c, bool responder)
{
	char eap[1024];
	FILE *f = fopen(c->conf, "w");

	assert_non_null(f);
	if (responder)
		assert_true(ipsec_eap_server_conf(eap, sizeof(eap)) > 0);
	fprintf(f,
		"charon {\n"
		"  load = %s %s kernel-netlink socket-default vici\n"
		"  port = %u\n"
		"  port_nat_t = %u\n"
		"  install_routes = no\n"
		"  install_virtual_ip = no\n"
		"  plugins {\n"
		"    vici {\n"
		"      socket = unix://%s\n"
		"    }\n"
		"%s"
		"  }\n"
		"  filelog {\n"
		"    charon {\n"
		"      path = %s/%s.log\n"
		"      default = 1\n"
		"      ike = 2\n"
		"      cfg = 2\n"
		"    }\n"
		"  }\n"
		"}\n", LOAD, responder ? "eap-identity eap-radius" : "eap-identity eap-mschapv2",
		responder ? 500 : 600, responder ? 4500 : 4600, c->sock, responder ? eap : "",
		dir, c->role);
	fclose(f);
}

static void lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	assert_int_equal(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
}

static void child(const struct charon *c)
{
	int fd = open(c->out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")) {
		perror("a mount namespace for charon");
		_exit(EXIT_NO_NAMESPACE);
	}
	setenv("STRONGSWAN_CONF", c->conf, 1);
	execl(CHARON, CHARON, (char *)NULL);
	perror(CHARON);
	_exit(EXIT_NO_NAMESPACE + 1);
}

static void print_log(const struct charon *c)
{
	char path[160], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.log", dir, c->role);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		print_message("  %s: %s", c->role, line);
	if (f)
		fclose(f);
}

static void start_charon(struct charon *c)
{
	uint64_t end = real_now_ms() + START_WAIT_MS;
	struct stat st;
	int status;

	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0)
		child(c);
	while (real_now_ms() < end) {
		if (!stat(c->sock, &st) && S_ISSOCK(st.st_mode))
			return;
		if (waitpid(c->pid, &status, WNOHANG) == c->pid) {
			c->pid = -1;
			print_log(c);
			fail_msg("the %s charon exited (status %d)", c->role, status);
		}
		usleep(20000);
	}
	fail_msg("the %s charon did not come up", c->role);
}

static void stop_charon(struct charon *c)
{
	uint64_t end = real_now_ms() + 10000;

	if (c->vici)
		vici_client_free(c->vici);
	c->vici = NULL;
	if (c->pid <= 0)
		return;
	kill(c->pid, SIGTERM);
	while (real_now_ms() < end && waitpid(c->pid, NULL, WNOHANG) != c->pid)
		usleep(20000);
	if (real_now_ms() >= end) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	c->pid = -1;
}

/* --- vici */

struct reply {
	int calls, err, verdict;
	char why[256], vip[64];
	int sas;
};

static struct reply *waiting;

static bool answered(void)
{
	return waiting->calls > 0;
}

static void on_reply(void *arg, int err, const struct vici_msg *reply)
{
	struct reply *r = arg;

	r->calls++;
	r->err = err;
	r->verdict = reply ? vici_check_success(reply, r->why, sizeof(r->why)) : err;
}

/* list-sa: one IKE SA per event; its first local virtual IP */
static void on_sa(void *arg, const struct vici_msg *ev)
{
	struct reply *r = arg;
	const struct vici_node *sa = vici_root(ev)->child, *ip;

	r->sas++;
	ip = sa ? vici_list(sa, "local-vips") : NULL;
	if (ip && ip->child)
		snprintf(r->vip, sizeof(r->vip), "%s", vici_node_str(ip->child) ?: "");
}

static void on_state(void *owner, bool up)
{
	((struct charon *)owner)->up = up;
}

static bool both_up(void)
{
	return resp.up && init.up;
}

static void ask(struct charon *c, const char *cmd, struct vici_builder *b, struct reply *r,
		unsigned int ms)
{
	memset(r, 0, sizeof(*r));
	waiting = r;
	assert_int_equal(vici_request_stream(c->vici, cmd, strcmp(cmd, "list-sas") ? NULL :
					     "list-sa", b, ms, on_sa, on_reply, r), 0);
	assert_true(real_loop_until(answered, ms + 1000));
	if (b)
		vici_build_free(b);
}

static void list(struct vici_builder *b, const char *name, const char *item)
{
	vici_build_list(b, name);
	vici_build_item(b, item);
	vici_build_list_end(b);
}

static void load(struct charon *c, struct vici_builder *b)
{
	struct reply r;

	assert_int_equal(vici_build_finish(b), 0);
	ask(c, "load-conn", b, &r, 5000);
	if (r.verdict)
		fail_msg("%s load-conn: %s", c->role, r.why);
}

static void shared(struct charon *c, const char *type, const char *data, const char *owner)
{
	struct vici_builder b;
	struct reply r;

	vici_build_init(&b, 1024);
	vici_build_kv(&b, "type", type);
	vici_build_kv(&b, "data", data);
	list(&b, "owners", owner);
	ask(c, "load-shared", &b, &r, 5000);
	assert_int_equal(r.verdict, 0);
}

/* The responder: PSK for itself, EAP through eap-radius for the client, the "radius" pool. */
static void load_responder(const char *conn)
{
	struct vici_builder b;

	vici_build_init(&b, 4096);
	vici_build_section(&b, conn);
	vici_build_kv(&b, "version", "2");
	list(&b, "local_addrs", "127.0.0.1");
	vici_build_kv(&b, "mobike", "no");
	list(&b, "pools", "radius");
	vici_build_section(&b, "local");
	vici_build_kv(&b, "auth", "psk");
	vici_build_kv(&b, "id", "server");
	vici_build_end(&b);
	vici_build_section(&b, "remote");
	vici_build_kv(&b, "auth", "eap-radius");
	vici_build_kv(&b, "eap_id", "%any");
	vici_build_end(&b);
	vici_build_end(&b);
	load(&resp, &b);
	shared(&resp, "IKE", "psk-of-the-test", "server");
}

static void load_initiator(const char *name, const char *user)
{
	struct vici_builder b;

	vici_build_init(&b, 4096);
	vici_build_section(&b, name);
	vici_build_kv(&b, "version", "2");
	list(&b, "local_addrs", "127.0.0.1");
	list(&b, "remote_addrs", "127.0.0.1");
	vici_build_kv(&b, "local_port", "600");
	vici_build_kv(&b, "remote_port", "500");
	vici_build_kv(&b, "mobike", "no");
	list(&b, "vips", "0.0.0.0");
	vici_build_section(&b, "local");
	vici_build_kv(&b, "auth", "eap-mschapv2");
	vici_build_kv(&b, "id", user);
	vici_build_end(&b);
	vici_build_section(&b, "remote");
	vici_build_kv(&b, "auth", "psk");
	vici_build_kv(&b, "id", "server");
	vici_build_end(&b);
	vici_build_end(&b);
	load(&init, &b);
}

static void initiate(const char *ike, struct reply *r)
{
	struct vici_builder b;

	vici_build_init(&b, 256);
	vici_build_kv(&b, "ike", ike);
	vici_build_kv(&b, "timeout", "8000");
	ask(&init, "initiate", &b, r, 10000);
}

static bool can_run(void)
{
	static const char *const need[] = { "eap-radius", "eap-identity", "eap-mschapv2",
					    "openssl", NULL };
	char path[160];
	size_t i;

	if (access(CHARON, X_OK)) {
		print_message("SKIP: %s is not installed (strongswan-charon)\n", CHARON);
		return false;
	}
	for (i = 0; need[i]; i++) {
		snprintf(path, sizeof(path), PLUGINS "/libstrongswan-%s.so", need[i]);
		if (access(path, R_OK)) {
			print_message("SKIP: charon's %s plugin is not installed\n", need[i]);
			return false;
		}
	}
	if (unshare(CLONE_NEWNET)) {
		print_message("SKIP: no network namespace here (needs root): %s\n",
			      strerror(errno));
		return false;
	}
	return true;
}

static void start_both(void)
{
	static const struct vici_client_ops ops = { .state = on_state };
	struct charon *cs[2] = { &resp, &init };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct vici_config cfg = { .socket_path = cs[i]->sock };

		cs[i]->up = false;
		write_conf(cs[i], cs[i] == &resp);
		start_charon(cs[i]);
		cs[i]->vici = vici_client_new(&cfg, &ops, cs[i]);
		assert_non_null(cs[i]->vici);
	}
	assert_true(real_loop_until(both_up, 10000));
}

static void test_eap_through_charon(void **state)
{
	struct reply r;

	(void)state;
	if (!can_run()) {
		skip();
		return;
	}
	lo_up();
	assert_int_equal(ipsec_eap_server_start(), 0);
	start_both();
	load_responder("rw-eap");
	load_initiator("home", "alice");
	load_initiator("home-bad", "mallory");
	shared(&init, "IKE", "psk-of-the-test", "server");
	shared(&init, "EAP", "s3cret pass", "alice");
	shared(&init, "EAP", "not alices", "mallory");

	initiate("home", &r);
	if (r.verdict) {
		print_log(&resp);
		print_log(&init);
		fail_msg("initiate: %s", r.why);
	}
	assert_int_equal(DELTA(accepts), 1);
	assert_int_equal(hook_calls, 1);
	assert_string_equal(hook_user, "alice");
	assert_string_equal(hook_port_id, "rw-eap");	/* charon's connection name */
	assert_true(hook_nas_port >= 1);		/* its IKE SA's unique id */
	assert_string_equal(hook_station, "127.0.0.1[600]");	/* the client, with its port */
	ask(&init, "list-sas", NULL, &r, 5000);
	assert_int_equal(r.sas, 1);
	assert_string_equal(r.vip, VIP);
	print_message("  an IKE SA with EAP-MSCHAPv2 through eap-radius, virtual IP %s\n", r.vip);

	initiate("home-bad", &r);
	assert_int_equal(r.verdict, -EIO);
	assert_int_equal(DELTA(wrong_password), 1);
	assert_int_equal(DELTA(accepts), 1);
	assert_int_equal(hook_calls, 1);
	assert_int_equal(DELTA(bad_authenticators), 0);
	assert_int_equal(DELTA(malformed), 0);
}

/* --- relayed, to FreeRADIUS */

static enum ipsec_eap_route by_conn(const struct ipsec_eap_accept *a)
{
	return strcmp(a->nas_port_id, "rw-radius") ? IPSEC_EAP_LOCAL : IPSEC_EAP_RELAY;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char SITE[] =
	"server sluice {\n"
	"	listen {\n		type = auth\n		ipaddr = 127.0.0.1\n		port = 1812\n	}\n"
	"	authorize {\n		preprocess\n		eap {\n			ok = return\n		}\n"
	"		files\n	}\n"
	"	authenticate {\n		eap\n		Auth-Type MS-CHAP {\n			mschap\n		}\n	}\n"
	"	post-auth {\n		update reply {\n			Message-Authenticator := 0x00\n		}\n"
	"		Post-Auth-Type REJECT {\n			update reply {\n"
	"				Message-Authenticator := 0x00\n			}\n		}\n	}\n"
	"}\n";

/* A private FreeRADIUS configuration: ours the only client and site, EAP-MSCHAPv2 only. */
static void write_raddb(void)
{
	char cmd[1024], path[160];

	snprintf(cmd, sizeof(cmd),
		 "cp -a /etc/freeradius/3.0 %s/raddb && mkdir -p %s/radlog %s/radrun && "
		 "sed -i -e 's/^\\(\\s*\\)\\(user\\|group\\) = freerad/\\1#\\2 = freerad/' "
		 "-e 's|^raddbdir = .*|raddbdir = %s/raddb|' -e 's|^logdir = .*|logdir = %s/radlog|' "
		 "-e 's|^run_dir = .*|run_dir = %s/radrun|' %s/raddb/radiusd.conf && "
		 "rm -f %s/raddb/sites-enabled/* %s/raddb/mods-enabled/eap",
		 dir, dir, dir, dir, dir, dir, dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/raddb/clients.conf", dir);
	write_file(path, "client sluice {\n	ipaddr = 127.0.0.1\n	secret = " RADSECRET "\n}\n");
	snprintf(path, sizeof(path), "%s/raddb/sites-enabled/sluice", dir);
	write_file(path, SITE);
	snprintf(path, sizeof(path), "%s/raddb/mods-enabled/eap", dir);
	write_file(path, "eap {\n	default_eap_type = mschapv2\n	timer_expire = 60\n"
			 "	max_sessions = 64\n	mschapv2 {\n	}\n}\n");
	snprintf(path, sizeof(path), "%s/raddb/mods-config/files/authorize", dir);
	write_file(path, "bob Cleartext-Password := \"bobs pass\"\n"
			 "	Framed-IP-Address = " RELAYED_VIP "\n");
}

/* Is something bound to UDP 127.0.0.1:1812 (FreeRADIUS up), or has FreeRADIUS exited? */
static bool radius_listens(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(1812),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	bool taken = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) && errno == EADDRINUSE;

	close(fd);
	if (!taken && waitpid(radiusd, NULL, WNOHANG) == radiusd)
		radiusd = -1;
	return taken || radiusd < 0;
}

static void start_freeradius(void)
{
	char raddb[128], out[128];
	int fd;

	snprintf(raddb, sizeof(raddb), "%s/raddb", dir);
	snprintf(out, sizeof(out), "%s/freeradius.out", dir);
	radiusd = fork();
	assert_true(radiusd >= 0);
	if (radiusd == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(FREERADIUS, FREERADIUS, "-X", "-d", raddb, (char *)NULL);
		_exit(127);
	}
	if (!real_loop_until(radius_listens, 60000) || radiusd < 0) {
		char cmd[160];

		snprintf(cmd, sizeof(cmd), "tail -n 30 %s", out);
		(void)!system(cmd);
		fail_msg("FreeRADIUS did not come up");
	}
}

static void add_upstream(void)
{
	const char *k[] = { "address", "secret", "timeout", "service" },
		   *v[] = { "127.0.0.1", RADSECRET, "2s", "ipsec" };
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_add((&radius_menu), k, v, 4, &err), 0);
	sb_free(&err);
}

static void test_relay_through_freeradius(void **state)
{
	struct reply r;

	(void)state;
	if (access(FREERADIUS, X_OK)) {
		print_message("SKIP: %s is not installed\n", FREERADIUS);
		skip();
		return;
	}
	if (!can_run()) {
		skip();
		return;
	}
	lo_up();
	write_raddb();
	start_freeradius();
	add_upstream();
	ipsec_eap_server_set_route(by_conn);
	assert_int_equal(ipsec_eap_server_start(), 0);
	start_both();
	load_responder("rw-radius");
	load_initiator("home", "bob");
	shared(&init, "IKE", "psk-of-the-test", "server");
	shared(&init, "EAP", "bobs pass", "bob");
	initiate("home", &r);
	if (r.verdict) {
		print_log(&resp);
		print_log(&init);
		fail_msg("initiate: %s", r.why);
	}
	assert_true(DELTA(relayed) >= 3);		/* Identity, Response, Success-Response */
	assert_int_equal(DELTA(accepts), 1);
	assert_int_equal(DELTA(relay_failures), 0);
	assert_int_equal(hook_calls, 1);
	assert_true(hook_relayed);
	ask(&init, "list-sas", NULL, &r, 5000);
	assert_int_equal(r.sas, 1);
	assert_string_equal(r.vip, RELAYED_VIP);
	print_message("  EAP-MSCHAPv2 relayed to FreeRADIUS, %lu requests up, virtual IP %s\n",
		      DELTA(relayed), r.vip);
}

static int setup(void **state)
{
	const char *k[] = { "name", "password" }, *v[] = { "alice", "s3cret pass" };
	struct charon *cs[2] = { &resp, &init };
	struct strbuf err;
	size_t i;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_ipsec_eap_charon.XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 2; i++) {
		snprintf(cs[i]->conf, sizeof(cs[i]->conf), "%s/%s.conf", dir, cs[i]->role);
		snprintf(cs[i]->sock, sizeof(cs[i]->sock), "%s/%s.vici", dir, cs[i]->role);
		snprintf(cs[i]->out, sizeof(cs[i]->out), "%s/%s.out", dir, cs[i]->role);
	}
	assert_int_equal(loop_init(), 0);
	assert_int_equal(config_init(), 0);
	sb_init(&err);
	assert_int_equal(cfg_add((&ppp_secret_menu), k, v, 2, &err), 0);
	sb_free(&err);
	ipsec_eap_server_set_on_accept(hook);
	ipsec_eap_server_set_route(NULL);
	hook_calls = 0;
	before = *ipsec_eap_server_stats();
	return 0;
}

static int teardown(void **state)
{
	struct charon *cs[2] = { &resp, &init };
	char path[320];
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		stop_charon(cs[i]);
		unlink(cs[i]->conf);
		unlink(cs[i]->sock);
		unlink(cs[i]->out);
		snprintf(path, sizeof(path), "%s/%s.log", dir, cs[i]->role);
		if (!getenv("KEEP"))
			unlink(path);
	}
	if (radiusd > 0) {
		kill(radiusd, SIGTERM);
		waitpid(radiusd, NULL, 0);
		radiusd = -1;
	}
	if (!getenv("KEEP")) {
		snprintf(path, sizeof(path), "rm -rf %s/raddb %s/radlog %s/radrun %s/freeradius.out",
			 dir, dir, dir, dir);
		(void)!system(path);
	}
	rmdir(dir);
	ipsec_eap_server_stop();
	rad_client_done();
	config_done();
	loop_done();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_eap_through_charon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_through_freeradius, setup, teardown),
	};

	return cmocka_run_group_tests_name("ipsec_eap_charon", tests, NULL, NULL);
}
