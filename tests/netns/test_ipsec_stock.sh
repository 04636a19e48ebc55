#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The stock L2TP/IPsec harness (lib_ipsec.sh) proved against itself: Debian's strongSwan +
# xl2tpd + pppd as the client, the same as the server. The sluiced tests (test_l2tp_ipsec.sh,
# and the dial-out client's later) stand on it. Ten minutes under emulation: make check-long.
# check: long
#
#   +-----------------------------------+          +-----------------------------------+
#   | ns S (stock server)               |   veth   | ns C (stock client)               |
#   | s0 10.9.0.1/24                    |----------| c0 10.9.0.2/24                    |
#   | charon (responder, IKEv1 + IKEv2) |          | charon (initiator), transport     |
#   | xl2tpd LNS UDP 1701, pppd per call|          | CHILD_SA for udp/1701 both ends,  |
#   | ppp 10.210.0.1, pool .10-.20      |          | xl2tpd LAC on UDP 1701, pppd pppN |
#   +-----------------------------------+          +-----------------------------------+
#
# L2TP (UDP 1701 <-> 1701) rides the transport-mode ESP SA the xfrm policies of the CHILD_SA
# select; the ESP SAs' kernel counters (`ip -s xfrm state`) show that it did.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-l2tp.sh"
. "$(dirname "$0")/lib_ipsec.sh"
D=$NETNS_TEST_DIR
PSK=stock-psk-1

S_() { ip netns exec "$S" "$@"; }

no_esp_in_c() { ipsec_no_esp "$C"; }

# After every test: no LAC, no pppd, no SA left in C (charon stays); the server's pppd gone.
stop_clients() {
	ipsec_stop_l2tp_clients "$C" "$D/cli"
	wait_for 30 sh -c "! ip netns pids $S | xargs -r ps -o comm= -p | grep -qx pppd"
	return 0
}

test_setup() {
	modprobe ppp_generic && modprobe ppp_async || return 1
	setup_ns S C && veth_pair "$S" s0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	ipsec_chap_secrets "$D" alice alice-pass
	ipsec_l2tp_stock_server "$S" "$D/srv" "$PSK" || return 1
	ipsec_peer_start "$C" "$D/cli" || return 1
	echo "charon plugins:$(ipsec_plugins)"
	ipsec_swanctl "$D/srv" --list-conns | head -n 12
}

# l2tp_over_ipsec NAME VERSION IKE ESP UNIT: the client's connection NAME up, an L2TP call
# through it (pppUNIT), pings through PPP, and the ESP SAs at both ends counted them
l2tp_over_ipsec() {
	local name=$1 unit=$5 before_c before_s after_c after_s
	ipsec_l2tp_client_conf "$D/cli" "$name" 10.9.0.1 "$PSK" "$2" "$3" "$4"
	ipsec_load "$D/cli" && ipsec_initiate "$D/cli" "$name" || return 1
	ipsec_sa_established "$D/cli" "$name" || return 1
	echo "IKE_SA $name: version $(ipsec_child_get "$D/cli" "$name" ike:version)," \
		"$(ipsec_child_get "$D/cli" "$name" ike:encr-alg)/$(ipsec_child_get "$D/cli" "$name" ike:dh-group);" \
		"CHILD_SA mode $(ipsec_child_get "$D/cli" "$name" mode)" \
		"$(ipsec_child_get "$D/cli" "$name" encr-alg)/$(ipsec_child_get "$D/cli" "$name" integ-alg)"
	[ "$(ipsec_child_get "$D/cli" "$name" ike:version)" = "$2" ] &&
		[ "$(ipsec_child_get "$D/cli" "$name" mode)" = TRANSPORT ] || return 1
	before_c=$(ipsec_esp_packets "$C")
	before_s=$(ipsec_esp_packets "$S")
	lac_start lac1 1701 || return 1
	lac_dial lac1 "$unit" alice alice-pass "${MS2[@]}"
	up "$unit" || return 1
	C_ ping -c 5 -W 3 -i 0.3 -I "ppp$unit" 10.210.0.1 >/dev/null || return 1
	after_c=$(ipsec_esp_packets "$C")
	after_s=$(ipsec_esp_packets "$S")
	echo "ESP packets over the call and the pings: client $((after_c - before_c)), server $((after_s - before_s))"
	ipsec_esp_states "$C"
	# 5 pings each way and the L2TP/PPP set-up, all in ESP
	[ $((after_c - before_c)) -ge 10 ] && [ $((after_s - before_s)) -ge 10 ] || return 1
	# the server's xl2tpd had the tunnel from the client's UDP 1701, which the SA's
	# policies (level required) let through only in ESP
	grep -q 'Connection established to 10.9.0.2, 1701' "$NETNS_TEST_DIR/xl2tpd-srv.log"
}

test_ikev1_main_psk() {
	l2tp_over_ipsec v1 1 "aes128-sha256-modp2048,aes128-sha1-modp1024" "aes128-sha256,aes128-sha1" 10
}

test_ikev2_psk() {
	l2tp_over_ipsec v2 2 "aes256-sha256-modp2048" "aes256-sha256" 11
}

# Each OS's proposal set (lib_ipsec.sh) proposed exactly, one set at a time: the server's
# charon received exactly that many IKE and ESP proposals, and IKE_SA and CHILD_SA came up.
test_os_proposal_sets() {
	local os ike esp n_ike n_esp rc=0
	for os in $IPSEC_OS_SETS; do
		read -r ike esp <<<"$(ipsec_os_proposals "$os")"
		ipsec_l2tp_client_conf "$D/cli" "os-$os" 10.9.0.1 "$PSK" 1 "$ike" "$esp"
		if ! ipsec_load "$D/cli" || ! ipsec_initiate "$D/cli" "os-$os" ||
			! ipsec_sa_established "$D/cli" "os-$os"; then
			echo "$os: not established"
			rc=1
			continue
		fi
		n_ike=$(ipsec_proposals_received "$D/srv" IKE | wc -l)
		n_esp=$(ipsec_proposals_received "$D/srv" ESP | wc -l)
		printf '{"os":"%s","ike_sent":%d,"ike_received":%d,"esp_sent":%d,"esp_received":%d,"ike":"%s/%s/%s","esp":"%s/%s"}\n' \
			"$os" "$(echo "$ike" | tr ',' '\n' | wc -l)" "$n_ike" \
			"$(echo "$esp" | tr ',' '\n' | wc -l)" "$n_esp" \
			"$(ipsec_child_get "$D/cli" "os-$os" ike:encr-alg)" \
			"$(ipsec_child_get "$D/cli" "os-$os" ike:integ-alg)" \
			"$(ipsec_child_get "$D/cli" "os-$os" ike:dh-group)" \
			"$(ipsec_child_get "$D/cli" "os-$os" encr-alg)" \
			"$(ipsec_child_get "$D/cli" "os-$os" integ-alg)"
		[ "$n_ike" = "$(echo "$ike" | tr ',' '\n' | wc -l)" ] &&
			[ "$n_esp" = "$(echo "$esp" | tr ',' '\n' | wc -l)" ] || rc=1
		ipsec_terminate "$D/cli" "os-$os"
		rm -f "$D/cli/conf.d/os-$os.conf"
		wait_for 20 no_esp_in_c || rc=1
	done
	return $rc
}

# Every algorithm of the OS sets is there: IKE's in charon (swanctl --list-algs), ESP's in
# the kernel (an xfrm state with it can be added in C). One JSON object a line.
IKE_ALGS="AES_CBC 3DES_CBC DES_CBC HMAC_SHA1_96 HMAC_SHA2_256_128 HMAC_SHA2_512_256 HMAC_MD5_96
	PRF_HMAC_SHA1 PRF_HMAC_SHA2_256 PRF_HMAC_SHA2_512 PRF_HMAC_MD5 MODP_1024 MODP_1536 MODP_2048
	ECP_256 ECP_384"
# ESP: each cipher with hmac(sha1), each MAC with cbc(aes); ip-xfrm names, key bytes
ESP_PAIRS="cbc(aes):32/hmac(sha1):20 cbc(des3_ede):24/hmac(sha1):20 cbc(des):8/hmac(sha1):20
	ecb(cipher_null):0/hmac(sha1):20 cbc(aes):32/hmac(md5):16 cbc(aes):32/hmac(sha256):32"
key_of() { [ "$1" -gt 0 ] && printf '0x%0*d' $(($1 * 2)) 1 || printf '""'; }
# esp_alg_ok ENC:LEN AUTH:LEN: an ESP state with these can be added in C (and is removed)
esp_alg_ok() {
	local enc=${1%:*} elen=${1#*:} auth=${2%:*} alen=${2#*:} rc
	eval "ip -n $C xfrm state add src 10.9.0.2 dst 10.9.0.99 proto esp spi 0x4242 mode transport \
		enc '$enc' $(key_of "$elen") auth '$auth' $(key_of "$alen")" 2>/dev/null
	rc=$?
	ip -n "$C" xfrm state delete src 10.9.0.2 dst 10.9.0.99 proto esp spi 0x4242 2>/dev/null
	return $rc
}
# json_ok KIND NAME WHERE CMD...: prints {"KIND":"NAME","WHERE":true|false}, CMD's verdict
json_ok() {
	local kind=$1 name=$2 where=$3 ok=false
	shift 3
	"$@" && ok=true
	echo "{\"$kind\":\"$name\",\"$where\":$ok}"
	[ $ok = true ]
}
test_algorithms_available() {
	local a enc auth algs rc=0
	algs=$(ipsec_swanctl "$D/cli" --list-algs 2>/dev/null | sed -n 's/^ *\([A-Z0-9_]*\)\[.*/\1/p')
	for a in $IKE_ALGS; do
		json_ok ike "$a" charon grep -qx "$a" <<<"$algs" || rc=1
	done
	for a in $ESP_PAIRS; do
		enc=${a%/*} auth=${a#*/}
		json_ok esp "${enc%:*}+${auth%:*}" kernel esp_alg_ok "$enc" "$auth" || rc=1
	done
	return $rc
}

# charon stopped in both namespaces: no SA, no policy left, no process
test_peers_stop_clean() {
	ipsec_peer_stop "$C" "$D/cli" || return 1
	stop_daemon xl2tpd-srv 5
	ipsec_peer_stop "$S" "$D/srv" || return 1
	echo "xfrm left: C $(ip -n "$C" xfrm state | wc -l)/$(ip -n "$C" xfrm policy | wc -l)," \
		"S $(ip -n "$S" xfrm state | wc -l)/$(ip -n "$S" xfrm policy | wc -l)"
	[ -z "$(ip -n "$C" xfrm state)$(ip -n "$C" xfrm policy)$(ip -n "$S" xfrm state)$(ip -n "$S" xfrm policy)" ]
}

trap 'ipsec_restore_chap_secrets "$D"; cleanup' EXIT
t "stock: set-up, strongSwan + xl2tpd server in S, charon in C" test_setup
t "stock: IKEv1 main mode PSK, L2TP call, ping, ESP counters" test_ikev1_main_psk
t "stock: IKEv2 PSK, L2TP call, ping, ESP counters" test_ikev2_psk
t "stock: Windows, macOS, iOS, Android proposal sets, exactly" test_os_proposal_sets
t "stock: every algorithm of those sets in charon and the kernel" test_algorithms_available
run_test "stock: both charons stop, no SA or policy left" test_peers_stop_clean
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
