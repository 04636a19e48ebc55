#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced's L2TP/IPsec client (/interface l2tp-client use-ipsec=yes ipsec-secret=, issue 16)
# against a stock Debian server (strongSwan + xl2tpd + pppd, lib_ipsec.sh) and against a
# second sluiced serving the RouterOS page's "Basic L2TP/IPsec setup" (use-ipsec=required).
#
#   +----------------------------------+          +----------------------------------+
#   | ns S (server)                    |   veth   | ns C (client)                    |
#   | s0 10.9.0.1/24                   |----------| c0 10.9.0.2/24                   |
#   | charon + xl2tpd + pppd, then     |          | sluiced -D C-state, its charon,  |
#   | sluiced -D S-state and its charon|          | l2tp-client l2tp-out1            |
#   +----------------------------------+          +----------------------------------+
. "$(dirname "$0")/lib.sh"
SOCK=/run/sluice/l2tp-ipsec-client.sock
SSOCK=/run/sluice/l2tp-ipsec-client-server.sock
MENU=l2tp-client IF=l2tp-out1 SERVICE=l2tp
. "$(dirname "$0")/lib-client.sh"
. "$(dirname "$0")/lib_ipsec.sh"
PSK=mySecret

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	setup_ns S C && veth_pair "$S" s0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	mkdir -p "$D/cstate" "$D/sstate"
	cat >"$D/client.rsc" <<E
/interface l2tp-client add name=l2tp-out1 connect-to=10.9.0.1 user=alice password=alice-pass use-ipsec=yes ipsec-secret=$PSK
E
	start_daemon sluiced "$C" sluiced -f -d -s "$SOCK" -D "$D/cstate" -c "$D/client.rsc"
	wait_for 10 test -S "$SOCK" && [ "$(status)" = disabled ]
}

# the client's dynamic items (flag D): peer l2tp-out1, its identity and transport policy
dynamic_items_shown() {
	ctl /ip ipsec peer print
	ctl /ip ipsec policy print
	ctl -j /ip ipsec peer print | jq -e 'any(.[]; .name == "l2tp-out1" and .dynamic == "yes" and
		.address == "10.9.0.1/32")' >/dev/null &&
		ctl -j /ip ipsec policy print | jq -e 'any(.[]; .peer == "l2tp-out1" and
			.dynamic == "yes" and .protocol == "udp")' >/dev/null &&
		! ctl /ip ipsec identity print detail | grep -q "$PSK"
}

# up through IPsec: connected, ping, the ESP SAs at S counting, C's charon the initiator
up_through_ipsec() {
	local e0 e1
	ctl /interface l2tp-client enable l2tp-out1 || return 1
	wait_for 120 connected || { ctl /interface l2tp-client monitor l2tp-out1 once; return 1; }
	e0=$(ipsec_esp_packets "$S")
	C_ ping -c 5 -W 3 -i 0.3 "$1" >/dev/null || return 1
	e1=$(ipsec_esp_packets "$S")
	echo "ESP packets at S: $e0 -> $e1"
	ctl /ip ipsec active-peers print
	[ $((e1 - e0)) -ge 10 ] && dynamic_items_shown &&
		ctl_any "/ip ipsec active-peers" '.["remote-address"] == "10.9.0.1" and
			.side == "initiator" and .state == "established"'
}

down_and_gone() {
	ctl /interface l2tp-client disable l2tp-out1 || return 1
	wait_for 30 sh -c "[ \"\$(ip netns exec $C pppctl -s $SOCK /interface l2tp-client monitor l2tp-out1 once | sed -n 's/^ *status: //p')\" = disabled ]"
}

# Debian's strongSwan + xl2tpd + pppd (MS-CHAPv2) as the server
test_stock_server() {
	local rc=1
	ipsec_chap_secrets "$D" alice alice-pass
	ipsec_l2tp_stock_server "$S" "$D/srv" "$PSK" || return 1
	up_through_ipsec 10.210.0.1 && rc=0
	down_and_gone || rc=1
	stop_daemon "xl2tpd-srv" 5
	ipsec_peer_stop "$S" "$D/srv"
	ip netns pids "$S" | xargs -r kill 2>/dev/null
	ipsec_restore_chap_secrets "$D"
	# disabled: the dynamic items went with the dial (RouterOS keeps them while enabled)
	return $rc
}

# a second sluiced with the page's server commands: required, so only IPsec gets in
test_sluiced_server() {
	local rc=1
	cat >"$D/server.rsc" <<E
/ip pool add name=vpn-pool range=192.168.99.2-192.168.99.100
/ppp profile set default local-address=192.168.99.1 remote-address=vpn-pool
/ppp secret add name=alice password=alice-pass
/interface l2tp-server server set enabled=yes use-ipsec=required ipsec-secret=$PSK default-profile=default
E
	start_daemon sluiced-s "$S" sluiced -f -d -s "$SSOCK" -D "$D/sstate" -c "$D/server.rsc"
	wait_for 10 test -S "$SSOCK" || return 1
	wait_for 30 sh -c "ip netns exec $S ss -uln | grep -q ':500 '" || return 1
	up_through_ipsec 192.168.99.1 &&
		sctl -j /ppp active print | jq -e 'any(.[]; .name == "alice" and
			(.encoding | startswith("IPsec")))' >/dev/null && rc=0
	sctl /ppp active print
	down_and_gone || rc=1
	stop_daemon sluiced-s 10
	return $rc
}

trap 'ipsec_restore_chap_secrets "$D"; cleanup' EXIT
run_test "l2tp-client use-ipsec: setup (sluiced in C)" test_setup
run_test "l2tp-client use-ipsec: stock strongSwan + xl2tpd server" test_stock_server
run_test "l2tp-client use-ipsec: sluiced server, use-ipsec=required" test_sluiced_server
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
