// The types that cross stages: a parsed Article, its Fingerprint and the Decision about it.
// Plain value types; an Article is reused across records by its owner to avoid allocations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "newsdedup/model/result.h"

namespace newsdedup {

// The fields newsdedup reads from a record. The record's original bytes are kept by the caller
// (Kafka message, input line) and travel to the sink untouched; these are decoded copies.
struct Article {
  std::string id;
  std::string title;
  std::string body;
  std::string url;
  std::string source;
  std::string lang;
  std::string published_at;     // as found in the record (RFC 3339 expected)
  int64_t published_at_ms = 0;  // event time, ms since the epoch; 0 when absent or unparsable
};

struct Hash128 {
  uint64_t low = 0;
  uint64_t high = 0;
  friend bool operator==(const Hash128&, const Hash128&) = default;
};

// Everything the index and the decision need about one article; computed by `fingerprint`,
// a pure function of the normalized text and the restart-only fingerprint config.
struct Fingerprint {
  Hash128 exact;                  // XXH3-128 of the normalized body text
  std::vector<uint32_t> minhash;  // whole-body MinHash signature, `permutations` values
  std::vector<uint32_t> lead;     // MinHash of the first shingles only (finds teasers)
  std::vector<uint32_t> numbers;  // sorted, unique hashes of numeric tokens (the "facts")
  std::vector<uint32_t> names;    // sorted, unique hashes of capitalized tokens (proper names)
  uint32_t place = 0;             // hash of the dateline's place ("tokyo"), 0 when none
  uint32_t day = 0;               // dateline day * 16 + month (month 0 when absent), 0 when none
  uint32_t shingles = 0;          // shingle count of the body (by position, repeats included)
  uint32_t tokens = 0;            // token count of the normalized body
  uint32_t numeric_tokens = 0;    // how many of them are figures
};

enum class Verdict : unsigned char { kCanonical, kDuplicate, kInvalid };

// Which rule marked a duplicate.
enum class Rule : unsigned char {
  kNone,       // canonical or invalid
  kExact,      // identical normalized text
  kNear,       // near-duplicate: estimated Jaccard above the threshold, same facts
  kContained,  // a teaser / truncated or shortened copy of an earlier, longer article
  kUpdate,     // a longer version of an earlier article (new paragraphs appended)
};

const char* verdict_name(Verdict v) noexcept;  // "canonical", "duplicate", "invalid"
const char* rule_name(Rule r) noexcept;        // "", "exact", "near", "contained", "update"

struct Decision {
  Verdict verdict = Verdict::kCanonical;
  Rule rule = Rule::kNone;
  double similarity = 0.0;           // estimated similarity to the canonical (1.0 for exact)
  std::string id;                    // the record's id ("" when it could not be parsed)
  std::string canonical_id;          // for duplicates: the root canonical's id
  uint64_t cluster = 0;              // stable cluster id (hash of the root canonical's id)
  ErrorCode error = ErrorCode::kOk;  // for invalid records
  std::string reason;                // for invalid records: the error message
  bool indexed = false;  // the decision inserted an entry into the index (a state update)
  bool replay = false;   // the same input record read again: its first verdict, index unchanged
};

}  // namespace newsdedup
