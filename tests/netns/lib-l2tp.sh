# SPDX-License-Identifier: GPL-2.0
# Helpers for the tests that dial sluiced's LNS with Debian's xl2tpd + pppd as LACs. Source
# lib.sh first and set SOCK (sluiced's control socket). The topology:
#
#   +-------------------------------+          +---------------------------------+
#   | ns R (router)                 |   veth   | ns C (clients)                  |
#   | r0 10.9.0.1/24                |----------| c0 10.9.0.2/24                  |
#   | sluiced, UDP 1701, L2TP data  |          | xl2tpd per LAC (UDP 1702, ...), |
#   | in the kernel: <l2tp-USER>    |          | pppd per call: pppN             |
#   +-------------------------------+          +---------------------------------+
#
# xl2tpd's ways:
# - each instance needs its own configuration, pid file and control pipe (-c, -p, -C) and
#   its own UDP port when several share a namespace;
# - each [lac] section is one tunnel; `c NAME` on the control pipe dials a call in it (and
#   first the tunnel if there is none); a second `c NAME` while the call is up is refused
#   ("already active"), and `c <tunnel id>` starts pppd without the section's options (1.3.x
#   dereferences a NULL lac there), so two calls in one tunnel are made one after the other;
# - it starts pppd with "passive nodetach" and, in kernel mode (l2tp_ppp), the pppol2tp
#   plugin; our options go in through "pppoptfile";
# - Debian's /etc/ppp/options says `auth`: the options file says `noauth`.

R_() { ip netns exec "$R" "$@"; }
C_() { ip netns exec "$C" "$@"; }
ctl() { R_ pppctl -s "$SOCK" "$@"; }
sluiced_log() { cat "$NETNS_TEST_DIR/sluiced.log"; }

MS2=(refuse-pap refuse-chap refuse-mschap refuse-eap)

# l2tp_setup RSC: the modules, namespaces R and C joined by a veth, and sluiced in R with the
# configuration file RSC, listening on UDP 1701.
l2tp_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	modprobe l2tp_ppp 2>/dev/null	# xl2tpd's kernel mode; without it, its pty mode
	setup_ns R C && veth_pair "$R" r0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	start_daemon sluiced "$R" sluiced -f -d -s "$SOCK" -c "$1"
	wait_for 10 test -S "$SOCK" && wait_for 10 sh -c "ip netns exec $R ss -uln | grep -q ':1701 '"
}

# lac_start NAME PORT [lac-section lines...]: an xl2tpd in ns C on UDP PORT with one [lac
# sluice] section dialling 10.9.0.1; its files in $NETNS_TEST_DIR/NAME/.
lac_start() {
	local name=$1 port=$2 dir=$NETNS_TEST_DIR/$1 line
	shift 2
	mkdir -p "$dir"
	{
		printf '[global]\nport = %s\naccess control = no\nauth file = %s/l2tp-secrets\n' "$port" "$dir"
		# kernel mode (l2tp_ppp) held pppd's first frames back for ~15 s in the VM, then sent
		# them in one burst; the pty mode sends each frame as pppd writes it
		printf 'force userspace = %s\n' "${SLUICE_XL2TPD_USERSPACE:-yes}"
		printf '[lac sluice]\nlns = 10.9.0.1\nautodial = no\nredial = no\nlength bit = yes\n'
		printf 'ppp debug = yes\npppoptfile = %s/options\n' "$dir"
		for line in "$@"; do echo "$line"; done
	} >"$dir/xl2tpd.conf"
	: >"$dir/l2tp-secrets"
	chmod 600 "$dir/l2tp-secrets"
	start_daemon "$name" "$C" xl2tpd -D -c "$dir/xl2tpd.conf" -p "$dir/pid" -C "$dir/control"
	wait_for 10 test -p "$dir/control"
}

# lac_dial NAME UNIT USER PASS [pppd options]: the next call of LAC NAME runs pppd as
# pppUNIT with these options; its log is $NETNS_TEST_DIR/pppUNIT.ppp.
lac_dial() {
	local name=$1 unit=$2 user=$3 pass=$4 dir=$NETNS_TEST_DIR/$1
	shift 4
	{
		echo "unit $unit"
		echo "name $user"
		echo "password $pass"
		echo "remotename sluice"
		echo "logfile $NETNS_TEST_DIR/ppp$unit.ppp"
		printf '%s\n' nodefaultroute nobsdcomp nodeflate novj novjccomp debug "$@" noauth
	} >"$dir/options"
	attach_log "$NETNS_TEST_DIR/ppp$unit.ppp"
	echo "c sluice" >"$dir/control"
}

# up UNIT [SECONDS]: pppUNIT has its addresses and is up.
up() { wait_for "${2:-60}" grep -q 'local  IP address' "$NETNS_TEST_DIR/ppp$1.ppp"; }
client_addr() { ip -n "$C" -4 -o addr show dev "ppp$1" | sed -n 's/.* inet \([0-9.]*\) .*/\1/p'; }
# the pid of the pppd that runs pppUNIT (it writes /run/pppUNIT.pid once the interface exists)
pppd_pid() { head -n 1 "/run/ppp$1.pid" 2>/dev/null; }
active_count() { active_of l2tp; }
# gone USER: the server has no session of USER left
gone() { wait_for "${2:-20}" not user_active "$1"; }
# refused UNIT: the call gave up without an address
refused() {
	wait_for 40 grep -qE 'Connection terminated|Exit|LCP terminated' "$NETNS_TEST_DIR/ppp$1.ppp" &&
		! grep -q 'local  IP address' "$NETNS_TEST_DIR/ppp$1.ppp"
}
# the kernel could not make an L2TP session (a module without the L2TP data path)
no_datapath() { sluiced_log | grep -q 'call refused: no kernel session'; }

# After every test: no LAC left, no session left on the server.
stop_clients() {
	local d
	for d in "${DAEMONS[@]}"; do
		case $d in lac*|iperf) stop_daemon "$d" 5 ;; esac
	done
	ip netns pids "$C" 2>/dev/null | xargs -r kill 2>/dev/null
	wait_for 10 sh -c "[ -z \"\$(ip netns pids $C)\" ]" ||
		ip netns pids "$C" | xargs -r kill -9 2>/dev/null
	[ -S "$SOCK" ] && wait_for 60 active_count_is 0
	return 0
}
