// The HTTP endpoint of the daemon: /metrics (prometheus-cpp's pull Exposer) and, on the same
// port, /healthz and /readyz answered from caller-supplied probes. Probes run on the server's
// threads, so they must be thread-safe (ops::Health is). Start and destroy from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "newsdedup/metrics/metrics.h"
#include "newsdedup/model/result.h"

namespace newsdedup::metrics {

// What a probe answers: 200 with "ok\n" when `ok`, else 503 with `detail` (e.g. "not ready:
// partitions_assigned").
struct ProbeResult {
  bool ok = false;
  std::string detail;
};
using Probe = std::function<ProbeResult()>;

class HttpServer {
 public:
  // Listens on `listen`, an address config::load_config_* accepted ("127.0.0.1:9464",
  // "0.0.0.0:9464", "localhost:9464"; port 0 picks a free port; Debian's civetweb has no
  // IPv6). Errors (code kIo) name the address.
  static Result<std::unique_ptr<HttpServer>> start(const std::string& listen, Registry& registry,
                                                   Probe live, Probe ready);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const noexcept { return port_; }  // the bound port

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl, uint16_t port);
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

}  // namespace newsdedup::metrics
