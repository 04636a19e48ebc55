#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# A PPPoE load generator: N hosts, each its own MAC, on one interface, all started at once.
# Each does RFC 2516 Discovery, LCP (MRU 1492, a magic number), PAP, IPCP (takes the
# address the server Naks), answers the server's LCP and IPCP requests and echoes, then
# pings the server's address through its session; the server's kernel answers through its
# session interface. Prints one JSON line: how many came up, how long that took, how many
# got their ping answered. For test_pppoe_server.sh.
#   pppoe_load.py IFACE COUNT USER PASSWORD [SECONDS]
import json
import os
import select
import socket
import struct
import sys
import time

ETH_DISC, ETH_SESS = 0x8863, 0x8864
PADI, PADO, PADR, PADS, PADT = 0x09, 0x07, 0x19, 0x65, 0xA7
LCP, PAP, IPCP, IP = 0xC021, 0xC023, 0x8021, 0x0021
BCAST = b"\xff" * 6


def tags(*items):
    return b"".join(struct.pack("!HH", t, len(v)) + v for t, v in items)


def parse_tags(payload):
    out, i = {}, 0
    while i + 4 <= len(payload):
        t, n = struct.unpack_from("!HH", payload, i)
        out.setdefault(t, payload[i + 4:i + 4 + n])
        i += 4 + n
    return out


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


class Host:
    def __init__(self, gen, idx):
        self.gen, self.idx = gen, idx
        self.mac = bytes([0x02, 0x5E, 0, (idx >> 16) & 0xFF, (idx >> 8) & 0xFF, idx & 0xFF])
        self.uniq = struct.pack("!I", idx)
        self.ac = None
        self.sid = 0
        self.state = "padi"
        self.addr = b"\0\0\0\0"
        self.peer = None
        self.lcp_ours = self.lcp_theirs = False
        self.ipcp_ours = self.ipcp_theirs = False
        self.up_at = None
        self.pinged = False
        self.next_send = 0.0
        self.tries = 0

    def disc(self, dst, code, sid, payload):
        self.gen.send(dst + self.mac + struct.pack("!HBBHH", ETH_DISC, 0x11, code, sid,
                                                   len(payload)) + payload)

    def ppp(self, proto, body):
        p = struct.pack("!H", proto) + body
        self.gen.send(self.ac + self.mac + struct.pack("!HBBHH", ETH_SESS, 0x11, 0,
                                                       self.sid, len(p)) + p)

    def ctl(self, proto, code, ident, data):
        self.ppp(proto, struct.pack("!BBH", code, ident, 4 + len(data)) + data)

    def kick(self, now):
        """(Re)send what the current state waits on."""
        if now < self.next_send or self.state == "up":
            return
        self.tries += 1
        self.next_send = now + min(8, 2 ** self.tries)
        if self.state == "padi":
            self.disc(BCAST, PADI, 0, tags((0x0101, b""), (0x0103, self.uniq)))
        elif self.state == "padr":
            self.disc(self.ac, PADR, 0, self.padr)
        elif self.state == "lcp" and not self.lcp_ours:
            self.ctl(LCP, 1, 1, struct.pack("!BBH", 1, 4, 1492) +
                     struct.pack("!BBI", 5, 6, 0x10000 + self.idx))
        elif self.state == "pap":
            u, p = self.gen.user, self.gen.password
            self.ctl(PAP, 1, 1, bytes([len(u)]) + u + bytes([len(p)]) + p)
        elif self.state == "ipcp" and not self.ipcp_ours:
            self.ctl(IPCP, 1, 1, struct.pack("!BB", 3, 6) + self.addr)

    def on_disc(self, src, code, sid, payload):
        t = parse_tags(payload)
        if t.get(0x0103) != self.uniq:
            return
        if code == PADO and self.state == "padi":
            self.ac = src
            self.padr = tags((0x0101, b""), (0x0103, self.uniq),
                             *[(k, t[k]) for k in (0x0104, 0x0110) if k in t])
            self.go("padr")
        elif code == PADS and self.state == "padr" and sid:
            self.sid = sid
            self.go("lcp")

    def go(self, state):
        self.state, self.tries, self.next_send = state, 0, 0.0
        self.kick(time.monotonic())

    def on_ppp(self, proto, body):
        if len(body) < 4:
            return
        code, ident, n = struct.unpack_from("!BBH", body)
        data = body[4:n]
        if proto == LCP:
            self.on_lcp(code, ident, data)
        elif proto == PAP and code == 2 and self.state == "pap":
            self.go("ipcp")
        elif proto == IPCP:
            self.on_ipcp(code, ident, data)
        elif proto == IP:
            self.on_ip(body)
        elif proto != PAP:     # CCP, IPV6CP: not ours
            self.ctl(LCP, 8, ident, struct.pack("!H", proto) + body)

    def on_lcp(self, code, ident, data):
        if code == 1:          # their Configure-Request: anything but an auth other than PAP
            auth = self.option(data, 3)
            if auth is not None and auth[:2] != b"\xc0\x23":
                self.ctl(LCP, 3, ident, b"\x03\x04\xc0\x23")
            else:
                self.ctl(LCP, 2, ident, data)
                self.lcp_theirs = True
        elif code == 2:
            self.lcp_ours = True
        elif code == 9:        # Echo-Request
            self.ctl(LCP, 10, ident, struct.pack("!I", 0x10000 + self.idx) + data[4:])
        elif code == 5:        # Terminate-Request
            self.ctl(LCP, 6, ident, b"")
            self.state = "ended"
        if self.state == "lcp" and self.lcp_ours and self.lcp_theirs:
            self.go("pap")

    @staticmethod
    def option(data, kind):
        i = 0
        while i + 2 <= len(data) and data[i + 1] >= 2:
            if data[i] == kind:
                return data[i + 2:i + data[i + 1]]
            i += data[i + 1]
        return None

    def on_ipcp(self, code, ident, data):
        if code == 1:
            self.peer = data[2:6] if len(data) >= 6 else None
            self.ctl(IPCP, 2, ident, data)
            self.ipcp_theirs = True
        elif code == 3 and len(data) >= 6:     # Nak: the address to take
            self.addr = data[2:6]
            self.tries, self.next_send = 0, 0.0
            self.kick(time.monotonic())
        elif code == 2:
            self.ipcp_ours = True
        if self.state == "ipcp" and self.ipcp_ours and self.ipcp_theirs:
            self.state = "up"
            self.up_at = time.monotonic()

    def ping(self):
        icmp = struct.pack("!BBHHH", 8, 0, 0, self.idx & 0xFFFF, 1) + b"sluice"
        icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), self.idx & 0xFFFF, 0, 64, 1,
                         0, self.addr, self.peer)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        self.ppp(IP, ip + icmp)

    def on_ip(self, pkt):
        if len(pkt) >= 28 and pkt[9] == 1 and pkt[20] == 0:    # ICMP echo reply
            self.pinged = True


class Gen:
    def __init__(self, iface, count, user, password):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.s.bind((iface, 0))
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.user, self.password = user.encode(), password.encode()
        self.hosts = [Host(self, i + 1) for i in range(count)]
        self.by_mac = {h.mac: h for h in self.hosts}

    def send(self, frame):
        try:
            self.s.send(frame)
        except OSError:
            pass        # a full queue: the retry timers resend

    def receive(self):
        while True:
            try:
                f = self.s.recv(2048, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return
            if len(f) < 20:
                continue
            h = self.by_mac.get(f[0:6])
            etype, = struct.unpack_from("!H", f, 12)
            if not h:
                continue
            _, code, sid, n = struct.unpack_from("!BBHH", f, 14)
            payload = f[20:20 + n]
            if etype == ETH_DISC:
                h.on_disc(f[6:12], code, sid, payload)
            elif etype == ETH_SESS and sid == h.sid and len(payload) >= 2:
                proto, = struct.unpack_from("!H", payload)
                h.on_ppp(proto, payload[2:])

    def run(self, seconds):
        start = time.monotonic()
        deadline = start + seconds
        while time.monotonic() < deadline:
            now = time.monotonic()
            for h in self.hosts:
                h.kick(now)
                if h.state == "up" and not h.pinged and now >= h.next_send:
                    h.ping()
                    h.next_send = now + 2
            if all(h.pinged for h in self.hosts):
                break
            select.select([self.s], [], [], 0.05)
            self.receive()
        up = [h.up_at - start for h in self.hosts if h.up_at]
        return {"hosts": len(self.hosts), "up": len(up),
                "all_up_s": round(max(up), 2) if len(up) == len(self.hosts) else None,
                "setup_per_s": round(len(up) / max(up), 1) if up else 0,
                "pinged": sum(h.pinged for h in self.hosts),
                "states": {s: sum(h.state == s for h in self.hosts)
                           for s in {h.state for h in self.hosts}}}

    def hang_up(self):
        for h in self.hosts:
            if h.sid:
                h.ctl(LCP, 5, 2, b"")
                h.disc(h.ac, PADT, h.sid, b"")


def main():
    iface, count, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 300
    g = Gen(iface, count, user, password)
    result = g.run(seconds)
    print(json.dumps(result), flush=True)
    hold = os.environ.get("PPPOE_LOAD_HOLD")
    if hold:        # keep the sessions up (answering echoes) until this file appears
        while not os.path.exists(hold):
            select.select([g.s], [], [], 0.2)
            g.receive()
    g.hang_up()


main()
