// LSH index. Band keys hash `rows` consecutive signature values together with the band number,
// so one hash table serves every band of both signatures.
#include "newsdedup/index/index.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>

namespace newsdedup::index {

namespace {

// Stored signatures keep 16 bits per value (b-bit MinHash): two different minima still differ
// with probability 1 - 2^-16, so the estimate moves by at most 0.00002 while the signature
// takes half the memory.
inline uint16_t compact(uint32_t v) { return static_cast<uint16_t>(v); }

}  // namespace

Index::Index(const config::IndexConfig& config, uint32_t permutations, uint32_t lead_permutations)
    : config_(config),
      permutations_(permutations),
      lead_permutations_(lead_permutations),
      rows_(config.bands ? std::max<uint32_t>(1, permutations / config.bands) : 1),
      lead_rows_(config.lead_bands ? std::max<uint32_t>(1, lead_permutations / config.lead_bands)
                                   : 1) {}

void Index::update_live(const config::IndexConfig& config) {
  config_.ttl_seconds = config.ttl_seconds;
  config_.max_articles = config.max_articles;
  config_.index_duplicates = config.index_duplicates;
  config_.max_candidates = config.max_candidates;
}

uint32_t Index::band_key(const uint16_t* sig, uint32_t band, uint32_t rows, uint32_t salt) {
  return static_cast<uint32_t>(XXH3_64bits_withSeed(sig + static_cast<size_t>(band) * rows,
                                                    rows * sizeof(uint16_t),
                                                    (static_cast<uint64_t>(salt) << 32) | band));
}

void Index::for_each_band(const uint16_t* sig, const uint16_t* lead,
                          const std::function<void(uint32_t)>& f) const {
  if (sig != nullptr && permutations_ >= config_.bands * rows_) {
    for (uint32_t b = 0; b < config_.bands; ++b) f(band_key(sig, b, rows_, 1));
  }
  if (lead != nullptr && lead_permutations_ >= config_.lead_bands * lead_rows_) {
    for (uint32_t b = 0; b < config_.lead_bands; ++b) f(band_key(lead, b, lead_rows_, 2));
  }
}

double Index::similarity(const Fingerprint& fp, EntryId e) const {
  const size_t k = std::min<size_t>(fp.minhash.size(), permutations_);
  if (k == 0) return 0.0;
  const uint16_t* stored = signature(e);
  size_t same = 0;
  for (size_t i = 0; i < k; ++i) same += compact(fp.minhash[i]) == stored[i];
  return static_cast<double>(same) / static_cast<double>(k);
}

std::optional<EntryId> Index::find_exact(const Hash128& h) const {
  const auto it = exact_.find(h.low);
  if (it == exact_.end() || !(entries_[it->second].fp.exact == h)) return std::nullopt;
  return it->second;
}

void Index::candidates(const Fingerprint& fp, std::vector<EntryId>& out) {
  out.clear();
  hits_scratch_.clear();
  query_sig_.resize(fp.minhash.size());
  std::transform(fp.minhash.begin(), fp.minhash.end(), query_sig_.begin(), compact);
  query_lead_.resize(fp.lead.size());
  std::transform(fp.lead.begin(), fp.lead.end(), query_lead_.begin(), compact);
  for_each_band(
      fp.minhash.size() >= permutations_ ? query_sig_.data() : nullptr,
      fp.lead.size() >= lead_permutations_ ? query_lead_.data() : nullptr,
      [&](uint32_t key) { bands_.for_each(key, [&](uint32_t e) { hits_scratch_.push_back(e); }); });
  if (hits_scratch_.empty()) return;
  std::sort(hits_scratch_.begin(), hits_scratch_.end());
  // (hits, entry) pairs, most hits first.
  thread_local std::vector<std::pair<uint32_t, EntryId>> counted;
  counted.clear();
  for (size_t i = 0; i < hits_scratch_.size();) {
    size_t j = i;
    while (j < hits_scratch_.size() && hits_scratch_[j] == hits_scratch_[i]) ++j;
    counted.emplace_back(static_cast<uint32_t>(j - i), hits_scratch_[i]);
    i = j;
  }
  std::stable_sort(counted.begin(), counted.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  const size_t cap = std::min<size_t>(counted.size(), config_.max_candidates);
  for (size_t i = 0; i < cap; ++i) out.push_back(counted[i].second);
}

EntryId Index::insert(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                      std::optional<EntryId> root, std::string_view root_id, uint64_t source) {
  EntryId e;
  if (!free_.empty()) {
    e = free_.back();
    free_.pop_back();
  } else {
    e = static_cast<EntryId>(entries_.size());
    entries_.emplace_back();
    sigs_.resize(sigs_.size() + permutations_);
    leads_.resize(leads_.size() + lead_permutations_);
  }
  Entry& entry = entries_[e];
  entry.id.assign(id);
  entry.root = root.value_or(e);
  entry.root_id.assign(root || !root_id.empty() ? root_id : id);
  entry.event_ms = event_ms;
  entry.source = source;
  entry.seq = next_seq_++;
  // The signatures live in the compact arenas; the entry keeps the facts and sizes.
  entry.fp.exact = fp.exact;
  entry.fp.numbers = fp.numbers;
  entry.fp.names = fp.names;
  entry.fp.place = fp.place;
  entry.fp.day = fp.day;
  entry.fp.shingles = fp.shingles;
  entry.fp.tokens = fp.tokens;
  entry.fp.numeric_tokens = fp.numeric_tokens;
  uint16_t* sig = sigs_.data() + static_cast<size_t>(e) * permutations_;
  uint16_t* lead = leads_.data() + static_cast<size_t>(e) * lead_permutations_;
  const bool full_sig = fp.minhash.size() >= permutations_;
  const bool full_lead = fp.lead.size() >= lead_permutations_;
  std::fill(sig, sig + permutations_, uint16_t{0});
  std::fill(lead, lead + lead_permutations_, uint16_t{0});
  if (full_sig)
    std::transform(fp.minhash.begin(), fp.minhash.begin() + permutations_, sig, compact);
  if (full_lead)
    std::transform(fp.lead.begin(), fp.lead.begin() + lead_permutations_, lead, compact);
  entry.live = true;
  ++live_count_;
  exact_.emplace(fp.exact.low, e);
  entry.banded_sig = fp.shingles > 0 && full_sig;
  entry.banded_lead = fp.shingles > 0 && full_lead;
  for_each_band(entry.banded_sig ? sig : nullptr, entry.banded_lead ? lead : nullptr,
                [&](uint32_t key) { bands_.insert(key, e); });
  order_.emplace_back(entry.seq, e);
  // A late record (older than the stream's newest event time) is kept for a full TTL of stream
  // time from its arrival: otherwise a backfill or a shuffled partition would be evicted on
  // the next record, before its own reposts arrive.
  max_event_ms_ = std::max(max_event_ms_, event_ms);
  by_time_.emplace(max_event_ms_, std::make_pair(entry.seq, e));
  return e;
}

void Index::remove(EntryId e) {
  Entry& entry = entries_[e];
  const auto it = exact_.find(entry.fp.exact.low);
  if (it != exact_.end() && it->second == e) exact_.erase(it);
  for_each_band(
      entry.banded_sig ? signature(e) : nullptr,
      entry.banded_lead ? leads_.data() + static_cast<size_t>(e) * lead_permutations_ : nullptr,
      [&](uint32_t key) { bands_.erase(key, e); });
  entry.live = false;
  --live_count_;
  free_.push_back(e);
}

void Index::expire(int64_t now_ms) {
  max_event_ms_ = std::max(max_event_ms_, now_ms);
  const int64_t cutoff = max_event_ms_ - static_cast<int64_t>(config_.ttl_seconds) * 1000;
  while (!by_time_.empty() && by_time_.begin()->first < cutoff) {
    const auto [seq, e] = by_time_.begin()->second;
    by_time_.erase(by_time_.begin());
    if (entries_[e].live && entries_[e].seq == seq) {
      remove(e);
      ++evicted_ttl_;
    }
  }
  while (live_count_ > config_.max_articles && !order_.empty()) {
    const auto [seq, e] = order_.front();
    order_.pop_front();
    if (entries_[e].live && entries_[e].seq == seq) {
      remove(e);
      ++evicted_capacity_;
    }
  }
  // Stale queue slots of entries removed by the other policy are dropped lazily.
  while (!order_.empty() && !(entries_[order_.front().second].live &&
                              entries_[order_.front().second].seq == order_.front().first)) {
    order_.pop_front();
  }
}

IndexStats Index::stats() const {
  IndexStats s;
  s.entries = live_count_;
  s.evicted_ttl = evicted_ttl_;
  s.evicted_capacity = evicted_capacity_;
  uint64_t bytes = entries_.capacity() * sizeof(Entry) + free_.capacity() * sizeof(EntryId);
  for (const auto& e : entries_) {
    if (!e.live) continue;
    bytes += e.id.capacity() + e.root_id.capacity();
    bytes += (e.fp.numbers.capacity() + e.fp.names.capacity()) * sizeof(uint32_t);
  }
  bytes += exact_.size() * (sizeof(uint64_t) + sizeof(EntryId) + 2 * sizeof(void*)) +
           exact_.bucket_count() * sizeof(void*);
  bytes += bands_.bytes() + (sigs_.capacity() + leads_.capacity()) * sizeof(uint16_t);
  bytes += order_.size() * sizeof(order_.front()) + by_time_.size() * 64;
  s.bytes = bytes;
  return s;
}

double Index::bytes_per_article() const {
  return live_count_ ? static_cast<double>(stats().bytes) / static_cast<double>(live_count_) : 0.0;
}

}  // namespace newsdedup::index
