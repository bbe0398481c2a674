// Engine state: the update a decision emits, restoring it into a fresh Engine (a restart or a
// peer instance), replays (the same input record read again) versus reposts, TTL and
// incompatible fingerprints. Every article below is made up for these tests.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/fingerprint/fingerprinter.h"
#include "newsdedup/pipeline/engine.h"
#include "newsdedup/state/state.h"
#include "support/test_articles.h"

namespace newsdedup {
void PrintTo(Verdict v, std::ostream* os) { *os << verdict_name(v); }
void PrintTo(Rule r, std::ostream* os) { *os << '"' << rule_name(r) << '"'; }
namespace state {
void PrintTo(Applied a, std::ostream* os) { *os << applied_name(a); }
}  // namespace state
}  // namespace newsdedup

namespace newsdedup::pipeline {
namespace {

using ::newsdedup::testing::article_record;
using ::newsdedup::testing::json_escape;
using ::newsdedup::testing::kTransit;
using ::newsdedup::testing::kTransitRepost;
using state::Applied;
using state::StateRecord;

constexpr std::string_view kFerry =
    "Ferry services between the mainland and the northern islands were cancelled on Sunday as a "
    "storm brought gusts of more than 90 kilometres per hour to the coast. The operator said "
    "sailings would resume on Monday morning if the wind eased, and that passengers with tickets "
    "for cancelled crossings could rebook without charge. Several hundred travellers spent the "
    "night in the port town, where hotels offered reduced rates. Schools on two of the islands "
    "will stay closed on Monday, local authorities said.";

constexpr std::string_view kOrchard =
    "Apple growers in the river valley expect the smallest harvest in a decade after a late "
    "frost in April destroyed most of the blossom, the regional growers association said on "
    "Thursday. The association estimates the crop at 41,000 tonnes, down from 73,000 tonnes last "
    "year, and warned that prices for local fruit would rise in the autumn. Several family farms "
    "have applied for emergency loans, and the regional council will discuss a support package "
    "at its next meeting. Pear and plum orchards were less affected because they flowered later.";

constexpr int64_t kDayMs = 24 * 3600 * 1000;

std::shared_ptr<const config::Config> defaults() {
  return std::make_shared<const config::Config>(config::default_config());
}

uint64_t src(int64_t offset) { return state::source_key("news", 0, offset); }

// Feeds records with their source keys and keeps every state update, encoded, as the daemon
// writes them to the state topic.
class Stream {
 public:
  explicit Stream(std::shared_ptr<const config::Config> config = defaults())
      : preparer_(std::move(config)) {}

  Decision feed(Engine& engine, const std::string& rec, uint64_t source) {
    preparer_.prepare(rec, 0, prepared_);
    StateRecord update;
    const Decision d = engine.decide(prepared_, nullptr, source, &update);
    if (d.indexed) {
      last_update = update;
      state::encode(update, topic.emplace_back());
    } else {
      last_update.reset();
    }
    return d;
  }
  const Fingerprint& last_fingerprint() const { return prepared_.fingerprint; }
  void reconfigure(std::shared_ptr<const config::Config> config) {
    preparer_.reconfigure(std::move(config));
  }

  std::vector<std::string> topic;  // encoded updates in write order
  std::optional<StateRecord> last_update;

 private:
  Preparer preparer_;
  Prepared prepared_;
};

size_t size(const Engine& e) { return e.decider().index().size(); }

std::vector<Applied> restore_all(Engine& engine, const std::vector<std::string>& topic) {
  std::vector<Applied> out;
  for (const auto& bytes : topic) {
    StateRecord r;
    const Status s = state::decode(bytes, r);
    EXPECT_TRUE(s.ok());
    out.push_back(engine.restore(r));
  }
  return out;
}

TEST(EngineStateTest, AnIndexedDecisionFillsItsStateUpdate) {
  Engine engine(defaults());
  Stream stream;
  const Decision d = stream.feed(engine, article_record("transit", kTransit), src(1));
  ASSERT_EQ(d.verdict, Verdict::kCanonical);
  EXPECT_TRUE(d.indexed);
  EXPECT_FALSE(d.replay);
  ASSERT_TRUE(stream.last_update);
  const StateRecord& u = *stream.last_update;
  EXPECT_EQ(u.id, "transit");
  EXPECT_EQ(u.root_id, "transit");
  EXPECT_EQ(u.event_ms, 1748941200000);  // 2025-06-03T09:00:00Z
  EXPECT_EQ(u.source, src(1));
  EXPECT_EQ(u.fingerprint_id, engine.fingerprint_id());
  EXPECT_EQ(u.fingerprint_id, state::fingerprint_config_id(config::FingerprintConfig{}));
  EXPECT_EQ(u.fp.minhash, stream.last_fingerprint().minhash);
  EXPECT_EQ(u.fp.exact, stream.last_fingerprint().exact);

  const Decision dup =
      stream.feed(engine, article_record("transit-repost", kTransitRepost), src(2));
  ASSERT_EQ(dup.verdict, Verdict::kDuplicate);
  ASSERT_NE(dup.rule, Rule::kExact);
  EXPECT_TRUE(dup.indexed);  // index_duplicates is on by default
  ASSERT_TRUE(stream.last_update);
  EXPECT_EQ(stream.last_update->id, "transit-repost");
  EXPECT_EQ(stream.last_update->root_id, "transit");
}

TEST(EngineStateTest, AnExactDuplicateIsNotIndexedAndHasNoUpdate) {
  Engine engine(defaults());
  Stream stream;
  (void)stream.feed(engine, article_record("transit", kTransit), src(1));
  const Decision d = stream.feed(engine, article_record("transit-copy", kTransit), src(2));
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_FALSE(d.indexed);
  EXPECT_FALSE(stream.last_update);
  EXPECT_EQ(stream.topic.size(), 1u);
}

TEST(EngineStateTest, ALateRecordsUpdateCarriesTheStreamTimeItsTtlCountsFrom) {
  Engine engine(defaults());
  Stream stream;
  (void)stream.feed(engine, article_record("ferry", kFerry, "2025-06-10T00:00:00Z"), src(1));
  const Decision d = stream.feed(engine, article_record("transit", kTransit), src(2));  // June 3
  ASSERT_TRUE(d.indexed);
  EXPECT_EQ(stream.last_update->event_ms, 1749513600000);  // 2025-06-10T00:00:00Z
}

TEST(EngineStateTest, InvalidRecordsHaveNoUpdate) {
  Engine engine(defaults());
  Stream stream;
  const Decision d = stream.feed(engine, "not json", src(1));
  EXPECT_EQ(d.verdict, Verdict::kInvalid);
  EXPECT_FALSE(d.indexed);
  EXPECT_TRUE(stream.topic.empty());
}

TEST(EngineStateTest, AReplayGetsItsFirstVerdictAndDoesNotGrowTheIndex) {
  Engine engine(defaults());
  Stream stream;
  const std::string transit = article_record("transit", kTransit);
  const std::string repost = article_record("transit-repost", kTransitRepost);
  const Decision first = stream.feed(engine, transit, src(1));
  const Decision first_dup = stream.feed(engine, repost, src(2));
  ASSERT_EQ(size(engine), 2u);

  const Decision again = stream.feed(engine, transit, src(1));
  EXPECT_EQ(again.verdict, Verdict::kCanonical);  // at-least-once: canonical again
  EXPECT_TRUE(again.replay);
  EXPECT_FALSE(again.indexed);
  EXPECT_EQ(again.cluster, first.cluster);
  EXPECT_EQ(again.id, "transit");

  const Decision again_dup = stream.feed(engine, repost, src(2));
  EXPECT_EQ(again_dup.verdict, Verdict::kDuplicate);
  EXPECT_TRUE(again_dup.replay);
  EXPECT_FALSE(again_dup.indexed);
  EXPECT_EQ(again_dup.canonical_id, "transit");
  EXPECT_EQ(again_dup.cluster, first_dup.cluster);
  EXPECT_EQ(again_dup.rule, Rule::kExact);
  EXPECT_EQ(again_dup.similarity, 1.0);
  EXPECT_EQ(size(engine), 2u);
  EXPECT_EQ(stream.topic.size(), 2u);
}

TEST(EngineStateTest, TheSameBytesFromAnotherPositionAreARepost) {
  Engine engine(defaults());
  Stream stream;
  const std::string transit = article_record("transit", kTransit);
  (void)stream.feed(engine, transit, src(1));
  const Decision d = stream.feed(engine, transit, src(7));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_FALSE(d.replay);
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_EQ(d.canonical_id, "transit");
}

TEST(EngineStateTest, WithoutASourceTheSameRecordTwiceIsADuplicateAsBefore) {
  // Offline mode (source 0) decides exactly as without state.
  Engine engine(defaults());
  const std::string transit = article_record("transit", kTransit);
  EXPECT_EQ(engine.process(transit).verdict, Verdict::kCanonical);
  const Decision d = engine.process(transit);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.rule, Rule::kExact);
  EXPECT_FALSE(d.replay);
}

TEST(EngineStateTest, AReplayIsFoundWhenAnotherEntryHoldsItsTextsExactSlot) {
  // Without the exact rule, a same-text copy joins the index as a near duplicate; the exact map
  // keeps the first entry, so the copy's replay is found among the LSH candidates.
  config::Config c = config::default_config();
  c.decide.rules = {"near", "contained", "update"};
  auto cfg = std::make_shared<const config::Config>(c);
  Engine engine(cfg);
  Stream stream(cfg);
  ASSERT_EQ(stream.feed(engine, article_record("transit", kTransit), src(1)).verdict,
            Verdict::kCanonical);
  const Decision copy = stream.feed(engine, article_record("transit-b", kTransit), src(2));
  ASSERT_EQ(copy.rule, Rule::kNear);
  ASSERT_EQ(size(engine), 2u);
  const Decision again = stream.feed(engine, article_record("transit-b", kTransit), src(2));
  EXPECT_TRUE(again.replay);
  EXPECT_EQ(again.verdict, Verdict::kDuplicate);
  EXPECT_EQ(again.canonical_id, "transit");
  EXPECT_EQ(size(engine), 2u);
  // Restore finds it the same way.
  StateRecord r;
  ASSERT_TRUE(state::decode(stream.topic[1], r).ok());
  EXPECT_EQ(engine.restore(r), Applied::kKnown);
}

TEST(EngineStateTest, AReplayIsKnownAfterALiveBoilerplateChange) {
  Engine engine(defaults());
  Stream stream;
  const std::string signed_off =
      article_record("ferry", std::string(kFerry) + "\nPresented by the Harbour Gazette desk");
  ASSERT_EQ(stream.feed(engine, signed_off, src(1)).verdict, Verdict::kCanonical);
  const Hash128 before = stream.last_fingerprint().exact;
  config::Config c = config::default_config();
  c.normalize.chrome_phrases.push_back("presented by");
  auto cfg = std::make_shared<const config::Config>(c);
  engine.reconfigure(cfg);
  stream.reconfigure(cfg);
  const Decision again = stream.feed(engine, signed_off, src(1));
  ASSERT_FALSE(stream.last_fingerprint().exact == before);  // the text did change
  EXPECT_TRUE(again.replay);
  EXPECT_EQ(again.verdict, Verdict::kCanonical);
  EXPECT_EQ(size(engine), 1u);
}

TEST(EngineStateTest, ARestoredEngineCatchesARepostLikeTheOriginal) {
  Engine original(defaults());
  Stream stream;
  (void)stream.feed(original, article_record("transit", kTransit), src(1));
  (void)stream.feed(original, article_record("ferry", kFerry), src(2));
  (void)stream.feed(original, article_record("orchard", kOrchard), src(3));
  ASSERT_EQ(stream.topic.size(), 3u);

  Engine restored(defaults());
  EXPECT_EQ(restore_all(restored, stream.topic),
            (std::vector<Applied>{Applied::kInserted, Applied::kInserted, Applied::kInserted}));
  EXPECT_EQ(size(restored), size(original));

  const std::string repost =
      article_record("transit-repost", kTransitRepost, "2025-06-04T10:00:00Z");
  const Decision a = stream.feed(original, repost, src(4));
  const Decision b = stream.feed(restored, repost, src(4));
  ASSERT_EQ(a.verdict, Verdict::kDuplicate);
  EXPECT_EQ(b.verdict, Verdict::kDuplicate);
  EXPECT_EQ(b.canonical_id, "transit");
  EXPECT_EQ(b.canonical_id, a.canonical_id);
  EXPECT_EQ(b.cluster, a.cluster);
  EXPECT_EQ(b.rule, a.rule);
  EXPECT_DOUBLE_EQ(b.similarity, a.similarity);
  // A new story is canonical in both.
  const std::string other = article_record(
      "orchard-2", std::string(kOrchard).substr(0, 200) + " " + std::string(kFerry).substr(200));
  EXPECT_EQ(stream.feed(original, other, src(5)).verdict,
            stream.feed(restored, other, src(5)).verdict);
}

TEST(EngineStateTest, ARepostOfARestoredDuplicateJoinsTheSameCluster) {
  Engine original(defaults());
  Stream stream;
  (void)stream.feed(original, article_record("transit", kTransit), src(1));
  const Decision dup =
      stream.feed(original, article_record("transit-repost", kTransitRepost), src(2));
  ASSERT_EQ(dup.verdict, Verdict::kDuplicate);
  ASSERT_EQ(stream.topic.size(), 2u);

  // Only the duplicate's record survives (say the canonical was compacted away elsewhere).
  Engine restored(defaults());
  StateRecord r;
  ASSERT_TRUE(state::decode(stream.topic[1], r).ok());
  EXPECT_EQ(r.root_id, "transit");
  EXPECT_EQ(restored.restore(r), Applied::kInserted);
  // Its replay is still a duplicate of its canonical, not a canonical.
  const Decision again =
      stream.feed(restored, article_record("transit-repost", kTransitRepost), src(2));
  EXPECT_TRUE(again.replay);
  EXPECT_EQ(again.verdict, Verdict::kDuplicate);
  EXPECT_EQ(again.canonical_id, "transit");
  EXPECT_EQ(again.cluster, dup.cluster);
  // An exact copy of it from elsewhere joins the original cluster.
  const Decision copy = stream.feed(restored, article_record("copy", kTransitRepost), src(9));
  EXPECT_EQ(copy.verdict, Verdict::kDuplicate);
  EXPECT_FALSE(copy.replay);
  EXPECT_EQ(copy.canonical_id, "transit");
}

TEST(EngineStateTest, ReplaysAfterARestoreGetTheirFirstVerdicts) {
  // At-least-once restart: the input records after the last committed offset are read again.
  Engine original(defaults());
  Stream stream;
  const std::vector<std::string> input = {
      article_record("transit", kTransit), article_record("ferry", kFerry),
      article_record("transit-repost", kTransitRepost), article_record("transit-copy", kTransit),
      article_record("orchard", kOrchard)};
  std::vector<Decision> first;
  for (size_t i = 0; i < input.size(); ++i) {
    first.push_back(stream.feed(original, input[i], src(static_cast<int64_t>(i))));
  }
  Engine restarted(defaults());
  (void)restore_all(restarted, stream.topic);
  const size_t restored_size = size(restarted);
  ASSERT_EQ(restored_size, size(original));
  for (size_t i = 0; i < input.size(); ++i) {
    const Decision d = stream.feed(restarted, input[i], src(static_cast<int64_t>(i)));
    EXPECT_EQ(d.verdict, first[i].verdict) << i;
    EXPECT_EQ(d.canonical_id, first[i].canonical_id) << i;
    EXPECT_EQ(d.cluster, first[i].cluster) << i;
    EXPECT_FALSE(d.indexed) << i;
  }
  EXPECT_EQ(size(restarted), restored_size);
}

TEST(EngineStateTest, RestoringTheSameRecordsTwiceIsIdempotent) {
  Engine original(defaults());
  Stream stream;
  (void)stream.feed(original, article_record("transit", kTransit), src(1));
  (void)stream.feed(original, article_record("transit-repost", kTransitRepost), src(2));
  (void)stream.feed(original, article_record("ferry", kFerry), src(3));
  Engine restored(defaults());
  (void)restore_all(restored, stream.topic);
  ASSERT_EQ(size(restored), 3u);
  EXPECT_EQ(restore_all(restored, stream.topic),
            (std::vector<Applied>{Applied::kKnown, Applied::kKnown, Applied::kKnown}));
  EXPECT_EQ(size(restored), 3u);
  // Our own updates read back from the shared topic are known too.
  EXPECT_EQ(restore_all(original, stream.topic),
            (std::vector<Applied>{Applied::kKnown, Applied::kKnown, Applied::kKnown}));
  EXPECT_EQ(size(original), 3u);
}

TEST(EngineStateTest, APeerRecordBeyondTheTtlIsExpired) {
  Engine engine(defaults());
  Stream stream;
  (void)stream.feed(engine, article_record("ferry", kFerry, "2025-06-20T09:00:00Z"), src(1));
  Engine peer(defaults());
  Stream peer_stream;
  (void)peer_stream.feed(peer, article_record("transit", kTransit, "2025-06-03T09:00:00Z"), src(2));
  (void)peer_stream.feed(peer, article_record("orchard", kOrchard, "2025-06-14T09:00:00Z"), src(3));
  // The default TTL is 7 days: June 3 is 17 days before June 20, June 14 is 6.
  EXPECT_EQ(restore_all(engine, peer_stream.topic),
            (std::vector<Applied>{Applied::kExpired, Applied::kInserted}));
  EXPECT_EQ(size(engine), 2u);
  // Exactly at the cutoff it is kept, as Index::expire keeps it.
  StateRecord r;
  ASSERT_TRUE(state::decode(peer_stream.topic[0], r).ok());
  r.event_ms = engine.decider().index().stream_ms() - 7 * kDayMs;
  EXPECT_EQ(engine.restore(r), Applied::kInserted);
  --r.event_ms;
  r.source = src(99);
  EXPECT_EQ(engine.restore(r), Applied::kExpired);
}

TEST(EngineStateTest, ARestoredEntryExpiresWhenTheOriginalWould) {
  Engine original(defaults());
  Stream stream;
  (void)stream.feed(original, article_record("transit", kTransit, "2025-06-03T09:00:00Z"), src(1));
  Engine restored(defaults());
  (void)restore_all(restored, stream.topic);
  // Eight days later the story has left both indexes: its repost is a new canonical.
  const std::string later = article_record("ferry", kFerry, "2025-06-11T09:00:00Z");
  (void)stream.feed(original, later, src(2));
  (void)stream.feed(restored, later, src(2));
  EXPECT_EQ(size(original), 1u);
  EXPECT_EQ(size(restored), 1u);
  const std::string repost =
      article_record("transit-repost", kTransitRepost, "2025-06-11T10:00:00Z");
  EXPECT_EQ(stream.feed(original, repost, src(3)).verdict, Verdict::kCanonical);
  EXPECT_EQ(stream.feed(restored, repost, src(3)).verdict, Verdict::kCanonical);
}

TEST(EngineStateTest, ARecordOfAnotherFingerprintConfigIsIncompatible) {
  Engine engine(defaults());
  Stream stream;
  (void)stream.feed(engine, article_record("transit", kTransit), src(1));
  StateRecord r;
  ASSERT_TRUE(state::decode(stream.topic[0], r).ok());
  r.fingerprint_id ^= 1;
  r.source = src(2);
  Engine fresh(defaults());
  EXPECT_EQ(fresh.restore(r), Applied::kIncompatible);
  EXPECT_EQ(size(fresh), 0u);
  // An engine with another restart-only fingerprint key has another id.
  config::Config c = config::default_config();
  c.fingerprint.shingle_size = 4;
  Engine other(std::make_shared<const config::Config>(c));
  EXPECT_NE(other.fingerprint_id(), engine.fingerprint_id());
  ASSERT_TRUE(state::decode(stream.topic[0], r).ok());
  EXPECT_EQ(other.restore(r), Applied::kIncompatible);
  EXPECT_EQ(size(other), 0u);
}

TEST(EngineStateTest, RestoreKeepsTheCapacityCap) {
  config::Config c = config::default_config();
  c.index.max_articles = 2;
  auto cfg = std::make_shared<const config::Config>(c);
  Engine original(defaults());
  Stream stream;
  (void)stream.feed(original, article_record("transit", kTransit), src(1));
  (void)stream.feed(original, article_record("ferry", kFerry), src(2));
  (void)stream.feed(original, article_record("orchard", kOrchard), src(3));
  Engine small(cfg);
  (void)restore_all(small, stream.topic);
  // As after a decision, the index holds one entry over the cap until the next record.
  EXPECT_EQ(size(small), 3u);
  Stream s2(cfg);
  EXPECT_EQ(s2.feed(small, article_record("ferry-copy", kFerry), src(4)).verdict,
            Verdict::kDuplicate);
  EXPECT_EQ(size(small), 2u);
  // The oldest went first: transit's repost is a new canonical.
  EXPECT_EQ(s2.feed(small, article_record("transit-repost", kTransitRepost), src(5)).verdict,
            Verdict::kCanonical);
}

}  // namespace
}  // namespace newsdedup::pipeline
