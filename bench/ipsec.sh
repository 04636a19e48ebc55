#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: bench/ipsec.sh full|quick      (inside the VM rig; bench/run.sh calls it as its
# ipsec part)
#
# L2TP/IPsec: sluiced's LNS with use-ipsec=required (its own charon for IKE, xfrm for ESP,
# sluice.ko for L2TP and PPP) against the stock server (strongSwan's charon + xl2tpd in
# kernel mode, l2tp_ppp, + a pppd per call), dialled in one run by the same stock clients:
# N namespaces, each with its own charon (IKEv1 main mode, PSK, transport mode udp/1701),
# xl2tpd as LAC in kernel mode and pppd (MS-CHAPv2, no MPPE: ESP encrypts).
#
#   +----------------------------------+          +------------------------------------+
#   | ns A: the server under test      |  veth    | ns C1 ... CN: one client each      |
#   | br0 10.9.0.1/16 (the clients'    |----------| c0 10.9.1.I/16, charon, xl2tpd LAC |
#   | veths in it), charon UDP 500/4500|   x N    | on UDP 1701, pppd: ppp0            |
#   | L2TP UDP 1701, 10.200.0.1        |          |                                    |
#   +----------------------------------+          +------------------------------------+
#
# Each repetition, per server: the clients' charons and LACs are started first (not timed);
# then every client at once initiates its IKE_SA and CHILD_SA and, once it is installed,
# dials its L2TP call: "set-up s" is the time from then until every client's pppd has its
# address (IKE + L2TP + PPP). Then client 1's session carries TCP both ways (iperf3) and
# 64-byte UDP flat out (udpflood), as bench/run.sh's single-session rows, while the other
# N-1 sessions stay up and idle. Records go to $SLUICE_OUT/bench/results.tsv: stack sluice,
# or strongswan for the stock server.
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/tests/netns/lib.sh"
. "$SRC/tests/netns/lib_ipsec.sh"
MODE=${1:-quick}
OUT=${SLUICE_OUT:-/tmp}/bench
RESULTS=$OUT/results.tsv
mkdir -p "$OUT"
case $MODE in
full) REPS=${BENCH_REPS:-3} N=${BENCH_IPSEC_N:-20} T=${BENCH_SECONDS:-2} ;;
quick) REPS=1 N=${BENCH_IPSEC_N:-20} T=2 ;;
*) echo "usage: bench/ipsec.sh full|quick" >&2; exit 2 ;;
esac
D=$NETNS_TEST_DIR
PSK=benchSecret
SSOCK=/run/sluice/bench-ipsec.sock
# what the client proposes: IKE as a Linux client set up for RouterOS does, ESP one
# proposal, so that both servers run the same cipher on the data path
IKE_PROPOSALS="aes256-sha1-modp2048,aes256-sha1-modp1024,aes128-sha1-modp1024"
ESP_PROPOSALS="aes256-sha1"
FAILED=0
SERVERS=" ${BENCH_STACKS:-sluice strongswan} "
[[ $SERVERS == *" xl2tpd "* ]] && SERVERS+=" strongswan "	# run.sh's name for the stock LNS
CLIENTS=()

BENCH_TAG=ipsec
. "$SRC/bench/lib-bench.sh"
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# rig: A with its bridge, and N client namespaces each on a veth in it
rig() {
	local i ns
	setup_ns A || return 1
	ip -n "$A" link add br0 type bridge && ip -n "$A" addr add 10.9.0.1/16 dev br0 &&
		ip -n "$A" link set br0 up || return 1
	for ((i = 1; i <= N; i++)); do
		setup_ns C || return 1
		ns=$C
		CLIENTS[i]=$ns
		ip link add c0 netns "$ns" type veth peer name "v$i" netns "$A" &&
			ip -n "$ns" addr add "10.9.1.$i/16" dev c0 && ip -n "$ns" link set c0 up &&
			ip -n "$A" link set "v$i" master br0 && ip -n "$A" link set "v$i" up || return 1
	done
}

# client_start I: client I's charon (its connection loaded) and its xl2tpd LAC, idle
client_start() {
	local i=$1 ns=${CLIENTS[$1]} dir=$D/c$1
	mkdir -p "$dir"
	ipsec_peer_start "$ns" "$dir" &&
		ipsec_l2tp_client_conf "$dir" l2tp 10.9.0.1 "$PSK" 1 "$IKE_PROPOSALS" "$ESP_PROPOSALS" &&
		ipsec_load "$dir" || return 1
	printf '%s\n' "[global]" "port = 1701" "access control = no" "force userspace = no" \
		"[lac lns]" "lns = 10.9.0.1" "autodial = no" "redial = no" "length bit = yes" \
		"pppoptfile = $dir/options" >"$dir/lac.conf"
	printf '%s\n' "unit 0" "name bench" "password benchpass" refuse-pap refuse-chap \
		refuse-mschap refuse-eap noccp nodefaultroute nobsdcomp nodeflate novj novjccomp \
		"mtu 1400" "mru 1400" "lcp-echo-interval 0" debug "logfile $dir/ppp.log" noauth \
		>"$dir/options"
	: >"$dir/ppp.log"
	start_daemon "lac$i" "$ns" xl2tpd -D -c "$dir/lac.conf" -p "$dir/lac.pid" -C "$dir/control"
	wait_for 10 test -p "$dir/control"
}

# client_dial I: IKE_SA and CHILD_SA up, then the L2TP call (run in the background)
client_dial() {
	ipsec_initiate "$D/c$1" l2tp 300 >/dev/null && echo "c lns" >"$D/c$1/control"
}

clients_up_count() { cat "$D"/c*/ppp.log 2>/dev/null | grep -c 'local  IP address'; }
all_up() { [ "$(clients_up_count)" -ge "$N" ]; }

start_server() {
	local d=$D/srv
	rm -rf "$d"
	mkdir -p "$d"
	case $1 in
	sluice)
		mkdir -p "$d/state"
		printf '%s\n' "/ip pool add name=bench ranges=10.201.0.10-10.201.0.250" \
			"/ppp profile add name=bench local-address=10.200.0.1 remote-address=bench use-encryption=no only-one=no" \
			"/ppp secret add name=bench password=benchpass service=l2tp profile=bench" \
			"/interface l2tp-server server set enabled=yes use-ipsec=required ipsec-secret=$PSK default-profile=bench authentication=mschap2 max-mtu=1400 max-mru=1400" \
			>"$d/server.rsc"
		start_daemon server "$A" sluiced -f -s "$SSOCK" -D "$d/state" -c "$d/server.rsc"
		attach_log "$d/state/ipsec/charon.log"
		wait_for 20 test -S "$SSOCK" && wait_for 60 udp_listening 500 || return 1
		;;
	strongswan)
		ipsec_peer_start "$A" "$d" && ipsec_l2tp_server_conf "$d" l2tp-server "$PSK" &&
			ipsec_load "$d" || return 1
		printf '%s\n' "[global]" "port = 1701" "access control = no" "force userspace = no" \
			"[lns default]" "ip range = 10.201.0.10-10.201.0.250" "local ip = 10.200.0.1" \
			"require authentication = yes" "name = xl2tpd" "length bit = yes" \
			"pppoptfile = $d/options" >"$d/xl2tpd.conf"
		printf '%s\n' "name xl2tpd" refuse-pap refuse-chap refuse-mschap require-mschap-v2 \
			noccp nodefaultroute nobsdcomp nodeflate novj novjccomp "mtu 1400" "mru 1400" \
			"lcp-echo-interval 0" nologfd >"$d/options"
		start_daemon server "$A" xl2tpd -D -c "$d/xl2tpd.conf" -p "$d/xl2tpd.pid" \
			-C "$d/xl2tpd.control"
		;;
	esac
	wait_for 20 udp_listening 1701
}

udp_listening() { ip netns exec "$A" ss -uln | grep -q ":$1 "; }

# every namespace of the rig: A and the clients'
rig_pids() { local ns; for ns in "$A" "${CLIENTS[@]}"; do ip netns pids "$ns"; done; }
rig_quiet() { [ -z "$(rig_pids)" ]; }

# everything of this stack gone (not measured): processes in A and in the clients, then the
# SAs and policies they may have left
all_down() {
	local ns
	rig_pids | xargs -r kill 2>/dev/null
	wait_for 30 rig_quiet || rig_pids | xargs -r kill -9 2>/dev/null
	wait_for 10 rig_quiet
	for ns in "$A" "${CLIENTS[@]}"; do
		ip -n "$ns" xfrm state flush
		ip -n "$ns" xfrm policy flush
	done
	rm -f "$SSOCK" "$D"/c*/charon.vici "$D"/srv/charon.vici
	DAEMONS=()
	return 0
}

# the same ESP cipher ran against either server (else the rows compare different things)
esp_alg() {
	echo "$(ipsec_child_get "$D/c1" l2tp encr-alg)-$(ipsec_child_get "$D/c1" l2tp encr-keysize)/$(ipsec_child_get "$D/c1" l2tp integ-alg)"
}

measure() {
	local stack=$1 rep=$2 i p t0 t1 pids label="L2TP/IPsec, $N stock clients"
	note "$stack, repetition $rep"
	start_server "$stack" || { record "$label: set-up s" "$stack" "$rep" ""; all_down; return; }
	# one by one (20 charons started at once under TCG missed their 30 s to answer vici)
	for ((i = 1; i <= N; i++)); do
		client_start "$i" || { record "$label: set-up s" "$stack" "$rep" ""; all_down; return; }
	done
	pids=()
	t0=$(now_ms)
	for ((i = 1; i <= N; i++)); do client_dial "$i" & pids+=($!); done
	if wait_for 600 all_up; then
		t1=$(now_ms)
		record "$label: set-up s" "$stack" "$rep" "$(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.2f\n", ms / 1000 }')"
	else
		note "$(clients_up_count) of $N clients up after 600 s"
		record "$label: set-up s" "$stack" "$rep" ""
	fi
	# only the dials: a bare wait would wait for every daemon start_daemon started
	for p in "${pids[@]}"; do wait "$p"; done
	B=${CLIENTS[1]}
	note "client 1: IKEv$(ipsec_child_get "$D/c1" l2tp ike:version), ESP $(esp_alg)"
	[ "$(esp_alg)" = AES_CBC-256/HMAC_SHA1_96 ] ||
		record "$label: ESP AES_CBC-256/HMAC_SHA1_96 ran" "$stack" "$rep" ""
	record "L2TP/IPsec, 1 of $N sessions: TCP B->A Mbit/s" "$stack" "$rep" "$(tcp_mbits)"
	record "L2TP/IPsec, 1 of $N sessions: TCP A->B Mbit/s" "$stack" "$rep" "$(tcp_mbits -R)"
	record "L2TP/IPsec, 1 of $N sessions: UDP 64 B pkt/s" "$stack" "$rep" "$(udp64_pps)"
	note "ESP packets in client 1: $(ipsec_esp_packets "$B")"
	all_down
}

setup() {
	local f
	for f in sluiced xl2tpd pppd swanctl iperf3 udpflood; do
		command -v "$f" >/dev/null || { echo "ipsec: $f is missing"; return 1; }
	done
	[ -x "$IPSEC_CHARON" ] || { echo "ipsec: $IPSEC_CHARON is missing"; return 1; }
	modprobe sluice && modprobe ppp_generic && modprobe l2tp_ppp || return 1
	rig || return 1
	cp /etc/ppp/chap-secrets "$D/chap-secrets.saved" &&
		printf 'bench\txl2tpd\tbenchpass\t*\n' >>/etc/ppp/chap-secrets
}

restore() {
	[ -f "$D/chap-secrets.saved" ] && cp "$D/chap-secrets.saved" /etc/ppp/chap-secrets
	return 0
}

note "$MODE: $REPS repetitions, $N clients, servers:$SERVERS"
t_start=$(cut -d. -f1 /proc/uptime)
setup || { echo "ipsec: set-up failed"; show_logs; restore; exit 1; }
for ((rep = 1; rep <= REPS; rep++)); do
	for stack in sluice strongswan; do
		[[ $SERVERS == *" $stack "* ]] && measure "$stack" "$rep"
	done
done
restore
note "measured in $(($(cut -d. -f1 /proc/uptime) - t_start)) s"
exit "$FAILED"
