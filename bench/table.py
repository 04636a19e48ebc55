#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench/table.py RESULTS.tsv: the benchmark table in Markdown.

RESULTS.tsv holds one line per measurement, as bench/run.sh writes it:
METRIC <tab> STACK <tab> REPETITION <tab> VALUE (a number, or FAIL). Each row of the table is
one metric: per stack the median over the repetitions with the spread [min-max] and n, then
sluice's median over each baseline's. For times and bytes lower is better (ratio < 1 is
sluice ahead), for rates higher is. Rows "pkt/s at N vs 100" are derived: the median rate
through one session with N sessions present over the same with 100.
"""
import statistics
import sys

# "tc" and "unlimited": the limits part's other ways (tc on each session, no limits)
STACKS = ["sluice", "pptp.ko", "pptpd", "l2tp_ppp", "xl2tpd", "pppoe.ko", "strongswan", "tc",
          "unlimited"]
BASELINES = ["pptp.ko", "pptpd", "l2tp_ppp", "xl2tpd", "pppoe.ko", "strongswan", "tc",
             "unlimited"]


def read(path):
    """{metric: {stack: [values]}} in the order metrics first appear; FAIL counted apart"""
    table, failed = {}, []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            metric, stack, _, value = parts
            row = table.setdefault(metric, {})
            if value == "FAIL":
                failed.append((metric, stack))
                row.setdefault(stack, [])
                continue
            row.setdefault(stack, []).append(float(value))
    return table, failed


def fmt(v):
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def cell(values):
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return "%s (n=1)" % fmt(med)
    return "%s [%s-%s] (n=%d)" % (fmt(med), fmt(min(values)), fmt(max(values)), len(values))


def ratio(row, base):
    if not row.get("sluice") or not row.get(base):
        return "-"
    b = statistics.median(row[base])
    if b == 0:
        return "-"
    return "%.2f" % (statistics.median(row["sluice"]) / b)


def add_relative_rows(table):
    """scale N: 1 session UDP pkt/s relative to scale 100, per stack"""
    base = table.get("scale 100: 1 session UDP 64 B pkt/s", {})
    for metric in list(table):
        if not metric.startswith("scale ") or not metric.endswith(": 1 session UDP 64 B pkt/s"):
            continue
        n = metric.split()[1].rstrip(":")
        if n == "100":
            continue
        rel = {}
        for stack, values in table[metric].items():
            if values and base.get(stack):
                rel[stack] = [statistics.median(values) / statistics.median(base[stack])]
        table["scale %s: pkt/s at %s vs at 100" % (n, n)] = rel


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: table.py RESULTS.tsv")
    table, failed = read(sys.argv[1])
    add_relative_rows(table)
    present = [s for s in STACKS if any(s in row for row in table.values())]
    bases = [b for b in BASELINES if b in present and "sluice" in present]
    head = ["measurement"] + present + ["sluice/%s" % b for b in bases]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for metric, row in table.items():
        cells = [metric] + [cell(row.get(s, [])) for s in present] + [ratio(row, b) for b in bases]
        print("| " + " | ".join(cells) + " |")
    if failed:
        print()
    for metric, stack in sorted(set(failed)):
        print("NOT TAKEN: %s, %s (%d of the repetitions)" % (metric, stack, failed.count((metric, stack))))


if __name__ == "__main__":
    main()
