// ZeroPages over an anonymous private mapping: zero-filled by the kernel, resident page by page.
// populate() asks for pages with MADV_POPULATE_WRITE (Linux 5.14+) and writes one byte per
// page where the kernel does not know it; release() unmaps a prefix, which munmap allows.
// Arrays under kMapBytes come from calloc instead: malloc recycles freed memory that is
// resident already, which a fresh mapping never is (a fresh engine's small band tables, grown
// a dozen times, cost it ~4% in page faults when every one was mapped).
#include "newsdedup/index/zero_pages.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <utility>

namespace newsdedup::index {
namespace {

size_t page_size() {
  static const auto size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

// `bytes` rounded up to whole pages, at least one.
size_t whole_pages(size_t bytes) {
  const size_t page = page_size();
  return std::max(page, (bytes + page - 1) / page * page);
}

}  // namespace

ZeroPages::ZeroPages(size_t bytes) : length_(whole_pages(bytes)) {
  if (!mapped()) {
    base_ = static_cast<char*>(std::calloc(length_, 1));
    if (base_ == nullptr) throw std::bad_alloc();
    populated_ = length_;  // calloc has zeroed or freshly mapped it all: nothing to pace
    return;
  }
  void* p = mmap(nullptr, length_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  base_ = static_cast<char*>(p);
}

ZeroPages::~ZeroPages() {
  if (base_ == nullptr) return;
  if (!mapped()) {
    std::free(base_);
  } else if (released_ < length_) {
    munmap(base_ + released_, length_ - released_);
  }
}

ZeroPages::ZeroPages(ZeroPages&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)),
      length_(std::exchange(other.length_, 0)),
      populated_(std::exchange(other.populated_, 0)),
      released_(std::exchange(other.released_, 0)) {}

ZeroPages& ZeroPages::operator=(ZeroPages&& other) noexcept {
  ZeroPages(std::move(other)).swap(*this);  // the temporary frees what *this held
  return *this;
}

void ZeroPages::swap(ZeroPages& other) noexcept {
  std::swap(base_, other.base_);
  std::swap(length_, other.length_);
  std::swap(populated_, other.populated_);
  std::swap(released_, other.released_);
}

bool ZeroPages::populate(size_t bytes) {
  if (populated_ >= length_) return true;
  const size_t n = whole_pages(std::min(bytes, length_ - populated_));
  char* const at = base_ + populated_;
#if defined(MADV_POPULATE_WRITE)
  const bool asked = madvise(at, n, MADV_POPULATE_WRITE) == 0;
#else
  const bool asked = false;
#endif
  if (!asked) {
    // Writing a zero over a zero page changes no value; it only makes the page resident.
    volatile char* const v = at;
    for (size_t i = 0; i < n; i += page_size()) v[i] = 0;
  }
  populated_ += n;
  return populated_ >= length_;
}

bool ZeroPages::release(size_t bytes) {
  if (released_ >= length_) return true;
  if (!mapped()) {
    std::free(std::exchange(base_, nullptr));
    released_ = length_;
    return true;
  }
  const size_t n = whole_pages(std::min(bytes, length_ - released_));
  munmap(base_ + released_, n);
  released_ += n;
  return released_ >= length_;
}

}  // namespace newsdedup::index
