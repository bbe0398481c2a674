// Broker faults under `newsdedup run`: a broker down and back, partition leaders moved,
// Produce and OffsetCommit requests failing, a slow broker. The daemon must ride them out
// and lose nothing: every input id appears, in exactly one output topic (its verdict's).
// Runs against a 3-broker librdkafka mock cluster (fault_cluster.h).
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "article_generator.h"
#include "fault_cluster.h"
#include "kafka_harness.h"
#include "newsdedup/source/kafka_source.h"

namespace newsdedup::testing {
namespace {

constexpr milliseconds kJoin(30000);
constexpr milliseconds kCollect(60000);
constexpr int16_t kProduceApi = 0;       // RD_KAFKAP_Produce
constexpr int16_t kOffsetCommitApi = 8;  // RD_KAFKAP_OffsetCommit
const std::vector<std::string> kOutputs = {kCanonical, kDuplicates, kDeadLetter};

std::map<std::string, std::string> expected_topics(const std::vector<GeneratedRecord>& records) {
  std::map<std::string, std::string> out;
  for (const auto& r : records) {
    out[r.id] = r.kind == GeneratedRecord::Kind::kOriginal ? kCanonical : kDuplicates;
  }
  return out;
}

auto has_all(const std::map<std::string, std::string>& expected) {
  return [&expected](const std::vector<OutputRecord>& records) {
    std::set<std::string> seen;
    for (const auto& r : records) {
      if (expected.contains(r.id)) seen.insert(r.id);
    }
    return seen.size() == expected.size();
  };
}

// Nothing lost: every id at least once, and only ever in the topic of its verdict.
void expect_nothing_lost(const Collector& collector,
                         const std::map<std::string, std::string>& expected) {
  std::map<std::string, std::set<std::string>> topics;
  for (const auto& r : collector.records()) topics[r.id].insert(r.topic);
  for (const auto& [id, topic] : expected) {
    ASSERT_TRUE(topics.contains(id)) << id << " was lost";
    EXPECT_EQ(topics[id], std::set<std::string>{topic}) << id;
  }
  EXPECT_EQ(topics.size(), expected.size()) << "ids that were never sent came out";
}

// A loopback port that was free a moment ago, for the daemon's /metrics.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// write_config() with /metrics on `port` instead of disabled.
std::string config_with_metrics(const std::string& dir, const std::string& bootstrap,
                                const std::string& group, int port,
                                const std::string& extra_kafka = "") {
  const std::string path = write_config(dir, bootstrap, group, extra_kafka);
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  const std::string off = "listen: \"\"";
  const size_t at = text.find(off);
  EXPECT_NE(at, std::string::npos);
  text.replace(at, off.size(), "listen: \"127.0.0.1:" + std::to_string(port) + "\"");
  std::ofstream(path, std::ios::trunc) << text;
  return path;
}

// The value of an unlabelled counter in a Prometheus text page, -1 when absent.
double metric(const std::string& page, const std::string& name) {
  const std::regex re("(^|\n)" + name + " ([0-9.e+]+)");
  std::smatch m;
  if (!std::regex_search(page, m, re)) return -1;
  return std::stod(m[2].str());
}

// The daemon of these tests: slowed down (few records in flight, 20 ms linger) so that the
// fault surely hits it mid-stream.
std::string slow_config(const std::string& dir, const std::string& bootstrap,
                        const std::string& group, const std::string& producer_extra = "") {
  return write_config(dir, bootstrap, group,
                      "  max_in_flight: 4\n  producer:\n    linger.ms: \"20\"\n" + producer_extra);
}

// Produces `records`, starts a daemon, waits for `start_fault_after` outputs, runs `fault`,
// then checks that every record comes out in its topic and the daemon stops cleanly.
void run_through_fault(FaultCluster& cluster, const std::string& group,
                       const std::vector<GeneratedRecord>& records, size_t start_fault_after,
                       const std::function<void()>& fault, const std::string& producer_extra = "") {
  const std::string dir = scratch_dir();
  Producer producer(cluster.bootstrap());
  producer.send(records);
  producer.flush();
  const auto expected = expected_topics(records);
  DaemonProcess daemon(slow_config(dir, cluster.bootstrap(), group, producer_extra), dir, "daemon");
  Collector collector(cluster.bootstrap(), kOutputs);
  ASSERT_TRUE(collector.collect_until(
      [&](const std::vector<OutputRecord>& r) { return r.size() >= start_fault_after; }, kCollect))
      << daemon.log();
  fault();
  if (!collector.collect_until(has_all(expected), kCollect)) {
    // Tells a stalled daemon (exits 0 on SIGTERM) from one that died (128 + signal).
    const size_t seen = collector.distinct_ids();
    const int status = daemon.terminate();
    FAIL() << seen << " of " << expected.size() << " ids came out in time; on SIGTERM the "
           << "daemon then exited with " << status << "\n"
           << daemon.log();
  }
  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
  collector.drain();
  expect_nothing_lost(collector, expected);
  EXPECT_GE(daemon.summary("in"), static_cast<int64_t>(records.size())) << daemon.log();
  EXPECT_EQ(daemon.summary("in"),
            daemon.summary("canonical") + daemon.summary("duplicate") + daemon.summary("invalid"));
}

TEST(BrokerFaultsTest, ABrokerDownAndBackLosesNothing) {
  auto cluster = FaultCluster::start(3);
  ASSERT_TRUE(cluster);
  ArticleGenerator gen(51);
  const auto records = gen.stream(240, kPartitions, 4, 40);
  run_through_fault(*cluster, "down", records, 30, [&] {
    // Partition leaders are spread over the brokers: broker 1 leads some input and some
    // output partitions (and may be the group coordinator).
    cluster->broker_down(1);
    std::this_thread::sleep_for(milliseconds(3000));
    cluster->broker_up(1);
  });
}

// The root of a flake of the test above: back-pressure had paused the partitions when the
// broker outage cost the group session; the partitions were lost, the daemon resumed with an
// empty assignment, and librdkafka kept each partition's pause flag across the new assignment,
// so nothing was fetched again. Here a second member joining and leaving moves partitions
// away from the paused source and back, deterministically.
TEST(BrokerFaultsTest, APartitionPausedWhenRevokedIsFetchedWhenAssignedBack) {
  constexpr size_t kAll = kPartitions;
  auto cluster = FaultCluster::start(1);
  ASSERT_TRUE(cluster);
  Producer producer(cluster->bootstrap());
  for (int32_t p = 0; p < kPartitions; ++p) {
    producer.send(kInput, p, "k", "record of partition " + std::to_string(p));
  }
  producer.flush();
  auto make = [&] {
    source::SourceOptions options;
    options.properties = {{"bootstrap.servers", cluster->bootstrap()},
                          {"group.id", "paused"},
                          {"session.timeout.ms", "6000"},
                          {"heartbeat.interval.ms", "500"}};
    options.topics = {kInput};
    return source::KafkaSource::create(std::move(options));
  };
  // Polls every source until `done` holds; returns the partitions `first` read meanwhile.
  auto poll_until = [](const std::vector<source::KafkaSource*>& sources,
                       const std::function<bool()>& done, std::set<int32_t>* first_read) {
    const auto deadline = std::chrono::steady_clock::now() + kJoin;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      for (source::KafkaSource* s : sources) {
        std::vector<source::Message> got;
        EXPECT_TRUE(s->poll(50, 64, got).ok());
        if (s != sources.front() || first_read == nullptr) continue;
        for (const auto& m : got) first_read->insert(m.partition());
      }
    }
    return done();
  };
  auto a = make();
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(poll_until(
      {a->get()}, [&] { return (*a)->assignment().size() == kAll; }, nullptr));
  ASSERT_TRUE((*a)->pause().ok());  // back-pressure
  auto b = make();
  ASSERT_TRUE(b.ok()) << b.error().message;
  // The group splits the partitions: `a` gives some of its paused partitions away.
  ASSERT_TRUE(poll_until(
      {a->get(), b->get()},
      [&] {
        const size_t na = (*a)->assignment().size();
        return na > 0 && na < kPartitions && na + (*b)->assignment().size() == kAll;
      },
      nullptr));
  ASSERT_TRUE((*a)->resume().ok());  // back-pressure over: resumes what `a` holds now
  ASSERT_TRUE((*b)->close().ok());   // `b` leaves: its partitions go back to `a`
  // Nothing was committed: `a` reads every partition from the start again.
  std::set<int32_t> read;
  EXPECT_TRUE(poll_until(
      {a->get()}, [&] { return read.size() == kAll; }, &read))
      << "partitions read after the rebalance: " << read.size() << " of " << kPartitions;
  EXPECT_EQ((*a)->assignment().size(), kAll);
}

TEST(BrokerFaultsTest, ALeaderChangeLosesNothing) {
  auto cluster = FaultCluster::start(3);
  ASSERT_TRUE(cluster);
  ArticleGenerator gen(52);
  const auto records = gen.stream(240, kPartitions, 4, 40);
  run_through_fault(*cluster, "leader", records, 30, [&] {
    for (const char* topic : {kInput, kCanonical, kDuplicates, kDeadLetter}) {
      for (int32_t p = 0; p < kPartitions; ++p) cluster->set_leader(topic, p, 1 + (p + 1) % 3);
    }
  });
}

TEST(BrokerFaultsTest, ASlowBrokerLosesNothing) {
  auto cluster = FaultCluster::start(3);
  ASSERT_TRUE(cluster);
  ArticleGenerator gen(53);
  const auto records = gen.stream(120, kPartitions, 4, 40);
  run_through_fault(*cluster, "slow", records, 10, [&] {
    cluster->set_rtt(2, 400);  // every response of broker 2 takes 0.4 s
  });
}

TEST(BrokerFaultsTest, FailedProduceRequestsAreRetriedAndLoseNothing) {
  auto cluster = FaultCluster::start(3);
  ASSERT_TRUE(cluster);
  ArticleGenerator gen(54);
  const auto records = gen.stream(160, kPartitions, 4, 40);
  // Retriable errors only: the producer retries them (idempotently). The test's own producer
  // has flushed before the errors are pushed, so the daemon's producer gets all of them.
  // One Produce request in flight per connection: with five, twice in CI not every record
  // came out, the second time (with counts) one missing from the mock broker's log although
  // librdkafka had acknowledged its delivery to the daemon (summary produced=200,
  // in_flight=0; 199 of 200 ids out). Most likely the
  // mock's idempotence bookkeeping (a retried batch within its last five sequences is acked
  // as a duplicate and not written) meeting reordered retries; in order, the test exercises
  // the daemon's handling of failed requests rather than that.
  run_through_fault(
      *cluster, "produce", records, 10,
      [&] {
        cluster->push_errors(kProduceApi, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                           RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                           RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                                           RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                                           RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE});
      },
      "    max.in.flight.requests.per.connection: \"1\"\n");
}

// Failed offset commits must not lose records, and a graceful stop must still commit every
// processed record: a successor in the same group then has nothing to read.
TEST(BrokerFaultsTest, FailedCommitsAreCountedAndAGracefulStopStillCommitsEverything) {
  auto cluster = FaultCluster::start(3);
  ASSERT_TRUE(cluster);
  const std::string dir = scratch_dir();
  ArticleGenerator gen(55);
  const auto records = gen.stream(120, kPartitions, 4, 40);
  const auto expected = expected_topics(records);
  const int port = free_port();
  const std::string config = config_with_metrics(dir, cluster->bootstrap(), "commit", port);
  DaemonProcess daemon(config, dir, "daemon");
  ASSERT_TRUE(daemon.wait_for_log("assigned", kJoin)) << daemon.log();
  // Commit requests fail while the group coordinator is loading (librdkafka itself retries
  // NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE; this one reaches the daemon).
  const std::vector<int> errors(6, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS);
  cluster->push_errors(kOffsetCommitApi, errors);
  Producer producer(cluster->bootstrap());
  Collector collector(cluster->bootstrap(), kOutputs);
  producer.send(records);
  producer.flush();
  ASSERT_TRUE(collector.collect_until(has_all(expected), kCollect)) << daemon.log();
  ASSERT_TRUE(daemon.wait_for_log("offset commit failed", kCollect)) << daemon.log();
  // The coordinator is back: from now on every commit succeeds.
  cluster->clear_errors(kOffsetCommitApi);
  // The failures show in /metrics (the counter follows the consumer's stats on the loop).
  std::string page;
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(10000);
  do {
    std::this_thread::sleep_for(milliseconds(200));
    page = run_shell("curl -sf http://127.0.0.1:" + std::to_string(port) + "/metrics");
  } while (metric(page, "newsdedup_source_commit_failures_total") < 1.0 &&
           std::chrono::steady_clock::now() < deadline);
  EXPECT_GE(metric(page, "newsdedup_source_commit_failures_total"), 1.0) << page;
  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
  collector.drain();
  expect_nothing_lost(collector, expected);
  EXPECT_EQ(collector.records().size(), records.size());

  // Graceful stop: every processed record is committed, the successor reads nothing.
  DaemonProcess successor(write_config(dir, cluster->bootstrap(), "commit"), dir, "successor");
  ASSERT_TRUE(successor.wait_for_log("assigned", kJoin)) << successor.log();
  std::this_thread::sleep_for(milliseconds(2000));  // time to fetch anything uncommitted
  EXPECT_EQ(successor.terminate(), 0) << successor.log();
  EXPECT_EQ(successor.summary("in"), 0)
      << "records processed and gracefully stopped on were not committed\n"
      << daemon.log() << successor.log();
}

}  // namespace
}  // namespace newsdedup::testing
