// Token hashes: XXH3_64bits_withSeed of every token of a normalized text, the values xxHash
// itself gives, computed eight tokens at a time with AVX-512 where the CPU has it (four with
// AVX2 where it has that), and the facts (numbers and names) collected from them in the same
// pass.
//
// Why: XXH3 picks one of three formulas for keys of 1-3, 4-8 and 9-16 bytes, and word lengths
// follow no pattern from one token to the next, so hashing token after token loses a branch
// prediction on a good share of them. The vector kernels compute all three formulas for eight
// (four) tokens and keep each lane's own, without a branch. Private to the daemon.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "newsdedup/normalize/normalizer.h"

namespace newsdedup::fingerprint::detail {

// The facts of a text, gathered from its token hashes: the hashes (folded to 32 bits) of the
// first max_numbers numeric tokens and of the first max_names capitalized other tokens, in text
// order, and the count of numeric tokens.
struct TokenFacts {
  uint32_t* numbers;  // room for max_numbers + kFactSlack values
  size_t max_numbers;
  uint32_t* names;  // room for max_names + kFactSlack values
  size_t max_names;
  size_t n_numbers = 0, n_names = 0, numeric_tokens = 0;
};
// Values a kernel may write past a full list (it writes without a branch on the list's room).
inline constexpr size_t kFactSlack = 8;

// out[i] = XXH3_64bits_withSeed(token i of `text`, seed) for every token, and its facts added to
// `facts`; with the kernel the CPU runs best.
void hash_tokens(std::string_view text, const normalize::Token* tokens, size_t n, uint64_t seed,
                 uint64_t* out, TokenFacts& facts);

// The kernels, for the tests: token after token, AVX-512 and AVX2 (false, nothing written, when
// the CPU or the build lacks it or simd::limit_kernels capped it away).
void hash_tokens_scalar(std::string_view text, const normalize::Token* tokens, size_t n,
                        uint64_t seed, uint64_t* out, TokenFacts& facts);
bool hash_tokens_avx512(std::string_view text, const normalize::Token* tokens, size_t n,
                        uint64_t seed, uint64_t* out, TokenFacts& facts);
bool hash_tokens_avx2(std::string_view text, const normalize::Token* tokens, size_t n,
                      uint64_t seed, uint64_t* out, TokenFacts& facts);

}  // namespace newsdedup::fingerprint::detail
