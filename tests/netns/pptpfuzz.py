#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile PPTP control connections for a fixed time budget.

  pptpfuzz.py HOST SECONDS [SEED]

Each connection sends a mix of well-formed and mutated control messages (RFC 2637 layouts:
SCCRQ, OCRQ, Echo, Set-Link-Info, Call-Clear, Stop), flipped bytes, wrong lengths and
cookies, truncations and noise, then closes. Prints how many connections and messages went
out. Only the address given is ever contacted.
"""
import random
import socket
import struct
import sys
import time

MAGIC = 0x1A2B3C4D


def msg(ctype, body):
    return struct.pack(">HHIHH", 12 + len(body), 1, MAGIC, ctype, 0) + body


def sccrq(r):
    return msg(1, struct.pack(">HHIIHH64s64s", 0x0100, 0, 3, 3, 0, 1,
                              b"fuzz", b"sluice-tests"))


def ocrq(r):
    return msg(7, struct.pack(">HHIIIIHHHH64s64s", r.randrange(65536), r.randrange(65536),
                              2400, 10000000, 3, 3, r.choice([0, 3, 64, 65535]), 0, 0, 0,
                              b"", b""))


def echorq(r):
    return msg(5, struct.pack(">I", r.randrange(2 ** 32)))


def sli(r):
    return msg(15, struct.pack(">HHII", r.randrange(65536), 0, 0xffffffff, 0xffffffff))


def ccrq(r):
    return msg(12, struct.pack(">HH", r.randrange(65536), 0))


def stopccrq(r):
    return msg(3, struct.pack(">BBH", 1, 0, 0))


def mutate(r, m):
    m = bytearray(m)
    kind = r.randrange(6)
    if kind == 0 and m:
        for _ in range(r.randrange(1, 4)):
            m[r.randrange(len(m))] = r.randrange(256)
    elif kind == 1:
        m[0:2] = struct.pack(">H", r.choice([0, 1, 11, 12, len(m) - 1, len(m) + 1, 221, 65535]))
    elif kind == 2:
        m[4:8] = struct.pack(">I", r.randrange(2 ** 32))
    elif kind == 3:
        m = m[:r.randrange(len(m))]
    elif kind == 4:
        m[8:10] = struct.pack(">H", r.randrange(20))
    else:
        m = bytearray(r.randbytes(r.randrange(1, 300)))
    return bytes(m)


def one_connection(host, r):
    s = socket.create_connection((host, 1723), timeout=2)
    sent = 0
    try:
        plan = [sccrq] if r.random() < 0.8 else []
        plan += [r.choice([ocrq, echorq, sli, ccrq, stopccrq, sccrq]) for _ in range(r.randrange(1, 6))]
        for step in plan:
            m = step(r)
            if r.random() < 0.5:
                m = mutate(r, m)
            if r.random() < 0.2:    # dribble it out in pieces
                for i in range(0, len(m), 7):
                    s.sendall(m[i:i + 7])
            else:
                s.sendall(m)
            sent += 1
            if r.random() < 0.3:
                try:
                    s.recv(4096)
                except (socket.timeout, OSError):
                    break
    except OSError:
        pass            # the server closed on us: that is the expected answer to most of this
    finally:
        s.close()
    return sent


def main():
    host, seconds = sys.argv[1], float(sys.argv[2])
    r = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    end = time.monotonic() + seconds
    conns = msgs = 0
    while time.monotonic() < end:
        try:
            msgs += one_connection(host, r)
            conns += 1
        except OSError:
            time.sleep(0.05)
    print("connections %d messages %d" % (conns, msgs))


if __name__ == "__main__":
    main()
