// A mock cluster whose faults the broker-fault tests control: brokers down and back, partition
// leaders moved, request errors injected, round trips slowed (librdkafka's rdkafka_mock.h).
// source::MockCluster hides these knobs on purpose (the daemon never needs them), so the tests
// own this second wrapper. Not thread-safe: call it from the test thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace newsdedup::testing {

class FaultCluster {
 public:
  // `brokers` mock brokers (ids 1..brokers) and the four test topics with kPartitions
  // partitions each, every partition replicated on all brokers so that any may lead it.
  // Fails the test and returns null when librdkafka cannot create it.
  static std::unique_ptr<FaultCluster> start(int brokers);
  ~FaultCluster();
  FaultCluster(const FaultCluster&) = delete;
  FaultCluster& operator=(const FaultCluster&) = delete;

  const std::string& bootstrap() const { return bootstrap_; }
  int brokers() const { return brokers_; }

  // The broker closes its connections and refuses new ones until broker_up().
  void broker_down(int32_t broker);
  void broker_up(int32_t broker);
  // Moves the leadership of `topic`[`partition`] to `broker`.
  void set_leader(const std::string& topic, int32_t partition, int32_t broker);
  // The next requests of `api_key` (RD_KAFKAP_Produce = 0, OffsetCommit = 8), on any broker,
  // fail with these errors, one each, in order.
  void push_errors(int16_t api_key, const std::vector<int>& errors);
  // Drops the errors still pushed for `api_key`.
  void clear_errors(int16_t api_key);
  // Delays every response of `broker` by `rtt_ms`.
  void set_rtt(int32_t broker, int rtt_ms);

 private:
  FaultCluster() = default;
  rd_kafka_s* rk_ = nullptr;
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  std::string bootstrap_;
  int brokers_ = 0;
};

}  // namespace newsdedup::testing
