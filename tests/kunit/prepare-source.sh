#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's linux-source-6.1 (SLUICE_KUNIT_SERIES=6.12: linux-source-6.12) into the
# cache (keyed by its package version) and hook sluice's module directory into it, so
# kunit.py can build our suites into a UML kernel. Prints the source tree's path.
set -euo pipefail
. "$(dirname "$0")/../lib-cache.sh"

series=${SLUICE_KUNIT_SERIES:-6.1}
ver=$(pkg_version "linux-source-$series")
base=$SLUICE_CACHE/kunit/src-$ver
tree=$base/linux-source-$series
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9

if [ ! -f "$tree/.sluice-unpacked" ]; then
	echo "prepare-source: unpacking linux-source-$series $ver (about a minute)" >&2
	rm -rf "$tree"
	tar -C "$base" -xf "/usr/src/linux-source-$series.tar.xz"
	# Hook net/sluice into the tree once; the link itself is re-pointed on every run.
	echo 'source "net/sluice/Kconfig"' >> "$tree/net/Kconfig"
	echo 'obj-$(CONFIG_SLUICE) += sluice/' >> "$tree/net/Makefile"
	touch "$tree/.sluice-unpacked"
fi
# Point the tree at this checkout's kmod/ (the cache may serve several clones).
ln -sfn "$SLUICE_SRC/kmod" "$tree/net/sluice"
echo "$tree"
