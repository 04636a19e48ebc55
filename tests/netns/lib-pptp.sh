# SPDX-License-Identifier: GPL-2.0
# Helpers for the tests that dial sluiced with Debian's pptp-linux + pppd. Source lib.sh
# first and set SOCK (sluiced's control socket). The topology:
#
#   +-------------------------------+          +---------------------------------+
#   | ns R (router)                 |   veth   | ns C (clients)                  |
#   | r0 10.9.0.1/24                |----------| c0 10.9.0.2/24                  |
#   | sluiced, TCP 1723, GRE in the |          | pppd pty "pptp 10.9.0.1" ...    |
#   | kernel: <pptp-USER>           |          | pppN                            |
#   +-------------------------------+          +---------------------------------+
#
# pptp-linux's quirks:
# - it keeps one call manager (one control connection) per server address: the first client
#   starts it and the others' calls go over that connection, so start the first client and
#   wait for it before starting others; a client dialling a second address of the router
#   (SERVER=10.9.0.11 dial ...) gets a call manager and a connection of its own;
# - the call manager outlives its last pppd by a moment: a client dialled to the same
#   address just then may find it going away;
# - a client limits itself with refuse-*: require-* would ask the server to authenticate;
#   `noauth` comes last (Debian's /etc/ppp/options says `auth`);
# - Debian's /etc/ppp/options also says lcp-echo-interval 30;
# - pppd logs LCP Echo-Requests and -Replies only from debug level 2 (`debug debug`).

R_() { ip netns exec "$R" "$@"; }
C_() { ip netns exec "$C" "$@"; }
ctl() { R_ pppctl -s "$SOCK" "$@"; }
sluiced_log() { cat "$NETNS_TEST_DIR/sluiced.log"; }

MS2=(refuse-pap refuse-chap refuse-mschap refuse-eap)

# pptp_setup RSC: the modules, namespaces R and C joined by a veth, and sluiced in R with
# the configuration file RSC, listening on TCP 1723.
pptp_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	setup_ns R C && veth_pair "$R" r0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	start_daemon sluiced "$R" sluiced -f -s "$SOCK" -c "$1"
	wait_for 10 test -S "$SOCK" && wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q ':1723 '"
}

# [SERVER=ADDR] [SOURCE=ADDR] dial UNIT USER PASS [pppd options]: a pptp-linux client in
# ns C, interface pppUNIT, dialling ADDR (10.9.0.1 unless said) from SOURCE (if said)
dial() {
	local unit=$1 user=$2 pass=$3
	shift 3
	start_daemon "ppp$unit" "$C" pppd pty \
		"pptp ${SERVER:-10.9.0.1} --nolaunchpppd${SOURCE:+ --localbind $SOURCE}" unit "$unit" \
		name "$user" password "$pass" remotename sluice nodefaultroute \
		nobsdcomp nodeflate novj novjccomp nodetach debug \
		logfile "$NETNS_TEST_DIR/ppp$unit.ppp" "$@" noauth
	attach_log "$NETNS_TEST_DIR/ppp$unit.ppp"
}

# up UNIT [SECONDS]: pppUNIT is up with its address. pppd logs "local  IP address" once the
# interface has its addresses and is up; the address alone shows a moment before (pppd sets
# the address, the peer's address and the up flag one after the other).
up() { wait_for "${2:-40}" grep -q 'local  IP address' "$NETNS_TEST_DIR/ppp$1.ppp"; }
client_addr() { ip -n "$C" -4 -o addr show dev "ppp$1" | sed -n 's/.* inet \([0-9.]*\) .*/\1/p'; }
# hangup UNIT USER: the client hangs up and the server has no session of USER left
hangup() { stop_daemon "ppp$1" 10; wait_for 15 not user_active "$2"; }
# up_or_redial UNIT USER PASS [pppd options]: up, like up UNIT 120; but a client whose pptp
# could not reach pptp-linux's call manager is dialled again (twice at most). With dozens
# of clients starting at once the call manager's unix socket backlog overflows: pptp then
# tries to start a second call manager, which finds the first ("already running") and
# exits, and so does that client, before a packet reaches the server. That is pptp-linux's
# race, not the server's.
up_or_redial() {
	local unit=$1 f="$NETNS_TEST_DIR/ppp$1.ppp" try
	for try in 1 2 3; do
		wait_for 120 sh -c "grep -q 'local  IP address' $f || grep -q 'Call manager exited with error' $f" ||
			return 1
		grep -q 'local  IP address' "$f" && return 0
		log "ppp$unit: pptp could not reach pptp-linux's call manager (try $try): dialling again"
		stop_daemon "ppp$unit" 5
		mv "$f" "$f.$try"
		dial "$@"
	done
	return 1
}

# refused UNIT: the client gave up (pppd exited) without an address
refused() {
	wait_for 40 sh -c "! kill -0 $(daemon_pid "ppp$1") 2>/dev/null" &&
		! grep -q 'local  IP address' "$NETNS_TEST_DIR/ppp$1.ppp"
}
active_count() { active_of pptp; }

# After every test: no client left dialled, no session left on the server.
stop_clients() {
	local d
	ip netns pids "$C" 2>/dev/null | xargs -r kill 2>/dev/null
	for d in "${DAEMONS[@]}"; do
		case $d in ppp*) stop_daemon "$d" 5 ;; esac
	done
	# pptp-linux's call manager outlives its pppd by a moment; stragglers get SIGKILL
	wait_for 10 sh -c "[ -z \"\$(ip netns pids $C)\" ]" ||
		ip netns pids "$C" | xargs -r kill -9 2>/dev/null
	[ -S "$SOCK" ] && wait_for 60 active_count_is 0
	return 0
}
