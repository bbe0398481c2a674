// index detail: FifoArena, the byte store of the variable-length part of index entries (ids,
// root ids, fact hashes). Not thread-safe (owned by one Index). Entries leave the index oldest
// first, so their bytes are carved from fixed-size chunks in order and a chunk goes back as
// soon as every allocation in it is freed: no per-entry heap block, no malloc header, and RSS
// stays flat under the TTL because the freed chunk is reused for the next bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>

namespace newsdedup::index {

// Where an allocation lives: a chunk's sequence number and the byte offset inside it.
struct ArenaRef {
  uint32_t chunk = 0;
  uint32_t offset = 0;
};

class FifoArena {
 public:
  explicit FifoArena(size_t chunk_bytes = size_t{1} << 20) : chunk_bytes_(chunk_bytes) {}

  // `n` contiguous bytes, 4-byte aligned (n == 0 is a valid, empty allocation). An allocation
  // larger than a chunk gets a chunk of its own.
  ArenaRef allocate(size_t n) {
    n = (n + 3) & ~size_t{3};
    if (chunks_.empty() || chunks_.back().used + n > chunks_.back().size) add_chunk(n);
    Chunk& c = chunks_.back();
    const ArenaRef r{first_ + static_cast<uint32_t>(chunks_.size() - 1),
                     static_cast<uint32_t>(c.used)};
    c.used += n;
    ++c.live;
    return r;
  }

  unsigned char* at(ArenaRef r) { return chunks_[r.chunk - first_].mem.get() + r.offset; }
  const unsigned char* at(ArenaRef r) const {
    return chunks_[r.chunk - first_].mem.get() + r.offset;
  }

  // Frees one allocation. Chunks return from the oldest on once all their allocations are
  // freed; the newest chunk is rewound instead, and one freed chunk is kept for reuse.
  void release(ArenaRef r) {
    --chunks_[r.chunk - first_].live;
    while (!chunks_.empty() && chunks_.front().live == 0) {
      if (chunks_.size() == 1) {
        chunks_.front().used = 0;
        break;
      }
      Chunk c = std::move(chunks_.front());
      chunks_.pop_front();
      ++first_;
      if (!spare_.mem && c.size == chunk_bytes_) {
        c.used = 0;
        spare_ = std::move(c);
      }
    }
  }

  size_t chunks() const { return chunks_.size() + (spare_.mem ? 1 : 0); }
  size_t bytes() const {
    size_t b = spare_.size;
    for (const Chunk& c : chunks_) b += c.size;
    return b + chunks_.size() * sizeof(Chunk);
  }

 private:
  struct Chunk {
    std::unique_ptr<unsigned char[]> mem;
    size_t size = 0;
    size_t used = 0;
    size_t live = 0;  // allocations not yet freed
  };

  void add_chunk(size_t n) {
    if (n <= chunk_bytes_ && spare_.mem) {
      chunks_.push_back(std::move(spare_));
      spare_ = Chunk{};
      return;
    }
    Chunk c;
    c.size = n > chunk_bytes_ ? n : chunk_bytes_;
    // Not value-initialized: pages are touched only as the chunk fills.
    c.mem.reset(new unsigned char[c.size]);
    chunks_.push_back(std::move(c));
  }

  std::deque<Chunk> chunks_;
  uint32_t first_ = 0;  // sequence number of chunks_.front() (wraps, like the refs)
  Chunk spare_;
  size_t chunk_bytes_;
};

}  // namespace newsdedup::index
