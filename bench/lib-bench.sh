#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What bench/run.sh and bench/setup-rate.sh share (inside the VM rig, after
# tests/netns/lib.sh): commands in ns A and B, a timestamped note on stderr tagged
# $BENCH_TAG, record, which writes one measurement to $RESULTS (FAILED=1 if not taken), and
# the data-path measurements through a session between ns B and ns A's 10.200.0.1 (T seconds
# each): tcp_mbits, udp64_pps, flood_rate; many_addresses for N sessions' interfaces.
A_() { ip netns exec "$A" "$@"; }
B_() { ip netns exec "$B" "$@"; }
note() { echo "[$(cut -d' ' -f1 /proc/uptime)] $BENCH_TAG: $*" >&2; }

# record METRIC STACK REP VALUE : VALUE empty or not a number means the measurement failed
record() {
	if [[ $4 =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
		printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"
		note "$1 $2 rep $3: $4"
	else
		printf '%s\t%s\t%s\tFAIL\n' "$1" "$2" "$3" >>"$RESULTS"
		note "$1 $2 rep $3: NOT TAKEN"
		show_logs | tail -n 60
		FAILED=1
	fi
}

# wait_line LOGNAME REGEX SECONDS : the daemon's log shows REGEX (and it is still running)
wait_line() { wait_for "$3" grep -q "$2" "$NETNS_TEST_DIR/$1.log"; }

# iperf3_json NAME ARGS... : iperf3 from B to A's tunnel address; the JSON in NAME.json
iperf3_json() {
	local name=$1 ok
	shift
	start_daemon iperf-server "$A" iperf3 -s -1 -B 10.200.0.1
	wait_for 10 sh -c "ip netns exec $A ss -tln | grep -q 10.200.0.1:5201" || return 1
	B_ timeout $((T + 30)) iperf3 -c 10.200.0.1 -t "$T" -J "$@" >"$NETNS_TEST_DIR/$name.json"
	ok=$?
	stop_daemon iperf-server 5
	return $ok
}

# json_get FILE EXPRESSION : a number from iperf3's JSON (d is the document)
json_get() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("%.1f" % eval(sys.argv[2]))' "$1" "$2" 2>/dev/null
}

# tcp_mbits [-R] : TCP goodput in Mbit/s as the receiver counted it (B to A, -R: A to B)
tcp_mbits() {
	iperf3_json tcp "$@" || return 1
	json_get "$NETNS_TEST_DIR/tcp.json" 'd["end"]["sum_received"]["bits_per_second"] / 1e6'
}

# udp64_pps : 64-byte UDP datagrams per second that reached A through the session (B sends
# flat out with udpflood: iperf3 -u paces every datagram and, emulated, could not offer
# more than the tunnels carry)
udp64_pps() { flood_rate "$B" "$A" 10.200.0.1 1 64; }

# flood_rate FROM_NS TO_NS FIRST_ADDR N LENGTH : datagrams/s the sink in TO_NS received while
# FROM_NS sent LENGTH-byte datagrams flat out, round robin to FIRST_ADDR and the N-1 after it;
# the offered rate goes to $NETNS_TEST_DIR/offered
flood_rate() {
	local out secs got
	start_daemon sink "$2" udpflood sink 9 $((T + 2))
	wait_line sink '^ready' 10 || return 1
	out=$(ip netns exec "$1" udpflood send "$3" "$4" 9 "$5" "$T") || return 1
	note "$out"
	secs=$(echo "$out" | sed -n 's/^sent [0-9]* datagrams in \([0-9.]*\) s.*/\1/p')
	echo "$out" | awk '{ printf "%.1f\n", $2 / $5 }' >"$NETNS_TEST_DIR/offered"
	wait_for $((T + 10)) grep -q '^received' "$NETNS_TEST_DIR/sink.log" || return 1
	note "$(grep '^received' "$NETNS_TEST_DIR/sink.log")"
	got=$(sed -n 's/^received \([0-9]*\) datagrams.*/\1/p' "$NETNS_TEST_DIR/sink.log")
	stop_daemon sink 2
	[ -n "$secs" ] && [ -n "$got" ] || return 1
	echo "$got $secs" | awk '{ printf "%.1f\n", $1 / $2 }'
}

# many_addresses N : pI in A 10.100.0.1 peer 10.101.0.1+I, in B the other way round, all up
many_addresses() {
	python3 - "$1" "$NETNS_TEST_DIR" <<-'EOF'
	import ipaddress, sys
	n, d = int(sys.argv[1]), sys.argv[2]
	first = ipaddress.ip_address("10.101.0.1")
	with open(d + "/a.batch", "w") as a, open(d + "/b.batch", "w") as b:
	    for i in range(n):
	        a.write("addr add 10.100.0.1 peer %s dev p%d\nlink set p%d up\n" % (first + i, i, i))
	        b.write("addr add %s peer 10.100.0.1 dev p%d\nlink set p%d up\n" % (first + i, i, i))
	EOF
	ip -n "$A" -batch "$NETNS_TEST_DIR/a.batch" && ip -n "$B" -batch "$NETNS_TEST_DIR/b.batch"
}

# sluice_mppe_ran MODE : sluice's t0 in A really runs MPPE-128 MODE (off: no MPPE)
sluice_mppe_ran() {
	local out
	out=$(A_ sluicectl show t0) || return 1
	case $1 in
	off) ! echo "$out" | grep -q 'mppe:' ;;
	*) echo "$out" | grep -q "mppe: 128-bit $1" ;;
	esac
}
