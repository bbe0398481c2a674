// Fuzz target: the YAML config loader (config::load_config_string) on arbitrary text. yaml-cpp
// throws; nothing may escape the loader. Checked invariants: an error is kConfig with a message;
// loading is deterministic; a config that loads satisfies the documented cross-key rules, is
// its own reload (no restart-only changes), redacts secrets, and runs records through an Engine
// (fuzzed thresholds, shingle sizes and phrase lists must not break the pipeline).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "newsdedup/config/config.h"
#include "newsdedup/pipeline/engine.h"

namespace newsdedup::fuzz {
namespace {

constexpr std::string_view kRecords[] = {
    R"({"id":"a","body":"BERLIN, May 2 (Agency) - Berlin's transit board approved 3 new tram )"
    R"(lines on Friday, costing 210 million euros, board chair Eva Roth said."})",
    R"({"id":"b","body":"<p>Berlin's transit board approved 3 new tram lines on Friday, costing )"
    R"(210 million euros, board chair Eva Roth said.</p><p>Advertisement</p>"})",
    R"({"id":"c","body":"Berlin's transit board approved 3 new tram lines..."})",
};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

void check_redacted(const std::map<std::string, std::string>& properties) {
  const auto shown = config::redacted(properties);
  FUZZ_CHECK(shown.size() == properties.size());
  for (const auto& [key, value] : properties) {
    const auto it = shown.find(key);
    FUZZ_CHECK(it != shown.end());
    if (starts_with(value, "file:") || starts_with(value, "env:") ||
        key.find("password") != std::string::npos || key.find("secret") != std::string::npos) {
      FUZZ_CHECK(it->second == "[redacted]");
    } else {
      FUZZ_CHECK(it->second == value || it->second == "[redacted]");
    }
  }
}

void check_loaded(const config::Config& c) {
  FUZZ_CHECK(c.index.bands > 0 && c.fingerprint.permutations % c.index.bands == 0);
  FUZZ_CHECK(c.index.lead_bands > 0 && c.fingerprint.lead_permutations % c.index.lead_bands == 0);
  FUZZ_CHECK(c.parse.max_body_bytes <= c.parse.max_record_bytes);
  FUZZ_CHECK(c.decide.near_threshold > 0.0 && c.decide.near_threshold <= 1.0);
  FUZZ_CHECK(c.decide.containment_threshold > 0.0 && c.decide.containment_threshold <= 1.0);
  FUZZ_CHECK(!c.kafka.brokers.empty() && !c.kafka.group_id.empty());
  FUZZ_CHECK(config::restart_only_changes(c, c).empty());
  check_redacted(c.kafka.common);
  check_redacted(c.kafka.consumer);
  check_redacted(c.kafka.producer);

  auto shared = std::make_shared<const config::Config>(c);
  pipeline::Engine engine(shared);
  pipeline::Preparer preparer(shared);
  constexpr size_t kCount = std::size(kRecords);
  Decision before[kCount];
  uint32_t tokens[kCount] = {};
  for (size_t i = 0; i < kCount; ++i) {
    pipeline::Prepared p;
    preparer.prepare(kRecords[i], 1'000, p);
    before[i] = engine.decide(p);
    tokens[i] = p.fingerprint.tokens;
    const Decision& d = before[i];
    FUZZ_CHECK(d.verdict == Verdict::kCanonical || d.verdict == Verdict::kDuplicate ||
               d.verdict == Verdict::kInvalid);
    FUZZ_CHECK((d.verdict == Verdict::kInvalid) == !p.status.ok());
    FUZZ_CHECK((d.verdict == Verdict::kInvalid) == (d.error != ErrorCode::kOk));
  }
  // A reload onto itself keeps the index: every valid record seen before (with text left after
  // normalization) is now a duplicate in the same cluster, unless the cap evicted it.
  engine.reconfigure(shared);
  preparer.reconfigure(shared);
  const bool all_kept = c.index.max_articles >= 2 * kCount;
  for (size_t i = 0; i < kCount; ++i) {
    pipeline::Prepared p;
    preparer.prepare(kRecords[i], 1'000, p);
    const Decision d = engine.decide(p);
    if (before[i].verdict == Verdict::kInvalid) {
      FUZZ_CHECK(d.verdict == Verdict::kInvalid && d.error == before[i].error);
      continue;
    }
    if (tokens[i] == 0 || !all_kept) continue;
    // Only the exact rule can be switched off entirely and still leave a valid config; without
    // it an identical copy may still be a near duplicate, or canonical when no rule is left.
    if (std::find(c.decide.rules.begin(), c.decide.rules.end(), "exact") == c.decide.rules.end()) {
      continue;
    }
    const std::string& root =
        before[i].verdict == Verdict::kCanonical ? before[i].id : before[i].canonical_id;
    FUZZ_CHECK(d.verdict == Verdict::kDuplicate);
    FUZZ_CHECK(d.canonical_id == root);
  }
}

}  // namespace
}  // namespace newsdedup::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsdedup;
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  Result<config::Config> first = config::load_config_string(yaml);
  Result<config::Config> second = config::load_config_string(yaml);
  FUZZ_CHECK(first.ok() == second.ok());
  if (!first.ok()) {
    FUZZ_CHECK(first.error().code == ErrorCode::kConfig);
    FUZZ_CHECK(!first.error().message.empty());
    FUZZ_CHECK(first.error().message == second.error().message);
    return 0;
  }
  FUZZ_CHECK(first.value() == second.value());
  fuzz::check_loaded(first.value());
  return 0;
}
