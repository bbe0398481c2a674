// state_bench: how long a restarted daemon takes to restore its index from the state topic
// (issue 5). Builds the topic the way the daemon does (Engine::decide with source keys,
// state::encode of every update) until it holds N indexed articles, then times, median of R
// runs each:
//   decode             state::decode of every record into one reused StateRecord (baseline);
//   decode+restore     decode + Engine::restore of every record into a fresh Engine: the
//                      restart path (engine teardown not timed);
//   restore (decoded)  Engine::restore of records decoded beforehand;
//   insert (decoded)   plain Index::insert of the same records: the index's share, without
//                      restore's known/TTL checks.
// Wall and CPU seconds are both reported: on a shared machine CPU time is the steadier figure.
// Articles: the fingerprints of 8192 generated ~4 KB records (bench/support/fingerprint_pool,
// seed 1, ~30% reposts), salted pass after pass (SaltedStream) into distinct articles with the
// pool's repost structure; event times 100 ms apart (1M records span 28 h, inside the TTL).
//   cmake --build build/<dir> --target state_bench
//   build/<dir>/bench/state_bench [indexed_articles=1000000] [runs=5]
// Measured 2026-11-28 (RelWithDebInfo, index of 60a1e6b, 2 cores shared by a loaded machine, so
// CPU seconds; wall was 3-4x): 1M records of 797 bytes; decode 0.11 s (9.0M/s); decode+restore
// 8.9 s (113k records/s, 80x decode); plain Index::insert of decoded records 12.0 s (its input,
// 1 GB of decoded records, is colder than the topic). Two thirds of restore is the index's
// band-table inserts (40 random probes into ~320 MB) and its growth (rehash, page faults).
// With the index of d6fd353 (4-byte band slots rebuilt from the signatures) the same run gives
// decode+restore 28.3 s CPU (median of 5, 35k records/s), plain insert 29.6 s (one run): perf
// puts 43% of a 150k run in Index::rebuild_bands (the band table's growth). Hence the daemon's
// path, Engine::reserve_restore (band table sized once from the topic's record count):
// measured at 916db38 (Release, load ~1, median of 3, `state_bench 1000000 3`): 1M records,
// decode 0.13 s; grown decode+restore 32.4 s CPU (31k/s); reserved 9.8 s CPU (102k records/s,
// 0.30x the grown path).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/index/index.h"
#include "newsdedup/pipeline/engine.h"
#include "newsdedup/state/state.h"
#include "support/fingerprint_pool.h"

namespace {

using newsdedup::Decision;
using newsdedup::Verdict;
using newsdedup::pipeline::Engine;
using newsdedup::state::Applied;
using newsdedup::state::StateRecord;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Wall and CPU time of one timed section.
struct Timer {
  Clock::time_point wall = Clock::now();
  std::clock_t cpu = std::clock();
  void stop(std::vector<double>& wall_s, std::vector<double>& cpu_s) const {
    wall_s.push_back(seconds_since(wall));
    cpu_s.push_back(static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The encoded topic: records back to back, as a consumer batch hands them over.
struct Topic {
  std::string bytes;
  std::vector<size_t> ends;
  std::string_view at(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
  size_t size() const { return ends.size(); }
};

}  // namespace

int main(int argc, char** argv) {
  const size_t target = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const auto config =
      std::make_shared<const newsdedup::config::Config>(newsdedup::config::default_config());

  auto t0 = Clock::now();
  const newsdedup::bench::FingerprintPool& pool = newsdedup::bench::fingerprint_pool();
  std::printf("pool: %zu fingerprints of generated ~4 KB records in %.1f s\n", pool.fps.size(),
              seconds_since(t0));

  // The daemon's write path: decide with a source key, encode every index update.
  Topic topic;
  size_t decided = 0, duplicates = 0, index_size = 0;
  double decide_s = 0;
  {
    Engine engine(config);
    newsdedup::bench::SaltedStream stream(pool);
    newsdedup::pipeline::Prepared prepared;
    StateRecord update;
    uint32_t record_bytes = 0;
    int64_t event_ms = 1772431200000;
    topic.ends.reserve(target);
    t0 = Clock::now();
    while (topic.size() < target) {
      stream.next(prepared.fingerprint, prepared.article.id, record_bytes);
      prepared.event_ms = event_ms;
      event_ms += 100;
      const Decision d = engine.decide(
          prepared, nullptr,
          newsdedup::state::source_key("articles", 0, static_cast<int64_t>(decided)), &update);
      ++decided;
      duplicates += d.verdict == Verdict::kDuplicate;
      if (d.indexed) {
        newsdedup::state::encode(update, topic.bytes);
        topic.ends.push_back(topic.bytes.size());
      }
    }
    decide_s = seconds_since(t0);
    index_size = engine.decider().index().size();
  }
  const size_t n = topic.size();
  std::printf(
      "topic: %zu records decided (%zu duplicates) in %.2f s (%.0f records/s, decide+encode), "
      "%zu indexed -> %zu state records, index %zu entries\n",
      decided, duplicates, decide_s, static_cast<double>(decided) / decide_s, n, n, index_size);
  std::printf("encoded: %zu bytes, %.1f bytes/record\n", topic.bytes.size(),
              static_cast<double>(topic.bytes.size()) / static_cast<double>(n));

  std::vector<double> decode_s, decode_cpu, restore_s, restore_cpu, decoded_s, decoded_cpu,
      insert_s, insert_cpu, reserved_s, reserved_cpu;
  size_t inserted = 0, other = 0, restored_size = 0;
  for (int run = 0; run < runs; ++run) {
    StateRecord r;
    size_t ok = 0;
    const Timer decode_timer;
    for (size_t i = 0; i < n; ++i) ok += newsdedup::state::decode(topic.at(i), r).ok();
    decode_timer.stop(decode_s, decode_cpu);
    if (ok != n) {
      std::fprintf(stderr, "decode failed for %zu records\n", n - ok);
      return 1;
    }

    auto engine = std::make_unique<Engine>(config);
    inserted = other = 0;
    const Timer restore_timer;
    for (size_t i = 0; i < n; ++i) {
      if (!newsdedup::state::decode(topic.at(i), r).ok()) return 1;
      if (engine->restore(r) == Applied::kInserted) {
        ++inserted;
      } else {
        ++other;
      }
    }
    restore_timer.stop(restore_s, restore_cpu);
    restored_size = engine->decider().index().size();
    engine.reset();

    // The daemon's path: the index sized for the topic's record count first.
    engine = std::make_unique<Engine>(config);
    const Timer reserved_timer;
    engine->reserve_restore(n);
    for (size_t i = 0; i < n; ++i) {
      if (!newsdedup::state::decode(topic.at(i), r).ok()) return 1;
      (void)engine->restore(r);
    }
    engine->restored();
    reserved_timer.stop(reserved_s, reserved_cpu);
    if (engine->decider().index().size() != restored_size) {
      std::fprintf(stderr, "reserved restore: %zu entries, not %zu\n",
                   engine->decider().index().size(), restored_size);
      return 1;
    }
    engine.reset();
    std::printf(
        "run %d: decode %.3f s (cpu %.3f), decode+restore %.3f s (cpu %.3f), reserved %.3f s "
        "(cpu %.3f)\n",
        run + 1, decode_s.back(), decode_cpu.back(), restore_s.back(), restore_cpu.back(),
        reserved_s.back(), reserved_cpu.back());
  }
  {
    std::vector<StateRecord> decoded(n);
    for (size_t i = 0; i < n; ++i) {
      if (!newsdedup::state::decode(topic.at(i), decoded[i]).ok()) return 1;
    }
    for (int run = 0; run < runs; ++run) {
      auto engine = std::make_unique<Engine>(config);
      const Timer restore_timer;
      for (const auto& r : decoded) (void)engine->restore(r);
      restore_timer.stop(decoded_s, decoded_cpu);
      engine.reset();

      auto index = std::make_unique<newsdedup::index::Index>(
          config->index, config->fingerprint.permutations, config->fingerprint.lead_permutations);
      const Timer insert_timer;
      for (const auto& r : decoded) {
        (void)index->insert(r.id, r.fp, r.event_ms, std::nullopt, r.root_id, r.source);
      }
      insert_timer.stop(insert_s, insert_cpu);
      index.reset();
      std::printf(
          "run %d: restore (decoded) %.3f s (cpu %.3f), insert (decoded) %.3f s (cpu %.3f)\n",
          run + 1, decoded_s.back(), decoded_cpu.back(), insert_s.back(), insert_cpu.back());
    }
  }

  const double nd = static_cast<double>(n);
  const double dec = median(decode_s), res = median(restore_s), rd = median(decoded_s),
               ins = median(insert_s);
  const double dec_cpu = median(decode_cpu), res_cpu = median(restore_cpu),
               rd_cpu = median(decoded_cpu), ins_cpu = median(insert_cpu);
  std::printf("restored: %zu inserted, %zu not (expected 0), index %zu entries (original %zu)\n",
              inserted, other, restored_size, index_size);
  std::printf("median of %d runs, %zu records: wall s, records/s | cpu s, records/s\n", runs, n);
  auto line = [&](const char* name, double wall, double cpu, const char* note) {
    std::printf("  %-18s %7.3f s %10.0f/s | %7.3f s %10.0f/s  %s\n", name, wall, nd / wall, cpu,
                nd / cpu, note);
  };
  line("decode", dec, dec_cpu, "(baseline)");
  line("decode+restore", res, res_cpu, "(index grown on the way)");
  line("reserved restore", median(reserved_s), median(reserved_cpu),
       "(the daemon's path: Engine::reserve_restore first)");
  line("restore (decoded)", rd, rd_cpu, "");
  line("insert (decoded)", ins, ins_cpu, "(plain Index::insert)");
  std::printf(
      "  decode+restore / decode: %.1fx cpu; restore / plain insert: %.2fx cpu; reserved / "
      "grown: %.2fx cpu\n",
      res_cpu / dec_cpu, rd_cpu / ins_cpu, median(reserved_cpu) / res_cpu);
  std::printf("  decide+encode (write path, one run): %.3f s, %.0f records/s\n", decide_s,
              static_cast<double>(decided) / decide_s);
  return inserted == n && restored_size == index_size ? 0 : 1;
}
