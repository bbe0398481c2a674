// Private to the daemon's modules: byte scans 16 bytes per SSE2 step (part of x86-64), for the
// stages that look for or count a few byte values in text: the parser's bracket count, the
// index's signature compare, the normalizer's markup and breadcrumb searches. Other targets
// take the scalar loops. Header-only; each function says what its caller must still do.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newsdedup::simd {

#if defined(__SSE2__)
// Counts the bytes that `match` marks in the 16-byte blocks at i, i + 16, ... while
// i + 16 <= n: match(i) returns 0xFF in the lanes to count, 0 elsewhere. A byte lane holds at
// most 255, so the lanes are summed (psadbw) at least every 255 blocks. Leaves `i` at the
// first byte not looked at: the caller counts the rest (under 16 bytes).
template <class Match>
size_t count_in_blocks(size_t n, size_t& i, Match&& match) {
  size_t count = 0;
  while (i + 16 <= n) {
    const size_t stop = i + 16 * std::min<size_t>(255, (n - i) / 16);
    __m128i lanes = _mm_setzero_si128();
    for (; i < stop; i += 16) lanes = _mm_sub_epi8(lanes, match(i));  // 0xFF is -1
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    count += static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
  return count;
}
#endif

// The index of the first byte of s[from, s.size()) that is one of `Bytes`, or s.size().
template <char... Bytes>
size_t find_any(std::string_view s, size_t from) {
  size_t i = from;
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit = _mm_setzero_si128();
    ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(Bytes)))), ...);
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < s.size(); ++i) {
    if (((s[i] == Bytes) || ...)) return i;
  }
  return s.size();
}

}  // namespace newsdedup::simd
