#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A DHCPINFORM as Windows' IKEv2 client sends it (test_ipsec_ikev2.sh's Windows test).

dhcp_inform.py ADDR [TRIES]   from ADDR:68 (ciaddr ADDR) to 255.255.255.255:67, asking for
                              1, 3, 6, 15, 121 and 249, TRIES times (3) 2 s apart as
                              Windows retries; prints the DHCPACK's server identifier, DNS
                              and routes one a line, sorted:
                                  server 2.2.2.2
                                  dns 10.5.8.1
                                  249 10.5.8.0/24 via 192.168.77.2
                              or "none" (exit 1) when nothing answers.
"""
import os
import socket
import struct
import sys
import time

PARAMS = bytes([1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43])


def option(code, value):
    return bytes([code, len(value)]) + value


def inform(addr, xid, mac):
    head = struct.pack("!BBBBIHH", 1, 1, 6, 0, xid, 0, 0)
    head += socket.inet_aton(addr) + bytes(12) + mac + bytes(10) + bytes(192)
    opts = option(53, b"\x08") + option(61, b"\x01" + mac) + option(12, b"rw-win")
    opts += option(60, b"MSFT 5.0") + option(55, PARAMS) + b"\xff"
    return head + b"\x63\x82\x53\x63" + opts


def options(reply):
    """The options after the cookie as (code, value) pairs; sname and file are not read."""
    i, out = 240, []
    while i < len(reply) and reply[i] != 255:
        if reply[i] == 0:
            i += 1
            continue
        code, length = reply[i], reply[i + 1]
        out.append((code, reply[i + 2:i + 2 + length]))
        i += 2 + length
    return out


def routes(value):
    """RFC 3442: width, significant octets, router."""
    i, out = 0, []
    while i < len(value):
        width = value[i]
        n = (width + 7) // 8
        net = value[i + 1:i + 1 + n] + bytes(4 - n)
        router = value[i + 1 + n:i + 5 + n]
        out.append("%s/%d via %s" % (socket.inet_ntoa(net), width, socket.inet_ntoa(router)))
        i += 5 + n
    return out


def describe(reply):
    lines = []
    for code, value in options(reply):
        if code == 53 and value != b"\x05":
            return ["not a DHCPACK: type %d" % value[0]]
        if code == 54:
            lines.append("server %s" % socket.inet_ntoa(value))
        elif code == 6:
            lines += ["dns %s" % socket.inet_ntoa(value[i:i + 4]) for i in range(0, len(value), 4)]
        elif code in (121, 249):
            lines += ["%d %s" % (code, r) for r in routes(value)]
        elif code == 51:
            lines.append("lease time (wrong for a DHCPINFORM)")
    return sorted(lines)


def main():
    addr = sys.argv[1]
    tries = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    xid = struct.unpack("!I", os.urandom(4))[0]
    mac = b"\x02" + os.urandom(5)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.bind((addr, 68))
    for _ in range(tries):
        s.sendto(inform(addr, xid, mac), ("255.255.255.255", 67))
        end = time.monotonic() + 2
        while time.monotonic() < end:
            s.settimeout(max(end - time.monotonic(), 0.01))
            try:
                reply, _ = s.recvfrom(2048)
            except socket.timeout:
                break
            if len(reply) >= 240 and reply[0] == 2 and struct.unpack("!I", reply[4:8])[0] == xid:
                print("\n".join(describe(reply)))
                return 0
    print("none")
    return 1


if __name__ == "__main__":
    sys.exit(main())
