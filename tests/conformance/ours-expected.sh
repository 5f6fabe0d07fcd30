#!/bin/bash
# Writes expected/ of the project's OWN compose-create cases (9xx-ours-*, whose NOTE says they
# are ours) from the clone's behaviour against the emulator. Never run it on a recorded case.
# usage: ECS_CLI=target/ci/ecs-cli PYTHON=target/venv/bin/python tests/conformance/ours-expected.sh CASE...
# Then read every expected/ it wrote: that output becomes the case's truth.
set -u
WT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="$(realpath "${ECS_CLI:?set ECS_CLI to the ecs-cli binary}")"
PY="$(realpath "${PYTHON:?set PYTHON to the emulator venv python}")"
PORT="${PORT:-45123}"
TMP="$(mktemp -d)"
LOG=$TMP/moto.log
export MOTO_RECORDER_FILEPATH=$TMP/rec.jsonl
(cd "$WT/tests/moto" && exec "$PY" server.py -H 127.0.0.1 -p "$PORT" > "$LOG" 2>&1) &
SRV=$!
cd "$TMP"
for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:$PORT/moto-api/ && break; sleep 0.3; done
for c in "$@"; do
  src=$WT/tests/conformance/compose-create/$c
  run=$TMP/run/$c; home=$TMP/home/$c
  rm -rf $run $home; mkdir -p $run $home
  (cd $src && for f in *; do case $f in expected|NOTE|args|env|create_args|compare) ;; *) cp -r "$f" $run/;; esac; done)
  [ -f $src/.env ] && cp $src/.env $run/
  curl -s -X POST http://127.0.0.1:$PORT/moto-api/reset >/dev/null
  curl -s -X POST http://127.0.0.1:$PORT/moto-api/recorder/reset-recording >/dev/null
  curl -s -X POST http://127.0.0.1:$PORT/moto-api/recorder/start-recording >/dev/null
  args=$(cat $src/args)
  (cd $run && env -i PATH=/usr/bin:/bin HOME=$home AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_ENDPOINT_URL=http://127.0.0.1:$PORT $(cat $src/env 2>/dev/null) \
     bash -c "$BIN compose $args create --cluster c1 --region us-east-1" > $TMP/out 2>$TMP/err); rc=$?
  curl -s -X POST http://127.0.0.1:$PORT/moto-api/recorder/stop-recording >/dev/null
  curl -s http://127.0.0.1:$PORT/moto-api/recorder/download-recording > $TMP/rec-$c.jsonl
  mkdir -p $src/expected; echo $rc > $src/expected/rc
  sed -e 's/^time="[^"]*" //' -e "s#$run#<CASE_DIR>#g" -e "s#$home#<HOME>#g" $TMP/out > $src/expected/stdout
  TMP="$TMP" python3 - "$c" "$src" "$run" <<'PY'
import json,sys,base64,os
c,src,run=sys.argv[1:]
reqs=[]
for line in open(f'{os.environ["TMP"]}/rec-{c}.jsonl'):
    if not line.strip(): continue
    e=json.loads(line)
    h={k.lower():v for k,v in (e.get('headers') or {}).items()}
    t=h.get('x-amz-target','')
    body=e.get('body','')
    if e.get('body_encoded'): body=base64.b64decode(body).decode()
    reqs.append((t,body))
with open(f'{src}/expected/calls','w') as f:
    for t,_ in reqs: f.write(t+'\n')
rtd=[b for t,b in reqs if t.endswith('RegisterTaskDefinition')]
p=f'{src}/expected/request.json'
if rtd:
    d=json.loads(rtd[0].replace(run,'<CASE_DIR>'))
    open(p,'w').write(json.dumps(d,indent=2,sort_keys=True)+'\n')
elif os.path.exists(p): os.remove(p)
PY
  echo "== $c rc=$rc"; cat $src/expected/stdout; head -c 600 $TMP/err
done
kill $SRV
rm -rf "$TMP"
