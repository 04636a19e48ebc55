#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The L2TP benchmark baseline: static L2TPv2 PPP sessions on the stock kernel stack
# (l2tp_core + l2tp_netlink + l2tp_ppp + ppp_generic + ppp_mppe) with bench/l2tp-static,
# against itself, and against sluice's static L2TP sessions (sluicectl add-l2tp).
#
# Not part of `make check` (bench-quick, which make check-long runs, sets up an l2tp-static
# pair with MPPE and carries traffic through it). This file is the tool's own test, for
# when bench/pptp-static.c (which l2tp-static is) changes:
#   make modules && make -C bench && SLUICE_VM_KMOD=$PWD/kmod tests/vm/vmrun.sh -t 1200 \
#       -o /tmp/vm-bench -- tests/netns/run-all.sh $PWD/bench/test_l2tp_static.sh
#
#   +--------------------------------+            +--------------------------------+
#   | ns A (LNS)                     |    veth    | ns B (LAC)                     |
#   | va 10.9.0.1/24  UDP 1701       |------------| vb 10.9.0.2/24  UDP 1701       |
#   | lt0 10.200.0.1 peer .0.2       |            | lt0 10.200.0.2 peer .0.1       |
#   |   tunnel 10 session 1          |            |   tunnel 20 session 2          |
#   +--------------------------------+            +--------------------------------+
#
# l2tp-static stays in the foreground holding the tunnels' UDP sockets and the sessions
# (start_daemon), prints "ready" once MPPE runs both ways, and tears down on SIGTERM.
# SLUICE_BASELINE_SESSIONS sets the size of the many-session tests (100).
. "$(dirname "$0")/../tests/netns/lib.sh"
HELPER=$(dirname "$0")/../tests/netns/nlhelper.py
K1=00112233445566778899aabbccddeeff
K2=ffeeddccbbaa99887766554433221100
N=${SLUICE_BASELINE_SESSIONS:-100}
if ! command -v l2tp-static >/dev/null; then
	echo "l2tp-static is not built (make -C bench): skipping"
	exit "$ksft_skip"
fi

A_() { ip netns exec "$A" "$@"; }
B_() { ip netns exec "$B" "$@"; }

# stop_pair [SECONDS] : SIGTERM to every holder at once, then wait; prints closing lines
stop_pair() {
	local side
	for side in pa pb holdA; do
		daemon_alive "$side" && kill "$(daemon_pid "$side")"
	done
	for side in pa pb holdA; do
		daemon_alive "$side" || [ -f "$NETNS_TEST_DIR/$side.pid" ] || continue
		stop_daemon "$side" "${1:-10}"
		grep -h '^closed' "$NETNS_TEST_DIR/$side.log" 2>/dev/null
	done
	return 0
}

wait_ready() {
	wait_for "$1" grep -q '^ready' "$NETNS_TEST_DIR/pa.log" &&
		wait_for 5 grep -q '^ready' "$NETNS_TEST_DIR/pb.log" || return 1
	echo "A: $(grep '^ready' "$NETNS_TEST_DIR/pa.log"); B: $(grep '^ready' "$NETNS_TEST_DIR/pb.log")"
}

addresses() {
	ip -n "$A" addr add 10.200.0.1 peer 10.200.0.2 dev lt0 && ip -n "$A" link set lt0 up &&
	ip -n "$B" addr add 10.200.0.2 peer 10.200.0.1 dev lt0 && ip -n "$B" link set lt0 up
}

# session_pair [OPTIONS...] : lt0 on both sides; MPPE options get mirrored keys
session_pair() {
	local a_keys=() b_keys=() o
	stop_pair
	for o in "$@"; do
		case $o in mppe) a_keys=(send-key "$K1" recv-key "$K2") b_keys=(send-key "$K2" recv-key "$K1") ;; esac
	done
	start_daemon pa "$A" l2tp-static add local 10.9.0.1 peer 10.9.0.2 tunnel 10 session 1 \
		peer-tunnel 20 peer-session 2 name lt0 "$@" "${a_keys[@]}"
	start_daemon pb "$B" l2tp-static add local 10.9.0.2 peer 10.9.0.1 tunnel 20 session 2 \
		peer-tunnel 10 peer-session 1 name lt0 "$@" "${b_keys[@]}"
	wait_ready 20 && addresses
}

rx_packets() { "$1" cat /sys/class/net/lt0/statistics/rx_packets; }

# mppe_applied NS_ : the unit's compressor and decompressor both carried packets
mppe_applied() {
	local out
	out=$("$1" l2tp-static show lt0) || return 1
	echo "$out"
	echo "$out" | grep -q 'mppe tx: [1-9]' && echo "$out" | grep -q 'mppe rx: [1-9]' &&
		[ "$(echo "$out" | sed -n 's/.* \([0-9]*\) unencrypted.*/\1/p')" -le 50 ]
}

no_mppe() {
	local out
	out=$("$1" l2tp-static show lt0) || return 1
	echo "$out" | grep -q 'mppe tx: 0 encrypted' && echo "$out" | grep -q 'mppe rx: 0 decrypted'
}

# kernel_tunnels NS : how many L2TP tunnels the kernel has in NS (the l2tp genl dump)
kernel_tunnels() { ip -n "$1" l2tp show tunnel | grep -c '^Tunnel'; }

test_setup() {
	modprobe l2tp_ppp && modprobe ppp_mppe && modprobe sluice || return 1
	setup_ns A B && veth_pair "$A" va 10.9.0.1/24 "$B" vb 10.9.0.2/24 || return 1
	# one receive CPU per veth, as in bench/run.sh (a NIC's RSS keeps a flow on one queue)
	A_ sh -c 'echo 1 >/sys/class/net/va/queues/rx-0/rps_cpus' &&
		B_ sh -c 'echo 1 >/sys/class/net/vb/queues/rx-0/rps_cpus'
}

test_plain() {
	session_pair && traffic && iperf_both && no_mppe A_ && no_mppe B_ &&
		A_ l2tp-static show lt0 && ip -n "$A" link show lt0 | grep -q 'mtu 1400 ' &&
		ip -n "$A" l2tp show session | grep -q 'Session 1 in tunnel 10' && stop_pair
}
test_mppe128_stateless() {
	session_pair mppe 128 stateless && traffic && iperf_both && mppe_applied A_ &&
		mppe_applied B_ && stop_pair
}
test_mppe128_stateful() {
	session_pair mppe 128 && traffic && iperf_both && mppe_applied A_ && mppe_applied B_ &&
		stop_pair
}
# Ns on A's data messages (L2TP_ATTR_SEND_SEQ); B takes them either way
test_seq() {
	session_pair seq && traffic && ip -n "$A" l2tp show session | grep -q 'sequence numbering:.*send' ||
		{ ip -n "$A" l2tp show session; return 1; }
}

test_pptp_words_refused() {
	local err rc
	err=$(A_ timeout 5 l2tp-static add local 10.9.0.1 peer 10.9.0.2 tunnel 7 session 1 \
		peer-tunnel 8 peer-session 1 acfc 2>&1)
	rc=$?
	echo "$err (status $rc)"
	[ $rc -eq 2 ] && echo "$err" | grep -q 'not an L2TP option'
}

# A second tunnel with A's id in the same namespace: the kernel refuses it, nothing is left.
test_duplicate_tunnel_refused() {
	local err rc
	session_pair || return 1
	err=$(A_ timeout 10 l2tp-static add local 10.9.0.1 port 1702 peer 10.9.0.2 tunnel 10 \
		session 5 peer-tunnel 20 peer-session 5 2>&1)
	rc=$?
	echo "$err (status $rc)"
	[ $rc -eq 1 ] && echo "$err" | grep -q 'L2TP_CMD_TUNNEL_CREATE: File exists' &&
		[ "$(kernel_tunnels "$A")" = 1 ] && traffic
}

# The stock stack as the peer of sluice's static session (no MPPE: sluice's static
# sessions run MPPE at once, l2tp-static waits for a CCP exchange sluicectl does not hold).
test_against_sluice() {
	stop_pair >/dev/null
	start_daemon holdA "$A" sluicectl add-l2tp local 10.9.0.1 peer 10.9.0.2 peer-port 1701 \
		tunnel 10 session 1 peer-tunnel 20 peer-session 2 name lt0 mtu 1400
	wait_for 30 grep -q '^ready$' "$NETNS_TEST_DIR/holdA.log" || return 1
	start_daemon pb "$B" l2tp-static add local 10.9.0.2 peer 10.9.0.1 tunnel 20 session 2 \
		peer-tunnel 10 peer-session 1 name lt0
	wait_for 20 grep -q '^ready' "$NETNS_TEST_DIR/pb.log" && addresses || return 1
	traffic && iperf_both && A_ sluicectl show lt0 && B_ l2tp-static show lt0 && stop_pair
}

# many_pair LABEL A_OPTIONS -- B_OPTIONS : N sessions a side with MPPE-128 stateless, named
# p0.., one datagram through each; every session on B must see it
many_pair() {
	local a=() t0 t1 got i
	stop_pair >/dev/null
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	t0=$(date +%s.%N)
	start_daemon pa "$A" l2tp-static add local 10.9.0.1 peer 10.9.0.2 name p count "$N" \
		mppe 128 stateless send-key $K1 recv-key $K2 "${a[@]}"
	start_daemon pb "$B" l2tp-static add local 10.9.0.2 peer 10.9.0.1 name p count "$N" \
		mppe 128 stateless send-key $K2 recv-key $K1 "$@"
	wait_ready 300 || { stop_pair 300; return 1; }
	for ((i = 0; i < N; i++)); do
		echo "addr add 10.100.0.1 peer 10.101.$((i / 250)).$((i % 250 + 1)) dev p$i"
		echo "link set p$i up"
	done >"$NETNS_TEST_DIR/a.batch"
	for ((i = 0; i < N; i++)); do
		echo "addr add 10.101.$((i / 250)).$((i % 250 + 1)) peer 10.100.0.1 dev p$i"
		echo "link set p$i up"
	done >"$NETNS_TEST_DIR/b.batch"
	ip -n "$A" -batch "$NETNS_TEST_DIR/a.batch" && ip -n "$B" -batch "$NETNS_TEST_DIR/b.batch" || return 1
	t1=$(date +%s.%N)
	grep -h '^added' "$NETNS_TEST_DIR/pa.log" "$NETNS_TEST_DIR/pb.log"
	echo "$N sessions a side up with MPPE and addresses in $(echo "$t1 - $t0" | bc) s;" \
		"kernel tunnels: A $(kernel_tunnels "$A"), B $(kernel_tunnels "$B")"
	for ((i = 0; i < N; i += 250)); do
		A_ python3 "$HELPER" fanout "10.101.$((i / 250)).1" $((N - i < 250 ? N - i : 250)) 9 >/dev/null || return 1
	done
	sleep 1
	got=$(B_ sh -c 'cat /sys/class/net/p[0-9]*/statistics/rx_packets' | grep -c '^[1-9]')
	echo "sessions on B that received traffic: $got"
	stop_pair 300
	[ "$got" -eq "$N" ] && ! ip -n "$A" -o link show | grep -q ': p[0-9]' &&
		[ "$(kernel_tunnels "$A")" = 0 ] && [ "$(kernel_tunnels "$B")" = 0 ]
}

test_many_one_tunnel() {
	many_pair tunnel 10 session 1000 peer-tunnel 20 peer-session 30000 -- \
		tunnel 20 session 30000 peer-tunnel 10 peer-session 1000
}
# A tunnel (and UDP socket) per session, as an LNS with one LAC per session: A's all on
# port 1701 (each connected to its LAC), B's on 20000, 20001, ...
test_many_tunnels() {
	many_pair tunnel 100 session 1 peer-tunnel 5000 peer-session 1 tunnel-each peer-port 20000 \
		peer-port-each -- tunnel 5000 session 1 peer-tunnel 100 peer-session 1 tunnel-each \
		port 20000 port-each
}

test_sigterm_tears_down() {
	session_pair mppe 128 || return 1
	stop_pair || return 1
	grep -q '^closed 1 sessions' "$NETNS_TEST_DIR/pa.log" &&
		! ip -n "$A" link show lt0 2>/dev/null && ! ip -n "$B" link show lt0 2>/dev/null &&
		[ "$(kernel_tunnels "$A")" = 0 ] && [ "$(kernel_tunnels "$B")" = 0 ]
}

test_unloaded() {
	rmmod l2tp_ppp l2tp_netlink l2tp_core 2>/dev/null
	! grep -q '^l2tp_ppp ' /proc/modules
}

run_test "set-up: l2tp_ppp, ppp_mppe and sluice, two namespaces" test_setup
run_test "plain session: ping and iperf3 both ways" test_plain
run_test "MPPE-128 stateless: ping and iperf3 both ways" test_mppe128_stateless
run_test "MPPE-128 stateful: ping and iperf3 both ways" test_mppe128_stateful
run_test "sequence numbers on A's data messages" test_seq
run_test "PPTP's words (acfc) refused" test_pptp_words_refused
run_test "a second tunnel with a taken id refused" test_duplicate_tunnel_refused
run_test "against sluicectl add-l2tp (sluice in A): ping and iperf3" test_against_sluice
run_test "SIGTERM closes the sessions and the tunnels" test_sigterm_tears_down
run_test "$N sessions in one tunnel a side with MPPE, traffic through each" test_many_one_tunnel
run_test "$N sessions, a tunnel each, with MPPE, traffic through each" test_many_tunnels
run_test "namespaces removed, no process left" left_behind
run_test "l2tp_ppp unloaded" test_unloaded
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
