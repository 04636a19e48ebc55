#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the seeds of fuzz_pptp_client and fuzz_l2tp_client (tests/fuzz/corpus/*_client/):
well-behaved servers in each fuzzer's input format (see the top of each fuzzer), so that
coverage gets deep at once. Run from the top of the tree; the seeds are checked in."""
import os
import struct

MAGIC = 0x1A2B3C4D


def pptp(ctype, body):
    return struct.pack('>HHIHH', 12 + len(body), 1, MAGIC, ctype, 0) + body


def sccrp(result=1, error=0):
    return pptp(2, struct.pack('>HBBIIHH', 0x0100, result, error, 3, 3, 1, 0x200)
                + b'hostile-pac'.ljust(64, b'\0') + b'fuzz'.ljust(64, b'\0'))


def ocrp(call_id=0x4000, peer=0, result=1):
    return pptp(8, struct.pack('>HHBBHIHHI', call_id, peer, result, 0, 0, 100000000, 64, 0, 0))


def cdn(call_id=0x4000, result=1):
    return pptp(13, struct.pack('>HBBHH', call_id, result, 0, 0, 0) + b'\0' * 128)


def echorq(ident):
    return pptp(5, struct.pack('>I', ident))


def echorp(ident):
    return pptp(6, struct.pack('>IBBH', ident, 1, 0, 0))


def stopccrq():
    return pptp(3, struct.pack('>BBH', 1, 0, 0))


def stopccrp():
    return pptp(4, struct.pack('>BBH', 1, 0, 0))


def sli(peer=0):
    return pptp(15, struct.pack('>HHII', peer, 0, 0xffffffff, 0xffffffff))


def wen(call_id=0x4000):
    return pptp(14, struct.pack('>HH6I', call_id, 0, 1, 2, 3, 4, 5, 6))


def chunk(b, op=0):
    out = b''
    while b:
        out += bytes([op, min(len(b), 255)]) + b[:255]
        b = b[255:]
    return out


def ticks(ms):
    return bytes([3, ms // 20]) if ms < 5100 else bytes([3 | 8, ms // 1000])


def ppp(frame):
    return bytes([4, len(frame)]) + frame


LCP_CONFREQ = bytes.fromhex('c021' '0101000e' '010405dc' '050611223344')
LCP_TERMREQ = bytes.fromhex('c021' '05020004')


def pptp_seeds():
    call = chunk(sccrp()) + chunk(ocrp())
    play = (bytes([4 | 8, 0]) + ticks(100)) * 8
    return {
        'ppp_up_pap': bytes([0x01]) + call + play + bytes([6, 4]) + ticks(30000) + play + ticks(31000)
        + chunk(echorp(1)) + play + ticks(61000) + play + ticks(65000) + play,
        'ppp_up_chap': bytes([0x13]) + call + play + ticks(12000) + play + chunk(cdn())
        + ticks(3000) + play,
        'call': bytes([0x01]) + call + ppp(LCP_CONFREQ) + ticks(4000) + chunk(echorq(7))
        + chunk(sli()) + chunk(wen()) + ticks(2000) + chunk(cdn()) + ticks(5000),
        'split': bytes([0x03]) + chunk(sccrp()[:5]) + chunk(sccrp()[5:100])
        + chunk(sccrp()[100:] + ocrp()[:10]) + chunk(ocrp()[10:]) + chunk(echorq(1) + echorp(1))
        + ticks(3000) + chunk(stopccrq()) + ticks(2000),
        'refused': bytes([0x00]) + chunk(sccrp(result=2, error=6)) + ticks(3000)
        + chunk(stopccrp()) + ticks(2000) + chunk(sccrp()) + chunk(ocrp(result=3)),
        'silent': bytes([0x11]) + call + ticks(130000) + ticks(3000) + chunk(sccrp()),
        'operator': bytes([0x09]) + call + bytes([6, 0]) + ticks(4000) + ticks(4000)
        + chunk(stopccrp()) + bytes([6, 1]) + call + bytes([6, 7]) + bytes([6, 4]) + ticks(8000)
        + chunk(stopccrp()) + ticks(2000) + call + bytes([6, 3]) + call + ppp(LCP_TERMREQ)
        + ticks(1000) + bytes([5, 0]) + ticks(3000),
        'echo': bytes([0x05]) + call + ticks(61000) + chunk(echorp(1)) + ticks(61000)
        + chunk(echorq(9)) + bytes([5 | 8, 0]) + ticks(1000),
    }


def write(name, seeds):
    d = os.path.join('tests/fuzz/corpus', name)
    os.makedirs(d, exist_ok=True)
    for k, v in seeds.items():
        with open(os.path.join(d, k), 'wb') as f:
            f.write(v)


if __name__ == '__main__':
    write('pptp_client', pptp_seeds())


# --- L2TP: steps of fuzz_l2tp_client (message types by their index in its table)
SCCRP, ICRP, HELLO, ZLB, CDN, STOPCCN, WEN, SLI, SCCRQ, ICRQ, ICCN = range(11)


def msg(sel, flags=0, extra=b'', src=0, count=0):
    return bytes([src << 6, sel, flags, count]) + extra


def lticks(ms):
    return bytes([4, ms // 20]) if ms < 5100 else bytes([4 | 8, ms // 1000])


def lppp(frame):
    return bytes([5, len(frame)]) + frame


def avp(atype, value, m=True):
    return struct.pack('>HHH', (0x8000 if m else 0) | (6 + len(value)), 0, atype) + value


def l2tp_raw(mtype, avps, sid=0):
    body = avp(0, struct.pack('>H', mtype)) + avps
    return struct.pack('>HHHHHH', 0xc802, 12 + len(body), 0, sid, 0, 0) + body


def raw(b, patch_sid=False, src=0):
    return bytes([(src << 6) | 3 | 8 | (16 if patch_sid else 0), len(b)]) + b


def l2tp_seeds():
    up = msg(SCCRP) + lticks(100) + msg(ICRP) + lticks(300)
    play = (bytes([5 | 8, 0]) + lticks(100)) * 8
    raw_sccrp = l2tp_raw(2, avp(2, b'\x01\x00') + avp(3, b'\0\0\0\3') + avp(7, b'raw-lns')
                         + avp(9, b'\x51\x51') + avp(10, b'\0\x08'))
    raw_icrp = l2tp_raw(11, avp(14, b'\x61\x61'), sid=1)
    hidden_speed = bytes([0x40 | 24, 4]) + b'\0\0\x10\0'
    return {
        'call': bytes([0x00]) + up + lppp(LCP_CONFREQ) + lticks(1000) + msg(HELLO)
        + lticks(5000) + msg(SLI) + msg(WEN) + msg(CDN) + lticks(4000) + msg(ZLB),
        'secret': bytes([0x05]) + msg(SCCRP, 0x10) + lticks(100) + msg(ICRP, 0x80)
        + msg(WEN, 0, hidden_speed, count=1) + lticks(1000) + msg(STOPCCN, 0x80)
        + lticks(2000),
        'long_secret': bytes([0x02]) + msg(SCCRP) + msg(ICRP, 0x80) + lticks(2000)
        + msg(ZLB) + lppp(LCP_TERMREQ) + lticks(4000),
        'bad_response': bytes([0x01]) + msg(SCCRP, 0x20) + lticks(500) + msg(ZLB)
        + lticks(4000) + msg(SCCRP, 0x40) + lticks(4000),
        'no_secret_challenged': bytes([0x03]) + msg(SCCRP, 0x10) + lticks(4000)
        + msg(SCCRP) + msg(ICRP, 0x80),
        'other_port': bytes([0x08]) + msg(SCCRP, src=2) + lticks(1500)
        + up + msg(HELLO, src=1) + msg(STOPCCN) + lticks(2000),
        # an LNS answering from 1702 (RFC 2661 section 8.1); strays from 1701 and 127.0.0.2
        'moved_port': bytes([0x00]) + msg(SCCRP, src=1) + lticks(100) + msg(ICRP, src=1)
        + lticks(300) + play + msg(HELLO, src=1) + lticks(1000)
        + msg(STOPCCN, src=1) + lticks(2000) + msg(HELLO) + msg(SCCRP, src=2) + lticks(1000),
        'unreachable': bytes([0x00]) + bytes([7, 0]) + lticks(1000) + bytes([7, 0])
        + lticks(3000) + up + bytes([7, 0]) + msg(CDN) + lticks(2000) + bytes([7, 0]),
        'silent': bytes([0x0c]) + up + lticks(70000) + lticks(40000) + lticks(3000),
        'operator': bytes([0x10]) + up + bytes([6, 0]) + lticks(4000) + msg(ZLB)
        + lticks(4000) + bytes([6, 1]) + lticks(200) + up + bytes([6, 7]) + bytes([6, 4]) + lticks(8000)
        + msg(ZLB) + lticks(3000) + up + bytes([6, 3]) + up + lticks(1000),
        'raw': bytes([0x00]) + raw(raw_sccrp) + lticks(100) + raw(raw_icrp, True)
        + lticks(300) + raw(bytes.fromhex('c80200 0c 0000 0000 0000 0000'.replace(' ', '')))
        + lticks(3000) + msg(STOPCCN) + lticks(2000),
        'shutdown': bytes([0x20]) + up + lppp(LCP_CONFREQ),
        'ppp_up_pap': bytes([0x00]) + up + msg(ZLB) + play + bytes([6, 4]) + lticks(30000) + msg(ZLB) + play
        + lticks(40000) + msg(ZLB) + play + lticks(61000) + play + msg(CDN) + lticks(3000),
        'ppp_up_chap': bytes([0x05]) + msg(SCCRP, 0x10) + msg(ICRP) + msg(ZLB) + play
        + lticks(12000) + msg(STOPCCN) + play + lticks(2000),
    }


if __name__ == '__main__':
    write('l2tp_client', l2tp_seeds())
