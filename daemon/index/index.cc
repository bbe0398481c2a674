// LSH index. Band keys hash `rows` consecutive signature values together with the band number,
// so one hash table serves every band of both signatures. An entry is a fixed-size Record, its
// ids and fact hashes in a FIFO arena and its compact signatures in per-slot arrays; the
// layout and the figures behind it are in daemon/index/README.md.
#include "newsdedup/index/index.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cstring>

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

template <class F>
void Index::for_each_band(const uint16_t* sig, const uint16_t* lead, F&& f) const {
  if (sig != nullptr && permutations_ >= config_.bands * rows_) {
    for (uint32_t b = 0; b < config_.bands; ++b) f(band_key(sig, b, rows_, 1));
  }
  if (lead != nullptr && lead_permutations_ >= config_.lead_bands * lead_rows_) {
    for (uint32_t b = 0; b < config_.lead_bands; ++b) f(band_key(lead, b, lead_rows_, 2));
  }
}

EntryView Index::entry(EntryId e) const {
  const Record& r = records_[e];
  const unsigned char* p = data_.at(r.data);
  const auto* numbers = reinterpret_cast<const uint32_t*>(p);
  const uint32_t* names = numbers + r.n_numbers;
  const auto* id = reinterpret_cast<const char*>(names + r.n_names);
  EntryView v;
  v.id = std::string_view(id, r.id_len);
  v.root = r.root;
  v.root_id = (r.flags & kOwnRoot) ? v.id : std::string_view(id + r.id_len, r.root_len);
  v.event_ms = r.event_ms;
  v.source = r.source;
  v.fp.exact = r.exact;
  v.fp.numbers = std::span<const uint32_t>(numbers, r.n_numbers);
  v.fp.names = std::span<const uint32_t>(names, r.n_names);
  v.fp.place = r.place;
  v.fp.day = r.day;
  v.fp.shingles = r.shingles;
  v.fp.tokens = r.tokens;
  v.fp.numeric_tokens = r.numeric_tokens;
  v.live = (r.flags & kLive) != 0;
  return v;
}

double Index::similarity(const Fingerprint& fp, EntryId e) const {
  const size_t k = std::min<size_t>(fp.minhash.size(), permutations_);
  if (k == 0) return 0.0;
  const uint16_t* stored = sig_of(e);
  size_t same = 0;
  for (size_t i = 0; i < k; ++i) same += compact(fp.minhash[i]) == stored[i];
  return static_cast<double>(same) / static_cast<double>(k);
}

std::optional<EntryId> Index::find_exact(const Hash128& h) const {
  return exact_.find(h.low, [&](uint32_t e) { return records_[e].exact == h; });
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
  auto& counted = counted_scratch_;
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
    e = static_cast<EntryId>(records_.size());
    records_.emplace_back();
    sigs_.resize(sigs_.size() + permutations_);
    leads_.resize(leads_.size() + lead_permutations_);
  }
  Record& r = records_[e];
  r = Record{};
  r.exact = fp.exact;
  r.source = source;
  r.event_ms = event_ms;
  r.root = root.value_or(e);
  r.shingles = fp.shingles;
  r.tokens = fp.tokens;
  r.numeric_tokens = fp.numeric_tokens;
  r.place = fp.place;
  r.day = fp.day;
  // Variable-length part: numbers, names, id, then the root id unless it is the id.
  const std::string_view root_str = root || !root_id.empty() ? root_id : id;
  const bool own_root = root_str == id;
  r.n_numbers = static_cast<uint32_t>(fp.numbers.size());
  r.n_names = static_cast<uint32_t>(fp.names.size());
  r.id_len = static_cast<uint32_t>(id.size());
  r.root_len = own_root ? 0 : static_cast<uint32_t>(root_str.size());
  const size_t fact_bytes = (fp.numbers.size() + fp.names.size()) * sizeof(uint32_t);
  r.data = data_.allocate(fact_bytes + r.id_len + r.root_len);
  unsigned char* p = data_.at(r.data);
  if (!fp.numbers.empty()) std::memcpy(p, fp.numbers.data(), fp.numbers.size() * 4);
  if (!fp.names.empty()) {
    std::memcpy(p + fp.numbers.size() * 4, fp.names.data(), fp.names.size() * 4);
  }
  if (!id.empty()) std::memcpy(p + fact_bytes, id.data(), id.size());
  if (r.root_len) std::memcpy(p + fact_bytes + r.id_len, root_str.data(), r.root_len);

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
  r.flags = kLive;
  if (own_root) r.flags |= kOwnRoot;
  if (fp.shingles > 0 && full_sig) r.flags |= kBandedSig;
  if (fp.shingles > 0 && full_lead) r.flags |= kBandedLead;
  ++live_count_;
  // The first live entry with a text keeps the exact slot (later ones are found through it).
  if (!find_exact(fp.exact)) exact_.insert(fp.exact.low, e);
  for_each_band((r.flags & kBandedSig) ? sig : nullptr, (r.flags & kBandedLead) ? lead : nullptr,
                [&](uint32_t key) { bands_.insert(key, e); });
  // A late record (older than the stream's newest event time) is kept for a full TTL of stream
  // time from its arrival: otherwise a backfill or a shuffled partition would be evicted on
  // the next record, before its own reposts arrive.
  max_event_ms_ = std::max(max_event_ms_, event_ms);
  r.stream_ms = max_event_ms_;
  order_.push_back(e);
  return e;
}

void Index::remove(EntryId e) {
  Record& r = records_[e];
  exact_.erase(r.exact.low, e);
  for_each_band((r.flags & kBandedSig) ? sig_of(e) : nullptr,
                (r.flags & kBandedLead) ? lead_of(e) : nullptr,
                [&](uint32_t key) { bands_.erase(key, e); });
  data_.release(r.data);
  r.flags = 0;
  --live_count_;
  free_.push_back(e);
}

void Index::expire(int64_t now_ms) {
  max_event_ms_ = std::max(max_event_ms_, now_ms);
  const int64_t cutoff = max_event_ms_ - static_cast<int64_t>(config_.ttl_seconds) * 1000;
  while (!order_.empty() && records_[order_.front()].stream_ms < cutoff) {
    remove(order_.front());
    order_.pop_front();
    ++evicted_ttl_;
  }
  while (live_count_ > config_.max_articles && !order_.empty()) {
    remove(order_.front());
    order_.pop_front();
    ++evicted_capacity_;
  }
}

IndexStats Index::stats() const {
  IndexStats s;
  s.entries = live_count_;
  s.evicted_ttl = evicted_ttl_;
  s.evicted_capacity = evicted_capacity_;
  uint64_t bytes = records_.capacity() * sizeof(Record) + free_.capacity() * sizeof(EntryId);
  bytes += data_.bytes() + exact_.bytes() + bands_.bytes();
  bytes += (sigs_.capacity() + leads_.capacity()) * sizeof(uint16_t);
  bytes += order_.size() * sizeof(EntryId);
  s.bytes = bytes;
  return s;
}

double Index::bytes_per_article() const {
  return live_count_ ? static_cast<double>(stats().bytes) / static_cast<double>(live_count_) : 0.0;
}

}  // namespace newsdedup::index
