// librdkafka statistics (the JSON handed to the stats callback every
// statistics.interval.ms), reduced to what newsdedup exports as metrics: consumer lag per
// assigned partition, the producer queue, rebalances. Lives in `parse` because simdjson does.
// Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/model/result.h"

namespace newsdedup::parse {

struct KafkaPartitionStats {
  std::string topic;
  int32_t partition = 0;
  int64_t consumer_lag = -1;  // high watermark - committed offset; -1 when unknown
  int64_t committed_offset = -1001;
  int64_t hi_offset = -1001;
};

struct KafkaStats {
  std::string type;            // "consumer" or "producer"
  int64_t msg_cnt = 0;         // messages in the producer queues (rd_kafka_outq_len)
  int64_t msg_size = 0;        // their bytes
  int64_t rebalance_cnt = -1;  // consumer group rebalances so far; -1 without a group
  int64_t assignment_size = -1;
  // Consumer: the partitions this client consumes ("desired"); the internal -1 partition and
  // partitions of other members are left out.
  std::vector<KafkaPartitionStats> partitions;
};

// Errors (kMalformedJson, kWrongType) name the offending path.
Result<KafkaStats> parse_kafka_stats(std::string_view json);

}  // namespace newsdedup::parse
