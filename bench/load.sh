#!/usr/bin/env bash
# Webhook ingest under load: `issuelint serve` (durable SQLite queue, workers triaging against
# the loopback fake GitHub) and the Node peer in bench/peer (@octokit/webhooks: verify,
# dispatch, 202, nothing stored), driven in the same run by wrk with the same signed
# issues.opened deliveries (a ~5 KB flagship body, 50 issues, a fresh X-GitHub-Delivery each).
#
#   bench/load.sh [-d SECONDS] [-c CONNECTIONS] [-t WRK_THREADS]
#   ISSUELINT_BUILD_DIR=build/mine bench/load.sh   # use (and build) another build directory
#
# Prints one line per server (deliveries/s, p50/p99 of the 202 path, peak RSS) and the ratios.
# Everything listens on 127.0.0.1 only. wrk runs on the same machine: it takes CPU too.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

duration=10
connections=32
wrk_threads=2
while getopts "d:c:t:" option; do
  case "$option" in
    d) duration="$OPTARG" ;;
    c) connections="$OPTARG" ;;
    t) wrk_threads="$OPTARG" ;;
    *) echo "usage: $0 [-d SECONDS] [-c CONNECTIONS] [-t WRK_THREADS]" >&2; exit 2 ;;
  esac
done

ISSUELINT_PACKAGES+=(wrk jq nodejs curl sqlite3)
issuelint_install_missing
if ! command -v npm >/dev/null; then
  echo "load.sh: npm is missing (Debian: apt-get install npm; NodeSource's nodejs includes it)" >&2
  exit 2
fi
build_dir="${ISSUELINT_BUILD_DIR:-}"
if [[ -z "$build_dir" ]]; then
  issuelint_build release issuelint fake-github
  build_dir="$ISSUELINT_ROOT/build/release"
else
  [[ "$build_dir" = /* ]] || build_dir="$ISSUELINT_ROOT/$build_dir"
  cmake --build "$build_dir" --target issuelint fake-github >/dev/null
fi
peer_dir="$ISSUELINT_ROOT/bench/peer"
if [[ ! -d "$peer_dir/node_modules/@octokit/webhooks" ]]; then
  (cd "$peer_dir" && npm ci --no-audit --no-fund >&2)
fi

work="$(mktemp -d /tmp/issuelint-load.XXXXXX)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

secret="bench-secret-$RANDOM$RANDOM"
flagship="$ISSUELINT_ROOT/fixtures/issues/complete-audit-log.md"
template="$ISSUELINT_ROOT/fixtures/templates/db-migration.md"
issues=50

# The real issues.opened payload, its body replaced by the flagship draft, one per issue.
mkdir -p "$work/payloads"
: >"$work/manifest"
for ((n = 1; n <= issues; n++)); do
  jq -c --rawfile body "$flagship" --argjson n "$n" \
    '.issue.body = $body | .issue.number = $n | .issue.title = "[DB] Add audit_log table"' \
    "$ISSUELINT_ROOT/fixtures/payloads/issues.opened.json" >"$work/payloads/$n.json"
  signature="$(openssl dgst -sha256 -hmac "$secret" -r <"$work/payloads/$n.json" | cut -d' ' -f1)"
  echo "$work/payloads/$n.json sha256=$signature" >>"$work/manifest"
done
payload_bytes="$(wc -c <"$work/payloads/1.json")"

# The fake GitHub holds the repository, its template and the 50 issues.
jq -n --rawfile body "$flagship" --rawfile template "$template" --argjson issues "$issues" '
  {repos: [{owner: "Codertocat", name: "Hello-World",
            files: {".github/ISSUE_TEMPLATE/db-migration.md": $template},
            issues: [range(1; $issues + 1) | {number: ., title: "[DB] Add audit_log table",
                                               body: $body}]}]}' >"$work/seed.json"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # URL [CURL ARGUMENTS...]: polls until it answers 2xx, for at most 10 s
  local url="$1" i
  shift
  for ((i = 0; i < 200; i++)); do
    curl -fsS -o /dev/null "$@" "$url" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "load.sh: nothing answers at $url" >&2
  return 1
}
peak_rss_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
threads_of() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }

github_port="$(free_port)"
mkfifo "$work/fake-stdin"
# The fake is built with the tests. serve's workers triage against it, so it must answer before
# serve starts: otherwise every job meets a connection error and backs off, and the run measures
# an idle bot.
"$build_dir/tests/fake-github" --port "$github_port" --seed-file "$work/seed.json" \
  --token bench-token <"$work/fake-stdin" >/dev/null 2>"$work/fake-github.log" &
pids+=($!)
exec 9>"$work/fake-stdin"  # keeps the fake's stdin open until the script ends
wait_for "http://127.0.0.1:$github_port/repos/Codertocat/Hello-World/issues/1" \
  -H "Authorization: token bench-token"

# Runs wrk against URL for the measured duration after a 2 s warm-up; prints wrk's RESULT line.
drive() {
  wrk -t "$wrk_threads" -c "$connections" -d 2s -s "$ISSUELINT_ROOT/bench/webhook.lua" \
    "$1" -- "$work/manifest" >/dev/null
  wrk -t "$wrk_threads" -c "$connections" -d "${duration}s" -s "$ISSUELINT_ROOT/bench/webhook.lua" \
    "$1" -- "$work/manifest" | grep '^RESULT'
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# measure NAME PID PORT: waits until it serves, drives it, sets NAME_result and NAME_rss.
measure() {
  pids+=("$2")
  wait_for "http://127.0.0.1:$3/healthz"
  printf -v "$1_result" '%s' "$(drive "http://127.0.0.1:$3/webhook")"
  printf -v "$1_rss" '%s' "$(peak_rss_kb "$2")"
}

# issuelint serve: durable queue in the work dir, triaging against the fake.
serve_port="$(free_port)"
ISSUELINT_WEBHOOK_SECRET="$secret" ISSUELINT_GITHUB_TOKEN=bench-token \
  ISSUELINT_GITHUB_API_URL="http://127.0.0.1:$github_port" \
  "$build_dir/issuelint" serve --bind 127.0.0.1 --port "$serve_port" --data-dir "$work/data" \
  >"$work/serve.log" 2>&1 &
measure serve $! "$serve_port"
serve_threads="$(threads_of "${pids[-1]}")"
# What the workers did meanwhile: a triage per coalesced job, against the fake.
jobs_done="$(grep -c '"msg":"job".*"outcome":"done"' "$work/serve.log" || true)"
jobs_other="$(grep '"msg":"job"' "$work/serve.log" | grep -vc '"outcome":"done"' || true)"
# Every 202 must be in the queue's delivery table (the warm-up's included).
stored="$(sqlite3 "file:$work/data/queue.sqlite3?mode=ro" 'SELECT COUNT(*) FROM deliveries' \
  2>/dev/null || echo "?")"

peer_port="$(free_port)"
ISSUELINT_WEBHOOK_SECRET="$secret" PORT="$peer_port" node "$peer_dir/server.js" \
  >"$work/peer.log" 2>&1 &
measure peer $! "$peer_port"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $wrk_threads threads, $connections connections, ${duration}s after a 2s warm-up; payload $payload_bytes bytes"
for name in serve peer; do
  result_var="${name}_result"
  rss_var="${name}_rss"
  result="${!result_var}"
  printf '%-6s deliveries/s %8s  p50 %7s ms  p99 %7s ms  peak RSS %6d KB  accepted %s refused %s errors %s\n' \
    "$name" "$(field "$result" rate)" "$(field "$result" p50_ms)" "$(field "$result" p99_ms)" \
    "${!rss_var}" "$(field "$result" accepted)" "$(field "$result" refused)" \
    "$(field "$result" socket_errors)"
done
echo "serve: $serve_threads threads; delivery ids durably stored: $stored; triage jobs done $jobs_done, not done $jobs_other"
awk -v s="$(field "$serve_result" rate)" -v p="$(field "$peer_result" rate)" \
  -v s99="$(field "$serve_result" p99_ms)" -v p99="$(field "$peer_result" p99_ms)" \
  -v sr="$serve_rss" -v pr="$peer_rss" 'BEGIN {
    printf "ratios (serve/peer): deliveries/s %.2f  p99 %.2f  peak RSS %.2f\n", s / p, s99 / p99, sr / pr }'
