#!/usr/bin/env bash
# Fault drills under load (issue 11). Each scenario gets a fresh hub (schema faults_<name>, vhost hub-faults-<name>)
# and EVENTS trip.reminder events (one SMS each, to a number of its own) posted at RATE/s by a careful client that
# retries 503 and refused connections, while the fault is injected:
#
#   kill      the hub is killed with SIGKILL three times under load and started again each time
#   restart   the hub is stopped with SIGTERM (a graceful stop) under load and started again
#   rabbitmq  RabbitMQ's application is stopped for 10 s and started again (rabbitmqctl stop_app / start_app)
#   postgres  PostgreSQL is stopped for 30 s (pg_ctlcluster ... stop -m fast) and started again
#   provider  the fake Twilio answers 30 % of requests 503 and 10 % only after 5 s (the hub waits 3 s)
#
#   bench/faults.sh [EVENTS] [RATE] [SCENARIO...]      (default 3000 100, every scenario)
#
# Per scenario it prints: accepted (events the client got 202/200 for), terminal (notifications in a final state,
# sent included), lost (accepted events with neither a notification nor a dead letter), stuck (queued/sending
# left), parked and not in dead_letters, parked although Twilio took the message, duplicates (numbers the fake
# Twilio took more than once), Twilio lookups, the client's answers (closed: the connection closed with no answer),
# and recovery: seconds from the end of the fault to the first accepted event, and to the last notification
# settled. Every service it stops is started again on exit, whatever happens. Output lands in bench/out/faults/.
# Needs the local PostgreSQL and RabbitMQ; stops both, so run it on its own, never beside the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-3000}
RATE=${2:-100}
shift $(( $# >= 2 ? 2 : $# )) || true
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(kill restart rabbitmq postgres provider)
PORT=18090
FAKE_PORT=18091
KEY=fault-key-0123456789abcdef
OUT=bench/out/faults
PG_VERSION=$(ls /etc/postgresql | head -n 1)
mkdir -p "$OUT"
rm -f "$OUT"/summary-*.txt
PSQL=(psql -h 127.0.0.1 -U postgres -Atq -v ON_ERROR_STOP=1)

echo "== building hub and harness"
./mvnw -B -q package -DskipTests
./mvnw -B -q -f bench/pom.xml package
JAR=$(ls target/integration-hub-*.jar | head -n 1)

postgres_up() {
  pg_isready -h 127.0.0.1 -q 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
  for _ in $(seq 60); do pg_isready -h 127.0.0.1 -q && return 0; sleep 1; done
}
rabbitmq_up() {
  # start_app is a no-op on a running application; a node that is down entirely is started
  rabbitmqctl -q start_app >/dev/null 2>&1 && return 0
  rabbitmq-server -detached
  rabbitmqctl -q --timeout 60 await_startup >/dev/null 2>&1 || true
}
stop_hub() {
  if [ -n "${HUB_PID:-}" ]; then
    kill "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
    HUB_PID=
  fi
}
restore() {
  set +e
  [ -n "${LOAD_PID:-}" ] && kill "$LOAD_PID" 2>/dev/null
  stop_hub
  postgres_up
  rabbitmq_up
  [ -n "${FAKE_PID:-}" ] && kill "$FAKE_PID" 2>/dev/null
  for s in "${SCENARIOS[@]}"; do
    rabbitmqctl -q delete_vhost "hub-faults-$s" >/dev/null 2>&1
    "${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS faults_$s CASCADE" >/dev/null 2>&1
  done
}
trap restore EXIT

java -cp bench/target/classes com.coachway.bench.FaultBench fake $FAKE_PORT > "$OUT/fake.log" 2>&1 &
FAKE_PID=$!
sleep 1

start_hub() { # schema vhost log
  # shellcheck disable=SC2086
  java -Xmx1g ${JAVA_OPTS:-} -jar "$JAR" --server.port=$PORT --hub.db.schema="$1" \
    --spring.rabbitmq.virtual-host="$2" --hub.public-base-url=http://localhost:$PORT --hub.links.secret=faults \
    "--hub.security.api-keys[0].source=bench" "--hub.security.api-keys[0].key=$KEY" --hub.mail.sandbox=true \
    --hub.twilio.base-url=http://127.0.0.1:$FAKE_PORT --hub.twilio.account-sid=AC00000000000000000000000000000001 \
    --hub.twilio.auth-token=faults --hub.twilio.sms-from=+15005550006 --hub.twilio.whatsapp-from=+14155238886 \
    --hub.twilio.read-timeout=PT3S \
    --hub.rate.sms=100000 --hub.delivery.consumers=4 --hub.retry.delays=PT1S,PT2S,PT4S \
    --hub.delivery.reconcile.stuck-after=PT15S --hub.schedules.reconcile-interval=PT2S \
    --logging.level.com.coachway.hub.routing=WARN ${HUB_ARGS:-} >> "$3" 2>&1 &
  HUB_PID=$!
}

# seconds until the hub accepts an event again (a probe of its own, not counted in the run)
first_accept_after() { # since-epoch-seconds scenario
  local n=0
  while :; do
    n=$((n + 1))
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://localhost:$PORT/api/v1/events" \
      -H "Authorization: Bearer $KEY" -H 'Content-Type: application/cloudevents+json' \
      -d "{\"specversion\":\"1.0\",\"id\":\"probe-$2-$(date +%s%N)\",\"source\":\"bench\",\"type\":\"feedback.received\",\"data\":{\"charter_id\":1}}" || true)
    [ "$code" = 202 ] && break
    [ $n -gt 3000 ] && break
    sleep 0.1
  done
  awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}

scenario_kill() {
  for round in 1 2 3; do
    sleep 8
    kill -9 "$HUB_PID"
    wait "$HUB_PID" 2>/dev/null || true
    echo "   killed (round $round)"
    FAULT_END=$(date +%s.%N)
    start_hub "$SCHEMA" "$VHOST" "$HUB_LOG"
    ACCEPT_AFTER="$ACCEPT_AFTER $(first_accept_after "$FAULT_END" "$NAME")"
  done
}
scenario_restart() {
  sleep 8
  stop_hub
  echo "   stopped (SIGTERM)"
  FAULT_END=$(date +%s.%N)
  start_hub "$SCHEMA" "$VHOST" "$HUB_LOG"
  ACCEPT_AFTER=$(first_accept_after "$FAULT_END" "$NAME")
}
scenario_rabbitmq() {
  sleep 8
  rabbitmqctl -q stop_app
  echo "   RabbitMQ stopped"
  sleep 10
  rabbitmqctl -q start_app
  FAULT_END=$(date +%s.%N)
  ACCEPT_AFTER=$(first_accept_after "$FAULT_END" "$NAME")
}
scenario_postgres() {
  sleep 8
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main stop -m fast
  echo "   PostgreSQL stopped"
  sleep 30
  postgres_up
  FAULT_END=$(date +%s.%N)
  ACCEPT_AFTER=$(first_accept_after "$FAULT_END" "$NAME")
}
scenario_provider() {
  # on until every notification of the run is settled (the faults are cleared after that, below): the hub sends
  # behind the load, and a fault that ended with the load would miss the sends still queued
  curl -fs "http://127.0.0.1:$FAKE_PORT/faults?unavailable=30&slow=10&slow_ms=5000" >/dev/null
  wait "$LOAD_PID" || true
  FAULT_END=$(date +%s.%N)
  ACCEPT_AFTER=0.0
}

RUN=0
for NAME in "${SCENARIOS[@]}"; do
  RUN=$((RUN + 1))
  SCHEMA=faults_$NAME
  VHOST=hub-faults-$NAME
  HUB_LOG=$OUT/hub-$NAME.log
  : > "$HUB_LOG"
  ACCEPT_AFTER=
  echo "== $NAME: $EVENTS events at $RATE/s"
  rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || true
  rabbitmqctl -q add_vhost "$VHOST"
  rabbitmqctl -q set_permissions -p "$VHOST" guest ".*" ".*" ".*"
  "${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null
  start_hub "$SCHEMA" "$VHOST" "$HUB_LOG"
  for _ in $(seq 120); do curl -fs "http://localhost:$PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
  java -cp bench/target/classes com.coachway.bench.FaultBench load "http://localhost:$PORT/api/v1/events" "$KEY" \
    "$RUN" "$EVENTS" 16 "$RATE" > "$OUT/load-$NAME.txt" 2>&1 &
  LOAD_PID=$!
  "scenario_$NAME"
  wait "$LOAD_PID" || true
  LOAD_PID=
  # settled: every accepted event of the run has its notification, and none is queued or sending
  for _ in $(seq 900); do
    read -r OPEN MISSING < <("${PSQL[@]}" -F ' ' -c "SELECT
        (SELECT count(*) FROM $SCHEMA.notifications WHERE event_id LIKE 'fault-%' AND status IN ('queued','sending')),
        (SELECT count(*) FROM $SCHEMA.events e WHERE e.event_id LIKE 'fault-%' AND NOT EXISTS
          (SELECT 1 FROM $SCHEMA.notifications n WHERE n.event_source = e.source AND n.event_id = e.event_id))" \
      2>/dev/null || echo "x x")
    [ "$OPEN" = 0 ] && [ "$MISSING" = 0 ] && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$FAKE_PORT/faults?unavailable=0&slow=0" >/dev/null
  SETTLED_AFTER=$(awk -v s="$FAULT_END" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  LOAD=$(grep RESULT "$OUT/load-$NAME.txt" || echo "RESULT load.accepted=0")
  ACCEPTED=$(echo "$LOAD" | grep -oE 'load.accepted=[0-9]+' | cut -d= -f2)
  STATS=$(curl -fs "http://127.0.0.1:$FAKE_PORT/stats?run=$RUN")
  # a number both taken by Twilio and recorded parked would be sent a second time by a replay
  curl -fs "http://127.0.0.1:$FAKE_PORT/taken?run=$RUN" | sort -u > "$OUT/taken-$NAME.txt"
  "${PSQL[@]}" -c "SELECT phone FROM $SCHEMA.notifications WHERE event_id LIKE 'fault-%' AND status = 'parked'" \
    | sort -u > "$OUT/parked-$NAME.txt"
  PARKED_BUT_TAKEN=$(comm -12 "$OUT/taken-$NAME.txt" "$OUT/parked-$NAME.txt" | wc -l)
  "${PSQL[@]}" -F ' ' -c "SELECT
      'recorded=' || (SELECT count(*) FROM $SCHEMA.events WHERE event_id LIKE 'fault-%'),
      'terminal=' || (SELECT count(*) FROM $SCHEMA.notifications WHERE event_id LIKE 'fault-%'
          AND status NOT IN ('queued','sending')),
      'sent=' || (SELECT count(*) FROM $SCHEMA.notifications WHERE event_id LIKE 'fault-%'
          AND status IN ('sent','delivered','read')),
      'parked=' || (SELECT count(*) FROM $SCHEMA.notifications WHERE event_id LIKE 'fault-%' AND status = 'parked'),
      'parked_not_in_dead_letters=' || (SELECT count(*) FROM $SCHEMA.notifications n WHERE n.event_id LIKE 'fault-%'
          AND n.status = 'parked' AND NOT EXISTS (SELECT 1 FROM $SCHEMA.dead_letters d
            WHERE d.headers->>'hub_notification_id' = n.id)),
      'stuck=' || (SELECT count(*) FROM $SCHEMA.notifications WHERE event_id LIKE 'fault-%'
          AND status IN ('queued','sending')),
      'lost=' || (SELECT count(*) FROM $SCHEMA.events e WHERE e.event_id LIKE 'fault-%' AND NOT EXISTS
          (SELECT 1 FROM $SCHEMA.notifications n WHERE n.event_source = e.source AND n.event_id = e.event_id)
          AND NOT EXISTS (SELECT 1 FROM $SCHEMA.dead_letters d WHERE position(convert_to(e.event_id, 'UTF8') in d.body) > 0)),
      'other_dead_letters=' || (SELECT count(*) FROM $SCHEMA.dead_letters WHERE headers->>'hub_notification_id' IS NULL)" \
    > "$OUT/db-$NAME.txt"
  DB=$(cat "$OUT/db-$NAME.txt")
  RECORDED=$(echo "$DB" | grep -oE 'recorded=[0-9]+' | cut -d= -f2)
  echo "$NAME accepted=$ACCEPTED $DB never_recorded=$((ACCEPTED - RECORDED)) parked_but_taken=$PARKED_BUT_TAKEN $STATS accept_after_s=[${ACCEPT_AFTER# }] settled_after_s=$SETTLED_AFTER $(echo "$LOAD" | sed 's/^RESULT //')" \
    | tee "$OUT/summary-$NAME.txt"
  stop_hub
done
echo "== summary"
cat "$OUT"/summary-*.txt | tee "$OUT/summary.txt"
# the table bench/run.sh report includes (the newest bench/results/*-faults.md)
{
  echo "# bench/faults.sh $EVENTS $RATE ${SCENARIOS[*]}, $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)"
  echo
  echo "$EVENTS trip.reminder events at $RATE/s per scenario, each on a fresh hub (\`bench/faults.sh $EVENTS $RATE ${SCENARIOS[*]}\`)."
  echo
  echo "| scenario | accepted | sent | lost | stuck | parked | parked, not in dead letters | texted twice | Twilio lookups | settled after the fault, s |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for NAME in "${SCENARIOS[@]}"; do
    LINE=$(cat "$OUT/summary-$NAME.txt")
    field() { echo "$LINE" | grep -oE "(^| )$1=[^ ]+" | head -n 1 | cut -d= -f2; }
    echo "| $NAME | $(field accepted) | $(field sent) | $(field lost) | $(field stuck) | $(field parked) | $(field parked_not_in_dead_letters) | $(field duplicates) | $(field lookups) | $(field settled_after_s) |"
  done
} > "bench/results/$(date -u +%Y-%m-%d)-faults.md"
