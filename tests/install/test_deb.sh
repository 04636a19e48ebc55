#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: tests/install/test_deb.sh
#
# `make deb`, and the package it makes: its files (what `make install` puts, the module
# sources as tools/dkms-install.sh copies them) with their modes and owners, no conffile, its
# control fields and maintainer scripts. Then the package is installed, reinstalled, removed
# and purged with dpkg into a scratch root (--root, --force-script-chrootless: the scripts
# see DPKG_ROOT and leave dkms and systemd alone), and its scripts are run as on a live
# system inside a private mount namespace against stand-in dkms and systemd. Neither touches
# this machine's dpkg database, /etc, DKMS tree or services. Root only for those two (skipped
# otherwise). Prints TEST: lines and closes with "N passed, N failed, N skipped", as
# tests/check.sh's build stage reads it.
# shellcheck disable=SC2015	# "A && B || fail" is meant: fail when either is false
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2

WORK=$(mktemp -d /tmp/deb-test.XXXXXX)
LOG=$WORK/make.log	# make's output, shown when a test fails
. "$top/tests/install/lib.sh"
VER=$(sed -n 's/^#define SLUICE_VERSION "\(.*\)"/\1/p' kmod/version.h)
DEB=build/deb/sluice_${VER}_amd64.deb
SRC=usr/src/sluice-$VER
trap 'rm -rf "$WORK"' EXIT

# What the package holds besides the module sources, with its mode. Man pages are gzipped,
# and the configuration is a default for postinst to copy.
FILES=(
	755:usr/sbin/sluiced 755:usr/sbin/pppctl 755:usr/sbin/sluicectl
	644:lib/systemd/system/sluiced.service
	644:usr/lib/modules-load.d/sluice.conf 644:usr/lib/sysusers.d/sluice.conf
	644:usr/share/man/man8/pppctl.8.gz 644:usr/share/man/man8/sluiced.8.gz
	644:usr/share/bash-completion/completions/pppctl
	644:usr/share/sluice/sluice.rsc.default
	644:usr/share/doc/sluice/copyright 644:usr/share/doc/sluice/changelog.gz
)

# contents : the package's entries as "MODE OWNER PATH" (PATH without ./ and a trailing /)
contents() {
	dpkg-deb -c "$DEB" | awk '{ p = $6; sub(/^\.\//, "", p); sub(/\/$/, "", p); print $1, $2, p }'
}

# want_same WHAT WANTED_FILE GOT_FILE : two sorted lists are equal, else the difference
want_same() {
	diff -u "$2" "$3" >"$WORK/diff" && return 0
	echo "$1 ('-' wanted, '+' in the package):"
	tail -n +3 "$WORK/diff" | grep '^[-+]'
	return 1
}

# --- the package

test_build() {
	make -s deb >>"$LOG" 2>&1 || { echo "make deb failed"; return 1; }
	[ -f "$DEB" ] || { echo "no $DEB"; return 1; }
	contents >"$WORK/contents" && dpkg-deb -x "$DEB" "$WORK/pkg" && dpkg-deb -e "$DEB" "$WORK/ctrl"
}

test_modes_owners() {
	local e bad=0
	for e in "${FILES[@]}"; do
		has_mode "${e%%:*}" "$WORK/pkg/${e#*:}" || bad=1
	done
	awk '$2 != "root/root" { print $3 " is owned by " $2; bad = 1 } END { exit bad }' \
		"$WORK/contents" || bad=1
	# directories 0755, the module sources 0644
	awk '/^d/ && $1 != "drwxr-xr-x" { print $3 " is " $1; bad = 1 }
	     $3 ~ /^usr\/src\// && /^-/ && $1 != "-rw-r--r--" { print $3 " is " $1; bad = 1 }
	     END { exit bad }' "$WORK/contents" || bad=1
	return $bad
}

# Every file `make install` puts is in the package, under the package's names, and nothing
# else is but the doc files and the module sources (checked on their own below).
test_same_as_make_install() {
	make -s install DESTDIR="$WORK/inst" >>"$LOG" 2>&1 || { echo "make install failed"; return 1; }
	(cd "$WORK/inst" && find . ! -type d -printf '%P\n') |
		sed -e 's|^etc/sluice/sluice.rsc$|usr/share/sluice/sluice.rsc.default|' \
		    -e 's|^\(usr/share/man/.*\.[0-9]\)$|\1.gz|' |
		cat - <(printf '%s\n' usr/share/doc/sluice/copyright usr/share/doc/sluice/changelog.gz) |
		LC_ALL=C sort >"$WORK/want"
	awk '!/^d/ { print $3 }' "$WORK/contents" | grep -v "^$SRC/" | LC_ALL=C sort >"$WORK/got"
	want_same "files" "$WORK/want" "$WORK/got"
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
	(cd "$WORK/dkms-src" && find . -printf '%P\n') | sed '/^$/d' | LC_ALL=C sort >"$WORK/want"
	awk -v src="$SRC/" 'index($3, src) == 1 { print substr($3, length(src) + 1) }' "$WORK/contents" |
		sed '/^$/d' | LC_ALL=C sort >"$WORK/got"
	want_same "module sources" "$WORK/want" "$WORK/got" || return 1
	diff -r "$WORK/dkms-src" "$WORK/pkg/$SRC" || return 1
	grep -q "^PACKAGE_VERSION=\"$VER\"$" "$WORK/pkg/$SRC/dkms.conf" ||
		{ echo "dkms.conf is not version $VER"; return 1; }
}

test_control() {
	local f=$WORK/ctrl/control bad=0 field lib depends
	for field in "Package: sluice" "Version: $VER" "Architecture: amd64" "Section: net"; do
		grep -qx "$field" "$f" || { echo "control: no '$field'"; bad=1; }
	done
	depends=$(sed -n 's/^Depends: //p' "$f")
	for lib in dkms libc6 libmnl0 libssl3 libedit2; do
		[[ ", $depends," == *", $lib"[\ ,]* ]] || { echo "Depends: no $lib ($depends)"; bad=1; }
	done
	grep -Eq '^Description: .{10,79}$' "$f" || { echo "control: no short description"; bad=1; }
	[ "$(grep -c '^ ' "$f")" -ge 3 ] || { echo "control: no long description"; bad=1; }
	return $bad
}

test_maintainer_scripts() {
	local s bad=0
	for s in postinst prerm postrm; do
		has_mode 755 "$WORK/ctrl/$s" || { bad=1; continue; }
		[ "$(head -n 1 "$WORK/ctrl/$s")" = "#!/bin/sh" ] || { echo "$s: not #!/bin/sh"; bad=1; }
		grep -qx 'set -e' "$WORK/ctrl/$s" || { echo "$s: no set -e"; bad=1; }
		grep -q '@VERSION@' "$WORK/ctrl/$s" && { echo "$s: @VERSION@ left"; bad=1; }
		sh -n "$WORK/ctrl/$s" || bad=1
	done
	return $bad
}

# --- dpkg --root: a scratch root with its own database. DPKG_ROOT tells the scripts not to
# run dkms or systemctl (which would act on this machine); stand-ins first on PATH say if
# they do all the same.

stubs() {
	local c
	mkdir -p "$WORK/stub"
	for c in dkms systemctl deb-systemd-invoke uname systemd-sysusers groupadd; do
		printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$c" "$WORK" >"$WORK/stub/$c"
		chmod +x "$WORK/stub/$c"
	done
	# dkms as far as the scripts look: status says whether add ran, build exits build-rc
	cat >>"$WORK/stub/dkms" <<-EOF
	case \$1 in
	status) [ ! -e "$WORK/added" ] || echo "sluice/$VER: added" ;;
	add) touch "$WORK/added" ;;
	build) exit \$(cat "$WORK/build-rc") ;;
	esac
	EOF
	echo 'echo 6.1.0-run' >>"$WORK/stub/uname"
}

# dpkg_root ARGS... : dpkg on the scratch root, output in $LOG; sysusers stays the real one
dpkg_root() {
	PATH=$WORK/stub-root:$PATH dpkg --root="$WORK/root" --log="$WORK/dpkg.log" \
		--force-depends --force-script-chrootless "$@" >>"$LOG" 2>&1
}

test_dpkg_root() {
	local r=$WORK/root c
	[ "$(id -u)" -eq 0 ] || { echo "dpkg --root wants root here"; return $ksft_skip; }
	stubs
	mkdir -p "$WORK/stub-root" "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/etc"
	for c in dkms systemctl deb-systemd-invoke groupadd; do ln -s "../stub/$c" "$WORK/stub-root/$c"; done
	touch "$r/var/lib/dpkg/status"
	dpkg_root -i "$DEB" || { echo "dpkg -i failed"; return 1; }
	grep -q "installed under $r: no DKMS build" "$LOG" || { echo "no word of skipping DKMS"; return 1; }
	has_mode 755 "$r/usr/sbin/sluiced" && has_mode 644 "$r/$SRC/dkms.conf" || return 1
	has_mode 700 "$r/etc/sluice" d && has_mode 600 "$r/etc/sluice/sluice.rsc" || return 1
	cmp -s etc/sluice.rsc "$r/etc/sluice/sluice.rsc" || { echo "first sluice.rsc is not the default"; return 1; }
	if command -v systemd-sysusers >/dev/null; then
		grep -q '^sluice:x:[0-9]*:$' "$r/etc/group" || { echo "no group sluice in the root"; return 1; }
	fi
	"$r/usr/sbin/sluiced" --help >/dev/null 2>&1 || { echo "the stripped sluiced does not run"; return 1; }
	# sluiced's own edits survive a reinstall, the configuration survives a remove
	printf '/ip pool add name=kept ranges=10.9.0.1-10.9.0.9\n' >"$r/etc/sluice/sluice.rsc"
	dpkg_root -i "$DEB" || { echo "second dpkg -i failed"; return 1; }
	grep -q name=kept "$r/etc/sluice/sluice.rsc" || { echo "a reinstall overwrote sluice.rsc"; return 1; }
	dpkg_root -r sluice || { echo "dpkg -r failed"; return 1; }
	[ ! -e "$r/usr/sbin/sluiced" ] && [ ! -e "$r/$SRC" ] || { echo "dpkg -r left files"; return 1; }
	grep -q name=kept "$r/etc/sluice/sluice.rsc" || { echo "dpkg -r took sluice.rsc"; return 1; }
	dpkg_root -P sluice || { echo "dpkg -P failed"; return 1; }
	[ ! -e "$r/etc/sluice" ] || { echo "dpkg -P left /etc/sluice"; return 1; }
	[ ! -e "$WORK/calls" ] || { echo "the scripts ran, in a DPKG_ROOT install:"; cat "$WORK/calls"; return 1; }
}

# --- the scripts as on a live system, in a private mount namespace: /usr with the package's
# files on top (read-only), /etc writable into $WORK/etc-up, /run and /lib/modules fresh
# tmpfs (systemd "running"; the kernels 6.1.0-run without headers, running, and 6.1.0-hdr
# with), and stand-ins for dkms, systemctl, deb-systemd-invoke, systemd-sysusers, uname.

# live SCRIPT ARGS... : run the package's maintainer script so; output in $LOG
live() {
	: >"$WORK/calls"
	# shellcheck disable=SC2016	# expanded by the inner sh
	unshare -m sh -ec '
		w=$1; shift
		mount -t overlay overlay -o "lowerdir=$w/pkg/usr:/usr" /usr
		mount -t overlay overlay -o "lowerdir=/etc,upperdir=$w/etc-up,workdir=$w/etc-work" /etc
		mount -t tmpfs tmpfs /run
		mount -t tmpfs tmpfs /lib/modules
		mkdir -p /run/systemd/system /lib/modules/6.1.0-run/kernel /lib/modules/6.1.0-hdr/build
		PATH=$w/stub:$PATH exec "$w/ctrl/$@"' _ "$WORK" "$@" >>"$LOG" 2>&1
}

# called LINE... : each LINE is among the stand-ins' calls
called() {
	local l
	for l in "$@"; do
		grep -qxF "$l" "$WORK/calls" || { echo "not called: $l"; cat "$WORK/calls"; return 1; }
	done
}

test_live_scripts() {
	local up=$WORK/etc-up
	[ "$(id -u)" -eq 0 ] || { echo "mount namespaces want root"; return $ksft_skip; }
	[ -d /usr/lib/modules ] || { echo "no /usr/lib/modules to mount over"; return $ksft_skip; }
	unshare -m true 2>/dev/null || { echo "no mount namespace here"; return $ksft_skip; }
	stubs
	mkdir -p "$up" "$WORK/etc-work"
	# a module that does not build: the package still configures, and says what happened
	echo 1 >"$WORK/build-rc"
	live postinst configure || { echo "postinst failed on a failed module build"; return 1; }
	grep -q 'building the kernel module for 6.1.0-hdr failed' "$LOG" &&
		grep -q 'no headers for kernel 6.1.0-run' "$LOG" || { echo "no message"; cat "$LOG"; return 1; }
	called "dkms add -m sluice -v $VER" "dkms build -m sluice -v $VER -k 6.1.0-hdr" \
		"systemd-sysusers sluice.conf" "systemctl daemon-reload" \
		"deb-systemd-invoke start sluiced.service" || return 1
	! grep -q -e '^dkms install' -e '-k 6.1.0-run' "$WORK/calls" || { echo "dkms went on"; return 1; }
	has_mode 700 "$up/sluice" d && has_mode 600 "$up/sluice/sluice.rsc" || return 1
	# again, now that it builds: no second add, and the module installed
	echo 0 >"$WORK/build-rc"
	live postinst configure || { echo "second postinst failed"; return 1; }
	called "dkms install -m sluice -v $VER -k 6.1.0-hdr" || return 1
	! grep -q '^dkms add' "$WORK/calls" || { echo "a second dkms add"; return 1; }
	# a kernel dkms.conf excludes (dkms exits 77)
	echo 77 >"$WORK/build-rc"
	live postinst configure && grep -q 'kernel 6.1.0-hdr is not one sluice supports' "$LOG" ||
		{ echo "no word of the excluded kernel"; return 1; }
	live prerm remove || { echo "prerm failed"; return 1; }
	called "deb-systemd-invoke stop sluiced.service" "dkms remove -m sluice -v $VER --all" || return 1
	live postrm remove && has_mode 600 "$up/sluice/sluice.rsc" || { echo "postrm remove took it"; return 1; }
	live postrm purge && [ ! -e "$up/sluice" ] || { echo "postrm purge left /etc/sluice"; return 1; }
	[ ! -e /etc/sluice ] || echo "(this machine has an /etc/sluice of its own: not ours)"
}

run_test "make deb" test_build
# nothing below means anything without the package
[ "$n_fail" -eq 0 ] || { summary; exit; }
run_test "files, modes, owners root:root" test_modes_owners
run_test "the files of make install, and no others" test_same_as_make_install
run_test "sluice.rsc: no conffile, a default in /usr/share" test_config_not_conffile
run_test "module sources as tools/dkms-install.sh copies them" test_dkms_sources
run_test "control: fields, Depends (dkms, libraries)" test_control
run_test "maintainer scripts: #!/bin/sh, set -e, sh -n" test_maintainer_scripts
run_test "dpkg --root: install, reinstall, remove, purge" test_dpkg_root
run_test "scripts on a live system (namespace, stand-in dkms)" test_live_scripts
summary
