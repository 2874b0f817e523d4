#!/usr/bin/env python3
"""Per fixture draft: (a) md4c alone, (b) libpg_query alone, (c) the check without output, each
draft timed alone (bench_lint's BM_per_fixture/<draft>/<a|b|c>), sorted by what (c) costs over
1.5 (a+b); then the sums and their ratio. Each draft timed alone has its branches learned from
its own earlier runs, which the set's run in turn (BM_*_fixtures) has not: compare the two
ratios to see what variety between drafts costs.

Usage: bench/per_fixture.py [--min-time SECONDS] [BENCH_LINT]
(default: build/release/bench/bench_lint)
"""
import argparse
import csv
import io
import os
import subprocess


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-time", type=float, default=0.05)
    parser.add_argument("binary", nargs="?",
                        default=os.path.join(root, "build/release/bench/bench_lint"))
    args = parser.parse_args()
    output = subprocess.run(
        [args.binary, "--benchmark_filter=^BM_per_fixture/",
         f"--benchmark_min_time={args.min_time}", "--benchmark_format=csv"],
        capture_output=True, text=True, check=True).stdout
    times = {}
    for row in csv.reader(io.StringIO(output)):
        if not row or not row[0].startswith("BM_per_fixture/"):
            continue
        _, draft, part = row[0].split("/")
        times.setdefault(draft, {})[part] = float(row[3])  # real time, in the time unit given
    if not times or any(sorted(parts) != ["a", "b", "c"] for parts in times.values()):
        raise SystemExit(f"{args.binary}: no complete BM_per_fixture results")
    def over_target(item):
        t = item[1]
        return t["c"] - 1.5 * (t["a"] + t["b"])

    rows = sorted(times.items(), key=over_target, reverse=True)
    print(f"{'draft':45} {'a ns':>9} {'b ns':>9} {'c ns':>9} {'c/(a+b)':>8}")
    for draft, t in rows:
        ratio = t["c"] / (t["a"] + t["b"])
        print(f"{draft:45} {t['a']:9.0f} {t['b']:9.0f} {t['c']:9.0f} {ratio:8.3f}")
    total = {part: sum(t[part] for t in times.values()) for part in "abc"}
    print(f"{'sum of ' + str(len(times)) + ' drafts':45} {total['a']:9.0f} {total['b']:9.0f} "
          f"{total['c']:9.0f} {total['c'] / (total['a'] + total['b']):8.3f}")


if __name__ == "__main__":
    main()
