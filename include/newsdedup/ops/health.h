// Liveness and readiness of the process, answered on /healthz and /readyz. The pipeline sets
// conditions and beats the heartbeat; HTTP threads read. Thread-safe (atomics only).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace newsdedup::ops {

class Health {
 public:
  // Readiness conditions; the process is ready when all are true and it is not stopping.
  enum class Condition : unsigned char {
    kConfigLoaded,        // a valid config is in effect
    kPartitionsAssigned,  // the first group assignment arrived (it may be empty)
    kStateLoaded,         // the index is ready to take records
    kSinkReady,           // the producer is connected
  };
  static constexpr size_t kConditionCount = 4;

  struct Report {
    bool ok = false;
    std::string detail;  // "" when ok; else e.g. "not ready: partitions_assigned, state_loaded"
  };

  // `now_ms` is a monotonic clock in milliseconds; tests pass a manual one.
  explicit Health(std::function<int64_t()> now_ms = {});

  void set(Condition c, bool value) noexcept;
  bool get(Condition c) const noexcept;
  // From SIGTERM on the process is draining: not ready, still alive.
  void set_stopping() noexcept { stopping_.store(true, std::memory_order_relaxed); }

  // Liveness: once enabled, the main loop must call heartbeat() at least every `timeout_ms`,
  // or /healthz fails and the orchestrator restarts a process that hangs.
  void enable_liveness(int64_t timeout_ms) noexcept;
  void heartbeat() noexcept;

  Report liveness() const;
  Report readiness() const;

  static const char* condition_name(Condition c) noexcept;  // "partitions_assigned", ...

 private:
  std::function<int64_t()> now_ms_;
  std::array<std::atomic<bool>, kConditionCount> conditions_{};
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> liveness_timeout_ms_{0};  // 0: liveness is not heartbeat-based
  std::atomic<int64_t> last_beat_ms_{0};
};

}  // namespace newsdedup::ops
