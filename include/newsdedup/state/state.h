// state: the durable form of the index. Every index update made by Engine::decide is one
// StateRecord; the daemon writes them, encoded, to a compacted Kafka topic keyed by article id
// and replays them into a fresh Engine on start (restore) and from peers (scale-out). Pure
// value types and functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "newsdedup/config/config.h"
#include "newsdedup/model/article.h"
#include "newsdedup/model/result.h"

namespace newsdedup::state {

// Bumped whenever the encoding changes; decode() refuses other versions (kConfig error), so a
// daemon never restores fingerprints it cannot compare with its own.
inline constexpr uint8_t kStateFormatVersion = 1;

// One index entry as it was inserted.
struct StateRecord {
  std::string id;       // the article's id (the Kafka key of the state record)
  std::string root_id;  // its cluster's canonical id; == id for a canonical
  // Event time the index used for TTL: the stream time when the entry was inserted (the newest
  // event time so far, a late record counts from its arrival), so a restored entry expires
  // when the original would have.
  int64_t event_ms = 0;
  uint64_t source = 0;          // source_key() of the input record that made it (0: unknown)
  uint64_t fingerprint_id = 0;  // fingerprint_config_id() of the config that computed `fp`:
                                // restore skips records of another config/version (they are not
                                // comparable)
  Fingerprint fp;               // as computed by fingerprint; a pure function of the article
  bool operator==(const StateRecord& o) const;
};

// What restoring one record did (Engine::restore).
enum class Applied : unsigned char {
  kInserted,      // added to the index
  kKnown,         // an entry with the same id and source is there already (e.g. our own update
                  // read back from the shared state topic, or a record restored twice)
  kExpired,       // older than the TTL against the index's stream time: not added
  kIncompatible,  // made with another fingerprint config or version: not added
};
// "inserted", "known", "expired", "incompatible" (metric labels).
const char* applied_name(Applied a) noexcept;

// Identifies an input record by position ("topic/partition/offset" hashed to 64 bits). A record
// read again after a restart has the same key as before, which tells a replay (same record:
// repeat its first decision) from a repost (new record with the same text: a duplicate).
uint64_t source_key(std::string_view topic, int32_t partition, int64_t offset) noexcept;

// A hash of every fingerprint config key and fingerprint::kFingerprintVersion: two daemons
// whose fingerprints can be compared have the same id. Never 0.
uint64_t fingerprint_config_id(const config::FingerprintConfig& config);

// Appends the binary encoding of `r` to `out` (little-endian, versioned, varint lists).
void encode(const StateRecord& r, std::string& out);
// Decodes one encoded record (exactly `bytes`, nothing after it) into `out`, reusing its
// buffers. Truncated or corrupt bytes are a kIo error, another version a kConfig error; on an
// error `out` holds a partial record.
Status decode(std::string_view bytes, StateRecord& out);

}  // namespace newsdedup::state
