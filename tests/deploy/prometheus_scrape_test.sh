#!/usr/bin/env bash
# End-to-end: a real Prometheus server (Debian package prometheus) scrapes an exporter over
# loopback and a PromQL query returns the exporter's value. Exits 77 (skipped) without the
# prometheus binary.
# usage: prometheus_scrape_test.sh EXPORTER   (EXPORTER --serve prints port=N, serves /metrics
#        with newsdedup_pipeline_records_in_total 42 and runs until stdin closes)
set -euo pipefail
exporter=$1
if ! command -v prometheus >/dev/null 2>&1; then
  echo "prometheus not installed; skipped" >&2
  exit 77
fi
tmp=$(mktemp -d)
cleanup() {
  [[ -n ${prom_pid:-} ]] && kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null
  [[ -n ${exp_pid:-} ]] && kill "$exp_pid" 2>/dev/null && wait "$exp_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# The exporter keeps running while its stdin (a fifo we hold open) stays open.
mkfifo "$tmp/stdin"
"$exporter" --serve <"$tmp/stdin" >"$tmp/exporter.out" &
exp_pid=$!
exec 3>"$tmp/stdin"
for _ in $(seq 50); do
  grep -q '^port=' "$tmp/exporter.out" 2>/dev/null && break
  sleep 0.1
done
target_port=$(sed -n 's/^port=//p' "$tmp/exporter.out")
[[ -n $target_port ]] || { echo "exporter did not start" >&2; exit 1; }

prom_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: newsdedup
    static_configs:
      - targets: ["127.0.0.1:$target_port"]
YAML
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$tmp/prometheus.log" 2>&1 &
prom_pid=$!

query() {
  python3 - "$prom_port" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
port, q = sys.argv[1], sys.argv[2]
url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": q})
try:
    data = json.load(urllib.request.urlopen(url, timeout=2))
except Exception:
    sys.exit(1)
res = data.get("data", {}).get("result", [])
print(res[0]["value"][1] if res else "")
PY
}

for _ in $(seq 60); do
  v=$(query 'newsdedup_pipeline_records_in_total{job="newsdedup"}' || true)
  if [[ $v == 42 ]]; then
    near=$(query 'sum(newsdedup_pipeline_records_out_total{outcome="duplicate",rule="near"})')
    up=$(query 'up{job="newsdedup"}')
    if [[ $near == 7 && $up == 1 ]]; then
      echo "prometheus scraped the exporter: records_in=42 near=7 up=1" >&2
      exit 0
    fi
    echo "unexpected values near=$near up=$up" >&2
    exit 1
  fi
  sleep 1
done
echo "no sample after 60 s; prometheus log:" >&2
tail -20 "$tmp/prometheus.log" >&2
exit 1
