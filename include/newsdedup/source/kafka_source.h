// source::KafkaSource: a librdkafka consumer-group member reading the input topics. Offsets are
// never committed automatically: the pipeline commits what its offset tracker allows (at-least-
// once). Rebalances are reported to a listener from inside poll(), before librdkafka applies
// them. Not thread-safe: one thread polls, commits and closes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/model/result.h"

struct rd_kafka_message_s;
struct rd_kafka_consumer_group_metadata_s;

namespace newsdedup::source {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  friend bool operator==(const TopicPartition&, const TopicPartition&) = default;
};

struct TopicPartitionOffset {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;  // the next offset to consume (Kafka's commit convention)
};

// One consumed record. Owns the librdkafka message, so the key and value bytes stay valid (and
// can be produced without a copy) for as long as the Message lives. Move-only.
class Message {
 public:
  Message() = default;
  explicit Message(rd_kafka_message_s* message) : message_(message) {}
  Message(Message&& other) noexcept : message_(other.message_) { other.message_ = nullptr; }
  Message& operator=(Message&& other) noexcept;
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  ~Message() { reset(); }
  void reset();

  std::string_view topic() const;
  int32_t partition() const;
  int64_t offset() const;
  std::string_view value() const;
  std::string_view key() const;
  bool has_key() const;
  int64_t timestamp_ms() const;  // the record's Kafka timestamp, 0 when it has none

 private:
  rd_kafka_message_s* message_ = nullptr;
};

// Called from inside KafkaSource::poll() and close(), on the polling thread.
class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;
  virtual void on_assigned(const std::vector<TopicPartition>& partitions) = 0;
  // Before the partitions are taken away: finish in-flight work and commit it. `lost` means
  // the group already gave them to someone else (session timeout): commits would fail.
  virtual void on_revoking(const std::vector<TopicPartition>& partitions, bool lost) = 0;
};

// syslog severity (3 error, 4 warning, 6 info, 7 debug) and a message without secrets.
using LogFn = std::function<void(int severity, std::string_view message)>;

struct SourceOptions {
  std::map<std::string, std::string> properties;  // librdkafka properties, secrets resolved
  std::vector<std::string> topics;
  RebalanceListener* listener = nullptr;  // not owned; must outlive the source
  LogFn log;                              // may be empty
  // librdkafka's statistics JSON (every statistics.interval.ms, when that property is set),
  // called from inside poll(); may be empty.
  std::function<void(std::string_view json)> on_statistics;
  // true: create() does not subscribe; subscribe() does (after the index was restored).
  bool defer_subscribe = false;
};

struct SourceStats {
  uint64_t consumed = 0;
  uint64_t consume_errors = 0;  // error events from the consumer (transient unless fatal)
  uint64_t commits = 0;
  uint64_t commit_errors = 0;
  uint64_t rebalances = 0;
};

class KafkaSource {
 public:
  // Creates the consumer and subscribes. enable.auto.commit and enable.auto.offset.store are
  // forced off; auto.offset.reset defaults to "earliest" unless set. Errors: kConfig for a bad
  // property (the value is never echoed), kIo when the client cannot be created.
  static Result<std::unique_ptr<KafkaSource>> create(SourceOptions options);
  ~KafkaSource();
  KafkaSource(const KafkaSource&) = delete;
  KafkaSource& operator=(const KafkaSource&) = delete;

  // Subscribes to the topics (only with SourceOptions::defer_subscribe).
  Status subscribe();
  // The consumer's group metadata for send_offsets_to_transaction (exactly-once), owned by the
  // returned pointer; null before the consumer knows its group.
  std::shared_ptr<rd_kafka_consumer_group_metadata_s> group_metadata() const;
  // Appends up to `max` records to `out`, waiting up to `timeout_ms` for the first one.
  // Serves rebalances, commit results and errors; records of partitions revoked during the
  // call are not returned (they are read again from the committed offset). Returns an error
  // only for a fatal client error; transient errors are logged and counted.
  Status poll(int timeout_ms, size_t max, std::vector<Message>& out);
  // Commits next-offsets. `async` returns at once (results are logged); sync waits.
  Status commit(const std::vector<TopicPartitionOffset>& offsets, bool async);
  // Stops / restarts fetching on every assigned partition; fetching resumes at the record
  // after the last one returned by poll(), so nothing is skipped.
  Status pause();
  Status resume();
  std::vector<TopicPartition> assignment() const;
  // Leaves the group (revoking through the listener) and closes the consumer. Idempotent.
  Status close();
  const SourceStats& stats() const;

  struct Impl;  // librdkafka state; public only so that its C callbacks can reach it

 private:
  explicit KafkaSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdedup::source
