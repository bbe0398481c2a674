// Prepared fingerprints of a generated corpus, and an endless stream of distinct articles made
// from them, for benchmarks of the index and decide stages (time and memory) without paying
// for parse/normalize/fingerprint. Built once per process; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "newsdedup/model/article.h"

namespace newsdedup::bench {

struct FingerprintPool {
  std::vector<Fingerprint> fps;        // valid records of the corpus, in stream order
  std::vector<uint32_t> record_bytes;  // each one's JSON size
};

// The pool of `count` generated records of about `target_bytes` (seed 1, ~30% reposts).
const FingerprintPool& fingerprint_pool(size_t target_bytes = 4096, size_t count = 8192);

// Pass `pass` of the pool as new articles: XOR-ing every MinHash value and the exact hash with
// a per-pass salt keeps equalities (the reposts inside a pass still match their originals)
// while no band key or exact hash of another pass can match. Pass 0 is the pool itself.
void salted(const Fingerprint& in, uint64_t pass, Fingerprint& out);

// Pass after pass over the pool, each pass salted: an endless stream of articles with the
// pool's repost structure.
class SaltedStream {
 public:
  // From pass `first_pass` on (1: articles that share nothing with the pool itself).
  explicit SaltedStream(const FingerprintPool& pool, uint64_t first_pass = 0)
      : pool_(pool), pass_(first_pass) {}
  // Fills the next article's fingerprint, a unique id and its record size.
  void next(Fingerprint& fp, std::string& id, uint32_t& record_bytes);
  uint64_t pass() const { return pass_; }

 private:
  const FingerprintPool& pool_;
  uint64_t pass_ = 0;
  size_t cursor_ = 0;
};

// Resident set size of this process in bytes (from /proc/self/statm; 0 where unavailable).
uint64_t resident_bytes();

}  // namespace newsdedup::bench
