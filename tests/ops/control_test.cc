#include "newsdedup/ops/control.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "newsdedup/ops/signals.h"
#include "newsdedup/ops/systemd.h"

namespace newsdedup::ops {
namespace {

using ::testing::HasSubstr;

// Waits (bounded) for something another thread does; not a speed assertion.
template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 1000; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

int http_status(uint16_t port, const std::string& path, std::string* body) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  const std::string req = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  if (send(fd, req.data(), req.size(), 0) < 0) return -1;
  std::string raw;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<size_t>(n));
  close(fd);
  if (body != nullptr) *body = raw.substr(raw.find("\r\n\r\n") + 4);
  return raw.size() > 12 ? std::atoi(raw.substr(9, 3).c_str()) : -1;
}

class ControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(install_signal_handlers().ok());
    reset_signal_state_for_testing();
    const std::string base = ::testing::TempDir() + "/control-" + std::to_string(getpid());
    config_path_ = base + ".yaml";
    write_config("decide: {near_threshold: 0.5}\n");
    if (systemd_support_compiled()) {
      notify_path_ = base + ".sock";
      unlink(notify_path_.c_str());
      notify_fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      sockaddr_un addr{};
      addr.sun_family = AF_UNIX;
      std::memcpy(addr.sun_path, notify_path_.c_str(), notify_path_.size() + 1);
      ASSERT_EQ(bind(notify_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
      timeval tv{0, 500000};
      setsockopt(notify_fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      setenv("NOTIFY_SOCKET", notify_path_.c_str(), 1);
    }
  }
  void TearDown() override {
    control_.reset();
    reset_signal_state_for_testing();
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    if (notify_fd_ >= 0) close(notify_fd_);
    if (!notify_path_.empty()) unlink(notify_path_.c_str());
    unlink(config_path_.c_str());
  }

  // Without an HTTP server unless a test needs one: civetweb takes up to 2 s to stop.
  void write_config(const std::string& extra, const std::string& listen = "") {
    std::ofstream(config_path_, std::ios::trunc) << "metrics: {listen: \"" << listen << "\"}\n"
                                                 << extra;
  }

  void start(std::chrono::milliseconds watch = std::chrono::milliseconds(0),
             std::chrono::milliseconds liveness = std::chrono::milliseconds(0)) {
    auto loaded = config::load_config_file(config_path_);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    ControlOptions o;
    o.config_path = config_path_;
    o.config = std::make_shared<const config::Config>(loaded.value());
    o.registry = &registry_;
    o.health = &health_;
    o.watch_interval = watch;
    o.liveness_timeout = liveness;
    o.log = [this](int severity, std::string_view message) {
      std::lock_guard<std::mutex> lock(mu_);
      logs_.push_back(std::to_string(severity) + " " + std::string(message));
    };
    auto c = Control::start(std::move(o));
    ASSERT_TRUE(c.ok()) << c.error().message;
    control_ = std::move(c.value());
  }

  std::vector<std::string> logs() {
    std::lock_guard<std::mutex> lock(mu_);
    return logs_;
  }
  // The next notification, skipping watchdog pings unless asked for them.
  std::string notification(bool watchdog = false) {
    char buf[512];
    for (int i = 0; i < 20; ++i) {
      const ssize_t n = recv(notify_fd_, buf, sizeof buf, 0);
      if (n <= 0) return "(nothing)";
      std::string s(buf, static_cast<size_t>(n));
      if (watchdog || s != "WATCHDOG=1") return s;
    }
    return "(only watchdog)";
  }

  std::atomic<int64_t> manual_now_{0};
  Health health_{[this] { return manual_now_.load(); }};
  metrics::Registry registry_;
  std::string config_path_;
  std::string notify_path_;
  int notify_fd_ = -1;
  std::mutex mu_;
  std::vector<std::string> logs_;
  std::unique_ptr<Control> control_;
};

TEST_F(ControlTest, ServesHealthAndMetricsOnTheConfiguredAddress) {
  write_config("", "127.0.0.1:0");
  start();
  ASSERT_NE(control_->http_port(), 0);
  std::string body;
  EXPECT_EQ(http_status(control_->http_port(), "/readyz", &body), 503);
  EXPECT_EQ(body, "not ready: partitions_assigned, state_loaded, sink_ready\n");
  health_.set(Health::Condition::kPartitionsAssigned, true);
  health_.set(Health::Condition::kStateLoaded, true);
  health_.set(Health::Condition::kSinkReady, true);
  EXPECT_EQ(http_status(control_->http_port(), "/readyz", &body), 200);
  EXPECT_EQ(http_status(control_->http_port(), "/healthz", &body), 200);
  EXPECT_EQ(http_status(control_->http_port(), "/metrics", &body), 200);
  EXPECT_THAT(body, HasSubstr("newsdedup_config_generation 1\n"));
}

TEST_F(ControlTest, SigtermSetsTheStopFlagAndReportsStopping) {
  start();
  EXPECT_EQ(control_->http_port(), 0);  // metrics.listen ""
  EXPECT_FALSE(control_->stop_flag().load());
  ASSERT_EQ(raise(SIGTERM), 0);
  ASSERT_TRUE(eventually([&] { return control_->stop_flag().load(); }));
  EXPECT_EQ(health_.readiness().detail, "not ready: stopping");
  if (notify_fd_ >= 0) {
    EXPECT_EQ(notification(), "STOPPING=1\nSTATUS=stopping");
  }
  EXPECT_TRUE(eventually([&] {
    auto l = logs();
    return !l.empty() &&
           l.back() == "6 stopping on signal " + std::to_string(SIGTERM) + ", draining";
  }));
}

TEST_F(ControlTest, SighupAppliesALiveChange) {
  start();
  write_config("decide: {near_threshold: 0.8}\n");
  ASSERT_EQ(raise(SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return control_->generation() == 2; }));
  EXPECT_EQ(control_->config()->decide.near_threshold, 0.8);
  if (notify_fd_ >= 0) {
    EXPECT_EQ(notification().rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0u);
    EXPECT_EQ(notification(), "READY=1\nSTATUS=running");
  }
  ASSERT_TRUE(eventually([&] { return logs().size() >= 2; }));
  EXPECT_EQ(logs()[0], "6 SIGHUP: reloading " + config_path_);
  EXPECT_EQ(logs()[1], "6 config reloaded: generation 2");
}

TEST_F(ControlTest, AChangedFileIsReloadedWithoutASignal) {
  start(std::chrono::milliseconds(10));
  write_config("decide: {near_threshold: 0.9}\nlog: {level: debug}\n");
  ASSERT_TRUE(eventually([&] { return control_->generation() == 2; }));
  EXPECT_EQ(control_->config()->log.level, "debug");
  ASSERT_TRUE(eventually([&] { return logs().size() >= 2; }));
  EXPECT_EQ(logs()[0], "6 config file changed: reloading " + config_path_);
}

TEST_F(ControlTest, RestartOnlyChangesAreRefusedWithAWarning) {
  start();
  write_config("fingerprint: {shingle_size: 5}\n");
  ASSERT_EQ(raise(SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return registry_.config().reload_refused.value() == 1.0; }));
  ASSERT_TRUE(eventually([&] { return logs().size() >= 2; }));
  EXPECT_EQ(logs()[1],
            "4 config reload refused, keeping the current config: restart-only keys changed "
            "(fingerprint.shingle_size); restart to apply");
  EXPECT_EQ(control_->generation(), 1u);
}

TEST_F(ControlTest, AnInvalidFileIsLoggedAsAnError) {
  start();
  write_config("decide: {near_threshold: 7}\n");
  ASSERT_EQ(raise(SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return logs().size() >= 2; }));
  EXPECT_EQ(logs()[1],
            "3 config reload failed, keeping the current config: decide.near_threshold: must be "
            "in (0, 1]");
  EXPECT_EQ(registry_.config().reload_failure.value(), 1.0);
}

TEST_F(ControlTest, PingsTheWatchdogOnlyWhileTheHeartbeatIsFresh) {
  if (notify_fd_ < 0) GTEST_SKIP() << "built without libsystemd";
  setenv("WATCHDOG_USEC", "100000", 1);  // ping every 50 ms
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  start(std::chrono::milliseconds(0), std::chrono::milliseconds(1000));
  EXPECT_EQ(notification(/*watchdog=*/true), "WATCHDOG=1");
  manual_now_ = 5000;  // the main loop stopped beating 5 s ago
  ASSERT_FALSE(health_.liveness().ok);
  // Drain pings sent before the clock moved; then half a second (ten intervals) of silence.
  std::string got;
  for (int i = 0; i < 5 && (got = notification(true)) == "WATCHDOG=1"; ++i) {
  }
  EXPECT_EQ(got, "(nothing)");
  health_.heartbeat();
  EXPECT_EQ(notification(/*watchdog=*/true), "WATCHDOG=1");
}

}  // namespace
}  // namespace newsdedup::ops
