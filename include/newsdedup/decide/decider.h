// decide: compares a fingerprint with its index candidates and applies the rules (exact, near,
// contained, update, template-negative guard), then records the article in the index.
// Single-threaded, like the index it owns. Thresholds are live (set_config).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/index/index.h"
#include "newsdedup/model/article.h"
#include "newsdedup/state/state.h"

namespace newsdedup::decide {

// Explains a decision (for metrics): how many candidates were verified and the best score
// that did not make it.
struct DecisionTrace {
  uint32_t candidates = 0;
  double best_rejected = 0.0;  // highest similarity among rejected candidates
  bool near_miss = false;      // best_rejected within near_miss_margin of its threshold
  bool fact_mismatch = false;  // a candidate was similar enough but its facts differed
  // The chosen (or, for canonicals, the closest fact-rejected) candidate's fact agreement.
  double number_overlap = -1.0;
  double name_overlap = -1.0;
};

class Decider {
 public:
  Decider(const config::DecideConfig& decide, const config::IndexConfig& index,
          const config::FingerprintConfig& fingerprint);

  void set_config(const config::DecideConfig& decide, const config::IndexConfig& index);

  // Decides about one valid article and updates the index (Decision::indexed when it added an
  // entry). `event_ms` drives TTL. `source` (state::source_key, 0: unknown) is kept with the
  // entry; a record whose source and id equal those of an indexed entry it matches (its exact
  // hash, or an LSH candidate) is the same input record read again (a replay after a restart): it
  // gets the verdict of its first reading (Decision::replay) and the index is left as it is. With
  // source 0 decisions are exactly as without state.
  Decision decide(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                  DecisionTrace* trace = nullptr, uint64_t source = 0);

  // Adds an entry made elsewhere (a restored or peer state record) as its original insert did:
  // the cluster by `root_id`, TTL by `event_ms` against this index's stream time. kKnown when
  // an entry with this id and source is there already; kExpired when it is older than the TTL.
  // The caller checks fingerprint compatibility (Engine::restore).
  state::Applied restore(std::string_view id, std::string_view root_id, const Fingerprint& fp,
                         int64_t event_ms, uint64_t source);

  const index::Index& index() const { return index_; }
  // Bulk restore: see Index::reserve / Index::fit.
  void reserve(size_t articles) { index_.reserve(articles); }
  void fit() { index_.fit(); }

 private:
  bool enabled(Rule r) const;
  // The live entry made by input record `source` with this id, if any: the exact map slot of
  // its text first, then (a text shared by several entries) the LSH candidates.
  std::optional<index::EntryId> find_record(std::string_view id, const Fingerprint& fp,
                                            uint64_t source);
  bool same_record(index::EntryId e, std::string_view id, uint64_t source) const;
  // The verdict entry `e` got when it was inserted.
  Decision replayed(index::EntryId e, Decision d) const;

  config::DecideConfig config_;
  uint32_t rules_;  // bit per enabled Rule
  int64_t ttl_ms_;
  index::Index index_;
  std::vector<index::EntryId> candidates_;
};

}  // namespace newsdedup::decide
