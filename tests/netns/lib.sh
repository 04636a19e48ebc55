# SPDX-License-Identifier: GPL-2.0
# Helpers for namespace tests, in the manner of the kernel's selftests/net/lib.sh.
# Source it, write test functions that return 0 (pass), 1 (fail) or $ksft_skip, run each with
# run_test, and end with summary. Namespaces, daemons and temporary files made through these
# helpers are removed on exit, whatever happened.

ksft_skip=4
NETNS_TEST_DIR=$(mktemp -d /tmp/netns-test.XXXXXX)
NS_LIST=()		# namespaces setup_ns made
DAEMONS=()		# names started with start_daemon
LOGS=()			# files shown when a test fails
n_pass=0 n_fail=0 n_skip=0
TEST_START_DMESG=$(dmesg 2>/dev/null | wc -l)

uptime_s() { cut -d. -f1 /proc/uptime; }
log() { echo "[$(cut -d' ' -f1 /proc/uptime)] $*"; }

# setup_ns VAR... : make a namespace per VAR, named VAR-<random>, and set VAR to its name.
setup_ns() {
	local var ns
	for var in "$@"; do
		ns="$var-$(mktemp -u XXXXXX)"
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		NS_LIST+=("$ns")
		eval "$var=\$ns"
	done
}

# veth_pair NS1 IF1 ADDR1 NS2 IF2 ADDR2 : join two namespaces, addresses in CIDR form.
veth_pair() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" || return 1
	ip -n "$1" addr add "$3" dev "$2" && ip -n "$4" addr add "$6" dev "$5" &&
		ip -n "$1" link set "$2" up && ip -n "$4" link set "$5" up
}

# wait_for SECONDS CMD... : poll CMD until it succeeds or the deadline passes.
wait_for() {
	local end=$(($(uptime_s) + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(uptime_s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# For the two-namespace data-path tests: A_ and B_ run a command in ns A and B, the tunnel
# is 10.200.0.1 in A and 10.200.0.2 in B, and the test's rx_packets A_ counts the packets
# A's end of the tunnel received.
# iperf_both : TCP both ways for 3 s each; prints Mbit/s, fails if either direction fails
iperf_both() {
	local dir out rc=0
	for dir in "" -R; do
		start_daemon iperf-server "$A" iperf3 -s -1 -B 10.200.0.1
		wait_for 10 sh -c "ip netns exec $A ss -tln | grep -q 10.200.0.1:5201" || return 1
		out=$(B_ timeout 30 iperf3 -c 10.200.0.1 -t 3 $dir -f m 2>&1) || rc=1
		echo "iperf3 ${dir:-(B to A)}: $(echo "$out" | awk '/receiver/ { print $(NF-2), $(NF-1) }')"
		stop_daemon iperf-server 5
	done
	return $rc
}

# traffic : pings both ways through the tunnel, and A's end counted them
traffic() {
	local before after
	before=$(rx_packets A_)
	B_ ping -c 3 -W 2 -i 0.3 10.200.0.1 >/dev/null || return 1
	A_ ping -c 3 -W 2 -i 0.3 10.200.0.2 >/dev/null || return 1
	after=$(rx_packets A_)
	echo "A's end of the tunnel received $((after - before)) packets over the pings"
	[ $((after - before)) -ge 6 ]
}

# The privileges daemon/sluiced.service leaves sluiced, as setpriv's words: uid 0 with only
# the capabilities of its CapabilityBoundingSet=, no new privileges, the group sluice if
# there is one (SupplementaryGroups=). Every sluiced the tests start runs with these: a code
# path that needs one capability more fails a test, not a router.
SLUICED_UNIT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../daemon" && pwd)/sluiced.service
sluiced_privileges() {
	local caps groups=--clear-groups
	caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$SLUICED_UNIT" | tr 'A-Z' 'a-z' |
		sed 's/cap_/+/g; s/ /,/g')
	[ -n "$caps" ] || { echo "no CapabilityBoundingSet= in $SLUICED_UNIT" >&2; return 1; }
	getent group sluice >/dev/null && groups=--groups=sluice
	SLUICED_PRIVILEGES=(setpriv "--bounding-set=-all,$caps" --inh-caps=-all "$groups"
		--no-new-privs --)
}

# start_daemon NAME NS CMD... : run CMD in namespace NS (or "-" for this one) in the
# background; its output goes to $NETNS_TEST_DIR/NAME.log, its pid to NAME.pid. sluiced
# runs with the privileges of its unit (sluiced_privileges).
start_daemon() {
	local name=$1 ns=$2
	shift 2
	if [ "$1" = sluiced ]; then
		sluiced_privileges || return 1
		set -- "${SLUICED_PRIVILEGES[@]}" "$@"
	fi
	if [ "$ns" = - ]; then
		"$@" >"$NETNS_TEST_DIR/$name.log" 2>&1 &
	else
		ip netns exec "$ns" "$@" >"$NETNS_TEST_DIR/$name.log" 2>&1 &
	fi
	echo $! >"$NETNS_TEST_DIR/$name.pid"
	DAEMONS+=("$name")
	attach_log "$NETNS_TEST_DIR/$name.log"
}

daemon_pid() { cat "$NETNS_TEST_DIR/$1.pid" 2>/dev/null; }
daemon_alive() { local p; p=$(daemon_pid "$1") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# stop_daemon NAME [SECONDS] : SIGTERM, then SIGKILL after the grace period; 0 if it went
# away on SIGTERM.
stop_daemon() {
	local p rc=0
	p=$(daemon_pid "$1") || return 0
	[ -n "$p" ] || return 0
	kill "$p" 2>/dev/null
	if ! wait_for "${2:-5}" sh -c "! kill -0 $p"; then
		kill -9 "$p" 2>/dev/null
		rc=1
	fi
	wait "$p" 2>/dev/null
	rm -f "$NETNS_TEST_DIR/$1.pid"
	return $rc
}

attach_log() {
	local f g
	for f in "$@"; do
		for g in "${LOGS[@]}"; do [ "$f" = "$g" ] && continue 2; done
		LOGS+=("$f")
	done
}

show_logs() {
	local f
	for f in "${LOGS[@]}"; do
		[ -s "$f" ] || continue
		echo "----- $f (last 40 lines)"
		tail -n 40 "$f"
	done
	echo "----- dmesg since the tests began (last 30 lines)"
	dmesg | tail -n +"$((TEST_START_DMESG + 1))" | tail -n 30
}

# run_test NAME FUNC [ARGS...] : run one test and print its verdict line.
run_test() {
	local name=$1 rc
	shift
	"$@"
	rc=$?
	case $rc in
	0) printf 'TEST: %-60s [ OK ]\n' "$name"; n_pass=$((n_pass + 1)) ;;
	"$ksft_skip") printf 'TEST: %-60s [SKIP]\n' "$name"; n_skip=$((n_skip + 1)) ;;
	*) printf 'TEST: %-60s [FAIL]\n' "$name"; n_fail=$((n_fail + 1)); show_logs ;;
	esac
	return 0
}

# The kernel log since the tests began holds no oops, warning, sanitizer or leak report.
dmesg_clean() {
	local bad
	bad=$(dmesg | tail -n +"$((TEST_START_DMESG + 1))" |
		grep -E 'Oops|BUG:|WARNING:|Call Trace|KASAN|UBSAN|kmemleak|leak|refcount_t|general protection|RCU stall|hung task')
	[ -z "$bad" ] && return 0
	echo "$bad"
	return 1
}

cleanup() {
	local name ns
	for name in "${DAEMONS[@]}"; do
		stop_daemon "$name" 2 2>/dev/null
	done
	for ns in "${NS_LIST[@]}"; do
		# anything still running in the namespace (a daemon's children) goes too
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$NETNS_TEST_DIR"
}
trap cleanup EXIT

# After the tests: nothing they made is left behind.
left_behind() {
	local ns left=""
	for ns in "${NS_LIST[@]}"; do
		ip netns pids "$ns" 2>/dev/null | grep -q . && left="$left processes-in-$ns"
	done
	[ -z "$left" ] && return 0
	echo "left behind:$left"
	return 1
}

# summary : the closing tally, also appended to $SLUICE_OUT/results for the VM's runner.
summary() {
	echo "$n_pass passed, $n_fail failed, $n_skip skipped"
	[ -n "${SLUICE_OUT:-}" ] && echo "$n_pass $n_fail $n_skip $(basename "$0")" >>"$SLUICE_OUT/results"
	[ "$n_fail" -eq 0 ]
}
