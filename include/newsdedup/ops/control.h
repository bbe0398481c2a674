// The daemon's control thread: everything around the data path in one place. It serves
// /metrics, /healthz and /readyz, turns SIGTERM/SIGINT into a stop flag, reloads the config on
// SIGHUP or when the file changes (ConfigMap swaps included), tells systemd (RELOADING, READY,
// STOPPING, WATCHDOG) and pings the watchdog only while the main loop's heartbeat is fresh.
// Thread-safe accessors; create and destroy from the main thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "newsdedup/config/config.h"
#include "newsdedup/metrics/metrics.h"
#include "newsdedup/model/result.h"
#include "newsdedup/ops/health.h"

namespace newsdedup::ops {

struct ControlOptions {
  std::string config_path;                       // watched and reloaded; "" disables reloads
  std::shared_ptr<const config::Config> config;  // the config loaded at start (generation 1)
  metrics::Registry* registry = nullptr;         // required; served on config->metrics.listen
  Health* health = nullptr;                      // required; kConfigLoaded is set by start()
  // How often the config file is polled; 0 disables watching (SIGHUP still reloads).
  std::chrono::milliseconds watch_interval{1000};
  // > 0: /healthz fails, and the systemd watchdog is no longer pinged, when the main loop has
  // not called health->heartbeat() for this long. 0: liveness is not heartbeat-based.
  std::chrono::milliseconds liveness_timeout{0};
  // syslog severity (3 error, 4 warning, 6 info) and a line without secrets.
  std::function<void(int severity, std::string_view message)> log;
};

class Control {
 public:
  // Installs the signal handlers, starts the HTTP server (unless metrics.listen is "") and the
  // control thread. Errors: kIo (listen address, thread), kInternal (missing options).
  static Result<std::unique_ptr<Control>> start(ControlOptions options);
  ~Control();  // stops the thread and the HTTP server (civetweb may take up to 2 s)
  Control(const Control&) = delete;
  Control& operator=(const Control&) = delete;

  // Becomes true on SIGTERM/SIGINT or request_stop(); pass it to the data path's run loop.
  const std::atomic<bool>& stop_flag() const noexcept { return stop_; }
  void request_stop() noexcept;

  // The config in effect and its generation (1 at start, +1 per applied reload). The data path
  // compares generation() per batch and reconfigures its stages when it moved.
  std::shared_ptr<const config::Config> config() const;
  uint64_t generation() const noexcept;

  uint16_t http_port() const noexcept;  // 0 when metrics.listen is ""

 private:
  struct Impl;
  explicit Control(std::unique_ptr<Impl> impl);
  void run();
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> stop_{false};
};

}  // namespace newsdedup::ops
