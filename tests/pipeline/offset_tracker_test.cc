#include "newsdedup/pipeline/offset_tracker.h"

#include <gtest/gtest.h>

#include <vector>

namespace newsdedup::pipeline {
namespace {

std::vector<OffsetTracker::Commit> take(OffsetTracker& t) {
  std::vector<OffsetTracker::Commit> out;
  t.take_commits(out);
  return out;
}

TEST(OffsetTrackerTest, NothingIsCommittableBeforeARecordCompletes) {
  OffsetTracker t;
  const auto h = t.partition("in", 0);
  t.track(h, 10);
  t.track(h, 11);
  EXPECT_EQ(t.in_flight(), 2u);
  EXPECT_EQ(t.committable("in", 0), -1);
  EXPECT_TRUE(take(t).empty());
}

TEST(OffsetTrackerTest, CommitStopsAtTheLowestUnfinishedOffset) {
  OffsetTracker t;
  const auto h = t.partition("in", 3);
  for (int64_t o = 10; o < 14; ++o) t.track(h, o);
  EXPECT_TRUE(t.complete(h, 12));
  EXPECT_TRUE(t.complete(h, 13));
  EXPECT_EQ(t.committable("in", 3), -1);  // 10 and 11 are still open
  EXPECT_TRUE(t.complete(h, 10));
  EXPECT_EQ(t.committable("in", 3), 11);
  auto commits = take(t);
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].topic, "in");
  EXPECT_EQ(commits[0].partition, 3);
  EXPECT_EQ(commits[0].offset, 11);
  EXPECT_TRUE(t.complete(h, 11));
  EXPECT_EQ(t.committable("in", 3), 14);
  EXPECT_EQ(t.in_flight(), 0u);
  commits = take(t);
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].offset, 14);
}

TEST(OffsetTrackerTest, TakeCommitsReportsOnlyPartitionsThatMoved) {
  OffsetTracker t;
  const auto a = t.partition("in", 0);
  const auto b = t.partition("in", 1);
  t.track(a, 0);
  t.track(b, 0);
  ASSERT_TRUE(t.complete(a, 0));
  auto commits = take(t);
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].partition, 0);
  EXPECT_TRUE(take(t).empty());
  ASSERT_TRUE(t.complete(b, 0));
  commits = take(t);
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].partition, 1);
  EXPECT_EQ(commits[0].offset, 1);
}

TEST(OffsetTrackerTest, GapsInOffsetsAreAllowed) {
  // Transaction markers and compaction leave holes in a partition's offsets.
  OffsetTracker t;
  const auto h = t.partition("in", 0);
  t.track(h, 5);
  t.track(h, 9);
  EXPECT_FALSE(t.complete(h, 7));  // never tracked
  EXPECT_TRUE(t.complete(h, 9));
  EXPECT_TRUE(t.complete(h, 5));
  EXPECT_EQ(t.committable("in", 0), 10);
}

TEST(OffsetTrackerTest, CompletingTwiceIsIgnored) {
  OffsetTracker t;
  const auto h = t.partition("in", 0);
  t.track(h, 1);
  t.track(h, 2);
  EXPECT_TRUE(t.complete(h, 2));
  EXPECT_FALSE(t.complete(h, 2));
  EXPECT_EQ(t.in_flight(), 1u);
}

TEST(OffsetTrackerTest, ForgottenPartitionIgnoresLateCompletions) {
  OffsetTracker t;
  const auto old_handle = t.partition("in", 0);
  t.track(old_handle, 1);
  t.track(old_handle, 2);
  t.forget("in", 0);
  EXPECT_EQ(t.in_flight(), 0u);
  EXPECT_FALSE(t.complete(old_handle, 1));
  EXPECT_EQ(t.committable("in", 0), -1);
  // Reassigned later: a fresh handle, starting from what is consumed next.
  const auto h = t.partition("in", 0);
  EXPECT_EQ(h.index, old_handle.index);
  EXPECT_NE(h.epoch, old_handle.epoch);
  t.track(h, 1);
  EXPECT_TRUE(t.complete(h, 1));
  EXPECT_EQ(t.committable("in", 0), 2);
}

TEST(OffsetTrackerTest, PartitionsOfDifferentTopicsAreSeparate) {
  OffsetTracker t;
  const auto a = t.partition("a", 0);
  const auto b = t.partition("b", 0);
  EXPECT_NE(a.index, b.index);
  t.track(a, 0);
  t.track(b, 7);
  EXPECT_TRUE(t.complete(b, 7));
  EXPECT_EQ(t.committable("a", 0), -1);
  EXPECT_EQ(t.committable("b", 0), 8);
  t.forget_all();
  EXPECT_EQ(t.in_flight(), 0u);
}

TEST(OffsetTrackerTest, RecommitAllSendsTheCommittableOffsetsAgainAfterAFailedCommit) {
  OffsetTracker t;
  const auto h = t.partition("in", 0);
  t.track(h, 5);
  EXPECT_TRUE(t.complete(h, 5));
  ASSERT_EQ(take(t).size(), 1u);
  EXPECT_TRUE(take(t).empty());  // nothing moved
  t.recommit_all();              // the commit of offset 6 failed
  const auto again = take(t);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].offset, 6);
}

}  // namespace
}  // namespace newsdedup::pipeline
