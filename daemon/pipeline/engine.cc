// Composition of the engine stages for one record.
#include "newsdedup/pipeline/engine.h"

#include <chrono>

namespace newsdedup::pipeline {

Preparer::Preparer(std::shared_ptr<const config::Config> config)
    : config_(std::move(config)),
      parser_(config_->parse),
      normalizer_(std::make_shared<const normalize::Normalizer>(config_->normalize)),
      fingerprinter_(config_->fingerprint) {}

void Preparer::reconfigure(std::shared_ptr<const config::Config> config) {
  config_ = std::move(config);
  parser_.set_limits(config_->parse.max_record_bytes, config_->parse.max_body_bytes);
  normalizer_ = std::make_shared<const normalize::Normalizer>(config_->normalize);
}

void Preparer::prepare(std::string_view record, int64_t fallback_event_ms, Prepared& out,
                       StageTimings* timings) {
  if (timings != nullptr) {
    prepare_timed(record, fallback_event_ms, out, *timings);
    return;
  }
  out.status = parser_.parse(record, out.article);
  if (!out.status.ok()) return;
  out.event_ms = out.article.published_at_ms != 0 ? out.article.published_at_ms : fallback_event_ms;
  normalizer_->normalize(out.article.body, text_);
  fingerprinter_.compute(text_, out.fingerprint);
}

// The same steps as prepare(), with a clock read between them.
void Preparer::prepare_timed(std::string_view record, int64_t fallback_event_ms, Prepared& out,
                             StageTimings& timings) {
  using Clock = std::chrono::steady_clock;
  auto ns = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
  };
  timings = {};
  const Clock::time_point t0 = Clock::now();
  out.status = parser_.parse(record, out.article);
  const Clock::time_point t1 = Clock::now();
  timings.parse_ns = ns(t0, t1);
  if (!out.status.ok()) return;
  out.event_ms = out.article.published_at_ms != 0 ? out.article.published_at_ms : fallback_event_ms;
  normalizer_->normalize(out.article.body, text_);
  const Clock::time_point t2 = Clock::now();
  timings.normalize_ns = ns(t1, t2);
  fingerprinter_.compute(text_, out.fingerprint);
  timings.fingerprint_ns = ns(t2, Clock::now());
}

Engine::Engine(std::shared_ptr<const config::Config> config)
    : config_(config),
      decider_(config->decide, config->index, config->fingerprint),
      preparer_(config),
      fingerprint_id_(state::fingerprint_config_id(config->fingerprint)) {}

Decision Engine::decide(Prepared& prepared, decide::DecisionTrace* trace, uint64_t source,
                        state::StateRecord* update) {
  if (!prepared.status.ok()) {
    Decision d;
    d.verdict = Verdict::kInvalid;
    d.id = prepared.article.id;
    d.error = prepared.status.error().code;
    d.reason = prepared.status.error().message;
    return d;
  }
  last_event_ms_ = prepared.event_ms;
  Decision d =
      decider_.decide(prepared.article.id, prepared.fingerprint, prepared.event_ms, trace, source);
  if (d.indexed && update != nullptr) {
    update->id = d.id;
    update->root_id = d.verdict == Verdict::kCanonical ? d.id : d.canonical_id;
    // The time the index keyed the entry's TTL by (a late record counts from its arrival):
    // the stream time right after the insert.
    update->event_ms = decider_.index().stream_ms();
    update->source = source;
    update->fingerprint_id = fingerprint_id_;
    update->fp = prepared.fingerprint;
  }
  return d;
}

Applied Engine::restore(const state::StateRecord& r) {
  if (r.fingerprint_id != fingerprint_id_) return Applied::kIncompatible;
  return decider_.restore(r.id, r.root_id, r.fp, r.event_ms, r.source);
}

Decision Engine::process(std::string_view record, int64_t fallback_event_ms,
                         decide::DecisionTrace* trace) {
  preparer_.prepare(record, fallback_event_ms, scratch_);
  return decide(scratch_, trace);
}

void Engine::reconfigure(std::shared_ptr<const config::Config> config) {
  config_ = std::move(config);
  decider_.set_config(config_->decide, config_->index);
  preparer_.reconfigure(config_);
}

}  // namespace newsdedup::pipeline
