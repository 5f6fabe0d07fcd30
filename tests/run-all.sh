#!/usr/bin/env bash
# Runs every test of the project: the one test command of the README, and what .ci/run runs.
# It needs this repository and nothing beside it.
#
# On a fresh machine it installs what the tests need (the Python venv of the AWS emulator, once,
# under the cargo target directory); later runs reuse it. Steps: cargo fmt --check, clippy
# (-D warnings), build, the emulator's own patch tests, cargo test (unit + integration tests),
# then the two conformance corpora recorded from the original (tests/conformance/), with one
# line per failing case and an `N passed, M failed` line each. Everything is built with the `ci`
# profile (Cargo.toml), so the dependencies compile once for the build, the tests and clippy.
#
# It never skips a suite silently: a missing tool, venv or Docker stops the run with an error.
# Exit status: 0 only when every step passed.
#
# Options (environment): ECS_CONFORMANCE_ONLY=<text> runs only the conformance cases whose name
# contains <text>; ECS_CONFORMANCE_VERBOSE=1 prints fuller differences; ECS_TEST_KEEP=1 keeps
# the work folders.
set -euo pipefail

# The `local`, `push` and `pull` end-to-end tests need the Docker engine; a missing or stopped
# Docker fails the run.
NEEDS_DOCKER=1

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mkdir -p "${CARGO_TARGET_DIR:-$repo/target}"
CARGO_TARGET_DIR="$(cd "${CARGO_TARGET_DIR:-$repo/target}" && pwd)"
export CARGO_TARGET_DIR
profile=ci
bin="$CARGO_TARGET_DIR/$profile/ecs-cli"
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
results+=("PASS  venv ($venv)")

if [ "$NEEDS_DOCKER" = 1 ]; then
  command -v docker >/dev/null 2>&1 || die "docker" "docker is not installed, and the local tests need it"
  docker info >/dev/null 2>&1 || die "docker" "the Docker engine is not running (docker info failed), and the local tests need it"
  # The local and push/pull tests build their images from Debian's static busybox (the engine
  # cannot pull), `local up` runs the docker-compose program, and push/pull run a registry on
  # loopback (docker-registry): Debian packages, installed on the first run.
  missing=()
  [ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> installing ${missing[*]} (apt-get)"
    command -v apt-get >/dev/null 2>&1 ||
      die "packages" "apt-get is not available to install ${missing[*]}, which the local and push/pull tests need"
    sudo_cmd=()
    [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    { "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"; } ||
      die "packages" "could not install ${missing[*]} with apt-get (see above); the local and push/pull tests need them"
  fi
  export ECS_TEST_NEEDS_DOCKER=1
  results+=("PASS  docker engine reachable; busybox-static, docker-compose and docker-registry installed")
fi

# ---- Rust ------------------------------------------------------------------------------------
step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy (profile $profile, all targets, -D warnings)" \
  cargo clippy --profile "$profile" --all-targets -- -D warnings
step "cargo build (profile $profile)" cargo build --profile "$profile" --all-targets
case "${results[${#results[@]} - 1]}" in
  FAIL*) die "cargo build" "the build failed: the tests cannot run" ;;
esac
[ -x "$bin" ] || die "cargo build" "no binary at $bin: nothing else can be tested"

# ---- The emulator's own patches (tests/moto/) -------------------------------------------------
step "emulator patch tests (tests/moto)" \
  "$ECS_TEST_PYTHON" -m unittest discover -s "$repo/tests/moto" -p 'test_*.py'

# ---- Unit and integration tests ----------------------------------------------------------------
step "cargo test (unit + integration, profile $profile)" \
  cargo test --profile "$profile" -- --skip conformance::compose_create::corpus --skip conformance::commands::corpus

# ---- Conformance corpora recorded from the original (tests/conformance/) ----------------------
# One emulator per corpus; each prints a FAIL line per failing case and `N passed, M failed`.
# Cases for commands that are not built yet are listed in tests/conformance/expected-failures.txt.
step "conformance: compose create (tests/conformance/compose-create)" \
  cargo test --profile "$profile" --test it -- --exact conformance::compose_create::corpus --nocapture
step "conformance: commands (tests/conformance/commands)" \
  cargo test --profile "$profile" --test it -- --exact conformance::commands::corpus --nocapture

summary
exit "$failed"
