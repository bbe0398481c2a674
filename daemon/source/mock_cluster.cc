// The mock cluster wrapper. rdkafka.h must come before rdkafka_mock.h.
#include "newsdedup/source/mock_cluster.h"

#include <librdkafka/rdkafka.h>
// clang-format off: rdkafka_mock.h needs the declarations of rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>
// clang-format on

namespace newsdedup::source {

struct MockCluster::Handles {
  rd_kafka_t* rk = nullptr;  // the client instance that owns the mock cluster's threads
  rd_kafka_mock_cluster_t* cluster = nullptr;
  ~Handles() {
    if (cluster != nullptr) rd_kafka_mock_cluster_destroy(cluster);
    if (rk != nullptr) rd_kafka_destroy(rk);
  }
};

MockCluster::MockCluster(std::unique_ptr<Handles> handles) : handles_(std::move(handles)) {
  bootstrap_ = rd_kafka_mock_cluster_bootstraps(handles_->cluster);
}

MockCluster::~MockCluster() = default;

Result<std::unique_ptr<MockCluster>> MockCluster::start(uint32_t brokers) {
  if (brokers == 0) return Error{ErrorCode::kConfig, "mock cluster: brokers must be > 0"};
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The owning handle never talks to a broker; keep it quiet.
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  auto handles = std::make_unique<Handles>();
  handles->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (handles->rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Error{ErrorCode::kIo, std::string("mock cluster: ") + errstr};
  }
  handles->cluster = rd_kafka_mock_cluster_new(handles->rk, static_cast<int>(brokers));
  if (handles->cluster == nullptr) {
    return Error{ErrorCode::kIo, "mock cluster: rd_kafka_mock_cluster_new failed"};
  }
  return std::unique_ptr<MockCluster>(new MockCluster(std::move(handles)));
}

Status MockCluster::create_topic(const std::string& topic, uint32_t partitions) {
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(handles_->cluster, topic.c_str(), static_cast<int>(partitions), 1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Error{ErrorCode::kIo,
                 "mock cluster: create topic " + topic + ": " + rd_kafka_err2str(err)};
  }
  return {};
}

}  // namespace newsdedup::source
