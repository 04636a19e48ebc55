#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Random and mutated requests to the sluice generic netlink family, for a fixed time.

  nlfuzz.py SECONDS [SEED]

Each request is one command (the real ones and a few that do not exist) with a tree of
attributes: well-formed sessions (PPTP and L2TP, with PPP and MPPE nests) with bytes
flipped, lengths changed, attributes dropped, repeated or nested where they should not be,
and plain noise. Prints how many requests went out and how the module answered (errno
counts). What the kernel must do (no oops, no leak, refuse cleanly) is checked by the
caller in dmesg and by the module's session count.
"""
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlhelper import Genl, attr, nest  # noqa: E402

COMMANDS = [1, 2, 3, 4, 5, 6]		# kmod/uapi/sluice.h: GET_MODULE ... CTRL_FRAME
A_SESSION, A_PPP_FRAME = 2, 3


def u16(v):
    return struct.pack("=H", v)


def u32(v):
    return struct.pack("=I", v)


def pptp_session(r):
    pptp = nest(4, attr(1, socket.inet_aton("10.9.0.1")), attr(2, socket.inet_aton("10.9.0.2")),
                attr(3, u16(r.randrange(1, 65536))), attr(4, u16(r.randrange(65536))))
    ppp = nest(5, attr(1, u32(r.choice([0, 1, 3, 0xffffffff]))), attr(2, u16(r.randrange(65536))),
               attr(3, u32(r.randrange(8))))
    mppe = nest(6, attr(1, u32(r.choice([40, 56, 128, 0, 7]))), attr(2, u32(r.randrange(4))),
                attr(3, os.urandom(16)), attr(4, os.urandom(r.choice([16, 15, 17]))))
    return [attr(2, b"nlfuzz%d\0" % r.randrange(100)), attr(3, u32(r.choice([0, 1400, 68, 65535]))),
            pptp, ppp, mppe] + api5(r)


def api5(r):
    # API 5: a session id (small, so some exist), PENDING (NEW) and ATTACH (SET) flags
    out = []
    if r.random() < 0.5:
        out.append(attr(9, u32(r.randrange(1, 64))))
    if r.random() < 0.5:
        out.append(attr(10, b""))
    if r.random() < 0.3:
        out.append(attr(11, b""))
    return out


def l2tp_session(r):
    # FD: a small number, so some are this process's own sockets (netlink, none UDP)
    l2tp = nest(8, attr(1, u32(r.randrange(8))), attr(2, socket.inet_aton("10.9.0.1")),
                attr(3, socket.inet_aton("10.9.0.2")),
                *[attr(k, u16(r.randrange(65536))) for k in range(4, 9)],
                attr(9, u32(r.randrange(1 << 32))), attr(10, u16(r.randrange(65536))))
    return [attr(2, b"nlfuzz%d\0" % r.randrange(100)), l2tp] + api5(r)


def noise(r, depth=0):
    n = r.randrange(0, 6)
    out = []
    for _ in range(n):
        kind = r.randrange(0, 24)
        if depth < 3 and r.random() < 0.3:
            out.append(nest(kind, *noise(r, depth + 1)))
        else:
            out.append(attr(kind, os.urandom(r.choice([0, 1, 2, 3, 4, 5, 8, 16, 64, 300]))))
    return out


def mutate(r, payload):
    b = bytearray(payload)
    for _ in range(r.randrange(0, 4)):
        if not b:
            break
        kind = r.randrange(4)
        i = r.randrange(len(b))
        if kind == 0:
            b[i] = r.randrange(256)
        elif kind == 1:
            del b[i:i + r.randrange(1, 8)]
        elif kind == 2:
            b[i:i] = os.urandom(r.randrange(1, 8))
        else:
            b = b[:i]
    return bytes(b)


def request(r):
    cmd = r.choice(COMMANDS + [0, 7, 200])
    parts = r.choice([pptp_session, l2tp_session, noise])(r)
    r.shuffle(parts)
    if r.random() < 0.3:
        parts += noise(r)
    payload = nest(A_SESSION, *parts)
    if cmd == 6 or r.random() < 0.1:
        payload += attr(A_PPP_FRAME, os.urandom(r.randrange(0, 40)))
    if r.random() < 0.5:
        payload = mutate(r, payload)
    return cmd, payload


def main():
    seconds = float(sys.argv[1])
    r = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    g = Genl()
    fam = g.family("sluice")
    answers, n = {}, 0
    end = time.time() + seconds
    while time.time() < end:
        cmd, payload = request(r)
        err, _ = g.request(fam, cmd, payload)
        answers[err] = answers.get(err, 0) + 1
        n += 1
    print("requests=%d answers=%s" % (n, " ".join("%d:%d" % kv for kv in sorted(answers.items()))))


if __name__ == "__main__":
    main()
