#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: dkms-install.sh VERSION KERNELRELEASE
# Put the kernel sources where DKMS expects them (/usr/src/sluice-VERSION) and build and
# install the modules for KERNELRELEASE, replacing an earlier install of the same version.
set -euo pipefail
ver=$1 abi=$2
top=$(cd "$(dirname "$0")/.." && pwd)
src=/usr/src/sluice-$ver

if dkms status -m sluice -v "$ver" 2>/dev/null | grep -q .; then
	dkms remove -m sluice -v "$ver" --all >/dev/null
fi
rm -rf "$src"
# Only what the kernel build needs: Kbuild, dkms.conf and the module sources (no tests).
"$top/tools/dkms-src.sh" "$src"
dkms add -m sluice -v "$ver"
if ! dkms build -m sluice -v "$ver" -k "$abi"; then
	cat "/var/lib/dkms/sluice/$ver/build/make.log" >&2 || true
	exit 1
fi
dkms install -m sluice -v "$ver" -k "$abi" --force
modinfo -k "$abi" -F filename sluice
