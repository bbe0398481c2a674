#include "normalize/html.h"

#include <gtest/gtest.h>

#include <string>

namespace newsdedup::normalize {
namespace {

std::string strip(std::string_view in) {
  std::string out = "stale";  // strip_markup must overwrite, not append
  strip_markup(in, out);
  return out;
}

// A text with nothing to strip is returned as itself (no copy); any other gives strip_markup's
// output, the plain prefix before its first markup byte included.
TEST(HtmlTest, WithoutMarkupReturnsPlainTextItselfAndStripsTheRest) {
  std::string buffer = "stale";
  const std::string plain = "Plain text, no tags at all.\nTwo lines.";
  const std::string_view same = without_markup(plain, buffer);
  EXPECT_EQ(same.data(), plain.data());
  EXPECT_EQ(same.size(), plain.size());
  for (const std::string in :
       {"Lead text <p>para</p> and AT&amp;T.", "<b>x</b>", "a\r\nb", "&", "tail &lt;"}) {
    EXPECT_EQ(without_markup(in, buffer), strip(in)) << in;
  }
}

TEST(HtmlTest, PlainTextIsCopiedUnchanged) {
  EXPECT_EQ(strip("Plain text, no markup: 3 < 4 and 5 > 2."),
            "Plain text, no markup: 3 < 4 and 5 > 2.");
  EXPECT_EQ(strip(""), "");
}

TEST(HtmlTest, InlineTagsAreRemovedWithoutBreakingWords) {
  EXPECT_EQ(strip("a <b>bold</b> and <I>italic</I> <a href=\"/x\">link</a>."),
            "a bold and italic link.");
  EXPECT_EQ(strip("<span class=\"x\">in</span>line"), "inline");
}

TEST(HtmlTest, BlockTagsBecomeLineBreaks) {
  EXPECT_EQ(strip("<p>One</p><p>Two</p>"), "\nOne\n\nTwo\n");
  EXPECT_EQ(strip("<P CLASS=lead>x</P>"), "\nx\n");
  EXPECT_EQ(strip("<li>one</li><li>two</li>"), "\none\n\ntwo\n");
  EXPECT_EQ(strip("<div\nclass=\"x\">d</div>"), "\nd\n");
}

TEST(HtmlTest, BrInEveryFormIsALineBreak) {
  EXPECT_EQ(strip("a<br>b<br/>c<BR />d"), "a\nb\nc\nd");
  EXPECT_EQ(strip("a<hr>b"), "a\nb");
}

TEST(HtmlTest, NamedEntitiesAreDecoded) {
  EXPECT_EQ(strip("Fish &amp; chips &quot;fresh&quot; &apos;daily&apos;"),
            "Fish & chips \"fresh\" 'daily'");
  EXPECT_EQ(strip("&nbsp;"), "\xC2\xA0");
  EXPECT_EQ(strip("&eacute;t&eacute; &mdash; &hellip; &euro;5"),
            "\xC3\xA9t\xC3\xA9 \xE2\x80\x94 \xE2\x80\xA6 \xE2\x82\xAC"
            "5");
}

TEST(HtmlTest, NumericEntitiesAreDecodedInDecimalAndHex) {
  EXPECT_EQ(strip("it&#8217;s"), "it\xE2\x80\x99s");
  EXPECT_EQ(strip("&#x2019;&#X2019;&#233;&#65;"),
            "\xE2\x80\x99\xE2\x80\x99\xC3\xA9"
            "A");
}

TEST(HtmlTest, InvalidCodePointsBecomeReplacementCharacters) {
  EXPECT_EQ(strip("&#0;|&#xD800;"), "\xEF\xBF\xBD|\xEF\xBF\xBD");
  EXPECT_EQ(strip("&#x110000;"), "&#x110000;");  // beyond Unicode: kept as text
}

TEST(HtmlTest, EscapedMarkupIsTextNotTags) { EXPECT_EQ(strip("&lt;p&gt;x&lt;/p&gt;"), "<p>x</p>"); }

TEST(HtmlTest, UnknownOrBrokenEntitiesAreKeptAsText) {
  EXPECT_EQ(strip("&unknown; &amp &#; &#x; &#12a; AT&T"), "&unknown; &amp &#; &#x; &#12a; AT&T");
}

TEST(HtmlTest, UnknownAngleBracketTextIsKept) {
  EXPECT_EQ(strip("Shares of <PEP> rose; <Acme Corp> fell"),
            "Shares of <PEP> rose; <Acme Corp> fell");
  EXPECT_EQ(strip("x < y and y > z"), "x < y and y > z");
  EXPECT_EQ(strip("an unclosed <b"), "an unclosed <b");
}

TEST(HtmlTest, ScriptAndStyleBodiesAreDropped) {
  EXPECT_EQ(strip("before<script>var s = \"<p>hidden</p>\";</script>after"), "beforeafter");
  EXPECT_EQ(strip("<SCRIPT type='text/javascript'>if (a<b) {}</SCRIPT>after"), "after");
  EXPECT_EQ(strip("<style>p { color: red }</style>text"), "text");
  EXPECT_EQ(strip("a<noscript>enable js</noscript>b<iframe src=x></iframe>c"), "abc");
}

TEST(HtmlTest, UnclosedScriptDropsTheRest) { EXPECT_EQ(strip("pre<script>never closed"), "pre"); }

TEST(HtmlTest, HeadIsDroppedAndDocumentTagsBreakLines) {
  EXPECT_EQ(strip("<!DOCTYPE html><html><head><title>T</title></head><body>B</body></html>"),
            "\n\nB\n\n");
}

TEST(HtmlTest, CommentsAreDropped) { EXPECT_EQ(strip("a<!-- c <p> -->b"), "ab"); }

TEST(HtmlTest, QuotedGreaterThanInsideAttributesDoesNotEndTheTag) {
  EXPECT_EQ(strip("<a href=\"x>y\" title='p>q'>link</a>"), "link");
}

TEST(HtmlTest, CrAndCrlfBecomeLf) { EXPECT_EQ(strip("l1\r\nl2\rl3\n"), "l1\nl2\nl3\n"); }

// Table cells are separate values: "<td>Acme</td><td>12.5</td>" must not glue into "Acme12.5"
// (which would turn a name and a figure into one token).
TEST(HtmlTest, AdjacentTableCellsStaySeparateWords) {
  const std::string out = strip("<table><tr><td>Acme</td><td>12.5</td></tr></table>");
  EXPECT_EQ(out.find("Acme12.5"), std::string::npos) << out;
  EXPECT_NE(out.find("Acme"), std::string::npos);
  EXPECT_NE(out.find("12.5"), std::string::npos);
}

}  // namespace
}  // namespace newsdedup::normalize
