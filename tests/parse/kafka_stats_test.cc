#include "newsdedup/parse/kafka_stats.h"

#include <gtest/gtest.h>

namespace newsdedup::parse {
namespace {

// Shaped like librdkafka's statistics (STATISTICS.md): a consumer with two assigned partitions
// of one topic, one partition it does not consume, and the internal -1 partition.
constexpr std::string_view kConsumerStats = R"({
  "name": "rdkafka#consumer-1", "client_id": "newsdedup", "type": "consumer",
  "ts": 123456789, "time": 1700000000, "replyq": 0, "msg_cnt": 0, "msg_size": 0,
  "brokers": {"localhost:9092/1": {"name": "localhost:9092/1", "nodeid": 1, "state": "UP"}},
  "topics": {
    "articles.raw": {
      "topic": "articles.raw", "age": 5000, "metadata_age": 100,
      "partitions": {
        "0": {"partition": 0, "leader": 1, "desired": true, "fetch_state": "active",
              "hi_offset": 120, "committed_offset": 100, "consumer_lag": 20,
              "consumer_lag_stored": 15},
        "1": {"partition": 1, "leader": 1, "desired": true, "fetch_state": "active",
              "hi_offset": 7, "committed_offset": -1001, "consumer_lag": -1},
        "2": {"partition": 2, "leader": 1, "desired": false, "fetch_state": "none",
              "hi_offset": 50, "committed_offset": -1001, "consumer_lag": -1},
        "-1": {"partition": -1, "leader": -1, "desired": false, "msgq_cnt": 0}
      }
    }
  },
  "cgrp": {"state": "up", "join_state": "steady", "rebalance_age": 4000, "rebalance_cnt": 3,
           "rebalance_reason": "group rejoin", "assignment_size": 2}
})";

TEST(KafkaStatsTest, ReadsLagOfTheConsumedPartitionsOnly) {
  auto r = parse_kafka_stats(kConsumerStats);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const KafkaStats& s = r.value();
  EXPECT_EQ(s.type, "consumer");
  EXPECT_EQ(s.rebalance_cnt, 3);
  EXPECT_EQ(s.assignment_size, 2);
  ASSERT_EQ(s.partitions.size(), 2u);
  EXPECT_EQ(s.partitions[0].topic, "articles.raw");
  EXPECT_EQ(s.partitions[0].partition, 0);
  EXPECT_EQ(s.partitions[0].consumer_lag, 20);
  EXPECT_EQ(s.partitions[0].committed_offset, 100);
  EXPECT_EQ(s.partitions[0].hi_offset, 120);
  EXPECT_EQ(s.partitions[1].partition, 1);
  EXPECT_EQ(s.partitions[1].consumer_lag, -1);  // nothing committed yet: unknown
}

TEST(KafkaStatsTest, ReadsTheProducerQueue) {
  auto r = parse_kafka_stats(
      R"({"name": "rdkafka#producer-1", "type": "producer", "msg_cnt": 17, "msg_size": 4096,
          "topics": {"articles.canonical": {"partitions": {
            "0": {"partition": 0, "desired": false, "msgq_cnt": 17}}}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().type, "producer");
  EXPECT_EQ(r.value().msg_cnt, 17);
  EXPECT_EQ(r.value().msg_size, 4096);
  EXPECT_EQ(r.value().rebalance_cnt, -1);
  EXPECT_TRUE(r.value().partitions.empty());
}

TEST(KafkaStatsTest, BadDocumentsAreErrorsNotCrashes) {
  auto truncated = parse_kafka_stats(R"({"type": "consumer", "topics": {)");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, ErrorCode::kMalformedJson);
  auto array = parse_kafka_stats("[1, 2]");
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(array.error().code, ErrorCode::kNotAnObject);
  auto wrong = parse_kafka_stats(
      R"({"topics": {"t": {"partitions": {"0": {"partition": 0, "desired": true,
          "consumer_lag": "many"}}}}})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(wrong.error().message, "kafka stats: topics.t.partitions.0: expected integers");
}

}  // namespace
}  // namespace newsdedup::parse
