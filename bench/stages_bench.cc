// Throughput of each engine stage and of the whole engine on generated news records (~4 KB,
// ~30% reposts, bench/support/article_generator.h), beside the "hash floor" baseline of
// issue 6. Records are generated once per size, outside the timed loops; every benchmark
// reports items/s (docs/s) and bytes/s of input JSON, so stages compare on one scale.
//
// Run (Release build):
//   build/bench/bench/stages_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/decide/decider.h"
#include "newsdedup/fingerprint/fingerprinter.h"
#include "newsdedup/model/article.h"
#include "newsdedup/normalize/normalizer.h"
#include "newsdedup/parse/parser.h"
#include "newsdedup/pipeline/engine.h"
#include "newsdedup/state/state.h"
#include "simd/cpu_internal.h"
#include "support/corpus.h"
#include "support/fingerprint_pool.h"
#include "support/hash_floor.h"

namespace {

using namespace newsdedup;  // NOLINT: benchmark file

constexpr int64_t kDefaultSize = 4096;
// Stage corpora: ~16 MB of records, more than the last-level cache of the machines we use.
constexpr size_t kStageBudget = 16u << 20;
// Engine corpora are processed whole per iteration by a fresh engine: ~32 MB.
constexpr size_t kEngineBudget = 32u << 20;

std::shared_ptr<const config::Config> default_config() {
  static const auto cfg = std::make_shared<const config::Config>(config::default_config());
  return cfg;
}

const bench::Corpus& stage_corpus(int64_t size) {
  const auto s = static_cast<size_t>(size);
  return bench::corpus(s, bench::count_for(s, kStageBudget, 1024));
}

void report(benchmark::State& state, uint64_t bytes) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

// ---- stages ----------------------------------------------------------------------------------

void BM_Parse(benchmark::State& state) {
  const bench::Corpus& c = stage_corpus(state.range(0));
  parse::Parser parser(default_config()->parse);
  Article article;
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    const std::string& rec = c.records[i].json;
    Status status = parser.parse(rec, article);
    benchmark::DoNotOptimize(status);
    bytes += rec.size();
    if (++i == c.records.size()) i = 0;
  }
  report(state, bytes);
}

// Bodies of the corpus's valid records, with each record's JSON size (for bytes/s).
struct Bodies {
  std::vector<std::string> bodies;
  std::vector<uint32_t> record_bytes;
};

Bodies parsed_bodies(const bench::Corpus& c) {
  Bodies out;
  parse::Parser parser(default_config()->parse);
  Article article;
  for (const auto& r : c.records) {
    if (!parser.parse(r.json, article).ok()) continue;
    out.bodies.push_back(article.body);
    out.record_bytes.push_back(static_cast<uint32_t>(r.json.size()));
  }
  return out;
}

void BM_Normalize(benchmark::State& state) {
  const Bodies b = parsed_bodies(stage_corpus(state.range(0)));
  const normalize::Normalizer normalizer(default_config()->normalize);
  normalize::NormalizedText text;
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    normalizer.normalize(b.bodies[i], text);
    benchmark::DoNotOptimize(text.text.data());
    bytes += b.record_bytes[i];
    if (++i == b.bodies.size()) i = 0;
  }
  report(state, bytes);
}

// Fingerprinting with the MinHash variant named by `minhash` ("kperm" or "oph").
void fingerprint_bench(benchmark::State& state, const char* minhash) {
  const Bodies b = parsed_bodies(stage_corpus(state.range(0)));
  const normalize::Normalizer normalizer(default_config()->normalize);
  std::vector<normalize::NormalizedText> texts(b.bodies.size());
  for (size_t i = 0; i < texts.size(); ++i) normalizer.normalize(b.bodies[i], texts[i]);
  config::FingerprintConfig fc = default_config()->fingerprint;
  fc.minhash = minhash;
  const fingerprint::Fingerprinter fingerprinter(fc);
  Fingerprint fp;
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    fingerprinter.compute(texts[i], fp);
    benchmark::DoNotOptimize(fp.minhash.data());
    bytes += b.record_bytes[i];
    if (++i == texts.size()) i = 0;
  }
  report(state, bytes);
}

void BM_Fingerprint(benchmark::State& state) { fingerprint_bench(state, "kperm"); }
void BM_FingerprintOph(benchmark::State& state) { fingerprint_bench(state, "oph"); }

// parse + normalize + fingerprint: the pure part of the engine that may run on many threads.
void BM_Prepare(benchmark::State& state) {
  const bench::Corpus& c = stage_corpus(state.range(0));
  pipeline::Preparer preparer(default_config());
  pipeline::Prepared prepared;
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    const std::string& rec = c.records[i].json;
    preparer.prepare(rec, 0, prepared);
    benchmark::DoNotOptimize(prepared.fingerprint.minhash.data());
    bytes += rec.size();
    if (++i == c.records.size()) i = 0;
  }
  report(state, bytes);
}

// ---- index + decide at a steady index size -----------------------------------------------------

// Decides batches of fingerprints against an index held at `state.range(0)` articles by the
// capacity cap (oldest evicted), as a daemon at its cap is. Items are records decided.
void BM_Decide(benchmark::State& state) {
  const auto index_size = static_cast<uint64_t>(state.range(0));
  bench::SaltedStream stream(bench::fingerprint_pool());
  auto cfg = config::default_config();
  cfg.index.max_articles = index_size;
  decide::Decider decider(cfg.decide, cfg.index, cfg.fingerprint);

  constexpr size_t kBatch = 1024;
  std::vector<Fingerprint> batch(kBatch);
  std::vector<std::string> ids(kBatch);
  std::vector<uint32_t> batch_bytes(kBatch);
  int64_t event_ms = 1772431200000;
  auto fill_batch = [&] {
    for (size_t k = 0; k < kBatch; ++k) stream.next(batch[k], ids[k], batch_bytes[k]);
  };
  // Warm the index up to its size (untimed).
  while (decider.index().size() < index_size) {
    fill_batch();
    for (size_t k = 0; k < kBatch; ++k) {
      Decision d = decider.decide(ids[k], batch[k], event_ms += 100);
      benchmark::DoNotOptimize(d);
    }
  }
  uint64_t bytes = 0;
  uint64_t duplicates = 0;
  uint64_t candidates = 0;
  decide::DecisionTrace trace;
  for (auto _ : state) {
    state.PauseTiming();
    fill_batch();
    state.ResumeTiming();
    for (size_t k = 0; k < kBatch; ++k) {
      trace = {};
      const Decision d = decider.decide(ids[k], batch[k], event_ms += 100, &trace);
      duplicates += d.verdict == Verdict::kDuplicate ? 1 : 0;
      candidates += trace.candidates;
      bytes += batch_bytes[k];
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["index_size"] = static_cast<double>(decider.index().size());
  state.counters["dup_share"] =
      static_cast<double>(duplicates) / static_cast<double>(state.iterations() * kBatch);
  state.counters["index_bytes_per_article"] = decider.index().bytes_per_article();
  state.counters["band_rebuilds"] = static_cast<double>(decider.index().stats().band_rebuilds);
  state.counters["candidates_per_lookup"] =
      static_cast<double>(candidates) / static_cast<double>(state.iterations() * kBatch);
}

// ---- the whole engine and the hash floor -----------------------------------------------------

const bench::Corpus& engine_corpus(int64_t size) {
  const auto s = static_cast<size_t>(size);
  return bench::corpus(s, bench::count_for(s, kEngineBudget, 2048));
}

// One pass of `engine` over the corpus; returns how many records it called duplicates.
uint64_t engine_pass(pipeline::Engine& engine, const bench::Corpus& c) {
  uint64_t duplicates = 0;
  for (const auto& r : c.records) {
    const Decision d = engine.process(r.json, 0);
    duplicates += d.verdict == Verdict::kDuplicate ? 1 : 0;
  }
  return duplicates;
}

// The rates of the benchmark's passes over the corpus (one per iteration), and the share of
// records decided as duplicates.
void report_passes(benchmark::State& state, const bench::Corpus& c, uint64_t duplicates) {
  const auto records = static_cast<int64_t>(c.records.size());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * records);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["dup_share"] =
      static_cast<double>(duplicates) / static_cast<double>(state.iterations() * c.records.size());
}

// pipeline::Engine::process over the whole corpus per iteration, starting from an empty index
// each time (engine construction is not timed), so the repost mix is the generated one.
void BM_Engine(benchmark::State& state) {
  const bench::Corpus& c = engine_corpus(state.range(0));
  std::unique_ptr<pipeline::Engine> engine;
  uint64_t duplicates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    engine.reset();
    engine = std::make_unique<pipeline::Engine>(default_config());
    state.ResumeTiming();
    duplicates += engine_pass(*engine, c);
  }
  report_passes(state, c, duplicates);
  state.counters["mean_record_bytes"] = c.mean_bytes();
}

// BM_Engine against an index already holding `index` articles, capped at that size, so every
// record's insert also evicts the oldest entry: the steady state of a daemon whose TTL keeps
// its index flat, where the band table lives in DRAM rather than in cache as it does for the
// young index of BM_Engine. The index is refilled before each pass (untimed) from the corpus's
// own fingerprints salted (a bench::SaltedStream from pass 1: the pool's pass 0 is this
// corpus), which share no band or exact hash with it.
void BM_EngineWarm(benchmark::State& state) {
  const auto index_size = static_cast<size_t>(state.range(0));
  const bench::Corpus& c = engine_corpus(kDefaultSize);
  auto cfg = std::make_shared<config::Config>(config::default_config());
  cfg->index.max_articles = index_size;
  state::StateRecord r;
  r.fingerprint_id = state::fingerprint_config_id(cfg->fingerprint);
  {  // Stored at the corpus's first event time: older entries would all expire on its first record.
    pipeline::Preparer preparer(cfg);
    pipeline::Prepared first;
    preparer.prepare(c.records.front().json, 0, first);
    r.event_ms = first.event_ms;
  }
  std::unique_ptr<pipeline::Engine> engine;
  uint64_t duplicates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    engine.reset();
    engine = std::make_unique<pipeline::Engine>(cfg);
    engine->reserve_restore(index_size);
    bench::SaltedStream warm(bench::fingerprint_pool(), 1);
    uint32_t record_bytes = 0;
    for (size_t i = 0; i < index_size; ++i) {
      warm.next(r.fp, r.id, record_bytes);
      r.root_id = r.id;
      (void)engine->restore(r);
    }
    engine->restored();
    state.ResumeTiming();
    duplicates += engine_pass(*engine, c);
  }
  report_passes(state, c, duplicates);
}

// BM_Engine with the vector kernels behind simd::kernels() capped (token hashes, line masks):
// NoAvx512 runs the AVX2 kernels, which CPUs without AVX-512 run, Sse2 the SSE2 and scalar code
// every x86-64 CPU has, measured beside the best kernels on one machine. The compiler's
// x86-64-v4 clones of the MinHash loops are picked at load time and still run. Where the CPU
// lacks a set, the rows run the best code it has.
void engine_with(benchmark::State& state, simd::Kernels most) {
  state.SetLabel(simd::name(simd::limit_kernels(most)));
  BM_Engine(state);
  simd::limit_kernels(simd::Kernels::kAvx512);
}
void BM_EngineNoAvx512(benchmark::State& state) { engine_with(state, simd::Kernels::kAvx2); }
void BM_EngineSse2(benchmark::State& state) { engine_with(state, simd::Kernels::kBaseline); }

double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// Per-record latency percentiles (issue 6: engine p99 <= 100 us) of `one(record)` over the
// corpus, each record timed on its own by the wall clock and by the thread's CPU clock: on a
// shared machine the wall-clock tail is the scheduler's (a preempted record waits a time
// slice), the CPU-clock tail is the code's. `fresh()` runs untimed before each pass over the
// corpus. Percentiles are counters, in microseconds.
template <class Fresh, class One>
void record_latency(benchmark::State& state, const bench::Corpus& c, Fresh&& fresh, One&& one) {
  std::vector<double> wall, cpu;
  wall.reserve(c.records.size() * 4);
  cpu.reserve(c.records.size() * 4);
  for (auto _ : state) {
    state.PauseTiming();
    fresh();
    state.ResumeTiming();
    for (const auto& r : c.records) {
      const double cpu_start = thread_cpu_us();
      const auto start = std::chrono::steady_clock::now();
      one(r.json);
      const auto end = std::chrono::steady_clock::now();
      cpu.push_back(thread_cpu_us() - cpu_start);
      wall.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  auto pct = [](const std::vector<double>& v, double p) {
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
  };
  state.SetItemsProcessed(static_cast<int64_t>(wall.size()));
  state.counters["wall_p50_us"] = pct(wall, 0.50);
  state.counters["wall_p99_us"] = pct(wall, 0.99);
  state.counters["cpu_p50_us"] = pct(cpu, 0.50);
  state.counters["cpu_p99_us"] = pct(cpu, 0.99);
  state.counters["cpu_p999_us"] = pct(cpu, 0.999);
  state.counters["cpu_max_us"] = cpu.back();
}

// Per-record latency of Engine::process on the same corpus as BM_Engine, a fresh engine
// (empty index) per pass.
void BM_EngineLatency(benchmark::State& state) {
  std::unique_ptr<pipeline::Engine> engine;
  record_latency(
      state, engine_corpus(state.range(0)),
      [&] {
        engine.reset();
        engine = std::make_unique<pipeline::Engine>(default_config());
      },
      [&](const std::string& json) {
        const Decision d = engine->process(json, 0);
        benchmark::DoNotOptimize(d);
      });
}

// The latency baseline in the same run: the hash floor's per-record latency, same records.
void BM_HashFloorLatency(benchmark::State& state) {
  bench::HashFloor floor;
  uint64_t shingles = 0, sink = 0;
  record_latency(
      state, engine_corpus(state.range(0)), [] {},
      [&](const std::string& json) {
        const bool ok = floor.process(json, shingles, sink);
        benchmark::DoNotOptimize(ok);
      });
  benchmark::DoNotOptimize(sink);
}

// The baseline: simdjson parse, lowercase, split words, XXH3 every 5-word shingle once. Same
// corpus as BM_Engine, same per-iteration shape.
void BM_HashFloor(benchmark::State& state) {
  const bench::Corpus& c = engine_corpus(state.range(0));
  bench::HashFloor floor;
  uint64_t shingles = 0;
  uint64_t sink = 0;
  for (auto _ : state) {
    for (const auto& r : c.records) {
      const bool ok = floor.process(r.json, shingles, sink);
      benchmark::DoNotOptimize(ok);
    }
  }
  benchmark::DoNotOptimize(sink);
  const auto records = static_cast<int64_t>(c.records.size());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * records);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["shingles_per_doc"] =
      static_cast<double>(shingles) / static_cast<double>(state.iterations() * c.records.size());
}

// The stages at three sizes: a line through them splits each stage's cost per record into a
// fixed part and a part per KB (issue6_figures.sh prints the fit beside the engine's and the
// floor's).
void StageSizes(benchmark::internal::Benchmark* b) {
  for (int64_t s : {2048, 4096, 8192}) b->Arg(s);
  b->ArgName("bytes");
}

// Article sizes for the sweeps (issue 6 plots throughput against article size).
void Sizes(benchmark::internal::Benchmark* b) {
  for (int64_t s : {512, 1024, 2048, 4096, 8192, 16384}) b->Arg(s);
  b->ArgName("bytes");
}

}  // namespace

BENCHMARK(BM_Parse)->Apply(StageSizes);
BENCHMARK(BM_Normalize)->Apply(StageSizes);
BENCHMARK(BM_Fingerprint)->Arg(kDefaultSize)->ArgName("bytes");
BENCHMARK(BM_FingerprintOph)->Apply(StageSizes);
BENCHMARK(BM_Prepare)->Apply(StageSizes);
BENCHMARK(BM_Decide)->Arg(1 << 10)->Arg(1 << 14)->Arg(1 << 17)->ArgName("index");
BENCHMARK(BM_Engine)->Apply(Sizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EngineWarm)->Arg(1 << 17)->ArgName("index")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EngineNoAvx512)->Arg(kDefaultSize)->ArgName("bytes")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EngineSse2)->Arg(kDefaultSize)->ArgName("bytes")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HashFloor)->Apply(Sizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EngineLatency)->Arg(kDefaultSize)->ArgName("bytes")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HashFloorLatency)->Arg(kDefaultSize)->ArgName("bytes")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
