// fingerprint: exact hash, word shingles and MinHash signatures of normalized text (XXH3).
// Pure and deterministic across runs and machines (golden tests pin the values); immutable
// after construction and safe to share across threads.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/model/article.h"
#include "newsdedup/normalize/normalizer.h"

namespace newsdedup::fingerprint {

// Version of the fingerprint format under the default config. Bumped on every deliberate
// change of the values (golden tests pin them); a stored index of another version is rebuilt.
// 1: k-permutation MinHash. 2: one-permutation MinHash with optimal densification.
inline constexpr int kFingerprintVersion = 2;

class Fingerprinter {
 public:
  explicit Fingerprinter(const config::FingerprintConfig& config);

  // Fills `out` (reusing its buffers) from normalized text.
  void compute(const normalize::NormalizedText& text, Fingerprint& out) const;

  const config::FingerprintConfig& config() const { return config_; }

 private:
  config::FingerprintConfig config_;
  bool one_permutation_;
  std::vector<uint32_t> seeds_;       // one per permutation
  std::vector<uint32_t> lead_seeds_;  // one per lead permutation
};

// A stable 64-bit hash of a string (XXH3), e.g. cluster ids derived from article ids.
uint64_t stable_hash(std::string_view s);

// Estimated Jaccard similarity: the share of equal positions of two signatures.
double signature_similarity(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// Number of common elements of two sorted, unique sets.
size_t intersection_size(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// Share of the smaller sorted set's elements that are present in the other (1.0 when the
// smaller set is empty).
double sorted_overlap(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);
// The same over spans (the index keeps facts in an arena, not in vectors).
double sorted_span_overlap(std::span<const uint32_t> a, std::span<const uint32_t> b);

// A fact hash as the index stores it: its high 16 bits. Monotone, so a sorted set stays sorted
// (duplicates dropped); two different facts of two articles collide once in 65,536.
inline uint16_t compact_fact(uint32_t v) { return static_cast<uint16_t>(v >> 16); }
// sorted_overlap of `a` compacted (compact_fact, duplicates dropped) and a compacted set `b`.
double sorted_compact_overlap(const std::vector<uint32_t>& a, std::span<const uint16_t> b);

// sorted_overlap(vector, stored set) for the decision against an index entry; a template so
// that braced lists still pick the vector overload.
template <class Span>
requires std::same_as<Span, std::span<const uint16_t>>
double sorted_overlap(const std::vector<uint32_t>& a, Span b) {
  return sorted_compact_overlap(a, b);
}

}  // namespace newsdedup::fingerprint
