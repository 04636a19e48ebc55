#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# For the dial-out client tests (test_pptp_client.sh, test_l2tp_client.sh): our sluiced in
# ns C runs one client item IF of /interface MENU against a server in ns S (Debian's, then a
# second sluiced). Set MENU, IF, SOCK, SSOCK and SERVICE (pptp, l2tp) before sourcing;
# lib.sh first.
D=$NETNS_TEST_DIR

S_() { ip netns exec "$S" "$@"; }
C_() { ip netns exec "$C" "$@"; }
ctl() { C_ pppctl -s "$SOCK" "$@"; }
sctl() { S_ pppctl -s "$SSOCK" "$@"; }
status() { ctl /interface "$MENU" monitor "$IF" once | sed -n 's/^ *status: //p'; }
connected() { [ "$(status)" = connected ]; }
last_error_is() { ctl /interface "$MENU" monitor "$IF" once | grep -q "last-error: $1"; }
client_addr() { ip -n "$C" -4 -o addr show dev "$IF" | sed -n 's/.* inet \([0-9.]*\) .*/\1/p'; }
# processes of ns S by name (pgrep would see every namespace's)
s_pids() {
	local l
	l=$(ip netns pids "$S" | paste -sd,)
	[ -n "$l" ] && ps -o pid=,comm= -p "$l" | awk -v n="$1" '$2 == n { print $1 }'
}
no_server_pppd() { [ -z "$(s_pids pppd)" ]; }
no_session() { [ "$(sessions_where C_ true)" = 0 ]; }

# stop_ns_s DAEMON PROCESS... : the stock server DAEMON (start_daemon's name) and its
# children of those names in ns S, whatever is left killed after 10 s
stop_ns_s() {
	local name
	stop_daemon "$1" 5
	shift
	for name in "$@"; do s_pids "$name" | xargs -r kill 2>/dev/null; done
	wait_for 10 sh -c "[ -z \"\$(ip netns pids $S)\" ]" ||
		ip netns pids "$S" | xargs -r kill -9 2>/dev/null
	return 0
}

# the server's pppd authenticates alice with /etc/ppp/chap-secrets, written in the VM's
# overlay; the original is put back at the end
write_chap_secrets() {
	[ -f /etc/ppp/chap-secrets ] && cp /etc/ppp/chap-secrets "$D/chap-secrets.orig"
	printf 'alice %s "alice-pass" *\n' "$1" >/etc/ppp/chap-secrets
	chmod 600 /etc/ppp/chap-secrets
}
restore_secrets() {
	if [ -f "$D/chap-secrets.orig" ]; then
		cp "$D/chap-secrets.orig" /etc/ppp/chap-secrets
	fi
}

# Against the stock server in S (its pppd logs to $D/pppd-server.log, pool 10.210.0.0/24,
# MS-CHAPv2 and MPPE-128 required): enabled, up with the R flag and MPPE-128, in /ppp active
# as outgoing; ping both ways and iperf3 through the kernel session, whose counters show it.
test_mschap2_mppe128() {
	local addr rx
	ctl /interface "$MENU" enable "$IF" || return 1
	wait_for 60 connected || return 1
	ctl /interface "$MENU" monitor "$IF" once
	ctl /interface "$MENU" print
	ctl /interface "$MENU" print | grep -q "^ 0 R $IF " || return 1
	ctl /interface "$MENU" monitor "$IF" once | grep -q 'encoding: MPPE128' || return 1
	grep -q 'MPPE 128-bit stateless compression enabled' "$D/pppd-server.log" || return 1
	ctl /ppp active print detail
	ctl /ppp active print count-only where outgoing=yes service="$SERVICE" name=alice |
		grep -qx 1 || return 1
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
	echo "the kernel session received $rx data packets"
	session_is C_ "$IF" ".encap == \"$SERVICE\" and .local == \"10.9.0.2\"" &&
		session_is C_ "$IF" '.mppe_bits == 128 and .mppe_stateless' && [ "$rx" -gt 100 ]
}

# A wrong password: refused, logged, retried after 1, 2, 4, 8 ... s, never spinning, never
# logged.
test_wrong_password() {
	local n rc=0
	ctl /interface "$MENU" set "$IF" password=not-the-password disabled=no || return 1
	sleep 15
	n=$(grep -c "$IF: authentication as alice (mschap2) failed" "$NETNS_TEST_DIR/sluiced.log")
	echo "authentication attempts in 15 s: $n"
	grep "$IF: disconnected (authentication-failure); dialling again" "$NETNS_TEST_DIR/sluiced.log" | tail -4
	# shown while waiting to dial again (not while an attempt runs)
	wait_for 20 last_error_is authentication-failure || rc=1
	ctl /interface "$MENU" monitor "$IF" once
	grep -q 'not-the-password' "$NETNS_TEST_DIR/sluiced.log" && rc=1
	# put right whatever happened, for the tests after this one
	ctl /interface "$MENU" disable "$IF"
	ctl /interface "$MENU" set "$IF" password=alice-pass
	wait_for 10 no_session || rc=1
	[ "$n" -ge 2 ] && [ "$n" -le 6 ] || rc=1
	return $rc
}

# The second sluiced in S (server.rsc: alice with MPPE-128 required, pool 10.220.0.0/24)
# after our client was enabled against it: up, encrypted at both ends, traffic both ways;
# disabling ends the server's session too.
sluice_pair_check() {
	local addr
	wait_for 60 connected || return 1
	ctl /interface "$MENU" monitor "$IF" once
	sctl /ppp active print
	addr=$(client_addr)
	case $addr in 10.220.0.*) ;; *) return 1 ;; esac
	sctl -j /ppp active print | jq -e 'any(.[]; .encoding | startswith("MPPE128"))' >/dev/null ||
		return 1
	C_ ping -c 3 -W 3 10.220.0.1 >/dev/null && S_ ping -c 3 -W 3 "$addr" >/dev/null || return 1
	session_is C_ "$IF" '.mppe_bits == 128' || return 1
	session_is S_ "<$SERVICE-alice>" '.mppe_bits == 128' || return 1
	ctl /interface "$MENU" disable "$IF" || return 1
	wait_for 20 sh -c "[ \$(ip netns exec $S pppctl -s $SSOCK /ppp active print count-only) = 0 ]" ||
		return 1
	wait_for 10 no_session
}

write_server_rsc() {
	cat >"$D/server.rsc" <<E
/ip pool add name=pool1 ranges=10.220.0.10-10.220.0.20
/ppp profile add name=enc-required local-address=10.220.0.1 remote-address=pool1 use-encryption=required
/ppp secret add name=alice password=alice-pass service=$SERVICE profile=enc-required
E
	printf '%s\n' "$@" >>"$D/server.rsc"
}

test_daemon_clean() {
	stop_daemon sluiced 10 || return 1
	stop_daemon sluiced-server 10
	no_session && dmesg_clean
}
