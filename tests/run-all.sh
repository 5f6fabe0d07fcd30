#!/usr/bin/env bash
# Runs every test of the project: the one test command of the README, and what .ci/run runs.
#
# On a fresh machine it installs what the tests need (the Python venv of the AWS emulator, once,
# under the cargo target directory); later runs reuse it. Steps: cargo fmt --check, clippy
# (-D warnings), release build, cargo test (unit + integration tests, the emulator ones included),
# then the differential corpora in ../shared that are switched on below. One cargo profile
# (release) everywhere, so the dependencies compile once.
#
# It never skips a suite silently: a missing tool, venv or Docker stops the run with an error,
# and a suite switched off below is listed as OFF in the summary. Exit status: 0 only when every
# step passed.
set -euo pipefail

# ---- Suites switched on as features land (edit here) ----------------------------------------
# The `compose create` golden corpus (../shared/golden): every case must pass.
RUN_GOLDEN=1
# The command corpus (../shared/cmdgolden): one `run.sh --only <text>` run per entry, e.g.
#   CMDGOLDEN_ONLY=("up-empty" "-ps-")
# Empty until commands land; add each command's cases when it is implemented.
CMDGOLDEN_ONLY=("logs" "check-attributes" "-ps-" "compose-ps" "compose-up" "compose-start" "compose-run" "compose-scale" "compose-stop" "up-empty")
# Set to 1 once a suite needs the Docker engine (`local` end-to-end tests); a missing or stopped
# Docker then fails the run.
NEEDS_DOCKER=0
# ----------------------------------------------------------------------------------------------

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mkdir -p "${CARGO_TARGET_DIR:-$repo/target}"
CARGO_TARGET_DIR="$(cd "${CARGO_TARGET_DIR:-$repo/target}" && pwd)"
export CARGO_TARGET_DIR
shared="$repo/../shared" # CI clones the project with shared/ beside it
bin="$CARGO_TARGET_DIR/release/ecs-cli"
venv="$CARGO_TARGET_DIR/venv"

results=()
failed=0

summary() {
  echo
  echo "==================== run-all summary ===================="
  printf '  %s\n' "${results[@]}"
  if [ "$failed" = 0 ]; then
    echo "ALL PASSED"
  else
    echo "FAILED"
  fi
}

# die STEP MESSAGE: a prerequisite is missing; stop here, loudly.
die() {
  echo >&2
  echo "run-all.sh: ERROR: $2" >&2
  results+=("FAIL  $1: $2")
  failed=1
  summary
  exit 1
}

# step NAME COMMAND...: runs one suite, records PASS/FAIL and its duration, and goes on.
step() {
  local name=$1 start=$SECONDS
  shift
  echo
  echo "==> $name"
  if "$@"; then
    results+=("PASS  $name ($((SECONDS - start)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - start)) s)")
    failed=1
  fi
}

# ---- Prerequisites ---------------------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "toolchain" "cargo is not on PATH (install Rust stable)"
cargo fmt --version >/dev/null 2>&1 || die "toolchain" "rustfmt is missing (rustup component add rustfmt)"
cargo clippy --version >/dev/null 2>&1 || die "toolchain" "clippy is missing (rustup component add clippy)"

echo "==> Python venv for the AWS emulator: $venv"
# shellcheck source=tests/it/support/venv.sh
. "$repo/tests/it/support/venv.sh"
ensure_venv "$venv" "$repo/tests/moto/requirements.txt" ||
  die "venv" "could not make the emulator's Python venv at $venv (see above); the emulator tests cannot run without it"
export ECS_TEST_PYTHON="$venv/bin/python"
export GOLDEN_PYTHON="$ECS_TEST_PYTHON"
results+=("PASS  venv ($venv)")

if [ "$NEEDS_DOCKER" = 1 ]; then
  command -v docker >/dev/null 2>&1 || die "docker" "docker is not installed, and the local tests need it"
  docker info >/dev/null 2>&1 || die "docker" "the Docker engine is not running (docker info failed), and the local tests need it"
  results+=("PASS  docker engine reachable")
fi

# ---- Rust ------------------------------------------------------------------------------------
step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy (release, all targets, -D warnings)" cargo clippy --release --all-targets -- -D warnings
step "cargo build --release" cargo build --release
case "${results[${#results[@]} - 1]}" in
  FAIL*) die "cargo build --release" "the build failed: the tests cannot run" ;;
esac
[ -x "$bin" ] || die "cargo build --release" "no binary at $bin: nothing else can be tested"
step "cargo test --release" cargo test --release

# ---- Differential corpora (../shared) --------------------------------------------------------
need_shared() { # corpus
  [ -x "$shared/$1/run.sh" ] || die "$1" "$shared/$1/run.sh not found: the corpora must be checked out beside the project, as ../shared"
}

if [ "$RUN_GOLDEN" = 1 ]; then
  need_shared golden
  step "golden corpus (compose create)" "$shared/golden/run.sh" "$bin" "$shared/golden/public"
else
  results+=("OFF   golden corpus (RUN_GOLDEN=0 in tests/run-all.sh)")
fi

if [ "${#CMDGOLDEN_ONLY[@]}" -gt 0 ]; then
  need_shared cmdgolden
  for only in "${CMDGOLDEN_ONLY[@]}"; do
    step "cmdgolden --only $only" "$shared/cmdgolden/run.sh" "$bin" "$shared/cmdgolden/public" --only="$only"
  done
else
  results+=("OFF   cmdgolden corpus (CMDGOLDEN_ONLY is empty in tests/run-all.sh: no command enabled yet)")
fi

summary
exit "$failed"
