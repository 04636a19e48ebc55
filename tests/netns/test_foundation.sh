#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rig's own tests: the chain from DKMS to a running daemon, inside the VM.
#
#   +-------------------+            +-------------------+
#   | ns R  (router)    |   veth     | ns C  (client)    |
#   | sluiced, pppctl   | r0 ---- c0 |                   |
#   | 10.9.0.1/24       |            | 10.9.0.2/24       |
#   +-------------------+            +-------------------+
#
# DKMS installed sluice.ko on the host (make dkms-install); the VM sees it in
# /lib/modules/<abi>/updates/dkms and loads it with modprobe, as a router would.
. "$(dirname "$0")/lib.sh"

SOCK=/run/sluice/test.sock
# the uapi version this tree's module reports
API=$(sed -n 's/^#define SLUICE_GENL_VERSION //p' "$(dirname "$0")/../../kmod/uapi/sluice.h")
pppctl_r() { ip netns exec "$R" pppctl -s "$SOCK" "$@"; }
# kernel_module_is REGEX : what /system resource (as JSON) says of the module matches REGEX
kernel_module_is() {
	local m
	m=$(pppctl_r -j /system resource print | jq -r '.["kernel-module"]')
	echo "kernel-module: $m"
	echo "$m" | grep -Eq "$1"
}

test_dkms_module_installed() {
	local f
	f=$(modinfo -F filename sluice) || return 1
	echo "sluice.ko: $f"
	case $f in */updates/dkms/sluice.ko*) return 0 ;; esac
	return 1
}

test_modprobe() {
	modprobe sluice || return 1
	grep -q '^sluice ' /proc/modules || return 1
	dmesg | grep -q 'sluice: sluice .* loaded'
}

test_genl_family() {
	local out
	out=$(genl ctrl get name sluice) || return 1
	echo "$out" | head -n 3
	echo "$out" | grep -q 'Name: sluice'
}

test_veth_ping() {
	setup_ns R C || return 1
	veth_pair "$R" r0 10.9.0.1/24 "$C" c0 10.9.0.2/24 || return 1
	ip netns exec "$C" ping -c 2 -W 2 10.9.0.1
}

test_daemon_starts() {
	start_daemon sluiced "$R" sluiced -f -d -s "$SOCK"
	wait_for 10 test -S "$SOCK" || return 1
	daemon_alive sluiced
}

test_pppctl_reports_module() {
	pppctl_r /system resource print || return 1
	kernel_module_is "^[0-9.]+ \\(api $API\\)" &&
		[ "$(pppctl_r -j /system resource print | jq -r '.["kernel-sessions"]')" = 0 ]
}

test_pppctl_json() {
	local out
	out=$(pppctl_r --json /system/resource/print) || return 1
	echo "$out"
	echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["kernel-sessions"] == "0"'
}

test_pppctl_bad_command() {
	local err rc
	err=$(pppctl_r /system resorce print 2>&1)
	rc=$?
	echo "$err (exit $rc)"
	[ $rc -eq 1 ] && echo "$err" | grep -q 'bad command name resorce' &&
		echo "$err" | grep -q 'expected one of: resource'
}

test_socket_refuses_others() {
	local rc
	ip netns exec "$R" setpriv --reuid=65534 --regid=65534 --clear-groups \
		pppctl -s "$SOCK" /system resource print
	rc=$?
	[ $rc -eq 2 ]
}

# pppctl as a user who has the group sluice only as a supplementary group (what
# `usermod -aG sluice` gives): allowed; with it as the primary group: allowed; without it,
# through a socket whose mode was widened to 0666: refused by sluiced itself (its log says
# so; with the socket's own mode the file system refuses first). The group is made for the
# test if the system has none (the VM's /etc is a scratch overlay).
test_supplementary_group() {
	local gid made= rc
	if ! getent group sluice >/dev/null; then
		groupadd --system sluice && made=1 || return 1
	fi
	gid=$(getent group sluice | cut -d: -f3)
	# the socket takes the group when sluiced creates it
	stop_daemon sluiced 5 && start_daemon sluiced "$R" sluiced -f -d -s "$SOCK" &&
		wait_for 10 test -S "$SOCK" || return 1
	ls -l "$SOCK"
	[ "$(stat -c %G "$SOCK")" = sluice ] || return 1
	as_user() {
		ip netns exec "$R" setpriv --reuid=65534 --regid="$1" "$2" \
			pppctl -s "$SOCK" /system resource print >/dev/null
	}
	as_user 65534 --groups="$gid" || return 1
	as_user "$gid" --clear-groups || return 1
	! grep 'connection refused' "$NETNS_TEST_DIR/sluiced.log" || return 1
	chmod 0666 "$SOCK" || return 1
	as_user 65534 --clear-groups
	rc=$?
	[ -z "$made" ] || groupdel sluice
	[ $rc -eq 2 ] && grep 'connection refused (not root or sluice group)' "$NETNS_TEST_DIR/sluiced.log"
}

# rmmod with the daemon running: with autoloading off the daemon reports the module gone;
# with it on, the daemon's family lookup loads it again (MODULE_ALIAS_GENL_FAMILY) and the
# daemon finds it under its new family id.
test_module_reload_under_daemon() {
	local modprobe_path rc=1
	modprobe_path=$(cat /proc/sys/kernel/modprobe)
	echo /bin/true >/proc/sys/kernel/modprobe
	if rmmod sluice && ! grep -q '^sluice ' /proc/modules; then
		kernel_module_is '^not loaded' && rc=0
	fi
	echo "$modprobe_path" >/proc/sys/kernel/modprobe
	[ $rc -eq 0 ] || return 1
	kernel_module_is "^[0-9.]+ \\(api $API\\)" &&
		grep -q '^sluice ' /proc/modules
}

test_daemon_stops() {
	stop_daemon sluiced 5 || return 1
	[ ! -e "$SOCK" ] && grep -q 'sluiced stopped' "$NETNS_TEST_DIR/sluiced.log"
}

test_unload() {
	rmmod sluice || return 1
	! grep -q '^sluice ' /proc/modules && dmesg | grep -q 'sluice: sluice .* unloaded'
}

test_dmesg_clean() { dmesg_clean; }
test_nothing_left() { cleanup_ns_now && left_behind; }
cleanup_ns_now() {
	local ns
	for ns in "${NS_LIST[@]}"; do ip netns del "$ns" || return 1; done
	NS_LIST=()
	[ -z "$(ip netns list)" ]
}

run_test "DKMS installed sluice.ko under updates/dkms" test_dkms_module_installed
run_test "modprobe sluice" test_modprobe
run_test "generic netlink family 'sluice' registered" test_genl_family
run_test "veth ping between two namespaces" test_veth_ping
run_test "sluiced starts in a namespace" test_daemon_starts
run_test "pppctl reports the kernel module through sluiced" test_pppctl_reports_module
run_test "pppctl --json output parses" test_pppctl_json
run_test "pppctl names a bad command word and the choices" test_pppctl_bad_command
run_test "control socket refuses a non-root user" test_socket_refuses_others
run_test "pppctl for a member of group sluice by supplementary group, not for others" test_supplementary_group
run_test "module unload and autoload while sluiced runs" test_module_reload_under_daemon
run_test "sluiced stops on SIGTERM and removes its socket" test_daemon_stops
run_test "rmmod sluice" test_unload
run_test "namespaces removed, no process left" test_nothing_left
run_test "dmesg: no oops, warning or leak report" test_dmesg_clean
summary
