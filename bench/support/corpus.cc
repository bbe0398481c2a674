#include "support/corpus.h"

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

namespace newsdedup::bench {

const Corpus& corpus(size_t target_bytes, size_t count, double repost_share, uint64_t seed) {
  using Key = std::tuple<size_t, size_t, double, uint64_t>;
  static std::map<Key, std::unique_ptr<Corpus>> cache;
  auto& slot = cache[Key{target_bytes, count, repost_share, seed}];
  if (!slot) {
    GeneratorOptions options;
    options.seed = seed;
    options.target_bytes = target_bytes;
    options.repost_share = repost_share;
    ArticleGenerator gen(options);
    slot = std::make_unique<Corpus>();
    slot->records = gen.generate(count);
    for (const auto& r : slot->records) slot->bytes += r.json.size();
  }
  return *slot;
}

size_t count_for(size_t target_bytes, size_t budget_bytes, size_t min_count) {
  return std::max(min_count, budget_bytes / std::max<size_t>(target_bytes, 1));
}

}  // namespace newsdedup::bench
