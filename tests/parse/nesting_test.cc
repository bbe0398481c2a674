#include "parse/nesting.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace newsdedup::parse {
namespace {

TEST(NestingTest, CountsBracketsOutsideStringsOnly) {
  EXPECT_EQ(max_nesting(R"({"a": [1, {"b": [[]]}]})", 128), 5);
  EXPECT_EQ(max_nesting(R"({"a": "[[[{{{", "b": ["x\"[[["]})", 128), 2);
  EXPECT_EQ(max_nesting(R"({"a": "\\", "b": [[1]]})", 128), 3);  // the string ends after "\\"
  EXPECT_EQ(max_nesting("", 128), 0);
}

TEST(NestingTest, StopsOnceTheLimitIsPassed) {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(max_nesting(deep, 128), 100);
  EXPECT_EQ(max_nesting(deep, 64), 65);
  const std::string deeper = "{\"a\":" + std::string(300, '[') + "1" + std::string(300, ']') + "}";
  EXPECT_EQ(max_nesting(deeper, 128), 129);
}

// Escapes and strings that cross 64-byte blocks: a backslash as a block's last byte escapes the
// next block's first, and a string open at a block's end goes on in the next.
TEST(NestingTest, EscapesAndStringsAcrossBlockEdges) {
  for (size_t pad = 0; pad < 70; ++pad) {
    // {"k": "xx...\"[[[[[[", "n": [[1]]}: the brackets after the escaped quote are text.
    const std::string s = "{\"k\": \"" + std::string(pad, 'x') + "\\\"[[[[[[\", \"n\": [[1]]}";
    ASSERT_EQ(max_nesting(s, 128), 3) << pad;
    ASSERT_EQ(max_nesting(s, 128), max_nesting_bytewise(s, 128)) << pad;
  }
}

// Random texts over the bytes that matter (valid JSON or not, with backslashes outside strings
// too): the 64-byte masks must give the byte scan's answer, limit reached or not.
TEST(NestingTest, AgreesWithTheByteScanOnRandomTexts) {
  std::mt19937_64 rng(42);
  const std::string alphabet = "\"\\[]{}a ,:";
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 300, ' ');
    // Mostly plain bytes with a few specials, or specials throughout.
    const bool dense = round % 2 == 0;
    for (char& c : s) {
      c = dense || rng() % 8 == 0 ? alphabet[rng() % alphabet.size()] : 'a';
    }
    const int limit = static_cast<int>(rng() % 12);
    ASSERT_EQ(max_nesting(s, limit), max_nesting_bytewise(s, limit)) << "text: " << s;
  }
}

// The prefilter copies the text and counts every [ and { in it (strings included) exactly:
// beside a plain count on texts from a few bytes to past 255 16-byte steps (where the byte
// lanes are summed), never below the limit where max_nesting finds the limit passed.
TEST(NestingTest, OpeningBracketCountMatchesAPlainCountAndTheCopyTheText) {
  std::mt19937_64 rng(7);
  const std::string alphabet = "[]{}\"a{[";
  for (int round = 0; round < 400; ++round) {
    const size_t n = round < 300 ? rng() % 200 : 4000 + rng() % 6000;
    std::string s(n, 'a');
    const unsigned density = 1 + static_cast<unsigned>(rng() % 8);
    for (char& c : s) {
      if (rng() % density == 0) c = alphabet[rng() % alphabet.size()];
    }
    const auto opens = static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return c == '[' || c == '{'; }));
    std::string copy(n + 1, '#');
    ASSERT_EQ(copy_counting_open_brackets(s, copy.data()), opens) << n;
    ASSERT_EQ(copy.substr(0, n), s) << n;
    ASSERT_EQ(copy[n], '#') << "nothing written past the text";
    for (int limit : {0, static_cast<int>(opens / 2), static_cast<int>(opens)}) {
      if (max_nesting(s, limit) > limit) {
        ASSERT_GT(opens, static_cast<size_t>(limit));
      }
    }
  }
  // Every byte an opening bracket, 255 steps and more: the lanes would wrap at 256.
  const std::string all(16 * 300 + 5, '{');
  std::string copy(all.size(), ' ');
  EXPECT_EQ(copy_counting_open_brackets(all, copy.data()), all.size());
  EXPECT_EQ(copy, all);
}

}  // namespace
}  // namespace newsdedup::parse
