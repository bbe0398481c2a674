// OffsetTracker: per partition, a deque of tracked offsets in consumption order; the completed
// prefix is popped and becomes the committable offset.
#include "newsdedup/pipeline/offset_tracker.h"

#include <algorithm>

namespace newsdedup::pipeline {

OffsetTracker::Partition* OffsetTracker::find(std::string_view topic, int32_t partition) {
  for (Partition& p : partitions_) {
    if (p.partition == partition && p.topic == topic) return &p;
  }
  return nullptr;
}

const OffsetTracker::Partition* OffsetTracker::find(std::string_view topic,
                                                    int32_t partition) const {
  for (const Partition& p : partitions_) {
    if (p.partition == partition && p.topic == topic) return &p;
  }
  return nullptr;
}

OffsetTracker::Handle OffsetTracker::partition(std::string_view topic, int32_t partition) {
  // A consumer owns tens of partitions at most: a linear scan beats hashing here, and the
  // caller caches handles anyway.
  if (Partition* p = find(topic, partition)) {
    return {static_cast<uint32_t>(p - partitions_.data()), p->epoch};
  }
  partitions_.push_back(Partition{std::string(topic), partition, 0, {}, -1, -1});
  return {static_cast<uint32_t>(partitions_.size() - 1), 0};
}

void OffsetTracker::track(Handle h, int64_t offset) {
  Partition& p = partitions_[h.index];
  if (p.epoch != h.epoch) return;
  p.pending.push_back({offset, false});
  ++in_flight_;
}

bool OffsetTracker::complete(Handle h, int64_t offset) {
  if (h.index >= partitions_.size()) return false;
  Partition& p = partitions_[h.index];
  if (p.epoch != h.epoch) return false;
  auto it = std::lower_bound(p.pending.begin(), p.pending.end(), offset,
                             [](const Entry& e, int64_t o) { return e.offset < o; });
  if (it == p.pending.end() || it->offset != offset || it->done) return false;
  it->done = true;
  --in_flight_;
  while (!p.pending.empty() && p.pending.front().done) {
    p.committable = p.pending.front().offset + 1;
    p.pending.pop_front();
  }
  return true;
}

void OffsetTracker::take_commits(std::vector<Commit>& out) {
  for (Partition& p : partitions_) {
    if (p.committable >= 0 && p.committable != p.committed) {
      out.push_back({p.topic, p.partition, p.committable});
      p.committed = p.committable;
    }
  }
}

void OffsetTracker::recommit_all() {
  for (Partition& p : partitions_) p.committed = -1;
}

void OffsetTracker::forget(std::string_view topic, int32_t partition) {
  Partition* p = find(topic, partition);
  if (p == nullptr) return;
  size_t open = 0;
  for (const Entry& e : p->pending) open += e.done ? 0 : 1;
  in_flight_ -= open;
  p->pending.clear();
  p->committable = -1;
  p->committed = -1;
  ++p->epoch;
}

void OffsetTracker::forget_all() {
  for (Partition& p : partitions_) forget(p.topic, p.partition);
}

int64_t OffsetTracker::committable(std::string_view topic, int32_t partition) const {
  const Partition* p = find(topic, partition);
  return p == nullptr ? -1 : p->committable;
}

}  // namespace newsdedup::pipeline
