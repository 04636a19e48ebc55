#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: bench/bench.sh full|quick       (`make bench`, `make bench-quick`)
#
# Boots the VM rig (tests/vm/vmrun.sh: the DKMS-installed module unless SLUICE_VM_KMOD says
# otherwise, as for `make check`), runs bench/run.sh inside and prints its table. `full`
# appends the table to docs/bench.md with what it was measured on; `quick` (CI's subset)
# only prints it, unless BENCH_RECORD=1. Exit status: bench/run.sh's, so a run fails only
# when a measurement could not be taken (or the VM died), never for being slow.
# SLUICE_VM_MEM / SLUICE_VM_CPUS / SLUICE_VM_TIMEOUT override the VM's size and deadline;
# BENCH_REPS, BENCH_SECONDS, BENCH_MID and BENCH_BIG (the scale points), BENCH_STACKS,
# BENCH_PARTS, BENCH_BLOCK, BENCH_SETUP_N, BENCH_IPSEC_N, BENCH_IKEV2_N, BENCH_PROTOS, BENCH_L2TP_MANY and BENCH_MPPE reach bench/run.sh
# (see there).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
mode=${1:-quick}
case $mode in
full) mem=${SLUICE_VM_MEM:-6144} deadline=${SLUICE_VM_TIMEOUT:-10800} target="make bench" ;;
quick) mem=${SLUICE_VM_MEM:-1024} deadline=${SLUICE_VM_TIMEOUT:-1200} target="make bench-quick" ;;
*) echo "usage: bench/bench.sh full|quick" >&2; exit 2 ;;
esac
out=$PWD/build/bench-$mode
cpus=${SLUICE_VM_CPUS:-2}
rm -rf "$out"
mkdir -p "$out"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$SECONDS
SLUICE_VM_MEM=$mem SLUICE_VM_CPUS=$cpus tests/vm/vmrun.sh -t "$deadline" -o "$out" -- \
	env BENCH_REPS="${BENCH_REPS:-}" BENCH_SECONDS="${BENCH_SECONDS:-}" BENCH_BIG="${BENCH_BIG:-}" \
	BENCH_MID="${BENCH_MID:-}" BENCH_STACKS="${BENCH_STACKS:-}" BENCH_PARTS="${BENCH_PARTS:-}" \
	BENCH_BLOCK="${BENCH_BLOCK:-}" BENCH_SETUP_N="${BENCH_SETUP_N:-}" BENCH_IPSEC_N="${BENCH_IPSEC_N:-}" BENCH_IKEV2_N="${BENCH_IKEV2_N:-}" BENCH_PROTOS="${BENCH_PROTOS:-}" \
	BENCH_L2TP_MANY="${BENCH_L2TP_MANY:-}" BENCH_MPPE="${BENCH_MPPE:-}" bench/run.sh "$mode"
rc=$?
minutes=$(((SECONDS - t0 + 30) / 60))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if [ ! -s "$out/bench/table.md" ]; then
	echo "bench: no table (status $rc); console in $out/console.log"
	exit $((rc ? rc : 1))
fi
if [ "$mode" = full ] || [ "${BENCH_RECORD:-0}" = 1 ]; then
	desc=$(git describe --always --dirty 2>/dev/null)	# before the append makes it dirty
	{
		echo
		echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), $target ($desc)"
		echo
		echo "- Kernel (guest = Debian's, what DKMS builds for): $(cat "$out/bench/guest-kernel" 2>/dev/null)"
		echo "- Host CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, shared (load average $load_before before, $load_after after)"
		echo "- VM: qemu-system-x86_64 -accel tcg,thread=multi (no KVM) -cpu max (guest sees: $(cat "$out/bench/guest-cpu" 2>/dev/null)), -smp $cpus, -m $mem MB; $minutes min in all"
		echo "- Module under test: ${SLUICE_VM_KMOD:-/lib/modules/.../updates/dkms (DKMS)}/sluice.ko; run status $rc"
		echo
		cat "$out/bench/table.md"
	} >>docs/bench.md
	echo "bench: table appended to docs/bench.md"
fi
exit "$rc"
