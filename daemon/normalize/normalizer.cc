// Normalization: markup -> lines -> boilerplate peeled from the edges -> dateline/byline
// dropped -> tokens (NFKC, case folded, accents stripped). Boilerplate rules look at the *shape*
// of a line (short, a chrome phrase, a counter, a breadcrumb), so they hold on sites never seen.
#include "newsdedup/normalize/normalizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include "normalize/html.h"

namespace newsdedup::normalize {
namespace {

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

}  // namespace

Normalizer::Normalizer(config::NormalizeConfig config) : config_(std::move(config)) {
  for (auto* list : {&config_.chrome_phrases, &config_.counter_words, &config_.signoffs}) {
    for (auto& s : *list) ascii_lower(std::string(s), s);
  }
}

namespace {

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

}  // namespace

void Normalizer::normalize(std::string_view body, NormalizedText& out) const {
  out.clear();
  thread_local std::string plain, lower, folded_scratch;
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

}  // namespace newsdedup::normalize
