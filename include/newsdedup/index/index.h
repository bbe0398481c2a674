// index: the only stateful stage. Holds recent articles' fingerprints: an exact-hash map, LSH
// band tables over the whole-body and lead signatures, event-time TTL and a capacity cap.
// Single-threaded by design (it runs in consumption order so decisions are deterministic);
// callers serialize access.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/index/band_table.h"
#include "newsdedup/model/article.h"

namespace newsdedup::index {

using EntryId = uint32_t;  // compact, reused slot number

// What the index keeps per article.
struct Entry {
  std::string id;        // the article's id
  EntryId root = 0;      // the cluster's canonical entry (itself for canonicals)
  std::string root_id;   // the canonical's id (kept even after the root is evicted)
  int64_t event_ms = 0;  // event time used for TTL
  uint64_t source = 0;   // state::source_key() of the input record that made it (0: unknown)
  uint64_t seq = 0;      // insertion order, for capacity eviction
  Fingerprint fp;        // facts and sizes; the signatures are kept compact by the Index
  bool live = false;
  bool banded_sig = false;  // its signature bands are in the band table
  bool banded_lead = false;
};

struct IndexStats {
  uint64_t entries = 0;
  uint64_t evicted_ttl = 0;
  uint64_t evicted_capacity = 0;
  uint64_t bytes = 0;  // estimated heap bytes held by the index
};

class Index {
 public:
  Index(const config::IndexConfig& config, uint32_t permutations, uint32_t lead_permutations);

  // Live settings (TTL, capacity, candidate cap) can change without rebuilding.
  void update_live(const config::IndexConfig& config);

  std::optional<EntryId> find_exact(const Hash128& h) const;

  // Candidate entries sharing at least one LSH band with `fp`, deduplicated, most band hits
  // first, capped at max_candidates.
  void candidates(const Fingerprint& fp, std::vector<EntryId>& out);

  // Adds an article. `root` is the canonical's entry (nullopt: it is its own root). `root_id`
  // is the canonical's id; with no `root` an empty one means `id` (a canonical), a non-empty
  // one a restored duplicate whose canonical is not in this index.
  EntryId insert(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                 std::optional<EntryId> root, std::string_view root_id, uint64_t source = 0);

  // Drops entries whose event time is older than `now_ms - ttl`, and the oldest entries while
  // over capacity.
  void expire(int64_t now_ms);

  const Entry& entry(EntryId e) const { return entries_[e]; }
  // Estimated Jaccard similarity between `fp` and a stored entry (16-bit signature values).
  double similarity(const Fingerprint& fp, EntryId e) const;
  const uint16_t* signature(EntryId e) const {
    return sigs_.data() + static_cast<size_t>(e) * permutations_;
  }
  bool config_index_duplicates() const { return config_.index_duplicates; }
  IndexStats stats() const;
  size_t size() const { return live_count_; }
  // Stream time: the newest event time seen by insert() or expire(); TTL counts back from it.
  int64_t stream_ms() const { return max_event_ms_; }
  double bytes_per_article() const;

 private:
  void remove(EntryId e);
  static uint32_t band_key(const uint16_t* sig, uint32_t band, uint32_t rows, uint32_t salt);
  // Calls f(band key) for every band of the given compact signatures (nullptr: none).
  void for_each_band(const uint16_t* sig, const uint16_t* lead,
                     const std::function<void(uint32_t)>& f) const;

  config::IndexConfig config_;
  uint32_t permutations_;
  uint32_t lead_permutations_;
  uint32_t rows_;  // signature rows per band
  uint32_t lead_rows_;
  std::vector<Entry> entries_;
  std::vector<EntryId> free_;
  std::unordered_map<uint64_t, EntryId> exact_;                   // low 64 bits of exact hash
  BandTable bands_;                                               // band key -> entries
  std::deque<std::pair<uint64_t, EntryId>> order_;                // (seq, entry) by insertion
  std::multimap<int64_t, std::pair<uint64_t, EntryId>> by_time_;  // event time -> (seq, entry)
  std::vector<uint32_t> hits_scratch_;
  std::vector<uint16_t> sigs_;   // permutations_ compact values per entry slot
  std::vector<uint16_t> leads_;  // lead_permutations_ compact values per entry slot
  std::vector<uint16_t> query_sig_, query_lead_;
  uint64_t next_seq_ = 0;
  size_t live_count_ = 0;
  uint64_t evicted_ttl_ = 0;
  uint64_t evicted_capacity_ = 0;
  int64_t max_event_ms_ = 0;
};

}  // namespace newsdedup::index
