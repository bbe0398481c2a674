// Decision rules. For every LSH candidate the estimated Jaccard J of the two shingle sets gives
// the estimated intersection |A∩B| = J/(1+J)·(|A|+|B|), hence both containments. A candidate is a
// duplicate when
//   near:      J >= near_threshold
//   contained: the new article is the smaller one and lies inside the candidate
//   update:    the new article is the larger one and the candidate lies inside it
// and, in every case, the facts agree: most numbers (and names) of the smaller side appear in
// the larger. That guard keeps template stories (other figures, other company) apart.
#include "newsdedup/decide/decider.h"

#include <algorithm>

#include "newsdedup/fingerprint/fingerprinter.h"

namespace newsdedup::decide {
namespace {

struct Match {
  Rule rule = Rule::kNone;
  double similarity = 0.0;
  double score = 0.0;
  index::EntryId entry = 0;
};

// Another place or another day in the dateline is another story. Reposts often drop the
// date or the whole dateline, so a fact only counts when both sides state it.
template <class A, class B>  // a Fingerprint or an index entry's StoredFacts
bool same_dateline(const A& a, const B& b) {
  if (a.place != 0 && b.place != 0 && a.place != b.place) return false;
  if (a.day != 0 && b.day != 0) {
    if ((a.day >> 4) != (b.day >> 4)) return false;
    const uint32_t ma = a.day & 15, mb = b.day & 15;
    if (ma != 0 && mb != 0 && ma != mb) return false;
  }
  return true;
}

// A text where at least a fifth of the tokens are figures (a table with a prose header).
template <class F>
bool is_table(const F& f) {
  return f.tokens > 0 && f.numeric_tokens * 5 >= f.tokens;
}

uint32_t rule_mask(const std::vector<std::string>& rules) {
  uint32_t mask = 0;
  for (const auto& r : rules) {
    for (const Rule rule : {Rule::kExact, Rule::kNear, Rule::kContained, Rule::kUpdate}) {
      if (r == rule_name(rule)) mask |= 1u << static_cast<unsigned>(rule);
    }
  }
  return mask;
}

}  // namespace

Decider::Decider(const config::DecideConfig& decide, const config::IndexConfig& index,
                 const config::FingerprintConfig& fingerprint)
    : config_(decide),
      rules_(rule_mask(decide.rules)),
      ttl_ms_(static_cast<int64_t>(index.ttl_seconds) * 1000),
      index_(index, fingerprint.permutations, fingerprint.lead_permutations) {}

void Decider::set_config(const config::DecideConfig& decide, const config::IndexConfig& index) {
  config_ = decide;
  rules_ = rule_mask(decide.rules);
  ttl_ms_ = static_cast<int64_t>(index.ttl_seconds) * 1000;
  index_.update_live(index);
}

bool Decider::enabled(Rule r) const { return (rules_ >> static_cast<unsigned>(r)) & 1u; }

// The input position (and the id, against a 64-bit key collision) identify the record; its
// text is not compared, so a replay is still known after a live change of the boilerplate
// rules moved its fingerprint a little (it is then found among the candidates).
bool Decider::same_record(index::EntryId e, std::string_view id, uint64_t source) const {
  const index::Entry& entry = index_.entry(e);
  return entry.source == source && entry.id == id;
}

std::optional<index::EntryId> Decider::find_record(std::string_view id, const Fingerprint& fp,
                                                   uint64_t source) {
  const auto exact = index_.find_exact(fp.exact);
  if (!exact) return std::nullopt;
  if (same_record(*exact, id, source)) return exact;
  // Another entry holds the exact map slot of this text (the exact rule did not join them: a
  // text without tokens, or the exact rule is off); this record's own entry is then among the
  // LSH candidates, sharing every band.
  if (fp.shingles == 0) return std::nullopt;
  index_.candidates(fp, candidates_);
  for (const index::EntryId e : candidates_) {
    if (same_record(e, id, source)) return e;
  }
  return std::nullopt;
}

Decision Decider::replayed(index::EntryId e, Decision d) const {
  const index::Entry& entry = index_.entry(e);
  d.replay = true;
  // A restored duplicate whose canonical was not restored is its own `root` slot but keeps the
  // canonical's id, hence both tests.
  if (entry.root == e && entry.root_id == entry.id) {
    d.verdict = Verdict::kCanonical;
    d.cluster = fingerprint::stable_hash(d.id);
    return d;
  }
  // The rule of the first reading is not kept per entry; the record is byte-identical to the
  // indexed copy, so `exact` with similarity 1 is true of it.
  d.verdict = Verdict::kDuplicate;
  d.rule = Rule::kExact;
  d.similarity = 1.0;
  d.canonical_id = entry.root_id;
  d.cluster = fingerprint::stable_hash(d.canonical_id);
  return d;
}

state::Applied Decider::restore(std::string_view id, std::string_view root_id,
                                const Fingerprint& fp, int64_t event_ms, uint64_t source) {
  if (find_record(id, fp, source)) return state::Applied::kKnown;
  index_.expire(event_ms);
  // The same cutoff as Index::expire: an entry this old would be evicted on the next record.
  if (event_ms < index_.stream_ms() - ttl_ms_) return state::Applied::kExpired;
  (void)index_.insert(id, fp, event_ms, std::nullopt, root_id.empty() ? id : root_id, source);
  return state::Applied::kInserted;
}

Decision Decider::decide(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                         DecisionTrace* trace, uint64_t source) {
  index_.expire(event_ms);
  Decision d;
  d.id.assign(id);

  Match best;
  bool queried = false;  // candidates() was asked about fp: insert_queried() may follow
  const auto exact = index_.find_exact(fp.exact);
  // A replay matches its own entry exactly (same bytes, same text). Only with a source: offline
  // decisions (source 0) never take this path.
  if (source != 0 && exact && same_record(*exact, id, source)) {
    return replayed(*exact, std::move(d));
  }
  if (exact && enabled(Rule::kExact) && fp.tokens > 0 &&
      same_dateline(fp, index_.entry(*exact).fp)) {
    best = Match{Rule::kExact, 1.0, 2.0, *exact};
  } else if (fp.shingles > 0) {
    index_.candidates(fp, candidates_);
    queried = true;
    if (source != 0) {
      // Its own entry, when another entry holds the exact map slot of the same text.
      for (const index::EntryId e : candidates_) {
        if (same_record(e, id, source)) return replayed(e, std::move(d));
      }
    }
    if (trace) trace->candidates = static_cast<uint32_t>(candidates_.size());
    const double a = fp.shingles;
    for (const index::EntryId e : candidates_) {
      const index::StoredFacts other = index_.entry(e).fp;
      if (other.shingles == 0) continue;
      const double j = index_.candidate_similarity(e);  // fp's, from candidates() above
      const double b = other.shingles;
      const double inter = std::min(std::min(a, b), j / (1.0 + j) * (a + b));
      const double new_in_old = inter / a, old_in_new = inter / b;

      Match m;
      m.entry = e;
      if (j >= config_.near_threshold) {
        m = Match{Rule::kNear, j, j + 1.0, e};
      } else if (a <= b && new_in_old >= config_.containment_threshold &&
                 fp.tokens >= config_.min_tokens_contained) {
        m = Match{Rule::kContained, new_in_old, new_in_old, e};
      } else if (a > b && old_in_new >= config_.containment_threshold &&
                 other.tokens >= config_.min_tokens_contained) {
        m = Match{Rule::kUpdate, old_in_new, old_in_new, e};
      }
      const double closest =
          std::max({j / config_.near_threshold,
                    std::max(new_in_old, old_in_new) / config_.containment_threshold});
      if (m.rule != Rule::kNone && !enabled(m.rule)) m.rule = Rule::kNone;
      if (m.rule == Rule::kNone) {
        if (trace && closest > trace->best_rejected) trace->best_rejected = closest;
        continue;
      }
      // The facts must agree, seen from the smaller side.
      // Facts are checked from the smaller side: a teaser has fewer figures than its
      // original, an update more; a template story has other figures altogether.
      const double numbers = fingerprint::sorted_overlap(fp.numbers, other.numbers);
      const double names = fingerprint::sorted_overlap(fp.names, other.names);
      // In a table of figures (quotes, prices, results) the figures are the story: one
      // changed figure makes another report.
      const bool table = is_table(fp) || is_table(other);
      const double min_numbers = table ? 1.0 : config_.min_number_overlap;
      if (numbers < min_numbers || names < config_.min_name_overlap || !same_dateline(fp, other)) {
        if (trace) {
          trace->fact_mismatch = true;
          if (best.rule == Rule::kNone) {
            trace->number_overlap = numbers;
            trace->name_overlap = names;
          }
        }
        continue;
      }
      if (m.score > best.score) {
        best = m;
        if (trace) {
          trace->number_overlap = numbers;
          trace->name_overlap = names;
        }
      }
    }
  }
  if (trace && best.rule == Rule::kNone) {
    trace->near_miss = trace->best_rejected >= 1.0 - config_.near_miss_margin;
  }

  if (best.rule != Rule::kNone) {
    const index::Entry& canon = index_.entry(best.entry);
    d.verdict = Verdict::kDuplicate;
    d.rule = best.rule;
    d.similarity = best.similarity;
    d.canonical_id = canon.root_id;
    d.cluster = fingerprint::stable_hash(d.canonical_id);
    if (index_.config_index_duplicates() && best.rule != Rule::kExact) {
      // may move `canon`
      (void)index_.insert_queried(id, fp, event_ms, canon.root, d.canonical_id, source);
      d.indexed = true;
    }
    return d;
  }
  d.verdict = Verdict::kCanonical;
  d.cluster = fingerprint::stable_hash(d.id);
  if (queried) {
    (void)index_.insert_queried(id, fp, event_ms, std::nullopt, id, source);
  } else {
    (void)index_.insert(id, fp, event_ms, std::nullopt, id, source);
  }
  d.indexed = true;
  return d;
}

}  // namespace newsdedup::decide
