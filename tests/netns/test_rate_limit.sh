#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rate limits enforced (issue 21): Debian's pptp-linux + pppd against sluiced, iperf3 through
# the session. A profile's rate-limit=2M/1M shapes the client's upload to 2 Mbit/s and its
# download to 1 Mbit/s (RouterOS: rx/tx from the router's side, rx is the client's upload),
# within 10%; /queue simple shows the dynamic queue; burst (4M for about the first 2 s of
# 1M 4M 2M 4) behaves as RouterOS documents it; a CoA-Request with a new
# Mikrotik-Rate-Limit from radclient changes the measured rate within a second and the
# session stays up; removing the limit lifts it.
#
#   +--------------------+  veth   +-------------------------------+  veth   +-----------------+
#   | ns F (radclient)   |---------| ns R (router)                 |---------| ns C (client)   |
#   | f0 10.8.0.2/24     |         | r1 10.8.0.1/24  r0 10.9.0.1/24|         | c0 10.9.0.2/24  |
#   |                    |         | sluiced, iperf3 -s            |         | pppd, iperf3 -c |
#   +--------------------+         +-------------------------------+         +-----------------+
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pptp.sh"
SOCK=/run/sluice/rate-test.sock
SECRET=dae-secret

for tool in radclient pptp pppd iperf3 jq; do
	command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $ksft_skip; }
done

F_() { ip netns exec "$F" "$@"; }
NOENC=(refuse-pap refuse-chap refuse-mschap refuse-eap nomppe)

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async || return 1
	setup_ns R C F && veth_pair "$R" r0 10.9.0.1/24 "$C" c0 10.9.0.2/24 &&
		veth_pair "$R" r1 10.8.0.1/24 "$F" f0 10.8.0.2/24 || return 1
	cat >"$NETNS_TEST_DIR/sluice.rsc" <<E
/ip pool add name=p ranges=10.230.0.10-10.230.0.20
/ppp profile add name=lim local-address=10.230.0.1 remote-address=p use-encryption=no rate-limit="2M/1M"
/ppp profile add name=burst local-address=10.230.0.1 remote-address=p use-encryption=no rate-limit="1M/1M 4M/4M 2M/2M 4/4"
/ppp secret add name=alice password=alice-pass service=pptp profile=lim
/ppp secret add name=bob password=bob-pass service=pptp profile=burst
/radius add address=10.8.0.2 secret=$SECRET
/radius incoming set accept=yes
/ppp aaa set accounting=no
/interface pptp-server server set enabled=yes authentication=mschap2 keepalive-timeout=60
E
	start_daemon sluiced "$R" sluiced -f -s "$SOCK" -c "$NETNS_TEST_DIR/sluice.rsc"
	wait_for 10 test -S "$SOCK" && wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q ':1723 '" ||
		return 1
	# every address: 10.230.0.1 exists only while a session is up
	iperf_server
}

# a fresh iperf3 server: one whose last client was killed may still be busy with it
iperf_server() {
	stop_daemon iperf-server 5
	start_daemon iperf-server "$R" iperf3 -s
	wait_for 10 sh -c "ip netns exec $R ss -tln | grep -q ':5201 '"
}

# iperf3 from the client through its session for SECONDS [-R]: the JSON report
iperf() {
	local secs=$1
	shift
	C_ timeout $((secs + 30)) iperf3 -c 10.230.0.1 -t "$secs" -J "$@"
}
# the receiver's rate over the whole run, kbit/s; the first second left out (-O 1)
rate_kbit() { jq '.end.sum_received.bits_per_second / 1000 | floor'; }
# each interval's rate, kbit/s, one per line
intervals_kbit() { jq '.intervals[].sum.bits_per_second / 1000 | floor'; }
within() { [ "$1" -ge $(($2 * (100 - $3) / 100)) ] && [ "$1" -le $(($2 * (100 + $3) / 100)) ]; }
session_id() { ctl -j /ppp active print | jq -r --arg u "$1" '.[] | select(.name == $u) | ."session-id"'; }
dae() { echo "$2" | F_ radclient -r 2 -t 2 -x 10.8.0.1:3799 "$1" "$SECRET"; }

# 2M/1M: upload (rx) 2 Mbit/s, download (tx) 1 Mbit/s, each within 10%
test_profile_rate() {
	local up down
	iperf_server || return 1
	dial 1 alice alice-pass "${NOENC[@]}" && up 1 || return 1
	up=$(iperf 6 -O 1 | rate_kbit) && down=$(iperf 6 -O 1 -R | rate_kbit) || return 1
	log "rate-limit=2M/1M: upload ${up} kbit/s, download ${down} kbit/s"
	within "$up" 2000 10 && within "$down" 1000 10 || return 1
	# what the module holds, by its own report
	[ "$(R_ sluicectl -j show '<pptp-alice>' | jq '[.rate_rx, .rate_tx] | join("/")' -r)" = \
		2000000/1000000 ] || return 1
	ctl /queue simple print
	[ "$(ctl -j /queue simple print | jq -r '.[0]."max-limit"')" = 2M/1M ] &&
		[ "$(ctl -j /queue simple print | jq -r '.[0].target')" = "<pptp-alice>" ]
}

# 1M/1M 4M/4M 2M/2M 4/4: from idle 4 Mbit/s until the 4-second average reaches 2 Mbit/s
# (about 2 s), then 1 Mbit/s until it falls below 2M again
test_burst() {
	local -a iv
	local avg
	iperf_server || return 1
	dial 2 bob bob-pass "${NOENC[@]}" && up 2 || return 1
	sleep 5		# a quiet burst-time: the average starts from nothing
	mapfile -t iv <<<"$(iperf 10 -R | intervals_kbit)"
	log "burst, per second (kbit/s): ${iv[*]}"
	[ "${#iv[@]}" -ge 10 ] || return 1
	# the first second bursts well above the rate; the fourth is back at about the rate
	[ "${iv[0]}" -ge 2500 ] && [ "${iv[3]}" -le 1500 ] || return 1
	# over ten seconds the average sits near the threshold: between rate and burst
	avg=$(( (iv[0] + iv[1] + iv[2] + iv[3] + iv[4] + iv[5] + iv[6] + iv[7] + iv[8] + iv[9]) / 10 ))
	log "burst: 10 s average ${avg} kbit/s"
	[ "$avg" -ge 1300 ] && [ "$avg" -le 2600 ]
}

# CoA with Mikrotik-Rate-Limit during a download: UDP offered at 5 Mbit/s (TCP would take
# its own time to grow into a new rate), 1 Mbit/s arrives; every second that starts a
# second or more after the CoA-ACK brings 3 Mbit/s; the session (same id) stays. radclient
# itself may take 10 s or more to start under emulation (FreeRADIUS's dictionaries): the
# download lasts long enough for that.
ms_now() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
test_coa_rate() {
	local -a iv
	local sid t0 ack pid i first sum
	iperf_server || return 1
	# a unit of its own: pppd appends to its log, and up would read the first test's line
	dial 3 alice alice-pass "${NOENC[@]}" && up 3 || return 1
	sid=$(session_id alice)
	t0=$(ms_now)
	iperf 24 -R -u -b 5M -l 1200 >"$NETNS_TEST_DIR/coa.json" &
	pid=$!		# (a bare wait would wait for the daemons too)
	sleep 3
	dae coa "User-Name = alice
Mikrotik-Rate-Limit = \"2M/3M\"" | grep 'CoA-ACK' || { wait "$pid"; return 1; }
	ack=$(ms_now)
	wait "$pid"
	mapfile -t iv <<<"$(intervals_kbit <"$NETNS_TEST_DIR/coa.json")"
	first=$(( (ack - t0 + 999) / 1000 + 1 ))	# the first second wholly after ACK + 1 s
	log "CoA-ACK $((ack - t0)) ms after the start; per second (kbit/s): ${iv[*]}; from second $first on: 3M"
	[ "${#iv[@]}" -ge 24 ] && [ "$first" -le 22 ] || return 1
	within "${iv[0]}" 1000 15 && within "${iv[1]}" 1000 15 || return 1
	# each of those seconds well above the old rate, and together the new one
	sum=0
	for ((i = first; i < ${#iv[@]}; i++)); do
		[ "${iv[i]}" -ge 2000 ] || return 1
		sum=$((sum + iv[i]))
	done
	within $((sum / (${#iv[@]} - first))) 3000 10 || return 1
	[ "$(session_id alice)" = "$sid" ] &&
		[ "$(ctl -j /queue simple print | jq -r '.[0]."max-limit"')" = 2M/3M ] || return 1
	# the shaper's queue overflowed at 5 Mbit/s offered: counted as such
	R_ sluicectl -j show '<pptp-alice>' | jq -e '.drops["rate-limit-tx"] > 0' >/dev/null
}

test_daemon_stop() {
	stop_daemon iperf-server 5
	stop_daemon sluiced 10 && module_sessions_are R_ 0
}

t "set-up: namespaces, sluiced with rate-limited profiles, iperf3 server" test_setup
t "rate-limit=2M/1M: upload 2 Mbit/s, download 1 Mbit/s (10%), /queue simple" test_profile_rate
t "burst 4M over 1M until the 4 s average reaches 2M, then the rate" test_burst
t "CoA Mikrotik-Rate-Limit: the rate follows within a second, session stays" test_coa_rate
t "sluiced stops, no kernel session left" test_daemon_stop
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
