// Fingerprints: each token is hashed once with XXH3 (eight at a time with AVX-512, four with
// AVX2, see token_hashes_internal.h); shingle hashes combine k token hashes, so a shingle never
// re-reads text. MinHash uses k independent 32-bit permutations (a seeded murmur3 finalizer, a
// bijection) applied to each distinct shingle; the inner loop over the permutations is
// branch-free and vectorizes.
#include "newsdedup/fingerprint/fingerprinter.h"

#include "fingerprint/token_hashes_internal.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <limits>

namespace newsdedup::fingerprint {
namespace {

inline uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Order-dependent combination of token hashes into a shingle hash.
inline uint64_t combine(uint64_t acc, uint64_t token_hash) {
  acc ^= token_hash + 0x9e3779b97f4a7c15ull + (acc << 6) + (acc >> 2);
  return acc * 0xff51afd7ed558ccdull;
}

inline uint32_t fold32(uint64_t h) { return static_cast<uint32_t>(h ^ (h >> 32)); }

// Cloned for AVX-512 (x86-64-v4: 16 permutations per instruction, 64-bit multiplies in one)
// and AVX2 (8) with a portable fallback; integer-only, so every clone computes the same
// signature. Not under ThreadSanitizer: the clones' ifunc resolver runs while the loader
// relocates the program, before the TSan runtime exists, and crashed every test binary at
// startup once instrumented.
#if defined(__SANITIZE_THREAD__)
#define NEWSDEDUP_MINHASH_CLONES
#else
#define NEWSDEDUP_MINHASH_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
NEWSDEDUP_MINHASH_CLONES void minhash(std::span<const uint32_t> shingles,
                                      const std::vector<uint32_t>& seeds,
                                      std::vector<uint32_t>& sig) {
  const size_t k = seeds.size();
  sig.assign(k, std::numeric_limits<uint32_t>::max());
  uint32_t* s = sig.data();
  const uint32_t* seed = seeds.data();
  for (const uint32_t x : shingles) {
    for (size_t i = 0; i < k; ++i) s[i] = std::min(s[i], fmix32(x ^ seed[i]));
  }
}

// One permutation hashing with optimal densification (Shrivastava, ICML 2017): one hash per
// shingle picks a bin and a value; each empty bin copies the value of a bin chosen by its own
// hash chain, so signatures of similar sets stay comparable position by position.
// The per-shingle hashes of one_permutation, in a loop of its own so that it vectorizes (8
// shingles per AVX2 instruction); integer-only, so every clone gives the same values.
NEWSDEDUP_MINHASH_CLONES void oph_hashes(const uint32_t* __restrict shingles, size_t n, uint32_t k,
                                         uint32_t seed, uint32_t* __restrict bins,
                                         uint32_t* __restrict values) {
  for (size_t i = 0; i < n; ++i) {
    const uint32_t h = fmix32(shingles[i] ^ seed);
    bins[i] = static_cast<uint32_t>((static_cast<uint64_t>(h) * k) >> 32);
    values[i] = fmix32(h ^ 0x9e3779b9u);
  }
}

// Step `attempt` of the densification chain of each bin in bins[0, n): the bin it copies
// from if that one is filled. Vectorizes like oph_hashes.
NEWSDEDUP_MINHASH_CLONES void chain_bins(const uint32_t* __restrict bins, size_t n,
                                         uint32_t attempt, uint32_t k, uint32_t seed,
                                         uint32_t* __restrict next) {
  for (size_t e = 0; e < n; ++e) {
    next[e] = static_cast<uint32_t>(
        (static_cast<uint64_t>(fmix32(bins[e] * 0x85ebca6bu + attempt + seed)) * k) >> 32);
  }
}

void one_permutation(std::span<const uint32_t> shingles, uint32_t k, uint32_t seed,
                     std::vector<uint32_t>& sig) {
  constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  sig.assign(k, kEmpty);
  thread_local std::vector<uint32_t> bins, values;
  bins.resize(shingles.size());
  values.resize(shingles.size());
  oph_hashes(shingles.data(), shingles.size(), k, seed, bins.data(), values.data());
  for (size_t i = 0; i < shingles.size(); ++i) {
    sig[bins[i]] = std::min(sig[bins[i]], values[i]);
  }
  if (shingles.empty()) return;
  // Densification in rounds: round r computes the r-th chain bin of every empty bin whose chain
  // has not met a filled one yet (a loop that vectorizes), then keeps those still unresolved.
  // It gives the values of following each chain on its own, which lost a branch prediction per
  // step (whether a bin is empty is a coin flip) where a short article leaves most bins empty,
  // ~k / filled steps each. Values are read before any is written: a chain looks for a bin
  // filled by a shingle, not by densification.
  // copied[bin]: the value an empty bin's chain found (written each round until it is found).
  thread_local std::vector<uint32_t> empty, pending, next, copied;
  for (auto* v : {&empty, &pending, &next, &copied}) v->resize(k);
  size_t n = 0;
  for (uint32_t i = 0; i < k; ++i) {  // the empty bins, listed without a branch per bin
    empty[n] = pending[n] = i;
    n += sig[i] == kEmpty;
  }
  const size_t n_empty = n;
  for (uint32_t attempt = 1; n > 0; ++attempt) {
    chain_bins(pending.data(), n, attempt, k, seed, next.data());
    size_t still = 0;
    for (size_t e = 0; e < n; ++e) {
      const uint32_t v = sig[next[e]];
      copied[pending[e]] = v;
      pending[still] = pending[e];
      still += v == kEmpty;
    }
    n = still;
  }
  for (size_t e = 0; e < n_empty; ++e) sig[empty[e]] = copied[empty[e]];
}

// Shingle hashes: out[i] folds combine(...combine(0, th[i])..., th[i + width - 1]). Computed
// one token position at a time over all shingles (the same arithmetic in the same order per
// shingle), so the loop is element-wise and vectorizes: 4 shingles per AVX2 instruction.
NEWSDEDUP_MINHASH_CLONES void shingle_hashes(const uint64_t* __restrict th, size_t count,
                                             size_t width, uint64_t* __restrict acc,
                                             uint32_t* __restrict out) {
  for (size_t i = 0; i < count; ++i) acc[i] = 0;
  for (size_t j = 0; j < width; ++j) {
    const uint64_t* t = th + j;
    for (size_t i = 0; i < count; ++i) acc[i] = combine(acc[i], t[i]);
  }
  for (size_t i = 0; i < count; ++i) out[i] = fold32(acc[i]);
}

// Sorts and dedups a fact list (at most max_numbers / max_names values: 32 and 16 by default)
// by rank: a value's place is the number of (value, position) keys below its own, counted
// without a branch in a loop that vectorizes. std::sort's compares of random hashes are coin
// flips for the branch predictor. Longer lists (a config may allow 4,096) use std::sort.
NEWSDEDUP_MINHASH_CLONES void rank_sort(const uint32_t* __restrict in, size_t n,
                                        uint64_t* __restrict keys, uint32_t* __restrict out) {
  for (size_t j = 0; j < n; ++j) keys[j] = uint64_t{in[j]} << 8 | j;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t k = keys[i];
    uint64_t rank = 0;
    for (size_t j = 0; j < n; ++j) rank += keys[j] < k ? 1 : 0;
    out[rank] = in[i];
  }
}

void sorted_unique(std::vector<uint32_t>& v) {
  constexpr size_t kRanked = 64;
  if (v.size() <= kRanked) {
    uint64_t keys[kRanked];
    uint32_t sorted[kRanked];
    rank_sort(v.data(), v.size(), keys, sorted);
    std::copy(sorted, sorted + v.size(), v.begin());
  } else {
    std::sort(v.begin(), v.end());
  }
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

Fingerprinter::Fingerprinter(const config::FingerprintConfig& config)
    : config_(config), one_permutation_(config.minhash == "oph") {
  uint64_t state = config.seed;
  seeds_.resize(config.permutations);
  for (auto& s : seeds_) s = static_cast<uint32_t>(splitmix64(state));
  lead_seeds_.resize(config.lead_permutations);
  for (auto& s : lead_seeds_) s = static_cast<uint32_t>(splitmix64(state));
}

void Fingerprinter::compute(const normalize::NormalizedText& text, Fingerprint& out) const {
  thread_local std::vector<uint64_t> token_hashes;
  thread_local std::vector<uint32_t> shingles;

  const XXH128_hash_t exact =
      XXH3_128bits_withSeed(text.text.data(), text.text.size(), config_.seed);
  out.exact = Hash128{exact.low64, exact.high64};

  const size_t n = text.tokens.size();
  out.tokens = static_cast<uint32_t>(n);
  token_hashes.resize(n);
  // The facts: the first max_numbers numeric tokens and the first max_names capitalized others.
  out.numbers.resize(config_.max_numbers + detail::kFactSlack);
  out.names.resize(config_.max_names + detail::kFactSlack);
  detail::TokenFacts facts{.numbers = out.numbers.data(),
                           .max_numbers = config_.max_numbers,
                           .names = out.names.data(),
                           .max_names = config_.max_names};
  detail::hash_tokens(text.text, text.tokens.data(), n, config_.seed, token_hashes.data(), facts);
  out.numeric_tokens = static_cast<uint32_t>(facts.numeric_tokens);
  out.numbers.resize(facts.n_numbers);
  out.names.resize(facts.n_names);
  out.place =
      text.place.empty()
          ? 0
          : fold32(XXH3_64bits_withSeed(text.place.data(), text.place.size(), config_.seed)) | 1;
  out.day = text.day == 0 ? 0 : text.day * 16 + text.month;
  sorted_unique(out.numbers);
  sorted_unique(out.names);

  // Shingles of `k` tokens; a text shorter than k is one shingle of all its tokens.
  const size_t k = std::max<size_t>(1, config_.shingle_size);
  const size_t count = n == 0 ? 0 : (n >= k ? n - k + 1 : 1);
  const size_t width = std::min(k, n);
  shingles.resize(count);
  thread_local std::vector<uint64_t> acc;
  acc.resize(count);
  shingle_hashes(token_hashes.data(), count, width, acc.data(), shingles.data());
  // The lead: the first shingles. Repeats among them change no minimum, so they stay.
  const std::span<const uint32_t> lead(shingles.data(),
                                       std::min(count, static_cast<size_t>(config_.lead_tokens)));

  // MinHash is a minimum, so repeated shingles change nothing; only the set size needs the
  // distinct count, and repeats within one article are rare enough that counting them all
  // keeps the containment estimates honest while saving a sort per article.
  out.shingles = static_cast<uint32_t>(shingles.size());
  if (one_permutation_) {
    one_permutation(shingles, config_.permutations, seeds_[0], out.minhash);
    one_permutation(lead, config_.lead_permutations, lead_seeds_.empty() ? 0 : lead_seeds_[0],
                    out.lead);
  } else {
    minhash(shingles, seeds_, out.minhash);
    minhash(lead, lead_seeds_, out.lead);
  }
}

uint64_t stable_hash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

double signature_similarity(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  const size_t k = std::min(a.size(), b.size());
  if (k == 0) return 0.0;
  size_t same = 0;
  for (size_t i = 0; i < k; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(k);
}

namespace {

size_t intersection_of(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return common;
}

}  // namespace

size_t intersection_size(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  return intersection_of(a, b);
}

double sorted_span_overlap(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  const size_t smaller = std::min(a.size(), b.size());
  if (smaller == 0) return 1.0;
  return static_cast<double>(intersection_of(a, b)) / static_cast<double>(smaller);
}

double sorted_overlap(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  return sorted_span_overlap(a, b);
}

double sorted_compact_overlap(const std::vector<uint32_t>& a, std::span<const uint16_t> b) {
  size_t na = 0, common = 0, j = 0;
  bool first = true;
  uint16_t prev = 0;
  for (const uint32_t v : a) {
    const uint16_t x = compact_fact(v);
    if (!first && x == prev) continue;
    first = false;
    prev = x;
    ++na;
    while (j < b.size() && b[j] < x) ++j;
    if (j < b.size() && b[j] == x) {
      ++common;
      ++j;
    }
  }
  const size_t smaller = std::min(na, b.size());
  if (smaller == 0) return 1.0;
  return static_cast<double>(common) / static_cast<double>(smaller);
}

}  // namespace newsdedup::fingerprint
