// gen_articles: writes generated news records (JSONL) to stdout for demos, Kafka benchmarks and
// sweeps. Usage:
//   gen_articles [--count N] [--size BYTES] [--repost-share F] [--seed S] [--labels FILE]
//                [--template-share F] [--early-share F] [--kinds teaser,chrome,...]
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "support/article_generator.h"

namespace {

using newsdedup::bench::Kind;

int usage(const char* why) {
  std::fprintf(stderr,
               "gen_articles: %s\n"
               "usage: gen_articles [--count N] [--size BYTES] [--repost-share F] [--seed S]\n"
               "                    [--labels FILE] [--template-share F] [--early-share F]\n"
               "                    [--kinds KIND,...]\n"
               "kinds: exact chrome dateline headline teaser shortened update edit unicode html "
               "whitespace\n",
               why);
  return 64;  // EX_USAGE
}

bool parse_u64(const char* s, uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(s, &end, 10);
  return end != s && *end == '\0';
}

bool parse_share(const char* s, double& out) {
  char* end = nullptr;
  out = std::strtod(s, &end);
  return end != s && *end == '\0' && out >= 0.0 && out <= 1.0;
}

bool parse_kinds(std::string_view list, std::vector<Kind>& out) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    bool found = false;
    for (int k = 0; k < newsdedup::bench::kKindCount; ++k) {
      const auto kind = static_cast<Kind>(k);
      if (newsdedup::bench::is_repost_kind(kind) && name == newsdedup::bench::kind_name(kind)) {
        out.push_back(kind);
        found = true;
      }
    }
    if (!found) return false;
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  newsdedup::bench::GeneratorOptions options;
  uint64_t count = 1000;
  const char* labels_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return usage("help"), 0;
    if (i + 1 >= argc) return usage(("missing value for " + std::string(arg)).c_str());
    const char* value = argv[++i];
    uint64_t u = 0;
    if (arg == "--count") {
      if (!parse_u64(value, count)) return usage("--count: expected a number");
    } else if (arg == "--size") {
      if (!parse_u64(value, u) || u < 200) return usage("--size: expected bytes >= 200");
      options.target_bytes = u;
    } else if (arg == "--seed") {
      if (!parse_u64(value, options.seed)) return usage("--seed: expected a number");
    } else if (arg == "--repost-share") {
      if (!parse_share(value, options.repost_share)) return usage("--repost-share: expected 0..1");
    } else if (arg == "--template-share") {
      if (!parse_share(value, options.template_share)) {
        return usage("--template-share: expected 0..1");
      }
    } else if (arg == "--early-share") {
      if (!parse_share(value, options.early_share)) return usage("--early-share: expected 0..1");
    } else if (arg == "--kinds") {
      if (!parse_kinds(value, options.repost_kinds)) return usage("--kinds: unknown kind");
    } else if (arg == "--labels") {
      labels_path = value;
    } else {
      return usage(("unknown argument " + std::string(arg)).c_str());
    }
  }
  if (options.repost_share + options.template_share > 1.0) {
    return usage("--repost-share + --template-share must not exceed 1");
  }
  std::FILE* labels = nullptr;
  if (labels_path != nullptr) {
    labels = std::fopen(labels_path, "w");
    if (labels == nullptr) {
      std::fprintf(stderr, "gen_articles: cannot write %s: %s\n", labels_path,
                   std::strerror(errno));
      return 73;  // EX_CANTCREAT
    }
  }
  static char out_buffer[1 << 20];
  std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
  newsdedup::bench::ArticleGenerator gen(options);
  newsdedup::bench::GeneratedRecord rec;
  for (uint64_t n = 0; n < count; ++n) {
    gen.next(rec);
    rec.json.push_back('\n');
    std::fwrite(rec.json.data(), 1, rec.json.size(), stdout);
    if (labels != nullptr) {
      const std::string line = newsdedup::bench::labels_json(rec) + "\n";
      std::fwrite(line.data(), 1, line.size(), labels);
    }
  }
  if (std::fflush(stdout) != 0 || (labels != nullptr && std::fclose(labels) != 0)) {
    std::fprintf(stderr, "gen_articles: write failed: %s\n", std::strerror(errno));
    return 74;  // EX_IOERR
  }
  return 0;
}
