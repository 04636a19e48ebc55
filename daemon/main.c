// SPDX-License-Identifier: GPL-2.0
/* sluiced: the sluice control plane. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "admin/cli.h"
#include "admin/config.h"
#include "admin/config_file.h"
#include "admin/control.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/loop.h"
#include "aaa/ipam.h"
#include "aaa/ipam6.h"
#include "ppp/dhcpv6_server.h"
#include "ppp/ra.h"
#include "core/rtnl.h"
#include "pptp/client.h"
#include "pptp/server.h"
#include "aaa/radius.h"
#include "radius/acct.h"
#include "radius/client.h"
#include "radius/dae.h"
#include "l2tp/client.h"
#include "l2tp/server.h"
#include "pppoe/client.h"
#include "pppoe/client_menu.h"
#include "pppoe/server.h"
#include "pppoe/server_menu.h"
#include "admin/system.h"
#include "cert/cert.h"
#include "ipsec/charon.h"
#include "ipsec/ipsec.h"
#include "ipsec/session.h"
#include "ipsec/key_menu.h"
#include "ipsec/keys.h"
#include "l2tp/client_menu.h"
#include "metrics/metrics.h"
#include "metrics/metrics_menu.h"
#include "l2tp/server_menu.h"
#include "pptp/client_menu.h"
#include "pptp/server_menu.h"
#include "radius/incoming_menu.h"
#include "radius/radius_menu.h"
#include "version.h"
#include "ctl.h"

struct options {
	const char *socket;
	const char *config;
	const char *state_dir;
	int foreground;
	int debug;
	int check;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: sluiced [-f] [-d] [-c FILE] [-s SOCKET] [-D DIR] [-t] [-V]\n"
		   "  -c, --config FILE the configuration: run at start, rewritten on changes\n"
		   "  -t, --check       load the configuration file, say if it is good, exit\n"
		   "  -f, --foreground  stay in the foreground and log to stderr\n"
		   "  -d, --debug       log debug messages too\n"
		   "  -s, --socket PATH control socket (default %s)\n"
		   "  -D, --state-dir DIR  the RADIUS accounting spool, the certificates, files\n"
		   "                    (default $STATE_DIRECTORY, else /var/lib/sluice)\n"
		   "  -V, --version     print the version and exit\n", CTL_SOCKET_PATH);
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "socket", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 't' },
		{ "state-dir", required_argument, NULL, 'D' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){ .socket = CTL_SOCKET_PATH };
	while ((c = getopt_long(argc, argv, "fdc:s:D:tVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': o->foreground = 1; break;
		case 'd': o->debug = 1; break;
		case 's': o->socket = optarg; break;
		case 'c': o->config = optarg; break;
		case 'D': o->state_dir = optarg; break;
		case 't': o->check = 1; break;
		case 'V': printf("sluiced %s\n", SLUICE_VERSION); exit(0);
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* A line that fails stops the start, naming the file and line. */
static int load_config(const char *path)
{
	struct strbuf err;
	int ret;

	sb_init(&err);
	ret = config_load(path, &err);
	if (ret)
		log_err("config %s", err.p ? err.p : "failed");
	sb_free(&err);
	config_clean();		/* the file is what was just read */
	return ret;
}

static void dae_monitor(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *out,
			int json)
{
	(void)m;
	(void)it;
	rad_dae_monitor(out, json);
}

/* What runs each menu's items: its live effect after a change, and monitor. */
static void hook_menus(void)
{
	pptp_server_menu.apply = pptp_server_apply;
	radius_incoming_menu.apply = rad_dae_apply;
	radius_incoming_menu.monitor = dae_monitor;
	radius_menu.monitor = rad_client_monitor;
	pptp_client_menu.apply = pptp_client_apply;
	l2tp_server_menu.apply = l2tp_server_apply;
	pppoe_server_menu.apply = pppoe_server_apply;
	pppoe_server_menu.monitor = pppoe_server_monitor;
	pppoe_client_menu.apply = pppoe_client_apply;
	l2tp_server_menu.monitor = l2tp_server_monitor;
	l2tp_client_menu.apply = l2tp_client_apply;
	system_metrics_menu.apply = metrics_apply;
	cert_menu_hook();
	ipsec_key_menu_hook();
}

static const char *state_dir(const struct options *o)
{
	const char *dir = o->state_dir ? o->state_dir : getenv("STATE_DIRECTORY");

	if (!dir || !*dir)
		dir = "/var/lib/sluice";
	if (mkdir(dir, 0700) && errno != EEXIST)
		log_warn("state directory %s: %s", dir, strerror(errno));
	return dir;
}

/* RADIUS: authentication backend, accounting with its durable spool, dynamic authorization */
static void radius_start(const struct options *o)
{
	char path[4096];
	int ret;

	snprintf(path, sizeof(path), "%s/radius-acct.spool", state_dir(o));
	auth_radius_init();
	ret = rad_acct_init(path);
	if (ret)
		log_err("RADIUS accounting spool %s: %s: records are kept in memory only", path,
			strerror(-ret));
	rad_dae_apply();
}

/* charon runs only while the /ip ipsec configuration has something for it (ipsec/ipsec.h) */
static void charon_start(const struct options *o)
{
	static const char *const events[] = { "ike-updown", "child-updown", "ike-rekey",
					      "child-rekey", NULL };
	const struct charon_config cfg = { .state_dir = state_dir(o), .events = events };
	int ret = charon_init(&cfg, ipsec_charon_ops(), NULL);

	if (ret)
		log_err("IPsec: charon cannot run: %s", strerror(-ret));
	else
		ipsec_init();
}

static void radius_stop(void)
{
	rad_acct_done();
	rad_dae_done();
	rad_client_done();
}

/* Every PPTP session holds a TCP connection: lift the soft descriptor limit to the hard one. */
static void raise_fd_limit(void)
{
	struct rlimit r;

	if (!getrlimit(RLIMIT_NOFILE, &r) && r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

static struct loop_fd sigw = { .fd = -1 };

static void signal_event(struct loop_fd *w, uint32_t events)
{
	struct signalfd_siginfo si;

	(void)events;
	if (read(w->fd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGCHLD) {	/* our only child is charon (ipsec/charon.h) */
		charon_child_exited();
		return;
	}
	log_info("signal %s: stopping", strsignal((int)si.ssi_signo));
	loop_stop();
}

static int watch_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	sigw.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sigw.fd < 0)
		return -errno;
	sigw.events = EPOLLIN;
	sigw.cb = signal_event;
	return loop_add(&sigw);
}

static int make_socket_dir(const char *path)
{
	char dir[256];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* daemon() moves to /: a relative --config must be made absolute first. */
static int absolute_config(struct options *o)
{
	static char abs_path[4096];
	char cwd[4000];

	if (!o->config || o->config[0] == '/')
		return 0;
	if (!getcwd(cwd, sizeof(cwd)) ||
	    (size_t)snprintf(abs_path, sizeof(abs_path), "%s/%s", cwd, o->config) >= sizeof(abs_path)) {
		fprintf(stderr, "sluiced: cannot make %s an absolute path\n", o->config);
		return -1;
	}
	o->config = abs_path;
	return 0;
}

/* sluiced -t: does the file load? (into a configuration of its own, touching nothing) */
static int check_config(const struct options *o)
{
	const char *path = o->config ? o->config : "/etc/sluice/sluice.rsc";
	struct strbuf err;
	int ret;

	log_open("sluiced", 1, 0);
	sb_init(&err);
	ret = config_init() ? -1 : config_load(path, &err);
	if (ret)
		fprintf(stderr, "sluiced: %s\n", err.p ? err.p : "out of memory");
	else
		printf("%s: configuration OK\n", path);
	sb_free(&err);
	config_done();
	return ret ? 1 : 0;
}

/* Every session ended as a restart would end it, then everything started, in reverse. */
static void shut_down(void)
{
	ctl_close();
	metrics_stop();
	kernel_batch_begin();
	pptp_server_stop();
	pptp_client_stop();
	l2tp_server_stop();
	l2tp_client_stop();
	pppoe_server_stop();
	pppoe_client_stop();
	kernel_batch_end();
	ipsec_sessions_lost("nas-reboot");	/* the Stops of its road warriors */
	charon_done();		/* ends its SAs: docs/ipsec.md "charon under sluiced" */
	ipsec_done();
	radius_stop();
	ipsec_keys_close();
	cert_store_close();
	kernel_done();
	rtnl_done();
	ipam_done();
	ipam6_done();
	ra_done();
	dhcpv6_server_done();
	close(sigw.fd);
	loop_done();
	loop_timers_done();
	config_done();
	config_set_file(NULL);
	log_info("sluiced stopped");
}

int main(int argc, char **argv)
{
	struct options o;
	int ret;

	if (parse_options(argc, argv, &o))
		return 2;
	if (o.check)
		return check_config(&o);
	if (absolute_config(&o))
		return 2;
	log_open("sluiced", o.foreground, o.debug);
	if (!o.foreground && daemon(0, 0)) {
		log_err("daemon: %s", strerror(errno));
		return 1;
	}
	system_init();
	raise_fd_limit();
	if (config_init() || (o.config && load_config(o.config)))
		return 1;
	config_set_file(o.config);
	hook_menus();
	ret = loop_init();
	if (!ret)
		ret = watch_signals();
	if (ret) {
		log_err("event loop: %s", strerror(-ret));
		return 1;
	}
	ret = make_socket_dir(o.socket);
	if (!ret)
		ret = ctl_listen(o.socket);
	if (ret) {
		log_err("control socket %s: %s", o.socket, strerror(-ret));
		return 1;
	}
	kernel_init();
	ret = rtnl_init();
	if (ret) {
		log_err("route netlink: %s", strerror(-ret));
		return 1;
	}
	cert_store_open(state_dir(&o));
	ipsec_keys_open(state_dir(&o));
	radius_start(&o);
	charon_start(&o);
	pptp_server_apply();
	pptp_client_apply();
	l2tp_server_apply();
	l2tp_client_apply();
	pppoe_server_apply();
	pppoe_client_apply();
	metrics_apply();
	log_info("sluiced %s started, control socket %s", SLUICE_VERSION, o.socket);
	ret = loop_run();
	if (ret)
		log_err("event loop: %s", strerror(-ret));
	shut_down();
	return ret ? 1 : 0;
}
