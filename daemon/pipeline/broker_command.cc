// `newsdedup broker --config FILE`: librdkafka's mock cluster with the configured topics, for
// the demo and for trying the daemon without a Kafka installation.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <thread>

#include "newsdedup/config/config.h"
#include "newsdedup/ops/signals.h"
#include "newsdedup/pipeline/commands.h"
#include "pipeline/daemon_internal.h"

namespace newsdedup::pipeline {

Result<std::unique_ptr<source::MockCluster>> start_embedded_broker(const config::Config& config) {
  auto cluster = source::MockCluster::start(config.embedded_broker.brokers);
  if (!cluster.ok()) return cluster.error();
  const config::KafkaTopics& t = config.kafka.topics;
  std::set<std::string> topics(t.input.begin(), t.input.end());
  for (const std::string* name : {&t.output, &t.duplicates, &t.dead_letter, &t.state}) {
    if (!name->empty()) topics.insert(*name);
  }
  for (const std::string& topic : topics) {
    Status st = cluster.value()->create_topic(topic, config.embedded_broker.partitions);
    if (!st.ok()) return st.error();
  }
  return std::move(cluster.value());
}

int broker_command(int argc, char** argv) {
  std::string config_path;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: newsdedup broker [--config FILE]\n");
      return 64;  // EX_USAGE
    }
  }
  config::Config config = config::default_config();
  if (!config_path.empty()) {
    auto loaded = config::load_config_file(config_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "newsdedup: %s\n", loaded.error().message.c_str());
      return 78;  // EX_CONFIG
    }
    config = std::move(loaded.value());
  }
  if (Status st = ops::install_signal_handlers(); !st.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", st.error().message.c_str());
    return 71;  // EX_OSERR
  }
  auto cluster = start_embedded_broker(config);
  if (!cluster.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", cluster.error().message.c_str());
    return 69;  // EX_UNAVAILABLE
  }
  std::printf("bootstrap=%s\n", cluster.value()->bootstrap().c_str());
  std::fflush(stdout);
  std::fprintf(stderr, "newsdedup: mock cluster with %u broker(s), %u partitions per topic\n",
               config.embedded_broker.brokers, config.embedded_broker.partitions);
  while (!ops::stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return 0;
}

}  // namespace newsdedup::pipeline
