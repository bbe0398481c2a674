#include "simd/bytes_internal.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace newsdedup::simd {
namespace {

// The first of the looked-for bytes at every offset of a text longer than a few blocks, from
// every start: the 16-byte steps and the scalar tail give the byte loop's answer.
TEST(SimdBytesTest, FindAnyGivesTheFirstOfTheBytesFromAnyStart) {
  for (size_t at = 0; at < 70; ++at) {
    std::string s(70, 'x');
    s[at] = at % 2 ? '|' : '\xe2';
    if (at + 5 < s.size()) s[at + 5] = '>';
    for (size_t from = 0; from <= s.size(); ++from) {
      const size_t want = s.find_first_of("|>\xe2", from);
      ASSERT_EQ((find_any<'|', '>', '\xe2'>(s, from)), want == std::string::npos ? s.size() : want)
          << at << " " << from;
    }
  }
  EXPECT_EQ((find_any<'<'>(std::string_view(), 0)), 0u);
}

#if defined(__SSE2__)
// Counting past 255 blocks of all-matching bytes (where a byte lane would wrap), and leaving
// the tail to the caller.
TEST(SimdBytesTest, CountInBlocksSumsItsLanesBeforeTheyWrap) {
  const std::string all(16 * 600 + 7, 'a');
  auto match_a = [&](size_t at) {
    return _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(all.data() + at)),
                          _mm_set1_epi8('a'));
  };
  size_t i = 0;
  EXPECT_EQ(count_in_blocks(all.size(), i, match_a), 16u * 600);
  EXPECT_EQ(i, 16u * 600);  // the 7 tail bytes are the caller's

  std::mt19937 rng(3);
  std::string text(16 * 300, ' ');
  size_t want = 0;
  for (char& c : text) {
    c = rng() % 3 == 0 ? 'a' : 'b';
    want += c == 'a';
  }
  i = 0;
  EXPECT_EQ(
      count_in_blocks(text.size(), i,
                      [&](size_t at) {
                        return _mm_cmpeq_epi8(
                            _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at)),
                            _mm_set1_epi8('a'));
                      }),
      want);
}
#endif

}  // namespace
}  // namespace newsdedup::simd
