#!/usr/bin/env python3
"""Compares bench_lint builds in time: each round runs (a) md4c alone, (b) libpg_query alone and
(c) the check without output on the flagship draft (--drafts fixtures: on every fixture draft
in turn), once per build, the builds in a fresh random order, so the VM's drift over minutes
reaches them all alike. Prints each build's medians and
the median of its per-round c / (a+b).

Time on this shared VM varies 1-2 % between runs of one binary: an effect that size needs the
two builds in one run, and more than one run, before it counts (docs/PERFORMANCE.md).

Usage: bench/ab_lint.py [--rounds N] [--min-time SECONDS] [--drafts flagship|fixtures]
                       BENCH_LINT...
"""
import argparse
import random
import statistics
import subprocess


def run_once(binary, min_time, drafts):
    benchmarks = f"^BM_(a_md4c|b_pg_query|c_check)_{drafts}$"
    output = subprocess.run(
        [binary, f"--benchmark_filter={benchmarks}", f"--benchmark_min_time={min_time}"],
        capture_output=True, text=True, check=True).stdout
    times = {}
    for line in output.splitlines():
        if line.startswith("BM_"):
            times[line[3]] = float(line.split()[1])  # 'a', 'b' or 'c': real time, ns
    if sorted(times) != ["a", "b", "c"]:
        raise SystemExit(f"{binary}: expected the three {drafts} benchmarks, got {output!r}")
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--min-time", type=float, default=0.4)
    parser.add_argument("--drafts", choices=["flagship", "fixtures"], default="flagship")
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    runs = {binary: [] for binary in args.binaries}
    for _ in range(args.rounds):
        order = list(args.binaries)
        random.shuffle(order)
        for binary in order:
            runs[binary].append(run_once(binary, args.min_time, args.drafts))
    for binary, rounds in runs.items():
        median = {key: statistics.median(r[key] for r in rounds) for key in "abc"}
        ratios = [r["c"] / (r["a"] + r["b"]) for r in rounds]
        print(f"(a) {median['a']:8.0f} ns  (b) {median['b']:7.0f} ns  (c) {median['c']:8.0f} ns"
              f"  c/(a+b) {statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})"
              f"  {binary}")


if __name__ == "__main__":
    main()
