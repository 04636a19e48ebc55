#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# What `pppoe-server -k` does, for the PPPoE benchmark: Debian's pppoe-server (rp-pppoe
# 3.15) is built without kernel mode, so this answers Discovery (PADI -> PADO, PADR -> PADS
# with the next session id) and, as pppoe-server -k does for each session, starts one pppd
# with the rp-pppoe plugin attached to that session (pppoe-sess ID:MAC): kernel PPPoE
# through pppox and ppp_generic, one pppd per session. pppd's options come from a file.
#   pppoe_standin.py IFACE OPTIONS-FILE LOCAL-ADDR FIRST-REMOTE-ADDR
import ipaddress
import socket
import struct
import subprocess
import sys

ETH_DISC = 0x8863


def tags(payload):
    out, i = {}, 0
    while i + 4 <= len(payload):
        t, n = struct.unpack_from("!HH", payload, i)
        out.setdefault(t, payload[i + 4:i + 4 + n])
        i += 4 + n
    return out


def frame(code, sid, items):
    payload = b"".join(struct.pack("!HH", t, len(v)) + v for t, v in items)
    return struct.pack("!BBHH", 0x11, code, sid, len(payload)) + payload


def main():
    iface, options, local = sys.argv[1], sys.argv[2], sys.argv[3]
    remote = ipaddress.IPv4Address(sys.argv[4])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_DISC))
    s.bind((iface, ETH_DISC))
    sessions, children = {}, []
    print("ready", flush=True)
    while True:
        data, addr = s.recvfrom(1600)
        mac = addr[4]
        if len(data) < 6 or addr[2] == socket.PACKET_OUTGOING:
            continue
        code = data[1]
        t = tags(data[6:6 + struct.unpack_from("!H", data, 4)[0]])
        echo = [(k, t[k]) for k in (0x0103, 0x0110) if k in t]
        reply = None
        if code == 0x09:
            reply = frame(0x07, 0, [(0x0102, b"standin"), (0x0101, t.get(0x0101, b""))] + echo)
        elif code == 0x19:
            key = (mac, t.get(0x0103, b""))
            if key not in sessions:
                sid = len(sessions) + 1
                sessions[key] = sid
                peer = "%s" % (remote + sid - 1)
                children.append(subprocess.Popen(
                    ["pppd", "plugin", "rp-pppoe.so", "nic-" + iface, "rp_pppoe_sess",
                     "%d:%s" % (sid, mac.hex(":")), "file", options,
                     "%s:%s" % (local, peer)], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL))
            reply = frame(0x65, sessions[key], [(0x0101, t.get(0x0101, b""))] + echo)
        if reply:
            s.sendto(reply, (iface, ETH_DISC, 0, 0, mac))


main()
