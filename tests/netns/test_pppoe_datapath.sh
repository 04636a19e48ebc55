#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The PPPoE data path (kmod/pppoe.c) with static sessions (sluicectl add-pppoe), sluice on
# both ends of a veth: RFC 2516's session stage, no Discovery.
#
#   +-----------------------------+            +-----------------------------+
#   | ns A                        |    veth    | ns B                        |
#   | va 02:00:00:00:0a:01        |------------| vb 02:00:00:00:0b:01        |
#   | sl0 10.200.0.1 peer .0.2    |            | sl0 10.200.0.2 peer .0.1    |
#   |   session 0x2a on va        |            |   session 0x2a on vb        |
#   +-----------------------------+            +-----------------------------+
#
# Traffic plain and with MPPE through the module, counted; the device's offloads (GSO, GRO)
# on and off; the frames on the wire; frames
# that are not a session's (another device, a bad header, not for our MAC) dropped by
# reason; the kernel's own pppoe module loaded beside it; bad parameters refused; a device
# that goes ending its sessions; rmmod with 201 live sessions.
. "$(dirname "$0")/lib.sh"
K1=00112233445566778899aabbccddeeff
K2=ffeeddccbbaa99887766554433221100
MAC_A=02:00:00:00:0a:01
MAC_B=02:00:00:00:0b:01

A_() { ip netns exec "$A" "$@"; }
B_() { ip netns exec "$B" "$@"; }

# session_pair [OPTIONS...] : sl0 on both sides, session 42; MPPE options get mirrored keys
session_pair() {
	local a=() b=() o
	for o in "$@"; do
		case $o in mppe) a=(send-key "$K1" recv-key "$K2") b=(send-key "$K2" recv-key "$K1") ;; esac
	done
	A_ sluicectl del all >/dev/null; B_ sluicectl del all >/dev/null
	A_ sluicectl add-pppoe dev va peer-mac $MAC_B session 42 name sl0 "$@" "${a[@]}" >/dev/null &&
		B_ sluicectl add-pppoe dev vb peer-mac $MAC_A session 42 name sl0 "$@" "${b[@]}" \
			>/dev/null || return 1
	ip -n "$A" addr add 10.200.0.1 peer 10.200.0.2 dev sl0 && ip -n "$A" link set sl0 up &&
		ip -n "$B" addr add 10.200.0.2 peer 10.200.0.1 dev sl0 && ip -n "$B" link set sl0 up
}

rx_packets() { session_get "$1" sl0 .rx_packets; }

test_setup() {
	modprobe sluice || return 1
	setup_ns A B && veth_pair "$A" va 10.9.0.1/24 "$B" vb 10.9.0.2/24 &&
		ip -n "$A" link set va address $MAC_A && ip -n "$B" link set vb address $MAC_B
}

# what the session reports: the device, the peer's MAC, the id; frames on the wire are
# 0x8864 with that id
test_plain() {
	session_pair || return 1
	A_ sluicectl show sl0
	session_is A_ sl0 ".encap == \"pppoe\" and .peer_mac == \"$MAC_B\" and .session_id == 42" &&
		traffic && iperf_both
}

test_mppe128_stateful() { session_pair mppe 128 && traffic && iperf_both; }
test_mppe128_stateless() { session_pair mppe 128 stateless && traffic && iperf_both; }

# features NS ON|OFF : the session device's GSO, GRO, scatter-gather and checksum offloads
features() {
	local out re='^(scatter-gather|tx-checksumming|tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload):'
	out=$(ip netns exec "$1" ethtool -k sl0) || return 1
	echo "$out" | grep -E "$re"
	[ "$(echo "$out" | grep -E "$re" | grep -c ": $2")" = 5 ]
}

# The session device takes the stack's large TCP packets (GSO) in pages, checksum unfilled,
# and cuts and fills them itself (kmod/device.c, tx.c): TCP goes through with that on, with
# MPPE too, and with every offload switched off (ethtool -K), when the stack does it all.
# A busy session receives through GRO (kmod/gro.c): both ends' are after iperf3.
test_offloads() {
	session_pair mtu 1492 || return 1
	session_is A_ sl0 '.gro == false' || return 1
	features "$A" on && features "$B" on && iperf_both || return 1
	session_is A_ sl0 '.gro == true' && session_is B_ sl0 '.gro == true' || return 1
	A_ sluicectl show sl0 | grep GRO
	session_pair mtu 1488 mppe 128 stateless && iperf_both || return 1
	session_is A_ sl0 '.gro == true' || return 1
	A_ ethtool -K sl0 sg off tx off tso off gso off gro off &&
		B_ ethtool -K sl0 sg off tx off tso off gso off gro off &&
		features "$A" off && iperf_both
}

# gro_sessions caps the sessions that hold GRO cells: at 0, a busy session gets none.
test_gro_cap() {
	local p=/sys/module/sluice/parameters/gro_sessions rc=0
	echo 0 >$p || return 1
	session_pair && iperf_both && session_is A_ sl0 '.gro == false' || rc=1
	echo 1024 >$p
	return $rc
}

# the frames on the wire, caught in B by a packet socket: from va's MAC to vb's, type
# 0x8864, VER/TYPE 0x11, CODE 0, session id 0x002a, LENGTH the PPP frame's, and PPP
# without its address and control field (RFC 2516 section 7: 00 21, then the IPv4 header)
test_on_the_wire() {
	local out pid
	session_pair || return 1
	B_ python3 - "$MAC_A" "$MAC_B" >"$NETNS_TEST_DIR/wire.out" 2>&1 <<'PY' &
import socket, sys
src = bytes.fromhex(sys.argv[1].replace(':', ''))
dst = bytes.fromhex(sys.argv[2].replace(':', ''))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x8864))
s.bind(('vb', 0x8864))
s.settimeout(10)
print('listening', flush=True)
f = s.recv(2048)
print(f[:24].hex(), flush=True)
ok = (f[0:6] == dst and f[6:12] == src and f[12:14] == b'\x88\x64' and f[14:16] == b'\x11\x00'
      and f[16:18] == b'\x00\x2a' and f[20:22] == b'\x00\x21' and f[22] >> 4 == 4
      and int.from_bytes(f[18:20], 'big') == len(f) - 20)
print('ok' if ok else 'wrong', flush=True)
PY
	pid=$!
	wait_for 10 grep -q listening "$NETNS_TEST_DIR/wire.out" || return 1
	A_ ping -c 1 -W 2 10.200.0.2 >/dev/null
	wait "$pid"
	out=$(cat "$NETNS_TEST_DIR/wire.out")
	echo "$out"
	[ "$(echo "$out" | tail -n 1)" = ok ]
}

# A's session on another device: B's frames on va are not its: dropped, counted
test_other_device_dropped() {
	session_pair || return 1
	ip -n "$A" link add dummy0 type dummy && ip -n "$A" link set dummy0 up || return 1
	A_ sluicectl del sl0 >/dev/null &&
		A_ sluicectl add-pppoe dev dummy0 peer-mac $MAC_B session 42 name sl0 >/dev/null ||
		return 1
	B_ ping -c 2 -W 1 10.200.0.1 >/dev/null
	session_is A_ sl0 '.drops["pppoe-device"] >= 2' || { A_ sluicectl show sl0; return 1; }
	ip -n "$A" link del dummy0
}

# Hostile frames from B, built by hand: to A's MAC with a bad VER/TYPE, a CODE in the
# session stage, LENGTH past the frame, cut short; one to another MAC; each counted by
# reason, the session unharmed
test_bad_frames_counted() {
	local hdr trunc host
	session_pair || return 1
	hdr=$(module_drop_sum A_ '^pppoe-header$')
	trunc=$(module_drop_sum A_ '^pppoe-truncated$')
	host=$(module_drop_sum A_ '^pppoe-not-host$')
	B_ python3 - "$MAC_A" "$MAC_B" <<'PY' || return 1
import socket, struct, sys
dst = bytes.fromhex(sys.argv[1].replace(':', ''))
src = bytes.fromhex(sys.argv[2].replace(':', ''))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(('vb', 0))
eth = dst + src + struct.pack('!H', 0x8864)
frames = [
    bytes([0x12, 0]) + struct.pack('!HH', 42, 4) + b'\xc0\x21\x09\x01',   # VER/TYPE
    bytes([0x11, 0x09]) + struct.pack('!HH', 42, 4) + b'\xc0\x21\x09\x01',  # a CODE
    bytes([0x11, 0]) + struct.pack('!HH', 42, 200) + b'\xc0\x21',          # LENGTH
    bytes([0x11, 0, 0]),                                                   # cut short
]
for f in frames:
    s.send((eth + f).ljust(60, b'\0') if len(f) > 4 else eth + f)
other = bytes.fromhex('020000000c01') + src + struct.pack('!H', 0x8864)
s.send((other + frames[0]).ljust(60, b'\0'))
PY
	sleep 1
	A_ sluicectl -j module | jq -c .drops
	[ $(($(module_drop_sum A_ '^pppoe-header$') - hdr)) -ge 3 ] &&
		[ $(($(module_drop_sum A_ '^pppoe-truncated$') - trunc)) -ge 1 ] &&
		[ $(($(module_drop_sum A_ '^pppoe-not-host$') - host)) -ge 1 ] && traffic
}

# the kernel's pppoe module takes 0x8864 too, loaded first so that its handler is asked
# after ours and the frame we get is shared: both run, ours still carries its sessions
test_beside_kernel_pppoe() {
	local had=0 rc
	grep -q '^pppoe ' /proc/modules && had=1
	A_ sluicectl del all >/dev/null; B_ sluicectl del all >/dev/null
	rmmod sluice && modprobe pppoe && modprobe sluice || return 1
	session_pair && traffic
	rc=$?
	[ "$had" = 1 ] || rmmod pppoe 2>/dev/null
	return $rc
}

test_bad_params_refused() {
	A_ sluicectl del all >/dev/null
	! A_ sluicectl add-pppoe dev va peer-mac ff:ff:ff:ff:ff:ff session 5 2>/dev/null &&
		! A_ sluicectl add-pppoe dev lo peer-mac $MAC_B session 5 2>/dev/null &&
		session_pair && ! A_ sluicectl add-pppoe dev va peer-mac $MAC_B session 42 name dup 2>/dev/null
}

# the device goes: its sessions go with it (no later device with its index carries them)
test_device_gone_ends_sessions() {
	ip -n "$A" link add vx type veth peer name vy && ip -n "$A" link set vx up || return 1
	A_ sluicectl add-pppoe dev vx peer-mac $MAC_B session 7 name gone0 >/dev/null || return 1
	ip -n "$A" link del vx || return 1
	! A_ sluicectl show gone0 2>/dev/null
}

test_unload_with_live_sessions() {
	session_pair || return 1
	A_ sluicectl add-pppoe dev va peer-mac $MAC_B session 100 count 200 name bulk >/dev/null &&
		module_sessions_are A_ 201 && traffic || return 1	# A's namespace: sl0 and 200
	rmmod sluice && modprobe sluice
}

run_test "set-up: module and two namespaces on a veth" test_setup
run_test "plain session: ping and iperf3 both ways" test_plain
run_test "MPPE-128 stateful: ping and iperf3 both ways" test_mppe128_stateful
run_test "MPPE-128 stateless: ping and iperf3 both ways" test_mppe128_stateless
run_test "GSO, scatter-gather, checksum offloads, GRO: on, with MPPE, and off" test_offloads
run_test "gro_sessions=0: a busy session gets no GRO cells" test_gro_cap
run_test "on the wire: 0x8864 frames with the session id, MAC to MAC" test_on_the_wire
run_test "a session's frames on another device dropped, counted" test_other_device_dropped
run_test "bad PPPoE headers dropped by reason, the session unharmed" test_bad_frames_counted
run_test "beside the kernel's pppoe module" test_beside_kernel_pppoe
run_test "broadcast MAC, a non-Ethernet device, a taken id refused" test_bad_params_refused
run_test "a device that goes ends its sessions" test_device_gone_ends_sessions
run_test "rmmod with 201 live sessions" test_unload_with_live_sessions
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
