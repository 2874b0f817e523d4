#!/usr/bin/env python3
"""Per fixture draft: (a) md4c alone, (b) libpg_query alone, (c) the check without output, each
draft timed alone (bench_lint's BM_per_fixture/<draft>/<a|b|c>), sorted by what (c) costs over
1.5 (a+b); then the sums and their ratio. Each draft timed alone has its branches learned from
its own earlier runs, which the set's run in turn (BM_*_fixtures) has not: compare the two
ratios to see what variety between drafts costs.

With --instructions, the same table in instructions, counted by callgrind over the set's runs in
turn (BM_*_fixtures), one profile dumped after each draft: counts repeat from run to run whatever
else the machine does, so this finds the drafts whose own path is costly on a busy machine too.

Usage: bench/per_fixture.py [--min-time SECONDS | --instructions] [BENCH_LINT]
(default: build/release/bench/bench_lint)
"""
import argparse
import csv
import io
import os
import re
import subprocess
import tempfile

# (part, the work function bench/lint_bench.cpp runs per draft, the benchmark over the fixtures)
PARTS = [("a", "md4c_alone", "BM_a_md4c_fixtures"),
         ("b", "pg_query_alone", "BM_b_pg_query_fixtures"),
         ("c", "check_without_output", "BM_c_check_fixtures")]


def draft_names(binary):
    """The fixture drafts in the order bench_lint runs them (BM_per_fixture follows fixtures())."""
    listed = subprocess.run([binary, "--benchmark_list_tests"], capture_output=True, text=True,
                            check=True).stdout.split()
    return [name.split("/")[1] for name in listed
            if name.startswith("BM_per_fixture/") and name.endswith("/a")]


def timed(binary, min_time):
    output = subprocess.run(
        [binary, "--benchmark_filter=^BM_per_fixture/",
         f"--benchmark_min_time={min_time}", "--benchmark_format=csv"],
        capture_output=True, text=True, check=True).stdout
    costs = {}
    for row in csv.reader(io.StringIO(output)):
        if not row or not row[0].startswith("BM_per_fixture/"):
            continue
        _, draft, part = row[0].split("/")
        costs.setdefault(draft, {})[part] = float(row[3])  # real time, in the time unit given
    return costs


def dumped_totals(directory):
    """The instruction total of each profile callgrind dumped, in dump order (out.1, out.2, ...)."""
    dumps = [name for name in os.listdir(directory) if re.fullmatch(r"out\.\d+", name)]
    totals = []
    for name in sorted(dumps, key=lambda name: int(name.split(".")[1])):
        with open(os.path.join(directory, name)) as profile:
            for line in profile:
                if line.startswith(("summary:", "totals:")):
                    totals.append(int(line.split()[1]))
                    break
    return totals


def counted(binary):
    names = draft_names(binary)
    costs = {name: {} for name in names}
    with tempfile.TemporaryDirectory() as work:
        for part, function, benchmark in PARTS:
            directory = os.path.join(work, part)
            os.mkdir(directory)
            # One iteration over the set: a dump after each call of the work function, a draft.
            subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={directory}/out",
                 f"--toggle-collect=*{function}*", f"--dump-after=*{function}(*", binary,
                 f"--benchmark_filter=^{benchmark}$", "--benchmark_min_time=0.000001"],
                cwd=directory, capture_output=True, check=True)
            totals = dumped_totals(directory)
            if len(totals) < len(names):
                raise SystemExit(f"{binary}: {benchmark} ran {len(totals)} drafts, not {len(names)}")
            for name, total in zip(names, totals):
                costs[name][part] = float(total)
    return costs


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-time", type=float, default=0.05)
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions with callgrind instead of timing")
    parser.add_argument("binary", nargs="?",
                        default=os.path.join(root, "build/release/bench/bench_lint"))
    args = parser.parse_args()
    # callgrind runs in a scratch directory: a relative path given must still name the binary.
    args.binary = os.path.abspath(args.binary)
    costs = counted(args.binary) if args.instructions else timed(args.binary, args.min_time)
    if not costs or any(sorted(parts) != ["a", "b", "c"] for parts in costs.values()):
        raise SystemExit(f"{args.binary}: no complete BM_per_fixture results")
    def over_target(item):
        t = item[1]
        return t["c"] - 1.5 * (t["a"] + t["b"])
    unit = "Ir" if args.instructions else "ns"
    rows = sorted(costs.items(), key=over_target, reverse=True)
    print(f"{'draft':45} {'a ' + unit:>9} {'b ' + unit:>9} {'c ' + unit:>9} {'c/(a+b)':>8}")
    for draft, t in rows:
        ratio = t["c"] / (t["a"] + t["b"])
        print(f"{draft:45} {t['a']:9.0f} {t['b']:9.0f} {t['c']:9.0f} {ratio:8.3f}")
    total = {part: sum(t[part] for t in costs.values()) for part in "abc"}
    print(f"{'sum of ' + str(len(costs)) + ' drafts':45} {total['a']:9.0f} {total['b']:9.0f} "
          f"{total['c']:9.0f} {total['c'] / (total['a'] + total['b']):8.3f}")


if __name__ == "__main__":
    main()
