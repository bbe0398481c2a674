// Notices that the config file changed, by polling: the path is resolved through its symlinks
// and the target's identity (device, inode), size and mtime compared. That covers editors that
// rewrite in place or rename over the file, and Kubernetes ConfigMap volumes, which swap the
// `..data` symlink to a new directory instead of writing the file. Not thread-safe; poll from
// one thread (the daemon's main loop, about once a second).
#pragma once

#include <cstdint>
#include <string>

namespace newsdedup::ops {

class ConfigWatcher {
 public:
  // Takes the current state of `path` as the baseline.
  explicit ConfigWatcher(std::string path);

  // True once per change, when the file differs from the last reported state and looked the
  // same at the previous poll too: a file caught mid-write is reported one poll later, whole.
  // A missing file is not a change (a ConfigMap swap can show one briefly); it is reported
  // when it comes back different.
  bool poll();

  const std::string& path() const { return path_; }

 private:
  struct State {
    bool exists = false;
    std::string target;  // realpath()
    uint64_t dev = 0;
    uint64_t ino = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
    bool operator==(const State&) const = default;
  };
  State read_state() const;

  std::string path_;
  State reported_;  // the state the caller last loaded
  State previous_;  // the state at the previous poll
};

}  // namespace newsdedup::ops
