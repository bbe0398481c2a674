#include "newsdedup/ops/signals.h"

#include <gtest/gtest.h>
#include <poll.h>

#include <csignal>

namespace newsdedup::ops {
namespace {

bool wake_fd_readable() {
  pollfd p{wake_fd(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

class SignalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(install_signal_handlers().ok());
    reset_signal_state_for_testing();
  }
  void TearDown() override { reset_signal_state_for_testing(); }
};

TEST_F(SignalsTest, SighupRequestsOneReload) {
  EXPECT_FALSE(take_reload_request());
  EXPECT_FALSE(wake_fd_readable());
  ASSERT_EQ(raise(SIGHUP), 0);
  ASSERT_EQ(raise(SIGHUP), 0);
  EXPECT_TRUE(wake_fd_readable());
  EXPECT_TRUE(take_reload_request());
  EXPECT_FALSE(take_reload_request());  // two SIGHUPs before the loop looked: one reload
  EXPECT_FALSE(stop_requested());
  drain_wake_fd();
  EXPECT_FALSE(wake_fd_readable());
}

TEST_F(SignalsTest, SigtermRequestsAStopAndRemembersTheSignal) {
  ASSERT_EQ(raise(SIGTERM), 0);
  EXPECT_TRUE(stop_requested());
  EXPECT_EQ(stop_signal(), SIGTERM);
  EXPECT_TRUE(wake_fd_readable());
  EXPECT_FALSE(take_reload_request());
}

TEST_F(SignalsTest, SigintRequestsAStop) {
  ASSERT_EQ(raise(SIGINT), 0);
  EXPECT_TRUE(stop_requested());
  EXPECT_EQ(stop_signal(), SIGINT);
}

TEST_F(SignalsTest, RequestsFromCodeWakeTheLoopToo) {
  request_reload();
  EXPECT_TRUE(wake_fd_readable());
  EXPECT_TRUE(take_reload_request());
  request_stop();
  EXPECT_TRUE(stop_requested());
  EXPECT_EQ(stop_signal(), 0);
}

TEST_F(SignalsTest, InstallingTwiceIsHarmless) {
  const int fd = wake_fd();
  EXPECT_TRUE(install_signal_handlers().ok());
  EXPECT_EQ(wake_fd(), fd);
}

using SignalsDeathTest = SignalsTest;

TEST_F(SignalsDeathTest, ASecondStopSignalExitsAtOnce) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        raise(SIGTERM);
        raise(SIGTERM);
        std::_Exit(0);  // not reached
      },
      ::testing::ExitedWithCode(128 + SIGTERM), "");
}

}  // namespace
}  // namespace newsdedup::ops
