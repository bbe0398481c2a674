// Memory of the index (issue 6: <= 300 bytes per indexed article, RSS flat under the TTL).
// Articles are distinct fingerprints of generated ~4 KB records (support/fingerprint_pool.h:
// the pool's reposts stay reposts, each pass over the pool is new articles), decided one by
// one into a fresh Decider; resident memory comes from /proc/self/statm after malloc_trim.
// Each benchmark runs once (Iterations(1)): it measures memory, not time.
//
// BM_FingerprintsOnly is the baseline in the same run: the same articles' Fingerprints kept in
// a plain std::vector (what storing them without the index's compact layout costs).
//
//   build/bench/bench/memory_bench
//   build/bench/bench/memory_bench --benchmark_filter='/articles:1048576'   (the issue-6 figure)
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/decide/decider.h"
#include "newsdedup/model/article.h"
#include "support/fingerprint_pool.h"

namespace {

using namespace newsdedup;  // NOLINT: benchmark file

constexpr int64_t kStartMs = 1772431200000;  // 2026-03-02T06:00:00Z
constexpr int64_t kGapMs = 10;               // event time between articles

double mb(uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

// RSS growth per indexed article while the index fills to N articles.
void BM_IndexMemory(benchmark::State& state) {
  const auto n = static_cast<uint64_t>(state.range(0));
  const bench::FingerprintPool& pool = bench::fingerprint_pool();
  const config::Config cfg = config::default_config();
  Fingerprint fp;
  std::string id;
  uint32_t bytes = 0;
  for (auto _ : state) {
    bench::SaltedStream stream(pool);
    malloc_trim(0);
    const uint64_t rss0 = bench::resident_bytes();
    auto decider = std::make_unique<decide::Decider>(cfg.decide, cfg.index, cfg.fingerprint);
    int64_t event_ms = kStartMs;
    // The slowest single decision: a stall (a table re-hashed at once) shows here, not in the
    // mean rate.
    // Decisions over 1 ms count the smaller stalls (page faults of a new table, say).
    std::chrono::steady_clock::duration slowest{};
    uint64_t over_1ms = 0;
    for (uint64_t i = 0; i < n; ++i) {
      stream.next(fp, id, bytes);
      const auto t0 = std::chrono::steady_clock::now();
      Decision d = decider->decide(id, fp, event_ms += kGapMs);
      const auto took = std::chrono::steady_clock::now() - t0;
      slowest = std::max(slowest, took);
      over_1ms += took > std::chrono::milliseconds(1) ? 1 : 0;
      benchmark::DoNotOptimize(d);
    }
    state.counters["slowest_decide_ms"] =
        std::chrono::duration<double, std::milli>(slowest).count();
    state.counters["decides_over_1ms"] = static_cast<double>(over_1ms);
    const uint64_t rss1 = bench::resident_bytes();
    const auto indexed = static_cast<double>(decider->index().size());
    state.counters["indexed"] = indexed;
    state.counters["rss_bytes_per_article"] = static_cast<double>(rss1 - rss0) / indexed;
    state.counters["index_bytes_per_article"] = decider->index().bytes_per_article();
    state.counters["rss_growth_mb"] = mb(rss1 - rss0);
    state.counters["band_rebuilds"] = static_cast<double>(decider->index().stats().band_rebuilds);
  }
  state.SetItemsProcessed(static_cast<int64_t>(n * state.iterations()));
}

// Baseline: RSS growth per article when the same fingerprints are only copied into a vector.
void BM_FingerprintsOnly(benchmark::State& state) {
  const auto n = static_cast<uint64_t>(state.range(0));
  const bench::FingerprintPool& pool = bench::fingerprint_pool();
  Fingerprint fp;
  std::string id;
  uint32_t bytes = 0;
  for (auto _ : state) {
    bench::SaltedStream stream(pool);
    malloc_trim(0);
    const uint64_t rss0 = bench::resident_bytes();
    std::vector<Fingerprint> kept;
    kept.reserve(n);
    for (uint64_t i = 0; i < n; ++i) {
      stream.next(fp, id, bytes);
      kept.push_back(fp);
    }
    const uint64_t rss1 = bench::resident_bytes();
    state.counters["rss_bytes_per_article"] =
        static_cast<double>(rss1 - rss0) / static_cast<double>(n);
    state.counters["rss_growth_mb"] = mb(rss1 - rss0);
    benchmark::DoNotOptimize(kept.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(n * state.iterations()));
}

// A long run under the TTL: the TTL keeps about N articles live while 8 N go through; RSS
// after 2 N, 4 N and 8 N should be the same (flat), not growing with the articles seen. Those
// three are single readings, and one taken while a band table is being replaced (both
// tables resident) reads higher: the peaks of 64 readings per N over (2 N, 4 N] and
// (4 N, 8 N] are the bound that includes such moves.
void BM_IndexMemoryTtl(benchmark::State& state) {
  const auto n = static_cast<uint64_t>(state.range(0));
  const bench::FingerprintPool& pool = bench::fingerprint_pool();
  config::Config cfg = config::default_config();
  cfg.index.ttl_seconds = n * kGapMs / 1000;
  Fingerprint fp;
  std::string id;
  uint32_t bytes = 0;
  for (auto _ : state) {
    bench::SaltedStream stream(pool);
    malloc_trim(0);
    const uint64_t rss0 = bench::resident_bytes();
    auto decider = std::make_unique<decide::Decider>(cfg.decide, cfg.index, cfg.fingerprint);
    int64_t event_ms = kStartMs;
    uint64_t rss_at[9] = {rss0, 0, 0, 0, 0, 0, 0, 0, 0};
    uint64_t peak_2n_4n = 0, peak_4n_8n = 0;
    const uint64_t every = std::max<uint64_t>(1, n / 64);
    for (uint64_t i = 1; i <= 8 * n; ++i) {
      stream.next(fp, id, bytes);
      Decision d = decider->decide(id, fp, event_ms += kGapMs);
      benchmark::DoNotOptimize(d);
      if (i % n == 0) rss_at[i / n] = bench::resident_bytes();
      if (i > 2 * n && i % every == 0) {
        uint64_t& peak = i <= 4 * n ? peak_2n_4n : peak_4n_8n;
        peak = std::max(peak, bench::resident_bytes());
      }
    }
    state.counters["live_articles"] = static_cast<double>(decider->index().size());
    state.counters["evicted_ttl"] = static_cast<double>(decider->index().stats().evicted_ttl);
    state.counters["rss_growth_mb_1n"] = mb(rss_at[1] - rss0);
    state.counters["rss_growth_mb_2n"] = mb(rss_at[2] - rss0);
    state.counters["rss_growth_mb_4n"] = mb(rss_at[4] - rss0);
    state.counters["rss_growth_mb_8n"] = mb(rss_at[8] - rss0);
    state.counters["rss_peak_growth_mb_2n_4n"] = mb(peak_2n_4n - rss0);
    state.counters["rss_peak_growth_mb_4n_8n"] = mb(peak_4n_8n - rss0);
    state.counters["rss_bytes_per_live_article_8n"] =
        static_cast<double>(rss_at[8] - rss0) / static_cast<double>(decider->index().size());
    state.counters["index_bytes_per_article"] = decider->index().bytes_per_article();
    state.counters["band_rebuilds"] = static_cast<double>(decider->index().stats().band_rebuilds);
  }
  state.SetItemsProcessed(static_cast<int64_t>(8 * n * state.iterations()));
}

}  // namespace

BENCHMARK(BM_FingerprintsOnly)
    ->Arg(1 << 17)
    ->Arg(1 << 20)
    ->ArgName("articles")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IndexMemory)
    ->Arg(1 << 14)
    ->Arg(1 << 17)
    ->Arg(1 << 20)
    ->ArgName("articles")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IndexMemoryTtl)
    ->Arg(1 << 15)
    ->Arg(1 << 17)
    ->ArgName("articles")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
