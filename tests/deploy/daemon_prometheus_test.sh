#!/usr/bin/env bash
# End-to-end against the real daemon: `newsdedup run --embedded-broker` serving metrics on a
# free loopback port; /healthz and /readyz answer 200 once partitions are assigned; five
# records go in with kcat (3 originals, 1 exact repost, 1 invalid); `promtool check metrics`
# accepts the daemon's own /metrics; a real Prometheus server (Debian package prometheus)
# scrapes it and its HTTP API returns the counts. Exits 77 (skipped) without the tools.
# usage: daemon_prometheus_test.sh NEWSDEDUP KCAT
set -euo pipefail
newsdedup=$1
kcat=$2
for tool in prometheus promtool python3 "$kcat"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not installed; skipped" >&2; exit 77; }
done
tmp=$(mktemp -d)
cleanup() {
  [[ -n ${prom_pid:-} ]] && kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null
  [[ -n ${daemon_pid:-} ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- daemon log" >&2; tail -30 "$tmp/daemon.err" >&2 || true
  [[ -f $tmp/prometheus.log ]] && { echo "--- prometheus log" >&2; tail -10 "$tmp/prometheus.log" >&2; }
  exit 1
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# GET url -> prints "STATUS BODY" (status 0 when nothing answers).
http_get() {
  python3 - "$1" <<'PY'
import sys, urllib.error, urllib.request
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=2)
    print(r.status, r.read().decode().strip())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode().strip())
except Exception:
    print(0)
PY
}

metrics_port=$(free_port)
cat >"$tmp/newsdedup.yaml" <<YAML
kafka:
  brokers: "unused:9092"
  group_id: newsdedup-prometheus-e2e
  commit_interval_ms: 200
  shutdown_timeout_ms: 10000
embedded_broker:
  brokers: 1
  partitions: 2
metrics:
  listen: "127.0.0.1:$metrics_port"
YAML
"$newsdedup" run --config "$tmp/newsdedup.yaml" --embedded-broker >"$tmp/daemon.out" \
  2>"$tmp/daemon.err" &
daemon_pid=$!
base="http://127.0.0.1:$metrics_port"

# Ready: the embedded broker is up and the group assigned the partitions.
for _ in $(seq 150); do
  kill -0 "$daemon_pid" 2>/dev/null || fail "daemon exited early"
  [[ $(http_get "$base/readyz") == "200 ok" ]] && break
  sleep 0.2
done
[[ $(http_get "$base/readyz") == "200 ok" ]] || fail "/readyz: $(http_get "$base/readyz")"
[[ $(http_get "$base/healthz") == "200 ok" ]] || fail "/healthz: $(http_get "$base/healthz")"
bootstrap=$(sed -n 's/^bootstrap=//p' "$tmp/daemon.out")
[[ -n $bootstrap ]] || fail "no bootstrap line"

# Three different stories, an exact repost of the first (another id), one record without body.
story() {
  printf '{"id":"%s","title":"%s","body":"%s","published_at":"2026-11-27T10:00:00Z","lang":"en"}' "$@"
}
{
  printf 'k1\t%s\n' "$(story a1 "Harbour bridge" "The city council of Northport voted on Tuesday to repair the old harbour bridge, which has been closed to trucks since March, at a cost of 14 million dollars spread over three years.")"
  printf 'k2\t%s\n' "$(story a2 "Orchard harvest" "Apple growers in the Westvale valley expect a record harvest this autumn after a mild spring and steady rain, the regional growers association said in its monthly report on Friday.")"
  printf 'k3\t%s\n' "$(story a3 "Chess final" "The national chess championship ended in a draw after seven hours of play in the final round, leaving the two leaders to share the title for the first time in twenty years.")"
  printf 'k4\t%s\n' "$(story a4 "Harbour bridge" "The city council of Northport voted on Tuesday to repair the old harbour bridge, which has been closed to trucks since March, at a cost of 14 million dollars spread over three years.")"
  printf 'k5\t%s\n' '{"id":"b1","title":"no body"}'
} >"$tmp/input.txt"
# One partition: the repost is decided after its original.
"$kcat" -P -b "$bootstrap" -t articles.raw -p 0 -K $'\t' <"$tmp/input.txt" ||
  fail "kcat could not produce"

metric() {  # value of one exact series line in the daemon's /metrics
  python3 - "$base/metrics" "$1" <<'PY'
import sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=2).read().decode()
for line in text.splitlines():
    name, _, value = line.rpartition(" ")
    if name == sys.argv[2]:
        print(value)
        break
PY
}
for _ in $(seq 100); do
  [[ $(metric newsdedup_pipeline_records_in_total || true) == 5 ]] && break
  sleep 0.2
done
[[ $(metric newsdedup_pipeline_records_in_total) == 5 ]] || fail "records_in never reached 5"
python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
  "$base/metrics" >"$tmp/metrics.txt"
promtool check metrics <"$tmp/metrics.txt" || fail "promtool check metrics rejected /metrics"

prom_port=$(free_port)
cat >"$tmp/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: newsdedup
    static_configs:
      - targets: ["127.0.0.1:$metrics_port"]
YAML
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$tmp/prometheus.log" 2>&1 &
prom_pid=$!

query() {  # first value of a PromQL instant query ("" when empty or unreachable)
  python3 - "$prom_port" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
port, q = sys.argv[1], sys.argv[2]
url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": q})
try:
    data = json.load(urllib.request.urlopen(url, timeout=2))
except Exception:
    sys.exit(0)
res = data.get("data", {}).get("result", [])
print(res[0]["value"][1] if res else "")
PY
}
for _ in $(seq 60); do
  [[ $(query 'newsdedup_pipeline_records_in_total{job="newsdedup"}') == 5 ]] && break
  sleep 1
done
[[ $(query 'newsdedup_pipeline_records_in_total{job="newsdedup"}') == 5 ]] ||
  fail "prometheus: records_in_total is not 5"
expect() {  # PromQL, expected value
  local got
  got=$(query "$1")
  [[ $got == "$2" ]] || fail "prometheus: $1 = '$got', expected $2"
}
expect 'up{job="newsdedup"}' 1
expect 'sum(newsdedup_pipeline_records_out_total)' 5
expect 'newsdedup_pipeline_records_out_total{outcome="canonical"}' 3
expect 'newsdedup_pipeline_records_out_total{outcome="duplicate",rule="exact"}' 1
expect 'newsdedup_pipeline_records_out_total{outcome="invalid"}' 1
expect 'newsdedup_parse_duration_seconds_count' 5
expect 'newsdedup_normalize_duration_seconds_count' 4
expect 'newsdedup_fingerprint_duration_seconds_count' 4
expect 'newsdedup_decide_duration_seconds_count' 4
expect 'newsdedup_decide_similarity_ratio_count{rule="exact"}' 1
expect 'newsdedup_decide_similarity_ratio_sum{rule="exact"}' 1
expect 'newsdedup_index_lookup_candidates_count' 3
expect 'newsdedup_index_band_rebuilds_total' 0
expect 'newsdedup_sink_dead_letters_total{reason="missing_field"}' 1
expect 'newsdedup_pipeline_latency_seconds_count' 5
echo "prometheus scraped the daemon: records_in=5 canonical=3 exact=1 invalid=1, stage histograms 5/4/4/4" >&2

# Graceful stop: SIGTERM drains, commits and exits 0.
kill -TERM "$daemon_pid"
rc=0
wait "$daemon_pid" || rc=$?
daemon_pid=
[[ $rc == 0 ]] || fail "daemon exited $rc after SIGTERM"
exit 0
