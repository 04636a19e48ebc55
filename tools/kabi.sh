#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the kernel ABI (e.g. 6.1.0-56-amd64) that Debian's linux-image-amd64 points at.
# KERNELRELEASE in the environment wins, so a router can build for the kernel it runs.
set -euo pipefail
if [ -n "${KERNELRELEASE:-}" ]; then
	echo "$KERNELRELEASE"
	exit 0
fi
abi=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: linux-image-\(.*\)$/\1/p' | head -n 1)
if [ -z "$abi" ]; then
	echo "kabi: apt knows no linux-image-amd64 (run apt-get update) " >&2
	exit 1
fi
echo "$abi"
