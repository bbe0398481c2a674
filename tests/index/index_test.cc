#include "newsdedup/index/index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/fingerprint/fingerprinter.h"
#include "newsdedup/normalize/normalizer.h"

namespace newsdedup::index {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;

// Deterministic pseudo-random numbers (splitmix64): the same on every platform, unlike the
// distributions and shuffles of <random>.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  uint64_t state_;
};

// Fingerprints with shingle size 1: a text's shingle set is its token set, so two texts built
// from chosen token sets have exactly the chosen Jaccard similarity.
class Fingerprints {
 public:
  Fingerprints() : normalizer_(config::default_config().normalize), fingerprinter_(make_config()) {}

  Fingerprint of_tokens(const std::vector<std::string>& toks) const {
    std::string body;
    for (const auto& t : toks) body += t + ' ';
    return of_text(body);
  }
  Fingerprint of_text(std::string_view body) const {
    normalize::NormalizedText t;
    normalizer_.normalize(body, t);
    Fingerprint fp;
    fingerprinter_.compute(t, fp);
    return fp;
  }

 private:
  static config::FingerprintConfig make_config() {
    config::FingerprintConfig c = config::default_config().fingerprint;
    c.shingle_size = 1;
    return c;
  }
  normalize::Normalizer normalizer_;
  fingerprint::Fingerprinter fingerprinter_;
};

const Fingerprints& fingerprints() {
  static const Fingerprints f;
  return f;
}

// prefix + n. (`"a" + std::to_string(n)` inserts in front of the number's string, where GCC 12
// at -O3 reports a false -Wrestrict.)
std::string numbered(std::string_view prefix, uint64_t n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

// `first_band_slots` 0: the first band table at the minimum size, for the tests of growth.
Index make_index(const config::IndexConfig& c = config::default_config().index,
                 size_t small_band_slots = BandTable::kSmallSlots,
                 size_t first_band_slots = BandTable::kFirstSlots) {
  const config::FingerprintConfig f = config::default_config().fingerprint;
  return Index(c, f.permutations, f.lead_permutations, small_band_slots, first_band_slots);
}

// The growth tests' index: a default one whose band table starts at the minimum size.
Index make_growing_index() {
  return make_index(config::default_config().index, BandTable::kSmallSlots, 0);
}

// A text of `n` distinct random words.
Fingerprint random_article(Rng& rng, size_t n = 120) {
  std::vector<std::string> toks;
  for (size_t i = 0; i < n; ++i) toks.push_back(numbered("w", rng.next() % 100'000'000));
  return fingerprints().of_tokens(toks);
}

struct PairRate {
  double true_jaccard = 0;  // of the last pair (all pairs have the same set sizes)
  double rate = 0;          // share of pairs where the second article finds the first
};

// `pairs` pairs of texts of `n` tokens whose token sets have Jaccard ~`jaccard`; each text lists
// its tokens in a random order.
PairRate candidate_rate(double jaccard, int pairs, uint64_t seed, size_t n = 150) {
  Rng rng(seed);
  // |A| = |B| = n, |A n B| = c, J = c / (2n - c)  =>  c = 2nJ / (1 + J)
  const auto common =
      static_cast<size_t>(2.0 * static_cast<double>(n) * jaccard / (1.0 + jaccard) + 0.5);
  PairRate out;
  out.true_jaccard = static_cast<double>(common) / static_cast<double>(2 * n - common);
  int found = 0;
  for (int p = 0; p < pairs; ++p) {
    std::vector<std::string> a, b;
    const std::string prefix = numbered("p", p) + "t";
    for (size_t i = 0; i < common; ++i) {
      a.push_back(prefix + numbered("c", i));
      b.push_back(a.back());
    }
    for (size_t i = common; i < n; ++i) {
      a.push_back(prefix + numbered("a", i));
      b.push_back(prefix + numbered("b", i));
    }
    rng.shuffle(a);
    rng.shuffle(b);
    Index index = make_index();
    const Fingerprint fa = fingerprints().of_tokens(a);
    const Fingerprint fb = fingerprints().of_tokens(b);
    const EntryId ea = index.insert("a", fa, 0, std::nullopt, "a");
    std::vector<EntryId> cands;
    index.candidates(fb, cands);
    found += std::find(cands.begin(), cands.end(), ea) != cands.end();
  }
  out.rate = static_cast<double>(found) / pairs;
  return out;
}

// With 32 bands of 4 rows, P(candidate) = 1 - (1 - J^4)^32: 1.0 at 0.9, 0.9998 at 0.7, 0.23 at
// 0.3, 0.003 at 0.1 (the lead signature adds little: the leads of unrelated texts rarely meet).
TEST(LshTest, CandidateRateIsHighAtJaccardPointNine) {
  const PairRate r = candidate_rate(0.9, 200, 9);
  EXPECT_NEAR(r.true_jaccard, 0.9, 0.01);
  EXPECT_GE(r.rate, 0.95);
}

TEST(LshTest, CandidateRateIsHighAtJaccardPointSeven) {
  const PairRate r = candidate_rate(0.7, 200, 7);
  EXPECT_NEAR(r.true_jaccard, 0.7, 0.01);
  EXPECT_GE(r.rate, 0.95);
}

TEST(LshTest, CandidateRateIsModerateAtJaccardPointThree) {
  const PairRate r = candidate_rate(0.3, 200, 3);
  EXPECT_NEAR(r.true_jaccard, 0.3, 0.01);
  EXPECT_GE(r.rate, 0.08);
  EXPECT_LE(r.rate, 0.45);
}

TEST(LshTest, CandidateRateIsLowAtJaccardPointOne) {
  const PairRate r = candidate_rate(0.1, 200, 1);
  EXPECT_NEAR(r.true_jaccard, 0.1, 0.01);
  EXPECT_LE(r.rate, 0.05);
}

TEST(LshTest, UnrelatedArticlesAreNotCandidates) {
  Rng rng(123);
  Index index = make_index();
  for (int i = 0; i < 200; ++i) {
    (void)index.insert(numbered("a", i), random_article(rng), 0, std::nullopt, "");
  }
  int with_candidates = 0;
  std::vector<EntryId> cands;
  for (int i = 0; i < 100; ++i) {
    index.candidates(random_article(rng), cands);
    with_candidates += !cands.empty();
  }
  EXPECT_EQ(with_candidates, 0);
}

TEST(LshTest, IdenticalSignatureRanksBeforeAPartialMatch) {
  Rng rng(5);
  std::vector<std::string> toks;
  for (int i = 0; i < 150; ++i) toks.push_back(numbered("k", i));
  std::vector<std::string> near = toks;
  for (int i = 0; i < 20; ++i) near[static_cast<size_t>(i)] = numbered("other", i);
  Index index = make_index();
  const EntryId partial = index.insert("near", fingerprints().of_tokens(near), 0, std::nullopt, "");
  const EntryId same = index.insert("same", fingerprints().of_tokens(toks), 0, std::nullopt, "");
  std::vector<EntryId> cands;
  index.candidates(fingerprints().of_tokens(toks), cands);
  ASSERT_EQ(cands.size(), 2u);
  EXPECT_EQ(cands[0], same);
  EXPECT_EQ(cands[1], partial);
}

TEST(LshTest, CandidatesAreCappedAtMaxCandidates) {
  config::IndexConfig c = config::default_config().index;
  c.max_candidates = 4;
  Index index = make_index(c);
  Rng rng(8);
  const Fingerprint fp = random_article(rng);
  for (int i = 0; i < 10; ++i) (void)index.insert(numbered("copy", i), fp, 0, std::nullopt, "");
  std::vector<EntryId> cands;
  index.candidates(fp, cands);
  EXPECT_EQ(cands.size(), 4u);
  std::sort(cands.begin(), cands.end());
  EXPECT_EQ(std::unique(cands.begin(), cands.end()), cands.end());  // no entry twice
}

TEST(LshTest, EmptyTextsAreNeverBandCandidates) {
  Index index = make_index();
  const Fingerprint empty = fingerprints().of_text("");
  ASSERT_EQ(empty.shingles, 0u);
  const EntryId e = index.insert("empty", empty, 0, std::nullopt, "");
  std::vector<EntryId> cands;
  index.candidates(empty, cands);
  EXPECT_TRUE(cands.empty());
  EXPECT_EQ(index.find_exact(empty.exact), e);  // still an exact match
}

// 8-bit stored values agree by chance once in 256; similarity() takes that out, so the
// estimate is unbiased: the mean over 100 pairs is within 0.015 of the true Jaccard (its
// standard error is ~0.004), at a low and a high similarity.
TEST(LshTest, CompactSignatureSimilarityIsUnbiased) {
  for (const double jaccard : {0.3, 0.7}) {
    Rng rng(static_cast<uint64_t>(jaccard * 100));
    const size_t n = 150;
    const auto common =
        static_cast<size_t>(2.0 * static_cast<double>(n) * jaccard / (1.0 + jaccard) + 0.5);
    const double truth = static_cast<double>(common) / static_cast<double>(2 * n - common);
    double sum = 0;
    for (int p = 0; p < 100; ++p) {
      std::vector<std::string> a, b;
      for (size_t i = 0; i < n; ++i) {
        const std::string w = numbered("s", p) + numbered("x", rng.next() % 1000000);
        a.push_back(i < common ? w : w + "a");
        b.push_back(i < common ? w : w + "b");
      }
      Index index = make_index();
      const EntryId e = index.insert("a", fingerprints().of_tokens(a), 0, std::nullopt, "");
      sum += index.similarity(fingerprints().of_tokens(b), e);
    }
    EXPECT_NEAR(sum / 100, truth, 0.015) << jaccard;
  }
}

// The decider's similarity (from the compact query candidates() made) is similarity() of the
// query, also for a signature length that is not a multiple of the 16-byte compare step.
TEST(LshTest, CandidateSimilarityIsTheSimilarityOfTheLastQuery) {
  for (const uint32_t permutations : {128u, 40u}) {
    Index index(config::default_config().index, permutations,
                config::default_config().fingerprint.lead_permutations);
    Rng rng(5);
    std::vector<std::string> base;
    for (size_t i = 0; i < 120; ++i) base.push_back(numbered("w", rng.next() % 1'000'000));
    auto variant = [&](size_t edits) {  // `edits` words replaced: similar, not equal
      std::vector<std::string> v = base;
      for (size_t i = 0; i < edits; ++i) v[rng.next() % v.size()] = numbered("x", i);
      return fingerprints().of_tokens(v);
    };
    for (size_t i = 0; i < 20; ++i) {
      index.insert(numbered("a", i), variant(2 + i % 10), 0, std::nullopt, "");
    }
    const Fingerprint query = variant(6);
    const EntryId itself = index.insert("q", query, 0, std::nullopt, "");
    std::vector<EntryId> found;
    index.candidates(query, found);
    ASSERT_GE(found.size(), 5u) << permutations;
    EXPECT_EQ(index.candidate_similarity(itself), 1.0) << permutations;  // every value counted
    bool partial = false;
    for (const EntryId e : found) {
      const double j = index.similarity(query, e);
      EXPECT_EQ(index.candidate_similarity(e), j) << permutations << " entry " << e;
      partial = partial || (j > 0.0 && j < 1.0);
    }
    EXPECT_TRUE(partial) << permutations;
  }
}

// Equal values are counted in byte lanes that are summed every 255 steps of 16: a signature
// far longer than that (4,100 values) is counted exactly.
TEST(LshTest, SimilarityCountsEveryValueOfALongSignature) {
  constexpr uint32_t kValues = 4100;
  Index index(config::default_config().index, kValues, 16);
  Rng rng(9);
  Fingerprint fp;
  for (uint32_t i = 0; i < kValues; ++i) fp.minhash.push_back(static_cast<uint32_t>(rng.next()));
  for (uint32_t i = 0; i < 16; ++i) fp.lead.push_back(static_cast<uint32_t>(rng.next()));
  fp.shingles = fp.tokens = 5000;
  fp.exact = Hash128{rng.next(), rng.next()};
  const EntryId e = index.insert("long", fp, 0, std::nullopt, "");
  EXPECT_EQ(index.similarity(fp, e), 1.0);
  Fingerprint other = fp;
  // v + 1 changes the compact value: it adds 0x9E3779B1 (top byte 0x9E) to the product.
  for (uint32_t i = 0; i < kValues; i += 3) ++other.minhash[i];
  const double p = static_cast<double>(kValues - (kValues + 2) / 3) / kValues;
  EXPECT_DOUBLE_EQ(index.similarity(other, e), (p - 1.0 / 256) / (1.0 - 1.0 / 256));
}

TEST(LshTest, IdenticalTextHasSimilarityOne) {
  Rng rng(77);
  Index index = make_index();
  const Fingerprint fp = random_article(rng);
  const EntryId e = index.insert("a", fp, 0, std::nullopt, "");
  EXPECT_EQ(index.similarity(fp, e), 1.0);
}

// `n` random articles of 40 words, inserted into `index` as "a0", "a1", ...
struct Inserted {
  std::vector<Fingerprint> fps;
  std::vector<EntryId> ids;
};
Inserted insert_random(Index& index, Rng& rng, int n) {
  Inserted in;
  for (int i = 0; i < n; ++i) {
    in.fps.push_back(random_article(rng, 40));
    in.ids.push_back(index.insert(numbered("a", i), in.fps.back(), 0, std::nullopt, ""));
  }
  return in;
}

// Every `step`-th inserted article is the first candidate of a lookup of its own fingerprint.
void expect_each_finds_itself(Index& index, const Inserted& in, size_t step) {
  std::vector<EntryId> cands;
  for (size_t i = 0; i < in.fps.size(); i += step) {
    index.candidates(in.fps[i], cands);
    ASSERT_FALSE(cands.empty()) << i;
    EXPECT_EQ(cands.front(), in.ids[i]) << i;
  }
}

// Thousands of inserts grow the band table several times (it is rebuilt from the stored
// signatures, the keys are not kept); every article still finds itself, and only itself.
TEST(LshTest, BandTableRebuildsKeepEveryArticleFindable) {
  Rng rng(91);
  Index index = make_growing_index();
  const Inserted in = insert_random(index, rng, 3000);
  EXPECT_GE(index.stats().band_rebuilds, 4u);
  expect_each_finds_itself(index, in, 1);
}

// A fresh index's first band table holds ~5,500 articles before its first move (a table
// starting at the minimum size is moved 4-5 times by then); all of them are found.
TEST(LshTest, AFreshIndexTakesItsFirstThousandsOfArticlesWithoutAMove) {
  Rng rng(92);
  Index index = make_index();
  const Inserted in = insert_random(index, rng, 5000);
  EXPECT_EQ(index.stats().band_rebuilds, 0u);
  expect_each_finds_itself(index, in, 7);
}

TEST(IndexTest, FindExactNeedsAll128Bits) {
  Index index = make_index();
  Fingerprint fp;
  fp.exact = Hash128{0x1111, 0x2222};
  const EntryId e = index.insert("x", fp, 0, std::nullopt, "");
  EXPECT_EQ(index.find_exact(Hash128{0x1111, 0x2222}), e);
  EXPECT_EQ(index.find_exact(Hash128{0x1111, 0x3333}), std::nullopt);
  EXPECT_EQ(index.find_exact(Hash128{0x4444, 0x2222}), std::nullopt);
}

TEST(IndexTest, InsertRecordsIdRootAndEventTime) {
  Index index = make_index();
  Rng rng(11);
  const EntryId root = index.insert("orig", random_article(rng), 5 * kHourMs, std::nullopt, "");
  const EntryId dup = index.insert("copy", random_article(rng), 6 * kHourMs, root, "orig");
  EXPECT_EQ(index.entry(root).id, "orig");
  EXPECT_EQ(index.entry(root).root, root);
  EXPECT_EQ(index.entry(root).root_id, "orig");
  EXPECT_EQ(index.entry(dup).id, "copy");
  EXPECT_EQ(index.entry(dup).root, root);
  EXPECT_EQ(index.entry(dup).root_id, "orig");
  EXPECT_EQ(index.entry(dup).event_ms, 6 * kHourMs);
  EXPECT_TRUE(index.entry(dup).live);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.stats().entries, 2u);
}

TEST(IndexTest, EntryExpiresOneMillisecondAfterItsTtl) {
  config::IndexConfig c = config::default_config().index;
  c.ttl_seconds = 3600;
  Index index = make_index(c);
  Rng rng(21);
  const Fingerprint fp = random_article(rng);
  const int64_t t = 1'741'079'700'000;
  (void)index.insert("a", fp, t, std::nullopt, "");

  index.expire(t + kHourMs);  // exactly the TTL: still there
  EXPECT_EQ(index.size(), 1u);
  EXPECT_TRUE(index.find_exact(fp.exact).has_value());
  EXPECT_EQ(index.stats().evicted_ttl, 0u);

  index.expire(t + kHourMs + 1);
  EXPECT_EQ(index.size(), 0u);
  EXPECT_FALSE(index.find_exact(fp.exact).has_value());
  std::vector<EntryId> cands;
  index.candidates(fp, cands);
  EXPECT_TRUE(cands.empty());
  const IndexStats s = index.stats();
  EXPECT_EQ(s.evicted_ttl, 1u);
  EXPECT_EQ(s.evicted_capacity, 0u);
  EXPECT_EQ(s.entries, 0u);
}

TEST(IndexTest, TtlFollowsTheLatestEventTimeNotTheCallOrder) {
  config::IndexConfig c = config::default_config().index;
  c.ttl_seconds = 3600;
  Index index = make_index(c);
  Rng rng(22);
  const Fingerprint old_fp = random_article(rng);
  const Fingerprint new_fp = random_article(rng);
  (void)index.insert("old", old_fp, 0, std::nullopt, "");
  (void)index.insert("new", new_fp, 3 * kHourMs, std::nullopt, "");
  index.expire(kHourMs / 2);  // a late record's older time does not move the clock back
  EXPECT_EQ(index.size(), 1u);
  EXPECT_FALSE(index.find_exact(old_fp.exact).has_value());
  EXPECT_TRUE(index.find_exact(new_fp.exact).has_value());
  EXPECT_EQ(index.stats().evicted_ttl, 1u);
}

TEST(IndexTest, CapacityEvictsTheOldestInsertions) {
  config::IndexConfig c = config::default_config().index;
  c.max_articles = 3;
  Index index = make_index(c);
  Rng rng(31);
  std::vector<Fingerprint> fps;
  for (int i = 0; i < 5; ++i) {
    fps.push_back(random_article(rng));
    (void)index.insert(numbered("a", i), fps.back(), 1000, std::nullopt, "");
  }
  index.expire(1000);
  EXPECT_EQ(index.size(), 3u);
  EXPECT_FALSE(index.find_exact(fps[0].exact).has_value());
  EXPECT_FALSE(index.find_exact(fps[1].exact).has_value());
  for (size_t i = 2; i < 5; ++i) {
    const auto e = index.find_exact(fps[i].exact);
    ASSERT_TRUE(e.has_value()) << i;
    EXPECT_EQ(index.entry(*e).id, numbered("a", i));
  }
  const IndexStats s = index.stats();
  EXPECT_EQ(s.evicted_capacity, 2u);
  EXPECT_EQ(s.evicted_ttl, 0u);
}

TEST(IndexTest, EvictedSlotsAreReusedWithoutStaleBands) {
  config::IndexConfig c = config::default_config().index;
  c.max_articles = 1;
  Index index = make_index(c);
  Rng rng(41);
  const Fingerprint first = random_article(rng);
  const Fingerprint second = random_article(rng);
  const EntryId e1 = index.insert("first", first, 0, std::nullopt, "");
  index.expire(0);
  const EntryId e2 = index.insert("second", second, 0, std::nullopt, "");
  index.expire(0);
  EXPECT_EQ(index.size(), 1u);
  std::vector<EntryId> cands;
  index.candidates(second, cands);
  ASSERT_EQ(cands.size(), 1u);
  EXPECT_EQ(cands[0], e2);
  EXPECT_EQ(index.entry(e2).id, "second");
  index.candidates(first, cands);
  EXPECT_TRUE(cands.empty());
  (void)e1;
}

TEST(IndexTest, UpdateLiveChangesTtlWithoutLosingEntries) {
  config::IndexConfig c = config::default_config().index;  // 7 days
  Index index = make_index(c);
  Rng rng(51);
  const Fingerprint a = random_article(rng), b = random_article(rng), d = random_article(rng);
  (void)index.insert("a", a, 0, std::nullopt, "");
  (void)index.insert("b", b, 2 * kHourMs, std::nullopt, "");
  index.expire(2 * kHourMs);
  ASSERT_EQ(index.size(), 2u);

  c.ttl_seconds = 3600;  // one hour from now on
  index.update_live(c);
  EXPECT_EQ(index.size(), 2u);  // nothing lost by the update itself
  std::vector<EntryId> cands;
  index.candidates(a, cands);
  EXPECT_EQ(cands.size(), 1u);  // bands still answer

  (void)index.insert("d", d, 2 * kHourMs + 1, std::nullopt, "");
  index.expire(2 * kHourMs + 1);  // cutoff one hour back: "a" (t=0) goes, "b" stays
  EXPECT_EQ(index.size(), 2u);
  EXPECT_FALSE(index.find_exact(a.exact).has_value());
  EXPECT_TRUE(index.find_exact(b.exact).has_value());
  EXPECT_TRUE(index.find_exact(d.exact).has_value());
  EXPECT_EQ(index.stats().evicted_ttl, 1u);
}

TEST(IndexTest, UpdateLiveChangesCapacity) {
  config::IndexConfig c = config::default_config().index;
  Index index = make_index(c);
  Rng rng(61);
  for (int i = 0; i < 4; ++i)
    (void)index.insert(std::to_string(i), random_article(rng), 0, std::nullopt, "");
  index.expire(0);
  EXPECT_EQ(index.size(), 4u);
  c.max_articles = 2;
  index.update_live(c);
  index.expire(0);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.stats().evicted_capacity, 2u);
}

TEST(IndexTest, ReportsMemoryPerArticle) {
  Index index = make_index();
  EXPECT_EQ(index.bytes_per_article(), 0.0);
  Rng rng(71);
  for (int i = 0; i < 50; ++i)
    (void)index.insert(numbered("id", i), random_article(rng), 0, std::nullopt, "");
  const double per = index.bytes_per_article();
  EXPECT_GT(per, 0.0);
  // At least the two compact signatures (128 8-bit and 16 16-bit values) and 40 4-byte band
  // slots per article.
  EXPECT_GT(per, 128 + 16 * 2 + 40 * 4);
  EXPECT_EQ(index.stats().bytes, static_cast<uint64_t>(per * 50 + 0.5));
}

// A bulk restore sizes the band table once instead of re-hashing it at every growth step, and
// finds exactly the candidates an index grown insert by insert finds.
TEST(IndexReserveTest, ReservedIndexBuildsItsBandTableOnceAndFindsTheSameCandidates) {
  Rng rng(77);
  std::vector<Fingerprint> articles;
  for (int i = 0; i < 3000; ++i) articles.push_back(random_article(rng));
  Index grown = make_growing_index();
  Index reserved = make_growing_index();
  reserved.reserve(articles.size());
  const uint64_t rebuilds_after_reserve = reserved.stats().band_rebuilds;
  for (size_t i = 0; i < articles.size(); ++i) {
    (void)grown.insert(numbered("a", i), articles[i], 0, std::nullopt, "");
    (void)reserved.insert(numbered("a", i), articles[i], 0, std::nullopt, "");
  }
  EXPECT_LE(rebuilds_after_reserve, 1u);
  EXPECT_EQ(reserved.stats().band_rebuilds, rebuilds_after_reserve);
  EXPECT_GT(grown.stats().band_rebuilds, rebuilds_after_reserve + 3);
  std::vector<EntryId> a, b;
  for (size_t i = 0; i < articles.size(); i += 97) {
    grown.candidates(articles[i], a);
    reserved.candidates(articles[i], b);
    EXPECT_EQ(a, b) << i;
    ASSERT_FALSE(b.empty());
    EXPECT_EQ(b.front(), static_cast<EntryId>(i));
  }
}

// An over-estimate in reserve() is given back by fit(), and lookups still work after it.
TEST(IndexReserveTest, FitShrinksAnOverReservedTable) {
  Rng rng(78);
  Index index = make_index();
  index.reserve(200'000);
  const uint64_t big = index.stats().bytes;
  std::vector<Fingerprint> articles;
  for (int i = 0; i < 500; ++i) {
    articles.push_back(random_article(rng));
    (void)index.insert(numbered("a", i), articles.back(), 0, std::nullopt, "");
  }
  index.fit();
  EXPECT_LT(index.stats().bytes * 10, big);
  std::vector<EntryId> cands;
  index.candidates(articles[123], cands);
  ASSERT_FALSE(cands.empty());
  EXPECT_EQ(cands.front(), 123u);
}

// fit() after a restore of a few articles (or of none) keeps a fresh index's first table: it
// shrinks tables that reserve() over-sized or that expiry emptied, not the head start.
TEST(IndexReserveTest, FitKeepsTheFirstTablesSize) {
  Rng rng(79);
  Index index = make_index();
  const uint64_t fresh = index.stats().bytes;
  index.fit();
  for (int i = 0; i < 10; ++i) {
    (void)index.insert(numbered("a", i), random_article(rng), 0, std::nullopt, "");
  }
  index.fit();
  EXPECT_EQ(index.stats().band_rebuilds, 0u);
  EXPECT_GE(index.stats().bytes, fresh);
  index.reserve(200'000);
  ASSERT_EQ(index.stats().band_rebuilds, 1u);
  const uint64_t reserved = index.stats().bytes;
  index.fit();  // back to the first table's size, not below it
  EXPECT_EQ(index.stats().band_rebuilds, 2u);
  EXPECT_LT(index.stats().bytes * 10, reserved);
  EXPECT_GE(index.stats().bytes, fresh);
}

// One row per band and more bands than the smallest table holds: the first insert has to grow
// the table, and the article being inserted must go in once (it went in twice, once by the
// rebuild and once by the insert, overfilling the table until the probe loop never ended).
TEST(IndexReserveTest, AnInsertThatGrowsTheTableAddsItsBandsOnce) {
  config::IndexConfig c = config::default_config().index;
  c.bands = 1024;
  c.lead_bands = 1;
  Index index(c, /*permutations=*/1024, /*lead_permutations=*/1);
  Rng rng(79);
  std::vector<Fingerprint> articles(4);
  for (Fingerprint& fp : articles) {
    fp.exact = {rng.next(), rng.next()};
    for (int i = 0; i < 1024; ++i) fp.minhash.push_back(static_cast<uint32_t>(rng.next()));
    fp.lead = {static_cast<uint32_t>(rng.next())};
    fp.shingles = fp.tokens = 2000;
  }
  for (size_t i = 0; i < articles.size(); ++i) {
    (void)index.insert(numbered("a", i), articles[i], 0, std::nullopt, "");
  }
  std::vector<EntryId> cands;
  for (size_t i = 0; i < articles.size(); ++i) {
    index.candidates(articles[i], cands);
    ASSERT_FALSE(cands.empty()) << i;
    EXPECT_EQ(cands.front(), static_cast<EntryId>(i));
  }
}

// Past ~17k articles the band tables are mappings (ZeroPages): each new one is made resident a
// step per insert before any entry moves into it, and the replaced one given back a step per
// insert after the move. Lookups made all along, in every phase, find the article looked up.
TEST(IndexReserveTest, PastFourMegabytesOfBandsEveryArticleIsFoundThroughEveryMovePhase) {
  Rng rng(82);
  Index index = make_growing_index();
  std::vector<Fingerprint> fps;
  std::vector<EntryId> ids;
  std::vector<EntryId> cands;
  constexpr int kArticles = 40'000;
  for (int i = 0; i < kArticles; ++i) {
    fps.push_back(random_article(rng, 30));
    ids.push_back(index.insert(numbered("a", i), fps.back(), 0, std::nullopt, ""));
    if (i % 13 != 0) continue;
    const auto q = static_cast<size_t>(rng.next() % static_cast<uint64_t>(i + 1));
    index.candidates(fps[q], cands);
    ASSERT_FALSE(cands.empty()) << "insert " << i << ", article " << q;
    EXPECT_EQ(cands.front(), ids[q]) << "insert " << i << ", article " << q;
  }
  // 40 slots per article at <= 85% load: the table is past the 4 MB of the small sizes.
  EXPECT_GT(index.stats().bytes, uint64_t{kArticles} * 40 * 4);
  EXPECT_GT(index.stats().band_rebuilds, 7u);
}

// Growth and tombstone cleanup move the band table a few entries per insert (a move spans
// ~90 inserts here). Lookups made at every 7th insert, so many while a move is under way
// (entries in the old table, in the new one, evicted from either, ids reused), find the same
// articles as an index built at once from the live articles.
TEST(IndexReserveTest, LookupsDuringABandTableMoveFindWhatAFreshIndexFinds) {
  Rng rng(80);
  config::IndexConfig c = config::default_config().index;
  c.max_articles = 700;  // evictions: tombstones, ids reused from the free list
  // The table at a large index's load (65-85%), so eviction churn keeps starting moves; a
  // small table's own sizing leaves it room enough never to need one here.
  Index moving = make_index(c, 0, 0);
  std::vector<Fingerprint> articles;
  auto ids_of = [](const Index& index, const std::vector<EntryId>& entries) {
    std::vector<std::string> ids;
    for (EntryId e : entries) ids.emplace_back(index.entry(e).id);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  std::vector<EntryId> a, b;
  for (int i = 0; i < 6000; ++i) {
    articles.push_back(random_article(rng, 60));
    (void)moving.insert(numbered("a", i), articles.back(), i, std::nullopt, "");
    moving.expire(i);
    if (i % 7 != 0) continue;
    Index fresh = make_index(c);
    const int first_live = std::max(0, i + 1 - static_cast<int>(c.max_articles));
    fresh.reserve(c.max_articles);
    for (int j = first_live; j <= i; ++j) {
      (void)fresh.insert(numbered("a", j), articles[j], j, std::nullopt, "");
    }
    for (int back : {0, 1, 350, 650}) {
      const int q = i - back;
      if (q < first_live) continue;
      moving.candidates(articles[q], a);
      fresh.candidates(articles[q], b);
      ASSERT_FALSE(a.empty());
      EXPECT_EQ(moving.entry(a.front()).id, numbered("a", q));
      ASSERT_EQ(ids_of(moving, a), ids_of(fresh, b)) << "insert " << i << ", article " << q;
    }
  }
  EXPECT_GT(moving.stats().band_rebuilds, 10u);
  EXPECT_EQ(moving.size(), c.max_articles);
}

// insert_queried() (the decider's path: candidates() first, then its compact signature and
// band hashes reused) stores what insert() stores: on two indexes growing through band moves,
// every article, and a teaser of it that only its lead bands can find, finds the same
// candidates with the same similarities, and the stored facts agree.
TEST(IndexInsertTest, InsertQueriedStoresWhatInsertStores) {
  Rng rng(79);
  std::vector<std::vector<std::string>> texts;
  std::vector<Fingerprint> articles;
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::string> toks;
    for (size_t k = 0; k < 120; ++k) toks.push_back(numbered("w", rng.next() % 100'000'000));
    articles.push_back(fingerprints().of_tokens(toks));
    texts.push_back(std::move(toks));
  }
  articles.push_back(Fingerprint{});  // no shingles, no signature: no bands
  articles.push_back(fingerprints().of_text(""));
  Index plain = make_growing_index();
  Index queried = make_growing_index();
  std::vector<EntryId> cands;
  for (size_t i = 0; i < articles.size(); ++i) {
    (void)plain.insert(numbered("a", i), articles[i], 0, std::nullopt, "");
    queried.candidates(articles[i], cands);
    (void)queried.insert_queried(numbered("a", i), articles[i], 0, std::nullopt, "");
  }
  ASSERT_GT(queried.stats().band_rebuilds, 3u);
  EXPECT_EQ(plain.stats().band_rebuilds, queried.stats().band_rebuilds);
  std::vector<EntryId> a, b;
  size_t found = 0, teasers_found = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    plain.candidates(articles[i], a);
    queried.candidates(articles[i], b);
    ASSERT_EQ(a, b) << i;
    found += b.size();
    for (const EntryId e : b) {
      EXPECT_EQ(plain.similarity(articles[i], e), queried.similarity(articles[i], e));
    }
    const EntryView p = plain.entry(static_cast<EntryId>(i));
    const EntryView q = queried.entry(static_cast<EntryId>(i));
    EXPECT_EQ(p.id, q.id);
    EXPECT_EQ(p.fp.exact, q.fp.exact);
    EXPECT_TRUE(std::ranges::equal(p.fp.numbers, q.fp.numbers));
    if (i < texts.size() && i % 10 == 0) {  // the lead's 40 tokens, a third of the body
      const Fingerprint teaser = fingerprints().of_tokens(
          std::vector<std::string>(texts[i].begin(), texts[i].begin() + 40));
      plain.candidates(teaser, a);
      queried.candidates(teaser, b);
      ASSERT_EQ(a, b) << i;
      teasers_found += std::ranges::count(b, static_cast<EntryId>(i));
    }
  }
  EXPECT_GE(found, articles.size() - 2);  // each article with bands finds itself
  EXPECT_EQ(teasers_found, texts.size() / 10);
}

}  // namespace
}  // namespace newsdedup::index
