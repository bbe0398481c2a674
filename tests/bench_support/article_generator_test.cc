// Tests of the benchmark corpus generator (bench/support/article_generator.h) and the hash-floor
// baseline: determinism, JSON validity through the project's own parser, sizes, repost kinds
// and what each transformation does to a story.
#include "support/article_generator.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/model/article.h"
#include "newsdedup/parse/parser.h"
#include "support/hash_floor.h"

namespace newsdedup::bench {
namespace {

std::vector<GeneratedRecord> make(size_t count, uint64_t seed, size_t size = 4096) {
  GeneratorOptions options;
  options.seed = seed;
  options.target_bytes = size;
  ArticleGenerator gen(options);
  return gen.generate(count);
}

Article parse_or_fail(const std::string& json) {
  parse::Parser parser(config::default_config().parse);
  Article a;
  const Status s = parser.parse(json, a);
  EXPECT_TRUE(s.ok()) << s.error().message << "\n" << json.substr(0, 300);
  return a;
}

std::string collapse_whitespace(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> paragraphs(const std::string& body) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= body.size()) {
    size_t j = body.find("\n\n", i);
    if (j == std::string::npos) j = body.size();
    out.push_back(body.substr(i, j - i));
    i = j + 2;
  }
  return out;
}

// Records of a 6000-record stream, with the parsed article of every record.
struct Stream {
  std::vector<GeneratedRecord> records;
  std::vector<Article> articles;
  std::unordered_map<std::string, size_t> index_of;  // id -> position
  const Article& original_of(const GeneratedRecord& r) const {
    return articles.at(index_of.at(r.cluster));
  }
};

const Stream& stream() {
  static const Stream s = [] {
    Stream out;
    out.records = make(6000, 21);
    for (size_t i = 0; i < out.records.size(); ++i) {
      out.articles.push_back(parse_or_fail(out.records[i].json));
      out.index_of.emplace(out.records[i].id, i);
    }
    return out;
  }();
  return s;
}

// Reposts with exactly one transformation `kind`.
std::vector<size_t> single(Kind kind) {
  std::vector<size_t> out;
  const Stream& s = stream();
  for (size_t i = 0; i < s.records.size(); ++i) {
    if (s.records[i].kind == kind_name(kind)) out.push_back(i);
  }
  return out;
}

TEST(ArticleGeneratorTest, SameSeedGivesSameRecords) {
  const auto a = make(400, 5);
  const auto b = make(400, 5);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].json, b[i].json) << i;
    EXPECT_EQ(a[i].kind, b[i].kind) << i;
    EXPECT_EQ(a[i].cluster, b[i].cluster) << i;
  }
}

TEST(ArticleGeneratorTest, DifferentSeedsGiveDifferentRecords) {
  const auto a = make(50, 5);
  const auto b = make(50, 6);
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i].json == b[i].json ? 1 : 0;
  EXPECT_EQ(same, 0u);
}

TEST(ArticleGeneratorTest, EveryRecordParsesWithTheProjectParser) {
  const Stream& s = stream();
  for (size_t i = 0; i < s.records.size(); ++i) {
    EXPECT_EQ(s.articles[i].id, s.records[i].id);
    EXPECT_FALSE(s.articles[i].body.empty()) << s.records[i].id;
    EXPECT_FALSE(s.articles[i].title.empty()) << s.records[i].id;
    EXPECT_EQ(s.articles[i].lang, "en");
    EXPECT_NE(s.articles[i].published_at_ms, 0) << s.articles[i].published_at;
  }
}

TEST(ArticleGeneratorTest, NoTemplateSlotIsLeftUnfilled) {
  for (const auto& a : stream().articles) {
    EXPECT_EQ(a.body.find('{'), std::string::npos) << a.id;
    EXPECT_EQ(a.body.find('['), std::string::npos) << a.id;
    EXPECT_EQ(a.title.find('{'), std::string::npos) << a.id;
  }
}

TEST(ArticleGeneratorTest, OriginalsAreNearTheTargetSize) {
  for (const size_t size : {1024u, 4096u, 16384u}) {
    const auto records = make(400, 3, size);
    double total = 0;
    size_t n = 0;
    for (const auto& r : records) {
      if (r.primary != Kind::kOriginal) continue;
      EXPECT_GT(r.json.size(), size * 8 / 10) << size;
      EXPECT_LT(r.json.size(), size * 12 / 10) << size;
      total += static_cast<double>(r.json.size());
      ++n;
    }
    ASSERT_GT(n, 0u);
    EXPECT_NEAR(total / static_cast<double>(n), static_cast<double>(size),
                static_cast<double>(size) * 0.06);
  }
}

TEST(ArticleGeneratorTest, RepostShareFollowsTheOption) {
  for (const double share : {0.1, 0.3, 0.5}) {
    GeneratorOptions options;
    options.repost_share = share;
    options.target_bytes = 800;
    ArticleGenerator gen(options);
    const auto records = gen.generate(6000);
    const auto dups = std::count_if(records.begin(), records.end(),
                                    [](const GeneratedRecord& r) { return r.expect_duplicate; });
    EXPECT_NEAR(static_cast<double>(dups) / 6000.0, share, 0.03) << share;
  }
}

TEST(ArticleGeneratorTest, ExpectDuplicateMeansAnEarlierRecordHasTheCluster) {
  std::set<std::string> seen;
  for (const auto& r : stream().records) {
    EXPECT_EQ(r.expect_duplicate, seen.count(r.cluster) == 1) << r.id;
    seen.insert(r.cluster);
  }
}

TEST(ArticleGeneratorTest, EveryKindAppearsAloneAndCombined) {
  std::map<std::string, size_t> singles;
  size_t combined = 0;
  for (const auto& r : stream().records) {
    ++singles[r.kind];
    combined += r.kind.find('+') != std::string::npos ? 1 : 0;
  }
  for (int k = 0; k < kKindCount; ++k) {
    EXPECT_GE(singles[kind_name(static_cast<Kind>(k))], 10u) << kind_name(static_cast<Kind>(k));
  }
  EXPECT_GE(combined, 200u);
}

TEST(ArticleGeneratorTest, LabelsLineCarriesTheTruth) {
  GeneratedRecord r;
  r.id = "g1-00000007";
  r.cluster = "g1-00000003";
  r.kind = "teaser+html";
  r.expect_duplicate = true;
  EXPECT_EQ(labels_json(r),
            "{\"id\":\"g1-00000007\",\"cluster\":\"g1-00000003\",\"kind\":\"teaser+html\","
            "\"origin\":\"generated\",\"expect\":\"duplicate\"}");
}

TEST(ArticleGeneratorTest, ExactCopiesKeepTheBody) {
  const auto idx = single(Kind::kExact);
  ASSERT_FALSE(idx.empty());
  for (size_t i : idx) {
    const Stream& s = stream();
    EXPECT_EQ(s.articles[i].body, s.original_of(s.records[i]).body);
    EXPECT_NE(s.articles[i].url, s.original_of(s.records[i]).url);
  }
}

TEST(ArticleGeneratorTest, HeadlineRepostsChangeOnlyTheTitle) {
  for (size_t i : single(Kind::kHeadline)) {
    const Stream& s = stream();
    EXPECT_EQ(s.articles[i].body, s.original_of(s.records[i]).body);
    EXPECT_NE(s.articles[i].title, s.original_of(s.records[i]).title);
  }
}

TEST(ArticleGeneratorTest, TeasersAreShortPrefixesEndingInAnEllipsis) {
  const auto idx = single(Kind::kTeaser);
  ASSERT_FALSE(idx.empty());
  for (size_t i : idx) {
    const Stream& s = stream();
    const std::string& body = s.articles[i].body;
    const std::string& original = s.original_of(s.records[i]).body;
    EXPECT_LT(body.size() * 2, original.size()) << s.records[i].id;
    const bool dots = body.ends_with("...") || body.ends_with("\u2026");
    EXPECT_TRUE(dots) << body.substr(body.size() > 40 ? body.size() - 40 : 0);
    // Without the ellipsis, the teaser's first 40 characters open the original.
    EXPECT_EQ(original.substr(0, 40), body.substr(0, 40));
  }
}

TEST(ArticleGeneratorTest, ShortenedRepostsArePrefixesOfTheOriginal) {
  const auto idx = single(Kind::kShortened);
  ASSERT_FALSE(idx.empty());
  for (size_t i : idx) {
    const Stream& s = stream();
    const std::string& body = s.articles[i].body;
    const std::string& original = s.original_of(s.records[i]).body;
    EXPECT_LT(body.size(), original.size());
    EXPECT_TRUE(original.starts_with(body)) << s.records[i].id;
    EXPECT_GE(body.size() * 10, original.size() * 5) << s.records[i].id;
  }
}

TEST(ArticleGeneratorTest, UpdatesAppendParagraphs) {
  const auto idx = single(Kind::kUpdate);
  ASSERT_FALSE(idx.empty());
  for (size_t i : idx) {
    const Stream& s = stream();
    const std::string& body = s.articles[i].body;
    const std::string& original = s.original_of(s.records[i]).body;
    EXPECT_GT(body.size(), original.size());
    EXPECT_NE(body.find(original), std::string::npos) << s.records[i].id;
  }
}

TEST(ArticleGeneratorTest, ChromeKeepsEveryParagraphAndAddsLines) {
  const auto idx = single(Kind::kChrome);
  ASSERT_FALSE(idx.empty());
  for (size_t i : idx) {
    const Stream& s = stream();
    const std::string& body = s.articles[i].body;
    const std::string& original = s.original_of(s.records[i]).body;
    const auto paras = paragraphs(original);
    for (const auto& p : paras) EXPECT_NE(body.find(p), std::string::npos) << s.records[i].id;
    EXPECT_GE(paragraphs(body).size(), paras.size() + 2) << s.records[i].id;
  }
}

TEST(ArticleGeneratorTest, DatelineRepostsKeepTheStoryAfterTheFirstParagraph) {
  const auto idx = single(Kind::kDateline);
  ASSERT_FALSE(idx.empty());
  for (size_t i : idx) {
    const Stream& s = stream();
    const std::string& body = s.articles[i].body;
    const std::string& original = s.original_of(s.records[i]).body;
    EXPECT_NE(body, original);
    const auto paras = paragraphs(original);
    EXPECT_NE(body.find(paras.back()), std::string::npos) << s.records[i].id;
  }
}

TEST(ArticleGeneratorTest, WhitespaceRepostsDifferOnlyInWhitespace) {
  const auto idx = single(Kind::kWhitespace);
  ASSERT_FALSE(idx.empty());
  for (size_t i : idx) {
    const Stream& s = stream();
    const std::string& body = s.articles[i].body;
    const std::string& original = s.original_of(s.records[i]).body;
    EXPECT_NE(body, original);
    EXPECT_EQ(collapse_whitespace(body), collapse_whitespace(original)) << s.records[i].id;
  }
}

TEST(ArticleGeneratorTest, HtmlRepostsCarryMarkupAndEntities) {
  const auto idx = single(Kind::kHtml);
  ASSERT_FALSE(idx.empty());
  size_t entities = 0;
  for (size_t i : idx) {
    const std::string& body = stream().articles[i].body;
    EXPECT_TRUE(body.starts_with("<p") || body.starts_with("<div")) << body.substr(0, 60);
    EXPECT_NE(body.find("</p>"), std::string::npos);
    entities += body.find("&quot;") != std::string::npos || body.find("&#") != std::string::npos;
  }
  EXPECT_GT(entities * 2, idx.size());
}

TEST(ArticleGeneratorTest, UnicodeAndEditRepostsChangeTheText) {
  for (Kind kind : {Kind::kUnicode, Kind::kEdit}) {
    const auto idx = single(kind);
    ASSERT_FALSE(idx.empty());
    for (size_t i : idx) {
      const Stream& s = stream();
      EXPECT_NE(s.articles[i].body, s.original_of(s.records[i]).body) << s.records[i].id;
    }
  }
}

TEST(ArticleGeneratorTest, TemplateNegativesStartTheirOwnCluster) {
  size_t n = 0;
  for (const auto& r : stream().records) {
    if (r.primary != Kind::kTemplateNegative) continue;
    ++n;
    EXPECT_EQ(r.cluster, r.id);
    EXPECT_FALSE(r.expect_duplicate);
  }
  EXPECT_GT(n, 100u);
}

TEST(ArticleGeneratorTest, RepostKindsCanBeRestricted) {
  GeneratorOptions options;
  options.repost_kinds = {Kind::kTeaser};
  options.target_bytes = 1000;
  ArticleGenerator gen(options);
  for (const auto& r : gen.generate(1000)) {
    if (r.primary == Kind::kOriginal || r.primary == Kind::kTemplateNegative) continue;
    EXPECT_EQ(r.kind, "teaser");
  }
}

TEST(ArticleGeneratorTest, EarlyRepostsPrecedeTheirOriginal) {
  GeneratorOptions options;
  options.early_share = 1.0;
  options.target_bytes = 800;
  ArticleGenerator gen(options);
  const auto records = gen.generate(600);
  size_t early = 0;
  for (size_t i = 0; i + 1 < records.size(); ++i) {
    if (records[i].primary == Kind::kOriginal || records[i].primary == Kind::kTemplateNegative) {
      continue;
    }
    ++early;
    EXPECT_FALSE(records[i].expect_duplicate);
    EXPECT_EQ(records[i + 1].id, records[i].cluster);
    EXPECT_TRUE(records[i + 1].expect_duplicate);
  }
  EXPECT_GT(early, 100u);
}

TEST(JsonEscapeTest, EscapesQuotesControlsAndOptionallyNonAscii) {
  std::string out;
  append_json_escaped(out, "a\"b\\c\n\x01\xc3\xa9");
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\u0001\xc3\xa9");
  out.clear();
  append_json_escaped(out, "\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80", true);
  EXPECT_EQ(out, "\\u00e9 \\u2014 \\ud83d\\ude00");
}

TEST(HashFloorTest, HashesEveryFiveWordShingleOfTheLowercasedBody) {
  HashFloor floor;
  uint64_t shingles = 0, sink = 0;
  ASSERT_TRUE(
      floor.process(R"({"id":"x","body":"One two  Three\nfour five SIX"})", shingles, sink));
  EXPECT_EQ(shingles, 2u);
  const std::string a = "one two  three\nfour five";
  const std::string b = "two  three\nfour five six";
  EXPECT_EQ(sink, XXH3_64bits(a.data(), a.size()) ^ XXH3_64bits(b.data(), b.size()));
}

TEST(HashFloorTest, ShortBodiesHaveNoShinglesAndBadRecordsFail) {
  HashFloor floor;
  uint64_t shingles = 0, sink = 0;
  EXPECT_TRUE(floor.process(R"({"body":"only four words here"})", shingles, sink));
  EXPECT_EQ(shingles, 0u);
  EXPECT_FALSE(floor.process("not json", shingles, sink));
  EXPECT_FALSE(floor.process(R"({"body":42})", shingles, sink));
  EXPECT_FALSE(floor.process(R"(["body"])", shingles, sink));
  EXPECT_EQ(sink, 0u);
}

}  // namespace
}  // namespace newsdedup::bench
