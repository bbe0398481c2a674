#include "fingerprint/token_hashes_internal.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "support/kernels.h"

namespace newsdedup::fingerprint::detail {
namespace {

// A text of random bytes cut into tokens of random lengths (0 to max_len bytes, one space
// between) with random flags, so every length class of XXH3 and every byte value sits in every
// lane of a block.
struct Tokenized {
  std::string text;
  std::vector<normalize::Token> tokens;
};

Tokenized random_tokens(std::mt19937_64& rng, size_t count, size_t max_len) {
  Tokenized t;
  for (size_t i = 0; i < count; ++i) {
    const auto len = static_cast<uint32_t>(rng() % (max_len + 1));
    if (!t.text.empty()) t.text += ' ';
    t.tokens.push_back({.offset = static_cast<uint32_t>(t.text.size()),
                        .length = len,
                        .numeric = rng() % 4 == 0,
                        .capitalized = rng() % 3 == 0});
    for (uint32_t b = 0; b < len; ++b) t.text += static_cast<char>(rng());
  }
  return t;
}

std::vector<uint64_t> reference(const Tokenized& t, uint64_t seed) {
  std::vector<uint64_t> want;
  for (const auto& tok : t.tokens) {
    want.push_back(XXH3_64bits_withSeed(t.text.data() + tok.offset, tok.length, seed));
  }
  return want;
}

// What a kernel gives: the hashes and the facts, lists cut to their counts.
struct Result {
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> numbers, names;
  size_t numeric_tokens = 0;
  bool operator==(const Result&) const = default;
};

// The facts as the header states them, from the reference hashes.
Result reference_result(const Tokenized& t, uint64_t seed, size_t max_numbers, size_t max_names) {
  Result r;
  r.hashes = reference(t, seed);
  for (size_t i = 0; i < t.tokens.size(); ++i) {
    const auto folded = static_cast<uint32_t>(r.hashes[i] ^ (r.hashes[i] >> 32));
    if (t.tokens[i].numeric) {
      ++r.numeric_tokens;
      if (r.numbers.size() < max_numbers) r.numbers.push_back(folded);
    } else if (t.tokens[i].capitalized && r.names.size() < max_names) {
      r.names.push_back(folded);
    }
  }
  return r;
}

template <class Kernel>
Result run(Kernel&& kernel, const Tokenized& t, uint64_t seed, size_t max_numbers,
           size_t max_names) {
  Result r;
  r.hashes.assign(t.tokens.size() + 1, 7);  // + 1: nothing written past the last token
  r.numbers.assign(max_numbers + kFactSlack, 0);
  r.names.assign(max_names + kFactSlack, 0);
  TokenFacts facts{.numbers = r.numbers.data(),
                   .max_numbers = max_numbers,
                   .names = r.names.data(),
                   .max_names = max_names};
  kernel(t.text, t.tokens.data(), t.tokens.size(), seed, r.hashes.data(), facts);
  EXPECT_EQ(r.hashes.back(), 7u) << "written past the last token";
  r.hashes.pop_back();
  r.numbers.resize(facts.n_numbers);
  r.names.resize(facts.n_names);
  r.numeric_tokens = facts.numeric_tokens;
  return r;
}

// Every kernel gives xxHash's own values for every token and the facts the header promises;
// the vector kernels are also held to them on texts whose last tokens end within 16 bytes of the
// text's end (their scalar tail), on counts that are not a multiple of their width and on fact
// lists that fill up (limits from 0 to 40).
TEST(TokenHashesTest, EveryKernelGivesXxh3OfEveryTokenAndItsFacts) {
  std::mt19937_64 rng(42);
  TokenFacts probe{};
  const bool avx512 = hash_tokens_avx512("", nullptr, 0, 0, nullptr, probe);
  const bool avx2 = hash_tokens_avx2("", nullptr, 0, 0, nullptr, probe);
  for (int round = 0; round < 300; ++round) {
    const size_t count = rng() % 70;
    const Tokenized t = random_tokens(rng, count, round % 3 == 0 ? 40 : 16);
    const uint64_t seed = round % 5 == 0 ? 0 : rng();
    const size_t max_numbers = rng() % 41, max_names = rng() % 20;
    const Result want = reference_result(t, seed, max_numbers, max_names);
    EXPECT_EQ(run(hash_tokens_scalar, t, seed, max_numbers, max_names), want)
        << "scalar, round " << round;
    if (avx512) {
      const auto kernel = [](auto&&... args) { ASSERT_TRUE(hash_tokens_avx512(args...)); };
      EXPECT_EQ(run(kernel, t, seed, max_numbers, max_names), want) << "avx512, round " << round;
    }
    if (avx2) {
      const auto kernel = [](auto&&... args) { ASSERT_TRUE(hash_tokens_avx2(args...)); };
      EXPECT_EQ(run(kernel, t, seed, max_numbers, max_names), want) << "avx2, round " << round;
    }
    EXPECT_EQ(run(hash_tokens, t, seed, max_numbers, max_names), want)
        << "dispatch, round " << round;
    if (::testing::Test::HasFailure()) return;
  }
  if (!avx512 && !avx2) GTEST_SKIP() << "no AVX2 here: only the scalar kernel was checked";
}

// Every length from 1 to 16 at every lane, bytes all 0x00 and all 0xff: the shifts that cut a
// token's first and last bytes out of its 16-byte window are checked at their ends.
TEST(TokenHashesTest, EveryShortLengthInEveryLane) {
  for (const char fill : {'\0', '\xff', 'e'}) {
    for (uint32_t len = 1; len <= 16; ++len) {
      Tokenized t;
      for (uint32_t lane = 0; lane < 8; ++lane) {
        const uint32_t l = lane % 2 == 0 ? len : 17 - len;
        if (!t.text.empty()) t.text += ' ';
        t.tokens.push_back({.offset = static_cast<uint32_t>(t.text.size()), .length = l});
        t.text.append(l, fill);
        t.text.back() = static_cast<char>(lane + 1);  // the last byte counts in every class
      }
      t.text.append(16, ' ');  // all eight in one vector block
      testing::for_each_kernel([&](std::string_view kernel) {
        EXPECT_EQ(run(hash_tokens, t, 99, 4, 4), reference_result(t, 99, 4, 4))
            << kernel << ", length " << len;
      });
    }
  }
}

}  // namespace
}  // namespace newsdedup::fingerprint::detail
