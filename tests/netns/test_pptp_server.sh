#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced as a PPTP server against Debian's pptp-linux + pppd clients.
#
#   +-------------------------------+          +---------------------------------+
#   | ns R (router)                 |   veth   | ns C (clients)                  |
#   | r0 10.9.0.1/24                |----------| c0 10.9.0.2/24                  |
#   | sluiced, TCP 1723, GRE in the |          | pppd pty "pptp 10.9.0.1" ...    |
#   | kernel: <pptp-USER> 10.200.0.1|          | pppN 10.200.0.x                 |
#   +-------------------------------+          +---------------------------------+
#
# Profiles: enc-required (MPPE required), enc-yes (MPPE if the client can), plain (none).
# Users: alice (enc-required), carol (enc-yes), bob (plain).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pptp.sh"
FUZZ=$(dirname "$0")/pptpfuzz.py
FLOOD=$(dirname "$0")/pptpflood.py
SOCK=/run/sluice/pptp-test.sock
METRICS_PORT=9661

write_config() {
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<E
/ip pool add name=pool1 ranges=10.200.0.10-10.200.0.250
/ip pool add name=tiny ranges=10.201.0.10-10.201.0.11
/ppp profile add name=enc-required local-address=10.200.0.1 remote-address=pool1 use-encryption=required dns-server=10.200.0.1
/ppp profile add name=enc-yes local-address=10.200.0.1 remote-address=pool1 use-encryption=yes
/ppp profile add name=plain local-address=10.200.0.1 remote-address=pool1 use-encryption=no
/ppp secret add name=alice password=alice-pass service=pptp profile=enc-required
/ppp secret add name=carol password=carol-pass service=pptp profile=enc-yes
/ppp secret add name=bob password=bob-pass service=any profile=plain
/interface pptp-server server set enabled=yes default-profile=enc-required authentication=mschap2 keepalive-timeout=30
/system metrics set enabled=yes address=127.0.0.1 port=$METRICS_PORT
E
}

test_setup() {
	write_config
	pptp_setup "$NETNS_TEST_DIR/sluice.rsc"
}

test_mschap2_mppe128() {
	local addr rx
	dial 0 alice alice-pass "${MS2[@]}" require-mppe-128 && up 0 || return 1
	addr=$(client_addr 0)
	grep 'MPPE 128-bit stateless compression enabled' "$NETNS_TEST_DIR/ppp0.ppp" || return 1
	C_ ping -c 3 -W 3 10.200.0.1 >/dev/null && R_ ping -c 3 -W 3 "$addr" >/dev/null || return 1
	start_daemon iperf "$R" iperf3 -s -1 -B 10.200.0.1
	wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q 10.200.0.1:5201" || return 1
	C_ timeout 30 iperf3 -c 10.200.0.1 -t 3 -f m | awk '/receiver/ { print "iperf3 client to server:", $(NF-2), $(NF-1) }' || return 1
	stop_daemon iperf 5
	start_daemon iperf "$R" iperf3 -s -1 -B 10.200.0.1
	wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q 10.200.0.1:5201" || return 1
	C_ timeout 30 iperf3 -c 10.200.0.1 -t 3 -R -f m | awk '/receiver/ { print "iperf3 server to client:", $(NF-2), $(NF-1) }' || return 1
	stop_daemon iperf 5
	ctl /ppp active print
	R_ sluicectl show '<pptp-alice>'
	rx=$(session_get R_ '<pptp-alice>' .rx_packets)
	echo "the kernel session received $rx data packets"
	session_is R_ '<pptp-alice>' '.mppe_bits == 128 and .mppe_stateless' && [ "$rx" -gt 1000 ] &&
		hangup 0 alice
}

# pppd offers stateless first and goes stateful only when the server declines stateless.
test_mppe128_stateful() {
	local rc=1
	ctl /interface pptp-server server set mppe-mode=stateful || return 1
	if dial 1 alice alice-pass "${MS2[@]}" require-mppe-128 mppe-stateful && up 1 &&
	   grep 'MPPE 128-bit stateful compression enabled' "$NETNS_TEST_DIR/ppp1.ppp" &&
	   C_ ping -c 3 -W 3 10.200.0.1 >/dev/null &&
	   [ "$(sessions_where R_ '.mppe_bits == 128 and (.mppe_stateless | not)')" -ge 1 ]; then
		rc=0
	fi
	ctl /interface pptp-server server set mppe-mode=stateless
	[ $rc -eq 0 ] && hangup 1 alice
}

# MPPE-40 is refused under use-encryption=required (issue 15: it was accepted) and accepted
# once the profile says allow-weak-mppe=yes.
test_mppe40() {
	local rc=1
	dial 3 alice alice-pass "${MS2[@]}" require-mppe-40 nomppe-128 && refused 3 || return 1
	ctl /ppp profile set enc-required allow-weak-mppe=yes || return 1
	if dial 2 alice alice-pass "${MS2[@]}" require-mppe-40 nomppe-128 && up 2 &&
	   grep 'MPPE 40-bit stateless compression enabled' "$NETNS_TEST_DIR/ppp2.ppp" &&
	   C_ ping -c 3 -W 3 10.200.0.1 >/dev/null; then
		rc=0
	fi
	ctl /ppp profile set enc-required allow-weak-mppe=no
	[ $rc -eq 0 ] && hangup 2 alice
}

# auth_case UNIT METHOD USER PASS CLIENT-OPTIONS...: allowed when the server lists METHOD,
# refused when it lists only something else.
auth_case() {
	local unit=$1 method=$2 user=$3 pass=$4 other=mschap2
	shift 4
	[ "$method" = mschap2 ] && other=pap
	ctl /interface pptp-server server set authentication="$method" || return 1
	dial "$unit" "$user" "$pass" "$@" && up "$unit" && C_ ping -c 2 -W 3 10.200.0.1 >/dev/null &&
		hangup "$unit" "$user" || return 1
	ctl /interface pptp-server server set authentication="$other" || return 1
	dial $((unit + 1)) "$user" "$pass" "$@" && refused $((unit + 1))
	stop_daemon "ppp$((unit + 1))" 2
	ctl /interface pptp-server server set authentication=mschap2
}

test_pap() { auth_case 10 pap bob bob-pass refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap; }
test_chap() { auth_case 12 chap bob bob-pass refuse-pap refuse-mschap refuse-mschap-v2 refuse-eap; }
test_mschap1() { auth_case 14 mschap1 alice alice-pass refuse-pap refuse-chap refuse-mschap-v2 refuse-eap require-mppe-128; }

test_wrong_password() {
	dial 16 alice not-her-password "${MS2[@]}" require-mppe-128 && refused 16 || return 1
	sluiced_log | grep 'authentication of alice (mschap2) failed: wrong password' &&
		! sluiced_log | grep -q 'not-her-password'
}

test_encryption_required_refuses_plain() {
	dial 17 alice alice-pass "${MS2[@]}" nomppe && refused 17 || return 1
	sluiced_log | grep -q 'encryption-required\|MPPE could not be agreed'
}

test_encryption_yes_accepts_plain() {
	dial 18 carol carol-pass "${MS2[@]}" nomppe && up 18 || return 1
	! grep -q 'MPPE.*enabled' "$NETNS_TEST_DIR/ppp18.ppp" && C_ ping -c 2 -W 3 10.200.0.1 >/dev/null &&
		user_active carol && hangup 18 carol
}

# The client freezes (its TCP connection stays open, nothing answers): keepalive ends it
# after keepalive-timeout plus four one-second echoes, and the address goes back.
test_keepalive() {
	local t0 t1 pids
	ctl /interface pptp-server server set keepalive-timeout=5 || return 1
	dial 20 alice alice-pass "${MS2[@]}" require-mppe-128 && up 20 || return 1
	user_in_pool alice || return 1
	pids=$(ip netns pids "$C" | tr '\n' ' ')
	t0=$(uptime_s)
	kill -STOP $pids
	wait_for 30 not user_active alice
	t1=$(uptime_s)
	kill -CONT $pids
	stop_daemon ppp20 5
	ctl /interface pptp-server server set keepalive-timeout=30
	echo "session ended $((t1 - t0)) s after the client froze (keepalive-timeout 5 s + 4 echoes)"
	! user_in_pool alice &&
		sluiced_log | grep 'acct: stop .*user=alice .*cause=lost-carrier' | tail -n 1 &&
		[ $((t1 - t0)) -le 14 ]
}

test_client_killed() {
	dial 21 alice alice-pass "${MS2[@]}" require-mppe-128 && up 21 || return 1
	kill -9 "$(daemon_pid ppp21)"
	wait_for 20 not user_active alice && ! user_in_pool alice
}

test_admin_remove() {
	dial 22 alice alice-pass "${MS2[@]}" require-mppe-128 && up 22 || return 1
	ctl /ppp active remove alice || return 1
	wait_for 20 sh -c "! kill -0 $(daemon_pid ppp22) 2>/dev/null" &&
		sluiced_log | grep -q 'cause=admin-reset'
}

# pptp-linux keeps one call manager (one control connection) per server and host: the
# first client starts it, the other 49 then dial at once, all their calls on that connection.
test_fifty_clients() {
	local i ok=0 n=50
	dial 100 alice alice-pass "${MS2[@]}" require-mppe-128 && up 100 || return 1
	for i in $(seq 101 $((100 + n - 1))); do
		dial "$i" alice alice-pass "${MS2[@]}" require-mppe-128
	done
	for i in $(seq 100 $((100 + n - 1))); do
		up_or_redial "$i" alice alice-pass "${MS2[@]}" require-mppe-128 ||
			{ echo "ppp$i did not come up"; return 1; }
	done
	echo "active sessions: $(active_count)"
	for i in $(seq 100 $((100 + n - 1))); do
		C_ ping -c 1 -W 5 -I "ppp$i" 10.200.0.1 >/dev/null && ok=$((ok + 1))
	done
	echo "$ok of $n sessions passed traffic"
	[ "$(active_count)" -eq "$n" ] && [ "$ok" -eq "$n" ] || return 1
	ip netns pids "$C" | xargs -r kill	# all clients hang up together
	wait_for 60 active_count_is 0
}

# The pool "tiny" has two addresses: the third client is refused, clearly, and gets none.
# (pptp-linux runs all three calls over one control connection; how its call manager then
# treats the refused call and its neighbours is the client's business, not checked here.)
test_pool_exhausted() {
	local rc=1
	ctl /ppp profile set enc-required remote-address=tiny || return 1
	dial 30 alice alice-pass "${MS2[@]}" require-mppe-128 && up 30 &&
		dial 31 alice alice-pass "${MS2[@]}" require-mppe-128 && up 31 &&
		dial 32 alice alice-pass "${MS2[@]}" require-mppe-128 &&
		wait_for 30 grep -q 'no address for alice: the pool is exhausted' \
			"$NETNS_TEST_DIR/sluiced.log" &&
		! up 32 5 && [ "$(ctl_count "/ip pool used" '.address | startswith("10.201.")')" -le 2 ] && rc=0
	sluiced_log | grep 'no address for alice'
	ctl /ip pool used print
	ctl /ppp profile set enc-required remote-address=pool1
	return $rc
}

# Hostile control connections while a session is up: they are closed, the session is not.
test_control_fuzzer() {
	local before
	dial 40 alice alice-pass "${MS2[@]}" require-mppe-128 && up 40 || return 1
	before=$(sluiced_log | grep -c 'closing the control connection')
	C_ python3 "$FUZZ" 10.9.0.1 "${SLUICE_PPTP_FUZZ_SECONDS:-20}" || return 1
	echo "control connections closed for cause: $(($(sluiced_log | grep -c 'closing the control connection') - before))"
	sluiced_log | grep 'closing the control connection' | sed 's/.*: closing/closing/' | sort | uniq -c | sort -rn | head -8
	daemon_alive sluiced && C_ ping -c 3 -W 3 10.200.0.1 >/dev/null &&
		ctl_any "/ppp active" '.name == "alice" and .state == "up"' && hangup 40 alice
}

# Sessions a killed sluiced left in the kernel are swept by the next one; a stopping sluiced
# removes its own. Both in one DEL_SESSION request for all (a grace period for the lot).
test_daemon_stop_clears_sessions() {
	local log=$NETNS_TEST_DIR/sluiced.log pid
	dial 41 alice alice-pass "${MS2[@]}" require-mppe-128 && up 41 &&
		dial 42 alice alice-pass "${MS2[@]}" require-mppe-128 && up 42 || return 1
	pid=$(cat "$NETNS_TEST_DIR/sluiced.pid")
	kill -9 "$pid" && wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || return 1
	module_sessions_are R_ 2 || return 1
	stop_clients
	start_daemon sluiced "$R" sluiced -f -s "$SOCK" -c "$NETNS_TEST_DIR/sluice.rsc"
	wait_for 10 grep -q 'removed 2 sessions left by an earlier sluiced, in 1 request' "$log" ||
		return 1
	module_sessions_are R_ 0 || return 1
	wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q ':1723 '" || return 1
	dial 43 alice alice-pass "${MS2[@]}" require-mppe-128 && up 43 &&
		dial 44 alice alice-pass "${MS2[@]}" require-mppe-128 && up 44 || return 1
	stop_daemon sluiced 10 || return 1
	grep 'kernel: removed' "$log"
	grep -q 'kernel: removed 2 of 2 sessions in 1 request (0 had gone already)' "$log" &&
		module_sessions_are R_ 0
}

# setup_time UNIT: a new client (carol) dials from 10.9.0.2; prints the seconds until it is
# up, then hangs up.
setup_time() {
	local t0 t1
	t0=$(date +%s.%N)
	{ dial "$1" carol carol-pass "${MS2[@]}" && up "$1" 60; } >&2 || return 1
	t1=$(date +%s.%N)
	hangup "$1" carol >&2 || return 1
	awk "BEGIN { printf \"%.1f\", $t1 - $t0 }"
}

# guard_metric NAME GUARD [LIMIT]: one sluice_preauth_* counter of GUARD, from /system metrics
guard_metric() {
	local series="$1{guard=\"$2\"${3:+,limit=\"$3\"}}"
	R_ curl -s --max-time 5 "http://127.0.0.1:$METRICS_PORT/metrics" |
		awk -v s="$series" 'index($0, s " ") == 1 { v = substr($0, length(s) + 2) }
			END { print v + 0 }'
}

# over_limits GUARD: times GUARD's new objects were over its rate or a count
over_limits() {
	echo $(($(guard_metric sluice_preauth_over_limit_total "$1" rate) +
		$(guard_metric sluice_preauth_over_limit_total "$1" source) +
		$(guard_metric sluice_preauth_over_limit_total "$1" global)))
}

# flood_test UNIT MODE SECONDS GUARD RATE BURST [MAX_IFACES]: alice is up on pppUNIT;
# 10.9.0.3 floods (pptpflood.py MODE); alice's session keeps passing traffic, a new client
# from 10.9.0.2 still gets in (its set-up time, on units UNIT+1 and UNIT+2, with and without
# the flood printed). Held to its rate: GUARD admitted at most BURST + RATE a second (and the
# few honest clients), the flood went over a limit, and the log says so. Once the flood is
# over only alice's kernel session is left.
flood_test() {
	local u=$1 mode=$2 secs=$3 guard=$4 rate=$5 burst=$6 max_ifaces=${7:-0}
	local before during pings pid rc=1 peak_pid peak_if peak_s adm0 over0 admitted over t0 t1
	C_ ip addr add 10.9.0.3/24 dev c0 2>/dev/null
	dial "$u" alice alice-pass "${MS2[@]}" require-mppe-128 && up "$u" || return 1
	before=$(setup_time $((u + 1))) || return 1
	adm0=$(guard_metric sluice_preauth_admitted_total "$guard")
	over0=$(over_limits "$guard")
	t0=$SECONDS
	C_ python3 "$FLOOD" 10.9.0.1 10.9.0.3 "$secs" "$mode" >"$NETNS_TEST_DIR/flood.out" &
	pid=$!
	peak_sessions R_ $((secs - 2)) >"$NETNS_TEST_DIR/peak.out" &
	peak_pid=$!
	sleep 3
	during=$(setup_time $((u + 2)))
	pings=$(C_ ping -c 10 -i 0.5 -W 2 -I "ppp$u" 10.200.0.1 | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	wait "$pid"
	t1=$SECONDS
	wait "$peak_pid"
	admitted=$(($(guard_metric sluice_preauth_admitted_total "$guard") - adm0))
	over=$(($(over_limits "$guard") - over0))
	read -r peak_if peak_s <"$NETNS_TEST_DIR/peak.out"
	echo "flood ($mode, ${secs} s): $(cat "$NETNS_TEST_DIR/flood.out")"
	echo "$guard: $admitted admitted in $((t1 - t0)) s (at most $burst + $rate a second), $over over a limit"
	echo "new client's set-up: ${before} s without the flood, ${during:-none} s during it"
	echo "alice's session during the flood: ${pings:-0} of 10 pings answered"
	echo "r0 during the flood: at most ${peak_if} sluice interfaces, ${peak_s} kernel sessions"
	sluiced_log | grep -m 3 -e "$guard from 10.9.0.3 refused: over $rate a second" \
		-e "$guard: the oldest half-open one evicted"
	[ -n "$during" ] && [ "${pings:-0}" -ge 8 ] && [ "$over" -gt 0 ] &&
		[ "$admitted" -le $((burst + rate * (t1 - t0 + 1) + 10)) ] &&
		sluiced_log | grep -q -e "$guard from 10.9.0.3 refused: over $rate a second" \
			-e "$guard: the oldest half-open one evicted" &&
		daemon_alive "ppp$u" && user_active alice &&
		{ [ "$max_ifaces" = 0 ] || [ "${peak_if:-99}" -le "$max_ifaces" ]; } &&
		wait_for 60 module_sessions_are R_ 1 && rc=0
	hangup "$u" alice
	return $rc
}

# the rates and bursts are daemon/pptp/server.c's call_limits and conn_limits
test_call_flood() {
	# alice and the one new client: the flood's calls never get an interface
	flood_test 60 calls 20 "pptp call" 10 64 2
}

test_connection_flood() {
	flood_test 65 conns 15 "pptp connection" 20 64
}

t "set-up: modules, namespaces, sluiced listening on TCP 1723" test_setup
t "MS-CHAPv2 + MPPE-128: ping and iperf3 both ways through the kernel" test_mschap2_mppe128
t "MPPE-128 stateful with a real client" test_mppe128_stateful
t "MPPE-40 refused under required, allowed by allow-weak-mppe" test_mppe40
t "PAP allowed, then refused when not listed" test_pap
t "CHAP-MD5 allowed, then refused when not listed" test_chap
t "MS-CHAPv1 allowed, then refused when not listed" test_mschap1
t "wrong password refused and logged (password not logged)" test_wrong_password
t "use-encryption=required refuses a client without MPPE" test_encryption_required_refuses_plain
t "use-encryption=yes accepts a client without MPPE" test_encryption_yes_accepts_plain
t "keepalive ends a frozen client's session, address returned" test_keepalive
t "a killed client's session ends" test_client_killed
t "/ppp active remove ends a session" test_admin_remove
t "50 clients at once, all pass traffic" test_fifty_clients
t "pool exhaustion refuses the next client clearly" test_pool_exhausted
t "control-connection fuzzer: no crash, the session unharmed" test_control_fuzzer
t "a call flood from one host: held to its rate, sessions unharmed" test_call_flood
t "a connection flood from one host: held to its rate, sessions unharmed" test_connection_flood
t "stopping sluiced clears its kernel sessions" test_daemon_stop_clears_sessions
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
