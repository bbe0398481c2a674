// Deterministic generator of realistic English news records for benchmarks and accuracy tests:
// project-written prose from its own vocabulary and templates, plus the reposts a real feed
// carries (site chrome, datelines, teasers, updates, edits, markup, ...) and template negatives.
// Each record carries its truth (cluster, kind) beside the JSON. Not thread-safe; one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsdedup::bench {

// What a generated record is. Reposts are true duplicates of an earlier record of the same
// cluster; a template negative shares an earlier story's wording but reports other facts and
// starts its own cluster.
enum class Kind : uint8_t {
  kOriginal,
  kTemplateNegative,
  kExact,       // syndicated copy: same body, other outlet, id and url
  kChrome,      // site chrome lines: counters, share/follow prompts, copyright, related links
  kDateline,    // a rewritten dateline and byline
  kHeadline,    // another or re-cased headline over the same body
  kTeaser,      // the first part of the body, cut at a word and ending in "..."
  kShortened,   // last paragraphs dropped
  kUpdate,      // paragraphs appended
  kEdit,        // synonyms and typos
  kUnicode,     // curly quotes, dashes, ellipsis, NBSP, NFD accents, \u escapes
  kHtml,        // <p> markup, links, entities
  kWhitespace,  // line breaks, indentation, double spaces
};
inline constexpr int kKindCount = 13;

// "original", "template-negative", "exact", "chrome", "dateline", "headline", "teaser",
// "shortened", "update", "edit", "unicode", "html", "whitespace".
const char* kind_name(Kind kind) noexcept;
// True for the kinds that are duplicates of an earlier story.
bool is_repost_kind(Kind kind) noexcept;

struct GeneratorOptions {
  uint64_t seed = 1;
  size_t target_bytes = 4096;        // approximate JSON size of an original record
  double repost_share = 0.30;        // share of records that are reposts of an earlier story
  double template_share = 0.03;      // share of records that are template negatives
  double combined_share = 0.35;      // share of reposts combining 2-3 transformations
  double early_share = 0.05;         // share of reposts emitted before their original
  size_t window = 5000;              // reposts pick among the last `window` stories (recent first)
  int64_t start_ms = 1772431200000;  // 2026-03-02T06:00:00Z, event time of the first record
  int64_t mean_gap_ms = 1000;        // mean event-time gap between consecutive originals
  // Transformations reposts may use; empty means all. kOriginal / kTemplateNegative are ignored.
  std::vector<Kind> repost_kinds;
};

struct GeneratedRecord {
  std::string json;  // one JSON object, no trailing newline
  std::string id;
  std::string cluster;  // truth: the id of the story's original record
  std::string kind;     // truth: "original", "teaser", "chrome+html", ... ('+' joins parts)
  uint32_t kinds = 0;   // bit (1 << Kind) per transformation applied
  Kind primary = Kind::kOriginal;  // the first transformation (or original / template-negative)
  bool expect_duplicate = false;   // an earlier emitted record has the same cluster
  bool has(Kind k) const { return (kinds >> static_cast<int>(k)) & 1u; }
};

// One labels line for `dedup-score` and the project's own scoring:
// {"id":…,"cluster":…,"kind":…,"origin":"generated","expect":"canonical"|"duplicate"}
std::string labels_json(const GeneratedRecord& record);

// Appends `text` to `out` as the inside of a JSON string. With `ascii_only`, every non-ASCII
// code point is written as \uXXXX (surrogate pairs above U+FFFF), as some feeds do.
void append_json_escaped(std::string& out, std::string_view text, bool ascii_only = false);

class ArticleGenerator {
 public:
  explicit ArticleGenerator(GeneratorOptions options);
  ~ArticleGenerator();
  ArticleGenerator(const ArticleGenerator&) = delete;
  ArticleGenerator& operator=(const ArticleGenerator&) = delete;

  // The next record of the stream (the stream never ends).
  void next(GeneratedRecord& out);
  // Convenience: the next `count` records.
  std::vector<GeneratedRecord> generate(size_t count);

  const GeneratorOptions& options() const { return options_; }

  struct Story;  // implementation detail, public only for the .cc's helpers

 private:
  void emit_new_story(bool template_negative);
  void emit_repost(const Story& story, bool early);

  GeneratorOptions options_;
  uint64_t state_;            // stream RNG (kinds, choices of stories)
  uint64_t next_number_ = 0;  // record ids
  uint64_t stories_ = 0;
  int64_t clock_ms_;
  std::vector<Kind> kinds_;                    // allowed repost transformations
  std::deque<std::unique_ptr<Story>> recent_;  // the repost window, newest last
  std::deque<GeneratedRecord> pending_;
};

}  // namespace newsdedup::bench
