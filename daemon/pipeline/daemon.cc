// The Kafka daemon loop. The loop thread consumes a batch, has it prepared (parse, normalize,
// fingerprint: pure, ~3/4 of the engine's time) by itself and the PreparePool's workers, then
// decides each record in consumption order (Engine::decide) and produces; librdkafka's own
// threads do the network I/O. Records stay in a slot (owning the consumed message, so values
// are produced without a copy) until their output is acknowledged; then the OffsetTracker lets
// their offset be committed.
#include "newsdedup/pipeline/daemon.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "newsdedup/ops/systemd.h"
#include "newsdedup/parse/kafka_stats.h"
#include "newsdedup/pipeline/engine.h"
#include "newsdedup/pipeline/offset_tracker.h"
#include "newsdedup/sink/kafka_sink.h"
#include "newsdedup/source/kafka_source.h"
#include "newsdedup/source/state_reader.h"
#include "newsdedup/state/state.h"
#include "pipeline/chunk_pool_internal.h"
#include "pipeline/daemon_internal.h"

namespace newsdedup::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxBatch = 512;  // records taken from the consumer per loop iteration
constexpr int kPollMs = 100;       // longest wait in one loop iteration
// In-flight bound reached for this long (deliveries stalled): pause the partitions.
constexpr std::chrono::seconds kStallBeforePause(5);
// Delivery tokens: the slot index, with this bit for the record's state-topic write.
constexpr uint64_t kStateToken = uint64_t{1} << 40;
// Peer state records applied per loop turn at most (the rest waits for the next turn).
constexpr size_t kMaxStatePerTurn = 2048;
// Longest wait for the state topic's end when partitions are assigned.
constexpr int kCatchUpMs = 5000;
// Bound of one transactional call (exactly-once mode).
constexpr int kTxnTimeoutMs = 30000;

int severity_threshold(const std::string& level) {
  if (level == "trace" || level == "debug") return 7;
  if (level == "warn") return 4;
  if (level == "error") return 3;
  return 6;
}

}  // namespace

void stderr_log(int severity, std::string_view message) {
  const char* name = severity <= 3   ? "error"
                     : severity == 4 ? "warn"
                     : severity <= 6 ? "info"
                                     : "debug";
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::fprintf(stderr, "%s newsdedup %s: %.*s\n", stamp, name, static_cast<int>(message.size()),
               message.data());
}

// common + role-specific properties (the latter win), then the connection keys the daemon
// owns. Secret references are resolved here; errors name the key, never the value.
namespace {

Result<std::map<std::string, std::string>> client_properties(
    const config::KafkaConfig& kafka, const std::map<std::string, std::string>& role,
    const char* role_name, const std::string& brokers,
    const std::function<void(int, const std::string&)>& log) {
  std::map<std::string, std::string> merged = kafka.common;
  for (const auto& [k, v] : role) merged[k] = v;
  if (log) {
    std::string shown;
    for (const auto& [k, v] : config::redacted(merged)) shown += " " + k + "=" + v;
    log(7, std::string(role_name) + " properties:" + (shown.empty() ? " (defaults)" : shown));
  }
  for (auto& [k, v] : merged) {
    Result<std::string> resolved = config::resolve_secret(v);
    if (!resolved.ok()) {
      return Error{ErrorCode::kConfig,
                   std::string("kafka.") + role_name + "." + k + ": " + resolved.error().message};
    }
    v = std::move(resolved.value());
  }
  if (!merged.contains("bootstrap.servers")) merged["bootstrap.servers"] = brokers;
  return merged;
}

// Prepares a batch on the calling thread plus `workers` threads (ChunkPool), a Preparer each.
class PreparePool {
 public:
  PreparePool(const std::shared_ptr<const config::Config>& config, unsigned workers)
      : pool_(workers) {
    for (unsigned i = 0; i <= workers; ++i)
      preparers_.push_back(std::make_unique<Preparer>(config));
  }

  // Only between batches (the workers are idle then).
  void reconfigure(const std::shared_ptr<const config::Config>& config) {
    for (auto& p : preparers_) p->reconfigure(config);
  }

  // With `timings` (metrics on), each record's stage times land at its batch position.
  void prepare(std::span<const source::Message> batch, std::vector<Prepared>& out,
               std::vector<StageTimings>* timings) {
    if (out.size() < batch.size()) out.resize(batch.size());
    if (timings != nullptr && timings->size() < batch.size()) timings->resize(batch.size());
    auto chunk = [&](unsigned thread, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        preparers_[thread]->prepare(batch[i].value(), batch[i].timestamp_ms(), out[i],
                                    timings != nullptr ? &(*timings)[i] : nullptr);
      }
    };
    if (pool_.workers() == 0 || batch.size() < kMinParallel) {
      chunk(0, 0, batch.size());
    } else {
      pool_.run(batch.size(), chunk);
    }
  }

 private:
  static constexpr size_t kMinParallel = 16;  // smaller batches: not worth a wake-up

  ChunkPool pool_;
  std::vector<std::unique_ptr<Preparer>> preparers_;  // [0] belongs to the calling thread
};

}  // namespace

class Daemon::Impl final : public source::RebalanceListener, public sink::DeliveryListener {
 public:
  Impl(std::shared_ptr<const config::Config> config, unsigned prepare_workers)
      : config_(std::move(config)), engine_(config_), pool_(config_, prepare_workers) {}
  ~Impl() override {
    // The producer may still reference consumed values (zero-copy): destroy it first, then
    // the messages, then the consumer that owns their buffers.
    sink_.reset();
    slots_.clear();
    source_.reset();
  }

  Status init(DaemonOptions& options);
  // Reads the state topic to its end into the index (before the input is subscribed).
  Status restore(const std::function<bool()>& stop_requested);
  // Applies state records of the group's other instances that arrived since the last turn.
  Status apply_peer_state(size_t max);
  Status run(const std::function<bool()>& stop_requested);
  const DaemonStats& stats() const { return stats_; }

  // RebalanceListener
  void on_assigned(const std::vector<source::TopicPartition>& partitions) override;
  void on_revoking(const std::vector<source::TopicPartition>& partitions, bool lost) override;
  // DeliveryListener
  void on_delivery(uint64_t token, const Status& status) override;

 private:
  enum class Output : unsigned char { kCanonical, kDuplicates, kDeadLetter };
  struct Slot {
    source::Message message;
    OffsetTracker::Handle handle;
    int64_t offset = 0;
    uint32_t pending = 0;  // outputs not yet acknowledged
    Output output = Output::kCanonical;
    bool value_dropped = false;  // republished without its value (too large)
  };

  void log(int severity, const std::string& message) const {
    if (severity <= log_threshold_.load(std::memory_order_relaxed)) log_(severity, message);
  }
  void handle(source::Message&& message, Prepared& prepared, const StageTimings* timings);
  // Stage times, match similarity, candidates, near misses, fact mismatches of one decision.
  void observe(const Prepared& prepared, const Decision& d, const StageTimings* timings,
               const decide::DecisionTrace& trace, int64_t decide_ns) const;
  Status send(const sink::OutRecord& record, uint64_t token);
  uint32_t alloc_slot();
  void release_slot(uint32_t index);
  // One output of the slot is acknowledged (or not needed): completes the record after its last.
  void finish_output(uint32_t index);
  void apply_state(const source::StateMessage& m, bool tailing);
  // Exactly-once: opens a transaction before the first send of one.
  void ensure_transaction();
  // Exactly-once commit: drain, send the offsets, commit the transaction.
  void commit_transaction();
  // Serves delivery reports until nothing is in flight or the deadline passes.
  bool drain(Clock::time_point deadline);
  void commit(bool async);
  // Publishes a dead-letter record without the value for a record refused for its size.
  void reject_oversized(uint32_t index, const Error& why);
  void reject_pending_oversized();
  void apply_config(std::shared_ptr<const config::Config> config);
  void update_gauges();
  void on_statistics(std::string_view json);
  Clock::time_point shutdown_deadline() const {
    return Clock::now() + std::chrono::milliseconds(config_->kafka.shutdown_timeout_ms);
  }

  std::shared_ptr<const config::Config> config_;
  Engine engine_;
  PreparePool pool_;
  std::vector<Prepared> prepared_;     // per batch position, reused
  std::vector<StageTimings> timings_;  // per batch position, with metrics only
  OffsetTracker tracker_;
  std::unique_ptr<source::KafkaSource> source_;
  std::unique_ptr<sink::KafkaSink> sink_;
  std::unique_ptr<source::StateReader> state_reader_;  // null: state disabled
  std::string state_topic_;                            // restart-only copy
  std::string state_buf_;                              // encoded state record, reused
  bool exactly_once_ = false;
  bool in_txn_ = false;
  // Apply lags of peer state records (µs), for the p50/p99 of the summary line; bounded.
  std::vector<int64_t> lag_us_;
  std::function<void(int, std::string_view)> log_;
  std::atomic<int> log_threshold_{6};  // read by librdkafka threads (log callbacks)
  DaemonStats stats_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  size_t slots_used_ = 0;
  Error fatal_{ErrorCode::kOk, {}};
  bool stopping_ = false;
  Clock::time_point stop_deadline_{};
  std::vector<OffsetTracker::Commit> commits_;
  std::vector<std::pair<uint32_t, Error>> oversized_;
  // Metrics handles (do nothing without a registry) and the source counters already counted.
  metrics::Registry* registry_ = nullptr;
  metrics::PipelineMetrics pm_;
  metrics::SourceMetrics sm_;
  metrics::SinkMetrics km_;
  metrics::StageMetrics stm_;
  metrics::DecideMetrics dm_;
  metrics::IndexMetrics im_;
  metrics::StateMetrics stm_state_;
  index::IndexStats seen_index_{};
  Clock::time_point next_index_update_{};
  ops::Health* health_ = nullptr;
  std::function<std::shared_ptr<const config::Config>()> current_config_;
  uint64_t seen_commit_errors_ = 0;
  uint64_t commit_errors_at_commit_ = 0;  // source commit errors already answered by a re-commit
  uint64_t seen_consume_errors_ = 0;
  int64_t assigned_ = 0;
  bool ready_ = false;
  // Scratch for header values, reused per record.
  std::string cluster_, similarity_, source_ref_;
};

Status Daemon::Impl::init(DaemonOptions& options) {
  log_ = options.log ? options.log : stderr_log;
  registry_ = options.metrics;
  if (registry_ != nullptr) {
    pm_ = registry_->pipeline();
    sm_ = registry_->source();
    km_ = registry_->sink();
    stm_ = registry_->stages();
    dm_ = registry_->decide();
    im_ = registry_->index();
    stm_state_ = registry_->state();
  }
  health_ = options.health;
  current_config_ = std::move(options.current_config);
  log_threshold_ = severity_threshold(config_->log.level);
  const config::KafkaConfig& kafka = config_->kafka;
  const std::string brokers = options.brokers.empty() ? kafka.brokers : options.brokers;

  auto show = [this](int severity, const std::string& message) { log(severity, message); };
  auto consumer_props = client_properties(kafka, kafka.consumer, "consumer", brokers, show);
  if (!consumer_props.ok()) return consumer_props.error();
  auto producer_props = client_properties(kafka, kafka.producer, "producer", brokers, show);
  if (!producer_props.ok()) return producer_props.error();
  state_topic_ = kafka.topics.state;
  exactly_once_ = kafka.exactly_once;
  if (!state_topic_.empty()) {
    source::StateReaderOptions ro;
    ro.properties = consumer_props.value();
    ro.properties["group.id"] = kafka.group_id;
    ro.topic = state_topic_;
    ro.log = [this](int severity, std::string_view message) {
      log(severity, std::string(message));
    };
    auto reader = source::StateReader::create(std::move(ro));
    if (!reader.ok()) return reader.error();
    state_reader_ = std::move(reader.value());
  }
  if (exactly_once_) {
    std::string id = kafka.transactional_id;
    if (id.empty()) {
      // Stable per instance: a restarted instance (same host name, e.g. a StatefulSet pod)
      // fences its predecessor's open transaction.
      char host[256] = {};
      if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::strcpy(host, "local");
      id = kafka.group_id + "-" + host;
    }
    producer_props->insert_or_assign("transactional.id", id);
    // Outputs of an open transaction stay invisible to read_committed consumers: read only
    // committed input too, so a transactional upstream is handled the same way.
    consumer_props->insert_or_assign("isolation.level", "read_committed");
  }
  consumer_props->emplace("group.id", kafka.group_id);
  if (registry_ != nullptr) {
    // Consumer lag per partition comes from librdkafka's statistics.
    consumer_props->emplace("statistics.interval.ms", "5000");
  }

  auto logfn = [this](int severity, std::string_view message) {
    log(severity, std::string(message));
  };
  source::SourceOptions so;
  so.properties = std::move(consumer_props.value());
  so.topics = kafka.topics.input;
  so.listener = this;
  so.log = logfn;
  so.defer_subscribe = true;  // run() subscribes once the index is restored
  if (registry_ != nullptr) {
    so.on_statistics = [this](std::string_view json) { on_statistics(json); };
  }
  auto source = source::KafkaSource::create(std::move(so));
  if (!source.ok()) return source.error();
  source_ = std::move(source.value());

  sink::SinkOptions sk;
  sk.properties = std::move(producer_props.value());
  sk.listener = this;
  sk.log = logfn;
  auto sink = sink::KafkaSink::create(std::move(sk));
  if (!sink.ok()) return sink.error();
  sink_ = std::move(sink.value());
  if (exactly_once_) {
    sink::TxnStatus ts = sink_->init_transactions(kTxnTimeoutMs);
    if (!ts.ok()) return Error{ErrorCode::kIo, ts.message};
  }

  slots_.reserve(std::min<size_t>(kafka.max_in_flight + kMaxBatch, 1u << 20));
  std::string topics;
  for (const auto& t : kafka.topics.input) topics += (topics.empty() ? "" : ",") + t;
  log(6, "consuming " + topics + " as group " + kafka.group_id + " from " + brokers +
             (kafka.shadow ? " (shadow mode)" : "") +
             (state_topic_.empty() ? ", state disabled" : ", state topic " + state_topic_) +
             (exactly_once_ ? ", exactly-once" : ""));
  return {};
}

uint32_t Daemon::Impl::alloc_slot() {
  ++slots_used_;
  if (!free_slots_.empty()) {
    const uint32_t i = free_slots_.back();
    free_slots_.pop_back();
    return i;
  }
  slots_.emplace_back();
  return static_cast<uint32_t>(slots_.size() - 1);
}

void Daemon::Impl::release_slot(uint32_t index) {
  slots_[index].message.reset();
  --slots_used_;
  free_slots_.push_back(index);
}

void Daemon::Impl::on_delivery(uint64_t token, const Status& status) {
  if ((token & kStateToken) != 0) {
    const auto index = static_cast<uint32_t>(token & ~kStateToken);
    if (!status.ok()) {
      // The index update is not durable: the record must not be committed. Stop; the restart
      // reads it again and writes its state record again.
      stats_.delivery_errors.fetch_add(1, std::memory_order_relaxed);
      if (registry_ != nullptr) {
        const std::string& m = status.error().message;
        registry_->delivery_error(m.substr(0, m.find(':')));
      }
      if (fatal_.code == ErrorCode::kOk) fatal_ = status.error();
      log(3, "state record: " + status.error().message);
      return;
    }
    stats_.state_produced.fetch_add(1, std::memory_order_relaxed);
    stm_state_.produced.inc();
    finish_output(index);
    return;
  }
  Slot& slot = slots_[token];
  if (!status.ok() && status.error().code == ErrorCode::kTooLarge && !slot.value_dropped) {
    // Handled on the loop thread (not inside the producer's poll): see reject_oversized().
    oversized_.push_back({static_cast<uint32_t>(token), status.error()});
    return;
  }
  if (!status.ok()) {
    // librdkafka already retried: a record we cannot publish must not be committed. Stop and
    // let the restart read it again.
    stats_.delivery_errors.fetch_add(1, std::memory_order_relaxed);
    if (registry_ != nullptr) {
      // The sink's message starts with librdkafka's error name (a bounded set).
      const std::string& m = status.error().message;
      registry_->delivery_error(m.substr(0, m.find(':')));
    }
    if (fatal_.code == ErrorCode::kOk) fatal_ = status.error();
    log(3, status.error().message);
    return;
  }
  stats_.produced.fetch_add(1, std::memory_order_relaxed);
  switch (slot.output) {
    case Output::kCanonical:
      km_.produced_canonical.inc();
      break;
    case Output::kDuplicates:
      km_.produced_duplicates.inc();
      break;
    case Output::kDeadLetter:
      km_.produced_dead_letter.inc();
      break;
  }
  finish_output(static_cast<uint32_t>(token));
}

void Daemon::Impl::finish_output(uint32_t index) {
  Slot& slot = slots_[index];
  if (--slot.pending > 0) return;
  tracker_.complete(slot.handle, slot.offset);
  stats_.completed.fetch_add(1, std::memory_order_relaxed);
  release_slot(index);
}

Status Daemon::Impl::send(const sink::OutRecord& record, uint64_t slot) {
  for (;;) {
    Error error;
    switch (sink_->send(record, slot, &error)) {
      case sink::SendResult::kOk:
        return {};
      case sink::SendResult::kError:
        return error;
      case sink::SendResult::kQueueFull:
        // Never drop: wait for deliveries to make room. Consumption is implicitly paused
        // because this thread is the one that polls the consumer.
        stats_.queue_full_waits.fetch_add(1, std::memory_order_relaxed);
        if (health_ != nullptr) health_->heartbeat();
        sink_->poll(kPollMs);
        if (stopping_ && Clock::now() > stop_deadline_) {
          return Error{ErrorCode::kIo, "shutdown timed out while the producer queue was full"};
        }
        break;
    }
  }
}

void Daemon::Impl::handle(source::Message&& message, Prepared& prepared,
                          const StageTimings* timings) {
  stats_.in.fetch_add(1, std::memory_order_relaxed);
  stats_.in_bytes.fetch_add(message.value().size(), std::memory_order_relaxed);
  pm_.records_in.inc();
  Decision d;
  // The input position identifies a replay (the same record read again after a restart or a
  // rebalance): it gets its first verdict again instead of becoming its own duplicate.
  const uint64_t source_key =
      state::source_key(message.topic(), message.partition(), message.offset());
  state::StateRecord update;
  state::StateRecord* want_update = state_reader_ ? &update : nullptr;
  if (registry_ != nullptr) {
    decide::DecisionTrace trace;
    const Clock::time_point t0 = Clock::now();
    d = engine_.decide(prepared, &trace, source_key, want_update);
    const int64_t decide_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
    observe(prepared, d, timings, trace, decide_ns);
  } else {
    d = engine_.decide(prepared, nullptr, source_key, want_update);
  }
  const bool write_state = want_update != nullptr && d.indexed;
  pm_.count(d);
  if (pm_.latency || pm_.event_age) {
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    if (message.timestamp_ms() > 0) {
      pm_.latency.observe(static_cast<double>(now_ms - message.timestamp_ms()) / 1000.0);
    }
    if (prepared.status.ok() && prepared.article.published_at_ms != 0) {
      pm_.event_age.observe(static_cast<double>(now_ms - prepared.article.published_at_ms) /
                            1000.0);
    }
  }
  const config::KafkaConfig& kafka = config_->kafka;

  const OffsetTracker::Handle handle = tracker_.partition(message.topic(), message.partition());
  const int64_t offset = message.offset();
  tracker_.track(handle, offset);

  switch (d.verdict) {
    case Verdict::kCanonical:
      stats_.canonical.fetch_add(1, std::memory_order_relaxed);
      break;
    case Verdict::kDuplicate:
      stats_.duplicate.fetch_add(1, std::memory_order_relaxed);
      break;
    case Verdict::kInvalid:
      stats_.invalid.fetch_add(1, std::memory_order_relaxed);
      break;
  }
  stats_.by_rule[static_cast<size_t>(d.rule)].fetch_add(1, std::memory_order_relaxed);

  const std::string* topic = &kafka.topics.output;
  Output output = Output::kCanonical;
  if (!kafka.shadow) {
    if (d.verdict == Verdict::kDuplicate) {
      topic = &kafka.topics.duplicates;
      output = Output::kDuplicates;
    }
    if (d.verdict == Verdict::kInvalid) {
      topic = &kafka.topics.dead_letter;
      output = Output::kDeadLetter;
      if (!topic->empty()) km_.dead_letter(d.error).inc();
    }
  }
  if (topic->empty() && !write_state) {
    // Routing disabled for this outcome: the record is done once decided.
    tracker_.complete(handle, offset);
    stats_.completed.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (exactly_once_) ensure_transaction();

  std::array<sink::Header, 8> headers;
  size_t n = 0;
  headers[n++] = {kHeaderVerdict, verdict_name(d.verdict)};
  source_ref_.assign(message.topic());
  source_ref_ += '/' + std::to_string(message.partition()) + '/' + std::to_string(offset);
  headers[n++] = {kHeaderSource, source_ref_};
  if (d.verdict != Verdict::kInvalid) {
    cluster_ = std::to_string(d.cluster);
    const char* rule = rule_name(d.rule);
    headers[n++] = {kHeaderCluster, cluster_};
    headers[n++] = {kHeaderRule, *rule != '\0' ? rule : "none"};
  }
  if (d.verdict == Verdict::kDuplicate) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", d.similarity);
    similarity_ = buf;
    headers[n++] = {kHeaderCanonicalId, d.canonical_id};
    headers[n++] = {kHeaderSimilarity, similarity_};
  }
  if (d.verdict == Verdict::kInvalid) {
    headers[n++] = {kHeaderError, error_code_name(d.error)};
    headers[n++] = {kHeaderReason, d.reason};
  }

  const uint32_t index = alloc_slot();
  Slot& slot = slots_[index];
  slot.message = std::move(message);
  slot.handle = handle;
  slot.offset = offset;
  slot.pending = (topic->empty() ? 0 : 1) + (write_state ? 1 : 0);
  slot.output = output;
  slot.value_dropped = false;
  if (write_state) {
    // The state record goes first: a peer tailing the state topic can know the article
    // before its output is visible. The tracker waits for both.
    state_buf_.clear();
    state::encode(update, state_buf_);
    sink::OutRecord srec;
    srec.topic = state_topic_;
    srec.has_key = true;
    srec.key = update.id;
    srec.value = state_buf_;
    srec.copy = true;
    Status st = send(srec, index | kStateToken);
    if (!st.ok()) {
      // Not queued: the record stays uncommitted (its slot is kept so the offset never passes).
      if (fatal_.code == ErrorCode::kOk) fatal_ = st.error();
      log(3, "state record: " + st.error().message);
      return;
    }
  }
  if (topic->empty()) return;
  sink::OutRecord record;
  record.topic = *topic;
  record.has_key = slot.message.has_key();
  record.key = slot.message.key();
  record.value = slot.message.value();
  record.headers = std::span<const sink::Header>(headers.data(), n);
  Status st = send(record, index);
  if (!st.ok() && st.error().code == ErrorCode::kTooLarge) {
    reject_oversized(index, st.error());
    return;
  }
  if (!st.ok()) {
    // Not queued: the record stays uncommitted (its slot is kept so the offset never passes).
    if (fatal_.code == ErrorCode::kOk) fatal_ = st.error();
    log(3, st.error().message);
  }
}

void Daemon::Impl::observe(const Prepared& prepared, const Decision& d, const StageTimings* timings,
                           const decide::DecisionTrace& trace, int64_t decide_ns) const {
  constexpr double kNsPerSecond = 1e9;
  if (timings != nullptr) {
    // A stage that did not run (invalid record) is not observed.
    stm_.parse.observe(static_cast<double>(timings->parse_ns) / kNsPerSecond);
    if (prepared.status.ok()) {
      stm_.normalize.observe(static_cast<double>(timings->normalize_ns) / kNsPerSecond);
      stm_.fingerprint.observe(static_cast<double>(timings->fingerprint_ns) / kNsPerSecond);
    }
  }
  if (!prepared.status.ok()) return;  // decided without the index
  stm_.decide.observe(static_cast<double>(decide_ns) / kNsPerSecond);
  if (d.verdict == Verdict::kDuplicate) {
    dm_.similarity[static_cast<size_t>(d.rule)].observe(d.similarity);
  }
  // An exact match is found without a candidate lookup.
  if (d.rule != Rule::kExact) im_.candidates.observe(static_cast<double>(trace.candidates));
  if (d.verdict == Verdict::kCanonical && trace.near_miss) dm_.near_misses.inc();
  if (trace.fact_mismatch) dm_.fact_mismatches.inc();
}

bool Daemon::Impl::drain(Clock::time_point deadline) {
  while (tracker_.in_flight() > 0 && fatal_.code == ErrorCode::kOk) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    sink_->poll(static_cast<int>(std::min<int64_t>(left, kPollMs)));
    reject_pending_oversized();
  }
  return tracker_.in_flight() == 0;
}

void Daemon::Impl::reject_oversized(uint32_t index, const Error& why) {
  Slot& slot = slots_[index];
  stats_.oversized.fetch_add(1, std::memory_order_relaxed);
  log(4, "record " + std::string(slot.message.topic()) + "/" +
             std::to_string(slot.message.partition()) + "/" + std::to_string(slot.offset) +
             " refused for its size (" + std::to_string(slot.message.value().size()) +
             " bytes): reported to the dead-letter topic without its value");
  const std::string& dead_letter = config_->kafka.topics.dead_letter;
  if (dead_letter.empty()) {
    finish_output(index);
    return;
  }
  slot.value_dropped = true;
  slot.output = Output::kDeadLetter;
  km_.dead_letter(ErrorCode::kTooLarge).inc();
  source_ref_.assign(slot.message.topic());
  source_ref_ += '/' + std::to_string(slot.message.partition()) + '/' + std::to_string(slot.offset);
  const std::string reason = why.message + " (value of " +
                             std::to_string(slot.message.value().size()) +
                             " bytes not republished)";
  const std::array<sink::Header, 4> headers = {
      {{kHeaderVerdict, "invalid"},
       {kHeaderSource, source_ref_},
       {kHeaderError, error_code_name(ErrorCode::kTooLarge)},
       {kHeaderReason, reason}}};
  sink::OutRecord record;
  record.topic = dead_letter;
  record.has_key = slot.message.has_key();
  record.key = slot.message.key();
  record.headers = headers;
  Status st = send(record, index);
  if (!st.ok()) {
    if (fatal_.code == ErrorCode::kOk) fatal_ = st.error();
    log(3, st.error().message);
  }
}

void Daemon::Impl::reject_pending_oversized() {
  while (!oversized_.empty()) {
    auto [index, why] = std::move(oversized_.back());
    oversized_.pop_back();
    reject_oversized(index, why);
  }
}

void Daemon::Impl::ensure_transaction() {
  if (in_txn_ || fatal_.code != ErrorCode::kOk) return;
  sink::TxnStatus ts = sink_->begin_transaction();
  if (!ts.ok()) {
    fatal_ = Error{ErrorCode::kIo, ts.message};
    log(3, ts.message);
    return;
  }
  in_txn_ = true;
}

void Daemon::Impl::commit_transaction() {
  auto fail = [this](const std::string& message, bool abort) {
    if (abort && in_txn_) {
      // The index still holds the aborted decisions; the restart rebuilds it from the
      // committed state and re-reads the input from the committed offsets.
      sink::TxnStatus as = sink_->abort_transaction(kTxnTimeoutMs);
      if (!as.ok()) log(3, as.message);
      stats_.aborts.fetch_add(1, std::memory_order_relaxed);
      stm_state_.aborts.inc();
    }
    in_txn_ = false;
    if (fatal_.code == ErrorCode::kOk) fatal_ = Error{ErrorCode::kIo, message};
    log(3, message);
  };
  if (fatal_.code != ErrorCode::kOk) {
    if (in_txn_) fail(fatal_.message, /*abort=*/true);
    return;
  }
  // Every record of the transaction acknowledged: their offsets are then committable.
  if (!drain(stopping_ ? stop_deadline_ : shutdown_deadline())) {
    fail("transaction: records still unacknowledged at the commit deadline", /*abort=*/true);
    return;
  }
  commits_.clear();
  tracker_.take_commits(commits_);
  if (!in_txn_ && commits_.empty()) return;
  ensure_transaction();
  if (fatal_.code != ErrorCode::kOk) return;
  std::vector<sink::OffsetToCommit> offsets;
  offsets.reserve(commits_.size());
  for (auto& c : commits_) offsets.push_back({std::move(c.topic), c.partition, c.offset});
  const std::shared_ptr<rd_kafka_consumer_group_metadata_s> group = source_->group_metadata();
  sink::TxnStatus ts = sink_->send_offsets_to_transaction(offsets, group.get(), kTxnTimeoutMs);
  for (int attempt = 0; ts.ok() || ts.kind == sink::TxnError::kRetriable; ++attempt) {
    if (attempt == 3) break;
    ts = sink_->commit_transaction(kTxnTimeoutMs);
    if (ts.ok()) break;
  }
  if (!ts.ok()) {
    fail(ts.message, ts.kind != sink::TxnError::kFatal);
    return;
  }
  in_txn_ = false;
  stats_.commits.fetch_add(1, std::memory_order_relaxed);
  stats_.transactions.fetch_add(1, std::memory_order_relaxed);
  stm_state_.transactions.inc();
}

void Daemon::Impl::commit(bool async) {
  if (exactly_once_) {
    commit_transaction();
    return;
  }
  // An async commit reports failure later, through the source's counter: send it again.
  if (const uint64_t errors = source_->stats().commit_errors; errors != commit_errors_at_commit_) {
    commit_errors_at_commit_ = errors;
    tracker_.recommit_all();
  }
  commits_.clear();
  tracker_.take_commits(commits_);
  if (commits_.empty()) return;
  std::vector<source::TopicPartitionOffset> offsets;
  offsets.reserve(commits_.size());
  for (auto& c : commits_) offsets.push_back({std::move(c.topic), c.partition, c.offset});
  Status st = source_->commit(offsets, async);
  stats_.commits.fetch_add(1, std::memory_order_relaxed);
  if (!st.ok()) {
    log(4, st.error().message);
    tracker_.recommit_all();
  }
}

void Daemon::Impl::on_assigned(const std::vector<source::TopicPartition>& partitions) {
  stats_.rebalances.fetch_add(1, std::memory_order_relaxed);
  sm_.rebalance_assign.inc();
  assigned_ += static_cast<int64_t>(partitions.size());
  sm_.assigned_partitions.set(static_cast<double>(assigned_));
  if (!ready_) {
    // The first assignment (possibly empty) makes the daemon ready.
    ready_ = true;
    if (health_ != nullptr) health_->set(ops::Health::Condition::kPartitionsAssigned, true);
    ops::notify_ready();
  }
  // A partition we owned before starts over from its committed offset.
  for (const auto& tp : partitions) tracker_.forget(tp.topic, tp.partition);
  if (state_reader_ && !partitions.empty()) {
    // The previous owner's state records precede its commits: with the state topic read up
    // to its current end, every record it committed is in this index before we read on after
    // its commit (no consistency window across a rebalance).
    Result<size_t> got = state_reader_->catch_up(
        kCatchUpMs, [this](const source::StateMessage& m) { apply_state(m, true); });
    if (!got.ok()) log(4, "state catch-up on assignment: " + got.error().message);
  }
}

void Daemon::Impl::on_revoking(const std::vector<source::TopicPartition>& partitions, bool lost) {
  stats_.rebalances.fetch_add(1, std::memory_order_relaxed);
  (lost ? sm_.rebalance_lost : sm_.rebalance_revoke).inc();
  if (registry_ != nullptr) {
    for (const auto& tp : partitions) registry_->remove_consumer_lag(tp.topic, tp.partition);
  }
  assigned_ = std::max<int64_t>(0, assigned_ - static_cast<int64_t>(partitions.size()));
  sm_.assigned_partitions.set(static_cast<double>(assigned_));
  // Finish what was consumed so the next owner starts right after it.
  const bool drained = drain(stopping_ ? stop_deadline_ : shutdown_deadline());
  if (!drained) {
    log(4, "rebalance: " + std::to_string(tracker_.in_flight()) +
               " records still in flight; they will be processed again by the next owner");
  }
  if (!lost) {
    commit(/*async=*/false);
  } else if (exactly_once_ && in_txn_) {
    // The open transaction holds records of partitions that now belong to another member:
    // its offsets would be fenced. Abort and restart from the committed state.
    if (fatal_.code == ErrorCode::kOk) {
      fatal_ = Error{ErrorCode::kIo, "partitions lost during a transaction"};
    }
    commit_transaction();
  }
  for (const auto& tp : partitions) tracker_.forget(tp.topic, tp.partition);
}

void Daemon::Impl::apply_config(std::shared_ptr<const config::Config> config) {
  engine_.reconfigure(config);
  pool_.reconfigure(config);
  log_threshold_ = severity_threshold(config->log.level);
  config_ = std::move(config);
  log(6, std::string("config reloaded (live keys applied") +
             (config_->kafka.shadow ? ", shadow mode)" : ")"));
}

void Daemon::Impl::on_statistics(std::string_view json) {
  Result<parse::KafkaStats> stats = parse::parse_kafka_stats(json);
  if (!stats.ok()) {
    log(7, "librdkafka statistics: " + stats.error().message);
    return;
  }
  for (const auto& p : stats->partitions) {
    if (p.consumer_lag >= 0) {
      registry_->consumer_lag(p.topic, p.partition).set(static_cast<double>(p.consumer_lag));
    }
  }
}

void Daemon::Impl::update_gauges() {
  pm_.in_flight.set(static_cast<double>(tracker_.in_flight()));
  km_.queue_depth.set(static_cast<double>(sink_->outstanding()));
  const source::SourceStats& ss = source_->stats();
  if (ss.commit_errors != seen_commit_errors_) {
    sm_.commit_failures.inc(static_cast<double>(ss.commit_errors - seen_commit_errors_));
    seen_commit_errors_ = ss.commit_errors;
  }
  if (ss.consume_errors != seen_consume_errors_) {
    sm_.errors.inc(static_cast<double>(ss.consume_errors - seen_consume_errors_));
    seen_consume_errors_ = ss.consume_errors;
  }
  // Index::stats() walks every entry for its byte estimate: once a second is enough.
  const Clock::time_point now = Clock::now();
  if (registry_ != nullptr && now >= next_index_update_) {
    next_index_update_ = now + std::chrono::seconds(1);
    const index::IndexStats is = engine_.decider().index().stats();
    im_.entries.set(static_cast<double>(is.entries));
    im_.memory_bytes.set(static_cast<double>(is.bytes));
    if (is.evicted_ttl > seen_index_.evicted_ttl) {
      im_.evicted_ttl.inc(static_cast<double>(is.evicted_ttl - seen_index_.evicted_ttl));
    }
    if (is.evicted_capacity > seen_index_.evicted_capacity) {
      im_.evicted_capacity.inc(
          static_cast<double>(is.evicted_capacity - seen_index_.evicted_capacity));
    }
    if (is.band_rebuilds > seen_index_.band_rebuilds) {
      im_.band_rebuilds.inc(static_cast<double>(is.band_rebuilds - seen_index_.band_rebuilds));
    }
    seen_index_ = is;
  }
}

void Daemon::Impl::apply_state(const source::StateMessage& m, bool tailing) {
  state::StateRecord r;
  if (Status st = state::decode(m.value, r); !st.ok()) {
    stats_.state_corrupt.fetch_add(1, std::memory_order_relaxed);
    stm_state_.corrupt.inc();
    log(4, "state record " + state_topic_ + "/" + std::to_string(m.partition) + "/" +
               std::to_string(m.offset) + " skipped: " + st.error().message);
    return;
  }
  switch (engine_.restore(r)) {
    case Engine::Applied::kInserted:
      (tailing ? stats_.state_applied : stats_.state_restored)
          .fetch_add(1, std::memory_order_relaxed);
      stm_state_.inserted.inc();
      if (tailing && m.timestamp_ms > 0) {
        // A peer's decision reaching this index: the scale-out consistency window.
        const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
        const double lag = static_cast<double>(std::max<int64_t>(0, now_ms - m.timestamp_ms));
        stm_state_.apply_lag.observe(lag / 1000.0);
        if (lag_us_.size() < (1u << 20)) lag_us_.push_back(static_cast<int64_t>(lag * 1000.0));
      }
      break;
    case Engine::Applied::kKnown:
      stats_.state_known.fetch_add(1, std::memory_order_relaxed);
      stm_state_.known.inc();
      break;
    case Engine::Applied::kExpired:
      stats_.state_expired.fetch_add(1, std::memory_order_relaxed);
      stm_state_.expired.inc();
      break;
    case Engine::Applied::kIncompatible:
      stats_.state_incompatible.fetch_add(1, std::memory_order_relaxed);
      stm_state_.incompatible.inc();
      break;
  }
}

Status Daemon::Impl::restore(const std::function<bool()>& stop_requested) {
  const Clock::time_point t0 = Clock::now();
  Status st = state_reader_->start();
  if (!st.ok()) return st;
  engine_.reserve_restore(state_reader_->backlog());
  size_t records = 0;
  while (!state_reader_->caught_up()) {
    if (stop_requested()) return {};  // run() sees the stop too
    if (health_ != nullptr) health_->heartbeat();
    Result<size_t> got = state_reader_->poll(
        kPollMs, 4096, [this](const source::StateMessage& m) { apply_state(m, false); });
    if (!got.ok()) return got.error();
    records += got.value();
  }
  engine_.restored();
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  stm_state_.restore_seconds.set(seconds);
  char line[384];
  std::snprintf(line, sizeof line,
                "state restored from %s: %zu records in %.3f s (inserted %" PRIu64
                ", known %" PRIu64 ", expired %" PRIu64 ", incompatible %" PRIu64
                ", corrupt %" PRIu64 ")",
                state_topic_.c_str(), records, seconds, stats_.state_restored.load(),
                stats_.state_known.load(), stats_.state_expired.load(),
                stats_.state_incompatible.load(), stats_.state_corrupt.load());
  log(6, line);
  return {};
}

Status Daemon::Impl::apply_peer_state(size_t max) {
  Result<size_t> got =
      state_reader_->poll(0, max, [this](const source::StateMessage& m) { apply_state(m, true); });
  if (!got.ok()) return got.error();
  return {};
}

Status Daemon::Impl::run(const std::function<bool()>& stop_requested) {
  // Restart-only values, copied: a reload replaces config_.
  const size_t max_in_flight = std::max<size_t>(1, config_->kafka.max_in_flight);
  const auto commit_every = std::chrono::milliseconds(config_->kafka.commit_interval_ms);
  if (health_ != nullptr) health_->set(ops::Health::Condition::kSinkReady, true);
  if (state_reader_) {
    // Before the input is subscribed: the first record decided already sees the whole index.
    Status st = restore(stop_requested);
    if (!st.ok()) return st;
  }
  if (health_ != nullptr) health_->set(ops::Health::Condition::kStateLoaded, true);
  if (Status st = source_->subscribe(); !st.ok()) return st;
  auto next_commit = Clock::now() + commit_every;
  bool paused = false;
  Clock::time_point full_since{};
  std::vector<source::Message> batch;
  batch.reserve(kMaxBatch);

  while (!stop_requested() && fatal_.code == ErrorCode::kOk) {
    if (health_ != nullptr) health_->heartbeat();
    if (current_config_) {
      std::shared_ptr<const config::Config> latest = current_config_();
      if (latest && latest != config_) apply_config(std::move(latest));
    }
    update_gauges();
    sink_->poll(0);
    reject_pending_oversized();
    if (state_reader_) {
      // Index updates of the group's other instances (and our own, already known).
      Status st = apply_peer_state(kMaxStatePerTurn);
      if (!st.ok()) {
        fatal_ = st.error();
        break;
      }
    }
    const size_t in_flight = tracker_.in_flight();
    batch.clear();
    if (in_flight >= max_in_flight) {
      // Back-pressure: take nothing new until deliveries make room. Not polling the consumer
      // keeps its prefetched records; only a long stall pauses the partitions (which drops the
      // prefetch) so that polls can keep serving the group without returning records.
      stats_.in_flight_waits.fetch_add(1, std::memory_order_relaxed);
      const auto now = Clock::now();
      if (full_since == Clock::time_point{}) full_since = now;
      if (!paused && now - full_since > kStallBeforePause) {
        Status st = source_->pause();
        if (!st.ok()) log(4, st.error().message);
        paused = true;
        stats_.pauses.fetch_add(1, std::memory_order_relaxed);
      }
      sink_->poll(kPollMs / 2);
      if (!paused) continue;
    } else {
      full_since = {};
      if (paused && in_flight <= max_in_flight / 2) {
        Status st = source_->resume();
        if (!st.ok()) log(4, st.error().message);
        paused = false;
      }
    }

    const size_t room = paused ? kMaxBatch : std::min(kMaxBatch, max_in_flight - in_flight);
    Status st = source_->poll(paused ? 0 : kPollMs, std::max<size_t>(room, 1), batch);
    if (!st.ok()) {
      fatal_ = st.error();
      break;
    }
    const bool timed = registry_ != nullptr;
    pool_.prepare(batch, prepared_, timed ? &timings_ : nullptr);
    for (size_t i = 0; i < batch.size(); ++i) {
      handle(std::move(batch[i]), prepared_[i], timed ? &timings_[i] : nullptr);
    }
    batch.clear();
    if (Clock::now() >= next_commit) {
      commit(/*async=*/true);
      next_commit = Clock::now() + commit_every;
    }
  }

  // Shutdown (or fatal error): stop consuming, drain, commit, leave the group.
  stopping_ = true;
  stop_deadline_ = shutdown_deadline();
  if (health_ != nullptr) health_->set_stopping();
  ops::notify_stopping();
  if (fatal_.code == ErrorCode::kOk) {
    log(6, "stopping: draining " + std::to_string(tracker_.in_flight()) + " records in flight");
  }
  const bool drained = drain(stop_deadline_);
  commit(/*async=*/false);
  Status close = source_->close();
  if (!close.ok()) log(4, close.error().message);
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(stop_deadline_ - Clock::now()).count();
  Status flushed = sink_->flush(static_cast<int>(std::max<int64_t>(left, 0)));

  auto lag_quantile = [this](double q) -> int64_t {
    if (lag_us_.empty()) return -1;
    const auto k = static_cast<size_t>(q * static_cast<double>(lag_us_.size() - 1));
    std::nth_element(lag_us_.begin(), lag_us_.begin() + static_cast<std::ptrdiff_t>(k),
                     lag_us_.end());
    return lag_us_[k];
  };
  const int64_t lag_p50 = lag_quantile(0.5);
  const int64_t lag_p99 = lag_quantile(0.99);
  char summary[896];
  std::snprintf(summary, sizeof summary,
                "summary in=%" PRIu64 " canonical=%" PRIu64 " duplicate=%" PRIu64
                " invalid=%" PRIu64 " exact=%" PRIu64 " near=%" PRIu64 " contained=%" PRIu64
                " update=%" PRIu64 " produced=%" PRIu64 " in_flight=%zu oversized=%" PRIu64
                " queue_full_waits=%" PRIu64 " in_flight_waits=%" PRIu64 " pauses=%" PRIu64
                " state_produced=%" PRIu64 " state_restored=%" PRIu64 " state_applied=%" PRIu64
                " transactions=%" PRIu64 " aborts=%" PRIu64 " state_lag_p50_us=%" PRId64
                " state_lag_p99_us=%" PRId64,
                stats_.in.load(), stats_.canonical.load(), stats_.duplicate.load(),
                stats_.invalid.load(), stats_.by_rule[static_cast<size_t>(Rule::kExact)].load(),
                stats_.by_rule[static_cast<size_t>(Rule::kNear)].load(),
                stats_.by_rule[static_cast<size_t>(Rule::kContained)].load(),
                stats_.by_rule[static_cast<size_t>(Rule::kUpdate)].load(), stats_.produced.load(),
                tracker_.in_flight(), stats_.oversized.load(), stats_.queue_full_waits.load(),
                stats_.in_flight_waits.load(), stats_.pauses.load(), stats_.state_produced.load(),
                stats_.state_restored.load(), stats_.state_applied.load(),
                stats_.transactions.load(), stats_.aborts.load(), lag_p50, lag_p99);
  log(6, summary);

  if (fatal_.code != ErrorCode::kOk) return fatal_;
  if (!drained || tracker_.in_flight() > 0) {
    return Error{ErrorCode::kIo, "shutdown timed out with " + std::to_string(tracker_.in_flight()) +
                                     " records in flight (not committed; they will be re-read)"};
  }
  if (!flushed.ok()) return flushed;
  return {};
}

// ---- Daemon ----------------------------------------------------------------------------------

Daemon::Daemon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Daemon::~Daemon() = default;

Result<std::unique_ptr<Daemon>> Daemon::create(DaemonOptions options) {
  if (!options.config) return Error{ErrorCode::kConfig, "daemon: no config"};
  unsigned workers = 0;
  if (options.prepare_threads >= 0) {
    workers = static_cast<unsigned>(options.prepare_threads);
  } else {
    // Leave one core to librdkafka's threads; the loop thread prepares too.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    workers = std::min(cores > 2 ? cores - 2 : 1u, 7u);
  }
  auto impl = std::make_unique<Impl>(options.config, workers);
  Status st = impl->init(options);
  if (!st.ok()) return st.error();
  return std::unique_ptr<Daemon>(new Daemon(std::move(impl)));
}

Status Daemon::run(const std::function<bool()>& stop_requested) {
  return impl_->run(stop_requested);
}
const DaemonStats& Daemon::stats() const { return impl_->stats(); }

}  // namespace newsdedup::pipeline
