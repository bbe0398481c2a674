// Scale-out (issue 5): instances of one group share their index through the state topic, so a
// repost is caught whichever instance decided its original. The group grows 1 -> 3 and shrinks
// to 2 mid-stream; reposts are sent once their originals were decided, plus the documented
// consistency window (state apply lag, printed from the daemons' summaries).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "article_generator.h"
#include "kafka_harness.h"
#include "state_support.h"

namespace newsdedup::testing {
namespace {

constexpr milliseconds kJoin(30000);
constexpr milliseconds kCollect(60000);
// Allowance for the consistency window (a peer's state record reaching every index): the
// measured p99 is far below (see daemon/source/README.md); this is not a timing assertion.
constexpr milliseconds kWindow(2000);

TEST(StateScaleTest, GrowingAndShrinkingTheGroupLosesNothingAndCatchesCrossInstanceReposts) {
  auto cluster = start_cluster();
  ASSERT_TRUE(cluster);
  const std::string dir = scratch_dir();
  ArticleGenerator gen(41);
  const std::string config = write_config(dir, cluster->bootstrap(), "scale");
  Producer producer(cluster->bootstrap());
  Collector collector(cluster->bootstrap(), kAllOutputs);
  std::vector<GeneratedRecord> all;
  auto publish = [&](const std::vector<GeneratedRecord>& records) {
    producer.send(records);
    producer.flush();
    all.insert(all.end(), records.begin(), records.end());
  };

  // One instance decides the first stories.
  auto d1 = std::make_unique<DaemonProcess>(config, dir, "d1");
  const auto a = gen.stream(60, kPartitions, 0, 60, "a");
  publish(a);
  ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(all)), kCollect)) << d1->log();

  // Grow to three: the newcomers restore the first stories, the next ones are split.
  auto d2 = std::make_unique<DaemonProcess>(config, dir, "d2");
  auto d3 = std::make_unique<DaemonProcess>(config, dir, "d3");
  ASSERT_TRUE(d2->wait_for_log("assigned articles.raw", kJoin)) << d2->log();
  ASSERT_TRUE(d3->wait_for_log("assigned articles.raw", kJoin)) << d3->log();
  const auto b = gen.stream(60, kPartitions, 0, 60, "b");
  publish(b);
  ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(all)), kCollect)) << d2->log();
  std::this_thread::sleep_for(kWindow);
  // Reposts one and two partitions further on: mostly owned by another instance than the one
  // that decided the original.
  publish(reposts_of(a, "ra1-", 1));
  publish(reposts_of(b, "rb1-", 1));
  publish(reposts_of(b, "rb2-", 2));
  ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(all)), kCollect)) << d3->log();

  // Shrink to two (graceful leave: its partitions move to the others).
  ASSERT_EQ(d3->terminate(), 0) << d3->log();
  const int64_t d3_applied = d3->summary("state_applied");
  const auto c = gen.stream(60, kPartitions, 0, 60, "c");
  publish(c);
  ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(all)), kCollect)) << d1->log();
  std::this_thread::sleep_for(kWindow);
  publish(reposts_of(c, "rc1-", 1));
  publish(reposts_of(b, "rb3-", 3));
  ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(all)), kCollect)) << d1->log();
  ASSERT_EQ(d2->terminate(), 0) << d2->log();
  ASSERT_EQ(d1->terminate(), 0) << d1->log();
  collector.drain();

  expect_originals_canonical_and_reposts_caught(collector.records(), all);
  // Every instance took its peers' updates from the state topic while running.
  EXPECT_GT(d1->summary("state_applied"), 0) << d1->log();
  EXPECT_GT(d2->summary("state_applied"), 0) << d2->log();
  EXPECT_GT(d3_applied, 0) << d3->log();
  EXPECT_GT(d2->summary("state_restored"), 0) << d2->log();
  for (const auto* d : {d1.get(), d2.get(), d3.get()}) {
    std::printf(
        "state apply lag (peer decision -> local index): p50 %lld us, p99 %lld us, "
        "%lld peer records applied\n",
        static_cast<long long>(d->summary("state_lag_p50_us")),
        static_cast<long long>(d->summary("state_lag_p99_us")),
        static_cast<long long>(d->summary("state_applied")));
  }
}

}  // namespace
}  // namespace newsdedup::testing
