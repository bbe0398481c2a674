// index detail: ChunkedRows, the store of the fixed-size part of index entries (records and
// compact signatures), one row of `width` values per entry slot. Not thread-safe (owned by
// one Index). Rows live in chunks of kChunkRows that are never moved: a std::vector doubling
// at ~1M articles copied its 88-256 MB in the insert that grew it and stalled that decision
// for hundreds of milliseconds; here growing allocates one more chunk and copies nothing,
// and a row's address stays valid while the store grows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

namespace newsdedup::index {

template <class T>
class ChunkedRows {
 public:
  // 4,096 rows per chunk: 512 KB of 128-value signatures, 352 KB of records; the last chunk's
  // unused rows are the only slack (a doubling vector's is up to its whole size).
  static constexpr unsigned kChunkShift = 12;
  static constexpr size_t kChunkRows = size_t{1} << kChunkShift;

  explicit ChunkedRows(size_t width = 1) : width_(width) {}

  // Appends one row, its values default-initialized (unspecified for plain values: callers
  // overwrite every row they add). A chunk's rows are constructed as they are added, not when
  // the chunk is allocated: constructing 4,096 records at once wrote 352 KB of fresh pages in
  // one insert (~1 ms at 1M articles, every 4,096 inserts).
  void add_row() {
    if ((size_ & (kChunkRows - 1)) == 0 && (size_ >> kChunkShift) == chunks_.size()) {
      const size_t bytes = kChunkRows * width_ * sizeof(T);
      chunks_.emplace_back(static_cast<T*>(::operator new(bytes)));
    }
    std::uninitialized_default_construct_n(row(size_), width_);
    ++size_;
  }

  T* row(size_t i) { return chunks_[i >> kChunkShift].get() + (i & (kChunkRows - 1)) * width_; }
  const T* row(size_t i) const {
    return chunks_[i >> kChunkShift].get() + (i & (kChunkRows - 1)) * width_;
  }
  T& operator[](size_t i) { return *row(i); }
  const T& operator[](size_t i) const { return *row(i); }

  size_t size() const { return size_; }  // rows
  size_t bytes() const { return chunks_.size() * kChunkRows * width_ * sizeof(T); }

 private:
  static_assert(std::is_trivially_destructible_v<T>, "chunks are freed without destructors");
  struct Free {
    void operator()(T* p) const { ::operator delete(p); }
  };
  std::vector<std::unique_ptr<T, Free>> chunks_;
  size_t width_;
  size_t size_ = 0;
};

}  // namespace newsdedup::index
