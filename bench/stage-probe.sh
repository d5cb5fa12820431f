#!/usr/bin/env bash
# What batching would save one hub stage, before anyone rewrites a stage for it (issue 15): StageProbe drains a queue
# doing a notify-like stage's work (a row in a table indexed like notifications and its timeline entry, one message
# published onward and confirmed, commit, acknowledge) without the hub, one message per transaction and then BATCH
# at a time, in alternating rounds.
#
#   bench/stage-probe.sh [ROUNDS] [MESSAGES] [CONSUMERS] [BATCH...]     (default 3 20000 4 1 20)
#
# Prints each run's RESULT line (messages/s; CPU ms per message of the probe, PostgreSQL and RabbitMQ) and, per batch
# size, the median messages/s and its ratio to the first batch size given. Needs the local PostgreSQL and RabbitMQ
# and the machine to itself; uses vhost hub-stage-probe and schema stage_probe, both removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
MESSAGES=${2:-20000}
CONSUMERS=${3:-4}
shift $(($# < 3 ? $# : 3))
if [ $# -gt 0 ]; then BATCHES=("$@"); else BATCHES=(1 20); fi
VHOST=hub-stage-probe
OUT=bench/out
mkdir -p "$OUT"

./mvnw -B -q -f bench/pom.xml package
rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl -q add_vhost "$VHOST"
rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*'
trap 'rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || true' EXIT

: > "$OUT/stage-probe.txt"
for round in $(seq "$ROUNDS"); do
  order=("${BATCHES[@]}")
  # flip the order every other round, so drift within a round does not favour one size
  if [ $((round % 2)) -eq 0 ]; then
    order=()
    for ((i = ${#BATCHES[@]} - 1; i >= 0; i--)); do order+=("${BATCHES[$i]}"); done
  fi
  for batch in "${order[@]}"; do
    java -cp "bench/target/classes:bench/target/lib/*" com.coachway.bench.StageProbe "$VHOST" "$MESSAGES" \
      "$CONSUMERS" "$batch" | grep --line-buffered "^RESULT" | tee -a "$OUT/stage-probe.txt"
  done
done

echo "== median per batch size (messages/s, ratio to batch ${BATCHES[0]})"
base=""
for batch in "${BATCHES[@]}"; do
  median=$(grep "probe.batch=$batch " "$OUT/stage-probe.txt" | grep -oE 'probe.msgs_per_s=[0-9.]+' | cut -d= -f2 \
    | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  [ -z "$base" ] && base=$median
  awk -v b="$batch" -v m="$median" -v base="$base" 'BEGIN { printf "batch %s: %.1f messages/s, %.2f x\n", b, m, m / base }'
done
