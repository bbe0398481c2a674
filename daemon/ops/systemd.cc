// sd_notify wrappers. RELOADING=1 carries MONOTONIC_USEC, which systemd >= 253 requires for
// Type=notify-reload and older versions ignore.
#include "newsdedup/ops/systemd.h"

#include <ctime>

#ifdef NEWSDEDUP_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace newsdedup::ops {
namespace {

bool send([[maybe_unused]] const std::string& state) {
#ifdef NEWSDEDUP_HAVE_SYSTEMD
  return sd_notify(0, state.c_str()) > 0;
#else
  return false;
#endif
}

}  // namespace

bool notify_ready() { return send("READY=1\nSTATUS=running"); }

bool notify_reloading() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  const long long usec = static_cast<long long>(ts.tv_sec) * 1000000LL + ts.tv_nsec / 1000;
  return send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec));
}

bool notify_stopping() { return send("STOPPING=1\nSTATUS=stopping"); }
bool notify_watchdog() { return send("WATCHDOG=1"); }
bool notify_status(const std::string& status) { return send("STATUS=" + status); }

std::chrono::microseconds watchdog_interval() {
#ifdef NEWSDEDUP_HAVE_SYSTEMD
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) return std::chrono::microseconds(usec);
#endif
  return std::chrono::microseconds(0);
}

bool systemd_support_compiled() {
#ifdef NEWSDEDUP_HAVE_SYSTEMD
  return true;
#else
  return false;
#endif
}

}  // namespace newsdedup::ops
