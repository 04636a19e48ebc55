#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced's /interface pptp-client dialling Debian's pptpd + pppd, then another sluiced.
#
#   +--------------------------------+          +----------------------------------+
#   | ns S (server)                  |   veth   | ns C (client)                    |
#   | s0 10.9.0.1/24                 |----------| c0 10.9.0.2/24                   |
#   | pptpd + pppd (GRE in user      |          | sluiced: pptp-client pptp-out1,  |
#   | space), ppp0 10.210.0.1        |          | GRE in the kernel, 10.210.0.x    |
#   | later: a second sluiced as the |          |                                  |
#   | PPTP server, <pptp-alice>      |          |                                  |
#   +--------------------------------+          +----------------------------------+
#
# pptpd's pppd authenticates with /etc/ppp/chap-secrets (written in the VM's overlay, the
# original put back at the end) and requires MS-CHAPv2 with MPPE-128.
. "$(dirname "$0")/lib.sh"
SOCK=/run/sluice/client-test.sock
SSOCK=/run/sluice/client-test-server.sock
MENU=pptp-client IF=pptp-out1 SERVICE=pptp
. "$(dirname "$0")/lib-client.sh"
server_pppds() { s_pids pppd | wc -l; }

start_pptpd() {
	start_daemon pptpd "$S" pptpd -f -d -c "$D/pptpd.conf" -p "$D/pptpd.pid"
	wait_for 10 sh -c "ip netns exec $S ss -tln | grep -q ':1723 '"
}

# everything in ns S: pptpd, its pptpctrl and pppd children
stop_server_side() { stop_ns_s pptpd pptpctrl pppd; }

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	setup_ns S C && veth_pair "$S" s0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	write_chap_secrets pptpd
	cat >"$D/pptpd.conf" <<E
option $D/pptpd-options
localip 10.210.0.1
remoteip 10.210.0.10-20
E
	cat >"$D/pptpd-options" <<E
name pptpd
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
nologfd
lcp-echo-interval 5
lcp-echo-failure 3
debug
logfile $D/pppd-server.log
E
	attach_log "$D/pppd-server.log"
	start_pptpd || return 1
	cat >"$D/client.rsc" <<E
/interface pptp-client add name=pptp-out1 connect-to=10.9.0.1 user=alice password=alice-pass keepalive-timeout=10
E
	start_daemon sluiced "$C" sluiced -f -d -s "$SOCK" -c "$D/client.rsc"
	wait_for 10 test -S "$SOCK" || return 1
	# RouterOS adds a client disabled: nothing dials yet
	sleep 1
	[ "$(status)" = disabled ] && [ "$(server_pppds)" = 0 ]
}

test_default_route() {
	C_ ip route show default | grep -q . && return 1	# none to begin with
	ctl /interface pptp-client set pptp-out1 add-default-route=yes default-route-distance=7 || return 1
	# a change of settings redials with them
	wait_for 60 sh -c "ip netns exec $C ip route show default | grep -q 'dev pptp-out1.*metric 7'" || return 1
	C_ ip route show default
	wait_for 30 connected || return 1
	C_ ping -c 2 -W 3 10.210.0.1 >/dev/null || return 1
	ctl /interface pptp-client set pptp-out1 add-default-route=no || return 1
	wait_for 60 connected || return 1
	sleep 1
	! C_ ip route show default | grep -q .
}

# A server behind a gateway, and a default route of lower priority (as DHCP gives): ours
# (metric 1) wins, so the server's own route is pinned to its gateway first, or the tunnel
# would carry itself. Both go at the end; the other default route stays.
test_default_route_gateway() {
	S_ ip addr add 10.8.0.1/32 dev lo && C_ ip route add default via 10.9.0.1 metric 100 || return 1
	ctl /interface pptp-client set pptp-out1 connect-to=10.8.0.1 add-default-route=yes \
		default-route-distance=1 || return 1
	wait_for 60 sh -c "ip netns exec $C ip route show 10.8.0.1 | grep -q 'via 10.9.0.1 dev c0'" ||
		return 1
	wait_for 30 connected || return 1
	C_ ip route show
	C_ ip route get 192.0.2.1 | grep -q 'dev pptp-out1' || return 1
	C_ ping -c 2 -W 3 10.210.0.1 >/dev/null || return 1
	ctl /interface pptp-client set pptp-out1 connect-to=10.9.0.1 add-default-route=no || return 1
	wait_for 60 sh -c "! ip netns exec $C ip route show 10.8.0.1 | grep -q ." || return 1
	C_ ip route show default | grep -q 'via 10.9.0.1 dev c0 metric 100' || return 1
	! C_ ip route show default | grep -q pptp-out1 || return 1
	C_ ip route del default via 10.9.0.1 metric 100
	wait_for 60 connected
}

test_server_restart() {
	C_ ip route del default via 10.9.0.1 metric 100 2>/dev/null	# if the test above failed
	wait_for 30 connected || return 1
	stop_server_side
	wait_for 30 sh -c "[ \"\$(ip netns exec $C pppctl -s $SOCK /interface pptp-client monitor pptp-out1 once | sed -n 's/^ *status: //p')\" != connected ]" || return 1
	grep -q 'pptp-out1: disconnected' "$NETNS_TEST_DIR/sluiced.log" || return 1
	wait_for 20 no_session || return 1
	start_pptpd || return 1
	wait_for 90 connected || return 1
	C_ ping -c 2 -W 3 10.210.0.1 >/dev/null
}

test_disable_stops_cleanly() {
	wait_for 30 connected || return 1
	ctl /interface pptp-client set pptp-out1 add-default-route=yes || return 1
	wait_for 60 sh -c "ip netns exec $C ip route show default | grep -q 'dev pptp-out1'" || return 1
	wait_for 30 connected || return 1
	: >"$D/pppd-server.log"
	ctl /interface pptp-client disable pptp-out1 || return 1
	# the server's pppd hears our LCP Terminate-Request and exits
	wait_for 20 no_server_pppd || return 1
	grep -E 'LCP terminated by peer|Connection terminated' "$D/pppd-server.log" | head -3
	grep -q 'LCP terminated by peer' "$D/pppd-server.log" || return 1
	wait_for 10 no_session || return 1
	! ip -n "$C" link show pptp-out1 2>/dev/null || return 1
	! C_ ip route show default | grep -q . || return 1
	[ "$(status)" = disabled ] || return 1
	grep -q 'pptp-out1: stopped' "$NETNS_TEST_DIR/sluiced.log" || return 1
	ctl /interface pptp-client set pptp-out1 add-default-route=no
}

# Two sluiced: the one in S as the PPTP server (MPPE required), ours dialling it.
test_sluice_to_sluice() {
	stop_server_side
	write_server_rsc "/interface pptp-server server set enabled=yes default-profile=enc-required authentication=mschap2"
	start_daemon sluiced-server "$S" sluiced -f -d -s "$SSOCK" -c "$D/server.rsc"
	wait_for 10 sh -c "ip netns exec $S ss -tln | grep -q ':1723 '" || return 1
	ctl /interface pptp-client set pptp-out1 disabled=no allow=mschap2 || return 1
	sluice_pair_check
}

# The server (the second sluiced) gives its end of the tunnel its own outer address: a
# route to it through the tunnel would carry the tunnel itself. Refused, with a clear cause.
test_server_address_refused() {
	local rc=0
	sctl /ppp profile set enc-required local-address=10.9.0.1 || return 1
	ctl /interface pptp-client enable pptp-out1 || return 1
	wait_for 60 grep -q "the server gives itself 10.9.0.1, the server's own address" \
		"$NETNS_TEST_DIR/sluiced.log" || rc=1
	wait_for 30 last_error_is ipcp-address-refused || rc=1
	ctl /interface pptp-client monitor pptp-out1 once
	connected && rc=1
	C_ ip route show 10.9.0.1 | grep -q pptp-out1 && rc=1
	ctl /interface pptp-client disable pptp-out1
	sctl /ppp profile set enc-required local-address=10.220.0.1
	wait_for 10 no_session || rc=1
	return $rc
}

trap 'restore_secrets; cleanup' EXIT
run_test "pptp-client: setup (pptpd in S, sluiced in C)" test_setup
run_test "pptp-client: MS-CHAPv2 + MPPE-128 to pptpd, ping, iperf3" test_mschap2_mppe128
run_test "pptp-client: add-default-route added and removed" test_default_route
run_test "pptp-client: default route with the server behind a gateway" test_default_route_gateway
run_test "pptp-client: reconnects after a server restart" test_server_restart
run_test "pptp-client: disable stops cleanly (LCP, no session/route)" test_disable_stops_cleanly
run_test "pptp-client: wrong password retried with backoff" test_wrong_password
run_test "pptp-client: sluice to sluice with MPPE" test_sluice_to_sluice
run_test "pptp-client: a server giving itself its outer address is refused" test_server_address_refused
run_test "pptp-client: daemons stop, nothing left" test_daemon_clean
summary
