#include "newsdedup/fingerprint/fingerprinter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/normalize/normalizer.h"

namespace newsdedup::fingerprint {
namespace {

normalize::NormalizedText normalized(std::string_view body) {
  const normalize::Normalizer n(config::default_config().normalize);
  normalize::NormalizedText t;
  n.normalize(body, t);
  return t;
}

Fingerprint fingerprint_of(std::string_view body, const config::FingerprintConfig& c =
                                                      config::default_config().fingerprint) {
  const Fingerprinter f(c);
  Fingerprint fp;
  f.compute(normalized(body), fp);
  return fp;
}

constexpr std::string_view kGoldenBody =
    "LONDON, March 5 (Reuters) - The Bank of England held its main interest rate at 4.5 percent "
    "on Thursday, and seven of the nine members of the committee voted for no change.";

// GOLDEN VALUES. These pin the fingerprint of one text under the default config. Fingerprints
// are stored in the index and compared across runs and machines, so a change to any value below
// is a deliberate, versioned change of the fingerprint format (bump the version, note it in the
// changelog, expect every stored index to be rebuilt) -- never a test to "fix" by re-pinning.
TEST(FingerprintGoldenTest, KPermutationFingerprintOfAFixedTextIsPinned) {
  const normalize::NormalizedText t = normalized(kGoldenBody);
  // The input of the fingerprint; if this changes, the normalizer changed, not the fingerprint.
  ASSERT_EQ(t.text,
            "the bank of england held its main interest rate at 4.5 percent on thursday and seven "
            "of the nine members of the committee voted for no change");
  ASSERT_EQ(t.place, "london");
  ASSERT_EQ(t.day, 5u);
  ASSERT_EQ(t.month, 3u);

  config::FingerprintConfig c = config::default_config().fingerprint;
  c.minhash = "kperm";  // fingerprint format version 1's MinHash, still selectable
  ASSERT_EQ(c.shingle_size, 3u);
  ASSERT_EQ(c.permutations, 128u);
  ASSERT_EQ(c.lead_permutations, 16u);
  ASSERT_EQ(c.seed, 0x6e657773646564ull);

  const Fingerprinter f(c);
  Fingerprint fp;
  f.compute(t, fp);
  EXPECT_EQ(fp.exact.low, 0x89401856fcd782c7ull);
  EXPECT_EQ(fp.exact.high, 0x34bf67d68dcaf081ull);
  ASSERT_EQ(fp.minhash.size(), 128u);
  EXPECT_EQ(fp.minhash[0], 125636198u);
  EXPECT_EQ(fp.minhash[1], 26761150u);
  EXPECT_EQ(fp.minhash[2], 12982600u);
  EXPECT_EQ(fp.minhash[3], 48926316u);
  ASSERT_EQ(fp.lead.size(), 16u);
  EXPECT_EQ(fp.lead[0], 295294634u);
  EXPECT_EQ(fp.lead[1], 20679951u);
  EXPECT_EQ(fp.lead[2], 17723877u);
  EXPECT_EQ(fp.lead[3], 52067418u);
  EXPECT_EQ(fp.tokens, 27u);
  EXPECT_EQ(fp.shingles, 25u);
  EXPECT_EQ(fp.numeric_tokens, 3u);  // 4.5, seven, nine
  EXPECT_EQ(fp.numbers, (std::vector<uint32_t>{0x6aa47084u, 0xc9445b17u, 0xcbd7d9bfu}));
  EXPECT_EQ(fp.names.size(), 4u);  // The, Bank, England, Thursday
  EXPECT_EQ(fp.place, 0xb1d969b1u);
  EXPECT_EQ(fp.day, 5u * 16 + 3);
}

// Format version 2 (the default since then): one-permutation MinHash with densification.
TEST(FingerprintGoldenTest, DefaultConfigFingerprintOfAFixedTextIsPinned) {
  ASSERT_EQ(kFingerprintVersion, 2);
  const config::FingerprintConfig c = config::default_config().fingerprint;
  ASSERT_EQ(c.minhash, "oph");
  const Fingerprinter f(c);
  Fingerprint fp;
  f.compute(normalized(kGoldenBody), fp);
  EXPECT_EQ(fp.exact.low, 0x89401856fcd782c7ull);
  EXPECT_EQ(fp.exact.high, 0x34bf67d68dcaf081ull);
  ASSERT_EQ(fp.minhash.size(), 128u);
  EXPECT_EQ(fp.minhash[0], 2708922909u);
  EXPECT_EQ(fp.minhash[1], 1702332559u);
  EXPECT_EQ(fp.minhash[2], 2760578676u);
  EXPECT_EQ(fp.minhash[3], 1823150194u);
  ASSERT_EQ(fp.lead.size(), 16u);
  EXPECT_EQ(fp.lead[0], 1619410745u);
  EXPECT_EQ(fp.lead[1], 147569694u);
  EXPECT_EQ(fp.shingles, 25u);
  // Every value, through a digest: 25 shingles leave ~100 of the 128 bins empty, so most of
  // the signature is densification's work, which the four values above barely cover.
  auto digest = [](const std::vector<uint32_t>& v) {
    return stable_hash(std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * 4));
  };
  EXPECT_EQ(digest(fp.minhash), 0x431581bb67aea485ull);
  EXPECT_EQ(digest(fp.lead), 0xb7e6dd1134345a0bull);
}

TEST(FingerprintGoldenTest, StableHashIsXxh3OfTheBytes) {
  // XXH3-64 of the empty input with seed 0 is a published constant of the algorithm.
  EXPECT_EQ(stable_hash(""), 0x2d06800538d394c2ull);
  EXPECT_EQ(stable_hash("wire-0001"), 0xcaafbea4ad95e662ull);  // pinned: cluster ids derive from it
}

TEST(FingerprintTest, TwoFingerprinterInstancesAgree) {
  const normalize::NormalizedText t = normalized(kGoldenBody);
  const Fingerprinter a(config::default_config().fingerprint);
  const Fingerprinter b(config::default_config().fingerprint);
  Fingerprint fa, fb;
  a.compute(t, fa);
  b.compute(t, fb);
  EXPECT_EQ(fa.exact, fb.exact);
  EXPECT_EQ(fa.minhash, fb.minhash);
  EXPECT_EQ(fa.lead, fb.lead);
  EXPECT_EQ(fa.numbers, fb.numbers);
  EXPECT_EQ(fa.names, fb.names);
  EXPECT_EQ(fa.shingles, fb.shingles);
}

TEST(MinHashTest, IdenticalTextGivesIdenticalSignature) {
  const Fingerprint a = fingerprint_of(kGoldenBody);
  const Fingerprint b = fingerprint_of(std::string(kGoldenBody));
  EXPECT_EQ(a.exact, b.exact);
  EXPECT_EQ(a.minhash, b.minhash);
  EXPECT_EQ(signature_similarity(a.minhash, b.minhash), 1.0);
}

TEST(MinHashTest, ReusedOutputIsFullyOverwritten) {
  const Fingerprinter f(config::default_config().fingerprint);
  Fingerprint fp;
  f.compute(normalized("Seven ships and 12 tugs left Rotterdam on Friday for the long voyage."),
            fp);
  f.compute(normalized(kGoldenBody), fp);
  const Fingerprint fresh = fingerprint_of(kGoldenBody);
  EXPECT_EQ(fp.exact, fresh.exact);
  EXPECT_EQ(fp.minhash, fresh.minhash);
  EXPECT_EQ(fp.numbers, fresh.numbers);
  EXPECT_EQ(fp.names, fresh.names);
  EXPECT_EQ(fp.numeric_tokens, fresh.numeric_tokens);
}

TEST(MinHashTest, AnotherSeedGivesAnotherSignature) {
  config::FingerprintConfig c = config::default_config().fingerprint;
  c.seed = 42;
  const Fingerprint a = fingerprint_of(kGoldenBody);
  const Fingerprint b = fingerprint_of(kGoldenBody, c);
  EXPECT_NE(a.exact, b.exact);
  EXPECT_LT(signature_similarity(a.minhash, b.minhash), 0.1);
}

TEST(MinHashTest, SignatureLengthsFollowTheConfig) {
  config::FingerprintConfig c = config::default_config().fingerprint;
  c.permutations = 64;
  c.lead_permutations = 8;
  const Fingerprint fp = fingerprint_of(kGoldenBody, c);
  EXPECT_EQ(fp.minhash.size(), 64u);
  EXPECT_EQ(fp.lead.size(), 8u);
}

TEST(MinHashTest, WordOrderChangesTheShingles) {
  const Fingerprint a = fingerprint_of("alpha beta gamma delta epsilon zeta eta theta");
  const Fingerprint b = fingerprint_of("theta eta zeta epsilon delta gamma beta alpha");
  EXPECT_EQ(a.shingles, 6u);
  EXPECT_EQ(b.shingles, 6u);
  EXPECT_NE(a.exact, b.exact);
  EXPECT_LT(signature_similarity(a.minhash, b.minhash), 0.1);
}

// Shingles are counted by position (no sort to deduplicate them); the signature only sees the
// set, so a repeated passage changes the count but not the signature.
TEST(MinHashTest, RepeatedShinglesCountByPositionButLeaveTheSignatureAlone) {
  const Fingerprint repeated = fingerprint_of("one two three one two three one two three");
  EXPECT_EQ(repeated.tokens, 9u);
  EXPECT_EQ(repeated.shingles, 7u);
  const Fingerprint once = fingerprint_of("one two three one two");
  EXPECT_EQ(once.shingles, 3u);  // "one two three", "two three one", "three one two"
  EXPECT_EQ(repeated.minhash, once.minhash);
}

TEST(MinHashTest, TextShorterThanAShingleIsOneShingle) {
  const Fingerprint fp = fingerprint_of("ceasefire holds");
  EXPECT_EQ(fp.tokens, 2u);
  EXPECT_EQ(fp.shingles, 1u);
  EXPECT_NE(fp.minhash[0], std::numeric_limits<uint32_t>::max());
}

TEST(MinHashTest, EmptyTextHasNoShingles) {
  const Fingerprint fp = fingerprint_of("");
  EXPECT_EQ(fp.tokens, 0u);
  EXPECT_EQ(fp.shingles, 0u);
  ASSERT_EQ(fp.minhash.size(), 128u);
  EXPECT_TRUE(std::all_of(fp.minhash.begin(), fp.minhash.end(),
                          [](uint32_t v) { return v == std::numeric_limits<uint32_t>::max(); }));
  EXPECT_TRUE(fp.numbers.empty());
  EXPECT_EQ(fp.place, 0u);
  EXPECT_EQ(fp.day, 0u);
}

TEST(MinHashTest, LeadSignatureCoversOnlyTheFirstTokens) {
  std::string head;
  for (int i = 0; i < 60; ++i) head += "lead" + std::to_string(i) + "w ";
  const Fingerprint a = fingerprint_of(head + "the first ending is about trade and tariffs");
  const Fingerprint b = fingerprint_of(head + "a different ending about sport and weather");
  EXPECT_EQ(a.lead, b.lead);
  EXPECT_NE(a.minhash, b.minhash);
}

TEST(FingerprintTest, NumbersAreSortedUniqueHashesOfNumericTokens) {
  const Fingerprint fp = fingerprint_of("Prices rose 3 percent, then 3 percent again, then 7.25.");
  EXPECT_EQ(fp.numeric_tokens, 3u);
  ASSERT_EQ(fp.numbers.size(), 2u);
  EXPECT_TRUE(std::is_sorted(fp.numbers.begin(), fp.numbers.end()));
  EXPECT_NE(fp.numbers[0], fp.numbers[1]);
}

// Fact lists of every length up to their caps and a bit past (32 numbers, 16 names by
// default), with repeats, in shuffled orders: always sorted without repeats, one value per
// distinct token among the first kept, and the same list whatever the order.
TEST(FingerprintTest, FactListsAreSortedUniqueAndIndependentOfOrder) {
  std::mt19937 rng(3);
  const std::vector<std::string> name_pool = {
      "Alpha", "Bravo", "Carlo", "Delta", "Echo",  "Foxtr", "Golfo", "Hotel", "India",  "Julia",
      "Kilo",  "Limao", "Mike",  "Novem", "Oscar", "Papa",  "Queb",  "Romeo", "Sierra", "Tango"};
  for (size_t n = 1; n <= 40; ++n) {
    std::vector<std::string> numbers, names;
    for (size_t i = 0; i < n; ++i) {
      numbers.push_back(std::to_string(rng() % (n + 3) * 7 + 10));  // repeats when n is small
      names.push_back(name_pool[rng() % name_pool.size()]);
    }
    auto text = [](const std::vector<std::string>& words) {
      std::string t = "on";
      for (const auto& w : words) t += " and " + w;
      return t;
    };
    const auto distinct = [](std::vector<std::string> w, size_t cap) {
      w.resize(std::min(w.size(), cap));
      std::sort(w.begin(), w.end());
      return static_cast<size_t>(std::unique(w.begin(), w.end()) - w.begin());
    };
    const Fingerprint a = fingerprint_of(text(numbers));
    const Fingerprint b = fingerprint_of(text(names));
    EXPECT_TRUE(std::adjacent_find(a.numbers.begin(), a.numbers.end(), std::greater_equal<>()) ==
                a.numbers.end())
        << n;
    EXPECT_TRUE(std::adjacent_find(b.names.begin(), b.names.end(), std::greater_equal<>()) ==
                b.names.end())
        << n;
    EXPECT_EQ(a.numbers.size(), distinct(numbers, 32)) << n;
    EXPECT_EQ(b.names.size(), distinct(names, 16)) << n;
    if (n <= 16) {  // every token kept: another order gives the same lists
      std::shuffle(numbers.begin(), numbers.end(), rng);
      std::shuffle(names.begin(), names.end(), rng);
      EXPECT_EQ(fingerprint_of(text(numbers)).numbers, a.numbers) << n;
      EXPECT_EQ(fingerprint_of(text(names)).names, b.names) << n;
    }
  }
}

// Lists up to 64 values are sorted by rank, longer ones (a config may allow 4,096) by
// std::sort: at 63, 64, 65 and 150 numbers, with repeats, both give sorted, distinct lists
// that do not depend on the order of the text.
TEST(FingerprintTest, LongFactListsAreSortedUniqueToo) {
  config::FingerprintConfig c = config::default_config().fingerprint;
  c.max_numbers = 4096;
  std::mt19937 rng(5);
  for (size_t n : {63u, 64u, 65u, 150u}) {
    std::vector<std::string> numbers;
    for (size_t i = 0; i < n; ++i) numbers.push_back(std::to_string(rng() % (n - 10) + 100));
    auto text = [&] {
      std::string t = "on";
      for (const auto& w : numbers) t += " and " + w;
      return t;
    };
    const Fingerprint a = fingerprint_of(text(), c);
    std::vector<std::string> distinct = numbers;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    EXPECT_EQ(a.numbers.size(), distinct.size()) << n;
    EXPECT_TRUE(std::adjacent_find(a.numbers.begin(), a.numbers.end(), std::greater_equal<>()) ==
                a.numbers.end())
        << n;
    std::shuffle(numbers.begin(), numbers.end(), rng);
    EXPECT_EQ(fingerprint_of(text(), c).numbers, a.numbers) << n;
  }
}

TEST(FingerprintTest, DifferentFiguresGiveDifferentNumberSets) {
  const Fingerprint a = fingerprint_of("Acme earned 4.2 billion in the quarter.");
  const Fingerprint b = fingerprint_of("Acme earned 5.9 billion in the quarter.");
  EXPECT_EQ(intersection_size(a.numbers, b.numbers), 0u);
  EXPECT_EQ(a.names, b.names);
}

TEST(FingerprintTest, NamesAreCapitalizedNonNumericTokens) {
  const Fingerprint a = fingerprint_of("yesterday Acme hired Jane Doe in March");
  const Fingerprint b = fingerprint_of("yesterday Globex hired Jane Doe in March");
  EXPECT_EQ(a.names.size(), 3u);  // Acme, Jane, Doe; March is a figure
  EXPECT_EQ(a.numeric_tokens, 1u);
  EXPECT_EQ(intersection_size(a.names, b.names), 2u);
}

TEST(FingerprintTest, NumberAndNameListsAreCapped) {
  config::FingerprintConfig c = config::default_config().fingerprint;
  c.max_numbers = 4;
  c.max_names = 2;
  const Fingerprint fp = fingerprint_of("1 2 3 4 5 6 7 8 Alpha Beta Gamma Delta", c);
  EXPECT_EQ(fp.numbers.size(), 4u);
  EXPECT_EQ(fp.names.size(), 2u);
  EXPECT_EQ(fp.numeric_tokens, 8u);
  // The first ones are kept: the same lists as a text holding only those.
  const Fingerprint first = fingerprint_of("1 2 3 4 Alpha Beta", c);
  EXPECT_EQ(fp.numbers, first.numbers);
  EXPECT_EQ(fp.names, first.names);
}

TEST(FingerprintTest, DatelineFactsAreEncoded) {
  const Fingerprint with_date = fingerprint_of("PARIS, June 17 (AFP) - The talks resumed.");
  EXPECT_EQ(with_date.day, 17u * 16 + 6);
  EXPECT_EQ(with_date.place & 1u, 1u);  // never 0 when a place exists
  const Fingerprint other_place = fingerprint_of("BERLIN, June 17 (AFP) - The talks resumed.");
  EXPECT_NE(with_date.place, other_place.place);
  EXPECT_EQ(with_date.exact, other_place.exact);  // the dateline is not part of the text
  const Fingerprint no_date = fingerprint_of("PARIS (AFP) - The talks resumed.");
  EXPECT_EQ(no_date.place, with_date.place);
  EXPECT_EQ(no_date.day, 0u);
}

// Texts of distinct tokens with shingle size 1: the shingle sets overlap by exactly the chosen
// Jaccard, so the MinHash estimate can be compared with the truth.
std::string token_text(int first, int count) {
  std::string s;
  for (int i = first; i < first + count; ++i) s += "tok" + std::to_string(i) + "x ";
  return s;
}

TEST(MinHashTest, SignatureSimilarityEstimatesJaccard) {
  config::FingerprintConfig c = config::default_config().fingerprint;
  c.shingle_size = 1;
  struct Case {
    int common, unique_each;
    double jaccard;
  };
  for (const Case cs : {Case{50, 100, 0.2}, Case{100, 50, 0.5}, Case{160, 20, 0.8},
                        Case{200, 0, 1.0}, Case{0, 150, 0.0}}) {
    // a = [0, common + u), b = [u, u + common + u): they share [u, common + u).
    const Fingerprint a = fingerprint_of(token_text(0, cs.common + cs.unique_each), c);
    const Fingerprint b = fingerprint_of(token_text(cs.unique_each, cs.common + cs.unique_each), c);
    ASSERT_EQ(a.shingles, static_cast<uint32_t>(cs.common + cs.unique_each));
    const double est = signature_similarity(a.minhash, b.minhash);
    EXPECT_NEAR(est, cs.jaccard, 0.1) << "true Jaccard " << cs.jaccard;
  }
}

TEST(MinHashTest, SignatureSimilarityIsUnbiasedOverManyTexts) {
  config::FingerprintConfig c = config::default_config().fingerprint;
  c.shingle_size = 1;
  // 20 independent pairs at Jaccard 0.5: the mean estimate is within 0.03 of the truth.
  double sum = 0;
  for (int trial = 0; trial < 20; ++trial) {
    const int base = trial * 1000;
    const Fingerprint a = fingerprint_of(token_text(base, 150), c);
    const Fingerprint b = fingerprint_of(token_text(base + 50, 150), c);
    sum += signature_similarity(a.minhash, b.minhash);
  }
  EXPECT_NEAR(sum / 20, 0.5, 0.03);
}

TEST(SignatureSimilarityTest, CountsEqualPositions) {
  EXPECT_EQ(signature_similarity({1, 2, 3, 4}, {1, 2, 3, 4}), 1.0);
  EXPECT_EQ(signature_similarity({1, 2, 3, 4}, {5, 6, 7, 8}), 0.0);
  EXPECT_EQ(signature_similarity({1, 2, 3, 4}, {1, 9, 3, 9}), 0.5);
  EXPECT_EQ(signature_similarity({1, 2, 3, 4}, {4, 3, 2, 1}), 0.0);  // positions, not sets
  EXPECT_EQ(signature_similarity({1, 2}, {1, 2, 3, 4}), 1.0);        // the shorter length
  EXPECT_EQ(signature_similarity({}, {1, 2}), 0.0);
  EXPECT_EQ(signature_similarity({}, {}), 0.0);
}

TEST(SetOverlapTest, IntersectionSizeOfSortedSets) {
  EXPECT_EQ(intersection_size({1, 3, 5, 7}, {2, 3, 4, 7, 9}), 2u);
  EXPECT_EQ(intersection_size({1, 2, 3}, {1, 2, 3}), 3u);
  EXPECT_EQ(intersection_size({1, 2, 3}, {4, 5}), 0u);
  EXPECT_EQ(intersection_size({}, {4, 5}), 0u);
  EXPECT_EQ(intersection_size({0, 0xffffffffu}, {0xffffffffu}), 1u);
}

TEST(SetOverlapTest, SortedOverlapIsMeasuredFromTheSmallerSet) {
  EXPECT_EQ(sorted_overlap({1, 2, 3, 4}, {2, 4}), 1.0);
  EXPECT_EQ(sorted_overlap({2, 4}, {1, 2, 3, 4}), 1.0);
  EXPECT_EQ(sorted_overlap({1, 2, 3, 4}, {2, 5}), 0.5);
  EXPECT_EQ(sorted_overlap({1, 2, 3, 4}, {5, 6, 7, 8}), 0.0);
  EXPECT_EQ(sorted_overlap({}, {1, 2}), 1.0);
  EXPECT_EQ(sorted_overlap({}, {}), 1.0);
}

TEST(StableHashTest, IsDeterministicAndSpreadsDistinctInputs) {
  EXPECT_EQ(stable_hash("article-17"), stable_hash(std::string("article-") + "17"));
  std::set<uint64_t> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(stable_hash("article-" + std::to_string(i)));
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace newsdedup::fingerprint
