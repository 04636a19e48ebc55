# SPDX-License-Identifier: GPL-2.0
# Stock strongSwan (Debian's charon + swanctl) as an IPsec peer in a test's network namespace,
# and stock L2TP/IPsec clients and servers built from it, xl2tpd and pppd. Source lib.sh
# first (and lib-l2tp.sh for the L2TP client side: lac_start, lac_dial, up).
#
# Every charon is private to its namespace and to its directory DIR, so that several run at
# once and the VM's (or a router's) own strongSwan is never touched:
# - DIR/strongswan.conf, given as STRONGSWAN_CONF, replaces /etc/strongswan.conf: no include
#   of /etc/strongswan.d, `load =` the plugins of /usr/lib/ipsec/plugins it needs (never
#   stroke, which reads /etc/ipsec.*, nor updown), the vici socket DIR/charon.vici, the log
#   DIR/charon.log (cfg at level 2: the proposals received and selected are in it);
# - charon's pid file is compiled in as /run/charon.pid: it runs under `unshare -m` with a
#   tmpfs of its own on /run (daemon/ipsec/charon.c does the same for sluiced's charon);
# - swanctl talks to it with --uri unix://DIR/charon.vici and loads DIR/swanctl.conf, which
#   includes DIR/conf.d/*.conf: one file per connection, written by the functions below.
# charon is started with lib.sh's start_daemon, so the test's cleanup stops it; on SIGTERM
# charon deletes its SAs and policies, and ipsec_peer_stop flushes what might be left.
#
# Functions:
#   ipsec_peer_start NS DIR             charon up in NS, vici answering
#   ipsec_peer_stop NS DIR              charon stopped, NS's xfrm states and policies flushed
#   ipsec_swanctl DIR ARGS...           swanctl against DIR's charon
#   ipsec_load DIR                      (re)load DIR/swanctl.conf (connections and secrets)
#   ipsec_l2tp_client_conf DIR NAME SERVER PSK VERSION IKE_PROPOSALS ESP_PROPOSALS
#                                       an L2TP/IPsec road warrior: IKEv1 main mode (1) or
#                                       IKEv2 (2) with PSK, transport mode, local_ts and
#                                       remote_ts dynamic[udp/1701]; IKE and CHILD are NAME
#   ipsec_l2tp_server_conf DIR NAME PSK [IKE_PROPOSALS [ESP_PROPOSALS]]
#                                       a responder for such clients (IKEv1 and IKEv2): local
#                                       udp/1701, remote any udp port
#   ipsec_initiate DIR NAME [SECONDS]   initiate CHILD NAME (and its IKE_SA)
#   ipsec_terminate DIR NAME            terminate IKE_SA NAME
#   ipsec_sas_json DIR                  the IKE_SAs (swanctl --list-sas --raw) as JSON
#   ipsec_sa_established DIR NAME       IKE_SA NAME ESTABLISHED with a CHILD_SA INSTALLED
#   ipsec_ike_count DIR                 how many IKE_SAs DIR's charon holds
#   ipsec_child_get DIR NAME KEY        KEY of IKE_SA NAME's first CHILD_SA (e.g. encr-alg)
#   ipsec_esp_states NS                 NS's ESP SAs from `ip -s xfrm state`, one JSON object
#                                       a line: {"src","dst","spi","bytes","packets"}
#   ipsec_esp_packets NS                the packets of all of NS's ESP SAs, added up
#   ipsec_proposals_received DIR KIND   the proposals of the last "received proposals:" line
#                                       of KIND (IKE or ESP) in DIR's log, one a line
#   ipsec_l2tp_stock_server NS DIR PSK [IKE [ESP]]
#                                       a stock L2TP/IPsec server in NS: charon (responder),
#                                       xl2tpd as the LNS on UDP 1701 and pppd per call
#                                       (MS-CHAPv2 against /etc/ppp/chap-secrets, see
#                                       ipsec_chap_secrets; pool 10.210.0.10-20, 10.210.0.1)
#   ipsec_stop_l2tp_clients NS DIR      pppd, LACs (lac*), iperf and DIR's IKE_SAs gone from NS
#   ipsec_ns_pids NS NAME               NS's processes named NAME
#   ipsec_chap_secrets DIR USER PASS    /etc/ppp/chap-secrets in the VM's overlay holds USER
#                                       (the original kept in DIR, put back by
#                                       ipsec_restore_chap_secrets DIR)

IPSEC_PLUGIN_DIR=${IPSEC_PLUGIN_DIR:-/usr/lib/ipsec/plugins}
IPSEC_CHARON=${IPSEC_CHARON:-/usr/lib/ipsec/charon}
# what an L2TP/IPsec peer needs: the crypto of libstrongswan and strongswan-charon, then
# libstrongswan-standard-plugins' openssl (3DES, DES, ECP, curve25519 through OpenSSL), gcm
# and curve25519 (a plugin of its own in some builds) where they are installed
# In Debian's own charon's order where it matters: the first plugin offering an algorithm
# serves it, and Debian's charon (as sluiced's) takes AES from aesni and MODP from openssl;
# with gmp first, every Diffie-Hellman would be several times slower than a stock server's.
IPSEC_WANTED_PLUGINS="random nonce aesni openssl drbg aes des sha1 sha2 sha3 md5 hmac xcbc cmac
	kdf fips-prf mgf1 gmp curve25519 gcm chapoly pem pkcs1 pkcs8 x509 pubkey eap-identity
	eap-mschapv2"

ipsec_plugins() {
	local p
	for p in $IPSEC_WANTED_PLUGINS; do
		[ -e "$IPSEC_PLUGIN_DIR/libstrongswan-$p.so" ] && printf ' %s' "$p"
	done
	printf ' kernel-netlink socket-default vici\n'
}

ipsec_write_strongswan_conf() {
	local dir=$1
	cat >"$dir/strongswan.conf" <<E
# written by lib_ipsec.sh for a test's own charon
charon {
  load =$(ipsec_plugins)
  install_routes = no
  install_virtual_ip = no
  retransmit_timeout = 2
  retransmit_tries = 3
  plugins {
    vici {
      socket = unix://$dir/charon.vici
    }
  }
  filelog {
    charon {
      path = $dir/charon.log
      time_format = %b %e %T
      flush_line = yes
      default = 1
      cfg = 2
    }
  }
}
swanctl {
  load = pem pkcs1 pkcs8 x509 pubkey random openssl
}
E
	printf 'include conf.d/*.conf\n' >"$dir/swanctl.conf"
}

# the start_daemon name of DIR's charon
ipsec_daemon() { echo "charon-$(basename "$1")"; }

# ipsec_swanctl DIR COMMAND [OPTIONS...]: swanctl takes --uri after its command
ipsec_swanctl() {
	local dir=$1 cmd=$2
	shift 2
	STRONGSWAN_CONF=$dir/strongswan.conf swanctl "$cmd" --uri "unix://$dir/charon.vici" "$@"
}

# ipsec_peer_start NS DIR: charon in NS with DIR's files, up and answering on vici
ipsec_peer_start() {
	local ns=$1 dir=$2
	local sub
	# swanctl --load-all reads these beside swanctl.conf and complains when they are missing
	for sub in conf.d x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa \
		bliss pkcs8 pkcs12; do
		mkdir -p "$dir/$sub" || return 1
	done
	chmod 700 "$dir"
	ipsec_write_strongswan_conf "$dir"
	attach_log "$dir/charon.log"
	# sh execs charon: the pid start_daemon keeps is charon's
	start_daemon "$(ipsec_daemon "$dir")" "$ns" unshare -m --propagation private \
		sh -c 'mount -t tmpfs -o mode=0755 tmpfs /run && exec env STRONGSWAN_CONF="$1" "$2"' \
		sh "$dir/strongswan.conf" "$IPSEC_CHARON"
	wait_for 30 ipsec_swanctl "$dir" --stats
}

# ipsec_peer_stop NS DIR: charon gone (its SAs deleted), nothing of IPsec left in NS
ipsec_peer_stop() {
	local ns=$1 dir=$2 rc=0
	stop_daemon "$(ipsec_daemon "$dir")" 10 || rc=1
	ip -n "$ns" xfrm state flush 2>/dev/null
	ip -n "$ns" xfrm policy flush 2>/dev/null
	rm -f "$dir/charon.vici"
	return $rc
}

ipsec_load() { ipsec_swanctl "$1" --load-all --file "$1/swanctl.conf" >"$1/load.out" 2>&1 ||
	{ cat "$1/load.out"; return 1; }; }

# ipsec_write_conn DIR NAME PSK VERSION IKE ESP REMOTE_TS [CONNECTION LINES...]: DIR/conf.d/
# NAME.conf, an L2TP/IPsec connection NAME with its CHILD_SA NAME (transport mode, local
# udp/1701, remote REMOTE_TS) and its PSK; the lines go into the connection's section
ipsec_write_conn() {
	local dir=$1 name=$2 psk=$3 version=$4 ike=$5 esp=$6 remote_ts=$7 child_extra=""
	shift 7
	# an initiator's CHILD_SA waits for ipsec_initiate
	[ "$remote_ts" = "dynamic[udp/1701]" ] && child_extra="start_action = none"
	{
		printf 'connections {\n  %s {\n    version = %s\n    proposals = %s\n' "$name" "$version" "$ike"
		printf '    %s\n' "rekey_time = 0" "$@"
		printf '    local { auth = psk }\n    remote { auth = psk }\n    children {\n'
		printf '      %s {\n        mode = transport\n        local_ts = dynamic[udp/1701]\n' "$name"
		printf '        remote_ts = %s\n        esp_proposals = %s\n' "$remote_ts" "$esp"
		printf '        dpd_action = clear\n        %s\n      }\n    }\n  }\n}\n' "$child_extra"
		printf 'secrets {\n  ike-%s { secret = "%s" }\n}\n' "$name" "$psk"
	} >"$dir/conf.d/$name.conf"
}

# ipsec_l2tp_client_conf DIR NAME SERVER PSK VERSION IKE_PROPOSALS ESP_PROPOSALS
# The proposals are strongSwan's strings (comma-separated lists, e.g. "aes256-sha1-modp1024,
# 3des-sha1-modp1024"); swanctl adds nothing to them (no "default"), so the client proposes
# exactly these, in this order. Its L2TP goes from UDP 1701 to 1701, as the common clients'.
ipsec_l2tp_client_conf() {
	ipsec_write_conn "$1" "$2" "$4" "$5" "$6" "$7" "dynamic[udp/1701]" "remote_addrs = $3"
}

# ipsec_l2tp_server_conf DIR NAME PSK [IKE_PROPOSALS [ESP_PROPOSALS]]: a responder for
# L2TP/IPsec road warriors of either IKE version, from any UDP port; by default it accepts
# strongSwan's default proposals and the legacy algorithms the common clients offer
IPSEC_SERVER_IKE="aes256-aes128-3des-sha512-sha256-sha1-md5-ecp384-ecp256-modp2048-modp1536-modp1024,default"
IPSEC_SERVER_ESP="aes256-aes128-3des-des-null-sha256-sha1-md5,default"
ipsec_l2tp_server_conf() {
	ipsec_write_conn "$1" "$2" "$3" 0 "${4:-$IPSEC_SERVER_IKE}" "${5:-$IPSEC_SERVER_ESP}" \
		"dynamic[udp]"
}

ipsec_initiate() {
	ipsec_swanctl "$1" --initiate --child "$2" --timeout "${3:-30}" >"$1/initiate-$2.out" 2>&1 ||
		{ tail -n 20 "$1/initiate-$2.out"; return 1; }
}

ipsec_terminate() {
	ipsec_swanctl "$1" --terminate --ike "$2" --timeout 20 >/dev/null 2>&1
}

ipsec_sas_json() {
	ipsec_swanctl "$1" --list-sas --raw 2>/dev/null | python3 "$(dirname "${BASH_SOURCE[0]}")/swanctl_json.py"
}

# IKE_SA NAME is ESTABLISHED and one of its CHILD_SAs INSTALLED
ipsec_sa_established() {
	ipsec_sas_json "$1" | jq -e --arg n "$2" 'any(.[]; .[$n] != null and .[$n].state == "ESTABLISHED" and
		any(.[$n]["child-sas"] // {} | .[]; .state == "INSTALLED"))' >/dev/null
}

ipsec_ike_count() { ipsec_sas_json "$1" | jq 'length'; }

# ipsec_child_get DIR NAME KEY: KEY of IKE_SA NAME's first CHILD_SA (encr-alg, integ-alg,
# spi-in, bytes-in, packets-out, ...); the IKE_SA's own keys with KEY prefixed "ike:"
ipsec_child_get() {
	ipsec_sas_json "$1" | jq -r --arg n "$2" --arg k "$3" 'first(.[] | select(.[$n] != null) | .[$n]) |
		if ($k | startswith("ike:")) then .[$k[4:]] else first(.["child-sas"][]) | .[$k] end // empty'
}

# ipsec_esp_states NS: NS's ESP SAs with their kernel counters, one JSON object a line
ipsec_esp_states() {
	ip -n "$1" -s xfrm state | awk '
		/^src / { src = $2; dst = $4 }
		/proto esp spi/ { for (i = 1; i < NF; i++) if ($i == "spi") spi = $(i + 1); sub(/\(.*/, "", spi); esp = 1 }
		/lifetime current:/ { cur = 1; next }
		cur && esp { gsub(/[(),a-z]/, " "); printf "{\"src\":\"%s\",\"dst\":\"%s\",\"spi\":\"%s\",\"bytes\":%d,\"packets\":%d}\n", src, dst, spi, $1, $2; cur = 0; esp = 0 }'
}

ipsec_esp_packets() { ipsec_esp_states "$1" | jq -s 'map(.packets) | add // 0'; }

# ipsec_proposals_received DIR KIND: the proposals (IKE or ESP) of the last "received
# proposals:" line in DIR's charon log, one a line
ipsec_proposals_received() {
	grep 'received proposals:' "$1/charon.log" | grep " $2:" | tail -n 1 |
		sed 's/.*received proposals: //; s/, /\n/g'
}

# ipsec_ns_pids NS NAME: NS's processes named NAME
ipsec_ns_pids() {
	local l
	l=$(ip netns pids "$1" | paste -sd,)
	[ -n "$l" ] && ps -o pid=,comm= -p "$l" | awk -v n="$2" '$2 == n { print $1 }'
}

ipsec_no_esp() { [ -z "$(ipsec_esp_states "$1")" ]; }

# ipsec_stop_l2tp_clients NS DIR: the L2TP/IPsec clients in NS hang up: pppd first (its LCP
# Terminate and xl2tpd's CDN still reach the server through the SA), then the LACs and
# iperf (start_daemon names lac*, iperf), then every IKE_SA of DIR's charon, which stays
ipsec_stop_l2tp_clients() {
	local ns=$1 dir=$2 d ike
	ipsec_ns_pids "$ns" pppd | xargs -r kill 2>/dev/null
	wait_for 10 sh -c "! ip netns pids $ns | xargs -r ps -o comm= -p | grep -qx pppd"
	for d in "${DAEMONS[@]}"; do
		case $d in lac*|iperf) stop_daemon "$d" 5 ;; esac
	done
	for ike in $(ipsec_sas_json "$dir" | jq -r '.[] | keys[]' 2>/dev/null); do
		ipsec_terminate "$dir" "$ike"
	done
	wait_for 20 ipsec_no_esp "$ns"
}

ipsec_chap_secrets() {
	local dir=$1
	[ -f /etc/ppp/chap-secrets ] && [ ! -f "$dir/chap-secrets.orig" ] &&
		cp -p /etc/ppp/chap-secrets "$dir/chap-secrets.orig"
	printf '%s * "%s" *\n' "$2" "$3" >/etc/ppp/chap-secrets
	chmod 600 /etc/ppp/chap-secrets
}

ipsec_restore_chap_secrets() {
	[ -f "$1/chap-secrets.orig" ] && cp -p "$1/chap-secrets.orig" /etc/ppp/chap-secrets
	return 0
}

# ipsec_l2tp_stock_server NS DIR PSK [IKE [ESP]]: strongSwan as the responder (connection
# "l2tp-server"), xl2tpd as the LNS on UDP 1701 in pty mode (as lib-l2tp.sh's LACs), pppd per
# call requiring MS-CHAPv2 (not MPPE); pppd logs to DIR/pppd-server.log
ipsec_l2tp_stock_server() {
	local ns=$1 dir=$2 psk=$3
	ipsec_peer_start "$ns" "$dir" || return 1
	ipsec_l2tp_server_conf "$dir" l2tp-server "$psk" "${4:-}" "${5:-}"
	ipsec_load "$dir" || return 1
	xl2tpd_lns_conf "$dir/lns-options" >"$dir/xl2tpd.conf"
	printf '%s\n' "name xl2tpd" refuse-pap refuse-chap refuse-mschap require-mschap-v2 \
		nodefaultroute nobsdcomp nodeflate novj novjccomp "lcp-echo-interval 5" \
		"lcp-echo-failure 3" debug "logfile $dir/pppd-server.log" >"$dir/lns-options"
	attach_log "$dir/pppd-server.log"
	start_daemon "xl2tpd-$(basename "$dir")" "$ns" xl2tpd -D -c "$dir/xl2tpd.conf" \
		-p "$dir/xl2tpd.pid" -C "$dir/xl2tpd.control"
	wait_for 10 sh -c "ip netns exec $ns ss -uln | grep -q ':1701 '"
}

# The IKE (phase 1, IKEv1 main mode, PSK) and ESP (phase 2, quick mode) proposal sets the
# built-in L2TP/IPsec clients send, as strongSwan proposal strings, one proposal a comma in
# the order the client sends them (ipsec_os_proposals OS prints "IKE ESP"):
#
# windows: Windows 10 and 11, "L2TP/IPsec with pre-shared key", no registry changes.
#   IKE: the ECP groups first (libreswan issues #26 and #102 and NetworkManager-l2tp issue
#   #169 show pluto refusing "OAKLEY_GROUP 20" then "19", i.e. aes256-sha1-ecp384 and
#   aes128-sha1-ecp256, then settling on aes256-sha1-modp2048), then MODP-2048 and
#   3DES/SHA1/MODP-1024, Microsoft's long-standing default (Microsoft KB 325158, "Default
#   encryption settings for the Microsoft L2TP/IPSec VPN client": 3DES, SHA1, DH group 2,
#   ESP transport; coolsnowwolf/luci issue #150: strongSwan selects 3DES_CBC/HMAC_SHA1_96/
#   MODP_1024 from a Windows main mode). The NetworkManager-l2tp README's "Prevalent
#   Algorithms" (a merge of the Windows 10 and macOS/iOS proposals) holds exactly these
#   beside the Apple ones below.
#   ESP: strongSwan's "Windows Clients" page (docs.strongswan.org, interop/windowsClients):
#   "the ESP proposals still contain the weak single DES and even NULL encryption algorithms
#   and data integrity is restricted to SHA1: esp = aes256-aes128-3des-des-null-sha1" (said
#   of the RAS client's IKEv2 proposals; its L2TP quick mode uses the same RAS IPsec policy,
#   which is our assumption, not a capture).
# macos: macOS's built-in L2TP over IPSec (racoon-based, Apple's ppp/IPSec code).
#   14 IKE transforms, all received by strongSwan in kitten/setup-strong-strongswan PR #28
#   and apache/cloudstack PR #872 (identical lists, charon "received proposals"), and
#   evokelektrique/tunnel-forge issue #13 ("macOS offers 14 Phase 1 transforms", the
#   server selecting #13, 3des/sha1/modp1024, as in this list). Lifetime 3600 s.
#   ESP: the same two threads: AES-256, AES-128, 3DES, each with SHA1 then MD5.
# ios: iOS and iPadOS use the same IPSec/racoon stack and L2TP configuration code as macOS
#   (Apple's open-source ppp project, IPSecCreateL2TPDefaultConfiguration); we found no iOS
#   capture of its own, so the set is macOS's.
# android: Android's legacy VPN "L2TP/IPSec PSK" (racoon, AOSP external/ipsec-tools/setup.c:
#   add_proposal() for SHA/MD5 x AES-256, AES-128, 3DES, DES, all with dh_group MODP1024;
#   sainfo: hmac_sha1, hmac_md5 x aes 256, aes 128, 3des, des; no PFS). Main mode when no
#   IPsec identifier is set (aggressive mode with one). Android 12 and later no longer let a
#   user create such profiles; devices up to Android 11 still send this.
#   hwdsl2/setup-ipsec-vpn issue #101 shows Android 5 sending the AES and 3DES transforms in
#   this order.
# libstrongswan on Debian 12 has every algorithm in these sets: DES, 3DES and the ECP groups
# through the openssl plugin (libstrongswan-standard-plugins, OpenSSL's legacy provider for
# DES), MD5 through md5/openssl, NULL encryption and DES in ESP through the kernel
# (crypto_null, des_generic). None of the sets needs curve25519 or GCM.
IPSEC_OS_SETS="windows macos ios android"
IPSEC_IKE_windows="aes256-sha1-ecp384,aes128-sha1-ecp256,aes256-sha1-modp2048,3des-sha1-modp2048,3des-sha1-modp1024"
IPSEC_ESP_windows="aes256-sha1,aes128-sha1,3des-sha1,des-sha1,null-sha1"
IPSEC_IKE_macos="aes256-sha256-modp2048,aes256-sha1-modp2048,aes256-md5-modp2048,aes256-sha512-modp2048,aes256-sha256-modp1536,aes256-sha1-modp1536,aes256-md5-modp1536,aes256-sha256-modp1024,aes256-sha1-modp1024,aes256-md5-modp1024,aes128-sha1-modp1024,aes128-md5-modp1024,3des-sha1-modp1024,3des-md5-modp1024"
IPSEC_ESP_macos="aes256-sha1,aes256-md5,aes128-sha1,aes128-md5,3des-sha1,3des-md5"
IPSEC_IKE_ios=$IPSEC_IKE_macos
IPSEC_ESP_ios=$IPSEC_ESP_macos
IPSEC_IKE_android="aes256-sha1-modp1024,aes256-md5-modp1024,aes128-sha1-modp1024,aes128-md5-modp1024,3des-sha1-modp1024,3des-md5-modp1024,des-sha1-modp1024,des-md5-modp1024"
IPSEC_ESP_android="aes256-sha1,aes256-md5,aes128-sha1,aes128-md5,3des-sha1,3des-md5,des-sha1,des-md5"

ipsec_os_proposals() {
	local ike=IPSEC_IKE_$1 esp=IPSEC_ESP_$1
	[ -n "${!ike:-}" ] || return 1
	echo "${!ike} ${!esp}"
}

# each FUNC I...: FUNC for every client I at once (none may start daemons: the cleanup
# knows only those started in this shell); fails if any did, showing its output
each() {
	local f=$1 i rc=0
	shift
	declare -A pid
	for i in "$@"; do
		"$f" "$i" >"$NETNS_TEST_DIR/each-$f-$i.out" 2>&1 &
		pid[$i]=$!
	done
	for i in "$@"; do
		wait "${pid[$i]}" && continue
		rc=1
		echo "client $i: $f failed:"
		tail -n 5 "$NETNS_TEST_DIR/each-$f-$i.out"
	done
	return $rc
}

# ike_waves I...: the caller's ike_up for clients I..., IKE_WAVE of them at a time (a
# burst of every client at once outlasts the clients' retransmissions under emulation)
ike_waves() {
	local wave=()
	while [ $# -gt 0 ]; do
		wave+=("$1")
		shift
		if [ ${#wave[@]} -ge "$IKE_WAVE" ] || [ $# -eq 0 ]; then
			each ike_up "${wave[@]}" || return 1
			wave=()
		fi
	done
}
