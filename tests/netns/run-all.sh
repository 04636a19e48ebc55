#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the VM: run every tests/netns/test_*.sh (or those named) and print the total.
# A test file that exits 4 is counted as skipped, one that dies early as failed.
#   run-all.sh [-t "TESTS"] [-p] [-v] [-L|-A] [FILE...]   -t -p -v go to each file (lib.sh)
# Without FILEs: the files make check runs; -L those only make check-long runs (a line
# "# check: long" in the file), -A all of them. Named files run whatever they are.
set -u
opts=()
set_=short
while getopts :t:pvLA o; do
	case $o in
	t) opts+=(-t "$OPTARG") ;;
	p | v) opts+=("-$o") ;;
	L) set_=long ;;
	A) set_=all ;;
	*) echo "usage: $(basename "$0") [-t \"TESTS\"] [-p] [-v] [-L|-A] [FILE...]" >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
dir=$(cd "$(dirname "$0")" && pwd)
: "${SLUICE_OUT:=/tmp}"
export SLUICE_OUT
: >"$SLUICE_OUT/results"
modprobe ppp_generic 2>/dev/null	# /dev/ppp exists only once the module is loaded

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
	for f in "$dir"/test_*.sh; do
		long=no
		grep -qx '# check: long' "$f" && long=yes
		case $set_:$long in short:no | long:yes | all:*) files+=("$f") ;; esac
	done
fi
for f in "${files[@]}"; do
	case $f in /*) ;; *) f=$dir/$f ;; esac
	echo "===== $(basename "$f")"
	before=$(wc -l <"$SLUICE_OUT/results")
	timeout -k 5 "${SLUICE_TEST_TIMEOUT:-1200}" bash "$f" ${opts[@]+"${opts[@]}"}
	rc=$?
	if [ "$(wc -l <"$SLUICE_OUT/results")" = "$before" ]; then
		# it never reached summary: count it as one failure (or one skip)
		if [ $rc -eq 4 ]; then echo "0 0 1 $(basename "$f")"; else echo "0 1 0 $(basename "$f")"; fi >>"$SLUICE_OUT/results"
		echo "$(basename "$f") ended early with status $rc"
	fi
done
awk '{ p += $1; f += $2; s += $3 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s; exit f > 0 }' \
	"$SLUICE_OUT/results"
