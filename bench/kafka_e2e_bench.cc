// End-to-end Kafka benchmark: the newsdedup daemon (consume -> dedup -> produce with headers,
// at-least-once commits) against a plain consume -> produce copy with no dedup, through the
// same in-process mock cluster on loopback, on the same input records, with the same client
// settings, alternating in one process. Reports records/s, MB/s (input value bytes) and the
// ratio daemon / copy, median of --runs runs each. Not a Google Benchmark suite: each run is
// seconds long and needs a group join, so it keeps its own clock.
//
//   kafka_e2e_bench [--records N] [--runs R] [--words W] [--partitions P]
//                   [--prepare-threads T] [--compare-single 0|1]
//
// The clock of a run starts when its first record is consumed (so the mock cluster's 3 s
// initial group join is not counted) and stops when the last record's output is acknowledged.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "../tests/integration/article_generator.h"
#include "newsdedup/config/config.h"
#include "newsdedup/pipeline/daemon.h"
#include "newsdedup/pipeline/engine.h"
#include "newsdedup/sink/kafka_sink.h"
#include "newsdedup/source/kafka_source.h"
#include "newsdedup/source/mock_cluster.h"

namespace {

using namespace newsdedup;
using Clock = std::chrono::steady_clock;

constexpr const char* kInput = "bench.raw";
constexpr const char* kCopy = "bench.copy";

struct Options {
  size_t records = 15000;
  int runs = 3;
  size_t words = 150;
  uint32_t partitions = 8;     // the mock cluster keeps only ~4 MB per partition
  int prepare_threads = -1;    // DaemonOptions::prepare_threads
  bool compare_single = true;  // also run the daemon with prepare_threads = 0
};

struct RunResult {
  double seconds = 0;
  uint64_t records = 0;
  uint64_t bytes = 0;
  double rps() const { return static_cast<double>(records) / seconds; }
  double mbps() const { return static_cast<double>(bytes) / seconds / 1e6; }
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "kafka_e2e_bench: %s\n", message.c_str());
  std::exit(1);
}

void quiet(int severity, std::string_view message) {
  if (severity <= 3)
    std::fprintf(stderr, "  [kafka] %.*s\n", static_cast<int>(message.size()), message.data());
}

class Counter final : public sink::DeliveryListener {
 public:
  void on_delivery(uint64_t token, const Status& status) override {
    if (!status.ok()) die(status.error().message);
    if (on_done) on_done(token);
    ++delivered;
  }
  std::function<void(uint64_t)> on_done;
  uint64_t delivered = 0;
};

std::map<std::string, std::string> base_properties(const std::string& bootstrap) {
  return {{"bootstrap.servers", bootstrap}};
}

// Produces the input once; every run re-reads it under a new consumer group.
uint64_t produce_input(const std::string& bootstrap,
                       const std::vector<testing::GeneratedRecord>& records) {
  Counter counter;
  sink::SinkOptions o;
  o.properties = base_properties(bootstrap);
  o.properties["linger.ms"] = "20";
  o.listener = &counter;
  o.log = quiet;
  auto sink = sink::KafkaSink::create(o);
  if (!sink.ok()) die(sink.error().message);
  uint64_t bytes = 0;
  for (const auto& r : records) {
    sink::OutRecord out;
    out.topic = kInput;
    out.partition = r.partition;
    out.key = r.key;
    out.has_key = true;
    out.value = r.value;
    bytes += r.value.size();
    while (sink.value()->send(out, 0) == sink::SendResult::kQueueFull) sink.value()->poll(10);
  }
  if (!sink.value()->flush(60000).ok()) die("input not delivered");
  return bytes;
}

// The baseline: consume, produce the same bytes to another topic (no headers, no decision),
// commit every second, with the daemon's in-flight bound.
RunResult run_copy(const std::string& bootstrap, const std::string& group, size_t n,
                   uint32_t max_in_flight) {
  std::vector<source::Message> held;  // zero-copy like the daemon: values live until acked
  std::vector<uint32_t> free_slots;
  size_t in_flight = 0;
  Counter counter;
  counter.on_done = [&](uint64_t token) {
    held[token].reset();
    free_slots.push_back(static_cast<uint32_t>(token));
    --in_flight;
  };
  source::SourceOptions so;
  so.properties = base_properties(bootstrap);
  so.properties["group.id"] = group;
  so.topics = {kInput};
  so.log = quiet;
  auto source = source::KafkaSource::create(so);
  if (!source.ok()) die(source.error().message);
  sink::SinkOptions sk;
  sk.properties = base_properties(bootstrap);
  sk.listener = &counter;
  sk.log = quiet;
  auto sink = sink::KafkaSink::create(sk);
  if (!sink.ok()) die(sink.error().message);

  RunResult result;
  Clock::time_point t0{};
  auto next_commit = Clock::now() + std::chrono::seconds(1);
  std::vector<source::Message> batch;
  std::map<std::pair<std::string, int32_t>, int64_t> positions;
  while (counter.delivered < n) {
    sink.value()->poll(0);
    if (in_flight >= max_in_flight) {
      sink.value()->poll(10);
      continue;
    }
    batch.clear();
    if (!source.value()->poll(100, std::min<size_t>(512, max_in_flight - in_flight), batch).ok()) {
      die("copy: consumer failed");
    }
    if (!batch.empty() && result.records == 0) t0 = Clock::now();
    for (auto& m : batch) {
      ++result.records;
      result.bytes += m.value().size();
      positions[{std::string(m.topic()), m.partition()}] = m.offset() + 1;
      uint32_t slot;
      if (!free_slots.empty()) {
        slot = free_slots.back();
        free_slots.pop_back();
      } else {
        slot = static_cast<uint32_t>(held.size());
        held.emplace_back();
      }
      held[slot] = std::move(m);
      sink::OutRecord out;
      out.topic = kCopy;
      out.key = held[slot].key();
      out.has_key = held[slot].has_key();
      out.value = held[slot].value();
      ++in_flight;
      while (sink.value()->send(out, slot) == sink::SendResult::kQueueFull) sink.value()->poll(10);
    }
    if (Clock::now() >= next_commit) {
      // Positions of consumed records: a plain copy tool commits without tracking acks.
      std::vector<source::TopicPartitionOffset> offsets;
      for (const auto& [tp, off] : positions) offsets.push_back({tp.first, tp.second, off});
      (void)source.value()->commit(offsets, true);
      next_commit = Clock::now() + std::chrono::seconds(1);
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  (void)source.value()->close();
  return result;
}

RunResult run_daemon(const std::string& bootstrap, const std::string& group, size_t n,
                     int prepare_threads) {
  auto cfg = std::make_shared<config::Config>(config::default_config());
  cfg->kafka.brokers = bootstrap;
  cfg->kafka.group_id = group;
  cfg->kafka.topics.input = {kInput};
  cfg->metrics.listen = "";
  pipeline::DaemonOptions options;
  options.config = cfg;
  options.log = quiet;
  options.prepare_threads = prepare_threads;
  auto daemon = pipeline::Daemon::create(options);
  if (!daemon.ok()) die(daemon.error().message);
  std::atomic<bool> stop{false};
  Status status;
  std::thread runner([&] { status = daemon.value()->run([&] { return stop.load(); }); });
  const pipeline::DaemonStats& stats = daemon.value()->stats();
  while (stats.in.load() == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
  const auto t0 = Clock::now();
  while (stats.completed.load() < n) std::this_thread::sleep_for(std::chrono::microseconds(200));
  RunResult result;
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  result.records = stats.in.load();
  result.bytes = stats.in_bytes.load();
  stop = true;
  runner.join();
  if (!status.ok()) die(status.error().message);
  std::fprintf(stderr, "  daemon: canonical=%llu duplicate=%llu invalid=%llu\n",
               static_cast<unsigned long long>(stats.canonical.load()),
               static_cast<unsigned long long>(stats.duplicate.load()),
               static_cast<unsigned long long>(stats.invalid.load()));
  return result;
}

// The engine alone on the same records, in memory (the daemon's ceiling on one thread), split
// into the pure part (Preparer: parse, normalize, fingerprint) and the ordered part (decide).
struct EngineResult {
  RunResult total;
  double prepare_seconds = 0;
  double decide_seconds = 0;
};
EngineResult run_engine(const std::vector<testing::GeneratedRecord>& records) {
  auto cfg = std::make_shared<const config::Config>(config::default_config());
  pipeline::Preparer preparer(cfg);
  pipeline::Engine engine(cfg);
  std::vector<pipeline::Prepared> prepared(records.size());
  EngineResult result;
  const auto t0 = Clock::now();
  for (size_t i = 0; i < records.size(); ++i) {
    preparer.prepare(records[i].value, 0, prepared[i]);
    result.total.bytes += records[i].value.size();
  }
  const auto t1 = Clock::now();
  for (auto& p : prepared) {
    (void)engine.decide(p);
    ++result.total.records;
  }
  const auto t2 = Clock::now();
  result.prepare_seconds = std::chrono::duration<double>(t1 - t0).count();
  result.decide_seconds = std::chrono::duration<double>(t2 - t1).count();
  result.total.seconds = result.prepare_seconds + result.decide_seconds;
  return result;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const unsigned long v = std::strtoul(argv[i + 1], nullptr, 10);
    if (a == "--records")
      opt.records = v;
    else if (a == "--runs")
      opt.runs = static_cast<int>(v);
    else if (a == "--words")
      opt.words = v;
    else if (a == "--partitions")
      opt.partitions = static_cast<uint32_t>(v);
    else
      die("unknown option " + a);
  }

  auto cluster = source::MockCluster::start(1);
  if (!cluster.ok()) die(cluster.error().message);
  for (const char* t :
       {kInput, kCopy, "articles.canonical", "articles.duplicates", "articles.dlq"}) {
    if (!cluster.value()->create_topic(t, opt.partitions).ok()) die("create topic");
  }
  const std::string bootstrap = cluster.value()->bootstrap();

  // ~20% exact reposts, like a wire feed with syndication.
  testing::ArticleGenerator gen(42);
  const auto records =
      gen.stream(opt.records * 4 / 5, static_cast<int32_t>(opt.partitions), 4, opt.words);
  const uint64_t bytes = produce_input(bootstrap, records);
  std::printf("input: %zu records, %.1f MB (%.0f B/record avg), %u partitions, mock cluster %s\n",
              records.size(), static_cast<double>(bytes) / 1e6,
              static_cast<double>(bytes) / static_cast<double>(records.size()), opt.partitions,
              bootstrap.c_str());

  const uint32_t max_in_flight = config::default_config().kafka.max_in_flight;
  std::vector<double> copy_rps, copy_mbps, daemon_rps, daemon_mbps, engine_rps, single_rps;
  for (int run = 0; run < opt.runs; ++run) {
    const EngineResult e = run_engine(records);
    std::printf(
        "run %d engine: %8.0f records/s %7.1f MB/s  (in memory, no Kafka; prepare %.0f%%)\n", run,
        e.total.rps(), e.total.mbps(), 100.0 * e.prepare_seconds / e.total.seconds);
    engine_rps.push_back(e.total.rps());
    const RunResult c =
        run_copy(bootstrap, "bench-copy-" + std::to_string(run), records.size(), max_in_flight);
    std::printf("run %d copy:   %8.0f records/s %7.1f MB/s  (%llu records in %.3f s)\n", run,
                c.rps(), c.mbps(), static_cast<unsigned long long>(c.records), c.seconds);
    const RunResult d = run_daemon(bootstrap, "bench-daemon-" + std::to_string(run), records.size(),
                                   opt.prepare_threads);
    std::printf("run %d daemon: %8.0f records/s %7.1f MB/s  (%llu records in %.3f s)\n", run,
                d.rps(), d.mbps(), static_cast<unsigned long long>(d.records), d.seconds);
    if (opt.compare_single) {
      const RunResult d1 =
          run_daemon(bootstrap, "bench-daemon1-" + std::to_string(run), records.size(), 0);
      std::printf("run %d daemon, prepare on the loop thread only: %8.0f records/s %7.1f MB/s\n",
                  run, d1.rps(), d1.mbps());
      single_rps.push_back(d1.rps());
    }
    std::fflush(stdout);
    copy_rps.push_back(c.rps());
    copy_mbps.push_back(c.mbps());
    daemon_rps.push_back(d.rps());
    daemon_mbps.push_back(d.mbps());
  }
  std::printf("median copy:   %8.0f records/s %7.1f MB/s\n", median(copy_rps), median(copy_mbps));
  std::printf("median daemon: %8.0f records/s %7.1f MB/s\n", median(daemon_rps),
              median(daemon_mbps));
  std::printf("median engine: %8.0f records/s (in memory, one thread)\n", median(engine_rps));
  if (!single_rps.empty()) {
    std::printf("median daemon, prepare on the loop thread only: %8.0f records/s\n",
                median(single_rps));
  }
  std::printf("ratio daemon/copy: %.2f\n", median(daemon_rps) / median(copy_rps));
  return 0;
}
