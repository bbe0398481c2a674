// Live config reload: loads and validates the file off the hot path, refuses changes to
// restart-only keys, and publishes the new immutable snapshot atomically. The pipeline picks
// it up with current() (e.g. when generation() moved) and calls its stages' reconfigure().
// Thread-safe: reload() from one control thread, current()/generation() from any.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "newsdedup/config/config.h"
#include "newsdedup/metrics/metrics.h"

namespace newsdedup::ops {

enum class ReloadResult : unsigned char {
  kApplied,    // a new snapshot is in effect; generation() rose by one
  kUnchanged,  // the file loads to the config in effect (e.g. touched, or a ConfigMap resync)
  kInvalid,    // the file does not load; the old config stays (message lists the violations)
  kRefused,    // restart-only keys changed; the old config stays entirely
};

const char* reload_result_name(ReloadResult r) noexcept;  // "applied", "unchanged", ...

struct ReloadOutcome {
  ReloadResult result = ReloadResult::kUnchanged;
  std::string message;  // one line for the log; never contains secret values
};

class ConfigReloader {
 public:
  // `metrics` may be null (no counting).
  ConfigReloader(std::string path, std::shared_ptr<const config::Config> initial,
                 const metrics::ConfigMetrics* metrics);

  ReloadOutcome reload();

  std::shared_ptr<const config::Config> current() const;
  uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  const metrics::ConfigMetrics* metrics_;
  mutable std::mutex mu_;  // guards current_
  std::shared_ptr<const config::Config> current_;
  std::atomic<uint64_t> generation_{1};
};

}  // namespace newsdedup::ops
