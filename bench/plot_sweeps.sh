#!/usr/bin/env bash
# Plots the sweeps of a stages_bench JSON run (issue 6) as PNGs:
#   throughput_vs_size.png   engine and hash floor, docs/s and MB/s against record size
#   throughput_vs_index.png  decide docs/s against index size
# Usage: bench/plot_sweeps.sh STAGES.json OUT_DIR [MEMORY.json]
# where STAGES.json comes from
#   stages_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
#       --benchmark_out=STAGES.json --benchmark_out_format=json
# and the optional MEMORY.json from
#   memory_bench --benchmark_filter='BM_IndexMemory/' --benchmark_out=MEMORY.json \
#       --benchmark_out_format=json
# adds the decide rate while an index fills from 0 to N articles (up to 1M; BM_Decide holds
# the index at N, up to 131k).
# Medians are plotted when the run has repetitions, plain results otherwise.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 STAGES.json OUT_DIR [MEMORY.json]" >&2
  exit 64
fi
in=$1
out=$2
memory=${3:-}
command -v gnuplot >/dev/null || { echo "plot_sweeps: gnuplot not found (scripts/install-deps.sh installs gnuplot-nox)" >&2; exit 69; }
mkdir -p "$out"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

python3 - "$in" "$data" "$memory" <<'PY'
import json, sys, re
run = json.load(open(sys.argv[1]))
out = sys.argv[2]
if sys.argv[3]:
    fill = []
    for b in json.load(open(sys.argv[3]))["benchmarks"]:
        m = re.match(r"BM_IndexMemory/articles:(\d+)", b.get("run_name", b["name"]))
        if m and b.get("aggregate_name") in (None, "median"):
            fill.append((int(m.group(1)), b["items_per_second"]))
    with open(out + "/fill.dat", "w") as f:
        for x, docs in sorted(fill):
            f.write("%g %g\n" % (x, docs))
rows = {}
for b in run["benchmarks"]:
    agg = b.get("aggregate_name")
    if agg not in (None, "median"):
        continue
    name = b.get("run_name", b["name"])
    m = re.match(r"BM_(\w+)/(bytes|index):(\d+)$", name)
    if not m:
        continue
    rows[(m.group(1), int(m.group(3)))] = b
def write(path, bench, x_of):
    pts = sorted((x_of(k[1], b), b["items_per_second"], b["bytes_per_second"] / 1e6)
                 for k, b in rows.items() if k[0] == bench)
    with open(path, "w") as f:
        for x, docs, mb in pts:
            f.write("%g %g %g\n" % (x, docs, mb))
    return len(pts)
n = write(out + "/engine.dat", "Engine", lambda arg, b: b.get("mean_record_bytes", arg))
n += write(out + "/floor.dat", "HashFloor", lambda arg, b: arg)
n += write(out + "/decide.dat", "Decide", lambda arg, b: arg)
if n == 0:
    sys.exit("plot_sweeps: no BM_Engine/BM_HashFloor/BM_Decide results in " + sys.argv[1])
PY

gnuplot <<GP
set terminal pngcairo size 1000,420 font ",10" noenhanced
set output "$out/throughput_vs_size.png"
set multiplot layout 1,2 title "newsdedup: one core, generated news records with about 30% reposts"
set logscale xy
set grid
set key top right
set xlabel "record size (bytes of JSON)"
set ylabel "docs/s"
plot "$data/engine.dat" using 1:2 with linespoints title "engine (parse..decide)", \
     "$data/floor.dat" using 1:2 with linespoints title "hash floor (baseline)"
unset logscale y
set logscale x
set ylabel "MB/s"
set key center right
plot "$data/engine.dat" using 1:3 with linespoints title "engine", \
     "$data/floor.dat" using 1:3 with linespoints title "hash floor"
unset multiplot
set output "$out/throughput_vs_index.png"
set terminal pngcairo size 600,420 font ",10" noenhanced
set title "decide (index + rules), 4 KB records, one core"
set logscale x
unset logscale y
set yrange [0:*]
set xlabel "articles in the index"
set ylabel "docs/s"
set key top right
if (strlen("$memory") > 0) {
  plot "$data/decide.dat" using 1:2 with linespoints title "index held at N (stages_bench BM_Decide)", \
       "$data/fill.dat" using 1:2 with linespoints title "mean while filling 0..N (memory_bench BM_IndexMemory)"
} else {
  plot "$data/decide.dat" using 1:2 with linespoints title "index held at N (stages_bench BM_Decide)"
}
GP
echo "plot_sweeps: wrote $out/throughput_vs_size.png and $out/throughput_vs_index.png"
