// prometheus-cpp's Exposer serves /metrics but has no API for other handlers. It does accept
// civetweb callbacks, and civetweb's begin_request callback sees every request first; it answers
// /healthz and /readyz and leaves the rest to the Exposer. The callback is a plain function
// pointer without user data (the Exposer keeps its CivetServer private), so the probes are
// found through a process-wide table keyed by the listening port.
#include "newsdedup/metrics/http_server.h"

#include <CivetServer.h>
#include <civetweb.h>
#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <cstring>
#include <map>
#include <mutex>

namespace newsdedup::metrics {
namespace {

struct Probes {
  Probe live;
  Probe ready;
};

std::mutex& table_mutex() {
  static std::mutex mu;
  return mu;
}
std::map<int, std::shared_ptr<const Probes>>& table() {
  static std::map<int, std::shared_ptr<const Probes>> t;
  return t;
}

void reply(mg_connection* conn, int status, const char* reason, const std::string& body,
           bool head) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Cache-Control: no-store\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
            status, reason, body.size());
  if (!head) mg_write(conn, body.data(), body.size());
}

int begin_request(mg_connection* conn) {
  const mg_request_info* ri = mg_get_request_info(conn);
  if (ri == nullptr || ri->local_uri == nullptr) return 0;
  const bool healthz = std::strcmp(ri->local_uri, "/healthz") == 0;
  const bool readyz = std::strcmp(ri->local_uri, "/readyz") == 0;
  if (!healthz && !readyz) return 0;  // /metrics and 404s: the Exposer's business
  const bool head = ri->request_method != nullptr && std::strcmp(ri->request_method, "HEAD") == 0;
  std::shared_ptr<const Probes> probes;
  {
    std::lock_guard<std::mutex> lock(table_mutex());
    auto it = table().find(ri->server_port);
    if (it != table().end()) probes = it->second;
  }
  ProbeResult r{false, "starting"};
  if (probes) {
    const Probe& probe = healthz ? probes->live : probes->ready;
    try {
      r = probe ? probe() : ProbeResult{true, ""};
    } catch (...) {  // a probe must not take the server thread down
      r = {false, "probe failed"};
    }
  }
  if (r.ok) {
    reply(conn, 200, "OK", "ok\n", head);
    return 200;
  }
  reply(conn, 503, "Service Unavailable", r.detail + "\n", head);
  return 503;
}

}  // namespace

struct HttpServer::Impl {
  std::unique_ptr<prometheus::Exposer> exposer;
  std::vector<int> ports;
  CivetCallbacks callbacks;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl, uint16_t port)
    : impl_(std::move(impl)), port_(port) {}

HttpServer::~HttpServer() {
  {
    std::lock_guard<std::mutex> lock(table_mutex());
    for (int p : impl_->ports) table().erase(p);
  }
  impl_->exposer.reset();  // stops civetweb and joins its threads
}

Result<std::unique_ptr<HttpServer>> HttpServer::start(const std::string& listen, Registry& registry,
                                                      Probe live, Probe ready) {
  auto impl = std::make_unique<Impl>();
  impl->callbacks.begin_request = &begin_request;
  try {
    // Options as the Exposer's own constructor sets them, plus our callbacks.
    impl->exposer = std::make_unique<prometheus::Exposer>(
        std::vector<std::string>{"listening_ports", listen, "num_threads", "2"}, &impl->callbacks);
    impl->exposer->RegisterCollectable(registry.prometheus_registry());
    impl->ports = impl->exposer->GetListeningPorts();
  } catch (const std::exception& e) {
    return Error{ErrorCode::kIo, "metrics.listen " + listen + ": cannot listen: " + e.what()};
  }
  if (impl->ports.empty() || impl->ports.front() <= 0 || impl->ports.front() > 65535) {
    return Error{ErrorCode::kIo, "metrics.listen " + listen + ": no listening port"};
  }
  auto probes = std::make_shared<const Probes>(Probes{std::move(live), std::move(ready)});
  {
    std::lock_guard<std::mutex> lock(table_mutex());
    for (int p : impl->ports) table()[p] = probes;
  }
  const auto port = static_cast<uint16_t>(impl->ports.front());
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl), port));
}

}  // namespace newsdedup::metrics
