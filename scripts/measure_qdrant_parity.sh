#!/bin/bash
# Eval parity of the Qdrant backend (local mode) with the embedded FAISS index, on the same
# vectors: each eval corpus is indexed once (FAISS), the index is copied, and the copy is
# switched to Qdrant (which uploads its stored vectors; nothing is embedded again). Prints
# each metric on both and the difference in points.
#   scripts/measure_qdrant_parity.sh [WORK_DIR]     (default /tmp/newsdesk-parity)
# The first run embeds every corpus with the real model (about 15 min on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/newsdesk-parity}
E=../shared/eval/external
mkdir -p "$WORK"
printf '[index]\nbackend = "faiss"\n' > "$WORK/faiss.toml"
printf '[index]\nbackend = "qdrant"\n' > "$WORK/qdrant.toml"
declare -A CASES=([dev]=tests/data/dev.jsonl [squad2]=$E/squad2/validation.jsonl
                  [fm2]=$E/fm2/validation.jsonl [semeval-c1]=$E/semeval-c1/cases.jsonl)
declare -A CORPUS=([dev]=seeds [squad2]=$E/squad2/corpus [fm2]=$E/fm2/corpus
                   [semeval-c1]=$E/semeval-c1/corpus)
for set in dev semeval-c1 squad2 fm2; do
  .venv/bin/newsdesk index --config "$WORK/faiss.toml" --corpus "${CORPUS[$set]}" \
    --index "$WORK/faiss-$set" > /dev/null
  rm -rf "$WORK/qdrant-$set" && cp -r "$WORK/faiss-$set" "$WORK/qdrant-$set"
  for backend in faiss qdrant; do
    .venv/bin/newsdesk eval "${CASES[$set]}" --corpus "${CORPUS[$set]}" \
      --index "$WORK/$backend-$set" --config "$WORK/$backend.toml" --json \
      > "$WORK/$backend-$set.json"
  done
done
.venv/bin/python - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
for name in ("dev", "squad2", "fm2", "semeval-c1"):
    faiss, qdrant = (json.load(open(f"{work}/{b}-{name}.json"))["metrics"] for b in ("faiss", "qdrant"))
    for metric, value in faiss.items():
        if isinstance(value, (int, float)) and not metric.endswith(("words", "rank")):
            diff = 100 * (qdrant[metric] - value)
            print(f"{name:11s} {metric:28s} faiss {value:.4f}  qdrant {qdrant[metric]:.4f}  {diff:+.1f} pts")
PY
