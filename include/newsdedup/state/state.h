// state: the durable form of the index. Every index update made by Engine::decide is one
// StateRecord; the daemon writes them, encoded, to a compacted Kafka topic keyed by article id
// and replays them into a fresh Engine on start (restore) and from peers (scale-out). Pure
// value types and functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "newsdedup/model/article.h"
#include "newsdedup/model/result.h"

namespace newsdedup::state {

// Bumped whenever the encoding changes; decode() refuses other versions (kConfig error), so a
// daemon never restores fingerprints it cannot compare with its own.
inline constexpr uint8_t kStateFormatVersion = 1;

// One index entry as it was inserted.
struct StateRecord {
  std::string id;        // the article's id (the Kafka key of the state record)
  std::string root_id;   // its cluster's canonical id; == id for a canonical
  int64_t event_ms = 0;  // event time the index used for TTL
  uint64_t source = 0;   // source_key() of the input record that made it (0: unknown)
  Fingerprint fp;        // as computed by fingerprint; a pure function of the article
};

// Identifies an input record by position ("topic/partition/offset" hashed to 64 bits). A record
// read again after a restart has the same key as before, which tells a replay (same record:
// repeat its first decision) from a repost (new record with the same text: a duplicate).
uint64_t source_key(std::string_view topic, int32_t partition, int64_t offset) noexcept;

// Appends the binary encoding of `r` to `out` (little-endian, versioned, varint lists).
void encode(const StateRecord& r, std::string& out);
// Decodes one encoded record. Truncated or corrupt bytes and other versions are errors.
Status decode(std::string_view bytes, StateRecord& out);

}  // namespace newsdedup::state
