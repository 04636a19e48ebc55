#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What bench/run.sh and bench/setup-rate.sh share (inside the VM rig, after
# tests/netns/lib.sh): commands in ns A and B, a timestamped note on stderr tagged
# $BENCH_TAG, and record, which writes one measurement to $RESULTS (FAILED=1 if not taken).
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
