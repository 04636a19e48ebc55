#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Drives pppctl's interactive prompt through a pseudo-terminal, as a person would:
Tab completes a menu, a menu alone moves there (the prompt says so), a relative command
runs in it, '..' goes up, quit ends. Usage: prompt.py PPPCTL-ARGS... ; prints the session.
Exit 0 when every step showed what it should."""
import os
import pty
import re
import select
import sys
import time


def read_until(fd, pattern, timeout=10.0):
    buf = b""
    end = time.time() + timeout
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            if re.search(pattern, buf):
                return buf.decode(errors="replace")
    raise SystemExit("timed out waiting for %r; got:\n%s" % (pattern, buf.decode(errors="replace")))


def main():
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["HOME"] = os.environ.get("PROMPT_HOME", "/tmp")
        os.execvp("pppctl", ["pppctl"] + sys.argv[1:])
    steps = [
        (b"", rb"\[sluice\] /> "),
        (b"/ppp sec\t", rb"ret "),                       # Tab completed "secret "
        (b"\r", rb"\[sluice\] /ppp secret> "),           # a menu alone moves there
        (b"print count-only\r", rb"\d+\r?\n.*\[sluice\] /ppp secret> "),
        (b"..\r", rb"\[sluice\] /ppp> "),
        (b"secret print where name=vpnuser\r", rb"vpnuser.*\n.*\[sluice\] /ppp> "),
        (b"bogus\r", rb"bad command name bogus.*\n.*\[sluice\] /ppp> "),
        (b"quit\r", rb""),
    ]
    for send, expect in steps:
        if send:
            os.write(fd, send)
        if expect:
            out = read_until(fd, expect)
            sys.stdout.write(out.replace("\r", ""))
    _, status = os.waitpid(pid, 0)
    # the last command before quit failed: pppctl's status says so
    code = os.waitstatus_to_exitcode(status)
    print("\npppctl exited with", code)
    return 0 if code == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
