// Health state for /healthz and /readyz.
#include "newsdedup/ops/health.h"

#include <chrono>

namespace newsdedup::ops {
namespace {

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Health::Health(std::function<int64_t()> now_ms)
    : now_ms_(now_ms ? std::move(now_ms) : std::function<int64_t()>(&steady_now_ms)) {
  for (auto& c : conditions_) c.store(false, std::memory_order_relaxed);
}

void Health::set(Condition c, bool value) noexcept {
  conditions_[static_cast<size_t>(c)].store(value, std::memory_order_relaxed);
}

bool Health::get(Condition c) const noexcept {
  return conditions_[static_cast<size_t>(c)].load(std::memory_order_relaxed);
}

void Health::enable_liveness(int64_t timeout_ms) noexcept {
  last_beat_ms_.store(now_ms_(), std::memory_order_relaxed);
  liveness_timeout_ms_.store(timeout_ms, std::memory_order_relaxed);
}

void Health::heartbeat() noexcept { last_beat_ms_.store(now_ms_(), std::memory_order_relaxed); }

Health::Report Health::liveness() const {
  const int64_t timeout = liveness_timeout_ms_.load(std::memory_order_relaxed);
  if (timeout <= 0) return {true, ""};
  const int64_t silent = now_ms_() - last_beat_ms_.load(std::memory_order_relaxed);
  if (silent <= timeout) return {true, ""};
  return {false, "no heartbeat for " + std::to_string(silent) + " ms (limit " +
                     std::to_string(timeout) + " ms)"};
}

Health::Report Health::readiness() const {
  if (stopping_.load(std::memory_order_relaxed)) return {false, "not ready: stopping"};
  std::string missing;
  for (size_t i = 0; i < kConditionCount; ++i) {
    if (conditions_[i].load(std::memory_order_relaxed)) continue;
    if (!missing.empty()) missing += ", ";
    missing += condition_name(static_cast<Condition>(i));
  }
  if (missing.empty()) return {true, ""};
  return {false, "not ready: " + missing};
}

const char* Health::condition_name(Condition c) noexcept {
  switch (c) {
    case Condition::kConfigLoaded:
      return "config_loaded";
    case Condition::kPartitionsAssigned:
      return "partitions_assigned";
    case Condition::kStateLoaded:
      return "state_loaded";
    case Condition::kSinkReady:
      return "sink_ready";
  }
  return "unknown";
}

}  // namespace newsdedup::ops
