#!/usr/bin/env python3
"""Where a check loses time per instruction: callgrind's cache and branch simulation of (a) md4c
alone, (b) libpg_query alone and (c) the check without output, per draft and by library.

The VM has no hardware counters (perf sees only cpu-clock), so the instruction cache misses,
data cache misses and mispredicted branches that make our layer run fewer instructions a
microsecond than the parsers are simulated instead: a first-level instruction cache of 64 KB
and data cache of 48 KB (the VM's, docs/PERFORMANCE.md), an LRU second level of 2 MB, and
callgrind's simple branch predictors. The simulation is not the CPU (real front ends prefetch
and real predictors do better), so compare its counts between runs and builds, not with time.

Each benchmark is run twice under callgrind, counting only inside its work function: once for
one pass (the instructions a draft costs), once for several passes with the simulation on, so
that a draft's misses are those of a warm process, as in the timed benchmark.

Usage: bench/cache_sim.py [BENCH_LINT]   (default: build/release/bench/bench_lint)
"""
import collections
import os
import re
import subprocess
import sys
import tempfile

from callgrind_profile import OURS, RUNS

SIMULATION = ["--cache-sim=yes", "--branch-sim=yes", "--I1=65536,8,64", "--D1=49152,12,64",
              "--LL=2097152,16,64"]
# callgrind's events with the simulation on, in its order.
EVENTS = ["Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw", "Bc", "Bcm", "Bi",
          "Bim"]
SHOWN = ["Ir", "I1mr", "D1mr", "D1mw", "Bcm", "Bim"]


def owner(function):
    if "libmd4c" in function:
        return "md4c"
    if "libc.so" in function or "libstdc++" in function or "libm.so" in function:
        return "C and C++ libraries"
    name = function.split(":", 1)[1] if ":" in function else function
    return "ours" if OURS.search(name) else "libpg_query, other"


def callgrind(binary, function, benchmark, min_time, extra, out):
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                    f"--toggle-collect=*{function}*", *extra, binary,
                    f"--benchmark_filter=^{benchmark}$", f"--benchmark_min_time={min_time}"],
                   check=True, capture_output=True, cwd=os.path.dirname(out))


def totals_by_owner(path):
    """Each owner's event counts, from callgrind_annotate's per-function table."""
    text = subprocess.run(["callgrind_annotate", "--threshold=100", "--show=" + ",".join(EVENTS),
                           path], check=True, capture_output=True, text=True).stdout
    table = text.split("file:function", 1)[1].split("-- Auto-annotated", 1)[0]
    by_owner = collections.defaultdict(lambda: [0] * len(EVENTS))
    number = r"([\d,]+|\.)(?: \([ \d.]+%\))?\s+"
    row = re.compile(r"\s*" + number * len(EVENTS) + r"(\S.*)")
    for line in table.splitlines():
        match = row.match(line)
        if not match:
            continue
        values = [0 if v == "." else int(v.replace(",", "")) for v in match.groups()[:-1]]
        counts = by_owner[owner(match.groups()[-1])]
        for i, value in enumerate(values):
            counts[i] += value
    return by_owner


def instructions_of_one_pass(path):
    for line in open(path):
        if line.startswith("summary:") or line.startswith("totals:"):
            return int(line.split()[1])
    raise SystemExit(f"{path}: no totals")


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/release/bench/bench_lint")
    fixtures = fixture_drafts(binary)
    print(f"Per draft ({fixtures} fixture drafts a pass); simulated misses and mispredicts "
          "(see the docstring).")
    print(f"{'':34} {'owner':20}" + "".join(f"{e:>9}" for e in SHOWN))
    with tempfile.TemporaryDirectory() as work:
        for label, function, benchmark in RUNS:
            drafts = fixtures if benchmark.endswith("fixtures") else 1
            one = os.path.join(work, "one.out")
            callgrind(binary, function, benchmark, 0.001, [], one)
            simulated = os.path.join(work, "sim.out")
            callgrind(binary, function, benchmark, 0.05, SIMULATION, simulated)
            by_owner = totals_by_owner(simulated)
            total_ir = sum(counts[0] for counts in by_owner.values())
            # The simulated run made several passes: its counts are brought to one pass.
            scale = instructions_of_one_pass(one) / total_ir / drafts
            for name in sorted(by_owner, key=lambda n: -by_owner[n][0]):
                counts = by_owner[name]
                if counts[0] * scale < 50:
                    continue
                shown = [counts[EVENTS.index(e)] * scale for e in SHOWN]
                print(f"{label:34} {name:20}" + "".join(f"{v:9.0f}" for v in shown))


def fixture_drafts(binary):
    """How many drafts one pass of the fixture benchmarks checks (its items per iteration)."""
    output = subprocess.run([binary, "--benchmark_filter=^BM_a_md4c_fixtures$",
                             "--benchmark_min_time=0.001", "--benchmark_format=json"],
                            check=True, capture_output=True, text=True).stdout
    iterations = int(re.search(r'"iterations": (\d+)', output).group(1))
    items = float(re.search(r'"items_per_second": ([\d.e+]+)', output).group(1))
    real = float(re.search(r'"real_time": ([\d.e+]+)', output).group(1))  # ns an iteration
    return round(items * real / 1e9)


if __name__ == "__main__":
    main()
