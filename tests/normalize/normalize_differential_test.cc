// Differential test of the optimized normalizer (ASCII fast paths, table-driven classification,
// SIMD scans) against a frozen copy of the code before those optimizations
// (reference_normalizer.h): on generated, hand-written and fuzz-corpus input, including invalid
// UTF-8 that the parser would have rejected, both must give the same text, tokens (offsets,
// lengths, flags) and dateline facts.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/normalize/normalizer.h"
#include "newsdedup/parse/parser.h"
#include "normalize/reference_normalizer.h"
#include "support/kernels.h"

namespace newsdedup::normalize {
namespace {

// Why two outputs differ, or "" when they are the same.
std::string difference(const NormalizedText& a, const NormalizedText& b) {
  if (a.text != b.text) return "text: \"" + a.text + "\" vs \"" + b.text + "\"";
  if (a.tokens.size() != b.tokens.size()) return "token count";
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const Token& x = a.tokens[i];
    const Token& y = b.tokens[i];
    if (x.offset != y.offset || x.length != y.length || x.numeric != y.numeric ||
        x.capitalized != y.capitalized) {
      return "token " + std::to_string(i) + " (" + std::string(a.token(i)) + ")";
    }
  }
  if (a.place != b.place) return "place: " + a.place + " vs " + b.place;
  if (a.day != b.day) return "day";
  if (a.month != b.month) return "month";
  return "";
}

// Config variants: the defaults, then each removal switched off in turn, then other phrases.
std::vector<config::NormalizeConfig> variants() {
  std::vector<config::NormalizeConfig> out;
  const config::NormalizeConfig base = config::default_config().normalize;
  out.push_back(base);
  for (int v = 1; v < 16; v += 3) {
    config::NormalizeConfig c = base;
    c.strip_html = (v & 1) == 0;
    c.remove_datelines = (v & 2) == 0;
    c.remove_bylines = (v & 4) == 0;
    c.remove_chrome = (v & 8) == 0;
    c.drop_trailing_ellipsis = (v & 4) != 0;
    out.push_back(c);
  }
  // Other chrome phrases: one-byte ones (any byte may follow them, and they fit in a line's
  // last byte) and one that starts with a UTF-8 lead byte.
  config::NormalizeConfig custom = base;
  custom.chrome_phrases = {"q", "-", "share this", "\u00a9 20"};
  out.push_back(custom);
  return out;
}

class Differ {
 public:
  Differ() {
    for (const auto& c : variants()) {
      fast_.emplace_back(c);
      slow_.emplace_back(c);
    }
  }

  // Normalizes `body` under every config variant with both normalizers, the fast one with each
  // set of kernels the CPU has (AVX-512, AVX2, then SSE2); the output buffers are reused across
  // calls, as in the engine.
  void check(std::string_view body) {
    for (size_t v = 0; v < fast_.size(); ++v) {
      slow_[v].normalize(body, slow_out_);
      testing::for_each_kernel([&](std::string_view kernel) {
        fast_[v].normalize(body, fast_out_);
        ASSERT_EQ(difference(fast_out_, slow_out_), "")
            << "variant " << v << " (" << kernel << ") body: \"" << body << "\"";
      });
      if (::testing::Test::HasFatalFailure()) return;
      ++checked_;
    }
  }
  size_t checked() const { return checked_; }

 private:
  std::vector<Normalizer> fast_;
  std::vector<reference::ReferenceNormalizer> slow_;
  NormalizedText fast_out_, slow_out_;
  size_t checked_ = 0;
};

// Pieces that exercise every branch of the normalizer: words in every case, figures, number
// and month words, inner separators of numbers, whitespace and line endings, markup and
// entities (valid, unknown, unterminated), Unicode letters, marks, digits, compatibility forms,
// dashes and quotes, invalid UTF-8, chrome, bylines, datelines and teaser endings.
constexpr std::string_view kPieces[] = {
    "the",
    "The",
    "THE",
    "kremlin",
    "Kremlin",
    "said",
    "talks",
    "would",
    "resume",
    "a",
    "I",
    "x9",
    "9x",
    "A1b2",
    "iPhone",
    "McDonald",
    "o'neill",
    "e-mail",
    "U.S.",
    "co-op",
    "1",
    "42",
    "2026",
    "1,250.5",
    "3/4",
    "12.",
    "1.",
    ",5",
    "1,,2",
    "1..2",
    "10/",
    "4.5%",
    "$3.2bn",
    "seven",
    "Seven",
    "THREE",
    "three-year",
    "ten",
    "tent",
    "twenty",
    "hundred",
    "hundreds",
    "sept",
    "Sept.",
    "May",
    "may",
    "march",
    "MARCH",
    "Jun",
    "june",
    "december",
    "decembers",
    "jan",
    "janu",
    "nine",
    "eighteen",
    "fifty",
    "sixty",
    "eleven",
    "ninety",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\f",
    "\v",
    " \n ",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "'",
    "-",
    "--",
    "/",
    "|",
    ">",
    "*",
    "<p>",
    "</p>",
    "<P>",
    "<br>",
    "<br/>",
    "<b>",
    "</b>",
    "<td>",
    "<li>",
    "<div class=\"x>y\">",
    "<script>var x = 1;</script>",
    "<style>p{}</style>",
    "<PEP>",
    "<3",
    "a<b",
    "<!-- note -->",
    "<!DOCTYPE html>",
    "<a href='x'>",
    "</a>",
    "<unknown>",
    "<",
    ">",
    "&amp;",
    "&AMP;",
    "&lt;",
    "&#233;",
    "&#xE9;",
    "&#x2019;",
    "&#8212;",
    "&#0;",
    "&#xD800;",
    "&#99999999;",
    "&nbsp;",
    "&hellip;",
    "&bogus;",
    "&",
    "&;",
    "&#;",
    "&#x;",
    "&mdash;",
    "&copy;",
    "é",
    "É",
    "e\u0301",
    "Montr\u00e9al",
    "MONTR\u00c9AL",
    "Montre\u0301al",
    "caf\u00e9s",
    "\u00df",
    "Stra\u00dfe",
    "\ufb01nance",
    "\u2019",
    "it\u2019s",
    "\u201cquote\u201d",
    "\u2014",
    "\u2013",
    "\u2015",
    "\u2012",
    "\u2026",
    "\u00a0",
    "\u00ad",
    "\u03a9mega",
    "\u65e5\u672c",
    "\u0661\u0662\u0663",
    "\u2474",
    "\ufdfa",
    "\u0301",
    "\u01c4",
    "\u01c5x",
    "\u00bb",
    "\u203a",
    "\U0001d400",
    "\U0001f600",
    "\u00bd",
    "\u00b2",
    "\uff21\uff22",
    "\u2160",
    "Ä",
    "Ö",
    "Ü",
    "\xff",
    "\xc3",
    "\xe2\x80",
    "\x80",
    "\xc3(",
    "\xed\xa0\x80",
    "\xf4\x90\x80\x80",
    "Advertisement",
    "ADVERTISEMENT",
    "Share this:",
    "Read more: ",
    "Copyright 2025 Foo Corp",
    "(c) 2025",
    "\u00a9 2025",
    "All rights reserved.",
    "Home > World > Europe",
    "News | Business | Markets",
    "Home \u00bb Sport \u00bb Tennis",
    "1,234 views",
    "5 comments",
    "3 hours ago",
    "Reuters",
    "(Reuters)",
    "AP",
    "ends",
    "By Jane Doe",
    "BY JANE DOE AND JOHN ROE",
    "By Jane Doe, Staff Reporter",
    "by",
    "MOSCOW (Reuters) - ",
    "LOS ANGELES, March 5 -",
    "WASHINGTON\u2014",
    "PARIS:",
    "Moscow, June 17 (Reuters) \u2014 ",
    "RIO DE JANEIRO, Jan. 2 -",
    "\u00c9VIAN-LES-BAINS, France \u2013",
    "NEW YORK (AP) --",
    "[...]",
    "[\u2026]",
    "...",
    "Tags: a, b",
    "Follow us",
    "Photo: Getty Images",
    "UPDATE 1-",
};

// Deterministic splitmix64: the test is the same on every run and platform.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

std::string random_body(Rng& rng) {
  constexpr size_t kCount = std::size(kPieces);
  std::string body;
  const size_t pieces = 1 + rng.below(rng.below(4) == 0 ? 400 : 40);
  for (size_t i = 0; i < pieces; ++i) {
    body += kPieces[rng.below(kCount)];
    switch (rng.below(6)) {  // mostly words separated by spaces, as in prose
      case 0:
        break;
      case 1:
        body += '\n';
        break;
      default:
        body += ' ';
    }
  }
  return body;
}

TEST(NormalizeDifferentialTest, GeneratedBodiesMatchTheReference) {
  Differ d;
  Rng rng{20261128};
  for (int i = 0; i < 4000; ++i) {
    d.check(random_body(rng));
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_EQ(d.checked(), 4000u * variants().size());
}

// Random bytes, mostly printable ASCII with some high bytes and line breaks: every byte value
// at every position relative to a word.
TEST(NormalizeDifferentialTest, RandomBytesMatchTheReference) {
  Differ d;
  Rng rng{7};
  for (int i = 0; i < 5000; ++i) {
    std::string body(rng.below(300), ' ');
    for (char& c : body) {
      const size_t r = rng.below(10);
      c = r < 7 ? static_cast<char>(0x20 + rng.below(0x5f))
                : static_cast<char>(r == 7 ? '\n' : rng.below(256));
    }
    d.check(body);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(NormalizeDifferentialTest, EachPieceAloneAndAtEveryEdgeMatchesTheReference) {
  Differ d;
  for (std::string_view p : kPieces) {
    for (std::string_view q : kPieces) {
      std::string body(p);
      body += q;
      d.check(body);
      body.assign(p);
      body += " x ";
      body += q;
      d.check(body);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

// Long runs: the SIMD scans work in 16- and 32-byte blocks, so specials at every offset of a
// block and bodies longer than one block must match too.
TEST(NormalizeDifferentialTest, SpecialBytesAtEveryBlockOffsetMatchTheReference) {
  Differ d;
  for (std::string_view special : {"<p>", "&amp;", "\r\n", "\r", "\xc3\xa9", "\xe2\x80\x94", "\n",
                                   "<b>", "&#233;", "1,2", "A"}) {
    for (size_t at = 0; at < 80; ++at) {
      std::string body(std::string(at, 'a') + std::string(special) + std::string(70, 'b'));
      for (size_t k = 5; k < body.size(); k += 7) body[k] = ' ';
      d.check(body);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

// Chrome lines: breadcrumb separators and phrases at every offset of a short line (the
// separator bytes are looked for 16 at a time, phrases by their first four bytes), phrases cut
// short at the line's end ("read mor"), as the first, a middle and the last line.
TEST(NormalizeDifferentialTest, ChromeLinesAtEveryOffsetMatchTheReference) {
  Differ d;
  for (std::string_view piece :
       {"Home > World > Europe", "News | Business | Markets", "a / b / c",
        "Home \u00bb World \u203a Europe", "read more", "Read Entire Article", "rea", "read mor",
        "related:", "relate", "readxmore", "rexd more", "(c) 20", "\u00a9",
        "share:", "Advertisement"}) {
    for (size_t at = 0; at < 40; ++at) {
      std::string line;
      for (size_t k = 0; k < at; ++k) line += k % 5 == 4 ? ' ' : 'w';
      line.append(piece);
      for (const std::string& body :
           {line, line + " x",
            "Opening line of the story goes here.\n" + line +
                "\nA closing line of prose, long enough to be a sentence.",
            "Opening line of the story goes here.\nMore text.\n" + line}) {
        d.check(body);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

// `piece` at every offset 0..139 of a line of filler words and separators, before a long run
// that crosses the next mask word; each line also cut at 64 bytes, and as 63 + 65 bytes on two
// lines. With `neighbours`, a number sometimes ends just before the piece and the piece is
// sometimes joined to the filler word before it.
void check_at_every_mask_offset(Differ& d, std::string_view piece, bool neighbours) {
  for (size_t at = 0; at < 140; ++at) {
    std::string line(at, 'w');
    for (size_t k = 3; k < line.size(); k += 11) line[k] = (k % 3 == 0) ? ' ' : '-';
    if (neighbours && at % 5 == 0 && at > 2) line[at - 2] = '9';
    if (!neighbours || at % 3 != 0) line += ' ';
    line.append(piece);
    line += ' ';
    line.append(70 - at % 7, at % 2 ? '8' : 'Q');
    d.check(line);
    d.check(line.substr(0, 64));
    d.check(line.substr(0, 63) + "\n" + line.substr(0, 65));
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// All-ASCII lines are tokenized from 64-bit masks: words and numbers across a mask word's edge,
// runs longer than 64 bytes, separators joined (or not) at every offset, letters before a
// joined separator ("a1.5" is "a1" and "5"), lines of exactly 63/64/65 bytes.
TEST(NormalizeDifferentialTest, AsciiLinesAtEveryMaskOffsetMatchTheReference) {
  Differ d;
  for (std::string_view piece : {"1,250.5", "a1.5", "12a.5", "1.b", "Z9/9", "7,", ",7", "3.4.5",
                                 "x", "MONTH", "March", "seven", "9", "ab,cd"}) {
    check_at_every_mask_offset(d, piece, /*neighbours=*/false);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// A line with a non-ASCII byte keeps its ASCII words on the mask path; only the runs holding a
// non-ASCII byte are scanned byte by byte. Every kind of such run (a letter, a quote or dash
// that separates, a combining mark, a no-break space, digits of other scripts, a stray
// continuation byte) at every offset across mask words, next to ASCII words and numbers.
TEST(NormalizeDifferentialTest, NonAsciiRunsAtEveryMaskOffsetMatchTheReference) {
  Differ d;
  for (std::string_view piece :
       {"caf\u00e9.", "\u201cQuoted\u201d", "na\u00efve1.5", "1,250\u20ac", "a\u2014b",
        "e\u0301clair", "x\u00a0y", "\u00dcN\u00cfC\u00d6DE", "\u6771\u4eac", "\u0663.\u0665",
        "it\u2019s", "1.5\u2019", "\u201c1,250.5\u201d", "\x80z", "\u00c9T\u00c9 2024"}) {
    check_at_every_mask_offset(d, piece, /*neighbours=*/true);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(NormalizeDifferentialTest, SampleArticlesMatchTheReference) {
  std::ifstream in(std::string(NEWSDEDUP_TEST_DATA_DIR) + "/sample_articles.jsonl");
  ASSERT_TRUE(in.good());
  parse::Parser parser(config::default_config().parse);
  Article a;
  Differ d;
  size_t bodies = 0;
  for (std::string line; std::getline(in, line);) {
    if (!parser.parse(line, a).ok()) continue;
    d.check(a.body);
    d.check(a.title);
    ++bodies;
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(bodies, 10u);
}

TEST(NormalizeDifferentialTest, FuzzCorpusMatchesTheReference) {
  const std::filesystem::path dir =
      std::filesystem::path(NEWSDEDUP_SOURCE_DIR) / "tests/fuzz/corpus/normalize";
  Differ d;
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream f(entry.path(), std::ios::binary);
    const std::string body((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    d.check(body);
    ++files;
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(files, 100u);
}

}  // namespace
}  // namespace newsdedup::normalize
