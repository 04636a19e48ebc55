#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Twenty IKEv2 road warriors at once (issue 17), ten of them behind one NAT: stock
# strongSwan clients (Debian's charon, PSK, each its own ID), each with its own virtual IP
# from sluiced's /ip pool and its own traffic to the LAN; /ppp active has all twenty with
# twenty addresses. Twenty charons take minutes under emulation: make check-long.
# check: long
#
#  ns N (NAT) n0 10.9.0.2, br0 172.16.0.1 masquerade      ns R (sluiced) r0 10.9.0.1
#    C1..C10 on br0: 172.16.0.11-20  -------------------  br1 10.9.1.1: C11..C20 direct,
#                                                          10.9.1.11-20
#                                                          r1 10.5.8.1 ---- ns L 10.5.8.2
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_ipsec.sh"
D=$NETNS_TEST_DIR
SOCK=/run/sluice/ikev2-many.sock
PSK=many-psk-secret
IKE_WAVE=5
CN=()
R_() { ip netns exec "$R" "$@"; }
ctl() { R_ pppctl -s "$SOCK" "$@"; }
stop_clients() { :; }

write_rsc() {
	cat >"$D/sluice.rsc" <<E
/ip pool add name=rw-pool ranges=192.168.77.2-192.168.77.254
/ip ipsec mode-config add address-pool=rw-pool name=rw-conf split-include=10.5.8.0/24 system-dns=no static-dns=10.5.8.1
/ip ipsec policy group add name=rw
/ip ipsec policy add dst-address=192.168.77.0/24 group=rw src-address=0.0.0.0/0 template=yes
/ip ipsec peer add exchange-mode=ike2 name=rw passive=yes
/ip ipsec identity add peer=rw auth-method=pre-shared-key secret=$PSK generate-policy=port-strict mode-config=rw-conf policy-template-group=rw
E
}

test_setup() {
	modprobe esp4 && modprobe xfrm_user && modprobe xfrm4_tunnel 2>/dev/null
	setup_ns R N L && veth_pair "$R" r0 10.9.0.1/24 "$N" n0 10.9.0.2/24 &&
		veth_pair "$R" r1 10.5.8.1/24 "$L" l0 10.5.8.2/24 || return 1
	ip -n "$N" link add br0 type bridge && ip -n "$N" addr add 172.16.0.1/24 dev br0 &&
		ip -n "$N" link set br0 up &&
		ip -n "$R" link add br1 type bridge && ip -n "$R" addr add 10.9.1.1/24 dev br1 &&
		ip -n "$R" link set br1 up || return 1
	ip netns exec "$N" sysctl -qw net.ipv4.ip_forward=1 &&
		R_ sysctl -qw net.ipv4.ip_forward=1 || return 1
	ip netns exec "$N" nft -f - <<E || return 1
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat;
		oifname "n0" masquerade
	}
}
E
	# the virtual IPs are reached through the default route, as on a router
	R_ ip route add default via 10.9.0.2 && ip -n "$L" route add default via 10.5.8.1 || return 1
	write_rsc
	mkdir -p "$D/state"
	start_daemon sluiced "$R" sluiced -f -d -s "$SOCK" -D "$D/state" -c "$D/sluice.rsc"
	wait_for 20 test -S "$SOCK" || return 1
	attach_log "$D/state/ipsec/charon.log"
	wait_for 60 test -S "$D/state/ipsec/charon.vici"
}

# client_net I: C<I>, behind N (1..10) or on R's bridge (11..20)
client_net() {
	local i=$1 v=C$1 br=br0 ns=$N net=172.16.0 gw=172.16.0.1
	[ -n "${CN[$i]:-}" ] && return 0
	[ "$i" -gt 10 ] && { br=br1; ns=$R; net=10.9.1; gw=10.9.1.1; }
	setup_ns "$v" || return 1
	CN[$i]=${!v}
	ip link add c0 netns "${CN[$i]}" type veth peer name "v$i" netns "$ns" &&
		ip -n "$ns" link set "v$i" master "$br" up &&
		ip -n "${CN[$i]}" addr add "$net.$((10 + (i - 1) % 10 + 1))/24" dev c0 &&
		ip -n "${CN[$i]}" link set c0 up &&
		ip -n "${CN[$i]}" route add default via "$gw"
}

client_conf() {
	cat >"$D/cli$1/conf.d/rw.conf" <<E
connections {
  rw {
    version = 2
    remote_addrs = 10.9.0.1
    vips = 0.0.0.0
    proposals = aes128-sha1-modp2048
    local { auth = psk
      id = rw$1@many }
    remote { auth = psk }
    children {
      rw {
        remote_ts = 10.5.8.0/24
        esp_proposals = aes128-sha1
        start_action = none
      }
    }
  }
}
secrets { ike-rw { id = rw$1@many
  secret = "$PSK" } }
E
}

client_charon() {
	local i=$1 dir=$D/cli$1
	daemon_alive "charon-cli$i" && return 0
	mkdir -p "$dir"
	ipsec_peer_start "${CN[$i]}" "$dir" && client_conf "$i" && ipsec_load "$dir"
}

clients_ready() {
	local i
	for i in $(seq 1 "$1"); do
		client_net "$i" && client_charon "$i" || { echo "client $i: no charon"; return 1; }
	done
}


client_vip() {
	ipsec_sas_json "$D/cli$1" | jq -r 'first(.[] | .rw["local-vips"] // empty | .[0]) // empty'
}

# ike_up I: the IKE SA, the address on c0, the LAN routed from it
ike_up() {
	local vip
	ipsec_initiate "$D/cli$1" rw 180 || return 1
	vip=$(client_vip "$1")
	[ -n "$vip" ] || return 1
	ip -n "${CN[$1]}" addr add "$vip/32" dev c0 &&
		ip -n "${CN[$1]}" route replace 10.5.8.0/24 via "$(ip -n "${CN[$1]}" route show default |
			awk '{print $3}')" src "$vip"
}

# ping_own I: client I reaches L from its own address
ping_own() {
	local vip
	vip=$(client_vip "$1")
	ip netns exec "${CN[$1]}" ping -c 3 -W 3 -i 0.3 -I "$vip" 10.5.8.2 >/dev/null
}

test_twenty() {
	local t0=$SECONDS all addrs
	all=$(seq 1 20)
	clients_ready 20 || return 1
	echo "timing: 20 client charons in $((SECONDS - t0)) s"
	t0=$SECONDS
	# shellcheck disable=SC2086
	ike_waves $all || return 1
	echo "timing: 20 IKE SAs with addresses in $((SECONDS - t0)) s"
	# shellcheck disable=SC2086
	each ping_own $all || return 1
	ctl /ppp active print
	[ "$(ctl /ppp active print count-only where service=ipsec)" = 20 ] || return 1
	addrs=$(ctl -j /ppp active print | jq '[.[] | select(.service == "ipsec") | .address] | unique | length')
	[ "$addrs" = 20 ] || { echo "only $addrs addresses for 20 sessions"; return 1; }
	# the ten behind N share its address
	[ "$(ctl -j /ppp active print | jq '[.[] | select(.["caller-id"] == "10.9.0.2")] | length')" = 10 ]
}

test_dmesg_clean() { dmesg_clean; }

run_test "ikev2 many: set-up, R with sluiced, N masquerading, L" test_setup
run_test "ikev2 many: twenty road warriors, ten behind one NAT, each its address" test_twenty
run_test "dmesg: no oops, warning or leak report" test_dmesg_clean
summary
