#include "newsdedup/ops/config_reloader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace newsdedup::ops {
namespace {

class ConfigReloaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "/reload-" + std::to_string(getpid()) + ".yaml";
    write("decide: {near_threshold: 0.5}\n");
    auto c = config::load_config_file(path_);
    ASSERT_TRUE(c.ok()) << c.error().message;
    reloader_ = std::make_unique<ConfigReloader>(
        path_, std::make_shared<const config::Config>(c.value()), &registry_.config());
  }
  void TearDown() override { unlink(path_.c_str()); }
  void write(const std::string& text) { std::ofstream(path_, std::ios::trunc) << text; }

  std::string path_;
  metrics::Registry registry_;
  std::unique_ptr<ConfigReloader> reloader_;
};

TEST_F(ConfigReloaderTest, AppliesLiveChangesAsANewGeneration) {
  const auto before = reloader_->current();
  write("decide: {near_threshold: 0.7}\nindex: {ttl_seconds: 60}\nlog: {level: debug}\n");
  const auto outcome = reloader_->reload();
  EXPECT_EQ(outcome.result, ReloadResult::kApplied);
  EXPECT_EQ(outcome.message, "config reloaded: generation 2");
  EXPECT_EQ(reloader_->generation(), 2u);
  EXPECT_EQ(reloader_->current()->decide.near_threshold, 0.7);
  EXPECT_EQ(reloader_->current()->index.ttl_seconds, 60u);
  EXPECT_EQ(before->decide.near_threshold, 0.5);  // the old snapshot is untouched
  EXPECT_EQ(registry_.config().reload_success.value(), 1.0);
  EXPECT_EQ(registry_.config().generation.value(), 2.0);
}

TEST_F(ConfigReloaderTest, AnInvalidFileKeepsTheOldConfig) {
  write("decide: {near_threshold: 2}\nlog: {level: loud}\n");
  const auto outcome = reloader_->reload();
  EXPECT_EQ(outcome.result, ReloadResult::kInvalid);
  EXPECT_EQ(outcome.message,
            "config reload failed, keeping the current config: decide.near_threshold: must be in "
            "(0, 1]; log.level: must be one of trace, debug, info, warn, error");
  EXPECT_EQ(reloader_->generation(), 1u);
  EXPECT_EQ(reloader_->current()->decide.near_threshold, 0.5);
  EXPECT_EQ(registry_.config().reload_failure.value(), 1.0);
  EXPECT_EQ(registry_.config().reload_success.value(), 0.0);
}

TEST_F(ConfigReloaderTest, RestartOnlyChangesAreRefusedAsAWhole) {
  write(
      "decide: {near_threshold: 0.9}\nfingerprint: {shingle_size: 4}\nkafka: {brokers: "
      "b:9092}\n");
  const auto outcome = reloader_->reload();
  EXPECT_EQ(outcome.result, ReloadResult::kRefused);
  EXPECT_EQ(outcome.message,
            "config reload refused, keeping the current config: restart-only keys changed "
            "(fingerprint.shingle_size, kafka.brokers); restart to apply");
  EXPECT_EQ(reloader_->generation(), 1u);
  EXPECT_EQ(reloader_->current()->decide.near_threshold, 0.5);  // live part not applied either
  EXPECT_EQ(registry_.config().reload_refused.value(), 1.0);
}

TEST_F(ConfigReloaderTest, AnUnchangedFileKeepsTheGeneration) {
  write("decide: {near_threshold: 0.50}\n");  // other text, same config
  const auto outcome = reloader_->reload();
  EXPECT_EQ(outcome.result, ReloadResult::kUnchanged);
  EXPECT_EQ(reloader_->generation(), 1u);
  EXPECT_EQ(registry_.config().reload_success.value(), 1.0);
}

TEST_F(ConfigReloaderTest, AMissingFileIsAFailedReload) {
  unlink(path_.c_str());
  const auto outcome = reloader_->reload();
  EXPECT_EQ(outcome.result, ReloadResult::kInvalid);
  EXPECT_EQ(outcome.message, "config reload failed, keeping the current config: " + path_ +
                                 ": cannot open: No such file or directory");
}

}  // namespace
}  // namespace newsdedup::ops
