// Helpers of the state-topic integration tests (restart, exactly-once, scale-out): reposts of
// generated originals under new ids in other partitions, and checks over collected outputs.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "article_generator.h"
#include "kafka_harness.h"

namespace newsdedup::testing {

inline const std::vector<std::string> kAllOutputs = {kCanonical, kDuplicates, kDeadLetter};

// An exact repost of each original of `records`: id "<prefix><original id>", another key, and
// the partition `shift` further on (so another group member may own it).
inline std::vector<GeneratedRecord> reposts_of(const std::vector<GeneratedRecord>& records,
                                               const std::string& prefix, int32_t shift) {
  std::vector<GeneratedRecord> out;
  for (const auto& o : records) {
    if (o.kind != GeneratedRecord::Kind::kOriginal) continue;
    GeneratedRecord r;
    r.kind = GeneratedRecord::Kind::kExactRepost;
    r.id = prefix + o.id;
    r.key = "repost-" + r.id;
    r.partition = (o.partition + shift) % kPartitions;
    r.canonical_id = o.id;
    r.value = o.value;
    const std::string from = "\"id\":\"" + o.id + "\"";
    r.value.replace(r.value.find(from), from.size(), "\"id\":\"" + r.id + "\"");
    out.push_back(std::move(r));
  }
  return out;
}

inline std::set<std::string> ids_in(const std::vector<GeneratedRecord>& records) {
  std::set<std::string> ids;
  for (const auto& r : records) {
    if (!r.id.empty()) ids.insert(r.id);
  }
  return ids;
}

inline auto has_all_ids(const std::set<std::string>& ids) {
  return [ids](const std::vector<OutputRecord>& records) {
    std::set<std::string> seen;
    for (const auto& r : records) {
      if (ids.contains(r.id)) seen.insert(r.id);
    }
    return seen.size() == ids.size();
  };
}

// Canonical outputs per id.
inline std::map<std::string, int> canonical_counts(const std::vector<OutputRecord>& records) {
  std::map<std::string, int> n;
  for (const auto& r : records) {
    if (r.topic == kCanonical) ++n[r.id];
  }
  return n;
}

// Every original published as canonical at least once; every repost only ever as a duplicate
// of its original (never canonical, canonical id = the original's id).
inline void expect_originals_canonical_and_reposts_caught(
    const std::vector<OutputRecord>& outputs, const std::vector<GeneratedRecord>& inputs) {
  const std::map<std::string, int> canonical = canonical_counts(outputs);
  std::map<std::string, const GeneratedRecord*> by_id;
  for (const auto& r : inputs) by_id[r.id] = &r;
  std::map<std::string, int> duplicates;
  for (const auto& r : outputs) {
    auto it = by_id.find(r.id);
    if (it == by_id.end() || it->second->kind != GeneratedRecord::Kind::kExactRepost) continue;
    EXPECT_EQ(r.topic, kDuplicates) << "repost " << r.id << " was published as " << r.topic;
    EXPECT_EQ(r.headers.count("newsdedup-canonical-id") != 0
                  ? r.headers.at("newsdedup-canonical-id")
                  : std::string("(none)"),
              it->second->canonical_id)
        << "repost " << r.id;
    ++duplicates[r.id];
  }
  for (const auto& r : inputs) {
    if (r.kind == GeneratedRecord::Kind::kOriginal) {
      EXPECT_GE(canonical.count(r.id) != 0 ? canonical.at(r.id) : 0, 1)
          << "canonical " << r.id << " lost";
    } else if (r.kind == GeneratedRecord::Kind::kExactRepost) {
      EXPECT_GE(duplicates[r.id], 1) << "repost " << r.id << " lost";
    }
  }
}

}  // namespace newsdedup::testing
