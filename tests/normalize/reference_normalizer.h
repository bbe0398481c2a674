// Test-only: a frozen copy of the normalizer (daemon/normalize/normalizer.cc and html.cc) as of
// commit e30a60c, before the ASCII fast paths, table-driven classification and SIMD scans. The
// differential test (normalize_differential_test.cc) checks that the optimized normalizer gives
// exactly this output on generated and hand-written input. Do not optimize or fix this copy: a
// deliberate change of normalized output changes both, with a fingerprint version bump.
#pragma once

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/normalize/normalizer.h"

namespace newsdedup::normalize::reference {

namespace html_detail {

inline namespace detail {

enum class TagKind { kUnknown, kInline, kSpace, kBlock, kSkipBody };

struct TagName {
  const char* name;
  TagKind kind;
};

// Lowercase names; looked up case-insensitively.
constexpr std::array<TagName, 62> kTags = {{
    {"a", TagKind::kInline},      {"abbr", TagKind::kInline},       {"article", TagKind::kBlock},
    {"aside", TagKind::kBlock},   {"b", TagKind::kInline},          {"blockquote", TagKind::kBlock},
    {"body", TagKind::kBlock},    {"br", TagKind::kBlock},          {"center", TagKind::kBlock},
    {"cite", TagKind::kInline},   {"code", TagKind::kInline},       {"dd", TagKind::kBlock},
    {"div", TagKind::kBlock},     {"dl", TagKind::kBlock},          {"dt", TagKind::kBlock},
    {"em", TagKind::kInline},     {"figcaption", TagKind::kBlock},  {"figure", TagKind::kBlock},
    {"font", TagKind::kInline},   {"footer", TagKind::kBlock},      {"h1", TagKind::kBlock},
    {"h2", TagKind::kBlock},      {"h3", TagKind::kBlock},          {"h4", TagKind::kBlock},
    {"h5", TagKind::kBlock},      {"h6", TagKind::kBlock},          {"head", TagKind::kSkipBody},
    {"header", TagKind::kBlock},  {"hr", TagKind::kBlock},          {"html", TagKind::kBlock},
    {"i", TagKind::kInline},      {"iframe", TagKind::kSkipBody},   {"img", TagKind::kInline},
    {"ins", TagKind::kInline},    {"li", TagKind::kBlock},          {"link", TagKind::kInline},
    {"main", TagKind::kBlock},    {"mark", TagKind::kInline},       {"meta", TagKind::kInline},
    {"nav", TagKind::kBlock},     {"noscript", TagKind::kSkipBody}, {"ol", TagKind::kBlock},
    {"p", TagKind::kBlock},       {"pre", TagKind::kBlock},         {"q", TagKind::kInline},
    {"s", TagKind::kInline},      {"script", TagKind::kSkipBody},   {"section", TagKind::kBlock},
    {"small", TagKind::kInline},  {"span", TagKind::kInline},       {"strike", TagKind::kInline},
    {"strong", TagKind::kInline}, {"style", TagKind::kSkipBody},    {"sub", TagKind::kInline},
    {"sup", TagKind::kInline},    {"table", TagKind::kBlock},       {"td", TagKind::kSpace},
    {"th", TagKind::kSpace},      {"time", TagKind::kInline},       {"tr", TagKind::kBlock},
    {"u", TagKind::kInline},      {"ul", TagKind::kBlock},
}};

struct Entity {
  const char* name;
  uint32_t cp;
};

constexpr std::array<Entity, 40> kEntities = {{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C},
    {"sbquo", 0x201A}, {"bdquo", 0x201E}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
    {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122}, {"pound", 0xA3},   {"euro", 0x20AC},
    {"yen", 0xA5},     {"cent", 0xA2},    {"deg", 0xB0},     {"middot", 0xB7},  {"bull", 0x2022},
    {"laquo", 0xAB},   {"raquo", 0xBB},   {"eacute", 0xE9},  {"egrave", 0xE8},  {"aacute", 0xE1},
    {"agrave", 0xE0},  {"oacute", 0xF3},  {"uuml", 0xFC},    {"ouml", 0xF6},    {"auml", 0xE4},
    {"ccedil", 0xE7},  {"ntilde", 0xF1},  {"iacute", 0xED},  {"times", 0xD7},   {"shy", 0xAD},
}};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }
bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

TagKind tag_kind(std::string_view name) {
  char buf[16];
  if (name.size() >= sizeof(buf)) return TagKind::kUnknown;
  for (size_t i = 0; i < name.size(); ++i) buf[i] = lower(name[i]);
  const std::string_view n(buf, name.size());
  for (const auto& t : kTags) {
    if (n == t.name) return t.kind;
  }
  return TagKind::kUnknown;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the entity at in[i] == '&'; returns the bytes consumed (0: not an entity).
size_t decode_entity(std::string_view in, size_t i, std::string& out) {
  const size_t semi = in.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 12 || semi == i + 1) return 0;
  const std::string_view body = in.substr(i + 1, semi - i - 1);
  if (body[0] == '#') {
    uint32_t cp = 0;
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const size_t start = hex ? 2 : 1;
    if (start >= body.size()) return 0;
    for (size_t k = start; k < body.size(); ++k) {
      const char c = body[k];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        d = static_cast<uint32_t>((c | 0x20) - 'a' + 10);
      } else {
        return 0;
      }
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) return 0;
    }
    append_utf8(out, cp);
    return semi - i + 1;
  }
  for (const auto& e : kEntities) {
    if (body == e.name) {
      append_utf8(out, e.cp);
      return semi - i + 1;
    }
  }
  return 0;
}

// Parses a tag at in[i] == '<'. Returns its end (one past '>') and kind, or 0 when it is not a
// known tag.
size_t parse_tag(std::string_view in, size_t i, TagKind& kind, std::string_view& name,
                 bool& closing) {
  size_t j = i + 1;
  closing = false;
  if (j < in.size() && in[j] == '!') {  // comment or doctype
    if (in.substr(j, 3) == "!--") {
      const size_t end = in.find("-->", j + 3);
      if (end == std::string_view::npos) return 0;
      kind = TagKind::kInline;
      return end + 3;
    }
    const size_t end = in.find('>', j);
    if (end == std::string_view::npos) return 0;
    kind = TagKind::kInline;
    return end + 1;
  }
  if (j < in.size() && in[j] == '/') {
    closing = true;
    ++j;
  }
  const size_t name_start = j;
  while (j < in.size() && is_alnum(in[j])) ++j;
  if (j == name_start) return 0;
  name = in.substr(name_start, j - name_start);
  kind = tag_kind(name);
  if (kind == TagKind::kUnknown) return 0;
  if (j < in.size() && !(in[j] == '>' || in[j] == '/' || in[j] == ' ' || in[j] == '\t' ||
                         in[j] == '\n' || in[j] == '\r')) {
    return 0;
  }
  // Attributes may hold '>' inside quotes.
  char quote = 0;
  for (size_t k = j; k < in.size() && k < i + 4096; ++k) {
    const char c = in[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return k + 1;
    }
  }
  return 0;
}

}  // namespace detail

inline void strip_markup(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    // Copy the run of plain text up to the next byte that needs a look, in one append.
    size_t run = i;
    while (run < in.size() && in[run] != '<' && in[run] != '&' && in[run] != '\r') ++run;
    if (run > i) {
      out.append(in.data() + i, run - i);
      i = run;
      if (i == in.size()) break;
    }
    const char c = in[i];
    if (c == '<') {
      TagKind kind{};
      std::string_view name;
      bool closing = false;
      const size_t end = parse_tag(in, i, kind, name, closing);
      if (end != 0) {
        if (kind == TagKind::kBlock) out.push_back('\n');
        if (kind == TagKind::kSpace) out.push_back(' ');  // table cells are separate words
        if (kind == TagKind::kSkipBody && !closing) {
          // Drop everything up to the matching close tag.
          size_t k = end;
          while (true) {
            k = in.find("</", k);
            if (k == std::string_view::npos) {
              k = in.size();
              break;
            }
            const std::string_view rest = in.substr(k + 2, name.size());
            if (rest.size() == name.size() &&
                std::equal(rest.begin(), rest.end(), name.begin(),
                           [](char a, char b) { return lower(a) == lower(b); })) {
              const size_t gt = in.find('>', k);
              k = gt == std::string_view::npos ? in.size() : gt + 1;
              break;
            }
            k += 2;
          }
          i = k;
          continue;
        }
        i = end;
        continue;
      }
    } else if (c == '&') {
      const size_t n = decode_entity(in, i, out);
      if (n != 0) {
        i += n;
        continue;
      }
    } else if (c == '\r') {
      out.push_back('\n');
      i += (i + 1 < in.size() && in[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    out.push_back(c);
    ++i;
  }
}

}  // namespace html_detail

using html_detail::strip_markup;

class ReferenceNormalizer {
 public:
  explicit ReferenceNormalizer(config::NormalizeConfig config);
  void normalize(std::string_view body, NormalizedText& out) const;

 private:
  config::NormalizeConfig config_;
};

inline namespace detail {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

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

size_t word_count(std::string_view line, size_t limit) {
  size_t n = 0;
  for_each_word(line, [&](std::string_view) { return ++n <= limit; });
  return n;
}

void ascii_lower(std::string_view in, std::string& out) {
  out.resize(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
  }
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

// month_number for a token that is already lowercase ASCII, with a cheap first-letter reject:
// it runs on every word of every article.
int month_number_lower(std::string_view l) {
  if (l.size() < 3 || l.size() > 9) return 0;
  using namespace std::string_view_literals;
  switch (l[0]) {
    case 'j':
      return l == "jan"sv || l == "january"sv ? 1
             : l == "jun"sv || l == "june"sv  ? 6
             : l == "jul"sv || l == "july"sv  ? 7
                                              : 0;
    case 'f':
      return l == "feb"sv || l == "february"sv ? 2 : 0;
    case 'm':
      return l == "mar"sv || l == "march"sv ? 3 : l == "may"sv ? 5 : 0;
    case 'a':
      return l == "apr"sv || l == "april"sv ? 4 : l == "aug"sv || l == "august"sv ? 8 : 0;
    case 's':
      return l == "sep"sv || l == "sept"sv || l == "september"sv ? 9 : 0;
    case 'o':
      return l == "oct"sv || l == "october"sv ? 10 : 0;
    case 'n':
      return l == "nov"sv || l == "november"sv ? 11 : 0;
    case 'd':
      return l == "dec"sv || l == "december"sv ? 12 : 0;
    default:
      return 0;
  }
}

// A lowercase ASCII word that names a figure: a spelled-out number or a month.
bool is_figure_word(std::string_view l);

// Spelled-out numbers count as figures: "seven ships" and "three ships" are different facts.
bool is_number_word(std::string_view lower_word) {
  using namespace std::string_view_literals;
  static constexpr std::array<std::string_view, 27> kWords = {
      "two"sv,      "three"sv,   "four"sv,    "five"sv,      "six"sv,      "seven"sv,
      "eight"sv,    "nine"sv,    "ten"sv,     "eleven"sv,    "twelve"sv,   "thirteen"sv,
      "fourteen"sv, "fifteen"sv, "sixteen"sv, "seventeen"sv, "eighteen"sv, "nineteen"sv,
      "twenty"sv,   "thirty"sv,  "forty"sv,   "fifty"sv,     "sixty"sv,    "seventy"sv,
      "eighty"sv,   "ninety"sv,  "hundred"sv};
  if (lower_word.size() < 3 || lower_word.size() > 9) return false;
  const char c = lower_word[0];
  if (c != 't' && c != 'f' && c != 's' && c != 'e' && c != 'n' && c != 'h') return false;
  return std::find(kWords.begin(), kWords.end(), lower_word) != kWords.end();
}

bool is_figure_word(std::string_view l) {
  if (l.size() < 3 || l.size() > 9) return false;
  switch (l[0]) {
    case 't':
    case 'f':
    case 's':
    case 'e':
    case 'n':
    case 'h':
      if (is_number_word(l)) return true;
      break;
    default:
      break;
  }
  return month_number_lower(l) != 0;
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

}  // namespace detail

inline ReferenceNormalizer::ReferenceNormalizer(config::NormalizeConfig config)
    : config_(std::move(config)) {
  for (auto* list : {&config_.chrome_phrases, &config_.counter_words, &config_.signoffs}) {
    for (auto& s : *list) ascii_lower(std::string(s), s);
  }
}

inline namespace detail {

// A line this short is chrome when it holds a chrome phrase anywhere.
constexpr size_t kShortChromeWords = 6;

struct LineRules {
  const config::NormalizeConfig& c;
  std::string& lower;  // scratch

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
    for (const auto& p : c.chrome_phrases) {
      const size_t at = text.find(p);
      if (at != std::string_view::npos && (at == 0 || words <= kShortChromeWords)) return true;
    }
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

}  // namespace detail

inline void ReferenceNormalizer::normalize(std::string_view body, NormalizedText& out) const {
  out.clear();
  thread_local std::string plain, lower;
  thread_local std::vector<std::string_view> lines;

  out.text.reserve(body.size());
  if (config_.strip_html) {
    strip_markup(body, plain);
  } else {
    plain.assign(body);
  }

  lines.clear();
  {
    std::string_view rest = plain;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      lines.push_back(trim(rest.substr(0, nl)));
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }

  LineRules rules{config_, lower};
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
    size_t i = 0;
    while (i < line.size()) {
      // Skip separators.
      const size_t before = i;
      const auto c0 = static_cast<unsigned char>(line[i]);
      if (c0 < 0x80) {
        if (!is_ascii_alnum(c0)) {
          ++i;
          continue;
        }
      } else {
        size_t j = i;
        if (!is_word_cp(decode(line, j))) {
          i = j;
          continue;
        }
      }
      // A word: letters/digits/marks; digits may hold inner . , / between digits (1,250.5).
      Token tok;
      tok.offset = static_cast<uint32_t>(out.text.size() + (out.text.empty() ? 0 : 1));
      bool ascii = true, all_digits = true;
      if (c0 < 0x80) {
        tok.capitalized = is_ascii_upper(c0);
      } else {
        size_t j = i;
        tok.capitalized = is_upper_cp(decode(line, j));
      }
      while (i < line.size()) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c < 0x80) {
          if (is_ascii_alnum(c)) {
            all_digits = all_digits && is_ascii_digit(c);
            ++i;
            continue;
          }
          if ((c == '.' || c == ',' || c == '/') && all_digits && i + 1 < line.size() &&
              is_ascii_digit(static_cast<unsigned char>(line[i + 1])) && i > before) {
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
      if (!out.text.empty()) out.text.push_back(' ');
      const size_t start = out.text.size();
      append_folded(out.text, word, ascii);
      if (out.text.size() == start) {  // folded to nothing (a lone combining mark)
        if (start > 0) out.text.pop_back();
        continue;
      }
      tok.offset = static_cast<uint32_t>(start);
      tok.length = static_cast<uint32_t>(out.text.size() - start);
      tok.numeric =
          all_digits || (ascii && is_figure_word(std::string_view(out.text).substr(start)));
      out.tokens.push_back(tok);
    }
  }
  if (teaser && !out.tokens.empty()) {  // the cut word of a teaser is likely partial
    out.text.resize(out.tokens.back().offset > 0 ? out.tokens.back().offset - 1 : 0);
    out.tokens.pop_back();
  }
}

}  // namespace newsdedup::normalize::reference
