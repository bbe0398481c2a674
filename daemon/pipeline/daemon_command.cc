// `newsdedup run --config FILE [--embedded-broker]`: the Kafka daemon.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "newsdedup/config/config.h"
#include "newsdedup/metrics/metrics.h"
#include "newsdedup/ops/control.h"
#include "newsdedup/ops/health.h"
#include "newsdedup/pipeline/commands.h"
#include "newsdedup/pipeline/daemon.h"
#include "pipeline/daemon_internal.h"

namespace newsdedup::pipeline {
int run_command(int argc, char** argv) {
  std::string config_path;
  bool embedded = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_path = argv[++i];
    } else if (std::strcmp(argv[i], "--embedded-broker") == 0) {
      embedded = true;
    } else {
      std::fprintf(stderr, "usage: newsdedup run --config FILE [--embedded-broker]\n");
      return 64;  // EX_USAGE
    }
  }
  if (config_path.empty()) {
    std::fprintf(stderr, "usage: newsdedup run --config FILE [--embedded-broker]\n");
    return 64;
  }
  auto loaded = config::load_config_file(config_path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", loaded.error().message.c_str());
    return 78;  // EX_CONFIG
  }
  auto config = std::make_shared<const config::Config>(std::move(loaded.value()));

  // The control thread: /metrics, /healthz, /readyz, SIGTERM/SIGINT (graceful stop; a second
  // one exits at once), reload on SIGHUP or when the file changes, systemd notifications.
  metrics::Registry registry;
  ops::Health health;
  ops::ControlOptions control_options;
  control_options.config_path = config_path;
  control_options.config = config;
  control_options.registry = &registry;
  control_options.health = &health;
  // The loop beats at least every 100 ms; a drain can take shutdown_timeout_ms.
  control_options.liveness_timeout =
      std::chrono::milliseconds(std::max<uint32_t>(30000, 2 * config->kafka.shutdown_timeout_ms));
  control_options.log = stderr_log;
  auto control = ops::Control::start(std::move(control_options));
  if (!control.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", control.error().message.c_str());
    return 69;  // EX_UNAVAILABLE
  }
  ops::Control& ctl = *control.value();
  if (ctl.http_port() != 0) {
    stderr_log(6, "serving /metrics, /healthz, /readyz on port " + std::to_string(ctl.http_port()));
  }

  std::unique_ptr<source::MockCluster> cluster;
  DaemonOptions options;
  options.config = config;
  options.metrics = &registry;
  options.health = &health;
  options.current_config = [&ctl] { return ctl.config(); };
  if (embedded) {
    auto started = start_embedded_broker(*config);
    if (!started.ok()) {
      std::fprintf(stderr, "newsdedup: %s\n", started.error().message.c_str());
      return 69;  // EX_UNAVAILABLE
    }
    cluster = std::move(started.value());
    options.brokers = cluster->bootstrap();
    std::printf("bootstrap=%s\n", cluster->bootstrap().c_str());
    std::fflush(stdout);
  }

  auto daemon = Daemon::create(std::move(options));
  if (!daemon.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", daemon.error().message.c_str());
    return daemon.error().code == ErrorCode::kConfig ? 78 : 69;
  }
  const std::atomic<bool>& stop = ctl.stop_flag();
  Status st = daemon.value()->run([&stop] { return stop.load(std::memory_order_relaxed); });
  if (!st.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", st.error().message.c_str());
    return 75;  // EX_TEMPFAIL: restart; uncommitted records are read again
  }
  return 0;
}

}  // namespace newsdedup::pipeline
