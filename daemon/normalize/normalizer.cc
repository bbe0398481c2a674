// Normalization: markup -> lines -> boilerplate peeled from the edges -> dateline/byline
// dropped -> tokens (NFKC, case folded, accents stripped). Boilerplate rules look at the *shape*
// of a line (short, a chrome phrase, a counter, a breadcrumb), so they hold on sites never seen.
#include "newsdedup/normalize/normalizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "normalize/html.h"
#include "simd/bytes_internal.h"
#include "simd/cpu_internal.h"

namespace newsdedup::normalize {
namespace {

// Byte classes, one table lookup instead of a chain of compares on the per-byte paths.
enum : uint8_t {
  kAlnum = 1,   // ASCII letter or digit
  kDigit = 2,   // ASCII digit
  kUpper = 4,   // ASCII uppercase letter
  kSpace = 8,   // word separator of for_each_word: space, \t, \r, \f, \v (not \n)
  kNumSep = 16  // may stand inside a number: . , /
};

constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = kAlnum | kDigit;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kAlnum;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kAlnum | kUpper;
  for (const char c : {' ', '\t', '\r', '\f', '\v'}) t[static_cast<unsigned char>(c)] = kSpace;
  for (const char c : {'.', ',', '/'}) t[static_cast<unsigned char>(c)] = kNumSep;
  return t;
}
constexpr std::array<uint8_t, 256> kClass = make_classes();

// ASCII lowercase of every byte (other bytes map to themselves).
constexpr std::array<char, 256> make_lower() {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  }
  return t;
}
constexpr std::array<char, 256> kLower = make_lower();

inline uint8_t cls(char c) { return kClass[static_cast<unsigned char>(c)]; }
bool is_space(char c) { return (cls(c) & kSpace) != 0; }
bool is_ascii_alnum(unsigned char c) { return (kClass[c] & kAlnum) != 0; }
bool is_ascii_digit(unsigned char c) { return (kClass[c] & kDigit) != 0; }
bool is_ascii_upper(unsigned char c) { return (kClass[c] & kUpper) != 0; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Decodes one UTF-8 code point at s[i]; advances i. Input is valid UTF-8 (checked by parse),
// but a stray byte still decodes to itself rather than reading out of bounds.
int32_t decode(std::string_view s, size_t& i) {
  utf8proc_int32_t cp = 0;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                  static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0) {
    ++i;
    return static_cast<unsigned char>(s[i - 1]);
  }
  i += static_cast<size_t>(n);
  return cp;
}

bool is_word_cp(int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_upper_cp(int32_t cp) {
  const auto c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool is_dash_word(std::string_view w) {
  return w == "-" || w == "--" || w == "\u2013" || w == "\u2014" || w == "\u2015" || w == "\u2012";
}

// Splits on ASCII whitespace.
template <class F>
void for_each_word(std::string_view line, F&& f) {
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    const size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    if (i > start && !f(line.substr(start, i - start))) return;
  }
}

// Bits set in a 16-bit mask, inline (__builtin_popcount is a libgcc call without -mpopcnt).
inline size_t popcount16(unsigned x) {
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0f0fu;
  return (x + (x >> 8)) & 0x1fu;
}

#if NEWSDEDUP_X86_KERNELS
// The 64 bytes of p[at, n) from `at` on as one vector, those at and past n read as 0 (a masked
// load: nothing past the end is touched), and the mask of the bytes that are there.
struct Block {
  __m512i v;
  __mmask64 valid;
};
NEWSDEDUP_AVX512_TARGET inline Block load_block(const char* p, size_t n, size_t at) {
  const __mmask64 valid = at + 64 <= n ? ~__mmask64{0}
                          : at < n     ? (__mmask64{1} << (n - at)) - 1
                                       : 0;
  return {_mm512_maskz_loadu_epi8(valid, p + at), valid};
}
// The lanes of v whose byte is in [lo, hi]: one unsigned compare of v - lo (as SSE2's
// bytes_in below).
NEWSDEDUP_AVX512_TARGET inline __mmask64 bytes_in(__m512i v, char lo, char hi) {
  return _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(lo)),
                                _mm512_set1_epi8(static_cast<char>(hi - lo + 1)));
}

// word_count 64 bytes per step; the bytes past the line's end count as separators.
NEWSDEDUP_AVX512_TARGET size_t word_count_avx512(std::string_view line, size_t limit) {
  size_t n = 0;
  uint64_t prev_space = 1;  // the byte before the line counts as a separator
  for (size_t i = 0; i < line.size(); i += 64) {
    const Block b = load_block(line.data(), line.size(), i);
    // ' ', or \t \v \f \r: 0x09-0x0D without \n.
    const uint64_t space =
        _mm512_cmpeq_epi8_mask(b.v, _mm512_set1_epi8(' ')) |
        (bytes_in(b.v, '\t', '\r') & ~_mm512_cmpeq_epi8_mask(b.v, _mm512_set1_epi8('\n'))) |
        ~b.valid;
    n += static_cast<size_t>(__builtin_popcountll(~space & ((space << 1) | prev_space)));
    if (n > limit) return limit + 1;
    prev_space = space >> 63;
  }
  return n;
}

// The AVX2 kernels, 32 bytes per step, for CPUs without AVX-512. p[at, at + 32) as one vector,
// the bytes at and past n read as 0 (a tail is copied: nothing past the end is touched).
NEWSDEDUP_AVX2_TARGET inline __m256i load32(const char* p, size_t n, size_t at) {
  if (at + 32 <= n) return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + at));
  alignas(32) char tail[32] = {};
  if (at < n) std::memcpy(tail, p + at, n - at);
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(tail));
}
// As SSE2's bytes_in below.
NEWSDEDUP_AVX2_TARGET inline __m256i bytes_in(__m256i v, char lo, char hi) {
  const __m256i from_lo = _mm256_add_epi8(v, _mm256_set1_epi8(static_cast<char>(0x80 - lo)));
  return _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(-128 + (hi - lo + 1))), from_lo);
}
NEWSDEDUP_AVX2_TARGET inline uint32_t bits(__m256i v) {
  return static_cast<uint32_t>(_mm256_movemask_epi8(v));
}

// word_count 32 bytes per step, as word_count_avx512.
NEWSDEDUP_AVX2_TARGET size_t word_count_avx2(std::string_view line, size_t limit) {
  size_t n = 0;
  uint32_t prev_space = 1;
  for (size_t i = 0; i < line.size(); i += 32) {
    const __m256i v = load32(line.data(), line.size(), i);
    const uint32_t past = i + 32 <= line.size() ? 0 : ~uint32_t{0} << (line.size() - i);
    const uint32_t space =
        bits(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(' ')),
                             _mm256_andnot_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')),
                                                 bytes_in(v, '\t', '\r')))) |
        past;
    n += static_cast<size_t>(__builtin_popcount(~space & ((space << 1) | prev_space)));
    if (n > limit) return limit + 1;
    prev_space = space >> 31;
  }
  return n;
}
#endif

// Number of words of `line` (as for_each_word splits it), counting no further than limit + 1.
// It runs on every body line (the chrome check), so it counts word starts 16 bytes per step
// (32 with AVX2, 64 with AVX-512).
size_t word_count(std::string_view line, size_t limit) {
#if NEWSDEDUP_X86_KERNELS
  if (simd::avx512_enabled()) return word_count_avx512(line, limit);
  if (simd::avx2_enabled()) return word_count_avx2(line, limit);
#endif
  size_t n = 0, i = 0;
#if defined(__SSE2__)
  unsigned prev_space = 1;  // the byte before the line counts as a separator
  const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), cr = _mm_set1_epi8('\r'),
                ff = _mm_set1_epi8('\f'), vt = _mm_set1_epi8('\v');
  for (; i + 16 <= line.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + i));
    const __m128i space =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, tab)),
                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, ff)),
                                  _mm_cmpeq_epi8(v, vt)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(space));
    const unsigned starts = ~mask & ((mask << 1) | prev_space) & 0xffffu;
    n += popcount16(starts);
    if (n > limit) return limit + 1;
    prev_space = mask >> 15;
  }
  if (i > 0 && !prev_space) {  // a word runs across the block edge: skip its tail
    while (i < line.size() && !is_space(line[i])) ++i;
  }
#endif
  for_each_word(line.substr(i), [&](std::string_view) { return ++n <= limit; });
  return std::min(n, limit + 1);
}

#if defined(__SSE2__)
// 0xFF in the lanes of v whose byte is in [lo, hi], both ASCII: v - lo, as an unsigned byte,
// below hi - lo + 1, in one add and one signed compare (the add also flips the top bit, which
// turns the unsigned order into SSE2's signed one). Bytes >= 0x80 are never in: for them
// v - lo is at least 0x80 - lo > hi - lo.
inline __m128i bytes_in(__m128i v, char lo, char hi) {
  const __m128i from_lo = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
  return _mm_cmplt_epi8(from_lo, _mm_set1_epi8(static_cast<char>(-128 + (hi - lo + 1))));
}
// v with the bytes of the `upper` lanes (its A-Z) lowercased.
inline __m128i lowered(__m128i v, __m128i upper) {
  return _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
}
#endif

// Lowercases A-Z, 16 bytes per step: the chrome checks lowercase most edge lines whole.
void ascii_lower(std::string_view in, std::string& out) {
  out.resize(in.size());
  char* dst = out.data();
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= in.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in.data() + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), lowered(v, bytes_in(v, 'A', 'Z')));
  }
#endif
  for (; i < in.size(); ++i) dst[i] = kLower[static_cast<unsigned char>(in[i])];
}

bool contains_word(std::string_view hay, std::string_view word) {
  size_t pos = 0;
  while ((pos = hay.find(word, pos)) != std::string_view::npos) {
    const bool left = pos == 0 || !is_ascii_alnum(static_cast<unsigned char>(hay[pos - 1]));
    const size_t end = pos + word.size();
    const bool right = end == hay.size() || !is_ascii_alnum(static_cast<unsigned char>(hay[end]));
    if (left && right) return true;
    pos = end;
  }
  return false;
}

// "Home > World > Europe", "News | Business | Markets"
bool is_breadcrumb(std::string_view line) {
  // Every separator holds one of these bytes ('>', '|', '/', or the lead byte of the UTF-8
  // guillemets); most lines have none. Looked for 16 bytes per step: a byte loop over every
  // short line was ~1% of the offline run on the dev stream.
  if (simd::find_any<'>', '|', '/', '\xc2', '\xe2'>(line, 0) == line.size()) return false;
  int seps = 0;
  for (std::string_view sep : {" > ", " \u00bb ", " \u203a ", " | ", " / "}) {
    size_t pos = 0;
    while ((pos = line.find(sep, pos)) != std::string_view::npos) {
      ++seps;
      pos += sep.size();
    }
  }
  return seps >= 2;
}

// A word that may stand in a dateline: "LOS", "ANGELES,", "March", "5", "(Reuters)", "Calif.,".
bool is_dateline_word(std::string_view w) {
  while (!w.empty() && (w.front() == '(' || w.front() == '[')) w.remove_prefix(1);
  while (!w.empty() && (w.back() == ',' || w.back() == '.' || w.back() == ')' || w.back() == ']' ||
                        w.back() == '/')) {
    w.remove_suffix(1);
  }
  if (w.empty()) return true;
  const auto c = static_cast<unsigned char>(w.front());
  if (is_ascii_digit(c)) {
    return std::all_of(w.begin(), w.end(),
                       [](char d) { return is_ascii_digit(static_cast<unsigned char>(d)); });
  }
  if (is_ascii_upper(c)) return true;
  if (c >= 0x80) {
    size_t i = 0;
    return is_upper_cp(decode(w, i));
  }
  return false;
}

// Canonical month number (1-12) of an English month name or abbreviation, 0 otherwise.
int month_number(std::string_view w) {
  using namespace std::string_view_literals;
  static constexpr std::array<std::string_view, 12> kShort = {"jan"sv, "feb"sv, "mar"sv, "apr"sv,
                                                              "may"sv, "jun"sv, "jul"sv, "aug"sv,
                                                              "sep"sv, "oct"sv, "nov"sv, "dec"sv};
  static constexpr std::array<std::string_view, 12> kFull = {
      "january"sv, "february"sv, "march"sv,     "april"sv,   "may"sv,      "june"sv,
      "july"sv,    "august"sv,   "september"sv, "october"sv, "november"sv, "december"sv};
  if (w.size() < 3 || w.size() > 9 || !is_ascii_alnum(static_cast<unsigned char>(w[0]))) return 0;
  char buf[9];
  for (size_t i = 0; i < w.size(); ++i) buf[i] = static_cast<char>(w[i] | 0x20);
  const std::string_view l(buf, w.size());
  for (int m = 0; m < 12; ++m) {
    if (l[0] != kShort[m][0]) continue;
    if (l == kShort[m] || l == kFull[m] || (m == 8 && l == "sept"sv)) return m + 1;
  }
  return 0;
}

// Every lowercase ASCII word that names a figure: a spelled-out number or an English month name
// or abbreviation. Spelled-out numbers count as figures: "seven ships" and "three ships" are
// different facts.
constexpr std::string_view kFigureWords[] = {
    "two",      "three",    "four",    "five",     "six",       "seven",   "eight",    "nine",
    "ten",      "eleven",   "twelve",  "thirteen", "fourteen",  "fifteen", "sixteen",  "seventeen",
    "eighteen", "nineteen", "twenty",  "thirty",   "forty",     "fifty",   "sixty",    "seventy",
    "eighty",   "ninety",   "hundred", "jan",      "january",   "feb",     "february", "mar",
    "march",    "apr",      "april",   "may",      "jun",       "june",    "jul",      "july",
    "aug",      "august",   "sep",     "sept",     "september", "oct",     "october",  "nov",
    "november", "dec",      "december"};

// Figure words are found through a 4,096-entry table keyed by a hash of (first, second and last
// byte, length) that holds the one figure word with that key (the last byte tells "twelve"
// from "twenty", "june" from "july"): a token costs one load and, when its key is a figure
// word's ("there" has "three"'s), one compare. It runs on every word of every article. The key
// is computed without a branch on the length: words of 1-2 and of 10+ letters come in no order
// among the others, so a range test on the length is a branch the predictor often loses.
constexpr uint32_t figure_key(unsigned char a, unsigned char b, unsigned char z, size_t len) {
  const uint32_t n = static_cast<uint32_t>(len < 15 ? len : 15);
  return ((uint32_t{a} | uint32_t{b} << 8 | uint32_t{z} << 16 | n << 24) * 0x9E3779B1u) >> 20;
}
constexpr uint32_t figure_key(std::string_view w) {
  return figure_key(static_cast<unsigned char>(w[0]), static_cast<unsigned char>(w[1]),
                    static_cast<unsigned char>(w.back()), w.size());
}
// Index + 1 in kFigureWords of the word with each key, 0 for none.
constexpr std::array<uint8_t, 4096> make_figure_slots() {
  std::array<uint8_t, 4096> slots{};
  for (size_t i = 0; i < std::size(kFigureWords); ++i) {
    slots[figure_key(kFigureWords[i])] = static_cast<uint8_t>(i + 1);
  }
  return slots;
}
constexpr auto kFigureSlots = make_figure_slots();
constexpr bool every_figure_word_has_its_own_key() {
  for (size_t i = 0; i < std::size(kFigureWords); ++i) {
    if (kFigureSlots[figure_key(kFigureWords[i])] != i + 1) return false;
  }
  return true;
}
static_assert(every_figure_word_has_its_own_key(), "two figure words share a key: change the mix");

// Whether the lowercase ASCII token l[0, n) (n >= 1) is a figure word. Reads l[1] even when n
// is 1.
inline bool is_figure_token(const char* l, size_t n) {
  const uint8_t slot =
      kFigureSlots[figure_key(static_cast<unsigned char>(l[0]), static_cast<unsigned char>(l[1]),
                              static_cast<unsigned char>(l[n - 1]), n)];
  return slot != 0 && std::string_view(l, n) == kFigureWords[slot - 1];
}

// The same for any lowercase ASCII word.
bool is_figure_word(std::string_view l) {
  return l.size() >= 3 && l.size() <= 9 && is_figure_token(l.data(), l.size());
}

// Appends `word` case folded, NFKC composed and without accents: the one spelling that every
// encoding of the word maps to ("Montre\u0301al", "Montr\u00e9al" and "MONTR\u00c9AL" all give
// "montreal").
void append_folded(std::string& out, std::string_view word, bool ascii) {
  const size_t start = out.size();
  if (ascii) {
    out.resize(start + word.size());
    char* dst = out.data() + start;
    for (const char ch : word)
      *dst++ = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch | 0x20) : ch;
    return;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
      static_cast<utf8proc_ssize_t>(word.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK));
  if (n > 0) {
    // Compatibility forms can expand into several words or punctuation ("\uFDFA" is four
    // Arabic words, "\u2474" is "(1)"); the word stays one token, without the ASCII spaces and
    // punctuation, which tokens never hold (found by tests/fuzz/normalize_fuzz.cc).
    for (utf8proc_ssize_t i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(mapped[i]);
      if (c >= 0x80 || is_ascii_alnum(c)) out.push_back(static_cast<char>(c));
    }
  } else {
    out.append(word);
  }
  std::free(mapped);
}

// The folding of a non-ASCII word, remembered per thread: utf8proc_map costs a few thousand
// instructions and a malloc per word, and accented names and places recur from article to
// article. The cache is exact (a slot holds the whole word), so output never depends on it.
const std::string& fold_cached(std::string_view word) {
  constexpr size_t kSlots = 2048;        // power of two
  constexpr size_t kMaxCachedWord = 48;  // longer words are folded every time
  struct Slot {
    std::string word, folded;
  };
  thread_local std::vector<Slot> slots;
  thread_local std::string scratch;
  if (word.size() > kMaxCachedWord) {
    scratch.clear();
    append_folded(scratch, word, false);
    return scratch;
  }
  if (slots.empty()) slots.resize(kSlots);
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
  for (const char c : word) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  Slot& slot = slots[(h ^ (h >> 29)) & (kSlots - 1)];
  if (slot.word != word) {
    slot.word.assign(word);
    slot.folded.clear();
    append_folded(slot.folded, word, false);
  }
  return slot.folded;
}

// Records the facts of a dateline prefix: the place's first word, the day and the month;
// agency credits in parentheses are not facts.
void dateline_facts(std::string_view prefix, NormalizedText& out) {
  for_each_word(prefix, [&](std::string_view w) {
    if (!w.empty() && (w.front() == '(' || w.front() == '[')) return true;
    for (bool trimmed = true; trimmed && !w.empty();) {
      trimmed = false;
      for (std::string_view dash : {"\u2014", "\u2013", "\u2015", "\u2012"}) {
        if (w.size() >= dash.size() && w.substr(w.size() - dash.size()) == dash) {
          w.remove_suffix(dash.size());  // "WASHINGTON\u2014": the place is "washington"
          trimmed = true;
        }
      }
      while (!w.empty() && static_cast<unsigned char>(w.back()) < 0x80 &&
             !is_ascii_alnum(static_cast<unsigned char>(w.back()))) {
        w.remove_suffix(1);
        trimmed = true;
      }
    }
    if (w.empty() || is_dash_word(w)) return true;
    if (const int m = month_number(w)) {
      out.month = static_cast<uint32_t>(m);
    } else if (is_ascii_digit(static_cast<unsigned char>(w.front()))) {
      const int day = w.size() <= 2 ? std::atoi(std::string(w).c_str()) : 0;
      if (out.day == 0 && day >= 1 && day <= 31) out.day = static_cast<uint32_t>(day);
    } else if (out.place.empty()) {
      const bool ascii = std::all_of(w.begin(), w.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      append_folded(out.place, w, ascii);
    }
    return true;
  });
}

// The first min(4, size) bytes of `s` as a little-endian word, the rest 0 (ChromeHead::bytes).
uint32_t first_bytes(std::string_view s) {
  uint32_t word = 0;
  for (size_t k = 0; k < std::min<size_t>(4, s.size()); ++k) {
    word |= uint32_t{static_cast<unsigned char>(s[k])} << (8 * k);
  }
  return word;
}

}  // namespace

Normalizer::Normalizer(config::NormalizeConfig config) : config_(std::move(config)) {
  for (auto* list : {&config_.chrome_phrases, &config_.counter_words, &config_.signoffs}) {
    for (auto& s : *list) ascii_lower(std::string(s), s);
  }
  chrome_by_first_byte_.resize(256);
  chrome_first_pairs_.assign(65536 / 64, 0);
  for (size_t i = 0; i < config_.chrome_phrases.size(); ++i) {
    const std::string& p = config_.chrome_phrases[i];
    if (p.empty()) {
      empty_chrome_phrase_ = true;
      continue;
    }
    const auto b0 = static_cast<unsigned char>(p[0]);
    const size_t n = std::min<size_t>(4, p.size());
    chrome_by_first_byte_[b0].push_back(
        detail::ChromeHead{static_cast<uint32_t>(i), first_bytes(p),
                           n == 4 ? ~uint32_t{0} : (uint32_t{1} << (8 * n)) - 1});
    for (unsigned b1 = 0; b1 < 256; ++b1) {
      if (p.size() == 1 || b1 == static_cast<unsigned char>(p[1])) {
        const unsigned key = b0 << 8 | b1;
        chrome_first_pairs_[key / 64] |= uint64_t{1} << (key % 64);
      }
    }
  }
}

namespace {

// A line this short is chrome when it holds a chrome phrase anywhere.
constexpr size_t kShortChromeWords = 6;

struct LineRules {
  const config::NormalizeConfig& c;
  std::string& lower;  // scratch
  const std::vector<std::vector<detail::ChromeHead>>& by_first_byte;
  const std::vector<uint64_t>& first_pairs;  // see Normalizer::chrome_first_pairs_
  bool empty_phrase;

  bool phrase_at(std::string_view text, size_t at) const {
    const auto& heads = by_first_byte[static_cast<unsigned char>(text[at])];
    if (heads.empty()) return false;
    const size_t left = text.size() - at;
    const uint32_t word = first_bytes(text.substr(at));  // as ChromeHead::bytes holds a phrase's
    for (const detail::ChromeHead& h : heads) {
      if ((word & h.mask) != h.bytes) continue;
      const std::string& p = c.chrome_phrases[h.phrase];
      if (left >= p.size() &&
          (p.size() <= 4 || std::memcmp(text.data() + at + 4, p.data() + 4, p.size() - 4) == 0)) {
        return true;
      }
    }
    return false;
  }

  // Whether a chrome phrase opens `text` or, when `anywhere`, occurs in it at all: the same
  // answer as a find() per phrase (a phrase at 0 is found at 0), in one pass over the text.
  bool has_phrase(std::string_view text, bool anywhere) const {
    if (empty_phrase) return true;
    if (text.empty()) return false;
    if (!anywhere) return phrase_at(text, 0);
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    for (size_t at = 0; at + 1 < text.size(); ++at) {
      const unsigned key = t[at] << 8 | t[at + 1];
      if (((first_pairs[key / 64] >> (key % 64)) & 1) && phrase_at(text, at)) return true;
    }
    return phrase_at(text, text.size() - 1);  // only a one-byte phrase fits there
  }

  // Chrome lines announce themselves: the phrase opens the line ("Share this:", "Read more",
  // "Copyright 2025 ...") or the line is a few words around it ("Jane Doe, Staff Writer"). A
  // sentence that merely uses such a word ("households that subscribe to ...") is prose.
  bool is_chrome(std::string_view line, size_t max_words, bool edge) const {
    const size_t words = word_count(line, max_words + 1);
    if (words == 0) return true;
    if (words > max_words) return false;
    ascii_lower(line, lower);
    std::string_view text = lower;
    while (!text.empty() && !is_ascii_alnum(static_cast<unsigned char>(text.front())) &&
           static_cast<unsigned char>(text.front()) < 0x80) {
      text.remove_prefix(1);  // bullets, quotes, brackets before the phrase
    }
    if (has_phrase(text, words <= kShortChromeWords)) return true;
    if (edge && words <= 4 && std::any_of(line.begin(), line.end(), [](char ch) {
          return is_ascii_digit(static_cast<unsigned char>(ch));
        })) {
      for (const auto& w : c.counter_words) {
        if (contains_word(lower, w)) return true;
      }
    }
    return words <= 16 && is_breadcrumb(line);
  }

  bool is_signoff(std::string_view line) const {
    if (word_count(line, 4) > 3) return false;
    ascii_lower(line, lower);
    std::string_view l = lower;
    while (!l.empty() && !is_ascii_alnum(static_cast<unsigned char>(l.back()))) l.remove_suffix(1);
    while (!l.empty() && !is_ascii_alnum(static_cast<unsigned char>(l.front()))) l.remove_prefix(1);
    return std::find(c.signoffs.begin(), c.signoffs.end(), l) != c.signoffs.end();
  }

  // "By Jane Doe", "BY JANE DOE AND JOHN ROE", "By Jane Doe, Staff Reporter"
  static bool is_byline(std::string_view line) {
    bool first = true, ok = true;
    size_t n = 0;
    for_each_word(line, [&](std::string_view w) {
      ++n;
      if (first) {
        first = false;
        ok = w == "By" || w == "BY" || w == "by";
        return ok;
      }
      if (w == "and" || w == "&" || w == "in" || w == "of" || w == "the" || w == "-" || w == "|") {
        return true;
      }
      ok = is_dateline_word(w);
      return ok;
    });
    return ok && n >= 2 && n <= 10;
  }
};

// Place names have at most three words ("ELK GROVE VILLAGE", "RIO DE JANEIRO").
constexpr size_t kMaxPlaceWords = 3;

bool is_place_particle(std::string_view w) {
  for (std::string_view p :
       {"de", "da", "del", "do", "la", "le", "el", "of", "on", "upon", "am", "an", "sur"}) {
    if (w == p) return true;
  }
  return false;
}

// Length of a dateline prefix ("MOSCOW (AFP) -", "Moscow, June 17 (Reuters) \u2014", "MOSCOW:")
// at the start of `line`, including the separator; 0 when there is none.
size_t dateline_length(std::string_view line, uint32_t max_words) {
  size_t words = 0, cut = 0;
  size_t place_words = 0;  // words of the place name, before its first comma or parenthesis
  bool place_done = false;
  bool done = false, ok = true;
  for_each_word(line, [&](std::string_view w) {
    if (!place_done) {
      if (w.front() == '(' || w.front() == '[') {
        place_done = true;
      } else if (++place_words > kMaxPlaceWords) {
        ok = false;  // a headline in capitals, not a place
        return false;
      } else if (w.back() == ',') {
        place_done = true;
      }
    }
    const size_t end = static_cast<size_t>(w.data() - line.data()) + w.size();
    if (is_dash_word(w)) {
      ok = words > 0;
      cut = end;
      done = true;
      return false;
    }
    if (++words > max_words) {
      ok = false;
      return false;
    }
    // A separator glued to the last word: "MOSCOW:", "MOSCOW\u2014", "MOSCOW-".
    for (std::string_view sep : {":", "\u2014", "\u2013", " -"}) {
      if (w.size() > sep.size() && w.substr(w.size() - sep.size()) == sep) {
        ok = is_dateline_word(w.substr(0, w.size() - sep.size()));
        cut = end;
        done = true;
        return false;
      }
    }
    ok = is_dateline_word(w) || is_place_particle(w);
    return ok;
  });
  return (done && ok) ? cut : 0;
}

// The trimmed lines of `s`, cut at the newlines the vector kernels below find a block at a time:
// newlines(at, nl) takes a block's mask (bit j: byte at + j is '\n'), finish() the last line.
class LineCutter {
 public:
  LineCutter(std::string_view s, std::vector<std::string_view>& lines) : s_(s), lines_(lines) {}
  void newlines(size_t at, uint64_t nl) {
    for (; nl != 0; nl &= nl - 1) {
      const size_t end = at + static_cast<size_t>(__builtin_ctzll(nl));
      lines_.push_back(trim(s_.substr(start_, end - start_)));
      start_ = end + 1;
    }
  }
  void finish() {
    if (start_ < s_.size()) lines_.push_back(trim(s_.substr(start_)));
  }

 private:
  std::string_view s_;
  std::vector<std::string_view>& lines_;
  size_t start_ = 0;
};

#if NEWSDEDUP_X86_KERNELS
// split_lines with the newlines found 64 bytes per step: an article has a line every ~85
// bytes, and a memchr call per line cost more than the scan.
NEWSDEDUP_AVX512_TARGET void split_lines_avx512(std::string_view s,
                                                std::vector<std::string_view>& lines) {
  LineCutter cut(s, lines);
  for (size_t i = 0; i < s.size(); i += 64) {
    cut.newlines(
        i, _mm512_cmpeq_epi8_mask(load_block(s.data(), s.size(), i).v, _mm512_set1_epi8('\n')));
  }
  cut.finish();
}

// The same 32 bytes per step.
NEWSDEDUP_AVX2_TARGET void split_lines_avx2(std::string_view s,
                                            std::vector<std::string_view>& lines) {
  LineCutter cut(s, lines);
  for (size_t i = 0; i < s.size(); i += 32) {
    cut.newlines(i, bits(_mm256_cmpeq_epi8(load32(s.data(), s.size(), i), _mm256_set1_epi8('\n'))));
  }
  cut.finish();
}
#endif

// The trimmed lines of `s`, split at '\n' (no line after a final '\n').
void split_lines(std::string_view s, std::vector<std::string_view>& lines) {
  lines.clear();
#if NEWSDEDUP_X86_KERNELS
  if (simd::avx512_enabled()) {
    split_lines_avx512(s, lines);
    return;
  }
  if (simd::avx2_enabled()) {
    split_lines_avx2(s, lines);
    return;
  }
#endif
  while (!s.empty()) {
    const size_t nl = s.find('\n');
    lines.push_back(trim(s.substr(0, nl)));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
}

// A line as bit masks, one bit per byte (bit i % 64 of word i / 64 is byte i), made 16 bytes
// per step (32 with AVX2, 64 with AVX-512): what the byte-at-a-time scan decides per byte,
// decided for 64 at once. Words are runs of `word` bytes: letters, digits, the . , / that stand
// between two digits (`join`), and every byte >= 0x80 (`high`): whether a non-ASCII character
// is part of a word only the decoding scan can tell, so a run holding one goes there whole; the
// ASCII words around it stay on the mask path. Bits at and after the line's end are 0. The
// buffers only grow.
struct LineMasks {
  std::vector<uint64_t> word, letter, upper, join, high;
  std::string lower;  // the line with A-Z lowercased, readable 16 bytes past its end
  size_t words = 0;   // mask words in use: size / 64 + 1, so one bit past the end is 0
};

// Writes each 64-byte block's byte classes into the masks. Word w's join bits need word
// w + 1's digits: they are finished one word behind.
class MaskWriter {
 public:
  explicit MaskWriter(LineMasks& m) : m_(m) {}

  // Block w: its letters (either case), digits, A-Z, separators (. , /) and bytes >= 0x80.
  void add(size_t w, uint64_t letter, uint64_t digit, uint64_t upper, uint64_t sep, uint64_t high) {
    if (w > 0) finish(w - 1, digit);
    digit_prev_ = digit_;
    digit_ = digit;
    sep_ = sep;
    m_.letter[w] = letter;
    m_.upper[w] = upper;
    m_.high[w] = high;
  }

  // After the last block.
  void close() {
    finish(m_.words - 1, 0);
    const size_t end = m_.words;
    m_.word[end] = m_.letter[end] = m_.upper[end] = m_.join[end] = m_.high[end] = 0;
  }

 private:
  void finish(size_t w, uint64_t next_digits) {
    const uint64_t before = (digit_ << 1) | (digit_prev_ >> 63);
    const uint64_t after = (digit_ >> 1) | (next_digits << 63);
    m_.join[w] = sep_ & before & after;
    m_.word[w] = m_.letter[w] | digit_ | m_.join[w] | m_.high[w];
  }

  LineMasks& m_;
  uint64_t digit_prev_ = 0, digit_ = 0, sep_ = 0;
};

#if NEWSDEDUP_X86_KERNELS
// The blocks 64 bytes per AVX-512 step: each class is one compare straight into a mask
// register, where SSE2 makes it 16 bits at a time (four compares, four movemasks, shifts).
NEWSDEDUP_AVX512_TARGET void mask_blocks_avx512(const char* p, size_t n, LineMasks& m) {
  MaskWriter out(m);
  for (size_t w = 0; w < m.words; ++w) {
    const size_t at = w * 64;
    const __m512i v = load_block(p, n, at).v;  // 0 past the line
    const __mmask64 upper = bytes_in(v, 'A', 'Z');
    _mm512_storeu_si512(m.lower.data() + at,
                        _mm512_mask_add_epi8(v, upper, v, _mm512_set1_epi8(0x20)));
    // A-Z and a-z are one range once bit 0x20 is set.
    const __mmask64 letter = bytes_in(_mm512_or_si512(v, _mm512_set1_epi8(0x20)), 'a', 'z');
    const __mmask64 sep = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(',')) | bytes_in(v, '.', '/');
    out.add(w, letter, bytes_in(v, '0', '9'), upper, sep, _mm512_movepi8_mask(v));
  }
  out.close();
}

// The same 32 bytes per AVX2 step, two per mask word.
NEWSDEDUP_AVX2_TARGET void mask_blocks_avx2(const char* p, size_t n, LineMasks& m) {
  MaskWriter out(m);
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  for (size_t w = 0; w < m.words; ++w) {
    uint64_t letter = 0, digit = 0, upper = 0, sep = 0, high = 0;
    for (unsigned half = 0; half < 2; ++half) {
      const size_t at = w * 64 + half * 32;
      const __m256i v = load32(p, n, at);  // 0 past the line
      const __m256i u = bytes_in(v, 'A', 'Z');
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(m.lower.data() + at),
                          _mm256_or_si256(v, _mm256_and_si256(u, case_bit)));
      const unsigned shift = half * 32;
      // A-Z and a-z are one range once bit 0x20 is set.
      letter |= uint64_t{bits(bytes_in(_mm256_or_si256(v, case_bit), 'a', 'z'))} << shift;
      digit |= uint64_t{bits(bytes_in(v, '0', '9'))} << shift;
      upper |= uint64_t{bits(u)} << shift;
      sep |= uint64_t{bits(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(',')),
                                           bytes_in(v, '.', '/')))}
             << shift;
      high |= uint64_t{bits(v)} << shift;
    }
    out.add(w, letter, digit, upper, sep, high);
  }
  out.close();
}
#endif

// Fills `m` for `line`; false only without SSE2.
bool line_masks(std::string_view line, LineMasks& m) {
#if defined(__SSE2__)
  const char* const p = line.data();
  const size_t n = line.size();
  const size_t words = n / 64 + 1;
  if (m.word.size() < words + 1) {  // + 1: mask_bits may read one word past the last
    for (auto* v : {&m.word, &m.letter, &m.upper, &m.join, &m.high}) v->resize(words + 1);
  }
  if (m.lower.size() < words * 64 + 16) m.lower.resize(words * 64 + 16);
  m.words = words;
#if NEWSDEDUP_X86_KERNELS
  if (simd::avx512_enabled()) {
    mask_blocks_avx512(p, n, m);
    return true;
  }
  if (simd::avx2_enabled()) {
    mask_blocks_avx2(p, n, m);
    return true;
  }
#endif
  auto bits = [](__m128i v) {
    return static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(v)));
  };
  MaskWriter out(m);
  for (size_t w = 0; w < words; ++w) {
    uint64_t lt = 0, dg = 0, up = 0, sp = 0, hi = 0;
    for (size_t q = 0; q < 4; ++q) {
      const size_t at = w * 64 + q * 16;
      __m128i v = _mm_setzero_si128();
      if (at + 16 <= n) {
        v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      } else if (at < n) {
        alignas(16) char tail[16] = {};
        std::memcpy(tail, p + at, n - at);
        v = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
      }
      const __m128i u = bytes_in(v, 'A', 'Z');
      _mm_storeu_si128(reinterpret_cast<__m128i*>(m.lower.data() + at), lowered(v, u));
      const unsigned shift = static_cast<unsigned>(q * 16);
      hi |= bits(v) << shift;
      // A-Z and a-z are one range once bit 0x20 is set.
      lt |= bits(bytes_in(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z')) << shift;
      dg |= bits(bytes_in(v, '0', '9')) << shift;
      up |= bits(u) << shift;
      sp |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), bytes_in(v, '.', '/')))
            << shift;
    }
    out.add(w, lt, dg, up, sp, hi);
  }
  out.close();
  return true;
#else
  (void)line;
  (void)m;
  return false;
#endif
}

// The `length` (1..64) bits of `mask` from bit `at` on.
inline uint64_t mask_bits(const uint64_t* mask, size_t at, size_t length) {
  const size_t w = at >> 6, shift = at & 63;
  uint64_t x = mask[w] >> shift;
  if (shift + length > 64) x |= mask[w + 1] << (64 - shift);
  return length == 64 ? x : x & ((uint64_t{1} << length) - 1);
}

// Whether `mask` has a bit in the run [s, s + length) (length 1..64): the two mask words the
// run touches are tested first, as most of them are all-zero.
inline bool run_has(const uint64_t* mask, size_t s, size_t length) {
  return (mask[s >> 6] | mask[(s + length - 1) >> 6]) != 0 && mask_bits(mask, s, length) != 0;
}

// Copies `n` bytes 16 at a time: up to 15 bytes past dst + n are overwritten (the caller has
// the room) and past src + n read (LineMasks::lower has them).
inline void copy16(char* dst, const char* src, size_t n) {
#if defined(__SSE2__)
  for (size_t k = 0; k < n; k += 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + k),
                     _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + k)));
  }
#else
  std::memcpy(dst, src, n);
#endif
}

}  // namespace

void Normalizer::normalize(std::string_view body, NormalizedText& out) const {
  out.clear();
  thread_local std::string plain, lower, folded_scratch;
  thread_local std::vector<std::string_view> lines;

  out.text.reserve(body.size());
  const std::string_view source = config_.strip_html ? without_markup(body, plain) : body;

  split_lines(source, lines);

  LineRules rules{config_, lower, chrome_by_first_byte_, chrome_first_pairs_, empty_chrome_phrase_};
  size_t first = 0, last = lines.size();
  auto peel = [&] {
    const bool chrome = config_.remove_chrome;
    while (first < last &&
           (lines[first].empty() ||
            (chrome && (rules.is_chrome(lines[first], config_.chrome_max_words, true) ||
                        rules.is_signoff(lines[first]))))) {
      ++first;
    }
    while (last > first &&
           (lines[last - 1].empty() ||
            (chrome && (rules.is_chrome(lines[last - 1], config_.chrome_max_words, true) ||
                        rules.is_signoff(lines[last - 1]))))) {
      --last;
    }
  };
  peel();
  if (config_.remove_bylines && first < last && LineRules::is_byline(lines[first])) {
    ++first;
    peel();
  }

  bool teaser = false;
  if (config_.drop_trailing_ellipsis && first < last) {
    std::string_view& tail = lines[last - 1];
    for (std::string_view e : {"...", "\u2026", "[\u2026]", "[...]"}) {
      if (tail.size() >= e.size() && tail.substr(tail.size() - e.size()) == e) {
        tail.remove_suffix(e.size());
        teaser = true;
        break;
      }
    }
  }

  // Tokens are written through a cursor into out.text, sized once per article (ASCII folding
  // never grows a word; Unicode folding may, and grows the buffer when it must), instead of a
  // push_back/resize per byte and word.
  std::string& text = out.text;
  text.resize(source.size() + 1);
  size_t len = 0;
  auto room = [&](size_t need) {
    if (len + need > text.size()) text.resize(2 * (len + need));
  };

  // The words of line[i, end) into the output, one byte at a time (a number's separator looks
  // one byte past `end`, no word starts there). Every run of word bytes holding a non-ASCII
  // byte comes here.
  auto scan_words = [&](std::string_view line, size_t i, size_t end) {
    const char* const p = line.data();
    const size_t n = line.size();
    // ASCII words of the rest of a line take at most its bytes plus one space; the fast path
    // writes without further checks.
    room(n + 1);
    while (i < end) {
      const size_t before = i;
      const auto c0 = static_cast<unsigned char>(p[i]);
      const uint8_t k0 = kClass[c0];
      bool ascii = true, all_digits = true, capitalized = false;
      if (c0 < 0x80) {
        if (!(k0 & kAlnum)) {  // a separator
          ++i;
          continue;
        }
        // ASCII fast path: letters/digits; digits may hold inner . , / between digits (1,250.5).
        // The word is lowercased into the output while it is scanned (after the space that
        // will precede it); room(n + 1) above guarantees the space for it.
        char* const base = text.data();
        const size_t start = len + (len > 0 ? 1 : 0);
        char* const dst = base + start;
        dst[0] = kLower[c0];
        size_t j = i + 1;
        uint8_t all = k0;  // AND of the classes of the letters/digits: kDigit stays when all are
        while (j < n) {
          const auto c = static_cast<unsigned char>(p[j]);
          const uint8_t k = kClass[c];
          if (k & kAlnum) {
            all &= k;
          } else if (!((k & kNumSep) && (all & kDigit) && j + 1 < n && (cls(p[j + 1]) & kDigit))) {
            break;
          }
          dst[j - before] = kLower[c];
          ++j;
        }
        if (j == n || static_cast<unsigned char>(p[j]) < 0x80) {
          if (len > 0) base[len] = ' ';
          len = start + (j - before);
          Token tok;
          tok.offset = static_cast<uint32_t>(start);
          tok.length = static_cast<uint32_t>(j - before);
          tok.capitalized = (k0 & kUpper) != 0;
          tok.numeric = (all & kDigit) != 0 || is_figure_token(dst, j - before);
          out.tokens.push_back(tok);
          i = j;
          continue;
        }
        // The word goes on past ASCII (or ends at a non-word character): the general path
        // below scans it again from its first byte.
        all_digits = true;
        capitalized = (k0 & kUpper) != 0;
      } else {
        size_t j = i;
        const int32_t cp = decode(line, j);
        if (!is_word_cp(cp)) {
          i = j;
          continue;
        }
        capitalized = is_upper_cp(cp);
      }
      // General path: a word: letters/digits/marks; digits may hold inner . , / between digits.
      while (i < n) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c < 0x80) {
          const uint8_t k = kClass[c];
          if (k & kAlnum) {
            all_digits = all_digits && (k & kDigit);
            ++i;
            continue;
          }
          if ((k & kNumSep) && all_digits && i + 1 < n && (cls(p[i + 1]) & kDigit) && i > before) {
            ++i;
            continue;
          }
          break;
        }
        size_t j = i;
        const int32_t cp = decode(line, j);
        if (!is_word_cp(cp)) break;
        ascii = false;
        all_digits = false;
        i = j;
      }
      const std::string_view word = line.substr(before, i - before);
      thread_local std::string ascii_folded;
      const std::string* f = &ascii_folded;
      if (ascii) {
        ascii_folded.clear();
        append_folded(ascii_folded, word, true);
      } else {
        f = &fold_cached(word);
      }
      const std::string& folded = *f;
      if (folded.empty()) continue;  // folded to nothing (a lone combining mark)
      room(folded.size() + 1);
      if (len > 0) text[len++] = ' ';
      Token tok;
      tok.offset = static_cast<uint32_t>(len);
      tok.length = static_cast<uint32_t>(folded.size());
      tok.capitalized = capitalized;
      std::memcpy(text.data() + len, folded.data(), folded.size());
      len += folded.size();
      tok.numeric = all_digits || (ascii && is_figure_word(folded));
      out.tokens.push_back(tok);
      room(n - i + 1);  // a folding may have grown: keep the fast path's guarantee
    }
  };

  // The words of a line from its bit masks (see LineMasks): a word is a run of word bytes,
  // copied lowercase 16 bytes at a time. A run goes to scan_words when it holds a non-ASCII
  // byte, when a joined separator in it follows a letter ("a1.5": the scan stops at the '.'),
  // or when it is longer than 64 bytes. False without SSE2 (nothing written then).
  thread_local LineMasks masks;
  auto mask_words = [&](std::string_view line) {
    if (!line_masks(line, masks)) return false;
    room(line.size() + 32);  // + the copy's overshoot
    const uint64_t* const word = masks.word.data();
    const uint64_t* const high = masks.high.data();
    const uint64_t* const letter = masks.letter.data();
    const uint64_t* const join = masks.join.data();
    const uint64_t* const upper = masks.upper.data();
    const char* const lower_line = masks.lower.data();
    // Appends the ASCII word line[s, s + length), whose bytes hold a letter when `letters`.
    auto emit = [&](size_t s, size_t length, bool letters) {
      char* const base = text.data();
      const size_t start = len + (len > 0 ? 1 : 0);
      char* const dst = base + start;
      copy16(dst, lower_line + s, length);
      if (len > 0) base[len] = ' ';
      len = start + length;
      Token tok;
      tok.offset = static_cast<uint32_t>(start);
      tok.length = static_cast<uint32_t>(length);
      tok.capitalized = ((upper[s >> 6] >> (s & 63)) & 1) != 0;
      // The lookup reads the masks' copy, not dst: loading bytes back from the 16-byte
      // stores copy16 just made stalls on store forwarding.
      tok.numeric = !letters || is_figure_token(lower_line + s, length);
      out.tokens.push_back(tok);
    };
    size_t pos = 0;
    for (;;) {
      size_t w = pos >> 6;
      uint64_t x = word[w] & (~uint64_t{0} << (pos & 63));
      while (x == 0) {
        if (++w == masks.words) return true;
        x = word[w];
      }
      // The runs that end inside this mask word (most words) are read from this word of each
      // mask alone: one AND per test instead of run_has's loads across words, and the next
      // run found from the same word. A run going on into the next word is left to the
      // general path below.
      {
        const uint64_t bits = word[w], letters = letter[w], highs = high[w], joins = join[w];
        for (;;) {
          const auto sb = static_cast<unsigned>(__builtin_ctzll(x));
          const uint64_t after = ~bits & (~uint64_t{0} << sb);
          if (after == 0) break;
          const auto eb = static_cast<unsigned>(__builtin_ctzll(after));
          const uint64_t run = (uint64_t{1} << eb) - (uint64_t{1} << sb);
          const bool has_letters = (letters & run) != 0;
          // The general path's tests below, on one mask word.
          if ((highs & run) != 0 || (has_letters && (joins & run) != 0)) {
            scan_words(line, w * 64 + sb, w * 64 + eb);
          } else {
            emit(w * 64 + sb, eb - sb, has_letters);
          }
          x = bits & (~uint64_t{0} << eb);
          if (x == 0) break;
        }
        if (x == 0) {
          if (w + 1 == masks.words) return true;  // (the word past the last may be stale)
          pos = (w + 1) * 64;
          continue;
        }
      }
      const size_t s = w * 64 + static_cast<size_t>(__builtin_ctzll(x));
      uint64_t y = ~word[w] & (~uint64_t{0} << (s & 63));
      while (y == 0) y = ~word[++w];  // bit line.size() is 0: every run ends
      const size_t e = w * 64 + static_cast<size_t>(__builtin_ctzll(y));
      pos = e;
      const size_t length = e - s;
      if (length > 64 || run_has(high, s, length)) {
        scan_words(line, s, e);
        continue;
      }
      // The run crosses mask words. Most start with a letter, and most mask words hold no
      // joined separator: both answers come from one word of a mask then.
      const bool letters =
          ((letter[s >> 6] >> (s & 63)) & 1) != 0 || mask_bits(letter, s, length) != 0;
      if (letters && run_has(join, s, length)) {
        scan_words(line, s, e);
        continue;
      }
      emit(s, length, letters);
    }
  };

  const size_t mid_chrome_words = std::min<uint32_t>(config_.chrome_max_words, 8);
  for (size_t li = first; li < last; ++li) {
    std::string_view line = lines[li];
    if (li == first && config_.remove_datelines) {
      const size_t cut = dateline_length(line, config_.dateline_max_words);
      dateline_facts(line.substr(0, cut), out);
      line.remove_prefix(cut);
    } else if (config_.remove_chrome && li > first && li + 1 < last &&
               rules.is_chrome(line, mid_chrome_words, false)) {
      continue;  // short chrome inside the body: "Advertisement", "Read more: ..."
    }
    if (!mask_words(line)) scan_words(line, 0, line.size());
  }
  text.resize(len);
  if (teaser && !out.tokens.empty()) {  // the cut word of a teaser is likely partial
    out.text.resize(out.tokens.back().offset > 0 ? out.tokens.back().offset - 1 : 0);
    out.tokens.pop_back();
  }
}

}  // namespace newsdedup::normalize
