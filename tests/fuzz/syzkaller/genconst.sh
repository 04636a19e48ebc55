#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Writes sluice.txt.const (the values syzkaller's compiler needs for every SLUICE_* name that
# sluice.txt uses) from kmod/uapi/sluice.h, without a kernel tree: syz-extract would need a
# configured kernel source with the header in include/uapi/linux/, and all our constants are
# enums and defines that are the same on every architecture.
# Usage: tests/fuzz/syzkaller/genconst.sh [OUT]   (OUT defaults to sluice.txt.const beside it)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=${1:-$here/sluice.txt.const}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

names=$(grep -v '^#' "$here/sluice.txt" | grep -oE '\bSLUICE_[A-Z0-9_]+' | sort -u)
{
	echo '#include <stdio.h>'
	echo '#include "sluice.h"'
	echo 'int main(void)'
	echo '{'
	for n in $names; do
		printf '\tprintf("%s = %%llu\\n", (unsigned long long)(%s));\n' "$n" "$n"
	done
	echo '	return 0;'
	echo '}'
} >"$tmp/genconst.c"
${CC:-cc} -Wall -Werror -I"$top/kmod/uapi" -o "$tmp/genconst" "$tmp/genconst.c"
{
	echo '# Written by tests/fuzz/syzkaller/genconst.sh from kmod/uapi/sluice.h; do not edit.'
	echo 'arches = 386, amd64, arm, arm64, mips64le, ppc64le, riscv64, s390x'
	"$tmp/genconst"
} >"$out"
