// The librdkafka producer behind sink::KafkaSink (C API; rdkafka.h stays in this module).
#include "newsdedup/sink/kafka_sink.h"
#include "newsdedup/config/config.h"

#include <librdkafka/rdkafka.h>

#include <cstring>
#include <string>

#include "source/kafka_conf_internal.h"

namespace newsdedup::sink {

struct KafkaSink::Impl {
  rd_kafka_t* rk = nullptr;
  DeliveryListener* listener = nullptr;
  LogFn log;
  SinkStats stats;

  void emit(int severity, const std::string& message) const {
    if (log) log(severity, message);
  }
  ~Impl() {
    if (rk != nullptr) rd_kafka_destroy(rk);
  }
};

namespace {

// The broker or the producer refuses this record for its size: retrying cannot help.
bool too_large(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE ||
         err == RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE;
}

void log_cb(const rd_kafka_t* rk, int level, const char* facility, const char* buf) {
  auto* impl = static_cast<KafkaSink::Impl*>(rd_kafka_opaque(rk));
  // Connection failures also arrive through error_cb; log them once.
  if (std::strcmp(facility, "FAIL") == 0) return;
  if (impl != nullptr) impl->emit(level, std::string("producer ") + facility + ": " + buf);
}

void error_cb(rd_kafka_t*, int err, const char* reason, void* opaque) {
  auto* impl = static_cast<KafkaSink::Impl*>(opaque);
  impl->emit(err == RD_KAFKA_RESP_ERR__FATAL ? 3 : 4,
             std::string("producer error: ") +
                 rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)) + ": " + reason);
}

void delivery_cb(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* impl = static_cast<KafkaSink::Impl*>(opaque);
  const auto token = reinterpret_cast<uintptr_t>(m->_private);
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++impl->stats.delivered;
    impl->stats.bytes += m->len;
    if (impl->listener != nullptr) impl->listener->on_delivery(token, Status());
    return;
  }
  ++impl->stats.delivery_errors;
  // The error name first: the pipeline labels a metric with it.
  Error error{too_large(m->err) ? ErrorCode::kTooLarge : ErrorCode::kIo,
              std::string(rd_kafka_err2name(m->err)) + ": delivery to " +
                  rd_kafka_topic_name(m->rkt) + " failed: " + rd_kafka_err2str(m->err)};
  if (impl->listener != nullptr) impl->listener->on_delivery(token, Status(std::move(error)));
}

}  // namespace

KafkaSink::KafkaSink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaSink::~KafkaSink() = default;

const SinkStats& KafkaSink::stats() const { return impl_->stats; }

Result<std::unique_ptr<KafkaSink>> KafkaSink::create(SinkOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->listener = options.listener;
  impl->log = std::move(options.log);

  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const std::string& key, const std::string& value) {
    return source::set_conf(conf, "kafka.producer", key, value);
  };
  Status status;
  // Idempotence keeps per-partition order across retries and avoids retry duplicates.
  if (!options.properties.contains("enable.idempotence")) {
    status = set("enable.idempotence", "true");
  }
  for (const auto& [key, value] : options.properties) {
    if (!status.ok()) break;
    status = set(key, value);
  }
  if (!status.ok()) {
    rd_kafka_conf_destroy(conf);
    return status.error();
  }
  rd_kafka_conf_set_opaque(conf, impl.get());
  rd_kafka_conf_set_log_cb(conf, log_cb);
  rd_kafka_conf_set_error_cb(conf, error_cb);
  rd_kafka_conf_set_dr_msg_cb(conf, delivery_cb);

  impl->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (impl->rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Error{ErrorCode::kIo, std::string("kafka producer: ") + errstr};
  }
  return std::unique_ptr<KafkaSink>(new KafkaSink(std::move(impl)));
}

SendResult KafkaSink::send(const OutRecord& record, uint64_t token, Error* error) {
  rd_kafka_headers_t* headers = nullptr;
  if (!record.headers.empty()) {
    headers = rd_kafka_headers_new(record.headers.size());
    for (const Header& h : record.headers) {
      rd_kafka_header_add(headers, h.name.data(), static_cast<ssize_t>(h.name.size()),
                          h.value.data(), static_cast<ssize_t>(h.value.size()));
    }
  }
  // The topic name must be NUL-terminated for librdkafka.
  const std::string topic(record.topic);
  const rd_kafka_resp_err_t err = rd_kafka_producev(
      impl_->rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(record.partition),
      // zero-copy unless asked: the caller keeps the bytes alive until delivery
      RD_KAFKA_V_MSGFLAGS(record.copy ? RD_KAFKA_MSG_F_COPY : 0),
      RD_KAFKA_V_VALUE(const_cast<char*>(record.value.data()), record.value.size()),
      RD_KAFKA_V_KEY(record.has_key ? record.key.data() : nullptr,
                     record.has_key ? record.key.size() : 0),
      RD_KAFKA_V_HEADERS(headers),
      // The token travels as librdkafka's per-message opaque pointer; it is never dereferenced.
      RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(token)),  // NOLINT(performance-no-int-to-ptr)
      RD_KAFKA_V_END);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++impl_->stats.sent;
    return SendResult::kOk;
  }
  // On failure the headers were not taken over.
  if (headers != nullptr) rd_kafka_headers_destroy(headers);
  if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
    ++impl_->stats.queue_full;
    return SendResult::kQueueFull;
  }
  if (error != nullptr) {
    *error = {too_large(err) ? ErrorCode::kTooLarge : ErrorCode::kIo,
              std::string(rd_kafka_err2name(err)) + ": produce to " + topic + ": " +
                  rd_kafka_err2str(err)};
  }
  return SendResult::kError;
}

int KafkaSink::poll(int timeout_ms) { return rd_kafka_poll(impl_->rk, timeout_ms); }

Status KafkaSink::flush(int timeout_ms) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(impl_->rk, timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Error{ErrorCode::kIo,
                 "producer flush: " + std::to_string(outstanding()) + " records still in flight"};
  }
  return {};
}

size_t KafkaSink::outstanding() const { return static_cast<size_t>(rd_kafka_outq_len(impl_->rk)); }

Status KafkaSink::fatal_error() const {
  char buf[512];
  const rd_kafka_resp_err_t err = rd_kafka_fatal_error(impl_->rk, buf, sizeof buf);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return {};
  return Error{ErrorCode::kIo,
               std::string("producer fatal error: ") + rd_kafka_err2name(err) + ": " + buf};
}

namespace {

TxnStatus txn_status(rd_kafka_error_t* error, const char* what) {
  if (error == nullptr) return {};
  TxnStatus st;
  st.kind = rd_kafka_error_is_fatal(error)             ? TxnError::kFatal
            : rd_kafka_error_txn_requires_abort(error) ? TxnError::kAbortable
            : rd_kafka_error_is_retriable(error)       ? TxnError::kRetriable
                                                       : TxnError::kFatal;
  st.message =
      std::string(what) + ": " + rd_kafka_error_name(error) + ": " + rd_kafka_error_string(error);
  rd_kafka_error_destroy(error);
  return st;
}

}  // namespace

TxnStatus KafkaSink::init_transactions(int timeout_ms) {
  return txn_status(rd_kafka_init_transactions(impl_->rk, timeout_ms), "init_transactions");
}

TxnStatus KafkaSink::begin_transaction() {
  return txn_status(rd_kafka_begin_transaction(impl_->rk), "begin_transaction");
}

TxnStatus KafkaSink::send_offsets_to_transaction(const std::vector<OffsetToCommit>& offsets,
                                                 const rd_kafka_consumer_group_metadata_s* group,
                                                 int timeout_ms) {
  if (offsets.empty()) return {};
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
  for (const auto& o : offsets) {
    rd_kafka_topic_partition_list_add(list, o.topic.c_str(), o.partition)->offset = o.offset;
  }
  TxnStatus st =
      txn_status(rd_kafka_send_offsets_to_transaction(impl_->rk, list, group, timeout_ms),
                 "send_offsets_to_transaction");
  rd_kafka_topic_partition_list_destroy(list);
  return st;
}

TxnStatus KafkaSink::commit_transaction(int timeout_ms) {
  return txn_status(rd_kafka_commit_transaction(impl_->rk, timeout_ms), "commit_transaction");
}

TxnStatus KafkaSink::abort_transaction(int timeout_ms) {
  return txn_status(rd_kafka_abort_transaction(impl_->rk, timeout_ms), "abort_transaction");
}

}  // namespace newsdedup::sink
