#include "newsdedup/ops/config_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace newsdedup::ops {
namespace {

namespace fs = std::filesystem;

class ConfigWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        fs::path(::testing::TempDir()) / ("watch-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  }
  // A change is reported once the file looked the same at two polls in a row.
  static bool settles_to_change(ConfigWatcher& w) {
    const bool first = w.poll();
    const bool second = w.poll();
    return !first && second;
  }

  fs::path dir_;
};

TEST_F(ConfigWatcherTest, QuietWhileNothingChanges) {
  write(dir_ / "c.yaml", "log: {level: info}\n");
  ConfigWatcher w((dir_ / "c.yaml").string());
  EXPECT_FALSE(w.poll());
  EXPECT_FALSE(w.poll());
}

TEST_F(ConfigWatcherTest, ReportsAnInPlaceRewriteOnce) {
  write(dir_ / "c.yaml", "log: {level: info}\n");
  ConfigWatcher w((dir_ / "c.yaml").string());
  write(dir_ / "c.yaml", "log: {level: debug}\n");
  EXPECT_TRUE(settles_to_change(w));
  EXPECT_FALSE(w.poll());
}

TEST_F(ConfigWatcherTest, ReportsARenameOverTheFile) {
  write(dir_ / "c.yaml", "log: {level: info}\n");
  ConfigWatcher w((dir_ / "c.yaml").string());
  write(dir_ / "c.yaml.tmp", "log: {level: warn}\n");  // same size, new inode
  fs::rename(dir_ / "c.yaml.tmp", dir_ / "c.yaml");
  EXPECT_TRUE(settles_to_change(w));
}

TEST_F(ConfigWatcherTest, WaitsUntilTheFileStopsChanging) {
  write(dir_ / "c.yaml", "a: 1\n");
  ConfigWatcher w((dir_ / "c.yaml").string());
  write(dir_ / "c.yaml", "a: 12\n");
  EXPECT_FALSE(w.poll());  // caught mid-write
  write(dir_ / "c.yaml", "a: 123\n");
  EXPECT_FALSE(w.poll());  // still moving
  EXPECT_TRUE(w.poll());   // stable: report once
  EXPECT_FALSE(w.poll());
}

TEST_F(ConfigWatcherTest, AMissingFileIsNotAChangeUntilItComesBackDifferent) {
  write(dir_ / "c.yaml", "a: 1\n");
  ConfigWatcher w((dir_ / "c.yaml").string());
  fs::remove(dir_ / "c.yaml");
  EXPECT_FALSE(w.poll());
  EXPECT_FALSE(w.poll());
  write(dir_ / "c.yaml", "a: 22\n");
  EXPECT_TRUE(settles_to_change(w));
}

// Kubernetes mounts a ConfigMap as
//   newsdedup.yaml -> ..data/newsdedup.yaml,  ..data -> ..2026_11_28_01_00_00.1
// and updates it by writing a new timestamped directory and renaming a new `..data` symlink
// over the old one; the file itself is never written.
TEST_F(ConfigWatcherTest, ReportsAConfigMapSymlinkSwap) {
  fs::create_directory(dir_ / "..v1");
  write(dir_ / "..v1" / "newsdedup.yaml", "log: {level: info}\n");
  fs::create_directory_symlink("..v1", dir_ / "..data");
  fs::create_symlink("..data/newsdedup.yaml", dir_ / "newsdedup.yaml");
  ConfigWatcher w((dir_ / "newsdedup.yaml").string());
  EXPECT_FALSE(w.poll());

  fs::create_directory(dir_ / "..v2");
  write(dir_ / "..v2" / "newsdedup.yaml", "log: {level: warn}\n");  // same size as before
  fs::create_directory_symlink("..v2", dir_ / "..data_tmp");
  fs::rename(dir_ / "..data_tmp", dir_ / "..data");  // atomic swap
  fs::remove_all(dir_ / "..v1");
  EXPECT_TRUE(settles_to_change(w));
  EXPECT_FALSE(w.poll());
}

}  // namespace
}  // namespace newsdedup::ops
