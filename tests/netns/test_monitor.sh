#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Monitoring as a RouterOS admin does it, against a pptp-linux client (lib-pptp.sh):
# /ppp active print stats and /interface print stats count what a ping carried,
# /interface monitor-traffic shows the bits a second of an iperf3 (once, and repeated until
# Ctrl-C), and the session's log lines carry journald's SLUICE_* fields. The VM has no
# journald: sluiced is started as systemd starts it (JOURNAL_STREAM naming its stderr) and
# journal_sink.py binds journald's socket path in its place, reading the entries as
# journald would; with a journald there, journalctl is asked instead.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pptp.sh"
SINK=$(dirname "$0")/journal_sink.py
SOCK=/run/sluice/monitor-test.sock
JSOCK=/run/systemd/journal/socket

write_config() {
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<E
/ip pool add name=pool1 ranges=10.200.0.10-10.200.0.250
/ppp profile add name=enc local-address=10.200.0.1 remote-address=pool1 use-encryption=required
/ppp secret add name=alice password=alice-pass service=pptp profile=enc
/interface pptp-server server set enabled=yes default-profile=enc authentication=mschap2
E
}

# journal_entries FILTER: the entries sluiced sent that FILTER (jq, on {KEY: [values]}) holds
journal_entries() {
	if [ -n "$REAL_JOURNAL" ]; then
		journalctl -o json SYSLOG_IDENTIFIER=sluiced | jq -c '[to_entries[] | {key, value: [.value]}] | from_entries' |
			jq -c "select($1)"
	else
		jq -c "select($1)" "$NETNS_TEST_DIR/journal.json"
	fi
}

test_setup() {
	write_config
	REAL_JOURNAL=
	if [ -S "$JSOCK" ] && journalctl -n 0 >/dev/null 2>&1; then
		REAL_JOURNAL=1
	else
		mkdir -p "$(dirname "$JSOCK")"
		start_daemon journal - python3 "$SINK" "$JSOCK" "$NETNS_TEST_DIR/journal.json"
		attach_log "$NETNS_TEST_DIR/journal.json"
		wait_for 10 test -S "$JSOCK" || return 1
	fi
	# as systemd does: stderr is the journal's stream, JOURNAL_STREAM says which one
	: >"$NETNS_TEST_DIR/sluiced.log"
	export JOURNAL_STREAM
	JOURNAL_STREAM=$(stat -c '%d:%i' "$NETNS_TEST_DIR/sluiced.log")
	pptp_setup "$NETNS_TEST_DIR/sluice.rsc"
	local rc=$?
	unset JOURNAL_STREAM
	return $rc
}

# alice_up UNIT: alice dials as pppUNIT (each test does: the clients are stopped after every
# test; a unit of its own, as pppd appends to its log and up reads it)
alice_up() { dial "$1" alice alice-pass "${MS2[@]}" require-mppe-128 && up "$1"; }

# stats_of MENU FIELD: the first row's FIELD of MENU print stats, as pppctl -j gives it
stats_of() { ctl -j "$1 print stats" | jq -r --arg k "$2" '.[0][$k]'; }

test_print_stats() {
	local rx0 tx0 rx1 tx1 irx
	alice_up 0 || return 1
	ctl "/ppp active print stats" && ctl "/interface print stats" || return 1
	rx0=$(stats_of "/ppp active" rx-packet) && tx0=$(stats_of "/ppp active" tx-packet) || return 1
	C_ ping -c 20 -i 0.2 -W 3 10.200.0.1 >/dev/null || return 1
	rx1=$(stats_of "/ppp active" rx-packet) && tx1=$(stats_of "/ppp active" tx-packet) || return 1
	irx=$(stats_of "/interface" rx-packet)
	echo "/ppp active rx-packet $rx0 -> $rx1, tx-packet $tx0 -> $tx1; /interface rx-packet $irx"
	[ $((rx1 - rx0)) -ge 20 ] && [ $((tx1 - tx0)) -ge 20 ] && [ "$irx" -ge "$rx1" ] &&
		[ "$(ctl -j "/interface print" | jq -r '.[0].type')" = pptp-in ] &&
		[ "$(stats_of "/ppp active" rx-byte)" -gt 20 ]
}

# the client sends (iperf3 to the router): the router's rx, in bits a second
test_monitor_traffic() {
	local once lines rc=1
	alice_up 1 && C_ ping -c 2 -W 3 10.200.0.1 >/dev/null || return 1
	start_daemon iperf "$R" iperf3 -s -1 -B 10.200.0.1
	if wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q 10.200.0.1:5201"; then
		start_daemon iperf-client "$C" iperf3 -c 10.200.0.1 -t 15
		sleep 2
		once=$(ctl -j "/interface monitor-traffic <pptp-alice> once") &&
			ctl "/interface monitor-traffic <pptp-alice> once" && rc=0
		echo "once: $once"
		# without once: a sample a second until Ctrl-C (SIGINT after 3.5 s)
		lines=$(R_ timeout -s INT 3.5 pppctl -s "$SOCK" -j /interface monitor-traffic \
			'<pptp-alice>' | jq -c 'select(."rx-bits-per-second" > 0)' | wc -l)
		echo "samples with traffic while repeating: $lines"
		stop_daemon iperf-client 15
	fi
	stop_daemon iperf 5
	[ $rc -eq 0 ] && echo "$once" |
		jq -e '."rx-bits-per-second" > 100000 and ."rx-packets-per-second" > 0' >/dev/null &&
		[ "$lines" -ge 2 ] && [ "$lines" -le 5 ]
}

# journalctl SLUICE_USER=alice: alice's lines; a user name with a newline cannot forge a field
test_journal_fields() {
	local sid n
	alice_up 2 || return 1
	sid=$(ctl -j "/ppp active print" | jq -r '.[0]."session-id"')
	journal_entries '.SLUICE_USER == ["alice"] and (.MESSAGE[0] | test("alice authenticated"))' | tail -1
	n=$(journal_entries ".SLUICE_USER == [\"alice\"] and .SLUICE_SESSION == [\"$sid\"] and
		.SLUICE_PEER == [\"10.9.0.2\"] and .SLUICE_SERVICE == [\"pptp\"]" | wc -l)
	echo "session $sid: $n entries with its four fields"
	[ "$n" -ge 1 ] || return 1
	dial 3 $'mallory\nPRIORITY=0\nSLUICE_USER=alice' wrong "${MS2[@]}"
	refused 3
	echo "the client with the hostile name gave up: $? (0: yes)"
	journal_entries '(.SLUICE_USER // [""])[0] | startswith("mallory")' | tee "$NETNS_TEST_DIR/mallory.json"
	[ "$(wc -l <"$NETNS_TEST_DIR/mallory.json")" -ge 1 ] || return 1
	jq -e 'select((.PRIORITY | length) != 1 or (.SLUICE_USER | length) != 1 or has("!binary"))' \
		"$NETNS_TEST_DIR/mallory.json" >/dev/null && return 1
	grep -q 'mallory\\\\x0aPRIORITY=0\\\\x0aSLUICE_USER=alice' "$NETNS_TEST_DIR/mallory.json"
}

t "set-up: sluiced as systemd starts it (JOURNAL_STREAM), journald's socket" test_setup
t "/ppp active and /interface print stats count a ping" test_print_stats
t "/interface monitor-traffic shows an iperf3's bits a second" test_monitor_traffic
t "journald fields on the session's lines; a hostile user name forges none" test_journal_fields
stop_daemon sluiced 10
[ -n "$REAL_JOURNAL" ] || rm -f "$JSOCK"
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
