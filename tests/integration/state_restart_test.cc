// Durable state across restarts (issue 5): the index is written to the state topic and
// restored by the next daemon; SIGKILL at random points (fixed seed) loses no canonical, and in
// exactly-once mode no canonical is published twice (read_committed collector).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "article_generator.h"
#include "kafka_harness.h"
#include "state_support.h"

namespace newsdedup::testing {
namespace {

constexpr milliseconds kJoin(30000);
constexpr milliseconds kCollect(60000);

TEST(StateRestartTest, RepostsOfArticlesSeenBeforeARestartAreCaught) {
  auto cluster = start_cluster();
  ASSERT_TRUE(cluster);
  const std::string dir = scratch_dir();
  ArticleGenerator gen(21);
  const auto originals = gen.stream(40, kPartitions, 0, 60, "p");
  const auto reposts = reposts_of(originals, "re-", 1);
  const std::string config = write_config(dir, cluster->bootstrap(), "restore");
  Producer producer(cluster->bootstrap());
  Collector collector(cluster->bootstrap(), kAllOutputs);

  {
    DaemonProcess first(config, dir, "first");
    producer.send(originals);
    producer.flush();
    ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(originals)), kCollect)) << first.log();
    ASSERT_EQ(first.terminate(), 0) << first.log();
    EXPECT_EQ(first.summary("canonical"), 40);
    EXPECT_EQ(first.summary("state_produced"), 40) << first.log();
  }

  // A new process: its index comes only from the state topic.
  DaemonProcess second(config, dir, "second");
  ASSERT_TRUE(second.wait_for_log("state restored", kJoin)) << second.log();
  producer.send(reposts);
  producer.flush();
  ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(reposts)), kCollect)) << second.log();
  ASSERT_EQ(second.terminate(), 0) << second.log();
  collector.drain();
  EXPECT_EQ(second.summary("state_restored"), 40) << second.log();
  EXPECT_EQ(second.summary("in"), 40);
  EXPECT_EQ(second.summary("duplicate"), 40);
  EXPECT_EQ(second.summary("canonical"), 0);

  std::vector<GeneratedRecord> all = originals;
  all.insert(all.end(), reposts.begin(), reposts.end());
  expect_originals_canonical_and_reposts_caught(collector.records(), all);
  EXPECT_EQ(collector.records().size(), all.size());
}

TEST(StateRestartTest, WithoutAStateTopicARestartForgetsEverything) {
  // The control of the test above: the same run with state disabled publishes the reposts as
  // canonicals, so the restored index is what catches them.
  auto cluster = start_cluster();
  ASSERT_TRUE(cluster);
  const std::string dir = scratch_dir();
  ArticleGenerator gen(21);
  const auto originals = gen.stream(40, kPartitions, 0, 60, "p");
  const auto reposts = reposts_of(originals, "re-", 1);
  const std::string config =
      write_config(dir, cluster->bootstrap(), "nostate", "  topics:\n    state: \"\"\n");
  Producer producer(cluster->bootstrap());
  Collector collector(cluster->bootstrap(), kAllOutputs);
  {
    DaemonProcess first(config, dir, "first");
    producer.send(originals);
    producer.flush();
    ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(originals)), kCollect)) << first.log();
    ASSERT_EQ(first.terminate(), 0) << first.log();
    EXPECT_EQ(first.summary("state_produced"), 0);
  }
  DaemonProcess second(config, dir, "second");
  producer.send(reposts);
  producer.flush();
  ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(reposts)), kCollect)) << second.log();
  ASSERT_EQ(second.terminate(), 0) << second.log();
  EXPECT_EQ(second.summary("canonical"), 40);
  EXPECT_EQ(second.summary("state_restored"), 0);
}

// SIGKILLs `kills` daemons one after the other, each after a random number (fixed seed) of
// further outputs became visible, then lets a last daemon finish the stream.
struct KillRun {
  std::vector<GeneratedRecord> inputs;
  std::vector<OutputRecord> outputs;
  int kills = 0;
  int64_t last_restored = -1;
};

void kill_repeatedly(bool exactly_once, KillRun& run) {
  auto cluster = start_cluster();
  ASSERT_TRUE(cluster);
  const std::string dir = scratch_dir() + (exactly_once ? "_eos" : "_alo");
  ASSERT_EQ(std::system(("mkdir -p '" + dir + "'").c_str()), 0);
  ArticleGenerator gen(exactly_once ? 31 : 32);
  run.inputs = gen.stream(400, kPartitions, 4, 60, "k");
  // Slowed down (linger) so that each daemon is killed mid-stream.
  const std::string config = write_config(
      dir, cluster->bootstrap(), exactly_once ? "eos" : "alo",
      std::string("  max_in_flight: 8\n") +
          (exactly_once ? "  exactly_once: true\n  transactional_id: kill-test\n" : "") +
          "  producer:\n    linger.ms: \"20\"\n");
  Producer producer(cluster->bootstrap());
  producer.send(run.inputs);
  producer.flush();
  Collector collector(cluster->bootstrap(), kAllOutputs);

  std::mt19937 rng(exactly_once ? 7 : 8);
  for (int k = 0; k < 5; ++k) {
    DaemonProcess d(config, dir, "killed" + std::to_string(k));
    const size_t target = collector.records().size() + 20 + rng() % 40;
    ASSERT_LT(target, run.inputs.size());
    ASSERT_TRUE(collector.collect_until(
        [target](const std::vector<OutputRecord>& r) { return r.size() >= target; }, kCollect))
        << d.log();
    d.kill();
    ++run.kills;
  }
  DaemonProcess last(config, dir, "last");
  ASSERT_TRUE(collector.collect_until(has_all_ids(ids_in(run.inputs)), kCollect)) << last.log();
  ASSERT_EQ(last.terminate(), 0) << last.log();
  collector.drain();
  run.last_restored = last.summary("state_restored");
  // The last daemon started with the index of the killed ones (restored from the state topic).
  EXPECT_GT(run.last_restored, 0) << last.log();
  if (exactly_once) {
    EXPECT_GT(last.summary("transactions"), 0) << last.log();
  }
  run.outputs = collector.records();
}

TEST(StateRestartTest, KilledAtRandomPointsAtLeastOnceLosesNothingAndBoundsDoubles) {
  KillRun run;
  kill_repeatedly(false, run);
  if (HasFatalFailure()) return;
  expect_originals_canonical_and_reposts_caught(run.outputs, run.inputs);
  size_t canonical = 0;
  const auto counts = canonical_counts(run.outputs);
  for (const auto& [id, n] : counts) canonical += static_cast<size_t>(n);
  const size_t doubles = canonical - counts.size();
  std::printf(
      "at-least-once: %d kills, %zu canonical outputs for %zu canonical ids: %zu double "
      "canonicals; %zu outputs for %zu inputs; last daemon restored %lld\n",
      run.kills, canonical, counts.size(), doubles, run.outputs.size(), run.inputs.size(),
      static_cast<long long>(run.last_restored));
  // A killed daemon's uncommitted records are decided again: at most what it had consumed
  // since its last commit (max_in_flight 8 + about one 100 ms commit interval of records at
  // this rate, ~40), per kill.
  EXPECT_LE(doubles, static_cast<size_t>(run.kills) * 100);
}

// librdkafka 2.0.2's mock cluster accepts transactions but does not implement their effect on
// readers: Fetch reports no aborted transactions and LSO = high watermark, EndTxn writes no
// markers, and TxnOffsetCommit does not store the offsets. So here a read_committed collector
// also sees aborted outputs, and every restart re-reads the input from the start. What this
// test can show is that exactly-once mode loses nothing across kills and that the re-read
// records (replays, restored state) keep their first verdicts: no original ever becomes a
// duplicate, every repost is a duplicate of its original. "No canonical twice" needs a real
// broker (see daemon/source/README.md).
TEST(StateRestartTest, KilledAtRandomPointsInExactlyOnceModeLosesNothingAndKeepsVerdicts) {
  KillRun run;
  kill_repeatedly(true, run);
  if (HasFatalFailure()) return;
  expect_originals_canonical_and_reposts_caught(run.outputs, run.inputs);
  size_t canonical = 0;
  const auto counts = canonical_counts(run.outputs);
  for (const auto& [id, n] : counts) canonical += static_cast<size_t>(n);
  EXPECT_EQ(counts.size(), 400u);
  std::printf(
      "exactly-once on the mock cluster: %d kills, %zu canonical outputs for %zu ids "
      "(aborted and re-read transactions are visible here), %zu outputs for %zu inputs, "
      "last daemon restored %lld\n",
      run.kills, canonical, counts.size(), run.outputs.size(), run.inputs.size(),
      static_cast<long long>(run.last_restored));
}

}  // namespace
}  // namespace newsdedup::testing
