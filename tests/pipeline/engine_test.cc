// pipeline::Engine: prepare (parse, normalize, fingerprint) + decide on JSON records, with the
// default config: outcomes, invalid records, event time, cluster ids and live reconfiguration.
// Every article below is made up for these tests.
#include "newsdedup/pipeline/engine.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/fingerprint/fingerprinter.h"
#include "support/test_articles.h"

namespace newsdedup {
// Readable names in assertion failures.
void PrintTo(Verdict v, std::ostream* os) { *os << verdict_name(v); }
void PrintTo(Rule r, std::ostream* os) { *os << '"' << rule_name(r) << '"'; }
void PrintTo(ErrorCode c, std::ostream* os) { *os << error_code_name(c); }
}  // namespace newsdedup

namespace newsdedup::pipeline {
namespace {

using ::newsdedup::testing::article_record;
using ::newsdedup::testing::json_escape;
using ::newsdedup::testing::kTransit;
using ::newsdedup::testing::kTransitRepost;

std::shared_ptr<const config::Config> defaults() {
  return std::make_shared<const config::Config>(config::default_config());
}

constexpr std::string_view kFerry =
    "Ferry services between the mainland and the northern islands were cancelled on Sunday as a "
    "storm brought gusts of more than 90 kilometres per hour to the coast. The operator said "
    "sailings would resume on Monday morning if the wind eased, and that passengers with tickets "
    "for cancelled crossings could rebook without charge. Several hundred travellers spent the "
    "night in the port town, where hotels offered reduced rates. Schools on two of the islands "
    "will stay closed on Monday, local authorities said.";

// 2025-06-03T09:00:00Z
constexpr int64_t kJune3Ms = 1748941200000;

TEST(EngineTest, CanonicalThenDuplicateShareOneStableCluster) {
  Engine engine(defaults());
  const Decision first = engine.process(article_record("transit", kTransit));
  EXPECT_EQ(first.verdict, Verdict::kCanonical);
  // Cluster ids are XXH3-64 of the root canonical's id: stable across runs, hosts and restarts.
  EXPECT_EQ(first.cluster, 0x62063768c7b2ebafull);
  EXPECT_EQ(first.cluster, fingerprint::stable_hash("transit"));
  const Decision second = engine.process(article_record("transit-repost", kTransitRepost));
  EXPECT_EQ(second.verdict, Verdict::kDuplicate);
  EXPECT_EQ(second.canonical_id, "transit");
  EXPECT_EQ(second.cluster, first.cluster);
  const Decision third = engine.process(article_record("ferry", kFerry));
  EXPECT_EQ(third.verdict, Verdict::kCanonical);
  EXPECT_EQ(third.cluster, fingerprint::stable_hash("ferry"));
  EXPECT_NE(third.cluster, first.cluster);
}

TEST(EngineTest, TwoEnginesDecideTheSameStreamIdentically) {
  const std::vector<std::string> stream = {
      article_record("transit-repost", kTransitRepost), article_record("ferry", kFerry),
      article_record("transit", kTransit), article_record("ferry-copy", kFerry),
      article_record("bad", "not a body", "")};
  Engine a(defaults()), b(defaults());
  for (const auto& r : stream) {
    const Decision da = a.process(r);
    const Decision db = b.process(r);
    EXPECT_EQ(da.verdict, db.verdict);
    EXPECT_EQ(da.rule, db.rule);
    EXPECT_EQ(da.similarity, db.similarity);
    EXPECT_EQ(da.canonical_id, db.canonical_id);
    EXPECT_EQ(da.cluster, db.cluster);
  }
}

TEST(EngineTest, InvalidRecordGetsAnInvalidVerdictWithItsErrorCode) {
  Engine engine(defaults());
  const Decision d = engine.process(R"({"id":"bad-1","body":42})");
  EXPECT_EQ(d.verdict, Verdict::kInvalid);
  EXPECT_EQ(d.rule, Rule::kNone);
  EXPECT_EQ(d.id, "bad-1");
  EXPECT_EQ(d.error, ErrorCode::kWrongType);
  EXPECT_EQ(d.reason, "field /body: expected string, got number");
  EXPECT_EQ(d.canonical_id, "");
  EXPECT_EQ(d.cluster, 0u);
  EXPECT_EQ(engine.decider().index().size(), 0u);
}

TEST(EngineTest, UnreadableRecordIsInvalidWithoutAnId) {
  Engine engine(defaults());
  const Decision d = engine.process(R"({"id":"x","body":"unterminated)");
  EXPECT_EQ(d.verdict, Verdict::kInvalid);
  EXPECT_EQ(d.error, ErrorCode::kMalformedJson);
  EXPECT_FALSE(d.reason.empty());
}

TEST(EngineTest, EachInvalidKindKeepsItsCode) {
  Engine engine(defaults());
  const std::map<std::string, ErrorCode> cases = {
      {R"({"body":"no id here"})", ErrorCode::kMissingField},
      {R"({"id":"e","body":""})", ErrorCode::kEmptyField},
      {R"(["id","body"])", ErrorCode::kNotAnObject},
      {R"({"id":"d","body":"a","body":"b"})", ErrorCode::kDuplicateKey},
      {std::string(R"({"id":"u","body":")") + "\xC0\xAF" + "\"}", ErrorCode::kInvalidUtf8},
  };
  for (const auto& [rec, code] : cases) {
    const Decision d = engine.process(rec);
    EXPECT_EQ(d.verdict, Verdict::kInvalid) << rec;
    EXPECT_EQ(d.error, code) << rec;
  }
  EXPECT_EQ(engine.decider().index().size(), 0u);
}

TEST(EngineTest, EveryRecordEndsInExactlyOneOutcome) {
  Engine engine(defaults());
  const std::vector<std::string> stream = {article_record("transit", kTransit),
                                           article_record("ferry", kFerry),
                                           R"({"id":"bad"})",
                                           article_record("transit-copy", kTransit),
                                           article_record("transit-repost", kTransitRepost),
                                           "garbage",
                                           article_record("ferry-copy", kFerry),
                                           R"({"id":"n","body":null})"};
  std::map<Verdict, int> counts;
  for (const auto& r : stream) ++counts[engine.process(r).verdict];
  EXPECT_EQ(counts[Verdict::kCanonical], 2);
  EXPECT_EQ(counts[Verdict::kDuplicate], 3);
  EXPECT_EQ(counts[Verdict::kInvalid], 3);
  EXPECT_EQ(counts[Verdict::kCanonical] + counts[Verdict::kDuplicate] + counts[Verdict::kInvalid],
            static_cast<int>(stream.size()));
}

TEST(EngineTest, EventTimeComesFromPublishedAt) {
  Engine engine(defaults());
  EXPECT_EQ(engine.last_event_ms(), 0);
  (void)engine.process(article_record("ferry", kFerry, "2025-06-03T09:00:00Z"), 12345);
  EXPECT_EQ(engine.last_event_ms(), kJune3Ms);
}

TEST(EngineTest, FallbackTimeIsUsedWithoutPublishedAt) {
  Engine engine(defaults());
  (void)engine.process(article_record("ferry", kFerry, ""), kJune3Ms + 777);
  EXPECT_EQ(engine.last_event_ms(), kJune3Ms + 777);
  (void)engine.process(article_record("ferry2", kFerry, "sometime on Tuesday"), kJune3Ms + 999);
  EXPECT_EQ(engine.last_event_ms(), kJune3Ms + 999);
}

TEST(EngineTest, InvalidRecordsDoNotMoveEventTime) {
  Engine engine(defaults());
  (void)engine.process(article_record("ferry", kFerry), 0);
  (void)engine.process(R"({"id":"bad","body":1,"published_at":"2030-01-01T00:00:00Z"})", 5);
  EXPECT_EQ(engine.last_event_ms(), kJune3Ms);
}

TEST(EngineTest, PreparedOnAnotherPreparerDecidesLikeProcess) {
  Engine by_process(defaults()), by_parts(defaults());
  Preparer preparer(defaults());
  for (const auto& r :
       {article_record("transit", kTransit), article_record("transit-repost", kTransitRepost)}) {
    Prepared p;
    preparer.prepare(r, 0, p);
    ASSERT_TRUE(p.status.ok());
    const Decision a = by_parts.decide(p);
    const Decision b = by_process.process(r);
    EXPECT_EQ(a.verdict, b.verdict);
    EXPECT_EQ(a.rule, b.rule);
    EXPECT_EQ(a.canonical_id, b.canonical_id);
    EXPECT_EQ(a.similarity, b.similarity);
  }
}

// The daemon asks for stage timings when metrics are on: the same fingerprints and decisions,
// and an invalid record reports no time for the stages it never reached.
TEST(EngineTest, TimedPrepareGivesTheSameResults) {
  Engine timed_engine(defaults()), plain_engine(defaults());
  Preparer timed(defaults()), plain(defaults());
  for (const auto& r :
       {article_record("transit", kTransit), article_record("transit-repost", kTransitRepost)}) {
    Prepared a, b;
    StageTimings t;
    timed.prepare(r, 0, a, &t);
    plain.prepare(r, 0, b);
    ASSERT_TRUE(a.status.ok());
    EXPECT_EQ(a.fingerprint.exact, b.fingerprint.exact);
    EXPECT_EQ(a.event_ms, b.event_ms);
    const Decision da = timed_engine.decide(a);
    const Decision db = plain_engine.decide(b);
    EXPECT_EQ(da.verdict, db.verdict);
    EXPECT_EQ(da.rule, db.rule);
    EXPECT_EQ(da.similarity, db.similarity);
  }
  Prepared bad;
  StageTimings t{1, 2, 3};
  timed.prepare(R"({"id":"no-body"})", 0, bad, &t);
  EXPECT_FALSE(bad.status.ok());
  EXPECT_EQ(t.normalize_ns, 0);
  EXPECT_EQ(t.fingerprint_ns, 0);
}

TEST(EngineTest, ReconfigureKeepsTheIndexAndAppliesNewThresholds) {
  Engine engine(defaults());
  ASSERT_EQ(engine.process(article_record("transit", kTransit)).verdict, Verdict::kCanonical);
  ASSERT_EQ(engine.process(article_record("ferry", kFerry)).verdict, Verdict::kCanonical);
  config::Config c = config::default_config();
  c.decide.near_threshold = 0.7;
  engine.reconfigure(std::make_shared<const config::Config>(c));
  EXPECT_EQ(engine.config().decide.near_threshold, 0.7);
  EXPECT_EQ(engine.decider().index().size(), 2u);
  const Decision d = engine.process(article_record("transit-repost", kTransitRepost));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kNear);
  EXPECT_EQ(d.canonical_id, "transit");
  EXPECT_GE(d.similarity, 0.7);
}

TEST(EngineTest, ReconfigureAppliesLiveSizeLimits) {
  Engine engine(defaults());
  const std::string rec = article_record("ferry", kFerry);
  config::Config c = config::default_config();
  c.parse.max_body_bytes = 100;
  engine.reconfigure(std::make_shared<const config::Config>(c));
  const Decision d = engine.process(rec);
  EXPECT_EQ(d.verdict, Verdict::kInvalid);
  EXPECT_EQ(d.error, ErrorCode::kTooLarge);
  engine.reconfigure(defaults());
  EXPECT_EQ(engine.process(rec).verdict, Verdict::kCanonical);
}

TEST(EngineTest, ReconfigureAppliesNewBoilerplateRules) {
  Engine engine(defaults());
  ASSERT_EQ(engine.process(article_record("ferry", kFerry)).verdict, Verdict::kCanonical);
  // A site's sign-off that the default rules do not know: it makes the copy a near duplicate.
  const std::string copy = std::string(kFerry) + "\nPresented by the Harbour Gazette desk";
  EXPECT_EQ(engine.process(article_record("ferry-a", copy)).rule, Rule::kNear);
  config::Config c = config::default_config();
  c.normalize.chrome_phrases.push_back("presented by");
  engine.reconfigure(std::make_shared<const config::Config>(c));
  const Decision d = engine.process(article_record("ferry-b", copy));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_EQ(d.canonical_id, "ferry");
}

}  // namespace
}  // namespace newsdedup::pipeline
