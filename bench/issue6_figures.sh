#!/usr/bin/env bash
# Runs every figure of issue 6 (the "Figures" table of bench/README.md) on one build, keeps
# the raw outputs in OUT_DIR and prints the medians the table quotes. Slow (15-30 min on 2
# cores); parts can be skipped with SKIP="stages placement memory offline kafka plots", and
# KAFKA_ARGS adds flags to kafka_e2e_bench.
# Usage: bench/issue6_figures.sh BUILD_DIR OUT_DIR [DEV_STREAM]
#   BUILD_DIR  a Release build with the targets stages_bench memory_bench kafka_e2e_bench
#              floor_file newsdedup
#   DEV_STREAM defaults to ../shared/data/eval/dev/stream.jsonl (read only, never copied)
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR OUT_DIR [DEV_STREAM]" >&2
  exit 64
fi
build=$1
out=$2
dev=${3:-../shared/data/eval/dev/stream.jsonl}
skip=${SKIP:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
runs=5
load() { echo "$1: $(uptime)" >>"$out/load.txt"; }
: >"$out/load.txt"
want() { [[ " $skip " != *" $1 "* ]]; }

if want stages; then
  load "stages start"
  echo "== stages_bench (engine, hash floor, sweeps, per-record latency)" >&2
  "$build/bench/stages_bench" --benchmark_repetitions=$runs --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/stages.json" --benchmark_out_format=json >"$out/stages.txt" 2>&1
fi

if want placement; then
  load "placement start"
  echo "== engine and hash floor at 4 KB from 3 fresh copies of stages_bench" >&2
  # A byte-identical copy of an executable ran a few % faster or slower than the file it was
  # copied from (where the kernel put its pages; see bench/ab.sh): the headline ratio taken
  # in three copies shows how far that moves it.
  copies=$(mktemp -d)
  for k in 1 2 3; do
    cp "$build/bench/stages_bench" "$copies/stages_bench.$k"
    "$copies/stages_bench.$k" --benchmark_filter='^BM_(Engine|HashFloor)/bytes:4096$' \
      --benchmark_repetitions=$runs --benchmark_report_aggregates_only=true \
      --benchmark_out="$out/placement.$k.json" --benchmark_out_format=json >/dev/null 2>&1
  done
  rm -rf "$copies"
fi

if want memory; then
  load "memory start"
  echo "== memory_bench (RSS per indexed article)" >&2
  # The index beside its baseline (the same fingerprints kept in a plain vector), each a
  # fresh fill per repetition; the counters' medians are the figures.
  "$build/bench/memory_bench" --benchmark_filter='BM_(IndexMemory|FingerprintsOnly)/' \
    --benchmark_repetitions=$runs --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/memory.json" --benchmark_out_format=json >"$out/memory.txt" 2>&1
fi

if want offline; then
  load "offline start"
  echo "== offline mode on $dev, 1 and 2 threads, $runs runs each" >&2
  : >"$out/offline.txt"
  for t in 1 2; do
    # One run that keeps every output, to check that the threads change no byte.
    "$build/newsdedup" dedup --input "$dev" --output "$out/dev_t$t.canonical.jsonl" \
      --duplicates "$out/dev_t$t.duplicates.jsonl" --decisions "$out/dev_t$t.decisions.jsonl" \
      --threads $t 2>/dev/null
    for _ in $(seq $runs); do
      # Wall-clock docs/s from newsdedup, and the process's CPU seconds: on a loaded machine a
      # process gets less than a core, and only the CPU time shows what the threads cost.
      /usr/bin/time -f "cpu %U %S" "$build/newsdedup" dedup --input "$dev" --output /dev/null \
        --decisions /dev/null --threads $t 2>&1 |
        sed -n -e "s/^newsdedup dedup: /threads $t: /p" -e "s/^cpu /threads $t: cpu /p" \
          >>"$out/offline.txt"
    done
  done
  # The baseline: the hash floor over the same file, one thread, read the same way.
  for _ in $(seq $runs); do
    "$build/bench/floor_file" "$dev" | sed -n "s/^floor_file: /floor: /p" >>"$out/offline.txt"
  done
  for f in canonical duplicates decisions; do
    cmp "$out/dev_t1.$f.jsonl" "$out/dev_t2.$f.jsonl" >&2 || { echo "offline: $f differ" >&2; exit 1; }
  done
  echo "offline: canonical, duplicates and decisions identical for 1 and 2 threads" \
    >>"$out/offline.txt"
  # Accuracy on dev (issue 6: must not drop), with the shared scorer when it is there.
  labels=$(dirname "$dev")/labels.jsonl
  scorer=$(dirname "$dev")/../../../tools/dedup-score
  if [[ -f $labels && -x $scorer ]]; then
    for t in 1 2; do
      echo "dev score, threads $t: $("$scorer" --labels "$labels" --decisions \
        "$out/dev_t$t.decisions.jsonl" | sed -n '2,4p' | tr -s ' \n' ' ')" >>"$out/offline.txt"
    done
  fi
fi

if want kafka; then
  load "kafka start"
  echo "== kafka_e2e_bench, 16 partitions, throughput then latency at half the max" >&2
  # shellcheck disable=SC2086  # KAFKA_ARGS: extra flags, e.g. "--records 10000"
  "$build/bench/kafka_e2e_bench" --partitions 16 --runs $runs --compare-single 1 ${KAFKA_ARGS:-} \
    >"$out/kafka.txt" 2>"$out/kafka.stderr"
fi

load "end"
if want plots; then
  mem=()
  [[ -f $out/memory.json ]] && mem=("$out/memory.json")
  "$here/plot_sweeps.sh" "$out/stages.json" "$here/plots" "${mem[@]}" >&2
fi

python3 - "$out" <<'PY'
import json, os, re, statistics, sys
out = sys.argv[1]
def med(xs):
    return statistics.median(xs) if xs else float("nan")
def median_rows(path):
    # Google Benchmark's JSON: each benchmark's median row (or its only row), by name.
    return {b.get("run_name", b["name"]): b for b in json.load(open(path))["benchmarks"]
            if b.get("aggregate_name") in (None, "median")}
p = os.path.join(out, "stages.json")
if os.path.exists(p):
    rows = median_rows(p)
    e, f = rows.get("BM_Engine/bytes:4096"), rows.get("BM_HashFloor/bytes:4096")
    if e and f:
        print("engine 4 KB: %.0f docs/s %.1f MB/s; hash floor %.0f docs/s %.1f MB/s; ratio %.3f" % (
            e["items_per_second"], e["bytes_per_second"] / 1e6, f["items_per_second"],
            f["bytes_per_second"] / 1e6, e["items_per_second"] / f["items_per_second"]))
    def k(x):
        return "%.3gk" % (x / 1e3) if x >= 1e3 else "%.3g" % x
    print("| benchmark | docs/s | MB/s | x hash floor 4 KB |")
    fl = f["items_per_second"] if f else float("nan")
    for name, b in rows.items():
        if "Latency" in name:
            continue
        print("| %s | %s | %.1f | %.2f |" % (name, k(b["items_per_second"]),
              b.get("bytes_per_second", 0) / 1e6, b["items_per_second"] / fl))
    sizes = sorted(int(n.split(":")[1]) for n in rows if n.startswith("BM_Engine/bytes:"))
    print("| record size (mean JSON bytes) | engine docs/s | engine MB/s | floor docs/s | floor MB/s | engine / floor |")
    for sz in sizes:
        e1, f1 = rows.get("BM_Engine/bytes:%d" % sz), rows.get("BM_HashFloor/bytes:%d" % sz)
        if e1 and f1:
            print("| %s | %s | %.1f | %s | %.0f | %.3f |" % (
                "{:,}".format(int(e1.get("mean_record_bytes", sz))), k(e1["items_per_second"]),
                e1["bytes_per_second"] / 1e6, k(f1["items_per_second"]),
                f1["bytes_per_second"] / 1e6, e1["items_per_second"] / f1["items_per_second"]))
    # Cost per record against record size, a line through the sizes each family ran at:
    # fixed us per record + us per KB of input JSON.
    fams = {}
    for name, b in rows.items():
        m = re.match(r"(BM_\w+)/bytes:(\d+)$", name)
        if m and "Latency" not in name and b["items_per_second"] > 0:
            kb = b["bytes_per_second"] / b["items_per_second"] / 1e3
            fams.setdefault(m.group(1), []).append((kb, 1e6 / b["items_per_second"]))
    for fam, pts in sorted(fams.items()):
        pts = [p for p in pts if 1.5 < p[0] < 9]  # the 2-8 KB records every family has
        if len(pts) < 2:
            continue
        mx = sum(x for x, _ in pts) / len(pts)
        my = sum(y for _, y in pts) / len(pts)
        slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
        print("%s cost per record, %d sizes 2-8 KB: %.2f us fixed + %.2f us per KB" % (
            fam, len(pts), my - slope * mx, slope))
    for name, b in sorted(rows.items()):
        if "Latency" in name:
            keys = [k for k in b if re.search(r"_(p\d+|max)_us$", k)]
            print("%s: %s" % (name, ", ".join("%s=%g" % (k, b[k]) for k in sorted(keys))))
    el, fl = rows.get("BM_EngineLatency/bytes:4096"), rows.get("BM_HashFloorLatency/bytes:4096")
    if el and fl:
        print("latency, CPU p99: engine %.1f us, hash floor %.1f us, ratio %.2f" % (
            el["cpu_p99_us"], fl["cpu_p99_us"], el["cpu_p99_us"] / fl["cpu_p99_us"]))
ratios = []
for k in (1, 2, 3):
    p = os.path.join(out, "placement.%d.json" % k)
    if os.path.exists(p):
        r = median_rows(p)
        e, f = (r[n]["items_per_second"] if n in r else None
                for n in ("BM_Engine/bytes:4096", "BM_HashFloor/bytes:4096"))
        if e and f:
            ratios.append(e / f)
            print("copy %d of stages_bench: engine 4 KB %.0f docs/s, hash floor %.0f, ratio %.3f"
                  % (k, e, f, e / f))
if ratios:
    print("engine / floor at 4 KB over %d copies: median %.3f (%.3f-%.3f)"
          % (len(ratios), med(ratios), min(ratios), max(ratios)))
p = os.path.join(out, "memory.json")
if os.path.exists(p):
    per_article = {}
    for name, b in median_rows(p).items():
        extra = {kk: v for kk, v in b.items() if isinstance(v, float) and kk not in (
            "real_time", "cpu_time", "iterations", "repetitions", "repetition_index", "threads")}
        print("memory %s (median): %s" % (name, ", ".join("%s=%.4g" % kv for kv in sorted(extra.items()))))
        if "rss_bytes_per_article" in b:
            per_article[name] = b["rss_bytes_per_article"]
    i, f = (per_article.get("BM_%s/articles:1048576" % n) for n in ("IndexMemory", "FingerprintsOnly"))
    if i and f:
        print("memory at 1M: index %.1f B/article, fingerprints in a vector %.1f B/article, ratio %.2f"
              % (i, f, i / f))
p = os.path.join(out, "offline.txt")
if os.path.exists(p):
    by = {}
    for line in open(p):
        m = re.match(r"threads (\d+): .*\(([\d.]+) docs/s", line)
        if m:
            by.setdefault(m.group(1), []).append(float(m.group(2)))
    cpu = {}
    for line in open(p):
        m = re.match(r"threads (\d+): cpu ([\d.]+) ([\d.]+)", line)
        if m:
            cpu.setdefault(m.group(1), []).append(float(m.group(2)) + float(m.group(3)))
    for t, xs in sorted(by.items()):
        print("offline dev, %s thread(s): median %.0f docs/s (wall) of %s; median CPU %.2f s of %s"
              % (t, med(xs), xs, med(cpu.get(t, [])), cpu.get(t, [])))
    floor = [float(m.group(1)) for m in (re.match(r"floor: .*\(([\d.]+) docs/s", l) for l in open(p)) if m]
    if floor and "1" in by:
        print("offline dev, hash floor (1 thread): median %.0f docs/s of %s; ratio 1 thread / floor %.2f"
              % (med(floor), floor, med(by["1"]) / med(floor)))
    for line in open(p):
        if line.startswith(("dev score", "offline:")):
            print(line.rstrip())
p = os.path.join(out, "load.txt")
if os.path.exists(p):
    for line in open(p):
        print("load " + line.rstrip())
p = os.path.join(out, "kafka.txt")
if os.path.exists(p):
    for line in open(p):
        if line.startswith(("median", "ratio", "latency:", "input:")):
            print("kafka: " + line.rstrip())
PY
