// The salted fingerprint stream behind the decide and memory benchmarks: each pass keeps the
// pool's equalities (reposts still match) and shares no MinHash value run or exact hash with
// another pass.
#include "support/fingerprint_pool.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "newsdedup/fingerprint/fingerprinter.h"

namespace newsdedup::bench {
namespace {

TEST(FingerprintPoolTest, PassZeroIsThePoolItself) {
  const FingerprintPool& pool = fingerprint_pool(1024, 64);
  ASSERT_EQ(pool.fps.size(), 64u);
  Fingerprint out;
  salted(pool.fps[3], 0, out);
  EXPECT_EQ(out.minhash, pool.fps[3].minhash);
  EXPECT_EQ(out.exact, pool.fps[3].exact);
}

TEST(FingerprintPoolTest, SaltingKeepsSimilarityInsideAPassAndBreaksItAcross) {
  const FingerprintPool& pool = fingerprint_pool(1024, 64);
  const Fingerprint& a = pool.fps[1];
  const Fingerprint& b = pool.fps[2];
  Fingerprint a5, b5, a6;
  salted(a, 5, a5);
  salted(b, 5, b5);
  salted(a, 6, a6);
  EXPECT_EQ(fingerprint::signature_similarity(a5.minhash, b5.minhash),
            fingerprint::signature_similarity(a.minhash, b.minhash));
  EXPECT_EQ(fingerprint::signature_similarity(a5.minhash, a5.minhash), 1.0);
  EXPECT_LT(fingerprint::signature_similarity(a5.minhash, a6.minhash), 0.05);
  EXPECT_LT(fingerprint::signature_similarity(a5.lead, a.lead), 0.2);
  EXPECT_FALSE(a5.exact == a6.exact);
  EXPECT_EQ(a5.numbers, a.numbers);
  EXPECT_EQ(a5.names, a.names);
}

TEST(FingerprintPoolTest, StreamGivesUniqueIdsPassAfterPass) {
  const FingerprintPool& pool = fingerprint_pool(1024, 64);
  SaltedStream stream(pool);
  std::set<std::string> ids;
  Fingerprint fp;
  std::string id;
  uint32_t bytes = 0;
  for (int i = 0; i < 200; ++i) {
    stream.next(fp, id, bytes);
    EXPECT_TRUE(ids.insert(id).second) << id;
    EXPECT_EQ(bytes, pool.record_bytes[static_cast<size_t>(i) % pool.fps.size()]);
  }
  EXPECT_EQ(stream.pass(), 3u);  // 200 = 3 * 64 + 8
}

// A stream from a later pass starts with that pass's salted pool.
TEST(FingerprintPoolTest, StreamStartsAtItsFirstPass) {
  const FingerprintPool& pool = fingerprint_pool(1024, 64);
  SaltedStream stream(pool, 1);
  Fingerprint fp, want;
  std::string id;
  uint32_t bytes = 0;
  stream.next(fp, id, bytes);
  salted(pool.fps[0], 1, want);
  EXPECT_EQ(fp.minhash, want.minhash);
  EXPECT_EQ(fp.exact, want.exact);
  EXPECT_NE(fp.exact, pool.fps[0].exact);
  EXPECT_EQ(stream.pass(), 1u);
}

TEST(FingerprintPoolTest, ResidentBytesAreReported) { EXPECT_GT(resident_bytes(), 1u << 20); }

}  // namespace
}  // namespace newsdedup::bench
