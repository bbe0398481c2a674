// The index's compact building blocks: the FIFO byte arena, the chunked row store, the band
// and exact-hash tables, the zero-page arrays under the band tables, and the Index's use of
// them (views of stored entries, slot and chunk reuse after eviction).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/fingerprint/fingerprinter.h"
#include "newsdedup/index/arena.h"
#include "newsdedup/index/band_table.h"
#include "newsdedup/index/chunked_rows.h"
#include "newsdedup/index/exact_table.h"
#include "newsdedup/index/index.h"
#include "newsdedup/index/zero_pages.h"

namespace newsdedup::index {
namespace {

TEST(FifoArenaTest, AllocationsAreAlignedAndKeepTheirBytes) {
  FifoArena arena(64);
  std::vector<ArenaRef> refs;
  for (uint32_t i = 0; i < 40; ++i) {
    const ArenaRef r = arena.allocate(i % 7 + 1);
    EXPECT_EQ(r.offset % 4, 0u);
    std::memset(arena.at(r), static_cast<int>(i), i % 7 + 1);
    refs.push_back(r);
  }
  for (uint32_t i = 0; i < 40; ++i) {
    for (uint32_t k = 0; k < i % 7 + 1; ++k) EXPECT_EQ(arena.at(refs[i])[k], i) << i;
  }
}

TEST(FifoArenaTest, FreedChunksAreReusedSoTheArenaStaysFlat) {
  FifoArena arena(64);  // 16 allocations of 4 bytes per chunk
  std::vector<ArenaRef> live;
  for (int i = 0; i < 64; ++i) live.push_back(arena.allocate(4));
  EXPECT_EQ(arena.chunks(), 4u);
  const size_t full = arena.bytes();
  // A sliding window of 64 allocations: the oldest freed for each new one, 100 times over.
  for (int round = 0; round < 6400; ++round) {
    arena.release(live.front());
    live.erase(live.begin());
    live.push_back(arena.allocate(4));
  }
  EXPECT_LE(arena.chunks(), 6u);  // the window spans at most 5 chunks, plus the spare
  EXPECT_LE(arena.bytes(), full + 2 * 64 + 2 * 64);
  for (const ArenaRef& r : live) arena.release(r);
  EXPECT_LE(arena.chunks(), 2u);  // the current chunk, rewound, and the spare
}

TEST(FifoArenaTest, AnAllocationLargerThanAChunkGetsItsOwn) {
  FifoArena arena(64);
  const ArenaRef small = arena.allocate(8);
  const ArenaRef big = arena.allocate(1000);
  EXPECT_NE(small.chunk, big.chunk);
  std::memset(arena.at(big), 7, 1000);
  EXPECT_EQ(arena.at(big)[999], 7);
  arena.release(small);
  arena.release(big);
  EXPECT_EQ(arena.chunks(), 2u);  // the big one, rewound, and the small one kept as the spare
}

TEST(ExactTableTest, KeysSharingTheLow32BitsAreToldApartByTheCaller) {
  ExactTable t;
  // Three hashes with the same low 32 bits (the table's key), told apart by the "record".
  const std::vector<uint64_t> full = {0x1'0000'0042, 0x2'0000'0042, 0x3'0000'0042};
  for (uint32_t id = 0; id < 3; ++id) t.insert(full[id], id);
  for (uint32_t id = 0; id < 3; ++id) {
    const auto found = t.find(full[id], [&](uint32_t e) { return full[e] == full[id]; });
    EXPECT_EQ(found, id);
  }
  EXPECT_EQ(t.find(0x4'0000'0042, [&](uint32_t e) { return full[e] == 0x4'0000'0042; }),
            std::nullopt);
  t.erase(full[1], 1);  // the middle of the probe run
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.find(full[1], [&](uint32_t e) { return full[e] == full[1]; }), std::nullopt);
  EXPECT_EQ(t.find(full[2], [&](uint32_t e) { return full[e] == full[2]; }), 2u);
  EXPECT_EQ(t.find(full[0], [&](uint32_t e) { return full[e] == full[0]; }), 0u);
}

TEST(ExactTableTest, BackwardShiftKeepsEveryKeyFindableThroughGrowthAndErasure) {
  ExactTable t;
  auto key = [](uint32_t i) { return static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull; };
  constexpr uint32_t kN = 20000;  // grows the table several times
  for (uint32_t i = 0; i < kN; ++i) t.insert(key(i), i);
  for (uint32_t i = 0; i < kN; i += 2) t.erase(key(i), i);  // every other one
  EXPECT_EQ(t.size(), kN / 2);
  for (uint32_t i = 0; i < kN; ++i) {
    const auto found = t.find(key(i), [&](uint32_t e) { return e == i; });
    if (i % 2) {
      EXPECT_EQ(found, i);
    } else {
      EXPECT_EQ(found, std::nullopt);
    }
  }
}

TEST(ExactTableTest, WrapAroundProbeRunsSurviveErasure) {
  ExactTable t;  // 1024 slots: keys with home 1023 wrap to slots 0, 1, ...
  const std::vector<uint64_t> keys = {1023, 1023 + 1024, 1023 + 2048, 0, 1};
  for (uint32_t id = 0; id < keys.size(); ++id) t.insert(keys[id], id);
  t.erase(keys[0], 0);
  t.erase(keys[3], 3);
  for (uint32_t id : {1u, 2u, 4u}) {
    EXPECT_EQ(t.find(keys[id], [&](uint32_t e) { return e == id; }), id) << id;
  }
}

// Growth moves the old table's slots over a few per insert while inserts, erasures (whose
// backward shifts carry slots across the move's cursor) and lookups go on. Homes crowd into a
// few ranges, two of them at the end of a table, so probe runs are long and wrap around.
TEST(ExactTableTest, EveryKeyStaysFindableWhileGrowthMovesSlots) {
  ExactTable t;
  std::mt19937_64 rng(7);
  auto key = [&] {
    static constexpr uint64_t kHomes[] = {2040, 0, 1016, 600};
    return (rng() << 12) | (kHomes[rng() % 4] + rng() % 8);
  };
  std::vector<uint64_t> hash_of;  // by id
  std::vector<uint32_t> live;
  std::vector<uint32_t> erased;
  size_t erased_while_moving = 0;
  auto expect_found = [&](uint32_t id, bool want) {
    const auto found = t.find(hash_of[id], [&](uint32_t e) { return e == id; });
    EXPECT_EQ(found.has_value(), want) << id;
    if (found) {
      EXPECT_EQ(*found, id);
    }
  };
  for (int op = 0; op < 30000; ++op) {
    if (live.empty() || rng() % 5 < 3) {
      const auto id = static_cast<uint32_t>(hash_of.size());
      hash_of.push_back(key());
      t.insert(hash_of[id], id);
      live.push_back(id);
    } else {
      const size_t at = rng() % 2 ? 0 : rng() % live.size();  // oldest first, or any
      const uint32_t id = live[at];
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(at));
      erased_while_moving += t.moving();
      t.erase(hash_of[id], id);
      erased.push_back(id);
    }
    ASSERT_EQ(t.size(), live.size());
    if (!live.empty()) expect_found(live[rng() % live.size()], true);
    if (!erased.empty()) expect_found(erased[rng() % erased.size()], false);
  }
  EXPECT_GT(erased_while_moving, 200u);
  for (uint32_t id : live) expect_found(id, true);
  for (uint32_t id : erased) expect_found(id, false);
}

TEST(ZeroPagesTest, AMappedArrayIsPopulatedAndReleasedInSteps) {
  constexpr size_t kBytes = (size_t{5} << 20) + 100;  // mapped; not a whole number of pages
  ZeroPages pages(kBytes);
  auto* p = static_cast<unsigned char*>(pages.data());
  p[kBytes - 1] = 7;  // written before its page was asked for
  size_t steps = 0;
  while (!pages.populate(size_t{1} << 20)) ++steps;
  EXPECT_EQ(steps, 5u);  // five times 1 MB, then the last partial page
  EXPECT_TRUE(pages.populate(1));
  EXPECT_EQ(p[kBytes - 1], 7);
  p[kBytes - 1] = 0;
  EXPECT_TRUE(std::all_of(p, p + kBytes, [](unsigned char c) { return c == 0; }));

  ZeroPages moved(std::move(pages));  // ownership moves; the bytes stay where they are
  EXPECT_EQ(moved.data(), p);
  steps = 0;
  const size_t mapped = moved.bytes();
  EXPECT_GE(mapped, kBytes);
  while (!moved.release(size_t{1} << 20)) {
    ++steps;
    EXPECT_EQ(moved.bytes(), mapped - steps * (size_t{1} << 20));
  }
  EXPECT_EQ(steps, 5u);
  EXPECT_EQ(moved.bytes(), 0u);
  EXPECT_TRUE(moved.release(1));
}

TEST(ZeroPagesTest, ASmallArrayIsZeroAndHasNothingToPace) {
  ZeroPages pages(5000);
  const auto* p = static_cast<const unsigned char*>(pages.data());
  EXPECT_TRUE(std::all_of(p, p + 5000, [](unsigned char c) { return c == 0; }));
  EXPECT_TRUE(pages.populate(1));
  EXPECT_TRUE(pages.release(1));
}

std::vector<uint32_t> ids_under(const BandTable& t, uint64_t h) {
  std::vector<uint32_t> out;
  t.for_each(h, [&](uint32_t id) { out.push_back(id); });
  std::sort(out.begin(), out.end());
  return out;
}

TEST(BandTableTest, EveryIdUnderAHashIsFoundAndErasedOneByOne) {
  BandTable t;
  const uint64_t h = 0x1234'5678'9abc'def0ull;
  for (uint32_t id : {7u, 3u, 500u}) t.insert(h, id);
  t.insert(h ^ 1, 9);  // another tag on the same probe run (same high bits)
  EXPECT_EQ(ids_under(t, h), (std::vector<uint32_t>{3, 7, 500}));
  EXPECT_EQ(ids_under(t, h ^ 1), (std::vector<uint32_t>{9}));
  t.erase(h, 7);
  EXPECT_EQ(ids_under(t, h), (std::vector<uint32_t>{3, 500}));
  t.erase(h, 7);  // not there any more: no effect
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(ids_under(t, h ^ 1), (std::vector<uint32_t>{9}));
}

// Probes look at four slots per step until a run reaches the table's end, then go on one at a
// time from slot 0. Hashes here have distinct tags (low 16 bits), so for_each must return
// exactly the live ids of a hash; a third of them are homed in the table's last 8 slots, so
// runs cross its end, and erasures leave tombstones inside runs that later inserts reuse.
TEST(BandTableTest, EveryLiveIdIsFoundOnRunsThatCrossTheTableEndAndHoldTombstones) {
  BandTable t;  // 1024 slots, 16 tag bits
  ASSERT_EQ(t.capacity(), 1024u);
  std::mt19937_64 rng(7);
  constexpr size_t kHashes = 150;
  std::vector<uint64_t> hashes;
  for (uint64_t k = 0; k < kHashes; ++k) {
    // home = (h >> 32) * 1024 >> 32: the top 10 of the high 32 bits.
    const uint64_t home = k % 3 == 0 ? 1016 + rng() % 8 : rng() % 1024;
    hashes.push_back((home << 54) | ((rng() & 0x3FFFFF) << 32) | (k + 2));  // tags 2..151
  }
  std::vector<std::vector<uint32_t>> live(kHashes);
  uint32_t next_id = 0;
  auto check = [&](const char* when) {
    for (size_t k = 0; k < kHashes; ++k) {
      std::vector<uint32_t> want = live[k];
      std::sort(want.begin(), want.end());
      ASSERT_EQ(ids_under(t, hashes[k]), want) << when << ", hash " << k;
    }
  };
  for (int round = 0; round < 6; ++round) {
    while (t.can_insert(0, 1) && t.used() < 800) {
      const size_t k = rng() % kHashes;
      t.insert(hashes[k], next_id);
      live[k].push_back(next_id++);
    }
    check("after inserts");
    for (size_t k = 0; k < kHashes; ++k) {
      for (size_t j = 0; j < live[k].size();) {
        if (rng() % 3 == 0) {
          t.erase(hashes[k], live[k][j]);
          live[k].erase(live[k].begin() + static_cast<std::ptrdiff_t>(j));
        } else {
          ++j;
        }
      }
    }
    check("after erasures");
  }
  size_t total = 0;
  for (const auto& ids : live) total += ids.size();
  EXPECT_EQ(t.size(), total);
}

TEST(BandTableTest, TombstonesBeforeAnEmptySlotBecomeEmpty) {
  BandTable t;
  const uint64_t h = 0xAAAA'0000'0000'0001ull;
  t.insert(h, 1);
  t.insert(h, 2);
  t.insert(h, 3);
  EXPECT_EQ(t.used(), 3u);
  t.erase(h, 1);  // the run goes on after it: it stays a tombstone
  EXPECT_EQ(t.used(), 3u);
  EXPECT_EQ(ids_under(t, h), (std::vector<uint32_t>{2, 3}));
  t.erase(h, 3);  // the run's end: it and nothing else (2 is live) becomes empty
  EXPECT_EQ(t.used(), 2u);
  t.erase(h, 2);  // now 2 and the tombstone of 1 before it
  EXPECT_EQ(t.used(), 0u);
  EXPECT_EQ(t.size(), 0u);
}

TEST(BandTableTest, ASmallTableGrowsAboutThreefoldALargeOneAboutOnePointThree) {
  const BandTable t;
  const size_t small_live = 10'000, large_live = 2'000'000;
  // 85% load -> 28% (x3.0) while small; 85% -> 65% (x1.3) from 4 MB on.
  EXPECT_GE(t.successor(small_live, 1).capacity(), small_live * 100 / 28);
  EXPECT_LT(t.successor(large_live, 1).capacity(), large_live * 100 / 60);
  EXPECT_GE(t.successor(large_live, 1).capacity(), large_live * 100 / 65);
  const BandTable not_small(0);
  EXPECT_LT(not_small.successor(small_live, 1).capacity(), small_live * 100 / 60);
}

TEST(BandTableTest, AsksForARebuildWhenFullOrWhenIdsOutgrowTheirBits) {
  BandTable t;  // 1024 slots, 16 id bits
  EXPECT_TRUE(t.can_insert(0, 870));
  EXPECT_FALSE(t.can_insert(0, 871));  // over 85% load
  EXPECT_TRUE(t.can_insert(65'534, 1));
  EXPECT_FALSE(t.can_insert(65'535, 1));  // id + 1 must fit the 16-bit id field
  t.rebuild(10'000, 70'000);
  EXPECT_GE(t.capacity(), 10'000u * 100 / 65);
  EXPECT_TRUE(t.can_insert(70'000, 1));
  EXPECT_EQ(t.tag_bits(), 32u - 18u);  // 2^18 - 1 >= 2 * 70,000
  const uint64_t h = 0x5555'5555'5555'5555ull;
  t.insert(h, 70'000);
  EXPECT_EQ(ids_under(t, h), (std::vector<uint32_t>{70'000}));
}

// Empty slots are all-zero (a fresh table is zero-filled memory), so an entry must never be
// stored as 0 or as the tombstone: id 0 under a hash whose tag bits are 0 or 1 is the case.
TEST(BandTableTest, IdZeroUnderTagZeroOrOneIsStoredFoundAndErased) {
  BandTable t;
  const uint64_t tag0 = 0x1234'5678'0000'0000ull, tag1 = 0x8765'4321'0000'0001ull;
  t.insert(tag0, 0);
  t.insert(tag1, 0);
  t.insert(tag0, 7);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(ids_under(t, tag0), (std::vector<uint32_t>{0, 7}));
  EXPECT_EQ(ids_under(t, tag1), (std::vector<uint32_t>{0}));
  t.erase(tag0, 0);
  EXPECT_EQ(ids_under(t, tag0), (std::vector<uint32_t>{7}));
  EXPECT_EQ(ids_under(t, tag1), (std::vector<uint32_t>{0}));
  t.erase(tag1, 0);
  t.erase(tag0, 7);
  EXPECT_EQ(t.size(), 0u);
  EXPECT_TRUE(ids_under(t, tag0).empty());
}

// Rows never move: a row written before the store grew by many chunks keeps its address and
// its values (the Index hands out pointers to signatures between inserts).
TEST(ChunkedRowsTest, RowsKeepTheirAddressesAndValuesWhileTheStoreGrows) {
  ChunkedRows<uint16_t> rows(3);
  std::vector<const uint16_t*> at;
  const size_t n = 3 * ChunkedRows<uint16_t>::kChunkRows + 5;
  for (size_t i = 0; i < n; ++i) {
    rows.add_row();
    uint16_t* r = rows.row(i);
    for (uint16_t k = 0; k < 3; ++k) r[k] = static_cast<uint16_t>(i * 3 + k);
    at.push_back(r);
  }
  EXPECT_EQ(rows.size(), n);
  EXPECT_EQ(rows.bytes(), 4 * ChunkedRows<uint16_t>::kChunkRows * 3 * sizeof(uint16_t));
  for (size_t i = 0; i < n; ++i) {
    ASSERT_EQ(rows.row(i), at[i]) << i;
    for (uint16_t k = 0; k < 3; ++k) ASSERT_EQ(rows.row(i)[k], static_cast<uint16_t>(i * 3 + k));
  }
  EXPECT_EQ(&rows[ChunkedRows<uint16_t>::kChunkRows], at[ChunkedRows<uint16_t>::kChunkRows]);
}

Fingerprint facts(uint32_t seed) {
  Fingerprint fp;
  fp.exact = Hash128{seed * 0x1234567ull + 1, seed};
  // Fact hashes differ in their high 16 bits, the part the index keeps.
  fp.numbers = {seed << 16 | 5, (seed + 10) << 16 | 7, (seed + 20) << 16};
  fp.names = {(seed + 1) << 16 | 9};
  fp.place = seed + 2;
  fp.day = 5 * 16 + 3;
  fp.shingles = 40 + seed;
  fp.tokens = 44 + seed;
  fp.numeric_tokens = 3;
  return fp;
}

TEST(IndexStorageTest, AnEntryViewShowsEverythingInserted) {
  Index index(config::default_config().index, 128, 16);
  const Fingerprint a = facts(1), b = facts(2);
  const EntryId ea = index.insert("alpha", a, 1000, std::nullopt, "", 77);
  const EntryId eb = index.insert("beta-copy", b, 2000, ea, "alpha", 78);
  const EntryView va = index.entry(ea);
  EXPECT_EQ(va.id, "alpha");
  EXPECT_EQ(va.root_id, "alpha");
  EXPECT_EQ(va.root, ea);
  EXPECT_EQ(va.source, 77u);
  EXPECT_EQ(va.event_ms, 1000);
  EXPECT_TRUE(va.live);
  EXPECT_EQ(va.fp.exact, a.exact);
  EXPECT_EQ(std::vector<uint16_t>(va.fp.numbers.begin(), va.fp.numbers.end()),
            (std::vector<uint16_t>{1, 11, 21}));
  EXPECT_EQ(std::vector<uint16_t>(va.fp.names.begin(), va.fp.names.end()),
            (std::vector<uint16_t>{2}));
  EXPECT_EQ(va.fp.place, a.place);
  EXPECT_EQ(va.fp.day, a.day);
  EXPECT_EQ(va.fp.shingles, a.shingles);
  EXPECT_EQ(va.fp.tokens, a.tokens);
  EXPECT_EQ(va.fp.numeric_tokens, a.numeric_tokens);
  const EntryView vb = index.entry(eb);
  EXPECT_EQ(vb.id, "beta-copy");
  EXPECT_EQ(vb.root_id, "alpha");
  EXPECT_EQ(vb.root, ea);
  EXPECT_EQ(vb.source, 78u);
  // A restored duplicate without its root in the index: its own slot, the given root id.
  const EntryId ec = index.insert("gamma", facts(3), 3000, std::nullopt, "far-root");
  EXPECT_EQ(index.entry(ec).root, ec);
  EXPECT_EQ(index.entry(ec).root_id, "far-root");
}

// The index keeps 16 of the 32 bits of each fact hash; the decision's overlap against the
// stored set equals the overlap of the full sets unless two facts share their high bits.
TEST(IndexStorageTest, FactOverlapWithTheStoredSetEqualsTheFullOverlap) {
  Index index(config::default_config().index, 128, 16);
  Fingerprint stored;
  stored.exact = Hash128{1, 2};
  // 0x0003'xxxx twice: one compact value, so the stored set has 4 members.
  stored.numbers = {0x0001'0000, 0x0003'0001, 0x0003'0002, 0x0009'0000, 0x000A'0000};
  const EntryId e = index.insert("s", stored, 0, std::nullopt, "");
  const auto facts = index.entry(e).fp;
  ASSERT_EQ(facts.numbers.size(), 4u);
  // Query {1, 3, 7}: 1 and 3 are in the stored set; the smaller side has 3 members.
  const std::vector<uint32_t> query = {0x0001'1234, 0x0003'ffff, 0x0007'0000};
  EXPECT_DOUBLE_EQ(fingerprint::sorted_overlap(query, facts.numbers), 2.0 / 3.0);
  // A query of repeats of one compact value counts once: 1 of 1.
  EXPECT_DOUBLE_EQ(fingerprint::sorted_overlap({0x0009'0001, 0x0009'0002}, facts.numbers), 1.0);
  // Nothing in common, and the empty set (overlap 1.0, as for full sets).
  EXPECT_DOUBLE_EQ(fingerprint::sorted_overlap({0x0002'0000}, facts.numbers), 0.0);
  EXPECT_DOUBLE_EQ(fingerprint::sorted_overlap({}, facts.numbers), 1.0);
}

TEST(IndexStorageTest, EvictionReusesSlotsAndArenaChunks) {
  config::IndexConfig c = config::default_config().index;
  c.max_articles = 100;
  Index index(c, 128, 16);
  // 50,000 entries through an index of 100, each with ~200 bytes of ids and facts.
  const std::string pad(150, 'x');
  uint64_t bytes_after_warmup = 0;
  for (uint32_t i = 0; i < 50'000; ++i) {
    Fingerprint fp = facts(i);
    fp.numbers.resize(10);
    for (uint32_t k = 0; k < 10; ++k) fp.numbers[k] = (i + k) << 16;
    const std::string id = pad + std::to_string(i);
    const EntryId e = index.insert(id, fp, i, std::nullopt, "");
    index.expire(i);
    EXPECT_LT(e, 101u);  // slots are reused: never more than capacity + the one being added
    ASSERT_EQ(index.entry(e).id, id);
    // By then the arena's 1 MB chunks (~5,000 entries each) have turned over a few times.
    if (i == 20'000) bytes_after_warmup = index.stats().bytes;
  }
  EXPECT_EQ(index.size(), 100u);
  EXPECT_EQ(index.stats().evicted_capacity, 49'900u);
  EXPECT_EQ(index.stats().bytes, bytes_after_warmup);  // flat: nothing grows with the stream
  // The live ones are the newest 100, in full.
  for (uint32_t i = 49'900; i < 50'000; ++i) {
    const Fingerprint fp = facts(i);
    const auto e = index.find_exact(fp.exact);
    ASSERT_TRUE(e.has_value()) << i;
    EXPECT_EQ(index.entry(*e).id, pad + std::to_string(i));
    EXPECT_EQ(index.entry(*e).fp.numbers[9], i + 9);
  }
  EXPECT_FALSE(index.find_exact(facts(49'899).exact).has_value());
}

TEST(IndexStorageTest, TtlAndCapacityEvictInInsertionOrder) {
  config::IndexConfig c = config::default_config().index;
  c.ttl_seconds = 10;
  c.max_articles = 3;
  Index index(c, 128, 16);
  // Event times out of order: the TTL clock is the stream time at insertion, so "late" (t=1s,
  // inserted after t=20s) lives until 30s like its neighbour, and eviction stays FIFO.
  (void)index.insert("t0", facts(10), 0, std::nullopt, "");
  (void)index.insert("t20", facts(11), 20'000, std::nullopt, "");
  (void)index.insert("late", facts(12), 1'000, std::nullopt, "");
  (void)index.insert("t25", facts(13), 25'000, std::nullopt, "");
  index.expire(25'000);  // t0 is older than 15s: TTL; then 3 left, within capacity
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.stats().evicted_ttl, 1u);
  EXPECT_FALSE(index.find_exact(facts(10).exact).has_value());
  EXPECT_TRUE(index.find_exact(facts(12).exact).has_value());
  (void)index.insert("t26", facts(14), 26'000, std::nullopt, "");
  index.expire(26'000);  // over capacity: the oldest insertion (t20) goes, not "late"
  EXPECT_EQ(index.stats().evicted_capacity, 1u);
  EXPECT_FALSE(index.find_exact(facts(11).exact).has_value());
  EXPECT_TRUE(index.find_exact(facts(12).exact).has_value());
  index.expire(30'001);  // "late" and t25 (stream time 20s and 25s at insertion) expire...
  EXPECT_FALSE(index.find_exact(facts(12).exact).has_value());
  EXPECT_TRUE(index.find_exact(facts(13).exact).has_value());
  EXPECT_EQ(index.size(), 2u);
}

}  // namespace
}  // namespace newsdedup::index
