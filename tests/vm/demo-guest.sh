#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the VM: the demo router. sluiced runs in the router namespace with tools/demo.rsc;
# a client namespace behind a veth dials it with Debian's pptp-linux and pppd (MS-CHAPv2,
# MPPE-128), as a customer's PC would, and a second sluiced there dials it over L2TP with its
# /interface l2tp-client, as a branch router would.
#
#   [ns client] c0 10.9.0.2 ---- veth ---- 10.9.0.1 r0 [ns router: sluiced, TCP 1723, UDP 1701]
#   [ns client] ppp0 10.200.0.x  ==== PPTP (GRE in the kernel) ====  <pptp-alice> 10.200.0.1
#   [ns client] l2tp-out1 10.200.0.y  == L2TP (UDP, kernel) ==  <l2tp-bob> 10.200.0.1
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
show() { printf '\n$ %s\n' "$*"; "$@"; }
say() { printf '\n== %s\n' "$*"; }

say "loading the module DKMS installed"
show modprobe sluice
show modinfo -F filename sluice
modprobe ppp_generic; modprobe ppp_async; modprobe ppp_mppe	# the client's pppd

say "the router and a client, joined by veth"
ip netns add router
ip netns add client
ip link add r0 netns router type veth peer name c0 netns client
ip -n router addr add 10.9.0.1/24 dev r0
ip -n client addr add 10.9.0.2/24 dev c0
for ns in router client; do ip -n $ns link set lo up; done
ip -n router link set r0 up
ip -n client link set c0 up

say "sluiced in the router namespace: tools/demo.rsc as its /etc/sluice/sluice.rsc"
cat "$top/tools/demo.rsc"
mkdir -p /run/sluice
# the guest's /etc is its own (a tmpfs overlay): sluiced rewrites the file after changes
install -D -m 0600 "$top/tools/demo.rsc" /etc/sluice/sluice.rsc
ip netns exec router sluiced -c /etc/sluice/sluice.rsc
for _ in $(seq 50); do [ -S /run/sluice/sluiced.sock ] && break; sleep 0.1; done
show ip netns exec router pppctl /interface pptp-server server print
show ip netns exec router pppctl /ppp secret print
show ip netns exec router pppctl /system resource print

say "a PPTP client dials in (pptp-linux + pppd, MS-CHAPv2, MPPE-128)"
ip netns exec client pppd pty "pptp 10.9.0.1 --nolaunchpppd" name alice password alice-pass \
	remotename sluice refuse-pap refuse-chap refuse-mschap refuse-eap \
	require-mppe-128 noauth nodefaultroute nobsdcomp nodeflate novj novjccomp \
	logfile /run/pppd-client.log
for _ in $(seq 60); do
	ip -n client -4 addr show dev ppp0 2>/dev/null | grep -q inet && break
	sleep 0.5
done
grep -E 'MPPE|local  IP|remote IP' /run/pppd-client.log
show ip netns exec router pppctl /ppp active print

say "a branch router dials in over L2TP: sluiced's /interface l2tp-client in the client namespace"
printf '%s\n' '/interface l2tp-client add name=l2tp-out1 connect-to=10.9.0.1 user=bob password=bob-pass allow=mschap2 disabled=no' >/run/sluice-client.rsc
cat /run/sluice-client.rsc
ip netns exec client sluiced -s /run/sluice/client.sock -c /run/sluice-client.rsc
for _ in $(seq 120); do
	ip netns exec client pppctl -s /run/sluice/client.sock /interface l2tp-client monitor \
		l2tp-out1 once 2>/dev/null | grep -q 'status: connected' && break
	sleep 0.5
done
show ip netns exec client pppctl -s /run/sluice/client.sock /interface l2tp-client print
show ip netns exec client pppctl -s /run/sluice/client.sock /interface l2tp-client monitor l2tp-out1 once

say "both sessions on the router, side by side"
show ip netns exec router pppctl /ppp active print
show ip netns exec router pppctl /ip pool used print
show ip -n router -br addr
show ip netns exec client ping -c 3 -I ppp0 10.200.0.1
show ip netns exec client ping -c 3 -I l2tp-out1 10.200.0.1
show ip netns exec router sluicectl show

if [ "${SLUICE_VM_INTERACTIVE:-0}" = 1 ]; then
	say "you are in the VM; sluiced runs in namespace 'router', the client in 'client'. Try:"
	echo "   ip netns exec router pppctl             (the prompt: Tab completes, 'quit' leaves)"
	echo "   ip netns exec router pppctl /ppp active print"
	echo "   ip netns exec router pppctl /export"
	echo "   ip netns exec client ping 10.200.0.1"
	echo "   ip netns exec client pppctl -s /run/sluice/client.sock /interface l2tp-client monitor l2tp-out1"
	exit 0
fi
pkill -TERM -x pppd
ip netns exec client pppctl -s /run/sluice/client.sock /interface l2tp-client disable l2tp-out1
sleep 2
show ip netns exec router pppctl /ppp active print
pkill -TERM -x sluiced
exit 0
