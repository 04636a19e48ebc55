#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Compiles sluice.txt with syzkaller's own description compiler (syz-sysgen) and generates and
# mutates programs from it (syz-sluice-gen.go), without a kernel: see README.md for the
# syzkaller commit and the Go this needs.
# Usage: tests/fuzz/syzkaller/check.sh SYZKALLER_DIR [PROGRAMS]
# SYZKALLER_DIR is a syzkaller tree; sluice.txt, its .const and tools/syz-sluice-gen are added
# to it. GO (default: go-1.23 from bookworm-backports, else go) builds in GOPATH mode with
# Debian's Go packages in /usr/share/gocode, so no module download is needed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 SYZKALLER_DIR [PROGRAMS]" >&2; exit 2; }
syz=$(cd "$1" && pwd)
programs=${2:-2000}
if [ -z "${GO:-}" ]; then
	GO=go
	[ -x /usr/lib/go-1.23/bin/go ] && GO=/usr/lib/go-1.23/bin/go
fi

gopath=$(mktemp -d)
trap 'rm -rf "$gopath"' EXIT
mkdir -p "$gopath/src/github.com/google" "$gopath/bin"
ln -s "$syz" "$gopath/src/github.com/google/syzkaller"
export GO111MODULE=off GOTOOLCHAIN=local GOPATH="$gopath:/usr/share/gocode"
export GOMAXPROCS="${GOMAXPROCS:-1}"

"$here/genconst.sh" "$syz/sys/linux/sluice.txt.const"
cp "$here/sluice.txt" "$syz/sys/linux/sluice.txt"
mkdir -p "$syz/tools/syz-sluice-gen"
cp "$here/syz-sluice-gen.go" "$syz/tools/syz-sluice-gen/main.go"

cd "$gopath/src/github.com/google/syzkaller"
"$GO" version
"$GO" build -p 1 -o "$gopath/bin/syz-sysgen" ./sys/syz-sysgen
"$gopath/bin/syz-sysgen"
echo "syz-sysgen: sluice.txt compiled for every linux arch"
"$GO" build -p 1 -o "$gopath/bin/syz-sluice-gen" ./tools/syz-sluice-gen
"$gopath/bin/syz-sluice-gen" -n "$programs" -show 1
