#!/usr/bin/env bash
# Seeds the fuzz corpus from the golden corpus: each case's docker-compose.yml, followed by a
# NUL byte and its ecs-params.yml when it has one (the target's input format).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
golden="${1:-$here/../../shared/golden/public}"
out="$here/corpus/compose"
mkdir -p "$out"
i=0
for f in "$golden"/*/docker-compose.yml; do
  d="$(dirname "$f")"
  i=$((i + 1))
  if [ -f "$d/ecs-params.yml" ]; then
    { cat "$f"; printf '\0'; cat "$d/ecs-params.yml"; } > "$out/seed$i"
  else
    cp "$f" "$out/seed$i"
  fi
done
echo "$i seeds in $out"
