// A record is mostly one long string (the body), so the depth scan is mostly string skipping.
// The byte scan restarted a 16-byte search after every escape (a body holds one every ~50-100
// bytes: \n, \", \u) and cost ~0.9 us of a 4 KB record's ~3 us parse. Here each 64-byte block
// becomes bit masks; escapes, the in-string mask and the brackets outside strings come from
// bit operations, and only a block that may set a new maximum is stepped through bracket by
// bracket.
#include "parse/nesting.h"

#include <cstdint>
#include <cstring>

#include "simd/bytes_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newsdedup::parse {
namespace {

#if defined(__SSE2__)
// One 64-byte block as four vectors; mask(f) is bit k for byte k where f's lane compare holds.
struct Block {
  __m128i v[4];
  explicit Block(const char* p) {
    for (unsigned k = 0; k < 4; ++k) {
      v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    }
  }
  template <class F>
  uint64_t mask(F&& f) const {
    uint64_t m = 0;
    for (unsigned k = 0; k < 4; ++k) {
      m |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(f(v[k])))) << (16 * k);
    }
    return m;
  }
  uint64_t bytes(char c) const {
    return mask([c](__m128i x) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); });
  }
  // '[' / '{' and ']' / '}' differ only in bit 0x20.
  uint64_t folded(char c) const {
    return mask([c](__m128i x) {
      return _mm_cmpeq_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(c));
    });
  }
};

// Bit k of the result: the XOR of bits 0..k of x (1 from an opening quote up to, not
// including, its closing quote).
uint64_t prefix_xor(uint64_t x) {
  for (unsigned shift = 1; shift < 64; shift *= 2) x ^= x << shift;
  return x;
}

// Set bits, inline (__builtin_popcountll is a library call without -mpopcnt).
int popcount64(uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555ull;
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}
#endif

}  // namespace

size_t copy_counting_open_brackets(std::string_view s, char* out) {
  size_t count = 0, i = 0;
#if defined(__SSE2__)
  const __m128i fold = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{');
  count = simd::count_in_blocks(s.size(), i, [&](size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + at), v);
    return _mm_cmpeq_epi8(_mm_or_si128(v, fold), open);
  });
#endif
  for (; i < s.size(); ++i) {
    out[i] = s[i];
    count += (s[i] | 0x20) == '{';  // '[' is '{' without bit 0x20
  }
  return count;
}

int max_nesting_bytewise(std::string_view s, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped byte, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

int max_nesting(std::string_view s, int limit) {
#if defined(__SSE2__)
  int depth = 0, deepest = 0;
  bool in_string = false;     // the previous block ended inside a string
  bool escape_first = false;  // its last byte was a backslash that escapes this block's first
  for (size_t at = 0; at < s.size(); at += 64) {
    char tail[64];
    const char* p = s.data() + at;
    if (s.size() - at < 64) {  // the last, short block: zeros are none of the bytes looked for
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, p, s.size() - at);
      p = tail;
    }
    const Block block(p);
    const uint64_t backslash = block.bytes('\\');
    // A backslash not itself escaped escapes the byte after it. Usually no backslash follows
    // another (a text's own backslash, \\ in JSON, is rare): then each escapes the next byte.
    uint64_t escaped = escape_first ? 1 : 0, escapers = 0;
    if ((backslash & (backslash << 1 | escaped)) == 0) {
      escapers = backslash;
      escaped |= backslash << 1;
    } else {
      for (uint64_t b = backslash & ~escaped; b != 0;) {  // in order, as the byte scan goes
        const auto k = static_cast<unsigned>(__builtin_ctzll(b));
        const uint64_t next = k == 63 ? 0 : uint64_t{1} << (k + 1);
        escapers |= uint64_t{1} << k;
        escaped |= next;
        b &= ~(uint64_t{1} << k) & ~next;
      }
    }
    escape_first = (escapers >> 63) != 0;
    const uint64_t quotes = block.bytes('"') & ~escaped;
    const uint64_t carried = in_string ? ~uint64_t{0} : 0;
    const uint64_t inside = quotes == 0 ? carried : prefix_xor(quotes) ^ carried;
    in_string = (inside >> 63) != 0;
    // A backslash outside strings escapes nothing in the byte scan: not JSON, let it decide.
    if ((escapers & ~inside) != 0) return max_nesting_bytewise(s, limit);
    if (inside == ~uint64_t{0}) continue;  // all string text (most of a body)
    const uint64_t open = block.folded('{') & ~inside, close = block.folded('}') & ~inside;
    const int opens = popcount64(open);
    if (depth + opens <= deepest) {  // no new maximum possible in this block
      depth += opens - popcount64(close);
      continue;
    }
    for (uint64_t x = open | close; x != 0; x &= x - 1) {
      if ((open >> __builtin_ctzll(x)) & 1) {
        if (++depth > deepest && (deepest = depth) > limit) return deepest;
      } else {
        --depth;
      }
    }
  }
  return deepest;
#else
  return max_nesting_bytewise(s, limit);
#endif
}

}  // namespace newsdedup::parse
