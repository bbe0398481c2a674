// Decision rules, exercised through pipeline::Engine with the default config on JSON records
// (parse -> normalize -> fingerprint -> index -> decide), as the daemon runs them. Every article
// below is made up for these tests.
#include "newsdedup/decide/decider.h"

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "newsdedup/config/config.h"
#include "newsdedup/fingerprint/fingerprinter.h"
#include "newsdedup/pipeline/engine.h"
#include "support/test_articles.h"

namespace newsdedup {
// Readable names in assertion failures.
void PrintTo(Verdict v, std::ostream* os) { *os << verdict_name(v); }
void PrintTo(Rule r, std::ostream* os) { *os << '"' << rule_name(r) << '"'; }
}  // namespace newsdedup

namespace newsdedup::decide {
namespace {

using ::newsdedup::testing::json_escape;
using ::newsdedup::testing::kTransit;
using ::newsdedup::testing::kTransitRepost;

std::string record(std::string_view id, std::string_view body,
                   std::string_view published_at = "2025-06-03T09:00:00Z") {
  return R"({"id":")" + json_escape(id) + R"(","title":"t","body":")" + json_escape(body) +
         R"(","published_at":")" + std::string(published_at) + R"(","lang":"en"})";
}

std::string replace(std::string s, std::string_view from, std::string_view to) {
  const size_t pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

constexpr std::string_view kTransitTeaser =
    "HELSINKI (Reuters) - The Helsinki city council approved a 1.2 billion euro transit plan on "
    "Monday after eight months of debate, clearing the way for a tram line to the airport and four "
    "new express bus routes. The plan, backed by 51 of the 85 council members, extends the tram "
    "network by 14 kilom...\n";

constexpr std::string_view kFire =
    "ATHENS (AP) - Firefighters were battling a wildfire on the slopes of Mount Parnitha north of "
    "Athens on Wednesday, and authorities ordered residents of two villages to leave their homes "
    "as "
    "strong winds pushed the flames toward populated areas.\n"
    "The fire service said 160 firefighters, 45 engines and six water-dropping aircraft were "
    "deployed. There were no immediate reports of injuries, but several houses were damaged and a "
    "section of the national road was closed to traffic.";

constexpr std::string_view kFireAppended =
    "\nBy late afternoon the flames had reached the edge of the village of Fyli, where volunteers "
    "used garden hoses and buckets to protect homes. Civil protection minister Nikos Petrou said "
    "the winds, gusting up to 70 kilometres per hour, were expected to ease overnight.\n"
    "Greece has been hit by a series of large wildfires this summer after a prolonged heat wave "
    "and "
    "months without rain. The European Union said it was sending two more aircraft from Italy and "
    "Croatia to help, and that a team of 40 firefighters from Romania would arrive on Thursday.\n"
    "Residents of a third village were told to prepare for possible evacuation.";

constexpr std::string_view kEarningsAcme =
    "Acme Industries reported third-quarter net income of 412 million dollars, or 1.83 dollars per "
    "share, up 12 percent from a year earlier, as demand for its industrial pumps remained strong "
    "in "
    "North America and Europe.\n"
    "Revenue rose 8 percent to 3.1 billion dollars, beating the average analyst estimate of 2.9 "
    "billion dollars. The company raised its full-year profit forecast to between 6.40 and 6.60 "
    "dollars per share from a previous range of 6.10 to 6.30 dollars.\n"
    "Chief executive Laura Brenner said order backlogs were at a record level and that the company "
    "expected margins to improve further in the fourth quarter as raw material and freight costs "
    "eased. The company will discuss the results with analysts on a conference call later in the "
    "day, and its board declared a regular quarterly dividend.\n"
    "Acme shares rose 4 percent in early trading.";

constexpr std::string_view kEarningsGlobex =
    "Globex Systems reported third-quarter net income of 97 million dollars, or 0.44 dollars per "
    "share, up 5 percent from a year earlier, as demand for its industrial pumps remained strong "
    "in "
    "North America and Europe.\n"
    "Revenue rose 3 percent to 1.2 billion dollars, beating the average analyst estimate of 1.1 "
    "billion dollars. The company raised its full-year profit forecast to between 2.10 and 2.25 "
    "dollars per share from a previous range of 1.90 to 2.05 dollars.\n"
    "Chief executive Martin Keller said order backlogs were at a record level and that the company "
    "expected margins to improve further in the fourth quarter as raw material and freight costs "
    "eased. The company will discuss the results with analysts on a conference call later in the "
    "day, and its board declared a regular quarterly dividend.\n"
    "Globex shares rose 2 percent in early trading.";

constexpr std::string_view kMarketJune3 =
    "Closing prices on the Northern Exchange for Tuesday, June 3, as reported by the exchange.\n"
    "Benchmark index 1,482.35, up 12.40 points\n"
    "Industrials index 2,315.10, up 8.25 points\n"
    "Technology index 3,904.77, down 15.60 points\n"
    "Banks index 987.45, up 3.10 points\n"
    "Energy index 1,120.08, down 2.35 points\n"
    "Utilities index 645.90, up 0.85 points\n"
    "Real estate index 512.33, down 1.20 points\n"
    "Advancing issues 1,204, declining issues 874, unchanged 96\n"
    "Turnover 4.2 billion crowns in 310,455 trades\n"
    "The exchange said the figures were provisional and would be confirmed after the close of "
    "settlement.";

constexpr std::string_view kMarketJune4 =
    "Closing prices on the Northern Exchange for Wednesday, June 4, as reported by the exchange.\n"
    "Benchmark index 1,479.02, down 3.33 points\n"
    "Industrials index 2,320.45, up 5.35 points\n"
    "Technology index 3,887.10, down 17.67 points\n"
    "Banks index 990.12, up 2.67 points\n"
    "Energy index 1,118.50, down 1.58 points\n"
    "Utilities index 646.75, up 0.85 points\n"
    "Real estate index 510.02, down 2.31 points\n"
    "Advancing issues 1,011, declining issues 1,032, unchanged 88\n"
    "Turnover 3.9 billion crowns in 298,120 trades\n"
    "The exchange said the figures were provisional and would be confirmed after the close of "
    "settlement.";

constexpr std::string_view kPoliceBody =
    "Police said on Friday they had arrested three men suspected of stealing paintings worth "
    "several million euros from a private gallery in the old town last month. The suspects were "
    "detained in dawn raids at two addresses, where officers also found tools and a van matching "
    "the description given by witnesses. Two of the stolen works, a landscape and a portrait, were "
    "recovered undamaged, the prosecutor's office said. Investigators are still looking for the "
    "remaining four paintings and have asked art dealers to report any offers. The gallery owner "
    "said he was relieved and thanked the officers for their work.";

class DecideTest : public ::testing::Test {
 protected:
  Decision process(std::string_view id, std::string_view body,
                   std::string_view published_at = "2025-06-03T09:00:00Z") {
    trace_ = DecisionTrace{};
    return engine_.process(record(id, body, published_at), 0, &trace_);
  }
  void reconfigure(const config::Config& c) {
    engine_.reconfigure(std::make_shared<const config::Config>(c));
  }

  pipeline::Engine engine_{std::make_shared<const config::Config>(config::default_config())};
  DecisionTrace trace_;
};

TEST_F(DecideTest, FirstArticleIsCanonical) {
  const Decision d = process("transit", kTransit);
  EXPECT_EQ(d.verdict, Verdict::kCanonical);
  EXPECT_EQ(d.rule, Rule::kNone);
  EXPECT_EQ(d.id, "transit");
  EXPECT_EQ(d.canonical_id, "");
  EXPECT_EQ(d.cluster, fingerprint::stable_hash("transit"));
  EXPECT_EQ(engine_.decider().index().size(), 1u);
}

TEST_F(DecideTest, ExactRepostIsAnExactDuplicate) {
  ASSERT_EQ(process("transit", kTransit).verdict, Verdict::kCanonical);
  const Decision d = process("transit-copy", kTransit);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_EQ(d.id, "transit-copy");
  EXPECT_EQ(d.canonical_id, "transit");
  EXPECT_EQ(d.similarity, 1.0);
  EXPECT_EQ(d.cluster, fingerprint::stable_hash("transit"));
}

TEST_F(DecideTest, HtmlRepostOfThePlainTextIsAnExactDuplicate) {
  ASSERT_EQ(process("fire", kFire).verdict, Verdict::kCanonical);
  std::string html = "<div class=\"story\"><p>" + std::string(kFire) + "</p></div>";
  html = replace(html, "\n", "</p>\n<p>");
  html = replace(html, "Mount Parnitha", "<a href=\"/tags/parnitha\">Mount Parnitha</a>");
  const Decision d = process("fire-html", html);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_EQ(d.canonical_id, "fire");
}

TEST_F(DecideTest, RepostWithChromeAnotherDatelineAndSmallEditsIsANearDuplicate) {
  ASSERT_EQ(process("transit", kTransit).verdict, Verdict::kCanonical);
  const Decision d = process("transit-repost", kTransitRepost);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kNear);
  EXPECT_EQ(d.canonical_id, "transit");
  EXPECT_GE(d.similarity, 0.5);
  EXPECT_LT(d.similarity, 1.0);
  EXPECT_EQ(d.cluster, fingerprint::stable_hash("transit"));
}

TEST_F(DecideTest, TruncatedTeaserIsContained) {
  ASSERT_EQ(process("transit", kTransit).verdict, Verdict::kCanonical);
  const Decision d = process("transit-teaser", kTransitTeaser);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kContained);
  EXPECT_EQ(d.canonical_id, "transit");
  EXPECT_GE(d.similarity, 0.75);  // the containment, not the (low) Jaccard
}

TEST_F(DecideTest, TooShortATeaserIsNotContained) {
  ASSERT_EQ(process("transit", kTransit).verdict, Verdict::kCanonical);
  const Decision d =
      process("transit-stub", "The Helsinki city council approved a 1.2 billion euro tra...");
  EXPECT_EQ(d.verdict, Verdict::kCanonical);
}

TEST_F(DecideTest, LongerVersionWithAppendedParagraphsIsAnUpdate) {
  ASSERT_EQ(process("fire", kFire).verdict, Verdict::kCanonical);
  const Decision d = process("fire-update", std::string(kFire) + std::string(kFireAppended));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kUpdate);
  EXPECT_EQ(d.canonical_id, "fire");
  EXPECT_GE(d.similarity, 0.75);
}

TEST_F(DecideTest, TemplateStoryWithOtherFiguresAndCompanyIsCanonical) {
  ASSERT_EQ(process("acme", kEarningsAcme).verdict, Verdict::kCanonical);
  const Decision d = process("globex", kEarningsGlobex);
  EXPECT_EQ(d.verdict, Verdict::kCanonical);
  EXPECT_EQ(d.canonical_id, "");
  // The wording was similar enough for a rule; the facts kept them apart.
  EXPECT_EQ(trace_.candidates, 1u);
  EXPECT_TRUE(trace_.fact_mismatch);
  EXPECT_EQ(trace_.number_overlap, 0.0);
}

TEST_F(DecideTest, TemplateStoryDoesNotStealTheOriginalsLaterRepost) {
  ASSERT_EQ(process("acme", kEarningsAcme).verdict, Verdict::kCanonical);
  ASSERT_EQ(process("globex", kEarningsGlobex).verdict, Verdict::kCanonical);
  const Decision d = process("globex-copy", "GlobeNewswire\n" + std::string(kEarningsGlobex));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.canonical_id, "globex");
}

TEST_F(DecideTest, MarketTableOfAnotherDayIsCanonical) {
  ASSERT_EQ(process("market-0603", kMarketJune3).verdict, Verdict::kCanonical);
  const Decision d = process("market-0604", kMarketJune4);
  EXPECT_EQ(d.verdict, Verdict::kCanonical);
  EXPECT_EQ(d.canonical_id, "");
}

// Another day's report in the same format where only the date and three of the figures moved:
// the wording is nearly the same, so only the facts (the date in the text, the figures) can keep
// the two apart.
TEST_F(DecideTest, MarketTableOfAnotherDayWithFewChangedFiguresIsCanonical) {
  ASSERT_EQ(process("market-0603", kMarketJune3).verdict, Verdict::kCanonical);
  std::string next_day = replace(std::string(kMarketJune3), "Tuesday, June 3", "Wednesday, June 4");
  next_day = replace(next_day, "1,482.35, up 12.40", "1,479.02, down 3.33");
  next_day = replace(next_day, "645.90", "646.75");
  const Decision d = process("market-0604", next_day);
  EXPECT_EQ(d.verdict, Verdict::kCanonical)
      << rule_name(d.rule) << " of " << d.canonical_id << " at " << d.similarity;
}

TEST_F(DecideTest, SameTableRepostedIsADuplicate) {
  ASSERT_EQ(process("market-0603", kMarketJune3).verdict, Verdict::kCanonical);
  const Decision d = process("market-0603-copy", "Markets\n" + std::string(kMarketJune3));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.canonical_id, "market-0603");
}

TEST_F(DecideTest, SameStoryFromAnotherPlaceIsCanonical) {
  ASSERT_EQ(process("paris", "PARIS (AFP) - " + std::string(kPoliceBody)).verdict,
            Verdict::kCanonical);
  const Decision d = process("lyon", "LYON (AFP) - " + std::string(kPoliceBody));
  EXPECT_EQ(d.verdict, Verdict::kCanonical);
}

TEST_F(DecideTest, SameStoryDatedAnotherDayIsCanonical) {
  ASSERT_EQ(process("paris-9", "PARIS, May 9 (AFP) - " + std::string(kPoliceBody)).verdict,
            Verdict::kCanonical);
  const Decision d = process("paris-10", "PARIS, May 10 (AFP) - " + std::string(kPoliceBody));
  EXPECT_EQ(d.verdict, Verdict::kCanonical);
}

TEST_F(DecideTest, RepostThatDropsTheDateMatchesTheDatedOriginal) {
  ASSERT_EQ(process("paris-9", "PARIS, May 9 (AFP) - " + std::string(kPoliceBody)).verdict,
            Verdict::kCanonical);
  const Decision d = process("paris-nodate", "PARIS - " + std::string(kPoliceBody));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_EQ(d.canonical_id, "paris-9");
}

// House styles differ in how the dash meets the city: "PARIS (AFP) - " and "PARIS\u2014 " name
// the same place.
TEST_F(DecideTest, RepostWithTheDashGluedToTheDatelineIsADuplicate) {
  ASSERT_EQ(process("paris", "PARIS (AFP) - " + std::string(kPoliceBody)).verdict,
            Verdict::kCanonical);
  const Decision d = process("paris-glued", "PARIS\u2014 " + std::string(kPoliceBody));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_EQ(d.canonical_id, "paris");
}

TEST_F(DecideTest, RepostArrivingBeforeItsOriginalBecomesTheCanonical) {
  ASSERT_EQ(process("transit-repost", kTransitRepost).verdict, Verdict::kCanonical);
  const Decision d = process("transit", kTransit);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kNear);
  EXPECT_EQ(d.canonical_id, "transit-repost");
  EXPECT_EQ(d.cluster, fingerprint::stable_hash("transit-repost"));
}

TEST_F(DecideTest, TeaserArrivingBeforeTheFullStoryMakesTheStoryAnUpdate) {
  ASSERT_EQ(process("transit-teaser", kTransitTeaser).verdict, Verdict::kCanonical);
  const Decision d = process("transit", kTransit);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kUpdate);
  EXPECT_EQ(d.canonical_id, "transit-teaser");
}

TEST_F(DecideTest, CopiesOfADuplicateJoinTheRootCluster) {
  ASSERT_EQ(process("transit", kTransit).verdict, Verdict::kCanonical);
  ASSERT_EQ(process("transit-repost", kTransitRepost).rule, Rule::kNear);
  const Decision d = process("transit-repost-copy", kTransitRepost);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_EQ(d.canonical_id, "transit");  // the root, not the repost it copied
  EXPECT_EQ(d.cluster, fingerprint::stable_hash("transit"));
}

TEST_F(DecideTest, RepostAfterTheTtlIsCanonical) {
  ASSERT_EQ(process("transit", kTransit, "2025-06-03T09:00:00Z").verdict, Verdict::kCanonical);
  const Decision d = process("transit-late", kTransit, "2025-06-11T09:00:00Z");  // 8 days later
  EXPECT_EQ(d.verdict, Verdict::kCanonical);
  EXPECT_EQ(engine_.decider().index().stats().evicted_ttl, 1u);
}

TEST_F(DecideTest, RepostWithinTheTtlIsADuplicate) {
  ASSERT_EQ(process("transit", kTransit, "2025-06-03T09:00:00Z").verdict, Verdict::kCanonical);
  const Decision d = process("transit-later", kTransit, "2025-06-09T09:00:00Z");  // 6 days later
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.canonical_id, "transit");
}

TEST_F(DecideTest, UnrelatedStoriesAreAllCanonical) {
  for (const auto& [id, body] :
       {std::pair{"transit", kTransit}, std::pair{"fire", kFire}, std::pair{"acme", kEarningsAcme},
        std::pair{"market", kMarketJune3}, std::pair{"police", kPoliceBody}}) {
    const Decision d = process(id, body);
    EXPECT_EQ(d.verdict, Verdict::kCanonical)
        << id << " " << rule_name(d.rule) << " of " << d.canonical_id;
  }
  EXPECT_EQ(engine_.decider().index().size(), 5u);
}

TEST_F(DecideTest, RaisedThresholdsTurnANearDuplicateIntoANearMiss) {
  ASSERT_EQ(process("transit", kTransit).verdict, Verdict::kCanonical);
  config::Config strict = config::default_config();
  strict.decide.near_threshold = 0.95;
  strict.decide.containment_threshold = 0.99;
  reconfigure(strict);
  const Decision d = process("transit-repost", kTransitRepost);
  EXPECT_EQ(d.verdict, Verdict::kCanonical);
  EXPECT_EQ(trace_.candidates, 1u);
  EXPECT_TRUE(trace_.near_miss);
  EXPECT_GT(trace_.best_rejected, 0.9);
  EXPECT_LT(trace_.best_rejected, 1.0);
}

TEST_F(DecideTest, LoweredThresholdAfterReconfigureStillFindsTheIndexedOriginal) {
  ASSERT_EQ(process("transit", kTransit).verdict, Verdict::kCanonical);
  config::Config c = config::default_config();
  c.decide.near_threshold = 0.6;
  reconfigure(c);
  EXPECT_EQ(engine_.decider().index().size(), 1u);  // the index survived the reload
  const Decision d = process("transit-repost", kTransitRepost);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kNear);
  EXPECT_EQ(d.canonical_id, "transit");
}

TEST_F(DecideTest, ExactOnlyRulesKeepNearDuplicatesCanonical) {
  config::Config c = config::default_config();
  c.decide.rules = {"exact"};
  reconfigure(c);
  ASSERT_EQ(process("transit", kTransit).verdict, Verdict::kCanonical);
  EXPECT_EQ(process("transit-repost", kTransitRepost).verdict, Verdict::kCanonical);
  EXPECT_EQ(process("transit-teaser", kTransitTeaser).verdict, Verdict::kCanonical);
  const Decision d = process("transit-copy", kTransit);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kExact);
}

}  // namespace
}  // namespace newsdedup::decide
