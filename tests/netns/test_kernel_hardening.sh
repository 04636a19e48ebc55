#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel module as an unprivileged user meets it: the netlink family needs CAP_NET_ADMIN
# in the initial user namespace, so a user who creates a user namespace of their own (and is
# "root" in it) is refused; a module parameter (allow_user_ns=1) lets containers in.
. "$(dirname "$0")/lib.sh"
HELPER=$(dirname "$0")/nlhelper.py
NLFUZZ=$(dirname "$0")/nlfuzz.py

# GET_MODULE's errno (0: allowed) as nobody, in a user and network namespace of its own
userns_get_module() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare --user --map-root-user --net python3 "$HELPER" getmodule
}

reload() { rmmod sluice 2>/dev/null; modprobe sluice "$@"; }

test_setup() {
	reload || return 1
	# the point is an unprivileged user namespace: without them there is nothing to test
	setpriv --reuid=65534 --regid=65534 --clear-groups unshare --user --map-root-user true ||
		return $ksft_skip
}

test_root_allowed() { [ "$(python3 "$HELPER" getmodule)" = 0 ]; }

test_userns_refused_by_default() {
	local err
	err=$(userns_get_module)
	echo "GET_MODULE from a user namespace: errno $err"
	[ "$err" = 1 ]	# EPERM
}

test_userns_allowed_by_parameter() {
	local err rc=1
	reload allow_user_ns=1 || return 1
	grep -qx Y /sys/module/sluice/parameters/allow_user_ns &&
		err=$(userns_get_module) && echo "with allow_user_ns=1: errno $err" && [ "$err" = 0 ] &&
		rc=0
	reload || return 1
	return $rc
}

# Random and mutated requests to every command for a while, in a namespace of their own:
# no oops (dmesg_clean), the family still answers, and the sessions some of them made go
# with the namespace.
test_netlink_fuzzer() {
	local ns=nlfuzz-$$ rc
	ip netns add "$ns" || return 1
	ip netns exec "$ns" python3 "$NLFUZZ" "${SLUICE_NL_FUZZ_SECONDS:-30}"
	rc=$?
	ip netns del "$ns"
	[ $rc = 0 ] || return 1
	[ "$(python3 "$HELPER" getmodule)" = 0 ] &&
		wait_for 20 sh -c '[ "$(sluicectl -j module | jq .sessions)" = 0 ]'
}

run_test "set-up: module loaded, unprivileged user namespaces available" test_setup
run_test "root in the initial namespace may use the family" test_root_allowed
run_test "root of a user namespace may not (EPERM) by default" test_userns_refused_by_default
run_test "allow_user_ns=1 lets a user namespace in" test_userns_allowed_by_parameter
run_test "netlink fuzzer: no oops, the family answers, no session left" test_netlink_fuzzer
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
