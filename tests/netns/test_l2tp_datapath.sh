#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The L2TP data path with static sessions (sluicectl add-l2tp), sluice on both ends.
#
#   +-----------------------------------+            +-----------------------------------+
#   | ns A                              |    veth    | ns B                              |
#   | va 10.9.0.1/24   UDP 1701         |------------| vb 10.9.0.2/24   UDP 1701         |
#   | l0 10.200.0.1 peer .0.2           |            | l0 10.200.0.2 peer .0.1           |
#   |   tunnel 10 session 1             |            |   tunnel 20 session 2             |
#   +-----------------------------------+            +-----------------------------------+
#
# sluicectl add-l2tp binds the UDP socket, makes the sessions on it and holds it: the kernel
# deletes a socket's sessions when it closes. The holder prints "control N bytes" for every
# datagram the module leaves on the socket (control messages, or anything once detached).
. "$(dirname "$0")/lib.sh"
HELPER=$(dirname "$0")/nlhelper.py
K1=00112233445566778899aabbccddeeff
K2=ffeeddccbbaa99887766554433221100

A_() { ip netns exec "$A" "$@"; }
B_() { ip netns exec "$B" "$@"; }

holders_stop() {
	stop_daemon holdA 5 2>/dev/null
	stop_daemon holdB 5 2>/dev/null
	wait_for 10 module_sessions_are A_ 0
}

# hold NAME NS ARGS... : sluicectl add-l2tp in the background until it says ready
hold() {
	local name=$1 ns=$2
	shift 2
	start_daemon "$name" "$ns" sluicectl add-l2tp "$@"
	wait_for 30 grep -q '^ready$' "$NETNS_TEST_DIR/$name.log"
}

# session_pair [OPTIONS...] : l0 on both sides, options on both (MPPE keys mirrored)
session_pair() {
	local ka=() kb=() o
	for o in "$@"; do
		case $o in mppe) ka=(send-key $K1 recv-key $K2) kb=(send-key $K2 recv-key $K1) ;; esac
	done
	holders_stop
	hold holdA "$A" local 10.9.0.1 peer 10.9.0.2 peer-port 1701 tunnel 10 session 1 \
		peer-tunnel 20 peer-session 2 name l0 "$@" "${ka[@]}" &&
	hold holdB "$B" local 10.9.0.2 peer 10.9.0.1 peer-port 1701 tunnel 20 session 2 \
		peer-tunnel 10 peer-session 1 name l0 "$@" "${kb[@]}" || return 1
	ip -n "$A" addr add 10.200.0.1 peer 10.200.0.2 dev l0 && ip -n "$A" link set l0 up &&
	ip -n "$B" addr add 10.200.0.2 peer 10.200.0.1 dev l0 && ip -n "$B" link set l0 up
}

rx_packets() { session_get "$1" l0 .rx_packets; }
module_drops() { module_drop_sum A_ '^l2tp-|^no-session'; }
module_drop() { module_drop_sum A_ "^$1\$"; }

test_setup() {
	modprobe sluice || return 1
	setup_ns A B && veth_pair "$A" va 10.9.0.1/24 "$B" vb 10.9.0.2/24
}

test_plain() { session_pair && traffic && iperf_both && A_ sluicectl show l0; }
test_mppe128_stateful() { session_pair mppe 128 && traffic && iperf_both; }
test_mppe128_stateless() { session_pair mppe 128 stateless && traffic && iperf_both; }
test_acfc_pfc() { session_pair acfc pfc mppe 40 stateless && traffic; }

# A sends Ns and the length field, B neither: each side takes the other's form.
test_seq_and_length() {
	holders_stop
	hold holdA "$A" local 10.9.0.1 peer 10.9.0.2 peer-port 1701 tunnel 10 session 1 \
		peer-tunnel 20 peer-session 2 name l0 seq len &&
	hold holdB "$B" local 10.9.0.2 peer 10.9.0.1 peer-port 1701 tunnel 20 session 2 \
		peer-tunnel 10 peer-session 1 name l0 || return 1
	ip -n "$A" addr add 10.200.0.1 peer 10.200.0.2 dev l0 && ip -n "$A" link set l0 up &&
	ip -n "$B" addr add 10.200.0.2 peer 10.200.0.1 dev l0 && ip -n "$B" link set l0 up &&
	traffic && session_is A_ l0 '.encap == "l2tp" and .seq and .len'
}

# A control message (T=1) is the daemon's: it reaches the socket, not the session.
test_control_reaches_socket() {
	session_pair || return 1
	B_ python3 "$HELPER" l2tpsend 10.9.0.1 1701 1999 c802001400000000000000000008000000000001 &&
		wait_for 5 grep -q '^control 20 bytes$' "$NETNS_TEST_DIR/holdA.log" &&
		session_is A_ l0 '.rx_packets == 0 and .rx_bytes == 0 and .rx_control == 0'
}

# The session's ids from the right address but another port: dropped, counted, no harm.
test_wrong_port_dropped() {
	local before after
	session_pair || return 1
	before=$(module_drop l2tp-peer)
	B_ python3 "$HELPER" l2tpsend 10.9.0.1 1701 1999 0002000a0001ff030021450000 || return 1
	after=$(module_drop l2tp-peer)
	echo "l2tp-peer drops: $before -> $after"
	[ "$after" -eq $((before + 1)) ] && traffic
}

test_malformed_counted() {
	local v0 v1 t0 t1 n0 n1
	session_pair || return 1
	v0=$(module_drop l2tp-version) t0=$(module_drop l2tp-truncated) n0=$(module_drop no-session)
	B_ python3 "$HELPER" l2tpsend 10.9.0.1 1701 1999 0003000a0001 >/dev/null &&	# version 3
	B_ python3 "$HELPER" l2tpsend 10.9.0.1 1701 1999 4002 >/dev/null &&		# L set, no room
	B_ python3 "$HELPER" l2tpsend 10.9.0.1 1701 1999 00020063006300ff03 >/dev/null || return 1
	v1=$(module_drop l2tp-version) t1=$(module_drop l2tp-truncated) n1=$(module_drop no-session)
	echo "version $v0 -> $v1, truncated $t0 -> $t1, no-session $n0 -> $n1"
	[ "$v1" -gt "$v0" ] && [ "$t1" -gt "$t0" ] && [ "$n1" -gt "$n0" ] && traffic
}

test_bad_socket_refused() {
	local tcp unbound
	tcp=$(A_ python3 "$HELPER" l2tp_badsocket tcp)
	unbound=$(A_ python3 "$HELPER" l2tp_badsocket unbound)
	echo "TCP socket: errno $tcp, unbound UDP socket: errno $unbound"
	[ "$tcp" = 93 ] && [ "$unbound" = 22 ]	# EPROTONOSUPPORT, EINVAL
}

test_duplicate_refused() {
	session_pair || return 1
	! A_ sluicectl add-l2tp port 1702 peer 10.9.0.2 peer-port 1701 tunnel 10 session 1 \
		peer-tunnel 30 peer-session 3 2>/dev/null
}

# With its last session deleted, the socket is plain UDP again: data reaches it as datagrams.
test_socket_detached_after_last_session() {
	session_pair || return 1
	A_ sluicectl del l0 || return 1
	B_ python3 "$HELPER" l2tpsend 10.9.0.1 1701 1999 0002000a0001ff030021450000 >/dev/null &&
		wait_for 5 grep -q '^control 13 bytes$' "$NETNS_TEST_DIR/holdA.log"
}

# Closing the socket (the daemon exits or dies) deletes its sessions.
test_close_deletes_sessions() {
	session_pair || return 1
	module_sessions_are A_ 1 || return 1
	kill -9 "$(daemon_pid holdA)"
	wait_for 10 module_sessions_are A_ 0
}

# many SESSIONS [tunnel-each] : that many sessions a side, one datagram through each
many() {
	local n=$1 each=${2:-} t0 t1 got
	holders_stop
	t0=$(date +%s.%N)
	hold holdA "$A" local 10.9.0.1 peer 10.9.0.2 peer-port 1701 tunnel 100 session 1000 \
		peer-tunnel 200 peer-session 3000 name m count "$n" $each &&
	hold holdB "$B" local 10.9.0.2 peer 10.9.0.1 peer-port 1701 tunnel 200 session 3000 \
		peer-tunnel 100 peer-session 1000 name m count "$n" $each || return 1
	for i in $(seq 0 $((n - 1))); do
		echo "addr add 10.100.0.1 peer 10.101.$((i / 250)).$((i % 250 + 1)) dev m$i"
		echo "link set m$i up"
	done >"$NETNS_TEST_DIR/a.batch"
	for i in $(seq 0 $((n - 1))); do
		echo "addr add 10.101.$((i / 250)).$((i % 250 + 1)) peer 10.100.0.1 dev m$i"
		echo "link set m$i up"
	done >"$NETNS_TEST_DIR/b.batch"
	ip -n "$A" -batch "$NETNS_TEST_DIR/a.batch" && ip -n "$B" -batch "$NETNS_TEST_DIR/b.batch" || return 1
	t1=$(date +%s.%N)
	echo "$n sessions a side ${each:-in one tunnel} up with addresses in $(echo "$t1 - $t0" | bc) s"
	for i in $(seq 0 250 $((n - 1))); do
		A_ python3 "$HELPER" fanout "10.101.$((i / 250)).1" $((n - i < 250 ? n - i : 250)) 9 >/dev/null || return 1
	done
	sleep 1
	got=$(sessions_where B_ '.rx_packets > 0')
	echo "sessions on B that received traffic: $got"
	[ "$got" -eq "$n" ]
}

test_many_sessions_one_tunnel() { many 500; }
test_many_tunnels() { many 250 tunnel-each; }

# From the peer's own address and port (B's holder steps aside for it), so most of it
# reaches the session's PPP and MPPE code; then a fresh pair must still work.
test_fuzz_session() {
	local before after
	session_pair mppe 128 stateless || return 1
	stop_daemon holdB 5
	before=$(module_drops)
	B_ python3 "$HELPER" l2tpfuzz 10.9.0.1 1701 1701 10 1 "${SLUICE_L2TP_FUZZ_SECONDS:-10}" || return 1
	after=$(module_drops)
	echo "module L2TP drop counters: $before -> $after"
	A_ sluicectl show l0 | grep drops:
	[ "$after" -gt "$before" ] && session_pair mppe 128 && traffic
}

test_unload_with_live_sessions() {
	session_pair || return 1
	log "rmmod"
	rmmod sluice || return 1
	log "unloaded"
	[ -z "$(ip -n "$A" -o link show type sluice)" ] && ! grep -q '^sluice ' /proc/modules || return 1
	# the holder's socket is an ordinary UDP socket again: it still receives
	B_ python3 "$HELPER" l2tpsend 10.9.0.1 1701 1999 0002000a0001ff030021450000 >/dev/null &&
		wait_for 5 grep -q '^control 13 bytes$' "$NETNS_TEST_DIR/holdA.log" || return 1
	stop_daemon holdA 5 && stop_daemon holdB 5 && log "holders gone" && modprobe sluice
}

run_test "set-up: module and two namespaces" test_setup
run_test "plain session: ping and iperf3 both ways" test_plain
run_test "MPPE-128 stateful: ping and iperf3 both ways" test_mppe128_stateful
run_test "MPPE-128 stateless: ping and iperf3 both ways" test_mppe128_stateless
run_test "ACFC and PFC with MPPE-40: ping" test_acfc_pfc
run_test "sequence numbers and length field one way, neither the other" test_seq_and_length
run_test "control messages reach the daemon's socket" test_control_reaches_socket
run_test "the session's ids from another port: dropped and counted" test_wrong_port_dropped
run_test "malformed data messages dropped and counted" test_malformed_counted
run_test "a TCP or unbound socket is refused" test_bad_socket_refused
run_test "a second session with the same ids refused" test_duplicate_refused
run_test "after its last session the socket is plain UDP again" test_socket_detached_after_last_session
run_test "closing the socket deletes its sessions" test_close_deletes_sessions
run_test "500 sessions in one tunnel, traffic through each" test_many_sessions_one_tunnel
run_test "250 tunnels of one session, traffic through each" test_many_tunnels
run_test "L2TP fuzzer at an MPPE session: counted, session still works" test_fuzz_session
run_test "rmmod with live sessions leaves the socket working" test_unload_with_live_sessions
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
