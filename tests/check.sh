#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: tests/check.sh [STAGE...]     stages: build unit fuzz vm vm612 deb612 kunit bench deb kunit612 kunit_debug vm_long (default: all but bench, deb, kunit612, kunit_debug and vm_long, in order)
#
# The one test command (`make check`): installs what is missing, builds, and runs every kind
# of test sluice has. Every stage runs even if an earlier one failed; the closing line is the
# total, "check: N passed, N failed, N skipped", and the exit status is 1 if anything failed.
set -uo pipefail
. "$(dirname "$0")/lib-cache.sh"
cd "$SLUICE_SRC" || exit 2

LOGS=$SLUICE_SRC/build/check
mkdir -p "$LOGS"
pass=0 fail=0 skip=0
table=()

# verdict STAGE PASSED FAILED SKIPPED SECONDS
verdict() {
	pass=$((pass + $2)) fail=$((fail + $3)) skip=$((skip + $4))
	table+=("$(printf '%-8s %4d passed %4d failed %4d skipped  %5ss' "$1" "$2" "$3" "$4" "$5")")
}

# one NAME CMD... : a single pass/fail test, output to build/check/NAME.log
one() {
	local name=$1 rc
	shift
	"$@" >"$LOGS/$name.log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		printf 'TEST: %-60s [ OK ]\n' "$name"
	else
		printf 'TEST: %-60s [FAIL]\n' "$name"
		tail -n 40 "$LOGS/$name.log"
	fi
	return $rc
}

no_warnings() { ! grep -E '(warning|error):' "$1"; }

# tally PASSED FAILED SKIPPED : a stage's result, on descriptor 3
tally() { echo "$1 $2 $3" >&3; }

stage_build() {
	local p=0 f=0 s=0 t
	one deps tools/install-deps.sh && p=$((p + 1)) || { tally 0 1 0; return 1; }
	one userspace make -s userspace && p=$((p + 1)) || f=$((f + 1))
	# make install/uninstall into a scratch DESTDIR, then make deb and the packages it makes;
	# each of their TEST: lines counts
	for t in install deb; do
		tests/install/test_$t.sh 2>&1 | tee "$LOGS/$t.log"
		# shellcheck disable=SC2046
		set -- $(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$LOGS/$t.log")
		[ $# -eq 3 ] || set -- 0 1 0	# it died before its tally
		p=$((p + $1)) f=$((f + $2)) s=$((s + $3))
	done
	if one modules make modules && no_warnings "$LOGS/modules.log"; then p=$((p + 1)); else f=$((f + 1)); fi
	one sparse make -s sparse && p=$((p + 1)) || f=$((f + 1))
	one dkms-install make dkms-install && p=$((p + 1)) || f=$((f + 1))
	tally $p $f $s
}

# in_parallel FUNC ITEM... : FUNC ITEM for each, as many at a time as there are cores (a
# fuzzer is single-threaded: one at a time would leave a core idle)
in_parallel() {
	local func=$1 item
	shift
	for item in "$@"; do
		while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
		"$func" "$item" &
	done
	wait
}

stage_unit() {
	local t p=0 f=0 s=0 n
	make -s unit-tests >"$LOGS/unit-build.log" 2>&1 || { tail -n 40 "$LOGS/unit-build.log"; tally 0 1 0; return; }
	for t in build/tests/test_*; do
		"$t" >"$LOGS/$(basename "$t").log" 2>&1
		cat "$LOGS/$(basename "$t").log"
		n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$LOGS/$(basename "$t").log")
		p=$((p + ${n:-0}))
		n=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$LOGS/$(basename "$t").log")
		f=$((f + ${n:-0}))
		# a test that cannot run here (cmocka's skip(): test_vici_charon.c without charon)
		n=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$LOGS/$(basename "$t").log")
		s=$((s + ${n:-0}))
		# a binary that died before its tally (a sanitizer report) counts as a failure
		grep -q '^\[  \(PASSED\|FAILED\)  \]' "$LOGS/$(basename "$t").log" || f=$((f + 1))
	done
	tally $p $f $s
}

# fuzz_one BINARY : libFuzzer for SLUICE_FUZZ_SECONDS (20) on its corpus; verdict to NAME.rc
fuzz_one() {
	local name=${1##*/fuzz_}
	mkdir -p "build/fuzz/corpus-$name"
	one "fuzz-$name" "$1" -max_total_time="${SLUICE_FUZZ_SECONDS:-20}" -max_len=20000 \
		-artifact_prefix=build/fuzz/ "build/fuzz/corpus-$name" "tests/fuzz/corpus/$name"
	echo $? >"$LOGS/fuzz-$name.rc"
}

stage_fuzz() {
	local z p=0 f=0
	make -s fuzzers >"$LOGS/fuzz-build.log" 2>&1 || { tail -n 40 "$LOGS/fuzz-build.log"; tally 0 1 0; return; }
	rm -f "$LOGS"/fuzz-*.rc
	in_parallel fuzz_one build/fuzz/fuzz_*
	for z in build/fuzz/fuzz_*; do
		if [ "$(cat "$LOGS/fuzz-${z##*/fuzz_}.rc" 2>/dev/null)" = 0 ]; then
			p=$((p + 1))
		else
			f=$((f + 1))
		fi
	done
	tally $p $f 0
}

stage_vm() {
	local out=$SLUICE_SRC/build/vm${VM_SET:+-$VM_SET} res
	# the modules the VM loads are the ones DKMS installed: make sure they are this tree's
	one dkms-install make dkms-install || { tally 0 1 0; return; }
	# 50 pppd clients want more than the rig's default 1 GB; the files take about 52 min on
	# a quiet 2-core machine: the deadline only catches a VM that hangs
	SLUICE_VM_MEM=${SLUICE_VM_MEM:-2048} \
		tests/vm/vmrun.sh -t "${SLUICE_VM_TIMEOUT:-4500}" -o "$out" -- \
		tests/netns/run-all.sh ${VM_SET:+-L}
	res=$(sed -n 's/.*\] \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' \
		"$out/console.log" | tail -n 1)
	# shellcheck disable=SC2086
	set -- ${res:-0 0 0}
	# a VM that died before reporting its status counts as one more failure
	grep -q 'SLUICE_VM_EXIT=' "$out/console.log" || set -- "$1" $(($2 + 1)) "$3"
	[ -n "$res" ] || set -- "$1" $(($2 + 1)) "$3"
	tally "$1" "$2" "$3"
}

# dkms_build_other ABI DIR : DKMS adds and builds the module for ABI in trees of its own under
# DIR (the host's DKMS, and the module the vm stage loads, untouched); dkms.conf must accept
# ABI and the build must be warning-free. Leaves DIR/kmod/sluice.ko for SLUICE_VM_KMOD.
dkms_build_other() {
	local abi=$1 d=$2 ver log ko
	ver=$(sed -n 's/^#define SLUICE_VERSION "\(.*\)"/\1/p' kmod/version.h)
	rm -rf "$d" && mkdir -p "$d/src" "$d/tree" "$d/kmod" || return 1
	tools/dkms-src.sh "$d/src/sluice-$ver" || return 1
	dkms add -m sluice -v "$ver" --sourcetree "$d/src" --dkmstree "$d/tree" &&
		dkms build -m sluice -v "$ver" -k "$abi" --sourcetree "$d/src" --dkmstree "$d/tree" ||
		return 1
	log=$d/tree/sluice/$ver/$abi/x86_64/log/make.log
	cat "$log"
	no_warnings "$log" || return 1
	ko=$(find "$d/tree/sluice/$ver/$abi" -name 'sluice.ko*' | head -n 1)
	case $ko in
	*.xz) xz -dc "$ko" ;;
	*.zst) zstd -qdc "$ko" ;;
	*) cat "$ko" ;;
	esac >"$d/kmod/sluice.ko"
	modinfo -F vermagic "$d/kmod/sluice.ko"
}

# sparse_other ABI DIR : make sparse's check for ABI, on the copy dkms_build_other made
sparse_other() {
	local src
	src=$(echo "$2"/src/sluice-*)
	make -C "/lib/modules/$1/build" M="$src" C=2 modules 2>&1 | tee "$2/sparse.log"
	[ "${PIPESTATUS[0]}" -eq 0 ] && grep -q 'CHECK' "$2/sparse.log" && no_warnings "$2/sparse.log"
}

# Debian 12's other kernel series, 6.12 (security archive): DKMS builds the module for it
# here and sparse checks it; the deb612 stage boots that kernel for the packages and the
# smoke test. The whole VM suite runs on the default kernel only (the vm stage): twice would
# not fit CI's 90 minutes.
stage_vm612() {
	local abi d
	abi=${SLUICE_KABI_612:-$(tools/kabi.sh 6.12)} || { tally 0 1 0; return; }
	d=$SLUICE_SRC/build/dkms-$abi
	one dkms-build-612 dkms_build_other "$abi" "$d" || { tally 0 1 0; return; }
	if one sparse-612 sparse_other "$abi" "$d"; then tally 2 0 0; else tally 1 1 0; fi
}

# deb_vm LOG [--smoke] ABI... : tests/install/test_deb_vm.sh's TEST: lines and tally, as
# the build stage reads test_deb.sh's; its output in build/check/LOG.log
deb_vm() {
	local log=$LOGS/$1.log
	shift
	tests/install/test_deb_vm.sh "$@" 2>&1 | tee "$log"
	# shellcheck disable=SC2046
	set -- $(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$log" | tail -n 1)
	[ $# -eq 3 ] || set -- 0 1 0	# it died before its tally
	tally "$1" "$2" "$3"
}

# The packages `make deb` makes, on a router in the VM: the previous release installed,
# upgraded, purged, DKMS building the module each time (two module builds under TCG).
# make check: on 6.12 (deb612), with tests/netns/smoke.sh on the module DKMS built from the
# upgrade before the purge: the other series' proof (module, a PPTP and an L2TP session with
# traffic). make check-long: on the default kernel too (deb), which the vm stage runs whole.
stage_deb() { deb_vm deb-vm "$(tools/kabi.sh)"; }
stage_deb612() { deb_vm deb-vm612 --smoke "${SLUICE_KABI_612:-$(tools/kabi.sh 6.12)}"; }

# The benchmarks' quick subset (bench/bench.sh quick, a few minutes of VM), so their code
# cannot rot: it passes when every measurement was taken, however slow (numbers are not
# judged here; `make bench` is for them). Same module as the vm stage: DKMS's. make
# check-long only: with the PPPoE tests, make check came within 6 minutes of CI's 90.
stage_bench() {
	# as in the vm stage: the module the VM loads is DKMS's, so make it this tree's
	one dkms-install make dkms-install || { tally 0 1 0; return; }
	if one bench-quick make -s bench-quick; then
		sed -n 's/^\[ *[0-9.]*\] \(|.*\)/\1/p' "$LOGS/bench-quick.log"	# the table
		tally 1 0 0
	else
		tally 0 1 0
	fi
}

stage_kunit() {
	local log=$LOGS/${KUNIT_LOG:-kunit}.log p f
	tests/kunit/run.sh 2>&1 | tee "$log"
	p=$(sed -n 's/.*Ran [0-9]* tests: passed: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/.*Ran [0-9]* tests: .*failed: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	f=${f:-0}
	# our sources must build warning-free in the KUnit kernel too (KASAN's frame limits);
	# UML's own link prints linker notes, which are not ours, and 6.12's UML its own
	# lib/iomap.c (missing prototypes)
	grep 'warning:' "$log" | grep -v -e '/usr/bin/ld: warning:' -e '/lib/iomap.c:' && f=$((f + 1))
	[ -n "$p" ] || f=$((f + 1))	# no tally: the build or the run failed
	tally "${p:-0}" "$f" 0
}

# KUnit in linux-source-6.12's UML: the suites against the other series' internals (a whole
# UML kernel the first time, about 10 minutes on the 2 cores; cached after). make check-long.
stage_kunit612() {
	SLUICE_KUNIT_SERIES=6.12 KUNIT_LOG=kunit612 stage_kunit
}

# The namespace test files marked "# check: long" (tests/netns/run-all.sh -L): make
# check-long only, as they would take make check past CI's 90 minutes.
stage_vm_long() {
	VM_SET=long stage_vm
}

# KUnit once more with lockdep, PROVE_RCU and spinlock debugging (tests/kunit/debug.config)
# in a build tree of its own: the first run builds a whole kernel. make check-long only.
stage_kunit_debug() {
	SLUICE_KUNIT_DEBUG=1 KUNIT_LOG=kunit-debug stage_kunit
}

# failed_names: the failing tests' own lines from every stage's output, so that the tail of
# a CI log names them (a VM test's [FAIL], a cmocka test, a file that ended early)
failed_names() {
	local s
	for s in "${stages[@]}"; do
		grep -hE '\[FAILE?D?\]|^\[  FAILED  \] [A-Za-z_]|ended early with status|^check: no ' \
			"$LOGS/$s.out" 2>/dev/null | sed "s/^/$s: /" | sed 's/\x1b\[[0-9;]*m//g' | head -n 30
	done
}

# failed_context: what each failing VM test printed before its [FAIL] (its last 10 lines),
# for a CI log whose tail is all one sees of a run
failed_context() {
	local s
	for s in "${stages[@]}"; do
		case $s in vm*) ;; *) continue ;; esac
		sed 's/\x1b\[[0-9;]*m//g' "$LOGS/$s.out" 2>/dev/null | awk -v s="$s" '
			/TEST: .*\[FAIL\]/ { print s ": --- before " substr($0, index($0, "TEST:"));
				for (i = (n > 10 ? n - 10 : 0); i < n; i++) print s ": | " buf[i % 10];
				n = 0; next }
			/TEST: / { n = 0; next }
			{ buf[n % 10] = $0; n++ }' | head -n 24
	done
}

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(build unit fuzz vm vm612 deb612 kunit)
for s in "${stages[@]}"; do
	declare -F "stage_$s" >/dev/null || { echo "check: no stage '$s' (build unit fuzz vm vm612 deb612 kunit bench deb kunit612 kunit_debug vm_long)"; exit 2; }
done
for s in "${stages[@]}"; do
	echo "===== check: $s"
	t0=$SECONDS
	"stage_$s" 3>"$LOGS/$s.tally" | tee "$LOGS/$s.out"
	# shellcheck disable=SC2046
	set -- $(cat "$LOGS/$s.tally")
	verdict "$s" "${1:-0}" "${2:-1}" "${3:-0}" $((SECONDS - t0))
done
echo "===== check: summary"
printf '%s\n' "${table[@]}"
failed_context
failed_names
echo "check: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
