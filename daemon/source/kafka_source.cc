// The librdkafka consumer behind source::KafkaSource (C API; rdkafka.h stays in this module).
#include "newsdedup/source/kafka_source.h"
#include "newsdedup/config/config.h"

#include <librdkafka/rdkafka.h>

#include <cstring>
#include <string>

#include "source/kafka_conf_internal.h"

namespace newsdedup::source {

// ---- Message ---------------------------------------------------------------------------------

Message& Message::operator=(Message&& other) noexcept {
  if (this != &other) {
    reset();
    message_ = other.message_;
    other.message_ = nullptr;
  }
  return *this;
}

void Message::reset() {
  if (message_ != nullptr) rd_kafka_message_destroy(message_);
  message_ = nullptr;
}

std::string_view Message::topic() const { return rd_kafka_topic_name(message_->rkt); }
int32_t Message::partition() const { return message_->partition; }
int64_t Message::offset() const { return message_->offset; }
std::string_view Message::value() const {
  if (message_->payload == nullptr) return {};
  return {static_cast<const char*>(message_->payload), message_->len};
}
std::string_view Message::key() const {
  if (message_->key == nullptr) return {};
  return {static_cast<const char*>(message_->key), message_->key_len};
}
bool Message::has_key() const { return message_->key != nullptr; }
int64_t Message::timestamp_ms() const {
  rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  const int64_t ts = rd_kafka_message_timestamp(message_, &type);
  return ts < 0 ? 0 : ts;
}

// ---- KafkaSource -----------------------------------------------------------------------------

struct KafkaSource::Impl {
  rd_kafka_t* rk = nullptr;
  RebalanceListener* listener = nullptr;
  LogFn log;
  std::function<void(std::string_view)> on_statistics;
  SourceStats stats;
  bool paused = false;
  bool closed = false;
  // While poll() runs: its output and where this call's records start. A revoke inside the
  // poll removes records of the revoked partitions taken earlier in the same call: the next
  // owner (or this consumer after reassignment) reads them again from the committed offset.
  std::vector<Message>* polling = nullptr;
  size_t polling_start = 0;
  Error fatal{ErrorCode::kOk, {}};
  std::vector<std::string> topics;

  void emit(int severity, const std::string& message) const {
    if (log) log(severity, message);
  }
  ~Impl() {
    if (rk != nullptr) rd_kafka_destroy(rk);
  }
};

namespace {

std::vector<TopicPartition> to_vector(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> out;
  if (list == nullptr) return out;
  out.reserve(static_cast<size_t>(list->cnt));
  for (int i = 0; i < list->cnt; ++i) {
    out.push_back({list->elems[i].topic, list->elems[i].partition});
  }
  return out;
}

std::string describe(const std::vector<TopicPartition>& parts) {
  std::string s;
  for (const auto& tp : parts) {
    if (!s.empty()) s += ',';
    s += tp.topic + '[' + std::to_string(tp.partition) + ']';
  }
  return s.empty() ? "(none)" : s;
}

void log_cb(const rd_kafka_t* rk, int level, const char* facility, const char* buf) {
  auto* impl = static_cast<KafkaSource::Impl*>(rd_kafka_opaque(rk));
  // Connection failures also arrive through error_cb; log them once.
  if (std::strcmp(facility, "FAIL") == 0) return;
  if (impl != nullptr) impl->emit(level, std::string("consumer ") + facility + ": " + buf);
}

void error_cb(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* impl = static_cast<KafkaSource::Impl*>(opaque);
  ++impl->stats.consume_errors;
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char buf[512];
    const rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, buf, sizeof buf);
    impl->fatal = {ErrorCode::kIo,
                   std::string("consumer fatal error: ") + rd_kafka_err2name(orig) + ": " + buf};
    impl->emit(3, impl->fatal.message);
    return;
  }
  impl->emit(4, std::string("consumer error: ") +
                    rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)) + ": " + reason);
}

int stats_cb(rd_kafka_t*, char* json, size_t json_len, void* opaque) {
  auto* impl = static_cast<KafkaSource::Impl*>(opaque);
  if (impl->on_statistics) impl->on_statistics(std::string_view(json, json_len));
  return 0;  // librdkafka frees the buffer
}

void commit_cb(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
               void* opaque) {
  auto* impl = static_cast<KafkaSource::Impl*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;  // nothing to commit
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++impl->stats.commit_errors;
    impl->emit(4, std::string("offset commit failed: ") + rd_kafka_err2name(err) + " for " +
                      describe(to_vector(offsets)));
    return;
  }
  ++impl->stats.commits;
}

void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                  rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* impl = static_cast<KafkaSource::Impl*>(opaque);
  ++impl->stats.rebalances;
  const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
  const std::vector<TopicPartition> parts = to_vector(partitions);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    impl->emit(6, "assigned " + describe(parts));
    if (impl->listener != nullptr) impl->listener->on_assigned(parts);
    if (cooperative) {
      rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, partitions);
      if (e != nullptr) {
        impl->emit(3, std::string("incremental assign failed: ") + rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(rk, partitions);
    }
    // Partitions assigned while back-pressure holds consumption stay paused too.
    if (impl->paused) rd_kafka_pause_partitions(rk, partitions);
    return;
  }
  const bool lost = err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS || rd_kafka_assignment_lost(rk);
  if (err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    impl->emit(3, std::string("rebalance error: ") + rd_kafka_err2name(err));
  }
  impl->emit(6, std::string(lost ? "lost " : "revoking ") + describe(parts));
  if (impl->polling != nullptr) {
    std::vector<Message>& out = *impl->polling;
    size_t kept = impl->polling_start;
    for (size_t i = impl->polling_start; i < out.size(); ++i) {
      bool revoked = false;
      for (const auto& tp : parts) {
        revoked = revoked || (tp.partition == out[i].partition() && tp.topic == out[i].topic());
      }
      if (!revoked) {
        if (kept != i) out[kept] = std::move(out[i]);
        ++kept;
      }
    }
    out.resize(kept);
  }
  if (impl->listener != nullptr) impl->listener->on_revoking(parts, lost);
  // librdkafka keeps a partition's application pause flag across unassign and a later assign
  // (only its own rebalance pause is reset), while resume() reaches the current assignment
  // only: a partition paused by back-pressure, then revoked or lost, would never be fetched
  // again once assigned back. Partitions leave unpaused; an assignment while paused re-pauses.
  if (impl->paused) rd_kafka_resume_partitions(rk, partitions);
  if (cooperative) {
    rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, partitions);
    if (e != nullptr) rd_kafka_error_destroy(e);
  } else {
    rd_kafka_assign(rk, nullptr);
  }
}

rd_kafka_topic_partition_list_t* to_list(const std::vector<TopicPartitionOffset>& offsets) {
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
  for (const auto& o : offsets) {
    rd_kafka_topic_partition_list_add(list, o.topic.c_str(), o.partition)->offset = o.offset;
  }
  return list;
}

}  // namespace

KafkaSource::KafkaSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KafkaSource::~KafkaSource() {
  if (impl_ && impl_->rk != nullptr && !impl_->closed) (void)close();
}

const SourceStats& KafkaSource::stats() const { return impl_->stats; }

Result<std::unique_ptr<KafkaSource>> KafkaSource::create(SourceOptions options) {
  if (options.topics.empty()) return Error{ErrorCode::kConfig, "kafka source: no input topics"};
  auto impl = std::make_unique<Impl>();
  impl->listener = options.listener;
  impl->log = std::move(options.log);
  impl->on_statistics = std::move(options.on_statistics);

  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const std::string& key, const std::string& value) {
    return source::set_conf(conf, "kafka.consumer", key, value);
  };
  Status status;
  if (!options.properties.contains("auto.offset.reset"))
    status = set("auto.offset.reset", "earliest");
  for (const auto& [key, value] : options.properties) {
    if (!status.ok()) break;
    status = set(key, value);
  }
  // The pipeline decides what may be committed; librdkafka must never commit on its own.
  if (status.ok()) status = set("enable.auto.commit", "false");
  if (status.ok()) status = set("enable.auto.offset.store", "false");
  if (!status.ok()) {
    rd_kafka_conf_destroy(conf);
    return status.error();
  }
  rd_kafka_conf_set_opaque(conf, impl.get());
  rd_kafka_conf_set_log_cb(conf, log_cb);
  rd_kafka_conf_set_error_cb(conf, error_cb);
  rd_kafka_conf_set_offset_commit_cb(conf, commit_cb);
  rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
  if (impl->on_statistics) rd_kafka_conf_set_stats_cb(conf, stats_cb);

  impl->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (impl->rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Error{ErrorCode::kIo, std::string("kafka consumer: ") + errstr};
  }
  // Errors, logs and rebalances are all served by consumer polls.
  rd_kafka_poll_set_consumer(impl->rk);
  impl->topics = std::move(options.topics);
  std::unique_ptr<KafkaSource> source(new KafkaSource(std::move(impl)));
  if (!options.defer_subscribe) {
    Status st = source->subscribe();
    if (!st.ok()) return st.error();
  }
  return source;
}

Status KafkaSource::subscribe() {
  rd_kafka_topic_partition_list_t* topics =
      rd_kafka_topic_partition_list_new(static_cast<int>(impl_->topics.size()));
  for (const auto& t : impl_->topics) {
    rd_kafka_topic_partition_list_add(topics, t.c_str(), RD_KAFKA_PARTITION_UA);
  }
  const rd_kafka_resp_err_t err = rd_kafka_subscribe(impl_->rk, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Error{ErrorCode::kIo,
                 std::string("kafka consumer: subscribe: ") + rd_kafka_err2str(err)};
  }
  return {};
}

std::shared_ptr<rd_kafka_consumer_group_metadata_s> KafkaSource::group_metadata() const {
  return std::shared_ptr<rd_kafka_consumer_group_metadata_s>(
      rd_kafka_consumer_group_metadata(impl_->rk), [](rd_kafka_consumer_group_metadata_s* g) {
        if (g != nullptr) rd_kafka_consumer_group_metadata_destroy(g);
      });
}

Status KafkaSource::poll(int timeout_ms, size_t max, std::vector<Message>& out) {
  int timeout = timeout_ms;
  size_t got = 0;
  impl_->polling = &out;
  impl_->polling_start = out.size();
  struct Reset {
    Impl* impl;
    ~Reset() { impl->polling = nullptr; }
  } reset{impl_.get()};
  while (got < max || max == 0) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(impl_->rk, timeout);
    if (m == nullptr) break;
    timeout = 0;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      out.emplace_back(m);
      ++got;
      ++impl_->stats.consumed;
      if (max == 0) break;
      continue;
    }
    if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++impl_->stats.consume_errors;
      impl_->emit(4, std::string("consume error: ") + rd_kafka_err2name(m->err) + ": " +
                         rd_kafka_message_errstr(m));
      if (m->err == RD_KAFKA_RESP_ERR__FATAL) {
        char buf[512];
        const rd_kafka_resp_err_t orig = rd_kafka_fatal_error(impl_->rk, buf, sizeof buf);
        impl_->fatal = {ErrorCode::kIo, std::string("consumer fatal error: ") +
                                            rd_kafka_err2name(orig) + ": " + buf};
      }
    }
    rd_kafka_message_destroy(m);
    if (impl_->fatal.code != ErrorCode::kOk) break;
  }
  if (impl_->fatal.code != ErrorCode::kOk) return impl_->fatal;
  return {};
}

Status KafkaSource::commit(const std::vector<TopicPartitionOffset>& offsets, bool async) {
  if (offsets.empty()) return {};
  rd_kafka_topic_partition_list_t* list = to_list(offsets);
  const rd_kafka_resp_err_t err = rd_kafka_commit(impl_->rk, list, async ? 1 : 0);
  Status status;
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++impl_->stats.commit_errors;
    status = Error{ErrorCode::kIo, std::string("offset commit: ") + rd_kafka_err2name(err)};
  } else if (!async) {
    // A sync commit can succeed as a request and still fail per partition.
    for (int i = 0; i < list->cnt; ++i) {
      if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++impl_->stats.commit_errors;
        status = Error{ErrorCode::kIo, std::string("offset commit: ") + list->elems[i].topic + '[' +
                                           std::to_string(list->elems[i].partition) +
                                           "]: " + rd_kafka_err2name(list->elems[i].err)};
      }
    }
    if (status.ok()) ++impl_->stats.commits;
  }
  rd_kafka_topic_partition_list_destroy(list);
  return status;
}

namespace {
Status pause_resume(rd_kafka_t* rk, bool pause) {
  rd_kafka_topic_partition_list_t* list = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_assignment(rk, &list);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    err = pause ? rd_kafka_pause_partitions(rk, list) : rd_kafka_resume_partitions(rk, list);
  }
  if (list != nullptr) rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Error{ErrorCode::kIo,
                 std::string(pause ? "pause: " : "resume: ") + rd_kafka_err2name(err)};
  }
  return {};
}
}  // namespace

Status KafkaSource::pause() {
  impl_->paused = true;
  return pause_resume(impl_->rk, true);
}

Status KafkaSource::resume() {
  impl_->paused = false;
  return pause_resume(impl_->rk, false);
}

std::vector<TopicPartition> KafkaSource::assignment() const {
  rd_kafka_topic_partition_list_t* list = nullptr;
  std::vector<TopicPartition> out;
  if (rd_kafka_assignment(impl_->rk, &list) == RD_KAFKA_RESP_ERR_NO_ERROR) out = to_vector(list);
  if (list != nullptr) rd_kafka_topic_partition_list_destroy(list);
  return out;
}

Status KafkaSource::close() {
  if (impl_->closed) return {};
  impl_->closed = true;
  const rd_kafka_resp_err_t err = rd_kafka_consumer_close(impl_->rk);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Error{ErrorCode::kIo, std::string("consumer close: ") + rd_kafka_err2name(err)};
  }
  return {};
}

}  // namespace newsdedup::source
