// newsdedup_metric_names: prints every metric name the daemon's Registry exports (one per
// line), for the dashboard and alert checks; with --serve, serves /metrics, /healthz and
// /readyz on 127.0.0.1:0 with a few known values, prints "port=N", and runs until SIGTERM or
// stdin closes (for the Prometheus scrape test).
#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "newsdedup/metrics/http_server.h"
#include "newsdedup/metrics/metrics.h"
#include "newsdedup/ops/signals.h"

int main(int argc, char** argv) {
  using namespace newsdedup;
  metrics::Registry registry;
  if (argc < 2) {
    for (const auto& name : registry.exported_names()) std::printf("%s\n", name.c_str());
    return 0;
  }
  if (std::strcmp(argv[1], "--serve") != 0) {
    std::fprintf(stderr, "usage: newsdedup_metric_names [--serve]\n");
    return 64;
  }
  if (!ops::install_signal_handlers().ok()) return 71;
  registry.pipeline().records_in.inc(42);
  registry.pipeline().duplicate[static_cast<size_t>(Rule::kNear)].inc(7);
  auto server = metrics::HttpServer::start(
      "127.0.0.1:0", registry,
      [] {
        return metrics::ProbeResult{true, ""};
      },
      [] {
        return metrics::ProbeResult{true, ""};
      });
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.error().message.c_str());
    return 69;
  }
  std::printf("port=%u\n", static_cast<unsigned>(server.value()->port()));
  std::fflush(stdout);
  while (!ops::stop_requested()) {
    pollfd fds[2] = {{ops::wake_fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    if (::poll(fds, 2, 1000) < 0) continue;
    ops::drain_wake_fd();
    if ((fds[1].revents & (POLLIN | POLLHUP)) != 0) {
      char buf[256];
      if (read(STDIN_FILENO, buf, sizeof buf) <= 0) break;  // stdin closed
    }
  }
  return 0;
}
