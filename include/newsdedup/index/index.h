// index: the only stateful stage. Holds recent articles' fingerprints: an exact-hash map, LSH
// band tables over the whole-body and lead signatures, event-time TTL and a capacity cap.
// Single-threaded by design (it runs in consumption order so decisions are deterministic);
// callers serialize access.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/index/arena.h"
#include "newsdedup/index/band_table.h"
#include "newsdedup/index/chunked_rows.h"
#include "newsdedup/index/exact_table.h"
#include "newsdedup/model/article.h"

namespace newsdedup::index {

using EntryId = uint32_t;  // compact, reused slot number

// The facts of a stored article the decision reads, named like the Fingerprint fields they
// come from. The signatures are not here: the Index keeps them compact (similarity()).
struct StoredFacts {
  Hash128 exact;
  // Sorted, unique fingerprint::compact_fact() values of the Fingerprint's sets (16 of the 32
  // bits: half the bytes; fingerprint::sorted_overlap compares a Fingerprint's set with them).
  std::span<const uint16_t> numbers;
  std::span<const uint16_t> names;
  uint32_t place = 0;
  uint32_t day = 0;
  uint32_t shingles = 0;
  uint32_t tokens = 0;
  uint32_t numeric_tokens = 0;
};

// What the index keeps per article, as a view: valid until the next insert() or expire().
struct EntryView {
  std::string_view id;       // the article's id
  EntryId root = 0;          // the cluster's canonical entry (itself for canonicals)
  std::string_view root_id;  // the canonical's id (kept even after the root is evicted)
  int64_t event_ms = 0;      // the record's event time
  uint64_t source = 0;       // state::source_key() of the input record that made it (0: unknown)
  StoredFacts fp;            // facts and sizes
  bool live = false;
};
using Entry = EntryView;

struct IndexStats {
  uint64_t entries = 0;
  uint64_t evicted_ttl = 0;
  uint64_t evicted_capacity = 0;
  uint64_t bytes = 0;          // estimated heap bytes held by the index
  uint64_t band_rebuilds = 0;  // band table re-creations (growth, tombstone cleanup)
};

class Index {
 public:
  // `small_band_slots`: see BandTable; tests pass 0 to keep a small index's band table at the
  // load of a large one. `first_band_slots`: the first band table's capacity (tests of growth
  // pass 0, the minimum).
  Index(const config::IndexConfig& config, uint32_t permutations, uint32_t lead_permutations,
        size_t small_band_slots = BandTable::kSmallSlots,
        size_t first_band_slots = BandTable::kFirstSlots);

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
  // insert() of the fingerprint the last candidates() call was given (`fp` must be that one,
  // unchanged): the compact signature and band hashes that call made are reused, not made
  // again. The decider's path for every new article it indexes.
  EntryId insert_queried(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                         std::optional<EntryId> root, std::string_view root_id,
                         uint64_t source = 0);

  // Drops entries whose event time is older than `now_ms - ttl`, and the oldest entries while
  // over capacity.
  void expire(int64_t now_ms);

  // Bulk load (restore): sizes the band table for `articles` live entries (at most
  // max_articles) before they arrive, so it is not re-hashed at every growth step on the way
  // (~40 times up to 1M), and afterwards fit() gives back what an over-estimate left unused.
  void reserve(size_t articles);
  void fit();

  EntryView entry(EntryId e) const;
  // Estimated Jaccard similarity between `fp` and a stored entry (compact signature values).
  double similarity(const Fingerprint& fp, EntryId e) const;
  // The same for the fingerprint of the last candidates() call, from the compact signature
  // that call made: what the decider asks for each candidate it verifies.
  double candidate_similarity(EntryId e) const;
  bool config_index_duplicates() const { return config_.index_duplicates; }
  IndexStats stats() const;
  size_t size() const { return live_count_; }
  // Stream time: the newest event time seen by insert() or expire(); TTL counts back from it.
  int64_t stream_ms() const { return max_event_ms_; }
  double bytes_per_article() const;

 private:
  // One entry's fixed-size part; ids and facts live in `data_`, signatures in `sigs_`/`leads_`.
  struct Record {
    Hash128 exact;
    uint64_t source = 0;
    int64_t event_ms = 0;
    int64_t stream_ms = 0;  // stream time at insertion: the TTL clock (monotonic in insertion)
    ArenaRef data;          // numbers, names, id, root id (when not the id)
    EntryId root = 0;
    uint32_t shingles = 0;
    uint32_t tokens = 0;
    uint32_t numeric_tokens = 0;
    uint32_t place = 0;
    uint32_t n_numbers = 0;
    uint32_t n_names = 0;
    uint32_t id_len = 0;
    uint32_t root_len = 0;
    uint16_t day = 0;  // day * 16 + month <= 511
    uint8_t flags = 0;
  };
  static_assert(sizeof(Record) == 88, "a record's size is part of the memory budget");
  // kInNew: inserted while the band table is being moved (see old_bands_), at or above the
  // move's cursor, so already in the new table.
  static constexpr uint8_t kLive = 1, kBandedSig = 2, kBandedLead = 4, kOwnRoot = 8, kInNew = 16;
  // Entries moved to the new band table per insert while one is being filled: ~640 band
  // inserts (tens of µs) per record instead of one stall re-hashing every band (2.6 s at 1M
  // articles), and the move ends after N/16 inserts, before the inserts made meanwhile fill
  // the new table (load 65% -> ~69%, below the 85% that starts the next move). 8 per insert
  // made decide ~20% slower at 131k articles (two tables probed for longer); 16 is on par.
  static constexpr size_t kMoveStep = 16;
  // Bytes of a new band table made resident, or of a replaced one given back, per insert
  // (see ZeroPages): ~0.1-0.3 ms of page work per record instead of ~100 records of 2-3 ms
  // page faults when a move starts and one ~11 ms unmapping when it ends (1M articles).
  static constexpr size_t kPageStep = size_t{256} << 10;

  // insert() and insert_queried(); `queried`: take the last query's compact signatures and
  // band hashes.
  EntryId add(std::string_view id, const Fingerprint& fp, int64_t event_ms,
              std::optional<EntryId> root, std::string_view root_id, uint64_t source, bool queried);
  void remove(EntryId e);
  // Writes the band hashes of the given compact signatures (nullptr: none) to `out`, body
  // bands first; returns how many are body bands.
  uint32_t hash_bands(const uint8_t* sig, const uint16_t* lead, std::vector<uint64_t>& out) const;
  // Calls f(band hash, is_lead, band number) for each of `hashes` (the first `n_body` body
  // bands). The slots they start at in `table` (and `other`, when given) are prefetched first,
  // so the calls find them on their way from memory.
  template <class F>
  void probe_bands(const std::vector<uint64_t>& hashes, uint32_t n_body, const BandTable& table,
                   F&& f, const BandTable* other = nullptr) const;
  // hash_bands() then probe_bands().
  template <class F>
  void for_each_band(const uint8_t* sig, const uint16_t* lead, const BandTable& table, F&& f,
                     const BandTable* other = nullptr) const;
  size_t band_count(uint8_t flags) const;
  // Re-creates the band table from the stored signatures at once, with room for `extra` more
  // slots and ids below `id_limit` (0: the current entry count); bulk loads only.
  void rebuild_bands(size_t extra, size_t id_limit = 0);
  // The same a few entries at a time (a streaming index must not stall): a new table takes
  // the inserts while move_bands() first makes it resident, kPageStep bytes per insert, then
  // moves kMoveStep entries per insert out of old_bands_, then gives old_bands_'s memory
  // back kPageStep bytes per insert.
  void start_band_move(size_t extra);
  void move_bands(size_t entries);
  bool in_new_bands(EntryId e) const {
    return !old_bands_ || e < move_next_ || (records_[e].flags & kInNew) != 0;
  }
  const uint8_t* sig_of(EntryId e) const { return sigs_.row(e); }
  const uint16_t* lead_of(EntryId e) const { return leads_.row(e); }

  config::IndexConfig config_;
  uint32_t permutations_;
  uint32_t lead_permutations_;
  uint32_t rows_;  // signature rows per band
  uint32_t lead_rows_;
  // Per entry slot: the record and the two compact signatures, in chunks that never move.
  ChunkedRows<Record> records_;
  std::vector<EntryId> free_;  // evicted slots, reused oldest first
  FifoArena data_;
  ExactTable exact_;  // exact hash -> entry
  BandTable bands_;   // band hash -> entries
  // While a band table is being replaced: the old one, holding the entries not moved yet
  // (those at or above move_next_ without kInNew). Lookups ask both.
  std::optional<BandTable> old_bands_;
  EntryId move_next_ = 0;
  std::optional<BandTable> retired_bands_;  // a replaced table while its memory goes back
  size_t live_bands_ = 0;  // band slots of the live entries, whichever table holds them
  // Live entries in insertion order. Both eviction policies take the oldest insertion first
  // (the TTL clock is the stream time at insertion, which never decreases), so one FIFO
  // serves both: no time-ordered tree, no stale slots.
  std::deque<EntryId> order_;
  std::vector<uint32_t> hits_scratch_;
  std::vector<uint16_t> facts_scratch_;
  std::vector<std::pair<uint32_t, EntryId>> counted_scratch_;
  ChunkedRows<uint8_t> sigs_;                  // permutations_ 8-bit values per entry slot
  ChunkedRows<uint16_t> leads_;                // lead_permutations_ 16-bit values per entry slot
  mutable std::vector<uint64_t> band_hashes_;  // for_each_band's scratch, bands + lead bands
  // The last candidates() query: its compact signatures and band hashes (body bands first,
  // query_body_bands_ of them), for insert_queried(); its exact hash to check that
  // insert_queried() is given the same fingerprint.
  Hash128 query_exact_;
  std::vector<uint8_t> query_sig_;
  std::vector<uint16_t> query_lead_;
  std::vector<uint64_t> query_hashes_;
  uint32_t query_body_bands_ = 0;
  size_t live_count_ = 0;
  uint64_t evicted_ttl_ = 0;
  uint64_t evicted_capacity_ = 0;
  uint64_t band_rebuilds_ = 0;
  int64_t max_event_ms_ = 0;
};

}  // namespace newsdedup::index
