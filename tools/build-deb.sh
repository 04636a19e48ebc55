#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: build-deb.sh VERSION OUTDIR                                       (`make deb`)
# The source package and its binary packages, built as Debian builds them, then lintian:
# - OUTDIR/sluice-VERSION: the repository's tracked files with packaging/debian as debian/;
# - dpkg-buildpackage there makes the source package (OUTDIR/sluice_VERSION.dsc and
#   .tar.xz, format 3.0 (native)), sluice_VERSION_ARCH.deb (sluiced, pppctl, sluicectl),
#   sluice-dkms_VERSION_all.deb (the module's sources for DKMS), the debug symbols and the
#   .changes;
# - lintian on the .changes, its output in OUTDIR/lintian.txt; any error or warning fails.
set -euo pipefail
ver=$1 out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
umask 022

said=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
[ "$said" = "$ver" ] ||
	{ echo "build-deb: packaging/debian/changelog is at $said, kmod/version.h at $ver" >&2; exit 1; }
git rev-parse --git-dir >/dev/null 2>&1 ||
	{ echo "build-deb: needs the git repository (in an unpacked source package, run dpkg-buildpackage)" >&2; exit 1; }

rm -rf "$out"
src=$out/sluice-$ver
mkdir -p "$src"
git ls-files -z | grep -zv '^packaging/debian/' | tar --null -T - -cf - | tar -C "$src" -xf -
cp -a packaging/debian "$src/debian"

(cd "$src" && dpkg-buildpackage -us -uc --jobs=auto) >"$out/build.log" 2>&1 ||
	{ tail -n 40 "$out/build.log" >&2; echo "build-deb: dpkg-buildpackage failed (log: $out/build.log)" >&2; exit 1; }
changes=$(ls "$out"/sluice_"${ver}"_*.changes)
if lintian --fail-on error,warning --display-info "$changes" >"$out/lintian.txt" 2>"$out/lintian.err"; then
	echo "build-deb: $(cd "$out" && ls ./*.deb ./*.dsc | tr '\n' ' '); lintian: $(wc -l <"$out/lintian.txt") tags (info and below)"
else
	cat "$out/lintian.txt" "$out/lintian.err" >&2
	echo "build-deb: lintian found errors or warnings ($out/lintian.txt)" >&2
	exit 1
fi
