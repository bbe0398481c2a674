// `newsdedup run --config FILE [--embedded-broker]`: the Kafka daemon.
#include <cstdio>
#include <cstring>
#include <string>

#include "newsdedup/config/config.h"
#include "newsdedup/ops/signals.h"
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
  // SIGTERM/SIGINT: graceful stop (a second one exits at once).
  if (Status st = ops::install_signal_handlers(); !st.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", st.error().message.c_str());
    return 71;  // EX_OSERR
  }

  std::unique_ptr<source::MockCluster> cluster;
  DaemonOptions options;
  options.config = config;
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
  Status st = daemon.value()->run([] { return ops::stop_requested(); });
  if (!st.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", st.error().message.c_str());
    return 75;  // EX_TEMPFAIL: restart; uncommitted records are read again
  }
  return 0;
}

}  // namespace newsdedup::pipeline
