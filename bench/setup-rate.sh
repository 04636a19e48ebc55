#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: bench/setup-rate.sh full|quick      (inside the VM rig; bench/run.sh calls it)
#
# Setup rate with the full control plane: how fast sessions come all the way up (control
# connection or tunnel, LCP, MS-CHAPv2, CCP with MPPE-128, IPCP, the kernel session) when N
# clients dial at once, served by sluiced and by the stock servers on the same VM in one
# run: pptpd + pppd for PPTP, xl2tpd + pppd for L2TP. The load generator is sluiced itself:
# one process in ns B holding N /interface pptp-client (or l2tp-client) items, all enabled
# by one command, so the client side costs the same whichever server answers.
#
#   +------------------------------+    veth    +------------------------------+
#   | ns A: the server under test  |------------| ns B: sluiced, N dial-out    |
#   | va 10.9.0.1/24               |            | clients, vb 10.9.0.2/24      |
#   +------------------------------+            +------------------------------+
#
# Each measurement: the time from "enable [find]" until B's /ppp active counts N sessions
# (sessions/s = N / that); the server side's resident memory per session then (every
# process in ns A: sluiced alone, or pptpd/xl2tpd with one pppd per session; the module's
# kernel memory is bench/run.sh's scale part); the time until the server has none after
# "disable [find]".
# Records go to $SLUICE_OUT/bench/results.tsv like bench/run.sh's (stack sluice, or the
# baseline's name). xl2tpd runs in its pty mode, as tests/netns/lib-l2tp.sh explains.
# BENCH_STACKS (as for bench/run.sh) limits the servers: "sluice" alone measures sluiced past
# what the stock servers' pools (241 addresses) and memory (a pppd per session) allow.
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/tests/netns/lib.sh"
MODE=${1:-quick}
OUT=${SLUICE_OUT:-/tmp}/bench
RESULTS=$OUT/results.tsv
mkdir -p "$OUT"
case $MODE in
full) REPS=${BENCH_REPS:-3} N=${BENCH_SETUP_N:-100} ;;
quick) REPS=1 N=${BENCH_SETUP_N:-10} ;;
*) echo "usage: bench/setup-rate.sh full|quick" >&2; exit 2 ;;
esac
D=$NETNS_TEST_DIR
CSOCK=/run/sluice/bench-clients.sock
SSOCK=/run/sluice/bench-server.sock
FAILED=0
SERVERS=" ${BENCH_STACKS:-sluice pptpd xl2tpd} "

BENCH_TAG=setup-rate
. "$SRC/bench/lib-bench.sh"
cctl() { B_ pppctl -s "$CSOCK" "$@"; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

client_count() { cctl /ppp active print count-only where outgoing=yes state=up 2>/dev/null; }
clients_up() { [ "$(client_count)" = "$N" ]; }
# the server's sessions: sluiced's own count, else its pppd processes
server_sessions() {
	if [ "$1" = sluice ]; then
		A_ pppctl -s "$SSOCK" /ppp active print count-only 2>/dev/null
	else
		ip netns pids "$A" | xargs -r ps -o comm= -p 2>/dev/null | grep -cx pppd
	fi
}
server_empty() { [ "$(server_sessions "$1")" = 0 ]; }
# resident memory of every process of the server's namespace (sluiced; or pptpd, its
# pptpctrl children and one pppd per session), kB
server_rss_kb() { ip netns pids "$A" | xargs -r ps -o rss= -p 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }

start_clients() {
	local proto=$1 i
	for ((i = 1; i <= N; i++)); do
		echo "/interface $proto-client add name=$proto-out$i connect-to=10.9.0.1 user=alice password=alice-pass allow=mschap2 keepalive-timeout=0 disabled=yes"
	done >"$D/clients.rsc"
	start_daemon clients "$B" sluiced -f -s "$CSOCK" -c "$D/clients.rsc"
	wait_for 20 test -S "$CSOCK"
}

start_server() {
	local proto=$1 stack=$2
	case $stack in
	sluice)
		cat >"$D/server.rsc" <<E
/ip pool add name=bench ranges=10.230.0.10-10.230.3.250
/ppp profile add name=bench local-address=10.230.255.1 remote-address=bench use-encryption=required only-one=no
/ppp secret add name=alice password=alice-pass profile=bench
/interface $proto-server server set enabled=yes default-profile=bench authentication=mschap2 keepalive-timeout=0
E
		start_daemon server "$A" sluiced -f -s "$SSOCK" -c "$D/server.rsc"
		wait_for 20 test -S "$SSOCK"
		;;
	pptpd)
		printf '%s\n' "option $D/ppp-options" "localip 10.231.0.1" "remoteip 10.231.0.10-250" \
			"connections $((N + 10))" >"$D/pptpd.conf"
		start_daemon server "$A" pptpd -f -c "$D/pptpd.conf" -p "$D/pptpd.pid.file" -l 10.9.0.1
		wait_for 15 sh -c "ip netns exec $A ss -tln | grep -q 10.9.0.1:1723"
		;;
	xl2tpd)
		printf '%s\n' "[global]" "port = 1701" "access control = no" "force userspace = yes" \
			"[lns default]" "ip range = 10.231.0.10-10.231.0.250" "local ip = 10.231.0.1" \
			"require authentication = yes" "name = pptpd" "length bit = yes" \
			"pppoptfile = $D/ppp-options" >"$D/xl2tpd.conf"
		start_daemon server "$A" xl2tpd -D -c "$D/xl2tpd.conf" -p "$D/xl2tpd.pid" -C "$D/xl2tpd.ctl"
		wait_for 15 sh -c "ip netns exec $A ss -uln | grep -q ':1701 '"
		;;
	esac
}

stop_server() {
	stop_daemon server 10
	ip netns pids "$A" | xargs -r kill 2>/dev/null
	wait_for 20 sh -c "[ -z \"\$(ip netns pids $A)\" ]" || ip netns pids "$A" | xargs -r kill -9
	return 0
}

# one measurement: PROTO (pptp, l2tp) against STACK, repetition REP
measure() {
	local proto=$1 stack=$2 rep=$3 t0 t1 t2 up="" rss0 rss1
	start_server "$proto" "$stack" && start_clients "$proto" || {
		record "setup $proto: $N clients, sessions/s" "$stack" "$rep" ""
		stop_daemon clients 10
		stop_server
		return
	}
	rss0=$(server_rss_kb)
	t0=$(now_ms)
	cctl /interface "$proto-client" enable "[find]"
	wait_for 600 clients_up && t1=$(now_ms) && up=$(awk -v n="$N" -v ms=$((t1 - t0)) 'BEGIN { printf "%.2f\n", n * 1000 / ms }')
	[ -n "$up" ] || note "$stack: $(client_count) of $N clients up after 600 s"
	record "setup $proto: $N clients, sessions/s" "$stack" "$rep" "$up"
	if [ -n "$up" ]; then
		rss1=$(server_rss_kb)
		record "setup $proto: $N clients, server RSS kB/session" "$stack" "$rep" \
			"$(awk -v a="$rss0" -v b="$rss1" -v n="$N" 'BEGIN { printf "%.1f\n", (b - a) / n }')"
	fi
	t1=$(now_ms)
	cctl /interface "$proto-client" disable "[find]"
	if wait_for 300 server_empty "$stack"; then
		t2=$(now_ms)
		record "setup $proto: $N clients, teardown s" "$stack" "$rep" \
			"$(awk -v ms=$((t2 - t1)) 'BEGIN { printf "%.2f\n", ms / 1000 }')"
	else
		record "setup $proto: $N clients, teardown s" "$stack" "$rep" ""
	fi
	stop_daemon clients 10
	stop_server
}

setup() {
	local f
	for f in sluiced pppctl pptpd xl2tpd pppd; do
		command -v "$f" >/dev/null || { echo "setup-rate: $f is missing"; return 1; }
	done
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	setup_ns A B && veth_pair "$A" va 10.9.0.1/24 "$B" vb 10.9.0.2/24 || return 1
	# the stock servers' pppd: MS-CHAPv2 and MPPE-128 required, as sluiced's profile says
	printf '%s\n' "name pptpd" refuse-pap refuse-chap refuse-mschap require-mschap-v2 \
		require-mppe-128 nodefaultroute nobsdcomp nodeflate novj novjccomp nologfd \
		"lcp-echo-interval 0" >"$D/ppp-options"
	cp /etc/ppp/chap-secrets "$D/chap-secrets.saved" &&
		printf 'alice\tpptpd\talice-pass\t*\n' >>/etc/ppp/chap-secrets
}

restore() {
	[ -f "$D/chap-secrets.saved" ] && cp "$D/chap-secrets.saved" /etc/ppp/chap-secrets
	return 0
}

note "$MODE: $REPS repetitions, $N clients at once, PPTP and L2TP, servers:$SERVERS"
setup || { echo "setup-rate: set-up failed"; show_logs; restore; exit 1; }
for ((rep = 1; rep <= REPS; rep++)); do
	for pair in "pptp sluice" "pptp pptpd" "l2tp sluice" "l2tp xl2tpd"; do
		read -r proto stack <<<"$pair"
		[[ $SERVERS == *" $stack "* ]] || continue
		measure "$proto" "$stack" "$rep"
	done
done
restore
exit "$FAILED"
