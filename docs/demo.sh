#!/usr/bin/env bash
# ecs-cli with no AWS account: starts the project's local AWS emulator (moto, patched:
# tests/moto/server.py) on a free port, uses a throwaway HOME, and walks through
#   configure -> configure profile -> up --empty -> ps -> compose up (Fargate) -> ps -> compose down
# echoing each command before it runs. Builds the release binary and the emulator's Python
# venv first if needed (the same venv as tests/run-all.sh). Usage: docs/demo.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mkdir -p "${CARGO_TARGET_DIR:-$repo/target}"
CARGO_TARGET_DIR="$(cd "${CARGO_TARGET_DIR:-$repo/target}" && pwd)"
export CARGO_TARGET_DIR
venv="$CARGO_TARGET_DIR/venv"
bin="$CARGO_TARGET_DIR/release/ecs-cli"

echo "Building ecs-cli (release)..."
cargo build --release --quiet

echo "Preparing the emulator's Python venv ($venv)..."
# shellcheck source=tests/it/support/venv.sh
. "$repo/tests/it/support/venv.sh"
ensure_venv "$venv" "$repo/tests/moto/requirements.txt" || {
  echo "demo.sh: cannot prepare the emulator's Python venv (see above)." >&2
  exit 1
}
py="$venv/bin/python"

work="$(mktemp -d "${TMPDIR:-/tmp}/ecs-cli-demo.XXXXXX")"
home="$work/home"
mkdir -p "$home"
moto_pid=""
cleanup() {
  if [ -n "$moto_pid" ]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "Starting the AWS emulator on 127.0.0.1:$port..."
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$py" tests/moto/server.py -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
if ! "$py" - "$port" <<'PY'; then
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/moto-api/"
deadline = time.time() + 30
while time.time() < deadline:
    try:
        if urllib.request.urlopen(url, timeout=1).status == 200:
            sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(1)
PY
  echo "demo.sh: the emulator did not start; its log:" >&2
  cat "$work/moto.log" >&2
  exit 1
fi

# Each step runs ecs-cli as a new user would: nothing from this shell's AWS setup, a fresh HOME,
# and every AWS call sent to the emulator.
ecs() {
  printf '\n$ ecs-cli %s\n' "$*"
  local rc=0
  env -i PATH="$PATH" HOME="$home" TZ=UTC AWS_ENDPOINT_URL="http://127.0.0.1:$port" "$bin" "$@" || rc=$?
  if [ "$rc" != 0 ]; then
    echo "demo.sh: \`ecs-cli $*\` failed (exit $rc); stopping." >&2
    exit "$rc"
  fi
}
show() {
  printf '\n$ cat %s\n' "$1"
  cat "$home/${1#\~/}"
}

echo
echo "== 1. Save a cluster configuration and a profile (written to ~/.ecs, mode 0600)"
ecs configure --cluster demo --region us-east-1 --config-name demo
ecs configure profile --access-key testing --secret-key testing --profile-name demo
show "~/.ecs/config"
show "~/.ecs/credentials"

echo
echo "== 2. Create the cluster (no instances: --empty), then list its containers (none yet)"
ecs up --empty
ecs ps

echo
echo "== 3. Run a compose project on Fargate: a task definition, one task, its containers, then stop it"
# The emulator's default VPC gives the awsvpc network configuration.
read -r subnet sg < <("$py" - "$port" <<'PY'
import sys, boto3
ec2 = boto3.client("ec2", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
sg = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]["GroupId"]
print(subnet, sg)
PY
)
mkdir -p "$work/web" && cd "$work/web"
cat > docker-compose.yml <<'YML'
version: "3"
services:
  web:
    image: nginx:latest
    ports:
      - "80:80"
YML
cat > ecs-params.yml <<YML
version: 1
task_definition:
  task_execution_role: ecsTaskExecutionRole
  ecs_network_mode: awsvpc
  task_size:
    mem_limit: 0.5GB
    cpu_limit: 256
run_params:
  network_configuration:
    awsvpc_configuration:
      subnets: [$subnet]
      security_groups: [$sg]
      assign_public_ip: ENABLED
YML
printf '\n$ cat docker-compose.yml\n'; cat docker-compose.yml
printf '\n$ cat ecs-params.yml\n'; cat ecs-params.yml
ecs compose --project-name web up --launch-type FARGATE
ecs ps
ecs compose --project-name web down

echo
echo "Done: the emulator stops now and the temporary HOME is removed."
