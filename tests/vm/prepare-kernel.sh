#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's kernel image for the VM (linux-image-<abi>, the kernel DKMS builds for) into
# the cache, index its modules, and build the initramfs. Quick when the cache is current.
# Prints the kernel cache directory.
set -euo pipefail
. "$(dirname "$0")/../lib-cache.sh"

kdir=$SLUICE_CACHE/kernel/$SLUICE_KABI
kroot=$kdir/root
mkdir -p "$kdir"
exec 9>"$kdir/.lock"
flock 9

if [ ! -f "$kroot/boot/vmlinuz-$SLUICE_KABI" ]; then
	echo "prepare-kernel: fetching linux-image-$SLUICE_KABI" >&2
	tmp=$(mktemp -d "$kdir/dl.XXXXXX")
	(cd "$tmp" && apt-get download -q "linux-image-$SLUICE_KABI" >&2)
	rm -rf "$kroot"
	dpkg-deb -x "$tmp"/linux-image-*.deb "$kroot"
	rm -rf "$tmp"
	# The package ships no modules.dep; modprobe in the guest and in the initramfs needs one.
	depmod -b "$kroot" "$SLUICE_KABI"
fi

# The initramfs depends only on the kernel and on the script that builds it.
stamp=$(sha1sum "$SLUICE_SRC/tests/vm/build-initramfs.sh" | cut -c1-12)
if [ ! -f "$kdir/initrd-$stamp.gz" ]; then
	rm -f "$kdir"/initrd-*.gz
	"$SLUICE_SRC/tests/vm/build-initramfs.sh" "$kroot" "$SLUICE_KABI" "$kdir/initrd-$stamp.gz" >&2
fi
ln -sfn "initrd-$stamp.gz" "$kdir/initrd.gz"
echo "$kdir"
