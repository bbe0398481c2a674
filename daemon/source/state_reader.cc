// The librdkafka consumer behind source::StateReader: assign() instead of subscribe(), so it
// belongs to no group and sees every partition; partition EOF events tell when it caught up.
#include "newsdedup/source/state_reader.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "newsdedup/config/config.h"
#include "source/kafka_conf_internal.h"

namespace newsdedup::source {

struct StateReader::Impl {
  rd_kafka_t* rk = nullptr;
  std::string topic;
  LogFn log;
  int metadata_timeout_ms = 30000;
  std::vector<bool> at_end;   // by partition
  std::vector<int64_t> next;  // by partition: the offset after the last record or EOF seen
  size_t ended = 0;
  size_t backlog = 0;
  Error fatal{ErrorCode::kOk, {}};

  void emit(int severity, const std::string& message) const {
    if (log) log(severity, message);
  }
  ~Impl() {
    if (rk != nullptr) {
      rd_kafka_consumer_close(rk);
      rd_kafka_destroy(rk);
    }
  }
};

namespace {

void log_cb(const rd_kafka_t* rk, int level, const char* facility, const char* buf) {
  auto* impl = static_cast<StateReader::Impl*>(rd_kafka_opaque(rk));
  if (std::strcmp(facility, "FAIL") == 0) return;
  if (impl != nullptr) impl->emit(level, std::string("state reader ") + facility + ": " + buf);
}

void error_cb(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* impl = static_cast<StateReader::Impl*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char buf[512];
    const rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, buf, sizeof buf);
    impl->fatal = {ErrorCode::kIo, std::string("state reader fatal error: ") +
                                       rd_kafka_err2name(orig) + ": " + buf};
    impl->emit(3, impl->fatal.message);
    return;
  }
  impl->emit(4, std::string("state reader error: ") +
                    rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)) + ": " + reason);
}

// Keys that would make this client join (or pretend to be) a group member.
bool is_group_key(const std::string& key) {
  return key == "group.id" || key == "group.instance.id" ||
         key == "partition.assignment.strategy" || key == "enable.auto.commit" ||
         key == "enable.auto.offset.store" || key == "auto.offset.reset" ||
         key == "enable.partition.eof" || key == "isolation.level";
}

}  // namespace

StateReader::StateReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateReader::~StateReader() = default;

Result<std::unique_ptr<StateReader>> StateReader::create(StateReaderOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->topic = std::move(options.topic);
  impl->log = std::move(options.log);
  impl->metadata_timeout_ms = options.metadata_timeout_ms;

  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const std::string& key, const std::string& value) {
    return source::set_conf(conf, "kafka.consumer", key, value);
  };
  std::string group_id = "newsdedup-state-reader";
  if (auto it = options.properties.find("group.id"); it != options.properties.end()) {
    group_id = it->second + ".state-reader";
  }
  Status status;
  for (const auto& [key, value] : options.properties) {
    if (!status.ok()) break;
    if (!is_group_key(key)) status = set(key, value);
  }
  // librdkafka's assign() needs a group.id, but this client never joins the group nor
  // commits: the id only has to exist, and must not be the input group's.
  if (status.ok()) status = set("group.id", group_id);
  // Peers' updates should arrive within the consistency window even when the broker does not
  // answer a waiting fetch early (librdkafka's default wait is 500 ms).
  if (status.ok() && !options.properties.contains("fetch.wait.max.ms")) {
    status = set("fetch.wait.max.ms", "100");
  }
  // Only committed state: in exactly-once mode an aborted transaction's records never count.
  if (status.ok()) status = set("isolation.level", "read_committed");
  if (status.ok()) status = set("enable.partition.eof", "true");
  if (status.ok()) status = set("enable.auto.commit", "false");
  if (status.ok()) status = set("auto.offset.reset", "earliest");
  if (!status.ok()) {
    rd_kafka_conf_destroy(conf);
    return status.error();
  }
  rd_kafka_conf_set_opaque(conf, impl.get());
  rd_kafka_conf_set_log_cb(conf, log_cb);
  rd_kafka_conf_set_error_cb(conf, error_cb);
  impl->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (impl->rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Error{ErrorCode::kIo, std::string("state reader: ") + errstr};
  }
  rd_kafka_poll_set_consumer(impl->rk);
  return std::unique_ptr<StateReader>(new StateReader(std::move(impl)));
}

Status StateReader::start() {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(impl_->rk, impl_->topic.c_str(), nullptr);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(impl_->metadata_timeout_ms);
  int partitions = -1;
  std::string why;
  while (partitions < 0) {
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(impl_->rk, 0, rkt, &md, 5000);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1 &&
        md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR && md->topics[0].partition_cnt > 0) {
      partitions = md->topics[0].partition_cnt;
    } else {
      why = rd_kafka_err2name(err != RD_KAFKA_RESP_ERR_NO_ERROR ? err
                              : md->topic_cnt == 1              ? md->topics[0].err
                                                                : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC);
    }
    if (md != nullptr) rd_kafka_metadata_destroy(md);
    if (partitions >= 0) break;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  rd_kafka_topic_destroy(rkt);
  if (partitions < 0) {
    return Error{ErrorCode::kConfig,
                 "kafka.topics.state: topic " + impl_->topic + " is not available (" + why +
                     "); create it with cleanup.policy=compact,delete and retention.ms above "
                     "the index TTL"};
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int32_t p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list, impl_->topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  const rd_kafka_resp_err_t err = rd_kafka_assign(impl_->rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Error{ErrorCode::kIo, std::string("state reader: assign: ") + rd_kafka_err2name(err)};
  }
  impl_->backlog = 0;
  for (int32_t p = 0; p < partitions; ++p) {
    int64_t low = 0, high = 0;
    if (rd_kafka_query_watermark_offsets(impl_->rk, impl_->topic.c_str(), p, &low, &high, 5000) ==
            RD_KAFKA_RESP_ERR_NO_ERROR &&
        high > low) {
      impl_->backlog += static_cast<size_t>(high - low);
    }
  }
  impl_->at_end.assign(static_cast<size_t>(partitions), false);
  impl_->next.assign(static_cast<size_t>(partitions), 0);
  impl_->ended = 0;
  return {};
}

Result<size_t> StateReader::poll(int timeout_ms, size_t max,
                                 const std::function<void(const StateMessage&)>& fn) {
  size_t got = 0;
  int timeout = timeout_ms;
  while (got < max) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(impl_->rk, timeout);
    if (m == nullptr) break;
    timeout = 0;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      StateMessage sm;
      if (m->key != nullptr) sm.key = {static_cast<const char*>(m->key), m->key_len};
      if (m->payload != nullptr) sm.value = {static_cast<const char*>(m->payload), m->len};
      rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
      const int64_t ts = rd_kafka_message_timestamp(m, &type);
      sm.timestamp_ms = ts < 0 ? 0 : ts;
      sm.partition = m->partition;
      sm.offset = m->offset;
      if (static_cast<size_t>(m->partition) < impl_->next.size()) {
        int64_t& next = impl_->next[static_cast<size_t>(m->partition)];
        next = std::max(next, m->offset + 1);
      }
      fn(sm);
      ++got;
    } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      const auto p = static_cast<size_t>(m->partition);
      if (p < impl_->at_end.size() && !impl_->at_end[p]) {
        impl_->at_end[p] = true;
        ++impl_->ended;
      }
      // The EOF's offset is the end reached (past any transaction markers).
      if (p < impl_->next.size()) impl_->next[p] = std::max(impl_->next[p], m->offset);
    } else {
      impl_->emit(4, std::string("state reader: ") + rd_kafka_err2name(m->err) + ": " +
                         rd_kafka_message_errstr(m));
    }
    rd_kafka_message_destroy(m);
    if (impl_->fatal.code != ErrorCode::kOk) return impl_->fatal;
  }
  return got;
}

Result<size_t> StateReader::catch_up(int timeout_ms,
                                     const std::function<void(const StateMessage&)>& fn) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::vector<int64_t> target(impl_->next.size(), 0);
  for (size_t p = 0; p < target.size(); ++p) {
    int64_t low = 0;
    int64_t high = 0;
    const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
        impl_->rk, impl_->topic.c_str(), static_cast<int32_t>(p), &low, &high, timeout_ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Error{ErrorCode::kIo,
                   std::string("state reader: watermarks: ") + rd_kafka_err2name(err)};
    }
    target[p] = high;
  }
  size_t total = 0;
  for (;;) {
    bool behind = false;
    for (size_t p = 0; p < target.size(); ++p) behind = behind || impl_->next[p] < target[p];
    if (!behind) return total;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) return Error{ErrorCode::kIo, "state reader: catch-up timed out"};
    Result<size_t> got = poll(static_cast<int>(std::min<int64_t>(left, 100)), 4096, fn);
    if (!got.ok()) return got.error();
    total += got.value();
  }
}

bool StateReader::caught_up() const {
  return !impl_->at_end.empty() && impl_->ended == impl_->at_end.size();
}

size_t StateReader::backlog() const { return impl_->backlog; }

size_t StateReader::partitions() const { return impl_->at_end.size(); }

}  // namespace newsdedup::source
