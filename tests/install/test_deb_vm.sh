#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: tests/install/test_deb_vm.sh [--smoke] [ABI...]   (tests/check.sh's deb, deb612 stages)
#
# The packages `make deb` makes, as a router gets them: in the VM (tests/vm/vmrun.sh) booted
# on each of Debian 12's two kernel series (default: tools/kabi.sh's and 6.12's), the
# previous release's package is installed, upgraded to sluice-dkms + sluice and purged, DKMS
# building the module each time (tests/install/deb_guest.sh). The previous release is built
# here from git: PREV_COMMIT, the last of 0.1.0 (one package made with dpkg-deb, before the
# split). --smoke: tests/netns/smoke.sh too, in each VM, on the module DKMS built from the
# upgrade (the proof of a kernel series the whole VM suite does not run on). Prints each VM's
# TEST: lines and closes with "N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
PREV_COMMIT=f236928b370f131797cc6c5033adec4684e486db
OUT=$top/build/deb-vm
VER=$(sed -n 's/^#define SLUICE_VERSION "\(.*\)"/\1/p' kmod/version.h)
p=0 f=0 s=0
smoke='' mem=1024
[ "${1:-}" != --smoke ] || { smoke=smoke mem=2048; shift; }

tally() { echo "$p passed, $f failed, $s skipped"; [ "$f" -eq 0 ]; }

# the previous release's package, from its commit's own `make deb`; "-" if a shallow clone
# lacks the commit (the upgrade is then skipped, and says so)
prev_deb() {
	if ! git cat-file -e "$PREV_COMMIT^{commit}" 2>/dev/null; then
		echo "SKIP: $PREV_COMMIT is not in this clone (shallow?): no upgrade from 0.1.0" >&2
		echo -
		return 0
	fi
	rm -rf "$OUT/prev" && mkdir -p "$OUT/prev" || return 1
	git archive "$PREV_COMMIT" | tar -x -C "$OUT/prev" || return 1
	make -C "$OUT/prev" -s -j"$(nproc)" userspace >"$OUT/prev.log" 2>&1 &&
		make -C "$OUT/prev" -s deb >>"$OUT/prev.log" 2>&1 || { tail -n 20 "$OUT/prev.log"; return 1; }
	ls "$OUT"/prev/build/deb/sluice_*_amd64.deb
}

[ -f "build/deb/sluice_${VER}_amd64.deb" ] && [ -f "build/deb/sluice-dkms_${VER}_all.deb" ] ||
	make -s deb >/dev/null || { f=1; echo "make deb failed"; tally; exit; }
old=$(prev_deb) || { f=1; echo "the previous release's package did not build"; tally; exit; }
[ $# -gt 0 ] || set -- "$(tools/kabi.sh)" "$(tools/kabi.sh 6.12)"
for abi in "$@"; do
	SLUICE_KABI=$abi SLUICE_VM_MEM=${SLUICE_VM_MEM:-$mem} tests/vm/vmrun.sh -t "${SLUICE_VM_TIMEOUT:-1800}" \
		-o "$OUT/$abi" -- tests/install/deb_guest.sh "$old" "$top/build/deb" $smoke
	# shellcheck disable=SC2046
	set -- $(sed -n 's/.*\] \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' \
		"$OUT/$abi/console.log" | tail -n 1)
	[ $# -eq 3 ] || set -- 0 1 0	# the VM died before its tally
	p=$((p + $1)) f=$((f + $2)) s=$((s + $3))
done
tally
