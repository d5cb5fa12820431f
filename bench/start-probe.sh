#!/usr/bin/env bash
# Answers a client sees while the hub starts: run it, then start the hub (./mvnw spring-boot:run, port 8080). It
# posts one event every 20 ms until one is accepted (at most 3000 tries) and prints how often each status came back
# (000 = connection refused). Anything but 000, 503 and a final 202 is a bug: a careful client takes 404 as final.
set -u
declare -A seen
for i in $(seq 3000); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://localhost:8080/api/v1/events \
    -H 'Authorization: Bearer dev-charter-key-change-me' -H 'Content-Type: application/cloudevents+json' \
    -d "{\"specversion\":\"1.0\",\"id\":\"probe-$$-$i\",\"source\":\"charter-service\",\"type\":\"feedback.received\",\"data\":{\"charter_id\":1}}")
  seen[$code]=$(( ${seen[$code]:-0} + 1 ))
  [ "$code" = "202" ] && break
  sleep 0.02
done
for code in "${!seen[@]}"; do echo "$code ${seen[$code]}"; done | sort
