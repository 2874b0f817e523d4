#!/usr/bin/env python3
"""How much code (a) md4c alone, (b) libpg_query alone and (c) the check without output run, in
64-byte lines, by library: on the flagship draft, the lines every check runs (what a check
keeps pulling into the instruction cache); over the fixture drafts, the lines one pass over
them runs. Measured with callgrind (--dump-instr=yes): the distinct code lines holding an
instruction executed inside the benchmark's work function.

Why it matters: code that fits the first-level instruction cache (64 KB a core on the VM of
docs/PERFORMANCE.md) runs from it check after check; code that does not is fetched again. (a)
and (b) timed apart each fit; the check does not (docs/PERFORMANCE.md, What limits each
figure).

Usage: bench/code_footprint.py [BENCH_LINT]   (default: build/release/bench/bench_lint)
"""
import collections
import os
import subprocess
import sys
import tempfile

from callgrind_profile import OURS, RUNS, Profile

LINE_BYTES = 64


def profile(binary, function, benchmark, min_time, out):
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--dump-instr=yes", f"--callgrind-out-file={out}",
         f"--toggle-collect=*{function}*", binary, f"--benchmark_filter=^{benchmark}$",
         f"--benchmark_min_time={min_time}"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def lines_run(profile, program):
    """Per code line (part, line address): the most times any instruction in it ran, where a
    part is a shared library, or within `program` (which links libpg_query statically) ours
    or libpg_query's."""
    runs = collections.defaultdict(int)
    for address, (obj, function) in profile.owner.items():
        part = os.path.basename(obj)
        if part == program:
            part = "ours" if OURS.search(function) else "libpg_query"
        key = (part, address // LINE_BYTES)
        runs[key] = max(runs[key], profile.runs[address])
    return runs


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.path.realpath(
        sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build/release/bench/bench_lint"))
    with tempfile.TemporaryDirectory() as work:
        for label, function, benchmark in RUNS:
            out = os.path.join(work, benchmark + ".out")
            # Flagship: many calls, so a line one call alone runs (a first call's set-up) is
            # told apart; fixtures: one pass, every draft once.
            fixtures = benchmark.endswith("_fixtures")
            profile(binary, function, benchmark, 0.001 if fixtures else 0.05, out)
            profile_read = Profile(out)
            runs = lines_run(profile_read, os.path.basename(binary))
            calls = profile_read.calls_to(function)
            if calls == 0:
                raise SystemExit(f"no call of {function} counted in {benchmark}")
            # On the flagship draft, the lines every call ran (some instruction in the line ran
            # at least once a call); over the fixtures, every line the pass ran.
            wanted = 1 if fixtures else calls
            by_part = collections.Counter(
                part for (part, _), count in runs.items() if count >= wanted)
            total = sum(by_part.values())
            parts = ", ".join(f"{part} {lines * LINE_BYTES / 1024:.1f}"
                              for part, lines in by_part.most_common() if lines >= 2)
            print(f"{label:34} {total * LINE_BYTES / 1024:6.1f} KB  ({parts})  {calls} calls")


if __name__ == "__main__":
    main()
