#include "newsdedup/ops/health.h"

#include <gtest/gtest.h>

namespace newsdedup::ops {
namespace {

using C = Health::Condition;

TEST(HealthTest, ReadyOnlyWhenEveryConditionHolds) {
  Health h([] { return int64_t{0}; });
  auto r = h.readiness();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.detail, "not ready: config_loaded, partitions_assigned, state_loaded, sink_ready");
  h.set(C::kConfigLoaded, true);
  h.set(C::kStateLoaded, true);
  h.set(C::kSinkReady, true);
  r = h.readiness();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.detail, "not ready: partitions_assigned");
  h.set(C::kPartitionsAssigned, true);
  r = h.readiness();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.detail, "");
  h.set(C::kSinkReady, false);
  EXPECT_EQ(h.readiness().detail, "not ready: sink_ready");
}

TEST(HealthTest, StoppingIsNotReadyButStillAlive) {
  Health h([] { return int64_t{0}; });
  for (auto c : {C::kConfigLoaded, C::kPartitionsAssigned, C::kStateLoaded, C::kSinkReady}) {
    h.set(c, true);
  }
  h.set_stopping();
  EXPECT_FALSE(h.readiness().ok);
  EXPECT_EQ(h.readiness().detail, "not ready: stopping");
  EXPECT_TRUE(h.liveness().ok);
}

TEST(HealthTest, LivenessFailsWhenTheHeartbeatStops) {
  int64_t now = 1000;
  Health h([&] { return now; });
  EXPECT_TRUE(h.liveness().ok);  // not heartbeat-based until enabled
  h.enable_liveness(5000);
  now = 6000;
  EXPECT_TRUE(h.liveness().ok);  // exactly at the limit
  now = 6001;
  auto r = h.liveness();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.detail, "no heartbeat for 5001 ms (limit 5000 ms)");
  h.heartbeat();
  EXPECT_TRUE(h.liveness().ok);
}

}  // namespace
}  // namespace newsdedup::ops
