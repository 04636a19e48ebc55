#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: bench/pppoe.sh full|quick      (inside the VM rig; bench/run.sh calls it)
#
# PPPoE (issue 19), sluice against the kernel's own PPPoE (pppoe.ko + ppp_generic, one pppd
# per session through the rp-pppoe plugin, as `pppoe-server -k` runs them), side by side in
# one run, A/B interleaved per repetition:
#   single  one session, MPPE-128 stateless (what the PPP AAA page's use-encryption=required
#           gives a Windows or pppd client) and off: TCP Mbit/s and 64-byte datagrams/s from
#           B to A. sluice: sluicectl add-pppoe on both ends with the keys given; pppoe.ko: a
#           pppd on each end attached to the same static session (the plugin's
#           rp_pppoe_sess ID:MAC), MS-CHAPv2 between them for MPPE's keys (pppd takes them
#           from nothing else), noauth without. Two pppds never settle on stateful MPPE
#           (pppd asks for stateless first), so stateful is not compared.
#   many    M sessions a side (1,000 full, 100 quick; BENCH_PPPOE_MANY), MPPE-128 stateless:
#           64-byte datagrams/s from A to all M at once. sluice: sluicectl add-pppoe count M;
#           pppoe.ko: bench/pppoe-static (pptp-static's PPPoE channel: a pppoe socket, a
#           ppp unit and MPPE per session, no pppd), as pptp-static stands in for PPTP.
#   setup   N hosts start at once (tests/netns/pppoe_load.py in B: Discovery, LCP, PAP,
#           IPCP and a ping each, a MAC per host) against sluiced's /interface pppoe-server
#           and against bench/pppoe_standin.py (Debian's pppoe-server 3.15 has no kernel mode:
#           the stand-in answers Discovery and starts pppd per session as pppoe-server -k
#           does); sessions/s until all N answered their ping, and memory per session: the
#           growth of every process in ns A's resident memory from idle to N up, over N, and
#           the machine's MemAvailable drop over N (the kernel's share included).
# The load generator is one Python process under emulation: past some rate it, not the
# server, sets the pace, which caps the setup ratio from above (docs/bench.md says so).
#
#   +------------------------------+    veth    +------------------------------+
#   | ns A: the server / one end   |------------| ns B: the other end, or N    |
#   | va 02:00:00:00:0a:01         |            | hosts (pppoe_load.py)        |
#   +------------------------------+            +------------------------------+
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/tests/netns/lib.sh"
MODE=${1:-quick}
OUT=${SLUICE_OUT:-/tmp}/bench
RESULTS=$OUT/results.tsv
mkdir -p "$OUT"
case $MODE in
full) REPS=${BENCH_REPS:-3} T=${BENCH_SECONDS:-2} N=${BENCH_PPPOE_N:-500}
	M=${BENCH_PPPOE_MANY:-1000} ;;
quick) REPS=1 T=2 N=${BENCH_PPPOE_N:-100} M=${BENCH_PPPOE_MANY:-100} ;;
*) echo "usage: bench/pppoe.sh full|quick" >&2; exit 2 ;;
esac
D=$NETNS_TEST_DIR
SOCK=/run/sluice/bench-pppoe.sock
MAC_A=02:00:00:00:0a:01
MAC_B=02:00:00:00:0b:01
FAILED=0
STACKS=" ${BENCH_STACKS:-sluice pppoe.ko} "
MPPE_MODES=(stateless off)
K1=00112233445566778899aabbccddeeff
K2=ffeeddccbbaa99887766554433221100

BENCH_TAG=pppoe
. "$SRC/bench/lib-bench.sh"

use_stack() {
	case $1 in
	sluice) modprobe sluice ;;
	pppoe.ko) rmmod sluice 2>/dev/null; modprobe pppoe && modprobe ppp_generic ;;
	esac
}

# single_up STACK MODE : session 42 between va and vb, A 10.200.0.1, B 10.200.0.2
single_up() {
	local keys_a="" keys_b="" mtu=1492
	if [ "$2" = stateless ]; then
		# MPPE takes 4 bytes of the 1,492 a PPPoE frame carries: pppd's MTU is 1488 too
		keys_a="mppe 128 stateless send-key $K1 recv-key $K2"
		keys_b="mppe 128 stateless send-key $K2 recv-key $K1"
		mtu=1488
	fi
	case $1 in
	sluice)
		# shellcheck disable=SC2086
		A_ sluicectl add-pppoe dev va peer-mac $MAC_B session 42 name t0 mtu $mtu $keys_a \
			>/dev/null &&
			B_ sluicectl add-pppoe dev vb peer-mac $MAC_A session 42 name t0 mtu $mtu \
				$keys_b >/dev/null || return 1
		ip -n "$A" addr add 10.200.0.1 peer 10.200.0.2 dev t0 && ip -n "$A" link set t0 up &&
			ip -n "$B" addr add 10.200.0.2 peer 10.200.0.1 dev t0 && ip -n "$B" link set t0 up
		;;
	pppoe.ko) pppd_pair_up "$2" ;;
	esac
}

# pppd_pair_up MODE : a pppd on each end of static session 42; MPPE's keys from MS-CHAPv2
pppd_pair_up() {
	local auth_a=(noauth) auth_b=(noauth) common
	common=(nodetach nodefaultroute novj nobsdcomp nodeflate mtu 1492 mru 1492 debug)
	if [ "$1" = stateless ]; then
		auth_a=(auth name pppoe-a require-mschap-v2 refuse-pap refuse-chap refuse-mschap
			require-mppe-128)
		auth_b=(noauth name bench password benchpass remotename pppoe-a refuse-pap
			refuse-chap refuse-mschap refuse-eap require-mppe-128)
	else
		common+=(noccp)
	fi
	: >"$D/pa.ppp"	# pppd appends: an earlier mode's lines would pass for this one's
	: >"$D/pb.ppp"
	start_daemon pa "$A" pppd plugin rp-pppoe.so nic-va rp_pppoe_sess 42:$MAC_B \
		10.200.0.1:10.200.0.2 "${auth_a[@]}" "${common[@]}" logfile "$D/pa.ppp"
	start_daemon pb "$B" pppd plugin rp-pppoe.so nic-vb rp_pppoe_sess 42:$MAC_A \
		10.200.0.2:10.200.0.1 "${auth_b[@]}" "${common[@]}" logfile "$D/pb.ppp"
	attach_log "$D/pa.ppp" "$D/pb.ppp"
	wait_for 60 grep -q 'local  IP address' "$D/pa.ppp" &&
		wait_for 30 grep -q 'local  IP address' "$D/pb.ppp"
}

# mppe_ran STACK MODE : the session really ran in MODE (else the numbers are of something else)
mppe_ran() {
	case $1 in
	sluice) sluice_mppe_ran "$2" ;;
	pppoe.ko)
		case $2 in
		off) ! grep -q 'MPPE.*enabled' "$D/pa.ppp" ;;
		*) grep -q "MPPE 128-bit $2 compression enabled" "$D/pa.ppp" &&
			grep -q "MPPE 128-bit $2 compression enabled" "$D/pb.ppp" ;;
		esac
		;;
	esac
}

single_down() {
	A_ sluicectl del all >/dev/null 2>&1
	B_ sluicectl del all >/dev/null 2>&1
	stop_daemon pa 5
	stop_daemon pb 5
}

single_part() {
	local stack=$1 rep=$2 m
	for m in "${MPPE_MODES[@]}"; do
		if ! single_up "$stack" "$m"; then
			record "PPPoE TCP B->A Mbit/s, MPPE $m" "$stack" "$rep" ""
			single_down
			continue
		fi
		record "PPPoE TCP B->A Mbit/s, MPPE $m" "$stack" "$rep" "$(tcp_mbits)"
		record "PPPoE TCP A->B Mbit/s, MPPE $m" "$stack" "$rep" "$(tcp_mbits -R)"
		record "PPPoE 64B pkt/s, MPPE $m" "$stack" "$rep" "$(udp64_pps)"
		mppe_ran "$stack" "$m" || record "PPPoE MPPE $m really ran" "$stack" "$rep" ""
		single_down
	done
}

# --- many sessions

# many_up STACK : M sessions a side (p0...), ids from 1000, MPPE-128 stateless, addresses
# as bench/run.sh's (A's pI 10.100.0.1 peer 10.101.0.1+I)
many_up() {
	local a=(dev va peer-mac "$MAC_B" session 1000 name p count "$M" mtu 1488 mppe 128
		stateless send-key "$K1" recv-key "$K2")
	local b=(dev vb peer-mac "$MAC_A" session 1000 name p count "$M" mtu 1488 mppe 128
		stateless send-key "$K2" recv-key "$K1")
	case $1 in
	sluice) A_ sluicectl add-pppoe "${a[@]}" >/dev/null && B_ sluicectl add-pppoe "${b[@]}" \
		>/dev/null || return 1 ;;
	pppoe.ko)
		start_daemon pa "$A" pppoe-static add "${a[@]}"
		start_daemon pb "$B" pppoe-static add "${b[@]}"
		wait_line pa '^ready' 900 && wait_line pb '^ready' 60 || return 1
		;;
	esac
	many_addresses "$M"
}

many_down() {
	case $1 in
	sluice) A_ sluicectl del all >/dev/null 2>&1; B_ sluicectl del all >/dev/null 2>&1 ;;
	pppoe.ko) stop_daemon pa 600; stop_daemon pb 600 ;;
	esac
}

many_part() {
	local stack=$1 rep=$2
	if many_up "$stack"; then
		record "PPPoE $M sessions: UDP 64 B pkt/s, MPPE stateless" "$stack" "$rep" \
			"$(flood_rate "$A" "$B" 10.101.0.1 "$M" 64)"
	else
		record "PPPoE $M sessions: UDP 64 B pkt/s, MPPE stateless" "$stack" "$rep" ""
	fi
	many_down "$stack"
}

# --- set-up rate

server_config() {
	cat >"$D/server.rsc" <<E
/ip pool add name=bulk-pool ranges=10.100.0.10-10.100.7.250
/ppp profile add name=bulk local-address=10.100.0.1 remote-address=bulk-pool use-encryption=no
/ppp secret add name=bulk password=bulk-pass service=pppoe profile=bulk
/interface pppoe-server server add service-name=bench interface=va enabled=yes authentication=pap keepalive-timeout=60
E
	printf '%s\n' require-pap "name standin" nodefaultroute noccp novj nobsdcomp nodeflate \
		"mtu 1492" "mru 1492" "lcp-echo-interval 60" >"$D/standin-options"
	[ -f /etc/ppp/pap-secrets ] && [ ! -f "$D/pap-secrets.orig" ] &&
		cp /etc/ppp/pap-secrets "$D/pap-secrets.orig"
	printf 'bulk * "bulk-pass" *\n' >/etc/ppp/pap-secrets	# the VM's overlay
	chmod 600 /etc/ppp/pap-secrets
	# the single session's MS-CHAPv2, which gives pppd its MPPE keys
	[ -f "$D/chap-secrets.orig" ] || cp /etc/ppp/chap-secrets "$D/chap-secrets.orig"
	printf 'bench\tpppoe-a\tbenchpass\t*\n' >>/etc/ppp/chap-secrets
}

server_up() {
	case $1 in
	sluice)
		start_daemon sluiced "$A" sluiced -f -s "$SOCK" -c "$D/server.rsc"
		wait_for 10 test -S "$SOCK" && wait_line sluiced 'serving Discovery on va' 10
		;;
	pppoe.ko)
		start_daemon standin "$A" python3 "$SRC/bench/pppoe_standin.py" va \
			"$D/standin-options" 10.100.0.1 10.100.0.10
		wait_line standin '^ready' 20
		;;
	esac
}

server_down() {
	stop_daemon loadgen 10
	stop_daemon sluiced 10
	stop_daemon standin 5
	ip netns pids "$A" | xargs -r kill 2>/dev/null	# the stand-in's pppds
	wait_for 20 sh -c "[ -z \"\$(ip netns pids $A)\" ]" ||
		ip netns pids "$A" | xargs -r kill -9 2>/dev/null
}

# resident KB of every process in ns A
rss_a_kb() {
	local pids
	pids=$(ip netns pids "$A" | paste -sd,)
	[ -n "$pids" ] && ps -o rss= -p "$pids" | awk '{ s += $1 } END { print s + 0 }'
}

mem_available_kb() { awk '/^MemAvailable:/ { print $2 }' /proc/meminfo; }

# per session: (after - before) / N, one decimal
per_session() { awk -v a="$1" -v b="$2" -v n="$N" 'BEGIN { printf "%.1f\n", (a - b) / n }'; }

setup_part() {
	local stack=$1 rep=$2 out up kb kb0 avail0
	rm -f "$D/release" "$D/loadgen.log"
	if ! server_up "$stack"; then
		record "PPPoE setup sessions/s, $N at once" "$stack" "$rep" ""
		server_down
		return
	fi
	sleep 1
	kb0=$(rss_a_kb)
	avail0=$(mem_available_kb)
	PPPOE_LOAD_HOLD=$D/release start_daemon loadgen "$B" python3 "$SRC/tests/netns/pppoe_load.py" \
		vb "$N" bulk bulk-pass 600
	wait_for 620 grep -q '"hosts"' "$D/loadgen.log"
	out=$(grep '"hosts"' "$D/loadgen.log")
	note "$stack: $out"
	# all N, or all but 1 % (one pppd of hundreds that gave up is pppd's, not the rate's;
	# the note above has the count)
	up=$(echo "$out" | jq -r "if .pinged >= $N * 0.99 and .up >= $N * 0.99 then .setup_per_s else empty end" 2>/dev/null)
	kb=$(rss_a_kb)
	record "PPPoE setup sessions/s, $N at once" "$stack" "$rep" "$up"
	if [ -n "$up" ]; then
		# the server's processes' growth, and the whole machine's (kernel included; the
		# load generator's own growth, the same for both, is in it too)
		record "PPPoE server process KB per session, $N up" "$stack" "$rep" \
			"$(per_session "$kb" "$kb0")"
		record "PPPoE host KB per session (MemAvailable), $N up" "$stack" "$rep" \
			"$(per_session "$avail0" "$(mem_available_kb)")"
	fi
	touch "$D/release"
	server_down
}

restore_pap_secrets() {
	[ -f "$D/chap-secrets.orig" ] && cp "$D/chap-secrets.orig" /etc/ppp/chap-secrets
	[ -f "$D/pap-secrets.orig" ] && cp "$D/pap-secrets.orig" /etc/ppp/pap-secrets
	return 0
}

main() {
	local rep stack
	setup_ns A B && veth_pair "$A" va 10.9.0.1/24 "$B" vb 10.9.0.2/24 || exit 1
	ip -n "$A" link set va address $MAC_A && ip -n "$B" link set vb address $MAC_B &&
		ip -n "$B" link set vb promisc on || exit 1
	server_config
	for rep in $(seq 1 "$REPS"); do
		for stack in $STACKS; do
			use_stack "$stack" || { note "no $stack"; FAILED=1; continue; }
			single_part "$stack" "$rep"
			many_part "$stack" "$rep"
			setup_part "$stack" "$rep"
		done
	done
	restore_pap_secrets
	exit $FAILED
}

main
