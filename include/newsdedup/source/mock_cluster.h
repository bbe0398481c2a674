// source::MockCluster: librdkafka's in-process mock Kafka cluster (rdkafka_mock.h), used by
// `newsdedup broker`, `run --embedded-broker`, the integration tests and the benchmark.
// It listens on 127.0.0.1 ephemeral ports and keeps only a few MB per partition.
// Thread-safe after start(): librdkafka serves the brokers on its own threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "newsdedup/model/result.h"

namespace newsdedup::source {

class MockCluster {
 public:
  // Starts `brokers` mock brokers. Errors: kIo when librdkafka cannot create the cluster.
  static Result<std::unique_ptr<MockCluster>> start(uint32_t brokers);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // Creates `topic` with `partitions` partitions (replication factor 1). Creating an existing
  // topic again is an error from the mock cluster (kIo).
  Status create_topic(const std::string& topic, uint32_t partitions);
  // The bootstrap servers, "127.0.0.1:PORT[,127.0.0.1:PORT...]".
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  struct Handles;
  explicit MockCluster(std::unique_ptr<Handles> handles);
  std::unique_ptr<Handles> handles_;
  std::string bootstrap_;
};

}  // namespace newsdedup::source
