#!/usr/bin/env bash
# How small a machine the hub runs on: the end-to-end and priority-lane runs of bench/run.sh at several heap limits,
# each against the first limit given, measured in the same run.
#
#   bench/sizing.sh [HEAP...]          heap limits as -Xmx takes them (default: 1g 256m 128m 96m 64m)
#   HUB_CPUS=0 bench/sizing.sh ...     the same with the hub held to CPU 0 (taskset), as under a one-CPU limit
#   EVENTS=5000 BACKLOG=10000          the end-to-end run's events and the lane's backlog
#
# Per limit: bench/run.sh delivery EVENTS 16 (saturation: notifications/s) and bench/run.sh lane BACKLOG (50 critical
# SMS behind the backlog: p99 ms), each on a fresh hub with G1 (as the image runs it), -Xmx and a GC log. Prints one
# table row per limit: notifications/s and its ratio to the first limit's, the lane's p99, the hub's peak resident
# set, and what the collector cost (its pauses as a share of the hub's uptime, and the longest pause), summed over
# both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
HEAPS=("$@")
[ ${#HEAPS[@]} -gt 0 ] || HEAPS=(1g 256m 128m 96m 64m)
EVENTS=${EVENTS:-5000}
BACKLOG=${BACKLOG:-10000}
OUT=bench/out/sizing${HUB_CPUS:+-cpus-$HUB_CPUS}
rm -rf "$OUT"
mkdir -p "$OUT"

gc_cost() { # gc_cost LOG...: "share-of-uptime-% longest-ms" over the logs' pauses ("- -" if a run left none)
  ls "$@" > /dev/null 2>&1 || { echo "- -"; return; }
  awk '/\[gc\]/ && / Pause / { ms = $NF; sub("ms", "", ms); total += ms; if (ms + 0 > max) max = ms + 0 }
       /^\[/ { t = $1; gsub(/[\[\]s]/, "", t); if (t + 0 > up[FILENAME]) up[FILENAME] = t + 0 }
       END { for (f in up) uptime += up[f]; printf "%.2f %.1f", 100 * total / (uptime * 1000), max }' "$@"
}

echo "== sizing: heaps ${HEAPS[*]}${HUB_CPUS:+, hub on CPUs $HUB_CPUS}; $EVENTS events end to end, lane behind $BACKLOG"
for heap in "${HEAPS[@]}"; do
  for mode in delivery lane; do
    log="$OUT/gc-$heap-$mode.log"
    count=$EVENTS
    [ "$mode" = lane ] && count=$BACKLOG
    echo "-- -Xmx$heap $mode $count"
    # G1 as the image pins it: on one CPU the JVM would pick the serial collector by itself
    if JAVA_OPTS="-XX:+UseG1GC ${JAVA_OPTS:-} -Xmx$heap -Xlog:gc:file=$PWD/$log" PERFTEST_SECONDS=3 \
      bench/run.sh "$mode" "$count" 16 > "$OUT/$heap-$mode.txt" 2>&1; then
      grep '^RESULT' "$OUT/$heap-$mode.txt"
    else
      echo "failed; the run's last lines:"
      tail -n 5 "$OUT/$heap-$mode.txt"
    fi
    cp bench/out/hub.log "$OUT/hub-$heap-$mode.log"
  done
done

echo
echo "| -Xmx | notifications/s | × ${HEAPS[0]} | critical SMS behind $BACKLOG, p99 ms | peak RSS MiB | GC pauses, % of uptime | longest pause ms | out of memory |"
echo "|---|---|---|---|---|---|---|---|"
BASE=""
for heap in "${HEAPS[@]}"; do
  rate=$(result delivery.notifications_per_s "$OUT/$heap-delivery.txt")
  lost=$(result delivery.lost "$OUT/$heap-delivery.txt")
  p99=$(result lane.p99_ms "$OUT/$heap-lane.txt")
  rss=$( (result jvm.rss_peak_mb "$OUT/$heap-delivery.txt"; result jvm.rss_peak_mb "$OUT/$heap-lane.txt") \
    | sort -n | tail -n 1)
  [ -n "$BASE" ] || BASE=$rate
  ratio=$(awk -v r="$rate" -v b="${BASE:-0}" 'BEGIN { if (b > 0 && r != "") printf "%.2f", r / b; else print "-" }')
  read -r gc_share gc_max <<< "$(gc_cost "$OUT/gc-$heap-delivery.log" "$OUT/gc-$heap-lane.log")"
  oom=$(grep -l OutOfMemoryError "$OUT/hub-$heap-delivery.log" "$OUT/hub-$heap-lane.log" > /dev/null 2>&1 && echo yes || echo no)
  echo "| $heap | ${rate:-failed}${lost:+ ($lost lost)} | $ratio | ${p99:-failed} | ${rss:--} | $gc_share | $gc_max | $oom |"
done
