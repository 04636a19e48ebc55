#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run sluice's KUnit suites in UML: Debian's linux-source-6.1 (SLUICE_KUNIT_SERIES=6.12:
# linux-source-6.12), kmod/ linked in as net/sluice, KASAN and UBSAN on (both work for UML
# on 6.1: docs/testing.md), built in a cached directory keyed by the source's version so
# re-runs only rebuild what changed.
# SLUICE_KUNIT_DEBUG=1 adds debug.config (lockdep, PROVE_RCU, spinlock debugging) in a build
# directory of its own: the first run builds a whole kernel (minutes), later ones are cheap.
# UML has no preemption (DEBUG_PREEMPT) and no KCSAN. Either way the kernel's log must be free
# of splats (lockdep, RCU, KASAN, WARN): a test that passes with one still fails the run.
# Extra arguments go to `kunit.py run` (e.g. a suite glob: sluice_gre).
set -euo pipefail
. "$(dirname "$0")/../lib-cache.sh"

tree=$("$SLUICE_SRC/tests/kunit/prepare-source.sh")
ver=$(pkg_version "linux-source-${SLUICE_KUNIT_SERIES:-6.1}")
build=$SLUICE_CACHE/kunit/build-$ver
extra=()
if [ "${SLUICE_KUNIT_DEBUG:-0}" = 1 ]; then
	build=$build-debug
	extra=(--kunitconfig="$SLUICE_SRC/tests/kunit/debug.config")
fi
# On 6.12, UBSAN_ALIGNMENT flags the core kernel's own accesses in UML (struct net_device in
# net/core/dev.c, task_struct in kernel/exit.c, not 64-byte aligned there) and fails
# whichever test is running: off for that series; 6.1's run keeps the check for our code.
[ "${SLUICE_KUNIT_SERIES:-6.1}" = 6.1 ] || extra+=(--kconfig_add CONFIG_UBSAN_ALIGNMENT=n)
mkdir -p "$build"
exec 9>"$build/.lock"
flock 9
# net/sluice points at this checkout's kmod/ now; objects another checkout left are older
# than sources that did not change here, and make would link them (a symbol that checkout
# had and this one lacks): a different checkout than last time rebuilds net/sluice whole
if [ "$(cat "$build/.sluice-src" 2>/dev/null)" != "$SLUICE_SRC" ]; then
	rm -rf "$build/net/sluice"
	echo "$SLUICE_SRC" >"$build/.sluice-src"
fi

cd "$tree"
rc=0
python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$SLUICE_SRC/tests/kunit" \
	"${extra[@]}" \
	--build_dir="$build" \
	--jobs="$(nproc)" \
	--kconfig_add CONFIG_KASAN=y \
	--kconfig_add CONFIG_UBSAN=y \
	--timeout 300 \
	"$@" || rc=$?
# kunit.py keeps the kernel's whole output in test.log; its parser shows only KTAP. UML's
# own boot warns that it has no virtio PCI device: not ours. With spinlock debugging on one
# CPU a failed trylock is reported as a bug: sluice_tx's tx_nested_busy_test fails one on
# purpose, standing in for another CPU that holds the lock.
splats='WARNING:|BUG:|suspicious RCU usage|possible recursive locking|possible circular locking|inconsistent lock state|sleeping function called|lockdep is turned off'
if [ -f "$build/test.log" ] &&
	grep -E "$splats" "$build/test.log" |
	grep -v -e 'at arch/um/drivers/virt-pci.c' -e 'BUG: spinlock trylock failure on UP' >&2; then
	echo "kunit: kernel log warning: splats above (full log: $build/test.log)" >&2
	rc=1
fi
exit "$rc"
