// pipeline::Daemon: the Kafka mode (`newsdedup run`). Consumes the input topics as a group
// member, decides each record with the Engine in consumption order, publishes canonical /
// duplicate / dead-letter records (original bytes + headers) and commits input offsets only
// once every output of a record and of all earlier records of its partition is acknowledged
// (at-least-once). With a state topic, every index update is written there too (and a record
// completes only when it is acknowledged), the index is restored from it before consuming and
// peers' updates are applied while running; kafka.exactly_once commits outputs, state and
// offsets in Kafka transactions (daemon/source/README.md). run() blocks on the calling thread;
// stats() may be read from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "newsdedup/config/config.h"
#include "newsdedup/metrics/metrics.h"
#include "newsdedup/model/result.h"
#include "newsdedup/ops/health.h"

namespace newsdedup::pipeline {

// Header names written on every output record (see README "Kafka headers").
inline constexpr std::string_view kHeaderVerdict = "newsdedup-verdict";
inline constexpr std::string_view kHeaderCluster = "newsdedup-cluster";
inline constexpr std::string_view kHeaderRule = "newsdedup-rule";
inline constexpr std::string_view kHeaderCanonicalId = "newsdedup-canonical-id";
inline constexpr std::string_view kHeaderSimilarity = "newsdedup-similarity";
inline constexpr std::string_view kHeaderError = "newsdedup-error";
inline constexpr std::string_view kHeaderReason = "newsdedup-reason";
inline constexpr std::string_view kHeaderSource = "newsdedup-source";  // "topic/partition/offset"

// Counters of one daemon run; relaxed atomics so that a metrics or test thread can read them.
// Invariant once drained: in == canonical + duplicate + invalid.
struct DaemonStats {
  std::atomic<uint64_t> in{0};
  std::atomic<uint64_t> in_bytes{0};
  std::atomic<uint64_t> canonical{0};
  std::atomic<uint64_t> duplicate{0};
  std::atomic<uint64_t> invalid{0};
  std::array<std::atomic<uint64_t>, 5> by_rule{};  // indexed by Rule
  std::atomic<uint64_t> completed{0};              // every output of the record acknowledged
  std::atomic<uint64_t> produced{0};
  std::atomic<uint64_t> delivery_errors{0};
  // Decided records the producer or broker refused for their size: reported to the
  // dead-letter topic without their value (error too_large) instead of blocking the partition.
  std::atomic<uint64_t> oversized{0};
  std::atomic<uint64_t> queue_full_waits{0};  // sends retried because the producer queue was full
  std::atomic<uint64_t> in_flight_waits{0};   // loop turns spent waiting at max_in_flight
  std::atomic<uint64_t> pauses{0};            // partitions paused: max_in_flight for > 5 s
  std::atomic<uint64_t> commits{0};
  std::atomic<uint64_t> rebalances{0};
  // State topic (issue 5): records written and acknowledged; read back at start (restored)
  // or from peers while running (applied) and inserted into the index; read back and already
  // known (e.g. our own), expired, incompatible or undecodable.
  std::atomic<uint64_t> state_produced{0};
  std::atomic<uint64_t> state_restored{0};
  std::atomic<uint64_t> state_applied{0};
  std::atomic<uint64_t> state_known{0};
  std::atomic<uint64_t> state_expired{0};
  std::atomic<uint64_t> state_incompatible{0};
  std::atomic<uint64_t> state_corrupt{0};
  // Exactly-once mode: transactions committed and aborted.
  std::atomic<uint64_t> transactions{0};
  std::atomic<uint64_t> aborts{0};
};

struct DaemonOptions {
  std::shared_ptr<const config::Config> config;
  std::string brokers;  // overrides config->kafka.brokers when not empty (embedded broker)
  // Extra threads that parse/normalize/fingerprint besides the loop thread; -1: automatic
  // (cores - 2, at least 1, at most 7), 0: everything on the loop thread.
  int prepare_threads = -1;
  // Optional, not owned, must outlive the daemon: Prometheus handles to count into, and the
  // readiness/liveness state (partitions assigned, heartbeat per loop turn).
  metrics::Registry* metrics = nullptr;
  ops::Health* health = nullptr;
  // Live reload: polled once per loop turn; a snapshot other than the one in effect is applied
  // (live keys only: thresholds, boilerplate rules, TTL, shadow, duplicates routing, log
  // level). Restart-only keys must already have been refused (ops::ConfigReloader does).
  std::function<std::shared_ptr<const config::Config>()> current_config;
  // syslog severity + message; the default writes to stderr, filtered by config->log.level.
  std::function<void(int severity, std::string_view message)> log;
};

class Daemon {
 public:
  // Builds the clients (secrets resolved, never logged). Errors: kConfig (bad property or
  // secret reference), kIo (client creation).
  static Result<std::unique_ptr<Daemon>> create(DaemonOptions options);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs until `stop_requested()` returns true (checked every loop, at least every 100 ms) or a
  // fatal error, then drains in-flight records for at most
  // kafka.shutdown_timeout_ms, commits what is complete and leaves the group. Returns an error
  // for a fatal Kafka error, a failed delivery or a drain that timed out (those records are
  // not committed, so they are read again: at-least-once).
  Status run(const std::function<bool()>& stop_requested);
  const DaemonStats& stats() const;

  class Impl;

 private:
  explicit Daemon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdedup::pipeline
