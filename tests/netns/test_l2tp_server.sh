#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced as an L2TP LNS against Debian's xl2tpd + pppd as LACs.
#
#   +-------------------------------+          +---------------------------------+
#   | ns R (router)                 |   veth   | ns C (clients)                  |
#   | r0 10.9.0.1/24                |----------| c0 10.9.0.2/24                  |
#   | sluiced, UDP 1701, L2TP data  |          | xl2tpd lac1 (UDP 1702), lac2    |
#   | in the kernel: <l2tp-USER>    |          | (UDP 1703); pppd per call: pppN |
#   +-------------------------------+          +---------------------------------+
#
# Profiles: enc-required (MPPE required), enc-yes (MPPE if the client can), plain (none).
# Users: alice (enc-required), carol (enc-yes), bob (plain).
#
# The PPP link reads authentication and its keepalive from /interface pptp-server server
# until it learns which server menu its service belongs to (see docs/daemon.md): set_auth
# sets both menus, and the peer-loss test counts on the L2TP HELLO, not on PPP echoes.
#
# Without the kernel's L2TP data path (a module that refuses L2TP sessions) only the control
# plane is tested: tunnels come up and calls are refused cleanly; the data tests skip.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-l2tp.sh"
SOCK=/run/sluice/l2tp-test.sock

write_config() {
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<E
/ip pool add name=pool1 ranges=10.200.0.10-10.200.0.250
/ppp profile add name=enc-required local-address=10.200.0.1 remote-address=pool1 use-encryption=required
/ppp profile add name=enc-yes local-address=10.200.0.1 remote-address=pool1 use-encryption=yes
/ppp profile add name=plain local-address=10.200.0.1 remote-address=pool1 use-encryption=no
/ppp secret add name=alice password=alice-pass service=l2tp profile=enc-required
/ppp secret add name=carol password=carol-pass service=l2tp profile=enc-yes
/ppp secret add name=bob password=bob-pass service=any profile=plain
/interface pptp-server server set authentication=mschap2 keepalive-timeout=60
/interface l2tp-server server set enabled=yes default-profile=enc-required authentication=mschap2 keepalive-timeout=60
E
}

set_auth() {
	ctl /interface l2tp-server server set authentication="$1" &&
		ctl /interface pptp-server server set authentication="$1"
}

test_setup() {
	write_config
	l2tp_setup "$NETNS_TEST_DIR/sluice.rsc" || return 1
	ctl /interface l2tp-server server print
	[ "$(ctl_get "/interface l2tp-server server" use-ipsec)" = no ]	# L2TP/IPsec: test_l2tp_ipsec.sh
}

# iperf3 one way for 3 s: iperf_run [-R]
iperf_run() {
	start_daemon iperf "$R" iperf3 -s -1 -B 10.200.0.1
	wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q 10.200.0.1:5201" || return 1
	C_ timeout 30 iperf3 -c 10.200.0.1 -t 3 -f m "$@" |
		awk -v d="${1:-client to server}" '/receiver/ { print "iperf3", d ":", $(NF-2), $(NF-1) }'
	stop_daemon iperf 5
}

test_mschap2_mppe128() {
	local addr rx
	lac_start lac1 1702
	lac_dial lac1 0 alice alice-pass "${MS2[@]}" require-mppe-128
	wait_for 60 sh -c "grep -q 'local  IP address' $NETNS_TEST_DIR/ppp0.ppp || grep -q 'no kernel session' $NETNS_TEST_DIR/sluiced.log"
	if ! up 0 1; then
		if no_datapath && sluiced_log | grep -q 'tunnel established'; then
			echo "control only: tunnel up, call refused (no L2TP data path)"
			sluiced_log | grep -E 'tunnel|call' | tail -n 6
			return $ksft_skip
		fi
		return 1
	fi
	addr=$(client_addr 0)
	grep 'MPPE 128-bit stateless compression enabled' "$NETNS_TEST_DIR/ppp0.ppp" || return 1
	C_ ping -c 3 -W 3 10.200.0.1 >/dev/null && R_ ping -c 3 -W 3 "$addr" >/dev/null || return 1
	iperf_run || return 1
	iperf_run -R || return 1
	ctl /ppp active print
	ctl_any "/ppp active" '.name == "alice" and .service == "l2tp" and .["caller-id"] == "10.9.0.2"' ||
		return 1
	R_ sluicectl show '<l2tp-alice>'
	rx=$(session_get R_ '<l2tp-alice>' .rx_packets)
	echo "the kernel session received $rx data packets"
	session_is R_ '<l2tp-alice>' '.mppe_bits == 128' && [ "${rx:-0}" -gt 500 ]
}

test_mschap2_plain() {
	lac_start lac1 1702
	lac_dial lac1 1 carol carol-pass "${MS2[@]}" nomppe
	up 1 || return 1
	! grep -q 'MPPE.*enabled' "$NETNS_TEST_DIR/ppp1.ppp" && C_ ping -c 3 -W 3 10.200.0.1 >/dev/null &&
		ctl_any "/ppp active" '.name == "carol" and .service == "l2tp"'
}

# auth_case UNIT METHOD USER PASS CLIENT-OPTIONS...
auth_case() {
	local unit=$1 method=$2 user=$3 pass=$4 rc=1
	shift 4
	set_auth "$method" || return 1
	lac_start lac1 1702
	lac_dial lac1 "$unit" "$user" "$pass" "$@"
	up "$unit" && C_ ping -c 2 -W 3 10.200.0.1 >/dev/null && rc=0
	set_auth mschap2
	return $rc
}

test_chap() { auth_case 2 chap bob bob-pass refuse-pap refuse-mschap refuse-mschap-v2 refuse-eap; }
test_pap() { auth_case 3 pap bob bob-pass refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap; }

# Two xl2tpd LACs from one address (ports 1702 and 1703): two tunnels; killing one pppd ends
# only its own session; then a new call goes into the surviving LAC's tunnel, beside its
# first call, which was never interrupted.
test_two_lacs() {
	local pid t1
	lac_start lac1 1702
	lac_start lac2 1703
	lac_dial lac1 4 alice alice-pass "${MS2[@]}" require-mppe-128
	lac_dial lac2 5 bob bob-pass "${MS2[@]}"
	up 4 && up 5 || return 1
	C_ ping -c 2 -W 3 -I ppp4 10.200.0.1 >/dev/null && C_ ping -c 2 -W 3 -I ppp5 10.200.0.1 >/dev/null || return 1
	[ "$(sluiced_log | grep -c 'tunnel established')" -ge 2 ] || return 1
	echo "tunnels: $(sluiced_log | grep 'tunnel established' | sed 's/.*l2tp \([^ ]*\) tunnel \([0-9]*\).*/\1 tunnel \2/' | tr '\n' ' ')"
	pid=$(pppd_pid 4) && [ -n "$pid" ] || return 1
	kill "$pid"
	gone alice || return 1
	C_ ping -c 3 -W 3 -I ppp5 10.200.0.1 >/dev/null || return 1
	user_active bob || return 1
	sluiced_log | grep 'acct: stop .*user=alice' | tail -n 1
	# lac1's tunnel is still there (xl2tpd keeps it): a new call goes into it
	t1=$(sluiced_log | grep 'incoming call' | grep ':1702 ' | tail -n 1 | sed 's/.* tunnel \([0-9]*\) .*/\1/')
	lac_dial lac1 6 alice alice-pass "${MS2[@]}" require-mppe-128
	up 6 || return 1
	echo "second call in tunnel $t1: $(sluiced_log | grep 'incoming call' | grep -c " tunnel $t1 ") calls so far"
	[ "$(sluiced_log | grep 'incoming call' | grep -c " tunnel $t1 ")" -ge 2 ] &&
		C_ ping -c 2 -W 3 -I ppp6 10.200.0.1 >/dev/null && C_ ping -c 2 -W 3 -I ppp5 10.200.0.1 >/dev/null
}

# Three concurrent calls in one tunnel (l2tplac.py: xl2tpd cannot do it), all passing
# traffic; one pppd killed ends only its own session.
test_calls_in_one_tunnel() {
	local u t
	start_daemon lac3 "$C" python3 "$(dirname "$0")/l2tplac.py" 10.9.0.1 10.9.0.2 1704 3 20 -- \
		name bob password bob-pass remotename sluice nodefaultroute nobsdcomp nodeflate novj \
		novjccomp debug logfile "$NETNS_TEST_DIR/ppp-lac3.ppp" "${MS2[@]}" noauth
	attach_log "$NETNS_TEST_DIR/ppp-lac3.ppp"
	for u in 20 21 22; do
		wait_for 60 sh -c "ip -n $C -4 addr show dev ppp$u 2>/dev/null | grep -q 'inet '" || return 1
	done
	for u in 20 21 22; do C_ ping -c 2 -W 3 -I "ppp$u" 10.200.0.1 >/dev/null || return 1; done
	t=$(sluiced_log | grep 'incoming call' | grep ':1704 ' | sed 's/.* tunnel \([0-9]*\) .*/\1/' | sort -u)
	echo "tunnel(s) of the three calls: $t; sessions: $(active_count)"
	[ "$(echo "$t" | wc -w)" -eq 1 ] && [ "$(active_count)" -eq 3 ] || return 1
	kill "$(pppd_pid 21)"
	wait_for 20 active_count_is 2 || return 1
	C_ ping -c 2 -W 3 -I ppp20 10.200.0.1 >/dev/null && C_ ping -c 2 -W 3 -I ppp22 10.200.0.1 >/dev/null
}

# The LAC's host vanishes (its link goes down): HELLO goes unanswered, the tunnel is declared
# lost, its session ends with a stop record.
test_peer_lost() {
	local t0 t1 t before hellos
	ctl /interface l2tp-server server set keepalive-timeout=5 || return 1
	lac_start lac1 1702
	lac_dial lac1 7 bob bob-pass "${MS2[@]}"
	up 7 || return 1
	# idle for three HELLO intervals: each HELLO acknowledged, the tunnel and session stay
	t=$(sluiced_log | grep 'incoming call' | grep ':1702 ' | tail -n 1 | sed 's/.* tunnel \([0-9]*\) .*/\1/')
	hellos=$(sluiced_log | grep -c "tunnel $t: sent HELLO\$")
	sleep 16
	hellos=$(($(sluiced_log | grep -c "tunnel $t: sent HELLO\$") - hellos))
	echo "HELLOs sent over 16 idle seconds: $hellos"
	[ "$hellos" -ge 2 ] && user_active bob &&
		C_ ping -c 2 -W 3 -I ppp7 10.200.0.1 >/dev/null || return 1
	t0=$(uptime_s)
	before=$(sluiced_log | grep -c 'peer lost')
	ip -n "$C" link set c0 down
	wait_for 90 sh -c "[ \$(grep -c 'peer lost' $NETNS_TEST_DIR/sluiced.log) -gt $before ]"
	t1=$(uptime_s)
	ip -n "$C" link set c0 up
	ctl /interface l2tp-server server set keepalive-timeout=60
	echo "tunnel declared lost $((t1 - t0)) s after the peer vanished (HELLO after 5 s, ~31 s of retransmissions)"
	sluiced_log | grep 'peer lost' | tail -n 1
	gone bob 30 && sluiced_log | grep 'acct: stop .*user=bob .*cause=lost-carrier' | tail -n 1
}

# RouterOS's /ppp l2tp-secret: the entry for the LAC's address (10.9.0.2) wins over the
# catch-all 0.0.0.0/0 one: a LAC with the catch-all's secret is refused, one with its own
# address's secret gets in.
test_l2tp_secret() {
	local rc=1
	kill "$(pppd_pid 9)" 2>/dev/null	# the last test's call hangs up (a CDN) ...
	gone bob 30 || return 1
	stop_daemon lac1 5			# ... and its tunnel goes
	ctl /ppp l2tp-secret add address=0.0.0.0/0 secret=everyone-pass || return 1
	ctl /ppp l2tp-secret add address=10.9.0.2 secret=lac-pass || return 1
	lac_start lac1 1702 "challenge = yes" "hidden bit = yes"
	echo "* * everyone-pass" >"$NETNS_TEST_DIR/lac1/l2tp-secrets"
	lac_dial lac1 10 bob bob-pass "${MS2[@]}"
	# refused both ways: xl2tpd checks our SCCRP's response with its (catch-all) secret
	# first, and would have checked ours had the catch-all been used for it
	wait_for 20 grep -qE 'tunnel authentication failed|Invalid challenge authentication' \
		"$NETNS_TEST_DIR/sluiced.log" || return 1
	stop_daemon lac1 5
	lac_start lac1 1702 "challenge = yes" "hidden bit = yes"
	echo "* * lac-pass" >"$NETNS_TEST_DIR/lac1/l2tp-secrets"
	lac_dial lac1 11 bob bob-pass "${MS2[@]}"
	up 11 && rc=0
	ctl /ppp l2tp-secret print
	kill "$(pppd_pid 11)" 2>/dev/null
	gone bob 30 || rc=1
	stop_daemon lac1 5
	ctl /ppp l2tp-secret remove [find] || rc=1
	! sluiced_log | grep -q 'lac-pass\|everyone-pass' && return $rc
}

# xl2tpd with tunnel authentication (challenge) and hidden AVPs: refused without a
# tunnel-secret on our side, accepted with the same secret.
test_tunnel_secret() {
	local rc=1
	lac_start lac1 1702 "challenge = yes" "hidden bit = yes"
	echo "* * tunnel-pass" >"$NETNS_TEST_DIR/lac1/l2tp-secrets"
	lac_dial lac1 8 bob bob-pass "${MS2[@]}"
	wait_for 20 sh -c "grep -q 'no tunnel-secret is set' $NETNS_TEST_DIR/sluiced.log" || return 1
	stop_daemon lac1 5
	ctl /interface l2tp-server server set tunnel-secret=tunnel-pass || return 1
	lac_start lac1 1702 "challenge = yes" "hidden bit = yes"
	echo "* * tunnel-pass" >"$NETNS_TEST_DIR/lac1/l2tp-secrets"
	lac_dial lac1 9 bob bob-pass "${MS2[@]}"
	up 9 && sluiced_log | grep -q 'authenticated' && rc=0
	ctl /interface l2tp-server server set tunnel-secret=""
	! sluiced_log | grep -q 'tunnel-pass' && return $rc
}

# Hostile control traffic from other ports of the LAC's address while its session is up:
# sluiced survives, the session is untouched.
test_control_fuzzer() {
	lac_start lac1 1702
	lac_dial lac1 11 bob bob-pass "${MS2[@]}"
	up 11 || return 1
	C_ python3 "$(dirname "$0")/l2tpfuzz.py" 10.9.0.1 "${SLUICE_L2TP_FUZZ_SECONDS:-20}" || return 1
	sluiced_log | grep -E 'refused|unexpected|lost|cleared' | sed -E 's/^.*(l2tp,[a-z]+): l2tp [0-9.:]+( tunnel [0-9]+)?: //; s/[0-9]+/N/g' |
		sort | uniq -c | sort -rn | head -8
	daemon_alive sluiced && C_ ping -c 3 -W 3 -I ppp11 10.200.0.1 >/dev/null &&
		user_active bob
}

test_daemon_stop_clears_sessions() {
	lac_start lac1 1702
	lac_dial lac1 10 bob bob-pass "${MS2[@]}"
	up 10 || return 1
	stop_daemon sluiced 10 || return 1
	# the session goes with the batch at the end, or with its socket before: one request
	sluiced_log | grep 'kernel: removed'
	sluiced_log | grep -q 'kernel: removed [01] of 1 sessions in 1 request' &&
		module_sessions_are R_ 0 &&
		wait_for 20 sh -c "grep -q 'Connection terminated' $NETNS_TEST_DIR/ppp10.ppp"
}

# l2tp_flood UNIT NAME ARGS...: bob is up (lac1, pppUNIT); l2tpflood.py ARGS runs from ns C;
# bob's session keeps passing traffic and a new call (lac2, pppUNIT+1, also from 10.9.0.2)
# still gets in during the flood (its set-up time printed, then it hangs up); the counts and r0's
# datagrams sent meanwhile are printed in $NETNS_TEST_DIR/NAME.out and the caller checks
# the log. Once the flood is over only bob's kernel session is left, and r0 never had more
# sluice interfaces than bob's and the new call's: the flood's calls, never authenticated,
# stay pending in the module, with no interface.
l2tp_flood() {
	local u=$1 name=$2 pings t0 t1 pid rc=1 peak_pid peak_if peak_s
	shift 2
	# tx0 (global): r0's packets sent before the flood, for the caller's count
	lac_start lac1 1702
	lac_dial lac1 "$u" bob bob-pass "${MS2[@]}"
	up "$u" || return 1
	tx0=$(R_ cat /sys/class/net/r0/statistics/tx_packets)
	C_ python3 "$(dirname "$0")/l2tpflood.py" "$@" >"$NETNS_TEST_DIR/$name.out" &
	pid=$!
	peak_sessions R_ 15 >"$NETNS_TEST_DIR/peak.out" &
	peak_pid=$!
	sleep 3
	lac_start lac2 1703
	t0=$(date +%s.%N)
	lac_dial lac2 $((u + 1)) alice alice-pass "${MS2[@]}" require-mppe-128
	up $((u + 1)) && t1=$(date +%s.%N) &&
		echo "a new call during the flood: up in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s"
	kill "$(pppd_pid $((u + 1)))" 2>/dev/null	# the new call hangs up
	gone alice 30 || return 1
	pings=$(C_ ping -c 10 -i 0.5 -W 2 -I "ppp$u" 10.200.0.1 | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	wait "$pid"
	wait "$peak_pid"
	read -r peak_if peak_s <"$NETNS_TEST_DIR/peak.out"
	tx1=$(R_ cat /sys/class/net/r0/statistics/tx_packets)
	echo "flood: $(cat "$NETNS_TEST_DIR/$name.out"); r0 sent $((tx1 - tx0)) packets meanwhile"
	echo "bob's session during the flood: ${pings:-0} of 10 pings answered"
	echo "r0 during the flood: at most ${peak_if} sluice interfaces, ${peak_s} kernel sessions"
	[ -n "$t1" ] && [ "${pings:-0}" -ge 8 ] && user_active bob &&
		[ "${peak_if:-99}" -le 2 ] &&
		wait_for 60 module_sessions_are R_ 1 && rc=0
	return $rc
}

# Forged SCCRQs, ~300 a second from 10.77.0.0/16: the half-open tunnels stay capped (the
# oldest evicted), each forged SCCRQ costs its victim at most 3 datagrams.
test_spoofed_sccrq_flood() {
	local sent rc
	R_ ip route replace 10.77.0.0/16 via 10.9.0.2	# the victims are reachable
	l2tp_flood 50 sccrq 10.9.0.1 20 sccrq 10.77
	rc=$?
	sluiced_log | grep -m 2 'l2tp tunnel: the oldest half-open one evicted'
	sent=$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' "$NETNS_TEST_DIR/sccrq.out")
	R_ ip route del 10.77.0.0/16 2>/dev/null
	[ "$rc" = 0 ] && [ "${sent:-0}" -gt 1000 ] &&
		sluiced_log | grep -q 'l2tp tunnel: the oldest half-open one evicted' &&
		[ "$(($(R_ cat /sys/class/net/r0/statistics/tx_packets) - tx0))" -le $((3 * sent + 2000)) ]
}

# Incoming calls that never finish, as fast as the LNS answers, in one tunnel from 10.9.0.3
# (no tunnel secret): held to the source's rate and cap; bob and a new call are unharmed.
test_call_flood() {
	C_ ip addr add 10.9.0.3/24 dev c0 2>/dev/null
	modprobe l2tp_ppp 2>/dev/null
	l2tp_flood 55 icrq 10.9.0.1 20 icrq 10.9.0.3 1709 &&
		sluiced_log | grep -m 2 'l2tp session from 10.9.0.3 refused: over 10 a second' &&
		grep -q 'refused=[1-9]' "$NETNS_TEST_DIR/icrq.out"
}

data() {
	# the data tests need the kernel's L2TP sessions: skip them once that is known missing
	if no_datapath; then t "$1 (no L2TP data path: skipped)" skip_test; else t "$@"; fi
}
skip_test() { return $ksft_skip; }

t "set-up: modules, namespaces, sluiced on UDP 1701" test_setup
t "MS-CHAPv2 + MPPE-128: ping and iperf3 both ways, kernel counters" test_mschap2_mppe128
data "MS-CHAPv2 without MPPE" test_mschap2_plain
data "CHAP-MD5" test_chap
data "PAP" test_pap
data "two LACs, kill one pppd, second call in a surviving tunnel" test_two_lacs
data "three calls in one tunnel, one pppd killed" test_calls_in_one_tunnel
data "HELLO keeps an idle tunnel up; unanswered, the peer is lost" test_peer_lost
data "tunnel authentication and hidden AVPs with tunnel-secret" test_tunnel_secret
data "/ppp l2tp-secret: the LAC's own address's secret wins" test_l2tp_secret
data "control fuzzer at UDP 1701: no crash, the session unharmed" test_control_fuzzer
data "forged SCCRQ flood: half-open tunnels capped, at most 3 replies each" test_spoofed_sccrq_flood
data "a call flood from one host: held to its rate, sessions unharmed" test_call_flood
data "stopping sluiced clears its kernel sessions" test_daemon_stop_clears_sessions
stop_daemon sluiced 10
# the daemon's whole log, for a look after a failure (run_test shows only its tail)
[ -n "${SLUICE_OUT:-}" ] && for f in "$NETNS_TEST_DIR"/sluiced.log "$NETNS_TEST_DIR"/ppp*.ppp; do
	cp "$f" "$SLUICE_OUT/l2tp-${f##*/}" 2>/dev/null
done
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
