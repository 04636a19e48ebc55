# SPDX-License-Identifier: GPL-2.0
# What the install tests share: the TEST: lines and tally tests/check.sh's build stage reads
# (as tests/netns/lib.sh's, without namespaces), and a mode check. Set WORK and LOG first.
ksft_skip=4
n_pass=0 n_fail=0 n_skip=0

# run_test NAME FUNC [ARGS...] : one test and its verdict line; on failure, the log's tail.
run_test() {
	local name=$1 rc
	shift
	"$@"
	rc=$?
	case $rc in
	0) printf 'TEST: %-60s [ OK ]\n' "$name"; n_pass=$((n_pass + 1)) ;;
	"$ksft_skip") printf 'TEST: %-60s [SKIP]\n' "$name"; n_skip=$((n_skip + 1)) ;;
	*) printf 'TEST: %-60s [FAIL]\n' "$name"; n_fail=$((n_fail + 1))
	   [ -s "$LOG" ] && { echo "----- log (last 20 lines)"; tail -n 20 "$LOG"; } ;;
	esac
	: >"$LOG"
	return 0
}

# has_mode MODE PATH [f|d] : PATH is a file (or directory) of octal MODE, else says why.
has_mode() {
	local m
	if [ "${3:-f}" = d ]; then [ -d "$2" ]; else [ -f "$2" ]; fi ||
		{ echo "${2#"$WORK"/} is missing"; return 1; }
	m=$(stat -c %a "$2")
	[ "$m" = "$1" ] || { echo "${2#"$WORK"/} has mode $m, wants $1"; return 1; }
}

summary() {
	echo "$n_pass passed, $n_fail failed, $n_skip skipped"
	[ "$n_fail" -eq 0 ]
}
