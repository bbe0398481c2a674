// Token hashes; see token_hashes_internal.h. The vector kernels restate xxHash 0.8's formulas
// for keys of up to 16 bytes (XXH3_len_1to3_64b, _4to8_, _9to16_) on eight (AVX-512) or four
// (AVX2) lanes; the tests hold them to XXH3_64bits_withSeed itself for every length and many
// seeds.
//
// GCC 12's AVX-512 intrinsics warn that their own undefined-vector placeholder may be used
// uninitialized once inlined (a false positive of that release); the warning is off for this
// file, set before any include since it is reported at the intrinsics' lines.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "fingerprint/token_hashes_internal.h"
#include "simd/cpu_internal.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstddef>

namespace newsdedup::fingerprint::detail {
namespace {

uint64_t hash_one(std::string_view text, const normalize::Token& t, uint64_t seed) {
  return XXH3_64bits_withSeed(text.data() + t.offset, t.length, seed);
}

// The facts of tokens [0, n) from their hashes. Each folded hash is written to the next slot of
// both lists and a slot kept only where it counts: whether a word is capitalized or numeric
// follows no pattern from one token to the next, so a branch on it is one the predictor often
// loses. The counts live in locals: kept in `facts`, every slot's store may alias them.
void collect_facts(const normalize::Token* tokens, const uint64_t* hashes, size_t n,
                   TokenFacts& facts) {
  uint32_t* const numbers = facts.numbers;
  uint32_t* const names = facts.names;
  size_t n_numbers = facts.n_numbers, n_names = facts.n_names, numeric_tokens = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto folded = static_cast<uint32_t>(hashes[i] ^ (hashes[i] >> 32));
    const size_t numeric = tokens[i].numeric ? 1 : 0;
    const size_t name = tokens[i].capitalized && !tokens[i].numeric ? 1 : 0;
    numeric_tokens += numeric;
    numbers[n_numbers] = folded;
    n_numbers += numeric & static_cast<size_t>(n_numbers < facts.max_numbers);
    names[n_names] = folded;
    n_names += name & static_cast<size_t>(n_names < facts.max_names);
  }
  facts.n_numbers = n_numbers;
  facts.n_names = n_names;
  facts.numeric_tokens += numeric_tokens;
}

#if NEWSDEDUP_X86_KERNELS

static_assert(sizeof(normalize::Token) == 12 && offsetof(normalize::Token, offset) == 0 &&
                  offsetof(normalize::Token, length) == 4 &&
                  offsetof(normalize::Token, numeric) == 8 &&
                  offsetof(normalize::Token, capitalized) == 9,
              "the kernel reads tokens as three 32-bit words: offset, length, flags");

// XXH3's secret and seed folded into the constant each formula XORs or adds to its input.
struct Keys {
  uint64_t short_flip;  // 1-3 bytes
  uint64_t mid_flip;    // 4-8 bytes
  uint64_t lo_flip;     // 9-16 bytes, first 8
  uint64_t hi_flip;     // 9-16 bytes, last 8
};

Keys keys_for(uint64_t seed) {
  const xxh_u8* s = XXH3_kSecret;
  const uint64_t mid_seed = seed ^ (uint64_t{XXH_swap32(static_cast<uint32_t>(seed))} << 32);
  return Keys{
      .short_flip = uint64_t{XXH_readLE32(s) ^ XXH_readLE32(s + 4)} + seed,
      .mid_flip = (XXH_readLE64(s + 8) ^ XXH_readLE64(s + 16)) - mid_seed,
      .lo_flip = (XXH_readLE64(s + 24) ^ XXH_readLE64(s + 32)) + seed,
      .hi_flip = (XXH_readLE64(s + 40) ^ XXH_readLE64(s + 48)) - seed,
  };
}

NEWSDEDUP_AVX512_TARGET inline __m512i mul(__m512i a, uint64_t k) {
  return _mm512_mullo_epi64(a, _mm512_set1_epi64(static_cast<long long>(k)));
}
NEWSDEDUP_AVX512_TARGET inline __m512i xor_shift(__m512i h, unsigned s) {
  return _mm512_xor_si512(h, _mm512_srli_epi64(h, s));
}

// The low and high 64 bits of the 128-bit products a * b, XORed (XXH3_mul128_fold64), from
// four 32 x 32-bit products: AVX-512 has no 64 x 64 -> 128-bit multiply.
NEWSDEDUP_AVX512_TARGET inline __m512i mul128_fold64(__m512i a, __m512i b) {
  const __m512i low32 = _mm512_set1_epi64(0xffffffff);
  const __m512i a_hi = _mm512_srli_epi64(a, 32), b_hi = _mm512_srli_epi64(b, 32);
  const __m512i p00 = _mm512_mul_epu32(a, b), p01 = _mm512_mul_epu32(a, b_hi);
  const __m512i p10 = _mm512_mul_epu32(a_hi, b), p11 = _mm512_mul_epu32(a_hi, b_hi);
  const __m512i mid = _mm512_add_epi64(
      _mm512_srli_epi64(p00, 32),
      _mm512_add_epi64(_mm512_and_si512(p01, low32), _mm512_and_si512(p10, low32)));
  const __m512i hi =
      _mm512_add_epi64(_mm512_add_epi64(p11, _mm512_srli_epi64(mid, 32)),
                       _mm512_add_epi64(_mm512_srli_epi64(p01, 32), _mm512_srli_epi64(p10, 32)));
  const __m512i lo = _mm512_or_si512(_mm512_slli_epi64(mid, 32), _mm512_and_si512(p00, low32));
  return _mm512_xor_si512(lo, hi);
}

// Eight tokens whose bytes lie in the 16 bytes from their offset: each lane's 16 bytes are two
// gathered 64-bit words, every formula's inputs are shifted out of them, and each lane keeps
// the formula of its length; then the block's facts. Returns how many tokens it hashed (whole
// blocks of eight, up to the first block reaching past the text's last 16 bytes).
NEWSDEDUP_AVX512_TARGET size_t avx512_blocks(std::string_view text, const normalize::Token* tokens,
                                             size_t n, uint64_t seed, uint64_t* out,
                                             TokenFacts& facts) {
  if (text.size() > INT_MAX) return 0;  // offsets are gathered as signed 32-bit indices
  const Keys k = keys_for(seed);
  // Each token is three 32-bit words: offset, length, flags.
  const __m512i offset_words =
      _mm512_setr_epi32(0, 3, 6, 9, 12, 15, 18, 21, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i length_words =
      _mm512_setr_epi32(1, 4, 7, 10, 13, 16, 19, 22, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i flag_words = _mm512_setr_epi32(2, 5, 8, 11, 14, 17, 20, 23, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i byte = _mm512_set1_epi64(0xff), low32 = _mm512_set1_epi64(0xffffffff);
  const __m512i eight = _mm512_set1_epi64(8), four = _mm512_set1_epi64(4);
  const __m512i bits32 = _mm512_set1_epi64(32), bits64 = _mm512_set1_epi64(64);
  const __m512i reverse_bytes =
      _mm512_broadcast_i32x4(_mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8));
  const char* const base = text.data();
  size_t i = 0;
  for (; i + 8 <= n && tokens[i + 7].offset + size_t{16} <= text.size(); i += 8) {
    // The eight tokens' 24 words: 16 in one load, 8 in a masked one (nothing read past them).
    const auto* fields = reinterpret_cast<const int*>(tokens + i);
    const __m512i words0 = _mm512_loadu_si512(fields);
    const __m512i words1 = _mm512_maskz_loadu_epi32(0x00ff, fields + 16);
    const __m256i offset =
        _mm512_castsi512_si256(_mm512_permutex2var_epi32(words0, offset_words, words1));
    const __m512i len = _mm512_cvtepu32_epi64(
        _mm512_castsi512_si256(_mm512_permutex2var_epi32(words0, length_words, words1)));
    const __m512i w0 = _mm512_i32gather_epi64(offset, base, 1);
    const __m512i w1 = _mm512_i32gather_epi64(offset, base + 8, 1);
    const __m512i len_bits = _mm512_slli_epi64(len, 3);

    // 1-3 bytes: bytes 0, len / 2 and len - 1 with the length, XXH64's avalanche.
    const __m512i c1 = _mm512_and_si512(w0, byte);
    const __m512i c2 = _mm512_and_si512(
        _mm512_srlv_epi64(w0, _mm512_slli_epi64(_mm512_srli_epi64(len, 1), 3)), byte);
    const __m512i c3 =
        _mm512_and_si512(_mm512_srlv_epi64(w0, _mm512_sub_epi64(len_bits, eight)), byte);
    __m512i h1 =
        _mm512_or_si512(_mm512_or_si512(_mm512_slli_epi64(c1, 16), _mm512_slli_epi64(c2, 24)),
                        _mm512_or_si512(c3, _mm512_slli_epi64(len, 8)));
    h1 = _mm512_xor_si512(h1, _mm512_set1_epi64(static_cast<long long>(k.short_flip)));
    h1 = xor_shift(mul(xor_shift(mul(xor_shift(h1, 33), XXH_PRIME64_2), 29), XXH_PRIME64_3), 32);

    // 4-8 bytes: the first and the last four, rrmxmx.
    const __m512i first4 = _mm512_and_si512(w0, low32);
    const __m512i last4 =
        _mm512_and_si512(_mm512_srlv_epi64(w0, _mm512_sub_epi64(len_bits, bits32)), low32);
    __m512i h4 = _mm512_xor_si512(_mm512_add_epi64(last4, _mm512_slli_epi64(first4, 32)),
                                  _mm512_set1_epi64(static_cast<long long>(k.mid_flip)));
    h4 = _mm512_xor_si512(h4, _mm512_xor_si512(_mm512_rol_epi64(h4, 49), _mm512_rol_epi64(h4, 24)));
    h4 = mul(h4, 0x9FB21C651E98DF25ULL);
    h4 = _mm512_xor_si512(h4, _mm512_add_epi64(_mm512_srli_epi64(h4, 35), len));
    h4 = xor_shift(mul(h4, 0x9FB21C651E98DF25ULL), 28);

    // 9-16 bytes: the first and the last eight (shifted across the two words), XXH3's
    // 128-bit multiply fold and avalanche. A shift by 64 gives 0, as the formula needs at 16.
    const __m512i skip = _mm512_sub_epi64(len_bits, bits64);
    const __m512i lo = _mm512_xor_si512(w0, _mm512_set1_epi64(static_cast<long long>(k.lo_flip)));
    const __m512i hi =
        _mm512_xor_si512(_mm512_or_si512(_mm512_srlv_epi64(w0, skip),
                                         _mm512_sllv_epi64(w1, _mm512_sub_epi64(bits64, skip))),
                         _mm512_set1_epi64(static_cast<long long>(k.hi_flip)));
    __m512i h9 = _mm512_add_epi64(_mm512_add_epi64(len, _mm512_shuffle_epi8(lo, reverse_bytes)),
                                  _mm512_add_epi64(hi, mul128_fold64(lo, hi)));
    h9 = xor_shift(mul(xor_shift(h9, 37), 0x165667919E3779F9ULL), 32);

    const __mmask8 mid = _mm512_cmpge_epu64_mask(len, four);
    const __mmask8 long9 = _mm512_cmpgt_epu64_mask(len, eight);
    __m512i h = _mm512_mask_blend_epi64(long9, _mm512_mask_blend_epi64(mid, h1, h4), h9);
    _mm512_storeu_si512(out + i, h);
    // Empty tokens and tokens over 16 bytes (rare) take xxHash's own path.
    unsigned other =
        _mm512_cmpge_epu64_mask(_mm512_sub_epi64(len, _mm512_set1_epi64(1)), _mm512_set1_epi64(16));
    if (other != 0) {
      for (; other != 0; other &= other - 1) {
        const size_t j = i + static_cast<size_t>(__builtin_ctz(other));
        out[j] = hash_one(text, tokens[j], seed);
      }
      h = _mm512_loadu_si512(out + i);
    }

    // Facts: the numeric lanes' and the other capitalized lanes' folded hashes appended to
    // their lists in lane order (a compress and a full-width store into the slack), each
    // list's count stopping at its limit.
    const __m256i folded = _mm512_cvtepi64_epi32(_mm512_xor_si512(h, _mm512_srli_epi64(h, 32)));
    const __m256i flags =
        _mm512_castsi512_si256(_mm512_permutex2var_epi32(words0, flag_words, words1));
    const __mmask8 numeric = _mm256_test_epi32_mask(flags, _mm256_set1_epi32(0xff));
    const __mmask8 name = _mm256_test_epi32_mask(flags, _mm256_set1_epi32(0xff00)) & ~numeric;
    const auto n_numeric = static_cast<size_t>(__builtin_popcount(numeric));
    facts.numeric_tokens += n_numeric;
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(facts.numbers + facts.n_numbers),
                        _mm256_maskz_compress_epi32(numeric, folded));
    facts.n_numbers = std::min(facts.n_numbers + n_numeric, facts.max_numbers);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(facts.names + facts.n_names),
                        _mm256_maskz_compress_epi32(name, folded));
    facts.n_names =
        std::min(facts.n_names + static_cast<size_t>(__builtin_popcount(name)), facts.max_names);
  }
  return i;
}

// The AVX2 kernel: the same formulas on four lanes. AVX2 has no 64-bit multiply, so each
// 64 x 64-bit product is made of 32 x 32-bit ones, and no rotate or unsigned 64-bit compare
// (lengths are small enough for the signed one), and no compress: the facts are left-packed
// with a byte shuffle from a table.
NEWSDEDUP_AVX2_TARGET inline __m256i mul_lo(__m256i a, uint64_t k) {
  const __m256i k_lo = _mm256_set1_epi64x(static_cast<long long>(k & 0xffffffff));
  const __m256i k_hi = _mm256_set1_epi64x(static_cast<long long>(k >> 32));
  const __m256i cross =
      _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), k_lo), _mm256_mul_epu32(a, k_hi));
  return _mm256_add_epi64(_mm256_mul_epu32(a, k_lo), _mm256_slli_epi64(cross, 32));
}
NEWSDEDUP_AVX2_TARGET inline __m256i xor_shift(__m256i h, int s) {
  return _mm256_xor_si256(h, _mm256_srli_epi64(h, s));
}
NEWSDEDUP_AVX2_TARGET inline __m256i rol(__m256i h, int r) {
  return _mm256_or_si256(_mm256_slli_epi64(h, r), _mm256_srli_epi64(h, 64 - r));
}
NEWSDEDUP_AVX2_TARGET inline __m256i set1(uint64_t v) {
  return _mm256_set1_epi64x(static_cast<long long>(v));
}
// XXH3_mul128_fold64 of each lane, as mul128_fold64 above.
NEWSDEDUP_AVX2_TARGET inline __m256i mul128_fold64(__m256i a, __m256i b) {
  const __m256i low32 = set1(0xffffffff);
  const __m256i a_hi = _mm256_srli_epi64(a, 32), b_hi = _mm256_srli_epi64(b, 32);
  const __m256i p00 = _mm256_mul_epu32(a, b), p01 = _mm256_mul_epu32(a, b_hi);
  const __m256i p10 = _mm256_mul_epu32(a_hi, b), p11 = _mm256_mul_epu32(a_hi, b_hi);
  const __m256i mid = _mm256_add_epi64(
      _mm256_srli_epi64(p00, 32),
      _mm256_add_epi64(_mm256_and_si256(p01, low32), _mm256_and_si256(p10, low32)));
  const __m256i hi =
      _mm256_add_epi64(_mm256_add_epi64(p11, _mm256_srli_epi64(mid, 32)),
                       _mm256_add_epi64(_mm256_srli_epi64(p01, 32), _mm256_srli_epi64(p10, 32)));
  const __m256i lo = _mm256_or_si256(_mm256_slli_epi64(mid, 32), _mm256_and_si256(p00, low32));
  return _mm256_xor_si256(lo, hi);
}

// Left-packing shuffles for _mm_shuffle_epi8: entry m moves the 32-bit lanes whose bit is set in
// m (4 bits) to the front, in lane order (AVX2 has no compress).
constexpr std::array<std::array<uint8_t, 16>, 16> make_left_pack() {
  std::array<std::array<uint8_t, 16>, 16> t{};
  for (unsigned m = 0; m < 16; ++m) {
    unsigned to = 0;
    for (unsigned lane = 0; lane < 4; ++lane) {
      if ((m >> lane & 1) == 0) continue;
      for (unsigned b = 0; b < 4; ++b) t[m][to * 4 + b] = static_cast<uint8_t>(lane * 4 + b);
      ++to;
    }
    for (unsigned b = to * 4; b < 16; ++b) t[m][b] = 0x80;  // zero
  }
  return t;
}
alignas(16) constexpr auto kLeftPack = make_left_pack();

// Appends the lanes of `folded` set in `take` to a fact list at `count`, which stops at `limit`
// (the list has kFactSlack >= 4 slots past its limit for the full-width store).
NEWSDEDUP_AVX2_TARGET inline void append_lanes(__m128i folded, unsigned take, uint32_t* list,
                                               size_t& count, size_t limit) {
  const __m128i pack = _mm_load_si128(reinterpret_cast<const __m128i*>(kLeftPack[take].data()));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(list + count), _mm_shuffle_epi8(folded, pack));
  count = std::min(count + static_cast<size_t>(__builtin_popcount(take)), limit);
}

// Four tokens whose bytes lie in the 16 bytes from their offset, as avx512_blocks does eight.
// Returns how many tokens it hashed.
NEWSDEDUP_AVX2_TARGET size_t avx2_blocks(std::string_view text, const normalize::Token* tokens,
                                         size_t n, uint64_t seed, uint64_t* out,
                                         TokenFacts& facts) {
  const Keys k = keys_for(seed);
  const __m256i byte = set1(0xff), low32 = set1(0xffffffff);
  const __m256i eight = set1(8), bits32 = set1(32), bits64 = set1(64);
  const __m256i reverse_bytes = _mm256_broadcastsi128_si256(
      _mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8));
  const char* const base = text.data();
  // The counts in locals: kept in `facts`, every list store may alias them.
  size_t n_numbers = facts.n_numbers, n_names = facts.n_names, numeric_tokens = 0;
  size_t i = 0;
  for (; i + 4 <= n && tokens[i + 3].offset + size_t{16} <= text.size(); i += 4) {
    const normalize::Token* t = tokens + i;
    const __m256i len = _mm256_setr_epi64x(t[0].length, t[1].length, t[2].length, t[3].length);
    // Each token's 16 bytes as two 128-bit loads put together: faster than two gathers on Zen 3.
    const __m256i a = _mm256_inserti128_si256(
        _mm256_castsi128_si256(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + t[0].offset))),
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + t[1].offset)), 1);
    const __m256i b = _mm256_inserti128_si256(
        _mm256_castsi128_si256(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + t[2].offset))),
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + t[3].offset)), 1);
    // a = [t0.lo t0.hi | t1.lo t1.hi], b likewise for t2, t3: w0 = lows, w1 = highs, in token
    // order.
    const __m256i w0 = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(a, b), 0xd8);
    const __m256i w1 = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(a, b), 0xd8);
    const __m256i len_bits = _mm256_slli_epi64(len, 3);

    // 1-3 bytes.
    const __m256i c1 = _mm256_and_si256(w0, byte);
    const __m256i c2 = _mm256_and_si256(
        _mm256_srlv_epi64(w0, _mm256_slli_epi64(_mm256_srli_epi64(len, 1), 3)), byte);
    const __m256i c3 =
        _mm256_and_si256(_mm256_srlv_epi64(w0, _mm256_sub_epi64(len_bits, eight)), byte);
    __m256i h1 =
        _mm256_or_si256(_mm256_or_si256(_mm256_slli_epi64(c1, 16), _mm256_slli_epi64(c2, 24)),
                        _mm256_or_si256(c3, _mm256_slli_epi64(len, 8)));
    h1 = _mm256_xor_si256(h1, set1(k.short_flip));
    h1 = xor_shift(mul_lo(xor_shift(mul_lo(xor_shift(h1, 33), XXH_PRIME64_2), 29), XXH_PRIME64_3),
                   32);

    // 4-8 bytes.
    const __m256i first4 = _mm256_and_si256(w0, low32);
    const __m256i last4 =
        _mm256_and_si256(_mm256_srlv_epi64(w0, _mm256_sub_epi64(len_bits, bits32)), low32);
    __m256i h4 =
        _mm256_xor_si256(_mm256_add_epi64(last4, _mm256_slli_epi64(first4, 32)), set1(k.mid_flip));
    h4 = _mm256_xor_si256(h4, _mm256_xor_si256(rol(h4, 49), rol(h4, 24)));
    h4 = mul_lo(h4, 0x9FB21C651E98DF25ULL);
    h4 = _mm256_xor_si256(h4, _mm256_add_epi64(_mm256_srli_epi64(h4, 35), len));
    h4 = xor_shift(mul_lo(h4, 0x9FB21C651E98DF25ULL), 28);

    // 9-16 bytes (a shift by 64 gives 0 here too).
    const __m256i skip = _mm256_sub_epi64(len_bits, bits64);
    const __m256i lo = _mm256_xor_si256(w0, set1(k.lo_flip));
    const __m256i hi =
        _mm256_xor_si256(_mm256_or_si256(_mm256_srlv_epi64(w0, skip),
                                         _mm256_sllv_epi64(w1, _mm256_sub_epi64(bits64, skip))),
                         set1(k.hi_flip));
    __m256i h9 = _mm256_add_epi64(_mm256_add_epi64(len, _mm256_shuffle_epi8(lo, reverse_bytes)),
                                  _mm256_add_epi64(hi, mul128_fold64(lo, hi)));
    h9 = xor_shift(mul_lo(xor_shift(h9, 37), 0x165667919E3779F9ULL), 32);

    const __m256i mid = _mm256_cmpgt_epi64(len, set1(3));
    const __m256i long9 = _mm256_cmpgt_epi64(len, eight);
    __m256i h = _mm256_blendv_epi8(_mm256_blendv_epi8(h1, h4, mid), h9, long9);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), h);
    // Empty tokens and tokens over 16 bytes (rare) take xxHash's own path.
    const __m256i other = _mm256_or_si256(_mm256_cmpeq_epi64(len, _mm256_setzero_si256()),
                                          _mm256_cmpgt_epi64(len, set1(16)));
    auto lanes = static_cast<unsigned>(_mm256_movemask_pd(_mm256_castsi256_pd(other)));
    if (lanes != 0) {
      for (; lanes != 0; lanes &= lanes - 1) {
        const size_t j = i + static_cast<size_t>(__builtin_ctz(lanes));
        out[j] = hash_one(text, tokens[j], seed);
      }
      h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(out + i));
    }

    // Facts: the numeric lanes' and the other capitalized lanes' folded hashes appended to their
    // lists in lane order, each list's count stopping at its limit.
    const auto flag = [&](bool normalize::Token::*f) {
      return unsigned{t[0].*f} | unsigned{t[1].*f} << 1 | unsigned{t[2].*f} << 2 |
             unsigned{t[3].*f} << 3;
    };
    const unsigned numeric = flag(&normalize::Token::numeric);
    const unsigned name = flag(&normalize::Token::capitalized) & ~numeric;
    const __m128i folded = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(
        _mm256_xor_si256(h, _mm256_srli_epi64(h, 32)), _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0)));
    numeric_tokens += static_cast<size_t>(__builtin_popcount(numeric));
    append_lanes(folded, numeric, facts.numbers, n_numbers, facts.max_numbers);
    append_lanes(folded, name, facts.names, n_names, facts.max_names);
  }
  facts.n_numbers = n_numbers;
  facts.n_names = n_names;
  facts.numeric_tokens += numeric_tokens;
  return i;
}

#endif  // NEWSDEDUP_X86_KERNELS

}  // namespace

void hash_tokens_scalar(std::string_view text, const normalize::Token* tokens, size_t n,
                        uint64_t seed, uint64_t* out, TokenFacts& facts) {
  for (size_t i = 0; i < n; ++i) out[i] = hash_one(text, tokens[i], seed);
  collect_facts(tokens, out, n, facts);
}

#if NEWSDEDUP_X86_KERNELS
namespace {
// Where `enabled`: a vector kernel's blocks, then the scalar code over the tokens they left.
using Blocks = size_t (*)(std::string_view, const normalize::Token*, size_t, uint64_t, uint64_t*,
                          TokenFacts&);
bool blocks_then_scalar(bool enabled, Blocks blocks, std::string_view text,
                        const normalize::Token* tokens, size_t n, uint64_t seed, uint64_t* out,
                        TokenFacts& facts) {
  if (!enabled) return false;
  const size_t done = blocks(text, tokens, n, seed, out, facts);
  hash_tokens_scalar(text, tokens + done, n - done, seed, out + done, facts);
  return true;
}
}  // namespace

bool hash_tokens_avx512(std::string_view text, const normalize::Token* tokens, size_t n,
                        uint64_t seed, uint64_t* out, TokenFacts& facts) {
  return blocks_then_scalar(simd::avx512_enabled(), avx512_blocks, text, tokens, n, seed, out,
                            facts);
}

bool hash_tokens_avx2(std::string_view text, const normalize::Token* tokens, size_t n,
                      uint64_t seed, uint64_t* out, TokenFacts& facts) {
  return blocks_then_scalar(simd::avx2_enabled(), avx2_blocks, text, tokens, n, seed, out, facts);
}
#else
bool hash_tokens_avx512(std::string_view, const normalize::Token*, size_t, uint64_t, uint64_t*,
                        TokenFacts&) {
  return false;
}
bool hash_tokens_avx2(std::string_view, const normalize::Token*, size_t, uint64_t, uint64_t*,
                      TokenFacts&) {
  return false;
}
#endif

void hash_tokens(std::string_view text, const normalize::Token* tokens, size_t n, uint64_t seed,
                 uint64_t* out, TokenFacts& facts) {
  if (hash_tokens_avx512(text, tokens, n, seed, out, facts)) return;
  if (hash_tokens_avx2(text, tokens, n, seed, out, facts)) return;
  hash_tokens_scalar(text, tokens, n, seed, out, facts);
}

}  // namespace newsdedup::fingerprint::detail
