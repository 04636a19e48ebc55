#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: kabi.sh [SERIES]
# Print the kernel ABI (e.g. 6.1.0-56-amd64) that Debian's linux-image-amd64 points at, or
# with SERIES (e.g. 6.12) the one linux-image-SERIES-amd64 points at (6.12.118+deb12-amd64:
# bookworm's security archive carries 6.12, the kernel of routers moving to trixie).
# Without SERIES, KERNELRELEASE in the environment wins, so a router can build for the kernel
# it runs.
set -euo pipefail
meta=linux-image-amd64
if [ $# -gt 0 ]; then
	meta=linux-image-$1-amd64
elif [ -n "${KERNELRELEASE:-}" ]; then
	echo "$KERNELRELEASE"
	exit 0
fi
abi=$(apt-cache depends "$meta" 2>/dev/null |
	sed -n 's/^ *Depends: linux-image-\(.*\)$/\1/p' | head -n 1) || true
if [ -z "$abi" ]; then
	echo "kabi: apt knows no $meta (run apt-get update) " >&2
	exit 1
fi
echo "$abi"
