// LSH index. Band keys hash `rows` consecutive signature values together with the band number,
// so one hash table serves every band of both signatures.
#include "newsdedup/index/index.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>

namespace newsdedup::index {

Index::Index(const config::IndexConfig& config, uint32_t permutations, uint32_t lead_permutations)
    : config_(config),
      rows_(config.bands ? std::max<uint32_t>(1, permutations / config.bands) : 1),
      lead_rows_(config.lead_bands ? std::max<uint32_t>(1, lead_permutations / config.lead_bands) : 1) {}

void Index::update_live(const config::IndexConfig& config) {
  config_.ttl_seconds = config.ttl_seconds;
  config_.max_articles = config.max_articles;
  config_.index_duplicates = config.index_duplicates;
  config_.max_candidates = config.max_candidates;
}

uint32_t Index::band_key(const std::vector<uint32_t>& sig, uint32_t band, uint32_t rows,
                         uint32_t salt) const {
  return static_cast<uint32_t>(XXH3_64bits_withSeed(sig.data() + static_cast<size_t>(band) * rows, rows * sizeof(uint32_t),
                              (static_cast<uint64_t>(salt) << 32) | band));
}

std::optional<EntryId> Index::find_exact(const Hash128& h) const {
  const auto it = exact_.find(h.low);
  if (it == exact_.end() || !(entries_[it->second].fp.exact == h)) return std::nullopt;
  return it->second;
}

void Index::candidates(const Fingerprint& fp, std::vector<EntryId>& out) {
  out.clear();
  hits_scratch_.clear();
  auto probe = [&](const std::vector<uint32_t>& sig, uint32_t bands, uint32_t rows, uint32_t salt) {
    if (sig.size() < static_cast<size_t>(bands) * rows) return;
    for (uint32_t b = 0; b < bands; ++b) {
      bands_.for_each(band_key(sig, b, rows, salt), [&](uint32_t e) { hits_scratch_.push_back(e); });
    }
  };
  probe(fp.minhash, config_.bands, rows_, 1);
  probe(fp.lead, config_.lead_bands, lead_rows_, 2);
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
                      std::optional<EntryId> root, std::string_view root_id) {
  EntryId e;
  if (!free_.empty()) {
    e = free_.back();
    free_.pop_back();
  } else {
    e = static_cast<EntryId>(entries_.size());
    entries_.emplace_back();
  }
  Entry& entry = entries_[e];
  entry.id.assign(id);
  entry.root = root.value_or(e);
  entry.root_id.assign(root ? root_id : id);
  entry.event_ms = event_ms;
  entry.seq = next_seq_++;
  entry.fp = fp;
  entry.live = true;
  ++live_count_;
  exact_.emplace(fp.exact.low, e);
  auto add = [&](const std::vector<uint32_t>& sig, uint32_t bands, uint32_t rows, uint32_t salt) {
    if (sig.size() < static_cast<size_t>(bands) * rows) return;
    for (uint32_t b = 0; b < bands; ++b) bands_.insert(band_key(sig, b, rows, salt), e);
  };
  if (fp.shingles > 0) {
    add(fp.minhash, config_.bands, rows_, 1);
    add(fp.lead, config_.lead_bands, lead_rows_, 2);
  }
  order_.emplace_back(entry.seq, e);
  by_time_.emplace(event_ms, std::make_pair(entry.seq, e));
  max_event_ms_ = std::max(max_event_ms_, event_ms);
  return e;
}

void Index::remove(EntryId e) {
  Entry& entry = entries_[e];
  const auto it = exact_.find(entry.fp.exact.low);
  if (it != exact_.end() && it->second == e) exact_.erase(it);
  auto drop = [&](const std::vector<uint32_t>& sig, uint32_t bands, uint32_t rows, uint32_t salt) {
    if (sig.size() < static_cast<size_t>(bands) * rows) return;
    for (uint32_t b = 0; b < bands; ++b) bands_.erase(band_key(sig, b, rows, salt), e);
  };
  if (entry.fp.shingles > 0) {
    drop(entry.fp.minhash, config_.bands, rows_, 1);
    drop(entry.fp.lead, config_.lead_bands, lead_rows_, 2);
  }
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
    bytes += (e.fp.minhash.capacity() + e.fp.lead.capacity() + e.fp.numbers.capacity() +
              e.fp.names.capacity()) * sizeof(uint32_t);
  }
  bytes += exact_.size() * (sizeof(uint64_t) + sizeof(EntryId) + 2 * sizeof(void*)) +
           exact_.bucket_count() * sizeof(void*);
  bytes += bands_.bytes();
  bytes += order_.size() * sizeof(order_.front()) + by_time_.size() * 64;
  s.bytes = bytes;
  return s;
}

double Index::bytes_per_article() const {
  return live_count_ ? static_cast<double>(stats().bytes) / static_cast<double>(live_count_) : 0.0;
}

}  // namespace newsdedup::index
