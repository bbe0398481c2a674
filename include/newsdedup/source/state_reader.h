// source::StateReader: reads the state topic (the durable index) outside the consumer group:
// every partition assigned from its beginning, read_committed, first up to the end seen at
// start (restore), then on (tailing: the index updates of the group's other instances).
// Not thread-safe: one thread starts and polls.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/model/result.h"
#include "newsdedup/source/kafka_source.h"

namespace newsdedup::source {

struct StateMessage {
  std::string_view key;
  std::string_view value;
  int64_t timestamp_ms = 0;  // the record's Kafka timestamp (the writer's produce time), 0: none
  int32_t partition = 0;
  int64_t offset = 0;
};

struct StateReaderOptions {
  // librdkafka consumer properties, secrets resolved; group keys are dropped (no group;
  // group.id becomes "<group.id>.state-reader", which assign() needs but never joins).
  std::map<std::string, std::string> properties;
  std::string topic;
  LogFn log;                        // may be empty
  int metadata_timeout_ms = 30000;  // how long start() waits for the topic to exist
};

class StateReader {
 public:
  // Errors: kConfig for a bad property (value never echoed), kIo when the client fails.
  static Result<std::unique_ptr<StateReader>> create(StateReaderOptions options);
  ~StateReader();
  StateReader(const StateReader&) = delete;
  StateReader& operator=(const StateReader&) = delete;

  // Looks the topic up and assigns every partition from the beginning. kConfig when the topic
  // does not exist (the daemon needs no admin rights: it is created by the operator).
  Status start();
  // Hands up to `max` records to `fn`, waiting up to `timeout_ms` for the first. Returns how
  // many were handed out; an error only for a fatal client error.
  Result<size_t> poll(int timeout_ms, size_t max,
                      const std::function<void(const StateMessage&)>& fn);
  // Reads on until every partition's position reaches its high watermark as of this call
  // (records handed to `fn`), or `timeout_ms` passes (then kIo; an open transaction of a peer
  // holds read_committed readers back until it ends). Returns the records handed out.
  Result<size_t> catch_up(int timeout_ms, const std::function<void(const StateMessage&)>& fn);
  // Every partition has reached its end (the last stable offset) at least once since start().
  bool caught_up() const;
  size_t partitions() const;
  // Records in the topic when start() ran (high minus low watermarks, summed): an upper bound
  // of what the restore will read, for sizing the index. 0 when the broker did not say.
  size_t backlog() const;

  struct Impl;

 private:
  explicit StateReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdedup::source
