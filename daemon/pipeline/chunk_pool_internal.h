// pipeline internal: a small fork-join pool for preparing a batch of records in parallel. The
// caller and `workers` threads take chunks of the batch from one atomic cursor (so a slow
// record does not hold up a fixed share); each call gets its thread's index, so every thread
// can own a Preparer. Used by the Kafka daemon (a consumed batch) and by the offline mode
// (a batch of lines prepared while the previous one is decided).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace newsdedup::pipeline {

class ChunkPool {
 public:
  // fn(thread, begin, end): process items [begin, end) on thread `thread` (0 = the caller).
  using ChunkFn = std::function<void(unsigned thread, size_t begin, size_t end)>;

  explicit ChunkPool(unsigned workers);
  ~ChunkPool();
  ChunkPool(const ChunkPool&) = delete;
  ChunkPool& operator=(const ChunkPool&) = delete;

  unsigned workers() const { return static_cast<unsigned>(threads_.size()); }

  // Hands items [0, n) to the workers and returns at once; only after finish() of the last.
  void start(size_t n, ChunkFn fn);
  // The caller takes chunks too, then waits until every item of the started run is done.
  void finish();
  void run(size_t n, ChunkFn fn) {
    start(n, std::move(fn));
    finish();
  }

 private:
  static constexpr size_t kChunk = 8;

  void run_chunks(unsigned thread);
  void work(unsigned thread);

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable start_, done_;
  uint64_t generation_ = 0;  // guarded by mu_
  size_t busy_ = 0;          // workers still on the current run; guarded by mu_
  bool stop_ = false;        // guarded by mu_
  size_t n_ = 0;             // written under mu_ before the generation changes
  ChunkFn fn_;               // likewise
  std::atomic<size_t> cursor_{0};
};

}  // namespace newsdedup::pipeline
