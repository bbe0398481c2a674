#include "newsdedup/ops/systemd.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace newsdedup::ops {
namespace {

// A fake systemd: a datagram socket at $NOTIFY_SOCKET that collects the notifications.
class SystemdNotifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!systemd_support_compiled()) GTEST_SKIP() << "built without libsystemd";
    path_ = ::testing::TempDir() + "/notify-" + std::to_string(getpid()) + ".sock";
    unlink(path_.c_str());
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd_, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    ASSERT_LT(path_.size(), sizeof addr.sun_path);
    std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
    ASSERT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << strerror(errno);
    timeval tv{2, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ASSERT_EQ(setenv("NOTIFY_SOCKET", path_.c_str(), 1), 0);
  }
  void TearDown() override {
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    if (fd_ >= 0) close(fd_);
    if (!path_.empty()) unlink(path_.c_str());
  }
  std::string receive() {
    char buf[512];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("(nothing)");
  }

  std::string path_;
  int fd_ = -1;
};

TEST_F(SystemdNotifyTest, SendsEachStateToTheNotifySocket) {
  EXPECT_TRUE(notify_ready());
  EXPECT_EQ(receive(), "READY=1\nSTATUS=running");
  EXPECT_TRUE(notify_reloading());
  const std::string reloading = receive();
  EXPECT_EQ(reloading.rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0u) << reloading;
  EXPECT_GT(std::strtoull(reloading.c_str() + 27, nullptr, 10), 0u);
  EXPECT_TRUE(notify_watchdog());
  EXPECT_EQ(receive(), "WATCHDOG=1");
  EXPECT_TRUE(notify_status("lag 12"));
  EXPECT_EQ(receive(), "STATUS=lag 12");
  EXPECT_TRUE(notify_stopping());
  EXPECT_EQ(receive(), "STOPPING=1\nSTATUS=stopping");
}

TEST_F(SystemdNotifyTest, DoesNothingOutsideSystemd) {
  unsetenv("NOTIFY_SOCKET");
  EXPECT_FALSE(notify_ready());
  EXPECT_FALSE(notify_watchdog());
}

TEST_F(SystemdNotifyTest, ReadsTheWatchdogIntervalForThisProcess) {
  EXPECT_EQ(watchdog_interval().count(), 0);
  setenv("WATCHDOG_USEC", "30000000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  EXPECT_EQ(watchdog_interval().count(), 30000000);
  setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);  // meant for another process
  EXPECT_EQ(watchdog_interval().count(), 0);
}

}  // namespace
}  // namespace newsdedup::ops
