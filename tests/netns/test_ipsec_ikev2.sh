#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# IKEv2 road warriors (issue 17): the RouterOS page's "Road Warrior setup using IKEv2 with
# RSA authentication" imported verbatim on sluiced, stock strongSwan clients (Debian's
# charon, swanctl) with the PKCS#12 sluiced exported and with a PSK; each gets an address
# from the /ip pool (a block lent to charon) and the mode-config's DNS and split network,
# pings and iperf3 reach the LAN through the tunnel; the session is in /ppp active (service
# ipsec) beside the others and in /ip ipsec active-peers, FreeRADIUS's detail file gets
# its Start, Interim-Update and Stop with the bytes, and remove ends the IKE SA. EAP-MSCHAPv2
# clients (the page's "IPsec (IKEv2) server configuration" identity) against a /ppp secret
# and relayed to FreeRADIUS, Disconnect and CoA; Windows' DHCPINFORM for split-include
# (option 249); the page's client sets; sluiced as the page's RouterOS client against
# sluiced and against a stock strongSwan server.
#
#  ns C (client)               ns S (sluiced)                    ns L (LAN, FreeRADIUS)
#  c0 2.2.2.10 ------------- s0 2.2.2.2       s1 10.5.8.1 ---- l0 10.5.8.2
#  charon (lib_ipsec.sh)      sluiced, its charon
#
# S's default route points at the WAN (2.2.2.254, a router of the internet that is not
# there): the clients' virtual IPs are reached through it and xfrm takes them into ESP.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_ipsec.sh"
. "$(dirname "$0")/lib-radius.sh"
D=$NETNS_TEST_DIR
SOCK=/run/sluice/ikev2.sock
P12PASS=1234567890
S_() { ip netns exec "$S" "$@"; }
C_() { ip netns exec "$C" "$@"; }
ctl() { S_ pppctl -s "$SOCK" "$@"; }
stop_clients() { :; }
CL=$D/client

# The page's server and client-certificate lines (its split tunnel and DNS too); the
# certificate lines are the page's, with the CA trusted for clients' certificates.
write_page_rsc() {
	cat >"$D/server.rsc" <<'E'
/certificate
add common-name=ca name=ca
sign ca ca-crl-host=2.2.2.2
add common-name=2.2.2.2 subject-alt-name=IP:2.2.2.2 key-usage=tls-server name=server1
sign server1 ca=ca
/ip ipsec profile
add name=ike2
/ip ipsec proposal
add name=ike2 pfs-group=none
/ip pool
add name=ike2-pool ranges=192.168.77.2-192.168.77.254
/ip ipsec mode-config
add address-pool=ike2-pool address-prefix-length=32 name=ike2-conf
/ip ipsec policy group
add name=ike2-policies
/ip ipsec policy
add dst-address=192.168.77.0/24 group=ike2-policies proposal=ike2 src-address=0.0.0.0/0 template=yes
/ip ipsec peer
add exchange-mode=ike2 name=ike2 passive=yes profile=ike2
/ip ipsec identity
add auth-method=digital-signature certificate=server1 generate-policy=port-strict mode-config=ike2-conf peer=ike2 policy-template-group=ike2-policies
/ip ipsec mode-conf
set [find name="ike2-conf"] split-include=10.5.8.0/24
/ip ipsec mode-conf
set [find name="ike2-conf"] system-dns=no static-dns=10.5.8.1
/certificate
add common-name=rw-client1 name=rw-client1 key-usage=tls-client
sign rw-client1 ca=ca
/certificate
export-certificate rw-client1 export-passphrase=1234567890 type=pkcs12
/ip ipsec settings
set interim-update=10s
E
}

# client_conf AUTH_LOCAL AUTH_REMOTE SECRETS: C's connection "rw" to S, asking for an
# address, all traffic (0.0.0.0/0) through the tunnel
client_conf() {
	cat >"$CL/conf.d/rw.conf" <<E
connections {
  rw {
    version = 2
    remote_addrs = 2.2.2.2
    vips = 0.0.0.0
    proposals = ${IKE_PROPS:-aes256-sha256-modp2048,aes128-sha1-modp1024}
    $1
    $2
    children {
      rw {
        remote_ts = 0.0.0.0/0
        esp_proposals = ${ESP_PROPS:-aes256-sha1,aes128-sha1}
        start_action = none
      }
    }
  }
}
$3
E
}

# the virtual IP C got ("" if none)
client_vip() {
	ipsec_sas_json "$CL" | jq -r 'first(.[] | .rw["local-vips"] // empty | .[0]) // empty'
}

# client_up: initiate, the address on c0, the LAN routed from it
client_up() {
	local vip
	ipsec_initiate "$CL" rw 60 || { tail -n 30 "$CL/charon.log"; show_server; return 1; }
	vip=$(client_vip)
	[ -n "$vip" ] || { echo "no virtual IP"; ipsec_sas_json "$CL"; return 1; }
	echo "client's virtual IP: $vip"
	C_ ip addr add "$vip/32" dev c0 &&
		C_ ip route replace 10.5.8.0/24 dev c0 src "$vip" || return 1
	VIP=$vip
}

client_down() {
	ipsec_terminate "$CL" rw
	[ -n "${VIP:-}" ] && C_ ip addr del "$VIP/32" dev c0 2>/dev/null
	C_ ip route del 10.5.8.0/24 2>/dev/null
	VIP=
	return 0
}

show_server() {
	echo "--- sluiced's charon"
	ipsec_swanctl "$D/state/ipsec" --list-conns 2>&1 | head -n 30
	ipsec_swanctl "$D/state/ipsec" --list-pools --leases 2>&1 | head -n 10
	tail -n 30 "$D/state/ipsec/charon.log" 2>/dev/null
}

# ipsec_session_row FIELD: that field of /ppp active's ipsec row
ipsec_session_row() { ctl -j /ppp active print | jq -r --arg f "$1" 'first(.[] | select(.service == "ipsec") | .[$f]) // empty'; }

# FreeRADIUS with EAP-MSCHAPv2 (no TLS methods: Debian leaves their certificates to be made)
radius_eap() {
	printf 'eap {\n\tdefault_eap_type = mschapv2\n\ttimer_expire = 60\n\tmax_sessions = 64\n\tmschapv2 {\n\t}\n}\n' \
		>"$RADDB/mods-enabled/eap" &&
		sed -i -e '/^\tauthorize {/,/^\t}/ s/^\t\tpreprocess$/\t\tpreprocess\n\t\teap {\n\t\t\tok = return\n\t\t}/' \
			-e 's/^\tauthenticate {$/\tauthenticate {\n\t\teap/' "$RADDB/sites-enabled/sluice"
}

test_setup() {
	modprobe esp4 && modprobe xfrm_user && modprobe xfrm4_tunnel 2>/dev/null
	modprobe tunnel4 2>/dev/null
	setup_ns S C L || return 1
	veth_pair "$S" s0 2.2.2.2/24 "$C" c0 2.2.2.10/24 &&
		veth_pair "$S" s1 10.5.8.1/24 "$L" l0 10.5.8.2/24 || return 1
	S_ sysctl -qw net.ipv4.ip_forward=1 || return 1
	S_ ip route add default via 2.2.2.254 dev s0 &&
		ip netns exec "$L" ip route add default via 10.5.8.1 || return 1
	! C_ ping -c 1 -W 1 10.5.8.2 >/dev/null 2>&1 || return 1
	write_page_rsc
	radius_config 10.5.8.1 && radius_eap && radius_users <<'E' && radius_start "$L" || return 1
eapr Cleartext-Password := "eapr-pass"
	Framed-IP-Address = 192.168.77.200
E
	mkdir -p "$D/state" "$CL"
	: >"$D/sluiced.rsc"
	start_daemon sluiced "$S" sluiced -f -d -s "$SOCK" -D "$D/state" -c "$D/sluiced.rsc"
	wait_for 10 test -S "$SOCK" && ipsec_peer_start "$C" "$CL"
}

# The page's lines import as they are; the client certificate leaves as PKCS#12.
test_page_import() {
	ctl /import file="$D/server.rsc" || return 1
	ctl /radius add address=10.5.8.2 secret="$RADSECRET" service=ipsec || return 1
	attach_log "$D/state/ipsec/charon.log"
	wait_for 30 test -S "$D/state/ipsec/charon.vici" || return 1
	wait_for 30 sh -c "STRONGSWAN_CONF=$CL/strongswan.conf swanctl --list-pools \
		--uri unix://$D/state/ipsec/charon.vici | grep -q mc/ike2-conf/0" || { show_server; return 1; }
	[ -f "$D/state/files/cert_export_rw-client1.p12" ] || return 1
	cp "$D/state/files/cert_export_rw-client1.p12" "$CL/pkcs12/rw.p12" &&
		openssl pkcs12 -in "$CL/pkcs12/rw.p12" -passin "pass:$P12PASS" -cacerts -nokeys \
			-out "$CL/x509ca/ca.pem" 2>/dev/null
}

# C's connection with the PKCS#12 sluiced exported
cert_client_conf() {
	client_conf "local { auth = pubkey
      id = \"CN=rw-client1\" }" "remote { auth = pubkey
      id = 2.2.2.2 }" "secrets { pkcs12-rw { file = rw.p12
    secret = \"$P12PASS\" } }"
}

# A certificate client: its address from the pool's first block, the DNS and split network
# sent, ping and iperf3 to the LAN, the session in both tables.
test_certificate_client() {
	local out row
	cert_client_conf
	ipsec_load "$CL" && client_up || return 1
	case $VIP in 192.168.77.*) ;; *) echo "not from ike2-pool"; return 1 ;; esac
	grep -q "CPRP(ADDR DNS SUBNET)" "$CL/charon.log" ||
		{ echo "no DNS and split network in the CFG_REPLY"; grep CPRP "$CL/charon.log"; return 1; }
	C_ ping -c 3 -W 3 -i 0.3 -I "$VIP" 10.5.8.2 >/dev/null || { show_server; return 1; }
	start_daemon iperf-l "$L" iperf3 -s -1 -B 10.5.8.2
	wait_for 10 sh -c "ip netns exec $L ss -tln | grep -q 10.5.8.2:5201" || return 1
	out=$(C_ timeout 60 iperf3 -c 10.5.8.2 -B "$VIP" -t 2 -f m 2>&1) || { echo "$out"; return 1; }
	echo "iperf3 C -> L: $(echo "$out" | awk '/receiver/ { print $(NF-2), $(NF-1) }')"
	stop_daemon iperf-l 5
	ctl /ppp active print
	ctl /ip ipsec active-peers print
	[ "$(ipsec_session_row address)" = "$VIP" ] &&
		[ "$(ipsec_session_row caller-id)" = 2.2.2.10 ] &&
		ipsec_session_row name | grep -q "rw-client1" &&
		[ "$(ipsec_session_row encoding)" = AES-256-CBC/SHA1 ] || return 1
	ctl -j /ip pool used print | jq -e --arg a "$VIP" 'any(.[]; .address == $a and .info == "ipsec")' >/dev/null &&
		ctl -j /ip ipsec active-peers print | jq -e 'any(.[]; .["remote-address"] == "2.2.2.10")' >/dev/null
}

# Start, an Interim-Update after interim-update=10s with bytes, and a Stop on remove, which
# ends the client's IKE SA (admin-reset)
test_accounting_and_remove() {
	local sid
	sid=$(ipsec_session_row session-id)
	[ -n "$sid" ] || return 1
	wait_for 30 sh -c "cat $RADLOG/radacct/*/detail-* 2>/dev/null | grep -q 'Interim-Update'" ||
		{ radius_detail | tail -n 30; return 1; }
	ctl /ppp active remove "[find service=ipsec]" || return 1
	wait_for 20 not ipsec_sa_established "$CL" rw || { echo "the client's SA is still up"; return 1; }
	wait_for 20 sh -c "cat $RADLOG/radacct/*/detail-* | grep -q 'Acct-Status-Type = Stop'" ||
		{ radius_detail | tail -n 30; return 1; }
	radius_detail | awk -v s="$sid" '/^[A-Z][a-z][a-z] /{r=""} {r=r $0 "\n"} /^$/ && r ~ s {printf "%s", r}' >"$D/acct.txt"
	cat "$D/acct.txt"
	grep -q "Acct-Status-Type = Start" "$D/acct.txt" &&
		grep -q "Acct-Status-Type = Interim-Update" "$D/acct.txt" &&
		grep -q "Acct-Terminate-Cause = Admin-Reset" "$D/acct.txt" &&
		awk '/Acct-Status-Type = Stop/ {s=1} s && /Acct-Input-Octets/ {print $3; exit}' "$D/acct.txt" |
			awk '$1 > 10000 { ok=1 } END { exit !ok }' || return 1
	[ "$(ctl /ppp active print count-only where service=ipsec)" = 0 ]
	client_down
}

# A PSK client beside the certificate identity: its own identity, told apart by its ID
test_psk_client() {
	ctl /ip ipsec identity add peer=ike2 auth-method=pre-shared-key secret=rw-psk-secret \
		remote-id=fqdn:psk-client generate-policy=port-strict mode-config=ike2-conf \
		policy-template-group=ike2-policies || return 1
	client_conf "local { auth = psk
      id = psk-client }" "remote { auth = psk }" \
		'secrets { ike-rw { id = psk-client
    secret = "rw-psk-secret" } }'
	wait_for 20 sh -c "STRONGSWAN_CONF=$CL/strongswan.conf swanctl --list-conns \
		--uri unix://$D/state/ipsec/charon.vici | grep -q '^ike2/1:'" || { show_server; return 1; }
	ipsec_load "$CL" && client_up || return 1
	C_ ping -c 3 -W 3 -i 0.3 -I "$VIP" 10.5.8.2 >/dev/null || { show_server; return 1; }
	ipsec_session_row name | grep -q "psk-client" || return 1
	client_down
	wait_for 20 sh -c "[ \"\$(ip netns exec $S pppctl -s $SOCK /ppp active print count-only where service=ipsec)\" = 0 ]"
}

# Windows ignores split-include, proposes TSr 0.0.0.0/0 (the client's remote_ts here) and,
# once the CHILD_SA is up, asks for DHCP option 249 with a DHCPINFORM from its virtual IP to
# 255.255.255.255:67 through the tunnel (dhcp_inform.py sends it as Windows does). sluiced
# answers with the mode-config's split-include through the client's own address, its DNS,
# and its own address as the server; a LAN host's DHCPINFORM is no session's (counted), and
# the socket goes with the last session.
DHCP_INFORM=$(dirname "$0")/dhcp_inform.py
ipsec_stat() { ctl -j /ip ipsec statistics print | jq -r --arg f "$1" 'if type == "array" then .[0] else . end | .[$f] // empty'; }
test_windows_dhcp_inform() {
	local out want
	cert_client_conf
	ipsec_load "$CL" && client_up || return 1
	S_ ss -Huanp 'sport = :67'
	out=$(C_ python3 "$DHCP_INFORM" "$VIP") || {
		echo "$out"; S_ ip -s xfrm policy; S_ cat /proc/net/xfrm_stat; C_ cat /proc/net/xfrm_stat
		ctl /ip ipsec statistics print; return 1; }
	echo "$out"
	want=$(printf '121 10.5.8.0/24 via %s\n249 10.5.8.0/24 via %s\ndns 10.5.8.1\nserver 2.2.2.2' \
		"$VIP" "$VIP")
	[ "$out" = "$want" ] || { echo "expected:"; echo "$want"; return 1; }
	out=$(ip netns exec "$L" python3 "$DHCP_INFORM" 10.5.8.2 1)
	[ "$out" = none ] || { echo "a LAN host got: $out"; return 1; }
	ctl /ip ipsec statistics print | grep dhcp-inform
	[ "$(ipsec_stat dhcp-inform-answered)" -ge 1 ] &&
		[ "$(ipsec_stat dhcp-inform-refused)" -ge 1 ] || return 1
	client_down
	wait_for 20 sh -c "[ \"\$(ip netns exec $S pppctl -s $SOCK /ppp active print count-only where service=ipsec)\" = 0 ]" &&
		wait_for 10 sh -c "[ -z \"\$(ip netns exec $S ss -Huln 'sport = :67')\" ]" ||
		{ echo "the responder's socket outlived the sessions"; S_ ss -Huanp 'sport = :67'; return 1; }
}

# eap_client_conf USER PASSWORD: C's connection "rw" with EAP-MSCHAPv2 (strongSwan's client
# plugins), the server by its certificate
eap_client_conf() {
	client_conf "local { auth = eap-mschapv2
      eap_id = $1 }" "remote { auth = pubkey
      id = 2.2.2.2 }" "secrets { eap-rw { id = $1
    secret = \"$2\" } }"
}

# The page's "IPsec (IKEv2) server configuration" identity (auth-method=eap-radius, the
# server's certificate) beside the others; with no /radius server for ipsec, sluiced checks
# EAP-MSCHAPv2 against /ppp secret itself: an address from the pool, the profile's
# Session-Timeout enforced, a wrong password refused.
test_eap_local_secret() {
	ctl /radius set "[find]" disabled=yes &&
		ctl /ppp profile add name=eap-short session-timeout=30s &&
		ctl /ppp secret add name=eap-user password=eap-pass service=ipsec profile=eap-short &&
		ctl /ip ipsec identity add auth-method=eap-radius certificate=server1 \
			generate-policy=port-strict mode-config=ike2-conf peer=ike2 \
			policy-template-group=ike2-policies || return 1
	wait_for 20 sh -c "STRONGSWAN_CONF=$CL/strongswan.conf swanctl --list-conns \
		--uri unix://$D/state/ipsec/charon.vici | grep -q '^ike2/2:'" || { show_server; return 1; }
	eap_client_conf eap-user wrong-pass
	ipsec_load "$CL" || return 1
	! ipsec_initiate "$CL" rw 30 || { echo "a wrong password was let in"; return 1; }
	eap_client_conf eap-user eap-pass
	ipsec_load "$CL" && client_up || return 1
	C_ ping -c 3 -W 3 -i 0.3 -I "$VIP" 10.5.8.2 >/dev/null || { show_server; return 1; }
	ctl /ppp active print
	[ "$(ipsec_session_row name)" = eap-user ] && [ "$(ipsec_session_row address)" = "$VIP" ] ||
		return 1
	ctl -j /ip pool used print | jq -e --arg a "$VIP" 'any(.[]; .address == $a)' >/dev/null ||
		return 1
	# the profile's session-timeout ends it
	wait_for 60 not ipsec_sa_established "$CL" rw || { echo "session-timeout did not end it"; return 1; }
	client_down
	wait_for 20 sh -c "[ \"\$(ip netns exec $S pppctl -s $SOCK /ppp active print count-only where service=ipsec)\" = 0 ]"
}

# The same identity relayed to FreeRADIUS (service=ipsec): its Framed-IP-Address is the
# client's address; a Disconnect-Request by User-Name ends the IKE SA, and one by
# Framed-IP-Address ends the next.
test_eap_relayed_radius() {
	local out
	ctl /radius set "[find]" disabled=no &&
		ctl /radius incoming set accept=yes || return 1
	eap_client_conf eapr eapr-pass
	ipsec_load "$CL" && client_up || { tail -n 30 "$NETNS_TEST_DIR/freeradius.log"; return 1; }
	[ "$VIP" = 192.168.77.200 ] || { echo "not RADIUS's Framed-IP-Address: $VIP"; return 1; }
	C_ ping -c 2 -W 3 -i 0.3 -I "$VIP" 10.5.8.2 >/dev/null || return 1
	out=$(echo "User-Name = eapr" | ip netns exec "$L" radclient -x 10.5.8.1:3799 disconnect "$RADSECRET" 2>&1)
	echo "$out" | grep -q "Disconnect-ACK" || { echo "$out"; return 1; }
	wait_for 20 not ipsec_sa_established "$CL" rw || return 1
	client_down
	ipsec_load "$CL" && client_up || return 1
	out=$(echo "Framed-IP-Address = 192.168.77.200" | ip netns exec "$L" radclient -x 10.5.8.1:3799 disconnect "$RADSECRET" 2>&1)
	echo "$out" | grep -q "Disconnect-ACK" || { echo "$out"; return 1; }
	wait_for 20 not ipsec_sa_established "$CL" rw || return 1
	client_down
}

# A CoA with Session-Timeout shortens a relayed session
test_eap_coa_session_timeout() {
	local out
	eap_client_conf eapr eapr-pass
	ipsec_load "$CL" && client_up || return 1
	out=$(printf 'User-Name = eapr\nSession-Timeout = 5\n' |
		ip netns exec "$L" radclient -x 10.5.8.1:3799 coa "$RADSECRET" 2>&1)
	echo "$out" | grep -q "CoA-ACK" || { echo "$out"; return 1; }
	wait_for 30 not ipsec_sa_established "$CL" rw || { echo "CoA's Session-Timeout did not end it"; return 1; }
	client_down
	wait_for 20 sh -c "cat $RADLOG/radacct/*/detail-* | grep -q 'Acct-Terminate-Cause = Session-Timeout'"
}

# The IKEv2 sets the page says Windows 10, macOS, iOS and the Android strongSwan app
# propose, each alone, against the default profile and proposal (in strongSwan's words;
# GCM in IKE needs its PRF named)
OS_IKE_windows="3des-sha1-modp1024,3des-sha256-modp1024,aes128-sha1-modp1024,aes128-sha256-modp1024,aes192-sha1-modp1024,aes192-sha256-modp1024,aes256-sha1-modp1024,aes256-sha256-modp1024,aes128gcm16-prfsha1-modp1024,aes128gcm16-prfsha256-modp1024,aes256gcm16-prfsha1-modp1024,aes256gcm16-prfsha256-modp1024"
OS_ESP_windows="aes256-sha1,aes128-sha1,3des-sha1,des-sha1,null-sha1"
OS_IKE_macos="aes256-sha256-modp2048,aes256-sha256-ecp256,aes256-sha256-modp1536,aes128-sha1-modp1024,3des-sha1-modp1024"
OS_ESP_macos="aes256-sha256,aes128-sha1,3des-sha1"
OS_IKE_ios=$OS_IKE_macos
OS_ESP_ios=$OS_ESP_macos
OS_IKE_android="aes128-aes192-aes256-sha256-sha384-sha512-sha1-modp2048-ecp256-ecp384-ecp521-modp3072-modp4096-modp6144-modp8192,aes128gcm16-aes192gcm16-aes256gcm16-prfsha256-prfsha384-prfsha512-prfsha1-modp2048-ecp256-ecp384-ecp521-modp3072-modp4096-modp6144-modp8192"
OS_ESP_android="aes256gcm16,aes128gcm16,aes256-sha256,aes256-sha512,aes256-sha1,aes192-sha256,aes192-sha512,aes192-sha1,aes128-sha256,aes128-sha512,aes128-sha1"

test_os_proposal_sets() {
	local os ike esp failed=""
	ctl /ip ipsec peer set ike2 profile=default &&
		ctl /ip ipsec policy set "[find group=ike2-policies]" proposal=default || return 1
	for os in windows macos ios android; do
		ike=OS_IKE_$os
		esp=OS_ESP_$os
		IKE_PROPS=${!ike} ESP_PROPS=${!esp} client_conf "local { auth = psk
      id = psk-client }" "remote { auth = psk }" \
			'secrets { ike-rw { id = psk-client
    secret = "rw-psk-secret" } }'
		if ipsec_load "$CL" && client_up &&
			C_ ping -c 2 -W 3 -i 0.3 -I "$VIP" 10.5.8.2 >/dev/null; then
			echo "$os: IKE $(ipsec_child_get "$CL" rw ike:encr-alg)-$(ipsec_child_get "$CL" rw ike:integ-alg)-$(ipsec_child_get "$CL" rw ike:dh-group)," \
				"ESP $(ipsec_session_row encoding)"
		else
			failed="$failed $os"
		fi
		client_down
		wait_for 20 sh -c "[ \"\$(ip netns exec $S pppctl -s $SOCK /ppp active print count-only where service=ipsec)\" = 0 ]"
	done
	ctl /ip ipsec peer set ike2 profile=ike2 &&
		ctl /ip ipsec policy set "[find group=ike2-policies]" proposal=ike2
	[ -z "$failed" ] || { echo "refused:$failed"; return 1; }
}

# "RouterOS client configuration" on a second sluiced in C (the stock client stopped): it
# imports the PKCS#12, asks for an address, gets one from S, and traffic from that address
# reaches the LAN; C shows the peer, S the session.
SOCK_C=/run/sluice/ikev2-c.sock
ctl_c() { C_ pppctl -s "$SOCK_C" "$@"; }
write_client_rsc() {
	cat >"$D/client.rsc" <<'E'
/ip ipsec profile
add name=ike2-rw
/ip ipsec proposal
add name=ike2-rw pfs-group=none
/ip ipsec policy group
add name=ike2-rw
/ip ipsec policy
add group=ike2-rw proposal=ike2-rw template=yes
/ip ipsec mode-config
add name=ike2-rw responder=no
E
}

# the address C's charon put on an interface of C (a mode-config client's)
client_router_vip() {
	C_ ip -4 -o addr show | awk '$4 ~ /^192\.168\.77\./ { sub("/.*", "", $4); print $4; exit }'
}

test_sluiced_client() {
	local cert vip
	ipsec_peer_stop "$C" "$CL"
	mkdir -p "$D/state-c/files"
	cp "$D/state/files/cert_export_rw-client1.p12" "$D/state-c/files/" || return 1
	write_client_rsc
	: >"$D/sluiced-c.rsc"
	start_daemon sluiced-c "$C" sluiced -f -d -s "$SOCK_C" -D "$D/state-c" -c "$D/sluiced-c.rsc"
	wait_for 10 test -S "$SOCK_C" || return 1
	ctl_c /certificate import file-name=cert_export_rw-client1.p12 passphrase="$P12PASS" \
		trusted=yes || return 1
	cert=$(ctl_c -j /certificate print | jq -r 'first(.[] | select(.["common-name"] == "rw-client1") | .name) // empty')
	[ -n "$cert" ] || { ctl_c /certificate print; return 1; }
	ctl_c /import file="$D/client.rsc" &&
		ctl_c /ip ipsec peer add address=2.2.2.2/32 exchange-mode=ike2 name=ike2-rw-client &&
		ctl_c /ip ipsec identity add auth-method=digital-signature certificate="$cert" \
			generate-policy=port-strict mode-config=ike2-rw peer=ike2-rw-client \
			policy-template-group=ike2-rw || return 1
	attach_log "$D/state-c/ipsec/charon.log"
	wait_for 60 sh -c "ip netns exec $C ip -4 -o addr show | grep -q ' 192\.168\.77\.'" ||
		{ tail -n 40 "$D/state-c/ipsec/charon.log"; show_server; return 1; }
	vip=$(client_router_vip)
	echo "C's address from S: $vip"
	ctl_c /ip ipsec active-peers print
	ctl /ppp active print
	C_ ip route replace 10.5.8.0/24 dev c0 src "$vip" &&
		C_ ping -c 3 -W 3 -i 0.3 -I "$vip" 10.5.8.2 >/dev/null || { show_server; return 1; }
	ctl_c -j /ip ipsec active-peers print | jq -e 'any(.[]; .["remote-address"] == "2.2.2.2")' >/dev/null &&
		[ "$(ipsec_session_row address)" = "$vip" ] || return 1
	ctl_c /ip ipsec identity remove "[find]"
	C_ ip route del 10.5.8.0/24 2>/dev/null
	wait_for 30 sh -c "[ \"\$(ip netns exec $S pppctl -s $SOCK /ppp active print count-only where service=ipsec)\" = 0 ]"
}

# The same sluiced client against a stock strongSwan server (swanctl: a pool, PSK), which
# takes S's place: an address from its pool, traffic to the LAN.
test_sluiced_client_stock_server() {
	local sw=$D/stock vip
	daemon_alive sluiced-c || return 1
	stop_daemon sluiced 10
	S_ ip xfrm state flush && S_ ip xfrm policy flush
	mkdir -p "$sw"
	ipsec_peer_start "$S" "$sw" || return 1
	cat >"$sw/conf.d/rw.conf" <<'E'
connections {
  rw {
    version = 2
    local_addrs = 2.2.2.2
    pools = stock-pool
    local { auth = psk
      id = 2.2.2.2 }
    remote { auth = psk }
    children { rw { local_ts = 10.5.8.0/24 } }
  }
}
pools { stock-pool { addrs = 192.168.78.0/24 } }
secrets { ike-rw { secret = "stock-psk" } }
E
	ipsec_load "$sw" || return 1
	ctl_c /ip ipsec identity add auth-method=pre-shared-key secret=stock-psk \
		generate-policy=port-strict mode-config=ike2-rw peer=ike2-rw-client \
		policy-template-group=ike2-rw || return 1
	wait_for 60 sh -c "ip netns exec $C ip -4 -o addr show | grep -q ' 192\.168\.78\.'" ||
		{ tail -n 40 "$D/state-c/ipsec/charon.log"; tail -n 20 "$sw/charon.log"; return 1; }
	vip=$(C_ ip -4 -o addr show | awk '$4 ~ /^192\.168\.78\./ { sub("/.*", "", $4); print $4; exit }')
	echo "C's address from the stock server: $vip"
	C_ ip route replace 10.5.8.0/24 dev c0 src "$vip" &&
		C_ ping -c 3 -W 3 -i 0.3 -I "$vip" 10.5.8.2 >/dev/null || return 1
	ipsec_sa_established "$sw" rw && ctl_c /ip ipsec active-peers print
	stop_daemon sluiced-c 10
}

test_dmesg_clean() { dmesg_clean; }

run_test "ikev2: set-up, client C, sluiced S, LAN L with FreeRADIUS" test_setup
run_test "ikev2: the page's road-warrior server imports, the client's PKCS#12 exported" test_page_import
run_test "ikev2: certificate client: pool address, DNS, split, ping, iperf3, /ppp active" test_certificate_client
run_test "ikev2: accounting Start/Interim/Stop with bytes; remove ends the IKE SA" test_accounting_and_remove
run_test "ikev2: PSK client beside the certificate identity" test_psk_client
run_test "ikev2: Windows' DHCPINFORM through the tunnel gets split-include as option 249" test_windows_dhcp_inform
run_test "ikev2: EAP-MSCHAPv2 against /ppp secret: address, session-timeout, refusal" test_eap_local_secret
run_test "ikev2: EAP relayed to FreeRADIUS: its Framed-IP; Disconnect by name and address" test_eap_relayed_radius
run_test "ikev2: a CoA's Session-Timeout ends a relayed session" test_eap_coa_session_timeout
run_test "ikev2: the Windows 10, macOS, iOS, Android sets against the default profile" test_os_proposal_sets
run_test "ikev2: sluiced as the page's RouterOS client against sluiced" test_sluiced_client
run_test "ikev2: sluiced as client against a stock strongSwan server" test_sluiced_client_stock_server
run_test "dmesg: no oops, warning or leak report" test_dmesg_clean
summary
