#!/usr/bin/env bash
# Instructions per flagship draft for (a) md4c alone, (b) libpg_query alone, (c) check without
# output (with and without the catalog's learned template texts) and (d) check with JSON and
# comment, counted by callgrind, and (c) / (a)+(b); then (a), (b) and (c) per draft over every
# fixture draft in turn.
# Instruction counts repeat from run to run on the same binary, whatever else the machine does,
# which timings on this shared machine do not. Usage: bench/instructions.sh [BENCH_LINT]
# (default: build/release/bench/bench_lint).
set -euo pipefail
shopt -s inherit_errexit  # a failed run inside $(...) stops the script, not prints 0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_lint="$(realpath "${1:-$root/build/release/bench/bench_lint}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# cost_and_calls FUNCTION BENCHMARK MIN_TIME: the inclusive cost of FUNCTION and its calls, in
# one callgrind run of BENCHMARK.
cost_and_calls() {
  local function="$1" benchmark="$2" min_time="$3" out="$work/$1.$3.out"
  (cd "$work" && valgrind --tool=callgrind --callgrind-out-file="$out" \
    --toggle-collect="*${function}*" "$bench_lint" --benchmark_filter="^${benchmark}\$" \
    --benchmark_min_time="$min_time" >/dev/null 2>&1)
  python3 - "$out" "$function" <<'PY'
import re, sys
path, function = sys.argv[1], sys.argv[2]
names, callee, calls, total, pending = {}, None, 0, 0, None
for line in open(path):
    line = line.rstrip("\n")
    if line.startswith("summary:"):
        total = int(line.split()[1])
    match = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?", line)
    if match:
        if match.group(3):
            names[match.group(2)] = match.group(3)
        if match.group(1) == "cfn":
            callee = names.get(match.group(2), "")
        continue
    if line.startswith("calls="):
        pending = int(line[6:].split()[0])
        continue
    if pending is not None and callee and function in callee:
        calls += pending
    pending = None
if calls == 0:
    sys.exit(f"no call of {function} counted: did the benchmark run? ({path})")
print(total, calls)
PY
}

# instructions_per_call FUNCTION BENCHMARK: what one more call of FUNCTION costs, from two runs
# of different lengths (the difference of their costs over the difference of their calls). The
# first calls also pay once for what later ones reuse (buffers grown, statics made); a plain
# average spread that over however many calls the run made (23-26 under callgrind, as timing
# decided), which moved the figure by up to ~100 instructions between two runs of one build.
instructions_per_call() {
  local short long
  short=$(cost_and_calls "$1" "$2" 0.05)
  long=$(cost_and_calls "$1" "$2" 0.15)
  python3 -c "
short_total, short_calls = map(int, '$short'.split())
long_total, long_calls = map(int, '$long'.split())
if long_calls <= short_calls:
    raise SystemExit('$1: the longer run made no more calls ($short / $long)')
print(round((long_total - short_total) / (long_calls - short_calls)))"
}

# average_per_call FUNCTION BENCHMARK: FUNCTION's cost over its calls in one short run, for the
# runs over every fixture draft: one pass calls it 53 times, so what the first call pays once is
# a small share, and the marginal cost above would need passes too long for callgrind.
average_per_call() {
  local run
  run=$(cost_and_calls "$1" "$2" 0.001)
  python3 -c "
total, calls = map(int, '$run'.split())
print(round(total / calls))"
}

a=$(instructions_per_call md4c_alone BM_a_md4c_flagship)
b=$(instructions_per_call pg_query_alone BM_b_pg_query_flagship)
c=$(instructions_per_call check_without_output BM_c_check_flagship)
c1=$(instructions_per_call check_without_output_unlearned BM_c_check_unlearned_flagship)
d=$(instructions_per_call check_with_output BM_d_check_json_comment_flagship)
printf '(a) md4c alone            %9d\n' "$a"
printf '(b) libpg_query alone     %9d\n' "$b"
printf '(c) check without output  %9d\n' "$c"
printf '(c) unlearned catalog     %9d\n' "$c1"
printf '(d) check + JSON, comment %9d\n' "$d"
python3 -c "print(f'(c) / (a)+(b)             {$c / ($a + $b):9.3f}')"
python3 -c "print(f'unlearned / (a)+(b)       {$c1 / ($a + $b):9.3f}')"

fa=$(average_per_call md4c_alone BM_a_md4c_fixtures)
fb=$(average_per_call pg_query_alone BM_b_pg_query_fixtures)
fc=$(average_per_call check_without_output BM_c_check_fixtures)
echo "Every fixture draft in turn, per draft:"
printf '(a) md4c alone            %9d\n' "$fa"
printf '(b) libpg_query alone     %9d\n' "$fb"
printf '(c) check without output  %9d\n' "$fc"
python3 -c "print(f'(c) / (a)+(b)             {$fc / ($fa + $fb):9.3f}')"
