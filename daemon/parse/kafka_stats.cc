// librdkafka statistics JSON -> KafkaStats. The document is a few KB every few seconds, so the
// DOM API is used for its simple traversal of the topic and partition maps.
#include "newsdedup/parse/kafka_stats.h"

#include <simdjson.h>

namespace newsdedup::parse {
namespace {

namespace dom = simdjson::dom;

// An optional integer field: absent keeps the default, a non-integer is an error.
bool read_int(dom::object obj, std::string_view key, int64_t& out) {
  dom::element e;
  if (obj.at_key(key).get(e) != simdjson::SUCCESS) return true;
  int64_t v = 0;
  if (e.get_int64().get(v) != simdjson::SUCCESS) return false;
  out = v;
  return true;
}

}  // namespace

Result<KafkaStats> parse_kafka_stats(std::string_view json) {
  dom::parser parser;
  dom::element doc;
  if (auto err = parser.parse(json.data(), json.size()).get(doc); err != simdjson::SUCCESS) {
    return Error{ErrorCode::kMalformedJson,
                 std::string("kafka stats: ") + simdjson::error_message(err)};
  }
  dom::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    return Error{ErrorCode::kNotAnObject, "kafka stats: not an object"};
  }
  KafkaStats out;
  std::string_view type;
  if (root.at_key("type").get_string().get(type) == simdjson::SUCCESS) out.type = type;
  if (!read_int(root, "msg_cnt", out.msg_cnt) || !read_int(root, "msg_size", out.msg_size)) {
    return Error{ErrorCode::kWrongType, "kafka stats: msg_cnt/msg_size: expected an integer"};
  }
  dom::object cgrp;
  if (root.at_key("cgrp").get_object().get(cgrp) == simdjson::SUCCESS) {
    if (!read_int(cgrp, "rebalance_cnt", out.rebalance_cnt) ||
        !read_int(cgrp, "assignment_size", out.assignment_size)) {
      return Error{ErrorCode::kWrongType, "kafka stats: cgrp: expected integers"};
    }
  }
  dom::object topics;
  if (root.at_key("topics").get_object().get(topics) != simdjson::SUCCESS) return out;
  for (auto [topic_name, topic_value] : topics) {
    dom::object partitions;
    if (topic_value.at_key("partitions").get_object().get(partitions) != simdjson::SUCCESS) {
      continue;
    }
    for (auto [key, value] : partitions) {
      dom::object p;
      if (value.get_object().get(p) != simdjson::SUCCESS) continue;
      int64_t id = -1;
      if (!read_int(p, "partition", id)) {
        return Error{ErrorCode::kWrongType, "kafka stats: topics." + std::string(topic_name) +
                                                ".partitions." + std::string(key) +
                                                ".partition: expected an integer"};
      }
      bool desired = false;
      if (p.at_key("desired").get_bool().get(desired) != simdjson::SUCCESS) desired = false;
      if (id < 0 || !desired) continue;  // -1: librdkafka's internal unassigned partition
      KafkaPartitionStats s;
      s.topic = std::string(topic_name);
      s.partition = static_cast<int32_t>(id);
      if (!read_int(p, "consumer_lag", s.consumer_lag) ||
          !read_int(p, "committed_offset", s.committed_offset) ||
          !read_int(p, "hi_offset", s.hi_offset)) {
        return Error{ErrorCode::kWrongType, "kafka stats: topics." + s.topic + ".partitions." +
                                                std::string(key) + ": expected integers"};
      }
      out.partitions.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace newsdedup::parse
