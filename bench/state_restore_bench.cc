// Restore time of the durable index (issue 5): N index updates, made by Engine::decide on
// generated articles, are written to a state topic on the in-process mock cluster; the
// benchmark then reads the topic back the way `newsdedup run` does at start (StateReader from
// the beginning to EOF, read_committed, decode, Engine::restore into a fresh engine) and reports
// records/s and the wall time. The writing side is setup, outside the timing.
//   state_restore_bench --benchmark_filter=Restore/1000000
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "newsdedup/config/config.h"
#include "newsdedup/pipeline/engine.h"
#include "newsdedup/sink/kafka_sink.h"
#include "newsdedup/source/mock_cluster.h"
#include "newsdedup/source/state_reader.h"
#include "newsdedup/state/state.h"
#include "support/article_generator.h"

namespace {

using newsdedup::Status;
namespace nd = newsdedup;

// The mock cluster keeps at most 5 MB per partition: spread ~1 KB records widely.
constexpr uint32_t kPartitions = 512;
constexpr const char* kTopic = "articles.state";

std::shared_ptr<const nd::config::Config> bench_config() {
  auto c = std::make_shared<nd::config::Config>(nd::config::default_config());
  c->index.ttl_seconds = 30 * 24 * 3600;  // nothing expires: every record is restored
  c->index.max_articles = 4'000'000;
  return c;
}

class Acks : public nd::sink::DeliveryListener {
 public:
  void on_delivery(uint64_t, const Status& status) override {
    ++done;
    if (!status.ok()) ++failed;
  }
  uint64_t done = 0, failed = 0;
};

// Writes `n` state records (index updates of generated articles); returns their bytes.
uint64_t write_state(const std::string& bootstrap, size_t n,
                     const std::shared_ptr<const nd::config::Config>& config) {
  Acks acks;
  nd::sink::SinkOptions so;
  so.properties = {{"bootstrap.servers", bootstrap},
                   {"linger.ms", "50"},
                   {"batch.num.messages", "10000"},
                   {"queue.buffering.max.messages", "1000000"}};
  so.listener = &acks;
  auto sink = nd::sink::KafkaSink::create(std::move(so));
  if (!sink.ok()) std::abort();
  nd::bench::GeneratorOptions go;
  go.seed = 5;
  go.target_bytes = 1500;
  go.mean_gap_ms = 100;
  nd::bench::ArticleGenerator gen(go);
  nd::pipeline::Engine engine(config);
  nd::pipeline::Preparer preparer(config);
  nd::pipeline::Prepared p;
  nd::bench::GeneratedRecord rec;
  std::string value;
  uint64_t bytes = 0;
  size_t written = 0;
  for (int64_t offset = 0; written < n; ++offset) {
    gen.next(rec);
    nd::state::StateRecord update;
    preparer.prepare(rec.json, 0, p);
    const nd::Decision d =
        engine.decide(p, nullptr, nd::state::source_key("articles.raw", 0, offset), &update);
    if (!d.indexed) continue;
    value.clear();
    nd::state::encode(update, value);
    bytes += value.size();
    nd::sink::OutRecord out;
    out.topic = kTopic;
    out.key = update.id;
    out.has_key = true;
    out.value = value;
    out.copy = true;
    while ((*sink)->send(out, written) == nd::sink::SendResult::kQueueFull) (*sink)->poll(10);
    ++written;
    (*sink)->poll(0);
  }
  if (!(*sink)->flush(120000).ok() || acks.failed != 0) std::abort();
  return bytes;
}

void Restore(benchmark::State& st) {
  const auto n = static_cast<size_t>(st.range(0));
  auto cluster = nd::source::MockCluster::start(1);
  if (!cluster.ok() || !(*cluster)->create_topic(kTopic, kPartitions).ok()) {
    st.SkipWithError("mock cluster");
    return;
  }
  const auto config = bench_config();
  const uint64_t bytes = write_state((*cluster)->bootstrap(), n, config);
  for (auto _ : st) {
    const auto t0 = std::chrono::steady_clock::now();
    nd::pipeline::Engine engine(config);
    nd::source::StateReaderOptions ro;
    ro.properties = {{"bootstrap.servers", (*cluster)->bootstrap()}, {"group.id", "bench"}};
    ro.topic = kTopic;
    auto reader = nd::source::StateReader::create(std::move(ro));
    if (!reader.ok() || !(*reader)->start().ok()) {
      st.SkipWithError("state reader");
      return;
    }
    size_t inserted = 0, other = 0;
    while (!(*reader)->caught_up()) {
      auto got = (*reader)->poll(100, 4096, [&](const nd::source::StateMessage& m) {
        nd::state::StateRecord r;
        if (nd::state::decode(m.value, r).ok() &&
            engine.restore(r) == nd::state::Applied::kInserted) {
          ++inserted;
        } else {
          ++other;
        }
      });
      if (!got.ok()) {
        st.SkipWithError("poll");
        return;
      }
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    st.SetIterationTime(s);
    st.counters["inserted"] = static_cast<double>(inserted);
    st.counters["not_inserted"] = static_cast<double>(other);
    std::fprintf(stderr, "restore: %zu inserted, %zu other, %.1f MB of state in %.2f s\n", inserted,
                 other, static_cast<double>(bytes) / 1e6, s);
  }
  st.SetItemsProcessed(static_cast<int64_t>(n) * st.iterations());
  st.SetBytesProcessed(static_cast<int64_t>(bytes) * st.iterations());
}
BENCHMARK(Restore)->Arg(100'000)->Arg(1'000'000)->Iterations(1)->UseManualTime()->Unit(
    benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
