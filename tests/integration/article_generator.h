// Deterministic synthetic news articles for the Kafka integration tests and the end-to-end
// benchmark: originals with random (seeded) text, exact reposts and malformed records. The text
// is made of invented words, so no two originals are near-duplicates of each other.
// Header-only; not thread-safe (one generator per thread).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace newsdedup::testing {

struct GeneratedRecord {
  enum class Kind { kOriginal, kExactRepost, kBad };
  Kind kind = Kind::kOriginal;
  std::string id;            // "" for records without a usable id
  std::string key;           // Kafka key; records of one story share it
  std::string value;         // the record's bytes
  int32_t partition = 0;     // where to produce it (originals before their reposts)
  std::string canonical_id;  // kExactRepost: the original's id
  std::string error;         // kBad: the expected newsdedup-error header
};

class ArticleGenerator {
 public:
  explicit ArticleGenerator(uint64_t seed) : rng_(seed) {
    static const char* const kSyllables[] = {"ka", "lo", "mi", "ren", "tu",  "sa", "vel", "dor",
                                             "pi", "an", "es", "ul",  "bra", "no", "te",  "quor"};
    constexpr size_t kCount = sizeof(kSyllables) / sizeof(kSyllables[0]);
    for (size_t a = 0; a < kCount; ++a) {
      for (size_t b = 0; b < kCount; ++b) {
        for (size_t c = 0; c < kCount; ++c) {
          words_.push_back(std::string(kSyllables[a]) + kSyllables[b] + kSyllables[c]);
        }
      }
    }
  }

  // `words` words of text in sentences, with numbers and capitalized names mixed in.
  std::string body(size_t words) {
    std::string out;
    bool sentence_start = true;
    for (size_t i = 0; i < words; ++i) {
      if (!out.empty()) out += ' ';
      const uint64_t r = rng_();
      std::string w;
      if (r % 17 == 0) {
        w = std::to_string(r % 100000);
      } else {
        w = words_[(r >> 8) % words_.size()];
        if (sentence_start || r % 11 == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
      }
      out += w;
      sentence_start = (r >> 40) % 12 == 0 && i + 1 < words;
      if (sentence_start || i + 1 == words) out += '.';
    }
    return out;
  }

  static std::string article_json(const std::string& id, const std::string& title,
                                  const std::string& body, const std::string& source) {
    return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"body\":\"" + body +
           "\",\"url\":\"https://" + source + ".example/" + id + "\",\"source\":\"" + source +
           "\",\"published_at\":\"2026-11-27T10:00:00Z\",\"lang\":\"en\"}";
  }

  // `originals` stories spread over `partitions` partitions by story; every `repost_every`-th
  // story (0: none) is followed, in the same partition, by an exact repost under another id.
  // Ids are "<prefix>o<N>" and "<prefix>r<N>".
  std::vector<GeneratedRecord> stream(size_t originals, int32_t partitions, size_t repost_every,
                                      size_t body_words, const std::string& prefix = "") {
    std::vector<GeneratedRecord> out;
    for (size_t i = 0; i < originals; ++i) {
      const std::string text = body(body_words);
      const std::string title = body(6);
      GeneratedRecord o;
      o.kind = GeneratedRecord::Kind::kOriginal;
      o.id = prefix + "o" + std::to_string(i);
      o.key = prefix + "story" + std::to_string(i);
      o.partition = static_cast<int32_t>(i % static_cast<size_t>(partitions));
      o.value = article_json(o.id, title, text, "wire");
      out.push_back(o);
      if (repost_every != 0 && i % repost_every == 0) {
        GeneratedRecord r;
        r.kind = GeneratedRecord::Kind::kExactRepost;
        r.id = prefix + "r" + std::to_string(i);
        r.key = o.key;
        r.partition = o.partition;
        r.canonical_id = o.id;
        r.value = article_json(r.id, title, text, "mirror");
        out.push_back(r);
      }
    }
    return out;
  }

  // Records the parser must reject, each with the expected error name.
  static std::vector<GeneratedRecord> bad_records(const std::string& prefix = "") {
    std::vector<GeneratedRecord> out;
    auto add = [&](std::string value, std::string error) {
      GeneratedRecord b;
      b.kind = GeneratedRecord::Kind::kBad;
      b.key = prefix + "bad" + std::to_string(out.size());
      b.value = std::move(value);
      b.error = std::move(error);
      out.push_back(std::move(b));
    };
    add("this is not json", "malformed_json");
    add("{\"id\":\"" + prefix + "b1\",\"title\":\"no body\"}", "missing_field");
    add("{\"id\":\"" + prefix + "b2\",\"body\":42}", "wrong_type");
    add("{\"id\":\"" + prefix + "b3\",\"body\":\"\"}", "empty_field");
    add("[1,2,3]", "not_an_object");
    add("{\"id\":\"" + prefix + "b4\",\"body\":\"truncated", "malformed_json");
    return out;
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> words_;
};

}  // namespace newsdedup::testing
