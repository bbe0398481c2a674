// index detail: the LSH band table, a flat open-addressing multimap from a 32-bit band key
// to entry ids. Not thread-safe (owned by one Index). One 8-byte slot per (band, article), no
// per-key allocation: the node-based map it replaces cost about ten times as much per band entry.
#pragma once

#include <cstdint>
#include <vector>

namespace newsdedup::index {

class BandTable {
 public:
  BandTable() { rehash(kMinCapacity); }

  void insert(uint32_t key, uint32_t value) {
    if ((used_ + 1) * 10 > slots_.size() * 7)
      rehash(live_ * 2 + 1 > slots_.size() / 2 ? slots_.size() * 2 : slots_.size());
    size_t i = home(key);
    while (slots_[i].value != kEmpty && slots_[i].value != kTombstone) i = (i + 1) & mask_;
    if (slots_[i].value == kEmpty) ++used_;
    slots_[i] = Slot{key, value};
    ++live_;
  }

  // Calls f(value) for every value stored under `key`.
  template <class F>
  void for_each(uint32_t key, F&& f) const {
    for (size_t i = home(key); slots_[i].value != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].key == key && slots_[i].value != kTombstone) f(slots_[i].value);
    }
  }

  void erase(uint32_t key, uint32_t value) {
    for (size_t i = home(key); slots_[i].value != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].key == key && slots_[i].value == value) {
        slots_[i].value = kTombstone;
        --live_;
        return;
      }
    }
  }

  size_t size() const { return live_; }
  size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint32_t key = 0;
    uint32_t value = kEmpty;
  };
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr uint32_t kTombstone = 0xFFFFFFFEu;
  static constexpr size_t kMinCapacity = 1024;

  size_t home(uint32_t key) const {
    return static_cast<size_t>((static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  // Rebuilds with `capacity` slots (a power of two), dropping tombstones.
  void rehash(size_t capacity) {
    size_t cap = kMinCapacity;
    while (cap < capacity) cap *= 2;
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    shift_ = 64;
    for (size_t c = cap; c > 1; c >>= 1) --shift_;
    used_ = live_ = 0;
    for (const Slot& s : old) {
      if (s.value != kEmpty && s.value != kTombstone) {
        size_t i = home(s.key);
        while (slots_[i].value != kEmpty) i = (i + 1) & mask_;
        slots_[i] = s;
        ++used_;
        ++live_;
      }
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  unsigned shift_ = 64;
  size_t used_ = 0;  // live + tombstones
  size_t live_ = 0;
};

}  // namespace newsdedup::index
