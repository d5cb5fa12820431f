#!/usr/bin/env bash
# Benchmarks, each against RabbitMQ PerfTest measured in the same run on the same broker.
#
#   bench/run.sh ingress  [EVENTS] [CLIENTS]   accepted events/s over HTTP, p50/p99        (default 20000 32);
#                                              BATCH=B posts them B to a request, as a batch; ALONE=1 keeps
#                                              the router stopped, so nothing drains beside the intake
#   bench/run.sh delivery [EVENTS] [CLIENTS] [RATE]
#                                              notifications/s event -> fake Twilio, p50/p99, heap (default 5000 16);
#                                              with RATE events/s paced, the latency below saturation
#   bench/run.sh callbacks [CALLBACKS] [CLIENTS]
#                                              signed Twilio status callbacks posted at once: answered/s, p50/p99,
#                                              time until all are applied; baseline: the same requests unsigned
#                                              (refused with 403 before any database work)     (default 2000 16)
#   bench/run.sh scheduled [SENDS]             SMS sends that all fall due at one instant (seeded in the database as the
#                                              hub stores an API send_at): the due-sends handover rate (sends/s) and
#                                              the lag from the due time to the fake Twilio, p50/p99 (default 10000)
#   bench/run.sh lane [BACKLOG] [CLIENTS]      the priority lane alone: 50 critical SMS through the API, one every 200 ms,
#                                              behind BACKLOG trip.reminder events, p50/p99, and where each critical
#                                              send spent its time, step by step from its timeline (default 10000 16)
#   bench/run.sh report                        the whole report in one command (bench/report.sh): idle baselines
#                                              (PerfTest, pgbench), intake, end to end, paced at half of saturation,
#                                              the priority lane behind 10,000, heap and RSS; writes
#                                              bench/results/DATE.md and its latency chart
#   bench/run.sh console [DEAD_LETTERS] [CLIENTS]
#                                              the ops console against that many dead letters: its first load in
#                                              bytes and ms, and the dead-letter list API's p50/p95; baseline: the
#                                              console's stylesheet through the same session       (default 10000 4)
#
# Needs the local PostgreSQL and RabbitMQ (as the tests do). Builds the hub jar, starts it on :18080 in schema
# 'bench' and vhost 'hub-bench' (both dropped at the end), runs the load, then PerfTest (persistent 1 KB messages,
# publisher confirms with CLIENTS in flight, one producer, one consumer, PERFTEST_SECONDS, default 30) and prints
# both figures and their ratio. Output lands in bench/out/. With PROFILE=1 the load is recorded with JFR (CPU
# samples every 10 ms) and drawn as a flame graph, bench/out/flame-MODE.svg, the widest costs printed beside it.
# JAVA_OPTS adds JVM flags to the hub's (a later -Xmx wins over the default 1g); HUB_CPUS=0 runs the hub on those CPUs
# only (taskset), as a container with a CPU limit would; HUB_ARGS adds hub settings.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
MODE=${1:-ingress}
case "$MODE" in
  ingress) EVENTS=${2:-20000}; CLIENTS=${3:-32} ;;
  delivery) EVENTS=${2:-5000}; CLIENTS=${3:-16}; PACE=${4:-} ;;
  lane) EVENTS=${2:-10000}; CLIENTS=${3:-16} ;;
  callbacks) EVENTS=${2:-2000}; CLIENTS=${3:-16} ;;
  scheduled) EVENTS=${2:-10000}; CLIENTS=${3:-16} ;;
  console) EVENTS=${2:-10000}; CLIENTS=${3:-4} ;;
  report) EVENTS=0; CLIENTS=16 ;;
  *) echo "usage: bench/run.sh ingress|delivery|lane|callbacks|scheduled|console|report [N] [CLIENTS]"; exit 2 ;;
esac
PERF_SECONDS=${PERFTEST_SECONDS:-30}
PORT=18080
FAKE_PORT=18081
KEY=bench-key-0123456789abcdef
# reads /actuator/prometheus (ops only); an API key, as a scraper would, not the bcrypt-checked console user
OPS_KEY=bench-ops-key-0123456789abcdef
heap_mb() { # heap_mb used|committed: the hub's heap in MiB, all its pools together
  curl -fs -H "Authorization: Bearer $OPS_KEY" "http://localhost:$PORT/actuator/prometheus" \
    | awk -v m="jvm_memory_$1_bytes" '$0 ~ "^" m "\\{.*area=\"heap\"" { s += $NF } END { printf "%.1f", s / 1048576 }'
}
rss_peak_mb() { # the hub's peak resident set in MiB, as the kernel counted it (VmHWM)
  awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$HUB_PID/status"
}
VHOST=hub-bench
OUT=bench/out
mkdir -p "$OUT"

echo "== building hub and harness"
./mvnw -B -q package -DskipTests
./mvnw -B -q -f bench/pom.xml package
JAR=$(ls target/integration-hub-*.jar | head -n 1)

rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl -q add_vhost "$VHOST"
rabbitmqctl -q set_permissions -p "$VHOST" guest ".*" ".*" ".*"
psql -h 127.0.0.1 -U postgres -q -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS bench CASCADE"

cleanup() {
  [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null || true
  [ -n "${SECOND_PID:-}" ] && kill "$SECOND_PID" 2>/dev/null && wait "$SECOND_PID" 2>/dev/null || true
  [ -n "${FAKE_PID:-}" ] && kill "$FAKE_PID" 2>/dev/null || true
  rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -U postgres -q -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS bench CASCADE" || true
}
trap cleanup EXIT

HUB_ARGS_ALL=(--server.port=$PORT --hub.db.schema=bench --spring.rabbitmq.virtual-host=$VHOST
  --hub.public-base-url=http://localhost:$PORT --hub.twilio.auth-token=bench --hub.tracking.unknown-grace=PT0S
  "--hub.security.api-keys[0].source=bench" "--hub.security.api-keys[0].key=$KEY"
  "--hub.security.api-keys[1].source=bench-metrics" "--hub.security.api-keys[1].key=$OPS_KEY"
  "--hub.security.api-keys[1].roles=ops"
  --logging.level.com.coachway.hub.routing=WARN --hub.mail.sandbox=true --hub.links.secret=bench
  # the console's user; the password is "ops"
  "--hub.security.users[0].name=ops" "--hub.security.users[0].roles=ops"
  '--hub.security.users[0].password={bcrypt}$2a$10$VkylrPFQwV325VHC5ZeswudVZL0g8uMJ2j8bk8miNUJ.c2VMi2rpW')
if [ "$MODE" = delivery ] || [ "$MODE" = lane ] || [ "$MODE" = scheduled ] || [ "$MODE" = report ]; then
  java -cp bench/target/classes com.coachway.bench.DeliveryBench fake $FAKE_PORT > "$OUT/fake.log" 2>&1 &
  FAKE_PID=$!
  HUB_ARGS_ALL+=(--hub.twilio.base-url=http://127.0.0.1:$FAKE_PORT --hub.twilio.account-sid=AC00000000000000000000000000000001
    --hub.twilio.auth-token=bench --hub.twilio.sms-from=+15005550006 --hub.twilio.whatsapp-from=+14155238886
    --hub.rate.sms=100000)
fi

if [ "$MODE" = ingress ] && [ -n "${ALONE:-}" ]; then
  # the accepted events stay in q.router: the intake's own ceiling, with no router, notify or delivery beside it
  HUB_ARGS_ALL+=(--hub.router.auto-startup=false)
fi

if [ "$MODE" = report ]; then
  . bench/report.sh
  report_baselines
fi

echo "== starting hub on :$PORT"
# shellcheck disable=SC2086
${HUB_CPUS:+taskset -c "$HUB_CPUS"} java -Xmx1g ${PROFILE:+-XX:FlightRecorderOptions:stackdepth=512} ${JAVA_OPTS:-} -jar "$JAR" "${HUB_ARGS_ALL[@]}" ${HUB_ARGS:-} > "$OUT/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 90); do
  curl -fs "http://localhost:$PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://localhost:$PORT/actuator/health" >/dev/null || { echo "the hub did not start:"; tail -n 30 "$OUT/hub.log"; exit 1; }

if [ "$MODE" = report ]; then
  report_run
  exit 0
fi

if [ "$MODE" = lane ]; then
  echo "== priority lane: 50 critical SMS behind a backlog of $EVENTS events, $CLIENTS clients"
  java -cp bench/target/classes com.coachway.bench.DeliveryBench lane "http://localhost:$PORT/api/v1/events" "$KEY" \
    "$EVENTS" "$CLIENTS" "http://127.0.0.1:$FAKE_PORT" 50 | tee "$OUT/hub.txt"
  echo "== critical sends, ms from the API's row to each step (p50 / p99 / max of 50)"
  psql -h 127.0.0.1 -U postgres -q -P pager=off -c "SELECT e.status,
      round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - n.created_at) * 1000)::numeric, 1) AS p50,
      round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - n.created_at) * 1000)::numeric, 1) AS p99,
      round(max(extract(epoch FROM e.at - n.created_at) * 1000)::numeric, 1) AS max
    FROM bench.notification_events e JOIN bench.notifications n ON n.id = e.notification_id
    WHERE n.priority = 'critical' AND n.phone LIKE '+15558%' AND n.phone NOT LIKE '+155589%'
    GROUP BY 1 ORDER BY p50" | tee -a "$OUT/hub.txt"
  echo "RESULT jvm.rss_peak_mb=$(rss_peak_mb)" | tee -a "$OUT/hub.txt"
  exit 0
fi

if [ "$MODE" = console ]; then
  echo "== seeding $EVENTS parked dead letters (ten reasons, three queues, over the last week)"
  psql -h 127.0.0.1 -U postgres -q -c "INSERT INTO bench.dead_letters (drain_key, queue, parked_queue, message_id,
      correlation_id, original_exchange, original_routing_key, content_type, headers, body, reason, kind, attempts,
      first_failure, last_failure, parked_at)
    SELECT 'bench-' || g, q, q || '.parked', 'ntf_bench' || g || '/1/sms', 'ntf_bench' || g, 'hub.work', q,
      'application/json', jsonb_build_object('hub_notification_id', 'ntf_bench' || g, 'hub_provider_code', '30003'),
      convert_to(jsonb_build_object('notification_id', 'ntf_bench' || g, 'channel', 'sms', 'address',
        '+1555' || lpad(g::text, 7, '0'), 'text', 'Your coach leaves Boston at 08:30. Driver Dave +1 555 555 0188.')::text,
        'UTF8'),
      'retries exhausted after 4 attempts: twilio 3000' || (g % 10) || ': unreachable handset ' || (g % 10),
      'transient', 4, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval,
      now() - (g || ' minutes')::interval
    FROM generate_series(1, $EVENTS) g,
      LATERAL (SELECT (ARRAY['q.deliver.sms', 'q.deliver.email', 'q.deliver.whatsapp'])[1 + g % 3] AS q) queues"
  echo "== console: first load and list API with $CLIENTS clients"
  java -cp bench/target/classes com.coachway.bench.ConsoleBench "http://localhost:$PORT" ops ops 2000 "$CLIENTS" \
    | tee "$OUT/summary-console.txt"
  exit 0
fi

if [ "$MODE" = callbacks ]; then
  echo "== seeding $EVENTS sent SMS notifications"
  psql -h 127.0.0.1 -U postgres -q -c "INSERT INTO bench.notifications (id, origin, template, category, priority,
      channels, channel, address, status, provider, provider_message_id)
    SELECT 'ntf_bench' || g, 'api', 'recovery_contact', 'transactional', 'normal', ARRAY['sms'], 'sms',
      '+15555550100', 'sent', 'twilio', 'SM' || lpad(g::text, 32, '0') FROM generate_series(1, $EVENTS) g"
  psql -h 127.0.0.1 -U postgres -Atq -c "SELECT provider_message_id FROM bench.notifications ORDER BY id" \
    > "$OUT/sids.txt"
  URL="http://localhost:$PORT/webhooks/twilio/status"
  # warm-up: signed callbacks for SIDs nobody knows (unmatched at once here), so both runs meet a JVM that has
  # compiled the request path, as a hub that has been up for a while has
  seq -f "SMwarm%028g" 1 ${WARMUP:-6000} > "$OUT/warm-sids.txt"
  for round in 1 2; do
    java -cp bench/target/classes com.coachway.bench.CallbackBench signed "$URL" bench "$OUT/warm-sids.txt" \
      "$CLIENTS" > "$OUT/warmup-$round.txt"
  done
  echo "== baseline: $EVENTS unsigned callbacks with $CLIENTS clients (403, no database)"
  java -cp bench/target/classes com.coachway.bench.CallbackBench unsigned "$URL" bench "$OUT/sids.txt" "$CLIENTS" \
    | tee "$OUT/baseline.txt"
  echo "== hub: $EVENTS signed delivered callbacks with $CLIENTS clients"
  STARTED=$(date +%s.%N)
  java -cp bench/target/classes com.coachway.bench.CallbackBench signed "$URL" bench "$OUT/sids.txt" "$CLIENTS" \
    | tee "$OUT/hub.txt"
  for _ in $(seq 600); do
    APPLIED=$(psql -h 127.0.0.1 -U postgres -Atq -c "SELECT count(*) FROM bench.notifications WHERE status = 'delivered'")
    [ "$APPLIED" -ge "$EVENTS" ] && break
    sleep 0.2
  done
  DONE=$(date +%s.%N)
  psql -h 127.0.0.1 -U postgres -Atq -F ' ' -c "SELECT 'RESULT recorded=' || count(*), 'applied=' ||
      count(*) FILTER (WHERE state = 'applied'), 'pending=' || count(*) FILTER (WHERE state = 'pending')
      FROM bench.provider_callbacks WHERE message_id NOT LIKE 'SMwarm%'" | tee -a "$OUT/hub.txt"
  awk -v a="$APPLIED" -v n="$EVENTS" -v s="$STARTED" -v d="$DONE" \
    'BEGIN { printf "RESULT delivered=%d/%d all_applied_after_s=%.2f lost=%d\n", a, n, d - s, n - a }' \
    | tee -a "$OUT/hub.txt"
  echo "== summary (callbacks)"
  awk '/RESULT baseline/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); b[kv[1]] = kv[2] } }
       /RESULT callbacks/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); h[kv[1]] = kv[2] } }
       END { printf "callbacks answered/s: %.1f (p50 %.2f ms, p99 %.2f ms)\n", h["callbacks.per_s"], h["callbacks.p50_ms"], h["callbacks.p99_ms"];
             printf "baseline (unsigned, no database) /s: %.1f (p50 %.2f ms, p99 %.2f ms)\n", b["baseline.per_s"], b["baseline.p50_ms"], b["baseline.p99_ms"];
             printf "ratio throughput hub/baseline: %.3f, ratio p99 hub/baseline: %.3f\n", h["callbacks.per_s"] / b["baseline.per_s"], h["callbacks.p99_ms"] / b["baseline.p99_ms"] }' \
    "$OUT/baseline.txt" "$OUT/hub.txt" | tee "$OUT/summary-callbacks.txt"
  exit 0
fi

if [ -n "${PROFILE:-}" ]; then
  jcmd "$HUB_PID" JFR.start name=bench settings=profile > /dev/null
fi

if [ "$MODE" = scheduled ]; then
  echo "== seeding $EVENTS SMS that fall due at one instant"
  # one send through the API, so every clone is a row exactly as the hub stores a send_at request
  SEED=$(curl -fs -X POST "http://localhost:$PORT/api/v1/notifications" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' -d '{"template":"trip_reminder","channels":["sms"],"category":"reminders",
      "to":{"name":"Bench","phone":"+15550009999"},"send_at":"'"$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"'",
      "data":{"charter_id":186,"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston South Station"},
      "driver":{"name":"Dave","phone":"+1 555 555 0188"}}}' | grep -oE '"id":"[^"]+"' | cut -d'"' -f4)
  FIRST=7000000
  DUE=$(psql -h 127.0.0.1 -U postgres -Atq -c "SELECT to_char((now() + interval '20 seconds') AT TIME ZONE 'UTC',
    'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
  psql -h 127.0.0.1 -U postgres -q -c "INSERT INTO bench.notifications (id, origin, created_by, template, category,
      priority, channels, recipient, phone, data, status, send_at)
    SELECT 'ntf_sched' || lpad(g::text, 6, '0'), s.origin, s.created_by, s.template, s.category, s.priority,
      s.channels, jsonb_set(s.recipient, '{phone}', to_jsonb('+1555' || ($FIRST + g))),
      '+1555' || ($FIRST + g), s.data, 'queued', TIMESTAMPTZ '$DUE'
    FROM bench.notifications s, generate_series(0, $EVENTS - 1) g WHERE s.id = '$SEED'"
  echo "== $EVENTS due at $DUE; waiting for them at the fake Twilio"
  java -cp bench/target/classes com.coachway.bench.ScheduledBench "http://127.0.0.1:$FAKE_PORT" "$EVENTS" "$FIRST" \
    "$DUE" | tee "$OUT/hub.txt"
  psql -h 127.0.0.1 -U postgres -Atq -c "SELECT 'RESULT handover.sends=' || count(*) || ' handover.first_after_due_ms='
      || round(extract(epoch FROM min(e.at) - TIMESTAMPTZ '$DUE') * 1000) || ' handover.span_ms='
      || round(extract(epoch FROM max(e.at) - min(e.at)) * 1000) || ' handover.sends_per_s='
      || round(count(*) / greatest(extract(epoch FROM max(e.at) - min(e.at)), 0.001), 1)
    FROM bench.notification_events e WHERE e.detail = 'send time reached' AND e.notification_id LIKE 'ntf_sched%'" \
    | tee -a "$OUT/hub.txt"
  HUB_RATE=$(grep -oE 'handover.sends_per_s=[0-9.]+' "$OUT/hub.txt" | cut -d= -f2)
  LABEL="due sends handed over/s"
elif [ "$MODE" = ingress ]; then
  echo "== hub ingress"
  java ${BATCH:+-Dbatch=$BATCH} -cp bench/target/classes com.coachway.bench.IngressBench \
    "http://localhost:$PORT/api/v1/events" "$KEY" "$EVENTS" "$CLIENTS" | tee "$OUT/hub.txt"
  HUB_RATE=$(grep -oE 'hub.events_per_s=[0-9.]+' "$OUT/hub.txt" | cut -d= -f2)
  LABEL="hub accepted events/s"
  if [ -n "${ALONE:-}" ]; then
    # proof that nothing drained: every accepted event, the warm-up's too, still waits for the router
    WAITING=$(rabbitmqctl -q list_queues -p "$VHOST" name messages | awk '$1 == "q.router" { print $2 }')
    echo "RESULT hub.router_waiting=$WAITING" | tee -a "$OUT/hub.txt"
  fi
else
  echo "== hub delivery (event -> fake Twilio)"
  java -cp bench/target/classes com.coachway.bench.DeliveryBench post "http://localhost:$PORT/api/v1/events" "$KEY" \
    "$EVENTS" "$CLIENTS" "http://127.0.0.1:$FAKE_PORT" ${PACE:-} | tee "$OUT/hub.txt"
  HUB_RATE=$(grep -oE 'delivery.notifications_per_s=[0-9.]+' "$OUT/hub.txt" | cut -d= -f2)
  LABEL="hub notifications/s end to end"
  HEAP=$(heap_mb used)
  COMMITTED=$(heap_mb committed)
  echo "RESULT jvm.heap_used_mb=$HEAP jvm.heap_committed_mb=$COMMITTED jvm.rss_peak_mb=$(rss_peak_mb)" \
    | tee -a "$OUT/hub.txt"
fi

if [ -n "${PROFILE:-}" ]; then
  jcmd "$HUB_PID" JFR.stop name=bench filename="$PWD/$OUT/profile-$MODE.jfr" > /dev/null
  jfr print --stack-depth 512 --events jdk.ExecutionSample "$OUT/profile-$MODE.jfr" > "$OUT/profile-$MODE.txt"
  bench/flame.py "$OUT/profile-$MODE.txt" "hub CPU during bench/run.sh $MODE $EVENTS $CLIENTS" \
    > "$OUT/flame-$MODE.svg" 2> "$OUT/profile-$MODE-top.txt"
  echo "== profile: $OUT/flame-$MODE.svg"
  cat "$OUT/profile-$MODE-top.txt"
fi

echo "== RabbitMQ PerfTest (same broker, ${PERF_SECONDS}s)"
java -cp "bench/target/lib/*" com.rabbitmq.perf.PerfTest --uri "amqp://guest:guest@localhost:5672/$VHOST" \
  -x 1 -y 1 -s 1000 -f persistent -c "$CLIENTS" -z "$PERF_SECONDS" -u bench.perftest --auto-delete true \
  > "$OUT/perftest.txt" 2>&1
grep -E "sending rate avg|receiving rate avg" "$OUT/perftest.txt" | tee "$OUT/perftest-summary.txt"
PERF_RATE=$(grep -oE 'sending rate avg: [0-9]+' "$OUT/perftest.txt" | grep -oE '[0-9]+$')

echo "== summary ($MODE)"
awk -v h="$HUB_RATE" -v p="$PERF_RATE" -v l="$LABEL" 'BEGIN { printf "%s: %.1f\nperftest confirmed msg/s: %d\nratio hub/perftest: %.3f\n", l, h, p, h / p }' \
  | tee "$OUT/summary-$MODE.txt"
