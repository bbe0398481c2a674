// systemd service notifications (Type=notify): READY, RELOADING, STOPPING, WATCHDOG, STATUS.
// Built on libsystemd's sd_notify when NEWSDEDUP_HAVE_SYSTEMD is defined, no-ops otherwise;
// without $NOTIFY_SOCKET (not under systemd) every call does nothing. Thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace newsdedup::ops {

// Each returns true when a notification was sent.
bool notify_ready();
// Before applying a reload; follow with notify_ready() when done (success or not).
bool notify_reloading();
bool notify_stopping();
bool notify_watchdog();
bool notify_status(const std::string& status);  // free text shown by `systemctl status`

// WatchdogSec as seen by this process (0 when the watchdog is off); ping every half of it.
std::chrono::microseconds watchdog_interval();

// Whether this build can talk to systemd at all.
bool systemd_support_compiled();

}  // namespace newsdedup::ops
