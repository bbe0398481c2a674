// Process signals as flags: SIGTERM/SIGINT request a graceful stop, SIGHUP a config reload.
// The handlers only store to lock-free atomics and write to an eventfd (async-signal-safe);
// the main loop polls the flags or waits on wake_fd(). Process-wide state; install once.
#pragma once

#include "newsdedup/model/result.h"

namespace newsdedup::ops {

// Installs the handlers (sigaction, SA_RESTART) and creates the wake-up eventfd. A second
// SIGINT/SIGTERM while a stop is already under way exits at once with 128 + signal, for an
// operator who does not want to wait for the drain. Safe to call again (no-op).
Status install_signal_handlers();

bool stop_requested() noexcept;
int stop_signal() noexcept;    // the signal that requested the stop; 0 if none or request_stop()
void request_stop() noexcept;  // the same stop from code (fatal error, end of input)

// True once per SIGHUP burst: reading clears the flag, so several SIGHUPs before the main loop
// looks give one reload.
bool take_reload_request() noexcept;
void request_reload() noexcept;

// Readable after any handled signal (and request_*); poll() it beside other fds, then call
// drain_wake_fd(). -1 before install_signal_handlers().
int wake_fd() noexcept;
void drain_wake_fd() noexcept;

// Clears the flags (tests only; the handlers stay installed).
void reset_signal_state_for_testing() noexcept;

}  // namespace newsdedup::ops
