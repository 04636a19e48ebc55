#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test helpers that need sockets the shell lacks.

  nlhelper.py fanout BASE COUNT PORT       one UDP datagram to each of COUNT addresses from BASE
  nlhelper.py grefuzz DST SECONDS CALLID   random and mutated GRE (v1) at DST; prints the count
  nlhelper.py getsession IFNAME            raw GET_SESSION reply bytes, hex, on one line
  nlhelper.py badflags                     NEW_SESSION with an unknown PPP flag bit; prints errno
  nlhelper.py getmodule                    GET_MODULE; prints its errno (0: allowed)
  nlhelper.py ctrlflood IFNAME COUNT       COUNT LCP frames out through the session, at once
"""
import ipaddress
import os
import random
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NLA_F_NESTED = 0x8000

# kmod/uapi/sluice.h
CMD_GET_MODULE, CMD_NEW_SESSION, CMD_GET_SESSION, CMD_CTRL_FRAME = 1, 2, 5, 6
A_SESSION, A_PPP_FRAME = 2, 3
S_IFINDEX = 1
S_IFNAME, S_PPTP, S_PPP, S_L2TP = 2, 4, 5, 8
PPTP_LOCAL, PPTP_PEER, PPTP_LCALL, PPTP_PCALL = 1, 2, 3, 4
PPP_FLAGS = 1


def attr(kind, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, kind) + payload + b"\0" * ((4 - n % 4) % 4)


def nest(kind, *attrs):
    return attr(kind | NLA_F_NESTED, b"".join(attrs))


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.seq = 1

    def request(self, family, cmd, payload, flags=NLM_F_REQUEST | NLM_F_ACK):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + payload
        self.s.send(struct.pack("=IHHII", 16 + len(body), family, flags, self.seq, 0) + body)
        replies = []
        while True:
            data = self.s.recv(65536)
            off = 0
            while off < len(data):
                length, kind = struct.unpack_from("=IH", data, off)
                msg = data[off:off + length]
                if kind == NLMSG_ERROR:
                    err = struct.unpack_from("=i", msg, 16)[0]
                    return -err, replies
                replies.append(msg)
                off += (length + 3) & ~3

    def family(self, name):
        err, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                    attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err:
            sys.exit("no family %s: errno %d" % (name, err))
        msg = replies[0]
        off = 20
        while off < len(msg):
            n, kind = struct.unpack_from("=HH", msg, off)
            if kind == CTRL_ATTR_FAMILY_ID:
                return struct.unpack_from("=H", msg, off + 4)[0]
            off += (n + 3) & ~3
        sys.exit("no family id")


def fanout(base, count, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    first = ipaddress.IPv4Address(base)
    for i in range(int(count)):
        s.sendto(b"sluice %d" % i, (str(first + i), int(port)))
    print("sent %d" % int(count))


def grefuzz(dst, seconds, call_id):
    """Valid-looking headers for the live call id, then mutate bytes, lengths and flags."""
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
    rnd = random.Random(1)
    call_id = int(call_id)
    end = time.monotonic() + float(seconds)
    sent = 0
    while time.monotonic() < end:
        kind = rnd.randrange(4)
        if kind == 0:        # pure noise
            pkt = os.urandom(rnd.randrange(0, 64))
        else:
            payload = os.urandom(rnd.randrange(0, 80))
            if kind == 2:    # an MPPE-looking datagram
                payload = b"\xff\x03\x00\xfd" + os.urandom(rnd.randrange(0, 40))
            flags = 0x3081 if rnd.random() < 0.8 else rnd.randrange(65536)
            hdr = struct.pack(">HHHHI", flags, 0x880B, len(payload) + rnd.choice([0, 0, 1, -1, 300]) & 0xffff,
                              call_id if rnd.random() < 0.8 else rnd.randrange(65536), rnd.randrange(2 ** 32))
            if flags & 0x80:
                hdr += struct.pack(">I", rnd.randrange(2 ** 32))
            pkt = bytearray(hdr + payload)
            for _ in range(rnd.randrange(0, 3) if kind == 3 else 0):
                if pkt:
                    pkt[rnd.randrange(len(pkt))] = rnd.randrange(256)
            pkt = bytes(pkt[:rnd.randrange(len(pkt) + 1)] if kind == 3 and rnd.random() < 0.3 else pkt)
        try:
            s.sendto(pkt, (dst, 0))
            sent += 1
        except OSError:
            pass
    print("sent %d" % sent)


def l2tpsend(dst, dport, sport, hexdata):
    """One datagram from a chosen source port (a forged or malformed L2TP message)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", int(sport)))
    s.sendto(bytes.fromhex(hexdata), (dst, int(dport)))
    print("sent 1")


def l2tpfuzz(dst, dport, sport, tunnel, session, seconds):
    """Data headers for the live ids with random flags, lengths, offsets and payloads."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", int(sport)))
    rnd = random.Random(2)
    end = time.monotonic() + float(seconds)
    sent = 0
    while time.monotonic() < end:
        flags = 0x0002 if rnd.random() < 0.6 else rnd.randrange(65536) & ~0x8000
        body = struct.pack(">HH", int(tunnel) if rnd.random() < 0.9 else rnd.randrange(65536),
                           int(session) if rnd.random() < 0.9 else rnd.randrange(65536))
        if flags & 0x4000:
            body = struct.pack(">H", rnd.randrange(65536)) + body
        if flags & 0x0800:
            body += struct.pack(">HH", rnd.randrange(65536), rnd.randrange(65536))
        if flags & 0x0200:
            body += struct.pack(">H", rnd.choice([0, 1, 4, 300, rnd.randrange(65536)]))
        payload = os.urandom(rnd.randrange(0, 80))
        if rnd.random() < 0.3:
            payload = b"\xff\x03\x00\xfd" + os.urandom(rnd.randrange(0, 40))
        pkt = struct.pack(">H", flags) + body + payload
        try:
            s.sendto(pkt[:rnd.randrange(len(pkt) + 1)] if rnd.random() < 0.2 else pkt,
                     (dst, int(dport)))
            sent += 1
        except OSError:
            pass
    print("sent %d" % sent)


def l2tp_badsocket(kind):
    """NEW_SESSION over L2TP with a socket the module must refuse; prints the errno."""
    g = Genl()
    fam = g.family("sluice")
    if kind == "tcp":
        sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    else:
        sk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)    # never bound
    u16 = lambda v: struct.pack("=H", v)
    l2tp = nest(S_L2TP, attr(1, struct.pack("=i", sk.fileno())),
                attr(3, socket.inet_aton("10.9.0.2")), attr(4, u16(1701)),
                attr(5, u16(77)), attr(6, u16(78)), attr(7, u16(79)), attr(8, u16(80)))
    err, _ = g.request(fam, CMD_NEW_SESSION, nest(A_SESSION, l2tp))
    print(err)


def getsession(ifname):
    g = Genl()
    fam = g.family("sluice")
    err, replies = g.request(fam, CMD_GET_SESSION,
                             nest(A_SESSION, attr(S_IFNAME, ifname.encode() + b"\0")))
    if err:
        sys.exit("GET_SESSION: errno %d" % err)
    print(b"".join(replies).hex())


def badflags():
    g = Genl()
    fam = g.family("sluice")
    pptp = nest(S_PPTP, attr(PPTP_LOCAL, socket.inet_aton("10.9.0.1")),
                attr(PPTP_PEER, socket.inet_aton("10.9.0.77")),
                attr(PPTP_LCALL, struct.pack("=H", 77)), attr(PPTP_PCALL, struct.pack("=H", 78)))
    ppp = nest(S_PPP, attr(PPP_FLAGS, struct.pack("=I", 1 << 30)))
    err, _ = g.request(fam, CMD_NEW_SESSION, nest(A_SESSION, pptp, ppp))
    print(err)


def getmodule():
    """GET_MODULE in the caller's namespaces: 0, or the errno (1: EPERM)."""
    g = Genl()
    fam = g.family("sluice")
    err, _ = g.request(fam, CMD_GET_MODULE, b"")
    print(err)


def ctrlflood(ifname, count):
    """LCP Echo-Requests out through the session as fast as the family takes them; prints
    how many it accepted."""
    g = Genl()
    fam = g.family("sluice")
    with open("/sys/class/net/%s/ifindex" % ifname) as f:
        ifindex = int(f.read())
    sess = nest(A_SESSION, attr(S_IFINDEX, struct.pack("=I", ifindex)))
    ok = 0
    for i in range(int(count)):
        frame = struct.pack(">HBBHI", 0xc021, 9, i & 0xff, 8, 0x11223344)
        err, _ = g.request(fam, CMD_CTRL_FRAME, sess + attr(A_PPP_FRAME, frame))
        ok += err == 0
    print("accepted %d" % ok)


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
