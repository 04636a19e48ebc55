#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# PID 1 in the guest, after switch_root into the host's / (9p, read-only) + tmpfs overlay.
# vmrun.sh leaves env and cmd in the writable share mounted at /out: run cmd, report its status
# as SLUICE_VM_EXIT=<rc>, keep the kernel log, power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm /out
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 shm /dev/shm
# /run is fresh (daemons keep pid files there); /tmp stays the host's, seen through the
# writable overlay, because the checkout under test may live there.
mount -t tmpfs -o mode=755 run /run
mkdir -p /run/lock /run/netns
mount -t 9p -o trans=virtio,version=9p2000.L,rw out /out || { echo "guest: no /out share"; poweroff -f; }
. /out/env

# This kernel's modules are the unpacked Debian package plus what DKMS installed on the host,
# indexed together by vmrun.sh; modprobe and request_module both read them from here.
rm -rf "/lib/modules/$SLUICE_KABI"
mkdir -p /lib/modules
ln -sfn "$SLUICE_MODROOT/lib/modules/$SLUICE_KABI" "/lib/modules/$SLUICE_KABI"
hostname sluice-vm
echo "127.0.1.1 sluice-vm" >>/etc/hosts
ip link set lo up
# Daemons from the host's packages expect their run-time directories.
mkdir -p /run/sluice /var/run/xl2tpd /run/pptpd /run/freeradius

echo "SLUICE_VM_READY uptime=$(cut -d' ' -f1 /proc/uptime)"
cd /
if [ "${SLUICE_VM_INTERACTIVE:-0}" = 1 ]; then
	sh /out/cmd
	echo "sluice VM: a shell; pppctl is on PATH. 'exit' powers off."
	setsid -c sh -c 'exec bash -i </dev/ttyS0 >/dev/ttyS0 2>&1'
	rc=0
else
	sh /out/cmd </dev/null
	rc=$?
fi
dmesg >/out/dmesg.txt 2>&1
echo "SLUICE_VM_EXIT=$rc uptime=$(cut -d' ' -f1 /proc/uptime)"
sync
umount /out
exec /bin/busybox poweroff -f
