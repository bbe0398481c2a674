// Polling file watcher (see the header for why polling rather than inotify: a ConfigMap swap
// replaces a symlink two levels up, which inotify on the file itself never sees).
#include "newsdedup/ops/config_watcher.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>

namespace newsdedup::ops {

ConfigWatcher::ConfigWatcher(std::string path) : path_(std::move(path)) {
  reported_ = read_state();
  previous_ = reported_;
}

ConfigWatcher::State ConfigWatcher::read_state() const {
  State s;
  struct stat st {};
  if (stat(path_.c_str(), &st) != 0) return s;  // follows symlinks
  char resolved[PATH_MAX];
  if (realpath(path_.c_str(), resolved) != nullptr) s.target = resolved;
  s.exists = true;
  s.dev = static_cast<uint64_t>(st.st_dev);
  s.ino = static_cast<uint64_t>(st.st_ino);
  s.size = static_cast<int64_t>(st.st_size);
  s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  s.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000LL + st.st_ctim.tv_nsec;
  return s;
}

bool ConfigWatcher::poll() {
  const State now = read_state();
  const bool stable = now == previous_;
  previous_ = now;
  if (!now.exists || !stable || now == reported_) return false;
  reported_ = now;
  return true;
}

}  // namespace newsdedup::ops
