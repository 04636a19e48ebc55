#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes fuzz_xfrm's seeds (tests/fuzz/corpus/xfrm/): GETSA dump datagrams laid out as
the kernel's xfrm_user.c sends them (struct xfrm_usersa_info, 224 bytes on x86-64, then
attributes), and a /proc/net/xfrm_stat text. Run it again if the layout changes."""
import os
import socket
import struct

INF = 2**64 - 1
NEWSA, DONE = 16, 3
ALG_AUTH, ALG_CRYPT, ENCAP, REPLAY_VAL, LASTUSED = 1, 2, 4, 10, 15
ALG_AEAD, ALG_AUTH_TRUNC, MARK = 18, 20, 21


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


def alg(name, bits, extra=b""):
    return name.encode().ljust(64, b"\0") + struct.pack("=I", bits) + extra + b"\xab" * (bits // 8)


def addr(family, a):
    return socket.inet_pton(family, a).ljust(16, b"\0")


def info(family, src, dst, spi, proto, mode):
    b = bytearray(224)
    b[56:72] = addr(family, dst)
    b[72:76] = struct.pack(">I", spi)
    b[76] = proto
    b[80:96] = addr(family, src)
    b[96:160] = struct.pack("=8Q", INF, INF, INF, INF, 1440, 1800, 0, 0)
    b[160:192] = struct.pack("=4Q", 1234, 10, 1700000000, 0)
    b[208:212] = struct.pack("=I", 7)
    b[212:214] = struct.pack("=H", family)
    b[214], b[215] = mode, 32
    return bytes(b)


def msg(t, body, seq=0):
    return struct.pack("=IHHII", 16 + len(body), t, 2, seq, 0) + body


def sa(family, src, dst, spi, proto, mode, algs, encap=None):
    body = info(family, src, dst, spi, proto, mode) + attr(LASTUSED, struct.pack("=Q", 0)) + algs
    if encap:
        body += attr(ENCAP, struct.pack("=H", 2) + struct.pack(">HH", *encap) + b"\0" * 18)
    body += attr(MARK, b"\0" * 8) + attr(REPLAY_VAL, b"\0" * 12)
    return msg(NEWSA, body)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "xfrm")
    os.makedirs(out, exist_ok=True)
    sha = attr(ALG_AUTH, alg("hmac(sha256)", 256)) + \
        attr(ALG_AUTH_TRUNC, alg("hmac(sha256)", 256, struct.pack("=I", 128)))
    transport = sa(socket.AF_INET, "10.0.0.1", "10.0.0.2", 0xC0FFEE, 50, 0,
                   sha + attr(ALG_CRYPT, alg("cbc(aes)", 128)))
    natt = sa(socket.AF_INET, "192.0.2.1", "198.51.100.7", 0x1000, 50, 0,
              attr(ALG_AEAD, alg("rfc4106(gcm(aes))", 288, struct.pack("=I", 128))),
              encap=(4500, 4500))
    ah6 = sa(socket.AF_INET6, "fd00::1", "fd00::2", 0x2000, 51, 1,
             attr(ALG_AUTH_TRUNC, alg("hmac(sha1)", 160, struct.pack("=I", 96))))
    done = msg(DONE, struct.pack("=i", 0))
    seeds = {"dump": transport + natt + ah6 + done, "natt": natt + done,
             "stat": b"XfrmInError             \t0\nXfrmInNoStates          \t17\n"}
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
