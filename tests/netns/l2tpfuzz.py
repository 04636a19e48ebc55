#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile L2TP control traffic at UDP 1701 for a fixed time budget.

  l2tpfuzz.py HOST SECONDS [SEED]

Several peers (UDP sockets on their own ports) each run a tunnel as far as the LNS lets them:
SCCRQ, SCCCN, ICRQ, ICCN, HELLO, CDN, StopCCN, WEN, SLI, OCRQ, with Ns/Nr mostly right,
learning the LNS's tunnel and session ids from its replies, and acknowledging them. Any
message may instead be mutated: flipped bytes, a wrong Length, unknown or mandatory-unknown
AVPs, hidden bits without a Random Vector, truncation, wrong ids, other peers' tunnel ids,
data messages for unknown sessions, plain noise. Prints how many datagrams went out and
what came back. Only the address given is ever contacted.
"""
import random
import select
import socket
import struct
import sys
import time

SCCRQ, SCCRP, SCCCN, STOPCCN, HELLO = 1, 2, 3, 4, 6
OCRQ, ICRQ, ICRP, ICCN, CDN, WEN, SLI = 7, 10, 11, 12, 14, 15, 16


def avp(attr, value, m=True, hidden=False):
    flags = (0x8000 if m else 0) | (0x4000 if hidden else 0)
    return struct.pack(">HHH", flags | (6 + len(value)), 0, attr) + value


def u16(v):
    return struct.pack(">H", v & 0xffff)


def u32(v):
    return struct.pack(">I", v & 0xffffffff)


class Peer:
    def __init__(self, r, host):
        self.r = r
        self.host = host
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("0.0.0.0", 0))
        self.sock.setblocking(False)
        self.reset()

    def reset(self):
        self.tid = self.r.randrange(1, 65536)
        self.lns_tid = 0
        self.lns_sids = []
        self.ns = 0
        self.nr = 0

    def avps(self, t):
        r = self.r
        if t == SCCRQ:
            return (avp(2, b"\x01\x00") + avp(3, u32(3)) + avp(7, b"fuzz") +
                    avp(9, u16(self.tid)) + avp(10, u16(r.choice([1, 4, 16]))))
        if t in (ICRQ, OCRQ):
            body = avp(14, u16(r.randrange(1, 65536))) + avp(15, u32(r.randrange(2 ** 32)))
            if t == OCRQ:
                body += (avp(16, u32(0)) + avp(17, u32(1)) + avp(18, u32(1)) +
                         avp(19, u32(1)) + avp(21, b"1"))
            return body
        if t == ICCN:
            body = avp(24, u32(10000000)) + avp(19, u32(1))
            return body + (avp(39, b"") if r.random() < 0.3 else b"")
        if t == CDN:
            return avp(1, u16(1)) + avp(14, u16(r.randrange(1, 65536)))
        if t == STOPCCN:
            return avp(9, u16(self.tid)) + avp(1, u16(1))
        if t == WEN:
            return avp(34, b"\x00\x00" + bytes(24))
        if t == SLI:
            return avp(35, b"\x00\x00" + u32(0xffffffff) + u32(0xffffffff))
        return b""

    def message(self, t):
        r = self.r
        body = avp(0, u16(t)) + self.avps(t)
        tid = 0 if t == SCCRQ else self.lns_tid
        sid = 0
        if t in (ICCN, CDN, WEN, SLI) and self.lns_sids:
            sid = r.choice(self.lns_sids)
        return struct.pack(">HHHHHH", 0xc802, 12 + len(body), tid, sid, self.ns, self.nr) + body

    def mutate(self, m, others):
        r = self.r
        m = bytearray(m)
        kind = r.randrange(10)
        if kind == 0:
            for _ in range(r.randrange(1, 4)):
                m[r.randrange(len(m))] = r.randrange(256)
        elif kind == 1:
            m[2:4] = u16(r.choice([0, 11, 12, len(m) - 1, len(m) + 1, 65535]))
        elif kind == 2:
            m += avp(r.randrange(40, 400), bytes(r.randrange(8)), m=r.random() < 0.5)
            m[2:4] = u16(len(m))
        elif kind == 3 and len(m) > 20:
            m[20] |= 0x40			# a hidden AVP, no Random Vector
        elif kind == 4:
            del m[r.randrange(len(m)):]
        elif kind == 5:
            m[4:6] = u16(r.choice(others) if others else r.randrange(65536))
        elif kind == 6:
            m[8:10] = u16(self.ns + r.choice([-1, 1, 5, 100, 32768]))
        elif kind == 7:				# a data message for some session
            m = bytearray(struct.pack(">HHH", 0x0002, self.lns_tid or r.randrange(65536),
                                      r.randrange(65536)) + b"\xff\x03\xc0\x21" + bytes(8))
        elif kind == 8:
            m = bytearray(r.randbytes(r.randrange(64)))
        else:
            m[0:2] = u16(r.choice([0xc803, 0xc801, 0x8002, 0xc002, 0xca02]))
        return bytes(m)

    def receive(self):
        got = 0
        while True:
            try:
                data, _ = self.sock.recvfrom(65536)
            except BlockingIOError:
                return got
            got += 1
            if len(data) < 12 or not data[0] & 0x80:
                continue
            _, _, tid, sid, ns, _ = struct.unpack(">HHHHHH", data[:12])
            if len(data) == 12:
                continue
            if ns == self.nr:
                self.nr = (self.nr + 1) & 0xffff
            mtype = struct.unpack(">H", data[18:20])[0] if len(data) >= 20 else 0
            if mtype == SCCRP:
                self.lns_tid = find_u16(data, 9) or self.lns_tid
            elif mtype == ICRP:
                s = find_u16(data, 14)
                if s:
                    self.lns_sids = (self.lns_sids + [s])[-8:]
            ack = struct.pack(">HHHHHH", 0xc802, 12, self.lns_tid, 0, self.ns, self.nr)
            self.sock.sendto(ack, (self.host, 1701))
            if mtype == STOPCCN:
                self.reset()


def find_u16(data, attr):
    off = 12
    while off + 6 <= len(data):
        flags, vendor, a = struct.unpack(">HHH", data[off:off + 6])
        length = flags & 0x3ff
        if length < 6:
            return 0
        if vendor == 0 and a == attr and length == 8 and not flags & 0x4000:
            return struct.unpack(">H", data[off + 6:off + 8])[0]
        off += length
    return 0


def main():
    host, seconds = sys.argv[1], float(sys.argv[2])
    r = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    peers = [Peer(r, host) for _ in range(6)]
    sent = received = 0
    end = time.time() + seconds
    order = [SCCRQ, SCCCN, ICRQ, ICCN, HELLO, ICRQ, ICCN, WEN, SLI, OCRQ, CDN, STOPCCN]
    while time.time() < end:
        p = r.choice(peers)
        t = order[r.randrange(len(order))] if p.lns_tid else SCCRQ
        if p.lns_tid == 0 and r.random() < 0.5:
            t = r.choice(order)
        m = p.message(t)
        if r.random() < 0.4:
            m = p.mutate(m, [q.lns_tid for q in peers if q is not p and q.lns_tid])
        else:
            p.ns = (p.ns + 1) & 0xffff
        p.sock.sendto(m, (host, 1701))
        sent += 1
        select.select([q.sock for q in peers], [], [], 0.002)
        for q in peers:
            received += q.receive()
    print(f"l2tpfuzz: {sent} datagrams sent, {received} received, from {len(peers)} peers")


if __name__ == "__main__":
    main()
