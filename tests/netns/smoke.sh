#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the VM: the smoke test of a kernel series that does not get the whole suite
# (tests/check.sh's vm612 stage boots Debian's 6.12 with the module built for it).
#   - test_foundation.sh and test_kernel_hardening.sh whole: modprobe, the genl family and
#     who may use it, sluiced and pppctl talking to the module, unload and autoload, rmmod;
#   - from test_pptp_server.sh and test_l2tp_server.sh: a PPTP and an L2TP session with
#     MS-CHAPv2 + MPPE-128 carrying ping and iperf3 both ways through the kernel (its
#     counters checked), then a SIGKILLed sluiced's kernel sessions removed by the next one;
#   - from the two data-path files: static MPPE-128 stateful sessions with traffic, `ip link`
#     unable to create a session or move it to another namespace (what kmod/compat.h sets
#     differently on each kernel), rmmod with live sessions;
#   - after each file: no process left, no oops, warning or leak report in dmesg.
# Prints the total as run-all.sh does ("N passed, N failed, N skipped"), each file's results
# kept; exits 1 if anything failed or was skipped: a smoke test that skips proves nothing
# (test_l2tp_server.sh skips its data tests when the module refuses L2TP sessions).
set -u
dir=$(cd "$(dirname "$0")" && pwd)
: "${SLUICE_OUT:=/tmp}"
export SLUICE_OUT
total=$SLUICE_OUT/smoke-results
: >"$total"

# part RUN-ALL-ARGS... : one run-all.sh (which starts its results file afresh), results kept
part() {
	"$dir/run-all.sh" "$@"
	cat "$SLUICE_OUT/results" >>"$total"
}

part test_foundation.sh test_kernel_hardening.sh
part -t "mschap2_mppe128 daemon_stop_clears_sessions left_behind" \
	test_pptp_server.sh test_l2tp_server.sh
part -t "mppe128_stateful ip_link_cannot_add_or_move unload_with_live_sessions left_behind" \
	test_pptp_datapath.sh test_l2tp_datapath.sh
echo "===== smoke: $(uname -r)"
awk '{ p += $1; f += $2; s += $3 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s; exit f + s > 0 }' \
	"$total"
