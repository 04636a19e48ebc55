#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: build-deb.sh VERSION OUTDIR                                       (`make deb`)
# One Debian package, OUTDIR/sluice_VERSION_ARCH.deb, made with dpkg-deb (no debhelper):
# - what `make install` puts, man pages gzipped and binaries stripped as Debian ships them,
#   except /etc/sluice/sluice.rsc: sluiced rewrites that file, so it must not be a dpkg
#   conffile. The commented default goes to /usr/share/sluice/sluice.rsc.default and
#   postinst copies it to /etc/sluice when there is no configuration there;
# - the module sources for DKMS in /usr/src/sluice-VERSION, copied by tools/dkms-src.sh as
#   for `make dkms-install`;
# - the maintainer scripts of packaging/deb/, VERSION filled in, and a copyright file.
# The tree it is made from stays in OUTDIR/work/debian/sluice for a look.
set -euo pipefail
ver=$1 out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
umask 022
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-sluice developers <sluice@localhost>}

# dpkg-shlibdeps wants the package's files in debian/PACKAGE beside a debian/control
work=$out/work
rm -rf "$work" "$out"/sluice_*.deb
mkdir -p "$work/debian/sluice"
: >"$work/debian/control"
pkg=$(cd "$work/debian/sluice" && pwd)

make -s install DESTDIR="$pkg"
install -D -m 0644 "$pkg/etc/sluice/sluice.rsc" "$pkg/usr/share/sluice/sluice.rsc.default"
rm "$pkg/etc/sluice/sluice.rsc"
rmdir "$pkg/etc/sluice" "$pkg/etc"	# fails if `make install` ever puts more there: look then
strip --remove-section=.comment --remove-section=.note "$pkg"/usr/sbin/*
gzip -9n "$pkg"/usr/share/man/man*/*.[0-9]

tools/dkms-src.sh "$pkg/usr/src/sluice-$ver"
find "$pkg/usr/src" -type d -exec chmod 0755 {} +
find "$pkg/usr/src" -type f -exec chmod 0644 {} +

install -D -m 0644 packaging/deb/copyright "$pkg/usr/share/doc/sluice/copyright"
date=$(git log -1 --format=%cD 2>/dev/null) || date=$(date -R)
rev=$(git describe --always --dirty 2>/dev/null) || rev=unknown
printf 'sluice (%s) unstable; urgency=medium\n\n  * Built from git %s with make deb.\n\n -- %s  %s\n' \
	"$ver" "$rev" "$maintainer" "$date" | gzip -9n >"$pkg/usr/share/doc/sluice/changelog.gz"
chmod 0644 "$pkg/usr/share/doc/sluice/changelog.gz"

mkdir -m 0755 "$pkg/DEBIAN"	# before dpkg-shlibdeps: it finds the package's root by it
if command -v dpkg-shlibdeps >/dev/null; then
	libs=$(cd "$work" && dpkg-shlibdeps -O debian/sluice/usr/sbin/* | sed -n 's/^shlibs:Depends=//p')
else
	libs="libc6, libedit2, libmnl0, libssl3"
fi

cat >"$pkg/DEBIAN/control" <<CONTROL
Package: sluice
Version: $ver
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
Depends: dkms, $libs
Section: net
Priority: optional
Description: remote-access VPN concentrator in the manner of RouterOS
 sluice serves PPTP to remote-access clients as MikroTik RouterOS's /ppp and
 /interface pptp-server menus do. The sessions' packets are carried by the
 kernel module sluice (GRE and MPPE with the kernel crypto API), which DKMS
 builds from /usr/src/sluice-$ver. The daemon sluiced speaks PPTP control,
 PPP and local AAA; pppctl is RouterOS's command language against it, and
 sluicectl shows the module's sessions.
 .
 The configuration, /etc/sluice/sluice.rsc, is made from a commented default
 on first install and rewritten by sluiced after every change; it is removed
 on purge only.
CONTROL
for s in postinst prerm postrm; do
	sed "s/@VERSION@/$ver/g" "packaging/deb/$s" >"$pkg/DEBIAN/$s"
	chmod 0755 "$pkg/DEBIAN/$s"
done
(cd "$pkg" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z |
	xargs -0 md5sum) >"$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums"

dpkg-deb --root-owner-group -Zxz --build "$pkg" "$out/sluice_${ver}_$arch.deb"
