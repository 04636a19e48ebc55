#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced's L2TP/IPsec server with many stock clients behind one NAT (issue 16), and what
# becomes of the clients when sluiced's charon or sluiced itself is killed. Twenty charons
# and their clients take over ten minutes under emulation: make check-long.
# check: long
#
#   +------------------------------+      +----------------------------+
#   | ns R (router)                | veth | ns N (NAT)                 |
#   | r0 10.9.0.1/24               |------| n0 10.9.0.2/24 masquerade  |
#   | sluiced -D <state>, its      |      | br0 172.16.0.1/24          |
#   | charon (UDP 500/4500), L2TP  |      +--+-----------+-------------+
#   | UDP 1701, 192.168.99.1,      |         |  ...      | veth into br0
#   | pool 192.168.99.2-100        |   +-----+------+  +-+------------+
#   +------------------------------+   | ns C1      |  | ns C20       |
#                                      | c0 .0.11   |  | c0 .0.30     |
#                                      | charon,    |  | charon,      |
#                                      | xl2tpd on  |  | xl2tpd on    |
#                                      | 1701, pppd |  | 1701, pppd   |
#                                      +------------+  +--------------+
#
# Each client is a stock Linux L2TP/IPsec client (lib_ipsec.sh: Debian's charon, IKEv1 main
# mode PSK, transport SA for udp/1701 <-> udp/1701; xl2tpd + pppd, MS-CHAPv2), proposing
# the Windows set (lib_ipsec.sh), the classic case of many clients behind one NAT. One
# namespace per client: the realistic client sends L2TP from UDP 1701, which one namespace
# can give to one xl2tpd only, and two charons in one namespace would install the same
# transport policies (same addresses, same ports). After NAT-T every client's L2TP reaches
# R from 10.9.0.2, UDP 1701, under identical selectors: only the SA's mark (mark_in/
# mark_out %unique, set_mark_in %same, docs/ipsec.md) tells them apart, so the tests look
# at the marks of the server's kernel sessions (sluicectl -j show: "mark").
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-l2tp.sh"
. "$(dirname "$0")/lib_ipsec.sh"
SOCK=/run/sluice/l2tp-ipsec-nat.sock
D=$NETNS_TEST_DIR
STATE=$D/state
PSK=mySecret
SRV=192.168.99.1
PUBLIC=10.9.0.2
CONN=nat
read -r CLI_IKE CLI_ESP <<<"$(ipsec_os_proposals windows)"
CN=()			# CN[i]: client i's namespace
C=			# lib-l2tp.sh's client namespace, set per client by on_client

write_rsc() {
	local i
	{
		echo "/ip pool add name=vpn-pool ranges=192.168.99.2-192.168.99.100"
		echo "/ppp profile set default local-address=$SRV remote-address=vpn-pool"
		for i in $(seq 1 20); do echo "/ppp secret add name=user$i password=pw$i"; done
		echo "/interface l2tp-server server set enabled=yes use-ipsec=required" \
			"ipsec-secret=$PSK default-profile=default"
	} >"$D/sluice.rsc"
}

sluiced_start() {
	rm -f "$SOCK"	# a sluiced killed leaves its socket behind
	start_daemon sluiced "$R" sluiced -f -d -s "$SOCK" -D "$STATE" -c "$D/sluice.rsc"
	wait_for 20 test -S "$SOCK" && wait_for 20 ctl /system resource print
}

udp_listening() { ip netns exec "$R" ss -uln | grep -q ":$1 "; }
charon_pid() { cat "$STATE/ipsec/charon.pid" 2>/dev/null; }
# /system resource's ipsec-charon ("running pid N, restarts M")
charon_resource() {
	ctl -j /system resource print |
		jq -r 'if type == "array" then .[0] else . end | .["ipsec-charon"] // empty'
}
# sluiced's charon has the L2TP server's connection, "l2tp-in-server/0" (swanctl on
# sluiced's vici socket)
server_conn_loaded() {
	R_ swanctl --list-conns --uri "unix://$STATE/ipsec/charon.vici" --raw 2>/dev/null |
		python3 "$(dirname "$0")/swanctl_json.py" |
		jq -e 'any(.[] | keys[]; startswith("l2tp-in-server"))' >/dev/null
}
charon_ready() { udp_listening 500 && udp_listening 4500 && server_conn_loaded; }

test_setup() {
	modprobe sluice && modprobe ppp_generic && modprobe ppp_async || return 1
	setup_ns R N && veth_pair "$R" r0 10.9.0.1/24 "$N" n0 "$PUBLIC/24" || return 1
	ip -n "$N" link add br0 type bridge && ip -n "$N" addr add 172.16.0.1/24 dev br0 &&
		ip -n "$N" link set br0 up || return 1
	ip netns exec "$N" sysctl -qw net.ipv4.ip_forward=1 || return 1
	ip netns exec "$N" nft -f - <<E || return 1
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat;
		oifname "n0" masquerade
	}
}
E
	write_rsc
	mkdir -p "$STATE"
	sluiced_start || return 1
	attach_log "$STATE/ipsec/charon.log"
	wait_for 60 charon_ready && wait_for 10 udp_listening 1701 &&
		[ "$(ctl_get "/interface l2tp-server server" use-ipsec)" = required ]
}

# --- the clients

# client_net I: namespace C<I> on N's bridge, 172.16.0.<10+I>, default route through N
client_net() {
	local i=$1 v=C$1
	[ -n "${CN[$i]:-}" ] && return 0
	setup_ns "$v" || return 1
	CN[$i]=${!v}
	ip link add c0 netns "${CN[$i]}" type veth peer name "v$i" netns "$N" &&
		ip -n "$N" link set "v$i" master br0 up &&
		ip -n "${CN[$i]}" addr add "172.16.0.$((10 + i))/24" dev c0 &&
		ip -n "${CN[$i]}" link set c0 up &&
		ip -n "${CN[$i]}" route add default via 172.16.0.1
}

# client_charon I: client I's charon running with its connection loaded
client_charon() {
	local i=$1 dir=$D/cli$1
	daemon_alive "charon-cli$i" && return 0
	mkdir -p "$dir"
	ipsec_peer_start "${CN[$i]}" "$dir" || return 1
	ipsec_l2tp_client_conf "$dir" "$CONN" 10.9.0.1 "$PSK" 1 "$CLI_IKE" "$CLI_ESP"
	ipsec_load "$dir"
}

# clients_ready N: namespaces and charons for clients 1..N (charons started one by one:
# start_daemon must run in this shell for the cleanup to know them)
clients_ready() {
	local i
	for i in $(seq 1 "$1"); do
		client_net "$i" && client_charon "$i" || { echo "client $i: no charon"; return 1; }
	done
}


ike_up() {
	ipsec_initiate "$D/cli$1" "$CONN" 180 && ipsec_sa_established "$D/cli$1" "$CONN"
}

# on_client I CMD...: CMD with lib-l2tp.sh's C set to client I's namespace
on_client() {
	# shellcheck disable=SC2034 # lib-l2tp.sh reads it
	local C=${CN[$1]}
	shift
	"$@"
}

# dial I: client I's xl2tpd (UDP 1701, inside its SA) calls as user<I>, pppd as ppp<I>
dial() {
	local i=$1
	: >"$D/ppp$i.ppp"	# up greps this log: a redial starts it afresh
	on_client "$i" lac_start "lac$i" 1701 || return 1
	lac_dial "lac$i" "$i" "user$i" "pw$i" "${MS2[@]}"
}

link_up() { up "$1" 180; }

# ike_waves I...: the IKE_SAs, IKE_WAVE clients at a time (each wave at once). Twenty
# main modes at once with ECP-384 (what the Windows set gets) kept the VM's two emulated
# cores busy for over 30 s, longer than the stock client's retransmissions (lib_ipsec.sh:
# 2 s, 3 tries) wait for an answer.
IKE_WAVE=${IKE_WAVE:-5}

# connect I...: the IKE_SAs (in waves), then every L2TP call at once, then wait for the links
connect() {
	local i t0=$SECONDS
	ike_waves "$@" || return 1
	echo "timing: $# IKE_SAs up in $((SECONDS - t0)) s"
	for i in "$@"; do dial "$i" || return 1; done
	each link_up "$@" || return 1
	echo "timing: $# clients up (IKE, L2TP, PPP) in $((SECONDS - t0)) s"
}

no_pppd() { [ -z "$(ipsec_ns_pids "$1" pppd)" ]; }

# client_stop I: client I gone whole: pppd, its xl2tpd, its charon (SIGTERM: it deletes
# its SAs at the server), nothing of IPsec left in its namespace
client_stop() {
	local i=$1
	ipsec_ns_pids "${CN[$i]}" pppd | xargs -r kill 2>/dev/null
	wait_for 10 no_pppd "${CN[$i]}"
	stop_daemon "lac$i" 5
	ipsec_peer_stop "${CN[$i]}" "$D/cli$i"
}

client_hangup() {
	daemon_alive "charon-cli$1" || return 0
	ipsec_stop_l2tp_clients "${CN[$1]}" "$D/cli$1"
}

# After every test: no call, LAC or SA left in any client (their charons stay), none on R.
# The LACs and iperf servers are stopped here (daemons: this shell), the rest for all
# clients at once (twenty one by one took over 7 minutes in a loaded VM).
stop_clients() {
	local i d
	for i in "${!CN[@]}"; do
		ipsec_ns_pids "${CN[$i]}" pppd | xargs -r kill 2>/dev/null
	done
	for d in "${DAEMONS[@]}"; do
		case $d in lac*|iperf*) stop_daemon "$d" 5 ;; esac
	done
	each client_hangup "${!CN[@]}"
	[ -S "$SOCK" ] && wait_for 60 active_count_is 0
	return 0
}

# --- what the server shows

# the server's L2TP kernel sessions as [{name, id, peer, peer_port, mark}], by name
server_sessions() {
	R_ sluicectl -j show | jq -c '[.[] | select(.encap == "l2tp") |
		{name, id, peer, peer_port, mark}] | sort_by(.name)'
}

# sessions_apart N: N sessions on R, all from the one public address and UDP 1701 (inside
# ESP, as the clients sent them), each with a mark of its own
sessions_apart() {
	local s n=$1
	s=$(server_sessions)
	echo "$s" | jq -c -M '.[]'
	echo "$s" | jq -e --argjson n "$n" --arg pub "$PUBLIC" 'length == $n and
		all(.[]; .peer == $pub and .peer_port == 1701 and .mark > 0) and
		([.[].mark] | unique | length) == $n' >/dev/null || return 1
	[ "$(active_count)" = "$n" ] &&
		ctl_count "/ppp active" '.["caller-id"] == $v' "$PUBLIC" | grep -qx "$n"
}

# every /ppp active row rides IPsec ("IPsec <algs>" as its encoding)
encoding_ipsec() {
	local enc
	enc=$(ctl -j /ppp active print | jq -c '[.[].encoding] | unique')
	echo "/ppp active encodings: $enc"
	echo "$enc" | jq -e 'length > 0 and all(.[]; startswith("IPsec"))' >/dev/null
}

session_rx() { session_get R_ "<l2tp-user$1>" .rx_packets; }
session_rx_bytes() { session_get R_ "<l2tp-user$1>" .rx_bytes; }

# ping_link I: client I pings the server through ppp<I> and the server pings it back
ping_link() {
	local i=$1 addr
	addr=$(ip -n "${CN[$i]}" -4 -o addr show dev "ppp$i" | sed -n 's/.* inet \([0-9.]*\) .*/\1/p')
	[ -n "$addr" ] || return 1
	ip netns exec "${CN[$i]}" ping -c 3 -W 5 -i 0.3 -I "ppp$i" "$SRV" >/dev/null &&
		R_ ping -c 3 -W 5 -i 0.3 "$addr" >/dev/null
}

# pings_own I...: every client pings at once, and each one's server session counted its
# own echo requests (3 or more received on <l2tp-user<I>>)
pings_own() {
	local i rc=0
	declare -A rx
	for i in "$@"; do rx[$i]=$(session_rx "$i"); done
	each ping_link "$@" || rc=1
	for i in "$@"; do
		[ $(($(session_rx "$i") - rx[$i])) -ge 3 ] && continue
		echo "user$i: its session received $(($(session_rx "$i") - rx[$i])) packets"
		rc=1
	done
	return $rc
}

# iperf_one I PORT SECONDS [iperf3 options]: client I's TCP to the server, through its link
iperf_one() {
	ip netns exec "${CN[$1]}" timeout 120 iperf3 -c "$SRV" -p "$2" -t "$3" -f k "${@:4}" |
		awk -v c="$1" '/receiver/ { print "iperf3 client " c ":", $(NF-2), $(NF-1); ok = 1 }
			END { exit !ok }'
}

iperf_server() {
	start_daemon "iperf$1" "$R" iperf3 -s -1 -B "$SRV" -p "$1"
	wait_for 20 sh -c "ip netns exec $R ss -tln | grep -q $SRV:$1"
}

# iperf_in_turn I...: each client alone for 2 s; its session took the bytes, the others'
# sessions next to none
iperf_in_turn() {
	local i j rc=0
	declare -A b0
	for i in "$@"; do
		for j in "$@"; do b0[$j]=$(session_rx_bytes "$j"); done
		iperf_server 5201 && iperf_one "$i" 5201 2 || rc=1
		stop_daemon iperf5201 5
		for j in "$@"; do
			local moved=$(($(session_rx_bytes "$j") - b0[$j]))
			if [ "$j" = "$i" ] && [ "$moved" -lt 100000 ]; then
				echo "user$j: $moved bytes during its own iperf3"; rc=1
			elif [ "$j" != "$i" ] && [ "$moved" -gt 20000 ]; then
				echo "user$j: $moved bytes during user$i's iperf3"; rc=1
			fi
		done
	done
	return $rc
}

iperf_client_small() { iperf_one "$1" $((5200 + $1)) 3 -b 500k; }

# iperf_together I...: every client at once, 3 s at 500 kbit/s each, each to its own
# server port; every one finished and its session took its bytes
iperf_together() {
	local i rc=0
	declare -A b0
	for i in "$@"; do
		iperf_server $((5200 + i)) || return 1
		b0[$i]=$(session_rx_bytes "$i")
	done
	each iperf_client_small "$@" || rc=1
	cat "$D"/each-iperf_client_small-*.out | grep iperf3 | tr '\n' ';'
	echo
	for i in "$@"; do
		stop_daemon "iperf$((5200 + i))" 5
		[ $(($(session_rx_bytes "$i") - b0[$i])) -ge 50000 ] && continue
		echo "user$i: $(($(session_rx_bytes "$i") - b0[$i])) bytes during iperf3"
		rc=1
	done
	return $rc
}

# --- stopping one client

# state of the others, which must not change: kernel session id and mark, pppd pid,
# the client's CHILD_SA (inbound SPI)
others_state() {
	local i
	for i in "$@"; do
		printf '%s %s %s %s\n' "$i" \
			"$(session_get R_ "<l2tp-user$i>" '"\(.id)/\(.mark)"')" \
			"$(ipsec_ns_pids "${CN[$i]}" pppd)" "$(ipsec_child_get "$D/cli$i" "$CONN" spi-in)"
	done
}

user_gone() { ! user_active "user$1"; }
r_esp_count() { ipsec_esp_states "$R" | wc -l; }
r_esp_count_is() { [ "$(r_esp_count)" = "$1" ]; }

# stop_one I OTHERS...: client I stops whole; its session and SAs leave the server, the
# others' sessions, SAs and pppd stay as they were and pass traffic
stop_one() {
	local i=$1 before after esp0
	shift
	before=$(others_state "$@")
	esp0=$(r_esp_count)
	client_stop "$i"
	wait_for 30 user_gone "$i" || { echo "user$i still active"; return 1; }
	# its two SAs (in and out) deleted at the server by its charon's IKE delete
	wait_for 30 r_esp_count_is $((esp0 - 2)) ||
		{ echo "R's ESP SAs: $esp0 before, $(r_esp_count) after"; return 1; }
	after=$(others_state "$@")
	[ "$before" = "$after" ] || { echo "before: $before"; echo "after: $after"; return 1; }
	sessions_apart $# && pings_own "$@"
}

# --- the tests

test_two_behind_nat() {
	clients_ready 2 && connect 1 2 || return 1
	sessions_apart 2 && encoding_ipsec || return 1
	ip -n "$R" xfrm state | grep -E '^src|encap|mark' | sed 's/^/  R xfrm: /'
	pings_own 1 2 && iperf_in_turn 1 2 || return 1
	stop_one 1 2 && iperf_in_turn 2
}

test_twenty_behind_nat() {
	local n=20 t0=$SECONDS t1 all rest
	all=$(seq 1 "$n")
	rest=$(seq 2 "$n")
	clients_ready "$n" || return 1
	t1=$SECONDS
	echo "timing: $n client namespaces and charons ready in $((t1 - t0)) s"
	# shellcheck disable=SC2086
	connect $all || return 1
	sessions_apart "$n" && encoding_ipsec || return 1
	echo "R's ESP SAs: $(r_esp_count)"
	t1=$SECONDS
	# shellcheck disable=SC2086
	pings_own $all || return 1
	echo "timing: pings of $n clients in $((SECONDS - t1)) s"
	t1=$SECONDS
	# shellcheck disable=SC2086
	iperf_together $all || return 1
	echo "timing: iperf3 of $n clients together in $((SECONDS - t1)) s"
	t1=$SECONDS
	# shellcheck disable=SC2086
	stop_one 1 $rest || return 1
	echo "timing: one stopped, $((n - 1)) checked in $((SECONDS - t1)) s; test $((SECONDS - t0)) s"
}

# after the twenty: their charons go (memory), the first two stay for the next tests
client_charon_stop() { [ -z "${CN[$1]:-}" ] || ipsec_peer_stop "${CN[$1]}" "$D/cli$1"; }
after_twenty() {
	# shellcheck disable=SC2046
	each client_charon_stop $(seq 3 20)
	return 0
}

# reconnect I: client I hangs up whatever it had (its IKE_SA included) and connects again
reconnect() {
	local t0=$SECONDS
	ipsec_stop_l2tp_clients "${CN[$1]}" "$D/cli$1"
	# the old session ends on the client's StopCCN or, when that cannot arrive, on HELLO
	wait_for 180 active_count_is 0 || { echo "the old session stays"; return 1; }
	echo "the old session gone $((SECONDS - t0)) s after the client hung up"
	connect "$1" && sessions_apart 1 && pings_own "$1"
}

# the SPIs of the CHILD_SAs sluiced's charon holds, as ipsec_esp_states writes them
charon_spis() {
	R_ swanctl --list-sas --uri "unix://$STATE/ipsec/charon.vici" --raw 2>/dev/null |
		python3 "$(dirname "$0")/swanctl_json.py" |
		jq -r '.[][]["child-sas"] // {} | .[] | .["spi-in"], .["spi-out"]' |
		sed 's/^\(0x\)\?/0x/' | sort | paste -sd' '
}

# the SPIs of $1 (charon_spis) still among R's ESP SAs (-s: jq 1.6's -e says 0 for no input)
spis_left() {
	local spi left=""
	for spi in $1; do
		ipsec_esp_states "$R" | jq -s -e --arg s "$spi" 'any(.[]; .spi == $s)' >/dev/null &&
			left="$left $spi"
	done
	echo "${left# }"
}

# the SPIs R's charon receives on are from sluiced's own range (docs/ipsec.md, leftovers)
spis_in_our_range() {
	local spis
	spis=$(R_ swanctl --list-sas --uri "unix://$STATE/ipsec/charon.vici" --raw 2>/dev/null |
		python3 "$(dirname "$0")/swanctl_json.py" |
		jq -r '.[][]["child-sas"] // {} | .[] | .["spi-in"]' | sed 's/^\(0x\)\?//')
	[ -n "$spis" ] || return 1
	! grep -qv '^d1c' <<<"$spis"
}

charon_restarted_from() {
	local p
	p=$(charon_pid)
	[ -n "$p" ] && [ "$p" != "$1" ] && kill -0 "$p" 2>/dev/null
}

test_charon_killed() {
	local old new res esp_old left
	clients_ready 1 && connect 1 && pings_own 1 || return 1
	spis_in_our_range || { echo "inbound SPIs outside 0xd1c00000-0xd1cfffff"; return 1; }
	esp_old=$(charon_spis)
	old=$(charon_pid)
	res=$(charon_resource)
	echo "before: ipsec-charon $res"
	[[ $res == "running pid $old,"* ]] || return 1
	kill -9 "$old"
	wait_for 20 grep -q "charon pid $old killed by signal" "$D/sluiced.log" ||
		{ echo "sluiced did not log charon's death"; return 1; }
	wait_for 60 charon_restarted_from "$old" || { echo "no new charon"; return 1; }
	new=$(charon_pid)
	wait_for 60 charon_ready || { echo "charon $new: the L2TP connection not loaded"; return 1; }
	res=$(charon_resource)
	echo "after: ipsec-charon $res"
	[[ $res == "running pid $new, restarts 1"* ]] || return 1
	grep -E "charon (pid $old|started|vici|: starting|: removed)" "$D/sluiced.log" | tail -n 6
	# the SAs the SIGKILLed charon installed were removed before the new one started
	left=$(spis_left "$esp_old")
	echo "observed: old SPIs ($esp_old) left at R: ${left:-none}; user1 active: $(active_count)"
	[ -z "$left" ] || return 1
	grep -q "charon: removed [1-9][0-9]* SAs and [1-9][0-9]* policies an earlier charon left" \
		"$D/sluiced.log" || { echo "sluiced did not log the leftovers it removed"; return 1; }
	reconnect 1 || return 1
	echo "observed after the reconnect: R's ESP SAs $(r_esp_count), the new charon's: $(charon_spis)"
}

test_sluiced_killed() {
	local spid cpid esp_old
	clients_ready 1 && connect 1 && pings_own 1 || return 1
	spid=$(daemon_pid sluiced)
	cpid=$(charon_pid)
	esp_old=$(charon_spis)
	kill -9 "$spid"
	wait_for 10 not kill -0 "$spid" || return 1
	wait "$spid" 2>/dev/null
	cp "$D/sluiced.log" "$D/sluiced-killed.log"
	# docs/ipsec.md: a sluiced that crashed leaves charon running until the next one
	kill -0 "$cpid" 2>/dev/null || { echo "charon $cpid died with sluiced"; return 1; }
	echo "observed with sluiced dead: charon $cpid runs; R's ESP SAs: $(r_esp_count);" \
		"R's kernel L2TP sessions: $(R_ sluicectl -j show | jq length);" \
		"client's IKE_SA: $(ipsec_sa_established "$D/cli1" "$CONN" && echo up || echo gone)"
	sluiced_start || return 1
	wait_for 30 not kill -0 "$cpid" || { echo "the orphan charon $cpid still runs"; return 1; }
	grep -q "charon pid $cpid left by an earlier sluiced" "$D/sluiced.log" || return 1
	wait_for 60 charon_restarted_from "$cpid" && wait_for 60 charon_ready || return 1
	echo "new charon $(charon_pid): $(charon_resource)"
	# the orphan deleted its SAs, or (killed after its 5 s) the new sluiced did: none of
	# its SPIs is left at R
	local left
	left=$(spis_left "$esp_old")
	echo "observed after the restart: old SPIs ($esp_old) left at R: ${left:-none};" \
		"client's IKE_SA: $(ipsec_sa_established "$D/cli1" "$CONN" && echo up || echo gone)"
	[ -z "$left" ] || return 1
	reconnect 1
}

t "L2TP/IPsec NAT: set-up, sluiced's charon with the L2TP peer" test_setup
t "L2TP/IPsec NAT: two clients behind one NAT, one stops" test_two_behind_nat
t "L2TP/IPsec NAT: twenty clients behind one NAT, one stops" test_twenty_behind_nat
after_twenty
t "L2TP/IPsec: sluiced's charon SIGKILLed, restarted, reconnect" test_charon_killed
t "L2TP/IPsec: sluiced SIGKILLed and started again, reconnect" test_sluiced_killed
stop_daemon sluiced 10
for i in "${!CN[@]}"; do ipsec_peer_stop "${CN[$i]}" "$D/cli$i"; done
[ -n "${SLUICE_OUT:-}" ] && for f in "$D"/sluiced*.log "$STATE"/ipsec/charon.log "$D"/cli1/charon.log; do
	cp "$f" "$SLUICE_OUT/l2tp-ipsec-nat-$(basename "$(dirname "$f")")-$(basename "$f")" 2>/dev/null
done
run_test "namespaces removed, no process left" left_behind
run_test "dmesg: no oops, warning or leak report" dmesg_clean
summary
