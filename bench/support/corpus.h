// Generated benchmark corpora, built once per process and cached, so that benchmarks time only
// the stage under test. Not thread-safe: call from benchmark setup (Google Benchmark runs
// benchmark functions one at a time unless ->Threads() is used).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "support/article_generator.h"

namespace newsdedup::bench {

struct Corpus {
  std::vector<GeneratedRecord> records;
  uint64_t bytes = 0;  // sum of the records' JSON sizes
  double mean_bytes() const {
    return records.empty() ? 0.0 : static_cast<double>(bytes) / static_cast<double>(records.size());
  }
};

// `count` records of about `target_bytes` each with `repost_share` reposts (seeded, so every
// run and machine sees the same records).
const Corpus& corpus(size_t target_bytes, size_t count, double repost_share = 0.30,
                     uint64_t seed = 1);

// A record count that keeps a corpus near `budget_bytes` (at least `min_count` records).
size_t count_for(size_t target_bytes, size_t budget_bytes = 32u << 20, size_t min_count = 2048);

}  // namespace newsdedup::bench
