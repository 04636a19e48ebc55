#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""swanctl's --raw output (vici messages as text) as JSON, for jq in the tests.

    swanctl --list-sas --raw | swanctl_json.py   ->  [ {"l2tp": {...}}, ... ]

One JSON value per vici message line: "list-sa event {...}" lines and the final
"list-sas reply {}" become one array of the event bodies (the reply, empty, is left
out). The raw form is: sections "name {" ... "}", key-values "key=value", lists
"key=[item item]"; values hold no spaces in what the tests use (addresses, SPIs,
counters, algorithm names), which is all this parser promises.
"""
import json
import re
import sys

TOKEN = re.compile(r'([^\s{}=\[\]]+)=\[([^\]]*)\]|([^\s{}=\[\]]+)=(\S*?)(?=[\s}]|$)|'
                   r'([^\s{}=\[\]]+)\s*\{|(\})')


def parse_body(text, pos):
    """Parse key-values, lists and sections until the closing brace."""
    out = {}
    while True:
        m = TOKEN.search(text, pos)
        if not m:
            return out, len(text)
        pos = m.end()
        if m.group(1) is not None:
            out[m.group(1)] = m.group(2).split()
        elif m.group(3) is not None:
            out[m.group(3)] = m.group(4)
        elif m.group(5) is not None:
            out[m.group(5)], pos = parse_body(text, pos)
        else:
            return out, pos


def main():
    events = []
    for line in sys.stdin:
        line = line.strip()
        brace = line.find('{')
        if brace < 0 or ' event ' not in line[:brace] + ' ':
            continue
        body, _ = parse_body(line, brace + 1)
        events.append(body)
    json.dump(events, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
