#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage (inside the VM, as tests/install/test_deb_vm.sh boots it): deb_guest.sh OLD_DEB NEW_DIR
# [smoke]  (OLD_DEB "-": no previous release at hand; NEW_DIR's are installed afresh, the
# upgrade skipped; "smoke": tests/netns/smoke.sh on the upgrade's module before the purge)
#
# The packages on a router running this kernel alone: the previous release's package
# OLD_DEB installed, then upgraded to NEW_DIR's sluice-dkms and sluice, then purged. DKMS
# builds the module each time (this kernel's headers, as linux-headers gives them); sluiced
# from the package runs against the module DKMS installed, and pppctl's change to the
# configuration outlives the upgrade. The guest's / is an overlay on tmpfs: dpkg, DKMS and
# /etc change there only. Prints TEST: lines and "N passed, N failed, N skipped".
# shellcheck disable=SC2015	# "A && B || fail" is meant: fail when either is false
set -u
old_deb=$1 new_dir=$2 smoke=${3:-}
WORK=$(mktemp -d)
LOG=$WORK/log
. "$(dirname "$0")/lib.sh"
K=$(uname -r)
SOCK=/run/sluice/sluiced.sock
NEW=$(dpkg-deb -f "$new_dir"/sluice_*_amd64.deb Version)
OLD=none
[ "$old_deb" = - ] || OLD=$(dpkg-deb -f "$old_deb" Version)

# dpkg's and DKMS's output, kept for a failure's log
quiet() { "$@" >>"$LOG" 2>&1; }

# apt as README says, from the files alone (the VM has no network; what they depend on is
# installed on the host whose / the VM shares)
apt_install() {
	quiet env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# A router with this kernel only: what the host's DKMS and other kernels left is not there,
# and the kernel's headers are where linux-headers puts them.
test_router() {
	local m
	for m in /lib/modules/*; do
		[ "${m##*/}" = "$K" ] || rm -rf "$m"
	done
	# what udev gives a router's /dev (DKMS's bash uses process substitution)
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	rm -rf /var/lib/dkms/sluice /usr/src/sluice-* "/lib/modules/$K/updates/dkms/sluice.ko"*
	[ -d "/usr/src/linux-headers-$K" ] || { echo "no headers for $K"; return 1; }
	ln -sfn "/usr/src/linux-headers-$K" "/lib/modules/$K/build"
	depmod "$K"
	! dpkg-query -W sluice sluice-dkms >/dev/null 2>&1 || { echo "sluice is installed already"; return 1; }
}

# module_is VERSION : DKMS installed VERSION's module for this kernel, and that is what loads
module_is() {
	local got
	dkms status -m sluice | tee -a "$LOG" | grep -q "^sluice/$1, $K, .*: installed" ||
		{ echo "dkms status: no sluice/$1 installed for $K"; dkms status; return 1; }
	[ "$(dkms status -m sluice | wc -l)" = 1 ] || { echo "more than one sluice in DKMS"; dkms status; return 1; }
	modprobe sluice || { echo "modprobe sluice failed"; return 1; }
	got=$(/usr/sbin/sluicectl -j module | jq -r .version)
	[ "$got" = "$1" ] || { echo "the module loaded is $got, not $1"; return 1; }
}

# sluiced from the package, with the package's configuration file, until stop_sluiced
start_sluiced() {
	/usr/sbin/sluiced -f -c /etc/sluice/sluice.rsc >>"$WORK/sluiced.log" 2>&1 &
	echo $! >"$WORK/sluiced.pid"
	for _ in $(seq 50); do
		[ -S "$SOCK" ] && return 0
		sleep 0.2
	done
	echo "sluiced did not start"; tail -n 5 "$WORK/sluiced.log"; return 1
}
stop_sluiced() {
	kill "$(cat "$WORK/sluiced.pid")" 2>/dev/null
	wait "$(cat "$WORK/sluiced.pid")" 2>/dev/null
	rmmod sluice 2>/dev/null
	return 0
}

test_install_old() {
	[ "$old_deb" != - ] || { echo "no previous release's package"; return $ksft_skip; }
	apt_install "$old_deb" || { echo "apt-get install $old_deb failed"; return 1; }
	module_is "$OLD" && start_sluiced || return 1
	/usr/sbin/pppctl -s "$SOCK" /ip pool add name=kept ranges=10.9.9.1-10.9.9.9 ||
		{ stop_sluiced; return 1; }
	stop_sluiced
	grep -q 'name=kept' /etc/sluice/sluice.rsc || { echo "pppctl's change not saved"; return 1; }
}

test_upgrade() {
	apt_install "$new_dir"/sluice_*_amd64.deb "$new_dir"/sluice-dkms_*_all.deb ||
		{ echo "apt-get install of the new packages failed"; return 1; }
	[ "$(dpkg-query -W -f '${Version} ${db:Status-Abbrev}' sluice)" = "$NEW ii " ] &&
		[ "$(dpkg-query -W -f '${Version} ${db:Status-Abbrev}' sluice-dkms)" = "$NEW ii " ] ||
		{ echo "not both at $NEW and installed"; dpkg -l 'sluice*'; return 1; }
	[ ! -e "/usr/src/sluice-$OLD" ] || { echo "the old module sources are left"; return 1; }
	[ "$old_deb" != - ] || /usr/sbin/sluiced -t -c /etc/sluice/sluice.rsc >>"$LOG" 2>&1 ||
		{ echo "no first configuration"; return 1; }
	[ "$(/usr/sbin/sluiced -V)" = "sluiced $NEW" ] || { echo "sluiced is not $NEW"; return 1; }
	module_is "$NEW" && start_sluiced || return 1
	[ "$old_deb" = - ] || /usr/sbin/pppctl -s "$SOCK" /ip pool print | tee -a "$LOG" | grep -q kept ||
		{ echo "the configuration did not outlive the upgrade"; stop_sluiced; return 1; }
	stop_sluiced
}

# The module DKMS built from sluice-dkms, under tests/netns/smoke.sh (a kernel series that
# does not get the whole VM suite): its tests join this file's tally; a skip there is a
# failure, as smoke.sh says, and so is a smoke test that died before its own tally.
smoke_test() {
	local out=$WORK/smoke.out
	echo "===== smoke test on the module sluice-dkms built for $K"
	"$(dirname "$0")/../netns/smoke.sh" 2>&1 | tee "$out"
	# shellcheck disable=SC2046
	set -- $(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$out" | tail -n 1)
	[ $# -eq 3 ] || set -- 0 1 0
	n_pass=$((n_pass + $1)) n_fail=$((n_fail + $2 + $3))
}

test_purge() {
	quiet apt-get purge -y -q sluice sluice-dkms || { echo "apt-get purge failed"; return 1; }
	[ -z "$(dkms status -m sluice)" ] || { echo "DKMS still has:"; dkms status; return 1; }
	[ -z "$(find "/lib/modules/$K/" -name 'sluice.ko*')" ] || { echo "a sluice.ko is left"; return 1; }
	[ ! -e /etc/sluice ] && [ ! -e /usr/sbin/sluiced ] && [ -z "$(ls -d /usr/src/sluice-* 2>/dev/null)" ] ||
		{ echo "files left"; return 1; }
}

echo "===== packages on $K: $OLD, upgraded to $NEW, purged"
run_test "$K: a router with this kernel only" test_router
[ "$n_fail" -eq 0 ] || { summary; exit 1; }
run_test "$K: install $OLD: DKMS builds it, sluiced and pppctl run" test_install_old
run_test "$K: upgrade to $NEW: DKMS rebuilds, the configuration stays" test_upgrade
[ "$smoke" != smoke ] || smoke_test
run_test "$K: purge: module, sources, configuration gone" test_purge
summary
