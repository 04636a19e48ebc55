#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The configuration as an operator lives with it: RouterOS snippets imported with pppctl
# give a working PPTP server for the real pptp-linux client; the file sluiced keeps is the
# export, survives restarts, concurrent writers and kill -9 mid-write; only-one=replace,
# accounting (interim updates, accounting=no) and logging topics act on real sessions.
#
#   ns R (router): r0 10.9.0.1/24, sluiced -c $CONF    ns C (client): c0 10.9.0.2/24, pppd+pptp
. "$(dirname "$0")/lib.sh"
SNIPPETS=$(cd "$(dirname "$0")/../routeros" && pwd)
SOCK=/run/sluice/config-test.sock
. "$(dirname "$0")/lib-pptp.sh"
CONF=			# set in setup: $NETNS_TEST_DIR/sluice.rsc
CL=("${MS2[@]}" require-mppe-128)

start_sluiced() {
	start_daemon sluiced "$R" sluiced -f -s "$SOCK" -c "$CONF"
	wait_for 10 test -S "$SOCK" && wait_for 10 ctl /system resource print
}

gone() { wait_for "${2:-20}" sh -c "! kill -0 $(daemon_pid "ppp$1") 2>/dev/null"; }
sessions() { ctl /ppp active print count-only where "$@"; }
log_has() { grep -q -- "$1" "$NETNS_TEST_DIR/sluiced.log"; }

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async && modprobe ppp_mppe || return 1
	setup_ns R C && veth_pair "$R" r0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	CONF=$NETNS_TEST_DIR/sluice.rsc
	start_sluiced	# no file yet: an empty configuration
}

# The pages' own text: pppctl reads the files, continuation lines and comments included.
test_snippets_give_a_server() {
	ctl -f "$SNIPPETS/ppp-aaa.rsc" && ctl -f "$SNIPPETS/pptp-server.rsc" || return 1
	ctl /ppp secret print
	[ "$(ctl /ppp secret print count-only)" = 3 ] &&
		[ "$(ctl /ppp profile print count-only where only-one=yes)" = 1 ] || return 1
	wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q ':1723 '" || return 1
	dial 0 vpnuser StrongUserPass "${CL[@]}" && up 0 || return 1
	ip -n "$C" -4 -o addr show dev ppp0
	ip -n "$C" -4 -o addr show dev ppp0 | grep -q 'inet 192\.168\.89\.[0-9]* peer 192\.168\.89\.1/32' &&
		C_ ping -c 3 -W 3 192.168.89.1 >/dev/null &&
		grep -q 'MPPE 128-bit' "$NETNS_TEST_DIR/ppp0.ppp" || return 1
	ctl /ppp active print
	# the PPP AAA page's users are service=pppoe: not for PPTP
	dial 1 user1 password1 "${CL[@]}" && gone 1 40 && ! up 1 1
}

# The file holds the secrets (sluiced reads them back from it); /export shows them only when
# asked (show-sensitive), as RouterOS 7 does; hide-sensitive (v6's word) is the default.
test_file_is_the_export() {
	ctl /export show-sensitive >"$NETNS_TEST_DIR/export.rsc" || return 1
	stat -c '%a %s' "$CONF"
	[ "$(stat -c %a "$CONF")" = 600 ] && cmp "$CONF" "$NETNS_TEST_DIR/export.rsc" &&
		grep -q 'password=StrongUserPass' "$CONF" || return 1
	ctl /export | grep 'name=vpnuser' || return 1
	! ctl /export | grep -q StrongUserPass &&
		! ctl /export hide-sensitive | grep -q StrongUserPass &&
		! ctl /ppp secret export | grep -q StrongUserPass &&
		ctl /ppp secret export show-sensitive | grep -q 'password=StrongUserPass' &&
		R_ sluiced -t -c "$CONF"
}

test_export_wipe_import() {
	ctl /ppp secret add name=odd password='a b"c\d$e' comment='x # y' routes="10.77.0.0/24 10.9.0.2 5" &&
		ctl /ppp profile set default only-one=replace &&
		ctl /system logging set 0 disabled=yes && ctl /ppp aaa set interim-update=5m || return 1
	ctl /export show-sensitive >"$NETNS_TEST_DIR/before.rsc" || return 1
	ctl /system reset-configuration || return 1
	[ "$(ctl /ppp secret print count-only)" = 0 ] || return 1
	ctl /import file="$NETNS_TEST_DIR/before.rsc" || return 1
	ctl /export show-sensitive >"$NETNS_TEST_DIR/after.rsc"
	diff -u "$NETNS_TEST_DIR/before.rsc" "$NETNS_TEST_DIR/after.rsc" &&
		ctl /ppp secret remove odd && ctl /ppp profile set default only-one=default &&
		ctl /system logging set 0 disabled=no && ctl /ppp aaa set interim-update=0s
}

test_restart_keeps_it() {
	ctl /export show-sensitive >"$NETNS_TEST_DIR/before.rsc"
	stop_daemon sluiced 10 && start_sluiced || return 1
	ctl /export show-sensitive | diff -u "$NETNS_TEST_DIR/before.rsc" - &&
		dial 2 vpnuser StrongUserPass "${CL[@]}" && up 2
}

test_bad_commands_change_nothing() {
	local out rc
	ctl /export show-sensitive >"$NETNS_TEST_DIR/before.rsc"
	out=$(ctl /ppp secret set vpnuser profile=pptp-profile service=bogus 2>&1); rc=$?
	echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q 'bad value for service' || return 1
	out=$(ctl /ppp secrte print 2>&1); rc=$?
	echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q 'expected one of: profile, secret' || return 1
	printf '/ip pool add name=ok1 ranges=10.5.0.1-10.5.0.9\n/ip pool add name=ok1 ranges=10.6.0.1\n' \
		>"$NETNS_TEST_DIR/bad.rsc"
	out=$(ctl -f "$NETNS_TEST_DIR/bad.rsc" 2>&1); rc=$?
	echo "$out"
	# a script stops at its first bad line, naming it, and is undone whole
	[ $rc = 1 ] && echo "$out" | grep -q "bad.rsc:2: /ip pool ok1 already exists" &&
		ctl /export show-sensitive | diff -u "$NETNS_TEST_DIR/before.rsc" - || return 1
	# a script may name what it defines further down; a name missing at its end undoes it
	printf '/ppp profile add name=fwd remote-address=fwd-pool\n/ip pool add name=fwd-pool ranges=10.7.0.1-10.7.0.9\n/ppp secret add name=fwd-user profile=fwd\n' \
		>"$NETNS_TEST_DIR/fwd.rsc"
	ctl -f "$NETNS_TEST_DIR/fwd.rsc" || return 1
	printf '/ip pool add name=gone ranges=10.8.0.1\n/ppp secret add name=bad-user profile=nosuch\n' \
		>"$NETNS_TEST_DIR/missing.rsc"
	out=$(ctl -f "$NETNS_TEST_DIR/missing.rsc" 2>&1); rc=$?
	echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "input does not match any value of profile" || return 1
	[ "$(ctl /ip pool print count-only where name=gone)" = 0 ] || return 1
	# what is in use stays; the file still loads
	out=$(ctl /ppp profile remove fwd 2>&1) && return 1
	echo "$out" | grep -q "used by /ppp secret fwd-user" || return 1
	ctl /ppp secret remove fwd-user && ctl /ppp profile remove fwd && ctl /ip pool remove fwd-pool &&
		ctl /export show-sensitive | diff -u "$NETNS_TEST_DIR/before.rsc" -
}

# pppctl's prompt on a pseudo-terminal: Tab, a menu alone moves there, relative commands
test_prompt() {
	R_ env PROMPT_HOME="$NETNS_TEST_DIR" python3 "$(dirname "$0")/prompt.py" -s "$SOCK"
}

# Four pppctl processes add 50 secrets each at once: all 200 arrive, the file loads.
test_concurrent_writers() {
	local w pids=()
	for w in 1 2 3 4; do
		( for i in $(seq 1 50); do R_ pppctl -s "$SOCK" /ppp secret add name="w$w-$i" password=p || exit 1; done ) &
		pids+=($!)
	done
	for w in "${pids[@]}"; do wait "$w" || return 1; done
	# a regular expression with brackets goes as one argument: the shell would split it
	[ "$(ctl '/ppp secret print count-only where name~"^w[1-4]-"')" = 200 ] &&
		R_ sluiced -t -c "$CONF" && [ "$(grep -c '^add name=w' "$CONF")" = 200 ] &&
		ctl '/ppp secret remove [find where name~"^w[1-4]-"]'
}

# A large configuration rewritten again and again, sluiced killed at random moments: the
# file is always one whole version (every secret carries the same comment) and loads.
test_kill9_mid_write() {
	local i n comments
	for i in $(seq 1 3000); do echo "/ppp secret add name=k$i password=secret-$i"; done >"$NETNS_TEST_DIR/big.rsc"
	ctl -f "$NETNS_TEST_DIR/big.rsc" || return 1
	ls -l "$CONF"
	for n in $(seq 1 12); do
		R_ pppctl -s "$SOCK" "/ppp secret set [find where name~\"^k\"] comment=round-$n" >/dev/null 2>&1 &
		sleep "0.0$((RANDOM % 10))"
		kill -9 "$(daemon_pid sluiced)"
		wait
		comments=$(grep '^add name=k' "$CONF" | sed -n 's/.* comment=\(round-[0-9]*\).*/\1/p' | sort -u | wc -l)
		[ "$(grep -c '^add name=k' "$CONF")" = 3000 ] && [ "$comments" -le 1 ] &&
			R_ sluiced -t -c "$CONF" >/dev/null || { echo "round $n: torn file"; return 1; }
		echo "round $n: $(grep -m1 -o 'comment=round-[0-9]*' "$CONF" || echo 'no comment yet')"
		rm -f "$NETNS_TEST_DIR/sluiced.pid"
		start_sluiced || return 1
	done
	# a kill between mkstemp and rename leaves a new file behind: the next start removes it
	! ls "$NETNS_TEST_DIR" | grep 'sluice\.rsc\.' || return 1
	ctl '/ppp secret remove [find where name~"^k"]' && [ "$(grep -c '^add name=k' "$CONF")" = 0 ]
}

test_only_one_replace() {
	ctl /ppp profile set pptp-profile only-one=replace || return 1
	dial 3 vpnuser StrongUserPass "${CL[@]}" && up 3 || return 1
	dial 4 vpnuser StrongUserPass "${CL[@]}" && up 4 60 && gone 3 30 || return 1
	log_has 'only-one=replace' && log_has 'acct: stop .*user=vpnuser .*cause=replaced' &&
		[ "$(sessions name=vpnuser)" = 1 ] && C_ ping -c 2 -W 3 -I ppp4 192.168.89.1 >/dev/null &&
		ctl /ppp profile set pptp-profile only-one=default
}

test_interim_and_accounting_off() {
	ctl /ppp aaa set interim-update=3s || return 1
	dial 5 vpnuser StrongUserPass "${CL[@]}" && up 5 || return 1
	wait_for 10 ip netns exec "$C" ping -c 1 -W 2 -I ppp5 192.168.89.1 || return 1
	wait_for 15 grep -q 'acct: interim .*user=vpnuser .*rx-bytes=[1-9]' "$NETNS_TEST_DIR/sluiced.log" || return 1
	grep 'acct: interim' "$NETNS_TEST_DIR/sluiced.log" | tail -n 1
	stop_clients
	ctl /ppp aaa set interim-update=0s accounting=no || return 1
	local starts
	starts=$(grep -c 'acct: start' "$NETNS_TEST_DIR/sluiced.log")
	dial 6 vpnuser StrongUserPass "${CL[@]}" && up 6 || return 1
	stop_clients
	[ "$(grep -c 'acct: start' "$NETNS_TEST_DIR/sluiced.log")" = "$starts" ] &&
		ctl /ppp aaa set accounting=yes
}

# RouterOS's rules: info off leaves only what another rule asks for (here: accounting).
test_logging_topics() {
	local from
	ctl /system logging disable [find topics=info] && ctl /system logging add topics=account || return 1
	from=$(wc -l <"$NETNS_TEST_DIR/sluiced.log")
	dial 7 vpnuser StrongUserPass "${CL[@]}" && up 7 || return 1
	stop_clients
	tail -n +"$((from + 1))" "$NETNS_TEST_DIR/sluiced.log" >"$NETNS_TEST_DIR/window.log"
	cat "$NETNS_TEST_DIR/window.log"
	grep -q 'ppp,account,info: acct: start' "$NETNS_TEST_DIR/window.log" &&
		! grep -q 'authenticated' "$NETNS_TEST_DIR/window.log" || return 1
	ctl /system logging remove [find topics=account] && ctl /system logging enable [find topics=info]
}

test_active_remove_where() {
	dial 8 vpnuser StrongUserPass "${CL[@]}" && up 8 || return 1
	ctl /ppp active print
	ctl_any "/ppp active" '.name == "vpnuser" and .["session-id"] != ""' &&
		ctl /ppp active remove [find name=vpnuser] && gone 8 20 && log_has 'cause=admin-reset'
}

test_stop() {
	stop_daemon sluiced 10 && R_ sluiced -t -c "$CONF" &&
		! ls "$NETNS_TEST_DIR" | grep 'sluice\.rsc\.'	# no temporary file left
}

t "set-up: namespaces, sluiced with no configuration file yet" test_setup
t "RouterOS snippets import with pppctl -f and serve pptp-linux" test_snippets_give_a_server
t "the file is the export with secrets (show-sensitive), /export hides them, mode 0600, sluiced -t accepts it" test_file_is_the_export
t "export, reset-configuration, import: the same export" test_export_wipe_import
t "a restart keeps the configuration" test_restart_keeps_it
t "bad commands and a bad script line change nothing they should not" test_bad_commands_change_nothing
t "the prompt: Tab completion, menus, relative commands, errors" test_prompt
t "four concurrent pppctl writers: 200 secrets, the file loads" test_concurrent_writers
t "kill -9 during writes: always a whole file that loads" test_kill9_mid_write
t "only-one=replace: a second login ends the first" test_only_one_replace
t "interim-update records, accounting=no writes none" test_interim_and_accounting_off
t "logging topics select what is written" test_logging_topics
t "/ppp active print where and remove [find]" test_active_remove_where
t "SIGTERM stops sluiced cleanly; the file still loads" test_stop
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
