// source/sink internal: sets one librdkafka property on a conf, with the error the config user
// sees. Shared by KafkaSource, StateReader and KafkaSink so that a bad property reads the same
// everywhere and a secret's value never reaches an error message (librdkafka's errstr may
// quote it).
#pragma once

#include <librdkafka/rdkafka.h>

#include <string>

#include "newsdedup/config/config.h"
#include "newsdedup/model/result.h"

namespace newsdedup::source {

// `scope` names the config section the key came from ("kafka.consumer", "kafka.producer").
inline Status set_conf(rd_kafka_conf_t* conf, const char* scope, const std::string& key,
                       const std::string& value) {
  char errstr[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) ==
      RD_KAFKA_CONF_OK) {
    return {};
  }
  return Error{ErrorCode::kConfig, std::string(scope) + "." + key + ": " +
                                       (config::is_secret_key(key) ? std::string("invalid value")
                                                                   : std::string(errstr))};
}

}  // namespace newsdedup::source
