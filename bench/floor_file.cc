// floor_file: the hash floor of issue 6 (support/hash_floor.h: simdjson parse, lowercase, split
// words, XXH3 every 5-word shingle once) over a JSONL file, one record per line, one thread.
// The baseline beside `newsdedup dedup --threads 1` on the same file: both read it line by
// line with std::getline and report records per second of wall-clock time, reading included.
// Usage: floor_file FILE
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "support/hash_floor.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: floor_file FILE (JSONL records)\n");
    return 64;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "floor_file: cannot open %s\n", argv[1]);
    return 66;
  }
  newsdedup::bench::HashFloor floor;
  uint64_t records = 0, bytes = 0, failed = 0, shingles = 0, sink = 0;
  std::string line;
  const auto start = std::chrono::steady_clock::now();
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++records;
    bytes += line.size() + 1;
    if (!floor.process(line, shingles, sink)) ++failed;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // `sink` is printed so the hashing cannot be optimized away.
  std::printf(
      "floor_file: %llu records in %.2f s (%.0f docs/s, %.1f MB/s); %llu shingles, %llu "
      "without a string body; sink %016llx\n",
      static_cast<unsigned long long>(records), seconds,
      seconds > 0 ? static_cast<double>(records) / seconds : 0.0,
      seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0.0,
      static_cast<unsigned long long>(shingles), static_cast<unsigned long long>(failed),
      static_cast<unsigned long long>(sink));
  return 0;
}
