// index detail: ExactTable, a flat open-addressing map from an article's exact hash to its
// entry. Not thread-safe (owned by one Index). An 8-byte slot (32 hash bits, entry id) with
// linear probing and backward-shift deletion (no tombstones); the caller confirms a hit on all
// 128 bits from its own record, so the table never stores the full hash.
//
// Growth never stalls an insert: the doubled table takes new inserts at once and the old one's
// slots move over a few per insert (re-inserting a 1M-article table at once stalled one
// decision for ~11 ms). Until the move ends lookups ask both tables.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>

namespace newsdedup::index {

class ExactTable {
 public:
  ExactTable() : cur_(kMinCapacity) {}

  // The first id stored under `h` for which same(id) holds.
  template <class Same>
  std::optional<uint32_t> find(uint64_t h, Same&& same) const {
    const auto key = static_cast<uint32_t>(h);
    if (auto id = cur_.find(key, same)) return id;
    if (old_) return old_->find(key, same);
    return std::nullopt;
  }

  void insert(uint64_t h, uint32_t id) {
    move(kMoveStep);
    if ((size_ + 1) * 4 > cur_.capacity() * 3) {
      move(old_ ? old_->capacity() : 0);  // finish a move still in progress (erases slowed it)
      old_.emplace(std::move(cur_));
      cur_ = Table(old_->capacity() * 2);
      cursor_ = 0;
    }
    cur_.insert(Slot{static_cast<uint32_t>(h), id + 1});
    ++size_;
  }

  // Removes the slot (h, id) if present.
  void erase(uint64_t h, uint32_t id) {
    const Slot s{static_cast<uint32_t>(h), id + 1};
    bool found = cur_.erase(s, [](size_t, size_t, Slot) {});
    if (old_) {
      // The move has copied old slots [0, cursor_) into cur_. A backward shift that carries an
      // unmoved slot below the cursor copies it now, or the move would never see it.
      found |= old_->erase(s, [&](size_t from, size_t to, Slot moved) {
        if (from >= cursor_ && to < cursor_) cur_.insert_if_absent(moved);
      });
    }
    size_ -= found ? 1 : 0;
  }

  size_t size() const { return size_; }
  size_t bytes() const { return (cur_.capacity() + (old_ ? old_->capacity() : 0)) * sizeof(Slot); }
  bool moving() const { return old_.has_value(); }

 private:
  struct Slot {
    uint32_t key = 0;
    uint32_t id1 = 0;  // entry id + 1; 0 marks an empty slot, so a table comes from calloc
    bool operator==(const Slot&) const = default;
  };
  static constexpr size_t kMinCapacity = 1024;
  // Old slots moved per insert. The doubled table fills from 3/8 to 3/4 load in as many
  // inserts as the old table has slots; 16 per insert ends the move in a sixteenth of that.
  static constexpr size_t kMoveStep = 16;

  // A power-of-two array of slots with linear probing from home = key & mask.
  class Table {
   public:
    explicit Table(size_t capacity)
        : slots_(static_cast<Slot*>(std::calloc(capacity, sizeof(Slot)))), mask_(capacity - 1) {
      if (!slots_) throw std::bad_alloc();
    }

    size_t capacity() const { return mask_ + 1; }
    const Slot& at(size_t i) const { return slots_[i]; }

    template <class Same>
    std::optional<uint32_t> find(uint32_t key, Same& same) const {
      for (size_t i = key & mask_; slots_[i].id1 != 0; i = (i + 1) & mask_) {
        if (slots_[i].key == key && same(slots_[i].id1 - 1)) return slots_[i].id1 - 1;
      }
      return std::nullopt;
    }

    void insert(Slot s) { slots_[empty_on_run(s, false)] = s; }

    // Inserts `s` unless that very slot is already on its probe run.
    void insert_if_absent(Slot s) {
      const size_t i = empty_on_run(s, true);
      if (slots_[i].id1 == 0) slots_[i] = s;
    }

    // Removes `s` if present; shifted(from, to, slot) is told of every slot the backward shift
    // moves, so lookups never need tombstones.
    template <class Shifted>
    bool erase(Slot s, Shifted&& shifted) {
      size_t i = s.key & mask_;
      while (slots_[i].id1 != 0 && !(slots_[i] == s)) i = (i + 1) & mask_;
      if (slots_[i].id1 == 0) return false;
      // Move later members of the probe run into the hole when their home position allows.
      for (size_t j = (i + 1) & mask_; slots_[j].id1 != 0; j = (j + 1) & mask_) {
        const size_t home = slots_[j].key & mask_;
        const bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (movable) {
          slots_[i] = slots_[j];
          shifted(j, i, slots_[i]);
          i = j;
        }
      }
      slots_[i] = Slot{};
      return true;
    }

   private:
    // The first empty slot of s's probe run, or (when `stop_at_same`) s's own slot if earlier.
    size_t empty_on_run(Slot s, bool stop_at_same) const {
      size_t i = s.key & mask_;
      while (slots_[i].id1 != 0 && !(stop_at_same && slots_[i] == s)) i = (i + 1) & mask_;
      return i;
    }

    struct Free {
      void operator()(Slot* p) const { std::free(p); }
    };
    std::unique_ptr<Slot[], Free> slots_;
    size_t mask_;
  };

  // Copies up to `slots` old slots into cur_; drops the old table once all are copied.
  // insert_if_absent: a backward shift in the old table may have copied a slot already.
  void move(size_t slots) {
    if (!old_) return;
    const size_t end = std::min(old_->capacity(), cursor_ + slots);
    for (; cursor_ < end; ++cursor_) {
      if (old_->at(cursor_).id1 != 0) cur_.insert_if_absent(old_->at(cursor_));
    }
    if (cursor_ == old_->capacity()) old_.reset();
  }

  Table cur_;
  std::optional<Table> old_;  // the table before the last doubling, while its slots move
  size_t cursor_ = 0;         // old slots below it are in cur_ too
  size_t size_ = 0;
};

}  // namespace newsdedup::index
