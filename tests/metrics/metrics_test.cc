#include "newsdedup/metrics/metrics.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "newsdedup/metrics/http_server.h"

namespace newsdedup::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The "# TYPE name kind" lines of a scrape.
std::set<std::string> scraped_families(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# TYPE ", 0) != 0) continue;
    out.insert(line.substr(7, line.find(' ', 7) - 7));
  }
  return out;
}

TEST(RegistryTest, CountsEachDecisionUnderItsOutcomeAndRule) {
  Registry r;
  Decision d;
  d.verdict = Verdict::kDuplicate;
  d.rule = Rule::kContained;
  r.pipeline().count(d);
  r.pipeline().count(d);
  d.verdict = Verdict::kCanonical;
  d.rule = Rule::kNone;
  r.pipeline().count(d);
  d.verdict = Verdict::kInvalid;
  r.pipeline().count(d);
  const std::string text = r.serialize();
  EXPECT_THAT(text, HasSubstr("newsdedup_pipeline_records_out_total{outcome=\"duplicate\",rule="
                              "\"contained\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("newsdedup_pipeline_records_out_total{outcome=\"canonical\",rule="
                              "\"none\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("newsdedup_pipeline_records_out_total{outcome=\"invalid\",rule=\"none\"} "
                        "1\n"));
  EXPECT_THAT(text, HasSubstr("newsdedup_pipeline_records_out_total{outcome=\"duplicate\",rule="
                              "\"exact\"} 0\n"));
  EXPECT_EQ(r.pipeline().duplicate[static_cast<size_t>(Rule::kContained)].value(), 2.0);
}

TEST(RegistryTest, DeadLettersAreLabelledWithTheErrorCodeName) {
  Registry r;
  r.sink().dead_letter(ErrorCode::kMalformedJson).inc();
  r.sink().dead_letter(ErrorCode::kTooLarge).inc(3);
  r.sink().dead_letter(static_cast<ErrorCode>(31)).inc();  // unknown code: counted as internal
  const std::string text = r.serialize();
  EXPECT_THAT(text, HasSubstr("newsdedup_sink_dead_letters_total{reason=\"malformed_json\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("newsdedup_sink_dead_letters_total{reason=\"too_large\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("newsdedup_sink_dead_letters_total{reason=\"internal\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("reason=\"ok\"")));
}

TEST(RegistryTest, ConsumerLagSeriesComeAndGoWithTheAssignment) {
  Registry r;
  Gauge lag = r.consumer_lag("articles.raw", 3);
  lag.set(42);
  EXPECT_THAT(r.serialize(), HasSubstr("newsdedup_source_consumer_lag{partition=\"3\",topic="
                                       "\"articles.raw\"} 42\n"));
  r.remove_consumer_lag("articles.raw", 3);
  r.remove_consumer_lag("articles.raw", 4);  // never added: no-op
  EXPECT_THAT(r.serialize(), Not(HasSubstr("partition=\"3\"")));
}

TEST(RegistryTest, DeliveryErrorsAreCountedPerErrorName) {
  Registry r;
  r.delivery_error("_MSG_TIMED_OUT").inc();
  r.delivery_error("_MSG_TIMED_OUT").inc();
  EXPECT_THAT(r.serialize(),
              HasSubstr("newsdedup_sink_delivery_errors_total{error=\"_MSG_TIMED_OUT\"} 2\n"));
}

TEST(RegistryTest, HistogramsObserveIntoTheirBuckets) {
  Registry r;
  r.stages().fingerprint.observe(3e-5);
  r.decide().similarity[static_cast<size_t>(Rule::kNear)].observe(0.82);
  r.index().candidates.observe(3);
  EXPECT_EQ(r.stages().fingerprint.count(), 1u);
  const std::string text = r.serialize();
  EXPECT_THAT(text, HasSubstr("newsdedup_fingerprint_duration_seconds_bucket{le=\"2.5e-05\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("newsdedup_fingerprint_duration_seconds_bucket{le=\"5e-05\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("newsdedup_decide_similarity_ratio_bucket{rule=\"near\",le=\"0.8\"} 0\n"));
  EXPECT_THAT(text,
              HasSubstr("newsdedup_decide_similarity_ratio_bucket{rule=\"near\",le=\"0.85\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("newsdedup_index_lookup_candidates_bucket{le=\"4\"} 1\n"));
}

TEST(RegistryTest, IndexCountersSerializeUnlabelledAndByReason) {
  Registry r;
  EXPECT_THAT(r.serialize(), HasSubstr("newsdedup_index_band_rebuilds_total 0\n"));
  r.index().band_rebuilds.inc(2);
  r.index().evicted_ttl.inc();
  const std::string text = r.serialize();
  EXPECT_THAT(text, HasSubstr("newsdedup_index_band_rebuilds_total 2\n"));
  EXPECT_THAT(text, HasSubstr("newsdedup_index_evictions_total{reason=\"ttl\"} 1\n"));
}

TEST(RegistryTest, BuildInfoAndConfigGenerationStartAtOne) {
  Registry r;
  const std::string text = r.serialize();
  EXPECT_THAT(text, HasSubstr("newsdedup_build_info{version=\"" NEWSDEDUP_VERSION "\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("newsdedup_config_generation 1\n"));
}

TEST(RegistryTest, ExportedNamesCoverEveryScrapedFamily) {
  Registry r;
  r.consumer_lag("t", 0);
  r.delivery_error("x");
  const auto names = r.exported_names();
  const std::set<std::string> exported(names.begin(), names.end());
  EXPECT_EQ(exported.size(), names.size()) << "duplicate names";
  for (const auto& family : scraped_families(r.serialize())) {
    const bool found = exported.count(family) != 0 || exported.count(family + "_count") != 0;
    EXPECT_TRUE(found) << family;
  }
  EXPECT_EQ(exported.count("newsdedup_pipeline_latency_seconds_bucket"), 1u);
  EXPECT_EQ(exported.count("newsdedup_source_consumer_lag"), 1u);
}

TEST(HandleTest, DefaultHandlesDoNothing) {
  Counter c;
  Gauge g;
  Histogram h;
  c.inc();
  g.set(3);
  h.observe(1);
  EXPECT_EQ(c.value(), 0.0);
  EXPECT_EQ(g.value(), 0.0);
  EXPECT_EQ(h.count(), 0u);
  EXPECT_FALSE(c);
}

// A minimal HTTP/1.1 client over loopback.
struct Response {
  int status = 0;
  std::string body;
};

Response http_get(uint16_t port, const std::string& path, const std::string& method = "GET") {
  Response r;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    ADD_FAILURE() << "connect to port " << port << " failed";
    return r;
  }
  const std::string req =
      method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  EXPECT_EQ(send(fd, req.data(), req.size(), 0), static_cast<ssize_t>(req.size()));
  std::string raw;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<size_t>(n));
  close(fd);
  if (raw.size() >= 12) r.status = std::atoi(raw.substr(9, 3).c_str());
  const size_t split = raw.find("\r\n\r\n");
  if (split != std::string::npos) r.body = raw.substr(split + 4);
  return r;
}

// One server for the suite: civetweb takes up to its 2 s poll quantum to stop once it has
// served a request.
class HttpServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = new Registry;
    auto s = HttpServer::start(
        "127.0.0.1:0", *registry_,
        [] {
          return ProbeResult{live_.load(), "stalled"};
        },
        [] {
          return ProbeResult{ready_.load(), "not ready: partitions_assigned"};
        });
    ASSERT_TRUE(s.ok()) << s.error().message;
    server_ = std::move(s.value()).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete registry_;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(server_->port(), 0);
    live_ = true;
    ready_ = false;
  }

  static inline Registry* registry_ = nullptr;
  static inline HttpServer* server_ = nullptr;
  static inline std::atomic<bool> live_{true};
  static inline std::atomic<bool> ready_{false};
};

TEST_F(HttpServerTest, ServesMetricsOverLoopback) {
  registry_->pipeline().records_in.inc(7);
  const Response r = http_get(server_->port(), "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("newsdedup_pipeline_records_in_total 7\n"));
  EXPECT_THAT(r.body, HasSubstr("# TYPE newsdedup_pipeline_latency_seconds histogram\n"));
}

TEST_F(HttpServerTest, HealthAndReadinessFollowTheProbes) {
  Response live = http_get(server_->port(), "/healthz");
  EXPECT_EQ(live.status, 200);
  EXPECT_EQ(live.body, "ok\n");
  Response ready = http_get(server_->port(), "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.body, "not ready: partitions_assigned\n");
  ready_ = true;
  live_ = false;
  EXPECT_EQ(http_get(server_->port(), "/readyz").status, 200);
  live = http_get(server_->port(), "/healthz");
  EXPECT_EQ(live.status, 503);
  EXPECT_EQ(live.body, "stalled\n");
  const Response head = http_get(server_->port(), "/readyz", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
}

TEST_F(HttpServerTest, OtherPathsAreNotFound) {
  EXPECT_EQ(http_get(server_->port(), "/nope").status, 404);
}

TEST_F(HttpServerTest, ASecondServerOnTheSamePortFailsWithTheAddress) {
  const std::string listen = "127.0.0.1:" + std::to_string(server_->port());
  Registry other;
  auto s = HttpServer::start(listen, other, {}, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message.rfind("metrics.listen " + listen + ": cannot listen", 0), 0u)
      << s.error().message;
}

// `promtool check metrics` lints names, units, HELP and TYPE (Debian package prometheus).
TEST_F(HttpServerTest, ScrapePassesPromtoolCheckMetrics) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  }
  registry_->consumer_lag("articles.raw", 0).set(5);
  registry_->delivery_error("_MSG_TIMED_OUT").inc();
  const Response r = http_get(server_->port(), "/metrics");
  ASSERT_EQ(r.status, 200);
  const std::string path = ::testing::TempDir() + "/scrape.txt";
  std::ofstream(path) << r.body;
  const std::string cmd = "promtool check metrics < " + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p) != nullptr) out += buf;
  const int rc = pclose(p);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace newsdedup::metrics
