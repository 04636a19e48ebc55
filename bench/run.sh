#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: bench/run.sh full|quick      (inside the VM rig: bench/bench.sh boots it)
#
# sluice against the stock stack in one VM, one run, A/B/C interleaved: each repetition
# loads one stack, measures everything for it, unloads it and goes on to the next, so a
# drift of the (shared, emulated) machine touches every stack alike. The stacks:
#   sluice   sluice.ko on both ends, static sessions made with sluicectl
#   pptp.ko  pptp.ko + ppp_generic + ppp_mppe on both ends, static sessions made with
#            bench/pptp-static (kernel GRE, as accel-ppp drives it)
#   pptpd    Debian's pptpd + pppd in A, pptp-linux + pppd in B (user-space GRE, kernel
#            ppp_mppe), a real control connection with MS-CHAPv2 (the keys MPPE needs)
#   l2tp_ppp l2tp_core + l2tp_ppp + ppp_generic + ppp_mppe on both ends, static L2TPv2
#            sessions made with bench/l2tp-static (as xl2tpd drives it in kernel mode);
#            sluice's L2TP rows (sluicectl add-l2tp) are taken in sluice's turn
#   xl2tpd   Debian's xl2tpd + pppd as LNS in A (kernel mode), against sluiced's LNS (in
#            sluice's turn), each dialled by the same xl2tpd + pppd LAC in B (full only)
# sluice.ko and pptp.ko both claim GRE version 1, so only one of them is loaded at a time;
# pptpd runs with neither (its GRE is a raw socket).
#
#   +------------------------------+    veth    +------------------------------+
#   | ns A ("router")              |------------| ns B ("clients")             |
#   | va 10.9.0.1/24               |            | vb 10.9.0.2/24               |
#   | tunnel 10.200.0.1 peer .0.2  |            | tunnel 10.200.0.2 peer .0.1  |
#   +------------------------------+            +------------------------------+
#
# Every number is recorded in $SLUICE_OUT/bench/results.tsv (metric, stack, repetition,
# value); bench/table.py prints the table with medians, spreads and ratios. A measurement
# that could not be taken is recorded as FAIL and makes the run fail; slowness never does.
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/tests/netns/lib.sh"
MODE=${1:-quick}
K1=00112233445566778899aabbccddeeff
K2=ffeeddccbbaa99887766554433221100
OUT=${SLUICE_OUT:-/tmp}/bench
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //' >"$OUT/guest-cpu"
uname -r >"$OUT/guest-kernel"
: >"$RESULTS"
FAILED=0

case $MODE in
full)
	REPS=${BENCH_REPS:-3} T=${BENCH_SECONDS:-2}
	STACKS=(sluice pptp.ko pptpd l2tp_ppp xl2tpd) MPPE_MODES=(stateless stateful off)
	AGG_SIZES=(100 1000) SCALE_SIZES=(100) BIG_SIZES=("${BENCH_MID:-10000}") BIG=${BENCH_BIG:-100000}
	L2TP_AGG_SIZES=(100 1000)
	;;
quick)
	# L2TP: one single-session pair (sluice, l2tp_ppp), MPPE-128 stateless
	REPS=1 T=2
	STACKS=(sluice pptp.ko pptpd l2tp_ppp) MPPE_MODES=(stateless)
	AGG_SIZES=(20) SCALE_SIZES=(100) BIG_SIZES=() BIG=0
	L2TP_AGG_SIZES=()
	;;
*) echo "usage: bench/run.sh full|quick" >&2; exit 2 ;;
esac
# trying the run out: BENCH_STACKS="pptpd", BENCH_PARTS="single many scale setup" (which of
# the measurements; setup is bench/setup-rate.sh, with BENCH_SETUP_N clients; ipsec is
# bench/ipsec.sh, with BENCH_IPSEC_N clients; limits, with BENCH_LIMITS_N sessions), BENCH_PROTOS="pptp l2tp" (sluice's rows of which protocol; the other stacks
# have one each), BENCH_L2TP_MANY="100 1000" (L2TP's many-session sizes), BENCH_MPPE="stateless
# off" (the single-session modes), BENCH_BLOCK
# (sluice sessions per peer address at scale; 60000)
read -ra STACKS <<<"${BENCH_STACKS:-${STACKS[*]}}"
read -ra L2TP_AGG_SIZES <<<"${BENCH_L2TP_MANY:-${L2TP_AGG_SIZES[*]}}"
read -ra MPPE_MODES <<<"${BENCH_MPPE:-${MPPE_MODES[*]}}"
# ipsec (bench/ipsec.sh, L2TP/IPsec against strongSwan + xl2tpd) and ikev2 (bench/ikev2.sh,
# IKEv2 road warriors against a stock strongSwan responder) in the full run only: one
# repetition with 20 L2TP/IPsec clients takes about 4 minutes under TCG and a 2 GB VM, the
# 50 IKEv2 clients' charons about 10 more to start (docs/bench.md)
DEFAULT_PARTS="single many scale setup"
[ "$MODE" = full ] && DEFAULT_PARTS+=" limits ipsec pppoe ikev2"
PARTS=" ${BENCH_PARTS:-$DEFAULT_PARTS} "
PROTOS=" ${BENCH_PROTOS:-pptp l2tp} "
BLOCK=${BENCH_BLOCK:-60000}

BENCH_TAG=bench
. "$SRC/bench/lib-bench.sh"

# --- stacks ------------------------------------------------------------------------------

# use_stack STACK : exactly the modules STACK needs (sluice and pptp.ko exclude each other)
use_stack() {
	case $1 in l2tp_ppp | xl2tpd) ;; *) rmmod l2tp_ppp l2tp_netlink l2tp_core 2>/dev/null ;; esac
	case $1 in
	sluice) rmmod pptp 2>/dev/null; modprobe sluice ;;
	pptp.ko) rmmod sluice 2>/dev/null; modprobe pptp && modprobe ppp_mppe ;;
	pptpd) rmmod sluice 2>/dev/null; rmmod pptp 2>/dev/null; modprobe ppp_async && modprobe ppp_mppe ;;
	l2tp_ppp) rmmod sluice 2>/dev/null; rmmod pptp 2>/dev/null; modprobe l2tp_ppp && modprobe ppp_mppe ;;
	xl2tpd) rmmod sluice 2>/dev/null; rmmod pptp 2>/dev/null; modprobe l2tp_ppp && modprobe ppp_mppe ;;
	esac
}

# mppe_args MODE SEND RECV : the static tools' MPPE options
mppe_args() {
	case $1 in
	off) ;;
	stateless) echo "mppe 128 stateless send-key $2 recv-key $3" ;;
	stateful) echo "mppe 128 send-key $2 recv-key $3" ;;
	esac
}

# addresses NS IF LOCAL PEER
addresses() { ip -n "$1" addr add "$3" peer "$4" dev "$2" && ip -n "$1" link set "$2" up; }

# pair_up STACK MODE : one session, A 10.200.0.1 <-> B 10.200.0.2, interfaces t0 (static)
pair_up() {
	case $1 in
	sluice)
		# shellcheck disable=SC2046
		A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 1 peer-call 2 name t0 \
			mtu 1400 $(mppe_args "$2" $K1 $K2) >/dev/null &&
			B_ sluicectl add local 10.9.0.2 peer 10.9.0.1 local-call 2 peer-call 1 name t0 \
				mtu 1400 $(mppe_args "$2" $K2 $K1) >/dev/null || return 1
		;;
	pptp.ko)
		# shellcheck disable=SC2046
		start_daemon pa "$A" pptp-static add local 10.9.0.1 peer 10.9.0.2 local-call 1 \
			peer-call 2 name t0 mtu 1400 $(mppe_args "$2" $K1 $K2)
		# shellcheck disable=SC2046
		start_daemon pb "$B" pptp-static add local 10.9.0.2 peer 10.9.0.1 local-call 2 \
			peer-call 1 name t0 mtu 1400 $(mppe_args "$2" $K2 $K1)
		wait_line pa '^ready' 30 && wait_line pb '^ready' 10 || return 1
		;;
	pptpd)
		pptpd_up "$2"
		return
		;;
	esac
	addresses "$A" t0 10.200.0.1 10.200.0.2 && addresses "$B" t0 10.200.0.2 10.200.0.1
}

# pptpd_up MODE : pptpd in A, a pptp-linux client in B, up with addresses
pptpd_up() {
	local d=$NETNS_TEST_DIR mppe=()
	case $1 in
	off) mppe=(nomppe noccp) ;;
	stateless) mppe=(require-mppe-128) ;;
	esac
	printf '%s\n' "option $d/pptpd-options" "localip 10.200.0.1" "remoteip 10.200.0.2" \
		"connections 1000" >"$d/pptpd.conf"
	printf '%s\n' "name pptpd" refuse-pap refuse-chap refuse-mschap require-mschap-v2 \
		"${mppe[@]}" nodefaultroute nobsdcomp nodeflate novj novjccomp nologfd \
		"mtu 1400" "mru 1400" debug "logfile $d/pptpd-pppd.ppp" >"$d/pptpd-options"
	: >"$d/pptpd-pppd.ppp"	# pppd appends: a log of an earlier mode would pass for this one's
	: >"$d/client.ppp"
	start_daemon pptpd "$A" pptpd -f -c "$d/pptpd.conf" -p "$d/pptpd.pid.file" -l 10.9.0.1
	wait_for 15 sh -c "ip netns exec $A ss -tln | grep -q 10.9.0.1:1723" || return 1
	start_daemon client "$B" pppd pty "pptp 10.9.0.1 --nolaunchpppd" name bench \
		password benchpass remotename pptpd refuse-pap refuse-chap refuse-mschap refuse-eap \
		"${mppe[@]}" mtu 1400 mru 1400 nodefaultroute nobsdcomp nodeflate novj novjccomp \
		nodetach debug logfile "$d/client.ppp" noauth
	attach_log "$d/client.ppp" "$d/pptpd-pppd.ppp"
	wait_for 60 grep -q 'local  IP address' "$d/client.ppp" &&
		wait_for 20 grep -q 'local  IP address' "$d/pptpd-pppd.ppp" &&
		wait_for 10 sh -c "ip -n $A -o addr show | grep -q 'inet 10.200.0.1 peer'"
}

# mppe_ran STACK MODE : the session really ran in MODE (else the numbers are of something
# else): counters for the static stacks, pppd's own report for pptpd
mppe_ran() {
	local out
	case $1 in
	sluice) sluice_mppe_ran "$2" ;;
	pptp.ko | l2tp_ppp)
		out=$(A_ pptp-static show t0) || return 1
		case $2 in
		off) echo "$out" | grep -q 'mppe tx: 0 encrypted' ;;
		*) echo "$out" | grep -q 'mppe tx: [1-9]' && echo "$out" | grep -q 'mppe rx: [1-9]' ;;
		esac
		;;
	pptpd)
		case $2 in
		off) ! grep -q 'MPPE.*enabled' "$NETNS_TEST_DIR/client.ppp" ;;
		*) grep -q "MPPE 128-bit $2 compression enabled" "$NETNS_TEST_DIR/client.ppp" &&
			grep -q "MPPE 128-bit $2 compression enabled" "$NETNS_TEST_DIR/pptpd-pppd.ppp" ;;
		esac
		;;
	esac
}

# all_down STACK : every session of STACK gone, A and B as before
all_down() {
	local side
	case $1 in
	sluice) A_ sluicectl del all >/dev/null; B_ sluicectl del all >/dev/null ;;
	pptpd)
		# not measured: SIGKILL, as a pppd's goodbye (LCP Terminate) waits for its peer
		ip netns pids "$A" | xargs -r kill -9 2>/dev/null	# pptpd, pptpctrl, pppd
		ip netns pids "$B" | xargs -r kill -9 2>/dev/null	# pppd, pptp
		stop_daemon client 2
		stop_daemon pptpd 2
		wait_for 15 sh -c "[ -z \"\$(ip netns pids $A)\$(ip netns pids $B)\" ]"
		;;
	esac
	for side in pa pb; do
		daemon_alive "$side" && kill "$(daemon_pid "$side")"
	done
	for side in pa pb; do
		stop_daemon "$side" 600
	done
	return 0
}

# --- measurements --------------------------------------------------------------------------

single_session() {
	local stack=$1 rep=$2 m
	for m in "${MPPE_MODES[@]}"; do
		# pppd always asks for stateless first (mppe-stateful only allows the peer to ask for
		# stateful), so two pppds never run stateful: nothing to measure
		[ "$stack" = pptpd ] && [ "$m" = stateful ] && continue
		note "single session: $stack, MPPE $m, repetition $rep"
		if ! pair_up "$stack" "$m"; then
			record "1 session: TCP B->A Mbit/s, MPPE $m" "$stack" "$rep" ""
			all_down "$stack"
			continue
		fi
		record "1 session: TCP B->A Mbit/s, MPPE $m" "$stack" "$rep" "$(tcp_mbits)"
		record "1 session: TCP A->B Mbit/s, MPPE $m" "$stack" "$rep" "$(tcp_mbits -R)"
		record "1 session: UDP 64 B pkt/s, MPPE $m" "$stack" "$rep" "$(udp64_pps)"
		record "1 session: UDP 64 B pkt/s offered, MPPE $m" "$stack" "$rep" "$(cat "$NETNS_TEST_DIR/offered")"
		mppe_ran "$stack" "$m" || record "1 session: MPPE $m really ran" "$stack" "$rep" ""
		all_down "$stack"
	done
}

# --- L2TP, one session ------------------------------------------------------------------------

# l2tp_holders STACK A_WORDS -- B_WORDS : sluicectl add-l2tp (sluice) or l2tp-static
# (l2tp_ppp) in A and in B, both holding their sockets as daemons pa and pb until all_down;
# fails unless both say ready within $WAIT seconds
l2tp_holders() {
	local stack=$1 tool a=()
	shift
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	case $stack in
	sluice) tool=(sluicectl add-l2tp) ;;
	l2tp_ppp) tool=(l2tp-static add) ;;
	esac
	start_daemon pa "$A" "${tool[@]}" local 10.9.0.1 peer 10.9.0.2 mtu 1400 "${a[@]}"
	start_daemon pb "$B" "${tool[@]}" local 10.9.0.2 peer 10.9.0.1 mtu 1400 "$@"
	wait_line pa '^ready' "${WAIT:-30}" && wait_line pb '^ready' 60
}

# l2tp_pair_up STACK MODE : one session in one tunnel (A tunnel 10 session 1, B tunnel 20
# session 2, UDP 1701 both), interfaces t0, addresses as pair_up's
l2tp_pair_up() {
	# shellcheck disable=SC2046
	l2tp_holders "$1" peer-port 1701 tunnel 10 session 1 peer-tunnel 20 peer-session 2 \
		name t0 $(mppe_args "$2" $K1 $K2) -- peer-port 1701 tunnel 20 session 2 \
		peer-tunnel 10 peer-session 1 name t0 $(mppe_args "$2" $K2 $K1) || return 1
	addresses "$A" t0 10.200.0.1 10.200.0.2 && addresses "$B" t0 10.200.0.2 10.200.0.1
}

# the same three measurements as single_session, over L2TP
l2tp_single_session() {
	local stack=$1 rep=$2 m
	for m in "${MPPE_MODES[@]}"; do
		note "L2TP single session: $stack, MPPE $m, repetition $rep"
		if ! l2tp_pair_up "$stack" "$m"; then
			record "L2TP 1 session: TCP B->A Mbit/s, MPPE $m" "$stack" "$rep" ""
			all_down "$stack"
			continue
		fi
		record "L2TP 1 session: TCP B->A Mbit/s, MPPE $m" "$stack" "$rep" "$(tcp_mbits)"
		record "L2TP 1 session: TCP A->B Mbit/s, MPPE $m" "$stack" "$rep" "$(tcp_mbits -R)"
		record "L2TP 1 session: UDP 64 B pkt/s, MPPE $m" "$stack" "$rep" "$(udp64_pps)"
		record "L2TP 1 session: UDP 64 B pkt/s offered, MPPE $m" "$stack" "$rep" "$(cat "$NETNS_TEST_DIR/offered")"
		mppe_ran "$stack" "$m" || record "L2TP 1 session: MPPE $m really ran" "$stack" "$rep" ""
		all_down "$stack"
	done
}

# --- L2TP with the control plane: an LNS against the same xl2tpd LAC --------------------------
# A: xl2tpd + pppd (kernel mode: l2tp_ppp) as LNS, or sluiced (its LNS, sluice.ko's data
# path); B: xl2tpd + pppd in kernel mode as the LAC, dialling with MS-CHAPv2, "bench" /
# "benchpass". One session, addresses 10.200.0.1 (A) and .0.2 (B) from the LNS.

# lns_up STACK MODE : the LNS in A (xl2tpd or sluiced), the LAC in B, the call up
lns_up() {
	local d=$NETNS_TEST_DIR mppe=(require-mppe-128) enc=required
	[ "$2" = off ] && mppe=(nomppe noccp) enc=no
	modprobe l2tp_ppp && modprobe ppp_mppe || return 1
	: >"$d/lns.ppp"
	: >"$d/lac.ppp"
	case $1 in
	xl2tpd)
		printf '%s\n' "[global]" "port = 1701" "listen-addr = 10.9.0.1" "access control = no" \
			"force userspace = no" "[lns default]" "ip range = 10.200.0.2-10.200.0.2" \
			"local ip = 10.200.0.1" "require chap = yes" "refuse pap = yes" \
			"require authentication = yes" "name = lns" "length bit = yes" \
			"pppoptfile = $d/lns-options" >"$d/lns.conf"
		printf '%s\n' "name lns" require-mschap-v2 "${mppe[@]}" nodefaultroute nobsdcomp \
			nodeflate novj novjccomp "mtu 1400" "mru 1400" debug "logfile $d/lns.ppp" \
			>"$d/lns-options"
		start_daemon lns "$A" xl2tpd -D -c "$d/lns.conf" -p "$d/lns.pid" -C "$d/lns.control"
		;;
	sluice)
		printf '%s\n' "/ip pool add name=bench ranges=10.200.0.2-10.200.0.2" \
			"/ppp profile add name=bench local-address=10.200.0.1 remote-address=bench use-encryption=$enc" \
			"/ppp secret add name=bench password=benchpass service=l2tp profile=bench" \
			"/interface l2tp-server server set enabled=yes default-profile=bench authentication=mschap2 max-mtu=1400 max-mru=1400" \
			>"$d/lns.rsc"
		start_daemon lns "$A" sluiced -f -s "$d/sluiced.sock" -c "$d/lns.rsc"
		;;
	esac
	wait_for 15 sh -c "ip netns exec $A ss -uln | grep -q ':1701 '" || return 1
	printf '%s\n' "[global]" "port = 1702" "access control = no" "force userspace = no" \
		"[lac lns]" "lns = 10.9.0.1" "autodial = no" "redial = no" "length bit = yes" \
		"pppoptfile = $d/lac-options" >"$d/lac.conf"
	printf '%s\n' "name bench" "password benchpass" refuse-pap refuse-chap refuse-mschap \
		refuse-eap "${mppe[@]}" nodefaultroute nobsdcomp nodeflate novj novjccomp "mtu 1400" \
		"mru 1400" debug "logfile $d/lac.ppp" noauth >"$d/lac-options"
	start_daemon lac "$B" xl2tpd -D -c "$d/lac.conf" -p "$d/lac.pid" -C "$d/lac.control"
	wait_for 10 test -p "$d/lac.control" || return 1
	attach_log "$d/lac.ppp" "$d/lns.ppp"
	echo "c lns" >"$d/lac.control"
	# xl2tpd's kernel mode has been seen to hold pppd's first frames back ~15 s in the VM
	wait_for 90 grep -q 'local  IP address' "$d/lac.ppp" &&
		wait_for 20 sh -c "ip -n $A -o addr show | grep -q 'inet 10.200.0.1 peer'"
}

# lns_mppe_ran MODE : the LAC's pppd says what ran (the same client for both LNSs)
lns_mppe_ran() {
	case $1 in
	off) ! grep -q 'MPPE.*enabled' "$NETNS_TEST_DIR/lac.ppp" ;;
	*) grep -q "MPPE 128-bit $1 compression enabled" "$NETNS_TEST_DIR/lac.ppp" ;;
	esac
}

lns_down() {
	ip netns pids "$A" | xargs -r kill 2>/dev/null
	ip netns pids "$B" | xargs -r kill 2>/dev/null
	wait_for 20 sh -c "[ -z \"\$(ip netns pids $A)\$(ip netns pids $B)\" ]" || {
		ip netns pids "$A" | xargs -r kill -9 2>/dev/null
		ip netns pids "$B" | xargs -r kill -9 2>/dev/null
	}
	stop_daemon lac 2
	stop_daemon lns 2
	wait_for 15 sh -c "[ -z \"\$(ip netns pids $A)\$(ip netns pids $B)\" ]"
	return 0
}

# the single-session numbers with the control plane: stateless and off (two pppds never
# settle on stateful, see single_session)
lns_single_session() {
	local stack=$1 rep=$2 m
	for m in "${MPPE_MODES[@]}"; do
		[ "$m" = stateful ] && continue
		note "L2TP LNS: $stack, MPPE $m, repetition $rep"
		if ! lns_up "$stack" "$m"; then
			record "L2TP LNS, xl2tpd LAC: TCP B->A Mbit/s, MPPE $m" "$stack" "$rep" ""
			lns_down
			continue
		fi
		record "L2TP LNS, xl2tpd LAC: TCP B->A Mbit/s, MPPE $m" "$stack" "$rep" "$(tcp_mbits)"
		record "L2TP LNS, xl2tpd LAC: TCP A->B Mbit/s, MPPE $m" "$stack" "$rep" "$(tcp_mbits -R)"
		record "L2TP LNS, xl2tpd LAC: UDP 64 B pkt/s, MPPE $m" "$stack" "$rep" "$(udp64_pps)"
		lns_mppe_ran "$m" || record "L2TP LNS, xl2tpd LAC: MPPE $m really ran" "$stack" "$rep" ""
		lns_down
	done
}

# --- many sessions ---------------------------------------------------------------------------

# many_up STACK N : N sessions a side with MPPE-128 stateless; A's pI is 10.100.0.1 with peer
# 10.101.0.1+I, B's pI the other way round
many_up() {
	local stack=$1 n=$2
	case $stack in
	sluice)
		A_ sluicectl add local 10.9.0.1 peer 10.9.0.2 local-call 1000 peer-call 30000 name p \
			count "$n" mtu 1400 mppe 128 stateless send-key $K1 recv-key $K2 >/dev/null &&
			B_ sluicectl add local 10.9.0.2 peer 10.9.0.1 local-call 30000 peer-call 1000 \
				name p count "$n" mtu 1400 mppe 128 stateless send-key $K2 recv-key $K1 \
				>/dev/null || return 1
		;;
	pptp.ko)
		start_daemon pa "$A" pptp-static add local 10.9.0.1 peer 10.9.0.2 local-call 1000 \
			peer-call 30000 name p count "$n" mtu 1400 mppe 128 stateless send-key $K1 recv-key $K2
		start_daemon pb "$B" pptp-static add local 10.9.0.2 peer 10.9.0.1 local-call 30000 \
			peer-call 1000 name p count "$n" mtu 1400 mppe 128 stateless send-key $K2 recv-key $K1
		wait_line pa '^ready' 900 && wait_line pb '^ready' 60 || return 1
		;;
	esac
	many_addresses "$n"
}

# many_down STACK N : sluice's sessions go with the module (one batch, quick), pptp-static's
# with the process, or past 100 with the namespaces (one batch; the rig is built again)
many_down() {
	case $1 in
	sluice) rmmod sluice && modprobe sluice ;;
	*)
		if [ "$2" -gt 100 ]; then
			ip netns del "$A"; ip netns del "$B"
			all_down "$1"
			rig || record "rig built again" "$1" "$rep" ""
		else
			all_down "$1"
		fi
		;;
	esac
}

# l2tp_many_up STACK N HOW : N sessions a side (p0...), MPPE-128 stateless, addresses as
# many_up's. HOW "one tunnel": session ids count up in tunnel 10 / 20; "a tunnel each":
# tunnel ids count up, one session in each. There each stack does what it does: sluice
# keeps every tunnel on its one UDP socket (port 1701 both sides); the stock stack needs a
# socket per tunnel, so A (the LNS) binds them all to 1701, each connected to its LAC's
# port in B (20000, 20001, ...), as xl2tpd does with many LACs
l2tp_many_up() {
	local stack=$1 n=$2 each=() a_each=() b_each=()
	local mppe_a=(mppe 128 stateless send-key "$K1" recv-key "$K2")
	local mppe_b=(mppe 128 stateless send-key "$K2" recv-key "$K1")
	if [ "$3" = "one tunnel" ]; then
		WAIT=900 l2tp_holders "$stack" peer-port 1701 tunnel 10 session 1000 peer-tunnel 20 \
			peer-session 30000 name p count "$n" "${mppe_a[@]}" -- peer-port 1701 \
			tunnel 20 session 30000 peer-tunnel 10 peer-session 1000 name p count "$n" \
			"${mppe_b[@]}" || return 1
	else
		each=(tunnel-each)
		[ "$stack" = l2tp_ppp ] && a_each=(peer-port-each) b_each=(port 20000 port-each)
		local a_peer=1701
		[ "$stack" = l2tp_ppp ] && a_peer=20000
		WAIT=900 l2tp_holders "$stack" peer-port "$a_peer" tunnel 100 session 1 \
			peer-tunnel 5000 peer-session 1 name p count "$n" "${each[@]}" "${a_each[@]}" \
			"${mppe_a[@]}" -- peer-port 1701 tunnel 5000 session 1 peer-tunnel 100 \
			peer-session 1 name p count "$n" "${each[@]}" "${b_each[@]}" "${mppe_b[@]}" ||
			return 1
	fi
	many_addresses "$n"
}

# L2TP's aggregate rates: N sessions in one tunnel, and N with a tunnel each
l2tp_many_sessions() {
	local stack=$1 rep=$2 n how label pps mbits
	for n in "${L2TP_AGG_SIZES[@]}"; do
		for how in "one tunnel" "a tunnel each"; do
			label="L2TP $n sessions, $how"
			note "$label: $stack, repetition $rep"
			if ! l2tp_many_up "$stack" "$n" "$how"; then
				record "$label: UDP 64 B pkt/s, MPPE stateless" "$stack" "$rep" ""
				all_down "$stack"
				continue
			fi
			record "$label: UDP 64 B pkt/s, MPPE stateless" "$stack" "$rep" "$(flood_rate "$A" "$B" 10.101.0.1 "$n" 64)"
			pps=$(flood_rate "$A" "$B" 10.101.0.1 "$n" 1372)
			mbits=$(echo "$pps" | awk '$1 > 0 { printf "%.1f\n", $1 * 1372 * 8 / 1e6 }')
			record "$label: UDP 1372 B Mbit/s, MPPE stateless" "$stack" "$rep" "$mbits"
			all_down "$stack"
		done
	done
}

many_sessions() {
	local stack=$1 rep=$2 n pps mbits
	for n in "${AGG_SIZES[@]}"; do
		note "$n sessions: $stack, repetition $rep"
		if ! many_up "$stack" "$n"; then
			record "$n sessions: UDP 64 B pkt/s, MPPE stateless" "$stack" "$rep" ""
			many_down "$stack" "$n"
			continue
		fi
		record "$n sessions: UDP 64 B pkt/s, MPPE stateless" "$stack" "$rep" "$(flood_rate "$A" "$B" 10.101.0.1 "$n" 64)"
		pps=$(flood_rate "$A" "$B" 10.101.0.1 "$n" 1372)
		mbits=$(echo "$pps" | awk '$1 > 0 { printf "%.1f\n", $1 * 1372 * 8 / 1e6 }')
		record "$n sessions: UDP 1372 B Mbit/s, MPPE stateless" "$stack" "$rep" "$mbits"
		many_down "$stack" "$n"
	done
}

# --- scale ------------------------------------------------------------------------------------

# meminfo FIELD : kB
meminfo() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }
mem_snapshot() { echo "$(meminfo Slab) $(meminfo SUnreclaim) $(meminfo Percpu) $(meminfo MemAvailable)"; }

# scale_up STACK N : N plain sessions in A (sN, no addresses but s0's), one in B (t0) that
# pairs with s0; prints the set-up time in seconds. Sluice keys a session by peer address
# and call id, so past 60,000 sessions the next block has another peer address; pptp.ko's
# call ids are host-wide, so A's local ids and B's must differ.
scale_up() {
	local stack=$1 n=$2 left=$2 block peer=2 prefix=suvwxyz t=0 out
	case $stack in
	sluice)
		# blocks of 60,000 named s0.., u0.., v0.. (with peers 10.9.0.2, .3, .4)
		while [ "$left" -gt 0 ]; do
			block=$((left < BLOCK ? left : BLOCK))
			[ "$peer" = 2 ] || ip -n "$B" addr add "10.9.0.$peer/24" dev vb
			out=$(A_ sluicectl add local 10.9.0.1 peer "10.9.0.$peer" local-call 1 peer-call 1 \
				name "${prefix:0:1}" count "$block") || return 1
			t=$(echo "$t $out" | awk '{ print $1 + $(NF-1) }')
			left=$((left - block)) peer=$((peer + 1)) prefix=${prefix:1}
		done
		B_ sluicectl add local 10.9.0.2 peer 10.9.0.1 local-call 1 peer-call 1 name t0 \
			>/dev/null || return 1
		;;
	pptp.ko)
		# units without names (pppN, PPPIOCNEWUNIT, as accel-ppp makes them): naming one
		# through RTM_NEWLINK costs more
		start_daemon pa "$A" pptp-static add local 10.9.0.1 peer 10.9.0.2 local-call 1 \
			peer-call 40000 count "$n"
		wait_line pa '^ready' 3600 || return 1
		t=$(sed -n 's/^added [0-9]* sessions in \([0-9.]*\) s/\1/p' "$NETNS_TEST_DIR/pa.log")
		start_daemon pb "$B" pptp-static add local 10.9.0.2 peer 10.9.0.1 local-call 40000 \
			peer-call 1 name t0
		wait_line pb '^ready' 30 || return 1
		;;
	esac
	[ "$stack" = sluice ] || A_ ip link set ppp0 name s0 || return 1
	addresses "$A" s0 10.200.0.1 10.200.0.2 && addresses "$B" t0 10.200.0.2 10.200.0.1 || return 1
	echo "$t"
}

# scale_down STACK N : prints the teardown time in seconds, each stack as its daemon does it.
# sluice: `sluicectl del all`, DEL_SESSION requests of 1,024 sessions, a grace period each
# (as sluiced at shutdown). pptp.ko: up to 1,000, pptp-static closes its units one by one,
# as pppd and accel-ppp do; past that each unit's grace period adds up to many minutes, so
# they go with the namespaces, in one batch (the rig is built again).
scale_down() {
	local t0 t1
	t0=$(date +%s.%N)
	case $1 in
	sluice) A_ sluicectl del all >/dev/null; B_ sluicectl del all >/dev/null ;;
	pptp.ko)
		if [ "$2" -gt 1000 ]; then
			ip netns del "$A"; ip netns del "$B"
		fi
		all_down pptp.ko
		;;
	esac
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.2f\n", $2 - $1 }'
}

# per_session METRIC N BEFORE AFTER : (AFTER - BEFORE) kB over N sessions, in bytes
per_session() {
	record "$1" "$stack" "$rep" "$(echo "$2 $3 $4" | awk '{ v = ($3 - $2) * 1024 / $1; printf "%.0f\n", v < 0 ? 0 : v }')"
}

# dump_all N : how long sluicectl show takes to list all N sessions of A (one GET_SESSION
# dump, as `sluicectl del all` starts with)
dump_all() {
	local t0 t1 got
	t0=$(date +%s.%N)
	got=$(A_ sluicectl show | grep -c '^session:')
	t1=$(date +%s.%N)
	[ "$got" = "$1" ] || { record "scale $1: sluicectl show, all sessions s" sluice "$rep" ""; return; }
	record "scale $1: sluicectl show, all sessions s" sluice "$rep" "$(echo "$t0 $t1" | awk '{ printf "%.2f\n", $2 - $1 }')"
}

# --- limits ---------------------------------------------------------------------------------
# Rate limits on N sessions (issue 21), three ways in one run: none ("unlimited"), the
# module's shaper ("sluice": `sluicectl limit all`, as sluiced pushes a profile's
# rate-limit) and tc on each session's interface ("tc": tbf on egress, the client's
# download, and an ingress policer for its upload, as an operator without sluice's
# shaper would set it up, one `tc -batch` for all). Rows: the time to make N sessions and
# give them their limits, memory per session, a session's 64-byte UDP rate under a limit
# it never reaches (what the mechanism costs per packet), and TCP both ways under
# rate-limit=2M/1M (what the client gets; RouterOS's rx is its upload).
LIMIT=2M/1M

# limits_apply VARIANT N : prints the seconds it took
limits_apply() {
	local t0 t1 i
	t0=$(date +%s.%N)
	case $1 in
	sluice) A_ sluicectl limit all "$LIMIT" || return 1 ;;
	tc)
		for ((i = 0; i < $2; i++)); do
			echo "qdisc add dev s$i root tbf rate 1mbit burst 12500 latency 100ms"
			echo "qdisc add dev s$i handle ffff: ingress"
			echo "filter add dev s$i parent ffff: matchall action police rate 2mbit burst 25000 conform-exceed drop"
		done >"$NETNS_TEST_DIR/tc.batch"
		A_ tc -batch "$NETNS_TEST_DIR/tc.batch" || return 1
		;;
	esac
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.2f\n", $2 - $1 }'
}

# limits_unbound VARIANT : s0's limit raised to 1 Gbit/s, which a session never reaches here
limits_unbound() {
	case $1 in
	sluice) A_ sluicectl limit s0 1G ;;
	tc)
		# the ingress policer anew: matchall will not replace its own filter in place
		A_ tc qdisc replace dev s0 root tbf rate 1gbit burst 1250000 latency 100ms &&
			A_ tc qdisc del dev s0 handle ffff: ingress &&
			A_ tc qdisc add dev s0 handle ffff: ingress &&
			A_ tc filter add dev s0 parent ffff: matchall \
				action police rate 1gbit burst 1250000 conform-exceed drop
		;;
	esac
}

limits_one() {
	local variant=$1 rep=$2 n=$3 before after setup lim a b
	sync
	sleep 1
	before=$(mem_snapshot)
	setup=$(scale_up sluice "$n") && lim=$(limits_apply "$variant" "$n") || {
		record "limits $n: set-up s" "$variant" "$rep" ""
		scale_down sluice "$n" >/dev/null
		return
	}
	after=$(mem_snapshot)
	record "limits $n: set-up s" "$variant" "$rep" "$(echo "$setup $lim" | awk '{ print $1 + $2 }')"
	record "limits $n: limits set s" "$variant" "$rep" "$lim"
	read -ra b <<<"$before"
	read -ra a <<<"$after"
	stack=$variant per_session "limits $n: Slab B/session" "$n" "${b[0]}" "${a[0]}"
	stack=$variant per_session "limits $n: MemAvailable drop B/session" "$n" "${a[3]}" "${b[3]}"
	record "limits: TCP B->A (upload) Mbit/s at $LIMIT" "$variant" "$rep" "$(tcp_mbits)"
	record "limits: TCP A->B (download) Mbit/s at $LIMIT" "$variant" "$rep" "$(tcp_mbits -R)"
	if limits_unbound "$variant" >/dev/null; then
		record "limits: 1 session UDP 64 B pkt/s, limit 1G" "$variant" "$rep" "$(udp64_pps)"
	else
		record "limits: 1 session UDP 64 B pkt/s, limit 1G" "$variant" "$rep" ""
	fi
	scale_down sluice "$n" >/dev/null
}

limits_part() {
	local rep=$1 n=${BENCH_LIMITS_N:-1000} v variants=(unlimited sluice tc)
	# each repetition starts with another variant, so drift touches all alike
	for ((v = 0; v < 3; v++)); do
		note "limits: $n sessions, ${variants[(v + rep) % 3]}, repetition $rep"
		limits_one "${variants[(v + rep) % 3]}" "$rep" "$n"
	done
}

# rebuild_rig STACK N : after scale_down took the namespaces away
rebuild_rig() {
	[ "$1" = pptp.ko ] && [ "$2" -gt 1000 ] || return 0
	rig || record "rig built again" "$1" "$rep" ""
}

scale() {
	local stack=$1 rep=$2 n before after setup a b
	shift 2
	for n in "$@"; do
		note "scale: $n sessions, $stack, repetition $rep"
		sync
		sleep 1
		before=$(mem_snapshot)
		if ! setup=$(scale_up "$stack" "$n"); then
			record "scale $n: set-up s" "$stack" "$rep" ""
			scale_down "$stack" "$n" >/dev/null
			rebuild_rig "$stack" "$n"
			continue
		fi
		after=$(mem_snapshot)
		note "meminfo Slab SUnreclaim Percpu MemAvailable (kB): before $before, after $after"
		record "scale $n: set-up s" "$stack" "$rep" "$setup"
		record "scale $n: sessions/s set up" "$stack" "$rep" \
			"$(echo "$n $setup" | awk '$2 > 0 { printf "%.1f\n", $1 / $2 }')"
		read -ra b <<<"$before"
		read -ra a <<<"$after"
		per_session "scale $n: Slab B/session" "$n" "${b[0]}" "${a[0]}"
		per_session "scale $n: SUnreclaim B/session" "$n" "${b[1]}" "${a[1]}"
		per_session "scale $n: Percpu B/session" "$n" "${b[2]}" "${a[2]}"
		per_session "scale $n: MemAvailable drop B/session" "$n" "${a[3]}" "${b[3]}"
		[ "$stack" = sluice ] && dump_all "$n"
		record "scale $n: 1 session UDP 64 B pkt/s" "$stack" "$rep" "$(udp64_pps)"
		[ -n "${NO_TEARDOWN:-}" ] && continue	# the last step: the VM powers off
		scale_down "$stack" "$n" >"$NETNS_TEST_DIR/teardown"
		record "scale $n: teardown s" "$stack" "$rep" "$(cat "$NETNS_TEST_DIR/teardown")"
		rebuild_rig "$stack" "$n"
	done
}

# --- the run ------------------------------------------------------------------------------------

setup() {
	local f
	for f in sluicectl sluiced pptp-static l2tp-static udpflood pptpd pppd pptp xl2tpd iperf3; do
		command -v "$f" >/dev/null || { echo "bench: $f is missing (make userspace; make -C bench)"; return 1; }
	done
	modprobe ppp_generic && rig || return 1
	# pptpd's pppd reads the secret from /etc/ppp/chap-secrets (the guest's overlay)
	cp /etc/ppp/chap-secrets "$NETNS_TEST_DIR/chap-secrets.saved" &&
		printf 'bench\tpptpd\tbenchpass\t*\nbench\tlns\tbenchpass\t*\n' >>/etc/ppp/chap-secrets
}

# rig : namespaces A and B and the veth between them
rig() {
	setup_ns A B && veth_pair "$A" va 10.9.0.1/24 "$B" vb 10.9.0.2/24 || return 1
	# One receive CPU per veth, as a NIC's RSS keeps one GRE flow on one queue: a veth hands
	# each packet to the sending CPU's backlog, two CPUs reorder the tunnel, and pptp.ko
	# drops every reordered packet (see bench/pptp-static.c). The same for every stack.
	A_ sh -c 'echo 1 >/sys/class/net/va/queues/rx-0/rps_cpus' &&
		B_ sh -c 'echo 1 >/sys/class/net/vb/queues/rx-0/rps_cpus'
}

restore() {
	[ -f "$NETNS_TEST_DIR/chap-secrets.saved" ] && cp "$NETNS_TEST_DIR/chap-secrets.saved" /etc/ppp/chap-secrets
	rmmod pptp 2>/dev/null
	rmmod sluice 2>/dev/null
	rmmod l2tp_ppp l2tp_netlink l2tp_core 2>/dev/null
	return 0
}

note "mode $MODE: $REPS repetitions of ${STACKS[*]}, ${T} s per measurement, $(nproc) CPUs, $(meminfo MemTotal) kB"
setup || { echo "bench: set-up failed"; show_logs; exit 1; }
t_start=$(cut -d. -f1 /proc/uptime)
for ((rep = 1; rep <= REPS; rep++)); do
	for stack in "${STACKS[@]}"; do
		use_stack "$stack" || { record "load $stack" "$stack" "$rep" ""; continue; }
		pptp=0 l2tp=0
		case $stack in
		sluice) [[ $PROTOS == *" pptp "* ]] && pptp=1; [[ $PROTOS == *" l2tp "* ]] && l2tp=1 ;;
		l2tp_ppp) l2tp=1 ;;
		xl2tpd) [[ $PARTS == *" single "* ]] && lns_single_session xl2tpd "$rep"; continue ;;
		*) pptp=1 ;;
		esac
		[[ $PARTS == *" single "* ]] && [ $pptp = 1 ] && single_session "$stack" "$rep"
		[[ $PARTS == *" single "* ]] && [ $l2tp = 1 ] && l2tp_single_session "$stack" "$rep"
		[[ $PARTS == *" single "* ]] && [ "$stack" = sluice ] && [[ " ${STACKS[*]} " == *" xl2tpd "* ]] &&
			lns_single_session sluice "$rep"
		[ "$stack" = pptpd ] && continue	# a process pair per session: see docs/bench.md
		[[ $PARTS == *" many "* ]] && [ $pptp = 1 ] && many_sessions "$stack" "$rep"
		[[ $PARTS == *" many "* ]] && [ $l2tp = 1 ] && l2tp_many_sessions "$stack" "$rep"
		[ $pptp = 1 ] || continue	# scale: PPTP only (L2TP's sessions cost the same netdev)
		[[ $PARTS == *" scale "* ]] && scale "$stack" "$rep" "${SCALE_SIZES[@]}"
		[[ $PARTS == *" limits "* ]] && [ "$stack" = sluice ] && limits_part "$rep"
	done
	# the table so far, in case the VM's deadline comes first
	python3 "$SRC/bench/table.py" "$RESULTS" >"$OUT/table.md"
done
# The control plane's setup rate (its own namespaces, servers and load generator), while
# sluice.ko may still be loaded: the big points below end with pptp.ko in its place
if [[ $PARTS == *" setup "* ]]; then
	rmmod pptp 2>/dev/null
	"$SRC/bench/setup-rate.sh" "$MODE" || FAILED=1
	python3 "$SRC/bench/table.py" "$RESULTS" >"$OUT/table.md"
fi
# L2TP/IPsec, sluiced against strongSwan + xl2tpd, in its own namespaces
if [[ $PARTS == *" ipsec "* ]]; then
	rmmod pptp 2>/dev/null
	"$SRC/bench/ipsec.sh" "$MODE" || FAILED=1
	python3 "$SRC/bench/table.py" "$RESULTS" >"$OUT/table.md"
fi
# PPPoE, sluice against pppoe.ko + one pppd per session, in its own namespaces
if [[ $PARTS == *" pppoe "* ]]; then
	rmmod pptp 2>/dev/null
	BENCH_STACKS="" "$SRC/bench/pppoe.sh" "$MODE" || FAILED=1
	python3 "$SRC/bench/table.py" "$RESULTS" >"$OUT/table.md"
fi
# IKEv2 road warriors, sluiced against a stock strongSwan responder, in its own namespaces
if [[ $PARTS == *" ikev2 "* ]]; then
	rmmod pptp 2>/dev/null
	"$SRC/bench/ikev2.sh" "$MODE" || FAILED=1
	python3 "$SRC/bench/table.py" "$RESULTS" >"$OUT/table.md"
fi
[[ $PARTS == *" scale "* ]] || BIG_SIZES=() BIG=0
# The big points once each, sluice first: MID, then BIG (pptp.ko cannot: 65,535 call ids per
# host), each torn down by `sluicectl del all` (batched DEL_SESSION). pptp.ko's MID comes
# last and stays for the VM's power-off: pptp-static can only close its units one by one, a
# grace period each, about half an hour for 10,000 under TCG.
if [[ " ${STACKS[*]} " == *" sluice "* ]]; then
	for n in "${BIG_SIZES[@]}" $((BIG > 0 ? BIG : 0)); do
		[ "$n" -gt 0 ] && use_stack sluice && scale sluice 1 "$n"
	done
fi
python3 "$SRC/bench/table.py" "$RESULTS" >"$OUT/table.md"
if [[ " ${STACKS[*]} " == *" pptp.ko "* ]] && [ ${#BIG_SIZES[@]} -gt 0 ]; then
	for n in "${BIG_SIZES[@]}"; do
		use_stack pptp.ko && NO_TEARDOWN=1 scale pptp.ko 1 "$n"
	done
	trap - EXIT
	note "pptp.ko's sessions stay for the VM's power-off"
fi
[ ${#BIG_SIZES[@]} -gt 0 ] || restore
note "measured in $(($(cut -d. -f1 /proc/uptime) - t_start)) s"
python3 "$SRC/bench/table.py" "$RESULTS" | tee "$OUT/table.md"
dmesg_clean >"$OUT/dmesg-findings.txt" || { note "kernel log findings:"; cat "$OUT/dmesg-findings.txt"; }
if [ "$FAILED" != 0 ] || [ ! -s "$OUT/table.md" ]; then
	echo "bench: some measurements were not taken"
	exit 1
fi
echo "bench: every measurement taken"
