#!/usr/bin/env bash
# A/B in one sitting: the working tree against another commit, in alternating rounds.
#
#   bench/ab.sh BASE [ROUNDS] ingress|delivery [ARGS...]      (ROUNDS default 3)
#   e.g. ALONE=1 BATCH=100 PERFTEST_SECONDS=3 bench/ab.sh HEAD~1 3 ingress 20000 8
#
# Why: this machine's speed drifts by a third within minutes (PerfTest gave 7,400 to 12,900 msg/s on one day), so two
# runs of bench/run.sh some minutes apart cannot tell a 20 % gain from noise; two tries that looked like +30 % that way
# measured nothing once alternated (bench/results/2026-12-02-profile.md). Each round runs bench/run.sh MODE ARGS for
# BASE and for the working tree, in the same environment, the order flipping every round; it prints each run's
# headline figure (events/s or notifications/s), each round's ratio (working tree / BASE) and the median ratio.
# BASE is checked out in a temporary git worktree, removed at the end. Needs the machine to itself, like run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:?usage: bench/ab.sh BASE [ROUNDS] ingress|delivery [ARGS...]}
shift
ROUNDS=3
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
  ROUNDS=$1
  shift
fi
MODE=${1:-ingress}
case "$MODE" in
  ingress) FIGURE=hub.events_per_s ;;
  delivery) FIGURE=delivery.notifications_per_s ;;
  *) echo "bench/ab.sh compares ingress or delivery runs, not '$MODE'"; exit 2 ;;
esac
BASE_SHA=$(git rev-parse --verify "$BASE^{commit}")
mkdir -p bench/out
WORK=$(mktemp -d)
cleanup() {
  git worktree remove --force "$WORK/base" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
git worktree add -q --detach "$WORK/base" "$BASE_SHA"

# one run of bench/run.sh in the given checkout; prints its headline figure
measure() {
  local tree=$1 log=$2
  shift 2
  if ! bash "$tree/bench/run.sh" "$@" > "$log" 2>&1; then
    echo "a run failed, see $log" >&2
    return 1
  fi
  local value
  value=$(grep -oE "$FIGURE=[0-9.]+" "$log" | tail -n 1 | cut -d= -f2)
  if [ -z "$value" ]; then
    echo "the run printed no $FIGURE, see $log" >&2
    return 1
  fi
  echo "$value"
}

echo "== A/B of bench/run.sh $*: working tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src config routes pom.xml \
  || echo ', uncommitted changes')) against ${BASE_SHA:0:7}, $ROUNDS rounds"
RATIOS=()
for round in $(seq "$ROUNDS"); do
  order=(base current)
  [ $((round % 2)) -eq 0 ] && order=(current base)
  declare -A figure=()
  for side in "${order[@]}"; do
    tree=$PWD
    [ "$side" = base ] && tree=$WORK/base
    figure[$side]=$(measure "$tree" "bench/out/ab-$side-$round.log" "$@")
    echo "round $round $side: $FIGURE=${figure[$side]}"
  done
  ratio=$(awk -v a="${figure[current]}" -v b="${figure[base]}" 'BEGIN { printf "%.3f", a / b }')
  RATIOS+=("$ratio")
  echo "round $round: working tree / base = $ratio"
  unset figure
done
MEDIAN=$(printf '%s\n' "${RATIOS[@]}" | sort -n | awk '{ r[NR] = $1 } END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')
echo "RESULT ab.rounds=$ROUNDS ab.ratios=$(IFS=,; echo "${RATIOS[*]}") ab.median_ratio=$MEDIAN"
