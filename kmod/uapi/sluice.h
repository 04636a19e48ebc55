/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sluice: the generic netlink family between sluiced (control plane) and the sluice kernel
 * module (data plane). This header is the only contract between the two.
 *
 * Rules of evolution: commands, attributes and enum values are only ever appended; an
 * attribute once given a meaning keeps it. Every operation needs CAP_NET_ADMIN in the initial
 * user namespace (GENL_ADMIN_PERM; with the module parameter allow_user_ns=1, over the network
 * namespace's own user namespace: GENL_UNS_ADMIN_PERM, for containers) and sees only the
 * sessions of the network namespace it acts on; the "ctrl" multicast group needs CAP_NET_ADMIN
 * over that namespace's user namespace. Flag words come with a mask of known bits
 * (SLUICE_*_F_ALL); a request with an unknown bit set is refused with -EOPNOTSUPP, so an old
 * module never half-applies a newer daemon's request. Keys are write-only: never dumped, wiped when freed.
 *
 * A session carries one PPP link over one encapsulation. It is named by its id
 * (SLUICE_SESSION_A_ID, API 5: given by the module, unique in the namespace, never 0), and
 * once it has a network interface (point-to-point, no ARP) also by its ifindex or ifname.
 * A session made "pending" has no interface yet: the module keeps only what the receive path
 * needs (its key, counters, control-frame meter), passes its PPP control frames both ways
 * and drops its data (SLUICE_DROP_PENDING), so a caller who has not authenticated costs no
 * interface; SET_SESSION with SLUICE_SESSION_A_ATTACH gives it one. In requests the id is
 * looked at first, then the ifindex, then the ifname.
 *
 * SLUICE_CMD_GET_MODULE (doit)
 *   Request: nothing. Reply:
 *     SLUICE_A_MODULE: NLA_NESTED
 *       SLUICE_MODULE_A_VERSION: NLA_NUL_STRING, the module's release, e.g. "0.1.0"
 *       SLUICE_MODULE_A_API: NLA_U32, SLUICE_GENL_VERSION of the module's uapi
 *       SLUICE_MODULE_A_SESSIONS: NLA_U32, sessions in the caller's network namespace
 *       SLUICE_MODULE_A_PENDING: NLA_U32, of those, pending ones (API 5)
 *       SLUICE_MODULE_A_DROPS: NLA_NESTED, packets dropped before any session was found
 *         SLUICE_DROP_*: NLA_U64, one attribute per reason that counted anything
 *
 * SLUICE_CMD_NEW_SESSION (doit)
 *   Request:
 *     SLUICE_A_SESSION: NLA_NESTED
 *       SLUICE_SESSION_A_IFNAME: NLA_NUL_STRING, optional (default "sluice%d")
 *       SLUICE_SESSION_A_PENDING: NLA_FLAG, optional (API 5): no interface until attached
 *       SLUICE_SESSION_A_MTU: NLA_U32, optional (default 1400)
 *       The encapsulation: exactly one of SLUICE_SESSION_A_PPTP, SLUICE_SESSION_A_L2TP and
 *       SLUICE_SESSION_A_PPPOE.
 *       SLUICE_SESSION_A_PPTP: NLA_NESTED, PPTP's enhanced GRE (RFC 2637)
 *         SLUICE_PPTP_A_LOCAL_ADDR: NLA_BE32, this host's IPv4 address
 *         SLUICE_PPTP_A_PEER_ADDR: NLA_BE32, the peer's IPv4 address
 *         SLUICE_PPTP_A_LOCAL_CALL_ID: NLA_U16, the call id the peer puts in its GRE key
 *         SLUICE_PPTP_A_PEER_CALL_ID: NLA_U16, the call id we put in ours
 *       SLUICE_SESSION_A_L2TP: NLA_NESTED, L2TPv2 data messages over UDP (RFC 2661)
 *         SLUICE_L2TP_A_FD: NLA_S32, the caller's UDP socket (IPv4, bound) that carries the
 *           tunnel; the module takes the data messages of its sessions from it and hands
 *           everything else (control messages above all) to the socket as before. Closing
 *           the socket deletes its sessions. Request only.
 *         SLUICE_L2TP_A_LOCAL_ADDR: NLA_BE32, optional: our source address (the one the
 *           peer sends to); unset or 0, the socket's bound address or the route's choice
 *         SLUICE_L2TP_A_PEER_ADDR: NLA_BE32, the peer's IPv4 address
 *         SLUICE_L2TP_A_PEER_PORT: NLA_U16, the peer's UDP port (as seen here, NAT included)
 *         SLUICE_L2TP_A_LOCAL_TUNNEL_ID, SLUICE_L2TP_A_LOCAL_SESSION_ID: NLA_U16, non-zero:
 *           the ids the peer puts in its data messages; unique per namespace as a pair
 *         SLUICE_L2TP_A_PEER_TUNNEL_ID, SLUICE_L2TP_A_PEER_SESSION_ID: NLA_U16, non-zero: the
 *           ids we put in ours
 *         SLUICE_L2TP_A_FLAGS: NLA_U32, optional, SLUICE_L2TP_F_*
 *         SLUICE_L2TP_A_LOCAL_PORT: NLA_U16, reported only: the socket's port
 *         SLUICE_L2TP_A_MARK: NLA_U32, optional (API 6), non-zero: the packet mark of the
 *           tunnel's IPsec SA (L2TP/IPsec: charon's mark_in/mark_out, set_mark_in). Every
 *           data message sent is routed and marked with it, so the SA's policies choose it
 *           (clients behind one NAT share address and port); data received must carry it
 *           (the SA marked it when it decrypted it), else it is dropped as L2TP_PEER.
 *       SLUICE_SESSION_A_PPPOE: NLA_NESTED (API 8), a PPPoE session (RFC 2516 section 6):
 *         Ethernet frames of type 0x8864 on a device of this namespace
 *         SLUICE_PPPOE_A_IFINDEX: NLA_U32, the Ethernet device (a port, a VLAN, a bridge;
 *           not a bridge's port or a bond's slave: their master). The session ends when the
 *           device goes (unregistered or moved to another namespace).
 *         SLUICE_PPPOE_A_PEER_MAC: NLA_BINARY, 6 bytes: the peer's unicast MAC address
 *         SLUICE_PPPOE_A_SESSION_ID: NLA_U16, 1 to 0xfffe: unique in the namespace per
 *           peer MAC (the module finds a session by MAC and id, then checks the device)
 *         Our source MAC is the device's address when each frame leaves.
 *       SLUICE_SESSION_A_PPP: NLA_NESTED, optional
 *         SLUICE_PPP_A_FLAGS: NLA_U32, SLUICE_PPP_F_*: compressions the peer accepts
 *         SLUICE_PPP_A_MRU: NLA_U16, the peer's MRU (frames to the peer are held to it)
 *         SLUICE_PPP_A_PROTOCOLS: NLA_U32, SLUICE_PPP_PROTO_*: the network protocols the
 *           session carries either way, the others are dropped (API 4; absent in
 *           NEW_SESSION: IPv4 only, as before IPv6CP existed in sluiced)
 *       SLUICE_SESSION_A_MPPE: NLA_NESTED, optional; no MPPE without it
 *         SLUICE_MPPE_A_KEY_BITS: NLA_U32, 40, 56 or 128
 *         SLUICE_MPPE_A_FLAGS: NLA_U32, SLUICE_MPPE_F_*
 *         SLUICE_MPPE_A_SEND_KEY: NLA_BINARY, 16 bytes: the MPPE start key for sending
 *         SLUICE_MPPE_A_RECV_KEY: NLA_BINARY, 16 bytes: the MPPE start key for receiving
 *   Reply: SLUICE_A_SESSION with SLUICE_SESSION_A_ID, and SLUICE_SESSION_A_IFINDEX and
 *   SLUICE_SESSION_A_IFNAME unless pending.
 *   -EEXIST if a session with the same peer address and local call id (PPTP), or the same
 *   local tunnel and session ids (L2TP), exists; -EBUSY if the L2TP socket is another
 *   module's tunnel socket.
 *
 * SLUICE_CMD_SET_SESSION (doit)
 *   Request: SLUICE_A_SESSION naming the session (ID, IFINDEX or IFNAME) with any of
 *   SLUICE_SESSION_A_MTU, SLUICE_SESSION_A_PPP, SLUICE_SESSION_A_MPPE (a new MPPE nest
 *   replaces the old keys and state, e.g. after CCP renegotiation), and (API 5)
 *   SLUICE_SESSION_A_ATTACH: NLA_FLAG, a pending session gets its interface, named
 *   SLUICE_SESSION_A_IFNAME if given (the session then named by ID), else "sluice%d"; the
 *   reply is then SLUICE_A_SESSION with ID, IFINDEX and IFNAME (-EALREADY if it has one;
 *   -EEXIST if the name is taken: the session stays pending). Everything else in the request
 *   applies first, so the interface carries the final PPP settings from its first packet.
 *   (API 7) SLUICE_SESSION_A_RATE: NLA_NESTED, the session's rate limits; it replaces both
 *   directions' (a direction left out has none), without dropping the session or what it
 *   has queued:
 *     SLUICE_RATE_A_RX: NLA_NESTED, optional: what the peer sends (RouterOS's "rx", the
 *       client's upload), shaped after decapsulation, before the stack sees it
 *     SLUICE_RATE_A_TX: NLA_NESTED, optional: what is sent to the peer (RouterOS's "tx",
 *       the client's download), shaped before encryption and encapsulation
 *       SLUICE_LIMIT_A_RATE: NLA_U64, bits per second, at least 8000 (the max-limit)
 *       SLUICE_LIMIT_A_BURST_RATE: NLA_U64, optional, bits per second above RATE: allowed
 *         while the average over BURST_TIME stays below BURST_THRESHOLD (RouterOS queues'
 *         burst: the average over the last BURST_TIME, kept in 16 slices)
 *       SLUICE_LIMIT_A_BURST_THRESHOLD: NLA_U64, bits per second (with BURST_RATE)
 *       SLUICE_LIMIT_A_BURST_TIME_MS: NLA_U32, 16 ms .. 3600 s (with BURST_RATE)
 *     Packets over the rate wait in a queue of their own (about 100 ms of the rate, at
 *     least 32 KB); beyond it they are dropped (SLUICE_DROP_RATE_RX, SLUICE_DROP_RATE_TX).
 *     GET_SESSION reports the limits in force the same way.
 *
 * SLUICE_CMD_DEL_SESSION (doit)
 *   Request: one or more SLUICE_A_SESSION, each naming a session (API 3; API 2 read only the
 *   last). All go in one batch, with one RCU grace period for the lot, or, if any is
 *   missing, none (-ENODEV, the extack pointing at that one).
 *
 * SLUICE_CMD_GET_SESSION (doit names one session; dump lists the namespace's sessions)
 *   Reply, per session: SLUICE_A_SESSION with ID, IFINDEX and IFNAME (not while pending,
 *   which PENDING then says), MTU, PPTP or L2TP, PPP, MPPE (KEY_BITS and FLAGS only) and
 *       SLUICE_SESSION_A_STATS: NLA_NESTED
 *         SLUICE_STATS_A_RX_PACKETS, _RX_BYTES, _TX_PACKETS, _TX_BYTES: NLA_U64
 *         SLUICE_STATS_A_RX_CTRL, _TX_CTRL: NLA_U64, PPP control frames each way
 *         SLUICE_STATS_A_LAST_RX_MS: NLA_U64, milliseconds since the peer's last packet
 *         SLUICE_STATS_A_DROPS: NLA_NESTED, SLUICE_DROP_*: NLA_U64 (non-zero ones only)
 *         SLUICE_STATS_A_GRO: NLA_FLAG (API 9), the session is busy enough to receive
 *           through GRO (module parameters gro_rate and gro_sessions)
 *
 * SLUICE_CMD_CTRL_FRAME
 *   Kernel to user, on the multicast group SLUICE_MCGRP_CTRL: a PPP frame that is not IPv4 or
 *   IPv6 (LCP, authentication, IPCP, CCP, ...), received on a session. At most
 *   SLUICE_CTRL_FRAME_MAX bytes, and per session at most a burst of a few dozen and then some
 *   20 a second (module parameters ctrl_burst and ctrl_rate); the rest are dropped and
 *   counted (SLUICE_DROP_CTRL_TOO_BIG, SLUICE_DROP_CTRL_RATE).
 *   User to kernel (doit): send such a frame out through the session.
 *     SLUICE_A_SESSION: NLA_NESTED with SLUICE_SESSION_A_ID (or, for a session with an
 *       interface, SLUICE_SESSION_A_IFINDEX); frames to user space carry both (IFINDEX only
 *       once there is an interface)
 *     SLUICE_A_PPP_FRAME: NLA_BINARY, the PPP protocol (2 bytes, network order) and the
 *     information field; address/control and compression are the module's business.
 */
#ifndef _UAPI_LINUX_SLUICE_H
#define _UAPI_LINUX_SLUICE_H

#define SLUICE_GENL_NAME "sluice"
/*
 * 1: PPTP; 2: L2TP added; 3: DEL_SESSION takes several sessions; 4: SLUICE_PPP_A_PROTOCOLS,
 * control frames metered and capped, more drop reasons; 5: session ids, pending sessions;
 * 6: SLUICE_L2TP_A_MARK; 7: rate limits (SLUICE_SESSION_A_RATE); 8: PPPoE; 9: GRO for
 * busy sessions (SLUICE_STATS_A_GRO)
 */
#define SLUICE_GENL_VERSION 9
#define SLUICE_MCGRP_CTRL "ctrl"
/*
 * The largest control frame (protocol and information) the module passes up: PPP's default
 * MRU, the most any peer may send before an MRU option is agreed, and the most sluiced's
 * PPP builds or answers; larger ones are dropped (SLUICE_DROP_CTRL_TOO_BIG).
 */
#define SLUICE_CTRL_FRAME_MAX (2 + 1500)

enum sluice_cmd {
	SLUICE_CMD_UNSPEC,
	SLUICE_CMD_GET_MODULE,
	SLUICE_CMD_NEW_SESSION,
	SLUICE_CMD_SET_SESSION,
	SLUICE_CMD_DEL_SESSION,
	SLUICE_CMD_GET_SESSION,
	SLUICE_CMD_CTRL_FRAME,
	__SLUICE_CMD_MAX
};
#define SLUICE_CMD_MAX (__SLUICE_CMD_MAX - 1)

enum sluice_attr {
	SLUICE_A_UNSPEC,
	SLUICE_A_MODULE,
	SLUICE_A_SESSION,
	SLUICE_A_PPP_FRAME,
	__SLUICE_A_MAX
};
#define SLUICE_A_MAX (__SLUICE_A_MAX - 1)

enum sluice_module_attr {
	SLUICE_MODULE_A_UNSPEC,
	SLUICE_MODULE_A_VERSION,
	SLUICE_MODULE_A_API,
	SLUICE_MODULE_A_SESSIONS,
	SLUICE_MODULE_A_DROPS,
	SLUICE_MODULE_A_PENDING,	/* API 5 */
	__SLUICE_MODULE_A_MAX
};
#define SLUICE_MODULE_A_MAX (__SLUICE_MODULE_A_MAX - 1)

enum sluice_session_attr {
	SLUICE_SESSION_A_UNSPEC,
	SLUICE_SESSION_A_IFINDEX,
	SLUICE_SESSION_A_IFNAME,
	SLUICE_SESSION_A_MTU,
	SLUICE_SESSION_A_PPTP,
	SLUICE_SESSION_A_PPP,
	SLUICE_SESSION_A_MPPE,
	SLUICE_SESSION_A_STATS,
	SLUICE_SESSION_A_L2TP,
	/* API 5: */
	SLUICE_SESSION_A_ID,
	SLUICE_SESSION_A_PENDING,
	SLUICE_SESSION_A_ATTACH,
	SLUICE_SESSION_A_RATE,		/* API 7 */
	SLUICE_SESSION_A_PPPOE,		/* API 8 */
	__SLUICE_SESSION_A_MAX
};
#define SLUICE_SESSION_A_MAX (__SLUICE_SESSION_A_MAX - 1)

enum sluice_pptp_attr {
	SLUICE_PPTP_A_UNSPEC,
	SLUICE_PPTP_A_LOCAL_ADDR,
	SLUICE_PPTP_A_PEER_ADDR,
	SLUICE_PPTP_A_LOCAL_CALL_ID,
	SLUICE_PPTP_A_PEER_CALL_ID,
	__SLUICE_PPTP_A_MAX
};
#define SLUICE_PPTP_A_MAX (__SLUICE_PPTP_A_MAX - 1)

enum sluice_pppoe_attr {
	SLUICE_PPPOE_A_UNSPEC,
	SLUICE_PPPOE_A_IFINDEX,
	SLUICE_PPPOE_A_PEER_MAC,
	SLUICE_PPPOE_A_SESSION_ID,
	__SLUICE_PPPOE_A_MAX
};
#define SLUICE_PPPOE_A_MAX (__SLUICE_PPPOE_A_MAX - 1)

enum sluice_l2tp_attr {
	SLUICE_L2TP_A_UNSPEC,
	SLUICE_L2TP_A_FD,
	SLUICE_L2TP_A_LOCAL_ADDR,
	SLUICE_L2TP_A_PEER_ADDR,
	SLUICE_L2TP_A_PEER_PORT,
	SLUICE_L2TP_A_LOCAL_TUNNEL_ID,
	SLUICE_L2TP_A_LOCAL_SESSION_ID,
	SLUICE_L2TP_A_PEER_TUNNEL_ID,
	SLUICE_L2TP_A_PEER_SESSION_ID,
	SLUICE_L2TP_A_FLAGS,
	SLUICE_L2TP_A_LOCAL_PORT,
	SLUICE_L2TP_A_MARK,		/* API 6 */
	__SLUICE_L2TP_A_MAX
};
#define SLUICE_L2TP_A_MAX (__SLUICE_L2TP_A_MAX - 1)

/* How we send data messages; what we receive is accepted with or without either field. */
enum sluice_l2tp_flag {
	SLUICE_L2TP_F_TX_SEQ = 1U << 0,	/* Ns/Nr on data (the peer sent Sequencing Required) */
	SLUICE_L2TP_F_TX_LEN = 1U << 1,	/* the optional length field */
	SLUICE_L2TP_F_ALL = SLUICE_L2TP_F_TX_SEQ | SLUICE_L2TP_F_TX_LEN
};

enum sluice_ppp_attr {
	SLUICE_PPP_A_UNSPEC,
	SLUICE_PPP_A_FLAGS,
	SLUICE_PPP_A_MRU,
	SLUICE_PPP_A_PROTOCOLS,
	__SLUICE_PPP_A_MAX
};
#define SLUICE_PPP_A_MAX (__SLUICE_PPP_A_MAX - 1)

/* What the peer accepts from us; what we receive is always accepted in either form. */
enum sluice_ppp_flag {
	SLUICE_PPP_F_TX_ACFC = 1U << 0,	/* address/control field compression */
	SLUICE_PPP_F_TX_PFC = 1U << 1,	/* protocol field compression */
	SLUICE_PPP_F_ALL = SLUICE_PPP_F_TX_ACFC | SLUICE_PPP_F_TX_PFC
};

/* The network protocols the session carries (their NCP is open): SLUICE_PPP_A_PROTOCOLS. */
enum sluice_ppp_proto {
	SLUICE_PPP_PROTO_IPV4 = 1U << 0,	/* IPCP */
	SLUICE_PPP_PROTO_IPV6 = 1U << 1,	/* IPV6CP */
	SLUICE_PPP_PROTO_ALL = SLUICE_PPP_PROTO_IPV4 | SLUICE_PPP_PROTO_IPV6
};

enum sluice_mppe_attr {
	SLUICE_MPPE_A_UNSPEC,
	SLUICE_MPPE_A_KEY_BITS,
	SLUICE_MPPE_A_FLAGS,
	SLUICE_MPPE_A_SEND_KEY,
	SLUICE_MPPE_A_RECV_KEY,
	__SLUICE_MPPE_A_MAX
};
#define SLUICE_MPPE_A_MAX (__SLUICE_MPPE_A_MAX - 1)
#define SLUICE_MPPE_KEY_LEN 16

enum sluice_mppe_flag {
	SLUICE_MPPE_F_STATELESS = 1U << 0,	/* a new key every packet (RFC 3078 "H" bit) */
	SLUICE_MPPE_F_ALL = SLUICE_MPPE_F_STATELESS
};

enum sluice_rate_attr {
	SLUICE_RATE_A_UNSPEC,
	SLUICE_RATE_A_RX,
	SLUICE_RATE_A_TX,
	__SLUICE_RATE_A_MAX
};
#define SLUICE_RATE_A_MAX (__SLUICE_RATE_A_MAX - 1)

enum sluice_limit_attr {
	SLUICE_LIMIT_A_UNSPEC,
	SLUICE_LIMIT_A_RATE,
	SLUICE_LIMIT_A_BURST_RATE,
	SLUICE_LIMIT_A_BURST_THRESHOLD,
	SLUICE_LIMIT_A_BURST_TIME_MS,
	SLUICE_LIMIT_A_PAD,
	__SLUICE_LIMIT_A_MAX
};
#define SLUICE_LIMIT_A_MAX (__SLUICE_LIMIT_A_MAX - 1)

enum sluice_stats_attr {
	SLUICE_STATS_A_UNSPEC,
	SLUICE_STATS_A_RX_PACKETS,
	SLUICE_STATS_A_RX_BYTES,
	SLUICE_STATS_A_TX_PACKETS,
	SLUICE_STATS_A_TX_BYTES,
	SLUICE_STATS_A_RX_CTRL,
	SLUICE_STATS_A_TX_CTRL,
	SLUICE_STATS_A_LAST_RX_MS,
	SLUICE_STATS_A_DROPS,
	SLUICE_STATS_A_PAD,
	SLUICE_STATS_A_GRO,		/* API 9 */
	__SLUICE_STATS_A_MAX
};
#define SLUICE_STATS_A_MAX (__SLUICE_STATS_A_MAX - 1)

/* Why packets were dropped; each is an attribute type inside a ..._DROPS nest. */
enum sluice_drop {
	SLUICE_DROP_UNSPEC,
	SLUICE_DROP_GRE_TRUNCATED,	/* before a session is known: module counters */
	SLUICE_DROP_GRE_VERSION,
	SLUICE_DROP_GRE_FLAGS,
	SLUICE_DROP_GRE_PROTO,
	SLUICE_DROP_GRE_LENGTH,
	SLUICE_DROP_NO_SESSION,
	SLUICE_DROP_SEQ_DUPLICATE,	/* from here on: per session */
	SLUICE_DROP_SEQ_OLD,
	SLUICE_DROP_PPP_MALFORMED,
	SLUICE_DROP_PPP_UNEXPECTED,	/* plain IP while MPPE is on, or MPPE while it is off */
	SLUICE_DROP_MPPE_MALFORMED,
	SLUICE_DROP_MPPE_COHERENCY,	/* lost sync: waiting for a flushed packet */
	SLUICE_DROP_MPPE_LATE,		/* reordered beyond what the key history covers */
	SLUICE_DROP_CTRL_QUEUE,		/* nobody listening, or the listener's queue is full */
	SLUICE_DROP_TX_NO_ROUTE,
	SLUICE_DROP_TX_TOO_BIG,
	SLUICE_DROP_TX_NOMEM,
	SLUICE_DROP_TX_PROTO,		/* neither IPv4 nor IPv6 */
	SLUICE_DROP_PAD,
	SLUICE_DROP_L2TP_TRUNCATED,	/* module counters: malformed L2TP data messages */
	SLUICE_DROP_L2TP_VERSION,
	SLUICE_DROP_L2TP_LENGTH,
	SLUICE_DROP_L2TP_OFFSET,
	SLUICE_DROP_L2TP_PEER,		/* known ids from the wrong address, port or socket */
	SLUICE_DROP_L2TP_POLICY,	/* refused by the IPsec policy (L2TP/IPsec) */
	/* API 4: */
	SLUICE_DROP_TX_NESTED,		/* from another session's transmit, this one busy */
	SLUICE_DROP_GRE_NOT_HOST,	/* module: GRE to a broadcast or multicast address */
	SLUICE_DROP_L2TP_GSO,		/* module: a GSO (aggregated) datagram on the socket */
	SLUICE_DROP_CTRL_RATE,		/* control frames beyond the session's rate to sluiced */
	SLUICE_DROP_CTRL_TOO_BIG,	/* a control frame above SLUICE_CTRL_FRAME_MAX */
	SLUICE_DROP_MPPE_REKEY_LIMIT,	/* a coherency-count jump beyond the rekey budget */
	SLUICE_DROP_PPP_PROTO_CLOSED,	/* a network protocol the daemon did not open */
	/* API 5: */
	SLUICE_DROP_PENDING,		/* data for a session with no interface yet */
	/* API 7: */
	SLUICE_DROP_RATE_RX,		/* from the peer, over its rate limit, queue full */
	SLUICE_DROP_RATE_TX,		/* to the peer, over its rate limit, queue full */
	/* API 8: */
	SLUICE_DROP_PPPOE_TRUNCATED,	/* module: shorter than its header, or no MAC header */
	SLUICE_DROP_PPPOE_HEADER,	/* module: VER/TYPE not 1, CODE not 0, LENGTH past the end */
	SLUICE_DROP_PPPOE_NOT_HOST,	/* module: to another MAC, broadcast or multicast */
	SLUICE_DROP_PPPOE_DEVICE,	/* a known session id and MAC on another device */
	__SLUICE_DROP_MAX
};
#define SLUICE_DROP_MAX (__SLUICE_DROP_MAX - 1)

#endif /* _UAPI_LINUX_SLUICE_H */
