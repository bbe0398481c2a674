#include "newsdedup/parse/parser.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "newsdedup/config/config.h"

namespace newsdedup {
// Readable names in assertion failures.
void PrintTo(ErrorCode c, std::ostream* os) { *os << error_code_name(c); }
}  // namespace newsdedup

namespace newsdedup::parse {
namespace {

class ParserTest : public ::testing::Test {
 protected:
  Status parse(std::string_view record) { return parser_.parse(record, article_); }

  config::Config config_ = config::default_config();
  Parser parser_{config_.parse};
  Article article_;
};

constexpr std::string_view kValidRecord =
    R"({"id":"wire-0001","url":"https://news.example.org/2025/03/04/harbour","source":"Example Wire",)"
    R"("title":"Harbour reopens after storm","body":"The harbour reopened on Tuesday.",)"
    R"("published_at":"2025-03-04T09:15:00Z","lang":"en"})";

TEST_F(ParserTest, ValidRecordFillsEveryField) {
  ASSERT_TRUE(parse(kValidRecord).ok());
  EXPECT_EQ(article_.id, "wire-0001");
  EXPECT_EQ(article_.url, "https://news.example.org/2025/03/04/harbour");
  EXPECT_EQ(article_.source, "Example Wire");
  EXPECT_EQ(article_.title, "Harbour reopens after storm");
  EXPECT_EQ(article_.body, "The harbour reopened on Tuesday.");
  EXPECT_EQ(article_.published_at, "2025-03-04T09:15:00Z");
  EXPECT_EQ(article_.lang, "en");
  // date -u -d 2025-03-04T09:15:00Z +%s == 1741079700
  EXPECT_EQ(article_.published_at_ms, 1741079700000);
}

TEST_F(ParserTest, ReusedArticleIsClearedBetweenRecords) {
  ASSERT_TRUE(parse(kValidRecord).ok());
  ASSERT_TRUE(parse(R"({"id":"b","body":"text"})").ok());
  EXPECT_EQ(article_.id, "b");
  EXPECT_EQ(article_.body, "text");
  EXPECT_EQ(article_.title, "");
  EXPECT_EQ(article_.url, "");
  EXPECT_EQ(article_.published_at, "");
  EXPECT_EQ(article_.published_at_ms, 0);
}

TEST_F(ParserTest, UnparsableTimestampLeavesEventTimeZero) {
  ASSERT_TRUE(parse(R"({"id":"a","body":"b","published_at":"last Tuesday"})").ok());
  EXPECT_EQ(article_.published_at, "last Tuesday");
  EXPECT_EQ(article_.published_at_ms, 0);
}

TEST_F(ParserTest, UnmappedFieldsOfAnyTypeAreIgnored) {
  ASSERT_TRUE(parse(R"({"tags":["a",{"b":[1,2,null]}],"id":"a","score":3.5,"body":"b",)"
                    R"("flag":true,"extra":null})")
                  .ok());
  EXPECT_EQ(article_.id, "a");
  EXPECT_EQ(article_.body, "b");
}

TEST_F(ParserTest, NullOptionalFieldReadsAsAbsent) {
  ASSERT_TRUE(parse(R"({"id":"a","body":"b","title":null})").ok());
  EXPECT_EQ(article_.title, "");
}

TEST_F(ParserTest, NotJsonIsMalformedJson) {
  for (std::string_view record : {"this is not json at all", "<html><body>x</body></html>"}) {
    const Status st = parse(record);
    ASSERT_FALSE(st.ok()) << record;
    EXPECT_EQ(st.error().code, ErrorCode::kMalformedJson) << record << ": " << st.error().message;
  }
}

TEST_F(ParserTest, BrokenObjectSyntaxIsMalformedJson) {
  const Status st = parse(R"({"id" "a", "body": "b"})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMalformedJson) << st.error().message;
}

TEST_F(ParserTest, EmptyInputIsMalformedJson) {
  const Status st = parse("");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMalformedJson) << st.error().message;
}

TEST_F(ParserTest, TruncatedJsonIsMalformedJson) {
  const Status st = parse(R"({"id":"a","body":"The harbour reopened on Tues)");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMalformedJson) << st.error().message;
}

TEST_F(ParserTest, TruncatedAfterCompleteFieldIsMalformedJson) {
  const Status st = parse(R"({"id":"a","body":"b",)");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMalformedJson) << st.error().message;
}

TEST_F(ParserTest, TrailingGarbageIsMalformedJson) {
  const Status st = parse(R"({"id":"a","body":"b"} trailing words)");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMalformedJson) << st.error().message;
}

TEST_F(ParserTest, SecondObjectAfterTheFirstIsMalformedJson) {
  const Status st = parse(R"({"id":"a","body":"b"}{"id":"c","body":"d"})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMalformedJson) << st.error().message;
}

TEST_F(ParserTest, TrailingWhitespaceIsAccepted) {
  EXPECT_TRUE(parse("{\"id\":\"a\",\"body\":\"b\"}  \n").ok());
}

TEST_F(ParserTest, TopLevelArrayIsNotAnObject) {
  const Status st = parse(R"([{"id":"a","body":"b"}])");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kNotAnObject) << st.error().message;
}

TEST_F(ParserTest, TopLevelStringIsNotAnObject) {
  const Status st = parse(R"("just a string")");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kNotAnObject) << st.error().message;
}

TEST_F(ParserTest, InvalidUtf8BytesAreInvalidUtf8) {
  const std::string record = std::string(R"({"id":"a","body":"caf)") + "\xC3\x28" + R"( au lait"})";
  const Status st = parse(record);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidUtf8) << st.error().message;
}

TEST_F(ParserTest, InvalidUtf8InAnUnmappedFieldIsInvalidUtf8) {
  const std::string record = std::string(R"({"id":"a","body":"b","note":")") + "\xFF\xFE" + "\"}";
  const Status st = parse(record);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidUtf8) << st.error().message;
}

// UTF-8 is validated over the whole record (simdjson checks it while it indexes the record),
// wherever the bad bytes are: a key, a nested value of an unmapped field, a string escape's
// neighbour, after the object, or a truncated sequence at the very end.
TEST_F(ParserTest, InvalidUtf8AnywhereInTheRecordIsInvalidUtf8) {
  for (const std::string& record : {
           std::string(R"({"i)") + "\xC0\xAF" + R"(d":"a","body":"b"})",
           std::string(R"({"id":"a","body":"b","meta":{"x":[1,")") + "\xED\xA0\x80" + R"("]}})",
           std::string(R"({"id":"a","body":"\u00e9)") + "\xF8" + R"(\n"})",
           std::string(R"({"id":"a","body":"b"} )") + "\xFF",
           std::string(R"({"id":"a","body":"b")") + "\xE2\x82",
       }) {
    const Status st = parse(record);
    ASSERT_FALSE(st.ok()) << record;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidUtf8) << record << ": " << st.error().message;
  }
}

TEST_F(ParserTest, MissingIdIsMissingField) {
  const Status st = parse(R"({"title":"t","body":"b"})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(st.error().message, "field /id: missing");
}

TEST_F(ParserTest, MissingBodyIsMissingField) {
  const Status st = parse(R"({"id":"a","title":"t"})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(st.error().message, "field /body: missing");
  EXPECT_EQ(article_.id, "a");  // kept for the error line
}

TEST_F(ParserTest, NullBodyIsMissingField) {
  const Status st = parse(R"({"id":"a","body":null})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(st.error().message, "field /body: missing");
}

TEST_F(ParserTest, NumericBodyIsWrongTypeNamingFieldAndType) {
  const Status st = parse(R"({"id":"a","body":42})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(st.error().message, "field /body: expected string, got number");
  EXPECT_EQ(article_.id, "a");  // kept for the error line
}

TEST_F(ParserTest, ObjectIdIsWrongTypeNamingFieldAndType) {
  const Status st = parse(R"({"id":{"value":"a"},"body":"b"})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(st.error().message, "field /id: expected string, got object");
}

TEST_F(ParserTest, BooleanOptionalFieldIsWrongType) {
  const Status st = parse(R"({"id":"a","body":"b","lang":true})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(st.error().message, "field /lang: expected string, got boolean");
}

TEST_F(ParserTest, EmptyBodyIsEmptyField) {
  const Status st = parse(R"({"id":"a","body":""})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kEmptyField);
  EXPECT_EQ(st.error().message, "field /body: empty");
}

TEST_F(ParserTest, EmptyIdIsEmptyField) {
  const Status st = parse(R"({"id":"","body":"b"})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kEmptyField);
  EXPECT_EQ(st.error().message, "field /id: empty");
}

TEST_F(ParserTest, DuplicateBodyKeyIsDuplicateKey) {
  const Status st = parse(R"({"id":"a","body":"first","body":"second"})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kDuplicateKey);
  EXPECT_EQ(st.error().message, "field /body: appears more than once");
}

TEST_F(ParserTest, BodyAboveMaxBodyBytesIsTooLarge) {
  parser_.set_limits(1 << 20, 16);
  EXPECT_TRUE(parse(R"({"id":"a","body":"sixteen bytes..."})").ok());  // exactly at the limit
  const Status st = parse(R"({"id":"a","body":"seventeen bytes.."})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(st.error().message, "field /body: 17 bytes exceeds parse.max_body_bytes 16");
}

TEST_F(ParserTest, RecordAboveMaxRecordBytesIsTooLarge) {
  const std::string record = R"({"id":"a","body":"b","padding":"0123456789"})";
  parser_.set_limits(record.size(), 1 << 20);
  EXPECT_TRUE(parse(record).ok());  // exactly at the limit
  parser_.set_limits(record.size() - 1, 1 << 20);
  const Status st = parse(record);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(st.error().message, "record: " + std::to_string(record.size()) +
                                    " bytes exceeds parse.max_record_bytes " +
                                    std::to_string(record.size() - 1));
}

TEST_F(ParserTest, DefaultLimitsAcceptALargeButReasonableBody) {
  const std::string body(100'000, 'x');
  ASSERT_TRUE(parse(R"({"id":"a","body":")" + body + "\"}").ok());
  EXPECT_EQ(article_.body.size(), body.size());
}

// simdjson's default depth limit is 1024; an unmapped field nested deeper must give an error
// (the skipped value is still checked), never a crash or a silent accept.
TEST_F(ParserTest, DeeplyNestedUnmappedFieldIsTooDeep) {
  const std::string nested = std::string(1100, '[') + std::string(1100, ']');
  const Status st = parse(R"({"id":"a","body":"b","deep":)" + nested + "}");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kTooDeep) << st.error().message;
}

TEST_F(ParserTest, DeeplyNestedMappedFieldIsTooDeep) {
  const std::string nested = std::string(1100, '[') + std::string(1100, ']');
  const Status st = parse(R"({"id":"a","body":)" + nested + "}");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kTooDeep);
  EXPECT_EQ(st.error().message, "record: nested deeper than 128 levels");
}

// The depth check skips strings 16 bytes at a time: brackets inside a string never count, and
// an escaped quote (at any offset of a block) does not end the string early.
TEST_F(ParserTest, BracketsInsideLongStringsAreNotNesting) {
  for (size_t at = 0; at < 40; ++at) {
    const std::string body = std::string(at, 'x') + "\\\"" + std::string(200, '[') + "\\\\" +
                             std::string(200, '{') + "\\\"";
    ASSERT_TRUE(parse(R"({"id":"a","body":")" + body + "\"}").ok()) << at;
    EXPECT_EQ(article_.body, std::string(at, 'x') + "\"" + std::string(200, '[') + "\\" +
                                 std::string(200, '{') + "\"");
  }
}

TEST_F(ParserTest, NestingAfterALongStringWithEscapesIsStillCounted) {
  for (size_t at = 0; at < 40; ++at) {
    const std::string text = std::string(at, 'y') + "\\\"" + std::string(40, 'z');
    const std::string nested = std::string(200, '[') + std::string(200, ']');
    const Status st = parse(R"({"id":"a","body":")" + text + R"(","deep":)" + nested + "}");
    ASSERT_FALSE(st.ok()) << at;
    EXPECT_EQ(st.error().code, ErrorCode::kTooDeep) << at;
  }
}

TEST_F(ParserTest, ArrayBodyIsWrongType) {
  const Status st = parse(R"({"id":"a","body":[["x"]]})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(st.error().message, "field /body: expected string, got array");
}

TEST_F(ParserTest, UnbalancedNestingInAnUnmappedFieldIsMalformedJson) {
  const Status st = parse(R"({"id":"a","body":"b","deep":[[[}})");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMalformedJson) << st.error().message;
}

TEST_F(ParserTest, EscapedStringsAreUnescaped) {
  ASSERT_TRUE(
      parse(
          R"({"id":"a\/1","body":"He said \"no\".\nLine two\ttab \u00e9t\u00e9 \ud83d\ude00 \\ end"})")
          .ok());
  EXPECT_EQ(article_.id, "a/1");
  EXPECT_EQ(article_.body,
            "He said \"no\".\nLine two\ttab \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 \\ end");
}

TEST_F(ParserTest, EscapedKeyMatchesTheMappedField) {
  ASSERT_TRUE(parse(R"({"id":"a","b\u006fdy":"text"})").ok());
  EXPECT_EQ(article_.body, "text");
}

// Deterministic mutations of a valid record (bytes replaced, cut, duplicated): every result is
// either a usable article or a typed input error, never kInternal, never a crash.
TEST_F(ParserTest, MutatedRecordsGiveAnArticleOrATypedError) {
  static constexpr char kBytes[] = {'{', '}', '[', ']',    '"',    '\\',   ':',  ',', 'u',
                                    '0', ' ', 'n', '\x80', '\xC3', '\xFF', '\0', 't'};
  uint64_t state = 17;
  auto next = [&state] {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  int ok = 0, errors = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string r(kValidRecord);
    const size_t edits = 1 + next() % 4;
    for (size_t e = 0; e < edits; ++e) {
      const size_t pos = next() % r.size();
      switch (next() % 3) {
        case 0:
          r[pos] = kBytes[next() % sizeof(kBytes)];
          break;
        case 1:
          r.resize(pos + 1);
          break;
        default:
          r.insert(pos, r.substr(pos, next() % 16));
          break;
      }
    }
    const Status st = parse(r);
    if (st.ok()) {
      ++ok;
      ASSERT_FALSE(article_.id.empty()) << r;
      ASSERT_FALSE(article_.body.empty()) << r;
    } else {
      ++errors;
      ASSERT_NE(st.error().code, ErrorCode::kOk) << r;
      ASSERT_NE(st.error().code, ErrorCode::kInternal) << r << ": " << st.error().message;
      ASSERT_FALSE(st.error().message.empty()) << r;
    }
  }
  EXPECT_GT(ok, 0);
  EXPECT_GT(errors, 0);
}

TEST(ParserFieldMapTest, NestedPointersReadNestedFields) {
  config::ParseConfig pc = config::default_config().parse;
  pc.fields.id = "/meta/id";
  pc.fields.body = "/article/text";
  pc.fields.title = "/article/headline";
  pc.fields.published_at = "/meta/dates/0";
  Parser parser(pc);
  Article a;
  const Status st = parser.parse(
      R"({"meta":{"id":"n-7","dates":["2000-02-29T23:59:59Z","ignored"]},)"
      R"("article":{"headline":"Leap day","text":"Body text here.","words":3},"lang":"de"})",
      a);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(a.id, "n-7");
  EXPECT_EQ(a.title, "Leap day");
  EXPECT_EQ(a.body, "Body text here.");
  EXPECT_EQ(a.lang, "de");
  EXPECT_EQ(a.published_at, "2000-02-29T23:59:59Z");
  EXPECT_EQ(a.published_at_ms, 951868799000);  // date -u -d 2000-02-29T23:59:59Z +%s
}

TEST(ParserFieldMapTest, NestedPointerToAMissingFieldIsMissingField) {
  config::ParseConfig pc = config::default_config().parse;
  pc.fields.body = "/article/text";
  Parser parser(pc);
  Article a;
  const Status st = parser.parse(R"({"id":"n-7","article":{"headline":"h"}})", a);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(st.error().message, "field /article/text: missing");
}

TEST(ParserFieldMapTest, NestedPointerToANumberIsWrongType) {
  config::ParseConfig pc = config::default_config().parse;
  pc.fields.body = "/article/text";
  Parser parser(pc);
  Article a;
  const Status st = parser.parse(R"({"id":"n-7","article":{"text":12}})", a);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(st.error().message, "field /article/text: expected string, got number");
}

TEST(ParserFieldMapTest, NestedMapStillRejectsTopLevelArrays) {
  config::ParseConfig pc = config::default_config().parse;
  pc.fields.body = "/article/text";
  Parser parser(pc);
  Article a;
  const Status st = parser.parse(R"([{"id":"n-7","article":{"text":"t"}}])", a);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kNotAnObject);
}

TEST(ParserFieldMapTest, RenamedTopLevelKeysAreRead) {
  config::ParseConfig pc = config::default_config().parse;
  pc.fields.id = "/guid";
  pc.fields.body = "/content";
  Parser parser(pc);
  Article a;
  ASSERT_TRUE(parser.parse(R"({"guid":"g1","content":"c","body":"not this one"})", a).ok());
  EXPECT_EQ(a.id, "g1");
  EXPECT_EQ(a.body, "c");
}

int64_t rfc3339(std::string_view s) {
  int64_t ms = -12345;
  EXPECT_TRUE(parse_rfc3339_ms(s, ms)) << s;
  return ms;
}

bool rejects(std::string_view s) {
  int64_t ms = -12345;
  const bool ok = parse_rfc3339_ms(s, ms);
  return !ok && ms == -12345;  // a rejected text leaves the output untouched
}

TEST(Rfc3339Test, ParsesUtcAndTheEpoch) {
  EXPECT_EQ(rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(rfc3339("2025-03-04T09:15:00Z"), 1741079700000);
  EXPECT_EQ(rfc3339("2025-03-04t09:15:00z"), 1741079700000);
  EXPECT_EQ(rfc3339("2025-03-04 09:15:00Z"), 1741079700000);
  EXPECT_EQ(rfc3339("1969-12-31T23:59:59Z"), -1000);
}

TEST(Rfc3339Test, OffsetsGiveTheSameInstant) {
  EXPECT_EQ(rfc3339("2025-03-04T10:15:00+01:00"), 1741079700000);
  EXPECT_EQ(rfc3339("2025-03-04T04:15:00-05:00"), 1741079700000);
  EXPECT_EQ(rfc3339("2025-03-04T14:45:00+05:30"), 1741079700000);
  EXPECT_EQ(rfc3339("2025-03-03T23:15:00-10:00"), 1741079700000);  // across midnight
  EXPECT_EQ(rfc3339("2025-03-04T09:15:00+00:00"), 1741079700000);
}

TEST(Rfc3339Test, FractionsGiveMilliseconds) {
  EXPECT_EQ(rfc3339("2025-03-04T09:15:00.5Z"), 1741079700500);
  EXPECT_EQ(rfc3339("2025-03-04T09:15:00.25Z"), 1741079700250);
  EXPECT_EQ(rfc3339("2025-03-04T09:15:00.123Z"), 1741079700123);
  EXPECT_EQ(rfc3339("2025-03-04T09:15:00.123456789Z"), 1741079700123);  // truncated to ms
  EXPECT_EQ(rfc3339("2025-03-04T10:15:00.750+01:00"), 1741079700750);
}

TEST(Rfc3339Test, RejectsWhatIsNotATimestamp) {
  EXPECT_TRUE(rejects(""));
  EXPECT_TRUE(rejects("yesterday"));
  EXPECT_TRUE(rejects("2025-03-04"));                // date only
  EXPECT_TRUE(rejects("2025-03-04T09:15:00"));       // no zone
  EXPECT_TRUE(rejects("2025-03-04T09:15Z"));         // no seconds
  EXPECT_TRUE(rejects("2025-03-04T09:15:00+0100"));  // offset without colon
  EXPECT_TRUE(rejects("2025-03-04T09:15:00+01"));    // short offset
  EXPECT_TRUE(rejects("2025-03-04T09:15:00.Z"));     // empty fraction
  EXPECT_TRUE(rejects("2025-03-04T09:15:00Z junk"));
  EXPECT_TRUE(rejects("2025-13-04T09:15:00Z"));  // month 13
  EXPECT_TRUE(rejects("2025-00-04T09:15:00Z"));  // month 0
  EXPECT_TRUE(rejects("2025-03-32T09:15:00Z"));  // day 32
  EXPECT_TRUE(rejects("2025-03-04T24:00:00Z"));  // hour 24
  EXPECT_TRUE(rejects("2025-03-04T09:60:00Z"));  // minute 60
  EXPECT_TRUE(rejects("2025/03/04T09:15:00Z"));
  EXPECT_TRUE(rejects("2025-03-04T0a:15:00Z"));
  EXPECT_TRUE(rejects("+2025-03-04T09:15:00Z"));
}

}  // namespace
}  // namespace newsdedup::parse
