// The "hash floor" baseline of issue 6: the least work any shingle-based dedup must do. It
// parses a record with simdjson, lowercases the body, splits it into words and XXH3-hashes
// every 5-word shingle once. Not thread-safe (owns a simdjson parser); one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace newsdedup::bench {

class HashFloor {
 public:
  static constexpr size_t kShingleWords = 5;

  HashFloor();
  ~HashFloor();
  HashFloor(const HashFloor&) = delete;
  HashFloor& operator=(const HashFloor&) = delete;

  // Processes one JSON record. Adds the number of shingles hashed to `shingles` and folds
  // their hashes into `sink` (so the work cannot be optimized away). False when the record is
  // not a JSON object with a string "body".
  bool process(std::string_view record, uint64_t& shingles, uint64_t& sink);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdedup::bench
