#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Bad Discovery traffic from one made-up MAC on IFACE: COUNT PADIs as fast as the socket
# takes them, PADRs with a forged AC-Cookie and none, and malformed frames (a wrong
# VER/TYPE, a tag running past LENGTH, a truncated header). For test_pppoe_server.sh.
#   pppoeflood.py IFACE COUNT
#   pppoeflood.py IFACE padt SRC-MAC DST-MAC SESSION   one PADT, from any MAC
import socket
import struct
import sys

ETH_P_PPP_DISC = 0x8863
SRC = bytes.fromhex("026600000001")
BCAST = b"\xff" * 6


def frame(dst, code, tags, vt=0x11, sid=0, length=None):
    payload = b"".join(struct.pack("!HH", t, len(v)) + v for t, v in tags)
    n = len(payload) if length is None else length
    return dst + SRC + struct.pack("!HBBHH", ETH_P_PPP_DISC, vt, code, sid, n) + payload


def padt(s, src, dst, sid):
    s.send(bytes.fromhex(dst.replace(":", "")) + bytes.fromhex(src.replace(":", "")) +
           struct.pack("!HBBHH", ETH_P_PPP_DISC, 0x11, 0xa7, sid, 0))
    print("sent a PADT for session %d from %s" % (sid, src))


def main():
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((sys.argv[1], 0))
    if sys.argv[2] == "padt":
        padt(s, sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    count = int(sys.argv[2])
    padi = frame(BCAST, 0x09, [(0x0101, b""), (0x0103, b"flood")])
    for _ in range(count):
        s.send(padi)
    server = BCAST  # the AC's MAC is unknown here: a PADR to broadcast still reaches it
    for cookie in (None, b"\x00" * 20):
        tags = [(0x0101, b"pppoe-soho")] + ([(0x0104, cookie)] if cookie else [])
        for _ in range(20):
            s.send(frame(server, 0x19, tags))
    bad = [frame(BCAST, 0x09, [(0x0101, b"")], vt=0x21),
           frame(BCAST, 0x09, [(0x0101, b"x" * 8)], length=6),
           (BCAST + SRC + struct.pack("!H", ETH_P_PPP_DISC) + b"\x11\x09")]
    for f in bad:
        for _ in range(10):
            s.send(f)
    print("sent %d PADIs, 40 PADRs, 30 malformed frames" % count)


main()
