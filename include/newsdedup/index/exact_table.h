// index detail: ExactTable, a flat open-addressing map from an article's exact hash to its
// entry. Not thread-safe (owned by one Index). An 8-byte slot (32 hash bits, entry id) with
// linear probing and backward-shift deletion (no tombstones); the caller confirms a hit on all
// 128 bits from its own record, so the table never stores the full hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace newsdedup::index {

class ExactTable {
 public:
  ExactTable() { rehash(kMinCapacity); }

  // The first id stored under `h` for which same(id) holds.
  template <class Same>
  std::optional<uint32_t> find(uint64_t h, Same&& same) const {
    const auto key = static_cast<uint32_t>(h);
    for (size_t i = key & mask_; slots_[i].id != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].key == key && same(slots_[i].id)) return slots_[i].id;
    }
    return std::nullopt;
  }

  void insert(uint64_t h, uint32_t id) {
    if ((size_ + 1) * 4 > slots_.size() * 3) rehash(slots_.size() * 2);
    const auto key = static_cast<uint32_t>(h);
    size_t i = key & mask_;
    while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{key, id};
    ++size_;
  }

  // Removes the slot (h, id) if present.
  void erase(uint64_t h, uint32_t id) {
    const auto key = static_cast<uint32_t>(h);
    size_t i = key & mask_;
    for (; slots_[i].id != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].key == key && slots_[i].id == id) break;
    }
    if (slots_[i].id == kEmpty) return;
    // Backward shift: move later members of the probe run into the hole when their home
    // position allows, so lookups never need tombstones.
    for (size_t j = (i + 1) & mask_; slots_[j].id != kEmpty; j = (j + 1) & mask_) {
      const size_t home = slots_[j].key & mask_;
      const bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Slot{};
    --size_;
  }

  size_t size() const { return size_; }
  size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint32_t key = 0;
    uint32_t id = kEmpty;
  };
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr size_t kMinCapacity = 1024;

  void rehash(size_t capacity) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    for (const Slot& s : old) {
      if (s.id == kEmpty) continue;
      size_t i = s.key & mask_;
      while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace newsdedup::index
