#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Site-to-site IPsec (issue 16): the RouterOS page's "Site to Site IPsec (IKEv1) tunnel"
# between two sluiced routers, the same with IKEv2 and certificates made by /certificate,
# IKEv1 with RSA keys of /ip ipsec key, and sluiced against a stock strongSwan (lib_ipsec.sh) with PSK and with a PKCS#12 that
# sluiced exported.
#
#  ns LA                ns A (site 1)            ns I (internet)            ns B (site 2)             ns LB
#  la0 10.1.202.2 ---- a1 10.1.202.1             i0 192.168.90.254          b1 10.1.101.1 ---- lb0 10.1.101.2
#                      a0 192.168.90.1 --------- i1 192.168.80.254 -------- b0 192.168.80.1
#                      sluiced -D stateA                                    sluiced -D stateB, or
#                      (its charon)                                         stock charon (swB)
#
# The page gives the routers WANs in two different /24s (Site 1's peer is 192.168.80.1, Site
# 2's 192.168.90.1), so they cannot share one link: I routes between them, as the internet
# would, and knows no route to either LAN, so LAN-to-LAN traffic passes only inside ESP.
# charon runs with install_routes=no: A and B carry a route for the remote LAN via I.
#
# Left out of the page: "NAT and Fasttrack Bypass" (/ip firewall nat, /ip firewall filter,
# /ip firewall raw): sluice has no /ip firewall menu, and the namespaces do no NAT and no
# fasttrack, so nothing needs bypassing. The page's Site 1 policy names "ikel-site2" (a
# letter l) where its proposal and peer are "ike1-site2": RouterOS refuses that line, and
# so does sluice (tests/unit/test_ipsec_menu.c); it is imported here with ike1-site2.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_ipsec.sh"
D=$NETNS_TEST_DIR
SOCK_A=/run/sluice/s2s-a.sock
SOCK_B=/run/sluice/s2s-b.sock
P12PASS=s2s-export-pass
A_() { ip netns exec "$A" "$@"; }
B_() { ip netns exec "$B" "$@"; }
LA_() { ip netns exec "$LA" "$@"; }
LB_() { ip netns exec "$LB" "$@"; }
ctl_a() { A_ pppctl -s "$SOCK_A" "$@"; }
ctl_b() { B_ pppctl -s "$SOCK_B" "$@"; }
stop_clients() { :; }

# The page's lines, Site 1 (A) and Site 2 (B); a policy's line break in the page is only
# the page's.
write_page_rsc() {
	cat >"$D/site1.rsc" <<'E'
/ip ipsec profile
add dh-group=modp2048 enc-algorithm=aes-128 name=ike1-site2
/ip ipsec proposal
add enc-algorithms=aes-128-cbc name=ike1-site2 pfs-group=modp2048
/ip ipsec peer
add address=192.168.80.1/32 name=ike1-site2 profile=ike1-site2
/ip ipsec identity
add peer=ike1-site2 secret=thisisnotasecurepsk
/ip ipsec policy
add src-address=10.1.202.0/24 src-port=any dst-address=10.1.101.0/24 dst-port=any tunnel=yes action=encrypt proposal=ike1-site2 peer=ike1-site2
E
	cat >"$D/site2.rsc" <<'E'
/ip ipsec profile
add dh-group=modp2048 enc-algorithm=aes-128 name=ikel-site1
/ip ipsec proposal
add enc-algorithms=aes-128-cbc name=ikel-site1 pfs-group=modp2048
/ip ipsec peer
add address=192.168.90.1/32 name=ikel-site1 profile=ikel-site1
/ip ipsec identity
add peer=ikel-site1 secret=thisisnotasecurepsk
/ip ipsec policy
add src-address=10.1.101.0/24 src-port=any dst-address=10.1.202.0/24 dst-port=any tunnel=yes action=encrypt proposal=ikel-site1 peer=ikel-site1
E
}

# start_sluiced NS NAME SOCK: sluiced in NS with its own state directory D/state-NAME
start_sluiced() {
	local ns=$1 name=$2 sock=$3
	mkdir -p "$D/state-$name"
	: >"$D/$name.rsc"
	start_daemon "sluiced-$name" "$ns" sluiced -f -d -s "$sock" -D "$D/state-$name" \
		-c "$D/$name.rsc"
	wait_for 10 test -S "$sock"
}

# the site's /ip ipsec configuration gone: identities, static policies, peers (the default
# policy template stays)
clear_ipsec() {
	local c=$1
	$c /ip ipsec identity remove "[find]" &&
		$c /ip ipsec policy remove "[find template=no]" &&
		$c /ip ipsec peer remove "[find]"
}

lan_ping() { "$1" ping -c 2 -W 2 -i 0.5 "$2" >/dev/null; }

# lan_to_lan: LA and LB reach each other both ways (the first pings trip the traps and wait
# for IKE; I has no route to the LANs, so only ESP carries them)
lan_to_lan() {
	wait_for 90 lan_ping LA_ 10.1.101.2 || { echo "LA -> LB: no answer"; return 1; }
	LA_ ping -c 5 -W 3 -i 0.3 10.1.101.2 >/dev/null || { echo "LA -> LB lost pings"; return 1; }
	LB_ ping -c 5 -W 3 -i 0.3 10.1.202.2 >/dev/null || { echo "LB -> LA lost pings"; return 1; }
}

# sa_packets CTL: the packets of all the site's installed SAs (pppctl -j, as RouterOS names them)
sa_packets() { $1 -j /ip ipsec installed-sa print | jq '[.[] | .["current-packets"] | tonumber] | add // 0'; }

# peer_up CTL ADDRESS: active-peers shows ADDRESS established
peer_up() {
	$1 -j /ip ipsec active-peers print |
		jq -e --arg a "$2" 'any(.[]; .["remote-address"] == $a and .state == "established")' >/dev/null
}

# charon's IKE_SAs of a sluiced, through its vici socket (swanctl --raw, swanctl_json.py)
sluiced_sas() { ipsec_sas_json "$D/state-$1/ipsec"; }
# sluiced_get SITE PEER KEY: ipsec_child_get of the IKE_SA of conn "PEER/<n>" (conn.c's
# name: one conn per identity of the peer)
sluiced_get() {
	local name
	name=$(sluiced_sas "$1" | jq -r --arg p "$2/" 'first(.[] | keys[] | select(startswith($p))) // empty')
	[ -n "$name" ] && ipsec_child_get "$D/state-$1/ipsec" "$name" "$3"
}

# sluiced_conn_loaded SITE PEER: its charon holds the conn "PEER/0" (swanctl --list-conns)
sluiced_conn_loaded() {
	ipsec_swanctl "$D/state-$1/ipsec" --list-conns 2>/dev/null | grep -q "^$2/0:"
}

show_charon() {
	local n
	for n in a b; do
		[ -S "$D/state-$n/ipsec/charon.vici" ] || continue
		echo "--- sluiced $n: conns, SAs, xfrm"
		ipsec_swanctl "$D/state-$n/ipsec" --list-conns 2>&1 | head -n 40
		ipsec_swanctl "$D/state-$n/ipsec" --list-sas 2>&1 | head -n 20
		tail -n 30 "$D/state-$n/ipsec/charon.log" 2>/dev/null
	done
	A_ ip xfrm policy | head -n 20
	A_ ip xfrm state | grep -c '^src' | sed 's/^/xfrm states in A: /'
}

test_setup() {
	modprobe esp4 && modprobe xfrm_user && modprobe xfrm4_tunnel 2>/dev/null
	modprobe tunnel4 2>/dev/null
	setup_ns A B I LA LB || return 1
	veth_pair "$A" a0 192.168.90.1/24 "$I" i0 192.168.90.254/24 &&
		veth_pair "$B" b0 192.168.80.1/24 "$I" i1 192.168.80.254/24 &&
		veth_pair "$A" a1 10.1.202.1/24 "$LA" la0 10.1.202.2/24 &&
		veth_pair "$B" b1 10.1.101.1/24 "$LB" lb0 10.1.101.2/24 || return 1
	A_ sysctl -qw net.ipv4.ip_forward=1 && B_ sysctl -qw net.ipv4.ip_forward=1 &&
		ip netns exec "$I" sysctl -qw net.ipv4.ip_forward=1 || return 1
	A_ ip route add 192.168.80.0/24 via 192.168.90.254 &&
		B_ ip route add 192.168.90.0/24 via 192.168.80.254 || return 1
	# the remote LAN: charon installs no routes
	A_ ip route add 10.1.101.0/24 via 192.168.90.254 &&
		B_ ip route add 10.1.202.0/24 via 192.168.80.254 || return 1
	LA_ ip route add default via 10.1.202.1 && LB_ ip route add default via 10.1.101.1 || return 1
	A_ ping -c 1 -W 3 192.168.80.1 >/dev/null || return 1
	# without IPsec the LANs do not reach each other: I drops what it has no route for
	! LA_ ping -c 1 -W 2 10.1.101.2 >/dev/null || return 1
	write_page_rsc
	start_sluiced "$A" a "$SOCK_A" && start_sluiced "$B" b "$SOCK_B"
}

# The page's Site 1 on A and Site 2 on B, by /import: both ways, iperf3, counters, peers.
test_page_ikev1_psk() {
	local before_a before_b after_a after_b out
	# B first, as in the tests below: A initiates on LA's first ping, and a B whose charon
	# has no conn yet answers NO_PROPOSAL_CHOSEN; the trap's next acquire then waits out
	# xfrm_acq_expires (charon sets 165 s), longer than lan_to_lan waits
	ctl_b /import file="$D/site2.rsc" || { echo "site 2's lines did not import"; return 1; }
	attach_log "$D/state-a/ipsec/charon.log"
	attach_log "$D/state-b/ipsec/charon.log"
	wait_for 30 sluiced_conn_loaded b ikel-site1 || { echo "B: no conn ikel-site1"; show_charon; return 1; }
	ctl_a /import file="$D/site1.rsc" || { echo "site 1's lines did not import"; return 1; }
	wait_for 30 sluiced_conn_loaded a ike1-site2 || { echo "A: no conn ike1-site2"; show_charon; return 1; }
	lan_to_lan || { show_charon; return 1; }
	ctl_a /ip ipsec active-peers print
	ctl_a /ip ipsec installed-sa print
	[ "$(sluiced_get a ike1-site2 ike:version)" = 1 ] ||
		{ echo "A: no IKEv1 SA of conn ike1-site2/<n>"; sluiced_sas a; return 1; }
	echo "A's CHILD_SA: $(sluiced_get a ike1-site2 mode)" \
		"$(sluiced_get a ike1-site2 encr-alg)-$(sluiced_get a ike1-site2 encr-keysize)" \
		"$(sluiced_get a ike1-site2 integ-alg) $(sluiced_get a ike1-site2 dh-group)"
	[ "$(sluiced_get a ike1-site2 mode)" = TUNNEL ] || { echo "A's CHILD_SA is not a tunnel"; return 1; }
	wait_for 20 peer_up ctl_a 192.168.80.1 && wait_for 20 peer_up ctl_b 192.168.90.1 ||
		{ echo "active-peers does not show the peer established"; return 1; }
	before_a=$(sa_packets ctl_a)
	before_b=$(sa_packets ctl_b)
	start_daemon iperf-lb "$LB" iperf3 -s -1 -B 10.1.101.2
	wait_for 10 sh -c "ip netns exec $LB ss -tln | grep -q 10.1.101.2:5201" ||
		{ echo "iperf3 -s in LB is not listening"; return 1; }
	out=$(LA_ timeout 60 iperf3 -c 10.1.101.2 -t 2 -f m 2>&1) ||
		{ echo "$out" | tail -n 5; echo "iperf3 LA -> LB failed"; return 1; }
	echo "iperf3 LA -> LB: $(echo "$out" | awk '/receiver/ { print $(NF-2), $(NF-1) }')"
	stop_daemon iperf-lb 5
	after_a=$(sa_packets ctl_a)
	after_b=$(sa_packets ctl_b)
	echo "installed-sa packets: A $before_a -> $after_a, B $before_b -> $after_b"
	[ $((after_a - before_a)) -ge 100 ] && [ $((after_b - before_b)) -ge 100 ]
}

# make_certs: on A a CA, a certificate for each site signed by it; B's and the CA exported
# as PKCS#12 with a passphrase, which openssl reads; B imports its own.
make_certs() {
	local f name
	ctl_a /certificate add name=s2s-ca common-name=s2s-ca key-usage=key-cert-sign,crl-sign &&
		ctl_a /certificate sign s2s-ca &&
		ctl_a /certificate add name=site1 common-name=192.168.90.1 \
			subject-alt-name=IP:192.168.90.1 &&
		ctl_a /certificate sign site1 ca=s2s-ca &&
		ctl_a /certificate add name=site2 common-name=192.168.80.1 \
			subject-alt-name=IP:192.168.80.1 &&
		ctl_a /certificate sign site2 ca=s2s-ca || return 1
	ctl_a /certificate export-certificate site2 type=pkcs12 export-passphrase="$P12PASS" &&
		ctl_a /certificate export-certificate s2s-ca type=pkcs12 \
			export-passphrase="$P12PASS" || return 1
	ctl_a /certificate print
	for name in site2 s2s-ca; do
		f=$D/state-a/files/cert_export_$name.p12
		openssl pkcs12 -info -nodes -passin "pass:$P12PASS" -in "$f" >"$D/$name.p12.txt" 2>&1 ||
			{ cat "$D/$name.p12.txt"; return 1; }
		grep -q "BEGIN CERTIFICATE" "$D/$name.p12.txt" || return 1
	done
	# B's holds its key, its certificate and the CA's
	grep -q "PRIVATE KEY" "$D/site2.p12.txt" &&
		[ "$(grep -c 'BEGIN CERTIFICATE' "$D/site2.p12.txt")" -ge 2 ] &&
		grep -q "subject=.*CN *= *192.168.80.1" "$D/site2.p12.txt" || return 1
	mkdir -p "$D/state-b/files"
	cp "$D/state-a/files/cert_export_site2.p12" "$D/state-b/files/site2.p12"
}

# cert_name CTL CN: the certificate of CTL's site with common-name CN
cert_name() { $1 -j /certificate print | jq -r --arg c "$2" 'first(.[] | select(.["common-name"] == $c) | .name) // empty'; }

# cert_site CTL PEER_ADDRESS LOCAL LOCAL_LAN REMOTE_LAN CERT: IKEv2, certificates
cert_site() {
	local c=$1
	if [ "$($c /ip ipsec profile print count-only where name=s2s-v2)" = 0 ]; then
		$c /ip ipsec profile add name=s2s-v2 &&
			$c /ip ipsec proposal add name=s2s-v2 pfs-group=none || return 1
	fi
	$c /ip ipsec peer add name=s2s-v2 address="$2/32" exchange-mode=ike2 profile=s2s-v2 &&
		$c /ip ipsec identity add peer=s2s-v2 auth-method=digital-signature certificate="$6" &&
		$c /ip ipsec policy add src-address="$4" dst-address="$5" tunnel=yes \
			action=encrypt proposal=s2s-v2 peer=s2s-v2
}

# IKEv2 between the two sluiced, certificates made on A with /certificate add/sign, B's
# exported as PKCS#12 and imported on B.
test_ikev2_certificates() {
	local b_cert
	make_certs || return 1
	ctl_b /certificate import file-name=site2.p12 passphrase="$P12PASS" trusted=yes || return 1
	ctl_b /certificate print
	b_cert=$(cert_name ctl_b 192.168.80.1)
	[ -n "$b_cert" ] && [ -n "$(cert_name ctl_b s2s-ca)" ] || { echo "B: import incomplete"; return 1; }
	clear_ipsec ctl_a && clear_ipsec ctl_b || return 1
	ctl_a /ip ipsec active-peers kill-connections 2>/dev/null
	ctl_b /ip ipsec active-peers kill-connections 2>/dev/null
	# B first: LA's first ping makes A initiate, and a B still without its conn answers
	# NO_PROPOSAL_CHOSEN, after which the kernel holds the trap's acquire for 30 s or more
	cert_site ctl_b 192.168.90.1 - 10.1.101.0/24 10.1.202.0/24 "$b_cert" &&
		cert_site ctl_a 192.168.80.1 - 10.1.202.0/24 10.1.101.0/24 site1 || return 1
	wait_for 30 sluiced_conn_loaded b s2s-v2 || return 1
	lan_to_lan || { show_charon; return 1; }
	sluiced_sas a | jq -cM '.[] | to_entries[] | {name: .key, version: .value.version, "remote-id": .value["remote-id"], "local-id": .value["local-id"]}'
	[ "$(sluiced_get a s2s-v2 ike:version)" = 2 ] &&
		sluiced_get a s2s-v2 ike:remote-id | grep -q "192.168.80.1"
}

# rsa_site CTL PEER_ADDRESS LOCAL_LAN REMOTE_LAN KEY REMOTE_KEY: IKEv1 main mode, rsa-key
rsa_site() {
	local c=$1
	if [ "$($c /ip ipsec profile print count-only where name=s2s-rsa)" = 0 ]; then
		$c /ip ipsec profile add name=s2s-rsa &&
			$c /ip ipsec proposal add name=s2s-rsa pfs-group=none || return 1
	fi
	$c /ip ipsec peer add name=s2s-rsa address="$2/32" exchange-mode=main profile=s2s-rsa &&
		$c /ip ipsec identity add peer=s2s-rsa auth-method=rsa-key key="$5" remote-key="$6" &&
		$c /ip ipsec policy add src-address="$3" dst-address="$4" tunnel=yes \
			action=encrypt proposal=s2s-rsa peer=s2s-rsa
}

# IKEv1 with /ip ipsec key (auth-method=rsa-key, the page's keys menu): each site makes its
# key with generate-key, exports the public half with export-pub-key, the other imports it;
# LAN to LAN; a key an identity names is not removed.
test_ikev1_rsa_key() {
	ctl_a /ip ipsec key generate-key name=site1 key-size=2048 &&
		ctl_b /ip ipsec key generate-key name=site2 key-size=2048 &&
		ctl_a /ip ipsec key export-pub-key key=site1 file-name=site1.pub &&
		ctl_b /ip ipsec key export-pub-key key=site2 file-name=site2.pub || return 1
	mkdir -p "$D/state-a/files" "$D/state-b/files"
	cp "$D/state-a/files/site1.pub" "$D/state-b/files/" &&
		cp "$D/state-b/files/site2.pub" "$D/state-a/files/" || return 1
	ctl_a /ip ipsec key import file-name=site2.pub name=site2-pub &&
		ctl_b /ip ipsec key import file-name=site1.pub name=site1-pub || return 1
	ctl_a /ip ipsec key print
	[ "$(ctl_a /ip ipsec key print count-only where private-key=no key-size=2048)" = 1 ] &&
		[ "$(ctl_a /ip ipsec key print count-only where private-key=yes)" = 1 ] || return 1
	clear_ipsec ctl_a && clear_ipsec ctl_b || return 1
	ctl_a /ip ipsec active-peers kill-connections 2>/dev/null
	ctl_b /ip ipsec active-peers kill-connections 2>/dev/null
	rsa_site ctl_b 192.168.90.1 10.1.101.0/24 10.1.202.0/24 site2 site1-pub &&
		rsa_site ctl_a 192.168.80.1 10.1.202.0/24 10.1.101.0/24 site1 site2-pub || return 1
	wait_for 30 sluiced_conn_loaded b s2s-rsa || return 1
	lan_to_lan || { show_charon; return 1; }
	echo "A's IKE_SA: IKEv$(sluiced_get a s2s-rsa ike:version)," \
		"remote-id $(sluiced_get a s2s-rsa ike:remote-id)"
	[ "$(sluiced_get a s2s-rsa ike:version)" = 1 ] || return 1
	! ctl_a /ip ipsec key remove "[find name=site1]" &&
		[ "$(ctl_a /ip ipsec key print count-only where name=site1)" = 1 ]
}

# ike_id SITE PEER: the uniqueid of the IKE SA of conn "PEER/<n>" charon holds ("" none)
ike_id() { sluiced_get "$1" "$2" ike:uniqueid 2>/dev/null; }

# established_anew OLD: A's IKE SA of ike1-site2 is established, and not the one called OLD
established_anew() {
	local id
	id=$(ike_id a ike1-site2)
	[ -n "$id" ] && [ "$id" != "$1" ] && [ "$(sluiced_get a ike1-site2 ike:state)" = ESTABLISHED ]
}

# RouterOS: a peer that is not passive "will try to establish not only phase1 but also
# phase2 automatically, if policies are configured" (daemon/ipsec/keepup.c). B's site goes
# in passive, so B never initiates, and with a phase 1 proposal A's does not match, so A's
# first attempts fail (NO_PROPOSAL_CHOSEN); B's profile put right, A gets there by itself,
# with no traffic to trip a trap, and again after kill-connections. Without keepup.c, A
# would wait for traffic, and then out the failed trap's 165 s.
test_kept_up() {
	local log=$D/sluiced-a.log old
	clear_ipsec ctl_a && clear_ipsec ctl_b || return 1
	ctl_a /ip ipsec active-peers kill-connections 2>/dev/null
	ctl_b /ip ipsec active-peers kill-connections 2>/dev/null
	sed -n '/^\/ip ipsec peer/,$p' "$D/site1.rsc" >"$D/site1-kept.rsc"
	sed -n '/^\/ip ipsec peer/,$p' "$D/site2.rsc" |
		sed 's/^add address=192.168.90.1\/32 /add passive=yes address=192.168.90.1\/32 /' \
			>"$D/site2-kept.rsc"
	grep -q "passive=yes" "$D/site2-kept.rsc" || { echo "B's peer line not made passive"; return 1; }
	ctl_b /ip ipsec profile set ikel-site1 enc-algorithm=aes-256 &&
		ctl_b /import file="$D/site2-kept.rsc" &&
		ctl_a /import file="$D/site1-kept.rsc" || return 1
	wait_for 60 grep -q "ipsec: peer ike1-site2: not established" "$log" ||
		{ echo "A did not try on its own, or did not fail"; show_charon; return 1; }
	ctl_b /ip ipsec profile set ikel-site1 enc-algorithm=aes-128 || return 1
	wait_for 120 established_anew "" ||
		{ echo "A did not establish on its own"; show_charon; return 1; }
	wait_for 20 peer_up ctl_a 192.168.80.1 || { echo "active-peers does not show it"; return 1; }
	grep "ipsec: peer ike1-site2" "$log"
	lan_to_lan || { show_charon; return 1; }
	old=$(ike_id a ike1-site2)
	ctl_a /ip ipsec active-peers kill-connections || return 1
	wait_for 60 established_anew "$old" ||
		{ echo "A did not establish again after kill-connections"; show_charon; return 1; }
	echo "IKE SA $old killed, $(ike_id a ike1-site2) established by A itself"
	lan_to_lan
}

# stock_b VERSION LOCAL_LINES REMOTE_LINES: B is a stock strongSwan: its sluiced stopped,
# a private charon (lib_ipsec.sh) with a tunnel between the LANs, the page's proposals
SWB=
stock_conn() {
	local version=$1 local_auth=$2 remote_auth=$3 secrets=$4
	cat >"$SWB/conf.d/s2s.conf" <<E
connections {
  s2s {
    version = $version
    local_addrs = 192.168.80.1
    remote_addrs = 192.168.90.1
    proposals = aes128-sha1-modp2048
    $local_auth
    $remote_auth
    children {
      s2s {
        mode = tunnel
        local_ts = 10.1.101.0/24
        remote_ts = 10.1.202.0/24
        esp_proposals = aes128-sha1-modp2048,aes128-sha1
        start_action = trap
      }
    }
  }
}
$secrets
E
}

stock_b() {
	SWB=$D/swB
	if daemon_alive sluiced-b; then
		stop_daemon sluiced-b 10
		B_ ip xfrm state flush && B_ ip xfrm policy flush
	fi
	daemon_alive "$(ipsec_daemon "$SWB")" || ipsec_peer_start "$B" "$SWB"
}

# sluiced (A, the page's Site 1 by /import) against a stock strongSwan on B: IKEv1 PSK.
test_against_stock_strongswan() {
	stock_b || return 1
	clear_ipsec ctl_a || return 1
	ctl_a /ip ipsec active-peers kill-connections 2>/dev/null
	A_ ip xfrm state flush
	# its profile and proposal are still there: peer, identity and policy again
	sed -n '/^\/ip ipsec peer/,$p' "$D/site1.rsc" >"$D/site1-again.rsc"
	ctl_a /import file="$D/site1-again.rsc" || return 1
	stock_conn 1 "local { auth = psk }" "remote { auth = psk }" \
		'secrets { ike-s2s { id-a = 192.168.90.1
    secret = "thisisnotasecurepsk" } }'
	ipsec_load "$SWB" || return 1
	lan_to_lan || { show_charon; tail -n 30 "$SWB/charon.log"; return 1; }
	ipsec_sa_established "$SWB" s2s && [ "$(ipsec_child_get "$SWB" s2s ike:version)" = 1 ] &&
		wait_for 20 peer_up ctl_a 192.168.80.1
}

# The stock strongSwan on B authenticates with the PKCS#12 sluiced exported (its key and
# certificate from it, the CA taken out of it by openssl); A: IKEv2, certificate site1.
test_stock_pkcs12_from_sluiced() {
	[ -f "$D/state-a/files/cert_export_site2.p12" ] || make_certs || return 1
	stock_b || return 1
	ipsec_terminate "$SWB" s2s
	clear_ipsec ctl_a || return 1
	ctl_a /ip ipsec active-peers kill-connections 2>/dev/null
	A_ ip xfrm state flush
	cp "$D/state-a/files/cert_export_site2.p12" "$SWB/pkcs12/site2.p12" &&
		openssl pkcs12 -in "$SWB/pkcs12/site2.p12" -passin "pass:$P12PASS" -cacerts \
			-nokeys -out "$SWB/x509ca/s2s-ca.pem" || return 1
	stock_conn 2 "local { auth = pubkey
      id = 192.168.80.1 }" "remote { auth = pubkey }" \
		"secrets { pkcs12-site2 { file = site2.p12
    secret = \"$P12PASS\" } }"
	ipsec_load "$SWB" || return 1
	ipsec_swanctl "$SWB" --list-certs | grep -E "subject|has private key" | head
	cert_site ctl_a 192.168.80.1 - 10.1.202.0/24 10.1.101.0/24 site1 || return 1
	lan_to_lan || { show_charon; tail -n 30 "$SWB/charon.log"; return 1; }
	ipsec_sa_established "$SWB" s2s && [ "$(ipsec_child_get "$SWB" s2s ike:version)" = 2 ] &&
		ipsec_child_get "$SWB" s2s ike:remote-id | grep -q "192.168.90.1"
}

test_dmesg_clean() { dmesg_clean; }

run_test "s2s: set-up, A and B via I, LANs behind, sluiced on both" test_setup
run_test "s2s: the page's IKEv1 PSK sites: LAN to LAN, iperf3, SA counters, peers" test_page_ikev1_psk
run_test "s2s: IKEv2 with /certificate CA, PKCS#12 to B, LAN to LAN" test_ikev2_certificates
run_test "s2s: IKEv1 with /ip ipsec key (rsa-key), keys made and exchanged" test_ikev1_rsa_key
run_test "s2s: a site that is not passive establishes by itself, after a failure, and again" test_kept_up
run_test "s2s: sluiced A against stock strongSwan B (IKEv1 PSK)" test_against_stock_strongswan
run_test "s2s: stock strongSwan B with sluiced's PKCS#12 (IKEv2)" test_stock_pkcs12_from_sluiced
run_test "dmesg: no oops, warning or leak report" test_dmesg_clean
summary
