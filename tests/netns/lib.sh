# SPDX-License-Identifier: GPL-2.0
# Helpers for namespace tests, in the manner of the kernel's selftests/net/lib.sh.
# Source it, write test functions that return 0 (pass), 1 (fail) or $ksft_skip, run each with
# run_test, and end with summary. Namespaces, daemons and temporary files made through these
# helpers are removed on exit, whatever happened.
#
# Every test file takes the options of the kernel's net selftests (fcnal-test.sh, pmtu.sh):
#   -t "TESTS"  run only these tests, named by function (test_ may be left off); the set-up
#               (test_setup) and dmesg_clean always run (left_behind only when named: the
#               tests that stop the daemons may not have run).
#               SLUICE_TESTS="..." in the environment does the same.
#   -p          pause after a failed test (Enter goes on, q stops), to look around in the
#               namespaces while they are still there
#   -v          verbose: trace the test functions (set -x) and show whole logs on a failure

ksft_skip=4
TESTS=${SLUICE_TESTS:-}
PAUSE_ON_FAIL=no
VERBOSE=no

lib_usage() {
	echo "usage: $(basename "$0") [-t \"TESTS\"] [-p] [-v]"
	echo "tests: $(sed -n 's/^\(t\|run_test\) "[^"]*" \([a-z_0-9]*\).*/\2/p' "$0" | tr '\n' ' ')"
}

while getopts :t:pvh o; do
	case $o in
	t) TESTS=$OPTARG ;;
	p) PAUSE_ON_FAIL=yes ;;
	v) VERBOSE=yes ;;
	h) lib_usage; exit 0 ;;
	*) lib_usage >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))

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

# xl2tpd_lns_conf OPTIONS: Debian's xl2tpd as a stock LNS on UDP 1701, pty mode (as
# lib-l2tp.sh's LACs), pool 10.210.0.10-20, its end 10.210.0.1, pppd's options in OPTIONS
xl2tpd_lns_conf() {
	cat <<E
[global]
port = 1701
access control = no
force userspace = yes
[lns default]
ip range = 10.210.0.10-10.210.0.20
local ip = 10.210.0.1
require authentication = yes
name = xl2tpd
length bit = yes
ppp debug = yes
pppoptfile = $1
E
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
		if [ "$VERBOSE" = yes ]; then
			echo "----- $f"
			cat "$f"
		else
			echo "----- $f (last 40 lines)"
			tail -n 40 "$f"
		fi
	done
	echo "----- dmesg since the tests began (last 30 lines)"
	dmesg | tail -n +"$((TEST_START_DMESG + 1))" | tail -n 30
}

# selected FUNC : -t named this test, or named none, or FUNC always runs.
selected() {
	[ -z "$TESTS" ] && return 0
	case " test_setup dmesg_clean $TESTS " in
	*" $1 "* | *" ${1#test_} "*) return 0 ;;
	esac
	return 1
}

pause_on_fail() {
	local answer
	[ "$PAUSE_ON_FAIL" = yes ] || return 0
	echo "Hit Enter to go on, or q and Enter to stop"
	read -r answer
	[ "$answer" = q ] && exit 1
	return 0
}

# run_test NAME FUNC [ARGS...] : run one test, if selected, and print its verdict line.
run_test() {
	local name=$1 rc
	shift
	selected "$1" || return 0
	if [ "$VERBOSE" = yes ]; then
		set -x
		"$@"
		rc=$?
		{ set +x; } 2>/dev/null
	else
		"$@"
		rc=$?
	fi
	case $rc in
	0) printf 'TEST: %-60s [ OK ]\n' "$name"; n_pass=$((n_pass + 1)) ;;
	"$ksft_skip") printf 'TEST: %-60s [SKIP]\n' "$name"; n_skip=$((n_skip + 1)) ;;
	*) printf 'TEST: %-60s [FAIL]\n' "$name"; n_fail=$((n_fail + 1)); show_logs; pause_on_fail ;;
	esac
	return 0
}

# t NAME FUNC : run_test, then the test file's stop_clients (which puts the namespaces back
# as the next test expects them).
t() {
	selected "$2" || return 0
	run_test "$@"
	stop_clients
}

# Reading state: tests read machine-readable output only (pppctl -j, which is print
# as-value, and sluicectl -j), taken apart with jq, so that no table's layout is part of a
# test. NS_ is a function that runs its arguments in a namespace (A_, R_, C_, ...); ctl is
# the test file's pppctl. FILTER is a jq expression; $v in it is VALUE.
not() { ! "$@"; }
# ctl_any MENU FILTER [VALUE] : some row of MENU (e.g. "/ppp active") holds for FILTER
ctl_any() { ctl -j $1 print | jq -e --arg v "${3-}" "any(.[]; $2)" >/dev/null; }
# ctl_count MENU FILTER [VALUE] : how many rows of MENU hold for FILTER
ctl_count() { ctl -j $1 print | jq --arg v "${3-}" "[.[] | select($2)] | length"; }
# ctl_get MENU KEY : a property of a menu of settings (one row)
ctl_get() { ctl -j $1 print | jq -r --arg k "$2" '.[0][$k]'; }
user_active() { ctl_any "/ppp active" '.name == $v' "$1"; }
user_in_pool() { ctl_any "/ip pool used" '.owner == $v' "$1"; }
# active_of SERVICE : how many sessions of SERVICE (pptp, l2tp) are in /ppp active
active_of() { ctl /ppp active print count-only where service="$1"; }
# active_count_is N : the test file's active_count (its service's sessions) is N
active_count_is() { [ "$(active_count)" = "$1" ]; }
# session_is NS_ IF FILTER : the kernel session IF holds for FILTER
session_is() { "$1" sluicectl -j show "$2" | jq -e "$3" >/dev/null; }
session_get() { "$1" sluicectl -j show "$2" | jq -r "$3"; }
# sessions_where NS_ FILTER : how many of the namespace's kernel sessions hold for FILTER
sessions_where() { "$1" sluicectl -j show | jq "[.[] | select($2)] | length"; }
# module_sessions_are NS_ N : the module holds N sessions (in every namespace together)
module_sessions_are() { [ "$("$1" sluicectl -j module | jq .sessions)" = "$2" ]; }
# peak_sessions NS_ SECONDS: samples, every 0.2 s for SECONDS, the namespace's sluice
# interfaces and the module's sessions (pending ones too); prints "IFACES SESSIONS", the most
# of each seen
peak_sessions() {
	local ns=$1 end=$((SECONDS + $2)) i s mi=0 ms=0
	while [ "$SECONDS" -lt "$end" ]; do
		i=$("$ns" ip -o link show type sluice | wc -l)
		s=$("$ns" sluicectl -j module | jq .sessions)
		[ "$i" -gt "$mi" ] && mi=$i
		[ "${s:-0}" -gt "$ms" ] && ms=$s
		sleep 0.2
	done
	echo "$mi $ms"
}
# module_drop_sum NS_ REGEX : the module's drop counters whose names match REGEX, added up
module_drop_sum() {
	"$1" sluicectl -j module |
		jq --arg re "$2" '[.drops | to_entries[] | select(.key | test($re)) | .value] | add // 0'
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
