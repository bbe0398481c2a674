// Prometheus metrics: one Registry per process, holding small per-stage structs of counter,
// gauge and histogram handles built once at start; the hot path only increments and observes.
// Thread-safe: handles may be used from any thread; Registry lookups of dynamic series
// (consumer lag per partition, delivery errors) lock and are meant for rare events.
// Only this module includes prometheus-cpp; the handles below hide its types.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "newsdedup/model/article.h"
#include "newsdedup/model/result.h"

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
}  // namespace prometheus

namespace newsdedup::metrics {

// Handles. A default-constructed handle is valid and does nothing (for code run without a
// Registry, e.g. benchmarks).
class Counter {
 public:
  Counter() = default;
  explicit Counter(prometheus::Counter* c) : c_(c) {}
  void inc(double v = 1.0) const noexcept;
  double value() const noexcept;  // for tests and summaries
  explicit operator bool() const noexcept { return c_ != nullptr; }

 private:
  prometheus::Counter* c_ = nullptr;
};

class Gauge {
 public:
  Gauge() = default;
  explicit Gauge(prometheus::Gauge* g) : g_(g) {}
  void set(double v) const noexcept;
  void inc(double v = 1.0) const noexcept;
  void dec(double v = 1.0) const noexcept;
  double value() const noexcept;
  explicit operator bool() const noexcept { return g_ != nullptr; }

 private:
  prometheus::Gauge* g_ = nullptr;
};

class Histogram {
 public:
  Histogram() = default;
  explicit Histogram(prometheus::Histogram* h) : h_(h) {}
  void observe(double v) const noexcept;
  uint64_t count() const noexcept;  // observations so far, for tests
  explicit operator bool() const noexcept { return h_ != nullptr; }

 private:
  prometheus::Histogram* h_ = nullptr;
};

inline constexpr size_t kRuleCount = 5;        // Rule::kNone .. Rule::kUpdate
inline constexpr size_t kErrorCodeSlots = 32;  // ErrorCode values (unknown ones count as internal)

// Every input record ends in exactly one outcome: in_total = sum of out_total.
struct PipelineMetrics {
  Counter records_in;  // newsdedup_pipeline_records_in_total
  Counter canonical;   // newsdedup_pipeline_records_out_total{outcome="canonical",rule="none"}
  std::array<Counter, kRuleCount> duplicate;  // ...{outcome="duplicate",rule=...}, by Rule
  Counter invalid;                            // ...{outcome="invalid",rule="none"}
  Histogram latency;    // newsdedup_pipeline_latency_seconds: now - Kafka timestamp, at decision
  Histogram event_age;  // newsdedup_pipeline_event_age_seconds: now - published_at
  Gauge in_flight;      // newsdedup_pipeline_in_flight_records: consumed, not yet committed

  // Counts one decision in records_out (not records_in: count that when a record arrives).
  void count(const Decision& d) const noexcept;
};

// newsdedup_<stage>_duration_seconds: time spent in each stage per record.
struct StageMetrics {
  Histogram parse;
  Histogram normalize;
  Histogram fingerprint;
  Histogram decide;  // index lookup, verification, decision and index insert
};

struct DecideMetrics {
  // newsdedup_decide_similarity_ratio{rule}: estimated similarity of accepted matches.
  std::array<Histogram, kRuleCount> similarity;
  // newsdedup_decide_near_misses_total: canonicals whose best rejected candidate was within
  // decide.near_miss_margin of a threshold.
  Counter near_misses;
  // newsdedup_decide_fact_mismatches_total: similar text, different numbers or names.
  Counter fact_mismatches;
};

struct IndexMetrics {
  Histogram candidates;      // newsdedup_index_lookup_candidates: candidates per lookup
  Gauge entries;             // newsdedup_index_entries
  Gauge memory_bytes;        // newsdedup_index_memory_bytes
  Counter evicted_ttl;       // newsdedup_index_evictions_total{reason="ttl"}
  Counter evicted_capacity;  // newsdedup_index_evictions_total{reason="capacity"}
  Counter band_rebuilds;     // newsdedup_index_band_rebuilds_total
};

struct SourceMetrics {
  Counter rebalance_assign;   // newsdedup_source_rebalances_total{kind="assign"}
  Counter rebalance_revoke;   // ...{kind="revoke"}
  Counter rebalance_lost;     // ...{kind="lost"}
  Gauge assigned_partitions;  // newsdedup_source_assigned_partitions
  Counter commit_failures;    // newsdedup_source_commit_failures_total
  Counter errors;             // newsdedup_source_errors_total: consumer errors (transient)
  // Consumer lag: Registry::consumer_lag(topic, partition).
};

struct SinkMetrics {
  Counter produced_canonical;    // newsdedup_sink_records_total{output="canonical"}
  Counter produced_duplicates;   // ...{output="duplicates"}
  Counter produced_dead_letter;  // ...{output="dead_letter"}
  Gauge queue_depth;             // newsdedup_sink_queue_messages: librdkafka out queue length
  // newsdedup_sink_delivery_errors_total: Registry::delivery_error(name) per error name.

  // newsdedup_sink_dead_letters_total{reason=error_code_name(code)}.
  Counter dead_letter(ErrorCode code) const noexcept;
  std::array<Counter, kErrorCodeSlots> dead_letters;  // by ErrorCode value
};

// The durable index (state topic): restore on start and updates from the group's other members.
struct StateMetrics {
  Gauge restore_seconds;  // newsdedup_state_restore_seconds: time the last restore took
  // newsdedup_state_records_total{result}: state records read back, by what they did to the
  // index: inserted, known (already there, e.g. our own), expired (older than the TTL),
  // incompatible (other fingerprint settings), corrupt (undecodable).
  Counter inserted, known, expired, incompatible, corrupt;
  Counter produced;  // newsdedup_state_produced_total: state records acknowledged
  // newsdedup_state_apply_lag_seconds: from a state record's Kafka timestamp (a peer's
  // decision) to its application here, while tailing: the scale-out consistency window.
  Histogram apply_lag;
  Counter transactions;  // newsdedup_sink_transactions_total{result="commit"} (exactly-once)
  Counter aborts;        // ...{result="abort"}
};

struct ConfigMetrics {
  Gauge generation;         // newsdedup_config_generation: 1 at start, +1 per applied reload
  Counter reload_success;   // newsdedup_config_reloads_total{result="success"}
  Counter reload_failure;   // ...{result="failure"}: invalid file, the old config stays
  Counter reload_refused;   // ...{result="refused"}: restart-only keys changed
  Gauge last_success_time;  // newsdedup_config_last_reload_success_timestamp_seconds
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const PipelineMetrics& pipeline() const { return pipeline_; }
  const StageMetrics& stages() const { return stages_; }
  const DecideMetrics& decide() const { return decide_; }
  const IndexMetrics& index() const { return index_; }
  const SourceMetrics& source() const { return source_; }
  const SinkMetrics& sink() const { return sink_; }
  const ConfigMetrics& config() const { return config_; }
  const StateMetrics& state() const { return state_; }

  // newsdedup_source_consumer_lag{topic,partition}: set from librdkafka statistics
  // (consumer_lag of each assigned partition). Look the gauge up on assignment, keep it, and
  // remove it on revocation so a moved partition does not report a stale lag.
  Gauge consumer_lag(const std::string& topic, int32_t partition);
  void remove_consumer_lag(const std::string& topic, int32_t partition);

  // newsdedup_sink_delivery_errors_total{error}: `error` is a librdkafka error name
  // (rd_kafka_err2name), a bounded set.
  Counter delivery_error(const std::string& error);

  // The text exposition format, as served on /metrics.
  std::string serialize() const;

  // Every metric name this registry can export, with _bucket/_sum/_count for histograms and
  // including families whose series appear only later; for checks of dashboards and alerts.
  std::vector<std::string> exported_names() const;

  // For the HTTP server in this module.
  std::shared_ptr<prometheus::Registry> prometheus_registry() const;

 private:
  struct Families;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;
  PipelineMetrics pipeline_;
  StageMetrics stages_;
  DecideMetrics decide_;
  IndexMetrics index_;
  SourceMetrics source_;
  SinkMetrics sink_;
  ConfigMetrics config_;
  StateMetrics state_;
};

}  // namespace newsdedup::metrics
