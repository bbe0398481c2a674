// sink::KafkaSink: the librdkafka producer that publishes decisions (canonical, duplicate and
// dead-letter records, each the original bytes plus newsdedup headers). Sends are asynchronous;
// every send ends in exactly one delivery report to the listener, served by poll()/flush().
// A full local queue is reported (kQueueFull), never dropped. Not thread-safe: one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/model/result.h"

// librdkafka's consumer group metadata (opaque; from source::KafkaSource::group_metadata()).
struct rd_kafka_consumer_group_metadata_s;

namespace newsdedup::sink {

struct Header {
  std::string_view name;
  std::string_view value;
};

struct OutRecord {
  std::string_view topic;
  std::string_view key;
  bool has_key = false;             // false: a null key (the partitioner spreads such records)
  std::string_view value;           // not copied: must stay valid until its delivery report
  std::span<const Header> headers;  // copied
  int32_t partition = -1;           // -1: chosen by the producer's partitioner from the key
  bool copy = false;                // true: librdkafka copies the value (a temporary buffer)
};

// Outcome class of a transactional call (exactly-once mode), as librdkafka classifies it.
enum class TxnError : unsigned char {
  kNone,
  kRetriable,  // call it again
  kAbortable,  // abort_transaction(), then the transaction's work must be redone
  kFatal,      // the producer is unusable (e.g. fenced by a newer instance): exit
};
struct TxnStatus {
  TxnError kind = TxnError::kNone;
  std::string message;
  bool ok() const { return kind == TxnError::kNone; }
};

struct OffsetToCommit {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;  // the next offset to consume
};

// Receives one call per successful send, from inside poll() or flush(). `status` is not ok when
// the record could not be delivered after librdkafka's retries (the caller must not commit it);
// its message then starts with librdkafka's error name ("_MSG_TIMED_OUT: delivery to ..."), and
// its code is kTooLarge when the record was refused for its size (retrying cannot help).
class DeliveryListener {
 public:
  virtual ~DeliveryListener() = default;
  virtual void on_delivery(uint64_t token, const Status& status) = 0;
};

using LogFn = std::function<void(int severity, std::string_view message)>;

struct SinkOptions {
  std::map<std::string, std::string> properties;  // librdkafka properties, secrets resolved
  DeliveryListener* listener = nullptr;           // not owned; must outlive the sink
  LogFn log;                                      // may be empty
};

enum class SendResult : unsigned char {
  kOk,         // queued; a delivery report will follow
  kQueueFull,  // the local queue is full: poll() and send again
  kError,      // rejected (unknown topic, fatal producer error; kTooLarge: its size): see error
};

struct SinkStats {
  uint64_t sent = 0;
  uint64_t delivered = 0;
  uint64_t delivery_errors = 0;
  uint64_t queue_full = 0;
  uint64_t bytes = 0;  // value bytes delivered
};

class KafkaSink {
 public:
  // enable.idempotence defaults to true (ordered, duplicate-free retries) unless set.
  static Result<std::unique_ptr<KafkaSink>> create(SinkOptions options);
  ~KafkaSink();
  KafkaSink(const KafkaSink&) = delete;
  KafkaSink& operator=(const KafkaSink&) = delete;

  SendResult send(const OutRecord& record, uint64_t token, Error* error = nullptr);
  // Serves delivery reports, waiting up to `timeout_ms` for one. Returns how many were served.
  int poll(int timeout_ms);
  // Waits until every queued record is reported or `timeout_ms` passes (then kIo).
  Status flush(int timeout_ms);
  // Records queued or in flight in librdkafka.
  size_t outstanding() const;
  // The producer's fatal error, if any (e.g. the idempotent producer was fenced).
  Status fatal_error() const;

  // Transactions (only with a transactional.id property). init once, then per transaction:
  // begin, send..., send_offsets, commit (or abort). Blocking, bounded by `timeout_ms`.
  TxnStatus init_transactions(int timeout_ms);
  TxnStatus begin_transaction();
  TxnStatus send_offsets_to_transaction(const std::vector<OffsetToCommit>& offsets,
                                        const rd_kafka_consumer_group_metadata_s* group,
                                        int timeout_ms);
  TxnStatus commit_transaction(int timeout_ms);
  TxnStatus abort_transaction(int timeout_ms);
  const SinkStats& stats() const;

  struct Impl;  // librdkafka state; public only so that its C callbacks can reach it

 private:
  explicit KafkaSink(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdedup::sink
