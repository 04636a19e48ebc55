#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RADIUS against FreeRADIUS 3.2 (Debian's) and Debian's pptp-linux + pppd: users that exist
# only in FreeRADIUS log in with PAP, CHAP, MS-CHAPv1 and MS-CHAPv2 (+MPPE-128); a reject
# refuses, also a user the local secrets know; Framed-IP-Address, Framed-Route,
# Session-Timeout, Mikrotik-Group/-Rate-Limit, Class, Framed- and Delegated-IPv6-Prefix and DNS-Server-IPv6-Address act;
# the detail file shows Start, Interim-Update and Stop with the session's counters; with FreeRADIUS stopped a local
# user still gets in, and the accounting written meanwhile arrives once it is back, across a
# restart of sluiced too; Disconnect-Request and CoA-Request from radclient act, unknown and
# forged ones are refused; a captured Disconnect-Request replayed from another port does not
# end the user's next session.
#
#   +--------------------+  veth   +-------------------------------+  veth   +-----------------+
#   | ns F (FreeRADIUS)  |---------| ns R (router)                 |---------| ns C (clients)  |
#   | f0 10.8.0.2/24     |         | r1 10.8.0.1/24  r0 10.9.0.1/24|         | c0 10.9.0.2/24  |
#   | freeradius -X,     |         | sluiced: RADIUS client, DAE on|         | pppd pty "pptp  |
#   | radclient (DAE)    |         | UDP 3799, PPTP on TCP 1723    |         | 10.9.0.x" ...   |
#   +--------------------+         +-------------------------------+         +-----------------+
. "$(dirname "$0")/lib.sh"
# lac_start and lac_dial from lib-l2tp.sh; lib-pptp.sh's helpers of the same names win
. "$(dirname "$0")/lib-l2tp.sh"
. "$(dirname "$0")/lib-pptp.sh"
. "$(dirname "$0")/lib-radius.sh"
SOCK=/run/sluice/radius-test.sock
STATE=$NETNS_TEST_DIR/state

for tool in freeradius radclient pptp pppd jq; do
	command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $ksft_skip; }
done

F_() { ip netns exec "$F" "$@"; }
# pppd's client options per method: refuse the others; no MPPE unless said
PAP=(refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap nomppe)
CHAP=(refuse-pap refuse-mschap refuse-mschap-v2 refuse-eap nomppe)
MS1=(refuse-pap refuse-chap refuse-mschap-v2 refuse-eap nomppe)
MS2E=(refuse-pap refuse-chap refuse-mschap refuse-eap require-mppe-128)

write_config() {
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<E
/ip pool add name=rpool ranges=10.220.0.10-10.220.0.100
/ppp profile add name=rad local-address=10.220.0.1 remote-address=rpool use-encryption=no
/ppp profile add name=enc local-address=10.220.0.1 remote-address=rpool use-encryption=required
/ipv6 pool add name=radv6 prefix=2001:db8:666::/48 prefix-length=64
/ppp profile add name=rad6 local-address=10.220.0.1 remote-address=rpool use-encryption=no remote-ipv6-prefix-pool=radv6 dns-server=2001:db8:666::53
/ppp secret add name=localonly password=local-pass service=pptp profile=rad
/radius add address=10.8.0.2 secret=$RADSECRET timeout=300ms
/radius incoming set accept=yes
/ppp aaa set use-radius=yes accounting=yes interim-update=4s
/interface pptp-server server set enabled=yes authentication=pap,chap,mschap1,mschap2 default-profile=rad keepalive-timeout=60
/interface l2tp-server server set enabled=yes authentication=mschap2 default-profile=rad keepalive-timeout=60
E
}

write_users() {
	radius_users <<'E'
papuser Cleartext-Password := "pap-pass"
	Framed-IP-Address = 10.220.0.50,
	Framed-Route = "10.88.0.0/24 0.0.0.0 1",
	Session-Timeout = 600,
	Class = "pap-class",
	Mikrotik-Rate-Limit = "1M/2M",
	Reply-Message = "welcome pap"
chapuser Cleartext-Password := "chap-pass"
	Framed-IP-Address = 255.255.255.254
ms1user Cleartext-Password := "ms1-pass"
ms2user Cleartext-Password := "ms2-pass"
	Mikrotik-Group = "enc"
l2tpuser Cleartext-Password := "l2tp-pass"
	Mikrotik-Group = "enc",
	Acct-Interim-Interval = 60
v6user Cleartext-Password := "v6-pass"
	Mikrotik-Group = "rad6",
	Framed-IPv6-Prefix = 2001:db8:777:1::/64
v6in Cleartext-Password := "v6in-pass"
	Mikrotik-Group = "rad6",
	Framed-IPv6-Prefix = 2001:db8:666::/64
v6pool Cleartext-Password := "v6pool-pass"
	Mikrotik-Group = "rad6"
v6pd Cleartext-Password := "v6pd-pass"
	Mikrotik-Group = "rad6",
	Delegated-IPv6-Prefix = 2001:db8:888::/56,
	DNS-Server-IPv6-Address = 2001:db8:888::53,
	DNS-Server-IPv6-Address = 2001:db8:888::54
shortuser Cleartext-Password := "short-pass"
	Session-Timeout = 8
rejectme Cleartext-Password := "reject-pass", Auth-Type := Reject
	Reply-Message = "go away"
E
}

start_sluiced() {
	start_daemon sluiced "$R" sluiced -f -s "$SOCK" -c "$NETNS_TEST_DIR/sluice.rsc" -D "$STATE"
	wait_for 10 test -S "$SOCK" && wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q ':1723 '"
}

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	setup_ns R C F && veth_pair "$R" r0 10.9.0.1/24 "$C" c0 10.9.0.2/24 &&
		veth_pair "$R" r1 10.8.0.1/24 "$F" f0 10.8.0.2/24 || return 1
	ip -n "$R" addr add 10.9.0.11/24 dev r0 && ip -n "$R" addr add 10.9.0.12/24 dev r0 || return 1
	radius_config 10.8.0.1 && write_users && radius_start "$F" || return 1
	write_config
	start_sluiced || return 1
	ctl /radius print && ctl /ppp aaa print &&
		[ "$(ctl_get "/ppp aaa" radius-fallback)" = if-unreachable ]
}

field() { ctl -j /ppp active print | jq -r --arg u "$1" --arg f "$2" '.[] | select(.name == $u) | .[$f]' | head -1; }
ping_via() { C_ ping -c "${2:-2}" -W 3 -I "ppp$1" 10.220.0.1 >/dev/null; }

# PAP: the address, route, rate limit and reply message from the Access-Accept
test_pap() {
	dial 1 papuser pap-pass "${PAP[@]}" && up 1 || return 1
	[ "$(client_addr 1)" = 10.220.0.50 ] || return 1
	ping_via 1 || return 1
	R_ ip route show 10.88.0.0/24 | grep 'dev <pptp-papuser>' || return 1
	[ "$(field papuser rate-limit)" = 1M/2M ] || return 1
	sluiced_log | grep 'reply message for papuser: welcome pap' || return 1
	ctl /radius monitor 0
	ctl -j /radius monitor 0 | jq -e '.accepts > 0' >/dev/null
}

test_chap() {
	dial 2 chapuser chap-pass "${CHAP[@]}" && up 2 && ping_via 2 || return 1
	case $(client_addr 2) in 10.220.0.*) ;; *) return 1 ;; esac	# 255.255.255.254: the pool
}

test_mschap1() {
	dial 3 ms1user ms1-pass "${MS1[@]}" && up 3 && ping_via 3
}

# MS-CHAPv2: the client checks FreeRADIUS's authenticator response (MS-CHAP2-Success), and
# MPPE-128 runs on the keys from MS-MPPE-Send/Recv-Key; Mikrotik-Group chose the profile
test_mschap2_mppe() {
	dial 4 ms2user ms2-pass "${MS2E[@]}" && up 4 || return 1
	grep -E 'MPPE 128-bit (stateless )?compression enabled' "$NETNS_TEST_DIR/ppp4.ppp" || return 1
	[ "$(field ms2user profile)" = enc ] && ping_via 4 3
}

# A reject is final: also for a user the local secrets would let in
test_reject() {
	SERVER=10.9.0.11 dial 5 rejectme reject-pass "${PAP[@]}" && refused 5 || return 1
	sluiced_log | grep 'reply message for rejectme: go away' || return 1
	sluiced_log | grep 'authentication of rejectme (pap) failed: rejected by RADIUS' || return 1
	SERVER=10.9.0.12 dial 6 localonly local-pass "${PAP[@]}" && refused 6 || return 1
	sluiced_log | grep 'authentication of localonly (pap) failed: rejected by RADIUS'
}

test_session_timeout() {
	local t0
	dial 7 shortuser short-pass "${PAP[@]}" && up 7 || return 1
	t0=$(uptime_s)
	wait_for 30 not user_active shortuser || return 1
	log "session ended after $(($(uptime_s) - t0)) s (Session-Timeout = 8)"
	sluiced_log | grep -q 'closing (session-timeout)\|session-timeout' && [ $(($(uptime_s) - t0)) -ge 5 ]
}

# Start, Interim-Update (interim-update=4s) and Stop, with the counters the kernel had
detail_has() { radius_detail | tr -d '\t' | grep -c "^$1"; }
test_accounting() {
	local sid rx
	dial 8 papuser pap-pass "${PAP[@]}" && up 8 || return 1
	sid=$(field papuser session-id)
	ping_via 8 5 || return 1
	sleep 9
	rx=$(R_ cat "/sys/class/net/<pptp-papuser>/statistics/rx_bytes")
	hangup 8 papuser || return 1
	wait_for 15 sh -c "grep -A30 'Acct-Session-Id = \"$sid\"' $RADLOG/radacct/*/detail-* | grep -q 'Acct-Status-Type = Stop'" || return 1
	radius_detail | awk -v s="\"$sid\"" 'BEGIN{RS=""; ORS="\n\n"} index($0, "Acct-Session-Id = " s)' \
		>"$NETNS_TEST_DIR/records"
	cat "$NETNS_TEST_DIR/records" | grep -E 'Status-Type|Octets|Packets|Session-Time|Cause|Class|Framed-IP'
	grep -q 'Acct-Status-Type = Start' "$NETNS_TEST_DIR/records" &&
		grep -q 'Acct-Status-Type = Interim-Update' "$NETNS_TEST_DIR/records" &&
		grep -q 'Class = 0x7061702d636c617373' "$NETNS_TEST_DIR/records" &&
		grep -q 'Framed-IP-Address = 10.220.0.50' "$NETNS_TEST_DIR/records" || return 1
	# the Stop's input octets: at least what the interface had counted just before
	local stop_in
	stop_in=$(awk 'BEGIN{RS=""} /Acct-Status-Type = Stop/' "$NETNS_TEST_DIR/records" |
		sed -n 's/.*Acct-Input-Octets = \([0-9]*\).*/\1/p')
	log "interface rx_bytes before hangup: $rx, Stop's Acct-Input-Octets: $stop_in"
	[ -n "$stop_in" ] && [ "$stop_in" -ge "$rx" ] && [ "$stop_in" -le $((rx + 2000)) ]
}

# slaac_in UNIT NETWORK: pppUNIT's address from the session's RAs, in NETWORK
slaac_in() {
	local a
	wait_for 20 sh -c "ip -n $C -6 -o addr show dev ppp$1 scope global | grep -q inet6" ||
		{ echo "ppp$1: no address from an RA"; return 1; }
	a=$(ip -n "$C" -6 -o addr show dev "ppp$1" scope global | sed -n 's/.* inet6 \([0-9a-f:]*\)\/.*/\1/p')
	echo "ppp$1: $a"
	python3 -c 'import ipaddress as i, sys
sys.exit(0 if i.IPv6Address(sys.argv[1]) in i.IPv6Network(sys.argv[2]) else 1)' "$a" "$2"
}

# IPv6 through RADIUS (issue 21): Framed-IPv6-Prefix wins over the profile's
# remote-ipv6-prefix-pool, a user without one gets the pool's; a RADIUS prefix inside the
# pool (its first /64) is held there, so the pool's user gets the next; the detail file's
# Start and Stop carry the session's Framed-IPv6-Prefix
test_ipv6_prefix() {
	local sid
	dial 16 v6user v6-pass "${PAP[@]}" +ipv6 && up 16 || return 1
	dial 19 v6in v6in-pass "${PAP[@]}" +ipv6 && up 19 || return 1	# one call manager
	slaac_in 19 2001:db8:666::/64 || { echo "not RADIUS's prefix in the pool"; return 1; }
	dial 17 v6pool v6pool-pass "${PAP[@]}" +ipv6 && up 17 || return 1
	slaac_in 16 2001:db8:777:1::/64 || { echo "not RADIUS's prefix"; return 1; }
	slaac_in 17 2001:db8:666:1::/64 || { echo "not the pool's next prefix"; return 1; }
	ctl /ipv6 pool used print
	hangup 19 v6in || return 1
	sid=$(field v6user session-id)
	hangup 16 v6user || return 1
	wait_for 15 has_record "$sid" Stop || return 1
	records_of "$sid" | grep -E 'Status-Type|Framed-IPv6'
	[ "$(records_of "$sid" | grep -c 'Framed-IPv6-Prefix = 2001:db8:777:1::/64')" -ge 2 ]
}

# DHCPv6 prefix delegation through RADIUS: Delegated-IPv6-Prefix is what dhcpcd on the client
# is delegated, routed to the session, and in the detail file's Stop; the DNS servers it is
# told are the DNS-Server-IPv6-Addresses, not the profile's
test_ipv6_delegated() {
	local sid pd d=$NETNS_TEST_DIR/dhcpcd
	dial 18 v6pd v6pd-pass "${PAP[@]}" +ipv6 && up 18 || return 1
	slaac_in 18 2001:db8:666::/48 || return 1
	mkdir -p "$d" && : >"$d/env"
	printf '#!/bin/sh\nenv | grep "^new_dhcp6_name_servers=" >>%s\n' "$d/env" >"$d/hook" &&
		chmod +x "$d/hook"
	printf 'ipv6only\nnoipv6rs\nscript %s\noption dhcp6_name_servers\nia_pd 1\n' \
		"$d/hook" >"$d/dhcpcd.conf"
	start_daemon dhcpcd "$C" dhcpcd -B -d -f "$d/dhcpcd.conf" ppp18
	wait_for 30 grep -q 'delegated prefix' "$NETNS_TEST_DIR/dhcpcd.log" ||
		{ tail -n 20 "$NETNS_TEST_DIR/dhcpcd.log"; return 1; }
	pd=$(sed -n 's/.*delegated prefix \([0-9a-f:]*\/[0-9]*\).*/\1/p' "$NETNS_TEST_DIR/dhcpcd.log" |
		tail -n 1)
	echo "delegated: $pd"
	[ "$pd" = 2001:db8:888::/56 ] || return 1
	R_ ip -6 route show 2001:db8:888::/56 | grep -q 'dev <pptp-v6pd>' || return 1
	stop_daemon dhcpcd 5
	sort -u "$d/env"
	grep -q '^new_dhcp6_name_servers=2001:db8:888::53 2001:db8:888::54$' "$d/env" ||
		{ echo "not RADIUS's DNS servers"; return 1; }
	sid=$(field v6pd session-id)
	hangup 18 v6pd || return 1
	wait_for 15 has_record "$sid" Stop || return 1
	records_of "$sid" | grep 'Delegated-IPv6-Prefix'
	records_of "$sid" | awk 'BEGIN{RS=""} /Acct-Status-Type = Stop/' |
		grep -q 'Delegated-IPv6-Prefix = 2001:db8:888::/56'
}

# records_of SID: the detail file's records of the session SID (in the order received)
records_of() {
	radius_detail | awk -v s="\"$1\"" 'BEGIN{RS=""; ORS="\n\n"} index($0, "Acct-Session-Id = " s)'
}
has_record() { records_of "$1" | grep -q "Acct-Status-Type = $2"; }
# stamps SID TYPE: FreeRADIUS's Timestamp (when it received it) of each such record of SID;
# a second copy of a record (same Event-Timestamp: FreeRADIUS wrote a retransmission again,
# docs/daemon.md "Duplicates") is left out
stamps() {
	records_of "$1" | awk -v t="$2" 'BEGIN{RS=""} index($0, "Acct-Status-Type = " t "\n") &&
		match($0, /Event-Timestamp = "[^"]*"/) && !seen[substr($0, RSTART, RLENGTH)]++ &&
		match($0, /Timestamp = [0-9]+/) { print substr($0, RSTART + 12, RLENGTH - 12) }'
}

# L2TP through RADIUS: Debian's xl2tpd + pppd log in as a user only FreeRADIUS knows, with
# MS-CHAPv2 and MPPE-128. Its Access-Accept carries Acct-Interim-Interval = 60, which wins
# over interim-update=4s: the detail file shows the session's Start and Stop (NAS-Port-Type
# Virtual, the LAC's address as Calling-Station-Id) and one Interim-Update about 60 s in,
# none before.
test_l2tp_radius_interim() {
	local sid start interims n
	wait_for 10 sh -c "ip netns exec $R ss -uln | grep -q ':1701 '" || return 1
	lac_start lac1 1702 || return 1
	lac_dial lac1 13 l2tpuser l2tp-pass "${MS2E[@]}"
	up 13 60 || return 1
	grep -E 'MPPE 128-bit (stateless )?compression enabled' "$NETNS_TEST_DIR/ppp13.ppp" || return 1
	[ "$(field l2tpuser service)" = l2tp ] && [ "$(field l2tpuser profile)" = enc ] || return 1
	sid=$(field l2tpuser session-id)
	ping_via 13 3 || return 1
	wait_for 30 has_record "$sid" Start || return 1
	start=$(stamps "$sid" Start | head -n 1)
	log "session $sid up; Start received at $start; waiting for its Interim-Update"
	wait_for 110 has_record "$sid" Interim-Update || return 1
	kill "$(pppd_pid 13)" && gone l2tpuser 30 || return 1
	wait_for 30 has_record "$sid" Stop || return 1
	stop_daemon lac1 5
	records_of "$sid" >"$NETNS_TEST_DIR/l2tp-records"
	grep -E 'Status-Type|NAS-Port-Type|Calling-Station|Session-Time|Timestamp = ' \
		"$NETNS_TEST_DIR/l2tp-records"
	for n in Start Stop; do
		awk -v t="$n" 'BEGIN{RS=""} index($0, "Acct-Status-Type = " t "\n")' \
			"$NETNS_TEST_DIR/l2tp-records" >"$NETNS_TEST_DIR/l2tp-$n"
		grep -q 'NAS-Port-Type = Virtual' "$NETNS_TEST_DIR/l2tp-$n" &&
			grep -q 'Calling-Station-Id = "10.9.0.2"' "$NETNS_TEST_DIR/l2tp-$n" || return 1
	done
	# one Interim-Update, 55 to 75 s after the Start as FreeRADIUS received them
	interims=$(stamps "$sid" Interim-Update | awk -v s="$start" '{ printf "%s%d", (NR > 1 ? " " : ""), $1 - s }')
	log "Interim-Update(s) after the Start: ${interims} s (Acct-Interim-Interval = 60, interim-update=4s)"
	[ "$(echo "$interims" | wc -w)" -eq 1 ] && [ "$interims" -ge 55 ] && [ "$interims" -le 75 ]
}

# FreeRADIUS down: the local user gets in (fallback), a RADIUS-only user does not; the
# accounting of that session waits in the spool, through a restart of sluiced, and arrives
# when FreeRADIUS is back.
test_fallback_and_spool() {
	local sid
	radius_stop
	SERVER=10.9.0.11 dial 9 localonly local-pass "${PAP[@]}" && up 9 40 || return 1
	sluiced_log | grep 'no server answered for localonly: the local secrets decide' || return 1
	sid=$(field localonly session-id)
	SERVER=10.9.0.12 dial 10 papuser pap-pass "${PAP[@]}" && refused 10 || return 1
	hangup 9 localonly || return 1
	stop_daemon sluiced 10 || return 1
	[ -s "$STATE/radius-acct.spool" ] || return 1
	start_sluiced || return 1
	sluiced_log | grep 'records to send' || return 1
	radius_start "$F" || return 1
	wait_for 150 sh -c "grep -A30 'Acct-Session-Id = \"$sid\"' $RADLOG/radacct/*/detail-* | grep -q 'Acct-Status-Type = Stop'" || return 1
	radius_detail | grep -E 'Acct-Status-Type|Acct-Delay-Time' | sort | uniq -c
	# what came after the outage, as FreeRADIUS received it
	radius_detail | awk 'BEGIN{RS=""} /Acct-Delay-Time = [1-9][0-9]/' |
		grep -E '^[A-Z]|Acct-Status-Type|Acct-Session-Id|Acct-Delay-Time|Timestamp'
	ctl /radius monitor 0
	# FreeRADIUS's own view: an Id received twice from one port is one packet sent again
	# (RFC 5080: same Id, same authenticator), logged twice because FreeRADIUS 3 forgets
	# an Accounting-Request once it has answered it (docs/daemon.md, "Duplicates")
	log "Accounting-Requests FreeRADIUS received more than once (count, Id, source):"
	grep -o 'Received Accounting-Request Id [0-9]* from [0-9.:]*' "$NETNS_TEST_DIR/freeradius.log" |
		sort | uniq -c | awk '$1 > 1 { print $1, $5, $7 }'
	grep -iE 'duplicate|conflicting' "$NETNS_TEST_DIR/freeradius.log" | head -n 5
	radius_detail | grep -q 'Acct-Status-Type = Accounting-On' &&
		wait_for 30 sh -c "[ ! -s $STATE/radius-acct.spool ]"
}

client_gone() { wait_for 30 sh -c "! kill -0 $(daemon_pid "ppp$1") 2>/dev/null"; }
dae() { echo "$2" | F_ radclient -r 2 -t 2 -x 10.8.0.1:3799 "$1" "${3:-$RADSECRET}"; }
# Disconnect-Request ends the named session; an unknown one is NAKed; CoA-Request sets
# Session-Timeout; a request with the wrong secret is refused and changes nothing.
test_dae() {
	local sid out
	dial 11 papuser pap-pass "${PAP[@]}" && up 11 || return 1
	sid=$(field papuser session-id)
	out=$(dae disconnect "User-Name = nobody")
	echo "$out" | grep -q 'Disconnect-NAK' && echo "$out" | grep -q 'Session-Context-Not-Found' || return 1
	dae disconnect "Acct-Session-Id = \"$sid\"" wrong-secret
	[ "$(field papuser state)" = up ] || return 1
	sluiced_log | grep 'Disconnect-Request with bad request authenticator' || return 1
	ctl /radius incoming monitor
	ctl -j /radius incoming monitor | jq -e '.["bad-authenticators"] > 0 and .naks > 0' >/dev/null ||
		return 1
	dae disconnect "Acct-Session-Id = \"$sid\"" | grep 'Disconnect-ACK' || return 1
	wait_for 20 not user_active papuser || return 1
	client_gone 11 || return 1
	dial 12 ms1user ms1-pass "${MS1[@]}" && up 12 || return 1
	dae coa "User-Name = ms1user
Session-Timeout = 3" | grep 'CoA-ACK' || return 1
	wait_for 30 not user_active ms1user
}

# A Disconnect-Request seen on the wire (Event-Timestamp now) ends chapuser's session; sent
# again from another port while chapuser is back, it is dropped and the new session stays;
# from the port it came from it is a retransmission: the cached ACK, no second action.
REPLAY=$(dirname "$0")/daereplay.py
test_dae_replay() {
	local pkt=$NETNS_TEST_DIR/disconnect.bin
	dial 14 chapuser chap-pass "${CHAP[@]}" && up 14 || return 1
	F_ python3 "$REPLAY" make "$pkt" "$RADSECRET" chapuser || return 1
	[ "$(F_ python3 "$REPLAY" send "$pkt" 40001)" = Disconnect-ACK ] || return 1
	wait_for 20 not user_active chapuser && client_gone 14 || return 1
	dial 15 chapuser chap-pass "${CHAP[@]}" && up 15 || return 1
	[ "$(F_ python3 "$REPLAY" send "$pkt" 40002)" = none ] || return 1
	[ "$(F_ python3 "$REPLAY" send "$pkt" 40001)" = Disconnect-ACK ] || return 1
	sleep 2
	[ "$(field chapuser state)" = up ] && ping_via 15 || return 1
	ctl /radius incoming monitor
	ctl -j /radius incoming monitor | jq -e '.replays == 1 and .duplicates == 1' >/dev/null &&
		sluiced_log | grep 'Disconnect-Request replayed from another port: dropped' || return 1
	hangup 15 chapuser
}

test_daemon_stop() {
	radius_stop
	stop_daemon sluiced 10 && module_sessions_are R_ 0
}

t "set-up: namespaces, FreeRADIUS, sluiced with /radius" test_setup
t "PAP via RADIUS: Framed-IP-Address, Framed-Route, rate limit, reply message" test_pap
t "CHAP via RADIUS, 255.255.255.254 takes the pool" test_chap
t "MS-CHAPv1 via RADIUS" test_mschap1
t "MS-CHAPv2 via RADIUS with MPPE-128 keys, Mikrotik-Group" test_mschap2_mppe
t "Access-Reject refuses, also a local user (no fallback)" test_reject
t "Session-Timeout from RADIUS ends the session" test_session_timeout
t "accounting: Start, Interim-Update, Stop with counters in the detail file" test_accounting
t "IPv6: Framed-IPv6-Prefix wins over the pool, and is in accounting" test_ipv6_prefix
t "IPv6: Delegated-IPv6-Prefix is dhcpcd's delegated prefix, and in accounting; its DNS" test_ipv6_delegated
t "L2TP via RADIUS (MS-CHAPv2, MPPE-128); Acct-Interim-Interval 60" test_l2tp_radius_interim
t "FreeRADIUS down: local fallback; spooled accounting survives a restart" test_fallback_and_spool
t "Disconnect-Request, CoA-Request; unknown and forged NAKed" test_dae
t "DAE: a Disconnect-Request replayed from another port is dropped, the session stays" test_dae_replay
t "sluiced (and FreeRADIUS) stop, no kernel session left" test_daemon_stop
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
