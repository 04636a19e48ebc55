#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced's L2TP/IPsec server (issue 16) against stock Linux clients: Debian's strongSwan
# (charon + swanctl, lib_ipsec.sh) + xl2tpd + pppd, set up with the RouterOS page's "Basic
# L2TP/IPsec setup" commands imported verbatim.
#
#   +----------------------------------+          +-----------------------------------+
#   | ns R (router)                    |   veth   | ns C (clients)                    |
#   | r0 10.9.0.1/24                   |----------| c0 10.9.0.2/24                    |
#   | sluiced -D <state>, its charon   |          | charon (initiator): transport     |
#   | (UDP 500/4500), L2TP UDP 1701,   |          | CHILD_SA udp/1701 <-> udp/1701,   |
#   | <l2tp-USER>, 192.168.99.1,       |          | xl2tpd lac1 on UDP 1701 (IPsec),  |
#   | pool vpn-pool .2-.100            |          | lac2 on UDP 1702 (plain), pppd    |
#   +----------------------------------+          +-----------------------------------+
#
# The client proposal sets of Windows, macOS, iOS and Android, with where each comes from,
# are in lib_ipsec.sh (IPSEC_OS_SETS, ipsec_os_proposals); test_ipsec_stock.sh proves the
# stock client proposes each exactly and that libstrongswan has every algorithm in them.
#
# The page writes `/ip pool add ... range=...`: RouterOS (and sluice) take a prefix that names
# one property. sluiced runs with its unit's privileges (lib.sh, sluiced_privileges), which
# give its charon CAP_SYS_ADMIN (the private /run) and CAP_NET_BIND_SERVICE (UDP 500/4500).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-l2tp.sh"
. "$(dirname "$0")/lib_ipsec.sh"
SOCK=/run/sluice/l2tp-ipsec-test.sock
D=$NETNS_TEST_DIR
PSK=mySecret
SRV=192.168.99.1
# a Debian strongSwan client set up for RouterOS's L2TP peer (sha1, modp1024 offered)
V1_IKE="aes256-sha1-modp2048,aes256-sha1-modp1024,aes128-sha1-modp1024,3des-sha1-modp1024"
V1_ESP="aes256-sha1,aes128-sha1,3des-sha1"
V2_IKE="aes256-sha256-modp2048,aes256-sha1-modp2048,aes256-sha1-modp1024,aes128-sha1-modp1024"
V2_ESP="aes256-sha256,aes256-sha1,aes128-sha1"

# The page's "Basic L2TP/IPsec setup", RouterOS server configuration, word for word.
write_page_rsc() {
	cat >"$D/page.rsc" <<'E'
/interface l2tp-server server
set enabled=yes use-ipsec=required ipsec-secret=mySecret default-profile=default

/ip pool add name=vpn-pool range=192.168.99.2-192.168.99.100

/ppp profile
set default local-address=192.168.99.1 remote-address=vpn-pool

/ppp secret
add name=user1 password=123
add name=user2 password=234
E
}

udp_listening() { ip netns exec "$R" ss -uln | grep -q ":$1 "; }

# After every test: no pppd, LAC or SA left in C (its charon stays), no session on sluiced.
stop_clients() {
	ipsec_stop_l2tp_clients "$C" "$D/cli"
	[ -S "$SOCK" ] && wait_for 60 active_count_is 0
	return 0
}

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	modprobe l2tp_ppp 2>/dev/null
	setup_ns R C && veth_pair "$R" r0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	write_page_rsc
	: >"$D/sluice.rsc"
	mkdir -p "$D/state"
	ipsec_peer_start "$C" "$D/cli" || return 1
	start_daemon sluiced "$R" sluiced -f -d -s "$SOCK" -D "$D/state" -c "$D/sluice.rsc"
	wait_for 10 test -S "$SOCK" || return 1
	ctl /import file="$D/page.rsc" || return 1
	ctl /interface l2tp-server server print
	attach_log "$D/state/ipsec/charon.log"
	# sluiced's charon in R on the IKE ports, L2TP on 1701
	wait_for 30 udp_listening 500 && wait_for 10 udp_listening 4500 &&
		wait_for 10 udp_listening 1701 &&
		[ "$(ctl_get "/interface l2tp-server server" use-ipsec)" = required ]
}

# ipsec_up NAME VERSION IKE ESP: the stock client's IKE_SA and CHILD_SA NAME to sluiced
ipsec_up() {
	ipsec_l2tp_client_conf "$D/cli" "$1" 10.9.0.1 "$PSK" "$2" "$3" "$4"
	ipsec_load "$D/cli" && ipsec_initiate "$D/cli" "$1" && ipsec_sa_established "$D/cli" "$1" ||
		return 1
	echo "$1: IKEv$(ipsec_child_get "$D/cli" "$1" ike:version)" \
		"$(ipsec_child_get "$D/cli" "$1" ike:encr-alg)-$(ipsec_child_get "$D/cli" "$1" ike:encr-keysize)" \
		"$(ipsec_child_get "$D/cli" "$1" ike:integ-alg) $(ipsec_child_get "$D/cli" "$1" ike:dh-group);" \
		"ESP $(ipsec_child_get "$D/cli" "$1" mode)" \
		"$(ipsec_child_get "$D/cli" "$1" encr-alg)-$(ipsec_child_get "$D/cli" "$1" encr-keysize)" \
		"$(ipsec_child_get "$D/cli" "$1" integ-alg)"
}

# call LAC PORT UNIT USER PASS: an xl2tpd LAC on UDP PORT in C dials sluiced, pppUNIT comes up
call() {
	lac_start "$1" "$2" || return 1
	lac_dial "$1" "$3" "$4" "$5" "${MS2[@]}"
	up "$3"
}

ping_both() {
	local addr
	addr=$(client_addr "$1")
	echo "ppp$1: $addr"
	C_ ping -c 3 -W 3 -i 0.3 -I "ppp$1" "$SRV" >/dev/null && R_ ping -c 3 -W 3 -i 0.3 "$addr" >/dev/null
}

# iperf_run [-R]: TCP through the session for 3 s, one way
iperf_run() {
	start_daemon iperf "$R" iperf3 -s -1 -B "$SRV"
	wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q $SRV:5201" || return 1
	C_ timeout 40 iperf3 -c "$SRV" -t 3 -f m "$@" | awk -v d="${1:-client to server}" \
		'/receiver/ { print "iperf3", d ":", $(NF-2), $(NF-1); ok = 1 } END { exit !ok }'
	local rc=$?
	stop_daemon iperf 5
	return $rc
}

# installed-sa's byte counters added up
installed_sa_bytes() {
	ctl -j /ip ipsec installed-sa print |
		jq '[.[] | (.["current-bytes"] // .bytes // "0") | tostring | tonumber? // 0] | add // 0'
}

# the page's dynamic peer: flag D (dynamic), passive, exchange-mode main-l2tp; its secret
# never printed
dynamic_peer_shown() {
	ctl /ip ipsec peer print
	ctl -j /ip ipsec peer print | jq -e 'any(.[]; (.dynamic == "yes" or .dynamic == "true" or
		((.flags // "") | contains("D"))) and .passive == "yes" and
		.["exchange-mode"] == "main-l2tp")' >/dev/null || return 1
	! ctl /ip ipsec peer print detail | grep -q "$PSK" &&
		! ctl /ip ipsec identity print detail 2>/dev/null | grep -q "$PSK" &&
		! grep -q "$PSK" "$NETNS_TEST_DIR/sluiced.log"
}

test_basic_ikev1() {
	local sa0 sa1 r0 r1
	ipsec_up basic 1 "$V1_IKE" "$V1_ESP" || return 1
	[ "$(ipsec_child_get "$D/cli" basic mode)" = TRANSPORT ] || return 1
	sa0=$(installed_sa_bytes)
	r0=$(ipsec_esp_packets "$R")
	call lac1 1701 10 user1 123 && ping_both 10 || return 1
	iperf_run && iperf_run -R || return 1
	r1=$(ipsec_esp_packets "$R")
	sa1=$(installed_sa_bytes)
	echo "ESP packets at R's SAs (kernel): $((r1 - r0)); installed-sa bytes: $sa0 -> $sa1"
	ipsec_esp_states "$R"
	[ $((r1 - r0)) -gt 1000 ] || return 1
	[ "$sa1" -gt "$sa0" ] || return 1
	ctl /ppp active print
	ctl /ip ipsec active-peers print
	ctl_any "/ppp active" '.name == "user1" and .service == "l2tp" and .["caller-id"] == "10.9.0.2"' &&
		ctl_any "/ip ipsec active-peers" '.["remote-address"] == "10.9.0.2" and
			.state == "established" and .side == "responder" and .["ph2-total"] == "1"' &&
		dynamic_peer_shown
}

test_ikev2_psk() {
	local r0 r1
	ipsec_up v2 2 "$V2_IKE" "$V2_ESP" || return 1
	[ "$(ipsec_child_get "$D/cli" v2 ike:version)" = 2 ] || return 1
	r0=$(ipsec_esp_packets "$R")
	call lac1 1701 11 user2 234 && ping_both 11 || return 1
	r1=$(ipsec_esp_packets "$R")
	echo "ESP packets at R's SAs: $((r1 - r0))"
	[ $((r1 - r0)) -ge 12 ] && user_active user2
}

# One connection per OS proposal set (lib_ipsec.sh), each against the default configuration
# (the page's): IKE_SA, CHILD_SA, the L2TP call and a ping; then it hangs up.
test_client_proposals() {
	local os ike esp unit=20 rc=0
	for os in $IPSEC_OS_SETS; do
		read -r ike esp <<<"$(ipsec_os_proposals "$os")"
		if ipsec_up "os-$os" 1 "$ike" "$esp" && call lac1 1701 "$unit" user1 123 &&
			ping_both "$unit"; then
			echo "{\"os\":\"$os\",\"connected\":true}"
		else
			echo "{\"os\":\"$os\",\"connected\":false}"
			rc=1
		fi
		stop_clients
		rm -f "$D/cli/conf.d/os-$os.conf"
		unit=$((unit + 1))
	done
	return $rc
}

# sluiced's log lines that refuse L2TP for want of IPsec
# (a line that only sets use-ipsec=required is not one)
# the server's counter of SCCRQs refused for not coming through IPsec, and its log line
refusals() { ctl -j /interface l2tp-server server monitor | jq '.["ipsec-required"]'; }
refusals_above() {
	[ "$(refusals)" -gt "$1" ] &&
		grep -q 'tunnel refused: not through IPsec, and use-ipsec=required' "$NETNS_TEST_DIR/sluiced.log"
}

# refused_call UNIT: a plain call (no IPsec, lac2 on UDP 1702) as user2 got no session, and
# sluiced logged one more refusal naming IPsec
refused_call() {
	local before
	before=$(refusals)
	lac_start lac2 1702 || return 1
	lac_dial lac2 "$1" user2 234 "${MS2[@]}"
	wait_for 30 refusals_above "$before" || return 1
	echo "ipsec-required: $before -> $(refusals)"
	sleep 3
	! up "$1" 1 && ! user_active user2
}

# use-ipsec=required: L2TP that did not come through IPsec is refused (logged, counted),
# alone and beside an IPsec client from the same address
test_required_refuses_plain() {
	refused_call 30 || return 1
	stop_daemon lac2 5
	ipsec_up req 1 "$V1_IKE" "$V1_ESP" && call lac1 1701 31 user1 123 || return 1
	refused_call 32 && ping_both 31 && user_active user1
}

# use-ipsec=yes: a plain client (UDP 1702) and an IPsec one (UDP 1701) up side by side
test_yes_serves_both() {
	local rc=1
	ctl /interface l2tp-server server set use-ipsec=yes || return 1
	ipsec_up both 1 "$V1_IKE" "$V1_ESP" && call lac1 1701 40 user1 123 &&
		call lac2 1702 41 user2 234 && ping_both 40 && ping_both 41 &&
		[ "$(active_count)" = 2 ] && rc=0
	ctl /ppp active print detail
	# /ppp active says which session rides IPsec: its encoding names the SA's algorithms
	ctl -j /ppp active print | jq -e 'any(.[]; .name == "user1" and
		(.encoding | test("^IPsec [A-Z0-9_]+-[0-9]+/"))) and
		any(.[]; .name == "user2" and (.encoding | test("IPsec") | not))' >/dev/null || rc=1
	ctl /interface l2tp-server server set use-ipsec=required
	return $rc
}

t "L2TP/IPsec: set-up, the page's commands imported, charon up" test_setup
# the four OS proposal sets take six minutes: test_l2tp_ipsec_os.sh, make check-long
if [ "${L2TP_IPSEC_SET:-}" = os ]; then
	t "L2TP/IPsec: Windows, macOS, iOS, Android proposal sets" test_client_proposals
else
	t "L2TP/IPsec: IKEv1 main PSK, ping, iperf3, dynamic peer, SAs" test_basic_ikev1
	t "L2TP/IPsec: IKEv2 PSK" test_ikev2_psk
	t "L2TP/IPsec: use-ipsec=required refuses plain L2TP" test_required_refuses_plain
	t "L2TP/IPsec: use-ipsec=yes serves plain and IPsec together" test_yes_serves_both
fi
stop_daemon sluiced 10
ipsec_peer_stop "$C" "$D/cli"
[ -n "${SLUICE_OUT:-}" ] && for f in "$D"/sluiced.log "$D"/state/ipsec/charon.log "$D"/cli/charon.log; do
	cp "$f" "$SLUICE_OUT/l2tp-ipsec-${f//\//_}" 2>/dev/null
done
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
