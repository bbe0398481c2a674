// state: the StateRecord encoding (round trips, exact sizes, every truncation and corruption is
// an error and never a crash), source keys and fingerprint config ids. Records are made up.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/fingerprint/fingerprinter.h"
#include "newsdedup/state/state.h"

namespace newsdedup::state {
namespace {

std::vector<uint32_t> random_values(std::mt19937& rng, size_t n) {
  std::vector<uint32_t> v(n);
  for (auto& x : v) x = static_cast<uint32_t>(rng());
  return v;
}

// A record shaped like a real canonical: 128 + 16 signature values, some facts.
StateRecord full_record() {
  std::mt19937 rng(7);
  StateRecord r;
  r.id = "story-42";
  r.root_id = "story-42";
  r.event_ms = 1748941200000;
  r.source = 0xfedcba9876543210ull;
  r.fingerprint_id = 0x0123456789abcdefull;
  r.fp.exact = {0x1111222233334444ull, 0x5555666677778888ull};
  r.fp.minhash = random_values(rng, 128);
  r.fp.lead = random_values(rng, 16);
  r.fp.numbers = {3, 17, 4000000000u};
  r.fp.names = {9, 12};
  r.fp.place = 0xdeadbeef;
  r.fp.day = 3 * 16 + 6;
  r.fp.shingles = 310;
  r.fp.tokens = 312;
  r.fp.numeric_tokens = 9;
  return r;
}

std::string encoded(const StateRecord& r) {
  std::string out;
  encode(r, out);
  return out;
}

TEST(StateCodecTest, RoundTripKeepsEveryField) {
  const StateRecord r = full_record();
  StateRecord back;
  const Status s = decode(encoded(r), back);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(back, r);
  EXPECT_EQ(back.fp.minhash, r.fp.minhash);
  EXPECT_EQ(back.fp.exact, r.fp.exact);
  EXPECT_EQ(back.source, r.source);
}

TEST(StateCodecTest, RoundTripOfADuplicateKeepsItsRootId) {
  StateRecord r = full_record();
  r.id = "story-42-repost";
  r.root_id = "story-42";
  StateRecord back;
  ASSERT_TRUE(decode(encoded(r), back).ok());
  EXPECT_EQ(back.id, "story-42-repost");
  EXPECT_EQ(back.root_id, "story-42");
}

TEST(StateCodecTest, RoundTripOfEmptyListsAndIds) {
  StateRecord r;  // everything empty or zero, negative time
  r.event_ms = -5;
  StateRecord back = full_record();  // decode must overwrite every field of a reused record
  ASSERT_TRUE(decode(encoded(r), back).ok());
  EXPECT_EQ(back, r);
  EXPECT_TRUE(back.fp.minhash.empty());
  EXPECT_TRUE(back.fp.names.empty());
  EXPECT_EQ(back.event_ms, -5);
}

TEST(StateCodecTest, RoundTripOfLongAndUnicodeIds) {
  StateRecord r = full_record();
  r.id = std::string(100'000, 'x') + "\xE6\x9D\xB1\xE4\xBA\xAC";  // ...東京
  r.root_id = "Z\xC3\xBCrich-\xF0\x9F\x9A\x80";                   // Zürich-🚀
  r.root_id += std::string("\0tail", 5);                          // a NUL byte inside
  r.event_ms = INT64_MIN;
  r.source = UINT64_MAX;
  r.fp.day = UINT32_MAX;
  StateRecord back;
  ASSERT_TRUE(decode(encoded(r), back).ok());
  EXPECT_EQ(back, r);
  EXPECT_EQ(back.id.size(), 100'006u);
  EXPECT_EQ(back.root_id.size(), r.root_id.size());
}

TEST(StateCodecTest, EncodingHasTheDocumentedSize) {
  const StateRecord r = full_record();
  // version, flags, len+id, 5 x 8 fixed (event, source, fingerprint id, exact), 4 counts (128
  // takes two varint bytes) + values, place, day (1 byte: 54), shingles and tokens (2 bytes),
  // numeric tokens (1).
  const size_t expected = 1 + 1 + (1 + 8) + 5 * 8 + (2 + 128 * 4) + (1 + 16 * 4) + (1 + 3 * 4) +
                          (1 + 2 * 4) + 4 + 1 + 2 + 2 + 1;
  EXPECT_EQ(encoded(r).size(), expected);
  // A duplicate spells out its root id.
  StateRecord dup = r;
  dup.root_id = "story-41";
  EXPECT_EQ(encoded(dup).size(), expected + 1 + 8);
}

TEST(StateCodecTest, EncodeAppends) {
  const StateRecord r = full_record();
  std::string out = "prefix";
  encode(r, out);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  EXPECT_EQ(out.substr(6), encoded(r));
}

TEST(StateCodecTest, EveryTruncationIsAnError) {
  for (const bool duplicate : {false, true}) {
    StateRecord r = full_record();
    if (duplicate) r.root_id = "another-root";
    const std::string bytes = encoded(r);
    for (size_t n = 0; n < bytes.size(); ++n) {
      StateRecord back;
      const Status s = decode(std::string_view(bytes).substr(0, n), back);
      ASSERT_FALSE(s.ok()) << "prefix of " << n << " of " << bytes.size() << " bytes";
      EXPECT_EQ(s.error().code, ErrorCode::kIo);
    }
  }
}

TEST(StateCodecTest, TruncationNamesTheMissingField) {
  const std::string bytes = encoded(full_record());
  StateRecord back;
  const Status s = decode(std::string_view(bytes).substr(0, 50), back);  // inside `exact`
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "state record: truncated or corrupt at exact");
}

TEST(StateCodecTest, BytesAfterTheRecordAreAnError) {
  const std::string bytes = encoded(full_record()) + "x";
  StateRecord back;
  const Status s = decode(bytes, back);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message, "state record: 1 bytes after the record");
}

TEST(StateCodecTest, AnotherVersionIsAConfigError) {
  for (const uint8_t version : {uint8_t{0}, uint8_t{2}, uint8_t{255}}) {
    std::string bytes = encoded(full_record());
    bytes[0] = static_cast<char>(version);
    StateRecord back;
    const Status s = decode(bytes, back);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kConfig);
    EXPECT_EQ(s.error().message,
              "state record: format version " + std::to_string(version) + ", this build reads 1");
  }
}

TEST(StateCodecTest, UnknownFlagsAreAnError) {
  std::string bytes = encoded(full_record());
  bytes[1] = static_cast<char>(bytes[1] | 2);
  StateRecord back;
  const Status s = decode(bytes, back);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "state record: truncated or corrupt at flags");
}

// Layout of a canonical with a one-byte id: version, flags, len, id, 40 fixed bytes: the
// minhash count is the varint at offset 44.
constexpr size_t kMinhashCountOffset = 44;

StateRecord short_id_record() {
  StateRecord r = full_record();
  r.id = r.root_id = "a";
  return r;
}

TEST(StateCodecTest, AHugeCountIsAnErrorNotAnAllocation) {
  std::string bytes = encoded(short_id_record());
  ASSERT_EQ(static_cast<uint8_t>(bytes[kMinhashCountOffset]), 128u | 0x80u);  // varint 128: 2 bytes
  // 2^62 values: the decoder must refuse before reserving anything.
  const std::string huge = "\x80\x80\x80\x80\x80\x80\x80\x80\x40";
  bytes.replace(kMinhashCountOffset, 2, huge);
  StateRecord back;
  const Status s = decode(bytes, back);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "state record: truncated or corrupt at minhash");
}

TEST(StateCodecTest, AVarintLongerThan64BitsIsAnError) {
  std::string bytes = encoded(short_id_record());
  bytes.replace(kMinhashCountOffset, 2, std::string(11, '\x80') + '\x01');
  StateRecord back;
  EXPECT_FALSE(decode(bytes, back).ok());
  // The tenth byte may only carry bit 63.
  bytes = encoded(short_id_record());
  bytes.replace(kMinhashCountOffset, 2, std::string(9, '\x80') + '\x02');
  EXPECT_FALSE(decode(bytes, back).ok());
}

TEST(StateCodecTest, ACountAbove32BitsIsAnErrorForSmallFields) {
  StateRecord r = short_id_record();
  r.fp.numeric_tokens = 1;  // the last byte of the encoding
  std::string bytes = encoded(r);
  bytes.back() = '\x80';
  bytes += std::string("\x80\x80\x80\x80\x01", 5);  // 2^35
  StateRecord back;
  const Status s = decode(bytes, back);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "state record: truncated or corrupt at numeric_tokens");
}

// Random corruption: decode either fails or yields a record that itself round-trips (never a
// crash or an out-of-bounds read; run under ASan in CI).
TEST(StateCodecTest, CorruptBytesDecodeToAnErrorOrAConsistentRecord) {
  const std::string good = encoded(full_record());
  std::mt19937 rng(11);
  int decoded = 0, failed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string bytes = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    bytes[0] = static_cast<char>(kStateFormatVersion);
    StateRecord back;
    if (!decode(bytes, back).ok()) {
      ++failed;
      continue;
    }
    ++decoded;
    StateRecord again;
    ASSERT_TRUE(decode(encoded(back), again).ok());
    EXPECT_EQ(again, back);
  }
  // Flips in signature values decode fine; flips in lengths mostly do not.
  EXPECT_GT(decoded, 0);
  EXPECT_GT(failed, 0);
}

TEST(SourceKeyTest, IsPinnedAcrossBuilds) {
  // A replay after an upgrade must compute the key its first reading stored: a change here is
  // a state format change.
  EXPECT_EQ(source_key("news", 0, 0), source_key("news", 0, 0));
  EXPECT_EQ(source_key("news", 3, 12345), 0xe20aef652923a1d7ull);
}

TEST(SourceKeyTest, EveryPartOfThePositionCounts) {
  const uint64_t k = source_key("news", 1, 100);
  EXPECT_NE(k, 0u);
  EXPECT_NE(k, source_key("news", 1, 101));
  EXPECT_NE(k, source_key("news", 2, 100));
  EXPECT_NE(k, source_key("news2", 1, 100));
  EXPECT_NE(source_key("news", 0, 1), source_key("news", 1, 0));
}

TEST(FingerprintConfigIdTest, EqualConfigsShareAnIdAndEveryKeyChangesIt) {
  const config::FingerprintConfig base;
  const uint64_t id = fingerprint_config_id(base);
  EXPECT_NE(id, 0u);
  EXPECT_EQ(id, fingerprint_config_id(config::FingerprintConfig{}));
  std::vector<config::FingerprintConfig> changed(9, base);
  changed[0].shingle_size = 4;
  changed[1].permutations = 64;
  changed[2].lead_tokens = 41;
  changed[3].lead_permutations = 8;
  changed[4].seed = base.seed + 1;
  changed[5].max_numbers = 31;
  changed[6].max_names = 17;
  changed[7].minhash = "kperm";
  changed[8].seed = 0;
  for (size_t i = 0; i < changed.size(); ++i) {
    EXPECT_NE(fingerprint_config_id(changed[i]), id) << "change " << i;
  }
}

TEST(AppliedTest, NamesAreMetricLabels) {
  EXPECT_STREQ(applied_name(Applied::kInserted), "inserted");
  EXPECT_STREQ(applied_name(Applied::kKnown), "known");
  EXPECT_STREQ(applied_name(Applied::kExpired), "expired");
  EXPECT_STREQ(applied_name(Applied::kIncompatible), "incompatible");
}

}  // namespace
}  // namespace newsdedup::state
