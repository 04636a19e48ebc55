#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: dkms-src.sh DIR
# Copy into DIR (made if missing) what DKMS builds the modules from, laid out as
# /usr/src/sluice-VERSION wants it: Kbuild, dkms.conf and kmod/ without build products (no
# tests/). tools/dkms-install.sh and `make deb` both copy with it, so the two cannot differ.
set -euo pipefail
dest=$1
top=$(cd "$(dirname "$0")/.." && pwd)

mkdir -p "$dest"
cp "$top/Kbuild" "$top/dkms.conf" "$dest/"
tar -C "$top" --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' --exclude='.*.cmd' \
	--exclude='modules.order' -cf - kmod | tar -C "$dest" -xf -
