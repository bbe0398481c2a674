// Token hashes: XXH3_64bits_withSeed of every token of a normalized text, the values xxHash
// itself gives, computed eight tokens at a time with AVX-512 where the CPU has it.
//
// Why: XXH3 picks one of three formulas for keys of 1-3, 4-8 and 9-16 bytes, and word lengths
// follow no pattern from one token to the next, so hashing token after token loses a branch
// prediction on a good share of them. The vector kernel computes all three formulas for eight
// tokens and keeps each lane's own, without a branch. Private to the daemon.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "newsdedup/normalize/normalizer.h"

namespace newsdedup::fingerprint::detail {

// out[i] = XXH3_64bits_withSeed(token i of `text`, seed) for every token; the kernel the CPU
// runs best.
void hash_tokens(std::string_view text, const normalize::Token* tokens, size_t n, uint64_t seed,
                 uint64_t* out);

// The two kernels, for the tests: token after token, and AVX-512 (false, nothing written, when
// the CPU or the build lacks it or simd::set_avx512_enabled turned it off).
void hash_tokens_scalar(std::string_view text, const normalize::Token* tokens, size_t n,
                        uint64_t seed, uint64_t* out);
bool hash_tokens_avx512(std::string_view text, const normalize::Token* tokens, size_t n,
                        uint64_t seed, uint64_t* out);

}  // namespace newsdedup::fingerprint::detail
