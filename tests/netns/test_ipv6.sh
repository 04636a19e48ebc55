#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# IPv6 for PPP clients (issue 21): IPv6CP and Router Advertisements. Debian's pppd with
# +ipv6, over pptp-linux and over xl2tpd, agrees Interface-Identifiers with sluiced, both
# ends get their link-local addresses (fe80::<identifier>), and IPv6 crosses the kernel's
# session both ways (ping6 of the server's link-local, counted by the module). With
# remote-ipv6-prefix-pool the session's RAs give the client a /64 of /ipv6 pool: the
# client's kernel makes its address from it and the IPv6CP identifier (SLAAC), routes by
# us, and reaches an address beyond the router (ping6, iperf3). dhcpcd gets a delegated
# /56 of dhcpv6-pd-pool, routed to the session. use-ipv6=no
# Protocol-Rejects IPv6CP and keeps IPv4; use-ipv6=require refuses a client without it.
#
#   +-------------------------------+          +---------------------------------+
#   | ns R (router)                 |   veth   | ns C (clients)                  |
#   | r0 10.9.0.1/24 2001:db8:9::1  |----------| c0 10.9.0.2/24                  |
#   | sluiced: PPTP and L2TP        |          | pppd (pptp-linux), xl2tpd+pppd  |
#   +-------------------------------+          +---------------------------------+
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pptp.sh"
. "$(dirname "$0")/lib-l2tp.sh"	# its up, refused and stop_clients serve both
SOCK=/run/sluice/ipv6-test.sock

for tool in pptp pppd xl2tpd jq; do
	command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $ksft_skip; }
done

active_count() { ctl /ppp active print count-only; }

test_setup() {
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<'E'
/ip pool add name=p ranges=10.231.0.10-10.231.0.30
/ppp profile set default local-address=10.231.0.1 remote-address=p
/ppp profile add name=v4only local-address=10.231.0.1 remote-address=p use-ipv6=no
/ppp profile add name=v6req local-address=10.231.0.1 remote-address=p use-ipv6=require
/ipv6 pool add name=v6 prefix=2001:db8:100::/62 prefix-length=64
/ppp profile add name=slaac local-address=10.231.0.1 remote-address=p remote-ipv6-prefix-pool=v6
/ipv6 pool add name=pd6 prefix=2001:db8:300::/48 prefix-length=56
/ppp profile add name=pd local-address=10.231.0.1 remote-address=p remote-ipv6-prefix-pool=v6 dhcpv6-pd-pool=pd6
/ppp secret add name=alice password=alice-pass
/ppp secret add name=bob password=bob-pass
/ppp secret add name=carol password=carol-pass profile=v4only
/ppp secret add name=dave password=dave-pass profile=v6req
/ppp secret add name=erin password=erin-pass profile=slaac
/ppp secret add name=frank password=frank-pass profile=slaac
/ppp secret add name=gina password=gina-pass profile=pd
/ppp profile add name=dns local-address=10.231.0.1 remote-address=p remote-ipv6-prefix-pool=v6 dns-server=10.231.0.1,2001:db8:9::53,2001:db8:9::54
/ppp secret add name=hank password=hank-pass profile=dns
/interface pptp-server server set enabled=yes authentication=mschap2
/interface l2tp-server server set enabled=yes authentication=mschap2 use-ipsec=no
E
	l2tp_setup "$NETNS_TEST_DIR/sluice.rsc" &&
		wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q ':1723 '" || return 1
	# a router forwards IPv6 (and so hears Router Solicitations); a client takes RAs
	R_ sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.default.forwarding=1 &&
		C_ sysctl -qw net.ipv6.conf.all.forwarding=0 net.ipv6.conf.default.forwarding=0 \
			net.ipv6.conf.default.accept_ra=1 net.ipv6.conf.default.autoconf=1 &&
		R_ ip -6 addr add 2001:db8:9::1/64 dev r0 nodad
}

# ll_of NS IFNAME: the interface's fe80:: address
ll_of() {
	ip -n "$1" -6 -o addr show dev "$2" scope link |
		sed -n 's/.* inet6 \(fe80::[0-9a-f:]*\).*/\1/p' | head -n 1
}

# pppd_ll UNIT local|remote: the LL address pppd logged, as ip(8) spells it (pppd keeps the
# leading zeros of each group)
pppd_ll() {
	python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]))' \
		"$(sed -n "s/^$2 *LL address \(fe80:[0-9a-f:]*\).*/\1/p" "$NETNS_TEST_DIR/ppp$1.ppp" | tail -n 1)"
}

# server_if USER: the session's interface on the router, from /ppp active
server_if() { ctl -j /ppp active print | jq -r --arg u "$1" '.[] | select(.name == $u) | .interface'; }

# session_packets USER: data packets the module received on USER's session (sluicectl -j)
session_packets() { session_get R_ "$(server_if "$1")" .rx_packets; }

# v6_state UNIT IFNAME: both ends' IPv6 addresses and routes and the session's counters
v6_state() {
	ip -n "$C" -6 addr show dev "ppp$1"; ip -n "$C" -6 route show dev "ppp$1"
	ip -n "$R" -6 addr show dev "$2"; ip -n "$R" -6 route show dev "$2"
	R_ sluicectl -j show "$2"
}

# v6_works UNIT USER: both link-locals as IPv6CP made them, a ping6 each way, module counted
v6_works() {
	local unit=$1 user=$2 ifc mine theirs before after
	ifc=$(server_if "$user")
	wait_for 10 sh -c "ip -n $C -6 -o addr show dev ppp$unit scope link | grep -q fe80" ||
		{ echo "ppp$unit has no link-local address"; return 1; }
	mine=$(ll_of "$R" "$ifc")
	theirs=$(ll_of "$C" "ppp$unit")
	echo "$user: server $ifc $mine, client ppp$unit $theirs"
	[ -n "$mine" ] && [ -n "$theirs" ] || { echo "no link-local on the server's side"; return 1; }
	[ "$(pppd_ll "$unit" local)" = "$theirs" ] && [ "$(pppd_ll "$unit" remote)" = "$mine" ] ||
		{ echo "pppd's LL addresses differ from the interfaces'"; return 1; }
	before=$(session_packets "$user")
	C_ ping -6 -c 3 -i 0.3 -W 3 "$mine%ppp$unit" >/dev/null ||
		{ echo "client -> server ping6 failed"; v6_state "$unit" "$ifc"; return 1; }
	R_ ping -6 -c 3 -i 0.3 -W 3 "$theirs%$ifc" >/dev/null ||
		{ echo "server -> client ping6 failed"; return 1; }
	after=$(session_packets "$user")
	echo "session rx-packets $before -> $after"
	[ "$after" -ge $((before + 6)) ] || { echo "the module did not count them"; return 1; }
}

test_pptp_ipv6cp() {
	dial 1 alice alice-pass "${MS2[@]}" +ipv6
	up 1 || return 1
	v6_works 1 alice
}

test_l2tp_ipv6cp() {
	lac_start lac1 1702 || return 1
	lac_dial lac1 2 bob bob-pass "${MS2[@]}" +ipv6
	up 2 || return 1
	v6_works 2 bob || return 1
	kill "$(pppd_pid 2)"	# the call hangs up with a CDN: the tunnel need not time out
	gone bob 30
}

# use-ipv6=no: the client's IPv6CP is Protocol-Rejected, IPv4 comes up all the same
test_ipv6_no() {
	dial 3 carol carol-pass "${MS2[@]}" +ipv6
	up 3 || return 1
	wait_for 10 grep -q "Protocol-Reject for 'IPv6 Control Protocol'" "$NETNS_TEST_DIR/ppp3.ppp" ||
		{ echo "pppd saw no Protocol-Reject of IPv6CP"; return 1; }
	[ -z "$(ll_of "$R" "$(server_if carol)")" ] || { echo "the server set a link-local"; return 1; }
	C_ ping -c 2 -W 3 10.231.0.1 >/dev/null
}

# use-ipv6=require: a client with noipv6 (Debian's pppd does IPv6CP unless told not to)
# rejects IPv6CP and gets no link; with it, it does
test_ipv6_require() {
	dial 4 dave dave-pass "${MS2[@]}" noipv6
	refused 4 || { echo "a client without IPv6CP came up"; return 1; }
	wait_for 10 sh -c "grep -q 'closing (ipv6cp-failed)' $NETNS_TEST_DIR/sluiced.log" ||
		{ echo "sluiced logged no ipv6cp-failed"; return 1; }
	stop_clients
	dial 5 dave dave-pass "${MS2[@]}" +ipv6
	up 5 || return 1
	v6_works 5 dave
}

# global_of UNIT: the client's address on pppUNIT from the RA's prefix (SLAAC)
global_of() {
	ip -n "$C" -6 -o addr show dev "ppp$1" scope global |
		sed -n 's/.* inet6 \([0-9a-f:]*\)\/64 .*/\1/p' | head -n 1
}

# slaac_works UNIT USER PREFIX/64: the client's address is in PREFIX with its IPv6CP identifier,
# its default route is us, it reaches 2001:db8:9::1 beyond the router; iperf3 both ways
slaac_works() {
	local unit=$1 user=$2 prefix=$3 addr ll out
	wait_for 20 sh -c "ip -n $C -6 -o addr show dev ppp$unit scope global | grep -q inet6" ||
		{ echo "ppp$unit has no address from an RA"; v6_state "$unit" "$(server_if "$user")"; return 1; }
	addr=$(global_of "$unit")
	ll=$(ll_of "$C" "ppp$unit")
	echo "$user: SLAAC $addr (link-local $ll)"
	python3 -c 'import ipaddress as i, sys
a, ll, net = i.IPv6Address(sys.argv[1]), i.IPv6Address(sys.argv[2]), i.IPv6Network(sys.argv[3])
low = (1 << 64) - 1
sys.exit(0 if a in net and int(a) & low == int(ll) & low else 1)' "$addr" "$ll" "$prefix" ||
		{ echo "not $prefix with the IPv6CP identifier"; return 1; }
	ip -n "$C" -6 route show default | grep -q "dev ppp$unit" ||
		{ echo "no default route by the RA"; return 1; }
	C_ ping -6 -c 3 -i 0.3 -W 3 2001:db8:9::1 >/dev/null || { echo "ping6 2001:db8:9::1 failed"; return 1; }
	stop_daemon iperf6 5
	start_daemon iperf6 "$R" iperf3 -s -1 -B 2001:db8:9::1
	wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q '2001:db8:9::1\]:5201'" || return 1
	out=$(C_ timeout 60 iperf3 -6 -c 2001:db8:9::1 -t 2 -f k 2>&1) ||
		{ echo "$out" | tail -n 5; echo "iperf3 over IPv6 failed"; return 1; }
	echo "iperf3 over IPv6: $(echo "$out" | awk '/receiver/ { print $(NF-2), $(NF-1) }')"
}

test_pptp_slaac() {
	dial 6 erin erin-pass "${MS2[@]}" +ipv6
	up 6 || return 1
	slaac_works 6 erin 2001:db8:100::/64 || return 1
	ctl /ipv6 pool used print
}

# two sessions at once: a /64 each, both reachable, both in /ipv6 pool used
test_l2tp_slaac() {
	lac_start lac2 1703 || return 1
	dial 7 erin erin-pass "${MS2[@]}" +ipv6
	lac_dial lac2 8 frank frank-pass "${MS2[@]}" +ipv6
	up 7 && up 8 || return 1
	slaac_works 7 erin 2001:db8:100::/62 && slaac_works 8 frank 2001:db8:100::/62 || return 1
	[ "$(global_of 7 | cut -d: -f1-4)" != "$(global_of 8 | cut -d: -f1-4)" ] ||
		{ echo "two sessions, one /64"; return 1; }
	[ "$(ctl -j /ipv6 pool used print | jq length)" = 2 ]
}

# DHCPv6 prefix delegation: dhcpcd (ISC dhclient refuses PPP devices) on the client's ppp
# asks for a prefix and gets a /56 of dhcpv6-pd-pool; the router routes it to the session,
# and a host address of it reaches beyond the router
test_dhcpv6_pd() {
	local d=$NETNS_TEST_DIR/dhcpcd pd
	dial 9 gina gina-pass "${MS2[@]}" +ipv6
	up 9 || return 1
	slaac_works 9 gina 2001:db8:100::/62 || return 1
	mkdir -p "$d"
	# DHCPv6 only, at once (noipv6rs: no waiting for an RA's M flag), a prefix asked for
	printf 'ipv6only\nnoipv6rs\nnohook resolv.conf\nia_pd 1\n' >"$d/dhcpcd.conf"
	start_daemon dhcpcd "$C" dhcpcd -B -d -f "$d/dhcpcd.conf" ppp9
	wait_for 30 grep -q 'delegated prefix' "$NETNS_TEST_DIR/dhcpcd.log" ||
		{ tail -n 20 "$NETNS_TEST_DIR/dhcpcd.log"; return 1; }
	pd=$(sed -n 's/.*delegated prefix \(2001:db8:300:[0-9a-f:]*\/56\).*/\1/p' \
		"$NETNS_TEST_DIR/dhcpcd.log" | tail -n 1)
	echo "delegated: ${pd:-none}"
	[ -n "$pd" ] || { grep -i prefix "$NETNS_TEST_DIR/dhcpcd.log"; return 1; }
	R_ ip -6 route show "$pd" | grep -q 'dev <pptp-gina>' || { echo "no route to $pd"; return 1; }
	ctl /ipv6 pool used print
	[ "$(ctl -j /ipv6 pool used print | jq '[.[] | select(.pool == "pd6")] | length')" = 1 ] || return 1
	C_ ip -6 addr add "${pd%/56}1/128" dev lo &&
		C_ ping -6 -c 3 -i 0.3 -W 3 -I "${pd%/56}1" 2001:db8:9::1 >/dev/null ||
		{ echo "no answer from beyond the router to ${pd%/56}1"; return 1; }
	C_ ip -6 addr del "${pd%/56}1/128" dev lo
	stop_daemon dhcpcd 5
}

# DNS for IPv6: the profile's IPv6 dns-server in the RAs (RDNSS, with the O flag) and in
# DHCPv6 (an Information-request's DNS Recursive Name Server option), as dhcpcd hands them
# to its hook; the IPv4 one still through IPCP
test_dns6() {
	local d=$NETNS_TEST_DIR/dhcpcd-dns env=$NETNS_TEST_DIR/dhcpcd-dns/env
	dial 10 hank hank-pass "${MS2[@]}" +ipv6 usepeerdns
	up 10 || return 1
	grep -Eq 'primary +DNS address 10.231.0.1' "$NETNS_TEST_DIR/ppp10.ppp" ||
		{ echo "no IPv4 DNS by IPCP"; return 1; }
	mkdir -p "$d" && : >"$env"
	printf '#!/bin/sh\nenv | grep -E "^(reason|nd[0-9]+_rdnss|new_dhcp6_name_servers)" >>%s\n' \
		"$env" >"$d/hook" && chmod +x "$d/hook"
	# RAs first (its Router Solicitation is answered at once); their O flag starts DHCPv6
	printf 'ipv6only\nscript %s\noption dhcp6_name_servers\n' "$d/hook" >"$d/dhcpcd.conf"
	start_daemon dhcpcd-dns "$C" dhcpcd -B -d -f "$d/dhcpcd.conf" ppp10
	wait_for 30 grep -q '^nd1_rdnss1_servers=' "$env" &&
		wait_for 30 grep -q '^new_dhcp6_name_servers=' "$env" ||
		{ cat "$env"; tail -n 20 "$NETNS_TEST_DIR/dhcpcd-dns.log"; return 1; }
	stop_daemon dhcpcd-dns 5
	sort -u "$env"
	grep -q '^nd1_rdnss1_servers=2001:db8:9::53 2001:db8:9::54$' "$env" ||
		{ echo "RDNSS: not the profile's servers"; return 1; }
	grep -q '^new_dhcp6_name_servers=2001:db8:9::53 2001:db8:9::54$' "$env" ||
		{ echo "DHCPv6: not the profile's servers"; return 1; }
}

test_daemon_stop() { stop_daemon sluiced 10 && module_sessions_are R_ 0; }

run_test "ipv6: set-up, sluiced with PPTP and L2TP" test_setup
t "ipv6: PPTP, pppd +ipv6: IPv6CP, link-locals, ping6 both ways" test_pptp_ipv6cp
t "ipv6: L2TP, xl2tpd+pppd +ipv6: IPv6CP, link-locals, ping6 both ways" test_l2tp_ipv6cp
t "ipv6: PPTP, remote-ipv6-prefix-pool: RA, SLAAC, ping6 and iperf3 beyond" test_pptp_slaac
t "ipv6: L2TP and PPTP at once: a /64 each, both reachable, pool used" test_l2tp_slaac
t "ipv6: DHCPv6 prefix delegation: dhcpcd gets a /56, routed, reachable" test_dhcpv6_pd
t "ipv6: DNS: the profile's IPv6 servers by RDNSS and by DHCPv6" test_dns6
t "ipv6: use-ipv6=no: IPv6CP Protocol-Rejected, IPv4 up" test_ipv6_no
t "ipv6: use-ipv6=require: no IPv6CP, no link; with it, up" test_ipv6_require
t "ipv6: sluiced stops, no kernel session left" test_daemon_stop
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
