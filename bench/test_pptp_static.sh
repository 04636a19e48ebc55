#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark baseline: static PPTP sessions on the stock kernel stack (pptp.ko +
# ppp_generic + ppp_mppe) with bench/pptp-static, no sluice (pptp.ko and sluice cannot both
# hold GRE version 1, so sluice is unloaded first and not used here).
#
# Not part of `make check` (3.5 minutes): bench-quick, which make check-long runs, sets up
# pptp-static sessions with MPPE and carries traffic through them. This file is the tool's
# own test, for when bench/pptp-static.c changes:
#   make modules && make -C bench && SLUICE_VM_KMOD=$PWD/kmod tests/vm/vmrun.sh -t 1200 \
#       -o /tmp/vm-bench -- tests/netns/run-all.sh $PWD/bench/test_pptp_static.sh
#
#   +-----------------------------+            +-----------------------------+
#   | ns A                        |    veth    | ns B                        |
#   | va 10.9.0.1/24              |------------| vb 10.9.0.2/24              |
#   | pt0 10.200.0.1 peer .0.2    |            | pt0 10.200.0.2 peer .0.1    |
#   |   call 1 <-> call 2         |            |   call 2 <-> call 1         |
#   +-----------------------------+            +-----------------------------+
#
# pptp-static stays in the foreground holding the sessions (start_daemon), prints "ready"
# once MPPE runs both ways, and tears down on SIGTERM. pptp.ko's call ids are host-wide, so
# the two namespaces use disjoint ones. The veths deliver on one CPU (RPS), so the tunnel
# is not reordered by the rig. At the end pptp.ko is unloaded again and sluice left as it
# was found. SLUICE_BASELINE_SESSIONS sets the scaling test's size (200).
. "$(dirname "$0")/../tests/netns/lib.sh"
HELPER=$(dirname "$0")/../tests/netns/nlhelper.py
K1=00112233445566778899aabbccddeeff
K2=ffeeddccbbaa99887766554433221100
N=${SLUICE_BASELINE_SESSIONS:-200}	# sessions a side in the scaling test (1,000: ~2.5 min more)
SLUICE_WAS_LOADED=0
if ! command -v pptp-static >/dev/null; then
	echo "pptp-static is not built (make -C bench): skipping"
	exit "$ksft_skip"
fi

A_() { ip netns exec "$A" "$@"; }
B_() { ip netns exec "$B" "$@"; }

# stop_pair [SECONDS] : SIGTERM to both sides at once (each closes its sessions one by one),
# then wait; prints their closing lines
stop_pair() {
	local side
	for side in pa pb; do
		daemon_alive "$side" && kill "$(daemon_pid "$side")"
	done
	for side in pa pb; do
		daemon_alive "$side" || [ -f "$NETNS_TEST_DIR/$side.pid" ] || continue
		stop_daemon "$side" "${1:-10}"
		grep '^closed' "$NETNS_TEST_DIR/$side.log"
	done
	return 0
}

# wait_ready SECONDS : both sides printed "ready"
wait_ready() {
	wait_for "$1" grep -q '^ready' "$NETNS_TEST_DIR/pa.log" &&
		wait_for 2 grep -q '^ready' "$NETNS_TEST_DIR/pb.log" || return 1
	echo "A: $(grep '^ready' "$NETNS_TEST_DIR/pa.log"); B: $(grep '^ready' "$NETNS_TEST_DIR/pb.log")"
}

# session_pair [OPTIONS...] : pt0 on both sides; MPPE options get mirrored keys
session_pair() {
	local a_keys=() b_keys=() o
	stop_pair
	for o in "$@"; do
		case $o in mppe) a_keys=(send-key "$K1" recv-key "$K2") b_keys=(send-key "$K2" recv-key "$K1") ;; esac
	done
	start_daemon pa "$A" pptp-static add local 10.9.0.1 peer 10.9.0.2 local-call 1 peer-call 2 \
		name pt0 "$@" "${a_keys[@]}"
	start_daemon pb "$B" pptp-static add local 10.9.0.2 peer 10.9.0.1 local-call 2 peer-call 1 \
		name pt0 "$@" "${b_keys[@]}"
	wait_ready 15 || return 1
	ip -n "$A" addr add 10.200.0.1 peer 10.200.0.2 dev pt0 && ip -n "$A" link set pt0 up &&
	ip -n "$B" addr add 10.200.0.2 peer 10.200.0.1 dev pt0 && ip -n "$B" link set pt0 up
}

rx_packets() { "$1" cat /sys/class/net/pt0/statistics/rx_packets; }

# mppe_applied NS_ : the unit's compressor and decompressor both carried packets, and the
# few frames that came in unencrypted are CCP's (Configure retries, Reset-Request/Ack)
mppe_applied() {
	local out
	out=$("$1" pptp-static show pt0) || return 1
	echo "$out"
	echo "$out" | grep -q 'mppe tx: [1-9]' && echo "$out" | grep -q 'mppe rx: [1-9]' &&
		[ "$(echo "$out" | sed -n 's/.* \([0-9]*\) unencrypted.*/\1/p')" -le 50 ]
}

no_mppe() {
	local out
	out=$("$1" pptp-static show pt0) || return 1
	echo "$out" | grep -q 'mppe tx: 0 encrypted' && echo "$out" | grep -q 'mppe rx: 0 decrypted'
}

test_setup() {
	if grep -q '^sluice ' /proc/modules; then
		SLUICE_WAS_LOADED=1
		rmmod sluice || return 1
	fi
	modprobe pptp && modprobe ppp_mppe || return 1
	setup_ns A B && veth_pair "$A" va 10.9.0.1/24 "$B" vb 10.9.0.2/24 || return 1
	# One receive CPU per veth, as a NIC's RSS keeps one GRE flow on one queue: a veth
	# hands each packet to the sending CPU's backlog, so two CPUs reorder the tunnel's
	# packets; pptp.ko drops every reordered packet, and in stateful MPPE that loss can
	# desynchronise ppp_mppe for good (see bench/pptp-static.c).
	A_ sh -c 'echo 1 >/sys/class/net/va/queues/rx-0/rps_cpus' &&
		B_ sh -c 'echo 1 >/sys/class/net/vb/queues/rx-0/rps_cpus'
}

test_plain() {
	session_pair && traffic && iperf_both && no_mppe A_ && no_mppe B_ &&
		A_ pptp-static show pt0 && ip -n "$A" link show pt0 | grep -q 'mtu 1400 ' && stop_pair
}
test_mppe128_stateless() {
	session_pair mppe 128 stateless && traffic && iperf_both && mppe_applied A_ &&
		mppe_applied B_ && stop_pair
}
test_mppe128_stateful() {
	session_pair mppe 128 && traffic && iperf_both && mppe_applied A_ && mppe_applied B_ &&
		stop_pair
}
test_mppe40_stateless() { session_pair mppe 40 stateless && traffic && mppe_applied A_; }
test_acfc_pfc() { session_pair acfc pfc mppe 128 && traffic && mppe_applied A_; }

# The kernel's ppp_mppe has no 56-bit mode: refused before anything is made.
test_mppe56_refused() {
	local err rc
	err=$(A_ timeout 5 pptp-static add local 10.9.0.1 peer 10.9.0.2 local-call 7 peer-call 8 \
		mppe 56 send-key $K1 recv-key $K2 2>&1)
	rc=$?
	echo "$err (status $rc)"
	[ $rc -eq 2 ] && echo "$err" | grep -q '56-bit'
}

# pptp.ko keeps one call-id table for the whole host: B cannot bind the id A holds.
test_call_ids_host_wide() {
	local err
	session_pair || return 1
	err=$(B_ timeout 5 pptp-static add local 10.9.0.2 peer 10.9.0.1 local-call 1 peer-call 9 2>&1)
	echo "$err"
	echo "$err" | grep -q 'bind: Device or resource busy'
}

# One plain-text GRE frame (IPv4 ICMP echo, no MPPE) injected from B at A's MPPE session:
# pptp.ko and ppp_generic take it in (ppp_mppe's incomp only counts it); sluice drops it.
test_plain_text_into_mppe() {
	local out
	session_pair mppe 128 stateless && traffic || return 1
	B_ python3 - <<-'EOF' || return 1
	import socket, struct
	def csum(b):
	    if len(b) % 2: b += b"\0"
	    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
	    while s >> 16: s = (s & 0xffff) + (s >> 16)
	    return ~s & 0xffff
	icmp = struct.pack("!BBHHH", 8, 0, 0, 0x5150, 1) + b"plain text" * 4
	icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
	ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 1, 0, 64, 1, 0,
	                 socket.inet_aton("10.200.0.2"), socket.inet_aton("10.200.0.1"))
	ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
	ppp = b"\xff\x03\x00\x21" + ip + icmp
	gre = struct.pack("!HHHHI", 0x3001, 0x880B, len(ppp), 1, 0x7fff0000) + ppp
	s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
	s.sendto(gre, ("10.9.0.1", 0))
	EOF
	sleep 1
	out=$(A_ pptp-static show pt0)
	echo "$out"
	echo "$out" | grep -q ', 1 unencrypted taken in'
}

# N sessions a side with MPPE-128 stateless, one UDP datagram through each; every session
# on B must see it. Set-up, CCP and teardown times are the baseline's scaling numbers.
test_many_sessions() {
	local t0 t1 got i
	stop_pair >/dev/null
	t0=$(date +%s.%N)
	start_daemon pa "$A" pptp-static add local 10.9.0.1 peer 10.9.0.2 local-call 1000 \
		peer-call 30000 name p count "$N" mppe 128 stateless send-key $K1 recv-key $K2
	start_daemon pb "$B" pptp-static add local 10.9.0.2 peer 10.9.0.1 local-call 30000 \
		peer-call 1000 name p count "$N" mppe 128 stateless send-key $K2 recv-key $K1
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
	echo "$N sessions a side up with MPPE and addresses in $(echo "$t1 - $t0" | bc) s"
	for ((i = 0; i < N; i += 250)); do
		A_ python3 "$HELPER" fanout "10.101.$((i / 250)).1" $((N - i < 250 ? N - i : 250)) 9 >/dev/null || return 1
	done
	sleep 1
	got=$(B_ sh -c 'cat /sys/class/net/p[0-9]*/statistics/rx_packets' | grep -c '^[1-9]')
	echo "sessions on B that received traffic: $got"
	stop_pair 300
	[ "$got" -eq "$N" ] && ! ip -n "$A" -o link show | grep -q ': p[0-9]'
}

# Units without a name (PPPIOCNEWUNIT, pppN: accel-ppp's way), plain: set-up and teardown
# times to set against the named ones (RTM_NEWLINK) above.
test_unnamed_units() {
	local n=200
	stop_pair >/dev/null
	start_daemon pa "$A" pptp-static add local 10.9.0.1 peer 10.9.0.2 local-call 5000 \
		peer-call 7000 count $n
	start_daemon pb "$B" pptp-static add local 10.9.0.2 peer 10.9.0.1 local-call 7000 \
		peer-call 5000 count $n
	wait_ready 120 || return 1
	grep -h '^added' "$NETNS_TEST_DIR/pa.log" "$NETNS_TEST_DIR/pb.log"
	ip -n "$A" link show ppp$((n - 1)) >/dev/null || return 1
	stop_pair 120
	! ip -n "$B" link show ppp0 2>/dev/null
}

test_sigterm_tears_down() {
	session_pair mppe 128 || return 1
	stop_pair || return 1
	grep -q '^closed 1 sessions' "$NETNS_TEST_DIR/pa.log" &&
		! ip -n "$A" link show pt0 2>/dev/null && ! ip -n "$B" link show pt0 2>/dev/null
}

run_test "set-up: sluice unloaded, pptp.ko and ppp_mppe, two namespaces" test_setup
run_test "plain session: ping and iperf3 both ways" test_plain
run_test "MPPE-128 stateless: ping and iperf3 both ways" test_mppe128_stateless
run_test "MPPE-128 stateful: ping and iperf3 both ways" test_mppe128_stateful
run_test "MPPE-40 stateless: ping" test_mppe40_stateless
run_test "ACFC and PFC with MPPE: ping" test_acfc_pfc
run_test "MPPE-56 refused (ppp_mppe has no 56-bit mode)" test_mppe56_refused
run_test "pptp.ko's call ids are host-wide" test_call_ids_host_wide
run_test "plain text into an MPPE session is accepted by pptp.ko" test_plain_text_into_mppe
run_test "SIGTERM closes the sessions and removes the interfaces" test_sigterm_tears_down
run_test "$N sessions a side with MPPE, traffic through each" test_many_sessions
run_test "200 unnamed units (pppN) a side: set-up and teardown" test_unnamed_units
# GRE version 1 back as it was: the other test files need sluice, which cannot load while
# pptp.ko holds it.
test_pptp_unloaded() {
	rmmod pptp || return 1
	modinfo sluice >/dev/null 2>&1 || return 0
	if [ "$SLUICE_WAS_LOADED" = 1 ]; then
		modprobe sluice
	else
		modprobe sluice && rmmod sluice
	fi
}

run_test "namespaces removed, no process left" left_behind
run_test "pptp.ko unloaded, sluice loads again" test_pptp_unloaded
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
