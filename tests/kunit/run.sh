#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run sluice's KUnit suites in UML: Debian's linux-source-6.1, kmod/ linked in as net/sluice,
# KASAN and UBSAN on (both work for UML on 6.1: docs/testing.md), built in a cached directory
# keyed by the source's version so re-runs only rebuild what changed.
# Extra arguments go to `kunit.py run` (e.g. a suite glob: sluice_gre).
set -euo pipefail
. "$(dirname "$0")/../lib-cache.sh"

tree=$("$SLUICE_SRC/tests/kunit/prepare-source.sh")
ver=$(pkg_version linux-source-6.1)
build=$SLUICE_CACHE/kunit/build-$ver
mkdir -p "$build"
exec 9>"$build/.lock"
flock 9

cd "$tree"
python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$SLUICE_SRC/tests/kunit" \
	--build_dir="$build" \
	--jobs="$(nproc)" \
	--kconfig_add CONFIG_KASAN=y \
	--kconfig_add CONFIG_UBSAN=y \
	--timeout 300 \
	"$@"
