// pipeline::Engine: the composition of parse -> normalize -> fingerprint -> index -> decide for
// one record at a time. `prepare` is pure and may run on many threads (one Preparer each);
// `decide` runs in input order on one thread. Offline mode and the Kafka daemon both use it.
#pragma once

#include <atomic>
#include <memory>
#include <string_view>

#include "newsdedup/config/config.h"
#include "newsdedup/decide/decider.h"
#include "newsdedup/fingerprint/fingerprinter.h"
#include "newsdedup/model/article.h"
#include "newsdedup/normalize/normalizer.h"
#include "newsdedup/parse/parser.h"
#include "newsdedup/state/state.h"

namespace newsdedup::pipeline {

// The result of the pure stages for one record.
struct Prepared {
  Status status;  // not ok: the record is invalid (the decision says why)
  Article article;
  Fingerprint fingerprint;
  int64_t event_ms = 0;  // published_at, or the fallback time given to prepare()
};

// Wall time of each pure stage for one record (for the stage latency histograms). A stage
// that did not run (the record was invalid before it) stays 0.
struct StageTimings {
  int64_t parse_ns = 0;
  int64_t normalize_ns = 0;
  int64_t fingerprint_ns = 0;
};

// Per-thread parse/normalize/fingerprint state. Not thread-safe; one per worker thread.
class Preparer {
 public:
  explicit Preparer(std::shared_ptr<const config::Config> config);
  // `fallback_event_ms` is used when the record has no usable published_at (e.g. Kafka time).
  // With `timings`, the clock is read around each stage (not otherwise); results are the same.
  void prepare(std::string_view record, int64_t fallback_event_ms, Prepared& out,
               StageTimings* timings = nullptr);
  // Picks up live changes (size limits, boilerplate rules) from a new snapshot.
  void reconfigure(std::shared_ptr<const config::Config> config);

 private:
  void prepare_timed(std::string_view record, int64_t fallback_event_ms, Prepared& out,
                     StageTimings& timings);

  std::shared_ptr<const config::Config> config_;
  parse::Parser parser_;
  std::shared_ptr<const normalize::Normalizer> normalizer_;
  fingerprint::Fingerprinter fingerprinter_;
  normalize::NormalizedText text_;
};

// What Engine::restore did with one state record.
using Applied = state::Applied;

// The sequential part: index + decision. Not thread-safe; call in input order (restore calls
// included: they change the index like decisions do).
class Engine {
 public:
  using Applied = state::Applied;

  explicit Engine(std::shared_ptr<const config::Config> config);
  // `source` is state::source_key() of the input record (0: unknown, offline mode). When the
  // decision inserted an entry into the index (Decision::indexed), `*update` is filled with it:
  // the state record that lets another Engine restore the entry. A replay (the same record read
  // again, see Decider::decide) gets its first verdict and changes nothing in the index.
  Decision decide(Prepared& prepared, decide::DecisionTrace* trace = nullptr, uint64_t source = 0,
                  state::StateRecord* update = nullptr);
  // Inserts a restored or peer state record into the index as the original insert did (root by
  // root_id, TTL by event_ms against this index's stream time). kKnown when an entry with the
  // same id and source is there already (our own update coming back from the shared topic, a
  // record restored twice); kIncompatible when it was made with another fingerprint config.
  Applied restore(const state::StateRecord& r);
  // Around a bulk restore of up to `records` state records: sizes the index for them first
  // (one band-table build instead of one per growth step), and gives back unused room after.
  void reserve_restore(size_t records) { decider_.reserve(records); }
  void restored() { decider_.fit(); }
  // Convenience for single-threaded callers: prepare + decide.
  Decision process(std::string_view record, int64_t fallback_event_ms = 0,
                   decide::DecisionTrace* trace = nullptr);
  // Applies live keys of a new config; the index is kept.
  void reconfigure(std::shared_ptr<const config::Config> config);
  const decide::Decider& decider() const { return decider_; }
  // Event time of the last valid record decided (0 before any).
  int64_t last_event_ms() const { return last_event_ms_; }
  const config::Config& config() const { return *config_; }
  // state::fingerprint_config_id() of this engine's (restart-only) fingerprint config.
  uint64_t fingerprint_id() const { return fingerprint_id_; }

 private:
  std::shared_ptr<const config::Config> config_;
  decide::Decider decider_;
  Preparer preparer_;
  Prepared scratch_;
  int64_t last_event_ms_ = 0;
  uint64_t fingerprint_id_;
};

}  // namespace newsdedup::pipeline
