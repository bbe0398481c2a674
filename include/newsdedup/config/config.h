// Typed configuration: one struct per module, loaded from one YAML file with defaults for every
// key. A Config is an immutable snapshot once loaded; reloads build a new one and swap it.
// Each key is live (applies on reload) or restart-only (changes fingerprints or connections).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/model/result.h"

namespace newsdedup::config {

// JSON pointers (RFC 6901) naming where each field lives in an input record.
struct FieldMap {
  std::string id = "/id";
  std::string title = "/title";
  std::string body = "/body";
  std::string url = "/url";
  std::string source = "/source";
  std::string published_at = "/published_at";
  std::string lang = "/lang";
  bool operator==(const FieldMap&) const = default;
};

struct ParseConfig {
  FieldMap fields;                       // restart-only
  uint64_t max_record_bytes = 8u << 20;  // live: larger records are invalid (too_large)
  uint64_t max_body_bytes = 2u << 20;    // live: larger bodies are invalid (too_large)
  bool operator==(const ParseConfig&) const = default;
};

struct NormalizeConfig {  // all live
  bool strip_html = true;
  bool remove_datelines = true;
  uint32_t dateline_max_words = 8;          // words before the separator in "CITY, Month D (AG) -"
  bool remove_bylines = true;               // "By Jane Doe" lines at the top
  bool remove_chrome = true;                // site-chrome lines at the top and bottom of the body
  uint32_t chrome_max_words = 24;           // longer lines are never chrome
  std::vector<std::string> chrome_phrases;  // lowercase phrases marking site chrome lines
  std::vector<std::string> counter_words;   // "views", "comments": "1,234 views" lines
  std::vector<std::string> signoffs;        // trailing agency sign-offs such as "reuter"
  bool drop_trailing_ellipsis = true;       // teasers end in "..." or "…"
  bool operator==(const NormalizeConfig&) const = default;
};

struct FingerprintConfig {      // all restart-only: they change every fingerprint
  uint32_t shingle_size = 3;    // words per shingle
  uint32_t permutations = 128;  // MinHash signature length
  uint32_t lead_tokens = 40;    // the lead signature covers the first N tokens
  uint32_t lead_permutations = 16;
  uint64_t seed = 0x6e657773646564ull;  // "newsded"
  uint32_t max_numbers = 32;  // cap on numeric-token hashes kept per article (the first ones)
  uint32_t max_names = 16;    // cap on name hashes kept per article (the first ones)
  // "oph": one permutation hashing with optimal densification (one hash per shingle), the
  // default; "kperm": k independent permutations (SIMD). Same accuracy on the dev stream and on
  // generated data, oph fingerprints 1.9x faster: see bench/README.md.
  std::string minhash = "oph";
  bool operator==(const FingerprintConfig&) const = default;
};

struct IndexConfig {
  uint32_t bands = 32;                   // restart-only: LSH bands over the signature
  uint32_t lead_bands = 8;               // restart-only: LSH bands over the lead signature
  uint64_t ttl_seconds = 7 * 24 * 3600;  // live: event-time expiry
  uint64_t max_articles = 2'000'000;     // live: capacity cap, oldest evicted first
  bool index_duplicates = true;  // live: duplicates join the index so later copies find them
  uint32_t max_candidates = 64;  // live: verified candidates per lookup at most
  bool operator==(const IndexConfig&) const = default;
};

struct DecideConfig {                   // all live
  double near_threshold = 0.5;          // estimated Jaccard for `near`
  double containment_threshold = 0.75;  // estimated containment for `contained` / `update`
  double near_miss_margin = 0.1;        // below threshold by less than this = a near miss
  uint32_t min_tokens_contained = 12;   // a teaser shorter than this is never `contained`
  double min_number_overlap = 0.8;      // share of the smaller side's numbers found in the other
  double min_name_overlap = 0.5;        // share of the smaller side's names found in the other
  // Enabled duplicate rules; ["exact"] gives an exact-hash-only baseline.
  std::vector<std::string> rules = {"exact", "near", "contained", "update"};
  bool operator==(const DecideConfig&) const = default;
};

struct KafkaTopics {
  std::vector<std::string> input = {"articles.raw"};
  std::string output = "articles.canonical";
  std::string duplicates = "articles.duplicates";  // "" disables duplicate routing (live)
  std::string dead_letter = "articles.dlq";
  // Durable index (issue 5): one record per index update, keyed by article id; read back on
  // start and tailed for peers' updates. Must be cleanup.policy=compact,delete with
  // retention.ms > index.ttl_seconds. "" disables state (nothing survives a restart).
  std::string state = "articles.state";
  bool operator==(const KafkaTopics&) const = default;
};

struct KafkaConfig {  // restart-only unless noted
  std::string brokers = "localhost:9092";
  std::string group_id = "newsdedup";
  KafkaTopics topics;
  bool shadow = false;             // live: forward everything to output, decisions in headers
  uint32_t max_in_flight = 10000;  // records consumed but not yet committed
  uint32_t commit_interval_ms = 1000;
  uint32_t shutdown_timeout_ms = 10000;
  // Kafka transactions tie outputs, state records and input offsets together: a read_committed
  // consumer of the outputs sees each decision once, even across crashes.
  bool exactly_once = false;
  // transactional.id of exactly-once mode; "" derives "<group_id>-<hostname>". Must be stable
  // per instance (a restarted instance fences its predecessor's open transaction).
  std::string transactional_id;
  // Passed to librdkafka unchanged. A value "file:/path" or "env:NAME" is read from there
  // (secrets); such values are never logged.
  std::map<std::string, std::string> common;
  std::map<std::string, std::string> consumer;
  std::map<std::string, std::string> producer;
  bool operator==(const KafkaConfig&) const = default;
};

struct EmbeddedBrokerConfig {
  uint32_t brokers = 1;
  uint32_t partitions = 4;
  bool operator==(const EmbeddedBrokerConfig&) const = default;
};

struct MetricsConfig {
  std::string listen = "127.0.0.1:9464";  // restart-only; "" disables /metrics and health
  bool operator==(const MetricsConfig&) const = default;
};

struct LogConfig {
  std::string level = "info";  // live: trace, debug, info, warn, error
  bool operator==(const LogConfig&) const = default;
};

struct Config {
  ParseConfig parse;
  NormalizeConfig normalize;
  FingerprintConfig fingerprint;
  IndexConfig index;
  DecideConfig decide;
  KafkaConfig kafka;
  EmbeddedBrokerConfig embedded_broker;
  MetricsConfig metrics;
  LogConfig log;
  bool operator==(const Config&) const = default;
};

// The built-in defaults, including the default boilerplate rules.
Config default_config();

// Loads and validates a YAML file. Unknown keys and bad values are errors; the error message
// lists every violation, one `path: reason` per line (code kConfig).
Result<Config> load_config_file(const std::string& path);
Result<Config> load_config_string(const std::string& yaml);

// Keys that differ between `old_config` and `new_config` but cannot change without a restart,
// as dotted paths ("fingerprint.shingle_size"). Empty when the reload may apply.
std::vector<std::string> restart_only_changes(const Config& old_config, const Config& new_config);

// Secrets: "file:/path" is the file's contents without its trailing newline, "env:NAME" is the
// environment variable NAME; any other value is itself. Errors (kConfig) name the file or the
// variable, never a value. Thread-safe (reads the environment and the file system).
Result<std::string> resolve_secret(const std::string& value);

// True for property keys whose values are secrets (passwords, keys, tokens, SASL/JAAS and
// OAUTHBEARER settings): their values never appear in logs or error messages.
bool is_secret_key(std::string_view key);

// A copy of librdkafka properties that is safe to log: values of secret-looking keys (password,
// secret, ssl.key.*, token, sasl.oauthbearer.config) and values read from "file:" or "env:"
// become "[redacted]".
std::map<std::string, std::string> redacted(const std::map<std::string, std::string>& properties);

}  // namespace newsdedup::config
