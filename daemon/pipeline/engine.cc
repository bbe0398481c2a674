// Composition of the engine stages for one record.
#include "newsdedup/pipeline/engine.h"

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

void Preparer::prepare(std::string_view record, int64_t fallback_event_ms, Prepared& out) {
  out.status = parser_.parse(record, out.article);
  if (!out.status.ok()) return;
  out.event_ms = out.article.published_at_ms != 0 ? out.article.published_at_ms : fallback_event_ms;
  normalizer_->normalize(out.article.body, text_);
  fingerprinter_.compute(text_, out.fingerprint);
}

Engine::Engine(std::shared_ptr<const config::Config> config)
    : config_(config),
      decider_(config->decide, config->index, config->fingerprint),
      preparer_(config) {}

Decision Engine::decide(Prepared& prepared, decide::DecisionTrace* trace) {
  if (!prepared.status.ok()) {
    Decision d;
    d.verdict = Verdict::kInvalid;
    d.id = prepared.article.id;
    d.error = prepared.status.error().code;
    d.reason = prepared.status.error().message;
    return d;
  }
  last_event_ms_ = prepared.event_ms;
  return decider_.decide(prepared.article.id, prepared.fingerprint, prepared.event_ms, trace);
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
