// The control thread. It sleeps in poll() on the signal wake-up fd and its own quit fd, with a
// timeout set by the next due file poll or watchdog ping, so it costs nothing between events.
#include "newsdedup/ops/control.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "newsdedup/metrics/http_server.h"
#include "newsdedup/ops/config_reloader.h"
#include "newsdedup/ops/config_watcher.h"
#include "newsdedup/ops/signals.h"
#include "newsdedup/ops/systemd.h"

namespace newsdedup::ops {

using Clock = std::chrono::steady_clock;

struct Control::Impl {
  ControlOptions options;
  std::unique_ptr<metrics::HttpServer> http;
  std::unique_ptr<ConfigReloader> reloader;
  std::optional<ConfigWatcher> watcher;
  std::thread thread;
  int quit_fd = -1;

  void log(int severity, const std::string& message) const {
    if (options.log) {
      options.log(severity, message);
    } else {
      std::fprintf(stderr, "newsdedup: %s\n", message.c_str());
    }
  }
};

Control::Control(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<Control>> Control::start(ControlOptions options) {
  if (!options.config || options.registry == nullptr || options.health == nullptr) {
    return Error{ErrorCode::kInternal, "ops::Control: config, registry and health are required"};
  }
  if (Status s = install_signal_handlers(); !s.ok()) return s.error();
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  ControlOptions& o = impl->options;
  if (o.liveness_timeout.count() > 0) o.health->enable_liveness(o.liveness_timeout.count());
  Health* health = o.health;
  if (!o.config->metrics.listen.empty()) {
    auto http = metrics::HttpServer::start(
        o.config->metrics.listen, *o.registry,
        [health] {
          auto r = health->liveness();
          return metrics::ProbeResult{r.ok, r.detail};
        },
        [health] {
          auto r = health->readiness();
          return metrics::ProbeResult{r.ok, r.detail};
        });
    if (!http.ok()) return http.error();
    impl->http = std::move(http.value());
  }
  impl->reloader = std::make_unique<ConfigReloader>(o.config_path, o.config, &o.registry->config());
  if (!o.config_path.empty() && o.watch_interval.count() > 0) impl->watcher.emplace(o.config_path);
  impl->quit_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (impl->quit_fd < 0) return Error{ErrorCode::kIo, std::string("eventfd: ") + strerror(errno)};
  health->set(Health::Condition::kConfigLoaded, true);

  std::unique_ptr<Control> control(new Control(std::move(impl)));
  Control* self = control.get();
  try {
    control->impl_->thread = std::thread([self] { self->run(); });
  } catch (const std::system_error& e) {
    return Error{ErrorCode::kIo, std::string("control thread: ") + e.what()};
  }
  return control;
}

Control::~Control() {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = write(impl_->quit_fd, &one, sizeof one);
  if (impl_->thread.joinable()) impl_->thread.join();
  close(impl_->quit_fd);
  impl_->http.reset();
}

void Control::request_stop() noexcept { ops::request_stop(); }

std::shared_ptr<const config::Config> Control::config() const { return impl_->reloader->current(); }
uint64_t Control::generation() const noexcept { return impl_->reloader->generation(); }
uint16_t Control::http_port() const noexcept { return impl_->http ? impl_->http->port() : 0; }

void Control::run() {
  Impl& m = *impl_;
  const auto watchdog = std::chrono::duration_cast<std::chrono::milliseconds>(watchdog_interval());
  const auto ping_every = watchdog / 2;
  auto next_watch = Clock::now() + m.options.watch_interval;
  auto next_ping = Clock::now();
  bool stopping = false;
  while (true) {
    auto now = Clock::now();
    // Watchdog: ping only while the data path beats, so systemd restarts a hung process.
    if (ping_every.count() > 0 && now >= next_ping) {
      if (m.options.health->liveness().ok) notify_watchdog();
      next_ping = now + ping_every;
    }
    std::chrono::milliseconds timeout{1000};
    if (m.watcher) {
      timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::max(next_watch - now, Clock::duration::zero())));
    }
    if (ping_every.count() > 0) {
      timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::max(next_ping - now, Clock::duration::zero())));
    }
    pollfd fds[2] = {{wake_fd(), POLLIN, 0}, {m.quit_fd, POLLIN, 0}};
    const int rc = ::poll(fds, 2, static_cast<int>(timeout.count()));
    if (rc > 0 && (fds[1].revents & POLLIN) != 0) return;
    drain_wake_fd();

    if (stop_requested() && !stopping) {
      stopping = true;
      m.options.health->set_stopping();
      notify_stopping();
      const int sig = stop_signal();
      m.log(6, sig != 0 ? "stopping on signal " + std::to_string(sig) + ", draining"
                        : std::string("stopping, draining"));
      stop_.store(true, std::memory_order_release);
    }
    if (stopping) continue;  // no reloads while draining

    bool reload = false;
    if (take_reload_request()) {
      reload = true;
      m.log(6, "SIGHUP: reloading " + m.options.config_path);
    }
    now = Clock::now();
    if (m.watcher && now >= next_watch) {
      next_watch = now + m.options.watch_interval;
      if (m.watcher->poll()) {
        reload = true;
        m.log(6, "config file changed: reloading " + m.options.config_path);
      }
    }
    if (reload && !m.options.config_path.empty()) {
      notify_reloading();
      const ReloadOutcome outcome = m.reloader->reload();
      const int severity = outcome.result == ReloadResult::kInvalid   ? 3
                           : outcome.result == ReloadResult::kRefused ? 4
                                                                      : 6;
      m.log(severity, outcome.message);
      notify_ready();
    }
  }
}

}  // namespace newsdedup::ops
