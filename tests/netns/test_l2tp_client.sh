#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced's /interface l2tp-client dialling Debian's xl2tpd + pppd as the LNS, then another
# sluiced as the LNS (tunnel authentication, MPPE-128 required).
#
#   +--------------------------------+          +----------------------------------+
#   | ns S (server)                  |   veth   | ns C (client)                    |
#   | s0 10.9.0.1/24                 |----------| c0 10.9.0.2/24                   |
#   | xl2tpd (LNS, UDP 1701) + pppd, |          | sluiced: l2tp-client l2tp-out1,  |
#   | ppp0 10.210.0.1                |          | L2TP data in the kernel,         |
#   | later: a second sluiced as the |          | 10.210.0.x                       |
#   | LNS, <l2tp-alice>              |          |                                  |
#   +--------------------------------+          +----------------------------------+
#
# xl2tpd's pppd authenticates with /etc/ppp/chap-secrets (written in the VM's overlay, the
# original put back at the end) and requires MS-CHAPv2 with MPPE-128.
#
# An LNS answering from another port than 1701 (RFC 2661 section 8.1 allows it): xl2tpd on
# port 1702, with a stateless rewrite on s0's ingress (tc pedit, no conntrack, so nothing
# translates its replies back) turning datagrams to 1701 into datagrams to 1702. The SCCRQ
# goes to 1701 and reaches xl2tpd; its SCCRP comes from 1702, and our client must carry on
# there: the rewrite sees the SCCRQ only.
. "$(dirname "$0")/lib.sh"
SOCK=/run/sluice/l2tp-client-test.sock
SSOCK=/run/sluice/l2tp-client-test-server.sock
MENU=l2tp-client IF=l2tp-out1 SERVICE=l2tp
. "$(dirname "$0")/lib-client.sh"
udp_listening() { ip netns exec "$S" ss -uln | grep -q ':1701 '; }

start_xl2tpd() {
	start_daemon xl2tpd "$S" xl2tpd -D -c "$D/xl2tpd.conf" -p "$D/xl2tpd.pid" -C "$D/xl2tpd.control"
	wait_for 10 udp_listening
}

# everything in ns S: xl2tpd and its pppd children
stop_server_side() { stop_ns_s xl2tpd pppd; }

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	setup_ns S C && veth_pair "$S" s0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	write_chap_secrets xl2tpd
	# pty mode, as test_l2tp_server.sh's LACs (see lib-l2tp.sh)
	xl2tpd_lns_conf "$D/lns-options" >"$D/xl2tpd.conf"
	cat >"$D/lns-options" <<E
name xl2tpd
refuse-pap
refuse-chap
refuse-mschap
require-mschap-v2
require-mppe-128
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
	start_xl2tpd || return 1
	cat >"$D/client.rsc" <<E
/interface l2tp-client add name=l2tp-out1 connect-to=10.9.0.1 user=alice password=alice-pass keepalive-timeout=10
E
	start_daemon sluiced "$C" sluiced -f -d -s "$SOCK" -c "$D/client.rsc"
	wait_for 10 test -S "$SOCK" || return 1
	# RouterOS adds a client disabled: nothing dials yet
	sleep 1
	[ "$(status)" = disabled ] && [ -z "$(s_pids pppd)" ]
}

# xl2tpd goes (its StopCCN clears our tunnel) and comes back: we dial again by ourselves.
test_server_restart() {
	wait_for 30 connected || return 1
	stop_server_side
	wait_for 30 sh -c "[ \"\$(ip netns exec $C pppctl -s $SOCK /interface l2tp-client monitor l2tp-out1 once | sed -n 's/^ *status: //p')\" != connected ]" || return 1
	# the tunnel is cleared (status "terminating...") for a few seconds before it is down
	wait_for 20 grep -q 'l2tp-out1: disconnected' "$NETNS_TEST_DIR/sluiced.log" || return 1
	wait_for 20 no_session || return 1
	start_xl2tpd || return 1
	wait_for 90 connected || return 1
	C_ ping -c 2 -W 3 10.210.0.1 >/dev/null
}

# disable: LCP Terminate to the server's pppd, CDN and StopCCN to xl2tpd, nothing left here
test_disable_stops_cleanly() {
	wait_for 30 connected || return 1
	: >"$D/pppd-server.log"
	ctl /interface l2tp-client disable l2tp-out1 || return 1
	wait_for 20 no_server_pppd || return 1
	grep -q 'LCP terminated by peer' "$D/pppd-server.log" || return 1
	wait_for 10 grep -q 'Connection closed to 10.9.0.2' "$D/xl2tpd.log" || return 1
	grep 'Connection closed to 10.9.0.2' "$D/xl2tpd.log" | tail -n 1
	wait_for 10 no_session || return 1
	! ip -n "$C" link show l2tp-out1 2>/dev/null || return 1
	[ "$(status)" = disabled ] || return 1
	grep -q 'l2tp-out1: stopped' "$NETNS_TEST_DIR/sluiced.log"
}

# The rewrite's packet count: how many datagrams to 1701 reached s0.
rewritten() { S_ tc -s filter show dev s0 ingress | awk '/Sent .* pkt/ { print $4; exit }'; }

# xl2tpd answering from 1702 (see the top): up, ping both ways, iperf3 through the kernel
# session, whose peer port is 1702; nothing but the SCCRQ (and its retransmissions) to 1701.
test_lns_other_port() {
	local addr rx n rc=0
	stop_server_side
	sed 's/^port = 1701$/port = 1702/' "$D/xl2tpd.conf" >"$D/xl2tpd-1702.conf"
	start_daemon xl2tpd "$S" xl2tpd -D -c "$D/xl2tpd-1702.conf" -p "$D/xl2tpd.pid" -C "$D/xl2tpd.control"
	wait_for 10 sh -c "ip netns exec $S ss -uln | grep -q ':1702 '" || return 1
	S_ tc qdisc add dev s0 ingress || return 1
	S_ tc filter add dev s0 ingress protocol ip u32 match ip protocol 17 0xff \
		match ip dport 1701 0xffff action pedit ex munge udp dport set 1702 pipe \
		action csum udp || return 1
	ctl /interface l2tp-client enable l2tp-out1 || return 1
	if wait_for 60 connected; then
		ctl /interface l2tp-client monitor l2tp-out1 once
		grep 'l2tp-out1: the server answers from port 1702' "$NETNS_TEST_DIR/sluiced.log" || rc=1
		ctl /interface l2tp-client monitor l2tp-out1 once | grep -q 'to 10.9.0.1:1702' || rc=1
		session_is C_ "$IF" '.peer_port == 1702' || rc=1
		addr=$(client_addr)
		C_ ping -c 3 -W 3 10.210.0.1 >/dev/null && S_ ping -c 3 -W 3 "$addr" >/dev/null || rc=1
		start_daemon iperf "$S" iperf3 -s -1 -B 10.210.0.1
		wait_for 10 sh -c "ip netns exec $S ss -tln | grep -q 10.210.0.1:5201" || rc=1
		C_ timeout 40 iperf3 -c 10.210.0.1 -t 3 -f m |
			awk '/receiver/ { print "iperf3 client to server:", $(NF-2), $(NF-1) }' || rc=1
		stop_daemon iperf 5
		rx=$(session_get C_ "$IF" .rx_packets)
		n=$(rewritten)
		echo "the kernel session received $rx data packets; datagrams to 1701: $n"
		[ "${rx:-0}" -gt 100 ] && [ "${n:-99}" -ge 1 ] && [ "${n:-99}" -le 3 ] || rc=1
	else
		rc=1
	fi
	ctl /interface l2tp-client disable l2tp-out1
	wait_for 20 no_session || rc=1
	S_ tc qdisc del dev s0 ingress
	stop_server_side
	start_xl2tpd || rc=1
	return $rc
}

# Two sluiced: the one in S as the LNS (tunnel secret, MPPE required), ours dialling it.
test_sluice_to_sluice() {
	stop_server_side
	write_server_rsc "/interface l2tp-server server set enabled=yes default-profile=enc-required authentication=mschap2 tunnel-secret=tunnel-pass"
	start_daemon sluiced-server "$S" sluiced -f -d -s "$SSOCK" -c "$D/server.rsc"
	wait_for 10 udp_listening || return 1
	# a wrong tunnel secret: the tunnel itself is refused
	ctl /interface l2tp-client set l2tp-out1 disabled=no allow=mschap2 tunnel-secret=wrong || return 1
	wait_for 30 grep -q 'l2tp-out1: tunnel authentication .* failed' "$NETNS_TEST_DIR/sluiced.log" ||
		return 1
	grep 'l2tp-out1: tunnel authentication' "$NETNS_TEST_DIR/sluiced.log" | head -n 1
	connected && return 1
	ctl /interface l2tp-client set l2tp-out1 tunnel-secret=tunnel-pass || return 1
	sluice_pair_check
}

trap 'restore_secrets; cleanup' EXIT
run_test "l2tp-client: setup (xl2tpd in S, sluiced in C)" test_setup
run_test "l2tp-client: MS-CHAPv2 + MPPE-128 to xl2tpd, ping, iperf3" test_mschap2_mppe128
run_test "l2tp-client: reconnects after a server restart" test_server_restart
run_test "l2tp-client: disable stops cleanly (LCP, CDN, StopCCN)" test_disable_stops_cleanly
run_test "l2tp-client: wrong password retried with backoff" test_wrong_password
run_test "l2tp-client: an LNS answering from port 1702 (RFC 2661 8.1)" test_lns_other_port
run_test "l2tp-client: sluice to sluice, tunnel secret, MPPE-128" test_sluice_to_sluice
run_test "l2tp-client: daemons stop, nothing left" test_daemon_clean
summary
