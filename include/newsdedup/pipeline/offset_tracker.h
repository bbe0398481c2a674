// pipeline::OffsetTracker: which input offsets may be committed. A record's offset becomes
// committable once it and every earlier tracked record of its partition are complete (all of
// their outputs acknowledged), so a commit never skips unfinished work (at-least-once).
// Independent of Kafka clients so that a transactional sink can reuse it. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace newsdedup::pipeline {

class OffsetTracker {
 public:
  // A stable handle for one topic-partition; `epoch` changes when the partition is forgotten,
  // so completions of records from an earlier assignment are ignored.
  struct Handle {
    uint32_t index = 0;
    uint32_t epoch = 0;
  };
  struct Commit {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = 0;  // the next offset to consume
  };

  Handle partition(std::string_view topic, int32_t partition);
  // Registers a consumed record. Offsets of one partition must be tracked in increasing order.
  void track(Handle h, int64_t offset);
  // Marks a tracked record complete. Unknown offsets and stale handles are ignored (false).
  bool complete(Handle h, int64_t offset);
  // Appends a commit for every partition whose committable offset moved since the last call.
  void take_commits(std::vector<Commit>& out);
  // A commit failed: the next take_commits returns every partition's committable offset again
  // (committing an offset twice is harmless; never committing it would re-deliver after a stop).
  void recommit_all();
  // Drops the state of a partition (revoked). Later completions for it are ignored.
  void forget(std::string_view topic, int32_t partition);
  void forget_all();

  size_t in_flight() const { return in_flight_; }
  // The next offset to commit for the partition, or -1 when nothing was completed yet.
  int64_t committable(std::string_view topic, int32_t partition) const;

 private:
  struct Entry {
    int64_t offset;
    bool done;
  };
  struct Partition {
    std::string topic;
    int32_t partition = 0;
    uint32_t epoch = 0;
    std::deque<Entry> pending;  // tracked, not yet committable; offsets ascending
    int64_t committable = -1;   // next offset after the completed prefix
    int64_t committed = -1;     // what take_commits last returned
  };
  Partition* find(std::string_view topic, int32_t partition);
  const Partition* find(std::string_view topic, int32_t partition) const;
  std::vector<Partition> partitions_;
  size_t in_flight_ = 0;
};

}  // namespace newsdedup::pipeline
