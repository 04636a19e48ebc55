#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What RouterOS's /ppp profile and /ppp secret promise, against Debian's pptp-linux + pppd:
# only-one, session-timeout, idle-timeout, disabled secrets and service=, fixed addresses,
# routes, next-pool, and profile changes that apply to new sessions only.
#
#   +-------------------------------+          +---------------------------------+
#   | ns R (router)                 |   veth   | ns C (clients)                  |
#   | r0 10.9.0.1/24, also .11-.13  |----------| c0 10.9.0.2/24                  |
#   | sluiced, TCP 1723, GRE in the |          | pppd pty "pptp 10.9.0.x" ...    |
#   | kernel: <pptp-USER> 10.210.0.1|          | pppN 10.21x.0.y                 |
#   +-------------------------------+          +---------------------------------+
#
# A client that is to be refused, or that dials while another's call manager may be going
# away, dials one of the router's further addresses (10.9.0.11-13): pptp-linux then gives it
# a control connection of its own, as a second computer would have.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pptp.sh"
SOCK=/run/sluice/aaa-test.sock

# no MPPE (the profiles say use-encryption=no), no LCP echoes from pppd (a session is idle
# exactly when the test says so), and a second `debug`: pppd logs LCP echoes only from
# debug level 2
CL=("${MS2[@]}" nomppe lcp-echo-interval 0 debug)

write_config() {
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<'E'
/ip pool add name=pool1 ranges=10.210.0.10-10.210.0.100
/ip pool add name=single ranges=10.214.0.10
/ip pool add name=poolA ranges=10.211.0.10 next-pool=poolB
/ip pool add name=poolB ranges=10.212.0.10
/ip pool add name=before ranges=10.215.0.10-10.215.0.20
/ip pool add name=after ranges=10.216.0.10-10.216.0.20
/ppp profile add name=one local-address=10.210.0.1 remote-address=pool1 use-encryption=no only-one=yes
/ppp profile add name=many local-address=10.210.0.1 remote-address=pool1 use-encryption=no only-one=no
/ppp profile add name=short local-address=10.210.0.1 remote-address=single use-encryption=no session-timeout=8s
/ppp profile add name=idle local-address=10.210.0.1 remote-address=pool1 use-encryption=no idle-timeout=6s
/ppp profile add name=plain local-address=10.210.0.1 remote-address=pool1 use-encryption=no
/ppp profile add name=chain local-address=10.210.0.1 remote-address=poolA use-encryption=no
/ppp profile add name=change local-address=10.210.0.1 remote-address=before use-encryption=no dns-server=10.210.0.53
/ppp secret add name=solo password=solo-pass service=pptp profile=one
/ppp secret add name=twin password=twin-pass service=pptp profile=many
/ppp secret add name=brief password=brief-pass service=pptp profile=short
/ppp secret add name=idler password=idler-pass service=pptp profile=idle
/ppp secret add name=dora password=dora-pass service=pptp profile=plain
/ppp secret add name=guess password=guess-pass service=pptp profile=plain
/ppp secret add name=l2only password=l2only-pass service=l2tp profile=plain
/ppp secret add name=ponly password=ponly-pass service=pptp profile=plain
/ppp secret add name=anyone password=anyone-pass service=any profile=plain
/ppp secret add name=fixed password=fixed-pass service=pptp profile=plain local-address=10.213.0.1 remote-address=10.213.0.7
/ppp secret add name=routed password=routed-pass service=pptp profile=plain remote-address=10.213.0.9 routes="10.77.0.0/24,10.78.0.0/24 10.213.0.9 7"
/ppp secret add name=chained password=chained-pass service=pptp profile=chain
/ppp secret add name=shifty password=shifty-pass service=pptp profile=change
/interface pptp-server server set enabled=yes authentication=mschap2 keepalive-timeout=60
E
}

# JSON views of the server's state
sessions_up() { ctl -j /ppp active print | jq -r --arg u "$1" '.[] | select(.name == $u and .state == "up") | .address'; }
pool_used() { ctl -j /ip pool used print | jq -e --arg a "$1" 'any(.[]; .address == $a)' >/dev/null; }
client_gone() { wait_for "${2:-30}" sh -c "! kill -0 $(daemon_pid "ppp$1") 2>/dev/null"; }
ping_via() { C_ ping -c "${2:-2}" -W 3 -I "ppp$1" 10.210.0.1 >/dev/null; }

test_setup() {
	write_config
	pptp_setup "$NETNS_TEST_DIR/sluice.rsc" || return 1
	ip -n "$R" addr add 10.9.0.11/24 dev r0 && ip -n "$R" addr add 10.9.0.12/24 dev r0 &&
		ip -n "$R" addr add 10.9.0.13/24 dev r0
}

# only-one=yes: a second login is refused while the first stays up; after the first hangs
# up, the user logs in again.
test_only_one() {
	dial 1 solo solo-pass "${CL[@]}" && up 1 || return 1
	SERVER=10.9.0.11 dial 2 solo solo-pass "${CL[@]}" && refused 2 || return 1
	sluiced_log | grep 'solo is already connected and only-one=yes' || return 1
	sluiced_log | grep -q 'closing (only-one)' || return 1
	[ "$(sessions_up solo | wc -l)" -eq 1 ] && ping_via 1 3 || return 1
	hangup 1 solo || return 1
	SERVER=10.9.0.12 dial 3 solo solo-pass "${CL[@]}" && up 3 && ping_via 3 &&
		[ "$(sessions_up solo | wc -l)" -eq 1 ]
}

# only-one=no: two sessions of one user, both passing traffic
test_only_one_no() {
	dial 4 twin twin-pass "${CL[@]}" && up 4 || return 1
	dial 5 twin twin-pass "${CL[@]}" && up 5 || return 1
	ctl -j /ppp active print | jq -M -c '.[] | {name, address, interface, state}'
	[ "$(sessions_up twin | sort -u | wc -l)" -eq 2 ] && ping_via 4 && ping_via 5
}

# session-timeout=8s: the server ends the session by itself, and the address (the only one
# of its pool) goes back: the next login gets it.
test_session_timeout() {
	local t0 t1
	dial 6 brief brief-pass "${CL[@]}" && up 6 || return 1
	t0=$(uptime_s)
	[ "$(client_addr 6)" = 10.214.0.10 ] && pool_used 10.214.0.10 || return 1
	# timed at the Terminate-Request pppd logs: pppd itself may take seconds more to exit,
	# waiting for its ip-down scripts on a loaded machine
	wait_for 30 grep -q 'LCP terminated by peer' "$NETNS_TEST_DIR/ppp6.ppp" || return 1
	t1=$(uptime_s)
	echo "the session ended $((t1 - t0)) s after the client had its address (session-timeout 8 s)"
	grep 'LCP terminated by peer' "$NETNS_TEST_DIR/ppp6.ppp"
	client_gone 6 30 || return 1
	sluiced_log | grep -E 'acct: stop .*user=brief .*duration=(8|9)s .*cause=session-timeout' || return 1
	[ $((t1 - t0)) -ge 6 ] && [ $((t1 - t0)) -le 14 ] || return 1
	wait_for 10 not pool_used 10.214.0.10 || return 1
	SERVER=10.9.0.11 dial 7 brief brief-pass "${CL[@]}" && up 7 && [ "$(client_addr 7)" = 10.214.0.10 ]
}

# idle-timeout=6s: a client that sends nothing is dropped; one that pings every second for
# more than twice as long stays. Neither pppd sends LCP echoes (lcp-echo-interval 0).
test_idle_timeout() {
	local t0 t1 pid rc=0 got
	dial 8 idler idler-pass "${CL[@]}" && up 8 || return 1
	t0=$(uptime_s)
	SERVER=10.9.0.11 dial 9 idler idler-pass "${CL[@]}" && up 9 || return 1
	C_ ping -i 1 -c 15 -W 2 -I ppp9 10.210.0.1 >"$NETNS_TEST_DIR/idle-ping.txt" 2>&1 &
	pid=$!
	client_gone 8 30 || rc=1
	t1=$(uptime_s)
	echo "the silent session ended $((t1 - t0)) s after it came up (idle-timeout 6 s)"
	wait $pid
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$NETNS_TEST_DIR/idle-ping.txt")
	echo "the talking client: ${got:-0} of 15 pings answered over 15 s"
	[ $rc -eq 0 ] && [ $((t1 - t0)) -ge 5 ] && [ $((t1 - t0)) -le 12 ] || return 1
	sluiced_log | grep 'acct: stop .*user=idler .*cause=idle-timeout' || return 1
	[ "$(sluiced_log | grep -c 'acct: stop .*user=idler')" -eq 1 ] || return 1
	! grep 'LCP Echo' "$NETNS_TEST_DIR/ppp8.ppp" "$NETNS_TEST_DIR/ppp9.ppp" || return 1
	daemon_alive ppp9 && [ "${got:-0}" -ge 13 ] && [ "$(sessions_up idler)" = "$(client_addr 9)" ]
}

# idle-timeout longer than the server's keepalive-timeout (the usual case: RouterOS's
# keepalive-timeout is 30 s, idle timeouts are minutes): the silent client must still be
# dropped. The server's own keepalive Echo-Requests, and the client's Echo-Replies to them,
# are no activity of the user's.
# Keepalive echoes are answered however idle the client is: they must not count as
# activity, or an idle-timeout above keepalive-timeout would never fire (a bug this test
# found: idleness is now measured in data packets).
test_idle_beyond_keepalive() {
	local rc=1 t0 echoes
	ctl /interface pptp-server server set keepalive-timeout=2 || return 1
	dial 23 idler idler-pass "${CL[@]}" && up 23 && t0=$(uptime_s) && client_gone 23 12 && rc=0
	ctl /interface pptp-server server set keepalive-timeout=60
	echoes=$(grep -c 'rcvd \[LCP EchoReq' "$NETNS_TEST_DIR/ppp23.ppp")
	if [ $rc -eq 0 ]; then
		echo "the silent session ended $(($(uptime_s) - t0)) s after it came up, $echoes keepalive echoes answered"
		sluiced_log | grep 'acct: stop .*user=idler .*cause=idle-timeout'
		return
	fi
	echo "still up $(($(uptime_s) - t0)) s after it came up (idle-timeout 6 s), $echoes keepalive echoes answered"
	return 1
}

# disabled=yes: refused, and the log says why; disabled=no: in again.
test_disabled() {
	local rc=1
	ctl /ppp secret set dora disabled=yes || return 1
	ctl -j /ppp secret print | jq -e '.[] | select(.name == "dora") | .disabled == "yes"' >/dev/null &&
		dial 10 dora dora-pass "${CL[@]}" && refused 10 &&
		sluiced_log | grep 'authentication of dora (mschap2) failed: user disabled' &&
		ctl /ppp secret set dora disabled=no &&
		SERVER=10.9.0.11 dial 11 dora dora-pass "${CL[@]}" && up 11 && ping_via 11 &&
		[ -n "$(sessions_up dora)" ] && rc=0
	ctl /ppp secret set dora disabled=no
	return $rc
}

# service=l2tp is refused for PPTP; service=pptp and service=any are let in.
test_service() {
	dial 12 l2only l2only-pass "${CL[@]}"
	SERVER=10.9.0.11 dial 13 ponly ponly-pass "${CL[@]}" && up 13 || return 1
	SERVER=10.9.0.11 dial 14 anyone anyone-pass "${CL[@]}" && up 14 || return 1
	refused 12 || return 1
	sluiced_log | grep 'authentication of l2only (mschap2) failed: user not allowed on this service' &&
		ping_via 13 && ping_via 14 && [ -n "$(sessions_up ponly)" ] && [ -n "$(sessions_up anyone)" ] &&
		[ -z "$(sessions_up l2only)" ]
}

# The secret's remote-address and local-address, exactly; the pool list calls it fixed; a
# second login of the user cannot have it too.
test_fixed_address() {
	dial 15 fixed fixed-pass "${CL[@]}" && up 15 || return 1
	[ "$(client_addr 15)" = 10.213.0.7 ] || return 1
	grep 'remote IP address 10.213.0.1' "$NETNS_TEST_DIR/ppp15.ppp" || return 1
	R_ ip -4 -o addr show | grep 'inet 10.213.0.1 peer 10.213.0.7/32' | grep '<pptp-fixed>' || return 1
	ctl -j /ip pool used print | jq -e 'any(.[]; .address == "10.213.0.7" and .owner == "fixed" and
		.info == "fixed" and .pool == "no")' >/dev/null || return 1
	C_ ping -c 2 -W 3 -I ppp15 10.213.0.1 >/dev/null || return 1
	SERVER=10.9.0.11 dial 16 fixed fixed-pass "${CL[@]}" && refused 16 &&
		sluiced_log | grep 'no address for fixed: its fixed address is in use' || return 1
	C_ ping -c 1 -W 3 -I ppp15 10.213.0.1 >/dev/null && hangup 15 fixed && ! pool_used 10.213.0.7
}

# routes="10.77.0.0/24,10.78.0.0/24 10.213.0.9 7": both routes through the session's
# interface while it is up (traffic to the first reaches the client), none after.
test_routes() {
	local ifname
	dial 17 routed routed-pass "${CL[@]}" && up 17 || return 1
	[ "$(client_addr 17)" = 10.213.0.9 ] || return 1
	ifname=$(ctl -j /ppp active print | jq -r '.[] | select(.name == "routed") | .interface')
	R_ ip -4 route show 10.77.0.0/24 | grep "dev $ifname" || return 1
	R_ ip -4 route show 10.78.0.0/24 | grep "via 10.213.0.9 dev $ifname" | grep 'metric 7' || return 1
	C_ ip addr add 10.77.0.5/32 dev lo && R_ ping -c 2 -W 3 10.77.0.5 >/dev/null || return 1
	C_ ip addr del 10.77.0.5/32 dev lo
	hangup 17 routed || return 1
	wait_for 10 sh -c "[ -z \"\$(ip -n $R -4 route show 10.77.0.0/24)\" ]" &&
		[ -z "$(R_ ip -4 route show 10.78.0.0/24)" ]
}

# poolA (one address, next-pool=poolB) then poolB (one address), then a clear refusal.
test_next_pool() {
	dial 18 chained chained-pass "${CL[@]}" && up 18 || return 1
	dial 19 chained chained-pass "${CL[@]}" && up 19 || return 1
	[ "$(client_addr 18)" = 10.211.0.10 ] && [ "$(client_addr 19)" = 10.212.0.10 ] || return 1
	SERVER=10.9.0.11 dial 20 chained chained-pass "${CL[@]}" && refused 20 || return 1
	sluiced_log | grep 'no address for chained: the pool is exhausted' || return 1
	ctl -j /ip pool used print | jq -M -c '.[]'
	[ "$(ctl -j /ip pool used print | jq '[.[] | select(.owner == "chained" and .pool == "yes")] | length')" -eq 2 ] &&
		ping_via 18 && ping_via 19
}

# A profile change reaches new sessions only: the running one keeps its address and
# passes traffic, the next one gets the new pool and DNS server.
test_profile_change() {
	local a1 rc=1
	dial 21 shifty shifty-pass "${CL[@]}" usepeerdns && up 21 || return 1
	a1=$(client_addr 21)
	case $a1 in 10.215.0.*) ;; *) return 1 ;; esac
	grep -E 'primary +DNS address 10.210.0.53' "$NETNS_TEST_DIR/ppp21.ppp" || return 1
	ctl /ppp profile set change remote-address=after dns-server=10.210.0.54 || return 1
	if dial 22 shifty shifty-pass "${CL[@]}" usepeerdns && up 22 &&
	   grep -E 'primary +DNS address 10.210.0.54' "$NETNS_TEST_DIR/ppp22.ppp"; then
		case $(client_addr 22) in 10.216.0.*) rc=0 ;; esac
	fi
	ctl -j /ppp active print | jq -M -c '.[] | {name, address, state}'
	ctl /ppp profile set change remote-address=before dns-server=10.210.0.53
	[ $rc -eq 0 ] && [ "$(client_addr 21)" = "$a1" ] && sessions_up shifty | grep -qx "$a1" &&
		ping_via 21 3 && ping_via 22
}

# modprobe -r under a running sluiced with two sessions up (issue 15: nothing was logged):
# one line says the module went away and that two sessions were lost, both end at once with
# cause lost-service, /system resource counts it; the module comes back through its family
# alias (logged) and a new client gets in.
resource() { ctl -j /system resource print | jq -r --arg k "$1" '.[$k]'; }
test_module_unload() {
	local lost rc=0
	dial 30 twin twin-pass "${CL[@]}" && up 30 || return 1
	SERVER=10.9.0.11 dial 31 twin twin-pass "${CL[@]}" && up 31 || return 1
	wait_for 10 active_count_is 2 || return 1
	rmmod sluice || return 1	# modprobe -r would also try its dependencies (gre)
	wait_for 10 grep -q 'the sluice module went away (unloaded): 2 sessions lost' \
		"$NETNS_TEST_DIR/sluiced.log" || rc=1
	sluiced_log | grep -E 'module went away|module is loaded again|family sluice is id'
	lost=$(sluiced_log | grep -c 'acct: stop .*user=twin .*cause=lost-service')
	echo "stop records with cause lost-service: $lost"
	[ "$lost" -eq 2 ] || rc=1
	wait_for 20 active_count_is 0 || rc=1
	# asking /system resource looks the family up: that loads the module again
	[ "$(resource kernel-module-unloads)" = 1 ] && [ "$(resource sessions-lost-to-unload)" = 2 ] ||
		rc=1
	ctl /system resource print
	grep -q '^sluice ' /proc/modules || modprobe sluice
	wait_for 10 grep -q 'the sluice module is loaded again' "$NETNS_TEST_DIR/sluiced.log" ||
		rc=1
	SERVER=10.9.0.12 dial 32 dora dora-pass "${CL[@]}" && up 32 && ping_via 32 || rc=1
	return $rc
}

# Password guessing (max-login-failures=2): each failure past the second doubles the wait
# (1, 2, 4, 8, 16 s); an attempt inside the wait is refused before any password check, the
# right password included, and logged as such; once the wait is over the right password gets
# in. Meanwhile another user from another address is not held back (its set-up time shown).
test_password_guessing() {
	local n rc=1 t0 t1
	ctl /ppp aaa set max-login-failures=2 login-backoff-max=1m || return 1
	for n in 1 2 3 4 5 6; do
		dial $((80 + n)) guess wrong-pass "${CL[@]}" && refused $((80 + n)) || return 1
		[ $n -ge 2 ] && [ $n -le 5 ] && sleep $((1 << (n - 2)))	# past the wait: counted
	done
	C_ ip addr add 10.9.0.5/24 dev c0 2>/dev/null
	t0=$(date +%s.%N)
	SOURCE=10.9.0.5 dial 87 dora dora-pass "${CL[@]}" && up 87 && t1=$(date +%s.%N) &&
		echo "another user during the wait: up in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s"
	dial 88 guess guess-pass "${CL[@]}" && refused 88 &&	# inside the 16 s wait
		sluiced_log | grep 'authentication of guess .*failed: too many failed logins' &&
		sleep 20 && dial 89 guess guess-pass "${CL[@]}" && up 89 && rc=0
	ctl /ppp aaa set max-login-failures=5 login-backoff-max=1m
	return $rc
}

# sluiced goes on SIGTERM and leaves no kernel session behind (nor a process in R)
test_daemon_stop() {
	stop_daemon sluiced 10 && module_sessions_are R_ 0
}

t "set-up: modules, namespaces, sluiced listening on TCP 1723" test_setup
t "only-one=yes: a second login refused, the first unharmed" test_only_one
t "only-one=no: two sessions of one user" test_only_one_no
t "session-timeout ends the session, the address goes back" test_session_timeout
t "idle-timeout drops a silent client, not a talking one" test_idle_timeout
t "idle-timeout beyond keepalive-timeout drops a silent client" test_idle_beyond_keepalive
t "disabled=yes refuses the user (logged), disabled=no lets in" test_disabled
t "service=l2tp refused for PPTP, service=pptp and any let in" test_service
t "fixed remote-address and local-address from the secret" test_fixed_address
t "a secret's routes come with the session and go with it" test_routes
t "next-pool: one address from each pool, then refused" test_next_pool
t "a profile change reaches new sessions only" test_profile_change
t "password guessing: the address and the name wait, others do not" test_password_guessing
t "modprobe -r with sessions up: logged, counted, sessions ended, back" test_module_unload
t "sluiced stops on SIGTERM, no kernel session left" test_daemon_stop
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
