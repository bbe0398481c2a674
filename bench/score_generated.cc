// score_generated: runs the engine (pipeline::Engine::process, one thread, input order) over
// generated records and scores its decisions against the generator's truth, with the same
// rules as ../shared/tools/dedup-score: a duplicate verdict is a true positive when the record
// is a true duplicate (an earlier record has its cluster) and canonical_id names an earlier
// record of the same cluster; any other duplicate verdict is a false positive, and "lost" when
// the record was new. Usage:
//   score_generated [--count N] [--size BYTES] [--seed S] [--repost-share F]
//                   [--template-share F] [--config FILE] [--labels FILE] [--decisions FILE]
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/model/article.h"
#include "newsdedup/pipeline/engine.h"
#include "support/article_generator.h"

namespace {

using newsdedup::Decision;
using newsdedup::Verdict;

struct Tally {
  uint64_t true_dups = 0;
  uint64_t found = 0;
  uint64_t records = 0;
  uint64_t marked_duplicate = 0;  // for kinds that are not duplicates: wrongly merged
};

int usage(const char* why) {
  std::fprintf(stderr,
               "score_generated: %s\n"
               "usage: score_generated [--count N] [--size BYTES] [--seed S] [--repost-share F]\n"
               "                       [--template-share F] [--config FILE] [--labels FILE]\n"
               "                       [--decisions FILE]\n",
               why);
  return 64;
}

void append_decision(std::string& out, const Decision& d) {
  out += "{\"id\":\"";
  newsdedup::bench::append_json_escaped(out, d.id);
  out += "\",\"verdict\":\"";
  out += newsdedup::verdict_name(d.verdict);
  out += "\"";
  if (d.verdict == Verdict::kDuplicate) {
    out += ",\"canonical_id\":\"";
    newsdedup::bench::append_json_escaped(out, d.canonical_id);
    out += "\",\"rule\":\"";
    out += newsdedup::rule_name(d.rule);
    char buf[32];
    std::snprintf(buf, sizeof buf, "\",\"similarity\":%.4f", d.similarity);
    out += buf;
  }
  out += "}\n";
}

}  // namespace

int main(int argc, char** argv) {
  newsdedup::bench::GeneratorOptions options;
  options.seed = 11;
  uint64_t count = 20000;
  const char* config_path = nullptr;
  const char* labels_path = nullptr;
  const char* decisions_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return usage(("missing value for " + std::string(arg)).c_str());
    const char* v = argv[++i];
    if (arg == "--count") {
      count = std::strtoull(v, nullptr, 10);
    } else if (arg == "--size") {
      options.target_bytes = std::strtoull(v, nullptr, 10);
    } else if (arg == "--seed") {
      options.seed = std::strtoull(v, nullptr, 10);
    } else if (arg == "--repost-share") {
      options.repost_share = std::strtod(v, nullptr);
    } else if (arg == "--template-share") {
      options.template_share = std::strtod(v, nullptr);
    } else if (arg == "--config") {
      config_path = v;
    } else if (arg == "--labels") {
      labels_path = v;
    } else if (arg == "--decisions") {
      decisions_path = v;
    } else {
      return usage(("unknown argument " + std::string(arg)).c_str());
    }
  }
  std::shared_ptr<const newsdedup::config::Config> config;
  if (config_path != nullptr) {
    auto loaded = newsdedup::config::load_config_file(config_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "score_generated: %s\n", loaded.error().message.c_str());
      return 78;
    }
    config = std::make_shared<const newsdedup::config::Config>(std::move(loaded.value()));
  } else {
    config = std::make_shared<const newsdedup::config::Config>(newsdedup::config::default_config());
  }

  newsdedup::bench::ArticleGenerator gen(options);
  newsdedup::pipeline::Engine engine(config);
  std::unordered_map<std::string, std::string> cluster_of;  // id -> cluster, of records seen
  std::unordered_set<std::string> seen_clusters;
  std::map<std::string, Tally> by_kind, by_part;
  std::map<std::string, uint64_t> rules;
  uint64_t tp = 0, fp = 0, fn = 0, lost = 0, invalid = 0, true_dups = 0, canonicals = 0;
  std::string labels_out, decisions_out;
  newsdedup::bench::GeneratedRecord rec;
  for (uint64_t n = 0; n < count; ++n) {
    gen.next(rec);
    const Decision d = engine.process(rec.json, 0);
    const bool true_dup = seen_clusters.count(rec.cluster) != 0;
    seen_clusters.insert(rec.cluster);
    if (true_dup != rec.expect_duplicate) {
      std::fprintf(stderr, "score_generated: generator truth disagrees for %s\n", rec.id.c_str());
      return 70;
    }
    bool is_tp = false;
    if (d.verdict == Verdict::kDuplicate) {
      ++rules[newsdedup::rule_name(d.rule)];
      const auto it = cluster_of.find(d.canonical_id);
      is_tp = true_dup && it != cluster_of.end() && it->second == rec.cluster;
      if (is_tp) {
        ++tp;
      } else {
        ++fp;
        if (!true_dup) ++lost;
      }
    } else if (d.verdict == Verdict::kInvalid) {
      ++invalid;
    } else {
      ++canonicals;
    }
    if (true_dup) {
      ++true_dups;
      if (!is_tp) ++fn;
    }
    auto count_in = [&](Tally& t) {
      ++t.records;
      if (true_dup) {
        ++t.true_dups;
        if (is_tp) ++t.found;
      } else if (d.verdict == Verdict::kDuplicate) {
        ++t.marked_duplicate;
      }
    };
    count_in(by_kind[rec.kind]);
    std::string_view kinds = rec.kind;
    while (!kinds.empty()) {
      const size_t plus = kinds.find('+');
      count_in(by_part[std::string(kinds.substr(0, plus))]);
      kinds = plus == std::string_view::npos ? std::string_view{} : kinds.substr(plus + 1);
    }
    cluster_of.emplace(rec.id, rec.cluster);
    if (labels_path != nullptr) labels_out += newsdedup::bench::labels_json(rec) + "\n";
    if (decisions_path != nullptr) append_decision(decisions_out, d);
  }

  auto write = [](const char* path, const std::string& text) {
    if (path == nullptr) return true;
    std::FILE* f = std::fopen(path, "w");
    if (f == nullptr) return false;
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    return std::fclose(f) == 0 && ok;
  };
  if (!write(labels_path, labels_out) || !write(decisions_path, decisions_out)) {
    std::fprintf(stderr, "score_generated: write failed: %s\n", std::strerror(errno));
    return 74;
  }

  const double precision = tp + fp ? double(tp) / double(tp + fp) : 1.0;
  const double recall = tp + fn ? double(tp) / double(tp + fn) : 1.0;
  std::printf("generated records     %llu (size %zu, seed %llu, repost share %.2f)\n",
              static_cast<unsigned long long>(count), options.target_bytes,
              static_cast<unsigned long long>(options.seed), options.repost_share);
  std::printf("true duplicates       %llu\n", static_cast<unsigned long long>(true_dups));
  std::printf("precision             %.4f   (tp %llu, fp %llu)\n", precision,
              static_cast<unsigned long long>(tp), static_cast<unsigned long long>(fp));
  std::printf("recall                %.4f   (fn %llu)\n", recall,
              static_cast<unsigned long long>(fn));
  std::printf("lost (new suppressed) %llu = %.1f per 10k records\n",
              static_cast<unsigned long long>(lost), 1e4 * double(lost) / double(count));
  std::printf("canonicals %llu, invalid %llu\n", static_cast<unsigned long long>(canonicals),
              static_cast<unsigned long long>(invalid));
  std::printf("duplicate rules      ");
  for (const auto& [rule, n] : rules) {
    std::printf(" %s=%llu", rule.c_str(), static_cast<unsigned long long>(n));
  }
  std::printf("\n\nby transformation (a record counts once per '+' part)\n");
  std::printf("  %-20s %8s %8s %8s %10s\n", "part", "records", "true_dup", "recall", "wrong_dup");
  for (const auto& [part, t] : by_part) {
    std::printf("  %-20s %8llu %8llu %8.4f %10llu\n", part.c_str(),
                static_cast<unsigned long long>(t.records),
                static_cast<unsigned long long>(t.true_dups),
                t.true_dups ? double(t.found) / double(t.true_dups) : 1.0,
                static_cast<unsigned long long>(t.marked_duplicate));
  }
  std::printf("\nby kind (single and combined transformations, >= 20 records)\n");
  for (const auto& [kind, t] : by_kind) {
    if (t.records < 20) continue;
    std::printf("  %-32s %8llu %8llu %8.4f %10llu\n", kind.c_str(),
                static_cast<unsigned long long>(t.records),
                static_cast<unsigned long long>(t.true_dups),
                t.true_dups ? double(t.found) / double(t.true_dups) : 1.0,
                static_cast<unsigned long long>(t.marked_duplicate));
  }
  return 0;
}
