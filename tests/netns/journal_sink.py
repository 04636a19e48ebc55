#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# journald's native socket stood in for (the VM has no journald): binds PATH as a datagram
# socket and writes each entry it receives to OUT as one JSON object per line, its fields
# as KEY=value lines parsed the way journald parses them (systemd.io/JOURNAL_NATIVE_PROTOCOL:
# a line without '=' is a binary field, which sluiced never sends: kept as "!binary").
import json
import os
import socket
import sys


def fields(data):
    out, lines = {}, data.split(b"\n")
    for line in lines[:-1] if lines and lines[-1] == b"" else lines:
        key, eq, value = line.partition(b"=")
        if not eq:
            out.setdefault("!binary", []).append(key.decode("latin1"))
            continue
        out.setdefault(key.decode("latin1"), []).append(value.decode("latin1"))
    return out


def main():
    path, out = sys.argv[1], sys.argv[2]
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    with open(out, "a", buffering=1) as f:
        while True:
            f.write(json.dumps(fields(s.recv(65536))) + "\n")


if __name__ == "__main__":
    main()
