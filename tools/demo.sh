#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: tools/demo.sh [--shell]
# The main job: install what is missing, build, install the modules with DKMS, and boot the
# VM "router" (Debian's own kernel under QEMU) running sluiced; show what pppctl shows.
# --shell leaves you inside that VM with pppctl at hand ('exit' powers it off).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
step() { printf '\n== %s\n' "$*"; }

step "installing missing Debian packages"
tools/install-deps.sh
step "building user space and modules"
make -s userspace modules
step "installing the modules with DKMS (as a router would)"
make -s dkms-install
step "booting the VM router (QEMU, software emulation: about 15 s)"
if [ "${1:-}" = --shell ]; then
	exec tests/vm/vmrun.sh -i -o build/demo -- tests/vm/demo-guest.sh
fi
exec tests/vm/vmrun.sh -t 300 -o build/demo -- tests/vm/demo-guest.sh
