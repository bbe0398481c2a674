// Test harness for the Kafka integration tests: a mock cluster, a producer, a collector that
// reads the output topics, and `newsdedup run` child processes. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "article_generator.h"
#include "newsdedup/source/mock_cluster.h"

struct rd_kafka_s;

namespace newsdedup::testing {

using std::chrono::milliseconds;

inline constexpr int32_t kPartitions = 4;
inline constexpr const char* kInput = "articles.raw";
inline constexpr const char* kCanonical = "articles.canonical";
inline constexpr const char* kDuplicates = "articles.duplicates";
inline constexpr const char* kDeadLetter = "articles.dlq";
inline constexpr const char* kState = "articles.state";  // the daemon's default state topic

// A fresh mock cluster with the five topics, kPartitions partitions each.
std::unique_ptr<source::MockCluster> start_cluster();

// A scratch directory for configs and logs, unique per test.
std::string scratch_dir();

// Writes a daemon config for `bootstrap` and returns its path. `extra_kafka` is YAML appended
// inside the `kafka:` block (indented by two spaces already), `extra_consumer` inside
// `kafka.consumer` (indented by four).
std::string write_config(const std::string& dir, const std::string& bootstrap,
                         const std::string& group, const std::string& extra_kafka = "",
                         const std::string& extra_consumer = "");

class Producer {
 public:
  explicit Producer(const std::string& bootstrap);
  ~Producer();
  void send(const std::string& topic, int32_t partition, const std::string& key,
            const std::string& value);
  void send(const std::vector<GeneratedRecord>& records);
  void flush();  // fails the test when anything was not delivered

 private:
  rd_kafka_s* rk_ = nullptr;
};

struct OutputRecord {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;
  std::string id;  // the value's "id" field, "" when there is none
  // From the newsdedup-source header "topic/partition/offset".
  int32_t source_partition = -1;
  int64_t source_offset = -1;
};

// Reads every partition of the output topics from the beginning.
class Collector {
 public:
  Collector(const std::string& bootstrap, std::vector<std::string> topics);
  ~Collector();
  // Consumes until `done(records())` holds or `timeout` passes; returns whether it held.
  bool collect_until(const std::function<bool(const std::vector<OutputRecord>&)>& done,
                     milliseconds timeout);
  // Consumes until every partition is at its end (call after the daemons stopped).
  void drain(milliseconds timeout = milliseconds(20000));
  const std::vector<OutputRecord>& records() const { return records_; }
  // Distinct ids seen across all topics.
  size_t distinct_ids() const;

 private:
  void poll_once(int timeout_ms);
  rd_kafka_s* rk_ = nullptr;
  std::vector<OutputRecord> records_;
  std::map<std::pair<std::string, int32_t>, bool> at_end_;
};

// The "id" string field of a generated record's JSON, "" when absent.
std::string id_of(std::string_view value);

// `newsdedup run --config PATH` as a child process; stdout/stderr go to files in `dir`.
class DaemonProcess {
 public:
  DaemonProcess(const std::string& config_path, const std::string& dir, const std::string& name,
                const std::vector<std::string>& extra_args = {});
  ~DaemonProcess();
  // SIGTERM, then waits; returns the exit status (128 + signal when killed by a signal).
  int terminate();
  void kill();  // SIGKILL, then waits
  // Waits for the process to exit on its own (SIGKILL after `timeout`); returns its status.
  int terminate_after_exit(milliseconds timeout);
  std::string log() const;
  std::string out() const;  // what it wrote to stdout
  pid_t pid() const { return pid_; }
  // Waits until `needle` occurs at least `count` times in the log.
  bool wait_for_log(std::string_view needle, milliseconds timeout, int count = 1) const;
  // Parses "key=N" from the final summary line; -1 when absent.
  int64_t summary(const std::string& key) const;

 private:
  int wait();
  pid_t pid_ = -1;
  std::string err_path_;
  std::string out_path_;
};

// Runs a shell command line, returns its stdout; fails the test on a non-zero exit.
std::string run_shell(const std::string& command);

}  // namespace newsdedup::testing
