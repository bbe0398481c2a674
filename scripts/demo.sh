#!/usr/bin/env bash
# The demo: installs dependencies (Debian packages), builds the release preset, starts the
# embedded Kafka broker (librdkafka's mock cluster) and the newsdedup daemon, produces the
# project's sample articles with kcat, waits until every record is accounted for
# (in = canonical + duplicate + invalid), prints a summary and a few canonical records read
# back with kcat, stops everything and exits 0.
#
# Usage: ./scripts/demo.sh [ARTICLES.jsonl]   (default: tests/data/sample_articles.jsonl)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
input=${1:-$root/tests/data/sample_articles.jsonl}

./scripts/install-deps.sh
echo "== building (release preset)"
cmake --preset release >/dev/null
cmake --build --preset release --target newsdedup
bin=$root/build/release/newsdedup

work=$(mktemp -d /tmp/newsdedup-demo.XXXXXX)
broker_pid=""
daemon_pid=""
cleanup() {
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  [[ -n $broker_pid ]] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# One partition keeps the sample's story order, so the demo's decisions are the same on every
# run (and the same as `newsdedup dedup` on the file). The daemon handles any partition count.
write_config() {  # $1 = bootstrap servers
  cat >"$work/demo.yaml" <<YAML
kafka:
  brokers: "$1"
  group_id: newsdedup-demo
  commit_interval_ms: 200
  topics:
    input: [articles.raw]
    output: articles.canonical
    duplicates: articles.duplicates
    dead_letter: articles.dlq
embedded_broker:
  brokers: 1
  partitions: 1
metrics:
  listen: ""
YAML
}

echo "== starting the embedded broker"
write_config "localhost:9092"
"$bin" broker --config "$work/demo.yaml" >"$work/broker.out" 2>"$work/broker.log" &
broker_pid=$!
for _ in $(seq 100); do
  grep -q '^bootstrap=' "$work/broker.out" 2>/dev/null && break
  kill -0 "$broker_pid" 2>/dev/null || { cat "$work/broker.log" >&2; exit 1; }
  sleep 0.1
done
bootstrap=$(sed -n 's/^bootstrap=//p' "$work/broker.out")
[[ -n $bootstrap ]] || { echo "demo: the broker printed no bootstrap address" >&2; exit 1; }
echo "   bootstrap=$bootstrap"

echo "== starting the daemon"
write_config "$bootstrap"
"$bin" run --config "$work/demo.yaml" 2>"$work/daemon.log" &
daemon_pid=$!

total=$(grep -c '' "$input")
echo "== producing $total records from ${input#"$root"/} with kcat"
kcat -P -b "$bootstrap" -t articles.raw <"$input"

count() {  # records in topic $1
  kcat -C -b "$bootstrap" -t "$1" -e -q -f '%o\n' 2>/dev/null | grep -c '' || true
}
echo "== waiting until every record is accounted for"
for _ in $(seq 600); do
  canonical=$(count articles.canonical)
  duplicate=$(count articles.duplicates)
  invalid=$(count articles.dlq)
  (( canonical + duplicate + invalid >= total )) && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
  sleep 0.1
done
if (( canonical + duplicate + invalid != total )); then
  echo "demo: in=$total but canonical=$canonical duplicate=$duplicate invalid=$invalid" >&2
  cat "$work/daemon.log" >&2
  exit 1
fi

echo
echo "== summary (read back from the output topics)"
printf '   %-12s %4d\n' in "$total" canonical "$canonical" duplicate "$duplicate" invalid "$invalid"
echo "   duplicates by rule:"
kcat -C -b "$bootstrap" -t articles.duplicates -e -q -f '%h\n' |
  grep -o 'newsdedup-rule=[a-z]*' | sed 's/newsdedup-rule=//' | sort | uniq -c |
  awk '{ printf "     %-10s %4d\n", $2, $1 }'
echo "   invalid by reason:"
kcat -C -b "$bootstrap" -t articles.dlq -e -q -f '%h\n' |
  grep -o 'newsdedup-error=[a-z0-9_]*' | sed 's/newsdedup-error=//' | sort | uniq -c |
  awk '{ printf "     %-14s %4d\n", $2, $1 }'

echo
echo "== the first 3 canonical records (kcat -C -t articles.canonical)"
kcat -C -b "$bootstrap" -t articles.canonical -e -q -c 3 -f 'headers: %h\nvalue:   %s\n\n' |
  cut -c1-200

echo "== stopping"
kill -TERM "$daemon_pid"
wait "$daemon_pid" && status=0 || status=$?
daemon_pid=""
grep -o 'summary .*' "$work/daemon.log" | sed 's/^/   daemon /'
if (( status != 0 )); then
  echo "demo: the daemon exited with $status" >&2
  cat "$work/daemon.log" >&2
  exit 1
fi
echo "   done: in = canonical + duplicate + invalid = $total"
