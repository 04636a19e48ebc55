#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal L2TP LAC with several concurrent calls in one tunnel, for what xl2tpd cannot do.

  l2tplac.py LNS LOCAL_ADDR LOCAL_PORT NCALLS FIRST_UNIT -- PPPD_OPTIONS...

Opens one tunnel to LNS:1701 from LOCAL_ADDR:LOCAL_PORT, places NCALLS incoming calls in it,
and for each runs pppd over the kernel's L2TP (l2tp_ppp: a PPPoL2TP tunnel socket on our UDP
socket, one session socket per call, pppd's pppol2tp plugin) as pppFIRST_UNIT, ... Then it
stays: acknowledges the LNS's messages (HELLO included), sends a CDN when a pppd exits, and
on SIGTERM clears the tunnel with StopCCN. Prints one line per event. Only LNS is contacted.
"""
import ctypes
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

AF_PPPOX, PX_PROTO_OL2TP = 24, 1
SCCRQ, SCCRP, SCCCN, STOPCCN, HELLO = 1, 2, 3, 4, 6
ICRQ, ICRP, ICCN, CDN = 10, 11, 12, 14
libc = ctypes.CDLL(None, use_errno=True)


def avp(attr, value, m=True):
    return struct.pack(">HHH", (0x8000 if m else 0) | (6 + len(value)), 0, attr) + value


def u16(v):
    return struct.pack(">H", v)


def u32(v):
    return struct.pack(">I", v)


def parse(data):
    """(tunnel, session, ns, nr, type or None for a ZLB, {attr: value})"""
    flags, length, tid, sid, ns, nr = struct.unpack(">HHHHHH", data[:12])
    avps, off = {}, 12
    while off + 6 <= len(data):
        f, vendor, a = struct.unpack(">HHH", data[off:off + 6])
        n = f & 0x3ff
        if n < 6:
            break
        if vendor == 0:
            avps[a] = data[off + 6:off + n]
        off += n
    mtype = struct.unpack(">H", avps[0])[0] if 0 in avps else None
    return tid, sid, ns, nr, mtype, avps


def pppox_connect(fd, udp_fd, lns, s_tunnel, s_session, d_tunnel, d_session):
    addr = (struct.pack("<HIii", AF_PPPOX, PX_PROTO_OL2TP, 0, udp_fd) +
            struct.pack("<H", socket.AF_INET) + struct.pack(">H", 1701) +
            socket.inet_aton(lns) + bytes(8) +
            struct.pack("<HHHH", s_tunnel, s_session, d_tunnel, d_session))
    buf = ctypes.create_string_buffer(addr, len(addr))
    if libc.connect(fd, buf, len(addr)) != 0:
        raise OSError(ctypes.get_errno(), "connect PPPoL2TP: " + os.strerror(ctypes.get_errno()))


class Lac:
    def __init__(self, lns, local, port):
        self.lns = lns
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind((local, port))
        self.udp.connect((lns, 1701))
        self.tid = (os.getpid() & 0x7fff) + 1
        self.lns_tid = 0
        self.ns = self.nr = 0
        self.calls = {}			# our session id -> [lns session id, pppd, session socket]

    def send(self, mtype, sid, body, tid=None):
        body = avp(0, u16(mtype)) + body
        hdr = struct.pack(">HHHHHH", 0xc802, 12 + len(body),
                          self.lns_tid if tid is None else tid, sid, self.ns, self.nr)
        self.ns = (self.ns + 1) & 0xffff
        self.udp.send(hdr + body)
        return hdr + body

    def ack(self):
        self.udp.send(struct.pack(">HHHHHH", 0xc802, 12, self.lns_tid, 0, self.ns, self.nr))

    def receive(self, timeout):
        """The next message (acknowledged), None on timeout; ZLBs and data skipped."""
        end = time.time() + timeout
        while True:
            left = end - time.time()
            if left <= 0 or not select.select([self.udp], [], [], left)[0]:
                return None
            data = self.udp.recv(65536)
            if len(data) < 12 or not data[0] & 0x80:
                continue
            m = parse(data)
            if m[4] is None:
                continue
            if m[2] == self.nr:
                self.nr = (self.nr + 1) & 0xffff
            self.ack()
            return m

    def request(self, mtype, sid, body, want):
        """Sends, retransmitting every second, until a message of type want comes."""
        msg = self.send(mtype, sid, body)
        for _ in range(8):
            end = time.time() + 1
            while time.time() < end:
                m = self.receive(end - time.time())
                if m and m[4] == want:
                    return m
                if m and m[4] in (STOPCCN, CDN):
                    raise SystemExit(f"l2tplac: refused with message type {m[4]}: {m[5].get(1, b'').hex()}")
            self.udp.send(msg[:8] + struct.pack(">H", self.nr) + msg[10:])
        raise SystemExit(f"l2tplac: no answer of type {want}")

    def tunnel(self):
        m = self.request(SCCRQ, 0, avp(2, b"\x01\x00") + avp(3, u32(3)) + avp(7, b"l2tplac") +
                         avp(9, u16(self.tid)) + avp(10, u16(8)), SCCRP)
        self.lns_tid = struct.unpack(">H", m[5][9])[0]
        self.send(SCCCN, 0, b"")
        self.pppox = socket.socket(AF_PPPOX, socket.SOCK_DGRAM, PX_PROTO_OL2TP)
        pppox_connect(self.pppox.fileno(), self.udp.fileno(), self.lns, self.tid, 0,
                      self.lns_tid, 0)
        print(f"l2tplac: tunnel {self.tid} up, the LNS's {self.lns_tid}", flush=True)

    def call(self, sid, unit, opts):
        m = self.request(ICRQ, 0, avp(14, u16(sid)) + avp(15, u32(sid)), ICRP)
        lns_sid = struct.unpack(">H", m[5][14])[0]
        self.send(ICCN, lns_sid, avp(24, u32(100000000)) + avp(19, u32(1)))
        s = socket.socket(AF_PPPOX, socket.SOCK_DGRAM, PX_PROTO_OL2TP)
        pppox_connect(s.fileno(), self.udp.fileno(), self.lns, self.tid, sid, self.lns_tid,
                      lns_sid)
        pppd = subprocess.Popen(["pppd", "plugin", "pppol2tp.so", "pppol2tp", str(s.fileno()),
                                 "pppol2tp_tunnel_id", str(self.tid), "pppol2tp_session_id",
                                 str(sid), "unit", str(unit), "nodetach"] + opts,
                                pass_fds=[s.fileno()])
        self.calls[sid] = [lns_sid, pppd, s]
        print(f"l2tplac: call {sid} (the LNS's {lns_sid}) as ppp{unit}, pppd {pppd.pid}", flush=True)

    def serve(self):
        stop = []
        signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
        while not stop:
            m = self.receive(0.5)
            if m and m[4] == STOPCCN:
                print("l2tplac: StopCCN from the LNS", flush=True)
                break
            if m and m[4] == CDN:
                print(f"l2tplac: CDN for session {m[1]}", flush=True)
            for sid, (lns_sid, pppd, s) in list(self.calls.items()):
                if pppd.poll() is not None:
                    print(f"l2tplac: pppd of call {sid} exited: CDN", flush=True)
                    self.send(CDN, lns_sid, avp(1, u16(3)) + avp(14, u16(sid)))
                    s.close()
                    del self.calls[sid]
        for sid, (lns_sid, pppd, s) in self.calls.items():
            pppd.terminate()
        self.send(STOPCCN, 0, avp(9, u16(self.tid)) + avp(1, u16(6)))
        self.receive(1)
        for _, pppd, _ in self.calls.values():
            pppd.wait(5)


def main():
    lns, local, port, ncalls, unit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    opts = sys.argv[7:] if sys.argv[6] == "--" else sys.argv[6:]
    lac = Lac(lns, local, port)
    lac.tunnel()
    for i in range(ncalls):
        lac.call(100 + i, unit + i, opts)
    lac.serve()


if __name__ == "__main__":
    main()
