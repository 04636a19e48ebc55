#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# /system metrics: sluiced's Prometheus endpoint, scraped with curl and checked with
# Prometheus's own parser (`promtool check metrics`, Debian's prometheus package), its
# values held against /ppp active while pptp-linux clients are dialled in.
#
#   +-------------------------------+          +---------------------------------+
#   | ns R (router)                 |   veth   | ns C (clients)                  |
#   | r0 10.9.0.1/24                |----------| c0 10.9.0.2/24                  |
#   | sluiced: TCP 1723, and        |          | pppd pty "pptp 10.9.0.1" ...    |
#   | metrics on 127.0.0.1:9661     |          | pppN 10.200.0.x                 |
#   +-------------------------------+          +---------------------------------+
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pptp.sh"
SOCK=/run/sluice/metrics-test.sock
PORT=9661
SCRAPE=$NETNS_TEST_DIR/scrape.txt

for tool in curl promtool pptp pppd jq; do
	command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $ksft_skip; }
done

write_config() {
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<E
/ip pool add name=pool1 ranges=10.200.0.10-10.200.0.250
/ppp profile add name=enc-required local-address=10.200.0.1 remote-address=pool1 use-encryption=required
/ppp profile add name=plain local-address=10.200.0.1 remote-address=pool1 use-encryption=no
/ppp secret add name=alice password=alice-pass service=pptp profile=enc-required
/ppp secret add name=bob password=bob-pass service=pptp profile=plain
/interface pptp-server server set enabled=yes default-profile=enc-required authentication=mschap2
E
}

# scrape [PORT]: the metrics into $SCRAPE (headers beside it), and promtool accepts them
scrape() {
	R_ curl -sS --max-time 10 -D "$SCRAPE.headers" -o "$SCRAPE" \
		"http://127.0.0.1:${1:-$PORT}/metrics" || return 1
	grep -q '^HTTP/1.1 200 OK' "$SCRAPE.headers" &&
		grep -qi '^Content-Type: text/plain; version=0.0.4' "$SCRAPE.headers" &&
		grep -qi '^Connection: close' "$SCRAPE.headers" || return 1
	promtool check metrics <"$SCRAPE" || { echo "promtool refused the scrape"; return 1; }
}
# value SERIES: the value of one series as written (name{label="v",...}), "" if absent
value() { awk -v s="$1" '$1 == s { print $2 }' "$SCRAPE"; }
# total NAME [REGEX]: NAME's samples whose series match REGEX, added up (0 if none)
total() {
	awk -v n="$1" -v re="${2:-.}" '($1 == n || index($1, n "{") == 1) && $1 ~ re { s += $2 }
		END { print s + 0 }' "$SCRAPE"
}
# status METHOD PATH: the HTTP status the endpoint answers
status() { R_ curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X "$1" "http://127.0.0.1:$PORT$2"; }
pptp_rows() { ctl -j /ppp active print | jq '[.[] | select(.service == "pptp")] | length'; }
pptp_up_is() { [ "$(ctl_count '/ppp active' '.service == "pptp" and .state == "up"')" = "$1" ]; }
session_id_of() { ctl -j /ppp active print | jq -r --arg u "$1" '.[] | select(.name == $u) | .["session-id"]'; }

test_setup() {
	write_config
	pptp_setup "$NETNS_TEST_DIR/sluice.rsc"
}

# off by default; enabled it serves at once, and promtool reads every family
test_enable() {
	[ "$(ctl_get '/system metrics' enabled)" = no ] || return 1
	! R_ curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$PORT/metrics" || return 1
	ctl /system metrics set enabled=yes address=127.0.0.1 port=$PORT || return 1
	wait_for 10 scrape || return 1
	grep -c '^# TYPE' "$SCRAPE"
	[ "$(value 'sluice_sessions{service="pptp",state="up"}')" = 0 ] &&
		[ "$(value 'sluice_kernel_module_up')" = 1 ] &&
		[ "$(value 'sluice_pool_size{pool="pool1"}')" = 241 ] &&
		[ "$(value 'sluice_pool_used{pool="pool1"}')" = 0 ] &&
		[ -z "$(value 'sluice_session_rx_bytes_total')" ] &&
		! grep -q '^sluice_session_rx_bytes_total' "$SCRAPE"
}

# two PPTP sessions: the gauges say what /ppp active says, the counters moved
test_sessions_match_active() {
	local setups auths ends
	scrape || return 1
	setups=$(value 'sluice_session_setups_total{service="pptp"}')
	auths=$(value 'sluice_auth_results_total{method="mschap2",backend="local",result="accept"}')
	dial 0 alice alice-pass "${MS2[@]}" require-mppe-128 && up 0 || return 1
	dial 1 bob bob-pass "${MS2[@]}" nomppe && up 1 || return 1
	wait_for 10 pptp_up_is 2 || return 1
	scrape || return 1
	grep '^sluice_sessions{service="pptp"' "$SCRAPE"
	echo "/ppp active: $(pptp_rows) pptp rows"
	[ "$(total sluice_sessions 'service="pptp"')" = "$(pptp_rows)" ] &&
		[ "$(value 'sluice_sessions{service="pptp",state="up"}')" = 2 ] &&
		[ "$(value 'sluice_session_setups_total{service="pptp"}')" = $((setups + 2)) ] &&
		[ "$(value 'sluice_auth_results_total{method="mschap2",backend="local",result="accept"}')" = $((auths + 2)) ] &&
		[ "$(value 'sluice_pool_used{pool="pool1"}')" = 2 ] &&
		[ "$(value 'sluice_kernel_sessions{state="attached"}')" -ge 2 ] || return 1
	ends=$(total sluice_session_ends_total 'service="pptp"')
	# pppd's Terminate-Request (user-request) or the call manager's TCP close (lost-carrier)
	hangup 1 bob && scrape &&
		[ "$(total sluice_sessions 'service="pptp"')" = "$(pptp_rows)" ] &&
		[ "$(total sluice_session_ends_total 'service="pptp"')" = $((ends + 1)) ] ||
		{ grep '^sluice_session_ends_total' "$SCRAPE"; return 1; }
}

# per-session=yes: a series per session and counter; a ping moves bytes and packets
test_per_session_bytes() {
	local id series rx0 rx1 tx0 tx1 pk0 pk1
	ctl /system metrics set per-session=yes || return 1
	dial 2 alice alice-pass "${MS2[@]}" require-mppe-128 && up 2 || return 1
	id=$(session_id_of alice)
	series="{session_id=\"$id\",user=\"alice\",service=\"pptp\"}"
	scrape || return 1
	grep "^sluice_session_" "$SCRAPE" | grep -v '_total{service'
	rx0=$(value "sluice_session_rx_bytes_total$series")
	tx0=$(value "sluice_session_tx_bytes_total$series")
	pk0=$(value "sluice_session_rx_packets_total$series")
	[ -n "$rx0" ] && [ -n "$tx0" ] && [ -n "$pk0" ] || return 1
	C_ ping -c 20 -i 0.2 -s 500 -W 3 10.200.0.1 >/dev/null || return 1
	scrape || return 1
	rx1=$(value "sluice_session_rx_bytes_total$series")
	tx1=$(value "sluice_session_tx_bytes_total$series")
	pk1=$(value "sluice_session_rx_packets_total$series")
	echo "session $id: rx bytes $rx0 -> $rx1, tx bytes $tx0 -> $tx1, rx packets $pk0 -> $pk1"
	[ $((rx1 - rx0)) -ge $((20 * 528)) ] && [ $((tx1 - tx0)) -ge $((20 * 528)) ] &&
		[ $((pk1 - pk0)) -ge 20 ] || return 1
	ctl /system metrics set per-session=no && scrape &&
		! grep -q '^sluice_session_rx_bytes_total' "$SCRAPE"
}

# a wrong password and an admin removal: counted by result and by cause
test_failures_and_ends_by_cause() {
	local rejects fails removed
	scrape || return 1
	rejects=$(value 'sluice_auth_results_total{method="mschap2",backend="local",result="reject"}')
	fails=$(total sluice_session_setup_failures_total 'service="pptp"')
	removed=$(value 'sluice_session_ends_total{service="pptp",cause="admin-reset"}')
	dial 3 alice not-her-password "${MS2[@]}" require-mppe-128 && refused 3 || return 1
	stop_clients	# pptp-linux's call manager outlives its pppd a moment (lib-pptp.sh)
	dial 4 alice alice-pass "${MS2[@]}" require-mppe-128 && up 4 || return 1
	ctl /ppp active remove alice || return 1
	wait_for 15 not user_active alice || return 1
	scrape || return 1
	grep -E '^sluice_session_(setup_failures|ends)_total' "$SCRAPE"
	[ "$(value 'sluice_auth_results_total{method="mschap2",backend="local",result="reject"}')" = $((rejects + 1)) ] &&
		[ "$(total sluice_session_setup_failures_total 'service="pptp"')" = $((fails + 1)) ] &&
		[ "$(value 'sluice_session_ends_total{service="pptp",cause="admin-reset"}')" = $((${removed:-0} + 1)) ]
}

# what a scraper must not get: other methods and paths, an oversized head; all counted
test_bad_requests() {
	local big method path toobig
	scrape || return 1
	method=$(value 'sluice_metrics_refused_total{reason="method"}')
	path=$(value 'sluice_metrics_refused_total{reason="not-found"}')
	toobig=$(value 'sluice_metrics_refused_total{reason="too-big"}')
	big=$(head -c 5000 /dev/zero | tr '\0' x)
	[ "$(status POST /metrics)" = 405 ] && [ "$(status GET /admin)" = 404 ] &&
		[ "$(R_ curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-Big: $big" \
			"http://127.0.0.1:$PORT/metrics")" = 431 ] || return 1
	scrape || return 1
	[ "$(value 'sluice_metrics_refused_total{reason="method"}')" = $((method + 1)) ] &&
		[ "$(value 'sluice_metrics_refused_total{reason="not-found"}')" = $((path + 1)) ] &&
		[ "$(value 'sluice_metrics_refused_total{reason="too-big"}')" = $((toobig + 1)) ] &&
		sluiced_log | grep -q 'metrics: 127.0.0.1:[0-9]* refused: method'
}

# port= and enabled= apply at once: the listener moves, then goes
test_move_and_disable() {
	ctl /system metrics set port=9662 || return 1
	wait_for 10 scrape 9662 || return 1
	! R_ curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$PORT/metrics" || return 1
	ctl /system metrics set enabled=no || return 1
	! R_ curl -s --max-time 5 -o /dev/null "http://127.0.0.1:9662/metrics" || return 1
	ctl /system metrics set enabled=yes port=$PORT && wait_for 10 scrape
}

t "set-up: modules, namespaces, sluiced listening on TCP 1723" test_setup
t "off by default; enabled it serves what promtool accepts" test_enable
t "sessions gauge = /ppp active rows; set-ups, auth, pool counted" test_sessions_match_active
t "per-session=yes: a session's bytes and packets grow with a ping" test_per_session_bytes
t "a wrong password and a remove: counted by result and cause" test_failures_and_ends_by_cause
t "other methods, paths, an oversized head: refused and counted" test_bad_requests
t "port= moves the listener, enabled=no stops it" test_move_and_disable
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
