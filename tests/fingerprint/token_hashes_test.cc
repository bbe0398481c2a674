#include "fingerprint/token_hashes_internal.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace newsdedup::fingerprint::detail {
namespace {

// A text of random bytes cut into tokens of random lengths (0 to 40 bytes, one space between),
// so every length class of XXH3 and every byte value sits in every lane of a block.
struct Tokenized {
  std::string text;
  std::vector<normalize::Token> tokens;
};

Tokenized random_tokens(std::mt19937_64& rng, size_t count, size_t max_len) {
  Tokenized t;
  for (size_t i = 0; i < count; ++i) {
    const auto len = static_cast<uint32_t>(rng() % (max_len + 1));
    if (!t.text.empty()) t.text += ' ';
    t.tokens.push_back({.offset = static_cast<uint32_t>(t.text.size()), .length = len});
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

// Both kernels give xxHash's own values for every token; the vector kernel is also held to
// them on texts whose last tokens end within 16 bytes of the text's end (its scalar tail) and
// on counts that are not a multiple of eight.
TEST(TokenHashesTest, EveryKernelGivesXxh3OfEveryToken) {
  std::mt19937_64 rng(42);
  const bool vector_kernel = hash_tokens_avx512("", nullptr, 0, 0, nullptr);
  for (int round = 0; round < 300; ++round) {
    const size_t count = rng() % 70;
    const Tokenized t = random_tokens(rng, count, round % 3 == 0 ? 40 : 16);
    const uint64_t seed = round % 5 == 0 ? 0 : rng();
    const std::vector<uint64_t> want = reference(t, seed);
    std::vector<uint64_t> got(count + 1, 7);  // + 1: nothing written past the last token
    hash_tokens_scalar(t.text, t.tokens.data(), count, seed, got.data());
    ASSERT_EQ(std::vector<uint64_t>(got.begin(), got.end() - 1), want) << "scalar, round " << round;
    if (vector_kernel) {
      std::fill(got.begin(), got.end(), 7);
      ASSERT_TRUE(hash_tokens_avx512(t.text, t.tokens.data(), count, seed, got.data()));
      ASSERT_EQ(got.back(), 7u);
      got.pop_back();
      ASSERT_EQ(got, want) << "avx512, round " << round;
    }
    got.assign(count, 0);
    hash_tokens(t.text, t.tokens.data(), count, seed, got.data());
    ASSERT_EQ(got, want) << "dispatch, round " << round;
  }
  if (!vector_kernel) GTEST_SKIP() << "no AVX-512 here: only the scalar kernel was checked";
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
      std::vector<uint64_t> got(8);
      hash_tokens(t.text, t.tokens.data(), 8, 99, got.data());
      EXPECT_EQ(got, reference(t, 99)) << "length " << len;
    }
  }
}

}  // namespace
}  // namespace newsdedup::fingerprint::detail
