// The metric families and their fixed series. Names follow newsdedup_<stage>_<what>_<unit>;
// labels are low-cardinality (outcome, rule, reason, topic, partition, error name).
#include "newsdedup/metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <chrono>
#include <cstring>
#include <mutex>
#include <sstream>

namespace newsdedup::metrics {

void Counter::inc(double v) const noexcept {
  if (c_ != nullptr) c_->Increment(v);
}
double Counter::value() const noexcept { return c_ != nullptr ? c_->Value() : 0.0; }

void Gauge::set(double v) const noexcept {
  if (g_ != nullptr) g_->Set(v);
}
void Gauge::inc(double v) const noexcept {
  if (g_ != nullptr) g_->Increment(v);
}
void Gauge::dec(double v) const noexcept {
  if (g_ != nullptr) g_->Decrement(v);
}
double Gauge::value() const noexcept { return g_ != nullptr ? g_->Value() : 0.0; }

void Histogram::observe(double v) const noexcept {
  if (h_ != nullptr) h_->Observe(v);
}
uint64_t Histogram::count() const noexcept {
  if (h_ == nullptr) return 0;
  return h_->Collect().histogram.sample_count;
}

void PipelineMetrics::count(const Decision& d) const noexcept {
  switch (d.verdict) {
    case Verdict::kCanonical:
      canonical.inc();
      return;
    case Verdict::kDuplicate: {
      const auto r = static_cast<size_t>(d.rule);
      duplicate[r < kRuleCount ? r : 0].inc();
      return;
    }
    case Verdict::kInvalid:
      invalid.inc();
      return;
  }
}

Counter SinkMetrics::dead_letter(ErrorCode code) const noexcept {
  const auto i = static_cast<size_t>(code);
  if (i < dead_letters.size() && dead_letters[i]) return dead_letters[i];
  return dead_letters[static_cast<size_t>(ErrorCode::kInternal)];
}

namespace {

using prometheus::Histogram;

// Per-record stage times: a 4 KB article parses in microseconds, fingerprints in tens of them.
const Histogram::BucketBoundaries kStageBuckets = {1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5,
                                                   1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
                                                   0.01, 0.025,  0.05, 0.1};
// Kafka timestamp to decision: milliseconds when keeping up, minutes when lagging.
const Histogram::BucketBoundaries kLatencyBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900};
// published_at to decision: news arrives seconds to days after publication.
const Histogram::BucketBoundaries kEventAgeBuckets = {
    1,        10,        60,    300,       900,       3600,      3 * 3600,
    6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 30 * 86400};
// Similarity of accepted matches; finer near the top where most exact-ish copies land.
const Histogram::BucketBoundaries kSimilarityBuckets = {0.3, 0.4,  0.5, 0.6,  0.7,  0.75,
                                                        0.8, 0.85, 0.9, 0.95, 0.99, 1.0};
const Histogram::BucketBoundaries kCandidateBuckets = {0, 1, 2, 4, 8, 16, 32, 64, 128, 256};

const char* rule_label(size_t r) {
  const char* name = rule_name(static_cast<Rule>(r));
  return name[0] == '\0' ? "none" : name;
}

}  // namespace

struct Registry::Families {
  std::mutex mu;  // guards the dynamic series maps below (Family::Add is thread-safe itself)
  prometheus::Family<prometheus::Gauge>* consumer_lag = nullptr;
  prometheus::Family<prometheus::Counter>* delivery_errors = nullptr;
  std::vector<std::pair<std::string, bool>> names;  // family name, is histogram
};

Registry::Registry()
    : registry_(std::make_shared<prometheus::Registry>()), families_(std::make_unique<Families>()) {
  auto& reg = *registry_;
  auto& names = families_->names;
  auto counter = [&](const char* name,
                     const char* help) -> prometheus::Family<prometheus::Counter>& {
    names.emplace_back(name, false);
    return prometheus::BuildCounter().Name(name).Help(help).Register(reg);
  };
  auto gauge = [&](const char* name, const char* help) -> prometheus::Family<prometheus::Gauge>& {
    names.emplace_back(name, false);
    return prometheus::BuildGauge().Name(name).Help(help).Register(reg);
  };
  auto histogram = [&](const char* name,
                       const char* help) -> prometheus::Family<prometheus::Histogram>& {
    names.emplace_back(name, true);
    return prometheus::BuildHistogram().Name(name).Help(help).Register(reg);
  };

  // pipeline
  pipeline_.records_in = Counter(
      &counter("newsdedup_pipeline_records_in_total", "Records read from the input.").Add({}));
  auto& out =
      counter("newsdedup_pipeline_records_out_total",
              "Records by outcome (canonical, duplicate, invalid) and the rule that fired.");
  pipeline_.canonical = Counter(&out.Add({{"outcome", "canonical"}, {"rule", "none"}}));
  pipeline_.invalid = Counter(&out.Add({{"outcome", "invalid"}, {"rule", "none"}}));
  for (size_t r = 1; r < kRuleCount; ++r) {
    pipeline_.duplicate[r] = Counter(&out.Add({{"outcome", "duplicate"}, {"rule", rule_label(r)}}));
  }
  pipeline_.latency =
      metrics::Histogram(&histogram("newsdedup_pipeline_latency_seconds",
                                    "Time from the Kafka message timestamp to the decision.")
                              .Add({}, kLatencyBuckets));
  pipeline_.event_age =
      metrics::Histogram(&histogram("newsdedup_pipeline_event_age_seconds",
                                    "Time from the article's published_at to the decision.")
                              .Add({}, kEventAgeBuckets));
  pipeline_.in_flight = Gauge(
      &gauge("newsdedup_pipeline_in_flight_records", "Records consumed but not yet committed.")
           .Add({}));

  // stages
  stages_.parse =
      metrics::Histogram(&histogram("newsdedup_parse_duration_seconds", "Time to parse one record.")
                              .Add({}, kStageBuckets));
  stages_.normalize = metrics::Histogram(
      &histogram("newsdedup_normalize_duration_seconds", "Time to normalize one article.")
           .Add({}, kStageBuckets));
  stages_.fingerprint = metrics::Histogram(
      &histogram("newsdedup_fingerprint_duration_seconds", "Time to fingerprint one article.")
           .Add({}, kStageBuckets));
  stages_.decide = metrics::Histogram(
      &histogram("newsdedup_decide_duration_seconds",
                 "Time for the index lookup, verification, decision and index insert.")
           .Add({}, kStageBuckets));

  // decide
  auto& similarity = histogram("newsdedup_decide_similarity_ratio",
                               "Estimated similarity of accepted matches, by rule.");
  for (size_t r = 1; r < kRuleCount; ++r) {
    decide_.similarity[r] =
        metrics::Histogram(&similarity.Add({{"rule", rule_label(r)}}, kSimilarityBuckets));
  }
  decide_.near_misses =
      Counter(&counter("newsdedup_decide_near_misses_total",
                       "Canonicals whose best rejected candidate was just under a threshold.")
                   .Add({}));
  decide_.fact_mismatches =
      Counter(&counter("newsdedup_decide_fact_mismatches_total",
                       "Candidates with similar text rejected because numbers or names differed.")
                   .Add({}));

  // index
  index_.candidates = metrics::Histogram(
      &histogram("newsdedup_index_lookup_candidates", "Candidates returned per index lookup.")
           .Add({}, kCandidateBuckets));
  index_.entries = Gauge(&gauge("newsdedup_index_entries", "Articles held in the index.").Add({}));
  index_.memory_bytes =
      Gauge(&gauge("newsdedup_index_memory_bytes", "Estimated memory used by the index.").Add({}));
  auto& evictions = counter("newsdedup_index_evictions_total",
                            "Articles evicted from the index, by reason (ttl, capacity).");
  index_.evicted_ttl = Counter(&evictions.Add({{"reason", "ttl"}}));
  index_.evicted_capacity = Counter(&evictions.Add({{"reason", "capacity"}}));
  index_.band_rebuilds = Counter(
      &counter("newsdedup_index_band_rebuilds_total",
               "LSH band tables replaced (growth or tombstone cleanup); entries move over a few "
               "per insert, and a move in progress shows in newsdedup_index_memory_bytes.")
           .Add({}));

  // source
  auto& rebalances =
      counter("newsdedup_source_rebalances_total", "Consumer group rebalances, by kind.");
  source_.rebalance_assign = Counter(&rebalances.Add({{"kind", "assign"}}));
  source_.rebalance_revoke = Counter(&rebalances.Add({{"kind", "revoke"}}));
  source_.rebalance_lost = Counter(&rebalances.Add({{"kind", "lost"}}));
  source_.assigned_partitions = Gauge(&gauge("newsdedup_source_assigned_partitions",
                                             "Partitions currently assigned to this consumer.")
                                           .Add({}));
  source_.commit_failures = Counter(
      &counter("newsdedup_source_commit_failures_total", "Offset commits that failed.").Add({}));
  source_.errors =
      Counter(&counter("newsdedup_source_errors_total", "Consumer errors (transient).").Add({}));
  families_->consumer_lag =
      &gauge("newsdedup_source_consumer_lag",
             "Messages between the partition's high watermark and the committed offset.");

  // sink
  auto& produced = counter("newsdedup_sink_records_total", "Records produced, by output.");
  sink_.produced_canonical = Counter(&produced.Add({{"output", "canonical"}}));
  sink_.produced_duplicates = Counter(&produced.Add({{"output", "duplicates"}}));
  sink_.produced_dead_letter = Counter(&produced.Add({{"output", "dead_letter"}}));
  sink_.queue_depth = Gauge(
      &gauge("newsdedup_sink_queue_messages", "Messages waiting in the producer queue.").Add({}));
  auto& dead = counter("newsdedup_sink_dead_letters_total", "Invalid records, by reason.");
  for (size_t i = 1; i < kErrorCodeSlots; ++i) {
    const auto code = static_cast<ErrorCode>(i);
    const char* name = error_code_name(code);
    // error_code_name() maps values it does not know to "internal"; skip those slots.
    if (code != ErrorCode::kInternal && std::strcmp(name, "internal") == 0) continue;
    sink_.dead_letters[i] = Counter(&dead.Add({{"reason", name}}));
  }
  families_->delivery_errors = &counter("newsdedup_sink_delivery_errors_total",
                                        "Messages the producer failed to deliver, by error.");

  // state
  state_.restore_seconds =
      Gauge(&gauge("newsdedup_state_restore_seconds",
                   "Time the last restore of the index from the state topic took.")
                 .Add({}));
  auto& state_records = counter("newsdedup_state_records_total",
                                "State records read back into the index, by result.");
  state_.inserted = Counter(&state_records.Add({{"result", "inserted"}}));
  state_.known = Counter(&state_records.Add({{"result", "known"}}));
  state_.expired = Counter(&state_records.Add({{"result", "expired"}}));
  state_.incompatible = Counter(&state_records.Add({{"result", "incompatible"}}));
  state_.corrupt = Counter(&state_records.Add({{"result", "corrupt"}}));
  state_.produced =
      Counter(&counter("newsdedup_state_produced_total", "State records written and acknowledged.")
                   .Add({}));
  state_.apply_lag = metrics::Histogram(
      &histogram("newsdedup_state_apply_lag_seconds",
                 "Time from a state record's Kafka timestamp to its application to this index.")
           .Add({}, kLatencyBuckets));
  auto& txns =
      counter("newsdedup_sink_transactions_total", "Kafka transactions (exactly-once), by result.");
  state_.transactions = Counter(&txns.Add({{"result", "commit"}}));
  state_.aborts = Counter(&txns.Add({{"result", "abort"}}));

  // config
  config_.generation = Gauge(
      &gauge("newsdedup_config_generation", "Config generation: 1 at start, +1 per applied reload.")
           .Add({}));
  auto& reloads = counter("newsdedup_config_reloads_total",
                          "Config reloads by result (success, failure, refused).");
  config_.reload_success = Counter(&reloads.Add({{"result", "success"}}));
  config_.reload_failure = Counter(&reloads.Add({{"result", "failure"}}));
  config_.reload_refused = Counter(&reloads.Add({{"result", "refused"}}));
  config_.last_success_time = Gauge(&gauge("newsdedup_config_last_reload_success_timestamp_seconds",
                                           "Unix time of the last successful config load.")
                                         .Add({}));

  // build and process
  gauge("newsdedup_build_info", "Build information; the value is always 1.")
      .Add({{"version", NEWSDEDUP_VERSION}})
      .Set(1);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  gauge("newsdedup_process_start_time_seconds", "Unix time the process started.")
      .Add({})
      .Set(std::chrono::duration<double>(now).count());

  config_.generation.set(1);
  config_.last_success_time.set(std::chrono::duration<double>(now).count());
}

Registry::~Registry() = default;

Gauge Registry::consumer_lag(const std::string& topic, int32_t partition) {
  std::lock_guard<std::mutex> lock(families_->mu);
  return Gauge(
      &families_->consumer_lag->Add({{"topic", topic}, {"partition", std::to_string(partition)}}));
}

void Registry::remove_consumer_lag(const std::string& topic, int32_t partition) {
  std::lock_guard<std::mutex> lock(families_->mu);
  const prometheus::Labels labels = {{"topic", topic}, {"partition", std::to_string(partition)}};
  if (families_->consumer_lag->Has(labels)) {
    families_->consumer_lag->Remove(&families_->consumer_lag->Add(labels));
  }
}

Counter Registry::delivery_error(const std::string& error) {
  std::lock_guard<std::mutex> lock(families_->mu);
  return Counter(&families_->delivery_errors->Add({{"error", error}}));
}

std::string Registry::serialize() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

std::vector<std::string> Registry::exported_names() const {
  std::vector<std::string> out;
  for (const auto& [name, is_histogram] : families_->names) {
    if (is_histogram) {
      out.push_back(name + "_bucket");
      out.push_back(name + "_sum");
      out.push_back(name + "_count");
    } else {
      out.push_back(name);
    }
  }
  return out;
}

std::shared_ptr<prometheus::Registry> Registry::prometheus_registry() const { return registry_; }

}  // namespace newsdedup::metrics
