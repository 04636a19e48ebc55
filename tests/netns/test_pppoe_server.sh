#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced as a PPPoE access concentrator (/interface pppoe-server server) against Debian's
# pppd with its rp-pppoe plugin (pppoe.so, kernel-mode PPPoE on the client side).
#
#   +--------------------------------+          +--------------------------------+
#   | ns R (router)                  |   veth   | ns C (clients)                 |
#   | r0 (no address: Ethernet only) |----------| c0                             |
#   | r0.10 (VLAN 10)                |          | c0.10                          |
#   | sluiced: Discovery on r0,      |          | pppd plugin pppoe.so nic-c0 .. |
#   | sessions in sluice.ko          |          | pppN 192.168.88.x              |
#   | <pppoe-USER> 192.168.88.1      |          |                                |
#   +--------------------------------+          +--------------------------------+
#
# The configuration is the PPP AAA page's PPPoE example (ether1 replaced by r0). Its step 5,
# `set pppoe-soho profile=pppoe-profile`, is refused with a pointer to default-profile (the
# property RouterOS has); the test sets that instead. Plus: a plain profile for PAP and CHAP
# (the page's requires MPPE, which only MS-CHAP gives), and a server on the VLAN.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-radius.sh"
SOCK=/run/sluice/pppoe-test.sock
DISCFLOOD=$(dirname "$0")/pppoeflood.py
LOADGEN=$(dirname "$0")/pppoe_load.py

R_() { ip netns exec "$R" "$@"; }
C_() { ip netns exec "$C" "$@"; }
ctl() { R_ pppctl -s "$SOCK" "$@"; }

MS2=(refuse-pap refuse-chap refuse-mschap refuse-eap)

write_config() {
	cat >"$NETNS_TEST_DIR/page.rsc" <<E
/interface pppoe-server server
add service-name=pppoe-soho interface=r0 enabled=yes
/ppp profile
add name=pppoe-profile local-address=192.168.88.1 remote-address=ppp-pool use-encryption=required only-one=yes
/ip pool
add name=ppp-pool ranges=192.168.88.100-192.168.88.199
/ppp secret
add name=user1 password=password1 service=pppoe profile=pppoe-profile
add name=user2 password=password2 service=pppoe profile=pppoe-profile
E
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<E
$(cat "$NETNS_TEST_DIR/page.rsc")
/interface pppoe-server server set pppoe-soho default-profile=pppoe-profile
/ppp profile add name=plain local-address=192.168.88.1 remote-address=ppp-pool use-encryption=no
/ppp secret add name=papuser password=pap-pass service=pppoe profile=plain
/ppp secret add name=vlanuser password=vlan-pass service=pppoe profile=plain
/interface pppoe-server server add service-name=vlan10 interface=r0.10 enabled=yes default-profile=plain
/ip pool add name=bulk-pool ranges=10.100.0.10-10.100.3.250
/ppp profile add name=bulk local-address=10.100.0.1 remote-address=bulk-pool use-encryption=no
/ppp secret add name=bulk password=bulk-pass service=pppoe profile=bulk
E
}

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe pppoe && modprobe ppp_mppe &&
		modprobe 8021q || return 1
	setup_ns R C && veth_pair "$R" r0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	ip -n "$R" addr flush dev r0 && ip -n "$C" addr flush dev c0 || return 1
	ip -n "$R" link add link r0 name r0.10 type vlan id 10 &&
		ip -n "$C" link add link c0 name c0.10 type vlan id 10 &&
		ip -n "$R" link set r0.10 up && ip -n "$C" link set c0.10 up || return 1
	write_config
	start_daemon sluiced "$R" sluiced -f -s "$SOCK" -c "$NETNS_TEST_DIR/sluice.rsc"
	wait_for 10 test -S "$SOCK" &&
		wait_for 10 grep -q 'serving Discovery on r0 ' "$NETNS_TEST_DIR/sluiced.log"
}

# dial UNIT USER PASS [pppd options]: a PPPoE client in ns C on c0 (NIC=c0.10 for the VLAN)
dial() {
	local unit=$1 user=$2 pass=$3
	shift 3
	rm -f "$NETNS_TEST_DIR/ppp$unit.ppp"	# pppd appends: an old "local  IP address" is not this one's
	start_daemon "ppp$unit" "$C" pppd plugin pppoe.so "nic-${NIC:-c0}" unit "$unit" \
		name "$user" password "$pass" nodefaultroute noipdefault \
		nobsdcomp nodeflate novj novjccomp nodetach debug lcp-echo-interval 5 \
		logfile "$NETNS_TEST_DIR/ppp$unit.ppp" "$@" noauth
	attach_log "$NETNS_TEST_DIR/ppp$unit.ppp"
}
up() { wait_for "${2:-40}" grep -q 'local  IP address' "$NETNS_TEST_DIR/ppp$1.ppp"; }
client_addr() { ip -n "$C" -4 -o addr show dev "ppp$1" | sed -n 's/.* inet \([0-9.]*\) .*/\1/p'; }
hangup() { stop_daemon "ppp$1" 10; wait_for 15 not user_active "$2"; }
refused() {
	wait_for 40 sh -c "! kill -0 $(daemon_pid "ppp$1") 2>/dev/null" &&
		! grep -q 'local  IP address' "$NETNS_TEST_DIR/ppp$1.ppp"
}
# no_pado UNIT: 8 s of PADIs (pppd's first two) brought the client no PADO; it is stopped
# (pppd itself would go on asking for half a minute)
no_pado() {
	sleep 8
	! grep -q 'Recv PPPOE Discovery V1T1 PADO' "$NETNS_TEST_DIR/ppp$1.ppp" &&
		grep -q 'Send PPPOE Discovery V1T1 PADI' "$NETNS_TEST_DIR/ppp$1.ppp" &&
		stop_daemon "ppp$1" 5
}
active_count() { ctl /ppp active print count-only where service=pppoe; }
c0_mac() { ip -n "$C" -j link show dev c0 | jq -r '.[0].address | ascii_upcase'; }

stop_clients() {
	local d
	for d in "${DAEMONS[@]}"; do
		case $d in ppp* | loadgen) stop_daemon "$d" 5 ;; esac
	done
	[ -S "$SOCK" ] && wait_for 30 sh -c "[ \"\$(ip netns exec $R pppctl -s $SOCK /ppp active print count-only)\" = 0 ]"
	return 0
}

# The page's step 5 is refused, naming the property to use; the rest imports.
test_page_import() {
	local out
	out=$(ctl /interface pppoe-server server set pppoe-soho profile=pppoe-profile 2>&1)
	echo "$out"
	case $out in *default-profile*) ;; *) return 1 ;; esac
	ctl /interface pppoe-server server print
	[ "$(ctl -j /interface pppoe-server server print | jq -r '.[0]["service-name"]')" = pppoe-soho ]
}

# The page's user1: MS-CHAPv2 and MPPE-128, an address from ppp-pool, ping and iperf3 both
# ways through the module; /ppp active shows the client's MAC as caller-id.
test_mschap2_mppe128() {
	local addr mac
	dial 0 user1 password1 "${MS2[@]}" require-mppe-128 && up 0 || return 1
	addr=$(client_addr 0)
	echo "user1 got $addr"
	case $addr in 192.168.88.1[0-9][0-9]) ;; *) return 1 ;; esac
	grep 'MPPE 128-bit stateless compression enabled' "$NETNS_TEST_DIR/ppp0.ppp" || return 1
	C_ ping -c 3 -W 3 192.168.88.1 >/dev/null && R_ ping -c 3 -W 3 "$addr" >/dev/null || return 1
	# MPPE takes 4 of the 1,492 bytes pppd's MRU allows (its MPPE_PAD): the session's MTU
	# is 1488, and a full-sized packet that way fits the Ethernet frame
	ip -n "$R" link show '<pppoe-user1>' | grep -o 'mtu [0-9]*'
	[ "$(ip -n "$R" -j link show '<pppoe-user1>' | jq '.[0].mtu')" = 1488 ] &&
		R_ ping -c 2 -W 3 -M do -s 1460 "$addr" >/dev/null || return 1
	A_() { R_ "$@"; }
	B_() { C_ "$@"; }
	iperf_pppoe 192.168.88.1 || return 1
	ctl /ppp active print
	mac=$(c0_mac)
	ctl_any "/ppp active" '.name == "user1" and .service == "pppoe" and ."caller-id" == $v' "$mac" ||
		return 1
	R_ sluicectl show '<pppoe-user1>'
	session_is R_ '<pppoe-user1>' '.encap == "pppoe" and .mppe_bits == 128' || return 1
	[ "$(session_get R_ '<pppoe-user1>' .rx_packets)" -gt 1000 ] && hangup 0 user1
}

# iperf_pppoe SERVER_ADDR: iperf3 both ways between ns C and ns R
iperf_pppoe() {
	local dir
	for dir in "" -R; do
		start_daemon iperf "$R" iperf3 -s -1 -B "$1"
		wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q $1:5201" || return 1
		C_ timeout 30 iperf3 -c "$1" -t 3 $dir -f m |
			awk -v d="${dir:-client to server}" '/receiver/ { print "iperf3", d, $(NF-2), $(NF-1) }' ||
			return 1
		stop_daemon iperf 5
	done
}

# only-one=yes (the page's profile): user1's second session is refused, the first stays.
test_only_one() {
	dial 0 user1 password1 "${MS2[@]}" require-mppe-128 && up 0 || return 1
	dial 1 user1 password1 "${MS2[@]}" require-mppe-128 && refused 1 || return 1
	grep -q 'only-one' "$NETNS_TEST_DIR/sluiced.log" &&
		[ "$(active_count)" = 1 ] && C_ ping -c 2 -W 3 192.168.88.1 >/dev/null &&
		hangup 0 user1
}

test_pap() {
	dial 0 papuser pap-pass refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap && up 0 ||
		return 1
	grep -qi 'papuser authenticated (pap)' "$NETNS_TEST_DIR/sluiced.log" &&
		C_ ping -c 2 -W 3 192.168.88.1 >/dev/null && hangup 0 papuser
}

test_chap() {
	dial 0 papuser pap-pass refuse-pap refuse-mschap refuse-mschap-v2 refuse-eap && up 0 ||
		return 1
	grep -qi 'papuser authenticated (chap' "$NETNS_TEST_DIR/sluiced.log" &&
		C_ ping -c 2 -W 3 192.168.88.1 >/dev/null && hangup 0 papuser
}

# A client on VLAN 10 reaches the server item on r0.10 by its service name.
test_vlan() {
	NIC=c0.10 dial 0 vlanuser vlan-pass rp_pppoe_service vlan10 && up 0 || return 1
	C_ ping -c 2 -W 3 192.168.88.1 >/dev/null || return 1
	R_ sluicectl show '<pppoe-vlanuser>'
	session_is R_ '<pppoe-vlanuser>' '.encap == "pppoe"' &&
		grep -q 'r0.10: .* opens session .* (service vlan10)' "$NETNS_TEST_DIR/sluiced.log" &&
		hangup 0 vlanuser
}

# A service nobody serves: no PADO, the client gives up; sluiced's counters say why not.
test_unknown_service() {
	dial 0 papuser pap-pass rp_pppoe_service nosuch && no_pado 0 &&
		[ "$(active_count)" = 0 ] && module_sessions_are R_ 0
}

# /ppp active remove: the server ends it with a PADT, the client sees it and exits.
test_admin_remove() {
	dial 0 papuser pap-pass refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap && up 0 ||
		return 1
	ctl /ppp active remove [find name=papuser] || return 1
	wait_for 15 sh -c "! kill -0 $(daemon_pid ppp0) 2>/dev/null" &&
		wait_for 10 not user_active papuser
}

# The client hangs up (LCP Terminate): the session ends at once.
test_client_hangup() {
	dial 0 papuser pap-pass refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap && up 0 ||
		return 1
	stop_daemon ppp0 10
	wait_for 5 not user_active papuser && module_sessions_are R_ 0
}

# A PADT from the client's MAC with its session id ends the session without a word of LCP;
# one with another MAC or id ends nothing. (pppd closes its Discovery socket once the
# session is up and sends no PADT of its own, so the test sends them.)
test_client_padt() {
	local sid mac server
	dial 0 papuser pap-pass refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap && up 0 ||
		return 1
	sid=$(session_get R_ '<pppoe-papuser>' .session_id)
	mac=$(ip -n "$C" -j link show dev c0 | jq -r '.[0].address')
	server=$(ip -n "$R" -j link show dev r0 | jq -r '.[0].address')
	kill -STOP "$(daemon_pid ppp0)"	# no LCP from it: only the PADT speaks
	C_ python3 "$DISCFLOOD" c0 padt 02:66:00:00:00:09 "$server" "$sid" &&
		C_ python3 "$DISCFLOOD" c0 padt "$mac" "$server" $((sid ^ 1)) || return 1
	sleep 1
	user_active papuser || return 1
	C_ python3 "$DISCFLOOD" c0 padt "$mac" "$server" "$sid" || return 1
	wait_for 5 not user_active papuser && module_sessions_are R_ 0 || return 1
	ctl -j /interface pppoe-server server monitor pppoe-soho once | jq -e '.["padt-rx"] >= 3' >/dev/null
	kill -CONT "$(daemon_pid ppp0)"
}

# RADIUS (FreeRADIUS in ns R on loopback): the Access-Request and the accounting records
# name the client's MAC as Calling-Station-Id and NAS-Port-Type Ethernet; a
# Disconnect-Request ends the session with a PADT.
test_radius() {
	local mac rc=1 out
	radius_config 127.0.0.1 || return 1
	radius_users <<'E'
raduser Cleartext-Password := "rad-pass"
E
	radius_start "$R" || return 1
	ctl /radius add address=127.0.0.1 secret=$RADSECRET timeout=300ms &&
		ctl /radius incoming set accept=yes &&
		ctl /ppp aaa set use-radius=yes accounting=yes || return 1
	mac=$(c0_mac)
	if dial 0 raduser rad-pass "${MS2[@]}" require-mppe-128 && up 0 &&
	   wait_for 10 sh -c "cat $RADLOG/radacct/*/detail-* | grep -q 'Calling-Station-Id = \"$mac\"'" &&
	   radius_detail | grep -q 'NAS-Port-Type = Ethernet' &&
	   grep -q "Calling-Station-Id = \"$mac\"" "$NETNS_TEST_DIR/freeradius.log" &&
	   out=$(echo 'User-Name = "raduser"' |
		 R_ radclient -r 2 -t 2 -x 127.0.0.1:3799 disconnect "$RADSECRET") &&
	   echo "$out" | grep -q Disconnect-ACK &&
	   wait_for 15 sh -c "! kill -0 $(daemon_pid ppp0) 2>/dev/null"; then
		rc=0
	fi
	radius_detail | awk 'BEGIN{RS=""} /Acct-Status-Type = Start/' | head -n 30
	ctl /ppp aaa set use-radius=no accounting=no
	ctl /radius remove 0
	radius_stop
	return $rc
}

# 500 hosts (pppoe_load.py: one process, a MAC each) start at once: all get a session, an
# address and a ping answered through the module; then they hang up and nothing is left.
test_500_clients() {
	local out n=500
	ip -n "$C" link set c0 promisc on || return 1
	PPPOE_LOAD_HOLD=$NETNS_TEST_DIR/release start_daemon loadgen "$C" python3 "$LOADGEN" c0 $n bulk bulk-pass 400
	wait_for 420 grep -q '"hosts"' "$NETNS_TEST_DIR/loadgen.log" || return 1
	out=$(grep '"hosts"' "$NETNS_TEST_DIR/loadgen.log")
	echo "$out"
	echo "/ppp active: $(active_count) sessions; the module: $(module_sessions R_); sluiced: $(ps -o rss= -p "$(daemon_pid sluiced)") KB"
	touch "$NETNS_TEST_DIR/release"
	echo "$out" | jq -e ".up == $n and .pinged == $n" >/dev/null || return 1
	wait_for 60 sh -c "[ \"\$(ip netns exec $R pppctl -s $SOCK /ppp active print count-only)\" = 0 ]" &&
		module_sessions_are R_ 0
}

# Stopping sluiced ends its sessions with a PADT (the client leaves at once) and leaves no
# kernel session behind.
test_daemon_stop() {
	dial 0 papuser pap-pass refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap && up 0 ||
		return 1
	stop_daemon sluiced 10 && module_sessions_are R_ 0 || return 1
	wait_for 10 sh -c "! kill -0 $(daemon_pid ppp0) 2>/dev/null" &&
		grep -q 'Modem hangup' "$NETNS_TEST_DIR/ppp0.ppp"	# its kernel saw the PADT
}

# max-sessions=1: a full item offers nothing, so a second client gets no PADO. (A PADR
# that still reaches a full item gets a PADS with AC-System-Error: test_pppoe_ac.c.)
test_max_sessions() {
	local rc=1
	ctl /interface pppoe-server server set pppoe-soho max-sessions=1 || return 1
	if dial 0 user1 password1 "${MS2[@]}" require-mppe-128 && up 0 &&
	   dial 1 user2 password2 "${MS2[@]}" require-mppe-128 && no_pado 1 &&
	   [ "$(active_count)" = 1 ]; then
		rc=0
	fi
	ctl /interface pppoe-server server set pppoe-soho max-sessions=unlimited
	[ $rc = 0 ] && hangup 0 user1
}

# one-session-per-host=yes: a host's new session ends its older one on that server.
test_one_session_per_host() {
	local rc=1
	ctl /interface pppoe-server server set pppoe-soho one-session-per-host=yes || return 1
	if dial 0 user1 password1 "${MS2[@]}" require-mppe-128 && up 0 &&
	   dial 1 user2 password2 "${MS2[@]}" require-mppe-128 && up 1 &&
	   wait_for 10 not user_active user1 && user_active user2; then
		rc=0
	fi
	ctl /interface pppoe-server server set pppoe-soho one-session-per-host=no
	[ $rc = 0 ] && hangup 1 user2
}

# PADI flood, PADRs without a cookie, malformed frames: counted and dropped; a session that
# is up keeps passing traffic, and a new client still gets in.
test_discovery_abuse() {
	local mon
	dial 0 user1 password1 "${MS2[@]}" require-mppe-128 && up 0 || return 1
	C_ python3 "$DISCFLOOD" c0 3000 || return 1
	C_ ping -c 3 -W 3 192.168.88.1 >/dev/null || return 1
	mon=$(ctl -j /interface pppoe-server server monitor pppoe-soho once)
	echo "$mon"
	echo "$mon" | jq -e '.["padi-limited"] > 0 and .["padr-bad-cookie"] > 0 and .malformed > 0' \
		>/dev/null || return 1
	[ "$(module_sessions R_)" = 1 ] || return 1
	sleep 3	# the flood's MAC buckets refill
	dial 1 user2 password2 "${MS2[@]}" require-mppe-128 && up 1 && hangup 1 user2 &&
		hangup 0 user1
}
module_sessions() { "$1" sluicectl -j module | jq .sessions; }

# Disabling the item: no more answers (established sessions stay, as for PPTP and L2TP).
test_disabled() {
	ctl /interface pppoe-server server set pppoe-soho enabled=no || return 1
	dial 0 user1 password1 "${MS2[@]}" require-mppe-128
	no_pado 0
	local rc=$?
	ctl /interface pppoe-server server set pppoe-soho enabled=yes
	return $rc
}

t "set-up: modules, namespaces, VLAN 10, sluiced serving Discovery on r0" test_setup
t "the page's example imports; its profile= line names default-profile" test_page_import
t "user1: MS-CHAPv2 + MPPE-128, ping and iperf3 both ways, MAC as caller-id" test_mschap2_mppe128
t "only-one=yes refuses user1's second session" test_only_one
t "PAP" test_pap
t "CHAP-MD5" test_chap
t "a client on a VLAN sub-interface" test_vlan
t "a service nobody serves gets no session" test_unknown_service
t "/ppp active remove sends PADT, the client leaves" test_admin_remove
t "the client hangs up: the session ends" test_client_hangup
t "the client's PADT ends its session, no one else's" test_client_padt
t "PADI flood, cookie-less PADR, malformed frames: counted, sessions unharmed" test_discovery_abuse
t "a disabled item does not answer" test_disabled
t "max-sessions=1 refuses a second client" test_max_sessions
t "one-session-per-host=yes: the host's new session ends its older one" test_one_session_per_host
t "RADIUS: MAC as Calling-Station-Id, NAS-Port-Type Ethernet, Disconnect-Request" test_radius
t "500 hosts at once: all up, all pinged through the module" test_500_clients
t "stopping sluiced sends PADT and clears its kernel sessions" test_daemon_stop
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
