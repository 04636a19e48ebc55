#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# /ip ipsec installed-sa and /ip ipsec statistics against the VM kernel's XFRM: ESP SAs
# added with `ip xfrm state add` (no charon: sluiced reads the kernel itself), counters
# moved by pings through matching `ip xfrm policy`s, a NAT-T SA (encap espinudp), the
# statistics against /proc/net/xfrm_stat, remove [find] (a marked SA too), flush by
# sa-type; and what a killed charon of sluiced's left (SAs in sluiced's SPI range, their
# partners and policies) removed when sluiced starts its charon, an administrator's kept.
#
#   ns R (router): r0 10.9.1.1/24, sluiced          ns C (peer): c0 10.9.1.2/24, 10.9.1.4/24
#   R <-> C: ESP transport, SPI 0x1001 (R to C), 0x1002 (C to R), ICMP only
#   R -> 10.9.1.4: ESP in UDP 4500 (NAT-T), SPI 0x3001, ICMP only (C cannot decapsulate it)
. "$(dirname "$0")/lib.sh"
SOCK=/run/sluice/ipsec-sa-test.sock
ctl() { R_ pppctl -s "$SOCK" "$@"; }
R_() { ip netns exec "$R" "$@"; }
C_() { ip netns exec "$C" "$@"; }
stop_clients() { :; }

AUTH=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
ENC=0xa0a1a2a3a4a5a6a7a8a9aaabacadaeaf

# esp NS_ SRC DST SPI [ip xfrm state options...] : a transport-mode ESP SA
esp() {
	local ns=$1 src=$2 dst=$3 spi=$4
	shift 4
	"$ns" ip xfrm state add src "$src" dst "$dst" proto esp spi "$spi" reqid 1 \
		mode transport replay-window 32 auth-trunc 'hmac(sha256)' "$AUTH" 128 \
		enc 'cbc(aes)' "$ENC" "$@"
}
# policy NS_ SRC DST DIR : ICMP from SRC to DST goes through ESP (reqid 1) in transport
# mode, whose template names the same two addresses in both directions
policy() {
	"$1" ip xfrm policy add src "$2/32" dst "$3/32" proto icmp dir "$4" \
		tmpl src "$2" dst "$3" proto esp reqid 1 mode transport
}

# sa SPI FILTER : the installed-sa row with this SPI holds for the jq FILTER
sa() { ctl -j /ip ipsec installed-sa print | jq -e --arg s "$1" "any(.[]; .spi == \$s and ($2))" >/dev/null; }
sa_get() { ctl -j /ip ipsec installed-sa print | jq -r --arg s "$1" ".[] | select(.spi == \$s) | .[\"$2\"]"; }
sa_count() { ctl /ip ipsec installed-sa print count-only "$@"; }
stat_of() { ctl_get "/ip ipsec statistics" "$1"; }
proc_stat() { R_ awk -v k="$1" '$1 == k { print $2 }' /proc/net/xfrm_stat; }

test_setup() {
	modprobe sluice 2>/dev/null	# sluiced runs without it too
	modprobe esp4 && modprobe xfrm_user || return 1
	setup_ns R C && veth_pair "$R" r0 10.9.1.1/24 "$C" c0 10.9.1.2/24 || return 1
	ip -n "$C" addr add 10.9.1.4/24 dev c0 || return 1
	esp R_ 10.9.1.1 10.9.1.2 0x1001 && esp R_ 10.9.1.2 10.9.1.1 0x1002 &&
		esp C_ 10.9.1.1 10.9.1.2 0x1001 && esp C_ 10.9.1.2 10.9.1.1 0x1002 || return 1
	policy R_ 10.9.1.1 10.9.1.2 out && policy R_ 10.9.1.2 10.9.1.1 in &&
		policy C_ 10.9.1.2 10.9.1.1 out && policy C_ 10.9.1.1 10.9.1.2 in || return 1
	# NAT-T, one way: R encapsulates in UDP 4500 (limits: soft 24m, hard 30m)
	R_ ip xfrm state add src 10.9.1.1 dst 10.9.1.4 proto esp spi 0x3001 reqid 3 \
		mode transport auth-trunc 'hmac(sha1)' 0x00112233445566778899aabbccddeeff00112233 96 \
		enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff \
		encap espinudp 4500 4500 0.0.0.0 \
		limit time-soft 1440 limit time-hard 1800 || return 1
	R_ ip xfrm policy add src 10.9.1.1/32 dst 10.9.1.4/32 proto icmp dir out \
		tmpl src 10.9.1.1 dst 10.9.1.4 proto esp reqid 3 mode transport || return 1
	R_ ip xfrm state
	start_daemon sluiced "$R" sluiced -f -s "$SOCK"
	wait_for 10 test -S "$SOCK" && wait_for 10 ctl /system resource print
}

# The rows as the kernel has them, in RouterOS's words; the keys nowhere.
test_rows() {
	local out
	ctl /ip ipsec installed-sa print
	ctl /ip ipsec installed-sa print detail
	[ "$(sa_count)" = 3 ] || return 1
	sa 0x1001 '.["src-address"] == "10.9.1.1" and .["dst-address"] == "10.9.1.2" and
		.ESP == "yes" and .AH == "no" and .state == "mature" and .mode == "transport" and
		.["auth-algorithm"] == "sha256" and .["enc-algorithm"] == "aes-cbc" and
		.["enc-key-size"] == "128" and .replay == "32"' || return 1
	sa 0x3001 '.["src-address"] == "10.9.1.1:4500" and .["dst-address"] == "10.9.1.4:4500" and
		.["auth-algorithm"] == "sha1" and .["enc-key-size"] == "256" and
		.["add-lifetime"] == "24m/30m" and (.["expires-in"] | test("^2[34]m"))' || return 1
	out=$(ctl /ip ipsec installed-sa print detail)
	! echo "$out" | grep -qi "a0a1a2a3\|00112233\|-key="
}

# Pings through the policies: the SAs they use count them; so does the NAT-T SA.
test_counters_move() {
	local before after
	before=$(sa_get 0x1001 current-packets)
	C_ ping -c 3 -W 2 -i 0.3 10.9.1.1 >/dev/null || return 1
	R_ ping -c 3 -W 2 -i 0.3 10.9.1.2 >/dev/null || return 1
	after=$(sa_get 0x1001 current-packets)
	echo "SA 0x1001 (R to C): $before -> $after packets, $(sa_get 0x1001 current-bytes) bytes"
	[ "$after" -ge $((before + 6)) ] || return 1
	[ "$(sa_get 0x1002 current-packets)" -ge 6 ] && [ "$(sa_get 0x1002 current-bytes)" -gt 0 ] ||
		return 1
	R_ ping -c 3 -W 1 -i 0.3 10.9.1.4 >/dev/null	# no answer: C has no such SA
	echo "NAT-T SA 0x3001: $(sa_get 0x3001 current-packets) packets"
	[ "$(sa_get 0x3001 current-packets)" -ge 3 ] &&
		[ "$(sa_count where current-bytes!=0)" = 3 ]
}

# ESP with an SPI R does not know: in-no-states counts it, as /proc/net/xfrm_stat does.
test_statistics() {
	local before after
	ctl /ip ipsec statistics print
	before=$(stat_of in-no-states)
	[ "$before" = "$(proc_stat XfrmInNoStates)" ] || return 1
	# C sends UDP to port 9 of R through an SA (reqid 2) that R does not have
	C_ ip xfrm state add src 10.9.1.2 dst 10.9.1.1 proto esp spi 0x2001 reqid 2 \
		mode transport auth-trunc 'hmac(sha256)' "$AUTH" 128 enc 'cbc(aes)' "$ENC" &&
		C_ ip xfrm policy add src 10.9.1.2/32 dst 10.9.1.1/32 proto udp dport 9 dir out \
		tmpl src 10.9.1.2 dst 10.9.1.1 proto esp reqid 2 mode transport || return 1
	C_ bash -c 'for i in 1 2 3; do echo x >/dev/udp/10.9.1.1/9; done' 2>/dev/null
	sleep 0.5
	after=$(stat_of in-no-states)
	echo "in-no-states: $before -> $after (XfrmInNoStates $(proc_stat XfrmInNoStates))"
	[ "$after" -ge $((before + 3)) ] && [ "$after" = "$(proc_stat XfrmInNoStates)" ] &&
		[ "$(stat_of out-policy-blocked)" = "$(proc_stat XfrmOutPolBlock)" ]
}

test_remove_find() {
	ctl /ip ipsec installed-sa remove "[find spi=0x1002]" || return 1
	! R_ ip xfrm state get src 10.9.1.2 dst 10.9.1.1 proto esp spi 0x1002 2>/dev/null &&
		[ "$(sa_count)" = 2 ] && R_ ip xfrm state get src 10.9.1.1 dst 10.9.1.2 proto esp spi 0x1001
}

# sa-type=ah leaves ESP alone; esp takes every ESP SA; a bad type changes nothing.
test_flush() {
	local ah=no
	R_ ip xfrm state add src 10.9.1.1 dst 10.9.1.2 proto ah spi 0x4001 mode transport \
		auth 'hmac(sha1)' 0x00112233445566778899aabbccddeeff00112233 && ah=yes
	! ctl /ip ipsec installed-sa flush sa-type=gre || return 1
	ctl /ip ipsec installed-sa flush sa-type=ah || return 1
	[ "$(sa_count where ESP=yes)" = 2 ] && [ "$(sa_count where AH=yes)" = 0 ] || return 1
	echo "an AH SA was there to flush: $ah"
	ctl /ip ipsec installed-sa flush sa-type=esp || return 1
	[ "$(sa_count)" = 0 ] && [ -z "$(R_ ip xfrm state)" ] || return 1
	esp R_ 10.9.1.1 10.9.1.2 0x5001 && ctl /ip ipsec installed-sa flush &&
		[ "$(sa_count)" = 0 ] && [ -z "$(R_ ip xfrm state)" ]
}

# A marked SA (an L2TP/IPsec client's are) is found by the kernel only with its mark.
test_remove_marked() {
	esp R_ 10.9.1.1 10.9.1.2 0x6001 mark 7 || return 1
	ctl /ip ipsec installed-sa remove "[find spi=0x6001]" || return 1
	[ -z "$(R_ ip xfrm state)" ]
}

# leftover NS_ IN_SPI OUT_SPI REQID MARK: a CHILD_SA as charon installs it for an L2TP/IPsec
# client at C (transport, udp/1701, marked)
leftover() {
	esp R_ 10.9.1.2 10.9.1.1 "$2" reqid "$4" && esp R_ 10.9.1.1 10.9.1.2 "$3" reqid "$4" mark "$5" &&
		R_ ip xfrm policy add src 10.9.1.1/32 dst 10.9.1.2/32 proto udp sport 1701 dir out \
			mark "$5" tmpl proto esp reqid "$4" mode transport &&
		R_ ip xfrm policy add src 10.9.1.2/32 dst 10.9.1.1/32 proto udp dport 1701 dir in \
			mark "$5" tmpl proto esp reqid "$4" mode transport
}

# sluiced starts its charon (an IPsec peer is configured): before that, the SAs of a
# killed charon of its own (inbound SPI in 0xd1c00000-0xd1cfffff) go, with their outbound
# partner and policies; an administrator's (its own SPIs, or an outbound SA whose peer took
# an SPI in that range) stay.
test_leftovers_removed() {
	leftover R_ 0xd1c00042 0xc7000001 44 9 || return 1
	esp R_ 10.9.1.2 10.9.1.1 0xc5000001 reqid 44 && esp R_ 10.9.1.1 10.9.1.4 0xd1c00077 reqid 45 ||
		return 1
	R_ ip xfrm policy add src 10.9.1.1/32 dst 10.9.1.2/32 proto tcp dir out \
		tmpl src 10.9.1.1 dst 10.9.1.2 proto esp reqid 46 mode transport || return 1
	ctl /ip ipsec peer add name=p address=10.9.1.2/32 exchange-mode=ike2 &&
		ctl /ip ipsec identity add peer=p secret=leftoverTest || return 1
	wait_for 30 grep -q "charon: removed 2 SAs and 2 policies an earlier charon left" \
		"$NETNS_TEST_DIR/sluiced.log" || return 1
	R_ ip xfrm state
	R_ ip xfrm policy
	! R_ ip xfrm state get src 10.9.1.2 dst 10.9.1.1 proto esp spi 0xd1c00042 2>/dev/null &&
		! R_ ip xfrm state get src 10.9.1.1 dst 10.9.1.2 proto esp spi 0xc7000001 mark 9 2>/dev/null &&
		[ -z "$(R_ ip xfrm policy list mark 9)" ] &&
		R_ ip xfrm state get src 10.9.1.2 dst 10.9.1.1 proto esp spi 0xc5000001 >/dev/null &&
		R_ ip xfrm state get src 10.9.1.1 dst 10.9.1.4 proto esp spi 0xd1c00077 >/dev/null &&
		[ -n "$(R_ ip xfrm policy list proto tcp)" ]
}

test_log_clean() {
	! grep -E "malformed|could not be read|not understood" "$NETNS_TEST_DIR/sluiced.log"
}

test_dmesg_clean() { dmesg_clean; }

run_test "set-up: ESP SAs and policies in R and C, sluiced in R" test_setup
run_test "installed-sa: the kernel's SAs in RouterOS's words, no keys" test_rows
run_test "installed-sa: byte and packet counters follow pings (NAT-T too)" test_counters_move
run_test "statistics: in-no-states counts ESP for an unknown SPI, as /proc does" test_statistics
run_test "installed-sa remove [find spi=...] deletes that SA only" test_remove_find
run_test "installed-sa flush sa-type=ah, esp, all" test_flush
run_test "installed-sa remove: a marked SA" test_remove_marked
run_test "charon start: a killed charon's SAs and policies removed, others kept" test_leftovers_removed
run_test "sluiced logged no malformed dump or unreadable statistics" test_log_clean
run_test "dmesg: no oops, warning or leak report" test_dmesg_clean
summary
