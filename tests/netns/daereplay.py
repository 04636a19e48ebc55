#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A Disconnect-Request captured and sent again (test_radius.sh's test_dae_replay).

daereplay.py make FILE SECRET USER   writes a signed Disconnect-Request for USER with
                                     Event-Timestamp now (RFC 5176) into FILE
daereplay.py send FILE PORT [ADDR]   sends FILE's bytes as they are from UDP PORT to
                                     ADDR (10.8.0.1:3799); prints the answer's kind or "none"
"""
import hashlib
import os
import socket
import struct
import sys
import time

NAMES = {41: "Disconnect-ACK", 42: "Disconnect-NAK", 44: "CoA-ACK", 45: "CoA-NAK"}


def attr(t, v):
    return bytes([t, len(v) + 2]) + v


def make(path, secret, user):
    attrs = attr(1, user.encode()) + attr(55, struct.pack("!I", int(time.time())))
    ident = os.urandom(1)[0]
    head = struct.pack("!BBH", 40, ident, 20 + len(attrs))
    auth = hashlib.md5(head + bytes(16) + attrs + secret.encode()).digest()
    with open(path, "wb") as f:
        f.write(head + auth + attrs)


def send(path, port, addr="10.8.0.1:3799"):
    host, dport = addr.rsplit(":", 1)
    with open(path, "rb") as f:
        pkt = f.read()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("", int(port)))
    s.settimeout(3)
    s.sendto(pkt, (host, int(dport)))
    try:
        ans = s.recv(4096)
    except socket.timeout:
        print("none")
        return
    print(NAMES.get(ans[0], "code-%d" % ans[0]) if ans[1] == pkt[1] else "wrong-id")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "make":
        make(*sys.argv[2:])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "send":
        send(*sys.argv[2:])
    else:
        sys.exit(__doc__)
