#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the VM: the demo router. sluiced runs in the router namespace; a client namespace
# sits behind a veth as a customer would. Each protocol, as it lands, connects a real client
# here and shows the session.
#
#   [ns client] c0 10.9.0.2 ---- veth ---- 10.9.0.1 r0 [ns router: sluiced]
set -u
show() { printf '\n$ %s\n' "$*"; "$@"; }
say() { printf '\n== %s\n' "$*"; }

say "loading the module DKMS installed"
show modprobe sluice
show modinfo -F filename sluice
show genl ctrl get name sluice

say "the router and a client, joined by veth"
ip netns add router
ip netns add client
ip link add r0 netns router type veth peer name c0 netns client
ip -n router addr add 10.9.0.1/24 dev r0
ip -n client addr add 10.9.0.2/24 dev c0
for ns in router client; do ip -n $ns link set lo up; done
ip -n router link set r0 up
ip -n client link set c0 up
show ip netns exec client ping -c 2 -W 2 10.9.0.1

say "sluiced in the router namespace"
mkdir -p /run/sluice /var/log
ip netns exec router sluiced -s /run/sluice/sluiced.sock
for _ in $(seq 50); do [ -S /run/sluice/sluiced.sock ] && break; sleep 0.1; done
show ip netns exec router pppctl /system resource print
show ip netns exec router pppctl --json /system resource print
show ip netns exec router pppctl /system resorce print

if [ "${SLUICE_VM_INTERACTIVE:-0}" = 1 ]; then
	say "you are in the VM; sluiced runs in namespace 'router'. Try:"
	echo "   ip netns exec router pppctl /system resource print"
	echo "   pppctl /system resource print        (the socket is shared, so this works too)"
	exit 0
fi
pkill -TERM -x sluiced
exit 0
