#!/usr/bin/env bash
# Soak run (issue 7): the daemon (Release build, metrics on) against the embedded mock broker in
# its own process, fed generated articles (~30% reposts, published_at following the wall clock)
# by bench/soak_driver | kcat -P at a fixed rate, with the daemon's RSS and /metrics counters
# sampled once per second. Writes soak.csv, soak.png (gnuplot) and summary.txt to --out and
# prints the summary. See bench/SOAK.md.
#
# Usage: scripts/soak.sh [--minutes N] [--rate R] [--probe-seconds S] [--ttl SECONDS]
#                        [--partitions P] [--out DIR] [--build DIR] [--no-build] [--input FILE]
#   --rate R           records/s of the soak; without it a probe first measures how fast the
#                      daemon consumes a pre-generated backlog (at most --probe-seconds, default
#                      120) and the soak runs at half that rate
#   --minutes N        soak length (default 10; 1 for a smoke run)
#   --input FILE       replay these records (soak_driver --rate 0 --count N --event-rate R
#                      output) instead of generating them; needs --rate
#   --ttl SECONDS      index.ttl_seconds (default 120: event time follows the wall clock, so the
#                      index reaches its steady size after about this long)
#   --partitions P     partitions per topic of the mock cluster (default 64; it keeps ~5 MB each)
#   --probe-partitions P  the probe's partitions (default 192: 600 records each is the backlog,
#                      115k records, 30-60 s of work)
# Exit status: 0 when the run completed with in = canonical + duplicate + invalid, every
# produced record consumed and the daemon exiting 0 on SIGTERM; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

minutes=10
rate=""
probe_seconds=120
ttl=120
partitions=64
probe_partitions=192
out=$root/bench/soak
build=$root/build/soak
do_build=1
input=""
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --probe-seconds) probe_seconds=$2; shift 2 ;;
    --ttl) ttl=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --probe-partitions) probe_partitions=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    --input) input=$2; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done

if ((do_build)); then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j2 --target newsdedup soak_driver >/dev/null
fi
bin=$build/newsdedup
driver=$build/bench/soak_driver
[[ -x $bin && -x $driver ]] || { echo "soak.sh: $bin or $driver missing" >&2; exit 1; }

mkdir -p "$out"
work=$(mktemp -d /tmp/newsdedup-soak.XXXXXX)
broker_pid=""
daemon_pid=""
feed_pid=""
sampler_pid=""
stop_pid() {  # $1 = pid variable name; SIGTERM, wait, report nothing
  local pid=${!1}
  [[ -n $pid ]] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf -v "$1" '%s' ""
}
cleanup() {
  stop_pid sampler_pid
  [[ -n $feed_pid ]] && pkill -P "$feed_pid" 2>/dev/null
  stop_pid feed_pid
  stop_pid daemon_pid
  stop_pid broker_pid
  rm -f "$work"/*.jsonl  # the generated records (GBs); the logs stay for a look after a failure
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

write_config() {  # $1 = bootstrap servers, $2 = metrics port, $3 = group id, $4 = partitions
  cat >"$work/soak.yaml" <<YAML
kafka:
  brokers: "$1"
  group_id: $3
  topics:
    input: [articles.raw]
    output: articles.canonical
    duplicates: articles.duplicates
    dead_letter: articles.dlq
  consumer:
    session.timeout.ms: "6000"
index:
  ttl_seconds: $ttl
embedded_broker:
  brokers: 1
  partitions: $4
metrics:
  listen: 127.0.0.1:$2
log:
  level: info
YAML
}

# Starts the broker and the daemon, waits until the daemon has joined its group (it serves
# /metrics and the consumer has partitions). Sets bootstrap, metrics_url.
start_stack() {  # $1 = run name, $2 = partitions per topic
  local name=$1 parts=$2 port
  port=$(free_port)
  write_config "localhost:9092" "$port" "soak-$name" "$parts"
  "$bin" broker --config "$work/soak.yaml" >"$work/$name.broker.out" 2>"$work/$name.broker.log" &
  broker_pid=$!
  for _ in $(seq 100); do
    grep -q '^bootstrap=' "$work/$name.broker.out" 2>/dev/null && break
    kill -0 "$broker_pid" 2>/dev/null || { cat "$work/$name.broker.log" >&2; exit 1; }
    sleep 0.1
  done
  bootstrap=$(sed -n 's/^bootstrap=//p' "$work/$name.broker.out")
  [[ -n $bootstrap ]] || { echo "soak.sh: no bootstrap address from the broker" >&2; exit 1; }
  # The broker created the four topics of the config with embedded_broker.partitions each.
  write_config "$bootstrap" "$port" "soak-$name" "$parts"
  cp "$work/soak.yaml" "$out/$name.yaml"
  "$bin" run --config "$work/soak.yaml" 2>"$work/$name.daemon.log" &
  daemon_pid=$!
  metrics_url="http://127.0.0.1:$port/metrics"
  for _ in $(seq 300); do
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/$name.daemon.log" >&2; exit 1; }
    if curl -sf "$metrics_url" 2>/dev/null | grep -q '^newsdedup_source_assigned_partitions [1-9]'; then
      return 0
    fi
    sleep 0.2
  done
  echo "soak.sh: the daemon got no partitions within 60 s" >&2
  cat "$work/$name.daemon.log" >&2
  exit 1
}

# One sample line from /metrics: records_in canonical duplicate invalid index_entries
# index_bytes lag in_flight errors (errors = source errors + commit failures + delivery errors).
scrape() {
  curl -sf --max-time 2 "$metrics_url" | awk '
    /^#/ { next }
    { v = $NF + 0 }
    /^newsdedup_pipeline_records_in_total/ { rin = v }
    /^newsdedup_pipeline_records_out_total\{.*outcome="canonical"/ { can += v }
    /^newsdedup_pipeline_records_out_total\{.*outcome="duplicate"/ { dup += v }
    /^newsdedup_pipeline_records_out_total\{.*outcome="invalid"/ { inv += v }
    /^newsdedup_index_entries / { ent = v }
    /^newsdedup_index_memory_bytes / { mem = v }
    /^newsdedup_source_consumer_lag/ { lag += v }
    /^newsdedup_pipeline_in_flight_records / { fl = v }
    /^newsdedup_source_errors_total|^newsdedup_source_commit_failures_total|^newsdedup_sink_delivery_errors_total/ { err += v }
    END { printf "%d %d %d %d %d %d %d %d %d\n", rin, can, dup, inv, ent, mem, lag, fl, err }'
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# Samples once per second into $1 (CSV) until killed.
sampler() {
  local csv=$1 t0 next now s
  echo "t,rss_kb,records_in,canonical,duplicate,invalid,index_entries,index_bytes,consumer_lag,in_flight,errors,broker_rss_kb,load1" >"$csv"
  t0=$(date +%s.%N)
  next=0
  while :; do
    s=$(scrape || echo "0 0 0 0 0 0 0 0 0")
    read -r rin can dup inv ent mem lag fl err <<<"$s"
    echo "$next,$(rss_kb "$daemon_pid"),$rin,$can,$dup,$inv,$ent,$mem,$lag,$fl,$err,$(rss_kb "$broker_pid"),$(cut -d' ' -f1 /proc/loadavg)" >>"$csv"
    next=$((next + 1))
    now=$(date +%s.%N)
    sleep "$(awk -v a="$t0" -v n="$next" -v b="$now" 'BEGIN { d = a + n - b; print (d > 0 ? d : 0) }')"
  done
}

# Feeds the daemon: soak_driver replaying $4 at rate $1 for $2 seconds | kcat -P. $3 = name.
start_feed() {
  (
    "$driver" --rate "$1" --seconds "$2" --input "$4" 2>"$work/$3.driver.log" |
      kcat -P -b "$bootstrap" -t articles.raw -X linger.ms=20 -X sticky.partitioning.linger.ms=0 \
        -X queue.buffering.max.messages=200000 2>"$work/$3.kcat.log"
  ) &
  feed_pid=$!
}

metric_col() {  # $1 = sample line, $2 = field number (1-based)
  awk -v f="$2" '{ print $f }' <<<"$1"
}

# Waits until the daemon has read every produced record (records_in stops moving for 5 s or
# reaches $1) and everything read is accounted for.
drain() {  # $1 = produced records
  local last=-1 still=0 s rin
  for _ in $(seq 120); do
    s=$(scrape || echo "0 0 0 0 0 0 0 0 0")
    rin=$(metric_col "$s" 1)
    ((rin >= $1)) && [[ $(metric_col "$s" 8) == 0 ]] && break
    if ((rin == last)); then still=$((still + 1)); else still=0; fi
    ((still >= 5)) && break
    last=$rin
    sleep 1
  done
}

status=0
summary=$out/summary.txt
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }
src_dir=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")
if [[ $src_dir == "$root" ]]; then
  built_from="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- daemon include || echo '+local changes')"
else
  built_from="sources in $src_dir"  # e.g. a `git archive` export; name its commit yourself
fi
say "soak: $(date -u +%FT%TZ) binary $bin built from $built_from; ttl=${ttl}s partitions=$partitions"

# --- probe: the max throughput of this setup --------------------------------------------------
# A backlog the mock cluster can hold (600 records of ~4 KB per partition, spread at random
# rather than sticky; it drops old messages beyond a few MB per partition) is generated first,
# so the generator's CPU is not in the measurement, then produced with kcat while the daemon consumes it flat out. The rate is taken
# between 10% and 90% of the backlog consumed (warm, before the tail).
if [[ -z $rate ]]; then
  probe_records=$((probe_partitions * 600))
  "$driver" --rate 0 --count "$probe_records" --seconds 100000 --seed 11 >"$work/probe.jsonl" 2>"$work/probe.driver.log"
  start_stack probe "$probe_partitions"
  kcat -P -b "$bootstrap" -t articles.raw -X linger.ms=20 -X sticky.partitioning.linger.ms=0 \
    -X queue.buffering.max.messages=200000 \
    <"$work/probe.jsonl" 2>"$work/probe.kcat.log" &
  feed_pid=$!
  lo=$((probe_records / 10)); hi=$((probe_records * 9 / 10)); t_lo=""; t_hi=""
  deadline=$(($(date +%s) + probe_seconds))
  while (($(date +%s) < deadline)); do
    rin=$(metric_col "$(scrape || echo 0)" 1)
    now=$(date +%s.%N)
    if [[ -z $t_lo ]] && ((rin >= lo)); then t_lo=$now; n_lo=$rin; fi
    if ((rin >= hi)); then t_hi=$now; n_hi=$rin; break; fi
    sleep 0.2
  done
  wait "$feed_pid" || true
  feed_pid=""
  [[ -n $t_lo && -n $t_hi ]] || { say "probe: the daemon did not consume the backlog within ${probe_seconds}s"; exit 1; }
  max_rate=$(awk -v a="$n_lo" -v b="$n_hi" -v t1="$t_lo" -v t2="$t_hi" 'BEGIN { printf "%d", (b - a) / (t2 - t1) }')
  say "probe: load average $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
  say "probe: backlog of $probe_records records ($(du -m "$work/probe.jsonl" | cut -f1) MB) consumed at $max_rate records/s (10%..90%)"
  say "probe: $(grep -c 'Offset out of range' "$work/probe.daemon.log" || true) offset resets (records dropped by the mock)"
  stop_pid daemon_pid
  stop_pid broker_pid
  rm -f "$work/probe.jsonl"
  rate=$((max_rate / 2))
  ((rate > 0)) || { echo "soak.sh: probe measured no throughput" >&2; exit 1; }
  say "target: $rate records/s (half of $max_rate)"
else
  say "target: $rate records/s (given)"
fi

# --- soak --------------------------------------------------------------------------------------
# The records are generated before the run (event time spaced for the target rate) and replayed
# at that rate: the machine may be shared, and a generator short of CPU would miss the rate.
seconds=$((minutes * 60))
planned=$((rate * seconds))
if [[ -n $input ]]; then
  records=$input
  say "replaying $input ($(du -m "$input" | cut -f1) MB)"
else
  records=$work/soak.jsonl
  "$driver" --rate 0 --count "$planned" --seconds 100000 --event-rate "$rate" --seed 7 \
    >"$records" 2>"$work/soak.gen.log"
  say "generated $planned records ($(du -m "$records" | cut -f1) MB) for the soak: $(cat "$work/soak.gen.log")"
fi
start_stack soak "$partitions"
sampler "$out/soak.csv" &
sampler_pid=$!
start_feed "$rate" "$seconds" soak "$records"
wait "$feed_pid" || { say "soak: the feed failed: $(cat "$work/soak.kcat.log")"; status=1; }
feed_pid=""
produced=$(sed -n 's/.*records=\([0-9]*\).*/\1/p' "$work/soak.driver.log")
rm -f "$work/soak.jsonl"
drain "$produced"
sleep 2
stop_pid sampler_pid
final=$(scrape)
kill -TERM "$daemon_pid"
daemon_status=0
wait "$daemon_pid" || daemon_status=$?
daemon_pid=""
cp "$work/soak.daemon.log" "$out/daemon.log"

read -r rin can dup inv ent mem lag fl err <<<"$final"
say "driver: $(cat "$work/soak.driver.log")"
say "end: in=$rin canonical=$can duplicate=$dup invalid=$inv index_entries=$ent index_bytes=$mem errors=$err"
if ((rin == can + dup + inv)); then
  say "check: in = canonical + duplicate + invalid holds ($rin)"
else
  say "check: FAILED in=$rin != canonical+duplicate+invalid=$((can + dup + inv))"; status=1
fi
if ((produced < planned)); then
  say "check: FAILED the feed sent $produced of $planned records"; status=1
fi
if ((rin == produced)); then
  say "check: every produced record was consumed ($produced)"
else
  say "check: FAILED produced=$produced consumed=$rin (the mock broker drops old messages when the daemon lags)"
  status=1
fi
say "daemon exit status on SIGTERM: $daemon_status; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
((daemon_status == 0)) || status=1
warnings=$(grep -ciE '\b(warn|error)' "$out/daemon.log" || true)
say "daemon log: $warnings warn/error lines (daemon.log)"

# RSS at 1, 2, 5, 10 min and the slope over the last half (least squares, KB/min).
awk -F, -v half="$((seconds / 2))" -v end="$seconds" '
  NR == 1 { next }
  { rss[$1] = $2 }
  $1 >= half && $1 <= end { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
  END {
    line = "rss_kb:"
    split("60 120 300 600", at, " ")
    for (i = 1; i <= 4; i++) if (at[i] in rss) line = line sprintf(" %dmin=%d", at[i] / 60, rss[at[i]])
    print line
    if (n > 1) {
      slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
      printf "rss slope over the last half (t >= %ds): %.1f KB/min\n", half, slope * 60
    }
  }' "$out/soak.csv" | tee -a "$summary"

# Plot: RSS (left axis) and index entries / records in per second (right axis).
gnuplot <<GP
set terminal pngcairo size 1000,600 noenhanced font ",10"
set output "$out/soak.png"
set datafile separator ","
set title "newsdedup soak: $rate records/s for $minutes min, index.ttl_seconds=$ttl"
set xlabel "seconds"
set ylabel "daemon RSS (MB)"
set y2label "index entries / records in per s"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set key bottom right
set grid
prev = 0
plot "$out/soak.csv" using 1:(\$2/1024) with lines lw 2 title "RSS (MB)", \
     "" using 1:7 axes x1y2 with lines title "index entries", \
     "" using 1:(d = \$3 - prev, prev = \$3, \$1 > 0 ? d : 1/0) axes x1y2 with lines lc rgb "#aaaaaa" title "records in / s"
GP
say "wrote $out/soak.csv $out/soak.png $out/summary.txt"
exit "$status"
