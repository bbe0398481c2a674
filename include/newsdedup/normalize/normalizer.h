// normalize: turns an article body (text that may hold HTML) into the canonical token stream
// that fingerprints are computed from: HTML and entities removed, datelines, bylines and site
// chrome dropped, Unicode NFKC + case folding, quotes/dashes unified, punctuation dropped.
// A Normalizer is immutable after construction and safe to share across threads; the output
// buffer belongs to the caller.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"

namespace newsdedup::normalize {

// One normalized token: a view into NormalizedText::text.
struct Token {
  uint32_t offset = 0;
  uint32_t length = 0;
  bool numeric = false;      // digits, possibly with inner . , / (a "fact")
  bool capitalized = false;  // started with an uppercase letter in the source (a name candidate)
};

namespace detail {
// A chrome phrase as the normalizer looks for it: its first (up to) four bytes as one word. At
// a position where several phrases start with the same byte ("read more", "related:",
// "reproduction ...") one integer compare each turns nearly all of them away.
struct ChromeHead {
  uint32_t phrase;  // index into NormalizeConfig::chrome_phrases
  uint32_t bytes;   // its first min(4, size) bytes, little-endian, the rest 0
  uint32_t mask;    // 0xff per byte in `bytes`
};
}  // namespace detail

struct NormalizedText {
  std::string text;  // tokens joined by single spaces, lowercase
  std::vector<Token> tokens;
  // Facts of the removed dateline that still tell stories apart: the place's first word
  // ("los" of "LOS ANGELES, March 5 -"), the day and the month. Reposts often drop the date, so
  // they only count when both sides have them.
  std::string place;
  uint32_t day = 0;    // 1-31, 0 when absent
  uint32_t month = 0;  // 1-12, 0 when absent
  void clear() {
    text.clear();
    tokens.clear();
    place.clear();
    day = 0;
    month = 0;
  }
  std::string_view token(size_t i) const {
    return {text.data() + tokens[i].offset, tokens[i].length};
  }
};

class Normalizer {
 public:
  explicit Normalizer(config::NormalizeConfig config);

  // Normalizes `body` into `out` (reusing its buffers). Never fails: the input was validated
  // as UTF-8 by the parser; anything unexpected is treated as text.
  void normalize(std::string_view body, NormalizedText& out) const;

  const config::NormalizeConfig& config() const { return config_; }

 private:
  config::NormalizeConfig config_;
  // config_.chrome_phrases by their first byte, so a line is searched for all phrases in one
  // pass instead of one find() per phrase.
  std::vector<std::vector<detail::ChromeHead>> chrome_by_first_byte_;
  // Bit (b0 << 8 | b1) is set when a phrase starts with the bytes b0 b1 (a one-byte phrase b0
  // sets every b1): most positions of a line start no phrase, and two bytes tell.
  std::vector<uint64_t> chrome_first_pairs_;
  bool empty_chrome_phrase_ = false;  // "" occurs in every line
};

}  // namespace newsdedup::normalize
