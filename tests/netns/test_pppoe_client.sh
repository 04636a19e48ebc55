#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced's /interface pppoe-client against Debian's pppoe-server (rp-pppoe 3.15, kernel-mode
# PPPoE through its plugin, one pppd per session), then against a second sluiced.
#
#   +--------------------------------+          +----------------------------------+
#   | ns S (server)                  |   veth   | ns C (client)                    |
#   | s0 (Ethernet only)             |----------| c0                               |
#   | pppoe-server -S isp -C stock-ac|          | sluiced: pppoe-client pppoe-out1 |
#   | pppd ppp0 10.210.0.1           |          | session in sluice.ko, 10.210.0.x |
#   | later: a second sluiced as the |          |                                  |
#   | PPPoE server, <pppoe-alice>    |          |                                  |
#   +--------------------------------+          +----------------------------------+
#
# Debian's pppoe-server (3.15) is built without kernel mode: each session's pppd talks to
# the `pppoe` relay through a pty (user-space PPPoE).
# pppoe-server's pppd authenticates with /etc/ppp/chap-secrets (written in the VM's overlay,
# the original put back at the end) and requires MS-CHAPv2 with MPPE-128. pppoe-server loads
# the plugin from /etc/ppp/plugins/rp-pppoe.so, which Debian's ppp installs elsewhere: the
# test links it there in the overlay.
. "$(dirname "$0")/lib.sh"
SOCK=/run/sluice/pppoe-client-test.sock
SSOCK=/run/sluice/pppoe-client-test-server.sock
MENU=pppoe-client IF=pppoe-out1 SERVICE=pppoe
. "$(dirname "$0")/lib-client.sh"
trap 'restore_secrets; cleanup' EXIT

start_stock_server() {
	start_daemon pppoe-server "$S" pppoe-server -F -I s0 -S isp -C stock-ac -L 10.210.0.1 \
		-R 10.210.0.10 -N 10 -O "$D/pppoe-server-options"
	wait_for 10 sh -c "[ -n \"\$(ip netns pids $S)\" ]"
}
stop_server_side() { stop_ns_s pppoe-server pppoe-server pppd; }

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe pppoe && modprobe ppp_mppe || return 1
	setup_ns S C && veth_pair "$S" s0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	ip -n "$S" addr flush dev s0 && ip -n "$C" addr flush dev c0 || return 1
	mkdir -p /etc/ppp/plugins &&
		ln -sf "$(ls -d /usr/lib/pppd/*/rp-pppoe.so | head -n 1)" /etc/ppp/plugins/rp-pppoe.so ||
		return 1
	write_chap_secrets pppoe-server
	cat >"$D/pppoe-server-options" <<E
name pppoe-server
require-mschap-v2
require-mppe-128
refuse-pap
refuse-chap
refuse-mschap
nodefaultroute
nobsdcomp
nodeflate
novj
novjccomp
lcp-echo-interval 5
lcp-echo-failure 3
debug
logfile $D/pppd-server.log
E
	attach_log "$D/pppd-server.log"
	start_stock_server || return 1
	cat >"$D/client.rsc" <<E
/interface pppoe-client add name=pppoe-out1 interface=c0 user=alice password=alice-pass service-name=isp profile=default-encryption
E
	start_daemon sluiced "$C" sluiced -f -d -s "$SOCK" -c "$D/client.rsc"
	wait_for 10 test -S "$SOCK" || return 1
	sleep 1
	[ "$(status)" = disabled ]	# RouterOS adds a client disabled
}

# Against pppoe-server: up with MPPE-128, the AC's name and MAC in monitor, ping both ways
# and iperf3 through the module's session.
test_stock_server() {
	local addr rx
	ctl /interface pppoe-client enable pppoe-out1 || return 1
	wait_for 60 connected || return 1
	ctl /interface pppoe-client monitor pppoe-out1 once
	ctl /interface pppoe-client monitor pppoe-out1 once | grep -q 'ac-name: stock-ac' &&
		ctl /interface pppoe-client monitor pppoe-out1 once | grep -q 'encoding: MPPE128' ||
		return 1
	grep -q 'MPPE 128-bit stateless compression enabled' "$D/pppd-server.log" || return 1
	addr=$(client_addr)
	echo "the client's address: $addr"
	case $addr in 10.210.0.*) ;; *) return 1 ;; esac
	C_ ping -c 3 -W 3 10.210.0.1 >/dev/null && S_ ping -c 3 -W 3 "$addr" >/dev/null || return 1
	start_daemon iperf "$S" iperf3 -s -1 -B 10.210.0.1
	wait_for 10 sh -c "ip netns exec $S ss -tln | grep -q 10.210.0.1:5201" || return 1
	C_ timeout 40 iperf3 -c 10.210.0.1 -t 3 -f m |
		awk '/receiver/ { print "iperf3 client to server:", $(NF-2), $(NF-1) }' || return 1
	stop_daemon iperf 5
	C_ sluicectl show "$IF"
	rx=$(session_get C_ "$IF" .rx_packets)
	session_is C_ "$IF" '.encap == "pppoe" and .mppe_bits == 128' && [ "$rx" -gt 100 ]
}

# The server's end goes without a word of LCP (its pppd is killed outright; the pppoe relay
# it ran sends a PADT): the client sees the PADT at once and dials again.
test_server_padt() {
	local pid
	connected || return 1
	pid=$(s_pids pppd | head -n 1)
	[ -n "$pid" ] && kill -9 "$pid" || return 1
	wait_for 5 not connected || return 1
	grep -q 'the AC ended the session (PADT)' "$NETNS_TEST_DIR/sluiced.log" || return 1
	wait_for 60 connected
}

# A service no AC offers: no PADO, the client says so and retries after its backoff.
test_no_such_service() {
	ctl /interface pppoe-client set pppoe-out1 service-name=nosuch || return 1
	wait_for 30 grep -q 'no AC answered (no PADO)' "$NETNS_TEST_DIR/sluiced.log" || return 1
	not connected || return 1
	ctl /interface pppoe-client set pppoe-out1 service-name=isp && wait_for 60 connected
}

# Disabling ends the session with a PADT: the stock server's pppd goes. Enabled again for the next test.
test_disable() {
	ctl /interface pppoe-client disable pppoe-out1 || return 1
	wait_for 15 no_server_pppd && wait_for 10 no_session
}

# A second sluiced as the PPPoE server (MS-CHAPv2, MPPE-128 required).
test_sluice_server() {
	ctl /interface pppoe-client disable pppoe-out1
	stop_server_side
	write_server_rsc "/interface pppoe-server server add service-name=isp interface=s0 enabled=yes default-profile=enc-required"
	start_daemon sluiced-server "$S" sluiced -f -s "$SSOCK" -c "$D/server.rsc"
	wait_for 10 test -S "$SSOCK" && wait_for 10 grep -q 'serving Discovery on s0' "$D/sluiced-server.log" ||
		return 1
	ctl /interface pppoe-client enable pppoe-out1 || return 1
	sluice_pair_check
}

run_test "set-up: namespaces, pppoe-server, sluiced with a disabled client" test_setup
run_test "against pppoe-server: MS-CHAPv2 + MPPE-128, ping, iperf3" test_stock_server
run_test "the server's PADT: the client notices and dials again" test_server_padt
run_test "a service no AC offers: no PADO, said, retried" test_no_such_service
run_test "disable ends the session with a PADT" test_disable
run_test "against a second sluiced as the PPPoE server" test_sluice_server
run_test "sluiced stops cleanly, no session left" test_daemon_clean
run_test "namespaces removed, no process left" left_behind
summary
