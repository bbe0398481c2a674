// decide: compares a fingerprint with its index candidates and applies the rules (exact, near,
// contained, update, template-negative guard), then records the article in the index.
// Single-threaded, like the index it owns. Thresholds are live (set_config).
#pragma once

#include <cstdint>
#include <string_view>

#include "newsdedup/config/config.h"
#include "newsdedup/index/index.h"
#include "newsdedup/model/article.h"

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

  // Decides about one valid article and updates the index. `event_ms` drives TTL.
  Decision decide(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                  DecisionTrace* trace = nullptr);

  const index::Index& index() const { return index_; }

 private:
  bool enabled(Rule r) const;

  config::DecideConfig config_;
  uint32_t rules_;  // bit per enabled Rule
  index::Index index_;
  std::vector<index::EntryId> candidates_;
};

}  // namespace newsdedup::decide
