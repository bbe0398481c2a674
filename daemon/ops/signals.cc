// Signal handlers restricted to async-signal-safe operations: lock-free atomic stores, write(2)
// to an eventfd and _exit(2).
#include "newsdedup/ops/signals.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

namespace newsdedup::ops {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_stop_signal{0};
std::atomic<bool> g_reload{false};
std::atomic<int> g_wake_fd{-1};
std::atomic<bool> g_installed{false};

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "signal handlers need lock-free atomics");

void wake() noexcept {
  const int fd = g_wake_fd.load(std::memory_order_relaxed);
  if (fd < 0) return;
  const uint64_t one = 1;
  const int saved = errno;  // a handler must not change errno under the interrupted code
  [[maybe_unused]] ssize_t n = write(fd, &one, sizeof one);
  errno = saved;
}

extern "C" void on_signal(int sig) {
  if (sig == SIGHUP) {
    g_reload.store(true, std::memory_order_relaxed);
  } else {
    if (g_stop.exchange(true, std::memory_order_relaxed) && g_stop_signal.load() != 0) {
      _exit(128 + sig);  // second stop signal: the operator does not want to wait
    }
    g_stop_signal.store(sig, std::memory_order_relaxed);
  }
  wake();
}

}  // namespace

Status install_signal_handlers() {
  if (g_installed.load()) return {};
  const int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::kIo, std::string("eventfd: ") + std::strerror(errno)};
  g_wake_fd.store(fd);
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = &on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
    if (sigaction(sig, &sa, nullptr) != 0) {
      return Error{ErrorCode::kIo, std::string("sigaction: ") + std::strerror(errno)};
    }
  }
  g_installed.store(true);
  return {};
}

bool stop_requested() noexcept { return g_stop.load(std::memory_order_relaxed); }
int stop_signal() noexcept { return g_stop_signal.load(std::memory_order_relaxed); }

void request_stop() noexcept {
  g_stop.store(true, std::memory_order_relaxed);
  wake();
}

bool take_reload_request() noexcept { return g_reload.exchange(false, std::memory_order_relaxed); }

void request_reload() noexcept {
  g_reload.store(true, std::memory_order_relaxed);
  wake();
}

int wake_fd() noexcept { return g_wake_fd.load(std::memory_order_relaxed); }

void drain_wake_fd() noexcept {
  const int fd = g_wake_fd.load(std::memory_order_relaxed);
  if (fd < 0) return;
  uint64_t v = 0;
  while (read(fd, &v, sizeof v) > 0) {
  }
}

void reset_signal_state_for_testing() noexcept {
  g_stop.store(false);
  g_stop_signal.store(0);
  g_reload.store(false);
  drain_wake_fd();
}

}  // namespace newsdedup::ops
