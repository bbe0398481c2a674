#include "fault_cluster.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
// clang-format off: rdkafka_mock.h needs the declarations of rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>
// clang-format on

#include "kafka_harness.h"

namespace newsdedup::testing {

std::unique_ptr<FaultCluster> FaultCluster::start(int brokers) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
  std::unique_ptr<FaultCluster> fc(new FaultCluster());
  fc->rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (fc->rk_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    ADD_FAILURE() << "fault cluster: " << err;
    return nullptr;
  }
  fc->cluster_ = rd_kafka_mock_cluster_new(fc->rk_, brokers);
  if (fc->cluster_ == nullptr) {
    ADD_FAILURE() << "fault cluster: rd_kafka_mock_cluster_new failed";
    return nullptr;
  }
  fc->brokers_ = brokers;
  fc->bootstrap_ = rd_kafka_mock_cluster_bootstraps(fc->cluster_);
  for (const char* topic : {kInput, kCanonical, kDuplicates, kDeadLetter, kState}) {
    const rd_kafka_resp_err_t e =
        rd_kafka_mock_topic_create(fc->cluster_, topic, kPartitions, brokers);
    EXPECT_EQ(e, RD_KAFKA_RESP_ERR_NO_ERROR) << topic << ": " << rd_kafka_err2str(e);
  }
  return fc;
}

FaultCluster::~FaultCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

void FaultCluster::broker_down(int32_t broker) {
  EXPECT_EQ(rd_kafka_mock_broker_set_down(cluster_, broker), RD_KAFKA_RESP_ERR_NO_ERROR);
}

void FaultCluster::broker_up(int32_t broker) {
  EXPECT_EQ(rd_kafka_mock_broker_set_up(cluster_, broker), RD_KAFKA_RESP_ERR_NO_ERROR);
}

void FaultCluster::set_leader(const std::string& topic, int32_t partition, int32_t broker) {
  EXPECT_EQ(rd_kafka_mock_partition_set_leader(cluster_, topic.c_str(), partition, broker),
            RD_KAFKA_RESP_ERR_NO_ERROR);
}

void FaultCluster::push_errors(int16_t api_key, const std::vector<int>& errors) {
  std::vector<rd_kafka_resp_err_t> codes;
  for (int e : errors) codes.push_back(static_cast<rd_kafka_resp_err_t>(e));
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, codes.size(), codes.data());
}

void FaultCluster::clear_errors(int16_t api_key) {
  rd_kafka_mock_clear_request_errors(cluster_, api_key);
}

void FaultCluster::set_rtt(int32_t broker, int rtt_ms) {
  EXPECT_EQ(rd_kafka_mock_broker_set_rtt(cluster_, broker, rtt_ms), RD_KAFKA_RESP_ERR_NO_ERROR);
}

}  // namespace newsdedup::testing
