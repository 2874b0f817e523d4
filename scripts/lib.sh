# Shared by scripts/run and scripts/test: install what is missing, configure, build.
# Sourced, not run.
set -euo pipefail

ISSUELINT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the build needs. Only missing ones are installed.
ISSUELINT_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libcpp-httplib-dev libssl-dev nlohmann-json3-dev libmd4c-dev catch2 libpg-query-dev
  libyaml-dev libsqlite3-dev libcli11-dev libbenchmark-dev
  # lld lays out the code a check runs first in issuelint (CMakeLists.txt).
  lld
  # md4c's CMake config names libmd4c-html; the SARIF schema test validates with jsonschema.
  libmd4c-html0 python3 python3-jsonschema
)

issuelint_install_missing() {
  local missing=()
  local package
  for package in "${ISSUELINT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  echo "issuelint: installing missing packages: ${missing[*]}" >&2
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
}

# issuelint_build PRESET [TARGET...]: configure once, then build incrementally. Build output
# goes to a log and is shown only when the build fails, so `scripts/run` prints only issuelint.
issuelint_build() {
  local preset="$1"
  shift
  local build_dir="$ISSUELINT_ROOT/build/$preset"
  local log="$ISSUELINT_ROOT/build/$preset.log"
  mkdir -p "$ISSUELINT_ROOT/build"
  if [[ ! -f "$build_dir/build.ninja" ]]; then
    if ! (cd "$ISSUELINT_ROOT" && cmake --preset "$preset") >"$log" 2>&1; then
      cat "$log" >&2
      echo "issuelint: configuring preset '$preset' failed (log: $log)" >&2
      return 2
    fi
  fi
  local targets=()
  local target
  for target in "$@"; do targets+=(--target "$target"); done
  if ! cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    echo "issuelint: building preset '$preset' failed (log: $log)" >&2
    return 2
  fi
}
