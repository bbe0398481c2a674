// Reload policy: all or nothing. A file that changes a restart-only key is refused as a whole,
// so the config in effect is always exactly some file's content, never a mix.
#include "newsdedup/ops/config_reloader.h"

#include <chrono>

namespace newsdedup::ops {

const char* reload_result_name(ReloadResult r) noexcept {
  switch (r) {
    case ReloadResult::kApplied:
      return "applied";
    case ReloadResult::kUnchanged:
      return "unchanged";
    case ReloadResult::kInvalid:
      return "invalid";
    case ReloadResult::kRefused:
      return "refused";
  }
  return "invalid";
}

ConfigReloader::ConfigReloader(std::string path, std::shared_ptr<const config::Config> initial,
                               const metrics::ConfigMetrics* metrics)
    : path_(std::move(path)), metrics_(metrics), current_(std::move(initial)) {
  if (metrics_ != nullptr) metrics_->generation.set(1);
}

std::shared_ptr<const config::Config> ConfigReloader::current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

ReloadOutcome ConfigReloader::reload() {
  auto loaded = config::load_config_file(path_);
  if (!loaded.ok()) {
    if (metrics_ != nullptr) metrics_->reload_failure.inc();
    std::string message = "config reload failed, keeping the current config: ";
    for (char c : loaded.error().message)
      message += c == '\n' ? std::string("; ") : std::string(1, c);
    return {ReloadResult::kInvalid, std::move(message)};
  }
  const auto old = current();
  const auto restart = config::restart_only_changes(*old, loaded.value());
  if (!restart.empty()) {
    if (metrics_ != nullptr) metrics_->reload_refused.inc();
    std::string keys;
    for (const auto& k : restart) keys += (keys.empty() ? "" : ", ") + k;
    return {ReloadResult::kRefused,
            "config reload refused, keeping the current config: restart-only keys changed (" +
                keys + "); restart to apply"};
  }
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (loaded.value() == *old) {
    if (metrics_ != nullptr) {
      metrics_->reload_success.inc();
      metrics_->last_success_time.set(now);
    }
    return {ReloadResult::kUnchanged, "config reloaded: no change"};
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = std::make_shared<const config::Config>(std::move(loaded.value()));
  }
  const uint64_t gen = generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (metrics_ != nullptr) {
    metrics_->reload_success.inc();
    metrics_->last_success_time.set(now);
    metrics_->generation.set(static_cast<double>(gen));
  }
  return {ReloadResult::kApplied, "config reloaded: generation " + std::to_string(gen)};
}

}  // namespace newsdedup::ops
