# SPDX-License-Identifier: GPL-2.0
# Sourced by the host-side test scripts: where the expensive things are cached.
# Everything under SLUICE_CACHE is keyed by version, lives outside the repository, and is
# rebuilt from nothing on a fresh machine.
SLUICE_CACHE=${SLUICE_CACHE:-/var/cache/sluice}
SLUICE_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SLUICE_KABI=${SLUICE_KABI:-$("$SLUICE_SRC/tools/kabi.sh")}
export SLUICE_CACHE SLUICE_SRC SLUICE_KABI

# Debian package version of an installed package, for cache keys.
pkg_version() { dpkg-query -W -f='${Version}' "$1"; }
