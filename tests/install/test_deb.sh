#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: tests/install/test_deb.sh
#
# `make deb`, and what it makes: a source package (format 3.0 (native), packaging/debian as
# its debian/) that builds again from itself, and two binary packages as Debian splits a
# DKMS module (wireguard-dkms): sluice (what `make install` puts, the configuration as a
# default, never a conffile) and sluice-dkms (the module's sources as tools/dkms-src.sh lays
# them out, debhelper's dh_dkms scripts); lintian finds no error or warning. Then both are
# installed, reinstalled, removed and purged with dpkg into a scratch root (--root,
# --force-script-chrootless: the scripts see DPKG_ROOT; stand-ins first on PATH catch dkms
# and systemd). Neither touches this machine's dpkg database, /etc, DKMS tree or services.
# The real install, upgrade and purge, with DKMS building the module, run in the VM
# (tests/netns/test_deb_vm.sh). Root only for dpkg --root (skipped otherwise). Prints TEST:
# lines and closes with "N passed, N failed, N skipped", as tests/check.sh's build stage
# reads it.
# shellcheck disable=SC2015	# "A && B || fail" is meant: fail when either is false
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2

WORK=$(mktemp -d /tmp/deb-test.XXXXXX)
LOG=$WORK/make.log	# make's output, shown when a test fails
. "$top/tests/install/lib.sh"
VER=$(sed -n 's/^#define SLUICE_VERSION "\(.*\)"/\1/p' kmod/version.h)
OUT=build/deb
DEB=$OUT/sluice_${VER}_amd64.deb
DKMS_DEB=$OUT/sluice-dkms_${VER}_all.deb
SRC=usr/src/sluice-$VER
trap 'rm -rf "$WORK"' EXIT

# What the package sluice holds, with its mode. Man pages are gzipped, and the configuration
# is a default for postinst to copy.
FILES=(
	755:usr/sbin/sluiced 755:usr/sbin/pppctl 755:usr/sbin/sluicectl
	644:lib/systemd/system/sluiced.service
	644:usr/lib/modules-load.d/sluice.conf 644:usr/lib/sysusers.d/sluice.conf
	644:usr/share/man/man8/pppctl.8.gz 644:usr/share/man/man8/sluiced.8.gz
	644:usr/share/man/man8/sluicectl.8.gz
	644:usr/share/bash-completion/completions/pppctl
	644:usr/share/sluice/sluice.rsc.default
	644:usr/share/doc/sluice/copyright 644:usr/share/doc/sluice/changelog.gz
)

# contents DEB : the package's entries as "MODE OWNER PATH" (PATH without ./ and a trailing /)
contents() {
	dpkg-deb -c "$1" | awk '{ p = $6; sub(/^\.\//, "", p); sub(/\/$/, "", p); print $1, $2, p }'
}

# want_same WHAT WANTED_FILE GOT_FILE : two sorted lists are equal, else the difference
want_same() {
	diff -u "$2" "$3" >"$WORK/diff" && return 0
	echo "$1 ('-' wanted, '+' in the package):"
	tail -n +3 "$WORK/diff" | grep '^[-+]'
	return 1
}

# --- the packages

test_build() {
	make -s deb >>"$LOG" 2>&1 || { echo "make deb failed"; return 1; }
	[ -f "$DEB" ] && [ -f "$DKMS_DEB" ] && [ -f "$OUT/sluice_$VER.dsc" ] ||
		{ echo "missing:"; ls "$OUT"; return 1; }
	contents "$DEB" >"$WORK/contents" && contents "$DKMS_DEB" >"$WORK/dkms-contents" &&
		dpkg-deb -x "$DEB" "$WORK/pkg" && dpkg-deb -e "$DEB" "$WORK/ctrl" &&
		dpkg-deb -x "$DKMS_DEB" "$WORK/dkms-pkg" && dpkg-deb -e "$DKMS_DEB" "$WORK/dkms-ctrl"
}

# lintian's word on all of it, as make deb ran it: nothing above info (docs/packaging.md
# justifies what is left)
test_lintian() {
	cat "$OUT/lintian.txt"
	! grep -E '^[EW]: ' "$OUT/lintian.txt" &&
		[ "$(grep -c '^I: ' "$OUT/lintian.txt")" = "$(wc -l <"$OUT/lintian.txt")" ]
}

# The source package holds the tracked files and debian/, and builds its binaries again.
test_source_package() {
	dpkg-source -x "$OUT/sluice_$VER.dsc" "$WORK/src" >>"$LOG" 2>&1 || { echo "dpkg-source -x failed"; return 1; }
	# dpkg-source leaves out what only git reads (.gitignore)
	git ls-files | grep -v -e '^packaging/debian/' -e '\(^\|/\)\.git' >"$WORK/want"
	(cd packaging/debian && git ls-files) | sed 's|^|debian/|' >>"$WORK/want"
	LC_ALL=C sort -o "$WORK/want" "$WORK/want"
	(cd "$WORK/src" && find . ! -type d -printf '%P\n') | LC_ALL=C sort >"$WORK/got"
	want_same "source files" "$WORK/want" "$WORK/got" || return 1
	(cd "$WORK/src" && dpkg-buildpackage -us -uc -b --jobs=auto) >>"$LOG" 2>&1 ||
		{ echo "the source package does not build"; return 1; }
	[ -f "$WORK/sluice_${VER}_amd64.deb" ] && [ -f "$WORK/sluice-dkms_${VER}_all.deb" ]
}

test_modes_owners() {
	local e bad=0
	for e in "${FILES[@]}"; do
		has_mode "${e%%:*}" "$WORK/pkg/${e#*:}" || bad=1
	done
	awk '$2 != "root/root" { print $3 " is owned by " $2; bad = 1 } END { exit bad }' \
		"$WORK/contents" "$WORK/dkms-contents" || bad=1
	# directories 0755, the module sources 0644
	awk '/^d/ && $1 != "drwxr-xr-x" { print $3 " is " $1; bad = 1 }
	     $3 ~ /^usr\/src\// && /^-/ && $1 != "-rw-r--r--" { print $3 " is " $1; bad = 1 }
	     END { exit bad }' "$WORK/contents" "$WORK/dkms-contents" || bad=1
	return $bad
}

# Every file `make install` puts is in sluice, under the package's names, and nothing else
# is but its doc files; sluice-dkms holds the module sources and its doc files only.
test_same_as_make_install() {
	make -s install DESTDIR="$WORK/inst" >>"$LOG" 2>&1 || { echo "make install failed"; return 1; }
	(cd "$WORK/inst" && find . ! -type d -printf '%P\n') |
		sed -e 's|^etc/sluice/sluice.rsc$|usr/share/sluice/sluice.rsc.default|' \
		    -e 's|^\(usr/share/man/.*\.[0-9]\)$|\1.gz|' |
		cat - <(printf '%s\n' usr/share/doc/sluice/copyright usr/share/doc/sluice/changelog.gz) |
		LC_ALL=C sort >"$WORK/want"
	awk '!/^d/ { print $3 }' "$WORK/contents" | LC_ALL=C sort >"$WORK/got"
	want_same "files" "$WORK/want" "$WORK/got" || return 1
	awk '!/^d/ { print $3 }' "$WORK/dkms-contents" | grep -v "^$SRC/" >"$WORK/got"
	printf '%s\n' usr/share/doc/sluice-dkms/changelog.gz usr/share/doc/sluice-dkms/copyright \
		>"$WORK/want"
	want_same "sluice-dkms's other files" "$WORK/want" "$WORK/got"
}

# sluiced rewrites its configuration: it must not be a conffile, nor in the package at all.
test_config_not_conffile() {
	[ ! -e "$WORK/ctrl/conffiles" ] || { echo "conffiles:"; cat "$WORK/ctrl/conffiles"; return 1; }
	! awk '$3 ~ /^etc(\/|$)/ { print; found = 1 } END { exit !found }' "$WORK/contents" ||
		{ echo "the package has /etc"; return 1; }
	cmp -s etc/sluice.rsc "$WORK/pkg/usr/share/sluice/sluice.rsc.default" ||
		{ echo "sluice.rsc.default differs from etc/sluice.rsc"; return 1; }
}

# The module sources are what tools/dkms-install.sh copies (through tools/dkms-src.sh).
test_dkms_sources() {
	# shellcheck disable=SC2016	# the script's line, as it is written
	grep -qxF '"$top/tools/dkms-src.sh" "$src"' tools/dkms-install.sh ||
		{ echo "tools/dkms-install.sh no longer copies with tools/dkms-src.sh"; return 1; }
	tools/dkms-src.sh "$WORK/dkms-src" || return 1
	diff -r "$WORK/dkms-src" "$WORK/dkms-pkg/$SRC" || return 1
	grep -q "^PACKAGE_VERSION=\"$VER\"$" "$WORK/dkms-pkg/$SRC/dkms.conf" ||
		{ echo "dkms.conf is not version $VER"; return 1; }
}

# field_has FILE FIELD WORD : the control field lists WORD (a package, maybe versioned)
field_has() {
	local v
	v=$(sed -n "s/^$2: //p" "$1")
	[[ ", $v," == *", $3"[\ ,]* ]] || { echo "$2: no $3 ($v)"; return 1; }
}

test_control() {
	local f=$WORK/ctrl/control d=$WORK/dkms-ctrl/control bad=0 field lib
	for field in "Package: sluice" "Version: $VER" "Architecture: amd64" "Section: net"; do
		grep -qx "$field" "$f" || { echo "sluice: no '$field'"; bad=1; }
	done
	for field in "Package: sluice-dkms" "Version: $VER" "Architecture: all" "Section: kernel"; do
		grep -qx "$field" "$d" || { echo "sluice-dkms: no '$field'"; bad=1; }
	done
	for lib in "sluice-dkms (= $VER)" libc6 libmnl0 libssl3 libedit2; do
		field_has "$f" Depends "$lib" || bad=1
	done
	field_has "$d" Depends dkms || bad=1
	field_has "$d" Breaks "sluice (<< 0.2.0)" || bad=1
	grep -Eq '^Description: .{10,79}$' "$f" || { echo "control: no short description"; bad=1; }
	[ "$(grep -c '^ ' "$f")" -ge 3 ] || { echo "control: no long description"; bad=1; }
	return $bad
}

test_maintainer_scripts() {
	local s bad=0
	for s in ctrl/postinst ctrl/prerm ctrl/postrm dkms-ctrl/postinst dkms-ctrl/prerm; do
		has_mode 755 "$WORK/$s" || { bad=1; continue; }
		[ "$(head -n 1 "$WORK/$s")" = "#!/bin/sh" ] || { echo "$s: not #!/bin/sh"; bad=1; }
		grep -qx 'set -e' "$WORK/$s" || { echo "$s: no set -e"; bad=1; }
		sh -n "$WORK/$s" || bad=1
	done
	# ours first, then debhelper's: the group and the configuration before systemd's part
	grep -q 'first_config' "$WORK/ctrl/postinst" && grep -q 'dh_installsystemd' "$WORK/ctrl/postinst" ||
		{ echo "postinst lacks ours or debhelper's part"; bad=1; }
	grep -q 'dkms remove' "$WORK/dkms-ctrl/prerm" || { echo "sluice-dkms's prerm: no dkms remove"; bad=1; }
	return $bad
}

# --- dpkg --root: a scratch root with its own database. DPKG_ROOT keeps sluice's scripts
# and debhelper's systemd part from the running system. dh_dkms's postinst does not heed it
# (it asks debconf and dkms of the running system), so sluice-dkms is only unpacked there;
# the VM test configures it for real. A stand-in dkms first on PATH takes its prerm's calls.

stubs() {
	local c
	mkdir -p "$WORK/stub"
	for c in dkms systemctl deb-systemd-invoke; do
		printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$c" "$WORK" >"$WORK/stub/$c"
		chmod +x "$WORK/stub/$c"
	done
}

# dpkg_root ARGS... : dpkg on the scratch root, output in $LOG; sysusers stays the real one
dpkg_root() {
	PATH=$WORK/stub:$PATH dpkg --root="$WORK/root" --log="$WORK/dpkg.log" \
		--force-depends --force-script-chrootless "$@" >>"$LOG" 2>&1
}

test_dpkg_root() {
	local r=$WORK/root
	[ "$(id -u)" -eq 0 ] || { echo "dpkg --root wants root here"; return $ksft_skip; }
	stubs
	mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/etc"
	touch "$r/var/lib/dpkg/status"
	dpkg_root --unpack "$DKMS_DEB" && dpkg_root -i "$DEB" || { echo "dpkg -i failed"; return 1; }
	has_mode 755 "$r/usr/sbin/sluiced" && has_mode 644 "$r/$SRC/dkms.conf" || return 1
	has_mode 700 "$r/etc/sluice" d && has_mode 600 "$r/etc/sluice/sluice.rsc" || return 1
	cmp -s etc/sluice.rsc "$r/etc/sluice/sluice.rsc" || { echo "first sluice.rsc is not the default"; return 1; }
	if command -v systemd-sysusers >/dev/null; then
		grep -q '^sluice:x:[0-9]*:$' "$r/etc/group" || { echo "no group sluice in the root"; return 1; }
	fi
	[ ! -e "$r/etc/systemd/system/multi-user.target.wants/sluiced.service" ] ||
		{ echo "sluiced enabled on install"; return 1; }
	"$r/usr/sbin/sluiced" --help >/dev/null 2>&1 || { echo "the stripped sluiced does not run"; return 1; }
	# sluiced's own edits survive a reinstall, the configuration survives a remove
	printf '/ip pool add name=kept ranges=10.9.0.1-10.9.0.9\n' >"$r/etc/sluice/sluice.rsc"
	dpkg_root -i "$DEB" || { echo "second dpkg -i failed"; return 1; }
	grep -q name=kept "$r/etc/sluice/sluice.rsc" || { echo "a reinstall overwrote sluice.rsc"; return 1; }
	dpkg_root -r sluice sluice-dkms || { echo "dpkg -r failed"; return 1; }
	[ ! -e "$r/usr/sbin/sluiced" ] && [ ! -e "$r/$SRC" ] || { echo "dpkg -r left files"; return 1; }
	grep -q name=kept "$r/etc/sluice/sluice.rsc" || { echo "dpkg -r took sluice.rsc"; return 1; }
	dpkg_root -P sluice sluice-dkms || { echo "dpkg -P failed"; return 1; }
	[ ! -e "$r/etc/sluice" ] || { echo "dpkg -P left /etc/sluice"; return 1; }
	! grep -v '^dkms ' "$WORK/calls" 2>/dev/null ||
		{ echo "systemd was driven in a DPKG_ROOT install"; return 1; }
}

run_test "make deb" test_build
# nothing below means anything without the packages
[ "$n_fail" -eq 0 ] || { summary; exit; }
run_test "lintian: no error or warning" test_lintian
run_test "the source package: its files, and it builds again" test_source_package
run_test "files, modes, owners root:root" test_modes_owners
run_test "sluice: the files of make install; sluice-dkms: the sources" test_same_as_make_install
run_test "sluice.rsc: no conffile, a default in /usr/share" test_config_not_conffile
run_test "module sources as tools/dkms-install.sh copies them" test_dkms_sources
run_test "control: fields, Depends, Breaks" test_control
run_test "maintainer scripts: #!/bin/sh, set -e, sh -n, both parts" test_maintainer_scripts
run_test "dpkg --root: install, reinstall, remove, purge" test_dpkg_root
summary
