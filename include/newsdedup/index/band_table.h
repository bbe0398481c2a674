// index detail: the LSH band table, a flat open-addressing multimap from a band's 64-bit hash
// to entry ids. Not thread-safe (owned by one Index). One 4-byte slot per (band, article): the
// entry id + 1 in the high bits and a tag (low hash bits) below it. The key itself is not stored:
// the Index confirms a tag hit by comparing the band's rows in the entry's stored signature,
// and rebuilds the table (growth, tombstone cleanup) from those signatures.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "newsdedup/index/zero_pages.h"

namespace newsdedup::index {

class BandTable {
 public:
  // Tables whose live slots would fill fewer than `small_slots` at the target load grow ~3x
  // per step instead of ~1.3x (see sizing()).
  static constexpr size_t kSmallSlots = size_t{1} << 20;  // 4 MB
  // The first table of a fresh index (1 MB): room for ~5,500 articles of 40 bands before the
  // first move. Starting from the minimum (1,024 slots), a young index moved its entries 4-5
  // times on the way there.
  static constexpr size_t kFirstSlots = size_t{1} << 18;

  // `first_slots`: the first table's capacity (at least the minimum, 1,024), and the least
  // any later one of this index gets: rebuilt for few live entries (fit(), tombstones), the
  // table keeps the head start a fresh one has.
  explicit BandTable(size_t small_slots = kSmallSlots, size_t first_slots = 0)
      : small_slots_(small_slots),
        min_capacity_(first_slots > kMinCapacity ? first_slots : kMinCapacity) {
    reset(min_capacity_, kMinIdBits);
  }

  // Calls f(id) for every id stored with this hash's tag on its probe run, in probe order.
  template <class F>
  void for_each(uint64_t h, F&& f) const {
    const uint32_t tag = tag_of(h);
    size_t i = home(h);
#if defined(__SSE2__)
    const __m128i tags = _mm_set1_epi32(static_cast<int>(tag));
    const __m128i mask = _mm_set1_epi32(static_cast<int>(tag_mask_));
    const bool ended = in_groups(i, [&](__m128i v, size_t at) {
      const unsigned empty = empty4(v);
      unsigned hit = bits4(_mm_andnot_si128(_mm_cmpeq_epi32(v, _mm_set1_epi32(kTombstone)),
                                            _mm_cmpeq_epi32(_mm_and_si128(v, mask), tags)));
      if (empty != 0) hit &= below_first(empty);
      for (; hit != 0; hit &= hit - 1) {
        f((slots_[at + static_cast<size_t>(__builtin_ctz(hit))] >> tag_bits_) - 1);
      }
      return empty != 0;
    });
    if (ended) return;
#endif
    for (; slots_[i] != kEmpty; i = next(i)) {
      const uint32_t s = slots_[i];
      if (s != kTombstone && (s & tag_mask_) == tag) f((s >> tag_bits_) - 1);
    }
  }

  // Asks the memory system for the slot a probe of `h` starts at. A table of a large index
  // lives in DRAM; requesting every band's slot before probing any of them overlaps the
  // misses instead of paying them one after another.
  void prefetch(uint64_t h) const { __builtin_prefetch(slots_ + home(h)); }

  // False when the table must be rebuilt first (too full, or `id` needs more id bits).
  bool can_insert(uint32_t id, size_t n) const {
    return (used_ + n) * 100 <= capacity_ * kMaxLoadPercent && id < max_id();
  }

  void insert(uint64_t h, uint32_t id) {
    assert(used_ < capacity_ && "callers check can_insert(): the probe needs an empty slot");
    size_t i = home(h);
#if defined(__SSE2__)
    size_t free_at = 0;  // the first empty slot or tombstone
    const bool found = in_groups(i, [&](__m128i v, size_t at) {
      const unsigned free = empty4(v) | bits4(_mm_cmpeq_epi32(v, _mm_set1_epi32(kTombstone)));
      if (free != 0) free_at = at + static_cast<size_t>(__builtin_ctz(free));
      return free != 0;
    });
    if (found) i = free_at;
#endif
    while (slots_[i] != kEmpty && slots_[i] != kTombstone) i = next(i);
    if (slots_[i] == kEmpty) ++used_;
    slots_[i] = slot_of(h, id);
    ++live_;
  }

  void erase(uint64_t h, uint32_t id) {
    const uint32_t want = slot_of(h, id);
    size_t i = home(h);
#if defined(__SSE2__)
    const bool ended = in_groups(i, [&](__m128i v, size_t at) {  // the first slot holding it
      const unsigned empty = empty4(v);
      unsigned found = bits4(_mm_cmpeq_epi32(v, _mm_set1_epi32(static_cast<int>(want))));
      if (empty != 0) found &= below_first(empty);
      if (found != 0) erase_at(at + static_cast<size_t>(__builtin_ctz(found)));
      return found != 0 || empty != 0;
    });
    if (ended) return;
#endif
    for (; slots_[i] != kEmpty; i = next(i)) {
      if (slots_[i] == want) return erase_at(i);
    }
  }

  // Empties the table, sized for `live` entries at the target load, with ids below
  // `id_limit` representable. The caller re-inserts every live (band, entry).
  void rebuild(size_t live, uint32_t id_limit) {
    const Sizing z = sizing(live, id_limit);
    reset(z.capacity, z.id_bits);
  }

  // An empty table sized as rebuild() would size this one, for a rebuild done a few entries
  // at a time while this table still answers for the entries not moved yet.
  BandTable successor(size_t live, uint32_t id_limit) const {
    const Sizing z = sizing(live, id_limit);
    BandTable next(small_slots_, min_capacity_);
    next.reset(z.capacity, z.id_bits);
    return next;
  }

  // Makes up to `bytes` more of the slot array resident; true once all of it is. A new table's
  // pages otherwise fault in on first write, hundreds per insert while a move fills it.
  bool populate(size_t bytes) { return mem_.populate(bytes); }

  // Gives up to `bytes` of the slot array back to the system; true once all of it is. The
  // table must not be used after the first call.
  bool release(size_t bytes) { return mem_.release(bytes); }

  size_t size() const { return live_; }
  size_t used() const { return used_; }  // live slots and tombstones
  size_t capacity() const { return capacity_; }
  size_t min_capacity() const { return min_capacity_; }
  unsigned tag_bits() const { return tag_bits_; }
  size_t bytes() const { return mem_.bytes(); }

 private:
  void erase_at(size_t i) {
    slots_[i] = kTombstone;
    --live_;
    // A tombstone right before an empty slot ends no probe run: it and the tombstones before
    // it become empty again. Under FIFO churn this keeps most deletions from counting towards
    // the next rebuild.
    if (slots_[next(i)] == kEmpty) {
      for (size_t j = i; slots_[j] == kTombstone; j = prev(j)) {
        slots_[j] = kEmpty;
        --used_;
      }
    }
  }

#if defined(__SSE2__)
  // Probes four slots per step (most runs are several slots long near the maximum load):
  // calls step(slots i..i + 3, i) for the groups from `i` until it returns true (the probe is
  // done: true is returned) or a group would pass the table's end. Then `i` is where the probe
  // goes on one slot at a time, wrapped to slot 0 when the last group ended at the end.
  template <class Step>
  bool in_groups(size_t& i, Step&& step) const {
    for (; i + 4 <= capacity_; i += 4) {
      if (step(_mm_loadu_si128(reinterpret_cast<const __m128i*>(slots_ + i)), i)) return true;
    }
    if (i == capacity_) i = 0;
    return false;
  }
  // One bit per slot of a 32-bit lane compare; the empty slots of a group.
  static unsigned bits4(__m128i lanes) {
    return static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(lanes)));
  }
  static unsigned empty4(__m128i v) { return bits4(_mm_cmpeq_epi32(v, _mm_setzero_si128())); }
  // The bits below the lowest set bit of `x` (x != 0): the slots before the run's end.
  static unsigned below_first(unsigned x) { return (x & -x) - 1; }
#endif

  // An id field of 0 (no entry, see slot_of): tag 0 for empty, 1 for a tombstone.
  static constexpr uint32_t kEmpty = 0;
  static constexpr uint32_t kTombstone = 1;
  static constexpr size_t kMinCapacity = 1024;
  static constexpr unsigned kMinIdBits = 16;
  static constexpr unsigned kMaxIdBits = 28;  // 4 tag bits at least; 268M entries
  static constexpr size_t kMaxLoadPercent = 85;
  static constexpr size_t kTargetLoadPercent = 65;
  static constexpr size_t kChurnLivePercent = 70;
  static constexpr size_t kChurnTargetLoadPercent = 50;
  static constexpr size_t kSmallTargetLoadPercent = 28;

  struct Sizing {
    size_t capacity;
    unsigned id_bits;
  };
  Sizing sizing(size_t live, uint32_t id_limit) const {
    // Filled by tombstones rather than by live slots (eviction churn at a steady size): more
    // room, so the next rebuild comes later (each one re-hashes every live band).
    const bool churn = live * 100 < capacity_ * kChurnLivePercent;
    size_t target = churn ? kChurnTargetLoadPercent : kTargetLoadPercent;
    // A small table grows ~3x per step instead of ~1.3x: otherwise a young index re-inserts
    // every band ~3.3 times on its way to a few MB, to save memory not worth saving.
    if (!churn && live * 100 / kTargetLoadPercent < small_slots_) target = kSmallTargetLoadPercent;
    size_t cap = live * 100 / target + 1;
    if (cap < min_capacity_) cap = min_capacity_;
    unsigned bits = kMinIdBits;
    // One spare id value: the id field holds id + 1 (slot_of).
    while (bits < kMaxIdBits && (uint64_t{1} << bits) - 1 < uint64_t{id_limit} * 2) ++bits;
    return {cap, bits};
  }

  uint32_t max_id() const { return (uint32_t{1} << (32 - tag_bits_)) - 1; }
  uint32_t tag_of(uint64_t h) const { return static_cast<uint32_t>(h) & tag_mask_; }
  // Any capacity, not only powers of two (Lemire's multiply-shift range reduction), so the
  // table grows by ~1.3x and its load stays between 65% and 85%.
  size_t home(uint64_t h) const {
    return static_cast<size_t>(((h >> 32) * static_cast<uint64_t>(capacity_)) >> 32);
  }
  size_t next(size_t i) const { return i + 1 == capacity_ ? 0 : i + 1; }
  size_t prev(size_t i) const { return i == 0 ? capacity_ - 1 : i - 1; }
  // The id field holds id + 1: 0 there marks the empty and tombstone slots.
  uint32_t slot_of(uint64_t h, uint32_t id) const { return ((id + 1) << tag_bits_) | tag_of(h); }

  void reset(size_t cap, unsigned id_bits) {
    mem_ = ZeroPages();  // free first: never both tables resident
    // Empty slots are all-zero, so the table comes zero-filled from fresh pages: nothing is
    // written up front (filling ~230 MB with a non-zero marker stalled the insert that started
    // a band move at 1M articles for ~300 ms).
    mem_ = ZeroPages(cap * sizeof(uint32_t));
    slots_ = static_cast<uint32_t*>(mem_.data());
    capacity_ = cap;
    tag_bits_ = 32 - id_bits;
    tag_mask_ = (uint32_t{1} << tag_bits_) - 1;
    used_ = live_ = 0;
  }

  size_t small_slots_;
  size_t min_capacity_;
  ZeroPages mem_;
  uint32_t* slots_ = nullptr;  // mem_'s bytes
  size_t capacity_ = 0;
  unsigned tag_bits_ = 16;
  uint32_t tag_mask_ = 0xFFFF;
  size_t used_ = 0;  // live + tombstones
  size_t live_ = 0;
};

}  // namespace newsdedup::index
