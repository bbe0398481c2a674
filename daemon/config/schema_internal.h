// The config schema: every key of Config with its dotted path, whether it is live or
// restart-only, and its per-value check. The loader, restart_only_changes and the tests all walk
// this one list, so adding a key is one line in visit_config(). Stateless; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"

namespace newsdedup::config::internal {

enum class Apply : unsigned char { kLive, kRestart };

// A per-value check: returns the reason ("must be in [1, 16]") or nothing when the value is good.
// Checks see one value; rules linking two keys live in check_cross_field() in the loader.
struct NoCheck {
  template <class T>
  std::optional<std::string> operator()(const T& /*value*/) const {
    return std::nullopt;
  }
};

struct IntRange {
  uint64_t min;
  uint64_t max;
  std::optional<std::string> operator()(uint64_t v) const {
    if (v >= min && v <= max) return std::nullopt;
    if (max == UINT64_MAX) return "must be >= " + std::to_string(min);
    return "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  }
};

struct Positive {
  std::optional<std::string> operator()(uint64_t v) const {
    if (v > 0) return std::nullopt;
    return std::string("must be > 0");
  }
};

// (0, max]: a count with an upper bound that other code relies on.
struct PositiveAtMost {
  uint64_t max;
  std::optional<std::string> operator()(uint64_t v) const {
    if (v == 0) return std::string("must be > 0");
    if (v > max) return "must be <= " + std::to_string(max);
    return std::nullopt;
  }
};

// The index computes event-time cutoffs in int64 milliseconds: a TTL near 2^64 seconds wrapped
// negative and expired every article at once (found by tests/fuzz/config_fuzz.cc). 100 years
// is "forever" for news and keeps every cutoff far inside int64.
inline constexpr uint64_t kMaxTtlSeconds = 100ull * 366 * 24 * 3600;

// (0, 1]: a similarity threshold of 0 would call everything a duplicate.
struct Threshold {
  std::optional<std::string> operator()(double v) const {
    if (v > 0.0 && v <= 1.0) return std::nullopt;
    return std::string("must be in (0, 1]");
  }
};

struct UnitClosed {  // [0, 1]
  std::optional<std::string> operator()(double v) const {
    if (v >= 0.0 && v <= 1.0) return std::nullopt;
    return std::string("must be in [0, 1]");
  }
};

struct UnitHalfOpen {  // [0, 1)
  std::optional<std::string> operator()(double v) const {
    if (v >= 0.0 && v < 1.0) return std::nullopt;
    return std::string("must be in [0, 1)");
  }
};

struct NonEmpty {
  std::optional<std::string> operator()(const std::string& v) const {
    if (!v.empty()) return std::nullopt;
    return std::string("must not be empty");
  }
  std::optional<std::string> operator()(const std::vector<std::string>& v) const {
    if (v.empty()) return std::string("must not be empty");
    for (const auto& s : v) {
      if (s.empty()) return std::string("must not contain an empty string");
    }
    return std::nullopt;
  }
};

// Phrase lists: entries must be non-empty and lowercase, since they are matched against
// case-folded text (an uppercase phrase could never match).
struct OneOf {
  std::vector<std::string> allowed;
  std::optional<std::string> operator()(const std::string& v) const {
    for (const auto& a : allowed) {
      if (v == a) return std::nullopt;
    }
    std::string msg = "must be one of";
    for (const auto& a : allowed) msg += " " + a;
    return msg;
  }
};
struct RuleList {
  std::optional<std::string> operator()(const std::vector<std::string>& v) const {
    for (const auto& s : v) {
      if (s != "exact" && s != "near" && s != "contained" && s != "update") {
        return "unknown rule \"" + s + "\" (exact, near, contained, update)";
      }
    }
    return std::nullopt;
  }
};
struct PhraseList {
  std::optional<std::string> operator()(const std::vector<std::string>& v) const {
    for (const auto& s : v) {
      if (s.empty()) return std::string("must not contain an empty string");
      for (char ch : s) {
        if (ch >= 'A' && ch <= 'Z') return "must be lowercase: \"" + s + "\"";
      }
    }
    return std::nullopt;
  }
};

std::optional<std::string> check_json_pointer(const std::string& v);
std::optional<std::string> check_log_level(const std::string& v);
std::optional<std::string> check_listen(const std::string& v);

struct JsonPointer {
  std::optional<std::string> operator()(const std::string& v) const {
    return check_json_pointer(v);
  }
};
struct LogLevel {
  std::optional<std::string> operator()(const std::string& v) const { return check_log_level(v); }
};
struct ListenAddress {
  std::optional<std::string> operator()(const std::string& v) const { return check_listen(v); }
};

// Calls v(path, field, apply, check) for every key. C is Config or const Config. The order is
// the order of config/newsdedup.yaml.
template <class Visitor, class C>
void visit_config(Visitor& v, C& c) {
  constexpr Apply kLive = Apply::kLive;
  constexpr Apply kRestart = Apply::kRestart;

  auto& pf = c.parse.fields;
  v("parse.fields.id", pf.id, kRestart, JsonPointer{});
  v("parse.fields.title", pf.title, kRestart, JsonPointer{});
  v("parse.fields.body", pf.body, kRestart, JsonPointer{});
  v("parse.fields.url", pf.url, kRestart, JsonPointer{});
  v("parse.fields.source", pf.source, kRestart, JsonPointer{});
  v("parse.fields.published_at", pf.published_at, kRestart, JsonPointer{});
  v("parse.fields.lang", pf.lang, kRestart, JsonPointer{});
  v("parse.max_record_bytes", c.parse.max_record_bytes, kLive, Positive{});
  v("parse.max_body_bytes", c.parse.max_body_bytes, kLive, Positive{});

  auto& n = c.normalize;
  v("normalize.strip_html", n.strip_html, kLive, NoCheck{});
  v("normalize.remove_datelines", n.remove_datelines, kLive, NoCheck{});
  v("normalize.dateline_max_words", n.dateline_max_words, kLive, IntRange{1, 64});
  v("normalize.remove_bylines", n.remove_bylines, kLive, NoCheck{});
  v("normalize.remove_chrome", n.remove_chrome, kLive, NoCheck{});
  v("normalize.chrome_max_words", n.chrome_max_words, kLive, IntRange{1, 1000});
  v("normalize.chrome_phrases", n.chrome_phrases, kLive, PhraseList{});
  v("normalize.counter_words", n.counter_words, kLive, PhraseList{});
  v("normalize.signoffs", n.signoffs, kLive, PhraseList{});
  v("normalize.drop_trailing_ellipsis", n.drop_trailing_ellipsis, kLive, NoCheck{});

  auto& f = c.fingerprint;
  v("fingerprint.shingle_size", f.shingle_size, kRestart, IntRange{1, 16});
  v("fingerprint.permutations", f.permutations, kRestart, IntRange{16, 1024});
  v("fingerprint.lead_tokens", f.lead_tokens, kRestart, IntRange{1, 10000});
  v("fingerprint.lead_permutations", f.lead_permutations, kRestart, IntRange{1, 1024});
  v("fingerprint.seed", f.seed, kRestart, NoCheck{});
  v("fingerprint.max_numbers", f.max_numbers, kRestart, IntRange{0, 4096});
  v("fingerprint.max_names", f.max_names, kRestart, IntRange{0, 4096});
  v("fingerprint.minhash", f.minhash, kRestart, OneOf{{"kperm", "oph"}});

  auto& i = c.index;
  v("index.bands", i.bands, kRestart, IntRange{1, 1024});
  v("index.lead_bands", i.lead_bands, kRestart, IntRange{1, 1024});
  v("index.ttl_seconds", i.ttl_seconds, kLive, PositiveAtMost{kMaxTtlSeconds});
  v("index.max_articles", i.max_articles, kLive, Positive{});
  v("index.index_duplicates", i.index_duplicates, kLive, NoCheck{});
  v("index.max_candidates", i.max_candidates, kLive, IntRange{1, 100000});

  auto& d = c.decide;
  v("decide.near_threshold", d.near_threshold, kLive, Threshold{});
  v("decide.containment_threshold", d.containment_threshold, kLive, Threshold{});
  v("decide.near_miss_margin", d.near_miss_margin, kLive, UnitHalfOpen{});
  v("decide.min_tokens_contained", d.min_tokens_contained, kLive, NoCheck{});
  v("decide.min_number_overlap", d.min_number_overlap, kLive, UnitClosed{});
  v("decide.min_name_overlap", d.min_name_overlap, kLive, UnitClosed{});
  v("decide.rules", d.rules, kLive, RuleList{});

  auto& k = c.kafka;
  v("kafka.brokers", k.brokers, kRestart, NonEmpty{});
  v("kafka.group_id", k.group_id, kRestart, NonEmpty{});
  v("kafka.topics.input", k.topics.input, kRestart, NonEmpty{});
  v("kafka.topics.output", k.topics.output, kRestart, NonEmpty{});
  v("kafka.topics.duplicates", k.topics.duplicates, kLive, NoCheck{});
  v("kafka.topics.dead_letter", k.topics.dead_letter, kRestart, NonEmpty{});
  v("kafka.topics.state", k.topics.state, kRestart, NoCheck{});
  v("kafka.shadow", k.shadow, kLive, NoCheck{});
  v("kafka.max_in_flight", k.max_in_flight, kRestart, Positive{});
  v("kafka.commit_interval_ms", k.commit_interval_ms, kRestart, Positive{});
  v("kafka.shutdown_timeout_ms", k.shutdown_timeout_ms, kRestart, NoCheck{});
  v("kafka.exactly_once", k.exactly_once, kRestart, NoCheck{});
  v("kafka.transactional_id", k.transactional_id, kRestart, NoCheck{});
  v("kafka.common", k.common, kRestart, NoCheck{});
  v("kafka.consumer", k.consumer, kRestart, NoCheck{});
  v("kafka.producer", k.producer, kRestart, NoCheck{});

  v("embedded_broker.brokers", c.embedded_broker.brokers, kRestart, IntRange{1, 16});
  v("embedded_broker.partitions", c.embedded_broker.partitions, kRestart, IntRange{1, 1024});

  v("metrics.listen", c.metrics.listen, kRestart, ListenAddress{});

  v("log.level", c.log.level, kLive, LogLevel{});
}

}  // namespace newsdedup::config::internal
