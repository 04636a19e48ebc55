#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: bench/ikev2.sh full|quick      (inside the VM rig; bench/run.sh calls it as its
# ikev2 part)
#
# IKEv2 road warriors: sluiced (the page's road-warrior server: mode-config from an /ip
# pool, a policy template, PSK; its own charon for IKE, xfrm for ESP) against a stock
# strongSwan responder configured with swanctl (a pool, PSK), dialled in one run by the same
# stock clients: N namespaces, each with its own charon (IKEv2, PSK, its own ID, asking for
# a virtual IP, a tunnel to 10.200.0.1, A's address on lo). The clients' charons start once
# (not timed) and serve both servers; a warm-up round (not measured) goes first, and the
# servers take turns at going first.
#
#   ns A: br0 10.9.0.1/16, 10.200.0.1 on lo  <---- veth x N ---->  ns C1..CN: c0 10.9.1.I/16
#
# Per repetition and server: every client at once initiates its IKE_SA and CHILD_SA:
# "set-up s" is the time until every client has its virtual IP and CHILD_SA. Then client
# 1's tunnel carries TCP both ways (iperf3) and 64-byte UDP flat out (udpflood) while the
# other N-1 stay up and idle. Both servers run the same ESP cipher (checked). Records go to
# $SLUICE_OUT/bench/results.tsv: stack sluice, or strongswan.
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/tests/netns/lib.sh"
. "$SRC/tests/netns/lib_ipsec.sh"
MODE=${1:-quick}
OUT=${SLUICE_OUT:-/tmp}/bench
RESULTS=$OUT/results.tsv
mkdir -p "$OUT"
case $MODE in
full) REPS=${BENCH_REPS:-2} N=${BENCH_IKEV2_N:-50} T=${BENCH_SECONDS:-2} ;;
quick) REPS=1 N=${BENCH_IKEV2_N:-10} T=2 ;;
*) echo "usage: bench/ikev2.sh full|quick" >&2; exit 2 ;;
esac
D=$NETNS_TEST_DIR
PSK=benchSecret
SSOCK=/run/sluice/bench-ikev2.sock
IKE_PROPOSALS="aes256-sha256-modp2048"
ESP_PROPOSALS="aes256-sha256"
FAILED=0
SERVERS=" ${BENCH_STACKS:-sluice strongswan} "
CLIENTS=()

BENCH_TAG=ikev2
. "$SRC/bench/lib-bench.sh"
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

rig() {
	local i
	setup_ns A || return 1
	ip -n "$A" link add br0 type bridge && ip -n "$A" addr add 10.9.0.1/16 dev br0 &&
		ip -n "$A" link set br0 up && ip -n "$A" addr add 10.200.0.1/32 dev lo &&
		ip -n "$A" route add default via 10.9.255.254 || return 1
	for ((i = 1; i <= N; i++)); do
		setup_ns C || return 1
		CLIENTS[i]=$C
		ip link add c0 netns "$C" type veth peer name "v$i" netns "$A" &&
			ip -n "$C" addr add "10.9.$((1 + i / 250)).$((i % 250 + 1))/16" dev c0 &&
			ip -n "$C" link set c0 up && ip -n "$A" link set "v$i" master br0 &&
			ip -n "$A" link set "v$i" up || return 1
	done
}

client_conf() {
	cat >"$D/c$1/conf.d/rw.conf" <<E
connections {
  rw {
    version = 2
    remote_addrs = 10.9.0.1
    vips = 0.0.0.0
    proposals = $IKE_PROPOSALS
    rekey_time = 0
    local { auth = psk
      id = c$1@bench }
    remote { auth = psk }
    children {
      rw {
        remote_ts = 10.200.0.1/32
        esp_proposals = $ESP_PROPOSALS
        start_action = none
      }
    }
  }
}
secrets { ike-rw { id = c$1@bench
  secret = "$PSK" } }
E
}

client_start() {
	mkdir -p "$D/c$1"
	ipsec_peer_start "${CLIENTS[$1]}" "$D/c$1" && client_conf "$1" && ipsec_load "$D/c$1"
}

client_vip() {
	ipsec_sas_json "$D/c$1" | jq -r 'first(.[] | .rw["local-vips"] // empty | .[0]) // empty'
}

# client_dial I: the IKE_SA and CHILD_SA up (in the background); the address and route
# follow in client_route
client_dial() { ipsec_initiate "$D/c$1" rw 300 >/dev/null && touch "$D/c$1/up"; }
clients_up_count() { ls "$D"/c*/up 2>/dev/null | wc -l; }
all_up() { [ "$(clients_up_count)" -ge "$N" ]; }

client_route() {
	local vip
	vip=$(client_vip "$1")
	[ -n "$vip" ] || return 1
	ip -n "${CLIENTS[$1]}" addr add "$vip/32" dev c0 &&
		ip -n "${CLIENTS[$1]}" route replace 10.200.0.1/32 dev c0 src "$vip"
}

client_hangup() {
	ipsec_terminate "$D/c$1" rw
	rm -f "$D/c$1/up"
	ip -n "${CLIENTS[$1]}" addr flush dev c0 scope global to 192.168.0.0/16 2>/dev/null
	ip -n "${CLIENTS[$1]}" route del 10.200.0.1/32 2>/dev/null
	return 0
}

udp_listening() { ip netns exec "$A" ss -uln | grep -q ":$1 "; }

start_server() {
	local d=$D/srv
	rm -rf "$d"
	mkdir -p "$d"
	case $1 in
	sluice)
		mkdir -p "$d/state"
		printf '%s\n' "/ip pool add name=rw ranges=192.168.77.2-192.168.77.254" \
			"/ip ipsec mode-config add address-pool=rw name=rw system-dns=no" \
			"/ip ipsec policy group add name=rw" \
			"/ip ipsec policy add dst-address=192.168.77.0/24 group=rw src-address=0.0.0.0/0 template=yes" \
			"/ip ipsec profile set default hash-algorithm=sha256 enc-algorithm=aes-256 dh-group=modp2048" \
			"/ip ipsec proposal set default auth-algorithms=sha256 enc-algorithms=aes-256-cbc pfs-group=none" \
			"/ip ipsec peer add exchange-mode=ike2 name=rw passive=yes" \
			"/ip ipsec identity add peer=rw secret=$PSK generate-policy=port-strict mode-config=rw policy-template-group=rw" \
			>"$d/server.rsc"
		start_daemon server "$A" sluiced -f -s "$SSOCK" -D "$d/state" -c "$d/server.rsc"
		attach_log "$d/state/ipsec/charon.log"
		wait_for 20 test -S "$SSOCK" && wait_for 60 udp_listening 500
		;;
	strongswan)
		ipsec_peer_start "$A" "$d" || return 1
		cat >"$d/conf.d/rw.conf" <<E
connections {
  rw {
    version = 2
    pools = rw
    proposals = $IKE_PROPOSALS
    local { auth = psk }
    remote { auth = psk }
    children { rw { local_ts = 10.200.0.0/24
      esp_proposals = $ESP_PROPOSALS } }
  }
}
pools { rw { addrs = 192.168.77.0/24 } }
secrets { ike-rw { secret = "$PSK" } }
E
		ipsec_load "$d"
		;;
	esac
}

stop_server() {
	stop_daemon server 10 2>/dev/null
	daemon_alive "$(ipsec_daemon "$D/srv")" && ipsec_peer_stop "$A" "$D/srv"
	ip -n "$A" xfrm state flush
	ip -n "$A" xfrm policy flush
	rm -f "$SSOCK"
	return 0
}

esp_alg() {
	echo "$(ipsec_child_get "$D/c1" rw encr-alg)-$(ipsec_child_get "$D/c1" rw encr-keysize)/$(ipsec_child_get "$D/c1" rw integ-alg)"
}

hangup_all() {
	local i pids=()
	for ((i = 1; i <= N; i++)); do client_hangup "$i" & pids+=($!); done
	for p in "${pids[@]}"; do wait "$p"; done
}

measure() {
	local stack=$1 rep=$2 i p t0 t1 pids=() label="IKEv2, $N stock clients"
	note "$stack, repetition $rep"
	start_server "$stack" || { record "$label: set-up s" "$stack" "$rep" ""; stop_server; return; }
	t0=$(now_ms)
	for ((i = 1; i <= N; i++)); do client_dial "$i" & pids+=($!); done
	if wait_for 600 all_up; then
		t1=$(now_ms)
		record "$label: set-up s" "$stack" "$rep" "$(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.2f\n", ms / 1000 }')"
	else
		note "$(clients_up_count) of $N clients up after 600 s"
		record "$label: set-up s" "$stack" "$rep" ""
	fi
	for p in "${pids[@]}"; do wait "$p"; done
	B=${CLIENTS[1]}
	client_route 1 || note "client 1 has no virtual IP"
	note "client 1: $(client_vip 1), ESP $(esp_alg)"
	[ "$(esp_alg)" = AES_CBC-256/HMAC_SHA2_256_128 ] ||
		record "$label: ESP AES_CBC-256/HMAC_SHA2_256_128 ran" "$stack" "$rep" ""
	record "IKEv2, 1 of $N tunnels: TCP B->A Mbit/s" "$stack" "$rep" "$(tcp_mbits)"
	record "IKEv2, 1 of $N tunnels: TCP A->B Mbit/s" "$stack" "$rep" "$(tcp_mbits -R)"
	record "IKEv2, 1 of $N tunnels: UDP 64 B pkt/s" "$stack" "$rep" "$(udp64_pps)"
	hangup_all
	stop_server
}

setup() {
	local f i t0
	for f in sluiced swanctl iperf3 udpflood jq; do
		command -v "$f" >/dev/null || { echo "ikev2: $f is missing"; return 1; }
	done
	[ -x "$IPSEC_CHARON" ] || { echo "ikev2: $IPSEC_CHARON is missing"; return 1; }
	modprobe esp4 && modprobe xfrm_user || return 1
	rig || return 1
	t0=$SECONDS
	# one by one: many charons started at once under TCG miss their time to answer vici
	for ((i = 1; i <= N; i++)); do client_start "$i" || return 1; done
	note "$N client charons started in $((SECONDS - t0)) s (not measured)"
}

# warm_up STACK: every client's first IKE_SA, not measured: a client charon's first
# exchange pays for loading its crypto, which would burden whichever server came first
warm_up() {
	local i p pids=()
	start_server "$1" || { stop_server; return; }
	for ((i = 1; i <= N; i++)); do client_dial "$i" & pids+=($!); done
	wait_for 600 all_up
	for p in "${pids[@]}"; do wait "$p"; done
	note "warm-up against $1: $(clients_up_count) of $N clients were up"
	hangup_all
	stop_server
}

note "$MODE: $REPS repetitions, $N clients, servers:$SERVERS"
t_start=$(cut -d. -f1 /proc/uptime)
setup || { echo "ikev2: set-up failed"; show_logs | tail -n 40; exit 1; }
order=(sluice strongswan)
warm_up "${order[0]}"
for ((rep = 1; rep <= REPS; rep++)); do
	for stack in "${order[@]}"; do
		[[ $SERVERS == *" $stack "* ]] && measure "$stack" "$rep"
	done
	order=("${order[1]}" "${order[0]}")	# each goes first in turn
done
note "measured in $(($(cut -d. -f1 /proc/uptime) - t_start)) s"
exit "$FAILED"
