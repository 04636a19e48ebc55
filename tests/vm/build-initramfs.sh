#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: build-initramfs.sh KROOT ABI OUTPUT
# A tiny busybox initramfs: load virtio + 9p + overlay, mount the host's / read-only over
# virtio-9p with a tmpfs overlay on top, and switch_root into it, running the guest init named
# by sluice.init= on the kernel command line (it lives on the host filesystem).
set -euo pipefail
kroot=$1 abi=$2 out=$3
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w"/{bin,mods,proc,sys,dev,mnt}
cp /bin/busybox "$w/bin/busybox"
for a in sh mount umount mkdir insmod switch_root cat echo sed sleep poweroff; do
	ln -s busybox "$w/bin/$a"
done
# virtio_pci is a module in Debian's kernel, so its helpers come too; order from modprobe.
modprobe -d "$kroot" -S "$abi" --show-depends -a virtio_pci 9pnet_virtio 9p overlay |
	awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
	while read -r f; do
		b=$(basename "$f")
		case "$b" in
		*.xz) xz -dc "$f" >"$w/mods/${b%.xz}"; b=${b%.xz} ;;
		*.zst) zstd -qdc "$f" >"$w/mods/${b%.zst}"; b=${b%.zst} ;;
		*) cp "$f" "$w/mods/$b" ;;
		esac
		echo "$b" >>"$w/mods/order"
	done
cat >"$w/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t devtmpfs dev /dev
for m in $(cat /mods/order); do insmod /mods/$m || echo "initramfs: insmod $m failed"; done
gi=$(sed -n 's/.*sluicevm\.init=\([^ ]*\).*/\1/p' /proc/cmdline)
mkdir -p /mnt/lower /mnt/rw /mnt/root
# multidevs=remap on the host side and cache=loose here: see tests/vm/README.md
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /mnt/lower ||
	{ echo "initramfs: 9p mount failed"; poweroff -f; }
mount -t tmpfs -o mode=755 rw /mnt/rw
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/lower,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work overlay /mnt/root ||
	{ echo "initramfs: overlay mount failed"; poweroff -f; }
umount /proc
umount /dev
exec switch_root /mnt/root "$gi"
INIT
chmod +x "$w/init"
(cd "$w" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs: $out ($(tr '\n' ' ' <"$w/mods/order"))"
