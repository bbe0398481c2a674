#include "newsdedup/normalize/normalizer.h"

#include <gtest/gtest.h>

#include <iterator>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"

namespace newsdedup::normalize {
namespace {

// All article text below is made up for these tests.
NormalizedText normalize_with(const config::NormalizeConfig& c, std::string_view body) {
  const Normalizer n(c);
  NormalizedText out;
  n.normalize(body, out);
  return out;
}

NormalizedText norm(std::string_view body) {
  return normalize_with(config::default_config().normalize, body);
}

std::string text(std::string_view body) { return norm(body).text; }

std::vector<std::string> tokens(const NormalizedText& t) {
  std::vector<std::string> out;
  for (size_t i = 0; i < t.tokens.size(); ++i) out.emplace_back(t.token(i));
  return out;
}

std::vector<std::string> numeric_tokens(const NormalizedText& t) {
  std::vector<std::string> out;
  for (size_t i = 0; i < t.tokens.size(); ++i) {
    if (t.tokens[i].numeric) out.emplace_back(t.token(i));
  }
  return out;
}

constexpr std::string_view kKremlin = "the kremlin said on tuesday that talks would resume";

// ---- markup ---------------------------------------------------------------------------------

TEST(NormalizerTest, HtmlTagsAndNamedEntitiesAreRemoved) {
  EXPECT_EQ(text("<p>Fish &amp; chips&nbsp;are <b>cheap</b> &mdash; and &quot;hot&quot;</p>"),
            "fish chips are cheap and hot");
}

TEST(NormalizerTest, NumericEntitiesDecodeToTheSameWordsAsLiteralText) {
  EXPECT_EQ(text("caf&#233; d&#xE9;j&#xe0; vu it&#8217;s"), text("café déjà vu it’s"));
  EXPECT_EQ(text("caf&#233; d&#xE9;j&#xe0; vu"), "cafe deja vu");
}

TEST(NormalizerTest, ParagraphsAndBreaksSeparateWords) {
  EXPECT_EQ(text("<p>The vote ended</p><p>Counting began</p>"), "the vote ended counting began");
  EXPECT_EQ(text("first line<br>second line<br/>third"), "first line second line third");
}

TEST(NormalizerTest, UnknownAngleBracketTextIsKept) {
  EXPECT_EQ(text("Shares of <PEP> rose 2 percent"), "shares of pep rose 2 percent");
}

TEST(NormalizerTest, ScriptAndStyleAreDropped) {
  EXPECT_EQ(text("Markets opened.<script>track(\"page view\");</script><style>p{margin:0}</style>"
                 " Trading was light."),
            "markets opened trading was light");
}

TEST(NormalizerTest, HtmlIsKeptAsTextWhenStrippingIsOff) {
  config::NormalizeConfig c = config::default_config().normalize;
  c.strip_html = false;
  EXPECT_EQ(normalize_with(c, "<b>bold</b> &amp; more").text, "b bold b amp more");
}

// ---- whitespace, quotes, dashes, Unicode ---------------------------------------------------

TEST(NormalizerTest, WhitespaceIsFoldedToSingleSpaces) {
  EXPECT_EQ(text("  Line one   with\tspaces  \n\n\n   Line two \t"),
            "line one with spaces line two");
}

TEST(NormalizerTest, CrlfGivesTheSameTextAsLf) {
  const std::string lf =
      "The council met.\nIt voted to adjourn.\nAdvertisement\nThe end came late.";
  std::string crlf;
  for (char c : lf) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_EQ(text(crlf), text(lf));
  EXPECT_EQ(text(lf), "the council met it voted to adjourn the end came late");
}

TEST(NormalizerTest, CurlyAndStraightQuotesAndDashesGiveTheSameTokens) {
  const NormalizedText curly =
      norm("He said \u201cit\u2019s fine\u201d \u2014 the \u2018deal\u2019 holds \u2013 for now");
  const NormalizedText straight = norm("He said \"it's fine\" -- the 'deal' holds - for now");
  EXPECT_EQ(curly.text, straight.text);
  EXPECT_EQ(tokens(curly), tokens(straight));
  EXPECT_EQ(curly.text, "he said it s fine the deal holds for now");
}

TEST(NormalizerTest, NfdAndNfcGiveTheSameText) {
  const std::string nfc = "Caf\xC3\xA9 na\xC3\xAFve Jos\xC3\xA9";     // precomposed é, ï
  const std::string nfd = "Cafe\xCC\x81 nai\xCC\x88ve Jose\xCC\x81";  // e + U+0301, i + U+0308
  EXPECT_EQ(text(nfc), text(nfd));
  EXPECT_EQ(tokens(norm(nfc)), tokens(norm(nfd)));
  EXPECT_EQ(text(nfc), "cafe naive jose");
}

TEST(NormalizerTest, CompatibilityFormsFoldToPlainLetters) {
  EXPECT_EQ(text("\xEF\xAC\x81nance"), "finance");                 // U+FB01 "fi" ligature
  EXPECT_EQ(text("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3"), "abc");  // fullwidth ABC
}

TEST(NormalizerTest, CaseIsFolded) {
  EXPECT_EQ(text("GOVERNMENT Government government"), "government government government");
  EXPECT_EQ(text("STRASSE Stra\xC3\x9F"
                 "e"),
            "strasse strasse");
  EXPECT_EQ(text("\xC3\x89"
                 "COLE \xC3\xA9"
                 "cole"),
            "ecole ecole");
}

// ---- datelines ------------------------------------------------------------------------------

TEST(NormalizerTest, CapitalCityAgencyDashDatelineIsRemoved) {
  const NormalizedText t =
      norm("MOSCOW (AFP) - The Kremlin said on Tuesday that talks would resume.");
  EXPECT_EQ(t.text, kKremlin);
  EXPECT_EQ(t.place, "moscow");
  EXPECT_EQ(t.day, 0u);
  EXPECT_EQ(t.month, 0u);
}

TEST(NormalizerTest, CityDateAgencyEmDashDatelineIsRemovedWithItsDate) {
  const NormalizedText t =
      norm("Moscow, June 17 (Reuters) \u2014 The Kremlin said on Tuesday that talks would resume.");
  EXPECT_EQ(t.text, kKremlin);
  EXPECT_EQ(t.place, "moscow");
  EXPECT_EQ(t.day, 17u);
  EXPECT_EQ(t.month, 6u);
}

TEST(NormalizerTest, CapitalCityColonDatelineIsRemoved) {
  const NormalizedText t = norm("MOSCOW: The Kremlin said on Tuesday that talks would resume.");
  EXPECT_EQ(t.text, kKremlin);
  EXPECT_EQ(t.place, "moscow");
  EXPECT_EQ(t.day, 0u);
}

TEST(NormalizerTest, MultiWordCityWithDateDatelineRecordsTheFirstPlaceWord) {
  const NormalizedText t =
      norm("LOS ANGELES, March 5 - A magnitude 4.2 earthquake shook the city.");
  EXPECT_EQ(t.text, "a magnitude 4.2 earthquake shook the city");
  EXPECT_EQ(t.place, "los");
  EXPECT_EQ(t.day, 5u);
  EXPECT_EQ(t.month, 3u);
}

TEST(NormalizerTest, DatelineWithRegionAndAbbreviatedMonthIsRemoved) {
  const NormalizedText t = norm(
      "RIO DE JANEIRO, Brazil, Jan. 9 (Reuters) - The Kremlin said on Tuesday that talks "
      "would resume.");
  EXPECT_EQ(t.text, kKremlin);
  EXPECT_EQ(t.place, "rio");
  EXPECT_EQ(t.day, 9u);
  EXPECT_EQ(t.month, 1u);
}

TEST(NormalizerTest, SeptAbbreviationIsSeptember) {
  const NormalizedText t = norm(
      "NEW YORK, Sept 30 \u2014 The Kremlin said on Tuesday that talks "
      "would resume.");
  EXPECT_EQ(t.text, kKremlin);
  EXPECT_EQ(t.place, "new");
  EXPECT_EQ(t.day, 30u);
  EXPECT_EQ(t.month, 9u);
}

// "WASHINGTON\u2014 ..." (the dash glued to the city) is the same place as "WASHINGTON (AP) -".
TEST(NormalizerTest, DatelineWithAGluedEmDashRecordsThePlainPlace) {
  const NormalizedText glued = norm("WASHINGTON\u2014 The board met on Monday.");
  EXPECT_EQ(glued.text, "the board met on monday");
  EXPECT_EQ(glued.place, "washington");
  EXPECT_EQ(glued.place, norm("WASHINGTON (AP) - The board met on Monday.").place);
}

TEST(NormalizerTest, DatelinesInEveryHouseStyleGiveTheSameText) {
  const std::string body = "The Kremlin said on Tuesday that talks would resume.";
  EXPECT_EQ(text("MOSCOW (AFP) - " + body), text(body));
  EXPECT_EQ(text("Moscow, June 17 (Reuters) \u2014 " + body), text(body));
  EXPECT_EQ(text("MOSCOW: " + body), text(body));
  EXPECT_EQ(text("MOSCOW \u2013 " + body), text(body));
}

TEST(NormalizerTest, TextWithoutADatelineRecordsNoFacts) {
  const NormalizedText t = norm("The Kremlin said on Tuesday that talks would resume.");
  EXPECT_EQ(t.text, kKremlin);
  EXPECT_EQ(t.place, "");
  EXPECT_EQ(t.day, 0u);
  EXPECT_EQ(t.month, 0u);
}

TEST(NormalizerTest, AllCapsHeadlineLineThatIsNotADatelineIsKept) {
  const NormalizedText t = norm(
      "STORM HITS COAST AS THOUSANDS FLEE\nThousands of residents left their homes on Sunday.");
  EXPECT_EQ(t.text,
            "storm hits coast as thousands flee thousands of residents left their homes on "
            "sunday");
  EXPECT_EQ(t.place, "");
}

TEST(NormalizerTest, ADatelineShapeBelowTheFirstLineIsKept) {
  EXPECT_EQ(text("The talks resumed on Tuesday.\nMOSCOW: officials declined to comment."),
            "the talks resumed on tuesday moscow officials declined to comment");
}

TEST(NormalizerTest, DatelinesAreKeptWhenRemovalIsOff) {
  config::NormalizeConfig c = config::default_config().normalize;
  c.remove_datelines = false;
  const NormalizedText t = normalize_with(c, "MOSCOW (AFP) - The talks resumed.");
  EXPECT_EQ(t.text, "moscow afp the talks resumed");
  EXPECT_EQ(t.place, "");
}

// ---- bylines ------------------------------------------------------------------------------

TEST(NormalizerTest, BylinesAreRemoved) {
  const std::string body = "The council voted on Monday to approve the budget.";
  const std::string want = "the council voted on monday to approve the budget";
  EXPECT_EQ(text("By Jane Doe\n" + body), want);
  EXPECT_EQ(text("BY JANE DOE AND JOHN ROE\n" + body), want);
  EXPECT_EQ(text("By Jane Doe, Staff Reporter\n" + body), want);
  EXPECT_EQ(text("By Jane Doe in Washington\n" + body), want);
}

TEST(NormalizerTest, BylineThenDatelineAreBothRemoved) {
  const NormalizedText t = norm("By Jane Doe\nWASHINGTON (AP) - The board met on Monday.");
  EXPECT_EQ(t.text, "the board met on monday");
  EXPECT_EQ(t.place, "washington");
}

TEST(NormalizerTest, SentenceStartingWithByIsNotAByline) {
  EXPECT_EQ(text("By the end of the week the river had risen two metres."),
            "by the end of the week the river had risen two metres");
}

// ---- site chrome ----------------------------------------------------------------------------

constexpr std::string_view kBody =
    "The city council approved a new transit plan on Monday after months of debate.\n"
    "The plan adds four bus lines and extends the tram to the airport by 2028.\n"
    "Officials said the cost would be split between the city and the region.";

class ChromeLineTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ChromeLineTest, ChromeLineAtTheTopIsRemoved) {
  EXPECT_EQ(text(std::string(GetParam()) + "\n" + std::string(kBody)), text(kBody));
}

TEST_P(ChromeLineTest, ChromeLineAtTheBottomIsRemoved) {
  EXPECT_EQ(text(std::string(kBody) + "\n" + GetParam()), text(kBody));
}

INSTANTIATE_TEST_SUITE_P(
    NormalizerTest, ChromeLineTest,
    ::testing::Values("1,234 views", "12 comments", "Posted 3 hours ago", "Share on Facebook",
                      "Share this article", "Follow us on Twitter", "Read more",
                      "Read more: Transit plans across the country",
                      "Copyright 2025 Example Media. All rights reserved.",
                      "\xC2\xA9 2025 Example Media", "Related: Council delays vote on parking fees",
                      "Home \xC2\xBB World \xC2\xBB Europe", "Home > Local > Transport",
                      "News | Business | Markets", "Advertisement",
                      "Posted on March 3, 2025 by Jane Doe", "Source: Some Site",
                      "Subscribe to our newsletter", "5 min read",
                      "Updated: March 4, 2025 10:15 GMT", "Tags: transit, council, budget",
                      "Photo: Jane Doe/Example Images",
                      "(Reporting by Jane Doe; Editing by John Roe)", "Reuters", "BREAKING"));

TEST(NormalizerTest, SeveralChromeLinesAtBothEdgesAreRemoved) {
  const std::string page =
      "Home \xC2\xBB World \xC2\xBB Europe\n1,234 views\nShare on Facebook\n"
      "Posted on March 3, 2025 by Jane Doe\n" +
      std::string(kBody) +
      "\nRelated: Council delays vote on parking fees\nRead more\n"
      "Follow us on Twitter\nCopyright 2025 Example Media.\nSource: Some Site";
  EXPECT_EQ(text(page), text(kBody));
  EXPECT_EQ(text(kBody),
            "the city council approved a new transit plan on monday after months of debate the "
            "plan adds four bus lines and extends the tram to the airport by 2028 officials said "
            "the cost would be split between the city and the region");
}

TEST(NormalizerTest, ShortChromeInsideTheBodyIsRemoved) {
  EXPECT_EQ(text("The council met on Monday.\nAdvertisement\nIt approved the plan.\nRead more: "
                 "Budget news\nThe vote was close."),
            "the council met on monday it approved the plan the vote was close");
}

TEST(NormalizerTest, ChromeIsKeptWhenRemovalIsOff) {
  config::NormalizeConfig c = config::default_config().normalize;
  c.remove_chrome = false;
  EXPECT_EQ(normalize_with(c, "Advertisement\nThe council met.").text,
            "advertisement the council met");
}

TEST(NormalizerTest, FinalSentenceWithTheWordShareIsKept) {
  EXPECT_EQ(text("The board met on Monday.\nThe company said it would share more details with "
                 "investors next week."),
            "the board met on monday the company said it would share more details with investors "
            "next week");
  EXPECT_EQ(text("The mayor thanked residents.\nResidents can share their views at public "
                 "meetings this month."),
            "the mayor thanked residents residents can share their views at public meetings this "
            "month");
}

// A chrome word used in prose ("subscribe" as a verb in a real sentence) does not make the last
// paragraph site chrome.
TEST(NormalizerTest, FinalProseSentenceUsingAChromeWordIsKept) {
  EXPECT_EQ(text("The board met on Monday.\nThe number of households that subscribe to the "
                 "service doubled last year."),
            "the board met on monday the number of households that subscribe to the service "
            "doubled last year");
}

TEST(NormalizerTest, LongLastParagraphIsNeverChrome) {
  const std::string last =
      "Copyright lawyers for the publishers said the ruling, which runs to more than ninety "
      "pages, would be appealed before the end of the month in the higher court.";
  EXPECT_EQ(text("The court ruled on Monday.\n" + last),
            "the court ruled on monday copyright lawyers for the publishers said the ruling which "
            "runs to more than ninety pages would be appealed before the end of the month in the "
            "higher court");
}

TEST(NormalizerTest, BodyOfOnlyChromeIsEmpty) {
  const NormalizedText t = norm("Advertisement\nShare on Facebook\n\n1,234 views");
  EXPECT_EQ(t.text, "");
  EXPECT_TRUE(t.tokens.empty());
}

TEST(NormalizerTest, EmptyBodyIsEmpty) {
  const NormalizedText t = norm("");
  EXPECT_EQ(t.text, "");
  EXPECT_TRUE(t.tokens.empty());
}

// ---- teasers --------------------------------------------------------------------------------

TEST(NormalizerTest, TrailingEllipsisOfATeaserIsDroppedWithTheCutWord) {
  const std::string want = "the board met on monday it is a big week for the";
  EXPECT_EQ(text("The board met on Monday. It is a big week for the fi..."), want);
  EXPECT_EQ(text("The board met on Monday. It is a big week for the firm\u2026"), want);
  EXPECT_EQ(text("The board met on Monday. It is a big week for the firm [...]"), want);
  EXPECT_EQ(text("The board met on Monday. It is a big week for the firm [\u2026]"), want);
}

TEST(NormalizerTest, TextWithoutEllipsisKeepsItsLastWord) {
  EXPECT_EQ(text("The board met on Monday. It is a big week for the firm."),
            "the board met on monday it is a big week for the firm");
}

TEST(NormalizerTest, EllipsisInsideTheTextIsNotATeaser) {
  EXPECT_EQ(text("Wait... the board met on Monday.\nIt is a big week for the firm."),
            "wait the board met on monday it is a big week for the firm");
}

TEST(NormalizerTest, TeaserEllipsisIsKeptWhenDroppingIsOff) {
  config::NormalizeConfig c = config::default_config().normalize;
  c.drop_trailing_ellipsis = false;
  EXPECT_EQ(normalize_with(c, "It is a big week for the firm...").text,
            "it is a big week for the firm");
}

// ---- tokens ---------------------------------------------------------------------------------

TEST(NormalizerTest, NumbersWithInnerSeparatorsAreSingleNumericTokens) {
  const NormalizedText t =
      norm("The index rose 1,250.5 points; the bond yields 4.5% on 12.03.2025 and 3/4 of a point.");
  EXPECT_EQ(t.text,
            "the index rose 1,250.5 points the bond yields 4.5 on 12.03.2025 and 3/4 of a point");
  EXPECT_EQ(numeric_tokens(t), (std::vector<std::string>{"1,250.5", "4.5", "12.03.2025", "3/4"}));
}

TEST(NormalizerTest, FractionPriceSplitsAtTheDash) {
  const NormalizedText t = norm("The note traded at 9-7/8 on Friday.");
  EXPECT_EQ(tokens(t),
            (std::vector<std::string>{"the", "note", "traded", "at", "9", "7/8", "on", "friday"}));
  EXPECT_EQ(numeric_tokens(t), (std::vector<std::string>{"9", "7/8"}));
}

TEST(NormalizerTest, PunctuationAfterANumberIsNotPartOfIt) {
  const NormalizedText t = norm("Sales were 1,250, up from 980. Costs fell.");
  EXPECT_EQ(numeric_tokens(t), (std::vector<std::string>{"1,250", "980"}));
}

TEST(NormalizerTest, NumberWordsAndMonthsAreFlaggedNumeric) {
  const NormalizedText t = norm("Seven of the twenty ships left in March with three hundred crew.");
  EXPECT_EQ(numeric_tokens(t),
            (std::vector<std::string>{"seven", "twenty", "march", "three", "hundred"}));
}

// Every number and month word is numeric, on the mask path (ASCII lines) and the decoding
// path (a line with a non-ASCII byte), in any case: the figure-word lookup must find each.
TEST(NormalizerTest, EveryNumberAndMonthWordIsNumeric) {
  const std::vector<std::string> words = {
      "two",     "three",     "four",      "five",     "six",      "seven",    "eight",
      "nine",    "ten",       "eleven",    "twelve",   "thirteen", "fourteen", "fifteen",
      "sixteen", "seventeen", "eighteen",  "nineteen", "twenty",   "thirty",   "forty",
      "fifty",   "sixty",     "seventy",   "eighty",   "ninety",   "hundred",  "jan",
      "january", "feb",       "february",  "mar",      "march",    "apr",      "april",
      "may",     "jun",       "june",      "jul",      "july",     "aug",      "august",
      "sep",     "sept",      "september", "oct",      "october",  "nov",      "november",
      "dec",     "december"};
  for (const std::string& w : words) {
    std::string upper = w;
    for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
    for (const std::string& line :
         {"so " + w + " of them", "So " + upper + " of them", "caf\xC3\xA9 " + w + " of them"}) {
      EXPECT_EQ(numeric_tokens(norm(line)), (std::vector<std::string>{w})) << line;
    }
  }
  // Words sharing a figure word's first letters and length are not numbers, nor are those
  // sharing its lookup key (first, second and last letter, length: "there" and "three").
  EXPECT_TRUE(numeric_tokens(norm("the tend of sevens and seve mayor")).empty());
  EXPECT_TRUE(numeric_tokens(norm("There these tweeze Suppose moy")).empty());
}

TEST(NormalizerTest, WordsWithDigitsAreNotNumeric) {
  const NormalizedText t = norm("The A380 and the 737MAX flew.");
  EXPECT_EQ(tokens(t), (std::vector<std::string>{"the", "a380", "and", "the", "737max", "flew"}));
  EXPECT_TRUE(numeric_tokens(t).empty());
}

TEST(NormalizerTest, CapitalizedFlagFollowsTheSourceText) {
  const NormalizedText t = norm("acme hired Jane from \xC3\x89lan Corp");
  ASSERT_EQ(t.tokens.size(), 6u);
  EXPECT_FALSE(t.tokens[0].capitalized);  // acme
  EXPECT_FALSE(t.tokens[1].capitalized);  // hired
  EXPECT_TRUE(t.tokens[2].capitalized);   // Jane
  EXPECT_FALSE(t.tokens[3].capitalized);  // from
  EXPECT_TRUE(t.tokens[4].capitalized);   // Élan
  EXPECT_TRUE(t.tokens[5].capitalized);   // Corp
  EXPECT_EQ(t.token(4), "elan");
}

TEST(NormalizerTest, TokensAreTheSpaceSeparatedWordsOfTheText) {
  const NormalizedText t = norm("<p>Alpha, beta;</p>\n\u201cGamma\u201d \u2014 d\xC3\xA9lta 42!");
  std::string joined;
  for (size_t i = 0; i < t.tokens.size(); ++i) {
    if (i) joined += ' ';
    joined += t.token(i);
  }
  EXPECT_EQ(joined, t.text);
  EXPECT_EQ(tokens(t), (std::vector<std::string>{"alpha", "beta", "gamma", "delta", "42"}));
}

TEST(NormalizerTest, NormalizingIntoAUsedBufferClearsIt) {
  const Normalizer n(config::default_config().normalize);
  NormalizedText out;
  n.normalize("LONDON, March 5 (Reuters) - First story here.", out);
  EXPECT_EQ(out.place, "london");
  n.normalize("Second story.", out);
  EXPECT_EQ(out.text, "second story");
  EXPECT_EQ(out.tokens.size(), 2u);
  EXPECT_EQ(out.place, "");
  EXPECT_EQ(out.day, 0u);
  EXPECT_EQ(out.month, 0u);
}

// Deterministic random documents built from the pieces normalization cares about (markup,
// entities, datelines, chrome, multi-byte and stray bytes, separators): whatever the input, the
// output keeps its invariants: tokens are the non-empty, space-free words of `text`, in order.
TEST(NormalizerTest, RandomDocumentsKeepTheTokenInvariants) {
  static constexpr std::string_view kPieces[] = {"MOSCOW (AFP) - ",
                                                 "By Jane Doe\n",
                                                 "<p>",
                                                 "</p>",
                                                 "<br>",
                                                 "<script>x<y</script>",
                                                 "&amp;",
                                                 "&#8212;",
                                                 "&#x1F600;",
                                                 "&bogus;",
                                                 "<PEP>",
                                                 "\n",
                                                 "\r\n",
                                                 " ",
                                                 "\t",
                                                 "...",
                                                 "\xE2\x80\xA6",
                                                 "1,250.5",
                                                 "9-7/8",
                                                 ",",
                                                 ".",
                                                 "word",
                                                 "Capital",
                                                 "seven",
                                                 "March",
                                                 "\xC3\xA9",
                                                 "e\xCC\x81",
                                                 "\xEF\xAC\x81",
                                                 "\xCC\x81",
                                                 "\xFF",
                                                 "\xC3",
                                                 "Advertisement\n",
                                                 "Read more\n",
                                                 "1,234 views\n",
                                                 "Home \xC2\xBB World \xC2\xBB Europe\n",
                                                 "\xE2\x80\x94",
                                                 "<",
                                                 ">",
                                                 "&",
                                                 "\"",
                                                 "'"};
  uint64_t state = 20250603;
  auto next = [&state] {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  const Normalizer n(config::default_config().normalize);
  NormalizedText out;
  for (int doc = 0; doc < 2000; ++doc) {
    std::string body;
    const size_t pieces = next() % 60;
    for (size_t i = 0; i < pieces; ++i) body += kPieces[next() % std::size(kPieces)];
    n.normalize(body, out);
    std::string joined;
    for (size_t i = 0; i < out.tokens.size(); ++i) {
      const std::string_view tok = out.token(i);
      ASSERT_FALSE(tok.empty()) << body;
      ASSERT_EQ(tok.find(' '), std::string_view::npos) << body;
      if (i) joined += ' ';
      joined += tok;
    }
    ASSERT_EQ(joined, out.text) << body;
    ASSERT_LE(out.day, 31u) << body;
    ASSERT_LE(out.month, 12u) << body;
  }
}

}  // namespace
}  // namespace newsdedup::normalize
