#!/usr/bin/env bash
# A/B of two builds of one Google Benchmark binary on a noisy machine: the two run alternately
# (A, B, A, B, ...), each run reporting the median of 5 repetitions, so a drift of the machine
# hits both sides alike. Prints every run's medians, then per benchmark the median over the
# rounds of each side and B / A. This is how bench/README.md's "alternated N× with <commit>"
# figures are taken.
# Usage: bench/ab.sh A_BINARY B_BINARY FILTER [ROUNDS=3]
#   e.g. build the baseline in a worktree:
#     git worktree add /tmp/base <commit> && (cd /tmp/base && cmake --preset release &&
#       cmake --build --preset release --target stages_bench)
#     bench/ab.sh /tmp/base/build/release/bench/stages_bench build/release/bench/stages_bench \
#       '^BM_Engine/bytes:4096$' 5
set -euo pipefail

if [[ $# -lt 3 ]]; then
  echo "usage: $0 A_BINARY B_BINARY FILTER [ROUNDS]" >&2
  exit 64
fi
a=$1
b=$2
filter=$3
rounds=${4:-3}

# One run: "name items_per_second" for each benchmark's median.
medians() {
  "$1" --benchmark_filter="$filter" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true 2>/dev/null |
    awk '$1 ~ /_median$/ { for (i = 1; i <= NF; i++) if ($i ~ /^items_per_second=/) {
           v = $i; sub(/^items_per_second=/, "", v); m = 1
           if (v ~ /k\/s$/) m = 1e3; else if (v ~ /M\/s$/) m = 1e6
           sub(/[kM]?\/s$/, "", v); n = $1; sub(/_median$/, "", n); print n, v * m } }'
}

# Each round runs fresh copies of the two binaries. On this VM the same executable file ran
# 6-7% slower or faster than a byte-identical copy of it, run after run, until the page cache
# was dropped: where the kernel happened to put the file's pages shifts a whole benchmark.
# A new copy per round makes that placement one more random draw instead of a bias that
# follows one side through every round.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results
for r in $(seq "$rounds"); do
  for side in A B; do
    src=$a
    [[ $side == B ]] && src=$b
    bin=$work/$side.$r
    cp "$src" "$bin"
    medians "$bin" | while read -r name rate; do
      printf 'round %d %s %s %.0f\n' "$r" "$side" "$name" "$rate" | tee -a "$results"
    done
  done
done

echo "== median over $rounds rounds (items/s): A, B, B / A"
awk '{ key = $4; v[key, $3, ++n[key, $3]] = $5; names[key] = 1 }
     function med(key, side,   k, i, j, t, c) {
       c = n[key, side]
       for (i = 1; i <= c; i++) s[i] = v[key, side, i]
       for (i = 2; i <= c; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) {
         t = s[j]; s[j] = s[j - 1]; s[j - 1] = t }
       return c % 2 ? s[(c + 1) / 2] : (s[c / 2] + s[c / 2 + 1]) / 2
     }
     END { for (key in names) { ma = med(key, "A"); mb = med(key, "B")
             printf "%s %.0f %.0f %.3f\n", key, ma, mb, mb / ma } }' "$results" | sort
