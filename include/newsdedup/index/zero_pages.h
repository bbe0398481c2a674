// index detail: ZeroPages, a large zero-filled array whose memory the owner makes resident and
// gives back a few megabytes at a time. Not thread-safe.
//
// Why: a band table at 1M articles is ~230 MB. Taken from calloc, its pages became resident on
// first write, and the first inserts of a band move (640 random slot writes each) faulted in
// hundreds of fresh pages per decision (2-3 ms each for ~100 decisions); freeing the old table
// at the end of the move unmapped 180 MB in one decision (~11 ms). populate() and release()
// let the Index spread both over many inserts.
#pragma once

#include <cstddef>

namespace newsdedup::index {

class ZeroPages {
 public:
  ZeroPages() = default;
  explicit ZeroPages(size_t bytes);  // all zero; throws std::bad_alloc
  ~ZeroPages();
  ZeroPages(ZeroPages&& other) noexcept;
  ZeroPages& operator=(ZeroPages&& other) noexcept;
  ZeroPages(const ZeroPages&) = delete;
  ZeroPages& operator=(const ZeroPages&) = delete;

  void* data() const { return base_; }
  size_t bytes() const { return length_ - released_; }  // not given back yet

  // Makes up to `bytes` more of the array resident, in address order. True once all of it is.
  bool populate(size_t bytes);

  // Gives up to `bytes` more back to the system, from the start; the array must not be used
  // after the first call. True once nothing is left.
  bool release(size_t bytes);

 private:
  static constexpr size_t kMapBytes = size_t{4} << 20;  // smaller arrays: calloc (see .cc)

  bool mapped() const { return length_ >= kMapBytes; }
  void swap(ZeroPages& other) noexcept;

  char* base_ = nullptr;
  size_t length_ = 0;     // mapped bytes, a whole number of pages
  size_t populated_ = 0;  // [0, populated_) is resident
  size_t released_ = 0;   // [0, released_) is unmapped
};

}  // namespace newsdedup::index
