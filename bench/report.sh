# The one-command benchmark report, `bench/run.sh report` (sourced by bench/run.sh, which builds the hub, starts the
# fake Twilio and the hub, and cleans up). Baselines are measured on an idle machine before the hub starts, with fixed
# flags printed in the report; then, on one hub with the shipped defaults:
#   1. intake: INTAKE_EVENTS events posted by 32 clients, accepted events/s; then as many again in batches of 100 by
#      8 clients (one transaction and one confirm wait per batch)
#   2. end to end: 5,000 events (one SMS each) by 16 clients after a warm-up, notifications/s at the fake Twilio
#   3. paced at half of (2) for PACED_SECONDS: event-to-provider p50/p95/p99, drawn as latency over time
#   4. the priority lane: 50 critical SMS through the API, one every 200 ms, behind a backlog of 10,000 events
#   5. two instances: a second hub on the same database and broker, events posted to each in turn, as (2)
# During (2) and (5) the CPU time of the hub(s), PostgreSQL and RabbitMQ is read from /proc, which gives each one's
# cost per notification and, from that, what more machines would carry.
# Between phases the hub drains (no notification queued or sending, every queue empty), so no phase pays for the last.
# Heap and RSS are sampled every 2 s throughout. Writes bench/results/DATE.md and DATE-latency.svg, and includes the
# newest bench/results/*-faults.md (written by bench/faults.sh).

PERF_FLAGS=(-x 1 -y 1 -s 1000 -f persistent -c 200 -z 30)
PGBENCH_FLAGS=(-n -c 8 -j 2 -T 20)
INTAKE_EVENTS=${INTAKE_EVENTS:-10000}
PACED_SECONDS=${PACED_SECONDS:-60}
REPORT=$OUT/report
SECOND_PORT=18082
DAY=$(date -u +%Y-%m-%d)

report_baselines() {
  mkdir -p "$REPORT"
  rm -f "$REPORT"/*
  echo "== baseline: RabbitMQ PerfTest ${PERF_FLAGS[*]} (idle machine, hub not started)"
  java -cp "bench/target/lib/*" com.rabbitmq.perf.PerfTest --uri "amqp://guest:guest@localhost:5672/$VHOST" \
    "${PERF_FLAGS[@]}" -u bench.perftest --auto-delete true > "$REPORT/perftest.txt" 2>&1
  PERF_RATE=$(grep -oE 'sending rate avg: [0-9]+' "$REPORT/perftest.txt" | grep -oE '[0-9]+$')
  echo "PerfTest confirmed msg/s: $PERF_RATE"
  echo "== baseline: pgbench single-row inserts ${PGBENCH_FLAGS[*]}"
  psql -h 127.0.0.1 -U postgres -q -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS bench_pg CASCADE" \
    -c "CREATE SCHEMA bench_pg" -c "CREATE TABLE bench_pg.rows (id bigserial PRIMARY KEY, v int, at timestamptz DEFAULT now())"
  printf '\\set v random(1, 1000000)\nINSERT INTO bench_pg.rows (v) VALUES (:v);\n' > "$REPORT/pgbench.sql"
  "$(ls /usr/lib/postgresql/*/bin/pgbench | head -n 1)" -h 127.0.0.1 -U postgres "${PGBENCH_FLAGS[@]}" \
    -f "$REPORT/pgbench.sql" postgres > "$REPORT/pgbench.txt" 2>&1
  psql -h 127.0.0.1 -U postgres -q -c "SET client_min_messages = warning" -c "DROP SCHEMA bench_pg CASCADE"
  PG_RATE=$(grep -oE '^tps = [0-9]+' "$REPORT/pgbench.txt" | grep -oE '[0-9]+$')
  echo "pgbench single-row inserts/s: $PG_RATE"
}

# Waits until the hub has nothing left to do: no notification queued or sending (a send_at in the future aside) and
# every queue of its vhost empty.
drain() {
  for _ in $(seq 900); do
    OPEN=$(psql -h 127.0.0.1 -U postgres -Atq -c "SELECT count(*) FROM bench.notifications
      WHERE status IN ('queued', 'sending') AND (send_at IS NULL OR send_at <= now())")
    QUEUED=$(rabbitmqctl -q list_queues -p "$VHOST" messages 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { s += $1 } END { print s + 0 }')
    [ "$OPEN" = 0 ] && [ "$QUEUED" = 0 ] && return 0
    sleep 1
  done
  echo "the hub did not drain in 15 minutes: $OPEN open notifications, $QUEUED queued messages" >&2
  return 1
}

sample_memory() {
  while kill -0 "$HUB_PID" 2>/dev/null; do
    HEAP=$(heap_mb used)
    RSS=$(ps -o rss= -p "$HUB_PID" | awk '{ printf "%.1f", $1 / 1024 }')
    echo "$(date +%s) $HEAP $RSS"
    sleep 2
  done
}

# CPU seconds used so far (user + system) by the processes named: "hub PIDS", "postgres", "beam.smp"
cpu_seconds() {
  local pids
  if [ "$1" = hub ]; then pids=${2// /,}; else pids=$(pgrep -d, -x "$1" || true); fi
  [ -z "$pids" ] && { echo 0; return; }
  ps -o times= -p "$pids" | awk '{ s += $1 } END { print s + 0 }'
}

# CPU of the hub(s), PostgreSQL and RabbitMQ, one line, for cpu_per_notification
cpu_snapshot() { echo "$(cpu_seconds hub "$1") $(cpu_seconds postgres) $(cpu_seconds beam.smp) $(date +%s.%N)"; }

# "hub_ms pg_ms rabbit_ms busy_cores" per notification between two snapshots, for N notifications
cpu_per_notification() {
  awk -v n="$3" -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "%.2f %.2f %.2f %.2f", (y[1] - x[1]) * 1000 / n, (y[2] - x[2]) * 1000 / n, (y[3] - x[3]) * 1000 / n,
      ((y[1] - x[1]) + (y[2] - x[2]) + (y[3] - x[3])) / (y[4] - x[4]) }'
}

report_run() {
  sample_memory > "$REPORT/memory.txt" &
  SAMPLER=$!
  URL="http://localhost:$PORT/api/v1/events"
  FAKE="http://127.0.0.1:$FAKE_PORT"
  IDLE_RSS=$(ps -o rss= -p "$HUB_PID" | awk '{ printf "%.1f", $1 / 1024 }')

  echo "== 1. intake: $INTAKE_EVENTS events, 32 clients"
  java -cp bench/target/classes com.coachway.bench.IngressBench "$URL" "$KEY" "$INTAKE_EVENTS" 32 | tee "$REPORT/intake.txt"
  drain
  echo "== 1b. intake in batches: $INTAKE_EVENTS events, 100 to a request, 8 clients"
  java -Dbatch=100 -cp bench/target/classes com.coachway.bench.IngressBench "$URL" "$KEY" "$INTAKE_EVENTS" 8 \
    | tee "$REPORT/intake-batch.txt"
  drain
  echo "== 2. end to end: 5000 events, 16 clients"
  # the CPU is read over the measured run only: DeliveryBench says when its warm-up ends
  (while ! grep -q '^posting' "$REPORT/saturation.txt" 2>/dev/null; do sleep 0.2; done; cpu_snapshot "$HUB_PID" \
    > "$REPORT/cpu-one-before.txt") &
  java -cp bench/target/classes com.coachway.bench.DeliveryBench post "$URL" "$KEY" 5000 16 "$FAKE" \
    | tee "$REPORT/saturation.txt"
  cpu_snapshot "$HUB_PID" > "$REPORT/cpu-one-after.txt"
  drain
  SATURATION=$(result delivery.notifications_per_s "$REPORT/saturation.txt")
  PACE=$(awk -v s="$SATURATION" 'BEGIN { printf "%d", s / 2 }')
  echo "== 3. paced at half of saturation: $PACE events/s for ${PACED_SECONDS}s"
  java -Dwarmup=0 -Dphones=5300000 -Dseries="$REPORT/paced-series.txt" -cp bench/target/classes com.coachway.bench.DeliveryBench post \
    "$URL" "$KEY" $((PACE * PACED_SECONDS)) 16 "$FAKE" "$PACE" | tee "$REPORT/paced.txt"
  drain
  echo "== 4. priority lane behind a backlog of 10,000 events"
  java -cp bench/target/classes com.coachway.bench.DeliveryBench lane "$URL" "$KEY" 10000 16 "$FAKE" 50 \
    | tee "$REPORT/lane.txt"
  drain
  echo "== 5. two instances: a second hub on :$SECOND_PORT, events posted to each in turn"
  # shellcheck disable=SC2086
  java -Xmx1g -jar "$JAR" "${HUB_ARGS_ALL[@]/--server.port=$PORT/--server.port=$SECOND_PORT}" ${HUB_ARGS:-} \
    > "$OUT/hub-second.log" 2>&1 &
  SECOND_PID=$!
  for _ in $(seq 90); do curl -fs "http://localhost:$SECOND_PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
  (while ! grep -q '^posting' "$REPORT/two.txt" 2>/dev/null; do sleep 0.2; done; cpu_snapshot "$HUB_PID $SECOND_PID" \
    > "$REPORT/cpu-two-before.txt") &
  java -Dphones=6000000 -cp bench/target/classes com.coachway.bench.DeliveryBench post \
    "$URL,http://localhost:$SECOND_PORT/api/v1/events" "$KEY" 5000 16 "$FAKE" | tee "$REPORT/two.txt"
  cpu_snapshot "$HUB_PID $SECOND_PID" > "$REPORT/cpu-two-after.txt"
  drain
  kill "$SECOND_PID" && wait "$SECOND_PID" 2>/dev/null || true
  kill "$SAMPLER" 2>/dev/null || true

  bench/chart.py "$REPORT/paced-series.txt" "event to provider, paced at $PACE events/s (half of saturation)" \
    > "bench/results/$DAY-latency.svg"
  write_report > "bench/results/$DAY.md"
  echo "== report: bench/results/$DAY.md"
  cat "bench/results/$DAY.md"
}

write_report() {
  local intake batched p50 p95 p99 lane_p99 heap rss pass two one_cpu two_cpu hub_ms pg_ms mq_ms
  intake=$(result hub.events_per_s "$REPORT/intake.txt")
  batched=$(result hub.events_per_s "$REPORT/intake-batch.txt")
  p50=$(result delivery.p50_ms "$REPORT/paced.txt")
  p95=$(result delivery.p95_ms "$REPORT/paced.txt")
  p99=$(result delivery.p99_ms "$REPORT/paced.txt")
  lane_p99=$(result lane.p99_ms "$REPORT/lane.txt")
  two=$(result delivery.notifications_per_s "$REPORT/two.txt")
  one_cpu=$(cpu_per_notification "$(cat "$REPORT/cpu-one-before.txt")" "$(cat "$REPORT/cpu-one-after.txt")" \
    "$(result delivery.received "$REPORT/saturation.txt")")
  two_cpu=$(cpu_per_notification "$(cat "$REPORT/cpu-two-before.txt")" "$(cat "$REPORT/cpu-two-after.txt")" \
    "$(result delivery.received "$REPORT/two.txt")")
  read -r hub_ms pg_ms mq_ms _ <<< "$one_cpu"
  heap=$(awk '$2 > m { m = $2 } END { print m }' "$REPORT/memory.txt")
  rss=$(awk '$3 > m { m = $3 } END { print m }' "$REPORT/memory.txt")
  pass() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = op == "ge" ? v >= t : v < t; print ok ? "met" : "missed" }'; }
  cat <<EOF
# Benchmark report, $DAY

\`bench/run.sh report\` on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) ($(uname -r)); hub commit
\`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- src config || echo ' with uncommitted changes'), shipped defaults, a fake Twilio that answers at once.

## Baselines (idle machine, measured before the hub started)

| baseline | flags | result |
|---|---|---|
| RabbitMQ PerfTest | \`${PERF_FLAGS[*]}\` (1 producer, 1 consumer, persistent 1,000-byte messages, 200 unconfirmed in flight, 30 s) | $PERF_RATE msg/s |
| pgbench single-row inserts | \`${PGBENCH_FLAGS[*]}\`, one \`INSERT\` per transaction | $PG_RATE inserts/s |

## The hub

| measure | result | vs PerfTest | vs pgbench | target | |
|---|---|---|---|---|---|
| intake, events/s ($INTAKE_EVENTS events, 32 clients) | $intake | $(awk -v a="$intake" -v b="$PERF_RATE" 'BEGIN { printf "%.3f", a / b }') | $(awk -v a="$intake" -v b="$PG_RATE" 'BEGIN { printf "%.3f", a / b }') | ≥ 0.25 × PerfTest | $(pass "$(awk -v a="$intake" -v b="$PERF_RATE" 'BEGIN { print a / b }')" 0.25 ge) |
| intake in batches of 100, events/s ($INTAKE_EVENTS events, 8 clients) | $batched | $(awk -v a="$batched" -v b="$PERF_RATE" 'BEGIN { printf "%.3f", a / b }') | $(awk -v a="$batched" -v b="$PG_RATE" 'BEGIN { printf "%.3f", a / b }') | | |
| end to end, notifications/s (5,000 events, 16 clients) | $SATURATION | $(awk -v a="$SATURATION" -v b="$PERF_RATE" 'BEGIN { printf "%.3f", a / b }') | $(awk -v a="$SATURATION" -v b="$PG_RATE" 'BEGIN { printf "%.3f", a / b }') | ≥ 0.10 × PerfTest | $(pass "$(awk -v a="$SATURATION" -v b="$PERF_RATE" 'BEGIN { print a / b }')" 0.10 ge) |
| event → provider at $PACE events/s, p50 / p95 / p99 ms | $p50 / $p95 / $p99 | | | p99 < 250 ms | $(pass "$p99" 250 lt) |
| critical SMS behind 10,000 queued events, p99 ms | $lane_p99 | | | < 250 ms | $(pass "$lane_p99" 250 lt) |
| heap used, peak MiB (-Xmx1g) | $heap | | | < 512 MiB | $(pass "$heap" 512 lt) |
| resident set, idle / peak MiB | $IDLE_RSS / $rss | | | | |

## Where the CPU goes, and two instances

CPU time read from \`/proc\` over each measured run, per notification delivered (PostgreSQL: all its processes;
RabbitMQ: its Erlang VM; the load generator and the fake Twilio are the rest of the machine):

| run | notifications/s | hub ms | PostgreSQL ms | RabbitMQ ms | cores busy (of $(nproc)) in these three |
|---|---|---|---|---|---|
| one instance | $SATURATION | $(echo "$one_cpu" | awk '{ print $1 " | " $2 " | " $3 " | " $4 }') |
| two instances, events to each in turn | $two | $(echo "$two_cpu" | awk '{ print $1 " | " $2 " | " $3 " | " $4 }') |

Two instances against one on this machine: $(awk -v a="$two" -v b="$SATURATION" 'BEGIN { printf "%.2f×", a / b }'). Both
share the same $(nproc) cores with PostgreSQL, RabbitMQ and the load, which were already all busy, so a second JVM
adds work (its own JIT, pools and timers) and no capacity.

Projection, from the CPU cost per notification of one instance: with the hub on machines of its own, each
$(nproc)-core hub machine carries about $(awk -v h="$hub_ms" -v c="$(nproc)" 'BEGIN { printf "%.0f", c * 1000 / h }')
notifications/s, and one $(nproc)-core machine for PostgreSQL and RabbitMQ about
$(awk -v p="$pg_ms" -v m="$mq_ms" -v c="$(nproc)" 'BEGIN { printf "%.0f", c * 1000 / (p + m) }') notifications/s of their
work, so about $(awk -v h="$hub_ms" -v p="$pg_ms" -v m="$mq_ms" 'BEGIN { printf "%.1f", h / (p + m) }') hub machines fill
it. Instances share nothing but the database and the broker (the rate limit and Quartz live in PostgreSQL), so the
hub scales out until those saturate; CPU is the measure here, and disk flushes (PerfTest, pgbench above) bound the
database and broker too.

Latency over time in the paced run: [$DAY-latency.svg]($DAY-latency.svg).

Raw lines:

\`\`\`
$(grep -h RESULT "$REPORT"/intake.txt "$REPORT"/intake-batch.txt "$REPORT"/saturation.txt "$REPORT"/paced.txt "$REPORT"/lane.txt "$REPORT"/two.txt)
\`\`\`

## Faults (the newest \`bench/faults.sh\` run)

$(latest=$(ls bench/results/*-faults.md 2>/dev/null | sort | tail -n 1); [ -n "$latest" ] && sed 1d "$latest" || echo "no bench/faults.sh run recorded yet")

Fuzzing: \`FuzzTest\` sends $(grep -oE 'INPUTS = [0-9]+' src/test/java/com/coachway/hub/http/FuzzTest.java | grep -oE '[0-9]+') mutated requests to every inbound endpoint in every \`./mvnw -B verify\`.
EOF
}
