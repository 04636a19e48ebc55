#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: vmrun.sh [-t SECONDS] [-o OUTDIR] [-i] -- COMMAND [ARGS...]
#
# Boot Debian's own kernel (the ABI DKMS built for, or SLUICE_VM_KMOD's: see below) under
# qemu-system-x86_64 -accel tcg, with this machine's / shared read-only over virtio-9p plus a
# tmpfs overlay and no network card; run COMMAND inside (paths are this machine's paths),
# stream the console, enforce the deadline, and exit with COMMAND's status (125: the VM died
# or ran out of time first).
# OUTDIR is shared writable as /out in the guest: console.log and dmesg.txt land there.
# -i: interactive; after COMMAND, a shell on the console.
set -euo pipefail

# The kernel to boot: KERNELRELEASE (or SLUICE_KABI) if set, else the one SLUICE_VM_KMOD's
# sluice.ko was built for (`make modules KERNELRELEASE=6.12...` then SLUICE_VM_KMOD=$PWD/kmod
# boots 6.12), else tools/kabi.sh's default. A module built for another kernel than the one
# asked for is refused here, not by modprobe in the guest.
if [ -n "${SLUICE_VM_KMOD:-}" ]; then
	kmod_abi=$(modinfo -F vermagic "$SLUICE_VM_KMOD/sluice.ko" 2>/dev/null | cut -d' ' -f1) || true
	[ -n "$kmod_abi" ] || { echo "vmrun: no sluice.ko in $SLUICE_VM_KMOD (make modules)" >&2; exit 2; }
	want=${SLUICE_KABI:-${KERNELRELEASE:-}}
	if [ -z "$want" ]; then
		export SLUICE_KABI=$kmod_abi
	elif [ "$want" != "$kmod_abi" ]; then
		echo "vmrun: $SLUICE_VM_KMOD/sluice.ko is built for $kmod_abi, not for $want" >&2
		exit 2
	fi
fi
. "$(dirname "$0")/../lib-cache.sh"

timeout_s=600 out="" interactive=0
while getopts "t:o:i" opt; do
	case $opt in
	t) timeout_s=$OPTARG ;;
	o) out=$OPTARG ;;
	i) interactive=1 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -ge 1 ] || { echo "usage: vmrun.sh [-t SECONDS] [-o OUTDIR] [-i] -- COMMAND [ARGS...]" >&2; exit 2; }

kdir=$("$SLUICE_SRC/tests/vm/prepare-kernel.sh")

# Index the Debian kernel's modules together with whatever DKMS installed for this ABI, so the
# guest's modprobe finds our modules exactly where a router's would be (updates/dkms).
# SLUICE_VM_KMOD=DIR takes sluice.ko from DIR (a `make modules` tree) instead of DKMS's, so
# several checkouts can test their own module at once. Each run indexes its own copy
# (hard links, ~2 s), so runs never rewrite a tree another VM is reading.
modroot=$kdir/modroot.$$
prepare_modroot() {
	local mr=$modroot/lib/modules/$SLUICE_KABI
	rm -rf "$modroot"
	mkdir -p "$(dirname "$mr")"
	cp -al "$kdir/root/lib/modules/$SLUICE_KABI" "$mr"
	if [ -n "${SLUICE_VM_KMOD:-}" ]; then
		mkdir -p "$mr/updates/dkms"
		cp "$SLUICE_VM_KMOD/sluice.ko" "$mr/updates/dkms/sluice.ko"
	elif [ -d "/lib/modules/$SLUICE_KABI/updates" ]; then
		cp -a "/lib/modules/$SLUICE_KABI/updates" "$mr/updates"
	fi
	depmod -b "$modroot" "$SLUICE_KABI"
}
prepare_modroot
trap 'rm -rf "$modroot"' EXIT
# copies left by runs that were killed
find "$kdir" -maxdepth 1 -name 'modroot.*' -mmin +240 -exec rm -rf {} + 2>/dev/null || true

[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/sluice-vm.XXXXXX")
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/console.log" "$out/dmesg.txt"
{
	printf 'export SLUICE_SRC=%q SLUICE_KABI=%q SLUICE_MODROOT=%q SLUICE_OUT=/out\n' \
		"$SLUICE_SRC" "$SLUICE_KABI" "$modroot"
	printf 'export SLUICE_VM_INTERACTIVE=%d\n' "$interactive"
	printf 'export PATH=%q:$PATH\n' "$SLUICE_SRC/build/bin"
} >"$out/env"
# The command runs in the caller's directory (this machine's paths are the guest's too).
printf 'cd %q || exit 125\n' "$PWD" >"$out/cmd"
printf '%q ' "$@" >>"$out/cmd"
echo >>"$out/cmd"

qemu=(qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp "${SLUICE_VM_CPUS:-2}"
	-m "${SLUICE_VM_MEM:-1024}" -nographic -no-reboot -nic none
	-kernel "$kdir/root/boot/vmlinuz-$SLUICE_KABI" -initrd "$kdir/initrd.gz"
	# multidevs=remap: / spans several devices; without it the guest sees inode clashes.
	-fsdev "local,id=hostroot,path=/,readonly=on,security_model=none,multidevs=remap"
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=out,path=$out,security_model=none"
	-device virtio-9p-pci,fsdev=out,mount_tag=out
	# no_timer_check: under TCG on a loaded host the IO-APIC timer check can fail and panic
	-append "console=ttyS0 quiet panic=-1 no_timer_check sluicevm.init=$SLUICE_SRC/tests/vm/guest-init.sh ${SLUICE_VM_APPEND:-}")

if [ "$interactive" = 1 ]; then
	"${qemu[@]}" -serial mon:stdio
	exit 0
fi

stamp='BEGIN { $| = 1; $t0 = time } s/\r//g; printf("[%7.2f] %s", time - $t0, $_)'
set +e
timeout --foreground -k 5 "$timeout_s" "${qemu[@]}" -monitor none -serial stdio </dev/null 2>&1 |
	perl -MTime::HiRes=time -ne "$stamp" | tee "$out/console.log"
set -e
rc=$(sed -n 's/.*SLUICE_VM_EXIT=\([0-9]*\).*/\1/p' "$out/console.log" | tail -n 1)
if [ -z "$rc" ]; then
	echo "vmrun: the VM ended without reporting a status (crash, panic or ${timeout_s}s deadline)"
	rc=125
fi
echo "vmrun: status $rc; console and dmesg in $out"
exit "$rc"
