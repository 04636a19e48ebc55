#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The PPTP data path with static sessions (sluicectl), sluice on both ends.
#
#   +-----------------------------+            +-----------------------------+
#   | ns A                        |    veth    | ns B                        |
#   | va 10.9.0.1/24              |------------| vb 10.9.0.2/24              |
#   | sl0 10.200.0.1 peer .0.2    |            | sl0 10.200.0.2 peer .0.1    |
#   |   call 1 <-> call 2         |            |   call 2 <-> call 1         |
#   +-----------------------------+            +-----------------------------+
#
# Each test sets the session up with its options, passes traffic, and reads the counters
# that prove the module carried it. The last tests load 1,000 sessions, fuzz the receive
# path from the peer namespace, and unload the module with sessions alive.
. "$(dirname "$0")/lib.sh"
HELPER=$(dirname "$0")/nlhelper.py
K1=00112233445566778899aabbccddeeff
K2=ffeeddccbbaa99887766554433221100

A_() { ip netns exec "$A" "$@"; }
B_() { ip netns exec "$B" "$@"; }

# session_pair [OPTIONS...] : sl0 on both sides; MPPE options get mirrored keys
session_pair() {
	local mppe=() opts=() o
	for o in "$@"; do case $o in mppe) mppe=(send-key) ;; esac; done
	A_ sluicectl del all >/dev/null; B_ sluicectl del all >/dev/null
	if [ ${#mppe[@]} -gt 0 ]; then
		A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 1 peer-call 2 name sl0 "$@" \
			send-key $K1 recv-key $K2 >/dev/null &&
		B_ sluicectl add local 10.9.0.2 peer 10.9.0.1 local-call 2 peer-call 1 name sl0 "$@" \
			send-key $K2 recv-key $K1 >/dev/null
	else
		A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 1 peer-call 2 name sl0 "$@" >/dev/null &&
		B_ sluicectl add local 10.9.0.2 peer 10.9.0.1 local-call 2 peer-call 1 name sl0 "$@" >/dev/null
	fi || return 1
	ip -n "$A" addr add 10.200.0.1 peer 10.200.0.2 dev sl0 && ip -n "$A" link set sl0 up &&
	ip -n "$B" addr add 10.200.0.2 peer 10.200.0.1 dev sl0 && ip -n "$B" link set sl0 up
}

rx_packets() { session_get "$1" sl0 .rx_packets; }

test_setup() {
	modprobe sluice || return 1
	setup_ns A B && veth_pair "$A" va 10.9.0.1/24 "$B" vb 10.9.0.2/24
}

test_pptp_module_conflict() {
	local rc=1
	rmmod sluice || return 1
	modprobe pptp || return 1
	if ! modprobe sluice 2>/dev/null && dmesg | tail -n 5 | grep -q 'GRE version 1 (PPTP) is taken'; then
		rc=0
	fi
	rmmod pptp && modprobe sluice || return 1
	[ $rc -eq 0 ] && ! modprobe pptp 2>/dev/null
}

test_plain() { session_pair && traffic && iperf_both && A_ sluicectl show sl0; }
test_mppe128_stateful() { session_pair mppe 128 && traffic && iperf_both && A_ sluicectl show sl0; }
test_mppe128_stateless() { session_pair mppe 128 stateless && traffic && iperf_both && A_ sluicectl show sl0; }
test_mppe40_stateless() { session_pair mppe 40 stateless && traffic; }
test_mppe56_stateful() { session_pair mppe 56 && traffic; }
test_acfc_pfc() { session_pair acfc pfc mppe 128 && traffic; }

# One side encrypts, the other does not: nothing gets through, and it is counted.
test_mppe_mismatch_refused() {
	local drops
	A_ sluicectl del all >/dev/null; B_ sluicectl del all >/dev/null
	A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 1 peer-call 2 name sl0 \
		mppe 128 send-key $K1 recv-key $K2 >/dev/null || return 1
	B_ sluicectl add local 10.9.0.2 peer 10.9.0.1 local-call 2 peer-call 1 name sl0 >/dev/null || return 1
	ip -n "$A" addr add 10.200.0.1 peer 10.200.0.2 dev sl0 && ip -n "$A" link set sl0 up
	ip -n "$B" addr add 10.200.0.2 peer 10.200.0.1 dev sl0 && ip -n "$B" link set sl0 up
	B_ ping -c 2 -W 1 10.200.0.1 >/dev/null && return 1
	drops=$(session_get A_ sl0 '.drops | tojson')
	echo "drops: $drops"
	session_is A_ sl0 '.drops["ppp-unexpected"] > 0'
}

test_ctrl_frames_both_ways() {
	local out
	session_pair || return 1
	start_daemon monitor "$B" sluicectl monitor 6
	sleep 1
	A_ sluicectl send sl0 0xc021 0901000c11223344aabbccdd || return 1
	wait_for 8 grep -q 'c021' "$NETNS_TEST_DIR/monitor.log"
	out=$(cat "$NETNS_TEST_DIR/monitor.log")
	echo "B's monitor: $out"
	stop_daemon monitor 2
	echo "$out" | grep -q '^sl0:c021 0901000c11223344aabbccdd$' &&
		session_is B_ sl0 '.rx_packets == 0 and .rx_bytes == 0 and .rx_control == 1'
}

# A control-frame flood on one session: B's module passes a burst and then its rate up to the
# listener and counts the rest (ctrl-rate); data still flows on the session meanwhile, and
# once the flood is over a frame gets through again.
test_ctrl_frame_flood() {
	local seen dropped out
	session_pair || return 1
	start_daemon monitor "$B" sluicectl monitor 600
	sleep 1
	out=$(A_ python3 "$HELPER" ctrlflood sl0 2000) || return 1
	traffic || return 1
	sleep 2
	A_ sluicectl send sl0 0xc021 0a0100081122aabb || return 1
	wait_for 8 grep -q '^sl0:c021 0a0100081122aabb$' "$NETNS_TEST_DIR/monitor.log" || return 1
	stop_daemon monitor 2
	seen=$(grep -c '^sl0:c021' "$NETNS_TEST_DIR/monitor.log")
	dropped=$(session_get B_ sl0 '.drops["ctrl-rate"] // 0')
	echo "A: $out; B's listener saw $seen, B's module dropped $dropped (ctrl-rate)"
	[ "$seen" -lt 1000 ] && [ "$dropped" -gt 1000 ] && [ $((seen + dropped)) -ge 1900 ]
}

# Keys go in, never come out: the raw GET reply holds neither key.
test_keys_never_dumped() {
	local raw
	session_pair mppe 128 || return 1
	raw=$(A_ python3 "$HELPER" getsession sl0) || return 1
	echo "GET_SESSION reply: ${#raw} hex digits"
	! echo "$raw" | grep -qi -e "$K1" -e "$K2"
}

test_unknown_flags_refused() {
	local err
	err=$(A_ python3 "$HELPER" badflags)
	echo "errno $err"
	[ "$err" = 95 ]		# EOPNOTSUPP
}

test_duplicate_refused() {
	session_pair || return 1
	! A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 1 peer-call 9 name dup 2>/dev/null
}

test_ip_link_cannot_add_or_move() {
	session_pair || return 1
	! ip -n "$A" link add x type sluice 2>/dev/null && ! ip -n "$A" link set sl0 netns "$B" 2>/dev/null
}

test_ip_link_del() {
	session_pair || return 1
	ip -n "$A" link del sl0 && ! A_ sluicectl show sl0 2>/dev/null &&
		module_sessions_are A_ 0
}

# 1,000 sessions a side, one UDP datagram through each; every session on B must see it.
test_thousand_sessions() {
	local t0 t1 got
	A_ sluicectl del all >/dev/null; B_ sluicectl del all >/dev/null
	t0=$(date +%s.%N)
	A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 1000 peer-call 3000 name p count 1000 || return 1
	B_ sluicectl add local 10.9.0.2 peer 10.9.0.1 local-call 3000 peer-call 1000 name p count 1000 || return 1
	for i in $(seq 0 999); do
		echo "addr add 10.100.0.1 peer 10.101.$((i / 250)).$((i % 250 + 1)) dev p$i"
		echo "link set p$i up"
	done >"$NETNS_TEST_DIR/a.batch"
	for i in $(seq 0 999); do
		echo "addr add 10.101.$((i / 250)).$((i % 250 + 1)) peer 10.100.0.1 dev p$i"
		echo "link set p$i up"
	done >"$NETNS_TEST_DIR/b.batch"
	ip -n "$A" -batch "$NETNS_TEST_DIR/a.batch" && ip -n "$B" -batch "$NETNS_TEST_DIR/b.batch" || return 1
	t1=$(date +%s.%N)
	echo "1,000 sessions a side up with addresses in $(echo "$t1 - $t0" | bc) s"
	A_ python3 "$HELPER" fanout 10.101.0.1 250 9 && A_ python3 "$HELPER" fanout 10.101.1.1 250 9 &&
		A_ python3 "$HELPER" fanout 10.101.2.1 250 9 && A_ python3 "$HELPER" fanout 10.101.3.1 250 9 || return 1
	sleep 1
	got=$(sessions_where B_ '.rx_packets > 0')
	echo "sessions on B that received traffic: $got"
	B_ sluicectl module | grep sessions
	[ "$got" -eq 1000 ]
}

# DEL_SESSION naming several: a missing one and none goes, a twice-named one goes once;
# `del all` takes the other 998 in one request (batches of 1,024).
test_batched_delete() {
	local t0 t1 out
	A_ sluicectl del all >/dev/null
	A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 1000 peer-call 3000 name p \
		count 1000 >/dev/null || return 1
	A_ sluicectl del p0 p1 nosuch 2>&1 | grep 'No such device' || return 1
	A_ sluicectl show p0 >/dev/null && A_ sluicectl show p1 >/dev/null || return 1
	A_ sluicectl del p0 p1 p1 && ! A_ sluicectl show p0 2>/dev/null &&
		! A_ sluicectl show p1 2>/dev/null && A_ sluicectl show p2 >/dev/null || return 1
	t0=$(date +%s.%N)
	out=$(A_ sluicectl del all)
	t1=$(date +%s.%N)
	echo "$out in $(echo "$t1 - $t0" | bc) s"
	[ "$out" = "deleted 998 sessions in 1 request" ] || return 1
	module_sessions_are A_ 0
}

module_drops() { module_drop_sum A_ '^gre-|^no-session'; }

# fuzz SECONDS : random and mutated GRE from B at A, most of it with the session's call id
fuzz() {
	local before after
	before=$(module_drops)
	B_ python3 "$HELPER" grefuzz 10.9.0.1 "$1" 1 || return 1
	A_ sluicectl show sl0 | grep drops:
	after=$(module_drops)
	echo "module drop counters: $before -> $after"
	[ "$after" -gt "$before" ]
}

# A plain session survives: after SLUICE_SEQWIN_RESYNC (8) genuine packets that look old
# because forged ones moved the window, the window follows the real peer again.
test_fuzz_plain_session() {
	session_pair && fuzz "${SLUICE_GRE_FUZZ_SECONDS:-10}" || return 1
	B_ ping -c 12 -i 0.2 -W 1 10.200.0.1 >/dev/null	# some are lost while it resyncs
	traffic
}

# An MPPE session: the module stays sound (a fresh pair works afterwards).
test_fuzz_mppe_session() {
	session_pair mppe 128 stateless && fuzz "${SLUICE_GRE_FUZZ_SECONDS:-10}" &&
		session_pair mppe 128 && traffic
}

test_netns_delete_with_sessions() {
	local ns
	session_pair || return 1
	setup_ns C || return 1
	C_=(ip netns exec "$C")
	"${C_[@]}" sluicectl add local 10.9.0.3 peer 10.9.0.4 local-call 5 peer-call 6 count 50 >/dev/null || return 1
	ip netns del "$C" || return 1
	for ns in "${!NS_LIST[@]}"; do [ "${NS_LIST[$ns]}" = "$C" ] && unset "NS_LIST[$ns]"; done
	A_ sluicectl show sl0 >/dev/null
}

test_unload_with_live_sessions() {
	A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 20000 peer-call 30000 name q count 200 >/dev/null || return 1
	A_ sluicectl module | grep sessions
	rmmod sluice || return 1
	[ -z "$(ip -n "$A" -o link show type sluice)" ] && ! grep -q '^sluice ' /proc/modules
}

run_test "set-up: module and two namespaces" test_setup
run_test "pptp.ko and sluice refuse to share GRE version 1" test_pptp_module_conflict
run_test "plain session: ping and iperf3 both ways" test_plain
run_test "MPPE-128 stateful: ping and iperf3 both ways" test_mppe128_stateful
run_test "MPPE-128 stateless: ping and iperf3 both ways" test_mppe128_stateless
run_test "MPPE-40 stateless: ping" test_mppe40_stateless
run_test "MPPE-56 stateful: ping" test_mppe56_stateful
run_test "ACFC and PFC with MPPE: ping" test_acfc_pfc
run_test "plain text into an MPPE session is dropped and counted" test_mppe_mismatch_refused
run_test "PPP control frames: kernel to listener, tool to peer" test_ctrl_frames_both_ways
run_test "a control-frame flood is held to the session's rate, data unharmed" test_ctrl_frame_flood
run_test "MPPE keys never come back from GET" test_keys_never_dumped
run_test "unknown PPP flag bits refused (EOPNOTSUPP)" test_unknown_flags_refused
run_test "a second session with the same peer and call id refused" test_duplicate_refused
run_test "ip link: cannot create a session or move it" test_ip_link_cannot_add_or_move
run_test "ip link del removes a session" test_ip_link_del
run_test "1,000 sessions a side, traffic through each" test_thousand_sessions
run_test "a DEL naming a missing session deletes none; del all in one go" test_batched_delete
run_test "GRE fuzzer at a plain session: counted, session recovers" test_fuzz_plain_session
run_test "GRE fuzzer at an MPPE session: counted, module sound" test_fuzz_mppe_session
run_test "deleting a namespace with 50 sessions" test_netns_delete_with_sessions
run_test "rmmod with 200 live sessions" test_unload_with_live_sessions
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
