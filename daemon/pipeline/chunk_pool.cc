// The fork-join pool behind the daemon's and the offline mode's batch preparation.
#include <algorithm>
#include <utility>

#include "pipeline/chunk_pool_internal.h"

namespace newsdedup::pipeline {

ChunkPool::ChunkPool(unsigned workers) {
  for (unsigned i = 1; i <= workers; ++i) threads_.emplace_back([this, i] { work(i); });
}

ChunkPool::~ChunkPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  start_.notify_all();
  for (auto& t : threads_) t.join();
}

void ChunkPool::start(size_t n, ChunkFn fn) {
  {
    std::lock_guard lock(mu_);
    n_ = n;
    fn_ = std::move(fn);
    cursor_.store(0, std::memory_order_relaxed);
    busy_ = threads_.size();
    ++generation_;
  }
  start_.notify_all();
}

void ChunkPool::finish() {
  run_chunks(0);
  std::unique_lock lock(mu_);
  done_.wait(lock, [this] { return busy_ == 0; });
}

void ChunkPool::run_chunks(unsigned thread) {
  for (;;) {
    const size_t begin = cursor_.fetch_add(kChunk, std::memory_order_relaxed);
    if (begin >= n_) return;
    fn_(thread, begin, std::min(begin + kChunk, n_));
  }
}

void ChunkPool::work(unsigned thread) {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    run_chunks(thread);
    std::lock_guard lock(mu_);
    if (--busy_ == 0) done_.notify_one();
  }
}

}  // namespace newsdedup::pipeline
