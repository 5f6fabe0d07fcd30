# shellcheck shell=bash
# Sourced by tests/run-all.sh and docs/demo.sh.
#
# ensure_venv VENV REQUIREMENTS
#   Makes the Python venv the emulator needs (moto[server]==5.2.5 + boto3) at VENV, once.
#   Later calls reuse it while `import moto, boto3` works and REQUIREMENTS has not changed
#   (a copy is kept as VENV/.requirements). Concurrent callers wait on VENV.lock.
#   On failure it prints why and returns 1: callers must stop, never carry on without it.

_venv_ok() { # venv requirements
  "$1/bin/python" -c 'import moto, boto3' >/dev/null 2>&1 && cmp -s "$2" "$1/.requirements"
}

_venv_make() { # venv requirements
  local venv=$1 req=$2
  if ! command -v python3 >/dev/null 2>&1; then
    echo "ERROR: python3 is not installed; the AWS emulator the tests use needs it (Debian: apt-get install python3 python3-venv)." >&2
    return 1
  fi
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$venv"
    if ! python3 -m venv "$venv"; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "python3 -m venv failed: installing python3-venv with apt-get" >&2
        rm -rf "$venv"
        apt-get update -qq >&2 && apt-get install -y -qq python3-venv >&2 && python3 -m venv "$venv" || {
          echo "ERROR: cannot create a Python venv at $venv (apt-get install python3-venv failed)." >&2
          return 1
        }
      else
        echo "ERROR: cannot create a Python venv at $venv (Debian: apt-get install python3-venv)." >&2
        return 1
      fi
    fi
  fi
  echo "Installing the emulator's Python packages into $venv ($(tr '\n' ' ' < "$req"))" >&2
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >&2; then
    echo "ERROR: pip could not install $req into $venv." >&2
    return 1
  fi
  if ! "$venv/bin/python" -c 'import moto, boto3' >/dev/null 2>&1; then
    echo "ERROR: $venv has no working moto/boto3 after pip install." >&2
    return 1
  fi
  cp "$req" "$venv/.requirements"
}

ensure_venv() { # venv requirements
  local venv=$1 req=$2
  _venv_ok "$venv" "$req" && return 0
  mkdir -p "$(dirname "$venv")"
  if command -v flock >/dev/null 2>&1; then
    (
      flock 9
      _venv_ok "$venv" "$req" || _venv_make "$venv" "$req"
    ) 9>"$venv.lock"
  else
    _venv_make "$venv" "$req"
  fi
}
